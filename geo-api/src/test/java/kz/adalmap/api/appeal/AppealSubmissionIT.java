package kz.adalmap.api.appeal;

import static kz.adalmap.api.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TempDirs;
import kz.adalmap.api.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Submitting, attaching and following appeals against a real PostGIS and real files in a temporary
 * folder. Each test submits from its own client address, so the per-address limit (3 an hour here)
 * is reached only where a test means to reach it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "adalmap.outbox.enabled=false",
            "adalmap.mail.host=",
            "adalmap.appeals.per-client-per-hour=3",
            "adalmap.attachments.max-audio=64KB"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppealSubmissionIT {

    private static final Path STORE = TempDirs.create("adalmap-attachments-it");

    private static final String NAME = "Ержан Тулегенов";
    private static final String PHONE = "+7 702 444 55 66";
    private static final String EMAIL = "erzhan.t@example.kz";
    private static final String BOT_TOKEN = "bot-token-for-tests-0123456789abcdef";
    private static final String BOUNDARY = "adalmap-test-boundary";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "appeal_submission");
        registry.add("adalmap.attachments.dir", STORE::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    AppealSubmissionService service;

    TestHttp http;

    @BeforeAll
    void setUp() {
        http = new TestHttp(port);
        // Astana and much around it; a point further west is in Kazakhstan's box but in no region
        jdbc.sql("""
                INSERT INTO region (kato_code, name_kk, name_ru, name_en, geom)
                VALUES ('710000000', 'Астана', 'Астана', 'Astana', ST_Multi(ST_MakeEnvelope(60, 42, 88, 56, 4326)))
                """).update();
        user("moderator.one", "moderator");
        user("official.one", "agency_official");
        jdbc.sql("INSERT INTO api_token (name, token_sha256) VALUES ('telegram bot', :hash)")
                .param("hash", AppealSubmissionService.sha256Hex(BOT_TOKEN))
                .update();
        jdbc.sql("INSERT INTO api_token (name, token_sha256, revoked_at) VALUES ('old bot', :hash, now())")
                .param("hash", AppealSubmissionService.sha256Hex("revoked-token"))
                .update();
    }

    @Test
    void submitsJsonAndAnswersWithTrackingCodeDueDateAndLocation() {
        String body = appeal(
                "roads",
                "Яма на дороге у дома 5",
                ", \"language\": \"ru\", \"contact\": {\"name\": \"" + NAME + "\", \"phone\": \"" + PHONE
                        + "\", \"email\": \"" + EMAIL + "\"}");
        HttpResponse<String> response = post(body, "198.51.100.1", null, Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode answer = json(response);
        String code = answer.get("tracking_code").asString();
        assertThat(code).matches("AM-[0-9A-Z]{4}-[0-9A-Z]{4}");
        assertThat(response.headers().firstValue("Location")).contains(http.base() + "/api/v1/appeals/track/" + code);
        assertThat(answer.get("tracking_url").asString()).isEqualTo(http.base() + "/api/v1/appeals/track/" + code);
        assertThat(answer.get("tracking_secret").asString())
                .as("rating and reopening need a secret, since the code is public")
                .hasSizeGreaterThan(40);
        assertThat(jdbc.sql("SELECT language FROM appeal WHERE tracking_code = :c")
                        .param("c", answer.get("tracking_code").asString())
                        .query(String.class)
                        .single())
                .isEqualTo("ru");
        assertThat(response.body()).doesNotContain(NAME, PHONE, EMAIL, "erzhan");

        Map<String, Object> row = jdbc.sql("""
                SELECT a.status, a.channel, a.region_id IS NOT NULL AS in_region, a.due_date::text AS due,
                       c.full_name, c.phone, c.email
                FROM appeal a JOIN appeal_contact c ON c.appeal_id = a.id WHERE a.tracking_code = :code
                """).param("code", code).query().singleRow();
        assertThat(row)
                .containsEntry("status", "new")
                .containsEntry("channel", "web")
                .containsEntry("in_region", true);
        assertThat(row)
                .containsEntry("full_name", NAME)
                .containsEntry("phone", PHONE)
                .containsEntry("email", EMAIL);
        LocalDate expected = service.dueDate(LocalDate.now(java.time.ZoneId.of("Asia/Almaty")), 5);
        assertThat(row.get("due")).isEqualTo(expected.toString());
        assertThat(answer.get("due_date").asString()).isEqualTo(expected.toString());

        List<String> mail = jdbc.sql("SELECT subject || ' ' || body FROM outbox_message WHERE recipient = :e")
                .param("e", EMAIL)
                .query(String.class)
                .list();
        assertThat(mail).hasSize(1);
        assertThat(mail.get(0))
                .contains("обращение " + code + " принято", expected.toString())
                .doesNotContain("Яма");
    }

    @Test
    void dueDatesSkipWeekendsAndHolidays() {
        // Friday + 3 working days: Monday, Tuesday, Wednesday
        assertThat(service.dueDate(LocalDate.parse("2026-11-27"), 3)).isEqualTo(LocalDate.parse("2026-12-02"));
        // Monday 14 December + 3: Independence Day (16th) does not count
        assertThat(service.dueDate(LocalDate.parse("2026-12-14"), 3)).isEqualTo(LocalDate.parse("2026-12-18"));
        // New Year 2027 falls on Friday and Saturday: Monday 4 January is the day carried over
        assertThat(service.dueDate(LocalDate.parse("2026-12-31"), 5)).isEqualTo(LocalDate.parse("2027-01-12"));
        // a transfer day kept in the table is honoured without a new release
        jdbc.sql("INSERT INTO work_calendar_day VALUES ('2026-12-28', true, 'transfer', 'test transfer')")
                .update();
        try {
            assertThat(service.dueDate(LocalDate.parse("2026-12-25"), 3)).isEqualTo(LocalDate.parse("2026-12-31"));
        } finally {
            jdbc.sql("DELETE FROM work_calendar_day WHERE day = '2026-12-28'").update();
        }
    }

    @Test
    void rejectsPointsOutsideKazakhstanAndUnknownCategoriesNamingTheField() {
        long before = count();
        HttpResponse<String> outside =
                post(appeal("roads", "Текст", "").replace("71.43", "37.62"), "198.51.100.2", null, Map.of());
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(json(outside).get("parameter").asString()).isEqualTo("location");
        assertThat(json(outside).get("detail").asString()).contains("outside Kazakhstan");
        HttpResponse<String> noRegion =
                post(appeal("roads", "Текст", "").replace("71.43", "50.1"), "198.51.100.2", null, Map.of());
        assertThat(noRegion.statusCode()).isEqualTo(400);
        assertThat(json(noRegion).get("detail").asString()).contains("not inside any region");
        HttpResponse<String> unknown = post(appeal("bribes", "Текст", ""), "198.51.100.2", null, Map.of());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get("parameter").asString()).isEqualTo("category");
        assertThat(json(unknown).get("detail").asString()).contains("'bribes'", "roads", "corruption");
        HttpResponse<String> noConsent = post(
                appeal("roads", "Текст", "").replace("\"consent\": true", "\"consent\": false"),
                "198.51.100.2",
                null,
                Map.of());
        assertThat(json(noConsent).get("parameter").asString()).isEqualTo("consent");
        assertThat(count()).as("nothing half-written").isEqualTo(before);
    }

    @Test
    void sameIdempotencyKeyTwiceMakesOneAppeal() {
        long before = count();
        String body = appeal("utilities", "Нет горячей воды", "");
        HttpResponse<String> first = post(body, "198.51.100.3", null, Map.of("Idempotency-Key", "key-one"));
        HttpResponse<String> retry = post(body, "198.51.100.3", null, Map.of("Idempotency-Key", "key-one"));
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(json(retry).get("tracking_code").asString())
                .isEqualTo(json(first).get("tracking_code").asString());
        assertThat(count()).isEqualTo(before + 1);
        HttpResponse<String> other = post(
                appeal("utilities", "Другой текст", ""), "198.51.100.3", null, Map.of("Idempotency-Key", "key-one"));
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(json(other).get("detail").asString()).contains("Idempotency-Key");
        assertThat(count()).isEqualTo(before + 1);
    }

    @Test
    void sameIdempotencyKeyFromTwoThreadsAtOnceMakesOneAppeal() throws Exception {
        long before = count();
        String body = appeal("housing", "Протекает крыша", "");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<HttpResponse<String>> submit = () -> {
                start.await();
                return post(body, "198.51.100.4", null, Map.of("Idempotency-Key", "concurrent-key"));
            };
            Future<HttpResponse<String>> a = pool.submit(submit);
            Future<HttpResponse<String>> b = pool.submit(submit);
            start.countDown();
            List<Integer> statuses = List.of(a.get().statusCode(), b.get().statusCode());
            assertThat(statuses).containsExactlyInAnyOrder(200, 201);
            assertThat(json(a.get()).get("tracking_code").asString())
                    .isEqualTo(json(b.get()).get("tracking_code").asString());
        } finally {
            pool.shutdownNow();
        }
        assertThat(count()).isEqualTo(before + 1);
    }

    @Test
    void callCentreAndOfficeOnlyForModeratorsMessengerOnlyWithAToken() {
        String callCentre = appeal("roads", "Звонок в колл-центр", ", \"channel\": \"call_centre\"");
        HttpResponse<String> anonymous = post(callCentre, "198.51.100.5", null, Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(json(anonymous).get("detail").asString()).startsWith("channel:");
        assertThat(post(callCentre, "198.51.100.5", "official.one", Map.of()).statusCode())
                .isEqualTo(403);
        HttpResponse<String> byModerator = post(callCentre, "198.51.100.5", "moderator.one", Map.of());
        assertThat(byModerator.statusCode()).isEqualTo(201);
        assertThat(channel(json(byModerator).get("tracking_code").asString())).isEqualTo("call_centre");
        String office = appeal("roads", "Приём в ЦОН", ", \"channel\": \"office\"");
        assertThat(post(office, "198.51.100.5", "moderator.one", Map.of()).statusCode())
                .isEqualTo(201);

        String messenger = appeal("roads", "Из Telegram", ", \"channel\": \"messenger\"");
        assertThat(post(messenger, "198.51.100.5", null, Map.of()).statusCode()).isEqualTo(403);
        assertThat(post(messenger, "198.51.100.5", null, Map.of("Authorization", "Bearer wrong-token"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(post(messenger, "198.51.100.5", null, Map.of("api_key", "revoked-token"))
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> bot =
                post(messenger, "198.51.100.5", null, Map.of("Authorization", "Bearer " + BOT_TOKEN));
        assertThat(bot.statusCode()).isEqualTo(201);
        assertThat(channel(json(bot).get("tracking_code").asString())).isEqualTo("messenger");
        assertThat(post(messenger, "198.51.100.5", null, Map.of("api_key", BOT_TOKEN))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void limitsAppealsFromOneAddress() {
        for (int i = 0; i < 3; i++) {
            assertThat(post(appeal("roads", "Яма " + i, ""), "198.51.100.6", null, Map.of())
                            .statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<String> fourth = post(appeal("roads", "Яма 4", ""), "198.51.100.6", null, Map.of());
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(fourth.headers().firstValue("Retry-After"))
                .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
        assertThat(post(appeal("roads", "Яма 5", ""), "198.51.100.7", null, Map.of())
                        .statusCode())
                .as("another address")
                .isEqualTo(201);
    }

    @Test
    void multipartStoresPhotosWithoutExifWithAThumbnailAndServesThemSafely() throws Exception {
        byte[] jpeg = TestFiles.jpegWithGps();
        assertThat(TestFiles.contains(jpeg, "Exif".getBytes(StandardCharsets.US_ASCII)))
                .isTrue();
        byte[] audio = TestFiles.mp3(4000, 1);
        HttpResponse<String> response = multipart(
                fields("roads", "Фото ямы"),
                List.of(new Part("photo", "IMG_0001.jpg", jpeg), new Part("voice", "voice.mp3", audio)),
                "198.51.100.8",
                Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String code = json(response).get("tracking_code").asString();

        Map<String, Object> photo = jdbc.sql("""
                SELECT t.media_type, t.kind, t.sha256, t.size_bytes, t.thumbnail_sha256
                FROM appeal_attachment t JOIN appeal a ON a.id = t.appeal_id
                WHERE a.tracking_code = :code AND t.position = 1
                """).param("code", code).query().singleRow();
        assertThat(photo).containsEntry("media_type", "image/jpeg").containsEntry("kind", "photo");
        byte[] stored = Files.readAllBytes(stored((String) photo.get("sha256")));
        assertThat(sha256(stored)).isEqualTo(photo.get("sha256"));
        assertThat(((Number) photo.get("size_bytes")).longValue()).isEqualTo(stored.length);
        assertThat(TestFiles.contains(stored, "Exif".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
        assertThat(TestFiles.contains(stored, "GPS".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
        assertThat(TestFiles.contains(stored, new byte[] {(byte) 0xFF, (byte) 0xE1}))
                .as("no APP1 segment")
                .isFalse();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(stored));
        assertThat(image.getWidth()).isEqualTo(640);

        HttpResponse<byte[]> served = getBytes("/api/v1/appeals/" + code + "/attachments/1");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(stored);
        assertThat(served.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(served.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(served.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'", "sandbox"));

        HttpResponse<byte[]> thumbnail = getBytes("/api/v1/appeals/" + code + "/attachments/1/thumbnail");
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
        assertThat(small.getWidth()).isEqualTo(320);
        assertThat(small.getHeight()).isEqualTo(240);

        HttpResponse<byte[]> voice = getBytes("/api/v1/appeals/" + code + "/attachments/2");
        assertThat(voice.statusCode()).isEqualTo(200);
        assertThat(voice.body()).isEqualTo(audio);
        assertThat(voice.headers().firstValue("Content-Type")).contains("audio/mpeg");
        assertThat(voice.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(d -> assertThat(d).startsWith("attachment"));
        assertThat(getBytes("/api/v1/appeals/" + code + "/attachments/2/thumbnail")
                        .statusCode())
                .isEqualTo(404);
        assertThat(getBytes("/api/v1/appeals/" + code + "/attachments/3").statusCode())
                .isEqualTo(404);

        JsonNode tracked = json(http.get("/api/v1/appeals/track/" + code));
        assertThat(tracked.get("attachments")).hasSize(2);
        assertThat(tracked.get("attachments").get(0).get("thumbnail_href").asString())
                .isEqualTo("/api/v1/appeals/" + code + "/attachments/1/thumbnail");
    }

    @Test
    void refusesDisguisedAndOversizedFilesNamingThem() {
        long before = count();
        HttpResponse<String> html = multipart(
                fields("roads", "Фото"),
                List.of(new Part("photo", "photo.jpg", TestFiles.html())),
                "198.51.100.9",
                Map.of());
        assertThat(html.statusCode()).isEqualTo(415);
        assertThat(json(html).get("file").asString()).isEqualTo("photo.jpg");
        assertThat(json(html).get("detail").asString()).contains("photo.jpg");
        HttpResponse<String> exe = multipart(
                fields("roads", "Фото"),
                List.of(new Part("photo", "photo.jpg", TestFiles.exe())),
                "198.51.100.9",
                Map.of());
        assertThat(exe.statusCode()).isEqualTo(415);
        HttpResponse<String> large = multipart(
                fields("roads", "Запись"),
                List.of(new Part("voice", "long.mp3", TestFiles.mp3(100 * 1024, 2))),
                "198.51.100.10",
                Map.of());
        assertThat(large.statusCode()).isEqualTo(400);
        assertThat(json(large).get("detail").asString()).contains("long.mp3", "at most");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void leavesNoFileBehindWhenTheTransactionFailsAfterTheFileWasWritten() throws Exception {
        // the database refuses the attachment row, after the file has been written
        jdbc.sql("""
                CREATE FUNCTION fail_attachment() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF (SELECT text FROM appeal WHERE id = NEW.appeal_id) = 'fail after the file write' THEN
                        RAISE EXCEPTION 'forced failure';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER fail_attachment BEFORE INSERT ON appeal_attachment
                    FOR EACH ROW EXECUTE FUNCTION fail_attachment();
                """).update();
        try {
            long before = count();
            List<Path> filesBefore = files();
            byte[] audio = TestFiles.mp3(3000, 3);
            HttpResponse<String> response = multipart(
                    fields("roads", "fail after the file write"),
                    List.of(new Part("voice", "voice.mp3", audio), new Part("photo", "a.png", TestFiles.png(50, 40))),
                    "198.51.100.11",
                    Map.of());
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(count()).isEqualTo(before);
            assertThat(Files.exists(stored(sha256(audio)))).isFalse();
            assertThat(files()).containsExactlyInAnyOrderElementsOf(filesBefore);
        } finally {
            jdbc.sql("DROP TRIGGER fail_attachment ON appeal_attachment; DROP FUNCTION fail_attachment()")
                    .update();
        }
    }

    @Test
    void tracksAnAppealWithItsTimelineAndNoPersonalData() {
        String text = "Мусор не вывозят. Звоните +7 701 555 12 34 или пишите " + EMAIL;
        HttpResponse<String> submitted = post(
                appeal("utilities", text, ", \"contact\": {\"name\": \"" + NAME + "\", \"email\": \"" + EMAIL + "\"}"),
                "198.51.100.12",
                null,
                Map.of());
        String code = json(submitted).get("tracking_code").asString();
        jdbc.sql("UPDATE appeal SET status = 'under_review' WHERE tracking_code = :code")
                .param("code", code)
                .update();
        HttpResponse<String> tracked = http.get("/api/v1/appeals/track/" + code);
        assertThat(tracked.statusCode()).isEqualTo(200);
        JsonNode view = json(tracked);
        assertThat(view.get("status").asString()).isEqualTo("under_review");
        assertThat(view.get("text").asString()).startsWith("Мусор не вывозят.");
        List<String> timeline = new ArrayList<>();
        view.get("timeline").forEach(s -> timeline.add(s.get("status").asString()));
        assertThat(timeline).containsExactly("new", "under_review");
        assertThat(tracked.body()).doesNotContain(NAME, EMAIL, "erzhan", "555 12 34", PHONE);
        assertThat(http.get("/api/v1/appeals/track/AM-ZZZZ-ZZZZ").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/v1/appeals/track/not-a-code").statusCode()).isEqualTo(404);
        for (String path : List.of("/api/v1/appeals", "/api/v1/appeals/track/" + code)) {
            assertThat(http.get(path).body()).as(path).doesNotContain(NAME, EMAIL, "erzhan");
        }
    }

    @Test
    void aCorruptionSignalIsSeenOnlyWithItsSecret() {
        HttpResponse<String> submitted = multipart(
                fields("corruption", "Взятка при выделении участка"),
                List.of(new Part("photo", "receipt.png", TestFiles.png(60, 60))),
                "198.51.100.13",
                Map.of());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String code = json(submitted).get("tracking_code").asString();
        String secret = json(submitted).get("tracking_secret").asString();
        assertThat(secret).hasSizeGreaterThan(40);
        assertThat(http.get("/api/v1/appeals/track/" + code).statusCode()).isEqualTo(404);
        assertThat(track(code, "wrong-secret").statusCode()).isEqualTo(404);
        HttpResponse<String> own = track(code, secret);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(json(own).get("category").asString()).isEqualTo("corruption");
        assertThat(json(own).get("attachments")).isEmpty();
        assertThat(own.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(getBytes("/api/v1/appeals/" + code + "/attachments/1").statusCode())
                .isEqualTo(404);
        assertThat(http.get("/api/v1/appeals").body()).doesNotContain(code);

        HttpResponse<String> privateText = multipart(
                fields("housing", "Сосед шумит"),
                List.of(new Part("photo", "flat.png", TestFiles.png(30, 30))),
                "198.51.100.13",
                Map.of("text_private", "true"));
        assertThat(privateText.statusCode()).as(privateText.body()).isEqualTo(201);
        String privateCode = json(privateText).get("tracking_code").asString();
        assertThat(getBytes("/api/v1/appeals/" + privateCode + "/attachments/1").statusCode())
                .isEqualTo(404);
        JsonNode view = json(http.get("/api/v1/appeals/track/" + privateCode));
        assertThat(view.get("text").isNull()).isTrue();
        assertThat(view.get("attachments")).isEmpty();
    }

    @Test
    void hostileTextComesBackAsJsonText() {
        String hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        HttpResponse<String> submitted =
                post(appeal("roads", hostile.replace("'", "\\u0027"), ""), "198.51.100.14", null, Map.of());
        String code = json(submitted).get("tracking_code").asString();
        HttpResponse<String> tracked = http.get("/api/v1/appeals/track/" + code);
        assertThat(tracked.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(tracked.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(json(tracked).get("text").asString()).isEqualTo(hostile);
    }

    // --- helpers

    private String appeal(String category, String text, String more) {
        return """
                {"location": {"lon": 71.43, "lat": 51.13}, "category": "%s", "text": "%s", "consent": true%s}
                """.formatted(category, text, more);
    }

    private HttpResponse<String> post(String body, String client, String user, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri("/api/v1/appeals"))
                .header("Content-Type", "application/json")
                // the application trusts the load balancer's X-Forwarded-For (server.forward-headers-strategy)
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        if (user != null) {
            b.header(
                    "Authorization",
                    "Basic "
                            + java.util.Base64.getEncoder()
                                    .encodeToString((user + ":secret-password").getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build());
    }

    private HttpResponse<String> track(String code, String secret) {
        return http.send(HttpRequest.newBuilder(http.uri("/api/v1/appeals/track/" + code))
                .header("X-Appeal-Secret", secret)
                .GET()
                .build());
    }

    private record Part(String field, String fileName, byte[] content) {}

    private static List<Map.Entry<String, String>> fields(String category, String text) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("lon", "71.43");
        f.put("lat", "51.13");
        f.put("category", category);
        f.put("text", text);
        f.put("consent", "true");
        return new ArrayList<>(f.entrySet());
    }

    private HttpResponse<String> multipart(
            List<Map.Entry<String, String>> fields, List<Part> files, String client, Map<String, String> extra) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<Map.Entry<String, String>> all = new ArrayList<>(fields);
        all.addAll(extra.entrySet());
        for (Map.Entry<String, String> f : all) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
                            + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + f.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (Part p : files) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + p.field()
                            + "\"; filename=\"" + p.fileName() + "\"\r\nContent-Type: image/jpeg\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(p.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(http.uri("/api/v1/appeals"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    private HttpResponse<byte[]> getBytes(String path) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(http.uri(path)).GET().build(),
                            HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long count() {
        return jdbc.sql("SELECT count(*) FROM appeal").query(Long.class).single();
    }

    private String channel(String code) {
        return jdbc.sql("SELECT channel FROM appeal WHERE tracking_code = :c")
                .param("c", code)
                .query(String.class)
                .single();
    }

    private void user(String username, String role) {
        int id = jdbc.sql("""
                INSERT INTO app_user (username, password_hash, display_name) VALUES (:u, :p, :u) RETURNING id
                """)
                .param("u", username)
                .param("p", passwords.encode("secret-password"))
                .query(Integer.class)
                .single();
        jdbc.sql("INSERT INTO user_role (user_id, role) VALUES (:id, :role)")
                .param("id", id)
                .param("role", role)
                .update();
    }

    private static Path stored(String sha256) {
        return STORE.resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(STORE)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
