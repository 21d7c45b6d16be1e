package org.epigrid.reporting;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.places.Areas;
import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.GATHERING;

/** The {@code GatheringFilter} input. */
record GatheringFilter(@Nullable String area, @Nullable List<GatheringPlanStatus> planStatuses,
		@Nullable OffsetDateTime from, @Nullable OffsetDateTime to) {

	static final GatheringFilter NONE = new GatheringFilter(null, null, null, null);

	Condition toCondition() {
		List<Condition> conditions = new ArrayList<>();
		if (this.area != null) {
			conditions.add(Areas.within(GATHERING.PLACE_ID, GlobalId.decode(this.area, "Place")));
		}
		if (this.planStatuses != null) {
			conditions.add(GATHERING.PLAN_STATUS.in(this.planStatuses.stream().map(Enum::name).toList()));
		}
		// gatherings that overlap [from, to)
		if (this.from != null) {
			conditions.add(GATHERING.ENDS_AT.gt(this.from));
		}
		if (this.to != null) {
			conditions.add(GATHERING.STARTS_AT.lt(this.to));
		}
		return DSL.and(conditions);
	}

}
