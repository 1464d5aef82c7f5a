-- A networks layer's features keep their rows (and so their public ids) between revisions: a publish
-- or a rollback changes the features that changed in place, leaves the unchanged ones as they are,
-- deletes the removed ones and inserts the added ones, where it replaced every row. A revision's
-- snapshot remembers the public row each of its features was, so that a rollback gives a feature
-- back under the id it had. A diff lists each network feature with what a person knows it by (its
-- kind, name, voltage, pressure class, diameter and row in its file), beside its key.

-- the public feature (network.id) this feature of the snapshot was when the revision was last made
-- public; null for a draft never published
ALTER TABLE network_snapshot ADD COLUMN network_id bigint;

-- the public features of a published revision were inserted from its snapshot: the same keys
UPDATE network_snapshot s SET network_id = p.id
FROM (SELECT n.id, n.layer_revision_id,
             network_feature_key(n.kind, n.geom,
                                 count(*) OVER (PARTITION BY r.layer_id, network_key(n.kind, n.geom)) > 1, n.name,
                                 round(n.voltage_kv, 2), n.pressure_class, round(n.diameter_mm::numeric)) AS feature_key
      FROM network n JOIN layer_revision r ON r.id = n.layer_revision_id) p
WHERE s.layer_revision_id = p.layer_revision_id AND s.feature_key = p.feature_key;

-- a network feature of a diff as a person finds it: kind, name, voltage_kv, pressure_class,
-- diameter_mm, and its row (position among the features read, from 1) in the file of revision
-- (layer_revision.id): the revision's own file for a feature added or changed, the published one's
-- for a feature removed; null for plots, custom layers' features and the diffs made before
ALTER TABLE revision_change ADD COLUMN feature jsonb;

-- A geometry in metres: in the WGS 84 UTM zone of the centre of at's box (Kazakhstan lies in
-- zones 40N–45N), where a distance of a metre or so is true to a millimetre a zone away.
CREATE FUNCTION in_metres(geom geometry, at geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT ST_Transform(geom, 32600 + least(60, greatest(1,
                        floor((ST_X(ST_Centroid(ST_Envelope(at))) + 180) / 6)::integer + 1)))
$$;
