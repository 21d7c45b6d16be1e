package org.epigrid.testing;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * A sample, as the API shows it.
 *
 * @param siteId the site swabbed (environmental samples only)
 * @param overdue pending past its deadline, as the database saw it when reading the row
 */
public record Sample(long id, String barcode, SampleKind kind, Specimen specimen, SamplePurpose purpose,
		@Nullable Long personId, @Nullable Long batchId, @Nullable Long siteId, long placeId, @Nullable Long poolId,
		@Nullable Long campaignId, @Nullable Long retestOfId, @Nullable Long collectionSiteId, @Nullable Long labSiteId,
		OffsetDateTime collectedAt, @Nullable OffsetDateTime receivedAt, @Nullable OffsetDateTime resultedAt,
		OffsetDateTime dueAt, @Nullable SampleResult result, @Nullable Double ctValue, boolean overdue) {

	public SampleSubject subjectKind() {
		if (this.personId != null) {
			return SampleSubject.PERSON;
		}
		return (this.batchId != null) ? SampleSubject.COLD_CHAIN_BATCH : SampleSubject.ENVIRONMENT;
	}

	/** Whole minutes from collection to result; null while pending. */
	public @Nullable Integer turnaroundMinutes() {
		return (this.resultedAt != null) ? (int) Duration.between(this.collectedAt, this.resultedAt).toMinutes() : null;
	}

}
