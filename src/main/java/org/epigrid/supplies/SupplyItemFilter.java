package org.epigrid.supplies;

import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import static org.epigrid.jooq.Tables.SUPPLY_ITEM;

/** The {@code SupplyItemFilter} input. */
record SupplyItemFilter(@Nullable List<SupplyCategory> categories, @Nullable String codeOrNameContains) {

	static final SupplyItemFilter NONE = new SupplyItemFilter(null, null);

	Condition toCondition() {
		List<Condition> conditions = new ArrayList<>();
		if (this.categories != null) {
			conditions.add(SUPPLY_ITEM.CATEGORY.in(this.categories.stream().map(Enum::name).toList()));
		}
		if (this.codeOrNameContains != null && !this.codeOrNameContains.isBlank()) {
			conditions.add(SUPPLY_ITEM.CODE.containsIgnoreCase(this.codeOrNameContains)
				.or(SUPPLY_ITEM.NAME.containsIgnoreCase(this.codeOrNameContains)));
		}
		return DSL.and(conditions);
	}

}
