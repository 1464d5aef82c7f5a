package kz.adalmap.api.appeal;

import static kz.adalmap.api.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Appeals are public, their reporters are not: a known name, phone, IIN and e-mail are seeded in the
 * contact table and in the citizen's own text, and no public endpoint may answer with any of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppealPrivacyIT {

    private static final String NAME = "Жанар Сейткалиева";
    private static final String PHONE = "+7 701 555 12 34";
    private static final String PHONE_DIGITS = "87015551234";
    private static final String IIN = "880512400321";
    private static final String EMAIL = "zhanar.s@example.kz";
    private static final List<String> SECRETS =
            List.of(NAME, PHONE, PHONE_DIGITS, IIN, EMAIL, "7015551234", "555 12 34", "zhanar.s", "Сейткалиева");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "appeal_privacy");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    @BeforeAll
    void appeals() {
        http = new TestHttp(port);
        insert(
                "AM-TEST-0001",
                "roads",
                "Яма на дороге у дома 5. Звоните " + PHONE + " или " + PHONE_DIGITS + ", ИИН " + IIN + ", почта "
                        + EMAIL,
                false);
        insert("AM-TEST-0002", "housing", "Протекает крыша, " + NAME + " просит не публиковать текст", true);
        insert("AM-TEST-0003", "corruption", "Сигнал о взятке при выделении участка", false);
        jdbc.sql("""
                INSERT INTO appeal_contact (appeal_id, full_name, phone, email, iin)
                SELECT id, :name, :phone, :email, :iin FROM appeal
                """)
                .param("name", NAME)
                .param("phone", PHONE)
                .param("email", EMAIL)
                .param("iin", IIN)
                .update();
        // every seeded appeal, the corruption signal too, is about the same service office
        jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en, geometry_type, attribute_schema,
                                   key_attribute, style)
                VALUES ('offices-p', 'custom', 'ХҚКО', 'ЦОН', 'Offices', 'point',
                        '[{"name": "no", "type": "text", "label_kk": "N", "label_ru": "N", "label_en": "N"}]',
                        'no', '{"colour": "#2f6fdf"}')
                """).update();
        jdbc.sql("""
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                SELECT id, 1, 'published', 'test', now() FROM layer WHERE code = 'offices-p'
                """).update();
        jdbc.sql("""
                INSERT INTO layer_feature (layer_id, feature_key, geom, attributes, layer_revision_id)
                SELECT l.id, 'O-1', ST_SetSRID(ST_MakePoint(71.4302, 51.1302), 4326), '{"no": "O-1"}', r.id
                FROM layer l JOIN layer_revision r ON r.layer_id = l.id WHERE l.code = 'offices-p'
                """).update();
        jdbc.sql("""
                UPDATE appeal SET object_layer_id = (SELECT id FROM layer WHERE code = 'offices-p'), object_key = 'O-1'
                """).update();
    }

    private void insert(String code, String category, String text, boolean textPrivate) {
        jdbc.sql("""
                INSERT INTO appeal (tracking_code, category, text, text_private, geom, due_date)
                VALUES (:code, :category, :text, :private, ST_SetSRID(ST_MakePoint(71.43, 51.13), 4326), current_date - 1)
                """)
                .param("code", code)
                .param("category", category)
                .param("text", text)
                .param("private", textPrivate)
                .update();
    }

    @Test
    void publicAppealsShowNoPersonalData() {
        HttpResponse<String> response = http.get("/api/v1/appeals?bbox=71,51,72,52");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(SECRETS);
        JsonNode features = json(response).get("features");
        List<String> codes = new ArrayList<>();
        features.forEach(f -> codes.add(f.get("properties").get("tracking_code").asString()));
        assertThat(codes).containsExactly("AM-TEST-0001", "AM-TEST-0002");
        JsonNode first = features.get(0).get("properties");
        assertThat(first.get("text").asString()).startsWith("Яма на дороге у дома 5.");
        assertThat(first.get("overdue").asBoolean()).isTrue();
        assertThat(features.get(1).get("properties").get("text").isNull()).isTrue();
    }

    @Test
    void corruptionSignalsAreNeverPublic() {
        assertThat(http.get("/api/v1/appeals").body()).doesNotContain("AM-TEST-0003", "взятке");
    }

    @Test
    void noPublicEndpointAnswersWithTheReportersContact() {
        for (String path : List.of(
                "/api/v1/appeals",
                "/api/v1/appeals?limit=1",
                "/api/v1/plots",
                "/api/v1/regions",
                "/actuator/health",
                "/actuator/info",
                "/")) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).doesNotContain(SECRETS);
        }
    }

    /**
     * Every public way out of the service, the new ones included (OGC API, vector tiles at a clustered
     * and a detailed zoom, Open311 in JSON and XML, the tracking page, the plot card with its nearby
     * appeals, the search's exports), and the application's log, after a citizen submitted an appeal
     * with the same contact and its confirmation went out through the outbox.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void noEndpointTileExportOrLogLinePassesOnTheReportersData(CapturedOutput output) throws InterruptedException {
        // a plot beside the appeals: its card lists the appeals within 100 m
        jdbc.sql(
                        "INSERT INTO layer (code, kind, title_kk, title_ru, title_en) VALUES ('astana-p', 'plots', 'a', 'a', 'a')")
                .update();
        long revision = jdbc.sql("""
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                SELECT id, 1, 'published', 'test', now() FROM layer WHERE code = 'astana-p' RETURNING id
                """).query(Long.class).single();
        jdbc.sql("""
                INSERT INTO land_plot (cadastral_number, geom, land_category, status, layer_revision_id)
                VALUES ('21-320-001-001', ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(71.4301, 51.1301), 4326), 0.0002, 2)),
                        'settlement', 'free', :revision)
                """).param("revision", revision).update();
        HttpResponse<String> submitted =
                http.post("/api/v1/appeals", """
                {"location": {"lon": 71.431, "lat": 51.131}, "category": "roads", "consent": true, "language": "ru",
                 "text": "Нет освещения во дворе, звоните %s",
                 "contact": {"name": "%s", "phone": "%s", "email": "%s"}}
                """.formatted(PHONE, NAME, PHONE, EMAIL), null, null);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        assertThat(submitted.body()).doesNotContain(SECRETS);
        String code = json(submitted).get("tracking_code").asString();
        // the confirmation goes out through the outbox (to the log, with no mail server configured)
        for (int i = 0;
                i < 60
                        && jdbc.sql("SELECT count(*) FROM outbox_message WHERE sent_at IS NULL")
                                        .query(Long.class)
                                        .single()
                                > 0;
                i++) {
            Thread.sleep(500);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM outbox_message WHERE sent_at IS NOT NULL")
                        .query(Long.class)
                        .single())
                .as("the confirmation was sent")
                .isPositive();

        int[] z14 = tile(14, 71.43, 51.13);
        int[] z8 = tile(8, 71.43, 51.13);
        for (String path : List.of(
                "/api/v1/appeals/track/" + code,
                "/api/v1/appeals/track/AM-TEST-0001",
                "/api/v1/plots/21-320-001-001",
                "/api/v1/plots/search?bbox=71,51,72,52",
                "/api/v1/plots/export.csv?bbox=71,51,72,52",
                "/api/v1/plots/export.geojson?bbox=71,51,72,52",
                "/ogc/collections/appeals/items?limit=100",
                "/ogc/collections/appeals/items/AM-TEST-0001",
                "/ogc/collections/appeals/items/" + code,
                "/tiles/appeals/14/" + z14[0] + "/" + z14[1] + ".mvt",
                "/tiles/appeals/8/" + z8[0] + "/" + z8[1] + ".mvt",
                "/open311/v2/requests.json",
                "/open311/v2/requests.xml",
                "/open311/v2/requests/AM-TEST-0001.json",
                "/open311/v2/requests/" + code + ".xml",
                "/api/v1/appeals/stats",
                "/api/v1/appeals/stats?category=corruption",
                "/api/v1/appeals/export.csv",
                "/api/v1/appeals/export.csv?category=corruption,roads,housing",
                "/api/v1/appeals?status=new&category=roads,housing,corruption&overdue=true",
                "/api/v1/appeals?from=2020-01-01&to=2100-12-31",
                "/tiles/appeals/14/" + z14[0] + "/" + z14[1] + ".mvt?status=new&category=roads,corruption",
                "/tiles/appeals/8/" + z8[0] + "/" + z8[1] + ".mvt?category=corruption",
                "/api/v1/appeal-categories",
                "/api/v1/agencies",
                "/api/v1/layers/offices-p/features/O-1/appeals",
                "/api/v1/layers/offices-p/features/O-1/appeals?limit=1")) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).doesNotContain(SECRETS);
        }
        assertThat(http.get("/api/v1/appeals/stats").body())
                .as("the statistics count the corruption signal without naming it")
                .contains("\"code\" : \"corruption\"", "\"is_public\" : false")
                .doesNotContain("AM-TEST-0003", "взятке");
        assertThat(http.get("/api/v1/appeals/export.csv?category=corruption").body())
                .doesNotContain("AM-TEST-0003", "взятке");
        assertThat(http.get("/api/v1/layers/offices-p/features/O-1/appeals?limit=100")
                        .body())
                .as("the office's card lists its public appeals, never the corruption signal about it")
                .contains("AM-TEST-0001", "AM-TEST-0002")
                .doesNotContain("AM-TEST-0003", "взятке");
        assertThat(http.get("/api/v1/appeals/export.csv").body())
                .as("the export lists the public appeals")
                .contains("AM-TEST-0001", code);
        assertThat(http.get("/api/v1/plots/21-320-001-001").body())
                .as("the card lists the nearby appeals")
                .contains("AM-TEST-0001", code);
        assertThat(output.getAll()).as("the application's log").doesNotContain(SECRETS);
    }

    /** The XYZ tile at zoom {@code z} that holds a point. */
    private static int[] tile(int z, double lon, double lat) {
        double n = Math.pow(2, z);
        double rad = Math.toRadians(lat);
        return new int[] {
            (int) Math.floor((lon + 180) / 360 * n),
            (int) Math.floor((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2 * n)
        };
    }

    @Test
    void rejectsBadParameters() {
        HttpResponse<String> response = http.get("/api/v1/appeals?bbox=71,52,72,51");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asString()).contains("minLat 52 is greater than maxLat 51");
        HttpResponse<String> unknown = http.get("/api/v1/appeals?category=potholes");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get("detail").asString()).contains("unknown appeal category 'potholes'");
        assertThat(http.get("/api/v1/appeals?colour=red").statusCode()).isEqualTo(400);
    }
}
