package org.epigrid.people;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

import org.epigrid.places.RiskLevel;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.CONTROL_MEASURE;

/**
 * Control measures (R6) end to end through the GraphQL API: 接转-入住-解除 with capacity,
 * rooms, the release rule and daily health checks; every refusal leaves the database as
 * it was.
 */
class ControlMeasureWorkflowTests extends WorkflowTestSupport {

	@Autowired
	private ConfigurableApplicationContext context;

	/**
	 * The scenario: a returnee from a HIGH-risk area is registered, quarantined
	 * centrally (transfer, check-in), refused release without negative tests, tested
	 * negative twice, and released.
	 */
	@Test
	void returneeFromHighRiskAreaIsQuarantinedAndReleasedOnlyAfterNegativeTests() {
		Ref[] chain = this.data.chain("归");
		long hotel = this.fixtures.site(chain[2], "QUARANTINE_HOTEL", 20);
		OffsetDateTime arrival = NOW.minusDays(15);
		// an outside county designated HIGH since before the arrival
		this.data.designate("653101", "HIGH", arrival.minusDays(5), null);
		List<ReturneeArrived> published = new CopyOnWriteArrayList<>();
		ApplicationListener<ApplicationEvent> listener = (event) -> {
			if (event instanceof PayloadApplicationEvent<?> payload
					&& payload.getPayload() instanceof ReturneeArrived arrived) {
				published.add(arrived);
			}
		};
		this.context.addApplicationListener(listener);
		try {
			// registration
			String person = this.graphQl.mutate()
				.header("X-Epigrid-User", "grid.worker-3")
				.build()
				.documentName("registerPerson")
				.variable("input",
						Map.of("idNumber", WorkflowFixtures.idNumber(LocalDate.of(1990, 5, 17), true), "fullName", "艾力",
								"phone", "13912345678", "residence", chain[4].globalId()))
				.execute()
				.path("registerPerson.errors")
				.entityList(Object.class)
				.hasSize(0)
				.path("registerPerson.person.id")
				.entity(String.class)
				.get();
			long personRow = rawId(person);

			// arrival from a township of the HIGH county: HIGH, centralized quarantine,
			// RED
			Map<String, Object> travel = new HashMap<>();
			travel.put("person", person);
			travel.put("originAreaCode", "653101001");
			travel.put("originName", "喀什市某街道");
			travel.put("departedAt", arrival.minusHours(30).toString());
			travel.put("arrivedAt", arrival.toString());
			travel.put("transport", "TRAIN");
			travel.put("transportNumber", "Z70");
			travel.put("destination", chain[4].globalId());
			travel.put("detectedVia", "STATION_CHECK");
			var recorded = mutate("recordTravel", travel);
			recorded.path("recordTravel.errors").entityList(Object.class).hasSize(0);
			recorded.path("recordTravel.originRiskLevel").entity(String.class).isEqualTo("HIGH");
			recorded.path("recordTravel.travel.originRiskLevel").entity(String.class).isEqualTo("HIGH");
			recorded.path("recordTravel.controlMeasure.kind").entity(String.class).isEqualTo("CENTRALIZED_QUARANTINE");
			recorded.path("recordTravel.controlMeasure.reason").entity(String.class).isEqualTo("RETURNEE_HIGH_RISK");
			recorded.path("recordTravel.controlMeasure.status").entity(String.class).isEqualTo("ASSIGNED");
			recorded.path("recordTravel.controlMeasure.plannedReleaseOn")
				.entity(String.class)
				.isEqualTo(centreDate(arrival).plusDays(14).toString());
			recorded.path("recordTravel.person.healthCode").entity(String.class).isEqualTo("RED");
			recorded.path("recordTravel.person.healthCodeHistory[0].colour").entity(String.class).isEqualTo("RED");
			String measure = recorded.path("recordTravel.controlMeasure.id").entity(String.class).get();
			long travelRow = rawId(recorded.path("recordTravel.travel.id").entity(String.class).get());
			assertThat(published).filteredOn((event) -> event.personId() == personRow)
				.containsExactly(new ReturneeArrived(personRow, travelRow, RiskLevel.HIGH, 1));

			// 接转: transfer, then 入住: check in to a room
			assertThat(succeed("startTransfer", Map.of("id", measure, "expectedVersion", 0), "controlMeasure.status",
					String.class))
				.isEqualTo("TRANSFERRING");
			var checkedIn = mutate("checkIn",
					Map.of("id", measure, "expectedVersion", 1, "site", siteId(hotel), "room", "301"));
			checkedIn.path("checkIn.controlMeasure.status").entity(String.class).isEqualTo("CHECKED_IN");
			checkedIn.path("checkIn.controlMeasure.room").entity(String.class).isEqualTo("301");
			checkedIn.path("checkIn.controlMeasure.site.id").entity(String.class).isEqualTo(siteId(hotel));
			checkedIn.path("checkIn.controlMeasure.version").entity(Integer.class).isEqualTo(2);

			// 解除 refused: no negative tests yet
			List<String> messages = refused("releaseFromQuarantine", Map.of("id", measure, "expectedVersion", 2),
					"RULE_VIOLATED", personRow);
			assertThat(messages)
				.anySatisfy((m) -> assertThat(m).contains("2 negative PCR results").contains("0 found"));

			// two negative PCR results in the last days, then release
			this.fixtures.sample(personRow, chain[4], "PCR", "NEGATIVE", NOW.minusDays(2));
			this.fixtures.sample(personRow, chain[4], "PCR", "NEGATIVE", NOW.minusDays(1));
			var released = mutate("releaseFromQuarantine", Map.of("id", measure, "expectedVersion", 2));
			released.path("releaseFromQuarantine.errors").entityList(Object.class).hasSize(0);
			released.path("releaseFromQuarantine.controlMeasure.status").entity(String.class).isEqualTo("RELEASED");
			released.path("releaseFromQuarantine.controlMeasure.releasedAt").hasValue();
			released.path("releaseFromQuarantine.controlMeasure.person.healthCode")
				.entity(String.class)
				.isEqualTo("GREEN");
			this.graphQl.documentName("person")
				.variable("id", person)
				.execute()
				.path("person.healthCodeHistory[*].colour")
				.entityList(String.class)
				.containsExactly("GREEN", "RED")
				.path("person.controlMeasures[0].status")
				.entity(String.class)
				.isEqualTo("RELEASED")
				.path("person.travels[0].originRiskLevel")
				.entity(String.class)
				.isEqualTo("HIGH");
			assertThat(this.db.select(CONTROL_MEASURE.CREATED_BY, CONTROL_MEASURE.UPDATED_BY)
				.from(CONTROL_MEASURE)
				.where(CONTROL_MEASURE.ID.eq(rawId(measure)))
				.fetchOne()
				.intoArray()).containsExactly("anonymous", "anonymous");
		}
		finally {
			this.context.removeApplicationListener(listener);
		}
	}

