package org.epigrid.access;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deep, wide, huge and too frequent requests are refused before any data query runs
 * (counted by the statement listener; key lookups go through plain JDBC and a cache).
 */
class AbuseLimitTests extends IntegrationTest {

	@Test
	void aQueryThirtyLevelsDeepIsRefusedBeforeAnySql() {
		Ref[] chain = this.data.chain("深");
		String document = "{ place(id: \"" + chain[4].globalId() + "\") { " + "parent { ".repeat(29) + "code"
				+ " }".repeat(29) + " } }";
		this.statements.reset();
		this.graphQl.document(document)
			.execute()
			.errors()
			.expect((error) -> error.getMessage() != null && error.getMessage().contains("depth"))
			.verify();
		assertThat(this.statements.count()).isZero();
	}

	@Test
	void tenThousandAliasesAreRefusedBeforeAnySql() {
		StringBuilder document = new StringBuilder("{");
		for (int i = 0; i < 10_000; i++) {
			document.append(" a").append(i).append(": places(first: 1) { totalCount }");
		}
		document.append(" }");
		this.statements.reset();
		this.graphQl.document(document.toString()).execute().errors().expect((error) -> true).verify();
		assertThat(this.statements.count()).isZero();
	}

	@Test
	void aMillionRowPageIsABadRequestBeforeAnySql() {
		this.statements.reset();
		this.graphQl.document("{ places(first: 1000000) { totalCount } }")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == org.springframework.graphql.execution.ErrorType.BAD_REQUEST)
			.verify();
		assertThat(this.statements.count()).isZero();
	}

	@Test
	void aTenMegabyteBodyIsRefusedWith413() {
		String padding = "x".repeat(10 * 1024 * 1024);
		this.statements.reset();
		this.http.post()
			.uri("/graphql")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("query", "{ places(first: 1) { totalCount } }", "variables", Map.of("pad", padding)))
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.errors[0].extensions.classification")
			.isEqualTo("PAYLOAD_TOO_LARGE");
		assertThat(this.statements.count()).isZero();
	}

	@Test
	void aRateLimitedKeyGets429WithRetryAfterAndRecoversAfterTheWindow() throws InterruptedException {
		String key = createKey("ANALYST", null, 3);
		for (int i = 0; i < 3; i++) {
			post(key).expectStatus().isOk();
		}
		post(key).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.errors[0].extensions.classification")
			.isEqualTo("TOO_MANY_REQUESTS");
		Thread.sleep(2_100);
		post(key).expectStatus().isOk();
	}

	@Test
	void everyConnectionHasAStatementTimeout() {
		assertThat(this.db.fetchValue("SHOW statement_timeout")).isEqualTo("30s");
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec post(String key) {
		return httpWithKey(key).post()
			.uri("/graphql")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("query", "{ places(first: 1) { totalCount } }"))
			.exchange();
	}

}
