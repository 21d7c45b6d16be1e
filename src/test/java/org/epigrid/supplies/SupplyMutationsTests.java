package org.epigrid.supplies;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;

import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.epigrid.jooq.Tables.SITE;
import static org.epigrid.jooq.Tables.STOCK_BALANCE;
import static org.epigrid.jooq.Tables.STOCK_MOVEMENT;
import static org.epigrid.jooq.Tables.STOCK_REQUIREMENT;
import static org.epigrid.jooq.Tables.SUPPLY_ITEM;
import static org.epigrid.supplies.StockFixtures.itemId;
import static org.epigrid.supplies.StockFixtures.siteId;

class SupplyMutationsTests extends IntegrationTest {

	private static final LocalDate TODAY = LocalDate.now();

	private StockFixtures stock;

	@BeforeEach
	void fixtures() {
		this.stock = new StockFixtures(this.db);
	}

	// the catalogue

	@Test
	void supplyItemsAreCreatedWithUniqueCodesAndUpdatedWithOptimisticLocking() {
		String code = "N95-" + System.nanoTime() % 1_000_000;
		Map<String, Object> input = Map.of("code", code, "name", " N95口罩 ", "category", "PPE", "unit", "只");
		String id = this.graphQl.mutate()
			.header("X-Epigrid-User", "depot.keeper")
			.build()
			.documentName("createSupplyItem")
			.variable("input", input)
			.execute()
			.path("createSupplyItem.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("createSupplyItem.item.name")
			.entity(String.class)
			.isEqualTo("N95口罩")
			.path("createSupplyItem.item.version")
			.entity(Integer.class)
			.isEqualTo(0)
			.path("createSupplyItem.item.id")
			.entity(String.class)
			.get();
		long item = GlobalId.decode(id, "SupplyItem");
		assertThat(this.db.select(SUPPLY_ITEM.CREATED_BY)
			.from(SUPPLY_ITEM)
			.where(SUPPLY_ITEM.ID.eq(item))
			.fetchOne()
			.value1()).isEqualTo("depot.keeper");

		int before = this.db.fetchCount(SUPPLY_ITEM);
		this.graphQl.documentName("createSupplyItem")
			.variable("input", input)
			.execute()
			.path("createSupplyItem.item")
			.valueIsNull()
			.path("createSupplyItem.errors[0].code")
			.entity(String.class)
			.isEqualTo("DUPLICATE")
			.path("createSupplyItem.errors[0].message")
			.entity(String.class)
			.isEqualTo("a supply item with this code exists");
		this.graphQl.documentName("createSupplyItem")
			.variable("input", Map.of("code", "bad code", "name", " ", "category", "PPE", "unit", ""))
			.execute()
			.path("createSupplyItem.errors[*].field")
			.entityList(String.class)
			.hasSize(3)
			.contains("input.code", "input.name", "input.unit");
		assertThat(this.db.fetchCount(SUPPLY_ITEM)).isEqualTo(before);

		Map<String, Object> update = new HashMap<>(
				Map.of("id", id, "expectedVersion", 0, "name", "医用防护口罩", "category", "MEDICAL_DEVICE"));
		this.graphQl.documentName("updateSupplyItem")
			.variable("input", update)
			.execute()
			.path("updateSupplyItem.item.name")
			.entity(String.class)
			.isEqualTo("医用防护口罩")
			.path("updateSupplyItem.item.category")
			.entity(String.class)
			.isEqualTo("MEDICAL_DEVICE")
			.path("updateSupplyItem.item.code")
			.entity(String.class)
			.isEqualTo(code)
			.path("updateSupplyItem.item.version")
			.entity(Integer.class)
			.isEqualTo(1);
		update.put("name", "迟到的改名");
		this.graphQl.documentName("updateSupplyItem")
			.variable("input", update)
			.execute()
			.path("updateSupplyItem.item")
			.valueIsNull()
			.path("updateSupplyItem.errors[0].code")
			.entity(String.class)
			.isEqualTo("CONFLICT");
		assertThat(
				this.db.select(SUPPLY_ITEM.NAME).from(SUPPLY_ITEM).where(SUPPLY_ITEM.ID.eq(item)).fetchOne().value1())
			.isEqualTo("医用防护口罩");
		this.graphQl.documentName("updateSupplyItem")
			.variable("input", Map.of("id", itemId(999_999_999), "expectedVersion", 0))
			.execute()
			.path("updateSupplyItem.errors[0].code")
			.entity(String.class)
			.isEqualTo("NOT_FOUND");
	}

	// receipts

	@Test
	void receiptCreatesTheLotAndLaterReceiptsAddToIt() {
		Sites s = sites("收");
		long masks = this.stock.item("MASK", "口罩", "PPE", "只");
		LocalDate expiry = TODAY.plusMonths(6);
		Moved first = moved(this.graphQl.mutate()
			.header("X-Epigrid-User", "depot.keeper")
			.build()
			.documentName("receiveStock")
			.variable("input",
					Map.of("site", siteId(s.depot()), "item", itemId(masks), "lot", " L1 ", "quantity", "100",
							"expiresOn", expiry.toString(), "reference", "送货单 0001"))
			.execute(), "receiveStock");
		assertThat(first.movement().kind()).isEqualTo("RECEIPT");
		assertThat(first.movement().quantity()).isEqualByComparingTo("100");
		assertThat(first.movement().lot()).isEqualTo("L1");
		assertThat(first.movement().reference()).isEqualTo("送货单 0001");
		assertThat(first.movement().site().id()).isEqualTo(siteId(s.depot()));
		assertThat(first.movement().counterpartSite()).isNull();
		assertThat(first.level().onHand()).isEqualByComparingTo("100");
		assertThat(lots(first.level())).containsExactly("L1 " + expiry + " 100");
		assertThat(this.db.select(STOCK_MOVEMENT.CREATED_BY)
			.from(STOCK_MOVEMENT)
			.where(STOCK_MOVEMENT.ID.eq(GlobalId.decode(first.movement().id(), "StockMovement")))
			.fetchOne()
			.value1()).isEqualTo("depot.keeper");

		// the same lot again, without repeating the expiry date; and a second lot
		Moved again = receive(s.depot(), masks, "L1", "50.5", null);
		assertThat(lots(again.level())).containsExactly("L1 " + expiry + " 150.5");
		Moved second = receive(s.depot(), masks, "L2", "20", TODAY.plusMonths(3));
		assertThat(second.level().onHand()).isEqualByComparingTo("170.5");
		assertThat(second.level().lots()).extracting(Lot::lot).containsExactly("L2", "L1");
		assertThat(this.db.fetchCount(STOCK_MOVEMENT, STOCK_MOVEMENT.SITE_ID.eq(s.depot()))).isEqualTo(3);
		assertBalancesEqualLedger(s);

		// a receipt naming another expiry date for a lot on hand is refused
		String before = snapshot(s);
		this.graphQl.documentName("receiveStock")
			.variable("input",
					Map.of("site", siteId(s.depot()), "item", itemId(masks), "lot", "L1", "quantity", "1", "expiresOn",
							TODAY.plusYears(2).toString()))
			.execute()
			.path("receiveStock.stockLevel")
			.valueIsNull()
			.path("receiveStock.errors[0].code")
			.entity(String.class)
			.isEqualTo("RULE_VIOLATED")
			.path("receiveStock.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.expiresOn");
		assertThat(snapshot(s)).isEqualTo(before);
	}

	// issues and consumption

	@Test
	void issueTakesFromTheLotForANamedRecipientAndRefusesMoreThanOnHand() {
		Sites s = sites("发");
		long kits = this.stock.item("KIT", "核酸检测试剂", "TESTING", "盒");
		receive(s.depot(), kits, "K1", "100", TODAY.plusMonths(6));
		Moved issued = moved(this.graphQl.documentName("issueStock")
			.variable("input",
					Map.of("site", siteId(s.depot()), "item", itemId(kits), "lot", "K1", "quantity", "30", "recipient",
							"发热门诊", "reference", "领用单 17"))
			.execute(), "issueStock");
		assertThat(issued.movement().kind()).isEqualTo("ISSUE");
		assertThat(issued.movement().quantity()).isEqualByComparingTo("-30");
		assertThat(issued.movement().reference()).isEqualTo("发热门诊 · 领用单 17");
		assertThat(issued.level().onHand()).isEqualByComparingTo("70");

		String before = snapshot(s);
		List<Error> errors = errors(this.graphQl.documentName("issueStock")
			.variable("input",
					Map.of("site", siteId(s.depot()), "item", itemId(kits), "lot", "K1", "quantity", "70.01",
							"recipient", "发热门诊"))
			.execute(), "issueStock");
		assertThat(errors).singleElement().satisfies((error) -> {
			assertThat(error.code()).isEqualTo("INSUFFICIENT_STOCK");
			assertThat(error.field()).isEqualTo("input.quantity");
			assertThat(error.message()).contains("only 70 of lot K1 on hand");
		});
		// a lot the site does not hold has nothing on hand
		assertThat(errors(this.graphQl.documentName("issueStock")
			.variable("input",
					Map.of("site", siteId(s.depot()), "item", itemId(kits), "lot", "NOPE", "quantity", "1", "recipient",
							"发热门诊"))
			.execute(), "issueStock")).extracting(Error::code).containsExactly("INSUFFICIENT_STOCK");
		// the recipient is required
		assertThat(errors(this.graphQl.documentName("issueStock")
			.variable("input",
					Map.of("site", siteId(s.depot()), "item", itemId(kits), "lot", "K1", "quantity", "1", "recipient",
							"  "))
			.execute(), "issueStock")).extracting(Error::field).containsExactly("input.recipient");
		assertThat(snapshot(s)).isEqualTo(before);

		// all of it can go
		Moved rest = moved(this.graphQl.documentName("issueStock")
			.variable("input",
					Map.of("site", siteId(s.depot()), "item", itemId(kits), "lot", "K1", "quantity", "70", "recipient",
							"方舱医院"))
			.execute(), "issueStock");
		assertThat(rest.level().onHand()).isEqualByComparingTo("0");
		assertBalancesEqualLedger(s);
	}

	@Test
	void consumptionTakesFromTheLot() {
		Sites s = sites("耗");
		long disinfectant = this.stock.item("DIS", "84消毒液", "DISINFECTANT", "升");
		receive(s.hospital(), disinfectant, "D1", "10", null);
		Moved used = moved(this.graphQl.documentName("recordConsumption")
			.variable("input",
					Map.of("site", siteId(s.hospital()), "item", itemId(disinfectant), "lot", "D1", "quantity", "2.5",
							"reference", "病区消杀"))
			.execute(), "recordConsumption");
		assertThat(used.movement().kind()).isEqualTo("CONSUMPTION");
		assertThat(used.movement().quantity()).isEqualByComparingTo("-2.5");
		assertThat(used.level().onHand()).isEqualByComparingTo("7.5");
		String before = snapshot(s);
		assertThat(errors(this.graphQl.documentName("recordConsumption")
			.variable("input",
					Map.of("site", siteId(s.hospital()), "item", itemId(disinfectant), "lot", "D1", "quantity", "8"))
			.execute(), "recordConsumption")).extracting(Error::code).containsExactly("INSUFFICIENT_STOCK");
		assertThat(snapshot(s)).isEqualTo(before);
		assertBalancesEqualLedger(s);
	}

	// transfers

	@Test
	void transferMovesTheLotWithItsExpiryAndNamesTheOtherSiteBothWays() {
		Sites s = sites("调");
		long masks = this.stock.item("MASK", "口罩", "PPE", "只");
		LocalDate expiry = TODAY.plusMonths(9);
		receive(s.depot(), masks, "M1", "100", expiry);
		GraphQlTester.Response response = transfer(s.depot(), s.hospital(), masks, "M1", "40");
		Movement out = response.path("transferStock.outgoing").entity(Movement.class).get();
		Movement in = response.path("transferStock.incoming").entity(Movement.class).get();
		Level source = response.path("transferStock.source").entity(Level.class).get();
		Level destination = response.path("transferStock.destination").entity(Level.class).get();
		response.path("transferStock.errors").entityList(Object.class).hasSize(0);
		assertThat(out.kind()).isEqualTo("TRANSFER_OUT");
		assertThat(out.quantity()).isEqualByComparingTo("-40");
		assertThat(out.site().id()).isEqualTo(siteId(s.depot()));
		assertThat(out.counterpartSite().id()).isEqualTo(siteId(s.hospital()));
		assertThat(in.kind()).isEqualTo("TRANSFER_IN");
		assertThat(in.quantity()).isEqualByComparingTo("40");
		assertThat(in.site().id()).isEqualTo(siteId(s.hospital()));
		assertThat(in.counterpartSite().id()).isEqualTo(siteId(s.depot()));
		assertThat(in.lot()).isEqualTo("M1");
		assertThat(source.onHand()).isEqualByComparingTo("60");
		assertThat(destination.onHand()).isEqualByComparingTo("40");
		assertThat(lots(destination)).containsExactly("M1 " + expiry + " 40");

		// into the balance the destination now has
		transfer(s.depot(), s.hospital(), masks, "M1", "10").path("transferStock.destination.onHand")
			.entity(BigDecimal.class)
			.satisfies((onHand) -> assertThat(onHand).isEqualByComparingTo("50"));
		assertBalancesEqualLedger(s);

		// refusals: more than on hand (no balance is created at the destination either),
		// to the same site
		String before = snapshot(s);
		assertThat(errors(transfer(s.depot(), s.other(), masks, "M1", "50.01"), "transferStock"))
			.extracting(Error::code, Error::field)
			.containsExactly(tuple("INSUFFICIENT_STOCK", "input.quantity"));
		assertThat(errors(transfer(s.depot(), s.depot(), masks, "M1", "1"), "transferStock"))
			.extracting(Error::code, Error::field)
			.containsExactly(tuple("INVALID_VALUE", "input.to"));
		assertThat(snapshot(s)).isEqualTo(before);
	}

	@Test
	void stockOfAClosedSiteCanBeTransferredAwayButNothingCanGoIn() {
		Sites s = sites("闭");
		long masks = this.stock.item("MASK", "口罩", "PPE", "只");
		receive(s.depot(), masks, "C1", "10", null);
		receive(s.hospital(), masks, "C1", "10", null);
		close(s.hospital());
		String before = snapshot(s);
		assertThat(errors(transfer(s.depot(), s.hospital(), masks, "C1", "1"), "transferStock"))
			.extracting(Error::code, Error::field)
			.containsExactly(tuple("RULE_VIOLATED", "input.to"));
		assertThat(errors(this.graphQl.documentName("receiveStock")
			.variable("input",
					Map.of("site", siteId(s.hospital()), "item", itemId(masks), "lot", "C1", "quantity", "1"))
			.execute(), "receiveStock")).extracting(Error::code, Error::field)
			.containsExactly(tuple("RULE_VIOLATED", "input.site"));
		assertThat(errors(this.graphQl.documentName("issueStock")
			.variable("input",
					Map.of("site", siteId(s.hospital()), "item", itemId(masks), "lot", "C1", "quantity", "1",
							"recipient", "x"))
			.execute(), "issueStock")).extracting(Error::code).containsExactly("RULE_VIOLATED");
		assertThat(snapshot(s)).isEqualTo(before);
		transfer(s.hospital(), s.depot(), masks, "C1", "10").path("transferStock.source.onHand")
			.entity(BigDecimal.class)
			.satisfies((onHand) -> assertThat(onHand).isEqualByComparingTo("0"));
		assertBalancesEqualLedger(s);
	}

	// adjustments

	@Test
	void adjustmentsCorrectALotEitherWayWithAReason() {
		Sites s = sites("盘");
		long gowns = this.stock.item("GOWN", "防护服", "PPE", "套");
		receive(s.depot(), gowns, "G1", "50", null);
		Moved up = adjust(s.depot(), gowns, "G1", "5", "盘点多出");
		assertThat(up.movement().kind()).isEqualTo("ADJUSTMENT");
		assertThat(up.movement().quantity()).isEqualByComparingTo("5");
		assertThat(up.movement().reference()).isEqualTo("盘点多出");
		assertThat(up.level().onHand()).isEqualByComparingTo("55");
		Moved down = adjust(s.depot(), gowns, "G1", "-7.25", "破损");
		assertThat(down.movement().quantity()).isEqualByComparingTo("-7.25");
		assertThat(down.level().onHand()).isEqualByComparingTo("47.75");
		assertBalancesEqualLedger(s);

		String before = snapshot(s);
		assertThat(adjustErrors(s.depot(), gowns, "G1", "-47.76", "盘点短少")).extracting(Error::code, Error::field)
			.containsExactly(tuple("INSUFFICIENT_STOCK", "input.quantity"));
		assertThat(adjustErrors(s.depot(), gowns, "G1", "3", " ")).extracting(Error::code, Error::field)
			.containsExactly(tuple("INVALID_VALUE", "input.reason"));
		assertThat(adjustErrors(s.depot(), gowns, "G1", "0", "盘点")).extracting(Error::code, Error::field)
			.containsExactly(tuple("INVALID_VALUE", "input.quantity"));
		assertThat(adjustErrors(s.depot(), gowns, "NEW", "3", "盘点多出")).extracting(Error::code, Error::field)
			.containsExactly(tuple("NOT_FOUND", "input.lot"));
		assertThat(snapshot(s)).isEqualTo(before);
	}

	// expiry

	@Test
	void expiryWritesOffAQuantityOfAnExpiredLot() {
		Sites s = sites("期");
		long kits = this.stock.item("KIT", "抗原试剂", "TESTING", "盒");
		receive(s.depot(), kits, "OLD", "20", TODAY.minusDays(1));
		receive(s.depot(), kits, "NEW", "20", TODAY.plusMonths(1));
		Moved expired = moved(this.graphQl.documentName("expireStock")
			.variable("input",
					Map.of("site", siteId(s.depot()), "item", itemId(kits), "lot", "OLD", "quantity", "5", "reference",
							"报废审批 3"))
			.execute(), "expireStock", "stockLevels[0]", "movements[0]");
		assertThat(expired.movement().kind()).isEqualTo("EXPIRY");
		assertThat(expired.movement().quantity()).isEqualByComparingTo("-5");
		assertThat(expired.level().onHand()).isEqualByComparingTo("35");

		String before = snapshot(s);
		// a lot that is still good, more than on hand, a lot without quantity
		assertThat(expireErrors(Map.of("site", siteId(s.depot()), "item", itemId(kits), "lot", "NEW", "quantity", "1")))
			.extracting(Error::code, Error::field)
			.containsExactly(tuple("RULE_VIOLATED", "input.lot"));
		assertThat(
				expireErrors(Map.of("site", siteId(s.depot()), "item", itemId(kits), "lot", "OLD", "quantity", "16")))
			.extracting(Error::code)
			.containsExactly("INSUFFICIENT_STOCK");
		assertThat(expireErrors(Map.of("site", siteId(s.depot()), "item", itemId(kits), "lot", "OLD")))
			.extracting(Error::field)
			.containsExactly("input.quantity");
		assertThat(expireErrors(Map.of("site", siteId(s.depot()), "quantity", "1"))).extracting(Error::field)
			.containsExactlyInAnyOrder("input.item", "input.lot");
		assertThat(snapshot(s)).isEqualTo(before);
		assertBalancesEqualLedger(s);
	}

	@Test
	void expiryWithoutALotWritesOffEverythingPastItsExpiryDate() {
		Sites s = sites("废");
		long kits = this.stock.item("KIT", "抗原试剂", "TESTING", "盒");
		long vaccine = this.stock.item("VAC", "疫苗", "VACCINE", "支");
		receive(s.depot(), kits, "K-OLD", "20", TODAY.minusDays(10));
		receive(s.depot(), kits, "K-NEW", "30", TODAY.plusDays(10));
		receive(s.depot(), kits, "K-TODAY", "4", TODAY);
		receive(s.depot(), vaccine, "V-OLD", "7.5", TODAY.minusDays(1));
		receive(s.depot(), vaccine, "V-EMPTY", "1", TODAY.minusDays(1));
		adjust(s.depot(), vaccine, "V-EMPTY", "-1", "破损");
		receive(s.hospital(), kits, "K-OLD", "3", TODAY.minusDays(10));

		GraphQlTester.Response response = this.graphQl.documentName("expireStock")
			.variable("input", Map.of("site", siteId(s.depot())))
			.execute();
		response.path("expireStock.errors").entityList(Object.class).hasSize(0);
		List<Movement> movements = response.path("expireStock.movements").entityList(Movement.class).get();
		List<Level> levels = response.path("expireStock.stockLevels").entityList(Level.class).get();
		assertThat(movements).extracting(Movement::kind, Movement::lot, (m) -> plain(m.quantity()))
			.containsExactly(tuple("EXPIRY", "K-OLD", "-20"), tuple("EXPIRY", "V-OLD", "-7.5"));
		assertThat(levels).extracting((level) -> level.item().id(), (level) -> plain(level.onHand()))
			.containsExactly(tuple(itemId(kits), "34"), tuple(itemId(vaccine), "0"));
		// the hospital's lot is another site's
		assertThat(onHand(s.hospital(), kits, "K-OLD")).isEqualByComparingTo("3");
		assertBalancesEqualLedger(s);

		// nothing more to write off
		this.graphQl.documentName("expireStock")
			.variable("input", Map.of("site", siteId(s.depot())))
			.execute()
			.path("expireStock.movements")
			.entityList(Object.class)
			.hasSize(0)
			.path("expireStock.errors")
			.entityList(Object.class)
			.hasSize(0);

		// limited to one item
		receive(s.hospital(), vaccine, "V-OLD", "2", TODAY.minusDays(1));
		this.graphQl.documentName("expireStock")
			.variable("input", Map.of("site", siteId(s.hospital()), "item", itemId(vaccine)))
			.execute()
			.path("expireStock.movements[*].lot")
			.entityList(String.class)
			.containsExactly("V-OLD");
		assertThat(onHand(s.hospital(), kits, "K-OLD")).isEqualByComparingTo("3");
		assertBalancesEqualLedger(s);
	}

	// requirements

	@Test
	void requirementsAreSetWithThePolicyDefaultTargetAndReplacedAndRemoved() {
		Sites s = sites("需");
		long masks = this.stock.item("MASK", "口罩", "PPE", "只");
		receive(s.hospital(), masks, "R1", "300", null);
		Level level = this.graphQl.documentName("setStockRequirement")
			.variable("input", Map.of("site", siteId(s.hospital()), "item", itemId(masks), "fullLoadDailyUse", "20"))
			.execute()
			.path("setStockRequirement.stockLevel")
			.entity(Level.class)
			.get();
		// 300 on hand at 20 a day is 15 days, under the default target of 30 days
		assertThat(level.targetDays()).isEqualTo(30);
		assertThat(level.fullLoadDailyUse()).isEqualByComparingTo("20");
		assertThat(level.daysOfCover()).isEqualTo(300.0 / 20);
		assertThat(level.belowTarget()).isTrue();

		level = this.graphQl.documentName("setStockRequirement")
			.variable("input",
					Map.of("site", siteId(s.hospital()), "item", itemId(masks), "fullLoadDailyUse", "10", "targetDays",
							25))
			.execute()
			.path("setStockRequirement.stockLevel")
			.entity(Level.class)
			.get();
		assertThat(level.targetDays()).isEqualTo(25);
		assertThat(level.daysOfCover()).isEqualTo(300.0 / 10);
		assertThat(level.belowTarget()).isFalse();
		var row = this.db.selectFrom(STOCK_REQUIREMENT)
			.where(STOCK_REQUIREMENT.SITE_ID.eq(s.hospital()), STOCK_REQUIREMENT.ITEM_ID.eq(masks))
			.fetchOne();
		assertThat(row.getVersion()).isEqualTo(1);

		// a requirement for an item with no stock is a level with nothing on hand
		long kits = this.stock.item("KIT", "试剂", "TESTING", "盒");
		this.graphQl.documentName("setStockRequirement")
			.variable("input", Map.of("site", siteId(s.hospital()), "item", itemId(kits), "fullLoadDailyUse", "5"))
			.execute()
			.path("setStockRequirement.stockLevel.onHand")
			.entity(BigDecimal.class)
			.satisfies((onHand) -> assertThat(onHand).isEqualByComparingTo("0"));

		String before = snapshot(s);
		this.graphQl.documentName("setStockRequirement")
			.variable("input",
					Map.of("site", siteId(s.hospital()), "item", itemId(masks), "fullLoadDailyUse", "0", "targetDays",
							0))
			.execute()
			.path("setStockRequirement.errors[*].field")
			.entityList(String.class)
			.hasSize(2)
			.contains("input.fullLoadDailyUse", "input.targetDays");
		assertThat(snapshot(s)).isEqualTo(before);

		this.graphQl.documentName("removeStockRequirement")
			.variable("input", Map.of("site", siteId(s.hospital()), "item", itemId(masks)))
			.execute()
			.path("removeStockRequirement.stockLevel.onHand")
			.entity(BigDecimal.class)
			.satisfies((onHand) -> assertThat(onHand).isEqualByComparingTo("300"))
			.path("removeStockRequirement.stockLevel.fullLoadDailyUse")
			.valueIsNull();
		this.graphQl.documentName("removeStockRequirement")
			.variable("input", Map.of("site", siteId(s.hospital()), "item", itemId(kits)))
			.execute()
			.path("removeStockRequirement.stockLevel")
			.valueIsNull()
			.path("removeStockRequirement.errors")
			.entityList(Object.class)
			.hasSize(0);
		before = snapshot(s);
		this.graphQl.documentName("removeStockRequirement")
			.variable("input", Map.of("site", siteId(s.hospital()), "item", itemId(masks)))
			.execute()
			.path("removeStockRequirement.errors[0].code")
			.entity(String.class)
			.isEqualTo("NOT_FOUND");
		assertThat(snapshot(s)).isEqualTo(before);
	}

	// refusals shared by every ledger operation

	@Test
	void unknownSitesAndItemsAndBadQuantitiesAreRefusedAndChangeNothing() {
		Sites s = sites("错");
		long masks = this.stock.item("MASK", "口罩", "PPE", "只");
		receive(s.depot(), masks, "E1", "10", null);
		close(s.other());
		String before = snapshot(s);
		String unknownSite = siteId(999_999_999);
		String unknownItem = itemId(999_999_999);
		for (String document : List.of("receiveStock", "issueStock", "recordConsumption", "adjustStock")) {
			Map<String, Object> input = new HashMap<>(Map.of("site", siteId(s.depot()), "item", itemId(masks), "lot",
					"E1", "quantity", "1", "recipient", "门诊", "reason", "盘点"));
			if (!document.equals("issueStock")) {
				input.remove("recipient");
			}
			if (!document.equals("adjustStock")) {
				input.remove("reason");
			}
			assertThat(errors(execute(document, input, "site", unknownSite), document))
				.as(document + " at an unknown site")
				.extracting(Error::code, Error::field)
				.containsExactly(tuple("NOT_FOUND", "input.site"));
			assertThat(errors(execute(document, input, "item", unknownItem), document))
				.as(document + " of an unknown item")
				.extracting(Error::code, Error::field)
				.containsExactly(tuple("NOT_FOUND", "input.item"));
			assertThat(errors(execute(document, input, "site", siteId(s.other())), document))
				.as(document + " at a closed site")
				.extracting(Error::code, Error::field)
				.containsExactly(tuple("RULE_VIOLATED", "input.site"));
			List<String> bad = document.equals("adjustStock") ? List.of("0", "1.005", "-0.001", "1000000000000")
					: List.of("0", "-1", "1.005", "0.001", "1000000000000");
			for (String quantity : bad) {
				assertThat(errors(execute(document, input, "quantity", quantity), document))
					.as(document + " of " + quantity)
					.extracting(Error::code, Error::field)
					.containsExactly(tuple("INVALID_VALUE", "input.quantity"));
			}
			assertThat(errors(execute(document, input, "lot", "  "), document)).as(document + " of a blank lot")
				.extracting(Error::field)
				.containsExactly("input.lot");
			assertThat(errors(execute(document, input, "occurredAt", OffsetDateTime.now().plusDays(1).toString()),
					document))
				.as(document + " ahead of time")
				.extracting(Error::field)
				.containsExactly("input.occurredAt");
		}
		// errors are collected, not stopped at the first
		assertThat(errors(this.graphQl.documentName("transferStock")
			.variable("input",
					Map.of("from", unknownSite, "to", siteId(s.other()), "item", unknownItem, "lot", "E1", "quantity",
							"-1"))
			.execute(), "transferStock")).extracting(Error::field)
			.containsExactlyInAnyOrder("input.from", "input.to", "input.item", "input.quantity");
		assertThat(snapshot(s)).isEqualTo(before);

		// malformed ids are bad requests, not payload errors
		this.graphQl.documentName("issueStock")
			.variable("input",
					Map.of("site", "not-an-id", "item", itemId(masks), "lot", "E1", "quantity", "1", "recipient", "x"))
			.execute()
			.errors()
			.satisfy((errors) -> assertThat(errors).singleElement()
				.satisfies((error) -> assertThat(error.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST)));
		// a quantity that is not a number is a validation error
		this.graphQl.documentName("issueStock")
			.variable("input",
					Map.of("site", siteId(s.depot()), "item", itemId(masks), "lot", "E1", "quantity", "many",
							"recipient", "x"))
			.execute()
			.errors()
			.satisfy((errors) -> assertThat(errors).isNotEmpty()
				.allSatisfy((error) -> assertThat(error.getErrorType()).isEqualTo(graphql.ErrorType.ValidationError)));
		assertThat(snapshot(s)).isEqualTo(before);
	}

	// concurrency

	@Test
	void concurrentIssuesNeverOverdrawAndLoseNoMovement() throws Exception {
		Sites s = sites("并");
		long masks = this.stock.item("MASK", "口罩", "PPE", "只");
		receive(s.depot(), masks, "P1", "200", null);
		int threads = 16;
		int attempts = 20;
		Map<String, Object> input = Map.of("site", siteId(s.depot()), "item", itemId(masks), "lot", "P1", "quantity",
				"10", "recipient", "发热门诊");
		List<List<String>> outcomes = runConcurrently(threads, (thread) -> {
			List<String> codes = new ArrayList<>();
			for (int i = 0; i < attempts; i++) {
				GraphQlTester.Response response = this.graphQl.documentName("issueStock")
					.variable("input", input)
					.execute();
				List<Error> errors = errors(response, "issueStock");
				if (errors.isEmpty()) {
					BigDecimal after = response.path("issueStock.stockLevel.onHand").entity(BigDecimal.class).get();
					assertThat(after).isGreaterThanOrEqualTo(BigDecimal.ZERO);
					codes.add("OK");
				}
				else {
					codes.addAll(errors.stream().map(Error::code).toList());
				}
			}
			return codes;
		});
		List<String> all = outcomes.stream().flatMap(List::stream).toList();
		long issued = all.stream().filter("OK"::equals).count();
		assertThat(all).hasSize(threads * attempts);
		assertThat(all).filteredOn((code) -> !code.equals("OK")).containsOnly("INSUFFICIENT_STOCK");
		// 200 covers exactly twenty issues of 10; every attempt after that is refused
		assertThat(issued).isEqualTo(20);
		assertThat(onHand(s.depot(), masks, "P1")).isEqualByComparingTo(new BigDecimal(200 - 10 * issued));
		assertThat(this.db.fetchCount(STOCK_MOVEMENT, STOCK_MOVEMENT.SITE_ID.eq(s.depot()),
				STOCK_MOVEMENT.KIND.eq("ISSUE")))
			.isEqualTo((int) issued);
		assertBalancesEqualLedger(s);
	}

	@Test
	void concurrentTransfersBothWaysNeitherDeadlockNorLoseStock() throws Exception {
		Sites s = sites("互");
		long masks = this.stock.item("MASK", "口罩", "PPE", "只");
		receive(s.depot(), masks, "X1", "1000", TODAY.plusYears(1));
		receive(s.hospital(), masks, "X1", "1000", TODAY.plusYears(1));
		int threads = 8;
		int transfers = 15;
		List<List<String>> outcomes = runConcurrently(threads, (thread) -> {
			long from = (thread % 2 == 0) ? s.depot() : s.hospital();
			long to = (thread % 2 == 0) ? s.hospital() : s.depot();
			List<String> codes = new ArrayList<>();
			for (int i = 0; i < transfers; i++) {
				List<Error> errors = errors(transfer(from, to, masks, "X1", "3"), "transferStock");
				codes.add(errors.isEmpty() ? "OK" : errors.get(0).code());
			}
			return codes;
		});
		// 1000 on each side and at most 4 × 15 × 3 = 180 sent one way: nothing is
		// refused,
		// and every request got an answer (a deadlock would be an INTERNAL_ERROR)
		assertThat(outcomes.stream().flatMap(List::stream)).hasSize(threads * transfers).containsOnly("OK");
		assertThat(onHand(s.depot(), masks, "X1")).isEqualByComparingTo("1000");
		assertThat(onHand(s.hospital(), masks, "X1")).isEqualByComparingTo("1000");
		assertThat(this.db.fetchCount(STOCK_MOVEMENT, STOCK_MOVEMENT.SITE_ID.in(s.depot(), s.hospital()),
				STOCK_MOVEMENT.KIND.in("TRANSFER_OUT", "TRANSFER_IN")))
			.isEqualTo(2 * threads * transfers);
		assertBalancesEqualLedger(s);
	}

	// helpers

	private <T> List<T> runConcurrently(int threads, ThreadWork<T> work) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				Callable<T> task = () -> {
					start.await();
					return work.run(thread);
				};
				futures.add(pool.submit(task));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(2, TimeUnit.MINUTES));
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	@FunctionalInterface
	interface ThreadWork<T> {

