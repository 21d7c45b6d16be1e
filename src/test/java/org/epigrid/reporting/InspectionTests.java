package org.epigrid.reporting;

import java.time.LocalDate;
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

import org.epigrid.jooq.tables.records.InspectionRecord;
import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.INSPECTION;
import static org.epigrid.reporting.ReportingFixtures.siteId;

class InspectionTests extends IntegrationTest {

	@Autowired
	private ReportingProperties properties;

	private ReportingFixtures fixtures;

	private LocalDate today;

	@BeforeEach
	void fixtures() {
		this.fixtures = new ReportingFixtures(this.db);
		this.today = this.properties.today();
	}

	private GraphQlTester.Response record(Map<String, Object> input) {
		return this.graphQl.documentName("recordInspection").variable("input", input).execute();
	}

	private GraphQlTester.Response rectify(Map<String, Object> input) {
		return this.graphQl.documentName("recordRectification").variable("input", input).execute();
	}

	private GraphQlTester.Response verify(String id, int expectedVersion) {
		return this.graphQl.documentName("verifyRectification")
			.variable("input", Map.of("id", id, "expectedVersion", expectedVersion))
			.execute();
	}

	private List<InspectionRecord> allInspections() {
		return this.db.selectFrom(INSPECTION).orderBy(INSPECTION.ID).fetch();
	}

	private static String inspectionId(long id) {
		return GlobalId.encode("Inspection", id);
	}

