package org.epigrid.places;

import java.time.LocalDate;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.TableField;
import org.jooq.UpdateSetMoreStep;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.jooq.tables.records.PlaceRecord;
import org.epigrid.jooq.tables.records.SiteRecord;
import org.epigrid.places.PlaceInputs.AssignGridStaffInput;
import org.epigrid.places.PlaceInputs.CreatePlaceInput;
import org.epigrid.places.PlaceInputs.CreateSiteInput;
import org.epigrid.places.PlaceInputs.DesignateRiskAreaInput;
import org.epigrid.places.PlaceInputs.EndRiskDesignationInput;
import org.epigrid.places.PlaceInputs.UpdatePlaceInput;
import org.epigrid.places.PlaceInputs.UpdateSiteInput;
import org.epigrid.support.Actor;
import org.epigrid.support.ErrorCode;
import org.epigrid.support.GlobalId;
import org.epigrid.support.RuleViolation;
import org.epigrid.support.UserError;

import static org.epigrid.jooq.Tables.GRID_STAFF;
import static org.epigrid.jooq.Tables.PLACE;
import static org.epigrid.jooq.Tables.RISK_DESIGNATION;
import static org.epigrid.jooq.Tables.SITE;

/**
 * The rules of the place hierarchy (R1), risk designations (R2) and key sites (R18). Each
 * public method is one transaction; a refusal is a {@link RuleViolation} and rolls
 * everything back.
 */
@Service
@Transactional
class PlaceService {

	private static final Pattern AREA_CODE = Pattern.compile("[0-9]{6,15}");

	private static final Pattern VENUE_CODE = Pattern.compile("[A-Z0-9-]{4,32}");

	private static final Map<PlaceLevel, Integer> CODE_LENGTH = Map.of(PlaceLevel.CITY, 6, PlaceLevel.COUNTY, 6,
			PlaceLevel.TOWNSHIP, 9, PlaceLevel.COMMUNITY, 12, PlaceLevel.GRID, 15);

	private final DSLContext db;

	private final PlaceQueries queries;

	PlaceService(DSLContext db, PlaceQueries queries) {
		this.db = db;
		this.queries = queries;
	}

