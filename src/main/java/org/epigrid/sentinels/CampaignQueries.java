package org.epigrid.sentinels;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
import org.jooq.Result;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.people.Person;
import org.epigrid.places.Areas;
import org.epigrid.places.Place;
import org.epigrid.places.PlaceLevel;
import org.epigrid.support.BadRequestException;
import org.epigrid.support.Connection;
import org.epigrid.support.Cursor;
import org.epigrid.support.PageRequest;
import org.epigrid.testing.Campaign;

import static org.epigrid.jooq.Tables.CAMPAIGN;
import static org.epigrid.jooq.Tables.CAMPAIGN_COVERAGE_ROLLUP;
import static org.epigrid.jooq.Tables.CAMPAIGN_COVERAGE_ROLLUP_REFRESHED;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.PLACE;
import static org.epigrid.jooq.Tables.SAMPLE;

/**
 * SQL for mass-testing campaigns and their coverage. Every method is one statement;
 * counts and ratios are computed by PostgreSQL, never by loading rows.
 *
 * <p>
 * Counting rules: a resident is a person whose residence place is in the campaign's area;
 * a resident is tested once any sample of theirs carries the campaign
 * ({@code sample.campaign_id}), whatever its result. Samples taken outside the campaign
 * do not count, even within its dates.
 */
@Repository
@Transactional(readOnly = true)
class CampaignQueries {

	private final DSLContext db;

	CampaignQueries(DSLContext db) {
		this.db = db;
	}

	private static List<SelectField<?>> campaignFields() {
		return List.of(CAMPAIGN.ID, CAMPAIGN.NAME, CAMPAIGN.PLACE_ID, CAMPAIGN.STARTS_ON, CAMPAIGN.ENDS_ON);
	}

	private static Campaign toCampaign(Record r) {
		return new Campaign(r.get(CAMPAIGN.ID), r.get(CAMPAIGN.NAME), r.get(CAMPAIGN.PLACE_ID),
				r.get(CAMPAIGN.STARTS_ON), r.get(CAMPAIGN.ENDS_ON));
	}

	/** Latest start first, then newest id. */
	Connection<Campaign> campaigns(CampaignFilter filter, PageRequest page) {
		Condition where = filter.toCondition();
		Cursor.Keys after = Cursor.decode(page.after(), 2);
		Condition keyset = (after != null)
				? DSL.row(CAMPAIGN.STARTS_ON, CAMPAIGN.ID).lt(DSL.row(dateAt(after, 0), after.longAt(1)))
				: DSL.noCondition();
		List<Campaign> rows = this.db.select(campaignFields())
			.from(CAMPAIGN)
			.where(where, keyset)
			.orderBy(CAMPAIGN.STARTS_ON.desc(), CAMPAIGN.ID.desc())
			.limit(page.limit())
			.fetch(CampaignQueries::toCampaign);
		return Connection.of(rows, page, (campaign) -> Cursor.encode(campaign.startsOn(), campaign.id()),
				() -> this.db.fetchCount(CAMPAIGN, where));
	}

	Optional<Campaign> campaign(long id) {
		return this.db.select(campaignFields())
			.from(CAMPAIGN)
			.where(CAMPAIGN.ID.eq(id))
			.fetchOptional(CampaignQueries::toCampaign);
	}

	/** The distinct people with a sample of the campaign, as a derived table. */
	private static Table<?> testedPeople(Condition campaigns) {
		return DSL.selectDistinct(SAMPLE.CAMPAIGN_ID, SAMPLE.PERSON_ID)
			.from(SAMPLE)
			.where(campaigns, SAMPLE.PERSON_ID.isNotNull())
			.asTable("tested");
	}

	private static Field<Double> ratio(Field<Integer> tested, Field<Integer> residents) {
		return DSL.field("{0}::float8 / nullif({1}, 0)", Double.class, tested, residents);
	}

	/** The grids of the campaign's area. */
	private static Condition gridsOf(org.epigrid.jooq.tables.Place grid, Campaign campaign) {
		org.epigrid.jooq.tables.Place area = PLACE.as("area");
		return grid.LEVEL.eq(PlaceLevel.GRID.name())
			.and(DSL.condition("{0} <@ ({1})", grid.PATH,
					DSL.select(area.PATH).from(area).where(area.ID.eq(campaign.placeId()))));
	}

	/** The grids after the page's cursor (by code). */
	private static Condition afterGrid(org.epigrid.jooq.tables.Place grid, PageRequest page) {
		Cursor.Keys after = Cursor.decode(page.after(), 1);
		return (after != null) ? grid.CODE.gt(after.stringAt(0)) : DSL.noCondition();
	}