	@Test
	void findingsAboutASiteTakeItsPlaceAndStartOpen() {
		Ref[] chain = this.data.chain("督");
		long market = this.data.site(chain[4], "MARKET", "督农贸市场");
		String id = this.graphQl.mutate()
			.header("X-Epigrid-User", "inspector.li")
			.build()
			.documentName("recordInspection")
			.variable("input",
					Map.of("site", siteId(market), "inspector", "市督导组", "finding", "入口未查验健康码", "severity", "MAJOR",
							"rectificationDueOn", this.today.plusDays(3).toString(), "publiclyNamed", true))
			.execute()
			.path("recordInspection.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("recordInspection.inspection.status")
			.entity(String.class)
			.isEqualTo("OPEN")
			.path("recordInspection.inspection.overdue")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("recordInspection.inspection.place.code")
			.entity(String.class)
			.isEqualTo(chain[4].code())
			.path("recordInspection.inspection.site.name")
			.entity(String.class)
			.isEqualTo("督农贸市场")
			.path("recordInspection.inspection.publiclyNamed")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("recordInspection.inspection.version")
			.entity(Integer.class)
			.isEqualTo(0)
			.path("recordInspection.inspection.id")
			.entity(String.class)
			.get();
		InspectionRecord row = this.db.selectFrom(INSPECTION)
			.where(INSPECTION.ID.eq(GlobalId.decode(id, "Inspection")))
			.fetchOne();
		assertThat(row.getCreatedBy()).isEqualTo("inspector.li");
		assertThat(row.getPlaceId()).isEqualTo(chain[4].id());
		// a place without a site; a site inside the place named; due the same day
		record(Map.of("place", chain[3].globalId(), "inspector", "区督导组", "finding", "社区卡口无人值守", "severity", "CRITICAL",
				"rectificationDueOn", this.today.toString()))
			.path("recordInspection.inspection.site")
			.valueIsNull()
			.path("recordInspection.inspection.place.code")
			.entity(String.class)
			.isEqualTo(chain[3].code())
			.path("recordInspection.inspection.publiclyNamed")
			.entity(Boolean.class)
			.isEqualTo(false);
		record(Map.of("site", siteId(market), "place", chain[2].globalId(), "inspector", "区督导组", "finding", "消毒记录缺失",
				"severity", "MINOR", "rectificationDueOn", this.today.plusDays(1).toString(), "inspectedAt",
				OffsetDateTime.now().minusDays(1).toString()))
			.path("recordInspection.inspection.place.code")
			.entity(String.class)
			.isEqualTo(chain[2].code())
			.path("recordInspection.inspection.site.name")
			.entity(String.class)
			.isEqualTo("督农贸市场");
		this.graphQl.documentName("reportingNode")
			.variable("id", id)
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("Inspection")
			.path("node.finding")
			.entity(String.class)
			.isEqualTo("入口未查验健康码");
	}

	@Test
	void refusesFindingsThatBreakTheRulesAndChangesNothing() {
		Ref[] chain = this.data.chain("督拒");
		Ref[] other = this.data.chain("督别");
		long market = this.data.site(chain[4], "MARKET", "督拒市场");
		List<InspectionRecord> before = allInspections();
		Map<String, Object> valid = Map.of("inspector", "督导组", "finding", "未戴口罩", "severity", "MINOR",
				"rectificationDueOn", this.today.plusDays(1).toString());
		// neither site nor place
		record(valid).path("recordInspection.inspection")
			.valueIsNull()
			.path("recordInspection.errors[0].code")
			.entity(String.class)
			.isEqualTo("INVALID_VALUE")
			.path("recordInspection.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.place");
		// the site is not in the place named
		record(with(valid, "site", siteId(market), "place", other[3].globalId()))
			.path("recordInspection.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.site");
		// unknown site and place
		record(with(valid, "site", siteId(999_999_999), "place", GlobalId.encode("Place", 999_999_999)))
			.path("recordInspection.errors[*].code")
			.entityList(String.class)
			.containsExactly("NOT_FOUND", "NOT_FOUND");
		// deadline before the inspection, future inspection, blank texts
		record(with(valid, "place", chain[4].globalId(), "rectificationDueOn", this.today.minusDays(1).toString()))
			.path("recordInspection.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.rectificationDueOn");
		record(with(valid, "place", chain[4].globalId(), "inspectedAt", OffsetDateTime.now().plusHours(2).toString()))
			.path("recordInspection.errors[*].field")
			.entityList(String.class)
			.contains("input.inspectedAt");
		record(with(valid, "place", chain[4].globalId(), "inspector", " ", "finding", ""))
			.path("recordInspection.errors[*].field")
			.entityList(String.class)
			.satisfies((list) -> assertThat(list).containsExactlyInAnyOrder("input.inspector", "input.finding"));
		assertThat(allInspections()).isEqualTo(before);
		// an unknown severity never reaches the service
		record(with(valid, "place", chain[4].globalId(), "severity", "HUGE")).errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		assertThat(allInspections()).isEqualTo(before);
	}

	@Test
	void rectificationGoesFromOpenToRectifiedToVerified() {
		Ref[] chain = this.data.chain("整");
		long id = this.fixtures.inspection(chain[4], null, OffsetDateTime.now().minusDays(5), "垃圾未分类", "MINOR",
				this.today.minusDays(1), "OPEN", false);
		String global = inspectionId(id);
		// overdue while open after its deadline
		this.graphQl.documentName("inspections")
			.variable("filter", Map.of("area", chain[0].globalId(), "overdue", true))
			.execute()
			.path("inspections.nodes[*].id")
			.entityList(String.class)
			.containsExactly(global);
		OffsetDateTime rectifiedAt = OffsetDateTime.now().minusHours(3).truncatedTo(ChronoUnit.SECONDS);
		rectify(Map.of("id", global, "expectedVersion", 0, "note", "已完成垃圾分类整改", "rectifiedAt", rectifiedAt.toString()))
			.path("recordRectification.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("recordRectification.inspection.status")
			.entity(String.class)
			.isEqualTo("RECTIFIED")
			.path("recordRectification.inspection.overdue")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("recordRectification.inspection.rectificationNote")
			.entity(String.class)
			.isEqualTo("已完成垃圾分类整改")
			.path("recordRectification.inspection.rectifiedAt")
			.entity(String.class)
			.satisfies((at) -> assertThat(OffsetDateTime.parse(at).toInstant()).isEqualTo(rectifiedAt.toInstant()))
			.path("recordRectification.inspection.version")
			.entity(Integer.class)
			.isEqualTo(1);
		verify(global, 1).path("verifyRectification.inspection.status")
			.entity(String.class)
			.isEqualTo("VERIFIED")
			.path("verifyRectification.inspection.version")
			.entity(Integer.class)
			.isEqualTo(2);
		assertThat(
				this.db.select(INSPECTION.UPDATED_BY).from(INSPECTION).where(INSPECTION.ID.eq(id)).fetchOne().value1())
			.isEqualTo("anonymous");
	}

	@Test
	void illegalRectificationStepsAreRefusedAndChangeNothing() {
		Ref[] chain = this.data.chain("整拒");
		OffsetDateTime inspectedAt = OffsetDateTime.now().minusDays(2);
		long open = this.fixtures.inspection(chain[4], null, inspectedAt, "A", "MINOR", this.today, "OPEN", false);
		long rectified = this.fixtures.inspection(chain[4], null, inspectedAt, "B", "MAJOR", this.today, "RECTIFIED",
				false);
		long verified = this.fixtures.inspection(chain[4], null, inspectedAt, "C", "CRITICAL", this.today, "VERIFIED",
				true);
		List<InspectionRecord> before = allInspections();
		Map<String, Object> note = Map.of("expectedVersion", 0, "note", "整改");
		// verify before rectification
		verify(inspectionId(open), 0).path("verifyRectification.inspection")
			.valueIsNull()
			.path("verifyRectification.errors[0].code")
			.entity(String.class)
			.isEqualTo("ILLEGAL_TRANSITION");
		verify(inspectionId(verified), 0).path("verifyRectification.errors[0].code")
			.entity(String.class)
			.isEqualTo("ILLEGAL_TRANSITION");
		// rectify twice, or after verification
		rectify(with(note, "id", inspectionId(rectified))).path("recordRectification.errors[0].code")
			.entity(String.class)
			.isEqualTo("ILLEGAL_TRANSITION");
		rectify(with(note, "id", inspectionId(verified))).path("recordRectification.errors[0].code")
			.entity(String.class)
			.isEqualTo("ILLEGAL_TRANSITION");
		// stale version, unknown finding
		rectify(Map.of("id", inspectionId(open), "expectedVersion", 3, "note", "整改"))
			.path("recordRectification.errors[0].code")
			.entity(String.class)
			.isEqualTo("CONFLICT");
		verify(inspectionId(999_999_999), 0).path("verifyRectification.errors[0].code")
			.entity(String.class)
			.isEqualTo("NOT_FOUND");
		// bad rectification input
		rectify(with(note, "id", inspectionId(open), "note", " ")).path("recordRectification.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.note");
		rectify(with(note, "id", inspectionId(open), "rectifiedAt", inspectedAt.minusDays(1).toString()))
			.path("recordRectification.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.rectifiedAt");
		rectify(with(note, "id", inspectionId(open), "rectifiedAt", OffsetDateTime.now().plusDays(1).toString()))
			.path("recordRectification.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.rectifiedAt");
		assertThat(allInspections()).isEqualTo(before);
		// a malformed id is a GraphQL error
		verify(GlobalId.encode("Gathering", open), 0).errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
	}

	@Test
	void inspectionsFilterByAreaStatusSeverityOverdueAndPublicNaming() {
		Ref[] chain = this.data.chain("督筛");
		Ref[] other = this.data.chain("督外");
		long site = this.data.site(chain[4], "RESTAURANT", "督筛饭店");
		OffsetDateTime at = OffsetDateTime.now().minusDays(10);
		long overdue = this.fixtures.inspection(chain[4], site, at, "逾期未整改", "CRITICAL", this.today.minusDays(1),
				"OPEN", true);
		long dueToday = this.fixtures.inspection(chain[3], null, at.plusHours(1), "今日到期", "MAJOR", this.today, "OPEN",
				false);
		long rectifiedLate = this.fixtures.inspection(chain[4], null, at.plusHours(2), "已整改", "MINOR",
				this.today.minusDays(5), "RECTIFIED", true);
		long verified = this.fixtures.inspection(chain[2], null, at.plusHours(3), "已验收", "MAJOR",
				this.today.minusDays(5), "VERIFIED", false);
		this.fixtures.inspection(other[4], null, at, "别处逾期", "CRITICAL", this.today.minusDays(3), "OPEN", true);
		String area = chain[0].globalId();
		assertInspections(Map.of("area", area), verified, rectifiedLate, dueToday, overdue);
		assertInspections(Map.of("area", chain[3].globalId()), rectifiedLate, dueToday, overdue);
		assertInspections(Map.of("area", area, "statuses", List.of("OPEN")), dueToday, overdue);
		assertInspections(Map.of("area", area, "statuses", List.of("RECTIFIED", "VERIFIED")), verified, rectifiedLate);
		assertInspections(Map.of("area", area, "severities", List.of("MAJOR")), verified, dueToday);
		assertInspections(Map.of("area", area, "overdue", true), overdue).path("inspections.nodes[0].overdue")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("inspections.nodes[0].site.name")
			.entity(String.class)
			.isEqualTo("督筛饭店")
			.path("inspections.nodes[0].place.code")
			.entity(String.class)
			.isEqualTo(chain[4].code());
		assertInspections(Map.of("area", area, "overdue", false), verified, rectifiedLate, dueToday)
			.path("inspections.nodes[*].overdue")
			.entityList(Boolean.class)
			.containsExactly(false, false, false);
		assertInspections(Map.of("area", area, "publiclyNamed", true), rectifiedLate, overdue);
		assertInspections(Map.of("area", area, "publiclyNamed", false, "overdue", true));
	}

	private GraphQlTester.Response assertInspections(Map<String, Object> filter, long... expected) {
		GraphQlTester.Response response = this.graphQl.documentName("inspections").variable("filter", filter).execute();
		List<String> ids = new ArrayList<>();
		for (long id : expected) {
			ids.add(inspectionId(id));
		}
		response.path("inspections.nodes[*].id")
			.entityList(String.class)
			.isEqualTo(ids)
			.path("inspections.totalCount")
			.entity(Integer.class)
			.isEqualTo(expected.length);
		return response;
	}

	@Test
	void inspectionsPageThroughLatestFirst() {
		Ref[] chain = this.data.chain("督页");
		OffsetDateTime at = OffsetDateTime.now().minusDays(3);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			// two findings of the same inspection time: the id breaks the tie
			ids.add(0, inspectionId(this.fixtures.inspection(chain[4], null, at.plusMinutes(i / 2), "F" + i, "MINOR",
					this.today, "OPEN", false)));
		}
		Map<String, Object> filter = Map.of("area", chain[0].globalId());
		List<String> seen = new ArrayList<>();
		String after = null;
		for (int page = 0; page < 3; page++) {
			GraphQlTester.Response response = this.graphQl.documentName("inspections")
				.variable("filter", filter)
				.variable("first", 2)
				.variable("after", after)
				.execute();
			seen.addAll(response.path("inspections.nodes[*].id").entityList(String.class).get());
			response.path("inspections.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(page < 2);
			after = response.path("inspections.pageInfo.endCursor").entity(String.class).get();
		}
		assertThat(seen).isEqualTo(ids);
		this.graphQl.documentName("inspections")
			.variable("filter", filter)
			.variable("after", after)
			.execute()
			.path("inspections.nodes")
			.entityList(Object.class)
			.hasSize(0)
			.path("inspections.pageInfo.hasPreviousPage")
			.entity(Boolean.class)
			.isEqualTo(true);
		this.graphQl.documentName("inspections")
			.variable("first", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
		this.graphQl.documentName("inspections")
			.variable("after", "bm9wZQ")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
		this.graphQl.documentName("inspections")
			.variable("filter", Map.of("statuses", List.of("CLOSED")))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
	}

	@Test
	void nestedInspectionReadStatementCountDoesNotGrowWithRows() {
		int small = inspectionStatements(20);
		int large = inspectionStatements(200);
		assertThat(large).isEqualTo(small);
		// findings, their sites, their places, totalCount
		assertThat(small).isEqualTo(4);
	}

	private int inspectionStatements(int count) {
		Ref[] chain = this.data.chain("N督" + count);
		OffsetDateTime at = OffsetDateTime.now().minusDays(1);
		for (long site : this.fixtures.sites(chain[4], "MARKET", count)) {
			this.fixtures.inspection(chain[4], site, at, "F", "MINOR", this.today, "OPEN", false);
		}
		this.statements.reset();
		this.graphQl.documentName("inspections")
			.variable("filter", Map.of("area", chain[0].globalId()))
			.variable("first", 500)
			.execute()
			.path("inspections.nodes")
			.entityList(Object.class)
			.hasSize(count);
		return this.statements.count();
	}

	private static Map<String, Object> with(Map<String, ?> base, Object... entries) {
		Map<String, Object> map = new HashMap<>(base);
		for (int i = 0; i < entries.length; i += 2) {
			map.put((String) entries[i], entries[i + 1]);
		}
		return map;
	}

}
