package org.epigrid.testing;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.jooq.tables.records.PoolRecord;
import org.epigrid.support.Actor;
import org.epigrid.support.ErrorCode;
import org.epigrid.support.GlobalId;
import org.epigrid.support.RuleViolation;
import org.epigrid.support.UserError;
import org.epigrid.testing.BatchOutcome.Rejection;
import org.epigrid.testing.BatchOutcome.RowError;
import org.epigrid.testing.ResultBatch.ResultRow;
import org.epigrid.testing.SampleBatch.SampleRow;
import org.epigrid.testing.SampleInputs.ClosePoolInput;
import org.epigrid.testing.SampleInputs.CollectSampleInput;
import org.epigrid.testing.SampleInputs.ReceiveSamplesInput;
import org.epigrid.testing.SampleInputs.ReceiveSamplesPayload;
import org.epigrid.testing.SampleInputs.ReportResultInput;
import org.epigrid.testing.SampleInputs.ReportResultPayload;
import org.epigrid.testing.SampleInputs.ReportResultsInput;
import org.epigrid.testing.SampleInputs.ReportResultsPayload;
import org.epigrid.testing.SampleInputs.ResultInput;
import org.epigrid.testing.SampleInputs.ResultRowError;

import static org.epigrid.jooq.Tables.POOL;
import static org.epigrid.jooq.Tables.SAMPLE;
import static org.epigrid.jooq.Tables.SITE;

/**
 * The rules of nucleic-acid testing (R8): collection (individual and pooled), receipt at
 * the laboratory, results and the re-tests they send people to. Each method is one
 * transaction; a refusal is a {@link RuleViolation} and rolls everything back.
 */
@Service
@Transactional
class SampleService {

	/** Most rows {@code reportResults} and {@code receiveSamples} take in one call. */
	static final int MAX_ROWS = 1000;

	/** Clock skew tolerated before a time counts as "in the future". */
	private static final long SKEW_SECONDS = 60;

	private static final String[] SINGLE_ROW = { "row ", "" };

	private static final String[] RESULTS_ROW = { "results[", "]" };

	private final DSLContext db;

	private final SampleQueries queries;

	private final SampleBatch samples;

	private final ResultBatch results;

	SampleService(DSLContext db, SampleQueries queries, SampleBatch samples, ResultBatch results) {
		this.db = db;
		this.queries = queries;
		this.samples = samples;
		this.results = results;
	}

	Sample collectSample(CollectSampleInput input, Actor actor) {
		long personId = GlobalId.decode(input.person(), "Person");
		Long siteId = decodeOrNull(input.collectionSite(), "Site");
		Long labId = decodeOrNull(input.lab(), "Site");
		Long campaignId = decodeOrNull(input.campaign(), "Campaign");
		OffsetDateTime collectedAt = (input.collectedAt() != null) ? input.collectedAt() : OffsetDateTime.now();
		String poolSize = (input.pool() != null && input.pool().size() != null) ? input.pool().size().toString() : null;
		this.samples.createStaging();
		this.samples.stage(new SampleRow(input.barcode(), input.kind().name(), input.specimen().name(),
				input.purpose().name(), personId, siteId, labId, campaignId,
				Patterns.readable(collectedAt) ? Patterns.iso(collectedAt) : null, !Patterns.readable(collectedAt),
				collectedAt.toLocalDate(), (input.pool() != null) ? input.pool().barcode() : null, poolSize));
		refuseRejected(this.samples.apply(actor.name(), SINGLE_ROW, 1));
		return this.queries.sampleByBarcode(input.barcode().strip()).orElseThrow();
	}

