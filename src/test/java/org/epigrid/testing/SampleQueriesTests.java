package org.epigrid.testing;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.graphql.execution.ErrorType;

import org.epigrid.support.Cursor;
import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;
import org.epigrid.testing.SampleFixtures.Row;

import static org.assertj.core.api.Assertions.assertThat;

class SampleQueriesTests extends IntegrationTest {

	/** Whole seconds, so that filter bounds equal stored times exactly. */
	private final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

	private SampleFixtures samples;

	@BeforeEach
	void fixtures() {
		this.samples = new SampleFixtures(this.db);
	}

	/**
	 * Seven samples in area A and one in area B, each chosen to fall on a known side of
	 * every filter. Newest first: s4, s3, s6, s2, s1, s5, s7.
	 */
	private final class World {

		final Ref[] a = data.chain("检甲");

		final Ref[] b = data.chain("检乙");

		final Ref gridA2 = data.below(this.a[3], "GRID", "检甲第二网格");

		final long p1 = data.person(this.a[4], "张一");

		final long p2 = data.person(this.a[4], "张二");

		final long p3 = data.person(this.a[4], "张三");

		final long p4 = data.person(this.b[4], "李四");

		final long c1 = data.site(this.a[4], "TESTING_SITE", "检甲采样点一");

		final long c2 = data.site(this.a[4], "TESTING_SITE", "检甲采样点二");

		final long l1 = data.site(this.a[4], "LAB", "检甲实验室");

		final long l2 = data.site(this.b[4], "LAB", "检乙实验室");

		final long market = data.site(this.gridA2, "MARKET", "检甲农贸市场");

		final long warehouse = data.site(this.a[3], "COLD_CHAIN_WAREHOUSE", "检甲冷库");

		final long k1 = SampleQueriesTests.this.samples.campaign(this.a[1], "检甲第一轮全员核酸", LocalDate.now().minusDays(2),
				LocalDate.now());

		final long pool1 = SampleQueriesTests.this.samples.pool(10, this.c1, this.l1, at(-31), at(-25), "POSITIVE",
				at(-20));

		final Row s1 = sample(-30 * 60).person(this.p1, this.a[4])
			.purpose("MASS_TESTING")
			.due(at(-6))
			.received(at(-25))
			.resulted("POSITIVE", at(-20), null)
			.pool(this.pool1)
			.campaign(this.k1)
			.collectionSite(this.c1)
			.lab(this.l1)
			.insert();

		final Row s2 = sample(-30 * 60 + 1).person(this.p2, this.a[4])
			.purpose("MASS_TESTING")
			.due(at(-6))
			.received(at(-25))
			.resulted("POSITIVE", at(-20), null)
			.pool(this.pool1)
			.campaign(this.k1)
			.collectionSite(this.c1)
			.lab(this.l1)
			.insert();

		final Row s3 = sample(-5 * 60).person(this.p1, this.a[4])
			.kind("ANTIGEN")
			.specimen("NASAL_SWAB")
			.purpose("KEY_GROUP")
			.due(at(-1))
			.collectionSite(this.c1)
			.insert();

		final Row s4 = sample(-3 * 60).person(this.p3, this.a[4])
			.purpose("CLOSE_CONTACT")
			.due(at(9))
			.received(at(-2))
			.collectionSite(this.c2)
			.lab(this.l2)
			.insert();

		final Row s5 = sample(-50 * 60).environment(this.market, this.gridA2)
			.due(at(-26))
			.received(at(-48))
			.resulted("POSITIVE", at(-40), "28.5")
			.lab(this.l2)
			.insert();

		final Row s6 = sample(-10 * 60).person(this.p2, this.a[4])
			.retestOf(this.s2)
			.due(at(-4))
			.received(at(-8))
			.resulted("POSITIVE", at(-2), "31.2")
			.collectionSite(this.c2)
			.lab(this.l1)
			.insert();

