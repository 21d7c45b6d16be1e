package org.epigrid.support;

import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;

/**
 * Who is making a request, for audit columns ({@code created_by}, {@code updated_by}).
 * Controllers take it as {@code @ContextValue(Actor.KEY) Actor actor}.
 *
 * <p>
 * The authentication filter (package {@code access}) leaves it in the request attribute
 * {@link #KEY}: the API key's name, or for an ADMIN key the user named in the
 * {@code X-Epigrid-User} header (integrations acting for their own users).
 *
 * @param name user or system name (never personal data such as an ID number)
 */
public record Actor(String name) {

	public static final String KEY = "epigrid.actor";

	public static final String HEADER = "X-Epigrid-User";

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

	public static final Actor ANONYMOUS = new Actor("anonymous");

	/** Puts the {@link Actor} of each request into the GraphQL context. */
	@Component
	static class Interceptor implements WebGraphQlInterceptor {

		@Override
		public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
			Object attribute = request.getAttributes().get(KEY);
			Actor actor = (attribute instanceof Actor authenticated && VALID.matcher(authenticated.name()).matches())
					? authenticated : ANONYMOUS;
			request.configureExecutionInput(
					(input, builder) -> builder.graphQLContext((context) -> context.put(KEY, actor)).build());
			return chain.next(request);
		}

	}

}
