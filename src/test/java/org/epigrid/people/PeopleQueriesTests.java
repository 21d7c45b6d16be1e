package org.epigrid.people;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.graphql.execution.ErrorType;

import org.epigrid.support.Cursor;
import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.PERSON;

class PeopleQueriesTests extends IntegrationTest {

	private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS);

	private PeopleFixtures people;

	@BeforeEach
	void fixtures() {
		this.people = new PeopleFixtures(this.db, this.cipher);
	}

	private static String personId(long id) {
		return GlobalId.encode("Person", id);
	}

	// filters

	@Test
	void peopleFilterByAreaCoversTheWholeSubtree() {
		Ref[] a = this.data.chain("丑");
		Ref grid2 = this.data.below(a[3], "GRID", "丑第二网格");
		Ref[] b = this.data.chain("寅");
		this.people.person(a[4], "丑一", "GREEN");
		this.people.person(grid2, "丑二", "GREEN");
		this.people.person(a[2], "丑三", "GREEN");
		this.people.person(b[4], "寅一", "GREEN");

		assertNames(Map.of("area", a[3].globalId()), "丑一", "丑二");
		assertNames(Map.of("area", a[1].globalId()), "丑一", "丑二", "丑三");
		assertNames(Map.of("area", grid2.globalId()), "丑二");
		assertNames(Map.of("area", b[0].globalId()), "寅一");
		this.graphQl.documentName("people")
			.variable("filter", Map.of("area", a[0].globalId()))
			.execute()
			.path("people.totalCount")
			.entity(Integer.class)
			.isEqualTo(3);
	}

	@Test
	void peopleFilterByAnyOfTheCategories() {
		Ref[] a = this.data.chain("辰");
		this.people.person(a[4], "辰老师", "GREEN", "TEACHER");
		this.people.person(a[4], "辰快递", "GREEN", "COURIER", "ELDERLY");
		this.people.person(a[4], "辰居民", "GREEN");

		assertNames(Map.of("area", a[0].globalId(), "categories", List.of("ELDERLY", "TEACHER")), "辰老师", "辰快递");
		assertNames(Map.of("area", a[0].globalId(), "categories", List.of("COURIER")), "辰快递");
		assertNames(Map.of("area", a[0].globalId(), "categories", List.of("PREGNANT")));
		this.graphQl.documentName("people")
			.variable("filter", Map.of("area", a[0].globalId(), "categories", List.of("COURIER")))
			.execute()
			.path("people.edges[0].node.categories")
			.entityList(String.class)
			.containsExactly("COURIER", "ELDERLY");
	}

	@Test
	void peopleFilterByHealthCode() {
		Ref[] a = this.data.chain("巳");
		this.people.person(a[4], "巳绿", "GREEN");
		this.people.person(a[4], "巳红", "RED");
		this.people.person(a[4], "巳黄", "YELLOW");

		assertNames(Map.of("area", a[0].globalId(), "healthCodes", List.of("RED", "YELLOW")), "巳红", "巳黄");
		assertNames(Map.of("area", a[0].globalId(), "healthCodes", List.of("GREEN")), "巳绿");
	}

	@Test
	void peopleFilterByNameAndIdNumberPrefixAllConditionsTogether() {
		Ref[] a = this.data.chain("午");
		String idNumber = PeopleFixtures.idNumber("510104");
		this.people.personWithIdNumber(a[4], "张三", idNumber, "RED");
		this.people.person(a[4], "张三丰", "GREEN");
		this.people.person(a[4], "李四", "RED");
		this.people.person(a[4], "百分%之百", "GREEN");
		String area = a[0].globalId();

		assertNames(Map.of("area", area, "nameStartsWith", "张三"), "张三", "张三丰");
		assertNames(Map.of("area", area, "nameStartsWith", "张三丰"), "张三丰");
		assertNames(Map.of("area", area, "nameStartsWith", "三"));
		// LIKE wildcards in the prefix are literal characters
		assertNames(Map.of("area", area, "nameStartsWith", "百分%"), "百分%之百");
		assertNames(Map.of("area", area, "nameStartsWith", "百_"));
		assertNames(Map.of("area", area, "nameStartsWith", "%"));
		assertNames(Map.of("area", area, "idNumberStartsWith", "510104"), "张三");
		assertNames(Map.of("area", area, "idNumberStartsWith", idNumber), "张三");
		assertNames(Map.of("area", area, "nameStartsWith", "张", "healthCodes", List.of("RED")), "张三");
		assertNames(Map.of("area", area, "idNumberStartsWith", "510104", "healthCodes", List.of("GREEN")));
		this.graphQl.documentName("people")
			.variable("filter", Map.of("area", area, "idNumberStartsWith", "510104"))
			.execute()
			.path("people.edges[0].node.idNumber")
			.entity(String.class)
			.isEqualTo(idNumber);
	}

	@Test
	void aWholeIdNumberOrPhoneIsFoundByItsHashAndPrefixesOnlyWithinTheDivisionCode() {
		Ref[] a = this.data.chain("哈");
		String idNumber = PeopleFixtures.idNumber("510105");
		while (idNumber.charAt(17) != 'X') {
			idNumber = PeopleFixtures.idNumber("510105");
		}
		long zhang = this.people.personWithIdNumber(a[4], "哈张", idNumber, "GREEN");
		long li = this.data.person(a[4], "哈李");
		String area = a[0].globalId();

		assertNames(Map.of("area", area, "idNumberStartsWith", idNumber.toLowerCase(java.util.Locale.ROOT)), "哈张");
		assertNames(Map.of("area", area, "idNumberStartsWith", " " + idNumber + " "), "哈张");
		assertNames(Map.of("area", area, "idNumberStartsWith", "5"), "哈张");
		assertNames(Map.of("area", area, "idNumberStartsWith", "51010"), "哈张");
		assertNames(Map.of("area", area, "idNumberStartsWith", "33"), "哈李");
		assertNames(Map.of("area", area, "idNumberStartsWith", ""), "哈张", "哈李");
		assertNames(Map.of("area", area, "idNumberStartsWith", PeopleFixtures.idNumber("510105")));
		assertNames(Map.of("area", area, "phone", this.data.phoneOf(li)), "哈李");
		assertNames(Map.of("area", area, "phone", "13800000000"));
		assertThat(this.data.phoneOf(zhang)).isNull();
		for (int length = 7; length <= 17; length++) {
			refusedPrefix(idNumber.substring(0, length));
		}
		refusedPrefix(idNumber + "0");
	}

	private void refusedPrefix(String prefix) {
		this.graphQl.documentName("people")
			.variable("filter", Map.of("idNumberStartsWith", prefix))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains(PersonFilter.ID_NUMBER_PREFIX_RULE)
					&& !error.getMessage().contains(prefix))
			.verify();
	}

	private void assertNames(Map<String, Object> filter, String... names) {
		this.graphQl.documentName("people")
			.variable("filter", filter)
			.execute()
			.path("people.edges[*].node.fullName")
			.entityList(String.class)
			.containsExactly(names)
			.path("people.totalCount")
			.entity(Integer.class)
			.isEqualTo(names.length);
	}

	@Test
	void filtersAreAnsweredByTheirIndexes() {
		assertThat(plan(new PersonFilter(null, List.of(PersonCategory.TEACHER), null, null, null, null)))
			.contains("person_categories_gin");
		assertThat(plan(new PersonFilter(null, null, null, "张三", null, null))).contains("person_full_name_prefix");
		assertThat(plan(new PersonFilter(null, null, null, null, "5101", null)))
			.contains("person_id_number_region_prefix");
		assertThat(plan(new PersonFilter(null, null, null, null, PeopleFixtures.idNumber("510104"), null)))
			.contains("person_id_number_hash_unique");
		assertThat(plan(new PersonFilter(null, null, null, null, null, "13800138000")))
			.contains("person_phone_hash_idx");
		assertThat(plan(new PersonFilter(GlobalId.encode("Place", 1), null, null, null, null, null)))
			.contains("person_residence_idx");
	}

	/** The plan PostgreSQL picks when it must avoid sequential scans where it can. */
	private String plan(PersonFilter filter) {
		return this.db.transactionResult((tx) -> {
			tx.dsl().execute("set local enable_seqscan = off");
			return tx.dsl()
				.explain(tx.dsl().select(PERSON.ID).from(PERSON).where(filter.toCondition(this.cipher)))
				.plan();
		});
	}

	// paging

	@Test
	void peoplePageThroughWithKeysetCursors() {
		Ref[] a = this.data.chain("未");
		for (int i = 1; i <= 5; i++) {
			this.people.person(a[4], "未" + i, "GREEN");
		}
		Map<String, Object> filter = Map.of("area", a[0].globalId());
		String end = this.graphQl.documentName("people")
			.variable("filter", filter)
			.variable("first", 2)
			.execute()
			.path("people.edges[*].node.fullName")
			.entityList(String.class)
			.containsExactly("未1", "未2")
			.path("people.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("people.pageInfo.hasPreviousPage")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("people.totalCount")
			.entity(Integer.class)
			.isEqualTo(5)
			.path("people.pageInfo.endCursor")
			.entity(String.class)
			.get();
		String last = this.graphQl.documentName("people")
			.variable("filter", filter)
			.variable("first", 2)
			.variable("after", end)
			.execute()
			.path("people.edges[*].node.fullName")
			.entityList(String.class)
			.containsExactly("未3", "未4")
			.path("people.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("people.pageInfo.hasPreviousPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("people.pageInfo.endCursor")
			.entity(String.class)
			.get();
		String afterLast = this.graphQl.documentName("people")
			.variable("filter", filter)
			.variable("first", 2)
			.variable("after", last)
			.execute()
			.path("people.edges[*].node.fullName")
			.entityList(String.class)
			.containsExactly("未5")
			.path("people.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("people.pageInfo.endCursor")
			.entity(String.class)
			.get();
		this.graphQl.documentName("people")
			.variable("filter", filter)
			.variable("after", afterLast)
			.execute()
			.path("people.edges")
			.entityList(Object.class)
			.hasSize(0)
			.path("people.pageInfo.endCursor")
			.valueIsNull()
			.path("people.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(false);
	}

	// nested fields

	@Test
	void personShowsResidenceAndEverythingThatHappenedToThem() {
		Ref[] a = this.data.chain("申");
		Ref grid = a[4];
		long hotel = this.data.site(grid, "QUARANTINE_HOTEL", "申隔离酒店");
		long hospital = this.data.site(grid, "HOSPITAL", "申医院");
		long restaurant = this.data.site(grid, "RESTAURANT", "申饭店");
		long zhang = this.people.person(grid, "申张伟", "RED", "COURIER");
		long li = this.people.person(grid, "申李娜", "YELLOW");
		long wang = this.people.person(grid, "申王芳", "GREEN");
		long zhao = this.people.person(a[3], "申赵强", "GREEN");

		this.people.healthCodeEvent(zhang, "GREEN", NOW.minusDays(10), "initial");
		this.people.healthCodeEvent(zhang, "RED", NOW.minusDays(1), "close contact");
		this.people.healthCodeEvent(zhang, "YELLOW", NOW.minusDays(3), "returned from a medium-risk area");

		this.people.travel(zhang, "上海市浦东新区", "MEDIUM", NOW.minusDays(20), "FLIGHT", grid, "DATA_PUSH");
		this.people.travel(zhang, "武汉市江汉区", "HIGH", NOW.minusDays(3), "TRAIN", grid, "STATION_CHECK");

		this.people.measure(zhang, "HOME_HEALTH_MONITORING", "RETURNEE_MEDIUM_RISK", "RELEASED", null, null,
				NOW.minusDays(30));
		long quarantine = this.people.measure(zhang, "CENTRALIZED_QUARANTINE", "CLOSE_CONTACT", "CHECKED_IN", hotel,
				"301", NOW.minusDays(1));
		LocalDate today = NOW.toLocalDate();
		this.people.healthCheck(zhang, quarantine, today.minusDays(1), "37.8", "FEVER", "COUGH");
		this.people.healthCheck(zhang, quarantine, today, "36.5");

		// source of zhang, untraced past its deadline
		this.people.contact(li, zhang, "CLOSE", NOW.minusDays(2), restaurant, "SOCIAL", NOW.minusHours(1), null);
		// zhang's contacts: one not yet due, one traced late
		this.people.contact(zhang, wang, "SECONDARY", NOW.minusDays(1), null, null, NOW.plusHours(20), null);
		this.people.contact(zhang, zhao, "CLOSE", NOW.minusDays(5), null, "HOUSEHOLD", NOW.minusDays(4),
				NOW.minusDays(3));

		this.people.caseReport(zhang, "SUSPECTED", null, NOW.minusDays(2));
		this.people.caseReport(zhang, "CONFIRMED", hospital, NOW.minusHours(12));

		this.graphQl.documentName("person")
			.variable("id", personId(zhang))
			.execute()
			.path("person.id")
			.entity(String.class)
			.isEqualTo(personId(zhang))
			.path("person.sex")
			.entity(String.class)
			.isEqualTo("MALE")
			.path("person.birthDate")
			.entity(String.class)
			.isEqualTo("1975-06-01")
			.path("person.residence.code")
			.entity(String.class)
			.isEqualTo(grid.code())
			.path("person.healthCodeHistory[*].colour")
			.entityList(String.class)
			.containsExactly("RED", "YELLOW", "GREEN")
			.path("person.healthCodeHistory[0].reason")
			.entity(String.class)
			.isEqualTo("close contact")
			// travels
			.path("person.travels[*].originName")
			.entityList(String.class)
			.containsExactly("武汉市江汉区", "上海市浦东新区")
			.path("person.travels[*].originRiskLevel")
			.entityList(String.class)
			.containsExactly("HIGH", "MEDIUM")
			.path("person.travels[*].transport")
			.entityList(String.class)
			.containsExactly("TRAIN", "FLIGHT")
			.path("person.travels[*].detectedVia")
			.entityList(String.class)
			.containsExactly("STATION_CHECK", "DATA_PUSH")
			.path("person.travels[0].transportNumber")
			.entity(String.class)
			.isEqualTo("G1234")
			.path("person.travels[1].transportNumber")
			.valueIsNull()
			.path("person.travels[0].originAreaCode")
			.entity(String.class)
			.isEqualTo("420106")
			.path("person.travels[0].departedAt")
			.hasValue()
			.path("person.travels[0].destination.code")
			.entity(String.class)
			.isEqualTo(grid.code())
			.path("person.travels[0].person.fullName")
			.entity(String.class)
			.isEqualTo("申张伟")
			// control measures and health checks
			.path("person.controlMeasures[*].status")
			.entityList(String.class)
			.containsExactly("CHECKED_IN", "RELEASED")
			.path("person.controlMeasures[*].kind")
			.entityList(String.class)
			.containsExactly("CENTRALIZED_QUARANTINE", "HOME_HEALTH_MONITORING")
			.path("person.controlMeasures[*].reason")
			.entityList(String.class)
			.containsExactly("CLOSE_CONTACT", "RETURNEE_MEDIUM_RISK")
			.path("person.controlMeasures[0].site.name")
			.entity(String.class)
			.isEqualTo("申隔离酒店")
			.path("person.controlMeasures[0].site.place.code")
			.entity(String.class)
			.isEqualTo(grid.code())
			.path("person.controlMeasures[0].room")
			.entity(String.class)
			.isEqualTo("301")
			.path("person.controlMeasures[0].checkedInAt")
			.hasValue()
			.path("person.controlMeasures[0].releasedAt")
			.valueIsNull()
			.path("person.controlMeasures[0].plannedReleaseOn")
			.entity(String.class)
			.isEqualTo(NOW.minusDays(1).toLocalDate().plusDays(14).toString())
			.path("person.controlMeasures[0].person.fullName")
			.entity(String.class)
			.isEqualTo("申张伟")
			.path("person.controlMeasures[0].healthChecks[*].temperature")
			.entityList(Double.class)
			.containsExactly(36.5, 37.8)
			.path("person.controlMeasures[0].healthChecks[1].symptoms")
			.entityList(String.class)
			.containsExactly("FEVER", "COUGH")
			.path("person.controlMeasures[0].healthChecks[0].symptoms")
			.entityList(String.class)
			.hasSize(0)
			.path("person.controlMeasures[0].healthChecks[0].checkedOn")
			.entity(String.class)
			.isEqualTo(today.toString())
			.path("person.controlMeasures[1].site")
			.valueIsNull()
			.path("person.controlMeasures[1].releasedAt")
			.hasValue()
			.path("person.controlMeasures[1].healthChecks")
			.entityList(Object.class)
			.hasSize(0)
			// contacts in both directions, newest exposure first
			.path("person.contacts[*].source.fullName")
			.entityList(String.class)
			.containsExactly("申张伟", "申李娜", "申张伟")
			.path("person.contacts[*].contact.fullName")
			.entityList(String.class)
			.containsExactly("申王芳", "申张伟", "申赵强")
			.path("person.contacts[*].degree")
			.entityList(String.class)
			.containsExactly("SECONDARY", "CLOSE", "CLOSE")
			.path("person.contacts[*].overdue")
			.entityList(Boolean.class)
			.containsExactly(false, true, false)
			.path("person.contacts[1].exposureSite.name")
			.entity(String.class)
			.isEqualTo("申饭店")
			.path("person.contacts[1].exposureSetting")
			.entity(String.class)
			.isEqualTo("SOCIAL")
			.path("person.contacts[0].exposureSite")
			.valueIsNull()
			.path("person.contacts[0].exposureSetting")
			.valueIsNull()
			.path("person.contacts[2].tracedAt")
			.hasValue()
			// cases
			.path("person.cases[*].classification")
			.entityList(String.class)
			.containsExactly("CONFIRMED", "SUSPECTED")
			.path("person.cases[0].reportingSite.name")
			.entity(String.class)
			.isEqualTo("申医院")
			.path("person.cases[1].reportingSite")
			.valueIsNull()
			.path("person.cases[0].reportedAt")
			.hasValue()
			.path("person.cases[0].countyReviewedAt")
			.hasValue()
			.path("person.cases[0].cityReviewDueAt")
			.hasValue()
			.path("person.cases[0].cityReviewedAt")
			.valueIsNull()
			.path("person.cases[0].provinceReviewedAt")
			.valueIsNull()
			.path("person.cases[0].person.fullName")
			.entity(String.class)
			.isEqualTo("申张伟");

		// the source sees the same edge from the other side; a person without records has
		// empty lists
		this.graphQl.documentName("person")
			.variable("id", personId(li))
			.execute()
			.path("person.contacts[*].contact.fullName")
			.entityList(String.class)
			.containsExactly("申张伟")
			.path("person.travels")
			.entityList(Object.class)
			.hasSize(0)
			.path("person.controlMeasures")
			.entityList(Object.class)
			.hasSize(0)
			.path("person.cases")
			.entityList(Object.class)
			.hasSize(0)
			.path("person.healthCodeHistory")
			.entityList(Object.class)
			.hasSize(0);
	}

	@Test
	void placesShowTheirResidentsAndHowManyThereAre() {
		Ref[] a = this.data.chain("酉");
		Ref community = a[3];
		Ref grid2 = this.data.below(community, "GRID", "酉第二网格");
		this.people.person(a[4], "酉一", "GREEN");
		this.people.person(a[4], "酉二", "GREEN");
		this.people.person(a[4], "酉三", "GREEN");
		this.people.person(grid2, "酉四", "GREEN");

		this.graphQl.documentName("peopleResidents")
			.variable("id", community.globalId())
			.variable("first", 2)
			.execute()
			.path("place.residentCount")
			.entity(Integer.class)
			.isEqualTo(4)
			.path("place.residents[*].fullName")
			.entityList(String.class)
			.containsExactly("酉一", "酉二")
			.path("place.residents[0].residence.code")
			.entity(String.class)
			.isEqualTo(a[4].code())
			.path("place.children[*].residentCount")
			.entityList(Integer.class)
			.contains(3, 1)
			.hasSize(2)
			.path("place.children[*].residents[*].fullName")
			.entityList(String.class)
			.contains("酉一", "酉二", "酉三", "酉四")
			.hasSize(4);
		this.graphQl.documentName("peopleResidents")
			.variable("id", a[0].globalId())
			.execute()
			.path("place.residentCount")
			.entity(Integer.class)
			.isEqualTo(4)
			.path("place.residents")
			.entityList(Object.class)
			.hasSize(4);
		this.graphQl.documentName("peopleResidents")
			.variable("id", grid2.globalId())
			.variable("first", 0)
			.execute()
			.path("place.residentCount")
			.entity(Integer.class)
			.isEqualTo(1)
			.path("place.residents")
			.entityList(Object.class)
			.hasSize(0)
			.path("place.children")
			.entityList(Object.class)
			.hasSize(0);
	}

	@Test
	void nodeResolvesPeopleAndTheirRecords() {
		Ref[] a = this.data.chain("戌");
		long hotel = this.data.site(a[4], "QUARANTINE_HOTEL", "戌隔离酒店");
		long person = this.people.person(a[4], "戌一", "RED");
		long other = this.people.person(a[4], "戌二", "GREEN");
		long event = this.people.healthCodeEvent(person, "RED", NOW.minusHours(2), "close contact");
		long travel = this.people.travel(person, "广州市天河区", "LOW", NOW.minusDays(2), "COACH", a[4], "SELF_REPORT");
		long measure = this.people.measure(person, "CENTRALIZED_QUARANTINE", "CLOSE_CONTACT", "CHECKED_IN", hotel,
				"101", NOW.minusDays(1));
		long check = this.people.healthCheck(person, measure, NOW.toLocalDate(), "36.9");
		long contact = this.people.contact(other, person, "CLOSE", NOW.minusDays(1), null, null, NOW.plusHours(3),
				null);
		long caseReport = this.people.caseReport(person, "ASYMPTOMATIC", null, NOW.minusHours(5));

		assertNode("Person", person, "fullName", "戌一");
		assertNode("HealthCodeEvent", event, "colour", "RED");
		assertNode("TravelRecord", travel, "originName", "广州市天河区");
		assertNode("TravelRecord", travel, "person.fullName", "戌一");
		assertNode("ControlMeasure", measure, "status", "CHECKED_IN");
		assertNode("ControlMeasure", measure, "person.fullName", "戌一");
		assertNode("Contact", contact, "degree", "CLOSE");
		assertNode("Contact", contact, "source.fullName", "戌二");
		assertNode("CaseReport", caseReport, "classification", "ASYMPTOMATIC");
		assertNode("CaseReport", caseReport, "person.fullName", "戌一");
		this.graphQl.documentName("personNode")
			.variable("id", GlobalId.encode("HealthCheck", check))
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("HealthCheck")
			.path("node.temperature")
			.entity(Double.class)
			.isEqualTo(36.9);
	}

	private void assertNode(String type, long id, String field, String expected) {
		String globalId = GlobalId.encode(type, id);
		this.graphQl.documentName("personNode")
			.variable("id", globalId)
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo(type)
			.path("node.id")
			.entity(String.class)
			.isEqualTo(globalId)
			.path("node." + field)
			.entity(String.class)
			.isEqualTo(expected);
	}

	// bad input

	@Test
	void unknownAndMalformedIdsAreTypedErrors() {
		this.graphQl.documentName("person")
			.variable("id", personId(987654321))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND && error.getPath().equals("person"))
			.verify()
			.path("person")
			.valueIsNull();
		for (String type : List.of("TravelRecord", "ControlMeasure", "Contact", "CaseReport", "HealthCheck",
				"HealthCodeEvent")) {
			this.graphQl.documentName("personNode")
				.variable("id", GlobalId.encode(type, 987654321))
				.execute()
				.errors()
				.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND)
				.verify()
				.path("node")
				.valueIsNull();
		}
		this.graphQl.documentName("person")
			.variable("id", "not-an-id!")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("not a valid id"))
			.verify();
		this.graphQl.documentName("person")
			.variable("id", GlobalId.encode("Place", 1))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("expected a Person"))
			.verify();
		this.graphQl.documentName("people")
			.variable("filter", Map.of("area", personId(1)))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("expected a Place"))
			.verify();
	}

	@Test
	void badPagingArgumentsAndEnumsAreRejected() {
		this.graphQl.documentName("people")
			.variable("first", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("at most 500"))
			.verify();
		this.graphQl.documentName("people")
			.variable("first", -1)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
		this.graphQl.documentName("people")
			.variable("after", "garbage")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
		// a cursor of another connection (places are keyed by code, not by id)
		this.graphQl.documentName("people")
			.variable("after", Cursor.encode("not-a-number"))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
		this.graphQl.documentName("people")
			.variable("filter", Map.of("healthCodes", List.of("PURPLE")))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		this.graphQl.documentName("people")
			.variable("filter", Map.of("categories", List.of("ASTRONAUT")))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		Ref[] a = this.data.chain("亥");
		this.graphQl.documentName("peopleResidents")
			.variable("id", a[0].globalId())
			.variable("first", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("at most 500"))
			.verify();
	}

	// statement counts

	@Test
	void nestedQueryStatementCountDoesNotGrowWithPeople() {
		int small = threeLevelStatements(20);
		int large = threeLevelStatements(200);
		assertThat(large).isEqualTo(small);
		// one statement per field and level (21 today): people, totalCount and 19 batched
		// fields
		assertThat(small).isLessThanOrEqualTo(21);
	}

	private int threeLevelStatements(int count) {
		Ref[] a = this.data.chain("S" + count);
		Ref grid2 = this.data.below(a[3], "GRID", "S" + count + "第二网格");
		long hotel = this.data.site(a[4], "QUARANTINE_HOTEL", "S" + count + "隔离酒店");
		long hospital = this.data.site(grid2, "HOSPITAL", "S" + count + "医院");
		long previous = 0;
		for (int i = 0; i < count; i++) {
			long person = this.people.person((i % 2 == 0) ? a[4] : grid2, "S" + count + "-" + i, "RED", "COURIER");
			this.people.healthCodeEvent(person, "RED", NOW.minusDays(1), "close contact");
			this.people.travel(person, "武汉市江汉区", "HIGH", NOW.minusDays(2), "TRAIN", a[4], "GRID_CANVASS");
			long measure = this.people.measure(person, "CENTRALIZED_QUARANTINE", "CLOSE_CONTACT", "CHECKED_IN", hotel,
					"R" + i, NOW.minusDays(1));
			this.people.healthCheck(person, measure, NOW.toLocalDate(), "36.6");
			if (previous != 0) {
				this.people.contact(previous, person, "CLOSE", NOW.minusDays(3), hospital, "HEALTHCARE",
						NOW.minusHours(1), null);
			}
			if (i % 10 == 0) {
				this.people.caseReport(person, "CONFIRMED", hospital, NOW.minusDays(3));
			}
			previous = person;
		}
		this.statements.reset();
		this.graphQl.documentName("peopleThreeLevels")
			.variable("filter", Map.of("area", a[0].globalId()))
			.variable("first", 500)
			.execute()
			.path("people.totalCount")
			.entity(Integer.class)
			.isEqualTo(count)
			.path("people.nodes")
			.entityList(Object.class)
			.hasSize(count)
			.path("people.nodes[0].controlMeasures[0].site.place.code")
			.entity(String.class)
			.isEqualTo(a[4].code())
			.path("people.nodes[0].residence.residentCount")
			.entity(Integer.class)
			.isEqualTo((count + 1) / 2)
			.path("people.nodes[0].residence.residents")
			.entityList(Object.class)
			.hasSize(3)
			.path("people.nodes[1].contacts[0].exposureSite.place.code")
			.entity(String.class)
			.isEqualTo(grid2.code())
			.path("people.nodes[0].cases[0].reportingSite.name")
			.entity(String.class)
			.isEqualTo("S" + count + "医院")
			.path("people.nodes[0].travels[0].destination.parent.code")
			.entity(String.class)
			.isEqualTo(a[3].code());
		return this.statements.count();
	}

}
