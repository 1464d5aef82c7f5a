package kz.adalmap.api.appeal;

import static kz.adalmap.api.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TempDirs;
import kz.adalmap.api.TestHttp;
import kz.adalmap.api.common.keys.ServiceKeys;
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
 * The life of an appeal against a real PostGIS: moderation, routing, the agency's answer with files,
 * the citizen's rating and reopening, merging, "me too", the notices queued on each status change and
 * bot tokens. Every refusal is asked for too: the wrong status (409), the wrong role (403), another
 * agency's appeal (404), the wrong tracking secret.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "adalmap.outbox.enabled=false",
            "adalmap.mail.host=",
            "adalmap.appeals.per-client-per-hour=1000",
            "adalmap.appeals.supports-per-person-per-hour=3"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppealWorkflowIT {

    private static final Path STORE = TempDirs.create("adalmap-workflow-it");

    private static final String PASSWORD = "secret-password";
    private static final String EMAIL = "aliya.n@example.kz";
    private static final String PHONE = "+7 705 111 22 33";
    private static final String RAW_TEXT = "Фонарь не горит, звоните 87051112233";
    private static final String BOUNDARY = "adalmap-workflow-boundary";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "appeal_workflow");
        registry.add("adalmap.attachments.dir", STORE::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    SupporterHash supporters;

    @Autowired
    AppealSettings settings;

    @Autowired
    ServiceKeys keys;

    @Autowired
    PasswordEncoder passwords;

    TestHttp http;

    private final AtomicInteger client = new AtomicInteger(10);

    /** An appeal as its citizen knows it. */
    private record Submitted(String code, String secret) {}

    @BeforeAll
    void setUp() {
        http = new TestHttp(port);
        int region = jdbc.sql("""
                INSERT INTO region (kato_code, name_kk, name_ru, name_en, geom)
                VALUES ('710000000', 'Астана', 'Астана', 'Astana', ST_Multi(ST_MakeEnvelope(60, 42, 88, 56, 4326)))
                RETURNING id
                """).query(Integer.class).single();
        for (String[] a : List.of(
                new String[] {"land-astana", "Жер бөлімі", "Отдел земельных отношений", "Land department", "land"},
                new String[] {"akimat-astana", "Әкімдік", "Акимат", "Akimat", "roads"},
                new String[] {"utilities-astana", "Коммуналдық", "Коммунальщики", "Utilities", "utilities"})) {
            int id = jdbc.sql("""
                    INSERT INTO agency (code, region_id, name_kk, name_ru, name_en) VALUES (:c, :r, :kk, :ru, :en)
                    RETURNING id
                    """)
                    .param("c", a[0])
                    .param("r", region)
                    .param("kk", a[1])
                    .param("ru", a[2])
                    .param("en", a[3])
                    .query(Integer.class)
                    .single();
            jdbc.sql("INSERT INTO agency_category VALUES (:id, :cat)")
                    .param("id", id)
                    .param("cat", a[4])
                    .update();
        }
        jdbc.sql("INSERT INTO agency_category SELECT id, 'corruption' FROM agency WHERE code = 'akimat-astana'")
                .update();
        user("moder", "moderator", null);
        user("boss", "admin", null);
        user("akimat.official", "agency_official", "akimat-astana");
        user("land.official", "agency_official", "land-astana");
    }

    @Test
    void aModeratorRoutesAndTheAgencyAnswersWithFilesOthersNeverSeeIt() {
        Submitted s = submit("roads", RAW_TEXT, "ru", "\"email\": \"" + EMAIL + "\"");
        assertThat(row(s.code(), "language")).isEqualTo("ru");
        assertThat(timeline(s.code())).containsExactly("null→new by citizen");
        String due = row(s.code(), "due_date::text");

        assertThat(staff("POST", "/" + s.code() + "/review", "akimat.official", null)
                        .statusCode())
                .as("an official does not see an appeal before it is routed to them")
                .isEqualTo(404);
        HttpResponse<String> reviewed = staff("POST", "/" + s.code() + "/review", "moder", null);
        assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(200);
        assertThat(json(reviewed).get("status").asString()).isEqualTo("under_review");
        JsonNode detail = json(reviewed);
        assertThat(detail.get("text").asString()).isEqualTo(RAW_TEXT);
        assertThat(detail.get("public_text").asString()).doesNotContain("87051112233");
        assertThat(detail.get("contact").get("email").asString()).isEqualTo(EMAIL);
        assertThat(detail.get("agency_suggestions").findValuesAsString("code")).containsExactly("akimat-astana");
        assertThat(detail.get("actions").valueStream().map(JsonNode::asString).toList())
                .containsExactly("route", "reject", "merge", "public_text");

        HttpResponse<String> again = staff("POST", "/" + s.code() + "/review", "moder", null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("detail").asString()).contains("'under_review'", "'new'");
        assertThat(staff("POST", "/" + s.code() + "/route", "moder", "{\"agency\": \"nowhere\"}")
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> routed = staff(
                "POST", "/" + s.code() + "/route", "moder", "{\"agency\": \"akimat-astana\", \"reason\": \"Дороги\"}");
        assertThat(routed.statusCode()).as(routed.body()).isEqualTo(200);
        assertThat(row(s.code(), "due_date::text"))
                .as("routing keeps the due date")
                .isEqualTo(due);

        // the other agency's official: not in the queue, 404 on the detail and on every step
        assertThat(staff("GET", "?size=200", "land.official", null).body()).doesNotContain(s.code());
        assertThat(staff("GET", "/" + s.code(), "land.official", null).statusCode())
                .isEqualTo(404);
        assertThat(staff("POST", "/" + s.code() + "/start", "land.official", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(staff("GET", "?size=200", "akimat.official", null).body()).contains(s.code());
        assertThat(staff("POST", "/" + s.code() + "/route", "akimat.official", "{\"agency\": \"land-astana\"}")
                        .statusCode())
                .as("an official does not route")
                .isEqualTo(403);
        assertThat(staff("POST", "/" + s.code() + "/answer", "moder", "{\"text\": \"Сделано\"}")
                        .statusCode())
                .as("a moderator does not answer for an agency")
                .isEqualTo(403);

        assertThat(staff("POST", "/" + s.code() + "/start", "akimat.official", null)
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> answered = answerWithFile(s.code(), "akimat.official", "Фонарь заменён <b>сегодня</b>");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(json(answered).get("status").asString()).isEqualTo("answered");
        assertThat(row(s.code(), "first_answered_at = answered_at")).isEqualTo("true");
        assertThat(jdbc.sql("SELECT author FROM appeal_attachment a JOIN appeal p ON p.id = a.appeal_id"
                                + " WHERE p.tracking_code = :c")
                        .param("c", s.code())
                        .query(String.class)
                        .list())
                .containsExactly("agency");

        JsonNode tracked = json(http.get("/api/v1/appeals/track/" + s.code()));
        assertThat(tracked.get("answer").get("text").asString()).isEqualTo("Фонарь заменён <b>сегодня</b>");
        assertThat(tracked.get("answer").get("agency").get("name_en").asString())
                .isEqualTo("Akimat");
        String href = tracked.get("answer").get("files").get(0).get("href").asString();
        assertThat(http.get(href).statusCode())
                .as("the agency's file is public with its answer")
                .isEqualTo(200);
        assertThat(tracked.get("may_rate").asBoolean()).isTrue();
        assertThat(tracked.get("may_reopen").asBoolean()).isTrue();
        assertThat(tracked.get("attachments").size())
                .as("the citizen sent none")
                .isZero();
        assertThat(tracked.toString()).doesNotContain(EMAIL, "87051112233");
        assertThat(timeline(s.code()))
                .containsExactly(
                        "null→new by citizen",
                        "new→under_review by moderator",
                        "under_review→routed by moderator: Дороги",
                        "routed→in_progress by official",
                        "in_progress→answered by official");
        assertThat(tracked.get("timeline").get(2).get("reason").asString()).isEqualTo("Дороги");
        assertThat(tracked.get("timeline").get(2).get("actor_role").asString()).isEqualTo("moderator");
        assertThat(jdbc.sql("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE entity_id = :c")
                        .param("c", s.code())
                        .query(String.class)
                        .single())
                .isEqualTo("appeal.under_review,appeal.routed,appeal.in_progress,appeal.answered");

        HttpResponse<String> resolved = staff("POST", "/" + s.code() + "/resolve", "moder", "{}");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(json(resolved).get("status").asString()).isEqualTo("resolved");
    }

    @Test
    void everyStatusChangeQueuesOneNoticeInTheCitizensLanguageByMailElseBySms() {
        Submitted mailed = submit("roads", "Яма", "en", "\"email\": \"notice.en@example.kz\"");
        long before = outbox("notice.en@example.kz");
        staff("POST", "/" + mailed.code() + "/reject", "moder", "{\"reason\": \"Not a public matter\"}");
        List<Map<String, Object>> mail = jdbc.sql(
                        "SELECT channel, subject, body FROM outbox_message WHERE recipient = :r ORDER BY id")
                .param("r", "notice.en@example.kz")
                .query()
                .listOfRows();
        assertThat(mail).hasSize((int) before + 1);
        Map<String, Object> last = mail.get(mail.size() - 1);
        assertThat(last.get("channel")).isEqualTo("email");
        assertThat(last.get("subject")).isEqualTo("AdalMap: appeal " + mailed.code() + " — rejected");
        assertThat((String) last.get("body"))
                .contains("Reason: Not a public matter", "{{public_url}}/api/v1/appeals/track/" + mailed.code());

        Submitted texted = submit("roads", "Жол бұзылған", "kk", "\"phone\": \"" + PHONE + "\"");
        assertThat(outbox(PHONE)).as("no confirmation by SMS").isZero();
        staff("POST", "/" + texted.code() + "/review", "moder", null);
        List<Map<String, Object>> sms = jdbc.sql("SELECT channel, body FROM outbox_message WHERE recipient = :r")
                .param("r", PHONE)
                .query()
                .listOfRows();
        assertThat(sms).hasSize(1);
        assertThat(sms.get(0).get("channel")).isEqualTo("sms");
        assertThat((String) sms.get(0).get("body")).contains(texted.code(), "модерацияда", "өтініші");

        Submitted silent = submit("roads", "Без контакта", "ru", null);
        long all = jdbc.sql("SELECT count(*) FROM outbox_message")
                .query(Long.class)
                .single();
        staff("POST", "/" + silent.code() + "/review", "moder", null);
        staff("POST", "/" + silent.code() + "/reject", "moder", "{\"reason\": \"Дубликат\"}");
        assertThat(jdbc.sql("SELECT count(*) FROM outbox_message")
                        .query(Long.class)
                        .single())
                .as("no contact, no notice")
                .isEqualTo(all);
    }

    @Test
    void theCitizenRatesOnceAndReopensOnceOnlyWithTheSecret() {
        Submitted s = submit("roads", "Нет света", "ru", "\"email\": \"rater@example.kz\"");
        assertThat(rate(s.code(), s.secret(), 5).statusCode())
                .as("nothing to rate before an answer")
                .isEqualTo(409);
        answered(s.code());
        assertThat(rate(s.code(), "not-the-secret", 2).statusCode()).isEqualTo(403);
        assertThat(rate(s.code(), null, 2).statusCode()).isEqualTo(403);
        assertThat(rate(s.code(), s.secret(), 9).statusCode()).isEqualTo(400);
        HttpResponse<String> rated = rate(s.code(), s.secret(), 2);
        assertThat(rated.statusCode()).as(rated.body()).isEqualTo(200);
        assertThat(json(rated).get("rating").asInt()).isEqualTo(2);
        assertThat(json(rated).get("status").asString())
                .as("a low rating does not close it")
                .isEqualTo("answered");
        assertThat(json(rated).get("may_rate").asBoolean()).isFalse();
        HttpResponse<String> twice = rate(s.code(), s.secret(), 3);
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(json(twice).get("detail").asString()).contains("rated already");

        jdbc.sql("UPDATE appeal SET due_date = '2020-01-01' WHERE tracking_code = :c")
                .param("c", s.code())
                .update();
        assertThat(reopen(s.code(), "wrong", "Света всё нет").statusCode()).isEqualTo(403);
        assertThat(reopen(s.code(), s.secret(), " ").statusCode()).isEqualTo(400);
        HttpResponse<String> reopened = reopen(s.code(), s.secret(), "Света всё нет");
        assertThat(reopened.statusCode()).as(reopened.body()).isEqualTo(200);
        assertThat(json(reopened).get("status").asString()).isEqualTo("in_progress");
        assertThat(json(reopened).get("may_reopen").asBoolean()).isFalse();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Almaty"));
        assertThat(LocalDate.parse(row(s.code(), "due_date::text"))).isAfter(today);
        assertThat(row(s.code(), "agency_id = (SELECT id FROM agency WHERE code = 'akimat-astana')"))
                .isEqualTo("true");
        assertThat(timeline(s.code())).endsWith("answered→in_progress by citizen: Света всё нет");
        assertThat(reopen(s.code(), s.secret(), "Ещё раз").statusCode())
                .as("only when answered")
                .isEqualTo(409);
        HttpResponse<String> again = answerWithFile(s.code(), "akimat.official", "Заменили ещё раз");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(row(s.code(), "first_answered_at < answered_at"))
                .as("the first answer stays the first")
                .isEqualTo("true");
        HttpResponse<String> second = reopen(s.code(), s.secret(), "Ещё раз");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(json(second).get("detail").asString()).contains("reopened once already");

        Submitted happy = submit("roads", "Яма во дворе", "ru", null);
        answered(happy.code());
        HttpResponse<String> five = rate(happy.code(), happy.secret(), 5);
        assertThat(json(five).get("status").asString()).isEqualTo("resolved");
        assertThat(timeline(happy.code())).endsWith("answered→resolved by citizen");

        Submitted signal = submit("corruption", "Взятка", "ru", null);
        assertThat(rate(signal.code(), "wrong", 5).statusCode())
                .as("a signal does not exist without its secret")
                .isEqualTo(404);
    }

    @Test
    void corruptionSignalsAreSeenByModeratorsAndTheRoutedAgencyOnly() {
        Submitted signal = submit("corruption", "Требуют взятку", "ru", null);
        assertThat(staff("GET", "/" + signal.code(), "boss", null).statusCode())
                .as("an administrator is no moderator")
                .isEqualTo(404);
        assertThat(staff("GET", "?category=corruption", "boss", null).body()).doesNotContain(signal.code());
        assertThat(staff("GET", "/" + signal.code(), "moder", null).statusCode())
                .isEqualTo(200);
        staff("POST", "/" + signal.code() + "/route", "moder", "{\"agency\": \"akimat-astana\"}");
        assertThat(staff("GET", "/" + signal.code(), "akimat.official", null).statusCode())
                .isEqualTo(200);
        assertThat(staff("GET", "/" + signal.code(), "land.official", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void mergesOnlyIntoAnotherUnmergedAppealOfTheSameKindAndCarriesSupportersOver() {
        Submitted target = submit("roads", "Яма на Абая", "ru", null);
        Submitted duplicate = submit("roads", "Яма на Абая, та же", "ru", null);
        Submitted signal = submit("corruption", "Взятка", "ru", null);
        Submitted other = submit("roads", "Ещё яма", "ru", null);
        assertThat(support(duplicate.code(), "203.0.113.1").statusCode()).isEqualTo(200);
        assertThat(support(duplicate.code(), "203.0.113.2").statusCode()).isEqualTo(200);
        assertThat(support(target.code(), "203.0.113.2").statusCode()).isEqualTo(200);

        assertThat(merge(duplicate.code(), duplicate.code()).statusCode()).isEqualTo(400);
        assertThat(merge(duplicate.code(), "AM-ZZZZ-ZZZZ").statusCode()).isEqualTo(400);
        HttpResponse<String> kinds = merge(duplicate.code(), signal.code());
        assertThat(kinds.statusCode()).isEqualTo(409);
        assertThat(json(kinds).get("detail").asString()).contains("corruption signal");
        assertThat(staff(
                                "POST",
                                "/" + duplicate.code() + "/merge",
                                "akimat.official",
                                "{\"into\": \"" + target.code() + "\"}")
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> merged = merge(duplicate.code(), target.code());
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        assertThat(json(merged).get("merged_into").asString()).isEqualTo(target.code());
        assertThat(row(target.code(), "support_count::text"))
                .as("two people, one counted once")
                .isEqualTo("2");
        assertThat(json(http.get("/api/v1/appeals/track/" + duplicate.code()))
                        .get("merged_into")
                        .asString())
                .isEqualTo(target.code());
        HttpResponse<String> intoMerged = merge(other.code(), duplicate.code());
        assertThat(intoMerged.statusCode()).isEqualTo(409);
        assertThat(json(intoMerged).get("detail").asString()).contains("merged into another appeal itself");
        assertThat(merge(duplicate.code(), other.code()).statusCode())
                .as("a merged appeal is not open")
                .isEqualTo(409);
        assertThat(support(duplicate.code(), "203.0.113.3").statusCode())
                .as("a merged appeal takes no support")
                .isEqualTo(409);
    }

    @Test
    void anAnswerWithAFileTheStoreRefusesKeepsNeitherTheAnswerNorItsOtherFiles() throws IOException {
        Submitted s = submit("roads", "Разбитый тротуар", "ru", null);
        assertThat(staff("POST", "/" + s.code() + "/route", "moder", "{\"agency\": \"akimat-astana\"}")
                        .statusCode())
                .isEqualTo(200);
        List<Path> before = storedFiles();
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("act.png", TestFiles.png(41, 29));
        files.put("photo.png", "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> refused = answerWithFiles(s.code(), "akimat.official", "Отремонтировано", files);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(415);
        assertThat(json(refused).get("file").asString()).isEqualTo("photo.png");
        assertThat(row(s.code(), "status")).isEqualTo("routed");
        assertThat(row(s.code(), "answer_text IS NULL")).isEqualTo("true");
        assertThat(storedFiles())
                .as("the accepted file of the refused answer is gone")
                .isEqualTo(before);
    }

    @Test
    void aMergeTakesItsTwoAppealsInOneOrderSoThatItCannotDeadlockWithAnotherStep() throws Exception {
        Submitted first = submit("roads", "Яма у остановки", "ru", null);
        Submitted second = submit("roads", "Та же яма у остановки", "ru", null);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection other = dataSource.getConnection()) {
            // another step holds the older appeal
            other.setAutoCommit(false);
            lockRow(other, first.code());
            // merging the newer into the older must wait for it without holding the newer meanwhile
            Future<HttpResponse<String>> merge = pool.submit(() -> merge(second.code(), first.code()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                    + " AND wait_event_type = 'Lock'"
                                    + " AND query LIKE '%FOR UPDATE%'")
                            .query(Long.class)
                            .single()
                    == 0) {
                assertThat(System.nanoTime()).as("the merge waits for the lock").isLessThan(deadline);
                Thread.sleep(20);
            }
            // so the other step can still take the newer one, and both finish
            lockRow(other, second.code());
            other.commit();
            HttpResponse<String> merged = merge.get(30, TimeUnit.SECONDS);
            assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
            assertThat(row(second.code(), "status")).isEqualTo("merged");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void lockRow(Connection c, String code) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT id FROM appeal WHERE tracking_code = ? FOR UPDATE")) {
            st.setString(1, code);
            st.executeQuery().close();
        }
    }

    @Test
    void aRestartTellsSupportersApartWithTheSameKeptKey() {
        String before = supporters.of("203.0.113.77");
        SupporterHash afterRestart = new SupporterHash(settings, keys);
        assertThat(afterRestart.of("203.0.113.77")).isEqualTo(before).hasSize(64);
        assertThat(afterRestart.of("203.0.113.78")).isNotEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM service_key WHERE name = 'appeal_supporter'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void anAdministratorDeclaresADayOffAndLaterAppealsAreDueADayLater() {
        Submitted before = submit("utilities", "Нет воды в подъезде", "ru", null);
        LocalDate due = LocalDate.parse(row(before.code(), "due_date::text"));
        LocalDate firstWorkingDay =
                LocalDate.parse(jdbc.sql("""
                        SELECT d::date::text
                        FROM (SELECT (now() AT TIME ZONE INTERVAL '+05:00')::date AS today) k,
                             generate_series(k.today + 1, k.today + 30, interval '1 day') d
                        WHERE extract(isodow FROM d) < 6
                          AND NOT EXISTS (SELECT 1 FROM work_calendar_day w WHERE w.day = d::date AND w.day_off)
                        ORDER BY d LIMIT 1
                        """).query(String.class).single());
        String day = "{\"day_off\": true, \"kind\": \"transfer\", \"name\": \"Перенос выходного\"}";
        assertThat(call("PUT", "/api/v1/admin/working-calendar/" + firstWorkingDay, "moder", day)
                        .statusCode())
                .as("only an administrator keeps the calendar")
                .isEqualTo(403);
        HttpResponse<String> set = call("PUT", "/api/v1/admin/working-calendar/" + firstWorkingDay, "boss", day);
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(call("PUT", "/api/v1/admin/working-calendar/2027-13-01", "boss", day)
                        .statusCode())
                .isEqualTo(400);
        assertThat(call("GET", "/api/v1/admin/working-calendar?year=" + firstWorkingDay.getYear(), "boss", null)
                        .body())
                .contains(firstWorkingDay.toString(), "Перенос выходного");

        Submitted after = submit("utilities", "Нет воды во дворе", "ru", null);
        LocalDate dueAfter = LocalDate.parse(row(after.code(), "due_date::text"));
        assertThat(dueAfter).as("one working day fewer in the period").isAfter(due);
        assertThat(LocalDate.parse(row(before.code(), "due_date::text")))
                .as("a due date once told stays")
                .isEqualTo(due);

        assertThat(call("DELETE", "/api/v1/admin/working-calendar/" + firstWorkingDay, "boss", null)
                        .statusCode())
                .isEqualTo(204);
        Submitted again = submit("utilities", "Нет воды на кухне", "ru", null);
        assertThat(LocalDate.parse(row(again.code(), "due_date::text"))).isEqualTo(due);
    }

    @Test
    void supportIsOncePerPersonLimitedPerHourAndNotForSignals() {
        Submitted s = submit("roads", "Нет тротуара", "ru", null);
        HttpResponse<String> first = support(s.code(), "198.51.100.7");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).get("tracking_code").asString()).isEqualTo(s.code());
        assertThat(json(first).get("support_count").asInt()).isEqualTo(1);
        assertThat(support(s.code(), "198.51.100.7").statusCode()).isEqualTo(409);
        assertThat(json(support(s.code(), "198.51.100.8")).get("support_count").asInt())
                .isEqualTo(2);
        assertThat(json(http.get("/api/v1/appeals/track/" + s.code()))
                        .get("support_count")
                        .asInt())
                .isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM appeal_support WHERE supporter_hash IN (:plain)")
                        .param(
                                "plain",
                                List.of(
                                        AppealSubmissionService.sha256Hex("198.51.100.7"),
                                        AppealSubmissionService.sha256Hex("198.51.100.8")))
                        .query(Long.class)
                        .single())
                .as("a keyed hash, not one anybody can recompute from an address")
                .isZero();

        Submitted signal = submit("corruption", "Взятка", "ru", null);
        assertThat(support(signal.code(), "198.51.100.9").statusCode()).isEqualTo(404);
        assertThat(support("AM-ZZZZ-ZZZZ", "198.51.100.9").statusCode()).isEqualTo(404);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(support(submit("roads", "Яма " + i, "ru", null).code(), "198.51.100.99")
                    .statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 429);
    }

    @Test
    void theStaffQueueFiltersAndPutsOverdueFirst() {
        Submitted late = submit("roads", "Старая яма уникум-42", "ru", null);
        Submitted fresh = submit("roads", "Новая яма уникум-42", "ru", null);
        jdbc.sql("UPDATE appeal SET due_date = '2020-01-01' WHERE tracking_code = :c")
                .param("c", late.code())
                .update();
        JsonNode queue = json(staff("GET", "?q=%D1%83%D0%BD%D0%B8%D0%BA%D1%83%D0%BC-42", "moder", null));
        assertThat(queue.get("items").findValuesAsString("tracking_code")).containsExactly(late.code(), fresh.code());
        assertThat(queue.get("items").get(0).get("overdue").asBoolean()).isTrue();
        assertThat(queue.get("total").asInt()).isEqualTo(2);
        JsonNode overdue = json(staff("GET", "?overdue=true&size=200", "moder", null));
        assertThat(overdue.get("items").findValuesAsString("tracking_code"))
                .contains(late.code())
                .doesNotContain(fresh.code());
        assertThat(json(staff("GET", "?status=rejected&q=" + fresh.code(), "moder", null))
                        .get("total")
                        .asInt())
                .isZero();
        assertThat(staff("GET", "?status=lost", "moder", null).statusCode()).isEqualTo(400);
        assertThat(http.get("/api/v1/staff/appeals").statusCode())
                .as("not without signing in")
                .isEqualTo(401);
    }

    @Test
    void aModeratorEditsThePublicTextAnOfficialMayNot() {
        Submitted s = submit("roads", RAW_TEXT, "ru", null);
        assertThat(json(http.get("/api/v1/appeals/track/" + s.code()))
                        .get("text")
                        .asString())
                .doesNotContain("87051112233");
        staff("POST", "/" + s.code() + "/route", "moder", "{\"agency\": \"akimat-astana\"}");
        assertThat(staff("PATCH", "/" + s.code() + "/public-text", "akimat.official", "{\"public_text\": \"x\"}")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> edited =
                staff("PATCH", "/" + s.code() + "/public-text", "moder", "{\"public_text\": \"Фонарь не горит\"}");
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        assertThat(json(http.get("/api/v1/appeals/track/" + s.code()))
                        .get("text")
                        .asString())
                .isEqualTo("Фонарь не горит");
        assertThat(staff("POST", "/" + s.code() + "/reject", "moder", "{}").statusCode())
                .isEqualTo(409);
    }

    @Test
    void anAdministratorIssuesABotTokenThatSubmitsUntilRevoked() {
        assertThat(post("/api/v1/admin/api-tokens", "{\"name\": \"whatsapp\"}", "moder")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> issued = post("/api/v1/admin/api-tokens", "{\"name\": \"whatsapp\"}", "boss");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String token = json(issued).get("token").asString();
        int id = json(issued).get("id").asInt();
        assertThat(jdbc.sql("SELECT token_sha256 FROM api_token WHERE id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo(AppealSubmissionService.sha256Hex(token));
        HttpResponse<String> list =
                http.send(authorized("/api/v1/admin/api-tokens", "boss").GET().build());
        assertThat(list.body()).contains("whatsapp").doesNotContain(token);
        assertThat(post("/api/v1/admin/api-tokens", "{\"name\": \"whatsapp\"}", "boss")
                        .statusCode())
                .isEqualTo(400);

        HttpResponse<String> bot = bot(token);
        assertThat(bot.statusCode()).as(bot.body()).isEqualTo(201);
        assertThat(row(json(bot).get("tracking_code").asString(), "channel")).isEqualTo("messenger");
        HttpResponse<String> revoked = http.send(
                authorized("/api/v1/admin/api-tokens/" + id, "boss").DELETE().build());
        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(bot(token).statusCode()).isEqualTo(401);
        assertThat(http.send(authorized("/api/v1/admin/api-tokens/99999", "boss")
                                .DELETE()
                                .build())
                        .statusCode())
                .isEqualTo(404);
    }

    /** Routes {@code code} to the akimat and answers it. */
    private void answered(String code) {
        assertThat(staff("POST", "/" + code + "/route", "moder", "{\"agency\": \"akimat-astana\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(staff("POST", "/" + code + "/answer", "akimat.official", "{\"text\": \"Сделано\"}")
                        .statusCode())
                .isEqualTo(200);
    }

    private Submitted submit(String category, String text, String language, String contact) {
        String body =
                """
                {"location": {"lon": 71.43, "lat": 51.13}, "category": "%s", "text": "%s", "consent": true,
                 "language": "%s"%s}
                """.formatted(category, text, language, contact == null ? "" : ", \"contact\": {" + contact + "}");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri("/api/v1/appeals"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", "192.0.2." + client.incrementAndGet() % 250)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode answer = json(response);
        assertThat(answer.has("tracking_secret"))
                .as("every appeal has a secret")
                .isTrue();
        return new Submitted(
                answer.get("tracking_code").asString(),
                answer.get("tracking_secret").asString());
    }

    private HttpResponse<String> bot(String token) {
        return http.send(HttpRequest.newBuilder(http.uri("/api/v1/appeals"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"location": {"lon": 71.43, "lat": 51.13}, "category": "roads", "text": "Из бота",
                         "consent": true, "channel": "messenger"}
                        """))
                .build());
    }

    private HttpResponse<String> staff(String method, String path, String user, String body) {
        return call(method, "/api/v1/staff/appeals" + path, user, body);
    }

    private HttpResponse<String> call(String method, String path, String user, String body) {
        HttpRequest.Builder b = authorized(path, user);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> post(String path, String body, String user) {
        return http.post(path, body, user, PASSWORD);
    }

    private HttpRequest.Builder authorized(String path, String user) {
        return HttpRequest.newBuilder(http.uri(path))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> merge(String code, String into) {
        return staff("POST", "/" + code + "/merge", "moder", "{\"into\": \"" + into + "\"}");
    }

    private HttpResponse<String> answerWithFile(String code, String user, String text) {
        return answerWithFiles(code, user, text, Map.of("act.png", TestFiles.png(40, 30)));
    }

    private HttpResponse<String> answerWithFiles(String code, String user, String text, Map<String, byte[]> files) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"text\"\r\n"
                        + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + text + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        files.forEach((name, bytes) -> {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                            + "\"\r\nContent-Type: image/png\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(bytes);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(authorized("/api/v1/staff/appeals/" + code + "/answer", user)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    /** The files of the store, not counting parts of requests still being received. */
    private static List<Path> storedFiles() throws IOException {
        try (var files = Files.walk(STORE)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !STORE.relativize(f).startsWith("tmp"))
                    .toList();
        }
    }

    private HttpResponse<String> rate(String code, String secret, int rating) {
        return citizen("/api/v1/appeals/track/" + code + "/rating", secret, "{\"rating\": " + rating + "}");
    }

    private HttpResponse<String> reopen(String code, String secret, String reason) {
        return citizen("/api/v1/appeals/track/" + code + "/reopen", secret, "{\"reason\": \"" + reason + "\"}");
    }

    private HttpResponse<String> citizen(String path, String secret, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            b.header("X-Appeal-Secret", secret);
        }
        return http.send(b.build());
    }

    private HttpResponse<String> support(String code, String address) {
        return http.send(HttpRequest.newBuilder(http.uri("/api/v1/appeals/" + code + "/support"))
                .header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /** The timeline as "from→to by role: reason". */
    private List<String> timeline(String code) {
        return jdbc.sql("""
                SELECT coalesce(s.from_status, 'null') || '→' || s.to_status || ' by ' || s.actor_role
                       || coalesce(': ' || s.reason, '')
                FROM appeal_status_change s JOIN appeal a ON a.id = s.appeal_id
                WHERE a.tracking_code = :c ORDER BY s.id
                """).param("c", code).query(String.class).list();
    }

    private String row(String code, String expression) {
        return jdbc.sql("SELECT (" + expression + ")::text FROM appeal WHERE tracking_code = :c")
                .param("c", code)
                .query(String.class)
                .single();
    }

    private long outbox(String recipient) {
        return jdbc.sql("SELECT count(*) FROM outbox_message WHERE recipient = :r")
                .param("r", recipient)
                .query(Long.class)
                .single();
    }

    private void user(String username, String role, String agency) {
        int id = jdbc.sql("""
                INSERT INTO app_user (username, password_hash, display_name, agency_id)
                VALUES (:u, :p, :u, (SELECT id FROM agency WHERE code = :agency)) RETURNING id
                """)
                .param("u", username)
                .param("p", passwords.encode(PASSWORD))
                .param("agency", agency)
                .query(Integer.class)
                .single();
        jdbc.sql("INSERT INTO user_role (user_id, role) VALUES (:id, :role)")
                .param("id", id)
                .param("role", role)
                .update();
    }
}
