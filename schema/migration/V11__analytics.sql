-- Analytics: an hourly rollup of samples, so that testingStats for a county over 30 days reads a few
-- thousand small rows instead of half a million samples, kept fresh incrementally from sample.updated_at.

-- What changed since the last refresh: every insert and update stamps updated_at (default and trigger).
CREATE INDEX sample_updated_at_idx ON sample (updated_at);

-- Turnaround (collected -> resulted) histogram buckets, narrow where result deadlines are (4 to 24 h):
--   buckets   0..71   10 minutes wide, from 0 to 12 h
--   buckets  72..95   30 minutes wide, from 12 h to 24 h
--   buckets  96..119  1 hour wide, from 24 h to 48 h
--   buckets 120..131  2 hours wide, from 48 h to 72 h
--   bucket  132       72 h and more
-- A percentile read from merged histograms is exact to the width of the bucket it falls in.
CREATE FUNCTION sample_tat_bucket(minutes double precision) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE
        WHEN minutes < 720 THEN floor(minutes / 10)
        WHEN minutes < 1440 THEN 72 + floor((minutes - 720) / 30)
        WHEN minutes < 2880 THEN 96 + floor((minutes - 1440) / 60)
        WHEN minutes < 4320 THEN 120 + floor((minutes - 2880) / 120)
        ELSE 132 END::smallint;

-- The bucket of a sample's turnaround; NULL while it has no result. (Both functions are inlined into
-- the queries that call them, so they cost no more than the expression.)
CREATE FUNCTION sample_tat_bucket(collected_at timestamptz, resulted_at timestamptz) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN sample_tat_bucket(date_part('epoch', resulted_at - collected_at) / 60);

-- Lower bound of a bucket, in minutes.
CREATE FUNCTION sample_tat_bucket_lower(bucket integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE
        WHEN bucket < 72 THEN bucket * 10
        WHEN bucket < 96 THEN 720 + (bucket - 72) * 30
        WHEN bucket < 120 THEN 1440 + (bucket - 96) * 60
        WHEN bucket < 132 THEN 2880 + (bucket - 120) * 120
        ELSE 4320 END;

-- Width of a bucket, in minutes; 0 for the open-ended last one (a percentile there reads as 72 h).
CREATE FUNCTION sample_tat_bucket_width(bucket integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE
        WHEN bucket < 72 THEN 10
        WHEN bucket < 96 THEN 30
        WHEN bucket < 120 THEN 60
        WHEN bucket < 132 THEN 120
        ELSE 0 END;

-- One row per area, UTC hour of collection, purpose and kind, plus one row per area and hour with
-- purpose = kind = '*' over all purposes and kinds (what an ungrouped or per-child-area query reads).
-- Areas are the CITY, COUNTY and TOWNSHIP levels; a row counts every sample in the area's subtree
-- (by sample.place_id). Below a township the sample table itself, through sample_place_collected_idx,
-- answers as fast as a rollup would, and a rollup at that grain would hold nearly a row per sample.
-- Counts are over the samples collected in the hour (a cohort): resulted = how many of them have a
-- result now. The histogram is one nullable column per bucket, tat_000 .. tat_132: the resulted
-- samples whose turnaround falls in that bucket (NULL for none, which costs one bit). Merging rows is
-- then sum() per column, which PostgreSQL does in C: about ten times faster than unnesting and
-- regrouping histogram arrays, measured on 10 million samples.
CREATE TABLE sample_rollup_hourly (
    place_id      bigint NOT NULL REFERENCES place (id) ON DELETE CASCADE,
    hour          timestamptz NOT NULL,
    purpose       text NOT NULL,
    kind          text NOT NULL,
    collected     integer NOT NULL,
    resulted      integer NOT NULL,
    positives     integer NOT NULL,
    -- resulted after due_at
    sla_breaches  integer NOT NULL,
    PRIMARY KEY (place_id, hour, purpose, kind),
    CONSTRAINT sample_rollup_hourly_counts_consistent CHECK (
        resulted <= collected AND positives <= resulted AND sla_breaches <= resulted)
);
DO $$
BEGIN
    FOR bucket IN 0..132 LOOP
        EXECUTE format('ALTER TABLE sample_rollup_hourly ADD COLUMN %I integer', 'tat_' || lpad(bucket::text, 3, '0'));
    END LOOP;
END $$;

-- The refresh watermark (one row). refreshed_to: every sample with updated_at before it (less the
-- configured overlap, which covers transactions that commit late) is in the rollup. rebuild_requested
-- makes the next refresh rebuild everything (initially, and when the place hierarchy changes shape).
CREATE TABLE sample_rollup_state (
    id                 boolean PRIMARY KEY DEFAULT true CONSTRAINT sample_rollup_state_one_row CHECK (id),
    refreshed_to       timestamptz,
    refreshed_at       timestamptz,
    rebuilt_at         timestamptz,
    rebuild_requested  boolean NOT NULL DEFAULT true
);
INSERT INTO sample_rollup_state DEFAULT VALUES;

-- updated_at only shows where a sample is now. When a sample is deleted, or moved to another place or
-- collection hour, the (place, hour) it leaves must be recomputed too: remember it here.
CREATE TABLE sample_rollup_dirty (
    place_id  bigint NOT NULL,
    hour      timestamptz NOT NULL,
    PRIMARY KEY (place_id, hour)
);

CREATE FUNCTION sample_rollup_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO sample_rollup_dirty (place_id, hour)
    VALUES (OLD.place_id, date_bin('1 hour', OLD.collected_at, timestamptz '2000-01-01 00:00:00+00'))
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER sample_rollup_moved AFTER UPDATE OF place_id, collected_at ON sample FOR EACH ROW
    WHEN (OLD.place_id IS DISTINCT FROM NEW.place_id OR OLD.collected_at IS DISTINCT FROM NEW.collected_at)
    EXECUTE FUNCTION sample_rollup_mark_dirty();
CREATE TRIGGER sample_rollup_deleted AFTER DELETE ON sample FOR EACH ROW
    EXECUTE FUNCTION sample_rollup_mark_dirty();

-- A place moved to another parent (or changing level) reshapes the subtrees the rollup sums over.
CREATE FUNCTION sample_rollup_request_rebuild() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sample_rollup_state SET rebuild_requested = true WHERE NOT rebuild_requested;
    RETURN NULL;
END $$;
CREATE TRIGGER sample_rollup_reshaped AFTER UPDATE OF parent_id, level ON place FOR EACH ROW
    WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.level IS DISTINCT FROM NEW.level)
    EXECUTE FUNCTION sample_rollup_request_rebuild();

-- tracingTimeliness reads the contacts identified in a period.
CREATE INDEX contact_identified_idx ON contact (identified_at);
