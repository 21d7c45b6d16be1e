package org.epigrid.reporting;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;

import org.epigrid.jooq.tables.records.GatheringRecord;
import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.GATHERING;
import static org.epigrid.reporting.ReportingFixtures.siteId;

class GatheringTests extends IntegrationTest {

	@Autowired
	private GatheringService service;

	private ReportingFixtures fixtures;

	private int threshold;

	@BeforeEach
	void fixtures() {
		this.fixtures = new ReportingFixtures(this.db);
		this.threshold = this.service.planRequiredAbove();
	}

	private GraphQlTester.Response register(Map<String, Object> input) {
		return this.graphQl.documentName("registerGathering").variable("input", input).execute();
	}

	private GraphQlTester.Response submit(String id, int expectedVersion) {
		return this.graphQl.documentName("submitGatheringPlan")
			.variable("input", Map.of("id", id, "expectedVersion", expectedVersion))
			.execute();
	}

	private GraphQlTester.Response decide(String id, int expectedVersion, String decision) {
		return this.graphQl.documentName("decideGatheringPlan")
			.variable("input", Map.of("id", id, "expectedVersion", expectedVersion, "decision", decision))
			.execute();
	}

	private List<GatheringRecord> allGatherings() {
		return this.db.selectFrom(GATHERING).orderBy(GATHERING.ID).fetch();
	}

	private static String gatheringId(long id) {
		return GlobalId.encode("Gathering", id);
	}

	private Map<String, Object> gathering(Ref place, int attendance) {
		OffsetDateTime start = OffsetDateTime.now().plusDays(3);
		return new HashMap<>(Map.of("name", "社区运动会", "organizer", "街道文体中心", "place", place.globalId(), "startsAt",
				start.toString(), "endsAt", start.plusHours(4).toString(), "expectedAttendance", attendance));
	}

