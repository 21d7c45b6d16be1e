-- The rollups' "recompute this" markers (sample_rollup_dirty, vaccination_rollup_dirty,
-- campaign_coverage_rollup_dirty) were deduplicated when written: ON CONFLICT DO NOTHING, or NOT EXISTS.
-- That loses changes. A writer that finds a marker already there writes none; if a refresh has just
-- taken that marker (DELETE ... RETURNING) with a snapshot from before the writer committed, the refresh
-- recomputes without the writer's change, and nothing is left to make the next refresh do it again (a
-- deleted or moved sample has no updated_at to find it by). Seen as a flaky TestingStatsTests run: a
-- sample deleted right after another moved out of the same hour still counted.
-- Now every writer leaves its own marker. A refresh deletes only the markers its snapshot sees, so the
-- marker of a transaction that committed after that snapshot survives for the next refresh; the
-- refreshes read markers with DISTINCT (UNION), so duplicates cost nothing but a row each.

ALTER TABLE sample_rollup_dirty DROP CONSTRAINT sample_rollup_dirty_pkey;
CREATE OR REPLACE FUNCTION sample_rollup_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO sample_rollup_dirty (place_id, hour)
    VALUES (OLD.place_id, date_bin('1 hour', OLD.collected_at, timestamptz '2000-01-01 00:00:00+00'));
    RETURN NULL;
END $$;

ALTER TABLE vaccination_rollup_dirty DROP CONSTRAINT vaccination_rollup_dirty_pkey;
CREATE OR REPLACE FUNCTION vaccination_rollup_person_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO vaccination_rollup_dirty (place_id)
    SELECT DISTINCT place_id FROM (VALUES (OLD.residence_place_id), (CASE WHEN TG_OP = 'UPDATE' THEN NEW.residence_place_id END)) AS p (place_id)
    WHERE place_id IS NOT NULL;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION vaccination_rollup_vaccination_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO vaccination_rollup_dirty (place_id)
    SELECT DISTINCT pe.residence_place_id FROM person pe
    WHERE pe.id IN (OLD.person_id, CASE WHEN TG_OP = 'UPDATE' THEN NEW.person_id END) AND pe.residence_place_id IS NOT NULL;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION campaign_coverage_mark_dirty(campaigns bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO campaign_coverage_rollup_dirty (campaign_id)
    SELECT DISTINCT c.id FROM unnest(campaigns) AS c (id)
    WHERE c.id IS NOT NULL
$$;
COMMENT ON TABLE campaign_coverage_rollup_dirty IS 'Campaigns whose coverage changed since the last refresh of campaign_coverage_rollup (emptied by it; one row per writing statement, duplicates allowed).';
