-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- field is matched to the profile by its alias as well as its name (an ArcGIS geodatabase's MESTO is
-- «Адрес» to whoever edits it), so that a status, area, address or operator under a Latin name with
-- a Russian alias is read, no longer left out (a status field so named, its plots all given the
-- profile's default), and SOST read as a plot's status by its name; a code missing from its
-- field's coded domain is read as the code, no longer as an empty cell; a field typed as a number in one class of a geodatabase and as text in another is
-- read as text in both.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
