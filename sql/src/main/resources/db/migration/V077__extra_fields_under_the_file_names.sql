-- Files are read otherwise from this version on, in Java, with nothing to change in the database: the
-- fields no profile maps are kept in a feature's extra under the names the file gives them (a
-- Shapefile's «PRIMECH», «ZONA-2»), no longer under those of the columns GDAL read them into
-- («primech», «zona_2»: Latin letters lowered, '-' made '_', long names cut at 63 bytes).
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
