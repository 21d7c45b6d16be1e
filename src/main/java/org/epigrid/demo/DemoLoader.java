package org.epigrid.demo;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import org.epigrid.privacy.PersonalDataCipher;

/**
 * Loads a demo data set with {@code COPY ... FROM STDIN}, streaming generated rows in
 * foreign-key order, in one transaction: all or nothing, and refused when the demo city
 * is already there. Ids are taken from each table's identity sequence up front (COPY
 * writes given values into identity columns) and the sequences are moved past them before
 * commit; the tables are locked against other writers meanwhile. Logs progress per table
 * (counts, time, rows/s; never row contents) and counts rows in the
 * {@code epigrid.demo.rows.loaded} metric, tagged by table.
 */
@Component
public class DemoLoader {

	private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);

	static final String ROWS_METRIC = "epigrid.demo.rows.loaded";

	private static final long LOG_EVERY = 1_000_000;

	private final DataSource dataSource;

	private final DemoProperties properties;

	private final MeterRegistry meters;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private final PersonalDataCipher cipher;

	public DemoLoader(DataSource dataSource, DemoProperties properties, MeterRegistry meters,
			PersonalDataCipher cipher) {
		this.dataSource = dataSource;
		this.properties = properties;
		this.meters = meters;
		this.cipher = cipher;
	}

	/**
	 * What a load did.
	 *
	 * @param size the data set
	 * @param loaded false when the demo city was already there
	 * @param rows rows per table
	 * @param firstIds id of the first row per table
	 * @param elapsed from start to analyzed
	 */
	public record Result(DemoSize size, boolean loaded, Map<String, Long> rows, Map<String, Long> firstIds,
			Duration elapsed) {

		public long totalRows() {
			return this.rows.values().stream().mapToLong(Long::longValue).sum();
		}

	}

	public Result load(DemoSize size) {
		if (size == DemoSize.NONE) {
			return new Result(size, false, Map.of(), Map.of(), Duration.ZERO);
		}
		long started = System.nanoTime();
		log.info("Loading demo data set {} (seed {})", size.name().toLowerCase(), this.properties.seed());
		Map<String, Long> rows = new LinkedHashMap<>();
		Map<String, Long> firstIds = new LinkedHashMap<>();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute(
						"LOCK TABLE " + String.join(", ", Tables.COLUMNS.keySet()) + " IN SHARE ROW EXCLUSIVE MODE");
				if (demoCityExists(statement)) {
					connection.rollback();
					log.info("Demo city {} is already in the database: nothing loaded", CityMap.CITY_CODE);
					return new Result(size, false, Map.of(), Map.of(), Duration.ofNanos(System.nanoTime() - started));
				}
				Map<String, String> sequences = new LinkedHashMap<>();
				for (String table : Tables.COLUMNS.keySet()) {
					if (!Tables.WITHOUT_ID.contains(table)) {
						sequences.put(table, sequence(statement, table));
						firstIds.put(table, nextId(statement, table, sequences.get(table)));
					}
				}
				Tables tables = new Tables(CopyTarget.database(connection.unwrap(PGConnection.class)), firstIds::get,
						(writer, added) -> progress(size, writer, added), bulkPhase(statement));
				new DemoCity(size, this.properties, Instant.now().truncatedTo(ChronoUnit.SECONDS).getEpochSecond(),
						this.cipher)
					.generate(tables);
				for (TableWriter writer : tables.all().values()) {
					rows.put(writer.table(), writer.rows());
					String sequence = sequences.get(writer.table());
					if (sequence != null && writer.rows() > 0) {
						statement.execute("SELECT setval('" + sequence + "', " + (writer.firstId() + writer.rows() - 1)
								+ ", true)");
					}
					log.info("Demo {}: {} {} rows in {} s ({} rows/s)", size.name().toLowerCase(), writer.table(),
							writer.rows(), seconds(writer.elapsedNanos()), rate(writer.rows(), writer.elapsedNanos()));
				}
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				RuntimeException failure = failure(ex);
				try {
					connection.rollback();
					connection.setAutoCommit(true);
				}
				catch (SQLException broken) {
					// the connection is gone (e.g. the database stopped): nothing to roll
					// back
				}
				throw failure;
			}
			connection.setAutoCommit(true);
			long copied = System.nanoTime();
			try (Statement statement = connection.createStatement()) {
				for (String table : Tables.COLUMNS.keySet()) {
					statement.execute("ANALYZE " + table);
				}
			}
			long total = rows.values().stream().mapToLong(Long::longValue).sum();
			long elapsed = System.nanoTime() - started;
			log.info("Demo data set {} loaded: {} rows in {} s ({} rows/s; ANALYZE took {} s)",
					size.name().toLowerCase(), total, seconds(elapsed), rate(total, elapsed),
					seconds(System.nanoTime() - copied));
			return new Result(size, true, Collections.unmodifiableMap(rows), Collections.unmodifiableMap(firstIds),
					Duration.ofNanos(elapsed));
		}
		catch (SQLException ex) {
			throw failure(ex);
		}
	}

	/**
	 * With a superuser, the biggest tables are copied with
	 * {@code session_replication_role
	 * = replica} (no per-row foreign-key triggers; constraints, unique keys and indexes
	 * still apply) and then every single-column foreign key of the new rows is checked
	 * with one anti-join; the tables are locked, so nothing can change in between. About
	 * half the cost of a sample row is its per-row foreign-key checks.
	 */
	private Tables.BulkPhase bulkPhase(Statement statement) throws SQLException {
		if (!this.properties.bulkForeignKeyChecks()) {
			return Tables.BulkPhase.ROW_BY_ROW;
		}
		try (ResultSet rs = statement.executeQuery("SELECT current_setting('is_superuser') = 'on'")) {
			rs.next();
			if (!rs.getBoolean(1)) {
				log.info("Not a superuser: foreign keys of the demo data are checked row by row");
				return Tables.BulkPhase.ROW_BY_ROW;
			}
		}
		return (tables, writing) -> {
			try {
				List<String[]> keys = new ArrayList<>();
				for (TableWriter table : tables) {
					List<String[]> tableKeys = foreignKeys(statement, table);
					if (tableKeys == null) {
						// a composite key: leave it all to the per-row checks
						writing.run();
						return;
					}
					keys.addAll(tableKeys);
				}
				statement.execute("SET LOCAL session_replication_role = replica");
				writing.run();
				statement.execute("SET LOCAL session_replication_role = DEFAULT");
				long started = System.nanoTime();
				statement.execute("SET LOCAL work_mem = '256MB'");
				for (String[] key : keys) {
					try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + key[0] + " t WHERE t.id >= "
							+ key[4] + " AND t." + key[1] + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + key[2]
							+ " r WHERE r." + key[3] + " = t." + key[1] + ")")) {
						rs.next();
						if (rs.getLong(1) > 0) {
							throw new IllegalStateException("Demo data violates the foreign key " + key[0] + "."
									+ key[1] + " in " + rs.getLong(1) + " rows");
						}
					}
				}
				statement.execute("RESET work_mem");
				log.info("Demo: {} foreign keys of {} checked in {} s", keys.size(),
						tables.stream().map(TableWriter::table).toList(), seconds(System.nanoTime() - started));
			}
			catch (SQLException ex) {
				throw failure(ex);
			}
		};
	}

	/**
	 * Single-column foreign keys of a table: table, column, referenced table, referenced
	 * column, first new id.
	 */
	private static List<String[]> foreignKeys(Statement statement, TableWriter table) throws SQLException {
		List<String[]> keys = new ArrayList<>();
		try (ResultSet rs = statement.executeQuery("SELECT a.attname, c.confrelid::regclass::text, f.attname, "
				+ "cardinality(c.conkey) FROM pg_constraint c "
				+ "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
				+ "JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1] "
				+ "WHERE c.contype = 'f' AND c.conrelid = '" + table.table() + "'::regclass")) {
			while (rs.next()) {
				if (rs.getInt(4) != 1) {
					return null;
				}
				keys.add(new String[] { table.table(), rs.getString(1), rs.getString(2), rs.getString(3),
						Long.toString(table.firstId()) });
			}
		}
		return keys;
	}

	private static boolean demoCityExists(Statement statement) throws SQLException {
		try (ResultSet rs = statement.executeQuery("SELECT 1 FROM place WHERE code = '" + CityMap.CITY_CODE + "'")) {
			return rs.next();
		}
	}

	private static String sequence(Statement statement, String table) throws SQLException {
		try (ResultSet rs = statement.executeQuery("SELECT pg_get_serial_sequence('" + table + "', 'id')")) {
			rs.next();
			return rs.getString(1);
		}
	}

	/** The first id nothing uses yet: past the sequence and past any row. */
	private static long nextId(Statement statement, String table, String sequence) throws SQLException {
		long next;
		try (ResultSet rs = statement.executeQuery("SELECT last_value, is_called FROM " + sequence)) {
			rs.next();
			next = rs.getBoolean(2) ? rs.getLong(1) + 1 : rs.getLong(1);
		}
		try (ResultSet rs = statement.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM " + table)) {
			rs.next();
			return Math.max(next, rs.getLong(1));
		}
	}

	private void progress(DemoSize size, TableWriter writer, long added) {
		this.counters
			.computeIfAbsent(writer.table(),
					(table) -> Counter.builder(ROWS_METRIC)
						.description("Rows of demo data loaded")
						.tag("table", table)
						.register(this.meters))
			.increment(added);
		long rows = writer.rows();
		if (rows / LOG_EVERY > (rows - added) / LOG_EVERY) {
			log.info("Demo {}: {} {} rows so far, {} s, {} rows/s", size.name().toLowerCase(), writer.table(), rows,
					seconds(writer.elapsedNanos()), rate(rows, writer.elapsedNanos()));
		}
	}

	/** A failure without the values of the offending row (they may be personal data). */
	private static RuntimeException failure(Exception ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
				ServerErrorMessage error = psql.getServerErrorMessage();
				return new IllegalStateException(
						"Demo data load failed: " + error.getMessage() + " (SQL state " + error.getSQLState()
								+ ", table " + error.getTable() + ", constraint " + error.getConstraint() + ")");
			}
		}
		if (ex instanceof UncheckedIOException || ex instanceof SQLException) {
			Throwable root = ex;
			while (root.getCause() != null) {
				root = root.getCause();
			}
			// connection failures only: server messages (which may quote row values) are
			// handled above
			return new IllegalStateException("Demo data load failed: " + root);
		}
		return (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
	}

	private static String seconds(long nanos) {
		return String.format("%.1f", nanos / 1e9);
	}

	private static long rate(long rows, long nanos) {
		return (nanos <= 0) ? 0 : Math.round(rows / (nanos / 1e9));
	}

}
