package org.epigrid.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.people.PersonCategory;
import org.epigrid.places.Place;
import org.epigrid.places.PlaceLevel;
import org.epigrid.places.RiskLevel;
import org.epigrid.places.Site;
import org.epigrid.places.SiteStatus;
import org.epigrid.places.SiteType;
import org.epigrid.supplies.SupplyCategory;
import org.epigrid.supplies.SupplyItem;

/**
 * SQL for the analytics other than testingStats and alerts, and for the places, sites and
 * items they refer to. Each analytic is one statement, scoped to the area's subtree.
 */
@Repository
@Transactional(readOnly = true)
class AnalyticsQueries {

	private final DSLContext db;

	private final AnalyticsProperties properties;

	private final VaccinationRollup vaccinations;

	AnalyticsQueries(DSLContext db, AnalyticsProperties properties, VaccinationRollup vaccinations) {
		this.db = db;
		this.properties = properties;
		this.vaccinations = vaccinations;
	}

	Optional<Area> area(long id) {
		return this.db.fetchOptional("SELECT id, level, ltree2text(path) FROM place WHERE id = ?", id)
			.map((r) -> new Area(r.get(0, Long.class), PlaceLevel.valueOf(r.get(1, String.class)),
					r.get(2, String.class)));
	}

	/**
	 * Quarantine hotels and hospitals of the area (closed ones only while someone is
	 * still checked in) with the people checked in, and the totals (GROUPING SETS).
	 */
	QuarantineOccupancy quarantineOccupancy(Area area, LocalDate today) {
		List<QuarantineSiteOccupancy> sites = new ArrayList<>();
		int[] totals = new int[3];
		this.db.fetch("""
				SELECT st.id, sum(coalesce(st.rooms, st.beds))::int AS capacity, sum(o.occupied)::int AS occupied,
				       sum(o.due)::int AS due
				FROM site st
				CROSS JOIN LATERAL (
				    SELECT count(*) AS occupied, count(*) FILTER (WHERE cm.planned_release_on <= ?::date) AS due
				    FROM control_measure cm WHERE cm.site_id = st.id AND cm.status = 'CHECKED_IN'
				) o
				WHERE st.type IN ('QUARANTINE_HOTEL', 'HOSPITAL') AND st.place_id IN %s
				  AND (st.status <> 'CLOSED' OR o.occupied > 0)
				GROUP BY GROUPING SETS ((st.id), ())
				ORDER BY st.id NULLS FIRST""".formatted(area.subtree()), today).forEach((r) -> {
			Long site = r.get(0, Long.class);
			Integer capacity = r.get(1, Integer.class);
			Integer occupied = r.get(2, Integer.class);
			Integer due = r.get(3, Integer.class);
			int occupiedCount = (occupied != null) ? occupied : 0;
			int dueCount = (due != null) ? due : 0;
			if (site == null) {
				totals[0] = occupiedCount;
				totals[1] = (capacity != null) ? capacity : 0;
				totals[2] = dueCount;
			}
			else {
				sites.add(new QuarantineSiteOccupancy(site, occupiedCount, capacity, ratio(occupiedCount, capacity),
						dueCount));
			}
		});
		return new QuarantineOccupancy(totals[0], totals[1], ratio(totals[0], totals[1]), totals[2], sites);
	}

	/**
	 * Contacts identified in [from, to) whose residence is in the area: the contacts of
	 * the period, each with its person looked up by key (the planner would rather read
	 * every resident of the area, ten times as many rows for a county of the city demo).
	 */
	TracingTimeliness tracingTimeliness(Area area, OffsetDateTime from, OffsetDateTime to) {
		Record r = this.db.fetchOne(
				"""
						SELECT count(*) AS identified,
						       count(*) FILTER (WHERE c.traced_at <= c.trace_due_at) AS in_time,
						       count(*) FILTER (WHERE c.traced_at > c.trace_due_at) AS late,
						       count(*) FILTER (WHERE c.traced_at IS NULL AND c.trace_due_at < now()) AS overdue,
						       count(*) FILTER (WHERE c.traced_at IS NULL AND c.trace_due_at >= now()) AS not_yet_due
						FROM contact c
						CROSS JOIN LATERAL (SELECT pe.residence_place_id FROM person pe WHERE pe.id = c.contact_person_id OFFSET 0) pe
						WHERE c.identified_at >= ?::timestamptz AND c.identified_at < ?::timestamptz AND pe.residence_place_id IN %s"""
					.formatted(area.subtree()),
				from, to);
		int inTime = r.get(1, Integer.class);
		int late = r.get(2, Integer.class);
		int overdue = r.get(3, Integer.class);
		return new TracingTimeliness(r.get(0, Integer.class), inTime, late, overdue, r.get(4, Integer.class),
				ratio(inTime, inTime + late + overdue));
	}

