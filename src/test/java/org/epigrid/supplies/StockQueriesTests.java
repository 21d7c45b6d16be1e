package org.epigrid.supplies;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;

import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.supplies.StockFixtures.itemId;
import static org.epigrid.supplies.StockFixtures.movementId;
import static org.epigrid.supplies.StockFixtures.siteId;

class StockQueriesTests extends IntegrationTest {

	private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

	private StockFixtures stock;

	@BeforeEach
	void fixtures() {
		this.stock = new StockFixtures(this.db);
	}

	@Test
	void stockSumsLotsAndMeasuresDaysOfCoverAgainstTheRequirement() {
		Scenario s = scenario("物甲");
		List<Level> levels = this.graphQl.documentName("stock")
			.variable("filter", Map.of("area", s.city().globalId()))
			.execute()
			.path("stock.totalCount")
			.entity(Integer.class)
			.isEqualTo(5)
			.path("stock.edges[*].node")
			.entityList(Level.class)
			.get();
		// ordered by site, then item: depot before hospital, masks before kits before
		// disinfectant
		assertThat(levels).extracting(Level::key)
			.containsExactly(s.key(s.depot(), s.masks()), s.key(s.depot(), s.kits()),
					s.key(s.depot(), s.disinfectant()), s.key(s.hospital(), s.masks()), s.key(s.hospital(), s.kits()));

		// depot masks: lots of 200 and 250, 30 a day at full load, default target 30 days
		BigDecimal depotMasks = new BigDecimal("200").add(new BigDecimal("250"));
		double depotMaskDays = depotMasks.doubleValue() / 30;
		assertThat(depotMaskDays).isEqualTo(15.0);
		assertLevel(levels.get(0), depotMasks, "30", 30, depotMaskDays, depotMaskDays < 30);
		assertThat(levels.get(0).belowTarget()).isTrue();

		// depot test kits: 3100 at 100 a day is 31 days, one day over target
		double depotKitDays = 3100.0 / 100;
		assertLevel(levels.get(1), new BigDecimal("3100"), "100", 30, depotKitDays, depotKitDays < 30);
		assertThat(levels.get(1).belowTarget()).isFalse();

		// depot disinfectant: stock but no requirement, so no cover and no alert
		assertThat(levels.get(2).onHand()).isEqualByComparingTo(new BigDecimal("80.5").add(new BigDecimal("19.5")));
		assertThat(levels.get(2).fullLoadDailyUse()).isNull();
		assertThat(levels.get(2).targetDays()).isNull();
		assertThat(levels.get(2).daysOfCover()).isNull();
		assertThat(levels.get(2).belowTarget()).isFalse();

		// hospital masks: a requirement and nothing on hand, the most urgent alert
		assertLevel(levels.get(3), BigDecimal.ZERO, "10", 30, 0.0, true);

		// hospital test kits: 1000 at 20 a day is 50 days, under its own target of 60
		double hospitalKitDays = 1000.0 / 20;
		assertLevel(levels.get(4), new BigDecimal("1000"), "20", 60, hospitalKitDays, hospitalKitDays < 60);
		assertThat(levels.get(4).belowTarget()).isTrue();
	}

