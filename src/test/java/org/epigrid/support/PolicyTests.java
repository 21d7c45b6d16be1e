package org.epigrid.support;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy binds with its defaults and takes overrides per key. */
class PolicyTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of())
		.withUserConfiguration(Config.class);

	@Test
	void defaultsApplyWithoutConfiguration() {
		this.runner.run((context) -> {
			Policy policy = context.getBean(Policy.class);
			assertThat(policy.testing().resultDeadline("KEY_GROUP")).isEqualTo(Duration.ofHours(6));
			assertThat(policy.testing().resultDeadline("ROUTINE")).isEqualTo(Duration.ofHours(24));
			assertThat(policy.testing().poolSize()).isEqualTo(10);
			assertThat(policy.tracing().traceWithin()).isEqualTo(Duration.ofHours(24));
			assertThat(policy.quarantine().daysFor("CENTRALIZED_QUARANTINE")).isEqualTo(14);
			assertThat(policy.quarantine().requiredNegativeTestsFor("CENTRALIZED_QUARANTINE")).isEqualTo(2);
			assertThat(policy.supplies().targetDays()).isEqualTo(30);
			assertThat(policy.gatherings().planRequiredAbove()).isEqualTo(50);
		});
	}

	@Test
	void configurationOverridesSingleKeysAndKeepsTheOtherDefaults() {
		this.runner.withPropertyValues("epigrid.policy.testing.result-deadlines.KEY_GROUP=3h",
				"epigrid.policy.quarantine.days.CENTRALIZED_QUARANTINE=21", "epigrid.policy.supplies.target-days=45")
			.run((context) -> {
				Policy policy = context.getBean(Policy.class);
				assertThat(policy.testing().resultDeadline("KEY_GROUP")).isEqualTo(Duration.ofHours(3));
				assertThat(policy.testing().resultDeadline("FEVER_CLINIC")).isEqualTo(Duration.ofHours(4));
				assertThat(policy.quarantine().daysFor("CENTRALIZED_QUARANTINE")).isEqualTo(21);
				assertThat(policy.quarantine().daysFor("HOME_QUARANTINE")).isEqualTo(7);
				assertThat(policy.supplies().targetDays()).isEqualTo(45);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(Policy.class)
	static class Config {

	}

}
