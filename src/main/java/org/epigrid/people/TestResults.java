package org.epigrid.people;

import java.time.OffsetDateTime;

/**
 * What the people workflows need to know about a person's test results; implemented by
 * the testing feature, which owns the samples.
 */
public interface TestResults {

	/**
	 * How many individual PCR samples of the person collected at or after {@code since}
	 * (and not after now) have a NEGATIVE result.
	 */
	long negativePcrResultsSince(long personId, OffsetDateTime since);

	/**
	 * Whether any sample of the person got a POSITIVE result at or after {@code since}.
	 */
	boolean positiveResultSince(long personId, OffsetDateTime since);

}
