package org.epigrid.access;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code X-API-Key}, applies the key's rate limit, and leaves the
 * {@link Caller} and the {@link Actor} in request attributes for GraphQL. An ADMIN key
 * may name the person it acts for in {@code X-Epigrid-User} (integrations that log their
 * own users in); for every other role the actor is the key's name.
 */
class ApiKeyFilter extends OncePerRequestFilter {

	static final String HEADER = "X-API-Key";

	/**
	 * Alternative for clients that can only set {@code Authorization} (Prometheus:
	 * {@code authorization: {type: ApiKey, credentials: ...}}).
	 */
	static final String AUTHORIZATION_SCHEME = "ApiKey ";

	private final ApiKeys keys;

	ApiKeyFilter(ApiKeys keys) {
		this.keys = keys;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER);
		String authorization = request.getHeader("Authorization");
		if ((key == null || key.isBlank()) && authorization != null
				&& authorization.regionMatches(true, 0, AUTHORIZATION_SCHEME, 0, AUTHORIZATION_SCHEME.length())) {
			key = authorization.substring(AUTHORIZATION_SCHEME.length());
		}
		if (key == null || key.isBlank()) {
			chain.doFilter(request, response);
			return;
		}
		Optional<Caller> found = (key.length() <= 200) ? this.keys.authenticate(key.strip()) : Optional.empty();
		if (found.isEmpty()) {
			reject(response, HttpServletResponse.SC_UNAUTHORIZED, "UNAUTHORIZED",
					"The API key is unknown, expired or revoked");
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new SecurityConfiguration.CallerAuthentication(found.get()));
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	/** A GraphQL-shaped error body with the given HTTP status. */
	static void reject(HttpServletResponse response, int status, String classification, String message)
			throws IOException {
		SecurityConfiguration.writeJson(response, status, "{\"errors\":[{\"message\":\"" + message
				+ "\",\"extensions\":{\"classification\":\"" + classification + "\"}}]}");
	}

}
