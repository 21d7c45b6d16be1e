package org.epigrid.coldchain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

import org.epigrid.support.GlobalId;
import org.epigrid.support.TestData.Ref;

import static org.epigrid.jooq.Tables.COLD_CHAIN_BATCH;
import static org.epigrid.jooq.Tables.COLD_CHAIN_DISINFECTION;
import static org.epigrid.jooq.Tables.COLD_CHAIN_MOVEMENT;
import static org.epigrid.jooq.Tables.SAMPLE;
import static org.epigrid.jooq.Tables.SITE;

/**
 * Cold-chain fixtures written straight to the tables, for reads; the workflow tests go
 * through the mutations. Batch numbers and barcodes are fresh on every call.
 */
class ColdChainFixtures {

	private static final AtomicInteger SEQUENCE = new AtomicInteger(1);

	private final DSLContext db;

	ColdChainFixtures(DSLContext db) {
		this.db = db;
	}

	/**
	 * A site with a short venue code ({@code TestData.site} derives one from the type,
	 * which is too long for CENTRAL_SUPERVISION_WAREHOUSE).
	 */
	long site(Ref place, String type, String name) {
		return this.db.insertInto(SITE)
			.set(SITE.PLACE_ID, place.id())
			.set(SITE.TYPE, type)
			.set(SITE.NAME, name)
			.set(SITE.VENUE_CODE, "CC-SITE-" + SEQUENCE.getAndIncrement())
			.returning(SITE.ID)
			.fetchOne(SITE.ID);
	}

	static String batchNo() {
		return "CCB-" + SEQUENCE.getAndIncrement();
	}

	static String barcode() {
		return String.format("CCS-%06d", SEQUENCE.getAndIncrement());
	}

	/** A batch; RELEASED and RECALLED ones were released a day after arrival. */
	long batch(long warehouse, String batchNo, String status, OffsetDateTime arrivedAt) {
		boolean released = status.equals("RELEASED") || status.equals("RECALLED");
		boolean closed = status.equals("DESTROYED") || status.equals("RECALLED");
		return this.db.insertInto(COLD_CHAIN_BATCH)
			.set(COLD_CHAIN_BATCH.BATCH_NO, batchNo)
			.set(COLD_CHAIN_BATCH.PRODUCT, "冻虾")
			.set(COLD_CHAIN_BATCH.ORIGIN_COUNTRY, "EC")
			.set(COLD_CHAIN_BATCH.PORT_OF_ENTRY, "宁波港")
			.set(COLD_CHAIN_BATCH.QUANTITY_KG, new BigDecimal("1000.00"))
			.set(COLD_CHAIN_BATCH.WAREHOUSE_SITE_ID, warehouse)
			.set(COLD_CHAIN_BATCH.ARRIVED_AT, arrivedAt)
			.set(COLD_CHAIN_BATCH.STATUS, status)
			.set(COLD_CHAIN_BATCH.RELEASED_AT, released ? arrivedAt.plusDays(1) : null)
			.set(COLD_CHAIN_BATCH.CLOSED_REASON, closed ? "测试" : null)
			.set(COLD_CHAIN_BATCH.CLOSED_AT, closed ? arrivedAt.plusDays(2) : null)
			.returning(COLD_CHAIN_BATCH.ID)
			.fetchOne(COLD_CHAIN_BATCH.ID);
	}

	long disinfection(long batch, OffsetDateTime at) {
		return this.db.insertInto(COLD_CHAIN_DISINFECTION)
			.set(COLD_CHAIN_DISINFECTION.BATCH_ID, batch)
			.set(COLD_CHAIN_DISINFECTION.DISINFECTED_AT, at)
			.set(COLD_CHAIN_DISINFECTION.AGENT, "过氧乙酸")
			.set(COLD_CHAIN_DISINFECTION.OPERATOR_NAME, "消毒员")
			.returning(COLD_CHAIN_DISINFECTION.ID)
			.fetchOne(COLD_CHAIN_DISINFECTION.ID);
	}

	/** A package swab of a batch, pending when {@code result} is null. */
	String sample(long batch, long place, @Nullable String result, OffsetDateTime collectedAt, @Nullable Long lab) {
		String barcode = barcode();
		this.db.insertInto(SAMPLE)
			.set(SAMPLE.BARCODE, barcode)
			.set(SAMPLE.KIND, "PCR")
			.set(SAMPLE.SPECIMEN, "PACKAGE_SWAB")
			.set(SAMPLE.PURPOSE, "COLD_CHAIN")
			.set(SAMPLE.BATCH_ID, batch)
			.set(SAMPLE.PLACE_ID, place)
			.set(SAMPLE.LAB_SITE_ID, lab)
			.set(SAMPLE.COLLECTED_AT, collectedAt)
			.set(SAMPLE.DUE_AT, collectedAt.plusHours(24))
			.set(SAMPLE.RECEIVED_AT, (result != null) ? collectedAt.plusHours(1) : null)
			.set(SAMPLE.RESULT, result)
			.set(SAMPLE.RESULTED_AT, (result != null) ? collectedAt.plusHours(2) : null)
			.execute();
		return barcode;
	}

