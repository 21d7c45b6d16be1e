package org.epigrid.people;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.jooq.tables.records.PersonRecord;
import org.epigrid.people.PersonInputs.ChangeHealthCodeInput;
import org.epigrid.people.PersonInputs.ChangeHealthCodePayload;
import org.epigrid.people.PersonInputs.RecordTravelInput;
import org.epigrid.people.PersonInputs.RecordTravelPayload;
import org.epigrid.people.PersonInputs.RegisterPersonInput;
import org.epigrid.people.PersonInputs.SetPersonCategoriesInput;
import org.epigrid.people.PersonInputs.UpdatePersonInput;
import org.epigrid.places.RiskLevel;
import org.epigrid.privacy.PersonalDataCipher;
import org.epigrid.privacy.PersonalField;
import org.epigrid.support.Actor;
import org.epigrid.support.ErrorCode;
import org.epigrid.support.GlobalId;
import org.epigrid.support.Policy;
import org.epigrid.support.RuleViolation;
import org.epigrid.support.UserError;

import static org.epigrid.jooq.Tables.CONTROL_MEASURE;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.PLACE;
import static org.epigrid.jooq.Tables.TRAVEL_RECORD;

/**
 * The rules of registering people (R4), their health codes (R5) and arrivals (R3). Each
 * method is one transaction; a refusal is a {@link RuleViolation} and rolls everything
 * back.
 */
@Service
@Transactional
class PersonService {

	private static final Pattern PHONE = Pattern.compile("1[3-9][0-9]{9}");

	private static final Pattern AREA_CODE = Pattern.compile("[0-9]{6,15}");

	private final DSLContext db;

	private final PersonQueries people;

	private final PersonHistoryQueries history;

	private final HealthCodes healthCodes;

	private final ControlMeasureService measures;

	private final ApplicationEventPublisher events;

	private final Policy policy;

	private final PeopleClock clock;

	private final PersonalDataCipher cipher;

	private final ControlMeasureKind highRiskMeasure;

	private final ControlMeasureKind mediumRiskMeasure;

	PersonService(DSLContext db, PersonQueries people, PersonHistoryQueries history, HealthCodes healthCodes,
			ControlMeasureService measures, ApplicationEventPublisher events, Policy policy, PeopleClock clock,
			PersonalDataCipher cipher) {
		this.db = db;
		this.people = people;
		this.history = history;
		this.healthCodes = healthCodes;
		this.measures = measures;
		this.events = events;
		this.policy = policy;
		this.clock = clock;
		this.cipher = cipher;
		// fail at startup, not at the first returnee, when the policy names an unknown
		// kind
		this.highRiskMeasure = ControlMeasureKind.valueOf(policy.returnees().highRiskMeasure());
		this.mediumRiskMeasure = ControlMeasureKind.valueOf(policy.returnees().mediumRiskMeasure());
	}

	Person registerPerson(RegisterPersonInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		IdNumbers.Holder holder = IdNumbers.parse(input.idNumber(), this.clock.today(), errors, "input.idNumber");
		if (holder != null) {
			if (input.birthDate() != null && !input.birthDate().equals(holder.birthDate())) {
				errors.add(new UserError(ErrorCode.INVALID_VALUE, "the birth date does not match the ID number",
						"input.birthDate"));
			}
			if (input.sex() != null && input.sex() != holder.sex()) {
				errors.add(new UserError(ErrorCode.INVALID_VALUE, "the sex does not match the ID number", "input.sex"));
			}
		}
		Rules.requireText(input.fullName(), 100, "a full name", "input.fullName", errors);
		checkPhone(input.phone(), errors);
		checkAddress(input.address(), errors);
		Long residence = residence(input.residence(), errors);
		RuleViolation.throwIfAny(errors);
		byte[] idNumberHash = this.cipher.hash(PersonalField.ID_NUMBER, holder.idNumber());
		if (this.db.fetchExists(PERSON, PERSON.ID_NUMBER_HASH.eq(idNumberHash))) {
			throw new RuleViolation(ErrorCode.DUPLICATE, "a person with this ID number is registered",
					"input.idNumber");
		}
		List<PersonCategory> categories = (input.categories() != null) ? input.categories() : List.of();
		String phone = Rules.strippedOrNull(input.phone());
		long id = this.db.insertInto(PERSON)
			.set(PERSON.ID_NUMBER_ENC, this.cipher.encrypt(PersonalField.ID_NUMBER, holder.idNumber()))
			.set(PERSON.ID_NUMBER_HASH, idNumberHash)
			.set(PERSON.ID_NUMBER_REGION, IdNumbers.region(holder.idNumber()))
			.set(PERSON.FULL_NAME, input.fullName().strip())
			.set(PERSON.SEX, holder.sex().name())
			.set(PERSON.BIRTH_DATE, holder.birthDate())
			.set(PERSON.PHONE_ENC, (phone != null) ? this.cipher.encrypt(PersonalField.PHONE, phone) : null)
			.set(PERSON.PHONE_HASH, (phone != null) ? this.cipher.hash(PersonalField.PHONE, phone) : null)
			.set(PERSON.RESIDENCE_PLACE_ID, residence)
			.set(PERSON.ADDRESS, Rules.strippedOrNull(input.address()))
			.set(PERSON.CATEGORIES, names(categories))
			.set(PERSON.CREATED_BY, actor.name())
			.set(PERSON.UPDATED_BY, actor.name())
			.returning(PERSON.ID)
			.fetchOne(PERSON.ID);
		return this.people.person(id).orElseThrow();
	}

