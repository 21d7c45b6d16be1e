package org.epigrid.people;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.graphql.test.tester.GraphQlTester;

import org.epigrid.places.RiskLevel;
import org.epigrid.privacy.PersonalField;
import org.epigrid.support.GlobalId;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.CONTROL_MEASURE;
import static org.epigrid.jooq.Tables.PERSON;

/**
 * Registering people (R4), health codes (R5) and arrivals (R3) through the GraphQL API.
 */
class PersonWorkflowTests extends WorkflowTestSupport {

	@Autowired
	private ConfigurableApplicationContext context;

	private final List<ReturneeArrived> published = new CopyOnWriteArrayList<>();

	private final ApplicationListener<ApplicationEvent> listener = (event) -> {
		if (event instanceof PayloadApplicationEvent<?> payload
				&& payload.getPayload() instanceof ReturneeArrived arrived) {
			this.published.add(arrived);
		}
	};

	@BeforeEach
	void listen() {
		this.context.addApplicationListener(this.listener);
	}

	@AfterEach
	void stopListening() {
		this.context.removeApplicationListener(this.listener);
	}

	private List<ReturneeArrived> publishedFor(long person) {
		return this.published.stream().filter((event) -> event.personId() == person).toList();
	}

	// registration

	@Test
	void registrationReadsBirthDateAndSexFromTheIdNumber() {
		Ref[] chain = this.data.chain("登");
		String man = WorkflowFixtures.idNumber(LocalDate.of(1988, 2, 29), true);
		String id = this.graphQl.mutate()
			.header("X-Epigrid-User", "grid.worker-9")
			.build()
			.documentName("registerPerson")
			.variable("input", Map.of("idNumber", man, "fullName", " 张伟 ", "phone", "13800138000", "residence",
					chain[4].globalId(), "address", "幸福路 1 号", "categories", List.of("COURIER", "MIGRANT_WORKER")))
			.execute()
			.path("registerPerson.person.sex")
			.entity(String.class)
			.isEqualTo("MALE")
			.path("registerPerson.person.birthDate")
			.entity(String.class)
			.isEqualTo("1988-02-29")
			.path("registerPerson.person.fullName")
			.entity(String.class)
			.isEqualTo("张伟")
			.path("registerPerson.person.healthCode")
			.entity(String.class)
			.isEqualTo("GREEN")
			.path("registerPerson.person.categories")
			.entityList(String.class)
			.containsExactly("COURIER", "MIGRANT_WORKER")
			.path("registerPerson.person.residence.code")
			.entity(String.class)
			.isEqualTo(chain[4].code())
			.path("registerPerson.person.version")
			.entity(Integer.class)
			.isEqualTo(0)
			.path("registerPerson.person.id")
			.entity(String.class)
			.get();
		var row = this.db.selectFrom(PERSON).where(PERSON.ID.eq(rawId(id))).fetchOne();
		assertThat(this.cipher.decrypt(PersonalField.ID_NUMBER, row.getIdNumberEnc())).isEqualTo(man);
		assertThat(row.getIdNumberHash()).isEqualTo(this.cipher.hash(PersonalField.ID_NUMBER, man));
		assertThat(row.getIdNumberRegion()).isEqualTo(man.substring(0, 6));
		assertThat(this.cipher.decrypt(PersonalField.PHONE, row.getPhoneEnc())).isEqualTo("13800138000");
		assertThat(row.getLegacyIdNumber()).isNull();
		assertThat(row.getLegacyPhone()).isNull();
		assertThat(row.getCreatedBy()).isEqualTo("grid.worker-9");

		// a woman, birth date and sex given and matching; a lower-case x is read as X
		String woman = womanWithCheckX();
		succeed("registerPerson",
				Map.of("idNumber", woman.toLowerCase(), "fullName", "李娜", "sex", "FEMALE", "birthDate",
						woman.substring(6, 10) + "-" + woman.substring(10, 12) + "-" + woman.substring(12, 14)),
				"person.sex", String.class);
		assertThat(
				this.db.fetchExists(PERSON, PERSON.ID_NUMBER_HASH.eq(this.cipher.hash(PersonalField.ID_NUMBER, woman))))
			.isTrue();
	}