	/**
	 * Arrivals per day (in the zone) and origin risk level, days [from, to] inclusive:
	 * each place of the area read by its (destination, arrival) index range, rather than
	 * every arrival of the period in the city.
	 */
	List<ReturneeInflow> returneeInflow(Area area, LocalDate from, LocalDate to, ZoneId zone) {
		String zoneName = TestingStatsQueries.postgresZone(zone);
		return this.db
			.fetch("""
					SELECT (t.arrived_at AT TIME ZONE ?)::date AS day, t.origin_risk_level, count(*) AS arrivals
					FROM %s p
					CROSS JOIN LATERAL (
					    SELECT t.arrived_at, t.origin_risk_level FROM travel_record t
					    WHERE t.destination_place_id = p.id AND t.arrived_at >= ?::timestamptz AND t.arrived_at < ?::timestamptz
					    OFFSET 0
					) t
					GROUP BY 1, 2
					ORDER BY 1, array_position(ARRAY['NONE', 'LOW', 'MEDIUM', 'HIGH'], t.origin_risk_level)"""
				.formatted(area.subtree()), zoneName, from.atStartOfDay(zone).toOffsetDateTime(),
					to.plusDays(1).atStartOfDay(zone).toOffsetDateTime())
			.map((r) -> new ReturneeInflow(r.get(0, LocalDate.class), RiskLevel.valueOf(r.get(1, String.class)),
					r.get(2, Integer.class)));
	}

	/**
	 * Per item: stock of every site in the area (balances summed per site and item,
	 * full-joined with the requirements, as the stock API does), then summed over the
	 * sites.
	 */
	List<SupplyCoverage> supplyCoverage(Area area) {
		return this.db
			.fetch("""
					WITH sites AS (SELECT id FROM site WHERE place_id IN %s),
					balance AS (
					    SELECT b.site_id, b.item_id, sum(b.on_hand) AS on_hand
					    FROM stock_balance b WHERE b.site_id IN (SELECT id FROM sites)
					    GROUP BY b.site_id, b.item_id
					),
					requirement AS (
					    SELECT r.site_id, r.item_id, r.full_load_daily_use, r.target_days
					    FROM stock_requirement r WHERE r.site_id IN (SELECT id FROM sites)
					),
					levels AS (
					    SELECT coalesce(b.site_id, r.site_id) AS site_id, coalesce(b.item_id, r.item_id) AS item_id,
					           coalesce(b.on_hand, 0) AS on_hand, r.full_load_daily_use AS daily_use,
					           r.full_load_daily_use * r.target_days AS target_on_hand
					    FROM balance b FULL JOIN requirement r ON r.site_id = b.site_id AND r.item_id = b.item_id
					),
					items AS (
					    SELECT item_id, sum(on_hand) AS on_hand, sum(daily_use) AS daily_use,
					           sum(target_on_hand) AS target_on_hand, count(DISTINCT site_id) AS sites,
					           count(*) FILTER (WHERE on_hand < target_on_hand) AS sites_below_target
					    FROM levels GROUP BY item_id
					)
					SELECT item_id, on_hand, daily_use, target_on_hand,
					       (on_hand / daily_use)::float8 AS days_of_cover, (target_on_hand / daily_use)::float8 AS target_days,
					       coalesce(on_hand < target_on_hand, false) AS below_target, sites, sites_below_target
					FROM items ORDER BY item_id"""
				.formatted(area.subtree()))
			.map((r) -> new SupplyCoverage(r.get(0, Long.class), r.get(1, BigDecimal.class), r.get(2, BigDecimal.class),
					r.get(3, BigDecimal.class), r.get(4, Double.class), r.get(5, Double.class), r.get(6, Boolean.class),
					r.get(7, Integer.class), r.get(8, Integer.class)));
	}

