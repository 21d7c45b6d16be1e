package org.epigrid.testing;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** A pooled tube (混检), as the API shows it. */
public record Pool(long id, String barcode, int size, @Nullable Long collectionSiteId, @Nullable Long labSiteId,
		OffsetDateTime openedAt, @Nullable OffsetDateTime closedAt, @Nullable OffsetDateTime receivedAt,
		@Nullable SampleResult result, @Nullable OffsetDateTime resultedAt) {

}
