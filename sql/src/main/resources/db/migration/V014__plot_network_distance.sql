-- The nearest engineering network of each kind to every current plot (within 5 km), precomputed so that a search such as "gas within 300 m and power within 500 m" is an index lookup, and the set-based functions the import pipeline calls to keep it current after a plots or networks layer is published or rolled back.

-- Networks cut into short pieces (segments of at most 200 m, and single points). A street main
-- is one long line whose box covers a whole district: a nearest-neighbour search over whole lines
-- has to measure dozens of them for every plot, over pieces only the few next to it.
CREATE TABLE network_piece (
    network_id       bigint NOT NULL,
    kind             varchar(16) NOT NULL,
    network_layer_id integer NOT NULL,
    geom             geometry(Geometry, 4326) NOT NULL
);
CREATE INDEX network_piece_layer_idx ON network_piece (network_layer_id);

-- One row per current plot and network kind that has a network within the cap; no row means none
-- within 5 km. Rows are derived data, replaced as a whole by the refresh functions below: there are
-- no foreign keys, because a networks layer is republished by deleting and inserting its features.
CREATE TABLE plot_network_distance (
    plot_id          bigint NOT NULL,
    kind             varchar(16) NOT NULL,
    network_id       bigint NOT NULL,
    -- metres on the sphere (PostGIS geography, use_spheroid = false): within 0.5 % of the spheroid
    distance_m       double precision NOT NULL CHECK (distance_m >= 0),
    -- the layers of the plot and of the network, so that a layer's rows are found by an index
    plot_layer_id    integer NOT NULL,
    network_layer_id integer NOT NULL,
    PRIMARY KEY (plot_id, kind)
);
-- "gas within 300 m": an index-only range scan per kind, intersected with the other conditions
CREATE INDEX plot_network_distance_kind_idx ON plot_network_distance (kind, distance_m, plot_id);
CREATE INDEX plot_network_distance_plot_layer_idx ON plot_network_distance (plot_layer_id);
CREATE INDEX plot_network_distance_network_layer_idx ON plot_network_distance (network_layer_id);

-- Beyond this many metres a plot has no nearest network of a kind.
CREATE FUNCTION plot_network_distance_cap_m() RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 5000::double precision
$$;

-- A box around a geometry's box that covers at least the given metres in every direction (in
-- degrees: a degree of longitude shrinks with the cosine of the latitude, so the box is grown by
-- what a metre is at the box's edge farthest from the equator).
CREATE FUNCTION expand_by_metres(geom geometry, metres double precision) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT ST_Expand(ST_Envelope(geom),
                     metres / (111000 * cos(radians(least(89.9, greatest(abs(ST_YMin(geom)), abs(ST_YMax(geom)))
                                                               + metres / 110000)))),
                     metres / 110000)
$$;

-- The nearest network of a kind to a geometry, within the cap, and its distance in metres.
-- Exact, with two index lookups: the nearest piece in degrees gives an upper bound in metres; every
-- piece that could be nearer lies in the box grown by that bound, and only those are measured.
-- One partial GiST index per kind (a search over an index of every kind is four times slower), so
-- the function has one branch per kind, each run only for its own kind; both are made here from
-- the rows of network_kind.
DO $do$
DECLARE
    k record;
    branches text[] := '{}';
BEGIN
    FOR k IN SELECT code FROM network_kind ORDER BY position LOOP
        EXECUTE format('CREATE INDEX %I ON network_piece USING gist (geom) WHERE kind = %L',
                       'network_piece_' || k.code || '_idx', k.code);
        branches := branches || format($branch$
    (WITH bound AS (
        SELECT least(ST_Distance(c.geom::geography, $1::geography, false), plot_network_distance_cap_m()) AS metres
        FROM network_piece c
        WHERE c.kind = %1$L AND c.geom && expand_by_metres($1, plot_network_distance_cap_m())
        ORDER BY c.geom <-> $1
        LIMIT 1)
    SELECT c.network_id, c.network_layer_id, m.metres
    FROM bound b
    JOIN network_piece c ON c.kind = %1$L AND c.geom && expand_by_metres($1, b.metres)
    CROSS JOIN LATERAL (SELECT ST_Distance(c.geom::geography, $1::geography, false) AS metres) m
    WHERE $2 = %1$L AND m.metres <= plot_network_distance_cap_m()
    ORDER BY m.metres, c.network_id
    LIMIT 1)$branch$, k.code);
    END LOOP;
    EXECUTE format($fn$
CREATE FUNCTION plot_network_nearest(geom geometry, wanted_kind text)
RETURNS TABLE (network_id bigint, network_layer_id integer, distance_m double precision)
LANGUAGE sql STABLE PARALLEL SAFE AS $body$%s
$body$$fn$, array_to_string(branches, E'\n    UNION ALL'));
END
$do$;

