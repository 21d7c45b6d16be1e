package org.epigrid.testing;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import org.epigrid.people.CaseCandidates;

/**
 * A positive individual result raises a case candidate (R8, R10): a SUSPECTED case of
 * that person, in the same transaction as the result, unless the person already has a
 * case that is not EXCLUDED.
 */
@Component
class PositiveCases {

	private final CaseCandidates candidates;

	PositiveCases(CaseCandidates candidates) {
		this.candidates = candidates;
	}

	@EventListener
	void positiveResult(PositiveResult result) {
		this.candidates.raise(result.personId(), result.sampleId(), result.resultedAt());
	}

}
