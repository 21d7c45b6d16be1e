package org.epigrid.sentinels;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jooq.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;

import org.epigrid.jooq.tables.records.DrugSaleRecord;
import org.epigrid.sentinels.SentinelFixtures.Row;
import org.epigrid.support.Cursor;
import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.PageRequest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.DRUG_SALE;

class DrugSaleTests extends IntegrationTest {

	private final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

	@Autowired
	private SentinelQueries queries;

	private SentinelFixtures fixtures;

	@BeforeEach
	void fixtures() {
		this.fixtures = new SentinelFixtures(this.db);
	}

	/**
	 * Two pharmacies in area A (grid A1 and grid A2), one in area B. Sales newest first:
	 * d4 (A2, antiviral), d3 (A1, cough, TESTED), d2 (A1, antipyretic, CLEARED), d1 (A1,
	 * antipyretic, 40 days ago: another month's partition), d0 (A1, five years ago: the
	 * default partition); db in area B.
	 */
	private final class World {

		final Ref[] a = data.chain("药甲");

		final Ref gridA2 = data.below(this.a[3], "GRID", "药甲第二网格");

		final Ref[] b = data.chain("药乙");

		final long pharmacy = data.site(this.a[4], "PHARMACY", "药甲大药房");

		final long pharmacy2 = data.site(this.gridA2, "PHARMACY", "药甲二药房");

		final long pharmacyB = data.site(this.b[4], "PHARMACY", "药乙药房");

		final long clinic = data.site(this.a[4], "FEVER_CLINIC", "药甲发热门诊");

		final long p1 = data.person(this.a[4], "吴一");

		final long p2 = data.person(this.a[4], "吴二");

		final long p3 = data.person(this.b[4], "郑三");

		final long d0 = fixtures.sale(this.pharmacy, this.p1, "ANTIPYRETIC", "对乙酰氨基酚片", now.minusYears(5));

		final long d1 = fixtures.sale(this.pharmacy, this.p1, "ANTIPYRETIC", "布洛芬缓释胶囊", now.minusDays(40));

		final long d2 = fixtures.sale(this.pharmacy, this.p2, "ANTIPYRETIC", "布洛芬混悬液", at(-30));

		final long d3 = fixtures.sale(this.pharmacy, this.p2, "COUGH", "复方甘草片", at(-20));

		final long d4 = fixtures.sale(this.pharmacy2, this.p1, "ANTIVIRAL", "连花清瘟胶囊", at(-2));

		final long db = fixtures.sale(this.pharmacyB, this.p3, "ANTIBIOTIC", "阿莫西林胶囊", at(-3));

		final Row s3 = fixtures.sample(this.p2, this.a[4], at(-10), null);

		World() {
			fixtures.closeSale(this.d2, null);
			fixtures.closeSale(this.d3, this.s3.id());
		}

		String sale(long id) {
			return GlobalId.encode("DrugSale", id);
		}

		String site(long id) {
			return GlobalId.encode("Site", id);
		}

		String person(long id) {
			return GlobalId.encode("Person", id);
		}

	}

	private OffsetDateTime at(int hours) {
		return this.now.plusHours(hours);
	}

	private static String iso(OffsetDateTime time) {
		return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
	}

	private List<String> sales(Map<String, Object> filter) {
		return this.graphQl.documentName("drugSales")
			.variable("filter", filter)
			.execute()
			.path("drugSales.edges[*].node.id")
			.entityList(String.class)
			.get();
	}

	private GraphQlTester.Response record(Map<String, Object> input) {
		return this.graphQl.documentName("recordDrugSale").variable("input", input).execute();
	}

	private GraphQlTester.Response close(Map<String, Object> input) {
		return this.graphQl.documentName("closeDrugSaleFollowUp").variable("input", input).execute();
	}

	private Map<String, Object> saleInput(World w, Object... entries) {
		Map<String, Object> input = new HashMap<>(Map.of("pharmacy", w.site(w.pharmacy), "person", w.person(w.p1),
				"drugCategory", "ANTIPYRETIC", "drugName", "布洛芬缓释胶囊", "quantity", 2, "soldAt", iso(at(-1))));
		for (int i = 0; i < entries.length; i += 2) {
			input.put((String) entries[i], entries[i + 1]);
		}
		return input;
	}