	@Test
	void aPlanIsRequiredAboveTheConfiguredAttendance() {
		Ref[] chain = this.data.chain("聚");
		long hall = this.data.site(chain[4], "CINEMA", "聚影剧院");
		Map<String, Object> large = gathering(chain[3], this.threshold + 1);
		large.put("site", siteId(hall));
		String id = this.graphQl.mutate()
			.header("X-Epigrid-User", "organizer.wu")
			.build()
			.documentName("registerGathering")
			.variable("input", large)
			.execute()
			.path("registerGathering.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("registerGathering.gathering.planStatus")
			.entity(String.class)
			.isEqualTo("REQUIRED")
			.path("registerGathering.gathering.needsPlan")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("registerGathering.gathering.site.name")
			.entity(String.class)
			.isEqualTo("聚影剧院")
			.path("registerGathering.gathering.place.code")
			.entity(String.class)
			.isEqualTo(chain[3].code())
			.path("registerGathering.gathering.id")
			.entity(String.class)
			.get();
		assertThat(this.db.selectFrom(GATHERING)
			.where(GATHERING.ID.eq(GlobalId.decode(id, "Gathering")))
			.fetchOne()
			.getCreatedBy()).isEqualTo("organizer.wu");
		register(gathering(chain[4], this.threshold)).path("registerGathering.gathering.planStatus")
			.entity(String.class)
			.isEqualTo("NOT_REQUIRED")
			.path("registerGathering.gathering.needsPlan")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("registerGathering.gathering.site")
			.valueIsNull();
		this.graphQl.documentName("reportingNode")
			.variable("id", id)
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("Gathering")
			.path("node.planStatus")
			.entity(String.class)
			.isEqualTo("REQUIRED");
	}

	@Test
	void refusesRegistrationsThatBreakTheRulesAndChangesNothing() {
		Ref[] chain = this.data.chain("聚拒");
		Ref[] other = this.data.chain("聚别");
		long hall = this.data.site(other[4], "CINEMA", "聚别影院");
		List<GatheringRecord> before = allGatherings();
		Map<String, Object> backwards = gathering(chain[4], 10);
		backwards.put("endsAt", OffsetDateTime.now().toString());
		register(backwards).path("registerGathering.gathering")
			.valueIsNull()
			.path("registerGathering.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.endsAt");
		register(gathering(chain[4], 0)).path("registerGathering.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.expectedAttendance");
		Map<String, Object> blank = gathering(chain[4], 10);
		blank.put("name", " ");
		blank.put("organizer", "");
		register(blank).path("registerGathering.errors[*].field")
			.entityList(String.class)
			.satisfies((list) -> assertThat(list).containsExactlyInAnyOrder("input.name", "input.organizer"));
		Map<String, Object> elsewhere = gathering(chain[4], 10);
		elsewhere.put("site", siteId(hall));
		register(elsewhere).path("registerGathering.errors[0].code")
			.entity(String.class)
			.isEqualTo("INVALID_VALUE")
			.path("registerGathering.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.site");
		Map<String, Object> unknown = gathering(chain[4], 10);
		unknown.put("place", GlobalId.encode("Place", 999_999_999));
		unknown.put("site", siteId(999_999_999));
		register(unknown).path("registerGathering.errors[*].code")
			.entityList(String.class)
			.containsExactly("NOT_FOUND", "NOT_FOUND");
		assertThat(allGatherings()).isEqualTo(before);
		Map<String, Object> badTime = gathering(chain[4], 10);
		badTime.put("startsAt", "tomorrow");
		register(badTime).errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		assertThat(allGatherings()).isEqualTo(before);
	}

	@Test
	void aPlanIsSubmittedRejectedResubmittedAndApproved() {
		Ref[] chain = this.data.chain("案");
		String id = gatheringId(
				this.fixtures.gathering(chain[4], "庙会", OffsetDateTime.now().plusDays(5), 500, "REQUIRED"));
		submit(id, 0).path("submitGatheringPlan.gathering.planStatus")
			.entity(String.class)
			.isEqualTo("SUBMITTED")
			.path("submitGatheringPlan.gathering.needsPlan")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("submitGatheringPlan.gathering.version")
			.entity(Integer.class)
			.isEqualTo(1);
		decide(id, 1, "REJECTED").path("decideGatheringPlan.gathering.planStatus")
			.entity(String.class)
			.isEqualTo("REJECTED");
		submit(id, 2).path("submitGatheringPlan.gathering.planStatus").entity(String.class).isEqualTo("SUBMITTED");
		decide(id, 3, "APPROVED").path("decideGatheringPlan.gathering.planStatus")
			.entity(String.class)
			.isEqualTo("APPROVED")
			.path("decideGatheringPlan.gathering.needsPlan")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("decideGatheringPlan.gathering.version")
			.entity(Integer.class)
			.isEqualTo(4);
	}

	@Test
	void illegalPlanStepsAreRefusedAndChangeNothing() {
		Ref[] chain = this.data.chain("案拒");
		OffsetDateTime at = OffsetDateTime.now().plusDays(5);
		String small = gatheringId(this.fixtures.gathering(chain[4], "小型聚会", at, 20, "NOT_REQUIRED"));
		String required = gatheringId(this.fixtures.gathering(chain[4], "待交方案", at, 200, "REQUIRED"));
		String submitted = gatheringId(this.fixtures.gathering(chain[4], "待审方案", at, 200, "SUBMITTED"));
		String approved = gatheringId(this.fixtures.gathering(chain[4], "已批方案", at, 200, "APPROVED"));
		List<GatheringRecord> before = allGatherings();
		submit(small, 0).path("submitGatheringPlan.gathering")
			.valueIsNull()
			.path("submitGatheringPlan.errors[0].code")
			.entity(String.class)
			.isEqualTo("ILLEGAL_TRANSITION");
		submit(submitted, 0).path("submitGatheringPlan.errors[0].code")
			.entity(String.class)
			.isEqualTo("ILLEGAL_TRANSITION");
		submit(approved, 0).path("submitGatheringPlan.errors[0].code")
			.entity(String.class)
			.isEqualTo("ILLEGAL_TRANSITION");
		decide(required, 0, "APPROVED").path("decideGatheringPlan.errors[0].code")
			.entity(String.class)
			.isEqualTo("ILLEGAL_TRANSITION");
		decide(approved, 0, "REJECTED").path("decideGatheringPlan.errors[0].code")
			.entity(String.class)
			.isEqualTo("ILLEGAL_TRANSITION");
		decide(small, 0, "APPROVED").path("decideGatheringPlan.errors[0].code")
			.entity(String.class)
			.isEqualTo("ILLEGAL_TRANSITION");
		submit(required, 7).path("submitGatheringPlan.errors[0].code")
			.entity(String.class)
			.isEqualTo("CONFLICT")
			.path("submitGatheringPlan.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.expectedVersion");
		decide(gatheringId(999_999_999), 0, "APPROVED").path("decideGatheringPlan.errors[0].code")
			.entity(String.class)
			.isEqualTo("NOT_FOUND");
		decide(submitted, 0, "MAYBE").errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		assertThat(allGatherings()).isEqualTo(before);
	}

	@Test
	void gatheringsFilterByAreaPlanStatusAndTime() {
		Ref[] chain = this.data.chain("聚筛");
		Ref[] other = this.data.chain("聚外");
		OffsetDateTime t0 = OffsetDateTime.now().plusDays(10).truncatedTo(ChronoUnit.SECONDS);
		// each lasts three hours
		long a = this.fixtures.gathering(chain[4], "甲", t0, 30, "NOT_REQUIRED");
		long b = this.fixtures.gathering(chain[3], "乙", t0.plusDays(1), 300, "REQUIRED");
		long c = this.fixtures.gathering(chain[4], "丙", t0.plusDays(2), 300, "APPROVED");
		long d = this.fixtures.gathering(chain[2], "丁", t0.plusDays(3), 300, "REJECTED");
		this.fixtures.gathering(other[4], "外", t0, 300, "REQUIRED");
		String area = chain[0].globalId();
		assertGatherings(Map.of("area", area), a, b, c, d);
		assertGatherings(Map.of("area", chain[3].globalId()), a, b, c);
		assertGatherings(Map.of("area", area, "planStatuses", List.of("REQUIRED", "REJECTED")), b, d)
			.path("gatherings.nodes[*].needsPlan")
			.entityList(Boolean.class)
			.containsExactly(true, true);
		assertGatherings(Map.of("area", area, "planStatuses", List.of("APPROVED")), c)
			.path("gatherings.nodes[0].needsPlan")
			.entity(Boolean.class)
			.isEqualTo(false);
		// still going on at t0 + 2h, or starting before day 2
		assertGatherings(Map.of("area", area, "from", t0.plusHours(2).toString()), a, b, c, d);
		assertGatherings(Map.of("area", area, "from", t0.plusHours(3).toString()), b, c, d);
		assertGatherings(Map.of("area", area, "to", t0.plusDays(2).toString()), a, b);
		assertGatherings(
				Map.of("area", area, "from", t0.plusDays(1).plusHours(3).toString(), "to", t0.plusDays(3).toString()),
				c);
	}

	private GraphQlTester.Response assertGatherings(Map<String, Object> filter, long... expected) {
		List<String> ids = new ArrayList<>();
		for (long id : expected) {
			ids.add(gatheringId(id));
		}
		GraphQlTester.Response response = this.graphQl.documentName("gatherings").variable("filter", filter).execute();
		response.path("gatherings.nodes[*].id")
			.entityList(String.class)
			.isEqualTo(ids)
			.path("gatherings.totalCount")
			.entity(Integer.class)
			.isEqualTo(expected.length);
		return response;
	}

	@Test
	void gatheringsPageThroughEarliestFirst() {
		Ref[] chain = this.data.chain("聚页");
		OffsetDateTime at = OffsetDateTime.now().plusDays(1);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			// pairs starting at the same time: the id breaks the tie
			ids.add(gatheringId(this.fixtures.gathering(chain[4], "页" + i, at.plusHours(i / 2), 10, "NOT_REQUIRED")));
		}
		Map<String, Object> filter = Map.of("area", chain[0].globalId());
		List<String> seen = new ArrayList<>();
		String after = null;
		for (int page = 0; page < 3; page++) {
			GraphQlTester.Response response = this.graphQl.documentName("gatherings")
				.variable("filter", filter)
				.variable("first", 2)
				.variable("after", after)
				.execute();
			seen.addAll(response.path("gatherings.nodes[*].id").entityList(String.class).get());
			response.path("gatherings.pageInfo.hasNextPage")
				.entity(Boolean.class)
				.isEqualTo(page < 2)
				.path("gatherings.pageInfo.hasPreviousPage")
				.entity(Boolean.class)
				.isEqualTo(page > 0);
			after = response.path("gatherings.pageInfo.endCursor").entity(String.class).get();
		}
		assertThat(seen).isEqualTo(ids);
		this.graphQl.documentName("gatherings")
			.variable("filter", filter)
			.variable("after", after)
			.execute()
			.path("gatherings.nodes")
			.entityList(Object.class)
			.hasSize(0);
		this.graphQl.documentName("gatherings")
			.variable("first", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
		this.graphQl.documentName("gatherings")
			.variable("after", "%%%")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
		this.graphQl.documentName("gatherings")
			.variable("filter", Map.of("planStatuses", List.of("PENDING")))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
	}

	@Test
	void nestedGatheringReadStatementCountDoesNotGrowWithRows() {
		int small = gatheringStatements(20);
		int large = gatheringStatements(200);
		assertThat(large).isEqualTo(small);
		// gatherings, their places, (no sites: none is set, so no statement), totalCount
		assertThat(small).isEqualTo(3);
	}

	private int gatheringStatements(int count) {
		Ref[] chain = this.data.chain("N聚" + count);
		OffsetDateTime at = OffsetDateTime.now().plusDays(2);
		for (int i = 0; i < count; i++) {
			this.fixtures.gathering(chain[4], "G" + i, at.plusMinutes(i), 100, "REQUIRED");
		}
		this.statements.reset();
		this.graphQl.documentName("gatherings")
			.variable("filter", Map.of("area", chain[0].globalId()))
			.variable("first", 500)
			.execute()
			.path("gatherings.nodes")
			.entityList(Object.class)
			.hasSize(count);
		return this.statements.count();
	}

}
