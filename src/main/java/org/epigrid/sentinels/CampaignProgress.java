package org.epigrid.sentinels;

import org.jspecify.annotations.Nullable;

/**
 * Totals of a campaign over its area, as counted by the database.
 *
 * @param residents people whose residence is in the area
 * @param tested residents with a sample of the campaign
 * @param coverage {@code tested / residents}; null without residents
 */
public record CampaignProgress(long campaignId, int residents, int tested, @Nullable Double coverage) {

	public int untested() {
		return this.residents - this.tested;
	}

}
