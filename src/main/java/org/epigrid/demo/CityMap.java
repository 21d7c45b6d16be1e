package org.epigrid.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.epigrid.places.SiteType;

/**
 * The places and sites of the demo city 临江市: city › counties › townships › communities ›
 * grids, and key sites of every type. Division codes start with 95, a province prefix no
 * real division uses, so they never clash with real codes or test fixtures.
 */
final class CityMap {

	static final String CITY_CODE = "950100";

	static final String CITY_NAME = "临江市";

	private static final double CITY_LATITUDE = 30.274;

	private static final double CITY_LONGITUDE = 120.155;

	final Area city;

	final List<Area> counties = new ArrayList<>();

	final List<Area> townships = new ArrayList<>();

	final List<Area> communities = new ArrayList<>();

	final List<Area> grids = new ArrayList<>();

	final List<Venue> sites = new ArrayList<>();

	final Map<SiteType, List<Venue>> byType = new EnumMap<>(SiteType.class);

	/** Per county. */
	final List<List<Venue>> labsOfCounty = new ArrayList<>();

	final List<List<Venue>> feverClinicsOfCounty = new ArrayList<>();

	final List<List<Venue>> hotelsOfCounty = new ArrayList<>();

	final List<List<Venue>> socialSitesOfCounty = new ArrayList<>();

	final List<Venue> hospitalOfCounty = new ArrayList<>();

	final List<Venue> depotOfCounty = new ArrayList<>();

	/** Per township (by index). */
	final List<Venue> healthCentreOfTownship = new ArrayList<>();

	final List<List<Venue>> schoolsOfTownship = new ArrayList<>();

	/** Per community (by index). */
	final List<Venue> testingSiteOfCommunity = new ArrayList<>();

	final List<Venue> pharmacyOfCommunity = new ArrayList<>();

	Venue cityDepot;

	Venue designatedHospital;

	Venue cityLab;

	private final Rnd rnd;

	private final long firstPlaceId;

	private final long firstSiteId;

	private int placeCount;

	private final Map<String, Integer> venueSerials = new java.util.HashMap<>();

	CityMap(DemoSize.Shape shape, long seed, long firstPlaceId, long firstSiteId) {
		this.rnd = new Rnd(seed, "places");
		this.firstPlaceId = firstPlaceId;
		this.firstSiteId = firstSiteId;
		this.city = new Area(nextPlaceId(), CITY_CODE, CITY_NAME, "CITY", null, 0, false, CITY_LATITUDE, CITY_LONGITUDE,
				0);
		buildAreas(shape);
	}

	private long nextPlaceId() {
		return this.firstPlaceId + this.placeCount++;
	}

	// --- places