	private long assigned(Ref residence, String kind) {
		long person = this.people.person(residence, "隔离者", "GREEN");
		String id = succeed("assignControlMeasure",
				Map.of("person", personId(person), "kind", kind, "reason", "CLOSE_CONTACT"), "controlMeasure.id",
				String.class);
		return rawId(id);
	}

	private long personOf(long measure) {
		return this.db.select(CONTROL_MEASURE.PERSON_ID)
			.from(CONTROL_MEASURE)
			.where(CONTROL_MEASURE.ID.eq(measure))
			.fetchOne(CONTROL_MEASURE.PERSON_ID);
	}

	@Test
	void assignmentDefaultsThePlannedReleaseFromThePolicyAndRefusesASecondActiveMeasure() {
		Ref[] chain = this.data.chain("派");
		long hospital = this.fixtures.site(chain[2], "HOSPITAL", 10);
		long person = this.people.person(chain[4], "派一", "GREEN");
		var assigned = mutate("assignControlMeasure",
				Map.of("person", personId(person), "kind", "HOME_QUARANTINE", "reason", "SECONDARY_CONTACT"));
		assigned.path("assignControlMeasure.controlMeasure.plannedReleaseOn")
			.entity(String.class)
			.isEqualTo(today().plusDays(7).toString());
		assigned.path("assignControlMeasure.controlMeasure.status").entity(String.class).isEqualTo("ASSIGNED");
		List<String> messages = refused("assignControlMeasure",
				Map.of("person", personId(person), "kind", "CENTRALIZED_QUARANTINE", "reason", "CLOSE_CONTACT"),
				"DUPLICATE", person);
		assertThat(messages)
			.containsExactly("the person is already under an active control measure; release or cancel it first");

		long other = this.people.person(chain[4], "派二", "GREEN");
		// centralized quarantine is not served by a hospital; a measure at home has no
		// site
		refused("assignControlMeasure", Map.of("person", personId(other), "kind", "CENTRALIZED_QUARANTINE", "reason",
				"CLOSE_CONTACT", "site", siteId(hospital)), "RULE_VIOLATED", other);
		refused("assignControlMeasure", Map.of("person", personId(other), "kind", "HOME_QUARANTINE", "reason",
				"CLOSE_CONTACT", "site", siteId(hospital)), "INVALID_VALUE", other);
		refused("assignControlMeasure", Map.of("person", personId(other), "kind", "HOME_QUARANTINE", "reason",
				"CLOSE_CONTACT", "plannedReleaseOn", today().minusDays(1).toString()), "INVALID_VALUE", other);
		refused("assignControlMeasure",
				Map.of("person", personId(999_999_999), "kind", "HOME_QUARANTINE", "reason", "CLOSE_CONTACT"),
				"NOT_FOUND", other);
		var isolated = mutate("assignControlMeasure",
				Map.of("person", personId(other), "kind", "HOSPITAL_ISOLATION", "reason", "CONFIRMED_CASE", "site",
						siteId(hospital), "plannedReleaseOn", today().plusDays(20).toString()));
		isolated.path("assignControlMeasure.controlMeasure.site.id").entity(String.class).isEqualTo(siteId(hospital));
		isolated.path("assignControlMeasure.controlMeasure.plannedReleaseOn")
			.entity(String.class)
			.isEqualTo(today().plusDays(20).toString());
	}

