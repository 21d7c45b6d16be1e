package org.epigrid.analytics;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Vaccination of the residents of an area.
 *
 * @param people residents
 * @param vaccinated with at least one dose
 * @param fullyVaccinated with the full course
 * ({@code epigrid.analytics.fully-vaccinated-doses})
 * @param coverage fullyVaccinated / people, null without residents
 * @param categories the same per priority group (a person counts in each of their
 * categories)
 */
public record VaccinationCoverage(int people, int vaccinated, int fullyVaccinated, @Nullable Double coverage,
		List<CategoryVaccinationCoverage> categories) {

}
