package org.epigrid.sentinels;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.places.Areas;
import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.DRUG_SALE;
import static org.epigrid.jooq.Tables.SITE;

/**
 * The {@code DrugSaleFilter} input. {@code from}/{@code to} are plain conditions on the
 * partition key, so PostgreSQL reads only the months they span.
 */
record DrugSaleFilter(@Nullable String area, @Nullable String pharmacy, @Nullable String person,
		@Nullable List<DrugCategory> categories, @Nullable List<DrugSaleFollowUpStatus> followUpStatuses,
		@Nullable OffsetDateTime from, @Nullable OffsetDateTime to) {

	static final DrugSaleFilter NONE = new DrugSaleFilter(null, null, null, null, null, null, null);

	Condition toCondition() {
		List<Condition> conditions = new ArrayList<>();
		if (this.area != null) {
			long areaId = GlobalId.decode(this.area, "Place");
			conditions.add(DRUG_SALE.PHARMACY_SITE_ID
				.in(DSL.select(SITE.ID).from(SITE).where(Areas.within(SITE.PLACE_ID, areaId))));
		}
		if (this.pharmacy != null) {
			conditions.add(DRUG_SALE.PHARMACY_SITE_ID.eq(GlobalId.decode(this.pharmacy, "Site")));
		}
		if (this.person != null) {
			conditions.add(DRUG_SALE.PERSON_ID.eq(GlobalId.decode(this.person, "Person")));
		}
		if (this.categories != null) {
			conditions.add(DRUG_SALE.DRUG_CATEGORY.in(this.categories.stream().map(Enum::name).toList()));
		}
		if (this.followUpStatuses != null) {
			conditions.add(DRUG_SALE.FOLLOW_UP_STATUS.in(this.followUpStatuses.stream().map(Enum::name).toList()));
		}
		if (this.from != null) {
			conditions.add(DRUG_SALE.SOLD_AT.ge(this.from));
		}
		if (this.to != null) {
			conditions.add(DRUG_SALE.SOLD_AT.lt(this.to));
		}
		return DSL.and(conditions);
	}

}
