package org.epigrid.sentinels;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;

import org.epigrid.support.Cursor;
import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.CAMPAIGN;

class CampaignTests extends IntegrationTest {

	private final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

	private final LocalDate today = LocalDate.now();

	private SentinelFixtures fixtures;

	@Autowired
	private CampaignCoverageRollup rollup;

	@BeforeEach
	void fixtures() {
		this.fixtures = new SentinelFixtures(this.db);
	}

	/**
	 * A community of three grids under campaign K: grid A has four residents, three with
	 * a sample of K (one of them twice); grid B two residents, one sampled only by an
	 * earlier campaign, none by K; grid C no residents. An outsider living elsewhere was
	 * sampled in K, and A4 had a routine test during K: neither counts.
	 */
	private final class World {

		final Ref[] area = data.chain("营");

		final Ref gridA = this.area[4];

		final Ref gridB = data.below(this.area[3], "GRID", "营第二网格");

		final Ref gridC = data.below(this.area[3], "GRID", "营第三网格");

		final Ref[] elsewhere = data.chain("营外");

		final long a1 = data.person(this.gridA, "甲一");

		final long a2 = data.person(this.gridA, "甲二");

		final long a3 = data.person(this.gridA, "甲三");

		final long a4 = data.person(this.gridA, "甲四");

		final long b1 = data.person(this.gridB, "乙一");

		final long b2 = data.person(this.gridB, "乙二");

		final long outsider = data.person(this.elsewhere[4], "外来人");

		final long earlier = fixtures.campaign(this.area[3], "营第一轮", today.minusDays(10), today.minusDays(8));

		final long k = fixtures.campaign(this.area[3], "营第二轮", today.minusDays(1), today.plusDays(1));

		final long later = fixtures.campaign(this.gridA, "营甲网格加测", today.plusDays(5), today.plusDays(7));

		final long other = fixtures.campaign(this.elsewhere[1], "营外全员", today, today);

		/** Residents per grid, and who has a sample of K: the test's own bookkeeping. */
		final Map<Ref, List<Long>> residents = new LinkedHashMap<>();

		final Set<Long> sampledInK;

		World() {
			this.residents.put(this.gridA, List.of(this.a1, this.a2, this.a3, this.a4));
			this.residents.put(this.gridB, List.of(this.b1, this.b2));
			this.residents.put(this.gridC, List.of());
			fixtures.sample(this.a1, this.gridA, at(-20), this.k);
			fixtures.sample(this.a1, this.gridA, at(-3), this.k);
			fixtures.sample(this.a2, this.gridA, at(-10), this.k);
			fixtures.sample(this.a3, this.gridA, at(-2), this.k);
			fixtures.sample(this.a4, this.gridA, at(-5), null);
			fixtures.sample(this.b1, this.gridB, at(-9 * 24), this.earlier);
			fixtures.sample(this.outsider, this.elsewhere[4], at(-4), this.k);
			this.sampledInK = Set.of(this.a1, this.a2, this.a3, this.outsider);
			// coverage and progress are read from the rollup, brought up to date here
			rollup.refreshNow();
		}

		String id(long campaign) {
			return GlobalId.encode("Campaign", campaign);
		}

		String person(long person) {
			return GlobalId.encode("Person", person);
		}

	}

	private OffsetDateTime at(int hours) {
		return this.now.plusHours(hours);
	}

	private GraphQlTester.Response coverage(String campaign, Integer first, String after) {
		return this.graphQl.documentName("campaignCoverage")
			.variable("campaign", campaign)
			.variable("first", first)
			.variable("after", after)
			.execute();
	}

	private List<String> untested(String campaign, String grid) {
		return this.graphQl.documentName("campaignUntestedResidents")
			.variable("campaign", campaign)
			.variable("grid", grid)
			.execute()
			.path("campaignUntestedResidents.edges[*].node.id")
			.entityList(String.class)
			.get();
	}

	private List<String> campaignNames(Map<String, Object> filter) {
		return this.graphQl.documentName("campaigns")
			.variable("filter", filter)
			.execute()
			.path("campaigns.edges[*].node.name")
			.entityList(String.class)
			.get();
	}

