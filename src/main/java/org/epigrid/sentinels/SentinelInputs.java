package org.epigrid.sentinels;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.epigrid.people.Symptom;
import org.epigrid.support.UserError;
import org.epigrid.testing.Campaign;

/** Inputs and payloads of the campaign, fever-clinic and drug-sale mutations. */
final class SentinelInputs {

	private SentinelInputs() {
	}

	record CreateCampaignInput(String name, String area, LocalDate startsOn, LocalDate endsOn) {
	}

	record RecordFeverClinicVisitInput(String site, String person, OffsetDateTime visitedAt, double temperature,
			@Nullable List<Symptom> symptoms) {
	}

	record LinkFeverClinicSampleInput(String visit, String barcode) {
	}

	record RecordDrugSaleInput(String pharmacy, String person, DrugCategory drugCategory, String drugName, int quantity,
			@Nullable OffsetDateTime soldAt) {
	}

	record CloseDrugSaleFollowUpInput(String sale, DrugSaleFollowUpOutcome outcome, @Nullable String sampleBarcode,
			@Nullable String reason) {
	}

	record CampaignPayload(@Nullable Campaign campaign, List<UserError> errors) {
	}

	record VisitPayload(@Nullable FeverClinicVisit visit, List<UserError> errors) {
	}

	record SalePayload(@Nullable DrugSale sale, List<UserError> errors) {
	}

}
