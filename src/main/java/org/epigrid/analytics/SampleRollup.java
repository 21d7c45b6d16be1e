package org.epigrid.analytics;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps {@code sample_rollup_hourly} and {@code sample_rollup_daily} in step with the
 * sample table.
 * <p>
 * Rows: one per area (city, county, township), hour (or calendar day of the analytics
 * time zone), purpose and kind, plus the rows over all kinds of a purpose ({@code kind =
 * '*'}), over all purposes of a kind ({@code purpose = '*'}) and over everything (both
 * {@code '*'}): each row is one bucket and group of a testingStats answer, with its
 * counts, its turnaround histogram and the p50 and p90 read off that histogram, so that
 * whole hours and days are answered without merging anything. (Hourly rows of one purpose
 * and one kind are only summed, into days and parents, and keep no percentiles.)
 * <p>
 * Every few seconds ({@code epigrid.analytics.refresh-interval}) one instance (a
 * transaction-scoped advisory lock; the others skip) reads the samples changed since the
 * watermark (index on {@code updated_at}) and the (place, hour) keys that samples left
 * ({@code sample_rollup_dirty}), maps them to the townships, counties and city above, and
 * recomputes exactly those rows bottom-up: townships from the samples of the hour,
 * counties and the city from their children's rows plus the samples placed at them
 * directly, then the days of those hours from their hourly rows. Each step is one
 * {@code INSERT ... ON CONFLICT DO UPDATE} (rows that did not change are not rewritten)
 * with the rows that no longer have samples deleted in the same statement. The whole
 * refresh is one REPEATABLE READ transaction, so readers see a rollup that is consistent
 * with one snapshot of the samples.
 * <p>
 * A full rebuild (one day of samples per statement, progress logged) runs when the state
 * asks for it: on a fresh database, after the place hierarchy changed shape, when the
 * analytics time zone is not the one the days were cut in, or when more samples changed
 * than an incremental refresh should handle (a bulk load).
 */
@Component
public class SampleRollup {

	private static final Logger log = LoggerFactory.getLogger(SampleRollup.class);

	/** Advisory lock key: "epigrid" rollup. */
	static final long LOCK = 0x45504947_52494401L;

	static final String HOUR_ORIGIN = "timestamptz '2000-01-01 00:00:00+00'";

	private static final String COUNTS = "collected, resulted, positives, sla_breaches, invalids, overdue";

	private static final String PERCENTILES = "turnaround_p50, turnaround_p90";

	/** Per (key, purpose, kind, bucket) counts of the samples {@code s}. */
	private static final String PER_BUCKET_COUNTS = """
			sample_tat_bucket(s.collected_at, s.resulted_at) AS bucket,
			count(*) AS collected, count(s.resulted_at) AS resulted,
			count(*) FILTER (WHERE s.result = 'POSITIVE') AS positives,
			count(*) FILTER (WHERE s.resulted_at > s.due_at) AS sla_breaches,
			count(*) FILTER (WHERE s.result = 'INVALID') AS invalids,
			count(*) FILTER (WHERE s.result IS NULL AND s.due_at < now()) AS overdue""";

	/**
	 * Columns 1 and 2 are the key (place, time), 3 purpose, 4 kind, 5 the histogram
	 * bucket.
	 */
	private static final String PER_BUCKET_GROUPING = "GROUP BY 1, 2, 3, 4, 5";

	/**
	 * The samples of a place (%s) collected in the hour {@code k.hour}, read by their
	 * (place_id, collected_at) index range: OFFSET 0 keeps the planner from reading all
	 * of the place's samples and filtering them by hour, which it otherwise does when it
	 * underestimates the keys.
	 */
	private static final String SAMPLES_OF_THE_HOUR = """
			SELECT s.purpose, s.kind, s.collected_at, s.resulted_at, s.result, s.due_at FROM sample s
			WHERE s.place_id = %s AND s.collected_at >= k.hour AND s.collected_at < k.hour + interval '1 hour'
			OFFSET 0""";

