-- A layer defined as data that has a region of its own is checked otherwise from this version on, in
-- Java, with nothing to change in the database: a feature is the layer's when it meets the region (a
-- point lying in it, a line running through it, a polygon reaching into it), as V101 made it for the
-- importing editor's regions, no longer when one point of it does (a line's middle vertex).
-- LayerImporter.READING_RULES names this migration: a draft made before it was checked otherwise, and
-- is imported again rather than published.
SELECT 1;
