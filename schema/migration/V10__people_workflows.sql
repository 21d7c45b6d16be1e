-- People workflows (R3, R6, R7, R10): the risk level of a travel origin is derived in SQL, and a
-- case raised automatically from a positive result remembers the sample.

-- The division codes whose risk designation covers an area code:
--   a local place (its code is in place): the codes on its path, i.e. itself and every ancestor
--     up to the city (place.path is the ltree of codes);
--   an outside area: the code itself, its 12-, 9- and 6-digit prefixes (community, township,
--     county), the city code (first 4 digits + '00') and the province code (first 2 digits +
--     '0000'), following the national division code scheme (GB/T 2260).
-- A designation of any of these codes applies to the area.
CREATE FUNCTION area_codes_covering(area_code text) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(
        (SELECT string_to_array(ltree2text(p.path), '.') FROM place p WHERE p.code = area_code),
        ARRAY(SELECT DISTINCT c FROM unnest(ARRAY[
            area_code, left(area_code, 12), left(area_code, 9), left(area_code, 6),
            left(area_code, 4) || '00', left(area_code, 2) || '0000']) AS c))
$$;

-- The risk level (NONE, LOW, MEDIUM, HIGH) of an area at an instant: the highest level among the
-- designations in force at that instant (effective_from <= at < effective_to) for any code
-- covering the area. Travel records copy it at arrival so that later re-designations do not
-- rewrite history.
CREATE FUNCTION origin_risk_level(area_code text, at_time timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce((
        SELECT d.level
        FROM risk_designation d
        WHERE d.area_code = ANY (area_codes_covering(origin_risk_level.area_code))
          AND d.effective_from <= at_time
          AND (d.effective_to IS NULL OR d.effective_to > at_time)
        ORDER BY array_position(ARRAY['LOW', 'MEDIUM', 'HIGH'], d.level) DESC
        LIMIT 1), 'NONE')
$$;

-- Served by the exclusion constraint's GiST index as well, but a plain btree on the code makes
-- the "designations of these codes" lookup cheap at any number of designations.
CREATE INDEX risk_designation_area_code_idx ON risk_designation (area_code, effective_from);

-- A case raised automatically from a positive result names the sample it came from.
ALTER TABLE case_report ADD COLUMN source_sample_id bigint REFERENCES sample (id);
CREATE INDEX case_report_source_sample_idx ON case_report (source_sample_id) WHERE source_sample_id IS NOT NULL;