	@Test
	void stockFiltersByAreaSiteCategoryItemsAndBelowTarget() {
		Scenario a = scenario("物乙");
		Scenario b = scenario("物己");

		assertThat(stockKeys(Map.of("area", a.city().globalId()))).hasSize(5).allMatch((key) -> key.startsWith("物乙"));
		assertThat(stockKeys(Map.of("area", b.chain()[1].globalId()))).hasSize(5)
			.allMatch((key) -> key.startsWith("物己"));
		// the area itself counts: the sites are in the grid
		assertThat(stockKeys(Map.of("area", a.grid().globalId()))).hasSize(5);
		// a place outside both scenarios
		Ref elsewhere = this.data.chain("物庚")[0];
		assertThat(stockKeys(Map.of("area", elsewhere.globalId()))).isEmpty();

		assertThat(stockKeys(Map.of("site", siteId(a.hospital())))).containsExactly(a.key(a.hospital(), a.masks()),
				a.key(a.hospital(), a.kits()));
		assertThat(stockKeys(Map.of("area", a.city().globalId(), "categories", List.of("TESTING"))))
			.containsExactly(a.key(a.depot(), a.kits()), a.key(a.hospital(), a.kits()));
		assertThat(stockKeys(Map.of("area", a.city().globalId(), "categories", List.of("PPE", "DISINFECTANT"))))
			.containsExactly(a.key(a.depot(), a.masks()), a.key(a.depot(), a.disinfectant()),
					a.key(a.hospital(), a.masks()));
		assertThat(stockKeys(Map.of("items", List.of(itemId(a.masks()), itemId(b.disinfectant()))))).containsExactly(
				a.key(a.depot(), a.masks()), a.key(a.hospital(), a.masks()), b.key(b.depot(), b.disinfectant()));
		assertThat(stockKeys(Map.of("area", a.city().globalId(), "belowTarget", true))).containsExactly(
				a.key(a.depot(), a.masks()), a.key(a.hospital(), a.masks()), a.key(a.hospital(), a.kits()));
		assertThat(stockKeys(Map.of("area", a.city().globalId(), "belowTarget", false)))
			.containsExactly(a.key(a.depot(), a.kits()), a.key(a.depot(), a.disinfectant()));
		// all conditions hold together
		assertThat(stockKeys(Map.of("area", a.city().globalId(), "site", siteId(a.depot()), "categories",
				List.of("PPE", "TESTING"), "belowTarget", true)))
			.containsExactly(a.key(a.depot(), a.masks()));

		// totalCount follows the filter, belowTarget included
		this.graphQl.documentName("stock")
			.variable("filter", Map.of("area", a.city().globalId(), "belowTarget", true))
			.variable("first", 1)
			.execute()
			.path("stock.totalCount")
			.entity(Integer.class)
			.isEqualTo(3)
			.path("stock.edges")
			.entityList(Object.class)
			.hasSize(1);
	}

	@Test
	void stockPagesThroughSitesAndItemsWithKeysetCursors() {
		Scenario s = scenario("物丙");
		Map<String, Object> filter = Map.of("area", s.city().globalId());
		List<String> all = stockKeys(filter);
		assertThat(all).hasSize(5);

		Page first = stockPage(filter, 2, null);
		assertThat(first.keys()).isEqualTo(all.subList(0, 2));
		assertThat(first.hasNext()).isTrue();
		assertThat(first.hasPrevious()).isFalse();
		// the cursor crosses from the depot's last item to the hospital's
		// requirement-only
		// row
		Page second = stockPage(filter, 2, first.endCursor());
		assertThat(second.keys()).isEqualTo(all.subList(2, 4));
		assertThat(second.hasNext()).isTrue();
		assertThat(second.hasPrevious()).isTrue();
		Page last = stockPage(filter, 2, second.endCursor());
		assertThat(last.keys()).isEqualTo(all.subList(4, 5));
		assertThat(last.hasNext()).isFalse();
		Page empty = stockPage(filter, 2, last.endCursor());
		assertThat(empty.keys()).isEmpty();
		assertThat(empty.hasNext()).isFalse();
		assertThat(empty.endCursor()).isNull();

		// paging with belowTarget: one alert at a time
		Map<String, Object> alerts = Map.of("area", s.city().globalId(), "belowTarget", true);
		List<String> seen = new ArrayList<>();
		String after = null;
		for (int i = 0; i < 3; i++) {
			Page page = stockPage(alerts, 1, after);
			seen.addAll(page.keys());
			assertThat(page.hasNext()).isEqualTo(i < 2);
			after = page.endCursor();
		}
		assertThat(seen).containsExactly(s.key(s.depot(), s.masks()), s.key(s.hospital(), s.masks()),
				s.key(s.hospital(), s.kits()));
		assertThat(stockPage(alerts, 1, after).keys()).isEmpty();
	}

