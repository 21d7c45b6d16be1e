-- Analyst access to SQL: the `reporting` schema is the stable contract for Grafana's PostgreSQL
-- datasource and for analysts' own queries. Views only, no personal data: no names, ID numbers,
-- phones or addresses of people, and no ids of people at all. Sites and places are named (they
-- are institutions and areas, not people). "Today" is the database session's current_date, so
-- run the database (or the reporting role) in the zone the command centre works in.
--
-- Roles (cluster-wide, so created only when missing):
--   epigrid_analyst  NOLOGIN: USAGE on reporting, SELECT on its views, statement_timeout 15s.
--   epigrid_grafana  LOGIN, member of epigrid_analyst; its password is set by the operator
--                    (the application applies epigrid.reporting.grafana-password at startup).

CREATE SCHEMA reporting;
COMMENT ON SCHEMA reporting IS 'Documented, personal-data-free views for dashboards and analysts (read by role epigrid_analyst).';

-- The county a place counts for: the second label of its path (city.county.township...), or the
-- city itself for the city row.
CREATE FUNCTION reporting.county_code(path ltree) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN nlevel(path) >= 2 THEN ltree2text(subpath(path, 1, 1)) ELSE ltree2text(path) END
$$;
COMMENT ON FUNCTION reporting.county_code(ltree) IS 'Code of the COUNTY on a place path (the city code for the city itself).';

CREATE VIEW reporting.places AS
SELECT p.code, p.name, p.level, parent.code AS parent_code, reporting.county_code(p.path) AS county_code,
       p.depth, p.population
FROM place p
LEFT JOIN place parent ON parent.id = p.parent_id;
COMMENT ON VIEW reporting.places IS 'The administrative hierarchy (city, county, township, community, grid); use it for area variables and to roll areas up.';
COMMENT ON COLUMN reporting.places.code IS 'National division code of the place (unique).';
COMMENT ON COLUMN reporting.places.name IS 'Name of the place.';
COMMENT ON COLUMN reporting.places.level IS 'CITY, COUNTY, TOWNSHIP, COMMUNITY or GRID.';
COMMENT ON COLUMN reporting.places.parent_code IS 'Code of the parent place; null for the city.';
COMMENT ON COLUMN reporting.places.county_code IS 'Code of the county the place lies in (the city code for the city).';
COMMENT ON COLUMN reporting.places.depth IS 'Depth in the hierarchy: 1 city, 2 county, 3 township, 4 community, 5 grid.';
COMMENT ON COLUMN reporting.places.population IS 'Registered residents, when known.';

CREATE VIEW reporting.samples_daily AS
SELECT s.collected_at::date AS day,
       reporting.county_code(p.path) AS county_code,
       county.name AS county_name,
       s.purpose,
       s.kind,
       count(*) AS collected,
       count(*) FILTER (WHERE s.result IS NOT NULL) AS resulted,
       count(*) FILTER (WHERE s.result = 'POSITIVE') AS positives,
       count(*) FILTER (WHERE s.result IS NULL) AS pending,
       count(*) FILTER (WHERE s.result IS NULL AND s.due_at < now()) AS overdue,
       count(*) FILTER (WHERE s.resulted_at > s.due_at) AS late_results,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.resulted_at - s.collected_at) / 3600)
           FILTER (WHERE s.resulted_at IS NOT NULL) AS turnaround_p50_hours,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM s.resulted_at - s.collected_at) / 3600)
           FILTER (WHERE s.resulted_at IS NOT NULL) AS turnaround_p90_hours
