package org.epigrid.reporting;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.jooq.DSLContext;
import org.jooq.Record;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.places.Areas;
import org.epigrid.reporting.ReportingInputs.RecordInspectionInput;
import org.epigrid.reporting.ReportingInputs.RecordRectificationInput;
import org.epigrid.reporting.ReportingInputs.VerifyRectificationInput;
import org.epigrid.support.Actor;
import org.epigrid.support.ErrorCode;
import org.epigrid.support.GlobalId;
import org.epigrid.support.RuleViolation;
import org.epigrid.support.UserError;

import static org.epigrid.jooq.Tables.INSPECTION;
import static org.epigrid.jooq.Tables.PLACE;
import static org.epigrid.jooq.Tables.SITE;

/**
 * The rules of supervision inspections (R15, 督导检查、通报、整改): a finding with a severity and a
 * rectification deadline goes OPEN › RECTIFIED › VERIFIED. Each public method is one
 * transaction.
 */
@Service
@Transactional
class InspectionService {

	private final DSLContext db;

	private final ReportingQueries queries;

	private final ReportingProperties properties;

	InspectionService(DSLContext db, ReportingQueries queries, ReportingProperties properties) {
		this.db = db;
		this.queries = queries;
		this.properties = properties;
	}

	/**
	 * Records a finding about a site or a place. Given only a site, the finding is about
	 * the site's place; given both, the site must be in that place or below it.
	 */
	Inspection record(RecordInspectionInput input, Actor actor) {
		Long siteId = (input.site() != null) ? GlobalId.decode(input.site(), "Site") : null;
		Long placeId = (input.place() != null) ? GlobalId.decode(input.place(), "Place") : null;
		List<UserError> errors = new ArrayList<>();
		if (siteId == null && placeId == null) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "give the place inspected, or the site", "input.place"));
		}
		boolean placeFound = placeId == null || this.db.fetchExists(PLACE, PLACE.ID.eq(placeId));
		if (!placeFound) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such place", "input.place"));
		}
		if (siteId != null) {
			Long sitePlace = this.db.select(SITE.PLACE_ID).from(SITE).where(SITE.ID.eq(siteId)).fetchOne(SITE.PLACE_ID);
			if (sitePlace == null) {
				errors.add(new UserError(ErrorCode.NOT_FOUND, "no such site", "input.site"));
			}
			else if (placeId == null) {
				placeId = sitePlace;
			}
			else if (placeFound
					&& !this.db.fetchExists(SITE, SITE.ID.eq(siteId), Areas.within(SITE.PLACE_ID, placeId))) {
				errors.add(
						new UserError(ErrorCode.INVALID_VALUE, "the site is not in the place inspected", "input.site"));
			}
		}
		OffsetDateTime inspectedAt = (input.inspectedAt() != null) ? input.inspectedAt() : OffsetDateTime.now();
		Checks.notInFuture(inspectedAt, "input.inspectedAt", "the inspection time", errors);
		Checks.requireText(input.inspector(), 100, "input.inspector", "the inspector", errors);
		Checks.requireText(input.finding(), 4000, "input.finding", "the finding", errors);
		LocalDate inspectedOn = inspectedAt.atZoneSameInstant(this.properties.zone()).toLocalDate();
		if (input.rectificationDueOn().isBefore(inspectedOn)) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE,
					"the rectification deadline cannot be before the inspection (" + inspectedOn + ")",
					"input.rectificationDueOn"));
		}
		RuleViolation.throwIfAny(errors);
		long id = this.db.insertInto(INSPECTION)
			.set(INSPECTION.SITE_ID, siteId)
			.set(INSPECTION.PLACE_ID, placeId)
			.set(INSPECTION.INSPECTED_AT, inspectedAt)
			.set(INSPECTION.INSPECTOR, input.inspector().strip())
			.set(INSPECTION.FINDING, input.finding().strip())
			.set(INSPECTION.SEVERITY, input.severity().name())
			.set(INSPECTION.RECTIFICATION_DUE_ON, input.rectificationDueOn())
			.set(INSPECTION.STATUS, InspectionStatus.OPEN.name())
			.set(INSPECTION.PUBLICLY_NAMED, Boolean.TRUE.equals(input.publiclyNamed()))
			.set(INSPECTION.CREATED_BY, actor.name())
			.set(INSPECTION.UPDATED_BY, actor.name())
			.returning(INSPECTION.ID)
			.fetchOne(INSPECTION.ID);
		return this.queries.inspection(id).orElseThrow();
	}

	/** OPEN › RECTIFIED: the site reports what it changed. */
	Inspection rectify(RecordRectificationInput input, Actor actor) {
		long id = GlobalId.decode(input.id(), "Inspection");
		Record row = lock(id, input.expectedVersion());
		requireStatus(row, InspectionStatus.OPEN, "only an OPEN finding can be rectified");
		List<UserError> errors = new ArrayList<>();
		Checks.requireText(input.note(), 4000, "input.note", "the rectification note", errors);
		OffsetDateTime rectifiedAt = (input.rectifiedAt() != null) ? input.rectifiedAt() : OffsetDateTime.now();
		Checks.notInFuture(rectifiedAt, "input.rectifiedAt", "the rectification time", errors);
		if (rectifiedAt.isBefore(row.get(INSPECTION.INSPECTED_AT))) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a finding cannot be rectified before the inspection",
					"input.rectifiedAt"));
		}
		RuleViolation.throwIfAny(errors);
		this.db.update(INSPECTION)
			.set(INSPECTION.STATUS, InspectionStatus.RECTIFIED.name())
			.set(INSPECTION.RECTIFIED_AT, rectifiedAt)
			.set(INSPECTION.RECTIFICATION_NOTE, input.note().strip())
			.set(INSPECTION.VERSION, INSPECTION.VERSION.plus(1))
			.set(INSPECTION.UPDATED_BY, actor.name())
			.where(INSPECTION.ID.eq(id))
			.execute();
		return this.queries.inspection(id).orElseThrow();
	}

	/** RECTIFIED › VERIFIED: the inspectors confirm the rectification. */
	Inspection verify(VerifyRectificationInput input, Actor actor) {
		long id = GlobalId.decode(input.id(), "Inspection");
		Record row = lock(id, input.expectedVersion());
		requireStatus(row, InspectionStatus.RECTIFIED, "only a RECTIFIED finding can be verified");
		this.db.update(INSPECTION)
			.set(INSPECTION.STATUS, InspectionStatus.VERIFIED.name())
			.set(INSPECTION.VERSION, INSPECTION.VERSION.plus(1))
			.set(INSPECTION.UPDATED_BY, actor.name())
			.where(INSPECTION.ID.eq(id))
			.execute();
		return this.queries.inspection(id).orElseThrow();
	}

	private Record lock(long id, int expectedVersion) {
		Record row = this.db.select(INSPECTION.STATUS, INSPECTION.VERSION, INSPECTION.INSPECTED_AT)
			.from(INSPECTION)
			.where(INSPECTION.ID.eq(id))
			.forUpdate()
			.fetchOne();
		Checks.checkVersion((row != null) ? row.get(INSPECTION.VERSION) : null, expectedVersion, "inspection");
		return row;
	}

	private static void requireStatus(Record row, InspectionStatus required, String message) {
		String status = row.get(INSPECTION.STATUS);
		if (!required.name().equals(status)) {
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION, message + "; this one is " + status, "input.id");
		}
	}

}
