package org.epigrid.sentinels;

import java.util.List;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import org.epigrid.sentinels.SentinelInputs.CampaignPayload;
import org.epigrid.sentinels.SentinelInputs.CloseDrugSaleFollowUpInput;
import org.epigrid.sentinels.SentinelInputs.CreateCampaignInput;
import org.epigrid.sentinels.SentinelInputs.LinkFeverClinicSampleInput;
import org.epigrid.sentinels.SentinelInputs.RecordDrugSaleInput;
import org.epigrid.sentinels.SentinelInputs.RecordFeverClinicVisitInput;
import org.epigrid.sentinels.SentinelInputs.SalePayload;
import org.epigrid.sentinels.SentinelInputs.VisitPayload;
import org.epigrid.support.Actor;
import org.epigrid.support.Payloads;

/** Writes of campaigns, fever-clinic visits and drug sales. */
@Controller
class SentinelMutations {

	private final SentinelService service;

	SentinelMutations(SentinelService service) {
		this.service = service;
	}

	@MutationMapping
	CampaignPayload createCampaign(@Argument CreateCampaignInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new CampaignPayload(this.service.createCampaign(input, actor), List.of()),
				(errors) -> new CampaignPayload(null, errors));
	}

	@MutationMapping
	VisitPayload recordFeverClinicVisit(@Argument RecordFeverClinicVisitInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new VisitPayload(this.service.recordFeverClinicVisit(input, actor), List.of()),
				(errors) -> new VisitPayload(null, errors));
	}

	@MutationMapping
	VisitPayload linkFeverClinicSample(@Argument LinkFeverClinicSampleInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new VisitPayload(this.service.linkFeverClinicSample(input, actor), List.of()),
				(errors) -> new VisitPayload(null, errors));
	}

	@MutationMapping
	SalePayload recordDrugSale(@Argument RecordDrugSaleInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new SalePayload(this.service.recordDrugSale(input, actor), List.of()),
				(errors) -> new SalePayload(null, errors));
	}

	@MutationMapping
	SalePayload closeDrugSaleFollowUp(@Argument CloseDrugSaleFollowUpInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new SalePayload(this.service.closeDrugSaleFollowUp(input, actor), List.of()),
				(errors) -> new SalePayload(null, errors));
	}

}
