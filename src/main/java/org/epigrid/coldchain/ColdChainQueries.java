package org.epigrid.coldchain;

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
import org.jooq.impl.DSL;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.jooq.tables.records.ColdChainBatchRecord;
import org.epigrid.jooq.tables.records.ColdChainDisinfectionRecord;
import org.epigrid.jooq.tables.records.ColdChainMovementRecord;
import org.epigrid.jooq.tables.records.PersonRecord;
import org.epigrid.people.HealthCodeColour;
import org.epigrid.people.Person;
import org.epigrid.people.PersonCategory;
import org.epigrid.people.Sex;
import org.epigrid.places.Site;
import org.epigrid.places.SiteStatus;
import org.epigrid.places.SiteType;
import org.epigrid.privacy.Sealed;
import org.epigrid.support.Connection;
import org.epigrid.support.Cursor;
import org.epigrid.support.PageRequest;

import static org.epigrid.jooq.Tables.COLD_CHAIN_BATCH;
import static org.epigrid.jooq.Tables.COLD_CHAIN_DISINFECTION;
import static org.epigrid.jooq.Tables.COLD_CHAIN_MOVEMENT;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.SITE;

/**
 * SQL for cold-chain batches, disinfections and movements. Every method is one statement.
 */
@Repository
@Transactional(readOnly = true)
class ColdChainQueries {

	private final DSLContext db;

	ColdChainQueries(DSLContext db) {
		this.db = db;
	}

	static ColdChainBatch toBatch(ColdChainBatchRecord r) {
		return new ColdChainBatch(r.getId(), r.getBatchNo(), r.getProduct(), r.getOriginCountry(), r.getPortOfEntry(),
				r.getQuantityKg(), r.getWarehouseSiteId(), r.getArrivedAt(),
				ColdChainBatchStatus.valueOf(r.getStatus()), r.getReleasedAt(), r.getClosedReason(), r.getClosedAt(),
				r.getVersion());
	}

	Connection<ColdChainBatch> batches(ColdChainBatchFilter filter, PageRequest page) {
		Condition where = filter.toCondition();
		Cursor.Keys after = Cursor.decode(page.after(), 1);
		Condition keyset = (after != null) ? COLD_CHAIN_BATCH.ID.gt(after.longAt(0)) : DSL.noCondition();
		List<ColdChainBatch> rows = this.db.selectFrom(COLD_CHAIN_BATCH)
			.where(where, keyset)
			.orderBy(COLD_CHAIN_BATCH.ID)
			.limit(page.limit())
			.fetch(ColdChainQueries::toBatch);
		return Connection.of(rows, page, (batch) -> Cursor.encode(batch.id()),
				() -> this.db.fetchCount(COLD_CHAIN_BATCH, where));
	}

	Optional<ColdChainBatch> batch(long id) {
		return this.db.selectFrom(COLD_CHAIN_BATCH)
			.where(COLD_CHAIN_BATCH.ID.eq(id))
			.fetchOptional(ColdChainQueries::toBatch);
	}

	Optional<ColdChainBatch> batchByNumber(String batchNo) {
		return this.db.selectFrom(COLD_CHAIN_BATCH)
			.where(COLD_CHAIN_BATCH.BATCH_NO.eq(batchNo))
			.fetchOptional(ColdChainQueries::toBatch);
	}

	Map<Long, List<Disinfection>> disinfectionsOf(Collection<Long> batchIds) {
		Map<Long, List<Disinfection>> byBatch = new LinkedHashMap<>();
		this.db.selectFrom(COLD_CHAIN_DISINFECTION)
			.where(COLD_CHAIN_DISINFECTION.BATCH_ID.in(batchIds))
			.orderBy(COLD_CHAIN_DISINFECTION.BATCH_ID, COLD_CHAIN_DISINFECTION.DISINFECTED_AT,
					COLD_CHAIN_DISINFECTION.ID)
			.forEach((r) -> byBatch.computeIfAbsent(r.getBatchId(), (k) -> new ArrayList<>()).add(toDisinfection(r)));
		return byBatch;
	}

