package kz.adalmap.importers.publish;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where plots are counted: in the region holding the largest share of a plot's area, and in the
 * district of that region holding the largest share of it. The import's check of an editor's regions
 * and the publishing of plots both place them so, and agree.
 *
 * <p>Most plots lie wholly inside one district of one region: those meet no boundary, and are placed
 * by a point on their surface, looked up in a join driven by the regions and districts (each tested
 * against the points within its box, prepared once). Only the plots that meet a boundary (the
 * regions' and districts' outlines within the plots' extent, cut into short pieces, found through the
 * plots' spatial index) are measured against the regions and districts cut into small pieces. A
 * point on surface alone put a plot 69 % in one region into the other, whose editor could import it
 * while the first region's editor was refused it.
 */
final class PlotPlaces {

    private PlotPlaces() {}

    /**
     * Creates temporary table {@code into} (key, region_id, district_id): the place of each row of
     * {@code rows} (relation {@code s}) matching {@code where}, keyed by {@code key} (SQL over
     * {@code s}); a row that lies in no region has none. Table {@code into_share} (key, region_id,
     * share) keeps the shares of the regions a plot across a region's or district's boundary lies in.
     * {@link #drop} drops both.
     */
    static void place(Statement st, String rows, String key, String where, String into) throws SQLException {
        st.executeUpdate("""
                CREATE TEMP TABLE %1$s_plot AS
                SELECT %2$s AS key, s.geom, ST_PointOnSurface(s.geom) AS pt FROM %3$s s
                WHERE (%4$s) AND s.geom IS NOT NULL AND NOT ST_IsEmpty(s.geom)
                """.formatted(into, key, rows, where));
        st.executeUpdate("CREATE INDEX ON " + into + "_plot USING gist (pt)");
        st.executeUpdate("CREATE INDEX ON " + into + "_plot USING gist (geom)");
        st.execute("ANALYZE " + into + "_plot");
        // the region and the district of each plot's point (one on the border of two is counted in
        // the first); a district of another region than the region's is none
        st.executeUpdate("""
                CREATE TEMP TABLE %1$s AS
                SELECT p.key, coalesce(r.id, d.region_id) AS region_id,
                       CASE WHEN r.id IS NULL OR d.region_id = r.id THEN d.id END AS district_id
                FROM %1$s_plot p
                LEFT JOIN (SELECT DISTINCT ON (p.key) p.key, r.id
                           FROM region r JOIN %1$s_plot p ON ST_Intersects(r.geom, p.pt)
                           ORDER BY p.key, r.id) r ON r.key = p.key
                LEFT JOIN (SELECT DISTINCT ON (p.key) p.key, d.id, d.region_id
                           FROM district d JOIN %1$s_plot p ON ST_Intersects(d.geom, p.pt)
                           ORDER BY p.key, d.id) d ON d.key = p.key
                """.formatted(into));
        st.executeUpdate("CREATE INDEX ON " + into + " (key)");
        // the plots that meet a region's or a district's boundary, found from the pieces of boundary
        // through the plots' index: asked plot by plot (EXISTS), each plot was tested against every piece,
        // and a first import of 1,000,000 plots took 230 s longer
        st.executeUpdate("""
                CREATE TEMP TABLE %1$s_border AS
                WITH extent AS MATERIALIZED (
                    SELECT ST_Expand(ST_Extent(geom), 0.001) AS box FROM %1$s_plot),
                edge AS MATERIALIZED (
                    SELECT ST_Subdivide(ST_ClipByBox2D(ST_Boundary(b.geom), e.box), 32) AS geom
                    FROM (SELECT geom FROM region UNION ALL SELECT geom FROM district) b, extent e
                    WHERE b.geom && ST_SetSRID(e.box::geometry, 4326)),
                meeting AS (
                    SELECT DISTINCT p.key FROM edge e JOIN %1$s_plot p ON p.geom && e.geom AND ST_Intersects(p.geom, e.geom))
                SELECT p.key, p.geom, ST_Area(p.geom) AS area
                FROM meeting m JOIN %1$s_plot p ON p.key = m.key
                """.formatted(into));
        // their shares of each region, and their region the one of the largest (equal shares: the
        // first region)
        st.executeUpdate("""
                CREATE TEMP TABLE %1$s_share AS
                WITH piece AS MATERIALIZED (
                    SELECT r.id, ST_Subdivide(r.geom, 64) AS geom FROM region r
                    WHERE EXISTS (SELECT 1 FROM %1$s_border b WHERE b.geom && r.geom))
                SELECT b.key, piece.id AS region_id,
                       sum(ST_Area(ST_Intersection(b.geom, piece.geom))) / b.area AS share
                FROM %1$s_border b JOIN piece ON piece.geom && b.geom
                WHERE b.area > 0
                GROUP BY b.key, piece.id, b.area
                """.formatted(into));
        st.executeUpdate("""
                UPDATE %1$s t SET region_id = w.region_id
                FROM (SELECT DISTINCT ON (key) key, region_id FROM %1$s_share WHERE share > 0
                      ORDER BY key, share DESC, region_id) w
                WHERE t.key = w.key
                """.formatted(into));
        // and their district the one of that region that holds the largest share of them
        st.executeUpdate("""
                WITH piece AS MATERIALIZED (
                    SELECT d.id, d.region_id, ST_Subdivide(d.geom, 64) AS geom FROM district d
                    WHERE EXISTS (SELECT 1 FROM %1$s_border b WHERE b.geom && d.geom)),
                best AS (
                    SELECT DISTINCT ON (b.key) b.key, piece.id
                    FROM %1$s_border b
                    JOIN %1$s t ON t.key = b.key
                    JOIN piece ON piece.region_id = t.region_id AND piece.geom && b.geom
                    WHERE b.area > 0
                    GROUP BY b.key, piece.id
                    HAVING sum(ST_Area(ST_Intersection(b.geom, piece.geom))) > 0
                    ORDER BY b.key, sum(ST_Area(ST_Intersection(b.geom, piece.geom))) DESC, piece.id)
                UPDATE %1$s t SET district_id = best.id
                FROM %1$s_border b LEFT JOIN best ON best.key = b.key
                WHERE t.key = b.key AND b.area > 0
                """.formatted(into));
        st.executeUpdate("DROP TABLE " + into + "_plot, " + into + "_border");
    }

    /** Drops the tables {@link #place} made into {@code into}. */
    static void drop(Statement st, String into) throws SQLException {
        st.executeUpdate("DROP TABLE " + into + ", " + into + "_share");
    }
}
