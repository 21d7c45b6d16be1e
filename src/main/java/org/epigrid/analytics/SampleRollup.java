package org.epigrid.analytics;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps {@code sample_rollup_hourly} in step with the sample table.
 * <p>
 * Every few seconds ({@code epigrid.analytics.refresh-interval}) one instance (a
 * transaction-scoped advisory lock; the others skip) reads the samples changed since the
 * watermark (index on {@code updated_at}) and the (place, hour) keys that samples left
 * ({@code sample_rollup_dirty}), maps them to the townships, counties and city above, and
 * recomputes exactly those rows bottom-up: townships from the samples of the hour,
 * counties and the city from their children's rows plus the samples placed at them
 * directly. Each level is one {@code INSERT ... ON CONFLICT DO UPDATE} (rows that did not
 * change are not rewritten) with the rows that no longer have samples deleted in the same
 * statement. The whole refresh is one REPEATABLE READ transaction, so readers see a
 * rollup that is consistent with one snapshot of the samples.
 * <p>
 * A full rebuild (one day of samples per statement, progress logged) runs when the state
 * asks for it: on a fresh database, after the place hierarchy changed shape, or when more
 * samples changed than an incremental refresh should handle (a bulk load).
 */
@Component
class SampleRollup {

	private static final Logger log = LoggerFactory.getLogger(SampleRollup.class);

	/** Advisory lock key: "epigrid" rollup. */
	private static final long LOCK = 0x45504947_52494401L;

	static final String HOUR_ORIGIN = "timestamptz '2000-01-01 00:00:00+00'";

	private static final String COUNTS = "collected, resulted, positives, sla_breaches";

	/** Per (key, purpose, kind, bucket) counts, and the same without purpose and kind. */
	private static final String PER_BUCKET_COUNTS = """
			sample_tat_bucket(s.collected_at, s.resulted_at) AS bucket,
			count(*) AS collected, count(s.resulted_at) AS resulted,
			count(*) FILTER (WHERE s.result = 'POSITIVE') AS positives,
			count(*) FILTER (WHERE s.resulted_at > s.due_at) AS sla_breaches""";

	private static final String PER_BUCKET_GROUPING = "GROUP BY GROUPING SETS ((1, 2, 3, 4, 5), (1, 2, 5))";

	/** Pivots per_bucket rows into rollup rows, the all-purposes row as purpose '*'. */
	private static final String FRESH_FROM_PER_BUCKET = """
			SELECT place_id, hour, coalesce(purpose, '*') AS purpose, coalesce(kind, '*') AS kind,
			       sum(collected)::int AS collected, sum(resulted)::int AS resulted,
			       sum(positives)::int AS positives, sum(sla_breaches)::int AS sla_breaches,
			       %s
			FROM per_bucket GROUP BY 1, 2, 3, 4""".formatted(TurnaroundHistogram.pivot("bucket", "resulted"));

	/**
	 * Writes the {@code fresh} rows for the keys {@code k}: deletes the rows of those
	 * keys that have no fresh row, upserts the rest (skipping unchanged ones).
	 */
	private static final String SAVE_FRESH = """
			gone AS (
			    DELETE FROM sample_rollup_hourly r USING k
			    WHERE r.place_id = k.place_id AND r.hour = k.hour
			      AND NOT EXISTS (SELECT FROM fresh f WHERE f.place_id = r.place_id AND f.hour = r.hour
			                      AND f.purpose = r.purpose AND f.kind = r.kind)
			    RETURNING 1
			),
			saved AS (
			    INSERT INTO sample_rollup_hourly AS r (place_id, hour, purpose, kind, %1$s, %2$s)
			    SELECT place_id, hour, purpose, kind, %1$s, %2$s FROM fresh
			    ON CONFLICT (place_id, hour, purpose, kind) DO UPDATE
			    SET collected = excluded.collected, resulted = excluded.resulted, positives = excluded.positives,
			        sla_breaches = excluded.sla_breaches, %3$s
			    WHERE (r.collected, r.resulted, r.positives, r.sla_breaches, %4$s)
			          IS DISTINCT FROM (excluded.collected, excluded.resulted, excluded.positives, excluded.sla_breaches, %5$s)
			    RETURNING 1
			)
			SELECT (SELECT count(*) FROM saved) AS saved, (SELECT count(*) FROM gone) AS gone"""
		.formatted(COUNTS, TurnaroundHistogram.columns(""), TurnaroundHistogram.assignExcluded(),
				TurnaroundHistogram.columns("r."), TurnaroundHistogram.columns("excluded."));

