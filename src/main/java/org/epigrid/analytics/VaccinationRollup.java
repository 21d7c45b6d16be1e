package org.epigrid.analytics;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps {@code vaccination_rollup} (residents per residence place, person category and
 * number of vaccinations) in step with people and vaccinations, so that
 * vaccinationCoverage sums a few thousand rows instead of counting the vaccinations of
 * every resident of the area.
 * <p>
 * Every few seconds ({@code epigrid.analytics.refresh-interval}), under a
 * transaction-scoped advisory lock, it recomputes the places touched since the watermark:
 * those of people and vaccinations created since (indexes on {@code created_at}) and
 * those the triggers of migration V17 noted (moves, category changes, deletions). It
 * rebuilds everything when asked to, when the rollup is empty while people exist, or when
 * more places were touched than {@link #REBUILD_PLACES} (a bulk load).
 */
@Component
public class VaccinationRollup {

	private static final Logger log = LoggerFactory.getLogger(VaccinationRollup.class);

	/** Advisory lock key: "epigrid" vaccination rollup. */
	private static final long LOCK = 0x45504947_52494402L;

	/** Touched places beyond which a refresh rebuilds everything. */
	static final int REBUILD_PLACES = 5000;

	/** Rollup rows of the people living in the places {@code k}. */
	private static final String ROWS_OF_PLACES = """
			INSERT INTO vaccination_rollup (place_id, category, doses, people)
			SELECT pe.residence_place_id, c.category, d.doses, count(*)
			FROM unnest(?::bigint[]) AS k(place_id)
			JOIN person pe ON pe.residence_place_id = k.place_id
			CROSS JOIN LATERAL (SELECT count(*)::int AS doses FROM vaccination v WHERE v.person_id = pe.id) d
			CROSS JOIN LATERAL unnest(pe.categories || '{*}'::text[]) AS c(category)
			GROUP BY 1, 2, 3""";

	private static final String EVERY_ROW = """
			INSERT INTO vaccination_rollup (place_id, category, doses, people)
			SELECT pe.residence_place_id, c.category, coalesce(v.doses, 0), count(*)
			FROM person pe
			LEFT JOIN (SELECT person_id, count(*)::int AS doses FROM vaccination GROUP BY person_id) v ON v.person_id = pe.id
			CROSS JOIN LATERAL unnest(pe.categories || '{*}'::text[]) AS c(category)
			WHERE pe.residence_place_id IS NOT NULL
			GROUP BY 1, 2, 3""";

	/** Places whose residents or their vaccinations changed since the watermark. */
	private static final String TOUCHED_PLACES = """
			WITH dirty AS (DELETE FROM vaccination_rollup_dirty RETURNING place_id)
			SELECT place_id FROM dirty
			UNION
			SELECT residence_place_id FROM person WHERE created_at > ?::timestamptz AND residence_place_id IS NOT NULL
			UNION
			SELECT pe.residence_place_id FROM vaccination v JOIN person pe ON pe.id = v.person_id
			WHERE v.created_at > ?::timestamptz AND pe.residence_place_id IS NOT NULL""";

	private final DSLContext db;

	private final TransactionTemplate transactions;

	private final AnalyticsProperties properties;

	private final Timer refreshTimer;

	private volatile boolean ready;

	VaccinationRollup(DataSource dataSource, PlatformTransactionManager transactionManager,
			AnalyticsProperties properties, MeterRegistry registry) {
		this.db = Rollups.backgroundContext(dataSource);
		this.transactions = new TransactionTemplate(transactionManager);
		this.properties = properties;
		this.refreshTimer = Timer.builder("epigrid.vaccination.rollup.refresh")
			.description("Duration of one refresh of the vaccination rollup (places touched since the last, or all)")
			.register(registry);
	}

	/** Whether the rollup is complete: only then do queries read it. */
	boolean ready() {
		return this.ready;
	}

	@Scheduled(initialDelayString = "${epigrid.analytics.refresh-initial-delay:1s}",
			fixedDelayString = "${epigrid.analytics.refresh-interval:3s}")
	void scheduledRefresh() {
		try {
			Duration took = refreshNow();
			if (took != null && took.toMillis() > 1000) {
				log.info("Vaccination rollup refresh took {} ms", took.toMillis());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Vaccination rollup refresh failed, will retry: {}", ex.toString());
		}
	}

	/**
	 * Brings the rollup up to date now (skipped while another instance refreshes).
	 * @return how long it took, or null when skipped
	 */
	public Duration refreshNow() {
		long started = System.nanoTime();
		Boolean done = this.transactions.execute((status) -> {
			if (!Boolean.TRUE.equals(this.db.fetchValue("SELECT pg_try_advisory_xact_lock(?)", LOCK))) {
				return false;
			}
			Record state = this.db.fetchOne("""
					SELECT refreshed_to, rebuild_requested, NOT EXISTS (SELECT FROM vaccination_rollup) AS empty
					FROM vaccination_rollup_state FOR UPDATE""");
			OffsetDateTime refreshedTo = state.get(0, OffsetDateTime.class);
			boolean rebuild = refreshedTo == null || Boolean.TRUE.equals(state.get(1, Boolean.class))
					|| (Boolean.TRUE.equals(state.get(2, Boolean.class))
							&& Boolean.TRUE.equals(this.db.fetchValue("SELECT EXISTS (SELECT FROM person)")));
			if (!rebuild) {
				OffsetDateTime since = refreshedTo.minus(this.properties.refreshOverlap());
				List<Long> places = this.db.fetch(TOUCHED_PLACES, since, since).getValues(0, Long.class);
				if (places.size() > REBUILD_PLACES) {
					rebuild = true;
				}
				else if (!places.isEmpty()) {
					Long[] keys = places.toArray(Long[]::new);
					this.db.execute("DELETE FROM vaccination_rollup WHERE place_id = ANY(?::bigint[])", (Object) keys);
					this.db.execute(ROWS_OF_PLACES, (Object) keys);
				}
			}
			if (rebuild) {
				this.db.execute("DELETE FROM vaccination_rollup");
				this.db.execute("DELETE FROM vaccination_rollup_dirty");
				int rows = this.db.execute(EVERY_ROW);
				log.info("Vaccination rollup built: {} rows in {} ms", rows, (System.nanoTime() - started) / 1_000_000);
			}
			this.db.execute("UPDATE vaccination_rollup_state SET refreshed_to = now(), rebuild_requested = false");
			return true;
		});
		this.ready = Boolean.TRUE.equals(this.db
			.fetchValue("SELECT refreshed_to IS NOT NULL AND NOT rebuild_requested FROM vaccination_rollup_state"));
		if (!Boolean.TRUE.equals(done)) {
			return null;
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		this.refreshTimer.record(took);
		return took;
	}

}
