package org.epigrid.testing;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.places.Areas;
import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.SAMPLE;

/** The {@code SampleFilter} input. */
record SampleFilter(@Nullable String area, @Nullable List<SamplePurpose> purposes, @Nullable List<SampleKind> kinds,
		@Nullable List<SampleResult> results, @Nullable Boolean pending, @Nullable OffsetDateTime collectedFrom,
		@Nullable OffsetDateTime collectedTo, @Nullable Boolean overdue, @Nullable String person, @Nullable String pool,
		@Nullable String campaign, @Nullable String lab) {

	static final SampleFilter NONE = new SampleFilter(null, null, null, null, null, null, null, null, null, null, null,
			null);

	Condition toCondition() {
		List<Condition> conditions = new ArrayList<>();
		if (this.area != null) {
			conditions.add(Areas.within(SAMPLE.PLACE_ID, GlobalId.decode(this.area, "Place")));
		}
		if (this.purposes != null) {
			conditions.add(SAMPLE.PURPOSE.in(names(this.purposes)));
		}
		if (this.kinds != null) {
			conditions.add(SAMPLE.KIND.in(names(this.kinds)));
		}
		if (this.results != null) {
			conditions.add(SAMPLE.RESULT.in(names(this.results)));
		}
		if (this.pending != null) {
			conditions.add(this.pending ? SAMPLE.RESULT.isNull() : SAMPLE.RESULT.isNotNull());
		}
		if (this.collectedFrom != null) {
			conditions.add(SAMPLE.COLLECTED_AT.ge(this.collectedFrom));
		}
		if (this.collectedTo != null) {
			conditions.add(SAMPLE.COLLECTED_AT.lt(this.collectedTo));
		}
		if (this.overdue != null) {
			Condition overdue = SampleQueries.overdue(SAMPLE);
			conditions.add(this.overdue ? overdue : DSL.not(overdue));
		}
		if (this.person != null) {
			conditions.add(SAMPLE.PERSON_ID.eq(GlobalId.decode(this.person, "Person")));
		}
		if (this.pool != null) {
			conditions.add(SAMPLE.POOL_ID.eq(GlobalId.decode(this.pool, "Pool")));
		}
		if (this.campaign != null) {
			conditions.add(SAMPLE.CAMPAIGN_ID.eq(GlobalId.decode(this.campaign, "Campaign")));
		}
		if (this.lab != null) {
			conditions.add(SAMPLE.LAB_SITE_ID.eq(GlobalId.decode(this.lab, "Site")));
		}
		return DSL.and(conditions);
	}

	private static List<String> names(List<? extends Enum<?>> values) {
		return values.stream().map(Enum::name).toList();
	}

}