FROM sample s
JOIN place p ON p.id = s.place_id
LEFT JOIN place county ON county.code = reporting.county_code(p.path)
GROUP BY 1, 2, 3, 4, 5;
COMMENT ON VIEW reporting.samples_daily IS 'Nucleic-acid and antigen samples per collection day, county, purpose and kind. Filter on day to keep it fast.';
COMMENT ON COLUMN reporting.samples_daily.day IS 'Calendar day of collection (database time zone).';
COMMENT ON COLUMN reporting.samples_daily.county_code IS 'County the sample counts for (the subject''s residence grid or the site''s place).';
COMMENT ON COLUMN reporting.samples_daily.county_name IS 'Name of that county.';
COMMENT ON COLUMN reporting.samples_daily.purpose IS 'Why the sample was taken: ROUTINE, KEY_GROUP, MASS_TESTING, FEVER_CLINIC, ...';
COMMENT ON COLUMN reporting.samples_daily.kind IS 'PCR or ANTIGEN.';
COMMENT ON COLUMN reporting.samples_daily.collected IS 'Samples collected that day.';
COMMENT ON COLUMN reporting.samples_daily.resulted IS 'Of those, samples with a result (NEGATIVE, POSITIVE or INVALID).';
COMMENT ON COLUMN reporting.samples_daily.positives IS 'Of those, POSITIVE results.';
COMMENT ON COLUMN reporting.samples_daily.pending IS 'Of those, samples still without a result.';
COMMENT ON COLUMN reporting.samples_daily.overdue IS 'Of the pending, those past their result deadline (due_at) now.';
COMMENT ON COLUMN reporting.samples_daily.late_results IS 'Results reported after the deadline (SLA breaches).';
COMMENT ON COLUMN reporting.samples_daily.turnaround_p50_hours IS 'Median hours from collection to result, over resulted samples.';
COMMENT ON COLUMN reporting.samples_daily.turnaround_p90_hours IS '90th percentile hours from collection to result, over resulted samples.';

CREATE VIEW reporting.lab_load AS
SELECT lab.name AS lab_name,
       reporting.county_code(p.path) AS county_code,
       lab.daily_test_capacity,
       count(s.id) FILTER (WHERE s.result IS NULL AND s.received_at IS NOT NULL) AS in_lab,
       count(s.id) FILTER (WHERE s.resulted_at >= now() - interval '24 hours') AS resulted_last_24h,
       count(s.id) FILTER (WHERE s.result IS NULL AND s.due_at < now()) AS overdue
FROM site lab
JOIN place p ON p.id = lab.place_id
LEFT JOIN sample s ON s.lab_site_id = lab.id AND (s.result IS NULL OR s.resulted_at >= now() - interval '24 hours')
WHERE lab.type = 'LAB'
GROUP BY lab.id, lab.name, p.path, lab.daily_test_capacity;
COMMENT ON VIEW reporting.lab_load IS 'Load of each laboratory now: samples received and waiting, results in the last 24 hours, against its daily capacity.';
COMMENT ON COLUMN reporting.lab_load.lab_name IS 'Name of the laboratory.';
COMMENT ON COLUMN reporting.lab_load.county_code IS 'County the laboratory lies in.';
COMMENT ON COLUMN reporting.lab_load.daily_test_capacity IS 'Tests the laboratory can run per day.';
COMMENT ON COLUMN reporting.lab_load.in_lab IS 'Samples received by the laboratory and still without a result.';
COMMENT ON COLUMN reporting.lab_load.resulted_last_24h IS 'Results the laboratory reported in the last 24 hours.';
COMMENT ON COLUMN reporting.lab_load.overdue IS 'Samples assigned to the laboratory past their result deadline.';

CREATE VIEW reporting.campaign_coverage AS
SELECT c.name AS campaign_name,
       c.starts_on,
       c.ends_on,
       area.code AS area_code,
       reporting.county_code(area.path) AS county_code,
       coalesce((SELECT sum(g.population) FROM place g WHERE g.path <@ area.path AND g.level = 'GRID'), area.population)
           AS residents,
       (SELECT count(DISTINCT s.person_id) FROM sample s WHERE s.campaign_id = c.id AND s.person_id IS NOT NULL)
           AS tested
FROM campaign c
JOIN place area ON area.id = c.place_id;
COMMENT ON VIEW reporting.campaign_coverage IS 'Mass-testing campaigns: distinct people tested against the registered residents of the campaign area.';
COMMENT ON COLUMN reporting.campaign_coverage.campaign_name IS 'Name of the campaign.';
COMMENT ON COLUMN reporting.campaign_coverage.starts_on IS 'First day of the campaign.';
COMMENT ON COLUMN reporting.campaign_coverage.ends_on IS 'Last day of the campaign.';
COMMENT ON COLUMN reporting.campaign_coverage.area_code IS 'Code of the campaign area.';
COMMENT ON COLUMN reporting.campaign_coverage.county_code IS 'County of the campaign area.';
COMMENT ON COLUMN reporting.campaign_coverage.residents IS 'Registered population of the grids in the area (or of the area itself).';
COMMENT ON COLUMN reporting.campaign_coverage.tested IS 'Distinct people with a sample in the campaign.';

