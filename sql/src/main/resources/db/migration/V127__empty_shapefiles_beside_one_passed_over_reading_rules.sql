-- A zip of Shapefiles of which only one holds records (the plots, beside the empty layers ArcGIS and QGIS
-- export with them: изъятые.shp of no plots) is, from this version on, read at that one, and the report
-- names the empty ones as not read (file_shapefiles_empty_left_out): it was refused as holding several
-- Shapefiles until one was named, as empty GeoPackage layers already were passed over. Two or more with
-- records are refused as before, and an empty one named as the layer in the file is still the one read.
-- Nothing to change in the database.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
SELECT 1;
