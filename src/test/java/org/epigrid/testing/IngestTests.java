package org.epigrid.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import org.epigrid.people.ReturneeArrived;
import org.epigrid.places.RiskLevel;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.epigrid.jooq.Tables.SAMPLE;
import static org.epigrid.jooq.Tables.SITE;
import static org.epigrid.testing.SampleFixtures.barcode;

/**
 * Bulk ingestion through {@code POST /ingest/samples} and {@code POST /ingest/results}:
 * counts and rejected lines, idempotent re-sends, whole-file refusals.
 */
class IngestTests extends IntegrationTest {

	private static final MediaType CSV = MediaType.parseMediaType("text/csv");

	private static final String SAMPLES_HEADER = "barcode,kind,specimen,purpose,id_number,collection_site_venue_code,"
			+ "lab_venue_code,collected_at,pool_barcode";

	private static final String RESULTS_HEADER = "barcode,result,ct_value,resulted_at";

	private final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final ApplicationListener<PayloadApplicationEvent<?>> listener = (event) -> this.events
		.add(event.getPayload());

	@Autowired
	private ConfigurableApplicationContext context;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private SampleBatch sampleBatch;

	@Autowired
	private ResultBatch resultBatch;

	@BeforeEach
	void listen() {
		this.context.addApplicationListener(this.listener);
	}

	@AfterEach
	void stopListening() {
		this.context.removeApplicationListener(this.listener);
	}

