package org.epigrid.sentinels;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.places.Areas;
import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.CAMPAIGN;
import static org.epigrid.jooq.Tables.PLACE;

/** The {@code CampaignFilter} input. */
record CampaignFilter(@Nullable String area, @Nullable String covering, @Nullable LocalDate activeOn) {

	static final CampaignFilter NONE = new CampaignFilter(null, null, null);

	Condition toCondition() {
		List<Condition> conditions = new ArrayList<>();
		if (this.area != null) {
			conditions.add(Areas.within(CAMPAIGN.PLACE_ID, GlobalId.decode(this.area, "Place")));
		}
		if (this.covering != null) {
			// the campaign's area is the place or one of its ancestors
			org.epigrid.jooq.tables.Place inner = PLACE.as("inner_place");
			conditions.add(CAMPAIGN.PLACE_ID.in(DSL.select(PLACE.ID)
				.from(PLACE)
				.where(DSL.condition("{0} @> ({1})", PLACE.PATH,
						DSL.select(inner.PATH)
							.from(inner)
							.where(inner.ID.eq(GlobalId.decode(this.covering, "Place")))))));
		}
		if (this.activeOn != null) {
			conditions.add(CAMPAIGN.STARTS_ON.le(this.activeOn).and(CAMPAIGN.ENDS_ON.ge(this.activeOn)));
		}
		return DSL.and(conditions);
	}

}
