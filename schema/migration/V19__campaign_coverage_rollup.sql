-- Campaign coverage counted ahead: campaignCoverage and campaignProgress joined every resident of the
-- campaign's area to the distinct people sampled in the campaign on every query (a county campaign of
-- the city demo: 118,557 residents, 106,296 samples, about 230 ms). Now they read one row per
-- residence place of the area. Kept by the application (CampaignCoverageRollup), which every few
-- seconds recomputes, each with one INSERT ... SELECT, the campaigns the triggers below marked dirty
-- and those it has never computed (new campaigns; every campaign after this migration). A campaign it
-- has not computed yet is answered live, as before.

CREATE TABLE campaign_coverage_rollup (
    campaign_id  bigint NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    -- the residence place of the residents counted: a grid of the area, or any other place of it
    -- people are registered at (they count in the campaign's progress, not in its grid coverage)
    place_id     bigint NOT NULL REFERENCES place (id) ON DELETE CASCADE,
    residents    integer NOT NULL,
    tested       integer NOT NULL,
    PRIMARY KEY (campaign_id, place_id),
    CONSTRAINT campaign_coverage_rollup_counts_consistent CHECK (0 <= tested AND tested <= residents)
);
COMMENT ON TABLE campaign_coverage_rollup IS 'Residents per campaign and residence place of its area (places without residents have no row), and how many of them have a sample of the campaign; kept by the application a few seconds behind.';
COMMENT ON COLUMN campaign_coverage_rollup.place_id IS 'Residence place inside the campaign area (a grid, usually).';
COMMENT ON COLUMN campaign_coverage_rollup.residents IS 'People whose residence is the place.';
COMMENT ON COLUMN campaign_coverage_rollup.tested IS 'Of the residents, those with at least one sample of the campaign, whatever its result.';

-- The campaigns whose rows are complete, and when they were last computed. A campaign without a row
-- here is answered live (never wrong-empty); changing a campaign's area removes its row.
CREATE TABLE campaign_coverage_rollup_refreshed (
    campaign_id   bigint PRIMARY KEY REFERENCES campaign (id) ON DELETE CASCADE,
    refreshed_at  timestamptz NOT NULL
);
COMMENT ON TABLE campaign_coverage_rollup_refreshed IS 'Campaigns whose campaign_coverage_rollup rows the application has computed, and when it last did.';

CREATE TABLE campaign_coverage_rollup_state (
    id                 boolean PRIMARY KEY DEFAULT true CONSTRAINT campaign_coverage_rollup_state_one_row CHECK (id),
    refreshed_at       timestamptz,
    -- set to have the next refresh recompute every campaign
    rebuild_requested  boolean NOT NULL DEFAULT true
);
INSERT INTO campaign_coverage_rollup_state DEFAULT VALUES;
COMMENT ON TABLE campaign_coverage_rollup_state IS 'When campaign_coverage_rollup was last refreshed, and whether a full rebuild is requested.';

-- Campaigns to recompute. No unique key on purpose: with one, two transactions writing samples of the
-- same campaign would wait for each other (ON CONFLICT waits for the uncommitted duplicate) until
-- commit. The triggers skip a campaign already listed; the odd duplicate the refresh takes once.
CREATE TABLE campaign_coverage_rollup_dirty (
    campaign_id  bigint NOT NULL
);
COMMENT ON TABLE campaign_coverage_rollup_dirty IS 'Campaigns whose coverage changed since the last refresh of campaign_coverage_rollup (emptied by it).';

CREATE FUNCTION campaign_coverage_mark_dirty(campaigns bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO campaign_coverage_rollup_dirty (campaign_id)
    SELECT DISTINCT c.id FROM unnest(campaigns) AS c (id)
    WHERE c.id IS NOT NULL AND NOT EXISTS (SELECT FROM campaign_coverage_rollup_dirty d WHERE d.campaign_id = c.id)
$$;

-- The campaigns whose area contains any of these places.
CREATE FUNCTION campaign_coverage_covering(places bigint[]) RETURNS bigint[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT c.id), '{}')
    FROM place home
    JOIN place area ON home.path <@ area.path
    JOIN campaign c ON c.place_id = area.id
    WHERE home.id = ANY (places)
$$;

-- Samples: a statement-level trigger per statement (bulk loads insert many rows at once), reading the
-- campaigns off the transition table (named alike for inserts and deletes, so that one function serves
-- both); changes of subject or campaign (rare) row by row.
CREATE FUNCTION campaign_coverage_samples_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM campaign_coverage_mark_dirty(ARRAY(
        SELECT DISTINCT campaign_id FROM changed_samples WHERE campaign_id IS NOT NULL AND person_id IS NOT NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER campaign_coverage_samples_inserted AFTER INSERT ON sample
    REFERENCING NEW TABLE AS changed_samples FOR EACH STATEMENT
    EXECUTE FUNCTION campaign_coverage_samples_changed();
CREATE TRIGGER campaign_coverage_samples_deleted AFTER DELETE ON sample
    REFERENCING OLD TABLE AS changed_samples FOR EACH STATEMENT
    EXECUTE FUNCTION campaign_coverage_samples_changed();

CREATE FUNCTION campaign_coverage_sample_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM campaign_coverage_mark_dirty(ARRAY[OLD.campaign_id, NEW.campaign_id]);
    RETURN NULL;
END $$;
CREATE TRIGGER campaign_coverage_sample_moved AFTER UPDATE OF person_id, campaign_id ON sample FOR EACH ROW
    WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.campaign_id IS DISTINCT FROM NEW.campaign_id)
    EXECUTE FUNCTION campaign_coverage_sample_moved();

-- People: new and deleted residents (statement-level, for bulk loads) and moves (row by row, rare)
-- touch every campaign whose area contains the residence.
CREATE FUNCTION campaign_coverage_people_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM campaign_coverage_mark_dirty(campaign_coverage_covering(ARRAY(
        SELECT DISTINCT residence_place_id FROM changed_people WHERE residence_place_id IS NOT NULL)));
    RETURN NULL;
END $$;
CREATE TRIGGER campaign_coverage_people_inserted AFTER INSERT ON person
    REFERENCING NEW TABLE AS changed_people FOR EACH STATEMENT
    EXECUTE FUNCTION campaign_coverage_people_changed();
CREATE TRIGGER campaign_coverage_people_deleted AFTER DELETE ON person
    REFERENCING OLD TABLE AS changed_people FOR EACH STATEMENT
    EXECUTE FUNCTION campaign_coverage_people_changed();

CREATE FUNCTION campaign_coverage_person_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM campaign_coverage_mark_dirty(campaign_coverage_covering(ARRAY[OLD.residence_place_id, NEW.residence_place_id]));
    RETURN NULL;
END $$;
CREATE TRIGGER campaign_coverage_person_moved AFTER UPDATE OF residence_place_id ON person FOR EACH ROW
    WHEN (OLD.residence_place_id IS DISTINCT FROM NEW.residence_place_id)
    EXECUTE FUNCTION campaign_coverage_person_moved();

-- Places moving in the tree change which residents an area has: every campaign over the old or the new
-- position is recomputed.
CREATE FUNCTION campaign_coverage_places_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM campaign_coverage_mark_dirty(ARRAY(
        SELECT c.id
        FROM old_places o JOIN new_places n ON n.id = o.id AND n.path IS DISTINCT FROM o.path
        JOIN place area ON o.path <@ area.path OR n.path <@ area.path
        JOIN campaign c ON c.place_id = area.id));
    RETURN NULL;
END $$;
CREATE TRIGGER campaign_coverage_places_moved AFTER UPDATE ON place
    REFERENCING OLD TABLE AS old_places NEW TABLE AS new_places FOR EACH STATEMENT
    EXECUTE FUNCTION campaign_coverage_places_moved();

-- A campaign given another area is answered live until it is recomputed.
CREATE FUNCTION campaign_coverage_campaign_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM campaign_coverage_rollup_refreshed WHERE campaign_id = NEW.id;
    PERFORM campaign_coverage_mark_dirty(ARRAY[NEW.id]);
    RETURN NULL;
END $$;
CREATE TRIGGER campaign_coverage_campaign_moved AFTER UPDATE OF place_id ON campaign FOR EACH ROW
    WHEN (OLD.place_id IS DISTINCT FROM NEW.place_id)
    EXECUTE FUNCTION campaign_coverage_campaign_moved();
