package org.epigrid.testing;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.support.Policy;
import org.epigrid.testing.BatchOutcome.Rejection;
import org.epigrid.testing.BatchOutcome.RowError;

/**
 * Results, judged and applied set-wise: rows are staged in a temporary table (by COPY
 * from a CSV upload, or one INSERT from a GraphQL list), every rule is checked for all
 * rows in one statement, and the valid rows are applied with a few {@code UPDATE … FROM}
 * and {@code INSERT … SELECT} statements, whatever the number of rows. The same rules
 * serve {@code reportResult}, {@code reportResults} and {@code POST /ingest/results}.
 *
 * <p>
 * Must run inside the caller's transaction; the staging tables are dropped at its end.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class ResultBatch {

	/**
	 * COPY into the staging table, CSV format: the line, the {@link #CSV_COLUMNS} (the
	 * time in ISO-8601 or empty), whether a time was given but unreadable, an error found
	 * before SQL.
	 */
	static final String COPY = "COPY result_staging (line, barcode, result, ct_value, resulted_at, time_unreadable, "
			+ "pre_error) FROM STDIN (FORMAT csv)";

	/** The columns of a results CSV, in the order of {@link #COPY} after the line. */
	static final List<String> CSV_COLUMNS = List.of("barcode", "result", "ct_value", "resulted_at");

	/**
	 * Every rule for every row, in one statement: binds are the Ct value pattern, the
	 * scope's mode (the short way for valid rows is only for unscoped uploads), the
	 * barcode pattern, the text before and after a row number in messages, the time
	 * format, then the {@link IngestScope}: its mode, area, mode, mode and refusal.
	 */
	static final String CHECK = """
			CREATE TEMP TABLE result_checked ON COMMIT DROP AS
			WITH input AS (
			    SELECT st.line, nullif(btrim(st.barcode), '') AS barcode, upper(nullif(btrim(st.result), '')) AS result,
			           nullif(btrim(st.ct_value), '') AS ct_text, st.resulted_at AS at, st.time_unreadable, st.pre_error
			    FROM result_staging st
			), typed AS (
			    SELECT i.*, CASE WHEN i.ct_text ~ ? THEN i.ct_text::numeric(4,1) END AS ct,
			           min(i.line) OVER (PARTITION BY i.barcode) AS first_line
			    FROM input i
			), joined AS (
			    SELECT t.*, s.id AS sample_id, s.person_id, s.kind AS sample_kind, s.pool_id AS in_pool_id,
			           p.id AS pool_id, coalesce(s.received_at, p.received_at) AS received_at,
			           coalesce(s.result, p.result) AS old_result, coalesce(s.resulted_at, p.resulted_at) AS old_at,
			           s.ct_value AS old_ct, s.place_id AS sample_place_id,
			           coalesce(s.collection_site_id, p.collection_site_id) AS collection_site_id,
			           coalesce(s.lab_site_id, p.lab_site_id) AS lab_site_id
			    FROM typed t
			    LEFT JOIN sample s ON s.barcode = t.barcode
			    LEFT JOIN pool p ON s.id IS NULL AND p.barcode = t.barcode
			), judged AS (
			    SELECT j.*, coalesce(j.old_result = j.result AND j.old_at = j.at
			                         AND (j.pool_id IS NOT NULL OR j.old_ct IS NOT DISTINCT FROM j.ct), false) AS same
			    FROM joined j
			)
			SELECT j.line, j.barcode, j.result, j.ct, j.at, j.sample_id, j.pool_id, j.person_id, j.same AS unchanged,
			    CASE
			    -- a valid row (nearly all of a large file) skips building its list: every rule below holds
			    -- (uploads of area-scoped keys take the long way, for the scope rule at the end)
			    WHEN ?::text IS NULL AND j.pre_error IS NULL AND j.line = j.first_line AND (j.sample_id IS NOT NULL OR j.pool_id IS NOT NULL)
			         AND j.in_pool_id IS NULL AND j.result IN ('NEGATIVE', 'POSITIVE', 'INVALID')
			         AND (j.ct_text IS NULL OR j.ct BETWEEN 0 AND 50 AND (j.sample_kind = 'PCR' OR j.sample_kind IS NULL))
			         AND NOT j.time_unreadable AND j.at <= now() + interval '1 minute'
			         AND (j.same OR j.old_result IS NULL AND j.received_at IS NOT NULL AND j.at >= j.received_at)
			         THEN '{}'::text[]
			    WHEN j.pre_error IS NOT NULL THEN ARRAY[j.pre_error] ELSE array_remove(ARRAY[
			        CASE WHEN j.barcode IS NULL THEN 'INVALID_VALUE|barcode|the barcode is required'
			             WHEN j.barcode !~ ? THEN 'INVALID_VALUE|barcode|a barcode is 6 to 32 of A-Z, 0-9 and -'
			             WHEN j.line <> j.first_line
			                  THEN 'DUPLICATE|barcode|the barcode was already given in ' || ? || j.first_line || ?
			             WHEN j.sample_id IS NULL AND j.pool_id IS NULL
			                  THEN 'NOT_FOUND|barcode|no sample or pool has this barcode'
			             WHEN j.in_pool_id IS NOT NULL
			                  THEN 'ILLEGAL_TRANSITION|barcode|the sample was tested in a pool: report the pool''s result'
			        END,
			        CASE WHEN j.result IS NULL THEN 'INVALID_VALUE|result|the result is required'
			             WHEN j.result NOT IN ('NEGATIVE', 'POSITIVE', 'INVALID')
			                  THEN 'INVALID_VALUE|result|a result is NEGATIVE, POSITIVE or INVALID'
			        END,
			        CASE WHEN j.ct_text IS NOT NULL AND j.ct IS NULL
			                  THEN 'INVALID_VALUE|ctValue|the Ct value is a number with at most one decimal'
			             WHEN j.ct NOT BETWEEN 0 AND 50 THEN 'INVALID_VALUE|ctValue|the Ct value is between 0 and 50'
			             WHEN j.ct IS NOT NULL AND j.sample_kind <> 'PCR'
			                  THEN 'INVALID_VALUE|ctValue|only PCR samples have a Ct value'
			        END,
			        CASE WHEN j.time_unreadable THEN 'INVALID_VALUE|resultedAt|the result time is ' || ?
			             WHEN j.at IS NULL THEN 'INVALID_VALUE|resultedAt|the result time is required'
			             WHEN j.at > now() + interval '1 minute'
			                  THEN 'INVALID_VALUE|resultedAt|the result time is in the future'
			        END,
			        CASE WHEN j.same OR j.in_pool_id IS NOT NULL THEN NULL
			             WHEN j.old_result IS NOT NULL
			                  THEN 'ILLEGAL_TRANSITION|result|already resulted ' || j.old_result || '; a result is final'
			             WHEN (j.sample_id IS NOT NULL OR j.pool_id IS NOT NULL) AND j.received_at IS NULL
			                  THEN 'ILLEGAL_TRANSITION|barcode|not received at a laboratory yet'
			             WHEN j.at < j.received_at
			                  THEN 'INVALID_VALUE|resultedAt|the result time is before the laboratory received it'
			        END,
			        CASE WHEN ?::text IS NULL OR j.sample_id IS NULL AND j.pool_id IS NULL THEN NULL
			             WHEN NOT EXISTS (
			                      SELECT 1 FROM place r
			                      WHERE r.path <@ (SELECT a.path FROM place a WHERE a.id = ?)
			                        AND (r.id = CASE WHEN ?::text = 'AREA' THEN j.sample_place_id END
			                             OR r.id = (SELECT st.place_id FROM site st WHERE st.id =
			                                 CASE WHEN ?::text = 'LAB' THEN j.lab_site_id ELSE j.collection_site_id END)))
			                  THEN ?
			        END
			    ], NULL) END AS errors
			FROM judged j""";

	private final DSLContext db;

	private final Policy policy;

	private final ApplicationEventPublisher events;

	ResultBatch(DSLContext db, Policy policy, ApplicationEventPublisher events) {
		this.db = db;
		this.policy = policy;
		this.events = events;
	}

	/**
	 * One result as given; values are text so that bad values reach the checks.
	 *
	 * @param resultedAt ISO-8601 ({@link Patterns#iso})
	 */
	record ResultRow(@Nullable String barcode, @Nullable String result, @Nullable String ctValue,
			@Nullable String resultedAt, boolean timeUnreadable) {
	}

	void createStaging() {
		this.db.execute("DROP TABLE IF EXISTS result_staging, result_checked, result_notable");
		// sorts and hashes of a large file stay in memory
		this.db.execute("SET LOCAL work_mem = '64MB'");
		this.db.execute("""
				CREATE TEMP TABLE result_staging (
				    line        bigint NOT NULL,
				    barcode     text,
				    result      text,
				    ct_value    text,
				    resulted_at timestamptz,
				    time_unreadable boolean NOT NULL DEFAULT false,
				    pre_error   text
				) ON COMMIT DROP""");
	}

	/**
	 * Stages rows given in a request, numbered from 0 (their index), in one statement.
	 */
	void stage(List<ResultRow> rows) {
		int n = rows.size();
		Long[] lines = new Long[n];
		String[] barcodes = new String[n];
		String[] results = new String[n];
		String[] cts = new String[n];
		String[] times = new String[n];
		Boolean[] unreadable = new Boolean[n];
		for (int i = 0; i < n; i++) {
			ResultRow row = rows.get(i);
			lines[i] = (long) i;
			barcodes[i] = row.barcode();
			results[i] = row.result();
			cts[i] = row.ctValue();
			times[i] = row.resultedAt();
			unreadable[i] = row.timeUnreadable();
		}
		this.db.execute("""
				INSERT INTO result_staging (line, barcode, result, ct_value, resulted_at, time_unreadable)
				SELECT l, b, r, c, t::timestamptz, u
				FROM unnest({0}, {1}, {2}, {3}, {4}, {5}) AS u(l, b, r, c, t, u)""", DSL.val(lines), DSL.val(barcodes),
				DSL.val(results), DSL.val(cts), DSL.val(times), DSL.val(unreadable));
	}

	/**
	 * Checks every staged row, applies the valid ones, publishes the positive individual
	 * results as one {@link PositiveResults}.
	 * @param actor who reports, for the audit columns
	 * @param rowRef how a message names an earlier row: text before and after its number
	 * (e.g. {@code "line "} and {@code ""})
	 * @param maxListed how many rejected rows to return at most
	 */
	BatchOutcome apply(String actor, String[] rowRef, int maxListed) {
		return apply(actor, rowRef, maxListed, IngestScope.EVERYTHING, IngestStages.NONE);
	}

	/**
	 * The same, recording only the results within the scope; the others are rejected with
	 * FORBIDDEN.
	 */
	BatchOutcome apply(String actor, String[] rowRef, int maxListed, IngestScope scope) {
		return apply(actor, rowRef, maxListed, scope, IngestStages.NONE);
	}

	/**
	 * As {@link #apply(String, String[], int, IngestScope)}, timing each stage.
	 * @param stages where the time of each stage is recorded
	 */
	BatchOutcome apply(String actor, String[] rowRef, int maxListed, IngestScope scope, IngestStages stages) {
		this.db.execute("ANALYZE result_staging");
		stages.end("analyze staging");
		check(rowRef, scope);
		stages.end("check");
		var counts = this.db.fetchSingle("""
				SELECT count(*),
				       count(*) FILTER (WHERE cardinality(errors) = 0 AND NOT unchanged AND sample_id IS NOT NULL),
				       count(*) FILTER (WHERE cardinality(errors) = 0 AND NOT unchanged AND pool_id IS NOT NULL),
				       count(*) FILTER (WHERE cardinality(errors) = 0 AND unchanged),
				       count(*) FILTER (WHERE cardinality(errors) > 0)
				FROM result_checked""");
		long samples = counts.get(1, Long.class);
		long pools = counts.get(2, Long.class);
		// what the later steps read, apart: rejected rows, pools, and samples that are
		// not simply NEGATIVE (a few rows of a large file)
		this.db.execute("""
				CREATE TEMP TABLE result_notable ON COMMIT DROP AS
				SELECT * FROM result_checked c
				WHERE cardinality(c.errors) > 0
				   OR NOT c.unchanged AND (c.pool_id IS NOT NULL OR c.result <> 'NEGATIVE')""");
		this.db.execute("ANALYZE result_notable");
		stages.end("count");
		String ok = "cardinality(c.errors) = 0 AND NOT c.unchanged";
		// updated_at is set here so that the touch trigger is skipped (see V16); result
		// IS NULL guards against a result recorded by another transaction since the
		// check
		int updated = this.db.execute("""
				UPDATE sample s
				SET result = c.result, resulted_at = c.at, ct_value = c.ct, updated_at = now(), updated_by = ?,
				    version = s.version + 1
				FROM result_checked c
				WHERE s.id = c.sample_id AND s.result IS NULL AND %s""".formatted(ok), actor);
		concurrentIf(updated != samples);
		stages.end("update samples");
		updated = this.db.execute("""
				UPDATE pool p
				SET result = c.result, resulted_at = c.at, updated_at = now(), updated_by = ?, version = p.version + 1
				FROM result_notable c
				WHERE p.id = c.pool_id AND p.result IS NULL AND %s""".formatted(ok), actor);
		concurrentIf(updated != pools);
		// a negative pool clears every member; a positive or invalid one sends each to a
		// re-test
		this.db.execute("""
				UPDATE sample s
				SET result = 'NEGATIVE', resulted_at = c.at, updated_at = now(), updated_by = ?, version = s.version + 1
				FROM result_notable c
				WHERE s.pool_id = c.pool_id AND c.result = 'NEGATIVE' AND s.result IS NULL AND %s""".formatted(ok),
				actor);
		stages.end("update pools");
		double retestWithin = this.policy.testing().resultDeadline(SamplePurpose.RETEST.name()).toSeconds();
		this.db.execute(
				"""
						INSERT INTO test_task (person_id, purpose, reason, source_kind, source_id, due_at, created_by, updated_by)
						SELECT s.person_id, 'RETEST', 'pool ' || c.barcode || ' ' || c.result, 'POOL_RETEST', s.id,
						       c.at + make_interval(secs => ?), ?, ?
						FROM result_notable c
						JOIN sample s ON s.pool_id = c.pool_id
						WHERE c.result IN ('POSITIVE', 'INVALID') AND s.person_id IS NOT NULL AND %1$s
						UNION ALL
						SELECT c.person_id, 'RETEST', 'sample ' || c.barcode || ' INVALID', 'INVALID_RESULT', c.sample_id,
						       c.at + make_interval(secs => ?), ?, ?
						FROM result_notable c
						WHERE c.sample_id IS NOT NULL AND c.result = 'INVALID' AND c.person_id IS NOT NULL AND %1$s
						ON CONFLICT (person_id, source_kind, source_id) WHERE status = 'OPEN' DO NOTHING"""
					.formatted(ok),
				retestWithin, actor, actor, retestWithin, actor, actor);
		stages.end("insert test tasks");
		List<PositiveResult> positives = this.db.fetch("""
				SELECT c.sample_id, c.person_id, c.at
				FROM result_notable c
				WHERE c.sample_id IS NOT NULL AND c.person_id IS NOT NULL AND c.result = 'POSITIVE' AND %s
				ORDER BY c.line""".formatted(ok))
			.map((r) -> new PositiveResult(r.get(0, Long.class), r.get(1, Long.class), r.get(2, OffsetDateTime.class)));
		if (!positives.isEmpty()) {
			this.events.publishEvent(new PositiveResults(positives));
		}
		stages.end("positives");
		List<Rejection> rejections = this.db.fetch("""
				SELECT line, barcode, errors FROM result_notable
				WHERE cardinality(errors) > 0 ORDER BY line LIMIT ?""", maxListed)
			.map((r) -> new Rejection(r.get(0, Long.class), r.get(1, String.class),
					Arrays.stream(r.get(2, String[].class)).map(RowError::parse).toList()));
		stages.end("report");
		return new BatchOutcome(counts.get(0, Long.class), samples + pools, counts.get(3, Long.class),
				counts.get(4, Long.class), rejections);
	}

	/**
	 * Another transaction recorded a result of one of these samples or pools after the
	 * check: the whole batch is refused (and rolled back), to be sent again.
	 */
	private static void concurrentIf(boolean changed) {
		if (changed) {
			throw new OptimisticLockingFailureException(
					"a result of one of these samples or pools was recorded by another transaction meanwhile");
		}
	}

	/** One statement: every rule for every row, into {@code result_checked}. */
	private void check(String[] rowRef, IngestScope scope) {
		String mode = scope.mode();
		String refusal = scope.byLab() ? "FORBIDDEN|barcode|not received at a laboratory in the area of this key"
				: "FORBIDDEN|barcode|not a sample of the area of this key";
		this.db.execute(CHECK, Patterns.CT_VALUE, DSL.val(mode, String.class), Patterns.BARCODE, rowRef[0], rowRef[1],
				Patterns.TIME_FORMAT, DSL.val(mode, String.class), DSL.val(scope.area(), Long.class),
				DSL.val(mode, String.class), DSL.val(mode, String.class), refusal);
	}

}
