-- Personal data at rest (issue 5): ID numbers and phones are stored encrypted by the application
-- (AES-256-GCM, a random 96-bit nonce per value, first byte = key version so that keys can rotate)
-- with a keyed hash (HMAC-SHA256 under a separate lookup key) for exact lookup and uniqueness. The
-- keys come from configuration (epigrid.privacy.*); the database never sees them, so neither a dump,
-- a backup nor a read-only database role reveals an ID number or a phone.
--
-- id_number_region keeps the first 6 characters of the ID number in the clear: the administrative
-- division code where the number was issued (e.g. 510104), shared by hundreds of thousands of
-- people. It serves the ID-number prefix search (idNumberStartsWith up to 6 characters) with the
-- same text_pattern_ops index as before; longer prefixes would need the birth date and serial,
-- which stay encrypted, so they are refused (a whole number is looked up by its hash).
--
-- The plaintext columns are kept, renamed legacy_id_number and legacy_phone, nullable and empty,
-- rather than dropped: a migration cannot encrypt (the keys are the application's, not the
-- database's), and dropping them would destroy the ID numbers of a database created before V15.
-- Instead the application, when it starts, encrypts rows that still hold plaintext in batches and
-- sets the plaintext to NULL, before it serves any request (so no request ever sees a half-migrated
-- table: lookups, duplicates and reads need no plaintext fallback), then validates
-- person_no_plaintext below, which from then on proves in the catalogue that no row holds
-- plaintext. The constraint is NOT VALID at first so that old rows can be migrated; it already
-- refuses every new or updated row that would carry plaintext. A later migration can drop the two
-- columns once every database has started with V15.
--
-- The format checks of the plaintext move to the application (IdNumbers: GB 11643 check character,
-- birth date; the mobile phone pattern), which validates before it encrypts.

ALTER TABLE person DROP CONSTRAINT person_id_number_unique;
ALTER TABLE person DROP CONSTRAINT person_id_number_format;
ALTER TABLE person DROP CONSTRAINT person_phone_format;
DROP INDEX person_id_number_prefix;

ALTER TABLE person RENAME COLUMN id_number TO legacy_id_number;
ALTER TABLE person RENAME COLUMN phone TO legacy_phone;
ALTER TABLE person ALTER COLUMN legacy_id_number DROP NOT NULL;

ALTER TABLE person
    -- key version (1 byte) || nonce (12 bytes) || AES-256-GCM ciphertext and tag of the upper-case number
    ADD COLUMN id_number_enc     bytea,
    -- HMAC-SHA256 of the upper-case number under the lookup key: exact lookup and uniqueness
    ADD COLUMN id_number_hash    bytea CONSTRAINT person_id_number_hash_unique UNIQUE,
    -- the first 6 characters (division code), for the prefix search; not identifying on its own
    ADD COLUMN id_number_region  text CONSTRAINT person_id_number_region_format CHECK (id_number_region ~ '^[0-9]{6}$'),
    ADD COLUMN phone_enc         bytea,
    ADD COLUMN phone_hash        bytea,
    ADD CONSTRAINT person_id_number_sealed CHECK (
        legacy_id_number IS NOT NULL
        OR id_number_enc IS NOT NULL AND id_number_hash IS NOT NULL AND id_number_region IS NOT NULL),
    ADD CONSTRAINT person_phone_sealed CHECK ((phone_enc IS NULL) = (phone_hash IS NULL)),
    ADD CONSTRAINT person_no_plaintext CHECK (legacy_id_number IS NULL AND legacy_phone IS NULL) NOT VALID;

CREATE INDEX person_id_number_region_prefix ON person (id_number_region text_pattern_ops);
CREATE INDEX person_phone_hash_idx ON person (phone_hash);

-- One row per encryption key version: a value encrypted under that key and the hash of a fixed text
-- under the lookup key. The application checks its configured keys against them at start-up and
-- refuses to start with keys that do not match the data (a lost key file, a mistyped variable)
-- instead of writing rows nobody can look up. Holds no key material.
CREATE TABLE personal_data_key (
    version           smallint PRIMARY KEY CONSTRAINT personal_data_key_version_range CHECK (version BETWEEN 1 AND 255),
    encryption_check  bytea NOT NULL,
    lookup_check      bytea NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);