		T run(int thread) throws Exception;

	}

	/** A depot, a hospital and a third site, in a fresh place chain. */
	private Sites sites(String prefix) {
		Ref[] chain = this.data.chain(prefix);
		return new Sites(this.data.site(chain[4], "SUPPLY_DEPOT", prefix + "物资库"),
				this.data.site(chain[4], "HOSPITAL", prefix + "医院"),
				this.data.site(chain[4], "TESTING_SITE", prefix + "采样点"));
	}

	private void close(long site) {
		this.db.update(SITE).set(SITE.STATUS, "CLOSED").where(SITE.ID.eq(site)).execute();
	}

	private Moved receive(long site, long item, String lot, String quantity, @Nullable LocalDate expiresOn) {
		Map<String, Object> input = new HashMap<>(
				Map.of("site", siteId(site), "item", itemId(item), "lot", lot, "quantity", quantity));
		if (expiresOn != null) {
			input.put("expiresOn", expiresOn.toString());
		}
		return moved(this.graphQl.documentName("receiveStock").variable("input", input).execute(), "receiveStock");
	}

	private GraphQlTester.Response transfer(long from, long to, long item, String lot, String quantity) {
		return this.graphQl.documentName("transferStock")
			.variable("input",
					Map.of("from", siteId(from), "to", siteId(to), "item", itemId(item), "lot", lot, "quantity",
							quantity))
			.execute();
	}

