package org.epigrid.privacy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.epigrid.privacy.PersonalDataCipher.UnreadablePersonalData;
import org.epigrid.privacy.PersonalDataKeys.InvalidPersonalDataKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The cipher alone: encryption, lookup hashes, keys. */
class PersonalDataCipherTests {

	private static final String ID_NUMBER = "11010519491231002X";

	private final PersonalDataCipher cipher = new PersonalDataCipher(PersonalDataKeys.random(new SecureRandom()));

	@Test
	void encryptsAndDecryptsTheNormalisedValue() {
		byte[] sealed = this.cipher.encrypt(PersonalField.ID_NUMBER, " 11010519491231002x ");
		assertThat(this.cipher.decrypt(PersonalField.ID_NUMBER, sealed)).isEqualTo(ID_NUMBER);
		assertThat(this.cipher.open(PersonalField.PHONE, this.cipher.seal(PersonalField.PHONE, "13800138000")))
			.isEqualTo("13800138000");
		// version byte, 12-byte nonce, 18 bytes of ciphertext, 16-byte tag
		assertThat(sealed).hasSize(1 + 12 + 18 + 16);
		assertThat(sealed[0]).isEqualTo((byte) 1);
		assertThat(contains(sealed, ID_NUMBER.getBytes(StandardCharsets.US_ASCII))).isFalse();
	}

	@Test
	void theSameValueNeverEncryptsTheSameWayButAlwaysHashesTheSameWay() {
		byte[] first = this.cipher.encrypt(PersonalField.ID_NUMBER, ID_NUMBER);
		byte[] second = this.cipher.encrypt(PersonalField.ID_NUMBER, ID_NUMBER);
		assertThat(first).isNotEqualTo(second);
		assertThat(Sealed.of(first)).isNotEqualTo(Sealed.of(second)).isEqualTo(Sealed.of(first.clone()));

		byte[] hash = this.cipher.hash(PersonalField.ID_NUMBER, ID_NUMBER);
		assertThat(hash).hasSize(32)
			.isEqualTo(this.cipher.hash(PersonalField.ID_NUMBER, "11010519491231002x"))
			.isEqualTo(this.cipher.hash(PersonalField.ID_NUMBER, " " + ID_NUMBER))
			.isNotEqualTo(this.cipher.hash(PersonalField.ID_NUMBER, "110105194912310021"));
		// another field, another key: other hashes
		assertThat(this.cipher.hash(PersonalField.PHONE, ID_NUMBER)).isNotEqualTo(hash);
		assertThat(new PersonalDataCipher(PersonalDataKeys.random(new SecureRandom())).hash(PersonalField.ID_NUMBER,
				ID_NUMBER))
			.isNotEqualTo(hash);
	}

	@Test
	void aWrongKeyOrFieldOrADamagedValueFailsToDecryptWithAClearError() {
		byte[] sealed = this.cipher.encrypt(PersonalField.ID_NUMBER, ID_NUMBER);
		PersonalDataCipher other = new PersonalDataCipher(PersonalDataKeys.random(new SecureRandom()));
		assertThatExceptionOfType(UnreadablePersonalData.class)
			.isThrownBy(() -> other.decrypt(PersonalField.ID_NUMBER, sealed))
			.withMessage("Cannot decrypt a stored id number: the configured key of version 1 is not the one it was "
					+ "encrypted with, or the stored value is damaged");
		assertThatExceptionOfType(UnreadablePersonalData.class)
			.isThrownBy(() -> this.cipher.decrypt(PersonalField.PHONE, sealed))
			.withMessageStartingWith("Cannot decrypt a stored phone:");
		byte[] damaged = sealed.clone();
		damaged[20] ^= 1;
		assertThatExceptionOfType(UnreadablePersonalData.class)
			.isThrownBy(() -> this.cipher.decrypt(PersonalField.ID_NUMBER, damaged))
			.withMessageContaining("damaged")
			.withMessageNotContaining(ID_NUMBER);
		byte[] version9 = sealed.clone();
		version9[0] = 9;
		assertThatExceptionOfType(UnreadablePersonalData.class)
			.isThrownBy(() -> this.cipher.decrypt(PersonalField.ID_NUMBER, version9))
			.withMessageContaining("key version 9, which is not configured");
		assertThatExceptionOfType(UnreadablePersonalData.class)
			.isThrownBy(() -> this.cipher.decrypt(PersonalField.ID_NUMBER, new byte[] { 1, 2, 3 }))
			.withMessageContaining("too short");
	}

	@Test
	void valuesOfARetiredKeyStayReadableAfterRotation() {
		byte[] key1 = new byte[32];
		byte[] key2 = new byte[32];
		byte[] lookup = new byte[32];
		new SecureRandom().nextBytes(key1);
		new SecureRandom().nextBytes(key2);
		new SecureRandom().nextBytes(lookup);
		PersonalDataCipher before = new PersonalDataCipher(new PersonalDataKeys(1, Map.of(1, key1), lookup));
		PersonalDataCipher after = new PersonalDataCipher(new PersonalDataKeys(2, Map.of(1, key1, 2, key2), lookup));
		byte[] old = before.encrypt(PersonalField.PHONE, "13800138000");
		assertThat(after.decrypt(PersonalField.PHONE, old)).isEqualTo("13800138000");
		assertThat(after.encrypt(PersonalField.PHONE, "13800138000")[0]).isEqualTo((byte) 2);
		assertThat(after.keyVersions()).containsExactly(1, 2);
		assertThat(after.hash(PersonalField.PHONE, "13800138000"))
			.isEqualTo(before.hash(PersonalField.PHONE, "13800138000"));
	}

	@Test
	void malformedKeysAreRefusedWithoutRepeatingThem() {
		String tooShort = "c2hvcnQta2V5";
		assertThatExceptionOfType(InvalidPersonalDataKey.class)
			.isThrownBy(() -> PersonalDataKeys.of(tooShort, "dGVzdC1sb29rdXAta2V5LS0tMDEyMzQ1Njc4OWFiY2Q="))
			.withMessage("epigrid.privacy.encryption-key must be 32 bytes in base64, not 9 "
					+ "(generate one with: openssl rand -base64 32)");
		assertThatExceptionOfType(InvalidPersonalDataKey.class)
			.isThrownBy(() -> PersonalDataKeys.of("dGVzdC1sb29rdXAta2V5LS0tMDEyMzQ1Njc4OWFiY2Q=", "not base64 !"))
			.withMessageStartingWith("epigrid.privacy.lookup-key is not base64")
			.withMessageNotContaining("not base64 !");
		String same = "dGVzdC1sb29rdXAta2V5LS0tMDEyMzQ1Njc4OWFiY2Q=";
		assertThatExceptionOfType(InvalidPersonalDataKey.class).isThrownBy(() -> PersonalDataKeys.of(same, same))
			.withMessage("the lookup key must differ from every encryption key");
		PersonalDataKeys keys = PersonalDataKeys.of("dGVzdC1lbmNyeXB0aW9uLWtleS0wMTIzNDU2Nzg5YWI=", same);
		assertThat(keys.toString()).doesNotContain(same).doesNotContain("dGVzdC1lbmNyeXB0aW9u");
		assertThat(this.cipher.toString()).doesNotContain(HexFormat.of().formatHex(keys.lookupKey()));
	}

	static boolean contains(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

}