	@Test
	void everyIllegalTransitionIsRefusedAndChangesNothing() {
		Ref[] chain = this.data.chain("非");
		long hotel = this.fixtures.site(chain[2], "QUARANTINE_HOTEL", 10);
		long measure = assigned(chain[4], "CENTRALIZED_QUARANTINE");
		long person = personOf(measure);
		String id = measureId(measure);
		// ASSIGNED: cannot be released
		refused("releaseFromQuarantine", Map.of("id", id, "expectedVersion", 0), "ILLEGAL_TRANSITION", person);
		succeed("startTransfer", Map.of("id", id, "expectedVersion", 0), "controlMeasure.status", String.class);
		// TRANSFERRING: cannot start again, cannot be released
		refused("startTransfer", Map.of("id", id, "expectedVersion", 1), "ILLEGAL_TRANSITION", person);
		refused("releaseFromQuarantine", Map.of("id", id, "expectedVersion", 1), "ILLEGAL_TRANSITION", person);
		// a stale version is a CONFLICT, an unknown measure NOT_FOUND
		refused("checkIn", Map.of("id", id, "expectedVersion", 0, "site", siteId(hotel), "room", "1"), "CONFLICT",
				person);
		refused("startTransfer", Map.of("id", measureId(999_999_999), "expectedVersion", 0), "NOT_FOUND", person);
		succeed("checkIn", Map.of("id", id, "expectedVersion", 1, "site", siteId(hotel), "room", "1"),
				"controlMeasure.status", String.class);
		// CHECKED_IN: no transfer, no second check-in
		refused("startTransfer", Map.of("id", id, "expectedVersion", 2), "ILLEGAL_TRANSITION", person);
		refused("checkIn", Map.of("id", id, "expectedVersion", 2, "site", siteId(hotel), "room", "2"),
				"ILLEGAL_TRANSITION", person);
		refused("cancelControlMeasure", Map.of("id", id, "expectedVersion", 2, "reason", " "), "INVALID_VALUE", person);
		var cancelled = mutate("cancelControlMeasure",
				Map.of("id", id, "expectedVersion", 2, "reason", "transferred to hospital"));
		cancelled.path("cancelControlMeasure.controlMeasure.status").entity(String.class).isEqualTo("CANCELLED");
		cancelled.path("cancelControlMeasure.controlMeasure.cancelReason")
			.entity(String.class)
			.isEqualTo("transferred to hospital");
		// CANCELLED: final
		for (String mutation : List.of("startTransfer", "releaseFromQuarantine")) {
			refused(mutation, Map.of("id", id, "expectedVersion", 3), "ILLEGAL_TRANSITION", person);
		}
		refused("checkIn", Map.of("id", id, "expectedVersion", 3, "site", siteId(hotel), "room", "3"),
				"ILLEGAL_TRANSITION", person);
		refused("cancelControlMeasure", Map.of("id", id, "expectedVersion", 3, "reason", "again"), "ILLEGAL_TRANSITION",
				person);

		// measures at home: no transfer, no check-in; RELEASED is final
		long home = assigned(chain[4], "HOME_HEALTH_MONITORING");
		long homePerson = personOf(home);
		refused("startTransfer", Map.of("id", measureId(home), "expectedVersion", 0), "ILLEGAL_TRANSITION", homePerson);
		refused("checkIn", Map.of("id", measureId(home), "expectedVersion", 0, "site", siteId(hotel), "room", "9"),
				"ILLEGAL_TRANSITION", homePerson);
		this.db.update(CONTROL_MEASURE)
			.set(CONTROL_MEASURE.PLANNED_RELEASE_ON, today())
			.where(CONTROL_MEASURE.ID.eq(home))
			.execute();
		// home health monitoring needs no test (policy: 0)
		succeed("releaseFromQuarantine", Map.of("id", measureId(home), "expectedVersion", 0), "controlMeasure.status",
				String.class);
		refused("releaseFromQuarantine", Map.of("id", measureId(home), "expectedVersion", 1), "ILLEGAL_TRANSITION",
				homePerson);
		refused("cancelControlMeasure", Map.of("id", measureId(home), "expectedVersion", 1, "reason", "x"),
				"ILLEGAL_TRANSITION", homePerson);
	}

