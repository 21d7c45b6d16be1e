-- R12: a destroyed or recalled batch keeps why and when it was taken out of circulation (the
-- reason is required by destroyColdChainBatch / recallColdChainBatch; before this migration it was
-- checked but not stored). Batches closed before it get an explicit placeholder reason.
ALTER TABLE cold_chain_batch
    ADD COLUMN closed_reason text,
    ADD COLUMN closed_at     timestamptz;

UPDATE cold_chain_batch
SET closed_reason = 'not recorded (closed before the reason was stored)', closed_at = updated_at
WHERE status IN ('DESTROYED', 'RECALLED');

ALTER TABLE cold_chain_batch
    ADD CONSTRAINT cold_chain_batch_closed_has_reason CHECK (
        (status IN ('DESTROYED', 'RECALLED')) = (closed_reason IS NOT NULL AND closed_at IS NOT NULL)),
    ADD CONSTRAINT cold_chain_batch_closed_reason_not_blank CHECK (btrim(closed_reason) <> '');

COMMENT ON COLUMN cold_chain_batch.closed_reason IS 'Why the batch was destroyed or recalled; null while HELD or RELEASED.';
COMMENT ON COLUMN cold_chain_batch.closed_at IS 'When the batch was destroyed or recalled.';
