package kz.adalmap.api.security;

import static kz.adalmap.api.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TestHttp;
import kz.adalmap.api.audit.AuditLog;
import kz.adalmap.api.config.AdalMapProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Public reads are open; every write is refused unless the account's role allows it. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"adalmap.security.admin-username=chief", "adalmap.security.admin-password=chief-password-2026"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "security");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffUserQueries users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    AuditLog audit;

    TestHttp http;

    @BeforeAll
    void client() {
        http = new TestHttp(port);
        jdbc.sql("""
                INSERT INTO region (kato_code, iso_code, name_kk, name_ru, name_en)
                VALUES ('630000000', 'KZ-VOS', 'Шығыс Қазақстан', 'Восточно-Казахстанская', 'East Kazakhstan')
                """).update();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "POST, /api/v1/plots",
        "PUT, /api/v1/plots/01-001-001-001",
        "DELETE, /api/v1/plots/01-001-001-001",
        "PATCH, /api/v1/appeals",
        "POST, /api/v1/admin/users",
        "GET, /api/v1/admin/users",
        "GET, /api/v1/me",
        "POST, /api/v1/me/password",
        "POST, /anything/else",
    })
    void anonymousWritesAndStaffPagesAreRefusedWith401(String method, String path) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri(path))
                .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")
                .build());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(json(response).get("title").asString()).isEqualTo("Authentication required");
    }

    @Test
    void theFirstAdminCreatesALandEditorWhoCannotManageUsers() {
        HttpResponse<String> created = http.post("/api/v1/admin/users", """
                {"username": "editor.vko", "displayName": "Land editor", "password": "editor-password-1",
                 "roles": ["land_editor"], "regions": ["630000000"]}
                """, "chief", "chief-password-2026");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(jdbc.sql("SELECT password_hash FROM app_user WHERE username = 'editor.vko'")
                        .query(String.class)
                        .single())
                .startsWith("{argon2}$argon2id$");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'user.create' AND entity_id = 'editor.vko'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        // and from where: this test's own address
        assertThat(jdbc.sql("SELECT host(client_ip) FROM audit_log WHERE action = 'user.create' AND entity_id ="
                                + " 'editor.vko'")
                        .query(String.class)
                        .single())
                .isIn("127.0.0.1", "::1");

        HttpResponse<String> me = http.send(HttpRequest.newBuilder(http.uri("/api/v1/me"))
                .header("Authorization", basic("editor.vko", "editor-password-1"))
                .GET()
                .build());
        assertThat(json(me).get("regions").get(0).asString()).isEqualTo("630000000");

        HttpResponse<String> refused = http.post("/api/v1/admin/users", """
                {"username": "x1", "displayName": "X", "password": "whatever-password", "roles": ["admin"]}
                """, "editor.vko", "editor-password-1");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(http.post("/api/v1/admin/users", "{}", "editor.vko", "wrong-password")
                        .statusCode())
                .isEqualTo(401);
    }

    /**
     * A browser marks a request another site's page made; such a change is refused before the password
     * it carries is looked at, whatever the endpoint. The service's address is the one the load balancer
     * forwarded.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "another site's form         | cross-site  | http://evil.example",
                "another site, no Origin     | cross-site  | ",
                "a neighbouring host         | same-site   | http://other.localhost",
                "an older browser's Origin   |             | http://evil.example",
                "another port                |             | http://localhost:1",
                "https for http              |             | https://localhost:%d",
                "a sandboxed page            |             | null",
            })
    void aChangeAnotherSitesPageAskedForIsRefused(String what, String site, String origin) {
        String user = "csrf" + Integer.toHexString(what.hashCode());
        HttpRequest.Builder request = newUser(user);
        if (site != null) {
            request.header("Sec-Fetch-Site", site);
        }
        if (origin != null) {
            request.header("Origin", origin.formatted(port));
        }
        HttpResponse<String> response = http.send(request.build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(response).get("title").asString()).isEqualTo("Cross-site request refused");
        assertThat(json(response).get("code").asString()).isEqualTo("cross_site");
        assertThat(json(response).get("detail").asString()).contains("another");
        assertThat(jdbc.sql("SELECT count(*) FROM app_user WHERE username = :u")
                        .param("u", user)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    /** AdalMap's own pages, a browser's address bar, and programs that are no browser change what they may. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a program                   |             |                          |",
                "the service's own page      | same-origin | http://localhost:%d       |",
                "an older browser, own page  |             | http://LOCALHOST:%d       |",
                "a page behind the balancer  |             | https://map.adalmap.kz    | map.adalmap.kz",
                "the balancer, same-site     | same-site   | https://map.adalmap.kz    | map.adalmap.kz",
            })
    void aChangeFromTheServicesOwnPagesOrAProgramGoesOn(String what, String site, String origin, String forwarded) {
        String user = "own" + Integer.toHexString(what.hashCode());
        HttpRequest.Builder request = newUser(user);
        if (site != null) {
            request.header("Sec-Fetch-Site", site);
        }
        if (origin != null) {
            request.header("Origin", origin.formatted(port));
        }
        if (forwarded != null) {
            request.header("X-Forwarded-Host", forwarded).header("X-Forwarded-Proto", "https");
        }
        HttpResponse<String> response = http.send(request.build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private HttpRequest.Builder newUser(String user) {
        return HttpRequest.newBuilder(http.uri("/api/v1/admin/users"))
                .header("Content-Type", "application/json")
                .header("Authorization", basic("chief", "chief-password-2026"))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"username": "%s", "displayName": "Editor", "password": "editor-password-9",
                         "roles": ["land_editor"], "regions": ["630000000"]}
                        """.formatted(user)));
    }

    @Test
    void rejectsAnInvalidNewUserWithAClearMessage() {
        HttpResponse<String> response = http.post("/api/v1/admin/users", """
                {"username": "ed2", "displayName": "Editor", "password": "editor-password-2",
                 "roles": ["land_editor"], "regions": ["999999999"]}
                """, "chief", "chief-password-2026");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asString()).contains("999999999");
    }

    @Test
    void aGeneratedOneTimePasswordIsPrintedOnceAndMustBeChanged() {
        // a second installation's first start: no administrator yet, no password configured
        jdbc.sql("UPDATE user_role SET role = 'moderator' WHERE role = 'admin'").update();
        try {
            firstStartWithoutAdministrator();
        } finally {
            jdbc.sql("UPDATE user_role SET role = 'admin' WHERE role = 'moderator'")
                    .update();
        }
    }

    private void firstStartWithoutAdministrator() {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            new FirstAdmin(
                            users,
                            encoder,
                            new AdalMapProperties(
                                    new AdalMapProperties.Api(1000, 5000),
                                    new AdalMapProperties.Security("otp-admin", ""),
                                    new AdalMapProperties.Imports("", 4096, 1, 5)),
                            audit)
                    .run(null);
        } finally {
            System.setOut(console);
        }
        Matcher m = Pattern.compile("'otp-admin' with one-time password (\\S+)")
                .matcher(captured.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).as(captured.toString(StandardCharsets.UTF_8)).isTrue();
        String oneTime = m.group(1);

        HttpResponse<String> blocked = http.send(HttpRequest.newBuilder(http.uri("/api/v1/admin/users"))
                .header("Authorization", basic("otp-admin", oneTime))
                .GET()
                .build());
        assertThat(blocked.statusCode()).isEqualTo(403);
        HttpResponse<String> changed = http.post(
                "/api/v1/me/password",
                "{\"currentPassword\": \"" + oneTime + "\", \"newPassword\": \"a-new-long-password\"}",
                "otp-admin",
                oneTime);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(http.uri("/api/v1/admin/users"))
                .header("Authorization", basic("otp-admin", "a-new-long-password"))
                .GET()
                .build());
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).contains("otp-admin").doesNotContain("password_hash", "argon2");
    }

    private static String basic(String user, String password) {
        return "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
