package org.epigrid.people;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import org.epigrid.jooq.tables.records.CaseReportRecord;
import org.epigrid.people.CaseCandidates.Positive;
import org.epigrid.support.GlobalId;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.CASE_REPORT;
import static org.epigrid.jooq.Tables.SITE;

/** Case reports with their three-level review (R10) and contact tracing (R7). */
class CaseWorkflowTests extends WorkflowTestSupport {

	@Autowired
	private CaseCandidates candidates;

	@Test
	void aReportedCaseGetsItsReportAndReviewDeadlinesFromThePolicy() {
		Ref[] chain = this.data.chain("报");
		long hospital = this.fixtures.site(chain[2], "HOSPITAL", 100);
		long person = this.people.person(chain[4], "病例", "RED");
		OffsetDateTime diagnosedAt = NOW.minusHours(3);
		var response = this.graphQl.mutate()
			.header("X-Epigrid-User", "cdc.officer")
			.build()
			.documentName("reportCase")
			.variable("input",
					Map.of("person", personId(person), "classification", "CONFIRMED", "diagnosedAt",
							diagnosedAt.toString(), "reportingSite", siteId(hospital)))
			.execute();
		response.path("reportCase.errors").entityList(Object.class).hasSize(0);
		response.path("reportCase.caseReport.classification").entity(String.class).isEqualTo("CONFIRMED");
		response.path("reportCase.caseReport.reportingSite.name")
			.entity(String.class)
			.isEqualTo(this.db.select(SITE.NAME).from(SITE).where(SITE.ID.eq(hospital)).fetchOne(SITE.NAME));
		OffsetDateTime reportedAt = instant(
				response.path("reportCase.caseReport.reportedAt").entity(String.class).get());
		assertThat(instant(response.path("reportCase.caseReport.reportDueAt").entity(String.class).get()))
			.isEqualTo(diagnosedAt.plusHours(2));
		assertThat(Duration.between(reportedAt,
				instant(response.path("reportCase.caseReport.countyReviewDueAt").entity(String.class).get())))
			.isEqualTo(Duration.ofHours(12));
		assertThat(Duration.between(reportedAt,
				instant(response.path("reportCase.caseReport.cityReviewDueAt").entity(String.class).get())))
			.isEqualTo(Duration.ofHours(24));
		assertThat(Duration.between(reportedAt,
				instant(response.path("reportCase.caseReport.provinceReviewDueAt").entity(String.class).get())))
			.isEqualTo(Duration.ofHours(48));
		assertThat(Duration.between(reportedAt, OffsetDateTime.now()).abs()).isLessThan(Duration.ofMinutes(1));
		assertThat(this.db.select(CASE_REPORT.CREATED_BY)
			.from(CASE_REPORT)
			.where(CASE_REPORT.PERSON_ID.eq(person))
			.fetchOne(CASE_REPORT.CREATED_BY)).isEqualTo("cdc.officer");

		// one open case per person; no EXCLUDED reports; no diagnosis in the future
		refused("reportCase", Map.of("person", personId(person), "classification", "ASYMPTOMATIC", "diagnosedAt",
				NOW.minusHours(1).toString()), "DUPLICATE", person);
		long other = this.people.person(chain[4], "另一", "GREEN");
		refused("reportCase", Map.of("person", personId(other), "classification", "EXCLUDED", "diagnosedAt",
				NOW.minusHours(1).toString()), "INVALID_VALUE", other);
		refused("reportCase", Map.of("person", personId(other), "classification", "SUSPECTED", "diagnosedAt",
				NOW.plusHours(1).toString()), "INVALID_VALUE", other);
		refused("reportCase", Map.of("person", personId(other), "classification", "SUSPECTED", "diagnosedAt",
				NOW.minusHours(1).toString(), "reportingSite", siteId(999_999_999)), "NOT_FOUND", other);
		refused("reportCase", Map.of("person", personId(999_999_999), "classification", "SUSPECTED", "diagnosedAt",
				NOW.minusHours(1).toString()), "NOT_FOUND", other);
	}

