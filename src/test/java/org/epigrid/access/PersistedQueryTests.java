package org.epigrid.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import org.epigrid.access.PersistedQueries.Persisted;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PARTNER keys run persisted documents only: by text (as stored or reformatted) or by
 * hash (Apollo's automatic persisted queries); anything else is refused before any SQL.
 * Other roles may also send hashes, and any document.
 */
class PersistedQueryTests extends IntegrationTest {

	@Autowired
	private PersistedQueries persisted;

	@Test
	void theShippedDocumentsArePersistedAndListedInTheReadme() throws IOException {
		List<String> names = this.persisted.documents().stream().map(Persisted::name).toList();
		assertThat(names).contains("placeByCode", "testingStats", "vaccinationCoverage", "quarantineOccupancy",
				"returneeInflow", "accessMatrix");
		String readme = Files.readString(Path.of("README.md"));
		for (Persisted document : this.persisted.documents()) {
			if (!document.name().equals("accessMatrix")) {
				assertThat(document.sha256()).isEqualTo(PersistedQueries
					.sha256(Files.readString(Path.of("schema/graphql/persisted/" + document.name() + ".graphql"))));
				assertThat(readme).as("README lists %s", document.name())
					.contains("`" + document.name() + "` | `" + document.sha256() + "`");
			}
		}
	}

	@Test
	void partnersRunEveryShippedDocumentByItsText() {
		Ref[] chain = this.data.chain("公");
		HttpGraphQlTester partner = graphQlAs("PARTNER", null);
		for (Persisted document : shipped()) {
			var response = partner.document(document.text()).variables(variables(document.name(), chain)).execute();
			response.errors().verify();
			response.path(document.name()).hasValue();
		}
		partner.document(document("placeByCode").text())
			.variable("code", chain[4].code())
			.execute()
			.path("placeByCode.name")
			.entity(String.class)
			.isEqualTo("公第一网格");
	}

	@Test
	void partnersRunADocumentByHashAlone() {
		Ref[] chain = this.data.chain("哈");
		Persisted document = document("placeByCode");
		post(createKey("PARTNER", null, null),
				Map.of("variables", Map.of("code", chain[3].code()), "extensions", persistedQuery(document.sha256())))
			.expectBody()
			.jsonPath("$.errors")
			.doesNotExist()
			.jsonPath("$.data.placeByCode.name")
			.isEqualTo("哈社区")
			.jsonPath("$.data.placeByCode.children[0].name")
			.isEqualTo("哈第一网格");
	}

	@Test
	void partnersRunADocumentByHashWithItsText() {
		Ref[] chain = this.data.chain("并");
		Persisted document = document("placeByCode");
		post(createKey("PARTNER", null, null),
				Map.of("query", document.text(), "variables", Map.of("code", chain[2].code()), "extensions",
						persistedQuery(document.sha256())))
			.expectBody()
			.jsonPath("$.data.placeByCode.name")
			.isEqualTo("并街道");
	}

	@Test
	void aReformattedDocumentIsTheSameDocument() {
		Ref[] chain = this.data.chain("格");
		String reformatted = document("vaccinationCoverage").text()
			.lines()
			.filter((line) -> !line.startsWith("#"))
			.map(String::strip)
			.reduce("", (a, b) -> a + " " + b);
		graphQlAs("PARTNER", null).document("# the same document, other layout\n" + reformatted)
			.variable("area", chain[1].globalId())
			.execute()
			.path("vaccinationCoverage.people")
			.entity(Integer.class)
			.isEqualTo(0);
	}

	@Test
	void partnersAreRefusedAnyOtherDocumentBeforeAnySql() {
		Ref[] chain = this.data.chain("拒");
		HttpGraphQlTester partner = graphQlAs("PARTNER", null);
		this.statements.reset();
		for (String document : List.of("{ places(first: 1) { totalCount } }",
				"query PlaceByCode($code: String!) { placeByCode(code: $code) { id code name population } }",
				"{ __typename }", "{ __schema { queryType { name } } }", "not even GraphQL")) {
			partner.document(document)
				.variable("code", chain[4].code())
				.execute()
				.errors()
				.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN
						&& "FORBIDDEN".equals(error.getExtensions().get("code")))
				.verify();
		}
		assertThat(this.statements.count()).isZero();
	}

	@Test
	void anUnknownHashIsPersistedQueryNotFoundForEveryRole() {
		String unknown = PersistedQueries.sha256("{ people(first: 500) { nodes { fullName } } }");
		List<String> keys = List.of(createKey("PARTNER", null, null), createKey("ANALYST", null, null));
		this.statements.reset();
		for (String key : keys) {
			post(key, Map.of("extensions", persistedQuery(unknown))).expectBody()
				.jsonPath("$.data")
				.doesNotExist()
				.jsonPath("$.errors[0].message")
				.isEqualTo("PersistedQueryNotFound")
				.jsonPath("$.errors[0].extensions.classification")
				.isEqualTo("PERSISTED_QUERY_NOT_FOUND")
				.jsonPath("$.errors[0].extensions.code")
				.isEqualTo("PERSISTED_QUERY_NOT_FOUND");
		}
		assertThat(this.statements.count()).isZero();
	}

	@Test
	void aHashThatIsNotTheDocumentsIsABadRequest() {
		Persisted document = document("placeByCode");
		String partner = createKey("PARTNER", null, null);
		this.statements.reset();
		post(partner,
				Map.of("query", "{ places(first: 1) { totalCount } }", "extensions", persistedQuery(document.sha256())))
			.expectBody()
			.jsonPath("$.data")
			.doesNotExist()
			.jsonPath("$.errors[0].extensions.classification")
			.isEqualTo("BAD_REQUEST");
		assertThat(this.statements.count()).isZero();
	}

	@Test
	void otherRolesRunAnyDocumentAndPersistedOnesByHash() {
		Ref[] chain = this.data.chain("析");
		String analyst = createKey("ANALYST", null, null);
		graphQlWithKey(analyst).document("{ places(first: 1) { totalCount } }")
			.execute()
			.path("places.totalCount")
			.hasValue();
		post(analyst,
				Map.of("variables", Map.of("code", chain[1].code()), "extensions",
						persistedQuery(document("placeByCode").sha256())))
			.expectBody()
			.jsonPath("$.data.placeByCode.name")
			.isEqualTo("析区");
	}

	private List<Persisted> shipped() {
		return this.persisted.documents().stream().filter((d) -> !d.name().equals("accessMatrix")).toList();
	}

	private Persisted document(String name) {
		return this.persisted.documents().stream().filter((d) -> d.name().equals(name)).findFirst().orElseThrow();
	}

	private static Map<String, Object> variables(String document, Ref[] chain) {
		Map<String, Object> variables = new HashMap<>();
		switch (document) {
			case "placeByCode" -> variables.put("code", chain[1].code());
			case "testingStats" -> {
				variables.put("area", chain[1].globalId());
				variables.put("from", "2026-01-01T00:00:00Z");
				variables.put("to", "2026-01-08T00:00:00Z");
				variables.put("interval", "DAY");
				variables.put("groupBy", "CHILD_AREA");
			}
			case "returneeInflow" -> {
				variables.put("area", chain[1].globalId());
				variables.put("from", "2026-01-01");
				variables.put("to", "2026-01-07");
			}
			default -> variables.put("area", chain[1].globalId());
		}
		return variables;
	}

	private static Map<String, Object> persistedQuery(String hash) {
		return Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash));
	}

	private WebTestClient.ResponseSpec post(String key, Map<String, Object> body) {
		return httpWithKey(key).post()
			.uri("/graphql")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
