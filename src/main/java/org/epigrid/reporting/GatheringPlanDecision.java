package org.epigrid.reporting;

/** The decision on a submitted prevention plan. */
public enum GatheringPlanDecision {

	APPROVED, REJECTED

}