	/** What a refusal must leave untouched: every sale row of the world. */
	private List<String> snapshot(World w) {
		return this.db
			.select(DRUG_SALE.ID, DRUG_SALE.FOLLOW_UP_STATUS, DRUG_SALE.FOLLOW_UP_SAMPLE_ID, DRUG_SALE.FOLLOW_UP_REASON,
					DRUG_SALE.VERSION)
			.from(DRUG_SALE)
			.where(DRUG_SALE.PERSON_ID.in(w.p1, w.p2, w.p3))
			.orderBy(DRUG_SALE.ID)
			.fetch(Record::toString);
	}

	@Test
	void recordsASaleWithAPendingFollowUp() {
		World w = new World();
		String id = this.graphQl.mutate()
			.header("X-Epigrid-User", "pharmacist.li")
			.build()
			.documentName("recordDrugSale")
			.variable("input", saleInput(w, "drugName", "  布洛芬缓释胶囊 "))
			.execute()
			.path("recordDrugSale.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("recordDrugSale.sale.followUpStatus")
			.entity(String.class)
			.isEqualTo("PENDING")
			.path("recordDrugSale.sale.followedUpAt")
			.valueIsNull()
			.path("recordDrugSale.sale.drugName")
			.entity(String.class)
			.isEqualTo("布洛芬缓释胶囊")
			.path("recordDrugSale.sale.quantity")
			.entity(Integer.class)
			.isEqualTo(2)
			.path("recordDrugSale.sale.pharmacy.name")
			.entity(String.class)
			.isEqualTo("药甲大药房")
			.path("recordDrugSale.sale.person.fullName")
			.entity(String.class)
			.isEqualTo("吴一")
			.path("recordDrugSale.sale.soldAt")
			.entity(String.class)
			.satisfies((t) -> assertThat(OffsetDateTime.parse(t)).isAtSameInstantAs(at(-1)))
			.path("recordDrugSale.sale.id")
			.entity(String.class)
			.get();
		DrugSaleRecord row = this.db.selectFrom(DRUG_SALE)
			.where(DRUG_SALE.ID.eq(GlobalId.decode(id, "DrugSale")))
			.fetchOne();
		assertThat(row.getCreatedBy()).isEqualTo("pharmacist.li");
		assertThat(row.getUpdatedBy()).isEqualTo("pharmacist.li");
		assertThat(row.getFollowUpStatus()).isEqualTo("PENDING");
		// without soldAt the sale happens now
		Map<String, Object> nowInput = saleInput(w, "drugCategory", "COUGH", "quantity", 1);
		nowInput.remove("soldAt");
		OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);
		record(nowInput).path("recordDrugSale.sale.soldAt")
			.entity(String.class)
			.satisfies((t) -> assertThat(OffsetDateTime.parse(t)).isAfter(before));
	}

