package org.epigrid.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import org.epigrid.support.EmbeddedPostgresConfiguration.EmbeddedDatabase;
import org.epigrid.support.EmbeddedPostgresProperties;

/**
 * Makes sure someone can call the API after start: the configured bootstrap ADMIN key
 * exists, or, on the embedded default with no ADMIN key at all, a fresh one is generated,
 * logged once and written to a file beside the embedded data directory.
 */
@Component
@Order(0)
class BootstrapAdminKey implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);

	private final ApiKeys keys;

	private final AccessProperties properties;

	private final ObjectProvider<EmbeddedDatabase> embedded;

	private final ObjectProvider<EmbeddedPostgresProperties> embeddedProperties;

	BootstrapAdminKey(ApiKeys keys, AccessProperties properties, ObjectProvider<EmbeddedDatabase> embedded,
			ObjectProvider<EmbeddedPostgresProperties> embeddedProperties) {
		this.keys = keys;
		this.properties = properties;
		this.embedded = embedded;
		this.embeddedProperties = embeddedProperties;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		String configured = this.properties.bootstrapAdminKey();
		if (StringUtils.hasText(configured)) {
			this.keys.ensureAdmin(configured, this.properties.bootstrapAdminName());
			log.info("Bootstrap ADMIN key (from epigrid.security.bootstrap-admin-key) is in place");
			return;
		}
		if (this.embedded.getIfAvailable() == null || this.keys.anyActiveAdmin()) {
			return;
		}
		String key = ApiKeys.newKey();
		this.keys.ensureAdmin(key, "generated-admin");
		Path file = keyFile();
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, key + System.lineSeparator(), StandardCharsets.UTF_8);
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system
		}
		log.warn("Generated the first ADMIN API key (shown once; also written to {}): {}", file, key);
	}

	private Path keyFile() {
		if (StringUtils.hasText(this.properties.adminKeyFile())) {
			return Path.of(this.properties.adminKeyFile());
		}
		EmbeddedPostgresProperties embedded = this.embeddedProperties.getIfAvailable();
		Path dataDirectory = Path.of((embedded != null) ? embedded.dataDirectory() : "./data/postgres")
			.toAbsolutePath()
			.normalize();
		Path parent = dataDirectory.getParent();
		return ((parent != null) ? parent : dataDirectory).resolve("admin-api-key");
	}

}
