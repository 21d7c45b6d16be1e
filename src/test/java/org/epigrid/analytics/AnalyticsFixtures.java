package org.epigrid.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

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
import static org.epigrid.jooq.Tables.TRAVEL_RECORD;
import static org.epigrid.jooq.Tables.VACCINATION;

/**
 * Inserts the records the analytics read, with fresh unique codes on every call.
 */
class AnalyticsFixtures {

	private static final AtomicInteger SEQUENCE = new AtomicInteger(1);

	private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36).toUpperCase();

	private final DSLContext db;

	AnalyticsFixtures(DSLContext db) {
		this.db = db;
	}

	static String code(String prefix) {
		return prefix + "-" + RUN + "-" + String.format("%06d", SEQUENCE.getAndIncrement());
	}

	/**
	 * A PCR routine sample placed in {@code place}, subject a site (so that no person is
	 * needed), due 24 h after collection.
	 */
	SampleBuilder sample(Ref place, long site, OffsetDateTime collectedAt) {
		return new SampleBuilder(place.id(), site, collectedAt);
	}

	final class SampleBuilder {

		private final long place;

		private final long site;

		private final OffsetDateTime collectedAt;

		private String purpose = "ROUTINE";

		private String kind = "PCR";

		private OffsetDateTime dueAt;

		private @Nullable String result;

		private @Nullable OffsetDateTime resultedAt;

		private @Nullable Long batch;

		private @Nullable OffsetDateTime updatedAt;

		private SampleBuilder(long place, long site, OffsetDateTime collectedAt) {
			this.place = place;
			this.site = site;
			this.collectedAt = collectedAt;
			this.dueAt = collectedAt.plusHours(24);
		}

		SampleBuilder purpose(String purpose) {
			this.purpose = purpose;
			return this;
		}

		SampleBuilder kind(String kind) {
			this.kind = kind;
			return this;
		}

		SampleBuilder dueAfterMinutes(int minutes) {
			this.dueAt = this.collectedAt.plusMinutes(minutes);
			return this;
		}

		/** Resulted this many minutes after collection. */
		SampleBuilder resulted(String result, int minutes) {
			this.result = result;
			this.resultedAt = this.collectedAt.plusMinutes(minutes);
			return this;
		}

		SampleBuilder batch(long batch) {
			this.batch = batch;
			return this;
		}

		/**
		 * Stamps the row as last changed at this time (the refresh watermark reads it).
		 */
		SampleBuilder updatedAt(OffsetDateTime updatedAt) {
			this.updatedAt = updatedAt;
			return this;
		}

		long insert() {
			var insert = AnalyticsFixtures.this.db.insertInto(SAMPLE)
				.set(SAMPLE.BARCODE, code("AS"))
				.set(SAMPLE.KIND, this.kind)
				.set(SAMPLE.SPECIMEN, (this.batch != null) ? "PACKAGE_SWAB" : "ENVIRONMENTAL_SWAB")
				.set(SAMPLE.PURPOSE, this.purpose)
				.set(SAMPLE.SITE_ID, (this.batch != null) ? null : this.site)
				.set(SAMPLE.BATCH_ID, this.batch)
				.set(SAMPLE.PLACE_ID, this.place)
				.set(SAMPLE.COLLECTED_AT, this.collectedAt)
				.set(SAMPLE.DUE_AT, this.dueAt)
				.set(SAMPLE.RESULT, this.result)
				.set(SAMPLE.RESULTED_AT, this.resultedAt);
			if (this.updatedAt != null) {
				insert = insert.set(SAMPLE.UPDATED_AT, this.updatedAt);
			}
			return insert.returning(SAMPLE.ID).fetchOne(SAMPLE.ID);
		}

	}

	long contact(long source, long contact, OffsetDateTime identifiedAt, OffsetDateTime dueAt,
			@Nullable OffsetDateTime tracedAt, String degree) {
		return this.db.insertInto(CONTACT)
			.set(CONTACT.SOURCE_PERSON_ID, source)
			.set(CONTACT.CONTACT_PERSON_ID, contact)
			.set(CONTACT.DEGREE, degree)
			.set(CONTACT.EXPOSURE_AT, identifiedAt.minusDays(1))
			.set(CONTACT.IDENTIFIED_AT, identifiedAt)
			.set(CONTACT.TRACE_DUE_AT, dueAt)
			.set(CONTACT.TRACED_AT, tracedAt)
			.returning(CONTACT.ID)
			.fetchOne(CONTACT.ID);
	}

	long travel(long person, Ref destination, OffsetDateTime arrivedAt, String originRisk) {
		return this.db.insertInto(TRAVEL_RECORD)
			.set(TRAVEL_RECORD.PERSON_ID, person)
			.set(TRAVEL_RECORD.ORIGIN_AREA_CODE, "420100")
			.set(TRAVEL_RECORD.ORIGIN_NAME, "origin")
			.set(TRAVEL_RECORD.ORIGIN_RISK_LEVEL, originRisk)
			.set(TRAVEL_RECORD.ARRIVED_AT, arrivedAt)
			.set(TRAVEL_RECORD.TRANSPORT, "TRAIN")
			.set(TRAVEL_RECORD.DESTINATION_PLACE_ID, destination.id())
			.set(TRAVEL_RECORD.DETECTED_VIA, "DATA_PUSH")
			.returning(TRAVEL_RECORD.ID)
			.fetchOne(TRAVEL_RECORD.ID);
	}

	/**
	 * A centralized quarantine checked in at the site (or home quarantine without one).
	 */
	long checkedIn(long person, @Nullable Long site, LocalDate plannedRelease) {
		OffsetDateTime assigned = OffsetDateTime.now().minusDays(5);
		return this.db.insertInto(CONTROL_MEASURE)
			.set(CONTROL_MEASURE.PERSON_ID, person)
			.set(CONTROL_MEASURE.KIND, (site != null) ? "CENTRALIZED_QUARANTINE" : "HOME_QUARANTINE")
			.set(CONTROL_MEASURE.REASON, "CLOSE_CONTACT")
			.set(CONTROL_MEASURE.SITE_ID, site)
			.set(CONTROL_MEASURE.STATUS, "CHECKED_IN")
			.set(CONTROL_MEASURE.ASSIGNED_AT, assigned)
			.set(CONTROL_MEASURE.CHECKED_IN_AT, assigned.plusHours(2))
			.set(CONTROL_MEASURE.PLANNED_RELEASE_ON, plannedRelease)
			.returning(CONTROL_MEASURE.ID)
			.fetchOne(CONTROL_MEASURE.ID);
	}

	/** A measure that is over (released), which no longer occupies a room. */
	long released(long person, long site) {
		OffsetDateTime assigned = OffsetDateTime.now().minusDays(20);
		return this.db.insertInto(CONTROL_MEASURE)
			.set(CONTROL_MEASURE.PERSON_ID, person)
			.set(CONTROL_MEASURE.KIND, "CENTRALIZED_QUARANTINE")
			.set(CONTROL_MEASURE.REASON, "CLOSE_CONTACT")
			.set(CONTROL_MEASURE.SITE_ID, site)
			.set(CONTROL_MEASURE.STATUS, "RELEASED")
			.set(CONTROL_MEASURE.ASSIGNED_AT, assigned)
			.set(CONTROL_MEASURE.CHECKED_IN_AT, assigned.plusHours(2))
			.set(CONTROL_MEASURE.PLANNED_RELEASE_ON, assigned.toLocalDate().plusDays(14))
			.set(CONTROL_MEASURE.RELEASED_AT, assigned.plusDays(14))
			.returning(CONTROL_MEASURE.ID)
			.fetchOne(CONTROL_MEASURE.ID);
	}

	long item(String name) {
		return this.db.insertInto(SUPPLY_ITEM)
			.set(SUPPLY_ITEM.CODE, code("I"))
			.set(SUPPLY_ITEM.NAME, name)
			.set(SUPPLY_ITEM.CATEGORY, "PPE")
			.set(SUPPLY_ITEM.UNIT, "只")
			.returning(SUPPLY_ITEM.ID)
			.fetchOne(SUPPLY_ITEM.ID);
	}

	void balance(long site, long item, String onHand) {
		this.db.insertInto(STOCK_BALANCE)
			.set(STOCK_BALANCE.SITE_ID, site)
			.set(STOCK_BALANCE.ITEM_ID, item)
			.set(STOCK_BALANCE.LOT, code("L"))
			.set(STOCK_BALANCE.ON_HAND, new BigDecimal(onHand))
			.execute();
	}

	void requirement(long site, long item, String dailyUse, int targetDays) {
		this.db.insertInto(STOCK_REQUIREMENT)
			.set(STOCK_REQUIREMENT.SITE_ID, site)
			.set(STOCK_REQUIREMENT.ITEM_ID, item)
			.set(STOCK_REQUIREMENT.FULL_LOAD_DAILY_USE, new BigDecimal(dailyUse))
			.set(STOCK_REQUIREMENT.TARGET_DAYS, targetDays)
			.execute();
	}

	void doses(long person, long site, int doses) {
		for (int dose = 1; dose <= doses; dose++) {
			this.db.insertInto(VACCINATION)
				.set(VACCINATION.PERSON_ID, person)
				.set(VACCINATION.DOSE_NUMBER, (short) dose)
				.set(VACCINATION.PRODUCT, "vaccine")
				.set(VACCINATION.LOT, code("V"))
				.set(VACCINATION.SITE_ID, site)
				.set(VACCINATION.VACCINATED_AT, OffsetDateTime.now().minusDays(60L - dose * 28L))
				.execute();
		}
	}

	void dailyReport(long site, LocalDate day) {
		this.db.insertInto(DAILY_REPORT)
			.set(DAILY_REPORT.SITE_ID, site)
			.set(DAILY_REPORT.REPORT_DATE, day)
			.set(DAILY_REPORT.ZERO_REPORT, true)
			.set(DAILY_REPORT.REPORTED_AT, OffsetDateTime.now())
			.execute();
	}

	long inspection(Ref place, @Nullable Long site, String severity, LocalDate dueOn, String status) {
		return this.db.insertInto(INSPECTION)
			.set(INSPECTION.PLACE_ID, place.id())
			.set(INSPECTION.SITE_ID, site)
			.set(INSPECTION.INSPECTED_AT, OffsetDateTime.now().minusDays(10))
			.set(INSPECTION.INSPECTOR, "inspector")
			.set(INSPECTION.FINDING, "no temperature checks at the entrance")
			.set(INSPECTION.SEVERITY, severity)
			.set(INSPECTION.RECTIFICATION_DUE_ON, dueOn)
			.set(INSPECTION.STATUS, status)
			.set(INSPECTION.RECTIFIED_AT, status.equals("OPEN") ? null : OffsetDateTime.now())
			.returning(INSPECTION.ID)
			.fetchOne(INSPECTION.ID);
	}

	long batch(long warehouse, OffsetDateTime arrivedAt, String status) {
		return this.db.insertInto(COLD_CHAIN_BATCH)
			.set(COLD_CHAIN_BATCH.BATCH_NO, code("B"))
			.set(COLD_CHAIN_BATCH.PRODUCT, "frozen shrimp")
			.set(COLD_CHAIN_BATCH.ORIGIN_COUNTRY, "EC")
			.set(COLD_CHAIN_BATCH.QUANTITY_KG, new BigDecimal("1200.00"))
			.set(COLD_CHAIN_BATCH.WAREHOUSE_SITE_ID, warehouse)
			.set(COLD_CHAIN_BATCH.ARRIVED_AT, arrivedAt)
			.set(COLD_CHAIN_BATCH.STATUS, status)
			.set(COLD_CHAIN_BATCH.RELEASED_AT, status.equals("RELEASED") ? arrivedAt.plusDays(2) : null)
			.returning(COLD_CHAIN_BATCH.ID)
			.fetchOne(COLD_CHAIN_BATCH.ID);
	}

}
