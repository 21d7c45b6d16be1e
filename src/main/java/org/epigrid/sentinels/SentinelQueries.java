package org.epigrid.sentinels;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.people.Symptom;
import org.epigrid.jooq.tables.records.DrugSaleRecord;
import org.epigrid.jooq.tables.records.FeverClinicVisitRecord;
import org.epigrid.jooq.tables.records.PersonRecord;
import org.epigrid.people.HealthCodeColour;
import org.epigrid.people.Person;
import org.epigrid.people.PersonCategory;
import org.epigrid.people.Sex;
import org.epigrid.places.Site;
import org.epigrid.places.SiteStatus;
import org.epigrid.places.SiteType;
import org.epigrid.privacy.Sealed;
import org.epigrid.support.Connection;
import org.epigrid.support.Cursor;
import org.epigrid.support.PageRequest;
import org.epigrid.testing.Sample;
import org.epigrid.testing.SampleKind;
import org.epigrid.testing.SamplePurpose;
import org.epigrid.testing.SampleResult;
import org.epigrid.testing.Specimen;

import static org.epigrid.jooq.Tables.DRUG_SALE;
import static org.epigrid.jooq.Tables.FEVER_CLINIC_VISIT;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.SAMPLE;
import static org.epigrid.jooq.Tables.SITE;

/**
 * SQL for fever-clinic visits and drug sales, and for the people, sites and samples they
 * refer to. Every method is one statement.
 */
@Repository
@Transactional(readOnly = true)
class SentinelQueries {

	private final DSLContext db;

	SentinelQueries(DSLContext db) {
		this.db = db;
	}

	// fever-clinic visits

	static FeverClinicVisit toVisit(FeverClinicVisitRecord r) {
		return new FeverClinicVisit(r.getId(), r.getSiteId(), r.getPersonId(), r.getVisitedAt(),
				(r.getTemperature() != null) ? r.getTemperature().doubleValue() : null,
				Arrays.stream(r.getSymptoms()).map(Symptom::valueOf).toList(), r.getSampleId(), r.getVersion());
	}

	Connection<FeverClinicVisit> visits(FeverClinicVisitFilter filter, PageRequest page) {
		Condition where = filter.toCondition();
		Cursor.Keys after = Cursor.decode(page.after(), 2);
		Condition keyset = (after != null) ? DSL.row(FEVER_CLINIC_VISIT.VISITED_AT, FEVER_CLINIC_VISIT.ID)
			.lt(DSL.row(after.timeAt(0), after.longAt(1))) : DSL.noCondition();
		List<FeverClinicVisit> rows = this.db.selectFrom(FEVER_CLINIC_VISIT)
			.where(where, keyset)
			.orderBy(FEVER_CLINIC_VISIT.VISITED_AT.desc(), FEVER_CLINIC_VISIT.ID.desc())
			.limit(page.limit())
			.fetch(SentinelQueries::toVisit);
		return Connection.of(rows, page, (visit) -> Cursor.encode(visit.visitedAt(), visit.id()),
				() -> this.db.fetchCount(FEVER_CLINIC_VISIT, where));
	}

	Optional<FeverClinicVisit> visit(long id) {
		return this.db.selectFrom(FEVER_CLINIC_VISIT)
			.where(FEVER_CLINIC_VISIT.ID.eq(id))
			.fetchOptional(SentinelQueries::toVisit);
	}

	// drug sales

	static DrugSale toSale(DrugSaleRecord r) {
		return new DrugSale(r.getId(), r.getPharmacySiteId(), r.getPersonId(),
				DrugCategory.valueOf(r.getDrugCategory()), r.getDrugName(), r.getQuantity(), r.getSoldAt(),
				DrugSaleFollowUpStatus.valueOf(r.getFollowUpStatus()), r.getFollowedUpAt(), r.getFollowUpSampleId(),
				r.getFollowUpReason(), r.getVersion());
	}

	/** Newest first: see {@link #salesPage}. */
	Connection<DrugSale> sales(DrugSaleFilter filter, PageRequest page) {
		Condition where = filter.toCondition();
		List<DrugSale> rows = salesPage(filter, page).fetch(SentinelQueries::toSale);
		return Connection.of(rows, page, (sale) -> Cursor.encode(sale.soldAt(), sale.id()),
				() -> this.db.fetchCount(DRUG_SALE, where));
	}

	/**
	 * The statement reading one page of sales. The keyset is written as {@code sold_at <=
	 * t and (sold_at < t or id < n)} rather than a row comparison, so that the planner
	 * sees a bound on the partition key and skips the months after the cursor, as it
	 * skips the months outside {@code from}/{@code to}.
	 */
	ResultQuery<DrugSaleRecord> salesPage(DrugSaleFilter filter, PageRequest page) {
		Cursor.Keys after = Cursor.decode(page.after(), 2);
		Condition keyset = DSL.noCondition();
		if (after != null) {
			OffsetDateTime soldAt = after.timeAt(0);
			keyset = DRUG_SALE.SOLD_AT.le(soldAt)
				.and(DRUG_SALE.SOLD_AT.lt(soldAt).or(DRUG_SALE.ID.lt(after.longAt(1))));
		}
		return this.db.selectFrom(DRUG_SALE)
			.where(filter.toCondition(), keyset)
			.orderBy(DRUG_SALE.SOLD_AT.desc(), DRUG_SALE.ID.desc())
			.limit(page.limit());
	}

