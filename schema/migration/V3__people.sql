-- R3 returnees, R4 key groups, R5 health code, R6 control measures, R7 contacts, R10 cases.
-- Personal data lives in person only (id_number, full_name, phone, address); every other table
-- refers to people by id.

CREATE TABLE person (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- resident ID number (18 characters, last one a digit or X)
    id_number               text NOT NULL CONSTRAINT person_id_number_unique UNIQUE
                            CONSTRAINT person_id_number_format CHECK (id_number ~ '^[0-9]{17}[0-9X]$'),
    full_name               text NOT NULL CONSTRAINT person_full_name_not_blank CHECK (btrim(full_name) <> ''),
    sex                     text NOT NULL CONSTRAINT person_sex_known CHECK (sex IN ('MALE', 'FEMALE')),
    birth_date              date NOT NULL,
    phone                   text CONSTRAINT person_phone_format CHECK (phone ~ '^1[3-9][0-9]{9}$'),
    residence_place_id      bigint REFERENCES place (id),
    address                 text,
    categories              text[] NOT NULL DEFAULT '{}' CONSTRAINT person_categories_known CHECK (categories <@ ARRAY[
        'COLD_CHAIN_WORKER', 'MEDICAL_STAFF', 'PORT_WORKER', 'COURIER', 'TEACHER', 'STUDENT',
        'MIGRANT_WORKER', 'ELDERLY', 'TRANSPORT_WORKER', 'MARKET_WORKER', 'QUARANTINE_STAFF',
        'PUBLIC_SERVICE', 'CHILD', 'PREGNANT', 'CHRONIC_ILLNESS']::text[]),
    health_code             text NOT NULL DEFAULT 'GREEN' CONSTRAINT person_health_code_known
                            CHECK (health_code IN ('GREEN', 'YELLOW', 'RED')),
    health_code_changed_at  timestamptz NOT NULL DEFAULT now(),
    created_at              timestamptz NOT NULL DEFAULT now(),
    created_by              text NOT NULL DEFAULT 'system',
    updated_at              timestamptz NOT NULL DEFAULT now(),
    updated_by              text NOT NULL DEFAULT 'system',
    version                 integer NOT NULL DEFAULT 0
);
CREATE INDEX person_residence_idx ON person (residence_place_id, id);
CREATE INDEX person_categories_gin ON person USING gin (categories);
CREATE INDEX person_health_code_idx ON person (health_code, id) WHERE health_code <> 'GREEN';
CREATE INDEX person_full_name_prefix ON person (full_name text_pattern_ops);
CREATE INDEX person_id_number_prefix ON person (id_number text_pattern_ops);
CREATE TRIGGER person_touch BEFORE UPDATE ON person FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- 三员一长: grid commander, instructor, manager, prevention worker, on any level of the hierarchy
CREATE TABLE grid_staff (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    place_id    bigint NOT NULL REFERENCES place (id),
    person_id   bigint NOT NULL REFERENCES person (id),
    role        text NOT NULL CONSTRAINT grid_staff_role_known
                CHECK (role IN ('COMMANDER', 'INSTRUCTOR', 'MANAGER', 'PREVENTION_WORKER')),
    since       date NOT NULL DEFAULT current_date,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL DEFAULT 'system',
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text NOT NULL DEFAULT 'system',
    version     integer NOT NULL DEFAULT 0,
    CONSTRAINT grid_staff_unique_role UNIQUE (place_id, person_id, role)
);
CREATE INDEX grid_staff_person_idx ON grid_staff (person_id);

-- Health-code history; person.health_code is the current colour.
CREATE TABLE health_code_event (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id   bigint NOT NULL REFERENCES person (id),
    colour      text NOT NULL CONSTRAINT health_code_event_colour_known CHECK (colour IN ('GREEN', 'YELLOW', 'RED')),
    changed_at  timestamptz NOT NULL,
    reason      text NOT NULL,
    created_by  text NOT NULL DEFAULT 'system'
);
CREATE INDEX health_code_event_person_idx ON health_code_event (person_id, changed_at DESC);

