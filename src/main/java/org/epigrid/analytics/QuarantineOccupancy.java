package org.epigrid.analytics;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Occupancy of the quarantine hotels and hospitals of an area.
 *
 * @param occupied people checked in, over all sites
 * @param capacity rooms (or beds, for a site without a room count), over the sites that
 * have one
 * @param occupancy occupied / capacity, null without capacity
 * @param dueForReleaseToday checked-in people whose planned release day is today or has
 * passed
 * @param sites per site
 */
public record QuarantineOccupancy(int occupied, int capacity, @Nullable Double occupancy, int dueForReleaseToday,
		List<QuarantineSiteOccupancy> sites) {

}