	@Test
	void checkInRespectsSiteTypeCapacityAndRooms() {
		Ref[] chain = this.data.chain("满");
		long full = this.fixtures.site(chain[2], "QUARANTINE_HOTEL", 1);
		long hotel = this.fixtures.site(chain[2], "QUARANTINE_HOTEL", 3);
		long hospital = this.fixtures.site(chain[2], "HOSPITAL", 5);
		long noRooms = this.fixtures.site(chain[2], "QUARANTINE_HOTEL", null);
		long occupant = this.people.person(chain[4], "住客", "RED");
		this.fixtures.checkedIn(occupant, "CENTRALIZED_QUARANTINE", full, "101", NOW.minusDays(2),
				today().plusDays(12));
		long neighbour = this.people.person(chain[4], "邻居", "RED");
		this.fixtures.checkedIn(neighbour, "CENTRALIZED_QUARANTINE", hotel, "101", NOW.minusDays(2),
				today().plusDays(12));
		long measure = assigned(chain[4], "CENTRALIZED_QUARANTINE");
		long person = personOf(measure);
		String id = measureId(measure);

		List<String> messages = refused("checkIn",
				Map.of("id", id, "expectedVersion", 0, "site", siteId(full), "room", "102"), "CAPACITY_EXCEEDED",
				person, occupant);
		assertThat(messages).containsExactly("the site is full: all 1 rooms are taken");
		assertThat(refused("checkIn", Map.of("id", id, "expectedVersion", 0, "site", siteId(hotel), "room", "101"),
				"DUPLICATE", person, neighbour))
			.containsExactly("the room is occupied");
		refused("checkIn", Map.of("id", id, "expectedVersion", 0, "site", siteId(hospital), "room", "1"),
				"RULE_VIOLATED", person);
		refused("checkIn", Map.of("id", id, "expectedVersion", 0, "site", siteId(noRooms), "room", "1"),
				"RULE_VIOLATED", person);
		refused("checkIn", Map.of("id", id, "expectedVersion", 0, "room", "1"), "INVALID_VALUE", person);
		refused("checkIn", Map.of("id", id, "expectedVersion", 0, "site", siteId(hotel)), "INVALID_VALUE", person);
		// the neighbour's room is free again once they are released
		this.db.update(CONTROL_MEASURE)
			.set(CONTROL_MEASURE.STATUS, "RELEASED")
			.set(CONTROL_MEASURE.RELEASED_AT, NOW)
			.where(CONTROL_MEASURE.PERSON_ID.eq(neighbour))
			.execute();
		assertThat(succeed("checkIn", Map.of("id", id, "expectedVersion", 0, "site", siteId(hotel), "room", "101"),
				"controlMeasure.room", String.class))
			.isEqualTo("101");
		// hospital isolation checks in at a hospital
		long isolation = assigned(chain[4], "HOSPITAL_ISOLATION");
		assertThat(succeed("checkIn",
				Map.of("id", measureId(isolation), "expectedVersion", 0, "site", siteId(hospital), "room", "ICU-2"),
				"controlMeasure.status", String.class))
			.isEqualTo("CHECKED_IN");
	}

