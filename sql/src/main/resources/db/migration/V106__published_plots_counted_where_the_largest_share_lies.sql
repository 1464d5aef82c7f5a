-- Places the features that meet a region's or a district's boundary where the largest share of them
-- lies, in one function the importer and this migration both use, and counts the plots published
-- before V099 so: until now a plot published then kept the region and district a point on its surface
-- fell in (a plot 69 % in East Kazakhstan could still be Abai's) until it was drawn otherwise.

-- The measure of part of a feature of the given dimension, on the sphere: the area of a polygon's part
-- (m²), the length of a line's part (m), nothing for a point. In degrees a line's length depends on its
-- bearing (a degree of longitude is 0.64 of a degree of latitude at 50° N): 97 km of a line running
-- north and 74 km running east measured the other way round.
CREATE OR REPLACE FUNCTION place_measure(part geometry, dimension integer) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE dimension WHEN 2 THEN ST_Area(part::geography, false)
                          WHEN 1 THEN ST_Length(part::geography, false)
                          ELSE 0 END
$$;

-- Places the rows of relation features (columns key and geom, EPSG:4326, geom indexed with GiST) that
-- meet a region's or a district's boundary by the largest share of them: of their area for polygons,
-- of their length for lines (a point meets a boundary with no share: where it lies places it). Makes
-- three temporary tables, named after places:
--   <places>_border (key, geom, dimension, measure): the rows that meet a boundary, dropped at the end;
--   <places>_share (key, region_id, share): the share of each region such a row lies in (0 to 1);
--   <places>_across (key, region_id, district_id): the place of each such row that lies in a region,
--   the region of its largest share (equal shares: the first region) and the district of that region
--   holding the largest share of it, or none.
-- The rows that meet no boundary lie wholly in one district of one region, or in none, and are left
-- to the caller, who places them by a point on their surface.
--
-- The boundaries within the rows' extent, cut into short pieces, find the rows through the index on
-- features: asked row by row, each of 1,000,000 plots was tested against every piece (230 s).
CREATE OR REPLACE FUNCTION place_across_boundaries(features regclass, places text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE format($q$
        CREATE TEMP TABLE %2$I AS
        WITH extent AS MATERIALIZED (
            SELECT ST_Expand(ST_Extent(geom), 0.001) AS box FROM %1$s),
        edge AS MATERIALIZED (
            SELECT ST_Subdivide(ST_ClipByBox2D(ST_Boundary(b.geom), e.box), 32) AS geom
            FROM (SELECT geom FROM region UNION ALL SELECT geom FROM district) b, extent e
            WHERE b.geom && ST_SetSRID(e.box::geometry, 4326)),
        meeting AS (
            SELECT DISTINCT f.key FROM edge e JOIN %1$s f ON f.geom && e.geom AND ST_Intersects(f.geom, e.geom))
        SELECT f.key, f.geom, ST_Dimension(f.geom) AS dimension, place_measure(f.geom, ST_Dimension(f.geom)) AS measure
        FROM meeting m JOIN %1$s f ON f.key = m.key
        $q$, features, places || '_border');
    EXECUTE format($q$
        CREATE TEMP TABLE %1$I AS
        WITH piece AS MATERIALIZED (
            SELECT r.id, ST_Subdivide(r.geom, 64) AS geom FROM region r
            WHERE EXISTS (SELECT 1 FROM %2$I b WHERE b.geom && r.geom))
        SELECT b.key, piece.id AS region_id,
               sum(place_measure(ST_Intersection(b.geom, piece.geom), b.dimension)) / b.measure AS share
        FROM %2$I b JOIN piece ON piece.geom && b.geom
        WHERE b.measure > 0
        GROUP BY b.key, piece.id, b.measure
        $q$, places || '_share', places || '_border');
    EXECUTE format($q$
        CREATE TEMP TABLE %1$I AS
        SELECT DISTINCT ON (key) key, region_id, NULL::integer AS district_id FROM %2$I
        WHERE share > 0
        ORDER BY key, share DESC, region_id
        $q$, places || '_across', places || '_share');
    EXECUTE format($q$
        WITH piece AS MATERIALIZED (
            SELECT d.id, d.region_id, ST_Subdivide(d.geom, 64) AS geom FROM district d
            WHERE EXISTS (SELECT 1 FROM %2$I b WHERE b.geom && d.geom)),
        best AS (
            SELECT DISTINCT ON (b.key) b.key, piece.id
            FROM %2$I b
            JOIN %1$I a ON a.key = b.key
            JOIN piece ON piece.region_id = a.region_id AND piece.geom && b.geom
            GROUP BY b.key, piece.id, b.dimension
            HAVING sum(place_measure(ST_Intersection(b.geom, piece.geom), b.dimension)) > 0
            ORDER BY b.key, sum(place_measure(ST_Intersection(b.geom, piece.geom), b.dimension)) DESC, piece.id)
        UPDATE %1$I a SET district_id = best.id FROM best WHERE a.key = best.key
        $q$, places || '_across', places || '_border');
    EXECUTE format('DROP TABLE %I', places || '_border');
END
$fn$;

-- The plots published before V099 (current, and retired ones, which a rollback may bring back) that
-- meet a boundary. Only the region and the district change: no entry of the plots' history (which
-- records statuses, removals and returns), and updated_at, which the trigger touches, tells the map's
-- tiles and the API's caches that the plots changed. A plot wholly inside one district keeps its place.
DO $$
BEGIN
    CREATE TEMP VIEW published_plot AS
        SELECT id AS key, geom FROM land_plot WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom);
    PERFORM place_across_boundaries('published_plot', 'published_plot_place');
    UPDATE land_plot p SET region_id = a.region_id, district_id = a.district_id
    FROM published_plot_place_across a
    WHERE p.id = a.key AND (p.region_id, p.district_id) IS DISTINCT FROM (a.region_id, a.district_id);
    DROP TABLE published_plot_place_across, published_plot_place_share;
    DROP VIEW published_plot;
END
$$;
