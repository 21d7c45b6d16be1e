package org.epigrid.analytics;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.ExecutionGraphQlResponse;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.support.DefaultExecutionGraphQlRequest;

import org.epigrid.EpigridApplication;
import org.epigrid.places.PlaceLevel;
import org.epigrid.support.GlobalId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints p50/p95 latency of every analytics query for a county over 30 days, the naive
 * GROUP BY over the sample table for comparison, the rollup's rebuild time and the
 * incremental refresh time under a steady stream of new results.
 * <p>
 * Not part of {@code ./mvnw verify} (the class name is no test name). Run it with <pre>
 * ./mvnw -B test -Dtest=AnalyticsBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbenchmark.samples=10000000
 * </pre> or, without Maven in the way, from its {@link #main} after
 * {@code ./mvnw -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt}:
 * <pre>
 * java -Dbenchmark.samples=10000000 -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     org.epigrid.analytics.AnalyticsBenchmark
 * </pre> Properties: {@code benchmark.samples} (default 10,000,000; the first run loads
 * them, about a quarter of an hour on two cores, later runs reuse the database),
 * {@code benchmark.days} (60: the samples spread over the last 60 days),
 * {@code benchmark.runs} (50 per query), {@code benchmark.data-directory} (the embedded
 * database, {@code target/benchmark-postgres}; delete it afterwards, it takes about 6 GB
 * for 10 million samples). With {@code -Dbenchmark.existing=true
 * -Dspring.datasource.url=...} it measures an existing database (demo data) instead, on
 * the first county by code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { AnalyticsBenchmark.DATA_DIRECTORY, "epigrid.embedded.temporary=false",
				"epigrid.demo.autoload=none", "epigrid.analytics.refresh-initial-delay=24h" })
public class AnalyticsBenchmark {

	static final String DATA_DIRECTORY = "epigrid.embedded.data-directory=${benchmark.data-directory:target/benchmark-postgres}";

