package org.epigrid.analytics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.places.PlaceLevel;
import org.epigrid.support.GlobalId;
import org.epigrid.testing.SampleKind;
import org.epigrid.testing.SamplePurpose;

/**
 * SQL for {@code testingStats}, one statement per call. Buckets that are whole rows of
 * the rollups (whole hours for HOUR, whole days of the analytics time zone for DAY) are
 * read as they are, percentiles included, one row per bucket and group. What is left over
 * is merged: the partial days at either end of a DAY range and every WEEK from their
 * daily and hourly rows, the partial hours at either end from the sample table (index on
 * {@code (place_id, collected_at)}), histograms summed and percentiles read off their
 * cumulative sums. Areas below a township (and a township split by child area) have no
 * rollup rows and are read from the sample table whole, which that index serves well at
 * that size; so is everything while the rollup is being built.
 * <p>
 * Overdue (pending past due) comes with the rollup rows, as of their last refresh (which
 * recomputes the rows whose samples fell due since), and is counted live for the partial
 * hours.
 */
@Repository
@Transactional(readOnly = true)
class TestingStatsQueries {

	/**
	 * Merges the rollup rows and sample counts of the buckets that are no whole rollup
	 * rows: {@code rolled} (rollup rows with their cumulative histogram columns) and
	 * {@code based} (sample counts per histogram bucket {@code b}): sums per bucket and
	 * group, percentiles read off the summed histogram.
	 */
	private static final String MERGED = """
			based_rows AS (
			    SELECT bucket, grp, sum(collected) AS collected, sum(resulted) AS resulted, sum(positives) AS positives,
			           sum(sla_breaches) AS sla_breaches, sum(overdue) AS overdue, %1$s
			    FROM based GROUP BY bucket, grp
			),
			merged AS (
			    SELECT bucket, grp, collected, resulted, positives, sla_breaches, %2$s AS turnaround_p50,
			           %3$s AS turnaround_p90, overdue
			    FROM (SELECT bucket, grp, sum(collected) AS collected, sum(resulted) AS resulted,
			                 sum(positives) AS positives, sum(sla_breaches) AS sla_breaches, sum(overdue) AS overdue,
			                 %4$s AS h
			          FROM (SELECT * FROM rolled UNION ALL SELECT * FROM based_rows) parts
			          GROUP BY bucket, grp) m
			)""".formatted(TurnaroundHistogram.cumulative("b", "resulted"),
			TurnaroundHistogram.percentile("m.h", "m.resulted", 0.5),
			TurnaroundHistogram.percentile("m.h", "m.resulted", 0.9), TurnaroundHistogram.sumArray(""));

	/** The answer: direct and merged rows, labelled. */
	private static final String ANSWER = """
			SELECT t.bucket, t.grp, t.collected, t.resulted, t.positives, t.sla_breaches,
			       t.turnaround_p50, t.turnaround_p90, t.overdue, %1$s AS label
			FROM (SELECT bucket, grp, collected::bigint, resulted::bigint, positives::bigint, sla_breaches::bigint,
			             turnaround_p50, turnaround_p90, overdue::bigint FROM direct
			      UNION ALL
			      SELECT * FROM merged) t
			LEFT JOIN place lp ON %2$s
			ORDER BY t.bucket, t.grp""";

	/**
	 * Samples of one window of collection times, counted per (bucket, group, histogram
	 * bucket): each place's samples read by their (place_id, collected_at) index range.
	 * (Joined the other way round, the planner, which cannot know how many samples the
	 * last minutes have, compares every sample of the window with every place.)
	 */
	private static final String BASED_WINDOW = """
			SELECT %1$s AS bucket, %2$s AS grp, sample_tat_bucket(s.collected_at, s.resulted_at) AS b,
			       count(*) AS collected, count(s.resulted_at) AS resulted,
			       count(*) FILTER (WHERE s.result = 'POSITIVE') AS positives,
			       count(*) FILTER (WHERE s.resulted_at > s.due_at) AS sla_breaches,
			       count(*) FILTER (WHERE s.result IS NULL AND s.due_at < now()) AS overdue
			FROM %3$s p
			CROSS JOIN LATERAL (
			    SELECT s.purpose, s.kind, s.collected_at, s.resulted_at, s.result, s.due_at FROM sample s
			    WHERE s.place_id = p.id AND s.collected_at >= ?::timestamptz AND s.collected_at < ?::timestamptz
			    OFFSET 0
			) s
			GROUP BY 1, 2, 3""";

