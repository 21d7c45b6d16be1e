package org.epigrid.access;

import java.io.IOException;
import java.util.regex.Pattern;

import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import org.epigrid.support.Actor;

/**
 * After authentication (API key or bearer token): applies the caller's rate limit and
 * leaves the {@link Caller} and the {@link Actor} in request attributes for GraphQL. An
 * ADMIN caller may name the person it acts for in {@code X-Epigrid-User} (integrations
 * that log their own users in); for every other role the actor is the key's or token's
 * name.
 */
class CallerFilter extends OncePerRequestFilter {

	private static final Pattern VALID_ACTOR = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

	private final RateLimiter limiter;

	CallerFilter(RateLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
			ConsumptionProbe probe = this.limiter.tryConsume(caller);
			if (!probe.isConsumed()) {
				long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
				response.setHeader("Retry-After", Long.toString(seconds));
				ApiKeyFilter.reject(response, 429, "TOO_MANY_REQUESTS",
						"Rate limit of this API key exceeded; retry after " + seconds + " s");
				return;
			}
			request.setAttribute(Caller.KEY, caller);
			String onBehalfOf = request.getHeader(Actor.HEADER);
			boolean delegated = caller.role() == Role.ADMIN && onBehalfOf != null
					&& VALID_ACTOR.matcher(onBehalfOf).matches();
			request.setAttribute(Actor.KEY, new Actor(delegated ? onBehalfOf : caller.name()));
		}
		chain.doFilter(request, response);
	}

}
