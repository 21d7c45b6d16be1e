package org.epigrid.people;

import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.epigrid.support.UserError;

/** Inputs and payloads of the case and contact mutations. */
final class CaseInputs {

	private CaseInputs() {
	}

	record ReportCaseInput(String person, CaseClassification classification, OffsetDateTime diagnosedAt,
			@Nullable String reportingSite) {
	}

	record ReviewCaseInput(String id, int expectedVersion, ReviewLevel level, @Nullable OffsetDateTime reviewedAt) {
	}

	record ReclassifyCaseInput(String id, int expectedVersion, CaseClassification classification) {
	}

	record RecordContactInput(String source, String contact, ContactDegree degree, OffsetDateTime exposureAt,
			@Nullable String exposureSite, @Nullable ExposureSetting exposureSetting,
			@Nullable OffsetDateTime identifiedAt) {
	}

	record MarkContactTracedInput(String id, int expectedVersion, @Nullable OffsetDateTime tracedAt) {
	}

	record CaseReportPayload(@Nullable CaseReport caseReport, List<UserError> errors) {
	}

	record ContactPayload(@Nullable Contact contact, List<UserError> errors) {
	}

}