	@Test
	void stockShowsSiteItemLotsAndLatestMovements() {
		Scenario s = scenario("物丁");
		String depotMasks = "stock.nodes[0]";
		GraphQlTester.Response response = this.graphQl.documentName("stockDetails")
			.variable("filter", Map.of("site", siteId(s.depot()), "items", List.of(itemId(s.masks()))))
			.variable("movements", 2)
			.execute();
		response.path("stock.nodes")
			.entityList(Object.class)
			.hasSize(1)
			.path(depotMasks + ".site.name")
			.entity(String.class)
			.isEqualTo("物丁储备库")
			.path(depotMasks + ".site.type")
			.entity(String.class)
			.isEqualTo("SUPPLY_DEPOT")
			.path(depotMasks + ".site.place.code")
			.entity(String.class)
			.isEqualTo(s.grid().code())
			.path(depotMasks + ".item.id")
			.entity(String.class)
			.isEqualTo(itemId(s.masks()))
			.path(depotMasks + ".item.code")
			.entity(String.class)
			.isEqualTo(this.stock.code(s.masks()))
			.path(depotMasks + ".item.name")
			.entity(String.class)
			.isEqualTo("物丁N95口罩")
			.path(depotMasks + ".item.category")
			.entity(String.class)
			.isEqualTo("PPE")
			.path(depotMasks + ".item.unit")
			.entity(String.class)
			.isEqualTo("只")
			// earliest expiry first
			.path(depotMasks + ".lots[*].lot")
			.entityList(String.class)
			.containsExactly("B", "A")
			.path(depotMasks + ".lots[*].expiresOn")
			.entityList(String.class)
			.containsExactly("2027-01-31", "2027-06-30")
			// newest first, at most two
			.path(depotMasks + ".movements[*].kind")
			.entityList(String.class)
			.containsExactly("ISSUE", "TRANSFER_OUT")
			.path(depotMasks + ".movements[0].lot")
			.entity(String.class)
			.isEqualTo("A")
			.path(depotMasks + ".movements[0].reference")
			.valueIsNull()
			.path(depotMasks + ".movements[0].counterpartSite")
			.valueIsNull()
			.path(depotMasks + ".movements[1].counterpartSite.name")
			.entity(String.class)
			.isEqualTo("物丁医院")
			.path(depotMasks + ".movements[1].reference")
			.entity(String.class)
			.isEqualTo("TR-1")
			.path(depotMasks + ".movements[1].site.name")
			.entity(String.class)
			.isEqualTo("物丁储备库")
			.path(depotMasks + ".movements[1].item.code")
			.entity(String.class)
			.isEqualTo(this.stock.code(s.masks()))
			.path(depotMasks + ".latest[*].kind")
			.entityList(String.class)
			.containsExactly("ISSUE");
		BigDecimal lots = response.path(depotMasks + ".lots[*].onHand")
			.entityList(BigDecimal.class)
			.get()
			.stream()
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		assertThat(response.path(depotMasks + ".onHand").entity(BigDecimal.class).get()).isEqualByComparingTo(lots);
		assertThat(
				OffsetDateTime.parse(response.path(depotMasks + ".movements[0].occurredAt").entity(String.class).get())
					.toInstant())
			.isEqualTo(NOW.minusDays(2).toInstant());
		assertThat(response.path(depotMasks + ".movements[*].quantity").entityList(BigDecimal.class).get())
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("-300"), new BigDecimal("-50"));

