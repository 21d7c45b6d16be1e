package org.epigrid.places;

import java.util.ArrayList;
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
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.jooq.tables.records.RiskDesignationRecord;
import org.epigrid.support.Connection;
import org.epigrid.support.Cursor;
import org.epigrid.support.PageRequest;

import static org.epigrid.jooq.Tables.GRID_STAFF;
import static org.epigrid.jooq.Tables.PLACE;
import static org.epigrid.jooq.Tables.RISK_DESIGNATION;
import static org.epigrid.jooq.Tables.SITE;

/** SQL for places, sites and risk designations. Every method is one statement. */
@Repository
@Transactional(readOnly = true)
class PlaceQueries {

	private static final Field<String> PATH_TEXT = DSL.field("ltree2text({0})", String.class, PLACE.PATH);

	private final DSLContext db;

	PlaceQueries(DSLContext db) {
		this.db = db;
	}

	/**
	 * Rank of the highest designation in force now on a place or its ancestors: 0 NONE …
	 * 3 HIGH.
	 */
	static Field<Integer> riskRank(Field<?> path) {
		return DSL.field("""
				coalesce((select max(array_position(array['LOW','MEDIUM','HIGH'], rd.level))
				  from risk_designation rd
				  where rd.area_code = any(string_to_array(ltree2text({0}), '.'))
				    and rd.effective_from <= now() and (rd.effective_to is null or rd.effective_to > now())), 0)""",
				Integer.class, path);
	}

	private static List<SelectField<?>> placeFields(org.epigrid.jooq.tables.Place p) {
		return List.of(p.ID, p.CODE, p.NAME, p.LEVEL, p.PARENT_ID, DSL.field("ltree2text({0})", String.class, p.PATH),
				p.POPULATION, p.LATITUDE, p.LONGITUDE);
	}

	private static Place toPlace(Record r) {
		return new Place(r.get(0, Long.class), r.get(1, String.class), r.get(2, String.class),
				PlaceLevel.valueOf(r.get(3, String.class)), r.get(4, Long.class), r.get(5, String.class),
				r.get(6, Integer.class), r.get(7, Double.class), r.get(8, Double.class));
	}

	Connection<Place> places(PlaceFilter filter, PageRequest page) {
		Condition where = filter.toCondition();
		Cursor.Keys after = Cursor.decode(page.after(), 1);
		Condition keyset = (after != null) ? PLACE.CODE.gt(after.stringAt(0)) : DSL.noCondition();
		List<Place> rows = this.db.select(placeFields(PLACE))
			.from(PLACE)
			.where(where, keyset)
			.orderBy(PLACE.CODE)
			.limit(page.limit())
			.fetch(PlaceQueries::toPlace);
		return Connection.of(rows, page, (place) -> Cursor.encode(place.code()),
				() -> this.db.fetchCount(PLACE, where));
	}

	Optional<Place> place(long id) {
		return this.db.select(placeFields(PLACE))
			.from(PLACE)
			.where(PLACE.ID.eq(id))
			.fetchOptional(PlaceQueries::toPlace);
	}

	Optional<Place> placeByCode(String code) {
		return this.db.select(placeFields(PLACE))
			.from(PLACE)
			.where(PLACE.CODE.eq(code))
			.fetchOptional(PlaceQueries::toPlace);
	}

	Map<Long, Place> placesById(Collection<Long> ids) {
		Map<Long, Place> byId = new LinkedHashMap<>();
		this.db.select(placeFields(PLACE))
			.from(PLACE)
			.where(PLACE.ID.in(ids))
			.fetch(PlaceQueries::toPlace)
			.forEach((place) -> byId.put(place.id(), place));
		return byId;
	}

	Map<Long, List<Place>> childrenOf(Collection<Long> ids) {
		Map<Long, List<Place>> children = new LinkedHashMap<>();
		this.db.select(placeFields(PLACE))
			.from(PLACE)
			.where(PLACE.PARENT_ID.in(ids))
			.orderBy(PLACE.CODE)
			.fetch(PlaceQueries::toPlace)
			.forEach((place) -> children.computeIfAbsent(place.parentId(), (k) -> new ArrayList<>()).add(place));
		return children;
	}

