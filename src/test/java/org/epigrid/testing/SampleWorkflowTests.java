package org.epigrid.testing;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.transaction.support.TransactionTemplate;

import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.Policy;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.POOL;
import static org.epigrid.jooq.Tables.SAMPLE;
import static org.epigrid.jooq.Tables.TEST_TASK;
import static org.epigrid.testing.SampleFixtures.barcode;

/**
 * The testing workflow through GraphQL: collection (individual and pooled), receipt,
 * results, re-test tasks; every refusal leaves the database as it was.
 */
class SampleWorkflowTests extends IntegrationTest {

	private final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final ApplicationListener<PayloadApplicationEvent<?>> listener = (event) -> this.events
		.add(event.getPayload());

	@Autowired
	private ConfigurableApplicationContext context;

	@Autowired
	private Policy policy;

	@Autowired
	private TestTasks testTasks;

	@Autowired
	private TransactionTemplate transactions;

	@BeforeEach
	void listen() {
		this.context.addApplicationListener(this.listener);
	}

	@AfterEach
	void stopListening() {
		this.context.removeApplicationListener(this.listener);
	}

	// the issue's scenario

	@Test
	void aPositivePoolSendsEveryMemberToAnIndividualRetestAndAPositiveRetestRaisesACaseCandidate() {
		LabWorld w = new LabWorld(this.data, "混阳", 11);
		String pool = barcode("P");
		List<String> pooled = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			String sample = barcode("S");
			pooled.add(sample);
			Map<String, Object> input = w.sample(sample, i, "MASS_TESTING");
			input.put("pool", LabWorld.pool(pool, 10));
			input.put("collectedAt", at(-180 + i).toString());
			GraphQlTester.Response response = collect(input);
			response.path("collectSample.errors")
				.entityList(Object.class)
				.hasSize(0)
				.path("collectSample.sample.place.code")
				.entity(String.class)
				.isEqualTo(w.area[4].code())
				.path("collectSample.sample.pool.size")
				.entity(Integer.class)
				.isEqualTo(10);
			if (i < 9) {
				response.path("collectSample.sample.pool.closedAt").valueIsNull();
			}
			else {
				// the tenth sample fills the pool, which closes by itself
				response.path("collectSample.sample.pool.closedAt")
					.entity(OffsetDateTime.class)
					.satisfies((closedAt) -> assertThat(closedAt).isEqualTo(at(-171)));
			}
		}
		assertThat(this.db.fetchValue(POOL.OPENED_AT, POOL.BARCODE.eq(pool))).isEqualTo(at(-180));

		// an eleventh person cannot join the full pool, and nothing changes
		Map<String, Object> before = LabWorld.snapshot(this.db);
		Map<String, Object> eleventh = w.sample(barcode("S"), 10, "MASS_TESTING");
		eleventh.put("pool", LabWorld.pool(pool, null));
		collect(eleventh).path("collectSample.sample")
			.valueIsNull()
			.path("collectSample.errors[*].code")
			.entityList(String.class)
			.containsExactly("CAPACITY_EXCEEDED")
			.path("collectSample.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.pool.barcode");
		assertThat(LabWorld.snapshot(this.db)).isEqualTo(before);

