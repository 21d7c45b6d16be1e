package org.epigrid.people;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.stereotype.Controller;

import org.epigrid.places.Place;
import org.epigrid.places.Site;
import org.epigrid.support.NodeLoader;

import static org.epigrid.support.Batches.distinctIds;
import static org.epigrid.support.Batches.listEach;
import static org.epigrid.support.Batches.mapEach;

/**
 * What happened to people: health codes, travels, control measures and their health
 * checks, contacts, cases; each list one statement for all parents.
 */
@Controller
class PersonHistoryController {

	private final PersonHistoryQueries history;

	private final PersonQueries people;

	PersonHistoryController(PersonHistoryQueries history, PersonQueries people) {
		this.history = history;
		this.people = people;
	}

	// Person

	@BatchMapping
	Map<Person, List<HealthCodeEvent>> healthCodeHistory(List<Person> people) {
		return listEach(people, Person::id, this.history.healthCodeHistoryOf(personIds(people)));
	}

	@BatchMapping
	Map<Person, List<TravelRecord>> travels(List<Person> people) {
		return listEach(people, Person::id, this.history.travelsOf(personIds(people)));
	}

	@BatchMapping
	Map<Person, List<ControlMeasure>> controlMeasures(List<Person> people) {
		return listEach(people, Person::id, this.history.controlMeasuresOf(personIds(people)));
	}

	@BatchMapping
	Map<Person, List<Contact>> contacts(List<Person> people) {
		return listEach(people, Person::id, this.history.contactsOf(personIds(people)));
	}

	@BatchMapping
	Map<Person, List<CaseReport>> cases(List<Person> people) {
		return listEach(people, Person::id, this.history.casesOf(personIds(people)));
	}

	// TravelRecord

	@BatchMapping(typeName = "TravelRecord")
	Map<TravelRecord, Place> destination(List<TravelRecord> travels) {
		return lookUp(travels, TravelRecord::destinationPlaceId, this.people::placesById);
	}

	@BatchMapping(typeName = "TravelRecord", field = "person")
	Map<TravelRecord, Person> traveller(List<TravelRecord> travels) {
		return lookUp(travels, TravelRecord::personId, this.people::peopleById);
	}

	// ControlMeasure

	@BatchMapping(typeName = "ControlMeasure")
	Map<ControlMeasure, Site> site(List<ControlMeasure> measures) {
		return lookUp(measures, ControlMeasure::siteId, this.people::sitesById);
	}

	@BatchMapping(typeName = "ControlMeasure")
	Map<ControlMeasure, List<HealthCheck>> healthChecks(List<ControlMeasure> measures) {
		return listEach(measures, ControlMeasure::id,
				this.history.healthChecksOf(measures.stream().map(ControlMeasure::id).toList()));
	}

	@BatchMapping(typeName = "ControlMeasure", field = "person")
	Map<ControlMeasure, Person> measuredPerson(List<ControlMeasure> measures) {
		return lookUp(measures, ControlMeasure::personId, this.people::peopleById);
	}

	// Contact

	@BatchMapping(typeName = "Contact")
	Map<Contact, Site> exposureSite(List<Contact> contacts) {
		return lookUp(contacts, Contact::exposureSiteId, this.people::sitesById);
	}

	@BatchMapping(typeName = "Contact")
	Map<Contact, Person> source(List<Contact> contacts) {
		return lookUp(contacts, Contact::sourcePersonId, this.people::peopleById);
	}

	@BatchMapping(typeName = "Contact")
	Map<Contact, Person> contact(List<Contact> contacts) {
		return lookUp(contacts, Contact::contactPersonId, this.people::peopleById);
	}

	// CaseReport

	@BatchMapping(typeName = "CaseReport")
	Map<CaseReport, Site> reportingSite(List<CaseReport> cases) {
		return lookUp(cases, CaseReport::reportingSiteId, this.people::sitesById);
	}

	@BatchMapping(typeName = "CaseReport", field = "person")
	Map<CaseReport, Person> casePerson(List<CaseReport> cases) {
		return lookUp(cases, CaseReport::personId, this.people::peopleById);
	}

	private static List<Long> personIds(List<Person> people) {
		return people.stream().map(Person::id).toList();
	}

	/**
	 * Each parent mapped to the row its reference points to, all rows loaded in one
	 * statement.
	 */
	private static <K, V> Map<K, V> lookUp(List<K> parents, Function<K, @Nullable Long> reference,
			Function<List<Long>, Map<Long, V>> load) {
		Map<Long, V> rows = load.apply(distinctIds(parents, reference));
		return mapEach(parents, (parent) -> {
			Long id = reference.apply(parent);
			return (id != null) ? rows.get(id) : null;
		});
	}

	/** {@code node(id:)} for the records of people's histories. */
	@Configuration(proxyBeanMethods = false)
	static class Nodes {

		@Bean
		NodeLoader healthCodeEventNodes(PersonHistoryQueries history) {
			return NodeLoader.of("HealthCodeEvent", history::healthCodeEvent);
		}

		@Bean
		NodeLoader travelRecordNodes(PersonHistoryQueries history) {
			return NodeLoader.of("TravelRecord", history::travel);
		}

		@Bean
		NodeLoader controlMeasureNodes(PersonHistoryQueries history) {
			return NodeLoader.of("ControlMeasure", history::controlMeasure);
		}

		@Bean
		NodeLoader healthCheckNodes(PersonHistoryQueries history) {
			return NodeLoader.of("HealthCheck", history::healthCheck);
		}

		@Bean
		NodeLoader contactNodes(PersonHistoryQueries history) {
			return NodeLoader.of("Contact", history::contact);
		}

		@Bean
		NodeLoader caseReportNodes(PersonHistoryQueries history) {
			return NodeLoader.of("CaseReport", history::caseReport);
		}

	}

}
