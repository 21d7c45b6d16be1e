package org.epigrid.access;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which root fields (queries and mutations) each role may call, and which record types it
 * may see at all. ADMIN may call everything; COMMAND_CENTER everything except key
 * management and the audit log. Root fields not listed here (new features) are open to
 * those two roles only until they are added to a group below. The README's "Access
 * control" matrix says the same in words; keep both in step.
 */
final class AccessMatrix {

	static final Set<String> READ_PLACES = Set.of("places", "place", "placeByCode", "sites");

	static final Set<String> WRITE_PLACES = Set.of("createPlace", "updatePlace", "createSite", "updateSite",
			"assignGridStaff", "removeGridStaff", "designateRiskArea", "endRiskDesignation");

	static final Set<String> READ_PEOPLE = Set.of("people", "person");

	static final Set<String> WRITE_PEOPLE = Set.of("registerPerson", "updatePerson", "setPersonCategories",
			"changeHealthCode", "recordTravel", "assignControlMeasure", "startTransfer", "checkIn",
			"releaseFromQuarantine", "cancelControlMeasure", "recordHealthCheck", "reportCase", "reviewCase",
			"reclassifyCase", "recordContact", "markContactTraced");

	static final Set<String> READ_TESTING = Set.of("samples", "sampleByBarcode", "campaigns", "campaignCoverage",
			"campaignUntestedResidents", "campaignProgress", "testTasks");

	static final Set<String> WRITE_TESTING = Set.of("createCampaign", "linkFeverClinicSample", "collectSample",
			"closePool", "receiveSamples", "reportResult", "reportResults");

	static final Set<String> READ_SENTINELS = Set.of("feverClinicVisits", "drugSales");

	static final Set<String> WRITE_SENTINELS = Set.of("recordFeverClinicVisit", "linkFeverClinicSample",
			"recordDrugSale", "closeDrugSaleFollowUp");

	static final Set<String> READ_SUPPLIES = Set.of("stock", "supplyItems");

	static final Set<String> WRITE_SUPPLIES = Set.of("createSupplyItem", "updateSupplyItem", "receiveStock",
			"issueStock", "transferStock", "recordConsumption", "adjustStock", "expireStock", "setStockRequirement",
			"removeStockRequirement");

	static final Set<String> READ_COLDCHAIN = Set.of("coldChainBatches", "coldChainBatch", "coldChainBatchByNumber");

	static final Set<String> WRITE_COLDCHAIN = Set.of("registerColdChainBatch", "recordDisinfection",
			"collectPackageSample", "recordPackageSampleResult", "releaseColdChainBatch", "destroyColdChainBatch",
			"recallColdChainBatch", "recordColdChainMovement");

	static final Set<String> READ_REPORTING = Set.of("dailyReports", "dailyReportCompliance", "inspections",
			"vaccinations", "gatherings");

	static final Set<String> WRITE_REPORTING = Set.of("submitDailyReport", "correctDailyReport", "recordInspection",
			"recordRectification", "verifyRectification", "recordVaccination", "recordAdverseReaction",
			"registerGathering", "submitGatheringPlan", "decideGatheringPlan");

	/** Counts and rates, no individual records. */
	static final Set<String> AGGREGATES = Set.of("dailyReportCompliance", "campaignProgress", "campaignCoverage",
			"stock");

	/** Analytics that return only counts and rates of an area. */
	static final Set<String> ANALYTICS = Set.of("testingStats", "quarantineOccupancy", "tracingTimeliness",
			"returneeInflow", "supplyCoverage", "vaccinationCoverage", "alertCounts");

	/** Analytics that list records to act on (each alert links to its record). */
	static final Set<String> ALERTS = Set.of("alerts");

	/**
	 * Alert kinds a role may list, for the roles limited to some ({@code alerts} without
	 * {@code kinds} lists these; naming another kind is FORBIDDEN). The other roles that
	 * may call {@code alerts} get every kind.
	 */
	private static final Map<Role, Set<String>> ALERT_KINDS = Map.of(Role.LAB, Set.of("OVERDUE_RESULT"),
			Role.SUPPLY_OFFICER, Set.of("STOCK_BELOW_TARGET"));

	static final Set<String> ADMINISTRATION = Set.of("apiKeys", "createApiKey", "revokeApiKey", "auditLog");

	static final Set<String> COMMON = Set.of("node");

	/** Types that hold data about individual people (or the access system itself). */
	static final Set<String> PERSONAL_TYPES = Set.of("Person", "Contact", "TravelRecord", "HealthCodeEvent",
			"ControlMeasure", "HealthCheck", "CaseReport", "Sample", "Pool", "SampleSubject", "FeverClinicVisit",
			"DrugSale", "Vaccination", "AdverseReaction", "GridStaff", "DailyReport", "Inspection", "Gathering",
			"ApiKey", "AuditEntry", "PersonTestResults", "TestTask");

