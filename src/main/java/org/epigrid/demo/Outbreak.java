package org.epigrid.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.epigrid.demo.Testing.Purpose;
import org.epigrid.demo.Testing.SampleRow;
import org.epigrid.people.PersonCategory;

import static org.epigrid.demo.TableWriter.NULL;

/**
 * The epidemic of the last 30 days, planned before any row is written: risk designations,
 * infections found by pooled tests, fever clinics and key-group screening, their case
 * reports, close and secondary contacts, returnees from risk areas, the control measures
 * that follow (with rooms), health codes and their history, fever clinic visits and drug
 * sales with follow-ups, and every sample these imply.
 */
final class Outbreak {

	private static final String CITY_HQ = "临江市新冠肺炎疫情防控指挥部";

	private static final String[] SYMPTOMS = { "FEVER", "COUGH", "SORE_THROAT", "FATIGUE", "LOSS_OF_SMELL",
			"LOSS_OF_TASTE", "DIARRHEA", "SHORTNESS_OF_BREATH", "MUSCLE_PAIN", "OTHER" };

	/** Outside areas people come from: division code, name. */
	private static final String[][] ORIGINS = { { "310115", "上海市浦东新区" }, { "310115005", "上海市浦东新区潍坊新村街道" },
			{ "310104", "上海市徐汇区" }, { "440305", "广东省深圳市南山区" }, { "650102", "新疆维吾尔自治区乌鲁木齐市天山区" },
			{ "150102", "内蒙古自治区呼和浩特市新城区" }, { "460202", "海南省三亚市海棠区" }, { "510107", "四川省成都市武侯区" },
			{ "120101", "天津市和平区" }, { "110105", "北京市朝阳区" },
			// areas without a designation in the period
			{ "330206", "浙江省宁波市北仑区" }, { "320102", "江苏省南京市玄武区" }, { "340104", "安徽省合肥市蜀山区" }, { "420106", "湖北省武汉市武昌区" },
			{ "430104", "湖南省长沙市岳麓区" }, { "610113", "陕西省西安市雁塔区" }, { "500106", "重庆市沙坪坝区" }, { "350206", "福建省厦门市湖里区" },
			{ "370202", "山东省青岛市市南区" }, { "440106", "广东省广州市天河区" }, { "110108", "北京市海淀区" }, { "320505", "江苏省苏州市虎丘区" },
			{ "360102", "江西省南昌市东湖区" }, { "410105", "河南省郑州市金水区" }, { "530102", "云南省昆明市五华区" }, { "210102", "辽宁省沈阳市和平区" },
			{ "230102", "黑龙江省哈尔滨市道里区" } };

	private static final int DESIGNATED_ORIGINS = 10;

	/** A designation of a local place or an outside area. */
	static final class Designation {

		final String code;

		final String name;

		final Area place;

		final String level;

		final long from;

		final long to;

		final String issuedBy;

		Designation(String code, String name, Area place, String level, long from, long to, String issuedBy) {
			this.code = code;
			this.name = name;
			this.place = place;
			this.level = level;
			this.from = from;
			this.to = to;
			this.issuedBy = issuedBy;
		}

	}

	static final class Travel {

		int person;

		String[] origin;

		String level;

		long departed;

		long arrived;

		String transport;

		String number;

		String via;

		long id;

	}

	static final class CaseRow {

		int person;

		String classification;

		Venue site;

		long diagnosed;

		long reportAt;

		/**
		 * Suspected cases from fever clinics: confirmed or excluded by this sample's
		 * result.
		 */
		SampleRow suspectSample;

		long id;

	}

	static final class ContactRow {

		int source;

		int contact;

		CaseRow sourceCase;

		String degree;

		long exposure;

		Venue site;

		String setting;

		long identified;

		long traceDue;

		long traced;

	}

	static final class Measure {

		int person;

		String kind;

		String reason;

		Travel travel;

		Venue site;

		String room;

		String status;

		long assigned;

		long transferStarted;

		long checkedIn;

		int plannedReleaseDay;

		long released;

		long cancelled;

		String cancelReason;

		boolean sick;

		int positiveDays;

		long id;

	}

	static final class FeverVisit {

		int person;

		Venue site;

		long visited;

		int temperature;

		String[] symptoms;

		SampleRow sample;

	}

	static final class DrugSale {

		int person;

		Venue pharmacy;

		String category;

		String drug;

		int quantity;

		long sold;

		String status;

		long followedUp;

		SampleRow sample;

	}

	record CodeEvent(int person, int colour, long at, String reason) {
	}

	private static final class RoomBook {

		private final List<String> all = new ArrayList<>();

		private final List<String> free;

		RoomBook(Venue site) {
			int rooms = (site.rooms > 0) ? site.rooms : Math.max(40, site.beds / 5);
			for (int i = 0; i < rooms; i++) {
				this.all.add(String.format("%d%02d", 2 + i / 20, 1 + i % 20));
			}
			this.free = new ArrayList<>(this.all);
		}

		String take() {
			return this.free.isEmpty() ? null : this.free.remove(0);
		}

		String any(Rnd rnd) {
			return rnd.pick(this.all);
		}

	}

	private final CityMap map;

	private final Population people;

	private final Timeline time;

	private final Testing testing;

	private final Testing.Plan plan;

	private final int quarantineDays;

	private final long traceWithin;

	private final Rnd rnd;

	private final boolean[] used;

	private final Map<Venue, RoomBook> rooms = new HashMap<>();

	final List<Designation> designations = new ArrayList<>();

	final List<Travel> travels = new ArrayList<>();

	final List<CaseRow> cases = new ArrayList<>();

	final List<ContactRow> contacts = new ArrayList<>();

	final List<Measure> measures = new ArrayList<>();

	final List<FeverVisit> visits = new ArrayList<>();

	final List<DrugSale> sales = new ArrayList<>();

	final List<CodeEvent> codeEvents = new ArrayList<>();

	private Area cluster;

