-- Re-imports that check and store only what changed in the file.
--
-- A land department exports its whole layer every time, and from one export to the next most rows
-- are the same, in the same place in the file. An import keeps the rows it read (its staging table,
-- renamed staging.source_<revision>); the next import of that layer compares its file with them row
-- by row, and only the rows that differ (with the rows they may conflict with) go through mapping,
-- validation and the diff. Such a revision stores only its changes: its snapshot is a delta on the
-- revision it was compared with, and the layer it describes is that revision's with the delta
-- applied.

-- The feature's position in the file of the revision that put the plot in place: how the next
-- import finds the plot of a row that changed. Null for plots that no import placed (the demo's).
ALTER TABLE land_plot ADD COLUMN source_row bigint;
CREATE INDEX land_plot_source_row_idx ON land_plot (source_row);
-- plots without a cadastral number are keyed by their geometry (plot_key): found by that key
CREATE INDEX land_plot_geometry_key_idx ON land_plot (plot_key(NULL::text, geom)) WHERE cadastral_number IS NULL;

ALTER TABLE layer_revision
    -- full: plot_snapshot holds every plot of the revision; delta: only the plots it adds or
    -- changes (and those it keeps), revision_change the plots it removes
    ADD COLUMN snapshot varchar(5) NOT NULL DEFAULT 'full' CHECK (snapshot IN ('full', 'delta')),
    -- what the file was read and checked with: a later import compares row by row only when it
    -- reads and checks the same way
    ADD COLUMN source_layer text,
    ADD COLUMN profile_sha256 char(64) CHECK (profile_sha256 ~ '^[0-9a-f]{64}$'),
    -- the regions the importing editor was held to; null for an administrator or the command line
    ADD COLUMN checked_regions integer[];

-- The status history of an update joins the statement's old and new rows by id. The planner knows
-- no size for those transition tables and joined them by nested loops: a publish that changed ten
-- thousand plots compared a hundred million pairs (11 s). A hash join reads each once.
ALTER FUNCTION land_plot_record_updated() SET enable_nestloop = off;

-- land_plot_revision_updated_idx (layer_revision_id, updated_at) serves every lookup by revision
-- that this one served: one index less to keep on every plot inserted or changed.
DROP INDEX land_plot_revision_idx;
