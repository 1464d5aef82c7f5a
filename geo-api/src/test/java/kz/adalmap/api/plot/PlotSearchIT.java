package kz.adalmap.api.plot;

import static kz.adalmap.api.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The plot search, its exports, the plot card and the precomputed network distances, against a real
 * PostGIS holding a grid of plots in Oskemen and Semey and networks drawn at known places. Every
 * expectation is computed from the seeded geometry in SQL, independently of the search's own SQL
 * (distances from whole network geometries with {@code ST_Distance}, not from the pieces).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlotSearchIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "plot_search");
    }

    /** The distance in metres from plot p to the nearest network of a kind, brute force; null beyond 5 km. */
    private static final String TRUE_DISTANCE = """
            (SELECT min(ST_Distance(n.geom::geography, p.geom::geography, false)) FROM network n
             WHERE n.kind = '%s' AND ST_Distance(n.geom::geography, p.geom::geography, false) <= 5000)
            """;

    private static final String AREA =
            "coalesce(p.area_declared_ha, round((ST_Area(p.geom::geography) / 10000)::numeric, 4))";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;
    int networkLayer;
    int plotLayer;

    @BeforeAll
    void seed() {
        http = new TestHttp(port);
        jdbc.sql("""
                INSERT INTO region (kato_code, name_kk, name_ru, name_en, geom) VALUES
                 ('630000000', 'Шығыс Қазақстан облысы', 'Восточно-Казахстанская область', 'East Kazakhstan',
                  ST_Multi(ST_MakeEnvelope(80.9, 48.5, 87.3, 51.5, 4326))),
                 ('100000000', 'Абай облысы', 'Абайская область', 'Abay', ST_Multi(ST_MakeEnvelope(77, 47, 80.9, 51, 4326)))
                """).update();
        jdbc.sql("""
                INSERT INTO district (region_id, kato_code, name_kk, name_ru, name_en) VALUES
                 ((SELECT id FROM region WHERE kato_code = '630000000'), '631000000', 'Өскемен', 'Усть-Каменогорск', 'Ust-Kamenogorsk'),
                 ((SELECT id FROM region WHERE kato_code = '630000000'), '634000000', 'Глубокое', 'Глубоковский', 'Glubokoe'),
                 ((SELECT id FROM region WHERE kato_code = '100000000'), '101000000', 'Семей', 'Семей', 'Semey')
                """).update();
        plotLayer = layer("search-plots", "plots");
        networkLayer = layer("search-networks", "networks");
        long plotRevision = revision(plotLayer);
        long networkRevision = revision(networkLayer);
        // Oskemen: 10 columns × 6 rows from 82.60E 49.95N, 0.004° × 0.003° apart, sides of 60 to 200 m;
        // the last two columns in the Glubokoe district. Every 7th plot has no cadastral number yet,
        // every 5th no declared area.
        jdbc.sql("""
                INSERT INTO land_plot (cadastral_number, geom, area_declared_ha, land_category, status,
                                       intended_purpose_kk, intended_purpose_ru, address, region_id, district_id,
                                       layer_revision_id)
                SELECT CASE WHEN n % 7 = 3 THEN NULL ELSE format('05-085-%s-%s', lpad((10 + i)::text, 3, '0'), lpad(n::text, 3, '0')) END,
                       ST_Multi(ST_MakeEnvelope(82.6 + i * 0.004, 49.95 + j * 0.003,
                                                82.6 + i * 0.004 + side / 71700.0, 49.95 + j * 0.003 + side / 111200.0, 4326)),
                       CASE WHEN n % 5 = 2 THEN NULL ELSE round((side * side / 10000.0)::numeric, 4) END,
                       (ARRAY['industrial', 'settlement', 'agricultural'])[1 + n % 3],
                       (ARRAY['free', 'auction_scheduled', 'free', 'allocated', 'in_application'])[1 + n % 5],
                       CASE WHEN n % 4 = 0 THEN 'Өндірістік ЦЕХ салу үшін' ELSE 'Жеке тұрғын үй құрылысы үшін' END,
                       CASE WHEN n % 4 = 1 THEN 'Для строительства производственного Цеха' ELSE 'Для ИЖС' END,
                       'г. Усть-Каменогорск, ул. Протозанова, ' || n,
                       (SELECT id FROM region WHERE kato_code = '630000000'),
                       (SELECT id FROM district WHERE kato_code = CASE WHEN i >= 8 THEN '634000000' ELSE '631000000' END),
                       :revision
                FROM generate_series(0, 9) i, generate_series(0, 5) j,
                     LATERAL (SELECT i * 6 + j AS n, 60 + ((i * 6 + j) * 37) % 141 AS side) s
                ORDER BY i, j
                """).param("revision", plotRevision).update();
        // Semey: five free plots of 1 ha
        jdbc.sql("""
                INSERT INTO land_plot (cadastral_number, geom, area_declared_ha, land_category, status, region_id,
                                       district_id, intended_purpose_ru, layer_revision_id)
                SELECT format('23-062-001-%s', lpad(k::text, 3, '0')),
                       ST_Multi(ST_MakeEnvelope(80.23 + k * 0.003, 50.41, 80.23 + k * 0.003 + 100 / 71000.0, 50.41 + 100 / 111200.0, 4326)),
                       1.0, 'industrial', 'free',
                       (SELECT id FROM region WHERE kato_code = '100000000'),
                       (SELECT id FROM district WHERE kato_code = '101000000'), 'Для цеха', :revision
                FROM generate_series(1, 5) k
                """).param("revision", plotRevision).update();
        // a later status change, so that "published" differs between plots
        jdbc.sql("UPDATE land_plot SET status = 'auction_scheduled' WHERE id % 9 = 4 AND status = 'free'")
                .update();
        // gas main north–south at 82.615E, a power line east–west at 49.957N, a transformer at a
        // corner, a water main 4 km east and a heating main 20 km away (beyond the cap)
        jdbc.sql("""
                INSERT INTO network (kind, geom, name, operator_name, capacity, free_capacity, layer_revision_id) VALUES
                 ('gas', ST_GeomFromText('LINESTRING(82.615 49.94, 82.6151 49.97)', 4326), 'ГРП-7 газопровод',
                  'АО «КазТрансГаз Аймак»', 900, 120, :revision),
                 ('power', ST_GeomFromText('LINESTRING(82.59 49.957, 82.64 49.9571)', 4326), 'ВЛ-10 кВ Ф-12',
                  'АО «Усть-Каменогорская РЭК»', 630, 0, :revision),
                 ('power', ST_GeomFromText('POINT(82.6395 49.9655)', 4326), 'ТП-1201', 'АО «Усть-Каменогорская РЭК»',
                  400, 150, :revision),
                 ('water', ST_GeomFromText('LINESTRING(82.69 49.90, 82.69 50.00)', 4326), 'Водовод', 'ГКП «Өскемен Водоканал»',
                  800, 300, :revision),
                 ('heating', ST_GeomFromText('LINESTRING(82.9 49.95, 82.9 49.99)', 4326), 'Теплотрасса', 'ТОО «Теплосети»',
                  50, 5, :revision)
                """).param("revision", networkRevision).update();
        // appeals: one on a plot, one 300 m away, one of a non-public category on the same plot
        jdbc.sql("""
                INSERT INTO appeal (tracking_code, category, text, text_private, geom, status) VALUES
                 ('AM-AAAA-0001', 'land', 'Участок огорожен, звоните +7 701 123 45 67', false,
                  ST_SetSRID(ST_MakePoint(82.6003, 49.9503), 4326), 'new'),
                 ('AM-AAAA-0002', 'roads', 'Нет дороги', true, ST_SetSRID(ST_MakePoint(82.6003, 49.9530), 4326), 'new'),
                 ('AM-AAAA-0003', 'corruption', 'Взятка', false, ST_SetSRID(ST_MakePoint(82.6002, 49.9502), 4326), 'new'),
                 ('AM-AAAA-0004', 'roads', 'Яма', true, ST_SetSRID(ST_MakePoint(82.6004, 49.9499), 4326), 'routed')
                """).update();
        jdbc.sql("SELECT refresh_plot_network_distance_for_network_layer(:layer)")
                .param("layer", networkLayer)
                .query(Long.class)
                .single();
        jdbc.sql("SELECT refresh_plot_network_distance_for_plot_layer(:layer)")
                .param("layer", plotLayer)
                .query(Long.class)
                .single();
    }

    private int layer(String code, String kind) {
        return jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en) VALUES (:code, :kind, :code, :code, :code)
                RETURNING id
                """)
                .param("code", code)
                .param("kind", kind)
                .query(Integer.class)
                .single();
    }

    private long revision(int layer) {
        return jdbc.sql("""
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                VALUES (:layer, 1, 'published', 'test', now()) RETURNING id
                """).param("layer", layer).query(Long.class).single();
    }

    @Test
    void precomputedDistancesEqualTheDistanceToTheWholeNetworkGeometry() {
        for (NetworkKind kind : NetworkKind.values()) {
            List<Map<String, Object>> rows = jdbc.sql("""
                    SELECT p.id, %s AS expected, w.distance_m AS actual
                    FROM land_plot p
                    LEFT JOIN plot_network_distance w ON w.plot_id = p.id AND w.kind = :kind
                    WHERE p.layer_revision_id IN (SELECT id FROM layer_revision WHERE layer_id = :layer)
                    """.formatted(TRUE_DISTANCE.formatted(kind.code())))
                    .param("kind", kind.code())
                    .param("layer", plotLayer)
                    .query()
                    .listOfRows();
            assertThat(rows).hasSize(65);
            for (Map<String, Object> row : rows) {
                Number expected = (Number) row.get("expected");
                Number actual = (Number) row.get("actual");
                if (expected == null) {
                    assertThat(actual).as("%s of plot %s", kind, row.get("id")).isNull();
                } else {
                    assertThat(actual).as("%s of plot %s", kind, row.get("id")).isNotNull();
                    assertThat(actual.doubleValue()).isCloseTo(expected.doubleValue(), within(0.01));
                }
            }
        }
        // the seeding makes the interesting cases happen: gas near some plots only, no heating at all
        assertThat(count("SELECT count(*) FROM plot_network_distance WHERE kind = 'heating'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM plot_network_distance WHERE kind = 'gas' AND distance_m <= 300"))
                .isBetween(5L, 40L);
        // the water main is 4–6 km from the plots: the cap cuts through them
        assertThat(count("SELECT count(*) FROM plot_network_distance WHERE kind = 'water'"))
                .isBetween(1L, 59L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "status=free,auction_scheduled     | p.status IN ('free', 'auction_scheduled')",
                "land_category=industrial          | p.land_category = 'industrial'",
                "land_category=settlement,agricultural | p.land_category IN ('settlement', 'agricultural')",
                "purpose=цех                       | (p.intended_purpose_kk ILIKE '%цех%' OR p.intended_purpose_ru ILIKE '%цех%')",
                "purpose=ӨНДІРІС                   | p.intended_purpose_kk ILIKE '%өндіріс%'",
                "purpose=100%                      | false",
                "min_area_ha=0.5&max_area_ha=2     | AREA BETWEEN 0.5 AND 2",
                "min_area_ha=1.5                   | AREA >= 1.5",
                "region=630000000                  | p.region_id = (SELECT id FROM region WHERE kato_code = '630000000')",
                "district=634000000,101000000      | p.district_id IN (SELECT id FROM district WHERE kato_code IN ('634000000', '101000000'))",
                "city=Өскемен                      | p.district_id = (SELECT id FROM district WHERE kato_code = '631000000')",
                "city=ust-kamenogorsk              | p.district_id = (SELECT id FROM district WHERE kato_code = '631000000')",
                "city=101000000                    | p.district_id = (SELECT id FROM district WHERE kato_code = '101000000')",
                "cadastral_number=05085016032      | p.cadastral_number = '05-085-016-032'",
                "cadastral_prefix=05-085-01        | p.cadastral_number LIKE '05-085-01%'",
                "cadastral_prefix=2306             | p.cadastral_number LIKE '23-06%'",
                "gas_within=300                    | GAS <= 300",
                "gas_within=300&power_within=500   | GAS <= 300 AND POWER <= 500",
                "water_within=5000                 | WATER <= 5000",
                "heating_within=5000               | HEATING <= 5000",
                "power_within=0                    | POWER <= 0",
                "bbox=82.61,49.95,82.63,49.96&status=free | ST_Intersects(p.geom, ST_MakeEnvelope(82.61, 49.95, 82.63, 49.96, 4326)) AND p.status = 'free'",
                "city=Өскемен&status=free&min_area_ha=0.5&max_area_ha=2&gas_within=300&power_within=500 | p.district_id = (SELECT id FROM district WHERE kato_code = '631000000') AND p.status = 'free' AND AREA BETWEEN 0.5 AND 2 AND GAS <= 300 AND POWER <= 500",
            })
    void returnsExactlyThePlotsTheFiltersDescribe(String query, String condition) {
        List<Long> expected = expectedIds(condition, "p.id");
        List<Long> actual = ids(json(ok("/api/v1/plots/search?limit=5000&" + encode(query))));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void theIssuesSearchFindsSomething() {
        // the seeding is meant to leave a non-empty answer to the combined search above
        assertThat(expectedIds("p.status = 'free' AND AREA BETWEEN 0.5 AND 2 AND GAS <= 300 AND POWER <= 500", "p.id"))
                .isNotEmpty();
    }

    @ParameterizedTest(name = "sort={0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "id          | p.id",
                "area        | AREA, p.id",
                "-area       | AREA DESC, p.id DESC",
                "published   | (SELECT max(changed_at) FROM plot_status_change h WHERE h.plot_id = p.id), p.id",
                "-published  | (SELECT max(changed_at) FROM plot_status_change h WHERE h.plot_id = p.id) DESC, p.id DESC",
                "distance_gas | round(coalesce(GAS, 1e9)::numeric, 3), p.id",
                "-distance_power | round(coalesce(POWER, 1e9)::numeric, 3) DESC, p.id DESC",
                "distance_water | round(coalesce(WATER, 1e9)::numeric, 3), p.id",
            })
    void pagesThroughEverySortOrderWithoutDuplicatesOrGaps(String sort, String order) {
        List<Long> expected = expectedIds("true", order);
        for (String filter : List.of("", "&status=free,auction_scheduled")) {
            List<Long> seen = new ArrayList<>();
            String url = "/api/v1/plots/search?limit=7&sort=" + encode(sort) + filter;
            int pages = 0;
            while (url != null) {
                JsonNode page = json(ok(url));
                assertThat(page.get("numberReturned").asInt())
                        .isEqualTo(page.get("features").size());
                seen.addAll(ids(page));
                url = next(page);
                pages++;
                assertThat(pages).isLessThan(100);
            }
            assertThat(seen).doesNotHaveDuplicates();
            List<Long> wanted =
                    filter.isEmpty()
                            ? expected
                            : expected.stream()
                                    .filter(new HashSet<>(
                                            expectedIds("p.status IN ('free', 'auction_scheduled')", "p.id"))::contains)
                                    .toList();
            if (sort.contains("distance")) {
                // equal distances (plots in one column, to a north–south main) may be computed a
                // hair apart by the two methods: the order is checked on the distances themselves
                assertThat(new HashSet<>(seen)).isEqualTo(new HashSet<>(wanted));
                assertThat(seen).hasSameSizeAs(wanted);
                assertDistancesSorted(seen, sort);
            } else {
                assertThat(seen).isEqualTo(wanted);
            }
        }
    }

    private void assertDistancesSorted(List<Long> ids, String sort) {
        String kind = sort.replace("-", "").replace("distance_", "");
        Map<Long, Double> distance = jdbc
                .sql("SELECT plot_id, distance_m FROM plot_network_distance WHERE kind = :kind")
                .param("kind", kind)
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getDouble(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        for (int i = 1; i < ids.size(); i++) {
            double a = distance.getOrDefault(ids.get(i - 1), Double.POSITIVE_INFINITY);
            double b = distance.getOrDefault(ids.get(i), Double.POSITIVE_INFINITY);
            if (sort.startsWith("-")) {
                assertThat(a).isGreaterThanOrEqualTo(b);
            } else {
                assertThat(a).isLessThanOrEqualTo(b);
            }
        }
    }

    @Test
    void searchFeaturesCarryTheDistancesAndTheDateOfTheirStatus() {
        JsonNode fc = json(ok("/api/v1/plots/search?limit=5000&gas_within=300"));
        assertThat(fc.get("features")).isNotEmpty();
        for (JsonNode f : fc.get("features")) {
            JsonNode networks = f.get("properties").get("nearest_networks_m");
            double expected = jdbc.sql(
                            "SELECT " + TRUE_DISTANCE.formatted("gas") + " FROM land_plot p WHERE p.id = :id")
                    .param("id", f.get("id").asLong())
                    .query(Double.class)
                    .single();
            assertThat(networks.get("gas").asDouble()).isCloseTo(expected, within(0.051));
            assertThat(networks.has("heating")).isFalse();
            assertThat(f.get("properties").get("status_since").asString()).isNotBlank();
        }
    }

    @Test
    void exportsTheFilteredSetAsCsvForExcel() throws Exception {
        String query = "status=free&purpose=" + encode("цех") + "&sort=area";
        HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(http.uri("/api/v1/plots/export.csv?" + query))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"plots.csv\"");
        byte[] body = response.body();
        assertThat(new byte[] {body[0], body[1], body[2]})
                .isEqualTo(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        List<String> lines = List.of(text.split("\r\n"));
        assertThat(lines.get(0))
                .isEqualTo("id;cadastral_number;status;land_category;area_declared_ha;area_ha;intended_purpose_kk;"
                        + "intended_purpose_ru;address;region_kato;district_kato;status_since;power_m;gas_m;water_m;"
                        + "sewerage_m;heating_m;telecom_m;lon;lat");
        List<Long> expected = expectedIds(
                "p.status = 'free' AND (p.intended_purpose_kk ILIKE '%цех%' OR p.intended_purpose_ru ILIKE '%цех%')",
                "AREA, p.id");
        assertThat(lines.subList(1, lines.size()).stream()
                        .map(l -> Long.parseLong(l.split(";")[0]))
                        .toList())
                .isEqualTo(expected);
        String first = lines.get(1);
        Map<String, Object> plot = jdbc.sql("""
                SELECT p.cadastral_number, p.intended_purpose_ru, %s AS gas FROM land_plot p WHERE p.id = :id
                """.formatted(TRUE_DISTANCE.formatted("gas")))
                .param("id", expected.get(0))
                .query()
                .singleRow();
        String[] fields = first.split(";", -1);
        assertThat(fields).hasSize(20);
        assertThat(fields[1]).isEqualTo(plot.get("cadastral_number") == null ? "" : plot.get("cadastral_number"));
        assertThat(fields[7]).isEqualTo(plot.get("intended_purpose_ru"));
        if (plot.get("gas") == null) {
            assertThat(fields[13]).isEmpty();
        } else {
            assertThat(Double.parseDouble(fields[13]))
                    .isCloseTo(((Number) plot.get("gas")).doubleValue(), within(0.051));
        }
        assertThat(fields[16]).as("no heating within 5 km").isEmpty();
        assertThat(Double.parseDouble(fields[18])).isBetween(80.0, 83.0);
    }

    @Test
    void exportsTheFilteredSetAsOneGeoJsonFile() {
        HttpResponse<String> response = ok("/api/v1/plots/export.geojson?gas_within=1000&sort=-area");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/geo+json"));
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"plots.geojson\"");
        JsonNode fc = json(response);
        List<Long> expected = expectedIds("GAS <= 1000", "AREA DESC, p.id DESC");
        assertThat(ids(fc)).isEqualTo(expected);
        assertThat(fc.get("numberReturned").asInt()).isEqualTo(expected.size());
        assertThat(fc.get("links")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "/api/v1/plots/search?status=sold;               status;           unknown value 'sold'",
                "/api/v1/plots/search?land_category=urban;       land_category;    unknown value 'urban'",
                "/api/v1/plots/search?purpose=a;                 purpose;          2 to 100 characters",
                "/api/v1/plots/search?min_area_ha=abc;           min_area_ha;      number of hectares",
                "/api/v1/plots/search?max_area_ha=-1;            max_area_ha;      number of hectares",
                "/api/v1/plots/search?min_area_ha=3&max_area_ha=2; min_area_ha;    greater than max_area_ha 2",
                "/api/v1/plots/search?region=63;                 region;           not a KATO code",
                "/api/v1/plots/search?region=990000000;          region;           no region has KATO code 990000000",
                "/api/v1/plots/search?district=999999999;        district;         no district has KATO code",
                "/api/v1/plots/search?city=Atlantis;             city;             no city 'Atlantis'",
                "/api/v1/plots/search?cadastral_number=12-34;    cadastral_number; not a cadastral number",
                "/api/v1/plots/search?cadastral_prefix=05-x;     cadastral_prefix; not the start of a cadastral number",
                "/api/v1/plots/search?gas_within=5001;           gas_within;       from 0 to 5000",
                "/api/v1/plots/search?power_within=near;         power_within;     got 'near'",
                "/api/v1/plots/search?sort=price;                sort;             unknown sort order 'price'",
                "/api/v1/plots/search?cursor=%%%;                cursor;           not a cursor",
                "/api/v1/plots/search?limit=0;                   limit;            from 1 to 5000",
                "/api/v1/plots/search?bbox=80.1,45,76.9,46;      bbox;             minLon 80.1 is greater than maxLon 76.9",
                "/api/v1/plots/search?colour=red;                colour;           unknown parameter",
                "/api/v1/plots/search?gas_within=1&gas_within=2; gas_within;       given 2 times",
                "/api/v1/plots/export.csv?limit=10;              limit;            unknown parameter",
                "/api/v1/plots/export.geojson?cursor=abc;        cursor;           unknown parameter",
                "/api/v1/plots/export.csv?city=Atlantis;         city;             no city",
                "/api/v1/plots/id/abc;                           id;               not a plot id",
                "/api/v1/plots/id/12?x=1;                        x;                unknown parameter",
            })
    void rejectsBadParametersNamingThem(String url, String parameter, String message) {
        HttpResponse<String> response = http.get(url.replace("%%%", "%25%25%25"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("parameter").asString()).isEqualTo(parameter);
        assertThat(problem.get("detail").asString())
                .startsWith(parameter + ": ")
                .contains(message);
    }

    @Test
    void aCursorOfAnotherSortOrderIsRejected() {
        String next = next(json(ok("/api/v1/plots/search?limit=3&sort=area")));
        String cursor = next.substring(next.indexOf("cursor=") + 7).split("&")[0];
        HttpResponse<String> response = http.get("/api/v1/plots/search?limit=3&sort=-area&cursor=" + cursor);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asString()).contains("belongs to sort=area");
    }

    @Test
    void theCardShowsTheNearestNetworkOfEachKindAndTheAppealsNearThePlot() {
        long id = jdbc.sql(
                        "SELECT id FROM land_plot WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(82.6003, 49.9503), 4326))")
                .query(Long.class)
                .single();
        String number = jdbc.sql("SELECT cadastral_number FROM land_plot WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .single();
        JsonNode card = json(ok("/api/v1/plots/" + number));
        assertThat(card.get("id").asLong()).isEqualTo(id);
        // the same plot asked for with colons between the groups, as some offices write them
        assertThat(json(ok("/api/v1/plots/" + number.replace('-', ':')))
                        .get("id")
                        .asLong())
                .isEqualTo(id);
        JsonNode props = card.get("properties");
        assertThat(props.get("status_history")).isNotEmpty();
        List<String> kinds = new ArrayList<>();
        for (JsonNode n : props.get("nearest_networks")) {
            kinds.add(n.get("kind").asString());
            Map<String, Object> nearest = jdbc.sql("""
                    SELECT n.id, n.name, n.operator_name, n.free_capacity,
                           ST_Distance(n.geom::geography, p.geom::geography, false) AS d
                    FROM network n, land_plot p WHERE p.id = :id AND n.kind = :kind
                    ORDER BY d LIMIT 1
                    """)
                    .param("id", id)
                    .param("kind", n.get("kind").asString())
                    .query()
                    .singleRow();
            assertThat(n.get("network_id").asLong()).isEqualTo(((Number) nearest.get("id")).longValue());
            assertThat(n.get("distance_m").asDouble())
                    .isCloseTo(((Number) nearest.get("d")).doubleValue(), within(0.051));
            assertThat(n.get("name").asString()).isEqualTo(nearest.get("name"));
            assertThat(n.get("operator_name").asString()).isEqualTo(nearest.get("operator_name"));
            assertThat(n.get("free_capacity").decimalValue())
                    .isEqualByComparingTo(nearest.get("free_capacity").toString());
        }
        // power 720 m, gas 1 km; water 6.4 km is beyond the cap, heating 21 km
        assertThat(kinds).containsExactly("power", "gas");
        JsonNode appeals = props.get("appeals");
        List<String> codes = new ArrayList<>();
        appeals.forEach(a -> codes.add(a.get("tracking_code").asString()));
        // 0001 on the plot, 0004 11 m south of it; 0002 is 270 m away; 0003 is a corruption signal
        assertThat(codes).containsExactly("AM-AAAA-0001", "AM-AAAA-0004");
        assertThat(appeals.get(0).get("text").asString())
                .contains("+7 *** *** ** **")
                .doesNotContain("701");
        assertThat(appeals.get(1).get("text").isNull()).isTrue();
        assertThat(card.toString()).doesNotContain("Яма").doesNotContain("Взятка");
    }

    @Test
    void aPlotWithoutCadastralNumberHasACardByItsId() {
        long id = jdbc.sql("SELECT min(id) FROM land_plot WHERE cadastral_number IS NULL")
                .query(Long.class)
                .single();
        JsonNode card = json(ok("/api/v1/plots/id/" + id));
        assertThat(card.get("id").asLong()).isEqualTo(id);
        assertThat(card.get("properties").get("cadastral_number").isNull()).isTrue();
        assertThat(card.get("properties").get("nearest_networks")).isNotNull();
        HttpResponse<String> missing = http.get("/api/v1/plots/id/999999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("detail").asString()).contains("999999");
    }

    @Test
    void refreshingANetworksLayerAddsAndRemovesDistances() {
        long plot = jdbc.sql(
                        "SELECT id FROM land_plot WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(82.6003, 49.9503), 4326))")
                .query(Long.class)
                .single();
        Double before = sewerage(plot);
        assertThat(before).isNull();
        int layer = layer("search-sewerage", "networks");
        long revision = revision(layer);
        jdbc.sql("""
                INSERT INTO network (kind, geom, name, layer_revision_id)
                VALUES ('sewerage', ST_GeomFromText('LINESTRING(82.5990 49.94, 82.5990 49.97)', 4326), 'Коллектор', :revision)
                """).param("revision", revision).update();
        jdbc.sql("SELECT refresh_plot_network_distance_for_network_layer(:layer)")
                .param("layer", layer)
                .query(Long.class)
                .single();
        double expected = jdbc.sql(
                        "SELECT " + TRUE_DISTANCE.formatted("sewerage") + " FROM land_plot p WHERE p.id = :id")
                .param("id", plot)
                .query(Double.class)
                .single();
        assertThat(sewerage(plot)).isCloseTo(expected, within(0.01));
        assertThat(ids(json(ok("/api/v1/plots/search?limit=5000&sewerage_within=100"))))
                .contains(plot);

        // the layer is republished empty: the plots that pointed at it lose the distance
        jdbc.sql("DELETE FROM network WHERE layer_revision_id = :revision")
                .param("revision", revision)
                .update();
        jdbc.sql("SELECT refresh_plot_network_distance_for_network_layer(:layer)")
                .param("layer", layer)
                .query(Long.class)
                .single();
        assertThat(sewerage(plot)).isNull();
        assertThat(count("SELECT count(*) FROM plot_network_distance WHERE kind = 'sewerage'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM network_piece WHERE kind = 'sewerage'"))
                .isZero();
    }

    @Test
    void refreshingAPlotsLayerForgetsRetiredPlotsAndSkipsPlotsFarFromNetworks() {
        int layer = layer("far-plots", "plots");
        long revision = revision(layer);
        jdbc.sql("""
                INSERT INTO land_plot (geom, land_category, status, layer_revision_id)
                SELECT ST_Multi(ST_MakeEnvelope(70 + k * 0.01, 45, 70.001 + k * 0.01, 45.001, 4326)), 'reserve', 'free', :revision
                FROM generate_series(1, 50) k
                """).param("revision", revision).update();
        long written = jdbc.sql("SELECT refresh_plot_network_distance_for_plot_layer(:layer)")
                .param("layer", layer)
                .query(Long.class)
                .single();
        assertThat(written).isZero();

        long before = count("SELECT count(*) FROM plot_network_distance WHERE plot_layer_id = " + plotLayer);
        long retiring =
                jdbc.sql("""
                SELECT min(p.id) FROM land_plot p JOIN plot_network_distance w ON w.plot_id = p.id
                WHERE w.plot_layer_id = :layer
                """).param("layer", plotLayer).query(Long.class).single();
        long rows = count("SELECT count(*) FROM plot_network_distance WHERE plot_id = " + retiring);
        jdbc.sql("UPDATE land_plot SET retired_revision_id = layer_revision_id WHERE id = :id")
                .param("id", retiring)
                .update();
        try {
            long after = jdbc.sql("SELECT refresh_plot_network_distance_for_plot_layer(:layer)")
                    .param("layer", plotLayer)
                    .query(Long.class)
                    .single();
            assertThat(after).isEqualTo(before - rows);
            assertThat(ids(json(ok("/api/v1/plots/search?limit=5000")))).doesNotContain(retiring);
        } finally {
            jdbc.sql("UPDATE land_plot SET retired_revision_id = NULL WHERE id = :id")
                    .param("id", retiring)
                    .update();
            jdbc.sql("SELECT refresh_plot_network_distance_for_plot_layer(:layer)")
                    .param("layer", plotLayer)
                    .query(Long.class)
                    .single();
        }
        assertThat(count("SELECT count(*) FROM plot_network_distance WHERE plot_layer_id = " + plotLayer))
                .isEqualTo(before);
    }

    private Double sewerage(long plot) {
        return jdbc.sql("SELECT distance_m FROM plot_network_distance WHERE plot_id = :id AND kind = 'sewerage'")
                .param("id", plot)
                .query(Double.class)
                .optional()
                .orElse(null);
    }

    /**
     * Current plots matching {@code condition}, in {@code order}; AREA and the kind names (GAS, POWER
     * …) stand for the area and the brute-force distance.
     */
    private List<Long> expectedIds(String condition, String order) {
        String sql = ("SELECT p.id FROM land_plot p WHERE p.retired_revision_id IS NULL AND (" + condition
                        + ") ORDER BY " + order)
                .replace("AREA", AREA);
        for (NetworkKind kind : NetworkKind.values()) {
            sql = sql.replace(kind.name(), TRUE_DISTANCE.formatted(kind.code()));
        }
        return jdbc.sql(sql).query(Long.class).list();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private HttpResponse<String> ok(String url) {
        HttpResponse<String> response = http.get(url);
        assertThat(response.statusCode()).as(url + " → " + response.body()).isEqualTo(200);
        return response;
    }

    private static String next(JsonNode page) {
        for (JsonNode link : page.get("links")) {
            if (link.get("rel").asString().equals("next")) {
                return link.get("href").asString();
            }
        }
        return null;
    }

    /** Encodes the values of a query string, keeping its = and &. */
    private static String encode(String query) {
        return java.util.Arrays.stream(query.split("&"))
                .map(pair -> {
                    int eq = pair.indexOf('=');
                    return eq < 0
                            ? URLEncoder.encode(pair, StandardCharsets.UTF_8)
                            : pair.substring(0, eq + 1)
                                    + URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                })
                .collect(Collectors.joining("&"));
    }

    private static List<Long> ids(JsonNode fc) {
        List<Long> ids = new ArrayList<>();
        fc.get("features").forEach(f -> ids.add(f.get("id").asLong()));
        return ids;
    }
}
