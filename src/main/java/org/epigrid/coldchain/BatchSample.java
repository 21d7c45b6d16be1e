package org.epigrid.coldchain;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * A sample taken from a cold-chain batch. A view of a {@code sample} row of the testing
 * feature, until its {@code Sample} type can be reached from here.
 */
public record BatchSample(long id, long batchId, String barcode, PackageSpecimen specimen, OffsetDateTime collectedAt,
		@Nullable OffsetDateTime receivedAt, OffsetDateTime dueAt, @Nullable PackageSampleResult result,
		@Nullable OffsetDateTime resultedAt, @Nullable Long labSiteId) {

	/** Whether the result is still pending after its deadline. */
	public boolean overdue() {
		return this.result == null && this.dueAt.isBefore(OffsetDateTime.now());
	}

}
