package org.epigrid.support;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Thrown inside a mutation's transaction when a rule refuses it; the transaction rolls
 * back and {@link Payloads} turns it into the payload's {@code errors}.
 */
public class RuleViolation extends RuntimeException {

	private final List<UserError> errors;

	public RuleViolation(List<UserError> errors) {
		super(errors.isEmpty() ? "rule violated" : errors.get(0).message());
		this.errors = List.copyOf(errors);
	}

	public RuleViolation(ErrorCode code, String message, @Nullable String field) {
		this(List.of(new UserError(code, message, field)));
	}

	public RuleViolation(ErrorCode code, String message) {
		this(code, message, null);
	}

	/** Throws when any errors were collected: the common end of input validation. */
	public static void throwIfAny(List<UserError> errors) {
		if (!errors.isEmpty()) {
			throw new RuleViolation(errors);
		}
	}

	public List<UserError> errors() {
		return this.errors;
	}

}
