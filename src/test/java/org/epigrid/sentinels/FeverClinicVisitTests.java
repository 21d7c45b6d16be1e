package org.epigrid.sentinels;

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
import org.springframework.graphql.test.tester.GraphQlTester;

import org.epigrid.people.Symptom;
import org.epigrid.jooq.tables.records.FeverClinicVisitRecord;
import org.epigrid.sentinels.SentinelFixtures.Row;
import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.FEVER_CLINIC_VISIT;

class FeverClinicVisitTests extends IntegrationTest {

	private final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

	private SentinelFixtures fixtures;

	@BeforeEach
	void fixtures() {
		this.fixtures = new SentinelFixtures(this.db);
	}

	/**
	 * A fever clinic in grid A1 and a hospital in grid A2 of area A, a clinic in area B.
	 * Visits, newest first: v4 (hospital, untested), v3 (clinic, tested), v2 (clinic,
	 * untested), v1 (clinic, tested); vb in area B.
	 */
	private final class World {

		final Ref[] a = data.chain("热甲");

		final Ref gridA2 = data.below(this.a[3], "GRID", "热甲第二网格");

		final Ref[] b = data.chain("热乙");

		final long clinic = data.site(this.a[4], "FEVER_CLINIC", "热甲发热门诊");

		final long hospital = data.site(this.gridA2, "HOSPITAL", "热甲人民医院");

		final long clinicB = data.site(this.b[4], "FEVER_CLINIC", "热乙发热门诊");

		final long market = data.site(this.a[4], "MARKET", "热甲农贸市场");

		final long p1 = data.person(this.a[4], "钱一");

		final long p2 = data.person(this.a[4], "钱二");

		final long p3 = data.person(this.b[4], "孙三");

		final Row s1 = fixtures.sample(this.p1, this.a[4], at(-47), null);

		final Row s3 = fixtures.sample(this.p2, this.a[4], at(-5), null);

		final long v1 = fixtures.visit(this.clinic, this.p1, at(-48), this.s1.id());

		final long v2 = fixtures.visit(this.clinic, this.p2, at(-24), null);

		final long v3 = fixtures.visit(this.clinic, this.p2, at(-6), this.s3.id());

		final long v4 = fixtures.visit(this.hospital, this.p1, at(-2), null);

		final long vb = fixtures.visit(this.clinicB, this.p3, at(-3), null);

