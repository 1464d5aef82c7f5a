package kz.adalmap.api.plot;

import static kz.adalmap.api.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
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

/** {@code /api/v1/plots} against a real PostGIS holding a 40 × 25 grid of plots. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlotApiIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "plot_api");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    @BeforeAll
    void grid() {
        http = new TestHttp(port);
        jdbc.sql(
                        "INSERT INTO layer (code, kind, title_kk, title_ru, title_en) VALUES ('grid', 'plots', 'Тор', 'Сетка', 'Grid')")
                .update();
        long revision = jdbc.sql("""
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                SELECT id, 1, 'published', 'test', now() FROM layer WHERE code = 'grid' RETURNING id
                """).query(Long.class).single();
        // 0.005° squares with 0.001° gaps, from 60°E 45°N
        jdbc.sql("""
                INSERT INTO land_plot (cadastral_number, geom, area_declared_ha, land_category, status, intended_purpose_ru,
                                       address, layer_revision_id)
                SELECT format('01-%s-%s-%s', lpad((100 + i)::text, 3, '0'), lpad(j::text, 3, '0'), lpad((i * 25 + j)::text, 4, '0')),
                       ST_Multi(ST_MakeEnvelope(60 + i * 0.006, 45 + j * 0.006, 60.005 + i * 0.006, 45.005 + j * 0.006, 4326)),
                       22.0, 'settlement',
                       (ARRAY['free', 'allocated', 'auction_scheduled', 'in_application', 'withdrawn'])[1 + (i + j) % 5],
                       'Для строительства', 'ул. Абая, ' || (i * 25 + j), :revision
                FROM generate_series(0, 39) i, generate_series(0, 24) j
                ORDER BY i, j
                """).param("revision", revision).update();
    }

    @ParameterizedTest(name = "bbox={0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "60.0,45.0,60.02,45.02",
                "60.0025,45.0025,60.0135,45.0071",
                "59.0,44.0,59.5,44.5",
                "60.1,45.1,60.1,45.1",
                "60.0055,45.0,60.0059,45.2",
            })
    void returnsExactlyThePlotsIntersectingBbox(String bbox) {
        String[] c = bbox.split(",");
        List<Long> expected = jdbc.sql("""
                SELECT id FROM land_plot
                WHERE ST_Intersects(geom, ST_MakeEnvelope(:a, :b, :c, :d, 4326)) ORDER BY id
                """)
                .param("a", Double.parseDouble(c[0]))
                .param("b", Double.parseDouble(c[1]))
                .param("c", Double.parseDouble(c[2]))
                .param("d", Double.parseDouble(c[3]))
                .query(Long.class)
                .list();
        HttpResponse<String> response = http.get("/api/v1/plots?limit=5000&bbox=" + bbox);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ids(json(response))).isEqualTo(expected);
    }

    @Test
    void pagingThroughALargeBboxReturnsEveryPlotOnce() {
        List<Long> seen = new ArrayList<>();
        String url = "/api/v1/plots?bbox=59,44,61,46&limit=97";
        int pages = 0;
        while (url != null) {
            HttpResponse<String> response = http.get(url);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode page = json(response);
            assertThat(page.get("numberReturned").asInt())
                    .isEqualTo(page.get("features").size());
            seen.addAll(ids(page));
            url = null;
            for (JsonNode link : page.get("links")) {
                if (link.get("rel").asString().equals("next")) {
                    url = link.get("href").asString();
                }
            }
            pages++;
        }
        assertThat(pages).isEqualTo(11);
        assertThat(seen).hasSize(1000).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen))
                .isEqualTo(new HashSet<>(
                        jdbc.sql("SELECT id FROM land_plot").query(Long.class).list()));
    }

    @Test
    void answersRfc7946GeoJson() {
        HttpResponse<String> response = http.get("/api/v1/plots?bbox=60,45,60.011,45.011");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/geo+json"));
        JsonNode fc = json(response);
        assertThat(fc.get("type").asString()).isEqualTo("FeatureCollection");
        assertThat(fc.get("features")).hasSize(4);
        for (JsonNode f : fc.get("features")) {
            assertThat(f.get("type").asString()).isEqualTo("Feature");
            assertThat(f.get("id").isNumber()).isTrue();
            JsonNode geometry = f.get("geometry");
            assertThat(geometry.get("type").asString()).isEqualTo("MultiPolygon");
            JsonNode ring = geometry.get("coordinates").get(0).get(0);
            assertThat(ring.get(0)).isEqualTo(ring.get(ring.size() - 1));
            // longitude first, in Kazakhstan
            assertThat(ring.get(0).get(0).asDouble()).isBetween(60.0, 60.3);
            assertThat(ring.get(0).get(1).asDouble()).isBetween(45.0, 45.2);
            assertThat(signedArea(ring)).as("exterior ring counter-clockwise").isPositive();
            assertThat(f.get("properties").get("cadastral_number").asString()).matches("\\d{2}-\\d{3}-\\d{3}-\\d{3,}");
            assertThat(f.get("properties").get("area_ha").asDouble()).isBetween(15.0, 30.0);
        }
    }

    @Test
    void filtersByStatus() {
        JsonNode fc = json(http.get("/api/v1/plots?bbox=59,44,61,46&limit=5000&status=free,withdrawn"));
        assertThat(fc.get("features")).hasSize(400);
        for (JsonNode f : fc.get("features")) {
            assertThat(f.get("properties").get("status").asString()).isIn("free", "withdrawn");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "bbox=1,2,3;                  bbox;   four numbers",
                "bbox=a,45,61,46;             bbox;   minLon is not a number",
                "bbox=80.1,45,76.9,46;        bbox;   minLon 80.1 is greater than maxLon 76.9",
                "bbox=60,46,61,45;            bbox;   minLat 46 is greater than maxLat 45",
                "bbox=60,45,200,46;           bbox;   maxLon 200 is outside",
                "bbox=60,45,61,NaN;           bbox;   maxLat is not a number",
                "limit=0;                     limit;  from 1 to 5000",
                "limit=abc;                   limit;  got 'abc'",
                "limit=5001;                  limit;  from 1 to 5000",
                "after=-3;                    after;  cursor",
                "status=sold;                 status; unknown status 'sold'",
                "colour=red;                  colour; unknown parameter",
                "bbox=60,45,61,46&bbox=1,2,3,4; bbox; given 2 times",
            })
    void rejectsBadParametersWithAClearMessage(String query, String parameter, String message) {
        HttpResponse<String> response = http.get("/api/v1/plots?" + query);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("parameter").asString()).isEqualTo(parameter);
        assertThat(problem.get("detail").asString())
                .startsWith(parameter + ": ")
                .contains(message);
    }

    @Test
    void findsAPlotByCadastralNumberWithOrWithoutDashes() {
        JsonNode card = json(http.get("/api/v1/plots/01-101-002-0027"));
        assertThat(card.get("type").asString()).isEqualTo("Feature");
        assertThat(card.get("properties").get("cadastral_number").asString()).isEqualTo("01-101-002-0027");
        assertThat(card.get("properties").get("status_history")).hasSize(1);
        assertThat(card.get("properties")
                        .get("status_history")
                        .get(0)
                        .get("to_status")
                        .asString())
                .isEqualTo(card.get("properties").get("status").asString());
        assertThat(json(http.get("/api/v1/plots/011010020027")).get("id")).isEqualTo(card.get("id"));
    }

    @Test
    void theCardNamesItsLayerByCodeAndByTitleInEachLanguage() {
        JsonNode properties = json(http.get("/api/v1/plots/01-101-002-0027")).get("properties");
        assertThat(properties.get("layer").asString()).isEqualTo("grid");
        assertThat(properties.get("layer_title_kk").asString()).isEqualTo("Тор");
        assertThat(properties.get("layer_title_ru").asString()).isEqualTo("Сетка");
        assertThat(properties.get("layer_title_en").asString()).isEqualTo("Grid");
    }

    @Test
    void unknownCadastralNumberIs404AndMalformedIs400() {
        HttpResponse<String> missing = http.get("/api/v1/plots/99-999-999-999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("detail").asString()).contains("99-999-999-999");
        HttpResponse<String> malformed = http.get("/api/v1/plots/12-34");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("detail").asString()).contains("RR-DDD-QQQ-NNN");
    }

    private static List<Long> ids(JsonNode fc) {
        List<Long> ids = new ArrayList<>();
        fc.get("features").forEach(f -> ids.add(f.get("id").asLong()));
        return ids;
    }

    /** Twice the signed area of a ring (shoelace); positive when counter-clockwise. */
    private static double signedArea(JsonNode ring) {
        double sum = 0;
        for (int i = 0; i + 1 < ring.size(); i++) {
            sum += ring.get(i).get(0).asDouble() * ring.get(i + 1).get(1).asDouble()
                    - ring.get(i + 1).get(0).asDouble() * ring.get(i).get(1).asDouble();
        }
        return sum;
    }
}
