-- R11 sentinels (fever clinics, pharmacies), R14 daily/zero reports, R15 inspections,
-- R16 vaccination, R17 gatherings.

CREATE TABLE fever_clinic_visit (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id      bigint NOT NULL REFERENCES site (id),
    person_id    bigint NOT NULL REFERENCES person (id),
    visited_at   timestamptz NOT NULL,
    temperature  numeric(3, 1) CONSTRAINT fever_clinic_visit_temperature_plausible CHECK (temperature BETWEEN 34.0 AND 43.0),
    symptoms     text[] NOT NULL DEFAULT '{}',
    -- every visit must get a test; null while the sample is still to be taken (an alert)
    sample_id    bigint REFERENCES sample (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text NOT NULL DEFAULT 'system',
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   text NOT NULL DEFAULT 'system',
    version      integer NOT NULL DEFAULT 0
);
CREATE INDEX fever_clinic_visit_site_idx ON fever_clinic_visit (site_id, visited_at);
CREATE INDEX fever_clinic_visit_person_idx ON fever_clinic_visit (person_id);
CREATE INDEX fever_clinic_visit_untested_idx ON fever_clinic_visit (visited_at) WHERE sample_id IS NULL;
CREATE TRIGGER fever_clinic_visit_touch BEFORE UPDATE ON fever_clinic_visit FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Big table: real-name sales of antipyretic, cough, antiviral and antibiotic drugs, each followed
-- up. Range-partitioned by month on sold_at: reads are "recent sales / open follow-ups", and old
-- months are dropped whole when their retention ends. The follow-up lives on the row.
CREATE TABLE drug_sale (
    id                bigint GENERATED ALWAYS AS IDENTITY,
    pharmacy_site_id  bigint NOT NULL REFERENCES site (id),
    person_id         bigint NOT NULL REFERENCES person (id),
    drug_category     text NOT NULL CONSTRAINT drug_sale_category_known
                      CHECK (drug_category IN ('ANTIPYRETIC', 'COUGH', 'ANTIVIRAL', 'ANTIBIOTIC')),
    drug_name         text NOT NULL,
    quantity          integer NOT NULL CONSTRAINT drug_sale_quantity_positive CHECK (quantity > 0),
    sold_at           timestamptz NOT NULL,
    follow_up_status  text NOT NULL DEFAULT 'PENDING' CONSTRAINT drug_sale_follow_up_known
                      CHECK (follow_up_status IN ('PENDING', 'TESTED', 'CLEARED')),
    followed_up_at    timestamptz,
    follow_up_sample_id bigint,
    created_by        text NOT NULL DEFAULT 'system',
    updated_at        timestamptz NOT NULL DEFAULT now(),
    updated_by        text NOT NULL DEFAULT 'system',
    version           integer NOT NULL DEFAULT 0,
    PRIMARY KEY (id, sold_at),
    CONSTRAINT drug_sale_follow_up_has_time CHECK ((follow_up_status = 'PENDING') = (followed_up_at IS NULL))
) PARTITION BY RANGE (sold_at);
CREATE TABLE drug_sale_default PARTITION OF drug_sale DEFAULT;
SELECT ensure_monthly_partitions('drug_sale', (current_date - interval '24 months')::date, (current_date + interval '12 months')::date);
CREATE INDEX drug_sale_pharmacy_idx ON drug_sale (pharmacy_site_id, sold_at);
CREATE INDEX drug_sale_person_idx ON drug_sale (person_id);
CREATE INDEX drug_sale_pending_idx ON drug_sale (sold_at) WHERE follow_up_status = 'PENDING';

-- 日报告、零报告: one per institution per day, also when there is nothing to report.
CREATE TABLE daily_report (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id            bigint NOT NULL REFERENCES site (id),
    report_date        date NOT NULL,
    zero_report        boolean NOT NULL,
    fever_count        integer NOT NULL DEFAULT 0 CONSTRAINT daily_report_fever_not_negative CHECK (fever_count >= 0),
    suspected_count    integer NOT NULL DEFAULT 0 CONSTRAINT daily_report_suspected_not_negative CHECK (suspected_count >= 0),
    absent_count       integer NOT NULL DEFAULT 0 CONSTRAINT daily_report_absent_not_negative CHECK (absent_count >= 0),
    notes              text,
    reported_at        timestamptz NOT NULL,
    created_by         text NOT NULL DEFAULT 'system',
    updated_at         timestamptz NOT NULL DEFAULT now(),
    updated_by         text NOT NULL DEFAULT 'system',
    version            integer NOT NULL DEFAULT 0,
    CONSTRAINT daily_report_one_per_day UNIQUE (site_id, report_date),
    CONSTRAINT daily_report_zero_means_zero CHECK (NOT zero_report OR fever_count = 0 AND suspected_count = 0)
);
CREATE INDEX daily_report_date_idx ON daily_report (report_date);

-- 督导检查, 通报、整改
CREATE TABLE inspection (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id               bigint REFERENCES site (id),
    place_id              bigint NOT NULL REFERENCES place (id),
    inspected_at          timestamptz NOT NULL,
    inspector             text NOT NULL,
    finding               text NOT NULL,
    severity              text NOT NULL CONSTRAINT inspection_severity_known CHECK (severity IN ('MINOR', 'MAJOR', 'CRITICAL')),
    rectification_due_on  date NOT NULL,
    status                text NOT NULL DEFAULT 'OPEN' CONSTRAINT inspection_status_known
                          CHECK (status IN ('OPEN', 'RECTIFIED', 'VERIFIED')),
    rectified_at          timestamptz,
    rectification_note    text,
    publicly_named        boolean NOT NULL DEFAULT false,
    created_at            timestamptz NOT NULL DEFAULT now(),
    created_by            text NOT NULL DEFAULT 'system',
    updated_at            timestamptz NOT NULL DEFAULT now(),
    updated_by            text NOT NULL DEFAULT 'system',
    version               integer NOT NULL DEFAULT 0,
    CONSTRAINT inspection_rectified_has_time CHECK ((status = 'OPEN') = (rectified_at IS NULL))
);
CREATE INDEX inspection_place_idx ON inspection (place_id, inspected_at);
CREATE INDEX inspection_open_due_idx ON inspection (rectification_due_on) WHERE status = 'OPEN';
CREATE TRIGGER inspection_touch BEFORE UPDATE ON inspection FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE vaccination (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id       bigint NOT NULL REFERENCES person (id),
    dose_number     smallint NOT NULL CONSTRAINT vaccination_dose_range CHECK (dose_number BETWEEN 1 AND 10),
    product         text NOT NULL,
    lot             text NOT NULL,
    site_id         bigint NOT NULL REFERENCES site (id),
    vaccinated_at   timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text NOT NULL DEFAULT 'system',
    CONSTRAINT vaccination_one_per_dose UNIQUE (person_id, dose_number)
);
CREATE INDEX vaccination_site_idx ON vaccination (site_id, vaccinated_at);

CREATE TABLE adverse_reaction (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vaccination_id  bigint NOT NULL REFERENCES vaccination (id),
    onset_at        timestamptz NOT NULL,
    severity        text NOT NULL CONSTRAINT adverse_reaction_severity_known CHECK (severity IN ('MILD', 'MODERATE', 'SEVERE')),
    description     text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text NOT NULL DEFAULT 'system'
);
CREATE INDEX adverse_reaction_vaccination_idx ON adverse_reaction (vaccination_id);

-- gatherings over the configured attendance need a prevention plan
CREATE TABLE gathering (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                 text NOT NULL,
    organizer            text NOT NULL,
    place_id             bigint NOT NULL REFERENCES place (id),
    site_id              bigint REFERENCES site (id),
    starts_at            timestamptz NOT NULL,
    ends_at              timestamptz NOT NULL,
    expected_attendance  integer NOT NULL CONSTRAINT gathering_attendance_positive CHECK (expected_attendance > 0),
    plan_status          text NOT NULL CONSTRAINT gathering_plan_status_known
                         CHECK (plan_status IN ('NOT_REQUIRED', 'REQUIRED', 'SUBMITTED', 'APPROVED', 'REJECTED')),
    created_at           timestamptz NOT NULL DEFAULT now(),
    created_by           text NOT NULL DEFAULT 'system',
    updated_at           timestamptz NOT NULL DEFAULT now(),
    updated_by           text NOT NULL DEFAULT 'system',
    version              integer NOT NULL DEFAULT 0,
    CONSTRAINT gathering_period_ordered CHECK (ends_at > starts_at)
);
CREATE INDEX gathering_place_idx ON gathering (place_id, starts_at);
CREATE TRIGGER gathering_touch BEFORE UPDATE ON gathering FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
