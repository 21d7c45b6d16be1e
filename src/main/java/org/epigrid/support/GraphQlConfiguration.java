package org.epigrid.support;

import java.util.List;
import java.util.Map;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.instrumentation.Instrumentation;
import graphql.scalars.ExtendedScalars;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLNamedOutputType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchemaElement;
import graphql.schema.GraphQLTypeVisitorStub;
import graphql.schema.PropertyDataFetcher;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * Scalars, Relay ids and error mapping shared by every feature.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlConfiguration {

	@Bean
	RuntimeWiringConfigurer scalars() {
		return (wiring) -> wiring.scalar(ExtendedScalars.DateTime)
			.scalar(ExtendedScalars.Date)
			.scalar(ExtendedScalars.GraphQLLong)
			.scalar(ExtendedScalars.GraphQLBigDecimal);
	}

	/**
	 * The instrumentations (access, limits, observations) as a
	 * {@link LeanInstrumentationChain} instead of the plain chain Spring builds: the same
	 * members in the same order, without the per-field calls none of them implements.
	 */
	@Bean
	GraphQlSourceBuilderCustomizer leanInstrumentationChain(ObjectProvider<Instrumentation> instrumentations) {
		return (builder) -> builder.configureGraphQl((graphQl) -> {
			List<Instrumentation> members = instrumentations.orderedStream().toList();
			if (members.size() > 1) {
				graphQl.instrumentation(new LeanInstrumentationChain(members));
			}
		});
	}

	/**
	 * Every object type that implements {@code Node} gets an {@code id} fetcher that
	 * turns the record's numeric id into a global id of that type, so feature code works
	 * with plain ids.
	 */
	@Bean
	GraphQlSourceBuilderCustomizer globalIds() {
		return (builder) -> builder.typeVisitors(List.of(new GraphQLTypeVisitorStub() {
			@Override
			public TraversalControl visitGraphQLObjectType(GraphQLObjectType type,
					TraverserContext<GraphQLSchemaElement> context) {
				boolean node = type.getInterfaces()
					.stream()
					.map(GraphQLNamedOutputType::getName)
					.anyMatch("Node"::equals);
				if (node) {
					GraphQLCodeRegistry.Builder registry = context.getVarFromParents(GraphQLCodeRegistry.Builder.class);
					registry.dataFetcher(FieldCoordinates.coordinates(type.getName(), "id"),
							globalIdFetcher(type.getName()));
				}
				return TraversalControl.CONTINUE;
			}
		}));
	}

	private static DataFetcher<String> globalIdFetcher(String typeName) {
		PropertyDataFetcher<Object> raw = PropertyDataFetcher.fetching("id");
		return (DataFetchingEnvironment environment) -> {
			Object id = raw.get(environment);
			return (id instanceof Number number) ? GlobalId.encode(typeName, number.longValue()) : null;
		};
	}

	/**
	 * Business exceptions become typed GraphQL errors; anything else stays an opaque
	 * INTERNAL_ERROR.
	 */
	@Bean
	DataFetcherExceptionResolverAdapter epigridExceptions() {
		return new DataFetcherExceptionResolverAdapter() {
			@Override
			protected @Nullable GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
				ErrorType type = classify(ex);
				if (type == null) {
					return null;
				}
				return GraphqlErrorBuilder.newError(env)
					.errorType(type)
					.message(ex.getMessage())
					.extensions(Map.of("code", type.name()))
					.build();
			}
		};
	}

	static @Nullable ErrorType classify(Throwable ex) {
		if (ex instanceof BadRequestException) {
			return ErrorType.BAD_REQUEST;
		}
		if (ex instanceof NotFoundException) {
			return ErrorType.NOT_FOUND;
		}
		return null;
	}

}