	/** For each place, its ancestors from the city down. */
	Map<Long, List<Place>> ancestorsOf(Collection<Long> ids) {
		org.epigrid.jooq.tables.Place self = PLACE.as("self");
		org.epigrid.jooq.tables.Place up = PLACE.as("up");
		List<SelectField<?>> fields = new ArrayList<>(placeFields(up));
		fields.add(self.ID);
		Map<Long, List<Place>> ancestors = new LinkedHashMap<>();
		this.db.select(fields)
			.from(self)
			.join(up)
			.on(DSL.condition("{0} @> {1}", up.PATH, self.PATH), up.ID.ne(self.ID))
			.where(self.ID.in(ids))
			.orderBy(self.ID, up.DEPTH)
			.forEach((r) -> ancestors.computeIfAbsent(r.get(self.ID), (k) -> new ArrayList<>()).add(toPlace(r)));
		return ancestors;
	}

	Map<Long, RiskLevel> riskLevelsOf(Collection<Long> ids) {
		Map<Long, RiskLevel> levels = new LinkedHashMap<>();
		this.db.select(PLACE.ID, riskRank(PLACE.PATH))
			.from(PLACE)
			.where(PLACE.ID.in(ids))
			.forEach((r) -> levels.put(r.value1(), RiskLevel.values()[r.value2()]));
		return levels;
	}

	/** Designations in force now on each place or its ancestors, highest first. */
	Map<Long, List<RiskDesignation>> designationsOf(Collection<Long> ids) {
		Map<Long, List<RiskDesignation>> designations = new LinkedHashMap<>();
		this.db.select(PLACE.ID, RISK_DESIGNATION.asterisk())
			.from(PLACE)
			.join(RISK_DESIGNATION)
			.on(DSL.condition("{0} = any(string_to_array({1}, '.'))", RISK_DESIGNATION.AREA_CODE, PATH_TEXT))
			.where(PLACE.ID.in(ids), RISK_DESIGNATION.EFFECTIVE_FROM.le(DSL.currentOffsetDateTime()),
					RISK_DESIGNATION.EFFECTIVE_TO.isNull()
						.or(RISK_DESIGNATION.EFFECTIVE_TO.gt(DSL.currentOffsetDateTime())))
			.orderBy(PLACE.ID,
					DSL.field("array_position(array['LOW','MEDIUM','HIGH'], {0})", RISK_DESIGNATION.LEVEL).desc())
			.forEach((r) -> designations.computeIfAbsent(r.get(PLACE.ID), (k) -> new ArrayList<>())
				.add(toDesignation(r.into(RISK_DESIGNATION))));
		return designations;
	}

	Optional<RiskDesignation> designation(long id) {
		return this.db.selectFrom(RISK_DESIGNATION)
			.where(RISK_DESIGNATION.ID.eq(id))
			.fetchOptional(PlaceQueries::toDesignation);
	}

	private static RiskDesignation toDesignation(RiskDesignationRecord r) {
		return new RiskDesignation(r.getId(), r.getAreaCode(), r.getAreaName(), RiskLevel.valueOf(r.getLevel()),
				r.getEffectiveFrom(), r.getEffectiveTo(), r.getIssuedBy());
	}

	Map<Long, Integer> placeVersions(Collection<Long> ids) {
		return this.db.select(PLACE.ID, PLACE.VERSION)
			.from(PLACE)
			.where(PLACE.ID.in(ids))
			.fetchMap(PLACE.ID, PLACE.VERSION);
	}

	Map<Long, Integer> siteVersions(Collection<Long> ids) {
		return this.db.select(SITE.ID, SITE.VERSION).from(SITE).where(SITE.ID.in(ids)).fetchMap(SITE.ID, SITE.VERSION);
	}

	Map<Long, List<GridStaff>> staffOf(Collection<Long> placeIds) {
		Map<Long, List<GridStaff>> staff = new LinkedHashMap<>();
		this.db.selectFrom(GRID_STAFF)
			.where(GRID_STAFF.PLACE_ID.in(placeIds))
			.orderBy(GRID_STAFF.PLACE_ID, GRID_STAFF.ROLE, GRID_STAFF.ID)
			.forEach((r) -> staff.computeIfAbsent(r.getPlaceId(), (k) -> new ArrayList<>())
				.add(new GridStaff(r.getId(), r.getPlaceId(), r.getPersonId(), GridRole.valueOf(r.getRole()),
						r.getSince())));
		return staff;
	}

	Optional<GridStaff> gridStaff(long id) {
		return this.db.selectFrom(GRID_STAFF)
			.where(GRID_STAFF.ID.eq(id))
			.fetchOptional((r) -> new GridStaff(r.getId(), r.getPlaceId(), r.getPersonId(),
					GridRole.valueOf(r.getRole()), r.getSince()));
	}