	private String reported(long person, String classification) {
		return succeed("reportCase", Map.of("person", personId(person), "classification", classification, "diagnosedAt",
				NOW.minusHours(1).toString()), "caseReport.id", String.class);
	}

	@Test
	void reviewsGoCountyThenCityThenProvince() {
		Ref[] chain = this.data.chain("审");
		long person = this.people.person(chain[4], "复核", "RED");
		String id = reported(person, "CONFIRMED");
		refused("reviewCase", Map.of("id", id, "expectedVersion", 0, "level", "CITY"), "ILLEGAL_TRANSITION", person);
		refused("reviewCase", Map.of("id", id, "expectedVersion", 0, "level", "PROVINCE"), "ILLEGAL_TRANSITION",
				person);
		var county = mutate("reviewCase", Map.of("id", id, "expectedVersion", 0, "level", "COUNTY"));
		county.path("reviewCase.caseReport.countyReviewedAt").hasValue();
		county.path("reviewCase.caseReport.cityReviewedAt").valueIsNull();
		county.path("reviewCase.caseReport.version").entity(Integer.class).isEqualTo(1);
		refused("reviewCase", Map.of("id", id, "expectedVersion", 1, "level", "COUNTY"), "ILLEGAL_TRANSITION", person);
		refused("reviewCase", Map.of("id", id, "expectedVersion", 1, "level", "PROVINCE"), "ILLEGAL_TRANSITION",
				person);
		refused("reviewCase", Map.of("id", id, "expectedVersion", 0, "level", "CITY"), "CONFLICT", person);
		refused("reviewCase",
				Map.of("id", id, "expectedVersion", 1, "level", "CITY", "reviewedAt", NOW.minusDays(1).toString()),
				"INVALID_VALUE", person);
		refused("reviewCase",
				Map.of("id", id, "expectedVersion", 1, "level", "CITY", "reviewedAt", NOW.plusHours(1).toString()),
				"INVALID_VALUE", person);
		succeed("reviewCase", Map.of("id", id, "expectedVersion", 1, "level", "CITY"), "caseReport.cityReviewedAt",
				String.class);
		var province = mutate("reviewCase", Map.of("id", id, "expectedVersion", 2, "level", "PROVINCE"));
		province.path("reviewCase.caseReport.provinceReviewedAt").hasValue();
		refused("reviewCase", Map.of("id", id, "expectedVersion", 3, "level", "PROVINCE"), "ILLEGAL_TRANSITION",
				person);
		refused("reviewCase",
				Map.of("id", GlobalId.encode("CaseReport", 999_999_999), "expectedVersion", 0, "level", "COUNTY"),
				"NOT_FOUND", person);
	}

	@Test
	void casesAreConfirmedOrExcludedAndAnExcludedCaseIsClosed() {
		Ref[] chain = this.data.chain("类");
		long person = this.people.person(chain[4], "疑似", "YELLOW");
		String id = reported(person, "SUSPECTED");
		refused("reclassifyCase", Map.of("id", id, "expectedVersion", 0, "classification", "SUSPECTED"),
				"ILLEGAL_TRANSITION", person);
		assertThat(succeed("reclassifyCase", Map.of("id", id, "expectedVersion", 0, "classification", "CONFIRMED"),
				"caseReport.classification", String.class))
			.isEqualTo("CONFIRMED");
		refused("reclassifyCase", Map.of("id", id, "expectedVersion", 1, "classification", "SUSPECTED"),
				"ILLEGAL_TRANSITION", person);
		refused("reclassifyCase", Map.of("id", id, "expectedVersion", 0, "classification", "EXCLUDED"), "CONFLICT",
				person);
		succeed("reclassifyCase", Map.of("id", id, "expectedVersion", 1, "classification", "EXCLUDED"),
				"caseReport.classification", String.class);
		refused("reclassifyCase", Map.of("id", id, "expectedVersion", 2, "classification", "CONFIRMED"),
				"ILLEGAL_TRANSITION", person);
		// with the case excluded, a new one may be reported
		reported(person, "ASYMPTOMATIC");
	}