	/** Keys given as two parallel arrays: place ids and hours (or days). */
	private static final String KEYS_FROM_ARRAYS = "SELECT * FROM unnest(?::bigint[], ?::%s[]) AS k(place_id, %s)";

	/** Keys for a rebuild: every place of a level and every hour of [from, to). */
	private static final String HOURS_IN_RANGE = """
			SELECT p.id AS place_id, h.hour
			FROM place p, generate_series(?::timestamptz, ?::timestamptz - interval '1 hour', interval '1 hour') AS h(hour)
			WHERE p.level = ?""";

	/** Keys for a rebuild: every rolled-up place and every day of [from, to]. */
	private static final String DAYS_IN_RANGE = """
			SELECT p.id AS place_id, d.day::date AS day
			FROM place p, generate_series(?::date, ?::date, interval '1 day') AS d(day)
			WHERE p.level IN ('CITY', 'COUNTY', 'TOWNSHIP')""";

	private final DSLContext db;

	private final TransactionTemplate transactions;

	private final AnalyticsProperties properties;

	/** Durations of the refreshes that ran, by kind (incremental, rebuilt). */
	private final EnumMap<Outcome.Kind, Timer> refreshTimers = new EnumMap<>(Outcome.Kind.class);

	private final ZoneId zone;

	private final String zoneName;

	/** Township rows of the keys, from the samples in each township's subtree. */
	private final String townships;

	/**
	 * County or city rows of the keys (%s): the children's rows plus the samples placed
	 * at the area itself.
	 */
	private final String parents;

	/** Township rows of every sample collected in [from, to): the rebuild's bulk step. */
	private final String townshipsInRange;

	/** Daily rows of the keys (%s), from the hourly rows of the day. */
	private final String days;

	/**
	 * The rollup keys above every sample changed since the watermark, left by one, or
	 * pending and past its due time since (its row's overdue count changed).
	 */
	private static final String TOUCHED_KEYS = """
			WITH dirty AS (DELETE FROM sample_rollup_dirty RETURNING place_id, hour),
			touched AS (
			    SELECT DISTINCT place_id, date_bin('1 hour', collected_at, %1$s) AS hour
			    FROM sample WHERE updated_at > ?::timestamptz
			    UNION
			    SELECT DISTINCT place_id, date_bin('1 hour', collected_at, %1$s)
			    FROM sample WHERE result IS NULL AND due_at > ?::timestamptz AND due_at <= now()
			    UNION
			    SELECT place_id, hour FROM dirty
			)
			SELECT DISTINCT a.id, a.level, t.hour
			FROM touched t JOIN place p ON p.id = t.place_id
			JOIN place a ON a.path @> p.path AND a.level IN ('CITY', 'COUNTY', 'TOWNSHIP')""".formatted(HOUR_ORIGIN);

	private volatile boolean ready;

