-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- Shapefile's whole-number field written with leading zeros (a cadastral number «050859810001» kept in
-- a numeric field) is read by the digits the file holds, no longer as a number that loses its 0; the
-- zeros ArcGIS writes for no price or area are read as not given also in a number field read as text
-- (a decimal comma in one of its values); and a GeoJSON property holding an object or a list where a
-- field reads one value is left empty on its feature, the other features' values of it read as written
-- (a list in one feature made every feature's value a PostgreSQL array literal).
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