	/** A woman's ID number whose check character is X. */
	private static String womanWithCheckX() {
		for (int i = 0; i < 2000; i++) {
			String candidate = WorkflowFixtures.idNumber(LocalDate.of(1985, 3, 1).plusDays(i), false);
			if (candidate.endsWith("X")) {
				return candidate;
			}
		}
		throw new IllegalStateException("no ID number with check character X found");
	}

	@Test
	void invalidIdNumbersAreRefusedWithoutRepeatingThem() {
		String valid = WorkflowFixtures.idNumber(LocalDate.of(1979, 12, 31), true);
		char wrongCheck = (valid.charAt(17) == '0') ? '1' : '0';
		String badDate = "510104" + "19890230" + "123";
		String futureDate = "510104" + today().plusDays(30).toString().replace("-", "") + "123";
		Map<String, String> cases = Map.of("short", valid.substring(0, 17), "letters", "51010A" + valid.substring(6),
				"wrong check", valid.substring(0, 17) + wrongCheck, "30 February",
				badDate + IdNumbers.checkCharacter(badDate), "future birth",
				futureDate + IdNumbers.checkCharacter(futureDate), "before 1900",
				"510104" + "18991231" + "123" + IdNumbers.checkCharacter("51010418991231123"));
		cases.forEach((label, idNumber) -> {
			List<String> messages = refused("registerPerson", Map.of("idNumber", idNumber, "fullName", "王五"),
					"INVALID_VALUE");
			assertThat(messages).as(label).hasSize(1).allSatisfy((message) -> {
				assertThat(message).doesNotContain(idNumber).doesNotContain("王五");
			});
		});
		var mismatch = mutate("registerPerson", Map.of("idNumber", valid, "fullName", "王五", "birthDate", "1979-12-30",
				"sex", "FEMALE", "phone", "12345678901"));
		mismatch.path("registerPerson.person").valueIsNull();
		assertThat(mismatch.path("registerPerson.errors[*].field").entityList(String.class).get())
			.containsExactlyInAnyOrder("input.birthDate", "input.sex", "input.phone");
		assertThat(
				this.db.fetchExists(PERSON, PERSON.ID_NUMBER_HASH.eq(this.cipher.hash(PersonalField.ID_NUMBER, valid))))
			.isFalse();
		refused("registerPerson", Map.of("idNumber", valid, "fullName", "  "), "INVALID_VALUE");
		refused("registerPerson",
				Map.of("idNumber", valid, "fullName", "王五", "residence", GlobalId.encode("Place", 999_999_999)),
				"NOT_FOUND");
	}

	@Test
	void aRegisteredIdNumberIsADuplicate() {
		String idNumber = WorkflowFixtures.idNumber(LocalDate.of(1966, 6, 6), false);
		succeed("registerPerson", Map.of("idNumber", idNumber, "fullName", "赵敏"), "person.id", String.class);
		List<String> messages = refused("registerPerson", Map.of("idNumber", idNumber, "fullName", "赵敏"), "DUPLICATE");
		assertThat(messages).containsExactly("a person with this ID number is registered");
	}

