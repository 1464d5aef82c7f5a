-- Files are read otherwise from this version on, in Java, with nothing to change in the database: of a
-- layer defined as data, a Shapefile's fields whose names GDAL, QGIS or ArcGIS cut alike to 10
-- characters (accessible and accessib_1 of accessible_toilet and accessible_entrance) are read as
-- those attributes in the order the layer defines them, said (field_names_cut_alike) and held back
-- from publishing until someone has looked, no longer left in the extra fields; a yes/no attribute
-- reads ИСТИНА/ЛОЖЬ and АҚИҚАТ/ЖАЛҒАН, the words Russian and Kazakh Excel write a TRUE or FALSE cell
-- as, no longer refusing them.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