	private void buildAreas(DemoSize.Shape shape) {
		int rural = Math.max(1, Math.min(Names.RURAL_COUNTIES.length, shape.counties() * 3 / 10));
		int urban = shape.counties() - rural;
		for (int c = 0; c < shape.counties(); c++) {
			boolean isRural = c >= urban;
			String name = isRural ? Names.RURAL_COUNTIES[c - urban] : Names.DISTRICTS[c];
			String code = "9501" + (isRural ? Names.RURAL_COUNTY_CODES[c - urban] : String.format("%02d", c + 2));
			double angle = 2 * Math.PI * c / shape.counties() + this.rnd.between(-0.2, 0.2);
			double radius = (c == 0) ? 0.02 : isRural ? this.rnd.between(0.45, 0.7) : this.rnd.between(0.08, 0.3);
			this.counties.add(new Area(nextPlaceId(), code, name, "COUNTY", this.city, c, isRural,
					CITY_LATITUDE + radius * Math.sin(angle), CITY_LONGITUDE + radius * Math.cos(angle), c));
		}
		List<String> words = new ArrayList<>(Arrays.asList(Names.TOWNSHIP_WORDS));
		java.util.Collections.shuffle(words, new java.util.Random(this.rnd.below(Integer.MAX_VALUE)));
		int word = 0;
		for (Area county : this.counties) {
			int streets = 0;
			int towns = 0;
			for (int t = 0; t < shape.townshipsPerCounty(); t++) {
				// rural counties: the county seat is a street (街道), the rest towns (镇)
				// and one
				// township (乡)
				boolean street = !county.rural || t == 0;
				boolean xiang = county.rural && t == shape.townshipsPerCounty() - 1 && t > 1;
				String suffix = street ? "街道" : xiang ? "乡" : "镇";
				String number = street ? String.format("%03d", ++streets)
						: String.format("%03d", (xiang ? 200 : 100) + ++towns);
				String base = words.get(word++ % words.size()) + ((word > words.size()) ? "新" : "");
				double spread = county.rural ? 0.12 : 0.05;
				this.townships.add(new Area(nextPlaceId(), county.code + number, base + suffix, "TOWNSHIP", county,
						county.county, !street, county.latitude + this.rnd.between(-spread, spread),
						county.longitude + this.rnd.between(-spread, spread), this.townships.size()));
			}
		}
		for (Area township : this.townships) {
			Set<String> used = new HashSet<>();
			int neighbourhoods = 0;
			int villages = 0;
			for (int m = 0; m < shape.communitiesPerTownship(); m++) {
				// towns have a community or two around the town centre, the rest are
				// villages
				boolean village = township.rural && m >= 1;
				String name;
				do {
					name = village ? villageName() : this.rnd.pick(Names.COMMUNITY_WORDS) + "社区";
				}
				while (!used.add(name));
				String number = village ? String.format("%03d", 200 + ++villages)
						: String.format("%03d", ++neighbourhoods);
				double spread = village ? 0.04 : 0.012;
				this.communities.add(new Area(nextPlaceId(), township.code + number, name, "COMMUNITY", township,
						township.county, village, township.latitude + this.rnd.between(-spread, spread),
						township.longitude + this.rnd.between(-spread, spread), this.communities.size()));
			}
		}
		for (Area community : this.communities) {
			for (int g = 0; g < shape.gridsPerCommunity(); g++) {
				double spread = community.rural ? 0.01 : 0.003;
				this.grids.add(new Area(nextPlaceId(), community.code + String.format("%03d", g + 1),
						"第" + Names.NUMERALS[g % Names.NUMERALS.length] + "网格", "GRID", community, community.county,
						community.rural, community.latitude + this.rnd.between(-spread, spread),
						community.longitude + this.rnd.between(-spread, spread), this.grids.size()));
			}
		}
	}

	private String villageName() {
		double u = this.rnd.unit();
		if (u < 0.5) {
			return Names.SURNAMES[this.rnd.weighted(Names.SURNAME_WEIGHTS)] + this.rnd.pick(Names.VILLAGE_SUFFIX) + "村";
		}
		if (u < 0.8) {
			return this.rnd.pick(Names.VILLAGE_PREFIX) + this.rnd.pick(Names.TOWNSHIP_WORDS).substring(0, 1)
					+ this.rnd.pick(Names.VILLAGE_SUFFIX) + "村";
		}
		return this.rnd.pick(Names.COMMUNITY_WORDS) + "村";
	}

	/** Sums grid residents up the hierarchy. */
	void countPopulation() {
		for (Area grid : this.grids) {
			grid.population = grid.residents;
		}
		for (List<Area> level : List.of(this.communities, this.townships, this.counties)) {
			for (Area area : level) {
				area.population = area.children.stream().mapToLong((child) -> child.population).sum();
			}
		}
		this.city.population = this.counties.stream().mapToLong((county) -> county.population).sum();
	}

	List<Area> allPlaces() {
		List<Area> all = new ArrayList<>();
		all.add(this.city);
		all.addAll(this.counties);
		all.addAll(this.townships);
		all.addAll(this.communities);
		all.addAll(this.grids);
		return all;
	}

	/** A random grid below the given place. */
	Area gridIn(Area area, Rnd random) {
		Area grid = area;
		while (!grid.children.isEmpty()) {
			grid = random.pick(grid.children);
		}
		return grid;
	}

	// --- sites

