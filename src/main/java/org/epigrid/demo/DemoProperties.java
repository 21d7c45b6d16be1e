package org.epigrid.demo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the demo data.
 *
 * @param autoload data set loaded on the first start of an empty embedded database
 * @param load data set loaded at start-up on request, into whatever database is
 * configured (refused if the demo city is already there)
 * @param seed makes the generated city reproducible
 * @param resultDue result deadlines by sample purpose
 * @param quarantineDays days of centralized and home quarantine
 * @param traceWithin time to trace a contact after the source case is reported
 * @param gatheringPlanFrom attendance from which a gathering needs a prevention plan
 * @param bulkForeignKeyChecks check the foreign keys of the biggest tables (samples,
 * pools, vaccinations) with one query per key after their COPY instead of row by row;
 * needs a superuser (the embedded database has one), otherwise row by row
 */
@ConfigurationProperties("epigrid.demo")
public record DemoProperties(@DefaultValue("small") DemoSize autoload, @DefaultValue("none") DemoSize load,
		@DefaultValue("20220415") long seed, @DefaultValue ResultDue resultDue, @DefaultValue("7") int quarantineDays,
		@DefaultValue("24h") Duration traceWithin, @DefaultValue("50") int gatheringPlanFrom,
		@DefaultValue("true") boolean bulkForeignKeyChecks) {

	/** Result deadlines (from collection) by sample purpose. */
	public record ResultDue(@DefaultValue("6h") Duration keyGroup, @DefaultValue("4h") Duration feverClinic,
			@DefaultValue("24h") Duration routine, @DefaultValue("24h") Duration massTesting,
			@DefaultValue("6h") Duration closeContact, @DefaultValue("12h") Duration quarantine,
			@DefaultValue("12h") Duration returnee, @DefaultValue("6h") Duration retest,
			@DefaultValue("24h") Duration drugPurchase, @DefaultValue("24h") Duration coldChain,
			@DefaultValue("24h") Duration environment, @DefaultValue("12h") Duration hospitalAdmission) {

		Duration of(String purpose) {
			return switch (purpose) {
				case "KEY_GROUP" -> this.keyGroup;
				case "FEVER_CLINIC" -> this.feverClinic;
				case "ROUTINE" -> this.routine;
				case "MASS_TESTING" -> this.massTesting;
				case "CLOSE_CONTACT" -> this.closeContact;
				case "QUARANTINE" -> this.quarantine;
				case "RETURNEE" -> this.returnee;
				case "RETEST" -> this.retest;
				case "DRUG_PURCHASE" -> this.drugPurchase;
				case "COLD_CHAIN" -> this.coldChain;
				case "ENVIRONMENT" -> this.environment;
				case "HOSPITAL_ADMISSION" -> this.hospitalAdmission;
				default -> throw new IllegalArgumentException("Unknown purpose " + purpose);
			};
		}

	}

	/** The defaults, for code that runs outside a Spring context. */
	static DemoProperties defaults() {
		return new DemoProperties(DemoSize.SMALL, DemoSize.NONE, 20220415L,
				new ResultDue(Duration.ofHours(6), Duration.ofHours(4), Duration.ofHours(24), Duration.ofHours(24),
						Duration.ofHours(6), Duration.ofHours(12), Duration.ofHours(12), Duration.ofHours(6),
						Duration.ofHours(24), Duration.ofHours(24), Duration.ofHours(24), Duration.ofHours(12)),
				7, Duration.ofHours(24), 50, true);
	}

}