	/**
	 * Residents of the area by dose count, counted once in total and once per category
	 * they are in: from the rollup of residents per place, category and doses
	 * ({@link VaccinationRollup}, a few seconds behind) once it is built, else from the
	 * people and their vaccinations (one index probe per resident).
	 */
	VaccinationCoverage vaccinationCoverage(Area area) {
		List<CategoryVaccinationCoverage> categories = new ArrayList<>();
		int[] total = new int[3];
		boolean rolledUp = this.vaccinations.ready();
		String sql = rolledUp ? """
				SELECT nullif(category, '*') AS category, sum(people)::int AS people,
				       coalesce(sum(people) FILTER (WHERE doses >= 1), 0)::int AS vaccinated,
				       coalesce(sum(people) FILTER (WHERE doses >= ?), 0)::int AS fully
				FROM vaccination_rollup WHERE place_id IN %s
				GROUP BY category
				ORDER BY 1 NULLS FIRST""".formatted(area.subtree()) : """
				WITH residents AS (
				    SELECT pe.categories, (SELECT count(*) FROM vaccination v WHERE v.person_id = pe.id) AS doses
				    FROM person pe WHERE pe.residence_place_id IN %s
				)
				SELECT NULL::text AS category, count(*) AS people, count(*) FILTER (WHERE doses >= 1) AS vaccinated,
				       count(*) FILTER (WHERE doses >= ?) AS fully
				FROM residents
				UNION ALL
				SELECT c.category, count(*), count(*) FILTER (WHERE doses >= 1), count(*) FILTER (WHERE doses >= ?)
				FROM residents, unnest(residents.categories) AS c(category)
				GROUP BY c.category
				ORDER BY 1 NULLS FIRST""".formatted(area.subtree());
		Object[] binds = rolledUp ? new Object[] { this.properties.fullyVaccinatedDoses() }
				: new Object[] { this.properties.fullyVaccinatedDoses(), this.properties.fullyVaccinatedDoses() };
		this.db.fetch(sql, binds).forEach((r) -> {
			String category = r.get(0, String.class);
			int people = r.get(1, Integer.class);
			int vaccinated = r.get(2, Integer.class);
			int fully = r.get(3, Integer.class);
			if (category == null) {
				total[0] = people;
				total[1] = vaccinated;
				total[2] = fully;
			}
			else {
				categories.add(new CategoryVaccinationCoverage(PersonCategory.valueOf(category), people, vaccinated,
						fully, ratio(fully, people)));
			}
		});
		return new VaccinationCoverage(total[0], total[1], total[2], ratio(total[2], total[0]), categories);
	}

	// what the analytics refer to

	Map<Long, Place> placesById(Collection<Long> ids) {
		Map<Long, Place> byId = new LinkedHashMap<>();
		this.db.fetch("""
				SELECT id, code, name, level, parent_id, ltree2text(path), population, latitude, longitude
				FROM place WHERE id = ANY(?)""", (Object) ids.toArray(Long[]::new))
			.forEach((r) -> byId.put(r.get(0, Long.class),
					new Place(r.get(0, Long.class), r.get(1, String.class), r.get(2, String.class),
							PlaceLevel.valueOf(r.get(3, String.class)), r.get(4, Long.class), r.get(5, String.class),
							r.get(6, Integer.class), r.get(7, Double.class), r.get(8, Double.class))));
		return byId;
	}

	Map<Long, Site> sitesById(Collection<Long> ids) {
		Map<Long, Site> byId = new LinkedHashMap<>();
		this.db.fetch("""
				SELECT id, place_id, type, name, address, venue_code, status, rooms, beds, daily_test_capacity,
				       latitude, longitude
				FROM site WHERE id = ANY(?)""", (Object) ids.toArray(Long[]::new))
			.forEach((r) -> byId.put(r.get(0, Long.class),
					new Site(r.get(0, Long.class), r.get(1, Long.class), SiteType.valueOf(r.get(2, String.class)),
							r.get(3, String.class), r.get(4, String.class), r.get(5, String.class),
							SiteStatus.valueOf(r.get(6, String.class)), r.get(7, Integer.class),
							r.get(8, Integer.class), r.get(9, Integer.class), r.get(10, Double.class),
							r.get(11, Double.class))));
		return byId;
	}

	Map<Long, SupplyItem> itemsById(Collection<Long> ids) {
		Map<Long, SupplyItem> byId = new LinkedHashMap<>();
		this.db
			.fetch("SELECT id, code, name, category, unit, version FROM supply_item WHERE id = ANY(?)",
					(Object) ids.toArray(Long[]::new))
			.forEach((r) -> byId.put(r.get(0, Long.class),
					new SupplyItem(r.get(0, Long.class), r.get(1, String.class), r.get(2, String.class),
							SupplyCategory.valueOf(r.get(3, String.class)), r.get(4, String.class),
							r.get(5, Integer.class))));
		return byId;
	}

	static @Nullable Double ratio(int part, @Nullable Integer whole) {
		return (whole != null && whole > 0) ? (double) part / whole : null;
	}

}
