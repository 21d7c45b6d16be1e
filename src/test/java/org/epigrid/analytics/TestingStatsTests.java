package org.epigrid.analytics;

import java.sql.Connection;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.ErrorType;

import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.epigrid.jooq.Tables.SAMPLE;

/**
 * testingStats against figures computed here, in Java, from the fixture samples: counts
 * by filtering the list, percentiles by nearest rank on the sorted turnarounds (the API's
 * histogram percentiles must be within one histogram bucket of them).
 */
class TestingStatsTests extends IntegrationTest {

	@Autowired
	private SampleRollup rollup;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private TestingStatsQueries queries;

	@Autowired
	private AnalyticsProperties properties;

	@Autowired
	private AnalyticsQueries analytics;

	private AnalyticsFixtures fixtures;

	private ZoneId zone;

	@BeforeEach
	void fixtures() {
		this.fixtures = new AnalyticsFixtures(this.db);
		this.zone = this.properties.zone();
	}

	/** A sample as the test knows it. */
	record Known(long id, Ref place, OffsetDateTime collectedAt, String purpose, String kind, @Nullable String result,
			@Nullable Integer turnaround, int dueAfter) {

		boolean resulted() {
			return this.result != null;
		}

		boolean overdueNow() {
			return this.result == null && this.collectedAt.plusMinutes(this.dueAfter).isBefore(OffsetDateTime.now());
		}

		boolean slaBreach() {
			return this.turnaround != null && this.turnaround > this.dueAfter;
		}

	}

	/**
	 * One city, counties A and B; county A has townships A1 and A2 (each with a community
	 * and a grid); B has one chain. Samples over three days from {@code day0}, some
	 * placed directly at the township, community or county.
	 */
	private final class World {

		final Ref city = data.city("统计市");

		final Ref countyA = data.county(this.city, "统计甲区");

		final Ref townA1 = data.below(this.countyA, "TOWNSHIP", "甲一街道");

		final Ref commA1 = data.below(this.townA1, "COMMUNITY", "甲一社区");

		final Ref gridA1 = data.below(this.commA1, "GRID", "甲一网格");

		final Ref townA2 = data.below(this.countyA, "TOWNSHIP", "甲二街道");

		final Ref commA2 = data.below(this.townA2, "COMMUNITY", "甲二社区");

		final Ref gridA2 = data.below(this.commA2, "GRID", "甲二网格");

		final Ref countyB = data.county(this.city, "统计乙区");

		final Ref townB = data.below(this.countyB, "TOWNSHIP", "乙街道");

		final Ref gridB = data.below(data.below(this.townB, "COMMUNITY", "乙社区"), "GRID", "乙网格");

		final long site = data.site(this.gridA1, "MARKET", "统计农贸市场");

		/** Which fixture places lie under which place (self included). */
		final Map<Ref, Set<Ref>> ancestors = new HashMap<>();

		final OffsetDateTime day0 = LocalDate.now(TestingStatsTests.this.zone)
			.minusDays(10)
			.atStartOfDay(TestingStatsTests.this.zone)
			.toOffsetDateTime();

		final List<Known> samples = new ArrayList<>();

