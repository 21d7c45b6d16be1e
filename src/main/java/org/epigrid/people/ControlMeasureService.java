package org.epigrid.people;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.jooq.tables.records.ControlMeasureRecord;
import org.epigrid.jooq.tables.records.SiteRecord;
import org.epigrid.people.ControlMeasureInputs.AssignControlMeasureInput;
import org.epigrid.people.ControlMeasureInputs.CancelControlMeasureInput;
import org.epigrid.people.ControlMeasureInputs.CheckInInput;
import org.epigrid.people.ControlMeasureInputs.RecordHealthCheckInput;
import org.epigrid.people.ControlMeasureInputs.ReleaseFromQuarantineInput;
import org.epigrid.people.ControlMeasureInputs.StartTransferInput;
import org.epigrid.places.SiteStatus;
import org.epigrid.places.SiteType;
import org.epigrid.support.Actor;
import org.epigrid.support.ErrorCode;
import org.epigrid.support.GlobalId;
import org.epigrid.support.Policy;
import org.epigrid.support.RuleViolation;
import org.epigrid.support.UserError;

import static org.epigrid.jooq.Tables.CONTROL_MEASURE;
import static org.epigrid.jooq.Tables.HEALTH_CHECK;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.SITE;

/**
 * The state machine of control measures (R6, 接转-入住-解除) and their daily health checks.
 *
 * <pre>
 * at a site (centralized quarantine, hospital isolation):
 *   ASSIGNED ─startTransfer→ TRANSFERRING ─checkIn→ CHECKED_IN ─release→ RELEASED
 *   ASSIGNED ─checkIn→ CHECKED_IN
 * at home (home quarantine, home health monitoring): the measure runs from assignment
 *   ASSIGNED ─release→ RELEASED
 * any active state ─cancel→ CANCELLED
 * </pre>
 *
 * Every transition locks the measure row and checks {@code expectedVersion}.
 */
@Service
@Transactional
class ControlMeasureService {

	static final Set<String> ACTIVE = Set.of(ControlMeasureStatus.ASSIGNED.name(),
			ControlMeasureStatus.TRANSFERRING.name(), ControlMeasureStatus.CHECKED_IN.name());

	private static final BigDecimal LOWEST_TEMPERATURE = new BigDecimal("34.0");

	private static final BigDecimal HIGHEST_TEMPERATURE = new BigDecimal("43.0");

	private final DSLContext db;

	private final PersonHistoryQueries history;

	private final HealthCodes healthCodes;

	private final TestResults testResults;

	private final Policy policy;

	private final PeopleClock clock;

	ControlMeasureService(DSLContext db, PersonHistoryQueries history, HealthCodes healthCodes, TestResults testResults,
			Policy policy, PeopleClock clock) {
		this.db = db;
		this.history = history;
		this.healthCodes = healthCodes;
		this.testResults = testResults;
		this.policy = policy;
		this.clock = clock;
	}

	/** Measures served at a site, and the type of site each needs. */
	static @Nullable SiteType siteTypeFor(ControlMeasureKind kind) {
		return switch (kind) {
			case CENTRALIZED_QUARANTINE -> SiteType.QUARANTINE_HOTEL;
			case HOSPITAL_ISOLATION -> SiteType.HOSPITAL;
			case HOME_QUARANTINE, HOME_HEALTH_MONITORING -> null;
		};
	}