	Optional<Disinfection> disinfection(long id) {
		return this.db.selectFrom(COLD_CHAIN_DISINFECTION)
			.where(COLD_CHAIN_DISINFECTION.ID.eq(id))
			.fetchOptional(ColdChainQueries::toDisinfection);
	}

	static Disinfection toDisinfection(ColdChainDisinfectionRecord r) {
		return new Disinfection(r.getId(), r.getBatchId(), r.getDisinfectedAt(), r.getAgent(), r.getOperatorName());
	}

	Map<Long, List<ColdChainMovement>> movementsOf(Collection<Long> batchIds) {
		Map<Long, List<ColdChainMovement>> byBatch = new LinkedHashMap<>();
		this.db.selectFrom(COLD_CHAIN_MOVEMENT)
			.where(COLD_CHAIN_MOVEMENT.BATCH_ID.in(batchIds))
			.orderBy(COLD_CHAIN_MOVEMENT.BATCH_ID, COLD_CHAIN_MOVEMENT.MOVED_AT, COLD_CHAIN_MOVEMENT.ID)
			.forEach((r) -> byBatch.computeIfAbsent(r.getBatchId(), (k) -> new ArrayList<>()).add(toMovement(r)));
		return byBatch;
	}

	Optional<ColdChainMovement> movement(long id) {
		return this.db.selectFrom(COLD_CHAIN_MOVEMENT)
			.where(COLD_CHAIN_MOVEMENT.ID.eq(id))
			.fetchOptional(ColdChainQueries::toMovement);
	}

	static ColdChainMovement toMovement(ColdChainMovementRecord r) {
		return new ColdChainMovement(r.getId(), r.getBatchId(), r.getFromSiteId(), r.getToSiteId(), r.getQuantityKg(),
				r.getMovedAt(), r.getHandlerPersonId());
	}

	/** What each batch has towards its release, counted in SQL. */
	Map<Long, ReleaseCheck> releaseChecksOf(Collection<Long> batchIds) {
		Field<Integer> disinfections = DSL.field(DSL.selectCount()
			.from(COLD_CHAIN_DISINFECTION)
			.where(COLD_CHAIN_DISINFECTION.BATCH_ID.eq(COLD_CHAIN_BATCH.ID)));
		Field<Integer> negatives = BatchSamples.count(COLD_CHAIN_BATCH.ID, PackageSampleResult.NEGATIVE);
		Field<Integer> positives = BatchSamples.count(COLD_CHAIN_BATCH.ID, PackageSampleResult.POSITIVE);
		Field<Integer> pending = BatchSamples.count(COLD_CHAIN_BATCH.ID, null);
		Map<Long, ReleaseCheck> checks = new LinkedHashMap<>();
		this.db.select(COLD_CHAIN_BATCH.ID, COLD_CHAIN_BATCH.STATUS, disinfections, negatives, positives, pending)
			.from(COLD_CHAIN_BATCH)
			.where(COLD_CHAIN_BATCH.ID.in(batchIds))
			.forEach((r) -> checks.put(r.value1(), new ReleaseCheck(ColdChainBatchStatus.valueOf(r.value2()),
					r.value3(), r.value4(), r.value5(), r.value6())));
		return checks;
	}

