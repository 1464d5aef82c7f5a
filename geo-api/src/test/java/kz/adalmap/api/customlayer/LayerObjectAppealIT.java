package kz.adalmap.api.customlayer;

import static kz.adalmap.api.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Appeals about an object of a custom layer, against a real PostGIS: submitted as JSON and as a form,
 * refused when the object is not a published feature of a public custom layer or lies too far from the
 * pin, listed on the object's card, shown in the public list, the tracking view and the CSV export;
 * a corruption signal about an object is never listed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayerObjectAppealIT {

    private static final String BOUNDARY = "adalmap-object-boundary";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "layer_object_appeal");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;
    // every submission from its own address, so that the hourly limit per address is never what answers
    final AtomicInteger client = new AtomicInteger();

    @BeforeAll
    void seed() {
        http = new TestHttp(port);
        jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en, geometry_type, attribute_schema,
                                   key_attribute, style, is_public) VALUES
                 ('schools', 'custom', 'Мектептер', 'Школы', 'Schools', 'polygon',
                  '[{"name": "school_no", "type": "text", "label_kk": "Нөмірі", "label_ru": "Номер", "label_en": "Number"}]',
                  'school_no', '{"colour": "#2f6fdf"}', true),
                 ('audit', 'custom', 'Ішкі', 'Внутренний', 'Internal', 'point',
                  '[{"name": "n", "type": "text", "label_kk": "N", "label_ru": "N", "label_en": "N"}]',
                  'n', '{"colour": "#000000"}', false)
                """).update();
        jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en) VALUES ('city-plots', 'plots', 'У', 'У', 'P')
                """).update();
        jdbc.sql("""
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                SELECT id, 1, 'published', 'test', now() FROM layer
                """).update();
        // school S-5: a block of about 140 × 110 m in Astana; S-9 across the river; the audit point beside S-5
        jdbc.sql("""
                INSERT INTO layer_feature (layer_id, feature_key, geom, attributes, layer_revision_id)
                SELECT l.id, v.key, ST_GeomFromText(v.wkt, 4326), jsonb_build_object(l.key_attribute, v.key), r.id
                FROM (VALUES ('schools', 'S-5', 'POLYGON ((71.430 51.130, 71.432 51.130, 71.432 51.131, 71.430 51.131, 71.430 51.130))'),
                             ('schools', 'S-9', 'POLYGON ((71.470 51.150, 71.471 51.150, 71.471 51.151, 71.470 51.151, 71.470 51.150))'),
                             ('audit', 'A-1', 'POINT (71.431 51.1305)')) v (layer, key, wkt)
                JOIN layer l ON l.code = v.layer
                JOIN layer_revision r ON r.layer_id = l.id
                """).update();
    }

    @Test
    void anAppealAboutAnObjectIsLinkedToItAndShownOnItsCard() {
        HttpResponse<String> byJson = postJson("""
                {"location": {"lon": 71.4312, "lat": 51.1304}, "category": "education", "consent": true,
                 "text": "Крыша спортзала школы течёт", "object": {"layer": "schools", "key": "S-5"}}
                """);
        assertThat(byJson.statusCode()).as(byJson.body()).isEqualTo(201);
        String first = json(byJson).get("tracking_code").asString();
        // beside the block, 300 m south: still about it
        HttpResponse<String> byForm =
                postForm(form(71.431, 51.1275, "education", "Нет пандуса у входа", "schools", "S-5"));
        assertThat(byForm.statusCode()).as(byForm.body()).isEqualTo(201);
        String second = json(byForm).get("tracking_code").asString();
        HttpResponse<String> other = postJson("""
                {"location": {"lon": 71.4705, "lat": 51.1505}, "category": "education", "consent": true,
                 "text": "Другая школа", "object": {"layer": "schools", "key": "S-9"}}
                """);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(201);
        HttpResponse<String> noObject = postJson("""
                {"location": {"lon": 71.4312, "lat": 51.1304}, "category": "roads", "consent": true, "text": "Яма"}
                """);
        assertThat(noObject.statusCode()).as(noObject.body()).isEqualTo(201);

        assertThat(jdbc.sql("""
                        SELECT string_agg(l.code || '/' || a.object_key, ' ' ORDER BY a.id) FROM appeal a
                        JOIN layer l ON l.id = a.object_layer_id WHERE a.tracking_code IN (:first, :second)
                        """)
                        .param("first", first)
                        .param("second", second)
                        .query(String.class)
                        .single())
                .isEqualTo("schools/S-5 schools/S-5");

        HttpResponse<String> card = http.get("/api/v1/layers/schools/features/S-5/appeals");
        assertThat(card.statusCode()).isEqualTo(200);
        assertThat(card.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/geo+json"));
        JsonNode features = json(card).get("features");
        assertThat(codes(features)).containsExactly(first, second);
        JsonNode properties = features.get(0).get("properties");
        assertThat(properties.get("object_layer").asString()).isEqualTo("schools");
        assertThat(properties.get("object_key").asString()).isEqualTo("S-5");
        assertThat(properties.get("text").asString()).isEqualTo("Крыша спортзала школы течёт");
        assertThat(properties.get("category").asString()).isEqualTo("education");
        // the same properties as the public list
        JsonNode listed = feature(json(http.get("/api/v1/appeals")).get("features"), first);
        assertThat(listed.get("properties").propertyNames()).containsExactlyElementsOf(properties.propertyNames());
        assertThat(listed.get("properties").get("object_key").asString()).isEqualTo("S-5");
        assertThat(feature(
                                json(http.get("/api/v1/appeals")).get("features"),
                                json(noObject).get("tracking_code").asString())
                        .get("properties")
                        .get("object_layer")
                        .isNull())
                .isTrue();

        assertThat(codes(json(http.get("/api/v1/layers/schools/features/S-9/appeals"))
                        .get("features")))
                .containsExactly(json(other).get("tracking_code").asString());
        assertThat(json(http.get("/api/v1/layers/schools/features/S-404/appeals"))
                        .get("features"))
                .isEmpty();
        assertThat(codes(json(http.get("/api/v1/layers/schools/features/S-5/appeals?limit=1"))
                        .get("features")))
                .containsExactly(first);

        JsonNode tracked = json(http.get("/api/v1/appeals/track/" + second));
        assertThat(tracked.get("object_layer").asString()).isEqualTo("schools");
        assertThat(tracked.get("object_key").asString()).isEqualTo("S-5");

        String csv = http.get("/api/v1/appeals/export.csv").body();
        List<String> header = List.of(
                csv.lines().findFirst().orElseThrow().replace("\uFEFF", "").split(";"));
        assertThat(header).contains("object_layer", "object_key");
        String row = csv.lines().filter(l -> l.startsWith(first)).findFirst().orElseThrow();
        List<String> cells = List.of(row.split(";", -1));
        assertThat(cells.get(header.indexOf("object_layer"))).isEqualTo("schools");
        assertThat(cells.get(header.indexOf("object_key"))).isEqualTo("S-5");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"layer": "nowhere", "key": "S-5"}              | 71.4312 | 51.1304 | no public layer defined as data with the code 'nowhere'
            {"layer": "audit", "key": "A-1"}                | 71.4312 | 51.1304 | no public layer defined as data with the code 'audit'
            {"layer": "city-plots", "key": "S-5"}           | 71.4312 | 51.1304 | no public layer defined as data with the code 'city-plots'
            {"layer": "schools", "key": "S-404"}            | 71.4312 | 51.1304 | the layer 'schools' has no published object with the key 'S-404'
            {"layer": "schools", "key": "S-5"}              | 71.4700 | 51.1500 | the point lies 3390 m from the object; an appeal about an object is placed within 1000 m of it
            {"layer": "schools"}                            | 71.4312 | 51.1304 | key is required
            {"key": "S-5"}                                  | 71.4312 | 51.1304 | layer is required
            "schools/S-5"                                   | 71.4312 | 51.1304 | must be an object {"layer"
            {"layer": "schools", "key": "S-5", "id": 1}     | 71.4312 | 51.1304 | unknown field; use layer, key
            """)
    void refusesAnObjectThatIsNotAPublishedFeatureNearThePin(String object, double lon, double lat, String detail) {
        long before = appeals();
        HttpResponse<String> response = postJson("""
                {"location": {"lon": %s, "lat": %s}, "category": "education", "consent": true, "text": "Текст",
                 "object": %s}
                """.formatted(lon, lat, object));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("parameter").asString()).startsWith("object");
        assertThat(json(response).get("detail").asString()).contains(detail);
        assertThat(appeals()).isEqualTo(before);
    }

    @Test
    void refusesAFormWhoseObjectIsTooFarOrHalfGiven() {
        long before = appeals();
        HttpResponse<String> far = postForm(form(71.47, 51.15, "education", "Текст", "schools", "S-5"));
        assertThat(far.statusCode()).as(far.body()).isEqualTo(400);
        assertThat(json(far).get("parameter").asString()).isEqualTo("object");
        assertThat(json(far).get("detail").asString()).contains("m from the object", "within 1000 m");
        List<Map.Entry<String, String>> halfGiven = form(71.4312, 51.1304, "education", "Текст", "schools", null);
        HttpResponse<String> half = postForm(halfGiven);
        assertThat(half.statusCode()).as(half.body()).isEqualTo(400);
        assertThat(json(half).get("detail").asString()).contains("key is required");
        assertThat(appeals()).isEqualTo(before);
    }

    @Test
    void aCorruptionSignalAboutAnObjectIsNeverListed() {
        HttpResponse<String> signal = postJson("""
                {"location": {"lon": 71.4312, "lat": 51.1304}, "category": "corruption", "consent": true,
                 "text": "Подрядчик школы берёт откаты", "object": {"layer": "schools", "key": "S-5"}}
                """);
        assertThat(signal.statusCode()).as(signal.body()).isEqualTo(201);
        String code = json(signal).get("tracking_code").asString();
        assertThat(jdbc.sql("SELECT object_key FROM appeal WHERE tracking_code = :c")
                        .param("c", code)
                        .query(String.class)
                        .single())
                .isEqualTo("S-5");
        for (String path : List.of(
                "/api/v1/layers/schools/features/S-5/appeals",
                "/api/v1/layers/schools/features/S-5/appeals?limit=100",
                "/api/v1/appeals",
                "/api/v1/appeals/export.csv")) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).doesNotContain(code, "откаты");
        }
        assertThat(http.get("/api/v1/appeals/track/" + code).statusCode()).isEqualTo(404);
        // whoever holds the secret follows the signal, and sees what it is about
        HttpResponse<String> tracked = http.send(HttpRequest.newBuilder(http.uri("/api/v1/appeals/track/" + code))
                .header("X-Appeal-Secret", json(signal).get("tracking_secret").asString())
                .GET()
                .build());
        assertThat(tracked.statusCode()).isEqualTo(200);
        assertThat(json(tracked).get("object_key").asString()).isEqualTo("S-5");
    }

    @ParameterizedTest
    @CsvSource({"nowhere", "audit", "city-plots"})
    void theAppealsOfAnObjectOfALayerThatIsNotAPublicCustomLayerAreNotFound(String layer) {
        HttpResponse<String> response = http.get("/api/v1/layers/" + layer + "/features/A-1/appeals");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).doesNotContain("INTERNAL");
    }

    @Test
    void refusesUnknownParametersOfTheObjectsAppeals() {
        HttpResponse<String> response = http.get("/api/v1/layers/schools/features/S-5/appeals?category=roads");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("parameter").asString()).isEqualTo("category");
    }

    private long appeals() {
        return jdbc.sql("SELECT count(*) FROM appeal").query(Long.class).single();
    }

    private static List<String> codes(JsonNode features) {
        List<String> codes = new ArrayList<>();
        features.forEach(f -> codes.add(f.get("properties").get("tracking_code").asString()));
        return codes;
    }

    private static JsonNode feature(JsonNode features, String code) {
        for (JsonNode f : features) {
            if (f.get("properties").get("tracking_code").asString().equals(code)) {
                return f;
            }
        }
        throw new AssertionError(code + " is not listed");
    }

    private String nextClient() {
        return "198.51.100." + client.incrementAndGet();
    }

    private HttpResponse<String> postJson(String body) {
        return http.send(HttpRequest.newBuilder(http.uri("/api/v1/appeals"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", nextClient())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static List<Map.Entry<String, String>> form(
            double lon, double lat, String category, String text, String layer, String key) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("lon", Double.toString(lon));
        f.put("lat", Double.toString(lat));
        f.put("category", category);
        f.put("text", text);
        f.put("consent", "true");
        if (layer != null) {
            f.put("object_layer", layer);
        }
        if (key != null) {
            f.put("object_key", key);
        }
        return new ArrayList<>(f.entrySet());
    }

    private HttpResponse<String> postForm(List<Map.Entry<String, String>> fields) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> f : fields) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
                            + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + f.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(http.uri("/api/v1/appeals"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .header("X-Forwarded-For", nextClient())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }
}
