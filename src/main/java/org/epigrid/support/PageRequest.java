package org.epigrid.support;

import org.jspecify.annotations.Nullable;

/**
 * {@code first}/{@code after} of a connection, validated: {@code first} between 0 and the
 * maximum page size (500 unless configured otherwise).
 *
 * @param first rows asked for
 * @param after cursor of the last row of the previous page
 */
public record PageRequest(int first, @Nullable String after) {

	public static final int DEFAULT_SIZE = 50;

	public static final int MAX_SIZE = 500;

	public static PageRequest of(@Nullable Integer first, @Nullable String after) {
		int size = (first != null) ? first : DEFAULT_SIZE;
		if (size < 0) {
			throw new BadRequestException("'first' must not be negative, was " + size);
		}
		if (size > MAX_SIZE) {
			throw new BadRequestException("'first' must be at most " + MAX_SIZE + ", was " + size);
		}
		return new PageRequest(size, after);
	}

	/** Rows to fetch: one more than asked for, to know whether a next page exists. */
	public int limit() {
		return this.first + 1;
	}

}
