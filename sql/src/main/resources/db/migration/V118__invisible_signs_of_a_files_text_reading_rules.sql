-- The signs of a file's text that no one sees — of writing direction (U+202E, which turns the letters after
-- it around on a plot's card), zero-width ones (U+200B, U+FEFF) and control characters other than a line
-- break and a tab (ESC, BEL) — are removed from this version on from every text of a file, its mapped fields
-- and those kept in extra, and each feature's row says which field held which, as a layer's title and a
-- publish reason are refused with them; nothing to change in the database.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
SELECT 1;
