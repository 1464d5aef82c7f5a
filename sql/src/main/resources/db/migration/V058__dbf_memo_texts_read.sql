-- Files are read otherwise from this version on, in Java, with nothing to change in the database:
-- a Shapefile's memo fields (type M) by their texts in the .dbt or .fpt beside the .dbf, no longer by
-- the numbers of the blocks that hold them, and a DBF date of zeros (00000000) in a date field read
-- as text as no date. LayerImporter.READING_RULES names this migration: a draft made before it was
-- read otherwise, and is imported again rather than published.
SELECT 1;
