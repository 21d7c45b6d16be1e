package org.epigrid.testing;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.people.HealthCodeColour;
import org.epigrid.people.Person;
import org.epigrid.people.PersonCategory;
import org.epigrid.people.Sex;
import org.epigrid.places.Place;
import org.epigrid.places.PlaceLevel;
import org.epigrid.places.Site;
import org.epigrid.places.SiteStatus;
import org.epigrid.places.SiteType;
import org.epigrid.privacy.Sealed;
import org.epigrid.support.Connection;
import org.epigrid.support.Cursor;
import org.epigrid.support.PageRequest;

import static org.epigrid.jooq.Tables.CAMPAIGN;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.PLACE;
import static org.epigrid.jooq.Tables.POOL;
import static org.epigrid.jooq.Tables.SAMPLE;
import static org.epigrid.jooq.Tables.SITE;

/**
 * SQL for samples, pools and campaigns, and for the people, places and sites they refer
 * to. Every method is one statement.
 */
@Repository
@Transactional(readOnly = true)
class SampleQueries {

	private final DSLContext db;

	SampleQueries(DSLContext db) {
		this.db = db;
	}

	/**
	 * Pending past the deadline; the same rule for the filter and the field. A member of
	 * a resulted pool is not overdue: a positive or invalid pool leaves its members
	 * without result, and their follow-up is the re-test task.
	 */
	static Condition overdue(org.epigrid.jooq.tables.Sample s) {
		return s.RESULT.isNull()
			.and(s.DUE_AT.lt(DSL.currentOffsetDateTime()))
			.and(s.POOL_ID.isNull()
				.or(DSL.notExists(DSL.selectOne().from(POOL).where(POOL.ID.eq(s.POOL_ID), POOL.RESULT.isNotNull()))));
	}

	// samples

	private static List<SelectField<?>> sampleFields(org.epigrid.jooq.tables.Sample s) {
		return List.of(s.ID, s.BARCODE, s.KIND, s.SPECIMEN, s.PURPOSE, s.PERSON_ID, s.BATCH_ID, s.SITE_ID, s.PLACE_ID,
				s.POOL_ID, s.CAMPAIGN_ID, s.RETEST_OF_ID, s.COLLECTION_SITE_ID, s.LAB_SITE_ID, s.COLLECTED_AT,
				s.RECEIVED_AT, s.RESULTED_AT, s.DUE_AT, s.RESULT, s.CT_VALUE, DSL.field(overdue(s)).as("overdue"));
	}

	/** Reads the {@link #sampleFields} columns starting at column {@code from}. */
	private static Sample toSample(Record r, int from) {
		String result = r.get(from + 18, String.class);
		return new Sample(r.get(from, Long.class), r.get(from + 1, String.class),
				SampleKind.valueOf(r.get(from + 2, String.class)), Specimen.valueOf(r.get(from + 3, String.class)),
				SamplePurpose.valueOf(r.get(from + 4, String.class)), r.get(from + 5, Long.class),
				r.get(from + 6, Long.class), r.get(from + 7, Long.class), r.get(from + 8, Long.class),
				r.get(from + 9, Long.class), r.get(from + 10, Long.class), r.get(from + 11, Long.class),
				r.get(from + 12, Long.class), r.get(from + 13, Long.class), r.get(from + 14, OffsetDateTime.class),
				r.get(from + 15, OffsetDateTime.class), r.get(from + 16, OffsetDateTime.class),
				r.get(from + 17, OffsetDateTime.class), (result != null) ? SampleResult.valueOf(result) : null,
				r.get(from + 19, Double.class), r.get(from + 20, Boolean.class));
	}

	private static Sample toSample(Record r) {
		return toSample(r, 0);
	}

	Connection<Sample> samples(SampleFilter filter, PageRequest page) {
		Condition where = filter.toCondition();
		Cursor.Keys after = Cursor.decode(page.after(), 2);
		Condition keyset = (after != null)
				? DSL.row(SAMPLE.COLLECTED_AT, SAMPLE.ID).lt(DSL.row(after.timeAt(0), after.longAt(1)))
				: DSL.noCondition();
		List<Sample> rows = this.db.select(sampleFields(SAMPLE))
			.from(SAMPLE)
			.where(where, keyset)
			.orderBy(SAMPLE.COLLECTED_AT.desc(), SAMPLE.ID.desc())
			.limit(page.limit())
			.fetch(SampleQueries::toSample);
		return Connection.of(rows, page, (sample) -> Cursor.encode(sample.collectedAt(), sample.id()),
				() -> this.db.fetchCount(SAMPLE, where));
	}

