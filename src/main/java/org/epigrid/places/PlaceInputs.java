package org.epigrid.places;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.epigrid.support.UserError;

/** Inputs and payloads of the place and site mutations. */
final class PlaceInputs {

	private PlaceInputs() {
	}

	record CreatePlaceInput(String code, String name, PlaceLevel level, @Nullable String parent,
			@Nullable Integer population, @Nullable Double latitude, @Nullable Double longitude) {
	}

	record UpdatePlaceInput(String id, int expectedVersion, @Nullable String name, @Nullable Integer population,
			@Nullable Double latitude, @Nullable Double longitude) {
	}

	record CreateSiteInput(String place, SiteType type, String name, @Nullable String address, String venueCode,
			@Nullable Integer rooms, @Nullable Integer beds, @Nullable Integer dailyTestCapacity,
			@Nullable Double latitude, @Nullable Double longitude) {
	}

	record UpdateSiteInput(String id, int expectedVersion, @Nullable String name, @Nullable String address,
			@Nullable SiteStatus status, @Nullable Integer rooms, @Nullable Integer beds,
			@Nullable Integer dailyTestCapacity) {
	}

	record AssignGridStaffInput(String place, String person, GridRole role, @Nullable LocalDate since) {
	}

	record RemoveGridStaffInput(String id) {
	}

	record DesignateRiskAreaInput(String areaCode, @Nullable String areaName, RiskLevel level,
			@Nullable OffsetDateTime effectiveFrom, @Nullable OffsetDateTime effectiveTo, String issuedBy) {
	}

	record EndRiskDesignationInput(String id, @Nullable OffsetDateTime endsAt) {
	}

	record PlacePayload(@Nullable Place place, List<UserError> errors) {
	}

	record SitePayload(@Nullable Site site, List<UserError> errors) {
	}

	record GridStaffPayload(@Nullable GridStaff staff, List<UserError> errors) {
	}

	record RemovedPayload(@Nullable String removedId, List<UserError> errors) {
	}

	record DesignationPayload(@Nullable RiskDesignation designation, List<UserError> errors) {
	}

}
