package org.epigrid.sentinels;

/** How a PENDING drug-sale follow-up is closed. */
public enum DrugSaleFollowUpOutcome {

	TESTED, CLEARED

}