	// sites

	private static List<SelectField<?>> siteFields() {
		return List.of(SITE.ID, SITE.PLACE_ID, SITE.TYPE, SITE.NAME, SITE.ADDRESS, SITE.VENUE_CODE, SITE.STATUS,
				SITE.ROOMS, SITE.BEDS, SITE.DAILY_TEST_CAPACITY, SITE.LATITUDE, SITE.LONGITUDE);
	}

	static Site toSite(Record r) {
		return new Site(r.get(SITE.ID), r.get(SITE.PLACE_ID), SiteType.valueOf(r.get(SITE.TYPE)), r.get(SITE.NAME),
				r.get(SITE.ADDRESS), r.get(SITE.VENUE_CODE), SiteStatus.valueOf(r.get(SITE.STATUS)), r.get(SITE.ROOMS),
				r.get(SITE.BEDS), r.get(SITE.DAILY_TEST_CAPACITY), r.get(SITE.LATITUDE, Double.class),
				r.get(SITE.LONGITUDE, Double.class));
	}

	Connection<Site> sites(SiteFilter filter, PageRequest page) {
		Condition where = filter.toCondition();
		Cursor.Keys after = Cursor.decode(page.after(), 1);
		Condition keyset = (after != null) ? SITE.ID.gt(after.longAt(0)) : DSL.noCondition();
		List<Site> rows = this.db.select(siteFields())
			.from(SITE)
			.where(where, keyset)
			.orderBy(SITE.ID)
			.limit(page.limit())
			.fetch(PlaceQueries::toSite);
		return Connection.of(rows, page, (site) -> Cursor.encode(site.id()), () -> this.db.fetchCount(SITE, where));
	}

	Optional<Site> site(long id) {
		return this.db.select(siteFields()).from(SITE).where(SITE.ID.eq(id)).fetchOptional(PlaceQueries::toSite);
	}

	Map<Long, Site> sitesById(Collection<Long> ids) {
		Map<Long, Site> byId = new LinkedHashMap<>();
		this.db.select(siteFields())
			.from(SITE)
			.where(SITE.ID.in(ids))
			.fetch(PlaceQueries::toSite)
			.forEach((site) -> byId.put(site.id(), site));
		return byId;
	}

	/**
	 * For each place, up to {@code limit} sites of its subtree (one statement, a lateral
	 * join).
	 */
	Map<Long, List<Site>> sitesWithin(Collection<Long> placeIds, @Nullable SiteType type, int limit) {
		org.epigrid.jooq.tables.Place area = PLACE.as("area");
		org.epigrid.jooq.tables.Place inside = PLACE.as("inside");
		var subtreeSites = DSL.select(siteFields())
			.from(SITE)
			.where(SITE.PLACE_ID
				.in(DSL.select(inside.ID).from(inside).where(DSL.condition("{0} <@ {1}", inside.PATH, area.PATH))))
			.and((type != null) ? SITE.TYPE.eq(type.name()) : DSL.noCondition())
			.orderBy(SITE.ID)
			.limit(limit)
			.asTable("s");
		Map<Long, List<Site>> sites = new LinkedHashMap<>();
		this.db.select(area.ID, subtreeSites.asterisk())
			.from(area)
			.crossJoin(DSL.lateral(subtreeSites))
			.where(area.ID.in(placeIds))
			.orderBy(area.ID, subtreeSites.field(SITE.ID))
			.forEach((r) -> sites.computeIfAbsent(r.get(area.ID), (k) -> new ArrayList<>())
				.add(new Site(r.get(subtreeSites.field(SITE.ID)), r.get(subtreeSites.field(SITE.PLACE_ID)),
						SiteType.valueOf(r.get(subtreeSites.field(SITE.TYPE))), r.get(subtreeSites.field(SITE.NAME)),
						r.get(subtreeSites.field(SITE.ADDRESS)), r.get(subtreeSites.field(SITE.VENUE_CODE)),
						SiteStatus.valueOf(r.get(subtreeSites.field(SITE.STATUS))),
						r.get(subtreeSites.field(SITE.ROOMS)), r.get(subtreeSites.field(SITE.BEDS)),
						r.get(subtreeSites.field(SITE.DAILY_TEST_CAPACITY)),
						r.get(subtreeSites.field(SITE.LATITUDE), Double.class),
						r.get(subtreeSites.field(SITE.LONGITUDE), Double.class))));
		return sites;
	}

}
