package org.epigrid.supplies;

import java.util.List;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import org.epigrid.supplies.SupplyInputs.AdjustStockInput;
import org.epigrid.supplies.SupplyInputs.CreateSupplyItemInput;
import org.epigrid.supplies.SupplyInputs.ExpireStockInput;
import org.epigrid.supplies.SupplyInputs.ExpireStockPayload;
import org.epigrid.supplies.SupplyInputs.IssueStockInput;
import org.epigrid.supplies.SupplyInputs.Moved;
import org.epigrid.supplies.SupplyInputs.ReceiveStockInput;
import org.epigrid.supplies.SupplyInputs.RecordConsumptionInput;
import org.epigrid.supplies.SupplyInputs.RemoveStockRequirementInput;
import org.epigrid.supplies.SupplyInputs.SetStockRequirementInput;
import org.epigrid.supplies.SupplyInputs.StockMovedPayload;
import org.epigrid.supplies.SupplyInputs.StockRequirementPayload;
import org.epigrid.supplies.SupplyInputs.SupplyItemPayload;
import org.epigrid.supplies.SupplyInputs.TransferStockInput;
import org.epigrid.supplies.SupplyInputs.TransferStockPayload;
import org.epigrid.supplies.SupplyInputs.UpdateSupplyItemInput;
import org.epigrid.support.Actor;
import org.epigrid.support.Payloads;

/** Writes of the supply catalogue, the stock ledger and stock requirements. */
@Controller
class SupplyMutations {

	private final SupplyService service;

	SupplyMutations(SupplyService service) {
		this.service = service;
	}

	@MutationMapping
	SupplyItemPayload createSupplyItem(@Argument CreateSupplyItemInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new SupplyItemPayload(this.service.createSupplyItem(input, actor), List.of()),
				(errors) -> new SupplyItemPayload(null, errors));
	}

	@MutationMapping
	SupplyItemPayload updateSupplyItem(@Argument UpdateSupplyItemInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new SupplyItemPayload(this.service.updateSupplyItem(input, actor), List.of()),
				(errors) -> new SupplyItemPayload(null, errors));
	}

	@MutationMapping
	StockMovedPayload receiveStock(@Argument ReceiveStockInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> StockMovedPayload.of(this.service.receiveStock(input, actor)),
				StockMovedPayload::refused);
	}

	@MutationMapping
	StockMovedPayload issueStock(@Argument IssueStockInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> StockMovedPayload.of(this.service.issueStock(input, actor)),
				StockMovedPayload::refused);
	}

	@MutationMapping
	StockMovedPayload recordConsumption(@Argument RecordConsumptionInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> StockMovedPayload.of(this.service.recordConsumption(input, actor)),
				StockMovedPayload::refused);
	}

	@MutationMapping
	StockMovedPayload adjustStock(@Argument AdjustStockInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> StockMovedPayload.of(this.service.adjustStock(input, actor)),
				StockMovedPayload::refused);
	}

	@MutationMapping
	TransferStockPayload transferStock(@Argument TransferStockInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> {
			Moved moved = this.service.transferStock(input, actor);
			return new TransferStockPayload(moved.levels().get(0), moved.levels().get(1), moved.movements().get(0),
					moved.movements().get(1), List.of());
		}, (errors) -> new TransferStockPayload(null, null, null, null, errors));
	}

	@MutationMapping
	ExpireStockPayload expireStock(@Argument ExpireStockInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> {
			Moved moved = this.service.expireStock(input, actor);
			return new ExpireStockPayload(moved.levels(), moved.movements(), List.of());
		}, (errors) -> new ExpireStockPayload(List.of(), List.of(), errors));
	}

	@MutationMapping
	StockRequirementPayload setStockRequirement(@Argument SetStockRequirementInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(
				() -> new StockRequirementPayload(this.service.setStockRequirement(input, actor), List.of()),
				(errors) -> new StockRequirementPayload(null, errors));
	}

	@MutationMapping
	StockRequirementPayload removeStockRequirement(@Argument RemoveStockRequirementInput input) {
		return Payloads.attempt(
				() -> new StockRequirementPayload(this.service.removeStockRequirement(input), List.of()),
				(errors) -> new StockRequirementPayload(null, errors));
	}

}
