package org.epigrid.people;

import java.time.OffsetDateTime;

import org.jooq.DSLContext;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.support.Actor;

import static org.epigrid.jooq.Tables.HEALTH_CODE_EVENT;
import static org.epigrid.jooq.Tables.PERSON;

/**
 * Changes a health code colour: the history event and the person's current colour, in the
 * caller's transaction.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class HealthCodes {

	private final DSLContext db;

	HealthCodes(DSLContext db) {
		this.db = db;
	}

	/** Records the change and returns the id of the history event. */
	long change(long personId, HealthCodeColour colour, String reason, OffsetDateTime at, Actor actor) {
		long eventId = this.db.insertInto(HEALTH_CODE_EVENT)
			.set(HEALTH_CODE_EVENT.PERSON_ID, personId)
			.set(HEALTH_CODE_EVENT.COLOUR, colour.name())
			.set(HEALTH_CODE_EVENT.CHANGED_AT, at)
			.set(HEALTH_CODE_EVENT.REASON, reason)
			.set(HEALTH_CODE_EVENT.CREATED_BY, actor.name())
			.returning(HEALTH_CODE_EVENT.ID)
			.fetchOne(HEALTH_CODE_EVENT.ID);
		this.db.update(PERSON)
			.set(PERSON.HEALTH_CODE, colour.name())
			.set(PERSON.HEALTH_CODE_CHANGED_AT, at)
			.set(PERSON.VERSION, PERSON.VERSION.plus(1))
			.set(PERSON.UPDATED_BY, actor.name())
			.where(PERSON.ID.eq(personId))
			.execute();
		return eventId;
	}

	/**
	 * Raises the colour to {@code colour} when the current one is less severe (GREEN <
	 * YELLOW < RED); never lowers it. Returns whether it changed.
	 */
	boolean raise(long personId, HealthCodeColour current, HealthCodeColour colour, String reason, OffsetDateTime at,
			Actor actor) {
		if (current.ordinal() >= colour.ordinal()) {
			return false;
		}
		change(personId, colour, reason, at, actor);
		return true;
	}

}
