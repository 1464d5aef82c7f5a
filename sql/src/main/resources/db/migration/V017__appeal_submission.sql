-- Citizens' submission of appeals: working calendar, idempotent submissions, attachments, status history and bot tokens.

-- Days that differ from the usual Monday–Friday week: public holidays, days off carried over from a
-- holiday on a weekend, government transfer days (day_off true), and weekend days made working by a
-- transfer (day_off false). Kurban Ait moves every year and transfers are decreed yearly: add rows here.
CREATE TABLE work_calendar_day (
    day     date PRIMARY KEY,
    day_off boolean NOT NULL,
    kind    varchar(16) NOT NULL CHECK (kind IN ('holiday', 'carried_over', 'transfer')),
    name    text NOT NULL
);
INSERT INTO work_calendar_day (day, day_off, kind, name) VALUES
 ('2025-01-01', true, 'holiday', 'New Year'),
 ('2025-01-02', true, 'holiday', 'New Year'),
 ('2025-01-07', true, 'holiday', 'Orthodox Christmas'),
 ('2025-03-08', true, 'holiday', 'International Women''s Day'),
 ('2025-03-10', true, 'carried_over', 'day off for International Women''s Day on a weekend'),
 ('2025-03-21', true, 'holiday', 'Nauryz'),
 ('2025-03-22', true, 'holiday', 'Nauryz'),
 ('2025-03-23', true, 'holiday', 'Nauryz'),
 ('2025-03-24', true, 'carried_over', 'day off for Nauryz on a weekend'),
 ('2025-03-25', true, 'carried_over', 'day off for Nauryz on a weekend'),
 ('2025-05-01', true, 'holiday', 'Unity Day of the People of Kazakhstan'),
 ('2025-05-07', true, 'holiday', 'Defender of the Fatherland Day'),
 ('2025-05-09', true, 'holiday', 'Victory Day'),
 ('2025-06-06', true, 'holiday', 'Kurban Ait'),
 ('2025-07-06', true, 'holiday', 'Capital Day'),
 ('2025-07-07', true, 'carried_over', 'day off for Capital Day on a weekend'),
 ('2025-08-30', true, 'holiday', 'Constitution Day'),
 ('2025-09-01', true, 'carried_over', 'day off for Constitution Day on a weekend'),
 ('2025-10-25', true, 'holiday', 'Republic Day'),
 ('2025-10-27', true, 'carried_over', 'day off for Republic Day on a weekend'),
 ('2025-12-16', true, 'holiday', 'Independence Day'),
 ('2026-01-01', true, 'holiday', 'New Year'),
 ('2026-01-02', true, 'holiday', 'New Year'),
 ('2026-01-07', true, 'holiday', 'Orthodox Christmas'),
 ('2026-03-08', true, 'holiday', 'International Women''s Day'),
 ('2026-03-09', true, 'carried_over', 'day off for International Women''s Day on a weekend'),
 ('2026-03-21', true, 'holiday', 'Nauryz'),
 ('2026-03-22', true, 'holiday', 'Nauryz'),
 ('2026-03-23', true, 'holiday', 'Nauryz'),
 ('2026-03-24', true, 'carried_over', 'day off for Nauryz on a weekend'),
 ('2026-03-25', true, 'carried_over', 'day off for Nauryz on a weekend'),
 ('2026-05-01', true, 'holiday', 'Unity Day of the People of Kazakhstan'),
 ('2026-05-07', true, 'holiday', 'Defender of the Fatherland Day'),
 ('2026-05-09', true, 'holiday', 'Victory Day'),
 ('2026-05-11', true, 'carried_over', 'day off for Victory Day on a weekend'),
 ('2026-05-27', true, 'holiday', 'Kurban Ait'),
 ('2026-07-06', true, 'holiday', 'Capital Day'),
 ('2026-08-30', true, 'holiday', 'Constitution Day'),
 ('2026-08-31', true, 'carried_over', 'day off for Constitution Day on a weekend'),
 ('2026-10-25', true, 'holiday', 'Republic Day'),
 ('2026-10-26', true, 'carried_over', 'day off for Republic Day on a weekend'),
 ('2026-12-16', true, 'holiday', 'Independence Day'),
 ('2027-01-01', true, 'holiday', 'New Year'),
 ('2027-01-02', true, 'holiday', 'New Year'),
 ('2027-01-04', true, 'carried_over', 'day off for New Year on a weekend'),
 ('2027-01-07', true, 'holiday', 'Orthodox Christmas'),
 ('2027-03-08', true, 'holiday', 'International Women''s Day'),
 ('2027-03-21', true, 'holiday', 'Nauryz'),
 ('2027-03-22', true, 'holiday', 'Nauryz'),
 ('2027-03-23', true, 'holiday', 'Nauryz'),
 ('2027-03-24', true, 'carried_over', 'day off for Nauryz on a weekend'),
 ('2027-05-01', true, 'holiday', 'Unity Day of the People of Kazakhstan'),
 ('2027-05-03', true, 'carried_over', 'day off for Unity Day of the People of Kazakhstan on a weekend'),
 ('2027-05-07', true, 'holiday', 'Defender of the Fatherland Day'),
 ('2027-05-09', true, 'holiday', 'Victory Day'),
 ('2027-05-10', true, 'carried_over', 'day off for Victory Day on a weekend'),
 ('2027-05-16', true, 'holiday', 'Kurban Ait'),
 ('2027-07-06', true, 'holiday', 'Capital Day'),
 ('2027-08-30', true, 'holiday', 'Constitution Day'),
 ('2027-10-25', true, 'holiday', 'Republic Day'),
 ('2027-12-16', true, 'holiday', 'Independence Day');