	void buildSites() {
		for (SiteType type : SiteType.values()) {
			this.byType.put(type, new ArrayList<>());
		}
		Area centre = this.counties.get(0);
		add(SiteType.STATION, CITY_NAME.replace("市", "") + "站", centre);
		if (this.counties.size() > 1) {
			add(SiteType.STATION, CITY_NAME.replace("市", "") + "东站", this.counties.get(1));
		}
		add(SiteType.PORT, CITY_NAME.replace("市", "") + "港集装箱码头", this.counties.get(this.counties.size() - 1));
		add(SiteType.PORT, CITY_NAME.replace("市", "") + "国际机场",
				this.counties.get(Math.min(2, this.counties.size() - 1)));
		add(SiteType.MARKET, CITY_NAME + "农副产品物流中心", centre);
		add(SiteType.PRISON, CITY_NAME.replace("市", "") + "监狱",
				this.counties.get(this.counties.size() - 1)).beds = 2400;
		add(SiteType.DETENTION_CENTER, CITY_NAME + "看守所", centre).beds = 600;
		add(SiteType.PSYCHIATRIC_HOSPITAL, CITY_NAME + "第七人民医院", centre).beds = 800;
		this.designatedHospital = add(SiteType.HOSPITAL, CITY_NAME + "第一人民医院", centre);
		this.designatedHospital.beds = 2200;
		add(SiteType.HOSPITAL, CITY_NAME + "中医院", centre).beds = 1200;
		add(SiteType.HOSPITAL, CITY_NAME + "妇幼保健院", centre).beds = 900;
		for (Venue hospital : List.copyOf(this.byType.get(SiteType.HOSPITAL))) {
			add(SiteType.FEVER_CLINIC, hospital.name + "发热门诊", hospital.grid);
		}
		for (int i = 1; i <= 2; i++) {
			add(SiteType.CENTRAL_SUPERVISION_WAREHOUSE, CITY_NAME + "进口冷链食品集中监管仓（" + Names.NUMERALS[i - 1] + "号仓）",
					this.counties.get(i % this.counties.size()));
		}
		this.cityLab = add(SiteType.LAB, CITY_NAME + "疾病预防控制中心实验室", centre);
		this.cityLab.capacity = 20000;
		int companies = Math.min(Names.LAB_COMPANIES.length, Math.max(1, this.counties.size() / 2));
		List<Venue> companyLabs = new ArrayList<>();
		for (int i = 0; i < companies; i++) {
			Venue lab = add(SiteType.LAB, Names.LAB_COMPANIES[i] + CITY_NAME.replace("市", "") + "医学检验实验室",
					this.counties.get(i % this.counties.size()));
			lab.capacity = 20000 + 10000 * this.rnd.below(5);
			companyLabs.add(lab);
		}
		this.cityDepot = add(SiteType.SUPPLY_DEPOT, CITY_NAME + "防疫物资储备库", centre);

		for (Area county : this.counties) {
			String name = county.name;
			add(SiteType.STATION, name + "汽车客运站", county);
			for (int i = 0; i < 2; i++) {
				add(SiteType.MALL,
						name.substring(0, 2) + Names.CHAINS_MALL[(county.county * 2 + i) % Names.CHAINS_MALL.length],
						county);
				add(SiteType.CINEMA, this.rnd.pick(Names.CHAINS_CINEMA) + "（" + name.substring(0, 2) + "店）", county);
			}
			add(SiteType.WELFARE_HOME, name + "社会福利院", county).beds = this.rnd.between(150, 400);
			Venue hospital = add(SiteType.HOSPITAL, name + "人民医院", county);
			hospital.beds = this.rnd.between(400, 900);
			this.hospitalOfCounty.add(hospital);
			Venue fever = add(SiteType.FEVER_CLINIC, hospital.name + "发热门诊", hospital.grid);
			add(SiteType.COLD_CHAIN_WAREHOUSE, name + "冷链物流中心冷库", county);
			List<Venue> hotels = new ArrayList<>();
			int hotelCount = Math.max(1, Math.min(3, this.townships.size() / this.counties.size() / 2));
			for (int i = 0; i < hotelCount; i++) {
				Venue hotel = add(SiteType.QUARANTINE_HOTEL, name + this.rnd.pick(Names.CHAINS_HOTEL) + "集中隔离点"
						+ ((hotelCount > 1) ? "（" + Names.NUMERALS[i] + "）" : ""), county);
				hotel.rooms = (this.grids.size() > 200) ? this.rnd.between(120, 300) : this.rnd.between(40, 80);
				hotels.add(hotel);
			}
			this.hotelsOfCounty.add(hotels);
			Venue countyLab = add(SiteType.LAB, name + "疾病预防控制中心实验室", county);
			countyLab.capacity = 6000 + 1000 * this.rnd.below(10);
			List<Venue> labs = new ArrayList<>();
			labs.add(countyLab);
			labs.add(companyLabs.get(county.county % companyLabs.size()));
			this.labsOfCounty.add(labs);
			this.depotOfCounty.add(add(SiteType.SUPPLY_DEPOT, name + "防疫物资储备中心", county));
			List<Venue> fevers = new ArrayList<>();
			fevers.add(fever);
			this.feverClinicsOfCounty.add(fevers);
			this.socialSitesOfCounty.add(new ArrayList<>());
		}
		for (Area township : this.townships) {
			String word = township.name.replaceAll("(街道|镇|乡)$", "");
			add(SiteType.MARKET, word + "农贸市场", township);
			for (int i = 0; i < 2; i++) {
				add(SiteType.SUPERMARKET,
						Names.CHAINS_SUPERMARKET[(township.index + i) % Names.CHAINS_SUPERMARKET.length] + "（" + word
								+ "店）",
						township);
			}
			add(SiteType.INTERNET_CAFE, word + this.rnd.pick(new String[] { "网咖", "网吧", "电竞馆" }), township);
			Venue hotel = add(SiteType.HOTEL, this.rnd.pick(Names.CHAINS_HOTEL) + "（" + word + "店）", township);
			hotel.rooms = this.rnd.between(60, 200);
			List<Venue> schools = new ArrayList<>();
			schools.add(add(SiteType.SCHOOL, word + (township.rural ? "中心小学" : "小学"), township));
			schools.add(add(SiteType.SCHOOL, word + (township.rural ? "初级中学" : "中学"), township));
			this.schoolsOfTownship.add(schools);
			add(SiteType.NURSING_HOME, word + (township.rural ? "敬老院" : "颐养院"), township).beds = this.rnd.between(60,
					300);
			Venue centre2 = add(SiteType.HOSPITAL, word + (township.rural ? "卫生院" : "社区卫生服务中心"), township);
			centre2.beds = this.rnd.between(20, 80);
			this.healthCentreOfTownship.add(centre2);
			this.feverClinicsOfCounty.get(township.county)
				.add(add(SiteType.FEVER_CLINIC, word + "发热哨点诊室", centre2.grid));
		}
		for (Area community : this.communities) {
			String word = community.name.replaceAll("(社区|村)$", "");
			this.testingSiteOfCommunity.add(add(SiteType.TESTING_SITE, community.name + "核酸采样点", community));
			this.pharmacyOfCommunity
				.add(add(SiteType.PHARMACY, this.rnd.pick(Names.CHAINS_PHARMACY) + "（" + word + "店）", community));
			for (int i = 0; i < 2; i++) {
				String restaurant = this.rnd.pick(Names.RESTAURANT_WORDS);
				add(SiteType.RESTAURANT, (restaurant.length() <= 3 ? word : "") + restaurant
						+ (restaurant.length() > 3 ? "（" + word + "店）" : ""), community);
			}
			if (community.index % 2 == 0) {
				add(SiteType.CHESS_ROOM, word + "老年活动室棋牌室", community);
			}
		}
		// labs: testing sites send to their county's labs in turn; clinics to the county
		// CDC lab
		for (Venue testing : this.byType.get(SiteType.TESTING_SITE)) {
			List<Venue> labs = this.labsOfCounty.get(testing.county());
			testing.lab = labs.get(testing.grid.parent.index % labs.size());
		}
		for (SiteType type : List.of(SiteType.HOSPITAL, SiteType.FEVER_CLINIC, SiteType.QUARANTINE_HOTEL,
				SiteType.MARKET, SiteType.SUPERMARKET, SiteType.COLD_CHAIN_WAREHOUSE,
				SiteType.CENTRAL_SUPERVISION_WAREHOUSE, SiteType.SCHOOL)) {
			for (Venue venue : this.byType.get(type)) {
				venue.lab = (type == SiteType.CENTRAL_SUPERVISION_WAREHOUSE) ? this.cityLab
						: this.labsOfCounty.get(venue.county()).get(0);
			}
		}
		for (SiteType type : List.of(SiteType.RESTAURANT, SiteType.MALL, SiteType.MARKET, SiteType.SUPERMARKET,
				SiteType.CINEMA, SiteType.HOTEL)) {
			for (Venue venue : this.byType.get(type)) {
				this.socialSitesOfCounty.get(venue.county()).add(venue);
			}
		}
		// entertainment closed down around the outbreak; a few restaurants closed for
		// good
		for (Venue venue : this.sites) {
			boolean leisure = venue.type.equals("CINEMA") || venue.type.equals("INTERNET_CAFE")
					|| venue.type.equals("CHESS_ROOM");
			if (leisure && this.rnd.chance((venue.county() == 0) ? 0.6 : 0.05)) {
				venue.status = "SUSPENDED";
			}
			else if (venue.type.equals("RESTAURANT") && this.rnd.chance(0.02)) {
				venue.status = "CLOSED";
			}
		}
	}

