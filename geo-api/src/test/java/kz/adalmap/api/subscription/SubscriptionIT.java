package kz.adalmap.api.subscription;

import static kz.adalmap.api.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TestHttp;
import kz.adalmap.api.outbox.Notifier;
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
 * Subscriptions against a real PostGIS: subscribing queues a confirmation e-mail in the outbox, and
 * once confirmed the subscriber gets one notice per published revision listing exactly the plots it
 * made free inside the area. The outbox sender is off here: the tests read the outbox table.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"adalmap.outbox.enabled=false", "adalmap.mail.host="})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriptionIT {

    /** About 4.9 × 4.4 km in Almaty; each test that queues notices subscribes its own area (see {@link #area}). */
    private static final String AREA = area(76.90, 43.22);

    private static final Pattern CONFIRM_LINK =
            Pattern.compile("/api/v1/subscriptions/confirm\\?token=([A-Za-z0-9_-]+)");
    private static final Pattern LISTED_PLOT =
            Pattern.compile("(?m)^(\\S+)  \\{\\{public_url}}/\\?plot=(\\S+)&lang=(\\w\\w)$");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "subscriptions");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Notifier notifier;

    TestHttp http;

    @BeforeAll
    void client() {
        http = new TestHttp(port);
    }

    @Test
    void notifiesAConfirmedSubscriberOnceOfExactlyThePlotsARevisionMadeFreeInItsArea() {
        String email = "aigerim.test@mail.kz";
        HttpResponse<String> accepted = subscribe(body(AREA, email, "ru"), "198.51.100.1");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).doesNotContain(email, "aigerim", "token");

        List<Message> confirmation = messagesTo(email);
        assertThat(confirmation).hasSize(1);
        assertThat(confirmation.get(0).subject()).contains("подтвердите подписку");
        String token = token(confirmation.get(0).body());
        assertThat(token)
                .isEqualTo(jdbc.sql("SELECT token FROM plot_subscription WHERE email = :e")
                        .param("e", email)
                        .query(String.class)
                        .single());
        assertThat(confirmation.get(0).body())
                .contains("{{public_url}}/api/v1/subscriptions/unsubscribe?token=" + token);

        // subscribers that must get nothing: one never confirmed, one confirmed and then gone
        String unconfirmed = "never.confirmed@mail.kz";
        assertThat(subscribe(body(AREA, unconfirmed, "en"), "198.51.100.2").statusCode())
                .isEqualTo(202);
        String gone = "gone.away@mail.kz";
        assertThat(subscribe(body(AREA, gone, "kk"), "198.51.100.3").statusCode())
                .isEqualTo(202);
        String goneToken = token(messagesTo(gone).get(0).body());
        assertThat(http.get("/api/v1/subscriptions/confirm?token=" + goneToken).statusCode())
                .isEqualTo(200);
        HttpResponse<String> unsubscribed = http.get("/api/v1/subscriptions/unsubscribe?token=" + goneToken);
        assertThat(unsubscribed.statusCode()).isEqualTo(200);
        assertThat(unsubscribed.body()).contains("lang=\"kk\"", "Сіз жазылымнан бас тарттыңыз");

        HttpResponse<String> page = http.get("/api/v1/subscriptions/confirm?token=" + token);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body())
                .contains("<html lang=\"ru\">", "Подписка подтверждена")
                .doesNotContain(email, token);
        OffsetDateTime confirmedAt = confirmedAt(email);
        assertThat(confirmedAt).isNotNull();
        assertThat(http.get("/api/v1/subscriptions/confirm?token=" + token).statusCode())
                .isEqualTo(200);
        assertThat(confirmedAt(email)).as("confirming twice changes nothing").isEqualTo(confirmedAt);

        int layer = layer("subs_main");
        long r0 = publish(layer, 1);
        long changedToFree = plot("05-100-001-010", 76.925, 43.245, "allocated", r0);
        long broughtBack = plot("05-100-001-011", 76.935, 43.245, "free", r0);
        long merelyChanged = plot("05-100-001-012", 76.945, 43.245, "free", r0);

        long r1 = publish(layer, 2);
        List<String> expected = new ArrayList<>();
        for (String number : List.of("05-100-001-001", "05-100-001-002")) {
            plot(number, 76.91 + expected.size() * 0.01, 43.23, "free", r1);
            expected.add(number);
        }
        expected.add(Long.toString(plot(null, 76.93, 43.23, "free", r1)));
        plot("05-100-001-004", 76.94, 43.23, "allocated", r1);
        plot("05-100-001-005", 76.99, 43.23, "free", r1);
        plot("05-100-001-006", 76.91, 43.30, "free", r1);
        jdbc.sql("""
                INSERT INTO revision_change (layer_revision_id, plot_key, change)
                SELECT :r, plot_key(cadastral_number, geom), 'added' FROM land_plot WHERE layer_revision_id = :r
                """).param("r", r1).update();
        // dropped by this revision: not on the map, so never announced
        jdbc.sql("UPDATE land_plot SET retired_revision_id = :r WHERE id = :id")
                .param("r", r1)
                .param("id", broughtBack)
                .update();
        change(r1, broughtBack, "removed");

        assertThat(queue(r1)).isEqualTo(1);
        List<Message> notices = messagesTo(email);
        assertThat(notices).hasSize(2);
        Message notice = notices.get(1);
        assertThat(listed(notice.body())).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(notice.subject()).contains("новые свободные участки", "(3)");
        assertThat(notice.body())
                .contains("появились свободные участки: 3.")
                .contains("{{public_url}}/?plot=05-100-001-001&lang=ru")
                .endsWith("Отписаться: {{public_url}}/api/v1/subscriptions/unsubscribe?token=" + token);
        assertThat(messagesTo(unconfirmed)).as("unconfirmed").hasSize(1);
        assertThat(messagesTo(gone)).as("unsubscribed").hasSize(1);

        assertThat(queue(r1)).as("the same revision again").isZero();
        assertThat(messagesTo(email)).hasSize(2);

        // the next revision: one plot changed to free, one brought back, one changed but already free
        long r2 = publish(layer, 3);
        jdbc.sql("UPDATE land_plot SET status = 'free', layer_revision_id = :r WHERE id = :id")
                .param("r", r2)
                .param("id", changedToFree)
                .update();
        jdbc.sql("UPDATE land_plot SET retired_revision_id = NULL, layer_revision_id = :r WHERE id = :id")
                .param("r", r2)
                .param("id", broughtBack)
                .update();
        jdbc.sql("UPDATE land_plot SET address = 'ул. Абая, 1', layer_revision_id = :r WHERE id = :id")
                .param("r", r2)
                .param("id", merelyChanged)
                .update();
        change(r2, changedToFree, "changed");
        change(r2, broughtBack, "added");
        change(r2, merelyChanged, "changed");
        assertThat(queue(r2)).isEqualTo(1);
        assertThat(listed(messagesTo(email).get(2).body()))
                .containsExactlyInAnyOrder("05-100-001-010", "05-100-001-011");
        assertThat(queue(r2)).isZero();
    }

    @Test
    void filtersByLandCategoryAndAreaAndSpeaksTheSubscribersLanguage() {
        String astana = area(71.40, 51.10);
        String industrial = "industry.only@mail.kz";
        assertThat(subscribe(body(astana, industrial, "kk", ", \"land_categories\": [\"industrial\"]"), "198.51.100.20")
                        .statusCode())
                .isEqualTo(202);
        String large = "large.only@mail.kz";
        assertThat(subscribe(body(astana, large, "en", ", \"min_area_ha\": 5"), "198.51.100.21")
                        .statusCode())
                .isEqualTo(202);
        String small = "small.only@mail.kz";
        assertThat(subscribe(body(astana, small, "en", ", \"max_area_ha\": 5, \"min_area_ha\": 0.5"), "198.51.100.22")
                        .statusCode())
                .isEqualTo(202);
        String kazakh = "kazakh.reader@mail.kz";
        assertThat(subscribe(body(astana, kazakh, "kk"), "198.51.100.23").statusCode())
                .isEqualTo(202);
        for (String email : List.of(industrial, large, small, kazakh)) {
            assertThat(http.get("/api/v1/subscriptions/confirm?token="
                                    + token(messagesTo(email).get(0).body()))
                            .statusCode())
                    .isEqualTo(200);
        }
        int layer = layer("subs_filters");
        long r = publish(layer, 1);
        // 0.001° squares at 43°N: about 0.9 ha each
        plot("05-200-001-001", 71.41, 51.12, "free", r);
        plot("05-200-001-002", 71.42, 51.12, "free", r);
        jdbc.sql("""
                INSERT INTO revision_change (layer_revision_id, plot_key, change)
                SELECT :r, plot_key(cadastral_number, geom), 'added' FROM land_plot WHERE layer_revision_id = :r
                """).param("r", r).update();

        assertThat(queue(r)).isEqualTo(2);
        assertThat(messagesTo(industrial)).hasSize(1);
        assertThat(messagesTo(large)).hasSize(1);
        assertThat(listed(messagesTo(small).get(1).body()))
                .containsExactlyInAnyOrder("05-200-001-001", "05-200-001-002");
        Message kk = messagesTo(kazakh).get(1);
        assertThat(kk.subject()).isEqualTo("AdalMap: сіз таңдаған аумақта жаңа бос жер учаскелері (2)");
        assertThat(kk.body()).contains("Жазылымнан бас тарту: {{public_url}}/api/v1/subscriptions/unsubscribe?token=");
        assertThat(LISTED_PLOT.matcher(kk.body()).results().map(m -> m.group(3)))
                .containsOnly("kk");
    }

    @Test
    void aRevisionWithNoNewFreePlotInAnyAreaQueuesNothing() {
        int layer = layer("subs_none");
        long r = publish(layer, 1);
        plot("05-300-001-001", 80.5, 50.5, "free", r);
        assertThat(queue(r)).isZero();
        assertThat(queue(Long.MAX_VALUE)).as("an unknown revision").isZero();
    }

    @Test
    void listsAtMostTwentyPlotsAndSaysHowManyMore() {
        String email = "many.plots@mail.kz";
        String area =
                "{\"type\": \"Polygon\", \"coordinates\": [[[78.0, 44.0], [78.1, 44.0], [78.1, 44.1], [78.0, 44.1],"
                        + " [78.0, 44.0]]]}";
        assertThat(subscribe(body(area, email, "en"), "198.51.100.30").statusCode())
                .isEqualTo(202);
        http.get("/api/v1/subscriptions/confirm?token="
                + token(messagesTo(email).get(0).body()));
        long r = publish(layer("subs_many"), 1);
        for (int i = 1; i <= 25; i++) {
            plot(String.format(Locale.ROOT, "05-400-001-%03d", i), 78.0 + i * 0.002, 44.05, "free", r);
        }
        assertThat(queue(r)).isEqualTo(1);
        Message notice = messagesTo(email).get(1);
        assertThat(notice.subject()).isEqualTo("AdalMap: new free land plots in your area (25)");
        assertThat(listed(notice.body()))
                .hasSize(20)
                .startsWith("05-400-001-001")
                .endsWith("05-400-001-020");
        assertThat(notice.body()).contains("and 5 more: see the map.");
    }

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "{'area': [76.9, 43.2, 77.0, 43.3], 'email': 'a@mail.kz', 'language': 'ru'}"
                        + "| consent | must be true",
                "{'area': [76.9, 43.2, 77.0, 43.3], 'email': 'a@mail.kz', 'language': 'ru', 'consent': false}"
                        + "| consent | must be true",
                "{'area': [76.9, 43.2, 77.0, 43.3], 'email': 'not-an-address', 'language': 'ru', 'consent': true}"
                        + "| email | is not an e-mail address",
                "{'area': [76.9, 43.2, 77.0, 43.3], 'email': 'a@mail.kz\\r\\nBcc: b@mail.kz', 'language': 'ru', 'consent': true}"
                        + "| email | is not an e-mail address",
                "{'area': [76.9, 43.2, 77.0, 43.3], 'language': 'ru', 'consent': true}" + "| email | required",
                "{'area': [76.9, 43.2, 77.0, 43.3], 'email': 'a@mail.kz', 'language': 'de', 'consent': true}"
                        + "| language | 'de' is not one of kk, ru, en",
                "{'email': 'a@mail.kz', 'language': 'ru', 'consent': true}" + "| area | required",
                "{'area': [30, 40, 30.1, 40.1], 'email': 'a@mail.kz', 'language': 'ru', 'consent': true}"
                        + "| area | must lie in Kazakhstan",
                "{'area': [43.2, 76.9, 43.3, 77.0], 'email': 'a@mail.kz', 'language': 'ru', 'consent': true}"
                        + "| area | must lie in Kazakhstan",
                "{'area': [60, 45, 62, 47], 'email': 'a@mail.kz', 'language': 'ru', 'consent': true}"
                        + "| area | a subscription may cover at most 2,500 km²",
                "{'area': [76.9, 43.2, 77.0], 'email': 'a@mail.kz', 'language': 'ru', 'consent': true}"
                        + "| area | expected four numbers",
                "{'area': [77.0, 43.2, 76.9, 43.3], 'email': 'a@mail.kz', 'language': 'ru', 'consent': true}"
                        + "| area | minLon 77.0 is greater than maxLon 76.9",
                "{'area': [76.9, 43.2, 76.9, 43.2], 'email': 'a@mail.kz', 'language': 'ru', 'consent': true}"
                        + "| area | has no area",
                "{'area': {'type': 'Polygon', 'coordinates': [[[76.9, 43.2], [77.0, 43.3], [77.0, 43.2], [76.9, 43.3], [76.9, 43.2]]]},"
                        + " 'email': 'a@mail.kz', 'language': 'ru', 'consent': true}"
                        + "| area | is not a valid polygon: Self-intersection",
                "{'area': {'type': 'Point', 'coordinates': [76.9, 43.2]}, 'email': 'a@mail.kz', 'language': 'ru', 'consent': true}"
                        + "| area | cannot be an area",
                "{'area': {'type': 'Polygon', 'coordinates': [[76.9, 43.2]]}, 'email': 'a@mail.kz', 'language': 'ru', 'consent': true}"
                        + "| area | could not read the geometry",
                "{'area': [76.9, 43.2, 77.0, 43.3], 'email': 'a@mail.kz', 'language': 'ru', 'consent': true, 'phone': '+7 701'}"
                        + "| phone | unknown field",
                "{'area': [76.9, 43.2, 77.0, 43.3], 'email': 'a@mail.kz', 'language': 'ru', 'consent': true, 'land_categories': ['gold']}"
                        + "| land_categories | unknown land category 'gold'",
                "{'area': [76.9, 43.2, 77.0, 43.3], 'email': 'a@mail.kz', 'language': 'ru', 'consent': true, 'min_area_ha': 5, 'max_area_ha': 1}"
                        + "| min_area_ha | is greater than max_area_ha 1",
                "{'area': [76.9, 43.2, 77.0, 43.3], 'email': 'a@mail.kz', 'language': 'ru', 'consent': true, 'min_area_ha': -1}"
                        + "| min_area_ha | from 0 to 1000000",
            })
    void rejectsABadSubscriptionNamingTheFieldAndWritesNothing(String body, String field, String message) {
        long before = count();
        HttpResponse<String> response = subscribe(body.replace('\'', '"'), "198.51.100.40");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("parameter").asString()).isEqualTo(field);
        assertThat(problem.get("detail").asString()).startsWith(field + ": ").contains(message);
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void rejectsABodyThatIsNotJson() {
        HttpResponse<String> response = subscribe("area=76,43,77,44", "198.51.100.41");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void limitsSubscriptionsPerClientAddress() {
        for (int i = 0; i < 5; i++) {
            assertThat(subscribe(body(AREA, "limit" + i + "@mail.kz", "en"), "203.0.113.7")
                            .statusCode())
                    .isEqualTo(202);
        }
        long before = count();
        HttpResponse<String> refused = subscribe(body(AREA, "limit5@mail.kz", "en"), "203.0.113.7");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After"))
                .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(3000L, 3600L));
        assertThat(json(refused).get("detail").asString()).contains("At most 5 subscriptions an hour");
        assertThat(count()).isEqualTo(before);
        assertThat(messagesTo("limit5@mail.kz")).isEmpty();
        assertThat(subscribe(body(AREA, "limit5@mail.kz", "en"), "203.0.113.8").statusCode())
                .as("another address")
                .isEqualTo(202);
    }

    @Test
    void anUnknownTokenIs404AndAMissingOneIs400() {
        String unknown = "A".repeat(43);
        for (String link : List.of("confirm", "unsubscribe")) {
            HttpResponse<String> missing = http.get("/api/v1/subscriptions/" + link + "?token=" + unknown);
            assertThat(missing.statusCode()).as(link).isEqualTo(404);
            assertThat(json(missing).get("detail").asString()).contains("No subscription has this token");
            assertThat(http.get("/api/v1/subscriptions/" + link + "?token=short")
                            .statusCode())
                    .isEqualTo(404);
            HttpResponse<String> none = http.get("/api/v1/subscriptions/" + link);
            assertThat(none.statusCode()).isEqualTo(400);
            assertThat(json(none).get("parameter").asString()).isEqualTo("token");
        }
    }

    @Test
    void unsubscribingIsIdempotentAndAConfirmAfterItDoesNotResubscribe() {
        String email = "twice.gone@mail.kz";
        assertThat(subscribe(body(AREA, email, "en"), "198.51.100.50").statusCode())
                .isEqualTo(202);
        String token = token(messagesTo(email).get(0).body());
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> page = http.get("/api/v1/subscriptions/unsubscribe?token=" + token);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("You have unsubscribed");
        }
        HttpResponse<String> confirm = http.get("/api/v1/subscriptions/confirm?token=" + token);
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains("You have unsubscribed");
        assertThat(confirmedAt(email)).isNull();
    }

    @Test
    void theContactNeverAppearsInAPublicResponse() {
        String email = "private.person@mail.kz";
        List<String> secrets = List.of(email, "private.person", "private.person%40mail.kz");
        HttpResponse<String> accepted = subscribe(body(area(69.55, 42.30), email, "en"), "198.51.100.60");
        assertThat(accepted.body()).doesNotContain(secrets);
        String token = token(messagesTo(email).get(0).body());
        List<HttpResponse<String>> responses = new ArrayList<>();
        responses.add(http.get("/api/v1/subscriptions/confirm?token=" + token));
        long r = publish(layer("subs_private"), 1);
        plot("05-500-001-001", 69.57, 42.32, "free", r);
        assertThat(queue(r)).isEqualTo(1);
        for (String path : List.of(
                "/api/v1/plots?bbox=69.5,42.2,69.7,42.4",
                "/api/v1/plots/05-500-001-001",
                "/api/v1/plots",
                "/ogc/collections",
                "/ogc/collections/plots/items?bbox=69.5,42.2,69.7,42.4",
                "/ogc/collections/plots/items",
                "/api/v1/appeals",
                "/api/v1/regions",
                "/actuator/health",
                "/actuator/info",
                "/")) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            responses.add(response);
        }
        responses.add(http.get("/api/v1/subscriptions/unsubscribe?token=" + token));
        assertThat(responses.get(2).body()).as("the plot is public").contains("05-500-001-001");
        for (HttpResponse<String> response : responses) {
            assertThat(response.body()).as(response.uri().toString()).doesNotContain(secrets);
        }
    }

    @Test
    void withoutAMailServerMessagesGoToTheLog() {
        assertThat(notifier.getClass().getSimpleName()).isEqualTo("LogNotifier");
    }

    private record Message(String subject, String body) {}

    /** A GeoJSON Polygon 0.06° × 0.04° from (lon, lat). */
    private static String area(double lon, double lat) {
        return String.format(
                Locale.ROOT,
                "{\"type\": \"Polygon\", \"coordinates\": [[[%1$s, %2$s], [%3$s, %2$s], [%3$s, %4$s], [%1$s, %4$s],"
                        + " [%1$s, %2$s]]]}",
                lon,
                lat,
                lon + 0.06,
                lat + 0.04);
    }

    private static String body(String area, String email, String language) {
        return body(area, email, language, "");
    }

    /** A subscription request; {@code more} adds fields (", \"min_area_ha\": 5"). */
    private static String body(String area, String email, String language, String more) {
        return """
                {"area": %s, "email": "%s", "language": "%s", "consent": true%s}""".formatted(area.strip(), email, language, more);
    }

    private HttpResponse<String> subscribe(String json, String client) {
        return http.send(HttpRequest.newBuilder(http.uri("/api/v1/subscriptions"))
                .header("Content-Type", "application/json")
                // the application trusts the load balancer's X-Forwarded-For (server.forward-headers-strategy)
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private List<Message> messagesTo(String email) {
        return jdbc.sql("SELECT subject, body FROM outbox_message WHERE recipient = :e ORDER BY id")
                .param("e", email)
                .query((rs, n) -> new Message(rs.getString(1), rs.getString(2)))
                .list();
    }

    private static String token(String body) {
        Matcher m = CONFIRM_LINK.matcher(body);
        assertThat(m.find()).as("a confirm link in " + body).isTrue();
        return m.group(1);
    }

    private static List<String> listed(String body) {
        return LISTED_PLOT.matcher(body).results().map(m -> m.group(1)).toList();
    }

    /** When the subscription of {@code email} was confirmed; null while it is not. */
    private OffsetDateTime confirmedAt(String email) {
        return jdbc.sql("SELECT confirmed_at FROM plot_subscription WHERE email = :e")
                .param("e", email)
                .query((rs, n) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
                .single()
                .orElse(null);
    }

    private long count() {
        return jdbc.sql("SELECT (SELECT count(*) FROM plot_subscription) + (SELECT count(*) FROM outbox_message)")
                .query(Long.class)
                .single();
    }

    private int queue(long revision) {
        return jdbc.sql("SELECT queue_plot_subscription_notices(:r)")
                .param("r", revision)
                .query(Integer.class)
                .single();
    }

    private int layer(String code) {
        return jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en) VALUES (:code, 'plots', :code, :code, :code)
                RETURNING id
                """).param("code", code).query(Integer.class).single();
    }

    /** A new published revision of {@code layer}; the previous one is superseded. */
    private long publish(int layer, int number) {
        jdbc.sql("UPDATE layer_revision SET state = 'superseded' WHERE layer_id = :l AND state = 'published'")
                .param("l", layer)
                .update();
        return jdbc.sql("""
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                VALUES (:l, :n, 'published', 'test', now()) RETURNING id
                """)
                .param("l", layer)
                .param("n", number)
                .query(Long.class)
                .single();
    }

    /** A 0.001° square plot from (lon, lat); the status history gets its first row by the table's trigger. */
    private long plot(String cadastralNumber, double lon, double lat, String status, long revision) {
        return jdbc.sql("""
                INSERT INTO land_plot (cadastral_number, geom, land_category, status, layer_revision_id)
                VALUES (:n, ST_Multi(ST_MakeEnvelope(:lon, :lat, :lon + 0.001, :lat + 0.001, 4326)), 'settlement',
                        :status, :r)
                RETURNING id
                """)
                .param("n", cadastralNumber)
                .param("lon", lon)
                .param("lat", lat)
                .param("status", status)
                .param("r", revision)
                .query(Long.class)
                .single();
    }

    private void change(long revision, long plotId, String change) {
        jdbc.sql("""
                INSERT INTO revision_change (layer_revision_id, plot_key, change)
                SELECT :r, plot_key(cadastral_number, geom), :change FROM land_plot WHERE id = :id
                """)
                .param("r", revision)
                .param("change", change)
                .param("id", plotId)
                .update();
    }
}
