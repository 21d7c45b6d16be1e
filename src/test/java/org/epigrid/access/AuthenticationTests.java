package org.epigrid.access;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.API_KEY;
import static org.epigrid.jooq.Tables.PLACE;

/** API keys: who gets in, what the bootstrap key does, creating and revoking keys. */
class AuthenticationTests extends IntegrationTest {

	@Test
	void withoutAKeyOnlyHealthAndTheGraphiqlPageAreReachable() {
		httpWithKey(null).get().uri("/actuator/health").exchange().expectStatus().isOk();
		httpWithKey(null).get().uri("/graphiql?path=/graphql").exchange().expectStatus().isOk();
		httpWithKey(null).post()
			.uri("/graphql")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("query", "{ places(first: 1) { totalCount } }"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.errors[0].extensions.classification")
			.isEqualTo("UNAUTHORIZED");
		httpWithKey(null).get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
		httpWithKey(null).get().uri("/actuator/info").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void anUnknownKeyIsUnauthorized() {
		httpWithKey("not-a-key").post()
			.uri("/graphql")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("query", "{ places(first: 1) { totalCount } }"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void prometheusNeedsAnAdminKey() {
		this.http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
		httpWithKey(createKey("COMMAND_CENTER", null, null)).get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void theBootstrapKeyIsStoredOnlyAsAHash() {
		assertThat(this.db.fetchExists(API_KEY,
				API_KEY.KEY_HASH.eq(ApiKeys.hash(ADMIN_KEY))
					.and(API_KEY.ROLE.eq("ADMIN"))
					.and(API_KEY.REVOKED_AT.isNull())))
			.isTrue();
		assertThat(this.db.fetchExists(API_KEY, API_KEY.KEY_HASH.eq(ADMIN_KEY))).isFalse();
	}

	@Test
	void adminCreatesAKeyThatWorksOnceShownAndStopsWorkingWhenRevoked() {
		Ref[] chain = this.data.chain("钥");
		var created = this.graphQl
			.document("mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key errors { code }"
					+ " apiKey { id name role area rateLimit revokedAt createdBy } } }")
			.variable("input", Map.of("name", "district.portal", "role", "AREA_OFFICER", "area", chain[1].globalId()))
			.execute();
		created.path("createApiKey.errors").entityList(Object.class).hasSize(0);
		created.path("createApiKey.apiKey.role").entity(String.class).isEqualTo("AREA_OFFICER");
		created.path("createApiKey.apiKey.area").entity(String.class).isEqualTo(chain[1].globalId());
		created.path("createApiKey.apiKey.createdBy").entity(String.class).isEqualTo(ADMIN_NAME);
		String key = created.path("createApiKey.key").entity(String.class).get();
		String id = created.path("createApiKey.apiKey.id").entity(String.class).get();
		assertThat(key).startsWith("epg_").hasSizeGreaterThan(40);
		assertThat(this.db.fetchExists(API_KEY, API_KEY.KEY_HASH.eq(key))).isFalse();

		graphQlWithKey(key).document("{ places(first: 1) { totalCount } }")
			.execute()
			.path("places.totalCount")
			.entity(Integer.class)
			.isEqualTo(4);
		this.graphQl.document("{ apiKeys { id name } }")
			.execute()
			.path("apiKeys[*].name")
			.entityList(String.class)
			.contains("district.portal");

		this.graphQl.document("mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { revokedAt } errors { code } } }")
			.variable("id", id)
			.execute()
			.path("revokeApiKey.apiKey.revokedAt")
			.hasValue();
		httpWithKey(key).post()
			.uri("/graphql")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("query", "{ places(first: 1) { totalCount } }"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void onlyAdminManagesKeys() {
		graphQlAs("COMMAND_CENTER", null).document("{ apiKeys { id } }")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == org.springframework.graphql.execution.ErrorType.FORBIDDEN)
			.verify();
	}

	@Test
	void theActorIsTheKeyNameAndOnlyAdminKeysMayActForSomeoneElse() {
		Ref[] chain = this.data.chain("者");
		String code = chain[2].code() + "555";
		graphQlWithKey(createKey("COMMAND_CENTER", null, null)).mutate()
			.header("X-Epigrid-User", "someone.else")
			.build()
			.document("mutation($input: CreatePlaceInput!) { createPlace(input: $input) { errors { code } } }")
			.variable("input", Map.of("code", code, "name", "者社区", "level", "COMMUNITY", "parent", chain[2].globalId()))
			.execute()
			.path("createPlace.errors")
			.entityList(Object.class)
			.hasSize(0);
		assertThat(this.db.select(PLACE.CREATED_BY).from(PLACE).where(PLACE.CODE.eq(code)).fetchOne(PLACE.CREATED_BY))
			.isEqualTo("test.command_center");
	}

}