	@Test
	void concurrentCheckInsIntoTheLastRoomLetExactlyOneIn() throws Exception {
		Ref[] chain = this.data.chain("抢");
		for (int round = 0; round < 3; round++) {
			long hotel = this.fixtures.site(chain[2], "QUARANTINE_HOTEL", 2);
			long occupant = this.people.person(chain[4], "先到", "RED");
			this.fixtures.checkedIn(occupant, "CENTRALIZED_QUARANTINE", hotel, "A", NOW.minusDays(1),
					today().plusDays(13));
			List<Long> measures = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				measures.add(assigned(chain[4], "CENTRALIZED_QUARANTINE"));
			}
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(measures.size());
			try {
				List<Future<List<String>>> results = new ArrayList<>();
				for (int i = 0; i < measures.size(); i++) {
					Map<String, Object> input = Map.of("id", measureId(measures.get(i)), "expectedVersion", 0, "site",
							siteId(hotel), "room", "B" + i);
					results.add(pool.submit(() -> {
						start.await();
						return mutate("checkIn", input).path("checkIn.errors[*].code").entityList(String.class).get();
					}));
				}
				start.countDown();
				List<List<String>> outcomes = new ArrayList<>();
				for (Future<List<String>> result : results) {
					outcomes.add(result.get(60, TimeUnit.SECONDS));
				}
				assertThat(outcomes).filteredOn(List::isEmpty).hasSize(1);
				assertThat(outcomes).filteredOn((codes) -> !codes.isEmpty())
					.hasSize(3)
					.allSatisfy((codes) -> assertThat(codes).containsExactly("CAPACITY_EXCEEDED"));
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(this.db.fetchCount(CONTROL_MEASURE, CONTROL_MEASURE.SITE_ID.eq(hotel),
					CONTROL_MEASURE.STATUS.eq("CHECKED_IN")))
				.isEqualTo(2);
		}
	}

