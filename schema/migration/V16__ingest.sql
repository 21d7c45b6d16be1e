-- Bulk ingestion of lab results (POST /ingest/results, reportResults): a file of a million results
-- updates a million samples in one statement. Their UPDATE sets updated_at = now() itself, so the
-- PL/pgSQL touch trigger has nothing left to do; with this WHEN clause PostgreSQL skips the call
-- (evaluated in C, per row) instead of entering PL/pgSQL a million times. For every other write the
-- outcome is the same as before: after any UPDATE, updated_at is now() (the trigger sets it unless it
-- already is), so set-based writes still cannot forget it and the analytics rollup still sees them.
DROP TRIGGER sample_touch ON sample;
CREATE TRIGGER sample_touch BEFORE UPDATE ON sample FOR EACH ROW
    WHEN (NEW.updated_at IS DISTINCT FROM now()) EXECUTE FUNCTION touch_updated_at();

DROP TRIGGER pool_touch ON pool;
CREATE TRIGGER pool_touch BEFORE UPDATE ON pool FOR EACH ROW
    WHEN (NEW.updated_at IS DISTINCT FROM now()) EXECUTE FUNCTION touch_updated_at();
