package org.epigrid.analytics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import org.epigrid.EpigridApplication;
import org.epigrid.metrics.DomainMetrics;
import org.epigrid.places.PlaceLevel;
import org.epigrid.sentinels.CampaignCoverageRollup;
import org.epigrid.support.GlobalId;

/**
 * Prints p50/p95 latency of every analytics query for a county over 30 days, measured
 * both as the SQL the query runs and as the whole GraphQL request over HTTP; the naive
 * GROUP BY over the sample table for comparison; the reporting views Grafana reads; the
 * domain metrics refresh; the rollup's rebuild time, the incremental refresh time under a
 * steady stream of new results, and how long a new result takes to show.
 * <p>
 * Not part of {@code ./mvnw verify} (the class name is no test name). Run it from its
 * {@link #main} (no Maven in the way) after
 * {@code ./mvnw -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt}:
 * <pre>
 * java -Dbenchmark.existing=true -Dbenchmark.data-directory=target/demo-city \
 *     -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     org.epigrid.analytics.AnalyticsBenchmark --epigrid.demo.load=city
 * </pre> which loads the {@code city} demo data set on the first run (a quarter of an
 * hour on two cores; later runs find it there and measure it), or {@code small} likewise.
 * The same as a test: {@code ./mvnw -B test -Dtest=AnalyticsBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} with the same properties.
 * <p>
 * Properties: {@code benchmark.data-directory} (the embedded database,
 * {@code target/benchmark-postgres}; delete it afterwards, a city takes about 6 GB),
 * {@code benchmark.existing} (true: measure the database as it is, e.g. a demo data set;
 * false, the default: generate {@link BenchmarkData} with {@code benchmark.samples}
 * samples, default 10,000,000, over {@code benchmark.days}, default 60),
 * {@code benchmark.runs} (50 per query), {@code benchmark.rebuild} (true: time a full
 * rebuild of the rollup first), {@code benchmark.writes} (true: measure refreshes under
 * new results, which writes samples and results into the database). The county measured
 * is the one with the most samples in the last 30 days.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { AnalyticsBenchmark.DATA_DIRECTORY, AnalyticsBenchmark.NOT_TEMPORARY,
				AnalyticsBenchmark.NO_AUTOLOAD, AnalyticsBenchmark.NO_SCHEDULED_REFRESH,
				AnalyticsBenchmark.NO_SCHEDULED_METRICS, AnalyticsBenchmark.NO_STATEMENT_TIMEOUT,
				AnalyticsBenchmark.NO_RATE_LIMIT, AnalyticsBenchmark.ADMIN_KEY })
public class AnalyticsBenchmark {

	static final String DATA_DIRECTORY = "epigrid.embedded.data-directory=${benchmark.data-directory:target/benchmark-postgres}";

	static final String NOT_TEMPORARY = "epigrid.embedded.temporary=false";

	static final String NO_AUTOLOAD = "epigrid.demo.autoload=none";

	/** The benchmark runs the refreshes itself, when it measures them. */
	static final String NO_SCHEDULED_REFRESH = "epigrid.analytics.refresh-initial-delay=24h";

	static final String NO_SCHEDULED_METRICS = "epigrid.metrics.enabled=false";

	/** The naive GROUP BY takes longer than the API's 30 s. */
	static final String NO_STATEMENT_TIMEOUT = "epigrid.limits.statement-timeout=0";

	static final String NO_RATE_LIMIT = "epigrid.security.rate-limit=100000000";

	static final String KEY = "benchmark-admin-key-2f9c41d7e3a8";

	static final String ADMIN_KEY = "epigrid.security.bootstrap-admin-key=" + KEY;

	/**
	 * The same without JUnit or Maven: {@code java -cp <test classpath>
	 * org.epigrid.analytics.AnalyticsBenchmark}, with the same system properties.
	 * @param args Spring Boot arguments, e.g. {@code --epigrid.demo.load=city}
	 */
	public static void main(String[] args) {
		// as command-line arguments, which win over application.yml (default properties
		// would not)
		List<String> arguments = new ArrayList<>();
		for (String property : List.of(DATA_DIRECTORY, NOT_TEMPORARY, NO_AUTOLOAD, NO_SCHEDULED_REFRESH,
				NO_SCHEDULED_METRICS, NO_STATEMENT_TIMEOUT, NO_RATE_LIMIT, ADMIN_KEY, "server.port=0")) {
			arguments.add("--" + property);
		}
		arguments.addAll(Arrays.asList(args));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EpigridApplication.class)
			.run(arguments.toArray(String[]::new))) {
			AnalyticsBenchmark benchmark = new AnalyticsBenchmark();
			context.getAutowireCapableBeanFactory().autowireBean(benchmark);
			benchmark.benchmark();
		}
	}

	/** Untimed calls before each query's timed ones. */
	private static final int WARM_UP = 10;

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
	private VaccinationRollup vaccinations;

	@Autowired
	private CampaignCoverageRollup campaigns;

	@Autowired
	private DomainMetrics metrics;

	@Autowired
	private Environment environment;

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<String> report = new ArrayList<>();

	private int runs;

	@Test
	void benchmark() {
		long samples = Long.getLong("benchmark.samples", 10_000_000L);
		int days = Integer.getInteger("benchmark.days", 60);
		this.runs = Integer.getInteger("benchmark.runs", 50);
		if (!Boolean.getBoolean("benchmark.existing")) {
			BenchmarkData.load(this.db, samples, days);
		}
		line("machine: %d cores available to the JVM; PostgreSQL %s; load average %s",
				Runtime.getRuntime().availableProcessors(), this.db.fetchValue("SHOW server_version"), loadAverage());
		line("samples in the database: %,d; people %,d; places %,d", count("sample"), count("person"), count("place"));

		SampleRollup.Outcome built = Boolean.parseBoolean(System.getProperty("benchmark.rebuild", "true"))
				? this.rollup.rebuildNow() : this.rollup.refreshNow();
		line("rollup %s: %,d samples in %.1f s -> %,d hourly rows (%s of data), %,d daily rows (%s)",
				built.kind().name().toLowerCase(Locale.ROOT), built.samples(), built.duration().toMillis() / 1000.0,
				count("sample_rollup_hourly"), size("sample_rollup_hourly"), count("sample_rollup_daily"),
				size("sample_rollup_daily"));
		Duration vaccinations = this.vaccinations.refreshNow();
		line("vaccination rollup refresh: %.1f s -> %,d rows",
				(vaccinations != null) ? vaccinations.toMillis() / 1000.0 : 0.0, count("vaccination_rollup"));
		CampaignCoverageRollup.Outcome campaigns = this.campaigns.refreshNow();
		line("campaign coverage rollup refresh: %.1f s, %d campaigns -> %,d rows",
				campaigns.duration().toMillis() / 1000.0, campaigns.campaigns(), count("campaign_coverage_rollup"));
		this.db.execute("VACUUM ANALYZE sample_rollup_hourly");
		this.db.execute("VACUUM ANALYZE sample_rollup_daily");
		this.db.execute("VACUUM ANALYZE vaccination_rollup");

		OffsetDateTime to = OffsetDateTime.now();
		OffsetDateTime from = to.minusDays(30);
		Area county = busiest(PlaceLevel.COUNTY, null, from);
		Area township = busiest(PlaceLevel.TOWNSHIP, county, from);
		Area community = first(PlaceLevel.COMMUNITY, township);
		Area city = this.queries
			.area(this.db.fetchOne("SELECT parent_id FROM place WHERE id = ?", county.id()).get(0, Long.class))
			.orElseThrow();
		long countySamples = this.testing.testingStatsFromSamples(county, from, to, StatsInterval.WEEK, null)
			.stream()
			.mapToLong(TestingStatsBucket::collected)
			.sum();
		line("county %s (%s): %,d samples collected in the 30 days measured, %,d residents", code(county),
				county.path(), countySamples,
				number("SELECT count(*) FROM person WHERE residence_place_id IN " + county.subtree()));
		line("");
		if (!Boolean.parseBoolean(System.getProperty("benchmark.queries", "true"))) {
			refreshUnderWrites(15, 15, "the city demo's average rate over 3 s");
			refreshUnderWrites(100, 20, "7 times that");
			freshness(county, from);
			System.out.println("\n===== analytics benchmark =====\n" + String.join("\n", this.report) + "\n");
			return;
		}
		line("%-52s %6s %8s %8s %8s %8s", "query (county, last 30 days unless said)", "rows", "SQL p50", "SQL p95",
				"API p50", "API p95");

		LocalDate today = LocalDate.now(this.properties.zone());
		String zone = TestingStatsQueries.postgresZone(this.properties.zone());
		Map<String, Object> range = Map.of("area", id(county), "from", from.toString(), "to", to.toString());
		for (StatsInterval interval : StatsInterval.values()) {
			for (StatsGroupBy groupBy : new StatsGroupBy[] { null, StatsGroupBy.CHILD_AREA, StatsGroupBy.PURPOSE,
					StatsGroupBy.KIND }) {
				testingStats(county, "", from, to, interval, groupBy);
			}
		}
		testingStats(city, ", city", from, to, StatsInterval.DAY, null);
		testingStats(city, ", city", from, to, StatsInterval.DAY, StatsGroupBy.CHILD_AREA);
		testingStats(township, ", township", from, to, StatsInterval.DAY, StatsGroupBy.CHILD_AREA);
		testingStats(community, ", community", from, to, StatsInterval.DAY, null);
		OffsetDateTime unalignedFrom = from.withMinute(17);
		testingStats(county, " (from hh:17)", unalignedFrom, to, StatsInterval.DAY, StatsGroupBy.PURPOSE);

		time("quarantineOccupancy", () -> this.queries.quarantineOccupancy(county, today).sites(), """
				query ($area: ID!) { quarantineOccupancy(area: $area) {
				  occupied capacity occupancy dueForReleaseToday
				  sites { site { name } occupied capacity occupancy dueForReleaseToday } } }""",
				Map.of("area", id(county)));
		time("tracingTimeliness", () -> List.of(this.queries.tracingTimeliness(county, from, to)),
				"""
						query ($area: ID!, $from: DateTime!, $to: DateTime!) { tracingTimeliness(area: $area, from: $from, to: $to) {
						  identified tracedInTime tracedLate untracedOverdue untracedNotYetDue timeliness } }""",
				range);
		time("returneeInflow",
				() -> this.queries.returneeInflow(county, today.minusDays(30), today, this.properties.zone()),
				"""
						query ($area: ID!, $from: Date!, $to: Date!) { returneeInflow(area: $area, from: $from, to: $to) {
						  day originRiskLevel arrivals } }""",
				Map.of("area", id(county), "from", today.minusDays(30).toString(), "to", today.toString()));
		time("supplyCoverage", () -> this.queries.supplyCoverage(county),
				"""
						query ($area: ID!) { supplyCoverage(area: $area) {
						  item { name } onHand fullLoadDailyUse targetOnHand daysOfCover targetDays belowTarget sites sitesBelowTarget } }""",
				Map.of("area", id(county)));
		time("vaccinationCoverage", () -> this.queries.vaccinationCoverage(county).categories(),
				"""
						query ($area: ID!) { vaccinationCoverage(area: $area) {
						  people vaccinated fullyVaccinated coverage categories { category people vaccinated fullyVaccinated coverage } } }""",
				Map.of("area", id(county)));
		time("alerts (50 per kind)", () -> this.alerts.alerts(county, EnumSet.allOf(AlertKind.class), 50, today, zone),
				"""
						query ($area: ID!) { alerts(area: $area, first: 50) {
						  kind severity what place { name } site { name } since recordId } }""",
				Map.of("area", id(county)));
		time("alertCounts", () -> this.alerts.alertCounts(county, today, zone), """
				query ($area: ID!) { alertCounts(area: $area) { kind count } }""", Map.of("area", id(county)));
		time("dailyReportCompliance (today)", null, """
				query ($area: ID!, $date: Date!) { dailyReportCompliance(area: $area, date: $date) {
				  expected reported zeroReports missingCount missing { name } } }""",
				Map.of("area", id(county), "date", today.toString()));
		Record campaign = this.db.fetchOne("""
				SELECT c.id, (SELECT count(*) FROM sample s WHERE s.campaign_id = c.id) FROM campaign c
				WHERE c.place_id IN %s ORDER BY c.starts_on DESC, c.id DESC LIMIT 1""".formatted(county.subtree()));
		if (campaign != null) {
			Map<String, Object> asked = Map.of("campaign", GlobalId.encode("Campaign", campaign.get(0, Long.class)));
			time("campaignProgress (%,d samples)".formatted(campaign.get(1, Long.class)), null,
					"""
							query ($campaign: ID!) { campaignProgress(campaign: $campaign) { residents tested untested coverage } }""",
					asked);
			time("campaignCoverage (first 100 grids)", null, """
					query ($campaign: ID!) { campaignCoverage(campaign: $campaign, first: 100) {
					  nodes { grid { name } residents tested untested coverage } } }""", asked);
		}

		line("");
		line("naive GROUP BY over the sample table (SQL, %d runs):", Math.max(3, this.runs / 10));
		naive("DAY", county, from, to, StatsInterval.DAY, null);
		naive("DAY by CHILD_AREA", county, from, to, StatsInterval.DAY, StatsGroupBy.CHILD_AREA);
		naive("HOUR", county, from, to, StatsInterval.HOUR, null);

		line("");
		line("reporting views (the SQL of the Grafana panels, county %s):", code(county));
		view("samples_daily, 30 days", """
				SELECT day, sum(collected), sum(resulted), sum(positives), sum(late_results),
				       sum(turnaround_p50_hours * resulted) / nullif(sum(resulted), 0)
				FROM reporting.samples_daily
				WHERE day >= current_date - 30 AND county_code ~ '^(%s)$' GROUP BY 1 ORDER BY 1"""
			.formatted(code(county)));
		view("samples_daily, pending by purpose and kind, all days", """
				SELECT purpose, kind, sum(overdue), sum(pending) FROM reporting.samples_daily
				WHERE county_code ~ '^(%s)$' AND pending > 0 GROUP BY purpose, kind""".formatted(code(county)));
		view("lab_load", "SELECT * FROM reporting.lab_load WHERE county_code ~ '^(%s)$'".formatted(code(county)));
		view("alerts_summary", "SELECT * FROM reporting.alerts_summary");
		view("daily_report_compliance, today",
				"SELECT * FROM reporting.daily_report_compliance WHERE day = current_date");
		long[] refreshes = new long[5];
		for (int i = 0; i < refreshes.length; i++) {
			long started = System.nanoTime();
			this.metrics.refresh();
			refreshes[i] = System.nanoTime() - started;
		}
		Arrays.sort(refreshes);
		line("domain metrics refresh (DomainMetrics.refresh, every 30 s): p50 %.0f ms, max %.0f ms",
				refreshes[refreshes.length / 2] / 1e6, refreshes[refreshes.length - 1] / 1e6);

		if (Boolean.parseBoolean(System.getProperty("benchmark.writes", "true"))) {
			line("");
			refreshUnderWrites(15, 15, "the city demo's average rate over 3 s");
			refreshUnderWrites(100, 20, "7 times that");
			freshness(county, from);
		}
		line("load average at the end: %s", loadAverage());
		System.out.println("\n===== analytics benchmark =====\n" + String.join("\n", this.report) + "\n");
	}

	/** The 1, 5 and 15 minute load averages (other work on the machine), where known. */
	private static String loadAverage() {
		try {
			String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (java.io.IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	private void testingStats(Area area, String where, OffsetDateTime from, OffsetDateTime to, StatsInterval interval,
			@Nullable StatsGroupBy groupBy) {
		String name = "testingStats " + interval + ((groupBy != null) ? " by " + groupBy : "") + where;
		String document = testingStatsDocument(groupBy == StatsGroupBy.CHILD_AREA);
		Map<String, Object> variables = new java.util.HashMap<>(
				Map.of("area", id(area), "from", from.toString(), "to", to.toString(), "interval", interval.name()));
		if (groupBy != null) {
			variables.put("groupBy", groupBy.name());
		}
		time(name, () -> this.testing.testingStats(area, from, to, interval, groupBy), document, variables);
	}

	/**
	 * The testingStats request the benchmark times: every field of the bucket, and the
	 * child area's name and code when grouped by child area.
	 */
	static String testingStatsDocument(boolean childArea) {
		return """
				query ($area: ID!, $from: DateTime!, $to: DateTime!, $interval: StatsInterval!, $groupBy: StatsGroupBy) {
				  testingStats(area: $area, from: $from, to: $to, interval: $interval, groupBy: $groupBy) {
				    start end groupKey groupLabel purpose kind collected resulted positives positivity
				    turnaroundP50Minutes turnaroundP90Minutes overdue slaBreaches%s
				  }
				}"""
			.formatted(childArea ? " childArea { name code }" : "");
	}

	private void naive(String name, Area county, OffsetDateTime from, OffsetDateTime to, StatsInterval interval,
			@Nullable StatsGroupBy groupBy) {
		long[] sql = measure(1, Math.max(3, this.runs / 10),
				() -> this.testing.testingStatsFromSamples(county, from, to, interval, groupBy));
		line("%-52s %6d %8.0f %8.0f", name, this.rows, p50(sql), p95(sql));
	}

	private void view(String name, String sql) {
		long[] nanos = measure(3, Math.max(5, this.runs / 5), () -> this.db.fetch(sql));
		line("%-52s %6d %8.1f %8.1f", name, this.rows, p50(nanos), p95(nanos));
	}

	private int rows;

	/**
	 * Times the SQL (the query class) and the GraphQL request over HTTP, each warmed up
	 * three times first.
	 */
	private void time(String name, @Nullable Supplier<? extends List<?>> sql, String document,
			Map<String, Object> variables) {
		String p50 = "-";
		String p95 = "-";
		int rows = -1;
		if (sql != null) {
			long[] nanos = measure(WARM_UP, this.runs, sql::get);
			rows = this.rows;
			p50 = "%.1f".formatted(p50(nanos));
			p95 = "%.1f".formatted(p95(nanos));
		}
		long[] api = measure(WARM_UP, this.runs, () -> {
			String body = graphQl(document, variables);
			return List.of(body);
		});
		line("%-52s %6s %8s %8s %8.1f %8.1f", name, (rows >= 0) ? Integer.toString(rows) : "", p50, p95, p50(api),
				p95(api));
	}

	/**
	 * Times {@code runs} calls after {@code warmUp} untimed ones (a server answers the
	 * same documents all day: the first calls of a fresh JVM measure its JIT compiler).
	 */
	private long[] measure(int warmUp, int runs, Supplier<? extends List<?>> query) {
		for (int i = 0; i < warmUp; i++) {
			this.rows = query.get().size();
		}
		long[] nanos = new long[runs];
		for (int i = 0; i < runs; i++) {
			long started = System.nanoTime();
			query.get();
			nanos[i] = System.nanoTime() - started;
		}
		Arrays.sort(nanos);
		return nanos;
	}

	static double p50(long[] sorted) {
		return sorted[sorted.length / 2] / 1e6;
	}

	static double p95(long[] sorted) {
		return sorted[(int) Math.ceil(sorted.length * 0.95) - 1] / 1e6;
	}

	private String graphQl(String document, Map<String, Object> variables) {
		StringBuilder json = new StringBuilder("{\"query\":").append(quote(document)).append(",\"variables\":{");
		String separator = "";
		for (Map.Entry<String, Object> variable : variables.entrySet()) {
			json.append(separator).append(quote(variable.getKey())).append(':').append(quote(variable.getValue()));
			separator = ",";
		}
		json.append("}}");
		HttpRequest request = HttpRequest
			.newBuilder(
					URI.create("http://localhost:" + this.environment.getProperty("local.server.port") + "/graphql"))
			.header("Content-Type", "application/json")
			.header("X-API-Key", KEY)
			.POST(HttpRequest.BodyPublishers.ofString(json.toString()))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200 || response.body().contains("\"errors\"")) {
				throw new IllegalStateException("GraphQL request failed: " + response.statusCode() + " "
						+ response.body().substring(0, Math.min(500, response.body().length())));
			}
			return response.body();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String quote(Object value) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : value.toString().toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				default -> quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

	/**
	 * 20 rounds of writes (results for the pending samples due first, new samples at
	 * random people's places), each followed by the refresh the scheduler would run.
	 */
	private void refreshUnderWrites(int results, int samples, String rate) {
		this.rollup.refreshNow();
		long[] nanos = new long[20];
		long keys = 0;
		for (int round = 0; round < nanos.length; round++) {
			writeResults(results);
			this.db.execute(
					"""
							INSERT INTO sample (barcode, kind, specimen, purpose, person_id, place_id, collected_at, due_at)
							SELECT 'BF' || lpad((extract(epoch FROM clock_timestamp())::bigint * 1000 + n)::text, 16, '0'), 'PCR',
							       'OROPHARYNGEAL_SWAB', 'ROUTINE', s.person_id, s.place_id, now(), now() + interval '24 hours'
							FROM generate_series(1, ?) n,
							     LATERAL (SELECT person_id, place_id FROM sample
							              WHERE id >= (SELECT min(id) FROM sample) + (random() * 10000000)::bigint + n * 0
							                AND person_id IS NOT NULL
							              ORDER BY id LIMIT 1) s
							ON CONFLICT DO NOTHING""",
					samples);
			long started = System.nanoTime();
			SampleRollup.Outcome outcome = this.rollup.refreshNow();
			nanos[round] = System.nanoTime() - started;
			keys += outcome.keys();
			if (outcome.kind() != SampleRollup.Outcome.Kind.INCREMENTAL) {
				throw new IllegalStateException("expected an incremental refresh, got " + outcome);
			}
			sleep(200);
		}
		Arrays.sort(nanos);
		line("incremental rollup refresh, %d results + %d new samples since the last (%s), 20 rounds: p50 %.0f ms, p95 %.0f ms, max %.0f ms (%d rollup keys each)",
				results, samples, rate, p50(nanos), p95(nanos), nanos[nanos.length - 1] / 1e6, keys / nanos.length);
	}

	/** Results for the pending samples due first, as a laboratory would report them. */
	private void writeResults(int results) {
		this.db.execute("""
				UPDATE sample SET result = 'NEGATIVE', resulted_at = greatest(now(), received_at, collected_at)
				WHERE id IN (SELECT id FROM sample WHERE result IS NULL ORDER BY due_at LIMIT ?)""", results);
	}

	/**
	 * With the refresh running on its schedule (as {@code @Scheduled} runs it, every
	 * {@code epigrid.analytics.refresh-interval}) and results streaming in, a new
	 * positive result is committed and testingStats polled until it shows; five times.
	 */
	private void freshness(Area county, OffsetDateTime from) {
		ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
		scheduler.scheduleWithFixedDelay(this.rollup::scheduledRefresh, 0, this.properties.refreshInterval().toMillis(),
				TimeUnit.MILLISECONDS);
		scheduler.scheduleWithFixedDelay(() -> writeResults(20), 0, 1, TimeUnit.SECONDS);
		try {
			long[] seconds = new long[5];
			for (int i = 0; i < seconds.length; i++) {
				long before = positives(county, from);
				int changed = this.db.execute(
						"""
								UPDATE sample SET result = 'POSITIVE', resulted_at = greatest(now(), received_at, collected_at)
								WHERE id = (SELECT id FROM sample WHERE result IS NULL AND collected_at > now() - interval '20 days'
								            AND collected_at < date_trunc('hour', now()) - interval '1 hour'
								            AND place_id IN %s ORDER BY collected_at DESC LIMIT 1)"""
							.formatted(county.subtree()));
				if (changed != 1) {
					throw new IllegalStateException("no pending sample left in the county");
				}
				long committed = System.nanoTime();
				while (positives(county, from) <= before) {
					if (System.nanoTime() - committed > Duration.ofMinutes(1).toNanos()) {
						throw new IllegalStateException("a new result did not show within a minute");
					}
					sleep(100);
				}
				seconds[i] = System.nanoTime() - committed;
				System.out.printf("[benchmark] freshness round %d: positives %d -> %d after %.1f s%n", i, before,
						positives(county, from), seconds[i] / 1e9);
				sleep((long) (Math.random() * 3000));
			}
			Arrays.sort(seconds);
			line("a new result shows in testingStats (refresh every %d s, 20 other results per second): p50 %.1f s, max %.1f s",
					this.properties.refreshInterval().toSeconds(), seconds[seconds.length / 2] / 1e9,
					seconds[seconds.length - 1] / 1e9);
		}
		finally {
			scheduler.shutdownNow();
			try {
				scheduler.awaitTermination(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private long positives(Area county, OffsetDateTime from) {
		return this.testing.testingStats(county, from, OffsetDateTime.now(), StatsInterval.WEEK, null)
			.stream()
			.mapToLong(TestingStatsBucket::positives)
			.sum();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The place of the level (under the parent) with the most samples since {@code from}.
	 */
	private Area busiest(PlaceLevel level, @Nullable Area parent, OffsetDateTime from) {
		Record r = this.db.fetchOne(
				"""
						SELECT p.id FROM place p
						LEFT JOIN sample_rollup_daily d ON d.place_id = p.id AND d.purpose = '*' AND d.kind = '*' AND d.day >= ?::date
						WHERE p.level = ? AND (?::bigint IS NULL OR p.parent_id = ?::bigint)
						GROUP BY p.id, p.code ORDER BY coalesce(sum(d.collected), 0) DESC, p.code LIMIT 1""",
				from.atZoneSameInstant(this.properties.zone()).toLocalDate(), level.name(),
				(parent != null) ? parent.id() : null, (parent != null) ? parent.id() : null);
		return this.queries.area(r.get(0, Long.class)).orElseThrow();
	}

	private Area first(PlaceLevel level, Area parent) {
		Record r = this.db.fetchOne("SELECT id FROM place WHERE level = ? AND parent_id = ? ORDER BY code LIMIT 1",
				level.name(), parent.id());
		return this.queries.area(r.get(0, Long.class)).orElseThrow();
	}

	private static String id(Area area) {
		return GlobalId.encode("Place", area.id());
	}

	private String code(Area area) {
		return String.valueOf(this.db.fetchValue("SELECT code FROM place WHERE id = ?", area.id()));
	}

	private long count(String table) {
		return number("SELECT count(*) FROM " + table);
	}

	private String size(String table) {
		// the live rows only: right after a rebuild the table also holds the old ones
		return String
			.valueOf(this.db.fetchValue("SELECT pg_size_pretty(sum(pg_column_size(t.*))) FROM " + table + " t"));
	}

	private long number(String sql) {
		return ((Number) this.db.fetchValue(sql)).longValue();
	}

	private void line(String format, Object... args) {
		String text = String.format(format, args);
		this.report.add(text);
		System.out.println("[benchmark] " + text);
	}

}