	@Test
	void releaseWaitsForThePlannedDateAndIsRefusedAfterAPositiveResult() {
		Ref[] chain = this.data.chain("释");
		long hotel = this.fixtures.site(chain[2], "QUARANTINE_HOTEL", 10);
		// planned release tomorrow, negative tests present: too early
		long early = this.people.person(chain[4], "早", "RED");
		long earlyMeasure = this.fixtures.checkedIn(early, "CENTRALIZED_QUARANTINE", hotel, "1", NOW.minusDays(13),
				today().plusDays(1));
		this.fixtures.sample(early, chain[4], "PCR", "NEGATIVE", NOW.minusDays(2));
		this.fixtures.sample(early, chain[4], "PCR", "NEGATIVE", NOW.minusDays(1));
		assertThat(refused("releaseFromQuarantine", Map.of("id", measureId(earlyMeasure), "expectedVersion", 0),
				"RULE_VIOLATED", early))
			.containsExactly("the planned release date " + today().plusDays(1) + " has not come");

		// due, two negatives, but a positive result since assignment
		long positive = this.people.person(chain[4], "阳", "RED");
		long positiveMeasure = this.fixtures.checkedIn(positive, "CENTRALIZED_QUARANTINE", hotel, "2",
				NOW.minusDays(14), today());
		this.fixtures.sample(positive, chain[4], "PCR", "POSITIVE", NOW.minusDays(10));
		this.fixtures.sample(positive, chain[4], "PCR", "NEGATIVE", NOW.minusDays(2));
		this.fixtures.sample(positive, chain[4], "PCR", "NEGATIVE", NOW.minusDays(1));
		assertThat(refused("releaseFromQuarantine", Map.of("id", measureId(positiveMeasure), "expectedVersion", 0),
				"RULE_VIOLATED", positive))
			.containsExactly("the person has had a positive result since the measure was assigned");

		// due, but the negatives are too old, or antigen tests, or still one short
		long stale = this.people.person(chain[4], "旧", "RED");
		long staleMeasure = this.fixtures.checkedIn(stale, "CENTRALIZED_QUARANTINE", hotel, "3", NOW.minusDays(14),
				today());
		this.fixtures.sample(stale, chain[4], "PCR", "NEGATIVE", NOW.minusDays(6));
		this.fixtures.sample(stale, chain[4], "ANTIGEN", "NEGATIVE", NOW.minusDays(1));
		this.fixtures.sample(stale, chain[4], "PCR", "NEGATIVE", NOW.minusDays(1));
		assertThat(refused("releaseFromQuarantine", Map.of("id", measureId(staleMeasure), "expectedVersion", 0),
				"RULE_VIOLATED", stale))
			.containsExactly("release needs 2 negative PCR results collected in the last 3 days; 1 found");
		this.fixtures.sample(stale, chain[4], "PCR", "NEGATIVE", NOW.minusHours(5));
		var released = mutate("releaseFromQuarantine", Map.of("id", measureId(staleMeasure), "expectedVersion", 0));
		released.path("releaseFromQuarantine.controlMeasure.status").entity(String.class).isEqualTo("RELEASED");
		released.path("releaseFromQuarantine.controlMeasure.room").entity(String.class).isEqualTo("3");
	}

	@Test
	void homeQuarantineRunsFromAssignmentAndNeedsOneNegativeTest() {
		Ref[] chain = this.data.chain("家");
		long measure = assigned(chain[4], "HOME_QUARANTINE");
		long person = personOf(measure);
		this.fixtures.assignedAt(measure, NOW.minusDays(8));
		this.db.update(CONTROL_MEASURE)
			.set(CONTROL_MEASURE.PLANNED_RELEASE_ON, today().minusDays(1))
			.where(CONTROL_MEASURE.ID.eq(measure))
			.execute();
		assertThat(refused("releaseFromQuarantine", Map.of("id", measureId(measure), "expectedVersion", 0),
				"RULE_VIOLATED", person))
			.containsExactly("release needs 1 negative PCR results collected in the last 3 days; 0 found");
		this.fixtures.sample(person, chain[4], "PCR", "NEGATIVE", NOW.minusDays(1));
		var released = mutate("releaseFromQuarantine", Map.of("id", measureId(measure), "expectedVersion", 0));
		released.path("releaseFromQuarantine.controlMeasure.status").entity(String.class).isEqualTo("RELEASED");
		OffsetDateTime assignedAt = instant(
				released.path("releaseFromQuarantine.controlMeasure.assignedAt").entity(String.class).get());
		OffsetDateTime checkedInAt = instant(
				released.path("releaseFromQuarantine.controlMeasure.checkedInAt").entity(String.class).get());
		assertThat(checkedInAt).isEqualTo(assignedAt);
		// the health code was GREEN all along: no history entry
		this.graphQl.documentName("person")
			.variable("id", personId(person))
			.execute()
			.path("person.healthCodeHistory")
			.entityList(Object.class)
			.hasSize(0);
	}