		String visit(long id) {
			return GlobalId.encode("FeverClinicVisit", id);
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

	private List<String> visits(Map<String, Object> filter) {
		return this.graphQl.documentName("feverClinicVisits")
			.variable("filter", filter)
			.execute()
			.path("feverClinicVisits.edges[*].node.id")
			.entityList(String.class)
			.get();
	}

	private GraphQlTester.Response record(Map<String, Object> input) {
		return this.graphQl.documentName("recordFeverClinicVisit").variable("input", input).execute();
	}

	private GraphQlTester.Response link(String visit, String barcode) {
		return this.graphQl.documentName("linkFeverClinicSample")
			.variable("input", Map.of("visit", visit, "barcode", barcode))
			.execute();
	}

	private Map<String, Object> visitInput(World w, Object... entries) {
		Map<String, Object> input = new HashMap<>(Map.of("site", w.site(w.clinic), "person", w.person(w.p1),
				"visitedAt", iso(at(-1)), "temperature", 38.6, "symptoms", List.of("FEVER", "SORE_THROAT")));
		for (int i = 0; i < entries.length; i += 2) {
			input.put((String) entries[i], entries[i + 1]);
		}
		return input;
	}

	@Test
	void recordsAVisitAtAFeverClinicOrHospitalAsUntested() {
		World w = new World();
		String id = this.graphQl.mutate()
			.header("X-Epigrid-User", "clinic.nurse-1")
			.build()
			.documentName("recordFeverClinicVisit")
			.variable("input", visitInput(w, "symptoms", List.of("FEVER", "COUGH", "FEVER")))
			.execute()
			.path("recordFeverClinicVisit.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("recordFeverClinicVisit.visit.tested")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("recordFeverClinicVisit.visit.sample")
			.valueIsNull()
			.path("recordFeverClinicVisit.visit.temperature")
			.entity(Double.class)
			.isEqualTo(38.6)
			.path("recordFeverClinicVisit.visit.symptoms")
			.entityList(String.class)
			.containsExactly("FEVER", "COUGH")
			.path("recordFeverClinicVisit.visit.site.name")
			.entity(String.class)
			.isEqualTo("热甲发热门诊")
			.path("recordFeverClinicVisit.visit.person.fullName")
			.entity(String.class)
			.isEqualTo("钱一")
			.path("recordFeverClinicVisit.visit.version")
			.entity(Integer.class)
			.isEqualTo(0)
			.path("recordFeverClinicVisit.visit.id")
			.entity(String.class)
			.get();
		FeverClinicVisitRecord row = this.db.selectFrom(FEVER_CLINIC_VISIT)
			.where(FEVER_CLINIC_VISIT.ID.eq(GlobalId.decode(id, "FeverClinicVisit")))
			.fetchOne();
		assertThat(row.getCreatedBy()).isEqualTo("clinic.nurse-1");
		assertThat(row.getVisitedAt()).isAtSameInstantAs(at(-1));
		// a hospital also counts, and symptoms may be left out
		record(visitInput(w, "site", w.site(w.hospital), "temperature", 36.8, "symptoms", List.of()))
			.path("recordFeverClinicVisit.visit.symptoms")
			.entityList(String.class)
			.hasSize(0);
		Map<String, Object> noSymptoms = visitInput(w);
		noSymptoms.remove("symptoms");
		record(noSymptoms).path("recordFeverClinicVisit.visit.symptoms").entityList(String.class).hasSize(0);
		assertThat(visits(Map.of("area", w.a[0].globalId(), "untested", true))).hasSize(5);
	}

	@Test
	void recordRefusesWrongSitesPeopleTimesAndTemperaturesAndChangesNothing() {
		World w = new World();
		int before = this.db.fetchCount(FEVER_CLINIC_VISIT);
		record(visitInput(w, "site", w.site(w.market))).path("recordFeverClinicVisit.visit")
			.valueIsNull()
			.path("recordFeverClinicVisit.errors[0].code")
			.entity(String.class)
			.isEqualTo("RULE_VIOLATED")
			.path("recordFeverClinicVisit.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.site")
			.path("recordFeverClinicVisit.errors[0].message")
			.entity(String.class)
			.isEqualTo("the site must be a FEVER_CLINIC or HOSPITAL, not a MARKET");
		record(visitInput(w, "site", GlobalId.encode("Site", 999_999_999), "person",
				GlobalId.encode("Person", 999_999_999), "visitedAt", iso(at(2)), "temperature", 44.5))
			.path("recordFeverClinicVisit.errors[*].field")
			.entityList(String.class)
			.satisfies((list) -> assertThat(list).containsExactlyInAnyOrder("input.site", "input.person",
					"input.visitedAt", "input.temperature"))
			.path("recordFeverClinicVisit.errors[*].code")
			.entityList(String.class)
			.satisfies((list) -> assertThat(list).containsExactlyInAnyOrder("NOT_FOUND", "NOT_FOUND", "INVALID_VALUE",
					"INVALID_VALUE"));
		record(visitInput(w, "temperature", 33.9)).path("recordFeverClinicVisit.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.temperature");
		assertThat(this.db.fetchCount(FEVER_CLINIC_VISIT)).isEqualTo(before);
		// malformed input never reaches the rules
		record(visitInput(w, "symptoms", List.of("SNEEZING"))).errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		record(visitInput(w, "visitedAt", "this morning")).errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
		record(visitInput(w, "person", GlobalId.encode("Site", w.clinic))).errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("expected a Person"))
			.verify();
		assertThat(this.db.fetchCount(FEVER_CLINIC_VISIT)).isEqualTo(before);
	}

	@Test
	void linkingThePatientsSampleMarksTheVisitTested() {
		World w = new World();
		Row taken = this.fixtures.sample(w.p2, w.a[4], at(-23), null);
		link(w.visit(w.v2), taken.barcode()).path("linkFeverClinicSample.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("linkFeverClinicSample.visit.tested")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("linkFeverClinicSample.visit.version")
			.entity(Integer.class)
			.isEqualTo(1)
			.path("linkFeverClinicSample.visit.sample.barcode")
			.entity(String.class)
			.isEqualTo(taken.barcode())
			.path("linkFeverClinicSample.visit.sample.person.fullName")
			.entity(String.class)
			.isEqualTo("钱二");
		assertThat(this.db.select(FEVER_CLINIC_VISIT.SAMPLE_ID)
			.from(FEVER_CLINIC_VISIT)
			.where(FEVER_CLINIC_VISIT.ID.eq(w.v2))
			.fetchOne(FEVER_CLINIC_VISIT.SAMPLE_ID)).isEqualTo(taken.id());
		// linking the same sample again changes nothing
		link(w.visit(w.v2), taken.barcode()).path("linkFeverClinicSample.visit.version")
			.entity(Integer.class)
			.isEqualTo(1);
		// a sample collected exactly at the visit is accepted
		Row atVisit = this.fixtures.sample(w.p1, w.a[4], at(-2), null);
		link(w.visit(w.v4), atVisit.barcode()).path("linkFeverClinicSample.visit.tested")
			.entity(Boolean.class)
			.isEqualTo(true);
	}

	@Test
	void linkRefusesOtherPeoplesEarlierAndSecondSamplesAndChangesNothing() {
		World w = new World();
		Row othersSample = this.fixtures.sample(w.p1, w.a[4], at(-20), null);
		Row before = this.fixtures.sample(w.p2, w.a[4], at(-30), null);
		Row second = this.fixtures.sample(w.p2, w.a[4], at(-4), null);
		link(w.visit(w.v2), othersSample.barcode()).path("linkFeverClinicSample.visit")
			.valueIsNull()
			.path("linkFeverClinicSample.errors[0].code")
			.entity(String.class)
			.isEqualTo("RULE_VIOLATED")
			.path("linkFeverClinicSample.errors[0].message")
			.entity(String.class)
			.isEqualTo("the sample is not the patient's")
			.path("linkFeverClinicSample.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.barcode");
		link(w.visit(w.v2), before.barcode()).path("linkFeverClinicSample.errors[0].message")
			.entity(String.class)
			.isEqualTo("the sample was collected before the visit");
		link(w.visit(w.v2), "NO-SUCH-TUBE").path("linkFeverClinicSample.errors[0].code")
			.entity(String.class)
			.isEqualTo("NOT_FOUND");
		link(w.visit(987_654_321), second.barcode()).path("linkFeverClinicSample.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.visit")
			.path("linkFeverClinicSample.errors[0].code")
			.entity(String.class)
			.isEqualTo("NOT_FOUND");
		// v3 already has its sample
		link(w.visit(w.v3), second.barcode()).path("linkFeverClinicSample.errors[0].code")
			.entity(String.class)
			.isEqualTo("ILLEGAL_TRANSITION");
		assertThat(this.db.select(FEVER_CLINIC_VISIT.ID, FEVER_CLINIC_VISIT.SAMPLE_ID, FEVER_CLINIC_VISIT.VERSION)
			.from(FEVER_CLINIC_VISIT)
			.where(FEVER_CLINIC_VISIT.ID.in(w.v2, w.v3))
			.orderBy(FEVER_CLINIC_VISIT.ID)
			.fetch()
			.map((r) -> r.value1() + ":" + r.value2() + ":" + r.value3()))
			.containsExactly(w.v2 + ":null:0", w.v3 + ":" + w.s3.id() + ":0");
		link(GlobalId.encode("DrugSale", w.v2), second.barcode()).errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("expected a FeverClinicVisit"))
			.verify();
	}

	@Test
	void visitsFilterByAreaSitePersonTimeAndTesting() {
		World w = new World();
		Map<String, Object> inA = Map.of("area", w.a[0].globalId());
		assertThat(visits(inA)).containsExactly(w.visit(w.v4), w.visit(w.v3), w.visit(w.v2), w.visit(w.v1));
		assertThat(visits(Map.of("area", w.gridA2.globalId()))).containsExactly(w.visit(w.v4));
		assertThat(visits(Map.of("area", w.b[0].globalId()))).containsExactly(w.visit(w.vb));
		assertThat(visits(Map.of("site", w.site(w.clinic)))).containsExactly(w.visit(w.v3), w.visit(w.v2),
				w.visit(w.v1));
		assertThat(visits(Map.of("person", w.person(w.p1)))).containsExactly(w.visit(w.v4), w.visit(w.v1));
		assertThat(visits(Map.of("area", w.a[0].globalId(), "untested", true))).containsExactly(w.visit(w.v4),
				w.visit(w.v2));
		assertThat(visits(Map.of("area", w.a[0].globalId(), "untested", false))).containsExactly(w.visit(w.v3),
				w.visit(w.v1));
		// from is included, to is excluded
		assertThat(visits(Map.of("area", w.a[0].globalId(), "from", iso(at(-24)), "to", iso(at(-2)))))
			.containsExactly(w.visit(w.v3), w.visit(w.v2));
		assertThat(visits(Map.of("site", w.site(w.clinic), "untested", true, "from", iso(at(-30)))))
			.containsExactly(w.visit(w.v2));
		assertThat(visits(Map.of("area", w.a[0].globalId(), "from", iso(at(0))))).isEmpty();
		this.graphQl.documentName("feverClinicVisits")
			.variable("filter", inA)
			.execute()
			.path("feverClinicVisits.totalCount")
			.entity(Integer.class)
			.isEqualTo(4)
			.path("feverClinicVisits.edges[0].node.tested")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("feverClinicVisits.edges[1].node.tested")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("feverClinicVisits.edges[0].node.symptoms")
			.entityList(String.class)
			.containsExactly("FEVER", "COUGH");
	}

	@Test
	void visitsShowSitePersonAndSampleAndResolveAsNodes() {
		World w = new World();
		this.graphQl.documentName("feverClinicVisitsNested")
			.variable("filter", Map.of("area", w.a[0].globalId()))
			.execute()
			.path("feverClinicVisits.nodes[*].site.type")
			.entityList(String.class)
			.containsExactly("HOSPITAL", "FEVER_CLINIC", "FEVER_CLINIC", "FEVER_CLINIC")
			.path("feverClinicVisits.nodes[0].site.place.code")
			.entity(String.class)
			.isEqualTo(w.gridA2.code())
			.path("feverClinicVisits.nodes[0].sample")
			.valueIsNull()
			.path("feverClinicVisits.nodes[1].sample.barcode")
			.entity(String.class)
			.isEqualTo(w.s3.barcode())
			.path("feverClinicVisits.nodes[1].sample.person.fullName")
			.entity(String.class)
			.isEqualTo("钱二")
			.path("feverClinicVisits.nodes[3].person.samples[*].barcode")
			.entityList(String.class)
			.containsExactly(w.s1.barcode());
		this.graphQl.documentName("sentinelsNode")
			.variable("id", w.visit(w.v1))
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("FeverClinicVisit")
			.path("node.tested")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("node.sample.barcode")
			.entity(String.class)
			.isEqualTo(w.s1.barcode())
			.path("node.person.fullName")
			.entity(String.class)
			.isEqualTo("钱一");
		this.graphQl.documentName("sentinelsNode")
			.variable("id", w.visit(987_654_321))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND)
			.verify()
			.path("node")
			.valueIsNull();
	}

