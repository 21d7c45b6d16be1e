package org.epigrid.reporting;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.places.Areas;
import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.INSPECTION;

/** The {@code InspectionFilter} input. */
record InspectionFilter(@Nullable String area, @Nullable List<InspectionStatus> statuses,
		@Nullable List<InspectionSeverity> severities, @Nullable Boolean overdue, @Nullable Boolean publiclyNamed) {

	static final InspectionFilter NONE = new InspectionFilter(null, null, null, null, null);

	/** Still OPEN after the rectification deadline, as of {@code today}. */
	static Condition overdue(LocalDate today) {
		return INSPECTION.STATUS.eq(InspectionStatus.OPEN.name()).and(INSPECTION.RECTIFICATION_DUE_ON.lt(today));
	}

	Condition toCondition(LocalDate today) {
		List<Condition> conditions = new ArrayList<>();
		if (this.area != null) {
			conditions.add(Areas.within(INSPECTION.PLACE_ID, GlobalId.decode(this.area, "Place")));
		}
		if (this.statuses != null) {
			conditions.add(INSPECTION.STATUS.in(this.statuses.stream().map(Enum::name).toList()));
		}
		if (this.severities != null) {
			conditions.add(INSPECTION.SEVERITY.in(this.severities.stream().map(Enum::name).toList()));
		}
		if (this.overdue != null) {
			conditions.add(this.overdue ? overdue(today) : DSL.not(overdue(today)));
		}
		if (this.publiclyNamed != null) {
			conditions.add(INSPECTION.PUBLICLY_NAMED.eq(this.publiclyNamed));
		}
		return DSL.and(conditions);
	}

}
