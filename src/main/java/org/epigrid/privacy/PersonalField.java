package org.epigrid.privacy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A kind of personal data the {@link PersonalDataCipher} protects. Its name is bound to
 * every ciphertext (as associated data) and to every hash, so that a value of one kind
 * can neither be decrypted nor looked up as another.
 */
public enum PersonalField {

	/** Resident ID number: 18 characters, compared upper-case (a trailing {@code x}). */
	ID_NUMBER {
		@Override
		public String normalise(String value) {
			return value.strip().toUpperCase(Locale.ROOT);
		}
	},

	/** Mobile phone number. */
	PHONE {
		@Override
		public String normalise(String value) {
			return value.strip();
		}
	};

	private final byte[] label = name().getBytes(StandardCharsets.US_ASCII);

	/** The form that is encrypted and hashed: equal inputs, equal hashes. */
	public abstract String normalise(String value);

	byte[] label() {
		return this.label;
	}

}
