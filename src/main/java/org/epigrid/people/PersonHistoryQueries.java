package org.epigrid.people;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.jooq.tables.records.CaseReportRecord;
import org.epigrid.jooq.tables.records.ControlMeasureRecord;
import org.epigrid.jooq.tables.records.HealthCheckRecord;
import org.epigrid.jooq.tables.records.HealthCodeEventRecord;
import org.epigrid.jooq.tables.records.TravelRecordRecord;
import org.epigrid.places.RiskLevel;

import static org.epigrid.jooq.Tables.CASE_REPORT;
import static org.epigrid.jooq.Tables.CONTACT;
import static org.epigrid.jooq.Tables.CONTROL_MEASURE;
import static org.epigrid.jooq.Tables.HEALTH_CHECK;
import static org.epigrid.jooq.Tables.HEALTH_CODE_EVENT;
import static org.epigrid.jooq.Tables.TRAVEL_RECORD;

/**
 * SQL for what happened to people: health codes, travels, control measures, health
 * checks, contacts, cases. Every method is one statement; lists come newest first.
 */
@Repository
@Transactional(readOnly = true)
class PersonHistoryQueries {

	/** Not traced and past its deadline, decided by the database clock. */
	private static final Field<Boolean> CONTACT_OVERDUE = DSL
		.field(CONTACT.TRACED_AT.isNull().and(CONTACT.TRACE_DUE_AT.lt(DSL.currentOffsetDateTime())))
		.as("overdue");

	private final DSLContext db;

	PersonHistoryQueries(DSLContext db) {
		this.db = db;
	}

	// health codes

	private static HealthCodeEvent toHealthCodeEvent(HealthCodeEventRecord r) {
		return new HealthCodeEvent(r.getId(), r.getPersonId(), HealthCodeColour.valueOf(r.getColour()),
				r.getChangedAt(), r.getReason());
	}

	Map<Long, List<HealthCodeEvent>> healthCodeHistoryOf(Collection<Long> personIds) {
		return group(this.db.selectFrom(HEALTH_CODE_EVENT)
			.where(HEALTH_CODE_EVENT.PERSON_ID.in(personIds))
			.orderBy(HEALTH_CODE_EVENT.CHANGED_AT.desc(), HEALTH_CODE_EVENT.ID.desc())
			.fetch(PersonHistoryQueries::toHealthCodeEvent), HealthCodeEvent::personId);
	}

	Optional<HealthCodeEvent> healthCodeEvent(long id) {
		return this.db.selectFrom(HEALTH_CODE_EVENT)
			.where(HEALTH_CODE_EVENT.ID.eq(id))
			.fetchOptional(PersonHistoryQueries::toHealthCodeEvent);
	}

	// travels

	private static TravelRecord toTravel(TravelRecordRecord r) {
		return new TravelRecord(r.getId(), r.getPersonId(), r.getOriginAreaCode(), r.getOriginName(),
				RiskLevel.valueOf(r.getOriginRiskLevel()), r.getDepartedAt(), r.getArrivedAt(),
				TransportMode.valueOf(r.getTransport()), r.getTransportNumber(), r.getDestinationPlaceId(),
				DetectionChannel.valueOf(r.getDetectedVia()));
	}

	Map<Long, List<TravelRecord>> travelsOf(Collection<Long> personIds) {
		return group(this.db.selectFrom(TRAVEL_RECORD)
			.where(TRAVEL_RECORD.PERSON_ID.in(personIds))
			.orderBy(TRAVEL_RECORD.ARRIVED_AT.desc(), TRAVEL_RECORD.ID.desc())
			.fetch(PersonHistoryQueries::toTravel), TravelRecord::personId);
	}

	Optional<TravelRecord> travel(long id) {
		return this.db.selectFrom(TRAVEL_RECORD)
			.where(TRAVEL_RECORD.ID.eq(id))
			.fetchOptional(PersonHistoryQueries::toTravel);
	}

	// control measures and their health checks

	private static ControlMeasure toMeasure(ControlMeasureRecord r) {
		return new ControlMeasure(r.getId(), r.getPersonId(), ControlMeasureKind.valueOf(r.getKind()),
				ControlMeasureReason.valueOf(r.getReason()), r.getSiteId(), r.getRoom(),
				ControlMeasureStatus.valueOf(r.getStatus()), r.getAssignedAt(), r.getTransferStartedAt(),
				r.getCheckedInAt(), r.getPlannedReleaseOn(), r.getReleasedAt(), r.getCancelledAt(), r.getCancelReason(),
				r.getVersion());
	}

	Map<Long, List<ControlMeasure>> controlMeasuresOf(Collection<Long> personIds) {
		return group(this.db.selectFrom(CONTROL_MEASURE)
			.where(CONTROL_MEASURE.PERSON_ID.in(personIds))
			.orderBy(CONTROL_MEASURE.ASSIGNED_AT.desc(), CONTROL_MEASURE.ID.desc())
			.fetch(PersonHistoryQueries::toMeasure), ControlMeasure::personId);
	}

