package org.epigrid.people;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** A daily health check (temperature and symptoms) of a person under a measure. */
public record HealthCheck(long id, long personId, @Nullable Long measureId, LocalDate checkedOn,
		OffsetDateTime checkedAt, double temperature, List<Symptom> symptoms, String checkedBy) {

	/**
	 * Fever threshold of the national screening guidelines (体温≥37.3℃): at or above it a
	 * check needs attention.
	 */
	public static final double FEVER_FROM = 37.3;

	/** A fever or any symptom: the person needs a doctor's attention. */
	public boolean needsAttention() {
		return this.temperature >= FEVER_FROM || !this.symptoms.isEmpty();
	}

}
