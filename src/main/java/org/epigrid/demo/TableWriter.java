package org.epigrid.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Encodes rows of one table in PostgreSQL's COPY text format and streams them to a
 * {@link CopyTarget}, one COPY statement per {@value #STATEMENT_ROWS} rows (so that the
 * foreign-key checks queued per statement stay bounded). Values are written straight into
 * a byte buffer: no per-field strings for numbers and timestamps.
 */
final class TableWriter {

	/** Marks a missing number, id or time. */
	static final long NULL = Long.MIN_VALUE;

	static final int STATEMENT_ROWS = 500_000;

	private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	/** Listens to progress: called after every finished statement. */
	interface Progress {

		void loaded(TableWriter table, long newRows);

	}

	private final String table;

	private final String columns;

	private final long firstId;

	private final CopyTarget target;

	private final Progress progress;

	private final byte[] buffer = new byte[1 << 17];

	private final byte[] digits = new byte[20];

	private int position;

	private boolean rowStarted;

	private OutputStream out;

	private long rows;

	private long reported;

	private long started;

	private long finished;

	private long cachedDay = Long.MIN_VALUE;

	private final byte[] cachedDate = new byte[10];

	TableWriter(String table, String columns, long firstId, CopyTarget target, Progress progress) {
		this.table = table;
		this.columns = columns;
		this.firstId = firstId;
		this.target = target;
		this.progress = progress;
	}

	String table() {
		return this.table;
	}

	/** Rows written so far. */
	long rows() {
		return this.rows;
	}

	long firstId() {
		return this.firstId;
	}

	/** The id the next row gets. */
	long nextId() {
		return this.firstId + this.rows;
	}

	/** Nanoseconds from the first row to the last finished statement. */
	long elapsedNanos() {
		return (this.rows == 0) ? 0 : this.finished - this.started;
	}

	// --- fields

	TableWriter num(long value) {
		if (value == NULL) {
			return nul();
		}
		separator();
		ensure(21);
		appendLong(value);
		return this;
	}

	/** A foreign key or id; zero and negative values mean null. */
	TableWriter ref(long id) {
		return (id <= 0) ? nul() : num(id);
	}

	/** A decimal number given as {@code value / 10^scale}. */
	TableWriter dec(long scaled, int scale) {
		if (scaled == NULL) {
			return nul();
		}
		separator();
		ensure(24);
		if (scaled < 0) {
			this.buffer[this.position++] = '-';
			scaled = -scaled;
		}
		long pow = 1;
		for (int i = 0; i < scale; i++) {
			pow *= 10;
		}
		appendLong(scaled / pow);
		if (scale > 0) {
			this.buffer[this.position++] = '.';
			long fraction = scaled % pow;
			for (long p = pow / 10; p > 0; p /= 10) {
				this.buffer[this.position++] = (byte) ('0' + (fraction / p) % 10);
			}
		}
		return this;
	}

	/** Latitude or longitude with six decimals. */
	TableWriter degrees(double value) {
		return dec(Math.round(value * 1_000_000), 6);
	}

	TableWriter bool(boolean value) {
		separator();
		ensure(1);
		this.buffer[this.position++] = (byte) (value ? 't' : 'f');
		return this;
	}