	Outbreak(CityMap map, Population people, Timeline time, long seed, DemoProperties settings, Testing testing,
			Testing.Plan plan) {
		this.map = map;
		this.people = people;
		this.time = time;
		this.testing = testing;
		this.plan = plan;
		this.quarantineDays = settings.quarantineDays();
		this.traceWithin = settings.traceWithin().toSeconds();
		this.rnd = new Rnd(seed, "outbreak");
		this.used = new boolean[people.size];
	}

	void plan() {
		designations();
		infections();
		contacts();
		returnees();
		feverVisits();
		drugSales();
		strayCodes();
		finishCodes();
	}

	// --- risk designations

	private void designations() {
		int t = this.time.today;
		outside(0, "HIGH", t - 28, t - 14);
		outside(0, "MEDIUM", t - 14, t - 7);
		outside(0, "LOW", t - 7, t - 1);
		outside(1, "HIGH", t - 29, t - 21);
		outside(2, "MEDIUM", t - 26, t - 12);
		outside(3, "MEDIUM", t - 10, NULL);
		outside(4, "HIGH", t - 15, NULL);
		outside(5, "HIGH", t - 20, t - 5);
		outside(5, "MEDIUM", t - 5, NULL);
		outside(6, "HIGH", t - 12, t - 2);
		outside(7, "LOW", t - 18, NULL);
		outside(8, "MEDIUM", t - 30, t - 20);
		outside(9, "MEDIUM", t - 6, NULL);
		List<Area> centre = this.map.communities.stream().filter((c) -> c.county == 0 && !c.rural).toList();
		this.cluster = centre.get(this.rnd.below(centre.size()));
		local(this.cluster, "HIGH", this.time.at(t - 9, 12), NULL);
		List<Area> others = this.map.communities.stream().filter((c) -> c != this.cluster).toList();
		Area earlier = others.get(this.rnd.below(others.size()));
		local(earlier, "MEDIUM", this.time.at(t - 20, 12), this.time.at(t - 13, 12));
		local(earlier, "LOW", this.time.at(t - 13, 12), this.time.at(t - 6, 12));
		Area low = others.get((others.indexOf(earlier) + 1 + this.rnd.below(others.size() - 1)) % others.size());
		local(low, "LOW", this.time.at(t - 4, 12), NULL);
	}

	private void outside(int origin, String level, int fromDay, long toDay) {
		String[] area = ORIGINS[origin];
		this.designations.add(new Designation(area[0], area[1], null, level, this.time.at(fromDay, 10),
				(toDay == NULL) ? NULL : this.time.at(toDay, 10), province(area[1]) + "新冠肺炎疫情防控指挥部"));
	}

	private static String province(String name) {
		for (String end : new String[] { "自治区", "省", "市" }) {
			int at = name.indexOf(end);
			if (at > 0) {
				return name.substring(0, at + end.length());
			}
		}
		return name;
	}

	private void local(Area community, String level, long from, long to) {
		this.designations
			.add(new Designation(community.code, community.fullName(), community, level, from, to, CITY_HQ));
	}

	/**
	 * The level of an outside area at an instant: its most specific designation, or NONE.
	 */
	String levelAt(String code, long at) {
		Designation best = null;
		for (Designation designation : this.designations) {
			if (code.startsWith(designation.code) && designation.from <= at
					&& (designation.to == NULL || at < designation.to)
					&& (best == null || designation.code.length() > best.code.length())) {
				best = designation;
			}
		}
		return (best != null) ? best.level : "NONE";
	}

	// --- infections and cases

	private void infections() {
		int count = Math.max(3, (int) Math.round(this.people.size * 0.00045));
		for (int k = 0; k < count; k++) {
			boolean last = k == count - 1;
			boolean inCluster = !last && this.rnd.chance(0.3);
			int p = pick(inCluster ? this.cluster : this.map.city, 3, 100);
			if (p < 0) {
				continue;
			}
			this.used[p] = true;
			int day = this.time.today - (inCluster ? this.rnd.between(2, 9) : this.rnd.between(2, 27));
			Area grid = grid(p);
			Venue testingSite = this.map.testingSiteOfCommunity.get(grid.parent.index);
			int interval = this.people.keyGroupInterval(p);
			// the first is found by a pooled test, the last at a fever clinic a few hours
			// ago
			int route = last ? 1 : (k == 0) ? 0 : (interval > 0 && interval < 7) ? 2 : this.rnd.chance(0.3) ? 1 : 0;
			long detected;
			long diagnosed;
			Venue reporting;
			if (route == 0) {
				// a pooled routine test turns positive; the individual re-test confirms
				long collected = this.time.at(day, this.rnd.between(7.5, 19.0));
				SampleRow first = this.testing.resident(Purpose.ROUTINE, collected, p, grid, testingSite);
				first.pooled = true;
				first.forcesPool = true;
				first.explicit = true;
				first.poolReceived = collected + this.rnd.hours(1, 2);
				first.poolResulted = first.poolReceived + this.rnd.hours(2, 3.5);
				first.ct = this.rnd.between(240, 330);
				this.plan.add(first);
				SampleRow retest = this.testing.resident(Purpose.RETEST, first.poolResulted + this.rnd.hours(1, 2), p,
						grid, testingSite);
				retest.retestOf = first;
				retest.lab = this.map.cityLab;
				explicit(retest, Testing.POSITIVE, this.rnd.between(200, 300), 0.3, 0.8, 1.5, 3);
				this.plan.add(retest);
				detected = collected;
				diagnosed = retest.resulted + this.rnd.hours(0.5, 2);
				reporting = this.map.hospitalOfCounty.get(grid.county);
			}
			else if (route == 1) {
				long visited = last ? this.time.now - this.rnd.hours(12, 13)
						: this.time.at(day, this.rnd.between(8.0, 22.0));
				Venue clinic = this.rnd.pick(this.map.feverClinicsOfCounty.get(grid.county));
				SampleRow sample = this.testing.resident(Purpose.FEVER_CLINIC, visited + this.rnd.hours(0.1, 0.5), p,
						grid, clinic);
				explicit(sample, Testing.POSITIVE, this.rnd.between(180, 280), 0.2, 0.6, 1.2, 2.5);
				this.plan.add(sample);
				this.visits.add(visit(p, clinic, visited, this.rnd.between(378, 395), true, sample));
				detected = visited;
				diagnosed = sample.resulted + this.rnd.hours(0.5, 1.5);
				reporting = clinic;
			}
			else {
				long collected = this.time.at(day, this.rnd.between(7.0, 10.0));
				Venue at = this.people.is(p, PersonCategory.MEDICAL_STAFF) ? this.map.hospitalOfCounty.get(grid.county)
						: testingSite;
				SampleRow sample = this.testing.resident(Purpose.KEY_GROUP, collected, p, grid, at);
				explicit(sample, Testing.POSITIVE, this.rnd.between(220, 320), 0.4, 1.2, 1.5, 3);
				this.plan.add(sample);
				detected = collected;
				diagnosed = sample.resulted + this.rnd.hours(0.5, 2);
				reporting = this.map.hospitalOfCounty.get(grid.county);
			}
			CaseRow report = new CaseRow();
			report.person = p;
			report.classification = (k == 1 || k > 1 && this.rnd.chance(0.3)) ? "ASYMPTOMATIC" : "CONFIRMED";
			report.site = reporting;
			report.diagnosed = diagnosed;
			report.reportAt = diagnosed + (this.rnd.chance(0.08) ? this.rnd.hours(2.2, 5) : this.rnd.hours(0.2, 1.8));
			this.cases.add(report);
			code(p, 2, diagnosed, "核酸检测阳性");
			isolate(p, grid, report, detected);
		}
	}