		final Row s7 = sample(-70 * 60)
			.coldChain(SampleQueriesTests.this.samples.coldChainBatch(this.warehouse, at(-80)), this.a[3])
			.due(at(-46))
			.received(at(-66))
			.resulted("NEGATIVE", at(-60), null)
			.lab(this.l2)
			.insert();

		final Row b1 = sample(-4 * 60).person(this.p4, this.b[4]).due(at(-2)).lab(this.l1).insert();

		private SampleFixtures.Builder sample(int minutes) {
			return SampleQueriesTests.this.samples.sample(SampleQueriesTests.this.now.plusMinutes(minutes));
		}

		Map<String, Object> inA(Object... entries) {
			Map<String, Object> filter = new HashMap<>();
			filter.put("area", this.a[1].globalId());
			for (int i = 0; i < entries.length; i += 2) {
				filter.put((String) entries[i], entries[i + 1]);
			}
			return filter;
		}

	}

	private OffsetDateTime at(int hours) {
		return this.now.plusHours(hours);
	}

	private static String iso(OffsetDateTime time) {
		return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
	}

	private List<String> barcodes(Map<String, Object> filter) {
		return this.graphQl.documentName("samples")
			.variable("filter", filter)
			.execute()
			.path("samples.edges[*].node.barcode")
			.entityList(String.class)
			.get();
	}

	private int count(Map<String, Object> filter) {
		return this.graphQl.documentName("samples")
			.variable("filter", filter)
			.execute()
			.path("samples.totalCount")
			.entity(Integer.class)
			.get();
	}

	@Test
	void samplesInAnAreaAreNewestFirst() {
		World w = new World();
		assertThat(barcodes(w.inA())).containsExactly(w.s4.barcode(), w.s3.barcode(), w.s6.barcode(), w.s2.barcode(),
				w.s1.barcode(), w.s5.barcode(), w.s7.barcode());
		assertThat(count(w.inA())).isEqualTo(7);
		assertThat(barcodes(Map.of("area", w.b[0].globalId()))).containsExactly(w.b1.barcode());
		assertThat(barcodes(Map.of("area", w.gridA2.globalId()))).containsExactly(w.s5.barcode());
		assertThat(count(Map.of("area", w.a[4].globalId()))).isEqualTo(5);
	}

	@Test
	void samplesFilterByPurposeKindAndResult() {
		World w = new World();
		assertThat(barcodes(w.inA("purposes", List.of("MASS_TESTING", "RETEST")))).containsExactly(w.s6.barcode(),
				w.s2.barcode(), w.s1.barcode());
		assertThat(count(w.inA("purposes", List.of("ROUTINE")))).isZero();
		assertThat(barcodes(Map.of("area", w.b[0].globalId(), "purposes", List.of("ROUTINE"))))
			.containsExactly(w.b1.barcode());
		assertThat(barcodes(w.inA("kinds", List.of("ANTIGEN")))).containsExactly(w.s3.barcode());
		assertThat(count(w.inA("kinds", List.of("PCR")))).isEqualTo(6);
		assertThat(count(w.inA("results", List.of("POSITIVE")))).isEqualTo(4);
		assertThat(barcodes(w.inA("results", List.of("NEGATIVE")))).containsExactly(w.s7.barcode());
		assertThat(count(w.inA("results", List.of("POSITIVE", "NEGATIVE")))).isEqualTo(5);
		assertThat(count(w.inA("results", List.of("INVALID")))).isZero();
	}

	@Test
	void samplesFilterByPendingAndOverdue() {
		World w = new World();
		assertThat(barcodes(w.inA("pending", true))).containsExactly(w.s4.barcode(), w.s3.barcode());
		assertThat(count(w.inA("pending", false))).isEqualTo(5);
		// s1 is past its deadline but resulted, s4 is pending but not yet due
		assertThat(barcodes(w.inA("overdue", true))).containsExactly(w.s3.barcode());
		assertThat(count(w.inA("overdue", false))).isEqualTo(6);
		assertThat(barcodes(Map.of("area", w.b[0].globalId(), "overdue", true))).containsExactly(w.b1.barcode());
	}

