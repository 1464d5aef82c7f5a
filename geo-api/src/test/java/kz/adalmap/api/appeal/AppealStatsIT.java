package kz.adalmap.api.appeal;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TestHttp;
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
 * The public statistics, filters and CSV export of appeals over eleven seeded appeals of March 2025 whose
 * every figure is worked out by hand below: three agencies in two regions, every status, one corruption
 * signal (counted, never listed), answers on time and late, and two appeals submitted just after
 * midnight in Kazakhstan (still the previous day in UTC) to pin the days to UTC+5. All due dates are
 * long past, so "overdue" does not depend on the day the test runs.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "adalmap.appeals.ranking-min-appeals=3")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppealStatsIT {

    private static final double LON = 82.6;
    private static final double LAT = 49.95;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "appeal_stats");
        registry.add("adalmap.attachments.max-files", () -> "3");
        registry.add("adalmap.attachments.max-photo", () -> "2MB");
        registry.add("adalmap.attachments.allowed-types", () -> "JPEG,MP3");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    @BeforeAll
    void appeals() {
        http = new TestHttp(port);
        jdbc.sql("""
                INSERT INTO region (kato_code, name_kk, name_ru, name_en) VALUES
                  ('630000000', 'Шығыс Қазақстан', 'Восточно-Казахстанская', 'East Kazakhstan'),
                  ('750000000', 'Алматы', 'Алматы', 'Almaty')
                """).update();
        jdbc.sql("""
                INSERT INTO agency (code, region_id, name_kk, name_ru, name_en)
                SELECT 'akimat-a', id, 'А әкімдігі', 'Акимат А', 'Akimat A' FROM region WHERE kato_code = '630000000'
                UNION ALL
                SELECT 'akimat-b', id, 'Б әкімдігі', 'Акимат Б', 'Akimat B' FROM region WHERE kato_code = '750000000'
                UNION ALL
                SELECT 'police', NULL, 'Полиция', 'Полиция', 'Police'
                """).update();
        // code, category, status, agency, region, submitted (UTC), due, first answer (UTC)
        appeal(
                "0001",
                "roads",
                "resolved",
                "akimat-a",
                "630000000",
                "2025-03-03T04:00Z",
                "2025-03-10",
                "2025-03-05T04:00Z");
        appeal(
                "0002",
                "roads",
                "answered",
                "akimat-a",
                "630000000",
                "2025-03-03T04:00Z",
                "2025-03-10",
                "2025-03-12T04:00Z");
        appeal("0003", "housing", "in_progress", "akimat-a", "630000000", "2025-03-04T04:00Z", "2025-03-11", null);
        appeal(
                "0004",
                "corruption",
                "answered",
                "akimat-a",
                "630000000",
                "2025-03-05T04:00Z",
                "2025-03-10",
                "2025-03-06T04:00Z");
        appeal(
                "0005",
                "utilities",
                "resolved",
                "akimat-b",
                "750000000",
                "2025-03-10T04:00Z",
                "2025-03-13",
                "2025-03-11T04:00Z");
        appeal("0006", "utilities", "rejected", "akimat-b", "750000000", "2025-03-10T04:00Z", "2025-03-13", null);
        appeal(
                "0007",
                "land",
                "answered",
                "akimat-b",
                "750000000",
                "2025-03-11T04:00Z",
                "2025-03-18",
                "2025-03-14T04:00Z");
        appeal(
                "0008",
                "roads",
                "answered",
                "police",
                "750000000",
                "2025-03-12T04:00Z",
                "2025-03-19",
                "2025-03-20T04:00Z");
        // 01:00 on 1 April in Kazakhstan
        appeal("0009", "roads", "new", null, null, "2025-03-31T20:00Z", "2025-04-08", null);
        appeal("0010", "housing", "merged", null, "630000000", "2025-03-06T04:00Z", null, null);
        // 01:00 on 1 March in Kazakhstan
        appeal("0011", "roads", "under_review", null, null, "2025-02-28T20:00Z", "2025-03-07", null);
    }

    private void appeal(
            String n,
            String category,
            String status,
            String agency,
            String region,
            String created,
            String due,
            String answered) {
        jdbc.sql("""
                INSERT INTO appeal (tracking_code, category, text, geom, status, agency_id, region_id, created_at,
                                    due_date, first_answered_at, answered_at,
                                    answer_text, status_reason)
                VALUES (:code, :category, 'Текст обращения ' || :code, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326),
                        :status, (SELECT id FROM agency WHERE code = :agency),
                        (SELECT id FROM region WHERE kato_code = :region), CAST(:created AS timestamptz),
                        CAST(:due AS date), CAST(:answered AS timestamptz), CAST(:answered AS timestamptz),
                        CASE WHEN CAST(:answered AS timestamptz) IS NOT NULL THEN 'Ответ на ' || :code END,
                        CASE WHEN CAST(:status AS text) = 'rejected' THEN 'Не в компетенции' END)
                """)
                .param("code", "AM-STAT-" + n)
                .param("category", category)
                .param("status", status)
                .param("agency", agency)
                .param("region", region)
                .param("created", created)
                .param("due", due)
                .param("answered", answered)
                .param("lon", LON)
                .param("lat", LAT)
                .update();
    }

    @Test
    void countsEveryAppealIncludingCorruptionSignals() {
        JsonNode stats = stats("");
        assertThat(stats.get("total").asLong()).isEqualTo(11);
        assertThat(counts(stats.get("by_category"), "code"))
                .containsExactly(
                        Map.entry("housing", 2L),
                        Map.entry("land", 1L),
                        Map.entry("utilities", 2L),
                        Map.entry("roads", 5L),
                        Map.entry("education", 0L),
                        Map.entry("health", 0L),
                        Map.entry("social_aid", 0L),
                        Map.entry("employment", 0L),
                        Map.entry("public_services", 0L),
                        Map.entry("corruption", 1L));
        assertThat(stats.get("by_category").get(9).get("is_public").asBoolean()).isFalse();
        assertThat(counts(stats.get("by_status"), "status"))
                .containsExactly(
                        Map.entry("new", 1L),
                        Map.entry("under_review", 1L),
                        Map.entry("routed", 0L),
                        Map.entry("in_progress", 1L),
                        Map.entry("answered", 4L),
                        Map.entry("resolved", 2L),
                        Map.entry("rejected", 1L),
                        Map.entry("merged", 1L));
        assertThat(counts(stats.get("by_region"), "kato_code"))
                .containsExactly(Map.entry("630000000", 5L), Map.entry("750000000", 4L));
        assertThat(stats.get("without_region").asLong()).isEqualTo(2);
        assertThat(counts(stats.get("by_agency"), "code"))
                .containsExactly(Map.entry("akimat-a", 4L), Map.entry("akimat-b", 3L), Map.entry("police", 1L));
        assertThat(stats.get("without_agency").asLong()).isEqualTo(3);
    }

    @Test
    void statesEachShareWithItsParts() {
        JsonNode stats = stats("");
        // resolved 0001, 0005 of the closed 0001, 0002, 0004, 0005, 0006, 0007, 0008
        JsonNode resolved = stats.get("resolved");
        assertThat(resolved.get("resolved").asLong()).isEqualTo(2);
        assertThat(resolved.get("closed").asLong()).isEqualTo(7);
        assertThat(resolved.get("share").decimalValue()).isEqualByComparingTo("0.2857");
        assertThat(resolved.get("definition").asString()).contains("resolved").contains("closed");
        // first answers after 2, 9, 1, 1, 3 and 8 days: the median of 1 1 2 3 8 9 is 2.5
        JsonNode answer = stats.get("first_answer");
        assertThat(answer.get("answered").asLong()).isEqualTo(6);
        assertThat(answer.get("median_days").decimalValue()).isEqualByComparingTo("2.5");
        assertThat(answer.get("unit").asString()).isEqualTo("calendar_days");
        // late 0002, 0008; unanswered past due 0003, 0009, 0011; of all but the rejected and the merged
        JsonNode overdue = stats.get("overdue");
        assertThat(overdue.get("overdue").asLong()).isEqualTo(5);
        assertThat(overdue.get("counted").asLong()).isEqualTo(9);
        assertThat(overdue.get("share").decimalValue()).isEqualByComparingTo("0.5556");
    }

    @Test
    void ranksOnlyAgenciesWithEnoughAppeals() {
        JsonNode ranking = stats("").get("ranking");
        assertThat(ranking.get("min_appeals").asInt()).isEqualTo(3);
        assertThat(ranking.get("left_out").asInt())
                .as("the police had one appeal")
                .isEqualTo(1);
        JsonNode agencies = ranking.get("agencies");
        assertThat(agencies).hasSize(2);
        // akimat-b: 0005 and 0007 on time of 0005, 0007 (0006 was rejected)
        assertThat(agencies.get(0).get("code").asString()).isEqualTo("akimat-b");
        assertThat(agencies.get(0).get("appeals").asLong()).isEqualTo(3);
        assertThat(agencies.get(0).get("due").asLong()).isEqualTo(2);
        assertThat(agencies.get(0).get("on_time").asLong()).isEqualTo(2);
        assertThat(agencies.get(0).get("share").decimalValue()).isEqualByComparingTo("1");
        // akimat-a: 0001 and the corruption signal 0004 on time, 0002 late, 0003 unanswered past due
        assertThat(agencies.get(1).get("code").asString()).isEqualTo("akimat-a");
        assertThat(agencies.get(1).get("due").asLong()).isEqualTo(4);
        assertThat(agencies.get(1).get("on_time").asLong()).isEqualTo(2);
        assertThat(agencies.get(1).get("share").decimalValue()).isEqualByComparingTo("0.5");

        JsonNode one = stats("?agency=akimat-b").get("ranking");
        assertThat(one.get("left_out").asInt()).isZero();
        assertThat(one.get("agencies")).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "?region=630000000;                   5",
                "?agency=akimat-a;                    4",
                "?category=roads,housing;             7",
                "?category=corruption;                1",
                "?overdue=true;                       5",
                "?from=2025-03-01&to=2025-03-31;      10",
                "?from=2025-04-01;                    1",
                "?to=2025-02-28;                      0",
                "?from=2025-03-03&to=2025-03-03;      2",
                "?region=750000000&category=roads;    1",
            })
    void filtersTheStatistics(String query, long total) {
        assertThat(stats(query.strip()).get("total").asLong()).isEqualTo(total);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "?status=answered;                          0002,0007,0008",
                "?category=corruption;                      ''",
                "?agency=akimat-b&status=resolved,rejected; 0005,0006",
                "?overdue=true;                             0002,0003,0008,0009,0011",
                "?from=2025-04-01;                          0009",
                "?to=2025-03-01&region=630000000;           ''",
                "?to=2025-03-01;                            0011",
                "?region=630000000;                         0001,0002,0003,0010",
            })
    void filtersTheListWithoutCorruptionSignals(String query, String expected) {
        HttpResponse<String> response = http.get("/api/v1/appeals" + query.strip());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        json(response)
                .get("features")
                .forEach(f -> codes.add(
                        f.get("properties").get("tracking_code").asString().substring(8)));
        assertThat(String.join(",", codes)).isEqualTo(expected);
    }

    @Test
    void listsTheViewsNewFields() {
        JsonNode rejected = json(http.get("/api/v1/appeals?status=rejected"))
                .get("features")
                .get(0)
                .get("properties");
        assertThat(rejected.get("status_reason").asString()).isEqualTo("Не в компетенции");
        assertThat(rejected.get("overdue").asBoolean()).isFalse();
        assertThat(rejected.get("support_count").asInt()).isZero();
        assertThat(rejected.has("rating")).isTrue();
        assertThat(rejected.has("merged_into")).isTrue();
    }

    @Test
    void exportsThePublicFieldsOfTheFilteredAppealsAsCsv() {
        HttpResponse<String> response = http.get("/api/v1/appeals/export.csv?region=750000000");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(d -> assertThat(d).contains("appeals.csv"));
        String body = response.body();
        assertThat(body).startsWith("\uFEFF");
        List<String> lines = List.of(body.substring(1).split("\r\n"));
        assertThat(lines.get(0))
                .isEqualTo("tracking_code;category;status;status_reason;text;text_private;channel;agency_code;"
                        + "agency_name_ru;region_kato;created_at;due_date;overdue;first_answered_at;answered_at;"
                        + "answer_text;rating;support_count;merged_into;object_layer;object_key;lon;lat");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1))
                .isEqualTo("AM-STAT-0005;utilities;resolved;;Текст обращения AM-STAT-0005;f;web;akimat-b;Акимат Б;"
                        + "750000000;2025-03-10T04:00:00Z;2025-03-13;f;2025-03-11T04:00:00Z;2025-03-11T04:00:00Z;"
                        + "Ответ на AM-STAT-0005;;0;;;;82.600000;49.950000");
        assertThat(lines.get(2)).startsWith("AM-STAT-0006;utilities;rejected;Не в компетенции;");
        assertThat(lines.get(4)).startsWith("AM-STAT-0008;roads;answered;;").contains(";t;");

        String corruption =
                http.get("/api/v1/appeals/export.csv?category=corruption").body();
        assertThat(corruption.split("\r\n")).hasSize(1);
        assertThat(http.get("/api/v1/appeals/export.csv").body())
                .doesNotContain("AM-STAT-0004")
                .contains("AM-STAT-0011");
    }

    @Test
    void clustersCountOnlyTheFilteredAppealsAndTheETagFollowsTheFilter() {
        int[] z5 = tile(5, LON, LAT);
        String path = "/tiles/appeals/5/" + z5[0] + "/" + z5[1] + ".mvt";
        HttpResponse<byte[]> all = tileGet(path);
        HttpResponse<byte[]> answered = tileGet(path + "?status=answered");
        assertThat(count(all.body()))
                .as("every public appeal, not the corruption signal")
                .isEqualTo(10);
        assertThat(count(answered.body())).isEqualTo(3);
        assertThat(count(tileGet(path + "?category=corruption").body())).isZero();
        assertThat(count(tileGet(path + "?from=2025-04-01").body())).isEqualTo(1);
        assertThat(answered.headers().firstValue("ETag"))
                .isPresent()
                .isNotEqualTo(all.headers().firstValue("ETag"));

        int[] z14 = tile(14, LON, LAT);
        List<Geometry> points = features(tileGet("/tiles/appeals/14/" + z14[0] + "/" + z14[1] + ".mvt?agency=akimat-b")
                .body());
        List<String> codes = new ArrayList<>();
        points.forEach(p -> codes.add((String) properties(p).get("tracking_code")));
        assertThat(codes).containsExactlyInAnyOrder("AM-STAT-0005", "AM-STAT-0006", "AM-STAT-0007");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "?agency_code=akimat-b;                     0005,0006,0007",
                "?region_kato=630000000;                    0001,0002,0003,0010",
                "?category=corruption;                      ''",
            })
    void filtersTheOgcCollectionByAgencyAndRegion(String query, String expected) {
        HttpResponse<String> response = http.get("/ogc/collections/appeals/items" + query.strip());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        json(response)
                .get("features")
                .forEach(f -> codes.add(f.get("id").asString().substring(8)));
        assertThat(String.join(",", codes)).isEqualTo(expected);
    }

    @Test
    void countsOverdueDaysInKazakhstanTime() {
        // answered at 01:00 on 11 March in Kazakhstan, the day after it was due
        assertThat(overdue("2025-03-10", "2025-03-10T20:00Z")).isTrue();
        // answered at 23:59 on 10 March in Kazakhstan, on the day it was due
        assertThat(overdue("2025-03-10", "2025-03-10T18:59Z")).isFalse();
    }

    private boolean overdue(String due, String answered) {
        return jdbc.sql("SELECT appeal_overdue('answered', CAST(:due AS date), CAST(:answered AS timestamptz))")
                .param("due", due)
                .param("answered", answered)
                .query(Boolean.class)
                .single();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "/api/v1/appeals/stats?category=potholes;        category; unknown appeal category 'potholes'",
                "/api/v1/appeals/stats?status=new;               status;   unknown parameter",
                "/api/v1/appeals/stats?agency=nobody;            agency;   no agency has the code 'nobody'",
                "/api/v1/appeals/stats?region=63;                region;   KATO code of 9 digits",
                "/api/v1/appeals/stats?region=999999999;         region;   no region has the KATO code 999999999",
                "/api/v1/appeals/stats?from=2025-02-30;          from;     YYYY-MM-DD",
                "/api/v1/appeals/stats?from=2025-03-10&to=2025-03-01; from; 2025-03-10 is after to 2025-03-01",
                "/api/v1/appeals/stats?overdue=maybe;            overdue;  true or false",
                "/api/v1/appeals?status=done;                    status;   unknown status 'done'",
                "/api/v1/appeals/export.csv?to=yesterday;        to;       YYYY-MM-DD",
                "/api/v1/appeals/export.csv?bbox=1,2,3,4;        bbox;     unknown parameter",
                "/api/v1/appeal-categories?lang=ru;              lang;     unknown parameter",
            })
    void rejectsBadFiltersNamingTheParameter(String path, String parameter, String message) {
        HttpResponse<String> response = http.get(path.strip());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("parameter").asString()).isEqualTo(parameter.strip());
        assertThat(problem.get("detail").asString()).contains(message.strip());
    }

    @Test
    void listsCategoriesAndAgenciesForTheFilters() {
        JsonNode categories = json(http.get("/api/v1/appeal-categories"));
        assertThat(categories).hasSize(10);
        assertThat(categories.get(0).get("code").asString()).isEqualTo("housing");
        assertThat(categories.get(0).get("name_kk").asString()).isEqualTo("Тұрғын үй");
        assertThat(categories.get(0).get("due_working_days").asInt()).isEqualTo(5);
        assertThat(categories.get(9).get("code").asString()).isEqualTo("corruption");
        assertThat(categories.get(9).get("is_public").asBoolean()).isFalse();
        JsonNode agencies = json(http.get("/api/v1/agencies"));
        assertThat(agencies).hasSize(3);
        assertThat(agencies.get(0).get("code").asString()).isEqualTo("akimat-a");
        assertThat(agencies.get(0).get("name_en").asString()).isEqualTo("Akimat A");
        assertThat(agencies.get(0).get("region_kato").asString()).isEqualTo("630000000");
        assertThat(agencies.get(2).get("region_kato").isNull()).isTrue();
    }

    @Test
    void tellsTheFormTheLimitsOfASubmissionsFiles() {
        JsonNode limits = json(http.get("/api/v1/appeals/submission-limits"));
        assertThat(limits.get("max_files").asInt()).isEqualTo(3);
        assertThat(limits.get("max_bytes").get("photo").asLong()).isEqualTo(2L * 1024 * 1024);
        assertThat(limits.get("max_bytes").get("video").asLong()).isEqualTo(100L * 1024 * 1024);
        assertThat(limits.get("media_types").toString()).isEqualTo("[\"image/jpeg\",\"audio/mpeg\"]");
    }

    private JsonNode stats(String query) {
        HttpResponse<String> response = http.get("/api/v1/appeals/stats" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static Map<String, Long> counts(JsonNode list, String key) {
        Map<String, Long> counts = new LinkedHashMap<>();
        list.forEach(
                item -> counts.put(item.get(key).asString(), item.get("count").asLong()));
        return counts;
    }

    private HttpResponse<byte[]> tileGet(String path) {
        try {
            HttpResponse<byte[]> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(http.uri(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return response;
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
                    new TagKeyValueMapConverter(false, "id"),
                    MvtReader.RING_CLASSIFIER_V2_1);
            JtsLayer layer = mvt.getLayer("appeals");
            return layer == null ? List.of() : List.copyOf(layer.getGeometries());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Geometry feature) {
        return (Map<String, Object>) feature.getUserData();
    }

    private static int count(byte[] tile) {
        return features(tile).stream()
                .mapToInt(f -> ((Number) properties(f).get("count")).intValue())
                .sum();
    }

    /** The XYZ tile at zoom {@code z} that holds a point. */
    static int[] tile(int z, double lon, double lat) {
        double n = Math.pow(2, z);
        double rad = Math.toRadians(lat);
        return new int[] {
            (int) Math.floor((lon + 180) / 360 * n),
            (int) Math.floor((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2 * n)
        };
    }
}
