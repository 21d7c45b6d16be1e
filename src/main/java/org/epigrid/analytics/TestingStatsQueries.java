package org.epigrid.analytics;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.places.PlaceLevel;
import org.epigrid.support.GlobalId;
import org.epigrid.testing.SampleKind;
import org.epigrid.testing.SamplePurpose;

/**
 * SQL for {@code testingStats}: one statement that reads the whole hours of the range
 * from {@code sample_rollup_hourly} and the partial hours at either end from the sample
 * table, merges the turnaround histograms and reads the percentiles off their cumulative
 * sums. Areas below a township (and a township split by child area) have no rollup rows
 * and are read from the sample table whole, which its (place_id, collected_at) index
 * serves well at that size; so is everything while the rollup is being built.
 * <p>
 * Overdue (pending past due now) depends on the clock and is counted live, from the
 * partial index of pending samples.
 */
@Repository
@Transactional(readOnly = true)
class TestingStatsQueries {

	/** Merges the rollup and sample parts into buckets with percentiles. */
	private static final String MERGE = """
			totals AS (
			    SELECT bucket, grp, sum(collected) AS collected, sum(resulted) AS resulted,
			           sum(positives) AS positives, sum(sla_breaches) AS sla_breaches
			    FROM (SELECT bucket, grp, collected, resulted, positives, sla_breaches FROM rolled
			          UNION ALL
			          SELECT bucket, grp, collected, resulted, positives, sla_breaches FROM based) parts
			    GROUP BY bucket, grp
			),
			hist AS (
			    SELECT bucket, grp, b, sum(c) AS c
			    FROM (SELECT bucket, grp, (u.i - 1)::int AS b, u.c
			          FROM rolled, unnest(rolled.hist) WITH ORDINALITY AS u(c, i) WHERE u.c > 0
			          UNION ALL
			          SELECT bucket, grp, b, resulted FROM based WHERE b IS NOT NULL) parts
			    GROUP BY bucket, grp, b
			),
			cumulative AS (
			    SELECT bucket, grp, b, c,
			           sum(c) OVER (PARTITION BY bucket, grp ORDER BY b) AS upto,
			           sum(c) OVER (PARTITION BY bucket, grp) AS n
			    FROM hist
			),
			percentiles AS (
			    SELECT bucket, grp,
			           min(sample_tat_bucket_lower(b) + sample_tat_bucket_width(b) * (0.5 * n - (upto - c)) / c)
			               FILTER (WHERE upto >= 0.5 * n AND upto - c < 0.5 * n) AS p50,
			           min(sample_tat_bucket_lower(b) + sample_tat_bucket_width(b) * (0.9 * n - (upto - c)) / c)
			               FILTER (WHERE upto >= 0.9 * n AND upto - c < 0.9 * n) AS p90
			    FROM cumulative GROUP BY bucket, grp
			),
			overdue AS (
			    SELECT %1$s AS bucket, %2$s AS grp, count(*) AS overdue
			    FROM sample s JOIN places p ON p.id = s.place_id
			    WHERE s.result IS NULL AND s.due_at < now() AND s.collected_at >= ?::timestamptz AND s.collected_at < ?::timestamptz
			    GROUP BY 1, 2
			)
			SELECT t.bucket, t.grp, t.collected, t.resulted, t.positives, t.sla_breaches,
			       pc.p50::float8, pc.p90::float8, coalesce(o.overdue, 0) AS overdue, %3$s AS label
			FROM totals t
			LEFT JOIN percentiles pc ON pc.bucket = t.bucket AND pc.grp = t.grp
			LEFT JOIN overdue o ON o.bucket = t.bucket AND o.grp = t.grp
			ORDER BY t.bucket, t.grp""";

