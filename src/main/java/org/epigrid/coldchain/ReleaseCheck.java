package org.epigrid.coldchain;

import java.util.ArrayList;
import java.util.List;

/**
 * What a batch has towards its release (批批覆盖: disinfected, tested negative, nothing
 * positive or pending), counted in SQL.
 */
record ReleaseCheck(ColdChainBatchStatus status, int disinfections, int negatives, int positives, int pending) {

	static final String NO_DISINFECTION = "no disinfection record";

	static final String NO_NEGATIVE = "no negative test result";

	static final String POSITIVE = "a positive result exists";

	static final String PENDING = "results pending";

	/** What stands between the batch and its release; empty when it can be released. */
	List<String> blockers() {
		List<String> blockers = new ArrayList<>();
		if (this.status != ColdChainBatchStatus.HELD) {
			blockers.add("the batch is " + this.status + "; only a HELD batch can be released");
		}
		if (this.disinfections == 0) {
			blockers.add(NO_DISINFECTION);
		}
		if (this.negatives == 0) {
			blockers.add(NO_NEGATIVE);
		}
		if (this.positives > 0) {
			blockers.add(POSITIVE);
		}
		if (this.pending > 0) {
			blockers.add(PENDING);
		}
		return blockers;
	}

	boolean releasable() {
		return blockers().isEmpty();
	}

}
