package org.epigrid.privacy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Key material of the {@link PersonalDataCipher}: the current encryption key and its
 * version, older encryption keys that may still be needed to decrypt (key rotation), and
 * the lookup (HMAC) key. Never printed.
 *
 * @param version version of the current encryption key, stored as the first byte of every
 * value it encrypts (1 to 255)
 * @param encryptionKeys every usable encryption key by version, the current one included
 * @param lookupKey the HMAC-SHA256 key of the lookup hashes
 */
public record PersonalDataKeys(int version, Map<Integer, byte[]> encryptionKeys, byte[] lookupKey) {

	/** Bytes of every key (AES-256, HMAC-SHA256). */
	public static final int KEY_BYTES = 32;

	public PersonalDataKeys {
		if (version < 1 || version > 255) {
			throw new InvalidPersonalDataKey("the key version must be between 1 and 255, not " + version);
		}
		if (!encryptionKeys.containsKey(version)) {
			throw new InvalidPersonalDataKey("no encryption key of the current version " + version);
		}
		encryptionKeys.forEach((v, key) -> {
			if (v < 1 || v > 255) {
				throw new InvalidPersonalDataKey("a key version must be between 1 and 255, not " + v);
			}
			if (key.length != KEY_BYTES) {
				throw new InvalidPersonalDataKey(
						"the encryption key of version " + v + " is not " + KEY_BYTES + " bytes");
			}
			if (Arrays.equals(key, lookupKey)) {
				throw new InvalidPersonalDataKey("the lookup key must differ from every encryption key");
			}
		});
		if (lookupKey.length != KEY_BYTES) {
			throw new InvalidPersonalDataKey("the lookup key is not " + KEY_BYTES + " bytes");
		}
		encryptionKeys = Collections.unmodifiableMap(new TreeMap<>(encryptionKeys));
	}

	/** Current keys given in base64 (as configured), version 1. */
	public static PersonalDataKeys of(String encryptionKey, String lookupKey) {
		return new PersonalDataKeys(1, Map.of(1, decode(encryptionKey, "epigrid.privacy.encryption-key")),
				decode(lookupKey, "epigrid.privacy.lookup-key"));
	}

	/** Fresh random keys, version 1. */
	public static PersonalDataKeys random(SecureRandom random) {
		byte[] encryption = new byte[KEY_BYTES];
		byte[] lookup = new byte[KEY_BYTES];
		random.nextBytes(encryption);
		random.nextBytes(lookup);
		return new PersonalDataKeys(1, Map.of(1, encryption), lookup);
	}

	/**
	 * A key given in base64; the message names the setting, never the value.
	 * @param value the configured text
	 * @param setting the setting's name, for the message
	 */
	static byte[] decode(String value, String setting) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPersonalDataKey(setting + " is not base64 (generate one with: openssl rand -base64 32)");
		}
		if (key.length != KEY_BYTES) {
			throw new InvalidPersonalDataKey(setting + " must be " + KEY_BYTES + " bytes in base64, not " + key.length
					+ " (generate one with: openssl rand -base64 32)");
		}
		return key;
	}

	static String encode(byte[] key) {
		return Base64.getEncoder().encodeToString(key);
	}

	@Override
	public String toString() {
		return "PersonalDataKeys[version=" + this.version + ", versions=" + this.encryptionKeys.keySet() + "]";
	}

	@Override
	public boolean equals(Object other) {
		return this == other;
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(this);
	}

	/** Keys that are missing, malformed or do not fit the data. */
	public static class InvalidPersonalDataKey extends IllegalStateException {

		public InvalidPersonalDataKey(String message) {
			super(message);
		}

	}

}
