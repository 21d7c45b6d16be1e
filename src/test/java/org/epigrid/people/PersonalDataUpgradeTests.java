package org.epigrid.people;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import org.epigrid.privacy.PersonalDataKeyRegistry;
import org.epigrid.privacy.PersonalField;
import org.epigrid.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.PERSON;

/**
 * A database as V14 left it, with people in plaintext, upgraded: V15 keeps every ID
 * number and phone, the start-up job encrypts them, and no plaintext is left. Runs in a
 * second database of the embedded server.
 */
class PersonalDataUpgradeTests extends IntegrationTest {

	private static final String DATABASE = "epigrid_v14_upgrade";

	@Autowired
	private EmbeddedPostgres postgres;

	@Test
	void aV14DatabaseKeepsItsPeopleAndLosesItsPlaintext() throws Exception {
		this.db.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
		this.db.execute("CREATE DATABASE " + DATABASE);
		SingleConnectionDataSource old = new SingleConnectionDataSource(this.postgres.getJdbcUrl("postgres", DATABASE),
				"postgres", "", true);
		old.setAutoCommit(true);
		try {
			Flyway.configure().dataSource(old).locations("classpath:db/migration").target("14").load().migrate();
			DSLContext v14 = DSL.using(old, SQLDialect.POSTGRES);
			Map<String, String> people = new LinkedHashMap<>();
			for (int i = 0; i < 7; i++) {
				String idNumber = PeopleFixtures.idNumber("420102");
				String phone = (i % 3 == 0) ? null : "1360000000" + i;
				v14.execute("INSERT INTO person (id_number, full_name, sex, birth_date, phone) "
						+ "VALUES (?, ?, 'FEMALE', date '1960-01-01', ?)", idNumber, "升级" + i, phone);
				people.put(idNumber, phone);
			}

			Flyway.configure().dataSource(old).locations("classpath:db/migration").load().migrate();
			assertThat(v14.fetchCount(PERSON, PERSON.LEGACY_ID_NUMBER.isNotNull())).isEqualTo(7);

			DataSource transactional = new TransactionAwareDataSourceProxy(old);
			DSLContext v15 = DSL.using(transactional, SQLDialect.POSTGRES);
			PersonalDataKeyRegistry registry = new PersonalDataKeyRegistry(v15);
			registry.verify(this.cipher, null);
			PersonalDataSealing sealing = new PersonalDataSealing(v15, this.cipher, registry,
					new DataSourceTransactionManager(old), new SimpleMeterRegistry());
			assertThat(sealing.run(3)).isEqualTo(new PersonalDataSealing.Outcome(7, 0, 3));

			assertThat(v15.fetchCount(PERSON)).isEqualTo(7);
			assertThat(v15.fetchCount(PERSON, PERSON.LEGACY_ID_NUMBER.isNotNull().or(PERSON.LEGACY_PHONE.isNotNull())))
				.isZero();
			for (Record row : v15.select(PERSON.ID_NUMBER_ENC, PERSON.ID_NUMBER_HASH, PERSON.PHONE_ENC)
				.from(PERSON)
				.fetch()) {
				String idNumber = this.cipher.decrypt(PersonalField.ID_NUMBER, row.get(PERSON.ID_NUMBER_ENC));
				assertThat(people).containsKey(idNumber);
				assertThat(row.get(PERSON.ID_NUMBER_HASH))
					.isEqualTo(this.cipher.hash(PersonalField.ID_NUMBER, idNumber));
				byte[] phone = row.get(PERSON.PHONE_ENC);
				assertThat((phone != null) ? this.cipher.decrypt(PersonalField.PHONE, phone) : null)
					.isEqualTo(people.get(idNumber));
			}
			assertThat(v15.fetchValue("SELECT convalidated FROM pg_constraint "
					+ "WHERE conrelid = 'person'::regclass AND conname = 'person_no_plaintext'"))
				.isEqualTo(true);
			assertThat(sealing.run(3)).isEqualTo(new PersonalDataSealing.Outcome(0, 0, 0));
		}
		finally {
			old.destroy();
			this.db.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
		}
	}

}
