package org.epigrid.access;

import java.util.IdentityHashMap;
import java.util.Map;

import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import org.jspecify.annotations.Nullable;

/**
 * The object type each field definition of a schema belongs to, by identity, so that
 * instrumentation can tell a field's parent without building its DataFetchingEnvironment.
 * A definition shared by several object types has no entry (the caller asks the execution
 * step instead).
 */
final class FieldParents {

	private static volatile @Nullable FieldParents last;

	private final GraphQLSchema schema;

	private final Map<GraphQLFieldDefinition, String> parents = new IdentityHashMap<>();

	private FieldParents(GraphQLSchema schema) {
		this.schema = schema;
		Map<GraphQLFieldDefinition, Integer> owners = new IdentityHashMap<>();
		for (GraphQLObjectType type : schema.getAllTypesAsList()
			.stream()
			.filter(GraphQLObjectType.class::isInstance)
			.map(GraphQLObjectType.class::cast)
			.toList()) {
			for (GraphQLFieldDefinition definition : type.getFieldDefinitions()) {
				this.parents.put(definition, type.getName());
				owners.merge(definition, 1, Integer::sum);
			}
		}
		owners.forEach((definition, count) -> {
			if (count > 1) {
				this.parents.remove(definition);
			}
		});
	}

	/** The parents of this schema's fields (computed once per schema). */
	static FieldParents of(GraphQLSchema schema) {
		FieldParents known = last;
		if (known != null && known.schema == schema) {
			return known;
		}
		FieldParents computed = new FieldParents(schema);
		last = computed;
		return computed;
	}

	/** The one object type that has this definition, or null. */
	@Nullable String parentOf(GraphQLFieldDefinition definition) {
		return this.parents.get(definition);
	}

}
