-- Subscriptions to new free plots in an area, and the outbox of messages the application sends (e-mail).

-- The transactional outbox: a message is written in the same transaction as the event that causes it
-- and sent later by the application's outbox sender, so that a message is queued exactly when its
-- event commits. The recipient is personal data: this table is never exposed, exported or logged.
-- Links in subject and body start with the placeholder {{public_url}}, which the sender replaces with
-- the public address of the service (the database does not know it).
CREATE TABLE outbox_message (
    id          bigserial PRIMARY KEY,
    -- how the message is delivered
    channel     varchar(16) NOT NULL DEFAULT 'email' CHECK (channel IN ('email')),
    recipient   text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
    subject     text NOT NULL,
    body        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- not sent before this time: the backoff after a failure, or the lease of a sender at work on it
    not_before  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz,
    -- delivery attempts started; the sender gives up at its maximum and leaves the message here
    attempts    integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error  text
);
-- the sender's queue: only what is still to be sent is indexed
CREATE INDEX outbox_message_due_idx ON outbox_message (not_before, id) WHERE sent_at IS NULL;

-- "Tell me when a free plot appears in this area": an area, optional filters and a contact.
-- Double opt-in: nothing but the confirmation request is sent before confirmed_at is set.
CREATE TABLE plot_subscription (
    id              bigserial PRIMARY KEY,
    area            geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(area) AND NOT ST_IsEmpty(area)),
    -- hectares, compared with the declared area of a plot (its computed area when none is declared)
    min_area_ha     numeric(14, 4) CHECK (min_area_ha >= 0),
    max_area_ha     numeric(14, 4) CHECK (max_area_ha > 0),
    -- null: every land category
    land_categories varchar(32)[] CHECK (land_categories <@ ARRAY['agricultural', 'settlement', 'industrial',
                                         'protected', 'forest', 'water', 'reserve']::varchar(32)[]),
    -- the contact: personal data, never in a public response, log line or export
    email           text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    language        varchar(2) NOT NULL CHECK (language IN ('kk', 'ru', 'en')),
    -- secret random token of the confirm and unsubscribe links; only the contact's mailbox receives it
    token           varchar(64) NOT NULL UNIQUE CHECK (length(token) >= 32),
    created_at      timestamptz NOT NULL DEFAULT now(),
    confirmed_at    timestamptz,
    unsubscribed_at timestamptz,
    CHECK (min_area_ha IS NULL OR max_area_ha IS NULL OR min_area_ha <= max_area_ha)
);
CREATE INDEX plot_subscription_area_idx ON plot_subscription USING gist (area);
-- the subscriptions that receive notices; usually few, read whole by every publish
CREATE INDEX plot_subscription_active_idx ON plot_subscription (id)
    WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL;

-- Which revision a subscription has been told about: a revision is announced to a subscriber once.
CREATE TABLE plot_subscription_notice (
    subscription_id   bigint NOT NULL REFERENCES plot_subscription (id) ON DELETE CASCADE,
    layer_revision_id bigint NOT NULL REFERENCES layer_revision (id) ON DELETE CASCADE,
    -- null once the message has been cleared from the outbox; the notice itself still counts
    outbox_message_id bigint REFERENCES outbox_message (id) ON DELETE SET NULL,
    -- plots the notice announced (the message lists at most 20 of them)
    plot_count        integer NOT NULL CHECK (plot_count > 0),
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscription_id, layer_revision_id)
);

