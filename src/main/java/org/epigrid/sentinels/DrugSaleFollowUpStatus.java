package org.epigrid.sentinels;

/** Where the follow-up of a drug sale stands: PENDING › TESTED or CLEARED. */
public enum DrugSaleFollowUpStatus {

	PENDING, TESTED, CLEARED

}
