package org.epigrid.reporting;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** An institution's report for one day (日报告), or its zero report (零报告). */
public record DailyReport(long id, long siteId, LocalDate reportDate, boolean zeroReport, int feverCount,
		int suspectedCount, int absentCount, @Nullable String notes, OffsetDateTime reportedAt, String reportedBy,
		int version) {

}
