-- Files are read otherwise from this version on, in Java, with nothing to change in the database:
-- an ArcGIS service's JSON answer by the descriptions of its fields' coded domains (their codes kept
-- as <field>_code) and with words in a field declared as numbers read as text, not as 0; a KML
-- description's table laid out horizontally (QGIS, NextGIS Web), or beside the placemark's data; and
-- degrees, minutes and seconds separated by spaces (49 57 44.0) in longitude and latitude columns.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published.
SELECT 1;
