package org.epigrid.access;

import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchemaElement;
import graphql.schema.GraphQLTypeVisitorStub;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;

import org.epigrid.support.LeanInstrumentationChain;

/**
 * Makes every field that {@link AccessInstrumentation} checks non-trivial when the schema
 * is built, so that the instrumentation can pass trivial (plain property) fetchers
 * through without looking at their field: graphql-java builds no DataFetchingEnvironment
 * for those unless asked, and an answer of thousands of rows has tens of thousands of
 * them.
 * <p>
 * A guarded field served by a plain property (a person's phone, a record's nested record)
 * gets a fetcher that does the same and is not marked trivial. The root types are the
 * schema's {@code Query} and {@code Mutation}; AccessFieldsTests checks that no guarded
 * field of the built schema is left trivial.
 */
final class AccessFields extends GraphQLTypeVisitorStub {

	static final String QUERY = "Query";

	static final String MUTATION = "Mutation";

	@Override
	public TraversalControl visitGraphQLObjectType(GraphQLObjectType type,
			TraverserContext<GraphQLSchemaElement> context) {
		GraphQLCodeRegistry.Builder registry = context.getVarFromParents(GraphQLCodeRegistry.Builder.class);
		boolean root = type.getName().equals(QUERY) || type.getName().equals(MUTATION);
		for (GraphQLFieldDefinition definition : type.getFieldDefinitions()) {
			FieldCoordinates coordinates = FieldCoordinates.coordinates(type, definition);
			DataFetcher<?> fetcher = registry.getDataFetcher(coordinates, definition);
			if (LeanInstrumentationChain.isPlain(fetcher)
					&& AccessInstrumentation.guarded(type.getName(), definition, root)) {
				registry.dataFetcher(coordinates, (DataFetcher<?>) fetcher::get);
			}
		}
		return TraversalControl.CONTINUE;
	}

}
