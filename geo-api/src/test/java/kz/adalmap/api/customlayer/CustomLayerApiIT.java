package kz.adalmap.api.customlayer;

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
import java.util.List;
import java.util.Map;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TestHttp;
import kz.adalmap.api.ogc.Gdal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A custom layer served like the built-in ones, against a real PostGIS: the catalogue, GeoJSON pages
 * and every kind of attribute filter compared with what SQL says the layer holds, the totals of a view,
 * the OGC API collection read by GDAL, and vector tiles decoded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomLayerApiIT {

    private static final String FEATURE_ID = "_feature_id";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "custom_layer_api");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    void seed() {
        http = new TestHttp(port);
        CustomLayerTestData.seed(jdbc);
    }

    @Test
    void catalogueListsPublicLayersWithSchemaStyleAndVersionButNotInternalOnes() {
        HttpResponse<String> response = http.get("/api/v1/layers");
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        JsonNode budget = null;
        for (JsonNode layer : json(response).get("layers")) {
            codes.add(layer.get("code").asString() + ":" + layer.get("kind").asString());
            if (layer.get("code").asString().equals("budget")) {
                budget = layer;
            }
        }
        assertThat(codes).containsExactly("test-plots:plots", "budget:custom");
        assertThat(response.body()).doesNotContain("hidden-audit", "Internal");

        assertThat(budget.get("title").get("kk").asString()).isEqualTo("Бюджет нысандары");
        assertThat(budget.get("title").get("en").asString()).isEqualTo("Budget objects");
        assertThat(budget.get("description").get("ru").asString()).isEqualTo("Открытый бюджет");
        assertThat(budget.get("geometry_type").asString()).isEqualTo("point");
        assertThat(budget.get("style").get("colours").get("done").asString()).isEqualTo("#2ca02c");
        assertThat(budget.get("version").asString()).isNotBlank();
        JsonNode status = budget.get("attributes").get(1);
        assertThat(status.get("name").asString()).isEqualTo("status");
        assertThat(status.get("type").asString()).isEqualTo("enum");
        assertThat(status.get("label").get("ru").asString()).isEqualTo("Состояние");
        assertThat(status.get("values").get(1).get("value").asString()).isEqualTo("building");
        assertThat(status.get("values").get(1).get("label").get("kk").asString())
                .isEqualTo("Салынуда");
        assertThat(budget.get("links").get("tiles").asString())
                .isEqualTo(http.base() + "/tiles/layer/budget/{z}/{x}/{y}.mvt");

        JsonNode one = json(http.get("/api/v1/layers/budget"));
        assertThat(one.get("attributes")).hasSize(7);
        assertThat(one.get("version").asString())
                .isEqualTo(budget.get("version").asString());
    }

    @Test
    void internalLayersAreNotFoundAnywhere() {
        for (String path : List.of(
                "/api/v1/layers/hidden-audit",
                "/api/v1/layers/hidden-audit/features",
                "/api/v1/layers/hidden-audit/summary",
                "/ogc/collections/hidden-audit",
                "/ogc/collections/hidden-audit/items",
                "/tiles/layer/hidden-audit/" + CustomLayerTestData.Z14 + ".mvt")) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(response.body()).doesNotContain("INTERNAL-ONLY");
        }
        assertThat(http.get("/ogc/collections").body()).doesNotContain("hidden-audit");
        assertThat(http.get("/ogc/api").body()).doesNotContain("hidden-audit");
        // a built-in layer's features are served by the built-in endpoints
        assertThat(http.get("/api/v1/layers/test-plots/features").statusCode()).isEqualTo(404);
    }

    @Test
    void pagingThroughTheLayerReturnsEveryFeatureOnceWithItsAttributes() {
        List<String> seen = new ArrayList<>();
        String url = "/api/v1/layers/budget/features?limit=7";
        int pages = 0;
        while (url != null) {
            HttpResponse<String> response = http.get(url);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/geo+json");
            JsonNode page = json(response);
            page.get("features").forEach(f -> seen.add(f.get("id").asString()));
            JsonNode next = null;
            for (JsonNode link : page.get("links")) {
                if (link.get("rel").asString().equals("next")) {
                    next = link;
                }
            }
            url = next == null ? null : next.get("href").asString();
            pages++;
        }
        assertThat(pages).isEqualTo(5);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(ids("true"));

        JsonNode five = feature("k5");
        JsonNode p = five.get("properties");
        assertThat(p.get("name").asString()).isEqualTo("Объект 5");
        assertThat(p.get("status").asString()).isEqualTo("done");
        assertThat(p.get("amount_allocated").decimalValue()).isEqualByComparingTo("5002.5");
        assertThat(p.get("year").asInt()).isEqualTo(2020);
        assertThat(p.get("accessible").asBoolean()).isFalse();
        assertThat(p.get("start_date").asString()).isEqualTo("2026-01-05");
        assertThat(five.get("geometry").get("type").asString()).isEqualTo("Point");
        assertThat(p.has("internal_note")).isFalse();
        assertThat(feature("k28").get("properties").get("amount_spent").isNull())
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "status=planned,done                               | attributes->>'status' IN ('planned', 'done')",
                "year=2021,2023                                    | (attributes->>'year')::int IN (2021, 2023)",
                "accessible=true                                   | (attributes->>'accessible')::boolean",
                "name=Объект 12                                    | attributes->>'name' = 'Объект 12'",
                "min_amount_allocated=10000&max_amount_allocated=20010 | (attributes->>'amount_allocated')::numeric BETWEEN 10000 AND 20010",
                "min_year=2023                                     | (attributes->>'year')::int >= 2023",
                "max_amount_spent=500                              | (attributes->>'amount_spent')::numeric <= 500",
                "min_start_date=2026-01-10&max_start_date=2026-01-20 | (attributes->>'start_date')::date BETWEEN '2026-01-10' AND '2026-01-20'",
                "q=бъект 1                                         | position('бъект 1' IN attributes->>'name') > 0",
                "q=IMG                                             | attributes->>'name' LIKE '<img%'",
                "bbox=76,43,78,44                                  | ST_X(geom) < 80",
                "bbox=76,43,78,44&status=planned                   | ST_X(geom) < 80 AND attributes->>'status' = 'planned'",
                "status=done&accessible=false&min_year=2021        | attributes->>'status' = 'done' AND NOT (attributes->>'accessible')::boolean AND (attributes->>'year')::int >= 2021"
            })
    void filtersReturnExactlyTheMatchingFeatures(String query, String condition) {
        List<String> expected = ids(condition);
        assertThat(expected).isNotEmpty();
        assertThat(ids(json(http.get("/api/v1/layers/budget/features?" + encode(query)))))
                .as(query)
                .containsExactlyElementsOf(expected);
        JsonNode summary = json(http.get("/api/v1/layers/budget/summary?" + encode(query)));
        assertThat(summary.get("count").asInt()).as(query).isEqualTo(expected.size());
        JsonNode ogc = json(http.get("/ogc/collections/budget/items?limit=100&"
                + encode(query.replaceAll("(^|&)(min|max|q)_?[a-z_]*=[^&]*", ""))));
        assertThat(ogc.get("numberMatched").asInt()).isGreaterThanOrEqualTo(expected.size());
        if (!query.contains("bbox")) {
            // the tile holds every matching object of its own area, the two in Almaty lying elsewhere
            List<Long> inTile = ids("(" + condition + ") AND ST_X(geom) > 80").stream()
                    .map(Long::valueOf)
                    .toList();
            List<Long> tiled =
                    features(tile("/tiles/layer/budget/" + CustomLayerTestData.Z14 + ".mvt?" + encode(query))).stream()
                            .map(f -> ((Number) properties(f).get(FEATURE_ID)).longValue())
                            .sorted()
                            .toList();
            assertThat(tiled).as(query).containsExactlyElementsOf(inTile);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "colour=red                   | colour",
                "status=flying                | status",
                "year=twenty                  | year",
                "accessible=maybe             | accessible",
                "min_amount_allocated=lots    | min_amount_allocated",
                "min_year=2020.5              | min_year",
                "min_start_date=2026-13-01    | min_start_date",
                "min_year=2024&max_year=2021  | min_year",
                "amount_allocated=5           | amount_allocated",
                "bbox=1,2,3                   | bbox",
                "limit=0                      | limit",
                "after=abc                    | after",
                "status=done&status=planned   | status"
            })
    void badParametersAreRefusedNamingThem(String query, String parameter) {
        for (String path : List.of("/api/v1/layers/budget/features?", "/api/v1/layers/budget/summary?")) {
            if (path.contains("summary") && (parameter.equals("limit") || parameter.equals("after"))) {
                continue;
            }
            HttpResponse<String> response = http.get(path + encode(query));
            assertThat(response.statusCode()).as(path + query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(json(response).get("detail").asString()).as(query).startsWith(parameter + ":");
        }
        if (!List.of("bbox", "limit", "after").contains(parameter)) {
            HttpResponse<String> tile =
                    http.get("/tiles/layer/budget/" + CustomLayerTestData.Z14 + ".mvt?" + encode(query));
            assertThat(tile.statusCode()).as(query).isEqualTo(400);
        }
    }

    @Test
    void summaryTotalsEveryNumberAttributeOfTheFeaturesInView() {
        JsonNode all = json(http.get("/api/v1/layers/budget/summary"));
        assertThat(all.get("layer").asString()).isEqualTo("budget");
        assertThat(all.get("count").asInt()).isEqualTo(30);
        // 1000.5 × (1 + … + 30) and 100 × (1 + … + 27 + 29 + 30), object 28 having spent nothing known
        assertThat(all.get("sums").get("amount_allocated").decimalValue()).isEqualByComparingTo("465232.5");
        assertThat(all.get("sums").get("amount_spent").decimalValue()).isEqualByComparingTo("43700");
        // a year, a percentage or a count is an integer: adding them up means nothing
        assertThat(all.get("sums").has("year")).isFalse();
        assertThat(all.get("sums").has("name")).isFalse();

        JsonNode almaty = json(http.get("/api/v1/layers/budget/summary?bbox=76,43,78,44&status=done"));
        assertThat(almaty.get("count").asInt()).isEqualTo(1);
        assertThat(almaty.get("sums").get("amount_allocated").decimalValue()).isEqualByComparingTo("29014.5");

        JsonNode none = json(http.get("/api/v1/layers/budget/summary?bbox=0,0,1,1"));
        assertThat(none.get("count").asInt()).isZero();
        assertThat(none.get("sums").get("amount_spent").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void extraFieldsAreNeverServed() throws Exception {
        List<String> bodies = new ArrayList<>();
        bodies.add(http.get("/api/v1/layers/budget/features").body());
        bodies.add(http.get("/api/v1/layers").body());
        bodies.add(http.get("/ogc/collections/budget/items?limit=100").body());
        bodies.add(http.get("/ogc/collections/budget/items/" + featureId("k3")).body());
        bodies.add(new String(
                tile("/tiles/layer/budget/" + CustomLayerTestData.Z14 + ".mvt"), StandardCharsets.ISO_8859_1));
        for (String body : bodies) {
            assertThat(body).doesNotContain("EXTRA-SECRET", "internal_note");
        }
        assertThat(bodies.get(0)).contains("Объект 3");
    }

    @Test
    void ogcCollectionServesTheLayerWithQueryablesAndPaging() {
        JsonNode collections = json(http.get("/ogc/collections")).get("collections");
        List<String> ids = new ArrayList<>();
        collections.forEach(c -> ids.add(c.get("id").asString()));
        assertThat(ids).containsExactly("plots", "networks", "appeals", "regions", "budget");

        JsonNode budget = json(http.get("/ogc/collections/budget"));
        assertThat(budget.get("title").asString()).isEqualTo("Budget objects");
        JsonNode bbox = budget.get("extent").get("spatial").get("bbox").get(0);
        assertThat(bbox.get(0).asDouble()).isLessThan(77);
        assertThat(bbox.get(2).asDouble()).isGreaterThan(82);

        JsonNode queryables = json(http.get("/ogc/collections/budget/queryables"));
        assertThat(queryables.get("properties").get("status").get("type").asString())
                .isEqualTo("string");
        assertThat(queryables.get("properties").get("year").get("type").asString())
                .isEqualTo("integer");
        assertThat(queryables.get("properties").has("amount_allocated")).isFalse();

        JsonNode page = json(http.get("/ogc/collections/budget/items?limit=4&status=planned"));
        assertThat(page.get("numberMatched").asInt())
                .isEqualTo(ids("attributes->>'status' = 'planned'").size());
        assertThat(page.get("features")).hasSize(4);
        assertThat(page.get("features").get(0).get("properties").get("status").asString())
                .isEqualTo("planned");
        JsonNode one = json(http.get("/ogc/collections/budget/items/" + featureId("k5")));
        assertThat(one.get("properties").get("amount_allocated").decimalValue()).isEqualByComparingTo("5002.5");
        assertThat(http.get("/ogc/collections/budget/items?accessible=true&limit=100")
                        .statusCode())
                .isEqualTo(200);
        assertThat(http.get("/ogc/collections/budget/items?colour=red").statusCode())
                .isEqualTo(400);
        assertThat(http.get("/ogc/api").body()).contains("/collections/budget/items");
    }

    @Test
    void gdalReadsTheCustomCollection() throws Exception {
        Gdal gdal = new Gdal();
        String root = "OAPIF:http://127.0.0.1:" + port + "/ogc";
        assertThat(gdal.run("ogrinfo", "-ro", "-so", root)).contains("5: budget");
        String info = gdal.run("ogrinfo", "-ro", "-al", "-so", root + "/collections/budget");
        assertThat(info).contains("Feature Count: 30", "amount_allocated", "status", "start_date");
        assertThat(gdal.countFeatures(root + "/collections/budget")).isEqualTo(30);
    }

    @Test
    void tilesCarryTheAttributesAndAreRevalidatedByEtag() throws Exception {
        String path = "/tiles/layer/budget/" + CustomLayerTestData.Z14 + ".mvt";
        HttpResponse<byte[]> first = get(path, null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/vnd.mapbox-vector-tile");
        List<Geometry> features = features(first.body());
        assertThat(features).hasSize(28);
        Map<String, Object> five = features.stream()
                .map(CustomLayerApiIT::properties)
                .filter(p -> "Объект 5".equals(p.get("name")))
                .findFirst()
                .orElseThrow();
        assertThat(five).containsEntry("status", "done").containsEntry("accessible", false);
        assertThat(((Number) five.get("amount_allocated")).doubleValue()).isEqualTo(5002.5);
        assertThat(((Number) five.get(FEATURE_ID)).longValue()).isEqualTo(Long.parseLong(featureId("k5")));

        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(get(path, etag).statusCode()).isEqualTo(304);
        String filtered =
                get(path + "?status=planned", null).headers().firstValue("ETag").orElseThrow();
        assertThat(filtered).isNotEqualTo(etag);
        assertThat(features(get(path + "?status=planned", null).body()))
                .hasSize(ids("attributes->>'status' = 'planned' AND ST_X(geom) > 80")
                        .size());

        // from afar the points are counted in clusters, every one of the tile's once
        List<Geometry> clusters =
                features(get("/tiles/layer/budget/10/746/347.mvt", null).body());
        assertThat(clusters.stream()
                        .mapToInt(f -> ((Number) properties(f).get("count")).intValue())
                        .sum())
                .isEqualTo(28);

        // a newly published revision changes the ETag
        jdbc.sql("""
                UPDATE layer_revision SET published_at = published_at + interval '1 second'
                WHERE layer_id = (SELECT id FROM layer WHERE code = 'budget')
                """).update();
        HttpResponse<byte[]> after = get(path, etag);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("ETag"))
                .isNotEqualTo(first.headers().firstValue("ETag"));
    }

    private JsonNode feature(String key) {
        String id = featureId(key);
        for (JsonNode f : json(http.get("/api/v1/layers/budget/features")).get("features")) {
            if (f.get("id").asString().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no feature " + key);
    }

    private String featureId(String key) {
        return jdbc.sql(
                        "SELECT id::text FROM layer_feature WHERE feature_key = :key AND layer_id = (SELECT id FROM layer WHERE code = 'budget')")
                .param("key", key)
                .query(String.class)
                .single();
    }

    /** The ids of the budget layer's features meeting an SQL condition, in id order. */
    private List<String> ids(String condition) {
        return jdbc.sql(
                        "SELECT id::text FROM layer_feature WHERE layer_id = (SELECT id FROM layer WHERE code = 'budget') AND ("
                                + condition + ") ORDER BY layer_feature.id")
                .query(String.class)
                .list();
    }

    private static List<String> ids(JsonNode collection) {
        List<String> ids = new ArrayList<>();
        collection.get("features").forEach(f -> ids.add(f.get("id").asString()));
        return ids;
    }

    /** Percent-encodes the values of a query, leaving its = and & alone. */
    private static String encode(String query) {
        StringBuilder out = new StringBuilder();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            out.append(out.isEmpty() ? "" : "&")
                    .append(pair, 0, eq + 1)
                    .append(java.net.URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8)
                            .replace("%2C", ","));
        }
        return out.toString();
    }

    private byte[] tile(String path) {
        HttpResponse<byte[]> response = get(path, null);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<byte[]> get(String path, String ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path)).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<Geometry> features(byte[] tile) {
        try {
            JtsMvt mvt = MvtReader.loadMvt(
                    new ByteArrayInputStream(tile),
                    new GeometryFactory(),
                    new TagKeyValueMapConverter(false, FEATURE_ID),
                    MvtReader.RING_CLASSIFIER_V2_1);
            assertThat(mvt.getLayers().stream().map(JtsLayer::getName)).isSubsetOf("budget");
            JtsLayer layer = mvt.getLayer("budget");
            return layer == null ? List.of() : List.copyOf(layer.getGeometries());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Geometry feature) {
        return (Map<String, Object>) feature.getUserData();
    }
}