	/**
	 * The same without JUnit or Maven: {@code java -cp <test classpath>
	 * org.epigrid.analytics.AnalyticsBenchmark}, with the same system properties.
	 * @param args Spring Boot arguments
	 */
	public static void main(String[] args) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EpigridApplication.class)
			.web(WebApplicationType.NONE)
			.properties(DATA_DIRECTORY, "epigrid.embedded.temporary=false", "epigrid.demo.autoload=none",
					"epigrid.analytics.refresh-initial-delay=24h")
			.run(args)) {
			AnalyticsBenchmark benchmark = new AnalyticsBenchmark();
			context.getAutowireCapableBeanFactory().autowireBean(benchmark);
			benchmark.benchmark();
		}
	}

	@Autowired
	private DSLContext db;

	@Autowired
	private SampleRollup rollup;

	@Autowired
	private TestingStatsQueries testing;

	@Autowired
	private AnalyticsQueries queries;

	@Autowired
	private AlertQueries alerts;

	@Autowired
	private AnalyticsProperties properties;

	@Autowired
	private ExecutionGraphQlService graphQl;

	private final List<String> report = new ArrayList<>();

	@Test
	void benchmark() {
		long samples = Long.getLong("benchmark.samples", 10_000_000L);
		int days = Integer.getInteger("benchmark.days", 60);
		int runs = Integer.getInteger("benchmark.runs", 50);
		if (!Boolean.getBoolean("benchmark.existing")) {
			BenchmarkData.load(this.db, samples, days);
		}
		long total = this.db.fetchOne("SELECT count(*) FROM sample").get(0, Long.class);
		line("samples in the database: %,d; rollup rows before: %,d", total,
				this.db.fetchOne("SELECT count(*) FROM sample_rollup_hourly").get(0, Long.class));

		SampleRollup.Outcome rebuilt = this.rollup.rebuildNow();
		line("rollup rebuild: %,d samples in %.1f s -> %,d rollup rows, %s", rebuilt.samples(),
				rebuilt.duration().toMillis() / 1000.0,
				this.db.fetchOne("SELECT count(*) FROM sample_rollup_hourly").get(0, Long.class),
				this.db.fetchOne("SELECT pg_size_pretty(pg_total_relation_size('sample_rollup_hourly'))")
					.get(0, String.class));
		this.db.execute("VACUUM ANALYZE sample_rollup_hourly");

		Area county = firstArea(PlaceLevel.COUNTY, null);
		Area township = firstArea(PlaceLevel.TOWNSHIP, county);
		Area community = firstArea(PlaceLevel.COMMUNITY, township);
		Area city = firstArea(PlaceLevel.CITY, null);
		OffsetDateTime to = OffsetDateTime.now();
		OffsetDateTime from = to.minusDays(30);
		long countySamples = this.testing.testingStatsFromSamples(county, from, to, StatsInterval.WEEK, null)
			.stream()
			.mapToLong(TestingStatsBucket::collected)
			.sum();
		line("county %d: %,d samples collected in the 30 days measured", county.id(), countySamples);
		line("");
		line("%-58s %6s %9s %9s %9s", "query (county, last 30 days unless said)", "rows", "p50 ms", "p95 ms", "max ms");

		time("testingStats DAY", runs, () -> this.testing.testingStats(county, from, to, StatsInterval.DAY, null));
		time("testingStats DAY by CHILD_AREA", runs,
				() -> this.testing.testingStats(county, from, to, StatsInterval.DAY, StatsGroupBy.CHILD_AREA));
		time("testingStats DAY by PURPOSE", runs,
				() -> this.testing.testingStats(county, from, to, StatsInterval.DAY, StatsGroupBy.PURPOSE));
		time("testingStats DAY by KIND", runs,
				() -> this.testing.testingStats(county, from, to, StatsInterval.DAY, StatsGroupBy.KIND));
		time("testingStats WEEK", runs, () -> this.testing.testingStats(county, from, to, StatsInterval.WEEK, null));
		time("testingStats HOUR (720 buckets)", runs,
				() -> this.testing.testingStats(county, from, to, StatsInterval.HOUR, null));
		time("testingStats HOUR by PURPOSE", runs,
				() -> this.testing.testingStats(county, from, to, StatsInterval.HOUR, StatsGroupBy.PURPOSE));
		time("testingStats DAY, city", runs, () -> this.testing.testingStats(city, from, to, StatsInterval.DAY, null));
		time("testingStats DAY by CHILD_AREA, city", runs,
				() -> this.testing.testingStats(city, from, to, StatsInterval.DAY, StatsGroupBy.CHILD_AREA));
		time("testingStats DAY by CHILD_AREA, township (from samples)", runs,
				() -> this.testing.testingStats(township, from, to, StatsInterval.DAY, StatsGroupBy.CHILD_AREA));
		time("testingStats DAY, community (from samples)", runs,
				() -> this.testing.testingStats(community, from, to, StatsInterval.DAY, null));
		String document = """
				query ($area: ID!, $from: DateTime!, $to: DateTime!) {
				  testingStats(area: $area, from: $from, to: $to, interval: DAY, groupBy: CHILD_AREA) {
				    start collected positives positivity turnaroundP50Minutes turnaroundP90Minutes overdue childArea { name }
				  }
				}""";
		Map<String, Object> variables = Map.of("area", GlobalId.encode("Place", county.id()), "from", from.toString(),
				"to", to.toString());
		time("GraphQL testingStats DAY by CHILD_AREA, with childArea", runs, () -> {
			ExecutionGraphQlResponse response = this.graphQl
				.execute(new DefaultExecutionGraphQlRequest(document, null, variables, null, "bench", Locale.ROOT))
				.block();
			assertThat(response.getErrors()).isEmpty();
			return List.of(response);
		});
		int naiveRuns = Math.max(3, runs / 10);
		time("naive GROUP BY over samples: DAY", naiveRuns,
				() -> this.testing.testingStatsFromSamples(county, from, to, StatsInterval.DAY, null));
		time("naive GROUP BY over samples: DAY by CHILD_AREA", naiveRuns, () -> this.testing
			.testingStatsFromSamples(county, from, to, StatsInterval.DAY, StatsGroupBy.CHILD_AREA));
		time("naive GROUP BY over samples: HOUR", naiveRuns,
				() -> this.testing.testingStatsFromSamples(county, from, to, StatsInterval.HOUR, null));

		LocalDate today = LocalDate.now(this.properties.zone());
		String zone = TestingStatsQueries.postgresZone(this.properties.zone());
		time("quarantineOccupancy", runs, () -> this.queries.quarantineOccupancy(county, today).sites());
		time("tracingTimeliness", runs, () -> List.of(this.queries.tracingTimeliness(county, from, to)));
		time("returneeInflow", runs,
				() -> this.queries.returneeInflow(county, today.minusDays(30), today, this.properties.zone()));
		time("supplyCoverage", runs, () -> this.queries.supplyCoverage(county));
		time("vaccinationCoverage (100,000 residents)", runs,
				() -> this.queries.vaccinationCoverage(county).categories());
		time("alerts (50 per kind)", runs,
				() -> this.alerts.alerts(county, EnumSet.allOf(AlertKind.class), 50, today, zone));
		time("alertCounts", runs, () -> this.alerts.alertCounts(county, today, zone));

		line("");
		freshness(county, from, to);
		System.out.println("\n===== analytics benchmark =====\n" + String.join("\n", this.report) + "\n");
	}

	/**
	 * 20 rounds of "five seconds of writes" (100 new results and 20 new samples) followed
	 * by the refresh the scheduler would run, then checks a new result is visible.
	 */
	private void freshness(Area county, OffsetDateTime from, OffsetDateTime to) {
		this.rollup.refreshNow();
		List<Long> refreshes = new ArrayList<>();
		for (int round = 0; round < 20; round++) {
			this.db.execute("""
					UPDATE sample SET result = 'NEGATIVE', resulted_at = greatest(now(), received_at, collected_at)
					WHERE id IN (SELECT id FROM sample WHERE result IS NULL ORDER BY due_at LIMIT 100)""");
			this.db.execute(
					"""
							INSERT INTO sample (barcode, kind, specimen, purpose, person_id, place_id, collected_at, due_at)
							SELECT 'BF' || lpad((extract(epoch FROM now())::bigint * 100 + n)::text, 16, '0'), 'PCR',
							       'OROPHARYNGEAL_SWAB', 'ROUTINE', s.person_id, s.place_id, now(), now() + interval '24 hours'
							FROM generate_series(1, 20) n,
							     LATERAL (SELECT person_id, place_id FROM sample WHERE person_id IS NOT NULL ORDER BY id LIMIT 1 OFFSET n) s
							ON CONFLICT DO NOTHING""");
			long started = System.nanoTime();
			SampleRollup.Outcome outcome = this.rollup.refreshNow();
			refreshes.add(System.nanoTime() - started);
			assertThat(outcome.kind()).isEqualTo(SampleRollup.Outcome.Kind.INCREMENTAL);
			sleep();
		}
		long[] sorted = refreshes.stream().mapToLong(Long::longValue).sorted().toArray();
		line("incremental refresh after 5 s of writes (100 results + 20 samples): p50 %.1f ms, p95 %.1f ms, max %.1f ms",
				sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.95) - 1] / 1e6,
				sorted[sorted.length - 1] / 1e6);
		line("a new result is visible at most refresh-interval (%d s) + one refresh after it commits",
				this.properties.refreshInterval().toSeconds());

		// and one concrete result, end to end
		long before = positives(county, from, to);
		this.db.execute("""
				UPDATE sample SET result = 'POSITIVE', resulted_at = greatest(now(), received_at, collected_at)
				WHERE id = (SELECT id FROM sample WHERE result IS NULL AND collected_at > now() - interval '20 days'
				            AND place_id IN (SELECT id FROM place WHERE path <@ (SELECT path FROM place WHERE id = ?))
				            ORDER BY id LIMIT 1)""", county.id());
		long started = System.nanoTime();
		this.rollup.refreshNow();
		long after = positives(county, from, OffsetDateTime.now());
		line("new positive result: testingStats positives %d -> %d, visible %.0f ms after commit (refresh + query)",
				before, after, (System.nanoTime() - started) / 1e6);
	}

	private long positives(Area county, OffsetDateTime from, OffsetDateTime to) {
		return this.testing.testingStats(county, from, to, StatsInterval.WEEK, null)
			.stream()
			.mapToLong(TestingStatsBucket::positives)
			.sum();
	}

	private static void sleep() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Area firstArea(PlaceLevel level, Area parent) {
		var r = (parent != null)
				? this.db.fetchOne("SELECT id FROM place WHERE level = ? AND parent_id = ? ORDER BY code LIMIT 1",
						level.name(), parent.id())
				: this.db.fetchOne("SELECT id FROM place WHERE level = ? ORDER BY code LIMIT 1", level.name());
		return this.queries.area(r.get(0, Long.class)).orElseThrow();
	}

	private void time(String name, int runs, Supplier<? extends List<?>> query) {
		int rows = 0;
		for (int i = 0; i < Math.min(3, runs); i++) {
			rows = query.get().size();
		}
		long[] nanos = new long[runs];
		for (int i = 0; i < runs; i++) {
			long started = System.nanoTime();
			query.get();
			nanos[i] = System.nanoTime() - started;
		}
		Arrays.sort(nanos);
		line("%-58s %6d %9.1f %9.1f %9.1f", name, rows, nanos[runs / 2] / 1e6,
				nanos[(int) Math.ceil(runs * 0.95) - 1] / 1e6, nanos[runs - 1] / 1e6);
	}

	private void line(String format, Object... args) {
		String text = String.format(format, args);
		this.report.add(text);
		System.out.println("[benchmark] " + text);
	}

}
