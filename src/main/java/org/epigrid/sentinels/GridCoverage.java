package org.epigrid.sentinels;

import org.jspecify.annotations.Nullable;

import org.epigrid.places.Place;

/**
 * Coverage of a campaign in one grid, as counted by the database.
 *
 * @param coverage {@code tested / residents}; null without residents
 */
public record GridCoverage(Place grid, int residents, int tested, @Nullable Double coverage) {

	public int untested() {
		return this.residents - this.tested;
	}

}
