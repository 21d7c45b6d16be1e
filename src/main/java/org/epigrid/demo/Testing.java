package org.epigrid.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.epigrid.people.PersonCategory;

import static org.epigrid.demo.TableWriter.NULL;

/**
 * Nucleic-acid testing of the last 30 days: mass-testing campaigns per county, routine
 * pooled testing every three days (10-in-1), individual tests for key groups, hospital
 * admissions, environment swabs, school antigen tests, plus every sample the outbreak,
 * the sentinels and the cold chain planned. Generated one local day at a time in
 * collection order (so BRIN indexes on time stay tight); each day's pools are copied
 * before its samples.
 */
final class Testing {

	static final byte NEGATIVE = 1;

	static final byte POSITIVE = 2;

	static final byte INVALID = 3;

	private static final String[] RESULTS = { null, "NEGATIVE", "POSITIVE", "INVALID" };

	static final int DAYS = 30;

	static final int POOL_SIZE = 10;

	/** Purposes of a sample, as the database names them. */
	enum Purpose {

		ROUTINE, KEY_GROUP, MASS_TESTING, FEVER_CLINIC, QUARANTINE, CLOSE_CONTACT, RETURNEE, RETEST, DRUG_PURCHASE,
		COLD_CHAIN, ENVIRONMENT, HOSPITAL_ADMISSION

	}

	/** A sample being generated. */
	static final class SampleRow {

		final Purpose purpose;

		final long collected;

		boolean antigen;

		String specimen = "OROPHARYNGEAL_SWAB";

		int person = -1;

		long batchId;

		Venue subjectSite;

		long placeId;

		Venue collection;

		Venue lab;

		long campaignId;

		long received = NULL;

		long resulted = NULL;

		long due;

		byte result;

		int ct = -1;

		boolean pooled;

		/** Outcome (received, resulted, result, ct) given by whoever planned it. */
		boolean explicit;

		/**
		 * An infection found by a pooled test: the pool closes with it and turns
		 * positive.
		 */
		boolean forcesPool;

		long poolReceived;

		long poolResulted;

		SampleRow retestOf;

		PoolRow pool;

		long id;

		SampleRow(Purpose purpose, long collected) {
			this.purpose = purpose;
			this.collected = collected;
		}

		/** Whether it reached the database (collected by now). */
		boolean written() {
			return this.id > 0;
		}

	}

	static final class PoolRow {

		final long id;

		final Venue collection;

		final List<SampleRow> members = new ArrayList<>(POOL_SIZE);

		final long opened;

		long closed = NULL;

		long received = NULL;

		long resulted = NULL;

		byte result;

		SampleRow forced;

		PoolRow(long id, Venue collection, long opened) {
			this.id = id;
			this.collection = collection;
			this.opened = opened;
		}

	}

	/** Samples planned by others, and the people whose routine testing they replace. */
	static final class Plan {

		private final Map<Integer, List<SampleRow>> byDay = new HashMap<>();

		/** Per person, a bit per day of the period with a planned sample. */
		private final int[] plannedDays;

		private final int firstDay;

		private final boolean[] hasWindow;

		private final Map<Integer, long[]> windows = new HashMap<>();

		Plan(int people, int today) {
			this.hasWindow = new boolean[people];
			this.plannedDays = new int[people];
			this.firstDay = today - DAYS + 1;
		}

		SampleRow add(SampleRow sample) {
			int day = Timeline.day(sample.collected);
			this.byDay.computeIfAbsent(day, (d) -> new ArrayList<>()).add(sample);
			if (sample.person >= 0 && day >= this.firstDay && day < this.firstDay + DAYS) {
				this.plannedDays[sample.person] |= 1 << (day - this.firstDay);
			}
			return sample;
		}

		/** The person is isolated or quarantined in this period: no routine testing. */
		void busy(int person, long from, long to) {
			this.hasWindow[person] = true;
			this.windows.merge(person, new long[] { from, to },
					(a, b) -> new long[] { Math.min(a[0], b[0]), Math.max(a[1], b[1]) });
		}