-- Big table. Plain table with BRIN on arrived_at: rows arrive roughly in time order, so a BRIN
-- index answers "arrivals in this window" with a few kB of index at any size; lookups by person
-- and by destination use btree. Not partitioned because control measures refer to travel records.
CREATE TABLE travel_record (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id             bigint NOT NULL REFERENCES person (id),
    origin_area_code      text NOT NULL CONSTRAINT travel_record_origin_code_format CHECK (origin_area_code ~ '^[0-9]{6,15}$'),
    origin_name           text NOT NULL,
    -- the designation valid at arrival, copied so that later re-designations do not rewrite history
    origin_risk_level     text NOT NULL CONSTRAINT travel_record_origin_risk_known
                          CHECK (origin_risk_level IN ('NONE', 'LOW', 'MEDIUM', 'HIGH')),
    departed_at           timestamptz,
    arrived_at            timestamptz NOT NULL,
    transport             text NOT NULL CONSTRAINT travel_record_transport_known
                          CHECK (transport IN ('TRAIN', 'FLIGHT', 'COACH', 'CAR', 'SHIP', 'OTHER')),
    transport_number      text,
    destination_place_id  bigint NOT NULL REFERENCES place (id),
    detected_via          text NOT NULL CONSTRAINT travel_record_detected_via_known
                          CHECK (detected_via IN ('GRID_CANVASS', 'DATA_PUSH', 'STATION_CHECK', 'SELF_REPORT')),
    created_at            timestamptz NOT NULL DEFAULT now(),
    created_by            text NOT NULL DEFAULT 'system',
    CONSTRAINT travel_record_time_ordered CHECK (departed_at IS NULL OR departed_at <= arrived_at)
);
CREATE INDEX travel_record_person_idx ON travel_record (person_id, arrived_at DESC);
CREATE INDEX travel_record_destination_idx ON travel_record (destination_place_id, arrived_at);
CREATE INDEX travel_record_arrived_brin ON travel_record USING brin (arrived_at);

-- R6 接转-入住-解除: ASSIGNED › TRANSFERRING › CHECKED_IN › RELEASED, or CANCELLED.
CREATE TABLE control_measure (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id             bigint NOT NULL REFERENCES person (id),
    kind                  text NOT NULL CONSTRAINT control_measure_kind_known CHECK (kind IN (
        'CENTRALIZED_QUARANTINE', 'HOME_QUARANTINE', 'HOME_HEALTH_MONITORING', 'HOSPITAL_ISOLATION')),
    reason                text NOT NULL CONSTRAINT control_measure_reason_known CHECK (reason IN (
        'CLOSE_CONTACT', 'SECONDARY_CONTACT', 'RETURNEE_HIGH_RISK', 'RETURNEE_MEDIUM_RISK', 'INBOUND_TRAVEL',
        'CONFIRMED_CASE', 'ASYMPTOMATIC_CASE', 'OTHER')),
    travel_record_id      bigint REFERENCES travel_record (id),
    site_id               bigint REFERENCES site (id),
    room                  text,
    status                text NOT NULL DEFAULT 'ASSIGNED' CONSTRAINT control_measure_status_known
                          CHECK (status IN ('ASSIGNED', 'TRANSFERRING', 'CHECKED_IN', 'RELEASED', 'CANCELLED')),
    assigned_at           timestamptz NOT NULL,
    transfer_started_at   timestamptz,
    checked_in_at         timestamptz,
    planned_release_on    date NOT NULL,
    released_at           timestamptz,
    cancelled_at          timestamptz,
    cancel_reason         text,
    created_at            timestamptz NOT NULL DEFAULT now(),
    created_by            text NOT NULL DEFAULT 'system',
    updated_at            timestamptz NOT NULL DEFAULT now(),
    updated_by            text NOT NULL DEFAULT 'system',
    version               integer NOT NULL DEFAULT 0,
    CONSTRAINT control_measure_checked_in_has_place CHECK (
        status NOT IN ('CHECKED_IN', 'RELEASED') OR checked_in_at IS NOT NULL
        AND (kind NOT IN ('CENTRALIZED_QUARANTINE', 'HOSPITAL_ISOLATION') OR site_id IS NOT NULL)),
    CONSTRAINT control_measure_released_has_time CHECK ((status = 'RELEASED') = (released_at IS NOT NULL)),
    CONSTRAINT control_measure_cancelled_has_time CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL)),
    CONSTRAINT control_measure_time_ordered CHECK (
        (transfer_started_at IS NULL OR transfer_started_at >= assigned_at)
        AND (checked_in_at IS NULL OR checked_in_at >= assigned_at)
        AND (released_at IS NULL OR released_at >= checked_in_at))
);
CREATE INDEX control_measure_person_idx ON control_measure (person_id, assigned_at DESC);
CREATE INDEX control_measure_site_idx ON control_measure (site_id, status);
-- a person is under at most one active measure
CREATE UNIQUE INDEX control_measure_one_active_per_person ON control_measure (person_id)
    WHERE status IN ('ASSIGNED', 'TRANSFERRING', 'CHECKED_IN');
-- 单人单间: one checked-in person per room
CREATE UNIQUE INDEX control_measure_one_person_per_room ON control_measure (site_id, room)
    WHERE status = 'CHECKED_IN' AND room IS NOT NULL;
