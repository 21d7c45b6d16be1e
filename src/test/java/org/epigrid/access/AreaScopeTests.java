package org.epigrid.access;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import org.epigrid.analytics.SampleRollup;
import org.epigrid.analytics.VaccinationRollup;
import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.PLACE;
import static org.epigrid.jooq.Tables.SAMPLE;

/**
 * An AREA_OFFICER of one county cannot read or change anything of the neighbouring
 * county: not through root fields, filters, node(id), nested fields, analytics, barcodes
 * or mutations; counts are those of its area. (CSV uploads: {@link IngestScopeTests}.)
 */
class AreaScopeTests extends IntegrationTest {

	@Autowired
	private VaccinationRollup vaccinations;

	@Autowired
	private SampleRollup sampleRollup;

	private Ref city;

	private Ref ours;

	private Ref ourGrid;

	private Ref theirs;

	private Ref theirGrid;

	private HttpGraphQlTester officer;

	private void twoCounties() {
		this.city = this.data.city("邻市");
		this.ours = this.data.county(this.city, "本区");
		Ref township = this.data.below(this.ours, "TOWNSHIP", "本街道");
		Ref community = this.data.below(township, "COMMUNITY", "本社区");
		this.ourGrid = this.data.below(community, "GRID", "本网格");
		this.theirs = this.data.county(this.city, "邻区");
		Ref theirTownship = this.data.below(this.theirs, "TOWNSHIP", "邻街道");
		Ref theirCommunity = this.data.below(theirTownship, "COMMUNITY", "邻社区");
		this.theirGrid = this.data.below(theirCommunity, "GRID", "邻网格");
		this.officer = graphQlAs("AREA_OFFICER", this.ours.id());
	}

	@Test
	void rootConnectionsAreLimitedToTheArea() {
		twoCounties();
		this.data.person(this.ourGrid, "本甲");
		this.data.person(this.theirGrid, "邻乙");
		this.officer.document("{ places(first: 100) { nodes { name } } }")
			.execute()
			.path("places.nodes[*].name")
			.entityList(String.class)
			.contains("本区", "本街道", "本社区", "本网格")
			.hasSize(4);
		this.officer.document("{ people(first: 100) { nodes { fullName } } }")
			.execute()
			.path("people.nodes[*].fullName")
			.entityList(String.class)
			.containsExactly("本甲");
		forbidden("{ people(filter: {area: \"" + this.theirs.globalId() + "\"}) { totalCount } }");
		forbidden("{ places(filter: {area: \"" + this.city.globalId() + "\"}) { totalCount } }");
	}

	@Test
	void singleRecordsOfTheOtherCountyAreForbidden() {
		twoCounties();
		long theirPerson = this.data.person(this.theirGrid, "邻丙");
		long ourPerson = this.data.person(this.ourGrid, "本丁");
		forbidden("{ place(id: \"" + this.theirGrid.globalId() + "\") { name } }");
		forbidden("{ placeByCode(code: \"" + this.theirGrid.code() + "\") { name } }");
		forbidden("{ node(id: \"" + this.theirGrid.globalId() + "\") { id } }");
		forbidden("{ person(id: \"" + GlobalId.encode("Person", theirPerson) + "\") { fullName } }");
		forbidden("{ node(id: \"" + GlobalId.encode("Person", theirPerson) + "\") { id } }");
		this.officer.document("{ person(id: \"" + GlobalId.encode("Person", ourPerson) + "\") { fullName } }")
			.execute()
			.path("person.fullName")
			.entity(String.class)
			.isEqualTo("本丁");
	}

	@Test
	void nestedLinksOutOfTheAreaAreNull() {
		twoCounties();
		this.officer
			.document("{ place(id: \"" + this.ours.globalId() + "\") { name parent { name } children { name } } }")
			.execute()
			.path("place.parent")
			.valueIsNull()
			.path("place.children[*].name")
			.entityList(String.class)
			.containsExactly("本街道");
	}

	@Test
	void mutationsOnTheOtherCountyAreForbiddenAndChangeNothing() {
		twoCounties();
		int places = this.db.fetchCount(PLACE);
		this.officer.document("mutation($input: CreatePlaceInput!) { createPlace(input: $input) { errors { code } } }")
			.variable("input",
					Map.of("code", this.theirGrid.code().substring(0, 12) + "9", "name", "越界网格", "level", "COMMUNITY",
							"parent", GlobalId.encode("Place", parentOf(this.theirGrid))))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
			.verify();
		assertThat(this.db.fetchCount(PLACE)).isEqualTo(places);
	}