-- The author of a corruption signal follows it with a secret returned once at submission; only its
-- SHA-256 is kept.
ALTER TABLE appeal ADD COLUMN tracking_secret_sha256 char(64);

-- Submissions by Idempotency-Key: a retry with the same key and body gets the same answer, a second
-- appeal is never made. The answer is kept so that a retry also gets the tracking secret again.
CREATE TABLE appeal_submission (
    idempotency_key varchar(128) PRIMARY KEY,
    -- SHA-256 of the submitted fields and files: the same key with another body is refused
    request_sha256  char(64) NOT NULL,
    appeal_id       bigint REFERENCES appeal (id),
    response        jsonb,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Files attached to an appeal; the bytes are in the content-addressed store on disk, named by hash.
CREATE TABLE appeal_attachment (
    id               bigserial PRIMARY KEY,
    appeal_id        bigint NOT NULL REFERENCES appeal (id),
    -- 1, 2, … in the order the citizen sent them: the {n} of the attachment's address
    position         smallint NOT NULL CHECK (position >= 1),
    kind             varchar(8) NOT NULL CHECK (kind IN ('photo', 'audio', 'video')),
    -- decided from the content, never from the file name
    media_type       varchar(64) NOT NULL,
    sha256           char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes       bigint NOT NULL CHECK (size_bytes > 0),
    -- photos only: a small JPEG or PNG of the same type
    thumbnail_sha256 char(64) CHECK (thumbnail_sha256 ~ '^[0-9a-f]{64}$'),
    thumbnail_size_bytes bigint,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (appeal_id, position)
);
CREATE INDEX appeal_attachment_sha256_idx ON appeal_attachment (sha256);
CREATE INDEX appeal_attachment_thumbnail_idx ON appeal_attachment (thumbnail_sha256);

-- Every status an appeal has had, public as its timeline; append-only like plot_status_change.
CREATE TABLE appeal_status_change (
    id          bigserial PRIMARY KEY,
    appeal_id   bigint NOT NULL REFERENCES appeal (id),
    changed_at  timestamptz NOT NULL DEFAULT now(),
    -- null for the status an appeal is submitted with
    from_status varchar(16),
    to_status   varchar(16) NOT NULL
);
CREATE INDEX appeal_status_change_appeal_idx ON appeal_status_change (appeal_id, changed_at);

CREATE FUNCTION appeal_record_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO appeal_status_change (appeal_id, from_status, to_status)
        VALUES (NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER appeal_status_history
    AFTER INSERT OR UPDATE OF status ON appeal
    FOR EACH ROW EXECUTE FUNCTION appeal_record_status();
CREATE TRIGGER appeal_status_change_append_only
    BEFORE UPDATE OR DELETE ON appeal_status_change
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER appeal_status_change_no_truncate
    BEFORE TRUNCATE ON appeal_status_change
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

-- appeals made before this history existed start it with their current status
INSERT INTO appeal_status_change (appeal_id, changed_at, from_status, to_status)
SELECT id, created_at, NULL, status FROM appeal;

-- API tokens of bots (messengers) that submit appeals for citizens; only the SHA-256 of a token is kept.
CREATE TABLE api_token (
    id           serial PRIMARY KEY,
    name         text NOT NULL UNIQUE,
    token_sha256 char(64) NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    -- the channel the token's appeals are recorded with
    channel      varchar(16) NOT NULL DEFAULT 'messenger' CHECK (channel IN ('messenger')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);
