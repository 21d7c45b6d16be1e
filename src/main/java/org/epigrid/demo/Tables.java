package org.epigrid.demo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * One {@link TableWriter} per table of the data model, created with the first id each
 * table's rows get, so that every id is known before its row is written (COPY writes
 * given values into identity columns).
 */
final class Tables {

	/** Every table the demo fills, in an order that satisfies the foreign keys. */
	static final Map<String, String> COLUMNS = columns();

	/** Tables without an identity column. */
	static final List<String> WITHOUT_ID = List.of("stock_requirement");

	final TableWriter place;

	final TableWriter site;

	final TableWriter supplyItem;

	final TableWriter person;

	final TableWriter gridStaff;

	final TableWriter riskDesignation;

	final TableWriter healthCodeEvent;

	final TableWriter travelRecord;

	final TableWriter campaign;

	final TableWriter coldChainBatch;

	final TableWriter coldChainDisinfection;

	final TableWriter coldChainMovement;

	final TableWriter pool;

	final TableWriter sample;

	final TableWriter caseReport;

	final TableWriter contact;

	final TableWriter controlMeasure;

	final TableWriter healthCheck;

	final TableWriter feverClinicVisit;

	final TableWriter drugSale;

	final TableWriter stockMovement;

	final TableWriter stockBalance;

	final TableWriter stockRequirement;

	final TableWriter dailyReport;

	final TableWriter inspection;

	final TableWriter vaccination;

	final TableWriter adverseReaction;

	final TableWriter gathering;

	private final Map<String, TableWriter> all = new LinkedHashMap<>();

	private final BulkPhase bulk;

	/**
	 * Runs the writing of the biggest tables; the database may check their foreign keys
	 * once afterwards instead of row by row.
	 */
	interface BulkPhase {

		BulkPhase ROW_BY_ROW = (tables, writing) -> writing.run();

		void run(List<TableWriter> tables, Runnable writing);

	}

	Tables(CopyTarget target, ToLongFunction<String> firstId, TableWriter.Progress progress) {
		this(target, firstId, progress, BulkPhase.ROW_BY_ROW);
	}

	Tables(CopyTarget target, ToLongFunction<String> firstId, TableWriter.Progress progress, BulkPhase bulk) {
		this.bulk = bulk;
		for (Map.Entry<String, String> table : COLUMNS.entrySet()) {
			String name = table.getKey();
			long first = WITHOUT_ID.contains(name) ? 0 : firstId.applyAsLong(name);
			this.all.put(name, new TableWriter(name, table.getValue(), first, target, progress));
		}
		this.place = this.all.get("place");
		this.site = this.all.get("site");
		this.supplyItem = this.all.get("supply_item");
		this.person = this.all.get("person");
		this.gridStaff = this.all.get("grid_staff");
		this.riskDesignation = this.all.get("risk_designation");
		this.healthCodeEvent = this.all.get("health_code_event");
		this.travelRecord = this.all.get("travel_record");
		this.campaign = this.all.get("campaign");
		this.coldChainBatch = this.all.get("cold_chain_batch");
		this.coldChainDisinfection = this.all.get("cold_chain_disinfection");
		this.coldChainMovement = this.all.get("cold_chain_movement");
		this.pool = this.all.get("pool");
		this.sample = this.all.get("sample");
		this.caseReport = this.all.get("case_report");
		this.contact = this.all.get("contact");
		this.controlMeasure = this.all.get("control_measure");
		this.healthCheck = this.all.get("health_check");
		this.feverClinicVisit = this.all.get("fever_clinic_visit");
		this.drugSale = this.all.get("drug_sale");
		this.stockMovement = this.all.get("stock_movement");
		this.stockBalance = this.all.get("stock_balance");
		this.stockRequirement = this.all.get("stock_requirement");
		this.dailyReport = this.all.get("daily_report");
		this.inspection = this.all.get("inspection");
		this.vaccination = this.all.get("vaccination");
		this.adverseReaction = this.all.get("adverse_reaction");
		this.gathering = this.all.get("gathering");
	}

	Map<String, TableWriter> all() {
		return this.all;
	}

	void bulk(Runnable writing, TableWriter... tables) {
		this.bulk.run(List.of(tables), writing);
	}

	/** Ends every open statement. */
	void finish() {
		this.all.values().forEach(TableWriter::finishStatement);
	}

