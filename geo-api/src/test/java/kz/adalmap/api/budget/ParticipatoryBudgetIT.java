package kz.adalmap.api.budget;

import static kz.adalmap.api.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The participatory budget against a real PostGIS, through its HTTP API: every phase rule (a request
 * outside its phase is answered 409 naming the phase's dates), reviewers of another region refused (403),
 * proposals inside the district and within the cap, with a photo and an Idempotency-Key, confirmation codes
 * read from the outbox, one ballot per person even when the clicks come at once, results that skip what no
 * longer fits in the cap, and the winners' milestones.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "adalmap.outbox.enabled=false",
            "adalmap.mail.host=",
            "adalmap.budget.verifications-per-client-per-hour=1000",
            "adalmap.budget.proposals-per-client-per-hour=1000"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParticipatoryBudgetIT {

    private static final Path STORE = TempDirs.create("adalmap-budget-it");

    private static final String PASSWORD = "secret-password";
    private static final String BOUNDARY = "adalmap-budget-boundary";
    private static final String DISTRICT_A = "711000000";
    private static final String DISTRICT_B = "751000000";
    /** Inside district A (its box is 71.0–71.2 E, 51.0–51.2 N). */
    private static final double[] INSIDE = {71.1, 51.1};

    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "participatory_budget");
        registry.add("adalmap.attachments.dir", STORE::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    TestHttp http;

    private final AtomicInteger year = new AtomicInteger(2030);
    private final AtomicInteger person = new AtomicInteger();

    @BeforeAll
    void setUp() {
        http = new TestHttp(port);
        region("710000000", DISTRICT_A, 71.0, 51.0);
        region("750000000", DISTRICT_B, 76.8, 43.2);
        user("boss", "admin", null);
        user("reviewer.a", "budget_reviewer", "710000000");
        user("reviewer.b", "budget_reviewer", "750000000");
        user("land.a", "land_editor", "710000000");
    }

    @Test
    void cyclesAreSetUpOnlyByAdministratorsAndReviewersOfTheirRegion() {
        String body = cycleBody(DISTRICT_A, year.getAndIncrement(), 1_000_000, 1, "proposals");
        assertThat(post("/api/v1/budget/cycles", body, null).statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/budget/cycles", body, "land.a").statusCode()).isEqualTo(403);
        HttpResponse<String> other = post("/api/v1/budget/cycles", body, "reviewer.b");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(json(other).path("detail").asString()).contains("reviewer.b", "710000000");

        HttpResponse<String> created = post("/api/v1/budget/cycles", body, "reviewer.a");
        assertThat(created.statusCode()).isEqualTo(201);
        long id = json(created).path("id").asLong();
        assertThat(post("/api/v1/budget/cycles", body, "boss").statusCode()).isEqualTo(409);

        // an edit from another region is refused and changes nothing
        String edit = cycleBody(null, 2099, 5, 1, "voting");
        assertThat(put("/api/v1/budget/cycles/" + id, edit, "reviewer.b").statusCode())
                .isEqualTo(403);
        JsonNode cycle = json(http.get("/api/v1/budget/cycles/" + id));
        assertThat(cycle.path("phase").asString()).isEqualTo("proposals");
        assertThat(cycle.path("cap_tenge").asLong()).isEqualTo(1_000_000);
        assertThat(cycle.path("district").path("kato_code").asString()).isEqualTo(DISTRICT_A);
        assertThat(cycle.path("district_geometry").path("type").asString()).isEqualTo("MultiPolygon");
        assertThat(cycle.path("phases").path("proposals").path("to").asString())
                .isEqualTo(today().plusDays(9).toString());

        assertThat(put("/api/v1/budget/cycles/" + id, edit, "reviewer.a").statusCode())
                .isEqualTo(204);
        assertThat(json(http.get("/api/v1/budget/cycles/" + id)).path("phase").asString())
                .isEqualTo("voting");
        JsonNode listed = json(http.get("/api/v1/budget/cycles?region=710000000"));
        assertThat(listed.isArray()).isTrue();
        listed.forEach(
                c -> assertThat(c.path("region").path("kato_code").asString()).isEqualTo("710000000"));
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE entity_type = 'budget_cycle' AND entity_id = :id")
                        .param("id", String.valueOf(id))
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void proposalsAreTakenDuringTheirPhaseInsideTheDistrictWithinTheCap() throws IOException {
        long cycle = cycle(1_000_000, 1, "proposals");
        String hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>";
        HttpResponse<String> made = propose(
                cycle,
                Map.of(
                        "title",
                        hostile,
                        "description",
                        "Скамейки и освещение во дворе",
                        "cost_tenge",
                        "400000",
                        "lon",
                        String.valueOf(INSIDE[0]),
                        "lat",
                        String.valueOf(INSIDE[1]),
                        "contact_email",
                        "aliya@example.kz",
                        "contact_phone",
                        "+7 701 555 44 33"),
                List.of(png()),
                "key-1");
        assertThat(made.statusCode()).isEqualTo(201);
        long id = json(made).path("id").asLong();

        // a retry with the same key and content is the same proposal; another body with that key is refused
        HttpResponse<String> retry = propose(
                cycle,
                Map.of(
                        "title",
                        hostile,
                        "description",
                        "Скамейки и освещение во дворе",
                        "cost_tenge",
                        "400000",
                        "lon",
                        String.valueOf(INSIDE[0]),
                        "lat",
                        String.valueOf(INSIDE[1]),
                        "contact_email",
                        "aliya@example.kz",
                        "contact_phone",
                        "+7 701 555 44 33"),
                List.of(png()),
                "key-1");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(json(retry).path("id").asLong()).isEqualTo(id);
        assertThat(propose(cycle, fields("Другое", 1000, INSIDE), List.of(), "key-1")
                        .statusCode())
                .isEqualTo(409);

        HttpResponse<String> list = http.get("/api/v1/budget/cycles/" + cycle + "/proposals");
        assertThat(list.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/geo+json");
        assertThat(list.body()).doesNotContain("aliya", "555", "example.kz");
        JsonNode feature = json(list).path("features").get(0);
        assertThat(feature.path("properties").path("title").asString()).isEqualTo(hostile);
        assertThat(feature.path("properties").path("status").asString()).isEqualTo("submitted");
        assertThat(feature.path("geometry").path("type").asString()).isEqualTo("Point");
        long photo = feature.path("properties").path("photos").get(0).asLong();
        HttpResponse<byte[]> image = getBytes("/api/v1/budget/photos/" + photo);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("image/png");
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(image.body()))).isNotNull();
        assertThat(getBytes("/api/v1/budget/photos/" + photo + "/thumbnail").statusCode())
                .isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM budget_proposal")
                        .query(Long.class)
                        .single())
                .as("the retry made no second proposal")
                .isEqualTo(jdbc.sql("SELECT count(DISTINCT id) FROM budget_proposal")
                        .query(Long.class)
                        .single());

        // an area inside the district is a proposal too
        String polygon = "{\"type\":\"Polygon\",\"coordinates\":[[[71.05,51.05],[71.06,51.05],[71.06,51.06],"
                + "[71.05,51.05]]]}";
        Map<String, String> area = new LinkedHashMap<>(fields("Сквер", 1000, null));
        area.put("geometry", polygon);
        assertThat(propose(cycle, area, List.of(), null).statusCode()).isEqualTo(201);

        HttpResponse<String> outside =
                propose(cycle, fields("Далеко", 1000, new double[] {76.9, 43.3}), List.of(), null);
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(json(outside).path("detail").asString()).contains("not inside district " + DISTRICT_A);
        HttpResponse<String> tooDear = propose(cycle, fields("Дворец", 1_000_001, INSIDE), List.of(), null);
        assertThat(tooDear.statusCode()).isEqualTo(400);
        assertThat(json(tooDear).path("detail").asString()).contains("1000000 tenge");
        HttpResponse<String> notPhoto = propose(
                cycle, fields("Видео", 1000, INSIDE), List.of("<html><script>alert(1)</script>".getBytes()), null);
        assertThat(notPhoto.statusCode()).isIn(400, 415);

        move(cycle, "review");
        HttpResponse<String> late = propose(cycle, fields("Поздно", 1000, INSIDE), List.of(), null);
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(late).path("detail").asString())
                .contains(
                        "proposals phase",
                        today().minusDays(10).toString(),
                        today().minusDays(1).toString());
        assertThat(late.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    @Test
    void reviewersOfTheRegionAcceptOrRejectDuringReviewWithAPublicReason() {
        long cycle = cycle(1_000_000, 1, "proposals");
        long first = id(propose(cycle, fields("Детская площадка", 300_000, INSIDE), List.of(), null));
        long second = id(propose(cycle, fields("Фонтан", 900_000, INSIDE), List.of(), null));
        HttpResponse<String> early = review(first, "accepted", null, "reviewer.a");
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(json(early).path("detail").asString()).contains("review phase");

        move(cycle, "review");
        assertThat(review(first, "accepted", null, "reviewer.b").statusCode()).isEqualTo(403);
        assertThat(review(first, "accepted", null, null).statusCode()).isEqualTo(401);
        assertThat(review(second, "rejected", " ", "reviewer.a").statusCode()).isEqualTo(400);
        assertThat(review(first, "accepted", "Соответствует правилам", "reviewer.a")
                        .statusCode())
                .isEqualTo(204);
        assertThat(review(second, "rejected", "Стоимость завышена", "boss").statusCode())
                .isEqualTo(204);
        assertThat(review(first, "rejected", "передумали", "reviewer.a").statusCode())
                .isEqualTo(409);

        JsonNode features =
                json(http.get("/api/v1/budget/cycles/" + cycle + "/proposals")).path("features");
        Map<Long, JsonNode> byId = new LinkedHashMap<>();
        features.forEach(f -> byId.put(f.path("id").asLong(), f.path("properties")));
        assertThat(byId.get(first).path("status").asString()).isEqualTo("accepted");
        assertThat(byId.get(first).path("votes").asLong()).isZero();
        assertThat(byId.get(second).path("status").asString()).isEqualTo("rejected");
        assertThat(byId.get(second).path("review_reason").asString()).isEqualTo("Стоимость завышена");
        assertThat(byId.get(second).path("votes").isNull()).isTrue();
    }

    @Test
    void aVerifiedResidentVotesOnceAndOnlyDuringVoting() {
        long cycle = cycle(1_000_000, 2, "proposals");
        long a = id(propose(cycle, fields("Аллея", 100_000, INSIDE), List.of(), null));
        long b = id(propose(cycle, fields("Спортплощадка", 200_000, INSIDE), List.of(), null));
        long rejected = id(propose(cycle, fields("Забор", 50_000, INSIDE), List.of(), null));
        String email = "Voter" + person.incrementAndGet() + "@Example.kz";

        HttpResponse<String> tooEarly = verify(cycle, email);
        assertThat(tooEarly.statusCode()).isEqualTo(409);
        assertThat(json(tooEarly).path("detail").asString())
                .contains(
                        "voting phase",
                        today().plusDays(20).toString(),
                        today().plusDays(29).toString());
        move(cycle, "review");
        review(a, "accepted", null, "reviewer.a");
        review(b, "accepted", null, "reviewer.a");
        review(rejected, "rejected", "Не в компетенции района", "reviewer.a");
        move(cycle, "voting");

        HttpResponse<String> sent = verify(cycle, email);
        assertThat(sent.statusCode()).isEqualTo(201);
        JsonNode v = json(sent);
        assertThat(v.path("channel").asString()).isEqualTo("email");
        assertThat(v.path("sent_to").asString()).isEqualTo("V***@Example.kz");
        String code = codeSentTo(email);
        // the address is kept nowhere but in the outbox that sends the code
        assertThat(jdbc.sql("SELECT count(*) FROM budget_verification WHERE voter_hmac ILIKE :a OR code_hmac = :c")
                        .param("a", "%" + email.toLowerCase() + "%")
                        .param("c", code)
                        .query(Long.class)
                        .single())
                .isZero();

        String verification = v.path("verification_id").asString();
        assertThat(vote(cycle, verification, code.equals("000000") ? "000001" : "000000", List.of(a))
                        .statusCode())
                .isEqualTo(400);
        assertThat(vote(cycle, verification, code, List.of(rejected)).statusCode())
                .isEqualTo(409);
        assertThat(vote(cycle, verification, code, List.of(a, b, a)).statusCode())
                .isEqualTo(400);
        assertThat(vote(cycle, verification, code, List.of(a, b)).statusCode()).isEqualTo(201);

        // the same person again: no new code, and a code asked for before voting does not count twice
        HttpResponse<String> again = verify(cycle, email.toLowerCase());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).path("detail").asString()).contains("already voted");
        assertThat(vote(cycle, verification, code, List.of(a)).statusCode()).isEqualTo(409);

        String phone = "+7 701 " + String.format("%03d", person.incrementAndGet()) + " 11 22";
        HttpResponse<String> firstCode = verify(cycle, phone);
        String code1 = codeSentTo(phoneRecipient(phone));
        String secondVerification =
                json(verify(cycle, phone)).path("verification_id").asString();
        String code2 = codeSentTo(phoneRecipient(phone));
        assertThat(jdbc.sql("SELECT channel FROM outbox_message ORDER BY id DESC LIMIT 1")
                        .query(String.class)
                        .single())
                .isEqualTo("sms");
        assertThat(vote(cycle, json(firstCode).path("verification_id").asString(), code1, List.of(b))
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> twice = vote(cycle, secondVerification, code2, List.of(a));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(json(twice).path("detail").asString()).contains("already voted");

        JsonNode results = json(http.get("/api/v1/budget/cycles/" + cycle + "/results"));
        Map<Long, Long> votes = new LinkedHashMap<>();
        results.path("proposals")
                .forEach(p -> votes.put(p.path("id").asLong(), p.path("votes").asLong()));
        assertThat(votes).containsExactly(Map.entry(b, 2L), Map.entry(a, 1L));

        move(cycle, "implementation");
        HttpResponse<String> late = vote(cycle, secondVerification, code2, List.of(a));
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(late).path("detail").asString())
                .contains(
                        "voting phase",
                        today().minusDays(10).toString(),
                        today().minusDays(1).toString());
    }

    @Test
    void clicksAtOnceCountOneVote() throws Exception {
        long cycle = cycle(1_000_000, 1, "proposals");
        long a = id(propose(cycle, fields("Парковка", 100_000, INSIDE), List.of(), null));
        move(cycle, "review");
        review(a, "accepted", null, "reviewer.a");
        move(cycle, "voting");

        // one person, one code, eight clicks at once
        String email = "click" + person.incrementAndGet() + "@example.kz";
        String verification = json(verify(cycle, email)).path("verification_id").asString();
        String code = codeSentTo(email);
        List<Integer> statuses =
                atOnce(8, i -> vote(cycle, verification, code, List.of(a)).statusCode());
        assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);

        // one person with eight codes asked for before voting, each used at once
        String other = "codes" + person.incrementAndGet() + "@example.kz";
        List<String[]> confirmations = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = json(verify(cycle, other)).path("verification_id").asString();
            confirmations.add(new String[] {id, codeSentTo(other)});
        }
        List<Integer> more = atOnce(
                8,
                i -> vote(cycle, confirmations.get(i)[0], confirmations.get(i)[1], List.of(a))
                        .statusCode());
        assertThat(more).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);

        assertThat(jdbc.sql("SELECT count(*) FROM budget_vote WHERE proposal_id = :a")
                        .param("a", a)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        assertThat(json(http.get("/api/v1/budget/cycles/" + cycle + "/results"))
                        .path("proposals")
                        .get(0)
                        .path("votes")
                        .asLong())
                .isEqualTo(2);
    }

    @Test
    void resultsChooseWinnersByVotesWithinTheCapSkippingWhatNoLongerFits() {
        long cycle = cycle(100_000, 1, "proposals");
        long big = id(propose(cycle, fields("Большой", 60_000, INSIDE), List.of(), null));
        long middle = id(propose(cycle, fields("Средний", 50_000, INSIDE), List.of(), null));
        long small = id(propose(cycle, fields("Малый", 30_000, INSIDE), List.of(), null));
        long none = id(propose(cycle, fields("Без голосов", 1_000, INSIDE), List.of(), null));
        move(cycle, "review");
        for (long p : List.of(big, middle, small, none)) {
            review(p, "accepted", null, "reviewer.a");
        }
        move(cycle, "voting");
        for (int i = 0; i < 3; i++) {
            castVote(cycle, big);
        }
        for (int i = 0; i < 2; i++) {
            castVote(cycle, middle);
        }
        castVote(cycle, small);

        JsonNode results = json(http.get("/api/v1/budget/cycles/" + cycle + "/results"));
        assertThat(results.path("cap_tenge").asLong()).isEqualTo(100_000);
        assertThat(results.path("allocated_tenge").asLong()).isEqualTo(90_000);
        assertThat(results.path("remaining_tenge").asLong()).isEqualTo(10_000);
        List<String> rows = new ArrayList<>();
        results.path("proposals")
                .forEach(p -> rows.add(p.path("id").asLong() + ":"
                        + p.path("votes").asLong() + ":" + p.path("winner").asBoolean() + ":"
                        + p.path("skipped").asBoolean()));
        assertThat(rows)
                .containsExactly(
                        big + ":3:true:false",
                        middle + ":2:false:true",
                        small + ":1:true:false",
                        none + ":0:false:false");
    }

    @Test
    void reviewersRecordMilestonesOfWinnersOnceVotingIsOver() throws IOException {
        long cycle = cycle(100_000, 1, "proposals");
        long winner = id(propose(cycle, fields("Освещение", 70_000, INSIDE), List.of(), null));
        long loser = id(propose(cycle, fields("Клумбы", 40_000, INSIDE), List.of(), null));
        move(cycle, "review");
        review(winner, "accepted", null, "reviewer.a");
        review(loser, "accepted", null, "reviewer.a");
        move(cycle, "voting");
        castVote(cycle, winner);
        assertThat(milestone(winner, "Проект готов", false, "reviewer.a").statusCode())
                .isEqualTo(409);

        move(cycle, "implementation");
        assertThat(milestone(winner, "Проект готов", false, "reviewer.b").statusCode())
                .isEqualTo(403);
        assertThat(milestone(loser, "Проект готов", false, "reviewer.a").statusCode())
                .isEqualTo(409);
        HttpResponse<String> added = milestone(winner, "Фонари установлены", true, "reviewer.a");
        assertThat(added.statusCode()).isEqualTo(201);
        long milestone = json(added).path("id").asLong();
        assertThat(milestone(winner, "Проверка", false, "reviewer.a").statusCode())
                .isEqualTo(201);

        JsonNode list = json(http.get("/api/v1/budget/cycles/" + cycle + "/milestones"));
        assertThat(list).hasSize(2);
        JsonNode first = list.get(0);
        assertThat(first.path("title").asString()).isEqualTo("Фонари установлены");
        assertThat(first.path("proposal_id").asLong()).isEqualTo(winner);
        assertThat(first.path("done").asBoolean()).isTrue();
        assertThat(getBytes("/api/v1/budget/photos/"
                                + first.path("photos").get(0).asLong())
                        .statusCode())
                .isEqualTo(200);

        long second = list.get(1).path("id").asLong();
        assertThat(put("/api/v1/budget/milestones/" + second, "{\"done\": true}", "reviewer.b")
                        .statusCode())
                .isEqualTo(403);
        assertThat(put("/api/v1/budget/milestones/" + second, "{\"done\": true}", "reviewer.a")
                        .statusCode())
                .isEqualTo(204);
        assertThat(json(http.get("/api/v1/budget/cycles/" + cycle + "/milestones"))
                        .get(1)
                        .path("done")
                        .asBoolean())
                .isTrue();
        assertThat(milestone).isPositive();
    }

    // ---- helpers

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.ofHours(5));
    }

    /** A cycle body whose dates put today in {@code phase}; each phase is ten days long. */
    private static String cycleBody(String district, int year, long cap, int maxChoices, String phase) {
        int shift = switch (phase) {
            case "proposals" -> 0;
            case "review" -> 10;
            case "voting" -> 20;
            case "implementation" -> 30;
            default -> throw new IllegalArgumentException(phase);
        };
        LocalDate start = today().minusDays(shift);
        return "{" + (district == null ? "" : "\"district\": \"" + district + "\", ")
                + "\"year\": " + year + ", \"cap_tenge\": " + cap + ", \"max_choices\": " + maxChoices
                + ", \"proposals_start\": \"" + start + "\", \"review_start\": \"" + start.plusDays(10)
                + "\", \"voting_start\": \"" + start.plusDays(20) + "\", \"implementation_start\": \""
                + start.plusDays(30) + "\", \"implementation_end\": \"" + start.plusDays(60) + "\"}";
    }

    private long cycle(long cap, int maxChoices, String phase) {
        HttpResponse<String> r = post(
                "/api/v1/budget/cycles", cycleBody(DISTRICT_A, year.getAndIncrement(), cap, maxChoices, phase), "boss");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).path("id").asLong();
    }

    private void move(long cycle, String phase) {
        JsonNode c = json(http.get("/api/v1/budget/cycles/" + cycle));
        String body = cycleBody(
                null,
                c.path("year").asInt(),
                c.path("cap_tenge").asLong(),
                c.path("max_choices").asInt(),
                phase);
        HttpResponse<String> r = put("/api/v1/budget/cycles/" + cycle, body, "boss");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    private static Map<String, String> fields(String title, long cost, double[] where) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("title", title);
        f.put("description", "Описание: " + title);
        f.put("cost_tenge", String.valueOf(cost));
        if (where != null) {
            f.put("lon", String.valueOf(where[0]));
            f.put("lat", String.valueOf(where[1]));
        }
        return f;
    }

    private HttpResponse<String> propose(long cycle, Map<String, String> fields, List<byte[]> photos, String key) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
                        + name + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        int n = 1;
        for (byte[] photo : photos) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"photo"
                            + n++ + ".png\"\r\nContent-Type: image/png\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(photo);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri("/api/v1/budget/cycles/" + cycle + "/proposals"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (key != null) {
            b.header("Idempotency-Key", key + "-" + cycle);
        }
        return http.send(b.build());
    }

    private HttpResponse<String> milestone(long proposal, String title, boolean done, String user) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> fields = Map.of("title", title, "date", today().toString(), "done", String.valueOf(done));
        fields.forEach((name, value) -> body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
                        + name + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"m.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(png());
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(authorized("/api/v1/budget/proposals/" + proposal + "/milestones", user)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    private static long id(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).path("id").asLong();
    }

    private HttpResponse<String> review(long proposal, String decision, String reason, String user) {
        String body = "{\"decision\": \"" + decision + "\"" + (reason == null ? "" : ", \"reason\": \"" + reason + "\"")
                + "}";
        return post("/api/v1/budget/proposals/" + proposal + "/review", body, user);
    }

    private HttpResponse<String> verify(long cycle, String address) {
        return post(
                "/api/v1/budget/cycles/" + cycle + "/verifications",
                "{\"address\": \"" + address + "\", \"language\": \"ru\"}",
                null);
    }

    private HttpResponse<String> vote(long cycle, String verification, String code, List<Long> proposals) {
        return post(
                "/api/v1/budget/cycles/" + cycle + "/votes",
                "{\"verification_id\": \"" + verification + "\", \"code\": \"" + code + "\", \"proposals\": "
                        + proposals + "}",
                null);
    }

    /** A new person asks for a code by e-mail, reads it from the outbox and votes for {@code proposal}. */
    private void castVote(long cycle, long proposal) {
        String email = "resident" + person.incrementAndGet() + "@example.kz";
        String verification = json(verify(cycle, email)).path("verification_id").asString();
        HttpResponse<String> r = vote(cycle, verification, codeSentTo(email), List.of(proposal));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** The code of the last message queued to {@code recipient}. */
    private String codeSentTo(String recipient) {
        String body = jdbc.sql("SELECT body FROM outbox_message WHERE recipient = :r ORDER BY id DESC LIMIT 1")
                .param("r", recipient)
                .query(String.class)
                .single();
        Matcher m = CODE.matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }

    private static String phoneRecipient(String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        return "+7" + digits.substring(digits.length() - 10);
    }

    private static <T> List<T> atOnce(int n, java.util.function.IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                Callable<T> c = () -> {
                    start.await();
                    return task.apply(k);
                };
                futures.add(pool.submit(c));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
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

    private HttpResponse<String> post(String path, String json, String user) {
        return http.send(authorized(path, user)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private HttpResponse<String> put(String path, String json, String user) {
        return http.send(authorized(path, user)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private HttpRequest.Builder authorized(String path, String user) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(path));
        if (user != null) {
            b.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(30, 120, 60));
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private void region(String regionKato, String districtKato, double lon, double lat) {
        int region = jdbc.sql("""
                INSERT INTO region (kato_code, name_kk, name_ru, name_en, geom)
                VALUES (:kato, :kato, :kato, :kato, ST_Multi(ST_MakeEnvelope(:lon - 1, :lat - 1, :lon + 1, :lat + 1, 4326)))
                RETURNING id
                """)
                .param("kato", regionKato)
                .param("lon", lon)
                .param("lat", lat)
                .query(Integer.class)
                .single();
        jdbc.sql("""
                INSERT INTO district (region_id, kato_code, name_kk, name_ru, name_en, geom)
                VALUES (:region, :kato, 'Аудан', 'Район', 'District',
                        ST_Multi(ST_MakeEnvelope(:lon, :lat, :lon + 0.2, :lat + 0.2, 4326)))
                """)
                .param("region", region)
                .param("kato", districtKato)
                .param("lon", lon)
                .param("lat", lat)
                .update();
    }

    private void user(String username, String role, String regionKato) {
        int id = jdbc.sql("""
                INSERT INTO app_user (username, password_hash, display_name) VALUES (:u, :p, :u) RETURNING id
                """)
                .param("u", username)
                .param("p", passwords.encode(PASSWORD))
                .query(Integer.class)
                .single();
        jdbc.sql("INSERT INTO user_role (user_id, role) VALUES (:id, :role)")
                .param("id", id)
                .param("role", role)
                .update();
        if (regionKato != null) {
            jdbc.sql("INSERT INTO user_region (user_id, region_id) SELECT :id, id FROM region WHERE kato_code = :k")
                    .param("id", id)
                    .param("k", regionKato)
                    .update();
        }
    }
}
