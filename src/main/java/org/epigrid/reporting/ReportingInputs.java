package org.epigrid.reporting;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.epigrid.support.UserError;

/** Inputs and payloads of the reporting and governance mutations. */
final class ReportingInputs {

	private ReportingInputs() {
	}

	// daily reports (R14)

	record SubmitDailyReportInput(String site, @Nullable LocalDate reportDate, boolean zeroReport,
			@Nullable Integer feverCount, @Nullable Integer suspectedCount, @Nullable Integer absentCount,
			@Nullable String notes) {
	}

	record CorrectDailyReportInput(String id, int expectedVersion, @Nullable Boolean zeroReport,
			@Nullable Integer feverCount, @Nullable Integer suspectedCount, @Nullable Integer absentCount,
			@Nullable String notes) {
	}

	record DailyReportPayload(@Nullable DailyReport dailyReport, List<UserError> errors) {
	}

	// inspections (R15)

	record RecordInspectionInput(@Nullable String site, @Nullable String place, @Nullable OffsetDateTime inspectedAt,
			String inspector, String finding, InspectionSeverity severity, LocalDate rectificationDueOn,
			@Nullable Boolean publiclyNamed) {
	}

	record RecordRectificationInput(String id, int expectedVersion, String note, @Nullable OffsetDateTime rectifiedAt) {
	}

	record VerifyRectificationInput(String id, int expectedVersion) {
	}

	record InspectionPayload(@Nullable Inspection inspection, List<UserError> errors) {
	}

	// vaccinations (R16)

	record RecordVaccinationInput(String person, int doseNumber, String product, String lot, String site,
			@Nullable OffsetDateTime vaccinatedAt) {
	}

	record RecordAdverseReactionInput(String vaccination, OffsetDateTime onsetAt, AdverseReactionSeverity severity,
			String description) {
	}

	record VaccinationPayload(@Nullable Vaccination vaccination, List<UserError> errors) {
	}

	record AdverseReactionPayload(@Nullable AdverseReaction adverseReaction, List<UserError> errors) {
	}

	// gatherings (R17)

	record RegisterGatheringInput(String name, String organizer, String place, @Nullable String site,
			OffsetDateTime startsAt, OffsetDateTime endsAt, int expectedAttendance) {
	}

	record SubmitGatheringPlanInput(String id, int expectedVersion) {
	}

	record DecideGatheringPlanInput(String id, int expectedVersion, GatheringPlanDecision decision) {
	}

	record GatheringPayload(@Nullable Gathering gathering, List<UserError> errors) {
	}

}
