package org.epigrid.access;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.POOL;
import static org.epigrid.jooq.Tables.SAMPLE;
import static org.epigrid.jooq.Tables.SITE;

/**
 * CSV uploads of area-scoped keys: rows outside the key's area (for a LAB key: its
 * laboratories) are rejected one by one with FORBIDDEN and a reason; the other rows
 * apply.
 */
class IngestScopeTests extends IntegrationTest {

	private static final MediaType CSV = MediaType.parseMediaType("text/csv");

	private static final String SAMPLES_HEADER = "barcode,kind,specimen,purpose,id_number,collection_site_venue_code,"
			+ "lab_venue_code,collected_at";

	private static final String RESULTS_HEADER = "barcode,result,ct_value,resulted_at";

	@Test
	void anAreaOfficerRecordsSamplesCollectedAtSitesOfItsArea() {
		TwoCounties w = new TwoCounties(this.data, this.db, "采");
		String ourResident = idNumber(this.data.person(w.ourGrid, "采本"));
		String theirResident = idNumber(this.data.person(w.theirGrid, "采邻"));
		String at = w.now.minusHours(2).toString();
		List<String> barcodes = List.of(TwoCounties.barcode("CA"), TwoCounties.barcode("CA"), TwoCounties.barcode("CA"),
				TwoCounties.barcode("CA"));
		String csv = String.join("\n", SAMPLES_HEADER,
				row(barcodes.get(0), ourResident, venue(w.ourSite), venue(w.ourLab), at),
				row(barcodes.get(1), theirResident, venue(w.ourSite), venue(w.theirLab), at),
				row(barcodes.get(2), ourResident, venue(w.theirSite), venue(w.ourLab), at),
				row(barcodes.get(3), theirResident, "", venue(w.ourLab), at));
		upload(createKey("AREA_OFFICER", w.ours.id(), null), "/ingest/samples", csv).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.received")
			.isEqualTo(4)
			.jsonPath("$.applied")
			.isEqualTo(2)
			.jsonPath("$.rejectedCount")
			.isEqualTo(2)
			.jsonPath("$.rejected[0].line")
			.isEqualTo(4)
			.jsonPath("$.rejected[0].code")
			.isEqualTo("FORBIDDEN")
			.jsonPath("$.rejected[0].reason")
			.isEqualTo("collection_site_venue_code: the collection site (without one: the person's residence) "
					+ "is not in the area of this key")
			.jsonPath("$.rejected[1].line")
			.isEqualTo(5)
			.jsonPath("$.rejected[1].code")
			.isEqualTo("FORBIDDEN");
		assertThat(this.db.fetchValues(SAMPLE.BARCODE, SAMPLE.BARCODE.in(barcodes)))
			.containsExactlyInAnyOrder(barcodes.get(0), barcodes.get(1));
	}

	@Test
	void aLabRecordsOnlySamplesGoingToItsLaboratories() {
		TwoCounties w = new TwoCounties(this.data, this.db, "送");
		String ourResident = idNumber(this.data.person(w.ourGrid, "送本"));
		String theirResident = idNumber(this.data.person(w.theirGrid, "送邻"));
		String at = w.now.minusHours(2).toString();
		List<String> barcodes = List.of(TwoCounties.barcode("LA"), TwoCounties.barcode("LA"),
				TwoCounties.barcode("LA"));
		String csv = String.join("\n", SAMPLES_HEADER,
				row(barcodes.get(0), theirResident, venue(w.theirSite), venue(w.ourLab), at),
				row(barcodes.get(1), ourResident, venue(w.ourSite), venue(w.theirLab), at),
				row(barcodes.get(2), ourResident, venue(w.ourSite), "", at));
		upload(createKey("LAB", w.ours.id(), null), "/ingest/samples", csv).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.applied")
			.isEqualTo(1)
			.jsonPath("$.rejected[*].line")
			.isEqualTo(List.of(3, 4))
			.jsonPath("$.rejected[*].code")
			.isEqualTo(List.of("FORBIDDEN", "FORBIDDEN"))
			.jsonPath("$.rejected[0].reason")
			.isEqualTo("lab_venue_code: a laboratory key records only samples going to a laboratory in its area");
		assertThat(this.db.fetchValues(SAMPLE.BARCODE, SAMPLE.BARCODE.in(barcodes))).containsExactly(barcodes.get(0));
	}

