package org.epigrid.sentinels;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.CAMPAIGN;
import static org.epigrid.jooq.Tables.CAMPAIGN_COVERAGE_ROLLUP;
import static org.epigrid.jooq.Tables.CAMPAIGN_COVERAGE_ROLLUP_REFRESHED;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.SAMPLE;

/**
 * The campaign coverage rollup: after a refresh it holds what the test counts from its
 * own fixture, every kind of change shows after the next refresh, the API reads it, and a
 * campaign not computed yet is answered live.
 */
class CampaignCoverageRollupTests extends IntegrationTest {

	private static final AtomicInteger WORLDS = new AtomicInteger();

	private final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

	private final LocalDate today = LocalDate.now();

	@Autowired
	private CampaignCoverageRollup rollup;

	@Autowired
	private DataSource dataSource;

	private SentinelFixtures fixtures;

	@BeforeEach
	void fixtures() {
		this.fixtures = new SentinelFixtures(this.db);
	}

	/**
	 * A campaign K over a community of three grids: grid 0 has five residents (three
	 * sampled in K, one of them twice), grid 1 three (one sampled in K, one only in
	 * another campaign), grid 2 none; one person is registered at the community itself
	 * (counts in the progress, not in any grid) and sampled in K; an outsider was sampled
	 * in K too. The test keeps its own account of who lives where and who was sampled.
	 */
	private final class World {

		final Ref[] area = data.chain("卷" + WORLDS.incrementAndGet());

		final Ref community = this.area[3];

		final List<Ref> grids = List.of(this.area[4], data.below(this.community, "GRID", "卷二网格"),
				data.below(this.community, "GRID", "卷三网格"));

		final Ref[] elsewhere = data.chain("卷外" + WORLDS.get());

		final long k = fixtures.campaign(this.community, "卷全员", today.minusDays(1), today.plusDays(1));

		final long other = fixtures.campaign(this.community, "卷前轮", today.minusDays(9), today.minusDays(8));

		/** Residence of every person of the area. */
		final Map<Long, Ref> residence = new LinkedHashMap<>();

		/** Samples of K per person (anyone, outsiders too). */
		final Map<Long, List<Long>> samplesInK = new LinkedHashMap<>();

		final List<Long> people = new ArrayList<>();

		final long outsider = data.person(this.elsewhere[4], "卷外人");

		World() {
			for (int i = 0; i < 5; i++) {
				resident(this.grids.get(0));
			}
			for (int i = 0; i < 3; i++) {
				resident(this.grids.get(1));
			}
			long atCommunity = resident(this.community);
			sample(this.people.get(0));
			sample(this.people.get(0));
			sample(this.people.get(1));
			sample(this.people.get(2));
			sample(this.people.get(5));
			fixtures.sample(this.people.get(6), this.grids.get(1), at(-200), this.other);
			fixtures.sample(this.people.get(3), this.grids.get(0), at(-3), null);
			sample(atCommunity);
			sample(this.outsider);
		}

		long resident(Ref where) {
			long person = data.person(where, "卷民");
			this.residence.put(person, where);
			this.people.add(person);
			return person;
		}

		void sample(long person) {
			Ref where = this.residence.getOrDefault(person, this.elsewhere[4]);
			long id = fixtures.sample(person, where, at(-1 - this.samplesInK.size()), this.k).id();
			this.samplesInK.computeIfAbsent(person, (p) -> new ArrayList<>()).add(id);
		}

		String id() {
			return GlobalId.encode("Campaign", this.k);
		}

		boolean tested(long person) {
			return !this.samplesInK.getOrDefault(person, List.of()).isEmpty();
		}

		/** residents and tested per residence place, counted here. */
		Map<Long, List<Integer>> expectedRows() {
			Map<Long, List<Integer>> rows = new LinkedHashMap<>();
			this.residence.forEach((person, where) -> {
				List<Integer> row = rows.computeIfAbsent(where.id(), (p) -> new ArrayList<>(List.of(0, 0)));
				row.set(0, row.get(0) + 1);
				row.set(1, row.get(1) + (tested(person) ? 1 : 0));
			});
			return rows;
		}

		/** One row per grid by code: code, residents, tested, untested, coverage. */
		List<List<Object>> expectedCoverage() {
			Map<Long, List<Integer>> rows = expectedRows();
			return this.grids.stream().sorted((a, b) -> a.code().compareTo(b.code())).map((grid) -> {
				List<Integer> row = rows.getOrDefault(grid.id(), List.of(0, 0));
				return coverageRow(grid.code(), row.get(0), row.get(1));
			}).toList();
		}

