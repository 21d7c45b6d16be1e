package org.epigrid.reporting;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** A registered gathering and the state of its prevention plan. */
public record Gathering(long id, String name, String organizer, long placeId, @Nullable Long siteId,
		OffsetDateTime startsAt, OffsetDateTime endsAt, int expectedAttendance, GatheringPlanStatus planStatus,
		int version) {

	/** A prevention plan is required and not (yet) approved. */
	public boolean needsPlan() {
		return this.planStatus.needsPlan();
	}

}
