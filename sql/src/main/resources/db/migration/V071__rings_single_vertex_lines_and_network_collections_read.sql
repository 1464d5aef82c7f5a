-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- KML placemark drawn as a ring alone (LinearRing) is the plot it outlines, or a closed network line,
-- where the whole file was refused; a MIF polyline of one vertex (Pline 1), or a Pline Multiple with
-- a section of one, is read and rejected by its row, where the whole file was refused; a networks
-- feature drawn as a collection with lines is those lines (points and polygons beside them left out),
-- and one of points alone those points, where it was rejected.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published.
SELECT 1;