	ControlMeasure assign(AssignControlMeasureInput input, Actor actor) {
		OffsetDateTime now = this.clock.now();
		List<UserError> errors = new ArrayList<>();
		Long siteId = null;
		if (input.site() != null) {
			siteId = GlobalId.decode(input.site(), "Site");
			SiteRecord site = this.db.selectFrom(SITE).where(SITE.ID.eq(siteId)).fetchOne();
			checkSite(site, input.kind(), errors);
		}
		LocalDate today = this.clock.today();
		LocalDate plannedReleaseOn = (input.plannedReleaseOn() != null) ? input.plannedReleaseOn()
				: today.plusDays(this.policy.quarantine().daysFor(input.kind().name()));
		if (plannedReleaseOn.isBefore(today)) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "the planned release cannot be before today",
					"input.plannedReleaseOn"));
		}
		RuleViolation.throwIfAny(errors);
		long personId = GlobalId.decode(input.person(), "Person");
		if (this.db.selectFrom(PERSON).where(PERSON.ID.eq(personId)).forUpdate().fetchOne() == null) {
			throw Rules.notFound("person", "input.person");
		}
		if (this.db.fetchExists(CONTROL_MEASURE, CONTROL_MEASURE.PERSON_ID.eq(personId),
				CONTROL_MEASURE.STATUS.in(ACTIVE))) {
			throw new RuleViolation(ErrorCode.DUPLICATE,
					"the person is already under an active control measure; release or cancel it first",
					"input.person");
		}
		long id = insert(personId, input.kind(), input.reason(), null, siteId, now, plannedReleaseOn, actor);
		return this.history.controlMeasure(id).orElseThrow();
	}

	/** A new ASSIGNED measure; the caller has checked that none is active. */
	long insert(long personId, ControlMeasureKind kind, ControlMeasureReason reason, @Nullable Long travelRecordId,
			@Nullable Long siteId, OffsetDateTime assignedAt, LocalDate plannedReleaseOn, Actor actor) {
		return this.db.insertInto(CONTROL_MEASURE)
			.set(CONTROL_MEASURE.PERSON_ID, personId)
			.set(CONTROL_MEASURE.KIND, kind.name())
			.set(CONTROL_MEASURE.REASON, reason.name())
			.set(CONTROL_MEASURE.TRAVEL_RECORD_ID, travelRecordId)
			.set(CONTROL_MEASURE.SITE_ID, siteId)
			.set(CONTROL_MEASURE.STATUS, ControlMeasureStatus.ASSIGNED.name())
			.set(CONTROL_MEASURE.ASSIGNED_AT, assignedAt)
			.set(CONTROL_MEASURE.PLANNED_RELEASE_ON, plannedReleaseOn)
			.set(CONTROL_MEASURE.CREATED_BY, actor.name())
			.set(CONTROL_MEASURE.UPDATED_BY, actor.name())
			.returning(CONTROL_MEASURE.ID)
			.fetchOne(CONTROL_MEASURE.ID);
	}

	ControlMeasure startTransfer(StartTransferInput input, Actor actor) {
		ControlMeasureRecord measure = lock(input.id(), input.expectedVersion());
		ControlMeasureKind kind = ControlMeasureKind.valueOf(measure.getKind());
		if (siteTypeFor(kind) == null) {
			throw illegal("a measure at home has no transfer");
		}
		requireStatus(measure, "start a transfer", ControlMeasureStatus.ASSIGNED);
		measure.setStatus(ControlMeasureStatus.TRANSFERRING.name());
		measure.setTransferStartedAt(this.clock.now());
		return save(measure, actor);
	}

	/**
	 * Checks a person in at a quarantine hotel or hospital, in a room. The site row is
	 * locked so that concurrent check-ins into the same site are serialized: the count of
	 * checked-in measures never exceeds the site's rooms.
	 */
	ControlMeasure checkIn(CheckInInput input, Actor actor) {
		ControlMeasureRecord measure = lock(input.id(), input.expectedVersion());
		ControlMeasureKind kind = ControlMeasureKind.valueOf(measure.getKind());
		if (siteTypeFor(kind) == null) {
			throw illegal("a measure at home runs from its assignment; there is no check-in");
		}
		requireStatus(measure, "check in", ControlMeasureStatus.ASSIGNED, ControlMeasureStatus.TRANSFERRING);
		List<UserError> errors = new ArrayList<>();
		Long siteId = (input.site() != null) ? Long.valueOf(GlobalId.decode(input.site(), "Site"))
				: measure.getSiteId();
		if (siteId == null) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "name the site to check in at", "input.site"));
		}
		Rules.requireText(input.room(), 32, "a room", "input.room", errors);
		RuleViolation.throwIfAny(errors);
		SiteRecord site = this.db.selectFrom(SITE).where(SITE.ID.eq(siteId)).forUpdate().fetchOne();
		checkSite(site, kind, errors);
		RuleViolation.throwIfAny(errors);
		if (site.getRooms() == null) {
			throw new RuleViolation(ErrorCode.RULE_VIOLATED,
					"the site has no rooms recorded; set its rooms before checking people in", "input.site");
		}
		int checkedIn = this.db.fetchCount(CONTROL_MEASURE, CONTROL_MEASURE.SITE_ID.eq(siteId),
				CONTROL_MEASURE.STATUS.eq(ControlMeasureStatus.CHECKED_IN.name()));
		if (checkedIn >= site.getRooms()) {
			throw new RuleViolation(ErrorCode.CAPACITY_EXCEEDED,
					"the site is full: all " + site.getRooms() + " rooms are taken", "input.site");
		}
		String room = input.room().strip();
		if (this.db.fetchExists(CONTROL_MEASURE, CONTROL_MEASURE.SITE_ID.eq(siteId), CONTROL_MEASURE.ROOM.eq(room),
				CONTROL_MEASURE.STATUS.eq(ControlMeasureStatus.CHECKED_IN.name()))) {
			throw new RuleViolation(ErrorCode.DUPLICATE, "the room is occupied", "input.room");
		}
		measure.setStatus(ControlMeasureStatus.CHECKED_IN.name());
		measure.setSiteId(siteId);
		measure.setRoom(room);
		measure.setCheckedInAt(this.clock.now());
		return save(measure, actor);
	}

	/**
	 * Releases a person when the planned release date has come, the policy's negative PCR
	 * results are in (collected within the last {@code testsWithinDays} days) and no
	 * positive result came since the measure was assigned. The health code turns GREEN.
	 */
	ControlMeasure release(ReleaseFromQuarantineInput input, Actor actor) {
		ControlMeasureRecord measure = lock(input.id(), input.expectedVersion());
		ControlMeasureKind kind = ControlMeasureKind.valueOf(measure.getKind());
		if (siteTypeFor(kind) != null) {
			requireStatus(measure, "release", ControlMeasureStatus.CHECKED_IN);
		}
		else {
			requireStatus(measure, "release", ControlMeasureStatus.ASSIGNED, ControlMeasureStatus.CHECKED_IN);
		}
		OffsetDateTime now = this.clock.now();
		List<UserError> errors = new ArrayList<>();
		if (this.clock.today().isBefore(measure.getPlannedReleaseOn())) {
			errors.add(new UserError(ErrorCode.RULE_VIOLATED,
					"the planned release date " + measure.getPlannedReleaseOn() + " has not come", "input.id"));
		}
		Policy.Quarantine quarantine = this.policy.quarantine();
		int required = quarantine.requiredNegativeTestsFor(kind.name());
		if (required > 0) {
			long negatives = this.testResults.negativePcrResultsSince(measure.getPersonId(),
					now.minusDays(quarantine.testsWithinDays()));
			if (negatives < required) {
				errors.add(new UserError(ErrorCode.RULE_VIOLATED,
						"release needs " + required + " negative PCR results collected in the last "
								+ quarantine.testsWithinDays() + " days; " + negatives + " found",
						"input.id"));
			}
		}
		if (this.testResults.positiveResultSince(measure.getPersonId(), measure.getAssignedAt())) {
			errors.add(new UserError(ErrorCode.RULE_VIOLATED,
					"the person has had a positive result since the measure was assigned", "input.id"));
		}
		RuleViolation.throwIfAny(errors);
		measure.setStatus(ControlMeasureStatus.RELEASED.name());
		if (measure.getCheckedInAt() == null) {
			// a measure at home ran from its assignment
			measure.setCheckedInAt(measure.getAssignedAt());
		}
		measure.setReleasedAt(now);
		ControlMeasure released = save(measure, actor);
		String colour = this.db.select(PERSON.HEALTH_CODE)
			.from(PERSON)
			.where(PERSON.ID.eq(measure.getPersonId()))
			.fetchOne(PERSON.HEALTH_CODE);
		if (!HealthCodeColour.GREEN.name().equals(colour)) {
			this.healthCodes.change(measure.getPersonId(), HealthCodeColour.GREEN,
					"released from " + kind.name().toLowerCase().replace('_', ' '), now, actor);
		}
		return released;
	}

	ControlMeasure cancel(CancelControlMeasureInput input, Actor actor) {
		ControlMeasureRecord measure = lock(input.id(), input.expectedVersion());
		requireStatus(measure, "cancel", ControlMeasureStatus.ASSIGNED, ControlMeasureStatus.TRANSFERRING,
				ControlMeasureStatus.CHECKED_IN);
		List<UserError> errors = new ArrayList<>();
		Rules.requireText(input.reason(), 200, "a reason", "input.reason", errors);
		RuleViolation.throwIfAny(errors);
		measure.setStatus(ControlMeasureStatus.CANCELLED.name());
		measure.setCancelledAt(this.clock.now());
		measure.setCancelReason(input.reason().strip());
		return save(measure, actor);
	}

	/**
	 * A daily health check (one per person per day, the centre's calendar) while the
	 * measure runs: checked in, or at home from assignment.
	 */
	HealthCheck recordHealthCheck(RecordHealthCheckInput input, Actor actor) {
		long measureId = GlobalId.decode(input.measure(), "ControlMeasure");
		ControlMeasureRecord measure = this.db.selectFrom(CONTROL_MEASURE)
			.where(CONTROL_MEASURE.ID.eq(measureId))
			.fetchOne();
		if (measure == null) {
			throw Rules.notFound("control measure", "input.measure");
		}
		boolean home = siteTypeFor(ControlMeasureKind.valueOf(measure.getKind())) == null;
		ControlMeasureStatus status = ControlMeasureStatus.valueOf(measure.getStatus());
		if (!(status == ControlMeasureStatus.CHECKED_IN || home && status == ControlMeasureStatus.ASSIGNED)) {
			throw new RuleViolation(ErrorCode.RULE_VIOLATED,
					"health checks are recorded while the measure runs (checked in, or at home); it is " + status,
					"input.measure");
		}
		OffsetDateTime now = this.clock.now();
		OffsetDateTime checkedAt = (input.checkedAt() != null) ? input.checkedAt() : now;
		List<UserError> errors = new ArrayList<>();
		BigDecimal temperature = BigDecimal.valueOf(input.temperature()).setScale(1, RoundingMode.HALF_UP);
		if (temperature.compareTo(LOWEST_TEMPERATURE) < 0 || temperature.compareTo(HIGHEST_TEMPERATURE) > 0) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a body temperature is between 34.0 and 43.0 °C",
					"input.temperature"));
		}
		Rules.requirePast(checkedAt, now, "a health check", "input.checkedAt", errors);
		if (checkedAt.isBefore(measure.getAssignedAt())) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a health check cannot be before the measure began",
					"input.checkedAt"));
		}
		RuleViolation.throwIfAny(errors);
		LocalDate checkedOn = this.clock.dateOf(checkedAt);
		if (this.db.fetchExists(HEALTH_CHECK, HEALTH_CHECK.PERSON_ID.eq(measure.getPersonId()),
				HEALTH_CHECK.CHECKED_ON.eq(checkedOn))) {
			throw new RuleViolation(ErrorCode.DUPLICATE, "the person's health check for " + checkedOn + " is recorded",
					"input.checkedAt");
		}
		List<Symptom> symptoms = (input.symptoms() != null) ? input.symptoms().stream().distinct().toList() : List.of();
		long id = this.db.insertInto(HEALTH_CHECK)
			.set(HEALTH_CHECK.PERSON_ID, measure.getPersonId())
			.set(HEALTH_CHECK.MEASURE_ID, measureId)
			.set(HEALTH_CHECK.CHECKED_ON, checkedOn)
			.set(HEALTH_CHECK.CHECKED_AT, checkedAt)
			.set(HEALTH_CHECK.TEMPERATURE, temperature)
			.set(HEALTH_CHECK.SYMPTOMS, symptoms.stream().map(Enum::name).toArray(String[]::new))
			.set(HEALTH_CHECK.CHECKED_BY, actor.name())
			.returning(HEALTH_CHECK.ID)
			.fetchOne(HEALTH_CHECK.ID);
		return this.history.healthCheck(id).orElseThrow();
	}

	private static void checkSite(@Nullable SiteRecord site, ControlMeasureKind kind, List<UserError> errors) {
		SiteType needed = siteTypeFor(kind);
		if (needed == null) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a measure at home has no site", "input.site"));
		}
		else if (site == null) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such site", "input.site"));
		}
		else if (!site.getType().equals(needed.name())) {
			errors.add(new UserError(ErrorCode.RULE_VIOLATED,
					kind + " takes place at a " + needed + ", not at a " + site.getType(), "input.site"));
		}
		else if (!site.getStatus().equals(SiteStatus.ACTIVE.name())) {
			errors.add(new UserError(ErrorCode.RULE_VIOLATED, "the site is " + site.getStatus(), "input.site"));
		}
	}

	/**
	 * The measure's row, locked; NOT_FOUND when missing, CONFLICT when stale. The
	 * person's row is locked first, the order every people workflow locks in (person,
	 * measure, site), so that concurrent workflows on one person cannot deadlock.
	 */
	private ControlMeasureRecord lock(String globalId, int expectedVersion) {
		long id = GlobalId.decode(globalId, "ControlMeasure");
		Long personId = this.db.select(CONTROL_MEASURE.PERSON_ID)
			.from(CONTROL_MEASURE)
			.where(CONTROL_MEASURE.ID.eq(id))
			.fetchOne(CONTROL_MEASURE.PERSON_ID);
		if (personId == null) {
			throw Rules.notFound("control measure", "input.id");
		}
		this.db.select(PERSON.ID).from(PERSON).where(PERSON.ID.eq(personId)).forUpdate().execute();
		ControlMeasureRecord measure = this.db.selectFrom(CONTROL_MEASURE)
			.where(CONTROL_MEASURE.ID.eq(id))
			.forUpdate()
			.fetchOne();
		Rules.checkVersion(measure.getVersion(), expectedVersion, "control measure");
		return measure;
	}

	private static void requireStatus(ControlMeasureRecord measure, String step, ControlMeasureStatus... allowed) {
		for (ControlMeasureStatus status : allowed) {
			if (measure.getStatus().equals(status.name())) {
				return;
			}
		}
		throw illegal("cannot " + step + " a measure that is " + measure.getStatus());
	}

	private static RuleViolation illegal(String message) {
		return new RuleViolation(ErrorCode.ILLEGAL_TRANSITION, message, "input.id");
	}

	private ControlMeasure save(ControlMeasureRecord measure, Actor actor) {
		measure.setVersion(measure.getVersion() + 1);
		measure.setUpdatedBy(actor.name());
		measure.store();
		return this.history.controlMeasure(measure.getId()).orElseThrow();
	}

}