	private Moved adjust(long site, long item, String lot, String quantity, String reason) {
		return moved(adjustResponse(site, item, lot, quantity, reason), "adjustStock");
	}

	private List<Error> adjustErrors(long site, long item, String lot, String quantity, String reason) {
		return errors(adjustResponse(site, item, lot, quantity, reason), "adjustStock");
	}

	private GraphQlTester.Response adjustResponse(long site, long item, String lot, String quantity, String reason) {
		return this.graphQl.documentName("adjustStock")
			.variable("input",
					Map.of("site", siteId(site), "item", itemId(item), "lot", lot, "quantity", quantity, "reason",
							reason))
			.execute();
	}

	private List<Error> expireErrors(Map<String, Object> input) {
		return errors(this.graphQl.documentName("expireStock").variable("input", input).execute(), "expireStock");
	}

	private GraphQlTester.Response execute(String document, Map<String, Object> input, String key, Object value) {
		Map<String, Object> changed = new HashMap<>(input);
		changed.put(key, value);
		return this.graphQl.documentName(document).variable("input", changed).execute();
	}

	private static Moved moved(GraphQlTester.Response response, String mutation) {
		return moved(response, mutation, "stockLevel", "movement");
	}

	private static Moved moved(GraphQlTester.Response response, String mutation, String level, String movement) {
		response.path(mutation + ".errors").entityList(Error.class).hasSize(0);
		return new Moved(response.path(mutation + "." + level).entity(Level.class).get(),
				response.path(mutation + "." + movement).entity(Movement.class).get());
	}

