package org.epigrid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import graphql.language.Document;
import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeExtensionDefinition;
import graphql.parser.Parser;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README true: every example mutation under "Example mutations" runs, in the
 * order written, against a fresh database with the small demo city, and succeeds (or is
 * refused with the code its {@code <!-- expect: CODE -->} marker names); every mutation
 * of the schema is named somewhere in the README.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "epigrid.embedded.temporary=true", "epigrid.demo.autoload=small",
				"epigrid.security.bootstrap-admin-key=" + ReadmeExamplesTests.KEY,
				"epigrid.security.rate-limit=1000000" })
@DirtiesContext
class ReadmeExamplesTests {

	static final String KEY = "readme-admin-key";

	private static final Pattern BLOCK = Pattern
		.compile("(?:<!-- expect: ([A-Z_]+) -->\\n)?```(graphql|json)\\n(.*?)```", Pattern.DOTALL);

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	private int port;

	@Test
	void everyExampleMutationRunsOnTheDemoCity() throws Exception {
		List<Example> examples = examples(section(readme(), "### Example mutations"));
		assertThat(examples).hasSizeGreaterThanOrEqualTo(20);
		WebTestClient http = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader("X-API-Key", KEY)
			.responseTimeout(Duration.ofMinutes(1))
			.build();
		for (Example example : examples) {
			Map<?, ?> response = http.post()
				.uri("/graphql")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("query", example.document(), "variables", example.variables()))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody();
			assertThat(response).as(example.name()).isNotNull();
			assertThat(response.get("errors")).as(example.name() + " " + response).isNull();
			List<Object> errors = new ArrayList<>();
			collectErrors(response.get("data"), errors);
			if (example.expect() == null) {
				assertThat(errors).as(example.name() + " " + response).isEmpty();
			}
			else {
				assertThat(errors).as(example.name() + " " + response)
					.singleElement()
					.satisfies((error) -> assertThat(((Map<?, ?>) error).get("code")).isEqualTo(example.expect()));
			}
		}
	}

	@Test
	void everyMutationIsNamedInTheReadme() throws IOException {
		String readme = readme();
		Set<String> mutations = new LinkedHashSet<>();
		try (var files = Files.list(Path.of("schema/graphql"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".graphqls")).toList()) {
				Document document = Parser.parse(Files.readString(file, StandardCharsets.UTF_8));
				document.getDefinitionsOfType(ObjectTypeExtensionDefinition.class)
					.stream()
					.filter((type) -> type.getName().equals("Mutation"))
					.flatMap((type) -> type.getFieldDefinitions().stream())
					.map(FieldDefinition::getName)
					.forEach(mutations::add);
			}
		}
		assertThat(mutations).hasSizeGreaterThan(50);
		assertThat(mutations).allSatisfy((name) -> assertThat(readme).as(name).contains("`" + name + "`"));
	}

	/** Every {@code errors} and {@code rowErrors} entry anywhere in the payloads. */
	private static void collectErrors(@Nullable Object node, List<Object> errors) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> {
				if ((key.equals("errors") || key.equals("rowErrors")) && value instanceof List<?> list) {
					errors.addAll(list);
				}
				else {
					collectErrors(value, errors);
				}
			});
		}
		else if (node instanceof List<?> list) {
			list.forEach((item) -> collectErrors(item, errors));
		}
	}

	private static String readme() throws IOException {
		return Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
	}

	/** From the heading to the next heading of level two. */
	private static String section(String text, String heading) {
		int start = text.indexOf(heading);
		assertThat(start).as(heading).isNotNegative();
		int end = text.indexOf("\n## ", start);
		return text.substring(start, (end < 0) ? text.length() : end);
	}

	/** Each GraphQL block with the JSON block after it (its variables). */
	private static List<Example> examples(String section) throws IOException {
		List<Example> examples = new ArrayList<>();
		Matcher m = BLOCK.matcher(section);
		Example pending = null;
		while (m.find()) {
			if (m.group(2).equals("graphql")) {
				if (pending != null) {
					examples.add(pending);
				}
				pending = new Example(m.group(3), Map.of(), m.group(1));
			}
			else {
				assertThat(pending).as("a JSON block follows a GraphQL block").isNotNull();
				Map<?, ?> variables = JSON.readValue(m.group(3), Map.class);
				examples.add(new Example(pending.document(), variables, pending.expect()));
				pending = null;
			}
		}
		if (pending != null) {
			examples.add(pending);
		}
		return examples;
	}

	private record Example(String document, Map<?, ?> variables, @Nullable String expect) {

		String name() {
			int brace = this.document.indexOf('(');
			return this.document.substring(0, (brace < 0) ? Math.min(40, this.document.length()) : brace).strip();
		}

	}

}
