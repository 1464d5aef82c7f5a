package kz.adalmap.api.customlayer;

import static kz.adalmap.api.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A department defines a layer as data and fills it from a file without touching code: the
 * definition is validated field by field, kept to the editors of its region, audited, and its schema
 * only grows once features are public; a file uploaded through the API ends as published features.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"adalmap.security.admin-username=chief", "adalmap.security.admin-password=chief-password-2026"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayerDefinitionIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "layer_definition");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    javax.sql.DataSource dataSource;

    TestHttp http;

    @BeforeAll
    void usersAndRegions() {
        http = new TestHttp(port);
        jdbc.sql("""
                INSERT INTO region (kato_code, cadastral_code, name_kk, name_ru, name_en, geom) VALUES
                ('630000000', '05', 'Шығыс Қазақстан', 'Восточно-Казахстанская', 'East Kazakhstan',
                 ST_Multi(ST_MakeEnvelope(78, 47, 87, 51, 4326))),
                ('590000000', '15', 'Солтүстік Қазақстан', 'Северо-Казахстанская', 'North Kazakhstan',
                 ST_Multi(ST_MakeEnvelope(66, 53, 72, 55.5, 4326)))
                """).update();
        for (String[] u : new String[][] {
            {"editor.vko", "land_editor", "630000000"},
            {"editor.sko", "land_editor", "590000000"},
            {"moderator", "moderator", null}
        }) {
            assertThat(http.post(
                                    "/api/v1/admin/users",
                                    """
                            {"username": "%s", "displayName": "Staff", "password": "staff-password-1",
                             "roles": ["%s"], "regions": [%s]}
                            """.formatted(u[0], u[1], u[2] == null ? "" : "\"" + u[2] + "\""),
                                    "chief",
                                    "chief-password-2026")
                            .statusCode())
                    .isEqualTo(201);
        }
    }

    /** Ramps at social facilities of East Kazakhstan: a point layer known by its passport number. */
    private static ObjectNode ramps(String code) {
        return (ObjectNode) JSON.readTree("""
                {"code": "%s",
                 "titleKk": "Пандустар", "titleRu": "Пандусы", "titleEn": "Ramps",
                 "descriptionRu": "Паспорта доступности <script>alert(1)</script>",
                 "geometryType": "point",
                 "attributes": [
                   {"name": "passport_no", "type": "text", "required": true,
                    "label_kk": "Паспорт нөмірі", "label_ru": "Номер паспорта", "label_en": "Passport number"},
                   {"name": "access", "type": "enum", "required": false,
                    "label_kk": "Қолжетімділік", "label_ru": "Доступность", "label_en": "Access",
                    "values": [{"value": "full", "label_kk": "Толық", "label_ru": "Полностью", "label_en": "Full"},
                               {"value": "none", "label_kk": "Жоқ", "label_ru": "Нет", "label_en": "None"}]},
                   {"name": "width_m", "type": "number", "required": false,
                    "label_kk": "Ені, м", "label_ru": "Ширина, м", "label_en": "Width, m"}],
                 "keyAttribute": "passport_no",
                 "style": {"by": "access", "colours": {"full": "#2e7d32", "none": "#c62828"}, "default": "#9e9e9e",
                           "icon": "ramp"},
                 "public": true,
                 "region": "630000000"}
                """.formatted(code));
    }

    @Test
    void aLandEditorDefinesALayerOfTheirRegionAndFillsItFromAFile() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/layer-definitions", ramps("ramps-vko"), "editor.vko");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/layer-definitions/ramps-vko");
        JsonNode definition = json(http.get("/api/v1/layer-definitions/ramps-vko"));
        assertThat(definition.get("titleRu").asString()).isEqualTo("Пандусы");
        assertThat(definition.get("descriptionRu").asString())
                .isEqualTo("Паспорта доступности <script>alert(1)</script>");
        assertThat(definition
                        .get("attributes")
                        .get(1)
                        .get("values")
                        .get(0)
                        .get("label_ru")
                        .asString())
                .isEqualTo("Полностью");
        assertThat(definition.get("style").get("colours").get("full").asString())
                .isEqualTo("#2e7d32");
        assertThat(definition.get("region").asString()).isEqualTo("630000000");
        assertThat(definition.get("public").asBoolean()).isTrue();
        assertThat(definition.get("publishedRevision").isNull()).isTrue();

        // before any publish the schema may change freely
        ObjectNode changed = ramps("ramps-vko");
        ((ObjectNode) changed.get("attributes").get(2)).put("type", "integer");
        assertThat(send("PUT", "/api/v1/layer-definitions/ramps-vko", changed, "editor.vko")
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("PUT", "/api/v1/layer-definitions/ramps-vko", ramps("ramps-vko"), "editor.vko")
                        .statusCode())
                .isEqualTo(200);

        String file = """
                {"type": "FeatureCollection", "features": [
                 {"type": "Feature", "properties": {"Номер паспорта": "П-1", "Доступность": "полностью", "width_m": "1,5",
                  "Адрес": "ул. Абая, 1"}, "geometry": {"type": "Point", "coordinates": [82.61, 49.95]}},
                 {"type": "Feature", "properties": {"Номер паспорта": "П-2", "Доступность": "None", "width_m": "0.9"},
                  "geometry": {"type": "Point", "coordinates": [82.62, 49.96]}},
                 {"type": "Feature", "properties": {"Номер паспорта": "П-3", "Доступность": "частично"},
                  "geometry": {"type": "Point", "coordinates": [82.63, 49.97]}},
                 {"type": "Feature", "properties": {"Номер паспорта": "П-4"},
                  "geometry": {"type": "Point", "coordinates": [69.0, 54.0]}}]}
                """;
        HttpResponse<String> refused = upload("/api/v1/layers/ramps-vko/imports", "ramps.geojson", file, "editor.sko");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("detail").asString()).contains("belongs to another region");

        HttpResponse<String> accepted = upload("/api/v1/layers/ramps-vko/imports", "ramps.geojson", file, "editor.vko");
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode job = finished(json(accepted).get("id").asString());
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        int revision = job.get("revision").asInt();
        JsonNode report = json(get("/api/v1/layers/ramps-vko/revisions/" + revision + "/report", "editor.vko"));
        assertThat(report.get("summary").get("accepted").asInt()).isEqualTo(2);
        assertThat(report.get("summary").get("diff").get("added").asInt()).isEqualTo(2);
        assertThat(report.get("issues"))
                .extracting(i -> i.get("row").asInt() + " " + i.get("code").asString())
                .containsExactly("3 unknown_value", "4 outside_region");
        assertThat(json(get("/api/v1/layers/ramps-vko/revisions/" + revision + "/changes", "editor.vko")))
                .extracting(
                        c -> c.get("change").asString() + " " + c.get("plot").asString())
                .containsExactly("added П-1", "added П-2");

        assertThat(send("POST", "/api/v1/layers/ramps-vko/revisions/" + revision + "/publish", null, "editor.sko")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> published =
                send("POST", "/api/v1/layers/ramps-vko/revisions/" + revision + "/publish", null, "editor.vko");
        assertThat(published.statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("""
                        SELECT string_agg(f.feature_key || ' ' || (f.attributes->>'access') || ' '
                                          || (f.attributes->>'width_m') || ' ' || coalesce(f.extra->>'Адрес', '-'), '; '
                                          ORDER BY f.feature_key)
                        FROM layer_feature f JOIN layer l ON l.id = f.layer_id WHERE l.code = 'ramps-vko'
                        """).query(String.class).single()).isEqualTo("П-1 full 1.5 ул. Абая, 1; П-2 none 0.9 -");
        assertThat(json(http.get("/api/v1/layer-definitions/ramps-vko"))
                        .get("publishedRevision")
                        .asInt())
                .isEqualTo(revision);

        // once public, the schema only gains optional attributes
        ObjectNode retyped = ramps("ramps-vko");
        ((ObjectNode) retyped.get("attributes").get(2)).put("type", "integer");
        HttpResponse<String> conflict = send("PUT", "/api/v1/layer-definitions/ramps-vko", retyped, "editor.vko");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(json(conflict).get("parameter").asString()).isEqualTo("attributes");
        assertThat(json(conflict).get("detail").asString())
                .contains("the attribute width_m cannot change its type from number");
        ObjectNode requiredAdded = ramps("ramps-vko");
        ((ArrayNode) requiredAdded.get("attributes")).add(JSON.readTree("""
                {"name": "checked_on", "type": "date", "required": true,
                 "label_kk": "Тексерілді", "label_ru": "Проверен", "label_en": "Checked on"}"""));
        assertThat(json(send("PUT", "/api/v1/layer-definitions/ramps-vko", requiredAdded, "editor.vko"))
                        .get("detail")
                        .asString())
                .contains("the new attribute checked_on must be optional");
        ((ObjectNode) requiredAdded.get("attributes").get(3)).put("required", false);
        requiredAdded.put("titleRu", "Пандусы и подъёмники");
        assertThat(send("PUT", "/api/v1/layer-definitions/ramps-vko", requiredAdded, "editor.sko")
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("PUT", "/api/v1/layer-definitions/ramps-vko", requiredAdded, "editor.vko")
                        .statusCode())
                .isEqualTo(200);

        assertThat(jdbc.sql(
                                "SELECT string_agg(actor || ' ' || action || coalesce(' ' || (details->'changed')::text, ''),"
                                        + " '; ' ORDER BY id) FROM audit_log WHERE entity_id = 'ramps-vko'")
                        .query(String.class)
                        .single())
                .isEqualTo("editor.vko layer.define; editor.vko layer.redefine [\"attributes\"];"
                        + " editor.vko layer.redefine [\"attributes\"]; editor.vko layer.import; editor.vko layer.diff;"
                        + " editor.vko layer.publish; editor.vko layer.redefine [\"titleRu\", \"attributes\"]");
    }

    /** A GeoJSON of ramps with passport numbers {@code numbers}, each at its own point. */
    private static String numberedRamps(List<String> numbers, String access) {
        List<String> features = new java.util.ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            features.add("""
                    {"type": "Feature", "properties": {"Номер паспорта": "%s", "Доступность": "%s"},
                     "geometry": {"type": "Point", "coordinates": [%s, 49.95]}}""".formatted(numbers.get(i), access, String.valueOf(82.61 + i * 0.001)));
        }
        return "{\"type\": \"FeatureCollection\", \"features\": [" + String.join(",", features) + "]}";
    }

    @Test
    void anUploadWhoseKeysLostTheirZerosWaitsForConfirmationAndItsReportSpeaksTheReadersLanguage() throws Exception {
        assertThat(send("POST", "/api/v1/layer-definitions", ramps("ramps-zeros"), "editor.vko")
                        .statusCode())
                .isEqualTo(201);
        String imports = "/api/v1/layers/ramps-zeros/imports";
        int first = finished(json(upload(
                                imports,
                                "ramps.geojson",
                                numberedRamps(List.of("001", "002", "003", "004", "005"), "Полностью"),
                                "editor.vko"))
                        .get("id")
                        .asString())
                .get("revision")
                .asInt();
        assertThat(send("POST", "/api/v1/layers/ramps-zeros/revisions/" + first + "/publish", null, "editor.vko")
                        .statusCode())
                .isEqualTo(200);
        // the same list re-saved by a spreadsheet: 001 became 1, and one value is none of the allowed
        String excel = numberedRamps(List.of("1", "2", "3", "4", "5"), "Полностью")
                .replaceFirst("\"Полностью\"", "\"частично\"");
        int second = finished(json(upload(imports, "ramps.geojson", excel, "editor.vko"))
                        .get("id")
                        .asString())
                .get("revision")
                .asInt();
        String path = "/api/v1/layers/ramps-zeros/revisions/" + second;
        JsonNode report = json(get(path + "/report", "editor.vko"));
        assertThat(report.get("warningToConfirm").get("key").asString()).isEqualTo("keys_lost_zeros");
        assertThat(report.get("warningToConfirm").get("previous").asString()).isEqualTo("002");
        HttpResponse<String> held = send("POST", path + "/publish", null, "editor.vko");
        assertThat(held.statusCode()).isEqualTo(409);
        assertThat(json(held).get("code").asString()).isEqualTo("warning_not_confirmed");
        assertThat(jdbc.sql("""
                        SELECT string_agg(f.feature_key, ' ' ORDER BY f.feature_key)
                        FROM layer_feature f JOIN layer l ON l.id = f.layer_id WHERE l.code = 'ramps-zeros'
                        """).query(String.class).single()).isEqualTo("001 002 003 004 005");

        assertThat(get(path + "/report?format=csv&lang=kk", "editor.vko").body())
                .contains("access (Қолжетімділік) атрибуты: «частично» рұқсат етілген мәндердің бірі емес (Толық,"
                        + " Жоқ)");
        assertThat(get(path + "/report?format=csv&lang=ru", "editor.vko").body())
                .contains("атрибут access (Доступность): «частично» — не из допустимых значений (Полностью, Нет)");
    }

    @Test
    void anAgencyKeepsTheLayersItOwnsWhereverTheyLieAndNoOtherAgencyDoes() throws Exception {
        jdbc.sql("""
                INSERT INTO agency (code, name_kk, name_ru, name_en) VALUES
                ('finance', 'Қаржы министрлігі', 'Министерство финансов', 'Ministry of Finance'),
                ('health', 'Денсаулық сақтау министрлігі', 'Министерство здравоохранения', 'Ministry of Health')
                """).update();
        for (String[] u : new String[][] {{"official.finance", "finance"}, {"official.health", "health"}}) {
            assertThat(http.post("/api/v1/admin/users", """
                            {"username": "%s", "displayName": "Official", "password": "staff-password-1",
                             "roles": ["agency_official"], "agencyCode": "%s"}
                            """.formatted(u[0], u[1]), "chief", "chief-password-2026")
                            .statusCode())
                    .isEqualTo(201);
        }
        ObjectNode budget = ramps("finance-objects");
        budget.remove("region");
        budget.put("ownerAgency", "finance");
        assertThat(send("POST", "/api/v1/layer-definitions", budget, "official.health")
                        .statusCode())
                .as("an agency defines only layers it owns")
                .isEqualTo(403);
        assertThat(send("POST", "/api/v1/layer-definitions", budget, "official.finance")
                        .statusCode())
                .isEqualTo(201);
        assertThat(codes(get("/api/v1/layer-definitions?changeable=true", "official.finance")))
                .containsExactly("finance-objects");
        assertThat(codes(get("/api/v1/layer-definitions?changeable=true", "official.health")))
                .isEmpty();

        // a national layer: its objects lie in any region
        String file = """
                {"type": "FeatureCollection", "features": [
                 {"type": "Feature", "properties": {"passport_no": "Ф-1", "access": "full"},
                  "geometry": {"type": "Point", "coordinates": [82.62, 49.95]}},
                 {"type": "Feature", "properties": {"passport_no": "Ф-2", "access": "none"},
                  "geometry": {"type": "Point", "coordinates": [69.1, 54.8]}}]}
                """;
        assertThat(upload("/api/v1/layers/finance-objects/imports", "objects.geojson", file, "official.health")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> accepted =
                upload("/api/v1/layers/finance-objects/imports", "objects.geojson", file, "official.finance");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode job = finished(json(accepted).get("id").asString(), "official.finance");
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        int revision = job.get("revision").asInt();
        assertThat(send(
                                "POST",
                                "/api/v1/layers/finance-objects/revisions/" + revision + "/publish",
                                null,
                                "official.health")
                        .statusCode())
                .isEqualTo(403);
        assertThat(send(
                                "POST",
                                "/api/v1/layers/finance-objects/revisions/" + revision + "/publish",
                                null,
                                "official.finance")
                        .statusCode())
                .isEqualTo(200);

        JsonNode added = JSON.readTree("""
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [76.9, 43.25]},
                 "properties": {"passport_no": "Ф-3", "access": "full"}}""");
        assertThat(send("POST", "/api/v1/layers/finance-objects/features", added, "official.health")
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/api/v1/layers/finance-objects/features", added, "official.finance")
                        .statusCode())
                .isEqualTo(201);
        assertThat(send("POST", "/api/v1/layers/ramps-vko/features", added, "official.finance")
                        .statusCode())
                .as("nor does an agency change a region's layer")
                .isIn(403, 404);
        assertThat(jdbc.sql("""
                        SELECT string_agg(f.feature_key, ' ' ORDER BY f.feature_key)
                        FROM layer_feature f JOIN layer l ON l.id = f.layer_id WHERE l.code = 'finance-objects'
                        """).query(String.class).single()).isEqualTo("Ф-1 Ф-2 Ф-3");
    }

    @Test
    void whoMayDefineAndSeeWhichLayers() throws Exception {
        assertThat(send("POST", "/api/v1/layer-definitions", ramps("ramps-anon"), null)
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> otherRegion =
                send("POST", "/api/v1/layer-definitions", ramps("ramps-other"), "editor.sko");
        assertThat(otherRegion.statusCode()).isEqualTo(403);
        assertThat(json(otherRegion).get("detail").asString()).contains("region 630000000, which is not yours");
        ObjectNode national = ramps("ramps-kz");
        national.putNull("region");
        assertThat(send("POST", "/api/v1/layer-definitions", national, "editor.vko")
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/api/v1/layer-definitions", ramps("ramps-mod"), "moderator")
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/api/v1/layer-definitions", national, "chief").statusCode())
                .isEqualTo(201);
        assertThat(send("POST", "/api/v1/layer-definitions", national, "chief").statusCode())
                .isEqualTo(409);

        ObjectNode internal = ramps("ramps-internal");
        internal.put("public", false);
        assertThat(send("POST", "/api/v1/layer-definitions", internal, "editor.vko")
                        .statusCode())
                .isEqualTo(201);
        assertThat(http.get("/api/v1/layer-definitions/ramps-internal").statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/layer-definitions/ramps-internal", "editor.sko").statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/layer-definitions/ramps-internal", "editor.vko").statusCode())
                .isEqualTo(200);
        assertThat(codes(http.get("/api/v1/layer-definitions")))
                .contains("ramps-kz")
                .doesNotContain("ramps-internal");
        assertThat(codes(get("/api/v1/layer-definitions", "chief"))).contains("ramps-kz", "ramps-internal");
        assertThat(codes(get("/api/v1/layer-definitions?changeable=true", "editor.vko")))
                .contains("ramps-internal")
                .doesNotContain("ramps-kz");
        assertThat(http.get("/api/v1/layer-definitions/plots-nowhere").statusCode())
                .isEqualTo(404);

        // to an editor of another region the internal layer does not exist, however it is asked about; a
        // public layer of that region is refused as one
        ObjectNode publicOne = ramps("ramps-public");
        assertThat(send("POST", "/api/v1/layer-definitions", publicOne, "editor.vko")
                        .statusCode())
                .isEqualTo(201);
        JsonNode point = JSON.readTree("""
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [82.61, 49.95]}, "properties": {}}
                """);
        for (String[] request : new String[][] {
            {"GET", "/revisions/1/report"},
            {"GET", "/revisions/1/changes"},
            {"POST", "/revisions/1/publish"},
            {"POST", "/rollback"},
            {"POST", "/features"},
            {"PUT", "/features/1"},
            {"DELETE", "/features/1"},
        }) {
            HttpResponse<String> internalAnswer = request[0].equals("GET")
                    ? get("/api/v1/layers/ramps-internal" + request[1], "editor.sko")
                    : send(request[0], "/api/v1/layers/ramps-internal" + request[1], point, "editor.sko");
            assertThat(internalAnswer.statusCode())
                    .as(request[0] + " " + request[1] + ": " + internalAnswer.body())
                    .isEqualTo(404);
            assertThat(internalAnswer.body()).doesNotContain("region", "may not");
            HttpResponse<String> publicAnswer = request[0].equals("GET")
                    ? get("/api/v1/layers/ramps-public" + request[1], "editor.sko")
                    : send(request[0], "/api/v1/layers/ramps-public" + request[1], point, "editor.sko");
            assertThat(publicAnswer.statusCode())
                    .as(request[0] + " " + request[1] + ": " + publicAnswer.body())
                    .isEqualTo(403);
        }
        assertThat(upload("/api/v1/layers/ramps-internal/imports", "r.geojson", "{}", "editor.sko")
                        .statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/layers/ramps-internal/revisions", "editor.sko").statusCode())
                .isEqualTo(404);
        // its own region's editors and administrators reach it
        assertThat(get("/api/v1/layers/ramps-internal/revisions", "editor.vko").statusCode())
                .isEqualTo(200);
        assertThat(get("/api/v1/layers/ramps-internal/revisions", "chief").statusCode())
                .isEqualTo(200);
    }

    @Test
    void invalidDefinitionsAreRefusedNamingTheField() {
        record Case(String parameter, String detail, Consumer<ObjectNode> change) {}
        List<Case> cases = List.of(
                new Case("code", "is not a layer code", d -> d.put("code", "Ramps VKO")),
                new Case("titleKk", "missing or empty", d -> d.put("titleKk", " ")),
                new Case("geometryType", "use one of [point, line, polygon]", d -> d.put("geometryType", "circle")),
                new Case("colour", "unknown field", d -> d.put("colour", "#ffffff")),
                new Case(
                        "attributes[0].name",
                        "is not an attribute name",
                        d -> attribute(d, 0).put("name", "Passport")),
                new Case(
                        "attributes[1].name",
                        "named twice",
                        d -> attribute(d, 1).put("name", "passport_no")),
                new Case(
                        "attributes[0].type",
                        "is not an attribute type",
                        d -> attribute(d, 0).put("type", "money")),
                new Case(
                        "attributes[0].label_kk",
                        "missing or empty",
                        d -> attribute(d, 0).remove("label_kk")),
                new Case(
                        "attributes[0].required",
                        "true or false",
                        d -> attribute(d, 0).put("required", "yes")),
                new Case(
                        "attributes[1].values",
                        "lists its allowed values",
                        d -> attribute(d, 1).remove("values")),
                new Case(
                        "attributes[2].values",
                        "only an enum attribute has values; width_m is number",
                        d -> attribute(d, 2)
                                .set("values", d.get("attributes").get(1).get("values"))),
                new Case(
                        "attributes[1].values[1].value",
                        "listed twice",
                        d -> ((ObjectNode) attribute(d, 1).get("values").get(1)).put("value", "FULL")),
                new Case(
                        "attributes[0].colour",
                        "unknown field",
                        d -> attribute(d, 0).put("colour", "red")),
                new Case("keyAttribute", "is not one of the attributes", d -> d.put("keyAttribute", "number")),
                new Case("keyAttribute", "must be required", d -> d.put("keyAttribute", "width_m")),
                new Case("style.default", "#rrggbb", d -> ((ObjectNode) d.get("style")).put("default", "grey")),
                new Case(
                        "style.by",
                        "is not one of the attributes",
                        d -> ((ObjectNode) d.get("style")).put("by", "kind")),
                new Case(
                        "style.colours.partial",
                        "is not a value of access",
                        d -> ((ObjectNode) d.get("style").get("colours")).put("partial", "#ffaa00")),
                new Case("style", "not both or neither", d -> ((ObjectNode) d.get("style")).put("colour", "#ffffff")),
                new Case("style.icon", "an icon is a name", d -> ((ObjectNode) d.get("style")).put("icon", "<img>")),
                new Case("public", "true", d -> d.put("public", "yes")),
                new Case("region", "no region has KATO code 999999999", d -> d.put("region", "999999999")),
                new Case("ownerAgency", "no agency has code akimat", d -> d.put("ownerAgency", "akimat")));
        for (Case c : cases) {
            ObjectNode definition = ramps("ramps-bad");
            c.change().accept(definition);
            HttpResponse<String> response = send("POST", "/api/v1/layer-definitions", definition, "chief");
            assertThat(response.statusCode()).as(c.parameter()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = json(response);
            assertThat(problem.get("parameter").asString()).as(response.body()).isEqualTo(c.parameter());
            assertThat(problem.get("detail").asString()).as(c.parameter()).contains(c.detail());
        }
        assertThat(jdbc.sql("SELECT count(*) FROM layer WHERE code = 'ramps-bad'")
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE entity_id = 'ramps-bad'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void aFeatureSentWhileAnImportHoldsTheLayerIsRefusedAtOnceNotKeptWaiting() throws Exception {
        ObjectNode kiosks = (ObjectNode) JSON.readTree("""
                {"code": "kiosks-vko", "titleKk": "Дүңгіршектер", "titleRu": "Киоски", "titleEn": "Kiosks",
                 "geometryType": "point",
                 "attributes": [
                   {"name": "office_no", "type": "integer", "required": true,
                    "label_kk": "Нөмірі", "label_ru": "Номер", "label_en": "Number"}],
                 "keyAttribute": "office_no", "style": {"colour": "#1565c0"}, "region": "630000000"}
                """);
        assertThat(send("POST", "/api/v1/layer-definitions", kiosks, "editor.vko")
                        .statusCode())
                .isEqualTo(201);
        String path = "/api/v1/layers/kiosks-vko/features";
        try (java.sql.Connection importing = dataSource.getConnection();
                java.sql.Statement st = importing.createStatement()) {
            // the lock an import of the layer holds while it reads its file
            st.execute("SELECT pg_advisory_lock(hashtext('adalmap.layer:kiosks-vko'))");
            Instant sent = Instant.now();
            HttpResponse<String> busy = send("POST", path, feature(82.61, 49.95, "1", null), "editor.vko");
            assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(30));
            assertThat(busy.statusCode()).as(busy.body()).isEqualTo(409);
            assertThat(json(busy).get("code").asString()).isEqualTo("layer_busy");
            assertThat(json(busy).get("detail").asString())
                    .contains("being imported, published or rolled back: the feature was not saved");
            st.execute("SELECT pg_advisory_unlock(hashtext('adalmap.layer:kiosks-vko'))");
        }
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM layer_revision r JOIN layer l ON l.id = r.layer_id
                        WHERE l.code = 'kiosks-vko'
                        """).query(Long.class).single()).isZero();
        assertThat(send("POST", path, feature(82.61, 49.95, "1", null), "editor.vko")
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void featuresAreDrawnChangedAndDeletedOnlyByTheLayersEditors() {
        ObjectNode offices = (ObjectNode) JSON.readTree("""
                {"code": "offices-vko", "titleKk": "ХҚКО", "titleRu": "ЦОНы", "titleEn": "Service centres",
                 "geometryType": "point",
                 "attributes": [
                   {"name": "office_no", "type": "integer", "required": true,
                    "label_kk": "Нөмірі", "label_ru": "Номер", "label_en": "Number"},
                   {"name": "open", "type": "enum", "required": false,
                    "label_kk": "Жұмыс", "label_ru": "Работает", "label_en": "Open",
                    "values": [{"value": "yes", "label_kk": "Иә", "label_ru": "Да", "label_en": "Yes"},
                               {"value": "no", "label_kk": "Жоқ", "label_ru": "Нет", "label_en": "No"}]}],
                 "keyAttribute": "office_no", "style": {"colour": "#1565c0"}, "region": "630000000"}
                """);
        assertThat(send("POST", "/api/v1/layer-definitions", offices, "editor.vko")
                        .statusCode())
                .isEqualTo(201);
        String path = "/api/v1/layers/offices-vko/features";

        HttpResponse<String> added = send("POST", path, feature(82.61, 49.95, "1", "Да"), "editor.vko");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(added.headers().firstValue("Location")).hasValue(path + "/1");
        assertThat(json(added).get("diff").get("added").asInt()).isEqualTo(1);
        assertThat(send("POST", path, feature(82.62, 49.95, "1", null), "editor.vko")
                        .statusCode())
                .isEqualTo(409);

        HttpResponse<String> refused = send("POST", path, feature(82.63, 49.95, "2", "может быть"), "editor.vko");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("issues"))
                .extracting(i -> i.get("code").asString())
                .containsExactly("unknown_value");
        assertThat(json(refused).get("detail").asString())
                .contains("'может быть' is not one of the allowed values (Yes, No)");
        HttpResponse<String> outside = send("POST", path, feature(69.0, 54.0, "2", null), "editor.vko");
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(json(outside).get("detail").asString())
                .isEqualTo("the feature was not saved: the feature lies outside the layer's region (East Kazakhstan)");

        // someone from another region may not draw, change or delete
        assertThat(send("POST", path, feature(82.63, 49.95, "3", null), "editor.sko")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> otherRegion = send("PUT", path + "/1", feature(82.61, 49.95, "1", "Нет"), "editor.sko");
        assertThat(otherRegion.statusCode()).isEqualTo(403);
        assertThat(json(otherRegion).get("detail").asString()).contains("belongs to another region");
        assertThat(send("DELETE", path + "/1", null, "editor.sko").statusCode()).isEqualTo(403);
        assertThat(send("DELETE", path + "/1", null, null).statusCode()).isEqualTo(401);

        HttpResponse<String> replaced = send("PUT", path + "/1", feature(82.615, 49.95, "1", "no"), "editor.vko");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(json(replaced).get("diff").get("changed").asInt()).isEqualTo(1);
        assertThat(json(send("PUT", path + "/1", feature(82.615, 49.95, "5", "no"), "editor.vko"))
                        .get("issues")
                        .get(0)
                        .get("code")
                        .asString())
                .isEqualTo("key_changed");
        assertThat(send("PUT", path + "/9", feature(82.615, 49.95, "9", "no"), "editor.vko")
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("POST", path, feature(82.62, 49.96, "2", "yes"), "editor.vko")
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> deleted = send("DELETE", path + "/1", null, "editor.vko");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(json(deleted).get("diff").get("removed").asInt()).isEqualTo(1);
        assertThat(offices()).isEqualTo("2 yes POINT(82.62 49.96)");

        assertThat(send("POST", "/api/v1/layers/offices-vko/rollback", null, "editor.vko")
                        .statusCode())
                .isEqualTo(200);
        assertThat(offices()).isEqualTo("1 no POINT(82.615 49.95); 2 yes POINT(82.62 49.96)");
        assertThat(jdbc.sql("SELECT string_agg(action, ' ' ORDER BY id) FROM audit_log WHERE entity_id = 'offices-vko'")
                        .query(String.class)
                        .single())
                .isEqualTo("layer.define layer.feature.add layer.feature.replace layer.feature.add layer.feature.delete"
                        + " layer.rollback");
        assertThat(jdbc.sql("""
                        SELECT string_agg(r.number || ' ' || r.state || ' ' || r.source_name, '; ' ORDER BY r.number)
                        FROM layer_revision r JOIN layer l ON l.id = r.layer_id WHERE l.code = 'offices-vko'
                        """).query(String.class).single())
                .as("refused edits leave no revision")
                .isEqualTo("1 superseded edit: add; 2 superseded edit: replace 1; 3 published edit: add;"
                        + " 4 rolled_back edit: delete 1");
    }

    private static ObjectNode feature(double lon, double lat, String number, String open) {
        ObjectNode feature =
                (ObjectNode) JSON.readTree("""
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [%s, %s]},
                 "properties": {"office_no": %s, "Работает": %s}}
                """.formatted(lon, lat, number, open == null ? "null" : "\"" + open + "\""));
        return feature;
    }

    /** The published offices as key, open and WKT. */
    private String offices() {
        return jdbc.sql("""
                        SELECT string_agg(f.feature_key || ' ' || coalesce(f.attributes->>'open', '-') || ' '
                                          || ST_AsText(f.geom), '; ' ORDER BY f.feature_key)
                        FROM layer_feature f JOIN layer l ON l.id = f.layer_id WHERE l.code = 'offices-vko'
                        """).query(String.class).single();
    }

    // ---------------------------------------------------------------------------------------------

    private static ObjectNode attribute(ObjectNode definition, int i) {
        return (ObjectNode) definition.get("attributes").get(i);
    }

    private static List<String> codes(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).valueStream().map(l -> l.get("code").asString()).toList();
    }

    private HttpResponse<String> send(String method, String path, JsonNode body, String user) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path))
                // an edit kept waiting is a failure, not a test that never ends
                .timeout(Duration.ofMinutes(1))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        HttpRequest.BodyPublishers.ofString(body == null ? "{}" : JSON.writeValueAsString(body)));
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        return http.send(request.build());
    }

    private HttpResponse<String> get(String path, String user) {
        return http.send(HttpRequest.newBuilder(http.uri(path))
                .header("Authorization", basic(user))
                .GET()
                .build());
    }

    private HttpResponse<String> upload(String path, String name, String content, String user) throws Exception {
        String boundary = "----adalmap" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(content.getBytes(StandardCharsets.UTF_8));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(http.uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", basic(user))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    private JsonNode finished(String id) throws InterruptedException {
        return finished(id, "editor.vko");
    }

    private JsonNode finished(String id, String user) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = json(get("/api/v1/import-jobs/" + id, user));
            if (job.get("state").asString().equals("succeeded")
                    || job.get("state").asString().equals("failed")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("import job " + id + " did not finish within 60 s");
    }

    private static String basic(String user) {
        String password = user.equals("chief") ? "chief-password-2026" : "staff-password-1";
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
