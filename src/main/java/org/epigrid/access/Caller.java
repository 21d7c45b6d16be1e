package org.epigrid.access;

import org.jspecify.annotations.Nullable;

/**
 * The authenticated caller of a request: an API key (or token) with its role and area.
 *
 * @param keyId database id of the API key
 * @param name key name (the actor written into audit columns)
 * @param role the key's role
 * @param area place id whose subtree is the scope; null = the whole city
 * @param rateLimit requests per rate-limit window; null = the configured default
 */
public record Caller(long keyId, String name, Role role, @Nullable Long area, @Nullable Integer rateLimit) {

	/** Request attribute and GraphQL context key. */
	public static final String KEY = "epigrid.caller";

	/** Whether this caller only sees its area subtree. */
	public boolean scoped() {
		return this.area != null && this.role.scoped();
	}

}
