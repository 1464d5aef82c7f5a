-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- file of several layers of polygons with features (a GeoPackage of last year's plots and this
-- year's), and an archive of GIS files of several formats (a Shapefile beside a GeoJSON, KML or
-- GeoPackage), are refused unless the layer in the file names one, where the first layer or the
-- Shapefile was read before; a layer in the file that names a GeoJSON or KML of such an archive reads
-- it; a GeoJSON property without a name is read as field_<position>; and a field whose name differs
-- from another's in the case of Cyrillic letters only keeps its name.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published.
SELECT 1;
