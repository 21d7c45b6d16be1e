package org.epigrid.coldchain;

/** Where a cold-chain batch stands: HELD › RELEASED › RECALLED, or HELD › DESTROYED. */
public enum ColdChainBatchStatus {

	HELD, RELEASED, DESTROYED, RECALLED

}
