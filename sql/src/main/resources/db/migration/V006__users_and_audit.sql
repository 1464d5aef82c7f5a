-- Staff accounts, their roles and regions, and the append-only audit log of who did what.
CREATE TABLE app_user (
    id                   serial PRIMARY KEY,
    username             varchar(64) NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    -- Spring Security's DelegatingPasswordEncoder format, e.g. {argon2}$argon2id$…
    password_hash        text NOT NULL,
    display_name         text NOT NULL,
    -- the agency an agency official answers for
    agency_id            integer REFERENCES agency (id),
    enabled              boolean NOT NULL DEFAULT true,
    -- set for a generated one-time password: the user must choose their own
    must_change_password boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_role (
    user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role    varchar(32) NOT NULL CHECK (role IN ('moderator', 'agency_official', 'land_editor', 'admin')),
    PRIMARY KEY (user_id, role)
);

-- The regions whose layers a land editor may import and edit.
CREATE TABLE user_region (
    user_id   integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    region_id integer NOT NULL REFERENCES region (id),
    PRIMARY KEY (user_id, region_id)
);

CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    -- username, or 'system' for the application itself
    actor       text NOT NULL,
    action      varchar(64) NOT NULL,
    entity_type varchar(64) NOT NULL,
    entity_id   text,
    details     jsonb NOT NULL DEFAULT '{}'::jsonb,
    client_ip   inet
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
