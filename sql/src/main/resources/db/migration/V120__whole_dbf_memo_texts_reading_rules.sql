-- A memo field's text of a Shapefile's .dbf (type M, its texts in a .dbt or .fpt) is read whole from this
-- version on: a text longer than the 255 bytes GDAL reads of a .dbf's text field (an address with its
-- notes, a plot's encumbrances) is published as the memo file holds it, in the table's code page. Before, it
-- was cut after its 255th byte, and the report said so; nothing to change in the database.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
SELECT 1;