	@Test
	void aSamplesFileAppliesItsGoodRowsReportsTheBadOnesByLineAndCanBeSentAgain() {
		LabWorld w = new LabWorld(this.data, "批采", 4);
		String site = venueCode(w.site);
		String lab = venueCode(w.lab);
		String market = venueCode(w.market);
		String existing = barcode("S");
		this.graphQl.documentName("collectSample")
			.variable("input", w.sample(existing, 3, "ROUTINE"))
			.execute()
			.path("collectSample.errors")
			.entityList(Object.class)
			.hasSize(0);
		String s1 = barcode("S");
		String s2 = barcode("S");
		String s3 = barcode("S");
		String s10 = barcode("S");
		String pool = barcode("P");
		String at = this.now.minusHours(2).toString();
		String unknownPerson = TestData.idNumber(987_654);
		List<String> lines = new ArrayList<>();
		lines.add(SAMPLES_HEADER); // 1
		lines.add(String.join(",", s1, "PCR", "OROPHARYNGEAL_SWAB", "MASS_TESTING", idNumber(w, 0), site, lab, at, ""));
		lines.add(
				String.join(",", s2, "PCR", "OROPHARYNGEAL_SWAB", "MASS_TESTING", idNumber(w, 1), site, lab, at, pool)); // 3
		lines.add(
				String.join(",", s3, "pcr", "OROPHARYNGEAL_SWAB", "MASS_TESTING", idNumber(w, 2), site, lab, at, pool)); // 4
		lines.add(""); // 5: blank lines are skipped
		lines.add(String.join(",", barcode("S"), "PCR", "OROPHARYNGEAL_SWAB", "MASS_TESTING", unknownPerson, site, lab,
				at, "")); // 6
		lines.add(String.join(",", barcode("S"), "PCR", "OROPHARYNGEAL_SWAB", "MASS_TESTING", idNumber(w, 3), site, lab,
				"yesterday", "")); // 7
		lines.add(lines.get(1)); // 8: repeats line 2
		lines.add(String.join(",", barcode("S"), "PCR", "OROPHARYNGEAL_SWAB")); // 9
		lines.add(String.join(",", barcode("S"), "PCR", "OROPHARYNGEAL_SWAB", "MASS_TESTING", idNumber(w, 3),
				"NO-SUCH-SITE", lab, at, "")); // 10
		lines.add(String.join(",", barcode("S"), "BLOOD", "OROPHARYNGEAL_SWAB", "MASS_TESTING", idNumber(w, 3), site,
				lab, at, "")); // 11
		lines.add(String.join(",", existing, "PCR", "OROPHARYNGEAL_SWAB", "MASS_TESTING", idNumber(w, 3), site, lab, at,
				"")); // 12
		lines.add(String.join(",", "\"S-TWO\nLINES\"", "PCR", "OROPHARYNGEAL_SWAB", "MASS_TESTING", idNumber(w, 3),
				site, market, at, "")); // 13-14
		lines.add(String.join(",", s10, "PCR", "NASAL_SWAB", "KEY_GROUP", idNumber(w, 3), site, lab, at, "")); // 15
		String csv = String.join("\n", lines) + "\n";

		Map<String, Object> report = upload("/ingest/samples", csv);
		assertThat(report).containsEntry("received", 12).containsEntry("applied", 4).containsEntry("unchanged", 0);
		assertThat(report).containsEntry("rejectedCount", 8);
		assertThat(rejectedLines(report)).containsExactly(6, 7, 8, 9, 10, 11, 12, 13);
		assertThat(reasons(report)).containsExactly("id_number: no such person is registered",
				"collected_at: the collection time is an ISO-8601 date and time with offset, e.g. 2026-11-29T08:00:00+08:00",
				"barcode: the barcode was already given in line 2", "expected 9 columns, found 3",
				"collection_site_venue_code: no such site", "kind: a kind is PCR or ANTIGEN",
				"barcode: a sample with this barcode exists",
				"barcode: a barcode is 6 to 32 of A-Z, 0-9 and -; lab_venue_code: the site is not a laboratory");
		assertThat(codes(report)).containsExactly("NOT_FOUND", "INVALID_VALUE", "DUPLICATE", "INVALID_VALUE",
				"NOT_FOUND", "INVALID_VALUE", "DUPLICATE", "INVALID_VALUE");
		assertThat(report.toString()).doesNotContain(unknownPerson).doesNotContain(idNumber(w, 3));
		assertThat(this.db.fetchValue(SAMPLE.CREATED_BY, SAMPLE.BARCODE.eq(s1))).isEqualTo("lab.upload");
		// only the good rows are in, with their deadlines, pool and residence
		assertThat(
				LabWorld.count(this.db, "SELECT count(*) FROM sample WHERE barcode IN (?, ?, ?, ?)", s1, s2, s3, s10))
			.isEqualTo(4);
		assertThat(LabWorld.count(this.db,
				"SELECT count(*) FROM sample s JOIN pool p ON p.id = s.pool_id WHERE p.barcode = ? AND p.size = 10 "
						+ "AND p.closed_at IS NULL AND s.kind = 'PCR'",
				pool))
			.isEqualTo(2);
		assertThat(this.db.fetchValue(SAMPLE.DUE_AT, SAMPLE.BARCODE.eq(s10)))
			.isEqualTo(this.now.minusHours(2).plusHours(6));
		assertThat(this.db.fetchValue(SAMPLE.PLACE_ID, SAMPLE.BARCODE.eq(s1))).isEqualTo(w.area[4].id());

		// the same file again changes nothing
		Map<String, Object> before = LabWorld.snapshot(this.db);
		Map<String, Object> again = upload("/ingest/samples", csv);
		assertThat(again).containsEntry("received", 12)
			.containsEntry("applied", 0)
			.containsEntry("unchanged", 4)
			.containsEntry("rejectedCount", 8);
		assertThat(rejectedLines(again)).isEqualTo(rejectedLines(report));
		assertThat(LabWorld.snapshot(this.db)).isEqualTo(before);
	}

	@Test
	void samplesFillPoolsAndClosePoolsThatAreFull() {
		LabWorld w = new LabWorld(this.data, "批池", 7);
		String site = venueCode(w.site);
		String at = this.now.minusHours(1).toString();
		String pool = barcode("P");
		StringBuilder csv = new StringBuilder(SAMPLES_HEADER + ",pool_size\n");
		for (int i = 0; i < 7; i++) {
			csv.append(String.join(",", barcode("S"), "PCR", "OROPHARYNGEAL_SWAB", "MASS_TESTING", idNumber(w, i), site,
					"", at, pool, "5"))
				.append('\n');
		}
		Map<String, Object> report = upload("/ingest/samples", csv.toString());
		assertThat(report).containsEntry("applied", 5).containsEntry("rejectedCount", 2);
		assertThat(rejectedLines(report)).containsExactly(7, 8);
		assertThat(reasons(report)).containsOnly("pool_barcode: the pool is full");
		assertThat(
				LabWorld.count(this.db, "SELECT count(*) FROM pool WHERE barcode = ? AND closed_at IS NOT NULL", pool))
			.isEqualTo(1);
	}

