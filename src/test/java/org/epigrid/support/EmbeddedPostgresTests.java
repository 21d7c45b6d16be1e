package org.epigrid.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default keeps its data in the configured directory across restarts. */
class EmbeddedPostgresTests {

	@Test
	void dataSurvivesARestart(@TempDir Path directory) throws Exception {
		EmbeddedPostgresConfiguration configuration = new EmbeddedPostgresConfiguration();
		EmbeddedPostgresProperties properties = new EmbeddedPostgresProperties(directory.resolve("pg").toString(), 0,
				false);
		try (EmbeddedPostgres first = configuration.embeddedPostgres(properties);
				Connection connection = first.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE kept (value text)");
			statement.execute("INSERT INTO kept VALUES ('still here')");
		}
		try (EmbeddedPostgres second = configuration.embeddedPostgres(properties);
				Connection connection = second.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT value FROM kept")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getString(1)).isEqualTo("still here");
		}
	}

}
