package org.epigrid.metrics;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The epidemic situation and the state of operations as Prometheus metrics
 * ({@code epigrid_*}).
 *
 * <p>
 * A scheduled job ({@code epigrid.metrics.refresh-interval}, 30 s by default) runs a few
 * SQL aggregations and swaps the results into a snapshot; the meters only read that
 * snapshot, so a scrape never touches the database. The job uses its own jOOQ context
 * over the pool (no request listeners) and its duration is the timer
 * {@code epigrid_metrics_refresh_seconds}.
 *
 * <p>
 * Counters: samples are never deleted and a result, once set, stays, so the number of
 * samples (by county and purpose) and of resulted samples (by county, purpose and result)
 * only grow. They are exposed as {@link FunctionCounter}s over those totals
 * ({@code epigrid_samples_collected_total}, {@code epigrid_samples_resulted_total}),
 * which lets Prometheus compute throughput and positivity with {@code rate()} over any
 * window. Everything else is a state now and is a gauge ({@link MultiGauge} for labelled
 * series, rows replaced on every refresh).
 * <p>
 * No statement reads the whole sample table: the totals come from the daily rollup
 * (through {@code reporting.samples_daily}), the last 24 hours from the hourly rollup and
 * the indexes of pending and positive samples, the freshness timestamps from the rollup's
 * state (see {@code SampleRollup}, refreshed every few seconds).
 * <p>
 * Labels come only from bounded sets: {@code county} (code of the COUNTY on the place
 * path; the city code for rows at city level, {@code none} when unknown),
 * {@code purpose}, {@code result}, {@code kind}, {@code category}, {@code site_type}.
 * Never people, samples or names.
 */
@Component
public class DomainMetrics {

	private static final Logger logger = LoggerFactory.getLogger(DomainMetrics.class);

	/** County code of a place path; 'none' when the place is unknown. */
	private static final String COUNTY = "coalesce(reporting.county_code(p.path), 'none')";

	private final DSLContext db;

	private final MeterRegistry registry;

	private final MetricsProperties properties;

	private final Timer refreshTimer;

	private final Map<Tags, AtomicLong> collectedTotals = new ConcurrentHashMap<>();

	private final Map<Tags, AtomicLong> resultedTotals = new ConcurrentHashMap<>();

	private final AtomicReference<Freshness> freshness = new AtomicReference<>(
			new Freshness(Double.NaN, Double.NaN, Double.NaN));

	private final MultiGauge pending;

	private final MultiGauge overdue;

	private final MultiGauge positives;

	private final MultiGauge collectedLast24h;

	private final MultiGauge quarantineOccupied;

	private final MultiGauge quarantineCapacity;

	private final MultiGauge untracedContacts;

	private final MultiGauge daysOfCover;

	private final MultiGauge missingReports;

	private final MultiGauge openAlerts;

	DomainMetrics(DataSource dataSource, MeterRegistry registry, MetricsProperties properties) {
		this.db = DSL.using(dataSource, SQLDialect.POSTGRES);
		this.registry = registry;
		this.properties = properties;
		this.refreshTimer = Timer.builder("epigrid.metrics.refresh")
			.description("Duration of one refresh of the domain metrics (all SQL aggregations)")
			.register(registry);
		Gauge.builder("epigrid.metrics.last.refresh.timestamp", this.freshness, (f) -> f.get().refreshed())
			.baseUnit("seconds")
			.description("When the domain metrics were last refreshed (Unix time)")
			.register(registry);
		Gauge.builder("epigrid.testing.last.collection.timestamp", this.freshness, (f) -> f.get().lastCollection())
			.baseUnit("seconds")
			.description("Latest collection time of any sample (Unix time): how fresh the testing data is")
			.register(registry);
		Gauge.builder("epigrid.testing.last.result.timestamp", this.freshness, (f) -> f.get().lastResult())
			.baseUnit("seconds")
			.description("Latest result time of any sample (Unix time): how fresh the lab data is")
			.register(registry);
		this.pending = multiGauge("epigrid.samples.pending", "Samples without a result, by county and purpose");
		this.overdue = multiGauge("epigrid.samples.overdue",
				"Samples without a result past their deadline, by county and purpose");
		this.positives = multiGauge("epigrid.samples.positive.last24h",
				"POSITIVE results reported in the last 24 hours, by county and purpose");
		this.collectedLast24h = multiGauge("epigrid.samples.collected.last24h",
				"Samples collected in the last 24 hours, by county and purpose");
		this.quarantineOccupied = multiGauge("epigrid.quarantine.occupied",
				"People checked in at quarantine hotels, by county");
		this.quarantineCapacity = multiGauge("epigrid.quarantine.capacity",
				"Rooms of the quarantine hotels that are not closed, by county");
		this.untracedContacts = multiGauge("epigrid.contacts.untraced.overdue",
				"Contacts not traced past their deadline, by county of residence");
		this.daysOfCover = multiGauge("epigrid.supplies.cover.min",
				"Lowest days of cover of any site and item with a requirement, by county and item category");
		this.missingReports = multiGauge("epigrid.daily.reports.missing",
				"Active institutions without a daily report for today, by county and site type");
		this.openAlerts = multiGauge("epigrid.alerts.open", "Open alerts by kind and county");
	}

