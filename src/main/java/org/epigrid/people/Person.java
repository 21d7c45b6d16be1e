package org.epigrid.people;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** A person, as the API shows them. Holds personal data: never log it. */
public record Person(long id, String idNumber, String fullName, Sex sex, LocalDate birthDate, @Nullable String phone,
		@Nullable Long residencePlaceId, @Nullable String address, List<PersonCategory> categories,
		HealthCodeColour healthCode, OffsetDateTime healthCodeChangedAt) {

	@Override
	public String toString() {
		return "Person[id=" + this.id + "]";
	}

}