	/**
	 * Samples of one window of collection times, counted per (bucket, group, histogram
	 * bucket).
	 */
	private static final String BASED_WINDOW = """
			SELECT %1$s AS bucket, %2$s AS grp, sample_tat_bucket(s.collected_at, s.resulted_at) AS b,
			       count(*) AS collected, count(s.resulted_at) AS resulted,
			       count(*) FILTER (WHERE s.result = 'POSITIVE') AS positives,
			       count(*) FILTER (WHERE s.resulted_at > s.due_at) AS sla_breaches
			FROM sample s JOIN places p ON p.id = s.place_id
			WHERE s.collected_at >= ?::timestamptz AND s.collected_at < ?::timestamptz%3$s
			GROUP BY 1, 2, 3""";

	private static final String NO_BASED_ROWS = """
			SELECT NULL::timestamptz AS bucket, NULL::text AS grp, NULL::smallint AS b, 0::bigint AS collected,
			       0::bigint AS resulted, 0::bigint AS positives, 0::bigint AS sla_breaches
			WHERE false""";

	private final DSLContext db;

	private final SampleRollup rollup;

	private final ZoneId zone;

	private final String zoneLiteral;

	TestingStatsQueries(DSLContext db, SampleRollup rollup, AnalyticsProperties properties) {
		this.db = db;
		this.rollup = rollup;
		this.zone = properties.zone();
		this.zoneLiteral = DSL.inline(postgresZone(this.zone)).toString();
	}

	/**
	 * The zone's name as PostgreSQL knows it. The rollup is by UTC hour, so days and
	 * weeks can only be cut in a zone whose offset is whole hours.
	 */
	static String postgresZone(ZoneId zone) {
		ZoneId normalized = zone.normalized();
		if (normalized instanceof ZoneOffset offset) {
			if (offset.getTotalSeconds() % 3600 != 0) {
				throw new IllegalStateException("epigrid.analytics.time-zone must have a whole-hour offset: " + zone);
			}
			int hours = offset.getTotalSeconds() / 3600;
			// POSIX-style names count west as positive
			return (hours == 0) ? "UTC" : "Etc/GMT" + ((hours > 0) ? "-" : "+") + Math.abs(hours);
		}
		boolean wholeHours = normalized.getRules()
			.getTransitions()
			.stream()
			.allMatch((t) -> t.getOffsetAfter().getTotalSeconds() % 3600 == 0)
				&& normalized.getRules().getOffset(Instant.now()).getTotalSeconds() % 3600 == 0;
		if (!wholeHours) {
			throw new IllegalStateException("epigrid.analytics.time-zone must have whole-hour offsets: " + zone);
		}
		return normalized.getId();
	}

	ZoneId zone() {
		return this.zone;
	}

