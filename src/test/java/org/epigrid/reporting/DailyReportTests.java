package org.epigrid.reporting;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;

import org.epigrid.jooq.tables.records.DailyReportRecord;
import org.epigrid.support.Cursor;
import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.DAILY_REPORT;
import static org.epigrid.reporting.ReportingFixtures.siteId;
import static org.epigrid.reporting.ReportingFixtures.siteIds;

class DailyReportTests extends IntegrationTest {

	@Autowired
	private ReportingProperties properties;

	private ReportingFixtures fixtures;

	private LocalDate today;

	@BeforeEach
	void fixtures() {
		this.fixtures = new ReportingFixtures(this.db);
		this.today = this.properties.today();
	}

	private GraphQlTester.Response submit(Map<String, Object> input) {
		return this.graphQl.documentName("submitDailyReport").variable("input", input).execute();
	}

	private GraphQlTester.Response correct(Map<String, Object> input) {
		return this.graphQl.documentName("correctDailyReport").variable("input", input).execute();
	}

	private List<DailyReportRecord> allReports() {
		return this.db.selectFrom(DAILY_REPORT).orderBy(DAILY_REPORT.ID).fetch();
	}

	@Test
	void institutionsSubmitReportsAndZeroReportsForTodayByDefault() {
		Ref[] chain = this.data.chain("报");
		long school = this.data.site(chain[4], "SCHOOL", "报第一小学");
		long home = this.data.site(chain[4], "NURSING_HOME", "报敬老院");
		String id = this.graphQl.mutate()
			.header("X-Epigrid-User", "school.nurse")
			.build()
			.documentName("submitDailyReport")
			.variable("input",
					Map.of("site", siteId(school), "zeroReport", false, "feverCount", 3, "suspectedCount", 1,
							"absentCount", 12, "notes", "三年级两名学生发热"))
			.execute()
			.path("submitDailyReport.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("submitDailyReport.dailyReport.reportDate")
			.entity(String.class)
			.isEqualTo(this.today.toString())
			.path("submitDailyReport.dailyReport.feverCount")
			.entity(Integer.class)
			.isEqualTo(3)
			.path("submitDailyReport.dailyReport.absentCount")
			.entity(Integer.class)
			.isEqualTo(12)
			.path("submitDailyReport.dailyReport.reportedBy")
			.entity(String.class)
			.isEqualTo("school.nurse")
			.path("submitDailyReport.dailyReport.version")
			.entity(Integer.class)
			.isEqualTo(0)
			.path("submitDailyReport.dailyReport.site.place.code")
			.entity(String.class)
			.isEqualTo(chain[4].code())
			.path("submitDailyReport.dailyReport.id")
			.entity(String.class)
			.get();
		DailyReportRecord row = this.db.selectFrom(DAILY_REPORT)
			.where(DAILY_REPORT.ID.eq(GlobalId.decode(id, "DailyReport")))
			.fetchOne();
		assertThat(row.getCreatedBy()).isEqualTo("school.nurse");
		assertThat(row.getSuspectedCount()).isEqualTo(1);
		// a zero report, for yesterday (late but within the accepted days)
		submit(Map.of("site", siteId(home), "zeroReport", true, "reportDate", this.today.minusDays(1).toString()))
			.path("submitDailyReport.dailyReport.zeroReport")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("submitDailyReport.dailyReport.feverCount")
			.entity(Integer.class)
			.isEqualTo(0)
			.path("submitDailyReport.dailyReport.reportDate")
			.entity(String.class)
			.isEqualTo(this.today.minusDays(1).toString());
		// the oldest day still accepted
		submit(Map.of("site", siteId(home), "zeroReport", true, "reportDate",
				this.today.minusDays(this.properties.dailyReportMaxAgeDays()).toString()))
			.path("submitDailyReport.errors")
			.entityList(Object.class)
			.hasSize(0);
		this.graphQl.documentName("reportingNode")
			.variable("id", id)
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("DailyReport")
			.path("node.site.name")
			.entity(String.class)
			.isEqualTo("报第一小学");
	}

	@Test
	void refusesReportsThatBreakTheRulesAndChangesNothing() {
		Ref[] chain = this.data.chain("拒报");
		long school = this.data.site(chain[4], "SCHOOL", "拒报小学");
		long pharmacy = this.data.site(chain[4], "PHARMACY", "拒报药店");
		this.fixtures.report(school, this.today, true, 0);
		List<DailyReportRecord> before = allReports();
		// a zero report with cases
		submit(Map.of("site", siteId(school), "zeroReport", true, "feverCount", 2, "reportDate",
				this.today.minusDays(1).toString()))
			.path("submitDailyReport.dailyReport")
			.valueIsNull()
			.path("submitDailyReport.errors[0].code")
			.entity(String.class)
			.isEqualTo("INVALID_VALUE")
			.path("submitDailyReport.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.zeroReport");
		// absences are figures too
		submit(Map.of("site", siteId(school), "zeroReport", true, "absentCount", 1, "reportDate",
				this.today.minusDays(1).toString()))
			.path("submitDailyReport.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.zeroReport");
		// negative counts
		submit(Map.of("site", siteId(school), "zeroReport", false, "feverCount", -1, "suspectedCount", -2,
				"absentCount", -3, "reportDate", this.today.minusDays(1).toString()))
			.path("submitDailyReport.errors[*].field")
			.entityList(String.class)
			.satisfies((list) -> assertThat(list).containsExactlyInAnyOrder("input.feverCount", "input.suspectedCount",
					"input.absentCount"));
		// a future day
		submit(Map.of("site", siteId(school), "zeroReport", true, "reportDate", this.today.plusDays(1).toString()))
			.path("submitDailyReport.errors[0].code")
			.entity(String.class)
			.isEqualTo("INVALID_VALUE")
			.path("submitDailyReport.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.reportDate");
		// older than the accepted days
		submit(Map.of("site", siteId(school), "zeroReport", true, "reportDate",
				this.today.minusDays(this.properties.dailyReportMaxAgeDays() + 1).toString()))
			.path("submitDailyReport.errors[0].code")
			.entity(String.class)
			.isEqualTo("RULE_VIOLATED")
			.path("submitDailyReport.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.reportDate");
		// not an institution
		submit(Map.of("site", siteId(pharmacy), "zeroReport", true)).path("submitDailyReport.errors[0].code")
			.entity(String.class)
			.isEqualTo("RULE_VIOLATED")
			.path("submitDailyReport.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.site");
		// unknown site
		submit(Map.of("site", siteId(999_999_999), "zeroReport", true)).path("submitDailyReport.errors[0].code")
			.entity(String.class)
			.isEqualTo("NOT_FOUND");
		// second report for the same day
		submit(Map.of("site", siteId(school), "zeroReport", false, "feverCount", 1))
			.path("submitDailyReport.errors[0].code")
			.entity(String.class)
			.isEqualTo("DUPLICATE")
			.path("submitDailyReport.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.reportDate");
		assertThat(allReports()).isEqualTo(before);
	}

	@Test
	void malformedInputIsAGraphQlError() {
		Ref[] chain = this.data.chain("坏报");
		long school = this.data.site(chain[4], "SCHOOL", "坏报小学");
		int before = this.db.fetchCount(DAILY_REPORT);
		submit(Map.of("site", siteId(school), "zeroReport", true, "reportDate", "2026-13-01")).errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		submit(Map.of("site", "not-an-id!", "zeroReport", true)).errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
		submit(Map.of("site", chain[4].globalId(), "zeroReport", true)).errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("expected a Site"))
			.verify();
		assertThat(this.db.fetchCount(DAILY_REPORT)).isEqualTo(before);
	}