	@Test
	void visitsPageNewestFirstWithTiesBrokenById() {
		Ref[] area = this.data.chain("热页");
		long clinic = this.data.site(area[4], "FEVER_CLINIC", "热页门诊");
		long person = this.data.person(area[4], "周页");
		long oldest = this.fixtures.visit(clinic, person, at(-9), null);
		long tieOlder = this.fixtures.visit(clinic, person, at(-3), null);
		long tieNewer = this.fixtures.visit(clinic, person, at(-3), null);
		long newest = this.fixtures.visit(clinic, person, at(-1), null);
		Map<String, Object> filter = Map.of("area", area[0].globalId());
		List<String> seen = new ArrayList<>();
		String after = null;
		for (int page = 0; page < 2; page++) {
			after = this.graphQl.documentName("feverClinicVisits")
				.variable("filter", filter)
				.variable("first", 2)
				.variable("after", after)
				.execute()
				.path("feverClinicVisits.edges[*].node.id")
				.entityList(String.class)
				.satisfies(seen::addAll)
				.path("feverClinicVisits.pageInfo.hasNextPage")
				.entity(Boolean.class)
				.isEqualTo(page == 0)
				.path("feverClinicVisits.pageInfo.endCursor")
				.entity(String.class)
				.get();
		}
		assertThat(seen).containsExactly(GlobalId.encode("FeverClinicVisit", newest),
				GlobalId.encode("FeverClinicVisit", tieNewer), GlobalId.encode("FeverClinicVisit", tieOlder),
				GlobalId.encode("FeverClinicVisit", oldest));
		this.graphQl.documentName("feverClinicVisits")
			.variable("filter", filter)
			.variable("after", after)
			.execute()
			.path("feverClinicVisits.edges")
			.entityList(Object.class)
			.hasSize(0);
		this.graphQl.documentName("feverClinicVisits")
			.variable("after", "garbage")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
		this.graphQl.documentName("feverClinicVisits")
			.variable("first", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("at most 500"))
			.verify();
		this.graphQl.documentName("feverClinicVisits")
			.variable("filter", Map.of("area", GlobalId.encode("Site", clinic)))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("expected a Place"))
			.verify();
	}

