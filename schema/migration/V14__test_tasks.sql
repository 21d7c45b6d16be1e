-- R8 应检尽检: a person who must be tested (a member of a positive pool, a returnee, a close contact,
-- a fever-clinic patient, a buyer of fever drugs) gets an OPEN test task; collecting a sample of
-- that person with the task's purpose completes it (DONE, linked to the sample).
CREATE TABLE test_task (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id    bigint NOT NULL REFERENCES person (id),
    purpose      text NOT NULL CONSTRAINT test_task_purpose_known CHECK (purpose IN (
        'ROUTINE', 'KEY_GROUP', 'MASS_TESTING', 'FEVER_CLINIC', 'QUARANTINE', 'CLOSE_CONTACT',
        'RETURNEE', 'RETEST', 'DRUG_PURCHASE', 'HOSPITAL_ADMISSION')),
    -- why, for people; never personal data (barcodes and record kinds only)
    reason       text NOT NULL CONSTRAINT test_task_reason_not_blank CHECK (btrim(reason) <> ''),
    -- what raised the task, and the id of that record in its own table (for POOL_RETEST and
    -- INVALID_RESULT: the sample to be re-tested)
    source_kind  text NOT NULL CONSTRAINT test_task_source_kind_known CHECK (source_kind IN (
        'POOL_RETEST', 'INVALID_RESULT', 'RETURNEE', 'CLOSE_CONTACT', 'FEVER_CLINIC', 'DRUG_PURCHASE', 'MANUAL')),
    source_id    bigint,
    due_at       timestamptz NOT NULL,
    status       text NOT NULL DEFAULT 'OPEN' CONSTRAINT test_task_status_known
                 CHECK (status IN ('OPEN', 'DONE', 'CANCELLED')),
    sample_id    bigint REFERENCES sample (id),
    closed_at    timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text NOT NULL DEFAULT 'system',
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   text NOT NULL DEFAULT 'system',
    version      integer NOT NULL DEFAULT 0,
    CONSTRAINT test_task_done_has_sample CHECK ((status = 'DONE') = (sample_id IS NOT NULL)),
    CONSTRAINT test_task_closed_has_time CHECK ((status = 'OPEN') = (closed_at IS NULL))
);
-- the work list: open tasks by deadline
CREATE INDEX test_task_open_due_idx ON test_task (due_at, id) WHERE status = 'OPEN';
CREATE INDEX test_task_person_idx ON test_task (person_id, created_at DESC);
CREATE INDEX test_task_sample_idx ON test_task (sample_id) WHERE sample_id IS NOT NULL;
-- the same source never opens two tasks for one person at a time (NULLS NOT DISTINCT: also for
-- MANUAL tasks without a source record)
CREATE UNIQUE INDEX test_task_open_once ON test_task (person_id, source_kind, source_id) NULLS NOT DISTINCT
    WHERE status = 'OPEN';
CREATE TRIGGER test_task_touch BEFORE UPDATE ON test_task FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
