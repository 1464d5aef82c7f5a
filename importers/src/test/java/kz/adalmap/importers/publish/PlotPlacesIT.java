package kz.adalmap.importers.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * Publishing the draft an import has just checked takes each plot's place from the check when its
 * row is drawn as the check placed it ({@link PlotPlaces#known}), and places the others again. The
 * places the check kept are altered here, so that taking them shows in the result: measured again,
 * a plot would be where it lies.
 */
class PlotPlacesIT {

    @Test
    void placesKeptByTheCheckAreTakenForRowsDrawnAsTheyWereAndTheOthersArePlacedAgain() throws Exception {
        PgTarget db = TestDatabases.fresh("plot_places");
        db.migrate();
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            // two regions side by side, at 80° E, each one district
            int west = id(st, """
                    INSERT INTO region (kato_code, name_kk, name_ru, name_en, geom)
                    VALUES ('100000000', 'Батыс', 'Запад', 'West', ST_Multi(ST_MakeEnvelope(78, 48, 80, 50, 4326)))
                    RETURNING id""");
            int east = id(st, """
                    INSERT INTO region (kato_code, name_kk, name_ru, name_en, geom)
                    VALUES ('200000000', 'Шығыс', 'Восток', 'East', ST_Multi(ST_MakeEnvelope(80, 48, 82, 50, 4326)))
                    RETURNING id""");
            int westDistrict = id(
                    st,
                    ("INSERT INTO district (region_id, kato_code, name_kk, name_ru, name_en, geom)"
                                    + " VALUES (%d, '100010000', 'Б', 'З', 'W', ST_Multi(ST_MakeEnvelope(78, 48, 80, 50, 4326)))"
                                    + " RETURNING id")
                            .formatted(west));
            int eastDistrict = id(
                    st,
                    ("INSERT INTO district (region_id, kato_code, name_kk, name_ru, name_en, geom)"
                                    + " VALUES (%d, '200010000', 'Ш', 'В', 'E', ST_Multi(ST_MakeEnvelope(80, 48, 82, 50, 4326)))"
                                    + " RETURNING id")
                            .formatted(east));
            // row 1 in the west, row 2 in the east, row 3 across the border, 70 % of it in the east
            st.execute("""
                    CREATE TEMP TABLE checked (source_row bigint PRIMARY KEY, geom geometry, rejected boolean)
                    ON COMMIT DROP""");
            st.execute("""
                    INSERT INTO checked VALUES
                        (1, ST_MakeEnvelope(79.0, 49.0, 79.01, 49.01, 4326), false),
                        (2, ST_MakeEnvelope(81.0, 49.0, 81.01, 49.01, 4326), false),
                        (3, ST_MakeEnvelope(79.997, 49.0, 80.007, 49.01, 4326), false)""");
            PlotPlaces.place(st, "checked", "s.source_row", "NOT s.rejected", "checked_place", true, null);
            assertThat(places(st, "checked_place"))
                    .as("measured")
                    .containsExactly(
                            "1 " + west + " " + westDistrict,
                            "2 " + east + " " + eastDistrict,
                            "3 " + east + " " + eastDistrict);
            // what the check kept, altered: row 1 and row 3 said to be in the other region
            st.execute("UPDATE checked_place SET region_id = " + east + ", district_id = " + eastDistrict
                    + " WHERE key = 1");
            st.execute("UPDATE checked_place SET region_id = " + west + ", district_id = " + westDistrict
                    + " WHERE key = 3");
            // the draft as publishing reads it: row 1 as checked, row 2 redrawn into the west, row 3 as
            // checked, row 4 new
            st.execute("CREATE TEMP TABLE published (source_row bigint, geom geometry) ON COMMIT DROP");
            st.execute("""
                    INSERT INTO published VALUES
                        (1, ST_MakeEnvelope(79.0, 49.0, 79.01, 49.01, 4326)),
                        (2, ST_MakeEnvelope(79.5, 49.0, 79.51, 49.01, 4326)),
                        (3, ST_MakeEnvelope(79.997, 49.0, 80.007, 49.01, 4326)),
                        (4, ST_MakeEnvelope(81.5, 49.0, 81.51, 49.01, 4326))""");
            String known = PlotPlaces.knownIfKept(st, "checked_place");
            assertThat(known).as("the check's places, kept in this transaction").isNotNull();
            PlotPlaces.place(st, "published", "s.source_row", "true", "published_place", false, known);
            assertThat(places(st, "published_place"))
                    .containsExactly(
                            "1 " + east + " " + eastDistrict,
                            "2 " + west + " " + westDistrict,
                            "3 " + west + " " + westDistrict,
                            "4 " + east + " " + eastDistrict);
            PlotPlaces.drop(st, "published_place");
            PlotPlaces.drop(st, "checked_place");
            assertThat(PlotPlaces.knownIfKept(st, "checked_place"))
                    .as("nothing kept once dropped")
                    .isNull();
            c.rollback();
        }
    }

    private static int id(Statement st, String insert) throws Exception {
        try (ResultSet rs = st.executeQuery(insert)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<String> places(Statement st, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT key, region_id, district_id FROM " + table + " ORDER BY key")) {
            while (rs.next()) {
                out.add(rs.getLong(1) + " " + rs.getInt(2) + " " + rs.getInt(3));
            }
        }
        return out;
    }
}
