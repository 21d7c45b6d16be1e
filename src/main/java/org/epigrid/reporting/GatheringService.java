package org.epigrid.reporting;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jooq.DSLContext;
import org.jooq.Record2;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.places.Areas;
import org.epigrid.reporting.ReportingInputs.DecideGatheringPlanInput;
import org.epigrid.reporting.ReportingInputs.RegisterGatheringInput;
import org.epigrid.reporting.ReportingInputs.SubmitGatheringPlanInput;
import org.epigrid.support.Actor;
import org.epigrid.support.ErrorCode;
import org.epigrid.support.GlobalId;
import org.epigrid.support.Policy;
import org.epigrid.support.RuleViolation;
import org.epigrid.support.UserError;

import static org.epigrid.jooq.Tables.GATHERING;
import static org.epigrid.jooq.Tables.PLACE;
import static org.epigrid.jooq.Tables.SITE;

/**
 * The rules of gathering registrations (R17): above the configured attendance
 * ({@code epigrid.policy.gatherings.plan-required-above}) a prevention plan is required,
 * submitted and decided on. Each public method is one transaction.
 */
@Service
@Transactional
class GatheringService {

	private final DSLContext db;

	private final ReportingQueries queries;

	private final Policy.Gatherings policy;

	GatheringService(DSLContext db, ReportingQueries queries, Policy policy) {
		this.db = db;
		this.queries = queries;
		this.policy = policy.gatherings();
	}

	/** Attendance above which a prevention plan is required. */
	int planRequiredAbove() {
		return this.policy.planRequiredAbove();
	}

	Gathering register(RegisterGatheringInput input, Actor actor) {
		long placeId = GlobalId.decode(input.place(), "Place");
		Long siteId = (input.site() != null) ? GlobalId.decode(input.site(), "Site") : null;
		List<UserError> errors = new ArrayList<>();
		Checks.requireText(input.name(), 200, "input.name", "the name", errors);
		Checks.requireText(input.organizer(), 200, "input.organizer", "the organizer", errors);
		if (!input.endsAt().isAfter(input.startsAt())) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a gathering must end after it starts", "input.endsAt"));
		}
		if (input.expectedAttendance() <= 0) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "the expected attendance must be at least 1",
					"input.expectedAttendance"));
		}
		boolean placeFound = this.db.fetchExists(PLACE, PLACE.ID.eq(placeId));
		if (!placeFound) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such place", "input.place"));
		}
		if (siteId != null) {
			if (!this.db.fetchExists(SITE, SITE.ID.eq(siteId))) {
				errors.add(new UserError(ErrorCode.NOT_FOUND, "no such site", "input.site"));
			}
			else if (placeFound
					&& !this.db.fetchExists(SITE, SITE.ID.eq(siteId), Areas.within(SITE.PLACE_ID, placeId))) {
				errors.add(new UserError(ErrorCode.INVALID_VALUE, "the site is not in the place of the gathering",
						"input.site"));
			}
		}
		RuleViolation.throwIfAny(errors);
		GatheringPlanStatus planStatus = (input.expectedAttendance() > planRequiredAbove())
				? GatheringPlanStatus.REQUIRED : GatheringPlanStatus.NOT_REQUIRED;
		long id = this.db.insertInto(GATHERING)
			.set(GATHERING.NAME, input.name().strip())
			.set(GATHERING.ORGANIZER, input.organizer().strip())
			.set(GATHERING.PLACE_ID, placeId)
			.set(GATHERING.SITE_ID, siteId)
			.set(GATHERING.STARTS_AT, input.startsAt())
			.set(GATHERING.ENDS_AT, input.endsAt())
			.set(GATHERING.EXPECTED_ATTENDANCE, input.expectedAttendance())
			.set(GATHERING.PLAN_STATUS, planStatus.name())
			.set(GATHERING.CREATED_BY, actor.name())
			.set(GATHERING.UPDATED_BY, actor.name())
			.returning(GATHERING.ID)
			.fetchOne(GATHERING.ID);
		return this.queries.gathering(id).orElseThrow();
	}

	/** REQUIRED or REJECTED › SUBMITTED. */
	Gathering submitPlan(SubmitGatheringPlanInput input, Actor actor) {
		long id = GlobalId.decode(input.id(), "Gathering");
		GatheringPlanStatus status = lock(id, input.expectedVersion());
		if (!Set.of(GatheringPlanStatus.REQUIRED, GatheringPlanStatus.REJECTED).contains(status)) {
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION, switch (status) {
				case NOT_REQUIRED -> "this gathering does not need a prevention plan";
				case SUBMITTED -> "the plan is already submitted and awaits a decision";
				default -> "the plan is already " + status;
			}, "input.id");
		}
		return move(id, GatheringPlanStatus.SUBMITTED, actor);
	}

	/** SUBMITTED › APPROVED or REJECTED. */
	Gathering decidePlan(DecideGatheringPlanInput input, Actor actor) {
		long id = GlobalId.decode(input.id(), "Gathering");
		GatheringPlanStatus status = lock(id, input.expectedVersion());
		if (status != GatheringPlanStatus.SUBMITTED) {
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION,
					"only a SUBMITTED plan can be decided on; this one is " + status, "input.id");
		}
		return move(id, GatheringPlanStatus.valueOf(input.decision().name()), actor);
	}

	private GatheringPlanStatus lock(long id, int expectedVersion) {
		Record2<String, Integer> row = this.db.select(GATHERING.PLAN_STATUS, GATHERING.VERSION)
			.from(GATHERING)
			.where(GATHERING.ID.eq(id))
			.forUpdate()
			.fetchOne();
		Checks.checkVersion((row != null) ? row.value2() : null, expectedVersion, "gathering");
		return GatheringPlanStatus.valueOf(row.value1());
	}

	private Gathering move(long id, GatheringPlanStatus to, Actor actor) {
		this.db.update(GATHERING)
			.set(GATHERING.PLAN_STATUS, to.name())
			.set(GATHERING.VERSION, GATHERING.VERSION.plus(1))
			.set(GATHERING.UPDATED_BY, actor.name())
			.where(GATHERING.ID.eq(id))
			.execute();
		return this.queries.gathering(id).orElseThrow();
	}

}
