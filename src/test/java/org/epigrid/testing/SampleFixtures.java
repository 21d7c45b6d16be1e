package org.epigrid.testing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

import org.epigrid.support.GlobalId;
import org.epigrid.support.TestData.Ref;

import static org.epigrid.jooq.Tables.CAMPAIGN;
import static org.epigrid.jooq.Tables.COLD_CHAIN_BATCH;
import static org.epigrid.jooq.Tables.POOL;
import static org.epigrid.jooq.Tables.SAMPLE;

/**
 * Builds samples, pools, campaigns and cold-chain batches for tests. Barcodes are fresh
 * on every call, so tests never collide on the unique barcode constraints.
 */
class SampleFixtures {

	private static final AtomicInteger SEQUENCE = new AtomicInteger(1);

	private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36).toUpperCase();

	private final DSLContext db;

	SampleFixtures(DSLContext db) {
		this.db = db;
	}

	/** A fresh barcode matching {@code ^[A-Z0-9-]{6,32}$}. */
	static String barcode(String prefix) {
		return prefix + "-" + RUN + "-" + String.format("%06d", SEQUENCE.getAndIncrement());
	}

	/** A sample row as tests need it: database id, barcode, global id. */
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

	/**
	 * A pool opened, closed and received as given; resulted when {@code result} is set.
	 */
	long pool(int size, @Nullable Long collectionSite, @Nullable Long lab, OffsetDateTime openedAt,
			@Nullable OffsetDateTime receivedAt, @Nullable String result, @Nullable OffsetDateTime resultedAt) {
		return this.db.insertInto(POOL)
			.set(POOL.BARCODE, barcode("P"))
			.set(POOL.SIZE, (short) size)
			.set(POOL.COLLECTION_SITE_ID, collectionSite)
			.set(POOL.LAB_SITE_ID, lab)
			.set(POOL.OPENED_AT, openedAt)
			.set(POOL.CLOSED_AT, openedAt)
			.set(POOL.RECEIVED_AT, receivedAt)
			.set(POOL.RESULT, result)
			.set(POOL.RESULTED_AT, resultedAt)
			.returning(POOL.ID)
			.fetchOne(POOL.ID);
	}

	/** A held batch of imported frozen food in the given warehouse. */
	long coldChainBatch(long warehouseSite, OffsetDateTime arrivedAt) {
		return this.db.insertInto(COLD_CHAIN_BATCH)
			.set(COLD_CHAIN_BATCH.BATCH_NO, barcode("B"))
			.set(COLD_CHAIN_BATCH.PRODUCT, "frozen shrimp")
			.set(COLD_CHAIN_BATCH.ORIGIN_COUNTRY, "EC")
			.set(COLD_CHAIN_BATCH.QUANTITY_KG, new BigDecimal("1200.00"))
			.set(COLD_CHAIN_BATCH.WAREHOUSE_SITE_ID, warehouseSite)
			.set(COLD_CHAIN_BATCH.ARRIVED_AT, arrivedAt)
			.returning(COLD_CHAIN_BATCH.ID)
			.fetchOne(COLD_CHAIN_BATCH.ID);
	}

	/** A PCR throat swab for routine testing, due 24 hours after collection. */
	Builder sample(OffsetDateTime collectedAt) {
		return new Builder(collectedAt);
	}

	/** One sample to insert; set exactly one subject. */
	final class Builder {

		private String barcode = barcode("S");

		private String kind = "PCR";

		private String specimen = "OROPHARYNGEAL_SWAB";

		private String purpose = "ROUTINE";

		private @Nullable Long person;

		private @Nullable Long batch;

		private @Nullable Long site;

		private long place;

		private @Nullable Long pool;

		private @Nullable Long campaign;

		private @Nullable Long retestOf;

		private @Nullable Long collectionSite;

		private @Nullable Long lab;

		private final OffsetDateTime collectedAt;

		private OffsetDateTime dueAt;

		private @Nullable OffsetDateTime receivedAt;

		private @Nullable OffsetDateTime resultedAt;

		private @Nullable String result;

		private @Nullable BigDecimal ctValue;

		private Builder(OffsetDateTime collectedAt) {
			this.collectedAt = collectedAt;
			this.dueAt = collectedAt.plusHours(24);
		}

		Builder person(long person, Ref residence) {
			this.person = person;
			this.place = residence.id();
			return this;
		}

		Builder environment(long site, Ref place) {
			this.site = site;
			this.place = place.id();
			this.specimen = "ENVIRONMENTAL_SWAB";
			this.purpose = "ENVIRONMENT";
			return this;
		}

		Builder coldChain(long batch, Ref place) {
			this.batch = batch;
			this.place = place.id();
			this.specimen = "PACKAGE_SWAB";
			this.purpose = "COLD_CHAIN";
			return this;
		}

		Builder kind(String kind) {
			this.kind = kind;
			return this;
		}

		Builder specimen(String specimen) {
			this.specimen = specimen;
			return this;
		}

		Builder purpose(String purpose) {
			this.purpose = purpose;
			return this;
		}

		Builder due(OffsetDateTime dueAt) {
			this.dueAt = dueAt;
			return this;
		}

		Builder received(OffsetDateTime receivedAt) {
			this.receivedAt = receivedAt;
			return this;
		}

		Builder resulted(String result, OffsetDateTime resultedAt, @Nullable String ctValue) {
			this.result = result;
			this.resultedAt = resultedAt;
			this.ctValue = (ctValue != null) ? new BigDecimal(ctValue) : null;
			return this;
		}

		Builder pool(long pool) {
			this.pool = pool;
			return this;
		}

		Builder campaign(long campaign) {
			this.campaign = campaign;
			return this;
		}

		Builder retestOf(Row original) {
			this.retestOf = original.id();
			this.purpose = "RETEST";
			return this;
		}

		Builder collectionSite(long site) {
			this.collectionSite = site;
			return this;
		}

		Builder lab(long site) {
			this.lab = site;
			return this;
		}

		Row insert() {
			long id = SampleFixtures.this.db.insertInto(SAMPLE)
				.set(SAMPLE.BARCODE, this.barcode)
				.set(SAMPLE.KIND, this.kind)
				.set(SAMPLE.SPECIMEN, this.specimen)
				.set(SAMPLE.PURPOSE, this.purpose)
				.set(SAMPLE.PERSON_ID, this.person)
				.set(SAMPLE.BATCH_ID, this.batch)
				.set(SAMPLE.SITE_ID, this.site)
				.set(SAMPLE.PLACE_ID, this.place)
				.set(SAMPLE.POOL_ID, this.pool)
				.set(SAMPLE.CAMPAIGN_ID, this.campaign)
				.set(SAMPLE.RETEST_OF_ID, this.retestOf)
				.set(SAMPLE.COLLECTION_SITE_ID, this.collectionSite)
				.set(SAMPLE.LAB_SITE_ID, this.lab)
				.set(SAMPLE.COLLECTED_AT, this.collectedAt)
				.set(SAMPLE.DUE_AT, this.dueAt)
				.set(SAMPLE.RECEIVED_AT, this.receivedAt)
				.set(SAMPLE.RESULTED_AT, this.resultedAt)
				.set(SAMPLE.RESULT, this.result)
				.set(SAMPLE.CT_VALUE, this.ctValue)
				.returning(SAMPLE.ID)
				.fetchOne(SAMPLE.ID);
			return new Row(id, this.barcode);
		}

	}

}
