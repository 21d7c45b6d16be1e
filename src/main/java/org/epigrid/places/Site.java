package org.epigrid.places;

import org.jspecify.annotations.Nullable;

/** A key site, as the API shows it. */
public record Site(long id, long placeId, SiteType type, String name, @Nullable String address, String venueCode,
		SiteStatus status, @Nullable Integer rooms, @Nullable Integer beds, @Nullable Integer dailyTestCapacity,
		@Nullable Double latitude, @Nullable Double longitude) {

}