	@Test
	void collectionWindowIsHalfOpen() {
		World w = new World();
		// from = s1's collection time (included), to = s3's (excluded)
		assertThat(barcodes(w.inA("collectedFrom", iso(at(-30)), "collectedTo", iso(at(-5)))))
			.containsExactly(w.s6.barcode(), w.s2.barcode(), w.s1.barcode());
		assertThat(barcodes(w.inA("collectedFrom", iso(at(-5))))).containsExactly(w.s4.barcode(), w.s3.barcode());
		assertThat(barcodes(w.inA("collectedTo", iso(at(-50))))).containsExactly(w.s7.barcode());
		assertThat(count(w.inA("collectedFrom", iso(at(1))))).isZero();
	}

	@Test
	void samplesFilterByPersonPoolCampaignAndLab() {
		World w = new World();
		assertThat(barcodes(Map.of("person", GlobalId.encode("Person", w.p1)))).containsExactly(w.s3.barcode(),
				w.s1.barcode());
		assertThat(barcodes(Map.of("person", GlobalId.encode("Person", w.p2)))).containsExactly(w.s6.barcode(),
				w.s2.barcode());
		assertThat(barcodes(Map.of("pool", GlobalId.encode("Pool", w.pool1)))).containsExactly(w.s2.barcode(),
				w.s1.barcode());
		assertThat(barcodes(Map.of("campaign", GlobalId.encode("Campaign", w.k1)))).containsExactly(w.s2.barcode(),
				w.s1.barcode());
		// the lab filter is not scoped to an area: L1 also tests area B's sample
		assertThat(barcodes(Map.of("lab", GlobalId.encode("Site", w.l1)))).containsExactly(w.b1.barcode(),
				w.s6.barcode(), w.s2.barcode(), w.s1.barcode());
		assertThat(count(w.inA("lab", GlobalId.encode("Site", w.l2)))).isEqualTo(3);
		// all conditions must hold
		assertThat(barcodes(w.inA("lab", GlobalId.encode("Site", w.l1), "pending", false, "results",
				List.of("POSITIVE"), "kinds", List.of("PCR"), "collectedFrom", iso(at(-12)))))
			.containsExactly(w.s6.barcode());
	}

	@Test
	void sampleByBarcodeShowsTimesResultAndRelations() {
		World w = new World();
		this.graphQl.documentName("sampleByBarcode")
			.variable("barcode", w.s6.barcode())
			.execute()
			.path("sampleByBarcode.id")
			.entity(String.class)
			.isEqualTo(w.s6.globalId())
			.path("sampleByBarcode.purpose")
			.entity(String.class)
			.isEqualTo("RETEST")
			.path("sampleByBarcode.subjectKind")
			.entity(String.class)
			.isEqualTo("PERSON")
			.path("sampleByBarcode.person.fullName")
			.entity(String.class)
			.isEqualTo("张二")
			.path("sampleByBarcode.site")
			.valueIsNull()
			.path("sampleByBarcode.place.code")
			.entity(String.class)
			.isEqualTo(w.a[4].code())
			.path("sampleByBarcode.retestOf.barcode")
			.entity(String.class)
			.isEqualTo(w.s2.barcode())
			.path("sampleByBarcode.collectionSite.name")
			.entity(String.class)
			.isEqualTo("检甲采样点二")
			.path("sampleByBarcode.collectionSite.place.code")
			.entity(String.class)
			.isEqualTo(w.a[4].code())
			.path("sampleByBarcode.lab.name")
			.entity(String.class)
			.isEqualTo("检甲实验室")
			.path("sampleByBarcode.pool")
			.valueIsNull()
			.path("sampleByBarcode.result")
			.entity(String.class)
			.isEqualTo("POSITIVE")
			.path("sampleByBarcode.ctValue")
			.entity(Double.class)
			.isEqualTo(31.2)
			.path("sampleByBarcode.turnaroundMinutes")
			.entity(Integer.class)
			.isEqualTo(8 * 60)
			.path("sampleByBarcode.overdue")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("sampleByBarcode.collectedAt")
			.entity(String.class)
			.satisfies((t) -> assertThat(OffsetDateTime.parse(t)).isAtSameInstantAs(at(-10)))
			.path("sampleByBarcode.resultedAt")
			.entity(String.class)
			.satisfies((t) -> assertThat(OffsetDateTime.parse(t)).isAtSameInstantAs(at(-2)))
			.path("sampleByBarcode.dueAt")
			.entity(String.class)
			.satisfies((t) -> assertThat(OffsetDateTime.parse(t)).isAtSameInstantAs(at(-4)));

		this.graphQl.documentName("sampleByBarcode")
			.variable("barcode", w.s1.barcode())
			.execute()
			.path("sampleByBarcode.pool.barcode")
			.hasValue()
			.path("sampleByBarcode.campaign.name")
			.entity(String.class)
			.isEqualTo("检甲第一轮全员核酸")
			.path("sampleByBarcode.campaign.area.code")
			.entity(String.class)
			.isEqualTo(w.a[1].code())
			.path("sampleByBarcode.turnaroundMinutes")
			.entity(Integer.class)
			.isEqualTo(10 * 60)
			// past its deadline, but resulted: not overdue
			.path("sampleByBarcode.overdue")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("sampleByBarcode.ctValue")
			.valueIsNull();
	}

