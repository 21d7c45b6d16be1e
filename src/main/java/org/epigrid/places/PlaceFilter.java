package org.epigrid.places;

import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.PLACE;

/** The {@code PlaceFilter} input. */
record PlaceFilter(@Nullable List<PlaceLevel> levels, @Nullable String parent, @Nullable String area,
		@Nullable List<RiskLevel> riskLevels, @Nullable String nameContains) {

	static final PlaceFilter NONE = new PlaceFilter(null, null, null, null, null);

	Condition toCondition() {
		List<Condition> conditions = new ArrayList<>();
		if (this.levels != null) {
			conditions.add(PLACE.LEVEL.in(this.levels.stream().map(Enum::name).toList()));
		}
		if (this.parent != null) {
			conditions.add(PLACE.PARENT_ID.eq(GlobalId.decode(this.parent, "Place")));
		}
		if (this.area != null) {
			conditions.add(Areas.subtreeOf(GlobalId.decode(this.area, "Place")));
		}
		if (this.riskLevels != null) {
			conditions.add(PlaceQueries.riskRank(PLACE.PATH).in(this.riskLevels.stream().map(Enum::ordinal).toList()));
		}
		if (this.nameContains != null && !this.nameContains.isBlank()) {
			conditions.add(PLACE.NAME.contains(this.nameContains));
		}
		return DSL.and(conditions);
	}

}