	TableWriter text(String value) {
		if (value == null) {
			return nul();
		}
		separator();
		ensure(value.length() * 4);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x80) {
				switch (c) {
					case '\\' -> escaped('\\');
					case '\t' -> escaped('t');
					case '\n' -> escaped('n');
					case '\r' -> escaped('r');
					default -> this.buffer[this.position++] = (byte) c;
				}
			}
			else if (c < 0x800) {
				this.buffer[this.position++] = (byte) (0xC0 | (c >> 6));
				this.buffer[this.position++] = (byte) (0x80 | (c & 0x3F));
			}
			else if (Character.isHighSurrogate(c) && i + 1 < value.length()) {
				int cp = Character.toCodePoint(c, value.charAt(++i));
				this.buffer[this.position++] = (byte) (0xF0 | (cp >> 18));
				this.buffer[this.position++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
				this.buffer[this.position++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
				this.buffer[this.position++] = (byte) (0x80 | (cp & 0x3F));
			}
			else {
				this.buffer[this.position++] = (byte) (0xE0 | (c >> 12));
				this.buffer[this.position++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				this.buffer[this.position++] = (byte) (0x80 | (c & 0x3F));
			}
		}
		return this;
	}

	/**
	 * A {@code bytea} in hex ({@code \\x0a1b…} in COPY text, whose backslash is escaped).
	 */
	TableWriter bytes(byte[] value) {
		if (value == null) {
			return nul();
		}
		separator();
		ensure(3 + value.length * 2);
		this.buffer[this.position++] = '\\';
		this.buffer[this.position++] = '\\';
		this.buffer[this.position++] = 'x';
		for (byte b : value) {
			this.buffer[this.position++] = HEX[(b >> 4) & 0xF];
			this.buffer[this.position++] = HEX[b & 0xF];
		}
		return this;
	}

	/** An ASCII prefix followed by a zero-padded number, e.g. a barcode. */
	TableWriter code(String prefix, long number, int width) {
		separator();
		ensure(prefix.length() + width);
		for (int i = 0; i < prefix.length(); i++) {
			this.buffer[this.position++] = (byte) prefix.charAt(i);
		}
		for (int i = width - 1; i >= 0; i--) {
			this.buffer[this.position + i] = (byte) ('0' + number % 10);
			number /= 10;
		}
		this.position += width;
		return this;
	}

	/** A {@code text[]} of plain words (enum names). */
	TableWriter array(String... values) {
		separator();
		int length = 2;
		for (String value : values) {
			length += value.length() + 1;
		}
		ensure(length);
		this.buffer[this.position++] = '{';
		for (int i = 0; i < values.length; i++) {
			if (i > 0) {
				this.buffer[this.position++] = ',';
			}
			String value = values[i];
			for (int j = 0; j < value.length(); j++) {
				this.buffer[this.position++] = (byte) value.charAt(j);
			}
		}
		this.buffer[this.position++] = '}';
		return this;
	}

	/** A timestamptz from epoch seconds, written in UTC. */
	TableWriter time(long epochSecond) {
		if (epochSecond == NULL) {
			return nul();
		}
		separator();
		ensure(24);
		long day = Math.floorDiv(epochSecond, 86400);
		int second = (int) Math.floorMod(epochSecond, 86400);
		appendDate(day);
		this.buffer[this.position++] = ' ';
		two(second / 3600);
		this.buffer[this.position++] = ':';
		two((second / 60) % 60);
		this.buffer[this.position++] = ':';
		two(second % 60);
		this.buffer[this.position++] = '+';
		this.buffer[this.position++] = '0';
		this.buffer[this.position++] = '0';
		return this;
	}

	/** A date from an epoch day. */
	TableWriter date(long epochDay) {
		if (epochDay == NULL) {
			return nul();
		}
		separator();
		ensure(12);
		appendDate(epochDay);
		return this;
	}

	TableWriter nul() {
		separator();
		ensure(2);
		this.buffer[this.position++] = '\\';
		this.buffer[this.position++] = 'N';
		return this;
	}

	/** Ends the row; every {@value #STATEMENT_ROWS} rows ends the COPY statement. */
	void end() {
		ensure(1);
		this.buffer[this.position++] = '\n';
		this.rowStarted = false;
		if (this.rows++ == 0) {
			this.started = System.nanoTime();
		}
		if (this.rows % STATEMENT_ROWS == 0) {
			finishStatement();
		}
	}

	/** Sends what is buffered and ends the open COPY statement, if any. */
	void finishStatement() {
		boolean sent = this.position > 0 || this.out != null;
		try {
			if (this.position > 0) {
				flush();
			}
			if (this.out != null) {
				this.out.close();
				this.out = null;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (sent) {
			this.finished = System.nanoTime();
		}
		if (this.rows > this.reported) {
			long added = this.rows - this.reported;
			this.reported = this.rows;
			this.progress.loaded(this, added);
		}
	}

	// --- encoding

	private void separator() {
		if (this.rowStarted) {
			ensure(1);
			this.buffer[this.position++] = '\t';
		}
		this.rowStarted = true;
	}

	private void escaped(char c) {
		this.buffer[this.position++] = '\\';
		this.buffer[this.position++] = (byte) c;
	}

	private void two(int value) {
		this.buffer[this.position++] = (byte) ('0' + value / 10);
		this.buffer[this.position++] = (byte) ('0' + value % 10);
	}

	private void appendLong(long value) {
		if (value < 0) {
			this.buffer[this.position++] = '-';
			value = -value;
		}
		int n = 0;
		do {
			this.digits[n++] = (byte) ('0' + value % 10);
			value /= 10;
		}
		while (value > 0);
		while (n > 0) {
			this.buffer[this.position++] = this.digits[--n];
		}
	}

	private void appendDate(long epochDay) {
		if (epochDay != this.cachedDay) {
			// civil date from days since 1970-01-01 (H. Hinnant's algorithm)
			long z = epochDay + 719468;
			long era = Math.floorDiv(z, 146097);
			long doe = z - era * 146097;
			long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
			long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
			long mp = (5 * doy + 2) / 153;
			long d = doy - (153 * mp + 2) / 5 + 1;
			long m = (mp < 10) ? mp + 3 : mp - 9;
			long y = yoe + era * 400 + ((m <= 2) ? 1 : 0);
			byte[] date = this.cachedDate;
			date[0] = (byte) ('0' + (y / 1000) % 10);
			date[1] = (byte) ('0' + (y / 100) % 10);
			date[2] = (byte) ('0' + (y / 10) % 10);
			date[3] = (byte) ('0' + y % 10);
			date[4] = '-';
			date[5] = (byte) ('0' + m / 10);
			date[6] = (byte) ('0' + m % 10);
			date[7] = '-';
			date[8] = (byte) ('0' + d / 10);
			date[9] = (byte) ('0' + d % 10);
			this.cachedDay = epochDay;
		}
		System.arraycopy(this.cachedDate, 0, this.buffer, this.position, 10);
		this.position += 10;
	}

	private void ensure(int bytes) {
		if (this.position + bytes > this.buffer.length) {
			try {
				flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			if (bytes > this.buffer.length) {
				throw new IllegalArgumentException("Value too long for " + this.table);
			}
		}
	}

	private void flush() throws IOException {
		if (this.out == null) {
			this.out = this.target.open(this.table, this.columns);
		}
		this.out.write(this.buffer, 0, this.position);
		this.position = 0;
	}

}
