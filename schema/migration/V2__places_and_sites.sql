-- R1 grid management, R2 risk areas, R18 key sites.

CREATE TABLE place (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- national administrative division code; townships 9 digits, communities 12, grids 15
    code        text NOT NULL CONSTRAINT place_code_unique UNIQUE
                CONSTRAINT place_code_is_division_code CHECK (code ~ '^[0-9]{6,15}$'),
    name        text NOT NULL CONSTRAINT place_name_not_blank CHECK (btrim(name) <> ''),
    level       text NOT NULL CONSTRAINT place_level_known
                CHECK (level IN ('CITY', 'COUNTY', 'TOWNSHIP', 'COMMUNITY', 'GRID')),
    parent_id   bigint REFERENCES place (id),
    -- materialized path of codes from the city down (ltree), kept by trigger; subtree = path <@ ancestor.path
    path        ltree NOT NULL,
    depth       smallint NOT NULL,
    population  integer CONSTRAINT place_population_not_negative CHECK (population >= 0),
    latitude    numeric(9, 6) CONSTRAINT place_latitude_range CHECK (latitude BETWEEN -90 AND 90),
    longitude   numeric(9, 6) CONSTRAINT place_longitude_range CHECK (longitude BETWEEN -180 AND 180),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL DEFAULT 'system',
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text NOT NULL DEFAULT 'system',
    version     integer NOT NULL DEFAULT 0,
    CONSTRAINT place_only_city_is_root CHECK ((level = 'CITY') = (parent_id IS NULL))
);
CREATE INDEX place_path_gist ON place USING gist (path);
CREATE INDEX place_parent_idx ON place (parent_id, id);
CREATE INDEX place_level_idx ON place (level, id);
CREATE INDEX place_name_trgm ON place USING gin (name gin_trgm_ops);

-- The path and depth follow from the parent; the parent must be exactly one level up.
CREATE FUNCTION place_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent_path ltree;
    parent_level text;
    levels constant text[] := ARRAY['CITY', 'COUNTY', 'TOWNSHIP', 'COMMUNITY', 'GRID'];
BEGIN
    IF NEW.parent_id IS NULL THEN
        NEW.path := text2ltree(NEW.code);
    ELSE
        SELECT path, level INTO parent_path, parent_level FROM place WHERE id = NEW.parent_id;
        IF array_position(levels, NEW.level) <> array_position(levels, parent_level) + 1 THEN
            RAISE EXCEPTION 'a % cannot be placed under a %', NEW.level, parent_level
                USING ERRCODE = 'check_violation', CONSTRAINT = 'place_parent_one_level_up';
        END IF;
        NEW.path := parent_path || text2ltree(NEW.code);
    END IF;
    NEW.depth := nlevel(NEW.path);
    RETURN NEW;
END $$;
CREATE TRIGGER place_set_path BEFORE INSERT OR UPDATE OF parent_id, code, level ON place
    FOR EACH ROW EXECUTE FUNCTION place_set_path();
CREATE TRIGGER place_touch BEFORE UPDATE ON place FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- R2: designations of local places (place_id set) and of outside areas (division code only).
CREATE TABLE risk_designation (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    area_code       text NOT NULL CONSTRAINT risk_designation_area_code_format CHECK (area_code ~ '^[0-9]{6,15}$'),
    area_name       text NOT NULL,
    place_id        bigint REFERENCES place (id),
    level           text NOT NULL CONSTRAINT risk_designation_level_known CHECK (level IN ('LOW', 'MEDIUM', 'HIGH')),
    effective_from  timestamptz NOT NULL,
    effective_to    timestamptz,
    issued_by       text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text NOT NULL DEFAULT 'system',
    updated_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      text NOT NULL DEFAULT 'system',
    version         integer NOT NULL DEFAULT 0,
    CONSTRAINT risk_designation_period_ordered CHECK (effective_to IS NULL OR effective_to > effective_from),
    -- one designation per area at any instant
    CONSTRAINT risk_designation_no_overlap EXCLUDE USING gist (
        area_code WITH =, tstzrange(effective_from, effective_to) WITH &&)
);
CREATE INDEX risk_designation_place_idx ON risk_designation (place_id, effective_from DESC);
CREATE TRIGGER risk_designation_touch BEFORE UPDATE ON risk_designation FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE site (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    place_id             bigint NOT NULL REFERENCES place (id),
    type                 text NOT NULL CONSTRAINT site_type_known CHECK (type IN (
        'STATION', 'PORT', 'MARKET', 'SUPERMARKET', 'MALL', 'CINEMA', 'INTERNET_CAFE', 'CHESS_ROOM',
        'RESTAURANT', 'HOTEL', 'SCHOOL', 'NURSING_HOME', 'WELFARE_HOME', 'PRISON', 'DETENTION_CENTER',
        'PSYCHIATRIC_HOSPITAL', 'HOSPITAL', 'FEVER_CLINIC', 'PHARMACY', 'COLD_CHAIN_WAREHOUSE',
        'CENTRAL_SUPERVISION_WAREHOUSE', 'QUARANTINE_HOTEL', 'TESTING_SITE', 'LAB', 'SUPPLY_DEPOT')),
    name                 text NOT NULL CONSTRAINT site_name_not_blank CHECK (btrim(name) <> ''),
    address              text,
    -- 场所码: the venue code people scan
    venue_code           text NOT NULL CONSTRAINT site_venue_code_unique UNIQUE
                         CONSTRAINT site_venue_code_format CHECK (venue_code ~ '^[A-Z0-9-]{4,32}$'),
    rooms                integer CONSTRAINT site_rooms_not_negative CHECK (rooms >= 0),
    beds                 integer CONSTRAINT site_beds_not_negative CHECK (beds >= 0),
    daily_test_capacity  integer CONSTRAINT site_daily_test_capacity_not_negative CHECK (daily_test_capacity >= 0),
    status               text NOT NULL DEFAULT 'ACTIVE' CONSTRAINT site_status_known
                         CHECK (status IN ('ACTIVE', 'SUSPENDED', 'CLOSED')),
    latitude             numeric(9, 6) CONSTRAINT site_latitude_range CHECK (latitude BETWEEN -90 AND 90),
    longitude            numeric(9, 6) CONSTRAINT site_longitude_range CHECK (longitude BETWEEN -180 AND 180),
    created_at           timestamptz NOT NULL DEFAULT now(),
    created_by           text NOT NULL DEFAULT 'system',
    updated_at           timestamptz NOT NULL DEFAULT now(),
    updated_by           text NOT NULL DEFAULT 'system',
    version              integer NOT NULL DEFAULT 0
);
CREATE INDEX site_place_idx ON site (place_id, id);
CREATE INDEX site_type_idx ON site (type, id);
CREATE TRIGGER site_touch BEFORE UPDATE ON site FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
