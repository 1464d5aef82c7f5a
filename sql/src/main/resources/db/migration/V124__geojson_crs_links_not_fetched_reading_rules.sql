-- A GeoJSON whose crs member links to its coordinate system on the internet (GeoJSON 2008's
-- {"type": "link", "properties": {"href": …}}, GDAL's "URL"), which GDAL fetched while reading the file,
-- is read from this version on without fetching it: as the EPSG code its address names
-- (spatialreference.org's /ref/epsg/32644/, epsg.io's, OGC's /def/crs/EPSG/0/32644), else in the
-- coordinate system given, the file being refused without one; a geometry's own crs link, which GDAL
-- asked for each feature (of a newline-delimited GeoJSON too) and placed nothing by, is left out.
-- Nothing to change in the database.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
SELECT 1;