	private void isolate(int p, Area grid, CaseRow report, long detected) {
		long assigned = report.diagnosed + this.rnd.hours(0.3, 1);
		long transfer = assigned + this.rnd.hours(0.3, 1);
		long checkedIn = transfer + this.rnd.hours(0.5, 1.5);
		int positiveDays = this.rnd.between(4, 9);
		int admittedDay = Timeline.day(checkedIn);
		long release = this.time.at(admittedDay + positiveDays + 2, this.rnd.between(15.0, 18.0));
		Venue hospital = this.map.designatedHospital;
		Measure measure = measure(p, "HOSPITAL_ISOLATION",
				report.classification.equals("CONFIRMED") ? "CONFIRMED_CASE" : "ASYMPTOMATIC_CASE", hospital, null,
				assigned, transfer, checkedIn, release, NULL, admittedDay + 14);
		this.plan.busy(p, detected, release);
		if (measure == null) {
			return;
		}
		measure.sick = true;
		measure.positiveDays = positiveDays;
		for (int i = 1; i <= positiveDays + 2; i++) {
			SampleRow sample = this.testing.resident(Purpose.QUARANTINE,
					this.time.at(admittedDay + i, 7 + this.rnd.unit()), p, grid, hospital);
			sample.lab = this.map.cityLab;
			boolean positive = i <= positiveDays;
			explicit(sample, positive ? Testing.POSITIVE : Testing.NEGATIVE,
					positive ? Math.min(380, 220 + 15 * i + this.rnd.below(20)) : -1, 1, 2, 2, 4);
			this.plan.add(sample);
		}
		if (measure.status.equals("RELEASED")) {
			code(p, 1, measure.released, "出院后居家健康监测");
			code(p, 0, measure.released + 7 * Timeline.DAY, "健康监测期满");
		}
	}

	private void explicit(SampleRow sample, byte result, int ct, double receivedLow, double receivedHigh,
			double resultLow, double resultHigh) {
		sample.explicit = true;
		sample.received = sample.collected + this.rnd.hours(receivedLow, receivedHigh);
		sample.resulted = sample.received + this.rnd.hours(resultLow, resultHigh);
		sample.result = result;
		sample.ct = ct;
	}

	// --- contacts

	private void contacts() {
		List<CaseRow> ordered = new ArrayList<>(this.cases);
		ordered.sort(Comparator.comparingLong((CaseRow c) -> c.diagnosed));
		CaseRow first = ordered.get(0);
		CaseRow latest = ordered.get(ordered.size() - 1);
		for (CaseRow source : ordered) {
			Area county = this.map.counties.get(grid(source.person).county);
			int close = this.rnd.between(4, 10);
			for (int i = 0; i < close; i++) {
				boolean household = i < 3 && this.rnd.chance(0.8);
				int q = household ? neighbour(source.person) : pick(county, 0, 100);
				if (q < 0) {
					continue;
				}
				int pattern = (source == latest) ? i % 4 : -1;
				ContactRow contact = new ContactRow();
				contact.source = source.person;
				contact.contact = q;
				contact.sourceCase = source;
				contact.degree = "CLOSE";
				contact.exposure = source.diagnosed - this.rnd.hours(12, 72);
				contact.setting = household ? "HOUSEHOLD" : setting(q);
				contact.site = exposureSite(contact.setting, county, q);
				contact.identified = source.reportAt
						+ ((pattern >= 0) ? this.rnd.hours(0.5, 2) : this.rnd.hours(0.5, 10));
				contact.traceDue = source.reportAt + this.traceWithin;
				if (contact.identified > this.time.now) {
					continue;
				}
				this.used[q] = true;
				long traced;
				double u = this.rnd.unit();
				if (source == first && i == 0) {
					// traced, then the measure is cancelled
					traced = contact.identified + this.rnd.hours(0.3, 12);
				}
				else if (pattern == 0 || source == first && i == close - 1 || pattern < 0 && u < 0.015) {
					traced = NULL;
				}
				else if (pattern > 0) {
					traced = contact.identified + this.rnd.hours(0.2, 0.5);
				}
				else if (u < 0.075) {
					traced = contact.traceDue + this.rnd.hours(1, 16);
				}
				else {
					traced = contact.identified + this.rnd.hours(0.3, 12);
				}
				contact.traced = this.time.ifPast(traced);
				this.contacts.add(contact);
				Measure measure = (contact.traced != NULL)
						? quarantineCloseContact(q, contact, pattern, source == first && i == 0) : null;
				if (this.rnd.chance(0.6)) {
					int secondary = this.rnd.between(1, 3);
					for (int j = 0; j < secondary; j++) {
						secondary(contact, county, measure);
					}
				}
			}
		}
	}

