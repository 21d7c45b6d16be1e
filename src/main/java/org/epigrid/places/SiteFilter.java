package org.epigrid.places;

import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.SITE;

/** The {@code SiteFilter} input. */
record SiteFilter(@Nullable List<SiteType> types, @Nullable String area, @Nullable List<SiteStatus> statuses,
		@Nullable String nameContains, @Nullable String venueCode) {

	static final SiteFilter NONE = new SiteFilter(null, null, null, null, null);

	Condition toCondition() {
		List<Condition> conditions = new ArrayList<>();
		if (this.types != null) {
			conditions.add(SITE.TYPE.in(this.types.stream().map(Enum::name).toList()));
		}
		if (this.area != null) {
			conditions.add(Areas.within(SITE.PLACE_ID, GlobalId.decode(this.area, "Place")));
		}
		if (this.statuses != null) {
			conditions.add(SITE.STATUS.in(this.statuses.stream().map(Enum::name).toList()));
		}
		if (this.nameContains != null && !this.nameContains.isBlank()) {
			conditions.add(SITE.NAME.contains(this.nameContains));
		}
		if (this.venueCode != null) {
			conditions.add(SITE.VENUE_CODE.eq(this.venueCode));
		}
		return DSL.and(conditions);
	}

}
