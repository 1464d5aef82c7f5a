-- Appeals about an object of a layer defined as data (a budget object, an accessibility passport, a
-- service office): the appeal names the layer and the feature's key, which survives re-imports, never
-- layer_feature.id, which a new revision replaces.

ALTER TABLE appeal ADD COLUMN object_layer_id integer REFERENCES layer (id);
-- the value of layer_feature.feature_key of the object when the appeal was submitted
ALTER TABLE appeal ADD COLUMN object_key text CHECK (length(object_key) BETWEEN 1 AND 500);
ALTER TABLE appeal ADD CONSTRAINT appeal_object_is_whole CHECK ((object_layer_id IS NULL) = (object_key IS NULL));
-- the appeals of one object, for its card
CREATE INDEX appeal_object_idx ON appeal (object_layer_id, object_key) WHERE object_layer_id IS NOT NULL;

-- The view of V018 with the object the appeal is about: its layer's code and its key, shown only while
-- the layer is public (an internal layer's code is not public either). Every other column and rule is
-- unchanged: no contact, no citizen's own text, no appeal of a non-public category.
CREATE OR REPLACE VIEW public_appeal AS
SELECT a.id,
       a.tracking_code,
       a.category,
       a.status,
       CASE WHEN a.text_private THEN NULL ELSE a.public_text END AS text,
       a.text_private,
       a.channel,
       a.geom,
       a.region_id,
       a.agency_id,
       a.created_at,
       a.updated_at,
       a.due_date,
       appeal_overdue(a.status, a.due_date, a.first_answered_at) AS overdue,
       a.status_reason,
       a.answer_text,
       a.answered_at,
       a.first_answered_at,
       a.rating,
       a.support_count,
       m.tracking_code AS merged_into,
       ol.code AS object_layer,
       CASE WHEN ol.id IS NOT NULL THEN a.object_key END AS object_key
FROM appeal a
JOIN appeal_category c ON c.code = a.category AND c.is_public
LEFT JOIN appeal m ON m.id = a.merged_into_id
     AND EXISTS (SELECT 1 FROM appeal_category mc WHERE mc.code = m.category AND mc.is_public)
LEFT JOIN layer ol ON ol.id = a.object_layer_id AND ol.is_public;