	private Measure quarantineCloseContact(int q, ContactRow contact, int pattern, boolean cancel) {
		long assigned = contact.traced + this.rnd.hours(0.1, 1);
		long transfer = assigned + this.rnd.hours(1, 4);
		long checkedIn = transfer + this.rnd.hours(0.5, 2);
		if (pattern == 1) {
			assigned = this.time.now - this.rnd.hours(0.2, 0.8);
			transfer = this.time.now + this.rnd.hours(0.5, 2);
			checkedIn = transfer + Timeline.HOUR;
		}
		else if (pattern == 2) {
			assigned = this.time.now - this.rnd.hours(2, 3);
			transfer = this.time.now - this.rnd.hours(0.2, 1);
			checkedIn = this.time.now + this.rnd.hours(0.5, 1.5);
		}
		int age = this.people.age(q);
		boolean home = pattern < 1 && this.rnd.chance((age < 6 || age >= 75) ? 0.5 : 0.1);
		if (home) {
			transfer = NULL;
			checkedIn = assigned + this.rnd.hours(0.5, 3);
		}
		int startDay = Timeline.day(checkedIn);
		long release = this.time.at(startDay + this.quarantineDays, this.rnd.between(9.0, 12.0));
		long cancelled = (pattern < 1 && (cancel || this.rnd.chance(0.03))) ? assigned + this.rnd.hours(1, 8) : NULL;
		Venue hotel = home ? null : this.rnd.pick(this.map.hotelsOfCounty.get(grid(q).county));
		Measure measure = measure(q, home ? "HOME_QUARANTINE" : "CENTRALIZED_QUARANTINE", "CLOSE_CONTACT", hotel, null,
				assigned, transfer, checkedIn, release, cancelled, startDay + this.quarantineDays);
		if (measure == null) {
			return null;
		}
		code(q, 2, measure.assigned, "判定为密切接触者");
		this.plan.busy(q, assigned, (cancelled != NULL) ? cancelled : release);
		if (measure.status.equals("CANCELLED")) {
			measure.cancelReason = "经流调核实不符合密接判定标准";
			code(q, 0, measure.cancelled, "排除密接，恢复绿码");
			return measure;
		}
		if (measure.status.equals("RELEASED")) {
			code(q, 0, measure.released, measure.kind.equals("HOME_QUARANTINE") ? "居家隔离期满解除" : "集中隔离期满解除");
		}
		quarantineSamples(q, measure, Purpose.CLOSE_CONTACT, new int[] { 1, 2, 3, 5, 7 });
		return measure;
	}

	private void secondary(ContactRow close, Area county, Measure closeMeasure) {
		int r = this.rnd.chance(0.6) ? neighbour(close.contact) : pick(county, 0, 100);
		if (r < 0) {
			return;
		}
		ContactRow contact = new ContactRow();
		contact.source = close.contact;
		contact.contact = r;
		contact.sourceCase = close.sourceCase;
		contact.degree = "SECONDARY";
		contact.identified = close.identified + this.rnd.hours(1, 10);
		contact.exposure = Math.min(close.exposure + this.rnd.hours(2, 30), contact.identified - Timeline.HOUR);
		contact.setting = "HOUSEHOLD".equals(close.setting) && this.rnd.chance(0.5) ? "SOCIAL" : setting(r);
		contact.site = exposureSite(contact.setting, county, r);
		contact.traceDue = close.sourceCase.reportAt + this.traceWithin;
		if (contact.identified > this.time.now) {
			return;
		}
		this.used[r] = true;
		double u = this.rnd.unit();
		long traced = (u < 0.02) ? NULL
				: (u < 0.08) ? Math.max(contact.traceDue, contact.identified) + this.rnd.hours(1, 12)
						: contact.identified + this.rnd.hours(0.3, 10);
		contact.traced = this.time.ifPast(traced);
		this.contacts.add(contact);
		if (contact.traced == NULL) {
			return;
		}
		long assigned = contact.traced + this.rnd.hours(0.1, 1);
		long checkedIn = assigned + this.rnd.hours(0.5, 3);
		int startDay = Timeline.day(checkedIn);
		long release = this.time.at(startDay + this.quarantineDays, this.rnd.between(9.0, 12.0));
		boolean monitoring = this.rnd.chance(0.3);
		Measure measure = measure(r, monitoring ? "HOME_HEALTH_MONITORING" : "HOME_QUARANTINE", "SECONDARY_CONTACT",
				null, null, assigned, NULL, checkedIn, release, NULL, startDay + this.quarantineDays);
		if (measure == null) {
			return;
		}
		this.plan.busy(r, assigned, release);
		code(r, 1, measure.assigned, "判定为次密接");
		if (measure.status.equals("RELEASED")) {
			code(r, 0, measure.released, "居家隔离期满解除");
		}
		quarantineSamples(r, measure, Purpose.QUARANTINE, new int[] { 1, 4, 7 });
	}

	private void quarantineSamples(int p, Measure measure, Purpose purpose, int[] days) {
		if (measure.checkedIn == NULL) {
			return;
		}
		Area grid = grid(p);
		Venue at = (measure.site != null) ? measure.site : this.map.testingSiteOfCommunity.get(grid.parent.index);
		int startDay = Timeline.day(measure.checkedIn);
		for (int d : days) {
			if (d > this.quarantineDays) {
				continue;
			}
			long collected = this.time.at(startDay + d, this.rnd.between(8.0, 9.5));
			if (collected <= this.time.now && (measure.released == NULL || collected < measure.released)) {
				this.plan.add(this.testing.resident(purpose, collected, p, grid, at));
			}
		}
	}

