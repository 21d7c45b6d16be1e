package org.epigrid.demo;

import java.util.ArrayList;
import java.util.List;

import org.epigrid.demo.Testing.Purpose;
import org.epigrid.demo.Testing.SampleRow;
import org.epigrid.people.PersonCategory;
import org.epigrid.places.SiteType;

import static org.epigrid.demo.TableWriter.NULL;

/**
 * Imported cold-chain food (批批覆盖): every batch held in a central supervision warehouse,
 * disinfected and sampled; released to the market only with negative tests and a
 * disinfection record, then traced downstream.
 */
final class ColdChain {

	private static final String[] PRODUCTS = { "冷冻带鱼", "冷冻牛肉", "冷冻猪肉", "冷冻虾仁", "冷冻鸡爪", "冰鲜三文鱼", "冷冻鳕鱼", "冷冻羊肉卷",
			"冷冻巴沙鱼片", "冷冻帝王蟹" };

	private static final String[] COUNTRIES = { "巴西", "阿根廷", "新西兰", "澳大利亚", "厄瓜多尔", "挪威", "智利", "俄罗斯", "乌拉圭", "加拿大",
			"越南", "印度" };

	private static final String[] PORTS = { "上海洋山港", "宁波舟山港", "天津港", "青岛港", "广州南沙港", "厦门港" };

	private static final String[] AGENTS = { "过氧乙酸", "含氯消毒剂", "二氧化氯", "75%乙醇" };

	static final class Batch {

		long id;

		String number;

		String product;

		String country;

		String port;

		long grams;

		Venue warehouse;

		long arrived;

		String status;

		long released = NULL;

		long closed = NULL;

		String closedReason;

		final List<long[]> disinfections = new ArrayList<>();

		final List<String> operators = new ArrayList<>();

		final List<SampleRow> samples = new ArrayList<>();

		final List<Object[]> movements = new ArrayList<>();

	}

	private final List<Batch> batches = new ArrayList<>();

	private final Timeline time;

	private final Population people;

	private final Rnd rnd;