	private static Map<String, String> columns() {
		Map<String, String> c = new LinkedHashMap<>();
		c.put("place", "id, code, name, level, parent_id, population, latitude, longitude, created_by");
		c.put("site", "id, place_id, type, name, address, venue_code, rooms, beds, daily_test_capacity, status, "
				+ "latitude, longitude, created_by");
		c.put("supply_item", "id, code, name, category, unit, created_by");
		c.put("person", "id, id_number_enc, id_number_hash, id_number_region, full_name, sex, birth_date, phone_enc, "
				+ "phone_hash, residence_place_id, address, categories, health_code, health_code_changed_at, created_by");
		c.put("grid_staff", "id, place_id, person_id, role, since, created_by");
		c.put("risk_designation",
				"id, area_code, area_name, place_id, level, effective_from, effective_to, issued_by, created_by");
		c.put("health_code_event", "id, person_id, colour, changed_at, reason, created_by");
		c.put("travel_record", "id, person_id, origin_area_code, origin_name, origin_risk_level, departed_at, "
				+ "arrived_at, transport, transport_number, destination_place_id, detected_via, created_by");
		c.put("campaign", "id, name, place_id, starts_on, ends_on, created_by");
		c.put("cold_chain_batch", "id, batch_no, product, origin_country, port_of_entry, quantity_kg, "
				+ "warehouse_site_id, arrived_at, status, released_at, closed_reason, closed_at, created_by");
		c.put("cold_chain_disinfection", "id, batch_id, disinfected_at, agent, operator_name, created_by");
		c.put("cold_chain_movement",
				"id, batch_id, from_site_id, to_site_id, quantity_kg, moved_at, handler_person_id, created_by");
		c.put("pool", "id, barcode, size, collection_site_id, lab_site_id, opened_at, closed_at, received_at, result, "
				+ "resulted_at, created_by");
		c.put("sample", "id, barcode, kind, specimen, purpose, person_id, batch_id, site_id, place_id, pool_id, "
				+ "campaign_id, retest_of_id, collection_site_id, lab_site_id, collected_at, received_at, resulted_at, "
				+ "due_at, result, ct_value, created_by");
		c.put("case_report", "id, person_id, classification, reporting_site_id, diagnosed_at, report_due_at, "
				+ "reported_at, county_review_due_at, county_reviewed_at, city_review_due_at, city_reviewed_at, "
				+ "province_review_due_at, province_reviewed_at, created_by");
		c.put("contact", "id, source_person_id, contact_person_id, source_case_id, degree, exposure_at, "
				+ "exposure_site_id, exposure_setting, identified_at, trace_due_at, traced_at, created_by");
		c.put("control_measure", "id, person_id, kind, reason, travel_record_id, site_id, room, status, assigned_at, "
				+ "transfer_started_at, checked_in_at, planned_release_on, released_at, cancelled_at, cancel_reason, "
				+ "created_by");
		c.put("health_check", "id, person_id, measure_id, checked_on, checked_at, temperature, symptoms, checked_by");
		c.put("fever_clinic_visit", "id, site_id, person_id, visited_at, temperature, symptoms, sample_id, created_by");
		c.put("drug_sale", "id, pharmacy_site_id, person_id, drug_category, drug_name, quantity, sold_at, "
				+ "follow_up_status, followed_up_at, follow_up_sample_id, created_by");
		c.put("stock_movement",
				"id, site_id, item_id, lot, kind, quantity, occurred_at, counterpart_site_id, reference, created_by");
		c.put("stock_balance", "id, site_id, item_id, lot, expires_on, on_hand");
		c.put("stock_requirement", "site_id, item_id, full_load_daily_use, target_days, created_by");
		c.put("daily_report", "id, site_id, report_date, zero_report, fever_count, suspected_count, absent_count, "
				+ "notes, reported_at, created_by");
		c.put("inspection", "id, site_id, place_id, inspected_at, inspector, finding, severity, rectification_due_on, "
				+ "status, rectified_at, rectification_note, publicly_named, created_by");
		c.put("vaccination", "id, person_id, dose_number, product, lot, site_id, vaccinated_at, created_by");
		c.put("adverse_reaction", "id, vaccination_id, onset_at, severity, description, created_by");
		c.put("gathering", "id, name, organizer, place_id, site_id, starts_at, ends_at, expected_attendance, "
				+ "plan_status, created_by");
		return Collections.unmodifiableMap(c);
	}

}