	private static final String NO_BASED_ROWS = """
			SELECT NULL::timestamptz AS bucket, NULL::text AS grp, NULL::smallint AS b, 0::bigint AS collected,
			       0::bigint AS resulted, 0::bigint AS positives, 0::bigint AS sla_breaches, 0::bigint AS overdue
			WHERE false""";

	private static final String NO_ROLLED_ROWS = """
			SELECT NULL::timestamptz AS bucket, NULL::text AS grp, 0 AS collected, 0 AS resulted, 0 AS positives,
			       0 AS sla_breaches, 0 AS overdue, %s
			WHERE false""".formatted(TurnaroundHistogram.nulls());

	private static final String NO_DIRECT_ROWS = """
			SELECT NULL::timestamptz AS bucket, NULL::text AS grp, 0 AS collected, 0 AS resulted, 0 AS positives,
			       0 AS sla_breaches, NULL::float8 AS turnaround_p50, NULL::float8 AS turnaround_p90, 0 AS overdue
			WHERE false""";

	/**
	 * Every purpose (kind) as a list of literals: the rows of each are read by the
	 * (place_id, kind, purpose, time) index, one range per value, where {@code <> '*'}
	 * would read every row of the place.
	 */
	private static final String PURPOSES = Arrays.stream(SamplePurpose.values())
		.map((purpose) -> "'" + purpose.name() + "'")
		.collect(Collectors.joining(", "));

	private static final String KINDS = Arrays.stream(SampleKind.values())
		.map((kind) -> "'" + kind.name() + "'")
		.collect(Collectors.joining(", "));

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

