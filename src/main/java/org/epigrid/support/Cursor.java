package org.epigrid.support;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Opaque keyset cursors: the sort-key values of the last row a page returned,
 * base64-encoded. A cursor that cannot be decoded is a {@link BadRequestException}, never
 * a server error.
 */
public final class Cursor {

	private static final String PREFIX = "k1|";

	private Cursor() {
	}

	public static String encode(Object... keys) {
		StringBuilder text = new StringBuilder(PREFIX);
		for (int i = 0; i < keys.length; i++) {
			if (i > 0) {
				text.append('|');
			}
			text.append(keys[i]);
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** The decoded key values, or null when no cursor was given. */
	public static @Nullable Keys decode(@Nullable String cursor, int expectedKeys) {
		if (cursor == null) {
			return null;
		}
		try {
			String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			if (!text.startsWith(PREFIX)) {
				throw malformed();
			}
			List<String> values = Arrays.asList(text.substring(PREFIX.length()).split("\\|", -1));
			if (values.size() != expectedKeys) {
				throw malformed();
			}
			return new Keys(values);
		}
		catch (IllegalArgumentException ex) {
			throw malformed();
		}
	}

	private static BadRequestException malformed() {
		return new BadRequestException("'after' is not a cursor returned by this connection");
	}

	/** Key values of a decoded cursor, typed on access. */
	public record Keys(List<String> values) {

		public long longAt(int index) {
			try {
				return Long.parseLong(this.values.get(index));
			}
			catch (NumberFormatException ex) {
				throw malformed();
			}
		}

		public OffsetDateTime timeAt(int index) {
			try {
				return OffsetDateTime.parse(this.values.get(index));
			}
			catch (DateTimeParseException ex) {
				throw malformed();
			}
		}

		public String stringAt(int index) {
			return this.values.get(index);
		}

	}

}
