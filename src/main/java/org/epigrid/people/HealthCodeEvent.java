package org.epigrid.people;

import java.time.OffsetDateTime;

/** A change of a person's health code colour. */
public record HealthCodeEvent(long id, long personId, HealthCodeColour colour, OffsetDateTime changedAt,
		String reason) {

}
