-- Extensions and helpers shared by every feature.
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- Audit columns: every table that users change carries
--   created_at, created_by, updated_at, updated_by, version
-- updated_at is kept by this trigger so that set-based jOOQ writes cannot forget it;
-- version is the optimistic lock (Spring Data JDBC @Version, or checked by jOOQ writes).
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;

-- Monthly range partitions for the append-only, fast-growing tables.
-- Creates one partition per month for [from_month, to_month]; a DEFAULT partition per table
-- (created with the table) catches anything outside, so an insert never fails for want of a partition.
CREATE FUNCTION ensure_monthly_partitions(parent regclass, from_month date, to_month date)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    m date := date_trunc('month', from_month)::date;
    created integer := 0;
    child text;
BEGIN
    WHILE m <= to_month LOOP
        child := format('%s_p%s', parent::text, to_char(m, 'YYYYMM'));
        IF to_regclass(child) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                           child, parent, m, (m + interval '1 month')::date);
            created := created + 1;
        END IF;
        m := (m + interval '1 month')::date;
    END LOOP;
    RETURN created;
END $$;