	SampleRollup(DataSource dataSource, PlatformTransactionManager transactionManager, AnalyticsProperties properties,
			MeterRegistry registry) {
		this.db = Rollups.backgroundContext(dataSource);
		for (Outcome.Kind kind : List.of(Outcome.Kind.INCREMENTAL, Outcome.Kind.REBUILT)) {
			this.refreshTimers.put(kind,
					Timer.builder("epigrid.analytics.rollup.refresh")
						.description("Duration of one refresh of the sample rollups (hourly and daily), by kind")
						.tag("kind", kind.name().toLowerCase(Locale.ROOT))
						.register(registry));
		}
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.properties = properties;
		this.zone = properties.zone();
		this.zoneName = TestingStatsQueries.postgresZone(this.zone);
		String zoneLiteral = DSL.inline(this.zoneName).toString();
		this.townships = """
				WITH k AS (%s),
				per_bucket AS (
				    SELECT k.place_id, k.hour, s.purpose, s.kind, %s
				    FROM k JOIN place a ON a.id = k.place_id
				    JOIN place p ON p.path <@ a.path
				    CROSS JOIN LATERAL (%s) s
				    %s
				),
				%s,
				%s""".formatted(KEYS_FROM_ARRAYS.formatted("timestamptz", "hour"), PER_BUCKET_COUNTS,
				SAMPLES_OF_THE_HOUR.formatted("p.id"), PER_BUCKET_GROUPING, freshFromPerBucket("hour"),
				save("sample_rollup_hourly", "hour"));
		// The children's rows are read with one primary-key lookup per child and hour:
		// OFFSET 0 keeps the planner from turning that into a scan of the whole rollup,
		// which it otherwise does during a rebuild, whose inserts outrun the table's
		// statistics.
		this.parents = """
				WITH k AS (%%s),
				children AS (
				    SELECT k.place_id, k.hour, r.purpose, r.kind, %1$s, %2$s
				    FROM k JOIN place c ON c.parent_id = k.place_id
				    CROSS JOIN LATERAL (
				        SELECT * FROM sample_rollup_hourly r WHERE r.place_id = c.id AND r.hour = k.hour OFFSET 0
				    ) r
				    GROUP BY 1, 2, 3, 4
				),
				per_bucket AS (
				    SELECT k.place_id, k.hour, s.purpose, s.kind, %3$s
				    FROM k CROSS JOIN LATERAL (%11$s) s
				    %4$s
				),
				pivoted AS (%5$s),
				direct AS (%10$s),
				summed AS (
				    SELECT place_id, hour, purpose, kind, %6$s, %7$s
				    FROM (SELECT * FROM children UNION ALL SELECT * FROM direct) rows
				    GROUP BY 1, 2, 3, 4
				),
				%8$s,
				%9$s""".formatted(sumCounts("r."), TurnaroundHistogram.sums("r."), PER_BUCKET_COUNTS,
				PER_BUCKET_GROUPING, pivot("hour"), sumCounts(""), TurnaroundHistogram.sums(""),
				freshFromSummed("hour", false), save("sample_rollup_hourly", "hour"), rowKinds("hour"),
				SAMPLES_OF_THE_HOUR.formatted("k.place_id"));
		this.townshipsInRange = """
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
				%s,
				saved AS (
				    INSERT INTO sample_rollup_hourly (place_id, hour, purpose, kind, %s, %s, %s)
				    SELECT place_id, hour, purpose, kind, %s, %s, %s FROM fresh
				    RETURNING purpose, kind, collected
				)
				SELECT coalesce(sum(collected) FILTER (WHERE purpose = '*' AND kind = '*'), 0) FROM saved"""
			.formatted(HOUR_ORIGIN, PER_BUCKET_COUNTS, PER_BUCKET_GROUPING, freshFromPerBucket("hour"), COUNTS,
					TurnaroundHistogram.columns(""), PERCENTILES, COUNTS, TurnaroundHistogram.columns(""), PERCENTILES);
		// one lookup per place and day (OFFSET 0: see parents); a day in the zone is its
		// local midnight to the next, 23 to 25 whole hours
		this.days = """
				WITH k AS (%%s),
				summed AS (
				    SELECT k.place_id, k.day, r.purpose, r.kind, %1$s, %2$s
				    FROM k CROSS JOIN LATERAL (
				        SELECT * FROM sample_rollup_hourly r
				        WHERE r.place_id = k.place_id AND r.hour >= (k.day::timestamp AT TIME ZONE %3$s)
				          AND r.hour < ((k.day + 1)::timestamp AT TIME ZONE %3$s)
				        OFFSET 0
				    ) r
				    GROUP BY 1, 2, 3, 4
				),
				%4$s,
				%5$s""".formatted(sumCounts("r."), TurnaroundHistogram.sums("r."), zoneLiteral,
				freshFromSummed("day", true), save("sample_rollup_daily", "day"));
	}

	/** {@code sum(r.collected)::int AS collected, ...}. */
	private static String sumCounts(String qualifier) {
		return Arrays.stream(COUNTS.split(", "))
			.map((count) -> "sum(" + qualifier + count + ")::int AS " + count)
			.collect(Collectors.joining(", "));
	}

