package org.epigrid.metrics;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.jooq.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import org.epigrid.analytics.SampleRollup;
import org.epigrid.metrics.MetricsFixtures.Scenario;
import org.epigrid.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The domain metrics at /actuator/prometheus and the reporting views show the numbers of
 * a known county, written down by hand (not computed by the same SQL); the analyst role
 * reads the views and nothing else.
 */
class DomainMetricsTests extends IntegrationTest {

	@Autowired
	DomainMetrics metrics;

	@Autowired
	SampleRollup rollup;

	Scenario scenario;

	String county;

	@BeforeEach
	void buildScenario() {
		this.scenario = new MetricsFixtures(this.db, this.data).build();
		this.county = this.scenario.county().code();
		// the sample figures are read from the rollup, which its schedule keeps a few
		// seconds behind: bring it up to date now
		this.rollup.refreshNow();
	}

	Exposition scrape() {
		this.metrics.refresh();
		return Exposition.parse(prometheusExposition());
	}

	<T> T value(String sql, Class<T> type) {
		return this.db.fetchOne(sql).get(0, type);
	}

	@Test
	void samplesAreCountedByCountyPurposeAndResult() {
		Exposition exposition = scrape();
		String c = this.county;
		assertThat(exposition.value("epigrid_samples_collected_total", "county", c, "purpose", "ROUTINE")).isEqualTo(5);
		assertThat(exposition.value("epigrid_samples_collected_total", "county", c, "purpose", "KEY_GROUP"))
			.isEqualTo(1);
		assertThat(exposition.value("epigrid_samples_resulted_total", "county", c, "purpose", "ROUTINE", "result",
				"NEGATIVE"))
			.isEqualTo(2);
		assertThat(exposition.value("epigrid_samples_resulted_total", "county", c, "purpose", "ROUTINE", "result",
				"POSITIVE"))
			.isEqualTo(2);
		assertThat(exposition.value("epigrid_samples_pending", "county", c, "purpose", "ROUTINE")).isEqualTo(1);
		assertThat(exposition.value("epigrid_samples_pending", "county", c, "purpose", "KEY_GROUP")).isEqualTo(1);
		assertThat(exposition.value("epigrid_samples_overdue", "county", c, "purpose", "ROUTINE")).isEqualTo(1);
		assertThat(exposition.value("epigrid_samples_overdue", "county", c, "purpose", "KEY_GROUP")).isEqualTo(0);
		assertThat(exposition.value("epigrid_samples_positive_last24h", "county", c, "purpose", "ROUTINE"))
			.isEqualTo(1);
		assertThat(exposition.value("epigrid_samples_collected_last24h", "county", c, "purpose", "ROUTINE"))
			.isEqualTo(1);
		assertThat(exposition.value("epigrid_samples_collected_total", "county", c, "purpose", "ROUTINE", "application",
				"epigrid"))
			.isNotNull();
	}

	@Test
	void operationsAreMeasuredPerCounty() {
		Exposition exposition = scrape();
		String c = this.county;
		assertThat(exposition.value("epigrid_quarantine_occupied", "county", c)).isEqualTo(2);
		assertThat(exposition.value("epigrid_quarantine_capacity", "county", c)).isEqualTo(50);
		assertThat(exposition.value("epigrid_contacts_untraced_overdue", "county", c)).isEqualTo(1);
		assertThat(exposition.value("epigrid_supplies_cover_min", "county", c, "category", "PPE")).isEqualTo(10);
		assertThat(exposition.value("epigrid_supplies_cover_min", "county", c, "category", "MEDICINE")).isEqualTo(50);
		assertThat(exposition.value("epigrid_daily_reports_missing", "county", c, "site_type", "SCHOOL")).isEqualTo(1);
		Map<String, Integer> alerts = Map.of("OVERDUE_RESULT", 1, "UNTRACED_CONTACT", 1, "STOCK_BELOW_TARGET", 1,
				"MISSING_DAILY_REPORT", 1, "COLD_CHAIN_AWAITING_TEST", 1, "QUARANTINE_DUE_FOR_RELEASE", 1,
				"RECTIFICATION_OVERDUE", 1);
		alerts.forEach(
				(kind, open) -> assertThat(exposition.value("epigrid_alerts_open", "county", c, "kind", kind)).as(kind)
					.isEqualTo(open.doubleValue()));
	}

	@Test
	void freshnessAndTheRefreshItselfAreMeasured() {
		Exposition exposition = scrape();
		double now = System.currentTimeMillis() / 1000.0;
		assertThat(exposition.value("epigrid_metrics_last_refresh_timestamp_seconds")).isCloseTo(now, within(60.0));
		// the latest collection anywhere is at least as recent as this county's (1 h ago)
		assertThat(exposition.value("epigrid_testing_last_collection_timestamp_seconds"))
			.isGreaterThanOrEqualTo(now - 3600 - 60);
		assertThat(exposition.value("epigrid_testing_last_result_timestamp_seconds"))
			.isGreaterThanOrEqualTo(now - 3600 - 60);
		assertThat(exposition.value("epigrid_metrics_refresh_seconds_count")).isGreaterThanOrEqualTo(1);
	}

	@Test
	void labelsComeOnlyFromBoundedSets() {
		Exposition exposition = scrape();
		List<String> allowed = List.of("application", "county", "purpose", "result", "kind", "category", "site_type");
		exposition.samples()
			.stream()
			.filter((sample) -> sample.name().startsWith("epigrid_"))
			.forEach((sample) -> assertThat(allowed).as(sample.name()).containsAll(sample.labels().keySet()));
		assertThat(exposition.text()).doesNotContain("指标").doesNotContain("隔离甲");
	}

