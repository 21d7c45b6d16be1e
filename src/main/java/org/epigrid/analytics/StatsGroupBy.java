package org.epigrid.analytics;

/** How {@code testingStats} splits each bucket. */
public enum StatsGroupBy {

	CHILD_AREA, PURPOSE, KIND

}
