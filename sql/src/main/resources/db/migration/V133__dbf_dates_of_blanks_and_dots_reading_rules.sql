-- A .dbf date written as blanks with the date's two dots ("  .  .  "), or any other mix of blanks and dots,
-- as some programs write a date left empty, is from this version on no date, as the zeros 00000000 already
-- were: GDAL read it as the day 0000-00-00, so the whole field was read as text, said of in the report, and
-- each plot without a date warned of (bad_date), the value kept in its extra as written.
-- Nothing to change in the database.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
SELECT 1;
