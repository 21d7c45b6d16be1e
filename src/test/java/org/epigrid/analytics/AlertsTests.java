package org.epigrid.analytics;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.ErrorType;

import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.epigrid.jooq.Tables.SITE;

/**
 * alerts and alertCounts: one area with records on both sides of every alert rule, and
 * another county with one alert of each kind that must not show.
 */
class AlertsTests extends IntegrationTest {

	@Autowired
	private AnalyticsProperties properties;

	private AnalyticsFixtures fixtures;

	private LocalDate today;

	@BeforeEach
	void fixtures() {
		this.fixtures = new AnalyticsFixtures(this.db);
		ZoneId zone = this.properties.zone();
		this.today = LocalDate.now(zone);
	}

	record AlertRow(String kind, String severity, String what, @Nullable Named place, @Nullable Named site,
			OffsetDateTime since, String recordId) {
	}

	record Named(String id, @Nullable String code, @Nullable String name) {
	}

	record Count(String kind, int count) {
	}

	/**
	 * The area's records; {@code expected} maps each alerting record's global id to its
	 * severity.
	 */
	private final class World {

		final Ref[] a = data.chain("警甲");

		final Ref grid = this.a[4];

		final Ref[] b = data.chain("警乙");

		final OffsetDateTime now = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);

		final long person = data.person(this.grid, "王小明");

		final long lab = data.site(this.grid, "LAB", "警甲实验室");

		final Map<String, String> expected = new java.util.HashMap<>();

		World() {
			seed(this.a, true);
			seed(this.b, false);
		}

		private void seed(Ref[] area, boolean expect) {
			Ref grid = area[4];
			AnalyticsFixtures f = AlertsTests.this.fixtures;
			long person = data.person(grid, "赵某");
			long lab = data.site(grid, "LAB", "实验室");
			// overdue results: 2 h late, 30 h late; not due yet; resulted late
			put(expect, "Sample", f.sample(grid, lab, this.now.minusHours(8)).dueAfterMinutes(6 * 60).insert(),
					"WARNING");
			if (expect) {
				put(true, "Sample", f.sample(grid, lab, this.now.minusHours(40)).dueAfterMinutes(10 * 60).insert(),
						"CRITICAL");
				f.sample(grid, lab, this.now.minusHours(1)).insert();
				f.sample(grid, lab, this.now.minusHours(40)).dueAfterMinutes(60).resulted("NEGATIVE", 120).insert();
			}
			// untraced contacts: close (critical), secondary (warning); traced; not yet
			// due
			long c1 = data.person(grid, "密接甲");
			put(expect, "Contact",
					f.contact(person, c1, this.now.minusHours(30), this.now.minusHours(6), null, "CLOSE"), "CRITICAL");
			if (expect) {
				long c2 = data.person(grid, "次密接乙");
				long c3 = data.person(grid, "密接丙");
				long c4 = data.person(grid, "密接丁");
				put(true, "Contact",
						f.contact(person, c2, this.now.minusHours(30), this.now.minusHours(5), null, "SECONDARY"),
						"WARNING");
				f.contact(person, c3, this.now.minusHours(30), this.now.minusHours(6), this.now.minusHours(7), "CLOSE");
				f.contact(person, c4, this.now.minusHours(2), this.now.plusHours(22), null, "CLOSE");
			}
			// stock: critical (100 of 300), warning (200 of 300), fine (400 of 300), no
			// requirement
			long depot = data.site(grid, "SUPPLY_DEPOT", "物资库");
			long item = f.item("N95口罩");
			f.balance(depot, item, "100");
			f.requirement(depot, item, "10", 30);
			put(expect, "Site", depot, "CRITICAL");
			if (expect) {
				long clinic = data.site(grid, "FEVER_CLINIC", "发热门诊");
				f.balance(clinic, item, "200");
				f.requirement(clinic, item, "10", 30);
				put(true, "Site", clinic, "WARNING");
				long fine = data.site(grid, "PHARMACY", "药店");
				f.balance(fine, item, "400");
				f.requirement(fine, item, "10", 30);
			}
			// daily reports: a school without one; a nursing home with one; a suspended
			// school; a market
			long school = data.site(grid, "SCHOOL", "第一小学");
			put(expect, "Site", school, "WARNING");
			if (expect) {
				long home = data.site(grid, "NURSING_HOME", "敬老院");
				f.dailyReport(home, AlertsTests.this.today);
				long suspended = data.site(grid, "SCHOOL", "停课小学");
				AlertsTests.this.db.update(SITE).set(SITE.STATUS, "SUSPENDED").where(SITE.ID.eq(suspended)).execute();
				data.site(grid, "MARKET", "农贸市场");
			}
			// cold chain: held unsampled (critical after a day), held with a pending
			// sample;
			// held negative, held positive, released: no alert
			long warehouse = data.site(area[3], "CENTRAL_SUPERVISION_WAREHOUSE", "监管仓");
			put(expect, "ColdChainBatch", f.batch(warehouse, this.now.minusHours(30), "HELD"), "CRITICAL");
			if (expect) {
				long pending = f.batch(warehouse, this.now.minusHours(3), "HELD");
				f.sample(area[3], warehouse, this.now.minusHours(2)).batch(pending).insert();
				put(true, "ColdChainBatch", pending, "WARNING");
				long negative = f.batch(warehouse, this.now.minusHours(50), "HELD");
				f.sample(area[3], warehouse, this.now.minusHours(49)).batch(negative).resulted("NEGATIVE", 60).insert();
				long positive = f.batch(warehouse, this.now.minusHours(50), "HELD");
				f.sample(area[3], warehouse, this.now.minusHours(49)).batch(positive).resulted("POSITIVE", 60).insert();
				f.batch(warehouse, this.now.minusHours(80), "RELEASED");
			}
			// quarantine: due today (info), overdue (warning), home quarantine due today;
			// due tomorrow
			long hotel = data.site(grid, "QUARANTINE_HOTEL", "隔离酒店");
			put(expect, "ControlMeasure",
					f.checkedIn(data.person(grid, "隔离甲"), hotel, AlertsTests.this.today.minusDays(1)), "WARNING");
			if (expect) {
				put(true, "ControlMeasure", f.checkedIn(data.person(grid, "隔离乙"), hotel, AlertsTests.this.today),
						"INFO");
				put(true, "ControlMeasure", f.checkedIn(data.person(grid, "居家丙"), null, AlertsTests.this.today),
						"INFO");
				f.checkedIn(data.person(grid, "隔离丁"), hotel, AlertsTests.this.today.plusDays(1));
			}
			// rectification: open major past due; open not yet due; rectified past due
			put(expect, "Inspection", f.inspection(grid, school, "MAJOR", AlertsTests.this.today.minusDays(1), "OPEN"),
					"WARNING");
			if (expect) {
				f.inspection(grid, school, "CRITICAL", AlertsTests.this.today.plusDays(1), "OPEN");
				f.inspection(grid, null, "CRITICAL", AlertsTests.this.today.minusDays(3), "RECTIFIED");
			}
		}

