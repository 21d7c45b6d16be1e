package org.epigrid.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.ErrorType;

import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.epigrid.jooq.Tables.SITE;

/**
 * quarantineOccupancy, tracingTimeliness, returneeInflow, supplyCoverage and
 * vaccinationCoverage against figures worked out here from the fixtures, each with
 * another county's records that must be left out.
 */
class OperationsAnalyticsTests extends IntegrationTest {

	@Autowired
	private AnalyticsProperties properties;

	@Autowired
	private VaccinationRollup vaccinations;

	@Autowired
	private MeterRegistry meters;

	private AnalyticsFixtures fixtures;

	private ZoneId zone;

	private LocalDate today;

	@BeforeEach
	void fixtures() {
		this.fixtures = new AnalyticsFixtures(this.db);
		this.zone = this.properties.zone();
		this.today = LocalDate.now(this.zone);
	}

	/** County A (with a township, community and grid) and county B of one city. */
	private final class Areas {

		final Ref city = data.city("运营市");

		final Ref countyA = data.county(this.city, "运营甲区");

		final Ref townA = data.below(this.countyA, "TOWNSHIP", "运营甲街道");

		final Ref gridA = data.below(data.below(this.townA, "COMMUNITY", "运营甲社区"), "GRID", "运营甲网格");

		final Ref countyB = data.county(this.city, "运营乙区");

		final Ref gridB = data.below(data.below(data.below(this.countyB, "TOWNSHIP", "运营乙街道"), "COMMUNITY", "运营乙社区"),
				"GRID", "运营乙网格");

	}

	private static String iso(OffsetDateTime time) {
		return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
	}

	// quarantine

	record SiteRow(Named site, int occupied, @Nullable Integer capacity, @Nullable Double occupancy,
			int dueForReleaseToday) {
	}

	record Named(String id, String name) {
	}

	record Occupancy(int occupied, int capacity, @Nullable Double occupancy, int dueForReleaseToday,
			List<SiteRow> sites) {
	}

	@Test
	void quarantineOccupancyPerSiteAndInTotal() {
		Areas a = new Areas();
		long hotel = data.site(a.gridA, "QUARANTINE_HOTEL", "甲隔离酒店");
		long hospital = data.site(a.townA, "HOSPITAL", "甲医院");
		this.db.update(SITE).set(SITE.BEDS, 20).where(SITE.ID.eq(hospital)).execute();
		long closedEmpty = data.site(a.gridA, "QUARANTINE_HOTEL", "甲停用酒店");
		long closedBusy = data.site(a.gridA, "QUARANTINE_HOTEL", "甲收尾酒店");
		this.db.update(SITE).set(SITE.STATUS, "CLOSED").where(SITE.ID.in(closedEmpty, closedBusy)).execute();
		long hotelB = data.site(a.gridB, "QUARANTINE_HOTEL", "乙隔离酒店");
		this.fixtures.checkedIn(data.person(a.gridA, "隔一"), hotel, this.today);
		this.fixtures.checkedIn(data.person(a.gridA, "隔二"), hotel, this.today.minusDays(1));
		this.fixtures.checkedIn(data.person(a.gridA, "隔三"), hotel, this.today.plusDays(1));
		this.fixtures.released(data.person(a.gridA, "隔四"), hotel);
		this.fixtures.checkedIn(data.person(a.gridA, "隔五"), hospital, this.today.plusDays(5));
		this.fixtures.checkedIn(data.person(a.gridA, "隔六"), closedBusy, this.today);
		this.fixtures.checkedIn(data.person(a.gridA, "居家"), null, this.today);
		this.fixtures.checkedIn(data.person(a.gridB, "乙隔一"), hotelB, this.today);

		Occupancy occupancy = this.graphQl.documentName("quarantineOccupancy")
			.variable("area", a.countyA.globalId())
			.execute()
			.path("quarantineOccupancy")
			.entity(Occupancy.class)
			.get();
		assertThat(occupancy.sites())
			.extracting((s) -> s.site().id(), SiteRow::occupied, SiteRow::capacity, SiteRow::dueForReleaseToday)
			.containsExactly(tuple(GlobalId.encode("Site", hotel), 3, 50, 2),
					tuple(GlobalId.encode("Site", hospital), 1, 20, 0),
					tuple(GlobalId.encode("Site", closedBusy), 1, 50, 1));
		assertThat(occupancy.sites().get(0).occupancy()).isCloseTo(3.0 / 50, within(1e-9));
		assertThat(occupancy.sites().get(0).site().name()).isEqualTo("甲隔离酒店");
		assertThat(occupancy.occupied()).isEqualTo(5);
		assertThat(occupancy.capacity()).isEqualTo(120);
		assertThat(occupancy.dueForReleaseToday()).isEqualTo(3);
		assertThat(occupancy.occupancy()).isCloseTo(5.0 / 120, within(1e-9));

		Occupancy empty = this.graphQl.documentName("quarantineOccupancy")
			.variable("area", data.chain("运营空")[1].globalId())
			.execute()
			.path("quarantineOccupancy")
			.entity(Occupancy.class)
			.get();
		assertThat(empty).isEqualTo(new Occupancy(0, 0, null, 0, List.of()));
	}

