package org.epigrid.people;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** A case report (直报) with its three-level review deadlines. */
public record CaseReport(long id, long personId, CaseClassification classification, @Nullable Long reportingSiteId,
		OffsetDateTime diagnosedAt, OffsetDateTime reportDueAt, @Nullable OffsetDateTime reportedAt,
		OffsetDateTime countyReviewDueAt, @Nullable OffsetDateTime countyReviewedAt, OffsetDateTime cityReviewDueAt,
		@Nullable OffsetDateTime cityReviewedAt, OffsetDateTime provinceReviewDueAt,
		@Nullable OffsetDateTime provinceReviewedAt, @Nullable Long sourceSampleId, int version) {

}
