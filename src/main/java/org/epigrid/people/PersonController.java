package org.epigrid.people;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

import org.epigrid.places.Place;
import org.epigrid.privacy.PersonalDataCipher;
import org.epigrid.privacy.PersonalField;
import org.epigrid.support.Connection;
import org.epigrid.support.GlobalId;
import org.epigrid.support.NodeLoader;
import org.epigrid.support.NotFoundException;
import org.epigrid.support.PageRequest;

import static org.epigrid.support.Batches.distinctIds;
import static org.epigrid.support.Batches.mapEach;

/** Reads of people, their residence, and the residents of places. */
@Controller
class PersonController {

	private static final String RESIDENTS_LOADER = "Place.residents";

	/** The SDL default of {@code Place.residents(first:)}, also for an explicit null. */
	private static final int DEFAULT_RESIDENTS = 20;

	private final PersonQueries queries;

	private final PersonalDataCipher cipher;

	PersonController(PersonQueries queries, PersonalDataCipher cipher, BatchLoaderRegistry registry) {
		this.queries = queries;
		this.cipher = cipher;
		// Place.residents takes an argument, which @BatchMapping cannot: batch by (place,
		// first), one statement per distinct first in the request.
		registry.<ResidentsKey, List<Person>>forName(RESIDENTS_LOADER)
			.registerMappedBatchLoader((keys, env) -> Mono.fromCallable(() -> residentsFor(keys)));
	}

	@QueryMapping
	Connection<Person> people(@Argument @Nullable PersonFilter filter, @Argument @Nullable Integer first,
			@Argument @Nullable String after) {
		return this.queries.people((filter != null) ? filter : PersonFilter.NONE, PageRequest.of(first, after));
	}

	@QueryMapping
	Person person(@Argument String id) {
		return this.queries.person(GlobalId.decode(id, "Person")).orElseThrow(() -> NotFoundException.of("Person", id));
	}

	/**
	 * Decrypted only when selected; access control masks or hides it afterwards by role.
	 */
	@SchemaMapping(typeName = "Person")
	String idNumber(Person person) {
		return this.cipher.open(PersonalField.ID_NUMBER, person.sealedIdNumber());
	}

	/**
	 * Decrypted only when selected; access control masks or hides it afterwards by role.
	 */
	@SchemaMapping(typeName = "Person")
	@Nullable String phone(Person person) {
		return (person.sealedPhone() != null) ? this.cipher.open(PersonalField.PHONE, person.sealedPhone()) : null;
	}

	@BatchMapping
	Map<Person, Place> residence(List<Person> people) {
		Map<Long, Place> places = this.queries.placesById(distinctIds(people, Person::residencePlaceId));
		return mapEach(people,
				(person) -> (person.residencePlaceId() != null) ? places.get(person.residencePlaceId()) : null);
	}

	@SchemaMapping(typeName = "Place")
	CompletableFuture<List<Person>> residents(Place place, @Argument @Nullable Integer first,
			DataFetchingEnvironment environment) {
		int limit = PageRequest.of((first != null) ? first : DEFAULT_RESIDENTS, null).first();
		DataLoader<ResidentsKey, List<Person>> loader = environment.getDataLoader(RESIDENTS_LOADER);
		return loader.load(new ResidentsKey(place.id(), limit));
	}

	@BatchMapping(typeName = "Place")
	Map<Place, Integer> residentCount(List<Place> places) {
		Map<Long, Integer> counts = this.queries.residentCounts(places.stream().map(Place::id).toList());
		return mapEach(places, (place) -> counts.getOrDefault(place.id(), 0));
	}

	private Map<ResidentsKey, List<Person>> residentsFor(Collection<ResidentsKey> keys) {
		Map<ResidentsKey, List<Person>> result = new HashMap<>();
		keys.stream().collect(Collectors.groupingBy(ResidentsKey::limit)).forEach((limit, groupKeys) -> {
			Map<Long, List<Person>> residents = this.queries
				.residentsWithin(groupKeys.stream().map(ResidentsKey::placeId).toList(), limit);
			groupKeys.forEach((key) -> result.put(key, residents.getOrDefault(key.placeId(), List.of())));
		});
		return result;
	}

	record ResidentsKey(long placeId, int limit) {
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
