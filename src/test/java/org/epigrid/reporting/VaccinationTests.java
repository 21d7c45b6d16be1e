package org.epigrid.reporting;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;

import org.epigrid.jooq.tables.records.AdverseReactionRecord;
import org.epigrid.jooq.tables.records.VaccinationRecord;
import org.epigrid.support.Cursor;
import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.ADVERSE_REACTION;
import static org.epigrid.jooq.Tables.VACCINATION;
import static org.epigrid.reporting.ReportingFixtures.personId;
import static org.epigrid.reporting.ReportingFixtures.siteId;

class VaccinationTests extends IntegrationTest {

	private ReportingFixtures fixtures;

	@BeforeEach
	void fixtures() {
		this.fixtures = new ReportingFixtures(this.db);
	}

	private GraphQlTester.Response record(Map<String, Object> input) {
		return this.graphQl.documentName("recordVaccination").variable("input", input).execute();
	}

	private GraphQlTester.Response react(Map<String, Object> input) {
		return this.graphQl.documentName("recordAdverseReaction").variable("input", input).execute();
	}

	private List<VaccinationRecord> allVaccinations() {
		return this.db.selectFrom(VACCINATION).orderBy(VACCINATION.ID).fetch();
	}

	private List<AdverseReactionRecord> allReactions() {
		return this.db.selectFrom(ADVERSE_REACTION).orderBy(ADVERSE_REACTION.ID).fetch();
	}

	private static Map<String, Object> dose(long person, int dose, long site, OffsetDateTime at) {
		return new HashMap<>(Map.of("person", personId(person), "doseNumber", dose, "product", "新冠疫苗(Vero细胞)", "lot",
				"202611A", "site", siteId(site), "vaccinatedAt", at.toString()));
	}