		List<Object> expectedProgress() {
			int residents = this.residence.size();
			int tested = (int) this.residence.keySet().stream().filter(this::tested).count();
			return progressRow(residents, tested);
		}

	}

	private static List<Object> coverageRow(String code, int residents, int tested) {
		return List.of(code, residents, tested, residents - tested,
				(residents > 0) ? (Object) ((double) tested / residents) : "null");
	}

	private static List<Object> progressRow(int residents, int tested) {
		return List.of(residents, tested, residents - tested,
				(residents > 0) ? (Object) ((double) tested / residents) : "null");
	}

	private OffsetDateTime at(int hours) {
		return this.now.plusHours(hours);
	}

	private List<List<Object>> coverage(String campaign) {
		List<List<Object>> rows = new ArrayList<>();
		this.graphQl.documentName("campaignCoverage")
			.variable("campaign", campaign)
			.execute()
			.path("campaignCoverage.edges[*].node")
			.entityList(Map.class)
			.get()
			.forEach((node) -> rows.add(List.of(((Map<?, ?>) node.get("grid")).get("code"), node.get("residents"),
					node.get("tested"), node.get("untested"), number(node.get("coverage")))));
		return rows;
	}

	private List<Object> progress(String campaign) {
		Map<?, ?> node = this.graphQl.documentName("campaignProgress")
			.variable("campaign", campaign)
			.execute()
			.path("campaignProgress")
			.entity(Map.class)
			.get();
		return List.of(node.get("residents"), node.get("tested"), node.get("untested"), number(node.get("coverage")));
	}

	private static Object number(Object value) {
		return (value != null) ? (Object) ((Number) value).doubleValue() : "null";
	}

	private Map<Long, List<Integer>> rollupRows(long campaign) {
		Map<Long, List<Integer>> rows = new LinkedHashMap<>();
		this.db.selectFrom(CAMPAIGN_COVERAGE_ROLLUP)
			.where(CAMPAIGN_COVERAGE_ROLLUP.CAMPAIGN_ID.eq(campaign))
			.forEach((r) -> rows.put(r.getPlaceId(), List.of(r.getResidents(), r.getTested())));
		return rows;
	}

	private boolean computed(long campaign) {
		return this.db.fetchExists(CAMPAIGN_COVERAGE_ROLLUP_REFRESHED,
				CAMPAIGN_COVERAGE_ROLLUP_REFRESHED.CAMPAIGN_ID.eq(campaign));
	}

	private void assertAnswers(World w) {
		assertThat(coverage(w.id())).isEqualTo(w.expectedCoverage());
		assertThat(progress(w.id())).isEqualTo(w.expectedProgress());
	}

	private CampaignCoverageRollup.Outcome refreshAndAssert(World w) {
		CampaignCoverageRollup.Outcome outcome = this.rollup.refreshNow();
		assertThat(rollupRows(w.k)).isEqualTo(w.expectedRows());
		assertAnswers(w);
		return outcome;
	}

	@Test
	void samplesAndResidentsRecomputeTheirPlaceOnlyAndAreaChangesTheWholeCampaign() {
		World w = new World();
		refreshAndAssert(w);
		// a new sample: the row of its person's residence in its campaign
		w.sample(w.people.get(6));
		CampaignCoverageRollup.Outcome sampled = refreshAndAssert(w);
		assertThat(List.of(sampled.campaigns(), sampled.wholeCampaigns(), sampled.places())).containsExactly(1, 0, 1);
		// a move from grid 0 to grid 2: both rows, in every campaign over them
		moveTo(w, w.people.get(1), w.grids.get(2));
		CampaignCoverageRollup.Outcome moved = refreshAndAssert(w);
		assertThat(moved.wholeCampaigns()).isZero();
		assertThat(moved.places()).isEqualTo(2 * moved.campaigns());
		// the campaign given another area (and back): recomputed whole
		Long area = (Long) this.db.fetchValue("SELECT place_id FROM campaign WHERE id = ?", w.k);
		this.db.execute("UPDATE campaign SET place_id = ? WHERE id = ?", w.grids.get(0).id(), w.k);
		this.db.execute("UPDATE campaign SET place_id = ? WHERE id = ?", area, w.k);
		CampaignCoverageRollup.Outcome whole = refreshAndAssert(w);
		assertThat(whole.wholeCampaigns()).isEqualTo(1);
	}

