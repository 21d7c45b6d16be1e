package org.epigrid.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Wall-clock time of each stage of a batch (staging, check, each write, commit), for the
 * log line of a CSV upload: where the time of a large file goes. Holds names and
 * durations only, never row contents. Not thread-safe (one per upload).
 */
final class IngestStages {

	/** Stages of a batch whose timings nobody reads (GraphQL mutations). */
	static final IngestStages NONE = new IngestStages(false);

	private final boolean enabled;

	private final Map<String, Long> nanos = new LinkedHashMap<>();

	private final Map<String, Long> parts = new LinkedHashMap<>();

	private long last = System.nanoTime();

	private IngestStages(boolean enabled) {
		this.enabled = enabled;
	}

	/** Starts timing now. */
	static IngestStages start() {
		return new IngestStages(true);
	}

	/** Ends the running stage under this name (time adds up if the name repeats). */
	void end(String stage) {
		if (!this.enabled) {
			return;
		}
		long now = System.nanoTime();
		this.nanos.merge(stage, now - this.last, Long::sum);
		this.last = now;
	}

	/**
	 * Records how long a part of the running stage took (e.g. waiting for the request
	 * body while parsing), shown apart; it does not end the stage.
	 */
	void part(String name, long nanos) {
		if (this.enabled) {
			this.parts.merge(name, nanos, Long::sum);
		}
	}

	/** Milliseconds of one stage, 0 when it did not run. */
	long millis(String stage) {
		return this.nanos.getOrDefault(stage, 0L) / 1_000_000;
	}

	/** Total milliseconds of all stages. */
	long totalMillis() {
		return this.nanos.values().stream().mapToLong(Long::longValue).sum() / 1_000_000;
	}

	/** E.g. {@code copy 812 ms, check 2311 ms, update samples 5120 ms}. */
	@Override
	public String toString() {
		StringJoiner joined = new StringJoiner(", ");
		this.nanos.forEach((stage, nanos) -> joined.add(stage + " " + (nanos / 1_000_000) + " ms"));
		if (!this.parts.isEmpty()) {
			StringJoiner parts = new StringJoiner(", ", " (", ")");
			this.parts.forEach((part, nanos) -> parts.add(part + " " + (nanos / 1_000_000) + " ms"));
			return joined + parts.toString();
		}
		return joined.toString();
	}

}
