package org.epigrid.people;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.jooq.tables.records.CaseReportRecord;
import org.epigrid.jooq.tables.records.ContactRecord;
import org.epigrid.people.CaseInputs.MarkContactTracedInput;
import org.epigrid.people.CaseInputs.ReclassifyCaseInput;
import org.epigrid.people.CaseInputs.RecordContactInput;
import org.epigrid.people.CaseInputs.ReportCaseInput;
import org.epigrid.people.CaseInputs.ReviewCaseInput;
import org.epigrid.support.Actor;
import org.epigrid.support.ErrorCode;
import org.epigrid.support.GlobalId;
import org.epigrid.support.Policy;
import org.epigrid.support.RuleViolation;
import org.epigrid.support.UserError;

import static org.epigrid.jooq.Tables.CASE_REPORT;
import static org.epigrid.jooq.Tables.CONTACT;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.SITE;

/**
 * The rules of case reporting with its three-level review (R10) and of contact tracing
 * (R7). Deadlines come from {@link Policy}: report within {@code cases.reportWithin} of
 * diagnosis, reviews within their durations of the report, contacts traced within
 * {@code tracing.traceWithin} of the source's case report.
 */
@Service
@Transactional
class CaseService {

	private final DSLContext db;

	private final PersonHistoryQueries history;

	private final Policy policy;

	private final PeopleClock clock;

	CaseService(DSLContext db, PersonHistoryQueries history, Policy policy, PeopleClock clock) {
		this.db = db;
		this.history = history;
		this.policy = policy;
		this.clock = clock;
	}

