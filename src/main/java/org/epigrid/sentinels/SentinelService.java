package org.epigrid.sentinels;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jooq.DSLContext;
import org.jooq.Record3;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.people.Symptom;
import org.epigrid.jooq.tables.records.DrugSaleRecord;
import org.epigrid.jooq.tables.records.FeverClinicVisitRecord;
import org.epigrid.places.SiteType;
import org.epigrid.sentinels.SentinelInputs.CloseDrugSaleFollowUpInput;
import org.epigrid.sentinels.SentinelInputs.CreateCampaignInput;
import org.epigrid.sentinels.SentinelInputs.LinkFeverClinicSampleInput;
import org.epigrid.sentinels.SentinelInputs.RecordDrugSaleInput;
import org.epigrid.sentinels.SentinelInputs.RecordFeverClinicVisitInput;
import org.epigrid.support.Actor;
import org.epigrid.support.ErrorCode;
import org.epigrid.support.GlobalId;
import org.epigrid.support.RuleViolation;
import org.epigrid.support.UserError;
import org.epigrid.testing.Campaign;

import static org.epigrid.jooq.Tables.CAMPAIGN;
import static org.epigrid.jooq.Tables.DRUG_SALE;
import static org.epigrid.jooq.Tables.FEVER_CLINIC_VISIT;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.PLACE;
import static org.epigrid.jooq.Tables.SAMPLE;
import static org.epigrid.jooq.Tables.SITE;

/**
 * The rules of mass-testing campaigns (R9) and of the sentinels (R11): fever-clinic
 * visits that must each get a sample, and real-name drug sales whose follow-up is closed
 * when the buyer is tested or cleared. Each method is one transaction; a refusal is a
 * {@link RuleViolation} and rolls everything back.
 */
@Service
@Transactional
class SentinelService {

	private static final double LOWEST_TEMPERATURE = 34.0;

	private static final double HIGHEST_TEMPERATURE = 43.0;

	private static final Set<SiteType> FEVER_CLINIC_SITES = Set.of(SiteType.FEVER_CLINIC, SiteType.HOSPITAL);

	private final DSLContext db;

	SentinelService(DSLContext db) {
		this.db = db;
	}

	// R9 campaigns

