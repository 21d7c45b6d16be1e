package org.epigrid.analytics;

import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The turnaround histogram columns of {@code sample_rollup_hourly} ({@code tat_000} ..
 * {@code tat_132}, buckets as defined by {@code sample_tat_bucket} in migration V11), and
 * the SQL fragments that read and write them.
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

	/** {@code sum(r.tat_000)::int AS tat_000, ...}. */
	static String sums(String qualifier) {
		return each((bucket) -> "sum(" + qualifier + COLUMNS.get(bucket) + ")::int AS " + COLUMNS.get(bucket));
	}

	/** {@code ARRAY[sum(r.tat_000), ...]}: the merged histogram as one array. */
	static String sumArray(String qualifier) {
		return "ARRAY[" + each((bucket) -> "sum(" + qualifier + COLUMNS.get(bucket) + ")") + "]";
	}

	/**
	 * {@code (sum(count) FILTER (WHERE bucket = 0))::int AS tat_000, ...}: pivots rows of
	 * (bucket, count) into the columns.
	 */
	static String pivot(String bucket, String count) {
		return each((b) -> "(sum(" + count + ") FILTER (WHERE " + bucket + " = " + b + "))::int AS " + COLUMNS.get(b));
	}

	/** {@code tat_000 = excluded.tat_000, ...}. */
	static String assignExcluded() {
		return each((bucket) -> COLUMNS.get(bucket) + " = excluded." + COLUMNS.get(bucket));
	}

	private static String each(IntFunction<String> fragment) {
		return IntStream.range(0, BUCKETS).mapToObj(fragment).collect(Collectors.joining(", "));
	}

}
