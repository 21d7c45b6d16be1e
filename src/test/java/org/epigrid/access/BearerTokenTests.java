package org.epigrid.access;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.MediaType;

import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.PLACE;

/** JWT bearer tokens: role and area from claims, the actor from the name claim. */
class BearerTokenTests extends IntegrationTest {

	@Test
	void aTokenActsWithItsRoleAreaAndName() throws JOSEException {
		Ref[] chain = this.data.chain("令");
		String token = token(JWT_SECRET, Map.of("preferred_username", "officer.wang", "epigrid_role", "AREA_OFFICER",
				"epigrid_area", chain[1].code()));
		HttpGraphQlTester officer = HttpGraphQlTester.create(httpWithKey(null).mutate()
			.baseUrl("http://localhost:" + this.port + "/graphql")
			.defaultHeader("Authorization", "Bearer " + token)
			.build());
		officer.document("{ places(first: 100) { totalCount } }")
			.execute()
			.path("places.totalCount")
			.entity(Integer.class)
			.isEqualTo(4);
		String code = chain[2].code() + "888";
		officer.document("mutation($input: CreatePlaceInput!) { createPlace(input: $input) { errors { code } } }")
			.variable("input", Map.of("code", code, "name", "令社区", "level", "COMMUNITY", "parent", chain[2].globalId()))
			.execute()
			.path("createPlace.errors")
			.entityList(Object.class)
			.hasSize(0);
		assertThat(this.db.select(PLACE.CREATED_BY).from(PLACE).where(PLACE.CODE.eq(code)).fetchOne(PLACE.CREATED_BY))
			.isEqualTo("officer.wang");
	}

	@Test
	void forgedOrRoleLessTokensAreUnauthorized() throws JOSEException {
		Ref[] chain = this.data.chain("伪");
		assertUnauthorized(token("another-secret-0123456789abcdef0123456789",
				Map.of("epigrid_role", "ADMIN", "preferred_username", "mallory")));
		assertUnauthorized(token(JWT_SECRET, Map.of("preferred_username", "nobody")));
		assertUnauthorized(token(JWT_SECRET, Map.of("epigrid_role", "AREA_OFFICER")));
		assertUnauthorized(token(JWT_SECRET, Map.of("epigrid_role", "LAB", "epigrid_area", "999999")));
		assertThat(chain).isNotEmpty();
	}

	private void assertUnauthorized(String token) {
		httpWithKey(null).post()
			.uri("/graphql")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("query", "{ places(first: 1) { totalCount } }"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	private static String token(String secret, Map<String, Object> claims) throws JOSEException {
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject("user-1")
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(300)));
		claims.forEach(builder::claim);
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
		jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		return jwt.serialize();
	}

}
