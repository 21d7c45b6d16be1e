package org.epigrid.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.support.GlobalId;
import org.epigrid.support.TestData;
import org.epigrid.support.TestData.Ref;

/**
 * An area with a testing site, a laboratory, a market and residents, for the write tests;
 * and a snapshot of everything the testing writes touch, to show that a refusal changed
 * nothing.
 */
final class LabWorld {

	final Ref[] area;

	final long site;

	final long lab;

	final long market;

	final List<Long> people = new ArrayList<>();

	LabWorld(TestData data, String prefix, int residents) {
		this.area = data.chain(prefix);
		this.site = data.site(this.area[4], "TESTING_SITE", prefix + "采样点");
		this.lab = data.site(this.area[4], "LAB", prefix + "实验室");
		this.market = data.site(this.area[4], "MARKET", prefix + "市场");
		for (int i = 0; i < residents; i++) {
			this.people.add(data.person(this.area[4], prefix + "居民" + i));
		}
	}

	String person(int index) {
		return GlobalId.encode("Person", this.people.get(index));
	}

	String siteId() {
		return GlobalId.encode("Site", this.site);
	}

	String labId() {
		return GlobalId.encode("Site", this.lab);
	}

	/** A collectSample input for resident {@code index}; put more keys as needed. */
	Map<String, Object> sample(String barcode, int index, String purpose) {
		Map<String, Object> input = new HashMap<>();
		input.put("barcode", barcode);
		input.put("kind", "PCR");
		input.put("specimen", "OROPHARYNGEAL_SWAB");
		input.put("purpose", purpose);
		input.put("person", person(index));
		input.put("collectionSite", siteId());
		input.put("lab", labId());
		return input;
	}

	static Map<String, Object> pool(String barcode, @Nullable Integer size) {
		Map<String, Object> pool = new HashMap<>();
		pool.put("barcode", barcode);
		if (size != null) {
			pool.put("size", size);
		}
		return pool;
	}

	/**
	 * Row counts, states and version sums of samples, pools and test tasks: equal before
	 * and after means nothing was written.
	 */
	static Map<String, Object> snapshot(DSLContext db) {
		Record r = db.fetchOne("""
				SELECT (SELECT count(*) FROM sample) AS samples,
				       (SELECT count(*) FILTER (WHERE received_at IS NOT NULL) FROM sample) AS samples_received,
				       (SELECT count(*) FILTER (WHERE result IS NOT NULL) FROM sample) AS samples_resulted,
				       (SELECT coalesce(sum(version), 0) FROM sample) AS sample_versions,
				       (SELECT count(*) FROM pool) AS pools,
				       (SELECT count(*) FILTER (WHERE closed_at IS NOT NULL) FROM pool) AS pools_closed,
				       (SELECT count(*) FILTER (WHERE received_at IS NOT NULL) FROM pool) AS pools_received,
				       (SELECT count(*) FILTER (WHERE result IS NOT NULL) FROM pool) AS pools_resulted,
				       (SELECT coalesce(sum(version), 0) FROM pool) AS pool_versions,
				       (SELECT count(*) FROM test_task) AS tasks,
				       (SELECT count(*) FILTER (WHERE status = 'OPEN') FROM test_task) AS tasks_open,
				       (SELECT coalesce(sum(version), 0) FROM test_task) AS task_versions""");
		Map<String, Object> values = new HashMap<>();
		for (int i = 0; i < r.size(); i++) {
			values.put(r.field(i).getName(), r.get(i));
		}
		return values;
	}

	static long count(DSLContext db, String sql, Object... bindings) {
		return db.fetchOne(DSL.resultQuery(sql, bindings)).get(0, Long.class);
	}

}
