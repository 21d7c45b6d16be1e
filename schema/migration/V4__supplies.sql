-- R13 物资储备: an append-only ledger of movements, balances per site, item and lot kept in the
-- same transaction (OpenLMIS style), and the full-load daily use that days of cover are measured against.

CREATE TABLE supply_item (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL CONSTRAINT supply_item_code_unique UNIQUE
                CONSTRAINT supply_item_code_format CHECK (code ~ '^[A-Z0-9-]{2,32}$'),
    name        text NOT NULL CONSTRAINT supply_item_name_not_blank CHECK (btrim(name) <> ''),
    category    text NOT NULL CONSTRAINT supply_item_category_known CHECK (category IN (
        'PPE', 'TESTING', 'DISINFECTANT', 'MEDICINE', 'VACCINE', 'MEDICAL_DEVICE', 'LIVING')),
    unit        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL DEFAULT 'system',
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text NOT NULL DEFAULT 'system',
    version     integer NOT NULL DEFAULT 0
);
CREATE INDEX supply_item_category_idx ON supply_item (category, id);
CREATE TRIGGER supply_item_touch BEFORE UPDATE ON supply_item FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE stock_balance (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id     bigint NOT NULL REFERENCES site (id),
    item_id     bigint NOT NULL REFERENCES supply_item (id),
    lot         text NOT NULL,
    expires_on  date,
    on_hand     numeric(14, 2) NOT NULL DEFAULT 0 CONSTRAINT stock_balance_on_hand_not_negative CHECK (on_hand >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 0,
    CONSTRAINT stock_balance_one_per_lot UNIQUE (site_id, item_id, lot)
);
CREATE INDEX stock_balance_item_idx ON stock_balance (item_id, site_id);
CREATE TRIGGER stock_balance_touch BEFORE UPDATE ON stock_balance FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Big table, append-only. Plain table with BRIN on occurred_at (the ledger is written in time
-- order) and a btree for the per-site/item history; not partitioned so that balances and
-- transfers can refer to movements by id.
CREATE TABLE stock_movement (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id              bigint NOT NULL REFERENCES site (id),
    item_id              bigint NOT NULL REFERENCES supply_item (id),
    lot                  text NOT NULL,
    kind                 text NOT NULL CONSTRAINT stock_movement_kind_known CHECK (kind IN (
        'RECEIPT', 'ISSUE', 'TRANSFER_OUT', 'TRANSFER_IN', 'CONSUMPTION', 'ADJUSTMENT', 'EXPIRY')),
    -- signed: receipts and transfers in add, issues, transfers out, consumption and expiry remove
    quantity             numeric(14, 2) NOT NULL CONSTRAINT stock_movement_quantity_not_zero CHECK (quantity <> 0),
    occurred_at          timestamptz NOT NULL,
    counterpart_site_id  bigint REFERENCES site (id),
    reference            text,
    created_by           text NOT NULL DEFAULT 'system',
    created_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT stock_movement_sign_matches_kind CHECK (
        (kind IN ('RECEIPT', 'TRANSFER_IN') AND quantity > 0)
        OR (kind IN ('ISSUE', 'TRANSFER_OUT', 'CONSUMPTION', 'EXPIRY') AND quantity < 0)
        OR kind = 'ADJUSTMENT'),
    CONSTRAINT stock_movement_transfer_has_counterpart CHECK (
        (kind IN ('TRANSFER_OUT', 'TRANSFER_IN')) = (counterpart_site_id IS NOT NULL))
);
CREATE INDEX stock_movement_site_item_idx ON stock_movement (site_id, item_id, occurred_at);
CREATE INDEX stock_movement_occurred_brin ON stock_movement USING brin (occurred_at);

-- Full-load daily use (满负荷日用量) and the target days of cover (30 by default, configurable per row).
CREATE TABLE stock_requirement (
    site_id              bigint NOT NULL REFERENCES site (id),
    item_id              bigint NOT NULL REFERENCES supply_item (id),
    full_load_daily_use  numeric(14, 2) NOT NULL CONSTRAINT stock_requirement_daily_use_positive CHECK (full_load_daily_use > 0),
    target_days          integer NOT NULL DEFAULT 30 CONSTRAINT stock_requirement_target_days_positive CHECK (target_days > 0),
    created_at           timestamptz NOT NULL DEFAULT now(),
    created_by           text NOT NULL DEFAULT 'system',
    updated_at           timestamptz NOT NULL DEFAULT now(),
    updated_by           text NOT NULL DEFAULT 'system',
    version              integer NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, item_id)
);
CREATE TRIGGER stock_requirement_touch BEFORE UPDATE ON stock_requirement FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