	Pool closePool(ClosePoolInput input, Actor actor) {
		PoolRecord pool = this.db.selectFrom(POOL)
			.where(POOL.BARCODE.eq(input.barcode().strip()))
			.forUpdate()
			.fetchOne();
		if (pool == null) {
			throw new RuleViolation(ErrorCode.NOT_FOUND, "no pool has this barcode", "input.barcode");
		}
		if (pool.getClosedAt() != null) {
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION, "the pool is already closed", "input.barcode");
		}
		OffsetDateTime closedAt = (input.closedAt() != null) ? input.closedAt() : OffsetDateTime.now();
		OffsetDateTime lastSample = this.db.select(DSL.max(SAMPLE.COLLECTED_AT))
			.from(SAMPLE)
			.where(SAMPLE.POOL_ID.eq(pool.getId()))
			.fetchOne(0, OffsetDateTime.class);
		if (inFuture(closedAt)) {
			throw new RuleViolation(ErrorCode.INVALID_VALUE, "the closing time is in the future", "input.closedAt");
		}
		OffsetDateTime earliest = (lastSample != null && lastSample.isAfter(pool.getOpenedAt())) ? lastSample
				: pool.getOpenedAt();
		if (closedAt.isBefore(earliest)) {
			throw new RuleViolation(ErrorCode.INVALID_VALUE, "the pool cannot close before its last sample went in",
					"input.closedAt");
		}
		this.db.update(POOL)
			.set(POOL.CLOSED_AT, closedAt)
			.set(POOL.UPDATED_BY, actor.name())
			.set(POOL.VERSION, POOL.VERSION.plus(1))
			.where(POOL.ID.eq(pool.getId()))
			.execute();
		return this.queries.pool(pool.getId()).orElseThrow();
	}

	ReceiveSamplesPayload receiveSamples(ReceiveSamplesInput input, Actor actor) {
		Set<String> barcodes = input.barcodes()
			.stream()
			.map(String::strip)
			.collect(Collectors.toCollection(LinkedHashSet::new));
		long labId = GlobalId.decode(input.lab(), "Site");
		OffsetDateTime receivedAt = (input.receivedAt() != null) ? input.receivedAt() : OffsetDateTime.now();
		List<UserError> errors = new ArrayList<>();
		if (barcodes.isEmpty() || barcodes.size() > MAX_ROWS) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "give 1 to " + MAX_ROWS + " barcodes", "input.barcodes"));
		}
		String labType = this.db.select(SITE.TYPE).from(SITE).where(SITE.ID.eq(labId)).fetchOne(SITE.TYPE);
		if (labType == null) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such site", "input.lab"));
		}
		else if (!labType.equals("LAB")) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "the site is not a laboratory", "input.lab"));
		}
		if (inFuture(receivedAt)) {
			errors
				.add(new UserError(ErrorCode.INVALID_VALUE, "the receiving time is in the future", "input.receivedAt"));
		}
		RuleViolation.throwIfAny(errors);
		// lock what is received, so that two receipts of one tube cannot both pass
		Map<String, ? extends Record> sampleRows = this.db
			.select(SAMPLE.ID, SAMPLE.BARCODE, SAMPLE.POOL_ID, SAMPLE.RECEIVED_AT, SAMPLE.COLLECTED_AT)
			.from(SAMPLE)
			.where(SAMPLE.BARCODE.in(barcodes))
			.forUpdate()
			.fetchMap(SAMPLE.BARCODE);
		Map<String, ? extends Record> poolRows = this.db.select(POOL.ID, POOL.BARCODE, POOL.CLOSED_AT, POOL.RECEIVED_AT)
			.from(POOL)
			.where(POOL.BARCODE.in(barcodes))
			.forUpdate()
			.fetchMap(POOL.BARCODE);
		List<String> unknown = new ArrayList<>();
		List<String> received = new ArrayList<>();
		List<String> pooled = new ArrayList<>();
		List<String> open = new ArrayList<>();
		List<String> early = new ArrayList<>();
		List<Long> sampleIds = new ArrayList<>();
		List<Long> poolIds = new ArrayList<>();
		for (String barcode : barcodes) {
			Record sample = sampleRows.get(barcode);
			Record pool = poolRows.get(barcode);
			if (sample != null) {
				sampleIds.add(sample.get(SAMPLE.ID));
				if (sample.get(SAMPLE.POOL_ID) != null) {
					pooled.add(barcode);
				}
				else if (sample.get(SAMPLE.RECEIVED_AT) != null) {
					received.add(barcode);
				}
				else if (receivedAt.isBefore(sample.get(SAMPLE.COLLECTED_AT))) {
					early.add(barcode);
				}
			}
			else if (pool != null) {
				poolIds.add(pool.get(POOL.ID));
				if (pool.get(POOL.RECEIVED_AT) != null) {
					received.add(barcode);
				}
				else if (pool.get(POOL.CLOSED_AT) == null) {
					open.add(barcode);
				}
				else if (receivedAt.isBefore(pool.get(POOL.CLOSED_AT))) {
					early.add(barcode);
				}
			}
			else {
				unknown.add(barcode);
			}
		}
		addListed(errors, ErrorCode.NOT_FOUND, "no sample or pool has these barcodes: ", unknown);
		addListed(errors, ErrorCode.ILLEGAL_TRANSITION, "already received: ", received);
		addListed(errors, ErrorCode.ILLEGAL_TRANSITION, "these samples travel inside a pool, receive the pool: ",
				pooled);
		addListed(errors, ErrorCode.ILLEGAL_TRANSITION, "these pools are still open, close them first: ", open);
		addListed(errors, ErrorCode.INVALID_VALUE, "received before they were collected or closed: ", early);
		RuleViolation.throwIfAny(errors);
		this.db.update(SAMPLE)
			.set(SAMPLE.RECEIVED_AT, receivedAt)
			.set(SAMPLE.LAB_SITE_ID, labId)
			.set(SAMPLE.UPDATED_BY, actor.name())
			.set(SAMPLE.VERSION, SAMPLE.VERSION.plus(1))
			.where(SAMPLE.ID.in(sampleIds).or(SAMPLE.POOL_ID.in(poolIds)))
			.execute();
		this.db.update(POOL)
			.set(POOL.RECEIVED_AT, receivedAt)
			.set(POOL.LAB_SITE_ID, labId)
			.set(POOL.UPDATED_BY, actor.name())
			.set(POOL.VERSION, POOL.VERSION.plus(1))
			.where(POOL.ID.in(poolIds))
			.execute();
		return new ReceiveSamplesPayload(List.copyOf(this.queries.samplesById(sampleIds).values()),
				List.copyOf(this.queries.poolsById(poolIds).values()), List.of());
	}

	ReportResultPayload reportResult(ReportResultInput input, Actor actor) {
		this.results.createStaging();
		this.results.stage(List.of(row(input.barcode(), input.result(), input.ctValue(), input.resultedAt())));
		BatchOutcome outcome = this.results.apply(actor.name(), SINGLE_ROW, 1);
		refuseRejected(outcome);
		String barcode = input.barcode().strip();
		Sample sample = this.queries.sampleByBarcode(barcode).orElse(null);
		Pool pool = (sample != null) ? null : this.queries.poolByBarcode(barcode).orElseThrow();
		return new ReportResultPayload(sample, pool, outcome.unchanged() > 0, List.of());
	}

	ReportResultsPayload reportResults(ReportResultsInput input, Actor actor) {
		if (input.results().size() > MAX_ROWS) {
			throw new RuleViolation(
					ErrorCode.INVALID_VALUE, "at most " + MAX_ROWS + " results in one call, got "
							+ input.results().size() + "; split them or upload a CSV to /ingest/results",
					"input.results");
		}
		List<ResultRow> rows = new ArrayList<>();
		for (ResultInput result : input.results()) {
			rows.add(row(result.barcode(), result.result(), result.ctValue(), result.resultedAt()));
		}
		this.results.createStaging();
		this.results.stage(rows);
		BatchOutcome outcome = this.results.apply(actor.name(), RESULTS_ROW, MAX_ROWS);
		List<ResultRowError> rowErrors = new ArrayList<>();
		for (Rejection rejection : outcome.rejections()) {
			for (RowError error : rejection.errors()) {
				rowErrors.add(new ResultRowError(rejection.line(), rejection.barcode(), error.code(), error.message(),
						error.field()));
			}
		}
		return new ReportResultsPayload(outcome.received(), outcome.applied(), outcome.unchanged(), outcome.rejected(),
				rowErrors, List.of());
	}

	private static ResultRow row(String barcode, SampleResult result, @Nullable Double ctValue,
			OffsetDateTime resultedAt) {
		return new ResultRow(barcode, result.name(),
				(ctValue != null) ? BigDecimal.valueOf(ctValue).toPlainString() : null,
				Patterns.readable(resultedAt) ? Patterns.iso(resultedAt) : null, !Patterns.readable(resultedAt));
	}

	/**
	 * A one-row batch that was rejected refuses the mutation, naming the input fields.
	 */
	private static void refuseRejected(BatchOutcome outcome) {
		if (outcome.rejected() > 0) {
			List<UserError> errors = new ArrayList<>();
			for (RowError error : outcome.rejections().get(0).errors()) {
				errors.add(new UserError(error.code(), error.message(),
						(error.field() != null) ? "input." + error.field() : null));
			}
			throw new RuleViolation(errors);
		}
	}

	private static void addListed(List<UserError> errors, ErrorCode code, String message, List<String> barcodes) {
		if (!barcodes.isEmpty()) {
			String listed = barcodes.stream().limit(20).collect(Collectors.joining(", "));
			String more = (barcodes.size() > 20) ? " and " + (barcodes.size() - 20) + " more" : "";
			errors.add(new UserError(code, message + listed + more, "input.barcodes"));
		}
	}

	private static boolean inFuture(OffsetDateTime time) {
		return time.isAfter(OffsetDateTime.now().plusSeconds(SKEW_SECONDS));
	}

	private static @Nullable Long decodeOrNull(@Nullable String globalId, String type) {
		return (globalId != null) ? GlobalId.decode(globalId, type) : null;
	}

}
