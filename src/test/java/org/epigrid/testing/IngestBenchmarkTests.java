package org.epigrid.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
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
		// the fixture takes longer than the general statement timeout
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement();
					PreparedStatement insert = connection.prepareStatement(
							"""
									INSERT INTO sample (barcode, kind, specimen, purpose, person_id, place_id, lab_site_id,
									                    collected_at, received_at, due_at)
									SELECT ? || '-' || g, 'PCR', 'OROPHARYNGEAL_SWAB', 'ROUTINE', ?, ?, ?, now() - interval '3 hours',
									       now() - interval '2 hours', now() + interval '20 hours'
									FROM generate_series(1, ?) AS g""")) {
				statement.execute("SET LOCAL statement_timeout = 0");
				insert.setString(1, prefix);
				insert.setLong(2, person);
				insert.setLong(3, area[4].id());
				insert.setLong(4, lab);
				insert.setInt(5, rows);
				insert.executeUpdate();
			}
			connection.commit();
			// as samples received hours ago would be: vacuumed, and not waiting to be
			// written
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement()) {
				ResultSet timeout = statement.executeQuery("SHOW statement_timeout");
				timeout.next();
				String pooled = timeout.getString(1);
				statement.execute("SET statement_timeout = 0");
				statement.execute("VACUUM (ANALYZE) sample");
				statement.execute("CHECKPOINT");
				statement.execute("SET statement_timeout = '" + pooled + "'");
			}
		}
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
			copyCsv(connection, "scratch", body);
		}
		double copy = rows / ((System.nanoTime() - started) / 1e9);
		lowerBounds(body, rows, copy);
		for (String round : new String[] { "first upload", "same file again" }) {
			started = System.nanoTime();
			Map<?, ?> report = this.http.mutate()
				.responseTimeout(Duration.ofMinutes(30))
				.build()
				.post()
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

	/**
	 * What any endpoint that checks results against their samples must do at least, in
	 * the same run: the same COPY into a typed staging table, then (a) find every row's
	 * sample by barcode (the least check: an unknown barcode must be reported), and (b)
	 * also write one durable row per result into a table keyed by sample. Printed as
	 * rates over the whole file and as ratios to the plain COPY: they bound the
	 * endpoint's ratio from above, whatever the design. Rolled back.
	 */
	private void lowerBounds(byte[] body, int rows, double copy) throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET LOCAL statement_timeout = 0");
				statement.execute("SET LOCAL work_mem = '64MB'");
				statement.execute("CREATE TEMP TABLE bound_staging (barcode text, result text, ct_value text, "
						+ "resulted_at timestamptz) ON COMMIT DROP");
				statement.execute("CREATE TABLE bound_result (sample_id bigint PRIMARY KEY, result text NOT NULL, "
						+ "resulted_at timestamptz NOT NULL, ct_value numeric(4,1))");
				long started = System.nanoTime();
				copyCsv(connection, "bound_staging", body);
				statement.execute("ANALYZE bound_staging");
				long staged = System.nanoTime();
				statement.execute("SELECT count(*) FROM bound_staging st JOIN sample s ON s.barcode = st.barcode");
				long found = System.nanoTime();
				statement.execute("""
						INSERT INTO bound_result (sample_id, result, resulted_at, ct_value)
						SELECT s.id, st.result, st.resulted_at, nullif(st.ct_value, '')::numeric(4,1)
						FROM bound_staging st JOIN sample s ON s.barcode = st.barcode""");
				long inserted = System.nanoTime();
				// staging, then the join that finds the samples
				double find = rows / ((found - started) / 1e9);
				// staging, then the insert (which does the same join itself)
				double write = rows / (((staged - started) + (inserted - found)) / 1e9);
				System.out.printf(
						"BENCHMARK lower bounds: staging COPY + finding the samples %.0f rows/s (ratio %.3f); "
								+ "+ writing one keyed row per result %.0f rows/s (ratio %.3f)%n",
						find, find / copy, write, write / copy);
			}
			finally {
				connection.rollback();
			}
		}
	}

	/** COPY of a CSV file with a header into a table, as a client would send it. */
	private static void copyCsv(Connection connection, String table, byte[] body) throws Exception {
		connection.unwrap(PGConnection.class)
			.getCopyAPI()
			.copyIn("COPY " + table + " FROM STDIN (FORMAT csv, HEADER true)", new ByteArrayInputStream(body));
	}

}
