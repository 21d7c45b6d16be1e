package org.epigrid.coldchain;

import java.util.List;

/**
 * Where a batch went and who handled it, as ids found in one statement; the sites and
 * people are loaded in batches.
 *
 * @param batchId the batch
 * @param siteIds the warehouse, then every movement destination in the order first
 * reached
 * @param handlerIds every movement handler in the order they first handled it
 */
public record BatchTrace(long batchId, List<Long> siteIds, List<Long> handlerIds) {

	public int siteCount() {
		return this.siteIds.size();
	}

	public int handlerCount() {
		return this.handlerIds.size();
	}

}
