package org.epigrid.sentinels;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import org.epigrid.analytics.Rollups;

/**
 * Keeps {@code campaign_coverage_rollup} (residents and tested residents per campaign and
 * residence place of its area) in step with campaigns, people and samples, so that
 * campaignCoverage and campaignProgress read a few rows instead of joining every resident
 * of the area to the people sampled in the campaign.
 * <p>
 * Every few seconds ({@code epigrid.analytics.refresh-interval}), under a
 * transaction-scoped advisory lock, it recomputes what the triggers of migrations V19 and
 * V23 marked: the rows of single residence places (new or deleted samples of the
 * campaign, samples changing subject or campaign, residents created, deleted or moving),
 * whole campaigns (places or the campaign's area moving, more than
 * {@link #WHOLE_CAMPAIGN_PLACES} places touched) and the campaigns it has never computed
 * (new campaigns, every campaign after the migration), then records them in
 * {@code campaign_coverage_rollup_refreshed}. Until then {@link CampaignQueries} answers
 * a campaign live. {@code rebuild_requested} in the state recomputes everything.
 */
@Component
public class CampaignCoverageRollup {

	private static final Logger log = LoggerFactory.getLogger(CampaignCoverageRollup.class);

	/** Advisory lock key: "epigrid" campaign coverage rollup. */
	static final long LOCK = 0x45504947_52494403L;

	/**
	 * Rows of the campaigns {@code ?}: residents per residence place of the area, and of
	 * them those with a sample of the campaign (as {@link CampaignQueries#liveProgressOf}
	 * counts them).
	 */
	private static final String ROWS_OF_CAMPAIGNS = """
			INSERT INTO campaign_coverage_rollup (campaign_id, place_id, residents, tested)
			SELECT c.id, pe.residence_place_id, count(*), count(t.person_id)
			FROM campaign c
			JOIN place area ON area.id = c.place_id
			JOIN place home ON home.path <@ area.path
			JOIN person pe ON pe.residence_place_id = home.id
			LEFT JOIN (SELECT DISTINCT campaign_id, person_id FROM sample
			           WHERE campaign_id = ANY (?::bigint[]) AND person_id IS NOT NULL) t
			       ON t.campaign_id = c.id AND t.person_id = pe.id
			WHERE c.id = ANY (?::bigint[])
			GROUP BY c.id, pe.residence_place_id""";

	/**
	 * Rows of the (campaign, residence place) pairs {@code ?, ?}: as
	 * {@link #ROWS_OF_CAMPAIGNS}, for those places only (a place outside the campaign's
	 * area has no row).
	 */
	private static final String ROWS_OF_PLACES = """
			INSERT INTO campaign_coverage_rollup (campaign_id, place_id, residents, tested)
			SELECT k.campaign_id, k.place_id, count(*), count(t.tested)
			FROM unnest(?::bigint[], ?::bigint[]) AS k (campaign_id, place_id)
			JOIN campaign c ON c.id = k.campaign_id
			JOIN place area ON area.id = c.place_id
			JOIN place home ON home.id = k.place_id AND home.path <@ area.path
			JOIN person pe ON pe.residence_place_id = home.id
			LEFT JOIN LATERAL (SELECT true AS tested FROM sample s
			                   WHERE s.campaign_id = k.campaign_id AND s.person_id = pe.id LIMIT 1) t ON true
			GROUP BY k.campaign_id, k.place_id""";

	/**
	 * What changed since the last refresh: (campaign, residence place) pairs the triggers
	 * marked, (campaign, NULL) for a campaign to recompute whole (marked so, or never
	 * computed).
	 */
	private static final String TOUCHED = """
			WITH dirty AS (DELETE FROM campaign_coverage_rollup_dirty RETURNING campaign_id, place_id)
			SELECT campaign_id, place_id FROM dirty
			UNION
			SELECT c.id, NULL FROM campaign c
			WHERE NOT EXISTS (SELECT FROM campaign_coverage_rollup_refreshed r WHERE r.campaign_id = c.id)""";

	/**
	 * Places of one campaign beyond which it is recomputed whole: a place costs 3.5 to 5
	 * ms (one index probe per resident) and a whole county campaign of the city demo 230
	 * to 300 ms (one pass over its samples), so past about 50 places the whole is
	 * cheaper.
	 */
	static final int WHOLE_CAMPAIGN_PLACES = 40;

	private static final String MARK_REFRESHED = """
			INSERT INTO campaign_coverage_rollup_refreshed (campaign_id, refreshed_at)
			SELECT id, now() FROM campaign WHERE id = ANY (?::bigint[])
			ON CONFLICT (campaign_id) DO UPDATE SET refreshed_at = excluded.refreshed_at""";

	private final DSLContext db;

	private final TransactionTemplate transactions;

	private final Timer refreshTimer;

	CampaignCoverageRollup(DataSource dataSource, PlatformTransactionManager transactionManager,
			MeterRegistry registry) {
		this.db = Rollups.backgroundContext(dataSource);
		this.transactions = new TransactionTemplate(transactionManager);
		this.refreshTimer = Timer.builder("epigrid.campaigns.coverage.refresh")
			.description("Duration of one refresh of the campaign coverage rollup (campaigns touched since the last)")
			.register(registry);
	}