	/** testingStats, from the rollups where they have the rows. */
	List<TestingStatsBucket> testingStats(Area area, OffsetDateTime from, OffsetDateTime to, StatsInterval interval,
			@Nullable StatsGroupBy groupBy) {
		boolean byChild = groupBy == StatsGroupBy.CHILD_AREA;
		boolean useRollup = this.rollup.ready() && area.rolledUp() && !(byChild && area.level() == PlaceLevel.TOWNSHIP);
		Plan plan = useRollup ? plan(from, to, interval) : Plan.fromSamples(from, to);
		List<Object> binds = new ArrayList<>();
		StringBuilder sql = new StringBuilder("WITH ");
		sql.append(places(area, groupBy, binds)).append(",\n");

		// whole rollup rows: one per bucket and group
		List<String> direct = new ArrayList<>();
		if (plan.directFrom != null) {
			boolean daily = interval == StatsInterval.DAY;
			direct.add("SELECT %s AS bucket, %s AS grp, r.collected, r.resulted, r.positives, r.sla_breaches, "
				.formatted(daily ? dayStart("r.day") : "r.hour", rolledGroup(groupBy))
					+ "r.turnaround_p50, r.turnaround_p90, r.overdue\nFROM " + rollupRows(area, groupBy, daily, binds));
			addRange(binds, daily, plan.directFrom, plan.directTo);
		}
		sql.append("direct AS (\n").append(direct.isEmpty() ? NO_DIRECT_ROWS : direct.get(0)).append("\n),\n");

		// rollup rows merged into buckets: daily rows of whole days, hourly rows of the
		// whole hours of partial days
		List<String> rolled = new ArrayList<>();
		if (plan.mergedDaysFrom != null) {
			rolled.add(rolledSelect(bucket(dayStart("r.day"), interval), groupBy)
					+ rollupRows(area, groupBy, true, binds));
			addRange(binds, true, plan.mergedDaysFrom, plan.mergedDaysTo);
		}
		for (OffsetDateTime[] hours : plan.mergedHours) {
			rolled.add(rolledSelect(bucket("r.hour", interval), groupBy) + rollupRows(area, groupBy, false, binds));
			addRange(binds, false, hours[0], hours[1]);
		}
		sql.append("rolled AS (\n")
			.append(rolled.isEmpty() ? NO_ROLLED_ROWS : String.join("\nUNION ALL\n", rolled))
			.append("\n),\n");

		// partial hours (or everything) from the sample table
		String sampleGroup = sampleGroup(groupBy);
		String sampleBucket = bucket("s.collected_at", interval);
		List<String> windows = new ArrayList<>();
		for (OffsetDateTime[] window : plan.samples) {
			windows.add(BASED_WINDOW.formatted(sampleBucket, sampleGroup, "places"));
			binds.add(window[0]);
			binds.add(window[1]);
		}
		if (byChild && plan.rolledFrom != null) {
			// samples placed at the area itself are in no child's rollup rows
			windows.add(BASED_WINDOW.formatted(sampleBucket, sampleGroup, "(SELECT * FROM places WHERE id = ?)"));
			binds.add(area.id());
			binds.add(plan.rolledFrom);
			binds.add(plan.rolledTo);
		}
		sql.append("based AS (\n")
			.append(windows.isEmpty() ? NO_BASED_ROWS : String.join("\nUNION ALL\n", windows))
			.append("\n),\n");
		sql.append(MERGED).append("\n");
		sql.append(ANSWER.formatted(label(groupBy), byChild ? "lp.id = t.grp::bigint" : "false"));
		return buckets(sql.toString(), binds, interval, groupBy);
	}

	/**
	 * {@code SELECT bucket, grp, counts, histogram columns} of rollup rows, without FROM.
	 */
	private static String rolledSelect(String bucket, @Nullable StatsGroupBy groupBy) {
		return "SELECT %s AS bucket, %s AS grp, r.collected, r.resulted, r.positives, r.sla_breaches, r.overdue, %s\nFROM "
			.formatted(bucket, rolledGroup(groupBy), TurnaroundHistogram.columns("r."));
	}

	/**
	 * The rollup rows of the area (its children's for CHILD_AREA) of the grouping, over a
	 * range bound after it.
	 */
	private static String rollupRows(Area area, @Nullable StatsGroupBy groupBy, boolean daily, List<Object> binds) {
		StringBuilder sql = new StringBuilder(daily ? "sample_rollup_daily r WHERE " : "sample_rollup_hourly r WHERE ");
		if (groupBy == StatsGroupBy.CHILD_AREA) {
			// an array, not IN (subquery): the planner then reads each child's rows by
			// key
			// instead of scanning the whole rollup for them
			sql.append("r.place_id = ANY (ARRAY(SELECT id FROM place WHERE parent_id = ?))");
		}
		else {
			sql.append("r.place_id = ?");
		}
		binds.add(area.id());
		sql.append((groupBy == null || groupBy == StatsGroupBy.CHILD_AREA) ? " AND r.purpose = '*' AND r.kind = '*'"
				: (groupBy == StatsGroupBy.PURPOSE) ? " AND r.kind = '*' AND r.purpose IN (" + PURPOSES + ")"
						: " AND r.kind IN (" + KINDS + ") AND r.purpose = '*'");
		sql.append(daily ? " AND r.day >= ?::date AND r.day < ?::date"
				: " AND r.hour >= ?::timestamptz AND r.hour < ?::timestamptz");
		return sql.toString();
	}

