package org.epigrid.analytics;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

import org.epigrid.places.Place;
import org.epigrid.testing.SampleKind;
import org.epigrid.testing.SamplePurpose;

/**
 * Testing figures of one time bucket (and group), over the samples collected in it.
 *
 * @param start start of the bucket, in the analytics time zone
 * @param end end of the bucket (exclusive)
 * @param groupKey the group: child area global id, purpose or kind; null without groupBy
 * @param groupLabel the group for people: "name (code)" of the child area, the purpose or
 * kind
 * @param childAreaId the child area (CHILD_AREA grouping)
 * @param purpose the purpose (PURPOSE grouping)
 * @param kind the kind (KIND grouping)
 * @param collected samples collected
 * @param resulted of those, with a result now
 * @param positives of those, positive
 * @param positivity positives / resulted, null without results
 * @param turnaroundP50Minutes median collected-to-resulted time, in minutes
 * @param turnaroundP90Minutes 90th percentile of collected-to-resulted time, in minutes
 * @param overdue of the samples, still without a result past their due time now
 * @param slaBreaches of the samples, resulted after their due time
 * @param childArea the child area itself (CHILD_AREA grouping, when asked for)
 */
public record TestingStatsBucket(OffsetDateTime start, OffsetDateTime end, @Nullable String groupKey,
		@Nullable String groupLabel, @Nullable Long childAreaId, @Nullable SamplePurpose purpose,
		@Nullable SampleKind kind, int collected, int resulted, int positives, @Nullable Double positivity,
		@Nullable Double turnaroundP50Minutes, @Nullable Double turnaroundP90Minutes, int overdue, int slaBreaches,
		@Nullable Place childArea) {

	/** The same bucket, with its child area. */
	TestingStatsBucket withChildArea(@Nullable Place place) {
		return new TestingStatsBucket(this.start, this.end, this.groupKey, this.groupLabel, this.childAreaId,
				this.purpose, this.kind, this.collected, this.resulted, this.positives, this.positivity,
				this.turnaroundP50Minutes, this.turnaroundP90Minutes, this.overdue, this.slaBreaches, place);
	}

}
