-- R8 nucleic-acid testing (individual and pooled), R9 mass-testing campaigns.

CREATE TABLE campaign (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CONSTRAINT campaign_name_not_blank CHECK (btrim(name) <> ''),
    place_id    bigint NOT NULL REFERENCES place (id),
    starts_on   date NOT NULL,
    ends_on     date NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL DEFAULT 'system',
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text NOT NULL DEFAULT 'system',
    version     integer NOT NULL DEFAULT 0,
    CONSTRAINT campaign_period_ordered CHECK (ends_on >= starts_on)
);
CREATE INDEX campaign_place_idx ON campaign (place_id, starts_on);
CREATE TRIGGER campaign_touch BEFORE UPDATE ON campaign FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- 混检: one tube for 5/10/20 people; a positive pool sends every member to an individual re-test.
CREATE TABLE pool (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    barcode      text NOT NULL CONSTRAINT pool_barcode_unique UNIQUE
                 CONSTRAINT pool_barcode_format CHECK (barcode ~ '^[A-Z0-9-]{6,32}$'),
    size         smallint NOT NULL CONSTRAINT pool_size_range CHECK (size BETWEEN 2 AND 50),
    collection_site_id bigint REFERENCES site (id),
    lab_site_id  bigint REFERENCES site (id),
    opened_at    timestamptz NOT NULL,
    closed_at    timestamptz,
    received_at  timestamptz,
    result       text CONSTRAINT pool_result_known CHECK (result IN ('NEGATIVE', 'POSITIVE', 'INVALID')),
    resulted_at  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text NOT NULL DEFAULT 'system',
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   text NOT NULL DEFAULT 'system',
    version      integer NOT NULL DEFAULT 0,
    CONSTRAINT pool_result_has_time CHECK ((result IS NULL) = (resulted_at IS NULL)),
    CONSTRAINT pool_time_ordered CHECK (
        (closed_at IS NULL OR closed_at >= opened_at)
        AND (received_at IS NULL OR received_at >= opened_at)
        AND (resulted_at IS NULL OR received_at IS NOT NULL AND resulted_at >= received_at))
);
CREATE INDEX pool_lab_idx ON pool (lab_site_id, resulted_at);
CREATE TRIGGER pool_touch BEFORE UPDATE ON pool FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Big table (tens of millions of rows). Not partitioned: barcodes must be unique across all time,
-- and PostgreSQL can only enforce uniqueness on a partitioned table if the partition key is part of
-- the key. Samples are written in collection order, so a BRIN index on collected_at serves time
-- windows at any size; btree indexes serve the point lookups (barcode, person, pool) and a partial
-- index holds only the pending samples, which is what overdue checks scan.
-- place_id is the area the sample counts for (the person's residence grid, or the site's place for
-- environmental and cold-chain samples), so area filters never need a join through the subject.
CREATE TABLE sample (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    barcode             text NOT NULL CONSTRAINT sample_barcode_unique UNIQUE
                        CONSTRAINT sample_barcode_format CHECK (barcode ~ '^[A-Z0-9-]{6,32}$'),
    kind                text NOT NULL CONSTRAINT sample_kind_known CHECK (kind IN ('PCR', 'ANTIGEN')),
    specimen            text NOT NULL CONSTRAINT sample_specimen_known CHECK (specimen IN (
        'OROPHARYNGEAL_SWAB', 'NASOPHARYNGEAL_SWAB', 'NASAL_SWAB', 'SPUTUM', 'SERUM',
        'ENVIRONMENTAL_SWAB', 'PACKAGE_SWAB', 'FOOD')),
    purpose             text NOT NULL CONSTRAINT sample_purpose_known CHECK (purpose IN (
        'ROUTINE', 'KEY_GROUP', 'MASS_TESTING', 'FEVER_CLINIC', 'QUARANTINE', 'CLOSE_CONTACT',
        'RETURNEE', 'RETEST', 'DRUG_PURCHASE', 'COLD_CHAIN', 'ENVIRONMENT', 'HOSPITAL_ADMISSION')),
    person_id           bigint REFERENCES person (id),
    batch_id            bigint REFERENCES cold_chain_batch (id),
    site_id             bigint REFERENCES site (id),
    place_id            bigint NOT NULL REFERENCES place (id),
    pool_id             bigint REFERENCES pool (id),
    campaign_id         bigint REFERENCES campaign (id),
    retest_of_id        bigint REFERENCES sample (id),
    collection_site_id  bigint REFERENCES site (id),
    lab_site_id         bigint REFERENCES site (id),
    collected_at        timestamptz NOT NULL,
    received_at         timestamptz,
    resulted_at         timestamptz,
    due_at              timestamptz NOT NULL,
    result              text CONSTRAINT sample_result_known CHECK (result IN ('NEGATIVE', 'POSITIVE', 'INVALID')),
    ct_value            numeric(4, 1) CONSTRAINT sample_ct_value_range CHECK (ct_value BETWEEN 0 AND 50),
    created_at          timestamptz NOT NULL DEFAULT now(),
    created_by          text NOT NULL DEFAULT 'system',
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by          text NOT NULL DEFAULT 'system',
    version             integer NOT NULL DEFAULT 0,
    CONSTRAINT sample_exactly_one_subject CHECK (num_nonnulls(person_id, batch_id, site_id) = 1),
    CONSTRAINT sample_result_has_time CHECK ((result IS NULL) = (resulted_at IS NULL)),
    CONSTRAINT sample_ct_only_for_pcr_result CHECK (ct_value IS NULL OR kind = 'PCR' AND result IS NOT NULL),
    CONSTRAINT sample_time_ordered CHECK (
        (received_at IS NULL OR received_at >= collected_at)
        AND (resulted_at IS NULL OR resulted_at >= coalesce(received_at, collected_at))),
    CONSTRAINT sample_due_after_collection CHECK (due_at >= collected_at)
);
CREATE INDEX sample_collected_brin ON sample USING brin (collected_at) WITH (pages_per_range = 32);
CREATE INDEX sample_place_collected_idx ON sample (place_id, collected_at);
CREATE INDEX sample_person_idx ON sample (person_id, collected_at DESC) WHERE person_id IS NOT NULL;
CREATE INDEX sample_batch_idx ON sample (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX sample_pool_idx ON sample (pool_id) WHERE pool_id IS NOT NULL;
CREATE INDEX sample_campaign_idx ON sample (campaign_id, person_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX sample_pending_due_idx ON sample (due_at) WHERE result IS NULL;
CREATE INDEX sample_positive_idx ON sample (resulted_at) WHERE result = 'POSITIVE';
CREATE TRIGGER sample_touch BEFORE UPDATE ON sample FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
