package kz.adalmap.api.tiles;

import static kz.adalmap.api.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygonal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code /tiles/{layer}/{z}/{x}/{y}.mvt} against a real PostGIS: 40 plots (and one retired) inside
 * the z14 tile 11951/5560 over Oskemen, two networks, three appeals with their reporters' contacts.
 * Every tile is decoded and its features compared with what SQL says the layer holds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TileApiIT {

    private static final String Z14 = "14/11951/5560";
    private static final String Z12 = "12/2987/1390";
    private static final String Z10 = "10/746/347";
    private static final String Z5 = "5/23/10";
    private static final String FEATURE_ID = "_feature_id";

    private static final String NAME = "Жанар Сейткалиева";
    private static final String PHONE = "+7 701 555 12 34";
    private static final String IIN = "880512400321";
    private static final String EMAIL = "zhanar.s@example.kz";
    private static final String PRIVATE_TEXT = "Протекает крыша в подъезде";
    private static final List<String> SECRETS = List.of(
            NAME, PHONE, IIN, EMAIL, "7015551234", "555 12 34", "Сейткалиева", PRIVATE_TEXT, "AM-CORR-0003", "взятк");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "tiles");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlotTileCells cells;

    TestHttp http;
    HttpClient client = HttpClient.newHttpClient();
    long secondLayerPlot;

    @BeforeAll
    void seed() {
        http = new TestHttp(port);
        jdbc.sql("""
                INSERT INTO region (kato_code, name_kk, name_ru, name_en) VALUES
                  ('630000000', 'Шығыс Қазақстан', 'Восточно-Казахстанская', 'East Kazakhstan'),
                  ('750000000', 'Алматы', 'Алматы', 'Almaty')
                """).update();
        long revision = publishedLayer("oskemen-plots", "plots");
        // 8 × 5 squares inside the z14 tile, growing eastwards; statuses, categories and regions alternate
        jdbc.sql("""
                WITH tile AS (SELECT ST_TileEnvelope(14, 11951, 5560) AS e),
                     box AS (SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, (ST_XMax(e) - ST_XMin(e)) / 8 AS dx,
                                    (ST_YMax(e) - ST_YMin(e)) / 5 AS dy FROM tile)
                INSERT INTO land_plot (cadastral_number, geom, land_category, status, region_id, layer_revision_id)
                SELECT format('05-085-%s-%s', lpad(i::text, 3, '0'), lpad(j::text, 3, '0')),
                       ST_Multi(ST_Transform(ST_MakeEnvelope(x0 + (i + 0.1) * dx, y0 + (j + 0.1) * dy,
                                                             x0 + (i + 0.2 + 0.09 * i) * dx, y0 + (j + 0.6) * dy, 3857), 4326)),
                       CASE WHEN j % 2 = 0 THEN 'settlement' ELSE 'industrial' END,
                       (ARRAY['free', 'allocated', 'auction_scheduled', 'in_application', 'withdrawn'])[1 + (i + j) % 5],
                       (SELECT id FROM region WHERE kato_code = CASE WHEN i < 4 THEN '630000000' ELSE '750000000' END),
                       :revision
                FROM box, generate_series(0, 7) i, generate_series(0, 4) j
                ORDER BY i, j
                """).param("revision", revision).update();
        // a plot a later revision dropped: never on the map
        jdbc.sql("""
                INSERT INTO land_plot (cadastral_number, geom, land_category, status, layer_revision_id, retired_revision_id)
                SELECT '05-085-099-999', ST_Multi(ST_Transform(ST_Expand(ST_Centroid(ST_TileEnvelope(14, 11951, 5560)), 20), 4326)),
                       'settlement', 'free', :revision, :revision
                """).param("revision", revision).update();
        // a second layer far away, changed by the publishing test
        long second = publishedLayer("astana-plots", "plots");
        secondLayerPlot =
                jdbc.sql("""
                INSERT INTO land_plot (cadastral_number, geom, land_category, status, layer_revision_id)
                VALUES ('21-320-001-001', ST_Multi(ST_MakeEnvelope(71.4300, 51.1280, 71.4304, 51.1283, 4326)),
                        'settlement', 'free', :revision)
                RETURNING id
                """).param("revision", second).query(Long.class).single();

        long networks = publishedLayer("oskemen-networks", "networks");
        // a gas main with a one-metre zigzag of 200 vertices across the tile, and a power substation
        jdbc.sql("""
                WITH tile AS (SELECT ST_TileEnvelope(14, 11951, 5560) AS e)
                INSERT INTO network (kind, geom, name, layer_revision_id)
                SELECT 'gas', ST_Transform(ST_SetSRID(ST_MakeLine(ARRAY(
                           SELECT ST_MakePoint(ST_XMin(e) + (ST_XMax(e) - ST_XMin(e)) * (0.05 + 0.9 * k / 199.0),
                                               (ST_YMin(e) + ST_YMax(e)) / 2 + (k % 2) * 1.0)
                           FROM generate_series(0, 199) k ORDER BY k)), 3857), 4326),
                       'Газопровод Абая', :revision FROM tile
                UNION ALL
                SELECT 'power', ST_Transform(ST_SetSRID(ST_MakePoint(ST_XMin(e) + 100, ST_YMax(e) - 100), 3857), 4326),
                       'ПС Восточная', :revision FROM tile
                """).param("revision", networks).update();
        // the distances the search and the tiles filter by, as publishing the networks layer measures them
        jdbc.sql("SELECT refresh_plot_network_distance_for_network_layer(id) FROM layer WHERE kind = 'networks'")
                .query()
                .listOfRows();
        // every third column of plots is for a production base
        jdbc.sql("""
                UPDATE land_plot SET intended_purpose_ru = 'Для строительства производственной базы'
                WHERE cadastral_number ~ '^05-085-00[036]-'
                """).update();

        jdbc.sql("""
                INSERT INTO agency (code, name_kk, name_ru, name_en) VALUES ('oskemen-akimat', 'Әкімдік', 'Акимат', 'Akimat')
                """).update();
        appeal("AM-TEST-0001", "roads", "Яма на дороге. Звоните " + PHONE + ", ИИН " + IIN + ", " + EMAIL, false, 0.25);
        appeal("AM-TEST-0002", "housing", PRIVATE_TEXT + ", " + NAME, true, 0.75);
        appeal("AM-CORR-0003", "corruption", "Сигнал о взятке при выделении участка", false, 0.5);
        jdbc.sql("""
                INSERT INTO appeal_contact (appeal_id, full_name, phone, email, iin)
                SELECT id, :name, :phone, :email, :iin FROM appeal
                """)
                .param("name", NAME)
                .param("phone", PHONE)
                .param("email", EMAIL)
                .param("iin", IIN)
                .update();
    }

    private long publishedLayer(String code, String kind) {
        jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en) VALUES (:code, :kind, :code, :code, :code)
                """).param("code", code).param("kind", kind).update();
        return jdbc.sql("""
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                SELECT id, 1, 'published', 'test', now() FROM layer WHERE code = :code RETURNING id
                """).param("code", code).query(Long.class).single();
    }

    /** An appeal at {@code (f, f)} of the z14 tile, from its north-west corner. */
    private void appeal(String code, String category, String text, boolean textPrivate, double f) {
        jdbc.sql("""
                INSERT INTO appeal (tracking_code, category, text, text_private, geom, due_date, agency_id)
                SELECT :code, :category, :text, :private,
                       ST_Transform(ST_SetSRID(ST_MakePoint(ST_XMin(e) + :f * (ST_XMax(e) - ST_XMin(e)),
                                                            ST_YMax(e) - :f * (ST_YMax(e) - ST_YMin(e))), 3857), 4326),
                       current_date - 1, (SELECT id FROM agency)
                FROM (SELECT ST_TileEnvelope(14, 11951, 5560) AS e) t
                """)
                .param("code", code)
                .param("category", category)
                .param("text", text)
                .param("private", textPrivate)
                .param("f", f)
                .update();
    }

    @Test
    void plotTileAtOutlineZoomHoldsEveryCurrentPlotWithItsPublicProperties() {
        HttpResponse<byte[]> response = get("/tiles/plots/" + Z14 + ".mvt");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.mapbox-vector-tile");
        List<Geometry> features = features(response.body(), "plots");
        assertThat(features).hasSize(40);
        Map<Long, Map<String, Object>> expected = new java.util.HashMap<>();
        jdbc.sql("""
                SELECT id, cadastral_number, status, land_category,
                       round((ST_Area(geom::geography) / 10000)::numeric, 4)::float8 AS area_ha
                FROM land_plot WHERE retired_revision_id IS NULL AND cadastral_number LIKE '05-%'
                """)
                .query((rs, i) -> expected.put(
                        rs.getLong("id"),
                        Map.of(
                                "id", rs.getLong("id"),
                                "cadastral_number", rs.getString("cadastral_number"),
                                "status", rs.getString("status"),
                                "land_category", rs.getString("land_category"),
                                "area_ha", rs.getDouble("area_ha"))))
                .list();
        assertThat(expected).hasSize(40);
        for (Geometry feature : features) {
            Map<String, Object> properties = properties(feature);
            long id = ((Number) properties.get(FEATURE_ID)).longValue();
            assertThat(feature).isInstanceOf(Polygonal.class);
            Map<String, Object> shown = new java.util.HashMap<>(properties);
            shown.remove(FEATURE_ID);
            shown.put("id", ((Number) shown.get("id")).longValue());
            assertThat(shown).isEqualTo(expected.get(id));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "status=free,withdrawn;                  status IN ('free', 'withdrawn')",
                "land_category=industrial;               land_category = 'industrial'",
                "region=630000000;                       region_id = (SELECT id FROM region WHERE kato_code = '630000000')",
                "min_area_ha=0.5;                        area >= 0.5",
                "max_area_ha=0.5&min_area_ha=0.1;        area BETWEEN 0.1 AND 0.5",
                "status=free&land_category=settlement&region=750000000&min_area_ha=0.3; "
                        + "status = 'free' AND land_category = 'settlement' AND area >= 0.3"
                        + " AND region_id = (SELECT id FROM region WHERE kato_code = '750000000')",
                "gas_within=150;                         EXISTS (SELECT 1 FROM plot_network_distance w"
                        + " WHERE w.plot_id = p.id AND w.kind = 'gas' AND w.distance_m <= 150)",
                "gas_within=250&power_within=900;        EXISTS (SELECT 1 FROM plot_network_distance w"
                        + " WHERE w.plot_id = p.id AND w.kind = 'gas' AND w.distance_m <= 250)"
                        + " AND EXISTS (SELECT 1 FROM plot_network_distance w"
                        + " WHERE w.plot_id = p.id AND w.kind = 'power' AND w.distance_m <= 900)",
                "purpose=%D0%9F%D0%A0%D0%9E%D0%98%D0%97%D0%92%D0%9E%D0%94%D0%A1%D0%A2%D0%92&status=free,allocated; "
                        + "intended_purpose_ru ILIKE '%производств%' AND status IN ('free', 'allocated')",
            })
    void plotFiltersChooseThePlotsAtEveryZoom(String query, String condition) {
        List<Long> expected =
                jdbc.sql("""
                        SELECT id FROM (SELECT p.*, round((ST_Area(geom::geography) / 10000)::numeric, 4) AS area
                                        FROM land_plot p WHERE retired_revision_id IS NULL AND cadastral_number LIKE '05-%%') p
                        WHERE %s ORDER BY id
                        """.formatted(condition)).query(Long.class).list();
        assertThat(expected).isNotEmpty().hasSizeLessThan(40);
        List<Geometry> outlines =
                features(get("/tiles/plots/" + Z14 + ".mvt?" + query).body(), "plots");
        assertThat(outlines.stream()
                        .map(f -> ((Number) properties(f).get("id")).longValue())
                        .sorted()
                        .toList())
                .isEqualTo(expected);
        for (String tile : List.of("13/5975/2780", Z12, Z10, Z5)) {
            assertThat(count(get("/tiles/plots/" + tile + ".mvt?" + query).body(), "plots"))
                    .as(tile)
                    .isEqualTo(expected.size());
        }
    }

    @Test
    void areaBoundsAreInclusiveAsTheShownAreaReadsAtEveryZoom() {
        // the exact shown areas of two plots, and those values one ten-thousandth of a hectare out
        List<java.math.BigDecimal> areas =
                jdbc.sql("""
                        SELECT round((ST_Area(geom::geography) / 10000)::numeric, 4) FROM land_plot
                        WHERE cadastral_number IN ('05-085-002-001', '05-085-005-003') ORDER BY 1
                        """).query(java.math.BigDecimal.class).list();
        java.math.BigDecimal step = new java.math.BigDecimal("0.0001");
        for (var bounds : List.of(
                List.of(areas.get(0), areas.get(1)),
                List.of(areas.get(0).add(step), areas.get(1).subtract(step)),
                List.of(
                        areas.get(0).subtract(new java.math.BigDecimal("0.00004")),
                        areas.get(1).add(new java.math.BigDecimal("0.00004"))))) {
            long expected = jdbc.sql("""
                            SELECT count(*) FROM land_plot WHERE retired_revision_id IS NULL AND cadastral_number LIKE '05-%'
                              AND round((ST_Area(geom::geography) / 10000)::numeric, 4) BETWEEN :min AND :max
                            """)
                    .param("min", bounds.get(0))
                    .param("max", bounds.get(1))
                    .query(Long.class)
                    .single();
            String query = "?min_area_ha=" + bounds.get(0).toPlainString() + "&max_area_ha="
                    + bounds.get(1).toPlainString();
            assertThat(features(get("/tiles/plots/" + Z14 + ".mvt" + query).body(), "plots"))
                    .as(query)
                    .hasSize((int) expected);
            cells.refresh();
            for (String tile : List.of("13/5975/2780", Z10, Z5)) {
                assertThat(count(get("/tiles/plots/" + tile + ".mvt" + query).body(), "plots"))
                        .as(tile + query)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void belowOutlineZoomPlotsArePointsPerCellWithTheirCount() {
        List<Geometry> points = features(get("/tiles/plots/" + Z10 + ".mvt").body(), "plots");
        // the z14 tile is 4 × 4 cells of a z10 tile
        assertThat(points).hasSizeBetween(2, 16);
        for (Geometry point : points) {
            assertThat(point.getGeometryType()).isEqualTo("Point");
            assertThat(properties(point).keySet()).containsExactly("count");
        }
        assertThat(count(get("/tiles/plots/" + Z10 + ".mvt").body(), "plots")).isEqualTo(40);
        assertThat(features(get("/tiles/plots/10/745/347.mvt").body(), "plots")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"''", "status=allocated", "min_area_ha=0.2&max_area_ha=0.6", "region=630000000&land_category=settlement"
    })
    void lowZoomTilesAreTheSameCountedFromThePlotsAsFromTheGrid(String query) {
        cells.refresh();
        String path = "/tiles/plots/" + Z12 + ".mvt?" + query;
        HttpResponse<byte[]> fromGrid = get(path);
        // any change makes the grid stale: the next tile is counted from the plots themselves
        jdbc.sql("UPDATE land_plot SET address = 'ул. Ауэзова, 1' WHERE id = :id")
                .param("id", secondLayerPlot)
                .update();
        HttpResponse<byte[]> fromPlots = get(path);
        assertThat(fromPlots.headers().firstValue("ETag"))
                .isNotEqualTo(fromGrid.headers().firstValue("ETag"));
        assertThat(cellCounts(fromPlots.body())).isEqualTo(cellCounts(fromGrid.body()));
        cells.refresh();
        HttpResponse<byte[]> rebuilt = get(path);
        assertThat(rebuilt.headers().firstValue("ETag"))
                .isEqualTo(fromPlots.headers().firstValue("ETag"));
        assertThat(cellCounts(rebuilt.body())).isEqualTo(cellCounts(fromGrid.body()));
    }

    @Test
    void networkTilesCarryKindAndNameAndAreSimplifiedByZoom() {
        List<Geometry> features =
                features(get("/tiles/networks/" + Z14 + ".mvt").body(), "networks");
        assertThat(features).hasSize(2);
        Map<String, Map<String, Object>> byKind = features.stream()
                .collect(Collectors.toMap(f -> (String) properties(f).get("kind"), this::properties));
        assertThat(byKind.get("gas")).containsEntry("name", "Газопровод Абая").containsKeys("id", FEATURE_ID);
        assertThat(byKind.get("power")).containsEntry("name", "ПС Восточная");
        assertThat(byKind.get("gas").keySet()).containsExactlyInAnyOrder("id", "kind", "name", FEATURE_ID);

        List<Geometry> gas =
                features(get("/tiles/networks/" + Z14 + ".mvt?kind=gas").body(), "networks");
        assertThat(gas).hasSize(1);
        assertThat(properties(gas.get(0))).containsEntry("kind", "gas");

        int detailed = vertices(
                features(get("/tiles/networks/18/191223/88967.mvt?kind=gas").body(), "networks"));
        int overview = vertices(
                features(get("/tiles/networks/" + Z12 + ".mvt?kind=gas").body(), "networks"));
        assertThat(detailed).as("vertices at z18").isGreaterThan(10);
        assertThat(overview).as("vertices at z12").isLessThanOrEqualTo(3);
    }

    @Test
    void networkPointsAreLeftOutBelowZoom13WhileTheMainsStay() {
        assertThat(features(get("/tiles/networks/" + Z12 + ".mvt").body(), "networks"))
                .extracting(f -> properties(f).get("kind"))
                .containsExactly("gas");
        // z13 tile holding the z14 tile 11951/5560
        assertThat(features(get("/tiles/networks/13/5975/2780.mvt").body(), "networks"))
                .extracting(f -> properties(f).get("kind"))
                .containsExactlyInAnyOrder("gas", "power");
    }

    @Test
    void appealTilesShowOnlyPublicAppealsAndNoPersonalData() {
        for (String tile : List.of(Z5, Z10, Z12, "13/5975/2780", Z14, "16/47807/22240", "16/47806/22239")) {
            HttpResponse<byte[]> response = get("/tiles/appeals/" + tile + ".mvt");
            assertThat(response.statusCode()).as(tile).isEqualTo(200);
            assertThat(new String(response.body(), StandardCharsets.UTF_8))
                    .as(tile)
                    .doesNotContain(SECRETS);
        }
        List<Geometry> appeals = features(get("/tiles/appeals/" + Z14 + ".mvt").body(), "appeals");
        Map<String, Map<String, Object>> byCode = appeals.stream()
                .collect(Collectors.toMap(f -> (String) properties(f).get("tracking_code"), this::properties));
        assertThat(byCode.keySet()).containsExactlyInAnyOrder("AM-TEST-0001", "AM-TEST-0002");
        Map<String, Object> open = byCode.get("AM-TEST-0001");
        assertThat((String) open.get("text")).startsWith("Яма на дороге. Звоните +7 *** *** ** **");
        assertThat(open)
                .containsEntry("category", "roads")
                .containsEntry("status", "new")
                .containsEntry("text_private", false)
                .containsEntry("overdue", true)
                .containsEntry("agency_name_en", "Akimat")
                .containsKeys("created_at", "due_date");
        Map<String, Object> kept = byCode.get("AM-TEST-0002");
        assertThat(kept).containsEntry("text_private", true).doesNotContainKey("text");
        Set<String> allowed = Set.of(
                "tracking_code",
                "category",
                "status",
                "text",
                "text_private",
                "channel",
                "agency_name_kk",
                "agency_name_ru",
                "agency_name_en",
                "created_at",
                "due_date",
                "overdue",
                "answer_text",
                "answered_at",
                "rating",
                "support_count",
                "merged_into");
        appeals.forEach(a -> assertThat(allowed).containsAll(properties(a).keySet()));
    }

    @Test
    void appealsAreClusteredBelowTheirPointZoomWithoutCorruptionSignals() {
        List<Geometry> z12 = features(get("/tiles/appeals/" + Z12 + ".mvt").body(), "appeals");
        assertThat(z12).hasSize(2);
        z12.forEach(c -> assertThat(properties(c)).isEqualTo(Map.of("count", 1L)));
        List<Geometry> z5 = features(get("/tiles/appeals/" + Z5 + ".mvt").body(), "appeals");
        assertThat(z5).hasSize(1);
        assertThat(properties(z5.get(0))).isEqualTo(Map.of("count", 2L));
        assertThat(features(get("/tiles/appeals/5/22/10.mvt").body(), "appeals"))
                .isEmpty();
    }

    @Test
    void answersNotModifiedToTheETagItGave() {
        for (String path : List.of(
                "/tiles/plots/" + Z14 + ".mvt?status=free",
                "/tiles/plots/" + Z10 + ".mvt",
                "/tiles/networks/" + Z14 + ".mvt",
                "/tiles/appeals/" + Z12 + ".mvt")) {
            HttpResponse<byte[]> first = get(path);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(first.headers().firstValue("Cache-Control"))
                    .as("revalidated each time, so that a publication shows at once")
                    .hasValueSatisfying(c -> assertThat(c).contains("public").contains("no-cache"));
            HttpResponse<byte[]> again = get(path, etag);
            assertThat(again.statusCode()).as(path).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.headers().firstValue("ETag")).hasValue(etag);
            assertThat(get(path, "\"something-else\"").statusCode()).isEqualTo(200);
        }
        String plots =
                get("/tiles/plots/" + Z14 + ".mvt").headers().firstValue("ETag").orElseThrow();
        assertThat(plots)
                .isNotEqualTo(get("/tiles/plots/" + Z14 + ".mvt?status=free")
                        .headers()
                        .firstValue("ETag")
                        .orElseThrow())
                .isNotEqualTo(get("/tiles/plots/14/11951/5561.mvt")
                        .headers()
                        .firstValue("ETag")
                        .orElseThrow());
    }

    @Test
    void aNewlyPublishedRevisionChangesTheETagAndTheTile() {
        String astana = "/tiles/plots/14/11442/5475.mvt";
        List<String> paths = List.of(astana, "/tiles/plots/" + Z14 + ".mvt", "/tiles/plots/" + Z10 + ".mvt");
        List<String> before = new ArrayList<>();
        paths.forEach(p -> before.add(get(p).headers().firstValue("ETag").orElseThrow()));
        assertThat(properties(features(get(astana).body(), "plots").get(0))).containsEntry("status", "free");

        long revision = jdbc.sql("""
                WITH old AS (UPDATE layer_revision SET state = 'superseded'
                             WHERE layer_id = (SELECT id FROM layer WHERE code = 'astana-plots') RETURNING layer_id)
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                SELECT layer_id, 2, 'published', 'test', now() FROM old RETURNING id
                """).query(Long.class).single();
        jdbc.sql("UPDATE land_plot SET status = 'auction_scheduled', layer_revision_id = :revision WHERE id = :id")
                .param("revision", revision)
                .param("id", secondLayerPlot)
                .update();

        for (int i = 0; i < paths.size(); i++) {
            HttpResponse<byte[]> after = get(paths.get(i), before.get(i));
            assertThat(after.statusCode()).as(paths.get(i)).isEqualTo(200);
            assertThat(after.headers().firstValue("ETag")).as(paths.get(i)).isNotEqualTo(before.get(i));
        }
        assertThat(properties(features(get(astana).body(), "plots").get(0)))
                .containsEntry("status", "auction_scheduled");

        String appeals = get("/tiles/appeals/" + Z14 + ".mvt")
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        jdbc.sql(
                        "UPDATE appeal SET status = 'answered', answer_text = 'Отремонтировано' WHERE tracking_code = 'AM-TEST-0001'")
                .update();
        HttpResponse<byte[]> answered = get("/tiles/appeals/" + Z14 + ".mvt", appeals);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(features(answered.body(), "appeals").stream()
                        .map(this::properties)
                        .filter(p -> "AM-TEST-0001".equals(p.get("tracking_code")))
                        .findFirst()
                        .orElseThrow())
                .containsEntry("status", "answered")
                .containsEntry("answer_text", "Отремонтировано");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "/tiles/plots/23/0/0.mvt;                       z;             from 0 to 22, got '23'",
                "/tiles/plots/-1/0/0.mvt;                       z;             got '-1'",
                "/tiles/plots/ten/0/0.mvt;                      z;             got 'ten'",
                "/tiles/plots/0/1/0.mvt;                        x;             from 0 to 0 at this zoom, got '1'",
                "/tiles/plots/3/2/8.mvt;                        y;             from 0 to 7 at this zoom, got '8'",
                "/tiles/plots/3/2/2.mvt?colour=red;             colour;        unknown parameter",
                "/tiles/plots/3/2/2.mvt?status=sold;            status;        unknown status 'sold'",
                "/tiles/plots/3/2/2.mvt?land_category=urban;    land_category; unknown land category 'urban'",
                "/tiles/plots/3/2/2.mvt?min_area_ha=-1;         min_area_ha;   got '-1'",
                "/tiles/plots/3/2/2.mvt?max_area_ha=big;        max_area_ha;   got 'big'",
                "/tiles/plots/3/2/2.mvt?gas_within=9000;        gas_within;    from 1 to 5000",
                "/tiles/plots/3/2/2.mvt?power_within=near;      power_within;  got 'near'",
                "/tiles/plots/3/2/2.mvt?purpose=a;              purpose;       2 to 100 characters",
                "/tiles/plots/3/2/2.mvt?min_area_ha=5&max_area_ha=2; min_area_ha; 5 is greater than max_area_ha 2",
                "/tiles/plots/3/2/2.mvt?region=63;              region;        KATO code of 9 digits",
                "/tiles/plots/3/2/2.mvt?region=999999999;       region;        no region has the KATO code 999999999",
                "/tiles/plots/3/2/2.mvt?status=free&status=allocated; status;  given 2 times",
                "/tiles/networks/3/2/2.mvt?status=free;         status;        unknown parameter",
                "/tiles/networks/3/2/2.mvt?kind=steam;          kind;          unknown kind 'steam'",
                "/tiles/appeals/3/2/2.mvt?category=potholes;    category;      unknown appeal category 'potholes'",
                "/tiles/appeals/3/2/2.mvt?status=free;          status;        unknown status 'free'",
                "/tiles/appeals/3/2/2.mvt?agency=nobody;        agency;        no agency has the code 'nobody'",
                "/tiles/appeals/3/2/2.mvt?from=2026-13-01;      from;          YYYY-MM-DD",
                "/tiles/appeals/3/2/2.mvt?land_category=water;  land_category; unknown parameter",
            })
    void rejectsBadRequestsNamingTheParameter(String path, String parameter, String message) {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("parameter").asString()).isEqualTo(parameter);
        assertThat(problem.get("detail").asString())
                .startsWith(parameter + ": ")
                .contains(message);
    }

    @Test
    void unknownLayerIsNotFound() {
        HttpResponse<String> response = http.get("/tiles/roads/3/2/2.mvt");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("detail").asString()).contains("'roads'").contains("plots, networks, appeals");
    }

    @Test
    void anEmptyTileIsAnEmptyBody() {
        HttpResponse<byte[]> response = get("/tiles/plots/0/0/0.mvt?status=withdrawn&region=630000000&min_area_ha=100");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    private HttpResponse<byte[]> get(String path, String... ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path)).GET();
        if (ifNoneMatch.length > 0) {
            request.header("If-None-Match", ifNoneMatch[0]);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (ifNoneMatch.length == 0) {
                assertThat(response.statusCode()).as(path).isEqualTo(200);
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The features of {@code layer} in a tile, each with its properties (and feature id) as user data. */
    private static List<Geometry> features(byte[] tile, String layer) {
        try {
            JtsMvt mvt = MvtReader.loadMvt(
                    new ByteArrayInputStream(tile),
                    new GeometryFactory(),
                    new TagKeyValueMapConverter(false, FEATURE_ID),
                    MvtReader.RING_CLASSIFIER_V2_1);
            assertThat(mvt.getLayers().stream().map(JtsLayer::getName)).isSubsetOf(layer);
            JtsLayer found = mvt.getLayer(layer);
            if (found == null) {
                return List.of();
            }
            assertThat(found.getExtent()).isEqualTo(4096);
            return List.copyOf(found.getGeometries());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The feature's properties, and its id under {@link #FEATURE_ID} when it has one. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> properties(Geometry feature) {
        Map<String, Object> properties = new java.util.HashMap<>((Map<String, Object>) feature.getUserData());
        if (properties.get(FEATURE_ID) == null) {
            properties.remove(FEATURE_ID);
        }
        return properties;
    }

    private int count(byte[] tile, String layer) {
        return features(tile, layer).stream()
                .mapToInt(f -> ((Number) properties(f).get("count")).intValue())
                .sum();
    }

    /** The points of a low-zoom plot tile as "x y count", in any order. */
    private Set<String> cellCounts(byte[] tile) {
        Set<String> cells = new HashSet<>();
        for (Geometry point : features(tile, "plots")) {
            cells.add((int) point.getCoordinate().x + " " + (int) point.getCoordinate().y + " "
                    + properties(point).get("count"));
        }
        assertThat(cells).isNotEmpty();
        return cells;
    }

    private static int vertices(List<Geometry> lines) {
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).isInstanceOf(LineString.class);
        return lines.get(0).getNumPoints();
    }
}
