package org.epigrid.testing;

import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import javax.sql.DataSource;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import org.epigrid.privacy.PersonalDataCipher;
import org.epigrid.privacy.PersonalField;
import org.epigrid.support.ErrorCode;
import org.epigrid.testing.BatchOutcome.Rejection;
import org.epigrid.testing.BatchOutcome.RowError;

/**
 * Bulk ingestion of CSV uploads: the file is parsed as it streams in (Commons CSV) and
 * copied row by row into the staging table through PostgreSQL's COPY, on the connection
 * of the upload's transaction; the batch then checks and applies the rows set-wise. One
 * upload is one transaction: a file that cannot be read (no or wrong header, not UTF-8,
 * broken quoting, too large) is refused whole and nothing is applied.
 */
@Service
class CsvIngest {

	private static final Logger log = LoggerFactory.getLogger(CsvIngest.class);

	private static final String[] LINE = { "line ", "" };

	private static final HexFormat HEX = HexFormat.of();

	private static final Map<String, String> SAMPLE_COLUMNS = Map.of("person", "id_number", "collectionSite",
			"collection_site_venue_code", "lab", "lab_venue_code", "collectedAt", "collected_at", "pool.barcode",
			"pool_barcode", "pool.size", "pool_size");

	private static final Map<String, String> RESULT_COLUMNS = Map.of("ctValue", "ct_value", "resultedAt",
			"resulted_at");

	/**
	 * COPY's CSV: unquoted empty is NULL; quoting only where needed keeps the stream
	 * short.
	 */
	private static final CSVFormat COPY_FORMAT = CSVFormat.POSTGRESQL_CSV.builder()
		.setQuoteMode(QuoteMode.MINIMAL)
		.get();

	private final DataSource dataSource;

	private final SampleBatch samples;

	private final ResultBatch results;

	private final IngestProperties properties;

	private final PersonalDataCipher cipher;

	private final TransactionTemplate transactions;

	CsvIngest(DataSource dataSource, SampleBatch samples, ResultBatch results, IngestProperties properties,
			PersonalDataCipher cipher, PlatformTransactionManager transactionManager) {
		this.dataSource = dataSource;
		this.transactions = new TransactionTemplate(transactionManager);
		this.samples = samples;
		this.results = results;
		this.properties = properties;
		this.cipher = cipher;
	}

	/**
	 * What an upload came to, as the response shows it.
	 *
	 * @param received data rows in the file
	 * @param applied rows recorded now
	 * @param unchanged rows already recorded exactly as in the file
	 * @param rejectedCount rows refused
	 * @param rejected the refused rows by line (at most
	 * {@code epigrid.ingest.max-listed-rejections} of them)
	 */
	record Report(long received, long applied, long unchanged, long rejectedCount, List<RejectedRow> rejected) {
	}

	/**
	 * A refused row.
	 *
	 * @param line line number in the file (the header is line 1)
	 * @param barcode the row's barcode as given
	 * @param code kind of the first refusal (as in GraphQL's {@code ErrorCode})
	 * @param reason every rule the row breaks, each prefixed by its column
	 */
	record RejectedRow(long line, @Nullable String barcode, ErrorCode code, String reason) {
	}

	/** The upload cannot be read as a whole; nothing was applied. */
	static class MalformedUpload extends RuntimeException {

		private final String code;

		MalformedUpload(String code, String message) {
			super(message);
			this.code = code;
		}

		String code() {
			return this.code;
		}

	}

	/** Ingests a samples CSV in one transaction, recording only rows within the scope. */
	Report samples(InputStream body, String actor, IngestScope scope) {
		return ingest("samples", (stages) -> {
			this.samples.createStaging();
			copy(body, SampleBatch.COPY, SampleBatch.CSV_COLUMNS, SampleBatch.CSV_OPTIONAL_COLUMNS, "collected_at",
					SampleBatch.LOOKUP_COLUMN, stages);
			stages.end("parse and copy");
			return report(this.samples.apply(actor, LINE, this.properties.maxListedRejections(), scope, stages),
					SAMPLE_COLUMNS);
		});
	}

	/** Ingests a results CSV in one transaction, recording only rows within the scope. */
	Report results(InputStream body, String actor, IngestScope scope) {
		return ingest("results", (stages) -> {
			this.results.createStaging();
			copy(body, ResultBatch.COPY, ResultBatch.CSV_COLUMNS, List.of(), "resulted_at", null, stages);
			stages.end("parse and copy");
			return report(this.results.apply(actor, LINE, this.properties.maxListedRejections(), scope, stages),
					RESULT_COLUMNS);
		});
	}

	/**
	 * Runs one upload in one transaction whose statements may take up to
	 * {@code epigrid.ingest.statement-timeout} (instead of the general
	 * {@code epigrid.limits.statement-timeout}), and logs how long each stage took.
	 */
	private Report ingest(String kind, Function<IngestStages, Report> work) {
		IngestStages stages = IngestStages.start();
		Report report = this.transactions.execute((status) -> {
			setLocal("statement_timeout", this.properties.statementTimeout().toMillis());
			stages.end("begin");
			return work.apply(stages);
		});
		stages.end("commit");
		log.info("Ingest {} stages: {}", kind, stages);
		return Objects.requireNonNull(report);
	}

