-- Analytics at city scale (10 million samples): rollups at the grain the dashboards read, with the
-- percentiles precomputed, and indexes for the live parts. Measured with AnalyticsBenchmark; the
-- figures are in the README.

-- 1. The hourly rollup gets the row kinds every testingStats grouping reads directly: besides
--    (purpose, kind) and ('*', '*'), now also (purpose, '*') and ('*', kind); INVALID results
--    counted apart (so that metrics can split results by outcome); and the turnaround p50 and p90
--    of the row itself (minutes, read off its histogram as the queries would), so that a query
--    whose buckets are whole rollup rows merges no histograms at all. (Hourly rows of one purpose
--    and one kind are only ever summed, never read whole: they keep no percentiles.) And the
--    overdue samples (pending past their due time) as of the last refresh, which also recomputes
--    the rows whose samples fell due since: counting them live meant reading every overdue
--    sample of the area on every query (26,000 for the city demo).
--    The histogram columns tat_000 .. tat_132 become cumulative: tat_n counts the resulted samples
--    whose turnaround falls in bucket n or below (NULL for none). Rows still merge by summing each
--    column, and a percentile is then one binary search over the row's columns (width_bucket) and
--    an interpolation inside the bucket found, instead of unnesting, sorting and a window sum.
ALTER TABLE sample_rollup_hourly
    ADD COLUMN invalids integer NOT NULL DEFAULT 0,
    ADD COLUMN overdue integer NOT NULL DEFAULT 0,
    ADD COLUMN turnaround_p50 double precision,
    ADD COLUMN turnaround_p90 double precision,
    ADD CONSTRAINT sample_rollup_hourly_invalids_consistent CHECK (positives + invalids <= resulted),
    ADD CONSTRAINT sample_rollup_hourly_overdue_consistent CHECK (overdue <= collected - resulted);