		World() {
			under(this.gridA1, this.commA1, this.townA1, this.countyA, this.city);
			under(this.commA1, this.townA1, this.countyA, this.city);
			under(this.townA1, this.countyA, this.city);
			under(this.gridA2, this.commA2, this.townA2, this.countyA, this.city);
			under(this.townA2, this.countyA, this.city);
			under(this.countyA, this.city);
			under(this.gridB, this.townB, this.countyB, this.city);
			// day 0
			add(this.gridA1, 0, 8 * 60 + 5, "ROUTINE", "PCR", "NEGATIVE", 95, 1440);
			add(this.gridA1, 0, 8 * 60 + 20, "ROUTINE", "PCR", "POSITIVE", 130, 1440);
			add(this.gridA1, 0, 9 * 60, "MASS_TESTING", "PCR", "NEGATIVE", 300, 1440);
			add(this.gridA1, 0, 9 * 60 + 45, "MASS_TESTING", "PCR", "NEGATIVE", 310, 1440);
			add(this.gridA2, 0, 10 * 60 + 30, "MASS_TESTING", "ANTIGEN", "NEGATIVE", 25, 1440);
			add(this.gridA2, 0, 10 * 60 + 40, "KEY_GROUP", "PCR", "NEGATIVE", 1500, 1440);
			add(this.townA2, 0, 11 * 60, "ROUTINE", "PCR", "NEGATIVE", 600, 1440);
			add(this.countyA, 0, 12 * 60 + 15, "ROUTINE", "PCR", "INVALID", 200, 1440);
			add(this.gridA1, 0, 13 * 60, "ROUTINE", "PCR", null, null, 60);
			add(this.gridB, 0, 9 * 60, "ROUTINE", "PCR", "POSITIVE", 100, 1440);
			// day 1
			add(this.gridA1, 1, 7 * 60 + 59, "FEVER_CLINIC", "PCR", "POSITIVE", 250, 240);
			add(this.gridA2, 1, 23 * 60 + 30, "ROUTINE", "PCR", "NEGATIVE", 4500, 1440);
			add(this.gridA2, 1, 23 * 60 + 45, "ROUTINE", "PCR", null, null, 1440);
			add(this.gridA1, 1, 14 * 60, "MASS_TESTING", "PCR", "NEGATIVE", 720, 1440);
			add(this.gridA1, 1, 14 * 60 + 1, "MASS_TESTING", "PCR", "NEGATIVE", 725, 1440);
			// day 2
			add(this.commA1, 2, 10, "ROUTINE", "ANTIGEN", "NEGATIVE", 15, 1440);
		}

		private void under(Ref place, Ref... above) {
			Set<Ref> set = new java.util.HashSet<>(List.of(above));
			set.add(place);
			this.ancestors.put(place, set);
		}

		private void add(Ref place, int day, int minute, String purpose, String kind, @Nullable String result,
				@Nullable Integer turnaround, int dueAfter) {
			OffsetDateTime collected = this.day0.plusDays(day).plusMinutes(minute);
			AnalyticsFixtures.SampleBuilder builder = TestingStatsTests.this.fixtures
				.sample(place, this.site, collected)
				.purpose(purpose)
				.kind(kind)
				.dueAfterMinutes(dueAfter);
			if (result != null) {
				builder.resulted(result, turnaround);
			}
			this.samples
				.add(new Known(builder.insert(), place, collected, purpose, kind, result, turnaround, dueAfter));
		}

		List<Known> in(Ref area) {
			return this.samples.stream().filter((s) -> this.ancestors.get(s.place()).contains(area)).toList();
		}

	}

	/** A bucket as the API returns it. */
	record Row(OffsetDateTime start, OffsetDateTime end, @Nullable String groupKey, @Nullable String groupLabel,
			@Nullable Child childArea, @Nullable String purpose, @Nullable String kind, int collected, int resulted,
			int positives, @Nullable Double positivity, @Nullable Double turnaroundP50Minutes,
			@Nullable Double turnaroundP90Minutes, int overdue, int slaBreaches) {

	}

	record Child(String id, String code) {

	}

	/** What a bucket should say, computed from the known samples. */
	record Expected(OffsetDateTime start, @Nullable String group, int collected, int resulted, int positives,
			@Nullable Double p50, @Nullable Double p90, int overdue, int slaBreaches) {

	}

	private List<Row> stats(Ref area, OffsetDateTime from, OffsetDateTime to, String interval,
			@Nullable String groupBy) {
		return this.graphQl.documentName("testingStats")
			.variable("area", area.globalId())
			.variable("from", iso(from))
			.variable("to", iso(to))
			.variable("interval", interval)
			.variable("groupBy", groupBy)
			.execute()
			.path("testingStats")
			.entityList(Row.class)
			.get();
	}

