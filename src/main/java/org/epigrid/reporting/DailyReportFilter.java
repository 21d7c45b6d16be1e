package org.epigrid.reporting;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.places.Areas;
import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.DAILY_REPORT;
import static org.epigrid.jooq.Tables.SITE;

/** The {@code DailyReportFilter} input. */
record DailyReportFilter(@Nullable String area, @Nullable LocalDate date, @Nullable List<String> sites,
		@Nullable Boolean zeroReport) {

	static final DailyReportFilter NONE = new DailyReportFilter(null, null, null, null);

	Condition toCondition() {
		List<Condition> conditions = new ArrayList<>();
		if (this.area != null) {
			long areaId = GlobalId.decode(this.area, "Place");
			conditions.add(
					DAILY_REPORT.SITE_ID.in(DSL.select(SITE.ID).from(SITE).where(Areas.within(SITE.PLACE_ID, areaId))));
		}
		if (this.date != null) {
			conditions.add(DAILY_REPORT.REPORT_DATE.eq(this.date));
		}
		if (this.sites != null) {
			conditions
				.add(DAILY_REPORT.SITE_ID.in(this.sites.stream().map((id) -> GlobalId.decode(id, "Site")).toList()));
		}
		if (this.zeroReport != null) {
			conditions.add(DAILY_REPORT.ZERO_REPORT.eq(this.zeroReport));
		}
		return DSL.and(conditions);
	}

}