	/** 09:00 at the centre, {@code daysAgo} days ago. */
	private static OffsetDateTime morning(int daysAgo) {
		return today().minusDays(daysAgo).atTime(9, 0).atZone(CENTRE).toOffsetDateTime();
	}

	@Test
	void dailyHealthChecksFlagFeverAndSymptomsOncePerDay() {
		Ref[] chain = this.data.chain("检");
		long hotel = this.fixtures.site(chain[2], "QUARANTINE_HOTEL", 10);
		long person = this.people.person(chain[4], "测温", "RED");
		long measure = this.fixtures.checkedIn(person, "CENTRALIZED_QUARANTINE", hotel, "8", NOW.minusDays(5),
				today().plusDays(9));
		var normal = this.graphQl.mutate()
			.header("X-Epigrid-User", "nurse.wang")
			.build()
			.documentName("recordHealthCheck")
			.variable("input",
					Map.of("measure", measureId(measure), "checkedAt", morning(3).toString(), "temperature", 36.6))
			.execute();
		normal.path("recordHealthCheck.needsAttention").entity(Boolean.class).isEqualTo(false);
		normal.path("recordHealthCheck.healthCheck.checkedOn")
			.entity(String.class)
			.isEqualTo(today().minusDays(3).toString());
		normal.path("recordHealthCheck.healthCheck.checkedBy").entity(String.class).isEqualTo("nurse.wang");
		var fever = mutate("recordHealthCheck",
				Map.of("measure", measureId(measure), "checkedAt", morning(2).toString(), "temperature", 37.3));
		fever.path("recordHealthCheck.needsAttention").entity(Boolean.class).isEqualTo(true);
		fever.path("recordHealthCheck.healthCheck.needsAttention").entity(Boolean.class).isEqualTo(true);
		var cough = mutate("recordHealthCheck", Map.of("measure", measureId(measure), "checkedAt",
				morning(1).toString(), "temperature", 36.8, "symptoms", List.of("COUGH", "SORE_THROAT")));
		cough.path("recordHealthCheck.needsAttention").entity(Boolean.class).isEqualTo(true);
		cough.path("recordHealthCheck.healthCheck.symptoms")
			.entityList(String.class)
			.containsExactly("COUGH", "SORE_THROAT");

		// the same day again, an implausible temperature, a time in the future or before
		// the measure
		refused("recordHealthCheck", Map.of("measure", measureId(measure), "checkedAt",
				morning(1).plusHours(8).toString(), "temperature", 36.5), "DUPLICATE", person);
		refused("recordHealthCheck", Map.of("measure", measureId(measure), "temperature", 44.0), "INVALID_VALUE",
				person);
		refused("recordHealthCheck",
				Map.of("measure", measureId(measure), "checkedAt", NOW.plusHours(2).toString(), "temperature", 36.5),
				"INVALID_VALUE", person);
		refused("recordHealthCheck",
				Map.of("measure", measureId(measure), "checkedAt", NOW.minusDays(6).toString(), "temperature", 36.5),
				"INVALID_VALUE", person);

		// not while the measure is not running: assigned to a site but not yet checked in
		long waiting = assigned(chain[4], "CENTRALIZED_QUARANTINE");
		refused("recordHealthCheck", Map.of("measure", measureId(waiting), "temperature", 36.5), "RULE_VIOLATED",
				personOf(waiting));
		// a measure at home runs from assignment
		long home = assigned(chain[4], "HOME_HEALTH_MONITORING");
		assertThat(succeed("recordHealthCheck", Map.of("measure", measureId(home), "temperature", 36.4),
				"needsAttention", Boolean.class))
			.isFalse();
		this.graphQl.documentName("person")
			.variable("id", personId(person))
			.execute()
			.path("person.controlMeasures[0].healthChecks[*].temperature")
			.entityList(Double.class)
			.containsExactly(36.8, 37.3, 36.6);
	}

}
