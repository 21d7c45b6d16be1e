package org.epigrid.privacy;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import org.epigrid.privacy.PersonalDataKeys.InvalidPersonalDataKey;

/** Turns missing or wrong personal data keys into a plain start-up failure message. */
class PersonalDataKeyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPersonalDataKey> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidPersonalDataKey cause) {
		return new FailureAnalysis("The personal data keys cannot be used: " + cause.getMessage() + ".",
				"Set epigrid.privacy.encryption-key and epigrid.privacy.lookup-key (EPIGRID_PRIVACY_ENCRYPTION_KEY, "
						+ "EPIGRID_PRIVACY_LOOKUP_KEY): two different 32-byte keys in base64, the same ones the "
						+ "database's data was written with. See 'Personal data at rest' in the README.",
				cause);
	}

}