	Place createPlace(CreatePlaceInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		int length = CODE_LENGTH.get(input.level());
		if (!input.code().matches("[0-9]{" + length + "}")) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a " + input.level() + " code has " + length + " digits",
					"input.code"));
		}
		requireName(input.name(), errors);
		checkPopulationAndPosition(input.population(), input.latitude(), input.longitude(), errors);
		Long parentId = null;
		if (input.level() == PlaceLevel.CITY) {
			if (input.parent() != null) {
				errors.add(
						new UserError(ErrorCode.RULE_VIOLATED, "a CITY is the root and has no parent", "input.parent"));
			}
		}
		else if (input.parent() == null) {
			errors
				.add(new UserError(ErrorCode.INVALID_VALUE, "a " + input.level() + " needs a parent", "input.parent"));
		}
		else {
			PlaceRecord parent = this.db.selectFrom(PLACE)
				.where(PLACE.ID.eq(GlobalId.decode(input.parent(), "Place")))
				.fetchOne();
			if (parent == null) {
				errors.add(new UserError(ErrorCode.NOT_FOUND, "no such parent place", "input.parent"));
			}
			else {
				parentId = parent.getId();
				PlaceLevel parentLevel = PlaceLevel.valueOf(parent.getLevel());
				if (parentLevel.ordinal() + 1 != input.level().ordinal()) {
					errors.add(new UserError(ErrorCode.RULE_VIOLATED,
							"a " + input.level() + " cannot be placed under a " + parentLevel, "input.parent"));
				}
				else if (input.level() != PlaceLevel.COUNTY && !input.code().startsWith(parent.getCode())) {
					errors.add(new UserError(ErrorCode.INVALID_VALUE,
							"the code must extend the parent's code " + parent.getCode(), "input.code"));
				}
			}
		}
		RuleViolation.throwIfAny(errors);
		long id = this.db.insertInto(PLACE)
			.set(PLACE.CODE, input.code())
			.set(PLACE.NAME, input.name().strip())
			.set(PLACE.LEVEL, input.level().name())
			.set(PLACE.PARENT_ID, parentId)
			.set(PLACE.POPULATION, input.population())
			.set(PLACE.LATITUDE, decimal(input.latitude()))
			.set(PLACE.LONGITUDE, decimal(input.longitude()))
			.set(PLACE.CREATED_BY, actor.name())
			.set(PLACE.UPDATED_BY, actor.name())
			.returning(PLACE.ID)
			.fetchOne(PLACE.ID);
		return this.queries.place(id).orElseThrow();
	}

	Place updatePlace(UpdatePlaceInput input, Actor actor) {
		long id = GlobalId.decode(input.id(), "Place");
		List<UserError> errors = new ArrayList<>();
		if (input.name() != null) {
			requireName(input.name(), errors);
		}
		checkPopulationAndPosition(input.population(), input.latitude(), input.longitude(), errors);
		RuleViolation.throwIfAny(errors);
		UpdateSetMoreStep<PlaceRecord> update = this.db.update(PLACE)
			.set(PLACE.VERSION, PLACE.VERSION.plus(1))
			.set(PLACE.UPDATED_BY, actor.name());
		setIfGiven(update, PLACE.NAME, (input.name() != null) ? input.name().strip() : null);
		setIfGiven(update, PLACE.POPULATION, input.population());
		setIfGiven(update, PLACE.LATITUDE, decimal(input.latitude()));
		setIfGiven(update, PLACE.LONGITUDE, decimal(input.longitude()));
		int updated = update.where(PLACE.ID.eq(id), PLACE.VERSION.eq(input.expectedVersion())).execute();
		checkUpdated(updated, this.db.fetchExists(PLACE, PLACE.ID.eq(id)), "place");
		return this.queries.place(id).orElseThrow();
	}

	Site createSite(CreateSiteInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		long placeId = GlobalId.decode(input.place(), "Place");
		if (!this.db.fetchExists(PLACE, PLACE.ID.eq(placeId))) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such place", "input.place"));
		}
		requireName(input.name(), errors);
		if (!VENUE_CODE.matcher(input.venueCode()).matches()) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a venue code is 4 to 32 of A-Z, 0-9 and -",
					"input.venueCode"));
		}
		checkCapacity(input.rooms(), input.beds(), input.dailyTestCapacity(), errors);
		checkPopulationAndPosition(null, input.latitude(), input.longitude(), errors);
		RuleViolation.throwIfAny(errors);
		long id = this.db.insertInto(SITE)
			.set(SITE.PLACE_ID, placeId)
			.set(SITE.TYPE, input.type().name())
			.set(SITE.NAME, input.name().strip())
			.set(SITE.ADDRESS, input.address())
			.set(SITE.VENUE_CODE, input.venueCode())
			.set(SITE.ROOMS, input.rooms())
			.set(SITE.BEDS, input.beds())
			.set(SITE.DAILY_TEST_CAPACITY, input.dailyTestCapacity())
			.set(SITE.LATITUDE, decimal(input.latitude()))
			.set(SITE.LONGITUDE, decimal(input.longitude()))
			.set(SITE.CREATED_BY, actor.name())
			.set(SITE.UPDATED_BY, actor.name())
			.returning(SITE.ID)
			.fetchOne(SITE.ID);
		return this.queries.site(id).orElseThrow();
	}

	Site updateSite(UpdateSiteInput input, Actor actor) {
		long id = GlobalId.decode(input.id(), "Site");
		List<UserError> errors = new ArrayList<>();
		if (input.name() != null) {
			requireName(input.name(), errors);
		}
		checkCapacity(input.rooms(), input.beds(), input.dailyTestCapacity(), errors);
		RuleViolation.throwIfAny(errors);
		UpdateSetMoreStep<SiteRecord> update = this.db.update(SITE)
			.set(SITE.VERSION, SITE.VERSION.plus(1))
			.set(SITE.UPDATED_BY, actor.name());
		setIfGiven(update, SITE.NAME, (input.name() != null) ? input.name().strip() : null);
		setIfGiven(update, SITE.ADDRESS, input.address());
		setIfGiven(update, SITE.STATUS, (input.status() != null) ? input.status().name() : null);
		setIfGiven(update, SITE.ROOMS, input.rooms());
		setIfGiven(update, SITE.BEDS, input.beds());
		setIfGiven(update, SITE.DAILY_TEST_CAPACITY, input.dailyTestCapacity());
		int updated = update.where(SITE.ID.eq(id), SITE.VERSION.eq(input.expectedVersion())).execute();
		checkUpdated(updated, this.db.fetchExists(SITE, SITE.ID.eq(id)), "site");
		return this.queries.site(id).orElseThrow();
	}

	GridStaff assignGridStaff(AssignGridStaffInput input, Actor actor) {
		long placeId = GlobalId.decode(input.place(), "Place");
		long personId = GlobalId.decode(input.person(), "Person");
		if (!this.db.fetchExists(PLACE, PLACE.ID.eq(placeId))) {
			throw new RuleViolation(ErrorCode.NOT_FOUND, "no such place", "input.place");
		}
		LocalDate since = (input.since() != null) ? input.since() : LocalDate.now();
		long id = this.db.insertInto(GRID_STAFF)
			.set(GRID_STAFF.PLACE_ID, placeId)
			.set(GRID_STAFF.PERSON_ID, personId)
			.set(GRID_STAFF.ROLE, input.role().name())
			.set(GRID_STAFF.SINCE, since)
			.set(GRID_STAFF.CREATED_BY, actor.name())
			.set(GRID_STAFF.UPDATED_BY, actor.name())
			.returning(GRID_STAFF.ID)
			.fetchOne(GRID_STAFF.ID);
		return new GridStaff(id, placeId, personId, input.role(), since);
	}

	String removeGridStaff(String globalId) {
		long id = GlobalId.decode(globalId, "GridStaff");
		if (this.db.deleteFrom(GRID_STAFF).where(GRID_STAFF.ID.eq(id)).execute() == 0) {
			throw new RuleViolation(ErrorCode.NOT_FOUND, "no such grid staff assignment", "input.id");
		}
		return globalId;
	}

	RiskDesignation designateRiskArea(DesignateRiskAreaInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		if (!AREA_CODE.matcher(input.areaCode()).matches()) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "an area code is a division code of 6 to 15 digits",
					"input.areaCode"));
		}
		if (input.level() == RiskLevel.NONE) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE,
					"designate LOW, MEDIUM or HIGH; end a designation to lift it", "input.level"));
		}
		if (input.issuedBy().isBlank()) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "the issuing authority is required", "input.issuedBy"));
		}
		OffsetDateTime from = (input.effectiveFrom() != null) ? input.effectiveFrom() : OffsetDateTime.now();
		if (input.effectiveTo() != null && !input.effectiveTo().isAfter(from)) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "the designation must end after it starts",
					"input.effectiveTo"));
		}
		RuleViolation.throwIfAny(errors);
		Record local = this.db.select(PLACE.ID, PLACE.NAME)
			.from(PLACE)
			.where(PLACE.CODE.eq(input.areaCode()))
			.fetchOne();
		String name = (input.areaName() != null && !input.areaName().isBlank()) ? input.areaName().strip()
				: (local != null) ? local.get(PLACE.NAME) : null;
		if (name == null) {
			throw new RuleViolation(ErrorCode.INVALID_VALUE, "an outside area needs a name", "input.areaName");
		}
		long id = this.db.insertInto(RISK_DESIGNATION)
			.set(RISK_DESIGNATION.AREA_CODE, input.areaCode())
			.set(RISK_DESIGNATION.AREA_NAME, name)
			.set(RISK_DESIGNATION.PLACE_ID, (local != null) ? local.get(PLACE.ID) : null)
			.set(RISK_DESIGNATION.LEVEL, input.level().name())
			.set(RISK_DESIGNATION.EFFECTIVE_FROM, from)
			.set(RISK_DESIGNATION.EFFECTIVE_TO, input.effectiveTo())
			.set(RISK_DESIGNATION.ISSUED_BY, input.issuedBy().strip())
			.set(RISK_DESIGNATION.CREATED_BY, actor.name())
			.set(RISK_DESIGNATION.UPDATED_BY, actor.name())
			.returning(RISK_DESIGNATION.ID)
			.fetchOne(RISK_DESIGNATION.ID);
		return this.queries.designation(id).orElseThrow();
	}

	RiskDesignation endRiskDesignation(EndRiskDesignationInput input, Actor actor) {
		long id = GlobalId.decode(input.id(), "RiskDesignation");
		RiskDesignation designation = this.queries.designation(id)
			.orElseThrow(() -> new RuleViolation(ErrorCode.NOT_FOUND, "no such designation", "input.id"));
		OffsetDateTime endsAt = (input.endsAt() != null) ? input.endsAt() : OffsetDateTime.now();
		if (!endsAt.isAfter(designation.effectiveFrom())) {
			throw new RuleViolation(ErrorCode.INVALID_VALUE, "a designation must end after it starts", "input.endsAt");
		}
		if (designation.effectiveTo() != null && !designation.effectiveTo().isAfter(endsAt)) {
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION, "the designation has already ended", "input.id");
		}
		this.db.update(RISK_DESIGNATION)
			.set(RISK_DESIGNATION.EFFECTIVE_TO, endsAt)
			.set(RISK_DESIGNATION.VERSION, RISK_DESIGNATION.VERSION.plus(1))
			.set(RISK_DESIGNATION.UPDATED_BY, actor.name())
			.where(RISK_DESIGNATION.ID.eq(id))
			.execute();
		return this.queries.designation(id).orElseThrow();
	}

	private static void requireName(String name, List<UserError> errors) {
		if (name.isBlank() || name.length() > 100) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a name has 1 to 100 characters", "input.name"));
		}
	}

	private static void checkPopulationAndPosition(@Nullable Integer population, @Nullable Double latitude,
			@Nullable Double longitude, List<UserError> errors) {
		if (population != null && population < 0) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "population cannot be negative", "input.population"));
		}
		if (latitude != null && (latitude < -90 || latitude > 90)) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "latitude is between -90 and 90", "input.latitude"));
		}
		if (longitude != null && (longitude < -180 || longitude > 180)) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "longitude is between -180 and 180", "input.longitude"));
		}
	}

	private static void checkCapacity(@Nullable Integer rooms, @Nullable Integer beds, @Nullable Integer dailyTests,
			List<UserError> errors) {
		if (rooms != null && rooms < 0) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "rooms cannot be negative", "input.rooms"));
		}
		if (beds != null && beds < 0) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "beds cannot be negative", "input.beds"));
		}
		if (dailyTests != null && dailyTests < 0) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "daily test capacity cannot be negative",
					"input.dailyTestCapacity"));
		}
	}

	private static void checkUpdated(int updated, boolean exists, String what) {
		if (updated == 0) {
			throw exists
					? new RuleViolation(ErrorCode.CONFLICT,
							"the " + what + " was changed by someone else since you read it; reload and try again",
							"input.expectedVersion")
					: new RuleViolation(ErrorCode.NOT_FOUND, "no such " + what, "input.id");
		}
	}

	private static <R extends Record, T> void setIfGiven(UpdateSetMoreStep<R> update, TableField<R, T> field,
			@Nullable T value) {
		if (value != null) {
			update.set(field, value);
		}
	}

	private static @Nullable BigDecimal decimal(@Nullable Double value) {
		return (value != null) ? BigDecimal.valueOf(value) : null;
	}

}
