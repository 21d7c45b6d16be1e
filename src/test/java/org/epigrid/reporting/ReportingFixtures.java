package org.epigrid.reporting;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

import org.epigrid.support.GlobalId;
import org.epigrid.support.TestData.Ref;

import static org.epigrid.jooq.Tables.ADVERSE_REACTION;
import static org.epigrid.jooq.Tables.DAILY_REPORT;
import static org.epigrid.jooq.Tables.GATHERING;
import static org.epigrid.jooq.Tables.INSPECTION;
import static org.epigrid.jooq.Tables.SITE;
import static org.epigrid.jooq.Tables.VACCINATION;

/**
 * Reporting fixtures written straight to the tables: reports, findings, doses, reactions
 * and gatherings, and many institutions at once.
 */
class ReportingFixtures {

	private static final AtomicInteger SEQUENCE = new AtomicInteger(1);

	private final DSLContext db;

	ReportingFixtures(DSLContext db) {
		this.db = db;
	}

	/** {@code count} sites of one type in a place, inserted in one statement. */
	List<Long> sites(Ref place, String type, int count) {
		var insert = this.db.insertInto(SITE, SITE.PLACE_ID, SITE.TYPE, SITE.NAME, SITE.VENUE_CODE);
		for (int i = 0; i < count; i++) {
			int n = SEQUENCE.getAndIncrement();
			insert = insert.values(place.id(), type, type + " " + n, "R" + n + "-INST");
		}
		return insert.returning(SITE.ID).fetch(SITE.ID);
	}

	void siteStatus(long site, String status) {
		this.db.update(SITE).set(SITE.STATUS, status).where(SITE.ID.eq(site)).execute();
	}

	long report(long site, LocalDate date, boolean zeroReport, int fever) {
		return this.db.insertInto(DAILY_REPORT)
			.set(DAILY_REPORT.SITE_ID, site)
			.set(DAILY_REPORT.REPORT_DATE, date)
			.set(DAILY_REPORT.ZERO_REPORT, zeroReport)
			.set(DAILY_REPORT.FEVER_COUNT, fever)
			.set(DAILY_REPORT.REPORTED_AT, OffsetDateTime.now())
			.returning(DAILY_REPORT.ID)
			.fetchOne(DAILY_REPORT.ID);
	}

	long inspection(Ref place, @Nullable Long site, OffsetDateTime inspectedAt, String finding, String severity,
			LocalDate dueOn, String status, boolean publiclyNamed) {
		return this.db.insertInto(INSPECTION)
			.set(INSPECTION.PLACE_ID, place.id())
			.set(INSPECTION.SITE_ID, site)
			.set(INSPECTION.INSPECTED_AT, inspectedAt)
			.set(INSPECTION.INSPECTOR, "督导组")
			.set(INSPECTION.FINDING, finding)
			.set(INSPECTION.SEVERITY, severity)
			.set(INSPECTION.RECTIFICATION_DUE_ON, dueOn)
			.set(INSPECTION.STATUS, status)
			.set(INSPECTION.RECTIFIED_AT, status.equals("OPEN") ? null : inspectedAt.plusDays(1))
			.set(INSPECTION.RECTIFICATION_NOTE, status.equals("OPEN") ? null : "已整改")
			.set(INSPECTION.PUBLICLY_NAMED, publiclyNamed)
			.returning(INSPECTION.ID)
			.fetchOne(INSPECTION.ID);
	}

	long vaccination(long person, int dose, long site, OffsetDateTime at) {
		return this.db.insertInto(VACCINATION)
			.set(VACCINATION.PERSON_ID, person)
			.set(VACCINATION.DOSE_NUMBER, (short) dose)
			.set(VACCINATION.PRODUCT, "新冠疫苗(Vero细胞)")
			.set(VACCINATION.LOT, "L" + SEQUENCE.getAndIncrement())
			.set(VACCINATION.SITE_ID, site)
			.set(VACCINATION.VACCINATED_AT, at)
			.returning(VACCINATION.ID)
			.fetchOne(VACCINATION.ID);
	}

	long reaction(long vaccination, OffsetDateTime onsetAt, String severity) {
		return this.db.insertInto(ADVERSE_REACTION)
			.set(ADVERSE_REACTION.VACCINATION_ID, vaccination)
			.set(ADVERSE_REACTION.ONSET_AT, onsetAt)
			.set(ADVERSE_REACTION.SEVERITY, severity)
			.set(ADVERSE_REACTION.DESCRIPTION, "接种部位红肿")
			.returning(ADVERSE_REACTION.ID)
			.fetchOne(ADVERSE_REACTION.ID);
	}

	long gathering(Ref place, String name, OffsetDateTime startsAt, int attendance, String planStatus) {
		return this.db.insertInto(GATHERING)
			.set(GATHERING.NAME, name)
			.set(GATHERING.ORGANIZER, "街道办")
			.set(GATHERING.PLACE_ID, place.id())
			.set(GATHERING.STARTS_AT, startsAt)
			.set(GATHERING.ENDS_AT, startsAt.plusHours(3))
			.set(GATHERING.EXPECTED_ATTENDANCE, attendance)
			.set(GATHERING.PLAN_STATUS, planStatus)
			.returning(GATHERING.ID)
			.fetchOne(GATHERING.ID);
	}

	static String siteId(long id) {
		return GlobalId.encode("Site", id);
	}

	static String personId(long id) {
		return GlobalId.encode("Person", id);
	}

	static List<String> siteIds(List<Long> ids) {
		return ids.stream().map(ReportingFixtures::siteId).toList();
	}

	static List<Integer> range(int from, int to) {
		return IntStream.range(from, to).boxed().toList();
	}

}
