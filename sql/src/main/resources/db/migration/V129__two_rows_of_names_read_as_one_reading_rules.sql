-- A form's header of two rows, a name over several columns («Площадь», a cell merged over them) and the
-- unit of each column on the row below («га», «кв.м»), is, from this version on, read as one row of
-- names in a CSV file or a workbook's sheet: the columns are named «Площадь, га», «Площадь, кв.м», and
-- the row of units is no feature. They were named by their units alone, or a sheet's names were taken
-- from the row of units, and the declared area was not read. The report says the two rows were read as
-- one, by the file's lines or the sheet's rows.
-- Nothing to change in the database.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
SELECT 1;