	/**
	 * Rows of each purpose and kind (counts and histogram) from the per_bucket rows: the
	 * CTE {@code pivoted}.
	 */
	private static String pivot(String time) {
		return """
				SELECT place_id, %s, purpose, kind, %s, %s
				FROM per_bucket GROUP BY 1, 2, 3, 4""".formatted(time, sumCounts(""),
				TurnaroundHistogram.cumulative("bucket", "resulted"));
	}

	/**
	 * Every row kind from the rows of each purpose and kind in {@code pivoted}: those,
	 * and their sums over all kinds ({@code kind = '*'}), all purposes
	 * ({@code purpose = '*'}) and both.
	 */
	private static String rowKinds(String time) {
		return """
				SELECT place_id, %1$s, coalesce(purpose, '*') AS purpose, coalesce(kind, '*') AS kind, %2$s, %3$s
				FROM pivoted
				GROUP BY GROUPING SETS ((place_id, %1$s, purpose, kind), (place_id, %1$s, purpose), (place_id, %1$s, kind),
				                        (place_id, %1$s))"""
			.formatted(time, sumCounts(""), TurnaroundHistogram.sums(""));
	}

	/**
	 * CTEs {@code pivoted}, {@code rows} and {@code fresh}: every row kind of the
	 * per_bucket rows, with percentiles for the rows that queries read directly (all but
	 * those of one purpose and one kind, which are only ever summed).
	 */
	private static String freshFromPerBucket(String time) {
		return """
				pivoted AS (%s),
				rows AS (%s),
				%s""".formatted(pivot(time), rowKinds(time), withPercentiles("rows", false));
	}

	/**
	 * CTE {@code fresh}: the rows of {@code summed} with their percentiles; with
	 * {@code everyRow} false only for the rows queries read directly (see
	 * {@link #freshFromPerBucket}).
	 */
	private static String freshFromSummed(String time, boolean everyRow) {
		return withPercentiles("summed", everyRow);
	}

	/** CTE {@code fresh}: the rows of {@code source} with their p50 and p90. */
	private static String withPercentiles(String source, boolean everyRow) {
		String when = everyRow ? "" : "CASE WHEN m.purpose = '*' OR m.kind = '*' THEN ";
		String end = everyRow ? "" : " END";
		return """
				fresh AS (
				    SELECT m.*, %1$s%2$s%3$s AS turnaround_p50, %1$s%4$s%3$s AS turnaround_p90
				    FROM (SELECT x.*, %5$s AS h FROM %6$s x) m
				)""".formatted(when, TurnaroundHistogram.percentile("m.h", "m.resulted", 0.5), end,
				TurnaroundHistogram.percentile("m.h", "m.resulted", 0.9), TurnaroundHistogram.array("x."), source);
	}

	/**
	 * Writes the {@code fresh} rows for the keys {@code k}: deletes the rows of those
	 * keys that have no fresh row, upserts the rest (skipping unchanged ones).
	 */
	private static String save(String table, String time) {
		String columns = COUNTS + ", " + TurnaroundHistogram.columns("") + ", " + PERCENTILES;
		String assign = Arrays.stream(columns.split(", "))
			.map((column) -> column + " = excluded." + column)
			.collect(Collectors.joining(", "));
		String old = Arrays.stream(columns.split(", "))
			.map((column) -> "r." + column)
			.collect(Collectors.joining(", "));
		String changed = Arrays.stream(columns.split(", "))
			.map((column) -> "excluded." + column)
			.collect(Collectors.joining(", "));
		return """
				gone AS (
				    DELETE FROM %1$s r USING k
				    WHERE r.place_id = k.place_id AND r.%2$s = k.%2$s
				      AND NOT EXISTS (SELECT FROM fresh f WHERE f.place_id = r.place_id AND f.%2$s = r.%2$s
				                      AND f.purpose = r.purpose AND f.kind = r.kind)
				    RETURNING 1
				),
				saved AS (
				    INSERT INTO %1$s AS r (place_id, %2$s, purpose, kind, %3$s)
				    SELECT place_id, %2$s, purpose, kind, %3$s FROM fresh
				    ON CONFLICT (place_id, %2$s, purpose, kind) DO UPDATE SET %4$s
				    WHERE (%5$s) IS DISTINCT FROM (%6$s)
				    RETURNING 1
				)
				SELECT (SELECT count(*) FROM saved) AS saved, (SELECT count(*) FROM gone) AS gone""".formatted(table,
				time, columns, assign, old, changed);
	}

