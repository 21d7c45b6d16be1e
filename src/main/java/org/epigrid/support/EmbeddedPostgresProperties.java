package org.epigrid.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded PostgreSQL.
 *
 * @param dataDirectory where the data lives between restarts
 * @param port TCP port on localhost; 0 picks a free one
 * @param temporary use a throw-away data directory (tests)
 */
@ConfigurationProperties("epigrid.embedded")
public record EmbeddedPostgresProperties(@DefaultValue("./data/postgres") String dataDirectory,
		@DefaultValue("0") int port, @DefaultValue("false") boolean temporary) {

}
