package org.epigrid.access;

import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.epigrid.support.UserError;

/** Inputs and payloads of the key mutations and the audit-log filter. */
final class AccessInputs {

	private AccessInputs() {
	}

	record CreateApiKeyInput(String name, Role role, @Nullable String area, @Nullable Integer rateLimit,
			@Nullable OffsetDateTime expiresAt) {
	}

	record CreateApiKeyPayload(@Nullable ApiKey apiKey, @Nullable String key, List<UserError> errors) {
	}

	record RevokeApiKeyPayload(@Nullable ApiKey apiKey, List<UserError> errors) {
	}

	record AuditLogFilter(@Nullable String actor, @Nullable Role role, @Nullable String operation,
			@Nullable String person, @Nullable OffsetDateTime from, @Nullable OffsetDateTime to) {
	}

}
