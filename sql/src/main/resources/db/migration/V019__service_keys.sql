-- Keys the service draws itself when none is configured, kept so that every instance and every restart
-- uses the same one (e.g. the key that tells "me too" supporters apart: a new key at each start would
-- let a person support an appeal again after a restart). Read by the application only.
CREATE TABLE service_key (
    name       varchar(64) PRIMARY KEY,
    key_bytes  bytea NOT NULL CHECK (length(key_bytes) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