	@Test
	void updatesAndCategoriesUseOptimisticLocking() {
		Ref[] chain = this.data.chain("改");
		Ref grid2 = this.data.below(chain[3], "GRID", "改第二网格");
		long person = this.people.person(chain[4], "钱七", "GREEN", "TEACHER");
		var updated = mutate("updatePerson", Map.of("id", personId(person), "expectedVersion", 0, "phone",
				"15900001111", "residence", grid2.globalId(), "address", "新址 2 号"));
		updated.path("updatePerson.person.phone").entity(String.class).isEqualTo("15900001111");
		updated.path("updatePerson.person.residence.code").entity(String.class).isEqualTo(grid2.code());
		updated.path("updatePerson.person.fullName").entity(String.class).isEqualTo("钱七");
		updated.path("updatePerson.person.version").entity(Integer.class).isEqualTo(1);
		refused("updatePerson", Map.of("id", personId(person), "expectedVersion", 0, "fullName", "迟到"), "CONFLICT",
				person);
		refused("updatePerson", Map.of("id", personId(person), "expectedVersion", 1, "phone", "110"), "INVALID_VALUE",
				person);
		refused("updatePerson", Map.of("id", personId(999_999_999), "expectedVersion", 0), "NOT_FOUND", person);

		var categories = mutate("setPersonCategories", Map.of("id", personId(person), "expectedVersion", 1,
				"categories", List.of("ELDERLY", "CHRONIC_ILLNESS", "ELDERLY")));
		categories.path("setPersonCategories.person.categories")
			.entityList(String.class)
			.containsExactly("ELDERLY", "CHRONIC_ILLNESS");
		categories.path("setPersonCategories.person.version").entity(Integer.class).isEqualTo(2);
		refused("setPersonCategories",
				Map.of("id", personId(person), "expectedVersion", 1, "categories", List.of("STUDENT")), "CONFLICT",
				person);
		this.graphQl.documentName("setPersonCategories")
			.variable("input", Map.of("id", personId(person), "expectedVersion", 2, "categories", List.of("ALIEN")))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
	}

	@Test
	void healthCodeChangesKeepTheirHistory() {
		Ref[] chain = this.data.chain("码");
		long person = this.people.person(chain[4], "孙八", "GREEN");
		var changed = mutate("changeHealthCode", Map.of("person", personId(person), "expectedVersion", 0, "colour",
				"YELLOW", "reason", "fever clinic visit"));
		changed.path("changeHealthCode.person.healthCode").entity(String.class).isEqualTo("YELLOW");
		changed.path("changeHealthCode.event.colour").entity(String.class).isEqualTo("YELLOW");
		changed.path("changeHealthCode.event.reason").entity(String.class).isEqualTo("fever clinic visit");
		String changedAt = changed.path("changeHealthCode.event.changedAt").entity(String.class).get();
		assertThat(instant(changed.path("changeHealthCode.person.healthCodeChangedAt").entity(String.class).get()))
			.isEqualTo(instant(changedAt));
		assertThat(refused("changeHealthCode",
				Map.of("person", personId(person), "expectedVersion", 1, "colour", "YELLOW", "reason", "again"),
				"ILLEGAL_TRANSITION", person))
			.containsExactly("the health code is already YELLOW");
		refused("changeHealthCode",
				Map.of("person", personId(person), "expectedVersion", 1, "colour", "GREEN", "reason", ""),
				"INVALID_VALUE", person);
		refused("changeHealthCode",
				Map.of("person", personId(person), "expectedVersion", 0, "colour", "GREEN", "reason", "negative test"),
				"CONFLICT", person);
		succeed("changeHealthCode",
				Map.of("person", personId(person), "expectedVersion", 1, "colour", "GREEN", "reason", "negative test"),
				"person.healthCode", String.class);
		this.graphQl.documentName("person")
			.variable("id", personId(person))
			.execute()
			.path("person.healthCodeHistory[*].colour")
			.entityList(String.class)
			.containsExactly("GREEN", "YELLOW");
	}

	// travel

	private Map<String, Object> travel(long person, String originAreaCode, OffsetDateTime arrivedAt, Ref destination) {
		Map<String, Object> input = new HashMap<>();
		input.put("person", personId(person));
		input.put("originAreaCode", originAreaCode);
		input.put("originName", "area " + originAreaCode);
		input.put("arrivedAt", arrivedAt.toString());
		input.put("transport", "FLIGHT");
		input.put("transportNumber", "CA1234");
		input.put("destination", destination.globalId());
		input.put("detectedVia", "DATA_PUSH");
		return input;
	}

	private GraphQlTester.Response recordTravel(long person, String originAreaCode, OffsetDateTime arrivedAt,
			Ref destination) {
		GraphQlTester.Response response = mutate("recordTravel",
				travel(person, originAreaCode, arrivedAt, destination));
		response.path("recordTravel.errors").entityList(Object.class).hasSize(0);
		return response;
	}

