-- The file a revision was read from, as the archive sent names it: a revision made from a file picked
-- out of a zip (a KML beside a Shapefile, Export/2026/plots.kml) records that file, and its layer
-- (source_layer) is the file's own, no longer the zip's name. Null when the file sent was read itself,
-- for the revisions made before this version, and for a networks import's Shapefiles read together.
-- Files are read otherwise from this version on too: fields whose names differ from another's in the
-- case of Latin letters only (Status and STATUS of a GeoJSON, a CSV file or a KML's data) keep their
-- names, where they were read as status and status_2 (a KML's as one, the last value kept).
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
ALTER TABLE layer_revision ADD COLUMN source_file text;

COMMENT ON COLUMN layer_revision.source_file IS
    'the file read inside the archive sent (source_name), by its path there; null when the file sent was read itself';