	/** testingStats, from the rollup where it has the rows. */
	List<TestingStatsBucket> testingStats(Area area, OffsetDateTime from, OffsetDateTime to, StatsInterval interval,
			@Nullable StatsGroupBy groupBy) {
		boolean byChild = groupBy == StatsGroupBy.CHILD_AREA;
		boolean useRollup = this.rollup.ready() && area.rolledUp() && !(byChild && area.level() == PlaceLevel.TOWNSHIP);
		OffsetDateTime wholeFrom = ceilHour(from);
		OffsetDateTime wholeTo = floorHour(to);
		if (!useRollup || !wholeFrom.isBefore(wholeTo)) {
			wholeFrom = from;
			wholeTo = from;
		}
		List<Object> binds = new ArrayList<>();
		StringBuilder sql = new StringBuilder("WITH ");
		sql.append(places(area, groupBy, binds)).append(",\n");

		// whole hours from the rollup
		String rolledGroup = (groupBy == null) ? "''" : switch (groupBy) {
			case CHILD_AREA -> "r.place_id::text";
			case PURPOSE -> "r.purpose";
			case KIND -> "r.kind";
		};
		sql.append("rolled AS (\n    SELECT ")
			.append(bucket("r.hour", interval))
			.append(" AS bucket, ")
			.append(rolledGroup)
			.append(" AS grp, sum(r.collected) AS collected, sum(r.resulted) AS resulted, ")
			.append("sum(r.positives) AS positives, sum(r.sla_breaches) AS sla_breaches, ")
			.append(TurnaroundHistogram.sumArray("r."))
			.append(" AS hist\n    FROM sample_rollup_hourly r\n    WHERE ");
		if (byChild) {
			sql.append("r.place_id IN (SELECT id FROM place WHERE parent_id = ?)");
		}
		else {
			sql.append("r.place_id = ?");
		}
		binds.add(area.id());
		sql.append((groupBy == StatsGroupBy.PURPOSE || groupBy == StatsGroupBy.KIND) ? " AND r.purpose <> '*'"
				: " AND r.purpose = '*' AND r.kind = '*'");
		sql.append(" AND r.hour >= ?::timestamptz AND r.hour < ?::timestamptz\n    GROUP BY 1, 2\n),\n");
		binds.add(wholeFrom);
		binds.add(wholeTo);

		// partial hours (or everything) from the sample table
		String sampleGroup = sampleGroup(groupBy);
		List<String> windows = new ArrayList<>();
		if (from.isBefore(wholeFrom)) {
			windows.add(BASED_WINDOW.formatted(bucket("s.collected_at", interval), sampleGroup, ""));
			binds.add(from);
			binds.add(wholeFrom);
		}
		if (wholeTo.isBefore(to)) {
			windows.add(BASED_WINDOW.formatted(bucket("s.collected_at", interval), sampleGroup, ""));
			binds.add(wholeTo);
			binds.add(to);
		}
		if (byChild && wholeFrom.isBefore(wholeTo)) {
			// samples placed at the area itself are in no child's rollup rows
			windows.add(BASED_WINDOW.formatted(bucket("s.collected_at", interval), sampleGroup, " AND s.place_id = ?"));
			binds.add(wholeFrom);
			binds.add(wholeTo);
			binds.add(area.id());
		}
		sql.append("based AS (\n")
			.append(windows.isEmpty() ? NO_BASED_ROWS : String.join("\nUNION ALL\n", windows))
			.append("\n),\n");
		sql.append(MERGE.formatted(bucket("s.collected_at", interval), sampleGroup, label(groupBy)));
		binds.add(from);
		binds.add(to);
		return this.db.fetch(sql.toString(), binds.toArray()).map((r) -> toBucket(r, interval, groupBy));
	}

	/**
	 * The naive GROUP BY over the sample table, with exact percentiles: what testingStats
	 * would cost without the rollup (benchmark comparison).
	 */
	List<TestingStatsBucket> testingStatsFromSamples(Area area, OffsetDateTime from, OffsetDateTime to,
			StatsInterval interval, @Nullable StatsGroupBy groupBy) {
		List<Object> binds = new ArrayList<>();
		String sql = "WITH " + places(area, groupBy, binds)
				+ """

						SELECT %1$s AS bucket, %2$s AS grp, count(*) AS collected, count(s.resulted_at) AS resulted,
						       count(*) FILTER (WHERE s.result = 'POSITIVE') AS positives,
						       count(*) FILTER (WHERE s.resulted_at > s.due_at) AS sla_breaches,
						       percentile_cont(0.5) WITHIN GROUP (ORDER BY date_part('epoch', s.resulted_at - s.collected_at) / 60) AS p50,
						       percentile_cont(0.9) WITHIN GROUP (ORDER BY date_part('epoch', s.resulted_at - s.collected_at) / 60) AS p90,
						       count(*) FILTER (WHERE s.result IS NULL AND s.due_at < now()) AS overdue,
						       NULL::text AS label
						FROM sample s JOIN places p ON p.id = s.place_id
						WHERE s.collected_at >= ?::timestamptz AND s.collected_at < ?::timestamptz
						GROUP BY 1, 2
						ORDER BY 1, 2"""
					.formatted(bucket("s.collected_at", interval), sampleGroup(groupBy));
		binds.add(from);
		binds.add(to);
		return this.db.fetch(sql, binds.toArray()).map((r) -> toBucket(r, interval, groupBy));
	}