CREATE VIEW reporting.quarantine_occupancy AS
SELECT st.name AS site_name,
       st.status AS site_status,
       p.code AS place_code,
       reporting.county_code(p.path) AS county_code,
       coalesce(st.rooms, 0) AS capacity,
       count(cm.id) FILTER (WHERE cm.status = 'CHECKED_IN') AS occupied,
       count(cm.id) FILTER (WHERE cm.status = 'CHECKED_IN' AND cm.planned_release_on = current_date) AS due_today,
       count(cm.id) FILTER (WHERE cm.status = 'CHECKED_IN' AND cm.planned_release_on < current_date) AS past_release_date,
       count(cm.id) FILTER (WHERE cm.status IN ('ASSIGNED', 'TRANSFERRING')) AS arriving
FROM site st
JOIN place p ON p.id = st.place_id
LEFT JOIN control_measure cm ON cm.site_id = st.id AND cm.status IN ('ASSIGNED', 'TRANSFERRING', 'CHECKED_IN')
WHERE st.type = 'QUARANTINE_HOTEL' AND st.status <> 'CLOSED'
GROUP BY st.id, st.name, st.status, p.code, p.path, st.rooms;
COMMENT ON VIEW reporting.quarantine_occupancy IS 'Centralized quarantine hotels (not closed): rooms, people checked in, releases due.';
COMMENT ON COLUMN reporting.quarantine_occupancy.site_name IS 'Name of the quarantine hotel.';
COMMENT ON COLUMN reporting.quarantine_occupancy.site_status IS 'ACTIVE or SUSPENDED.';
COMMENT ON COLUMN reporting.quarantine_occupancy.place_code IS 'Code of the place the hotel is registered in.';
COMMENT ON COLUMN reporting.quarantine_occupancy.county_code IS 'County of the hotel.';
COMMENT ON COLUMN reporting.quarantine_occupancy.capacity IS 'Rooms (one person per room).';
COMMENT ON COLUMN reporting.quarantine_occupancy.occupied IS 'People checked in now.';
COMMENT ON COLUMN reporting.quarantine_occupancy.due_today IS 'Checked-in people whose planned release is today.';
COMMENT ON COLUMN reporting.quarantine_occupancy.past_release_date IS 'Checked-in people past their planned release day.';
COMMENT ON COLUMN reporting.quarantine_occupancy.arriving IS 'People assigned to the hotel and not yet checked in.';

CREATE VIEW reporting.contacts_tracing AS
SELECT c.identified_at::date AS day,
       reporting.county_code(p.path) AS county_code,
       c.degree,
       count(*) AS identified,
       count(*) FILTER (WHERE c.traced_at IS NOT NULL) AS traced,
       count(*) FILTER (WHERE c.traced_at <= c.trace_due_at) AS traced_in_time,
       count(*) FILTER (WHERE c.traced_at IS NULL AND c.trace_due_at < now()) AS untraced_overdue,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.traced_at - c.identified_at) / 3600)
           FILTER (WHERE c.traced_at IS NOT NULL) AS hours_to_trace_p50
FROM contact c
JOIN person pe ON pe.id = c.contact_person_id
LEFT JOIN place p ON p.id = pe.residence_place_id
GROUP BY 1, 2, 3;
COMMENT ON VIEW reporting.contacts_tracing IS 'Contact tracing timeliness per day the contacts were identified, county of the contact''s residence and degree.';
COMMENT ON COLUMN reporting.contacts_tracing.day IS 'Calendar day the contacts were identified.';
COMMENT ON COLUMN reporting.contacts_tracing.county_code IS 'County of the contact''s residence; null when the residence is unknown.';
COMMENT ON COLUMN reporting.contacts_tracing.degree IS 'CLOSE (密接) or SECONDARY (次密接).';
COMMENT ON COLUMN reporting.contacts_tracing.identified IS 'Contacts identified.';
COMMENT ON COLUMN reporting.contacts_tracing.traced IS 'Of those, traced (reached) so far.';
COMMENT ON COLUMN reporting.contacts_tracing.traced_in_time IS 'Of those, traced by their deadline.';
COMMENT ON COLUMN reporting.contacts_tracing.untraced_overdue IS 'Of those, still untraced past their deadline.';
COMMENT ON COLUMN reporting.contacts_tracing.hours_to_trace_p50 IS 'Median hours from identification to tracing.';

CREATE VIEW reporting.stock_cover AS
SELECT st.name AS site_name,
       st.type AS site_type,
       p.code AS place_code,
       reporting.county_code(p.path) AS county_code,
       i.code AS item_code,
       i.name AS item_name,
       i.category,
       i.unit,
       coalesce(b.on_hand, 0) AS on_hand,
       r.full_load_daily_use AS daily_use,
       round(coalesce(b.on_hand, 0) / r.full_load_daily_use, 1) AS days_of_cover,
       r.target_days,
       coalesce(b.on_hand, 0) / r.full_load_daily_use < r.target_days AS below_target
