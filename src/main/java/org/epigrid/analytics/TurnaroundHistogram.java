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

	/**
	 * {@code ARRAY[r.tat_000, ...]}: one row's histogram as an array (index 1 = bucket
	 * 0), to be unnested when only a few rows are merged.
	 */
	static String array(String qualifier) {
		return "ARRAY[" + columns(qualifier) + "]";
	}

	/**
	 * A CTE body reading the turnaround p50 and p90 (minutes) off histogram bins: for
	 * each key, the bucket where the cumulative count crosses the quantile, interpolated
	 * linearly inside it. {@code bins} has the key columns, {@code b} (bucket) and
	 * {@code c} (count, zero rows left out).
	 * @param bins the relation of bins
	 * @param keys the key columns, comma separated
	 * @return {@code SELECT keys, turnaround_p50, turnaround_p90 FROM ...}
	 */
	static String percentiles(String bins, String keys) {
		return """
				SELECT %1$s,
				       min(sample_tat_bucket_lower(b) + sample_tat_bucket_width(b) * (0.5 * n - (upto - c)) / c)
				           FILTER (WHERE upto >= 0.5 * n AND upto - c < 0.5 * n)::float8 AS turnaround_p50,
				       min(sample_tat_bucket_lower(b) + sample_tat_bucket_width(b) * (0.9 * n - (upto - c)) / c)
				           FILTER (WHERE upto >= 0.9 * n AND upto - c < 0.9 * n)::float8 AS turnaround_p90
				FROM (SELECT %1$s, b, c, sum(c) OVER (PARTITION BY %1$s ORDER BY b) AS upto,
				             sum(c) OVER (PARTITION BY %1$s) AS n
				      FROM %2$s) cumulative
				GROUP BY %1$s""".formatted(keys, bins);
	}

	/** {@code tat_000 = excluded.tat_000, ...}. */
	static String assignExcluded() {
		return each((bucket) -> COLUMNS.get(bucket) + " = excluded." + COLUMNS.get(bucket));
	}

	private static String each(IntFunction<String> fragment) {
		return IntStream.range(0, BUCKETS).mapToObj(fragment).collect(Collectors.joining(", "));
	}

}
