package org.epigrid.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postgresql.PGConnection;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

/**
 * Prints the rate of {@code POST /ingest/results} next to a plain COPY of the same file
 * into a scratch table; asserts nothing about speed. Opt-in:
 * {@code EPIGRID_BENCHMARK_ROWS=1000000 ./mvnw verify -Dtest=IngestBenchmarkTests
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfEnvironmentVariable(named = "EPIGRID_BENCHMARK_ROWS", matches = "[0-9]+")
class IngestBenchmarkTests extends IntegrationTest {

	@Autowired
	private DataSource dataSource;

	@Test
	void resultsEndpointAgainstPlainCopy() throws Exception {
		int rows = Integer.parseInt(System.getenv("EPIGRID_BENCHMARK_ROWS"));
		Ref[] area = this.data.chain("基准");
		long person = this.data.person(area[4], "基准");
		long lab = this.data.site(area[4], "LAB", "基准实验室");
		String prefix = SampleFixtures.barcode("B");
		this.db.execute("""
				INSERT INTO sample (barcode, kind, specimen, purpose, person_id, place_id, lab_site_id, collected_at,
				                    received_at, due_at)
				SELECT ? || '-' || g, 'PCR', 'OROPHARYNGEAL_SWAB', 'ROUTINE', ?, ?, ?, now() - interval '3 hours',
				       now() - interval '2 hours', now() + interval '20 hours'
				FROM generate_series(1, ?) AS g""", prefix, person, area[4].id(), lab, rows);
		this.db.execute("ANALYZE sample");
		String at = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).truncatedTo(ChronoUnit.SECONDS).toString();
		StringBuilder csv = new StringBuilder("barcode,result,ct_value,resulted_at\n");
		for (int i = 1; i <= rows; i++) {
			csv.append(prefix)
				.append('-')
				.append(i)
				.append((i % 1000 == 0) ? ",POSITIVE,25.0," : ",NEGATIVE,,")
				.append(at)
				.append('\n');
		}
		byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
		long started = System.nanoTime();
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TEMP TABLE scratch (barcode text, result text, ct_value text, resulted_at text)");
			connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("COPY scratch FROM STDIN (FORMAT csv, HEADER true)", new ByteArrayInputStream(body));
		}
		double copy = rows / ((System.nanoTime() - started) / 1e9);
		for (String round : new String[] { "first upload", "same file again" }) {
			started = System.nanoTime();
			Map<?, ?> report = this.http.post()
				.uri("/ingest/results")
				.contentType(MediaType.parseMediaType("text/csv"))
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody();
			double endpoint = rows / ((System.nanoTime() - started) / 1e9);
			System.out.printf(
					"BENCHMARK %s: %d rows (%d bytes), plain COPY %.0f rows/s, endpoint %.0f rows/s, "
							+ "ratio %.3f (applied %s, unchanged %s)%n",
					round, rows, body.length, copy, endpoint, endpoint / copy, report.get("applied"),
					report.get("unchanged"));
		}
	}

}