	@Test
	void dosesAreRecordedInOrderAndShownOnThePerson() {
		Ref[] chain = this.data.chain("苗");
		long hospital = this.data.site(chain[4], "HOSPITAL", "苗社区医院");
		long person = this.data.person(chain[4], "王苗苗", "ELDERLY");
		OffsetDateTime first = OffsetDateTime.now().minusDays(60);
		String id = this.graphQl.mutate()
			.header("X-Epigrid-User", "nurse.zhao")
			.build()
			.documentName("recordVaccination")
			.variable("input", dose(person, 1, hospital, first))
			.execute()
			.path("recordVaccination.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("recordVaccination.vaccination.doseNumber")
			.entity(Integer.class)
			.isEqualTo(1)
			.path("recordVaccination.vaccination.person.fullName")
			.entity(String.class)
			.isEqualTo("王苗苗")
			.path("recordVaccination.vaccination.site.place.code")
			.entity(String.class)
			.isEqualTo(chain[4].code())
			.path("recordVaccination.vaccination.adverseReactions")
			.entityList(Object.class)
			.hasSize(0)
			.path("recordVaccination.vaccination.id")
			.entity(String.class)
			.get();
		assertThat(this.db.selectFrom(VACCINATION)
			.where(VACCINATION.ID.eq(GlobalId.decode(id, "Vaccination")))
			.fetchOne()
			.getCreatedBy()).isEqualTo("nurse.zhao");
		Map<String, Object> second = dose(person, 2, hospital, first.plusDays(28));
		second.remove("vaccinatedAt");
		record(second).path("recordVaccination.vaccination.person.vaccinations[*].doseNumber")
			.entityList(Integer.class)
			.containsExactly(1, 2);
		this.graphQl.documentName("personVaccinations")
			.variable("id", personId(person))
			.execute()
			.path("person.vaccinations[*].doseNumber")
			.entityList(Integer.class)
			.containsExactly(1, 2)
			.path("person.vaccinations[0].site.name")
			.entity(String.class)
			.isEqualTo("苗社区医院");
		this.graphQl.documentName("reportingNode")
			.variable("id", id)
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("Vaccination")
			.path("node.person.fullName")
			.entity(String.class)
			.isEqualTo("王苗苗");
	}

	@Test
	void refusesDosesThatBreakTheRulesAndChangesNothing() {
		Ref[] chain = this.data.chain("苗拒");
		long hospital = this.data.site(chain[4], "HOSPITAL", "苗拒医院");
		long person = this.data.person(chain[4], "李拒");
		OffsetDateTime at = OffsetDateTime.now().minusDays(30);
		this.fixtures.vaccination(person, 1, hospital, at);
		List<VaccinationRecord> before = allVaccinations();
		// the same dose again
		record(dose(person, 1, hospital, at.plusDays(1))).path("recordVaccination.vaccination")
			.valueIsNull()
			.path("recordVaccination.errors[0].code")
			.entity(String.class)
			.isEqualTo("DUPLICATE")
			.path("recordVaccination.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.doseNumber");
		// dose 3 without dose 2
		record(dose(person, 3, hospital, at.plusDays(2))).path("recordVaccination.errors[0].code")
			.entity(String.class)
			.isEqualTo("RULE_VIOLATED")
			.path("recordVaccination.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.doseNumber");
		// dose 1 for someone else is fine, but their dose 2 needs dose 1 first
		long other = this.data.person(chain[4], "张拒");
		record(dose(other, 2, hospital, at)).path("recordVaccination.errors[0].code")
			.entity(String.class)
			.isEqualTo("RULE_VIOLATED");
		// dose 2 given before dose 1
		record(dose(person, 2, hospital, at.minusDays(1))).path("recordVaccination.errors[0].code")
			.entity(String.class)
			.isEqualTo("RULE_VIOLATED")
			.path("recordVaccination.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.vaccinatedAt");
		// out of range, future, blank product and lot
		record(dose(person, 0, hospital, at)).path("recordVaccination.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.doseNumber");
		record(dose(person, 11, hospital, at)).path("recordVaccination.errors[0].code")
			.entity(String.class)
			.isEqualTo("INVALID_VALUE");
		record(dose(person, 2, hospital, OffsetDateTime.now().plusHours(1))).path("recordVaccination.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.vaccinatedAt");
		Map<String, Object> blank = dose(person, 2, hospital, at.plusDays(21));
		blank.put("product", " ");
		blank.put("lot", "");
		record(blank).path("recordVaccination.errors[*].field")
			.entityList(String.class)
			.satisfies((list) -> assertThat(list).containsExactlyInAnyOrder("input.product", "input.lot"));
		// unknown person and site
		record(dose(999_999_999, 1, 999_999_999, at)).path("recordVaccination.errors[*].code")
			.entityList(String.class)
			.containsExactly("NOT_FOUND", "NOT_FOUND");
		assertThat(allVaccinations()).isEqualTo(before);
		// a person id where a site id belongs
		Map<String, Object> wrong = dose(person, 2, hospital, at.plusDays(21));
		wrong.put("site", personId(person));
		record(wrong).errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("expected a Site"))
			.verify();
		assertThat(allVaccinations()).isEqualTo(before);
	}

