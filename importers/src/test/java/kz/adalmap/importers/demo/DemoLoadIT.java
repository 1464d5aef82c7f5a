package kz.adalmap.importers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import kz.adalmap.importers.boundary.BoundaryLoader;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import kz.adalmap.importers.gdal.Ogr2Ogr;
import kz.adalmap.importers.generate.DemoCity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo data set loaded through GDAL into a fresh database, on the real boundaries of Kazakhstan
 * from the shared data folder ({@code ADALMAP_SHARED_DATA}, set by {@code ./adalmap test}).
 */
class DemoLoadIT {

    @TempDir
    static Path work;

    private static PgTarget db;
    private static DemoLoader.Result first;
    private static DemoLoader.Options options;

    @BeforeAll
    static void loadBoundariesAndDemoData() throws Exception {
        db = TestDatabases.fresh("demo");
        db.migrate();
        new BoundaryLoader(new Ogr2Ogr()).load(db, boundaries());
        options = new DemoLoader.Options(
                List.of(DemoCity.byCode("oskemen"), DemoCity.byCode("semey")), 1500, 30, 7, work.resolve("demo"));
        first = new DemoLoader(new Ogr2Ogr()).load(db, options);
    }

    static Path boundaries() {
        String shared = System.getenv("ADALMAP_SHARED_DATA");
        Path folder = Path.of(shared == null || shared.isBlank() ? "../../shared/data" : shared, "kz-admin");
        assertThat(folder)
                .as("the shared boundary data (set ADALMAP_SHARED_DATA)")
                .isDirectory();
        return folder;
    }

    @Test
    void loadsRegionsAndDistrictsWithTheSourceFaultsCorrected() throws SQLException {
        assertThat(one("SELECT count(*) FROM region")).isEqualTo("20");
        assertThat(one("SELECT count(*) FROM district")).isEqualTo("224");
        assertThat(one("SELECT name_ru FROM region WHERE kato_code = '790000000'"))
                .isEqualTo("Шымкент");
        assertThat(one("SELECT name_kk || '|' || name_ru FROM district WHERE name_en = 'Taldykorgan'"))
                .isEqualTo("Талдықорған|Талдыкорган");
        assertThat(one("SELECT name_ru FROM district WHERE kato_code = '791510000'"))
                .isEqualTo("Енбекшинский");
        assertThat(one("SELECT count(*) FROM district WHERE name_ru LIKE '%скийский'"))
                .isEqualTo("0");
        assertThat(one("SELECT count(*) FROM (SELECT name_kk FROM region UNION ALL SELECT name_kk FROM district) n"
                        + " WHERE name_kk ~ '[A-Za-z]'"))
                .isEqualTo("0");
        // Akmola keeps its hole around Astana; Atyrau and Mangystau stay multipart
        assertThat(one("SELECT sum(ST_NumInteriorRings(g.geom)) > 0 FROM region r, ST_Dump(r.geom) g"
                        + " WHERE r.iso_code = 'KZ-AKM'"))
                .isEqualTo("t");
        assertThat(one("SELECT ST_NumGeometries(geom) > 1 FROM region WHERE iso_code = 'KZ-ATY'"))
                .isEqualTo("t");
        assertThat(one("SELECT count(*) FROM region WHERE NOT ST_IsValid(geom)"))
                .isEqualTo("0");
    }

    @Test
    void publishesOnePlotsAndOneNetworksLayerPerCity() throws SQLException {
        assertThat(first.layersPublished()).isEqualTo(4);
        assertThat(first.plots()).isBetween(1400L, 1600L);
        assertThat(one("SELECT count(*) FROM land_plot")).isEqualTo(Long.toString(first.plots()));
        assertThat(
                        list(
                                "SELECT code || ':' || r.state FROM layer l JOIN layer_revision r ON r.layer_id = l.id ORDER BY code"))
                .containsExactly(
                        "oskemen-networks:published",
                        "oskemen-plots:published",
                        "semey-networks:published",
                        "semey-plots:published");
        assertThat(one("SELECT count(*) FROM network")).isEqualTo(Long.toString(first.networks()));
        // every demo plot has each kind of network within the 5 km the distances are kept for
        assertThat(one("SELECT count(*) FROM plot_network_distance"))
                .isEqualTo(one("SELECT 6 * count(*) FROM land_plot"));
        assertThat(first.networks()).isPositive();
    }

