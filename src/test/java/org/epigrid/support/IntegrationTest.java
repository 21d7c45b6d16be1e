package org.epigrid.support;

import java.time.Duration;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;

import org.epigrid.privacy.PersonalDataCipher;

import static org.epigrid.jooq.Tables.API_KEY;

/**
 * Base of every integration test: the whole application on a random port, over a real
 * embedded PostgreSQL in a throw-away directory, started once per test JVM (all
 * subclasses share this one context). GraphQL goes over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "epigrid.embedded.temporary=true", "epigrid.demo.autoload=none",
				"epigrid.security.bootstrap-admin-key=" + IntegrationTest.ADMIN_KEY,
				"epigrid.security.bootstrap-admin-name=" + IntegrationTest.ADMIN_NAME,
				"epigrid.security.rate-limit=1000000", "epigrid.security.rate-window=2s",
				"epigrid.security.jwt.hmac-secret=" + IntegrationTest.JWT_SECRET,
				"epigrid.privacy.encryption-key=" + IntegrationTest.ENCRYPTION_KEY,
				"epigrid.privacy.lookup-key=" + IntegrationTest.LOOKUP_KEY })
@Import({ StatementCounter.class, TestData.class })
public abstract class IntegrationTest {

	/** The ADMIN key every test sends by default. */
	public static final String ADMIN_KEY = "test-admin-key";

	/**
	 * Name of that key, which is the actor of every write a test makes without naming
	 * another user in {@code X-Epigrid-User}.
	 */
	public static final String ADMIN_NAME = "anonymous";

	/** Shared HS256 secret of the bearer tokens tests sign. */
	public static final String JWT_SECRET = "test-jwt-secret-0123456789abcdef0123456789";

	/** The personal data encryption key of every test (32 bytes, base64). */
	public static final String ENCRYPTION_KEY = "dGVzdC1lbmNyeXB0aW9uLWtleS0wMTIzNDU2Nzg5YWI=";

	/** The personal data lookup key of every test (32 bytes, base64). */
	public static final String LOOKUP_KEY = "dGVzdC1sb29rdXAta2V5LS0tMDEyMzQ1Njc4OWFiY2Q=";

	/** Header that carries API keys. */
	public static final String API_KEY_HEADER = "X-API-Key";

	@LocalServerPort
	protected int port;

	@Autowired
	protected DSLContext db;

	@Autowired
	protected StatementCounter statements;

	@Autowired
	protected TestData data;

	@Autowired
	protected PersonalDataCipher cipher;

	protected HttpGraphQlTester graphQl;

	protected WebTestClient http;

	@BeforeEach
	void connect() {
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(API_KEY_HEADER, ADMIN_KEY)
			.responseTimeout(Duration.ofSeconds(60))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(32 * 1024 * 1024))
			.build();
		this.graphQl = HttpGraphQlTester
			.create(this.http.mutate().baseUrl("http://localhost:" + this.port + "/graphql").build());
	}

	/** The text of {@code GET /actuator/prometheus} as it is now. */
	protected String prometheusExposition() {
		return this.http.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * A GraphQL tester that sends the given API key (or none, when null) instead of the
	 * ADMIN key.
	 */
	protected HttpGraphQlTester graphQlWithKey(@Nullable String key) {
		return HttpGraphQlTester
			.create(httpWithKey(key).mutate().baseUrl("http://localhost:" + this.port + "/graphql").build());
	}

	/**
	 * A web client that sends the given API key (or none, when null) instead of the ADMIN
	 * key.
	 */
	protected WebTestClient httpWithKey(@Nullable String key) {
		return this.http.mutate().defaultHeaders((headers) -> {
			headers.remove(API_KEY_HEADER);
			if (key != null) {
				headers.set(API_KEY_HEADER, key);
			}
		}).build();
	}

	/**
	 * A GraphQL tester with a fresh API key of this role, scoped to this place (null =
	 * the whole city); the key is created directly in the database.
	 */
	protected HttpGraphQlTester graphQlAs(String role, @Nullable Long area) {
		return graphQlWithKey(createKey(role, area, null));
	}

	/** Creates an API key in the database and returns the key to send. */
	protected String createKey(String role, @Nullable Long area, @Nullable Integer rateLimit) {
		String key = "test-" + role.toLowerCase(java.util.Locale.ROOT) + "-" + java.util.UUID.randomUUID();
		this.db.insertInto(API_KEY)
			.set(API_KEY.NAME, "test." + role.toLowerCase(java.util.Locale.ROOT))
			.set(API_KEY.KEY_HASH, DSL.field("encode(sha256(convert_to({0}, 'UTF8')), 'hex')", String.class, key))
			.set(API_KEY.ROLE, role)
			.set(API_KEY.AREA_PLACE_ID, area)
			.set(API_KEY.RATE_LIMIT, rateLimit)
			.execute();
		return key;
	}

}
