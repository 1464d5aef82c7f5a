-- A .dbf whose .cpg names a Western code page (1252, CP1252, ISO-8859-1: QGIS on a Windows set up for
-- Western Europe saves a Russian table so, its bytes as they were) and whose text reads as a Cyrillic
-- one is, from this version on, read in the code page of its text, as one under a .cpg of the other
-- Russian code page is, and the report says so: before, «свободен» was read «ñâîáîäåí» and every plot
-- was rejected. Nothing to change in the database.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
SELECT 1;
