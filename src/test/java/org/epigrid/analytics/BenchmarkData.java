package org.epigrid.analytics;

import java.util.ArrayList;
import java.util.List;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk fixtures for {@link AnalyticsBenchmark}: a city of 10 counties, 100 townships,
 * 1,000 communities and 5,000 grids, 500,000 residents, the requested number of samples
 * spread evenly over the last {@code days} days, and proportionate contacts, travel
 * records, quarantines, stock, vaccinations, daily reports, inspections and cold-chain
 * batches. Everything is INSERT ... SELECT generate_series on one connection; the sample
 * table's secondary indexes are dropped during the load and rebuilt after it (the same
 * definitions, read from the catalog), and foreign keys are not checked (the rows are
 * made consistent by construction).
 */
final class BenchmarkData {

	private static final Logger log = LoggerFactory.getLogger(BenchmarkData.class);

	static final String CITY = "910000";

	static final String COUNTY = "910101";

	static final String TOWNSHIP = "910101001";

	static final String COMMUNITY = "910101001001";

	private static final int PEOPLE = 500_000;

	private static final int GRIDS = 5_000;

	private final DSLContext db;

	private BenchmarkData(DSLContext db) {
		this.db = db;
	}

	/** Loads the data set unless the database already has at least {@code samples}. */
	static void load(DSLContext pooled, long samples, int days) {
		pooled.connection((connection) -> {
			DSLContext db = DSL.using(connection, SQLDialect.POSTGRES);
			long present = db.fetchOne("SELECT count(*) FROM sample").get(0, Long.class);
			if (present >= samples) {
				log.info("Benchmark data present: {} samples", present);
				return;
			}
			if (present > 0 || db.fetchExists(DSL.selectOne().from(DSL.table("place")).where("code = ?", CITY))) {
				throw new IllegalStateException(
						"the benchmark database has " + present + " samples (or a partial load), " + "not the "
								+ samples + " asked for: delete it (benchmark.data-directory) and run again");
			}
			new BenchmarkData(db).generate(samples, days);
		});
	}

	private void generate(long samples, int days) {
		long started = System.nanoTime();
		this.db.execute("SET synchronous_commit = off");
		this.db.execute("SET maintenance_work_mem = '512MB'");
		// the place trigger computes paths: places go in before triggers are switched off
		places();
		this.db.execute("SET session_replication_role = replica");
		try {
			people();
			sites();
			samples(samples, days);
			operations(days);
		}
		finally {
			this.db.execute("SET session_replication_role = origin");
		}
		step("vacuum analyze", () -> this.db.execute("VACUUM ANALYZE"));
		log.info("Benchmark data loaded in {} s", (System.nanoTime() - started) / 1_000_000_000L);
	}

	private void places() {
		step("places", () -> {
			this.db.execute("INSERT INTO place (code, name, level, population) VALUES (?, 'Bench City', 'CITY', ?)",
					CITY, 10_000_000);
			this.db.execute("""
					INSERT INTO place (code, name, level, parent_id, population)
					SELECT '9101' || lpad(c::text, 2, '0'), 'County ' || c, 'COUNTY', city.id, 1000000
					FROM generate_series(1, 10) c, (SELECT id FROM place WHERE code = ?) city""", CITY);
			for (String[] level : new String[][] { { "COUNTY", "TOWNSHIP", "10", "100000" },
					{ "TOWNSHIP", "COMMUNITY", "10", "10000" }, { "COMMUNITY", "GRID", "5", "2000" } }) {
				this.db.execute("""
						INSERT INTO place (code, name, level, parent_id, population)
						SELECT p.code || lpad(n::text, 3, '0'), p.name || ' / ' || initcap(?) || ' ' || n, ?, p.id, ?
						FROM place p, generate_series(1, ?) n
						WHERE p.level = ? AND p.code LIKE '9101%'
						ORDER BY p.code, n""", level[1], level[1], Integer.parseInt(level[3]),
						Integer.parseInt(level[2]), level[0]);
			}
		});
	}

	/**
	 * The grid ids in code order, as an array expression for {@code grids[1 + n % 5000]}.
	 */
	private static final String GRIDS_ARRAY = "(SELECT array_agg(id ORDER BY code) FROM place WHERE level = 'GRID' AND code LIKE '9101%')";