	private static List<Error> errors(GraphQlTester.Response response, String mutation) {
		return response.path(mutation + ".errors").entityList(Error.class).get();
	}

	private static List<String> lots(Level level) {
		return level.lots()
			.stream()
			.map((lot) -> lot.lot() + " " + lot.expiresOn() + " " + plain(lot.onHand()))
			.toList();
	}

	private static String plain(BigDecimal value) {
		return value.stripTrailingZeros().toPlainString();
	}

	private BigDecimal onHand(long site, long item, String lot) {
		return this.db.select(STOCK_BALANCE.ON_HAND)
			.from(STOCK_BALANCE)
			.where(STOCK_BALANCE.SITE_ID.eq(site), STOCK_BALANCE.ITEM_ID.eq(item), STOCK_BALANCE.LOT.eq(lot))
			.fetchOne(STOCK_BALANCE.ON_HAND);
	}

	/**
	 * Every balance at the scenario's sites equals the sum of its movements, and every
	 * movement has its balance.
	 */
	private void assertBalancesEqualLedger(Sites s) {
		List<Long> sites = List.of(s.depot(), s.hospital(), s.other());
		var ledger = this.db
			.select(STOCK_MOVEMENT.SITE_ID, STOCK_MOVEMENT.ITEM_ID, STOCK_MOVEMENT.LOT,
					org.jooq.impl.DSL.sum(STOCK_MOVEMENT.QUANTITY))
			.from(STOCK_MOVEMENT)
			.where(STOCK_MOVEMENT.SITE_ID.in(sites))
			.groupBy(STOCK_MOVEMENT.SITE_ID, STOCK_MOVEMENT.ITEM_ID, STOCK_MOVEMENT.LOT)
			.fetchMap((r) -> r.value1() + "/" + r.value2() + "/" + r.value3(), (r) -> r.value4().stripTrailingZeros());
		var balances = this.db
			.select(STOCK_BALANCE.SITE_ID, STOCK_BALANCE.ITEM_ID, STOCK_BALANCE.LOT, STOCK_BALANCE.ON_HAND)
			.from(STOCK_BALANCE)
			.where(STOCK_BALANCE.SITE_ID.in(sites))
			.fetchMap((r) -> r.value1() + "/" + r.value2() + "/" + r.value3(), (r) -> r.value4().stripTrailingZeros());
		assertThat(balances).isNotEmpty().isEqualTo(ledger);
		assertThat(balances.values()).allSatisfy((onHand) -> assertThat(onHand).isNotNegative());
	}

