-- A CSV file's (or a workbook sheet's) two columns of one name, «Площадь, га» twice, are read from this
-- version on each with its own values, the second under a name of its own (Площадь, га_2), as a .dbf's
-- two fields of one name are since V090, with nothing to change in the database: GDAL finds a column by
-- its name, and the declared area was published empty, neither value kept in extra.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
SELECT 1;
