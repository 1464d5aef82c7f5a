-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- .dbf whose .cpg or language mark says CP1251 and whose text is in a Kazakh code page (KZ-1048 or
-- PT154, as ArcMap on a Kazakh Windows writes it) is read in that code page, no longer as CP1251
-- («Жаѕа ґмір» for «Жаңа өмір»); a .dbf whose .cpg says only OEM or ANSI is read in the code page
-- its language mark names; two fields of a .dbf of one name are both read, each with its own
-- values; the cadastre-export profile reads the Cyrillic spellings of its short Latin names (ПРАВО,
-- ЦЕЛ_НАЗН); a .prj not in UTF-8 is read in the .dbf's code page.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
