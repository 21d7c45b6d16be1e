package org.epigrid.people;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.PlatformTransactionManager;

import org.epigrid.privacy.PersonalDataCipher;
import org.epigrid.privacy.PersonalDataKeyRegistry;
import org.epigrid.privacy.PersonalDataKeys;
import org.epigrid.privacy.PersonalField;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.PERSONAL_DATA_KEY;

/**
 * The start-up job that encrypts what a database older than V15 holds in plaintext, and
 * re-encrypts values of a retired key.
 */
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataSealingTests extends IntegrationTest {

	@Autowired
	private PersonalDataSealing sealing;

	@Autowired
	private PersonalDataKeyRegistry registry;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private MeterRegistry meters;

	private boolean plaintextProvenGone() {
		return Boolean.TRUE.equals(this.db.fetchValue("SELECT convalidated FROM pg_constraint "
				+ "WHERE conrelid = 'person'::regclass AND conname = 'person_no_plaintext'"));
	}

	@Test
	void plaintextOfAnOlderDatabaseIsEncryptedInBatchesAndThenGone(CapturedOutput output) {
		// started on an empty table: nothing to do but prove it
		assertThat(plaintextProvenGone()).isTrue();
		Ref[] chain = this.data.chain("旧");
		OffsetDateTime edited = OffsetDateTime.of(2021, 3, 4, 5, 6, 7, 0, ZoneOffset.UTC);
		Map<Long, String[]> legacy = new HashMap<>();
		// as V3 left them: rows with plaintext, written before person_no_plaintext
		// existed
		this.db.execute("ALTER TABLE person DROP CONSTRAINT person_no_plaintext");
		try {
			for (int i = 0; i < 5; i++) {
				String idNumber = PeopleFixtures.idNumber("610112");
				String phone = (i % 2 == 0) ? "1590000000" + i : null;
				long id = this.db.insertInto(PERSON)
					.set(PERSON.LEGACY_ID_NUMBER, idNumber)
					.set(PERSON.LEGACY_PHONE, phone)
					.set(PERSON.FULL_NAME, "旧人" + i)
					.set(PERSON.SEX, "MALE")
					.set(PERSON.BIRTH_DATE, java.time.LocalDate.of(1960, 1, 1))
					.set(PERSON.RESIDENCE_PLACE_ID, chain[4].id())
					.set(PERSON.UPDATED_AT, edited)
					.returning(PERSON.ID)
					.fetchOne(PERSON.ID);
				legacy.put(id, new String[] { idNumber, phone });
			}
		}
		finally {
			this.db.execute("ALTER TABLE person ADD CONSTRAINT person_no_plaintext "
					+ "CHECK (legacy_id_number IS NULL AND legacy_phone IS NULL) NOT VALID");
		}
		assertThat(plaintextProvenGone()).isFalse();
		double before = this.meters.get("epigrid.privacy.sealed.rows").tag("kind", "plaintext").counter().count();

		PersonalDataSealing.Outcome outcome = this.sealing.run(2);

		assertThat(outcome).isEqualTo(new PersonalDataSealing.Outcome(5, 0, 3));
		for (Map.Entry<Long, String[]> person : legacy.entrySet()) {
			Record row = this.db.selectFrom(PERSON).where(PERSON.ID.eq(person.getKey())).fetchSingle();
			String idNumber = person.getValue()[0];
			String phone = person.getValue()[1];
			assertThat(row.get(PERSON.LEGACY_ID_NUMBER)).isNull();
			assertThat(row.get(PERSON.LEGACY_PHONE)).isNull();
			assertThat(this.cipher.decrypt(PersonalField.ID_NUMBER, row.get(PERSON.ID_NUMBER_ENC))).isEqualTo(idNumber);
			assertThat(row.get(PERSON.ID_NUMBER_HASH)).isEqualTo(this.cipher.hash(PersonalField.ID_NUMBER, idNumber));
			assertThat(row.get(PERSON.ID_NUMBER_REGION)).isEqualTo("610112");
			if (phone != null) {
				assertThat(this.cipher.decrypt(PersonalField.PHONE, row.get(PERSON.PHONE_ENC))).isEqualTo(phone);
				assertThat(row.get(PERSON.PHONE_HASH)).isEqualTo(this.cipher.hash(PersonalField.PHONE, phone));
			}
			else {
				assertThat(row.get(PERSON.PHONE_ENC)).isNull();
				assertThat(row.get(PERSON.PHONE_HASH)).isNull();
			}
			// the person did not change
			assertThat(row.get(PERSON.UPDATED_AT)).isAtSameInstantAs(edited);
			assertThat(row.get(PERSON.VERSION)).isZero();
			String rowText = this.db.fetchOne("SELECT p::text FROM person p WHERE p.id = ?", person.getKey())
				.get(0, String.class);
			assertThat(rowText).doesNotContain(idNumber.substring(6));
			if (phone != null) {
				assertThat(rowText).doesNotContain(phone);
			}
		}
		// proven in the catalogue: no row holds plaintext, none can again
		assertThat(plaintextProvenGone()).isTrue();
		long someone = legacy.keySet().iterator().next();
		assertThatExceptionOfType(IntegrityConstraintViolationException.class)
			.isThrownBy(() -> this.db.update(PERSON)
				.set(PERSON.LEGACY_ID_NUMBER, legacy.get(someone)[0])
				.where(PERSON.ID.eq(someone))
				.execute())
			.withMessageContaining("person_no_plaintext");

		assertThat(this.meters.get("epigrid.privacy.sealed.rows").tag("kind", "plaintext").counter().count())
			.isEqualTo(before + 5);
		assertThat(this.meters.get("epigrid.privacy.unsealed.rows").gauge().value()).isZero();
		assertThat(output).contains("Personal data: 5 people hold a plaintext ID number or phone; encrypting them")
			.containsPattern("Personal data: 5 people encrypted \\(5 from plaintext, 0 from a retired key\\) in 3 "
					+ "batches, [\\d.]+ s \\(\\d+ rows/s\\)")
			.contains("VACUUM FULL person");
		for (String[] values : legacy.values()) {
			assertThat(output.getAll()).doesNotContain(values[0]);
			if (values[1] != null) {
				assertThat(output.getAll()).doesNotContain(values[1]);
			}
		}

		// found through the API like anyone registered since
		String idNumber = legacy.get(someone)[0];
		this.graphQl.documentName("people")
			.variable("filter", Map.of("idNumberStartsWith", idNumber))
			.execute()
			.path("people.edges[*].node.idNumber")
			.entityList(String.class)
			.containsExactly(idNumber);

		// the next start has nothing to do
		assertThat(this.sealing.run(2)).isEqualTo(new PersonalDataSealing.Outcome(0, 0, 0));
	}

	@Test
	void aRotatedKeyReencryptsEveryValueAndTheOldVersionIsForgotten(CapturedOutput output) {
		Ref[] chain = this.data.chain("换");
		long person = this.data.person(chain[4], "换钥");
		String idNumber = this.data.idNumberOf(person);
		String phone = this.data.phoneOf(person);
		byte[] hash = this.db.fetchValue(PERSON.ID_NUMBER_HASH, PERSON.ID.eq(person));

		PersonalDataKeys configured = PersonalDataKeys.of(ENCRYPTION_KEY, LOOKUP_KEY);
		byte[] newKey = PersonalDataKeys.random(new SecureRandom()).lookupKey();
		PersonalDataCipher rotated = new PersonalDataCipher(new PersonalDataKeys(2,
				Map.of(1, configured.encryptionKeys().get(1), 2, newKey), configured.lookupKey()));
		PersonalDataCipher back = new PersonalDataCipher(new PersonalDataKeys(1,
				Map.of(1, configured.encryptionKeys().get(1), 2, newKey), configured.lookupKey()));
		int sealedRows = this.db.fetchCount(PERSON, PERSON.ID_NUMBER_ENC.isNotNull());
		try {
			this.registry.verify(rotated, null);
			PersonalDataSealing.Outcome outcome = sealing(rotated).run(1000);
			assertThat(outcome.plaintextRows()).isZero();
			assertThat(outcome.retiredKeyRows()).isEqualTo(sealedRows);
			assertThat(versionCount(1)).isZero();
			assertThat(this.db.fetch(PERSONAL_DATA_KEY).map((r) -> r.getVersion().intValue())).containsExactly(2);
			byte[] sealed = this.db.fetchValue(PERSON.ID_NUMBER_ENC, PERSON.ID.eq(person));
			assertThat(sealed[0]).isEqualTo((byte) 2);
			assertThat(rotated.decrypt(PersonalField.ID_NUMBER, sealed)).isEqualTo(idNumber);
			assertThat(rotated.decrypt(PersonalField.PHONE, this.db.fetchValue(PERSON.PHONE_ENC, PERSON.ID.eq(person))))
				.isEqualTo(phone);
			assertThat(this.db.fetchValue(PERSON.ID_NUMBER_HASH, PERSON.ID.eq(person))).isEqualTo(hash);
			assertThat(output).contains("no value is encrypted with key version(s) [1] any more");
			assertThat(output.getAll()).doesNotContain(idNumber).doesNotContain(phone);
		}
		finally {
			// back to the key every other test uses
			this.registry.verify(back, null);
			sealing(back).run(1000);
		}
		assertThat(versionCount(2)).isZero();
		assertThat(this.db.fetch(PERSONAL_DATA_KEY).map((r) -> r.getVersion().intValue())).containsExactly(1);
		assertThat(this.data.idNumberOf(person)).isEqualTo(idNumber);
	}

	private PersonalDataSealing sealing(PersonalDataCipher cipher) {
		return new PersonalDataSealing(this.db, cipher, this.registry, this.transactionManager,
				new SimpleMeterRegistry());
	}

	private int versionCount(int version) {
		return this.db
			.fetchOne("SELECT count(*) FROM person WHERE get_byte(id_number_enc, 0) = ? OR get_byte(phone_enc, 0) = ?",
					version, version)
			.get(0, Integer.class);
	}

}
