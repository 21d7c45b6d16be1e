package org.epigrid.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts an embedded PostgreSQL when no {@code spring.datasource.url} is configured. Its
 * data directory lives under {@code epigrid.embedded.data-directory} (default
 * {@code ./data/postgres}) and survives restarts; it is stopped when the application
 * context closes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
@EnableConfigurationProperties(EmbeddedPostgresProperties.class)
public class EmbeddedPostgresConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties properties) throws IOException {
		long started = System.nanoTime();
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setPort(properties.port())
			.setServerConfig("max_connections", "100")
			.setServerConfig("shared_preload_libraries", "pg_stat_statements")
			.setServerConfig("timezone", "UTC")
			// the server log gets no DETAIL lines: a constraint error's "Failing row
			// contains (...)" would put names and addresses there
			.setServerConfig("log_error_verbosity", "terse");
		if (properties.temporary()) {
			builder.setCleanDataDirectory(true);
		}
		else {
			Path directory = Path.of(properties.dataDirectory()).toAbsolutePath().normalize();
			Files.createDirectories(directory);
			// the embedded server starts with fsync off and asynchronous commits (right
			// for tests); data that is kept must reach the disk before a commit is
			// reported
			builder.setDataDirectory(directory)
				.setCleanDataDirectory(false)
				.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on");
		}
		EmbeddedPostgres postgres = builder.start();
		log.info("Embedded PostgreSQL started on port {} in {} ms ({})", postgres.getPort(),
				(System.nanoTime() - started) / 1_000_000,
				properties.temporary() ? "temporary data directory" : "data in " + properties.dataDirectory());
		return postgres;
	}

	/**
	 * The pool of the embedded database; every connection gets the statement timeout of
	 * {@code epigrid.limits.statement-timeout} (0 = none).
	 */
	@Bean
	DataSource dataSource(EmbeddedPostgres postgres,
			@Value("${epigrid.limits.statement-timeout:30s}") String statementTimeout) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setConnectionInitSql(
				"SET statement_timeout = " + DurationStyle.detectAndParse(statementTimeout).toMillis());
		dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		dataSource.setUsername("postgres");
		dataSource.setPoolName("epigrid-embedded");
		dataSource.setMaximumPoolSize(20);
		return dataSource;
	}

	/**
	 * Marker that the embedded database is in use (the demo loader only ever fills that
	 * one).
	 */
	@Bean
	EmbeddedDatabase embeddedDatabase(EmbeddedPostgres postgres) {
		return new EmbeddedDatabase(postgres.getPort());
	}

	public record EmbeddedDatabase(int port) {
	}

}