	@Test
	void aPositiveResultRaisesOneSuspectedCase() {
		Ref[] chain = this.data.chain("候");
		long person = this.people.person(chain[4], "阳性", "GREEN");
		long sample = this.fixtures.sample(person, chain[4], "PCR", "POSITIVE", NOW.minusHours(6));
		OffsetDateTime resultedAt = NOW.minusHours(2);
		Optional<CaseReport> raised = this.candidates.raise(person, sample, resultedAt);
		assertThat(raised).hasValueSatisfying((report) -> {
			assertThat(report.classification()).isEqualTo(CaseClassification.SUSPECTED);
			assertThat(report.diagnosedAt()).isEqualTo(resultedAt);
			assertThat(report.reportDueAt()).isEqualTo(resultedAt.plusHours(2));
			assertThat(report.sourceSampleId()).isEqualTo(sample);
		});
		assertThat(this.candidates.raise(person, sample, resultedAt)).isEmpty();
		assertThat(this.db.fetchCount(CASE_REPORT, CASE_REPORT.PERSON_ID.eq(person))).isEqualTo(1);
		this.graphQl.documentName("person")
			.variable("id", personId(person))
			.execute()
			.path("person.cases[0].classification")
			.entity(String.class)
			.isEqualTo("SUSPECTED");
		this.graphQl.documentName("reclassifyCase")
			.variable("input",
					Map.of("id", GlobalId.encode("CaseReport", raised.get().id()), "expectedVersion", 0,
							"classification", "CONFIRMED"))
			.execute()
			.path("reclassifyCase.caseReport.sourceSample")
			.entity(String.class)
			.isEqualTo(GlobalId.encode("Sample", sample));
	}

