package org.epigrid.demo;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;

import org.epigrid.places.SiteType;
import org.epigrid.privacy.PersonalField;
import org.epigrid.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads the small demo data set once into the shared test database (its codes start with
 * 95, so they never meet the fixtures of other tests) and checks what a user of the demo
 * would notice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoDataTests extends IntegrationTest {

	/**
	 * Expected row counts of the small data set (generous: the shape, not the exact
	 * draw).
	 */
	private static final Map<String, long[]> EXPECTED = expected();

	@Autowired
	private DemoLoader loader;

	@Autowired
	private MeterRegistry meters;

	private DemoLoader.Result result;

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	@BeforeAll
	void loadSmallDataSet() {
		Logger logger = (Logger) LoggerFactory.getLogger(DemoLoader.class);
		this.log.start();
		logger.addAppender(this.log);
		try {
			this.result = this.loader.load(DemoSize.SMALL);
		}
		finally {
			logger.detachAppender(this.log);
		}
	}

	@Test
	void everyTableGetsRowsInTheExpectedRange() {
		assertThat(this.result.loaded()).isTrue();
		assertThat(this.result.rows().keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
		EXPECTED.forEach((table, range) -> {
			long rows = this.result.rows().get(table);
			assertThat(rows).as(table).isBetween(range[0], range[1]);
			long inDatabase = table.equals("stock_requirement")
					? count("SELECT count(*) FROM stock_requirement WHERE " + ids("site", "site_id"))
					: count("SELECT count(*) FROM " + table + " WHERE " + ids(table, "id"));
			assertThat(inDatabase).as(table).isEqualTo(rows);
		});
	}

	@Test
	void loadTimeAndRowsAreLoggedAndCounted() {
		List<String> messages = this.log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
		assertThat(messages).anyMatch((m) -> m.matches("Demo data set small loaded: \\d+ rows in [\\d.]+ s .*"));
		assertThat(messages).anyMatch((m) -> m.startsWith("Demo small: sample ") && m.contains("rows/s"));
		// the biggest tables' foreign keys were checked once, after COPY (the embedded
		// database has a superuser)
		assertThat(messages).anyMatch((m) -> m.matches("Demo: \\d+ foreign keys of \\[pool, sample\\] checked in .*"));
		assertThat(this.meters.get(DemoLoader.ROWS_METRIC).tag("table", "sample").counter().count())
			.isGreaterThanOrEqualTo(this.result.rows().get("sample"));
	}

	@Test
	void aSecondLoadIsRefused() {
		long places = count("SELECT count(*) FROM place");
		DemoLoader.Result again = this.loader.load(DemoSize.SMALL);
		assertThat(again.loaded()).isFalse();
		assertThat(count("SELECT count(*) FROM place")).isEqualTo(places);
	}

	@Test
	void theCityHasFiveLevelsOfRealisticPlaces() {
		Map<String, Long> levels = new LinkedHashMap<>();
		this.db.fetch(
				"SELECT level, count(*) AS n, min(nlevel(path)) AS d FROM place WHERE path <@ '950100' GROUP BY level")
			.forEach((r) -> levels.put(r.get("level", String.class), r.get("n", Long.class)));
		assertThat(levels).containsEntry("CITY", 1L).containsEntry("COUNTY", 3L).containsEntry("TOWNSHIP", 6L);
		assertThat(count("SELECT count(*) FROM place WHERE path <@ '950100' AND level = 'GRID' AND depth = 5"))
			.isEqualTo(levels.get("GRID"));
		assertThat(this.db.fetchValue("SELECT name FROM place WHERE code = '950100'")).isEqualTo("临江市");
		assertThat(count("SELECT count(*) FROM place WHERE path <@ '950100' AND level = 'TOWNSHIP' "
				+ "AND (name LIKE '%街道' OR name LIKE '%镇' OR name LIKE '%乡')"))
			.isEqualTo(levels.get("TOWNSHIP"));
		assertThat(count("SELECT count(*) FROM place WHERE path <@ '950100' AND level = 'COMMUNITY' "
				+ "AND (name LIKE '%社区' OR name LIKE '%村')"))
			.isEqualTo(levels.get("COMMUNITY"));
		// the city's population is the number of its residents
		assertThat(count("SELECT population FROM place WHERE code = '950100'"))
			.isEqualTo(this.result.rows().get("person"));
	}

	@Test
	void everySiteTypeIsPresentWithCapacities() {
		Set<SiteType> types = this.db.fetch("SELECT DISTINCT type FROM site WHERE " + ids("site", "id"))
			.stream()
			.map((r) -> SiteType.valueOf(r.get(0, String.class)))
			.collect(Collectors.toCollection(() -> EnumSet.noneOf(SiteType.class)));
		assertThat(types).containsExactlyInAnyOrder(SiteType.values());
		assertThat(count("SELECT count(*) FROM site WHERE " + ids("site", "id")
				+ " AND type = 'QUARANTINE_HOTEL' AND rooms IS NULL"))
			.isZero();
		assertThat(count("SELECT count(*) FROM site WHERE " + ids("site", "id")
				+ " AND type = 'LAB' AND daily_test_capacity IS NULL"))
			.isZero();
		assertThat(count("SELECT count(*) FROM site WHERE " + ids("site", "id") + " AND venue_code NOT LIKE 'LJ%'"))
			.isZero();
	}

	@Test
	void everyIdNumberIsValidAndMatchesBirthDateAndSex() {
		var people = this.db.fetch("SELECT id_number_enc, id_number_hash, id_number_region, legacy_id_number, "
				+ "to_char(birth_date, 'YYYYMMDD') AS birth, sex, phone_enc, phone_hash, legacy_phone FROM person WHERE "
				+ ids("person", "id"));
		assertThat(people).hasSize(this.result.rows().get("person").intValue());
		for (Record person : people) {
			assertThat(person.get("legacy_id_number")).isNull();
			assertThat(person.get("legacy_phone")).isNull();
			String number = this.cipher.decrypt(PersonalField.ID_NUMBER, person.get("id_number_enc", byte[].class));
			assertThat(number).matches("[0-9]{17}[0-9X]");
			assertThat(number.charAt(17)).isEqualTo(Population.checkCharacter(number.substring(0, 17)));
			assertThat(number.substring(6, 14)).isEqualTo(person.get("birth", String.class));
			boolean odd = (number.charAt(16) - '0') % 2 == 1;
			assertThat(odd).isEqualTo(person.get("sex", String.class).equals("MALE"));
			assertThat(person.get("id_number_hash", byte[].class))
				.isEqualTo(this.cipher.hash(PersonalField.ID_NUMBER, number));
			assertThat(person.get("id_number_region", String.class)).isEqualTo(number.substring(0, 6));
			byte[] sealedPhone = person.get("phone_enc", byte[].class);
			if (sealedPhone != null) {
				String phone = this.cipher.decrypt(PersonalField.PHONE, sealedPhone);
				assertThat(phone).matches("1[3-9][0-9]{9}");
				assertThat(person.get("phone_hash", byte[].class))
					.isEqualTo(this.cipher.hash(PersonalField.PHONE, phone));
			}
			else {
				assertThat(person.get("phone_hash")).isNull();
			}
		}
		assertThat(count("SELECT count(DISTINCT id_number_hash) FROM person WHERE " + ids("person", "id")))
			.isEqualTo(people.size());
		// key groups at realistic rates
		assertThat(share("'ELDERLY' = ANY(categories)")).isBetween(0.12, 0.28);
		assertThat(share("'MIGRANT_WORKER' = ANY(categories)")).isBetween(0.04, 0.16);
		assertThat(share("'COLD_CHAIN_WORKER' = ANY(categories)")).isBetween(0.0005, 0.01);
		assertThat(share("health_code = 'GREEN'")).isGreaterThan(0.9);
		assertThat(share("health_code = 'YELLOW'")).isPositive();
		assertThat(share("health_code = 'RED'")).isPositive();
	}

	@Test
	void healthCodesFollowTheirHistory() {
		// the current colour of everyone with a history is the colour of the latest event
		assertThat(
				count("SELECT count(*) FROM person p JOIN LATERAL (SELECT colour, changed_at FROM health_code_event e "
						+ "WHERE e.person_id = p.id ORDER BY changed_at DESC LIMIT 1) last ON true WHERE "
						+ ids("person", "p.id")
						+ " AND (last.colour <> p.health_code OR last.changed_at <> p.health_code_changed_at)"))
			.isZero();
		assertThat(count("SELECT count(*) FROM person p WHERE " + ids("person", "p.id")
				+ " AND health_code <> 'GREEN' AND NOT EXISTS (SELECT 1 FROM health_code_event e WHERE e.person_id = p.id)"))
			.isZero();
	}

	@Test
	void samplesHaveARealisticTurnaroundAndASmallPositiveRate() {
		String demo = ids("sample", "id");
		long samples = this.result.rows().get("sample");
		double positives = count("SELECT count(*) FROM sample WHERE " + demo + " AND result = 'POSITIVE'");
		assertThat(positives / samples).isBetween(0.0001, 0.01);
		assertThat(count("SELECT count(*) FROM sample WHERE " + demo + " AND result IS NULL")).isPositive();
		assertThat(count("SELECT count(*) FROM sample WHERE " + demo + " AND result IS NULL AND due_at < now()"))
			.isPositive();
		assertThat(count("SELECT count(*) FROM sample WHERE " + demo + " AND resulted_at > due_at")).isPositive();
		// due times from the configured deadlines
		assertThat(this.db
			.fetch("SELECT purpose, extract(epoch FROM min(due_at - collected_at))::int / 3600 AS lo, "
					+ "extract(epoch FROM max(due_at - collected_at))::int / 3600 AS hi " + "FROM sample WHERE " + demo
					+ " AND purpose IN ('KEY_GROUP', 'FEVER_CLINIC', 'ROUTINE') GROUP BY purpose")
			.stream()
			.map((r) -> r.get("purpose", String.class) + "=" + r.get("lo") + "/" + r.get("hi"))
			.toList()).containsExactlyInAnyOrder("FEVER_CLINIC=4/4", "KEY_GROUP=6/6", "ROUTINE=24/24");
		// most are pooled PCR; key groups individually; pools hold at most ten
		assertThat((double) count("SELECT count(*) FROM sample WHERE " + demo + " AND pool_id IS NOT NULL") / samples)
			.isGreaterThan(0.5);
		assertThat(count(
				"SELECT count(*) FROM sample WHERE " + demo + " AND purpose = 'KEY_GROUP' AND pool_id IS NOT NULL"))
			.isZero();
		assertThat(count("SELECT max(n) FROM (SELECT count(*) AS n FROM sample WHERE " + demo
				+ " AND pool_id IS NOT NULL GROUP BY pool_id) p"))
			.isLessThanOrEqualTo(10);
		// a person's sample counts for the grid they live in
		assertThat(count("SELECT count(*) FROM sample s JOIN person p ON p.id = s.person_id WHERE "
				+ ids("sample", "s.id") + " AND s.place_id <> p.residence_place_id"))
			.isZero();
		// every purpose occurs, turnaround in hours
		assertThat(count("SELECT count(DISTINCT purpose) FROM sample WHERE " + demo)).isEqualTo(12);
		double medianHours = ((Number) this.db.fetchValue("SELECT extract(epoch FROM percentile_cont(0.5) WITHIN GROUP "
				+ "(ORDER BY resulted_at - collected_at)) / 3600 FROM sample WHERE " + demo + " AND kind = 'PCR'"))
			.doubleValue();
		assertThat(medianHours).isBetween(2.0, 12.0);
		// positive pools send their members to individual re-tests
		assertThat(
				count("SELECT count(*) FROM sample WHERE " + demo + " AND purpose = 'RETEST' AND retest_of_id IS NULL"))
			.isZero();
		assertThat(count("SELECT count(*) FROM pool WHERE " + ids("pool", "id") + " AND result = 'POSITIVE'"))
			.isPositive();
	}

	@Test
	void stockBalancesAreTheSumOfTheirMovements() {
		String demoSites = ids("site", "site_id");
		assertThat(count(
				"SELECT count(*) FROM stock_balance b LEFT JOIN (SELECT site_id, item_id, lot, sum(quantity) AS q "
						+ "FROM stock_movement GROUP BY site_id, item_id, lot) m USING (site_id, item_id, lot) WHERE b."
						+ demoSites + " AND b.on_hand <> coalesce(m.q, 0)"))
			.isZero();
		assertThat(count("SELECT count(*) FROM (SELECT DISTINCT site_id, item_id, lot FROM stock_movement WHERE "
				+ demoSites + ") m LEFT JOIN stock_balance b USING (site_id, item_id, lot) WHERE b.id IS NULL"))
			.isZero();
		String cover = "SELECT count(*) FROM stock_requirement r JOIN (SELECT site_id, item_id, sum(on_hand) AS on_hand "
				+ "FROM stock_balance GROUP BY site_id, item_id) b USING (site_id, item_id) WHERE r." + demoSites
				+ " AND b.on_hand / r.full_load_daily_use ";
		assertThat(count(cover + "< r.target_days")).isPositive();
		assertThat(count(cover + ">= r.target_days")).isPositive();
		assertThat(count("SELECT count(DISTINCT kind) FROM stock_movement WHERE " + demoSites)).isEqualTo(7);
	}

	@Test
	void outbreakRecordsAreConsistent() {
		// all measure states, at most one active measure per person, one person per room
		assertThat(this.db.fetch("SELECT DISTINCT status FROM control_measure WHERE " + ids("control_measure", "id"))
			.map((r) -> r.get(0, String.class)))
			.containsExactlyInAnyOrder("ASSIGNED", "TRANSFERRING", "CHECKED_IN", "RELEASED", "CANCELLED");
		// close and secondary contacts; some not traced past their deadline
		assertThat(this.db.fetch("SELECT DISTINCT degree FROM contact WHERE " + ids("contact", "id"))
			.map((r) -> r.get(0, String.class))).containsExactlyInAnyOrder("CLOSE", "SECONDARY");
		assertThat(count("SELECT count(*) FROM contact WHERE " + ids("contact", "id")
				+ " AND traced_at IS NULL AND trace_due_at < now()"))
			.isPositive();
		// returnees from medium- and high-risk areas carry the level designated at
		// arrival
		assertThat(count("SELECT count(*) FROM travel_record t WHERE " + ids("travel_record", "t.id")
				+ " AND origin_risk_level IN ('MEDIUM', 'HIGH')"))
			.isPositive();
		assertThat(count("SELECT count(*) FROM travel_record t WHERE " + ids("travel_record", "t.id")
				+ " AND origin_risk_level <> coalesce((SELECT d.level FROM risk_designation d WHERE t.origin_area_code LIKE d.area_code || '%' "
				+ "AND d.effective_from <= t.arrived_at AND (d.effective_to IS NULL OR t.arrived_at < d.effective_to) "
				+ "ORDER BY length(d.area_code) DESC LIMIT 1), 'NONE')"))
			.isZero();
		assertThat(count("SELECT count(*) FROM control_measure WHERE " + ids("control_measure", "id")
				+ " AND reason IN ('RETURNEE_HIGH_RISK', 'RETURNEE_MEDIUM_RISK') AND travel_record_id IS NULL"))
			.isZero();
		// designations: local and outside, current and expired
		String designations = "SELECT count(*) FROM risk_designation WHERE " + ids("risk_designation", "id");
		assertThat(count(designations + " AND place_id IS NOT NULL")).isPositive();
		assertThat(count(designations + " AND effective_to < now()")).isPositive();
		assertThat(count(designations + " AND effective_to IS NULL")).isPositive();
		// cases with their three-level review; health checks of people checked in
		assertThat(this.db.fetch("SELECT DISTINCT classification FROM case_report WHERE " + ids("case_report", "id"))
			.map((r) -> r.get(0, String.class)))
			.containsExactlyInAnyOrder("CONFIRMED", "ASYMPTOMATIC", "SUSPECTED", "EXCLUDED");
		assertThat(count("SELECT count(*) FROM health_check h JOIN control_measure m ON m.id = h.measure_id WHERE "
				+ ids("health_check", "h.id") + " AND m.person_id <> h.person_id"))
			.isZero();
	}

	@Test
	void sentinelsAndReportsLookLikeADay() {
		assertThat(count("SELECT count(*) FROM fever_clinic_visit WHERE " + ids("fever_clinic_visit", "id")
				+ " AND sample_id IS NOT NULL"))
			.isGreaterThan(this.result.rows().get("fever_clinic_visit") / 2);
		assertThat(this.db.fetch("SELECT DISTINCT follow_up_status FROM drug_sale WHERE " + ids("drug_sale", "id"))
			.map((r) -> r.get(0, String.class))).containsExactlyInAnyOrder("PENDING", "TESTED", "CLEARED");
		// institutions that have not sent today's report
		assertThat(count("SELECT count(*) FROM site s WHERE " + ids("site", "s.id")
				+ " AND type IN ('SCHOOL', 'NURSING_HOME', 'WELFARE_HOME', 'PRISON', 'DETENTION_CENTER', 'PSYCHIATRIC_HOSPITAL') "
				+ "AND NOT EXISTS (SELECT 1 FROM daily_report r WHERE r.site_id = s.id "
				+ "AND r.report_date = (now() AT TIME ZONE 'Asia/Shanghai')::date)"))
			.isPositive();
		assertThat(count("SELECT count(*) FROM inspection WHERE " + ids("inspection", "id")
				+ " AND status = 'OPEN' AND rectification_due_on < current_date"))
			.isPositive();
		assertThat(count("SELECT count(*) FROM cold_chain_batch WHERE " + ids("cold_chain_batch", "id")
				+ " AND status = 'RELEASED' AND NOT EXISTS (SELECT 1 FROM cold_chain_disinfection d WHERE d.batch_id = cold_chain_batch.id)"))
			.isZero();
	}

	private long count(String sql) {
		Number value = (Number) this.db.fetchValue(sql);
		return (value != null) ? value.longValue() : 0;
	}

	private double share(String condition) {
		return (double) count("SELECT count(*) FROM person WHERE " + ids("person", "id") + " AND " + condition)
				/ this.result.rows().get("person");
	}

	/** The ids the load gave a table, as a condition on a column. */
	private String ids(String table, String column) {
		long first = this.result.firstIds().get(table);
		return column + " BETWEEN " + first + " AND " + (first + this.result.rows().get(table) - 1);
	}

	private static Map<String, long[]> expected() {
		Map<String, long[]> e = new LinkedHashMap<>();
		e.put("place", new long[] { 64, 64 });
		e.put("site", new long[] { 150, 260 });
		e.put("supply_item", new long[] { 21, 21 });
		e.put("person", new long[] { 3000, 4500 });
		e.put("grid_staff", new long[] { 150, 300 });
		e.put("risk_designation", new long[] { 17, 17 });
		e.put("health_code_event", new long[] { 20, 400 });
		e.put("travel_record", new long[] { 60, 200 });
		e.put("campaign", new long[] { 7, 7 });
		e.put("cold_chain_batch", new long[] { 40, 70 });
		e.put("cold_chain_disinfection", new long[] { 40, 160 });
		e.put("cold_chain_movement", new long[] { 40, 260 });
		e.put("pool", new long[] { 2000, 5000 });
		e.put("sample", new long[] { 20000, 60000 });
		e.put("case_report", new long[] { 3, 40 });
		e.put("contact", new long[] { 10, 200 });
		e.put("control_measure", new long[] { 10, 250 });
		e.put("health_check", new long[] { 30, 2000 });
		e.put("fever_clinic_visit", new long[] { 10, 120 });
		e.put("drug_sale", new long[] { 40, 250 });
		e.put("stock_movement", new long[] { 8000, 60000 });
		e.put("stock_balance", new long[] { 800, 8000 });
		e.put("stock_requirement", new long[] { 300, 1500 });
		e.put("daily_report", new long[] { 300, 1000 });
		e.put("inspection", new long[] { 30, 150 });
		e.put("vaccination", new long[] { 5000, 11000 });
		e.put("adverse_reaction", new long[] { 1, 40 });
		e.put("gathering", new long[] { 12, 60 });
		return e;
	}

}