	Campaign createCampaign(CreateCampaignInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		String name = input.name().strip();
		if (name.isEmpty() || name.length() > 100) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a name has 1 to 100 characters", "input.name"));
		}
		long areaId = GlobalId.decode(input.area(), "Place");
		if (!this.db.fetchExists(PLACE, PLACE.ID.eq(areaId))) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such place", "input.area"));
		}
		if (input.endsOn().isBefore(input.startsOn())) {
			errors
				.add(new UserError(ErrorCode.INVALID_VALUE, "a campaign cannot end before it starts", "input.endsOn"));
		}
		else if (input.endsOn().isBefore(LocalDate.now())) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a campaign cannot end in the past", "input.endsOn"));
		}
		RuleViolation.throwIfAny(errors);
		long id = this.db.insertInto(CAMPAIGN)
			.set(CAMPAIGN.NAME, name)
			.set(CAMPAIGN.PLACE_ID, areaId)
			.set(CAMPAIGN.STARTS_ON, input.startsOn())
			.set(CAMPAIGN.ENDS_ON, input.endsOn())
			.set(CAMPAIGN.CREATED_BY, actor.name())
			.set(CAMPAIGN.UPDATED_BY, actor.name())
			.returning(CAMPAIGN.ID)
			.fetchOne(CAMPAIGN.ID);
		return new Campaign(id, name, areaId, input.startsOn(), input.endsOn());
	}

	// R11 fever clinics

	FeverClinicVisit recordFeverClinicVisit(RecordFeverClinicVisitInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		long siteId = GlobalId.decode(input.site(), "Site");
		long personId = GlobalId.decode(input.person(), "Person");
		checkSite(siteId, FEVER_CLINIC_SITES, "input.site", errors);
		checkPerson(personId, "input.person", errors);
		if (input.visitedAt().isAfter(OffsetDateTime.now())) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a visit cannot be in the future", "input.visitedAt"));
		}
		if (!(input.temperature() >= LOWEST_TEMPERATURE && input.temperature() <= HIGHEST_TEMPERATURE)) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a body temperature is between 34 and 43 °C",
					"input.temperature"));
		}
		RuleViolation.throwIfAny(errors);
		List<Symptom> symptoms = (input.symptoms() != null) ? input.symptoms().stream().distinct().toList() : List.of();
		FeverClinicVisitRecord visit = this.db.insertInto(FEVER_CLINIC_VISIT)
			.set(FEVER_CLINIC_VISIT.SITE_ID, siteId)
			.set(FEVER_CLINIC_VISIT.PERSON_ID, personId)
			.set(FEVER_CLINIC_VISIT.VISITED_AT, input.visitedAt())
			.set(FEVER_CLINIC_VISIT.TEMPERATURE,
					BigDecimal.valueOf(input.temperature()).setScale(1, RoundingMode.HALF_UP))
			.set(FEVER_CLINIC_VISIT.SYMPTOMS, symptoms.stream().map(Enum::name).toArray(String[]::new))
			.set(FEVER_CLINIC_VISIT.CREATED_BY, actor.name())
			.set(FEVER_CLINIC_VISIT.UPDATED_BY, actor.name())
			.returning()
			.fetchOne();
		return SentinelQueries.toVisit(visit);
	}

	FeverClinicVisit linkFeverClinicSample(LinkFeverClinicSampleInput input, Actor actor) {
		long visitId = GlobalId.decode(input.visit(), "FeverClinicVisit");
		FeverClinicVisitRecord visit = this.db.selectFrom(FEVER_CLINIC_VISIT)
			.where(FEVER_CLINIC_VISIT.ID.eq(visitId))
			.forUpdate()
			.fetchOne();
		if (visit == null) {
			throw new RuleViolation(ErrorCode.NOT_FOUND, "no such fever-clinic visit", "input.visit");
		}
		Record3<Long, Long, OffsetDateTime> sample = sampleByBarcode(input.barcode(), "input.barcode");
		long sampleId = sample.value1();
		if (visit.getSampleId() != null) {
			if (visit.getSampleId() == sampleId) {
				return SentinelQueries.toVisit(visit);
			}
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION, "the visit already has a sample", "input.visit");
		}
		checkSampleOf(sample, visit.getPersonId(), visit.getVisitedAt(), "the patient", "the visit", "input.barcode");
		FeverClinicVisitRecord linked = this.db.update(FEVER_CLINIC_VISIT)
			.set(FEVER_CLINIC_VISIT.SAMPLE_ID, sampleId)
			.set(FEVER_CLINIC_VISIT.VERSION, FEVER_CLINIC_VISIT.VERSION.plus(1))
			.set(FEVER_CLINIC_VISIT.UPDATED_BY, actor.name())
			.where(FEVER_CLINIC_VISIT.ID.eq(visitId))
			.returning()
			.fetchOne();
		return SentinelQueries.toVisit(Objects.requireNonNull(linked));
	}

	// R11 pharmacies

	DrugSale recordDrugSale(RecordDrugSaleInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		long pharmacyId = GlobalId.decode(input.pharmacy(), "Site");
		long personId = GlobalId.decode(input.person(), "Person");
		checkSite(pharmacyId, Set.of(SiteType.PHARMACY), "input.pharmacy", errors);
		checkPerson(personId, "input.person", errors);
		String drugName = input.drugName().strip();
		if (drugName.isEmpty() || drugName.length() > 200) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a drug name has 1 to 200 characters", "input.drugName"));
		}
		if (input.quantity() <= 0) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "at least one package is sold", "input.quantity"));
		}
		OffsetDateTime now = OffsetDateTime.now();
		OffsetDateTime soldAt = (input.soldAt() != null) ? input.soldAt() : now;
		if (soldAt.isAfter(now)) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a sale cannot be in the future", "input.soldAt"));
		}
		RuleViolation.throwIfAny(errors);
		DrugSaleRecord sale = this.db.insertInto(DRUG_SALE)
			.set(DRUG_SALE.PHARMACY_SITE_ID, pharmacyId)
			.set(DRUG_SALE.PERSON_ID, personId)
			.set(DRUG_SALE.DRUG_CATEGORY, input.drugCategory().name())
			.set(DRUG_SALE.DRUG_NAME, drugName)
			.set(DRUG_SALE.QUANTITY, input.quantity())
			.set(DRUG_SALE.SOLD_AT, soldAt)
			.set(DRUG_SALE.FOLLOW_UP_STATUS, DrugSaleFollowUpStatus.PENDING.name())
			.set(DRUG_SALE.CREATED_BY, actor.name())
			.set(DRUG_SALE.UPDATED_BY, actor.name())
			.returning()
			.fetchOne();
		return SentinelQueries.toSale(Objects.requireNonNull(sale));
	}

	DrugSale closeDrugSaleFollowUp(CloseDrugSaleFollowUpInput input, Actor actor) {
		long saleId = GlobalId.decode(input.sale(), "DrugSale");
		// by id alone: the primary key is (id, sold_at), and the caller knows only the id
		DrugSaleRecord sale = this.db.selectFrom(DRUG_SALE).where(DRUG_SALE.ID.eq(saleId)).forUpdate().fetchOne();
		if (sale == null) {
			throw new RuleViolation(ErrorCode.NOT_FOUND, "no such drug sale", "input.sale");
		}
		DrugSaleFollowUpStatus status = DrugSaleFollowUpStatus.valueOf(sale.getFollowUpStatus());
		if (status != DrugSaleFollowUpStatus.PENDING) {
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION,
					"the follow-up is already closed as " + status + "; only a PENDING follow-up can be closed",
					"input.sale");
		}
		String reason = (input.reason() != null && !input.reason().isBlank()) ? input.reason().strip() : null;
		Long sampleId = null;
		if (input.outcome() == DrugSaleFollowUpOutcome.CLEARED) {
			List<UserError> errors = new ArrayList<>();
			if (reason == null) {
				errors.add(new UserError(ErrorCode.INVALID_VALUE, "say why the buyer is cleared", "input.reason"));
			}
			if (input.sampleBarcode() != null) {
				errors.add(new UserError(ErrorCode.INVALID_VALUE, "a cleared follow-up has no sample; use TESTED",
						"input.sampleBarcode"));
			}
			RuleViolation.throwIfAny(errors);
		}
		else if (input.sampleBarcode() != null) {
			Record3<Long, Long, OffsetDateTime> sample = sampleByBarcode(input.sampleBarcode(), "input.sampleBarcode");
			checkSampleOf(sample, sale.getPersonId(), sale.getSoldAt(), "the buyer", "the sale", "input.sampleBarcode");
			sampleId = sample.value1();
		}
		else {
			sampleId = this.db.select(SAMPLE.ID)
				.from(SAMPLE)
				.where(SAMPLE.PERSON_ID.eq(sale.getPersonId()), SAMPLE.COLLECTED_AT.ge(sale.getSoldAt()))
				.orderBy(SAMPLE.COLLECTED_AT, SAMPLE.ID)
				.limit(1)
				.fetchOne(SAMPLE.ID);
			if (sampleId == null) {
				throw new RuleViolation(ErrorCode.RULE_VIOLATED,
						"the buyer has no sample collected at or after the sale; test first or clear with a reason",
						"input.outcome");
			}
		}
		DrugSaleRecord closed = this.db.update(DRUG_SALE)
			.set(DRUG_SALE.FOLLOW_UP_STATUS, input.outcome().name())
			.set(DRUG_SALE.FOLLOWED_UP_AT, OffsetDateTime.now())
			.set(DRUG_SALE.FOLLOW_UP_SAMPLE_ID, sampleId)
			.set(DRUG_SALE.FOLLOW_UP_REASON, reason)
			.set(DRUG_SALE.VERSION, DRUG_SALE.VERSION.plus(1))
			.set(DRUG_SALE.UPDATED_BY, actor.name())
			.where(DRUG_SALE.ID.eq(saleId), DRUG_SALE.SOLD_AT.eq(sale.getSoldAt()))
			.returning()
			.fetchOne();
		return SentinelQueries.toSale(Objects.requireNonNull(closed));
	}

	// shared checks

	private void checkSite(long siteId, Set<SiteType> allowed, String field, List<UserError> errors) {
		String type = this.db.select(SITE.TYPE).from(SITE).where(SITE.ID.eq(siteId)).fetchOne(SITE.TYPE);
		if (type == null) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such site", field));
		}
		else if (!allowed.contains(SiteType.valueOf(type))) {
			errors.add(new UserError(ErrorCode.RULE_VIOLATED, "the site must be a "
					+ String.join(" or ", allowed.stream().map(Enum::name).sorted().toList()) + ", not a " + type,
					field));
		}
	}

	private void checkPerson(long personId, String field, List<UserError> errors) {
		if (!this.db.fetchExists(PERSON, PERSON.ID.eq(personId))) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such person", field));
		}
	}

	/** The sample's id, person and collection time. */
	private Record3<Long, Long, OffsetDateTime> sampleByBarcode(String barcode, String field) {
		Record3<Long, Long, OffsetDateTime> sample = this.db.select(SAMPLE.ID, SAMPLE.PERSON_ID, SAMPLE.COLLECTED_AT)
			.from(SAMPLE)
			.where(SAMPLE.BARCODE.eq(barcode.strip()))
			.fetchOne();
		if (sample == null) {
			throw new RuleViolation(ErrorCode.NOT_FOUND, "no sample with this barcode", field);
		}
		return sample;
	}

	/** The sample must be the person's own and collected at or after {@code since}. */
	private static void checkSampleOf(Record3<Long, Long, OffsetDateTime> sample, long personId, OffsetDateTime since,
			String whose, String event, String field) {
		if (!Objects.equals(sample.value2(), personId)) {
			throw new RuleViolation(ErrorCode.RULE_VIOLATED, "the sample is not " + whose + "'s", field);
		}
		if (sample.value3().isBefore(since)) {
			throw new RuleViolation(ErrorCode.RULE_VIOLATED, "the sample was collected before " + event, field);
		}
	}

}
