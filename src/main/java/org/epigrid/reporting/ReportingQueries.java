package org.epigrid.reporting;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.jooq.tables.records.AdverseReactionRecord;
import org.epigrid.jooq.tables.records.DailyReportRecord;
import org.epigrid.jooq.tables.records.GatheringRecord;
import org.epigrid.jooq.tables.records.PersonRecord;
import org.epigrid.jooq.tables.records.VaccinationRecord;
import org.epigrid.people.HealthCodeColour;
import org.epigrid.people.Person;
import org.epigrid.people.PersonCategory;
import org.epigrid.people.Sex;
import org.epigrid.places.Areas;
import org.epigrid.places.Place;
import org.epigrid.places.PlaceLevel;
import org.epigrid.places.Site;
import org.epigrid.places.SiteStatus;
import org.epigrid.places.SiteType;
import org.epigrid.privacy.Sealed;
import org.epigrid.support.BadRequestException;
import org.epigrid.support.Connection;
import org.epigrid.support.Cursor;
import org.epigrid.support.PageRequest;

import static org.epigrid.jooq.Tables.ADVERSE_REACTION;
import static org.epigrid.jooq.Tables.DAILY_REPORT;
import static org.epigrid.jooq.Tables.GATHERING;
import static org.epigrid.jooq.Tables.INSPECTION;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.PLACE;
import static org.epigrid.jooq.Tables.SITE;
import static org.epigrid.jooq.Tables.VACCINATION;

/**
 * SQL for daily reports, inspections, vaccinations and gatherings, and the batched
 * lookups of the sites, places and people they point to. Every method is one statement.
 */
@Repository
@Transactional(readOnly = true)
class ReportingQueries {

	/** The most institutions {@code DailyReportCompliance.missing} lists. */
	static final int MAX_MISSING = 500;

	private final DSLContext db;

	private final ReportingProperties properties;

	ReportingQueries(DSLContext db, ReportingProperties properties) {
		this.db = db;
		this.properties = properties;
	}

	// daily reports (R14)

	Connection<DailyReport> dailyReports(DailyReportFilter filter, PageRequest page) {
		Condition where = filter.toCondition();
		Cursor.Keys after = Cursor.decode(page.after(), 2);
		Condition keyset = (after != null)
				? DSL.row(DAILY_REPORT.REPORT_DATE, DAILY_REPORT.ID).lt(dateAt(after, 0), after.longAt(1))
				: DSL.noCondition();
		List<DailyReport> rows = this.db.selectFrom(DAILY_REPORT)
			.where(where, keyset)
			.orderBy(DAILY_REPORT.REPORT_DATE.desc(), DAILY_REPORT.ID.desc())
			.limit(page.limit())
			.fetch(ReportingQueries::toDailyReport);
		return Connection.of(rows, page, (report) -> Cursor.encode(report.reportDate(), report.id()),
				() -> this.db.fetchCount(DAILY_REPORT, where));
	}

	Optional<DailyReport> dailyReport(long id) {
		return this.db.selectFrom(DAILY_REPORT)
			.where(DAILY_REPORT.ID.eq(id))
			.fetchOptional(ReportingQueries::toDailyReport);
	}

	private static DailyReport toDailyReport(DailyReportRecord r) {
		return new DailyReport(r.getId(), r.getSiteId(), r.getReportDate(), r.getZeroReport(), r.getFeverCount(),
				r.getSuspectedCount(), r.getAbsentCount(), r.getNotes(), r.getReportedAt(), r.getCreatedBy(),
				r.getVersion());
	}

	/** Active institutions in the area: the sites expected to report every day. */
	private Condition expectedInstitutions(long areaId) {
		return DSL.and(SITE.TYPE.in(this.properties.institutionTypeNames()), SITE.STATUS.eq(SiteStatus.ACTIVE.name()),
				Areas.within(SITE.PLACE_ID, areaId));
	}

