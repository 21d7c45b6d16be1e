package org.epigrid.access;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** An API key as ADMIN sees it: never the key itself, only its hash is stored. */
public record ApiKey(long id, String name, Role role, @Nullable Long areaPlaceId, @Nullable Integer rateLimit,
		@Nullable OffsetDateTime expiresAt, @Nullable OffsetDateTime revokedAt, OffsetDateTime createdAt,
		String createdBy) {

}