	@Test
	void labAndSupplyKeysAreScopedTheSameWay() {
		twoCounties();
		HttpGraphQlTester lab = graphQlAs("LAB", this.ours.id());
		lab.document("{ samples(first: 1) { totalCount } }").execute().path("samples.totalCount").hasValue();
		lab.document("{ samples(filter: {area: \"" + this.theirs.globalId() + "\"}) { totalCount } }")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
			.verify();
		HttpGraphQlTester supply = graphQlAs("SUPPLY_OFFICER", this.ours.id());
		supply.document("{ supplyItems(first: 1) { totalCount } }").execute().path("supplyItems.totalCount").hasValue();
		supply.document("{ place(id: \"" + this.theirGrid.globalId() + "\") { name } }")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
			.verify();
	}

	@Test
	void analyticsOfTheOtherCountyOrTheCityAreForbiddenBeforeAnySql() {
		TwoCounties w = new TwoCounties(this.data, this.db, "析");
		HttpGraphQlTester officer = graphQlAs("AREA_OFFICER", w.ours.id());
		for (String operation : List.of("TestingStats", "QuarantineOccupancy", "TracingTimeliness", "ReturneeInflow",
				"SupplyCoverage", "VaccinationCoverage", "AlertCounts", "Alerts", "DailyReportCompliance")) {
			for (Ref area : List.of(w.theirs, w.theirGrid, w.city)) {
				this.statements.reset();
				AccessMatrixTests.run(officer, operation, Map.of("area", area.globalId()))
					.errors()
					.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
					.verify();
				assertThat(this.statements.count()).as(operation).isZero();
			}
			AccessMatrixTests.run(officer, operation, Map.of("area", w.ourGrid.globalId())).errors().verify();
		}
	}

	/**
	 * testingStats' child areas are a nested field served by a plain property: made
	 * non-trivial when the schema is built, so that the area check still sees them.
	 */
	@Test
	void childAreasOfAnAnswerInTheAreaAreShownToAScopedKey() {
		TwoCounties w = new TwoCounties(this.data, this.db, "童");
		w.tube(w.ourGrid, w.ourSite, null);
		this.sampleRollup.refreshNow();
		HttpGraphQlTester officer = graphQlAs("AREA_OFFICER", w.ours.id());
		List<String> names = officer.document("""
				query ($area: ID!, $from: DateTime!, $to: DateTime!) {
				  testingStats(area: $area, from: $from, to: $to, interval: DAY, groupBy: CHILD_AREA) {
				    collected childArea { name code }
				  }
				}""")
			.variable("area", w.ours.globalId())
			.variable("from", w.now.minusDays(3).toString())
			.variable("to", w.now.plusHours(1).toString())
			.execute()
			.errors()
			.verify()
			.path("testingStats[*].childArea.name")
			.entityList(String.class)
			.get();
		assertThat(names).isNotEmpty().containsOnly("童本街道");
	}

	@Test
	void theAlertsOfTheAreaHoldNothingOfTheOtherCounty() {
		TwoCounties w = new TwoCounties(this.data, this.db, "警");
		TwoCounties.Tube ours = w.tube(w.ourGrid, w.ourSite, w.ourLab);
		TwoCounties.Tube theirs = w.tube(w.theirGrid, w.theirSite, w.theirLab);
		TwoCounties.Tube oursTestedThere = w.tube(w.ourGrid, w.ourSite, w.theirLab);
		HttpGraphQlTester officer = graphQlAs("AREA_OFFICER", w.ours.id());
		officer.documentName("alerts")
			.variable("area", w.ours.globalId())
			.variable("kinds", List.of("OVERDUE_RESULT"))
			.execute()
			.path("alerts")
			.entityList(Map.class)
			.satisfies((alerts) -> {
				Map<Object, Object> sites = new java.util.HashMap<>();
				alerts.forEach((alert) -> sites.put(alert.get("recordId"), alert.get("site")));
				// the sample tested in the other county's laboratory is ours; the
				// laboratory is not
				assertThat(sites).containsOnlyKeys(GlobalId.encode("Sample", ours.id()),
						GlobalId.encode("Sample", oursTestedThere.id()));
				assertThat(sites.get(GlobalId.encode("Sample", ours.id()))).isNotNull();
				assertThat(sites.get(GlobalId.encode("Sample", oursTestedThere.id()))).isNull();
			});
		officer.documentName("alertCounts")
			.variable("area", w.ours.globalId())
			.execute()
			.path("alertCounts[?(@.kind == 'OVERDUE_RESULT')].count")
			.entityList(Integer.class)
			.containsExactly(2);
		forbidden(officer, "{ node(id: \"" + GlobalId.encode("Sample", theirs.id()) + "\") { id } }");
		this.graphQl.documentName("alerts")
			.variable("area", w.city.globalId())
			.variable("kinds", List.of("OVERDUE_RESULT"))
			.execute()
			.path("alerts[*].recordId")
			.entityList(String.class)
			.hasSize(3);
	}

