package org.epigrid.people;

import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.epigrid.support.ErrorCode;
import org.epigrid.support.RuleViolation;
import org.epigrid.support.UserError;

/** Checks shared by the people services. Messages never contain personal data. */
final class Rules {

	private Rules() {
	}

	/** Text of 1 to {@code max} characters (after trimming). */
	static void requireText(@Nullable String value, int max, String what, String field, List<UserError> errors) {
		if (value == null || value.isBlank() || value.strip().length() > max) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, what + " has 1 to " + max + " characters", field));
		}
	}

	/** An instant that has happened (not after {@code now}). */
	static void requirePast(@Nullable OffsetDateTime value, OffsetDateTime now, String what, String field,
			List<UserError> errors) {
		if (value != null && value.isAfter(now)) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, what + " cannot be in the future", field));
		}
	}

	/**
	 * The row was not updated: it is gone (NOT_FOUND) or someone changed it (CONFLICT).
	 */
	static void checkUpdated(int updated, boolean exists, String what) {
		if (updated == 0) {
			throw exists ? conflict(what) : notFound(what, "input.id");
		}
	}

	static void checkVersion(int actual, int expected, String what) {
		if (actual != expected) {
			throw conflict(what);
		}
	}

	static RuleViolation conflict(String what) {
		return new RuleViolation(ErrorCode.CONFLICT,
				"the " + what + " was changed by someone else since you read it; reload and try again",
				"input.expectedVersion");
	}

	static RuleViolation notFound(String what, String field) {
		return new RuleViolation(ErrorCode.NOT_FOUND, "no such " + what, field);
	}

	static @Nullable String strippedOrNull(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value.strip() : null;
	}

}