-- The pieces of a networks layer's public features: rebuilt from the network table.
CREATE FUNCTION refresh_network_piece(layer integer) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    added bigint;
BEGIN
    DELETE FROM network_piece WHERE network_layer_id = layer;
    INSERT INTO network_piece (network_id, kind, network_layer_id, geom)
    SELECT n.id, n.kind, layer, s.geom
    FROM network n
    JOIN layer_revision r ON r.id = n.layer_revision_id AND r.layer_id = layer
    -- cut along the great circle (geography), so the pieces are exactly the edges the distance measures
    CROSS JOIN LATERAL ST_DumpSegments(ST_Segmentize(n.geom::geography, 200)::geometry) s
    WHERE GeometryType(n.geom) IN ('LINESTRING', 'MULTILINESTRING')
    UNION ALL
    SELECT n.id, n.kind, layer, d.geom
    FROM network n
    JOIN layer_revision r ON r.id = n.layer_revision_id AND r.layer_id = layer
    CROSS JOIN LATERAL ST_Dump(n.geom) d
    WHERE GeometryType(n.geom) IN ('POINT', 'MULTIPOINT');
    GET DIAGNOSTICS added = ROW_COUNT;
    RETURN added;
END
$$;

-- Recomputes the distances of every current plot of a plots layer, and forgets those of its
-- retired plots. Call after the layer is published or rolled back. Boxes first: the box of each
-- networks revision's features of a kind, grown by the cap, is compared with the box of the layer's
-- plots, and only the plots inside a box that overlaps it are measured. A layer far from every
-- network costs one pass over its plots' boxes (about 0.2 s for 250,000 plots), not a search per plot.
-- Returns the number of rows written.
CREATE FUNCTION refresh_plot_network_distance_for_plot_layer(layer integer) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    written bigint := 0;
    extent geometry;
    boxes geometry[];
    box_kinds text[];
BEGIN
    DELETE FROM plot_network_distance WHERE plot_layer_id = layer;
    SELECT ST_Extent(p.geom)::geometry INTO extent
    FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id AND r.layer_id = layer
    WHERE p.retired_revision_id IS NULL;
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
        JOIN layer_revision r ON r.id = p.layer_revision_id AND r.layer_id = layer
        WHERE p.retired_revision_id IS NULL)
    SELECT c.id, c.kind, nn.network_id, nn.distance_m, layer, nn.network_layer_id
    FROM candidate c
    JOIN land_plot p ON p.id = c.id
    CROSS JOIN LATERAL plot_network_nearest(p.geom, c.kind) nn;
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$$;

-- Recomputes what a change of a networks layer can change: the pieces of the layer, then for each
-- kind the plots whose nearest network was in the layer and the current plots inside the box of
-- the layer's features of that kind grown by the cap. Call after the layer is published or rolled
-- back (also after its features were deleted: the plots that pointed at them are recomputed).
-- Returns the number of distance rows written or removed.
CREATE FUNCTION refresh_plot_network_distance_for_network_layer(layer integer) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    changed bigint;
BEGIN
    PERFORM refresh_network_piece(layer);
    WITH reach AS MATERIALIZED (
        SELECT n.kind, expand_by_metres(ST_Extent(n.geom)::geometry, plot_network_distance_cap_m()) AS box
        FROM network n
        JOIN layer_revision r ON r.id = n.layer_revision_id AND r.layer_id = layer
        GROUP BY n.kind),
    pair AS MATERIALIZED (
        SELECT d.plot_id, d.kind FROM plot_network_distance d WHERE d.network_layer_id = layer
        UNION
        SELECT p.id, k.kind
        FROM reach k JOIN land_plot p ON p.geom && k.box
        WHERE p.retired_revision_id IS NULL),
    nearest AS MATERIALIZED (
        SELECT q.plot_id, q.kind, r.layer_id AS plot_layer_id, nn.network_id, nn.distance_m, nn.network_layer_id
        FROM pair q
        JOIN land_plot p ON p.id = q.plot_id AND p.retired_revision_id IS NULL
        JOIN layer_revision r ON r.id = p.layer_revision_id
        LEFT JOIN LATERAL plot_network_nearest(p.geom, q.kind) nn ON true),
    removed AS (
        DELETE FROM plot_network_distance d
        USING pair q
        WHERE d.plot_id = q.plot_id AND d.kind = q.kind
          AND NOT EXISTS (SELECT 1 FROM nearest x
                          WHERE x.plot_id = q.plot_id AND x.kind = q.kind AND x.network_id IS NOT NULL)
        RETURNING 1),
    written AS (
        INSERT INTO plot_network_distance (plot_id, kind, network_id, distance_m, plot_layer_id, network_layer_id)
        SELECT x.plot_id, x.kind, x.network_id, x.distance_m, x.plot_layer_id, x.network_layer_id
        FROM nearest x WHERE x.network_id IS NOT NULL
        ON CONFLICT (plot_id, kind) DO UPDATE
            SET network_id = excluded.network_id, distance_m = excluded.distance_m,
                plot_layer_id = excluded.plot_layer_id, network_layer_id = excluded.network_layer_id
            WHERE (plot_network_distance.network_id, plot_network_distance.distance_m)
                  IS DISTINCT FROM (excluded.network_id, excluded.distance_m)
        RETURNING 1)
    SELECT (SELECT count(*) FROM removed) + (SELECT count(*) FROM written) INTO changed;
    RETURN changed;
END
$$;

-- What is already published gets its pieces now; the distances of existing plots are computed by
-- refresh_plot_network_distance_for_plot_layer, layer by layer (see the import pipeline).
SELECT refresh_network_piece(l.id) FROM layer l WHERE l.kind = 'networks';
