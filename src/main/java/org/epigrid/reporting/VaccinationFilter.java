package org.epigrid.reporting;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.places.Areas;
import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.VACCINATION;

/** The {@code VaccinationFilter} input. */
record VaccinationFilter(@Nullable String area, @Nullable String person, @Nullable String site,
		@Nullable OffsetDateTime from, @Nullable OffsetDateTime to) {

	static final VaccinationFilter NONE = new VaccinationFilter(null, null, null, null, null);

	Condition toCondition() {
		List<Condition> conditions = new ArrayList<>();
		if (this.area != null) {
			long areaId = GlobalId.decode(this.area, "Place");
			// people living in the area: a semi-join on person by residence
			conditions.add(VACCINATION.PERSON_ID
				.in(DSL.select(PERSON.ID).from(PERSON).where(Areas.within(PERSON.RESIDENCE_PLACE_ID, areaId))));
		}
		if (this.person != null) {
			conditions.add(VACCINATION.PERSON_ID.eq(GlobalId.decode(this.person, "Person")));
		}
		if (this.site != null) {
			conditions.add(VACCINATION.SITE_ID.eq(GlobalId.decode(this.site, "Site")));
		}
		if (this.from != null) {
			conditions.add(VACCINATION.VACCINATED_AT.ge(this.from));
		}
		if (this.to != null) {
			conditions.add(VACCINATION.VACCINATED_AT.lt(this.to));
		}
		return DSL.and(conditions);
	}

}
