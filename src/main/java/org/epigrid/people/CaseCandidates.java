package org.epigrid.people;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.support.Actor;

/**
 * Raises a SUSPECTED case for a positive result (R8 › R10): the entry point for the
 * testing feature when a person's sample turns positive. Idempotent: no new case while
 * the person has one that is not EXCLUDED.
 */
@Service
@Transactional
public class CaseCandidates {

	private static final Actor SYSTEM = new Actor("system");

	private final CaseService cases;

	private final PersonHistoryQueries history;

	private final PeopleClock clock;

	CaseCandidates(CaseService cases, PersonHistoryQueries history, PeopleClock clock) {
		this.cases = cases;
		this.history = history;
		this.clock = clock;
	}

	/**
	 * Raises a suspected case diagnosed when the result came out and reported now, with
	 * the report and review deadlines of the policy.
	 * @param personId the person whose sample is positive
	 * @param sampleId the positive sample, kept on the case
	 * @param resultedAt when the result came out
	 * @return the new case, or empty when the person already has a case that is not
	 * EXCLUDED
	 */
	public Optional<CaseReport> raise(long personId, long sampleId, OffsetDateTime resultedAt) {
		this.cases.lockPerson(personId, "personId");
		if (this.cases.openCase(personId).isPresent()) {
			return Optional.empty();
		}
		OffsetDateTime now = this.clock.now();
		OffsetDateTime diagnosedAt = resultedAt.isAfter(now) ? now : resultedAt;
		long id = this.cases.insert(personId, CaseClassification.SUSPECTED, null, diagnosedAt, now, sampleId, SYSTEM);
		return this.history.caseReport(id);
	}

	/**
	 * Raises, in a few statements whatever their number, what {@link #raise} would raise
	 * for each positive in turn: one suspected case per person, from that person's first
	 * positive in the list, and none for a person who already has a case that is not
	 * EXCLUDED; the same deadlines and times. The people are locked in id order.
	 * @param positives positive results, in the order they were reported
	 * @return the ids of the new cases
	 */
	public List<Long> raiseAll(List<Positive> positives) {
		if (positives.isEmpty()) {
			return List.of();
		}
		Map<Long, Positive> firstOfPerson = new LinkedHashMap<>();
		for (Positive positive : positives) {
			firstOfPerson.putIfAbsent(positive.personId(), positive);
		}
		this.cases.lockPeople(firstOfPerson.keySet(), "personId");
		return this.cases.insertCandidates(List.copyOf(firstOfPerson.values()), this.clock.now(), SYSTEM);
	}

	/**
	 * A positive result of a person's sample.
	 *
	 * @param personId the person whose sample is positive
	 * @param sampleId the positive sample, kept on the case
	 * @param resultedAt when the result came out
	 */
	public record Positive(long personId, long sampleId, OffsetDateTime resultedAt) {
	}

}
