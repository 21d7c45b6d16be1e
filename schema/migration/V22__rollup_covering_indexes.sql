-- testingStats reads whole rollup rows of an area (or of each child area) over a range of hours or
-- days: the counts and the stored percentiles, never the histogram columns. With the plain read index
-- each of those rows cost a visit to its heap page, and the rows are wide (133 histogram columns):
-- a county grouped by its 8 townships, hourly over 30 days, read 5,192 rows from 2,587 heap pages
-- (12-19 ms of a 25-40 ms query on the city demo). The read indexes now carry the columns those
-- reads take, so they are index-only scans (155 buffers, 4.7 ms). They replace the indexes of V17
-- with the same keys, so the refresh maintains no additional index.
DROP INDEX sample_rollup_hourly_read_idx;
CREATE INDEX sample_rollup_hourly_read_idx ON sample_rollup_hourly (place_id, kind, purpose, hour)
    INCLUDE (collected, resulted, positives, sla_breaches, overdue, turnaround_p50, turnaround_p90);
DROP INDEX sample_rollup_daily_read_idx;
CREATE INDEX sample_rollup_daily_read_idx ON sample_rollup_daily (place_id, kind, purpose, day)
    INCLUDE (collected, resulted, positives, sla_breaches, overdue, turnaround_p50, turnaround_p90);

-- Index-only scans skip the heap only for pages the visibility map marks all-visible. The refresh
-- rewrites the rows of recent hours every few seconds; vacuum the rollups after 1 % of their rows
-- changed (not the default 20 %), so that the older pages, which no longer change, are marked soon.
ALTER TABLE sample_rollup_hourly SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE sample_rollup_daily SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);