	@Test
	void listsAndAggregatesOfTheOtherCountyAreForbidden() {
		TwoCounties w = new TwoCounties(this.data, this.db, "聚");
		String theirCampaign = GlobalId.encode("Campaign", w.campaign(w.theirs));
		String ourCampaign = GlobalId.encode("Campaign", w.campaign(w.ours));
		HttpGraphQlTester officer = graphQlAs("AREA_OFFICER", w.ours.id());
		String area = "filter: {area: \"" + w.theirs.globalId() + "\"}";
		for (String document : List.of("{ testTasks(" + area + ") { totalCount } }",
				"{ campaigns(" + area + ") { totalCount } }", "{ stock(" + area + ") { totalCount } }",
				"{ samples(" + area + ") { totalCount } }", "{ sites(" + area + ") { totalCount } }",
				"{ vaccinations(" + area + ") { totalCount } }", "{ dailyReports(" + area + ") { totalCount } }")) {
			this.statements.reset();
			forbidden(officer, document);
			assertThat(this.statements.count()).as(document).isZero();
		}
		// a campaign is looked up (one statement) to find its area, then refused
		for (String document : List.of("{ campaignProgress(campaign: \"" + theirCampaign + "\") { residents } }",
				"{ campaignCoverage(campaign: \"" + theirCampaign + "\") { totalCount } }",
				"{ campaignUntestedResidents(campaign: \"" + theirCampaign + "\") { totalCount } }",
				"{ campaignUntestedResidents(campaign: \"" + ourCampaign + "\", grid: \"" + w.theirGrid.globalId()
						+ "\") { totalCount } }")) {
			this.statements.reset();
			forbidden(officer, document);
			assertThat(this.statements.count()).as(document).isLessThanOrEqualTo(1);
		}
		officer.document("{ campaignCoverage(campaign: \"" + ourCampaign + "\") { totalCount } }")
			.execute()
			.path("campaignCoverage.totalCount")
			.entity(Integer.class)
			.isEqualTo(1);
	}

	@Test
	void totalCountsAreCountedWithinTheArea() {
		TwoCounties w = new TwoCounties(this.data, this.db, "数");
		for (int i = 0; i < 3; i++) {
			w.testTask(w.tube(w.ourGrid, w.ourSite, w.ourLab).person());
		}
		for (int i = 0; i < 5; i++) {
			w.testTask(w.tube(w.theirGrid, w.theirSite, w.theirLab).person());
		}
		w.campaign(w.ours);
		w.campaign(w.theirs);
		w.campaign(w.theirs);
		Map<String, Integer> expected = Map.of("places", 4, "sites", 2, "people", 3, "samples", 3, "testTasks", 3,
				"campaigns", 1);
		for (String role : List.of("AREA_OFFICER", "ANALYST")) {
			HttpGraphQlTester scoped = graphQlAs(role, w.ours.id());
			expected.forEach((field, count) -> {
				String document = "{ " + field + "(first: 500) { totalCount edges { cursor } } }";
				scoped.document(document)
					.execute()
					.path(field + ".totalCount")
					.entity(Integer.class)
					.satisfies((total) -> assertThat(total).as(role + " " + field).isEqualTo(count))
					.path(field + ".edges")
					.entityList(Object.class)
					.hasSize(count);
			});
		}
		this.graphQl.document("{ samples(filter: {area: \"" + w.city.globalId() + "\"}) { totalCount } }")
			.execute()
			.path("samples.totalCount")
			.entity(Integer.class)
			.isEqualTo(8);
	}