	private Venue add(SiteType type, String name, Area scope) {
		Area grid = gridIn(scope, this.rnd);
		String abbreviation = switch (type) {
			case STATION -> "STN";
			case PORT -> "PRT";
			case MARKET -> "MKT";
			case SUPERMARKET -> "SPM";
			case MALL -> "MAL";
			case CINEMA -> "CIN";
			case INTERNET_CAFE -> "NET";
			case CHESS_ROOM -> "CHS";
			case RESTAURANT -> "RST";
			case HOTEL -> "HTL";
			case SCHOOL -> "SCH";
			case NURSING_HOME -> "NUR";
			case WELFARE_HOME -> "WLF";
			case PRISON -> "PRS";
			case DETENTION_CENTER -> "DET";
			case PSYCHIATRIC_HOSPITAL -> "PSY";
			case HOSPITAL -> "HSP";
			case FEVER_CLINIC -> "FVR";
			case PHARMACY -> "PHM";
			case COLD_CHAIN_WAREHOUSE -> "CCW";
			case CENTRAL_SUPERVISION_WAREHOUSE -> "CSW";
			case QUARANTINE_HOTEL -> "QRT";
			case TESTING_SITE -> "TST";
			case LAB -> "LAB";
			case SUPPLY_DEPOT -> "DEP";
		};
		int serial = this.venueSerials.merge(abbreviation, 1, Integer::sum);
		String venueCode = "LJ" + grid.code.substring(4, 6) + "-" + abbreviation + "-" + String.format("%05d", serial);
		String address = grid.up("COMMUNITY").fullName() + this.rnd.pick(Names.ROADS) + this.rnd.between(1, 999) + "号";
		Venue venue = new Venue(this.firstSiteId + this.sites.size(), this.sites.size(), type.name(), name, grid,
				venueCode, address);
		this.sites.add(venue);
		this.byType.get(type).add(venue);
		return venue;
	}