	// tracing

	record Timeliness(int identified, int tracedInTime, int tracedLate, int untracedOverdue, int untracedNotYetDue,
			@Nullable Double timeliness) {
	}

	@Test
	void tracingTimelinessOfTheContactsIdentifiedInTheRange() {
		Areas a = new Areas();
		OffsetDateTime now = OffsetDateTime.now();
		OffsetDateTime from = now.minusDays(3);
		long source = data.person(a.gridB, "源病例");
		long inTime = data.person(a.gridA, "密一");
		long late = data.person(a.gridA, "密二");
		long overdue = data.person(a.townA, "密三");
		long notYetDue = data.person(a.gridA, "密四");
		long before = data.person(a.gridA, "密五");
		long elsewhere = data.person(a.gridB, "密六");
		this.fixtures.contact(source, inTime, from.plusHours(1), from.plusHours(25), from.plusHours(10), "CLOSE");
		this.fixtures.contact(source, late, from.plusHours(2), from.plusHours(26), from.plusHours(30), "CLOSE");
		this.fixtures.contact(source, overdue, from.plusHours(3), from.plusHours(27), null, "SECONDARY");
		this.fixtures.contact(source, notYetDue, now.minusHours(2), now.plusHours(22), null, "CLOSE");
		this.fixtures.contact(source, before, from.minusHours(1), from.plusHours(23), null, "CLOSE");
		this.fixtures.contact(inTime, elsewhere, from.plusHours(1), from.plusHours(25), null, "CLOSE");

		Timeliness timeliness = this.graphQl.documentName("tracingTimeliness")
			.variable("area", a.countyA.globalId())
			.variable("from", iso(from))
			.variable("to", iso(now))
			.execute()
			.path("tracingTimeliness")
			.entity(Timeliness.class)
			.get();
		assertThat(timeliness).isEqualTo(new Timeliness(4, 1, 1, 1, 1, 1.0 / 3));

		this.graphQl.documentName("tracingTimeliness")
			.variable("area", a.countyA.globalId())
			.variable("from", iso(now))
			.variable("to", iso(from))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
	}

	// returnees

	record Inflow(LocalDate day, String originRiskLevel, int arrivals) {
	}

	@Test
	void returneeInflowPerDayAndOriginRisk() {
		Areas a = new Areas();
		long person = data.person(a.gridA, "返乡人");
		LocalDate first = this.today.minusDays(5);
		record Arrival(Ref place, LocalDate day, int hour, String risk) {
		}
		List<Arrival> arrivals = List.of(new Arrival(a.gridA, first, 0, "HIGH"),
				new Arrival(a.gridA, first, 23, "HIGH"), new Arrival(a.townA, first, 12, "LOW"),
				new Arrival(a.gridA, first.plusDays(1), 9, "MEDIUM"),
				new Arrival(a.gridA, first.plusDays(2), 9, "NONE"), new Arrival(a.gridA, first.plusDays(2), 10, "HIGH"),
				new Arrival(a.gridA, first.minusDays(1), 23, "HIGH"), new Arrival(a.gridA, first.plusDays(3), 0, "LOW"),
				new Arrival(a.gridB, first, 9, "HIGH"));
		for (Arrival arrival : arrivals) {
			this.fixtures.travel(person, arrival.place(),
					arrival.day().atTime(arrival.hour(), 30).atZone(this.zone).toOffsetDateTime(), arrival.risk());
		}
		LocalDate last = first.plusDays(2);
		List<String> levels = List.of("NONE", "LOW", "MEDIUM", "HIGH");
		Map<String, Integer> expected = new TreeMap<>();
		for (Arrival arrival : arrivals) {
			if (arrival.place() != a.gridB && !arrival.day().isBefore(first) && !arrival.day().isAfter(last)) {
				expected.merge(arrival.day() + "/" + levels.indexOf(arrival.risk()) + arrival.risk(), 1, Integer::sum);
			}
		}
		List<Inflow> inflow = this.graphQl.documentName("returneeInflow")
			.variable("area", a.countyA.globalId())
			.variable("from", first.toString())
			.variable("to", last.toString())
			.execute()
			.path("returneeInflow")
			.entityList(Inflow.class)
			.get();
		List<String> actual = new ArrayList<>();
		inflow.forEach((i) -> actual
			.add(i.day() + "/" + levels.indexOf(i.originRiskLevel()) + i.originRiskLevel() + "=" + i.arrivals()));
		assertThat(actual).containsExactlyElementsOf(
				expected.entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue()).toList());
		assertThat(inflow).extracting(Inflow::arrivals).containsExactly(1, 2, 1, 1, 1);