		private void put(boolean expect, String type, long id, String severity) {
			if (expect) {
				this.expected.put(GlobalId.encode(type, id), severity);
			}
		}

		String area() {
			return this.a[1].globalId();
		}

	}

	private List<AlertRow> alerts(String area, @Nullable List<String> kinds, @Nullable Integer first) {
		return this.graphQl.documentName("alerts")
			.variable("area", area)
			.variable("kinds", kinds)
			.variable("first", first)
			.execute()
			.path("alerts")
			.entityList(AlertRow.class)
			.get();
	}

	@Test
	void everyAlertOfTheAreaAndNothingElse() {
		World w = new World();
		List<AlertRow> alerts = alerts(w.area(), null, null);
		assertThat(alerts).extracting(AlertRow::recordId).containsExactlyInAnyOrderElementsOf(w.expected.keySet());
		assertThat(alerts).allSatisfy(
				(alert) -> assertThat(alert.severity()).as(alert.what()).isEqualTo(w.expected.get(alert.recordId())));
		assertThat(alerts).isSortedAccordingTo(Comparator.comparing((AlertRow alert) -> alert.since().toInstant()));
		Map<String, Long> perKind = alerts.stream()
			.collect(Collectors.groupingBy(AlertRow::kind, Collectors.counting()));
		assertThat(perKind).containsExactlyInAnyOrderEntriesOf(Map.of("OVERDUE_RESULT", 2L, "UNTRACED_CONTACT", 2L,
				"STOCK_BELOW_TARGET", 2L, "MISSING_DAILY_REPORT", 1L, "COLD_CHAIN_AWAITING_TEST", 2L,
				"QUARANTINE_DUE_FOR_RELEASE", 3L, "RECTIFICATION_OVERDUE", 1L));
	}

	@Test
	void alertsSayWhatAndWhereWithoutPersonalData() {
		World w = new World();
		List<AlertRow> alerts = alerts(w.area(), null, null);
		assertThat(alerts).allSatisfy((alert) -> {
			assertThat(alert.what()).isNotBlank().doesNotContain("赵某", "密接甲", "次密接乙", "隔离甲", "居家丙", "王小明");
			assertThat(alert.place()).as(alert.what()).isNotNull();
		});
		AlertRow stock = alerts.stream()
			.filter((alert) -> alert.kind().equals("STOCK_BELOW_TARGET") && alert.severity().equals("CRITICAL"))
			.findFirst()
			.get();
		assertThat(stock.what()).contains("N95口罩", "10.0 days of cover", "target 30 days");
		assertThat(stock.site().name()).isEqualTo("物资库");
		assertThat(stock.place().code()).isEqualTo(w.grid.code());
		AlertRow report = alerts.stream()
			.filter((alert) -> alert.kind().equals("MISSING_DAILY_REPORT"))
			.findFirst()
			.get();
		assertThat(report.what()).contains("第一小学", this.today.toString());
		assertThat(report.since().toInstant()).isEqualTo(this.today.atStartOfDay(this.properties.zone()).toInstant());
		AlertRow cold = alerts.stream()
			.filter((alert) -> alert.kind().equals("COLD_CHAIN_AWAITING_TEST") && alert.severity().equals("WARNING"))
			.findFirst()
			.get();
		assertThat(cold.what()).contains("1 sample(s) awaiting a result");
		assertThat(cold.place().code()).isEqualTo(w.a[3].code());
		AlertRow home = alerts.stream()
			.filter((alert) -> alert.kind().equals("QUARANTINE_DUE_FOR_RELEASE") && alert.site() == null)
			.findFirst()
			.get();
		assertThat(home.what()).startsWith("Home Quarantine");
		assertThat(home.place().code()).isEqualTo(w.grid.code());
	}

	@Test
	void kindsAndFirstNarrowTheList() {
		World w = new World();
		assertThat(alerts(w.area(), List.of("OVERDUE_RESULT", "UNTRACED_CONTACT"), null)).extracting(AlertRow::kind)
			.containsOnly("OVERDUE_RESULT", "UNTRACED_CONTACT")
			.hasSize(4);
		// the oldest of each kind
		List<AlertRow> oldest = alerts(w.area(), null, 1);
		assertThat(oldest).hasSize(7);
		assertThat(oldest).filteredOn((alert) -> alert.kind().equals("OVERDUE_RESULT"))
			.extracting(AlertRow::severity)
			.containsExactly("CRITICAL");
		assertThat(alerts(w.area(), List.of(), null)).isEmpty();
		assertThat(alerts(w.b[1].globalId(), null, null)).hasSize(7);
		this.graphQl.documentName("alerts")
			.variable("area", w.area())
			.variable("first", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
		this.graphQl.documentName("alerts")
			.variable("area", w.area())
			.variable("kinds", List.of("EVERYTHING"))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
	}

	@Test
	void alertCountsListEveryKindInOneStatement() {
		World w = new World();
		this.statements.reset();
		List<Count> counts = this.graphQl.documentName("alertCounts")
			.variable("area", w.area())
			.execute()
			.path("alertCounts")
			.entityList(Count.class)
			.get();
		assertThat(this.statements.count()).isEqualTo(2);
		assertThat(counts).extracting(Count::kind, Count::count)
			.containsExactly(tuple("OVERDUE_RESULT", 2), tuple("UNTRACED_CONTACT", 2), tuple("STOCK_BELOW_TARGET", 2),
					tuple("MISSING_DAILY_REPORT", 1), tuple("COLD_CHAIN_AWAITING_TEST", 2),
					tuple("QUARANTINE_DUE_FOR_RELEASE", 3), tuple("RECTIFICATION_OVERDUE", 1));
		List<Count> empty = this.graphQl.documentName("alertCounts")
			.variable("area", data.chain("警空")[1].globalId())
			.execute()
			.path("alertCounts")
			.entityList(Count.class)
			.get();
		assertThat(empty).extracting(Count::count).containsOnly(0).hasSize(7);
		this.graphQl.documentName("alertCounts")
			.variable("area", GlobalId.encode("Place", 987654321))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND)
			.verify();
	}

	@Test
	void nestedPlacesAndSitesDoNotMultiplyStatements() {
		World w = new World();
		this.statements.reset();
		alerts(w.area(), null, 1);
		int few = this.statements.count();
		this.statements.reset();
		alerts(w.area(), null, 500);
		assertThat(this.statements.count()).isEqualTo(few).isLessThanOrEqualTo(4);
	}

}