-- Queues one message per confirmed, not unsubscribed subscription whose area (and filters) holds
-- plots that the published revision p_revision_id made free: added as free (a new plot, or one
-- brought back), or changed to free. To be called by the publish step after land_plot has been
-- updated, in the same transaction. Returns the number of messages queued; calling it again for the
-- same revision queues nothing more.
--
-- Cost: it walks the subscriptions and probes land_plot's GiST index with each area, so a revision
-- of a million plots costs as many index probes as there are subscriptions; with no subscriptions it
-- reads nothing else.
CREATE FUNCTION queue_plot_subscription_notices(p_revision_id bigint) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    queued integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM plot_subscription WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL) THEN
        RETURN 0;
    END IF;

    WITH found AS MATERIALIZED (
        SELECT s.id AS subscription_id, s.email, s.language, s.token, f.total, f.listed,
               nextval(pg_get_serial_sequence('outbox_message', 'id')) AS message_id
        FROM plot_subscription s
        CROSS JOIN LATERAL (
            SELECT count(*) AS total,
                   (array_agg(coalesce(c.cadastral_number, c.id::text)
                              ORDER BY c.cadastral_number NULLS LAST, c.id))[1:20] AS listed
            FROM (
                -- OFFSET 0 keeps the conditions below out of this scan, so that it is the GiST probe
                -- of the area: a revision just published has no statistics yet, and the planner would
                -- otherwise walk all its plots through land_plot_revision_idx once per subscription
                SELECT p.* FROM land_plot p
                WHERE p.geom && s.area AND ST_Intersects(p.geom, s.area)
                OFFSET 0
            ) c
            WHERE c.layer_revision_id = p_revision_id
              AND c.retired_revision_id IS NULL
              AND c.status = 'free'
              AND (s.land_categories IS NULL OR c.land_category = ANY (s.land_categories))
              AND (s.min_area_ha IS NULL
                   OR coalesce(c.area_declared_ha, ST_Area(c.geom::geography) / 10000) >= s.min_area_ha)
              AND (s.max_area_ha IS NULL
                   OR coalesce(c.area_declared_ha, ST_Area(c.geom::geography) / 10000) <= s.max_area_ha)
              AND (EXISTS (SELECT 1 FROM plot_status_change h
                           WHERE h.plot_id = c.id AND h.layer_revision_id = p_revision_id AND h.to_status = 'free')
                   -- a plot brought back by the revision keeps its status and gets no status change
                   OR EXISTS (SELECT 1 FROM revision_change r
                              WHERE r.layer_revision_id = p_revision_id AND r.change = 'added'
                                AND r.plot_key = plot_key(c.cadastral_number, c.geom)))
        ) f
        WHERE s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL
          AND f.total > 0
          AND NOT EXISTS (SELECT 1 FROM plot_subscription_notice n
                          WHERE n.subscription_id = s.id AND n.layer_revision_id = p_revision_id)
    ),
    -- the notice first: of two calls at once for the same revision, the second waits here and skips
    noticed AS (
        INSERT INTO plot_subscription_notice (subscription_id, layer_revision_id, outbox_message_id, plot_count)
        SELECT subscription_id, p_revision_id, message_id, total FROM found
        ON CONFLICT DO NOTHING
        RETURNING subscription_id
    ),
    sent AS (
        INSERT INTO outbox_message (id, channel, recipient, subject, body)
        SELECT f.message_id, 'email', f.email,
               CASE f.language
                   WHEN 'kk' THEN 'AdalMap: сіз таңдаған аумақта жаңа бос жер учаскелері (' || f.total || ')'
                   WHEN 'ru' THEN 'AdalMap: новые свободные участки в выбранной вами области (' || f.total || ')'
                   ELSE 'AdalMap: new free land plots in your area (' || f.total || ')'
               END,
               CASE f.language
                   WHEN 'kk' THEN 'Жер учаскелері картасының жарияланған жаңартуында сіз таңдаған аумақта '
                                  || 'бос учаскелер пайда болды: ' || f.total || '.'
                   WHEN 'ru' THEN 'В опубликованном обновлении карты земельных участков в выбранной вами '
                                  || 'области появились свободные участки: ' || f.total || '.'
                   ELSE 'A published update of the land plot map has new free plots in the area you '
                        || 'subscribed to: ' || f.total || '.'
               END
               || E'\n\n'
               || (SELECT string_agg(l.plot || '  {{public_url}}/?plot=' || l.plot || '&lang=' || f.language,
                                     E'\n' ORDER BY l.n)
                   FROM unnest(f.listed) WITH ORDINALITY AS l (plot, n))
               || CASE WHEN f.total > 20 THEN
                      E'\n' || CASE f.language
                                   WHEN 'kk' THEN 'және тағы ' || (f.total - 20) || ' учаске: картадан қараңыз.'
                                   WHEN 'ru' THEN 'и ещё ' || (f.total - 20) || ' — смотрите на карте.'
                                   ELSE 'and ' || (f.total - 20) || ' more: see the map.'
                               END
                  ELSE '' END
               || E'\n\n'
               || CASE f.language
                      WHEN 'kk' THEN 'Жазылымнан бас тарту: '
                      WHEN 'ru' THEN 'Отписаться: '
                      ELSE 'Unsubscribe: '
                  END
               || '{{public_url}}/api/v1/subscriptions/unsubscribe?token=' || f.token
        FROM found f JOIN noticed n ON n.subscription_id = f.subscription_id
        RETURNING 1
    )
    SELECT count(*) INTO queued FROM sent;
    RETURN queued;
END
$$;
