-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- cadastral number of 11 digits typed without separators whose region part is no region's (a
-- spreadsheet's General format dropped the 0 of «050859810002») is read with its 0 when the plot lies in
-- the region whose code the 12 digits begin with, and said either way.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
