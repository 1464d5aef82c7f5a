-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- status, land category or right type the file's field cut to its width when the file was written
-- («право временного возмездного зе» of «… землепользования») is read as the code whose words it
-- begins, when it begins those of one code only, is of 16 letters or more and as long as the longest
-- value of that field in the file, and said on its row (status_cut, land_category_cut,
-- right_type_cut), no longer refused or left empty as not known.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