	/**
	 * Everything the supply mutations write at the scenario's sites: balances (with
	 * versions), movements and requirements.
	 */
	private String snapshot(Sites s) {
		List<Long> sites = List.of(s.depot(), s.hospital(), s.other());
		return String.join("\n",
				this.db.selectFrom(STOCK_BALANCE)
					.where(STOCK_BALANCE.SITE_ID.in(sites))
					.orderBy(STOCK_BALANCE.ID)
					.fetch()
					.formatCSV(),
				this.db.selectFrom(STOCK_MOVEMENT)
					.where(STOCK_MOVEMENT.SITE_ID.in(sites))
					.orderBy(STOCK_MOVEMENT.ID)
					.fetch()
					.formatCSV(),
				this.db.selectFrom(STOCK_REQUIREMENT)
					.where(STOCK_REQUIREMENT.SITE_ID.in(sites))
					.orderBy(STOCK_REQUIREMENT.SITE_ID, STOCK_REQUIREMENT.ITEM_ID)
					.fetch()
					.formatCSV(),
				String.valueOf(this.db.fetchCount(SUPPLY_ITEM)));
	}

	record Sites(long depot, long hospital, long other) {
	}

	record Id(String id) {
	}

	record Lot(String lot, @Nullable String expiresOn, BigDecimal onHand) {
	}

	record Level(Id site, Id item, BigDecimal onHand, List<Lot> lots, @Nullable BigDecimal fullLoadDailyUse,
			@Nullable Integer targetDays, @Nullable Double daysOfCover, boolean belowTarget) {
	}

	record Movement(String id, String kind, BigDecimal quantity, String lot, String occurredAt,
			@Nullable String reference, Id site, Id item, @Nullable Id counterpartSite) {
	}

	record Moved(Level level, Movement movement) {
	}

	record Error(String code, String message, @Nullable String field) {
	}

}