	private static List<SelectField<?>> gridCoverageFields(org.epigrid.jooq.tables.Place grid, Field<Integer> residents,
			Field<Integer> tested) {
		return List.of(grid.ID, grid.CODE, grid.NAME, grid.LEVEL, grid.PARENT_ID,
				DSL.field("ltree2text({0})", String.class, grid.PATH), grid.POPULATION, grid.LATITUDE, grid.LONGITUDE,
				residents, tested, ratio(tested, residents));
	}

	private static GridCoverage toGridCoverage(Record r) {
		return new GridCoverage(
				new Place(r.get(0, Long.class), r.get(1, String.class), r.get(2, String.class),
						PlaceLevel.valueOf(r.get(3, String.class)), r.get(4, Long.class), r.get(5, String.class),
						r.get(6, Integer.class), r.get(7, Double.class), r.get(8, Double.class)),
				r.get(9, Integer.class), r.get(10, Integer.class), r.get(11, Double.class));
	}

	/**
	 * One row per grid of the campaign's area, by grid code, read from the rollup (a few
	 * seconds behind); live, when the campaign has not been computed yet.
	 */
	Connection<GridCoverage> coverage(Campaign campaign, PageRequest page) {
		org.epigrid.jooq.tables.Place grid = PLACE.as("grid");
		Condition grids = gridsOf(grid, campaign);
		Field<Boolean> computed = DSL.field(DSL.exists(DSL.selectOne()
			.from(CAMPAIGN_COVERAGE_ROLLUP_REFRESHED)
			.where(CAMPAIGN_COVERAGE_ROLLUP_REFRESHED.CAMPAIGN_ID.eq(campaign.id())))).as("computed");
		List<SelectField<?>> fields = new ArrayList<>(gridCoverageFields(grid,
				DSL.coalesce(CAMPAIGN_COVERAGE_ROLLUP.RESIDENTS, 0), DSL.coalesce(CAMPAIGN_COVERAGE_ROLLUP.TESTED, 0)));
		fields.add(computed);
		Result<Record> rows = this.db.select(fields)
			.from(grid)
			.leftJoin(CAMPAIGN_COVERAGE_ROLLUP)
			.on(CAMPAIGN_COVERAGE_ROLLUP.CAMPAIGN_ID.eq(campaign.id()), CAMPAIGN_COVERAGE_ROLLUP.PLACE_ID.eq(grid.ID))
			.where(grids, afterGrid(grid, page))
			.orderBy(grid.CODE)
			.limit(page.limit())
			.fetch();
		if (!rows.isEmpty() && !Boolean.TRUE.equals(rows.get(0).get(computed))) {
			return liveCoverage(campaign, page);
		}
		return Connection.of(rows.map(CampaignQueries::toGridCoverage), page, (row) -> Cursor.encode(row.grid().code()),
				() -> this.db.fetchCount(grid, grids));
	}

	/**
	 * What {@link #coverage} reads from the rollup, counted live with one GROUP BY over
	 * grid ⟕ person ⟕ tested people.
	 */
	Connection<GridCoverage> liveCoverage(Campaign campaign, PageRequest page) {
		org.epigrid.jooq.tables.Place grid = PLACE.as("grid");
		Condition grids = gridsOf(grid, campaign);
		Table<?> tested = testedPeople(SAMPLE.CAMPAIGN_ID.eq(campaign.id()));
		Field<Long> testedPerson = tested.field(SAMPLE.PERSON_ID);
		List<GridCoverage> rows = this.db
			.select(gridCoverageFields(grid, DSL.count(PERSON.ID), DSL.count(testedPerson)))
			.from(grid)
			.leftJoin(PERSON)
			.on(PERSON.RESIDENCE_PLACE_ID.eq(grid.ID))
			.leftJoin(tested)
			.on(testedPerson.eq(PERSON.ID))
			.where(grids, afterGrid(grid, page))
			.groupBy(grid.ID)
			.orderBy(grid.CODE)
			.limit(page.limit())
			.fetch(CampaignQueries::toGridCoverage);
		return Connection.of(rows, page, (row) -> Cursor.encode(row.grid().code()),
				() -> this.db.fetchCount(grid, grids));
	}

