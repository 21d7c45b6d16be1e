package org.epigrid.sentinels;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import org.epigrid.people.Person;
import org.epigrid.support.Connection;
import org.epigrid.support.GlobalId;
import org.epigrid.support.NotFoundException;
import org.epigrid.support.PageRequest;
import org.epigrid.testing.Campaign;

import static org.epigrid.support.Batches.mapEach;

/**
 * Reads of mass-testing campaigns: the list, coverage per grid, who is still untested.
 */
@Controller
class CampaignController {

	private final CampaignQueries queries;

	CampaignController(CampaignQueries queries) {
		this.queries = queries;
	}

	@QueryMapping
	Connection<Campaign> campaigns(@Argument @Nullable CampaignFilter filter, @Argument @Nullable Integer first,
			@Argument @Nullable String after) {
		return this.queries.campaigns((filter != null) ? filter : CampaignFilter.NONE, PageRequest.of(first, after));
	}

	@QueryMapping
	Connection<GridCoverage> campaignCoverage(@Argument String campaign, @Argument @Nullable Integer first,
			@Argument @Nullable String after) {
		PageRequest page = PageRequest.of(first, after);
		return this.queries.coverage(find(campaign), page);
	}

	@QueryMapping
	Connection<Person> campaignUntestedResidents(@Argument String campaign, @Argument @Nullable String grid,
			@Argument @Nullable Integer first, @Argument @Nullable String after) {
		PageRequest page = PageRequest.of(first, after);
		Long within = (grid != null) ? GlobalId.decode(grid, "Place") : null;
		return this.queries.untestedResidents(find(campaign), within, page);
	}

	@QueryMapping
	CampaignProgress campaignProgress(@Argument String campaign) {
		long id = find(campaign).id();
		return this.queries.progressOf(List.of(id)).get(id);
	}

	@BatchMapping(typeName = "Campaign")
	Map<Campaign, CampaignProgress> progress(List<Campaign> campaigns) {
		Map<Long, CampaignProgress> progress = this.queries
			.progressOf(campaigns.stream().map(Campaign::id).distinct().toList());
		return mapEach(campaigns, (campaign) -> progress.get(campaign.id()));
	}

	private Campaign find(String campaign) {
		return this.queries.campaign(GlobalId.decode(campaign, "Campaign"))
			.orElseThrow(() -> NotFoundException.of("Campaign", campaign));
	}

}
