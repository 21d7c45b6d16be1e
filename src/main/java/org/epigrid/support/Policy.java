package org.epigrid.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every number the source material leaves open ("×"), with defaults, under
 * {@code epigrid.policy}. Deadlines are durations (ISO-8601 like {@code PT24H} or
 * Spring's {@code 24h}).
 *
 * @param testing result deadlines and pooling
 * @param tracing contact-tracing deadline
 * @param cases case reporting and review deadlines
 * @param quarantine days under each measure and the tests required for release
 * @param returnees what a returnee from a MEDIUM or HIGH area gets
 * @param supplies days of cover to hold
 * @param gatherings attendance above which a prevention plan is required
 */
@ConfigurationProperties("epigrid.policy")
public record Policy(@DefaultValue Testing testing, @DefaultValue Tracing tracing, @DefaultValue Cases cases,
		@DefaultValue Quarantine quarantine, @DefaultValue Returnees returnees, @DefaultValue Supplies supplies,
		@DefaultValue Gatherings gatherings) {

	/**
	 * @param resultDeadlines collection-to-result deadline per sample purpose; purposes
	 * not listed use {@code defaultResultDeadline}
	 * @param defaultResultDeadline deadline for routine testing
	 * @param poolSize default pool size (混检 N合1)
	 * @param allowedPoolSizes the pool sizes a lab may use
	 */
	public record Testing(@Nullable Map<String, Duration> resultDeadlines,
			@DefaultValue("24h") Duration defaultResultDeadline, @DefaultValue("10") int poolSize, @DefaultValue( {
					"5", "10", "20" }) List<Integer> allowedPoolSizes){

		/**
		 * Key groups faster than routine (应检尽检): defaults, each overridable by purpose.
		 */
		static final Map<String, Duration> DEFAULT_RESULT_DEADLINES = Map.ofEntries(
				Map.entry("KEY_GROUP", Duration.ofHours(6)), Map.entry("FEVER_CLINIC", Duration.ofHours(4)),
				Map.entry("CLOSE_CONTACT", Duration.ofHours(6)), Map.entry("QUARANTINE", Duration.ofHours(12)),
				Map.entry("RETURNEE", Duration.ofHours(12)), Map.entry("RETEST", Duration.ofHours(6)),
				Map.entry("DRUG_PURCHASE", Duration.ofHours(12)), Map.entry("HOSPITAL_ADMISSION", Duration.ofHours(6)),
				Map.entry("COLD_CHAIN", Duration.ofHours(24)), Map.entry("ENVIRONMENT", Duration.ofHours(24)),
				Map.entry("MASS_TESTING", Duration.ofHours(24)));

		public Testing {
			resultDeadlines = merge(DEFAULT_RESULT_DEADLINES, resultDeadlines);
		}

		public Duration resultDeadline(String purpose) {
			return this.resultDeadlines.getOrDefault(purpose, this.defaultResultDeadline);
		}

	}

	/** Defaults overridden by whatever the configuration sets. */
	static <V> Map<String, V> merge(Map<String, V> defaults, @Nullable Map<String, V> configured) {
		Map<String, V> merged = new HashMap<>(defaults);
		if (configured != null) {
			merged.putAll(configured);
		}
		return Map.copyOf(merged);
	}

	/**
	 * @param traceWithin a contact must be traced within this time of the source case
	 * report
	 */
	public record Tracing(@DefaultValue("24h") Duration traceWithin) {
	}

	/**
	 * @param reportWithin from diagnosis to the direct report (直报)
	 * @param countyReviewWithin from report to county review
	 * @param cityReviewWithin from report to city review
	 * @param provinceReviewWithin from report to province review
	 */
	public record Cases(@DefaultValue("2h") Duration reportWithin, @DefaultValue("12h") Duration countyReviewWithin,
			@DefaultValue("24h") Duration cityReviewWithin, @DefaultValue("48h") Duration provinceReviewWithin) {
	}

	/**
	 * @param days days under each measure kind (planned release = assignment day + days)
	 * @param requiredNegativeTests negative PCR results needed before release, per
	 * measure kind
	 * @param testsWithinDays the negative tests must have been collected within this many
	 * days before release
	 */
	public record Quarantine(@Nullable Map<String, Integer> days, @Nullable Map<String, Integer> requiredNegativeTests,
			@DefaultValue("3") int testsWithinDays) {

		public Quarantine {
			days = merge(Map.of("CENTRALIZED_QUARANTINE", 14, "HOME_QUARANTINE", 7, "HOME_HEALTH_MONITORING", 7,
					"HOSPITAL_ISOLATION", 14), days);
			requiredNegativeTests = merge(Map.of("CENTRALIZED_QUARANTINE", 2, "HOME_QUARANTINE", 1,
					"HOME_HEALTH_MONITORING", 0, "HOSPITAL_ISOLATION", 2), requiredNegativeTests);
		}

		public int daysFor(String kind) {
			return this.days.getOrDefault(kind, 14);
		}

		public int requiredNegativeTestsFor(String kind) {
			return this.requiredNegativeTests.getOrDefault(kind, 0);
		}

	}

	/**
	 * @param highRiskMeasure measure for a returnee from a HIGH-risk area
	 * @param mediumRiskMeasure measure for a returnee from a MEDIUM-risk area
	 * @param testsOnArrival samples to collect on arrival (purpose RETURNEE)
	 */
	public record Returnees(@DefaultValue("CENTRALIZED_QUARANTINE") String highRiskMeasure,
			@DefaultValue("HOME_QUARANTINE") String mediumRiskMeasure, @DefaultValue("1") int testsOnArrival) {
	}

	/**
	 * @param targetDays days of cover at full load (30 天满负荷)
	 */
	public record Supplies(@DefaultValue("30") int targetDays) {
	}

	/**
	 * @param planRequiredAbove attendance above which a prevention plan is required
	 */
	public record Gatherings(@DefaultValue("50") int planRequiredAbove) {
	}

}
