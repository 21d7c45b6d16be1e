package org.epigrid.access;

import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FieldParentsTests {

	private final GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("""
			type Query { person: Person, place: Place }
			interface Named { name: String }
			type Person implements Named { name: String, phone: String }
			type Place implements Named { name: String }
			"""), RuntimeWiring.newRuntimeWiring().type("Named", (type) -> type.typeResolver((env) -> null)).build());

	@Test
	void everyFieldOfAnObjectTypeKnowsItsType() {
		FieldParents parents = FieldParents.of(this.schema);
		GraphQLObjectType person = this.schema.getObjectType("Person");
		GraphQLObjectType place = this.schema.getObjectType("Place");
		assertThat(parents.parentOf(person.getFieldDefinition("name"))).isEqualTo("Person");
		assertThat(parents.parentOf(person.getFieldDefinition("phone"))).isEqualTo("Person");
		assertThat(parents.parentOf(place.getFieldDefinition("name"))).isEqualTo("Place");
		assertThat(parents.parentOf(this.schema.getQueryType().getFieldDefinition("person"))).isEqualTo("Query");
		assertThat(FieldParents.of(this.schema)).isSameAs(parents);
	}

	@Test
	void aDefinitionSharedByTwoTypesOrOfAnInterfaceHasNoParent() {
		GraphQLFieldDefinition shared = this.schema.getObjectType("Person").getFieldDefinition("phone");
		GraphQLSchema sharing = GraphQLSchema.newSchema(this.schema)
			.additionalType(GraphQLObjectType.newObject().name("Other").field(shared).build())
			.build();
		assertThat(FieldParents.of(sharing).parentOf(shared)).isNull();
		GraphQLFieldDefinition ofInterface = ((graphql.schema.GraphQLInterfaceType) this.schema.getType("Named"))
			.getFieldDefinition("name");
		assertThat(FieldParents.of(this.schema).parentOf(ofInterface)).isNull();
	}

}