	/**
	 * Analytics never reads ID numbers: the benchmark's people get placeholder values
	 * (key version 0, which no configuration has, so they are never decrypted) and unique
	 * hashes, made in SQL.
	 */
	private void people() {
		step("people",
				() -> this.db.execute(
						"""
								INSERT INTO person (id_number_enc, id_number_hash, id_number_region, full_name, sex, birth_date,
								                    residence_place_id, categories)
								SELECT '\\x00'::bytea, sha256(convert_to('bench-' || j, 'UTF8')), '800000', 'Resident ' || j,
								       CASE WHEN j %% 2 = 0 THEN 'MALE' ELSE 'FEMALE' END,
								       date '1940-01-01' + (j::bigint * 7919 %% 29000)::int, g.ids[1 + j %% %1$d],
								       CASE j %% 8 WHEN 1 THEN ARRAY['ELDERLY'] WHEN 2 THEN ARRAY['STUDENT'] WHEN 3 THEN ARRAY['MEDICAL_STAFF']
								           WHEN 4 THEN ARRAY['ELDERLY', 'CHRONIC_ILLNESS'] WHEN 5 THEN ARRAY['COURIER'] WHEN 7 THEN ARRAY['TEACHER']
								           ELSE '{}'::text[] END
								FROM generate_series(1, %2$d) j, (SELECT %3$s AS ids) g"""
							.formatted(GRIDS, PEOPLE, GRIDS_ARRAY)));
	}

	private void sites() {
		step("sites", () -> {
			this.db.execute(
					"""
							INSERT INTO site (place_id, type, name, venue_code, rooms, beds, daily_test_capacity)
							SELECT p.id, t.type, p.name || ' ' || t.type, 'BS-' || p.code || '-' || t.n,
							       CASE t.type WHEN 'QUARANTINE_HOTEL' THEN 200 END, CASE t.type WHEN 'HOSPITAL' THEN 300 END,
							       CASE t.type WHEN 'LAB' THEN 50000 END
							FROM place p
							JOIN (VALUES ('TOWNSHIP', 'QUARANTINE_HOTEL', 1), ('TOWNSHIP', 'HOSPITAL', 2), ('TOWNSHIP', 'SCHOOL', 3),
							             ('TOWNSHIP', 'SCHOOL', 4), ('TOWNSHIP', 'NURSING_HOME', 5), ('COUNTY', 'SUPPLY_DEPOT', 6),
							             ('COUNTY', 'COLD_CHAIN_WAREHOUSE', 7), ('COUNTY', 'LAB', 8), ('COMMUNITY', 'PHARMACY', 9))
							     AS t(level, type, n) ON t.level = p.level
							WHERE p.code LIKE '9101%'""");
			this.db.execute(
					"""
							INSERT INTO supply_item (code, name, category, unit)
							SELECT 'BENCH-' || n, 'Item ' || n, (ARRAY['PPE', 'TESTING', 'DISINFECTANT', 'MEDICINE'])[1 + n % 4], 'unit'
							FROM generate_series(1, 10) n""");
			this.db.execute(
					"""
							INSERT INTO stock_requirement (site_id, item_id, full_load_daily_use, target_days)
							SELECT s.id, i.id, 10 + (s.id + i.id) % 90, 30
							FROM site s, supply_item i
							WHERE s.type IN ('HOSPITAL', 'SCHOOL', 'NURSING_HOME', 'QUARANTINE_HOTEL') AND i.code LIKE 'BENCH-%'""");
			this.db.execute(
					"""
							INSERT INTO stock_balance (site_id, item_id, lot, on_hand)
							SELECT r.site_id, r.item_id, 'LOT-1', r.full_load_daily_use * (5 + (r.site_id * 31 + r.item_id) % 50)
							FROM stock_requirement r
							UNION ALL
							SELECT s.id, i.id, 'LOT-1', 100000 FROM site s, supply_item i
							WHERE s.type = 'SUPPLY_DEPOT' AND i.code LIKE 'BENCH-%'""");
		});
	}