		boolean isBusy(int person, long from, long to) {
			if (!this.hasWindow[person]) {
				return false;
			}
			long[] window = this.windows.get(person);
			return window[0] < to && from < window[1];
		}

		boolean planned(int person, int day) {
			return (this.plannedDays[person] & (1 << (day - this.firstDay))) != 0;
		}

		List<SampleRow> on(int day) {
			return this.byDay.getOrDefault(day, List.of());
		}

	}

	/** A mass-testing campaign over a county. */
	record Campaign(long id, String name, Area county, int firstDay, int lastDay) {
	}

	private final CityMap map;

	private final Population people;

	private final Timeline time;

	private final long seed;

	private final long[] dueSeconds;

	private final Plan plan;

	final List<Campaign> campaigns = new ArrayList<>();

	private final Rnd rnd;

	private final Map<Integer, List<SampleRow>> carried = new HashMap<>();

	private long poolCount;

	private long serial;

	private final int firstDay;

	Testing(CityMap map, Population people, Timeline time, long seed, DemoProperties.ResultDue due, Plan plan,
			long firstCampaignId) {
		this.map = map;
		this.people = people;
		this.time = time;
		this.seed = seed;
		this.plan = plan;
		this.rnd = new Rnd(seed, "samples");
		this.firstDay = time.today - DAYS + 1;
		this.dueSeconds = new long[Purpose.values().length];
		for (Purpose purpose : Purpose.values()) {
			this.dueSeconds[purpose.ordinal()] = due.of(purpose.name()).toSeconds();
		}
		String[] rounds = { "第一轮", "第二轮", "第三轮" };
		for (Area county : map.counties) {
			int shift = county.county % 3;
			int[][] windows = (county.county == 0)
					? new int[][] { { -24 + shift, -23 + shift }, { -10 + shift, -9 + shift }, { -1, 1 } }
					: new int[][] { { -24 + shift, -23 + shift }, { -10 + shift, -9 + shift } };
			for (int r = 0; r < windows.length; r++) {
				this.campaigns
					.add(new Campaign(firstCampaignId + this.campaigns.size(), county.name + rounds[r] + "全员核酸检测",
							county, time.today + windows[r][0], time.today + windows[r][1]));
			}
		}
	}

	long due(Purpose purpose) {
		return this.dueSeconds[purpose.ordinal()];
	}

	void writeCampaigns(Tables t) {
		for (Campaign campaign : this.campaigns) {
			t.campaign.num(campaign.id())
				.text(campaign.name())
				.num(campaign.county().id)
				.date(campaign.firstDay())
				.date(campaign.lastDay())
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.campaign.finishStatement();
	}

	// --- the day loop

	void writeSamples(Tables t) {
		for (int day = this.firstDay; day <= this.time.today; day++) {
			List<SampleRow> samples = new ArrayList<>(this.people.size / 2);
			regular(day, samples);
			extra(day, samples);
			samples.addAll(this.plan.on(day));
			List<SampleRow> retests = this.carried.remove(day);
			if (retests != null) {
				samples.addAll(retests);
			}
			samples.removeIf((s) -> s.collected > this.time.now);
			samples = inCollectionOrder(samples);
			List<PoolRow> pools = pool(day, samples, t);
			List<SampleRow> sameDay = new ArrayList<>();
			for (PoolRow pool : pools) {
				settle(pool, day, sameDay);
			}
			for (SampleRow sample : samples) {
				if (sample.pool == null) {
					settle(sample, day, sameDay);
				}
			}
			for (SampleRow retest : sameDay) {
				settle(retest, day, null);
			}
			if (!sameDay.isEmpty()) {
				samples.addAll(sameDay);
				samples = inCollectionOrder(samples);
			}
			for (PoolRow pool : pools) {
				writePool(t.pool, pool);
			}
			t.pool.finishStatement();
			for (SampleRow sample : samples) {
				writeSample(t.sample, sample);
			}
			t.sample.finishStatement();
		}
	}

	/**
	 * Sorted by collection time, ties in list order (a primitive sort: millions of rows).
	 */
	private static List<SampleRow> inCollectionOrder(List<SampleRow> samples) {
		long[] keys = new long[samples.size()];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = (samples.get(i).collected << 23) | i;
		}
		java.util.Arrays.sort(keys);
		List<SampleRow> sorted = new ArrayList<>(keys.length + keys.length / 50);
		for (long key : keys) {
			sorted.add(samples.get((int) (key & ((1 << 23) - 1))));
		}
		return sorted;
	}

