package org.epigrid.analytics;

/** Width of the buckets of {@code testingStats}, in the analytics time zone. */
public enum StatsInterval {

	HOUR("hour"), DAY("day"), WEEK("week");

	private final String unit;

	StatsInterval(String unit) {
		this.unit = unit;
	}

	/** The PostgreSQL {@code date_trunc} field. */
	String unit() {
		return this.unit;
	}

}
