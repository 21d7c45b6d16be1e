package org.epigrid.sentinels;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.places.Areas;
import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.FEVER_CLINIC_VISIT;
import static org.epigrid.jooq.Tables.SITE;

/** The {@code FeverClinicVisitFilter} input. */
record FeverClinicVisitFilter(@Nullable String area, @Nullable String site, @Nullable String person,
		@Nullable OffsetDateTime from, @Nullable OffsetDateTime to, @Nullable Boolean untested) {

	static final FeverClinicVisitFilter NONE = new FeverClinicVisitFilter(null, null, null, null, null, null);

	Condition toCondition() {
		List<Condition> conditions = new ArrayList<>();
		if (this.area != null) {
			long areaId = GlobalId.decode(this.area, "Place");
			conditions.add(FEVER_CLINIC_VISIT.SITE_ID
				.in(DSL.select(SITE.ID).from(SITE).where(Areas.within(SITE.PLACE_ID, areaId))));
		}
		if (this.site != null) {
			conditions.add(FEVER_CLINIC_VISIT.SITE_ID.eq(GlobalId.decode(this.site, "Site")));
		}
		if (this.person != null) {
			conditions.add(FEVER_CLINIC_VISIT.PERSON_ID.eq(GlobalId.decode(this.person, "Person")));
		}
		if (this.from != null) {
			conditions.add(FEVER_CLINIC_VISIT.VISITED_AT.ge(this.from));
		}
		if (this.to != null) {
			conditions.add(FEVER_CLINIC_VISIT.VISITED_AT.lt(this.to));
		}
		if (this.untested != null) {
			conditions
				.add(this.untested ? FEVER_CLINIC_VISIT.SAMPLE_ID.isNull() : FEVER_CLINIC_VISIT.SAMPLE_ID.isNotNull());
		}
		return DSL.and(conditions);
	}

}
