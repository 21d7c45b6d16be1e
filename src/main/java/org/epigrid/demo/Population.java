package org.epigrid.demo;

import java.util.ArrayList;
import java.util.List;

import org.epigrid.people.PersonCategory;
import org.epigrid.privacy.PersonalDataCipher;
import org.epigrid.privacy.PersonalField;

/**
 * The residents of the demo city as parallel arrays (a million people fit in a few tens
 * of megabytes); names, ID numbers, phones and addresses are made only while the rows are
 * written.
 */
final class Population {

	/**
	 * Age bands of five years (0-4 … 85+) with their share in percent (2020 census,
	 * rounded).
	 */
	private static final double[] AGE_BANDS = Rnd.cumulative(5.4, 6.5, 6.1, 5.4, 5.4, 6.6, 8.8, 7.0, 6.6, 8.0, 8.6, 7.2,
			5.2, 5.0, 3.4, 2.1, 1.4, 1.0);

	/** Where migrant workers come from (division codes used in their ID numbers). */
	static final String[] MIGRANT_AREAS = { "510107", "510722", "340104", "341221", "410105", "411521", "420102",
			"430105", "360102", "500101", "450102", "520102", "530102", "362321", "421081" };

	private static final String[] PHONE_PREFIXES = { "130", "131", "132", "133", "135", "136", "137", "138", "139",
			"147", "150", "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177",
			"178", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "195", "198", "199" };