	/**
	 * The counts of the compliance view in one statement: expected institutions
	 * left-joined with their report of the day (at most one, by the unique key).
	 */
	DailyReportCompliance compliance(long areaId, LocalDate date) {
		Record counts = this.db
			.select(DSL.count(), DSL.count(DAILY_REPORT.ID), DSL.count().filterWhere(DAILY_REPORT.ZERO_REPORT.isTrue()))
			.from(SITE)
			.leftJoin(DAILY_REPORT)
			.on(DAILY_REPORT.SITE_ID.eq(SITE.ID), DAILY_REPORT.REPORT_DATE.eq(date))
			.where(expectedInstitutions(areaId))
			.fetchOne();
		return new DailyReportCompliance(areaId, date, counts.get(0, Integer.class), counts.get(1, Integer.class),
				counts.get(2, Integer.class));
	}

	/** Expected institutions without a report for the day, by id, at most 500. */
	List<Site> missingInstitutions(long areaId, LocalDate date) {
		return this.db.select(siteFields())
			.from(SITE)
			.where(expectedInstitutions(areaId))
			.andNotExists(DSL.selectOne()
				.from(DAILY_REPORT)
				.where(DAILY_REPORT.SITE_ID.eq(SITE.ID), DAILY_REPORT.REPORT_DATE.eq(date)))
			.orderBy(SITE.ID)
			.limit(MAX_MISSING)
			.fetch(ReportingQueries::toSite);
	}

	boolean placeExists(long id) {
		return this.db.fetchExists(PLACE, PLACE.ID.eq(id));
	}

	// inspections (R15)

	private Field<Boolean> overdue() {
		return DSL.field(InspectionFilter.overdue(this.properties.today())).as("overdue");
	}

	Connection<Inspection> inspections(InspectionFilter filter, PageRequest page) {
		Condition where = filter.toCondition(this.properties.today());
		Cursor.Keys after = Cursor.decode(page.after(), 2);
		Condition keyset = (after != null)
				? DSL.row(INSPECTION.INSPECTED_AT, INSPECTION.ID).lt(after.timeAt(0), after.longAt(1))
				: DSL.noCondition();
		List<Inspection> rows = this.db.select(INSPECTION.asterisk(), overdue())
			.from(INSPECTION)
			.where(where, keyset)
			.orderBy(INSPECTION.INSPECTED_AT.desc(), INSPECTION.ID.desc())
			.limit(page.limit())
			.fetch(ReportingQueries::toInspection);
		return Connection.of(rows, page, (inspection) -> Cursor.encode(inspection.inspectedAt(), inspection.id()),
				() -> this.db.fetchCount(INSPECTION, where));
	}

	Optional<Inspection> inspection(long id) {
		return this.db.select(INSPECTION.asterisk(), overdue())
			.from(INSPECTION)
			.where(INSPECTION.ID.eq(id))
			.fetchOptional(ReportingQueries::toInspection);
	}

	private static Inspection toInspection(Record r) {
		return new Inspection(r.get(INSPECTION.ID), r.get(INSPECTION.SITE_ID), r.get(INSPECTION.PLACE_ID),
				r.get(INSPECTION.INSPECTED_AT), r.get(INSPECTION.INSPECTOR), r.get(INSPECTION.FINDING),
				InspectionSeverity.valueOf(r.get(INSPECTION.SEVERITY)), r.get(INSPECTION.RECTIFICATION_DUE_ON),
				InspectionStatus.valueOf(r.get(INSPECTION.STATUS)), r.get(INSPECTION.RECTIFIED_AT),
				r.get(INSPECTION.RECTIFICATION_NOTE), r.get(INSPECTION.PUBLICLY_NAMED), r.get(INSPECTION.VERSION),
				r.get("overdue", Boolean.class));
	}

	// vaccinations and adverse reactions (R16)

	Connection<Vaccination> vaccinations(VaccinationFilter filter, PageRequest page) {
		Condition where = filter.toCondition();
		Cursor.Keys after = Cursor.decode(page.after(), 2);
		Condition keyset = (after != null)
				? DSL.row(VACCINATION.VACCINATED_AT, VACCINATION.ID).lt(after.timeAt(0), after.longAt(1))
				: DSL.noCondition();
		List<Vaccination> rows = this.db.selectFrom(VACCINATION)
			.where(where, keyset)
			.orderBy(VACCINATION.VACCINATED_AT.desc(), VACCINATION.ID.desc())
			.limit(page.limit())
			.fetch(ReportingQueries::toVaccination);
		return Connection.of(rows, page, (vaccination) -> Cursor.encode(vaccination.vaccinatedAt(), vaccination.id()),
				() -> this.db.fetchCount(VACCINATION, where));
	}