	// --- rows

	void writePlaces(Tables t) {
		for (List<Area> level : List.of(List.of(this.city), this.counties, this.townships, this.communities,
				this.grids)) {
			// one statement per level: the path trigger reads the parent's row
			for (Area area : level) {
				t.place.num(area.id)
					.text(area.code)
					.text(area.name)
					.text(area.level)
					.ref((area.parent != null) ? area.parent.id : 0)
					.num(area.population)
					.degrees(area.latitude)
					.degrees(area.longitude)
					.text(DemoCity.CREATED_BY)
					.end();
			}
			t.place.finishStatement();
		}
	}

	void writeSites(Tables t) {
		Rnd jitter = new Rnd(this.rnd.below(Integer.MAX_VALUE), "site-location");
		for (Venue venue : this.sites) {
			t.site.num(venue.id)
				.num(venue.grid.id)
				.text(venue.type)
				.text(venue.name)
				.text(venue.address)
				.text(venue.venueCode)
				.num((venue.rooms >= 0) ? venue.rooms : TableWriter.NULL)
				.num((venue.beds >= 0) ? venue.beds : TableWriter.NULL)
				.num((venue.capacity >= 0) ? venue.capacity : TableWriter.NULL)
				.text(venue.status)
				.degrees(venue.grid.latitude + jitter.between(-0.002, 0.002))
				.degrees(venue.grid.longitude + jitter.between(-0.002, 0.002))
				.text(DemoCity.CREATED_BY)
				.end();
		}
		t.site.finishStatement();
	}

}
