package org.epigrid.testing;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import org.epigrid.people.CaseCandidates;
import org.epigrid.people.CaseCandidates.Positive;

/**
 * A positive individual result raises a case candidate (R8, R10): a SUSPECTED case of
 * that person, in the same transaction as the result, unless the person already has a
 * case that is not EXCLUDED. All the positives of a batch are raised in one statement.
 */
@Component
class PositiveCases {

	private final CaseCandidates candidates;

	PositiveCases(CaseCandidates candidates) {
		this.candidates = candidates;
	}

	@EventListener
	void positiveResults(PositiveResults positives) {
		this.candidates.raiseAll(positives.results()
			.stream()
			.map((result) -> new Positive(result.personId(), result.sampleId(), result.resultedAt()))
			.toList());
	}

}
