-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- layer defined as data reads the layer of a file whose geometry its definition names (points, lines
-- or polygons), where the first layer of features was read before, and a file of two or more such
-- layers is refused until the layer in the file names one; so is a networks file of two or more
-- layers of lines, or of points, when a network kind is given for all its features, and a networks
-- file of several layers typed as geometries of any type; and a MapInfo table that is MapInfo's view
-- of a dBASE table with its .map is read.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published.
SELECT 1;
