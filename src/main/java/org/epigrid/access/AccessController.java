package org.epigrid.access;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import org.epigrid.access.AccessInputs.AuditLogFilter;
import org.epigrid.access.AccessInputs.CreateApiKeyInput;
import org.epigrid.access.AccessInputs.CreateApiKeyPayload;
import org.epigrid.access.AccessInputs.RevokeApiKeyPayload;
import org.epigrid.support.Actor;
import org.epigrid.support.Connection;
import org.epigrid.support.ErrorCode;
import org.epigrid.support.GlobalId;
import org.epigrid.support.PageRequest;
import org.epigrid.support.Payloads;
import org.epigrid.support.UserError;

/** Key management and the audit log; the access matrix allows both to ADMIN only. */
@Controller
class AccessController {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

	private final ApiKeys keys;

	private final AuditQueries audit;

	AccessController(ApiKeys keys, AuditQueries audit) {
		this.keys = keys;
		this.audit = audit;
	}

	@QueryMapping
	List<ApiKey> apiKeys() {
		return this.keys.list();
	}

	@MutationMapping
	CreateApiKeyPayload createApiKey(@Argument CreateApiKeyInput input, @ContextValue(Actor.KEY) Actor actor) {
		List<UserError> errors = new ArrayList<>();
		if (!NAME.matcher(input.name()).matches()) {
			errors
				.add(new UserError(ErrorCode.INVALID_VALUE, "Name must be 1 to 64 letters, digits or . _ @ -", "name"));
		}
		if (input.rateLimit() != null && input.rateLimit() <= 0) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "Rate limit must be positive", "rateLimit"));
		}
		Long area = null;
		if (input.area() != null) {
			area = GlobalId.decode(input.area(), "Place");
			if (!this.keys.placeExists(area)) {
				errors.add(new UserError(ErrorCode.NOT_FOUND, "No such place", "area"));
			}
		}
		if (!errors.isEmpty()) {
			return new CreateApiKeyPayload(null, null, errors);
		}
		String key = ApiKeys.newKey();
		Long scope = area;
		return Payloads.attempt(
				() -> new CreateApiKeyPayload(this.keys.create(input.name(), input.role(), scope, input.rateLimit(),
						input.expiresAt(), key, actor.name()), key, List.of()),
				(refused) -> new CreateApiKeyPayload(null, null, refused));
	}

	@MutationMapping
	RevokeApiKeyPayload revokeApiKey(@Argument String id) {
		long keyId = GlobalId.decode(id, "ApiKey");
		return this.keys.revoke(keyId)
			.map((key) -> new RevokeApiKeyPayload(key, List.of()))
			.orElseGet(() -> new RevokeApiKeyPayload(null,
					List.of(new UserError(ErrorCode.NOT_FOUND, "No such API key", "id"))));
	}

	@SchemaMapping(typeName = "ApiKey")
	@Nullable String area(ApiKey key) {
		return (key.areaPlaceId() != null) ? GlobalId.encode("Place", key.areaPlaceId()) : null;
	}

	@QueryMapping
	Connection<AuditEntry> auditLog(@Argument @Nullable AuditLogFilter filter, @Argument @Nullable Integer first,
			@Argument @Nullable String after) {
		return this.audit.auditLog(filter, PageRequest.of(first, after));
	}

	@SchemaMapping(typeName = "AuditEntry")
	List<String> personIds(AuditEntry entry) {
		return entry.personIds().stream().map((id) -> GlobalId.encode("Person", id)).toList();
	}

}
