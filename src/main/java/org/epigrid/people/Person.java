package org.epigrid.people;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.epigrid.privacy.Sealed;

/**
 * A person, as the API shows them. Holds personal data: never log it. The ID number and
 * phone stay encrypted as stored until their GraphQL fields are resolved
 * ({@code PersonController#idNumber}, {@code PersonController#phone}).
 */
public record Person(long id, Sealed sealedIdNumber, String fullName, Sex sex, LocalDate birthDate,
		@Nullable Sealed sealedPhone, @Nullable Long residencePlaceId, @Nullable String address,
		List<PersonCategory> categories, HealthCodeColour healthCode, OffsetDateTime healthCodeChangedAt) {

	@Override
	public String toString() {
		return "Person[id=" + this.id + "]";
	}

}
