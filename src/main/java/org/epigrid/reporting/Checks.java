package org.epigrid.reporting;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.epigrid.support.ErrorCode;
import org.epigrid.support.RuleViolation;
import org.epigrid.support.UserError;

/** Input checks the reporting services share. */
final class Checks {

	/**
	 * Times a little ahead of the server's clock still count as "now": clients' clocks
	 * drift.
	 */
	static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

	private Checks() {
	}

	/** Required text of at most {@code max} characters, not blank. */
	static void requireText(@Nullable String value, int max, String field, String what, List<UserError> errors) {
		if (value == null || value.isBlank() || value.strip().length() > max) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, what + " has 1 to " + max + " characters", field));
		}
	}

	/** Optional text of at most {@code max} characters; blank is none. */
	static @Nullable String optionalText(@Nullable String value, int max, String field, String what,
			List<UserError> errors) {
		if (value == null || value.isBlank()) {
			return null;
		}
		if (value.strip().length() > max) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, what + " has at most " + max + " characters", field));
		}
		return value.strip();
	}

	static void notInFuture(OffsetDateTime value, String field, String what, List<UserError> errors) {
		if (value.isAfter(OffsetDateTime.now().plus(CLOCK_SKEW))) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, what + " cannot be in the future", field));
		}
	}

	static void notNegative(int value, String field, String what, List<UserError> errors) {
		if (value < 0) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, what + " cannot be negative", field));
		}
	}

	/** The row must exist and still be at the version the client read. */
	static void checkVersion(@Nullable Integer actual, int expected, String what) {
		if (actual == null) {
			throw new RuleViolation(ErrorCode.NOT_FOUND, "no such " + what, "input.id");
		}
		if (actual != expected) {
			throw new RuleViolation(ErrorCode.CONFLICT,
					"the " + what + " was changed by someone else since you read it; reload and try again",
					"input.expectedVersion");
		}
	}

}
