package org.epigrid.people;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

import org.epigrid.privacy.PersonalDataCipher;
import org.epigrid.privacy.PersonalField;
import org.epigrid.support.TestData.Ref;

import static org.epigrid.jooq.Tables.CASE_REPORT;
import static org.epigrid.jooq.Tables.CONTACT;
import static org.epigrid.jooq.Tables.CONTROL_MEASURE;
import static org.epigrid.jooq.Tables.HEALTH_CHECK;
import static org.epigrid.jooq.Tables.HEALTH_CODE_EVENT;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.TRAVEL_RECORD;

/**
 * Known people and their histories for the people tests, inserted with jOOQ. ID numbers
 * use region codes other than TestData's {@code 330106}, so the two never collide.
 */
class PeopleFixtures {

	private static final AtomicInteger SERIAL = new AtomicInteger(1);

	private final DSLContext db;

	private final PersonalDataCipher cipher;

	PeopleFixtures(DSLContext db, PersonalDataCipher cipher) {
		this.db = db;
		this.cipher = cipher;
	}

	/** A valid resident ID number of the given region (6 digits), unique per call. */
	static String idNumber(String region) {
		int serial = SERIAL.getAndIncrement();
		String birth = LocalDate.of(1960, 1, 1).plusDays(serial / 1000).format(DateTimeFormatter.BASIC_ISO_DATE);
		String body = region + birth + String.format("%03d", serial % 1000);
		int[] weights = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += (body.charAt(i) - '0') * weights[i];
		}
		return body + "10X98765432".charAt(sum % 11);
	}

	long person(Ref residence, String fullName, String healthCode, String... categories) {
		return personWithIdNumber(residence, fullName, idNumber("440106"), healthCode, categories);
	}

	long personWithIdNumber(Ref residence, String fullName, String idNumber, String healthCode, String... categories) {
		return this.db.insertInto(PERSON)
			.set(PERSON.ID_NUMBER_ENC, this.cipher.encrypt(PersonalField.ID_NUMBER, idNumber))
			.set(PERSON.ID_NUMBER_HASH, this.cipher.hash(PersonalField.ID_NUMBER, idNumber))
			.set(PERSON.ID_NUMBER_REGION, idNumber.substring(0, 6))
			.set(PERSON.FULL_NAME, fullName)
			.set(PERSON.SEX, "MALE")
			.set(PERSON.BIRTH_DATE, LocalDate.of(1975, 6, 1))
			.set(PERSON.RESIDENCE_PLACE_ID, residence.id())
			.set(PERSON.CATEGORIES, categories)
			.set(PERSON.HEALTH_CODE, healthCode)
			.returning(PERSON.ID)
			.fetchOne(PERSON.ID);
	}

	long healthCodeEvent(long person, String colour, OffsetDateTime changedAt, String reason) {
		return this.db.insertInto(HEALTH_CODE_EVENT)
			.set(HEALTH_CODE_EVENT.PERSON_ID, person)
			.set(HEALTH_CODE_EVENT.COLOUR, colour)
			.set(HEALTH_CODE_EVENT.CHANGED_AT, changedAt)
			.set(HEALTH_CODE_EVENT.REASON, reason)
			.returning(HEALTH_CODE_EVENT.ID)
			.fetchOne(HEALTH_CODE_EVENT.ID);
	}

	long travel(long person, String originName, String originRisk, OffsetDateTime arrivedAt, String transport,
			Ref destination, String detectedVia) {
		return this.db.insertInto(TRAVEL_RECORD)
			.set(TRAVEL_RECORD.PERSON_ID, person)
			.set(TRAVEL_RECORD.ORIGIN_AREA_CODE, "420106")
			.set(TRAVEL_RECORD.ORIGIN_NAME, originName)
			.set(TRAVEL_RECORD.ORIGIN_RISK_LEVEL, originRisk)
			.set(TRAVEL_RECORD.DEPARTED_AT, arrivedAt.minusHours(5))
			.set(TRAVEL_RECORD.ARRIVED_AT, arrivedAt)
			.set(TRAVEL_RECORD.TRANSPORT, transport)
			.set(TRAVEL_RECORD.TRANSPORT_NUMBER, transport.equals("TRAIN") ? "G1234" : null)
			.set(TRAVEL_RECORD.DESTINATION_PLACE_ID, destination.id())
			.set(TRAVEL_RECORD.DETECTED_VIA, detectedVia)
			.returning(TRAVEL_RECORD.ID)
			.fetchOne(TRAVEL_RECORD.ID);
	}

	/**
	 * A measure in the given status; the times each status needs follow from
	 * {@code assignedAt}.
	 */
	long measure(long person, String kind, String reason, String status, @Nullable Long site, @Nullable String room,
			OffsetDateTime assignedAt) {
		boolean checkedIn = status.equals("CHECKED_IN") || status.equals("RELEASED");
		return this.db.insertInto(CONTROL_MEASURE)
			.set(CONTROL_MEASURE.PERSON_ID, person)
			.set(CONTROL_MEASURE.KIND, kind)
			.set(CONTROL_MEASURE.REASON, reason)
			.set(CONTROL_MEASURE.STATUS, status)
			.set(CONTROL_MEASURE.SITE_ID, site)
			.set(CONTROL_MEASURE.ROOM, room)
			.set(CONTROL_MEASURE.ASSIGNED_AT, assignedAt)
			.set(CONTROL_MEASURE.TRANSFER_STARTED_AT, checkedIn ? assignedAt.plusHours(1) : null)
			.set(CONTROL_MEASURE.CHECKED_IN_AT, checkedIn ? assignedAt.plusHours(2) : null)
			.set(CONTROL_MEASURE.PLANNED_RELEASE_ON, assignedAt.toLocalDate().plusDays(14))
			.set(CONTROL_MEASURE.RELEASED_AT, status.equals("RELEASED") ? assignedAt.plusDays(14) : null)
			.set(CONTROL_MEASURE.CANCELLED_AT, status.equals("CANCELLED") ? assignedAt.plusHours(3) : null)
			.set(CONTROL_MEASURE.CANCEL_REASON, status.equals("CANCELLED") ? "assigned twice" : null)
			.returning(CONTROL_MEASURE.ID)
			.fetchOne(CONTROL_MEASURE.ID);
	}

	long healthCheck(long person, long measure, LocalDate checkedOn, String temperature, String... symptoms) {
		return this.db.insertInto(HEALTH_CHECK)
			.set(HEALTH_CHECK.PERSON_ID, person)
			.set(HEALTH_CHECK.MEASURE_ID, measure)
			.set(HEALTH_CHECK.CHECKED_ON, checkedOn)
			.set(HEALTH_CHECK.CHECKED_AT, checkedOn.atTime(8, 0).atOffset(ZoneOffset.ofHours(8)))
			.set(HEALTH_CHECK.TEMPERATURE, new BigDecimal(temperature))
			.set(HEALTH_CHECK.SYMPTOMS, symptoms)
			.set(HEALTH_CHECK.CHECKED_BY, "nurse")
			.returning(HEALTH_CHECK.ID)
			.fetchOne(HEALTH_CHECK.ID);
	}

	long contact(long source, long contact, String degree, OffsetDateTime exposureAt, @Nullable Long site,
			@Nullable String setting, OffsetDateTime traceDueAt, @Nullable OffsetDateTime tracedAt) {
		return this.db.insertInto(CONTACT)
			.set(CONTACT.SOURCE_PERSON_ID, source)
			.set(CONTACT.CONTACT_PERSON_ID, contact)
			.set(CONTACT.DEGREE, degree)
			.set(CONTACT.EXPOSURE_AT, exposureAt)
			.set(CONTACT.EXPOSURE_SITE_ID, site)
			.set(CONTACT.EXPOSURE_SETTING, setting)
			.set(CONTACT.IDENTIFIED_AT, traceDueAt.minusHours(24))
			.set(CONTACT.TRACE_DUE_AT, traceDueAt)
			.set(CONTACT.TRACED_AT, tracedAt)
			.returning(CONTACT.ID)
			.fetchOne(CONTACT.ID);
	}

	/**
	 * A case reported two hours after diagnosis and reviewed by the county an hour later.
	 */
	long caseReport(long person, String classification, @Nullable Long site, OffsetDateTime diagnosedAt) {
		return this.db.insertInto(CASE_REPORT)
			.set(CASE_REPORT.PERSON_ID, person)
			.set(CASE_REPORT.CLASSIFICATION, classification)
			.set(CASE_REPORT.REPORTING_SITE_ID, site)
			.set(CASE_REPORT.DIAGNOSED_AT, diagnosedAt)
			.set(CASE_REPORT.REPORT_DUE_AT, diagnosedAt.plusHours(2))
			.set(CASE_REPORT.REPORTED_AT, diagnosedAt.plusHours(2))
			.set(CASE_REPORT.COUNTY_REVIEW_DUE_AT, diagnosedAt.plusHours(4))
			.set(CASE_REPORT.COUNTY_REVIEWED_AT, diagnosedAt.plusHours(3))
			.set(CASE_REPORT.CITY_REVIEW_DUE_AT, diagnosedAt.plusHours(8))
			.set(CASE_REPORT.PROVINCE_REVIEW_DUE_AT, diagnosedAt.plusHours(12))
			.returning(CASE_REPORT.ID)
			.fetchOne(CASE_REPORT.ID);
	}

}
