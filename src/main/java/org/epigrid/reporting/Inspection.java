package org.epigrid.reporting;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * A supervision inspection finding (督导检查) with its rectification (整改).
 *
 * @param overdue still OPEN after its rectification deadline
 */
public record Inspection(long id, @Nullable Long siteId, long placeId, OffsetDateTime inspectedAt, String inspector,
		String finding, InspectionSeverity severity, LocalDate rectificationDueOn, InspectionStatus status,
		@Nullable OffsetDateTime rectifiedAt, @Nullable String rectificationNote, boolean publiclyNamed, int version,
		boolean overdue) {

}