	/** A pending sample of a person (not a batch). */
	String personSample(long person, long place, OffsetDateTime collectedAt) {
		String barcode = barcode();
		this.db.insertInto(SAMPLE)
			.set(SAMPLE.BARCODE, barcode)
			.set(SAMPLE.KIND, "PCR")
			.set(SAMPLE.SPECIMEN, "OROPHARYNGEAL_SWAB")
			.set(SAMPLE.PURPOSE, "ROUTINE")
			.set(SAMPLE.PERSON_ID, person)
			.set(SAMPLE.PLACE_ID, place)
			.set(SAMPLE.COLLECTED_AT, collectedAt)
			.set(SAMPLE.DUE_AT, collectedAt.plusHours(24))
			.execute();
		return barcode;
	}

	long movement(long batch, long from, long to, String quantityKg, OffsetDateTime at, @Nullable Long handler) {
		return this.db.insertInto(COLD_CHAIN_MOVEMENT)
			.set(COLD_CHAIN_MOVEMENT.BATCH_ID, batch)
			.set(COLD_CHAIN_MOVEMENT.FROM_SITE_ID, from)
			.set(COLD_CHAIN_MOVEMENT.TO_SITE_ID, to)
			.set(COLD_CHAIN_MOVEMENT.QUANTITY_KG, new BigDecimal(quantityKg))
			.set(COLD_CHAIN_MOVEMENT.MOVED_AT, at)
			.set(COLD_CHAIN_MOVEMENT.HANDLER_PERSON_ID, handler)
			.returning(COLD_CHAIN_MOVEMENT.ID)
			.fetchOne(COLD_CHAIN_MOVEMENT.ID);
	}

	/**
	 * What a refusal must leave as it was: the row counts of the cold-chain tables and of
	 * samples, and the batch row and its samples in full.
	 */
	State state(long batch) {
		String batchRow = this.db.selectFrom(COLD_CHAIN_BATCH)
			.where(COLD_CHAIN_BATCH.ID.eq(batch))
			.fetchOne()
			.intoMap()
			.toString();
		String samples = this.db.selectFrom(SAMPLE)
			.where(SAMPLE.BATCH_ID.eq(batch))
			.orderBy(SAMPLE.ID)
			.fetch()
			.intoMaps()
			.toString();
		return new State(this.db.fetchCount(COLD_CHAIN_BATCH), this.db.fetchCount(COLD_CHAIN_DISINFECTION),
				this.db.fetchCount(SAMPLE), this.db.fetchCount(COLD_CHAIN_MOVEMENT), batchRow, samples);
	}

	int batchCount() {
		return this.db.fetchCount(COLD_CHAIN_BATCH);
	}

	String createdBy(long batch) {
		return this.db.select(COLD_CHAIN_BATCH.CREATED_BY, COLD_CHAIN_BATCH.UPDATED_BY)
			.from(COLD_CHAIN_BATCH)
			.where(COLD_CHAIN_BATCH.ID.eq(batch))
			.fetchOne((r) -> r.value1() + "/" + r.value2());
	}

	long sampleId(String barcode) {
		return this.db.select(SAMPLE.ID).from(SAMPLE).where(SAMPLE.BARCODE.eq(barcode)).fetchOne(SAMPLE.ID);
	}

	/**
	 * The subject and bookkeeping of a sample row: batch, purpose, place, collection
	 * site, kind.
	 */
	String sampleRow(String barcode) {
		return this.db
			.select(SAMPLE.BATCH_ID, SAMPLE.PERSON_ID, SAMPLE.PURPOSE, SAMPLE.PLACE_ID, SAMPLE.COLLECTION_SITE_ID,
					SAMPLE.KIND, SAMPLE.CREATED_BY)
			.from(SAMPLE)
			.where(SAMPLE.BARCODE.eq(barcode))
			.fetchOne((r) -> r.value1() + "|" + r.value2() + "|" + r.value3() + "|" + r.value4() + "|" + r.value5()
					+ "|" + r.value6() + "|" + r.value7());
	}

	static String batchId(long id) {
		return GlobalId.encode("ColdChainBatch", id);
	}

	static String siteId(long id) {
		return GlobalId.encode("Site", id);
	}

	static String personId(long id) {
		return GlobalId.encode("Person", id);
	}

	record State(int batches, int disinfections, int samples, int movements, String batch, String batchSamples) {
	}

}