	private void addRange(List<Object> binds, boolean daily, OffsetDateTime from, OffsetDateTime to) {
		if (daily) {
			binds.add(from.atZoneSameInstant(this.zone).toLocalDate());
			binds.add(to.atZoneSameInstant(this.zone).toLocalDate());
		}
		else {
			binds.add(from);
			binds.add(to);
		}
	}

	private static String rolledGroup(@Nullable StatsGroupBy groupBy) {
		return (groupBy == null) ? "''" : switch (groupBy) {
			case CHILD_AREA -> "r.place_id::text";
			case PURPOSE -> "r.purpose";
			case KIND -> "r.kind";
		};
	}

	/** Local midnight of a day of the analytics zone. */
	private String dayStart(String day) {
		return "(" + day + "::timestamp AT TIME ZONE " + this.zoneLiteral + ")";
	}

	/**
	 * Which parts of [from, to) each source answers. Whole rollup rows of the interval's
	 * own grain are read directly ({@code direct}); the rest of the range covered by
	 * whole hours is merged from daily rows ({@code mergedDays}) and hourly rows
	 * ({@code mergedHours}); partial hours come from the samples. {@code rolled} is the
	 * whole span the rollups answer (whole hours).
	 */
	private static final class Plan {

		@Nullable OffsetDateTime directFrom;

		@Nullable OffsetDateTime directTo;

		@Nullable OffsetDateTime mergedDaysFrom;

		@Nullable OffsetDateTime mergedDaysTo;

		final List<OffsetDateTime[]> mergedHours = new ArrayList<>();

		final List<OffsetDateTime[]> samples = new ArrayList<>();

		@Nullable OffsetDateTime rolledFrom;

		@Nullable OffsetDateTime rolledTo;

		static Plan fromSamples(OffsetDateTime from, OffsetDateTime to) {
			Plan plan = new Plan();
			plan.samples.add(new OffsetDateTime[] { from, to });
			return plan;
		}

	}

	private Plan plan(OffsetDateTime from, OffsetDateTime to, StatsInterval interval) {
		OffsetDateTime wholeFrom = ceilHour(from);
		OffsetDateTime wholeTo = floorHour(to);
		if (!wholeFrom.isBefore(wholeTo)) {
			return Plan.fromSamples(from, to);
		}
		Plan plan = new Plan();
		plan.rolledFrom = wholeFrom;
		plan.rolledTo = wholeTo;
		if (from.isBefore(wholeFrom)) {
			plan.samples.add(new OffsetDateTime[] { from, wholeFrom });
		}
		if (wholeTo.isBefore(to)) {
			plan.samples.add(new OffsetDateTime[] { wholeTo, to });
		}
		if (interval == StatsInterval.HOUR) {
			plan.directFrom = wholeFrom;
			plan.directTo = wholeTo;
			return plan;
		}
		// whole days of the zone inside the whole hours
		OffsetDateTime dayFrom = ceilDay(wholeFrom);
		OffsetDateTime dayTo = floorDay(wholeTo);
		if (!dayFrom.isBefore(dayTo)) {
			plan.mergedHours.add(new OffsetDateTime[] { wholeFrom, wholeTo });
			return plan;
		}
		if (interval == StatsInterval.DAY) {
			plan.directFrom = dayFrom;
			plan.directTo = dayTo;
		}
		else {
			plan.mergedDaysFrom = dayFrom;
			plan.mergedDaysTo = dayTo;
		}
		if (wholeFrom.isBefore(dayFrom)) {
			plan.mergedHours.add(new OffsetDateTime[] { wholeFrom, dayFrom });
		}
		if (dayTo.isBefore(wholeTo)) {
			plan.mergedHours.add(new OffsetDateTime[] { dayTo, wholeTo });
		}
		return plan;
	}

	private OffsetDateTime floorDay(OffsetDateTime time) {
		return time.atZoneSameInstant(this.zone).toLocalDate().atStartOfDay(this.zone).toOffsetDateTime();
	}

