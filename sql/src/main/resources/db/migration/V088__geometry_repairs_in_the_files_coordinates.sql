-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- plot of a projected file (UTM, Gauss–Krüger) is checked for validity in the file's own coordinates
-- too, so that a hole sharing a side with its outline (a notch) is repaired and said, no longer
-- published unsaid with its hole on its outline; of the two repairs GEOS makes, the one whose area is
-- nearer to what the file draws is kept, so that such a notch is read as a notch in any system, no
-- longer refused as a 4 % change; a part repeated exactly is read once, no longer refused as rings
-- that cross.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
