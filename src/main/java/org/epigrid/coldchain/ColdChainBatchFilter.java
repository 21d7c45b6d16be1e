package org.epigrid.coldchain;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.places.Areas;
import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.COLD_CHAIN_BATCH;
import static org.epigrid.jooq.Tables.SITE;

/** The {@code ColdChainBatchFilter} input. */
record ColdChainBatchFilter(@Nullable String area, @Nullable List<ColdChainBatchStatus> statuses,
		@Nullable String warehouse, @Nullable OffsetDateTime arrivedFrom, @Nullable OffsetDateTime arrivedTo,
		@Nullable Boolean awaitingTest) {

	static final ColdChainBatchFilter NONE = new ColdChainBatchFilter(null, null, null, null, null, null);

	Condition toCondition() {
		List<Condition> conditions = new ArrayList<>();
		if (this.area != null) {
			long areaId = GlobalId.decode(this.area, "Place");
			conditions.add(COLD_CHAIN_BATCH.WAREHOUSE_SITE_ID
				.in(DSL.select(SITE.ID).from(SITE).where(Areas.within(SITE.PLACE_ID, areaId))));
		}
		if (this.statuses != null) {
			conditions.add(COLD_CHAIN_BATCH.STATUS.in(this.statuses.stream().map(Enum::name).toList()));
		}
		if (this.warehouse != null) {
			conditions.add(COLD_CHAIN_BATCH.WAREHOUSE_SITE_ID.eq(GlobalId.decode(this.warehouse, "Site")));
		}
		if (this.arrivedFrom != null) {
			conditions.add(COLD_CHAIN_BATCH.ARRIVED_AT.ge(this.arrivedFrom));
		}
		if (this.arrivedTo != null) {
			conditions.add(COLD_CHAIN_BATCH.ARRIVED_AT.lt(this.arrivedTo));
		}
		if (this.awaitingTest != null) {
			Condition awaiting = COLD_CHAIN_BATCH.STATUS.eq(ColdChainBatchStatus.HELD.name())
				.and(BatchSamples.awaitingTest(COLD_CHAIN_BATCH.ID));
			conditions.add(this.awaitingTest ? awaiting : DSL.not(awaiting));
		}
		return DSL.and(conditions);
	}

}
