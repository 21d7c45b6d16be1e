package org.epigrid.analytics;

import org.epigrid.places.PlaceLevel;

/**
 * The place an analytics query is scoped to: it and everything below it.
 *
 * @param id the place id
 * @param level its level
 */
record Area(long id, PlaceLevel level) {

	/** Whether the hourly sample rollup has rows for places of this level. */
	boolean rolledUp() {
		return this.level == PlaceLevel.CITY || this.level == PlaceLevel.COUNTY || this.level == PlaceLevel.TOWNSHIP;
	}

}