    @Test
    void placesPlotsInTheirRealRegion() throws SQLException {
        assertThat(list("""
                SELECT DISTINCT l.code || '>' || r.iso_code FROM land_plot p
                JOIN layer_revision v ON v.id = p.layer_revision_id JOIN layer l ON l.id = v.layer_id
                JOIN region r ON r.id = p.region_id ORDER BY 1
                """)).containsExactly("oskemen-plots>KZ-VOS", "semey-plots>KZ-ABY");
        assertThat(one("SELECT count(*) FROM land_plot WHERE region_id IS NULL OR district_id IS NULL"))
                .isEqualTo("0");
    }

    @Test
    void recordsTheFirstStatusOfEveryPlotInItsHistory() throws SQLException {
        assertThat(one("SELECT count(*) FROM plot_status_change WHERE from_status IS NULL"))
                .isEqualTo(Long.toString(first.plots()));
    }

    @Test
    void keepsReportersContactsApartAndMasksPersonalDataInPublicText() throws SQLException {
        assertThat(first.appealsAdded()).isEqualTo(30);
        assertThat(Integer.parseInt(one("SELECT count(*) FROM appeal_contact"))).isPositive();
        assertThat(one("SELECT count(*) FROM appeal WHERE public_text ~ '[0-9]{12}|@[a-z]'"))
                .isEqualTo("0");
    }

    @Test
    void givesAgenciesTheirCategoriesAnsweredAppealsTheirFirstAnswerAndRejectedOnesAReason() throws SQLException {
        assertThat(list("""
                SELECT g.code || ':' || string_agg(ac.category, ',' ORDER BY ac.category)
                FROM agency g JOIN agency_category ac ON ac.agency_id = g.id
                WHERE g.code LIKE 'semey-%' GROUP BY g.code ORDER BY g.code
                """))
                .containsExactly(
                        "semey-akimat:corruption,education,employment,health,public_services,roads,social_aid",
                        "semey-land:land",
                        "semey-utilities:housing,utilities");
        assertThat(one("""
                SELECT count(*) FROM appeal
                WHERE (status IN ('answered', 'resolved') AND answered_at IS NOT NULL) <> (first_answered_at IS NOT NULL)
                """)).isEqualTo("0");
        assertThat(one("""
                SELECT count(*) FROM appeal a JOIN appeal_status_change s ON s.appeal_id = a.id
                WHERE a.status = 'rejected' AND (s.reason IS NULL OR a.answer_text IS NOT NULL)
                """)).isEqualTo("0");
    }

    @Test
    void loadingAgainAddsNothing() throws Exception {
        String before = one("SELECT (SELECT count(*) FROM land_plot) || '/' || (SELECT count(*) FROM network) || '/'"
                + " || (SELECT count(*) FROM appeal) || '/' || (SELECT count(*) FROM layer_revision)");
        DemoLoader.Result again = new DemoLoader(new Ogr2Ogr()).load(db, options);
        assertThat(again.layersPublished()).isZero();
        assertThat(again.appealsAdded()).isZero();
        assertThat(one("SELECT (SELECT count(*) FROM land_plot) || '/' || (SELECT count(*) FROM network) || '/'"
                        + " || (SELECT count(*) FROM appeal) || '/' || (SELECT count(*) FROM layer_revision)"))
                .isEqualTo(before);
        assertThat(one("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'staging'"))
                .isEqualTo("0");
        assertThat(Files.exists(options.workDir().resolve("plots.geojson"))).isTrue();
    }

    private static String one(String sql) throws SQLException {
        return list(sql).get(0);
    }

    private static List<String> list(String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