	@Test
	void nestedVisitReadStatementCountDoesNotGrowWithRows() {
		int small = visitStatements(20);
		int large = visitStatements(200);
		assertThat(large).isEqualTo(small);
		assertThat(small).isLessThanOrEqualTo(8);
	}

	private int visitStatements(int count) {
		Ref[] area = this.data.chain("热N" + count);
		long[] clinics = { this.data.site(area[4], "FEVER_CLINIC", "热N门诊"),
				this.data.site(area[3], "HOSPITAL", "热N医院") };
		long collection = this.data.site(area[4], "TESTING_SITE", "热N采样点");
		for (int i = 0; i < count; i++) {
			long person = this.data.person(area[4], "热N" + i);
			Long sample = null;
			if (i % 2 == 0) {
				Row row = this.fixtures.sample(person, area[4], at(-1), null);
				this.db.update(org.epigrid.jooq.Tables.SAMPLE)
					.set(org.epigrid.jooq.Tables.SAMPLE.COLLECTION_SITE_ID, collection)
					.where(org.epigrid.jooq.Tables.SAMPLE.ID.eq(row.id()))
					.execute();
				sample = row.id();
			}
			this.fixtures.visit(clinics[i % 2], person, at(-2).plusSeconds(i), sample);
		}
		this.statements.reset();
		this.graphQl.documentName("feverClinicVisitsNested")
			.variable("filter", Map.of("area", area[0].globalId()))
			.variable("first", 500)
			.execute()
			.path("feverClinicVisits.nodes")
			.entityList(Object.class)
			.hasSize(count)
			.path("feverClinicVisits.nodes[1].sample.collectionSite.name")
			.entity(String.class)
			.isEqualTo("热N采样点")
			.path("feverClinicVisits.nodes[1].person.samples")
			.entityList(Object.class)
			.hasSize(1)
			.path("feverClinicVisits.nodes[0].site.place.code")
			.hasValue();
		return this.statements.count();
	}

}