	/** Keys given as two parallel arrays: place ids and hours. */
	private static final String KEYS_FROM_ARRAYS = "SELECT * FROM unnest(?::bigint[], ?::timestamptz[]) AS k(place_id, hour)";

	/** Keys for a rebuild: every place of a level and every hour of [from, to). */
	private static final String KEYS_FROM_RANGE = """
			SELECT p.id AS place_id, h.hour
			FROM place p, generate_series(?::timestamptz, ?::timestamptz - interval '1 hour', interval '1 hour') AS h(hour)
			WHERE p.level = ?""";

	/** Township rows of the keys, from the samples in each township's subtree. */
	private static final String TOWNSHIPS = """
			WITH k AS (%s),
			per_bucket AS (
			    SELECT k.place_id, k.hour, s.purpose, s.kind, %s
			    FROM k JOIN place a ON a.id = k.place_id
			    JOIN place p ON p.path <@ a.path
			    JOIN sample s ON s.place_id = p.id AND s.collected_at >= k.hour AND s.collected_at < k.hour + interval '1 hour'
			    %s
			),
			fresh AS (%s),
			%s"""
		.formatted(KEYS_FROM_ARRAYS, PER_BUCKET_COUNTS, PER_BUCKET_GROUPING, FRESH_FROM_PER_BUCKET, SAVE_FRESH);

	/**
	 * County or city rows of the keys: the children's rows plus the samples placed at the
	 * area itself. {@code %s} is where the keys come from. The children's rows are read
	 * with one primary-key lookup per child and hour: OFFSET 0 keeps the planner from
	 * turning that into a scan of the whole rollup, which it otherwise does during a
	 * rebuild, whose inserts outrun the table's statistics.
	 */
	private static final String PARENTS = """
			WITH k AS (%%s),
			children AS (
			    SELECT k.place_id, k.hour, r.purpose, r.kind, sum(r.collected)::int AS collected,
			           sum(r.resulted)::int AS resulted, sum(r.positives)::int AS positives,
			           sum(r.sla_breaches)::int AS sla_breaches, %1$s
			    FROM k JOIN place c ON c.parent_id = k.place_id
			    CROSS JOIN LATERAL (
			        SELECT * FROM sample_rollup_hourly r WHERE r.place_id = c.id AND r.hour = k.hour OFFSET 0
			    ) r
			    GROUP BY 1, 2, 3, 4
			),
			per_bucket AS (
			    SELECT k.place_id, k.hour, s.purpose, s.kind, %2$s
			    FROM k JOIN sample s ON s.place_id = k.place_id
			        AND s.collected_at >= k.hour AND s.collected_at < k.hour + interval '1 hour'
			    %3$s
			),
			direct AS (%4$s),
			fresh AS (
			    SELECT place_id, hour, purpose, kind, sum(collected)::int AS collected, sum(resulted)::int AS resulted,
			           sum(positives)::int AS positives, sum(sla_breaches)::int AS sla_breaches, %5$s
			    FROM (SELECT * FROM children UNION ALL SELECT * FROM direct) rows
			    GROUP BY 1, 2, 3, 4
			),
			%6$s""".formatted(TurnaroundHistogram.sums("r."), PER_BUCKET_COUNTS, PER_BUCKET_GROUPING,
			FRESH_FROM_PER_BUCKET, TurnaroundHistogram.sums(""), SAVE_FRESH);

