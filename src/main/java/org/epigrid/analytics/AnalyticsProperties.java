package org.epigrid.analytics;

import java.time.Duration;
import java.time.ZoneId;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the analytics under {@code epigrid.analytics}.
 *
 * @param timeZone the zone whose calendar days, weeks and "today" the analytics use; the
 * JVM's default zone when not set. Must have a whole-hour offset (the rollup is hourly).
 * @param refreshInterval pause between two incremental refreshes of the sample rollup
 * @param refreshOverlap each refresh re-reads samples changed this long before the last
 * watermark, so that a transaction that committed late is not missed
 * @param rebuildThreshold a refresh that finds more changed samples than this rebuilds
 * the whole rollup instead (a bulk load)
 * @param maxRangeDays longest testingStats range
 * @param maxHourlyRangeDays longest testingStats range with HOUR buckets
 * @param fullyVaccinatedDoses doses that make a person fully vaccinated
 */
@ConfigurationProperties("epigrid.analytics")
public record AnalyticsProperties(@Nullable ZoneId timeZone, @DefaultValue("3s") Duration refreshInterval,
		@DefaultValue("1m") Duration refreshOverlap, @DefaultValue("1000000") int rebuildThreshold,
		@DefaultValue("400") int maxRangeDays, @DefaultValue("31") int maxHourlyRangeDays,
		@DefaultValue("2") int fullyVaccinatedDoses) {

	/** The analytics time zone. */
	public ZoneId zone() {
		return (this.timeZone != null) ? this.timeZone : ZoneId.systemDefault();
	}

}
