package org.epigrid.privacy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import org.epigrid.privacy.PersonalDataKeys.InvalidPersonalDataKey;
import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.PERSONAL_DATA_KEY;

/**
 * ID numbers and phones as the database holds them: encrypted, hashed for lookup, never
 * in plaintext; and keys that do not fit the data are refused.
 */
class PersonalDataAtRestTests extends IntegrationTest {

	private static final AtomicInteger SERIAL = new AtomicInteger(700_000);

	@Autowired
	private PersonalDataKeyRegistry registry;

	private String register(String idNumber, String name, String phone, Ref residence) {
		return this.graphQl.documentName("registerPerson")
			.variable("input",
					Map.of("idNumber", idNumber, "fullName", name, "phone", phone, "residence", residence.globalId()))
			.execute()
			.path("registerPerson.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("registerPerson.person.id")
			.entity(String.class)
			.get();
	}

	@Test
	void registeredIdNumbersAndPhonesAreStoredEncryptedNeverInPlaintext() {
		Ref[] chain = this.data.chain("密");
		String idNumber = TestData.idNumber(SERIAL.getAndIncrement());
		String phone = "13912345678";
		long id = GlobalId.decode(register(idNumber.toLowerCase(Locale.ROOT), "密存", phone, chain[4]), "Person");

		Record row = this.db
			.select(PERSON.ID_NUMBER_ENC, PERSON.ID_NUMBER_HASH, PERSON.ID_NUMBER_REGION, PERSON.PHONE_ENC,
					PERSON.PHONE_HASH, PERSON.LEGACY_ID_NUMBER, PERSON.LEGACY_PHONE)
			.from(PERSON)
			.where(PERSON.ID.eq(id))
			.fetchSingle();
		assertThat(row.get(PERSON.LEGACY_ID_NUMBER)).isNull();
		assertThat(row.get(PERSON.LEGACY_PHONE)).isNull();
		byte[] sealedId = row.get(PERSON.ID_NUMBER_ENC);
		byte[] sealedPhone = row.get(PERSON.PHONE_ENC);
		for (byte[] stored : List.of(sealedId, row.get(PERSON.ID_NUMBER_HASH), sealedPhone,
				row.get(PERSON.PHONE_HASH))) {
			assertThat(PersonalDataCipherTests.contains(stored, idNumber.getBytes(StandardCharsets.US_ASCII)))
				.isFalse();
			// the part that is not the division code: birth date, serial, check character
			assertThat(
					PersonalDataCipherTests.contains(stored, idNumber.substring(6).getBytes(StandardCharsets.US_ASCII)))
				.isFalse();
			assertThat(PersonalDataCipherTests.contains(stored, phone.getBytes(StandardCharsets.US_ASCII))).isFalse();
		}
		// the whole row as text, every column: no ID number (whole or past the division
		// code), no phone
		String rowText = this.db.fetchOne("SELECT p::text FROM person p WHERE p.id = ?", id).get(0, String.class);
		assertThat(rowText).doesNotContain(idNumber.substring(6))
			.doesNotContain(idNumber.substring(6).toLowerCase(Locale.ROOT))
			.doesNotContain(phone)
			.contains("密存");
		assertThat(this.db
			.fetchOne("SELECT position(convert_to(?, 'UTF8') IN id_number_enc) FROM person WHERE id = ?", idNumber, id)
			.get(0, Integer.class)).isZero();

		assertThat(sealedId[0]).isEqualTo((byte) 1);
		assertThat(this.cipher.decrypt(PersonalField.ID_NUMBER, sealedId)).isEqualTo(idNumber);
		assertThat(this.cipher.decrypt(PersonalField.PHONE, sealedPhone)).isEqualTo(phone);
		assertThat(row.get(PERSON.ID_NUMBER_HASH)).isEqualTo(this.cipher.hash(PersonalField.ID_NUMBER, idNumber));
		assertThat(row.get(PERSON.PHONE_HASH)).isEqualTo(this.cipher.hash(PersonalField.PHONE, phone));
		assertThat(row.get(PERSON.ID_NUMBER_REGION)).isEqualTo(idNumber.substring(0, 6));

		// decrypted for the API (masking by role is PersonalDataTests' business)
		this.graphQl.document("{ person(id: \"" + GlobalId.encode("Person", id) + "\") { idNumber phone } }")
			.execute()
			.path("person.idNumber")
			.entity(String.class)
			.isEqualTo(idNumber)
			.path("person.phone")
			.entity(String.class)
			.isEqualTo(phone);

		// a plaintext column can no longer be written
		assertThatExceptionOfType(IntegrityConstraintViolationException.class)
			.isThrownBy(() -> this.db.update(PERSON).set(PERSON.LEGACY_PHONE, phone).where(PERSON.ID.eq(id)).execute())
			.withMessageContaining("person_no_plaintext");
	}

	@Test
	void equalValuesEncryptDifferentlyButAreFoundAndRefusedAsDuplicatesByTheirHash() {
		Ref[] chain = this.data.chain("重");
		String idNumber = TestData.idNumber(SERIAL.getAndIncrement());
		String phone = "13700001111";
		String first = register(idNumber, "重甲", phone, chain[4]);
		String other = register(TestData.idNumber(SERIAL.getAndIncrement()), "重乙", phone, chain[4]);

		var rows = this.db.select(PERSON.PHONE_ENC, PERSON.PHONE_HASH)
			.from(PERSON)
			.where(PERSON.ID.in(GlobalId.decode(first, "Person"), GlobalId.decode(other, "Person")))
			.fetch();
		assertThat(rows.get(0).get(PERSON.PHONE_ENC)).isNotEqualTo(rows.get(1).get(PERSON.PHONE_ENC));
		assertThat(rows.get(0).get(PERSON.PHONE_HASH)).isEqualTo(rows.get(1).get(PERSON.PHONE_HASH));

		// exact lookups
		this.graphQl.documentName("people")
			.variable("filter", Map.of("idNumberStartsWith", idNumber.toLowerCase(Locale.ROOT)))
			.execute()
			.path("people.edges[*].node.id")
			.entityList(String.class)
			.containsExactly(first);
		this.graphQl.documentName("people")
			.variable("filter", Map.of("area", chain[0].globalId(), "phone", phone))
			.execute()
			.path("people.edges[*].node.id")
			.entityList(String.class)
			.containsExactly(first, other);

		// the same ID number again, in any case: the typed DUPLICATE error, nothing
		// written
		int people = this.db.fetchCount(PERSON);
		this.graphQl.documentName("registerPerson")
			.variable("input", Map.of("idNumber", idNumber.toLowerCase(Locale.ROOT), "fullName", "重丙"))
			.execute()
			.path("registerPerson.person")
			.valueIsNull()
			.path("registerPerson.errors[0].code")
			.entity(String.class)
			.isEqualTo("DUPLICATE")
			.path("registerPerson.errors[0].message")
			.entity(String.class)
			.isEqualTo("a person with this ID number is registered");
		assertThat(this.db.fetchCount(PERSON)).isEqualTo(people);
		// and the database keeps ID numbers unique by their hash whatever writes them
		assertThatExceptionOfType(IntegrityConstraintViolationException.class)
			.isThrownBy(() -> this.db.insertInto(PERSON)
				.set(PERSON.ID_NUMBER_ENC, this.cipher.encrypt(PersonalField.ID_NUMBER, idNumber))
				.set(PERSON.ID_NUMBER_HASH, this.cipher.hash(PersonalField.ID_NUMBER, idNumber))
				.set(PERSON.ID_NUMBER_REGION, idNumber.substring(0, 6))
				.set(PERSON.FULL_NAME, "重丁")
				.set(PERSON.SEX, "MALE")
				.set(PERSON.BIRTH_DATE, java.time.LocalDate.of(1950, 1, 1))
				.execute())
			.withMessageContaining("person_id_number_hash_unique");
	}

	@Test
	void keysThatDoNotFitTheDatabaseAreRefused(@TempDir Path directory) throws Exception {
		PersonalDataKeys configured = PersonalDataKeys.of(ENCRYPTION_KEY, LOOKUP_KEY);
		PersonalDataKeys random = PersonalDataKeys.random(new SecureRandom());
		this.registry.verify(this.cipher, null);

		PersonalDataCipher otherEncryptionKey = new PersonalDataCipher(
				new PersonalDataKeys(1, random.encryptionKeys(), configured.lookupKey()));
		assertThatExceptionOfType(InvalidPersonalDataKey.class)
			.isThrownBy(() -> this.registry.verify(otherEncryptionKey, null))
			.withMessage("the encryption key of version 1 is not the one the database's personal data "
					+ "was encrypted with");

		PersonalDataCipher otherLookupKey = new PersonalDataCipher(
				new PersonalDataKeys(1, configured.encryptionKeys(), random.lookupKey()));
		assertThatExceptionOfType(InvalidPersonalDataKey.class)
			.isThrownBy(() -> this.registry.verify(otherLookupKey, null))
			.withMessageStartingWith("the lookup key is not the one");

		// keys generated just now because the key file was lost: the file goes again
		Path generated = Files.writeString(directory.resolve("privacy-keys"), "fresh keys");
		assertThatExceptionOfType(InvalidPersonalDataKey.class)
			.isThrownBy(() -> this.registry.verify(new PersonalDataCipher(random), generated))
			.withMessageContaining("was missing and fresh keys cannot read the existing data: restore the file");
		assertThat(generated).doesNotExist();

		// a key version the data uses but the configuration lacks
		this.db.insertInto(PERSONAL_DATA_KEY)
			.set(PERSONAL_DATA_KEY.VERSION, (short) 7)
			.set(PERSONAL_DATA_KEY.ENCRYPTION_CHECK, new byte[] { 7 })
			.set(PERSONAL_DATA_KEY.LOOKUP_CHECK, new byte[] { 7 })
			.execute();
		try {
			assertThatExceptionOfType(InvalidPersonalDataKey.class)
				.isThrownBy(() -> this.registry.verify(this.cipher, null))
				.withMessageContaining("encrypted with key version 7, which is not configured");
		}
		finally {
			this.db.deleteFrom(PERSONAL_DATA_KEY).where(PERSONAL_DATA_KEY.VERSION.eq((short) 7)).execute();
		}
		assertThat(this.db.fetch(PERSONAL_DATA_KEY).map((r) -> r.getVersion().intValue())).containsExactly(1);
		// no key material in the table
		String table = this.db.fetch("SELECT k::text FROM personal_data_key k").toString();
		for (byte[] key : List.of(configured.encryptionKeys().get(1), configured.lookupKey())) {
			assertThat(table).doesNotContain(HexFormat.of().formatHex(key));
		}
	}

}
