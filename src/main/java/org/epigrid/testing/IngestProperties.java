package org.epigrid.testing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the CSV ingestion endpoints ({@code POST /ingest/samples},
 * {@code POST /ingest/results}), under {@code epigrid.ingest}.
 *
 * @param maxSize largest upload accepted; a larger one is refused whole (400)
 * @param maxListedRejections most rejected rows listed in a response (all are counted)
 * @param statementTimeout longest statement of an upload's transaction (the COPY of the
 * body and each set-wise statement), instead of {@code epigrid.limits.statement-timeout};
 * 0 = none
 */
@ConfigurationProperties("epigrid.ingest")
public record IngestProperties(@DefaultValue("100MB") DataSize maxSize, @DefaultValue("1000") int maxListedRejections,
		@DefaultValue("10m") Duration statementTimeout) {

}