	private List<Expected> expected(List<Known> samples, OffsetDateTime from, OffsetDateTime to, String interval,
			Function<Known, @Nullable String> group) {
		Map<OffsetDateTime, Map<String, List<Known>>> buckets = new TreeMap<>();
		for (Known s : samples) {
			if (s.collectedAt().isBefore(from) || !s.collectedAt().isBefore(to)) {
				continue;
			}
			String key = group.apply(s);
			buckets.computeIfAbsent(bucketOf(s.collectedAt(), interval), (k) -> new TreeMap<>())
				.computeIfAbsent((key != null) ? key : "", (k) -> new ArrayList<>())
				.add(s);
		}
		List<Expected> expected = new ArrayList<>();
		buckets.forEach((start, groups) -> groups.forEach((key, list) -> {
			List<Integer> turnarounds = list.stream()
				.filter(Known::resulted)
				.map(Known::turnaround)
				.sorted(Comparator.naturalOrder())
				.toList();
			expected.add(new Expected(start, key.isEmpty() ? null : key, list.size(),
					(int) list.stream().filter(Known::resulted).count(),
					(int) list.stream().filter((s) -> "POSITIVE".equals(s.result())).count(),
					nearestRank(turnarounds, 0.5), nearestRank(turnarounds, 0.9),
					(int) list.stream().filter(Known::overdueNow).count(),
					(int) list.stream().filter(Known::slaBreach).count()));
		}));
		return expected;
	}

	private OffsetDateTime bucketOf(OffsetDateTime time, String interval) {
		var local = time.atZoneSameInstant(this.zone);
		var start = switch (interval) {
			case "HOUR" -> local.truncatedTo(ChronoUnit.HOURS);
			case "DAY" -> local.truncatedTo(ChronoUnit.DAYS);
			default -> local.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
		};
		return start.toOffsetDateTime();
	}

	private static @Nullable Double nearestRank(List<Integer> sorted, double p) {
		if (sorted.isEmpty()) {
			return null;
		}
		return (double) sorted.get((int) Math.ceil(p * sorted.size()) - 1);
	}

	/** Width of the histogram bucket holding this many minutes. */
	private static double width(double minutes) {
		return (minutes < 720) ? 10 : (minutes < 1440) ? 30 : (minutes < 2880) ? 60 : 120;
	}

	private void assertMatches(List<Row> rows, List<Expected> expected, Function<Row, @Nullable String> group) {
		assertThat(rows).hasSize(expected.size());
		for (int i = 0; i < rows.size(); i++) {
			Row row = rows.get(i);
			Expected e = expected.get(i);
			String where = "bucket " + e.start() + " group " + e.group();
			assertThat(row.start().toInstant()).as(where).isEqualTo(e.start().toInstant());
			assertThat(group.apply(row)).as(where).isEqualTo(e.group());
			assertThat(row.collected()).as(where + " collected").isEqualTo(e.collected());
			assertThat(row.resulted()).as(where + " resulted").isEqualTo(e.resulted());
			assertThat(row.positives()).as(where + " positives").isEqualTo(e.positives());
			assertThat(row.overdue()).as(where + " overdue").isEqualTo(e.overdue());
			assertThat(row.slaBreaches()).as(where + " SLA breaches").isEqualTo(e.slaBreaches());
			if (e.resulted() == 0) {
				assertThat(row.positivity()).as(where).isNull();
				assertThat(row.turnaroundP50Minutes()).as(where).isNull();
				assertThat(row.turnaroundP90Minutes()).as(where).isNull();
			}
			else {
				assertThat(row.positivity()).as(where + " positivity")
					.isCloseTo((double) e.positives() / e.resulted(), within(1e-9));
				assertPercentile(row.turnaroundP50Minutes(), e.p50(), where + " p50");
				assertPercentile(row.turnaroundP90Minutes(), e.p90(), where + " p90");
			}
		}
	}

