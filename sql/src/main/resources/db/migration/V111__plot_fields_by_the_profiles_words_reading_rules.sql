-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- field of a plots file whose name the profile does not know is read as the status, land category or
-- right type when its values are the profile's words for it, no longer when they are AdalMap's own codes
-- (English words: OpenStreetMap's 'fclass' forest, industrial was read as the land category); a file
-- with neither cadastral numbers nor a field of status is said (not_a_cadastre) and held back from
-- import --publish.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published.
SELECT 1;
