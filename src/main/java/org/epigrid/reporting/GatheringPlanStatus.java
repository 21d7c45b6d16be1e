package org.epigrid.reporting;

/**
 * Where a gathering's prevention plan stands: NOT_REQUIRED, or REQUIRED › SUBMITTED ›
 * APPROVED | REJECTED (a rejected plan is submitted again).
 */
public enum GatheringPlanStatus {

	NOT_REQUIRED, REQUIRED, SUBMITTED, APPROVED, REJECTED;

	/** A plan is required and not (yet) approved. */
	boolean needsPlan() {
		return this == REQUIRED || this == SUBMITTED || this == REJECTED;
	}

}
