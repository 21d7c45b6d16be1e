package org.epigrid.people;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.jooq.tables.records.PersonRecord;
import org.epigrid.places.Place;
import org.epigrid.places.PlaceLevel;
import org.epigrid.places.Site;
import org.epigrid.places.SiteStatus;
import org.epigrid.places.SiteType;
import org.epigrid.privacy.PersonalDataCipher;
import org.epigrid.privacy.Sealed;
import org.epigrid.support.Connection;
import org.epigrid.support.Cursor;
import org.epigrid.support.PageRequest;

import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.PLACE;
import static org.epigrid.jooq.Tables.SITE;

/**
 * SQL for people and the places and sites they refer to. Every method is one statement.
 */
@Repository
@Transactional(readOnly = true)
class PersonQueries {

	private final DSLContext db;

	private final PersonalDataCipher cipher;

	PersonQueries(DSLContext db, PersonalDataCipher cipher) {
		this.db = db;
		this.cipher = cipher;
	}

	static Person toPerson(PersonRecord r) {
		return new Person(r.getId(), Sealed.of(r.getIdNumberEnc()), r.getFullName(), Sex.valueOf(r.getSex()),
				r.getBirthDate(), Sealed.of(r.getPhoneEnc()), r.getResidencePlaceId(), r.getAddress(),
				Arrays.stream(r.getCategories()).map(PersonCategory::valueOf).toList(),
				HealthCodeColour.valueOf(r.getHealthCode()), r.getHealthCodeChangedAt());
	}

	Connection<Person> people(PersonFilter filter, PageRequest page) {
		Condition where = filter.toCondition(this.cipher);
		Cursor.Keys after = Cursor.decode(page.after(), 1);
		Condition keyset = (after != null) ? PERSON.ID.gt(after.longAt(0)) : DSL.noCondition();
		List<Person> rows = this.db.selectFrom(PERSON)
			.where(where, keyset)
			.orderBy(PERSON.ID)
			.limit(page.limit())
			.fetch(PersonQueries::toPerson);
		return Connection.of(rows, page, (person) -> Cursor.encode(person.id()),
				() -> this.db.fetchCount(PERSON, where));
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

	/** Row versions (optimistic locking) of the given people. */
	Map<Long, Integer> versions(Collection<Long> ids) {
		Map<Long, Integer> versions = new LinkedHashMap<>();
		this.db.select(PERSON.ID, PERSON.VERSION)
			.from(PERSON)
			.where(PERSON.ID.in(ids))
			.forEach((r) -> versions.put(r.value1(), r.value2()));
		return versions;
	}

	/**
	 * For each place, up to {@code limit} people living in its subtree, ordered by id
	 * (one statement, a lateral join per place).
	 */
	Map<Long, List<Person>> residentsWithin(Collection<Long> placeIds, int limit) {
		org.epigrid.jooq.tables.Place area = PLACE.as("area");
		org.epigrid.jooq.tables.Place inside = PLACE.as("inside");
		var residentIds = DSL.select(PERSON.ID)
			.from(PERSON)
			.where(PERSON.RESIDENCE_PLACE_ID
				.in(DSL.select(inside.ID).from(inside).where(DSL.condition("{0} <@ {1}", inside.PATH, area.PATH))))
			.orderBy(PERSON.ID)
			.limit(limit)
			.asTable("r");
		Map<Long, List<Person>> residents = new LinkedHashMap<>();
		this.db.select(area.ID)
			.select(PERSON.fields())
			.from(area)
			.crossJoin(DSL.lateral(residentIds))
			.join(PERSON)
			.on(PERSON.ID.eq(residentIds.field(PERSON.ID)))
			.where(area.ID.in(placeIds))
			.orderBy(area.ID, PERSON.ID)
			.forEach((r) -> residents.computeIfAbsent(r.get(area.ID), (k) -> new ArrayList<>())
				.add(toPerson(r.into(PERSON))));
		return residents;
	}

	/**
	 * For each place, how many people live in its subtree; places without any are left
	 * out.
	 */
	Map<Long, Integer> residentCounts(Collection<Long> placeIds) {
		org.epigrid.jooq.tables.Place area = PLACE.as("area");
		org.epigrid.jooq.tables.Place inside = PLACE.as("inside");
		Map<Long, Integer> counts = new LinkedHashMap<>();
		this.db.select(area.ID, DSL.count(PERSON.ID))
			.from(area)
			.join(inside)
			.on(DSL.condition("{0} <@ {1}", inside.PATH, area.PATH))
			.join(PERSON)
			.on(PERSON.RESIDENCE_PLACE_ID.eq(inside.ID))
			.where(area.ID.in(placeIds))
			.groupBy(area.ID)
			.forEach((r) -> counts.put(r.value1(), r.value2()));
		return counts;
	}

	// places and sites that people's records point to, as the places feature shows them

	private static List<SelectField<?>> placeFields() {
		return List.of(PLACE.ID, PLACE.CODE, PLACE.NAME, PLACE.LEVEL, PLACE.PARENT_ID,
				DSL.field("ltree2text({0})", String.class, PLACE.PATH), PLACE.POPULATION, PLACE.LATITUDE,
				PLACE.LONGITUDE);
	}

	private static Place toPlace(Record r) {
		return new Place(r.get(0, Long.class), r.get(1, String.class), r.get(2, String.class),
				PlaceLevel.valueOf(r.get(3, String.class)), r.get(4, Long.class), r.get(5, String.class),
				r.get(6, Integer.class), r.get(7, Double.class), r.get(8, Double.class));
	}

	Map<Long, Place> placesById(Collection<Long> ids) {
		Map<Long, Place> byId = new LinkedHashMap<>();
		this.db.select(placeFields())
			.from(PLACE)
			.where(PLACE.ID.in(ids))
			.fetch(PersonQueries::toPlace)
			.forEach((place) -> byId.put(place.id(), place));
		return byId;
	}

	private static List<SelectField<?>> siteFields() {
		return List.of(SITE.ID, SITE.PLACE_ID, SITE.TYPE, SITE.NAME, SITE.ADDRESS, SITE.VENUE_CODE, SITE.STATUS,
				SITE.ROOMS, SITE.BEDS, SITE.DAILY_TEST_CAPACITY, SITE.LATITUDE, SITE.LONGITUDE);
	}

	private static Site toSite(Record r) {
		return new Site(r.get(SITE.ID), r.get(SITE.PLACE_ID), SiteType.valueOf(r.get(SITE.TYPE)), r.get(SITE.NAME),
				r.get(SITE.ADDRESS), r.get(SITE.VENUE_CODE), SiteStatus.valueOf(r.get(SITE.STATUS)), r.get(SITE.ROOMS),
				r.get(SITE.BEDS), r.get(SITE.DAILY_TEST_CAPACITY), r.get(SITE.LATITUDE, Double.class),
				r.get(SITE.LONGITUDE, Double.class));
	}

	Map<Long, Site> sitesById(Collection<Long> ids) {
		Map<Long, Site> byId = new LinkedHashMap<>();
		this.db.select(siteFields())
			.from(SITE)
			.where(SITE.ID.in(ids))
			.fetch(PersonQueries::toSite)
			.forEach((site) -> byId.put(site.id(), site));
		return byId;
	}

}
