package org.epigrid.supplies;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** One entry of the append-only stock ledger. */
public record StockMovement(long id, long siteId, long itemId, String lot, StockMovementKind kind, BigDecimal quantity,
		OffsetDateTime occurredAt, @Nullable Long counterpartSiteId, @Nullable String reference) {

}