	@Test
	void reportsAreCorrectedOnTheDayTheyWereSubmittedWithOptimisticLocking() {
		Ref[] chain = this.data.chain("更报");
		long school = this.data.site(chain[4], "SCHOOL", "更报小学");
		String id = submit(Map.of("site", siteId(school), "zeroReport", true)).path("submitDailyReport.dailyReport.id")
			.entity(String.class)
			.get();
		Map<String, Object> input = new HashMap<>(
				Map.of("id", id, "expectedVersion", 0, "zeroReport", false, "feverCount", 2, "notes", "补报两名发热"));
		correct(input).path("correctDailyReport.dailyReport.zeroReport")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("correctDailyReport.dailyReport.feverCount")
			.entity(Integer.class)
			.isEqualTo(2)
			.path("correctDailyReport.dailyReport.notes")
			.entity(String.class)
			.isEqualTo("补报两名发热")
			.path("correctDailyReport.dailyReport.version")
			.entity(Integer.class)
			.isEqualTo(1);
		List<DailyReportRecord> before = allReports();
		// stale version
		correct(input).path("correctDailyReport.dailyReport")
			.valueIsNull()
			.path("correctDailyReport.errors[0].code")
			.entity(String.class)
			.isEqualTo("CONFLICT");
		// turning it into a zero report while it has a fever count
		correct(Map.of("id", id, "expectedVersion", 1, "zeroReport", true)).path("correctDailyReport.errors[0].code")
			.entity(String.class)
			.isEqualTo("INVALID_VALUE");
		correct(Map.of("id", id, "expectedVersion", 1, "feverCount", -5)).path("correctDailyReport.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.feverCount");
		// unknown report
		correct(Map.of("id", GlobalId.encode("DailyReport", 999_999_999), "expectedVersion", 0))
			.path("correctDailyReport.errors[0].code")
			.entity(String.class)
			.isEqualTo("NOT_FOUND");
		assertThat(allReports()).isEqualTo(before);
		// fields left out stay; an empty note removes the note
		correct(Map.of("id", id, "expectedVersion", 1, "suspectedCount", 1, "notes", ""))
			.path("correctDailyReport.dailyReport.feverCount")
			.entity(Integer.class)
			.isEqualTo(2)
			.path("correctDailyReport.dailyReport.notes")
			.valueIsNull()
			.path("correctDailyReport.dailyReport.version")
			.entity(Integer.class)
			.isEqualTo(2);
		// a report submitted yesterday stands as sent
		long late = this.fixtures.report(school, this.today.minusDays(1), true, 0);
		this.db.update(DAILY_REPORT)
			.set(DAILY_REPORT.REPORTED_AT, OffsetDateTime.now().minusDays(1))
			.where(DAILY_REPORT.ID.eq(late))
			.execute();
		List<DailyReportRecord> beforeLate = allReports();
		correct(Map.of("id", GlobalId.encode("DailyReport", late), "expectedVersion", 0, "zeroReport", false,
				"feverCount", 1))
			.path("correctDailyReport.errors[0].code")
			.entity(String.class)
			.isEqualTo("RULE_VIOLATED");
		assertThat(allReports()).isEqualTo(beforeLate);
	}

