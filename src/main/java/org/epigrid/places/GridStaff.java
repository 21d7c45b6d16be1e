package org.epigrid.places;

import java.time.LocalDate;

/** A person's grid role in a place. */
public record GridStaff(long id, long placeId, long personRef, GridRole role, LocalDate since) {

	public String personId() {
		return org.epigrid.support.GlobalId.encode("Person", this.personRef);
	}

}
