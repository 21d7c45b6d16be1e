package org.epigrid.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.epigrid.places.SiteType;

/**
 * 物资储备: a catalogue of supplies, and 30 days of an append-only ledger simulated day by
 * day. The city depot buys in weekly, transfers to the county depots, which top up the
 * sites they serve; sites consume or issue every day, oldest lot first. Some items are
 * short (N95, protective suits, antigen kits), so many sites end below 30 days of
 * full-load cover. Balances are the sum of the movements of each site, item and lot.
 */
final class Supplies {

	record Item(long id, String code, String name, String category, String unit, int shelfDays, double supplyFactor) {
	}

	private static final String[][] CATALOGUE = {
			// code, name, category, unit, shelf life (days), share of demand the
			// suppliers deliver
			{ "LJ-PPE-MASK-SURG", "医用外科口罩", "PPE", "只", "730", "1.1" },
			{ "LJ-PPE-MASK-N95", "医用防护口罩（N95）", "PPE", "只", "730", "0.5" },
			{ "LJ-PPE-SUIT", "医用一次性防护服", "PPE", "套", "730", "0.5" },
			{ "LJ-PPE-GOWN", "一次性隔离衣", "PPE", "件", "730", "1.0" },
			{ "LJ-PPE-SHIELD", "医用防护面屏", "PPE", "个", "1095", "1.0" },
			{ "LJ-PPE-GLOVE", "一次性医用检查手套", "PPE", "副", "1095", "1.1" },
			{ "LJ-TEST-PCR-KIT", "新型冠状病毒核酸检测试剂盒（荧光PCR法）", "TESTING", "人份", "365", "1.0" },
			{ "LJ-TEST-AG-KIT", "新型冠状病毒抗原检测试剂盒（胶体金法）", "TESTING", "人份", "365", "0.45" },
			{ "LJ-TEST-SWAB", "一次性采样拭子", "TESTING", "支", "730", "1.05" },
			{ "LJ-TEST-VTM", "一次性病毒采样管", "TESTING", "支", "365", "1.0" },
			{ "LJ-DIS-84", "84消毒液", "DISINFECTANT", "升", "365", "1.1" },
			{ "LJ-DIS-ALCOHOL", "75%医用酒精", "DISINFECTANT", "升", "730", "1.0" },
			{ "LJ-DIS-HAND", "免洗手消毒凝胶", "DISINFECTANT", "瓶", "730", "1.0" },
			{ "LJ-MED-IBUPROFEN", "布洛芬缓释胶囊", "MEDICINE", "盒", "730", "0.8" },
			{ "LJ-MED-PARACETAMOL", "对乙酰氨基酚片", "MEDICINE", "盒", "1095", "0.9" },
			{ "LJ-MED-LIANHUA", "连花清瘟胶囊", "MEDICINE", "盒", "730", "1.0" },
			{ "LJ-VAC-INACTIVATED", "新冠病毒灭活疫苗（Vero细胞）", "VACCINE", "剂", "365", "1.0" },
			{ "LJ-DEV-THERMOMETER", "红外额温枪", "MEDICAL_DEVICE", "把", "1825", "1.0" },
			{ "LJ-DEV-OXIMETER", "指夹式脉搏血氧仪", "MEDICAL_DEVICE", "个", "1825", "1.0" },
			{ "LJ-LIV-RICE", "大米", "LIVING", "千克", "180", "1.0" },
			{ "LJ-LIV-MEAL", "方便食品", "LIVING", "箱", "180", "1.0" } };

	/** Full-load daily use per site type: item code suffix and units a day. */
	private static final Map<SiteType, Object[][]> PROFILES = profiles();

	/** Days of full-load cover sites should hold (the default of the data model). */
	static final int SITE_TARGET_DAYS = 30;

	/** Depots pass stock on within days, so they aim lower. */
	static final int DEPOT_TARGET_DAYS = 14;

	private final List<Item> items = new ArrayList<>();

	private final Map<String, Item> itemByCode = new HashMap<>();

	private final CityMap map;

	private final Timeline time;

	private final Rnd rnd;

	/** (site, item) → full-load daily use. */
	private final Map<Venue, Map<Item, Long>> requirements = new LinkedHashMap<>();

	/** Lots held, oldest first, per holder and item. */
	private final Map<Venue, Map<Item, List<Lot>>> stock = new HashMap<>();

	private final List<Lot> allLots = new ArrayList<>();

	private TableWriter movements;

	private long lotSerial;

	private static final class Lot {

		final Venue site;

		final Item item;

		final String code;

		final int expiresOn;

		long onHand;