	@Test
	void adverseReactionsFollowTheirVaccination() {
		Ref[] chain = this.data.chain("反");
		long hospital = this.data.site(chain[4], "HOSPITAL", "反医院");
		long person = this.data.person(chain[4], "赵反");
		OffsetDateTime at = OffsetDateTime.now().minusDays(2);
		long vaccination = this.fixtures.vaccination(person, 1, hospital, at);
		String vaccinationId = GlobalId.encode("Vaccination", vaccination);
		String id = react(Map.of("vaccination", vaccinationId, "onsetAt", at.plusHours(6).toString(), "severity",
				"MODERATE", "description", "发热38.5度"))
			.path("recordAdverseReaction.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("recordAdverseReaction.adverseReaction.severity")
			.entity(String.class)
			.isEqualTo("MODERATE")
			.path("recordAdverseReaction.adverseReaction.vaccination.doseNumber")
			.entity(Integer.class)
			.isEqualTo(1)
			.path("recordAdverseReaction.adverseReaction.vaccination.adverseReactions[*].severity")
			.entityList(String.class)
			.containsExactly("MODERATE")
			.path("recordAdverseReaction.adverseReaction.id")
			.entity(String.class)
			.get();
		this.graphQl.documentName("personVaccinations")
			.variable("id", personId(person))
			.execute()
			.path("person.vaccinations[0].adverseReactions[0].description")
			.entity(String.class)
			.isEqualTo("发热38.5度");
		this.graphQl.documentName("reportingNode")
			.variable("id", id)
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("AdverseReaction")
			.path("node.vaccination.doseNumber")
			.entity(Integer.class)
			.isEqualTo(1);
		List<AdverseReactionRecord> before = allReactions();
		// before the vaccination, in the future, without description, of an unknown
		// vaccination
		react(Map.of("vaccination", vaccinationId, "onsetAt", at.minusHours(1).toString(), "severity", "MILD",
				"description", "红肿"))
			.path("recordAdverseReaction.adverseReaction")
			.valueIsNull()
			.path("recordAdverseReaction.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.onsetAt");
		react(Map.of("vaccination", vaccinationId, "onsetAt", OffsetDateTime.now().plusDays(1).toString(), "severity",
				"MILD", "description", "红肿"))
			.path("recordAdverseReaction.errors[0].code")
			.entity(String.class)
			.isEqualTo("INVALID_VALUE");
		react(Map.of("vaccination", vaccinationId, "onsetAt", at.plusHours(1).toString(), "severity", "MILD",
				"description", " "))
			.path("recordAdverseReaction.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.description");
		react(Map.of("vaccination", GlobalId.encode("Vaccination", 999_999_999), "onsetAt", at.plusHours(1).toString(),
				"severity", "MILD", "description", "红肿"))
			.path("recordAdverseReaction.errors[0].code")
			.entity(String.class)
			.isEqualTo("NOT_FOUND");
		react(Map.of("vaccination", vaccinationId, "onsetAt", at.plusHours(1).toString(), "severity", "FATAL",
				"description", "红肿"))
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		assertThat(allReactions()).isEqualTo(before);
	}

	@Test
	void vaccinationsFilterByResidenceAreaPersonSiteAndTime() {
		Ref[] chain = this.data.chain("苗筛");
		Ref otherGrid = this.data.below(chain[3], "GRID", "苗筛二网格");
		Ref[] elsewhere = this.data.chain("苗外");
		long hospital = this.data.site(chain[4], "HOSPITAL", "苗筛医院");
		// a site outside the area: the area is where people live, not where they were
		// vaccinated
		long clinic = this.data.site(elsewhere[4], "HOSPITAL", "苗外医院");
		long resident = this.data.person(chain[4], "居民甲");
		long neighbour = this.data.person(otherGrid, "居民乙");
		long visitor = this.data.person(elsewhere[4], "外人丙");
		OffsetDateTime t0 = OffsetDateTime.now().minusDays(50).truncatedTo(ChronoUnit.SECONDS);
		long a1 = this.fixtures.vaccination(resident, 1, hospital, t0);
		long a2 = this.fixtures.vaccination(resident, 2, clinic, t0.plusDays(21));
		long b1 = this.fixtures.vaccination(neighbour, 1, hospital, t0.plusDays(7));
		long c1 = this.fixtures.vaccination(visitor, 1, hospital, t0.plusDays(14));
		assertVaccinations(Map.of("area", chain[0].globalId()), a2, b1, a1);
		assertVaccinations(Map.of("area", chain[4].globalId()), a2, a1);
		assertVaccinations(Map.of("person", personId(visitor)), c1).path("vaccinations.nodes[0].person.fullName")
			.entity(String.class)
			.isEqualTo("外人丙");
		assertVaccinations(Map.of("site", siteId(hospital)), c1, b1, a1);
		assertVaccinations(Map.of("site", siteId(hospital), "from", t0.plusDays(7).toString()), c1, b1);
		assertVaccinations(Map.of("site", siteId(hospital), "to", t0.plusDays(7).toString()), a1);
		assertVaccinations(Map.of("area", chain[0].globalId(), "site", siteId(clinic)), a2)
			.path("vaccinations.nodes[0].site.name")
			.entity(String.class)
			.isEqualTo("苗外医院");
		assertVaccinations(Map.of("area", elsewhere[0].globalId(), "site", siteId(clinic)));
	}

	private GraphQlTester.Response assertVaccinations(Map<String, Object> filter, long... expected) {
		List<String> ids = new ArrayList<>();
		for (long id : expected) {
			ids.add(GlobalId.encode("Vaccination", id));
		}
		GraphQlTester.Response response = this.graphQl.documentName("vaccinations")
			.variable("filter", filter)
			.execute();
		response.path("vaccinations.nodes[*].id")
			.entityList(String.class)
			.isEqualTo(ids)
			.path("vaccinations.totalCount")
			.entity(Integer.class)
			.isEqualTo(expected.length);
		return response;
	}

	@Test
	void vaccinationsPageThroughLatestFirst() {
		Ref[] chain = this.data.chain("苗页");
		long hospital = this.data.site(chain[4], "HOSPITAL", "苗页医院");
		OffsetDateTime at = OffsetDateTime.now().minusDays(10);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			long person = this.data.person(chain[4], "页" + i);
			// pairs given at the same time: the id breaks the tie
			ids.add(0, GlobalId.encode("Vaccination",
					this.fixtures.vaccination(person, 1, hospital, at.plusHours(i / 2))));
		}
		Map<String, Object> filter = Map.of("site", siteId(hospital));
		List<String> seen = new ArrayList<>();
		String after = null;
		for (int page = 0; page < 3; page++) {
			GraphQlTester.Response response = this.graphQl.documentName("vaccinations")
				.variable("filter", filter)
				.variable("first", 2)
				.variable("after", after)
				.execute();
			seen.addAll(response.path("vaccinations.nodes[*].id").entityList(String.class).get());
			response.path("vaccinations.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(page < 2);
			after = response.path("vaccinations.pageInfo.endCursor").entity(String.class).get();
		}
		assertThat(seen).isEqualTo(ids);
		this.graphQl.documentName("vaccinations")
			.variable("filter", filter)
			.variable("after", after)
			.execute()
			.path("vaccinations.nodes")
			.entityList(Object.class)
			.hasSize(0);
		this.graphQl.documentName("vaccinations")
			.variable("first", 1000)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
		this.graphQl.documentName("vaccinations")
			.variable("after", Cursor.encode("not a time", 1))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
		this.graphQl.documentName("vaccinations")
			.variable("filter", Map.of("from", "last week"))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
	}

	@Test
	void nestedVaccinationReadStatementCountDoesNotGrowWithRows() {
		int small = nestedStatements(20);
		int large = nestedStatements(200);
		assertThat(large).isEqualTo(small);
		// bounded by the fields and levels of the document (one per batched field per
		// level,
		// DataLoader dispatch may split a level into two rounds), never by the rows
		assertThat(small).as("statements for 4 levels").isLessThanOrEqualTo(10);
	}

	private int nestedStatements(int people) {
		Ref[] chain = this.data.chain("N苗" + people);
		long hospital = this.data.site(chain[4], "HOSPITAL", "N苗医院");
		long clinic = this.data.site(chain[3], "HOSPITAL", "N苗诊所");
		OffsetDateTime at = OffsetDateTime.now().minusDays(40);
		for (int i = 0; i < people; i++) {
			long person = this.data.person(chain[4], "N" + i);
			this.fixtures.vaccination(person, 1, hospital, at);
			long second = this.fixtures.vaccination(person, 2, clinic, at.plusDays(21));
			this.fixtures.reaction(second, at.plusDays(21).plusHours(4), "MILD");
		}
		this.statements.reset();
		this.graphQl.documentName("vaccinationsNested")
			.variable("filter", Map.of("area", chain[0].globalId(), "from", at.plusDays(1).toString()))
			.variable("first", 500)
			.execute()
			.path("vaccinations.nodes")
			.entityList(Object.class)
			.hasSize(people)
			.path("vaccinations.nodes[0].person.vaccinations[1].adverseReactions[0].severity")
			.entity(String.class)
			.isEqualTo("MILD")
			.path("vaccinations.nodes[0].adverseReactions[0].vaccination.doseNumber")
			.entity(Integer.class)
			.isEqualTo(2);
		return this.statements.count();
	}

}
