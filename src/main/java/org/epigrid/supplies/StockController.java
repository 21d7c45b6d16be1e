package org.epigrid.supplies;

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

import org.epigrid.places.Site;
import org.epigrid.support.Connection;
import org.epigrid.support.NodeLoader;
import org.epigrid.support.PageRequest;

import static org.epigrid.support.Batches.distinctIds;
import static org.epigrid.support.Batches.mapEach;

/** Reads of supply items, stock levels and the stock ledger. */
@Controller
class StockController {

	private static final String MOVEMENTS_LOADER = "StockLevel.movements";

	private final StockQueries queries;

	StockController(StockQueries queries, BatchLoaderRegistry registry) {
		this.queries = queries;
		// StockLevel.movements takes an argument, which @BatchMapping cannot: batch by
		// (site, item, first), one statement per distinct first in the request.
		registry.<MovementsKey, List<StockMovement>>forName(MOVEMENTS_LOADER)
			.registerMappedBatchLoader((keys, env) -> Mono.fromCallable(() -> movementsFor(keys)));
	}

	@QueryMapping
	Connection<StockLevel> stock(@Argument @Nullable StockFilter filter, @Argument @Nullable Integer first,
			@Argument @Nullable String after) {
		return this.queries.stock((filter != null) ? filter : StockFilter.NONE, PageRequest.of(first, after));
	}

	@QueryMapping
	Connection<SupplyItem> supplyItems(@Argument @Nullable SupplyItemFilter filter, @Argument @Nullable Integer first,
			@Argument @Nullable String after) {
		return this.queries.supplyItems((filter != null) ? filter : SupplyItemFilter.NONE,
				PageRequest.of(first, after));
	}

	@BatchMapping(typeName = "StockLevel", field = "site")
	Map<StockLevel, Site> levelSite(List<StockLevel> levels) {
		Map<Long, Site> sites = this.queries.sitesById(distinctIds(levels, StockLevel::siteId));
		return mapEach(levels, (level) -> sites.get(level.siteId()));
	}

	@BatchMapping(typeName = "StockLevel", field = "item")
	Map<StockLevel, SupplyItem> levelItem(List<StockLevel> levels) {
		Map<Long, SupplyItem> items = this.queries.supplyItemsById(distinctIds(levels, StockLevel::itemId));
		return mapEach(levels, (level) -> items.get(level.itemId()));
	}

	@BatchMapping(typeName = "StockLevel")
	Map<StockLevel, List<StockLot>> lots(List<StockLevel> levels) {
		Map<StockKey, List<StockLot>> lots = this.queries.lotsOf(levels.stream().map(StockKey::of).distinct().toList());
		return mapEach(levels, (level) -> lots.getOrDefault(StockKey.of(level), List.of()));
	}

	@SchemaMapping(typeName = "StockLevel")
	CompletableFuture<List<StockMovement>> movements(StockLevel level, @Argument @Nullable Integer first,
			DataFetchingEnvironment environment) {
		int limit = PageRequest.of(first, null).first();
		DataLoader<MovementsKey, List<StockMovement>> loader = environment.getDataLoader(MOVEMENTS_LOADER);
		return loader.load(new MovementsKey(StockKey.of(level), limit));
	}

	@BatchMapping(typeName = "StockMovement", field = "site")
	Map<StockMovement, Site> movementSite(List<StockMovement> movements) {
		Map<Long, Site> sites = this.queries.sitesById(distinctIds(movements, StockMovement::siteId));
		return mapEach(movements, (movement) -> sites.get(movement.siteId()));
	}

	@BatchMapping(typeName = "StockMovement", field = "counterpartSite")
	Map<StockMovement, Site> counterpartSite(List<StockMovement> movements) {
		List<Long> ids = distinctIds(movements, StockMovement::counterpartSiteId);
		Map<Long, Site> sites = ids.isEmpty() ? Map.of() : this.queries.sitesById(ids);
		return mapEach(movements,
				(movement) -> (movement.counterpartSiteId() != null) ? sites.get(movement.counterpartSiteId()) : null);
	}

	@BatchMapping(typeName = "StockMovement", field = "item")
	Map<StockMovement, SupplyItem> movementItem(List<StockMovement> movements) {
		Map<Long, SupplyItem> items = this.queries.supplyItemsById(distinctIds(movements, StockMovement::itemId));
		return mapEach(movements, (movement) -> items.get(movement.itemId()));
	}

	private Map<MovementsKey, List<StockMovement>> movementsFor(Collection<MovementsKey> keys) {
		Map<MovementsKey, List<StockMovement>> result = new HashMap<>();
		keys.stream().collect(Collectors.groupingBy(MovementsKey::limit)).forEach((limit, groupKeys) -> {
			Map<StockKey, List<StockMovement>> movements = this.queries
				.movementsOf(groupKeys.stream().map(MovementsKey::stock).distinct().toList(), limit);
			groupKeys.forEach((key) -> result.put(key, movements.getOrDefault(key.stock(), List.of())));
		});
		return result;
	}

	record MovementsKey(StockKey stock, int limit) {
	}

	/** {@code node(id:)} for supply items and stock movements. */
	@Configuration(proxyBeanMethods = false)
	static class Nodes {

		@Bean
		NodeLoader supplyItemNodes(StockQueries queries) {
			return NodeLoader.of("SupplyItem", queries::supplyItem);
		}

		@Bean
		NodeLoader stockMovementNodes(StockQueries queries) {
			return NodeLoader.of("StockMovement", queries::movement);
		}

	}

}
