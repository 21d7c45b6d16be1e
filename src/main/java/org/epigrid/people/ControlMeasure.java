package org.epigrid.people;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** A quarantine, isolation or health-monitoring measure on a person. */
public record ControlMeasure(long id, long personId, ControlMeasureKind kind, ControlMeasureReason reason,
		@Nullable Long siteId, @Nullable String room, ControlMeasureStatus status, OffsetDateTime assignedAt,
		@Nullable OffsetDateTime transferStartedAt, @Nullable OffsetDateTime checkedInAt, LocalDate plannedReleaseOn,
		@Nullable OffsetDateTime releasedAt, @Nullable OffsetDateTime cancelledAt, @Nullable String cancelReason,
		int version) {

}
