-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- part of a Shapefile or a MapInfo table whose extension is in mixed case (plots.Prj, plots.Dbf,
-- Plots.Tab) is read with the rest, no longer left unread (the plots' .prj ignored and their
-- coordinates taken for WGS 84's, the .dbf's attributes left out, the table refused); and the only
-- .prj beside the only Shapefile of a folder, under another name, is read as its own, and said.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
