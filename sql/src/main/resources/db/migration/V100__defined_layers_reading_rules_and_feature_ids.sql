-- Files are read otherwise from this version on, in Java: of a layer defined as data, a Shapefile's
-- fields whose names GDAL, QGIS or ArcGIS cut alike to 10 characters (accessible and accessib_1 of
-- accessible_toilet and accessible_entrance) are read as those attributes in the order the layer
-- defines them, said (field_names_cut_alike) and held back from publishing until someone has looked,
-- no longer left in the extra fields; a yes/no attribute reads ИСТИНА/ЛОЖЬ and АҚИҚАТ/ЖАЛҒАН, the
-- words Russian and Kazakh Excel write a TRUE or FALSE cell as, no longer refusing them; a number or
-- text in the exponent form Excel writes a number of 12 digits or more in (1,23457E+11) is refused, no
-- longer read rounded. LayerImporter.READING_RULES names this migration: a draft made before it was
-- read otherwise, and is imported again rather than published; a re-import after it reads every
-- feature again.

-- A layer defined as data gives a feature back the id it had (its OGC API item) when a rollback
-- brings it back, as a networks layer does (V063): a revision's snapshot remembers the public
-- feature (layer_feature.id) each of its features was when the revision was last made public; null
-- for a draft never published, and for the revisions before the one public now.
ALTER TABLE layer_feature_snapshot ADD COLUMN feature_id bigint;

UPDATE layer_feature_snapshot s SET feature_id = p.id
FROM layer_revision r JOIN layer_feature p ON p.layer_id = r.layer_id
WHERE r.id = s.layer_revision_id AND r.state = 'published' AND p.feature_key = s.feature_key;
