package org.epigrid.demo;

import java.util.ArrayList;
import java.util.List;

import org.epigrid.places.SiteType;

import static org.epigrid.demo.TableWriter.NULL;

/**
 * Grid staff (三员一长), daily and zero reports of institutions, inspections, vaccinations
 * with adverse reactions, and registered gatherings.
 */
final class Sentinels {

	private static final List<SiteType> REPORTING = List.of(SiteType.SCHOOL, SiteType.NURSING_HOME,
			SiteType.WELFARE_HOME, SiteType.PRISON, SiteType.DETENTION_CENTER, SiteType.PSYCHIATRIC_HOSPITAL);

	private static final List<SiteType> INSPECTED = List.of(SiteType.RESTAURANT, SiteType.MARKET, SiteType.SUPERMARKET,
			SiteType.MALL, SiteType.CINEMA, SiteType.INTERNET_CAFE, SiteType.CHESS_ROOM, SiteType.HOTEL,
			SiteType.SCHOOL, SiteType.NURSING_HOME, SiteType.COLD_CHAIN_WAREHOUSE, SiteType.PHARMACY,
			SiteType.TESTING_SITE, SiteType.QUARANTINE_HOTEL);

	private static final String[] FINDINGS = { "未严格落实扫码、测温、查验健康码", "从业人员未按要求佩戴口罩", "未建立进口冷链食品进货台账", "消毒记录不完整",
			"场所码未在显著位置张贴", "从业人员核酸检测超期", "未落实限流措施，人员聚集", "通风换气记录缺失", "应急处置预案未更新", "发热病人登记不全", "采样点未落实一米线间隔",
			"医疗废物未分类处置" };

	private static final String[][] VACCINES = { { "北京生物 新冠病毒灭活疫苗（Vero细胞）", "BJ" }, { "科兴中维 新冠病毒灭活疫苗（Vero细胞）", "KX" },
			{ "智飞龙科马 重组新冠病毒蛋白疫苗（CHO细胞）", "ZF" }, { "康希诺 腺病毒载体新冠疫苗（5型）", "KXN" } };

	private static final String[][] REACTIONS = { { "MILD", "接种部位红肿、疼痛" }, { "MILD", "低热（37.6℃），24小时内自行缓解" },
			{ "MILD", "头痛、乏力" }, { "MODERATE", "发热（38.8℃），伴全身肌肉酸痛" }, { "MODERATE", "过敏性皮疹，已对症处理" },
			{ "SEVERE", "急性过敏反应，已送医救治，现已好转" } };

	private static final String[] GATHERINGS = { "社区邻里节", "农村集体宴席（婚宴）", "企业年会", "春季人才招聘会", "全民健身跑", "文艺汇演", "传统庙会",
			"学术交流会", "广场舞比赛", "农产品展销会", "寿宴", "商场开业庆典" };

	private static final double[] VACCINE_SHARES = { 0.45, 0.85, 0.95, 1.0 };

	private final java.util.Map<Integer, String> months = new java.util.HashMap<>();

	private final CityMap map;

	private final Population people;

	private final Timeline time;

	private final Rnd rnd;

	private final int planThreshold;

	Sentinels(CityMap map, Population people, Timeline time, long seed, int planThreshold) {
		this.map = map;
		this.people = people;
		this.time = time;
		this.rnd = new Rnd(seed, "sentinels");
		this.planThreshold = planThreshold;
	}

	void writeStaff(Tables t) {
		for (Area grid : this.map.grids) {
			List<Integer> chosen = new ArrayList<>();
			staff(t, grid, grid, "COMMANDER", chosen);
			staff(t, grid, grid, "INSTRUCTOR", chosen);
			staff(t, grid, grid, "MANAGER", chosen);
			staff(t, grid, grid, "PREVENTION_WORKER", chosen);
			staff(t, grid, grid, "PREVENTION_WORKER", chosen);
		}
		for (List<Area> level : List.of(this.map.communities, this.map.townships)) {
			for (Area area : level) {
				List<Integer> chosen = new ArrayList<>();
				staff(t, area, this.map.gridIn(area, this.rnd), "COMMANDER", chosen);
				if (area.level.equals("COMMUNITY")) {
					staff(t, area, this.map.gridIn(area, this.rnd), "INSTRUCTOR", chosen);
				}
			}
		}
		t.gridStaff.finishStatement();
	}

	private void staff(Tables t, Area place, Area home, String role, List<Integer> chosen) {
		for (int attempt = 0; attempt < 40 && home.residents > 0; attempt++) {
			int p = home.firstPerson + this.rnd.below(home.residents);
			int age = this.people.age(p);
			if (age >= 23 && age <= 62 && !chosen.contains(p)) {
				chosen.add(p);
				t.gridStaff.num(t.gridStaff.nextId())
					.num(place.id)
					.num(this.people.id(p))
					.text(role)
					.date(this.time.today - this.rnd.between(30, 900))
					.text(DemoCity.CREATED_BY)
					.end();
				return;
			}
		}
	}

