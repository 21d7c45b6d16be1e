package org.epigrid.testing;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
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

import org.epigrid.people.Person;
import org.epigrid.places.Place;
import org.epigrid.places.Site;
import org.epigrid.support.Connection;
import org.epigrid.support.NodeLoader;
import org.epigrid.support.NotFoundException;
import org.epigrid.support.PageRequest;

import static org.epigrid.support.Batches.distinctIds;
import static org.epigrid.support.Batches.listEach;
import static org.epigrid.support.Batches.mapEach;

/** Reads of samples, pools and campaigns. */
@Controller
class SampleController {

	private static final String PERSON_SAMPLES_LOADER = "Person.samples";

	private final SampleQueries queries;

	SampleController(SampleQueries queries, BatchLoaderRegistry registry) {
		this.queries = queries;
		// Person.samples takes an argument, which @BatchMapping cannot: batch by (person,
		// first), one statement per distinct first in the request.
		registry.<PersonSamplesKey, List<Sample>>forName(PERSON_SAMPLES_LOADER)
			.registerMappedBatchLoader((keys, env) -> Mono.fromCallable(() -> samplesOfPeople(keys)));
	}

	@QueryMapping
	Connection<Sample> samples(@Argument @Nullable SampleFilter filter, @Argument @Nullable Integer first,
			@Argument @Nullable String after) {
		return this.queries.samples((filter != null) ? filter : SampleFilter.NONE, PageRequest.of(first, after));
	}

	@QueryMapping
	Sample sampleByBarcode(@Argument String barcode) {
		return this.queries.sampleByBarcode(barcode)
			.orElseThrow(() -> new NotFoundException("no Sample with barcode '" + abbreviate(barcode) + "'"));
	}

	@SchemaMapping(typeName = "Person", field = "samples")
	CompletableFuture<List<Sample>> personSamples(Person person, @Argument @Nullable Integer first,
			DataFetchingEnvironment environment) {
		int limit = PageRequest.of(first, null).first();
		DataLoader<PersonSamplesKey, List<Sample>> loader = environment.getDataLoader(PERSON_SAMPLES_LOADER);
		return loader.load(new PersonSamplesKey(person.id(), limit));
	}

	// Sample

	@BatchMapping
	Map<Sample, Person> person(List<Sample> samples) {
		Map<Long, Person> people = this.queries.peopleById(distinctIds(samples, Sample::personId));
		return mapEach(samples, (sample) -> (sample.personId() != null) ? people.get(sample.personId()) : null);
	}

	@BatchMapping
	Map<Sample, Site> site(List<Sample> samples) {
		return sitesOf(samples, Sample::siteId);
	}

	@BatchMapping
	Map<Sample, Place> place(List<Sample> samples) {
		Map<Long, Place> places = this.queries.placesById(distinctIds(samples, Sample::placeId));
		return mapEach(samples, (sample) -> places.get(sample.placeId()));
	}

	@BatchMapping
	Map<Sample, Pool> pool(List<Sample> samples) {
		Map<Long, Pool> pools = this.queries.poolsById(distinctIds(samples, Sample::poolId));
		return mapEach(samples, (sample) -> (sample.poolId() != null) ? pools.get(sample.poolId()) : null);
	}

	@BatchMapping
	Map<Sample, Campaign> campaign(List<Sample> samples) {
		Map<Long, Campaign> campaigns = this.queries.campaignsById(distinctIds(samples, Sample::campaignId));
		return mapEach(samples, (sample) -> (sample.campaignId() != null) ? campaigns.get(sample.campaignId()) : null);
	}

	@BatchMapping
	Map<Sample, Site> collectionSite(List<Sample> samples) {
		return sitesOf(samples, Sample::collectionSiteId);
	}

	@BatchMapping
	Map<Sample, Site> lab(List<Sample> samples) {
		return sitesOf(samples, Sample::labSiteId);
	}

	@BatchMapping
	Map<Sample, Sample> retestOf(List<Sample> samples) {
		Map<Long, Sample> originals = this.queries.samplesById(distinctIds(samples, Sample::retestOfId));
		return mapEach(samples, (sample) -> (sample.retestOfId() != null) ? originals.get(sample.retestOfId()) : null);
	}

	// Pool

	@BatchMapping(typeName = "Pool", field = "collectionSite")
	Map<Pool, Site> poolCollectionSite(List<Pool> pools) {
		return sitesOf(pools, Pool::collectionSiteId);
	}

	@BatchMapping(typeName = "Pool", field = "lab")
	Map<Pool, Site> poolLab(List<Pool> pools) {
		return sitesOf(pools, Pool::labSiteId);
	}

	@BatchMapping(typeName = "Pool", field = "samples")
	Map<Pool, List<Sample>> poolSamples(List<Pool> pools) {
		return listEach(pools, Pool::id, this.queries.samplesInPools(pools.stream().map(Pool::id).distinct().toList()));
	}

	// Campaign

	@BatchMapping(typeName = "Campaign", field = "area")
	Map<Campaign, Place> campaignArea(List<Campaign> campaigns) {
		Map<Long, Place> places = this.queries.placesById(distinctIds(campaigns, Campaign::placeId));
		return mapEach(campaigns, (campaign) -> places.get(campaign.placeId()));
	}

	private <T> Map<T, Site> sitesOf(List<T> parents, Function<T, @Nullable Long> siteId) {
		Map<Long, Site> sites = this.queries.sitesById(distinctIds(parents, siteId));
		return mapEach(parents, (parent) -> {
			Long id = siteId.apply(parent);
			return (id != null) ? sites.get(id) : null;
		});
	}

	private Map<PersonSamplesKey, List<Sample>> samplesOfPeople(Collection<PersonSamplesKey> keys) {
		Map<PersonSamplesKey, List<Sample>> result = new HashMap<>();
		keys.stream().collect(Collectors.groupingBy(PersonSamplesKey::limit)).forEach((limit, groupKeys) -> {
			Map<Long, List<Sample>> samples = this.queries
				.samplesOfPeople(groupKeys.stream().map(PersonSamplesKey::personId).distinct().toList(), limit);
			groupKeys.forEach((key) -> result.put(key, samples.getOrDefault(key.personId(), List.of())));
		});
		return result;
	}

	private static String abbreviate(String value) {
		return (value.length() > 40) ? value.substring(0, 40) + "…" : value;
	}

	record PersonSamplesKey(long personId, int limit) {
	}

	/** {@code node(id:)} for samples, pools and campaigns. */
	@Configuration(proxyBeanMethods = false)
	static class Nodes {

		@Bean
		NodeLoader sampleNodes(SampleQueries queries) {
			return NodeLoader.of("Sample", queries::sample);
		}

		@Bean
		NodeLoader poolNodes(SampleQueries queries) {
			return NodeLoader.of("Pool", queries::pool);
		}

		@Bean
		NodeLoader campaignNodes(SampleQueries queries) {
			return NodeLoader.of("Campaign", queries::campaign);
		}

	}

}