	@Test
	void afterARefreshTheRollupHoldsTheCountsOfTheFixture() {
		World w = new World();
		this.rollup.refreshNow();
		assertThat(computed(w.k)).isTrue();
		assertThat(computed(w.other)).isTrue();
		Map<Long, List<Integer>> rows = rollupRows(w.k);
		// in plain numbers: grid 0 five residents, three tested; grid 1 three, one; the
		// community one, one; grid 2 no row
		assertThat(rows).isEqualTo(Map.of(w.grids.get(0).id(), List.of(5, 3), w.grids.get(1).id(), List.of(3, 1),
				w.community.id(), List.of(1, 1)));
		assertThat(rows).isEqualTo(w.expectedRows());
		assertThat(rollupRows(w.other)).isEqualTo(Map.of(w.grids.get(0).id(), List.of(5, 0), w.grids.get(1).id(),
				List.of(3, 1), w.community.id(), List.of(1, 0)));
		assertAnswers(w);
		assertThat(progress(w.id())).isEqualTo(progressRow(9, 5));
		// the API reads the rollup: a row changed behind its back shows as it is
		this.db.update(CAMPAIGN_COVERAGE_ROLLUP)
			.set(CAMPAIGN_COVERAGE_ROLLUP.TESTED, 0)
			.where(CAMPAIGN_COVERAGE_ROLLUP.CAMPAIGN_ID.eq(w.k),
					CAMPAIGN_COVERAGE_ROLLUP.PLACE_ID.eq(w.grids.get(0).id()))
			.execute();
		assertThat(progress(w.id())).isEqualTo(progressRow(9, 2));
		assertThat(coverage(w.id())).contains(coverageRow(w.grids.get(0).code(), 5, 0));
		// and the next change of the campaign recomputes it whole
		w.sample(w.people.get(4));
		refreshAndAssert(w);
		assertThat(progress(w.id())).isEqualTo(progressRow(9, 6));
	}

	@Test
	void everyChangeShowsAfterTheNextRefresh() {
		World w = new World();
		refreshAndAssert(w);
		// a new sample of the campaign
		w.sample(w.people.get(6));
		refreshAndAssert(w);
		// two samples written in one statement
		long first = w.people.get(7);
		long second = w.people.get(3);
		this.db
			.insertInto(SAMPLE, SAMPLE.BARCODE, SAMPLE.KIND, SAMPLE.SPECIMEN, SAMPLE.PURPOSE, SAMPLE.PERSON_ID,
					SAMPLE.PLACE_ID, SAMPLE.CAMPAIGN_ID, SAMPLE.COLLECTED_AT, SAMPLE.DUE_AT)
			.values(SentinelFixtures.barcode(), "PCR", "NASAL_SWAB", "MASS_TESTING", first, w.grids.get(1).id(), w.k,
					at(-1), at(23))
			.values(SentinelFixtures.barcode(), "PCR", "NASAL_SWAB", "MASS_TESTING", second, w.grids.get(0).id(), w.k,
					at(-1), at(23))
			.execute();
		w.samplesInK.put(first, List.of(-1L));
		w.samplesInK.put(second, List.of(-1L));
		refreshAndAssert(w);
		// a resident moving from grid 0 to the empty grid 2
		long mover = w.people.get(1);
		moveTo(w, mover, w.grids.get(2));
		refreshAndAssert(w);
		// the outsider, sampled in the campaign, moving into grid 1
		moveTo(w, w.outsider, w.grids.get(1));
		w.people.add(w.outsider);
		refreshAndAssert(w);
		// a new resident, not tested
		w.resident(w.grids.get(2));
		refreshAndAssert(w);
		// a deleted sample: of a person sampled twice, nothing changes; of one sampled
		// once, they are untested again
		long twice = w.people.get(0);
		deleteSample(w, twice, w.samplesInK.get(twice).get(0));
		refreshAndAssert(w);
		long once = w.people.get(2);
		deleteSample(w, once, w.samplesInK.get(once).get(0));
		refreshAndAssert(w);
		assertThat(w.tested(once)).isFalse();
		// a sample moved to another campaign
		long moved = w.people.get(5);
		this.db.update(SAMPLE)
			.set(SAMPLE.CAMPAIGN_ID, w.other)
			.where(SAMPLE.ID.eq(w.samplesInK.get(moved).get(0)))
			.execute();
		w.samplesInK.remove(moved);
		refreshAndAssert(w);
		// a resident deleted
		long leaving = w.resident(w.grids.get(0));
		refreshAndAssert(w);
		this.db.deleteFrom(PERSON).where(PERSON.ID.eq(leaving)).execute();
		w.residence.remove(leaving);
		refreshAndAssert(w);
		// nothing changed since: the next refresh recomputes nothing
		assertThat(this.rollup.refreshNow().campaigns()).isZero();
	}

