package org.epigrid.analytics;

import org.jspecify.annotations.Nullable;

/**
 * Occupancy of one quarantine hotel or hospital.
 *
 * @param siteId the site
 * @param occupied people checked in
 * @param capacity rooms, or beds for a site without a room count; null when neither is
 * known
 * @param occupancy occupied / capacity
 * @param dueForReleaseToday checked-in people whose planned release day is today or has
 * passed
 */
public record QuarantineSiteOccupancy(long siteId, int occupied, @Nullable Integer capacity, @Nullable Double occupancy,
		int dueForReleaseToday) {

}