	/**
	 * Residents of the campaign's area (and of {@code within}, when given) without a
	 * sample of the campaign, by person id.
	 */
	Connection<Person> untestedResidents(Campaign campaign, @Nullable Long within, PageRequest page) {
		Condition where = Areas.within(PERSON.RESIDENCE_PLACE_ID, campaign.placeId())
			.and((within != null) ? Areas.within(PERSON.RESIDENCE_PLACE_ID, within) : DSL.noCondition())
			.andNotExists(DSL.selectOne()
				.from(SAMPLE)
				.where(SAMPLE.CAMPAIGN_ID.eq(campaign.id()), SAMPLE.PERSON_ID.eq(PERSON.ID)));
		Cursor.Keys after = Cursor.decode(page.after(), 1);
		Condition keyset = (after != null) ? PERSON.ID.gt(after.longAt(0)) : DSL.noCondition();
		List<Person> rows = this.db.selectFrom(PERSON)
			.where(where, keyset)
			.orderBy(PERSON.ID)
			.limit(page.limit())
			.fetch(SentinelQueries::toPerson);
		return Connection.of(rows, page, (person) -> Cursor.encode(person.id()),
				() -> this.db.fetchCount(PERSON, where));
	}

	/**
	 * Totals of each campaign over its whole area: sums of its rollup rows, one GROUP BY
	 * for all of them; the campaigns not computed yet live ({@link #liveProgressOf}).
	 */
	Map<Long, CampaignProgress> progressOf(Collection<Long> campaignIds) {
		Field<Integer> residents = DSL.coalesce(DSL.sum(CAMPAIGN_COVERAGE_ROLLUP.RESIDENTS), 0).cast(Integer.class);
		Field<Integer> tested = DSL.coalesce(DSL.sum(CAMPAIGN_COVERAGE_ROLLUP.TESTED), 0).cast(Integer.class);
		Map<Long, CampaignProgress> progress = new LinkedHashMap<>();
		this.db.select(CAMPAIGN_COVERAGE_ROLLUP_REFRESHED.CAMPAIGN_ID, residents, tested, ratio(tested, residents))
			.from(CAMPAIGN_COVERAGE_ROLLUP_REFRESHED)
			.leftJoin(CAMPAIGN_COVERAGE_ROLLUP)
			.on(CAMPAIGN_COVERAGE_ROLLUP.CAMPAIGN_ID.eq(CAMPAIGN_COVERAGE_ROLLUP_REFRESHED.CAMPAIGN_ID))
			.where(CAMPAIGN_COVERAGE_ROLLUP_REFRESHED.CAMPAIGN_ID.in(campaignIds))
			.groupBy(CAMPAIGN_COVERAGE_ROLLUP_REFRESHED.CAMPAIGN_ID)
			.fetch((r) -> new CampaignProgress(r.value1(), r.value2(), r.value3(), r.value4()))
			.forEach((row) -> progress.put(row.campaignId(), row));
		List<Long> notComputed = campaignIds.stream().filter((id) -> !progress.containsKey(id)).toList();
		if (!notComputed.isEmpty()) {
			progress.putAll(liveProgressOf(notComputed));
		}
		return progress;
	}

	/** What {@link #progressOf} reads from the rollup, counted live with one GROUP BY. */
	Map<Long, CampaignProgress> liveProgressOf(Collection<Long> campaignIds) {
		org.epigrid.jooq.tables.Place area = PLACE.as("area");
		org.epigrid.jooq.tables.Place home = PLACE.as("home");
		Table<?> tested = testedPeople(SAMPLE.CAMPAIGN_ID.in(campaignIds));
		Field<Integer> residents = DSL.count(PERSON.ID);
		Field<Integer> testedResidents = DSL.count(tested.field(SAMPLE.PERSON_ID));
		Map<Long, CampaignProgress> progress = new LinkedHashMap<>();
		this.db.select(CAMPAIGN.ID, residents, testedResidents, ratio(testedResidents, residents))
			.from(CAMPAIGN)
			.join(area)
			.on(area.ID.eq(CAMPAIGN.PLACE_ID))
			.leftJoin(home)
			.on(DSL.condition("{0} <@ {1}", home.PATH, area.PATH))
			.leftJoin(PERSON)
			.on(PERSON.RESIDENCE_PLACE_ID.eq(home.ID))
			.leftJoin(tested)
			.on(tested.field(SAMPLE.CAMPAIGN_ID).eq(CAMPAIGN.ID), tested.field(SAMPLE.PERSON_ID).eq(PERSON.ID))
			.where(CAMPAIGN.ID.in(campaignIds))
			.groupBy(CAMPAIGN.ID)
			.fetch((r) -> new CampaignProgress(r.value1(), r.value2(), r.value3(), r.value4()))
			.forEach((row) -> progress.put(row.campaignId(), row));
		return progress;
	}

	private static LocalDate dateAt(Cursor.Keys keys, int index) {
		try {
			return LocalDate.parse(keys.stringAt(index));
		}
		catch (DateTimeParseException ex) {
			throw new BadRequestException("'after' is not a cursor returned by this connection");
		}
	}

}
