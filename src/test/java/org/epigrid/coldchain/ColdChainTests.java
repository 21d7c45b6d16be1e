package org.epigrid.coldchain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;

import org.epigrid.coldchain.ColdChainFixtures.State;
import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.epigrid.coldchain.ColdChainFixtures.batchId;
import static org.epigrid.coldchain.ColdChainFixtures.personId;
import static org.epigrid.coldchain.ColdChainFixtures.siteId;

class ColdChainTests extends IntegrationTest {

	private ColdChainFixtures fixtures;

	private OffsetDateTime now;

	@BeforeEach
	void fixtures() {
		this.fixtures = new ColdChainFixtures(this.db);
		this.now = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);
	}

	/**
	 * An area with a supervision warehouse, a lab, three downstream sites and two
	 * handlers.
	 */
	private World world(String prefix) {
		Ref[] chain = this.data.chain(prefix);
		Ref grid = chain[4];
		return new World(chain, this.fixtures.site(grid, "CENTRAL_SUPERVISION_WAREHOUSE", prefix + "监管仓"),
				this.data.site(grid, "LAB", prefix + "实验室"), this.data.site(grid, "MARKET", prefix + "农贸市场"),
				this.data.site(grid, "RESTAURANT", prefix + "饭店"), this.data.site(grid, "SUPERMARKET", prefix + "超市"),
				this.data.person(grid, prefix + "搬运工甲", "COLD_CHAIN_WORKER"),
				this.data.person(grid, prefix + "搬运工乙", "COLD_CHAIN_WORKER"));
	}

	private record World(Ref[] chain, long warehouse, long lab, long market, long restaurant, long supermarket,
			long handlerA, long handlerB) {

		Ref grid() {
			return this.chain[4];
		}

	}

	private GraphQlTester.Response run(String mutation, Map<String, Object> input) {
		return this.graphQl.documentName(mutation).variable("input", input).execute();
	}

	/**
	 * Runs a mutation that must be refused with this code on this field; its messages.
	 */
	@SuppressWarnings("rawtypes")
	private String refused(String mutation, Map<String, Object> input, String code, @Nullable String field) {
		List<Map> errors = run(mutation, input).path(mutation + ".errors").entityList(Map.class).get();
		assertThat(errors).extracting((e) -> e.get("code"), (e) -> e.get("field")).contains(tuple(code, field));
		return errors.stream().map((e) -> String.valueOf(e.get("message"))).reduce("", (a, b) -> a + b + "\n");
	}

	private GraphQlTester.Traversable succeeds(String mutation, Map<String, Object> input) {
		return run(mutation, input).path(mutation + ".errors").entityList(Object.class).hasSize(0);
	}

	private String register(World world, OffsetDateTime arrivedAt) {
		return succeeds("registerColdChainBatch",
				Map.of("batchNo", ColdChainFixtures.batchNo(), "product", "冻南美白虾", "originCountry", "EC", "portOfEntry",
						"宁波港", "quantityKg", 1000, "warehouse", siteId(world.warehouse()), "arrivedAt",
						arrivedAt.toString()))
			.path("registerColdChainBatch.batch.id")
			.entity(String.class)
			.get();
	}

	private String collect(String batch, World world, OffsetDateTime collectedAt) {
		String barcode = ColdChainFixtures.barcode();
		succeeds("collectPackageSample", Map.of("batch", batch, "barcode", barcode, "specimen", "PACKAGE_SWAB", "lab",
				siteId(world.lab()), "collectedAt", collectedAt.toString()));
		return barcode;
	}

	private void disinfect(String batch, OffsetDateTime at) {
		succeeds("recordDisinfection",
				Map.of("batch", batch, "agent", "含氯消毒剂", "operatorName", "李消毒", "disinfectedAt", at.toString()));
	}

	private GraphQlTester.Traversable result(String barcode, String result) {
		return succeeds("recordPackageSampleResult", Map.of("barcode", barcode, "result", result));
	}

	private Map<String, Object> move(String batch, long from, long to, Object quantityKg, @Nullable Long handler) {
		Map<String, Object> input = new HashMap<>(
				Map.of("batch", batch, "from", siteId(from), "to", siteId(to), "quantityKg", quantityKg));
		if (handler != null) {
			input.put("handler", personId(handler));
		}
		return input;
	}

	private static long id(String batch) {
		return GlobalId.decode(batch, "ColdChainBatch");
	}

	// the workflow

	@Test
	void batchIsReleasedOnlyAfterDisinfectionAndANegativeResultAndIsTracedDownstream() {
		World w = world("冷");
		String batch = this.graphQl.mutate()
			.header("X-Epigrid-User", "port.officer-3")
			.build()
			.documentName("registerColdChainBatch")
			.variable("input",
					Map.of("batchNo", ColdChainFixtures.batchNo(), "product", "冻南美白虾", "originCountry", "EC",
							"portOfEntry", "宁波港", "quantityKg", "1000.50", "warehouse", siteId(w.warehouse()),
							"arrivedAt", this.now.minusDays(2).toString()))
			.execute()
			.path("registerColdChainBatch.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("registerColdChainBatch.batch.status")
			.entity(String.class)
			.isEqualTo("HELD")
			.path("registerColdChainBatch.batch.quantityKg")
			.entity(BigDecimal.class)
			.satisfies((kg) -> assertThat(kg).isEqualByComparingTo("1000.5"))
			.path("registerColdChainBatch.batch.warehouse.name")
			.entity(String.class)
			.isEqualTo("冷监管仓")
			.path("registerColdChainBatch.batch.releasable")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("registerColdChainBatch.batch.releaseBlockers")
			.entityList(String.class)
			.containsExactly("no disinfection record", "no negative test result")
			.path("registerColdChainBatch.batch.id")
			.entity(String.class)
			.get();
		assertThat(this.fixtures.createdBy(id(batch))).isEqualTo("port.officer-3/port.officer-3");

		// refused: neither disinfected nor tested
		State before = this.fixtures.state(id(batch));
		assertThat(refused("releaseColdChainBatch", Map.of("batch", batch), "RULE_VIOLATED", "input.batch"))
			.contains("no disinfection record", "no negative test result");
		this.graphQl.documentName("releaseColdChainBatch")
			.variable("input", Map.of("batch", batch))
			.execute()
			.path("releaseColdChainBatch.batch")
			.valueIsNull();
		assertThat(this.fixtures.state(id(batch))).isEqualTo(before);

		succeeds("recordDisinfection",
				Map.of("batch", batch, "agent", "含氯消毒剂", "operatorName", "李消毒", "disinfectedAt",
						this.now.minusDays(1).toString()))
			.path("recordDisinfection.disinfection.agent")
			.entity(String.class)
			.isEqualTo("含氯消毒剂")
			.path("recordDisinfection.batch.releaseBlockers")
			.entityList(String.class)
			.containsExactly("no negative test result");

		OffsetDateTime collected = this.now.minusHours(20);
		String barcode = ColdChainFixtures.barcode();
		String due = succeeds("collectPackageSample",
				Map.of("batch", batch, "barcode", barcode, "specimen", "PACKAGE_SWAB", "lab", siteId(w.lab()),
						"collectedAt", collected.toString()))
			.path("collectPackageSample.sample.result")
			.valueIsNull()
			.path("collectPackageSample.sample.overdue")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("collectPackageSample.sample.lab.name")
			.entity(String.class)
			.isEqualTo("冷实验室")
			.path("collectPackageSample.batch.releaseBlockers")
			.entityList(String.class)
			.containsExactly("no negative test result", "results pending")
			.path("collectPackageSample.sample.dueAt")
			.entity(String.class)
			.get();
		// the configured cold-chain result deadline (24 h by default)
		assertThat(OffsetDateTime.parse(due).toInstant()).isEqualTo(collected.plusHours(24).toInstant());
		assertThat(this.fixtures.sampleRow(barcode))
			.isEqualTo(id(batch) + "|null|COLD_CHAIN|" + w.grid().id() + "|" + w.warehouse() + "|PCR|anonymous");

		// still refused: the result is pending
		before = this.fixtures.state(id(batch));
		assertThat(refused("releaseColdChainBatch", Map.of("batch", batch), "RULE_VIOLATED", "input.batch"))
			.contains("results pending")
			.doesNotContain("no disinfection record");
		assertThat(this.fixtures.state(id(batch))).isEqualTo(before);

		String resultedAt = result(barcode, "NEGATIVE").path("recordPackageSampleResult.sample.result")
			.entity(String.class)
			.isEqualTo("NEGATIVE")
			.path("recordPackageSampleResult.batch.releasable")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("recordPackageSampleResult.batch.releaseBlockers")
			.entityList(String.class)
			.hasSize(0)
			.path("recordPackageSampleResult.sample.resultedAt")
			.entity(String.class)
			.get();
		this.graphQl.documentName("recordPackageSampleResult")
			.variable("input", Map.of("barcode", barcode, "result", "NEGATIVE"))
			.execute()
			.path("recordPackageSampleResult.errors[0].code")
			.entity(String.class)
			.isEqualTo("ILLEGAL_TRANSITION");

		succeeds("releaseColdChainBatch", Map.of("batch", batch, "expectedVersion", 0))
			.path("releaseColdChainBatch.batch.status")
			.entity(String.class)
			.isEqualTo("RELEASED")
			.path("releaseColdChainBatch.batch.releasedAt")
			.hasValue()
			.path("releaseColdChainBatch.batch.version")
			.entity(Integer.class)
			.isEqualTo(1)
			.path("releaseColdChainBatch.batch.releasable")
			.entity(Boolean.class)
			.isEqualTo(false);

		// downstream: warehouse › market › restaurant, warehouse › supermarket
		succeeds("recordColdChainMovement", move(batch, w.warehouse(), w.market(), 600, w.handlerA()))
			.path("recordColdChainMovement.movement.to.name")
			.entity(String.class)
			.isEqualTo("冷农贸市场")
			.path("recordColdChainMovement.batch.trace.siteCount")
			.entity(Integer.class)
			.isEqualTo(2);
		succeeds("recordColdChainMovement", move(batch, w.market(), w.restaurant(), 100, w.handlerB()));
		succeeds("recordColdChainMovement", move(batch, w.warehouse(), w.supermarket(), "400.50", w.handlerA()));
		succeeds("recordColdChainMovement", move(batch, w.market(), w.restaurant(), 50, null));

		this.graphQl.documentName("coldChainBatch")
			.variable("id", batch)
			.execute()
			.path("coldChainBatch.status")
			.entity(String.class)
			.isEqualTo("RELEASED")
			.path("coldChainBatch.disinfections[*].operatorName")
			.entityList(String.class)
			.containsExactly("李消毒")
			.path("coldChainBatch.samples[0].barcode")
			.entity(String.class)
			.isEqualTo(barcode)
			.path("coldChainBatch.samples[0].receivedAt")
			.entity(String.class)
			.isEqualTo(resultedAt)
			.path("coldChainBatch.movements[*].from.name")
			.entityList(String.class)
			.containsExactly("冷监管仓", "冷农贸市场", "冷监管仓", "冷农贸市场")
			.path("coldChainBatch.movements[3].handler")
			.valueIsNull()
			.path("coldChainBatch.trace.sites[*].name")
			.entityList(String.class)
			.containsExactly("冷监管仓", "冷农贸市场", "冷饭店", "冷超市")
			.path("coldChainBatch.trace.siteCount")
			.entity(Integer.class)
			.isEqualTo(4)
			.path("coldChainBatch.trace.handlers[*].id")
			.entityList(String.class)
			.containsExactly(personId(w.handlerA()), personId(w.handlerB()))
			.path("coldChainBatch.trace.handlerCount")
			.entity(Integer.class)
			.isEqualTo(2);
	}

	@Test
	void batchWithAPositiveResultCanNeverBeReleased() {
		World w = world("阳");
		String batch = register(w, this.now.minusDays(2));
		disinfect(batch, this.now.minusDays(1));
		String positive = collect(batch, w, this.now.minusHours(10));
		String negative = collect(batch, w, this.now.minusHours(10));
		result(positive, "POSITIVE");
		result(negative, "NEGATIVE").path("recordPackageSampleResult.batch.releaseBlockers")
			.entityList(String.class)
			.containsExactly("a positive result exists");

		State before = this.fixtures.state(id(batch));
		assertThat(refused("releaseColdChainBatch", Map.of("batch", batch), "RULE_VIOLATED", "input.batch"))
			.contains("a positive result exists");
		assertThat(this.fixtures.state(id(batch))).isEqualTo(before);

		// more negative samples do not outweigh a positive one
		result(collect(batch, w, this.now.minusHours(1)), "NEGATIVE");
		before = this.fixtures.state(id(batch));
		refused("releaseColdChainBatch", Map.of("batch", batch), "RULE_VIOLATED", "input.batch");
		assertThat(this.fixtures.state(id(batch))).isEqualTo(before);
		this.graphQl.documentName("coldChainBatches")
			.variable("filter", Map.of("area", w.chain()[0].globalId(), "awaitingTest", true))
			.execute()
			.path("coldChainBatches.totalCount")
			.entity(Integer.class)
			.isEqualTo(0);

		succeeds("destroyColdChainBatch", Map.of("batch", batch, "reason", "外包装核酸阳性"))
			.path("destroyColdChainBatch.batch.status")
			.entity(String.class)
			.isEqualTo("DESTROYED")
			.path("destroyColdChainBatch.batch.releasable")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("destroyColdChainBatch.batch.releaseBlockers[0]")
			.entity(String.class)
			.isEqualTo("the batch is DESTROYED; only a HELD batch can be released");
		assertThat(this.db.fetchValue("SELECT closed_reason FROM cold_chain_batch WHERE id = ?", id(batch)))
			.isEqualTo("外包装核酸阳性");
		before = this.fixtures.state(id(batch));
		refused("releaseColdChainBatch", Map.of("batch", batch), "ILLEGAL_TRANSITION", "input.batch");
		refused("collectPackageSample",
				Map.of("batch", batch, "barcode", ColdChainFixtures.barcode(), "specimen", "FOOD"),
				"ILLEGAL_TRANSITION", "input.batch");
		assertThat(this.fixtures.state(id(batch))).isEqualTo(before);
	}

	// the rules, one refusal at a time, each leaving the database as it was

	@Test
	void registrationIsRefusedForBadInputAndChangesNothing() {
		World w = world("登");
		long market = w.market();
		String existing = ColdChainFixtures.batchNo();
		this.fixtures.batch(w.warehouse(), existing, "HELD", this.now.minusDays(1));
		int before = this.fixtures.batchCount();
		Map<String, Object> valid = Map.of("batchNo", ColdChainFixtures.batchNo(), "product", "冻牛肉", "originCountry",
				"BR", "quantityKg", 20, "warehouse", siteId(w.warehouse()), "arrivedAt", this.now.toString());

		Map<String, Object> duplicate = new HashMap<>(valid);
		duplicate.put("batchNo", existing);
		assertThat(refused("registerColdChainBatch", duplicate, "DUPLICATE", "input.batchNo"))
			.contains("a batch with this number is registered");
		Map<String, Object> notAWarehouse = new HashMap<>(valid);
		notAWarehouse.put("warehouse", siteId(market));
		assertThat(refused("registerColdChainBatch", notAWarehouse, "RULE_VIOLATED", "input.warehouse"))
			.contains("MARKET");
		Map<String, Object> unknownWarehouse = new HashMap<>(valid);
		unknownWarehouse.put("warehouse", siteId(999_999_999));
		refused("registerColdChainBatch", unknownWarehouse, "NOT_FOUND", "input.warehouse");
		for (Object quantity : List.of(0, -5, "1.234")) {
			Map<String, Object> badQuantity = new HashMap<>(valid);
			badQuantity.put("quantityKg", quantity);
			refused("registerColdChainBatch", badQuantity, "INVALID_VALUE", "input.quantityKg");
		}
		Map<String, Object> future = new HashMap<>(valid);
		future.put("arrivedAt", this.now.plusHours(2).toString());
		refused("registerColdChainBatch", future, "INVALID_VALUE", "input.arrivedAt");
		Map<String, Object> blank = new HashMap<>(valid);
		blank.putAll(Map.of("batchNo", " ", "product", "", "originCountry", " "));
		refused("registerColdChainBatch", blank, "INVALID_VALUE", "input.batchNo");
		refused("registerColdChainBatch", blank, "INVALID_VALUE", "input.product");
		refused("registerColdChainBatch", blank, "INVALID_VALUE", "input.originCountry");
		assertThat(this.fixtures.batchCount()).isEqualTo(before);

		// a plain cold-chain warehouse holds batches too
		long coldStore = this.data.site(w.grid(), "COLD_CHAIN_WAREHOUSE", "登冷库");
		Map<String, Object> coldChainWarehouse = new HashMap<>(valid);
		coldChainWarehouse.put("warehouse", siteId(coldStore));
		succeeds("registerColdChainBatch", coldChainWarehouse).path("registerColdChainBatch.batch.warehouse.name")
			.entity(String.class)
			.isEqualTo("登冷库");
		assertThat(this.fixtures.batchCount()).isEqualTo(before + 1);
	}

	@Test
	void disinfectionAndSamplingAreRefusedForBadInputAndChangeNothing() {
		World w = world("消");
		long held = this.fixtures.batch(w.warehouse(), ColdChainFixtures.batchNo(), "HELD", this.now.minusDays(2));
		String batch = batchId(held);
		String taken = this.fixtures.sample(held, w.grid().id(), null, this.now.minusDays(1), null);
		State before = this.fixtures.state(held);

		refused("recordDisinfection", Map.of("batch", batch, "agent", "过氧乙酸", "operatorName", "王", "disinfectedAt",
				this.now.minusDays(3).toString()), "INVALID_VALUE", "input.disinfectedAt");
		refused("recordDisinfection", Map.of("batch", batch, "agent", "过氧乙酸", "operatorName", "王", "disinfectedAt",
				this.now.plusHours(1).toString()), "INVALID_VALUE", "input.disinfectedAt");
		refused("recordDisinfection", Map.of("batch", batch, "agent", " ", "operatorName", ""), "INVALID_VALUE",
				"input.operatorName");
		refused("recordDisinfection", Map.of("batch", batchId(999_999_999), "agent", "过氧乙酸", "operatorName", "王"),
				"NOT_FOUND", "input.batch");

		for (String barcode : List.of("AB12", "abc-123456", "CC 123456", "X".repeat(33))) {
			refused("collectPackageSample", Map.of("batch", batch, "barcode", barcode, "specimen", "PACKAGE_SWAB"),
					"INVALID_VALUE", "input.barcode");
		}
		assertThat(refused("collectPackageSample", Map.of("batch", batch, "barcode", taken, "specimen", "FOOD"),
				"DUPLICATE", "input.barcode"))
			.contains("a sample with this barcode exists");
		refused("collectPackageSample", Map.of("batch", batch, "barcode", ColdChainFixtures.barcode(), "specimen",
				"FOOD", "lab", siteId(w.market())), "INVALID_VALUE", "input.lab");
		refused("collectPackageSample", Map.of("batch", batch, "barcode", ColdChainFixtures.barcode(), "specimen",
				"FOOD", "lab", siteId(999_999_999)), "NOT_FOUND", "input.lab");
		refused("collectPackageSample", Map.of("batch", batch, "barcode", ColdChainFixtures.barcode(), "specimen",
				"FOOD", "collectedAt", this.now.minusDays(3).toString()), "INVALID_VALUE", "input.collectedAt");
		assertThat(this.fixtures.state(held)).isEqualTo(before);

		// a released batch is no longer disinfected or sampled
		long released = this.fixtures.batch(w.warehouse(), ColdChainFixtures.batchNo(), "RELEASED",
				this.now.minusDays(3));
		State releasedBefore = this.fixtures.state(released);
		refused("recordDisinfection", Map.of("batch", batchId(released), "agent", "过氧乙酸", "operatorName", "王"),
				"ILLEGAL_TRANSITION", "input.batch");
		refused("collectPackageSample",
				Map.of("batch", batchId(released), "barcode", ColdChainFixtures.barcode(), "specimen", "PACKAGE_SWAB"),
				"ILLEGAL_TRANSITION", "input.batch");
		assertThat(this.fixtures.state(released)).isEqualTo(releasedBefore);

		// malformed input never reaches the rules
		before = this.fixtures.state(held);
		this.graphQl.documentName("collectPackageSample")
			.variable("input", Map.of("batch", batch, "barcode", ColdChainFixtures.barcode(), "specimen", "BLOOD"))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		this.graphQl.documentName("recordDisinfection")
			.variable("input", Map.of("batch", "not-an-id!", "agent", "过氧乙酸", "operatorName", "王"))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
		assertThat(this.fixtures.state(held)).isEqualTo(before);
	}

	@Test
	void resultsAreReportedOnceForPackageSamplesOnly() {
		World w = world("果");
		long held = this.fixtures.batch(w.warehouse(), ColdChainFixtures.batchNo(), "HELD", this.now.minusDays(2));
		OffsetDateTime collected = this.now.minusHours(5);
		String barcode = this.fixtures.sample(held, w.grid().id(), null, collected, w.lab());
		String ofAPerson = this.fixtures.personSample(w.handlerA(), w.grid().id(), collected);
		State before = this.fixtures.state(held);
		int samples = this.db.fetchCount(org.epigrid.jooq.Tables.SAMPLE,
				org.epigrid.jooq.Tables.SAMPLE.RESULT.isNotNull());

		refused("recordPackageSampleResult", Map.of("barcode", "NO-SUCH-CODE", "result", "NEGATIVE"), "NOT_FOUND",
				"input.barcode");
		refused("recordPackageSampleResult", Map.of("barcode", ofAPerson, "result", "NEGATIVE"), "RULE_VIOLATED",
				"input.barcode");
		refused("recordPackageSampleResult",
				Map.of("barcode", barcode, "result", "NEGATIVE", "resultedAt", collected.minusMinutes(1).toString()),
				"INVALID_VALUE", "input.resultedAt");
		refused("recordPackageSampleResult",
				Map.of("barcode", barcode, "result", "NEGATIVE", "resultedAt", this.now.plusHours(1).toString()),
				"INVALID_VALUE", "input.resultedAt");
		assertThat(this.fixtures.state(held)).isEqualTo(before);
		assertThat(
				this.db.fetchCount(org.epigrid.jooq.Tables.SAMPLE, org.epigrid.jooq.Tables.SAMPLE.RESULT.isNotNull()))
			.isEqualTo(samples);

		OffsetDateTime resulted = this.now.minusHours(1);
		String reported = succeeds("recordPackageSampleResult",
				Map.of("barcode", barcode, "result", "INVALID", "resultedAt", resulted.toString()))
			.path("recordPackageSampleResult.sample.result")
			.entity(String.class)
			.isEqualTo("INVALID")
			.path("recordPackageSampleResult.batch.releaseBlockers")
			.entityList(String.class)
			.containsExactly("no disinfection record", "no negative test result")
			.path("recordPackageSampleResult.sample.receivedAt")
			.entity(String.class)
			.get();
		assertThat(OffsetDateTime.parse(reported).toInstant()).isEqualTo(resulted.toInstant());

		before = this.fixtures.state(held);
		assertThat(refused("recordPackageSampleResult", Map.of("barcode", barcode, "result", "NEGATIVE"),
				"ILLEGAL_TRANSITION", "input.barcode"))
			.contains("cannot be changed");
		refused("recordPackageSampleResult", Map.of("barcode", barcode, "result", "INVALID"), "ILLEGAL_TRANSITION",
				"input.barcode");
		assertThat(this.fixtures.state(held)).isEqualTo(before);
		this.graphQl.documentName("recordPackageSampleResult")
			.variable("input", Map.of("barcode", barcode, "result", "MAYBE"))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
	}

	@Test
	void movementsFollowTheBatchAndNeverMoveMoreThanItHolds() {
		World w = world("运");
		long heldId = this.fixtures.batch(w.warehouse(), ColdChainFixtures.batchNo(), "HELD", this.now.minusDays(3));
		State heldBefore = this.fixtures.state(heldId);
		assertThat(refused("recordColdChainMovement", move(batchId(heldId), w.warehouse(), w.market(), 10, null),
				"ILLEGAL_TRANSITION", "input.batch"))
			.contains("RELEASED");
		assertThat(this.fixtures.state(heldId)).isEqualTo(heldBefore);

		// released a day after arrival, two days ago; 1000 kg
		long releasedId = this.fixtures.batch(w.warehouse(), ColdChainFixtures.batchNo(), "RELEASED",
				this.now.minusDays(3));
		String batch = batchId(releasedId);
		State before = this.fixtures.state(releasedId);
		refused("recordColdChainMovement", move(batch, w.market(), w.restaurant(), 10, null), "RULE_VIOLATED",
				"input.from");
		refused("recordColdChainMovement", move(batch, w.warehouse(), w.warehouse(), 10, null), "INVALID_VALUE",
				"input.to");
		refused("recordColdChainMovement", move(batch, w.warehouse(), 999_999_999L, 10, null), "NOT_FOUND", "input.to");
		refused("recordColdChainMovement", move(batch, w.warehouse(), w.market(), 0, null), "INVALID_VALUE",
				"input.quantityKg");
		refused("recordColdChainMovement", move(batch, w.warehouse(), w.market(), "0.001", null), "INVALID_VALUE",
				"input.quantityKg");
		assertThat(refused("recordColdChainMovement", move(batch, w.warehouse(), w.market(), "1000.01", null),
				"RULE_VIOLATED", "input.quantityKg"))
			.contains("only 1000.00 kg");
		refused("recordColdChainMovement", move(batch, w.warehouse(), w.market(), 10, 999_999_999L), "NOT_FOUND",
				"input.handler");
		Map<String, Object> beforeRelease = move(batch, w.warehouse(), w.market(), 10, null);
		beforeRelease.put("movedAt", this.now.minusDays(2).minusHours(1).toString());
		refused("recordColdChainMovement", beforeRelease, "INVALID_VALUE", "input.movedAt");
		Map<String, Object> future = move(batch, w.warehouse(), w.market(), 10, null);
		future.put("movedAt", this.now.plusHours(1).toString());
		refused("recordColdChainMovement", future, "INVALID_VALUE", "input.movedAt");
		assertThat(this.fixtures.state(releasedId)).isEqualTo(before);

		// the whole batch may leave, in parts, and nothing more
		succeeds("recordColdChainMovement", move(batch, w.warehouse(), w.market(), 600, w.handlerA()));
		succeeds("recordColdChainMovement", move(batch, w.warehouse(), w.supermarket(), 400, w.handlerB()));
		before = this.fixtures.state(releasedId);
		assertThat(refused("recordColdChainMovement", move(batch, w.warehouse(), w.restaurant(), "0.01", null),
				"RULE_VIOLATED", "input.quantityKg"))
			.contains("only 0.00 kg");
		assertThat(this.fixtures.state(releasedId)).isEqualTo(before);
		// onwards from a site it reached
		succeeds("recordColdChainMovement", move(batch, w.market(), w.restaurant(), 50, w.handlerA()))
			.path("recordColdChainMovement.batch.trace.siteCount")
			.entity(Integer.class)
			.isEqualTo(4)
			.path("recordColdChainMovement.batch.trace.handlerCount")
			.entity(Integer.class)
			.isEqualTo(2);

		// a recalled batch moves no more
		succeeds("recallColdChainBatch", Map.of("batch", batch, "reason", "下游检出阳性"))
			.path("recallColdChainBatch.batch.closedReason")
			.entity(String.class)
			.isEqualTo("下游检出阳性")
			.path("recallColdChainBatch.batch.closedAt")
			.hasValue();
		before = this.fixtures.state(releasedId);
		refused("recordColdChainMovement", move(batch, w.restaurant(), w.supermarket(), 10, null), "ILLEGAL_TRANSITION",
				"input.batch");
		assertThat(this.fixtures.state(releasedId)).isEqualTo(before);
	}

	@Test
	void statusChangesFollowTheStateMachine() {
		World w = world("态");
		long heldId = this.fixtures.batch(w.warehouse(), ColdChainFixtures.batchNo(), "HELD", this.now.minusDays(3));
		String held = batchId(heldId);
		State before = this.fixtures.state(heldId);
		refused("recallColdChainBatch", Map.of("batch", held, "reason", "x"), "ILLEGAL_TRANSITION", "input.batch");
		refused("destroyColdChainBatch", Map.of("batch", held, "reason", " "), "INVALID_VALUE", "input.reason");
		refused("destroyColdChainBatch", Map.of("batch", held, "reason", "阳性", "expectedVersion", 5), "CONFLICT",
				"input.expectedVersion");
		refused("destroyColdChainBatch", Map.of("batch", batchId(999_999_999), "reason", "阳性"), "NOT_FOUND",
				"input.batch");
		assertThat(this.fixtures.state(heldId)).isEqualTo(before);
		succeeds("destroyColdChainBatch", Map.of("batch", held, "reason", "阳性", "expectedVersion", 0))
			.path("destroyColdChainBatch.batch.status")
			.entity(String.class)
			.isEqualTo("DESTROYED")
			.path("destroyColdChainBatch.batch.version")
			.entity(Integer.class)
			.isEqualTo(1);
		before = this.fixtures.state(heldId);
		refused("destroyColdChainBatch", Map.of("batch", held, "reason", "阳性"), "ILLEGAL_TRANSITION", "input.batch");
		refused("recallColdChainBatch", Map.of("batch", held, "reason", "x"), "ILLEGAL_TRANSITION", "input.batch");
		refused("releaseColdChainBatch", Map.of("batch", held), "ILLEGAL_TRANSITION", "input.batch");
		assertThat(this.fixtures.state(heldId)).isEqualTo(before);

		long releasedId = this.fixtures.batch(w.warehouse(), ColdChainFixtures.batchNo(), "RELEASED",
				this.now.minusDays(3));
		String released = batchId(releasedId);
		before = this.fixtures.state(releasedId);
		refused("destroyColdChainBatch", Map.of("batch", released, "reason", "阳性"), "ILLEGAL_TRANSITION",
				"input.batch");
		refused("releaseColdChainBatch", Map.of("batch", released), "ILLEGAL_TRANSITION", "input.batch");
		refused("recallColdChainBatch", Map.of("batch", released, "reason", ""), "INVALID_VALUE", "input.reason");
		assertThat(this.fixtures.state(releasedId)).isEqualTo(before);
		succeeds("recallColdChainBatch", Map.of("batch", released, "reason", "下游检出阳性"))
			.path("recallColdChainBatch.batch.status")
			.entity(String.class)
			.isEqualTo("RECALLED")
			.path("recallColdChainBatch.batch.releasedAt")
			.hasValue();
		before = this.fixtures.state(releasedId);
		refused("recallColdChainBatch", Map.of("batch", released, "reason", "again"), "ILLEGAL_TRANSITION",
				"input.batch");
		assertThat(this.fixtures.state(releasedId)).isEqualTo(before);
	}

	// reads

	@Test
	void batchesFilterByAreaStatusWarehouseArrivalAndAwaitingTest() {
		World w = world("滤");
		Ref otherGrid = this.data.below(w.chain()[3], "GRID", "滤第二网格");
		long coldStore = this.data.site(otherGrid, "COLD_CHAIN_WAREHOUSE", "滤冷库");
		long place = w.grid().id();
		String noSample = ColdChainFixtures.batchNo();
		long b1 = this.fixtures.batch(w.warehouse(), noSample, "HELD", this.now.minusDays(10));
		long b2 = this.fixtures.batch(w.warehouse(), ColdChainFixtures.batchNo(), "HELD", this.now.minusDays(5));
		this.fixtures.sample(b2, place, "NEGATIVE", this.now.minusDays(4), null);
		this.fixtures.sample(b2, place, null, this.now.minusDays(4), null);
		long b3 = this.fixtures.batch(w.warehouse(), ColdChainFixtures.batchNo(), "HELD", this.now.minusDays(4));
		this.fixtures.sample(b3, place, "NEGATIVE", this.now.minusDays(3), null);
		this.fixtures.disinfection(b3, this.now.minusDays(3));
		long b4 = this.fixtures.batch(coldStore, ColdChainFixtures.batchNo(), "RELEASED", this.now.minusDays(3));
		this.fixtures.sample(b4, otherGrid.id(), "NEGATIVE", this.now.minusDays(3), null);
		long b5 = this.fixtures.batch(coldStore, ColdChainFixtures.batchNo(), "HELD", this.now.minusDays(2));
		this.fixtures.sample(b5, otherGrid.id(), "POSITIVE", this.now.minusDays(1), null);
		long b6 = this.fixtures.batch(coldStore, ColdChainFixtures.batchNo(), "HELD", this.now.minusDays(1));
		this.fixtures.sample(b6, otherGrid.id(), "INVALID", this.now.minusHours(20), null);
		World other = world("外");
		this.fixtures.batch(other.warehouse(), ColdChainFixtures.batchNo(), "HELD", this.now.minusDays(1));
		String area = w.chain()[0].globalId();

		assertBatches(Map.of("area", area), b1, b2, b3, b4, b5, b6);
		assertBatches(Map.of("area", otherGrid.globalId()), b4, b5, b6);
		assertBatches(Map.of("area", area, "statuses", List.of("RELEASED", "DESTROYED")), b4);
		assertBatches(Map.of("warehouse", siteId(coldStore)), b4, b5, b6);
		assertBatches(Map.of("area", area, "arrivedFrom", this.now.minusDays(5).toString(), "arrivedTo",
				this.now.minusDays(2).toString()), b2, b3, b4);
		assertBatches(Map.of("area", area, "awaitingTest", true), b1, b2, b6);
		assertBatches(Map.of("area", area, "awaitingTest", false), b3, b4, b5);
		assertBatches(Map.of("area", area, "statuses", List.of("HELD"), "warehouse", siteId(w.warehouse()),
				"awaitingTest", false), b3);

		this.graphQl.documentName("coldChainBatchByNumber")
			.variable("batchNo", noSample)
			.execute()
			.path("coldChainBatchByNumber.id")
			.entity(String.class)
			.isEqualTo(batchId(b1))
			.path("coldChainBatchByNumber.warehouse.name")
			.entity(String.class)
			.isEqualTo("滤监管仓");
		this.graphQl.documentName("coldChainBatch")
			.variable("id", batchId(b3))
			.execute()
			.path("coldChainBatch.releasable")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("coldChainBatch.samples[0].overdue")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("coldChainBatch.trace.sites[*].name")
			.entityList(String.class)
			.containsExactly("滤监管仓")
			.path("coldChainBatch.trace.handlers")
			.entityList(Object.class)
			.hasSize(0);
		this.graphQl.documentName("coldChainBatch")
			.variable("id", batchId(b2))
			.execute()
			.path("coldChainBatch.samples[1].overdue")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("coldChainBatch.releaseBlockers")
			.entityList(String.class)
			.containsExactly("no disinfection record", "results pending");
	}

	private void assertBatches(Map<String, Object> filter, long... expected) {
		this.graphQl.documentName("coldChainBatches")
			.variable("filter", filter)
			.execute()
			.path("coldChainBatches.edges[*].node.id")
			.entityList(String.class)
			.containsExactly(
					java.util.Arrays.stream(expected).mapToObj(ColdChainFixtures::batchId).toArray(String[]::new))
			.path("coldChainBatches.totalCount")
			.entity(Integer.class)
			.isEqualTo(expected.length);
	}

	@Test
	void batchesPageThroughWithKeysetCursors() {
		World w = world("页");
		for (int i = 0; i < 5; i++) {
			this.fixtures.batch(w.warehouse(), ColdChainFixtures.batchNo(), "HELD", this.now.minusDays(i + 1));
		}
		Map<String, Object> filter = Map.of("warehouse", siteId(w.warehouse()));
		String end = page(filter, null, 2, true, false);
		String last = page(filter, end, 2, true, true);
		String afterLast = page(filter, last, 1, false, true);
		this.graphQl.documentName("coldChainBatchesPage")
			.variable("filter", filter)
			.variable("after", afterLast)
			.execute()
			.path("coldChainBatches.nodes")
			.entityList(Object.class)
			.hasSize(0)
			.path("coldChainBatches.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("coldChainBatches.pageInfo.endCursor")
			.valueIsNull();
	}

	private String page(Map<String, Object> filter, @Nullable String after, int size, boolean hasNext,
			boolean hasPrevious) {
		return this.graphQl.documentName("coldChainBatchesPage")
			.variable("filter", filter)
			.variable("first", 2)
			.variable("after", after)
			.execute()
			.path("coldChainBatches.nodes")
			.entityList(Object.class)
			.hasSize(size)
			.path("coldChainBatches.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(hasNext)
			.path("coldChainBatches.pageInfo.hasPreviousPage")
			.entity(Boolean.class)
			.isEqualTo(hasPrevious)
			.path("coldChainBatches.pageInfo.endCursor")
			.entity(String.class)
			.get();
	}

	@Test
	void nodeResolvesBatchesDisinfectionsAndMovements() {
		World w = world("节");
		long batch = this.fixtures.batch(w.warehouse(), ColdChainFixtures.batchNo(), "RELEASED", this.now.minusDays(3));
		long disinfection = this.fixtures.disinfection(batch, this.now.minusDays(3));
		long movement = this.fixtures.movement(batch, w.warehouse(), w.market(), "12.50", this.now.minusDays(1), null);
		this.graphQl.documentName("coldChainNode")
			.variable("id", batchId(batch))
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("ColdChainBatch")
			.path("node.id")
			.entity(String.class)
			.isEqualTo(batchId(batch));
		this.graphQl.documentName("coldChainNode")
			.variable("id", GlobalId.encode("Disinfection", disinfection))
			.execute()
			.path("node.agent")
			.entity(String.class)
			.isEqualTo("过氧乙酸");
		this.graphQl.documentName("coldChainNode")
			.variable("id", GlobalId.encode("ColdChainMovement", movement))
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("ColdChainMovement")
			.path("node.to.name")
			.entity(String.class)
			.isEqualTo("节农贸市场");
	}

	@Test
	void unknownIdsMalformedCursorsAndBigPagesAreTypedErrors() {
		this.graphQl.documentName("coldChainBatch")
			.variable("id", batchId(987_654_321))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND && error.getPath().equals("coldChainBatch"))
			.verify()
			.path("coldChainBatch")
			.valueIsNull();
		this.graphQl.documentName("coldChainBatch")
			.variable("id", siteId(1))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("expected a ColdChainBatch"))
			.verify();
		this.graphQl.documentName("coldChainBatch")
			.variable("id", "not-an-id!")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
		this.graphQl.documentName("coldChainBatchByNumber")
			.variable("batchNo", "NO-SUCH-BATCH")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND)
			.verify();
		this.graphQl.documentName("coldChainBatches")
			.variable("first", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("at most 500"))
			.verify();
		this.graphQl.documentName("coldChainBatches")
			.variable("after", "garbage")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
		this.graphQl.documentName("coldChainBatches")
			.variable("filter", Map.of("area", "garbage!"))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST)
			.verify();
		this.graphQl.documentName("coldChainBatches")
			.variable("filter", Map.of("statuses", List.of("LOST")))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		this.graphQl.documentName("coldChainBatches")
			.variable("filter", Map.of("arrivedFrom", "yesterday"))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
	}

	@Test
	void nestedQueryStatementCountDoesNotGrowWithRows() {
		int small = threeLevelStatements(20);
		int large = threeLevelStatements(200);
		assertThat(large).isEqualTo(small);
		assertThat(small).isLessThanOrEqualTo(16);
	}

	private int threeLevelStatements(int batches) {
		World w = world("N" + batches);
		long place = w.grid().id();
		for (int i = 0; i < batches; i++) {
			long batch = this.fixtures.batch(w.warehouse(), ColdChainFixtures.batchNo(), "RELEASED",
					this.now.minusDays(3));
			this.fixtures.disinfection(batch, this.now.minusDays(3));
			this.fixtures.sample(batch, place, "NEGATIVE", this.now.minusDays(3), w.lab());
			this.fixtures.sample(batch, place, "NEGATIVE", this.now.minusDays(3), null);
			this.fixtures.movement(batch, w.warehouse(), w.market(), "100", this.now.minusDays(1), w.handlerA());
			this.fixtures.movement(batch, w.market(), (i % 2 == 0) ? w.restaurant() : w.supermarket(), "10",
					this.now.minusHours(12), w.handlerB());
		}
		this.statements.reset();
		this.graphQl.documentName("coldChainBatchesThreeLevels")
			.variable("filter", Map.of("area", w.chain()[0].globalId()))
			.variable("first", 500)
			.execute()
			.path("coldChainBatches.nodes")
			.entityList(Object.class)
			.hasSize(batches)
			.path("coldChainBatches.nodes[0].trace.sites[2].place.code")
			.entity(String.class)
			.isEqualTo(w.grid().code())
			.path("coldChainBatches.nodes[0].trace.handlerCount")
			.entity(Integer.class)
			.isEqualTo(2)
			.path("coldChainBatches.nodes[0].samples[0].lab.place.code")
			.hasValue()
			.path("coldChainBatches.nodes[0].movements[1].to.place.code")
			.hasValue();
		return this.statements.count();
	}

}
