package kz.adalmap.api.open311;

import static kz.adalmap.api.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TestHttp;
import org.junit.jupiter.api.AfterEach;
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
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import tools.jackson.databind.JsonNode;

/**
 * Open311 GeoReport v2 against a real PostGIS holding seven appeals: public ones of several statuses and ages,
 * one with private text, one with hostile text, one merged, and a corruption signal, each with a known contact
 * that must never come out. Both formats are parsed, XML with the JDK's own parser.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Open311IT {

    private static final String NAME = "Жанар Сейткалиева";
    private static final String PHONE = "+7 701 555 12 34";
    private static final String IIN = "880512400321";
    private static final String EMAIL = "zhanar.s@example.kz";
    private static final List<String> SECRETS = List.of(NAME, PHONE, IIN, EMAIL, "7015551234", "Сейткалиева");
    private static final String HOSTILE = "<script>alert('x')</script> & \"кавычки\" ]]> <!-- -->";
    private static final String KEY = "partner-key-7f3a9c";
    private static final ZoneId ALMATY = ZoneId.of("Asia/Almaty");
    private static final String OFFSET_DATE_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+05:00";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "open311");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    @BeforeAll
    void seed() {
        http = new TestHttp(port);
        jdbc.sql("""
                INSERT INTO api_token (name, token_sha256, revoked_at) VALUES
                 ('partner-bot', encode(sha256(convert_to(:key, 'UTF8')), 'hex'), NULL),
                 ('old-bot', encode(sha256(convert_to('revoked-key', 'UTF8')), 'hex'), now())
                """).param("key", KEY).update();
        int agency = jdbc.sql("""
                INSERT INTO agency (code, name_kk, name_ru, name_en)
                VALUES ('astana-roads', 'Астана жолдары', 'Дороги Астаны', 'Astana roads') RETURNING id
                """).query(Integer.class).single();
        insert("AM-TEST-0001", "roads", "Яма у дома 5. Звоните " + PHONE + ", ИИН " + IIN, false, "new", 1);
        insert("AM-TEST-0002", "housing", "Протекает крыша, " + NAME + " просит не публиковать", true, "answered", 2);
        insert("AM-TEST-0003", "corruption", "Сигнал о взятке при выделении участка", false, "new", 1);
        insert("AM-TEST-0004", "utilities", "Нет горячей воды", false, "resolved", 120);
        insert("AM-TEST-0005", "roads", HOSTILE, false, "rejected", 3);
        insert("AM-TEST-0006", "roads", "Та же яма у дома 5", false, "merged", 4);
        jdbc.sql(
                        "UPDATE appeal SET agency_id = :agency, due_date = DATE '2026-12-02' WHERE tracking_code = 'AM-TEST-0001'")
                .param("agency", agency)
                .update();
        jdbc.sql("UPDATE appeal SET answer_text = 'Крышу починят до пятницы.' WHERE tracking_code = 'AM-TEST-0002'")
                .update();
        jdbc.sql("UPDATE appeal SET status_reason = 'Обращение не по существу' WHERE tracking_code = 'AM-TEST-0005'")
                .update();
        jdbc.sql("""
                UPDATE appeal SET merged_into_id = (SELECT id FROM appeal WHERE tracking_code = 'AM-TEST-0001')
                WHERE tracking_code = 'AM-TEST-0006'
                """).update();
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

    private void insert(String code, String category, String text, boolean textPrivate, String status, int daysAgo) {
        jdbc.sql("""
                INSERT INTO appeal (tracking_code, category, text, text_private, status, geom, created_at)
                VALUES (:code, :category, :text, :private, :status, ST_SetSRID(ST_MakePoint(71.43, 51.13), 4326),
                        now() - make_interval(days => :days))
                """)
                .param("code", code)
                .param("category", category)
                .param("text", text)
                .param("private", textPrivate)
                .param("status", status)
                .param("days", daysAgo)
                .update();
    }

    /**
     * Appeals the submission tests created are moved a year back (their history forbids deleting them), out of
     * every period the listing tests ask for, so that those see only the seeded ones.
     */
    @AfterEach
    void ageSubmitted() {
        jdbc.sql("UPDATE appeal SET created_at = now() - interval '400 days' WHERE tracking_code NOT LIKE 'AM-TEST-%'")
                .update();
    }

    @Test
    void discoveryInBothFormats() {
        HttpResponse<String> xml = http.get("/open311/v2/discovery.xml");
        assertThat(xml.statusCode()).isEqualTo(200);
        assertThat(xml.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/xml"));
        assertThat(xml.body()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        Element root = xml(xml);
        assertThat(root.getTagName()).isEqualTo("discovery");
        Element endpoint = child(child(root, "endpoints"), "endpoint");
        assertThat(text(endpoint, "specification")).isEqualTo("http://wiki.open311.org/GeoReport_v2");
        assertThat(text(endpoint, "url")).isEqualTo(http.base() + "/open311/v2");
        assertThat(text(endpoint, "type")).isEqualTo("production");
        assertThat(children(child(endpoint, "formats"), "format").stream().map(Node::getTextContent))
                .containsExactly("text/xml", "application/json");
        assertThat(text(root, "changeset")).matches(OFFSET_DATE_TIME);

        HttpResponse<String> response = http.get("/open311/v2/discovery.json");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode discovery = json(response);
        assertThat(discovery.get("contact").asString()).isNotBlank();
        assertThat(discovery.get("key_service").asString()).isNotBlank();
        JsonNode e = discovery.get("endpoints").get(0);
        assertThat(e.get("specification").asString()).isEqualTo("http://wiki.open311.org/GeoReport_v2");
        assertThat(e.get("formats").get(1).asString()).isEqualTo("application/json");
    }

    @ParameterizedTest
    @CsvSource({"'',Дороги", "locale=ru,Дороги", "locale=kk,Жолдар", "locale=en,Roads"})
    void servicesArePublicCategoriesInTheAskedLanguage(String query, String roads) {
        JsonNode services = json(http.get("/open311/v2/services.json?" + query));
        List<String> codes = new ArrayList<>();
        services.forEach(s -> codes.add(s.get("service_code").asString()));
        assertThat(codes)
                .containsExactly(
                        "housing",
                        "land",
                        "utilities",
                        "roads",
                        "education",
                        "health",
                        "social_aid",
                        "employment",
                        "public_services");
        JsonNode road = services.get(3);
        assertThat(road.get("service_code").isString()).isTrue();
        assertThat(road.get("service_name").asString()).isEqualTo(roads);
        assertThat(road.get("metadata").asBoolean()).isFalse();
        assertThat(road.get("type").asString()).isEqualTo("realtime");
        assertThat(road.get("description").asString()).contains("5");

        Element xml = xml(http.get("/open311/v2/services.xml?" + query));
        assertThat(xml.getTagName()).isEqualTo("services");
        List<Element> list = children(xml, "service");
        assertThat(list).hasSize(9);
        assertThat(text(list.get(3), "service_name")).isEqualTo(roads);
        assertThat(text(list.get(3), "metadata")).isEqualTo("false");
        assertThat(http.get("/open311/v2/services.xml").body()).doesNotContain("corruption", "коррупц");
    }

    @Test
    void serviceDefinitionAndUnknownService() {
        Element definition = xml(http.get("/open311/v2/services/roads.xml"));
        assertThat(definition.getTagName()).isEqualTo("service_definition");
        assertThat(text(definition, "service_code")).isEqualTo("roads");

        HttpResponse<String> corruption = http.get("/open311/v2/services/corruption.json");
        assertThat(corruption.statusCode()).isEqualTo(404);
        assertThat(json(corruption).get(0).get("code").asInt()).isEqualTo(404);
        HttpResponse<String> unknown = http.get("/open311/v2/services/potholes.xml");
        assertThat(unknown.statusCode()).isEqualTo(404);
        Element errors = xml(unknown);
        assertThat(errors.getTagName()).isEqualTo("errors");
        assertThat(text(child(errors, "error"), "code")).isEqualTo("404");
        assertThat(text(child(errors, "error"), "description")).contains("potholes");
    }

    @Test
    void requestsInXmlElementByElement() {
        HttpResponse<String> response = http.get("/open311/v2/requests.xml");
        assertThat(response.statusCode()).isEqualTo(200);
        Element root = xml(response);
        assertThat(root.getTagName()).isEqualTo("service_requests");
        List<Element> requests = children(root, "request");
        assertThat(requests.stream().map(r -> text(r, "service_request_id")))
                .containsExactly("AM-TEST-0001", "AM-TEST-0002", "AM-TEST-0005", "AM-TEST-0006");
        Element first = requests.get(0);
        assertThat(childNames(first))
                .containsExactly(
                        "service_request_id",
                        "status",
                        "status_notes",
                        "service_name",
                        "service_code",
                        "description",
                        "agency_responsible",
                        "service_notice",
                        "requested_datetime",
                        "updated_datetime",
                        "expected_datetime",
                        "address",
                        "lat",
                        "long",
                        "media_url");
        assertThat(text(first, "status")).isEqualTo("open");
        assertThat(text(first, "status_notes")).isEmpty();
        assertThat(text(first, "service_name")).isEqualTo("Дороги");
        assertThat(text(first, "service_code")).isEqualTo("roads");
        assertThat(text(first, "description")).startsWith("Яма у дома 5. Звоните +7 *** *** ** **");
        assertThat(text(first, "agency_responsible")).isEqualTo("Дороги Астаны");
        assertThat(text(first, "service_notice")).contains("5");
        assertThat(text(first, "requested_datetime"))
                .matches(OFFSET_DATE_TIME)
                .isEqualTo(stored("created_at", "AM-TEST-0001"));
        assertThat(text(first, "updated_datetime"))
                .matches(OFFSET_DATE_TIME)
                .isEqualTo(stored("updated_at", "AM-TEST-0001"));
        assertThat(text(first, "expected_datetime")).isEqualTo("2026-12-02T18:30:00+05:00");
        assertThat(Double.parseDouble(text(first, "lat"))).isEqualTo(51.13);
        assertThat(Double.parseDouble(text(first, "long"))).isEqualTo(71.43);

        Element answered = requests.get(1);
        assertThat(text(answered, "status")).isEqualTo("closed");
        assertThat(text(answered, "status_notes")).isEqualTo("Крышу починят до пятницы.");
        assertThat(text(answered, "description")).as("private text").isEmpty();
        assertThat(text(answered, "expected_datetime")).isEmpty();
        assertThat(text(requests.get(3), "status_notes")).isEqualTo("Объединено с обращением AM-TEST-0001.");
        assertThat(response.body()).doesNotContain("Протекает крыша");
    }

    @Test
    void requestsInJson() {
        HttpResponse<String> response = http.get("/open311/v2/requests.json?locale=en");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode requests = json(response);
        assertThat(requests.isArray()).isTrue();
        assertThat(requests).hasSize(4);
        JsonNode first = requests.get(0);
        assertThat(first.get("service_request_id").isString()).isTrue();
        assertThat(first.get("service_request_id").asString()).isEqualTo("AM-TEST-0001");
        assertThat(first.get("service_code").isString()).isTrue();
        assertThat(first.get("service_name").asString()).isEqualTo("Roads");
        assertThat(first.get("agency_responsible").asString()).isEqualTo("Astana roads");
        assertThat(first.get("requested_datetime").asString()).isEqualTo(stored("created_at", "AM-TEST-0001"));
        assertThat(first.get("expected_datetime").asString()).isEqualTo("2026-12-02T18:30:00+05:00");
        assertThat(first.get("lat").asDouble()).isEqualTo(51.13);
        assertThat(first.get("long").asDouble()).isEqualTo(71.43);
        assertThat(first.get("media_url").isNull()).isTrue();
        assertThat(requests.get(1).get("description").isNull()).isTrue();
        assertThat(requests.get(3).get("status_notes").asString()).isEqualTo("Merged into appeal AM-TEST-0001.");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|AM-TEST-0001,AM-TEST-0002,AM-TEST-0005,AM-TEST-0006",
                "status=open|AM-TEST-0001",
                "status=closed|AM-TEST-0002,AM-TEST-0005,AM-TEST-0006",
                "status=open,closed|AM-TEST-0001,AM-TEST-0002,AM-TEST-0005,AM-TEST-0006",
                "service_code=roads|AM-TEST-0001,AM-TEST-0005,AM-TEST-0006",
                "service_code=housing,utilities|AM-TEST-0002",
                "service_code=roads&status=closed|AM-TEST-0005,AM-TEST-0006",
                "service_request_id=AM-TEST-0004,AM-TEST-0003,am-test-0001|AM-TEST-0001,AM-TEST-0004",
                "service_request_id=AM-TEST-0003|''",
                "start_date={-121}&end_date={-119}|AM-TEST-0004",
                "start_date={-121}|AM-TEST-0001,AM-TEST-0002,AM-TEST-0005,AM-TEST-0006,AM-TEST-0004",
                "end_date={-2.5}&status=closed|AM-TEST-0005,AM-TEST-0006,AM-TEST-0004",
                "start_date={-3.5}&end_date={-1.5}|AM-TEST-0002,AM-TEST-0005",
                "page_size=2|AM-TEST-0001,AM-TEST-0002",
                "page_size=2&page=2|AM-TEST-0005,AM-TEST-0006",
                "page_size=2&page=3|''",
                "page=2|''",
            })
    void filtersAndPages(String query, String expected) {
        String q = dates(query);
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        HttpResponse<String> json = http.get("/open311/v2/requests.json?" + q);
        assertThat(json.statusCode()).as(q).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(json).forEach(r -> ids.add(r.get("service_request_id").asString()));
        assertThat(ids).as(q).containsExactlyElementsOf(want);
        HttpResponse<String> xml = http.get("/open311/v2/requests.xml?" + q);
        assertThat(children(xml(xml), "request").stream().map(r -> text(r, "service_request_id")))
                .as(q)
                .containsExactlyElementsOf(want);
        assertThat(json.body() + xml.body()).doesNotContain("AM-TEST-0003", "взятке");
    }

    /** {@code {-2.5}} is now minus two and a half days, as ISO 8601 with the Almaty offset, URL-encoded. */
    private static String dates(String query) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\\{(-?[0-9.]+)}").matcher(query);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            long minutes = Math.round(Double.parseDouble(m.group(1)) * 24 * 60);
            String time = OffsetDateTime.now(ALMATY)
                    .plusMinutes(minutes)
                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX"));
            m.appendReplacement(b, URLEncoder.encode(time, StandardCharsets.UTF_8));
        }
        m.appendTail(b);
        return b.toString();
    }

    @Test
    void anUnencodedPlusInADateIsReadAsTheOffset() {
        String day = LocalDate.now(ALMATY).minusDays(121).toString();
        HttpResponse<String> response =
                http.get("/open311/v2/requests.json?start_date=" + day + "T00:00:00+05:00&service_code=utilities");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get(0).get("service_request_id").asString()).isEqualTo("AM-TEST-0004");
    }

    @Test
    void oneRequestById() {
        HttpResponse<String> xml = http.get("/open311/v2/requests/AM-TEST-0004.xml");
        assertThat(xml.statusCode()).isEqualTo(200);
        List<Element> one = children(xml(xml), "request");
        assertThat(one).hasSize(1);
        assertThat(text(one.get(0), "service_request_id")).isEqualTo("AM-TEST-0004");
        assertThat(text(one.get(0), "status")).isEqualTo("closed");
        JsonNode json = json(http.get("/open311/v2/requests/AM-TEST-0001.json"));
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("service_request_id").asString()).isEqualTo("AM-TEST-0001");

        for (String path :
                List.of("/open311/v2/requests/AM-TEST-0003.json", "/open311/v2/requests/AM-NONE-0000.json")) {
            HttpResponse<String> missing = http.get(path);
            assertThat(missing.statusCode()).as(path).isEqualTo(404);
            assertThat(json(missing).get(0).get("code").asInt()).isEqualTo(404);
            assertThat(missing.body()).doesNotContain("взятке");
        }
        assertThat(http.get("/open311/v2/tokens/abc.json").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "requests.json?category=roads|category",
                "requests.xml?status=pending|status",
                "requests.json?service_code=corruption|service_code",
                "requests.json?page_size=1001|page_size",
                "requests.json?start_date=yesterday|start_date",
                "requests.json?locale=de|locale",
                "services.xml?format=json|format",
                "discovery.json?x=1|x",
            })
    void rejectsBadParametersInTheOpen311Format(String path, String parameter) {
        HttpResponse<String> response = http.get("/open311/v2/" + path);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        String description;
        if (path.contains(".xml")) {
            Element errors = xml(response);
            assertThat(errors.getTagName()).isEqualTo("errors");
            assertThat(text(child(errors, "error"), "code")).isEqualTo("400");
            description = text(child(errors, "error"), "description");
        } else {
            JsonNode error = json(response).get(0);
            assertThat(error.get("code").asInt()).isEqualTo(400);
            description = error.get("description").asString();
        }
        assertThat(description).as(path).startsWith(parameter + ":");
    }

    @Test
    void hostileTextIsEscapedInXmlAndPlainTextInJson() {
        HttpResponse<String> xml = http.get("/open311/v2/requests/AM-TEST-0005.xml");
        assertThat(xml.body()).doesNotContain("<script>").contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp;");
        assertThat(text(children(xml(xml), "request").get(0), "description")).isEqualTo(HOSTILE);
        HttpResponse<String> json = http.get("/open311/v2/requests/AM-TEST-0005.json");
        assertThat(json(json).get(0).get("description").asString()).isEqualTo(HOSTILE);
        // a rejection says why
        assertThat(json(json).get(0).get("status_notes").asString()).isEqualTo("Обращение не по существу");
    }

    @Test
    void noResponseCarriesTheReportersContact() {
        for (String path : List.of(
                "/open311/v2/requests.json",
                "/open311/v2/requests.xml",
                "/open311/v2/requests.json?service_request_id=AM-TEST-0001,AM-TEST-0002,AM-TEST-0003,AM-TEST-0004",
                "/open311/v2/requests/AM-TEST-0002.xml",
                "/open311/v2/requests/AM-TEST-0001.json")) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).doesNotContain(SECRETS);
        }
    }

    @Test
    void submitsOneAppealWhoseContactStaysInTheContactTable() {
        long before = appeals();
        String description = "Не работает фонарь у школы №12, пишите " + EMAIL;
        HttpResponse<String> response = post(
                "requests.json",
                Map.of(
                        "api_key", KEY,
                        "service_code", "roads",
                        "lat", "51.1605",
                        "long", "71.4704",
                        "description", description,
                        "first_name", "Жанар",
                        "last_name", "Сейткалиева",
                        "email", EMAIL,
                        "phone", PHONE,
                        "media_url", "https://example.kz/photo.jpg"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(SECRETS);
        JsonNode answer = json(response);
        assertThat(answer).hasSize(1);
        String code = answer.get(0).get("service_request_id").asString();
        assertThat(code).matches("AM-[0-9A-Z]{4}-[0-9A-Z]{4}");
        assertThat(answer.get(0).get("service_notice").asString()).contains("5");
        assertThat(answer.get(0).has("account_id")).isTrue();
        assertThat(appeals()).isEqualTo(before + 1);

        Map<String, Object> stored = jdbc.sql("""
                SELECT a.category, a.text, a.status, a.channel, a.due_date, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat,
                       c.full_name, c.email, c.phone, c.iin
                FROM appeal a JOIN appeal_contact c ON c.appeal_id = a.id
                WHERE a.tracking_code = :code
                """).param("code", code).query().singleRow();
        assertThat(stored.get("category")).isEqualTo("roads");
        assertThat(stored.get("text")).isEqualTo(description);
        assertThat(stored.get("status")).isEqualTo("new");
        assertThat(stored.get("channel")).isEqualTo("messenger");
        assertThat(((java.sql.Date) stored.get("due_date")).toLocalDate())
                .isEqualTo(workingDaysAfter(LocalDate.now(ALMATY), 5));
        assertThat((Double) stored.get("lon")).isEqualTo(71.4704);
        assertThat((Double) stored.get("lat")).isEqualTo(51.1605);
        assertThat(stored.get("full_name")).isEqualTo(NAME);
        assertThat(stored.get("email")).isEqualTo(EMAIL);
        assertThat(stored.get("phone")).isEqualTo(PHONE);
        assertThat(stored.get("iin")).isNull();
        // the same submission as on the web: the citizen acted, and is told the code by e-mail
        assertThat(jdbc.sql("SELECT actor_role FROM appeal_status_change s JOIN appeal a ON a.id = s.appeal_id"
                                + " WHERE a.tracking_code = :code")
                        .param("code", code)
                        .query(String.class)
                        .list())
                .containsExactly("citizen");
        assertThat(jdbc.sql("SELECT count(*) FROM outbox_message WHERE recipient = :email AND body LIKE :code")
                        .param("email", EMAIL)
                        .param("code", "%" + code + "%")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        HttpResponse<String> published = http.get("/open311/v2/requests/" + code + ".xml");
        assertThat(published.statusCode()).isEqualTo(200);
        assertThat(published.body()).doesNotContain(SECRETS);
        Element request = children(xml(published), "request").get(0);
        assertThat(text(request, "description")).isEqualTo("Не работает фонарь у школы №12, пишите ***@***");
        assertThat(text(request, "status")).isEqualTo("open");
        assertThat(text(request, "expected_datetime"))
                .isEqualTo(workingDaysAfter(LocalDate.now(ALMATY), 5) + "T18:30:00+05:00");
    }

    @Test
    void submitsInXmlWithoutContact() {
        HttpResponse<String> response = post(
                "requests.xml",
                Map.of(
                        "api_key",
                        KEY,
                        "service_code",
                        "health",
                        "lat",
                        "43.2389",
                        "long",
                        "76.8897",
                        "description",
                        "x"));
        assertThat(response.statusCode()).isEqualTo(200);
        Element request = child(xml(response), "request");
        String code = text(request, "service_request_id");
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM appeal_contact c JOIN appeal a ON a.id = c.appeal_id WHERE a.tracking_code = :code")
                        .param("code", code)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE entity_id = :code AND action = 'appeal.submit'")
                        .param("code", code)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "|roads|51.16|71.47|Яма|403",
                "wrong-key|roads|51.16|71.47|Яма|403",
                "partner-key|roads|51.16|71.47|Яма|403",
                "revoked-key|roads|51.16|71.47|Яма|403",
                "KEY|corruption|51.16|71.47|Взятка|400",
                "KEY|potholes|51.16|71.47|Яма|400",
                "KEY|roads|55.75|37.62|Яма в Москве|400",
                "KEY|roads|71.47|51.16|Перепутаны|400",
                "KEY|roads|51.16|abc|Яма|400",
                "KEY|roads||71.47|Яма|400",
                "KEY|roads|51.16|71.47||400",
            })
    void refusesBadSubmissionsAndWritesNothing(
            String key, String service, String lat, String lon, String description, int status) {
        long before = appeals();
        Map<String, String> form = new LinkedHashMap<>();
        if (key != null) {
            form.put("api_key", key.equals("KEY") ? KEY : key);
        }
        form.put("service_code", service);
        if (lat != null) {
            form.put("lat", lat);
        }
        form.put("long", lon);
        if (description != null) {
            form.put("description", description);
        }
        for (String format : List.of("json", "xml")) {
            HttpResponse<String> response = post("requests." + format, form);
            assertThat(response.statusCode()).as(form.toString()).isEqualTo(status);
            String code = format.equals("json")
                    ? json(response).get(0).get("code").asString()
                    : text(child(xml(response), "error"), "code");
            assertThat(code).isEqualTo(String.valueOf(status));
        }
        assertThat(appeals()).isEqualTo(before);
    }

    @Test
    void refusesTooLongDescriptionAndUnknownFields() {
        HttpResponse<String> tooLong = post(
                "requests.json",
                Map.of(
                        "api_key",
                        KEY,
                        "service_code",
                        "roads",
                        "lat",
                        "51.1",
                        "long",
                        "71.4",
                        "description",
                        "я".repeat(5001)));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong).get(0).get("description").asString()).startsWith("description:");
        HttpResponse<String> unknown = post(
                "requests.json",
                Map.of(
                        "api_key",
                        KEY,
                        "service_code",
                        "roads",
                        "lat",
                        "51.1",
                        "long",
                        "71.4",
                        "description",
                        "a",
                        "iin",
                        IIN));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get(0).get("description").asString()).startsWith("iin:");
    }

    private HttpResponse<String> post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(http.uri("/open311/v2/" + path))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private long appeals() {
        return jdbc.sql("SELECT count(*) FROM appeal").query(Long.class).single();
    }

    private String stored(String column, String code) {
        OffsetDateTime time = jdbc.sql("SELECT " + column + " FROM appeal WHERE tracking_code = :code")
                .param("code", code)
                .query(OffsetDateTime.class)
                .single();
        return time.atZoneSameInstant(ALMATY).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX"));
    }

    /** Counted here independently: the days after {@code from} that are Monday to Friday or listed as working. */
    private LocalDate workingDaysAfter(LocalDate from, int days) {
        Map<LocalDate, Boolean> dayOff = new java.util.HashMap<>();
        jdbc.sql("SELECT day, day_off FROM work_calendar_day")
                .query((rs, n) -> dayOff.put(rs.getObject("day", LocalDate.class), rs.getBoolean("day_off")))
                .list();
        LocalDate day = from;
        int counted = 0;
        while (counted < days) {
            day = day.plusDays(1);
            boolean weekday = day.getDayOfWeek().getValue() < DayOfWeek.SATURDAY.getValue();
            if (!dayOff.getOrDefault(day, !weekday)) {
                counted++;
            }
        }
        return day;
    }

    private static Element xml(HttpResponse<String> response) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
            return document.getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + response.body(), e);
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> list = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                assertThat(e.getTagName()).isEqualTo(name);
                list.add(e);
            }
        }
        return list;
    }

    private static List<String> childNames(Element parent) {
        List<String> names = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                names.add(e.getTagName());
            }
        }
        return names;
    }

    private static Element child(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        assertThat(found).as("<" + name + "> in <" + parent.getTagName() + ">").hasSize(1);
        return found.get(0);
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent();
    }
}