	@Test
	void aResultsFileResultsSamplesAndPoolsAndCanBeSentAgain() {
		LabWorld w = new LabWorld(this.data, "批果", 11);
		List<String> singles = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String sample = barcode("S");
			singles.add(sample);
			Map<String, Object> input = w.sample(sample, i, "ROUTINE");
			input.put("collectedAt", this.now.minusHours(5).toString());
			this.graphQl.documentName("collectSample").variable("input", input).execute();
		}
		String positivePool = pool(w, 5, 3);
		String negativePool = pool(w, 8, 3);
		receive(w, List.of(singles.get(0), singles.get(1), singles.get(2), singles.get(4), positivePool, negativePool));
		String at = this.now.minusHours(1).toString();
		String csv = String.join("\n", RESULTS_HEADER, // 1
				String.join(",", singles.get(0), "NEGATIVE", "", at), // 2
				String.join(",", singles.get(1), "POSITIVE", "30.5", at), // 3
				String.join(",", positivePool, "POSITIVE", "", at), // 4
				String.join(",", "S-UNKNOWN-CODE", "NEGATIVE", "", at), // 5
				String.join(",", singles.get(2), "NEGATIVE", "", "2026-13-45T99:00:00+08:00"), // 6
				String.join(",", singles.get(0), "NEGATIVE", "", at), // 7
				String.join(",", singles.get(2), "NEGATIVE"), // 8
				String.join(",", singles.get(3), "NEGATIVE", "", at), // 9
				String.join(",", singles.get(4), "MAYBE", "", at), // 10
				String.join(",", negativePool, "negative", "", at)) // 11
				+ "\n";
		double appliedBefore = counter("results", "applied");
		double rejectedBefore = counter("results", "rejected");

		Map<String, Object> report = upload("/ingest/results", csv);
		assertThat(report).containsEntry("received", 10)
			.containsEntry("applied", 4)
			.containsEntry("unchanged", 0)
			.containsEntry("rejectedCount", 6);
		assertThat(rejectedLines(report)).containsExactly(5, 6, 7, 8, 9, 10);
		assertThat(reasons(report)).containsExactly("barcode: no sample or pool has this barcode",
				"resulted_at: the result time is an ISO-8601 date and time with offset, e.g. 2026-11-29T08:00:00+08:00",
				"barcode: the barcode was already given in line 2", "expected 4 columns, found 2",
				"barcode: not received at a laboratory yet", "result: a result is NEGATIVE, POSITIVE or INVALID");
		assertThat(counter("results", "applied") - appliedBefore).isEqualTo(4);
		assertThat(counter("results", "rejected") - rejectedBefore).isEqualTo(6);
		// a positive pool sends its members to re-tests; a negative one clears them
		assertThat(LabWorld.count(this.db,
				"SELECT count(*) FROM test_task t JOIN sample s ON s.id = t.source_id JOIN pool p ON p.id = s.pool_id "
						+ "WHERE p.barcode = ? AND t.status = 'OPEN' AND t.source_kind = 'POOL_RETEST'",
				positivePool))
			.isEqualTo(3);
		assertThat(LabWorld.count(this.db,
				"SELECT count(*) FROM sample s JOIN pool p ON p.id = s.pool_id WHERE p.barcode = ? AND s.result = 'NEGATIVE'",
				negativePool))
			.isEqualTo(3);
		assertThat(this.db.fetchValue(SAMPLE.CT_VALUE, SAMPLE.BARCODE.eq(singles.get(1)))).isEqualByComparingTo("30.5");
		long positive = this.db.fetchValue(SAMPLE.ID, SAMPLE.BARCODE.eq(singles.get(1)));
		assertThat(this.events).contains(
				new PositiveResults(List.of(new PositiveResult(positive, w.people.get(1), this.now.minusHours(1)))));
		long positives = this.events.stream().filter(PositiveResults.class::isInstance).count();

