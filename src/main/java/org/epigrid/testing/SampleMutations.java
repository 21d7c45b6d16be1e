package org.epigrid.testing;

import java.util.List;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import org.epigrid.support.Actor;
import org.epigrid.support.Payloads;
import org.epigrid.testing.SampleInputs.ClosePoolInput;
import org.epigrid.testing.SampleInputs.ClosePoolPayload;
import org.epigrid.testing.SampleInputs.CollectSampleInput;
import org.epigrid.testing.SampleInputs.CollectSamplePayload;
import org.epigrid.testing.SampleInputs.ReceiveSamplesInput;
import org.epigrid.testing.SampleInputs.ReceiveSamplesPayload;
import org.epigrid.testing.SampleInputs.ReportResultInput;
import org.epigrid.testing.SampleInputs.ReportResultPayload;
import org.epigrid.testing.SampleInputs.ReportResultsInput;
import org.epigrid.testing.SampleInputs.ReportResultsPayload;

/** Writes of samples, pools and results. */
@Controller
class SampleMutations {

	private final SampleService service;

	SampleMutations(SampleService service) {
		this.service = service;
	}

	@MutationMapping
	CollectSamplePayload collectSample(@Argument CollectSampleInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new CollectSamplePayload(this.service.collectSample(input, actor), List.of()),
				(errors) -> new CollectSamplePayload(null, errors));
	}

	@MutationMapping
	ClosePoolPayload closePool(@Argument ClosePoolInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new ClosePoolPayload(this.service.closePool(input, actor), List.of()),
				(errors) -> new ClosePoolPayload(null, errors));
	}

	@MutationMapping
	ReceiveSamplesPayload receiveSamples(@Argument ReceiveSamplesInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> this.service.receiveSamples(input, actor),
				(errors) -> new ReceiveSamplesPayload(List.of(), List.of(), errors));
	}

	@MutationMapping
	ReportResultPayload reportResult(@Argument ReportResultInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> this.service.reportResult(input, actor),
				(errors) -> new ReportResultPayload(null, null, false, errors));
	}

	@MutationMapping
	ReportResultsPayload reportResults(@Argument ReportResultsInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> this.service.reportResults(input, actor), ReportResultsPayload::refused);
	}

}
