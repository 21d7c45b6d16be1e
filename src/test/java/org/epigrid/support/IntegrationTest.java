package org.epigrid.support;

import java.time.Duration;

import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of every integration test: the whole application on a random port, over a real
 * embedded PostgreSQL in a throw-away directory, started once per test JVM (all
 * subclasses share this one context). GraphQL goes over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "epigrid.embedded.temporary=true", "epigrid.demo.autoload=none" })
@Import({ StatementCounter.class, TestData.class })
public abstract class IntegrationTest {

	@LocalServerPort
	protected int port;

	@Autowired
	protected DSLContext db;

	@Autowired
	protected StatementCounter statements;

	@Autowired
	protected TestData data;

	protected HttpGraphQlTester graphQl;

	protected WebTestClient http;

	@BeforeEach
	void connect() {
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(60))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(32 * 1024 * 1024))
			.build();
		this.graphQl = HttpGraphQlTester
			.create(this.http.mutate().baseUrl("http://localhost:" + this.port + "/graphql").build());
	}

}
