package org.epigrid.support;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Runs a mutation and turns refusals into payload errors: a {@link RuleViolation} thrown
 * by the service, or a constraint the database refused (unique key, check, foreign key).
 * The service's transaction has rolled back by then, so the database is as it was.
 */
public final class Payloads {

	private static final Pattern CONSTRAINT = Pattern.compile("constraint \"([a-z0-9_]+)\"");

	private Payloads() {
	}

	public static <P> P attempt(Supplier<P> mutation, Function<List<UserError>, P> refused) {
		try {
			return mutation.get();
		}
		catch (RuleViolation ex) {
			return refused.apply(ex.errors());
		}
		catch (OptimisticLockingFailureException ex) {
			return refused.apply(List.of(UserError.of(ErrorCode.CONFLICT,
					"the record was changed by someone else since you read it; reload and try again")));
		}
		catch (RuntimeException ex) {
			UserError error = fromConstraint(ex);
			if (error == null) {
				throw ex;
			}
			return refused.apply(List.of(error));
		}
	}

	/**
	 * A constraint violation reported by PostgreSQL, as a user error naming the
	 * constraint.
	 */
	static @Nullable UserError fromConstraint(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
				String constraint = constraintName(sql);
				ErrorCode code = switch (sql.getSQLState()) {
					case "23505" -> ErrorCode.DUPLICATE;
					case "23503" -> ErrorCode.NOT_FOUND;
					case "23P01" -> ErrorCode.CONFLICT;
					default -> ErrorCode.INVALID_VALUE;
				};
				String message = MESSAGES.getOrDefault(constraint, "refused by the rule " + constraint);
				return new UserError(code, message, null);
			}
		}
		return null;
	}

	private static String constraintName(SQLException ex) {
		if (ex instanceof org.postgresql.util.PSQLException psql && psql.getServerErrorMessage() != null
				&& psql.getServerErrorMessage().getConstraint() != null) {
			return psql.getServerErrorMessage().getConstraint();
		}
		Matcher matcher = CONSTRAINT.matcher(String.valueOf(ex.getMessage()));
		return matcher.find() ? matcher.group(1) : "unknown";
	}

	/** Messages for constraints users meet; the rest are named by their constraint. */
	private static final Map<String, String> MESSAGES = Map.ofEntries(
			Map.entry("place_code_unique", "a place with this code exists"),
			Map.entry("site_venue_code_unique", "a site with this venue code exists"),
			Map.entry("person_id_number_hash_unique", "a person with this ID number is registered"),
			Map.entry("sample_barcode_unique", "a sample with this barcode exists"),
			Map.entry("pool_barcode_unique", "a pool with this barcode exists"),
			Map.entry("supply_item_code_unique", "a supply item with this code exists"),
			Map.entry("cold_chain_batch_no_unique", "a batch with this number is registered"),
			Map.entry("daily_report_one_per_day", "this institution has already reported for that day"),
			Map.entry("vaccination_one_per_dose", "this dose is already recorded for the person"),
			Map.entry("risk_designation_no_overlap",
					"the area already has a designation in force for part of this period"),
			Map.entry("control_measure_one_active_per_person", "the person is already under an active control measure"),
			Map.entry("control_measure_one_person_per_room", "the room is occupied"),
			Map.entry("stock_balance_on_hand_not_negative", "not enough stock on hand"),
			Map.entry("contact_unique_edge", "this contact is already recorded"),
			Map.entry("grid_staff_unique_role", "the person already has this role in this place"),
			Map.entry("place_parent_one_level_up", "the parent must be exactly one level up"));

}
