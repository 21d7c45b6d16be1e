package org.epigrid.reporting;

import java.time.LocalDate;

/**
 * Counts of the daily-report duty in an area on a day; the missing institutions
 * themselves are fetched only when selected.
 *
 * @param areaId the area (place id)
 * @param date the report date
 * @param expected active institutions in the area
 * @param reported those of them that reported for the day
 * @param zeroReports those of them whose report is a zero report
 */
public record DailyReportCompliance(long areaId, LocalDate date, int expected, int reported, int zeroReports) {

	public int missingCount() {
		return this.expected - this.reported;
	}

}