	/** 日报告、零报告: one a day per institution, also with nothing to report; some missing. */
	void writeDailyReports(Tables t) {
		for (int day = this.time.today - Testing.DAYS + 1; day <= this.time.today; day++) {
			for (SiteType type : REPORTING) {
				for (Venue site : this.map.byType.get(type)) {
					long at = this.time.at(day, this.rnd.between(7.5, 11.0));
					boolean missing = at > this.time.now || this.rnd.chance((day == this.time.today) ? 0.15 : 0.02);
					if (missing) {
						continue;
					}
					int fever = this.rnd.chance(0.08) ? this.rnd.between(1, 3) : 0;
					int suspected = (fever > 0 && this.rnd.chance(0.1)) ? 1 : 0;
					int absent = type.equals(SiteType.SCHOOL) ? this.rnd.between(0, 25)
							: type.equals(SiteType.NURSING_HOME) ? this.rnd.between(0, 3) : 0;
					boolean zero = fever == 0 && suspected == 0;
					t.dailyReport.num(t.dailyReport.nextId())
						.num(site.id)
						.date(day)
						.bool(zero)
						.num(fever)
						.num(suspected)
						.num(absent)
						.text(zero ? "零报告，无异常" : "发热" + fever + "人，均已转诊发热门诊")
						.time(at)
						.text(DemoCity.CREATED_BY)
						.end();
				}
			}
		}
		t.dailyReport.finishStatement();
	}

	/** 督导检查: findings with rectification deadlines; some open past their deadline. */
	void writeInspections(Tables t) {
		List<Venue> sites = new ArrayList<>();
		for (SiteType type : INSPECTED) {
			sites.addAll(this.map.byType.get(type));
		}
		int count = Math.max(30, this.map.townships.size() * 12);
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			// the first is a finding left open well past its deadline
			int day = (i == 0) ? this.time.today - 20 : this.time.today - this.rnd.below(Testing.DAYS);
			long at = this.time.at(day, this.rnd.between(9.0, 17.0));
			if (at > this.time.now) {
				continue;
			}
			Venue site = this.rnd.chance(0.9) ? this.rnd.pick(sites) : null;
			Area place = (site != null) ? site.grid : this.rnd.pick(this.map.communities);
			double u = this.rnd.unit();
			String severity = (u < 0.65) ? "MINOR" : (u < 0.93) ? "MAJOR" : "CRITICAL";
			int dueDays = severity.equals("CRITICAL") ? 1 : severity.equals("MAJOR") ? 3 : 7;
			long rectified = at + this.rnd.hours(4, (dueDays + 3) * 24);
			String status;
			if (i == 0 || rectified > this.time.now || this.rnd.chance(0.1)) {
				status = "OPEN";
				rectified = NULL;
			}
			else {
				status = (rectified + this.rnd.hours(24, 72) <= this.time.now && this.rnd.chance(0.6)) ? "VERIFIED"
						: "RECTIFIED";
			}
			String inspector = this.rnd.chance(0.4)
					? CityMap.CITY_NAME + "疫情防控督导组第" + Names.NUMERALS[this.rnd.below(6)] + "组"
					: this.map.counties.get(place.county).name + "防控办督查组";
			rows.add(new Object[] { site, place, at, inspector, this.rnd.pick(FINDINGS), severity, day + dueDays,
					status, rectified, !severity.equals("MINOR") && this.rnd.chance(0.4) });
		}
		rows.sort(java.util.Comparator.comparingLong((Object[] r) -> (Long) r[2]));
		for (Object[] r : rows) {
			Venue site = (Venue) r[0];
			long rectified = (Long) r[8];
			t.inspection.num(t.inspection.nextId())
				.ref((site != null) ? site.id : 0)
				.num(((Area) r[1]).id)
				.time((Long) r[2])
				.text((String) r[3])
				.text((String) r[4])
				.text((String) r[5])
				.date((Integer) r[6])
				.text((String) r[7])
				.time(rectified)
				.text((rectified != NULL) ? "已按要求整改到位，并提交整改报告" : null)
				.bool((Boolean) r[9])
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.inspection.finishStatement();
	}

