package org.epigrid.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The domain metrics job, under {@code epigrid.metrics}.
 *
 * @param enabled whether the scheduled job runs at all
 * @param refreshInterval pause between two refreshes (the SQL runs once per interval,
 * never per scrape)
 * @param initialDelay pause after startup before the first refresh
 */
@ConfigurationProperties("epigrid.metrics")
public record MetricsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration refreshInterval,
		@DefaultValue("5s") Duration initialDelay) {
}