	private static Report report(BatchOutcome outcome, Map<String, String> columns) {
		List<RejectedRow> rejected = new ArrayList<>();
		for (Rejection rejection : outcome.rejections()) {
			rejected.add(new RejectedRow(rejection.line(), rejection.barcode(), rejection.errors().get(0).code(),
					rejection.reason((field) -> columns.getOrDefault(field, field))));
		}
		return new Report(outcome.received(), outcome.applied(), outcome.unchanged(), outcome.rejected(), rejected);
	}

	/** Sets a setting for the rest of the transaction, on its connection. */
	private void setLocal(String setting, long value) {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET LOCAL " + setting + " = " + value);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("SET LOCAL " + setting + " failed", ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	/**
	 * Streams the CSV into the staging table with COPY, on the transaction's connection.
	 * @param lookupColumn a required column holding ID numbers, staged as their lookup
	 * hashes (bytea), or null
	 */
	private void copy(InputStream body, String copySql, List<String> required, List<String> optional, String timeColumn,
			@Nullable String lookupColumn, IngestStages stages) {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		TimedInput received = new TimedInput(body);
		try {
			CopyIn copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
			TimedOutput copied = new TimedOutput(new PGCopyOutputStream(copyIn, 1 << 16));
			try {
				Writer writer = new BufferedWriter(new OutputStreamWriter(copied, StandardCharsets.UTF_8), 1 << 16);
				CSVPrinter printer = new CSVPrinter(writer, COPY_FORMAT);
				parse(received, required, optional, timeColumn, lookupColumn, printer);
				printer.close(true);
			}
			finally {
				if (copyIn.isActive()) {
					copyIn.cancelCopy();
				}
				stages.part("waiting for the body", received.nanos);
				stages.part("waiting for COPY", copied.nanos);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("COPY into the staging table failed", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	/**
	 * Reads the header and every row, writing each row as (line, columns in COPY order,
	 * whether the time is unreadable, error found before SQL). The time is written in
	 * ISO-8601 so that COPY reads it into a {@code timestamptz} column; an ID number as
	 * the hex of its lookup hash, which COPY reads into a {@code bytea} column.
	 */
	private void parse(InputStream body, List<String> required, List<String> optional, String timeColumn,
			@Nullable String lookupColumn, CSVPrinter out) throws IOException {
		CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		Reader reader = new InputStreamReader(new Limited(body, this.properties.maxSize().toBytes()), utf8);
		CSVParser parser = CSVParser.builder()
			.setReader(reader)
			.setFormat(CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get())
			.get();
		try (parser) {
			Iterator<CSVRecord> records = parser.iterator();
			if (!records.hasNext()) {
				throw new MalformedUpload("NO_HEADER",
						"the file is empty; its first row must name the columns: " + String.join(",", required));
			}
			List<String> header = records.next().stream().map(CsvIngest::columnName).toList();
			int[] positions = positions(header, required, optional);
			int barcodeAt = header.indexOf("barcode");
			int columns = required.size() + optional.size();
			int timeAt = required.indexOf(timeColumn);
			int lookupAt = (lookupColumn != null) ? required.indexOf(lookupColumn) : -1;
			Object[] values = new Object[columns + 3];
			while (records.hasNext()) {
				CSVRecord record = records.next();
				long lastLine = parser.getCurrentLineNumber();
				values[0] = lastLine - lineBreaks(record, lastLine);
				if (record.size() == header.size()) {
					for (int i = 0; i < columns; i++) {
						values[i + 1] = (positions[i] >= 0) ? record.get(positions[i]) : null;
					}
					String time = record.get(positions[timeAt]);
					String readable = time.isBlank() ? null : Patterns.timeText(time);
					values[timeAt + 1] = readable;
					if (lookupAt >= 0) {
						values[lookupAt + 1] = lookupHash(record.get(positions[lookupAt]));
					}
					values[columns + 1] = !time.isBlank() && readable == null;
					values[columns + 2] = null;
				}
				else {
					Arrays.fill(values, 1, columns + 3, null);
					values[1] = (barcodeAt < record.size()) ? record.get(barcodeAt) : null;
					values[columns + 1] = false;
					values[columns + 2] = RowError.tag(ErrorCode.INVALID_VALUE, "row",
							"expected " + header.size() + " columns, found " + record.size());
				}
				out.printRecord(values);
			}
		}
		catch (UncheckedIOException ex) {
			throw unreadable(ex.getCause(), parser);
		}
		catch (IOException ex) {
			throw unreadable(ex, parser);
		}
	}

	/** {@code bytea} hex input of the ID number's lookup hash; null when blank. */
	private @Nullable String lookupHash(String idNumber) {
		if (idNumber.isBlank()) {
			return null;
		}
		return "\\x" + HEX.formatHex(this.cipher.hash(PersonalField.ID_NUMBER, idNumber));
	}

	/** Where each COPY column is in the file, -1 when an optional column is absent. */
	private static int[] positions(List<String> header, List<String> required, List<String> optional) {
		List<String> problems = new ArrayList<>();
		List<String> missing = required.stream().filter((name) -> !header.contains(name)).toList();
		if (!missing.isEmpty()) {
			problems.add("missing column(s) " + String.join(", ", missing));
		}
		List<String> unknown = header.stream()
			.filter((name) -> !required.contains(name) && !optional.contains(name))
			.toList();
		if (!unknown.isEmpty()) {
			problems
				.add("unknown column(s) " + String.join(", ", unknown.stream().map(CsvIngest::abbreviate).toList()));
		}
		List<String> repeated = header.stream()
			.filter((name) -> header.indexOf(name) != header.lastIndexOf(name))
			.distinct()
			.toList();
		if (!repeated.isEmpty()) {
			problems.add("repeated column(s) " + String.join(", ", repeated));
		}
		if (!problems.isEmpty()) {
			throw new MalformedUpload("BAD_HEADER",
					"the first row must name the columns " + String.join(",", required)
							+ (optional.isEmpty() ? "" : " (optionally also " + String.join(",", optional) + ")") + ": "
							+ String.join("; ", problems));
		}
		List<String> all = new ArrayList<>(required);
		all.addAll(optional);
		return all.stream().mapToInt(header::indexOf).toArray();
	}

	private MalformedUpload unreadable(@Nullable Throwable cause, CSVParser parser) {
		long line = parser.getCurrentLineNumber();
		if (cause instanceof TooLarge) {
			return new MalformedUpload("TOO_LARGE",
					"the file is larger than " + this.properties.maxSize().toMegabytes() + " MB; split it");
		}
		if (cause instanceof CharacterCodingException) {
			return new MalformedUpload("NOT_UTF8", "the file is not UTF-8 text (near line " + (line + 1) + ")");
		}
		if (cause instanceof CSVException) {
			return new MalformedUpload("MALFORMED_CSV", "the file is not valid CSV: " + cause.getMessage());
		}
		throw (cause instanceof IOException io) ? new UncheckedIOException(io)
				: new IllegalStateException("reading the upload failed", cause);
	}

	/**
	 * Column names compare without case, surrounding blanks and a UTF-8 byte order mark.
	 */
	private static String columnName(String raw) {
		return raw.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
	}

	private static String abbreviate(String value) {
		return (value.length() > 40) ? value.substring(0, 40) + "…" : value;
	}

	/**
	 * Line breaks inside the record's values (the parser's line number is that of the
	 * record's last line). Refuses NUL characters, which PostgreSQL text cannot hold.
	 */
	private static long lineBreaks(CSVRecord record, long line) {
		long breaks = 0;
		for (String value : record) {
			if (value.indexOf('\0') >= 0) {
				throw new MalformedUpload("MALFORMED_CSV", "the file holds a NUL character (line " + line + ")");
			}
			if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
				continue;
			}
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (c == '\n' || c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n')) {
					breaks++;
				}
			}
		}
		return breaks;
	}

	/** Refuses to read past the configured size. */
	private static final class Limited extends FilterInputStream {

		private long remaining;

		Limited(InputStream in, long limit) {
			super(in);
			this.remaining = limit;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws TooLarge {
			this.remaining -= n;
			if (this.remaining < 0) {
				throw new TooLarge();
			}
		}

	}

	/** Counts the time spent blocked reading the request body. */
	private static final class TimedInput extends FilterInputStream {

		private long nanos;

		TimedInput(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			long started = System.nanoTime();
			try {
				return super.read();
			}
			finally {
				this.nanos += System.nanoTime() - started;
			}
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			long started = System.nanoTime();
			try {
				return super.read(buffer, offset, length);
			}
			finally {
				this.nanos += System.nanoTime() - started;
			}
		}

	}

	/** Counts the time spent blocked writing to COPY. */
	private static final class TimedOutput extends FilterOutputStream {

		private long nanos;

		TimedOutput(OutputStream out) {
			super(out);
		}

		@Override
		public void write(int b) throws IOException {
			long started = System.nanoTime();
			this.out.write(b);
			this.nanos += System.nanoTime() - started;
		}

		@Override
		public void write(byte[] buffer, int offset, int length) throws IOException {
			long started = System.nanoTime();
			this.out.write(buffer, offset, length);
			this.nanos += System.nanoTime() - started;
		}

		@Override
		public void flush() throws IOException {
			long started = System.nanoTime();
			this.out.flush();
			this.nanos += System.nanoTime() - started;
		}

		@Override
		public void close() throws IOException {
			long started = System.nanoTime();
			this.out.close();
			this.nanos += System.nanoTime() - started;
		}

	}

	private static final class TooLarge extends IOException {

		TooLarge() {
			super("upload too large");
		}

	}

}
