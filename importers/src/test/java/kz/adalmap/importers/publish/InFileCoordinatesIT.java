package kz.adalmap.importers.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Geometries transformed a chunk at a time come out as each would alone: the same points, the same
 * type, under their own key, across chunks, and back again.
 */
class InFileCoordinatesIT {

    /** Pulkovo 1942 / Gauss–Krüger zone 13 as a PROJ string: each row alone is quick to compare with. */
    private static final String ZONE_13 = "'+proj=tmerc +lat_0=0 +lon_0=75 +k=1 +x_0=13500000 +y_0=0 +ellps=krass"
            + " +towgs84=23.92,-141.27,-80.9,0,0.35,0.82,-0.12 +units=m +no_defs'::text";

    /** Geometries a chunk: small, so that the rows transformed alone to compare with are few. */
    private static final int CHUNK = 40;

    private static PgTarget db;

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabases.fresh("in_file_coordinates");
        db.migrate();
    }

    @Test
    void everyGeometryOfSeveralChunksComesOutAsItWouldAloneUnderItsOwnKey() throws Exception {
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            shapes(st, 2 * CHUNK + 7);
            List<String> differ = differing(
                    st,
                    InFileCoordinates.transformed("SELECT key, geom FROM shape", ZONE_13, CHUNK),
                    "shape",
                    "ST_Transform(s.geom, " + ZONE_13 + ")");
            assertThat(differ)
                    .as("keys whose geometry differs from its own transformation")
                    .isEmpty();
            assertThat(count(st, InFileCoordinates.transformed("SELECT key, geom FROM shape", ZONE_13, CHUNK)))
                    .as("every geometry but the null and the empty one")
                    .isEqualTo(count(st, "SELECT * FROM shape WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom)"));
        }
    }

    @Test
    void geometriesComeBackToLongitudeAndLatitudeAsEachWouldAlone() throws Exception {
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            shapes(st, CHUNK + 3);
            st.execute(
                    "CREATE TEMP TABLE in_file AS SELECT key, ST_Transform(geom, " + ZONE_13 + ") AS geom FROM shape");
            List<String> differ = differing(
                    st,
                    InFileCoordinates.transformed("SELECT key, geom FROM in_file", ZONE_13 + ", 4326", CHUNK),
                    "in_file",
                    "ST_Transform(s.geom, " + ZONE_13 + ", 4326)");
            assertThat(differ)
                    .as("keys whose geometry differs from its own transformation")
                    .isEmpty();
        }
    }

    /**
     * Temporary table {@code shape (key, geom)} of {@code n} rows near Oskemen with keys that leave gaps:
     * polygons, multipolygons of one part and of two, lines, points, one null and one empty geometry.
     */
    private static void shapes(Statement st, int n) throws SQLException {
        st.execute("""
                CREATE TEMP TABLE shape AS
                SELECT 3 * i + 11 AS key,
                       CASE i %% 6
                           WHEN 0 THEN ST_MakeEnvelope(x, y, x + 0.001, y + 0.0008, 4326)
                           WHEN 1 THEN ST_Multi(ST_MakeEnvelope(x, y, x + 0.001, y + 0.0008, 4326))
                           WHEN 2 THEN ST_Collect(ST_MakeEnvelope(x, y, x + 0.001, y + 0.0008, 4326),
                                                  ST_MakeEnvelope(x + 0.002, y, x + 0.003, y + 0.0008, 4326))
                           WHEN 3 THEN ST_MakeLine(ST_Point(x, y, 4326), ST_Point(x + 0.001, y + 0.002, 4326))
                           WHEN 4 THEN ST_Point(x, y, 4326)
                           ELSE ST_Multi(ST_Collect(ST_Point(x, y, 4326), ST_Point(x + 0.001, y, 4326)))
                       END AS geom
                FROM (SELECT i, 82.6 + (i %% 100) * 0.004 AS x, 49.9 + (i / 100) * 0.001 AS y
                      FROM generate_series(1, %d) i) g
                """.formatted(n - 2));
        st.execute("INSERT INTO shape VALUES (1, NULL), (2, ST_SetSRID('MULTIPOLYGON EMPTY'::geometry, 4326))");
    }

    /**
     * The keys of table {@code source} ({@code s}) whose geometry in {@code transformed} is not, byte
     * for byte, {@code alone} (SQL of the geometry transformed alone), or is missing; null and empty
     * geometries are not looked at.
     */
    private static List<String> differing(Statement st, String transformed, String source, String alone)
            throws SQLException {
        List<String> keys = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("""
                SELECT s.key FROM %s s LEFT JOIN (%s) t ON t.key = s.key
                WHERE s.geom IS NOT NULL AND NOT ST_IsEmpty(s.geom)
                  AND (t.key IS NULL OR ST_AsBinary(t.geom) <> ST_AsBinary(%s))
                ORDER BY 1
                """.formatted(source, transformed, alone))) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    private static long count(Statement st, String rows) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM (" + rows + ") r")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