	@Test
	void pendingSamplesAreOverdueOnlyPastTheirDeadline() {
		World w = new World();
		this.graphQl.documentName("sampleByBarcode")
			.variable("barcode", w.s3.barcode())
			.execute()
			.path("sampleByBarcode.kind")
			.entity(String.class)
			.isEqualTo("ANTIGEN")
			.path("sampleByBarcode.overdue")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("sampleByBarcode.result")
			.valueIsNull()
			.path("sampleByBarcode.resultedAt")
			.valueIsNull()
			.path("sampleByBarcode.turnaroundMinutes")
			.valueIsNull()
			.path("sampleByBarcode.lab")
			.valueIsNull();
		this.graphQl.documentName("sampleByBarcode")
			.variable("barcode", w.s4.barcode())
			.execute()
			.path("sampleByBarcode.overdue")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("sampleByBarcode.receivedAt")
			.hasValue()
			.path("sampleByBarcode.turnaroundMinutes")
			.valueIsNull();
	}

	@Test
	void environmentalAndColdChainSamplesHaveNoPerson() {
		World w = new World();
		this.graphQl.documentName("sampleByBarcode")
			.variable("barcode", w.s5.barcode())
			.execute()
			.path("sampleByBarcode.subjectKind")
			.entity(String.class)
			.isEqualTo("ENVIRONMENT")
			.path("sampleByBarcode.specimen")
			.entity(String.class)
			.isEqualTo("ENVIRONMENTAL_SWAB")
			.path("sampleByBarcode.person")
			.valueIsNull()
			.path("sampleByBarcode.site.name")
			.entity(String.class)
			.isEqualTo("检甲农贸市场")
			.path("sampleByBarcode.place.code")
			.entity(String.class)
			.isEqualTo(w.gridA2.code())
			.path("sampleByBarcode.ctValue")
			.entity(Double.class)
			.isEqualTo(28.5)
			.path("sampleByBarcode.turnaroundMinutes")
			.entity(Integer.class)
			.isEqualTo(10 * 60);
		this.graphQl.documentName("sampleByBarcode")
			.variable("barcode", w.s7.barcode())
			.execute()
			.path("sampleByBarcode.subjectKind")
			.entity(String.class)
			.isEqualTo("COLD_CHAIN_BATCH")
			.path("sampleByBarcode.purpose")
			.entity(String.class)
			.isEqualTo("COLD_CHAIN")
			.path("sampleByBarcode.person")
			.valueIsNull()
			.path("sampleByBarcode.site")
			.valueIsNull()
			.path("sampleByBarcode.place.code")
			.entity(String.class)
			.isEqualTo(w.a[3].code())
			.path("sampleByBarcode.result")
			.entity(String.class)
			.isEqualTo("NEGATIVE");
	}

