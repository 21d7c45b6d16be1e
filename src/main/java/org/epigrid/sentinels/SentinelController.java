package org.epigrid.sentinels;

import java.util.List;
import java.util.Map;
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
import org.epigrid.support.NodeLoader;
import org.epigrid.support.PageRequest;
import org.epigrid.testing.Sample;

import static org.epigrid.support.Batches.distinctIds;
import static org.epigrid.support.Batches.mapEach;

/** Reads of the sentinels: fever-clinic visits and real-name drug sales. */
@Controller
class SentinelController {

	private final SentinelQueries queries;

	SentinelController(SentinelQueries queries) {
		this.queries = queries;
	}

	@QueryMapping
	Connection<FeverClinicVisit> feverClinicVisits(@Argument @Nullable FeverClinicVisitFilter filter,
			@Argument @Nullable Integer first, @Argument @Nullable String after) {
		return this.queries.visits((filter != null) ? filter : FeverClinicVisitFilter.NONE,
				PageRequest.of(first, after));
	}

	@QueryMapping
	Connection<DrugSale> drugSales(@Argument @Nullable DrugSaleFilter filter, @Argument @Nullable Integer first,
			@Argument @Nullable String after) {
		return this.queries.sales((filter != null) ? filter : DrugSaleFilter.NONE, PageRequest.of(first, after));
	}

	// FeverClinicVisit

	@BatchMapping(typeName = "FeverClinicVisit", field = "site")
	Map<FeverClinicVisit, Site> visitSite(List<FeverClinicVisit> visits) {
		return byId(visits, FeverClinicVisit::siteId, this.queries::sitesById);
	}

	@BatchMapping(typeName = "FeverClinicVisit", field = "person")
	Map<FeverClinicVisit, Person> visitPerson(List<FeverClinicVisit> visits) {
		return byId(visits, FeverClinicVisit::personId, this.queries::peopleById);
	}

	@BatchMapping(typeName = "FeverClinicVisit", field = "sample")
	Map<FeverClinicVisit, Sample> visitSample(List<FeverClinicVisit> visits) {
		return byId(visits, FeverClinicVisit::sampleId, this.queries::samplesById);
	}

	// DrugSale

	@BatchMapping(typeName = "DrugSale", field = "pharmacy")
	Map<DrugSale, Site> salePharmacy(List<DrugSale> sales) {
		return byId(sales, DrugSale::pharmacySiteId, this.queries::sitesById);
	}

	@BatchMapping(typeName = "DrugSale", field = "person")
	Map<DrugSale, Person> salePerson(List<DrugSale> sales) {
		return byId(sales, DrugSale::personId, this.queries::peopleById);
	}

	@BatchMapping(typeName = "DrugSale", field = "followUpSample")
	Map<DrugSale, Sample> saleFollowUpSample(List<DrugSale> sales) {
		return byId(sales, DrugSale::followUpSampleId, this.queries::samplesById);
	}

	/** One lookup for all parents; parents whose id is null map to GraphQL null. */
	private static <P, V> Map<P, V> byId(List<P> parents, Function<P, @Nullable Long> id,
			Function<List<Long>, Map<Long, V>> load) {
		List<Long> ids = distinctIds(parents, id);
		Map<Long, V> found = ids.isEmpty() ? Map.of() : load.apply(ids);
		return mapEach(parents, (parent) -> {
			Long key = id.apply(parent);
			return (key != null) ? found.get(key) : null;
		});
	}

	/** {@code node(id:)} for fever-clinic visits and drug sales. */
	@Configuration(proxyBeanMethods = false)
	static class Nodes {

		@Bean
		NodeLoader feverClinicVisitNodes(SentinelQueries queries) {
			return NodeLoader.of("FeverClinicVisit", queries::visit);
		}

		@Bean
		NodeLoader drugSaleNodes(SentinelQueries queries) {
			return NodeLoader.of("DrugSale", queries::sale);
		}

	}

}
