-- R12 进口冷链食品: batches held in a central supervision warehouse, disinfected, sampled,
-- released only with a negative test and a disinfection record, traced downstream.

CREATE TABLE cold_chain_batch (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch_no           text NOT NULL CONSTRAINT cold_chain_batch_no_unique UNIQUE,
    product            text NOT NULL,
    origin_country     text NOT NULL,
    port_of_entry      text,
    quantity_kg        numeric(12, 2) NOT NULL CONSTRAINT cold_chain_batch_quantity_positive CHECK (quantity_kg > 0),
    warehouse_site_id  bigint NOT NULL REFERENCES site (id),
    arrived_at         timestamptz NOT NULL,
    status             text NOT NULL DEFAULT 'HELD' CONSTRAINT cold_chain_batch_status_known
                       CHECK (status IN ('HELD', 'RELEASED', 'DESTROYED', 'RECALLED')),
    released_at        timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    created_by         text NOT NULL DEFAULT 'system',
    updated_at         timestamptz NOT NULL DEFAULT now(),
    updated_by         text NOT NULL DEFAULT 'system',
    version            integer NOT NULL DEFAULT 0,
    CONSTRAINT cold_chain_batch_released_has_time CHECK ((status = 'RELEASED') = (released_at IS NOT NULL)
        OR status = 'RECALLED' AND released_at IS NOT NULL),
    CONSTRAINT cold_chain_batch_released_after_arrival CHECK (released_at IS NULL OR released_at >= arrived_at)
);
CREATE INDEX cold_chain_batch_warehouse_idx ON cold_chain_batch (warehouse_site_id, status);
CREATE TRIGGER cold_chain_batch_touch BEFORE UPDATE ON cold_chain_batch FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE cold_chain_disinfection (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch_id         bigint NOT NULL REFERENCES cold_chain_batch (id),
    disinfected_at   timestamptz NOT NULL,
    agent            text NOT NULL,
    operator_name    text NOT NULL,
    created_by       text NOT NULL DEFAULT 'system',
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cold_chain_disinfection_batch_idx ON cold_chain_disinfection (batch_id);

-- downstream movements: from a site to a site, with the person who handled the goods
CREATE TABLE cold_chain_movement (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch_id           bigint NOT NULL REFERENCES cold_chain_batch (id),
    from_site_id       bigint NOT NULL REFERENCES site (id),
    to_site_id         bigint NOT NULL REFERENCES site (id),
    quantity_kg        numeric(12, 2) NOT NULL CONSTRAINT cold_chain_movement_quantity_positive CHECK (quantity_kg > 0),
    moved_at           timestamptz NOT NULL,
    handler_person_id  bigint REFERENCES person (id),
    created_by         text NOT NULL DEFAULT 'system',
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cold_chain_movement_not_to_itself CHECK (from_site_id <> to_site_id)
);
CREATE INDEX cold_chain_movement_batch_idx ON cold_chain_movement (batch_id, moved_at);
CREATE INDEX cold_chain_movement_handler_idx ON cold_chain_movement (handler_person_id);