FROM stock_requirement r
JOIN site st ON st.id = r.site_id
JOIN place p ON p.id = st.place_id
JOIN supply_item i ON i.id = r.item_id
LEFT JOIN (SELECT site_id, item_id, sum(on_hand) AS on_hand FROM stock_balance GROUP BY site_id, item_id) b
       ON b.site_id = r.site_id AND b.item_id = r.item_id;
COMMENT ON VIEW reporting.stock_cover IS 'Days of cover (on hand / full-load daily use) of every site and item with a requirement, against its target days (30 by default).';
COMMENT ON COLUMN reporting.stock_cover.site_name IS 'Name of the site holding the stock.';
COMMENT ON COLUMN reporting.stock_cover.site_type IS 'Type of the site (HOSPITAL, SUPPLY_DEPOT, ...).';
COMMENT ON COLUMN reporting.stock_cover.place_code IS 'Code of the place the site is registered in.';
COMMENT ON COLUMN reporting.stock_cover.county_code IS 'County of the site.';
COMMENT ON COLUMN reporting.stock_cover.item_code IS 'Code of the supply item.';
COMMENT ON COLUMN reporting.stock_cover.item_name IS 'Name of the supply item.';
COMMENT ON COLUMN reporting.stock_cover.category IS 'PPE, TESTING, DISINFECTANT, MEDICINE, VACCINE, MEDICAL_DEVICE or LIVING.';
COMMENT ON COLUMN reporting.stock_cover.unit IS 'Unit the quantities are counted in.';
COMMENT ON COLUMN reporting.stock_cover.on_hand IS 'Quantity on hand over all lots.';
COMMENT ON COLUMN reporting.stock_cover.daily_use IS 'Full-load daily use (满负荷日用量).';
COMMENT ON COLUMN reporting.stock_cover.days_of_cover IS 'on_hand / daily_use, rounded to a tenth of a day.';
COMMENT ON COLUMN reporting.stock_cover.target_days IS 'Days of cover the site must hold.';
COMMENT ON COLUMN reporting.stock_cover.below_target IS 'True when the days of cover are under the target.';

CREATE VIEW reporting.daily_report_compliance AS
SELECT d.day::date AS day,
       reporting.county_code(p.path) AS county_code,
       st.type AS site_type,
       count(*) AS institutions,
       count(r.id) AS reported,
       count(*) - count(r.id) AS missing,
       count(r.id) FILTER (WHERE r.zero_report) AS zero_reports
FROM generate_series(current_date - 29, current_date, interval '1 day') AS d (day)
CROSS JOIN site st
JOIN place p ON p.id = st.place_id
LEFT JOIN daily_report r ON r.site_id = st.id AND r.report_date = d.day::date
WHERE st.type IN ('SCHOOL', 'NURSING_HOME', 'WELFARE_HOME', 'PRISON', 'DETENTION_CENTER', 'PSYCHIATRIC_HOSPITAL', 'HOSPITAL')
  AND st.status = 'ACTIVE'
GROUP BY 1, 2, 3;
COMMENT ON VIEW reporting.daily_report_compliance IS 'Daily and zero reports (日报告、零报告) of the institutions now active, over the last 30 days including today.';
COMMENT ON COLUMN reporting.daily_report_compliance.day IS 'Report date.';
COMMENT ON COLUMN reporting.daily_report_compliance.county_code IS 'County of the institutions.';
COMMENT ON COLUMN reporting.daily_report_compliance.site_type IS 'SCHOOL, NURSING_HOME, WELFARE_HOME, PRISON, DETENTION_CENTER, PSYCHIATRIC_HOSPITAL or HOSPITAL.';
COMMENT ON COLUMN reporting.daily_report_compliance.institutions IS 'Active institutions expected to report.';
COMMENT ON COLUMN reporting.daily_report_compliance.reported IS 'Of those, institutions that reported for the day.';
COMMENT ON COLUMN reporting.daily_report_compliance.missing IS 'Of those, institutions without a report for the day.';
COMMENT ON COLUMN reporting.daily_report_compliance.zero_reports IS 'Reports that were zero reports (nothing to report).';