	@Test
	void aReturneeFromAMediumRiskProvinceGetsHomeQuarantineAndAYellowCode() {
		Ref[] chain = this.data.chain("中");
		OffsetDateTime arrival = NOW.minusDays(2);
		// the whole province 540000 is MEDIUM; the traveller comes from one of its
		// counties
		this.data.designate("540000", "MEDIUM", arrival.minusDays(10), null);
		long person = this.people.person(chain[4], "周九", "GREEN");
		var response = recordTravel(person, "540102", arrival, chain[4]);
		response.path("recordTravel.originRiskLevel").entity(String.class).isEqualTo("MEDIUM");
		response.path("recordTravel.controlMeasure.kind").entity(String.class).isEqualTo("HOME_QUARANTINE");
		response.path("recordTravel.controlMeasure.reason").entity(String.class).isEqualTo("RETURNEE_MEDIUM_RISK");
		response.path("recordTravel.controlMeasure.plannedReleaseOn")
			.entity(String.class)
			.isEqualTo(centreDate(arrival).plusDays(7).toString());
		response.path("recordTravel.person.healthCode").entity(String.class).isEqualTo("YELLOW");
		response.path("recordTravel.person.healthCodeHistory[0].reason")
			.entity(String.class)
			.isEqualTo("arrived from MEDIUM-risk area area 540102");
		long travelId = rawId(response.path("recordTravel.travel.id").entity(String.class).get());
		assertThat(publishedFor(person)).containsExactly(new ReturneeArrived(person, travelId, RiskLevel.MEDIUM, 1));
		assertThat(this.db.select(CONTROL_MEASURE.TRAVEL_RECORD_ID)
			.from(CONTROL_MEASURE)
			.where(CONTROL_MEASURE.PERSON_ID.eq(person))
			.fetchOne(CONTROL_MEASURE.TRAVEL_RECORD_ID)).isEqualTo(travelId);
	}

	@Test
	void theRiskLevelIsTheHighestDesignationInForceAtArrivalForTheAreaOrAnyCodeCoveringIt() {
		Ref[] chain = this.data.chain("险");
		OffsetDateTime arrival = NOW.minusDays(3);
		// city 633100 HIGH, its county 633121 LOW: HIGH wins for a township of the county
		this.data.designate("633100", "HIGH", arrival.minusDays(1), arrival.plusDays(1));
		this.data.designate("633121", "LOW", arrival.minusDays(1), null);
		long high = this.people.person(chain[4], "高", "GREEN");
		recordTravel(high, "633121004", arrival, chain[4]).path("recordTravel.originRiskLevel")
			.entity(String.class)
			.isEqualTo("HIGH");
		// after the city's designation ended, the county's LOW is what applies; LOW
		// assigns nothing
		long later = this.people.person(chain[4], "晚", "GREEN");
		var low = recordTravel(later, "633121004", arrival.plusDays(2), chain[4]);
		low.path("recordTravel.originRiskLevel").entity(String.class).isEqualTo("LOW");
		low.path("recordTravel.controlMeasure").valueIsNull();
		low.path("recordTravel.person.healthCode").entity(String.class).isEqualTo("GREEN");
		assertThat(publishedFor(later)).isEmpty();
		// a designation that starts after the arrival does not apply; an unlisted area is
		// NONE
		this.data.designate("633200", "HIGH", arrival.plusHours(1), null);
		long before = this.people.person(chain[4], "早", "GREEN");
		recordTravel(before, "633201", arrival, chain[4]).path("recordTravel.originRiskLevel")
			.entity(String.class)
			.isEqualTo("NONE");
		// the record keeps the level at arrival even when the designation changes later
		this.graphQl.documentName("person")
			.variable("id", personId(high))
			.execute()
			.path("person.travels[0].originRiskLevel")
			.entity(String.class)
			.isEqualTo("HIGH");
	}