		// the same file again changes nothing and raises nothing
		Map<String, Object> before = LabWorld.snapshot(this.db);
		Map<String, Object> again = upload("/ingest/results", csv);
		assertThat(again).containsEntry("applied", 0).containsEntry("unchanged", 4).containsEntry("rejectedCount", 6);
		assertThat(LabWorld.snapshot(this.db)).isEqualTo(before);
		assertThat(this.events.stream().filter(PositiveResults.class::isInstance).count()).isEqualTo(positives);
	}

	@Test
	void aFileThatCannotBeReadIsRefusedWholeAndChangesNothing() {
		LabWorld w = new LabWorld(this.data, "坏档", 1);
		String sample = barcode("S");
		Map<String, Object> input = w.sample(sample, 0, "ROUTINE");
		input.put("collectedAt", this.now.minusHours(3).toString());
		this.graphQl.documentName("collectSample").variable("input", input).execute();
		receive(w, List.of(sample));
		String good = String.join(",", sample, "NEGATIVE", "", this.now.minusHours(1).toString());
		Map<String, Object> before = LabWorld.snapshot(this.db);

		refused("/ingest/results", CSV, good + "\n", "BAD_HEADER");
		refused("/ingest/results", CSV, "barcode,result,ct,resulted_at\n" + good + "\n", "BAD_HEADER");
		refused("/ingest/results", CSV, "barcode,result,ct_value,resulted_at,result\n" + good + "\n", "BAD_HEADER");
		refused("/ingest/results", CSV, "", "NO_HEADER");
		refused("/ingest/results", CSV, RESULTS_HEADER + "\n" + good + "\n\"S-BROKEN,NEGATIVE,,x\n", "MALFORMED_CSV");
		ByteArrayOutputStream latin1 = new ByteArrayOutputStream();
		latin1.writeBytes((RESULTS_HEADER + "\n" + good + "\n").getBytes(StandardCharsets.UTF_8));
		latin1.writeBytes(new byte[] { 'S', '-', (byte) 0xE9, (byte) 0xFF, ',', 'N', '\n' });
		refused("/ingest/results", CSV, latin1.toByteArray(), "NOT_UTF8");
		refused("/ingest/results", MediaType.parseMediaType("text/csv;charset=ISO-8859-1"), RESULTS_HEADER + "\n",
				"NOT_UTF8");
		this.http.post()
			.uri("/ingest/results")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(LabWorld.snapshot(this.db)).isEqualTo(before);
		assertThat(this.db.fetchValue(SAMPLE.RESULT, SAMPLE.BARCODE.eq(sample))).isNull();
	}

	@Test
	void onlyRolesThatRecordTestingMayUpload() {
		String csv = RESULTS_HEADER + "\n";
		httpWithKey(createKey("PARTNER", null, null)).post()
			.uri("/ingest/results")
			.contentType(CSV)
			.bodyValue(csv)
			.exchange()
			.expectStatus()
			.isForbidden();
		httpWithKey(createKey("ANALYST", null, null)).post()
			.uri("/ingest/samples")
			.contentType(CSV)
			.bodyValue(SAMPLES_HEADER + "\n")
			.exchange()
			.expectStatus()
			.isForbidden();
		httpWithKey(null).post()
			.uri("/ingest/results")
			.contentType(CSV)
			.bodyValue(csv)
			.exchange()
			.expectStatus()
			.isUnauthorized();
		httpWithKey(createKey("LAB", null, null)).post()
			.uri("/ingest/results")
			.contentType(CSV)
			.bodyValue(csv)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.received")
			.isEqualTo(0);
	}

	@Test
	void aFileLargerThanTheLimitIsRefused() {
		CsvIngest small = new CsvIngest(this.dataSource, this.sampleBatch, this.resultBatch,
				new IngestProperties(DataSize.ofBytes(64), 10, Duration.ofMinutes(1)), this.cipher,
				this.transactionManager);
		byte[] csv = (RESULTS_HEADER + "\n" + "S-000001,NEGATIVE,,2026-01-01T00:00:00Z\n".repeat(3))
			.getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(CsvIngest.MalformedUpload.class)
			.isThrownBy(() -> this.transactions
				.execute((status) -> small.results(new ByteArrayInputStream(csv), "tests", IngestScope.EVERYTHING)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("TOO_LARGE"));
	}

	@Test
	void filesOverTheGeneralRequestLimitAreTakenUpToTheIngestLimit() {
		// 1.5 MB: over epigrid.limits.max-request-size (1 MB), under
		// epigrid.ingest.max-size
		StringBuilder csv = new StringBuilder(RESULTS_HEADER).append('\n');
		int rows = 0;
		while (csv.length() < 1_500_000) {
			csv.append("S-000000-").append(++rows).append(",NEGATIVE,,2026-01-01T00:00:00Z\n");
		}
		Map<String, Object> report = upload("/ingest/results", csv.toString());
		assertThat(report).containsEntry("received", rows)
			.containsEntry("applied", 0)
			.containsEntry("rejectedCount", rows);
	}

	@Test
	void aReturneeFromARiskAreaGetsATestTask() {
		LabWorld w = new LabWorld(this.data, "返乡", 1);
		this.transactions.executeWithoutResult(
				(status) -> this.context.publishEvent(new ReturneeArrived(w.people.get(0), 777L, RiskLevel.HIGH, 1)));
		assertThat(LabWorld.count(this.db,
				"SELECT count(*) FROM test_task WHERE person_id = ? AND source_kind = 'RETURNEE' AND source_id = 777 "
						+ "AND purpose = 'RETURNEE' AND status = 'OPEN'",
				w.people.get(0)))
			.isEqualTo(1);
	}

	// helpers

	private String venueCode(long site) {
		return this.db.fetchValue(SITE.VENUE_CODE, SITE.ID.eq(site));
	}

	private String idNumber(LabWorld w, int index) {
		return this.data.idNumberOf(w.people.get(index));
	}

	/** A closed pool of {@code size} residents from {@code first} on. */
	private String pool(LabWorld w, int first, int size) {
		String pool = barcode("P");
		for (int i = first; i < first + size; i++) {
			Map<String, Object> input = w.sample(barcode("S"), i, "MASS_TESTING");
			input.put("pool", LabWorld.pool(pool, 5));
			input.put("collectedAt", this.now.minusHours(5).toString());
			this.graphQl.documentName("collectSample").variable("input", input).execute();
		}
		this.graphQl.documentName("closePool")
			.variable("input", Map.of("barcode", pool, "closedAt", this.now.minusHours(4).toString()))
			.execute();
		return pool;
	}

	private void receive(LabWorld w, List<String> barcodes) {
		this.graphQl.documentName("receiveSamples")
			.variable("input",
					Map.of("barcodes", barcodes, "lab", w.labId(), "receivedAt", this.now.minusHours(2).toString()))
			.execute()
			.path("receiveSamples.errors")
			.entityList(Object.class)
			.hasSize(0);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> upload(String uri, String csv) {
		return this.http.post()
			.uri(uri)
			.contentType(CSV)
			.header("X-Epigrid-User", "lab.upload")
			.bodyValue(csv.getBytes(StandardCharsets.UTF_8))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private void refused(String uri, MediaType type, Object body, String error) {
		WebTestClient.BodyContentSpec response = this.http.post()
			.uri(uri)
			.contentType(type)
			.bodyValue((body instanceof String text) ? text.getBytes(StandardCharsets.UTF_8) : body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody();
		response.jsonPath("$.error").isEqualTo(error).jsonPath("$.message").isNotEmpty();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rejected(Map<String, Object> report) {
		return (List<Map<String, Object>>) report.get("rejected");
	}

	private static List<Integer> rejectedLines(Map<String, Object> report) {
		return rejected(report).stream().map((row) -> ((Number) row.get("line")).intValue()).toList();
	}

	private static List<String> reasons(Map<String, Object> report) {
		return rejected(report).stream().map((row) -> (String) row.get("reason")).toList();
	}

	private static List<String> codes(Map<String, Object> report) {
		return rejected(report).stream().map((row) -> (String) row.get("code")).toList();
	}

	private double counter(String kind, String outcome) {
		Counter counter = this.meters.find("epigrid.ingest.rows").tags("kind", kind, "outcome", outcome).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
