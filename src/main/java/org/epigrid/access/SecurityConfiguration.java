package org.epigrid.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * HTTP security: API keys in {@code X-API-Key} and, when configured, JWT bearer tokens
 * ({@link JwtCallers}); stateless, no sessions, no login page. Unauthenticated callers
 * reach {@code /actuator/health} and the GraphiQL page (which holds no data) and nothing
 * else; the other actuator endpoints (Prometheus included) need an ADMIN key.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ AccessProperties.class, LimitProperties.class })
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ApiKeys keys, RateLimiter limiter,
			ObjectProvider<JwtDecoder> jwtDecoder, JwtCallers.TokenConverter tokens) throws Exception {
		JwtDecoder decoder = jwtDecoder.getIfAvailable();
		if (decoder != null) {
			http.oauth2ResourceServer(
					(server) -> server.jwt((jwt) -> jwt.decoder(decoder).jwtAuthenticationConverter(tokens::convert))
						.authenticationEntryPoint((request, response, ex) -> ApiKeyFilter.reject(response,
								HttpServletResponse.SC_UNAUTHORIZED, "UNAUTHORIZED",
								"The bearer token is invalid or expired")));
		}
		http.csrf((csrf) -> csrf.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.addFilterBefore(new ApiKeyFilter(keys), BearerTokenAuthenticationFilter.class)
			.addFilterBefore(new CallerFilter(limiter), AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health", "/actuator/health/**", "/graphiql", "/graphiql/**", "/error")
				.permitAll()
				.requestMatchers("/actuator/**")
				.hasRole(Role.ADMIN.name())
				.anyRequest()
				.authenticated())
			.exceptionHandling((handling) -> handling
				.authenticationEntryPoint(
						(request, response, ex) -> ApiKeyFilter.reject(response, HttpServletResponse.SC_UNAUTHORIZED,
								"UNAUTHORIZED", "Authentication required: send an API key in the X-API-Key header"))
				.accessDeniedHandler((request, response, ex) -> ApiKeyFilter.reject(response,
						HttpServletResponse.SC_FORBIDDEN, "FORBIDDEN", "The key's role does not allow this")));
		return http.build();
	}

	/**
	 * Refuses bodies over {@code epigrid.limits.max-request-size} before anything else.
	 */
	@Bean
	FilterRegistrationBean<RequestSizeFilter> requestSizeFilter(LimitProperties limits) {
		FilterRegistrationBean<RequestSizeFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeFilter(limits.maxRequestSize().toBytes()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	static void writeJson(HttpServletResponse response, int status, String body) throws IOException {
		response.setStatus(status);
		response.setContentType("application/json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(body);
	}

	/** The authenticated caller as Spring Security sees it. */
	static final class CallerAuthentication extends AbstractAuthenticationToken {

		private final Caller caller;

		CallerAuthentication(Caller caller) {
			super(List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().name())));
			this.caller = caller;
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public Object getPrincipal() {
			return this.caller;
		}

		@Override
		public String getName() {
			return this.caller.name();
		}

	}

}