	Optional<ControlMeasure> controlMeasure(long id) {
		return this.db.selectFrom(CONTROL_MEASURE)
			.where(CONTROL_MEASURE.ID.eq(id))
			.fetchOptional(PersonHistoryQueries::toMeasure);
	}

	private static HealthCheck toHealthCheck(HealthCheckRecord r) {
		return new HealthCheck(r.getId(), r.getPersonId(), r.getMeasureId(), r.getCheckedOn(), r.getCheckedAt(),
				r.getTemperature().doubleValue(), Arrays.stream(r.getSymptoms()).map(Symptom::valueOf).toList(),
				r.getCheckedBy());
	}

	Map<Long, List<HealthCheck>> healthChecksOf(Collection<Long> measureIds) {
		return group(this.db.selectFrom(HEALTH_CHECK)
			.where(HEALTH_CHECK.MEASURE_ID.in(measureIds))
			.orderBy(HEALTH_CHECK.CHECKED_ON.desc(), HEALTH_CHECK.ID.desc())
			.fetch(PersonHistoryQueries::toHealthCheck), HealthCheck::measureId);
	}

	Optional<HealthCheck> healthCheck(long id) {
		return this.db.selectFrom(HEALTH_CHECK)
			.where(HEALTH_CHECK.ID.eq(id))
			.fetchOptional(PersonHistoryQueries::toHealthCheck);
	}

	// contacts

	private static Contact toContact(Record r) {
		String setting = r.get(CONTACT.EXPOSURE_SETTING);
		return new Contact(r.get(CONTACT.ID), r.get(CONTACT.SOURCE_PERSON_ID), r.get(CONTACT.CONTACT_PERSON_ID),
				ContactDegree.valueOf(r.get(CONTACT.DEGREE)), r.get(CONTACT.EXPOSURE_AT),
				r.get(CONTACT.EXPOSURE_SITE_ID), (setting != null) ? ExposureSetting.valueOf(setting) : null,
				r.get(CONTACT.IDENTIFIED_AT), r.get(CONTACT.TRACE_DUE_AT), r.get(CONTACT.TRACED_AT),
				r.get(CONTACT_OVERDUE), r.get(CONTACT.VERSION));
	}

	/**
	 * For each person, the exposure edges where they are the source or the contact,
	 * newest exposure first.
	 */
	Map<Long, List<Contact>> contactsOf(Collection<Long> personIds) {
		Map<Long, List<Contact>> contacts = new LinkedHashMap<>();
		this.db.select(CONTACT.asterisk(), CONTACT_OVERDUE)
			.from(CONTACT)
			.where(CONTACT.SOURCE_PERSON_ID.in(personIds).or(CONTACT.CONTACT_PERSON_ID.in(personIds)))
			.orderBy(CONTACT.EXPOSURE_AT.desc(), CONTACT.ID.desc())
			.fetch(PersonHistoryQueries::toContact)
			.forEach((contact) -> {
				contacts.computeIfAbsent(contact.sourcePersonId(), (k) -> new ArrayList<>()).add(contact);
				contacts.computeIfAbsent(contact.contactPersonId(), (k) -> new ArrayList<>()).add(contact);
			});
		return contacts;
	}

	Optional<Contact> contact(long id) {
		return this.db.select(CONTACT.asterisk(), CONTACT_OVERDUE)
			.from(CONTACT)
			.where(CONTACT.ID.eq(id))
			.fetchOptional(PersonHistoryQueries::toContact);
	}

	// cases

	private static CaseReport toCase(CaseReportRecord r) {
		return new CaseReport(r.getId(), r.getPersonId(), CaseClassification.valueOf(r.getClassification()),
				r.getReportingSiteId(), r.getDiagnosedAt(), r.getReportDueAt(), r.getReportedAt(),
				r.getCountyReviewDueAt(), r.getCountyReviewedAt(), r.getCityReviewDueAt(), r.getCityReviewedAt(),
				r.getProvinceReviewDueAt(), r.getProvinceReviewedAt(), r.getSourceSampleId(), r.getVersion());
	}

	Map<Long, List<CaseReport>> casesOf(Collection<Long> personIds) {
		return group(this.db.selectFrom(CASE_REPORT)
			.where(CASE_REPORT.PERSON_ID.in(personIds))
			.orderBy(CASE_REPORT.DIAGNOSED_AT.desc(), CASE_REPORT.ID.desc())
			.fetch(PersonHistoryQueries::toCase), CaseReport::personId);
	}

	Optional<CaseReport> caseReport(long id) {
		return this.db.selectFrom(CASE_REPORT).where(CASE_REPORT.ID.eq(id)).fetchOptional(PersonHistoryQueries::toCase);
	}

	/** Rows grouped by a key, keeping their order. */
	private static <T> Map<Long, List<T>> group(List<T> rows, Function<T, Long> key) {
		Map<Long, List<T>> groups = new LinkedHashMap<>();
		rows.forEach((row) -> groups.computeIfAbsent(key.apply(row), (k) -> new ArrayList<>()).add(row));
		return groups;
	}

}
