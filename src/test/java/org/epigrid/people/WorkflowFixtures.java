package org.epigrid.people;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.support.TestData.Ref;

import static org.epigrid.jooq.Tables.CASE_REPORT;
import static org.epigrid.jooq.Tables.CONTACT;
import static org.epigrid.jooq.Tables.CONTROL_MEASURE;
import static org.epigrid.jooq.Tables.HEALTH_CHECK;
import static org.epigrid.jooq.Tables.HEALTH_CODE_EVENT;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.SAMPLE;
import static org.epigrid.jooq.Tables.SITE;
import static org.epigrid.jooq.Tables.TRAVEL_RECORD;

/**
 * Data for the people workflow tests: ID numbers of region {@code 510104} (no other
 * fixture uses it), sites with a given number of rooms, test results, and snapshots of
 * everything the people workflows write, to show that a refusal changed nothing.
 */
class WorkflowFixtures {

	private static final AtomicInteger SERIAL = new AtomicInteger(1);

	private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase();

	private final DSLContext db;

	WorkflowFixtures(DSLContext db) {
		this.db = db;
	}

	/**
	 * A valid ID number born on {@code birth}, male or female, fresh on every call (up to
	 * 500 per birth date and sex).
	 */
	static String idNumber(LocalDate birth, boolean male) {
		int serial = SERIAL.getAndIncrement();
		int sequence = (serial % 500) * 2 + (male ? 1 : 0);
		String first17 = "510104" + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", sequence);
		return first17 + IdNumbers.checkCharacter(first17);
	}

	/** A fresh valid ID number with a birth date that depends on the call. */
	static String idNumber() {
		return idNumber(LocalDate.of(1970, 1, 1).plusDays(SERIAL.get() * 37L % 15000), SERIAL.get() % 2 == 0);
	}

	/** A site of the given type with the given number of rooms. */
	long site(Ref place, String type, @Nullable Integer rooms) {
		return this.db.insertInto(SITE)
			.set(SITE.PLACE_ID, place.id())
			.set(SITE.TYPE, type)
			.set(SITE.NAME, type.toLowerCase() + " " + SERIAL.get())
			.set(SITE.VENUE_CODE, "W" + RUN + "-" + SERIAL.getAndIncrement())
			.set(SITE.ROOMS, rooms)
			.returning(SITE.ID)
			.fetchOne(SITE.ID);
	}

	/** An individual sample of the person, collected, received and resulted. */
	long sample(long person, Ref place, String kind, String result, OffsetDateTime collectedAt) {
		return this.db.insertInto(SAMPLE)
			.set(SAMPLE.BARCODE, "PW-" + RUN + "-" + SERIAL.getAndIncrement())
			.set(SAMPLE.KIND, kind)
			.set(SAMPLE.SPECIMEN, "OROPHARYNGEAL_SWAB")
			.set(SAMPLE.PURPOSE, "QUARANTINE")
			.set(SAMPLE.PERSON_ID, person)
			.set(SAMPLE.PLACE_ID, place.id())
			.set(SAMPLE.COLLECTED_AT, collectedAt)
			.set(SAMPLE.DUE_AT, collectedAt.plusHours(12))
			.set(SAMPLE.RECEIVED_AT, collectedAt.plusHours(1))
			.set(SAMPLE.RESULTED_AT, collectedAt.plusHours(4))
			.set(SAMPLE.RESULT, result)
			.returning(SAMPLE.ID)
			.fetchOne(SAMPLE.ID);
	}

	/** A measure checked in at a site and room, assigned {@code assignedAt}. */
	long checkedIn(long person, String kind, long site, String room, OffsetDateTime assignedAt,
			LocalDate plannedReleaseOn) {
		return this.db.insertInto(CONTROL_MEASURE)
			.set(CONTROL_MEASURE.PERSON_ID, person)
			.set(CONTROL_MEASURE.KIND, kind)
			.set(CONTROL_MEASURE.REASON, "CLOSE_CONTACT")
			.set(CONTROL_MEASURE.STATUS, "CHECKED_IN")
			.set(CONTROL_MEASURE.SITE_ID, site)
			.set(CONTROL_MEASURE.ROOM, room)
			.set(CONTROL_MEASURE.ASSIGNED_AT, assignedAt)
			.set(CONTROL_MEASURE.CHECKED_IN_AT, assignedAt.plusHours(2))
			.set(CONTROL_MEASURE.PLANNED_RELEASE_ON, plannedReleaseOn)
			.returning(CONTROL_MEASURE.ID)
			.fetchOne(CONTROL_MEASURE.ID);
	}

	/** Moves a measure's assignment (and check-in) into the past. */
	void assignedAt(long measure, OffsetDateTime assignedAt) {
		this.db.update(CONTROL_MEASURE)
			.set(CONTROL_MEASURE.ASSIGNED_AT, assignedAt)
			.set(CONTROL_MEASURE.CHECKED_IN_AT,
					DSL.when(CONTROL_MEASURE.CHECKED_IN_AT.isNotNull(), assignedAt.plusHours(2)))
			.set(CONTROL_MEASURE.TRANSFER_STARTED_AT,
					DSL.when(CONTROL_MEASURE.TRANSFER_STARTED_AT.isNotNull(), assignedAt.plusHours(1)))
			.where(CONTROL_MEASURE.ID.eq(measure))
			.execute();
	}

	/**
	 * Everything the people workflows write about these people, as plain values: equal
	 * snapshots before and after a refusal show that it changed nothing.
	 */
	List<Object> snapshot(Long... people) {
		List<Long> ids = List.of(people);
		List<Object> state = new ArrayList<>();
		state.add(this.db.fetchCount(PERSON));
		state.add(rows(this.db.selectFrom(PERSON).where(PERSON.ID.in(ids)).orderBy(PERSON.ID).fetchMaps()));
		state.add(rows(this.db.selectFrom(HEALTH_CODE_EVENT)
			.where(HEALTH_CODE_EVENT.PERSON_ID.in(ids))
			.orderBy(HEALTH_CODE_EVENT.ID)
			.fetchMaps()));
		state.add(rows(this.db.selectFrom(TRAVEL_RECORD)
			.where(TRAVEL_RECORD.PERSON_ID.in(ids))
			.orderBy(TRAVEL_RECORD.ID)
			.fetchMaps()));
		state.add(rows(this.db.selectFrom(CONTROL_MEASURE)
			.where(CONTROL_MEASURE.PERSON_ID.in(ids))
			.orderBy(CONTROL_MEASURE.ID)
			.fetchMaps()));
		state.add(rows(this.db.selectFrom(HEALTH_CHECK)
			.where(HEALTH_CHECK.PERSON_ID.in(ids))
			.orderBy(HEALTH_CHECK.ID)
			.fetchMaps()));
		state.add(rows(this.db.selectFrom(CASE_REPORT)
			.where(CASE_REPORT.PERSON_ID.in(ids))
			.orderBy(CASE_REPORT.ID)
			.fetchMaps()));
		state.add(rows(this.db.selectFrom(CONTACT)
			.where(CONTACT.SOURCE_PERSON_ID.in(ids).or(CONTACT.CONTACT_PERSON_ID.in(ids)))
			.orderBy(CONTACT.ID)
			.fetchMaps()));
		return state;
	}

	/** Arrays compared by content. */
	private static List<Map<String, Object>> rows(List<Map<String, Object>> rows) {
		rows.forEach((row) -> row.replaceAll((k, v) -> (v instanceof Object[] array) ? List.of(array)
				: (v instanceof byte[] bytes) ? java.util.HexFormat.of().formatHex(bytes) : v));
		return rows;
	}

}
