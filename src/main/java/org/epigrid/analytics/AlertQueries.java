package org.epigrid.analytics;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.support.GlobalId;

/**
 * SQL for alerts: one branch per kind, each scoped to the area's subtree and served by a
 * partial index where the table is big (pending samples, untraced contacts, open
 * inspections, checked-in measures). {@link #alerts} is one UNION ALL statement of the
 * asked kinds, each ordered by since and limited; {@link #alertCounts} is one UNION ALL
 * statement of counts. Messages name things (items, sites, batches, sample kinds), never
 * people.
 */
@Repository
@Transactional(readOnly = true)
class AlertQueries {

	/** Site types that file a daily report (日报告、零报告). */
	static final String REPORTING_SITE_TYPES = "'SCHOOL', 'NURSING_HOME', 'WELFARE_HOME', 'PRISON', "
			+ "'DETENTION_CENTER', 'PSYCHIATRIC_HOSPITAL', 'HOSPITAL'";

	/**
	 * One kind of alert: FROM and WHERE (the alert condition, with {@code places} the
	 * area's subtree, {@code :today} and {@code :zone} to be bound), the columns
	 * (severity, what, place, site, since, record type, record id) and the order of
	 * urgency.
	 */
	private record Branch(String from, String where, String columns, String orderBy) {
	}

	private static final Map<AlertKind, Branch> BRANCHES = new EnumMap<>(AlertKind.class);

	static {
		BRANCHES.put(AlertKind.OVERDUE_RESULT,
				new Branch("sample s",
						"s.result IS NULL AND s.due_at < now() AND s.place_id IN (SELECT id FROM places)",
						"""
								CASE WHEN s.due_at < now() - interval '24 hours' THEN 'CRITICAL' ELSE 'WARNING' END,
								format('%s sample (%s) collected %s has no result; it was due %s', s.kind,
								       lower(replace(s.purpose, '_', ' ')), to_char(s.collected_at AT TIME ZONE :zone, 'YYYY-MM-DD HH24:MI'),
								       to_char(s.due_at AT TIME ZONE :zone, 'YYYY-MM-DD HH24:MI')),
								s.place_id, coalesce(s.lab_site_id, s.collection_site_id), s.due_at, 'Sample', s.id""",
						"s.due_at, s.id"));
		BRANCHES.put(AlertKind.UNTRACED_CONTACT, new Branch("contact c JOIN person pe ON pe.id = c.contact_person_id",
				"c.traced_at IS NULL AND c.trace_due_at < now() AND pe.residence_place_id IN (SELECT id FROM places)",
				"""
						CASE WHEN c.degree = 'CLOSE' THEN 'CRITICAL' ELSE 'WARNING' END,
						format('%s contact identified %s is not traced; tracing was due %s',
						       CASE WHEN c.degree = 'CLOSE' THEN 'Close' ELSE 'Secondary' END,
						       to_char(c.identified_at AT TIME ZONE :zone, 'YYYY-MM-DD HH24:MI'),
						       to_char(c.trace_due_at AT TIME ZONE :zone, 'YYYY-MM-DD HH24:MI')),
						pe.residence_place_id, NULL::bigint, c.trace_due_at, 'Contact', c.id""",
				"c.trace_due_at, c.id"));
		BRANCHES.put(AlertKind.STOCK_BELOW_TARGET, new Branch("""
				stock_requirement r
				JOIN site st ON st.id = r.site_id
				JOIN supply_item i ON i.id = r.item_id
				CROSS JOIN LATERAL (
				    SELECT coalesce(sum(b.on_hand), 0) AS on_hand, max(b.updated_at) AS changed_at
				    FROM stock_balance b WHERE b.site_id = r.site_id AND b.item_id = r.item_id
				) b""", "st.place_id IN (SELECT id FROM places) AND b.on_hand < r.full_load_daily_use * r.target_days",
				"""
						CASE WHEN b.on_hand < r.full_load_daily_use * r.target_days / 2 THEN 'CRITICAL' ELSE 'WARNING' END,
						format('%s (%s): %s days of cover at full load, target %s days', i.name, i.code,
						       round(b.on_hand / r.full_load_daily_use, 1), r.target_days),
						st.place_id, st.id, greatest(b.changed_at, r.updated_at), 'Site', st.id""",
				"greatest(b.changed_at, r.updated_at), st.id, i.id"));
		BRANCHES.put(AlertKind.MISSING_DAILY_REPORT,
				new Branch("site st",
						"""
								st.type IN (%s) AND st.status = 'ACTIVE' AND st.place_id IN (SELECT id FROM places)
								AND NOT EXISTS (SELECT FROM daily_report d WHERE d.site_id = st.id AND d.report_date = :today)"""
							.formatted(REPORTING_SITE_TYPES),
						"""
								'WARNING', format('%s has not filed its daily report for %s', st.name, :today),
								st.place_id, st.id, (:today::timestamp AT TIME ZONE :zone), 'Site', st.id""", "st.id"));
		BRANCHES.put(AlertKind.COLD_CHAIN_AWAITING_TEST, new Branch("""
				cold_chain_batch cb
				JOIN site w ON w.id = cb.warehouse_site_id
				CROSS JOIN LATERAL (
				    SELECT count(*) FILTER (WHERE s.result IS NULL) AS pending,
				           count(*) FILTER (WHERE s.result = 'NEGATIVE') AS negative,
				           count(*) FILTER (WHERE s.result = 'POSITIVE') AS positive
				    FROM sample s WHERE s.batch_id = cb.id
				) t""", """
				cb.status = 'HELD' AND (t.negative = 0 OR t.pending > 0) AND t.positive = 0
				AND w.place_id IN (SELECT id FROM places)""", """
				CASE WHEN cb.arrived_at < now() - interval '24 hours' THEN 'CRITICAL' ELSE 'WARNING' END,
				format('Held batch %s (%s from %s): %s', cb.batch_no, cb.product, cb.origin_country,
				       CASE WHEN t.pending > 0 THEN t.pending || ' sample(s) awaiting a result'
				            WHEN t.negative = 0 AND t.pending = 0 THEN 'no valid sample yet'
				            ELSE 'awaiting a negative result' END),
				w.place_id, w.id, cb.arrived_at, 'ColdChainBatch', cb.id""", "cb.arrived_at, cb.id"));
		BRANCHES.put(AlertKind.QUARANTINE_DUE_FOR_RELEASE, new Branch("""
				control_measure cm
				JOIN person pe ON pe.id = cm.person_id
				LEFT JOIN site st ON st.id = cm.site_id""", """
				cm.status = 'CHECKED_IN' AND cm.planned_release_on <= :today
				AND coalesce(st.place_id, pe.residence_place_id) IN (SELECT id FROM places)""", """
				CASE WHEN cm.planned_release_on < :today THEN 'WARNING' ELSE 'INFO' END,
				format('%s due for release on %s', initcap(replace(cm.kind, '_', ' ')), cm.planned_release_on),
				coalesce(st.place_id, pe.residence_place_id), cm.site_id,
				(cm.planned_release_on::timestamp AT TIME ZONE :zone), 'ControlMeasure', cm.id""",
				"cm.planned_release_on, cm.id"));
		BRANCHES.put(AlertKind.RECTIFICATION_OVERDUE, new Branch("inspection ins", """
				ins.status = 'OPEN' AND ins.rectification_due_on < :today
				AND ins.place_id IN (SELECT id FROM places)""", """
				CASE ins.severity WHEN 'CRITICAL' THEN 'CRITICAL' WHEN 'MAJOR' THEN 'WARNING' ELSE 'INFO' END,
				format('%s finding of %s: rectification was due %s', initcap(ins.severity),
				       to_char(ins.inspected_at AT TIME ZONE :zone, 'YYYY-MM-DD'), ins.rectification_due_on),
				ins.place_id, ins.site_id, ((ins.rectification_due_on + 1)::timestamp AT TIME ZONE :zone),
				'Inspection', ins.id""", "ins.rectification_due_on, ins.id"));
	}

