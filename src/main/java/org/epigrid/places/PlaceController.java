package org.epigrid.places;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

import org.epigrid.support.Connection;
import org.epigrid.support.GlobalId;
import org.epigrid.support.NodeLoader;
import org.epigrid.support.NotFoundException;
import org.epigrid.support.PageRequest;

import static org.epigrid.support.Batches.distinctIds;
import static org.epigrid.support.Batches.listEach;
import static org.epigrid.support.Batches.mapEach;

/** Reads of places, sites and risk designations. */
@Controller
class PlaceController {

	private static final String SITES_LOADER = "Place.sites";

	private final PlaceQueries queries;

	PlaceController(PlaceQueries queries, BatchLoaderRegistry registry) {
		this.queries = queries;
		// Place.sites takes arguments, which @BatchMapping cannot: batch by (place, type,
		// first),
		// one statement per distinct (type, first) in the request.
		registry.<SitesKey, List<Site>>forName(SITES_LOADER)
			.registerMappedBatchLoader((keys, env) -> Mono.fromCallable(() -> sitesFor(keys)));
	}

	@QueryMapping
	Connection<Place> places(@Argument @Nullable PlaceFilter filter, @Argument @Nullable Integer first,
			@Argument @Nullable String after) {
		return this.queries.places((filter != null) ? filter : PlaceFilter.NONE, PageRequest.of(first, after));
	}

	@QueryMapping
	Place place(@Argument String id) {
		return this.queries.place(GlobalId.decode(id, "Place")).orElseThrow(() -> NotFoundException.of("Place", id));
	}

	@QueryMapping
	Place placeByCode(@Argument String code) {
		return this.queries.placeByCode(code)
			.orElseThrow(() -> new NotFoundException("no Place with code '" + abbreviate(code) + "'"));
	}

	@QueryMapping
	Connection<Site> sites(@Argument @Nullable SiteFilter filter, @Argument @Nullable Integer first,
			@Argument @Nullable String after) {
		return this.queries.sites((filter != null) ? filter : SiteFilter.NONE, PageRequest.of(first, after));
	}

	@BatchMapping
	Map<Place, Place> parent(List<Place> places) {
		Map<Long, Place> parents = this.queries.placesById(distinctIds(places, Place::parentId));
		return mapEach(places, (place) -> (place.parentId() != null) ? parents.get(place.parentId()) : null);
	}

	@BatchMapping
	Map<Place, List<Place>> children(List<Place> places) {
		return listEach(places, Place::id, this.queries.childrenOf(ids(places)));
	}

	@BatchMapping
	Map<Place, List<Place>> ancestors(List<Place> places) {
		return listEach(places, Place::id, this.queries.ancestorsOf(ids(places)));
	}

	@BatchMapping
	Map<Place, RiskLevel> riskLevel(List<Place> places) {
		Map<Long, RiskLevel> levels = this.queries.riskLevelsOf(ids(places));
		return mapEach(places, (place) -> levels.getOrDefault(place.id(), RiskLevel.NONE));
	}

	@BatchMapping
	Map<Place, List<RiskDesignation>> riskDesignations(List<Place> places) {
		return listEach(places, Place::id, this.queries.designationsOf(ids(places)));
	}

	@SchemaMapping(typeName = "Place")
	CompletableFuture<List<Site>> sites(Place place, @Argument @Nullable SiteType type,
			@Argument @Nullable Integer first, DataFetchingEnvironment environment) {
		int limit = PageRequest.of(first, null).first();
		DataLoader<SitesKey, List<Site>> loader = environment.getDataLoader(SITES_LOADER);
		return loader.load(new SitesKey(place.id(), type, limit));
	}

	@BatchMapping(typeName = "Site")
	Map<Site, Place> place(List<Site> sites) {
		Map<Long, Place> places = this.queries.placesById(distinctIds(sites, Site::placeId));
		return mapEach(sites, (site) -> places.get(site.placeId()));
	}

	private Map<SitesKey, List<Site>> sitesFor(Collection<SitesKey> keys) {
		Map<SitesKey, List<Site>> result = new HashMap<>();
		keys.stream()
			.collect(Collectors.groupingBy((key) -> new SitesKey(0, key.type(), key.limit())))
			.forEach((group, groupKeys) -> {
				Map<Long, List<Site>> sites = this.queries
					.sitesWithin(groupKeys.stream().map(SitesKey::placeId).toList(), group.type(), group.limit());
				groupKeys.forEach((key) -> result.put(key, sites.getOrDefault(key.placeId(), List.of())));
			});
		return result;
	}

	private static List<Long> ids(List<Place> places) {
		return places.stream().map(Place::id).toList();
	}

	private static String abbreviate(String value) {
		return (value.length() > 40) ? value.substring(0, 40) + "…" : value;
	}

	record SitesKey(long placeId, @Nullable SiteType type, int limit) {
	}

	/** {@code node(id:)} for places, sites and risk designations. */
	@Configuration(proxyBeanMethods = false)
	static class Nodes {

		@Bean
		NodeLoader placeNodes(PlaceQueries queries) {
			return NodeLoader.of("Place", queries::place);
		}

		@Bean
		NodeLoader siteNodes(PlaceQueries queries) {
			return NodeLoader.of("Site", queries::site);
		}

		@Bean
		NodeLoader riskDesignationNodes(PlaceQueries queries) {
			return NodeLoader.of("RiskDesignation", queries::designation);
		}

		@Bean
		NodeLoader gridStaffNodes(PlaceQueries queries) {
			return NodeLoader.of("GridStaff", queries::gridStaff);
		}

	}

}