	/** A sale by id alone: every partition's primary key index is probed. */
	Optional<DrugSale> sale(long id) {
		return this.db.selectFrom(DRUG_SALE).where(DRUG_SALE.ID.eq(id)).fetchOptional(SentinelQueries::toSale);
	}

	// people, sites and samples, as their features show them

	static Person toPerson(PersonRecord r) {
		return new Person(r.getId(), Sealed.of(r.getIdNumberEnc()), r.getFullName(), Sex.valueOf(r.getSex()),
				r.getBirthDate(), Sealed.of(r.getPhoneEnc()), r.getResidencePlaceId(), r.getAddress(),
				Arrays.stream(r.getCategories()).map(PersonCategory::valueOf).toList(),
				HealthCodeColour.valueOf(r.getHealthCode()), r.getHealthCodeChangedAt());
	}

	Map<Long, Person> peopleById(Collection<Long> ids) {
		Map<Long, Person> byId = new LinkedHashMap<>();
		this.db.selectFrom(PERSON)
			.where(PERSON.ID.in(ids))
			.fetch(SentinelQueries::toPerson)
			.forEach((person) -> byId.put(person.id(), person));
		return byId;
	}

	Map<Long, Site> sitesById(Collection<Long> ids) {
		Map<Long, Site> byId = new LinkedHashMap<>();
		this.db
			.select(SITE.ID, SITE.PLACE_ID, SITE.TYPE, SITE.NAME, SITE.ADDRESS, SITE.VENUE_CODE, SITE.STATUS,
					SITE.ROOMS, SITE.BEDS, SITE.DAILY_TEST_CAPACITY, SITE.LATITUDE, SITE.LONGITUDE)
			.from(SITE)
			.where(SITE.ID.in(ids))
			.fetch((r) -> new Site(r.value1(), r.value2(), SiteType.valueOf(r.value3()), r.value4(), r.value5(),
					r.value6(), SiteStatus.valueOf(r.value7()), r.value8(), r.value9(), r.value10(),
					r.get(SITE.LATITUDE, Double.class), r.get(SITE.LONGITUDE, Double.class)))
			.forEach((site) -> byId.put(site.id(), site));
		return byId;
	}

	private static List<SelectField<?>> sampleFields() {
		return List.of(SAMPLE.ID, SAMPLE.BARCODE, SAMPLE.KIND, SAMPLE.SPECIMEN, SAMPLE.PURPOSE, SAMPLE.PERSON_ID,
				SAMPLE.BATCH_ID, SAMPLE.SITE_ID, SAMPLE.PLACE_ID, SAMPLE.POOL_ID, SAMPLE.CAMPAIGN_ID,
				SAMPLE.RETEST_OF_ID, SAMPLE.COLLECTION_SITE_ID, SAMPLE.LAB_SITE_ID, SAMPLE.COLLECTED_AT,
				SAMPLE.RECEIVED_AT, SAMPLE.RESULTED_AT, SAMPLE.DUE_AT, SAMPLE.RESULT, SAMPLE.CT_VALUE,
				DSL.field(SAMPLE.RESULT.isNull().and(SAMPLE.DUE_AT.lt(DSL.currentOffsetDateTime()))).as("overdue"));
	}

	private static Sample toSample(Record r) {
		String result = r.get(SAMPLE.RESULT);
		return new Sample(r.get(SAMPLE.ID), r.get(SAMPLE.BARCODE), SampleKind.valueOf(r.get(SAMPLE.KIND)),
				Specimen.valueOf(r.get(SAMPLE.SPECIMEN)), SamplePurpose.valueOf(r.get(SAMPLE.PURPOSE)),
				r.get(SAMPLE.PERSON_ID), r.get(SAMPLE.BATCH_ID), r.get(SAMPLE.SITE_ID), r.get(SAMPLE.PLACE_ID),
				r.get(SAMPLE.POOL_ID), r.get(SAMPLE.CAMPAIGN_ID), r.get(SAMPLE.RETEST_OF_ID),
				r.get(SAMPLE.COLLECTION_SITE_ID), r.get(SAMPLE.LAB_SITE_ID), r.get(SAMPLE.COLLECTED_AT),
				r.get(SAMPLE.RECEIVED_AT), r.get(SAMPLE.RESULTED_AT), r.get(SAMPLE.DUE_AT),
				(result != null) ? SampleResult.valueOf(result) : null, r.get(SAMPLE.CT_VALUE, Double.class),
				r.get("overdue", Boolean.class));
	}

	Map<Long, Sample> samplesById(Collection<Long> ids) {
		Map<Long, Sample> byId = new LinkedHashMap<>();
		this.db.select(sampleFields())
			.from(SAMPLE)
			.where(SAMPLE.ID.in(ids))
			.fetch(SentinelQueries::toSample)
			.forEach((sample) -> byId.put(sample.id(), sample));
		return byId;
	}

}