-- 2. The same per calendar day of the analytics time zone (epigrid.analytics.time-zone): what DAY
--    buckets, WEEK buckets (seven rows each) and reporting.samples_daily read. Computed from the
--    hourly rows of the day (a day is 23 to 25 whole UTC hours: the zone's offsets are whole hours).
CREATE TABLE sample_rollup_daily (
    place_id        bigint NOT NULL REFERENCES place (id) ON DELETE CASCADE,
    day             date NOT NULL,
    purpose         text NOT NULL,
    kind            text NOT NULL,
    collected       integer NOT NULL,
    resulted        integer NOT NULL,
    positives       integer NOT NULL,
    sla_breaches    integer NOT NULL,
    invalids        integer NOT NULL,
    overdue         integer NOT NULL,
    turnaround_p50  double precision,
    turnaround_p90  double precision,
    PRIMARY KEY (place_id, day, purpose, kind),
    CONSTRAINT sample_rollup_daily_counts_consistent CHECK (
        resulted <= collected AND positives + invalids <= resulted AND sla_breaches <= resulted
        AND overdue <= collected - resulted)
);
DO $$
BEGIN
    FOR bucket IN 0..132 LOOP
        EXECUTE format('ALTER TABLE sample_rollup_daily ADD COLUMN %I integer', 'tat_' || lpad(bucket::text, 3, '0'));
    END LOOP;
END $$;
COMMENT ON TABLE sample_rollup_daily IS 'Samples per area (city, county, township), calendar day of the analytics time zone, purpose and kind (* = all), kept by the application from sample_rollup_hourly.';

-- 2b. Queries read one row kind of a place over a range of hours (days): the primary keys, by place
--     and time first, would make them read every row kind of each hour (about 40) to keep one.
CREATE INDEX sample_rollup_hourly_read_idx ON sample_rollup_hourly (place_id, kind, purpose, hour);
CREATE INDEX sample_rollup_daily_read_idx ON sample_rollup_daily (place_id, kind, purpose, day);

-- 3. The state remembers the zone the days were cut in (a different zone rebuilds them) and the
--    latest collection and result times it has seen (data freshness, without scanning samples).
--    Everything above needs a rebuild, which the next refresh does.
ALTER TABLE sample_rollup_state
    ADD COLUMN day_zone text,
    ADD COLUMN last_collected_at timestamptz,
    ADD COLUMN last_resulted_at timestamptz;
UPDATE sample_rollup_state SET rebuild_requested = true;

-- 4. Pending samples by place and collection time: the overdue alerts and counts of an area (its
--    places' pending samples rather than every overdue sample of the city). Only pending samples
--    are in it, so it stays small however many samples there are.
CREATE INDEX sample_pending_place_idx ON sample (place_id, collected_at) INCLUDE (due_at, purpose, kind)
    WHERE result IS NULL;

-- 5. A laboratory's samples by result time: what is waiting (resulted_at IS NULL) and what it
--    reported in the last 24 hours, without reading every sample (reporting.lab_load).
CREATE INDEX sample_lab_resulted_idx ON sample (lab_site_id, resulted_at) WHERE lab_site_id IS NOT NULL;


-- 6. Vaccination coverage counted per residence place, category and doses: vaccinationCoverage read
--    every resident of the area and counted their vaccinations (a county of the city demo: 110,000
--    people, 250,000 vaccinations); now it sums a few thousand rows. Kept by the application, which
--    every few seconds recomputes the places whose residents or vaccinations changed: new people and
--    vaccinations by created_at, moves, category changes and deletions through the triggers below.
CREATE TABLE vaccination_rollup (
    place_id  bigint NOT NULL REFERENCES place (id) ON DELETE CASCADE,
    -- a person category (a person counts in each of theirs), or '*' for everyone
    category  text NOT NULL,
    -- vaccinations the person has had
    doses     integer NOT NULL,
    people    integer NOT NULL,
    PRIMARY KEY (place_id, category, doses)
);
COMMENT ON TABLE vaccination_rollup IS 'Residents per residence place, person category (* = all) and number of vaccinations, kept by the application.';
CREATE TABLE vaccination_rollup_state (
    id                 boolean PRIMARY KEY DEFAULT true CONSTRAINT vaccination_rollup_state_one_row CHECK (id),
    refreshed_to       timestamptz,
    rebuild_requested  boolean NOT NULL DEFAULT true
);
INSERT INTO vaccination_rollup_state DEFAULT VALUES;
CREATE TABLE vaccination_rollup_dirty (
    place_id  bigint PRIMARY KEY
);
CREATE INDEX person_created_idx ON person (created_at);
CREATE INDEX vaccination_created_idx ON vaccination (created_at);

CREATE FUNCTION vaccination_rollup_person_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO vaccination_rollup_dirty (place_id)
    SELECT place_id FROM (VALUES (OLD.residence_place_id), (CASE WHEN TG_OP = 'UPDATE' THEN NEW.residence_place_id END)) AS p (place_id)
    WHERE place_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER vaccination_rollup_person_moved AFTER UPDATE OF residence_place_id, categories ON person FOR EACH ROW
    WHEN (OLD.residence_place_id IS DISTINCT FROM NEW.residence_place_id OR OLD.categories IS DISTINCT FROM NEW.categories)
    EXECUTE FUNCTION vaccination_rollup_person_changed();
CREATE TRIGGER vaccination_rollup_person_deleted AFTER DELETE ON person FOR EACH ROW
    EXECUTE FUNCTION vaccination_rollup_person_changed();

CREATE FUNCTION vaccination_rollup_vaccination_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO vaccination_rollup_dirty (place_id)
    SELECT pe.residence_place_id FROM person pe
    WHERE pe.id IN (OLD.person_id, CASE WHEN TG_OP = 'UPDATE' THEN NEW.person_id END) AND pe.residence_place_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER vaccination_rollup_vaccination_moved AFTER UPDATE OF person_id ON vaccination FOR EACH ROW
    WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id)
    EXECUTE FUNCTION vaccination_rollup_vaccination_changed();
CREATE TRIGGER vaccination_rollup_vaccination_deleted AFTER DELETE ON vaccination FOR EACH ROW
    EXECUTE FUNCTION vaccination_rollup_vaccination_changed();

-- 7. Tracing timeliness looks up the residence of each contact of the period; covering that lookup
--    spares a visit to the (wide) person row per contact.
CREATE INDEX person_id_residence_idx ON person (id) INCLUDE (residence_place_id);

-- 8. reporting.samples_daily read every sample each time (a GROUP BY over the whole table, 10 million
--    rows: tens of seconds, past the analysts' 15 s statement timeout), whatever the day filter. It now
--    reads the daily rollup rows of the counties (one row per day, county, purpose and kind, a primary
--    key lookup per county and day range) and the samples placed at a city itself (none, usually: an
--    index lookup). Days are those of the analytics time zone, as in testingStats; overdue is as of the
--    rollup's last refresh (seconds ago); the percentiles are read off the turnaround histogram (exact
--    to the width of its bucket: 10 minutes below 12 h, 30 minutes to 24 h, 1 hour to 48 h, 2 hours to
--    72 h; 72 h and more read as 72 h). New column at the end: invalids.
CREATE OR REPLACE VIEW reporting.samples_daily AS
SELECT d.day, c.code AS county_code, c.name AS county_name, d.purpose, d.kind,
       d.collected::bigint AS collected, d.resulted::bigint AS resulted, d.positives::bigint AS positives,
       (d.collected - d.resulted)::bigint AS pending, d.overdue::bigint AS overdue,
       d.sla_breaches::bigint AS late_results, d.turnaround_p50 / 60 AS turnaround_p50_hours,
       d.turnaround_p90 / 60 AS turnaround_p90_hours, d.invalids::bigint AS invalids
FROM sample_rollup_daily d
JOIN place c ON c.id = d.place_id AND c.level = 'COUNTY'
WHERE d.purpose <> '*' AND d.kind <> '*'
UNION ALL
SELECT (s.collected_at AT TIME ZONE coalesce((SELECT day_zone FROM sample_rollup_state), current_setting('TimeZone')))::date,
       city.code, city.name, s.purpose, s.kind,
       count(*), count(*) FILTER (WHERE s.result IS NOT NULL), count(*) FILTER (WHERE s.result = 'POSITIVE'),
       count(*) FILTER (WHERE s.result IS NULL), count(*) FILTER (WHERE s.result IS NULL AND s.due_at < now()),
       count(*) FILTER (WHERE s.resulted_at > s.due_at),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.resulted_at - s.collected_at) / 3600)
           FILTER (WHERE s.resulted_at IS NOT NULL),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM s.resulted_at - s.collected_at) / 3600)
           FILTER (WHERE s.resulted_at IS NOT NULL),
       count(*) FILTER (WHERE s.result = 'INVALID')