	@Test
	void coverageCountsEachGridsResidentsWithASampleOfTheCampaign() {
		World w = new World();
		// expected rows, computed from the fixtures: one per grid, by grid code
		List<Map<String, Object>> expected = new ArrayList<>();
		w.residents.entrySet()
			.stream()
			.sorted(Comparator.comparing((Map.Entry<Ref, List<Long>> e) -> e.getKey().code()))
			.forEach((e) -> {
				int residents = e.getValue().size();
				int tested = (int) e.getValue().stream().filter(w.sampledInK::contains).count();
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("code", e.getKey().code());
				row.put("residents", residents);
				row.put("tested", tested);
				row.put("untested", residents - tested);
				row.put("coverage", (residents > 0) ? (double) tested / residents : null);
				expected.add(row);
			});
		List<Map<String, Object>> actual = new ArrayList<>();
		coverage(w.id(w.k), null, null).path("campaignCoverage.totalCount")
			.entity(Integer.class)
			.isEqualTo(3)
			.path("campaignCoverage.edges[*].node")
			.entityList(Map.class)
			.hasSize(3)
			.get()
			.forEach((node) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("code", ((Map<?, ?>) node.get("grid")).get("code"));
				row.put("residents", node.get("residents"));
				row.put("tested", node.get("tested"));
				row.put("untested", node.get("untested"));
				row.put("coverage",
						(node.get("coverage") != null) ? ((Number) node.get("coverage")).doubleValue() : null);
				actual.add(row);
			});
		assertThat(actual).isEqualTo(expected);
		// and in plain numbers
		Map<String, Map<String, Object>> byCode = new LinkedHashMap<>();
		actual.forEach((row) -> byCode.put((String) row.get("code"), row));
		assertThat(byCode.get(w.gridA.code())).containsEntry("residents", 4)
			.containsEntry("tested", 3)
			.containsEntry("untested", 1)
			.containsEntry("coverage", 0.75);
		assertThat(byCode.get(w.gridB.code())).containsEntry("residents", 2)
			.containsEntry("tested", 0)
			.containsEntry("coverage", 0.0);
		assertThat(byCode.get(w.gridC.code())).containsEntry("residents", 0).containsEntry("coverage", null);
	}

	@Test
	void coverageOfACampaignOverOneGridIsThatGrid() {
		World w = new World();
		// the later campaign covers grid A only and nobody has been sampled in it yet
		coverage(w.id(w.later), null, null).path("campaignCoverage.edges[*].node.grid.code")
			.entityList(String.class)
			.containsExactly(w.gridA.code())
			.path("campaignCoverage.edges[0].node.residents")
			.entity(Integer.class)
			.isEqualTo(4)
			.path("campaignCoverage.edges[0].node.tested")
			.entity(Integer.class)
			.isEqualTo(0)
			.path("campaignCoverage.edges[0].node.grid.level")
			.entity(String.class)
			.isEqualTo("GRID");
	}

	@Test
	void coveragePagesByGridCode() {
		World w = new World();
		List<String> codes = new ArrayList<>();
		String end = coverage(w.id(w.k), 2, null).path("campaignCoverage.edges[*].node.grid.code")
			.entityList(String.class)
			.hasSize(2)
			.satisfies(codes::addAll)
			.path("campaignCoverage.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("campaignCoverage.pageInfo.endCursor")
			.entity(String.class)
			.get();
		String last = coverage(w.id(w.k), 2, end).path("campaignCoverage.edges[*].node.grid.code")
			.entityList(String.class)
			.hasSize(1)
			.satisfies(codes::addAll)
			.path("campaignCoverage.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("campaignCoverage.pageInfo.hasPreviousPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("campaignCoverage.pageInfo.endCursor")
			.entity(String.class)
			.get();
		assertThat(codes).containsExactlyElementsOf(w.residents.keySet().stream().map(Ref::code).sorted().toList());
		coverage(w.id(w.k), 2, last).path("campaignCoverage.edges")
			.entityList(Object.class)
			.hasSize(0)
			.path("campaignCoverage.pageInfo.endCursor")
			.valueIsNull();
	}

	@Test
	void untestedResidentsAreTheResidentsWithoutASampleOfTheCampaign() {
		World w = new World();
		// A4 was tested, but not in K; B1 only in the earlier campaign
		assertThat(untested(w.id(w.k), null)).containsExactly(w.person(w.a4), w.person(w.b1), w.person(w.b2));
		assertThat(untested(w.id(w.k), w.gridB.globalId())).containsExactly(w.person(w.b1), w.person(w.b2));
		assertThat(untested(w.id(w.k), w.gridA.globalId())).containsExactly(w.person(w.a4));
		assertThat(untested(w.id(w.k), w.gridC.globalId())).isEmpty();
		// a grid outside the campaign's area has nobody to test in this campaign
		assertThat(untested(w.id(w.k), w.elsewhere[4].globalId())).isEmpty();
		// in the earlier campaign B1 was tested and everybody else was not
		assertThat(untested(w.id(w.earlier), null)).containsExactly(w.person(w.a1), w.person(w.a2), w.person(w.a3),
				w.person(w.a4), w.person(w.b2));
		this.graphQl.documentName("campaignUntestedResidents")
			.variable("campaign", w.id(w.k))
			.execute()
			.path("campaignUntestedResidents.totalCount")
			.entity(Integer.class)
			.isEqualTo(3)
			.path("campaignUntestedResidents.edges[0].node.fullName")
			.entity(String.class)
			.isEqualTo("甲四");
	}

	@Test
	void untestedResidentsPageByPersonId() {
		World w = new World();
		List<String> seen = new ArrayList<>();
		String end = this.graphQl.documentName("campaignUntestedResidents")
			.variable("campaign", w.id(w.k))
			.variable("first", 2)
			.execute()
			.path("campaignUntestedResidents.edges[*].node.id")
			.entityList(String.class)
			.satisfies(seen::addAll)
			.path("campaignUntestedResidents.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("campaignUntestedResidents.pageInfo.endCursor")
			.entity(String.class)
			.get();
		this.graphQl.documentName("campaignUntestedResidents")
			.variable("campaign", w.id(w.k))
			.variable("first", 2)
			.variable("after", end)
			.execute()
			.path("campaignUntestedResidents.edges[*].node.id")
			.entityList(String.class)
			.satisfies(seen::addAll)
			.path("campaignUntestedResidents.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(false);
		assertThat(seen).containsExactly(w.person(w.a4), w.person(w.b1), w.person(w.b2));
	}

	@Test
	void progressSumsTheWholeArea() {
		World w = new World();
		this.graphQl.documentName("campaignProgress")
			.variable("campaign", w.id(w.k))
			.execute()
			.path("campaignProgress.residents")
			.entity(Integer.class)
			.isEqualTo(6)
			.path("campaignProgress.tested")
			.entity(Integer.class)
			.isEqualTo(3)
			.path("campaignProgress.untested")
			.entity(Integer.class)
			.isEqualTo(3)
			.path("campaignProgress.coverage")
			.entity(Double.class)
			.isEqualTo(0.5);
		// nested under the campaigns list, batched
		this.graphQl.documentName("campaignsWithProgress")
			.variable("filter", Map.of("area", w.area[1].globalId()))
			.execute()
			.path("campaigns.nodes[*].name")
			.entityList(String.class)
			.containsExactly("营甲网格加测", "营第二轮", "营第一轮")
			.path("campaigns.nodes[*].progress.tested")
			.entityList(Integer.class)
			.containsExactly(0, 3, 1)
			.path("campaigns.nodes[*].progress.residents")
			.entityList(Integer.class)
			.containsExactly(4, 6, 6);
		// an area without residents
		Ref empty = this.data.chain("营空")[4];
		long none = this.fixtures.campaign(empty, "营空网格", this.today, this.today);
		this.graphQl.documentName("campaignProgress")
			.variable("campaign", w.id(none))
			.execute()
			.path("campaignProgress.residents")
			.entity(Integer.class)
			.isEqualTo(0)
			.path("campaignProgress.coverage")
			.valueIsNull();
	}

	@Test
	void campaignsFilterByAreaCoveringAndActiveDay() {
		World w = new World();
		assertThat(campaignNames(Map.of("area", w.area[1].globalId()))).containsExactly("营甲网格加测", "营第二轮", "营第一轮");
		assertThat(campaignNames(Map.of("area", w.gridA.globalId()))).containsExactly("营甲网格加测");
		assertThat(campaignNames(Map.of("area", w.gridB.globalId()))).isEmpty();
		assertThat(campaignNames(Map.of("covering", w.gridA.globalId()))).containsExactly("营甲网格加测", "营第二轮", "营第一轮");
		assertThat(campaignNames(Map.of("covering", w.gridB.globalId()))).containsExactly("营第二轮", "营第一轮");
		assertThat(campaignNames(Map.of("covering", w.elsewhere[4].globalId()))).containsExactly("营外全员");
		assertThat(campaignNames(Map.of("area", w.area[0].globalId(), "activeOn", this.today.toString())))
			.containsExactly("营第二轮");
		assertThat(campaignNames(Map.of("area", w.area[0].globalId(), "activeOn", this.today.minusDays(8).toString())))
			.containsExactly("营第一轮");
		assertThat(campaignNames(Map.of("area", w.area[0].globalId(), "activeOn", this.today.plusDays(2).toString())))
			.isEmpty();
		assertThat(campaignNames(Map.of("covering", w.gridA.globalId(), "activeOn", this.today.plusDays(7).toString())))
			.containsExactly("营甲网格加测");
	}

	@Test
	void campaignsPageLatestStartFirst() {
		Ref[] area = this.data.chain("营页");
		// two campaigns start the same day: the newer id comes first
		this.fixtures.campaign(area[3], "页一", this.today.minusDays(3), this.today);
		this.fixtures.campaign(area[3], "页二", this.today.minusDays(1), this.today);
		this.fixtures.campaign(area[3], "页三", this.today.minusDays(1), this.today);
		this.fixtures.campaign(area[3], "页四", this.today.minusDays(5), this.today);
		Map<String, Object> filter = Map.of("area", area[0].globalId());
		List<String> seen = new ArrayList<>();
		String after = null;
		for (int page = 0; page < 2; page++) {
			after = this.graphQl.documentName("campaigns")
				.variable("filter", filter)
				.variable("first", 2)
				.variable("after", after)
				.execute()
				.path("campaigns.edges[*].node.name")
				.entityList(String.class)
				.hasSize(2)
				.satisfies(seen::addAll)
				.path("campaigns.totalCount")
				.entity(Integer.class)
				.isEqualTo(4)
				.path("campaigns.pageInfo.hasNextPage")
				.entity(Boolean.class)
				.isEqualTo(page == 0)
				.path("campaigns.pageInfo.endCursor")
				.entity(String.class)
				.get();
		}
		assertThat(seen).containsExactly("页三", "页二", "页一", "页四");
		this.graphQl.documentName("campaigns")
			.variable("filter", filter)
			.variable("after", after)
			.execute()
			.path("campaigns.edges")
			.entityList(Object.class)
			.hasSize(0)
			.path("campaigns.pageInfo.hasPreviousPage")
			.entity(Boolean.class)
			.isEqualTo(true);
	}

	@Test
	void createCampaignStartsACampaignOverAnArea() {
		World w = new World();
		String id = this.graphQl.mutate()
			.header("X-Epigrid-User", "cdc.planner-2")
			.build()
			.documentName("createCampaign")
			.variable("input",
					Map.of("name", "  营第三轮全员核酸  ", "area", w.area[3].globalId(), "startsOn",
							this.today.minusDays(1).toString(), "endsOn", this.today.toString()))
			.execute()
			.path("createCampaign.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("createCampaign.campaign.name")
			.entity(String.class)
			.isEqualTo("营第三轮全员核酸")
			.path("createCampaign.campaign.area.code")
			.entity(String.class)
			.isEqualTo(w.area[3].code())
			.path("createCampaign.campaign.endsOn")
			.entity(String.class)
			.isEqualTo(this.today.toString())
			.path("createCampaign.campaign.progress.residents")
			.entity(Integer.class)
			.isEqualTo(6)
			.path("createCampaign.campaign.progress.tested")
			.entity(Integer.class)
			.isEqualTo(0)
			.path("createCampaign.campaign.id")
			.entity(String.class)
			.get();
		var row = this.db.selectFrom(CAMPAIGN).where(CAMPAIGN.ID.eq(GlobalId.decode(id, "Campaign"))).fetchOne();
		assertThat(row.getCreatedBy()).isEqualTo("cdc.planner-2");
		assertThat(row.getPlaceId()).isEqualTo(w.area[3].id());
		assertThat(untested(id, null)).hasSize(6);
	}

	@Test
	void createCampaignRefusesBadInputAndChangesNothing() {
		World w = new World();
		int before = this.db.fetchCount(CAMPAIGN);
		this.graphQl.documentName("createCampaign")
			.variable("input",
					Map.of("name", "  ", "area", GlobalId.encode("Place", 999_999_999), "startsOn",
							this.today.plusDays(3).toString(), "endsOn", this.today.plusDays(1).toString()))
			.execute()
			.path("createCampaign.campaign")
			.valueIsNull()
			.path("createCampaign.errors[*].field")
			.entityList(String.class)
			.satisfies((list) -> assertThat(list).containsExactlyInAnyOrder("input.name", "input.area", "input.endsOn"))
			.path("createCampaign.errors[*].code")
			.entityList(String.class)
			.satisfies((list) -> assertThat(list).containsExactlyInAnyOrder("INVALID_VALUE", "NOT_FOUND",
					"INVALID_VALUE"));
		this.graphQl.documentName("createCampaign")
			.variable("input",
					Map.of("name", "已结束", "area", w.area[3].globalId(), "startsOn", this.today.minusDays(5).toString(),
							"endsOn", this.today.minusDays(1).toString()))
			.execute()
			.path("createCampaign.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.endsOn")
			.path("createCampaign.errors[0].message")
			.entity(String.class)
			.isEqualTo("a campaign cannot end in the past");
		this.graphQl.documentName("createCampaign")
			.variable("input",
					Map.of("name", "名".repeat(101), "area", w.area[3].globalId(), "startsOn", this.today.toString(),
							"endsOn", this.today.toString()))
			.execute()
			.path("createCampaign.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.name");
		// malformed ids and dates are refused before anything runs
		this.graphQl.documentName("createCampaign")
			.variable("input",
					Map.of("name", "x", "area", GlobalId.encode("Site", 1), "startsOn", this.today.toString(), "endsOn",
							this.today.toString()))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("expected a Place"))
			.verify();
		this.graphQl.documentName("createCampaign")
			.variable("input",
					Map.of("name", "x", "area", w.area[3].globalId(), "startsOn", "tomorrow", "endsOn",
							this.today.toString()))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		assertThat(this.db.fetchCount(CAMPAIGN)).isEqualTo(before);
	}

	@Test
	void unknownCampaignsAreNotFoundAndBadArgumentsRejected() {
		String unknown = GlobalId.encode("Campaign", 987_654_321);
		coverage(unknown, null, null).errors()
			.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND && error.getMessage().contains(unknown))
			.verify();
		this.graphQl.documentName("campaignUntestedResidents")
			.variable("campaign", unknown)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND)
			.verify();
		this.graphQl.documentName("campaignProgress")
			.variable("campaign", unknown)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND)
			.verify()
			.path("campaignProgress")
			.valueIsNull();
		this.graphQl.documentName("sentinelsNode")
			.variable("id", unknown)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND)
			.verify();
		World w = new World();
		coverage(GlobalId.encode("Place", w.area[3].id()), null, null).errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("expected a Campaign"))
			.verify();
		coverage(w.id(w.k), 501, null).errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("at most 500"))
			.verify();
		coverage(w.id(w.k), null, "garbage").errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
		this.graphQl.documentName("campaignUntestedResidents")
			.variable("campaign", w.id(w.k))
			.variable("after", Cursor.encode("not-a-number"))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
		this.graphQl.documentName("campaignUntestedResidents")
			.variable("campaign", w.id(w.k))
			.variable("grid", "!!")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("not a valid id"))
			.verify();
		for (String cursor : List.of(Cursor.encode("yesterday", 5), Cursor.encode(1))) {
			this.graphQl.documentName("campaigns")
				.variable("after", cursor)
				.execute()
				.errors()
				.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
						&& error.getMessage().contains("cursor"))
				.verify();
		}
		this.graphQl.document("{ campaigns(filter: { activeOn: \"soon\" }) { totalCount } }")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
	}

	@Test
	void nestedCampaignReadStatementCountDoesNotGrowWithRows() {
		int small = campaignStatements(20);
		int large = campaignStatements(200);
		assertThat(large).isEqualTo(small);
		assertThat(small).isLessThanOrEqualTo(5);
	}

	private int campaignStatements(int count) {
		Ref[] area = this.data.chain("营N" + count);
		long person = this.data.person(area[4], "营N");
		for (int i = 0; i < count; i++) {
			Ref where = area[1 + i % 4];
			long campaign = this.fixtures.campaign(where, "营N" + i, this.today.minusDays(i), this.today);
			if (i % 3 == 0) {
				this.fixtures.sample(person, area[4], at(-1 - i), campaign);
			}
		}
		this.rollup.refreshNow();
		this.statements.reset();
		this.graphQl.documentName("campaignsWithProgress")
			.variable("filter", Map.of("area", area[0].globalId()))
			.variable("first", 500)
			.execute()
			.path("campaigns.nodes")
			.entityList(Object.class)
			.hasSize(count)
			.path("campaigns.nodes[0].progress.tested")
			.entity(Integer.class)
			.isEqualTo(1)
			.path("campaigns.nodes[1].progress.tested")
			.entity(Integer.class)
			.isEqualTo(0)
			.path("campaigns.nodes[0].area.parent.code")
			.hasValue();
		return this.statements.count();
	}

}