	/**
	 * For each batch, the sites it reached (warehouse first, then movement destinations
	 * in the order first reached) and the people who handled it, in one statement.
	 */
	Map<Long, BatchTrace> tracesOf(Collection<Long> batchIds) {
		Field<Long[]> reached = DSL.array(DSL.select(COLD_CHAIN_MOVEMENT.TO_SITE_ID)
			.from(COLD_CHAIN_MOVEMENT)
			.where(COLD_CHAIN_MOVEMENT.BATCH_ID.eq(COLD_CHAIN_BATCH.ID),
					COLD_CHAIN_MOVEMENT.TO_SITE_ID.ne(COLD_CHAIN_BATCH.WAREHOUSE_SITE_ID))
			.groupBy(COLD_CHAIN_MOVEMENT.TO_SITE_ID)
			.orderBy(DSL.min(COLD_CHAIN_MOVEMENT.MOVED_AT), COLD_CHAIN_MOVEMENT.TO_SITE_ID));
		Field<Long[]> handlers = DSL.array(DSL.select(COLD_CHAIN_MOVEMENT.HANDLER_PERSON_ID)
			.from(COLD_CHAIN_MOVEMENT)
			.where(COLD_CHAIN_MOVEMENT.BATCH_ID.eq(COLD_CHAIN_BATCH.ID),
					COLD_CHAIN_MOVEMENT.HANDLER_PERSON_ID.isNotNull())
			.groupBy(COLD_CHAIN_MOVEMENT.HANDLER_PERSON_ID)
			.orderBy(DSL.min(COLD_CHAIN_MOVEMENT.MOVED_AT), COLD_CHAIN_MOVEMENT.HANDLER_PERSON_ID));
		Map<Long, BatchTrace> traces = new LinkedHashMap<>();
		this.db.select(COLD_CHAIN_BATCH.ID, COLD_CHAIN_BATCH.WAREHOUSE_SITE_ID, reached, handlers)
			.from(COLD_CHAIN_BATCH)
			.where(COLD_CHAIN_BATCH.ID.in(batchIds))
			.forEach((r) -> {
				List<Long> sites = new ArrayList<>();
				sites.add(r.value2());
				sites.addAll(Arrays.asList(r.value3()));
				traces.put(r.value1(), new BatchTrace(r.value1(), sites, Arrays.asList(r.value4())));
			});
		return traces;
	}

	/** Sites by id, the same columns as the places feature reads. */
	Map<Long, Site> sitesById(Collection<Long> ids) {
		Map<Long, Site> byId = new LinkedHashMap<>();
		this.db
			.select(SITE.ID, SITE.PLACE_ID, SITE.TYPE, SITE.NAME, SITE.ADDRESS, SITE.VENUE_CODE, SITE.STATUS,
					SITE.ROOMS, SITE.BEDS, SITE.DAILY_TEST_CAPACITY, SITE.LATITUDE, SITE.LONGITUDE)
			.from(SITE)
			.where(SITE.ID.in(ids))
			.forEach((r) -> byId.put(r.get(SITE.ID),
					new Site(r.get(SITE.ID), r.get(SITE.PLACE_ID), SiteType.valueOf(r.get(SITE.TYPE)), r.get(SITE.NAME),
							r.get(SITE.ADDRESS), r.get(SITE.VENUE_CODE), SiteStatus.valueOf(r.get(SITE.STATUS)),
							r.get(SITE.ROOMS), r.get(SITE.BEDS), r.get(SITE.DAILY_TEST_CAPACITY),
							r.get(SITE.LATITUDE, Double.class), r.get(SITE.LONGITUDE, Double.class))));
		return byId;
	}

	/** People by id, built as the people feature builds them. */
	Map<Long, Person> peopleById(Collection<Long> ids) {
		Map<Long, Person> byId = new LinkedHashMap<>();
		this.db.selectFrom(PERSON).where(PERSON.ID.in(ids)).forEach((r) -> byId.put(r.getId(), toPerson(r)));
		return byId;
	}

	private static Person toPerson(PersonRecord r) {
		return new Person(r.getId(), Sealed.of(r.getIdNumberEnc()), r.getFullName(), Sex.valueOf(r.getSex()),
				r.getBirthDate(), Sealed.of(r.getPhoneEnc()), r.getResidencePlaceId(), r.getAddress(),
				Arrays.stream(r.getCategories()).map(PersonCategory::valueOf).toList(),
				HealthCodeColour.valueOf(r.getHealthCode()), r.getHealthCodeChangedAt());
	}

}