	/**
	 * Every place in the area's subtree with its group for CHILD_AREA: the child of the
	 * area it lies under (found by the child's code, the next label of the place's path),
	 * or the area itself.
	 */
	private static String places(Area area, @Nullable StatsGroupBy groupBy, List<Object> binds) {
		if (groupBy != StatsGroupBy.CHILD_AREA) {
			return """
					places AS MATERIALIZED (
					    SELECT p.id, '' AS grp FROM place p WHERE p.path <@ %s
					)""".formatted(area.pathLiteral());
		}
		int depth = area.depth();
		binds.add(area.id());
		return """
				places AS MATERIALIZED (
				    SELECT p.id, coalesce(c.id, ?)::text AS grp
				    FROM place p
				    LEFT JOIN place c
				        ON c.code = CASE WHEN nlevel(p.path) > %1$d THEN ltree2text(subltree(p.path, %1$d, %1$d + 1)) END
				    WHERE p.path <@ %2$s
				)"""
			.formatted(depth, area.pathLiteral());
	}

	private static String sampleGroup(@Nullable StatsGroupBy groupBy) {
		return (groupBy == null) ? "''" : switch (groupBy) {
			case CHILD_AREA -> "p.grp";
			case PURPOSE -> "s.purpose";
			case KIND -> "s.kind";
		};
	}

	private static String label(@Nullable StatsGroupBy groupBy) {
		return (groupBy == null) ? "NULL::text" : switch (groupBy) {
			case CHILD_AREA -> "(SELECT name || ' (' || code || ')' FROM place WHERE id = t.grp::bigint)";
			case PURPOSE, KIND -> "t.grp";
		};
	}

	private String bucket(String time, StatsInterval interval) {
		return "date_trunc('" + interval.unit() + "', " + time + ", " + this.zoneLiteral + ")";
	}

	private TestingStatsBucket toBucket(Record r, StatsInterval interval, @Nullable StatsGroupBy groupBy) {
		OffsetDateTime start = r.get(0, OffsetDateTime.class).atZoneSameInstant(this.zone).toOffsetDateTime();
		OffsetDateTime end = start.atZoneSameInstant(this.zone).plus(1, switch (interval) {
			case HOUR -> ChronoUnit.HOURS;
			case DAY -> ChronoUnit.DAYS;
			case WEEK -> ChronoUnit.WEEKS;
		}).toOffsetDateTime();
		String group = r.get(1, String.class);
		int collected = r.get(2, Integer.class);
		int resulted = r.get(3, Integer.class);
		int positives = r.get(4, Integer.class);
		Long childArea = (groupBy == StatsGroupBy.CHILD_AREA) ? Long.valueOf(group) : null;
		String key = (groupBy == null) ? null : (childArea != null) ? GlobalId.encode("Place", childArea) : group;
		return new TestingStatsBucket(start, end, key, r.get(9, String.class), childArea,
				(groupBy == StatsGroupBy.PURPOSE) ? SamplePurpose.valueOf(group) : null,
				(groupBy == StatsGroupBy.KIND) ? SampleKind.valueOf(group) : null, collected, resulted, positives,
				(resulted > 0) ? (double) positives / resulted : null, r.get(6, Double.class), r.get(7, Double.class),
				r.get(8, Integer.class), r.get(5, Integer.class));
	}

	private static OffsetDateTime floorHour(OffsetDateTime time) {
		return time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
	}

	private static OffsetDateTime ceilHour(OffsetDateTime time) {
		OffsetDateTime floor = floorHour(time);
		return floor.toInstant().equals(time.toInstant()) ? floor : floor.plusHours(1);
	}

}
