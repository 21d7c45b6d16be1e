-- R9 mass-testing campaigns and R11 sentinels (fever clinics, pharmacies): what the recording
-- workflows need beyond V6 and V7.

-- Symptoms at a fever-clinic visit are the closed set of the daily health checks.
ALTER TABLE fever_clinic_visit ADD CONSTRAINT fever_clinic_visit_symptoms_known CHECK (symptoms <@ ARRAY[
    'FEVER', 'COUGH', 'SORE_THROAT', 'FATIGUE', 'LOSS_OF_SMELL', 'LOSS_OF_TASTE', 'DIARRHEA',
    'SHORTNESS_OF_BREATH', 'MUSCLE_PAIN', 'OTHER']::text[]);
-- the visit list is read newest first with a (visited_at, id) keyset
CREATE INDEX fever_clinic_visit_visited_idx ON fever_clinic_visit (visited_at, id);

-- Real-name drug sales: the follow-up is closed TESTED (with the buyer's sample) or CLEARED (with
-- the reason), and the row carries the audit columns every user-changed table has.
ALTER TABLE drug_sale ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE drug_sale ADD COLUMN follow_up_reason text;
ALTER TABLE drug_sale ADD CONSTRAINT drug_sale_drug_name_not_blank CHECK (btrim(drug_name) <> '');
ALTER TABLE drug_sale ADD CONSTRAINT drug_sale_follow_up_sample_fk
    FOREIGN KEY (follow_up_sample_id) REFERENCES sample (id);
ALTER TABLE drug_sale ADD CONSTRAINT drug_sale_tested_has_sample
    CHECK ((follow_up_status = 'TESTED') = (follow_up_sample_id IS NOT NULL));
ALTER TABLE drug_sale ADD CONSTRAINT drug_sale_cleared_has_reason
    CHECK (follow_up_status <> 'CLEARED' OR btrim(follow_up_reason) <> '');
-- the sale list is read newest first with a (sold_at, id) keyset; per partition, so a time
-- window prunes to its months and each month's index is walked backwards
CREATE INDEX drug_sale_sold_idx ON drug_sale (sold_at, id);
CREATE TRIGGER drug_sale_touch BEFORE UPDATE ON drug_sale FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