	Optional<Vaccination> vaccination(long id) {
		return this.db.selectFrom(VACCINATION)
			.where(VACCINATION.ID.eq(id))
			.fetchOptional(ReportingQueries::toVaccination);
	}

	Map<Long, Vaccination> vaccinationsById(Collection<Long> ids) {
		Map<Long, Vaccination> byId = new LinkedHashMap<>();
		this.db.selectFrom(VACCINATION)
			.where(VACCINATION.ID.in(ids))
			.fetch(ReportingQueries::toVaccination)
			.forEach((vaccination) -> byId.put(vaccination.id(), vaccination));
		return byId;
	}

	/** Each person's doses, in dose order. */
	Map<Long, List<Vaccination>> vaccinationsOf(Collection<Long> personIds) {
		Map<Long, List<Vaccination>> byPerson = new LinkedHashMap<>();
		this.db.selectFrom(VACCINATION)
			.where(VACCINATION.PERSON_ID.in(personIds))
			.orderBy(VACCINATION.PERSON_ID, VACCINATION.DOSE_NUMBER)
			.fetch(ReportingQueries::toVaccination)
			.forEach((vaccination) -> byPerson.computeIfAbsent(vaccination.personId(), (k) -> new ArrayList<>())
				.add(vaccination));
		return byPerson;
	}

	private static Vaccination toVaccination(VaccinationRecord r) {
		return new Vaccination(r.getId(), r.getPersonId(), r.getDoseNumber(), r.getProduct(), r.getLot(), r.getSiteId(),
				r.getVaccinatedAt());
	}

	/** Each vaccination's adverse reactions, by onset. */
	Map<Long, List<AdverseReaction>> adverseReactionsOf(Collection<Long> vaccinationIds) {
		Map<Long, List<AdverseReaction>> byVaccination = new LinkedHashMap<>();
		this.db.selectFrom(ADVERSE_REACTION)
			.where(ADVERSE_REACTION.VACCINATION_ID.in(vaccinationIds))
			.orderBy(ADVERSE_REACTION.VACCINATION_ID, ADVERSE_REACTION.ONSET_AT, ADVERSE_REACTION.ID)
			.fetch(ReportingQueries::toAdverseReaction)
			.forEach((reaction) -> byVaccination.computeIfAbsent(reaction.vaccinationId(), (k) -> new ArrayList<>())
				.add(reaction));
		return byVaccination;
	}

	Optional<AdverseReaction> adverseReaction(long id) {
		return this.db.selectFrom(ADVERSE_REACTION)
			.where(ADVERSE_REACTION.ID.eq(id))
			.fetchOptional(ReportingQueries::toAdverseReaction);
	}

	private static AdverseReaction toAdverseReaction(AdverseReactionRecord r) {
		return new AdverseReaction(r.getId(), r.getVaccinationId(), r.getOnsetAt(),
				AdverseReactionSeverity.valueOf(r.getSeverity()), r.getDescription());
	}

	// gatherings (R17)

	Connection<Gathering> gatherings(GatheringFilter filter, PageRequest page) {
		Condition where = filter.toCondition();
		Cursor.Keys after = Cursor.decode(page.after(), 2);
		Condition keyset = (after != null)
				? DSL.row(GATHERING.STARTS_AT, GATHERING.ID).gt(after.timeAt(0), after.longAt(1)) : DSL.noCondition();
		List<Gathering> rows = this.db.selectFrom(GATHERING)
			.where(where, keyset)
			.orderBy(GATHERING.STARTS_AT, GATHERING.ID)
			.limit(page.limit())
			.fetch(ReportingQueries::toGathering);
		return Connection.of(rows, page, (gathering) -> Cursor.encode(gathering.startsAt(), gathering.id()),
				() -> this.db.fetchCount(GATHERING, where));
	}

