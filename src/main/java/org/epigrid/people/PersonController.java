package org.epigrid.people;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import org.epigrid.support.GlobalId;
import org.epigrid.support.NodeLoader;
import org.epigrid.support.NotFoundException;

/** Reads of people. */
@Controller
class PersonController {

	private final PersonQueries queries;

	PersonController(PersonQueries queries) {
		this.queries = queries;
	}

	@QueryMapping
	Person person(@Argument String id) {
		return this.queries.person(GlobalId.decode(id, "Person")).orElseThrow(() -> NotFoundException.of("Person", id));
	}

	/** {@code node(id:)} for people. */
	@Configuration(proxyBeanMethods = false)
	static class Nodes {

		@Bean
		NodeLoader personNodes(PersonQueries queries) {
			return NodeLoader.of("Person", queries::person);
		}

	}

}