	private MultiGauge multiGauge(String name, String description) {
		return MultiGauge.builder(name).description(description).register(this.registry);
	}

	@Scheduled(fixedDelayString = "${epigrid.metrics.refresh-interval:30s}",
			initialDelayString = "${epigrid.metrics.initial-delay:5s}")
	void scheduledRefresh() {
		if (!this.properties.enabled()) {
			return;
		}
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			// keep the last snapshot; the staleness shows in the last-refresh timestamp
			logger.warn("Refreshing the domain metrics failed: {}", ex.getMessage());
		}
	}

	/** Runs the aggregations and publishes a new snapshot. */
	public synchronized void refresh() {
		this.refreshTimer.record(this::refreshNow);
	}

	private void refreshNow() {
		refreshSamples();
		this.quarantineOccupied.register(rows("""
				SELECT county_code AS county, sum(occupied) AS value
				FROM reporting.quarantine_occupancy GROUP BY 1""", "county"), true);
		this.quarantineCapacity.register(rows("""
				SELECT county_code AS county, sum(capacity) AS value
				FROM reporting.quarantine_occupancy GROUP BY 1""", "county"), true);
		this.untracedContacts.register(rows("""
				SELECT %s AS county, count(*) AS value
				FROM contact c
				JOIN person pe ON pe.id = c.contact_person_id
				LEFT JOIN place p ON p.id = pe.residence_place_id
				WHERE c.traced_at IS NULL AND c.trace_due_at < now()
				GROUP BY 1""".formatted(COUNTY), "county"), true);
		this.daysOfCover.register(rows("""
				SELECT county_code AS county, category, min(on_hand / daily_use) AS value
				FROM reporting.stock_cover GROUP BY 1, 2""", "county", "category"), true);
		this.missingReports.register(rows("""
				SELECT county_code AS county, site_type, missing AS value
				FROM reporting.daily_report_compliance WHERE day = current_date""", "county", "site_type"), true);
		this.openAlerts.register(rows("""
				SELECT coalesce(county_code, 'none') AS county, kind, open AS value
				FROM reporting.alerts_summary""", "county", "kind"), true);
		Freshness current = this.freshness.get();
		this.freshness
			.set(new Freshness(System.currentTimeMillis() / 1000.0, current.lastCollection(), current.lastResult()));
	}

	/**
	 * The sample figures, without reading the whole sample table: totals, pending and
	 * overdue from {@code reporting.samples_daily} (the daily rollup, a few seconds
	 * behind, plus the live overdue), the last 24 hours of collections from the hourly
	 * rollup (whole hours) and the samples of the partial hour before them, positives of
	 * the last 24 hours from the partial index of positive results, and the latest
	 * collection and result times the rollup has seen. While the rollup is being built (a
	 * fresh database, a bulk load) the totals are left as they are.
	 */
	private void refreshSamples() {
		Record state = this.db.fetchOne("""
				SELECT refreshed_to IS NOT NULL AND NOT rebuild_requested AS ready, last_collected_at, last_resulted_at
				FROM sample_rollup_state""");
		if (state == null || !Boolean.TRUE.equals(state.get("ready", Boolean.class))) {
			return;
		}
		Map<Tags, Long> pendingRows = new HashMap<>();
		Map<Tags, Long> overdueRows = new HashMap<>();
		for (Record group : this.db.fetch("""
				SELECT county_code AS county, purpose, sum(collected) AS collected, sum(positives) AS positives,
				       sum(invalids) AS invalids, sum(resulted - positives - invalids) AS negatives,
				       sum(pending) AS pending, sum(overdue) AS overdue
				FROM reporting.samples_daily GROUP BY 1, 2""")) {
			Tags tags = Tags.of("county", group.get("county", String.class), "purpose",
					group.get("purpose", String.class));
			counter(this.collectedTotals, "epigrid.samples.collected", "Samples collected, by county and purpose", tags)
				.set(group.get("collected", Long.class));
			for (String result : List.of("NEGATIVE", "POSITIVE", "INVALID")) {
				long total = group.get(switch (result) {
					case "NEGATIVE" -> "negatives";
					case "POSITIVE" -> "positives";
					default -> "invalids";
				}, Long.class);
				if (total > 0 || this.resultedTotals.containsKey(tags.and("result", result))) {
					counter(this.resultedTotals, "epigrid.samples.resulted",
							"Samples with a result, by county, purpose and result", tags.and("result", result))
						.set(total);
				}
			}
			pendingRows.put(tags, group.get("pending", Long.class));
			overdueRows.put(tags, group.get("overdue", Long.class));
		}
		this.pending.register(rows(pendingRows), true);
		this.overdue.register(rows(overdueRows), true);
		Map<Tags, Long> positiveRows = zeros(pendingRows.keySet());
		Map<Tags, Long> recentRows = zeros(pendingRows.keySet());
		sum(positiveRows, """
				SELECT %s AS county, s.purpose, count(*) AS value
				FROM sample s JOIN place p ON p.id = s.place_id
				WHERE s.result = 'POSITIVE' AND s.resulted_at >= now() - interval '24 hours'
				GROUP BY 1, 2""".formatted(COUNTY));
		sum(recentRows,
				"""
						WITH since AS (SELECT now() - interval '24 hours' AS at, date_trunc('hour', now() - interval '24 hours') + interval '1 hour' AS hour)
						SELECT county, purpose, sum(n) AS value
						FROM (SELECT c.code AS county, r.purpose, r.collected AS n
						      FROM sample_rollup_hourly r JOIN place c ON c.id = r.place_id AND c.level = 'COUNTY', since
						      WHERE r.purpose <> '*' AND r.kind = '*' AND r.hour >= since.hour
						      UNION ALL
						      SELECT city.code, s.purpose, 1
						      FROM place city JOIN sample s ON s.place_id = city.id, since
						      WHERE city.level = 'CITY' AND s.collected_at >= since.hour
						      UNION ALL
						      SELECT %s, s.purpose, 1
						      FROM sample s JOIN place p ON p.id = s.place_id, since
						      WHERE s.collected_at >= since.at AND s.collected_at < since.hour) recent
						GROUP BY 1, 2"""
					.formatted(COUNTY));
		this.positives.register(rows(positiveRows), true);
		this.collectedLast24h.register(rows(recentRows), true);
		Freshness current = this.freshness.get();
		this.freshness.set(new Freshness(current.refreshed(),
				latest(current.lastCollection(), state.get("last_collected_at", OffsetDateTime.class)),
				latest(current.lastResult(), state.get("last_resulted_at", OffsetDateTime.class))));
	}

	private static Map<Tags, Long> zeros(Collection<Tags> keys) {
		Map<Tags, Long> zeros = new HashMap<>();
		keys.forEach((tags) -> zeros.put(tags, 0L));
		return zeros;
	}

	/** Adds the {@code value} of each (county, purpose) row of the query. */
	private void sum(Map<Tags, Long> values, String sql) {
		for (Record row : this.db.fetch(sql)) {
			values.merge(
					Tags.of("county", row.get("county", String.class), "purpose", row.get("purpose", String.class)),
					row.get("value", Long.class), Long::sum);
		}
	}

	private static double latest(double current, OffsetDateTime candidate) {
		if (candidate == null) {
			return current;
		}
		double seconds = candidate.toInstant().toEpochMilli() / 1000.0;
		return (Double.isNaN(current) || seconds > current) ? seconds : current;
	}

	/** The total behind a function counter, registering the counter on first sight. */
	private AtomicLong counter(Map<Tags, AtomicLong> totals, String name, String description, Tags tags) {
		return totals.computeIfAbsent(tags, (key) -> {
			AtomicLong total = new AtomicLong();
			FunctionCounter.builder(name, total, AtomicLong::get)
				.description(description)
				.tags(key)
				.register(this.registry);
			return total;
		});
	}

	private static List<MultiGauge.Row<?>> rows(Map<Tags, Long> values) {
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		values.forEach((tags, value) -> rows.add(MultiGauge.Row.of(tags, value)));
		return rows;
	}

	/** One row per result record: the given label columns as tags, column "value". */
	private List<MultiGauge.Row<?>> rows(String sql, String... labels) {
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		for (Record record : this.db.fetch(sql)) {
			String[] tags = new String[labels.length * 2];
			for (int i = 0; i < labels.length; i++) {
				tags[2 * i] = labels[i];
				Object label = record.get(labels[i]);
				tags[2 * i + 1] = (label != null) ? label.toString() : "none";
			}
			Number value = record.get("value", Double.class);
			rows.add(MultiGauge.Row.of(Tags.of(tags), (value != null) ? value : Double.NaN));
		}
		return rows;
	}

	/** Unix times in seconds; NaN until known. */
	private record Freshness(double refreshed, double lastCollection, double lastResult) {
	}

}
