package org.epigrid.testing;

import java.time.LocalDate;

/** A mass-testing campaign over an area, as the API shows it. */
public record Campaign(long id, String name, long placeId, LocalDate startsOn, LocalDate endsOn) {

}
