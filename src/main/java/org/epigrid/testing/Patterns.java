package org.epigrid.testing;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

import org.jspecify.annotations.Nullable;

/**
 * Formats the batches share. Regular expressions are POSIX (bound as parameters); times
 * are read in Java while rows stream in, so that the staging column can be a
 * {@code timestamptz} and no row can fail a cast in SQL.
 */
final class Patterns {

	/** Barcodes of samples and pools, as the table constraints require. */
	static final String BARCODE = "^[A-Z0-9-]{6,32}$";

	/** A Ct value: 0 to 99 with at most one decimal (the range is checked apart). */
	static final String CT_VALUE = "^[0-9]{1,2}([.][0-9]?)?$";

	/** Message for a time that cannot be read. */
	static final String TIME_FORMAT = "an ISO-8601 date and time with offset, e.g. 2026-11-29T08:00:00+08:00";

	/**
	 * ISO-8601 date and time with an explicit offset ({@code Z}, {@code +08:00},
	 * {@code +0800} or {@code +08}); a bare local time is ambiguous and refused.
	 */
	private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
		.append(DateTimeFormatter.ISO_LOCAL_DATE)
		.appendLiteral('T')
		.append(DateTimeFormatter.ISO_LOCAL_TIME)
		.appendPattern("[XXX][XX][X]")
		.toFormatter()
		.withResolverStyle(ResolverStyle.STRICT);

	/** Always with seconds and microseconds, as PostgreSQL stores them. */
	private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX");

	private Patterns() {
	}

	/**
	 * The time as COPY should read it into a {@code timestamptz}, or null when it cannot
	 * be read. The common form {@code 2026-11-29T08:00:00[.fff](Z|+08:00)} is checked
	 * character by character and passed on as given (this runs for every row of a large
	 * upload); other ISO-8601 forms (a space for the {@code T}, {@code +0800},
	 * {@code +08}, no seconds) go through {@link DateTimeFormatter} and are rewritten.
	 */
	static @Nullable String timeText(String text) {
		String value = text.strip();
		if (isCommonForm(value)) {
			return value;
		}
		if (value.length() > 10 && value.charAt(10) == ' ') {
			value = value.substring(0, 10) + 'T' + value.substring(11);
		}
		try {
			OffsetDateTime time = OffsetDateTime.parse(value, TIME);
			return readable(time) ? iso(time) : null;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * Whether PostgreSQL stores the time as it is: years 1900 to 9999, offsets within ±14
	 * hours.
	 */
	static boolean readable(OffsetDateTime time) {
		return time.getYear() >= 1900 && time.getYear() <= 9999
				&& Math.abs(time.getOffset().getTotalSeconds()) <= 14 * 3600;
	}

	private static boolean isCommonForm(String v) {
		int n = v.length();
		if (n < 20 || !digits(v, 0, 4) || v.charAt(4) != '-' || !digits(v, 5, 7) || v.charAt(7) != '-'
				|| !digits(v, 8, 10) || v.charAt(10) != 'T' || !digits(v, 11, 13) || v.charAt(13) != ':'
				|| !digits(v, 14, 16) || v.charAt(16) != ':' || !digits(v, 17, 19)) {
			return false;
		}
		int i = 19;
		if (v.charAt(i) == '.') {
			int start = ++i;
			while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
				i++;
			}
			if (i == start || i - start > 6) {
				return false;
			}
		}
		int offsetMinutes;
		if (i == n - 1 && v.charAt(i) == 'Z') {
			offsetMinutes = 0;
		}
		else if (i == n - 6 && (v.charAt(i) == '+' || v.charAt(i) == '-') && digits(v, i + 1, i + 3)
				&& v.charAt(i + 3) == ':' && digits(v, i + 4, i + 6) && number(v, i + 4, i + 6) <= 59) {
			offsetMinutes = number(v, i + 1, i + 3) * 60 + number(v, i + 4, i + 6);
		}
		else {
			return false;
		}
		int year = number(v, 0, 4);
		int month = number(v, 5, 7);
		int day = number(v, 8, 10);
		return year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= YearMonth.of(year, month).lengthOfMonth()
				&& number(v, 11, 13) <= 23 && number(v, 14, 16) <= 59 && number(v, 17, 19) <= 59
				&& offsetMinutes <= 14 * 60;
	}

	private static boolean digits(String v, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = v.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static int number(String v, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			value = value * 10 + (v.charAt(i) - '0');
		}
		return value;
	}

	/** The form COPY and casts read back exactly. */
	static String iso(OffsetDateTime time) {
		return time.format(ISO);
	}

}