	private static void assertPercentile(@Nullable Double actual, @Nullable Double expected, String what) {
		assertThat(actual).as(what).isNotNull();
		if (expected >= 4320) {
			assertThat(actual).as(what + " (past 72 h reads as 72 h)").isEqualTo(4320.0);
		}
		else {
			assertThat(actual).as(what).isCloseTo(expected, within(width(expected)));
		}
	}

	private static String iso(OffsetDateTime time) {
		return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
	}

	@Test
	void countyPerDayMatchesTheSamplesAndLeavesOtherCountiesOut() {
		World w = new World();
		this.rollup.refreshNow();
		OffsetDateTime to = w.day0.plusDays(3);
		List<Row> rows = stats(w.countyA, w.day0, to, "DAY", null);
		assertMatches(rows, expected(w.in(w.countyA), w.day0, to, "DAY", (s) -> null), Row::groupKey);
		assertThat(rows).extracting(Row::collected).containsExactly(9, 5, 1);
		assertThat(rows.get(0).end().toInstant()).isEqualTo(w.day0.plusDays(1).toInstant());
		// the city sees county B's positive too
		assertMatches(stats(w.city, w.day0, to, "DAY", null), expected(w.in(w.city), w.day0, to, "DAY", (s) -> null),
				Row::groupKey);
		assertThat(stats(w.countyB, w.day0, to, "DAY", null)).extracting(Row::collected, Row::positives)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1));
	}

	@Test
	void groupsByChildAreaPurposeAndKind() {
		World w = new World();
		this.rollup.refreshNow();
		OffsetDateTime to = w.day0.plusDays(3);
		Map<Ref, String> child = Map.of(w.gridA1, w.townA1.globalId(), w.commA1, w.townA1.globalId(), w.townA1,
				w.townA1.globalId(), w.gridA2, w.townA2.globalId(), w.townA2, w.townA2.globalId(), w.countyA,
				w.countyA.globalId());
		List<Row> byChild = stats(w.countyA, w.day0, to, "DAY", "CHILD_AREA");
		assertMatches(byChild, sortedByGroup(expected(w.in(w.countyA), w.day0, to, "DAY", (s) -> child.get(s.place()))),
				Row::groupKey);
		assertThat(byChild).filteredOn((r) -> w.townA1.globalId().equals(r.groupKey()))
			.allSatisfy((r) -> assertThat(r.childArea().code()).isEqualTo(w.townA1.code()))
			.allSatisfy((r) -> assertThat(r.groupLabel()).isEqualTo("甲一街道 (" + w.townA1.code() + ")"));
		// the sample placed at the county itself is a group of its own
		assertThat(byChild).filteredOn((r) -> w.countyA.globalId().equals(r.groupKey()))
			.extracting(Row::collected)
			.containsExactly(1);

		assertMatches(stats(w.countyA, w.day0, to, "DAY", "PURPOSE"),
				expected(w.in(w.countyA), w.day0, to, "DAY", Known::purpose), Row::purpose);
		assertMatches(stats(w.countyA, w.day0, to, "DAY", "KIND"),
				expected(w.in(w.countyA), w.day0, to, "DAY", Known::kind), Row::kind);
	}

	/**
	 * A range that starts and ends inside an hour and inside a day: whole rollup rows in
	 * the middle (hours, days), partial days merged from hourly rows and partial hours
	 * from the samples, for every interval and grouping.
	 */
	@Test
	void unalignedRangesMatchForEveryIntervalAndGrouping() {
		World w = new World();
		this.rollup.refreshNow();
		Map<Ref, String> child = Map.of(w.gridA1, w.townA1.globalId(), w.commA1, w.townA1.globalId(), w.townA1,
				w.townA1.globalId(), w.gridA2, w.townA2.globalId(), w.townA2, w.townA2.globalId(), w.countyA,
				w.countyA.globalId());
		Map<Ref, String> cityChild = Map.of(w.gridA1, w.countyA.globalId(), w.commA1, w.countyA.globalId(), w.townA1,
				w.countyA.globalId(), w.gridA2, w.countyA.globalId(), w.townA2, w.countyA.globalId(), w.countyA,
				w.countyA.globalId(), w.gridB, w.countyB.globalId());
		// 08:10 on day 0 (the 08:05 sample is out, 08:20 in) to 00:30 on day 2 (00:10 in)
		OffsetDateTime from = w.day0.plusMinutes(8 * 60 + 10);
		OffsetDateTime to = w.day0.plusDays(2).plusMinutes(30);
		for (String interval : List.of("HOUR", "DAY", "WEEK")) {
			for (Ref area : List.of(w.countyA, w.city)) {
				String where = interval + " " + ((area == w.city) ? "city" : "county");
				List<Known> samples = w.in(area);
				Map<Ref, String> children = (area == w.city) ? cityChild : child;
				checking(where, () -> assertMatches(stats(area, from, to, interval, null),
						expected(samples, from, to, interval, (s) -> null), Row::groupKey));
				checking(where + " PURPOSE", () -> assertMatches(stats(area, from, to, interval, "PURPOSE"),
						expected(samples, from, to, interval, Known::purpose), Row::purpose));
				checking(where + " KIND", () -> assertMatches(stats(area, from, to, interval, "KIND"),
						expected(samples, from, to, interval, Known::kind), Row::kind));
				checking(where + " CHILD_AREA",
						() -> assertMatches(stats(area, from, to, interval, "CHILD_AREA"),
								sortedByGroup(expected(samples, from, to, interval, (s) -> children.get(s.place()))),
								Row::groupKey));
			}
		}
	}

	private static void checking(String what, Runnable check) {
		try {
			check.run();
		}
		catch (AssertionError ex) {
			throw new AssertionError(what + ": " + ex.getMessage(), ex);
		}
	}

	/** Group keys of CHILD_AREA are global ids; the API orders by the raw id. */
	private List<Expected> sortedByGroup(List<Expected> expected) {
		return expected.stream()
			.sorted(Comparator.comparing(Expected::start)
				.thenComparing((e) -> Long.toString(GlobalId.decode(e.group()).id())))
			.toList();
	}

	@Test
	void hourBucketsWithPartialHoursAtBothEnds() {
		World w = new World();
		this.rollup.refreshNow();
		// 08:10 .. 12:30 on day 0: the 08:05 sample is out, 08:20 in (partial hour),
		// 12:15 in
		OffsetDateTime from = w.day0.plusMinutes(8 * 60 + 10);
		OffsetDateTime to = w.day0.plusMinutes(12 * 60 + 30);
		List<Row> rows = stats(w.countyA, from, to, "HOUR", null);
		assertMatches(rows, expected(w.in(w.countyA), from, to, "HOUR", (s) -> null), Row::groupKey);
		assertThat(rows).extracting(Row::collected).containsExactly(1, 2, 2, 1, 1);
		// within one hour
		OffsetDateTime inside = w.day0.plusMinutes(9 * 60 + 30);
		assertMatches(stats(w.countyA, inside, inside.plusMinutes(20), "HOUR", null),
				expected(w.in(w.countyA), inside, inside.plusMinutes(20), "HOUR", (s) -> null), Row::groupKey);
	}

	@Test
	void smallAreasAndTownshipsByChildAreaAreReadFromTheSamples() {
		World w = new World();
		this.rollup.refreshNow();
		OffsetDateTime to = w.day0.plusDays(3);
		assertMatches(stats(w.commA1, w.day0, to, "DAY", null),
				expected(w.in(w.commA1), w.day0, to, "DAY", (s) -> null), Row::groupKey);
		assertMatches(stats(w.gridA2, w.day0, to, "DAY", "PURPOSE"),
				expected(w.in(w.gridA2), w.day0, to, "DAY", Known::purpose), Row::purpose);
		List<Row> byCommunity = stats(w.townA1, w.day0, to, "DAY", "CHILD_AREA");
		assertThat(byCommunity).extracting(Row::groupKey).containsOnly(w.commA1.globalId());
		assertMatches(byCommunity, expected(w.in(w.townA1), w.day0, to, "DAY", (s) -> w.commA1.globalId()),
				Row::groupKey);
	}

	@Test
	void weeksStartOnMonday() {
		World w = new World();
		this.rollup.refreshNow();
		OffsetDateTime from = w.day0.minusDays(7);
		OffsetDateTime to = w.day0.plusDays(7);
		List<Row> rows = stats(w.countyA, from, to, "WEEK", null);
		assertMatches(rows, expected(w.in(w.countyA), from, to, "WEEK", (s) -> null), Row::groupKey);
		assertThat(rows).allSatisfy(
				(r) -> assertThat(r.start().atZoneSameInstant(this.zone).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY));
	}

	@Test
	void theRollupMatchesTheNaiveGroupByOverSamples() {
		World w = new World();
		this.rollup.refreshNow();
		Area county = this.analytics.area(w.countyA.id()).get();
		OffsetDateTime to = w.day0.plusDays(3);
		for (StatsGroupBy groupBy : new StatsGroupBy[] { null, StatsGroupBy.PURPOSE, StatsGroupBy.CHILD_AREA }) {
			List<TestingStatsBucket> rolled = this.queries.testingStats(county, w.day0, to, StatsInterval.DAY, groupBy);
			List<TestingStatsBucket> naive = this.queries.testingStatsFromSamples(county, w.day0, to, StatsInterval.DAY,
					groupBy);
			assertThat(rolled)
				.extracting(TestingStatsBucket::start, TestingStatsBucket::groupKey, TestingStatsBucket::collected,
						TestingStatsBucket::resulted, TestingStatsBucket::positives, TestingStatsBucket::overdue,
						TestingStatsBucket::slaBreaches)
				.containsExactlyElementsOf(naive.stream()
					.map((b) -> org.assertj.core.groups.Tuple.tuple(b.start(), b.groupKey(), b.collected(),
							b.resulted(), b.positives(), b.overdue(), b.slaBreaches()))
					.toList());
		}
	}

	@Test
	void aNewOrChangedResultShowsAfterTheNextRefresh() {
		World w = new World();
		this.rollup.refreshNow();
		OffsetDateTime to = w.day0.plusDays(1);
		Row before = stats(w.countyA, w.day0, to, "DAY", null).get(0);

		// a new positive sample
		this.fixtures.sample(w.gridA1, w.site, w.day0.plusHours(15)).resulted("POSITIVE", 60).insert();
		// the overdue pending sample gets its result
		long pending = w.samples.stream()
			.filter((s) -> s.result() == null && s.dueAfter() == 60)
			.findFirst()
			.get()
			.id();
		this.db.update(SAMPLE)
			.set(SAMPLE.RESULT, "NEGATIVE")
			.set(SAMPLE.RESULTED_AT, w.day0.plusHours(20))
			.where(SAMPLE.ID.eq(pending))
			.execute();
		SampleRollup.Outcome outcome = this.rollup.refreshNow();
		assertThat(outcome.kind()).isIn(SampleRollup.Outcome.Kind.INCREMENTAL, SampleRollup.Outcome.Kind.REBUILT);

		Row after = stats(w.countyA, w.day0, to, "DAY", null).get(0);
		assertThat(after.collected()).isEqualTo(before.collected() + 1);
		assertThat(after.resulted()).isEqualTo(before.resulted() + 2);
		assertThat(after.positives()).isEqualTo(before.positives() + 1);
		assertThat(after.overdue()).isEqualTo(before.overdue() - 1);
		// ...and the township and city rows above it moved too
		assertThat(stats(w.townA1, w.day0, to, "DAY", null).get(0).positives()).isEqualTo(2);
		assertThat(stats(w.city, w.day0, to, "DAY", null).get(0).positives()).isEqualTo(3);
	}

	@Test
	void aSampleFallingDueCountsAsOverdueAfterTheNextRefreshWithoutAnyWrite() throws InterruptedException {
		World w = new World();
		OffsetDateTime collected = OffsetDateTime.now().minusHours(3).withMinute(0).withSecond(0).withNano(0);
		long sample = this.fixtures.sample(w.gridA1, w.site, collected).insert();
		this.db.execute("UPDATE sample SET due_at = now() + interval '2 seconds' WHERE id = ?", sample);
		this.rollup.refreshNow();
		OffsetDateTime from = collected.minusHours(1);
		OffsetDateTime to = collected.plusHours(2);
		assertThat(stats(w.countyA, from, to, "HOUR", null)).extracting(Row::collected, Row::overdue)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0));
		Thread.sleep(2500);
		this.rollup.refreshNow();
		assertThat(stats(w.countyA, from, to, "HOUR", null)).extracting(Row::collected, Row::overdue)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1));
		assertThat(stats(w.city, from, to, "DAY", null)).extracting(Row::overdue).containsExactly(1);
	}

	@Test
	void movedAndDeletedSamplesLeaveTheirOldRows() {
		World w = new World();
		this.rollup.refreshNow();
		OffsetDateTime to = w.day0.plusDays(1);
		Known moved = w.samples.get(0);
		Known deleted = w.samples.get(1);
		this.db.update(SAMPLE).set(SAMPLE.PLACE_ID, w.gridB.id()).where(SAMPLE.ID.eq(moved.id())).execute();
		this.db.deleteFrom(SAMPLE).where(SAMPLE.ID.eq(deleted.id())).execute();
		this.rollup.refreshNow();
		assertThat(stats(w.countyA, w.day0, to, "DAY", null).get(0).collected()).isEqualTo(9 - 2);
		assertThat(stats(w.townA1, w.day0, to, "DAY", null).get(0).collected()).isEqualTo(5 - 2);
		assertThat(stats(w.countyB, w.day0, to, "DAY", null).get(0).collected()).isEqualTo(2);
		assertThat(stats(w.city, w.day0, to, "DAY", null).get(0).collected()).isEqualTo(10 - 1);
	}

	/**
	 * A refresh takes the markers its snapshot sees: a change committed after that
	 * snapshot must leave a marker of its own even when one for the same hour is there
	 * already, or it is never recomputed (a deleted sample has no updated_at to be found
	 * by). Replayed by hand: the refresh's lock held, a transaction that took its
	 * snapshot before the delete takes the markers.
	 */
	@Test
	void aChangeCommittedAfterARefreshsSnapshotIsNotLost() throws Exception {
		World w = new World();
		this.rollup.refreshNow();
		OffsetDateTime to = w.day0.plusDays(1);
		Known moved = w.samples.get(0);
		Known deleted = w.samples.get(1);
		try (Connection lock = this.dataSource.getConnection(); Connection refresh = this.dataSource.getConnection()) {
			lock.createStatement().execute("SELECT pg_advisory_lock(" + SampleRollup.LOCK + ")");
			// out of the 08:00 hour into 09:00 of the same day: marks (grid, 08:00)
			this.db.update(SAMPLE)
				.set(SAMPLE.COLLECTED_AT, w.day0.plusMinutes(9 * 60 + 30))
				.where(SAMPLE.ID.eq(moved.id()))
				.execute();
			refresh.setAutoCommit(false);
			refresh.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			refresh.createStatement().execute("SELECT count(*) FROM sample_rollup_dirty");
			// the same hour again, after the snapshot
			this.db.deleteFrom(SAMPLE).where(SAMPLE.ID.eq(deleted.id())).execute();
			refresh.createStatement().execute("DELETE FROM sample_rollup_dirty");
			refresh.commit();
			lock.createStatement().execute("SELECT pg_advisory_unlock(" + SampleRollup.LOCK + ")");
		}
		this.rollup.refreshNow();
		assertThat(stats(w.countyA, w.day0, to, "DAY", null).get(0).collected()).isEqualTo(9 - 1);
		assertThat(stats(w.countyA, w.day0.plusHours(8), w.day0.plusHours(9), "HOUR", null)).isEmpty();
	}

	@Test
	void theRollupAnswersAndARebuildCatchesWritesThatBypassedTheWatermark() {
		World w = new World();
		this.rollup.refreshNow();
		OffsetDateTime to = w.day0.plusDays(1);
		// written as if changed two days ago: before the watermark, so a refresh misses
		// it
		this.fixtures.sample(w.gridA1, w.site, w.day0.plusHours(16))
			.resulted("POSITIVE", 30)
			.updatedAt(OffsetDateTime.now().minusDays(2))
			.insert();
		this.rollup.refreshNow();
		assertThat(stats(w.countyA, w.day0, to, "DAY", null).get(0).collected()).isEqualTo(9);
		assertThat(this.queries
			.testingStatsFromSamples(this.analytics.area(w.countyA.id()).get(), w.day0, to, StatsInterval.DAY, null)
			.get(0)
			.collected()).isEqualTo(10);
		assertThat(this.rollup.rebuildNow().kind()).isEqualTo(SampleRollup.Outcome.Kind.REBUILT);
		assertThat(stats(w.countyA, w.day0, to, "DAY", null).get(0).collected()).isEqualTo(10);
	}

	@Test
	void nestedChildAreasCostOneStatement() {
		World w = new World();
		this.rollup.refreshNow();
		this.statements.reset();
		stats(w.countyA, w.day0.minusDays(20), w.day0.plusDays(3), "DAY", "CHILD_AREA");
		int statements = this.statements.count();
		assertThat(statements).isLessThanOrEqualTo(3);
		this.statements.reset();
		stats(w.city, w.day0.minusDays(20), w.day0.plusDays(3), "HOUR", "CHILD_AREA");
		assertThat(this.statements.count()).isEqualTo(statements);
	}

	@Test
	void badRangesAndAreasAreRefused() {
		World w = new World();
		OffsetDateTime now = OffsetDateTime.now();
		expectError(w.countyA.globalId(), now, now, "DAY", ErrorType.BAD_REQUEST, "must be before");
		expectError(w.countyA.globalId(), now, now.minusDays(1), "DAY", ErrorType.BAD_REQUEST, "must be before");
		expectError(w.countyA.globalId(), now.minusDays(401), now, "DAY", ErrorType.BAD_REQUEST, "at most 400 days");
		expectError(w.countyA.globalId(), now.minusDays(32), now, "HOUR", ErrorType.BAD_REQUEST, "at most 31 days");
		expectError(GlobalId.encode("Place", 987654321), now.minusDays(1), now, "DAY", ErrorType.NOT_FOUND, "no Place");
		expectError("not-an-id!", now.minusDays(1), now, "DAY", ErrorType.BAD_REQUEST, "not a valid id");
		expectError(GlobalId.encode("Site", w.site), now.minusDays(1), now, "DAY", ErrorType.BAD_REQUEST,
				"expected a Place");
		this.graphQl.documentName("testingStats")
			.variable("area", w.countyA.globalId())
			.variable("from", iso(now.minusDays(1)))
			.variable("to", iso(now))
			.variable("interval", "MINUTE")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		// 31 days of hours and 400 days of days are fine
		this.rollup.refreshNow();
		assertThat(stats(w.countyA, now.minusDays(31), now, "HOUR", null)).isNotEmpty();
		assertThat(stats(w.countyA, now.minusDays(400), now, "DAY", null)).isNotEmpty();
	}

	private void expectError(String area, OffsetDateTime from, OffsetDateTime to, String interval, ErrorType type,
			String message) {
		this.graphQl.documentName("testingStats")
			.variable("area", area)
			.variable("from", iso(from))
			.variable("to", iso(to))
			.variable("interval", interval)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == type && error.getMessage().contains(message))
			.verify();
	}

}
