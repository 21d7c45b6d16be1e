package org.epigrid.people;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** A daily health check (temperature and symptoms) of a person under a measure. */
public record HealthCheck(long id, long personId, @Nullable Long measureId, LocalDate checkedOn,
		OffsetDateTime checkedAt, double temperature, List<Symptom> symptoms, String checkedBy) {

}
