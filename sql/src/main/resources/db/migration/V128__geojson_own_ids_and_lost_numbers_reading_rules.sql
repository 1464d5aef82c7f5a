-- A GeoJSON feature's own id ("id" beside its properties), which GDAL dropped when the feature's properties
-- held an "id" too, is read from this version on: when any feature's properties hold one, every feature's
-- own id is kept in its extra as id_2 (or id_3, … when a property of the file is so named), the properties'
-- under id, and the report says so. A GeoJSON holding NaN, Infinity or -Infinity, which GDAL reads, is read
-- as GDAL reads it where its crs member made the file be refused as damaged (named twice, or linking to
-- its system): a feature whose coordinates are not numbers is rejected on its row, as any such feature is.
-- Nothing to change in the database.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
SELECT 1;
