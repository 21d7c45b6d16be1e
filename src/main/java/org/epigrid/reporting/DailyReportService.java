package org.epigrid.reporting;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.jooq.tables.records.DailyReportRecord;
import org.epigrid.places.SiteType;
import org.epigrid.reporting.ReportingInputs.CorrectDailyReportInput;
import org.epigrid.reporting.ReportingInputs.SubmitDailyReportInput;
import org.epigrid.support.Actor;
import org.epigrid.support.ErrorCode;
import org.epigrid.support.GlobalId;
import org.epigrid.support.RuleViolation;
import org.epigrid.support.UserError;

import static org.epigrid.jooq.Tables.DAILY_REPORT;
import static org.epigrid.jooq.Tables.SITE;

/**
 * The rules of daily and zero reports (R14, 日报告、零报告): institutions report once a day,
 * also when there is nothing to report, for today or a few days back. Each public method
 * is one transaction.
 */
@Service
@Transactional
class DailyReportService {

	private final DSLContext db;

	private final ReportingQueries queries;

	private final ReportingProperties properties;

	DailyReportService(DSLContext db, ReportingQueries queries, ReportingProperties properties) {
		this.db = db;
		this.queries = queries;
		this.properties = properties;
	}

	DailyReport submit(SubmitDailyReportInput input, Actor actor) {
		long siteId = GlobalId.decode(input.site(), "Site");
		List<UserError> errors = new ArrayList<>();
		LocalDate today = this.properties.today();
		LocalDate date = (input.reportDate() != null) ? input.reportDate() : today;
		if (date.isAfter(today)) {
			errors
				.add(new UserError(ErrorCode.INVALID_VALUE, "a report cannot be for a future day", "input.reportDate"));
		}
		else if (date.isBefore(today.minusDays(this.properties.dailyReportMaxAgeDays()))) {
			errors.add(new UserError(ErrorCode.RULE_VIOLATED,
					"reports are accepted for up to " + this.properties.dailyReportMaxAgeDays() + " days back",
					"input.reportDate"));
		}
		Counts counts = new Counts(input.zeroReport(), orZero(input.feverCount()), orZero(input.suspectedCount()),
				orZero(input.absentCount()));
		counts.check(errors);
		String notes = Checks.optionalText(input.notes(), 2000, "input.notes", "notes", errors);
		String type = this.db.select(SITE.TYPE).from(SITE).where(SITE.ID.eq(siteId)).fetchOne(SITE.TYPE);
		if (type == null) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such site", "input.site"));
		}
		else if (!this.properties.isInstitution(SiteType.valueOf(type))) {
			errors.add(new UserError(ErrorCode.RULE_VIOLATED, "only institutions ("
					+ String.join(", ", this.properties.institutionTypeNames()) + ") send daily reports, not a " + type,
					"input.site"));
		}
		else if (this.db.fetchExists(DAILY_REPORT, DAILY_REPORT.SITE_ID.eq(siteId),
				DAILY_REPORT.REPORT_DATE.eq(date))) {
			errors.add(new UserError(ErrorCode.DUPLICATE,
					"this institution has already reported for " + date + "; correct that report instead",
					"input.reportDate"));
		}
		RuleViolation.throwIfAny(errors);
		long id = this.db.insertInto(DAILY_REPORT)
			.set(DAILY_REPORT.SITE_ID, siteId)
			.set(DAILY_REPORT.REPORT_DATE, date)
			.set(DAILY_REPORT.ZERO_REPORT, counts.zeroReport())
			.set(DAILY_REPORT.FEVER_COUNT, counts.fever())
			.set(DAILY_REPORT.SUSPECTED_COUNT, counts.suspected())
			.set(DAILY_REPORT.ABSENT_COUNT, counts.absent())
			.set(DAILY_REPORT.NOTES, notes)
			.set(DAILY_REPORT.REPORTED_AT, OffsetDateTime.now())
			.set(DAILY_REPORT.CREATED_BY, actor.name())
			.set(DAILY_REPORT.UPDATED_BY, actor.name())
			.returning(DAILY_REPORT.ID)
			.fetchOne(DAILY_REPORT.ID);
		return this.queries.dailyReport(id).orElseThrow();
	}

	/**
	 * Corrects a report on the calendar day it was submitted; after that day it stands as
	 * sent (the day's figures have been aggregated).
	 */
	DailyReport correct(CorrectDailyReportInput input, Actor actor) {
		long id = GlobalId.decode(input.id(), "DailyReport");
		DailyReportRecord row = this.db.selectFrom(DAILY_REPORT).where(DAILY_REPORT.ID.eq(id)).forUpdate().fetchOne();
		Checks.checkVersion((row != null) ? row.getVersion() : null, input.expectedVersion(), "daily report");
		LocalDate submittedOn = row.getReportedAt().atZoneSameInstant(this.properties.zone()).toLocalDate();
		if (!submittedOn.equals(this.properties.today())) {
			throw new RuleViolation(ErrorCode.RULE_VIOLATED,
					"a report can only be corrected on the day it was submitted (" + submittedOn + ")", "input.id");
		}
		List<UserError> errors = new ArrayList<>();
		Counts counts = new Counts(Objects.requireNonNullElse(input.zeroReport(), row.getZeroReport()),
				Objects.requireNonNullElse(input.feverCount(), row.getFeverCount()),
				Objects.requireNonNullElse(input.suspectedCount(), row.getSuspectedCount()),
				Objects.requireNonNullElse(input.absentCount(), row.getAbsentCount()));
		counts.check(errors);
		String notes = (input.notes() != null)
				? Checks.optionalText(input.notes(), 2000, "input.notes", "notes", errors) : row.getNotes();
		RuleViolation.throwIfAny(errors);
		this.db.update(DAILY_REPORT)
			.set(DAILY_REPORT.ZERO_REPORT, counts.zeroReport())
			.set(DAILY_REPORT.FEVER_COUNT, counts.fever())
			.set(DAILY_REPORT.SUSPECTED_COUNT, counts.suspected())
			.set(DAILY_REPORT.ABSENT_COUNT, counts.absent())
			.set(DAILY_REPORT.NOTES, notes)
			.set(DAILY_REPORT.VERSION, DAILY_REPORT.VERSION.plus(1))
			.set(DAILY_REPORT.UPDATED_BY, actor.name())
			// daily_report has no touch trigger
			.set(DAILY_REPORT.UPDATED_AT, OffsetDateTime.now())
			.where(DAILY_REPORT.ID.eq(id))
			.execute();
		return this.queries.dailyReport(id).orElseThrow();
	}

	private static int orZero(@Nullable Integer value) {
		return (value != null) ? value : 0;
	}

	/** The figures of a report. A zero report has nothing to report: every count is 0. */
	private record Counts(boolean zeroReport, int fever, int suspected, int absent) {

		void check(List<UserError> errors) {
			Checks.notNegative(this.fever, "input.feverCount", "the fever count", errors);
			Checks.notNegative(this.suspected, "input.suspectedCount", "the suspected count", errors);
			Checks.notNegative(this.absent, "input.absentCount", "the absent count", errors);
			if (this.zeroReport && (this.fever != 0 || this.suspected != 0 || this.absent != 0)) {
				errors.add(new UserError(ErrorCode.INVALID_VALUE,
						"a zero report has no fever, suspected or absent cases: all counts must be 0",
						"input.zeroReport"));
			}
		}

	}

}
