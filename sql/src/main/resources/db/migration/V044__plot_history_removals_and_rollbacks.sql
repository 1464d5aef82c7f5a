-- The plot's public history says everything that happened to it: besides its statuses, when a
-- revision left it out of the public layer and when it came back, and which entries a rollback made.
-- A rollback also keeps the publish time of the revision it makes public again.
-- Entries recorded before stay as they are: the history is append-only.

-- What an entry records: 'status' — the plot was published with a status or its status changed
-- (every entry before this migration); 'removed' — a revision (or a rollback) left the plot out of
-- the public layer; 'restored' — it came back. For a removal or a return, from_status and to_status
-- are both the status the plot had; a change of status at the same time is its own entry, after it.
ALTER TABLE plot_status_change
    ADD COLUMN event varchar(16) NOT NULL DEFAULT 'status'
        CHECK (event IN ('status', 'removed', 'restored')),
    -- true for an entry a rollback made, false for one made otherwise; null for entries recorded
    -- before this migration, of which it is not known
    ADD COLUMN by_rollback boolean,
    -- the revision the rollback retired (layer_revision_id is the one it made public again)
    ADD COLUMN rolled_back_revision_id bigint REFERENCES layer_revision (id);

-- Whoever writes an entry, the rollback under way is read from the transaction's setting
--   SET LOCAL adalmap.rolled_back_revision_id = '…';
-- (set as defaults, after the columns were added, so that the entries before keep null)
ALTER TABLE plot_status_change
    ALTER COLUMN by_rollback SET DEFAULT coalesce(current_setting('adalmap.rolled_back_revision_id', true), '') <> '',
    ALTER COLUMN rolled_back_revision_id
        SET DEFAULT nullif(current_setting('adalmap.rolled_back_revision_id', true), '')::bigint;

-- A plot leaves the public layer when its retired_revision_id is set and comes back when it is
-- cleared, by publishing, a rollback or anyone else; recorded once per statement, like the status
-- changes, with the transaction's reason and agency. The revision of a removal is the one that
-- retired the plot, of a return the one that brought it back. The trigger's name sorts before
-- land_plot_status_history_update, so a return is recorded before a change of status made with it.
CREATE FUNCTION land_plot_record_presence() RETURNS trigger
LANGUAGE plpgsql
-- a hash join of the statement's old and new rows, as for the status changes (V025)
SET enable_nestloop = off AS $$
BEGIN
    INSERT INTO plot_status_change (plot_id, cadastral_number, from_status, to_status, reason, agency_id,
                                    layer_revision_id, event)
    SELECT n.id, n.cadastral_number, o.status, o.status,
           nullif(current_setting('adalmap.status_reason', true), ''),
           nullif(current_setting('adalmap.status_agency_id', true), '')::integer,
           CASE WHEN n.retired_revision_id IS NULL THEN n.layer_revision_id ELSE n.retired_revision_id END,
           CASE WHEN n.retired_revision_id IS NULL THEN 'restored' ELSE 'removed' END
    FROM updated n JOIN previous o ON o.id = n.id
    WHERE (n.retired_revision_id IS NULL) <> (o.retired_revision_id IS NULL)
    ORDER BY n.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER land_plot_layer_history_update
    AFTER UPDATE ON land_plot REFERENCING OLD TABLE AS previous NEW TABLE AS updated
    FOR EACH STATEMENT EXECUTE FUNCTION land_plot_record_presence();

-- When a rollback last made the revision public again; null if none did. published_at stays the time
-- the revision was first published.
ALTER TABLE layer_revision ADD COLUMN restored_at timestamptz;
