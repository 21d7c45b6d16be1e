package org.epigrid.reporting;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.epigrid.places.SiteType;

/**
 * Settings of reporting and governance (R14–R17), under {@code epigrid.reporting}.
 *
 * <pre>
 * epigrid:
 *   reporting:
 *     # a daily report may be submitted for today or up to this many days back
 *     daily-report-max-age-days: 7
 *     # site types that must send a daily (or zero) report every day
 *     institution-types: SCHOOL, NURSING_HOME, WELFARE_HOME, PRISON, DETENTION_CENTER, PSYCHIATRIC_HOSPITAL, HOSPITAL
 *     # calendar of report dates and rectification deadlines; the JVM's zone when unset
 *     zone: Asia/Shanghai
 * </pre>
 *
 * @param dailyReportMaxAgeDays how many days back a late daily report is still accepted
 * (0: only today's)
 * @param institutionTypes site types that are institutions (日报告、零报告单位): they must report
 * every day and are counted as expected by the compliance view
 * @param zone time zone whose calendar days report dates, "today" and rectification
 * deadlines refer to; the JVM's default zone when not set
 */
@ConfigurationProperties("epigrid.reporting")
public record ReportingProperties(@DefaultValue("7") int dailyReportMaxAgeDays, @DefaultValue( {
		"SCHOOL", "NURSING_HOME", "WELFARE_HOME", "PRISON", "DETENTION_CENTER", "PSYCHIATRIC_HOSPITAL",
		"HOSPITAL" }) List<SiteType> institutionTypes, @Nullable ZoneId zone){

	public ReportingProperties {
		if (dailyReportMaxAgeDays < 0) {
			throw new IllegalArgumentException("epigrid.reporting.daily-report-max-age-days must not be negative");
		}
		if (institutionTypes.isEmpty()) {
			throw new IllegalArgumentException("epigrid.reporting.institution-types must name at least one type");
		}
		institutionTypes = List.copyOf(institutionTypes);
		zone = (zone != null) ? zone : ZoneId.systemDefault();
	}

	/** The current calendar day in the reporting zone. */
	public LocalDate today() {
		return LocalDate.now(this.zone);
	}

	/** The institution types as the strings the database stores. */
	List<String> institutionTypeNames() {
		return this.institutionTypes.stream().map(Enum::name).toList();
	}

	boolean isInstitution(SiteType type) {
		return this.institutionTypes.contains(type);
	}

}