	private OffsetDateTime ceilDay(OffsetDateTime time) {
		OffsetDateTime floor = floorDay(time);
		return floor.toInstant().equals(time.toInstant()) ? floor
				: time.atZoneSameInstant(this.zone)
					.toLocalDate()
					.plusDays(1)
					.atStartOfDay(this.zone)
					.toOffsetDateTime();
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
		return buckets(sql, binds, interval, groupBy);
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
			case CHILD_AREA -> "lp.name || ' (' || lp.code || ')'";
			case PURPOSE, KIND -> "t.grp";
		};
	}

	private String bucket(String time, StatsInterval interval) {
		return "date_trunc('" + interval.unit() + "', " + time + ", " + this.zoneLiteral + ")";
	}

	/**
	 * Runs the statement (through jOOQ, which executes, logs and counts it) and reads the
	 * buckets from its JDBC result set: a jOOQ record per row, with a conversion per
	 * value, cost about as much as the SQL itself for an answer of thousands of buckets.
	 */
	private List<TestingStatsBucket> buckets(String sql, List<Object> binds, StatsInterval interval,
			@Nullable StatsGroupBy groupBy) {
		try (Cursor<Record> cursor = this.db.fetchLazy(sql, binds.toArray())) {
			ResultSet rows = cursor.resultSet();
			List<TestingStatsBucket> buckets = new ArrayList<>();
			while (rows.next()) {
				buckets.add(toBucket(rows, interval, groupBy));
			}
			return buckets;
		}
		catch (SQLException ex) {
			throw new DataAccessException("Reading testingStats buckets failed", ex);
		}
	}

	/**
	 * One bucket from a row (bucket, grp, collected, resulted, positives, sla_breaches,
	 * turnaround_p50, turnaround_p90, overdue, label).
	 */
	private TestingStatsBucket toBucket(ResultSet r, StatsInterval interval, @Nullable StatsGroupBy groupBy)
			throws SQLException {
		OffsetDateTime start = r.getObject(1, OffsetDateTime.class).atZoneSameInstant(this.zone).toOffsetDateTime();
		OffsetDateTime end = start.atZoneSameInstant(this.zone).plus(1, switch (interval) {
			case HOUR -> ChronoUnit.HOURS;
			case DAY -> ChronoUnit.DAYS;
			case WEEK -> ChronoUnit.WEEKS;
		}).toOffsetDateTime();
		String group = r.getString(2);
		int collected = r.getInt(3);
		int resulted = r.getInt(4);
		int positives = r.getInt(5);
		int slaBreaches = r.getInt(6);
		Double p50 = nullableDouble(r, 7);
		Double p90 = nullableDouble(r, 8);
		int overdue = r.getInt(9);
		String label = r.getString(10);
		Long childArea = (groupBy == StatsGroupBy.CHILD_AREA) ? Long.valueOf(group) : null;
		String key = (groupBy == null) ? null : (childArea != null) ? GlobalId.encode("Place", childArea) : group;
		return new TestingStatsBucket(start, end, key, label, childArea,
				(groupBy == StatsGroupBy.PURPOSE) ? SamplePurpose.valueOf(group) : null,
				(groupBy == StatsGroupBy.KIND) ? SampleKind.valueOf(group) : null, collected, resulted, positives,
				(resulted > 0) ? (double) positives / resulted : null, p50, p90, overdue, slaBreaches, null);
	}

	private static @Nullable Double nullableDouble(ResultSet r, int column) throws SQLException {
		double value = r.getDouble(column);
		return r.wasNull() ? null : value;
	}

	private static OffsetDateTime floorHour(OffsetDateTime time) {
		return time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
	}

	private static OffsetDateTime ceilHour(OffsetDateTime time) {
		OffsetDateTime floor = floorHour(time);
		return floor.toInstant().equals(time.toInstant()) ? floor : floor.plusHours(1);
	}

}