	@Test
	void positivesRaisedTogetherGetTheCasesTheyWouldGetOneByOne() {
		Ref[] chain = this.data.chain("批候");
		long first = this.people.person(chain[4], "阳一", "GREEN");
		long second = this.people.person(chain[4], "阳二", "GREEN");
		long withCase = this.people.person(chain[4], "已报", "RED");
		long excluded = this.people.person(chain[4], "排除", "GREEN");
		long alone = this.people.person(chain[4], "单报", "GREEN");
		long firstSample = this.fixtures.sample(first, chain[4], "PCR", "POSITIVE", NOW.minusHours(6));
		long firstAgain = this.fixtures.sample(first, chain[4], "PCR", "POSITIVE", NOW.minusHours(7));
		long secondSample = this.fixtures.sample(second, chain[4], "PCR", "POSITIVE", NOW.minusHours(6));
		long withCaseSample = this.fixtures.sample(withCase, chain[4], "PCR", "POSITIVE", NOW.minusHours(6));
		long excludedSample = this.fixtures.sample(excluded, chain[4], "PCR", "POSITIVE", NOW.minusHours(6));
		long aloneSample = this.fixtures.sample(alone, chain[4], "PCR", "POSITIVE", NOW.minusHours(6));
		long existing = this.people.caseReport(withCase, "CONFIRMED", null, NOW.minusDays(2));
		this.people.caseReport(excluded, "EXCLUDED", null, NOW.minusDays(2));
		OffsetDateTime resultedAt = NOW.minusHours(2);

		List<Long> raised = this.candidates.raiseAll(List.of(new Positive(first, firstSample, resultedAt),
				new Positive(second, secondSample, NOW.plusHours(1)),
				new Positive(withCase, withCaseSample, resultedAt),
				new Positive(first, firstAgain, resultedAt.minusHours(1)),
				new Positive(excluded, excludedSample, resultedAt)));
		CaseReport one = this.candidates.raise(alone, aloneSample, resultedAt).orElseThrow();

		// one case per person without an open one, from that person's first positive
		assertThat(raised).hasSize(3);
		Map<Long, CaseReportRecord> cases = this.db.selectFrom(CASE_REPORT)
			.where(CASE_REPORT.ID.in(raised))
			.fetchMap(CASE_REPORT.PERSON_ID);
		assertThat(cases).containsOnlyKeys(first, second, excluded);
		assertThat(this.db.fetchCount(CASE_REPORT, CASE_REPORT.PERSON_ID.eq(withCase))).isEqualTo(1);
		assertThat(this.db.fetchValue(CASE_REPORT.CLASSIFICATION, CASE_REPORT.ID.eq(existing))).isEqualTo("CONFIRMED");
		CaseReportRecord firstCase = cases.get(first);
		assertThat(firstCase.getSourceSampleId()).isEqualTo(firstSample);
		assertThat(firstCase.getDiagnosedAt()).isAtSameInstantAs(resultedAt);
		assertThat(cases.get(excluded).getSourceSampleId()).isEqualTo(excludedSample);
		// a result after the report is diagnosed at the report
		CaseReportRecord secondCase = cases.get(second);
		assertThat(secondCase.getDiagnosedAt()).isAtSameInstantAs(secondCase.getReportedAt());
		assertThat(secondCase.getReportedAt()).isBefore(NOW.plusMinutes(5));
		// the same classification, deadlines and audit as raising one by one
		for (CaseReportRecord report : cases.values()) {
			assertThat(report.getClassification()).isEqualTo(one.classification().name());
			assertThat(report.getReportingSiteId()).isNull();
			assertThat(Duration.between(report.getDiagnosedAt(), report.getReportDueAt()))
				.isEqualTo(Duration.between(one.diagnosedAt(), one.reportDueAt()))
				.isEqualTo(Duration.ofHours(2));
			assertThat(Duration.between(report.getReportedAt(), report.getCountyReviewDueAt()))
				.isEqualTo(Duration.between(one.reportedAt(), one.countyReviewDueAt()));
			assertThat(Duration.between(report.getReportedAt(), report.getCityReviewDueAt()))
				.isEqualTo(Duration.between(one.reportedAt(), one.cityReviewDueAt()));
			assertThat(Duration.between(report.getReportedAt(), report.getProvinceReviewDueAt()))
				.isEqualTo(Duration.between(one.reportedAt(), one.provinceReviewDueAt()));
			assertThat(report.getCreatedBy()).isEqualTo("system");
			assertThat(report.getUpdatedBy()).isEqualTo("system");
		}
		assertThat(one.diagnosedAt()).isAtSameInstantAs(resultedAt);

		// raising the same again raises nothing; an empty list does nothing
		assertThat(this.candidates.raiseAll(
				List.of(new Positive(first, firstSample, resultedAt), new Positive(second, secondSample, resultedAt))))
			.isEmpty();
		assertThat(this.candidates.raiseAll(List.of())).isEmpty();
		assertThat(this.db.fetchCount(CASE_REPORT, CASE_REPORT.PERSON_ID.in(first, second, withCase, excluded, alone)))
			.isEqualTo(6);
	}

	private Map<String, Object> contact(long source, long contact, String degree, OffsetDateTime exposureAt) {
		Map<String, Object> input = new HashMap<>();
		input.put("source", personId(source));
		input.put("contact", personId(contact));
		input.put("degree", degree);
		input.put("exposureAt", exposureAt.toString());
		input.put("exposureSetting", "HOUSEHOLD");
		return input;
	}