	/**
	 * Routine, campaign, key-group and school tests of residents, decided per person and
	 * day.
	 */
	private void regular(int day, List<SampleRow> samples) {
		long dayStart = this.time.at(day, 0);
		long dayEnd = dayStart + Timeline.DAY;
		Campaign[] campaignOfCounty = new Campaign[this.map.counties.size()];
		for (Campaign campaign : this.campaigns) {
			if (day >= campaign.firstDay() && day <= campaign.lastDay()) {
				campaignOfCounty[campaign.county().county] = campaign;
			}
		}
		Population p = this.people;
		for (int person = 0; person < p.size; person++) {
			int age = p.age(person);
			if (age < 3 || this.plan.planned(person, day) || this.plan.isBusy(person, dayStart, dayEnd)) {
				continue;
			}
			Area grid = this.map.grids.get(p.grid[person]);
			Area community = grid.parent;
			Venue site = this.map.testingSiteOfCommunity.get(community.index);
			Campaign campaign = campaignOfCounty[grid.county];
			if (campaign != null) {
				int days = campaign.lastDay() - campaign.firstDay() + 1;
				int chosen = campaign.firstDay() + (int) (draw(person, campaign.id(), 3) * days);
				if (chosen == day && draw(person, campaign.id(), 2) < 0.93) {
					SampleRow sample = resident(Purpose.MASS_TESTING, this.time.at(day, 7 + 15 * draw(person, day, 4)),
							person, grid, site);
					sample.pooled = true;
					sample.campaignId = campaign.id();
					samples.add(sample);
				}
				continue;
			}
			int interval = p.keyGroupInterval(person);
			int phase = (int) (draw(person, 0, 1) * 7);
			if (interval > 0) {
				if ((day + phase) % interval == 0) {
					Venue at = p.is(person, PersonCategory.MEDICAL_STAFF) ? this.map.hospitalOfCounty.get(grid.county)
							: site;
					samples
						.add(resident(Purpose.KEY_GROUP, this.time.at(day, hourOfDay(person, day)), person, grid, at));
				}
				continue;
			}
			if (p.is(person, PersonCategory.STUDENT) && age <= 18 && (day + phase) % 7 == 0) {
				Venue school = this.map.schoolsOfTownship.get(community.parent.index).get((age >= 12) ? 1 : 0);
				SampleRow sample = resident(Purpose.ROUTINE, this.time.at(day, 7.2 + draw(person, day, 5)), person,
						grid, school);
				sample.antigen = true;
				sample.specimen = "NASAL_SWAB";
				sample.lab = null;
				samples.add(sample);
				continue;
			}
			double participation = (age < 13) ? 0.78 : (age < 60) ? 0.93 : (age < 80) ? 0.85 : 0.6;
			if ((day + phase) % 3 == 0 && draw(person, day, 6) < participation) {
				SampleRow sample = resident(Purpose.ROUTINE, this.time.at(day, hourOfDay(person, day)), person, grid,
						site);
				sample.pooled = true;
				samples.add(sample);
			}
		}
	}