	/** Doses of priority groups and everyone else, with a few adverse reactions. */
	void writeVaccinations(Tables t) {
		double rate = Math.max(0.0004, 8.0 / (this.people.size * 2.3));
		List<long[]> reactions = new ArrayList<>();
		for (int p = 0; p < this.people.size; p++) {
			int age = this.people.age(p);
			double coverage = (age < 3) ? 0 : (age < 12) ? 0.8 : (age < 60) ? 0.93 : (age < 80) ? 0.82 : 0.55;
			if (!this.rnd.chance(coverage)) {
				continue;
			}
			Area grid = this.map.grids.get(this.people.grid[p]);
			Venue site = this.map.healthCentreOfTownship.get(grid.up("TOWNSHIP").index);
			int vaccine = this.rnd.weighted(VACCINE_SHARES);
			long dose = this.time.at(this.time.today - this.rnd.between(420, 720), this.rnd.between(8.0, 17.0));
			int doses = (vaccine == 3) ? 1 : this.rnd.chance(0.96) ? 2 : 1;
			if (doses == 2 && (vaccine == 2 || age >= 18 && this.rnd.chance((age >= 60) ? 0.55 : 0.75))) {
				doses = 3;
			}
			if (doses == 3 && age >= 60 && this.rnd.chance(0.15)) {
				doses = 4;
			}
			for (int d = 1; d <= doses; d++) {
				if (d > 1) {
					int gap = (d == 2) ? this.rnd.between(21, 56)
							: (vaccine == 2 && d == 3) ? this.rnd.between(30, 60) : this.rnd.between(180, 300);
					dose += gap * Timeline.DAY;
				}
				if (dose > this.time.now - Timeline.DAY) {
					break;
				}
				int product = (d >= 3 && vaccine < 2 && this.rnd.chance(0.2)) ? 2 : vaccine;
				long id = t.vaccination.nextId();
				t.vaccination.num(id)
					.num(this.people.id(p))
					.num(d)
					.text(VACCINES[product][0])
					.text(VACCINES[product][1] + month(Timeline.day(dose)) + (100 + this.rnd.below(900)))
					.num(site.id)
					.time(dose)
					.text(DemoCity.CREATED_BY)
					.end();
				if (this.rnd.chance(rate)) {
					reactions.add(new long[] { id, dose + this.rnd.hours(0.5, 48), this.rnd.below(REACTIONS.length) });
				}
			}
		}
		t.vaccination.finishStatement();
		for (long[] reaction : reactions) {
			String[] kind = REACTIONS[(int) reaction[2]];
			t.adverseReaction.num(t.adverseReaction.nextId())
				.num(reaction[0])
				.time(reaction[1])
				.text(kind[0])
				.text(kind[1])
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.adverseReaction.finishStatement();
	}

	/** A lot number's year and month, e.g. 202107. */
	private String month(int day) {
		return this.months.computeIfAbsent(day, (d) -> java.time.LocalDate.ofEpochDay(d)
			.format(java.time.format.DateTimeFormatter.ofPattern("yyyyMM")));
	}

	/** Gatherings over the threshold need a prevention plan. */
	void writeGatherings(Tables t) {
		int count = Math.max(12, this.map.counties.size() * 10);
		List<SiteType> venues = List.of(SiteType.MALL, SiteType.HOTEL, SiteType.SCHOOL, SiteType.RESTAURANT);
		for (int i = 0; i < count; i++) {
			Area community = this.rnd.pick(this.map.communities);
			String name = this.rnd.pick(GATHERINGS);
			Venue site = null;
			if (this.rnd.chance(0.5)) {
				List<Venue> candidates = this.map.byType.get(this.rnd.pick(venues))
					.stream()
					.filter((v) -> v.county() == community.county)
					.toList();
				site = candidates.isEmpty() ? null : this.rnd.pick(candidates);
			}
			long starts = this.time.at(this.time.today + this.rnd.between(-Testing.DAYS, Testing.DAYS),
					this.rnd.between(9.0, 19.0));
			long ends = starts + this.rnd.hours(2, name.contains("展销") ? 48 : 8);
			int attendance = (int) Math.round(Math.exp(this.rnd.between(Math.log(15), Math.log(5000))));
			String status;
			if (attendance < this.planThreshold) {
				status = "NOT_REQUIRED";
			}
			else {
				double u = this.rnd.unit();
				status = (starts > this.time.now)
						? ((u < 0.25) ? "REQUIRED" : (u < 0.55) ? "SUBMITTED" : (u < 0.9) ? "APPROVED" : "REJECTED")
						: ((u < 0.85) ? "APPROVED" : (u < 0.9) ? "REJECTED" : "REQUIRED");
			}
			t.gathering.num(t.gathering.nextId())
				.text(community.name + name)
				.text(name.contains("宴") ? "村民（户主）" : community.name + (community.rural ? "村民委员会" : "居民委员会"))
				.num(community.id)
				.ref((site != null) ? site.id : 0)
				.time(starts)
				.time(ends)
				.num(attendance)
				.text(status)
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.gathering.finishStatement();
	}

}