	@Test
	void aLocalOriginIsCoveredByTheDesignationsOfItsAncestors() {
		Ref[] home = this.data.chain("本");
		Ref[] hot = this.data.chain("热");
		OffsetDateTime arrival = NOW.minusHours(6);
		// a local township designated HIGH: a grid below it is HIGH
		this.data.designate(hot[2].code(), "HIGH", arrival.minusDays(1), null);
		long person = this.people.person(home[4], "吴十", "YELLOW");
		var response = recordTravel(person, hot[4].code(), arrival, home[4]);
		response.path("recordTravel.originRiskLevel").entity(String.class).isEqualTo("HIGH");
		response.path("recordTravel.controlMeasure.kind").entity(String.class).isEqualTo("CENTRALIZED_QUARANTINE");
		response.path("recordTravel.person.healthCode").entity(String.class).isEqualTo("RED");
		// a sibling township's grid is not covered
		Ref cool = this.data.below(hot[1], "TOWNSHIP", "冷街道");
		long other = this.people.person(home[4], "郑十一", "GREEN");
		recordTravel(other, cool.code(), arrival, home[4]).path("recordTravel.originRiskLevel")
			.entity(String.class)
			.isEqualTo("NONE");
	}

	@Test
	void aReturneeAlreadyUnderAMeasureKeepsItButStillTurnsRedAndIsTested() {
		Ref[] chain = this.data.chain("已");
		OffsetDateTime arrival = NOW.minusHours(3);
		this.data.designate("654000", "HIGH", arrival.minusDays(3), null);
		long person = this.people.person(chain[4], "冯", "YELLOW");
		long existing = this.people.measure(person, "HOME_HEALTH_MONITORING", "OTHER", "ASSIGNED", null, null,
				NOW.minusDays(1));
		var response = recordTravel(person, "654002", arrival, chain[4]);
		response.path("recordTravel.originRiskLevel").entity(String.class).isEqualTo("HIGH");
		response.path("recordTravel.controlMeasure").valueIsNull();
		response.path("recordTravel.person.healthCode").entity(String.class).isEqualTo("RED");
		assertThat(this.db.fetchCount(CONTROL_MEASURE, CONTROL_MEASURE.PERSON_ID.eq(person))).isEqualTo(1);
		assertThat(this.db.select(CONTROL_MEASURE.ID)
			.from(CONTROL_MEASURE)
			.where(CONTROL_MEASURE.PERSON_ID.eq(person))
			.fetchOne(CONTROL_MEASURE.ID)).isEqualTo(existing);
		assertThat(publishedFor(person)).hasSize(1);
		// a RED code is never lowered to YELLOW by a later MEDIUM arrival
		this.data.designate("655000", "MEDIUM", arrival.minusDays(3), null);
		recordTravel(person, "655001", arrival.plusHours(1), chain[4]).path("recordTravel.person.healthCode")
			.entity(String.class)
			.isEqualTo("RED");
	}

	@Test
	void badArrivalsAreRefusedAndChangeNothing() {
		Ref[] chain = this.data.chain("错");
		long person = this.people.person(chain[4], "陈", "GREEN");
		Map<String, Object> future = travel(person, "420106", NOW.plusHours(2), chain[4]);
		refused("recordTravel", future, "INVALID_VALUE", person);
		Map<String, Object> backwards = travel(person, "420106", NOW.minusHours(2), chain[4]);
		backwards.put("departedAt", NOW.minusHours(1).toString());
		refused("recordTravel", backwards, "INVALID_VALUE", person);
		refused("recordTravel", travel(person, "4201", NOW.minusHours(2), chain[4]), "INVALID_VALUE", person);
		Map<String, Object> nowhere = travel(person, "420106", NOW.minusHours(2), chain[4]);
		nowhere.put("destination", GlobalId.encode("Place", 999_999_999));
		refused("recordTravel", nowhere, "NOT_FOUND", person);
		refused("recordTravel", travel(999_999_999, "420106", NOW.minusHours(2), chain[4]), "NOT_FOUND", person);
		assertThat(publishedFor(person)).isEmpty();
	}

}
