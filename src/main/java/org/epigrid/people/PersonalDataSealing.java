package org.epigrid.people;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import org.epigrid.privacy.PersonalDataCipher;
import org.epigrid.privacy.PersonalDataKeyRegistry;
import org.epigrid.privacy.PersonalField;

import static org.epigrid.jooq.Tables.PERSON;

/**
 * Brings every stored ID number and phone under the current encryption key before the
 * application serves anything (like a schema migration, which it completes: V15):
 * <ul>
 * <li>rows of a database older than V15 still hold plaintext in {@code legacy_id_number}
 * and {@code legacy_phone}: they are encrypted and hashed, the plaintext set to NULL, and
 * then the constraint {@code person_no_plaintext} is validated, which proves in the
 * catalogue that no row holds plaintext and lets later starts skip this at once;</li>
 * <li>values encrypted with a retired key (key rotation,
 * {@code epigrid.privacy.retired-encryption-keys}) are re-encrypted with the current one;
 * afterwards the retired versions are forgotten and need not stay configured.</li>
 * </ul>
 * Works in batches of rows in id order, one transaction each (an interrupted start
 * resumes where it stopped), logs progress with counts and rates (never values), and
 * counts rows in {@code epigrid.privacy.sealed.rows} (tagged {@code kind}: what they
 * held) with the rows still to do in {@code epigrid.privacy.unsealed.rows}. Sealing does
 * not touch {@code updated_at}, {@code updated_by} or {@code version}: the person did not
 * change.
 */
