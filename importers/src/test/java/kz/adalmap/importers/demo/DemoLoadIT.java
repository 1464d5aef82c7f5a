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
import kz.adalmap.importers.generate.PublicControlGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

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
    void loadingTheBoundariesWritesNothingInTheirFolder() throws Exception {
        // GDAL, told to rebuild a Shapefile's index, wrote the .shx of the installation's files anew
        Path folder = java.nio.file.Files.createDirectories(work.resolve("kz-admin-copy"));
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L);
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(boundaries())) {
            for (Path file : files.toList()) {
                java.nio.file.Files.setLastModifiedTime(
                        java.nio.file.Files.copy(file, folder.resolve(file.getFileName())), old);
            }
        }
        new BoundaryLoader(new Ogr2Ogr()).load(db, folder);
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(folder)) {
            assertThat(files.toList())
                    .hasSameSizeAs(java.nio.file.Files.list(boundaries()).toList())
                    .allSatisfy(file -> assertThat(java.nio.file.Files.getLastModifiedTime(file))
                            .as(file.getFileName().toString())
                            .isEqualTo(old));
        }
        assertThat(one("SELECT count(*) FROM region")).isEqualTo("20");
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
    void publishesOnePlotsAndOneNetworksLayerPerCityAndThePublicControlLayers() throws SQLException {
        assertThat(first.layersPublished()).isEqualTo(4 + PublicControlGenerator.LAYERS.size());
        assertThat(first.plots()).isBetween(1400L, 1600L);
        assertThat(one("SELECT count(*) FROM land_plot")).isEqualTo(Long.toString(first.plots()));
        assertThat(
                        list(
                                "SELECT code || ':' || r.state FROM layer l JOIN layer_revision r ON r.layer_id = l.id ORDER BY code"))
                .containsExactly(
                        "accessibility:published",
                        "budget-objects:published",
                        "oskemen-networks:published",
                        "oskemen-plots:published",
                        "semey-networks:published",
                        "semey-plots:published",
                        "service-offices:published");
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
        // every rejected appeal says why on its timeline, and none carries an answer; the demo has some
        assertThat(Integer.parseInt(one("SELECT count(*) FROM appeal WHERE status = 'rejected'")))
                .isPositive();
        assertThat(one("""
                SELECT count(*) FROM appeal a
                WHERE a.status = 'rejected'
                  AND (a.answer_text IS NOT NULL
                       OR NOT EXISTS (SELECT 1 FROM appeal_status_change s
                                      WHERE s.appeal_id = a.id AND s.to_status = 'rejected' AND s.reason IS NOT NULL))
                """)).isEqualTo("0");
    }

    @Test
    void loadingAgainAddsNothing() throws Exception {
        String counts = "SELECT (SELECT count(*) FROM land_plot) || '/' || (SELECT count(*) FROM network) || '/'"
                + " || (SELECT count(*) FROM appeal) || '/' || (SELECT count(*) FROM layer_revision) || '/'"
                + " || (SELECT count(*) FROM layer) || '/' || (SELECT max(updated_at) FROM layer_feature)";
        String before = one(counts);
        DemoLoader.Result again = new DemoLoader(new Ogr2Ogr()).load(db, options);
        assertThat(again.layersPublished()).isZero();
        assertThat(again.appealsAdded()).isZero();
        assertThat(one(counts)).isEqualTo(before);
        assertThat(one("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'staging'"))
                .isEqualTo("0");
        assertThat(Files.exists(options.workDir().resolve("plots.geojson"))).isTrue();
        assertThat(Files.exists(options.workDir().resolve("budget-objects.geojson")))
                .isTrue();
    }

    @Test
    void definesThePublicControlLayersAsNationalPublicLayersWithTheSchemaOfTheirDefinition() throws SQLException {
        for (String code : PublicControlGenerator.LAYERS) {
            JsonNode definition = DemoLayers.definition(code);
            List<String> names = new ArrayList<>();
            definition.path("attributes").forEach(a -> names.add(a.path("name").asString()));
            assertThat(list("SELECT a ->> 'name' FROM layer l, jsonb_array_elements(l.attribute_schema) a"
                            + " WHERE l.code = '" + code + "' AND l.kind = 'custom' AND l.region_id IS NULL"
                            + " AND l.is_public AND l.geometry_type = 'point'"
                            + " AND l.key_attribute = '"
                            + definition.path("keyAttribute").asString() + "'"))
                    .as(code)
                    .containsExactlyElementsOf(names);
            assertThat(one("SELECT title_kk || '|' || title_ru || '|' || title_en FROM layer WHERE code = '" + code
                            + "'"))
                    .isEqualTo(definition.path("titleKk").asString() + "|"
                            + definition.path("titleRu").asString() + "|"
                            + definition.path("titleEn").asString());
        }
        assertThat(one("SELECT style ->> 'by' FROM layer WHERE code = 'budget-objects'"))
                .isEqualTo("status");
        assertThat(one("SELECT style ->> 'by' FROM layer WHERE code = 'accessibility'"))
                .isEqualTo("adaptation");
    }

    @Test
    void publishesThePublicControlObjectsOfEveryCityInItsRegionThroughTheImport() throws SQLException {
        assertThat(list("""
                SELECT l.code || '>' || r.iso_code || ':' || count(*) FROM layer_feature f
                JOIN layer l ON l.id = f.layer_id JOIN region r ON r.id = f.region_id
                GROUP BY l.code, r.iso_code ORDER BY 1
                """))
                .containsExactly(
                        "accessibility>KZ-ABY:" + PublicControlGenerator.ACCESSIBLE,
                        "accessibility>KZ-VOS:" + PublicControlGenerator.ACCESSIBLE,
                        "budget-objects>KZ-ABY:" + PublicControlGenerator.BUDGET_OBJECTS,
                        "budget-objects>KZ-VOS:" + PublicControlGenerator.BUDGET_OBJECTS,
                        "service-offices>KZ-ABY:" + PublicControlGenerator.OFFICES,
                        "service-offices>KZ-VOS:" + PublicControlGenerator.OFFICES);
        assertThat(one("SELECT count(*) FROM layer_feature WHERE region_id IS NULL"))
                .isEqualTo("0");
        // the published features are exactly the snapshot of the published revision, whose report counts them
        assertThat(list("""
                SELECT l.code || ':' || r.feature_count || ':' || (r.report -> 'diff' ->> 'added') || ':'
                       || (SELECT count(*) FROM layer_feature_snapshot s WHERE s.layer_revision_id = r.id) || ':'
                       || (SELECT count(*) FROM layer_feature f WHERE f.layer_revision_id = r.id)
                FROM layer l JOIN layer_revision r ON r.layer_id = l.id AND r.state = 'published'
                WHERE l.kind = 'custom' ORDER BY 1
                """))
                .containsExactly(
                        "accessibility:80:80:80:80", "budget-objects:72:72:72:72", "service-offices:20:20:20:20");
        assertThat(one("SELECT count(*) FROM import_issue i JOIN layer_revision r ON r.id = i.layer_revision_id"
                        + " JOIN layer l ON l.id = r.layer_id WHERE l.kind = 'custom'"))
                .isEqualTo("0");
        assertThat(one("SELECT count(*) FROM audit_log WHERE action = 'layer.publish' AND actor = 'demo-loader'"))
                .isEqualTo("3");
    }

    @Test
    void storesTheAttributesTypedAsJson() throws SQLException {
        assertThat(list("""
                SELECT DISTINCT l.code || '.' || e.key || ':' || jsonb_typeof(e.value) FROM layer_feature f
                JOIN layer l ON l.id = f.layer_id, jsonb_each(f.attributes) e
                WHERE e.key IN ('year', 'allocated_kzt', 'spent_kzt', 'progress_pct', 'ramp', 'tactile', 'start_date')
                ORDER BY 1
                """))
                .containsExactly(
                        "accessibility.ramp:boolean",
                        "accessibility.tactile:boolean",
                        "budget-objects.allocated_kzt:number",
                        "budget-objects.progress_pct:number",
                        "budget-objects.spent_kzt:number",
                        "budget-objects.start_date:string",
                        "budget-objects.year:number");
        assertThat(one("""
                SELECT count(*) FROM layer_feature f JOIN layer l ON l.id = f.layer_id
                WHERE l.code = 'budget-objects'
                  AND (f.attributes ->> 'start_date' !~ '^\\d{4}-\\d{2}-\\d{2}$'
                       OR f.attributes ->> 'end_date' !~ '^\\d{4}-\\d{2}-\\d{2}$')
                """)).isEqualTo("0");
        assertThat(one("""
                SELECT string_agg(DISTINCT f.attributes ->> 'hours', ' | ' ORDER BY f.attributes ->> 'hours')
                FROM layer_feature f JOIN layer l ON l.id = f.layer_id WHERE l.code = 'service-offices'
                """))
                .isEqualTo("Mo-Fr 09:00-18:00 | Mo-Fr 09:00-18:00; Sa 10:00-14:00 | Mo-Fr 09:00-18:30"
                        + " | Mo-Fr 09:00-20:00; Sa 09:00-13:00");
    }

    @Test
    void showsObjectsPaidInFullWithNothingDoneForYears() throws SQLException {
        assertThat(list("""
                SELECT f.attributes ->> 'object_id' FROM layer_feature f JOIN layer l ON l.id = f.layer_id
                WHERE l.code = 'budget-objects'
                  AND (f.attributes ->> 'spent_kzt')::numeric >= (f.attributes ->> 'allocated_kzt')::numeric
                  AND (f.attributes ->> 'progress_pct')::int = 0
                  AND (f.attributes ->> 'start_date')::date <= date '2026-11-20' - interval '2 years'
                ORDER BY 1
                """))
                .hasSize(2 * PublicControlGenerator.SUSPICIOUS)
                .allMatch(id -> id.matches("(oskemen|semey)-.*"));
        // the others keep within their allocation, save a few completed with an overspend
        assertThat(one("""
                SELECT count(*) FROM layer_feature f JOIN layer l ON l.id = f.layer_id
                WHERE l.code = 'budget-objects' AND f.attributes ->> 'status' <> 'completed'
                  AND (f.attributes ->> 'spent_kzt')::numeric > (f.attributes ->> 'allocated_kzt')::numeric
                """)).isEqualTo("0");
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
