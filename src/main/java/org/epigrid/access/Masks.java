package org.epigrid.access;

import org.jspecify.annotations.Nullable;

/** How personal data is masked for roles that may not see it in full. */
final class Masks {

	private Masks() {
	}

	static @Nullable String mask(String field, @Nullable String value) {
		if (value == null) {
			return null;
		}
		return switch (field) {
			case "idNumber" -> keep(value, 6, 4);
			case "phone" -> keep(value, 3, 4);
			case "fullName" -> value.isEmpty() ? value : value.substring(0, value.offsetByCodePoints(0, 1)) + "*";
			case "address" -> (value.codePointCount(0, value.length()) <= 6) ? "***"
					: value.substring(0, value.offsetByCodePoints(0, 6)) + "***";
			default -> "***";
		};
	}

	/** First {@code head} and last {@code tail} characters, the rest as {@code *}. */
	static String keep(String value, int head, int tail) {
		if (value.length() <= head + tail) {
			return "*".repeat(value.length());
		}
		return value.substring(0, head) + "*".repeat(value.length() - head - tail)
				+ value.substring(value.length() - tail);
	}

}