	@Test
	void recordRefusesWrongSitesQuantitiesAndFutureSalesAndChangesNothing() {
		World w = new World();
		int before = this.db.fetchCount(DRUG_SALE);
		record(saleInput(w, "pharmacy", w.site(w.clinic))).path("recordDrugSale.sale")
			.valueIsNull()
			.path("recordDrugSale.errors[0].code")
			.entity(String.class)
			.isEqualTo("RULE_VIOLATED")
			.path("recordDrugSale.errors[0].message")
			.entity(String.class)
			.isEqualTo("the site must be a PHARMACY, not a FEVER_CLINIC");
		record(saleInput(w, "person", GlobalId.encode("Person", 999_999_999), "quantity", 0, "drugName", " ", "soldAt",
				iso(at(1))))
			.path("recordDrugSale.errors[*].field")
			.entityList(String.class)
			.satisfies((list) -> assertThat(list).containsExactlyInAnyOrder("input.person", "input.quantity",
					"input.drugName", "input.soldAt"));
		record(saleInput(w, "pharmacy", GlobalId.encode("Site", 999_999_999), "quantity", -3))
			.path("recordDrugSale.errors[*].code")
			.entityList(String.class)
			.satisfies((list) -> assertThat(list).containsExactlyInAnyOrder("NOT_FOUND", "INVALID_VALUE"));
		assertThat(this.db.fetchCount(DRUG_SALE)).isEqualTo(before);
		record(saleInput(w, "drugCategory", "VITAMIN")).errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		record(saleInput(w, "quantity", "two")).errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		record(saleInput(w, "pharmacy", "%%%")).errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("not a valid id"))
			.verify();
		assertThat(this.db.fetchCount(DRUG_SALE)).isEqualTo(before);
	}

	@Test
	void testedClosesTheFollowUpWithTheBuyersFirstSampleAfterTheSale() {
		World w = new World();
		// d4 was sold 2 hours ago: a sample before it does not count, the earliest after
		// it does
		this.fixtures.sample(w.p1, w.a[4], at(-3), null);
		Row first = this.fixtures.sample(w.p1, w.a[4], at(-1), null);
		this.fixtures.sample(w.p1, w.a[4], at(0), null);
		close(Map.of("sale", w.sale(w.d4), "outcome", "TESTED")).path("closeDrugSaleFollowUp.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("closeDrugSaleFollowUp.sale.followUpStatus")
			.entity(String.class)
			.isEqualTo("TESTED")
			.path("closeDrugSaleFollowUp.sale.followUpSample.barcode")
			.entity(String.class)
			.isEqualTo(first.barcode())
			.path("closeDrugSaleFollowUp.sale.followedUpAt")
			.hasValue()
			.path("closeDrugSaleFollowUp.sale.version")
			.entity(Integer.class)
			.isEqualTo(1);
		DrugSaleRecord row = this.db.selectFrom(DRUG_SALE).where(DRUG_SALE.ID.eq(w.d4)).fetchOne();
		assertThat(row.getFollowUpSampleId()).isEqualTo(first.id());
		assertThat(row.getFollowedUpAt()).isNotNull();
		// by barcode: a later sample of the buyer, collected exactly at the sale
		Row atSale = this.fixtures.sample(w.p1, w.a[4], this.now.minusDays(40), null);
		close(Map.of("sale", w.sale(w.d1), "outcome", "TESTED", "sampleBarcode", atSale.barcode(), "reason",
				"tested at the community site"))
			.path("closeDrugSaleFollowUp.sale.followUpSample.barcode")
			.entity(String.class)
			.isEqualTo(atSale.barcode())
			.path("closeDrugSaleFollowUp.sale.followUpReason")
			.entity(String.class)
			.isEqualTo("tested at the community site");
	}

	@Test
	void clearedClosesTheFollowUpWithAReason() {
		World w = new World();
		close(Map.of("sale", w.sale(w.d4), "outcome", "CLEARED", "reason", " 为家人代购，家人已检测 "))
			.path("closeDrugSaleFollowUp.sale.followUpStatus")
			.entity(String.class)
			.isEqualTo("CLEARED")
			.path("closeDrugSaleFollowUp.sale.followUpReason")
			.entity(String.class)
			.isEqualTo("为家人代购，家人已检测")
			.path("closeDrugSaleFollowUp.sale.followUpSample")
			.valueIsNull();
		// a sale in the default partition (five years ago) is found by its id alone
		close(Map.of("sale", w.sale(w.d0), "outcome", "CLEARED", "reason", "historic record"))
			.path("closeDrugSaleFollowUp.sale.followUpStatus")
			.entity(String.class)
			.isEqualTo("CLEARED");
	}

	@Test
	void closingRefusesWithoutSampleOrReasonAndOnlyFromPendingAndChangesNothing() {
		World w = new World();
		Row othersSample = this.fixtures.sample(w.p2, w.a[4], at(-1), null);
		Row tooEarly = this.fixtures.sample(w.p1, w.a[4], at(-3), null);
		List<String> before = snapshot(w);
		// p1 has no sample after d4 was sold
		close(Map.of("sale", w.sale(w.d4), "outcome", "TESTED")).path("closeDrugSaleFollowUp.sale")
			.valueIsNull()
			.path("closeDrugSaleFollowUp.errors[0].code")
			.entity(String.class)
			.isEqualTo("RULE_VIOLATED");
		close(Map.of("sale", w.sale(w.d4), "outcome", "TESTED", "sampleBarcode", othersSample.barcode()))
			.path("closeDrugSaleFollowUp.errors[0].message")
			.entity(String.class)
			.isEqualTo("the sample is not the buyer's");
		close(Map.of("sale", w.sale(w.d4), "outcome", "TESTED", "sampleBarcode", tooEarly.barcode()))
			.path("closeDrugSaleFollowUp.errors[0].message")
			.entity(String.class)
			.isEqualTo("the sample was collected before the sale");
		close(Map.of("sale", w.sale(w.d4), "outcome", "TESTED", "sampleBarcode", "NO-SUCH-TUBE"))
			.path("closeDrugSaleFollowUp.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.sampleBarcode")
			.path("closeDrugSaleFollowUp.errors[0].code")
			.entity(String.class)
			.isEqualTo("NOT_FOUND");
		close(Map.of("sale", w.sale(w.d4), "outcome", "CLEARED", "reason", "  "))
			.path("closeDrugSaleFollowUp.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.reason");
		close(Map.of("sale", w.sale(w.d4), "outcome", "CLEARED", "reason", "x", "sampleBarcode",
				othersSample.barcode()))
			.path("closeDrugSaleFollowUp.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.sampleBarcode");
		// TESTED and CLEARED are final
		for (long closed : List.of(w.d2, w.d3)) {
			for (String outcome : List.of("TESTED", "CLEARED")) {
				close(Map.of("sale", w.sale(closed), "outcome", outcome, "reason", "again"))
					.path("closeDrugSaleFollowUp.errors[0].code")
					.entity(String.class)
					.isEqualTo("ILLEGAL_TRANSITION");
			}
		}
		close(Map.of("sale", w.sale(987_654_321), "outcome", "CLEARED", "reason", "x"))
			.path("closeDrugSaleFollowUp.errors[0].code")
			.entity(String.class)
			.isEqualTo("NOT_FOUND");
		assertThat(snapshot(w)).isEqualTo(before);
		close(Map.of("sale", GlobalId.encode("FeverClinicVisit", w.d4), "outcome", "CLEARED", "reason", "x")).errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("expected a DrugSale"))
			.verify();
		close(Map.of("sale", w.sale(w.d4), "outcome", "PENDING")).errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		assertThat(snapshot(w)).isEqualTo(before);
	}

	@Test
	void salesFilterByAreaPharmacyPersonCategoryStatusAndTime() {
		World w = new World();
		Map<String, Object> inA = Map.of("area", w.a[0].globalId());
		assertThat(sales(inA)).containsExactly(w.sale(w.d4), w.sale(w.d3), w.sale(w.d2), w.sale(w.d1), w.sale(w.d0));
		assertThat(sales(Map.of("area", w.gridA2.globalId()))).containsExactly(w.sale(w.d4));
		assertThat(sales(Map.of("area", w.b[0].globalId()))).containsExactly(w.sale(w.db));
		assertThat(sales(Map.of("pharmacy", w.site(w.pharmacy)))).containsExactly(w.sale(w.d3), w.sale(w.d2),
				w.sale(w.d1), w.sale(w.d0));
		assertThat(sales(Map.of("person", w.person(w.p2)))).containsExactly(w.sale(w.d3), w.sale(w.d2));
		assertThat(sales(Map.of("area", w.a[0].globalId(), "categories", List.of("ANTIPYRETIC"))))
			.containsExactly(w.sale(w.d2), w.sale(w.d1), w.sale(w.d0));
		assertThat(sales(Map.of("area", w.a[0].globalId(), "categories", List.of("COUGH", "ANTIVIRAL"))))
			.containsExactly(w.sale(w.d4), w.sale(w.d3));
		assertThat(sales(Map.of("area", w.a[0].globalId(), "categories", List.of("ANTIBIOTIC")))).isEmpty();
		assertThat(sales(Map.of("area", w.a[0].globalId(), "followUpStatuses", List.of("PENDING"))))
			.containsExactly(w.sale(w.d4), w.sale(w.d1), w.sale(w.d0));
		assertThat(sales(Map.of("area", w.a[0].globalId(), "followUpStatuses", List.of("TESTED", "CLEARED"))))
			.containsExactly(w.sale(w.d3), w.sale(w.d2));
		// from is included, to is excluded
		assertThat(sales(Map.of("area", w.a[0].globalId(), "from", iso(at(-30)), "to", iso(at(-2)))))
			.containsExactly(w.sale(w.d3), w.sale(w.d2));
		assertThat(sales(Map.of("area", w.a[0].globalId(), "to", iso(this.now.minusDays(2)))))
			.containsExactly(w.sale(w.d1), w.sale(w.d0));
		assertThat(sales(Map.of("area", w.a[0].globalId(), "from", iso(this.now.minusDays(41)), "to",
				iso(this.now.minusDays(39)), "followUpStatuses", List.of("PENDING"), "categories",
				List.of("ANTIPYRETIC"))))
			.containsExactly(w.sale(w.d1));
		assertThat(sales(Map.of("area", w.a[0].globalId(), "from", iso(at(1))))).isEmpty();
		this.graphQl.documentName("drugSales")
			.variable("filter", inA)
			.execute()
			.path("drugSales.totalCount")
			.entity(Integer.class)
			.isEqualTo(5)
			.path("drugSales.edges[*].node.followUpStatus")
			.entityList(String.class)
			.containsExactly("PENDING", "TESTED", "CLEARED", "PENDING", "PENDING");
	}

	@Test
	void salesShowPharmacyBuyerAndSampleAndResolveAsNodes() {
		World w = new World();
		this.graphQl.documentName("drugSalesNested")
			.variable("filter", Map.of("person", w.person(w.p2)))
			.execute()
			.path("drugSales.nodes[0].followUpSample.barcode")
			.entity(String.class)
			.isEqualTo(w.s3.barcode())
			.path("drugSales.nodes[0].followUpSample.person.fullName")
			.entity(String.class)
			.isEqualTo("吴二")
			.path("drugSales.nodes[0].followUpSample.place.code")
			.entity(String.class)
			.isEqualTo(w.a[4].code())
			.path("drugSales.nodes[1].followUpSample")
			.valueIsNull()
			.path("drugSales.nodes[*].pharmacy.place.code")
			.entityList(String.class)
			.containsExactly(w.a[4].code(), w.a[4].code())
			.path("drugSales.nodes[0].person.samples[*].barcode")
			.entityList(String.class)
			.containsExactly(w.s3.barcode());
		this.graphQl.documentName("sentinelsNode")
			.variable("id", w.sale(w.d3))
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("DrugSale")
			.path("node.followUpStatus")
			.entity(String.class)
			.isEqualTo("TESTED")
			.path("node.followUpSample.barcode")
			.entity(String.class)
			.isEqualTo(w.s3.barcode())
			.path("node.pharmacy.name")
			.entity(String.class)
			.isEqualTo("药甲大药房");
		this.graphQl.documentName("sentinelsNode")
			.variable("id", w.sale(987_654_321))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND)
			.verify();
	}

	@Test
	void salesPageNewestFirstAcrossPartitionsWithTiesBrokenById() {
		Ref[] area = this.data.chain("药页");
		long pharmacy = this.data.site(area[4], "PHARMACY", "药页药房");
		long person = this.data.person(area[4], "冯页");
		long oldest = this.fixtures.sale(pharmacy, person, "COUGH", "a", this.now.minusMonths(3));
		long tieOlder = this.fixtures.sale(pharmacy, person, "COUGH", "b", at(-5));
		long tieNewer = this.fixtures.sale(pharmacy, person, "COUGH", "c", at(-5));
		long newest = this.fixtures.sale(pharmacy, person, "COUGH", "d", at(-1));
		long older = this.fixtures.sale(pharmacy, person, "COUGH", "e", this.now.minusDays(35));
		Map<String, Object> filter = Map.of("area", area[0].globalId());
		List<String> seen = new ArrayList<>();
		String after = null;
		for (int page = 0; page < 3; page++) {
			after = this.graphQl.documentName("drugSales")
				.variable("filter", filter)
				.variable("first", 2)
				.variable("after", after)
				.execute()
				.path("drugSales.edges[*].node.drugName")
				.entityList(String.class)
				.satisfies(seen::addAll)
				.path("drugSales.pageInfo.hasNextPage")
				.entity(Boolean.class)
				.isEqualTo(page < 2)
				.path("drugSales.pageInfo.endCursor")
				.entity(String.class)
				.get();
		}
		assertThat(seen).containsExactly("d", "c", "b", "e", "a");
		assertThat(List.of(newest, tieNewer, tieOlder, older, oldest)).doesNotHaveDuplicates();
		this.graphQl.documentName("drugSales")
			.variable("filter", filter)
			.variable("after", after)
			.execute()
			.path("drugSales.edges")
			.entityList(Object.class)
			.hasSize(0)
			.path("drugSales.pageInfo.hasPreviousPage")
			.entity(Boolean.class)
			.isEqualTo(true);
		this.graphQl.documentName("drugSales")
			.variable("after", "garbage")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
		this.graphQl.documentName("drugSales")
			.variable("first", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("at most 500"))
			.verify();
		this.graphQl.document("{ drugSales(filter: { followUpStatuses: [LOST] }) { totalCount } }")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
	}

	@Test
	void timeWindowsAndCursorsReadOnlyTheirMonths() {
		// a two-day window forty days ago: one or two monthly partitions, never the
		// default one
		DrugSaleFilter window = new DrugSaleFilter(null, null, null, null, null, this.now.minusDays(41),
				this.now.minusDays(39));
		Set<String> read = partitionsRead(window, PageRequest.of(50, null));
		assertThat(read).isNotEmpty().hasSizeLessThanOrEqualTo(2).doesNotContain("default");
		assertThat(read).allSatisfy(
				(month) -> assertThat(month).isBetween(month(this.now.minusDays(41)), month(this.now.minusDays(39))));
		// the next page after a sale two months ago skips every later month
		String cursor = Cursor.encode(this.now.minusMonths(2), 1);
		Set<String> after = partitionsRead(DrugSaleFilter.NONE, PageRequest.of(50, cursor));
		assertThat(after).isNotEmpty()
			.filteredOn((month) -> !month.equals("default"))
			.allSatisfy((month) -> assertThat(month).isLessThanOrEqualTo(month(this.now.minusMonths(2))));
	}

	/** The months (yyyyMM, or "default") of the partitions the page's plan reads. */
	private Set<String> partitionsRead(DrugSaleFilter filter, PageRequest page) {
		String plan = this.db.explain(this.queries.salesPage(filter, page)).plan();
		Set<String> months = new TreeSet<>();
		Matcher matcher = Pattern.compile("drug_sale_(p(\\d{6})|default)").matcher(plan);
		while (matcher.find()) {
			months.add((matcher.group(2) != null) ? matcher.group(2) : "default");
		}
		return months;
	}

	private static String month(OffsetDateTime time) {
		return DateTimeFormatter.ofPattern("yyyyMM").format(time.withOffsetSameInstant(ZoneOffset.UTC));
	}

	@Test
	void nestedSaleReadStatementCountDoesNotGrowWithRows() {
		int small = saleStatements(20);
		int large = saleStatements(200);
		assertThat(large).isEqualTo(small);
		assertThat(small).isLessThanOrEqualTo(8);
	}

	private int saleStatements(int count) {
		Ref[] area = this.data.chain("药N" + count);
		long[] pharmacies = { this.data.site(area[4], "PHARMACY", "药N一"), this.data.site(area[3], "PHARMACY", "药N二") };
		for (int i = 0; i < count; i++) {
			long person = this.data.person(area[4], "药N" + i);
			long sale = this.fixtures.sale(pharmacies[i % 2], person, "ANTIPYRETIC", "药" + i, at(-3).plusSeconds(i));
			if (i % 2 == 1) {
				this.fixtures.closeSale(sale, this.fixtures.sample(person, area[4], at(-2), null).id());
			}
		}
		this.statements.reset();
		this.graphQl.documentName("drugSalesNested")
			.variable("filter", Map.of("area", area[0].globalId()))
			.variable("first", 500)
			.execute()
			.path("drugSales.nodes")
			.entityList(Object.class)
			.hasSize(count)
			.path("drugSales.nodes[0].followUpSample.place.code")
			.hasValue()
			.path("drugSales.nodes[0].person.samples")
			.entityList(Object.class)
			.hasSize(1)
			.path("drugSales.nodes[1].followUpSample")
			.valueIsNull();
		return this.statements.count();
	}

}