	private void samples(long samples, int days) {
		List<Record> indexes = new ArrayList<>(this.db.fetch("""
				SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
				WHERE indrelid = 'sample'::regclass AND NOT indisprimary AND NOT indisunique"""));
		step("drop " + indexes.size() + " sample indexes",
				() -> indexes.forEach((index) -> this.db.execute("DROP INDEX " + index.get(0, String.class))));
		long chunk = 1_000_000;
		for (long first = 1; first <= samples; first += chunk) {
			long last = Math.min(samples, first + chunk - 1);
			long from = first;
			step("samples " + first + ".." + last,
					() -> this.db.execute(
							"""
									INSERT INTO sample (barcode, kind, specimen, purpose, person_id, place_id, collection_site_id,
									                    collected_at, received_at, resulted_at, due_at, result, updated_at)
									SELECT barcode, kind, CASE kind WHEN 'PCR' THEN 'OROPHARYNGEAL_SWAB' ELSE 'NASAL_SWAB' END, purpose,
									       person_id, place_id, NULL, collected_at,
									       CASE WHEN resulted_at IS NOT NULL THEN collected_at + (resulted_at - collected_at) / 4 END,
									       resulted_at, collected_at + deadline,
									       CASE WHEN resulted_at IS NOT NULL THEN
									           CASE WHEN r3 < 0.004 THEN 'POSITIVE' WHEN r3 < 0.006 THEN 'INVALID' ELSE 'NEGATIVE' END END,
									       coalesce(resulted_at, collected_at)
									FROM (
									    SELECT x.*, CASE WHEN x.collected_at + x.turnaround <= now() THEN x.collected_at + x.turnaround END AS resulted_at,
									           CASE x.purpose WHEN 'FEVER_CLINIC' THEN interval '4 h' WHEN 'KEY_GROUP' THEN interval '6 h'
									               WHEN 'CLOSE_CONTACT' THEN interval '6 h' WHEN 'QUARANTINE' THEN interval '12 h'
									               WHEN 'RETURNEE' THEN interval '12 h' ELSE interval '24 h' END AS deadline
									    FROM (
									        SELECT 'BM' || lpad(i::text, 12, '0') AS barcode,
									               CASE WHEN random() < 0.1 THEN 'ANTIGEN' ELSE 'PCR' END AS kind,
									               (ARRAY['MASS_TESTING', 'MASS_TESTING', 'MASS_TESTING', 'MASS_TESTING', 'MASS_TESTING',
									                      'MASS_TESTING', 'MASS_TESTING', 'MASS_TESTING', 'MASS_TESTING', 'ROUTINE', 'ROUTINE',
									                      'ROUTINE', 'ROUTINE', 'KEY_GROUP', 'KEY_GROUP', 'KEY_GROUP', 'FEVER_CLINIC',
									                      'QUARANTINE', 'CLOSE_CONTACT', 'RETURNEE'])[1 + floor(random() * 20)::int] AS purpose,
									               people.first + 1 + pj AS person_id,
									               g.ids[1 + (1 + pj) %% %1$d] AS place_id,
									               now() - make_interval(days => %2$d) + make_interval(days => %2$d) * (i::float8 / %3$d)
									                   + random() * interval '10 min' AS collected_at,
									               interval '30 min' + make_interval(mins => least(7200, floor(-ln(1 - random()) * 420))::int) AS turnaround,
									               random() AS r3
									        FROM generate_series(%4$d, %5$d) i
									        CROSS JOIN LATERAL (SELECT (hashint8(i) & 2147483647) %% %6$d AS pj) pj,
									             (SELECT %7$s AS ids) g,
									             (SELECT min(id) - 1 AS first FROM person) people
									    ) x
									) y"""
								.formatted(GRIDS, days, samples, from, last, PEOPLE, GRIDS_ARRAY)));
		}
		step("rebuild sample indexes", () -> indexes.forEach((index) -> this.db.execute(index.get(1, String.class))));
	}