	CaseReport reportCase(ReportCaseInput input, Actor actor) {
		OffsetDateTime now = this.clock.now();
		List<UserError> errors = new ArrayList<>();
		if (input.classification() == CaseClassification.EXCLUDED) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE,
					"report a SUSPECTED, CONFIRMED or ASYMPTOMATIC case; reclassify a case to exclude it",
					"input.classification"));
		}
		Rules.requirePast(input.diagnosedAt(), now, "a diagnosis", "input.diagnosedAt", errors);
		Long site = null;
		if (input.reportingSite() != null) {
			site = GlobalId.decode(input.reportingSite(), "Site");
			if (!this.db.fetchExists(SITE, SITE.ID.eq(site))) {
				errors.add(new UserError(ErrorCode.NOT_FOUND, "no such site", "input.reportingSite"));
			}
		}
		RuleViolation.throwIfAny(errors);
		long personId = GlobalId.decode(input.person(), "Person");
		lockPerson(personId, "input.person");
		if (openCase(personId).isPresent()) {
			throw new RuleViolation(ErrorCode.DUPLICATE,
					"the person already has an open case report; review or reclassify it", "input.person");
		}
		long id = insert(personId, input.classification(), site, input.diagnosedAt(), now, null, actor);
		return this.history.caseReport(id).orElseThrow();
	}

	/**
	 * A new case reported now: report due {@code reportWithin} after diagnosis, reviews
	 * due their durations after the report. The caller holds the person's lock.
	 */
	long insert(long personId, CaseClassification classification, @Nullable Long site, OffsetDateTime diagnosedAt,
			OffsetDateTime reportedAt, @Nullable Long sourceSampleId, Actor actor) {
		Policy.Cases cases = this.policy.cases();
		return this.db.insertInto(CASE_REPORT)
			.set(CASE_REPORT.PERSON_ID, personId)
			.set(CASE_REPORT.CLASSIFICATION, classification.name())
			.set(CASE_REPORT.REPORTING_SITE_ID, site)
			.set(CASE_REPORT.DIAGNOSED_AT, diagnosedAt)
			.set(CASE_REPORT.REPORT_DUE_AT, diagnosedAt.plus(cases.reportWithin()))
			.set(CASE_REPORT.REPORTED_AT, reportedAt)
			.set(CASE_REPORT.COUNTY_REVIEW_DUE_AT, reportedAt.plus(cases.countyReviewWithin()))
			.set(CASE_REPORT.CITY_REVIEW_DUE_AT, reportedAt.plus(cases.cityReviewWithin()))
			.set(CASE_REPORT.PROVINCE_REVIEW_DUE_AT, reportedAt.plus(cases.provinceReviewWithin()))
			.set(CASE_REPORT.SOURCE_SAMPLE_ID, sourceSampleId)
			.set(CASE_REPORT.CREATED_BY, actor.name())
			.set(CASE_REPORT.UPDATED_BY, actor.name())
			.returning(CASE_REPORT.ID)
			.fetchOne(CASE_REPORT.ID);
	}

	/**
	 * Suspected cases raised from positive results, set-wise, as {@link #insert} would
	 * insert them one by one (same deadlines): diagnosed when the result came out (not
	 * after {@code reportedAt}), reported at {@code reportedAt}; skips the people who
	 * have a case that is not EXCLUDED. The caller holds the people's locks and gives at
	 * most one positive per person.
	 * @return the ids of the new cases
	 */
	List<Long> insertCandidates(List<CaseCandidates.Positive> positives, OffsetDateTime reportedAt, Actor actor) {
		Policy.Cases cases = this.policy.cases();
		int n = positives.size();
		Long[] people = new Long[n];
		Long[] samples = new Long[n];
		OffsetDateTime[] diagnosed = new OffsetDateTime[n];
		OffsetDateTime[] reportDue = new OffsetDateTime[n];
		for (int i = 0; i < n; i++) {
			CaseCandidates.Positive positive = positives.get(i);
			people[i] = positive.personId();
			samples[i] = positive.sampleId();
			diagnosed[i] = positive.resultedAt().isAfter(reportedAt) ? reportedAt : positive.resultedAt();
			reportDue[i] = diagnosed[i].plus(cases.reportWithin());
		}
		return this.db
			.fetch("""
					INSERT INTO case_report (person_id, classification, diagnosed_at, report_due_at, reported_at,
					                         county_review_due_at, city_review_due_at, province_review_due_at,
					                         source_sample_id, created_by, updated_by)
					SELECT g.person_id, {4}, g.diagnosed_at, g.report_due_at, {5}, {6}, {7}, {8}, g.sample_id, {9}, {9}
					FROM unnest({0}, {1}, {2}, {3}) WITH ORDINALITY AS g(person_id, sample_id, diagnosed_at, report_due_at, n)
					WHERE NOT EXISTS (SELECT 1 FROM case_report c
					                  WHERE c.person_id = g.person_id AND c.classification <> {10})
					ORDER BY g.n
					RETURNING id""",
					DSL.val(people), DSL.val(samples), DSL.val(diagnosed), DSL.val(reportDue),
					DSL.val(CaseClassification.SUSPECTED.name()), DSL.val(reportedAt),
					DSL.val(reportedAt.plus(cases.countyReviewWithin())),
					DSL.val(reportedAt.plus(cases.cityReviewWithin())),
					DSL.val(reportedAt.plus(cases.provinceReviewWithin())), DSL.val(actor.name()),
					DSL.val(CaseClassification.EXCLUDED.name()))
			.map((r) -> r.get(0, Long.class));
	}

	/** The person's case that is not EXCLUDED, if any (at most one exists). */
	Optional<Long> openCase(long personId) {
		return this.db.select(CASE_REPORT.ID)
			.from(CASE_REPORT)
			.where(CASE_REPORT.PERSON_ID.eq(personId),
					CASE_REPORT.CLASSIFICATION.ne(CaseClassification.EXCLUDED.name()))
			.orderBy(CASE_REPORT.ID.desc())
			.limit(1)
			.fetchOptional(CASE_REPORT.ID);
	}

	/**
	 * Locks the person's row: cases and contacts of one person are recorded one at a
	 * time.
	 */
	void lockPerson(long personId, String field) {
		if (this.db.select(PERSON.ID).from(PERSON).where(PERSON.ID.eq(personId)).forUpdate().fetchOne() == null) {
			throw Rules.notFound("person", field);
		}
	}

	/**
	 * Locks the people's rows in id order (as {@link #lockPerson} does for one), in one
	 * statement.
	 */
	void lockPeople(Collection<Long> personIds, String field) {
		int locked = this.db.select(PERSON.ID)
			.from(PERSON)
			.where(PERSON.ID.in(personIds))
			.orderBy(PERSON.ID)
			.forUpdate()
			.fetch()
			.size();
		if (locked != new HashSet<>(personIds).size()) {
			throw Rules.notFound("person", field);
		}
	}

	/** Records the next review: county first, then city, then province. */
	CaseReport reviewCase(ReviewCaseInput input, Actor actor) {
		CaseReportRecord report = lockCase(input.id(), input.expectedVersion());
		OffsetDateTime now = this.clock.now();
		OffsetDateTime reviewedAt = (input.reviewedAt() != null) ? input.reviewedAt() : now;
		OffsetDateTime previous = switch (input.level()) {
			case COUNTY -> {
				requireNotYet(report.getCountyReviewedAt(), "county");
				yield report.getReportedAt();
			}
			case CITY -> {
				requireBefore(report.getCountyReviewedAt(), "county", "city");
				requireNotYet(report.getCityReviewedAt(), "city");
				yield report.getCountyReviewedAt();
			}
			case PROVINCE -> {
				requireBefore(report.getCityReviewedAt(), "city", "province");
				requireNotYet(report.getProvinceReviewedAt(), "province");
				yield report.getCityReviewedAt();
			}
		};
		List<UserError> errors = new ArrayList<>();
		Rules.requirePast(reviewedAt, now, "a review", "input.reviewedAt", errors);
		if (previous == null) {
			errors.add(new UserError(ErrorCode.RULE_VIOLATED, "the case has not been reported yet", "input.id"));
		}
		else if (reviewedAt.isBefore(previous)) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a review cannot be before the step it follows",
					"input.reviewedAt"));
		}
		RuleViolation.throwIfAny(errors);
		switch (input.level()) {
			case COUNTY -> report.setCountyReviewedAt(reviewedAt);
			case CITY -> report.setCityReviewedAt(reviewedAt);
			case PROVINCE -> report.setProvinceReviewedAt(reviewedAt);
		}
		return save(report, actor);
	}

	/**
	 * Changes a case's classification: a SUSPECTED case is confirmed, found asymptomatic
	 * or excluded; CONFIRMED and ASYMPTOMATIC may turn into each other or be excluded; an
	 * EXCLUDED case is closed.
	 */
	CaseReport reclassifyCase(ReclassifyCaseInput input, Actor actor) {
		CaseReportRecord report = lockCase(input.id(), input.expectedVersion());
		CaseClassification from = CaseClassification.valueOf(report.getClassification());
		CaseClassification to = input.classification();
		if (from == CaseClassification.EXCLUDED) {
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION, "an excluded case is closed; report a new case",
					"input.id");
		}
		if (from == to || to == CaseClassification.SUSPECTED) {
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION, "a " + from + " case cannot become " + to,
					"input.classification");
		}
		report.setClassification(to.name());
		return save(report, actor);
	}

	/**
	 * Records an exposure edge. A SECONDARY contact's source must itself be a CLOSE
	 * contact of someone. Tracing is due {@code traceWithin} after the source's latest
	 * case report, or after identification when the source has no reported case.
	 */
	Contact recordContact(RecordContactInput input, Actor actor) {
		OffsetDateTime now = this.clock.now();
		OffsetDateTime identifiedAt = (input.identifiedAt() != null) ? input.identifiedAt() : now;
		List<UserError> errors = new ArrayList<>();
		long source = GlobalId.decode(input.source(), "Person");
		long contact = GlobalId.decode(input.contact(), "Person");
		if (source == contact) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a person is not their own contact", "input.contact"));
		}
		Rules.requirePast(input.exposureAt(), now, "an exposure", "input.exposureAt", errors);
		Rules.requirePast(identifiedAt, now, "an identification", "input.identifiedAt", errors);
		if (identifiedAt.isBefore(input.exposureAt())) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a contact cannot be identified before the exposure",
					"input.identifiedAt"));
		}
		Long site = null;
		if (input.exposureSite() != null) {
			site = GlobalId.decode(input.exposureSite(), "Site");
			if (!this.db.fetchExists(SITE, SITE.ID.eq(site))) {
				errors.add(new UserError(ErrorCode.NOT_FOUND, "no such site", "input.exposureSite"));
			}
		}
		RuleViolation.throwIfAny(errors);
		// lock both people in id order, the same order for every caller
		lockPerson(Math.min(source, contact), (source < contact) ? "input.source" : "input.contact");
		lockPerson(Math.max(source, contact), (source < contact) ? "input.contact" : "input.source");
		if (input.degree() == ContactDegree.SECONDARY && !this.db.fetchExists(CONTACT,
				CONTACT.CONTACT_PERSON_ID.eq(source), CONTACT.DEGREE.eq(ContactDegree.CLOSE.name()))) {
			throw new RuleViolation(ErrorCode.RULE_VIOLATED,
					"a secondary contact's source must be a close contact; record that first", "input.degree");
		}
		if (this.db.fetchExists(CONTACT, CONTACT.SOURCE_PERSON_ID.eq(source), CONTACT.CONTACT_PERSON_ID.eq(contact))) {
			throw new RuleViolation(ErrorCode.DUPLICATE, "this contact is already recorded", "input.contact");
		}
		Record2<Long, OffsetDateTime> sourceCase = this.db.select(CASE_REPORT.ID, CASE_REPORT.REPORTED_AT)
			.from(CASE_REPORT)
			.where(CASE_REPORT.PERSON_ID.eq(source), CASE_REPORT.REPORTED_AT.isNotNull(),
					CASE_REPORT.CLASSIFICATION.ne(CaseClassification.EXCLUDED.name()))
			.orderBy(CASE_REPORT.REPORTED_AT.desc(), CASE_REPORT.ID.desc())
			.limit(1)
			.fetchOne();
		OffsetDateTime clockStart = (sourceCase != null) ? sourceCase.value2() : identifiedAt;
		long id = this.db.insertInto(CONTACT)
			.set(CONTACT.SOURCE_PERSON_ID, source)
			.set(CONTACT.CONTACT_PERSON_ID, contact)
			.set(CONTACT.SOURCE_CASE_ID, (sourceCase != null) ? sourceCase.value1() : null)
			.set(CONTACT.DEGREE, input.degree().name())
			.set(CONTACT.EXPOSURE_AT, input.exposureAt())
			.set(CONTACT.EXPOSURE_SITE_ID, site)
			.set(CONTACT.EXPOSURE_SETTING, (input.exposureSetting() != null) ? input.exposureSetting().name() : null)
			.set(CONTACT.IDENTIFIED_AT, identifiedAt)
			.set(CONTACT.TRACE_DUE_AT, clockStart.plus(this.policy.tracing().traceWithin()))
			.set(CONTACT.CREATED_BY, actor.name())
			.set(CONTACT.UPDATED_BY, actor.name())
			.returning(CONTACT.ID)
			.fetchOne(CONTACT.ID);
		return this.history.contact(id).orElseThrow();
	}

	Contact markContactTraced(MarkContactTracedInput input, Actor actor) {
		ContactRecord contact = this.db.selectFrom(CONTACT)
			.where(CONTACT.ID.eq(GlobalId.decode(input.id(), "Contact")))
			.forUpdate()
			.fetchOne();
		if (contact == null) {
			throw Rules.notFound("contact", "input.id");
		}
		Rules.checkVersion(contact.getVersion(), input.expectedVersion(), "contact");
		if (contact.getTracedAt() != null) {
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION, "the contact has already been traced", "input.id");
		}
		OffsetDateTime now = this.clock.now();
		OffsetDateTime tracedAt = (input.tracedAt() != null) ? input.tracedAt() : now;
		List<UserError> errors = new ArrayList<>();
		Rules.requirePast(tracedAt, now, "a trace", "input.tracedAt", errors);
		if (tracedAt.isBefore(contact.getIdentifiedAt())) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a contact cannot be traced before it was identified",
					"input.tracedAt"));
		}
		RuleViolation.throwIfAny(errors);
		contact.setTracedAt(tracedAt);
		contact.setVersion(contact.getVersion() + 1);
		contact.setUpdatedBy(actor.name());
		contact.store();
		return this.history.contact(contact.getId()).orElseThrow();
	}

	private CaseReportRecord lockCase(String globalId, int expectedVersion) {
		CaseReportRecord report = this.db.selectFrom(CASE_REPORT)
			.where(CASE_REPORT.ID.eq(GlobalId.decode(globalId, "CaseReport")))
			.forUpdate()
			.fetchOne();
		if (report == null) {
			throw Rules.notFound("case report", "input.id");
		}
		Rules.checkVersion(report.getVersion(), expectedVersion, "case report");
		return report;
	}

	private static void requireNotYet(@Nullable OffsetDateTime reviewedAt, String level) {
		if (reviewedAt != null) {
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION, "the " + level + " review is already recorded",
					"input.level");
		}
	}

	private static void requireBefore(@Nullable OffsetDateTime previous, String before, String level) {
		if (previous == null) {
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION,
					"the " + level + " review follows the " + before + " review, which is not recorded yet",
					"input.level");
		}
	}

	private CaseReport save(CaseReportRecord report, Actor actor) {
		report.setVersion(report.getVersion() + 1);
		report.setUpdatedBy(actor.name());
		report.store();
		return this.history.caseReport(report.getId()).orElseThrow();
	}

}
