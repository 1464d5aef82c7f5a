-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- plot's land category and right type under a name the profile does not know («ЗЕМЛИ», «ОСНОВАНИЕ»)
-- are read from the field whose values are at least half words the profile knows for them, as a
-- status is, no longer left empty (every plot refused for its missing land category). A projected
-- file's polygons of a layer defined as data are checked, and repaired, in the file's own
-- coordinates as plots are, so that a notch drawn as a hole on a district's or a building's outline
-- is said and published valid, no longer published unsaid with its hole on its outline.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
