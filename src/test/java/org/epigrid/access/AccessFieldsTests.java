package org.epigrid.access;

import java.util.ArrayList;
import java.util.List;

import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.GraphQlSource;

import org.epigrid.support.IntegrationTest;
import org.epigrid.support.LeanInstrumentationChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access instrumentation passes trivial fetchers through unchecked; these tests hold
 * {@link AccessFields} to its part of that bargain on the schema the application serves.
 */
class AccessFieldsTests extends IntegrationTest {

	@Autowired
	private GraphQlSource graphQl;

	@Test
	void theRootTypesAreTheOnesAccessFieldsKnows() {
		GraphQLSchema schema = this.graphQl.schema();
		assertThat(schema.getQueryType().getName()).isEqualTo(AccessFields.QUERY);
		assertThat(schema.getMutationType()).isNotNull();
		assertThat(schema.getMutationType().getName()).isEqualTo(AccessFields.MUTATION);
	}

	@Test
	void noCheckedFieldIsLeftTrivial() {
		GraphQLSchema schema = this.graphQl.schema();
		List<String> guarded = new ArrayList<>();
		List<String> trivial = new ArrayList<>();
		for (GraphQLObjectType type : schema.getAllTypesAsList()
			.stream()
			.filter(GraphQLObjectType.class::isInstance)
			.map(GraphQLObjectType.class::cast)
			.filter((type) -> !type.getName().startsWith("__"))
			.toList()) {
			boolean root = type == schema.getQueryType() || type == schema.getMutationType();
			for (GraphQLFieldDefinition definition : type.getFieldDefinitions()) {
				boolean isTrivial = LeanInstrumentationChain.isPlain(schema.getCodeRegistry()
					.getDataFetcher(FieldCoordinates.coordinates(type, definition), definition));
				String name = type.getName() + "." + definition.getName();
				if (AccessInstrumentation.guarded(type.getName(), definition, root)) {
					guarded.add(name);
					assertThat(isTrivial).as(name).isFalse();
				}
				else if (isTrivial) {
					trivial.add(name);
				}
			}
		}
		// the bargain is worth something: plain scalars of records stay trivial
		assertThat(guarded).contains("Query.testingStats", "Person.phone", "Person.fullName",
				"TestingStatsBucket.childArea");
		assertThat(trivial).contains("TestingStatsBucket.collected", "TestingStatsBucket.positivity", "Place.name");
	}

}