	/**
	 * Whether the rollup is complete (built, and not waiting for a rebuild): only then do
	 * queries read it.
	 */
	boolean ready() {
		return this.ready;
	}

	@Scheduled(initialDelayString = "${epigrid.analytics.refresh-initial-delay:1s}",
			fixedDelayString = "${epigrid.analytics.refresh-interval:3s}")
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

	/**
	 * Brings the rollup up to date now, waiting for a refresh running elsewhere: for
	 * whoever must see the latest samples at once (tests, benchmarks).
	 * @return what the refresh did
	 */
	public Outcome refreshNow() {
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
		Outcome outcome = inTransaction(wait, () -> {
			State state = lockState();
			if (state.refreshedTo() == null || state.rebuildRequested() || !this.zoneName.equals(state.dayZone())
					|| (state.empty()
							&& Boolean.TRUE.equals(this.db.fetchValue("SELECT EXISTS (SELECT FROM sample)")))) {
				return rebuild();
			}
			return incremental(state.refreshedTo().minus(this.properties.refreshOverlap()));
		});
		Timer timer = this.refreshTimers.get(outcome.kind());
		if (timer != null) {
			timer.record(outcome.duration());
		}
		return outcome;
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
		this.ready = Boolean.TRUE.equals(this.db.fetchValue("""
				SELECT refreshed_to IS NOT NULL AND NOT rebuild_requested AND day_zone IS NOT DISTINCT FROM ?
				FROM sample_rollup_state""", this.zoneName));
	}

	/** Reads and locks the state row. */
	private State lockState() {
		Record r = this.db.fetchOne("""
				SELECT refreshed_to, rebuild_requested, day_zone, NOT EXISTS (SELECT FROM sample_rollup_hourly) AS empty
				FROM sample_rollup_state FOR UPDATE""");
		return new State(r.get(0, OffsetDateTime.class), Boolean.TRUE.equals(r.get(1, Boolean.class)),
				r.get(2, String.class), Boolean.TRUE.equals(r.get(3, Boolean.class)));
	}

	private record State(@Nullable OffsetDateTime refreshedTo, boolean rebuildRequested, @Nullable String dayZone,
			boolean empty) {
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
		Keys townships = new Keys();
		Keys counties = new Keys();
		Keys cities = new Keys();
		Set<List<Object>> days = new LinkedHashSet<>();
		this.db.fetch(TOUCHED_KEYS, since, since).forEach((key) -> {
			long place = key.get(0, Long.class);
			OffsetDateTime hour = key.get(2, OffsetDateTime.class);
			Keys level = switch (key.get(1, String.class)) {
				case "TOWNSHIP" -> townships;
				case "COUNTY" -> counties;
				default -> cities;
			};
			level.add(place, hour);
			days.add(List.of(place, hour.atZoneSameInstant(this.zone).toLocalDate()));
		});
		if (!townships.isEmpty()) {
			this.db.fetch(this.townships, townships.places(), townships.times(OffsetDateTime[]::new));
		}
		String hourKeys = KEYS_FROM_ARRAYS.formatted("timestamptz", "hour");
		if (!counties.isEmpty()) {
			this.db.fetch(this.parents.formatted(hourKeys), counties.places(), counties.times(OffsetDateTime[]::new));
		}
		if (!cities.isEmpty()) {
			this.db.fetch(this.parents.formatted(hourKeys), cities.places(), cities.times(OffsetDateTime[]::new));
		}
		if (!days.isEmpty()) {
			this.db.fetch(this.days.formatted(KEYS_FROM_ARRAYS.formatted("date", "day")),
					days.stream().map((key) -> (Long) key.get(0)).toArray(Long[]::new),
					days.stream().map((key) -> (LocalDate) key.get(1)).toArray(LocalDate[]::new));
		}
		this.db.execute(
				"""
						UPDATE sample_rollup_state
						SET refreshed_to = now(), refreshed_at = clock_timestamp(),
						    last_collected_at = greatest(last_collected_at, c.collected), last_resulted_at = greatest(last_resulted_at, c.resulted)
						FROM (SELECT max(collected_at) AS collected, max(resulted_at) AS resulted
						      FROM sample WHERE updated_at > ?::timestamptz) c""",
				since);
		return new Outcome(Outcome.Kind.INCREMENTAL, changed,
				townships.size() + counties.size() + cities.size() + days.size(),
				Duration.ofNanos(System.nanoTime() - started));
	}

