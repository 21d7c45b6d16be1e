package org.epigrid.privacy;

import java.security.SecureRandom;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.epigrid.support.EmbeddedPostgresConfiguration.EmbeddedDatabase;
import org.epigrid.support.EmbeddedPostgresProperties;

/**
 * The {@link PersonalDataCipher}, with keys from {@link KeySource} checked against the
 * database before anything can use them.
 */
@Configuration(proxyBeanMethods = false)
class PrivacyConfiguration {

	@Bean
	@DependsOnDatabaseInitialization
	PersonalDataCipher personalDataCipher(PrivacyProperties properties, ObjectProvider<EmbeddedDatabase> embedded,
			ObjectProvider<EmbeddedPostgresProperties> embeddedProperties, PersonalDataKeyRegistry registry) {
		SecureRandom random = new SecureRandom();
		KeySource.Resolved keys = KeySource.resolve(properties,
				(embedded.getIfAvailable() != null) ? embeddedProperties.getObject() : null, random);
		PersonalDataCipher cipher = new PersonalDataCipher(keys.keys(), random);
		registry.verify(cipher, keys.generatedFile());
		return cipher;
	}

}