	@Test
	void poolShowsItsMembersInOrderOfCollection() {
		World w = new World();
		this.graphQl.documentName("testingNode")
			.variable("id", GlobalId.encode("Pool", w.pool1))
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("Pool")
			.path("node.size")
			.entity(Integer.class)
			.isEqualTo(10)
			.path("node.result")
			.entity(String.class)
			.isEqualTo("POSITIVE")
			.path("node.collectionSite.name")
			.entity(String.class)
			.isEqualTo("检甲采样点一")
			.path("node.lab.name")
			.entity(String.class)
			.isEqualTo("检甲实验室")
			.path("node.samples[*].barcode")
			.entityList(String.class)
			.containsExactly(w.s1.barcode(), w.s2.barcode());
		// a pool without members
		long empty = this.samples.pool(5, null, null, at(-1), null, null, null);
		this.graphQl.documentName("testingNode")
			.variable("id", GlobalId.encode("Pool", empty))
			.execute()
			.path("node.samples")
			.entityList(Object.class)
			.hasSize(0)
			.path("node.result")
			.valueIsNull()
			.path("node.lab")
			.valueIsNull();
	}

	@Test
	void nodeResolvesSamplesAndCampaigns() {
		World w = new World();
		this.graphQl.documentName("testingNode")
			.variable("id", w.s4.globalId())
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("Sample")
			.path("node.barcode")
			.entity(String.class)
			.isEqualTo(w.s4.barcode());
		this.graphQl.documentName("testingNode")
			.variable("id", GlobalId.encode("Campaign", w.k1))
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("Campaign")
			.path("node.area.code")
			.entity(String.class)
			.isEqualTo(w.a[1].code())
			.path("node.endsOn")
			.entity(String.class)
			.isEqualTo(LocalDate.now().toString());
	}

	@Test
	void personSamplesAreNewestFirstAndLimited() {
		World w = new World();
		for (int i = 0; i < 25; i++) {
			this.samples.sample(at(-100 - i)).person(w.p3, w.a[4]).resulted("NEGATIVE", at(-99 - i), null).insert();
		}
		this.graphQl.documentName("personSamples")
			.variable("id", GlobalId.encode("Person", w.p1))
			.variable("first", 1)
			.execute()
			.path("person.latest[*].barcode")
			.entityList(String.class)
			.containsExactly(w.s3.barcode())
			.path("person.samples[*].barcode")
			.entityList(String.class)
			.containsExactly(w.s3.barcode(), w.s1.barcode());
		// default 20 of p3's 26 samples, newest (s4) first
		this.graphQl.documentName("personSamples")
			.variable("id", GlobalId.encode("Person", w.p3))
			.variable("first", 500)
			.execute()
			.path("person.latest")
			.entityList(Object.class)
			.hasSize(26)
			.path("person.samples")
			.entityList(Object.class)
			.hasSize(20)
			.path("person.samples[0].barcode")
			.entity(String.class)
			.isEqualTo(w.s4.barcode());
		// a person without samples
		long nobody = this.data.person(w.a[4], "王五");
		this.graphQl.documentName("personSamples")
			.variable("id", GlobalId.encode("Person", nobody))
			.execute()
			.path("person.samples")
			.entityList(Object.class)
			.hasSize(0);
		this.graphQl.documentName("personSamples")
			.variable("id", GlobalId.encode("Person", w.p1))
			.variable("first", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("at most 500"))
			.verify();
	}

