package org.epigrid.people;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jooq.DSLContext;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.jooq.tables.records.PersonRecord;

import static org.epigrid.jooq.Tables.PERSON;

/** SQL for people. Every method is one statement. */
@Repository
@Transactional(readOnly = true)
class PersonQueries {

	private final DSLContext db;

	PersonQueries(DSLContext db) {
		this.db = db;
	}

	static Person toPerson(PersonRecord r) {
		return new Person(r.getId(), r.getIdNumber(), r.getFullName(), Sex.valueOf(r.getSex()), r.getBirthDate(),
				r.getPhone(), r.getResidencePlaceId(), r.getAddress(),
				Arrays.stream(r.getCategories()).map(PersonCategory::valueOf).toList(),
				HealthCodeColour.valueOf(r.getHealthCode()), r.getHealthCodeChangedAt());
	}

	Optional<Person> person(long id) {
		return this.db.selectFrom(PERSON).where(PERSON.ID.eq(id)).fetchOptional(PersonQueries::toPerson);
	}

	Map<Long, Person> peopleById(Collection<Long> ids) {
		Map<Long, Person> byId = new LinkedHashMap<>();
		this.db.selectFrom(PERSON)
			.where(PERSON.ID.in(ids))
			.fetch(PersonQueries::toPerson)
			.forEach((person) -> byId.put(person.id(), person));
		return byId;
	}

}