	Person updatePerson(UpdatePersonInput input, Actor actor) {
		long id = GlobalId.decode(input.id(), "Person");
		List<UserError> errors = new ArrayList<>();
		if (input.fullName() != null) {
			Rules.requireText(input.fullName(), 100, "a full name", "input.fullName", errors);
		}
		checkPhone(input.phone(), errors);
		checkAddress(input.address(), errors);
		Long residence = residence(input.residence(), errors);
		RuleViolation.throwIfAny(errors);
		UpdateSetMoreStep<PersonRecord> update = this.db.update(PERSON)
			.set(PERSON.VERSION, PERSON.VERSION.plus(1))
			.set(PERSON.UPDATED_BY, actor.name());
		if (input.fullName() != null) {
			update.set(PERSON.FULL_NAME, input.fullName().strip());
		}
		if (input.phone() != null) {
			update.set(PERSON.PHONE_ENC, this.cipher.encrypt(PersonalField.PHONE, input.phone()))
				.set(PERSON.PHONE_HASH, this.cipher.hash(PersonalField.PHONE, input.phone()));
		}
		if (residence != null) {
			update.set(PERSON.RESIDENCE_PLACE_ID, residence);
		}
		if (input.address() != null) {
			update.set(PERSON.ADDRESS, input.address().strip());
		}
		int updated = update.where(PERSON.ID.eq(id), PERSON.VERSION.eq(input.expectedVersion())).execute();
		Rules.checkUpdated(updated, this.db.fetchExists(PERSON, PERSON.ID.eq(id)), "person");
		return this.people.person(id).orElseThrow();
	}

	Person setPersonCategories(SetPersonCategoriesInput input, Actor actor) {
		long id = GlobalId.decode(input.id(), "Person");
		int updated = this.db.update(PERSON)
			.set(PERSON.CATEGORIES, names(input.categories().stream().distinct().toList()))
			.set(PERSON.VERSION, PERSON.VERSION.plus(1))
			.set(PERSON.UPDATED_BY, actor.name())
			.where(PERSON.ID.eq(id), PERSON.VERSION.eq(input.expectedVersion()))
			.execute();
		Rules.checkUpdated(updated, this.db.fetchExists(PERSON, PERSON.ID.eq(id)), "person");
		return this.people.person(id).orElseThrow();
	}