	@Test
	void complianceCountsTheInstitutionsOfTheAreaAndListsThoseThatHaveNotReported() {
		Ref[] chain = this.data.chain("合规");
		Ref otherGrid = this.data.below(chain[3], "GRID", "合规第二网格");
		Ref[] elsewhere = this.data.chain("别处");
		LocalDate day = this.today.minusDays(2);
		// the fixtures: every kind of site, in and out of the area, with and without a
		// report
		record Fixture(long site, Ref place, String type, String status, boolean inArea, Boolean report) {
		}
		List<Fixture> all = new ArrayList<>();
		String[] types = { "SCHOOL", "NURSING_HOME", "WELFARE_HOME", "PRISON", "DETENTION_CENTER",
				"PSYCHIATRIC_HOSPITAL", "HOSPITAL", "PHARMACY", "MARKET", "FEVER_CLINIC" };
		int n = 0;
		for (String type : types) {
			for (Ref place : new Ref[] { chain[4], otherGrid, elsewhere[4] }) {
				// null: no report; true: zero report; false: report with figures
				Boolean report = switch (n++ % 3) {
					case 0 -> null;
					case 1 -> true;
					default -> false;
				};
				String status = (n % 7 == 0) ? "CLOSED" : (n % 11 == 0) ? "SUSPENDED" : "ACTIVE";
				long site = this.data.site(place, type, type + n);
				this.fixtures.siteStatus(site, status);
				if (report != null) {
					this.fixtures.report(site, day, report, report ? 0 : 1);
				}
				// a report on another day never counts
				this.fixtures.report(site, day.minusDays(1), true, 0);
				all.add(new Fixture(site, place, type, status, place != elsewhere[4], report));
			}
		}
		List<String> institutions = this.properties.institutionTypes().stream().map(Enum::name).toList();
		List<Fixture> expected = all.stream()
			.filter((f) -> f.inArea() && f.status().equals("ACTIVE") && institutions.contains(f.type()))
			.toList();
		long reported = expected.stream().filter((f) -> f.report() != null).count();
		long zero = expected.stream().filter((f) -> Boolean.TRUE.equals(f.report())).count();
		List<String> missing = expected.stream()
			.filter((f) -> f.report() == null)
			.map((f) -> siteId(f.site()))
			.toList();
		assertThat(expected).hasSizeGreaterThan(5);
		assertThat(missing).isNotEmpty();
		assertThat(zero).isPositive();

		this.graphQl.documentName("dailyReportCompliance")
			.variable("area", chain[1].globalId())
			.variable("date", day.toString())
			.execute()
			.path("dailyReportCompliance.date")
			.entity(String.class)
			.isEqualTo(day.toString())
			.path("dailyReportCompliance.expected")
			.entity(Integer.class)
			.isEqualTo(expected.size())
			.path("dailyReportCompliance.reported")
			.entity(Long.class)
			.isEqualTo(reported)
			.path("dailyReportCompliance.zeroReports")
			.entity(Long.class)
			.isEqualTo(zero)
			.path("dailyReportCompliance.missingCount")
			.entity(Integer.class)
			.isEqualTo(missing.size())
			.path("dailyReportCompliance.missing[*].id")
			.entityList(String.class)
			.isEqualTo(missing);
		// one grid of the area only
		long gridExpected = expected.stream().filter((f) -> f.place() == chain[4]).count();
		this.graphQl.documentName("dailyReportComplianceCounts")
			.variable("area", chain[4].globalId())
			.variable("date", day.toString())
			.execute()
			.path("dailyReportCompliance.expected")
			.entity(Long.class)
			.isEqualTo(gridExpected);
		// a day nobody reported for: everybody is missing
		this.graphQl.documentName("dailyReportComplianceCounts")
			.variable("area", chain[1].globalId())
			.variable("date", day.plusDays(1).toString())
			.execute()
			.path("dailyReportCompliance.reported")
			.entity(Integer.class)
			.isEqualTo(0)
			.path("dailyReportCompliance.missingCount")
			.entity(Integer.class)
			.isEqualTo(expected.size());
	}

