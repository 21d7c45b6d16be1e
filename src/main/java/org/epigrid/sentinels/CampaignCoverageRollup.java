package org.epigrid.sentinels;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jooq.DSLContext;
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
 * transaction-scoped advisory lock, it recomputes, with one INSERT ... SELECT, the
 * campaigns the triggers of migration V19 marked dirty (new or deleted samples of the
 * campaign, samples changing subject or campaign, residents created, deleted or moving
 * within its area, places moving) and those it has never computed (new campaigns, every
 * campaign after the migration), then records them in
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

	/** Campaigns marked dirty since the last refresh, and those never computed. */
	private static final String TOUCHED_CAMPAIGNS = """
			WITH dirty AS (DELETE FROM campaign_coverage_rollup_dirty RETURNING campaign_id)
			SELECT campaign_id FROM dirty
			UNION
			SELECT c.id FROM campaign c
			WHERE NOT EXISTS (SELECT FROM campaign_coverage_rollup_refreshed r WHERE r.campaign_id = c.id)""";

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
				log.info("Campaign coverage rollup refresh took {} ms ({} campaigns, {} rows)",
						outcome.duration().toMillis(), outcome.campaigns(), outcome.rows());
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
			// dirty mark the DELETE of TOUCHED_CAMPAIGNS takes belongs to data the
			// INSERT that follows sees; a later mark stays for the next refresh
			String lock = wait ? "SELECT true FROM pg_advisory_xact_lock(?)" : "SELECT pg_try_advisory_xact_lock(?)";
			if (!Boolean.TRUE.equals(this.db.fetchValue(lock, LOCK))) {
				return null;
			}
			boolean rebuild = Boolean.TRUE
				.equals(this.db.fetchValue("SELECT rebuild_requested FROM campaign_coverage_rollup_state FOR UPDATE"));
			List<Long> campaigns;
			if (rebuild) {
				this.db.execute("DELETE FROM campaign_coverage_rollup_dirty");
				this.db.execute("DELETE FROM campaign_coverage_rollup");
				campaigns = this.db.fetch("SELECT id FROM campaign").getValues(0, Long.class);
			}
			else {
				campaigns = this.db.fetch(TOUCHED_CAMPAIGNS).getValues(0, Long.class);
			}
			int rows = 0;
			if (!campaigns.isEmpty()) {
				Long[] keys = campaigns.toArray(Long[]::new);
				if (!rebuild) {
					this.db.execute("DELETE FROM campaign_coverage_rollup WHERE campaign_id = ANY (?::bigint[])",
							(Object) keys);
				}
				rows = this.db.execute(ROWS_OF_CAMPAIGNS, keys, keys);
				this.db.execute(MARK_REFRESHED, (Object) keys);
			}
			this.db
				.execute("UPDATE campaign_coverage_rollup_state SET refreshed_at = now(), rebuild_requested = false");
			return new Outcome(rebuild, campaigns.size(), rows, Duration.ofNanos(System.nanoTime() - started));
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
	 * @param campaigns campaigns recomputed
	 * @param rows rollup rows written
	 * @param duration how long it took
	 */
	public record Outcome(boolean rebuilt, int campaigns, int rows, Duration duration) {

	}

}