	/** Hospital admissions and environment swabs. */
	private void extra(int day, List<SampleRow> samples) {
		int admissions = (int) Math.round(this.people.size * 0.0006 * this.rnd.between(0.8, 1.2));
		for (int i = 0; i < admissions; i++) {
			int person = this.rnd.below(this.people.size);
			Area grid = this.map.grids.get(this.people.grid[person]);
			Venue hospital = this.rnd.chance(0.5) ? this.map.hospitalOfCounty.get(grid.county)
					: this.map.healthCentreOfTownship.get(grid.up("TOWNSHIP").index);
			samples.add(resident(Purpose.HOSPITAL_ADMISSION, this.time.at(day, this.rnd.between(0.0, 24.0)), person,
					grid, hospital));
		}
		for (String type : List.of("MARKET", "SUPERMARKET", "COLD_CHAIN_WAREHOUSE")) {
			for (Venue venue : this.map.byType.get(org.epigrid.places.SiteType.valueOf(type))) {
				if ((day + venue.id) % 7 != 0) {
					continue;
				}
				int swabs = this.rnd.between(2, 4);
				for (int i = 0; i < swabs; i++) {
					SampleRow sample = new SampleRow(Purpose.ENVIRONMENT,
							this.time.at(day, this.rnd.between(9.0, 16.0)));
					sample.subjectSite = venue;
					sample.placeId = venue.grid.id;
					sample.specimen = "ENVIRONMENTAL_SWAB";
					sample.collection = venue;
					sample.lab = venue.lab;
					samples.add(sample);
				}
			}
		}
	}

	SampleRow resident(Purpose purpose, long collected, int person, Area grid, Venue collection) {
		SampleRow sample = new SampleRow(purpose, collected);
		sample.person = person;
		sample.placeId = grid.id;
		sample.collection = collection;
		sample.lab = (collection.lab != null) ? collection.lab : this.map.labsOfCounty.get(grid.county).get(0);
		return sample;
	}

	private double hourOfDay(int person, int day) {
		double u = draw(person, day, 7);
		double v = draw(person, day, 8);
		return (u < 0.45) ? 7 + 3 * v : (u < 0.75) ? 10 + 7 * v : 17 + 4 * v;
	}

	private double draw(long a, long b, long c) {
		return Rnd.unit(this.seed, a, b, c);
	}

	// --- pools and outcomes

	private List<PoolRow> pool(int day, List<SampleRow> samples, Tables t) {
		List<PoolRow> pools = new ArrayList<>();
		PoolRow[] open = new PoolRow[this.map.sites.size()];
		for (SampleRow sample : samples) {
			if (!sample.pooled) {
				continue;
			}
			int site = sample.collection.index;
			PoolRow pool = open[site];
			if (pool == null) {
				pool = new PoolRow(t.pool.firstId() + this.poolCount++, sample.collection, sample.collected);
				pools.add(pool);
				open[site] = pool;
			}
			pool.members.add(sample);
			sample.pool = pool;
			if (sample.forcesPool) {
				pool.forced = sample;
			}
			if (sample.forcesPool || pool.members.size() == POOL_SIZE) {
				pool.closed = sample.collected;
				open[site] = null;
			}
		}
		for (PoolRow pool : open) {
			if (pool == null) {
				continue;
			}
			long last = pool.members.get(pool.members.size() - 1).collected;
			// today's last pools stay open while people still queue
			if (day < this.time.today || last < this.time.now - 2 * Timeline.HOUR) {
				pool.closed = last;
			}
		}
		return pools;
	}

	private double labFactor(Venue lab, int day) {
		if (lab == null) {
			return 1;
		}
		double u = Rnd.unit(this.seed, lab.id, day, 9);
		return (u < 0.04) ? 2.5 + 40 * u : 1;
	}

	private void settle(PoolRow pool, int day, List<SampleRow> sameDay) {
		Venue lab = pool.members.get(0).lab;
		if (pool.closed != NULL) {
			if (pool.forced != null) {
				pool.received = pool.forced.poolReceived;
				pool.resulted = pool.forced.poolResulted;
				pool.result = POSITIVE;
			}
			else {
				double f = labFactor(lab, day);
				pool.received = pool.closed + Math.round(this.rnd.hours(0.5, 2.5) * f);
				pool.resulted = pool.received + Math.round(this.rnd.hours(2, 5) * f);
				pool.result = this.rnd.chance(0.0005) ? INVALID : NEGATIVE;
				if (day < this.time.today && this.rnd.chance(0.003)) {
					// lost in the lab: never resulted, overdue
					pool.resulted = NULL;
					pool.result = 0;
				}
			}
		}
		pool.received = this.time.ifPast(pool.received);
		pool.resulted = (pool.received == NULL) ? NULL : this.time.ifPast(pool.resulted);
		if (pool.resulted == NULL) {
			pool.result = 0;
		}
		for (SampleRow member : pool.members) {
			member.received = pool.received;
			member.resulted = pool.resulted;
			member.result = pool.result;
			member.due = member.collected + due(member.purpose);
			if (pool.result == POSITIVE && member != pool.forced || pool.result == INVALID) {
				retest(member, pool.resulted, day, sameDay);
			}
		}
	}