	ColdChain(CityMap map, Population people, Timeline time, long seed, Testing testing, Testing.Plan plan,
			long firstBatchId) {
		this.time = time;
		this.people = people;
		this.rnd = new Rnd(seed, "cold-chain");
		List<Venue> warehouses = map.byType.get(SiteType.CENTRAL_SUPERVISION_WAREHOUSE);
		List<Venue> downstream = new ArrayList<>();
		for (SiteType type : List.of(SiteType.COLD_CHAIN_WAREHOUSE, SiteType.MARKET, SiteType.SUPERMARKET,
				SiteType.RESTAURANT)) {
			downstream.addAll(map.byType.get(type));
		}
		List<Integer> handlers = new ArrayList<>();
		for (int p = 0; p < people.size && handlers.size() < 500; p++) {
			if (people.is(p, PersonCategory.COLD_CHAIN_WORKER)) {
				handlers.add(p);
			}
		}
		int perDay = Math.max(1, (int) Math.round(people.size / 250_000.0));
		for (int day = time.today - Testing.DAYS + 1; day <= time.today; day++) {
			for (Venue warehouse : warehouses) {
				for (int i = 0; i < perDay; i++) {
					long arrived = time.at(day, this.rnd.between(6.0, 20.0));
					if (arrived > time.now) {
						continue;
					}
					Batch batch = new Batch();
					batch.id = firstBatchId + this.batches.size();
					batch.number = String.format("LJCC%s%03d", java.time.LocalDate.ofEpochDay(day)
						.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE), this.batches.size() % 1000);
					batch.product = this.rnd.pick(PRODUCTS);
					batch.country = this.rnd.pick(COUNTRIES);
					batch.port = this.rnd.pick(PORTS);
					batch.grams = this.rnd.between(2_000, 26_000) * 1000L;
					batch.warehouse = warehouse;
					batch.arrived = arrived;
					plan(batch, testing, plan, downstream, handlers);
					this.batches.add(batch);
				}
			}
		}
	}

	private void plan(Batch batch, Testing testing, Testing.Plan plan, List<Venue> downstream, List<Integer> handlers) {
		boolean skipDisinfection = this.rnd.chance(0.03);
		long disinfected = NULL;
		if (!skipDisinfection) {
			int rounds = this.rnd.between(1, 2);
			for (int i = 0; i < rounds; i++) {
				long at = batch.arrived + this.rnd.hours(0.5 + 2 * i, 2.5 + 2 * i);
				if (at <= this.time.now) {
					batch.disinfections.add(new long[] { at });
					batch.operators.add(this.rnd.pick(Names.OPERATORS) + Names.SURNAMES[this.rnd.below(30)]
							+ Names.MALE_GIVEN[this.rnd.below(Names.MALE_GIVEN.length)]);
					disinfected = at;
				}
			}
		}
		boolean positive = this.rnd.chance(0.01);
		int count = this.rnd.between(3, 5);
		long lastResult = 0;
		boolean pending = false;
		for (int i = 0; i < count; i++) {
			SampleRow sample = new SampleRow(Purpose.COLD_CHAIN, batch.arrived + this.rnd.hours(1, 3));
			sample.batchId = batch.id;
			sample.placeId = batch.warehouse.grid.id;
			sample.specimen = this.rnd.chance(0.3) ? "FOOD" : "PACKAGE_SWAB";
			sample.collection = batch.warehouse;
			sample.lab = batch.warehouse.lab;
			sample.explicit = true;
			sample.received = sample.collected + this.rnd.hours(0.5, 2);
			sample.resulted = sample.received + this.rnd.hours(3, 10);
			boolean hit = positive && i == 0;
			sample.result = hit ? Testing.POSITIVE : Testing.NEGATIVE;
			sample.ct = hit ? this.rnd.between(310, 370) : -1;
			if (sample.collected <= this.time.now) {
				batch.samples.add(plan.add(sample));
				pending |= sample.resulted > this.time.now;
				lastResult = Math.max(lastResult, sample.resulted);
			}
			else {
				pending = true;
			}
		}
		if (positive && !pending) {
			batch.status = "DESTROYED";
			batch.closed = Math.min(this.time.now, lastResult + this.rnd.hours(1, 6));
			batch.closedReason = "外包装/食品样本核酸阳性，监督销毁";
			return;
		}
		if (pending || disinfected == NULL) {
			batch.status = "HELD";
			return;
		}
		long released = Math.max(lastResult, disinfected) + this.rnd.hours(1, 8);
		if (released > this.time.now) {
			batch.status = "HELD";
			return;
		}
		batch.status = this.rnd.chance(0.02) ? "RECALLED" : "RELEASED";
		batch.released = released;
		if (batch.status.equals("RECALLED")) {
			batch.closed = Math.min(this.time.now, released + this.rnd.hours(24, 72));
			batch.closedReason = "下游环节检出阳性，召回";
		}
		long left = batch.grams;
		int moves = this.rnd.between(1, 4);
		for (int i = 0; i < moves && left > 1000; i++) {
			long at = released + this.rnd.hours(1 + 10 * i, 10 + 10 * i);
			if (at > this.time.now) {
				break;
			}
			long grams = (i == moves - 1) ? left : left * this.rnd.between(20, 60) / 100;
			left -= grams;
			Venue to = this.rnd.pick(downstream);
			Integer handler = handlers.isEmpty() ? null : this.rnd.pick(handlers);
			batch.movements.add(new Object[] { to, grams, at, handler });
		}
	}

	void write(Tables t) {
		for (Batch b : this.batches) {
			t.coldChainBatch.num(b.id)
				.text(b.number)
				.text(b.product)
				.text(b.country)
				.text(b.port)
				.dec(b.grams / 10, 2)
				.num(b.warehouse.id)
				.time(b.arrived)
				.text(b.status)
				.time(b.released)
				.text(b.closedReason)
				.time(b.closed)
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.coldChainBatch.finishStatement();
		for (Batch b : this.batches) {
			for (int i = 0; i < b.disinfections.size(); i++) {
				t.coldChainDisinfection.num(t.coldChainDisinfection.nextId())
					.num(b.id)
					.time(b.disinfections.get(i)[0])
					.text(this.rnd.pick(AGENTS))
					.text(b.operators.get(i))
					.text(DemoCity.CREATED_BY)
					.end();
			}
		}
		t.coldChainDisinfection.finishStatement();
		for (Batch b : this.batches) {
			for (Object[] move : b.movements) {
				Venue to = (Venue) move[0];
				Integer handler = (Integer) move[3];
				t.coldChainMovement.num(t.coldChainMovement.nextId())
					.num(b.id)
					.num(b.warehouse.id)
					.num(to.id)
					.dec((Long) move[1] / 10, 2)
					.time((Long) move[2])
					.ref((handler != null) ? this.people.id(handler) : 0)
					.text(DemoCity.CREATED_BY)
					.end();
			}
		}
		t.coldChainMovement.finishStatement();
	}

}