	@Scheduled(initialDelayString = "${epigrid.analytics.refresh-initial-delay:1s}",
			fixedDelayString = "${epigrid.analytics.refresh-interval:3s}")
	void scheduledRefresh() {
		try {
			Outcome outcome = refresh(false);
			if (outcome != null && !outcome.rebuilt() && outcome.duration().toMillis() > 1000) {
				log.info(
						"Campaign coverage rollup refresh took {} ms ({} campaigns, {} of them whole, {} places, {} rows)",
						outcome.duration().toMillis(), outcome.campaigns(), outcome.wholeCampaigns(), outcome.places(),
						outcome.rows());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Campaign coverage rollup refresh failed, will retry: {}", ex.toString());
		}
	}

	/**
	 * Brings the rollup up to date now, waiting for a refresh running elsewhere to end.
	 * @return what the refresh did
	 */
	public Outcome refreshNow() {
		Outcome outcome = refresh(true);
		if (outcome == null) {
			throw new IllegalStateException("campaign coverage refresh did not run");
		}
		return outcome;
	}

	/** Without {@code wait}, null when another instance holds the lock. */
	private @Nullable Outcome refresh(boolean wait) {
		long started = System.nanoTime();
		Outcome outcome = this.transactions.execute((status) -> {
			// READ COMMITTED: every statement below sees what committed before it, so a
			// dirty mark the DELETE of TOUCHED takes belongs to data the
			// INSERT that follows sees; a later mark stays for the next refresh
			String lock = wait ? "SELECT true FROM pg_advisory_xact_lock(?)" : "SELECT pg_try_advisory_xact_lock(?)";
			if (!Boolean.TRUE.equals(this.db.fetchValue(lock, LOCK))) {
				return null;
			}
			boolean rebuild = Boolean.TRUE
				.equals(this.db.fetchValue("SELECT rebuild_requested FROM campaign_coverage_rollup_state FOR UPDATE"));
			Set<Long> whole = new LinkedHashSet<>();
			Map<Long, Set<Long>> places = new LinkedHashMap<>();
			if (rebuild) {
				this.db.execute("DELETE FROM campaign_coverage_rollup_dirty");
				this.db.execute("DELETE FROM campaign_coverage_rollup");
				whole.addAll(this.db.fetch("SELECT id FROM campaign").getValues(0, Long.class));
			}
			else {
				for (Record touched : this.db.fetch(TOUCHED)) {
					Long campaign = touched.get(0, Long.class);
					Long place = touched.get(1, Long.class);
					if (place == null) {
						whole.add(campaign);
					}
					else {
						places.computeIfAbsent(campaign, (key) -> new LinkedHashSet<>()).add(place);
					}
				}
				places.forEach((campaign, ofCampaign) -> {
					if (ofCampaign.size() > WHOLE_CAMPAIGN_PLACES) {
						whole.add(campaign);
					}
				});
				places.keySet().removeAll(whole);
			}
			int rows = 0;
			if (!whole.isEmpty()) {
				Long[] keys = whole.toArray(Long[]::new);
				if (!rebuild) {
					this.db.execute("DELETE FROM campaign_coverage_rollup WHERE campaign_id = ANY (?::bigint[])",
							(Object) keys);
				}
				rows += this.db.execute(ROWS_OF_CAMPAIGNS, keys, keys);
			}
			List<Long> pairCampaigns = new ArrayList<>();
			List<Long> pairPlaces = new ArrayList<>();
			places.forEach((campaign, ofCampaign) -> ofCampaign.forEach((place) -> {
				pairCampaigns.add(campaign);
				pairPlaces.add(place);
			}));
			if (!pairCampaigns.isEmpty()) {
				Long[] campaignKeys = pairCampaigns.toArray(Long[]::new);
				Long[] placeKeys = pairPlaces.toArray(Long[]::new);
				this.db.execute("""
						DELETE FROM campaign_coverage_rollup r
						USING unnest(?::bigint[], ?::bigint[]) AS k (campaign_id, place_id)
						WHERE r.campaign_id = k.campaign_id AND r.place_id = k.place_id""", campaignKeys, placeKeys);
				rows += this.db.execute(ROWS_OF_PLACES, campaignKeys, placeKeys);
			}
			Set<Long> computed = new LinkedHashSet<>(whole);
			computed.addAll(places.keySet());
			if (!computed.isEmpty()) {
				this.db.execute(MARK_REFRESHED, (Object) computed.toArray(Long[]::new));
			}
			this.db
				.execute("UPDATE campaign_coverage_rollup_state SET refreshed_at = now(), rebuild_requested = false");
			return new Outcome(rebuild, computed.size(), whole.size(), pairCampaigns.size(), rows,
					Duration.ofNanos(System.nanoTime() - started));
		});
		if (outcome != null) {
			this.refreshTimer.record(outcome.duration());
			if (outcome.rebuilt()) {
				log.info("Campaign coverage rollup built: {} campaigns, {} rows in {} ms", outcome.campaigns(),
						outcome.rows(), outcome.duration().toMillis());
			}
		}
		return outcome;
	}

	/**
	 * What a refresh did.
	 *
	 * @param rebuilt whether it recomputed every campaign
	 * @param campaigns campaigns recomputed, whole or in part
	 * @param wholeCampaigns of those, recomputed whole
	 * @param places (campaign, residence place) pairs recomputed in the others
	 * @param rows rollup rows written
	 * @param duration how long it took
	 */
	public record Outcome(boolean rebuilt, int campaigns, int wholeCampaigns, int places, int rows, Duration duration) {

	}

}
