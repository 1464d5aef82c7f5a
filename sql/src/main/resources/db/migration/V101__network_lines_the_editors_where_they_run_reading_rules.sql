-- A land editor's network and defined-layer features are checked otherwise from this version on, in
-- Java, with nothing to change in the database: a feature is the editor's to import when it meets one
-- of their regions (a point lying in one, a line running through one wherever it starts or ends, a
-- polygon reaching into one), no longer when one point of it does (a line's middle vertex, which gave
-- a line from a substation in the editor's region, most of it there, to the next region's editor).
-- LayerImporter.READING_RULES names this migration: a draft made before it was checked otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
