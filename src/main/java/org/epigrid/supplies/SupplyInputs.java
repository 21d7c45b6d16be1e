package org.epigrid.supplies;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.epigrid.support.UserError;

/** Inputs and payloads of the supply mutations. */
final class SupplyInputs {

	private SupplyInputs() {
	}

	record CreateSupplyItemInput(String code, String name, SupplyCategory category, String unit) {
	}

	record UpdateSupplyItemInput(String id, int expectedVersion, @Nullable String code, @Nullable String name,
			@Nullable SupplyCategory category, @Nullable String unit) {
	}

	record ReceiveStockInput(String site, String item, String lot, BigDecimal quantity, @Nullable LocalDate expiresOn,
			@Nullable String reference, @Nullable OffsetDateTime occurredAt) {
	}

	record IssueStockInput(String site, String item, String lot, BigDecimal quantity, String recipient,
			@Nullable String reference, @Nullable OffsetDateTime occurredAt) {
	}

	record TransferStockInput(String from, String to, String item, String lot, BigDecimal quantity,
			@Nullable String reference, @Nullable OffsetDateTime occurredAt) {
	}

	record RecordConsumptionInput(String site, String item, String lot, BigDecimal quantity, @Nullable String reference,
			@Nullable OffsetDateTime occurredAt) {
	}

	record AdjustStockInput(String site, String item, String lot, BigDecimal quantity, String reason,
			@Nullable OffsetDateTime occurredAt) {
	}

	record ExpireStockInput(String site, @Nullable String item, @Nullable String lot, @Nullable BigDecimal quantity,
			@Nullable LocalDate expiredBefore, @Nullable String reference, @Nullable OffsetDateTime occurredAt) {
	}

	record SetStockRequirementInput(String site, String item, BigDecimal fullLoadDailyUse,
			@Nullable Integer targetDays) {
	}

	record RemoveStockRequirementInput(String site, String item) {
	}

	/** What a ledger operation did: the movements it appended and the levels after. */
	record Moved(List<StockMovement> movements, List<StockLevel> levels) {
	}

	record SupplyItemPayload(@Nullable SupplyItem item, List<UserError> errors) {
	}

	record StockMovedPayload(@Nullable StockLevel stockLevel, @Nullable StockMovement movement,
			List<UserError> errors) {

		static StockMovedPayload of(Moved moved) {
			return new StockMovedPayload(moved.levels().get(0), moved.movements().get(0), List.of());
		}

		static StockMovedPayload refused(List<UserError> errors) {
			return new StockMovedPayload(null, null, errors);
		}

	}

	record TransferStockPayload(@Nullable StockLevel source, @Nullable StockLevel destination,
			@Nullable StockMovement outgoing, @Nullable StockMovement incoming, List<UserError> errors) {

	}

	record ExpireStockPayload(List<StockLevel> stockLevels, List<StockMovement> movements, List<UserError> errors) {
	}

	record StockRequirementPayload(@Nullable StockLevel stockLevel, List<UserError> errors) {
	}

}
