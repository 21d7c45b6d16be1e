package org.epigrid.metrics;

import javax.sql.DataSource;

import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Sets the password of the {@code epigrid_grafana} login role (created without one by
 * migration V12) from {@code epigrid.reporting.grafana-password} at startup, so that the
 * operator keeps the secret in the application's configuration (environment variable
 * {@code EPIGRID_REPORTING_GRAFANA_PASSWORD}). Nothing happens when it is not set. The
 * application's database user needs CREATEROLE (or to own the role) for this; otherwise
 * the operator runs {@code ALTER ROLE epigrid_grafana PASSWORD '...'} once by hand. The
 * password is never logged.
 */
@Component
class GrafanaRolePassword {

	private static final Logger logger = LoggerFactory.getLogger(GrafanaRolePassword.class);

	private final DataSource dataSource;

	private final String password;

	GrafanaRolePassword(DataSource dataSource, @Value("${epigrid.reporting.grafana-password:}") String password) {
		this.dataSource = dataSource;
		this.password = password;
	}

	@EventListener(ApplicationReadyEvent.class)
	void apply() {
		if (this.password.isBlank()) {
			return;
		}
		try {
			DSL.using(this.dataSource, SQLDialect.POSTGRES)
				.execute("ALTER ROLE epigrid_grafana PASSWORD {0}", DSL.inline(this.password));
			logger.info("Password of database role epigrid_grafana set from epigrid.reporting.grafana-password");
		}
		catch (RuntimeException ex) {
			logger.warn("Could not set the password of database role epigrid_grafana: {}",
					ex.getClass().getSimpleName());
		}
	}

}
