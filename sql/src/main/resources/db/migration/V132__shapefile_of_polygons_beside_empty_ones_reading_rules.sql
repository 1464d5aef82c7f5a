-- A zip of Shapefiles holding the plots, an empty layer of polygons and a layer of lines or points with
-- features (the labels' points) is, from this version on, read at the plots, the only Shapefile of
-- polygons with records, and the report names the empty ones of polygons
-- (file_shapefile_of_polygons_empty_left_out; for a layer defined as data, of the geometry it is defined
-- with, file_shapefile_fitting_empty_left_out): it was refused as holding several Shapefiles until one was
-- named. Two or more of polygons with records are refused as before.
-- Nothing to change in the database.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
SELECT 1;
