package org.epigrid.access;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Bearer tokens (JWT) from an external identity provider: Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}, or
 * for simple set-ups a shared HS256 secret ({@code epigrid.security.jwt.hmac-secret}).
 * Role and area come from configurable claims; the area claim holds a place's division
 * code, and is required for area-scoped roles.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JwtCallers.JwtProperties.class)
class JwtCallers {

	private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

	/**
	 * Claims of bearer tokens ({@code epigrid.security.jwt.*}).
	 *
	 * @param roleClaim claim holding one of the role names
	 * @param areaClaim claim holding the division code of the area (absent = whole city,
	 * allowed only for roles that are not area-scoped)
	 * @param nameClaim claim used as the actor name (falls back to {@code sub})
	 * @param hmacSecret shared HS256 secret (at least 32 bytes); empty = use the issuer
	 * or JWK set of Spring Boot's resource-server properties
	 */
	@ConfigurationProperties("epigrid.security.jwt")
	record JwtProperties(@DefaultValue("epigrid_role") String roleClaim, @DefaultValue("epigrid_area") String areaClaim,
			@DefaultValue("preferred_username") String nameClaim, @Nullable String hmacSecret) {
	}

	@Bean
	@ConditionalOnProperty("epigrid.security.jwt.hmac-secret")
	JwtDecoder hmacJwtDecoder(JwtProperties properties) {
		return NimbusJwtDecoder
			.withSecretKey(new SecretKeySpec(properties.hmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
			.build();
	}

	@Bean
	TokenConverter tokenConverter(JwtProperties properties, JdbcTemplate jdbc) {
		return new TokenConverter(properties, jdbc);
	}

	/** A validated token as a {@link Caller}. */
	static final class TokenConverter {

		private final JwtProperties properties;

		private final JdbcTemplate jdbc;

		TokenConverter(JwtProperties properties, JdbcTemplate jdbc) {
			this.properties = properties;
			this.jdbc = jdbc;
		}

		SecurityConfiguration.CallerAuthentication convert(Jwt jwt) {
			String roleName = jwt.getClaimAsString(this.properties.roleClaim());
			Role role;
			try {
				role = Role.valueOf(String.valueOf(roleName));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidBearerTokenException("The token names no known role");
			}
			Long area = null;
			String areaCode = jwt.getClaimAsString(this.properties.areaClaim());
			if (areaCode != null) {
				List<Long> found = this.jdbc.queryForList("SELECT id FROM place WHERE code = ?", Long.class, areaCode);
				if (found.isEmpty()) {
					throw new InvalidBearerTokenException("The token's area is not a known place");
				}
				area = found.get(0);
			}
			else if (role.needsArea()) {
				throw new InvalidBearerTokenException("A token of role " + role + " must name its area");
			}
			String subject = String.valueOf(jwt.getSubject());
			String name = jwt.getClaimAsString(this.properties.nameClaim());
			if (name == null || !VALID_NAME.matcher(name).matches()) {
				name = VALID_NAME.matcher(subject).matches() ? subject
						: "token-" + Integer.toHexString(subject.hashCode());
			}
			long rateKey = -1L - (subject.hashCode() & 0x7fffffffL);
			return new SecurityConfiguration.CallerAuthentication(new Caller(rateKey, name, role, area, null));
		}

	}

}
