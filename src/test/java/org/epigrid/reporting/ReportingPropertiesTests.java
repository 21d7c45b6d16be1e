package org.epigrid.reporting;

import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import org.epigrid.places.SiteType;
import org.epigrid.support.Policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The {@code epigrid.reporting} settings and the gathering threshold bind as documented.
 */
class ReportingPropertiesTests {

	private static Binder binder(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties));
	}

	@Test
	void defaultsAreSevenDaysAndTheSevenInstitutionTypes() {
		ReportingProperties properties = binder(Map.of()).bindOrCreate("epigrid.reporting", ReportingProperties.class);
		assertThat(properties.dailyReportMaxAgeDays()).isEqualTo(7);
		assertThat(properties.institutionTypes()).containsExactly(SiteType.SCHOOL, SiteType.NURSING_HOME,
				SiteType.WELFARE_HOME, SiteType.PRISON, SiteType.DETENTION_CENTER, SiteType.PSYCHIATRIC_HOSPITAL,
				SiteType.HOSPITAL);
		assertThat(properties.zone()).isEqualTo(ZoneId.systemDefault());
	}

	@Test
	void everySettingCanBeChanged() {
		ReportingProperties properties = binder(Map.of("epigrid.reporting.daily-report-max-age-days", "2",
				"epigrid.reporting.institution-types", "SCHOOL,PRISON", "epigrid.reporting.zone", "Asia/Shanghai"))
			.bindOrCreate("epigrid.reporting", ReportingProperties.class);
		assertThat(properties.dailyReportMaxAgeDays()).isEqualTo(2);
		assertThat(properties.isInstitution(SiteType.PRISON)).isTrue();
		assertThat(properties.isInstitution(SiteType.HOSPITAL)).isFalse();
		assertThat(properties.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
		assertThatException().isThrownBy(() -> binder(Map.of("epigrid.reporting.daily-report-max-age-days", "-1"))
			.bindOrCreate("epigrid.reporting", ReportingProperties.class));
	}

	@Test
	void theGatheringThresholdIsReadFromThePolicyKey() {
		assertThat(
				binder(Map.of()).bindOrCreate("epigrid.policy.gatherings", Policy.Gatherings.class).planRequiredAbove())
			.isEqualTo(50);
		assertThat(binder(Map.of("epigrid.policy.gatherings.plan-required-above", "200"))
			.bindOrCreate("epigrid.policy.gatherings", Policy.Gatherings.class)
			.planRequiredAbove()).isEqualTo(200);
	}

}
