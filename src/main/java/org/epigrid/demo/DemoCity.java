package org.epigrid.demo;

import org.epigrid.privacy.PersonalDataCipher;

/**
 * Generates the whole demo city into {@link Tables}: first plans everything in memory
 * (places, people, the outbreak, planned samples), then writes the tables in foreign-key
 * order. Same seed and same moment, same rows.
 */
final class DemoCity {

	static final String CREATED_BY = "demo";

	private final DemoSize size;

	private final DemoProperties settings;

	private final Timeline time;

	private final PersonalDataCipher cipher;

	DemoCity(DemoSize size, DemoProperties settings, long now, PersonalDataCipher cipher) {
		this.size = size;
		this.settings = settings;
		this.time = new Timeline(now);
		this.cipher = cipher;
	}

	void generate(Tables t) {
		long seed = this.settings.seed();
		CityMap map = new CityMap(this.size.shape(), seed, t.place.firstId(), t.site.firstId());
		Population people = new Population(map, this.size.shape(), seed, t.person.firstId(), this.time);
		map.countPopulation();
		map.buildSites();
		Testing.Plan plan = new Testing.Plan(people.size, this.time.today);
		Testing testing = new Testing(map, people, this.time, seed, this.settings.resultDue(), plan,
				t.campaign.firstId());
		ColdChain coldChain = new ColdChain(map, people, this.time, seed, testing, plan, t.coldChainBatch.firstId());
		Outbreak outbreak = new Outbreak(map, people, this.time, seed, this.settings, testing, plan);
		outbreak.plan();
		Supplies supplies = new Supplies(map, this.time, seed, t.supplyItem.firstId());
		Sentinels sentinels = new Sentinels(map, people, this.time, seed, this.settings.gatheringPlanFrom());

		map.writePlaces(t);
		map.writeSites(t);
		supplies.writeItems(t);
		people.write(t, map, seed, this.time.at(this.time.today - 400, 10), this.cipher);
		sentinels.writeStaff(t);
		outbreak.writeDesignations(t);
		outbreak.writeCodeEvents(t);
		outbreak.writeTravel(t);
		testing.writeCampaigns(t);
		coldChain.write(t);
		t.bulk(() -> testing.writeSamples(t), t.pool, t.sample);
		outbreak.writeCases(t);
		outbreak.writeContacts(t);
		outbreak.writeMeasures(t);
		outbreak.writeHealthChecks(t);
		outbreak.writeFeverVisits(t);
		outbreak.writeDrugSales(t);
		supplies.writeLedger(t);
		sentinels.writeDailyReports(t);
		sentinels.writeInspections(t);
		t.bulk(() -> sentinels.writeVaccinations(t), t.vaccination, t.adverseReaction);
		sentinels.writeGatherings(t);
		t.finish();
	}

}
