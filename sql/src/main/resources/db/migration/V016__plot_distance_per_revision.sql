-- Distances to the networks recomputed for what a published revision changed, not for its whole layer.
--
-- A land department's monthly file changes a few plots of hundreds of thousands; measuring every plot
-- of the layer again (about 200 s per 250,000 plots with networks nearby) would make each small
-- publish slow. Publishing sets layer_revision_id to the revision on exactly the plots it adds,
-- changes or brings back, and retires the ones it removes: only those are measured or forgotten.

-- Forgets the distances of the layer's retired plots and measures the current plots that revision
-- p_revision put in place. Boxes first, as the whole-layer refresh does: a revision far from every
-- network measures nothing. Returns the number of rows written.
CREATE FUNCTION refresh_plot_network_distance_for_plot_revision(layer integer, p_revision bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    written bigint := 0;
    extent geometry;
    boxes geometry[];
    box_kinds text[];
BEGIN
    DELETE FROM plot_network_distance d
    USING land_plot p
    WHERE d.plot_layer_id = layer AND p.id = d.plot_id
      AND (p.retired_revision_id IS NOT NULL OR p.layer_revision_id = p_revision);
    SELECT ST_Extent(p.geom)::geometry INTO extent
    FROM land_plot p
    WHERE p.layer_revision_id = p_revision AND p.retired_revision_id IS NULL;
    IF extent IS NULL THEN
        RETURN 0;
    END IF;
    SELECT array_agg(k.box), array_agg(k.kind) INTO boxes, box_kinds
    FROM (SELECT n.kind, expand_by_metres(ST_Extent(n.geom)::geometry, plot_network_distance_cap_m()) AS box
          FROM network n
          GROUP BY n.layer_revision_id, n.kind) k
    WHERE k.box && extent;
    IF boxes IS NULL THEN
        RETURN 0;
    END IF;
    INSERT INTO plot_network_distance (plot_id, kind, network_id, distance_m, plot_layer_id, network_layer_id)
    WITH candidate AS MATERIALIZED (
        SELECT DISTINCT p.id, k.kind
        FROM unnest(boxes, box_kinds) AS k (box, kind)
        JOIN land_plot p ON p.geom && k.box
        WHERE p.layer_revision_id = p_revision AND p.retired_revision_id IS NULL)
    SELECT c.id, c.kind, nn.network_id, nn.distance_m, layer, nn.network_layer_id
    FROM candidate c
    JOIN land_plot p ON p.id = c.id
    CROSS JOIN LATERAL plot_network_nearest(p.geom, c.kind) nn;
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$$;
