package org.epigrid.coldchain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** An imported cold-chain batch, as the API shows it. */
public record ColdChainBatch(long id, String batchNo, String product, String originCountry,
		@Nullable String portOfEntry, BigDecimal quantityKg, long warehouseSiteId, OffsetDateTime arrivedAt,
		ColdChainBatchStatus status, @Nullable OffsetDateTime releasedAt, @Nullable String closedReason,
		@Nullable OffsetDateTime closedAt, int version) {

}