	Optional<Sample> sample(long id) {
		return this.db.select(sampleFields(SAMPLE))
			.from(SAMPLE)
			.where(SAMPLE.ID.eq(id))
			.fetchOptional(SampleQueries::toSample);
	}

	Optional<Sample> sampleByBarcode(String barcode) {
		return this.db.select(sampleFields(SAMPLE))
			.from(SAMPLE)
			.where(SAMPLE.BARCODE.eq(barcode))
			.fetchOptional(SampleQueries::toSample);
	}

	Map<Long, Sample> samplesById(Collection<Long> ids) {
		Map<Long, Sample> byId = new LinkedHashMap<>();
		this.db.select(sampleFields(SAMPLE))
			.from(SAMPLE)
			.where(SAMPLE.ID.in(ids))
			.fetch(SampleQueries::toSample)
			.forEach((sample) -> byId.put(sample.id(), sample));
		return byId;
	}

	/** The members of each pool, in order of collection. */
	Map<Long, List<Sample>> samplesInPools(Collection<Long> poolIds) {
		Map<Long, List<Sample>> members = new LinkedHashMap<>();
		this.db.select(sampleFields(SAMPLE))
			.from(SAMPLE)
			.where(SAMPLE.POOL_ID.in(poolIds))
			.orderBy(SAMPLE.POOL_ID, SAMPLE.COLLECTED_AT, SAMPLE.ID)
			.fetch(SampleQueries::toSample)
			.forEach((sample) -> members.computeIfAbsent(sample.poolId(), (k) -> new ArrayList<>()).add(sample));
		return members;
	}

	/**
	 * For each person, the newest {@code limit} samples (one statement: a lateral join
	 * over the ids, each side served by the person/collected_at index).
	 */
	Map<Long, List<Sample>> samplesOfPeople(Collection<Long> personIds, int limit) {
		Table<?> people = DSL.unnest(personIds.toArray(Long[]::new)).as("people", "id");
		Field<Long> personId = people.field("id", Long.class);
		Table<?> newest = DSL.select(sampleFields(SAMPLE))
			.from(SAMPLE)
			.where(SAMPLE.PERSON_ID.eq(personId))
			.orderBy(SAMPLE.COLLECTED_AT.desc(), SAMPLE.ID.desc())
			.limit(limit)
			.asTable("newest");
		Map<Long, List<Sample>> samples = new LinkedHashMap<>();
		this.db.select(personId)
			.select(newest.fields())
			.from(people)
			.crossJoin(DSL.lateral(newest))
			.orderBy(personId, newest.field(SAMPLE.COLLECTED_AT).desc(), newest.field(SAMPLE.ID).desc())
			.forEach(
					(r) -> samples.computeIfAbsent(r.get(0, Long.class), (k) -> new ArrayList<>()).add(toSample(r, 1)));
		return samples;
	}

	// pools and campaigns

	private static Pool toPool(Record r) {
		String result = r.get(POOL.RESULT);
		return new Pool(r.get(POOL.ID), r.get(POOL.BARCODE), r.get(POOL.SIZE), r.get(POOL.COLLECTION_SITE_ID),
				r.get(POOL.LAB_SITE_ID), r.get(POOL.OPENED_AT), r.get(POOL.CLOSED_AT), r.get(POOL.RECEIVED_AT),
				(result != null) ? SampleResult.valueOf(result) : null, r.get(POOL.RESULTED_AT));
	}

	private static List<SelectField<?>> poolFields() {
		return List.of(POOL.ID, POOL.BARCODE, POOL.SIZE, POOL.COLLECTION_SITE_ID, POOL.LAB_SITE_ID, POOL.OPENED_AT,
				POOL.CLOSED_AT, POOL.RECEIVED_AT, POOL.RESULT, POOL.RESULTED_AT);
	}

	Optional<Pool> pool(long id) {
		return this.db.select(poolFields()).from(POOL).where(POOL.ID.eq(id)).fetchOptional(SampleQueries::toPool);
	}

	Optional<Pool> poolByBarcode(String barcode) {
		return this.db.select(poolFields())
			.from(POOL)
			.where(POOL.BARCODE.eq(barcode))
			.fetchOptional(SampleQueries::toPool);
	}

