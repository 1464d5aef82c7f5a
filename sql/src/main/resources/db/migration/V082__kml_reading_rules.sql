-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- KML 2.1 file's placemarks of a custom type (<Schema name="Uchastok" parent="Placemark">, written
-- <Uchastok>) are read as placemarks with their schema's fields, no longer left out; every ring of one
-- innerBoundaryIs is a hole of its polygon, no longer only the last; placemarks' names are read as
-- cadastral numbers when 9 in 10 of those drawn as polygons are numbers, a pin or a track beside them
-- no longer counted.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