	@Test
	void tubesOfTheOtherCountyCannotBeChangedByBarcode() {
		TwoCounties w = new TwoCounties(this.data, this.db, "码");
		TwoCounties.Tube ours = w.tube(w.ourGrid, w.ourSite, w.ourLab);
		TwoCounties.Tube theirs = w.tube(w.theirGrid, w.theirSite, w.theirLab);
		TwoCounties.Tube theirsNotReceived = w.tube(w.theirGrid, w.theirSite, null);
		HttpGraphQlTester officer = graphQlAs("AREA_OFFICER", w.ours.id());
		HttpGraphQlTester lab = graphQlAs("LAB", w.ours.id());
		String resultedAt = w.now.minusMinutes(5).toString();
		for (HttpGraphQlTester tester : List.of(officer, lab)) {
			tester.documentName("reportResult")
				.variable("input", Map.of("barcode", theirs.barcode(), "result", "POSITIVE", "resultedAt", resultedAt))
				.execute()
				.errors()
				.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
				.verify();
			tester.documentName("reportResults")
				.variable("input", Map.of("results",
						List.of(Map.of("barcode", ours.barcode(), "result", "NEGATIVE", "resultedAt", resultedAt),
								Map.of("barcode", theirs.barcode(), "result", "NEGATIVE", "resultedAt", resultedAt))))
				.execute()
				.errors()
				.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
				.verify();
		}
		officer.documentName("receiveSamples")
			.variable("input",
					Map.of("barcodes", List.of(theirsNotReceived.barcode()), "lab", GlobalId.encode("Site", w.ourLab)))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
			.verify();
		assertThat(this.db.fetchCount(SAMPLE, SAMPLE.ID.in(ours.id(), theirs.id(), theirsNotReceived.id())
			.and(SAMPLE.RESULT.isNotNull().or(SAMPLE.RECEIVED_AT.isNull())))).isOne();
		// a laboratory receives tubes from anywhere; the tube then is its laboratory's
		lab.documentName("receiveSamples")
			.variable("input",
					Map.of("barcodes", List.of(theirsNotReceived.barcode()), "lab", GlobalId.encode("Site", w.ourLab),
							"receivedAt", w.now.minusMinutes(10).toString()))
			.execute()
			.path("receiveSamples.errors")
			.entityList(Object.class)
			.hasSize(0);
		lab.documentName("reportResult")
			.variable("input",
					Map.of("barcode", theirsNotReceived.barcode(), "result", "NEGATIVE", "resultedAt", resultedAt))
			.execute()
			.path("reportResult.sample.result")
			.entity(String.class)
			.isEqualTo("NEGATIVE");
		officer.documentName("reportResult")
			.variable("input", Map.of("barcode", ours.barcode(), "result", "NEGATIVE", "resultedAt", resultedAt))
			.execute()
			.path("reportResult.sample.result")
			.entity(String.class)
			.isEqualTo("NEGATIVE");
	}

	@Test
	void analystAndPartnerKeysWithAnAreaAreLimitedToIt() {
		TwoCounties w = new TwoCounties(this.data, this.db, "限");
		this.data.person(w.ourGrid, "限本");
		this.data.person(w.theirGrid, "限邻");
		HttpGraphQlTester analyst = graphQlAs("ANALYST", w.ours.id());
		analyst.document("{ people(first: 100) { totalCount nodes { fullName } } }")
			.execute()
			.path("people.nodes[*].fullName")
			.entityList(String.class)
			.containsExactly("限*")
			.path("people.totalCount")
			.entity(Integer.class)
			.isEqualTo(1);
		forbidden(analyst, "{ people(filter: {area: \"" + w.theirs.globalId() + "\"}) { totalCount } }");
		this.vaccinations.refreshNow();
		HttpGraphQlTester partner = graphQlAs("PARTNER", w.ours.id());
		AccessMatrixTests.run(partner, "VaccinationCoverage", Map.of("area", w.ours.globalId()))
			.path("vaccinationCoverage.people")
			.entity(Integer.class)
			.isEqualTo(1);
		for (HttpGraphQlTester tester : List.of(analyst, partner)) {
			AccessMatrixTests.run(tester, "VaccinationCoverage", Map.of("area", w.theirs.globalId()))
				.errors()
				.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
				.verify();
		}
		AccessMatrixTests.run(graphQlAs("PARTNER", null), "VaccinationCoverage", Map.of("area", w.city.globalId()))
			.path("vaccinationCoverage.people")
			.entity(Integer.class)
			.isEqualTo(2);
	}

	private static void forbidden(HttpGraphQlTester tester, String document) {
		tester.document(document)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
			.verify();
	}

	private long parentOf(Ref place) {
		return this.db.select(PLACE.PARENT_ID).from(PLACE).where(PLACE.ID.eq(place.id())).fetchOne(PLACE.PARENT_ID);
	}

	private void forbidden(String document) {
		this.officer.document(document)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
			.verify();
	}

}