		this.graphQl.documentName("returneeInflow")
			.variable("area", a.countyA.globalId())
			.variable("from", first.toString())
			.variable("to", first.plusDays(400).toString())
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("400"))
			.verify();
	}

	// supplies

	record Coverage(Named item, BigDecimal onHand, @Nullable BigDecimal fullLoadDailyUse,
			@Nullable BigDecimal targetOnHand, @Nullable Double daysOfCover, @Nullable Double targetDays,
			boolean belowTarget, int sites, int sitesBelowTarget) {
	}

	@Test
	void supplyCoverageSumsTheSitesOfTheArea() {
		Areas a = new Areas();
		long depot = data.site(a.townA, "SUPPLY_DEPOT", "甲物资库");
		long hospital = data.site(a.gridA, "HOSPITAL", "甲医院");
		long clinic = data.site(a.gridA, "FEVER_CLINIC", "甲发热门诊");
		long siteB = data.site(a.gridB, "SUPPLY_DEPOT", "乙物资库");
		long masks = this.fixtures.item("N95口罩");
		long gowns = this.fixtures.item("防护服");
		this.fixtures.balance(depot, masks, "1000");
		this.fixtures.balance(hospital, masks, "60");
		this.fixtures.balance(hospital, masks, "40");
		this.fixtures.requirement(hospital, masks, "10", 30);
		this.fixtures.balance(clinic, masks, "500");
		this.fixtures.requirement(clinic, masks, "5", 30);
		this.fixtures.requirement(hospital, gowns, "2", 30);
		this.fixtures.balance(siteB, masks, "99999");
		this.fixtures.requirement(siteB, gowns, "1000", 30);

		List<Coverage> coverage = this.graphQl.documentName("supplyCoverage")
			.variable("area", a.countyA.globalId())
			.execute()
			.path("supplyCoverage")
			.entityList(Coverage.class)
			.get();
		assertThat(coverage).extracting((c) -> c.item().id())
			.containsExactly(GlobalId.encode("SupplyItem", masks), GlobalId.encode("SupplyItem", gowns));
		Coverage m = coverage.get(0);
		assertThat(m.onHand()).isEqualByComparingTo("1600");
		assertThat(m.fullLoadDailyUse()).isEqualByComparingTo("15");
		assertThat(m.targetOnHand()).isEqualByComparingTo("450");
		assertThat(m.daysOfCover()).isCloseTo(1600.0 / 15, within(1e-6));
		assertThat(m.targetDays()).isCloseTo(30.0, within(1e-9));
		assertThat(m.belowTarget()).isFalse();
		assertThat(m.sites()).isEqualTo(3);
		assertThat(m.sitesBelowTarget()).isEqualTo(1);
		Coverage g = coverage.get(1);
		assertThat(g.item().name()).isEqualTo("防护服");
		assertThat(g.onHand()).isEqualByComparingTo("0");
		assertThat(g.daysOfCover()).isEqualTo(0.0);
		assertThat(g.belowTarget()).isTrue();
		assertThat(g.sites()).isEqualTo(1);
		assertThat(g.sitesBelowTarget()).isEqualTo(1);
	}

	// vaccination

	record CategoryRow(String category, int people, int vaccinated, int fullyVaccinated, @Nullable Double coverage) {
	}

	record Vaccination(int people, int vaccinated, int fullyVaccinated, @Nullable Double coverage,
			List<CategoryRow> categories) {
	}

	@Test
	void vaccinationCoverageInTotalAndPerCategory() {
		Areas a = new Areas();
		long site = data.site(a.gridA, "HOSPITAL", "甲接种点");
		this.fixtures.doses(data.person(a.gridA, "接一", "ELDERLY", "CHRONIC_ILLNESS"), site, 2);
		this.fixtures.doses(data.person(a.townA, "接二", "ELDERLY"), site, 1);
		this.fixtures.doses(data.person(a.gridA, "接三", "TEACHER"), site, 0);
		this.fixtures.doses(data.person(a.gridA, "接四"), site, 3);
		this.fixtures.doses(data.person(a.gridB, "乙接一", "TEACHER"), site, 2);
		long refreshes = this.meters.get("epigrid.vaccination.rollup.refresh").timer().count();
		assertThat(this.vaccinations.refreshNow()).isNotNull();
		// each refresh is timed
		assertThat(this.meters.get("epigrid.vaccination.rollup.refresh").timer().count()).isGreaterThan(refreshes);

		assertThat(vaccinationCoverage(a.countyA))
			.isEqualTo(new Vaccination(4, 3, 2, 0.5, List.of(new CategoryRow("CHRONIC_ILLNESS", 1, 1, 1, 1.0),
					new CategoryRow("ELDERLY", 2, 2, 1, 0.5), new CategoryRow("TEACHER", 1, 0, 0, 0.0))));
	}

	/**
	 * The rollup follows new doses and people, moves, category changes and deletions
	 * after a refresh.
	 */
	@Test
	void vaccinationCoverageFollowsChanges() {
		Areas a = new Areas();
		long site = data.site(a.gridA, "HOSPITAL", "甲接种点");
		long teacher = data.person(a.gridA, "接三", "TEACHER");
		long elderly = data.person(a.gridA, "接一", "ELDERLY");
		this.fixtures.doses(elderly, site, 1);
		this.vaccinations.refreshNow();
		assertThat(vaccinationCoverage(a.countyA)).isEqualTo(new Vaccination(2, 1, 0, 0.0,
				List.of(new CategoryRow("ELDERLY", 1, 1, 0, 0.0), new CategoryRow("TEACHER", 1, 0, 0, 0.0))));

		// a second dose, a new resident, the teacher moves to county B and the elderly
		// person becomes a teacher too
		this.db.execute("""
				INSERT INTO vaccination (person_id, dose_number, product, lot, site_id, vaccinated_at)
				VALUES (?, 2, 'Vaccine', 'LOT-2', ?, now())""", elderly, site);
		data.person(a.townA, "接五");
		this.db.execute("UPDATE person SET residence_place_id = ? WHERE id = ?", a.gridB.id(), teacher);
		this.db.execute("UPDATE person SET categories = ARRAY['ELDERLY', 'TEACHER'] WHERE id = ?", elderly);
		this.vaccinations.refreshNow();
		assertThat(vaccinationCoverage(a.countyA)).isEqualTo(new Vaccination(2, 1, 1, 0.5,
				List.of(new CategoryRow("ELDERLY", 1, 1, 1, 1.0), new CategoryRow("TEACHER", 1, 1, 1, 1.0))));
		assertThat(vaccinationCoverage(a.countyB).people()).isEqualTo(1);

		this.db.execute("DELETE FROM vaccination WHERE person_id = ? AND dose_number = 2", elderly);
		this.vaccinations.refreshNow();
		assertThat(vaccinationCoverage(a.countyA).fullyVaccinated()).isZero();
	}

	private Vaccination vaccinationCoverage(Ref area) {
		return this.graphQl.documentName("vaccinationCoverage")
			.variable("area", area.globalId())
			.execute()
			.path("vaccinationCoverage")
			.entity(Vaccination.class)
			.get();
	}

	@Test
	void unknownAreasAreNotFound() {
		for (String document : List.of("quarantineOccupancy", "supplyCoverage", "vaccinationCoverage")) {
			this.graphQl.documentName(document)
				.variable("area", GlobalId.encode("Place", 987654321))
				.execute()
				.errors()
				.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND)
				.verify();
		}
	}

}
