package org.epigrid.coldchain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** A downstream movement of a released batch from one site to another. */
public record ColdChainMovement(long id, long batchId, long fromSiteId, long toSiteId, BigDecimal quantityKg,
		OffsetDateTime movedAt, @Nullable Long handlerPersonId) {

}