CREATE VIEW reporting.alerts_summary AS
SELECT kind, county_code, count(*) AS open, min(since) AS oldest_since
FROM (
    SELECT 'OVERDUE_RESULT' AS kind, reporting.county_code(p.path) AS county_code, s.due_at AS since
    FROM sample s JOIN place p ON p.id = s.place_id
    WHERE s.result IS NULL AND s.due_at < now()
    UNION ALL
    SELECT 'UNTRACED_CONTACT', reporting.county_code(p.path), c.trace_due_at
    FROM contact c JOIN person pe ON pe.id = c.contact_person_id LEFT JOIN place p ON p.id = pe.residence_place_id
    WHERE c.traced_at IS NULL AND c.trace_due_at < now()
    UNION ALL
    SELECT 'STOCK_BELOW_TARGET', sc.county_code, NULL::timestamptz
    FROM reporting.stock_cover sc
    WHERE sc.below_target
    UNION ALL
    SELECT 'MISSING_DAILY_REPORT', reporting.county_code(p.path), current_date::timestamptz
    FROM site st JOIN place p ON p.id = st.place_id
    WHERE st.type IN ('SCHOOL', 'NURSING_HOME', 'WELFARE_HOME', 'PRISON', 'DETENTION_CENTER', 'PSYCHIATRIC_HOSPITAL', 'HOSPITAL')
      AND st.status = 'ACTIVE'
      AND NOT EXISTS (SELECT 1 FROM daily_report r WHERE r.site_id = st.id AND r.report_date = current_date)
    UNION ALL
    SELECT 'COLD_CHAIN_AWAITING_TEST', reporting.county_code(p.path), b.arrived_at
    FROM cold_chain_batch b JOIN site st ON st.id = b.warehouse_site_id JOIN place p ON p.id = st.place_id
    WHERE b.status = 'HELD'
      AND NOT EXISTS (SELECT 1 FROM sample s WHERE s.batch_id = b.id AND s.result IS NOT NULL)
    UNION ALL
    SELECT 'QUARANTINE_DUE_FOR_RELEASE', reporting.county_code(coalesce(sp.path, rp.path)), cm.planned_release_on::timestamptz
    FROM control_measure cm
    JOIN person pe ON pe.id = cm.person_id
    LEFT JOIN site st ON st.id = cm.site_id LEFT JOIN place sp ON sp.id = st.place_id
    LEFT JOIN place rp ON rp.id = pe.residence_place_id
    WHERE cm.status = 'CHECKED_IN' AND cm.planned_release_on <= current_date
    UNION ALL
    SELECT 'RECTIFICATION_OVERDUE', reporting.county_code(p.path), i.rectification_due_on::timestamptz
    FROM inspection i JOIN place p ON p.id = i.place_id
    WHERE i.status = 'OPEN' AND i.rectification_due_on < current_date
) open_alerts
GROUP BY kind, county_code;
COMMENT ON VIEW reporting.alerts_summary IS 'What needs action now, counted per alert kind and county (the same kinds as the alerts query of the API).';
COMMENT ON COLUMN reporting.alerts_summary.kind IS 'OVERDUE_RESULT, UNTRACED_CONTACT, STOCK_BELOW_TARGET, MISSING_DAILY_REPORT, COLD_CHAIN_AWAITING_TEST, QUARANTINE_DUE_FOR_RELEASE or RECTIFICATION_OVERDUE.';
COMMENT ON COLUMN reporting.alerts_summary.county_code IS 'County the alerts are in; null when the place is unknown.';
COMMENT ON COLUMN reporting.alerts_summary.open IS 'Open alerts of that kind in that county.';
COMMENT ON COLUMN reporting.alerts_summary.oldest_since IS 'Since when the oldest of them needs action (deadline passed, day due); null for stock.';

-- Roles: read-only, views only, bounded statements.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'epigrid_analyst') THEN
        CREATE ROLE epigrid_analyst NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'epigrid_grafana') THEN
        -- no password here: the operator sets it (epigrid.reporting.grafana-password)
        CREATE ROLE epigrid_grafana LOGIN IN ROLE epigrid_analyst;
    END IF;
END $$;
COMMENT ON ROLE epigrid_analyst IS 'Read-only access to the reporting views; statements time out after 15 s.';
ALTER ROLE epigrid_analyst SET statement_timeout = '15s';
-- role settings are not inherited: the login role gets the same limit
ALTER ROLE epigrid_grafana SET statement_timeout = '15s';
GRANT USAGE ON SCHEMA reporting TO epigrid_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO epigrid_analyst;
GRANT EXECUTE ON FUNCTION reporting.county_code(ltree) TO epigrid_analyst;
ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO epigrid_analyst;
