-- The life of an appeal after submission: moderation, routing to an agency, the agency's answer,
-- the citizen's rating and one reopening, duplicates merged, "me too" support, and one public view
-- that every public way out of the service reads.

-- The language the citizen wrote in: notices of status changes are sent in it.
ALTER TABLE appeal ADD COLUMN language varchar(2) NOT NULL DEFAULT 'ru' CHECK (language IN ('kk', 'ru', 'en'));
-- Why the appeal reached its current status, in words the public reads (a rejection reason, a
-- moderator's note on routing); copied into the timeline with the status.
ALTER TABLE appeal ADD COLUMN status_reason text CHECK (length(status_reason) <= 2000);
-- The first answer: the median time to answer and the share answered late are measured on it, so
-- that a reopening does not rewrite history.
ALTER TABLE appeal ADD COLUMN first_answered_at timestamptz;
-- A citizen may reopen an answered appeal once.
ALTER TABLE appeal ADD COLUMN reopened_at timestamptz;
-- The citizen's rating of the answer, 1 (useless) to 5 (solved my problem).
ALTER TABLE appeal ADD COLUMN rating smallint CHECK (rating BETWEEN 1 AND 5);
ALTER TABLE appeal ADD COLUMN rated_at timestamptz;
-- "Me too": how many other people support the appeal (rows in appeal_support).
ALTER TABLE appeal ADD COLUMN support_count integer NOT NULL DEFAULT 0 CHECK (support_count >= 0);
ALTER TABLE appeal ADD CONSTRAINT appeal_not_merged_into_itself CHECK (merged_into_id <> id);

UPDATE appeal SET first_answered_at = answered_at WHERE answered_at IS NOT NULL;

CREATE INDEX appeal_created_idx ON appeal (created_at);
CREATE INDEX appeal_category_idx ON appeal (category);
CREATE INDEX appeal_region_idx ON appeal (region_id);

-- The timeline says why, and who acted (a role, never a person's name: officials act for their agency).
ALTER TABLE appeal_status_change ADD COLUMN reason text;
ALTER TABLE appeal_status_change ADD COLUMN actor_role varchar(16)
    CHECK (actor_role IN ('citizen', 'moderator', 'official', 'system'));

CREATE OR REPLACE FUNCTION appeal_record_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO appeal_status_change (appeal_id, from_status, to_status, reason, actor_role)
        VALUES (NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status, NEW.status_reason,
                coalesce(nullif(current_setting('adalmap.actor_role', true), ''), 'system'));
    END IF;
    RETURN NULL;
END
$$;
-- the submission itself is the citizen's (the history is append-only for everyone but this migration)
ALTER TABLE appeal_status_change DISABLE TRIGGER appeal_status_change_append_only;
UPDATE appeal_status_change SET actor_role = 'citizen' WHERE from_status IS NULL;
ALTER TABLE appeal_status_change ENABLE TRIGGER appeal_status_change_append_only;

-- Files come from the citizen with the appeal, or from the agency with its answer (public with it).
ALTER TABLE appeal_attachment ADD COLUMN author varchar(8) NOT NULL DEFAULT 'citizen'
    CHECK (author IN ('citizen', 'agency'));

-- The categories an agency handles: the moderator is offered these agencies of the appeal's region.
CREATE TABLE agency_category (
    agency_id integer NOT NULL REFERENCES agency (id) ON DELETE CASCADE,
    category  varchar(32) NOT NULL REFERENCES appeal_category (code),
    PRIMARY KEY (agency_id, category)
);

-- "Me too": one per person and appeal. A person is known by a keyed hash (HMAC with a server secret)
-- of what identifies them to the service; the raw value is never stored.
CREATE TABLE appeal_support (
    appeal_id      bigint NOT NULL REFERENCES appeal (id),
    supporter_hash char(64) NOT NULL CHECK (supporter_hash ~ '^[0-9a-f]{64}$'),
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (appeal_id, supporter_hash)
);
CREATE INDEX appeal_support_supporter_idx ON appeal_support (supporter_hash, created_at);

-- Notices go by e-mail or, for a citizen who left only a phone number, by SMS.
ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_channel_check;
ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_channel_check CHECK (channel IN ('email', 'sms'));

-- Whether an appeal missed its due date: answered after it, or still unanswered past it. Rejected and
-- merged appeals are never overdue. Days are counted in Kazakhstan's time (UTC+5 since 2024).
CREATE FUNCTION appeal_overdue(status text, due_date date, first_answered_at timestamptz) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT status NOT IN ('rejected', 'merged')
           AND due_date IS NOT NULL
           AND due_date < coalesce((first_answered_at AT TIME ZONE '+05:00')::date,
                                   (now() AT TIME ZONE '+05:00')::date)
$$;

-- What anyone may see of an appeal. Every public query reads this view, never the table: it has no
-- citizen's own text (only the masked public text, and not even that when the citizen asked to keep
-- it private), no contact, and no appeal of a non-public category (corruption signals are counted
-- by the statistics from the table, never listed).
CREATE VIEW public_appeal AS
SELECT a.id,
       a.tracking_code,
       a.category,
       a.status,
       CASE WHEN a.text_private THEN NULL ELSE a.public_text END AS text,
       a.text_private,
       a.channel,
       a.geom,
       a.region_id,
       a.agency_id,
       a.created_at,
       a.updated_at,
       a.due_date,
       appeal_overdue(a.status, a.due_date, a.first_answered_at) AS overdue,
       a.status_reason,
       a.answer_text,
       a.answered_at,
       a.first_answered_at,
       a.rating,
       a.support_count,
       m.tracking_code AS merged_into
FROM appeal a
JOIN appeal_category c ON c.code = a.category AND c.is_public
LEFT JOIN appeal m ON m.id = a.merged_into_id
     AND EXISTS (SELECT 1 FROM appeal_category mc WHERE mc.code = m.category AND mc.is_public);
