package org.epigrid.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.beans.factory.annotation.Autowired;

import org.epigrid.analytics.SampleRollup;
import org.epigrid.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lints what Grafana and Prometheus read against the running application: every PromQL
 * expression of the dashboards and alert rules names only metrics the app exposes, every
 * SQL panel runs as the analyst role against the reporting views, and promtool (when on
 * the PATH; .ci/run installs it) accepts the config, the rules, the rule tests and the
 * exposition.
 */
class DashboardLintTests extends IntegrationTest {

	private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right", "offset", "bool", "and", "or", "unless", "inf", "nan", "le");

	/** Series Prometheus itself adds to every scrape. */
	private static final Set<String> PROMETHEUS_SERIES = Set.of("up", "ALERTS");

	@Autowired
	DomainMetrics metrics;

	@Autowired
	SampleRollup rollup;

	private Exposition exposition() {
		new MetricsFixtures(this.db, this.data).build();
		this.graphQl.document("{ places(first: 1) { totalCount edges { node { name } } } }").execute();
		// the sample figures are read from the rollup, which its schedule keeps a few
		// seconds behind: bring it up to date, or they may be missing
		this.rollup.refreshNow();
		this.metrics.refresh();
		return Exposition.parse(prometheusExposition());
	}

	@Test
	void everyPromQlExpressionNamesOnlyExposedMetrics() throws IOException {
		Set<String> exposed = exposition().names();
		List<String> expressions = new ArrayList<>();
		for (JsonNode dashboard : dashboards()) {
			for (JsonNode panel : dashboard.get("panels")) {
				for (JsonNode target : panel.path("targets")) {
					if (target.has("expr")) {
						expressions.add(target.get("expr").asText());
						assertThat(target.get("expr").asText())
							.as("rate() in %s uses $__rate_interval", panel.get("title"))
							.satisfies((expr) -> assertThat(rangesOfRate(expr)).allMatch("$__rate_interval"::equals));
					}
				}
			}
			for (JsonNode variable : dashboard.path("templating").path("list")) {
				if (variable.path("datasource").path("uid").asText().equals("epigrid-prometheus")) {
					expressions
						.add(variable.path("definition").asText().replaceAll("^label_values\\((.*),[^,]*\\)$", "$1"));
				}
			}
		}
		expressions.addAll(ruleExpressions());
		assertThat(expressions).isNotEmpty();
		for (String expression : expressions) {
			for (String metric : metricNames(expression)) {
				boolean known = exposed.contains(metric) || PROMETHEUS_SERIES.contains(metric) || metric.contains(":");
				assertThat(known).as("metric %s of %s is exposed", metric, expression).isTrue();
			}
		}
	}

	@Test
	void everySqlPanelRunsAsTheAnalystAgainstTheReportingViews() throws IOException {
		String county = new MetricsFixtures(this.db, this.data).build().county().code();
		List<String> queries = new ArrayList<>();
		for (JsonNode dashboard : dashboards()) {
			for (JsonNode panel : dashboard.get("panels")) {
				for (JsonNode target : panel.path("targets")) {
					if (target.has("rawSql")) {
						assertThat(target.get("rawSql").asText()).contains("reporting.");
						queries.add(target.get("rawSql").asText());
					}
				}
			}
			for (JsonNode variable : dashboard.path("templating").path("list")) {
				if (variable.path("datasource").path("uid").asText().equals("epigrid-postgres")) {
					queries.add(variable.path("query").asText());
				}
			}
		}
		assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
		for (String area : List.of(county, ".*")) {
			for (String query : queries) {
				String sql = substituteMacros(query, area);
				this.db.connection((connection) -> {
					try (Statement statement = connection.createStatement()) {
						statement.execute("SET ROLE epigrid_analyst");
						try {
							statement.executeQuery(sql).close();
						}
						catch (java.sql.SQLException ex) {
							throw new AssertionError("panel SQL fails: " + ex.getMessage() + "\n" + sql, ex);
						}
						finally {
							statement.execute("RESET ROLE");
						}
					}
				});
			}
		}
	}

