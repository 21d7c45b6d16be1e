package org.epigrid.support;

import org.jspecify.annotations.Nullable;

/**
 * A business-rule refusal returned in a mutation payload: nothing was changed.
 *
 * @param code what kind of refusal
 * @param message what was wrong, for people (never containing personal data)
 * @param field the input field at fault, as a path like {@code input.barcode}, when one
 * is
 */
public record UserError(ErrorCode code, String message, @Nullable String field) {

	public static UserError of(ErrorCode code, String message) {
		return new UserError(code, message, null);
	}

}
