package org.epigrid.reporting;

import java.util.List;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import org.epigrid.reporting.ReportingInputs.AdverseReactionPayload;
import org.epigrid.reporting.ReportingInputs.CorrectDailyReportInput;
import org.epigrid.reporting.ReportingInputs.DailyReportPayload;
import org.epigrid.reporting.ReportingInputs.DecideGatheringPlanInput;
import org.epigrid.reporting.ReportingInputs.GatheringPayload;
import org.epigrid.reporting.ReportingInputs.InspectionPayload;
import org.epigrid.reporting.ReportingInputs.RecordAdverseReactionInput;
import org.epigrid.reporting.ReportingInputs.RecordInspectionInput;
import org.epigrid.reporting.ReportingInputs.RecordRectificationInput;
import org.epigrid.reporting.ReportingInputs.RecordVaccinationInput;
import org.epigrid.reporting.ReportingInputs.RegisterGatheringInput;
import org.epigrid.reporting.ReportingInputs.SubmitDailyReportInput;
import org.epigrid.reporting.ReportingInputs.SubmitGatheringPlanInput;
import org.epigrid.reporting.ReportingInputs.VaccinationPayload;
import org.epigrid.reporting.ReportingInputs.VerifyRectificationInput;
import org.epigrid.support.Actor;
import org.epigrid.support.Payloads;

/** Writes of daily reports, inspections, vaccinations and gatherings. */
@Controller
class ReportingMutations {

	private final DailyReportService dailyReports;

	private final InspectionService inspections;

	private final VaccinationService vaccinations;

	private final GatheringService gatherings;

	ReportingMutations(DailyReportService dailyReports, InspectionService inspections, VaccinationService vaccinations,
			GatheringService gatherings) {
		this.dailyReports = dailyReports;
		this.inspections = inspections;
		this.vaccinations = vaccinations;
		this.gatherings = gatherings;
	}

	@MutationMapping
	DailyReportPayload submitDailyReport(@Argument SubmitDailyReportInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new DailyReportPayload(this.dailyReports.submit(input, actor), List.of()),
				(errors) -> new DailyReportPayload(null, errors));
	}

	@MutationMapping
	DailyReportPayload correctDailyReport(@Argument CorrectDailyReportInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new DailyReportPayload(this.dailyReports.correct(input, actor), List.of()),
				(errors) -> new DailyReportPayload(null, errors));
	}

	@MutationMapping
	InspectionPayload recordInspection(@Argument RecordInspectionInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new InspectionPayload(this.inspections.record(input, actor), List.of()),
				(errors) -> new InspectionPayload(null, errors));
	}

	@MutationMapping
	InspectionPayload recordRectification(@Argument RecordRectificationInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new InspectionPayload(this.inspections.rectify(input, actor), List.of()),
				(errors) -> new InspectionPayload(null, errors));
	}

	@MutationMapping
	InspectionPayload verifyRectification(@Argument VerifyRectificationInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new InspectionPayload(this.inspections.verify(input, actor), List.of()),
				(errors) -> new InspectionPayload(null, errors));
	}

	@MutationMapping
	VaccinationPayload recordVaccination(@Argument RecordVaccinationInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new VaccinationPayload(this.vaccinations.record(input, actor), List.of()),
				(errors) -> new VaccinationPayload(null, errors));
	}

	@MutationMapping
	AdverseReactionPayload recordAdverseReaction(@Argument RecordAdverseReactionInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(
				() -> new AdverseReactionPayload(this.vaccinations.recordAdverseReaction(input, actor), List.of()),
				(errors) -> new AdverseReactionPayload(null, errors));
	}

	@MutationMapping
	GatheringPayload registerGathering(@Argument RegisterGatheringInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new GatheringPayload(this.gatherings.register(input, actor), List.of()),
				(errors) -> new GatheringPayload(null, errors));
	}

	@MutationMapping
	GatheringPayload submitGatheringPlan(@Argument SubmitGatheringPlanInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new GatheringPayload(this.gatherings.submitPlan(input, actor), List.of()),
				(errors) -> new GatheringPayload(null, errors));
	}

	@MutationMapping
	GatheringPayload decideGatheringPlan(@Argument DecideGatheringPlanInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new GatheringPayload(this.gatherings.decidePlan(input, actor), List.of()),
				(errors) -> new GatheringPayload(null, errors));
	}

}
