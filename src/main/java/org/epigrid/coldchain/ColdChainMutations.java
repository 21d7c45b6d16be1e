package org.epigrid.coldchain;

import java.util.List;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import org.epigrid.coldchain.ColdChainInputs.BatchPayload;
import org.epigrid.coldchain.ColdChainInputs.CollectPackageSampleInput;
import org.epigrid.coldchain.ColdChainInputs.DestroyColdChainBatchInput;
import org.epigrid.coldchain.ColdChainInputs.DisinfectionPayload;
import org.epigrid.coldchain.ColdChainInputs.MovementPayload;
import org.epigrid.coldchain.ColdChainInputs.RecallColdChainBatchInput;
import org.epigrid.coldchain.ColdChainInputs.RecordColdChainMovementInput;
import org.epigrid.coldchain.ColdChainInputs.RecordDisinfectionInput;
import org.epigrid.coldchain.ColdChainInputs.RecordPackageSampleResultInput;
import org.epigrid.coldchain.ColdChainInputs.RegisterColdChainBatchInput;
import org.epigrid.coldchain.ColdChainInputs.ReleaseColdChainBatchInput;
import org.epigrid.coldchain.ColdChainInputs.SamplePayload;
import org.epigrid.support.Actor;
import org.epigrid.support.Payloads;

/** Writes of the cold-chain workflow (R12). */
@Controller
class ColdChainMutations {

	private final ColdChainService service;

	ColdChainMutations(ColdChainService service) {
		this.service = service;
	}

	@MutationMapping
	BatchPayload registerColdChainBatch(@Argument RegisterColdChainBatchInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new BatchPayload(this.service.registerBatch(input, actor), List.of()),
				(errors) -> new BatchPayload(null, errors));
	}

	@MutationMapping
	DisinfectionPayload recordDisinfection(@Argument RecordDisinfectionInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> this.service.recordDisinfection(input, actor),
				(errors) -> new DisinfectionPayload(null, null, errors));
	}

	@MutationMapping
	SamplePayload collectPackageSample(@Argument CollectPackageSampleInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> this.service.collectPackageSample(input, actor),
				(errors) -> new SamplePayload(null, null, errors));
	}

	@MutationMapping
	SamplePayload recordPackageSampleResult(@Argument RecordPackageSampleResultInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> this.service.recordPackageSampleResult(input, actor),
				(errors) -> new SamplePayload(null, null, errors));
	}

	@MutationMapping
	BatchPayload releaseColdChainBatch(@Argument ReleaseColdChainBatchInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new BatchPayload(this.service.releaseBatch(input, actor), List.of()),
				(errors) -> new BatchPayload(null, errors));
	}

	@MutationMapping
	BatchPayload destroyColdChainBatch(@Argument DestroyColdChainBatchInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new BatchPayload(this.service.destroyBatch(input, actor), List.of()),
				(errors) -> new BatchPayload(null, errors));
	}

	@MutationMapping
	BatchPayload recallColdChainBatch(@Argument RecallColdChainBatchInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new BatchPayload(this.service.recallBatch(input, actor), List.of()),
				(errors) -> new BatchPayload(null, errors));
	}

	@MutationMapping
	MovementPayload recordColdChainMovement(@Argument RecordColdChainMovementInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> this.service.recordMovement(input, actor),
				(errors) -> new MovementPayload(null, null, errors));
	}

}