	private static final String PLACES = """
			WITH places AS MATERIALIZED (
			    SELECT id FROM place WHERE path <@ :path
			)
			""";

	private final DSLContext db;

	AlertQueries(DSLContext db) {
		this.db = db;
	}

	/** Alerts of the given kinds, at most {@code limit} per kind, oldest first. */
	List<Alert> alerts(Area area, Collection<AlertKind> kinds, int limit, LocalDate today, String zone) {
		List<String> branches = new ArrayList<>();
		for (AlertKind kind : kinds) {
			Branch branch = BRANCHES.get(kind);
			branches.add("(SELECT '%s' AS kind, %s\nFROM %s\nWHERE %s\nORDER BY %s\nLIMIT :limit)"
				.formatted(kind.name(), branch.columns(), branch.from(), branch.where(), branch.orderBy()));
		}
		if (branches.isEmpty()) {
			return List.of();
		}
		// the union in a derived table: a lone parenthesised branch cannot take a second
		// ORDER BY
		String sql = PLACES + "SELECT * FROM (\n" + String.join("\nUNION ALL\n", branches)
				+ "\n) alert\nORDER BY 6, 1, 8";
		return this.db.fetch(bind(sql, area, today, zone, limit))
			.map((r) -> new Alert(AlertKind.valueOf(r.get(0, String.class)),
					AlertSeverity.valueOf(r.get(1, String.class)), r.get(2, String.class), r.get(3, Long.class),
					r.get(4, Long.class), r.get(5, OffsetDateTime.class),
					GlobalId.encode(r.get(6, String.class), r.get(7, Long.class))));
	}

	/** Counts of every kind, zeros included: one statement. */
	List<AlertCount> alertCounts(Area area, LocalDate today, String zone) {
		List<String> branches = new ArrayList<>();
		for (AlertKind kind : AlertKind.values()) {
			Branch branch = BRANCHES.get(kind);
			branches.add("SELECT '%s' AS kind, count(*)::int AS count FROM %s WHERE %s".formatted(kind.name(),
					branch.from(), branch.where()));
		}
		String sql = PLACES + String.join("\nUNION ALL\n", branches);
		return this.db.fetch(bind(sql, area, today, zone, 0))
			.map((r) -> new AlertCount(AlertKind.valueOf(r.get(0, String.class)), r.get(1, Integer.class)));
	}

	/**
	 * Inlines the parameters, all of them values the application made (a place path, a
	 * date, the configured zone, a checked limit), as SQL literals.
	 */
	private static String bind(String sql, Area area, LocalDate today, String zone, int limit) {
		return sql.replace(":path", area.pathLiteral())
			.replace(":today", DSL.inline(today).toString())
			.replace(":zone", DSL.inline(zone).toString())
			.replace(":limit", Integer.toString(limit));
	}

}
