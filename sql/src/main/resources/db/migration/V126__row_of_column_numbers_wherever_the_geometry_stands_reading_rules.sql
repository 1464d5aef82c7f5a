-- The row of column numbers (1, 2, 3…) a form prints right under the column names of a CSV file or a
-- workbook's sheet is, from this version on, left out before GDAL reads the file, wherever its geometry
-- column stands: it was left out only when the geometry column was the last, and otherwise read as a
-- feature (a plot numbered 1, rejected; a point at the numbers of the longitude and latitude columns, which
-- refused the whole file as lying outside Kazakhstan). The report names it by its line or the sheet's row.
-- Nothing to change in the database.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
SELECT 1;
