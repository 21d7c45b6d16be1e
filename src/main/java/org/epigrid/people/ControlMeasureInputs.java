package org.epigrid.people;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.epigrid.support.UserError;

/** Inputs and payloads of the control-measure and health-check mutations. */
final class ControlMeasureInputs {

	private ControlMeasureInputs() {
	}

	record AssignControlMeasureInput(String person, ControlMeasureKind kind, ControlMeasureReason reason,
			@Nullable String site, @Nullable LocalDate plannedReleaseOn) {
	}

	record StartTransferInput(String id, int expectedVersion) {
	}

	record CheckInInput(String id, int expectedVersion, @Nullable String site, @Nullable String room) {
	}

	record ReleaseFromQuarantineInput(String id, int expectedVersion) {
	}

	record CancelControlMeasureInput(String id, int expectedVersion, String reason) {
	}

	record RecordHealthCheckInput(String measure, @Nullable OffsetDateTime checkedAt, double temperature,
			@Nullable List<Symptom> symptoms) {
	}

	record ControlMeasurePayload(@Nullable ControlMeasure controlMeasure, List<UserError> errors) {
	}

	/**
	 * A recorded health check; {@code needsAttention} when the temperature is at or above
	 * the fever threshold or any symptom was found.
	 */
	record RecordHealthCheckPayload(@Nullable HealthCheck healthCheck, @Nullable Boolean needsAttention,
			List<UserError> errors) {
	}

}
