package org.epigrid.privacy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.epigrid.privacy.PersonalDataKeys.InvalidPersonalDataKey;
import org.epigrid.support.EmbeddedPostgresProperties;
import org.epigrid.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Where the keys come from, and that they never reach the log. */
@ExtendWith(OutputCaptureExtension.class)
class KeySourceTests {

	private static final PrivacyProperties NONE = new PrivacyProperties(null, null, 1, null, null);

	private static final String OTHER_KEY = "b3RoZXItZW5jcnlwdGlvbi1rZXktMDEyMzQ1Njc4OWE=";

	@Test
	void theEmbeddedDefaultGeneratesKeysOnceKeepsThemInAFileAndNeverLogsThem(@TempDir Path directory,
			CapturedOutput output) throws Exception {
		EmbeddedPostgresProperties embedded = new EmbeddedPostgresProperties(
				directory.resolve("data/postgres").toString(), 0, false);
		KeySource.Resolved first = KeySource.resolve(NONE, embedded, new SecureRandom());

		Path file = directory.resolve("data/privacy-keys");
		assertThat(first.generatedFile()).isEqualTo(file);
		assertThat(file).exists();
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		String encryptionKey = Base64.getEncoder().encodeToString(first.keys().encryptionKeys().get(1));
		String lookupKey = Base64.getEncoder().encodeToString(first.keys().lookupKey());
		assertThat(Files.readString(file)).contains("encryption-key=" + encryptionKey)
			.contains("lookup-key=" + lookupKey);
		assertThat(output).contains("Generated the personal data keys").contains(file.toString());

		KeySource.Resolved second = KeySource.resolve(NONE, embedded, new SecureRandom());
		assertThat(second.generatedFile()).isNull();
		assertThat(second.keys().encryptionKeys().get(1)).isEqualTo(first.keys().encryptionKeys().get(1));
		assertThat(second.keys().lookupKey()).isEqualTo(first.keys().lookupKey());
		assertThat(output).contains("Personal data keys: read from " + file);

		for (String line : Files.readAllLines(file)) {
			if (!line.startsWith("#")) {
				assertThat(output.getAll()).doesNotContain(line.substring(line.indexOf('=') + 1));
			}
		}
		assertThat(output.getAll()).doesNotContain(encryptionKey).doesNotContain(lookupKey);
	}

	@Test
	void aConfiguredKeyFileIsUsed(@TempDir Path directory) {
		Path file = directory.resolve("keys/epigrid.keys");
		PrivacyProperties properties = new PrivacyProperties(null, null, 1, null, file.toString());
		KeySource.resolve(properties, new EmbeddedPostgresProperties(directory.resolve("pg").toString(), 0, false),
				new SecureRandom());
		assertThat(file).exists();
		assertThat(directory.resolve("privacy-keys")).doesNotExist();
	}

	@Test
	void aTemporaryEmbeddedDatabaseGetsFreshKeysAndNoFile(@TempDir Path directory) {
		KeySource.Resolved resolved = KeySource.resolve(NONE,
				new EmbeddedPostgresProperties(directory.resolve("data/postgres").toString(), 0, true),
				new SecureRandom());
		assertThat(resolved.generatedFile()).isNull();
		assertThat(directory.resolve("data/privacy-keys")).doesNotExist();
	}

	@Test
	void configuredKeysWinAndMayKeepRetiredOnes(CapturedOutput output) {
		PrivacyProperties properties = new PrivacyProperties(IntegrationTest.ENCRYPTION_KEY, IntegrationTest.LOOKUP_KEY,
				2, Map.of(1, OTHER_KEY), null);
		PersonalDataKeys keys = KeySource.resolve(properties, null, new SecureRandom()).keys();
		assertThat(keys.version()).isEqualTo(2);
		assertThat(keys.encryptionKeys()).containsOnlyKeys(1, 2);
		assertThat(output)
			.contains("Personal data keys: from configuration (encryption key version 2, retired " + "versions [1])");
		assertThat(output.getAll()).doesNotContain(IntegrationTest.ENCRYPTION_KEY)
			.doesNotContain(IntegrationTest.LOOKUP_KEY)
			.doesNotContain(OTHER_KEY);
		assertThat(properties.toString()).doesNotContain(IntegrationTest.ENCRYPTION_KEY).doesNotContain(OTHER_KEY);

		assertThatExceptionOfType(InvalidPersonalDataKey.class)
			.isThrownBy(() -> KeySource.resolve(new PrivacyProperties(IntegrationTest.ENCRYPTION_KEY,
					IntegrationTest.LOOKUP_KEY, 1, Map.of(1, OTHER_KEY), null), null, new SecureRandom()))
			.withMessage("key version 1 is both the current epigrid.privacy.key-version and a retired key");
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeGivesItsExternalDatabaseUsableDemoKeys() throws Exception {
		Map<String, Object> compose = new org.yaml.snakeyaml.Yaml()
			.load(Files.readString(Path.of("docker-compose.yml")));
		Map<String, Object> app = ((Map<String, Map<String, Object>>) compose.get("services")).get("app");
		Map<String, String> environment = (Map<String, String>) app.get("environment");
		PersonalDataKeys keys = KeySource
			.resolve(new PrivacyProperties(environment.get("EPIGRID_PRIVACY_ENCRYPTION_KEY"),
					environment.get("EPIGRID_PRIVACY_LOOKUP_KEY"), 1, null, null), null, new SecureRandom())
			.keys();
		assertThat(keys.version()).isEqualTo(1);
	}

	@Test
	void anExternalDatabaseWithoutKeysRefusesToStartAndSaysWhatToSet() {
		assertThatExceptionOfType(InvalidPersonalDataKey.class)
			.isThrownBy(() -> KeySource.resolve(NONE, null, new SecureRandom()))
			.withMessageContaining("no keys are configured for this external database")
			.withMessageContaining("EPIGRID_PRIVACY_ENCRYPTION_KEY")
			.withMessageContaining("EPIGRID_PRIVACY_LOOKUP_KEY")
			.withMessageContaining("openssl rand -base64 32");
		assertThatExceptionOfType(InvalidPersonalDataKey.class)
			.isThrownBy(
					() -> KeySource.resolve(new PrivacyProperties(IntegrationTest.ENCRYPTION_KEY, null, 1, null, null),
							null, new SecureRandom()))
			.withMessageStartingWith("only one of epigrid.privacy.encryption-key and epigrid.privacy.lookup-key");
		InvalidPersonalDataKey refusal = new InvalidPersonalDataKey("no keys");
		FailureAnalysis analysis = new PersonalDataKeyFailureAnalyzer()
			.analyze(new IllegalStateException("Error creating bean personalDataCipher", refusal));
		assertThat(analysis.getDescription()).isEqualTo("The personal data keys cannot be used: no keys.");
		assertThat(analysis.getAction()).contains("EPIGRID_PRIVACY_ENCRYPTION_KEY");
	}

}