		// default of 20 movements: the whole ledger, which adds up to what is on hand
		GraphQlTester.Response whole = this.graphQl.documentName("stockDetails")
			.variable("filter", Map.of("area", s.city().globalId(), "items", List.of(itemId(s.masks()))))
			.execute();
		whole.path("stock.nodes[0].movements[*].kind")
			.entityList(String.class)
			.containsExactly("ISSUE", "TRANSFER_OUT", "RECEIPT", "RECEIPT")
			.path("stock.nodes[1].site.name")
			.entity(String.class)
			.isEqualTo("物丁医院")
			.path("stock.nodes[1].lots")
			.entityList(Object.class)
			.hasSize(0)
			.path("stock.nodes[1].movements[*].kind")
			.entityList(String.class)
			.containsExactly("CONSUMPTION", "TRANSFER_IN")
			.path("stock.nodes[1].movements[1].counterpartSite.name")
			.entity(String.class)
			.isEqualTo("物丁储备库");
		BigDecimal ledger = whole.path("stock.nodes[0].movements[*].quantity")
			.entityList(BigDecimal.class)
			.get()
			.stream()
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		assertThat(ledger).isEqualByComparingTo(new BigDecimal("450"));
		BigDecimal hospitalLedger = whole.path("stock.nodes[1].movements[*].quantity")
			.entityList(BigDecimal.class)
			.get()
			.stream()
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		assertThat(hospitalLedger).isEqualByComparingTo(BigDecimal.ZERO);
	}

	@Test
	void supplyItemsFilterByCategoryAndCodeOrNameAndPage() {
		long n95 = this.stock.item("N95", "物戊N95口罩", "PPE", "只");
		long surgical = this.stock.item("SURG", "物戊医用外科口罩", "PPE", "只");
		long antigen = this.stock.item("ANTIGEN-WU", "物戊抗原试剂", "TESTING", "人份");
		Map<String, Object> marker = Map.of("codeOrNameContains", "物戊");
		List<String> all = this.graphQl.documentName("supplyItems")
			.variable("filter", marker)
			.execute()
			.path("supplyItems.totalCount")
			.entity(Integer.class)
			.isEqualTo(3)
			.path("supplyItems.nodes[*].id")
			.entityList(String.class)
			.satisfies(
					(ids) -> assertThat(ids).containsExactlyInAnyOrder(itemId(n95), itemId(surgical), itemId(antigen)))
			.get();
		this.graphQl.documentName("supplyItems")
			.variable("filter", Map.of("codeOrNameContains", "物戊", "categories", List.of("PPE")))
			.execute()
			.path("supplyItems.nodes[*].name")
			.entityList(String.class)
			.satisfies((names) -> assertThat(names).containsExactlyInAnyOrder("物戊N95口罩", "物戊医用外科口罩"))
			.path("supplyItems.nodes[0].unit")
			.entity(String.class)
			.isEqualTo("只");
		// codes match ignoring case
		this.graphQl.documentName("supplyItems")
			.variable("filter", Map.of("codeOrNameContains", "antigen-wu"))
			.execute()
			.path("supplyItems.nodes[*].code")
			.entityList(String.class)
			.containsExactly(this.stock.code(antigen))
			.path("supplyItems.nodes[0].category")
			.entity(String.class)
			.isEqualTo("TESTING");

		String end = this.graphQl.documentName("supplyItems")
			.variable("filter", marker)
			.variable("first", 2)
			.execute()
			.path("supplyItems.nodes[*].id")
			.entityList(String.class)
			.isEqualTo(all.subList(0, 2))
			.path("supplyItems.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("supplyItems.pageInfo.endCursor")
			.entity(String.class)
			.get();
		String last = this.graphQl.documentName("supplyItems")
			.variable("filter", marker)
			.variable("first", 2)
			.variable("after", end)
			.execute()
			.path("supplyItems.nodes[*].id")
			.entityList(String.class)
			.isEqualTo(all.subList(2, 3))
			.path("supplyItems.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("supplyItems.pageInfo.hasPreviousPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("supplyItems.pageInfo.endCursor")
			.entity(String.class)
			.get();
		this.graphQl.documentName("supplyItems")
			.variable("filter", marker)
			.variable("after", last)
			.execute()
			.path("supplyItems.nodes")
			.entityList(Object.class)
			.hasSize(0)
			.path("supplyItems.pageInfo.endCursor")
			.valueIsNull();
	}

	@Test
	void nodeResolvesSupplyItemsAndMovements() {
		Scenario s = scenario("物辛");
		this.graphQl.documentName("supplyNode")
			.variable("id", itemId(s.kits()))
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("SupplyItem")
			.path("node.id")
			.entity(String.class)
			.isEqualTo(itemId(s.kits()))
			.path("node.name")
			.entity(String.class)
			.isEqualTo("物辛抗原试剂")
			.path("node.category")
			.entity(String.class)
			.isEqualTo("TESTING");
		this.graphQl.documentName("supplyNode")
			.variable("id", movementId(s.transferOut()))
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("StockMovement")
			.path("node.id")
			.entity(String.class)
			.isEqualTo(movementId(s.transferOut()))
			.path("node.kind")
			.entity(String.class)
			.isEqualTo("TRANSFER_OUT")
			.path("node.quantity")
			.entity(BigDecimal.class)
			.satisfies((quantity) -> assertThat(quantity).isEqualByComparingTo("-50"))
			.path("node.lot")
			.entity(String.class)
			.isEqualTo("B")
			.path("node.site.name")
			.entity(String.class)
			.isEqualTo("物辛储备库")
			.path("node.counterpartSite.name")
			.entity(String.class)
			.isEqualTo("物辛医院")
			.path("node.item.code")
			.entity(String.class)
			.isEqualTo(this.stock.code(s.masks()));
	}

	@Test
	void unknownAndMalformedIdsAreTypedErrors() {
		for (String type : List.of("SupplyItem", "StockMovement")) {
			this.graphQl.documentName("supplyNode")
				.variable("id", GlobalId.encode(type, 987654321))
				.execute()
				.errors()
				.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND && error.getPath().equals("node"))
				.verify()
				.path("node")
				.valueIsNull();
		}
		// a place id where a site id belongs, an item id that is no id at all
		Ref place = this.data.chain("物壬")[0];
		this.graphQl.documentName("stock")
			.variable("filter", Map.of("site", place.globalId()))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("expected a Site"))
			.verify();
		this.graphQl.documentName("stock")
			.variable("filter", Map.of("items", List.of("not-an-id!")))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("not a valid id"))
			.verify();
		this.graphQl.documentName("stock")
			.variable("filter", Map.of("area", siteId(1)))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("expected a Place"))
			.verify();
	}

	@Test
	void badPagingArgumentsAndEnumsAreRejected() {
		Scenario s = scenario("物癸");
		this.graphQl.documentName("stock")
			.variable("first", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("at most 500"))
			.verify();
		this.graphQl.documentName("supplyItems")
			.variable("first", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("at most 500"))
			.verify();
		this.graphQl.documentName("stock")
			.variable("first", -1)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("must not be negative"))
			.verify();
		this.graphQl.documentName("stock")
			.variable("after", "garbage")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
		// a well-formed cursor of another connection (one key, not two)
		String itemCursor = this.graphQl.documentName("supplyItems")
			.variable("first", 1)
			.execute()
			.path("supplyItems.pageInfo.endCursor")
			.entity(String.class)
			.get();
		this.graphQl.documentName("stock")
			.variable("after", itemCursor)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
		this.graphQl.documentName("supplyItems")
			.variable("after", "garbage")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
		this.graphQl.documentName("stockDetails")
			.variable("filter", Map.of("site", siteId(s.depot())))
			.variable("movements", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("at most 500"))
			.verify();
		this.graphQl.documentName("stock")
			.variable("filter", Map.of("categories", List.of("FOOD")))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		this.graphQl.documentName("supplyItems")
			.variable("filter", Map.of("categories", List.of("FOOD")))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
	}

	@Test
	void totalCountIsComputedOnlyWhenSelected() {
		Scenario s = scenario("物子");
		this.statements.reset();
		this.graphQl.document("query($f: StockFilter) { stock(filter: $f) { nodes { onHand } } }")
			.variable("f", Map.of("area", s.city().globalId()))
			.execute()
			.path("stock.nodes")
			.entityList(Object.class)
			.hasSize(5);
		assertThat(this.statements.count()).isEqualTo(1);
		this.statements.reset();
		this.graphQl.document("query($f: StockFilter) { stock(filter: $f) { totalCount nodes { onHand } } }")
			.variable("f", Map.of("area", s.city().globalId()))
			.execute()
			.path("stock.totalCount")
			.entity(Integer.class)
			.isEqualTo(5);
		assertThat(this.statements.count()).isEqualTo(2);
	}

	@Test
	void nestedQueryStatementCountDoesNotGrowWithRows() {
		int small = threeLevelStatements(20);
		int large = threeLevelStatements(200);
		assertThat(large).isEqualTo(small);
		// stock, site, site.place, item, lots, movements, counterpartSite, its place
		assertThat(small).isLessThanOrEqualTo(8);
	}

	private int threeLevelStatements(int rows) {
		Ref[] chain = this.data.chain("计" + rows);
		int itemsPerSite = 10;
		List<Long> items = new ArrayList<>();
		for (int i = 0; i < itemsPerSite; i++) {
			items.add(this.stock.item("C" + rows + "-" + i, "计数物资" + i, (i % 2 == 0) ? "PPE" : "TESTING", "件"));
		}
		Long previous = null;
		for (int s = 0; s < rows / itemsPerSite; s++) {
			long site = this.data.site(chain[4], "SUPPLY_DEPOT", "计数库" + rows + "-" + s);
			for (long item : items) {
				this.stock.lot(site, item, "L1", LocalDate.of(2027, 1, 1), "100");
				this.stock.lot(site, item, "L2", null, "20");
				this.stock.requirement(site, item, "10");
				this.stock.movement(site, item, "L1", "RECEIPT", "100", NOW.minusDays(3), null, null);
				if (previous != null) {
					this.stock.movement(site, item, "L2", "TRANSFER_IN", "20", NOW.minusDays(1), previous, null);
				}
			}
			previous = site;
		}
		this.statements.reset();
		this.graphQl.documentName("stockThreeLevels")
			.variable("filter", Map.of("area", chain[0].globalId()))
			.variable("first", 500)
			.execute()
			.path("stock.nodes")
			.entityList(Object.class)
			.hasSize(rows)
			.path(String.format("stock.nodes[%d].site.place.code", rows - 1))
			.entity(String.class)
			.isEqualTo(chain[4].code())
			.path(String.format("stock.nodes[%d].lots", rows - 1))
			.entityList(Object.class)
			.hasSize(2)
			.path(String.format("stock.nodes[%d].movements[0].counterpartSite.place.code", rows - 1))
			.entity(String.class)
			.isEqualTo(chain[4].code())
			.path(String.format("stock.nodes[%d].daysOfCover", rows - 1))
			.entity(Double.class)
			.isEqualTo(120.0 / 10);
		return this.statements.count();
	}

	// fixtures and helpers

	/**
	 * A city with a supply depot and a hospital in one grid, three items (masks, test
	 * kits, disinfectant, created in that order) and a ledger for the masks:
	 * <ul>
	 * <li>depot masks: lot A 200 (expires 2027-06-30), lot B 250 (2027-01-31); 30 a day,
	 * default target</li>
	 * <li>depot test kits: 3100; 100 a day, target 30</li>
	 * <li>depot disinfectant: 80.5 + 19.5, no requirement</li>
	 * <li>hospital masks: no stock; 10 a day</li>
	 * <li>hospital test kits: 1000; 20 a day, target 60</li>
	 * </ul>
	 */
	private Scenario scenario(String prefix) {
		Ref[] chain = this.data.chain(prefix);
		long depot = this.data.site(chain[4], "SUPPLY_DEPOT", prefix + "储备库");
		long hospital = this.data.site(chain[4], "HOSPITAL", prefix + "医院");
		long masks = this.stock.item("N95", prefix + "N95口罩", "PPE", "只");
		long kits = this.stock.item("AG", prefix + "抗原试剂", "TESTING", "人份");
		long disinfectant = this.stock.item("DIS", prefix + "消毒液", "DISINFECTANT", "升");

		this.stock.lot(depot, masks, "A", LocalDate.of(2027, 6, 30), "200");
		this.stock.lot(depot, masks, "B", LocalDate.of(2027, 1, 31), "250");
		this.stock.requirement(depot, masks, "30");
		this.stock.movement(depot, masks, "A", "RECEIPT", "500", NOW.minusDays(10), null, "PO-1");
		this.stock.movement(depot, masks, "B", "RECEIPT", "300", NOW.minusDays(8), null, "PO-2");
		long transferOut = this.stock.movement(depot, masks, "B", "TRANSFER_OUT", "-50", NOW.minusDays(5), hospital,
				"TR-1");
		this.stock.movement(depot, masks, "A", "ISSUE", "-300", NOW.minusDays(2), null, null);

		this.stock.lot(depot, kits, "K1", LocalDate.of(2026, 12, 31), "3100");
		this.stock.requirement(depot, kits, "100", 30);

		this.stock.lot(depot, disinfectant, "D1", null, "80.5");
		this.stock.lot(depot, disinfectant, "D2", null, "19.5");

		this.stock.requirement(hospital, masks, "10");
		this.stock.movement(hospital, masks, "B", "TRANSFER_IN", "50", NOW.minusDays(5), depot, "TR-1");
		this.stock.movement(hospital, masks, "B", "CONSUMPTION", "-50", NOW.minusDays(1), null, null);

		this.stock.lot(hospital, kits, "K2", null, "1000");
		this.stock.requirement(hospital, kits, "20", 60);
		return new Scenario(chain, depot, hospital, masks, kits, disinfectant, transferOut, prefix);
	}

	private void assertLevel(Level level, BigDecimal onHand, String fullLoadDailyUse, int targetDays,
			double daysOfCover, boolean belowTarget) {
		assertThat(level.onHand()).isEqualByComparingTo(onHand);
		assertThat(level.fullLoadDailyUse()).isEqualByComparingTo(fullLoadDailyUse);
		assertThat(level.targetDays()).isEqualTo(targetDays);
		assertThat(level.daysOfCover()).isEqualTo(daysOfCover);
		assertThat(level.belowTarget()).isEqualTo(belowTarget);
	}

	/** Rows of {@code stock(filter)} as "site name / item global id". */
	private List<String> stockKeys(Map<String, Object> filter) {
		return this.graphQl.documentName("stock")
			.variable("filter", filter)
			.variable("first", 500)
			.execute()
			.path("stock.edges[*].node")
			.entityList(Level.class)
			.get()
			.stream()
			.map(Level::key)
			.toList();
	}

	private Page stockPage(Map<String, Object> filter, int first, @Nullable String after) {
		Map<String, Object> variables = new HashMap<>();
		variables.put("filter", filter);
		variables.put("first", first);
		if (after != null) {
			variables.put("after", after);
		}
		GraphQlTester.Response response = this.graphQl.documentName("stock").variables(variables).execute();
		PageInfo info = response.path("stock.pageInfo").entity(PageInfo.class).get();
		return new Page(
				response.path("stock.edges[*].node").entityList(Level.class).get().stream().map(Level::key).toList(),
				info.hasNextPage(), info.hasPreviousPage(), info.endCursor());
	}

	record Scenario(Ref[] chain, long depot, long hospital, long masks, long kits, long disinfectant, long transferOut,
			String prefix) {

		Ref city() {
			return this.chain[0];
		}

		Ref grid() {
			return this.chain[4];
		}

		String key(long site, long item) {
			return ((site == this.depot) ? this.prefix + "储备库" : this.prefix + "医院") + " / " + itemId(item);
		}

	}

	record Page(List<String> keys, boolean hasNext, boolean hasPrevious, @Nullable String endCursor) {
	}

	record PageInfo(boolean hasNextPage, boolean hasPreviousPage, @Nullable String startCursor,
			@Nullable String endCursor) {
	}

	record Named(String id, String name) {
	}

	record Coded(String id, String code) {
	}

	record Level(Named site, Coded item, BigDecimal onHand, @Nullable BigDecimal fullLoadDailyUse,
			@Nullable Integer targetDays, @Nullable Double daysOfCover, boolean belowTarget) {

		String key() {
			return this.site.name() + " / " + this.item.id();
		}

	}

}