	private void moveTo(World w, long person, Ref where) {
		this.db.update(PERSON).set(PERSON.RESIDENCE_PLACE_ID, where.id()).where(PERSON.ID.eq(person)).execute();
		w.residence.put(person, where);
	}

	private void deleteSample(World w, long person, long sample) {
		this.db.deleteFrom(SAMPLE).where(SAMPLE.ID.eq(sample)).execute();
		List<Long> left = new ArrayList<>(w.samplesInK.get(person));
		left.remove(Long.valueOf(sample));
		w.samplesInK.put(person, left);
	}

	@Test
	void aCampaignNotComputedYetIsCountedLive() throws SQLException {
		World w;
		World second;
		try (java.sql.Connection lock = this.dataSource.getConnection()) {
			// while this connection holds the refresh's lock, no refresh runs
			advisoryLock(lock, "pg_advisory_lock");
			try {
				w = new World();
				assertThat(computed(w.k)).isFalse();
				assertAnswers(w);
				// batched under the campaigns list too
				assertThat(campaignProgress(w)).isEqualTo(Map.of("卷全员", List.of(9, 5), "卷前轮", List.of(9, 1)));
			}
			finally {
				advisoryLock(lock, "pg_advisory_unlock");
			}
			this.rollup.refreshNow();
			assertThat(computed(w.k)).isTrue();
			assertAnswers(w);
			advisoryLock(lock, "pg_advisory_lock");
			try {
				// one campaign computed, one not, in one list
				second = new World();
				assertThat(campaignProgress(second)).isEqualTo(Map.of("卷全员", List.of(9, 5), "卷前轮", List.of(9, 1)));
				assertThat(computed(w.k)).isTrue();
				assertThat(computed(second.k)).isFalse();
				// a campaign given another area is counted live until recomputed
				this.db.update(CAMPAIGN)
					.set(CAMPAIGN.PLACE_ID, w.grids.get(0).id())
					.where(CAMPAIGN.ID.eq(w.k))
					.execute();
				assertThat(computed(w.k)).isFalse();
				assertThat(coverage(w.id())).containsExactly(coverageRow(w.grids.get(0).code(), 5, 3));
				assertThat(progress(w.id())).isEqualTo(progressRow(5, 3));
			}
			finally {
				advisoryLock(lock, "pg_advisory_unlock");
			}
		}
		this.rollup.refreshNow();
		assertThat(computed(w.k)).isTrue();
		assertThat(rollupRows(w.k)).isEqualTo(Map.of(w.grids.get(0).id(), List.of(5, 3)));
		assertThat(progress(w.id())).isEqualTo(progressRow(5, 3));
		assertAnswers(second);
	}

	private Map<String, List<Integer>> campaignProgress(World w) {
		Map<String, List<Integer>> progress = new LinkedHashMap<>();
		this.graphQl.documentName("campaignsWithProgress")
			.variable("filter", Map.of("area", w.area[0].globalId()))
			.execute()
			.path("campaigns.nodes")
			.entityList(Map.class)
			.get()
			.forEach((node) -> {
				Map<?, ?> p = (Map<?, ?>) node.get("progress");
				progress.put((String) node.get("name"),
						List.of((Integer) p.get("residents"), (Integer) p.get("tested")));
			});
		return progress;
	}

	private static void advisoryLock(java.sql.Connection connection, String function) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
			statement.setLong(1, CampaignCoverageRollup.LOCK);
			statement.executeQuery().close();
		}
	}

	@Test
	void theLiveCountsAgreeWithTheRollup() {
		World w = new World();
		this.rollup.refreshNow();
		CampaignQueries queries = new CampaignQueries(this.db);
		var campaign = queries.campaign(w.k).orElseThrow();
		var page = org.epigrid.support.PageRequest.of(null, null);
		assertThat(queries.coverage(campaign, page).nodes()).isEqualTo(queries.liveCoverage(campaign, page).nodes());
		assertThat(queries.progressOf(List.of(w.k, w.other))).isEqualTo(queries.liveProgressOf(List.of(w.k, w.other)));
		assertThat(queries.progressOf(Set.of())).isEmpty();
	}

}
