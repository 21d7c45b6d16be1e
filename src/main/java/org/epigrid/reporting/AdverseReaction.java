package org.epigrid.reporting;

import java.time.OffsetDateTime;

/** An adverse reaction after a vaccination. */
public record AdverseReaction(long id, long vaccinationId, OffsetDateTime onsetAt, AdverseReactionSeverity severity,
		String description) {

}