	private String setting(int person) {
		if (this.people.is(person, PersonCategory.STUDENT) && this.rnd.chance(0.6)) {
			return "SCHOOL";
		}
		double u = this.rnd.unit();
		return (u < 0.4) ? "WORKPLACE"
				: (u < 0.7) ? "SOCIAL" : (u < 0.82) ? "TRANSPORT" : (u < 0.9) ? "HEALTHCARE" : "OTHER";
	}

	private Venue exposureSite(String setting, Area county, int person) {
		return switch (setting) {
			case "SOCIAL" -> this.rnd.pick(this.map.socialSitesOfCounty.get(county.county));
			case "WORKPLACE" ->
				this.rnd.chance(0.4) ? this.rnd.pick(this.map.socialSitesOfCounty.get(county.county)) : null;
			case "TRANSPORT" -> this.rnd.pick(this.map.byType.get(org.epigrid.places.SiteType.STATION));
			case "SCHOOL" -> this.rnd.pick(this.map.schoolsOfTownship.get(grid(person).up("TOWNSHIP").index));
			case "HEALTHCARE" -> this.map.hospitalOfCounty.get(county.county);
			default -> null;
		};
	}

	// --- returnees

	private void returnees() {
		int count = Math.max(60, (int) Math.round(this.people.size * 0.03));
		List<Travel> list = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int p = pick(this.map.city, 3, 90);
			if (p < 0) {
				continue;
			}
			Travel travel = new Travel();
			travel.person = p;
			if (i < 2) {
				// at least one arrival each from a currently high- and medium-risk area
				travel.origin = ORIGINS[(i == 0) ? 4 : 3];
				travel.arrived = this.time.now - this.rnd.hours(3, 40);
			}
			else {
				travel.origin = this.rnd.chance(0.35) ? ORIGINS[this.rnd.below(DESIGNATED_ORIGINS)]
						: ORIGINS[DESIGNATED_ORIGINS + this.rnd.below(ORIGINS.length - DESIGNATED_ORIGINS)];
				travel.arrived = this.time.now - this.rnd.hours(1, Testing.DAYS * 24 - 1);
			}
			travel.level = levelAt(travel.origin[0], travel.arrived);
			double u = this.rnd.unit();
			travel.transport = (u < 0.55) ? "TRAIN"
					: (u < 0.7) ? "FLIGHT" : (u < 0.8) ? "COACH" : (u < 0.97) ? "CAR" : (u < 0.98) ? "SHIP" : "OTHER";
			travel.number = switch (travel.transport) {
				case "TRAIN" -> (this.rnd.chance(0.7) ? "G" : "D") + this.rnd.between(10, 9999);
				case "FLIGHT" -> this.rnd.pick(new String[] { "MU", "CA", "CZ", "HU", "ZH", "3U", "GS" })
						+ this.rnd.between(1000, 9999);
				default -> null;
			};
			double hours = switch (travel.transport) {
				case "TRAIN" -> this.rnd.between(1.5, 9.0);
				case "FLIGHT" -> this.rnd.between(1.5, 5.0);
				case "SHIP" -> this.rnd.between(8.0, 30.0);
				default -> this.rnd.between(2.0, 12.0);
			};
			travel.departed = this.rnd.chance(0.05) ? NULL : travel.arrived - Timeline.hours(hours);
			double v = this.rnd.unit();
			boolean station = travel.transport.equals("TRAIN") || travel.transport.equals("FLIGHT")
					|| travel.transport.equals("COACH");
			travel.via = (v < 0.45) ? "DATA_PUSH" : (v < 0.7) ? "GRID_CANVASS"
					: (v < 0.9 && station) ? "STATION_CHECK" : (v < 0.9) ? "DATA_PUSH" : "SELF_REPORT";
			list.add(travel);
			Area grid = grid(p);
			SampleRow landing = this.testing.resident(Purpose.RETURNEE, travel.arrived + this.rnd.hours(1, 10), p, grid,
					this.map.testingSiteOfCommunity.get(grid.parent.index));
			if (landing.collected <= this.time.now) {
				this.plan.add(landing);
			}
			boolean risky = travel.level.equals("HIGH") || travel.level.equals("MEDIUM");
			if (risky && !this.used[p]) {
				this.used[p] = true;
				quarantineReturnee(travel, grid);
			}
		}
		list.sort(Comparator.comparingLong((Travel t) -> t.arrived));
		this.travels.addAll(list);
	}

	private void quarantineReturnee(Travel travel, Area grid) {
		int p = travel.person;
		boolean high = travel.level.equals("HIGH");
		long assigned = travel.arrived + this.rnd.hours(0.5, 6);
		long transfer = high ? assigned + this.rnd.hours(0.5, 3) : NULL;
		long checkedIn = high ? transfer + this.rnd.hours(0.5, 2) : assigned + this.rnd.hours(0.5, 3);
		int startDay = Timeline.day(checkedIn);
		long release = this.time.at(startDay + this.quarantineDays, this.rnd.between(9.0, 12.0));
		Venue hotel = high ? this.rnd.pick(this.map.hotelsOfCounty.get(grid.county)) : null;
		Measure measure = measure(p, high ? "CENTRALIZED_QUARANTINE" : "HOME_QUARANTINE",
				high ? "RETURNEE_HIGH_RISK" : "RETURNEE_MEDIUM_RISK", hotel, travel, assigned, transfer, checkedIn,
				release, NULL, startDay + this.quarantineDays);
		if (measure == null) {
			return;
		}
		this.plan.busy(p, assigned, release);
		code(p, high ? 2 : 1, measure.assigned, high ? "高风险地区来返" : "中风险地区来返");
		if (measure.status.equals("RELEASED")) {
			code(p, 0, measure.released, "隔离期满解除");
		}
		quarantineSamples(p, measure, Purpose.QUARANTINE, new int[] { 1, 3, 5, 7 });
	}

	// --- measures

	/**
	 * A measure as it stands now: later steps not yet taken are left out. Null if not yet
	 * assigned.
	 */
	private Measure measure(int p, String kind, String reason, Venue site, Travel travel, long assigned, long transfer,
			long checkedIn, long release, long cancelled, int plannedReleaseDay) {
		long now = this.time.now;
		if (assigned > now) {
			return null;
		}
		Measure m = new Measure();
		m.person = p;
		m.kind = kind;
		m.reason = reason;
		m.site = site;
		m.travel = travel;
		m.assigned = assigned;
		m.transferStarted = transfer;
		m.checkedIn = checkedIn;
		m.released = release;
		m.cancelled = NULL;
		m.plannedReleaseDay = plannedReleaseDay;
		if (cancelled != NULL && cancelled <= now) {
			m.status = "CANCELLED";
			m.cancelled = cancelled;
			m.transferStarted = (transfer != NULL && transfer <= cancelled) ? transfer : NULL;
			m.checkedIn = NULL;
			m.released = NULL;
		}
		else if (transfer != NULL && transfer > now) {
			m.status = "ASSIGNED";
			m.transferStarted = NULL;
			m.checkedIn = NULL;
			m.released = NULL;
		}
		else if (checkedIn > now) {
			m.status = (transfer != NULL) ? "TRANSFERRING" : "ASSIGNED";
			m.checkedIn = NULL;
			m.released = NULL;
		}
		else if (release > now) {
			m.status = "CHECKED_IN";
			m.released = NULL;
		}
		else {
			m.status = "RELEASED";
		}
		if (site != null && m.status.equals("CHECKED_IN")) {
			m.room = room(m);
		}
		else if (site != null && m.status.equals("RELEASED")) {
			m.room = book(site).any(this.rnd);
		}
		this.measures.add(m);
		return m;
	}

	/**
	 * 单人单间: a free room in the site, else in another hotel, else the person stays home.
	 */
	private String room(Measure m) {
		String room = book(m.site).take();
		if (room != null) {
			return room;
		}
		if (m.site.type.equals("QUARANTINE_HOTEL")) {
			for (Venue hotel : this.map.byType.get(org.epigrid.places.SiteType.QUARANTINE_HOTEL)) {
				room = book(hotel).take();
				if (room != null) {
					m.site = hotel;
					return room;
				}
			}
		}
		m.kind = "HOME_QUARANTINE";
		m.site = null;
		return null;
	}

	private RoomBook book(Venue site) {
		return this.rooms.computeIfAbsent(site, RoomBook::new);
	}

	// --- sentinels

	private void feverVisits() {
		for (int day = this.time.today - Testing.DAYS + 1; day <= this.time.today; day++) {
			int count = Math.max(1, (int) Math.round(this.people.size * 0.00025 * this.rnd.between(0.6, 1.4)));
			for (int i = 0; i < count; i++) {
				int p = pick(this.map.city, 0, 100);
				long visited = this.time.at(day, this.rnd.between(0.0, 24.0));
				if (p < 0 || visited > this.time.now) {
					continue;
				}
				Area grid = grid(p);
				Venue clinic = this.rnd.pick(this.map.feverClinicsOfCounty.get(grid.county));
				SampleRow sample = null;
				if (this.rnd.chance(0.96)) {
					sample = this.testing.resident(Purpose.FEVER_CLINIC, visited + this.rnd.hours(0.1, 0.7), p, grid,
							clinic);
					sample = (sample.collected <= this.time.now) ? this.plan.add(sample) : null;
				}
				int temperature = this.rnd.between(373, 396);
				this.visits.add(visit(p, clinic, visited, temperature, false, sample));
				if (temperature >= 385 && sample != null && this.rnd.chance(0.15)) {
					CaseRow suspect = new CaseRow();
					suspect.person = p;
					suspect.site = clinic;
					suspect.diagnosed = visited + this.rnd.hours(0.3, 1);
					suspect.reportAt = suspect.diagnosed + this.rnd.hours(0.2, 1.5);
					suspect.suspectSample = sample;
					this.cases.add(suspect);
				}
			}
		}
		// a suspected case excluded long ago, and one still waiting for its result
		suspect(this.time.at(this.time.today - Testing.DAYS + 2, 10), Testing.NEGATIVE);
		suspect(this.time.now - this.rnd.hours(1.4, 1.6), (byte) 0);
		this.visits.sort(Comparator.comparingLong((FeverVisit v) -> v.visited));
	}

	private void suspect(long visited, byte result) {
		int p = pick(this.map.city, 18, 80);
		if (p < 0) {
			return;
		}
		Area grid = grid(p);
		Venue clinic = this.rnd.pick(this.map.feverClinicsOfCounty.get(grid.county));
		SampleRow sample = this.testing.resident(Purpose.FEVER_CLINIC, visited + Timeline.hours(0.3), p, grid, clinic);
		explicit(sample, Testing.NEGATIVE, -1, 0.3, 0.5, 1.0, 2.0);
		if (result == 0) {
			sample.resulted = this.time.now + Timeline.HOUR;
		}
		this.plan.add(sample);
		this.visits.add(visit(p, clinic, visited, 386, false, sample));
		CaseRow suspect = new CaseRow();
		suspect.person = p;
		suspect.site = clinic;
		suspect.diagnosed = visited + Timeline.hours(0.5);
		suspect.reportAt = suspect.diagnosed + Timeline.hours(0.4);
		suspect.suspectSample = sample;
		this.cases.add(suspect);
	}

	private FeverVisit visit(int p, Venue clinic, long visited, int temperature, boolean infected, SampleRow sample) {
		FeverVisit visit = new FeverVisit();
		visit.person = p;
		visit.site = clinic;
		visit.visited = visited;
		visit.temperature = temperature;
		int extra = this.rnd.between(infected ? 1 : 0, 3);
		List<String> symptoms = new ArrayList<>(List.of("FEVER"));
		for (int i = 0; i < extra; i++) {
			String symptom = SYMPTOMS[1 + this.rnd.below(SYMPTOMS.length - 1)];
			if (!symptoms.contains(symptom)) {
				symptoms.add(symptom);
			}
		}
		visit.symptoms = symptoms.toArray(new String[0]);
		visit.sample = sample;
		return visit;
	}

	private static final String[][] DRUGS = { { "布洛芬缓释胶囊", "对乙酰氨基酚片", "复方氨酚烷胺片", "连花清瘟胶囊", "感冒灵颗粒" },
			{ "右美沙芬糖浆", "川贝枇杷膏", "复方甘草片", "急支糖浆", "氨溴索口服液" }, { "奥司他韦胶囊", "利巴韦林颗粒", "阿比多尔片" },
			{ "阿莫西林胶囊", "头孢克肟片", "阿奇霉素片", "左氧氟沙星片" } };

	private static final String[] DRUG_CATEGORIES = { "ANTIPYRETIC", "COUGH", "ANTIVIRAL", "ANTIBIOTIC" };

	private void drugSales() {
		double[] weights = Rnd.cumulative(45, 30, 10, 15);
		for (int day = this.time.today - Testing.DAYS + 1; day <= this.time.today; day++) {
			int count = (int) Math.round(this.people.size * 0.0009 * this.rnd.between(0.7, 1.3));
			for (int i = 0; i < count; i++) {
				int p = pick(this.map.city, 16, 95);
				long sold = this.time.at(day, this.rnd.between(8.0, 22.0));
				if (p < 0 || sold > this.time.now) {
					continue;
				}
				Area grid = grid(p);
				DrugSale sale = new DrugSale();
				sale.person = p;
				sale.pharmacy = this.map.pharmacyOfCommunity.get(grid.parent.index);
				int category = this.rnd.weighted(weights);
				sale.category = DRUG_CATEGORIES[category];
				sale.drug = this.rnd.pick(DRUGS[category]);
				sale.quantity = this.rnd.between(1, 3);
				sale.sold = sold;
				sale.status = "PENDING";
				sale.followedUp = NULL;
				double u = this.rnd.unit();
				if (this.time.now - sold < Timeline.DAY) {
					if (u < 0.2) {
						sale.status = "CLEARED";
						sale.followedUp = sold + (this.time.now - sold) / 3;
					}
				}
				else if (u < 0.72) {
					SampleRow sample = this.testing.resident(Purpose.DRUG_PURCHASE, sold + this.rnd.hours(2, 30), p,
							grid, this.map.testingSiteOfCommunity.get(grid.parent.index));
					if (sample.collected <= this.time.now) {
						sale.sample = this.plan.add(sample);
						sale.status = "TESTED";
						sale.followedUp = sample.collected;
					}
				}
				else if (u < 0.94) {
					sale.status = "CLEARED";
					sale.followedUp = sold + this.rnd.hours(1, 24);
				}
				this.sales.add(sale);
			}
		}
		this.sales.sort(Comparator.comparingLong((DrugSale s) -> s.sold));
	}

	// --- health codes

	private void strayCodes() {
		int count = Math.max(2, (int) Math.round(this.people.size * 0.001));
		for (int i = 0; i < count; i++) {
			int p = pick(this.map.city, 10, 90);
			if (p < 0) {
				continue;
			}
			this.used[p] = true;
			long at = this.time.now - this.rnd.hours(1, 96);
			code(p, 1, at, "核酸检测超期未检");
			if (this.rnd.chance(0.4)) {
				code(p, 0, at + this.rnd.hours(3, 30), "补检结果阴性，恢复绿码");
			}
		}
	}

	private void code(int person, int colour, long at, String reason) {
		if (at != NULL && at <= this.time.now) {
			this.codeEvents.add(new CodeEvent(person, colour, at, reason));
		}
	}

	private void finishCodes() {
		this.codeEvents.sort(Comparator.comparingInt(CodeEvent::person).thenComparingLong(CodeEvent::at));
		for (CodeEvent event : this.codeEvents) {
			this.people.healthCode[event.person()] = (byte) event.colour();
			this.people.healthCodeChangedAt[event.person()] = event.at();
		}
	}

	// --- people

	private Area grid(int p) {
		return this.map.grids.get(this.people.grid[p]);
	}

	/**
	 * A person not yet involved, living in the area, of an age in the range; -1 if none
	 * found.
	 */
	private int pick(Area area, int minAge, int maxAge) {
		for (int attempt = 0; attempt < 60; attempt++) {
			Area grid = this.map.gridIn(area, this.rnd);
			if (grid.residents == 0) {
				continue;
			}
			int p = grid.firstPerson + this.rnd.below(grid.residents);
			int age = this.people.age(p);
			if (!this.used[p] && age >= minAge && age <= maxAge) {
				return p;
			}
		}
		return -1;
	}

	/** Someone of the same household or building: a near neighbour in the same grid. */
	private int neighbour(int p) {
		Area grid = grid(p);
		for (int attempt = 0; attempt < 12; attempt++) {
			int q = p + this.rnd.between(-4, 4);
			if (q != p && q >= grid.firstPerson && q < grid.firstPerson + grid.residents && !this.used[q]) {
				return q;
			}
		}
		return pick(grid, 0, 100);
	}

	// --- rows

	void writeDesignations(Tables t) {
		for (Designation d : this.designations) {
			t.riskDesignation.num(t.riskDesignation.nextId())
				.text(d.code)
				.text(d.name)
				.ref((d.place != null) ? d.place.id : 0)
				.text(d.level)
				.time(d.from)
				.time(d.to)
				.text(d.issuedBy)
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.riskDesignation.finishStatement();
	}

	void writeCodeEvents(Tables t) {
		String[] colours = { "GREEN", "YELLOW", "RED" };
		for (CodeEvent event : this.codeEvents) {
			t.healthCodeEvent.num(t.healthCodeEvent.nextId())
				.num(this.people.id(event.person()))
				.text(colours[event.colour()])
				.time(event.at())
				.text(event.reason())
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.healthCodeEvent.finishStatement();
	}

	void writeTravel(Tables t) {
		for (Travel travel : this.travels) {
			travel.id = t.travelRecord.nextId();
			t.travelRecord.num(travel.id)
				.num(this.people.id(travel.person))
				.text(travel.origin[0])
				.text(travel.origin[1])
				.text(travel.level)
				.time(travel.departed)
				.time(travel.arrived)
				.text(travel.transport)
				.text(travel.number)
				.num(grid(travel.person).id)
				.text(travel.via)
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.travelRecord.finishStatement();
	}

	void writeCases(Tables t) {
		this.cases.sort(Comparator.comparingLong((CaseRow c) -> c.diagnosed));
		for (CaseRow c : this.cases) {
			c.id = t.caseReport.nextId();
			String classification = c.classification;
			if (c.suspectSample != null) {
				classification = (c.suspectSample.resulted == NULL) ? "SUSPECTED" : "EXCLUDED";
			}
			long reported = this.time.ifPast(c.reportAt);
			long county = (reported == NULL) ? NULL : this.time
				.ifPast(reported + (this.rnd.chance(0.08) ? this.rnd.hours(4, 10) : this.rnd.hours(0.5, 3)));
			long city = (county == NULL) ? NULL : this.time.ifPast(county + this.rnd.hours(1, 5));
			long province = (city == NULL) ? NULL : this.time.ifPast(city + this.rnd.hours(2, 16));
			t.caseReport.num(c.id)
				.num(this.people.id(c.person))
				.text(classification)
				.ref(c.site.id)
				.time(c.diagnosed)
				.time(c.diagnosed + 2 * Timeline.HOUR)
				.time(reported)
				.time(c.diagnosed + 6 * Timeline.HOUR)
				.time(county)
				.time(c.diagnosed + 12 * Timeline.HOUR)
				.time(city)
				.time(c.diagnosed + 24 * Timeline.HOUR)
				.time(province)
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.caseReport.finishStatement();
	}

	void writeContacts(Tables t) {
		this.contacts.sort(Comparator.comparingLong((ContactRow c) -> c.identified));
		for (ContactRow c : this.contacts) {
			t.contact.num(t.contact.nextId())
				.num(this.people.id(c.source))
				.num(this.people.id(c.contact))
				.num(c.sourceCase.id)
				.text(c.degree)
				.time(c.exposure)
				.ref((c.site != null) ? c.site.id : 0)
				.text(c.setting)
				.time(c.identified)
				.time(c.traceDue)
				.time(c.traced)
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.contact.finishStatement();
	}

	void writeMeasures(Tables t) {
		this.measures.sort(Comparator.comparingLong((Measure m) -> m.assigned));
		for (Measure m : this.measures) {
			m.id = t.controlMeasure.nextId();
			t.controlMeasure.num(m.id)
				.num(this.people.id(m.person))
				.text(m.kind)
				.text(m.reason)
				.ref((m.travel != null) ? m.travel.id : 0)
				.ref((m.site != null) ? m.site.id : 0)
				.text(m.room)
				.text(m.status)
				.time(m.assigned)
				.time(m.transferStarted)
				.time(m.checkedIn)
				.date(m.plannedReleaseDay)
				.time(m.released)
				.time(m.cancelled)
				.text(m.cancelReason)
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.controlMeasure.finishStatement();
	}

	/** 每日健康监测: one check a day for everyone checked in, from the day after check-in. */
	void writeHealthChecks(Tables t) {
		record Check(int person, long measure, int day, long at, int temperature, String[] symptoms, String by) {
		}
		List<Check> checks = new ArrayList<>();
		for (Measure m : this.measures) {
			if (m.checkedIn == NULL) {
				continue;
			}
			int from = Timeline.day(m.checkedIn) + 1;
			int to = (m.released != NULL) ? Timeline.day(m.released) : this.time.today;
			String by = (m.site == null) ? "社区医生" : m.site.type.equals("HOSPITAL") ? "隔离病区医护人员" : "隔离点医护人员";
			for (int day = from; day <= to; day++) {
				long at = this.time.at(day, this.rnd.between(7.5, 10.5));
				if (at > this.time.now || day == this.time.today && this.rnd.chance(0.06)) {
					continue;
				}
				boolean feverish = m.sick && day - from < m.positiveDays / 2;
				String[] symptoms = feverish ? new String[] { "FEVER", SYMPTOMS[1 + this.rnd.below(3)] }
						: this.rnd.chance(0.02) ? new String[] { "SORE_THROAT" } : new String[0];
				checks.add(new Check(m.person, m.id, day, at,
						feverish ? this.rnd.between(373, 386) : this.rnd.between(360, 372), symptoms, by));
			}
		}
		checks.sort(Comparator.comparingInt(Check::day).thenComparingLong(Check::at));
		for (Check c : checks) {
			t.healthCheck.num(t.healthCheck.nextId())
				.num(this.people.id(c.person()))
				.num(c.measure())
				.date(c.day())
				.time(c.at())
				.dec(c.temperature(), 1)
				.array(c.symptoms())
				.text(c.by())
				.end();
		}
		t.healthCheck.finishStatement();
	}

	void writeFeverVisits(Tables t) {
		for (FeverVisit v : this.visits) {
			t.feverClinicVisit.num(t.feverClinicVisit.nextId())
				.num(v.site.id)
				.num(this.people.id(v.person))
				.time(v.visited)
				.dec(v.temperature, 1)
				.array(v.symptoms)
				.ref((v.sample != null && v.sample.written()) ? v.sample.id : 0)
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.feverClinicVisit.finishStatement();
	}

	void writeDrugSales(Tables t) {
		for (DrugSale s : this.sales) {
			boolean tested = s.status.equals("TESTED") && s.sample != null && s.sample.written();
			String status = (s.status.equals("TESTED") && !tested) ? "PENDING" : s.status;
			t.drugSale.num(t.drugSale.nextId())
				.num(s.pharmacy.id)
				.num(this.people.id(s.person))
				.text(s.category)
				.text(s.drug)
				.num(s.quantity)
				.time(s.sold)
				.text(status)
				.time(status.equals("PENDING") ? NULL : s.followedUp)
				.ref(tested ? s.sample.id : 0)
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.drugSale.finishStatement();
	}

}
