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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
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

    @Test
    void rejectsBadParameters() {
        HttpResponse<String> response = http.get("/api/v1/appeals?bbox=71,52,72,51");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asString()).contains("minLat 52 is greater than maxLat 51");
        assertThat(http.get("/api/v1/appeals?category=roads").statusCode()).isEqualTo(400);
    }
}