	@Test
	void personSamplesAreBatchedAcrossPeople() {
		World w = new World();
		this.graphQl.documentName("samplesThreeLevels")
			.variable("filter", w.inA("purposes", List.of("MASS_TESTING", "RETEST", "KEY_GROUP")))
			.execute()
			.path("samples.nodes[*].barcode")
			.entityList(String.class)
			.containsExactly(w.s3.barcode(), w.s6.barcode(), w.s2.barcode(), w.s1.barcode())
			.path("samples.nodes[0].person.samples[*].barcode")
			.entityList(String.class)
			.containsExactly(w.s3.barcode(), w.s1.barcode())
			.path("samples.nodes[1].person.samples[*].barcode")
			.entityList(String.class)
			.containsExactly(w.s6.barcode(), w.s2.barcode())
			.path("samples.nodes[3].pool.samples[*].barcode")
			.entityList(String.class)
			.containsExactly(w.s1.barcode(), w.s2.barcode())
			.path("samples.nodes[3].pool.collectionSite.place.code")
			.entity(String.class)
			.isEqualTo(w.a[4].code());
	}

	@Test
	void samplesPageThroughWithKeysetCursors() {
		Ref[] area = this.data.chain("检页");
		long person = this.data.person(area[4], "赵六");
		List<String> expected = new ArrayList<>();
		// two samples share a collection time: the id breaks the tie, newest id first
		Row tieOlder = this.samples.sample(at(-3)).person(person, area[4]).insert();
		Row tieNewer = this.samples.sample(at(-3)).person(person, area[4]).insert();
		Row newest = this.samples.sample(at(-1)).person(person, area[4]).insert();
		Row older = this.samples.sample(at(-5)).person(person, area[4]).insert();
		Row oldest = this.samples.sample(at(-9)).person(person, area[4]).insert();
		expected.addAll(
				List.of(newest.barcode(), tieNewer.barcode(), tieOlder.barcode(), older.barcode(), oldest.barcode()));
		Map<String, Object> filter = Map.of("area", area[0].globalId());

		List<String> seen = new ArrayList<>();
		String end = this.graphQl.documentName("samples")
			.variable("filter", filter)
			.variable("first", 2)
			.execute()
			.path("samples.edges[*].node.barcode")
			.entityList(String.class)
			.satisfies(seen::addAll)
			.path("samples.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("samples.pageInfo.hasPreviousPage")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("samples.totalCount")
			.entity(Integer.class)
			.isEqualTo(5)
			.path("samples.pageInfo.endCursor")
			.entity(String.class)
			.get();
		String next = this.graphQl.documentName("samples")
			.variable("filter", filter)
			.variable("first", 2)
			.variable("after", end)
			.execute()
			.path("samples.edges[*].node.barcode")
			.entityList(String.class)
			.satisfies(seen::addAll)
			.path("samples.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("samples.pageInfo.hasPreviousPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("samples.pageInfo.endCursor")
			.entity(String.class)
			.get();
		String last = this.graphQl.documentName("samples")
			.variable("filter", filter)
			.variable("first", 2)
			.variable("after", next)
			.execute()
			.path("samples.edges[*].node.barcode")
			.entityList(String.class)
			.satisfies(seen::addAll)
			.path("samples.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("samples.pageInfo.endCursor")
			.entity(String.class)
			.get();
		assertThat(seen).containsExactlyElementsOf(expected);
		this.graphQl.documentName("samples")
			.variable("filter", filter)
			.variable("after", last)
			.execute()
			.path("samples.edges")
			.entityList(Object.class)
			.hasSize(0)
			.path("samples.pageInfo.endCursor")
			.valueIsNull()
			.path("samples.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(false);
		// a filter that matches nothing
		this.graphQl.documentName("samples")
			.variable("filter", Map.of("area", area[0].globalId(), "pending", false))
			.execute()
			.path("samples.edges")
			.entityList(Object.class)
			.hasSize(0)
			.path("samples.totalCount")
			.entity(Integer.class)
			.isEqualTo(0)
			.path("samples.pageInfo.startCursor")
			.valueIsNull();
	}

	@Test
	void unknownSamplesAreNotFound() {
		this.graphQl.document("{ sampleByBarcode(barcode: \"NO-SUCH-TUBE\") { barcode } }")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND
					&& error.getMessage().contains("NO-SUCH-TUBE") && error.getPath().equals("sampleByBarcode"))
			.verify()
			.path("sampleByBarcode")
			.valueIsNull();
		for (String type : List.of("Sample", "Pool", "Campaign")) {
			this.graphQl.documentName("testingNode")
				.variable("id", GlobalId.encode(type, 987654321))
				.execute()
				.errors()
				.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND)
				.verify()
				.path("node")
				.valueIsNull();
		}
	}

	@Test
	void badFilterIdsAreRejected() {
		this.graphQl.documentName("samples")
			.variable("filter", Map.of("person", GlobalId.encode("Place", 1)))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("expected a Person"))
			.verify();
		this.graphQl.documentName("samples")
			.variable("filter", Map.of("area", "not-an-id!"))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("not a valid id"))
			.verify();
	}