	ChangeHealthCodePayload changeHealthCode(ChangeHealthCodeInput input, Actor actor) {
		PersonRecord person = lockPerson(input.person(), "input.person");
		List<UserError> errors = new ArrayList<>();
		Rules.requireText(input.reason(), 200, "a reason", "input.reason", errors);
		RuleViolation.throwIfAny(errors);
		Rules.checkVersion(person.getVersion(), input.expectedVersion(), "person");
		if (person.getHealthCode().equals(input.colour().name())) {
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION, "the health code is already " + input.colour(),
					"input.colour");
		}
		long eventId = this.healthCodes.change(person.getId(), input.colour(), input.reason().strip(), this.clock.now(),
				actor);
		return new ChangeHealthCodePayload(this.people.person(person.getId()).orElseThrow(),
				this.history.healthCodeEvent(eventId).orElseThrow(), List.of());
	}

	/**
	 * Records an arrival. The origin's risk level is derived by the database from the
	 * designation in force at arrival ({@code origin_risk_level}, see
	 * V10__people_workflows.sql); a returnee from a MEDIUM or HIGH area gets the policy's
	 * control measure (unless already under one) and a YELLOW or RED health code, and a
	 * {@link ReturneeArrived} event asks the testing feature for the arrival tests.
	 */
	RecordTravelPayload recordTravel(RecordTravelInput input, Actor actor) {
		OffsetDateTime now = this.clock.now();
		List<UserError> errors = new ArrayList<>();
		if (!AREA_CODE.matcher(input.originAreaCode()).matches()) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "an area code is a division code of 6 to 15 digits",
					"input.originAreaCode"));
		}
		Rules.requireText(input.originName(), 100, "an origin name", "input.originName", errors);
		Rules.requirePast(input.arrivedAt(), now, "the arrival", "input.arrivedAt", errors);
		if (input.departedAt() != null && input.departedAt().isAfter(input.arrivedAt())) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "the departure must not be after the arrival",
					"input.departedAt"));
		}
		if (input.transportNumber() != null && input.transportNumber().strip().length() > 32) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a transport number has at most 32 characters",
					"input.transportNumber"));
		}
		long destination = GlobalId.decode(input.destination(), "Place");
		if (!this.db.fetchExists(PLACE, PLACE.ID.eq(destination))) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such place", "input.destination"));
		}
		RuleViolation.throwIfAny(errors);
		PersonRecord person = lockPerson(input.person(), "input.person");
		Record2<Long, String> travel = this.db.insertInto(TRAVEL_RECORD)
			.set(TRAVEL_RECORD.PERSON_ID, person.getId())
			.set(TRAVEL_RECORD.ORIGIN_AREA_CODE, input.originAreaCode())
			.set(TRAVEL_RECORD.ORIGIN_NAME, input.originName().strip())
			.set(TRAVEL_RECORD.ORIGIN_RISK_LEVEL,
					DSL.field("origin_risk_level({0}, {1})", String.class, DSL.val(input.originAreaCode()),
							DSL.val(input.arrivedAt())))
			.set(TRAVEL_RECORD.DEPARTED_AT, input.departedAt())
			.set(TRAVEL_RECORD.ARRIVED_AT, input.arrivedAt())
			.set(TRAVEL_RECORD.TRANSPORT, input.transport().name())
			.set(TRAVEL_RECORD.TRANSPORT_NUMBER, Rules.strippedOrNull(input.transportNumber()))
			.set(TRAVEL_RECORD.DESTINATION_PLACE_ID, destination)
			.set(TRAVEL_RECORD.DETECTED_VIA, input.detectedVia().name())
			.set(TRAVEL_RECORD.CREATED_BY, actor.name())
			.returningResult(TRAVEL_RECORD.ID, TRAVEL_RECORD.ORIGIN_RISK_LEVEL)
			.fetchOne();
		long travelId = travel.value1();
		RiskLevel level = RiskLevel.valueOf(travel.value2());
		ControlMeasure measure = null;
		if (level == RiskLevel.HIGH || level == RiskLevel.MEDIUM) {
			boolean high = level == RiskLevel.HIGH;
			if (!this.db.fetchExists(CONTROL_MEASURE, CONTROL_MEASURE.PERSON_ID.eq(person.getId()),
					CONTROL_MEASURE.STATUS.in(ControlMeasureService.ACTIVE))) {
				ControlMeasureKind kind = high ? this.highRiskMeasure : this.mediumRiskMeasure;
				long measureId = this.measures.insert(person.getId(), kind,
						high ? ControlMeasureReason.RETURNEE_HIGH_RISK : ControlMeasureReason.RETURNEE_MEDIUM_RISK,
						travelId, null, now,
						this.clock.dateOf(input.arrivedAt()).plusDays(this.policy.quarantine().daysFor(kind.name())),
						actor);
				measure = this.history.controlMeasure(measureId).orElseThrow();
			}
			this.healthCodes.raise(person.getId(), HealthCodeColour.valueOf(person.getHealthCode()),
					high ? HealthCodeColour.RED : HealthCodeColour.YELLOW,
					"arrived from " + level + "-risk area " + input.originName().strip(), now, actor);
			this.events.publishEvent(
					new ReturneeArrived(person.getId(), travelId, level, this.policy.returnees().testsOnArrival()));
		}
		return new RecordTravelPayload(this.history.travel(travelId).orElseThrow(), level, measure,
				this.people.person(person.getId()).orElseThrow(), List.of());
	}

	/** The person's row, locked until the end of the transaction. */
	private PersonRecord lockPerson(String globalId, String field) {
		PersonRecord person = this.db.selectFrom(PERSON)
			.where(PERSON.ID.eq(GlobalId.decode(globalId, "Person")))
			.forUpdate()
			.fetchOne();
		if (person == null) {
			throw Rules.notFound("person", field);
		}
		return person;
	}

	private @Nullable Long residence(@Nullable String globalId, List<UserError> errors) {
		if (globalId == null) {
			return null;
		}
		long id = GlobalId.decode(globalId, "Place");
		if (!this.db.fetchExists(PLACE, PLACE.ID.eq(id))) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such place", "input.residence"));
		}
		return id;
	}

	private static void checkPhone(@Nullable String phone, List<UserError> errors) {
		if (phone != null && !PHONE.matcher(phone.strip()).matches()) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a mobile number has 11 digits and starts with 13 to 19",
					"input.phone"));
		}
	}

	private static void checkAddress(@Nullable String address, List<UserError> errors) {
		if (address != null && address.strip().length() > 200) {
			errors
				.add(new UserError(ErrorCode.INVALID_VALUE, "an address has at most 200 characters", "input.address"));
		}
	}

	private static String[] names(List<PersonCategory> categories) {
		return categories.stream().map(Enum::name).toArray(String[]::new);
	}

}