	@Test
	void promtoolAcceptsConfigRulesRuleTestsAndTheExposition() throws Exception {
		Assumptions.assumeTrue(onPath("promtool"), "promtool is not on the PATH (apt-get install prometheus)");
		promtool(null, "check", "config", "grafana/prometheus/prometheus.yml");
		List<String> rules = files("grafana/prometheus/rules", ".yml");
		List<String> args = new ArrayList<>(List.of("check", "rules"));
		args.addAll(rules);
		promtool(null, args.toArray(String[]::new));
		args = new ArrayList<>(List.of("test", "rules"));
		args.addAll(files("grafana/prometheus/tests", ".yml"));
		promtool(null, args.toArray(String[]::new));
		// exit 3 is "lint problems": Micrometer's own meters have some (no help text,
		// ...);
		// ours must have none, and the exposition must parse (exit 1 otherwise)
		String lint = promtool(exposition().text(), Set.of(0, 3), "check", "metrics");
		assertThat(lint.lines().filter((line) -> line.startsWith("epigrid_"))).as(lint).isEmpty();
	}

	private static String promtool(String stdin, String... args) throws Exception {
		return promtool(stdin, Set.of(0), args);
	}

	private static String promtool(String stdin, Set<Integer> exitCodes, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("promtool"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		if (stdin != null) {
			process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
		}
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(exitCodes).as("exit code of %s:%n%s", command, output).contains(process.exitValue());
		return output;
	}

	private static boolean onPath(String program) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

	private static List<String> files(String dir, String suffix) throws IOException {
		try (Stream<Path> files = Files.list(Path.of(dir))) {
			return files.map(Path::toString).filter((f) -> f.endsWith(suffix)).sorted().toList();
		}
	}

	static List<JsonNode> dashboards() throws IOException {
		List<JsonNode> dashboards = new ArrayList<>();
		for (String file : files("grafana/dashboards", ".json")) {
			dashboards.add(new ObjectMapper().readTree(Path.of(file).toFile()));
		}
		return dashboards;
	}

	@SuppressWarnings("unchecked")
	private static List<String> ruleExpressions() throws IOException {
		List<String> expressions = new ArrayList<>();
		for (String file : files("grafana/prometheus/rules", ".yml")) {
			java.util.Map<String, Object> rules = new Yaml().load(Files.readString(Path.of(file)));
			for (java.util.Map<String, Object> group : (List<java.util.Map<String, Object>>) rules.get("groups")) {
				for (java.util.Map<String, Object> rule : (List<java.util.Map<String, Object>>) group.get("rules")) {
					expressions.add(rule.get("expr").toString());
				}
			}
		}
		return expressions;
	}

	/** The ranges of every rate()/increase() in the expression. */
	private static List<String> rangesOfRate(String expr) {
		List<String> ranges = new ArrayList<>();
		Matcher matcher = Pattern.compile("\\b(rate|irate|increase)\\(.*?\\[([^\\]]*)]").matcher(expr);
		while (matcher.find()) {
			ranges.add(matcher.group(2));
		}
		return ranges;
	}

	/**
	 * Metric names in a PromQL expression: identifiers outside strings, label matchers,
	 * ranges and grouping clauses that are not functions, keywords or numbers.
	 */
	static Set<String> metricNames(String expr) {
		String stripped = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
			.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\[[^]]*]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
			.replaceAll("\\boffset\\s+\\w+", " ")
			.replaceAll("\\$\\w+", " ");
		Set<String> names = new HashSet<>();
		Matcher matcher = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(stripped);
		while (matcher.find()) {
			if (matcher.group(2) == null && !PROMQL_WORDS.contains(matcher.group(1).toLowerCase())) {
				names.add(matcher.group(1));
			}
		}
		return names;
	}

	/** Grafana's macros and the area variable as Grafana would expand them. */
	static String substituteMacros(String sql, String area) {
		return sql.replaceAll("\\$__timeFilter\\(([^)]*)\\)", "$1 > now() - interval '1 day'")
			.replace("$__timeFrom()", "(now() - interval '1 day')")
			.replace("$__timeTo()", "now()")
			.replace("$area", area);
	}

	@Test
	void metricNamesAreFoundInExpressions() {
		assertThat(metricNames(
				"sum by (le) (rate(graphql_request_seconds_bucket{application=\"epigrid\", instance=~\"$instance\"}[$__rate_interval])) / time() - max(up) offset 1d"))
			.containsExactlyInAnyOrder("graphql_request_seconds_bucket", "up");
		assertThat(substituteMacros("WHERE $__timeFilter(day) AND county_code ~ '^($area)$'", "110101"))
			.isEqualTo("WHERE day > now() - interval '1 day' AND county_code ~ '^(110101)$'");
	}

}