	@Test
	void badPagingArgumentsAreRejected() {
		this.graphQl.documentName("samples")
			.variable("first", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("at most 500"))
			.verify();
		this.graphQl.documentName("samples")
			.variable("after", "garbage")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
		// a cursor of another connection (places: one key, a division code)
		this.data.city("检游标市");
		String placeCursor = this.graphQl.document("{ places(first: 1) { pageInfo { endCursor } } }")
			.execute()
			.path("places.pageInfo.endCursor")
			.entity(String.class)
			.get();
		// two keys, but not an instant and an id
		for (String cursor : List.of(placeCursor, Cursor.encode("yesterday", 5), Cursor.encode(this.now, "x"))) {
			this.graphQl.documentName("samples")
				.variable("after", cursor)
				.execute()
				.errors()
				.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
						&& error.getMessage().contains("cursor"))
				.verify();
		}
	}

	@Test
	void invalidEnumsAndInstantsAreValidationErrors() {
		this.graphQl.documentName("samples")
			.variable("filter", Map.of("purposes", List.of("BIRTHDAY")))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		this.graphQl.document("{ samples(filter: { results: [MAYBE] }) { totalCount } }")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		this.graphQl.document("{ samples(filter: { collectedFrom: \"yesterday\" }) { totalCount } }")
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
		// one statement per (field, level): samples, pool, sites (2 levels), samples of
		// pools and
		// people, places (3 levels), people, and Person.samples
		assertThat(small).isLessThanOrEqualTo(12);
	}

	private int threeLevelStatements(int count) {
		Ref[] area = this.data.chain("检N" + count);
		long lab = this.data.site(area[1], "LAB", "检N实验室");
		long[] sites = new long[5];
		for (int i = 0; i < sites.length; i++) {
			sites[i] = this.data.site(area[4], "TESTING_SITE", "检N采样点" + i);
		}
		long pool = 0;
		for (int i = 0; i < count; i++) {
			if (i % 10 == 0) {
				pool = this.samples.pool(10, sites[i % sites.length], lab, at(-6), null, null, null);
			}
			long person = this.data.person(area[4], "检N" + i);
			this.samples.sample(at(-5).plusMinutes(i))
				.person(person, area[4])
				.pool(pool)
				.collectionSite(sites[i % sites.length])
				.lab(lab)
				.insert();
		}
		this.statements.reset();
		this.graphQl.documentName("samplesThreeLevels")
			.variable("filter", Map.of("area", area[0].globalId()))
			.variable("first", 500)
			.execute()
			.path("samples.nodes")
			.entityList(Object.class)
			.hasSize(count)
			.path("samples.nodes[0].person.samples[0].place.code")
			.hasValue()
			.path("samples.nodes[0].pool.samples")
			.entityList(Object.class)
			.hasSize(10)
			.path("samples.nodes[0].pool.collectionSite.place.code")
			.hasValue()
			.path("samples.nodes[0].collectionSite.place.code")
			.hasValue();
		return this.statements.count();
	}

}