	/** The root field whose permission also covers seeing a type through node(id). */
	private static final Map<String, String> TYPE_READ_FIELD = Map.ofEntries(Map.entry("Place", "places"),
			Map.entry("Site", "sites"), Map.entry("RiskDesignation", "places"), Map.entry("GridStaff", "places"),
			Map.entry("Person", "people"), Map.entry("HealthCodeEvent", "people"), Map.entry("TravelRecord", "people"),
			Map.entry("ControlMeasure", "people"), Map.entry("HealthCheck", "people"), Map.entry("Contact", "people"),
			Map.entry("CaseReport", "people"), Map.entry("Sample", "samples"), Map.entry("Pool", "samples"),
			Map.entry("Campaign", "campaigns"), Map.entry("TestTask", "testTasks"),
			Map.entry("SupplyItem", "supplyItems"), Map.entry("StockMovement", "stock"),
			Map.entry("ColdChainBatch", "coldChainBatches"), Map.entry("Disinfection", "coldChainBatches"),
			Map.entry("ColdChainMovement", "coldChainBatches"), Map.entry("DailyReport", "dailyReports"),
			Map.entry("Inspection", "inspections"), Map.entry("Vaccination", "vaccinations"),
			Map.entry("AdverseReaction", "vaccinations"), Map.entry("Gathering", "gatherings"),
			Map.entry("FeverClinicVisit", "feverClinicVisits"), Map.entry("DrugSale", "drugSales"),
			Map.entry("ApiKey", "apiKeys"));

	private static final Map<Role, Set<String>> ALLOWED = new EnumMap<>(Role.class);

	static {
		ALLOWED.put(Role.AREA_OFFICER,
				union(COMMON, READ_PLACES, WRITE_PLACES, READ_PEOPLE, WRITE_PEOPLE, READ_TESTING, WRITE_TESTING,
						READ_SENTINELS, WRITE_SENTINELS, READ_SUPPLIES, WRITE_SUPPLIES, READ_COLDCHAIN, WRITE_COLDCHAIN,
						READ_REPORTING, WRITE_REPORTING, ANALYTICS, ALERTS));
		ALLOWED.put(Role.LAB, union(COMMON, READ_PLACES, READ_TESTING, WRITE_TESTING, Set.of("testingStats"), ALERTS));
		ALLOWED.put(Role.SUPPLY_OFFICER,
				union(COMMON, READ_PLACES, READ_SUPPLIES, WRITE_SUPPLIES, Set.of("supplyCoverage"), ALERTS));
		ALLOWED.put(Role.ANALYST, union(COMMON, AGGREGATES, ANALYTICS, READ_PLACES, READ_PEOPLE, READ_TESTING,
				READ_SENTINELS, READ_SUPPLIES, READ_COLDCHAIN, READ_REPORTING));
		ALLOWED.put(Role.PARTNER, union(COMMON, AGGREGATES, ANALYTICS, Set.of("places", "place", "placeByCode")));
	}

	private AccessMatrix() {
	}

	@SafeVarargs
	private static Set<String> union(Set<String>... sets) {
		Set<String> all = new HashSet<>();
		for (Set<String> set : sets) {
			all.addAll(set);
		}
		return Set.copyOf(all);
	}

	/** Whether the role may call this root field (query or mutation). */
	static boolean allowsRootField(Role role, String field) {
		return switch (role) {
			case ADMIN -> true;
			case COMMAND_CENTER -> !ADMINISTRATION.contains(field);
			default -> ALLOWED.get(role).contains(field);
		};
	}

	/**
	 * The alert kinds the role may list; null when it may list every kind (or may not
	 * call {@code alerts} at all, which {@link #allowsRootField} decides).
	 */
	static @Nullable Set<String> alertKinds(Role role) {
		return ALERT_KINDS.get(role);
	}

	/**
	 * Whether the role may see records of this type at all (node(id) and nested fields).
	 */
	static boolean allowsType(Role role, String type) {
		String base = baseType(type);
		if (role == Role.ADMIN) {
			return true;
		}
		if (base.equals("ApiKey") || base.equals("AuditEntry")) {
			return false;
		}
		if (role == Role.PARTNER && PERSONAL_TYPES.contains(base)) {
			return false;
		}
		return true;
	}

	/** Whether node(id) may return a record of this type to the role. */
	static boolean allowsNode(Role role, String type) {
		if (!allowsType(role, type)) {
			return false;
		}
		String field = TYPE_READ_FIELD.get(type);
		return (field == null) ? role == Role.ADMIN || role == Role.COMMAND_CENTER
				: allowsRootField(role, field) || (role == Role.PARTNER && READ_PLACES.contains(field));
	}

	/** {@code PersonConnection} and {@code PersonEdge} are {@code Person}. */
	static String baseType(String type) {
		if (type.endsWith("Connection")) {
			return type.substring(0, type.length() - "Connection".length());
		}
		if (type.endsWith("Edge")) {
			return type.substring(0, type.length() - "Edge".length());
		}
		return type;
	}

}