	@Test
	void anAreaOfficerRecordsResultsOfSamplesOfItsArea() {
		TwoCounties w = new TwoCounties(this.data, this.db, "果");
		TwoCounties.Tube ours = w.tube(w.ourGrid, w.ourSite, w.ourLab);
		TwoCounties.Tube theirs = w.tube(w.theirGrid, w.theirSite, w.theirLab);
		TwoCounties.Tube collectedHere = w.tube(w.theirGrid, w.ourSite, w.theirLab);
		TwoCounties.Tube testedHere = w.tube(w.theirGrid, w.theirSite, w.ourLab);
		String theirPool = pool(w.theirSite, w.theirLab, w);
		String at = w.now.minusMinutes(5).toString();
		String csv = String.join("\n", RESULTS_HEADER, ours.barcode() + ",NEGATIVE,," + at,
				theirs.barcode() + ",NEGATIVE,," + at, collectedHere.barcode() + ",NEGATIVE,," + at,
				testedHere.barcode() + ",NEGATIVE,," + at, theirPool + ",NEGATIVE,," + at);
		upload(createKey("AREA_OFFICER", w.ours.id(), null), "/ingest/results", csv).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.applied")
			.isEqualTo(2)
			.jsonPath("$.rejected[*].line")
			.isEqualTo(List.of(3, 5, 6))
			.jsonPath("$.rejected[*].code")
			.isEqualTo(List.of("FORBIDDEN", "FORBIDDEN", "FORBIDDEN"))
			.jsonPath("$.rejected[0].reason")
			.isEqualTo("barcode: not a sample of the area of this key");
		assertThat(resulted(ours, theirs, collectedHere, testedHere)).containsExactlyInAnyOrder(ours.id(),
				collectedHere.id());
		assertThat(this.db.fetchValue(POOL.RESULT, POOL.BARCODE.eq(theirPool))).isNull();
	}

	@Test
	void aLabRecordsResultsOfSamplesReceivedAtItsLaboratories() {
		TwoCounties w = new TwoCounties(this.data, this.db, "验");
		TwoCounties.Tube ours = w.tube(w.ourGrid, w.ourSite, w.ourLab);
		TwoCounties.Tube theirs = w.tube(w.theirGrid, w.theirSite, w.theirLab);
		TwoCounties.Tube testedThere = w.tube(w.ourGrid, w.ourSite, w.theirLab);
		TwoCounties.Tube testedHere = w.tube(w.theirGrid, w.theirSite, w.ourLab);
		String at = w.now.minusMinutes(5).toString();
		String csv = String.join("\n", RESULTS_HEADER, ours.barcode() + ",POSITIVE,31.5," + at,
				theirs.barcode() + ",NEGATIVE,," + at, testedThere.barcode() + ",NEGATIVE,," + at,
				testedHere.barcode() + ",NEGATIVE,," + at);
		upload(createKey("LAB", w.ours.id(), null), "/ingest/results", csv).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.applied")
			.isEqualTo(2)
			.jsonPath("$.rejected[*].line")
			.isEqualTo(List.of(3, 4))
			.jsonPath("$.rejected[*].reason")
			.isEqualTo(List.of("barcode: not received at a laboratory in the area of this key",
					"barcode: not received at a laboratory in the area of this key"));
		assertThat(resulted(ours, theirs, testedThere, testedHere)).containsExactlyInAnyOrder(ours.id(),
				testedHere.id());
	}

	@Test
	void unscopedKeysRecordEverything() {
		TwoCounties w = new TwoCounties(this.data, this.db, "全");
		TwoCounties.Tube ours = w.tube(w.ourGrid, w.ourSite, w.ourLab);
		TwoCounties.Tube theirs = w.tube(w.theirGrid, w.theirSite, w.theirLab);
		String at = w.now.minusMinutes(5).toString();
		upload(createKey("COMMAND_CENTER", null, null), "/ingest/results",
				String.join("\n", RESULTS_HEADER, ours.barcode() + ",NEGATIVE,," + at,
						theirs.barcode() + ",NEGATIVE,," + at))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.applied")
			.isEqualTo(2);
	}

	private List<Long> resulted(TwoCounties.Tube... tubes) {
		return this.db.fetchValues(SAMPLE.ID,
				SAMPLE.ID.in(java.util.Arrays.stream(tubes).map(TwoCounties.Tube::id).toList())
					.and(SAMPLE.RESULT.isNotNull()));
	}

	private String pool(long site, long lab, TwoCounties w) {
		String barcode = TwoCounties.barcode("PL");
		this.db.insertInto(POOL)
			.set(POOL.BARCODE, barcode)
			.set(POOL.SIZE, (short) 10)
			.set(POOL.COLLECTION_SITE_ID, site)
			.set(POOL.LAB_SITE_ID, lab)
			.set(POOL.OPENED_AT, w.now.minusHours(5))
			.set(POOL.CLOSED_AT, w.now.minusHours(4))
			.set(POOL.RECEIVED_AT, w.now.minusHours(3))
			.execute();
		return barcode;
	}

	/** The person's ID number as an ADMIN reads it through the API. */
	private String idNumber(long person) {
		return this.graphQl.document("{ person(id: \"" + GlobalId.encode("Person", person) + "\") { idNumber } }")
			.execute()
			.path("person.idNumber")
			.entity(String.class)
			.get();
	}

	private String venue(long site) {
		return this.db.fetchValue(SITE.VENUE_CODE, SITE.ID.eq(site));
	}

	private static String row(String barcode, String idNumber, String site, String lab, String at) {
		return String.join(",", barcode, "PCR", "OROPHARYNGEAL_SWAB", "ROUTINE", idNumber, site, lab, at);
	}

	private WebTestClient.ResponseSpec upload(String key, String path, String csv) {
		return httpWithKey(key).post().uri(path).contentType(CSV).bodyValue(csv + "\n").exchange();
	}

}
