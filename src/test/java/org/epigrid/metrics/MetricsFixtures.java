package org.epigrid.metrics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

import org.epigrid.support.TestData;
import org.epigrid.support.TestData.Ref;

import static org.epigrid.jooq.Tables.COLD_CHAIN_BATCH;
import static org.epigrid.jooq.Tables.CONTACT;
import static org.epigrid.jooq.Tables.CONTROL_MEASURE;
import static org.epigrid.jooq.Tables.DAILY_REPORT;
import static org.epigrid.jooq.Tables.INSPECTION;
import static org.epigrid.jooq.Tables.SAMPLE;
import static org.epigrid.jooq.Tables.STOCK_BALANCE;
import static org.epigrid.jooq.Tables.STOCK_REQUIREMENT;
import static org.epigrid.jooq.Tables.SUPPLY_ITEM;

/**
 * One county with a known situation: the numbers every metric and reporting view must
 * show for it, written down by hand in {@link Scenario}.
 */
class MetricsFixtures {

	private static final AtomicInteger SEQUENCE = new AtomicInteger(1);

	private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36).toUpperCase();

	private final DSLContext db;

	private final TestData data;

	MetricsFixtures(DSLContext db, TestData data) {
		this.db = db;
		this.data = data;
	}

	/**
	 * What was built: the county, and the day three days ago (at 10:00 in the JVM's zone,
	 * which is the database session's zone) on which four routine PCR samples were
	 * collected.
	 */
	record Scenario(Ref county, Ref grid, LocalDate pastDay) {
	}

	/**
	 * <ul>
	 * <li>samples, ROUTINE PCR collected on {@code pastDay} 10:00: NEGATIVE after 2 h,
	 * POSITIVE after 4 h, NEGATIVE after 30 h (24 h deadline: late), one still pending
	 * (overdue); ROUTINE PCR collected 2 h ago, POSITIVE 1 h ago; KEY_GROUP ANTIGEN
	 * collected 1 h ago, pending, due in 5 h</li>
	 * <li>a quarantine hotel (50 rooms) with two people checked in, one due for release
	 * today</li>
	 * <li>two contacts: one untraced past its deadline, one traced in time</li>
	 * <li>a depot holding PPE for 10 days (target 30) and MEDICINE for 50 days</li>
	 * <li>two schools, one reported today</li>
	 * <li>a held cold-chain batch without a test, an inspection past its rectification
	 * day</li>
	 * </ul>
	 */
	Scenario build() {
		Ref[] chain = this.data.chain("指标" + SEQUENCE.getAndIncrement());
		Ref county = chain[1];
		Ref grid = chain[4];
		OffsetDateTime now = OffsetDateTime.now();
		LocalDate pastDay = LocalDate.now().minusDays(3);
		OffsetDateTime day = pastDay.atTime(10, 0).atZone(ZoneId.systemDefault()).toOffsetDateTime();
		long lab = this.data.site(grid, "LAB", "指标实验室");
		sample(lab, grid, "ROUTINE", "PCR", day, day.plusHours(24), "NEGATIVE", day.plusHours(2));
		sample(lab, grid, "ROUTINE", "PCR", day, day.plusHours(24), "POSITIVE", day.plusHours(4));
		sample(lab, grid, "ROUTINE", "PCR", day, day.plusHours(24), "NEGATIVE", day.plusHours(30));
		sample(lab, grid, "ROUTINE", "PCR", day, day.plusHours(24), null, null);
		sample(lab, grid, "ROUTINE", "PCR", now.minusHours(2), now.plusHours(22), "POSITIVE", now.minusHours(1));
		sample(lab, grid, "KEY_GROUP", "ANTIGEN", now.minusHours(1), now.plusHours(5), null, null);

		long hotel = this.data.site(grid, "QUARANTINE_HOTEL", "指标隔离酒店");
		checkIn(this.data.person(grid, "隔离甲"), hotel, "101", LocalDate.now());
		checkIn(this.data.person(grid, "隔离乙"), hotel, "102", LocalDate.now().plusDays(5));

		long source = this.data.person(grid, "源头");
		contact(source, this.data.person(grid, "密接甲"), now.minusHours(30), now.minusHours(6), null);
		contact(source, this.data.person(grid, "密接乙"), now.minusHours(30), now.minusHours(6), now.minusHours(20));

		long depot = this.data.site(grid, "SUPPLY_DEPOT", "指标物资库");
		stock(depot, item("PPE"), "100", "10");
		stock(depot, item("MEDICINE"), "500", "10");

		long school = this.data.site(grid, "SCHOOL", "指标一小");
		this.data.site(grid, "SCHOOL", "指标二小");
		this.db.insertInto(DAILY_REPORT)
			.set(DAILY_REPORT.SITE_ID, school)
			.set(DAILY_REPORT.REPORT_DATE, LocalDate.now())
			.set(DAILY_REPORT.ZERO_REPORT, true)
			.set(DAILY_REPORT.REPORTED_AT, now)
			.execute();

		long warehouse = this.data.site(grid, "CENTRAL_SUPERVISION_WAREHOUSE", "指标监管仓");
		this.db.insertInto(COLD_CHAIN_BATCH)
			.set(COLD_CHAIN_BATCH.BATCH_NO, "MB-" + RUN + "-" + SEQUENCE.getAndIncrement())
			.set(COLD_CHAIN_BATCH.PRODUCT, "frozen shrimp")
			.set(COLD_CHAIN_BATCH.ORIGIN_COUNTRY, "EC")
			.set(COLD_CHAIN_BATCH.QUANTITY_KG, new BigDecimal("1000"))
			.set(COLD_CHAIN_BATCH.WAREHOUSE_SITE_ID, warehouse)
			.set(COLD_CHAIN_BATCH.ARRIVED_AT, now.minusHours(3))
			.execute();
		this.db.insertInto(INSPECTION)
			.set(INSPECTION.PLACE_ID, grid.id())
			.set(INSPECTION.INSPECTED_AT, now.minusDays(5))
			.set(INSPECTION.INSPECTOR, "督导组")
			.set(INSPECTION.FINDING, "no temperature checks at the entrance")
			.set(INSPECTION.SEVERITY, "MAJOR")
			.set(INSPECTION.RECTIFICATION_DUE_ON, LocalDate.now().minusDays(1))
			.execute();
		return new Scenario(county, grid, pastDay);
	}

	private void sample(long site, Ref place, String purpose, String kind, OffsetDateTime collectedAt,
			OffsetDateTime dueAt, @Nullable String result, @Nullable OffsetDateTime resultedAt) {
		this.db.insertInto(SAMPLE)
			.set(SAMPLE.BARCODE, "M-" + RUN + "-" + String.format("%06d", SEQUENCE.getAndIncrement()))
			.set(SAMPLE.KIND, kind)
			.set(SAMPLE.SPECIMEN, "ENVIRONMENTAL_SWAB")
			.set(SAMPLE.PURPOSE, purpose)
			.set(SAMPLE.SITE_ID, site)
			.set(SAMPLE.PLACE_ID, place.id())
			.set(SAMPLE.LAB_SITE_ID, site)
			.set(SAMPLE.COLLECTED_AT, collectedAt)
			.set(SAMPLE.RECEIVED_AT, collectedAt)
			.set(SAMPLE.DUE_AT, dueAt)
			.set(SAMPLE.RESULT, result)
			.set(SAMPLE.RESULTED_AT, resultedAt)
			.execute();
	}

	private void checkIn(long person, long hotel, String room, LocalDate plannedRelease) {
		OffsetDateTime assigned = OffsetDateTime.now().minusDays(10);
		this.db.insertInto(CONTROL_MEASURE)
			.set(CONTROL_MEASURE.PERSON_ID, person)
			.set(CONTROL_MEASURE.KIND, "CENTRALIZED_QUARANTINE")
			.set(CONTROL_MEASURE.REASON, "CLOSE_CONTACT")
			.set(CONTROL_MEASURE.SITE_ID, hotel)
			.set(CONTROL_MEASURE.ROOM, room)
			.set(CONTROL_MEASURE.STATUS, "CHECKED_IN")
			.set(CONTROL_MEASURE.ASSIGNED_AT, assigned)
			.set(CONTROL_MEASURE.CHECKED_IN_AT, assigned.plusHours(3))
			.set(CONTROL_MEASURE.PLANNED_RELEASE_ON, plannedRelease)
			.execute();
	}

	private void contact(long source, long contact, OffsetDateTime identifiedAt, OffsetDateTime dueAt,
			@Nullable OffsetDateTime tracedAt) {
		this.db.insertInto(CONTACT)
			.set(CONTACT.SOURCE_PERSON_ID, source)
			.set(CONTACT.CONTACT_PERSON_ID, contact)
			.set(CONTACT.DEGREE, "CLOSE")
			.set(CONTACT.EXPOSURE_AT, identifiedAt.minusDays(1))
			.set(CONTACT.IDENTIFIED_AT, identifiedAt)
			.set(CONTACT.TRACE_DUE_AT, dueAt)
			.set(CONTACT.TRACED_AT, tracedAt)
			.execute();
	}

	private long item(String category) {
		return this.db.insertInto(SUPPLY_ITEM)
			.set(SUPPLY_ITEM.CODE, "M" + SEQUENCE.getAndIncrement() + "-" + RUN)
			.set(SUPPLY_ITEM.NAME, category + " item")
			.set(SUPPLY_ITEM.CATEGORY, category)
			.set(SUPPLY_ITEM.UNIT, "box")
			.returning(SUPPLY_ITEM.ID)
			.fetchOne(SUPPLY_ITEM.ID);
	}

	private void stock(long site, long item, String onHand, String dailyUse) {
		this.db.insertInto(STOCK_BALANCE)
			.set(STOCK_BALANCE.SITE_ID, site)
			.set(STOCK_BALANCE.ITEM_ID, item)
			.set(STOCK_BALANCE.LOT, "L1")
			.set(STOCK_BALANCE.ON_HAND, new BigDecimal(onHand))
			.execute();
		this.db.insertInto(STOCK_REQUIREMENT)
			.set(STOCK_REQUIREMENT.SITE_ID, site)
			.set(STOCK_REQUIREMENT.ITEM_ID, item)
			.set(STOCK_REQUIREMENT.FULL_LOAD_DAILY_USE, new BigDecimal(dailyUse))
			.execute();
	}

}
