package org.epigrid.analytics;

import org.jspecify.annotations.Nullable;

import org.epigrid.people.PersonCategory;

/**
 * Vaccination of the residents of an area in one priority group.
 *
 * @param category the group
 * @param people residents in it
 * @param vaccinated with at least one dose
 * @param fullyVaccinated with the full course
 * @param coverage fullyVaccinated / people
 */
public record CategoryVaccinationCoverage(PersonCategory category, int people, int vaccinated, int fullyVaccinated,
		@Nullable Double coverage) {

}
