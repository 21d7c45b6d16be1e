package org.epigrid.sentinels;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** A real-name drug sale and its follow-up, as the API shows it. */
public record DrugSale(long id, long pharmacySiteId, long personId, DrugCategory drugCategory, String drugName,
		int quantity, OffsetDateTime soldAt, DrugSaleFollowUpStatus followUpStatus,
		@Nullable OffsetDateTime followedUpAt, @Nullable Long followUpSampleId, @Nullable String followUpReason,
		int version) {

}
