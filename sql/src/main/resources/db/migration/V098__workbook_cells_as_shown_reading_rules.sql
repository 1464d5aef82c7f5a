-- Files are read otherwise from this version on, in Java, with nothing to change in the database: an
-- Excel or LibreOffice workbook's sheet is read as the spreadsheet shows it. A hidden sheet is left out
-- unless named; a sheet whose column names lie under a title is found behind a cover sheet; a value
-- merged over rows is read on each row of its range; a cell holding a spreadsheet error (#N/A, #Н/Д,
-- #REF!…) is read as empty, and a formula whose result the file does not keep is said; a percentage is
-- read as the percentage shown (45, not 0.45), a number shown through a format of digits and signs as
-- shown (05-085-020-001), and the dates of a workbook counting from 1904 as shown.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
