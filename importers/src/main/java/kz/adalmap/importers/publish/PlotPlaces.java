package kz.adalmap.importers.publish;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where plots are counted: in the region holding the largest share of a plot's area, and in the
 * district of that region holding the largest share of it. The import's check of an editor's regions
 * and the publishing of plots both place them so, and agree. A network's or a defined layer's feature
 * is counted so too, by the share of its length for a line, of its area for a polygon, and where it
 * lies for a point: always a region it meets, which is what makes it an editor's to import.
 *
 * <p>Most plots lie wholly inside one district of one region: those meet no boundary, and are placed
 * by a point on their surface, looked up in a join driven by the regions and districts (each tested
 * against the points within its box, prepared once). Only the plots that meet a boundary are measured,
 * by the database's {@code place_across_boundaries} (V106), which placed the plots published before
 * the same way. A point on surface alone put a plot 69 % in one region into the other, whose editor
 * could import it while the first region's editor was refused it.
 */
final class PlotPlaces {

    private PlotPlaces() {}

    /**
     * Creates temporary table {@code into} (key, region_id, district_id): the place of each row of
     * {@code rows} (relation {@code s}) matching {@code where}, keyed by {@code key} (SQL over
     * {@code s}); a row that lies in no region has none. Table {@code into_share} (key, region_id,
     * share) keeps the shares of the regions a row across a region's or district's boundary lies in.
     * {@link #drop} drops both.
     */
    static void place(Statement st, String rows, String key, String where, String into) throws SQLException {
        place(st, rows, key, where, into, false, null);
    }

    /**
     * Like {@link #place(Statement, String, String, String, String)}. With {@code keep}, the rows
     * placed are kept, with their geometries, for {@link #known}. {@code known} (null: none) is SQL of
     * places already found in this transaction ({@link #known}): a row of {@code rows} (which then has
     * a {@code source_row}) drawn exactly as the row of that number there is in its place at once.
     * A place depends on the outline and the boundaries only: publishing the draft that an import
     * has just checked finds each plot where the check placed it, and does not measure the plots
     * across a boundary a second time (some 18 s of a first import of a million plots).
     */
    static void place(Statement st, String rows, String key, String where, String into, boolean keep, String known)
            throws SQLException {
        String drawn = "(%s) AND s.geom IS NOT NULL AND NOT ST_IsEmpty(s.geom)".formatted(where);
        if (known != null) {
            st.executeUpdate("""
                    CREATE TEMP TABLE %1$s_known AS
                    SELECT %2$s AS key, k.region_id, k.district_id
                    FROM %3$s s JOIN (%4$s) k ON k.source_row = s.source_row AND k.geom = s.geom
                    WHERE %5$s
                    """.formatted(into, key, rows, known, drawn));
            // its size for the planner, which then leaves out the rows known by a hash anti-join
            st.execute("ANALYZE " + into + "_known (key)");
        }
        st.executeUpdate("""
                CREATE TEMP TABLE %1$s_plot AS
                SELECT %2$s AS key, s.geom, ST_PointOnSurface(s.geom) AS pt FROM %3$s s
                WHERE %4$s%5$s
                """.formatted(
                        into,
                        key,
                        rows,
                        drawn,
                        known == null
                                ? ""
                                : " AND NOT EXISTS (SELECT 1 FROM %s_known x WHERE x.key = %s)".formatted(into, key)));
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
        // the plots that meet a region's or a district's boundary: their place is the region and the
        // district of the largest share of them (V106, which placed the plots published before so too)
        st.execute("SELECT place_across_boundaries('" + into + "_plot', '" + into + "')");
        st.executeUpdate("""
                UPDATE %1$s t SET region_id = a.region_id, district_id = a.district_id
                FROM %1$s_across a WHERE t.key = a.key
                """.formatted(into));
        st.executeUpdate("DROP TABLE " + into + "_across" + (keep ? "" : ", " + into + "_plot"));
        if (known != null) {
            st.executeUpdate("INSERT INTO " + into + " SELECT key, region_id, district_id FROM " + into + "_known");
            st.executeUpdate("DROP TABLE " + into + "_known");
        }
    }

    /**
     * SQL of the relation (source_row, geom, region_id, district_id): the rows {@link #place} placed
     * into {@code into} and kept, by their key as a row number, with the geometry they were placed by.
     */
    static String known(String into) {
        return "SELECT p.key AS source_row, p.geom, q.region_id, q.district_id FROM %1$s_plot p JOIN %1$s q ON q.key = p.key"
                .formatted(into);
    }

    /**
     * {@link #known} of {@code into} when this session placed rows into it and kept them (an import
     * checked in this transaction, whose draft is being published), else null.
     */
    static String knownIfKept(Statement st, String into) throws SQLException {
        try (java.sql.ResultSet rs = st.executeQuery("SELECT to_regclass('pg_temp." + into + "_plot') IS NOT NULL")) {
            return rs.next() && rs.getBoolean(1) ? known(into) : null;
        }
    }

    /** Drops the tables {@link #place} made into {@code into}, and the rows it kept. */
    static void drop(Statement st, String into) throws SQLException {
        st.executeUpdate("DROP TABLE IF EXISTS " + into + ", " + into + "_share, " + into + "_plot");
    }
}
