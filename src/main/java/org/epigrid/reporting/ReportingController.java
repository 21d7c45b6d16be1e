package org.epigrid.reporting;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import org.epigrid.people.Person;
import org.epigrid.places.Place;
import org.epigrid.places.Site;
import org.epigrid.support.Connection;
import org.epigrid.support.GlobalId;
import org.epigrid.support.NodeLoader;
import org.epigrid.support.NotFoundException;
import org.epigrid.support.PageRequest;

import static org.epigrid.support.Batches.distinctIds;
import static org.epigrid.support.Batches.listEach;
import static org.epigrid.support.Batches.mapEach;

/** Reads of daily reports, inspections, vaccinations and gatherings. */
@Controller
class ReportingController {

	private final ReportingQueries queries;

	ReportingController(ReportingQueries queries) {
		this.queries = queries;
	}

	// daily reports (R14)

	@QueryMapping
	Connection<DailyReport> dailyReports(@Argument @Nullable DailyReportFilter filter,
			@Argument @Nullable Integer first, @Argument @Nullable String after) {
		return this.queries.dailyReports((filter != null) ? filter : DailyReportFilter.NONE,
				PageRequest.of(first, after));
	}

	@QueryMapping
	DailyReportCompliance dailyReportCompliance(@Argument String area, @Argument LocalDate date) {
		long areaId = GlobalId.decode(area, "Place");
		if (!this.queries.placeExists(areaId)) {
			throw NotFoundException.of("Place", area);
		}
		return this.queries.compliance(areaId, date);
	}

	@SchemaMapping(typeName = "DailyReportCompliance")
	List<Site> missing(DailyReportCompliance compliance) {
		return this.queries.missingInstitutions(compliance.areaId(), compliance.date());
	}

	@BatchMapping(typeName = "DailyReport", field = "site")
	Map<DailyReport, Site> dailyReportSite(List<DailyReport> reports) {
		Map<Long, Site> sites = this.queries.sitesById(distinctIds(reports, DailyReport::siteId));
		return mapEach(reports, (report) -> sites.get(report.siteId()));
	}

	// inspections (R15)

	@QueryMapping
	Connection<Inspection> inspections(@Argument @Nullable InspectionFilter filter, @Argument @Nullable Integer first,
			@Argument @Nullable String after) {
		return this.queries.inspections((filter != null) ? filter : InspectionFilter.NONE,
				PageRequest.of(first, after));
	}

	@BatchMapping(typeName = "Inspection", field = "site")
	Map<Inspection, Site> inspectionSite(List<Inspection> inspections) {
		List<Long> ids = distinctIds(inspections, Inspection::siteId);
		Map<Long, Site> sites = ids.isEmpty() ? Map.of() : this.queries.sitesById(ids);
		return mapEach(inspections,
				(inspection) -> (inspection.siteId() != null) ? sites.get(inspection.siteId()) : null);
	}

	@BatchMapping(typeName = "Inspection", field = "place")
	Map<Inspection, Place> inspectionPlace(List<Inspection> inspections) {
		Map<Long, Place> places = this.queries.placesById(distinctIds(inspections, Inspection::placeId));
		return mapEach(inspections, (inspection) -> places.get(inspection.placeId()));
	}

	// vaccinations (R16)

	@QueryMapping
	Connection<Vaccination> vaccinations(@Argument @Nullable VaccinationFilter filter,
			@Argument @Nullable Integer first, @Argument @Nullable String after) {
		return this.queries.vaccinations((filter != null) ? filter : VaccinationFilter.NONE,
				PageRequest.of(first, after));
	}

	@BatchMapping(typeName = "Vaccination", field = "person")
	Map<Vaccination, Person> vaccinationPerson(List<Vaccination> vaccinations) {
		Map<Long, Person> people = this.queries.peopleById(distinctIds(vaccinations, Vaccination::personId));
		return mapEach(vaccinations, (vaccination) -> people.get(vaccination.personId()));
	}

	@BatchMapping(typeName = "Vaccination", field = "site")
	Map<Vaccination, Site> vaccinationSite(List<Vaccination> vaccinations) {
		Map<Long, Site> sites = this.queries.sitesById(distinctIds(vaccinations, Vaccination::siteId));
		return mapEach(vaccinations, (vaccination) -> sites.get(vaccination.siteId()));
	}

	@BatchMapping(typeName = "Vaccination")
	Map<Vaccination, List<AdverseReaction>> adverseReactions(List<Vaccination> vaccinations) {
		return listEach(vaccinations, Vaccination::id,
				this.queries.adverseReactionsOf(distinctIds(vaccinations, Vaccination::id)));
	}

	@BatchMapping(typeName = "AdverseReaction", field = "vaccination")
	Map<AdverseReaction, Vaccination> reactionVaccination(List<AdverseReaction> reactions) {
		Map<Long, Vaccination> vaccinations = this.queries
			.vaccinationsById(distinctIds(reactions, AdverseReaction::vaccinationId));
		return mapEach(reactions, (reaction) -> vaccinations.get(reaction.vaccinationId()));
	}

	@BatchMapping(typeName = "Person", field = "vaccinations")
	Map<Person, List<Vaccination>> personVaccinations(List<Person> people) {
		return listEach(people, Person::id, this.queries.vaccinationsOf(distinctIds(people, Person::id)));
	}

	// gatherings (R17)

	@QueryMapping
	Connection<Gathering> gatherings(@Argument @Nullable GatheringFilter filter, @Argument @Nullable Integer first,
			@Argument @Nullable String after) {
		return this.queries.gatherings((filter != null) ? filter : GatheringFilter.NONE, PageRequest.of(first, after));
	}

	@BatchMapping(typeName = "Gathering", field = "place")
	Map<Gathering, Place> gatheringPlace(List<Gathering> gatherings) {
		Map<Long, Place> places = this.queries.placesById(distinctIds(gatherings, Gathering::placeId));
		return mapEach(gatherings, (gathering) -> places.get(gathering.placeId()));
	}

	@BatchMapping(typeName = "Gathering", field = "site")
	Map<Gathering, Site> gatheringSite(List<Gathering> gatherings) {
		List<Long> ids = distinctIds(gatherings, Gathering::siteId);
		Map<Long, Site> sites = ids.isEmpty() ? Map.of() : this.queries.sitesById(ids);
		return mapEach(gatherings, (gathering) -> (gathering.siteId() != null) ? sites.get(gathering.siteId()) : null);
	}

	/** {@code node(id:)} for the reporting and governance records. */
	@Configuration(proxyBeanMethods = false)
	static class Nodes {

		@Bean
		NodeLoader dailyReportNodes(ReportingQueries queries) {
			return NodeLoader.of("DailyReport", queries::dailyReport);
		}

		@Bean
		NodeLoader inspectionNodes(ReportingQueries queries) {
			return NodeLoader.of("Inspection", queries::inspection);
		}

		@Bean
		NodeLoader vaccinationNodes(ReportingQueries queries) {
			return NodeLoader.of("Vaccination", queries::vaccination);
		}

		@Bean
		NodeLoader adverseReactionNodes(ReportingQueries queries) {
			return NodeLoader.of("AdverseReaction", queries::adverseReaction);
		}

		@Bean
		NodeLoader gatheringNodes(ReportingQueries queries) {
			return NodeLoader.of("Gathering", queries::gathering);
		}

	}

}