FROM place city JOIN sample s ON s.place_id = city.id
WHERE city.level = 'CITY'
GROUP BY 1, 2, 3, 4, 5;
COMMENT ON VIEW reporting.samples_daily IS 'Nucleic-acid and antigen samples per collection day, county, purpose and kind, from the rollup the application keeps up to date (a few seconds behind). Filter on day to keep it fast.';
COMMENT ON COLUMN reporting.samples_daily.overdue IS 'Of the pending, those past their result deadline (due_at), as of the rollup''s last refresh (seconds ago).';
COMMENT ON COLUMN reporting.samples_daily.day IS 'Calendar day of collection in the analytics time zone (epigrid.analytics.time-zone), as in the API''s testingStats.';
COMMENT ON COLUMN reporting.samples_daily.turnaround_p50_hours IS 'Median hours from collection to result, over resulted samples; exact to the turnaround histogram''s bucket (10 min below 12 h, 30 min to 24 h, 1 h to 48 h, 2 h to 72 h; 72 h and more read as 72).';
COMMENT ON COLUMN reporting.samples_daily.turnaround_p90_hours IS '90th percentile hours from collection to result, over resulted samples; exact to the histogram bucket, as the median.';
COMMENT ON COLUMN reporting.samples_daily.invalids IS 'Of the resulted, INVALID results (resulted - positives - invalids are NEGATIVE).';

-- 9. reporting.lab_load joined every sample to the laboratories (the OR of pending and recent results
--    kept any index out). Now two index range scans per laboratory on (lab_site_id, resulted_at).
CREATE OR REPLACE VIEW reporting.lab_load AS
SELECT lab.name AS lab_name,
       reporting.county_code(p.path) AS county_code,
       lab.daily_test_capacity,
       w.in_lab,
       r.resulted_last_24h,
       w.overdue
FROM site lab
JOIN place p ON p.id = lab.place_id
CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE s.received_at IS NOT NULL) AS in_lab, count(*) FILTER (WHERE s.due_at < now()) AS overdue
    FROM sample s WHERE s.lab_site_id = lab.id AND s.resulted_at IS NULL
) w
CROSS JOIN LATERAL (
    SELECT count(*) AS resulted_last_24h
    FROM sample s WHERE s.lab_site_id = lab.id AND s.resulted_at >= now() - interval '24 hours'
) r
WHERE lab.type = 'LAB';
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO epigrid_analyst;
