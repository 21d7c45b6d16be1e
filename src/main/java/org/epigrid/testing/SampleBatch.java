package org.epigrid.testing;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.support.Policy;
import org.epigrid.testing.BatchOutcome.Rejection;
import org.epigrid.testing.BatchOutcome.RowError;

/**
 * Collected samples, judged and applied set-wise: rows are staged in a temporary table
 * (by COPY from a CSV upload, or one INSERT for {@code collectSample}), every rule is
 * checked for all rows in one statement, pools are opened, locked and filled, and the
 * valid rows are inserted with one {@code INSERT … SELECT} that also completes the
 * people's open test tasks. The same rules serve {@code collectSample} and
 * {@code POST /ingest/samples}.
 *
 * <p>
 * Must run inside the caller's transaction; the staging tables are dropped at its end.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class SampleBatch {

	/**
	 * COPY into the staging table, CSV format: the line, the {@link #CSV_COLUMNS} and
	 * {@link #CSV_OPTIONAL_COLUMNS} (the time in ISO-8601 or empty), whether a time was
	 * given but unreadable, an error found before SQL.
	 */
	static final String COPY = "COPY sample_staging (line, barcode, kind, specimen, purpose, id_number_hash, "
			+ "collection_site_venue_code, lab_venue_code, collected_at, pool_barcode, pool_size, time_unreadable, "
			+ "pre_error) FROM STDIN (FORMAT csv)";

	/**
	 * Columns a samples CSV must have, in the order of {@link #COPY} after the line; the
	 * {@code id_number} is staged as its lookup hash ({@link #LOOKUP_COLUMN}).
	 */
	static final List<String> CSV_COLUMNS = List.of("barcode", "kind", "specimen", "purpose", "id_number",
			"collection_site_venue_code", "lab_venue_code", "collected_at");

	/**
	 * The CSV column whose value is staged as its keyed hash: no plaintext ID number
	 * reaches the database, and people are found by {@code person.id_number_hash}.
	 */
	static final String LOOKUP_COLUMN = "id_number";

	/** Columns a samples CSV may add, in the order of {@link #COPY}. */
	static final List<String> CSV_OPTIONAL_COLUMNS = List.of("pool_barcode", "pool_size");

	/** Specimens taken from people (the others are swabs of goods and surfaces). */
	static final Set<Specimen> PERSON_SPECIMENS = EnumSet.of(Specimen.OROPHARYNGEAL_SWAB, Specimen.NASOPHARYNGEAL_SWAB,
			Specimen.NASAL_SWAB, Specimen.SPUTUM, Specimen.SERUM);

	/** Purposes of samples taken from people. */
	static final Set<SamplePurpose> PERSON_PURPOSES = EnumSet
		.complementOf(EnumSet.of(SamplePurpose.COLD_CHAIN, SamplePurpose.ENVIRONMENT));

	private static final String PENDING = "cardinality(c.errors) = 0 AND NOT c.unchanged";

	private final DSLContext db;

	private final Policy policy;

	private final ApplicationEventPublisher events;

	SampleBatch(DSLContext db, Policy policy, ApplicationEventPublisher events) {
		this.db = db;
		this.policy = policy;
		this.events = events;
	}

	/**
	 * One sample given through GraphQL: people, sites and campaign already resolved to
	 * ids; values that may be wrong are text so that they reach the checks.
	 *
	 * @param collectedOn the local day of collection, for the campaign period
	 */
	record SampleRow(String barcode, String kind, String specimen, String purpose, long personId,
			@Nullable Long collectionSiteId, @Nullable Long labSiteId, @Nullable Long campaignId,
			@Nullable String collectedAt, boolean timeUnreadable, LocalDate collectedOn, @Nullable String poolBarcode,
			@Nullable String poolSize) {
	}

	void createStaging() {
		this.db.execute("DROP TABLE IF EXISTS sample_staging, sample_checked");
		// sorts and hashes of a large file stay in memory
		this.db.execute("SET LOCAL work_mem = '64MB'");
		this.db.execute("""
				CREATE TEMP TABLE sample_staging (
				    line                       bigint NOT NULL,
				    barcode                    text,
				    kind                       text,
				    specimen                   text,
				    purpose                    text,
				    id_number_hash             bytea,
				    collection_site_venue_code text,
				    lab_venue_code             text,
				    collected_at               timestamptz,
				    pool_barcode               text,
				    pool_size                  text,
				    person_id                  bigint,
				    collection_site_id         bigint,
				    lab_site_id                bigint,
				    campaign_id                bigint,
				    collected_on               date,
				    time_unreadable            boolean NOT NULL DEFAULT false,
				    pre_error                  text
				) ON COMMIT DROP""");
	}

	/** Stages one sample given through GraphQL, as line 0. */
	void stage(SampleRow row) {
		this.db.execute("""
				INSERT INTO sample_staging (line, barcode, kind, specimen, purpose, person_id, collection_site_id,
				                            lab_site_id, campaign_id, collected_at, time_unreadable, collected_on,
				                            pool_barcode, pool_size)
				VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?, ?, ?, ?)""", row.barcode(), row.kind(),
				row.specimen(), row.purpose(), row.personId(), DSL.val(row.collectionSiteId(), Long.class),
				DSL.val(row.labSiteId(), Long.class), DSL.val(row.campaignId(), Long.class),
				DSL.val(row.collectedAt(), String.class), row.timeUnreadable(), row.collectedOn(),
				DSL.val(row.poolBarcode(), String.class), DSL.val(row.poolSize(), String.class));
	}

	/**
	 * Checks every staged row, fills pools, inserts the valid samples, completes test
	 * tasks and publishes {@link TestTaskCompleted}s.
	 * @param actor who collects, for the audit columns
	 * @param rowRef how a message names an earlier row: text before and after its number
	 * @param maxListed how many rejected rows to return at most
	 */
	BatchOutcome apply(String actor, String[] rowRef, int maxListed) {
		return apply(actor, rowRef, maxListed, IngestScope.EVERYTHING, IngestStages.NONE);
	}

	/**
	 * The same, recording only the samples within the scope; the others are rejected with
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
		this.db.execute("ANALYZE sample_staging");
		stages.end("analyze staging");
		check(rowRef, scope);
		stages.end("check");
		this.db.execute("ANALYZE sample_checked");
		stages.end("analyze checked");
		fillPools(actor);
		stages.end("fill pools");
		insertSamples(actor);
		stages.end("insert samples");
		closeFullPools(actor);
		stages.end("close pools");
		BatchOutcome outcome = outcome(maxListed);
		stages.end("report");
		return outcome;
	}

	/**
	 * One statement: every rule that does not depend on pool capacity, for every row; the
	 * last rule is the {@link IngestScope}.
	 */
	private void check(String[] rowRef, IngestScope scope) {
		Integer[] allowedSizes = this.policy.testing().allowedPoolSizes().toArray(Integer[]::new);
		this.db.execute(
				"""
						CREATE TEMP TABLE sample_checked ON COMMIT DROP AS
						WITH input AS (
						    SELECT st.line,
						           nullif(btrim(st.barcode), '') AS barcode,
						           upper(nullif(btrim(st.kind), '')) AS kind,
						           upper(nullif(btrim(st.specimen), '')) AS specimen,
						           upper(nullif(btrim(st.purpose), '')) AS purpose,
						           st.id_number_hash, st.person_id AS given_person,
						           nullif(btrim(st.collection_site_venue_code), '') AS site_code, st.collection_site_id AS given_site,
						           nullif(btrim(st.lab_venue_code), '') AS lab_code, st.lab_site_id AS given_lab,
						           st.collected_at AS at, st.time_unreadable,
						           nullif(btrim(st.pool_barcode), '') AS pool_barcode,
						           nullif(btrim(st.pool_size), '') AS pool_size_text,
						           st.campaign_id AS given_campaign, st.collected_on, st.pre_error
						    FROM sample_staging st
						), typed AS (
						    SELECT i.*,
						           CASE WHEN i.pool_size_text ~ '^[0-9]+$' AND length(i.pool_size_text) <= 4
						                THEN i.pool_size_text::integer END AS pool_size,
						           min(i.line) OVER (PARTITION BY i.barcode) AS first_line
						    FROM input i
						), joined AS (
						    SELECT t.*, pe.id AS person_id, pe.residence_place_id AS place_id,
						           cs.id AS site_id, lab.id AS lab_id, lab.type AS lab_type,
						           cs.place_id AS site_place_id, lab.place_id AS lab_place_id,
						           ca.id AS campaign_id, ca.starts_on, ca.ends_on, ca.place_id AS campaign_area,
						           ex.id AS existing_id, ex.person_id AS ex_person, ex.kind AS ex_kind,
						           ex.specimen AS ex_specimen, ex.purpose AS ex_purpose, ex.collected_at AS ex_at,
						           ex.collection_site_id AS ex_site, exq.barcode AS ex_pool,
						           xp.id AS pool_with_barcode, xs.id AS sample_with_pool_barcode,
						           fb.barcode AS row_with_pool_barcode
						    FROM typed t
						    LEFT JOIN person pn ON t.given_person IS NULL AND pn.id_number_hash = t.id_number_hash
						    LEFT JOIN person pe ON pe.id = coalesce(t.given_person, pn.id)
						    LEFT JOIN site csn ON t.given_site IS NULL AND csn.venue_code = t.site_code
						    LEFT JOIN site cs ON cs.id = coalesce(t.given_site, csn.id)
						    LEFT JOIN site labn ON t.given_lab IS NULL AND labn.venue_code = t.lab_code
						    LEFT JOIN site lab ON lab.id = coalesce(t.given_lab, labn.id)
						    LEFT JOIN campaign ca ON ca.id = t.given_campaign
						    LEFT JOIN sample ex ON ex.barcode = t.barcode
						    LEFT JOIN pool exq ON exq.id = ex.pool_id
						    LEFT JOIN pool xp ON xp.barcode = t.barcode
						    LEFT JOIN sample xs ON xs.barcode = t.pool_barcode
						    LEFT JOIN (SELECT DISTINCT barcode FROM input) fb ON fb.barcode = t.pool_barcode
						), judged AS (
						    SELECT j.*, coalesce(j.ex_person = j.person_id AND j.ex_kind = j.kind AND j.ex_specimen = j.specimen
						                         AND j.ex_purpose = j.purpose AND j.ex_at = j.at
						                         AND j.ex_site IS NOT DISTINCT FROM j.site_id
						                         AND j.ex_pool IS NOT DISTINCT FROM j.pool_barcode, false) AS same
						    FROM joined j
						)
						SELECT j.line, j.barcode, j.kind, j.specimen, j.purpose, j.at, j.person_id, j.place_id, j.site_id,
						       j.lab_id, j.campaign_id, j.pool_barcode, j.pool_size, NULL::bigint AS pool_id,
						       NULL::integer AS pool_room, j.same AS unchanged,
						    CASE WHEN j.pre_error IS NOT NULL THEN ARRAY[j.pre_error] ELSE array_remove(ARRAY[
						        CASE WHEN j.barcode IS NULL THEN 'INVALID_VALUE|barcode|the barcode is required'
						             WHEN j.barcode !~ ? THEN 'INVALID_VALUE|barcode|a barcode is 6 to 32 of A-Z, 0-9 and -'
						             WHEN j.line <> j.first_line
						                  THEN 'DUPLICATE|barcode|the barcode was already given in ' || ? || j.first_line || ?
						             WHEN j.existing_id IS NOT NULL AND NOT j.same
						                  THEN 'DUPLICATE|barcode|a sample with this barcode exists'
						             WHEN j.pool_with_barcode IS NOT NULL THEN 'DUPLICATE|barcode|a pool has this barcode'
						        END,
						        CASE WHEN j.kind IS NULL THEN 'INVALID_VALUE|kind|the kind is required'
						             WHEN j.kind NOT IN ('PCR', 'ANTIGEN') THEN 'INVALID_VALUE|kind|a kind is PCR or ANTIGEN'
						        END,
						        CASE WHEN j.specimen IS NULL THEN 'INVALID_VALUE|specimen|the specimen is required'
						             WHEN j.specimen NOT IN (%1$s)
						                  THEN 'INVALID_VALUE|specimen|a specimen taken from a person is one of %2$s'
						        END,
						        CASE WHEN j.purpose IS NULL THEN 'INVALID_VALUE|purpose|the purpose is required'
						             WHEN j.purpose NOT IN (%3$s)
						                  THEN 'INVALID_VALUE|purpose|a purpose of testing a person is one of %4$s'
						        END,
						        CASE WHEN j.given_person IS NULL AND j.id_number_hash IS NULL
						                  THEN 'INVALID_VALUE|person|the person is required'
						             WHEN j.person_id IS NULL THEN 'NOT_FOUND|person|no such person is registered'
						             WHEN j.place_id IS NULL
						                  THEN 'RULE_VIOLATED|person|the person has no residence on record; record it first'
						        END,
						        CASE WHEN (j.given_site IS NOT NULL OR j.site_code IS NOT NULL) AND j.site_id IS NULL
						                  THEN 'NOT_FOUND|collectionSite|no such site'
						        END,
						        CASE WHEN (j.given_lab IS NOT NULL OR j.lab_code IS NOT NULL) AND j.lab_id IS NULL
						                  THEN 'NOT_FOUND|lab|no such site'
						             WHEN j.lab_type <> 'LAB' THEN 'INVALID_VALUE|lab|the site is not a laboratory'
						        END,
						        CASE WHEN j.time_unreadable THEN 'INVALID_VALUE|collectedAt|the collection time is ' || ?
						           WHEN j.at IS NULL THEN 'INVALID_VALUE|collectedAt|the collection time is required'
						             WHEN j.at > now() + interval '1 minute'
						                  THEN 'INVALID_VALUE|collectedAt|the collection time is in the future'
						        END,
						        CASE WHEN j.given_campaign IS NOT NULL AND j.campaign_id IS NULL
						                  THEN 'NOT_FOUND|campaign|no such campaign'
						             WHEN j.collected_on NOT BETWEEN j.starts_on AND j.ends_on
						                  THEN 'RULE_VIOLATED|campaign|the sample was collected outside the campaign''s days'
						             WHEN j.campaign_id IS NOT NULL AND j.place_id IS NOT NULL AND NOT EXISTS (
						                      SELECT 1 FROM place r JOIN place a ON r.path <@ a.path
						                      WHERE r.id = j.place_id AND a.id = j.campaign_area)
						                  THEN 'RULE_VIOLATED|campaign|the person does not live in the campaign''s area'
						        END,
						        CASE WHEN j.pool_barcode IS NULL THEN
						                 CASE WHEN j.pool_size_text IS NOT NULL
						                      THEN 'INVALID_VALUE|pool.size|a pool size needs a pool barcode' END
						             WHEN j.pool_barcode !~ ? THEN 'INVALID_VALUE|pool.barcode|a barcode is 6 to 32 of A-Z, 0-9 and -'
						             WHEN j.sample_with_pool_barcode IS NOT NULL OR j.row_with_pool_barcode IS NOT NULL
						                  THEN 'DUPLICATE|pool.barcode|a sample has this barcode'
						             WHEN j.kind = 'ANTIGEN' THEN 'INVALID_VALUE|pool.barcode|antigen tests are not pooled'
						        END,
						        CASE WHEN j.pool_size_text IS NOT NULL AND j.pool_barcode IS NOT NULL
						                  AND NOT coalesce(j.pool_size = ANY(?::integer[]), false)
						                  THEN 'INVALID_VALUE|pool.size|a pool holds one of ' || ? || ' samples'
						        END,
						        CASE WHEN ?::text IS NULL THEN NULL
						             WHEN NOT EXISTS (
						                      SELECT 1 FROM place r
						                      WHERE r.id = CASE WHEN ?::text = 'LAB' THEN j.lab_place_id
						                                        ELSE coalesce(j.site_place_id, j.place_id) END
						                        AND r.path <@ (SELECT a.path FROM place a WHERE a.id = ?))
						                  THEN ?
						        END
						    ], NULL) END AS errors
						FROM judged j"""
					.formatted(quoted(PERSON_SPECIMENS), listed(PERSON_SPECIMENS), quoted(PERSON_PURPOSES),
							listed(PERSON_PURPOSES)),
				Patterns.BARCODE, rowRef[0], rowRef[1], Patterns.TIME_FORMAT, Patterns.BARCODE, allowedSizes,
				listed(Arrays.asList(allowedSizes)), DSL.val(scope.mode(), String.class),
				DSL.val(scope.mode(), String.class), DSL.val(scope.area(), Long.class),
				scope.byLab() ? "FORBIDDEN|lab|a laboratory key records only samples going to a laboratory in its area"
						: "FORBIDDEN|collectionSite|the collection site (without one: the person's residence) "
								+ "is not in the area of this key");
	}

	/**
	 * Opens the new pools, locks every pool the rows go into (so that concurrent
	 * collectors cannot overfill one) and refuses rows that do not fit.
	 */
	private void fillPools(String actor) {
		this.db.execute("""
				INSERT INTO pool (barcode, size, collection_site_id, lab_site_id, opened_at, created_by, updated_by)
				SELECT DISTINCT ON (c.pool_barcode) c.pool_barcode, coalesce(c.pool_size, ?), c.site_id, c.lab_id, c.at,
				       ?, ?
				FROM sample_checked c
				WHERE c.pool_barcode IS NOT NULL AND %s
				ORDER BY c.pool_barcode, c.line
				ON CONFLICT (barcode) DO NOTHING""".formatted(PENDING), this.policy.testing().poolSize(), actor, actor);
		this.db.fetch("""
				SELECT p.id FROM pool p
				WHERE p.barcode IN (SELECT c.pool_barcode FROM sample_checked c WHERE c.pool_barcode IS NOT NULL AND %s)
				ORDER BY p.id
				FOR UPDATE""".formatted(PENDING));
		this.db.execute(
				"""
						WITH pools AS (
						    SELECT p.id, p.barcode, p.size, p.closed_at, p.lab_site_id, p.collection_site_id,
						           (SELECT count(*) FROM sample s WHERE s.pool_id = p.id)::integer AS members
						    FROM pool p
						    WHERE p.barcode IN (SELECT c.pool_barcode FROM sample_checked c WHERE c.pool_barcode IS NOT NULL AND %1$s)
						), pooled AS (
						    SELECT c.line, min(c.line) OVER (PARTITION BY c.pool_barcode, c.person_id) AS first_of_person
						    FROM sample_checked c
						    WHERE c.pool_barcode IS NOT NULL AND %1$s
						)
						UPDATE sample_checked c
						SET pool_id = p.id, pool_room = p.size - p.members, errors = c.errors || array_remove(ARRAY[
						        CASE WHEN p.closed_at IS NOT NULL AND p.members >= p.size
						                  THEN 'CAPACITY_EXCEEDED|pool.barcode|the pool is full'
						             WHEN p.closed_at IS NOT NULL THEN 'ILLEGAL_TRANSITION|pool.barcode|the pool is closed'
						        END,
						        CASE WHEN c.pool_size <> p.size THEN 'INVALID_VALUE|pool.size|the pool holds ' || p.size || ' samples'
						        END,
						        CASE WHEN c.lab_id <> p.lab_site_id THEN 'RULE_VIOLATED|lab|the pool goes to another laboratory'
						        END,
						        CASE WHEN c.site_id <> p.collection_site_id
						                  THEN 'RULE_VIOLATED|collectionSite|the pool is collected at another site'
						        END,
						        CASE WHEN w.line <> w.first_of_person
						                  OR EXISTS (SELECT 1 FROM sample s WHERE s.pool_id = p.id AND s.person_id = c.person_id)
						                  THEN 'RULE_VIOLATED|person|the person is already in this pool'
						        END
						    ], NULL)
						FROM pools p, pooled w
						WHERE p.barcode = c.pool_barcode AND w.line = c.line"""
					.formatted(PENDING));
		this.db.execute("""
				UPDATE sample_checked c
				SET errors = c.errors || 'CAPACITY_EXCEEDED|pool.barcode|the pool is full'::text
				FROM (SELECT c.line, row_number() OVER (PARTITION BY c.pool_id ORDER BY c.line) AS position
				      FROM sample_checked c
				      WHERE c.pool_id IS NOT NULL AND %s) w
				WHERE w.line = c.line AND w.position > c.pool_room""".formatted(PENDING));
	}

	/**
	 * Inserts the valid rows and completes the people's open test tasks of the same
	 * purpose, in one statement.
	 */
	private void insertSamples(String actor) {
		String[] purposes = Arrays.stream(SamplePurpose.values()).map(Enum::name).toArray(String[]::new);
		Double[] seconds = Arrays.stream(purposes)
			.map((purpose) -> (double) this.policy.testing().resultDeadline(purpose).toSeconds())
			.toArray(Double[]::new);
		this.db
			.fetch("""
					WITH deadline AS (
					    SELECT * FROM unnest(?::text[], ?::double precision[]) AS d(purpose, seconds)
					), inserted AS (
					    INSERT INTO sample (barcode, kind, specimen, purpose, person_id, place_id, pool_id, campaign_id,
					                        retest_of_id, collection_site_id, lab_site_id, collected_at, due_at,
					                        created_by, updated_by)
					    SELECT c.barcode, c.kind, c.specimen, c.purpose, c.person_id, c.place_id, c.pool_id, c.campaign_id,
					           CASE WHEN c.purpose = 'RETEST' THEN (
					               SELECT t.source_id FROM test_task t
					               WHERE t.person_id = c.person_id AND t.status = 'OPEN' AND t.purpose = 'RETEST'
					                 AND t.source_kind IN ('POOL_RETEST', 'INVALID_RESULT')
					               ORDER BY t.due_at, t.id LIMIT 1) END,
					           coalesce(c.site_id, p.collection_site_id), coalesce(c.lab_id, p.lab_site_id),
					           c.at, c.at + make_interval(secs => d.seconds), ?, ?
					    FROM sample_checked c
					    JOIN deadline d ON d.purpose = c.purpose
					    LEFT JOIN pool p ON p.id = c.pool_id
					    WHERE %s
					    ORDER BY c.line
					    RETURNING id, person_id, purpose, collected_at
					), done AS (
					    UPDATE test_task t
					    SET status = 'DONE', sample_id = i.id, closed_at = i.collected_at, updated_by = ?,
					        version = t.version + 1
					    FROM inserted i
					    WHERE t.person_id = i.person_id AND t.status = 'OPEN' AND t.purpose = i.purpose
					    RETURNING t.id, t.person_id, t.source_kind, t.source_id, t.sample_id
					)
					SELECT id, person_id, source_kind, source_id, sample_id FROM done ORDER BY id"""
				.formatted(PENDING), purposes, seconds, actor, actor, actor)
			.forEach((r) -> this.events.publishEvent(new TestTaskCompleted(r.get(0, Long.class), r.get(1, Long.class),
					TestTaskSource.valueOf(r.get(2, String.class)), r.get(3, Long.class), r.get(4, Long.class))));
	}

	/** The pools that got samples: opened at their first sample, closed when full. */
	private void closeFullPools(String actor) {
		this.db.execute("""
				UPDATE pool p
				SET opened_at = m.first_at,
				    closed_at = CASE WHEN m.members >= p.size THEN greatest(m.first_at, m.last_at) END,
				    updated_by = ?, version = p.version + 1
				FROM (SELECT s.pool_id, count(*) AS members, min(s.collected_at) AS first_at,
				             max(s.collected_at) AS last_at
				      FROM sample s
				      WHERE s.pool_id IN (SELECT c.pool_id FROM sample_checked c WHERE c.pool_id IS NOT NULL AND %s)
				      GROUP BY s.pool_id) m
				WHERE p.id = m.pool_id AND p.closed_at IS NULL""".formatted(PENDING), actor);
	}

	private BatchOutcome outcome(int maxListed) {
		var counts = this.db.fetchOne("""
				SELECT count(*),
				       count(*) FILTER (WHERE cardinality(errors) = 0 AND NOT unchanged),
				       count(*) FILTER (WHERE cardinality(errors) = 0 AND unchanged),
				       count(*) FILTER (WHERE cardinality(errors) > 0)
				FROM sample_checked""");
		List<Rejection> rejections = this.db.fetch("""
				SELECT line, barcode, errors FROM sample_checked
				WHERE cardinality(errors) > 0 ORDER BY line LIMIT ?""", maxListed)
			.map((r) -> new Rejection(r.get(0, Long.class), r.get(1, String.class),
					Arrays.stream(r.get(2, String[].class)).map(RowError::parse).toList()));
		return new BatchOutcome(counts.get(0, Long.class), counts.get(1, Long.class), counts.get(2, Long.class),
				counts.get(3, Long.class), rejections);
	}

	private static String quoted(Set<? extends Enum<?>> values) {
		return values.stream().map((v) -> "'" + v.name() + "'").collect(Collectors.joining(", "));
	}

	private static String listed(java.util.Collection<?> values) {
		return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
	}

}
