package org.epigrid.access;

import java.util.List;
import java.util.Map;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * GraphQL side of access control: the caller in the GraphQL context, FORBIDDEN errors,
 * and the depth and complexity limits (checked after validation, before any field runs).
 */
@Configuration(proxyBeanMethods = false)
class AccessGraphQlConfiguration {

	/** Puts the authenticated {@link Caller} of each request into the GraphQL context. */
	@Bean
	WebGraphQlInterceptor accessInterceptor(JdbcTemplate jdbc) {
		return (request, chain) -> {
			Object caller = request.getAttributes().get(Caller.KEY);
			if (caller instanceof Caller authenticated) {
				AccessContext access = new AccessContext(authenticated, jdbc);
				request.configureExecutionInput((input, builder) -> builder
					.graphQLContext((context) -> context.put(Caller.KEY, authenticated).put(AccessContext.KEY, access))
					.build());
			}
			return chain.next(request);
		};
	}

	@Bean
	DataFetcherExceptionResolverAdapter forbiddenErrors() {
		return new DataFetcherExceptionResolverAdapter() {
			@Override
			protected @Nullable GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
				if (!(ex instanceof Forbidden)) {
					return null;
				}
				return GraphqlErrorBuilder.newError(env)
					.errorType(ErrorType.FORBIDDEN)
					.message(ex.getMessage())
					.extensions(Map.of("code", ErrorType.FORBIDDEN.name()))
					.build();
			}
		};
	}

	/**
	 * The fields access control checks are made non-trivial once, when the schema is
	 * built ({@link AccessFields}).
	 */
	@Bean
	GraphQlSourceBuilderCustomizer accessFields() {
		return (builder) -> builder.typeVisitors(List.of(new AccessFields()));
	}

	/**
	 * The depth and complexity limits as one instrumentation: graphql-java calls every
	 * instrumentation of the chain for every field of every row, and these two act only
	 * once per operation.
	 */
	@Bean
	QueryLimitsInstrumentation queryLimits(LimitProperties limits) {
		return new QueryLimitsInstrumentation(limits.maxDepth(), limits.maxComplexity());
	}

}
