package org.epigrid.people;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.epigrid.places.RiskLevel;
import org.epigrid.support.UserError;

/**
 * Inputs and payloads of the person, health-code and travel mutations. Inputs holding
 * personal data hide it in {@code toString}.
 */
final class PersonInputs {

	private PersonInputs() {
	}

	record RegisterPersonInput(String idNumber, String fullName, @Nullable Sex sex, @Nullable LocalDate birthDate,
			@Nullable String phone, @Nullable String residence, @Nullable String address,
			@Nullable List<PersonCategory> categories) {

		@Override
		public String toString() {
			return "RegisterPersonInput[residence=" + this.residence + ", categories=" + this.categories + "]";
		}

	}

	record UpdatePersonInput(String id, int expectedVersion, @Nullable String fullName, @Nullable String phone,
			@Nullable String residence, @Nullable String address) {

		@Override
		public String toString() {
			return "UpdatePersonInput[id=" + this.id + ", expectedVersion=" + this.expectedVersion + "]";
		}

	}

	record SetPersonCategoriesInput(String id, int expectedVersion, List<PersonCategory> categories) {
	}

	record ChangeHealthCodeInput(String person, int expectedVersion, HealthCodeColour colour, String reason) {
	}

	record RecordTravelInput(String person, String originAreaCode, String originName,
			@Nullable OffsetDateTime departedAt, OffsetDateTime arrivedAt, TransportMode transport,
			@Nullable String transportNumber, String destination, DetectionChannel detectedVia) {
	}

	record PersonPayload(@Nullable Person person, List<UserError> errors) {
	}

	record ChangeHealthCodePayload(@Nullable Person person, @Nullable HealthCodeEvent event, List<UserError> errors) {
	}

	/**
	 * A recorded arrival: the travel record, the origin's risk level derived at arrival,
	 * the control measure assigned because of it (if any) and the person as they are now.
	 */
	record RecordTravelPayload(@Nullable TravelRecord travel, @Nullable RiskLevel originRiskLevel,
			@Nullable ControlMeasure controlMeasure, @Nullable Person person, List<UserError> errors) {

		static RecordTravelPayload refused(List<UserError> errors) {
			return new RecordTravelPayload(null, null, null, null, errors);
		}

	}

}
