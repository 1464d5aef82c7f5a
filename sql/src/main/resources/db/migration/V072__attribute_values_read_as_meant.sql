-- Files are read otherwise from this version on, in Java, with nothing to change in the database: an
-- auction date outside the years 1991 to 2100 (a spreadsheet's date cell holding 0, 30.12.1899, and
-- the days of 1900 Excel counts one off; placeholders such as 01.01.0001 or 31.12.9999) is left
-- empty and reported, whatever the file's format; declared areas under a field whose name gives no
-- unit, nearly all about 10,000 times their drawn areas, are read as the square metres they are; a
-- status or land category «-» is no status (missing, not unknown), a right type «-» none.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published.
SELECT 1;
