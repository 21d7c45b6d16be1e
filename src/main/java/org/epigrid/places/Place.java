package org.epigrid.places;

import org.jspecify.annotations.Nullable;

/** A place of the hierarchy, as the API shows it. */
public record Place(long id, String code, String name, PlaceLevel level, @Nullable Long parentId, String path,
		@Nullable Integer population, @Nullable Double latitude, @Nullable Double longitude) {

}
