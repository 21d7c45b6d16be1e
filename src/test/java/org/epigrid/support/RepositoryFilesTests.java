package org.epigrid.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose file and the Grafana/Prometheus provisioning cannot be run here (no Docker
 * engine), so they are checked by parsing: every service is there and every mounted path
 * exists.
 */
class RepositoryFilesTests {

	@Test
	@SuppressWarnings("unchecked")
	void composeRunsPostgresAppPrometheusAndGrafana() throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
		assertThat(services).containsKeys("postgres", "app", "prometheus", "grafana");
		assertThat(services.get("postgres").get("image")).isEqualTo("postgres:18");
		assertThat(services.get("app").get("build")).isEqualTo(".");
		assertThat(Path.of("Dockerfile")).exists();
		for (Map<String, Object> service : services.values()) {
			for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
				String source = volume.toString().split(":")[0];
				if (source.startsWith("./")) {
					assertThat(Path.of(source)).as("mounted path %s", source).exists();
				}
			}
		}
	}

	@Test
	void dashboardsAreValidJsonWithUniqueUidsAndProvisionedDatasources() throws IOException {
		Set<String> uids = new HashSet<>();
		Set<String> panelUids = new HashSet<>();
		Set<String> datasources = Set.of("epigrid-prometheus", "epigrid-postgres");
		try (Stream<Path> files = Files.list(Path.of("grafana/dashboards"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".json")).toList()) {
				JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
				assertThat(uids.add(dashboard.get("uid").asText())).as("unique uid in %s", file).isTrue();
				Set<Integer> ids = new HashSet<>();
				for (JsonNode panel : dashboard.get("panels")) {
					assertThat(ids.add(panel.path("id").asInt())).as("unique panel id in %s", file).isTrue();
					assertThat(panel.path("description").asText()).as("description of %s", panel.get("title"))
						.isNotBlank();
					assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText())
						.as("unit of %s", panel.get("title"))
						.isNotBlank();
					assertThat(datasources).contains(panel.path("datasource").path("uid").asText());
					for (JsonNode target : panel.path("targets")) {
						assertThat(datasources).contains(target.path("datasource").path("uid").asText());
						panelUids.add(target.path("datasource").path("uid").asText());
						String expr = target.path("expr").asText();
						if (expr.contains("rate(") || expr.contains("increase(")) {
							assertThat(expr).as("rate interval in %s", panel.get("title"))
								.contains("[$__rate_interval]");
						}
					}
				}
				List<String> variables = new java.util.ArrayList<>();
				for (JsonNode variable : dashboard.path("templating").path("list")) {
					variables.add(variable.path("name").asText());
					assertThat(datasources).contains(variable.path("datasource").path("uid").asText());
				}
				if (!dashboard.get("uid").asText().equals("epigrid-api-health")) {
					assertThat(variables).as("area variable in %s", file).contains("area");
				}
			}
		}
		assertThat(uids).contains("epigrid-situation", "epigrid-testing", "epigrid-quarantine", "epigrid-supplies",
				"epigrid-api-health");
		assertThat(panelUids).containsExactlyInAnyOrderElementsOf(datasources);
		String provisioned = Files.readString(Path.of("grafana/provisioning/datasources/datasources.yml"));
		datasources.forEach((uid) -> assertThat(provisioned).contains("uid: " + uid));
	}

	@Test
	@SuppressWarnings("unchecked")
	void prometheusLoadsTheAlertRulesAndGrafanaReadsAsTheReadOnlyRole() throws IOException {
		Map<String, Object> prometheus = new Yaml()
			.load(Files.readString(Path.of("grafana/prometheus/prometheus.yml")));
		assertThat((List<String>) prometheus.get("rule_files")).contains("rules/*.yml");
		try (Stream<Path> rules = Files.list(Path.of("grafana/prometheus/rules"))) {
			assertThat(rules.map((f) -> f.getFileName().toString())).contains("api.yml", "epigrid.yml");
		}
		assertThat(Path.of("grafana/prometheus/tests/epigrid-test.yml")).exists();
		Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
		Map<String, Object> grafana = (Map<String, Object>) services.get("grafana").get("environment");
		Map<String, Object> app = (Map<String, Object>) services.get("app").get("environment");
		assertThat(grafana.get("EPIGRID_PG_USER")).isEqualTo("epigrid_grafana");
		assertThat(grafana.get("EPIGRID_PG_PASSWORD")).isEqualTo(app.get("EPIGRID_REPORTING_GRAFANA_PASSWORD"));
		assertThat(app).containsEntry("EPIGRID_DEMO_LOAD", "small");
		assertThat((List<String>) services.get("prometheus").get("volumes"))
			.contains("./grafana/prometheus:/etc/prometheus:ro");
	}

}
