package org.epigrid.coldchain;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import org.epigrid.people.Person;
import org.epigrid.places.Site;
import org.epigrid.support.Connection;
import org.epigrid.support.GlobalId;
import org.epigrid.support.NodeLoader;
import org.epigrid.support.NotFoundException;
import org.epigrid.support.PageRequest;

import static org.epigrid.support.Batches.distinctIds;
import static org.epigrid.support.Batches.listEach;
import static org.epigrid.support.Batches.mapEach;

/** Reads of cold-chain batches, their disinfections, samples, movements and trace. */
@Controller
class ColdChainController {

	private final ColdChainQueries queries;

	private final BatchSamples samples;

	ColdChainController(ColdChainQueries queries, BatchSamples samples) {
		this.queries = queries;
		this.samples = samples;
	}

	@QueryMapping
	Connection<ColdChainBatch> coldChainBatches(@Argument @Nullable ColdChainBatchFilter filter,
			@Argument @Nullable Integer first, @Argument @Nullable String after) {
		return this.queries.batches((filter != null) ? filter : ColdChainBatchFilter.NONE,
				PageRequest.of(first, after));
	}

	@QueryMapping
	ColdChainBatch coldChainBatch(@Argument String id) {
		return this.queries.batch(GlobalId.decode(id, "ColdChainBatch"))
			.orElseThrow(() -> NotFoundException.of("ColdChainBatch", id));
	}

	@QueryMapping
	ColdChainBatch coldChainBatchByNumber(@Argument String batchNo) {
		return this.queries.batchByNumber(batchNo)
			.orElseThrow(() -> new NotFoundException("no ColdChainBatch with number '" + abbreviate(batchNo) + "'"));
	}

	@BatchMapping(typeName = "ColdChainBatch")
	Map<ColdChainBatch, Site> warehouse(List<ColdChainBatch> batches) {
		Map<Long, Site> sites = this.queries.sitesById(distinctIds(batches, ColdChainBatch::warehouseSiteId));
		return mapEach(batches, (batch) -> sites.get(batch.warehouseSiteId()));
	}

	@BatchMapping(typeName = "ColdChainBatch")
	Map<ColdChainBatch, List<Disinfection>> disinfections(List<ColdChainBatch> batches) {
		return listEach(batches, ColdChainBatch::id, this.queries.disinfectionsOf(ids(batches)));
	}

	@BatchMapping(typeName = "ColdChainBatch")
	Map<ColdChainBatch, List<ColdChainMovement>> movements(List<ColdChainBatch> batches) {
		return listEach(batches, ColdChainBatch::id, this.queries.movementsOf(ids(batches)));
	}

	@BatchMapping(typeName = "ColdChainBatch")
	Map<ColdChainBatch, List<BatchSample>> samples(List<ColdChainBatch> batches) {
		return listEach(batches, ColdChainBatch::id, this.samples.samplesOf(ids(batches)));
	}

	@BatchMapping(typeName = "ColdChainBatch")
	Map<ColdChainBatch, Boolean> releasable(List<ColdChainBatch> batches) {
		Map<Long, ReleaseCheck> checks = this.queries.releaseChecksOf(ids(batches));
		return mapEach(batches, (batch) -> checks.get(batch.id()).releasable());
	}

	@BatchMapping(typeName = "ColdChainBatch")
	Map<ColdChainBatch, List<String>> releaseBlockers(List<ColdChainBatch> batches) {
		Map<Long, ReleaseCheck> checks = this.queries.releaseChecksOf(ids(batches));
		return mapEach(batches, (batch) -> checks.get(batch.id()).blockers());
	}

	@BatchMapping(typeName = "ColdChainBatch")
	Map<ColdChainBatch, BatchTrace> trace(List<ColdChainBatch> batches) {
		Map<Long, BatchTrace> traces = this.queries.tracesOf(ids(batches));
		return mapEach(batches, (batch) -> traces.get(batch.id()));
	}

	@BatchMapping(typeName = "ColdChainMovement", field = "from")
	Map<ColdChainMovement, Site> movementFrom(List<ColdChainMovement> movements) {
		Map<Long, Site> sites = this.queries.sitesById(distinctIds(movements, ColdChainMovement::fromSiteId));
		return mapEach(movements, (movement) -> sites.get(movement.fromSiteId()));
	}

	@BatchMapping(typeName = "ColdChainMovement", field = "to")
	Map<ColdChainMovement, Site> movementTo(List<ColdChainMovement> movements) {
		Map<Long, Site> sites = this.queries.sitesById(distinctIds(movements, ColdChainMovement::toSiteId));
		return mapEach(movements, (movement) -> sites.get(movement.toSiteId()));
	}

	@BatchMapping(typeName = "ColdChainMovement")
	Map<ColdChainMovement, Person> handler(List<ColdChainMovement> movements) {
		Map<Long, Person> people = peopleById(distinctIds(movements, ColdChainMovement::handlerPersonId));
		return mapEach(movements,
				(movement) -> (movement.handlerPersonId() != null) ? people.get(movement.handlerPersonId()) : null);
	}

	@BatchMapping(typeName = "BatchSample")
	Map<BatchSample, Site> lab(List<BatchSample> samples) {
		List<Long> ids = distinctIds(samples, BatchSample::labSiteId);
		Map<Long, Site> sites = ids.isEmpty() ? Map.of() : this.queries.sitesById(ids);
		return mapEach(samples, (sample) -> (sample.labSiteId() != null) ? sites.get(sample.labSiteId()) : null);
	}

	@BatchMapping(typeName = "BatchTrace")
	Map<BatchTrace, List<Site>> sites(List<BatchTrace> traces) {
		Map<Long, Site> sites = this.queries.sitesById(allIds(traces, BatchTrace::siteIds));
		return mapEach(traces, (trace) -> pick(trace.siteIds(), sites));
	}

	@BatchMapping(typeName = "BatchTrace")
	Map<BatchTrace, List<Person>> handlers(List<BatchTrace> traces) {
		Map<Long, Person> people = peopleById(allIds(traces, BatchTrace::handlerIds));
		return mapEach(traces, (trace) -> pick(trace.handlerIds(), people));
	}

	private Map<Long, Person> peopleById(List<Long> ids) {
		return ids.isEmpty() ? Map.of() : this.queries.peopleById(ids);
	}

	private static <T> List<Long> allIds(Collection<T> parents, Function<T, List<Long>> ids) {
		return parents.stream().flatMap((parent) -> ids.apply(parent).stream()).distinct().toList();
	}

	private static <V> List<V> pick(List<Long> ids, Map<Long, V> found) {
		return ids.stream().map(found::get).filter(Objects::nonNull).toList();
	}

	private static List<Long> ids(List<ColdChainBatch> batches) {
		return batches.stream().map(ColdChainBatch::id).toList();
	}

	private static String abbreviate(String value) {
		return (value.length() > 40) ? value.substring(0, 40) + "…" : value;
	}

	/** {@code node(id:)} for batches, disinfections and movements. */
	@Configuration(proxyBeanMethods = false)
	static class Nodes {

		@Bean
		NodeLoader coldChainBatchNodes(ColdChainQueries queries) {
			return NodeLoader.of("ColdChainBatch", queries::batch);
		}

		@Bean
		NodeLoader disinfectionNodes(ColdChainQueries queries) {
			return NodeLoader.of("Disinfection", queries::disinfection);
		}

		@Bean
		NodeLoader coldChainMovementNodes(ColdChainQueries queries) {
			return NodeLoader.of("ColdChainMovement", queries::movement);
		}

	}

}