	@Test
	void complianceListsAtMost500MissingInstitutionsButCountsThemAll() {
		Ref[] chain = this.data.chain("多");
		List<Long> schools = this.fixtures.sites(chain[4], "SCHOOL", 506);
		this.fixtures.report(schools.get(0), this.today, false, 4);
		this.statements.reset();
		this.graphQl.documentName("dailyReportCompliance")
			.variable("area", chain[0].globalId())
			.variable("date", this.today.toString())
			.execute()
			.path("dailyReportCompliance.expected")
			.entity(Integer.class)
			.isEqualTo(506)
			.path("dailyReportCompliance.reported")
			.entity(Integer.class)
			.isEqualTo(1)
			.path("dailyReportCompliance.missingCount")
			.entity(Integer.class)
			.isEqualTo(505)
			.path("dailyReportCompliance.missing")
			.entityList(Object.class)
			.hasSize(500)
			.path("dailyReportCompliance.missing[0].id")
			.entity(String.class)
			.isEqualTo(siteId(schools.get(1)))
			.path("dailyReportCompliance.missing[499].place.code")
			.entity(String.class)
			.isEqualTo(chain[4].code());
		// place exists, counts, missing sites, their places
		assertThat(this.statements.count()).isEqualTo(4);
	}

	@Test
	void complianceOfAnUnknownOrMalformedAreaIsAnError() {
		this.graphQl.documentName("dailyReportCompliance")
			.variable("area", GlobalId.encode("Place", 987_654_321))
			.variable("date", this.today.toString())
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND)
			.verify();
		this.graphQl.documentName("dailyReportCompliance")
			.variable("area", "garbage!")
			.variable("date", this.today.toString())
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
		this.graphQl.documentName("dailyReportCompliance")
			.variable("area", GlobalId.encode("Place", 1))
			.variable("date", "yesterday")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
	}

	@Test
	void dailyReportsFilterByAreaDateSiteAndZeroReport() {
		Ref[] chain = this.data.chain("筛报");
		Ref[] other = this.data.chain("另报");
		List<Long> schools = this.fixtures.sites(chain[4], "SCHOOL", 3);
		long outside = this.data.site(other[4], "SCHOOL", "另报小学");
		LocalDate day = this.today.minusDays(1);
		this.fixtures.report(schools.get(0), day, true, 0);
		this.fixtures.report(schools.get(1), day, false, 5);
		this.fixtures.report(schools.get(2), day.minusDays(1), true, 0);
		this.fixtures.report(outside, day, true, 0);
		assertReports(Map.of("area", chain[0].globalId()), 3);
		assertReports(Map.of("area", chain[0].globalId(), "date", day.toString()), 2);
		assertReports(Map.of("area", chain[0].globalId(), "zeroReport", true), 2);
		assertReports(Map.of("area", chain[0].globalId(), "zeroReport", false), 1)
			.path("dailyReports.edges[0].node.feverCount")
			.entity(Integer.class)
			.isEqualTo(5);
		assertReports(Map.of("sites", siteIds(List.of(schools.get(2), outside))), 2);
		assertReports(Map.of("sites", siteIds(List.of(outside)), "date", day.toString()), 1)
			.path("dailyReports.edges[0].node.site.place.code")
			.entity(String.class)
			.isEqualTo(other[4].code());
		assertReports(Map.of("area", other[0].globalId(), "date", day.minusDays(1).toString()), 0);
	}

	private GraphQlTester.Response assertReports(Map<String, Object> filter, int count) {
		GraphQlTester.Response response = this.graphQl.documentName("dailyReports")
			.variable("filter", filter)
			.execute();
		response.path("dailyReports.totalCount")
			.entity(Integer.class)
			.isEqualTo(count)
			.path("dailyReports.edges")
			.entityList(Object.class)
			.hasSize(count);
		return response;
	}

	@Test
	void dailyReportsPageThroughLatestDayFirst() {
		Ref[] chain = this.data.chain("页报");
		List<Long> schools = this.fixtures.sites(chain[4], "SCHOOL", 2);
		List<Long> ids = new ArrayList<>();
		for (int d = 0; d < 3; d++) {
			for (long school : schools) {
				ids.add(this.fixtures.report(school, this.today.minusDays(d), true, 0));
			}
		}
		Map<String, Object> filter = Map.of("area", chain[0].globalId());
		// latest day first, then latest id first
		List<String> expected = List.of(ids.get(1), ids.get(0), ids.get(3), ids.get(2), ids.get(5), ids.get(4))
			.stream()
			.map((id) -> GlobalId.encode("DailyReport", id))
			.toList();
		List<String> seen = new ArrayList<>();
		String after = null;
		for (int page = 0; page < 3; page++) {
			GraphQlTester.Response response = this.graphQl.documentName("dailyReports")
				.variable("filter", filter)
				.variable("first", 2)
				.variable("after", after)
				.execute();
			seen.addAll(response.path("dailyReports.edges[*].node.id").entityList(String.class).get());
			response.path("dailyReports.pageInfo.hasNextPage")
				.entity(Boolean.class)
				.isEqualTo(page < 2)
				.path("dailyReports.pageInfo.hasPreviousPage")
				.entity(Boolean.class)
				.isEqualTo(page > 0);
			after = response.path("dailyReports.pageInfo.endCursor").entity(String.class).get();
		}
		assertThat(seen).isEqualTo(expected);
		this.graphQl.documentName("dailyReports")
			.variable("filter", filter)
			.variable("after", after)
			.execute()
			.path("dailyReports.edges")
			.entityList(Object.class)
			.hasSize(0)
			.path("dailyReports.pageInfo.endCursor")
			.valueIsNull();
	}

	@Test
	void badPagingArgumentsAreRejected() {
		this.graphQl.documentName("dailyReports")
			.variable("first", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("at most 500"))
			.verify();
		this.graphQl.documentName("dailyReports")
			.variable("after", "garbage")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
		// a cursor of another connection (a time where a date belongs)
		this.graphQl.documentName("dailyReports")
			.variable("after", Cursor.encode("x", 1))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
	}

	@Test
	void nestedReportReadStatementCountDoesNotGrowWithRows() {
		int small = reportStatements(20);
		int large = reportStatements(200);
		assertThat(large).isEqualTo(small);
		// reports, their sites, the sites' places
		assertThat(small).isEqualTo(3);
	}

	private int reportStatements(int reports) {
		Ref[] chain = this.data.chain("N报" + reports);
		for (long school : this.fixtures.sites(chain[4], "SCHOOL", reports)) {
			this.fixtures.report(school, this.today, true, 0);
		}
		this.statements.reset();
		this.graphQl.documentName("dailyReports")
			.variable("filter", Map.of("area", chain[0].globalId()))
			.variable("first", 500)
			.execute()
			.path("dailyReports.edges")
			.entityList(Object.class)
			.hasSize(reports);
		// totalCount is selected by the document: one more statement
		return this.statements.count() - 1;
	}

}