	private static final int[] ID_WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };

	final int size;

	final long firstId;

	/** Residence grid index. */
	final int[] grid;

	final int[] birthDay;

	final boolean[] male;

	/** Bit set of {@link PersonCategory} ordinals. */
	final int[] categories;

	/** 0: born in the demo county of residence; k: {@code MIGRANT_AREAS[k - 1]}. */
	final byte[] origin;

	/**
	 * Current health code (0 green, 1 yellow, 2 red) and when it last changed; set by the
	 * outbreak.
	 */
	final byte[] healthCode;

	final long[] healthCodeChangedAt;

	private final int today;

	Population(CityMap map, DemoSize.Shape shape, long seed, long firstId, Timeline time) {
		Rnd rnd = new Rnd(seed, "people");
		this.today = time.today;
		this.firstId = firstId;
		int total = 0;
		for (Area grid : map.grids) {
			grid.firstPerson = total;
			double factor = grid.rural ? rnd.between(0.55, 1.0) : rnd.between(0.8, 1.3);
			grid.residents = (int) Math.round(shape.peoplePerGrid() * factor);
			total += grid.residents;
		}
		this.size = total;
		this.grid = new int[total];
		this.birthDay = new int[total];
		this.male = new boolean[total];
		this.categories = new int[total];
		this.origin = new byte[total];
		this.healthCode = new byte[total];
		this.healthCodeChangedAt = new long[total];
		for (Area grid : map.grids) {
			for (int p = grid.firstPerson; p < grid.firstPerson + grid.residents; p++) {
				this.grid[p] = grid.index;
				person(p, rnd);
			}
		}
	}

	private void person(int p, Rnd rnd) {
		int band = rnd.weighted(AGE_BANDS);
		int age = Math.min(band * 5 + rnd.below(5) + ((band == AGE_BANDS.length - 1) ? rnd.below(12) : 0), 104);
		this.birthDay[p] = this.today - (int) Math.round(age * 365.2425) - rnd.below(365);
		this.male[p] = rnd.chance((age < 60) ? 0.512 : (age < 80) ? 0.48 : 0.42);
		int set = 0;
		if (age < 14) {
			set |= bit(PersonCategory.CHILD);
		}
		if (age >= 6 && age <= 18 && rnd.chance(0.96) || age > 18 && age <= 22 && rnd.chance(0.5)) {
			set |= bit(PersonCategory.STUDENT);
		}
		if (age >= 60) {
			set |= bit(PersonCategory.ELDERLY);
		}
		if (age >= 45 && rnd.chance((age >= 60) ? 0.35 : 0.12)) {
			set |= bit(PersonCategory.CHRONIC_ILLNESS);
		}
		if (!this.male[p] && age >= 20 && age <= 40 && rnd.chance(0.025)) {
			set |= bit(PersonCategory.PREGNANT);
		}
		if (age >= 18 && age < 60) {
			if (rnd.chance(0.15)) {
				set |= bit(PersonCategory.MIGRANT_WORKER);
				this.origin[p] = (byte) (1 + rnd.below(MIGRANT_AREAS.length));
			}
			double u = rnd.unit();
			PersonCategory job = (u < 0.012) ? PersonCategory.MEDICAL_STAFF
					: (u < 0.030) ? PersonCategory.TEACHER
							: (u < 0.034) ? PersonCategory.COLD_CHAIN_WORKER
									: (u < 0.039) ? PersonCategory.PORT_WORKER : (u < 0.049) ? PersonCategory.COURIER
											: (u < 0.061) ? PersonCategory.TRANSPORT_WORKER
													: (u < 0.071) ? PersonCategory.MARKET_WORKER : (u < 0.073)
															? PersonCategory.QUARANTINE_STAFF
															: (u < 0.093) ? PersonCategory.PUBLIC_SERVICE : null;
			if (job != null) {
				set |= bit(job);
			}
		}
		this.categories[p] = set;
	}

	static int bit(PersonCategory category) {
		return 1 << category.ordinal();
	}

	boolean is(int p, PersonCategory category) {
		return (this.categories[p] & bit(category)) != 0;
	}

	int age(int p) {
		return (int) ((this.today - this.birthDay[p]) / 365.2425);
	}

	long id(int p) {
		return this.firstId + p;
	}

	/**
	 * Days between routine individual tests for key groups (0: not a key group tested
	 * individually).
	 */
	int keyGroupInterval(int p) {
		int c = this.categories[p];
		if ((c & (bit(PersonCategory.COLD_CHAIN_WORKER) | bit(PersonCategory.PORT_WORKER)
				| bit(PersonCategory.QUARANTINE_STAFF))) != 0) {
			return 1;
		}
		if ((c & (bit(PersonCategory.MEDICAL_STAFF) | bit(PersonCategory.TRANSPORT_WORKER)
				| bit(PersonCategory.MARKET_WORKER) | bit(PersonCategory.COURIER))) != 0) {
			return 2;
		}
		return ((c & bit(PersonCategory.TEACHER)) != 0) ? 7 : 0;
	}

	// --- rows

	/**
	 * Writes the people; ID numbers and phones are encrypted and hashed here, as they are
	 * made, so that no plaintext reaches the database.
	 */
	void write(Tables t, CityMap map, long seed, long defaultCodeTime, PersonalDataCipher cipher) {
		Rnd rnd = new Rnd(seed, "person-rows");
		int oldest = this.today - 106 * 366;
		int span = this.today - oldest + 400;
		int areas = map.counties.size() + MIGRANT_AREAS.length;
		// next serial per (area, birth day): ID numbers are unique by construction
		short[] serials = new short[areas * span];
		PersonCategory[] all = PersonCategory.values();
		List<String> names = new ArrayList<>(4);
		String[] codes = { "GREEN", "YELLOW", "RED" };
		for (int p = 0; p < this.size; p++) {
			Area home = map.grids.get(this.grid[p]);
			int area = (this.origin[p] == 0) ? home.county : map.counties.size() + this.origin[p] - 1;
			String areaCode = (this.origin[p] == 0) ? map.counties.get(home.county).code
					: MIGRANT_AREAS[this.origin[p] - 1];
			int day = this.birthDay[p];
			while (serials[area * span + day - oldest] >= 499) {
				day++;
			}
			this.birthDay[p] = day;
			// odd serials for men, even for women
			int serial = serials[area * span + day - oldest]++ * 2 + (this.male[p] ? 1 : 2);
			names.clear();
			for (PersonCategory category : all) {
				if (is(p, category)) {
					names.add(category.name());
				}
			}
			int age = age(p);
			String phone = (age < 10 || age >= 80 && rnd.chance(0.4)) ? null
					: rnd.pick(PHONE_PREFIXES) + Names.digits(rnd.below(100_000_000), 8);
			String idNumber = idNumber(areaCode, day, serial);
			t.person.num(id(p))
				.bytes(cipher.encrypt(PersonalField.ID_NUMBER, idNumber))
				.bytes(cipher.hash(PersonalField.ID_NUMBER, idNumber))
				.text(areaCode)
				.text(fullName(rnd, this.male[p], age))
				.text(this.male[p] ? "MALE" : "FEMALE")
				.date(day)
				.bytes((phone != null) ? cipher.encrypt(PersonalField.PHONE, phone) : null)
				.bytes((phone != null) ? cipher.hash(PersonalField.PHONE, phone) : null)
				.num(home.id)
				.text(address(rnd, home))
				.array(names.toArray(new String[0]))
				.text(codes[this.healthCode[p]])
				.time((this.healthCodeChangedAt[p] != 0) ? this.healthCodeChangedAt[p] : defaultCodeTime)
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.person.finishStatement();
	}

	/** An 18-character resident ID number with its GB 11643 check character. */
	static String idNumber(String areaCode, int birthDay, int serial) {
		java.time.LocalDate birth = java.time.LocalDate.ofEpochDay(birthDay);
		String body = areaCode + Names.digits(birth.getYear(), 4) + Names.digits(birth.getMonthValue(), 2)
				+ Names.digits(birth.getDayOfMonth(), 2) + Names.digits(serial, 3);
		return body + checkCharacter(body);
	}

	static char checkCharacter(String first17) {
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += (first17.charAt(i) - '0') * ID_WEIGHTS[i];
		}
		return "10X98765432".charAt(sum % 11);
	}

	static String fullName(Rnd rnd, boolean male, int age) {
		String surname = Names.SURNAMES[rnd.weighted(Names.SURNAME_WEIGHTS)];
		double u = rnd.unit();
		if (age >= 50 && u < 0.4) {
			return surname + rnd.pick(male ? Names.MALE_CLASSIC : Names.FEMALE_CLASSIC);
		}
		String[] chars = male ? Names.MALE_GIVEN : Names.FEMALE_GIVEN;
		if (u < 0.65 && surname.length() == 1) {
			String first = rnd.pick(chars);
			String second = rnd.pick(chars);
			return surname + first + (second.equals(first) && rnd.chance(0.7) ? rnd.pick(chars) : second);
		}
		return surname + rnd.pick(chars);
	}

	private static String address(Rnd rnd, Area grid) {
		Area community = grid.parent;
		if (community.rural) {
			return community.fullName() + rnd.between(1, 260) + "号";
		}
		return community.fullName() + rnd.pick(Names.ROADS) + rnd.between(1, 600) + "号" + rnd.between(1, 30) + "幢"
				+ rnd.between(1, 4) + "单元" + rnd.between(1, 28) + Names.digits(rnd.between(1, 6), 2) + "室";
	}

}