		// the laboratory receives the pool; its members come with it
		receive(List.of(pool), w, at(-120)).path("receiveSamples.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("receiveSamples.pools[0].receivedAt")
			.entity(OffsetDateTime.class)
			.isEqualTo(at(-120))
			.path("receiveSamples.pools[0].samples[*].receivedAt")
			.entityList(OffsetDateTime.class)
			.hasSize(10)
			.satisfies((times) -> assertThat(times).containsOnly(at(-120)));

		// the pool is positive: the members stay without result, and not overdue
		OffsetDateTime resultedAt = at(-60);
		reportResult(pool, "POSITIVE", null, resultedAt).path("reportResult.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("reportResult.pool.result")
			.entity(String.class)
			.isEqualTo("POSITIVE")
			.path("reportResult.pool.samples[*].overdue")
			.entityList(Boolean.class)
			.containsExactly(false, false, false, false, false, false, false, false, false, false);

		assertThat(LabWorld.count(this.db, "SELECT count(*) FROM sample s JOIN pool p ON p.id = s.pool_id "
				+ "WHERE p.barcode = ? AND s.result IS NULL", pool))
			.isEqualTo(10);

		// ten open re-test tasks, one per member, due within the RETEST deadline
		Duration retestWithin = this.policy.testing().resultDeadline("RETEST");
		Map<String, Object> openRetests = Map.of("area", w.area[0].globalId(), "statuses", List.of("OPEN"),
				"sourceKinds", List.of("POOL_RETEST"));
		this.graphQl.documentName("testTasks")
			.variable("filter", openRetests)
			.execute()
			.path("testTasks.totalCount")
			.entity(Integer.class)
			.isEqualTo(10)
			.path("testTasks.nodes[*].purpose")
			.entityList(String.class)
			.satisfies((purposes) -> assertThat(purposes).containsOnly("RETEST"))
			.path("testTasks.nodes[*].dueAt")
			.entityList(OffsetDateTime.class)
			.satisfies((dues) -> assertThat(dues).containsOnly(resultedAt.plus(retestWithin)))
			.path("testTasks.nodes[*].reason")
			.entityList(String.class)
			.satisfies((reasons) -> assertThat(reasons).containsOnly("pool " + pool + " POSITIVE"))
			.path("testTasks.nodes[*].person.id")
			.entityList(String.class)
			.satisfies((people) -> assertThat(people).containsExactlyInAnyOrderElementsOf(
					w.people.subList(0, 10).stream().map((id) -> GlobalId.encode("Person", id)).toList()));

		// re-test samples complete the tasks and say which sample they re-test
		List<String> retests = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			String retest = barcode("R");
			retests.add(retest);
			Map<String, Object> input = w.sample(retest, i, "RETEST");
			input.put("collectedAt", at(-30).toString());
			collect(input).path("collectSample.errors")
				.entityList(Object.class)
				.hasSize(0)
				.path("collectSample.sample.retestOf.barcode")
				.entity(String.class)
				.isEqualTo(pooled.get(i));
		}
		this.graphQl.documentName("testTasks")
			.variable("filter", openRetests)
			.execute()
			.path("testTasks.totalCount")
			.entity(Integer.class)
			.isEqualTo(0);
		this.graphQl.documentName("personTestTasks")
			.variable("id", w.person(3))
			.execute()
			.path("person.testTasks[0].status")
			.entity(String.class)
			.isEqualTo("DONE")
			.path("person.testTasks[0].sample.barcode")
			.entity(String.class)
			.isEqualTo(retests.get(3));

		// the laboratory receives the re-tests; one of them is positive
		receive(retests, w, at(-20)).path("receiveSamples.samples").entityList(Object.class).hasSize(10);
		List<Map<String, Object>> results = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Map<String, Object> result = new HashMap<>(Map.of("barcode", retests.get(i), "result",
					(i == 6) ? "POSITIVE" : "NEGATIVE", "resultedAt", at(-10).toString()));
			if (i == 6) {
				result.put("ctValue", 24.5);
			}
			results.add(result);
		}
		reportResults(results).path("reportResults.applied")
			.entity(Integer.class)
			.isEqualTo(10)
			.path("reportResults.rejected")
			.entity(Integer.class)
			.isEqualTo(0);
		long positiveSample = this.db.fetchValue(SAMPLE.ID, SAMPLE.BARCODE.eq(retests.get(6)));
		assertThat(positives(w)).containsExactly(new PositiveResult(positiveSample, w.people.get(6), at(-10)));
		// ... which raised a suspected case of that person, from that sample, with its
		// deadlines
		assertThat(this.db.fetch(
				"SELECT person_id, classification, source_sample_id FROM case_report WHERE person_id = ANY(?)",
				(Object) w.people.toArray(Long[]::new)))
			.singleElement()
			.satisfies((c) -> {
				assertThat(c.get(0, Long.class)).isEqualTo(w.people.get(6));
				assertThat(c.get(1, String.class)).isEqualTo("SUSPECTED");
				assertThat(c.get(2, Long.class)).isEqualTo(positiveSample);
			});
	}

	@Test
	void aNegativePoolGivesEveryMemberItsResult() {
		LabWorld w = new LabWorld(this.data, "混阴", 5);
		String pool = pooledSamples(w, 5, 5);
		receive(List.of(pool), w, at(-100));
		reportResult(pool, "NEGATIVE", null, at(-50)).path("reportResult.pool.samples[*].result")
			.entityList(String.class)
			.containsExactly("NEGATIVE", "NEGATIVE", "NEGATIVE", "NEGATIVE", "NEGATIVE")
			.path("reportResult.pool.samples[*].resultedAt")
			.entityList(OffsetDateTime.class)
			.satisfies((times) -> assertThat(times).containsOnly(at(-50)));
		assertThat(LabWorld.count(this.db, "SELECT count(*) FROM test_task t JOIN person p ON p.id = t.person_id "
				+ "WHERE p.residence_place_id = ?", w.area[4].id()))
			.isZero();
		assertThat(positives(w)).isEmpty();
	}

	@Test
	void invalidResultsAlsoSendPeopleToARetest() {
		LabWorld w = new LabWorld(this.data, "无效", 6);
		String pool = pooledSamples(w, 5, 5);
		String single = barcode("S");
		collect(merged(w.sample(single, 5, "KEY_GROUP"), Map.of("collectedAt", at(-10).toString())))
			.path("collectSample.errors")
			.entityList(Object.class)
			.hasSize(0);
		receive(List.of(pool, single), w, at(-5)).path("receiveSamples.errors").entityList(Object.class).hasSize(0);
		reportResults(List.of(Map.of("barcode", pool, "result", "INVALID", "resultedAt", at(-1).toString()),
				Map.of("barcode", single, "result", "INVALID", "resultedAt", at(-1).toString())))
			.path("reportResults.applied")
			.entity(Integer.class)
			.isEqualTo(2);
		this.graphQl.documentName("testTasks")
			.variable("filter", Map.of("area", w.area[3].globalId(), "statuses", List.of("OPEN")))
			.execute()
			.path("testTasks.nodes[*].sourceKind")
			.entityList(String.class)
			.satisfies((kinds) -> assertThat(kinds).containsExactlyInAnyOrder("POOL_RETEST", "POOL_RETEST",
					"POOL_RETEST", "POOL_RETEST", "POOL_RETEST", "INVALID_RESULT"));
		assertThat(positives(w)).isEmpty();
	}

	@Test
	void aSampleGetsTheDeadlineOfItsPurposeAndCountsForTheResidence() {
		LabWorld w = new LabWorld(this.data, "期限", 2);
		String keyGroup = barcode("S");
		Map<String, Object> input = w.sample(keyGroup, 0, "KEY_GROUP");
		input.put("collectedAt", at(-10).toString());
		collect(input).path("collectSample.sample.dueAt")
			.entity(OffsetDateTime.class)
			.isEqualTo(at(-10).plus(this.policy.testing().resultDeadline("KEY_GROUP")))
			.path("collectSample.sample.place.code")
			.entity(String.class)
			.isEqualTo(w.area[4].code());
		Map<String, Object> routine = w.sample(barcode("S"), 1, "ROUTINE");
		routine.remove("lab");
		routine.remove("collectionSite");
		routine.put("kind", "ANTIGEN");
		routine.put("specimen", "NASAL_SWAB");
		collect(routine).path("collectSample.sample.lab")
			.valueIsNull()
			.path("collectSample.sample.collectedAt")
			.entity(OffsetDateTime.class)
			.satisfies((collectedAt) -> assertThat(collectedAt).isCloseTo(OffsetDateTime.now(),
					org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES)));
		assertThat(this.db.fetchValue(SAMPLE.CREATED_BY, SAMPLE.BARCODE.eq(keyGroup))).isEqualTo("anonymous");
	}

	@Test
	void collectingTheSameSampleTwiceChangesNothing() {
		LabWorld w = new LabWorld(this.data, "重采", 1);
		String sample = barcode("S");
		String pool = barcode("P");
		Map<String, Object> input = w.sample(sample, 0, "MASS_TESTING");
		input.put("collectedAt", at(-5).toString());
		input.put("pool", LabWorld.pool(pool, 5));
		String id = collect(input).path("collectSample.sample.id").entity(String.class).get();
		Map<String, Object> before = LabWorld.snapshot(this.db);
		collect(input).path("collectSample.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("collectSample.sample.id")
			.entity(String.class)
			.isEqualTo(id);
		assertThat(LabWorld.snapshot(this.db)).isEqualTo(before);
	}

	@Test
	void collectionRefusalsChangeNothing() {
		LabWorld w = new LabWorld(this.data, "拒采", 3);
		long homeless = this.data.person(w.area[4], "无住址");
		this.db.execute("UPDATE person SET residence_place_id = NULL WHERE id = ?", homeless);
		String existing = barcode("S");
		collect(w.sample(existing, 0, "ROUTINE"));
		String closedPool = pooledSamples(w, 1, 5);
		this.graphQl.documentName("closePool")
			.variable("input", Map.of("barcode", closedPool))
			.execute()
			.path("closePool.pool.closedAt")
			.hasValue();
		Ref elsewhere = this.data.chain("别处")[1];
		long otherCampaign = new SampleFixtures(this.db).campaign(elsewhere, "别处全员", LocalDate.now().minusDays(1),
				LocalDate.now());
		long pastCampaign = new SampleFixtures(this.db).campaign(w.area[1], "往期全员", LocalDate.now().minusDays(20),
				LocalDate.now().minusDays(10));
		Map<String, Object> before = LabWorld.snapshot(this.db);

		refused(w.sample(barcode("S"), 0, "ROUTINE"), Map.of("person", GlobalId.encode("Person", 999_999_999)),
				"NOT_FOUND", "input.person");
		refused(w.sample(barcode("S"), 0, "ROUTINE"), Map.of("person", GlobalId.encode("Person", homeless)),
				"RULE_VIOLATED", "input.person");
		refused(w.sample(barcode("S"), 0, "ROUTINE"), Map.of("collectedAt", now.plusHours(1).toString()),
				"INVALID_VALUE", "input.collectedAt");
		refused(w.sample("bad code", 0, "ROUTINE"), Map.of(), "INVALID_VALUE", "input.barcode");
		refused(w.sample(existing, 1, "ROUTINE"), Map.of(), "DUPLICATE", "input.barcode");
		refused(w.sample(closedPool, 1, "ROUTINE"), Map.of(), "DUPLICATE", "input.barcode");
		refused(w.sample(barcode("S"), 0, "ROUTINE"), Map.of("lab", w.siteId()), "INVALID_VALUE", "input.lab");
		refused(w.sample(barcode("S"), 0, "ROUTINE"), Map.of("lab", GlobalId.encode("Site", 999_999_999)), "NOT_FOUND",
				"input.lab");
		refused(w.sample(barcode("S"), 0, "ROUTINE"), Map.of("specimen", "ENVIRONMENTAL_SWAB"), "INVALID_VALUE",
				"input.specimen");
		refused(w.sample(barcode("S"), 0, "COLD_CHAIN"), Map.of(), "INVALID_VALUE", "input.purpose");
		refused(w.sample(barcode("S"), 0, "ROUTINE"), Map.of("pool", LabWorld.pool(barcode("P"), 7)), "INVALID_VALUE",
				"input.pool.size");
		refused(w.sample(barcode("S"), 0, "ROUTINE"), Map.of("kind", "ANTIGEN", "pool", LabWorld.pool(barcode("P"), 5)),
				"INVALID_VALUE", "input.pool.barcode");
		refused(w.sample(barcode("S"), 0, "ROUTINE"), Map.of("pool", LabWorld.pool(existing, 5)), "DUPLICATE",
				"input.pool.barcode");
		refused(w.sample(barcode("S"), 1, "ROUTINE"), Map.of("pool", LabWorld.pool(closedPool, null)),
				"ILLEGAL_TRANSITION", "input.pool.barcode");
		refused(w.sample(barcode("S"), 0, "MASS_TESTING"),
				Map.of("campaign", GlobalId.encode("Campaign", otherCampaign)), "RULE_VIOLATED", "input.campaign");
		refused(w.sample(barcode("S"), 0, "MASS_TESTING"),
				Map.of("campaign", GlobalId.encode("Campaign", pastCampaign)), "RULE_VIOLATED", "input.campaign");
		// several rules at once are all reported
		collect(merged(w.sample("x", 0, "ROUTINE"),
				Map.of("person", GlobalId.encode("Person", 999_999_999), "collectedAt", now.plusDays(1).toString())))
			.path("collectSample.errors[*].field")
			.entityList(String.class)
			.containsExactly("input.barcode", "input.person", "input.collectedAt");
		assertThat(LabWorld.snapshot(this.db)).isEqualTo(before);

		// malformed input is a GraphQL error, not a payload error
		collect(merged(w.sample(barcode("S"), 0, "ROUTINE"), Map.of("person", "not-an-id"))).errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
		collect(merged(w.sample(barcode("S"), 0, "ROUTINE"), Map.of("kind", "BLOOD"))).errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		assertThat(LabWorld.snapshot(this.db)).isEqualTo(before);
	}

	@Test
	void aPersonJoinsAPoolOnlyOnce() {
		LabWorld w = new LabWorld(this.data, "一人", 1);
		String pool = pooledSamples(w, 1, 5);
		Map<String, Object> before = LabWorld.snapshot(this.db);
		refused(w.sample(barcode("S"), 0, "MASS_TESTING"), Map.of("pool", LabWorld.pool(pool, null)), "RULE_VIOLATED",
				"input.person");
		assertThat(LabWorld.snapshot(this.db)).isEqualTo(before);
	}

	@Test
	void poolsAreClosedByHandOnce() {
		LabWorld w = new LabWorld(this.data, "封管", 2);
		String pool = pooledSamples(w, 2, 10);
		Map<String, Object> before = LabWorld.snapshot(this.db);
		this.graphQl.documentName("closePool")
			.variable("input", Map.of("barcode", pool, "closedAt", at(-500).toString()))
			.execute()
			.path("closePool.errors[0].code")
			.entity(String.class)
			.isEqualTo("INVALID_VALUE");
		this.graphQl.documentName("closePool")
			.variable("input", Map.of("barcode", "P-NO-SUCH-POOL"))
			.execute()
			.path("closePool.errors[0].code")
			.entity(String.class)
			.isEqualTo("NOT_FOUND");
		assertThat(LabWorld.snapshot(this.db)).isEqualTo(before);
		this.graphQl.documentName("closePool")
			.variable("input", Map.of("barcode", pool))
			.execute()
			.path("closePool.pool.samples")
			.entityList(Object.class)
			.hasSize(2);
		this.graphQl.documentName("closePool")
			.variable("input", Map.of("barcode", pool))
			.execute()
			.path("closePool.errors[0].code")
			.entity(String.class)
			.isEqualTo("ILLEGAL_TRANSITION");
	}

	@Test
	void receiptRefusalsChangeNothing() {
		LabWorld w = new LabWorld(this.data, "拒收", 4);
		String openPool = pooledSamples(w, 2, 5);
		String member = member(openPool);
		String single = barcode("S");
		String received = barcode("S");
		collect(merged(w.sample(single, 2, "ROUTINE"), Map.of("collectedAt", at(-30).toString())));
		collect(merged(w.sample(received, 3, "ROUTINE"), Map.of("collectedAt", at(-30).toString())));
		receive(List.of(received), w, at(-20)).path("receiveSamples.errors").entityList(Object.class).hasSize(0);
		Map<String, Object> before = LabWorld.snapshot(this.db);

		receive(List.of(single, "S-UNKNOWN-1", "S-UNKNOWN-2"), w, at(-10)).path("receiveSamples.errors[0].code")
			.entity(String.class)
			.isEqualTo("NOT_FOUND")
			.path("receiveSamples.errors[0].message")
			.entity(String.class)
			.satisfies((message) -> assertThat(message).contains("S-UNKNOWN-1", "S-UNKNOWN-2").doesNotContain(single));
		receive(List.of(single, received), w, at(-10)).path("receiveSamples.errors[*].code")
			.entityList(String.class)
			.containsExactly("ILLEGAL_TRANSITION");
		receive(List.of(openPool), w, at(-10)).path("receiveSamples.errors[0].message")
			.entity(String.class)
			.satisfies((message) -> assertThat(message).contains("still open"));
		receive(List.of(member), w, at(-10)).path("receiveSamples.errors[0].message")
			.entity(String.class)
			.satisfies((message) -> assertThat(message).contains("receive the pool"));
		receive(List.of(single), w, at(-40)).path("receiveSamples.errors[0].code")
			.entity(String.class)
			.isEqualTo("INVALID_VALUE");
		this.graphQl.documentName("receiveSamples")
			.variable("input", Map.of("barcodes", List.of(single), "lab", w.siteId()))
			.execute()
			.path("receiveSamples.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.lab");
		assertThat(LabWorld.snapshot(this.db)).isEqualTo(before);
	}

	@Test
	void resultRefusalsChangeNothingAndAResultIsFinal() {
		LabWorld w = new LabWorld(this.data, "拒果", 3);
		String pending = barcode("S");
		String antigen = barcode("S");
		String done = barcode("S");
		collect(merged(w.sample(pending, 0, "ROUTINE"), Map.of("collectedAt", at(-60).toString())));
		collect(merged(w.sample(antigen, 1, "ROUTINE"),
				Map.of("collectedAt", at(-60).toString(), "kind", "ANTIGEN", "specimen", "NASAL_SWAB")));
		collect(merged(w.sample(done, 2, "ROUTINE"), Map.of("collectedAt", at(-60).toString())));
		receive(List.of(antigen, done), w, at(-50));
		reportResult(done, "NEGATIVE", 35.0, at(-40)).path("reportResult.sample.ctValue")
			.entity(Double.class)
			.isEqualTo(35.0)
			.path("reportResult.unchanged")
			.entity(Boolean.class)
			.isEqualTo(false);
		Map<String, Object> before = LabWorld.snapshot(this.db);

		// exactly the same result again is not an error and changes nothing
		reportResult(done, "NEGATIVE", 35.0, at(-40)).path("reportResult.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("reportResult.unchanged")
			.entity(Boolean.class)
			.isEqualTo(true);
		resultRefused(done, "POSITIVE", null, at(-40), "ILLEGAL_TRANSITION", "input.result");
		resultRefused(pending, "NEGATIVE", null, at(-40), "ILLEGAL_TRANSITION", "input.barcode");
		resultRefused(antigen, "NEGATIVE", 30.0, at(-40), "INVALID_VALUE", "input.ctValue");
		resultRefused(antigen, "NEGATIVE", null, at(-55), "INVALID_VALUE", "input.resultedAt");
		resultRefused(antigen, "NEGATIVE", null, now.plusHours(2), "INVALID_VALUE", "input.resultedAt");
		resultRefused("S-NOT-THERE", "NEGATIVE", null, at(-40), "NOT_FOUND", "input.barcode");
		resultRefused(done, "NEGATIVE", 77.0, at(-40), "INVALID_VALUE", "input.ctValue");
		assertThat(LabWorld.snapshot(this.db)).isEqualTo(before);
		assertThat(positives(w)).isEmpty();
	}

	@Test
	void poolMembersAreResultedThroughTheirPool() {
		LabWorld w = new LabWorld(this.data, "管员", 2);
		String pool = pooledSamples(w, 2, 5);
		this.graphQl.documentName("closePool").variable("input", Map.of("barcode", pool)).execute();
		receive(List.of(pool), w, null);
		String member = member(pool);
		Map<String, Object> before = LabWorld.snapshot(this.db);
		resultRefused(member, "NEGATIVE", null, now, "ILLEGAL_TRANSITION", "input.barcode");
		assertThat(LabWorld.snapshot(this.db)).isEqualTo(before);
	}

	@Test
	void reportResultsTakesAThousandRowsAndJudgesEachRow() {
		LabWorld w = new LabWorld(this.data, "千行", 1);
		List<String> barcodes = receivedSamples(w, 1000);
		List<Map<String, Object>> rows = new ArrayList<>();
		for (String sample : barcodes) {
			rows.add(Map.of("barcode", sample, "result", "NEGATIVE", "resultedAt", at(-5).toString()));
		}
		// one more is refused as a whole
		Map<String, Object> before = LabWorld.snapshot(this.db);
		List<Map<String, Object>> tooMany = new ArrayList<>(rows);
		tooMany.add(rows.get(0));
		reportResults(tooMany).path("reportResults.errors[0].code")
			.entity(String.class)
			.isEqualTo("INVALID_VALUE")
			.path("reportResults.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.results")
			.path("reportResults.applied")
			.entity(Integer.class)
			.isEqualTo(0);
		assertThat(LabWorld.snapshot(this.db)).isEqualTo(before);

		this.statements.reset();
		reportResults(rows).path("reportResults.received")
			.entity(Integer.class)
			.isEqualTo(1000)
			.path("reportResults.applied")
			.entity(Integer.class)
			.isEqualTo(1000)
			.path("reportResults.rowErrors")
			.entityList(Object.class)
			.hasSize(0);
		assertThat(this.statements.count()).as("statements for 1,000 rows").isLessThan(20);
		assertThat(LabWorld.count(this.db, "SELECT count(*) FROM sample WHERE barcode = ANY(?) AND result = 'NEGATIVE'",
				(Object) barcodes.toArray(String[]::new)))
			.isEqualTo(1000);

		// the same batch again is unchanged; bad rows are rejected one by one, the rest
		// applied
		List<String> more = receivedSamples(w, 3);
		List<Map<String, Object>> mixed = new ArrayList<>(rows.subList(0, 2));
		mixed.add(Map.of("barcode", more.get(0), "result", "POSITIVE", "resultedAt", at(-5).toString()));
		mixed.add(Map.of("barcode", "S-NOBODY-HAS-IT", "result", "NEGATIVE", "resultedAt", at(-5).toString()));
		mixed.add(Map.of("barcode", barcodes.get(5), "result", "POSITIVE", "resultedAt", at(-5).toString()));
		mixed.add(Map.of("barcode", more.get(0), "result", "POSITIVE", "resultedAt", at(-5).toString()));
		mixed.add(Map.of("barcode", more.get(1), "result", "NEGATIVE", "resultedAt", now.plusDays(1).toString()));
		reportResults(mixed).path("reportResults.received")
			.entity(Integer.class)
			.isEqualTo(7)
			.path("reportResults.applied")
			.entity(Integer.class)
			.isEqualTo(1)
			.path("reportResults.unchanged")
			.entity(Integer.class)
			.isEqualTo(2)
			.path("reportResults.rejected")
			.entity(Integer.class)
			.isEqualTo(4)
			.path("reportResults.rowErrors[*].index")
			.entityList(Integer.class)
			.containsExactly(3, 4, 5, 6)
			.path("reportResults.rowErrors[*].code")
			.entityList(String.class)
			.containsExactly("NOT_FOUND", "ILLEGAL_TRANSITION", "DUPLICATE", "INVALID_VALUE")
			.path("reportResults.rowErrors[2].message")
			.entity(String.class)
			.isEqualTo("the barcode was already given in results[2]");
		assertThat(positives(w)).hasSize(1);
	}

	@Test
	void otherFeaturesOpenTestTasksThatACollectedSampleCompletes() {
		LabWorld w = new LabWorld(this.data, "任务", 2);
		OffsetDateTime due = now.plusHours(12);
		long task = this.transactions.execute((status) -> this.testTasks.open(w.people.get(0), SamplePurpose.RETURNEE,
				"arrived from a HIGH risk area", TestTaskSource.RETURNEE, 4242L, due, "people"));
		long again = this.transactions.execute((status) -> this.testTasks.open(w.people.get(0), SamplePurpose.RETURNEE,
				"arrived from a HIGH risk area", TestTaskSource.RETURNEE, 4242L, due, "people"));
		assertThat(again).isEqualTo(task);
		this.graphQl.documentName("testTaskNode")
			.variable("id", GlobalId.encode("TestTask", task))
			.execute()
			.path("node.status")
			.entity(String.class)
			.isEqualTo("OPEN")
			.path("node.person.id")
			.entity(String.class)
			.isEqualTo(w.person(0));
		// a sample for another purpose does not complete it
		collect(w.sample(barcode("S"), 0, "ROUTINE"));
		assertThat(this.db.fetchValue(TEST_TASK.STATUS, TEST_TASK.ID.eq(task))).isEqualTo("OPEN");
		String sample = barcode("S");
		collect(w.sample(sample, 0, "RETURNEE"));
		assertThat(this.db.fetchValue(TEST_TASK.STATUS, TEST_TASK.ID.eq(task))).isEqualTo("DONE");
		long sampleId = this.db.fetchValue(SAMPLE.ID, SAMPLE.BARCODE.eq(sample));
		assertThat(this.events)
			.contains(new TestTaskCompleted(task, w.people.get(0), TestTaskSource.RETURNEE, 4242L, sampleId));
	}

	@Test
	void testTasksFilterAndPage() {
		LabWorld w = new LabWorld(this.data, "筛任", 4);
		OffsetDateTime[] dues = { now.minusHours(3), now.minusHours(1), now.plusHours(2), now.plusHours(5) };
		TestTaskSource[] sources = { TestTaskSource.CLOSE_CONTACT, TestTaskSource.FEVER_CLINIC,
				TestTaskSource.CLOSE_CONTACT, TestTaskSource.MANUAL };
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			int person = i;
			ids.add(this.transactions.execute((status) -> this.testTasks.open(w.people.get(person),
					SamplePurpose.CLOSE_CONTACT, "test " + person, sources[person], null, dues[person], "tests")));
		}
		collect(w.sample(barcode("S"), 2, "CLOSE_CONTACT"));
		String area = w.area[0].globalId();
		assertThat(taskIds(Map.of("area", area))).containsExactlyElementsOf(ids);
		assertThat(taskIds(Map.of("area", area, "statuses", List.of("OPEN")))).containsExactly(ids.get(0), ids.get(1),
				ids.get(3));
		assertThat(taskIds(Map.of("area", area, "statuses", List.of("DONE")))).containsExactly(ids.get(2));
		assertThat(taskIds(Map.of("area", area, "overdue", true))).containsExactly(ids.get(0), ids.get(1));
		assertThat(taskIds(Map.of("area", area, "overdue", false))).containsExactly(ids.get(2), ids.get(3));
		assertThat(taskIds(Map.of("area", area, "sourceKinds", List.of("CLOSE_CONTACT")))).containsExactly(ids.get(0),
				ids.get(2));
		assertThat(taskIds(Map.of("area", this.data.chain("空任")[0].globalId()))).isEmpty();
		// paging: first page, next, last
		GraphQlTester.Response first = this.graphQl.documentName("testTasks")
			.variable("filter", Map.of("area", area))
			.variable("first", 3)
			.execute();
		first.path("testTasks.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
		String cursor = first.path("testTasks.pageInfo.endCursor").entity(String.class).get();
		this.graphQl.documentName("testTasks")
			.variable("filter", Map.of("area", area))
			.variable("first", 3)
			.variable("after", cursor)
			.execute()
			.path("testTasks.nodes[*].id")
			.entityList(String.class)
			.containsExactly(GlobalId.encode("TestTask", ids.get(3)))
			.path("testTasks.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(false);
		this.graphQl.documentName("testTasks")
			.variable("first", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
		this.graphQl.documentName("testTasks")
			.variable("after", "garbage")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
		this.graphQl.documentName("testTasks")
			.variable("filter", Map.of("statuses", List.of("FORGOTTEN")))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
	}

	@Test
	void nestedTaskFieldsCostTheSameForManyTasks() {
		assertThat(statementsForTasks(20)).isEqualTo(statementsForTasks(200));
	}

	private int statementsForTasks(int count) {
		LabWorld w = new LabWorld(this.data, "批" + count, count);
		this.transactions.executeWithoutResult((status) -> {
			for (int i = 0; i < count; i++) {
				this.testTasks.open(w.people.get(i), SamplePurpose.KEY_GROUP, "batch", TestTaskSource.MANUAL, null,
						now.plusHours(1), "tests");
			}
		});
		this.statements.reset();
		this.graphQl.documentName("testTasks")
			.variable("filter", Map.of("area", w.area[0].globalId()))
			.variable("first", 500)
			.execute()
			.path("testTasks.nodes")
			.entityList(Object.class)
			.hasSize(count);
		return this.statements.count();
	}

	// helpers

	/** A barcode of a sample in the pool. */
	private String member(String pool) {
		return this.db.select(SAMPLE.BARCODE)
			.from(SAMPLE)
			.join(POOL)
			.on(POOL.ID.eq(SAMPLE.POOL_ID))
			.where(POOL.BARCODE.eq(pool))
			.limit(1)
			.fetchOne(SAMPLE.BARCODE);
	}

	private List<Long> taskIds(Map<String, Object> filter) {
		return this.graphQl.documentName("testTasks")
			.variable("filter", filter)
			.execute()
			.path("testTasks.nodes[*].id")
			.entityList(String.class)
			.get()
			.stream()
			.map((id) -> GlobalId.decode(id, "TestTask"))
			.toList();
	}

	private OffsetDateTime at(int minutes) {
		return this.now.plusMinutes(minutes);
	}

	private GraphQlTester.Response collect(Map<String, Object> input) {
		return this.graphQl.documentName("collectSample").variable("input", input).execute();
	}

	private static Map<String, Object> merged(Map<String, Object> input, Map<String, Object> changes) {
		Map<String, Object> merged = new HashMap<>(input);
		merged.putAll(changes);
		return merged;
	}

	private void refused(Map<String, Object> input, Map<String, Object> changes, String code, String field) {
		collect(merged(input, changes)).path("collectSample.sample")
			.valueIsNull()
			.path("collectSample.errors[*].code")
			.entityList(String.class)
			.containsExactly(code)
			.path("collectSample.errors[0].field")
			.entity(String.class)
			.isEqualTo(field);
	}

	private GraphQlTester.Response receive(List<String> barcodes, LabWorld w, OffsetDateTime receivedAt) {
		Map<String, Object> input = new HashMap<>(Map.of("barcodes", barcodes, "lab", w.labId()));
		if (receivedAt != null) {
			input.put("receivedAt", receivedAt.toString());
		}
		return this.graphQl.documentName("receiveSamples").variable("input", input).execute();
	}

	private GraphQlTester.Response reportResult(String barcode, String result, Double ctValue,
			OffsetDateTime resultedAt) {
		Map<String, Object> input = new HashMap<>(
				Map.of("barcode", barcode, "result", result, "resultedAt", resultedAt.toString()));
		if (ctValue != null) {
			input.put("ctValue", ctValue);
		}
		return this.graphQl.documentName("reportResult").variable("input", input).execute();
	}

	private void resultRefused(String barcode, String result, Double ctValue, OffsetDateTime resultedAt, String code,
			String field) {
		reportResult(barcode, result, ctValue, resultedAt).path("reportResult.sample")
			.valueIsNull()
			.path("reportResult.pool")
			.valueIsNull()
			.path("reportResult.errors[0].code")
			.entity(String.class)
			.isEqualTo(code)
			.path("reportResult.errors[0].field")
			.entity(String.class)
			.isEqualTo(field);
	}

	private GraphQlTester.Response reportResults(List<Map<String, Object>> results) {
		return this.graphQl.documentName("reportResults").variable("input", Map.of("results", results)).execute();
	}

	/**
	 * Puts {@code count} samples of the first residents into a new pool of {@code size}.
	 */
	private String pooledSamples(LabWorld w, int count, int size) {
		String pool = barcode("P");
		for (int i = 0; i < count; i++) {
			Map<String, Object> input = w.sample(barcode("S"), i, "MASS_TESTING");
			input.put("pool", LabWorld.pool(pool, size));
			input.put("collectedAt", at(-200 + i).toString());
			collect(input).path("collectSample.errors").entityList(Object.class).hasSize(0);
		}
		return pool;
	}

	/** Received individual samples of resident 0, inserted set-wise. */
	private List<String> receivedSamples(LabWorld w, int count) {
		String prefix = barcode("K");
		return this.db
			.fetch("""
					INSERT INTO sample (barcode, kind, specimen, purpose, person_id, place_id, lab_site_id,
					                    collected_at, received_at, due_at)
					SELECT ? || '-' || n, 'PCR', 'OROPHARYNGEAL_SWAB', 'ROUTINE', ?, ?, ?, ?::timestamptz, ?::timestamptz,
					       ?::timestamptz
					FROM generate_series(1, ?) AS n
					RETURNING barcode""",
					prefix, w.people.get(0), w.area[4].id(), w.lab, at(-60), at(-30), at(60 * 23), count)
			.getValues(0, String.class);
	}

	private List<PositiveResult> positives(LabWorld w) {
		return this.events.stream()
			.filter(PositiveResults.class::isInstance)
			.flatMap((event) -> ((PositiveResults) event).results().stream())
			.filter((positive) -> w.people.contains(positive.personId()))
			.toList();
	}

}
