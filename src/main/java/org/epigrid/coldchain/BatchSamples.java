package org.epigrid.coldchain;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Repository;

import org.epigrid.jooq.tables.records.SampleRecord;
import org.epigrid.support.Actor;

import static org.epigrid.jooq.Tables.SAMPLE;

/**
 * Every statement this package runs on the {@code sample} table (package samples of a
 * batch: {@code batch_id} is the subject, purpose COLD_CHAIN). The table belongs to the
 * testing feature ({@code org.epigrid.testing}), which will take these statements over
 * once it offers collecting and resulting samples for a batch; until then they stay here,
 * in this one class, so that the hand-over is a single move.
 */
@Repository
class BatchSamples {

	static final String PURPOSE = "COLD_CHAIN";

	private final DSLContext db;

	BatchSamples(DSLContext db) {
		this.db = db;
	}

	/** How many samples of the batch have this result; pending ones when null. */
	static Field<Integer> count(Field<Long> batchId, @Nullable PackageSampleResult result) {
		return DSL.field(DSL.selectCount().from(SAMPLE).where(SAMPLE.BATCH_ID.eq(batchId), resultIs(result)));
	}

	/**
	 * The batch awaits a test: nothing POSITIVE, and a result is pending or no NEGATIVE
	 * one exists yet.
	 */
	static Condition awaitingTest(Field<Long> batchId) {
		return DSL.notExists(
				DSL.selectOne().from(SAMPLE).where(SAMPLE.BATCH_ID.eq(batchId), resultIs(PackageSampleResult.POSITIVE)))
			.and(DSL.exists(DSL.selectOne().from(SAMPLE).where(SAMPLE.BATCH_ID.eq(batchId), resultIs(null)))
				.or(DSL.notExists(DSL.selectOne()
					.from(SAMPLE)
					.where(SAMPLE.BATCH_ID.eq(batchId), resultIs(PackageSampleResult.NEGATIVE)))));
	}

	private static Condition resultIs(@Nullable PackageSampleResult result) {
		return (result != null) ? SAMPLE.RESULT.eq(result.name()) : SAMPLE.RESULT.isNull();
	}

	/** The samples of each batch, earliest collection first. */
	Map<Long, List<BatchSample>> samplesOf(Collection<Long> batchIds) {
		Map<Long, List<BatchSample>> samples = new LinkedHashMap<>();
		this.db.selectFrom(SAMPLE)
			.where(SAMPLE.BATCH_ID.in(batchIds))
			.orderBy(SAMPLE.BATCH_ID, SAMPLE.COLLECTED_AT, SAMPLE.ID)
			.forEach((r) -> samples.computeIfAbsent(r.getBatchId(), (k) -> new ArrayList<>()).add(toSample(r)));
		return samples;
	}

	boolean barcodeExists(String barcode) {
		return this.db.fetchExists(SAMPLE, SAMPLE.BARCODE.eq(barcode));
	}

	/** The sample with this barcode, locked until the transaction ends. */
	Optional<Locked> lockByBarcode(String barcode) {
		return this.db.select(SAMPLE.ID, SAMPLE.BATCH_ID, SAMPLE.COLLECTED_AT, SAMPLE.RECEIVED_AT, SAMPLE.RESULT)
			.from(SAMPLE)
			.where(SAMPLE.BARCODE.eq(barcode))
			.forUpdate()
			.fetchOptional((r) -> new Locked(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
	}

	/** Writes a package sample of a batch; {@code placeId} is the warehouse's place. */
	BatchSample collect(long batchId, long placeId, long warehouseSiteId, String barcode, PackageSpecimen specimen,
			@Nullable Long labSiteId, OffsetDateTime collectedAt, OffsetDateTime dueAt, Actor actor) {
		return toSample(this.db.insertInto(SAMPLE)
			.set(SAMPLE.BARCODE, barcode)
			.set(SAMPLE.KIND, "PCR")
			.set(SAMPLE.SPECIMEN, specimen.name())
			.set(SAMPLE.PURPOSE, PURPOSE)
			.set(SAMPLE.BATCH_ID, batchId)
			.set(SAMPLE.PLACE_ID, placeId)
			.set(SAMPLE.COLLECTION_SITE_ID, warehouseSiteId)
			.set(SAMPLE.LAB_SITE_ID, labSiteId)
			.set(SAMPLE.COLLECTED_AT, collectedAt)
			.set(SAMPLE.DUE_AT, dueAt)
			.set(SAMPLE.CREATED_BY, actor.name())
			.set(SAMPLE.UPDATED_BY, actor.name())
			.returning()
			.fetchOne());
	}

	/**
	 * Sets the result of a pending sample, and its receipt time if the lab did not record
	 * one; empty when the sample already has a result.
	 */
	Optional<BatchSample> recordResult(long sampleId, PackageSampleResult result, OffsetDateTime resultedAt,
			Actor actor) {
		return this.db.update(SAMPLE)
			.set(SAMPLE.RESULT, result.name())
			.set(SAMPLE.RESULTED_AT, resultedAt)
			.set(SAMPLE.RECEIVED_AT, DSL.coalesce(SAMPLE.RECEIVED_AT, DSL.val(resultedAt)))
			.set(SAMPLE.VERSION, SAMPLE.VERSION.plus(1))
			.set(SAMPLE.UPDATED_BY, actor.name())
			.where(SAMPLE.ID.eq(sampleId), SAMPLE.RESULT.isNull())
			.returning()
			.fetchOptional()
			.map(BatchSamples::toSample);
	}

	private static BatchSample toSample(SampleRecord r) {
		return new BatchSample(r.getId(), r.getBatchId(), r.getBarcode(), PackageSpecimen.valueOf(r.getSpecimen()),
				r.getCollectedAt(), r.getReceivedAt(), r.getDueAt(),
				(r.getResult() != null) ? PackageSampleResult.valueOf(r.getResult()) : null, r.getResultedAt(),
				r.getLabSiteId());
	}

	/** A sample row locked for reporting its result. */
	record Locked(long id, @Nullable Long batchId, OffsetDateTime collectedAt, @Nullable OffsetDateTime receivedAt,
			@Nullable String result) {
	}

}
