package org.epigrid.testing;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.epigrid.support.ErrorCode;

/**
 * What a staged batch of rows (samples or results, from GraphQL or CSV) came to.
 *
 * @param received rows staged
 * @param applied rows recorded now
 * @param unchanged rows that were already recorded exactly
 * @param rejected rows refused
 * @param rejections the refused rows in line order, at most as many as asked for
 */
record BatchOutcome(long received, long applied, long unchanged, long rejected, List<Rejection> rejections) {

	/**
	 * A refused row.
	 *
	 * @param line line number (CSV) or index (GraphQL) of the row
	 * @param barcode the row's barcode as given
	 * @param errors every rule the row breaks
	 */
	record Rejection(long line, @Nullable String barcode, List<RowError> errors) {

		/** The messages, each prefixed with its column, for a one-line CSV report. */
		String reason(java.util.function.Function<String, String> column) {
			List<String> parts = new ArrayList<>();
			for (RowError error : this.errors) {
				String name = (error.field() != null) ? column.apply(error.field()) : null;
				parts.add((name != null) ? name + ": " + error.message() : error.message());
			}
			return String.join("; ", parts);
		}

	}

	/**
	 * One broken rule.
	 *
	 * @param field the logical field at fault ({@code barcode}, {@code resultedAt},
	 * {@code pool.size}, …), null for the row as a whole
	 */
	record RowError(ErrorCode code, @Nullable String field, String message) {

		/**
		 * Parses the {@code CODE|field|message} tags the batch SQL writes (field
		 * {@code row} means the row as a whole).
		 */
		static RowError parse(String tag) {
			String[] parts = tag.split("\\|", 3);
			String field = parts[1].equals("row") ? null : parts[1];
			return new RowError(ErrorCode.valueOf(parts[0]), field, parts[2]);
		}

		/** The tag for a rule broken before the row reached SQL. */
		static String tag(ErrorCode code, String field, String message) {
			return code.name() + "|" + field + "|" + message;
		}

	}

}
