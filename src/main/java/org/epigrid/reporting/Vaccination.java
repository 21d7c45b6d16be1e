package org.epigrid.reporting;

import java.time.OffsetDateTime;

/** One dose of vaccine given to a person. */
public record Vaccination(long id, long personId, int doseNumber, String product, String lot, long siteId,
		OffsetDateTime vaccinatedAt) {

}
