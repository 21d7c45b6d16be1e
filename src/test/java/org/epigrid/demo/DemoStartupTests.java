package org.epigrid.demo;

import java.time.Duration;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import org.epigrid.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the demo data is loaded at start-up: the autoload set only into an empty embedded
 * database, the requested set into any database, nothing otherwise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoStartupTests extends IntegrationTest {

	private static final String EMPTY = "demo_autoload_check";

	@Autowired
	private EmbeddedPostgres postgres;

	@Autowired
	private DemoLoader loader;

	@Autowired
	private DemoStartup startup;

	@Autowired
	private DataSource dataSource;

	private DataSource empty;

	@BeforeAll
	void createEmptyDatabase() {
		this.db.execute("DROP DATABASE IF EXISTS " + EMPTY);
		this.db.execute("CREATE DATABASE " + EMPTY);
		this.empty = this.postgres.getDatabase("postgres", EMPTY);
		Flyway.configure().dataSource(this.empty).locations("classpath:db/migration").load().migrate();
	}

	@AfterAll
	void dropEmptyDatabase() {
		this.db.execute("DROP DATABASE IF EXISTS " + EMPTY + " WITH (FORCE)");
	}

	@Test
	void autoloadsIntoAnEmptyEmbeddedDatabase() {
		assertThat(startup(settings(DemoSize.SMALL, DemoSize.NONE), true, this.empty).plan()).contains(DemoSize.SMALL);
	}

	@Test
	void neverAutoloadsIntoAnExternalDatabase() {
		assertThat(startup(settings(DemoSize.SMALL, DemoSize.NONE), false, this.empty).plan()).isEmpty();
	}

	@Test
	void neverAutoloadsIntoADatabaseWithPlaces() {
		this.data.city("已有数据市");
		assertThat(startup(settings(DemoSize.SMALL, DemoSize.NONE), true, this.dataSource).plan()).isEmpty();
	}

	@Test
	void autoloadCanBeSwitchedOff() {
		assertThat(startup(settings(DemoSize.NONE, DemoSize.NONE), true, this.empty).plan()).isEmpty();
		// as in the tests' own context
		assertThat(this.startup.plan()).isEmpty();
	}

	@Test
	void loadsAnyDatabaseWhenAsked() {
		assertThat(startup(settings(DemoSize.NONE, DemoSize.CITY), false, this.dataSource).plan())
			.contains(DemoSize.CITY);
	}

	private DemoStartup startup(DemoProperties settings, boolean embedded, DataSource dataSource) {
		return new DemoStartup(settings, this.loader, embedded, dataSource);
	}

	private static DemoProperties settings(DemoSize autoload, DemoSize load) {
		DemoProperties d = DemoProperties.defaults();
		return new DemoProperties(autoload, load, d.seed(), d.resultDue(), d.quarantineDays(), Duration.ofHours(24),
				d.gatheringPlanFrom(), d.bulkForeignKeyChecks());
	}

}
