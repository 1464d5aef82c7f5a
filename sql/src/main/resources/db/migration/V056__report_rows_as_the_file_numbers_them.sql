-- The numbers a person finds each reported feature by in the file they imported: the line of a CSV
-- file, the row of a workbook's sheet, the feature's position in other formats. import_issue keeps
-- the feature's position (source_row, from 1, as GDAL reads the file); the revision keeps how its
-- file turns positions into those numbers (RowNumbers). A revision stored before has none: its
-- report names features by their positions, as it always did.
ALTER TABLE layer_revision ADD COLUMN row_numbers jsonb;

COMMENT ON COLUMN layer_revision.row_numbers IS
    '{"unit": "line" | "row" | "feature", "from": [position...], "shift": [n...]}: from the position from[i] on, a feature''s number in the file is its position + shift[i]; null before V056 (positions)';
