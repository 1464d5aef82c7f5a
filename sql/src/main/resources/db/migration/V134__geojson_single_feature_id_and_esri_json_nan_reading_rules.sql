-- A GeoJSON file that is a single feature, not a collection of them, has its own id read from this version
-- on as a collection's features' ids are: a number, which GDAL took for the feature's number and read no
-- field of, is kept in the plot's extra as id; one beside properties that hold an id too is kept as id_2.
-- An ArcGIS JSON holding NaN, Infinity or nan, which GDAL reads, has its coded domains and its number
-- fields holding text read as any other's: such a number made the importer's own reader leave the file
-- to GDAL, which read the domains' codes, not their descriptions.
-- Nothing to change in the database.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
SELECT 1;