		Lot(Venue site, Item item, String code, int expiresOn) {
			this.site = site;
			this.item = item;
			this.code = code;
			this.expiresOn = expiresOn;
		}

	}

	Supplies(CityMap map, Timeline time, long seed, long firstItemId) {
		this.map = map;
		this.time = time;
		this.rnd = new Rnd(seed, "supplies");
		for (String[] row : CATALOGUE) {
			Item item = new Item(firstItemId + this.items.size(), row[0], row[1], row[2], row[3],
					Integer.parseInt(row[4]), Double.parseDouble(row[5]));
			this.items.add(item);
			this.itemByCode.put(item.code(), item);
		}
		for (Venue site : map.sites) {
			Object[][] profile = PROFILES.get(SiteType.valueOf(site.type));
			if (profile == null) {
				continue;
			}
			double scale = scale(site);
			Map<Item, Long> uses = new LinkedHashMap<>();
			for (Object[] use : profile) {
				long daily = Math.max(1,
						Math.round(((Number) use[1]).doubleValue() * scale * this.rnd.between(0.7, 1.3)));
				uses.put(this.itemByCode.get("LJ-" + use[0]), daily);
			}
			this.requirements.put(site, uses);
		}
		// depots: the full-load use of everything they serve
		Map<Item, Long> cityUse = new LinkedHashMap<>();
		for (Area county : map.counties) {
			Map<Item, Long> countyUse = new LinkedHashMap<>();
			for (Map.Entry<Venue, Map<Item, Long>> entry : this.requirements.entrySet()) {
				if (entry.getKey().county() == county.county) {
					entry.getValue().forEach((item, daily) -> countyUse.merge(item, daily, Long::sum));
				}
			}
			this.requirements.put(map.depotOfCounty.get(county.county), countyUse);
			countyUse.forEach((item, daily) -> cityUse.merge(item, daily, Long::sum));
		}
		this.requirements.put(map.cityDepot, cityUse);
	}

	private static double scale(Venue site) {
		return switch (site.type) {
			case "HOSPITAL" -> Math.max(0.1, site.beds / 800.0);
			case "TESTING_SITE" -> Math.max(0.1, site.grid.parent.population / 2500.0);
			case "LAB" -> Math.max(0.2, site.capacity / 10000.0);
			case "QUARANTINE_HOTEL" -> Math.max(0.2, site.rooms / 200.0);
			case "NURSING_HOME" -> Math.max(0.2, site.beds / 150.0);
			default -> 1;
		};
	}

	private static Map<SiteType, Object[][]> profiles() {
		Map<SiteType, Object[][]> p = new HashMap<>();
		p.put(SiteType.HOSPITAL,
				new Object[][] { { "PPE-MASK-SURG", 400 }, { "PPE-MASK-N95", 150 }, { "PPE-SUIT", 60 },
						{ "PPE-GOWN", 80 }, { "PPE-SHIELD", 30 }, { "PPE-GLOVE", 600 }, { "TEST-SWAB", 200 },
						{ "TEST-VTM", 200 }, { "DIS-84", 20 }, { "DIS-ALCOHOL", 15 }, { "MED-IBUPROFEN", 40 },
						{ "MED-PARACETAMOL", 30 }, { "VAC-INACTIVATED", 60 }, { "DEV-OXIMETER", 1 } });
		p.put(SiteType.FEVER_CLINIC, new Object[][] { { "PPE-MASK-N95", 60 }, { "PPE-SUIT", 30 }, { "PPE-GLOVE", 150 },
				{ "TEST-SWAB", 60 }, { "TEST-VTM", 60 }, { "DIS-ALCOHOL", 5 }, { "MED-IBUPROFEN", 15 } });
		p.put(SiteType.TESTING_SITE,
				new Object[][] { { "PPE-MASK-SURG", 60 }, { "PPE-MASK-N95", 20 }, { "PPE-SUIT", 12 },
						{ "PPE-GLOVE", 200 }, { "TEST-SWAB", 600 }, { "TEST-VTM", 70 }, { "DIS-ALCOHOL", 4 },
						{ "DIS-HAND", 6 } });
		p.put(SiteType.LAB, new Object[][] { { "TEST-PCR-KIT", 3000 }, { "PPE-GLOVE", 300 }, { "PPE-SUIT", 20 },
				{ "DIS-ALCOHOL", 10 }, { "DIS-84", 5 } });
		p.put(SiteType.QUARANTINE_HOTEL,
				new Object[][] { { "PPE-MASK-SURG", 300 }, { "PPE-MASK-N95", 50 }, { "PPE-SUIT", 20 }, { "DIS-84", 15 },
						{ "DEV-THERMOMETER", 1 }, { "MED-IBUPROFEN", 5 }, { "TEST-AG-KIT", 100 }, { "LIV-RICE", 60 },
						{ "LIV-MEAL", 10 } });
		p.put(SiteType.PHARMACY, new Object[][] { { "PPE-MASK-SURG", 200 }, { "TEST-AG-KIT", 40 },
				{ "MED-IBUPROFEN", 15 }, { "MED-PARACETAMOL", 12 }, { "MED-LIANHUA", 10 } });
		p.put(SiteType.NURSING_HOME, new Object[][] { { "PPE-MASK-SURG", 100 }, { "TEST-AG-KIT", 30 }, { "DIS-84", 4 },
				{ "DEV-OXIMETER", 1 } });
		p.put(SiteType.SCHOOL,
				new Object[][] { { "PPE-MASK-SURG", 500 }, { "TEST-AG-KIT", 80 }, { "DIS-84", 6 }, { "DIS-HAND", 8 } });
		return p;
	}

