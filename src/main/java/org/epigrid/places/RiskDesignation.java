package org.epigrid.places;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** A risk designation of an area for a period. */
public record RiskDesignation(long id, String areaCode, String areaName, RiskLevel level, OffsetDateTime effectiveFrom,
		@Nullable OffsetDateTime effectiveTo, String issuedBy) {

}