	/** Rollup keys of one level: parallel lists of place ids and hours. */
	private static final class Keys {

		private final List<Long> places = new ArrayList<>();

		private final List<Object> times = new ArrayList<>();

		void add(long place, Object time) {
			this.places.add(place);
			this.times.add(time);
		}

		boolean isEmpty() {
			return this.places.isEmpty();
		}

		int size() {
			return this.places.size();
		}

		Long[] places() {
			return this.places.toArray(Long[]::new);
		}

		<T> T[] times(IntFunction<T[]> array) {
			return this.times.toArray(array);
		}

	}

	/**
	 * Replaces the whole rollup inside the caller's transaction, readers keep seeing the
	 * previous rollup until it commits: the hours one UTC day of samples at a time, then
	 * the days from the hours.
	 */
	private Outcome rebuild() {
		long started = System.nanoTime();
		this.db.execute("DELETE FROM sample_rollup_hourly");
		this.db.execute("DELETE FROM sample_rollup_daily");
		this.db.execute("DELETE FROM sample_rollup_dirty");
		Record range = this.db
			.fetchOne("SELECT min(collected_at), max(collected_at), count(*), max(resulted_at) FROM sample");
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
				done += this.db.fetchOne(this.townshipsInRange, day, next).get(0, Long.class);
				this.db.fetch(this.parents.formatted(HOURS_IN_RANGE), day, next, "COUNTY");
				this.db.fetch(this.parents.formatted(HOURS_IN_RANGE), day, next, "CITY");
				day = next;
				if (System.nanoTime() - lastLog > 10_000_000_000L) {
					lastLog = System.nanoTime();
					log.info("Sample rollup: {} of {} samples ({}%), up to {}, {} s", done, total,
							(total > 0) ? done * 100 / total : 100, day, elapsedSeconds(started));
				}
			}
			// a week of days per statement
			LocalDate firstDay = first.atZoneSameInstant(this.zone).toLocalDate();
			LocalDate lastDay = last.atZoneSameInstant(this.zone).toLocalDate();
			for (LocalDate from = firstDay; !from.isAfter(lastDay); from = from.plusDays(7)) {
				LocalDate to = from.plusDays(6).isBefore(lastDay) ? from.plusDays(6) : lastDay;
				this.db.fetch(this.days.formatted(DAYS_IN_RANGE), from, to);
			}
		}
		this.db.execute("""
				UPDATE sample_rollup_state
				SET refreshed_to = now(), refreshed_at = clock_timestamp(), rebuilt_at = clock_timestamp(),
				    rebuild_requested = false, day_zone = ?, last_collected_at = ?::timestamptz,
				    last_resulted_at = ?::timestamptz""", this.zoneName, last, range.get(3, OffsetDateTime.class));
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
	 * @param keys rollup keys (area and hour, area and day) recomputed by an incremental
	 * refresh
	 * @param duration how long it took
	 */
	public record Outcome(Kind kind, long samples, int keys, Duration duration) {

		static final Outcome SKIPPED = new Outcome(Kind.SKIPPED, 0, 0, Duration.ZERO);

		/** What kind of refresh ran. */
		public enum Kind {

			/** Another instance was refreshing. */
			SKIPPED,
			/** The rows of what changed since the watermark were recomputed. */
			INCREMENTAL,
			/** Everything was recomputed. */
			REBUILT

		}

	}

}