	@Test
	void contactsOfAReportedCaseAreDue24HoursAfterTheReportAndOverdueAfterwards() {
		Ref[] chain = this.data.chain("密");
		long restaurant = this.fixtures.site(chain[2], "RESTAURANT", null);
		long source = this.people.person(chain[4], "源", "RED");
		// reported 30 hours ago: tracing was due 6 hours ago
		this.people.caseReport(source, "CONFIRMED", null, NOW.minusHours(32));
		long close = this.people.person(chain[4], "密接", "GREEN");
		Map<String, Object> input = contact(source, close, "CLOSE", NOW.minusHours(40));
		input.put("exposureSite", siteId(restaurant));
		var recorded = mutate("recordContact", input);
		recorded.path("recordContact.errors").entityList(Object.class).hasSize(0);
		recorded.path("recordContact.contact.overdue").entity(Boolean.class).isEqualTo(true);
		assertThat(instant(recorded.path("recordContact.contact.traceDueAt").entity(String.class).get()))
			.isEqualTo(NOW.minusHours(6));
		String id = recorded.path("recordContact.contact.id").entity(String.class).get();

		// tracing: not before identification, then once
		refused("markContactTraced", Map.of("id", id, "expectedVersion", 0, "tracedAt", NOW.minusDays(1).toString()),
				"INVALID_VALUE", source, close);
		var traced = mutate("markContactTraced", Map.of("id", id, "expectedVersion", 0));
		traced.path("markContactTraced.contact.tracedAt").hasValue();
		traced.path("markContactTraced.contact.overdue").entity(Boolean.class).isEqualTo(false);
		refused("markContactTraced", Map.of("id", id, "expectedVersion", 1), "ILLEGAL_TRANSITION", source, close);
		refused("markContactTraced", Map.of("id", id, "expectedVersion", 0), "CONFLICT", source, close);

		// the same edge again, a person as their own contact, identification before
		// exposure
		refused("recordContact", contact(source, close, "CLOSE", NOW.minusHours(30)), "DUPLICATE", source, close);
		refused("recordContact", contact(source, source, "CLOSE", NOW.minusHours(30)), "INVALID_VALUE", source);
		Map<String, Object> early = contact(source, this.people.person(chain[4], "早", "GREEN"), "CLOSE",
				NOW.minusHours(2));
		early.put("identifiedAt", NOW.minusHours(3).toString());
		refused("recordContact", early, "INVALID_VALUE", source);
		refused("recordContact", contact(source, close, "CLOSE", NOW.plusHours(1)), "INVALID_VALUE", source, close);
	}

	@Test
	void secondaryContactsNeedACloseContactAsSourceAndAreDueAfterIdentification() {
		Ref[] chain = this.data.chain("次");
		long source = this.people.person(chain[4], "源头", "RED");
		long close = this.people.person(chain[4], "密接者", "GREEN");
		long secondary = this.people.person(chain[4], "次密接", "GREEN");
		// the would-be source is nobody's close contact yet
		assertThat(refused("recordContact", contact(close, secondary, "SECONDARY", NOW.minusHours(5)), "RULE_VIOLATED",
				close, secondary))
			.containsExactly("a secondary contact's source must be a close contact; record that first");
		// a source without a reported case: due 24 h after identification, not overdue
		var first = mutate("recordContact", contact(source, close, "CLOSE", NOW.minusHours(10)));
		OffsetDateTime identifiedAt = instant(
				first.path("recordContact.contact.identifiedAt").entity(String.class).get());
		assertThat(instant(first.path("recordContact.contact.traceDueAt").entity(String.class).get()))
			.isEqualTo(identifiedAt.plusHours(24));
		first.path("recordContact.contact.overdue").entity(Boolean.class).isEqualTo(false);
		var second = mutate("recordContact", contact(close, secondary, "SECONDARY", NOW.minusHours(5)));
		second.path("recordContact.contact.degree").entity(String.class).isEqualTo("SECONDARY");
		second.path("recordContact.contact.source.id").entity(String.class).isEqualTo(personId(close));
		// identified two days ago and never traced: overdue
		long late = this.people.person(chain[4], "迟", "GREEN");
		Map<String, Object> old = contact(source, late, "CLOSE", NOW.minusDays(3));
		old.put("identifiedAt", NOW.minusDays(2).toString());
		mutate("recordContact", old).path("recordContact.contact.overdue").entity(Boolean.class).isEqualTo(true);
		this.graphQl.documentName("person")
			.variable("id", personId(late))
			.execute()
			.path("person.contacts[0].overdue")
			.entity(Boolean.class)
			.isEqualTo(true);
	}

}
