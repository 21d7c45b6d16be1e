package org.epigrid.analytics;

import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The turnaround histogram columns of the sample rollups ({@code tat_000} ..
 * {@code tat_132}, buckets as defined by {@code sample_tat_bucket} in migration V11), and
 * the SQL fragments that read and write them.
 * <p>
 * The columns are cumulative (migration V15): {@code tat_n} counts the resulted samples
 * whose turnaround falls in bucket {@code n} or an earlier one, NULL for none. Rows merge
 * by summing each column, and a percentile is one binary search over the row's columns as
 * an array ({@code width_bucket}), then a linear interpolation inside the bucket it falls
 * in: no sorting, no window functions.
 */
final class TurnaroundHistogram {

	/** Number of buckets, the last one open-ended (72 h and more). */
	static final int BUCKETS = 133;

	/** The column names, in bucket order. */
	static final List<String> COLUMNS = IntStream.range(0, BUCKETS)
		.mapToObj((bucket) -> String.format("tat_%03d", bucket))
		.toList();

	private TurnaroundHistogram() {
	}

	/** {@code tat_000, tat_001, ...}, optionally qualified. */
	static String columns(String qualifier) {
		return each((bucket) -> qualifier + COLUMNS.get(bucket));
	}

	/** {@code NULL::int AS tat_000, ...}: an empty histogram. */
	static String nulls() {
		return each((bucket) -> "NULL::int AS " + COLUMNS.get(bucket));
	}

	/** {@code sum(r.tat_000)::int AS tat_000, ...}. */
	static String sums(String qualifier) {
		return each((bucket) -> "sum(" + qualifier + COLUMNS.get(bucket) + ")::int AS " + COLUMNS.get(bucket));
	}

	/**
	 * {@code (sum(count) FILTER (WHERE bucket <= 0))::int AS tat_000, ...}: the
	 * cumulative columns from rows of (bucket, count).
	 */
	static String cumulative(String bucket, String count) {
		return each((b) -> "(sum(" + count + ") FILTER (WHERE " + bucket + " <= " + b + "))::int AS " + COLUMNS.get(b));
	}

	/** {@code ARRAY[coalesce(r.tat_000, 0), ...]::bigint[]}: one row's histogram. */
	static String array(String qualifier) {
		return "ARRAY[" + each((bucket) -> "coalesce(" + qualifier + COLUMNS.get(bucket) + ", 0)") + "]::bigint[]";
	}

	/**
	 * {@code ARRAY[coalesce(sum(r.tat_000), 0), ...]::bigint[]}: the histogram of a group
	 * of rows.
	 */
	static String sumArray(String qualifier) {
		return "ARRAY[" + each((bucket) -> "coalesce(sum(" + qualifier + COLUMNS.get(bucket) + "), 0)") + "]::bigint[]";
	}

	/**
	 * The quantile {@code q} of a cumulative histogram {@code h} (a bigint array, see
	 * {@link #array}) of {@code n} samples, in minutes: the first bucket whose cumulative
	 * count reaches {@code q * n} (counts are whole, so the buckets below it are those
	 * whose cumulative count is at most {@code ceil(q * n) - 1}), interpolated linearly
	 * between the bucket's bounds; NULL without samples. 72 h and more read as 72 h.
	 * @param h the histogram array expression (evaluated several times: a column)
	 * @param n the number of resulted samples (the last element of {@code h})
	 * @param q the quantile, e.g. 0.5
	 * @return a double precision SQL expression
	 */
	static String percentile(String h, String n, double q) {
		String below = "width_bucket(ceil(" + q + " * " + n + ")::bigint - 1, " + h + ")";
		String before = "coalesce(" + h + "[" + below + "], 0)";
		return ("(CASE WHEN %2$s > 0 THEN sample_tat_bucket_lower(%1$s) + sample_tat_bucket_width(%1$s)"
				+ " * (%3$s * %2$s - %4$s)::float8 / (%5$s[%1$s + 1] - %4$s) END)::float8")
			.formatted(below, n, q, before, h);
	}

	private static String each(IntFunction<String> fragment) {
		return IntStream.range(0, BUCKETS).mapToObj(fragment).collect(Collectors.joining(", "));
	}

}