	Map<Long, Pool> poolsById(Collection<Long> ids) {
		Map<Long, Pool> byId = new LinkedHashMap<>();
		this.db.select(poolFields())
			.from(POOL)
			.where(POOL.ID.in(ids))
			.fetch(SampleQueries::toPool)
			.forEach((pool) -> byId.put(pool.id(), pool));
		return byId;
	}

	private static Campaign toCampaign(Record r) {
		return new Campaign(r.get(CAMPAIGN.ID), r.get(CAMPAIGN.NAME), r.get(CAMPAIGN.PLACE_ID),
				r.get(CAMPAIGN.STARTS_ON), r.get(CAMPAIGN.ENDS_ON));
	}

	private static List<SelectField<?>> campaignFields() {
		return List.of(CAMPAIGN.ID, CAMPAIGN.NAME, CAMPAIGN.PLACE_ID, CAMPAIGN.STARTS_ON, CAMPAIGN.ENDS_ON);
	}

	Optional<Campaign> campaign(long id) {
		return this.db.select(campaignFields())
			.from(CAMPAIGN)
			.where(CAMPAIGN.ID.eq(id))
			.fetchOptional(SampleQueries::toCampaign);
	}

	Map<Long, Campaign> campaignsById(Collection<Long> ids) {
		Map<Long, Campaign> byId = new LinkedHashMap<>();
		this.db.select(campaignFields())
			.from(CAMPAIGN)
			.where(CAMPAIGN.ID.in(ids))
			.fetch(SampleQueries::toCampaign)
			.forEach((campaign) -> byId.put(campaign.id(), campaign));
		return byId;
	}

	// people, places and sites, as their features show them

	Map<Long, Person> peopleById(Collection<Long> ids) {
		Map<Long, Person> byId = new LinkedHashMap<>();
		this.db
			.select(PERSON.ID, PERSON.ID_NUMBER_ENC, PERSON.FULL_NAME, PERSON.SEX, PERSON.BIRTH_DATE, PERSON.PHONE_ENC,
					PERSON.RESIDENCE_PLACE_ID, PERSON.ADDRESS, PERSON.CATEGORIES, PERSON.HEALTH_CODE,
					PERSON.HEALTH_CODE_CHANGED_AT)
			.from(PERSON)
			.where(PERSON.ID.in(ids))
			.fetch((r) -> new Person(r.value1(), Sealed.of(r.value2()), r.value3(), Sex.valueOf(r.value4()), r.value5(),
					Sealed.of(r.value6()), r.value7(), r.value8(),
					Arrays.stream(r.value9()).map(PersonCategory::valueOf).toList(),
					HealthCodeColour.valueOf(r.value10()), r.value11()))
			.forEach((person) -> byId.put(person.id(), person));
		return byId;
	}

	Map<Long, Place> placesById(Collection<Long> ids) {
		Map<Long, Place> byId = new LinkedHashMap<>();
		this.db
			.select(PLACE.ID, PLACE.CODE, PLACE.NAME, PLACE.LEVEL, PLACE.PARENT_ID,
					DSL.field("ltree2text({0})", String.class, PLACE.PATH), PLACE.POPULATION, PLACE.LATITUDE,
					PLACE.LONGITUDE)
			.from(PLACE)
			.where(PLACE.ID.in(ids))
			.fetch((r) -> new Place(r.value1(), r.value2(), r.value3(), PlaceLevel.valueOf(r.value4()), r.value5(),
					r.value6(), r.value7(), r.get(PLACE.LATITUDE, Double.class), r.get(PLACE.LONGITUDE, Double.class)))
			.forEach((place) -> byId.put(place.id(), place));
		return byId;
	}

	Map<Long, Site> sitesById(Collection<Long> ids) {
		Map<Long, Site> byId = new LinkedHashMap<>();
		this.db
			.select(SITE.ID, SITE.PLACE_ID, SITE.TYPE, SITE.NAME, SITE.ADDRESS, SITE.VENUE_CODE, SITE.STATUS,
					SITE.ROOMS, SITE.BEDS, SITE.DAILY_TEST_CAPACITY, SITE.LATITUDE, SITE.LONGITUDE)
			.from(SITE)
			.where(SITE.ID.in(ids))
			.fetch((r) -> new Site(r.value1(), r.value2(), SiteType.valueOf(r.value3()), r.value4(), r.value5(),
					r.value6(), SiteStatus.valueOf(r.value7()), r.value8(), r.value9(), r.value10(),
					r.get(SITE.LATITUDE, Double.class), r.get(SITE.LONGITUDE, Double.class)))
			.forEach((site) -> byId.put(site.id(), site));
		return byId;
	}

}