@Component
@DependsOnDatabaseInitialization
class PersonalDataSealing implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(PersonalDataSealing.class);

	static final String SEALED_METRIC = "epigrid.privacy.sealed.rows";

	static final String UNSEALED_METRIC = "epigrid.privacy.unsealed.rows";

	static final int BATCH_ROWS = 5_000;

	private static final long LOG_EVERY_ROWS = 100_000;

	private final DSLContext db;

	private final PersonalDataCipher cipher;

	private final PersonalDataKeyRegistry keys;

	private final TransactionTemplate transactions;

	private final Counter fromPlaintext;

	private final Counter fromRetiredKey;

	private final AtomicLong unsealed = new AtomicLong();

	PersonalDataSealing(DSLContext db, PersonalDataCipher cipher, PersonalDataKeyRegistry keys,
			PlatformTransactionManager transactionManager, MeterRegistry meters) {
		this.db = db;
		this.cipher = cipher;
		this.keys = keys;
		this.transactions = new TransactionTemplate(transactionManager);
		this.fromPlaintext = Counter.builder(SEALED_METRIC)
			.description("Rows of people whose ID number or phone was encrypted at start-up")
			.tag("kind", "plaintext")
			.register(meters);
		this.fromRetiredKey = Counter.builder(SEALED_METRIC)
			.description("Rows of people whose ID number or phone was encrypted at start-up")
			.tag("kind", "retired-key")
			.register(meters);
		Gauge.builder(UNSEALED_METRIC, this.unsealed, AtomicLong::get)
			.description("Rows of people still holding plaintext or values under a retired key")
			.register(meters);
	}

	@Override
	public void afterPropertiesSet() {
		run(BATCH_ROWS);
	}

	/** What a run did. */
	record Outcome(long plaintextRows, long retiredKeyRows, long batches) {
	}

	Outcome run(int batchRows) {
		boolean plaintextGone = Boolean.TRUE.equals(this.db.fetchValue("""
				SELECT convalidated FROM pg_constraint
				WHERE conrelid = 'person'::regclass AND conname = 'person_no_plaintext'"""));
		Set<Integer> retired = new TreeSet<>(this.cipher.keyVersions());
		retired.remove(this.cipher.keyVersion());
		if (plaintextGone && retired.isEmpty()) {
			this.unsealed.set(0);
			return new Outcome(0, 0, 0);
		}
		Condition pending = pending(plaintextGone, retired);
		long total = this.db.fetchCount(PERSON, pending);
		this.unsealed.set(total);
		long started = System.nanoTime();
		if (total > 0) {
			log.info("Personal data: {} people hold a plaintext ID number or phone{}; encrypting them before serving",
					total, retired.isEmpty() ? "" : " or values under retired key version(s) " + retired);
		}
		long lastId = 0;
		long plaintext = 0;
		long rekeyed = 0;
		long batches = 0;
		long nextLog = LOG_EVERY_ROWS;
		while (true) {
			long after = lastId;
			Batch batch = this.transactions.execute((status) -> sealBatch(after, pending, batchRows));
			if (batch == null || batch.rows() == 0) {
				break;
			}
			lastId = batch.lastId();
			plaintext += batch.plaintext();
			rekeyed += batch.rekeyed();
			batches++;
			this.fromPlaintext.increment(batch.plaintext());
			this.fromRetiredKey.increment(batch.rekeyed());
			this.unsealed.set(Math.max(0, total - plaintext - rekeyed));
			if (plaintext + rekeyed >= nextLog) {
				nextLog += LOG_EVERY_ROWS;
				log.info("Personal data: {} of {} people encrypted in {} s ({} rows/s)", plaintext + rekeyed, total,
						seconds(System.nanoTime() - started), rate(plaintext + rekeyed, System.nanoTime() - started));
			}
		}
		if (!plaintextGone) {
			this.transactions.executeWithoutResult((status) -> {
				this.db.execute("SET LOCAL statement_timeout = 0");
				this.db.execute("ALTER TABLE person VALIDATE CONSTRAINT person_no_plaintext");
			});
		}
		if (!retired.isEmpty()) {
			this.keys.forget(retired);
		}
		this.unsealed.set(0);
		if (plaintext + rekeyed > 0) {
			long elapsed = System.nanoTime() - started;
			log.info(
					"Personal data: {} people encrypted ({} from plaintext, {} from a retired key) in {} batches, "
							+ "{} s ({} rows/s)",
					plaintext + rekeyed, plaintext, rekeyed, batches, seconds(elapsed),
					rate(plaintext + rekeyed, elapsed));
		}
		if (plaintext > 0) {
			log.warn("Personal data: the plaintext is gone from the table, but old row versions may remain on disk "
					+ "until they are vacuumed; run VACUUM FULL person in a quiet moment, and remember that "
					+ "backups taken before this start still hold plaintext");
		}
		return new Outcome(plaintext, rekeyed, batches);
	}

	private static Condition pending(boolean plaintextGone, Set<Integer> retired) {
		Condition condition = DSL.noCondition();
		if (!plaintextGone) {
			condition = condition.or(PERSON.LEGACY_ID_NUMBER.isNotNull()).or(PERSON.LEGACY_PHONE.isNotNull());
		}
		if (!retired.isEmpty()) {
			Integer[] versions = retired.toArray(Integer[]::new);
			condition = condition
				.or(DSL.condition("get_byte({0}, 0) = ANY({1}::integer[])", PERSON.ID_NUMBER_ENC, DSL.val(versions)))
				.or(DSL.condition("get_byte({0}, 0) = ANY({1}::integer[])", PERSON.PHONE_ENC, DSL.val(versions)));
		}
		return condition;
	}

	private record Batch(int rows, long lastId, long plaintext, long rekeyed) {
	}

	/**
	 * One transaction: the next rows after {@code afterId}, locked, encrypted, written.
	 */
	private Batch sealBatch(long afterId, Condition pending, int batchRows) {
		var rows = this.db
			.select(PERSON.ID, PERSON.LEGACY_ID_NUMBER, PERSON.LEGACY_PHONE, PERSON.ID_NUMBER_ENC,
					PERSON.ID_NUMBER_HASH, PERSON.ID_NUMBER_REGION, PERSON.PHONE_ENC, PERSON.PHONE_HASH)
			.from(PERSON)
			.where(PERSON.ID.gt(afterId), pending)
			.orderBy(PERSON.ID)
			.limit(batchRows)
			.forUpdate()
			.skipLocked()
			.fetch();
		if (rows.isEmpty()) {
			return new Batch(0, afterId, 0, 0);
		}
		int n = rows.size();
		Long[] ids = new Long[n];
		byte[][] idEnc = new byte[n][];
		byte[][] idHash = new byte[n][];
		String[] region = new String[n];
		byte[][] phoneEnc = new byte[n][];
		byte[][] phoneHash = new byte[n][];
		long plaintext = 0;
		for (int i = 0; i < n; i++) {
			var row = rows.get(i);
			ids[i] = row.value1();
			boolean hadPlaintext = row.value2() != null || row.value3() != null;
			if (row.value2() != null) {
				String idNumber = PersonalField.ID_NUMBER.normalise(row.value2());
				idEnc[i] = this.cipher.encrypt(PersonalField.ID_NUMBER, idNumber);
				idHash[i] = this.cipher.hash(PersonalField.ID_NUMBER, idNumber);
				region[i] = IdNumbers.region(idNumber);
			}
			else {
				idEnc[i] = rekey(PersonalField.ID_NUMBER, row.value4());
				idHash[i] = row.value5();
				region[i] = row.value6();
			}
			if (row.value3() != null) {
				phoneEnc[i] = this.cipher.encrypt(PersonalField.PHONE, row.value3());
				phoneHash[i] = this.cipher.hash(PersonalField.PHONE, row.value3());
			}
			else {
				phoneEnc[i] = rekey(PersonalField.PHONE, row.value7());
				phoneHash[i] = row.value8();
			}
			plaintext += hadPlaintext ? 1 : 0;
		}
		this.db.execute("ALTER TABLE person DISABLE TRIGGER person_touch");
		this.db.connection((connection) -> {
			try (PreparedStatement update = connection.prepareStatement("""
					UPDATE person p
					SET legacy_id_number = NULL, legacy_phone = NULL, id_number_enc = v.id_enc,
					    id_number_hash = v.id_hash, id_number_region = v.region, phone_enc = v.phone_enc,
					    phone_hash = v.phone_hash
					FROM unnest(?::bigint[], ?::bytea[], ?::bytea[], ?::text[], ?::bytea[], ?::bytea[])
					     AS v(id, id_enc, id_hash, region, phone_enc, phone_hash)
					WHERE p.id = v.id""")) {
				List<Array> arrays = new ArrayList<>();
				arrays.add(connection.createArrayOf("bigint", ids));
				arrays.add(connection.createArrayOf("bytea", idEnc));
				arrays.add(connection.createArrayOf("bytea", idHash));
				arrays.add(connection.createArrayOf("text", region));
				arrays.add(connection.createArrayOf("bytea", phoneEnc));
				arrays.add(connection.createArrayOf("bytea", phoneHash));
				for (int i = 0; i < arrays.size(); i++) {
					update.setArray(i + 1, arrays.get(i));
				}
				update.executeUpdate();
			}
		});
		this.db.execute("ALTER TABLE person ENABLE TRIGGER person_touch");
		return new Batch(n, ids[n - 1], plaintext, n - plaintext);
	}

	/** A value under the current key: as it is, or decrypted and encrypted again. */
	private byte @Nullable [] rekey(PersonalField field, byte @Nullable [] sealed) {
		if (sealed == null || (sealed[0] & 0xff) == this.cipher.keyVersion()) {
			return sealed;
		}
		return this.cipher.encrypt(field, this.cipher.decrypt(field, sealed));
	}

	private static String seconds(long nanos) {
		return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
	}

	private static long rate(long rows, long nanos) {
		return (nanos > 0) ? Math.round(rows / (nanos / 1e9)) : rows;
	}

}
