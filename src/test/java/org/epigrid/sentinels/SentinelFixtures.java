package org.epigrid.sentinels;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

import org.epigrid.support.GlobalId;
import org.epigrid.support.TestData.Ref;

import static org.epigrid.jooq.Tables.CAMPAIGN;
import static org.epigrid.jooq.Tables.DRUG_SALE;
import static org.epigrid.jooq.Tables.FEVER_CLINIC_VISIT;
import static org.epigrid.jooq.Tables.SAMPLE;

/**
 * Builds campaigns, person samples, fever-clinic visits and drug sales for tests,
 * straight into the tables. Samples meet the table's checks: one subject (the person), a
 * barcode of {@code [A-Z0-9-]}, a place (the residence), due after collection, no result.
 */
class SentinelFixtures {

	private static final AtomicInteger SEQUENCE = new AtomicInteger(1);

	private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36).toUpperCase();

	private final DSLContext db;

	SentinelFixtures(DSLContext db) {
		this.db = db;
	}

	/** A fresh barcode matching {@code ^[A-Z0-9-]{6,32}$}. */
	static String barcode() {
		return "SN-" + RUN + "-" + String.format("%06d", SEQUENCE.getAndIncrement());
	}

	/** A sample row as tests need it. */
	record Row(long id, String barcode) {

		String globalId() {
			return GlobalId.encode("Sample", this.id);
		}

	}

	long campaign(Ref area, String name, LocalDate startsOn, LocalDate endsOn) {
		return this.db.insertInto(CAMPAIGN)
			.set(CAMPAIGN.NAME, name)
			.set(CAMPAIGN.PLACE_ID, area.id())
			.set(CAMPAIGN.STARTS_ON, startsOn)
			.set(CAMPAIGN.ENDS_ON, endsOn)
			.returning(CAMPAIGN.ID)
			.fetchOne(CAMPAIGN.ID);
	}

	/** A pending PCR throat swab of a person, counted for their residence. */
	Row sample(long person, Ref residence, OffsetDateTime collectedAt, @Nullable Long campaign) {
		String barcode = barcode();
		long id = this.db.insertInto(SAMPLE)
			.set(SAMPLE.BARCODE, barcode)
			.set(SAMPLE.KIND, "PCR")
			.set(SAMPLE.SPECIMEN, "OROPHARYNGEAL_SWAB")
			.set(SAMPLE.PURPOSE, (campaign != null) ? "MASS_TESTING" : "ROUTINE")
			.set(SAMPLE.PERSON_ID, person)
			.set(SAMPLE.PLACE_ID, residence.id())
			.set(SAMPLE.CAMPAIGN_ID, campaign)
			.set(SAMPLE.COLLECTED_AT, collectedAt)
			.set(SAMPLE.DUE_AT, collectedAt.plusHours(24))
			.returning(SAMPLE.ID)
			.fetchOne(SAMPLE.ID);
		return new Row(id, barcode);
	}

	long visit(long site, long person, OffsetDateTime visitedAt, @Nullable Long sample) {
		return this.db.insertInto(FEVER_CLINIC_VISIT)
			.set(FEVER_CLINIC_VISIT.SITE_ID, site)
			.set(FEVER_CLINIC_VISIT.PERSON_ID, person)
			.set(FEVER_CLINIC_VISIT.VISITED_AT, visitedAt)
			.set(FEVER_CLINIC_VISIT.TEMPERATURE, new BigDecimal("38.2"))
			.set(FEVER_CLINIC_VISIT.SYMPTOMS, new String[] { "FEVER", "COUGH" })
			.set(FEVER_CLINIC_VISIT.SAMPLE_ID, sample)
			.returning(FEVER_CLINIC_VISIT.ID)
			.fetchOne(FEVER_CLINIC_VISIT.ID);
	}

	/** A PENDING sale of one package. */
	long sale(long pharmacy, long person, String category, String drugName, OffsetDateTime soldAt) {
		return this.db.insertInto(DRUG_SALE)
			.set(DRUG_SALE.PHARMACY_SITE_ID, pharmacy)
			.set(DRUG_SALE.PERSON_ID, person)
			.set(DRUG_SALE.DRUG_CATEGORY, category)
			.set(DRUG_SALE.DRUG_NAME, drugName)
			.set(DRUG_SALE.QUANTITY, 1)
			.set(DRUG_SALE.SOLD_AT, soldAt)
			.returning(DRUG_SALE.ID)
			.fetchOne(DRUG_SALE.ID);
	}

	/** Closes a sale's follow-up as TESTED with the given sample, or CLEARED. */
	void closeSale(long sale, @Nullable Long sample) {
		this.db.update(DRUG_SALE)
			.set(DRUG_SALE.FOLLOW_UP_STATUS, (sample != null) ? "TESTED" : "CLEARED")
			.set(DRUG_SALE.FOLLOWED_UP_AT, OffsetDateTime.now())
			.set(DRUG_SALE.FOLLOW_UP_SAMPLE_ID, sample)
			.set(DRUG_SALE.FOLLOW_UP_REASON, (sample != null) ? null : "bought for a family member")
			.where(DRUG_SALE.ID.eq(sale))
			.execute();
	}

}