	private void settle(SampleRow sample, int day, List<SampleRow> sameDay) {
		sample.due = sample.collected + due(sample.purpose);
		if (!sample.explicit) {
			if (sample.antigen) {
				sample.resulted = sample.collected + this.rnd.hours(0.25, 0.5);
				sample.result = NEGATIVE;
			}
			else {
				double f = labFactor(sample.lab, day);
				boolean urgent = sample.purpose == Purpose.FEVER_CLINIC;
				sample.received = sample.collected
						+ Math.round(this.rnd.hours(urgent ? 0.2 : 0.3, urgent ? 0.8 : 2.0) * f);
				sample.resulted = sample.received + Math
					.round(this.rnd.hours(1.0, (urgent || sample.purpose == Purpose.KEY_GROUP) ? 3.6 : 5.0) * f);
				sample.result = this.rnd.chance(0.0005) ? INVALID : NEGATIVE;
				if (day >= this.time.today - 2 && this.rnd.chance(0.004)) {
					sample.resulted = NULL;
				}
			}
		}
		sample.received = this.time.ifPast(sample.received);
		sample.resulted = this.time.ifPast(sample.resulted);
		if (sample.resulted == NULL) {
			sample.result = 0;
			sample.ct = -1;
		}
		if (sample.result == INVALID && sameDay != null) {
			retest(sample, sample.resulted, day, sameDay);
		}
	}

	private void retest(SampleRow original, long after, int day, List<SampleRow> sameDay) {
		if (after == NULL || original.person < 0) {
			return;
		}
		long at = after + this.rnd.hours(1, 4);
		if (at > this.time.now) {
			return;
		}
		Area grid = this.map.grids.get(this.people.grid[original.person]);
		SampleRow retest = resident(Purpose.RETEST, at, original.person, grid, original.collection);
		retest.retestOf = original;
		int retestDay = Timeline.day(at);
		if (retestDay == day) {
			sameDay.add(retest);
		}
		else {
			this.carried.computeIfAbsent(retestDay, (d) -> new ArrayList<>()).add(retest);
		}
	}

	// --- rows

	private void writePool(TableWriter w, PoolRow pool) {
		w.num(pool.id)
			.code("LJP", pool.id - w.firstId() + 1, 9)
			.num(POOL_SIZE)
			.num(pool.collection.id)
			.ref((pool.members.get(0).lab != null) ? pool.members.get(0).lab.id : 0)
			.time(pool.opened)
			.time(pool.closed)
			.time(pool.received)
			.text(RESULTS[pool.result])
			.time(pool.resulted)
			.text(DemoCity.CREATED_BY)
			.end();
	}

	private void writeSample(TableWriter w, SampleRow s) {
		s.id = w.nextId();
		this.serial++;
		w.num(s.id)
			.code("LJ", this.serial, 10)
			.text(s.antigen ? "ANTIGEN" : "PCR")
			.text(s.specimen)
			.text(s.purpose.name())
			.ref((s.person >= 0) ? this.people.id(s.person) : 0)
			.ref(s.batchId)
			.ref((s.subjectSite != null) ? s.subjectSite.id : 0)
			.num(s.placeId)
			.ref((s.pool != null) ? s.pool.id : 0)
			.ref(s.campaignId)
			.ref((s.retestOf != null) ? s.retestOf.id : 0)
			.ref((s.collection != null) ? s.collection.id : 0)
			.ref((s.lab != null && !s.antigen) ? s.lab.id : 0)
			.time(s.collected)
			.time(s.antigen ? NULL : s.received)
			.time(s.resulted)
			.time(s.due)
			.text(RESULTS[s.result])
			.dec((s.ct >= 0 && s.result != 0 && !s.antigen) ? s.ct : NULL, 1)
			.text(DemoCity.CREATED_BY)
			.end();
	}

}
