package org.epigrid.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import org.epigrid.support.EmbeddedPostgresConfiguration.EmbeddedDatabase;

/**
 * Loads demo data at start-up, after the web server is up: the data set asked for with
 * {@code epigrid.demo.load} into whatever database is configured, otherwise the
 * {@code epigrid.demo.autoload} set, but only into an embedded database that has no
 * places yet (a first start). An external database is never filled unless asked.
 */
@Component
class DemoStartup implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoStartup.class);

	private final DemoProperties properties;

	private final DemoLoader loader;

	private final boolean embedded;

	private final DataSource dataSource;

	@Autowired
	DemoStartup(DemoProperties properties, DemoLoader loader, ObjectProvider<EmbeddedDatabase> embedded,
			DataSource dataSource) {
		this(properties, loader, embedded.getIfAvailable() != null, dataSource);
	}

	DemoStartup(DemoProperties properties, DemoLoader loader, boolean embedded, DataSource dataSource) {
		this.properties = properties;
		this.loader = loader;
		this.embedded = embedded;
		this.dataSource = dataSource;
	}

	@Override
	public void run(ApplicationArguments args) {
		plan().ifPresent(this.loader::load);
	}

	/** The data set to load now, if any. */
	Optional<DemoSize> plan() {
		if (this.properties.load() != DemoSize.NONE) {
			return Optional.of(this.properties.load());
		}
		if (this.properties.autoload() == DemoSize.NONE) {
			return Optional.empty();
		}
		if (!this.embedded) {
			log.debug("External database: no demo data unless epigrid.demo.load is set");
			return Optional.empty();
		}
		if (!noPlaces()) {
			return Optional.empty();
		}
		return Optional.of(this.properties.autoload());
	}

	private boolean noPlaces() {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM place)")) {
			rs.next();
			return rs.getBoolean(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot check for existing places", ex);
		}
	}

}
