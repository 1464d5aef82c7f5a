-- A plot registered in the cadastre (given its first number), renumbered (a typo in its number
-- corrected) or left without a number keeps its identity (V043), but its public history said nothing
-- of it unless its status changed at the same time, and the old number led nowhere. A change of
-- number is now an entry of the history of its own, with the number before and after it.

-- 'renumbered': the plot's cadastral number changed, from previous_cadastral_number (null: it had
-- none, the plot was registered) to cadastral_number (null: it has none any more). As for a removal,
-- from_status and to_status are both the status the plot had; a change of status at the same time is
-- its own entry, after it.
ALTER TABLE plot_status_change DROP CONSTRAINT plot_status_change_event_check;
ALTER TABLE plot_status_change
    ADD CONSTRAINT plot_status_change_event_check CHECK (event IN ('status', 'removed', 'restored', 'renumbered')),
    ADD COLUMN previous_cadastral_number varchar(32);

-- the card of a number the plot no longer has finds the plot by it
CREATE INDEX plot_status_change_previous_number_idx ON plot_status_change (previous_cadastral_number)
    WHERE event = 'renumbered';

-- V044's statement trigger, which already joins the statement's old and new rows, records the changes
-- of number too: a plot's return to the layer first, then its change of number, by whoever makes them
-- (publishing, a rollback — which sets the rollback's columns by their defaults — or anyone else). The
-- revision of a change of number is the one that made it (for a rollback, the one public again).
CREATE OR REPLACE FUNCTION land_plot_record_presence() RETURNS trigger
LANGUAGE plpgsql
-- a hash join of the statement's old and new rows, as for the status changes (V025)
SET enable_nestloop = off AS $$
BEGIN
    INSERT INTO plot_status_change (plot_id, cadastral_number, previous_cadastral_number, from_status, to_status,
                                    reason, agency_id, layer_revision_id, event)
    SELECT n.id, n.cadastral_number, e.previous_number, o.status, o.status,
           nullif(current_setting('adalmap.status_reason', true), ''),
           nullif(current_setting('adalmap.status_agency_id', true), '')::integer,
           e.revision, e.event
    FROM updated n JOIN previous o ON o.id = n.id
    CROSS JOIN LATERAL (VALUES
        (1, CASE WHEN n.retired_revision_id IS NULL THEN 'restored' ELSE 'removed' END,
         CASE WHEN n.retired_revision_id IS NULL THEN n.layer_revision_id ELSE n.retired_revision_id END,
         NULL::varchar(32), (n.retired_revision_id IS NULL) <> (o.retired_revision_id IS NULL)),
        (2, 'renumbered', n.layer_revision_id, o.cadastral_number,
         n.cadastral_number IS DISTINCT FROM o.cadastral_number)
    ) e (position, event, revision, previous_number, happened)
    WHERE e.happened
    ORDER BY n.id, e.position;
    RETURN NULL;
END
$$;
