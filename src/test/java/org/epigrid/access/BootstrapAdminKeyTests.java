package org.epigrid.access;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import org.epigrid.support.EmbeddedPostgresConfiguration.EmbeddedDatabase;
import org.epigrid.support.EmbeddedPostgresProperties;
import org.epigrid.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.API_KEY;

/**
 * The first start of the embedded default with no key configured generates an ADMIN key.
 */
class BootstrapAdminKeyTests extends IntegrationTest {

	@org.springframework.beans.factory.annotation.Autowired
	private ApiKeys keys;

	@Test
	void generatesAnAdminKeyOnceWhenNoneExists(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("data/admin-api-key");
		BootstrapAdminKey bootstrap = bootstrap(file);
		bootstrap.run(null);
		assertThat(file).doesNotExist();

		List<Long> admins = this.db.update(API_KEY)
			.set(API_KEY.REVOKED_AT, java.time.OffsetDateTime.now())
			.where(API_KEY.ROLE.eq("ADMIN"))
			.and(API_KEY.REVOKED_AT.isNull())
			.returning(API_KEY.ID)
			.fetch(API_KEY.ID);
		try {
			bootstrap.run(null);
			String key = Files.readString(file).strip();
			assertThat(key).startsWith("epg_");
			assertThat(this.keys.authenticate(key)).hasValueSatisfying((caller) -> {
				assertThat(caller.role()).isEqualTo(Role.ADMIN);
				assertThat(caller.name()).isEqualTo("generated-admin");
			});
			Files.delete(file);
			bootstrap.run(null);
			assertThat(file).doesNotExist();
		}
		finally {
			this.db.update(API_KEY).setNull(API_KEY.REVOKED_AT).where(API_KEY.ID.in(admins)).execute();
			this.db.update(API_KEY)
				.set(API_KEY.REVOKED_AT, java.time.OffsetDateTime.now())
				.where(API_KEY.NAME.eq("generated-admin"))
				.execute();
		}
	}

	private BootstrapAdminKey bootstrap(Path file) {
		AccessProperties properties = new AccessProperties(null, "bootstrap-admin", file.toString(), 600,
				Duration.ofMinutes(1), 10, Duration.ofMillis(200), Set.of(Role.ADMIN), true, List.of());
		StaticListableBeanFactory beans = new StaticListableBeanFactory(
				Map.of("embedded", new EmbeddedDatabase(0), "properties",
						new EmbeddedPostgresProperties(file.getParent().resolve("postgres").toString(), 0, false)));
		return new BootstrapAdminKey(this.keys, properties, beans.getBeanProvider(EmbeddedDatabase.class),
				beans.getBeanProvider(EmbeddedPostgresProperties.class));
	}

}
