package kz.adalmap.api.customlayer;

import static kz.adalmap.api.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * "The nearest open office" against a real PostGIS: a layer of offices with opening hours around a point
 * in Astana, ordered by distance on the sphere (not by the planar distance in degrees the index uses),
 * open or not at a fixed time given with {@code at}, with public holidays from the working calendar, and
 * searching past the first candidates until enough open offices are found.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NearestOfficeIT {

    private static final double LON = 71.43;
    private static final double LAT = 51.13;
    private static final String HERE = "lon=" + LON + "&lat=" + LAT;
    // 2026-03-02 is a Monday
    private static final String MONDAY_NOON = "2026-03-02T12:00:00%2B05:00";
    private static final String SUNDAY_NOON = "2026-03-08T12:00:00%2B05:00";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "nearest_office");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    @BeforeAll
    void seed() {
        http = new TestHttp(port);
        String offices = """
                [{"name": "office_no", "type": "text", "label_kk": "Нөмірі", "label_ru": "Номер", "label_en": "Number"},
                 {"name": "kind", "type": "enum", "label_kk": "Түрі", "label_ru": "Тип", "label_en": "Kind",
                  "values": [{"value": "psc", "label_kk": "ХҚКО", "label_ru": "ЦОН", "label_en": "Public service centre"},
                             {"value": "akimat", "label_kk": "Әкімдік", "label_ru": "Акимат", "label_en": "Akimat"}]},
                 {"name": "hours", "type": "opening_hours", "label_kk": "Жұмыс уақыты", "label_ru": "Часы работы",
                  "label_en": "Opening hours"}]
                """;
        jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en, geometry_type, attribute_schema,
                                   key_attribute, style, is_public) VALUES
                 ('offices', 'custom', 'Кеңселер', 'Офисы', 'Offices', 'point', CAST(:offices AS jsonb), 'office_no',
                  '{"colour": "#2f6fdf"}', true),
                 ('offices-internal', 'custom', 'Ішкі', 'Внутренний', 'Internal', 'point', CAST(:offices AS jsonb),
                  'office_no', '{"colour": "#000000"}', false),
                 ('no-hours', 'custom', 'Сағатсыз', 'Без часов', 'No hours', 'point',
                  '[{"name": "office_no", "type": "text", "label_kk": "N", "label_ru": "N", "label_en": "N"}]',
                  'office_no', '{"colour": "#000000"}', true)
                """).param("offices", offices).update();
        jdbc.sql("""
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                SELECT id, 1, 'published', 'test', now() FROM layer
                """).update();
        // E1 is 0.0015° east (104.7 m at this latitude), nearer on the sphere than N1 0.001° north (111.2 m),
        // although farther in degrees; 40 offices closed on Sundays lie between N3 and FAR
        jdbc.sql("""
                INSERT INTO layer_feature (layer_id, feature_key, geom, attributes, layer_revision_id)
                SELECT l.id, v.key, ST_SetSRID(ST_MakePoint(:lon + v.dx, :lat + v.dy), 4326),
                       jsonb_strip_nulls(jsonb_build_object('office_no', v.key, 'kind', v.kind, 'hours', v.hours)), r.id
                FROM (VALUES ('E1', 0.0015, 0.0, 'akimat', 'Mo-Fr 09:00-18:00; PH off'),
                             ('N1', 0.0, 0.001, 'akimat', 'Mo-Sa 10:00-20:00'),
                             ('N2', 0.0, 0.003, 'psc', '24/7'),
                             ('S1', 0.0, -0.005, 'akimat', 'Fr 22:00-02:00'),
                             ('N3', 0.0, 0.01, 'akimat', NULL),
                             ('FAR', 0.0, 0.1, 'psc', 'Su 11:00-13:00')) v (key, dx, dy, kind, hours)
                JOIN layer l ON l.code IN ('offices', 'offices-internal')
                JOIN layer_revision r ON r.layer_id = l.id
                """).param("lon", LON).param("lat", LAT).update();
        jdbc.sql("""
                INSERT INTO layer_feature (layer_id, feature_key, geom, attributes, layer_revision_id)
                SELECT l.id, 'W' || i, ST_SetSRID(ST_MakePoint(:lon, :lat + 0.02 + i * 0.001), 4326),
                       jsonb_build_object('office_no', 'W' || i, 'kind', 'akimat', 'hours', 'Mo-Fr 09:00-18:00'), r.id
                FROM generate_series(1, 40) i
                JOIN layer l ON l.code = 'offices'
                JOIN layer_revision r ON r.layer_id = l.id
                """).param("lon", LON).param("lat", LAT).update();
        jdbc.sql("""
                INSERT INTO layer_feature (layer_id, feature_key, geom, attributes, layer_revision_id)
                SELECT l.id, 'X1', ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), '{"office_no": "X1"}', r.id
                FROM layer l JOIN layer_revision r ON r.layer_id = l.id WHERE l.code = 'no-hours'
                """).param("lon", LON).param("lat", LAT).update();
        // a Monday made a public holiday
        jdbc.sql("""
                INSERT INTO work_calendar_day (day, day_off, kind, name) VALUES ('2026-04-13', true, 'holiday', 'Test day')
                ON CONFLICT (day) DO UPDATE SET day_off = true
                """).update();
    }

    @Test
    void ordersByDistanceOnTheSphereWithTheStateOfEachOffice() {
        HttpResponse<String> response = http.get("/api/v1/layers/offices/nearest?" + HERE + "&at=" + MONDAY_NOON);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/geo+json"));
        JsonNode answer = json(response);
        assertThat(answer.get("type").asString()).isEqualTo("FeatureCollection");
        assertThat(answer.get("at").asString()).isEqualTo("2026-03-02T12:00:00+05:00");
        JsonNode features = answer.get("features");
        assertThat(keys(features)).containsExactly("E1", "N1", "N2", "S1", "N3");
        double[] expected = {
            metres(LAT, 0.0015, 0),
            metres(LAT, 0, 0.001),
            metres(LAT, 0, 0.003),
            metres(LAT, 0, 0.005),
            metres(LAT, 0, 0.01)
        };
        for (int i = 0; i < expected.length; i++) {
            assertThat(features.get(i).get("properties").get("distance_m").asDouble())
                    .as(keys(features).get(i))
                    .isCloseTo(expected[i], within(0.5));
        }
        assertThat(expected[0]).isCloseTo(104.7, within(0.1));

        JsonNode e1 = features.get(0).get("properties");
        assertThat(e1.get("kind").asString()).isEqualTo("akimat");
        assertThat(e1.get("hours").asString()).isEqualTo("Mo-Fr 09:00-18:00; PH off");
        assertThat(e1.get("open_now").asBoolean()).isTrue();
        assertThat(e1.get("closes_at").asString()).isEqualTo("2026-03-02T18:00:00+05:00");
        assertThat(e1.get("opens_next").asString()).isEqualTo("2026-03-03T09:00:00+05:00");
        JsonNode n2 = features.get(2).get("properties");
        assertThat(n2.get("open_now").asBoolean()).isTrue();
        assertThat(n2.get("opens_next").isNull()).as("open all the time").isTrue();
        JsonNode s1 = features.get(3).get("properties");
        assertThat(s1.get("open_now").asBoolean()).isFalse();
        assertThat(s1.get("opens_next").asString()).isEqualTo("2026-03-06T22:00:00+05:00");
        JsonNode n3 = features.get(4).get("properties");
        assertThat(n3.get("open_now").asBoolean()).isFalse();
        assertThat(n3.get("opens_next").isNull()).as("no opening hours").isTrue();
        assertThat(features.get(0).get("geometry").get("type").asString()).isEqualTo("Point");
    }

    @Test
    void theCatalogueLinksTheNearestOfLayersWithOpeningHoursOnly() {
        assertThat(json(http.get("/api/v1/layers/offices"))
                        .get("links")
                        .get("nearest")
                        .asString())
                .endsWith("/api/v1/layers/offices/nearest{?lon,lat,limit,open_now,at}");
        assertThat(json(http.get("/api/v1/layers/no-hours")).get("links").has("nearest"))
                .isFalse();
    }

    @Test
    void theTimeMayBeGivenInAnyOffset() {
        JsonNode utc = json(http.get("/api/v1/layers/offices/nearest?" + HERE + "&limit=1&at=2026-03-02T07:00:00Z"));
        assertThat(utc.get("at").asString()).isEqualTo("2026-03-02T12:00:00+05:00");
        assertThat(utc.get("features").get(0).get("properties").get("open_now").asBoolean())
                .isTrue();
        // 03:59 UTC is 08:59 in Astana: E1 is not open yet
        JsonNode early = json(http.get("/api/v1/layers/offices/nearest?" + HERE + "&limit=1&at="
                + URLEncoder.encode("2026-03-02T03:59:00Z", StandardCharsets.UTF_8)));
        assertThat(early.get("features")
                        .get(0)
                        .get("properties")
                        .get("open_now")
                        .asBoolean())
                .isFalse();
        assertThat(early.get("features")
                        .get(0)
                        .get("properties")
                        .get("opens_next")
                        .asString())
                .isEqualTo("2026-03-02T09:00:00+05:00");
    }

    @Test
    void openNowSearchesPastTheFirstCandidatesUntilEnoughAreOpen() {
        // on Sunday at noon only N2 (24/7) and FAR (Sundays 11–13), beyond 40 offices closed on Sundays, are open
        JsonNode sunday =
                json(http.get("/api/v1/layers/offices/nearest?" + HERE + "&limit=2&open_now=true&at=" + SUNDAY_NOON));
        assertThat(keys(sunday.get("features"))).containsExactly("N2", "FAR");
        assertThat(sunday.get("features")
                        .get(1)
                        .get("properties")
                        .get("distance_m")
                        .asDouble())
                .isCloseTo(metres(LAT, 0, 0.1), within(0.5));
        // fewer open ones than asked for: all there are
        JsonNode five =
                json(http.get("/api/v1/layers/offices/nearest?" + HERE + "&limit=5&open_now=true&at=" + SUNDAY_NOON));
        assertThat(keys(five.get("features"))).containsExactly("N2", "FAR");
        JsonNode monday =
                json(http.get("/api/v1/layers/offices/nearest?" + HERE + "&limit=3&open_now=true&at=" + MONDAY_NOON));
        assertThat(keys(monday.get("features"))).containsExactly("E1", "N1", "N2");
    }

    @Test
    void aPublicHolidayClosesWhatSaysPhOff() {
        JsonNode holiday = json(
                http.get("/api/v1/layers/offices/nearest?" + HERE + "&limit=2&at=2026-04-13T12:00:00" + "%2B05:00"));
        JsonNode e1 = holiday.get("features").get(0).get("properties");
        assertThat(e1.get("open_now").asBoolean()).isFalse();
        assertThat(e1.get("opens_next").asString()).isEqualTo("2026-04-14T09:00:00+05:00");
        assertThat(holiday.get("features")
                        .get(1)
                        .get("properties")
                        .get("open_now")
                        .asBoolean())
                .as("N1 has no PH off")
                .isTrue();
    }

    @Test
    void takesTheFiltersOfTheLayersFeatures() {
        JsonNode psc = json(http.get("/api/v1/layers/offices/nearest?" + HERE + "&kind=psc&at=" + MONDAY_NOON));
        assertThat(keys(psc.get("features"))).containsExactly("N2", "FAR");
        JsonNode found = json(http.get("/api/v1/layers/offices/nearest?" + HERE + "&q=W1&limit=3"));
        assertThat(keys(found.get("features"))).containsExactly("W1", "W10", "W11");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /api/v1/layers/no-hours/nearest?lon=71.43&lat=51.13         | 400 | code     | has no attribute of type opening_hours
            /api/v1/layers/offices/nearest?lat=51.13                    | 400 | lon      | required
            /api/v1/layers/offices/nearest?lon=271.43&lat=51.13         | 400 | lon      | from -180 to 180
            /api/v1/layers/offices/nearest?lon=71.43&lat=51.13&limit=51 | 400 | limit    | from 1 to 50
            /api/v1/layers/offices/nearest?lon=71.43&lat=51.13&open_now=yes | 400 | open_now | true or false
            /api/v1/layers/offices/nearest?lon=71.43&lat=51.13&at=tomorrow | 400 | at     | such as 2026-03-02T10:00:00+05:00
            /api/v1/layers/offices/nearest?lon=71.43&lat=51.13&kind=bank | 400 | kind    | is not one of its values
            /api/v1/layers/offices/nearest?lon=71.43&lat=51.13&bbox=1,2,3,4 | 400 | bbox   | unknown
            /api/v1/layers/offices-internal/nearest?lon=71.43&lat=51.13 | 404 |          | no public layer
            /api/v1/layers/nowhere/nearest?lon=71.43&lat=51.13          | 404 |          | no public layer
            """)
    void refusesWhatItCannotAnswer(String path, int status, String parameter, String detail) {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        if (parameter != null) {
            assertThat(problem.get("parameter").asString()).isEqualTo(parameter);
        }
        assertThat(problem.get("detail").asString()).contains(detail);
    }

    /** The distance on the sphere (haversine, mean radius) from the point to one {@code dx}, {@code dy} degrees off. */
    private static double metres(double lat, double dx, double dy) {
        double r = 6_371_008.8;
        double p1 = Math.toRadians(lat);
        double p2 = Math.toRadians(lat + dy);
        double a = Math.pow(Math.sin((p2 - p1) / 2), 2)
                + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(Math.toRadians(dx) / 2), 2);
        return 2 * r * Math.asin(Math.sqrt(a));
    }

    private static List<String> keys(JsonNode features) {
        List<String> keys = new ArrayList<>();
        features.forEach(f -> keys.add(f.get("key").asString()));
        return keys;
    }
}