	private void operations(int days) {
		step("contacts",
				() -> this.db.execute(
						"""
								INSERT INTO contact (source_person_id, contact_person_id, degree, exposure_at, identified_at, trace_due_at, traced_at)
								SELECT people.first + i, people.first + 1 + (i + 1 + (i %% 1000) * 37) %% %1$d,
								       CASE WHEN i %% 4 = 0 THEN 'SECONDARY' ELSE 'CLOSE' END, identified - interval '1 day', identified,
								       identified + interval '24 hours',
								       CASE WHEN i %% 10 <> 0 AND identified + make_interval(hours => (i %% 30)) < now()
								            THEN identified + make_interval(hours => (i %% 30)) END
								FROM (SELECT i, now() - make_interval(days => %2$d) + make_interval(days => %2$d) * (i::float8 / 300000) AS identified
								      FROM generate_series(1, 300000) i) c,
								     (SELECT min(id) - 1 AS first FROM person) people"""
							.formatted(PEOPLE, days)));
		step("travel records",
				() -> this.db.execute(
						"""
								INSERT INTO travel_record (person_id, origin_area_code, origin_name, origin_risk_level, arrived_at, transport,
								                           destination_place_id, detected_via)
								SELECT people.first + 1 + i %% %1$d, '4201' || lpad((i %% 100)::text, 2, '0'), 'Origin ' || (i %% 100),
								       (ARRAY['NONE', 'NONE', 'NONE', 'LOW', 'LOW', 'MEDIUM', 'HIGH'])[1 + i %% 7],
								       now() - make_interval(days => %2$d) + make_interval(days => %2$d) * (i::float8 / 1000000),
								       'TRAIN', g.ids[1 + (1 + i %% %1$d) %% %3$d], 'DATA_PUSH'
								FROM generate_series(1, 1000000) i, (SELECT %4$s AS ids) g,
								     (SELECT min(id) - 1 AS first FROM person) people"""
							.formatted(PEOPLE, days, GRIDS, GRIDS_ARRAY)));
		step("quarantines", () -> this.db.execute(
				"""
						INSERT INTO control_measure (person_id, kind, reason, site_id, status, assigned_at, checked_in_at,
						                             planned_release_on, released_at)
						SELECT pe.id, 'CENTRALIZED_QUARANTINE', 'CLOSE_CONTACT', hotel.id,
						       CASE WHEN n <= 20000 THEN 'CHECKED_IN' ELSE 'RELEASED' END,
						       now() - interval '20 days', now() - interval '19 days',
						       CASE WHEN n <= 20000 THEN current_date - 3 + (n % 7)::int ELSE current_date - 5 END,
						       CASE WHEN n > 20000 THEN now() - interval '5 days' END
						FROM (SELECT id, residence_place_id, row_number() OVER (ORDER BY id) AS n FROM person ORDER BY id LIMIT 70000) pe
						JOIN place grid ON grid.id = pe.residence_place_id
						JOIN place community ON community.id = grid.parent_id
						JOIN site hotel ON hotel.place_id = community.parent_id AND hotel.type = 'QUARANTINE_HOTEL'"""));
		step("vaccinations", () -> this.db.execute(
				"""
						INSERT INTO vaccination (person_id, dose_number, product, lot, site_id, vaccinated_at)
						SELECT pe.id, d.dose, 'Vaccine', 'LOT-' || d.dose, hospital.id, now() - make_interval(days => 200 - d.dose * 40)
						FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM person) pe
						JOIN (VALUES (1, 400000), (2, 300000), (3, 50000)) AS d(dose, upto) ON pe.n <= d.upto
						CROSS JOIN LATERAL (SELECT id FROM site WHERE type = 'HOSPITAL' ORDER BY id LIMIT 1) hospital"""));
		step("daily reports, inspections, cold chain", () -> {
			this.db.execute(
					"""
							INSERT INTO daily_report (site_id, report_date, zero_report, reported_at)
							SELECT s.id, d::date, true, d + interval '9 hours'
							FROM site s, generate_series(current_date - 30, current_date, interval '1 day') d
							WHERE s.type IN ('SCHOOL', 'NURSING_HOME', 'HOSPITAL') AND (s.id + extract(day FROM d)::int) % 10 <> 0""");
			this.db.execute(
					"""
							INSERT INTO inspection (place_id, site_id, inspected_at, inspector, finding, severity, rectification_due_on,
							                        status, rectified_at)
							SELECT s.place_id, s.id, now() - make_interval(days => n % 60), 'Inspector', 'Finding ' || n,
							       (ARRAY['MINOR', 'MAJOR', 'CRITICAL'])[1 + n % 3], current_date - 30 + n % 45,
							       CASE WHEN n % 3 = 0 THEN 'OPEN' ELSE 'RECTIFIED' END, CASE WHEN n % 3 <> 0 THEN now() END
							FROM generate_series(1, 2000) n
							JOIN site s ON s.id = (SELECT min(id) FROM site) + n % (SELECT count(*) FROM site)""");
			this.db.execute(
					"""
							INSERT INTO cold_chain_batch (batch_no, product, origin_country, quantity_kg, warehouse_site_id, arrived_at,
							                              status, released_at)
							SELECT 'BATCH-' || n, 'Frozen food', 'EC', 1000, w.ids[1 + n % cardinality(w.ids)],
							       now() - make_interval(hours => n), CASE WHEN n % 5 = 0 THEN 'HELD' ELSE 'RELEASED' END,
							       CASE WHEN n % 5 <> 0 THEN now() - make_interval(hours => n) + interval '2 days' END
							FROM generate_series(1, 500) n,
							     (SELECT array_agg(id ORDER BY id) AS ids FROM site WHERE type = 'COLD_CHAIN_WAREHOUSE') w""");
		});
	}

	private void step(String what, Runnable step) {
		long started = System.nanoTime();
		step.run();
		log.info("Benchmark data: {} in {} s", what, (System.nanoTime() - started) / 1_000_000_000L);
	}

}
