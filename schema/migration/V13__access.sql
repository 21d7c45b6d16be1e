-- Issue 5: access control. API keys (stored only as a SHA-256 hash) and the append-only audit log.

CREATE TABLE api_key (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text NOT NULL CONSTRAINT api_key_name_valid CHECK (name ~ '^[A-Za-z0-9._@-]{1,64}$'),
    -- lower-case hex SHA-256 of the key; the key itself is never stored
    key_hash      text NOT NULL CONSTRAINT api_key_hash_unique UNIQUE,
    role          text NOT NULL CONSTRAINT api_key_role_known
                  CHECK (role IN ('ADMIN', 'COMMAND_CENTER', 'AREA_OFFICER', 'LAB', 'SUPPLY_OFFICER', 'ANALYST', 'PARTNER')),
    -- the key's scope: this place and its subtree; null = the whole city
    area_place_id bigint REFERENCES place (id),
    -- requests per rate-limit window; null = the configured default
    rate_limit    integer CONSTRAINT api_key_rate_limit_positive CHECK (rate_limit > 0),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text NOT NULL DEFAULT 'system'
);
CREATE INDEX api_key_created_idx ON api_key (id);

CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL,
    role        text NOT NULL,
    operation   text NOT NULL,
    person_ids  bigint[] NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at, id);
CREATE INDEX audit_log_person_ids_gin ON audit_log USING gin (person_ids);

-- Append-only: rows are never changed or removed through the application.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
