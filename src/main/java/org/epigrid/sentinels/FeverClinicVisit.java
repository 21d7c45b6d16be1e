package org.epigrid.sentinels;

import org.epigrid.people.Symptom;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A fever-clinic visit, as the API shows it.
 *
 * @param sampleId the sample taken for the visit; null until one is linked
 */
public record FeverClinicVisit(long id, long siteId, long personId, OffsetDateTime visitedAt,
		@Nullable Double temperature, List<Symptom> symptoms, @Nullable Long sampleId, int version) {

	/** Whether the visit got its test. */
	public boolean tested() {
		return this.sampleId != null;
	}

}
