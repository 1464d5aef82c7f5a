-- Files are read otherwise from this version on, in Java, with nothing to change in the database: the
-- second of two Shapefile field names cut alike to a DBF's 10 bytes in UTF-8 or a one-byte code page
-- (QGIS's «Стату» and «Стат_1» of «Статус_аукциона» and «Статус_участка») is a candidate of the same
-- field, said as field_ambiguous; a KML's folder field read as a status, land category or right type
-- takes the nearest folder named by a word of the profile's («Участки / Аукцион» is on auction), and
-- «Свободные», «Выставлены на аукцион» (and торги), «Предоставленные», «Изъятые» are status words.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published.
SELECT 1;
