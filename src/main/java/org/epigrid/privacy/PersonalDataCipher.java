package org.epigrid.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts, decrypts and hashes personal data.
 * <ul>
 * <li>Encryption: AES-256-GCM with a random 96-bit nonce per value and the field's name
 * as associated data; stored as {@code key version (1 byte) || nonce (12) || ciphertext
 * || tag (16)}, so the same value never encrypts the same way twice and a value moved
 * into another column does not decrypt. Values are normalised first
 * ({@link PersonalField#normalise}).</li>
 * <li>Lookup: HMAC-SHA256 under a separate key of the field's name and the normalised
 * value: the same value always gives the same 32 bytes, which nobody without the key can
 * compute or test guesses against.</li>
 * </ul>
 * Thread-safe. Random nonces allow about 2<sup>32</sup> encryptions per key (NIST SP
 * 800-38D), far more than a city's people and their changes; rotate the key long before.
 */
public final class PersonalDataCipher {

	/** Bytes of the random nonce of each value. */
	static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	/** Bytes a value grows by when encrypted. */
	static final int OVERHEAD = 1 + NONCE_BYTES + TAG_BITS / 8;

	private final int version;

	private final SecretKeySpec[] keys = new SecretKeySpec[256];

	private final SecretKeySpec lookupKey;

	private final Random random;

	private final ThreadLocal<Cipher> ciphers = ThreadLocal
		.withInitial(() -> instance(() -> Cipher.getInstance("AES/GCM/NoPadding")));

	private final ThreadLocal<Mac> macs;

	public PersonalDataCipher(PersonalDataKeys keys) {
		this(keys, new SecureRandom());
	}

	/**
	 * A cipher whose nonces come from the given generator. Only for generators that are
	 * as good as {@link SecureRandom}; a seeded one repeats its nonces, which is what
	 * tests of deterministic output want and what real data must never get.
	 */
	public PersonalDataCipher(PersonalDataKeys keys, Random nonces) {
		this.version = keys.version();
		for (Map.Entry<Integer, byte[]> key : keys.encryptionKeys().entrySet()) {
			this.keys[key.getKey()] = new SecretKeySpec(key.getValue(), "AES");
		}
		this.lookupKey = new SecretKeySpec(keys.lookupKey(), "HmacSHA256");
		this.random = nonces;
		this.macs = ThreadLocal.withInitial(() -> instance(() -> {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.lookupKey);
			return mac;
		}));
	}

	/** Version of the key new values are encrypted with. */
	public int keyVersion() {
		return this.version;
	}

	/** Versions of every key this cipher can decrypt with. */
	public Set<Integer> keyVersions() {
		java.util.TreeSet<Integer> versions = new java.util.TreeSet<>();
		for (int v = 1; v < this.keys.length; v++) {
			if (this.keys[v] != null) {
				versions.add(v);
			}
		}
		return versions;
	}

	/** Encrypts the normalised value with the current key. */
	public byte[] encrypt(PersonalField field, String value) {
		byte[] plain = field.normalise(value).getBytes(StandardCharsets.UTF_8);
		byte[] out = new byte[plain.length + OVERHEAD];
		out[0] = (byte) this.version;
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
		try {
			Cipher cipher = this.ciphers.get();
			cipher.init(Cipher.ENCRYPT_MODE, this.keys[this.version], new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(field.label());
			cipher.doFinal(plain, 0, plain.length, out, 1 + NONCE_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption failed", ex);
		}
		return out;
	}

	/** {@link #encrypt} as a {@link Sealed} value. */
	public Sealed seal(PersonalField field, String value) {
		return Sealed.of(encrypt(field, value));
	}

	/**
	 * The plaintext of a value this cipher (or one with the same key of its version)
	 * encrypted.
	 * @throws UnreadablePersonalData when the key version is not configured, the key is
	 * not the one the value was encrypted with, or the value is damaged; the message
	 * never contains the value
	 */
	public String decrypt(PersonalField field, byte[] sealed) {
		if (sealed.length < OVERHEAD) {
			throw new UnreadablePersonalData(field, "the stored value is too short to be an encrypted value");
		}
		int keyVersion = sealed[0] & 0xff;
		SecretKeySpec key = this.keys[keyVersion];
		if (key == null) {
			throw new UnreadablePersonalData(field, "it was encrypted with key version " + keyVersion
					+ ", which is not configured (epigrid.privacy.retired-encryption-keys)");
		}
		try {
			Cipher cipher = this.ciphers.get();
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
			cipher.updateAAD(field.label());
			byte[] plain = cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
			return new String(plain, StandardCharsets.UTF_8);
		}
		catch (AEADBadTagException ex) {
			throw new UnreadablePersonalData(field, "the configured key of version " + keyVersion
					+ " is not the one it was encrypted with, or the stored value is damaged");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM decryption failed", ex);
		}
	}

	/** {@link #decrypt} of a {@link Sealed} value. */
	public String open(PersonalField field, Sealed sealed) {
		return decrypt(field, sealed.bytes());
	}

	/** The lookup hash of the normalised value (32 bytes). */
	public byte[] hash(PersonalField field, String value) {
		Mac mac = this.macs.get();
		mac.update(field.label());
		mac.update((byte) 0);
		return mac.doFinal(field.normalise(value).getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public String toString() {
		return "PersonalDataCipher[AES-256-GCM key version " + this.version + ", HMAC-SHA256 lookup]";
	}

	private static <T> T instance(Creation<T> creation) {
		try {
			return creation.create();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the JVM lacks AES-GCM or HMAC-SHA256", ex);
		}
	}

	private interface Creation<T> {

		T create() throws GeneralSecurityException;

	}

	/**
	 * A stored value cannot be decrypted. Names the field and the reason, never the
	 * value.
	 */
	public static class UnreadablePersonalData extends IllegalStateException {

		UnreadablePersonalData(PersonalField field, String reason) {
			super("Cannot decrypt a stored " + field.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": "
					+ reason);
		}

	}

}