	/**
	 * Township rows of every sample collected in [from, to): the rebuild's bulk
	 * statement.
	 */
	private static final String TOWNSHIPS_IN_RANGE = """
			WITH homes AS MATERIALIZED (
			    SELECT p.id AS place_id, t.id AS township_id
			    FROM place t JOIN place p ON p.path <@ t.path
			    WHERE t.level = 'TOWNSHIP'
			),
			per_bucket AS (
			    SELECT h.township_id AS place_id, date_bin('1 hour', s.collected_at, %s) AS hour, s.purpose, s.kind, %s
			    FROM sample s JOIN homes h ON h.place_id = s.place_id
			    WHERE s.collected_at >= ?::timestamptz AND s.collected_at < ?::timestamptz
			    %s
			),
			fresh AS (%s),
			saved AS (
			    INSERT INTO sample_rollup_hourly (place_id, hour, purpose, kind, %s, %s)
			    SELECT place_id, hour, purpose, kind, %s, %s FROM fresh
			    RETURNING purpose, collected
			)
			SELECT coalesce(sum(collected) FILTER (WHERE purpose = '*'), 0) FROM saved""".formatted(HOUR_ORIGIN,
			PER_BUCKET_COUNTS, PER_BUCKET_GROUPING, FRESH_FROM_PER_BUCKET, COUNTS, TurnaroundHistogram.columns(""),
			COUNTS, TurnaroundHistogram.columns(""));

	/** The rollup keys above every sample changed since the watermark or left by one. */
	private static final String TOUCHED_KEYS = """
			WITH dirty AS (DELETE FROM sample_rollup_dirty RETURNING place_id, hour),
			touched AS (
			    SELECT DISTINCT place_id, date_bin('1 hour', collected_at, %s) AS hour
			    FROM sample WHERE updated_at > ?::timestamptz
			    UNION
			    SELECT place_id, hour FROM dirty
			)
			SELECT DISTINCT a.id, a.level, t.hour
			FROM touched t JOIN place p ON p.id = t.place_id
			JOIN place a ON a.path @> p.path AND a.level IN ('CITY', 'COUNTY', 'TOWNSHIP')""".formatted(HOUR_ORIGIN);

	private final DSLContext db;

	private final TransactionTemplate transactions;

	private final AnalyticsProperties properties;

	private volatile boolean ready;

	SampleRollup(DataSource dataSource, PlatformTransactionManager transactionManager, AnalyticsProperties properties) {
		// Its own jOOQ configuration over the same transaction-aware data source: the
		// refresh runs in the background, outside any request, and request-scoped execute
		// listeners (statement counts, request metrics) must not see its statements.
		this.db = DSL.using(new DataSourceConnectionProvider(new TransactionAwareDataSourceProxy(dataSource)),
				SQLDialect.POSTGRES);
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.properties = properties;
	}

	/**
	 * Whether the rollup is complete (built, and not waiting for a rebuild): only then do
	 * queries read it.
	 */
	boolean ready() {
		return this.ready;
	}