	@Test
	void samplesDailyViewShowsTheKnownDay() {
		Record row = this.db.fetchOne("""
				SELECT * FROM reporting.samples_daily
				WHERE county_code = ? AND day = ? AND purpose = 'ROUTINE' AND kind = 'PCR'""", this.county,
				this.scenario.pastDay());
		assertThat(row.get("collected", Long.class)).isEqualTo(4);
		assertThat(row.get("resulted", Long.class)).isEqualTo(3);
		assertThat(row.get("positives", Long.class)).isEqualTo(1);
		assertThat(row.get("pending", Long.class)).isEqualTo(1);
		assertThat(row.get("overdue", Long.class)).isEqualTo(1);
		assertThat(row.get("late_results", Long.class)).isEqualTo(1);
		// turnarounds 2 h, 4 h, 30 h, read off the turnaround histogram: the median falls
		// in the 10-minute bucket from 4 h (halfway: 4 h 5 min), the 90th percentile in
		// the 1-hour bucket from 30 h (at 0.7 of it: 30 h 42 min)
		assertThat(row.get("turnaround_p50_hours", Double.class)).isCloseTo(4 + 5 / 60.0, within(0.001));
		assertThat(row.get("turnaround_p90_hours", Double.class)).isCloseTo(30.7, within(0.001));
		assertThat(row.get("invalids", Long.class)).isZero();
		assertThat(row.get("county_name", String.class)).endsWith("区");
	}

	@Test
	void operationViewsShowTheKnownCounty() {
		Record hotel = this.db.fetchOne("SELECT * FROM reporting.quarantine_occupancy WHERE county_code = ?",
				this.county);
		assertThat(hotel.get("capacity", Integer.class)).isEqualTo(50);
		assertThat(hotel.get("occupied", Long.class)).isEqualTo(2);
		assertThat(hotel.get("due_today", Long.class)).isEqualTo(1);
		Record tracing = this.db.fetchOne("""
				SELECT sum(identified) AS identified, sum(traced) AS traced, sum(traced_in_time) AS in_time,
				       sum(untraced_overdue) AS overdue
				FROM reporting.contacts_tracing WHERE county_code = ?""", this.county);
		assertThat(tracing.get("identified", Long.class)).isEqualTo(2);
		assertThat(tracing.get("traced", Long.class)).isEqualTo(1);
		assertThat(tracing.get("in_time", Long.class)).isEqualTo(1);
		assertThat(tracing.get("overdue", Long.class)).isEqualTo(1);
		List<Record> cover = this.db
			.fetch("SELECT * FROM reporting.stock_cover WHERE county_code = ? ORDER BY days_of_cover", this.county);
		assertThat(cover).extracting((r) -> r.get("category", String.class)).containsExactly("PPE", "MEDICINE");
		assertThat(cover).extracting((r) -> r.get("days_of_cover", BigDecimal.class).doubleValue())
			.containsExactly(10.0, 50.0);
		assertThat(cover).extracting((r) -> r.get("below_target", Boolean.class)).containsExactly(true, false);
		Record compliance = this.db.fetchOne("""
				SELECT * FROM reporting.daily_report_compliance
				WHERE county_code = ? AND day = current_date AND site_type = 'SCHOOL'""", this.county);
		assertThat(compliance.get("institutions", Long.class)).isEqualTo(2);
		assertThat(compliance.get("reported", Long.class)).isEqualTo(1);
		assertThat(compliance.get("missing", Long.class)).isEqualTo(1);
		assertThat(
				this.db.fetchValue("SELECT sum(open) FROM reporting.alerts_summary WHERE county_code = ?", this.county))
			.isEqualTo(new BigDecimal(7));
		Record place = this.db.fetchOne("SELECT * FROM reporting.places WHERE code = ?", this.scenario.grid().code());
		assertThat(place.get("county_code", String.class)).isEqualTo(this.county);
		assertThat(place.get("level", String.class)).isEqualTo("GRID");
	}

	@Test
	void reportingViewsCarryNoPersonalData() {
		List<String> columns = this.db.fetchValues("""
				SELECT column_name FROM information_schema.columns WHERE table_schema = 'reporting'""")
			.stream()
			.map(Object::toString)
			.toList();
		assertThat(columns).isNotEmpty()
			.noneMatch((column) -> column.contains("person") || column.contains("id_number") || column.contains("phone")
					|| column.contains("address") || column.contains("full_name"));
		assertThat(value(
				"SELECT count(*) FROM pg_description d JOIN pg_class c ON c.oid = d.objoid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'reporting' AND d.objsubid = 0",
				Long.class))
			.as("every view has a comment")
			.isEqualTo(value("SELECT count(*) FROM information_schema.views WHERE table_schema = 'reporting'",
					Long.class));
	}

	@Test
	void analystRoleReadsViewsButNotTables() {
		this.db.connection((connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET ROLE epigrid_analyst");
				try {
					try (var rows = statement.executeQuery("SELECT count(*) FROM reporting.samples_daily")) {
						assertThat(rows.next()).isTrue();
					}
					assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM person"))
						.isInstanceOf(SQLException.class)
						.hasMessageContaining("permission denied");
					assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM sample"))
						.hasMessageContaining("permission denied");
					assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM reporting.places"))
						.isInstanceOf(SQLException.class);
				}
				finally {
					statement.execute("RESET ROLE");
				}
			}
		});
		assertThat(value(
				"SELECT setconfig::text FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = 'epigrid_analyst'",
				String.class))
			.contains("statement_timeout=15s");
		assertThat(value(
				"SELECT pg_has_role('epigrid_grafana', 'epigrid_analyst', 'MEMBER') AND (SELECT rolcanlogin FROM pg_roles WHERE rolname = 'epigrid_grafana')",
				Boolean.class))
			.isTrue();
	}

}
