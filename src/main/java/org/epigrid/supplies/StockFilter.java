package org.epigrid.supplies;

import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.places.Areas;
import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.SITE;
import static org.epigrid.jooq.Tables.SUPPLY_ITEM;

/** The {@code StockFilter} input. */
record StockFilter(@Nullable String area, @Nullable String site, @Nullable List<SupplyCategory> categories,
		@Nullable List<String> items, @Nullable Boolean belowTarget) {

	static final StockFilter NONE = new StockFilter(null, null, null, null, null);

	/**
	 * The conditions on the (site, item) key, applied to each side of the balance ⟗
	 * requirement join before it is made, so that both sides shrink before they are
	 * joined. {@code belowTarget} is a condition on the joined row and is not part of
	 * this.
	 */
	Condition scope(Field<Long> siteId, Field<Long> itemId) {
		List<Condition> conditions = new ArrayList<>();
		if (this.area != null) {
			long areaId = GlobalId.decode(this.area, "Place");
			conditions.add(siteId.in(DSL.select(SITE.ID).from(SITE).where(Areas.within(SITE.PLACE_ID, areaId))));
		}
		if (this.site != null) {
			conditions.add(siteId.eq(GlobalId.decode(this.site, "Site")));
		}
		if (this.categories != null) {
			conditions.add(itemId.in(DSL.select(SUPPLY_ITEM.ID)
				.from(SUPPLY_ITEM)
				.where(SUPPLY_ITEM.CATEGORY.in(this.categories.stream().map(Enum::name).toList()))));
		}
		if (this.items != null) {
			conditions.add(itemId.in(this.items.stream().map((id) -> GlobalId.decode(id, "SupplyItem")).toList()));
		}
		return DSL.and(conditions);
	}

}