	@Scheduled(initialDelayString = "${epigrid.analytics.refresh-initial-delay:1s}",
			fixedDelayString = "${epigrid.analytics.refresh-interval:5s}")
	void scheduledRefresh() {
		try {
			Outcome outcome = refresh(false);
			if (outcome.kind() == Outcome.Kind.INCREMENTAL && outcome.duration().toMillis() > 1000) {
				log.info("Sample rollup refresh took {} ms ({} changed samples, {} keys)",
						outcome.duration().toMillis(), outcome.samples(), outcome.keys());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Sample rollup refresh failed, will retry: {}", ex.toString());
		}
	}

	/** Brings the rollup up to date now, waiting for a refresh running elsewhere. */
	Outcome refreshNow() {
		return refresh(true);
	}

	/** Rebuilds the whole rollup now, waiting for a refresh running elsewhere. */
	Outcome rebuildNow() {
		return inTransaction(true, () -> {
			lockState();
			return rebuild();
		});
	}

	private Outcome refresh(boolean wait) {
		return inTransaction(wait, () -> {
			State state = lockState();
			if (state.refreshedTo() == null || state.rebuildRequested() || (state.empty()
					&& Boolean.TRUE.equals(this.db.fetchValue("SELECT EXISTS (SELECT FROM sample)")))) {
				return rebuild();
			}
			return incremental(state.refreshedTo().minus(this.properties.refreshOverlap()));
		});
	}

	/**
	 * Runs the work in a REPEATABLE READ transaction under the advisory lock. Without
	 * {@code wait}, SKIPPED when another instance holds the lock. With it, tries again
	 * until the lock is free (polling, rather than blocking in a transaction whose
	 * snapshot would then be older than the refresh it waited for).
	 */
	private Outcome inTransaction(boolean wait, Supplier<Outcome> work) {
		long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
		while (true) {
			Outcome outcome;
			try {
				outcome = this.transactions.execute((status) -> {
					if (!Boolean.TRUE.equals(this.db.fetchValue("SELECT pg_try_advisory_xact_lock(?)", LOCK))) {
						return Outcome.SKIPPED;
					}
					return work.get();
				});
			}
			catch (DataAccessException ex) {
				// another refresh committed between this one's snapshot and its lock
				if (!"40001".equals(ex.sqlState())) {
					throw ex;
				}
				outcome = Outcome.SKIPPED;
			}
			if (outcome != null && outcome.kind() != Outcome.Kind.SKIPPED) {
				readReadiness();
				return outcome;
			}
			if (!wait || System.nanoTime() > deadline) {
				// another instance refreshes: learn from the state whether the rollup is
				// ready
				readReadiness();
				return Outcome.SKIPPED;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Outcome.SKIPPED;
			}
		}
	}

	private void readReadiness() {
		this.ready = Boolean.TRUE.equals(this.db
			.fetchValue("SELECT refreshed_to IS NOT NULL AND NOT rebuild_requested FROM sample_rollup_state"));
	}

	/** Reads and locks the state row. */
	private State lockState() {
		Record r = this.db.fetchOne("""
				SELECT refreshed_to, rebuild_requested, NOT EXISTS (SELECT FROM sample_rollup_hourly) AS empty
				FROM sample_rollup_state FOR UPDATE""");
		return new State(r.get(0, OffsetDateTime.class), Boolean.TRUE.equals(r.get(1, Boolean.class)),
				Boolean.TRUE.equals(r.get(2, Boolean.class)));
	}

	private record State(@Nullable OffsetDateTime refreshedTo, boolean rebuildRequested, boolean empty) {
	}

	private Outcome incremental(OffsetDateTime since) {
		long started = System.nanoTime();
		int threshold = this.properties.rebuildThreshold();
		int changed = this.db
			.fetchOne("SELECT count(*)::int FROM (SELECT FROM sample WHERE updated_at > ?::timestamptz LIMIT ?) c",
					since, threshold + 1)
			.get(0, Integer.class);
		if (changed > threshold) {
			log.info("More than {} samples changed since {}: rebuilding the sample rollup", threshold, since);
			return rebuild();
		}
		List<Long> townships = new ArrayList<>();
		List<OffsetDateTime> townshipHours = new ArrayList<>();
		List<Long> counties = new ArrayList<>();
		List<OffsetDateTime> countyHours = new ArrayList<>();
		List<Long> cities = new ArrayList<>();
		List<OffsetDateTime> cityHours = new ArrayList<>();
		this.db.fetch(TOUCHED_KEYS, since).forEach((key) -> {
			long place = key.get(0, Long.class);
			OffsetDateTime hour = key.get(2, OffsetDateTime.class);
			switch (key.get(1, String.class)) {
				case "TOWNSHIP" -> {
					townships.add(place);
					townshipHours.add(hour);
				}
				case "COUNTY" -> {
					counties.add(place);
					countyHours.add(hour);
				}
				default -> {
					cities.add(place);
					cityHours.add(hour);
				}
			}
		});
		if (!townships.isEmpty()) {
			this.db.fetch(TOWNSHIPS, townships.toArray(Long[]::new), townshipHours.toArray(OffsetDateTime[]::new));
		}
		if (!counties.isEmpty()) {
			this.db.fetch(PARENTS.formatted(KEYS_FROM_ARRAYS), counties.toArray(Long[]::new),
					countyHours.toArray(OffsetDateTime[]::new));
		}
		if (!cities.isEmpty()) {
			this.db.fetch(PARENTS.formatted(KEYS_FROM_ARRAYS), cities.toArray(Long[]::new),
					cityHours.toArray(OffsetDateTime[]::new));
		}
		this.db.execute("UPDATE sample_rollup_state SET refreshed_to = now(), refreshed_at = clock_timestamp()");
		return new Outcome(Outcome.Kind.INCREMENTAL, changed, townships.size() + counties.size() + cities.size(),
				Duration.ofNanos(System.nanoTime() - started));
	}

	/**
	 * Replaces the whole rollup, one day of samples at a time, inside the caller's
	 * transaction: readers keep seeing the previous rollup until it commits.
	 */
	private Outcome rebuild() {
		long started = System.nanoTime();
		this.db.execute("DELETE FROM sample_rollup_hourly");
		this.db.execute("DELETE FROM sample_rollup_dirty");
		Record range = this.db.fetchOne("SELECT min(collected_at), max(collected_at), count(*) FROM sample");
		OffsetDateTime first = range.get(0, OffsetDateTime.class);
		OffsetDateTime last = range.get(1, OffsetDateTime.class);
		long total = range.get(2, Long.class);
		long done = 0;
		if (first != null && last != null) {
			log.info("Building the sample rollup over {} samples collected {} to {}", total, first, last);
			// whole UTC days and hours, so that no rollup hour is split between two
			// statements
			OffsetDateTime day = first.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
			OffsetDateTime end = last.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).plusHours(1);
			long lastLog = System.nanoTime();
			while (day.isBefore(end)) {
				OffsetDateTime next = day.plusDays(1).isBefore(end) ? day.plusDays(1) : end;
				done += this.db.fetchOne(TOWNSHIPS_IN_RANGE, day, next).get(0, Long.class);
				this.db.fetch(PARENTS.formatted(KEYS_FROM_RANGE), day, next, "COUNTY");
				this.db.fetch(PARENTS.formatted(KEYS_FROM_RANGE), day, next, "CITY");
				day = next;
				if (System.nanoTime() - lastLog > 10_000_000_000L) {
					lastLog = System.nanoTime();
					log.info("Sample rollup: {} of {} samples ({}%), up to {}, {} s", done, total,
							(total > 0) ? done * 100 / total : 100, day, elapsedSeconds(started));
				}
			}
		}
		this.db.execute("""
				UPDATE sample_rollup_state
				SET refreshed_to = now(), refreshed_at = clock_timestamp(), rebuilt_at = clock_timestamp(),
				    rebuild_requested = false""");
		Duration duration = Duration.ofNanos(System.nanoTime() - started);
		if (total > 0) {
			log.info("Sample rollup built over {} samples in {} s", total, elapsedSeconds(started));
		}
		return new Outcome(Outcome.Kind.REBUILT, total, 0, duration);
	}

	private static long elapsedSeconds(long started) {
		return (System.nanoTime() - started) / 1_000_000_000L;
	}

	/**
	 * What a refresh did.
	 *
	 * @param kind skipped (another instance refreshes), incremental or full rebuild
	 * @param samples samples read (changed ones, or all for a rebuild)
	 * @param keys rollup keys (area, hour) recomputed by an incremental refresh
	 * @param duration how long it took
	 */
	record Outcome(Kind kind, long samples, int keys, Duration duration) {

		static final Outcome SKIPPED = new Outcome(Kind.SKIPPED, 0, 0, Duration.ZERO);

		enum Kind {

			SKIPPED, INCREMENTAL, REBUILT

		}

	}

}