	Optional<Gathering> gathering(long id) {
		return this.db.selectFrom(GATHERING).where(GATHERING.ID.eq(id)).fetchOptional(ReportingQueries::toGathering);
	}

	private static Gathering toGathering(GatheringRecord r) {
		return new Gathering(r.getId(), r.getName(), r.getOrganizer(), r.getPlaceId(), r.getSiteId(), r.getStartsAt(),
				r.getEndsAt(), r.getExpectedAttendance(), GatheringPlanStatus.valueOf(r.getPlanStatus()),
				r.getVersion());
	}

	// what the records point to, batched

	Map<Long, Site> sitesById(Collection<Long> ids) {
		Map<Long, Site> byId = new LinkedHashMap<>();
		this.db.select(siteFields())
			.from(SITE)
			.where(SITE.ID.in(ids))
			.fetch(ReportingQueries::toSite)
			.forEach((site) -> byId.put(site.id(), site));
		return byId;
	}

	private static List<Field<?>> siteFields() {
		return List.of(SITE.ID, SITE.PLACE_ID, SITE.TYPE, SITE.NAME, SITE.ADDRESS, SITE.VENUE_CODE, SITE.STATUS,
				SITE.ROOMS, SITE.BEDS, SITE.DAILY_TEST_CAPACITY, SITE.LATITUDE, SITE.LONGITUDE);
	}

	private static Site toSite(Record r) {
		return new Site(r.get(SITE.ID), r.get(SITE.PLACE_ID), SiteType.valueOf(r.get(SITE.TYPE)), r.get(SITE.NAME),
				r.get(SITE.ADDRESS), r.get(SITE.VENUE_CODE), SiteStatus.valueOf(r.get(SITE.STATUS)), r.get(SITE.ROOMS),
				r.get(SITE.BEDS), r.get(SITE.DAILY_TEST_CAPACITY), r.get(SITE.LATITUDE, Double.class),
				r.get(SITE.LONGITUDE, Double.class));
	}

	Map<Long, Place> placesById(Collection<Long> ids) {
		Field<String> path = DSL.field("ltree2text({0})", String.class, PLACE.PATH);
		Map<Long, Place> byId = new LinkedHashMap<>();
		this.db
			.select(PLACE.ID, PLACE.CODE, PLACE.NAME, PLACE.LEVEL, PLACE.PARENT_ID, path, PLACE.POPULATION,
					PLACE.LATITUDE, PLACE.LONGITUDE)
			.from(PLACE)
			.where(PLACE.ID.in(ids))
			.forEach((r) -> byId.put(r.value1(),
					new Place(r.value1(), r.value2(), r.value3(), PlaceLevel.valueOf(r.value4()), r.value5(),
							r.value6(), r.value7(), r.get(PLACE.LATITUDE, Double.class),
							r.get(PLACE.LONGITUDE, Double.class))));
		return byId;
	}

	Map<Long, Person> peopleById(Collection<Long> ids) {
		Map<Long, Person> byId = new LinkedHashMap<>();
		this.db.selectFrom(PERSON)
			.where(PERSON.ID.in(ids))
			.fetch(ReportingQueries::toPerson)
			.forEach((person) -> byId.put(person.id(), person));
		return byId;
	}

	/** As the people feature builds a {@link Person}. */
	private static Person toPerson(PersonRecord r) {
		return new Person(r.getId(), Sealed.of(r.getIdNumberEnc()), r.getFullName(), Sex.valueOf(r.getSex()),
				r.getBirthDate(), Sealed.of(r.getPhoneEnc()), r.getResidencePlaceId(), r.getAddress(),
				Arrays.stream(r.getCategories()).map(PersonCategory::valueOf).toList(),
				HealthCodeColour.valueOf(r.getHealthCode()), r.getHealthCodeChangedAt());
	}

	private static LocalDate dateAt(Cursor.Keys keys, int index) {
		try {
			return LocalDate.parse(keys.stringAt(index));
		}
		catch (DateTimeParseException ex) {
			throw new BadRequestException("'after' is not a cursor returned by this connection");
		}
	}

}
