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
		Set<String> datasources = Set.of("epigrid-prometheus", "epigrid-postgres");
		try (Stream<Path> files = Files.list(Path.of("grafana/dashboards"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".json")).toList()) {
				JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
				assertThat(uids.add(dashboard.get("uid").asText())).as("unique uid in %s", file).isTrue();
				for (JsonNode panel : dashboard.get("panels")) {
					assertThat(panel.path("description").asText()).as("description of %s", panel.get("title"))
						.isNotBlank();
					assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).isNotBlank();
					assertThat(datasources).contains(panel.path("datasource").path("uid").asText());
				}
			}
		}
		assertThat(uids).isNotEmpty();
		String provisioned = Files.readString(Path.of("grafana/provisioning/datasources/datasources.yml"));
		datasources.forEach((uid) -> assertThat(provisioned).contains("uid: " + uid));
	}

}