	void writeItems(Tables t) {
		for (Item item : this.items) {
			t.supplyItem.num(item.id())
				.text(item.code())
				.text(item.name())
				.text(item.category())
				.text(item.unit())
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.supplyItem.finishStatement();
	}

	// --- the ledger

	void writeLedger(Tables t) {
		this.movements = t.stockMovement;
		int first = this.time.today - Testing.DAYS;
		Venue city = this.map.cityDepot;
		// opening stock
		for (Map.Entry<Venue, Map<Item, Long>> entry : this.requirements.entrySet()) {
			Venue site = entry.getKey();
			for (Map.Entry<Item, Long> use : entry.getValue().entrySet()) {
				Item item = use.getKey();
				double days = (site == city) ? this.rnd.between(6, 12)
						: site.type.equals("SUPPLY_DEPOT") ? this.rnd.between(4, 10) : this.rnd.between(15, 45);
				// some lots of test kits were bought long ago and expire during the
				// period
				boolean old = item.category().equals("TESTING") && this.rnd.chance(0.2);
				int expires = old ? this.time.today - this.rnd.between(3, 20)
						: first + item.shelfDays() - this.rnd.below(60);
				Lot lot = lot(site, item, expires, first);
				move(lot, "RECEIPT", Math.round(use.getValue() * days), this.time.at(first, 9 + this.rnd.unit()), null,
						"期初库存");
			}
		}
		for (int day = first + 1; day <= this.time.today; day++) {
			int weekday = (day - first) % 7;
			if (weekday == 1) {
				// suppliers deliver a week of full-load use, less for short items
				for (Map.Entry<Item, Long> use : this.requirements.get(city).entrySet()) {
					Item item = use.getKey();
					long quantity = Math.round(use.getValue() * 7 * item.supplyFactor() * this.rnd.between(0.8, 1.1));
					long at = this.time.at(day, 9 + this.rnd.unit());
					if (quantity > 0 && at <= this.time.now) {
						Lot lot = lot(city, item, day + item.shelfDays(), day);
						move(lot, "RECEIPT", quantity, at, null, "采购入库 CG" + day + "-" + item.code().substring(3));
					}
				}
			}
			if (weekday == 2) {
				for (Venue depot : this.map.depotOfCounty) {
					topUp(city, depot, 14, this.time.at(day, 10 + this.rnd.unit()));
				}
			}
			if (weekday == 3) {
				for (Map.Entry<Venue, Map<Item, Long>> entry : this.requirements.entrySet()) {
					Venue site = entry.getKey();
					if (!site.type.equals("SUPPLY_DEPOT")) {
						topUp(this.map.depotOfCounty.get(site.county()), site, 35,
								this.time.at(day, 14 + 2 * this.rnd.unit()));
					}
				}
			}
			// expiry, then the day's consumption
			for (Lot lot : List.copyOf(this.allLots)) {
				if (lot.expiresOn == day && lot.onHand > 0) {
					move(lot, "EXPIRY", -lot.onHand, this.time.at(day, 8), null, "过期报废");
				}
			}
			for (Map.Entry<Venue, Map<Item, Long>> entry : this.requirements.entrySet()) {
				Venue site = entry.getKey();
				if (site.type.equals("SUPPLY_DEPOT")) {
					continue;
				}
				boolean issues = site.type.equals("PHARMACY") || site.type.equals("HOSPITAL");
				for (Map.Entry<Item, Long> use : entry.getValue().entrySet()) {
					long at = this.time.at(day, 17 + 4 * this.rnd.unit());
					if (at > this.time.now) {
						continue;
					}
					long wanted = Math.round(use.getValue() * this.rnd.between(0.45, 0.95));
					take(site, use.getKey(), wanted, at, issues ? "ISSUE" : "CONSUMPTION", null,
							issues ? "发放/零售" : "日常消耗", day);
					if (this.rnd.chance(0.003)) {
						List<Lot> lots = lots(site, use.getKey());
						if (!lots.isEmpty() && lots.get(0).onHand > 5) {
							move(lots.get(0), "ADJUSTMENT",
									this.rnd.chance(0.5) ? -this.rnd.between(1, 5) : this.rnd.between(1, 5), at + 600,
									null, "盘点调整");
						}
					}
				}
			}
		}
		t.stockMovement.finishStatement();
		for (Lot lot : this.allLots) {
			t.stockBalance.num(t.stockBalance.nextId())
				.num(lot.site.id)
				.num(lot.item.id())
				.text(lot.code)
				.date(lot.expiresOn)
				.dec(lot.onHand * 100, 2)
				.end();
		}
		t.stockBalance.finishStatement();
		for (Map.Entry<Venue, Map<Item, Long>> entry : this.requirements.entrySet()) {
			for (Map.Entry<Item, Long> use : entry.getValue().entrySet()) {
				t.stockRequirement.num(entry.getKey().id)
					.num(use.getKey().id())
					.dec(use.getValue() * 100, 2)
					.num(entry.getKey().type.equals("SUPPLY_DEPOT") ? DEPOT_TARGET_DAYS : SITE_TARGET_DAYS)
					.text(DemoCity.CREATED_BY)
					.end();
			}
		}
		t.stockRequirement.finishStatement();
	}

	/**
	 * Brings a holder's stock of each item up to the given days of full-load use, as far
	 * as the source has it.
	 */
	private void topUp(Venue source, Venue target, int days, long at) {
		if (at > this.time.now) {
			return;
		}
		for (Map.Entry<Item, Long> use : this.requirements.get(target).entrySet()) {
			Item item = use.getKey();
			long held = lots(target, item).stream().mapToLong((lot) -> lot.onHand).sum();
			long wanted = use.getValue() * days - held;
			if (wanted > 0) {
				take(source, item, wanted, at, "TRANSFER_OUT", target,
						"调拨单 DB" + Timeline.day(at) + "-" + target.venueCode, Timeline.day(at));
			}
		}
	}

	/**
	 * Removes up to {@code wanted} units, oldest lot first; transfers arrive as the same
	 * lots.
	 */
	private void take(Venue site, Item item, long wanted, long at, String kind, Venue target, String reference,
			int day) {
		for (Lot lot : lots(site, item)) {
			if (wanted <= 0) {
				break;
			}
			if (lot.onHand <= 0 || lot.expiresOn <= day) {
				continue;
			}
			long quantity = Math.min(wanted, lot.onHand);
			wanted -= quantity;
			move(lot, kind, -quantity, at, target, reference);
			if (target != null) {
				Lot arrived = lots(target, item).stream()
					.filter((l) -> l.code.equals(lot.code))
					.findFirst()
					.orElseGet(() -> lot(target, item, lot.code, lot.expiresOn));
				move(arrived, "TRANSFER_IN", quantity, at + 3600, site, reference);
			}
		}
	}

	private List<Lot> lots(Venue site, Item item) {
		return this.stock.computeIfAbsent(site, (s) -> new HashMap<>()).computeIfAbsent(item, (i) -> new ArrayList<>());
	}

	private Lot lot(Venue site, Item item, int expires, int made) {
		String code = item.code().substring(item.code().lastIndexOf('-') + 1) + "-"
				+ java.time.LocalDate.ofEpochDay(made).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE) + "-"
				+ (++this.lotSerial);
		return lot(site, item, code, expires);
	}

	private Lot lot(Venue site, Item item, String code, int expires) {
		Lot lot = new Lot(site, item, code, expires);
		List<Lot> lots = lots(site, item);
		lots.add(lot);
		lots.sort(java.util.Comparator.comparingInt((Lot l) -> l.expiresOn));
		this.allLots.add(lot);
		return lot;
	}

	private void move(Lot lot, String kind, long quantity, long at, Venue counterpart, String reference) {
		if (quantity == 0) {
			return;
		}
		lot.onHand += quantity;
		if (lot.onHand < 0) {
			throw new IllegalStateException("Negative stock in the demo ledger");
		}
		this.movements.num(this.movements.nextId())
			.num(lot.site.id)
			.num(lot.item.id())
			.text(lot.code)
			.text(kind)
			.dec(quantity * 100, 2)
			.time(at)
			.ref((counterpart != null) ? counterpart.id : 0)
			.text(reference)
			.text(DemoCity.CREATED_BY)
			.end();
	}

}
