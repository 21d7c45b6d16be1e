package org.epigrid.demo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic randomness: one stream per purpose (so that changing how one table is
 * generated leaves the others as they were), and stateless draws keyed by numbers for
 * decisions taken per person and day.
 */
final class Rnd {

	private final SplittableRandom random;

	Rnd(long seed, String stream) {
		this.random = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + stream.hashCode()));
	}

	double unit() {
		return this.random.nextDouble();
	}

	int below(int bound) {
		return this.random.nextInt(bound);
	}

	/** Inclusive on both ends. */
	int between(int low, int high) {
		return low + this.random.nextInt(high - low + 1);
	}

	double between(double low, double high) {
		return low + (high - low) * this.random.nextDouble();
	}

	/** Seconds in a range of hours. */
	long hours(double low, double high) {
		return Math.round(between(low, high) * 3600);
	}

	boolean chance(double probability) {
		return this.random.nextDouble() < probability;
	}

	<T> T pick(T[] values) {
		return values[this.random.nextInt(values.length)];
	}

	<T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	/** Index drawn from cumulative weights (last element is the total). */
	int weighted(double[] cumulative) {
		double u = this.random.nextDouble() * cumulative[cumulative.length - 1];
		for (int i = 0; i < cumulative.length; i++) {
			if (u < cumulative[i]) {
				return i;
			}
		}
		return cumulative.length - 1;
	}

	static double[] cumulative(double... weights) {
		double[] result = new double[weights.length];
		double sum = 0;
		for (int i = 0; i < weights.length; i++) {
			sum += weights[i];
			result[i] = sum;
		}
		return result;
	}

	/** A stateless draw in [0, 1) for the given keys. */
	static double unit(long seed, long a, long b, long c) {
		long h = mix(seed ^ mix(a * 0x9E3779B97F4A7C15L ^ mix(b * 0xC2B2AE3D27D4EB4FL ^ mix(c + 0x165667B19E3779F9L))));
		return (h >>> 11) * 0x1.0p-53;
	}

	static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

}
