-- Fields a file gives one name (a .dbf's names cut alike to 10 bytes, «Кадастровый_номер_1» … «_3» read as
-- Кадастровы, Кадастровы_2, Кадастровы_3) each count, from this version on, as what their name could hold:
-- the warning of several fields names and compares them all. Of a plots file, the field read stays the
-- first of them; of a networks file, twins that could hold the kind or a capacity are now weighed with the
-- others when the kind is chosen by its values. Nothing to change in the database.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
SELECT 1;