CREATE INDEX control_measure_due_idx ON control_measure (planned_release_on) WHERE status = 'CHECKED_IN';
CREATE TRIGGER control_measure_touch BEFORE UPDATE ON control_measure FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Big, append-only: daily health checks of everyone under a measure. Range-partitioned by month
-- on checked_on: every read is "this measure / these days", old months are detached or dropped
-- as a whole for retention, and each partition's indexes stay small. Nothing refers to it.
CREATE TABLE health_check (
    id           bigint GENERATED ALWAYS AS IDENTITY,
    person_id    bigint NOT NULL REFERENCES person (id),
    measure_id   bigint REFERENCES control_measure (id),
    checked_on   date NOT NULL,
    checked_at   timestamptz NOT NULL,
    temperature  numeric(3, 1) NOT NULL CONSTRAINT health_check_temperature_plausible CHECK (temperature BETWEEN 34.0 AND 43.0),
    symptoms     text[] NOT NULL DEFAULT '{}' CONSTRAINT health_check_symptoms_known CHECK (symptoms <@ ARRAY[
        'FEVER', 'COUGH', 'SORE_THROAT', 'FATIGUE', 'LOSS_OF_SMELL', 'LOSS_OF_TASTE', 'DIARRHEA',
        'SHORTNESS_OF_BREATH', 'MUSCLE_PAIN', 'OTHER']::text[]),
    checked_by   text NOT NULL DEFAULT 'system',
    PRIMARY KEY (id, checked_on),
    CONSTRAINT health_check_one_per_day UNIQUE (person_id, checked_on)
) PARTITION BY RANGE (checked_on);
CREATE TABLE health_check_default PARTITION OF health_check DEFAULT;
SELECT ensure_monthly_partitions('health_check', (current_date - interval '24 months')::date, (current_date + interval '12 months')::date);
CREATE INDEX health_check_measure_idx ON health_check (measure_id, checked_on);

-- R10 直报 with three-level review (county, city, province) and deadlines.
CREATE TABLE case_report (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id             bigint NOT NULL REFERENCES person (id),
    classification        text NOT NULL CONSTRAINT case_report_classification_known
                          CHECK (classification IN ('SUSPECTED', 'CONFIRMED', 'ASYMPTOMATIC', 'EXCLUDED')),
    reporting_site_id     bigint REFERENCES site (id),
    diagnosed_at          timestamptz NOT NULL,
    report_due_at         timestamptz NOT NULL,
    reported_at           timestamptz,
    county_review_due_at  timestamptz NOT NULL,
    county_reviewed_at    timestamptz,
    city_review_due_at    timestamptz NOT NULL,
    city_reviewed_at      timestamptz,
    province_review_due_at timestamptz NOT NULL,
    province_reviewed_at  timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    created_by            text NOT NULL DEFAULT 'system',
    updated_at            timestamptz NOT NULL DEFAULT now(),
    updated_by            text NOT NULL DEFAULT 'system',
    version               integer NOT NULL DEFAULT 0,
    CONSTRAINT case_report_review_in_order CHECK (
        (reported_at IS NULL OR reported_at >= diagnosed_at)
        AND (county_reviewed_at IS NULL OR reported_at IS NOT NULL AND county_reviewed_at >= reported_at)
        AND (city_reviewed_at IS NULL OR county_reviewed_at IS NOT NULL AND city_reviewed_at >= county_reviewed_at)
        AND (province_reviewed_at IS NULL OR city_reviewed_at IS NOT NULL AND province_reviewed_at >= city_reviewed_at))
);
CREATE INDEX case_report_person_idx ON case_report (person_id);
CREATE INDEX case_report_diagnosed_idx ON case_report (diagnosed_at);
CREATE TRIGGER case_report_touch BEFORE UPDATE ON case_report FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- R7 密接/次密接: exposure edges; traced within 24 h of the source case report (configurable).
CREATE TABLE contact (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_person_id    bigint NOT NULL REFERENCES person (id),
    contact_person_id   bigint NOT NULL REFERENCES person (id),
    source_case_id      bigint REFERENCES case_report (id),
    degree              text NOT NULL CONSTRAINT contact_degree_known CHECK (degree IN ('CLOSE', 'SECONDARY')),
    exposure_at         timestamptz NOT NULL,
    exposure_site_id    bigint REFERENCES site (id),
    exposure_setting    text CONSTRAINT contact_exposure_setting_known CHECK (exposure_setting IN (
        'HOUSEHOLD', 'WORKPLACE', 'TRANSPORT', 'SCHOOL', 'HEALTHCARE', 'SOCIAL', 'OTHER')),
    identified_at       timestamptz NOT NULL,
    trace_due_at        timestamptz NOT NULL,
    traced_at           timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    created_by          text NOT NULL DEFAULT 'system',
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by          text NOT NULL DEFAULT 'system',
    version             integer NOT NULL DEFAULT 0,
    CONSTRAINT contact_not_self CHECK (source_person_id <> contact_person_id),
    CONSTRAINT contact_unique_edge UNIQUE (source_person_id, contact_person_id),
    CONSTRAINT contact_traced_after_identified CHECK (traced_at IS NULL OR traced_at >= identified_at)
);
CREATE INDEX contact_contact_idx ON contact (contact_person_id);
CREATE INDEX contact_untraced_idx ON contact (trace_due_at) WHERE traced_at IS NULL;
CREATE TRIGGER contact_touch BEFORE UPDATE ON contact FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
