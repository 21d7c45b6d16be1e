package org.epigrid.places;

import java.util.List;
import java.util.Map;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import org.epigrid.places.PlaceInputs.AssignGridStaffInput;
import org.epigrid.places.PlaceInputs.CreatePlaceInput;
import org.epigrid.places.PlaceInputs.CreateSiteInput;
import org.epigrid.places.PlaceInputs.DesignateRiskAreaInput;
import org.epigrid.places.PlaceInputs.DesignationPayload;
import org.epigrid.places.PlaceInputs.EndRiskDesignationInput;
import org.epigrid.places.PlaceInputs.GridStaffPayload;
import org.epigrid.places.PlaceInputs.PlacePayload;
import org.epigrid.places.PlaceInputs.RemoveGridStaffInput;
import org.epigrid.places.PlaceInputs.RemovedPayload;
import org.epigrid.places.PlaceInputs.SitePayload;
import org.epigrid.places.PlaceInputs.UpdatePlaceInput;
import org.epigrid.places.PlaceInputs.UpdateSiteInput;
import org.epigrid.support.Actor;
import org.epigrid.support.Payloads;

import static org.epigrid.support.Batches.listEach;
import static org.epigrid.support.Batches.mapEach;

/** Writes of places, sites, grid staff and risk designations. */
@Controller
class PlaceMutations {

	private final PlaceService service;

	private final PlaceQueries queries;

	PlaceMutations(PlaceService service, PlaceQueries queries) {
		this.service = service;
		this.queries = queries;
	}

	@MutationMapping
	PlacePayload createPlace(@Argument CreatePlaceInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new PlacePayload(this.service.createPlace(input, actor), List.of()),
				(errors) -> new PlacePayload(null, errors));
	}

	@MutationMapping
	PlacePayload updatePlace(@Argument UpdatePlaceInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new PlacePayload(this.service.updatePlace(input, actor), List.of()),
				(errors) -> new PlacePayload(null, errors));
	}

	@MutationMapping
	SitePayload createSite(@Argument CreateSiteInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new SitePayload(this.service.createSite(input, actor), List.of()),
				(errors) -> new SitePayload(null, errors));
	}

	@MutationMapping
	SitePayload updateSite(@Argument UpdateSiteInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new SitePayload(this.service.updateSite(input, actor), List.of()),
				(errors) -> new SitePayload(null, errors));
	}

	@MutationMapping
	GridStaffPayload assignGridStaff(@Argument AssignGridStaffInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new GridStaffPayload(this.service.assignGridStaff(input, actor), List.of()),
				(errors) -> new GridStaffPayload(null, errors));
	}

	@MutationMapping
	RemovedPayload removeGridStaff(@Argument RemoveGridStaffInput input) {
		return Payloads.attempt(() -> new RemovedPayload(this.service.removeGridStaff(input.id()), List.of()),
				(errors) -> new RemovedPayload(null, errors));
	}

	@MutationMapping
	DesignationPayload designateRiskArea(@Argument DesignateRiskAreaInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new DesignationPayload(this.service.designateRiskArea(input, actor), List.of()),
				(errors) -> new DesignationPayload(null, errors));
	}

	@MutationMapping
	DesignationPayload endRiskDesignation(@Argument EndRiskDesignationInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new DesignationPayload(this.service.endRiskDesignation(input, actor), List.of()),
				(errors) -> new DesignationPayload(null, errors));
	}

	@BatchMapping(typeName = "Place", field = "version")
	Map<Place, Integer> placeVersion(List<Place> places) {
		Map<Long, Integer> versions = this.queries.placeVersions(places.stream().map(Place::id).toList());
		return mapEach(places, (place) -> versions.get(place.id()));
	}

	@BatchMapping(typeName = "Site", field = "version")
	Map<Site, Integer> siteVersion(List<Site> sites) {
		Map<Long, Integer> versions = this.queries.siteVersions(sites.stream().map(Site::id).toList());
		return mapEach(sites, (site) -> versions.get(site.id()));
	}

	@BatchMapping(typeName = "Place")
	Map<Place, List<GridStaff>> staff(List<Place> places) {
		return listEach(places, Place::id, this.queries.staffOf(places.stream().map(Place::id).toList()));
	}

}
