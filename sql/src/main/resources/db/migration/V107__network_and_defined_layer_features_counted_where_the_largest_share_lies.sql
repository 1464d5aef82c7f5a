-- A network's or a defined layer's feature is counted from this version on in the region holding the
-- largest share of it (of its length for a line, of its area for a polygon; a point where it lies),
-- as a plot is (V106), no longer where one point of it lies: a 171 km line 74 km in East Kazakhstan
-- and 97 km in Abai was East Kazakhstan's in the region filters. The features published before that
-- meet a region's boundary are placed so here; the others lie wholly in one region, or in none, and
-- keep their place. Only region_id changes: a feature keeps its revision and publish time.
DO $$
BEGIN
    CREATE TEMP VIEW published_network AS
        SELECT id AS key, geom FROM network WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom);
    PERFORM place_across_boundaries('published_network', 'published_network_place');
    UPDATE network n SET region_id = a.region_id
    FROM published_network_place_across a
    WHERE n.id = a.key AND n.region_id IS DISTINCT FROM a.region_id;
    DROP TABLE published_network_place_across, published_network_place_share;
    DROP VIEW published_network;

    CREATE TEMP VIEW published_layer_feature AS
        SELECT id AS key, geom FROM layer_feature WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom);
    PERFORM place_across_boundaries('published_layer_feature', 'published_layer_feature_place');
    UPDATE layer_feature f SET region_id = a.region_id
    FROM published_layer_feature_place_across a
    WHERE f.id = a.key AND f.region_id IS DISTINCT FROM a.region_id;
    DROP TABLE published_layer_feature_place_across, published_layer_feature_place_share;
    DROP VIEW published_layer_feature;
END
$$;
