package org.epigrid.people;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

import org.epigrid.places.RiskLevel;

/** An arrival in the city (来(返)人员), with the origin's risk level at arrival. */
public record TravelRecord(long id, long personId, String originAreaCode, String originName, RiskLevel originRiskLevel,
		@Nullable OffsetDateTime departedAt, OffsetDateTime arrivedAt, TransportMode transport,
		@Nullable String transportNumber, long destinationPlaceId, DetectionChannel detectedVia) {

}
