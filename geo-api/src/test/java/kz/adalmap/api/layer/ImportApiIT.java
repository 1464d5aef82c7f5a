package kz.adalmap.api.layer;

import static kz.adalmap.api.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TestHttp;
import kz.adalmap.api.TestPlots;
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
 * Land editors import through the API as the editor's page does: a multipart upload answered at
 * once with a job, the job followed to its end, the report read and downloaded, the draft
 * published, the layer rolled back; and the uploads that must be refused are refused.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "adalmap.security.admin-username=chief",
            "adalmap.security.admin-password=chief-password-2026",
            "spring.servlet.multipart.max-file-size=2MB"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportApiIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "import_api");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

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
        for (String[] u : new String[][] {{"editor.vko", "630000000"}, {"editor.sko", "590000000"}}) {
            assertThat(http.post("/api/v1/admin/users", """
                    {"username": "%s", "displayName": "Land editor", "password": "editor-password-1",
                     "roles": ["land_editor"], "regions": ["%s"]}
                    """.formatted(u[0], u[1]), "chief", "chief-password-2026")
                            .statusCode())
                    .isEqualTo(201);
        }
    }

    @Test
    void theReportNamesFieldsCodesAndRegionsInTheReadersLanguage() throws Exception {
        // a plot of a status no one knows, one outside the editor's region, and no field of the area
        String near = TestPlots.geojson(2, 0, 82.60, 49.97, "05-085-042", i -> i == 0 ? "бос" : "продан");
        String far = TestPlots.geojson(1, 0, 70.00, 54.00, "05-085-043", i -> "бос");
        String file = near.substring(0, near.length() - 2) + "," + far.substring(far.indexOf('[') + 1);
        JsonNode job = finished(
                upload(
                        "/api/v1/layers/oskemen-words/imports",
                        "участки.geojson",
                        file.getBytes(StandardCharsets.UTF_8),
                        "editor.vko"),
                "editor.vko");
        assertThat(job.get("state").asString()).isEqualTo("succeeded");
        String report =
                "/api/v1/layers/oskemen-words/revisions/" + job.get("revision").asInt() + "/report?format=csv";
        // the English messages as the importer words them
        assertThat(get(report, "editor.vko").body())
                .contains("the file has no field for address, area_declared_ha, ")
                // words a clerk writes, each read as the status it offers
                .contains("one of the known words («предоставлен» / «берілді» (allocated), «выставлен на торги» /"
                        + " «аукцион тағайындалды» (auction_scheduled), «свободен» / «бос» (free), «заявка» / «өтінім"
                        + " қаралуда» (in_application), «изъят» / «алып қойылды» (withdrawn))")
                .contains("the plot lies in North Kazakhstan, outside your region (East Kazakhstan): an editor of North"
                        + " Kazakhstan or an administrator imports it");
        String russian = get(report + "&lang=ru", "editor.vko").body();
        assertThat(russian)
                .contains("в файле нет полей «адрес (address)», «декларированная площадь, га (area_declared_ha)», ")
                .contains("на одно из известных слов («предоставлен» (allocated), «выставлен на торги»"
                        + " (auction_scheduled),"
                        + " «свободен» (free), «заявка» (in_application), «изъят» (withdrawn))")
                .contains("участок лежит в регионе «Северо-Казахстанская область», вне вашего региона"
                        + " (Восточно-Казахстанская область): его загружает редактор региона «Северо-Казахстанская"
                        + " область» или администратор")
                .doesNotContain("East Kazakhstan");
        String kazakh = get(report + "&lang=kk", "editor.vko").body();
        assertThat(kazakh)
                .contains(
                        "ешбір атаумен мына өрістер жоқ: «мекенжайы (address)», «мәлімделген аудан, га (area_declared_ha)», ")
                .contains(
                        "белгілі сөздердің біріне түзетіңіз («берілді» (allocated), «аукцион тағайындалды» (auction_scheduled),"
                                + " «бос» (free), «өтінім қаралуда» (in_application), «алып қойылды» (withdrawn))")
                .contains("учаске «Солтүстік Қазақстан облысы» өңірінде, сіздің өңіріңізден (Шығыс Қазақстан облысы)"
                        + " тыс жатыр: оны «Солтүстік Қазақстан облысы» өңірінің редакторы немесе әкімші жүктейді")
                .doesNotContain("East Kazakhstan")
                .doesNotContain("Восточно-Казахстанская");
    }

    @Test
    void aRevisionSaysWhichFileOfAnUploadedZipItReadAndItsLayer() throws Exception {
        // a KML without a name of its own, in a folder of the zip
        String kml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <kml xmlns="http://www.opengis.net/kml/2.2"><Document>
                <Placemark><name>05-085-012-001</name><ExtendedData><Data name="status"><value>бос</value></Data>
                <Data name="kategor"><value>елді мекен</value></Data></ExtendedData>
                <Polygon><outerBoundaryIs><LinearRing><coordinates>82.6,49.95 82.6004,49.95 82.6004,49.9503
                82.6,49.9503 82.6,49.95</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
                </Document></kml>
                """;
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            out.putNextEntry(new java.util.zip.ZipEntry("Экспорт/участки.kml"));
            out.write(kml.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        HttpResponse<String> accepted =
                upload("/api/v1/layers/oskemen-zip/imports", "export.zip", zip.toByteArray(), "editor.vko");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode job = finished(json(accepted).get("id").asString(), "editor.vko");
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        JsonNode revision =
                json(get("/api/v1/layers/oskemen-zip/revisions", "editor.vko")).get(0);
        assertThat(revision.get("sourceName").asString()).isEqualTo("export.zip");
        assertThat(revision.get("sourceFile").asString()).isEqualTo("Экспорт/участки.kml");
        assertThat(revision.get("sourceLayer").asString()).isEqualTo("участки");
    }

    @Test
    void uploadFollowReportPublishAndRollBack() throws Exception {
        byte[] file = geojson(30, 1).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> accepted =
                upload("/api/v1/layers/oskemen-free/imports", "участки.geojson", file, "editor.vko");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).startsWith("/api/v1/import-jobs/"));
        JsonNode job = finished(json(accepted).get("id").asString(), "editor.vko");
        assertThat(job.get("state").asString()).isEqualTo("succeeded");
        assertThat(job.get("progress").asInt()).isEqualTo(100);
        assertThat(job.get("sourceName").asString()).isEqualTo("участки.geojson");
        int revision = job.get("revision").asInt();

        JsonNode report = json(get("/api/v1/layers/oskemen-free/revisions/" + revision + "/report", "editor.vko"));
        assertThat(report.get("state").asString()).isEqualTo("draft");
        assertThat(report.get("summary").get("accepted").asInt()).isEqualTo(29);
        assertThat(report.get("summary").get("diff").get("added").asInt()).isEqualTo(29);
        JsonNode issue = report.get("issues").get(report.get("issues").size() - 1);
        assertThat(issue.get("row").asInt()).isEqualTo(30);
        // a GeoJSON file's features are named by their numbers in the file
        assertThat(issue.get("fileRow").asInt()).isEqualTo(30);
        assertThat(issue.get("rowUnit").asString()).isEqualTo("feature");
        assertThat(issue.get("code").asString()).isEqualTo("invalid_geometry");
        // the detail: the key of the message's template and the values it names, for any language
        assertThat(issue.get("detail").get("key").asString()).startsWith("invalid_geometry_");
        assertThat(issue.get("detail").get("reason").get("key").asString()).isEqualTo("geos_located_at");
        // where, as numbers: a decimal comma in Kazakh and Russian
        assertThat(issue.get("detail").get("reason").get("x").isNumber()).isTrue();
        assertThat(issue.get("detail").get("reason").get("what").get("key").asString())
                .isEqualTo("geos_self_intersection");
        int total = report.get("issues").size();
        assertThat(report.get("issuesTotal").asInt()).isEqualTo(total).isGreaterThan(1);
        // the first problems only, as the editor's page asks for a large file's report
        JsonNode first =
                json(get("/api/v1/layers/oskemen-free/revisions/" + revision + "/report?limit=1", "editor.vko"));
        assertThat(first.get("issues")).hasSize(1);
        assertThat(first.get("issues").get(0)).isEqualTo(report.get("issues").get(0));
        assertThat(first.get("issuesTotal").asInt()).isEqualTo(total);
        HttpResponse<String> none =
                get("/api/v1/layers/oskemen-free/revisions/" + revision + "/report?limit=0", "editor.vko");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(json(none).get("parameter").asString()).isEqualTo("limit");

        HttpResponse<String> csv =
                get("/api/v1/layers/oskemen-free/revisions/" + revision + "/report?format=csv", "editor.vko");
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body()).contains("30,rejected,invalid_geometry,\"the geometry is invalid");
        // a Russian or Kazakh Excel reads semicolons, and the reader's words, the problems' details too
        String russian = get(
                        "/api/v1/layers/oskemen-free/revisions/" + revision + "/report?format=csv&lang=ru",
                        "editor.vko")
                .body();
        assertThat(russian).startsWith("\uFEFFОбъект;Итог;Код;Сообщение\r\n");
        assertThat(russian)
                .contains("30;отклонён;invalid_geometry;\"геометрия неверна (контур пересекает сам себя в точке ")
                .doesNotContain("the geometry is invalid")
                // where, with a decimal comma
                .containsPattern("в точке 8[0-9],[0-9]+ 4[0-9],[0-9]+\\)");
        String kazakh = get(
                        "/api/v1/layers/oskemen-free/revisions/" + revision + "/report?format=csv&lang=kk",
                        "editor.vko")
                .body();
        assertThat(kazakh).startsWith("\uFEFFНысан;Нәтиже;Код;Хабар\r\n");
        assertThat(kazakh)
                .contains(
                        "30;қабылданбады;invalid_geometry;\"геометрия дұрыс емес (контур өзін-өзі қиып өтеді, нүкте: ");
        assertThat(get("/api/v1/layers/oskemen-free/revisions/" + revision + "/report?format=csv&lang=en", "editor.vko")
                        .body())
                .isEqualTo(csv.body());
        HttpResponse<String> german =
                get("/api/v1/layers/oskemen-free/revisions/" + revision + "/report?format=csv&lang=de", "editor.vko");
        assertThat(german.statusCode()).isEqualTo(400);
        assertThat(json(german).get("parameter").asString()).isEqualTo("lang");
        // how many problems of each kind the whole report holds, for the page to decide on publishing
        assertThat(report.get("issueCodes").get("invalid_geometry").asInt()).isEqualTo(1);
        // the layers an editor may import into, for the page to tell a new code from a slip
        assertThat(json(get("/api/v1/imports/layers", "editor.vko")).findValuesAsString("code"))
                .contains("oskemen-free");
        assertThat(json(get("/api/v1/imports/layers", "editor.sko")).findValuesAsString("code"))
                .doesNotContain("oskemen-free");

        assertThat(json(get("/api/v1/layers/oskemen-free/revisions/" + revision + "/changes", "editor.vko")))
                .hasSize(29);

        HttpResponse<String> published = http.post(
                "/api/v1/layers/oskemen-free/revisions/" + revision + "/publish",
                "{\"reason\": \"Приказ № 12 от 20.11.2026\"}",
                "editor.vko",
                "editor-password-1");
        assertThat(published.statusCode()).isEqualTo(200);
        assertThat(json(published).get("added").asInt()).isEqualTo(29);
        JsonNode plots = json(http.get("/api/v1/plots?bbox=82.5,49.9,82.7,50.1"));
        assertThat(plots.get("features")).hasSize(29);
        assertThat(jdbc.sql("SELECT count(*) FROM plot_status_change WHERE reason = 'Приказ № 12 от 20.11.2026'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(29);

        // a second file adds plots; then the layer goes back to the first
        JsonNode second = finished(
                upload(
                        "/api/v1/layers/oskemen-free/imports",
                        "v2.geojson",
                        geojson(40, 0).getBytes(StandardCharsets.UTF_8),
                        "editor.vko"),
                "editor.vko");
        assertThat(http.post(
                                "/api/v1/layers/oskemen-free/revisions/"
                                        + second.get("revision").asInt() + "/publish",
                                "{}",
                                "editor.vko",
                                "editor-password-1")
                        .statusCode())
                .isEqualTo(200);
        assertThat(json(http.get("/api/v1/plots?bbox=82.5,49.9,82.7,50.1")).get("features"))
                .hasSize(40);
        String firstPublished = json(get("/api/v1/layers/oskemen-free/revisions", "editor.vko"))
                .get(1)
                .get("publishedAt")
                .asString();
        HttpResponse<String> back = http.post(
                "/api/v1/layers/oskemen-free/rollback",
                "{\"reason\": \"Ошибка в файле\"}",
                "editor.vko",
                "editor-password-1");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(json(http.get("/api/v1/plots?bbox=82.5,49.9,82.7,50.1")).get("features"))
                .hasSize(29);
        assertThat(jdbc.sql("SELECT string_agg(actor || ' ' || action, ', ' ORDER BY id) FROM audit_log"
                                + " WHERE entity_id = 'oskemen-free'")
                        .query(String.class)
                        .single())
                .isEqualTo("editor.vko layer.import, editor.vko layer.diff, editor.vko layer.publish,"
                        + " editor.vko layer.import, editor.vko layer.publish, editor.vko layer.rollback");
        // the reasons the editor gave, none for the second publish, and the revision rolled back
        assertThat(jdbc.sql("""
                        SELECT string_agg(action || ' ' || coalesce(details ->> 'revision', details ->> 'from_revision')
                                          || coalesce(' -> ' || (details ->> 'to_revision'), '') || ' '
                                          || coalesce(details ->> 'reason', jsonb_typeof(details -> 'reason')), ', '
                                          ORDER BY id)
                        FROM audit_log WHERE entity_id = 'oskemen-free' AND action IN ('layer.publish', 'layer.rollback')
                        """).query(String.class).single())
                .isEqualTo("layer.publish %d Приказ № 12 от 20.11.2026, layer.publish %d null, layer.rollback %d -> %d"
                                .formatted(
                                        revision,
                                        second.get("revision").asInt(),
                                        second.get("revision").asInt(),
                                        revision)
                        + " Ошибка в файле");

        JsonNode revisions = json(get("/api/v1/layers/oskemen-free/revisions", "editor.vko"));
        assertThat(revisions.get(0).get("state").asString()).isEqualTo("rolled_back");
        assertThat(revisions.get(1).get("state").asString()).isEqualTo("published");
        // the revision public again keeps the time it was published, and says when it came back
        assertThat(revisions.get(1).get("publishedAt").asString()).isEqualTo(firstPublished);
        assertThat(revisions.get(1).get("restoredAt").isNull()).isFalse();
        assertThat(revisions.get(0).get("restoredAt").isNull()).isTrue();

        // a plot only the rolled-back file held: its card says how it came and how the rollback took it
        // away, naming revisions by their numbers
        int secondRevision = second.get("revision").asInt();
        JsonNode gone = json(http.get("/api/v1/plots/05-085-040-040")).get("properties");
        assertThat(gone.get("current").asBoolean()).isFalse();
        assertThat(gone.get("layer").asString()).isEqualTo("oskemen-free");
        assertThat(gone.get("revision").asInt()).isEqualTo(secondRevision);
        List<String> history = new ArrayList<>();
        for (JsonNode entry : gone.get("status_history")) {
            history.add(
                    entry.get("event").asString() + " " + entry.get("to_status").asString() + " r"
                            + entry.get("revision").asInt()
                            + (entry.get("by_rollback").asBoolean()
                                    ? " rollback of r"
                                            + entry.get("rolled_back_revision").asInt()
                                    : "")
                            + " " + entry.get("reason").asString());
        }
        assertThat(history)
                .containsExactly(
                        "status free r%d Published revision %d".formatted(secondRevision, secondRevision),
                        "removed free r%d rollback of r%d Ошибка в файле".formatted(revision, secondRevision));
        assertThat(gone.get("status_history").get(0).get("layer_revision_id").asLong())
                .as("the internal id, kept for the clients that read it")
                .isEqualTo(jdbc.sql("SELECT r.id FROM layer_revision r JOIN layer l ON l.id = r.layer_id"
                                + " WHERE l.code = 'oskemen-free' AND r.number = :number")
                        .param("number", secondRevision)
                        .query(Long.class)
                        .single());
        // which published revision each was compared with: the page tells a stale draft by it
        assertThat(revisions.get(0).get("basedOn").asInt())
                .isEqualTo(revisions.get(1).get("number").asInt());
        assertThat(revisions.get(1).get("basedOn").isNull()).isTrue();
    }

    @Test
    void aCsvFilesReportNamesTheLinesAPersonFindsInIt() throws Exception {
        // a title and an empty line above the names, an empty row of separators: the plot of a status
        // no one knows is on line 6, and is the file's third feature
        String csv = "Реестр участков;;;\r\n;;;\r\nkad_nomer;status;kategor;WKT\r\n"
                + "05-085-044-001;бос;нп;\"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))\"\r\n"
                + ";;;\r\n"
                + "05-085-044-002;продан;нп;\"POLYGON((82.601 49.95,82.60142 49.95,82.60142 49.95027,82.601 49.95027,82.601"
                + " 49.95))\"\r\n";
        JsonNode job = finished(
                upload(
                        "/api/v1/layers/oskemen-lines/imports",
                        "реестр.csv",
                        csv.getBytes(StandardCharsets.UTF_8),
                        "editor.vko"),
                "editor.vko");
        assertThat(job.get("state").asString()).isEqualTo("succeeded");
        String report =
                "/api/v1/layers/oskemen-lines/revisions/" + job.get("revision").asInt() + "/report";
        JsonNode status = null;
        for (JsonNode issue : json(get(report, "editor.vko")).get("issues")) {
            if (issue.get("code").asString().equals("unknown_status")) {
                status = issue;
            }
        }
        assertThat(status).isNotNull();
        assertThat(status.get("row").asInt()).isEqualTo(3);
        assertThat(status.get("fileRow").asInt()).isEqualTo(6);
        assertThat(status.get("rowUnit").asString()).isEqualTo("line");
        assertThat(get(report + "?format=csv", "editor.vko").body())
                .startsWith("\uFEFFline,severity,code,message\r\n")
                .contains("\r\n6,rejected,unknown_status,");
        assertThat(get(report + "?format=csv&lang=ru", "editor.vko").body())
                .startsWith("\uFEFFСтрока;Итог;Код;Сообщение\r\n")
                .contains("\r\n6;отклонён;unknown_status;");
    }

    @Test
    void aBrokenFileEndsItsJobWithTheReason() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("../../../etc/cron.d/evil.geojson"));
            out.write("{}".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        JsonNode job = finished(
                upload("/api/v1/layers/oskemen-broken/imports", "plots.zip", zip.toByteArray(), "editor.vko"),
                "editor.vko");
        assertThat(job.get("state").asString()).isEqualTo("failed");
        assertThat(job.get("message").asString()).contains("points outside the archive");
        assertThat(job.get("problem").asString()).isEqualTo("unsafe_zip");
        assertThat(jdbc.sql("SELECT count(*) FROM layer WHERE code = 'oskemen-broken'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void aFileOfTwoLayersOfOneNetworkKindIsRefusedUntilTheFormNamesOne(@org.junit.jupiter.api.io.TempDir Path folder)
            throws Exception {
        // this year's gas mains and 2019's, each a layer of lines, and no kind field: the form says gas
        Path gpkg = folder.resolve("gaz.gpkg");
        for (String layer : java.util.List.of("gaz_2019", "gaz")) {
            Path lines = java.nio.file.Files.writeString(folder.resolve(layer + ".geojson"), """
                    {"type": "FeatureCollection", "features": [
                     {"type": "Feature", "properties": {"naim": "%s"},
                      "geometry": {"type": "LineString", "coordinates": [[82.60, 49.95], [82.62, 49.95]]}}]}
                    """.formatted(layer));
            Process ogr2ogr = new ProcessBuilder(
                            "ogr2ogr",
                            java.nio.file.Files.exists(gpkg) ? "-update" : "-overwrite",
                            "-f",
                            "GPKG",
                            "-nln",
                            layer,
                            gpkg.toString(),
                            lines.toString())
                    .redirectErrorStream(true)
                    .start();
            ogr2ogr.getInputStream().readAllBytes();
            assertThat(ogr2ogr.waitFor()).isZero();
        }
        byte[] file = java.nio.file.Files.readAllBytes(gpkg);
        JsonNode refused = finished(
                upload(
                        "/api/v1/layers/oskemen-gas/imports",
                        "gaz.gpkg",
                        file,
                        "editor.vko",
                        java.util.Map.of("networkKind", "gas")),
                "editor.vko");
        assertThat(refused.get("state").asString()).isEqualTo("failed");
        assertThat(refused.get("problem").asString()).isEqualTo("several_datasets");
        assertThat(refused.get("message").asString())
                .contains("the file holds 2 layers of lines with features (gaz_2019, gaz)")
                .contains("name the one to import as the layer in the file (e.g. gaz_2019)");
        assertThat(jdbc.sql("SELECT count(*) FROM layer WHERE code = 'oskemen-gas'")
                        .query(Integer.class)
                        .single())
                .isZero();
        int revision = revisionOf(upload(
                "/api/v1/layers/oskemen-gas/imports",
                "gaz.gpkg",
                file,
                "editor.vko",
                java.util.Map.of("networkKind", "gas", "sourceLayer", "gaz")));
        assertThat(jdbc.sql("""
                        SELECT string_agg(s.name || ' ' || s.kind, ', ') FROM network_snapshot s
                        JOIN layer_revision r ON r.id = s.layer_revision_id JOIN layer l ON l.id = r.layer_id
                        WHERE l.code = 'oskemen-gas' AND r.number = :revision""").param("revision", revision).query(String.class).single())
                .isEqualTo("gaz gas");
    }

    @Test
    void anUploadOverTheLimitIsRefusedWithTheLimit() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        HttpResponse<String> response = upload("/api/v1/layers/oskemen-free/imports", "big.geojson", big, "editor.vko");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("detail").asString()).contains("larger than the limit of 2 MB");
    }

    /**
     * A file's name travels in its part's header, two bytes a Cyrillic letter: a name as long as Windows
     * allows is taken, and one too long for the header is refused as a long name, not as a large file;
     * a field of the form too large is named, not taken for the file.
     */
    @Test
    void aLongFileNameIsTakenAndNeitherItNorALargeFieldIsSaidToBeALargeFile() throws Exception {
        String name = "Земельные участки Усть-Каменогорска выгрузка из АИС ГЗК по состоянию на первое декабря две"
                + " тысячи двадцать шестого года свободные и предоставленные участки с учётом изменений по"
                + " постановлению акимата окончательная версия.geojson";
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(400);
        byte[] file = elsewhere(2, "05-085-092").getBytes(StandardCharsets.UTF_8);
        JsonNode job =
                finished(upload("/api/v1/layers/oskemen-long-name/imports", name, file, "editor.vko"), "editor.vko");
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(name).endsWith(job.get("sourceName").asString().replace('_', ' '));

        HttpResponse<String> tooLong =
                upload("/api/v1/layers/oskemen-long-name/imports", "у".repeat(5000) + ".geojson", file, "editor.vko");
        assertRefused(tooLong, 400, "name_too_long");
        assertThat(json(tooLong).get("detail").asString()).contains("name").doesNotContain("larger than the limit");

        HttpResponse<String> field = upload(
                "/api/v1/layers/oskemen-long-name/imports",
                "a.geojson",
                file,
                "editor.vko",
                java.util.Map.of("titleEn", "x".repeat(2_500_000)));
        assertRefused(field, 413, "field_too_large");
        assertThat(json(field).get("detail").asString()).contains("titleEn").doesNotContain("The file is larger");
    }

    /**
     * Letters outside the Basic Multilingual Plane take two UTF-16 units and four bytes each: a long name
     * of them is kept to the last letters a file system takes, whole, never with a letter cut in half
     * (which no file system takes either).
     */
    @Test
    void aLongNameOfLettersOutsideTheBasicPlaneIsKeptWhole() throws Exception {
        byte[] file = elsewhere(2, "05-085-094").getBytes(StandardCharsets.UTF_8);
        String bold = "\uD835\uDC00"; // MATHEMATICAL BOLD CAPITAL A, a letter
        String name = bold.repeat(100) + "x.geojson";
        HttpResponse<String> accepted = upload("/api/v1/layers/oskemen-astral/imports", name, file, "editor.vko");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode job = finished(json(accepted).get("id").asString(), "editor.vko");
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        // as many as file systems take in a name's bytes, four each
        assertThat(job.get("sourceName").asString()).isEqualTo(bold.repeat(47) + "x.geojson");

        String longer = bold.repeat(300) + ".geojson";
        JsonNode kept = json(upload("/api/v1/layers/oskemen-astral/imports", longer, file, "editor.vko"));
        assertThat(kept.get("sourceName").asString()).isEqualTo(bold.repeat(48) + ".geojson");
        finished(kept.get("id").asString(), "editor.vko");
    }

    /**
     * A layer an import created is in the public catalogue only once something of it is published: a
     * draft's title, or a mistyped code whose every row was rejected, is not listed.
     */
    @Test
    void aLayerIsListedPubliclyOnlyOnceSomethingOfItIsPublished() throws Exception {
        String layer = "/api/v1/layers/oskemen-unlisted";
        int draft = revisionOf(upload(
                layer + "/imports?title=Draft%20title",
                "a.geojson",
                elsewhere(2, "05-085-095").getBytes(StandardCharsets.UTF_8),
                "editor.vko"));
        assertThat(catalogue()).doesNotContain("oskemen-unlisted");
        assertThat(http.post(layer + "/revisions/" + draft + "/publish", "{}", "editor.vko", "editor-password-1")
                        .statusCode())
                .isEqualTo(200);
        assertThat(catalogue()).contains("oskemen-unlisted");
    }

    private List<String> catalogue() {
        HttpResponse<String> response = http.get("/api/v1/layers");
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response)
                .get("layers")
                .valueStream()
                .map(l -> l.get("code").asString())
                .toList();
    }

    /** A form of two files is refused saying so: the second would otherwise be left unread without a word. */
    @Test
    void aFormOfTwoFilesIsRefused() {
        String boundary = "----adalmap" + UUID.randomUUID();
        String body = ("--%1$s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.geojson\"\r\n\r\n"
                        + "%2$s\r\n--%1$s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.txt\"\r\n\r\n"
                        + "garbage\r\n--%1$s--\r\n")
                .formatted(boundary, elsewhere(2, "05-085-096"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri("/api/v1/layers/oskemen-two/imports"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", basic("editor.vko"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertRefused(response, 400, "several_files");
        assertThat(json(response).get("parameter").asString()).isEqualTo("file");
        // a second file under a name of its own (a Shapefile's .dbf beside its .shp) is no less a second file
        String other = ("--%1$s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.geojson\"\r\n\r\n"
                        + "%2$s\r\n--%1$s\r\nContent-Disposition: form-data; name=\"dbf\"; filename=\"a.dbf\"\r\n\r\n"
                        + "garbage\r\n--%1$s--\r\n")
                .formatted(boundary, elsewhere(2, "05-085-096"));
        assertRefused(
                http.send(HttpRequest.newBuilder(http.uri("/api/v1/layers/oskemen-two/imports"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .header("Authorization", basic("editor.vko"))
                        .POST(HttpRequest.BodyPublishers.ofString(other))
                        .build()),
                400,
                "several_files");
        assertThat(jdbc.sql("SELECT count(*) FROM import_job WHERE layer_code = 'oskemen-two'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    /** A number or an id that is none is a request to correct, said by its parameter: nothing is missing. */
    @Test
    void aNumberOrAnIdThatIsNoneIsToldByItsParameter() throws Exception {
        HttpResponse<String> limit = get("/api/v1/layers/oskemen-free/revisions/1/report?limit=abc", "editor.vko");
        assertThat(limit.statusCode()).as(limit.body()).isEqualTo(400);
        assertThat(json(limit).get("parameter").asString()).isEqualTo("limit");
        assertThat(json(limit).get("detail").asString())
                .isEqualTo("limit: 'abc' is not a whole number (at most 2147483647)");
        HttpResponse<String> revision = get("/api/v1/layers/oskemen-free/revisions/99999999999/report", "editor.vko");
        assertThat(revision.statusCode()).as(revision.body()).isEqualTo(400);
        HttpResponse<String> job = get("/api/v1/import-jobs/not-a-uuid", "editor.vko");
        assertThat(job.statusCode()).as(job.body()).isEqualTo(400);
        assertThat(json(job).get("parameter").asString()).isEqualTo("id");
        assertThat(job.body()).doesNotContain("Invalid UUID string");
    }

    /**
     * The audit log records from which address an editor imported and published, as the load balancer
     * forwards it: a change made from another place (another site's page, a stolen password) is told
     * apart from the editor's own.
     */
    @Test
    void theAuditLogKeepsTheAddressAnImportAndAPublishCameFrom() throws Exception {
        String boundary = "----adalmap" + UUID.randomUUID();
        String body = ("--%1$s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.geojson\"\r\n\r\n"
                        + "%2$s\r\n--%1$s--\r\n")
                .formatted(boundary, elsewhere(2, "05-085-097"));
        HttpResponse<String> accepted =
                http.send(HttpRequest.newBuilder(http.uri("/api/v1/layers/oskemen-audited/imports"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .header("Authorization", basic("editor.vko"))
                        .header("X-Forwarded-For", "192.0.2.44")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
        int revision = revisionOf(accepted);
        HttpResponse<String> published = http.send(
                HttpRequest.newBuilder(http.uri("/api/v1/layers/oskemen-audited/revisions/" + revision + "/publish"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", basic("editor.vko"))
                        .header("X-Forwarded-For", "198.51.100.7")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        // a client's own X-Forwarded-For, to which a load balancer appends the address it came from:
        // the address the balancer (a proxy of the local network, as the test's) saw, not the client's words
        HttpResponse<String> diff = http.send(
                HttpRequest.newBuilder(http.uri("/api/v1/layers/oskemen-audited/revisions/" + revision + "/changes"))
                        .header("Authorization", basic("editor.vko"))
                        .header("X-Forwarded-For", "6.6.6.6, 203.0.113.9")
                        .GET()
                        .build());
        assertThat(diff.statusCode()).as(diff.body()).isEqualTo(200);
        assertThat(jdbc.sql("""
                        SELECT action || ' ' || host(client_ip) FROM audit_log
                        WHERE entity_type = 'layer' AND entity_id = 'oskemen-audited' ORDER BY id""").query(String.class).list())
                .containsExactly("layer.import 192.0.2.44", "layer.publish 198.51.100.7", "layer.diff 203.0.113.9");
    }

    /**
     * A body cut off mid-upload (the connection lost, the client stopped) is answered as every error is:
     * a problem detail that says what went wrong, not the framework's bare status.
     */
    @Test
    void anUploadCutOffMidwayIsAnsweredWithAProblemDetail() throws Exception {
        String boundary = "----adalmap" + UUID.randomUUID();
        byte[] body = ("--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.geojson\"\r\n\r\n"
                        + elsewhere(200, "05-085-098") + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        String response;
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/layers/oskemen-cut/imports HTTP/1.1\r\nHost: localhost:" + port
                            + "\r\nAuthorization: " + basic("editor.vko")
                            + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                            + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            Thread.sleep(500);
            socket.shutdownOutput();
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(response).contains("\"title\"", "\"detail\"").doesNotContain("\"error\":\"Bad Request\"");
        assertThat(jdbc.sql("SELECT count(*) FROM import_job WHERE layer_code = 'oskemen-cut'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    /** A text file (Excel's "Unicode text") is read as a CSV copy, but what is said of it names the file sent. */
    @Test
    void aTextFileThatCannotBeReadIsNamedAsItWasSent() throws Exception {
        JsonNode job = finished(
                upload(
                        "/api/v1/layers/oskemen-text/imports",
                        "b.txt",
                        "garbage".getBytes(StandardCharsets.UTF_8),
                        "editor.vko"),
                "editor.vko");
        assertThat(job.get("state").asString()).isEqualTo("failed");
        assertThat(job.get("message").asString()).contains("b.txt").doesNotContain("b.csv");
    }

    @Autowired
    kz.adalmap.api.config.AdalMapProperties properties;

    @org.springframework.beans.factory.annotation.Value("${spring.datasource.url}")
    String url;

    @org.springframework.beans.factory.annotation.Value("${spring.datasource.username}")
    String user;

    @org.springframework.beans.factory.annotation.Value("${spring.datasource.password}")
    String password;

    @Test
    void aServerStartingBesideAnotherLeavesTheOtherServersUploads(@org.junit.jupiter.api.io.TempDir Path shared)
            throws Exception {
        // a job of this database that a killed server left, and a job of another server's database
        UUID left = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO import_job (id, layer_code, source_name, source_bytes, created_by, state)
                VALUES (?, 'oskemen-left', 'left.zip', 10, 'editor.vko', 'running')
                """).param(left).update();
        Path ours = Files.createDirectories(shared.resolve(left.toString()));
        Path theirs = Files.createDirectories(shared.resolve(UUID.randomUUID().toString()));
        Files.writeString(theirs.resolve("plots.zip"), "uploading");
        Path forgotten =
                Files.createDirectories(shared.resolve(UUID.randomUUID().toString()));
        Files.setLastModifiedTime(
                forgotten, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        new ImportJobs(
                        jdbc,
                        new kz.adalmap.api.config.AdalMapProperties(
                                properties.api(),
                                properties.security(),
                                new kz.adalmap.api.config.AdalMapProperties.Imports(shared.toString(), 64, 1, 5),
                                properties.tiles()),
                        url,
                        user,
                        password)
                .stop();
        assertThat(ours).as("the killed server's job's folder").doesNotExist();
        assertThat(jdbc.sql("SELECT state || ' ' || problem FROM import_job WHERE id = ?")
                        .param(left)
                        .query(String.class)
                        .single())
                .isEqualTo("failed restarted");
        assertThat(theirs.resolve("plots.zip"))
                .as("another server's running upload")
                .exists();
        assertThat(forgotten).as("a folder nobody has touched for two days").doesNotExist();
    }

    @Autowired
    ImportJobs jobs;

    /** A second server on this database, as a second instance or a restarted one is, sharing {@code workDir}. */
    private ImportJobs secondServer(Path workDir) throws java.io.IOException {
        return new ImportJobs(
                jdbc,
                new kz.adalmap.api.config.AdalMapProperties(
                        properties.api(),
                        properties.security(),
                        new kz.adalmap.api.config.AdalMapProperties.Imports(workDir.toString(), 64, 1, 5),
                        properties.tiles()),
                url,
                user,
                password);
    }

    @Test
    void anEditorWithFiveImportsWaitingIsToldToWaitBeforeTheSixthIsSent() throws Exception {
        // five of editor.sko's imports wait their turn on this server (a script sending an export again
        // and again); another editor's do not count
        List<UUID> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(UUID.randomUUID());
        }
        for (UUID job : waiting) {
            jdbc.sql("""
                    INSERT INTO import_job (id, layer_code, source_name, source_bytes, created_by, state, stage,
                                            progress, instance_id)
                    VALUES (?, 'petropavl-waiting', 'plots.zip', 10, 'editor.sko', 'queued', 'queued', 0, ?)
                    """).params(job, jobs.instance()).update();
        }
        try {
            HttpResponse<String> refused = upload(
                    "/api/v1/layers/petropavl-waiting/imports",
                    "plots.geojson",
                    geojson(2, 0).getBytes(StandardCharsets.UTF_8),
                    "editor.sko");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            JsonNode problem = json(refused);
            assertThat(problem.get("code").asString()).isEqualTo("too_many_imports");
            assertThat(problem.get("limit").asInt()).isEqualTo(5);
            assertThat(problem.get("detail").asString())
                    .isEqualTo("5 of your imports are waiting or running, and an editor may have 5 at a time: send"
                            + " this file when one of them has ended (the editor's page shows their progress)");
            assertThat(jdbc.sql("SELECT count(*) FROM import_job WHERE layer_code = 'petropavl-waiting'")
                            .query(Long.class)
                            .single())
                    .as("no job made")
                    .isEqualTo(5L);
            // one ended: the next file is taken
            jdbc.sql("UPDATE import_job SET state = 'failed', problem = 'restarted' WHERE id = ?")
                    .params(waiting.get(0))
                    .update();
            assertThat(upload(
                                    "/api/v1/layers/petropavl-waiting/imports",
                                    "plots.geojson",
                                    geojson(2, 0).getBytes(StandardCharsets.UTF_8),
                                    "editor.sko")
                            .statusCode())
                    .isEqualTo(202);
        } finally {
            jdbc.sql("DELETE FROM import_job WHERE layer_code = 'petropavl-waiting' AND id = ANY(?)")
                    .params((Object) waiting.toArray(new UUID[0]))
                    .update();
        }
    }

    @Test
    void aServerStartingBesideAnotherLeavesTheJobsTheOtherIsRunning(@org.junit.jupiter.api.io.TempDir Path shared)
            throws Exception {
        // this application's server is reading one file and has another waiting
        UUID running = UUID.randomUUID();
        UUID queued = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO import_job (id, layer_code, source_name, source_bytes, created_by, state, stage, progress,
                                        instance_id)
                VALUES (?, 'oskemen-live', 'big.zip', 10, 'editor.vko', 'running', 'reading', 40, ?),
                       (?, 'oskemen-live', 'next.geojson', 10, 'editor.vko', 'queued', 'queued', 0, ?)
                """).params(running, jobs.instance(), queued, jobs.instance()).update();
        for (UUID job : List.of(running, queued)) {
            Files.writeString(
                    Files.createDirectories(shared.resolve(job.toString())).resolve("plots.zip"), "uploaded");
        }
        String before = jdbc.sql("SELECT string_agg(row(j.*)::text, ' ' ORDER BY id) FROM import_job j"
                        + " WHERE layer_code = 'oskemen-live'")
                .query(String.class)
                .single();

        secondServer(shared).stop();

        assertThat(jdbc.sql("SELECT string_agg(row(j.*)::text, ' ' ORDER BY id) FROM import_job j"
                                + " WHERE layer_code = 'oskemen-live'")
                        .query(String.class)
                        .single())
                .as("the jobs a live server runs")
                .isEqualTo(before)
                .contains("running", "queued")
                .doesNotContain("restarted");
        for (UUID job : List.of(running, queued)) {
            assertThat(shared.resolve(job.toString()).resolve("plots.zip"))
                    .as("the upload of a job a live server runs")
                    .exists();
        }
        jdbc.sql("DELETE FROM import_job WHERE layer_code = 'oskemen-live'").update();
    }

    @Test
    void anImportGoesOnWhileASecondServerStartsOnTheSameFolder() throws Exception {
        HttpResponse<String> accepted = upload(
                "/api/v1/layers/oskemen-second/imports",
                "plots.geojson",
                plots(200, "05-085-070").getBytes(StandardCharsets.UTF_8),
                "editor.vko");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        secondServer(
                        properties.imports().workDir().isBlank()
                                ? Path.of(System.getProperty("java.io.tmpdir"), "adalmap-imports")
                                : Path.of(properties.imports().workDir()))
                .stop();
        JsonNode job = finished(json(accepted).get("id").asString(), "editor.vko");
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("problem").isNull()).as(job.toString()).isTrue();
        assertThat(job.get("message").isNull()).as(job.toString()).isTrue();
    }

    @Test
    void anImportCutOffByTheServersStopIsSaidToBeSoNotTheFiles(@org.junit.jupiter.api.io.TempDir Path folder)
            throws Exception {
        ImportJobs server = secondServer(folder);
        byte[] file = plots(30_000, "05-085-071").getBytes(StandardCharsets.UTF_8);
        ImportJobs.Job job = server.submit(
                "oskemen-stopped",
                new org.springframework.mock.web.MockMultipartFile("file", "plots.geojson", null, file),
                new ImportJobs.Options(null, null, null, null, null),
                "editor.vko",
                () -> null);
        // stopped while GDAL reads the file
        long deadline = System.currentTimeMillis() + 60_000;
        while (!"reading"
                        .equals(jdbc.sql("SELECT stage FROM import_job WHERE id = ?")
                                .param(job.id())
                                .query(String.class)
                                .optional()
                                .orElse(null))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        server.stop();
        deadline = System.currentTimeMillis() + 60_000;
        String ended = null;
        while (System.currentTimeMillis() < deadline) {
            ended = jdbc.sql("SELECT state || ' ' || coalesce(problem, '-') FROM import_job WHERE id = ?")
                    .param(job.id())
                    .query(String.class)
                    .single();
            if (!ended.startsWith("running") && !ended.startsWith("queued")) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(ended).isEqualTo("failed restarted");
    }

    @Test
    void theJobsOfAServerThatStoppedBeatingAreEndedByALiveOne() {
        // a server that last beat two minutes ago, and one that beat just now, each running a job
        UUID gone = UUID.randomUUID();
        UUID alive = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO api_instance (id, name, started_at, seen_at) VALUES
                (?, 'gone pid 1', now() - interval '1 hour', now() - interval '2 minutes'),
                (?, 'alive pid 2', now() - interval '1 hour', now())
                """).params(gone, alive).update();
        UUID abandoned = UUID.randomUUID();
        UUID goingOn = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO import_job (id, layer_code, source_name, source_bytes, created_by, state, instance_id,
                                        stage, progress)
                VALUES (?, 'oskemen-beat', 'a.zip', 10, 'editor.vko', 'running', ?, 'validating', 55),
                       (?, 'oskemen-beat', 'b.zip', 10, 'editor.vko', 'running', ?, 'validating', 55)
                """).params(abandoned, gone, goingOn, alive).update();

        // what this application's server does every few seconds
        jobs.beatAndCheck();

        // ended as every failed job ends: done, not left at the stage it was cut off in
        assertThat(jdbc.sql("SELECT state || ' ' || stage || ' ' || progress || ' ' || coalesce(problem, '-') || ' '"
                                + " || coalesce(message, '-') FROM import_job WHERE id = ?")
                        .param(abandoned)
                        .query(String.class)
                        .single())
                .isEqualTo("failed done 100 restarted the server restarted during the import; send the file again");
        assertThat(jdbc.sql("SELECT state || ' ' || coalesce(problem, '-') FROM import_job WHERE id = ?")
                        .param(goingOn)
                        .query(String.class)
                        .single())
                .isEqualTo("running -");
        assertThat(jdbc.sql("SELECT id FROM api_instance WHERE id IN (?, ?, ?)")
                        .params(gone, alive, jobs.instance())
                        .query(UUID.class)
                        .list())
                .as("the gone server is forgotten")
                .containsExactlyInAnyOrder(alive, jobs.instance());
        jdbc.sql("DELETE FROM import_job WHERE layer_code = 'oskemen-beat'").update();
        jdbc.sql("DELETE FROM api_instance WHERE id = ?").param(alive).update();
    }

    @Test
    void aFileOfExactlyTheLimitIsTaken() throws Exception {
        // a GeoJSON of 2 MB to the byte: plots, then spaces
        byte[] plots = geojson(3, 0).getBytes(StandardCharsets.UTF_8);
        byte[] limit = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(limit, (byte) ' ');
        System.arraycopy(plots, 0, limit, 0, plots.length);
        HttpResponse<String> response = upload(
                "/api/v1/layers/oskemen-limit/imports",
                "limit.geojson",
                limit,
                "editor.vko",
                java.util.Map.of("profile", "cadastre-export", "encoding", "UTF-8"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode job = finished(json(response).get("id").asString(), "editor.vko");
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        byte[] over = java.util.Arrays.copyOf(limit, limit.length + 1);
        over[over.length - 1] = ' ';
        assertThat(upload("/api/v1/layers/oskemen-limit/imports", "over.geojson", over, "editor.vko")
                        .statusCode())
                .isEqualTo(413);
    }

    /**
     * A land editor whose account has no region (its region taken away) is told so, and that an
     * administrator must assign one: not that the layer belongs to another region, nor that layers
     * are created for editors of several regions; the page words it in the reader's language.
     */
    @Test
    void anEditorWithoutARegionIsToldAnAdministratorMustAssignOne() throws Exception {
        assertThat(http.post("/api/v1/admin/users", """
                {"username": "editor.none", "displayName": "Land editor", "password": "editor-password-1",
                 "roles": ["land_editor"], "regions": ["630000000"]}
                """, "chief", "chief-password-2026")
                        .statusCode())
                .isEqualTo(201);
        jdbc.sql("DELETE FROM user_region WHERE user_id = (SELECT id FROM app_user WHERE username = 'editor.none')")
                .update();
        // numbers of their own: the other tests publish plots too
        byte[] file =
                TestPlots.geojson(3, 0, 82.80, 49.80, "05-085-089", i -> "бос").getBytes(StandardCharsets.UTF_8);
        publishRevision(
                "/api/v1/layers/oskemen-regionless",
                upload("/api/v1/layers/oskemen-regionless/imports", "a.geojson", file, "editor.vko"));
        String told = "editor.none's account has no region: an administrator must assign it the region it edits"
                + " before it can import into, publish or roll back a layer";
        for (HttpResponse<String> refused : List.of(
                upload("/api/v1/layers/plots-none/imports", "a.geojson", file, "editor.none"),
                upload("/api/v1/layers/oskemen-regionless/imports", "a.geojson", file, "editor.none"),
                http.post("/api/v1/layers/oskemen-regionless/rollback", "{}", "editor.none", "editor-password-1"))) {
            assertRefused(refused, 403, "no_region");
            assertThat(json(refused).get("detail").asString()).isEqualTo(told);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM layer WHERE code = 'plots-none'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void editorsOfAnotherRegionAndAnonymousUsersAreRefused() throws Exception {
        byte[] file = geojson(3, 0).getBytes(StandardCharsets.UTF_8);
        finished(upload("/api/v1/layers/oskemen-owned/imports", "a.geojson", file, "editor.vko"), "editor.vko");
        HttpResponse<String> other = upload("/api/v1/layers/oskemen-owned/imports", "a.geojson", file, "editor.sko");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(json(other).get("detail").asString()).contains("belongs to another region");
        // the attempt is kept in the audit log, by whom, on what, and why it was refused
        assertThat(jdbc.sql("""
                        SELECT actor || ' ' || entity_id || ' ' || (details ->> 'reason') FROM audit_log
                        WHERE action = 'access.denied' AND entity_id = 'POST /api/v1/layers/oskemen-owned/imports'""").query(String.class).list())
                .containsExactly("editor.sko POST /api/v1/layers/oskemen-owned/imports editor.sko may not change layer"
                        + " oskemen-owned: it belongs to another region");
        // a layer an administrator made for the whole country is no other region's
        finished(upload("/api/v1/layers/national-plots/imports", "a.geojson", file, "chief"), "chief");
        HttpResponse<String> national =
                upload("/api/v1/layers/national-plots/imports", "a.geojson", file, "editor.vko");
        assertThat(national.statusCode()).isEqualTo(403);
        assertThat(json(national).get("detail").asString()).contains("a national layer");
        assertThat(http.post(
                                "/api/v1/layers/oskemen-owned/revisions/1/publish",
                                "{}",
                                "editor.sko",
                                "editor-password-1")
                        .statusCode())
                .isEqualTo(403);
        assertThat(get("/api/v1/layers/oskemen-owned/revisions/1/report", "editor.sko")
                        .statusCode())
                .isEqualTo(403);
        assertThat(upload("/api/v1/layers/oskemen-owned/imports", "a.geojson", file, null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(http.get("/api/v1/layers/oskemen-owned/revisions").statusCode())
                .isEqualTo(401);
    }

    /**
     * A job waits its turn (behind another import, for the layer another import holds): the rights its
     * editor had when the file was sent may have been withdrawn by the time it runs. It reads them again
     * when it starts and once it holds the layer, and ends {@code not_allowed}, nothing written.
     */
    @Test
    void aJobWhoseEditorsRightWasWithdrawnWhileItWaitedEndsNotAllowed() throws Exception {
        assertThat(http.post("/api/v1/admin/users", """
                {"username": "editor.two", "displayName": "Land editor", "password": "editor-password-1",
                 "roles": ["land_editor"], "regions": ["630000000", "590000000"]}
                """, "chief", "chief-password-2026")
                        .statusCode())
                .isEqualTo(201);
        String layer = "/api/v1/layers/oskemen-withdrawn";
        publishRevision(
                layer,
                upload(
                        layer + "/imports",
                        "a.geojson",
                        TestPlots.geojson(3, 0, 83.30, 49.70, "05-086-093", i -> "бос")
                                .getBytes(StandardCharsets.UTF_8),
                        "editor.vko"));
        byte[] file =
                TestPlots.geojson(4, 0, 83.30, 49.70, "05-086-093", i -> "бос").getBytes(StandardCharsets.UTF_8);
        String withdraw = """
                DELETE FROM user_region WHERE user_id = (SELECT id FROM app_user WHERE username = 'editor.two')
                  AND region_id = (SELECT id FROM region WHERE kato_code = '630000000')""";
        String give = """
                INSERT INTO user_region (user_id, region_id)
                SELECT (SELECT id FROM app_user WHERE username = 'editor.two'), id FROM region
                WHERE kato_code = '630000000'""";
        String told = "editor.two may not change layer oskemen-withdrawn: it belongs to another region; the rights"
                + " were read again as the import began, after the file was sent, and nothing was imported";

        // queued behind another editor's import, which waits for its own layer
        try (java.sql.Connection other = dataSource.getConnection();
                java.sql.Statement st = other.createStatement()) {
            st.execute("SELECT pg_advisory_lock(hashtext('adalmap.layer:oskemen-ahead'))");
            String ahead;
            String queued;
            try {
                ahead = json(upload(
                                "/api/v1/layers/oskemen-ahead/imports",
                                "a.geojson",
                                TestPlots.geojson(2, 0, 83.40, 49.70, "05-086-094", i -> "бос")
                                        .getBytes(StandardCharsets.UTF_8),
                                "editor.vko"))
                        .get("id")
                        .asString();
                awaitStage(ahead, "waiting");
                HttpResponse<String> sent = upload(layer + "/imports", "a.geojson", file, "editor.two");
                assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
                queued = json(sent).get("id").asString();
                assertThat(json(get("/api/v1/import-jobs/" + queued, "editor.two"))
                                .get("state")
                                .asString())
                        .isEqualTo("queued");
                jdbc.sql(withdraw).update();
            } finally {
                st.execute("SELECT pg_advisory_unlock(hashtext('adalmap.layer:oskemen-ahead'))");
            }
            JsonNode refused = finished(queued, "editor.two");
            assertThat(refused.get("problem").asString()).as(refused.toString()).isEqualTo("not_allowed");
            assertThat(refused.get("message").asString()).isEqualTo(told);
            assertThat(finished(ahead, "editor.vko").get("state").asString()).isEqualTo("succeeded");
        }

        // waiting for the layer itself, which another import holds
        jdbc.sql(give).update();
        try (java.sql.Connection other = dataSource.getConnection();
                java.sql.Statement st = other.createStatement()) {
            st.execute("SELECT pg_advisory_lock(hashtext('adalmap.layer:oskemen-withdrawn'))");
            String waiting;
            try {
                HttpResponse<String> sent = upload(layer + "/imports", "a.geojson", file, "editor.two");
                assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
                waiting = json(sent).get("id").asString();
                awaitStage(waiting, "waiting");
                jdbc.sql(withdraw).update();
            } finally {
                st.execute("SELECT pg_advisory_unlock(hashtext('adalmap.layer:oskemen-withdrawn'))");
            }
            JsonNode refused = finished(waiting, "editor.two");
            assertThat(refused.get("problem").asString()).as(refused.toString()).isEqualTo("not_allowed");
            assertThat(refused.get("message").asString()).isEqualTo(told);
        }
        // the layer as it was: its one published revision, no draft; each refusal in the audit log
        assertThat(jdbc.sql("""
                        SELECT string_agg(r.number || ' ' || r.state, ', ' ORDER BY r.number) FROM layer_revision r
                        JOIN layer l ON l.id = r.layer_id WHERE l.code = 'oskemen-withdrawn'""").query(String.class).single()).isEqualTo("1 published");
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM audit_log WHERE action = 'layer.import_failed' AND actor = 'editor.two'
                          AND entity_id = 'oskemen-withdrawn' AND details ->> 'problem' = 'not_allowed'""").query(Integer.class).single()).isEqualTo(2);
    }

    /**
     * A layer the editor may not change, or a code no layer can have, is refused as soon as the request's
     * head is read: the editor on a slow line is not kept waiting while the whole file is sent, only to
     * be told so afterwards.
     */
    @Test
    void aLayerTheEditorMayNotChangeIsRefusedBeforeTheFileIsReceived() throws Exception {
        byte[] file = geojson(3, 0).getBytes(StandardCharsets.UTF_8);
        finished(upload("/api/v1/layers/oskemen-early/imports", "a.geojson", file, "editor.vko"), "editor.vko");
        finished(upload("/api/v1/layers/national-early/imports", "a.geojson", file, "chief"), "chief");
        String[] refused = partlySent("/api/v1/layers/oskemen-early/imports", "editor.sko");
        assertThat(refused[0]).isEqualTo("403");
        assertThat(refused[1]).contains("editor.sko may not change layer oskemen-early: it belongs to another region");
        refused = partlySent("/api/v1/layers/national-early/imports", "editor.vko");
        assertThat(refused[0]).isEqualTo("403");
        assertThat(refused[1]).contains("it is a national layer, which only an administrator changes");
        refused = partlySent("/api/v1/layers/BAD/imports", "editor.vko");
        assertThat(refused[0]).isEqualTo("400");
        assertThat(refused[1]).contains("\"code\":\"bad_layer_code\"");
        // the code's length is said as the rule it breaks
        refused = partlySent("/api/v1/layers/" + "a".repeat(70) + "/imports", "editor.vko");
        assertThat(refused[0]).isEqualTo("400");
        assertThat(refused[1]).contains("the layer code is 70 characters long; a layer code is at most 64 characters");
    }

    /**
     * Sends {@code user}'s upload to {@code path} as a slow line does: the form's head and the first
     * 64 KB of a file of 1.5 MB, then nothing; returns the status and body of the answer, which must
     * come before the rest of the file does.
     */
    private String[] partlySent(String path, String user) throws Exception {
        String boundary = "----adalmap" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.zip\""
                        + "\r\nContent-Type: application/zip\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        int length = head.length + 1_500_000 + ("\r\n--" + boundary + "--\r\n").length();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: " + basic(user)
                            + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
                            + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(head);
            out.write(new byte[64 * 1024]);
            out.flush();
            java.io.InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                    String text = answer.toString(StandardCharsets.UTF_8);
                    // the head, and the problem's JSON (sent whole or as one chunk)
                    if (text.contains("\r\n\r\n") && text.lastIndexOf('}') > text.indexOf("\r\n\r\n")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("no answer before the file was sent whole; got: " + answer);
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            assertThat(text).startsWith("HTTP/1.1 ");
            return new String[] {text.substring(9, 12), text};
        }
    }

    /** Waits until job {@code id} reaches {@code stage}. */
    private void awaitStage(String id, String stage) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (json(get("/api/v1/import-jobs/" + id, "chief"))
                    .get("stage")
                    .asString()
                    .equals(stage)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("import job " + id + " did not reach " + stage + " within 30 s");
    }

    /**
     * A form field the upload does not take (a misspelled option) would be dropped without a word and the
     * file read without it: refused naming the field and those taken, before any job is made.
     */
    @Test
    void aFormFieldTheUploadDoesNotTakeIsRefusedNamingTheFieldsItTakes() throws Exception {
        byte[] file = geojson(3, 0).getBytes(StandardCharsets.UTF_8);
        String taken = "file, profile, srs, encoding, sourceLayer, networkKind, title, titleKk, titleRu, titleEn";
        for (String field : List.of("encodng", "Encoding", "foo")) {
            HttpResponse<String> refused = upload(
                    "/api/v1/layers/oskemen-fields/imports",
                    "a.geojson",
                    file,
                    "editor.vko",
                    java.util.Map.of(field, "CP866"));
            assertRefused(refused, 400, "unknown_field");
            assertThat(json(refused).get("parameter").asString()).isEqualTo(field);
            assertThat(json(refused).get("detail").asString())
                    .isEqualTo(field + ": the upload takes no field '" + field + "'; it takes " + taken);
        }
        HttpResponse<String> query =
                upload("/api/v1/layers/oskemen-fields/imports?encodng=CP866", "a.geojson", file, "editor.vko");
        assertRefused(query, 400, "unknown_field");
        assertThat(json(query).get("parameter").asString()).isEqualTo("encodng");
        assertThat(jdbc.sql("SELECT count(*) FROM import_job WHERE layer_code = 'oskemen-fields'")
                        .query(Integer.class)
                        .single())
                .isZero();
        // the fields it takes, as form fields and in the query
        HttpResponse<String> taken2 = upload(
                "/api/v1/layers/oskemen-fields/imports?srs=EPSG:4326",
                "a.geojson",
                file,
                "editor.vko",
                java.util.Map.of("encoding", "UTF-8", "title", "Өскемен"));
        assertThat(finished(json(taken2).get("id").asString(), "editor.vko")
                        .get("state")
                        .asString())
                .isEqualTo("succeeded");
    }

    /** A file part whose name is empty (or dots only) is refused saying so, not read as a file named "upload". */
    @Test
    void aFileSentWithoutANameIsRefusedSayingSo() throws Exception {
        byte[] file = geojson(3, 0).getBytes(StandardCharsets.UTF_8);
        for (String name : List.of("", "..", " ")) {
            HttpResponse<String> refused = upload("/api/v1/layers/oskemen-nameless/imports", name, file, "editor.vko");
            assertRefused(refused, 400, "no_file_name");
            assertThat(json(refused).get("detail").asString())
                    .isEqualTo("file: the file came without a name, and its name tells its format (.zip, .geojson,"
                            + " .gpkg…): send it again choosing the file itself");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM import_job WHERE layer_code = 'oskemen-nameless'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void theEditorWhoSentAFileFollowsItsJobWhateverRegionItsLayerCameToHave() throws Exception {
        // two editors' first files into one new code: the one imported first makes the layer in its
        // region, and the other's job ends refused; its editor still reads how it ended
        byte[] file = geojson(3, 0).getBytes(StandardCharsets.UTF_8);
        String id = json(upload("/api/v1/layers/raced-code/imports", "a.geojson", file, "editor.sko"))
                .get("id")
                .asString();
        finished(id, "editor.sko");
        jdbc.sql(
                        "UPDATE layer SET region_id = (SELECT id FROM region WHERE kato_code = '630000000') WHERE code = 'raced-code'")
                .update();
        HttpResponse<String> own = get("/api/v1/import-jobs/" + id, "editor.sko");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(json(own).get("createdBy").asString()).isEqualTo("editor.sko");
        // the layer's other files stay the region's
        assertThat(get("/api/v1/layers/raced-code/revisions/1/report", "editor.sko")
                        .statusCode())
                .isEqualTo(403);
        // a layer of drafts only is no public layer: its code and title are not told to anyone
        assertThat(http.get("/api/v1/layers/raced-code").statusCode()).isEqualTo(404);
        // a job that made no layer is its editor's alone
        String refused = json(upload(
                        "/api/v1/layers/never-a-layer/imports",
                        "a.geojson",
                        "garbage".getBytes(StandardCharsets.UTF_8),
                        "editor.sko"))
                .get("id")
                .asString();
        assertThat(finished(refused, "editor.sko").get("state").asString()).isEqualTo("failed");
        assertThat(get("/api/v1/import-jobs/" + refused, "editor.vko").statusCode())
                .isEqualTo(404);
    }

    @Test
    void wrongParametersAreNamed() throws Exception {
        HttpResponse<String> response =
                upload("/api/v1/layers/Bad%20Code/imports", "a.geojson", new byte[] {1}, "editor.vko");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/import-jobs/" + UUID.randomUUID(), "editor.vko").statusCode())
                .isEqualTo(404);

        // GDAL reads a file named as the coordinate system: an editor may not make it read the server's
        HttpResponse<String> fileAsSrs = upload(
                "/api/v1/layers/oskemen-free/imports?srs=/etc/passwd", "a.geojson", new byte[] {1}, "editor.vko");
        assertThat(fileAsSrs.statusCode()).isEqualTo(400);
        assertThat(json(fileAsSrs).get("parameter").asString()).isEqualTo("srs");
        HttpResponse<String> option = upload(
                "/api/v1/layers/oskemen-free/imports?sourceLayer=-overwrite",
                "a.geojson",
                new byte[] {1},
                "editor.vko");
        assertThat(option.statusCode()).isEqualTo(400);
        HttpResponse<String> tram = upload(
                "/api/v1/layers/oskemen-nets/imports?profile=networks&networkKind=tram",
                "a.geojson",
                new byte[] {1},
                "editor.vko");
        assertThat(tram.statusCode()).isEqualTo(400);
        assertThat(json(tram).get("parameter").asString()).isEqualTo("networkKind");
        HttpResponse<String> plotsWithKind = upload(
                "/api/v1/layers/oskemen-free/imports?profile=cadastre-export&networkKind=gas",
                "a.geojson",
                new byte[] {1},
                "editor.vko");
        assertThat(plotsWithKind.statusCode()).isEqualTo(400);
        assertThat(json(plotsWithKind).get("detail").asString()).contains("networks profile");
        HttpResponse<String> proj = upload(
                "/api/v1/layers/oskemen-srs/imports?srs=%2Bproj%3Dtmerc%20%2Blon_0%3D81",
                "a.geojson", geojson(2, 0).getBytes(StandardCharsets.UTF_8), "editor.vko");
        assertThat(proj.statusCode()).isEqualTo(202);
    }

    @Test
    void anEpsgCodeNewerThanProjsDatabaseEndsTheJobSayingSo() throws Exception {
        // QazTRF-23 (EPSG:10941, of 2025): the editor is asked for its definition, not GDAL's raw lines
        JsonNode job = finished(
                upload(
                        "/api/v1/layers/oskemen-qaztrf/imports?srs=EPSG:10941",
                        "a.geojson",
                        geojson(2, 0).getBytes(StandardCharsets.UTF_8),
                        "editor.vko"),
                "editor.vko");
        assertThat(job.get("state").asString()).isEqualTo("failed");
        assertThat(job.get("problem").asString()).isEqualTo("wrong_crs");
        assertThat(job.get("message").asString())
                .contains(
                        "EPSG:10941, is not in the database of EPSG codes of this server's PROJ",
                        "as WKT or a PROJ string")
                .doesNotContain("ERROR 1", "use an EPSG code");
        // and as a key and the code, which the page words in the reader's language
        assertThat(job.get("detail").get("key").asString()).isEqualTo("crs_unknown_epsg_code");
        assertThat(job.get("detail").get("code").asString()).isEqualTo("EPSG:10941");
        // the file's own numbers are longitude and latitude, read in UTM zone 44N: the code they are in
        JsonNode wrong = finished(
                upload(
                        "/api/v1/layers/oskemen-utm/imports?srs=EPSG:32644",
                        "b.geojson",
                        geojson(2, 0).getBytes(StandardCharsets.UTF_8),
                        "editor.vko"),
                "editor.vko");
        assertThat(wrong.get("problem").asString()).as(wrong.toString()).isEqualTo("wrong_crs");
        assertThat(wrong.get("detail").get("key").asString()).isEqualTo("crs_try_code");
        assertThat(wrong.get("detail").get("code").asString()).isEqualTo("EPSG:4326");
        // a failure without such a wording has none
        JsonNode broken = finished(
                upload("/api/v1/layers/oskemen-broken/imports", "c.geojson", "{\"type\"".getBytes(), "editor.vko"),
                "editor.vko");
        assertThat(broken.get("state").asString()).isEqualTo("failed");
        assertThat(broken.get("detail").isNull()).isTrue();
    }

    @Test
    void parametersThatWouldReachTheServersFilesOrBreakTheJobAreRefused() throws Exception {
        byte[] file = geojson(2, 0).getBytes(StandardCharsets.UTF_8);
        // PROJ opens the files a definition names, and says whether they exist
        for (String srs : List.of(
                "+proj=longlat +init=/etc/passwd:root",
                "+proj=longlat +ellps=krass +nadgrids=/etc/shadow",
                "+proj=pipeline +step +proj=hgridshift +grids=/etc/hosts",
                "GEOGCRS[\"x\",PARAMETERFILE[\"grid\",\"/etc/hosts\"]]")) {
            HttpResponse<String> response = upload(
                    "/api/v1/layers/oskemen-srs/imports?srs=" + URLEncoder.encode(srs, StandardCharsets.UTF_8),
                    "a.geojson",
                    file,
                    "editor.vko");
            assertThat(response.statusCode()).as(srs).isEqualTo(400);
            assertThat(json(response).get("detail").asString()).as(srs).contains("may not name files");
        }
        // too long a definition is named as such, not as a "validation failure"
        HttpResponse<String> longSrs = upload(
                "/api/v1/layers/oskemen-srs/imports",
                "a.geojson",
                file,
                "editor.vko",
                java.util.Map.of("srs", "+proj=tmerc" + " +k=1".repeat(2000)));
        assertThat(longSrs.statusCode()).isEqualTo(400);
        assertThat(json(longSrs).get("parameter").asString()).isEqualTo("srs");
        assertThat(json(longSrs).get("detail").asString()).contains("characters long");
        // a NUL in the layer's name would stop the job where nobody sees it
        HttpResponse<String> nul =
                upload("/api/v1/layers/oskemen-free/imports?sourceLayer=a%00b", "a.geojson", file, "editor.vko");
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(json(nul).get("parameter").asString()).isEqualTo("sourceLayer");
        // the code pages by their usual names; an unknown one named
        HttpResponse<String> windows =
                upload("/api/v1/layers/oskemen-cp/imports?encoding=windows-1251", "a.geojson", file, "editor.vko");
        assertThat(windows.statusCode()).isEqualTo(202);
        HttpResponse<String> unknown =
                upload("/api/v1/layers/oskemen-cp/imports?encoding=FOO", "a.geojson", file, "editor.vko");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get("detail").asString()).contains("unknown code page 'FOO'");
        // a file name the multipart reader cannot take
        HttpResponse<String> badName =
                upload("/api/v1/layers/oskemen-free/imports", "plo\0ts.geojson", file, "editor.vko");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(json(badName).get("detail").asString()).contains("could not be read as a form with a file");
    }

    @Test
    void refusedParametersCarryACodeThePageWords() throws Exception {
        byte[] file = geojson(2, 0).getBytes(StandardCharsets.UTF_8);
        assertRefused(
                upload("/api/v1/layers/oskemen-codes/imports", "a.geojson", new byte[0], "editor.vko"),
                400,
                "empty_file");
        assertRefused(
                upload("/api/v1/layers/Bad%20Code/imports", "a.geojson", file, "editor.vko"), 400, "bad_layer_code");
        assertRefused(
                upload("/api/v1/layers/oskemen-codes/imports?srs=/etc/passwd", "a.geojson", file, "editor.vko"),
                400,
                "srs_not_a_definition");
        assertRefused(
                upload(
                        "/api/v1/layers/oskemen-codes/imports?srs="
                                + URLEncoder.encode("+proj=longlat +init=/etc/passwd", StandardCharsets.UTF_8),
                        "a.geojson",
                        file,
                        "editor.vko"),
                400,
                "srs_names_files");
        assertRefused(
                upload(
                        "/api/v1/layers/oskemen-codes/imports",
                        "a.geojson",
                        file,
                        "editor.vko",
                        java.util.Map.of("srs", "+proj=tmerc" + " +k=1".repeat(2000))),
                400,
                "srs_too_long");
        assertRefused(
                upload("/api/v1/layers/oskemen-codes/imports?encoding=FOO", "a.geojson", file, "editor.vko"),
                400,
                "unknown_encoding");
        assertRefused(
                upload("/api/v1/layers/oskemen-codes/imports?sourceLayer=-overwrite", "a.geojson", file, "editor.vko"),
                400,
                "bad_source_layer");
        assertRefused(
                upload("/api/v1/layers/oskemen-codes/imports?profile=nope", "a.geojson", file, "editor.vko"),
                400,
                "unknown_profile");
        assertRefused(
                upload(
                        "/api/v1/layers/oskemen-codes/imports?profile=networks&networkKind=tram",
                        "a.geojson",
                        file,
                        "editor.vko"),
                400,
                "bad_network_kind");
    }

    @Test
    void aProfileSentAsAFileIsRefusedNamingTheBuiltInOnes() throws Exception {
        byte[] file = geojson(2, 0).getBytes(StandardCharsets.UTF_8);
        String boundary = "----adalmap" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"profile\"; filename=\"my.json\""
                        + "\r\nContent-Type: application/json\r\n\r\n{\"name\": \"my\", \"kind\": \"plots\"}\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.geojson\""
                        + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(file);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(http.uri("/api/v1/layers/oskemen-codes/imports"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .header("Authorization", basic("editor.vko"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build());
        assertRefused(response, 400, "unknown_profile");
        assertThat(json(response).get("detail").asString())
                .contains("only the name of a built-in profile (demo-plots, cadastre-export, networks)")
                .doesNotContain("Multipart", "java.lang");
        // a profile's whole text given as its name is quoted by its start only
        String pasted = "{\"name\": \"my\", " + "\"x\": 1, ".repeat(2500) + "}";
        HttpResponse<String> long_ = upload(
                "/api/v1/layers/oskemen-codes/imports",
                "a.geojson",
                file,
                "editor.vko",
                java.util.Map.of("profile", pasted));
        assertRefused(long_, 400, "unknown_profile");
        assertThat(json(long_).get("detail").asString())
                .contains(pasted.substring(0, 100) + "…' (" + pasted.length() + " characters)")
                .hasSizeLessThan(400);
    }

    /**
     * The upload form's titles name the layer the import creates, in each language or one for all three,
     * and the editor's list of layers gives them; a layer given none has its code there, which the pages
     * show as its kind and code. Another title for a layer titled fails the job, and nothing changes.
     */
    @Test
    void anUploadTitlesTheLayerItCreates() throws Exception {
        byte[] file = plots(2, "05-085-051").getBytes(StandardCharsets.UTF_8);
        revisionOf(upload(
                "/api/v1/layers/oskemen-titled/imports",
                "a.geojson",
                file,
                "editor.vko",
                java.util.Map.of(
                        "title", "Өскемен: бос жер",
                        "titleRu", "Свободные земли Усть-Каменогорска",
                        "titleEn", "  ")));
        revisionOf(upload("/api/v1/layers/oskemen-untitled/imports", "a.geojson", file, "editor.vko"));
        JsonNode layers = json(get("/api/v1/imports/layers", "editor.vko"));
        java.util.Map<String, String> titles = new java.util.TreeMap<>();
        for (JsonNode layer : layers) {
            titles.put(
                    layer.get("code").asString(),
                    layer.get("kind").asString() + " | " + layer.get("titleKk").asString() + " | "
                            + layer.get("titleRu").asString() + " | "
                            + layer.get("titleEn").asString());
        }
        assertThat(titles)
                .containsEntry(
                        "oskemen-titled",
                        "plots | Өскемен: бос жер | Свободные земли Усть-Каменогорска | Өскемен: бос жер")
                .containsEntry("oskemen-untitled", "plots | oskemen-untitled | oskemen-untitled | oskemen-untitled");

        HttpResponse<String> renamed = upload(
                "/api/v1/layers/oskemen-titled/imports",
                "a.geojson",
                file,
                "editor.vko",
                java.util.Map.of("titleRu", "Другое название"));
        JsonNode job = finished(json(renamed).get("id").asString(), "editor.vko");
        assertThat(job.get("state").asString()).isEqualTo("failed");
        assertThat(job.get("problem").asString()).isEqualTo("bad_request");
        assertThat(job.get("message").asString())
                .contains("layer oskemen-titled is titled 'Свободные земли Усть-Каменогорска' in ru");
        assertThat(jdbc.sql("SELECT title_ru FROM layer WHERE code = 'oskemen-titled'")
                        .query(String.class)
                        .single())
                .isEqualTo("Свободные земли Усть-Каменогорска");

        HttpResponse<String> tooLong = upload(
                "/api/v1/layers/oskemen-long-title/imports",
                "a.geojson",
                file,
                "editor.vko",
                java.util.Map.of("titleKk", "Ж".repeat(201)));
        assertRefused(tooLong, 400, "bad_title");
        assertThat(json(tooLong).get("parameter").asString()).isEqualTo("titleKk");
        assertRefused(
                upload(
                        "/api/v1/layers/oskemen-long-title/imports",
                        "a.geojson",
                        file,
                        "editor.vko",
                        java.util.Map.of("title", "Две\nстроки")),
                400,
                "bad_title");
        assertThat(jdbc.sql("SELECT count(*) FROM layer WHERE code = 'oskemen-long-title'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    /**
     * A plots layer's titles are changed through the API by an editor of its region or an administrator,
     * a blank one giving the language back to none; the answer and the editor's list of layers say the
     * titles, the audit log who changed them. Another region's editor is refused, so is an anonymous
     * client, a layer that does not exist, a title too long or of several lines, and a layer defined as
     * data, which is titled in its definition.
     */
    @Test
    void aLayersTitlesAreChangedByItsRegionsEditorsAndAdministrators() throws Exception {
        String layer = "/api/v1/layers/oskemen-retitled";
        revisionOf(upload(
                layer + "/imports",
                "a.geojson",
                plots(2, "05-085-052").getBytes(StandardCharsets.UTF_8),
                "editor.vko",
                java.util.Map.of("title", "Өскемен: бос жр")));

        HttpResponse<String> retitled = putTitles(
                layer, "{\"kk\": \" Өскемен: бос жер \", \"ru\": \"Свободные земли\", \"en\": \"\"}", "editor.vko");
        assertThat(retitled.statusCode()).as(retitled.body()).isEqualTo(200);
        JsonNode titles = json(retitled);
        assertThat(titles.get("code").asString()).isEqualTo("oskemen-retitled");
        assertThat(titles.get("kind").asString()).isEqualTo("plots");
        assertThat(titles.get("kk").asString()).isEqualTo("Өскемен: бос жер");
        assertThat(titles.get("ru").asString()).isEqualTo("Свободные земли");
        assertThat(titles.get("en").isNull()).as("no title in English").isTrue();
        assertThat(importable("oskemen-retitled"))
                .isEqualTo("plots | Өскемен: бос жер | Свободные земли | oskemen-retitled");
        // an administrator changes one language; the others are kept
        HttpResponse<String> byChief = putTitles(layer, "{\"en\": \"Free land of Oskemen\", \"ru\": null}", "chief");
        assertThat(byChief.statusCode()).as(byChief.body()).isEqualTo(200);
        assertThat(importable("oskemen-retitled"))
                .isEqualTo("plots | Өскемен: бос жер | oskemen-retitled | Free land of Oskemen");
        assertThat(jdbc.sql("""
                        SELECT string_agg(actor || ' ' || coalesce(details -> 'after' ->> 'en', 'none'), ', ' ORDER BY id) FROM audit_log
                        WHERE action = 'layer.title' AND entity_id = 'oskemen-retitled'
                        """).query(String.class).single()).isEqualTo("editor.vko none, chief Free land of Oskemen");

        HttpResponse<String> other = putTitles(layer, "{\"ru\": \"Участки\"}", "editor.sko");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(json(other).get("detail").asString()).contains("belongs to another region");
        assertThat(putTitles(layer, "{\"ru\": \"Участки\"}", null).statusCode()).isEqualTo(401);
        HttpResponse<String> unknown =
                putTitles("/api/v1/layers/oskemen-no-such-layer", "{\"ru\": \"Участки\"}", "chief");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("detail").asString()).isEqualTo("There is no layer oskemen-no-such-layer.");
        HttpResponse<String> tooLong = putTitles(layer, "{\"ru\": \"" + "Ж".repeat(201) + "\"}", "editor.vko");
        assertRefused(tooLong, 400, "bad_title");
        assertThat(json(tooLong).get("parameter").asString()).isEqualTo("ru");
        assertThat(json(tooLong).get("detail").asString()).contains("201 characters long");
        assertRefused(putTitles(layer, "{\"kk\": \"Екі\\nжол\"}", "editor.vko"), 400, "bad_title");
        HttpResponse<String> german = putTitles(layer, "{\"de\": \"Freies Land\"}", "editor.vko");
        assertRefused(german, 400, "bad_title");
        assertThat(json(german).get("parameter").asString()).isEqualTo("de");
        assertRefused(putTitles(layer, "{}", "editor.vko"), 400, "bad_title");
        assertThat(importable("oskemen-retitled"))
                .isEqualTo("plots | Өскемен: бос жер | oskemen-retitled | Free land of Oskemen");

        jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en, geometry_type, attribute_schema,
                                   key_attribute, style)
                VALUES ('oskemen-defined', 'custom', 'ХҚКО', 'ЦОН', 'Offices', 'point',
                        '[{"name": "office_no", "type": "integer", "required": true}]', 'office_no',
                        '{"colour": "#1565c0"}')
                """).update();
        HttpResponse<String> defined = putTitles("/api/v1/layers/oskemen-defined", "{\"ru\": \"Офисы\"}", "chief");
        assertRefused(defined, 409, "titled_in_definition");
        assertThat(json(defined).get("detail").asString()).contains("PUT /api/v1/layer-definitions/oskemen-defined");
        assertThat(jdbc.sql("SELECT title_ru FROM layer WHERE code = 'oskemen-defined'")
                        .query(String.class)
                        .single())
                .isEqualTo("ЦОН");
    }

    private HttpResponse<String> putTitles(String layer, String body, String user) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(layer + "/titles"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        return http.send(request.build());
    }

    /** The layer as the editor's list of layers gives it: kind | titleKk | titleRu | titleEn. */
    private String importable(String code) {
        for (JsonNode layer : json(get("/api/v1/imports/layers", "chief"))) {
            if (layer.get("code").asString().equals(code)) {
                return layer.get("kind").asString() + " | "
                        + layer.get("titleKk").asString() + " | "
                        + layer.get("titleRu").asString() + " | "
                        + layer.get("titleEn").asString();
            }
        }
        return null;
    }

    /**
     * A rollback names the revision it retires: sent again when its answer was lost (the page's
     * connection dropped while it ran), it retires nothing more, where it rolled back a second, good
     * revision and wrote its reason into that revision's plots' history.
     */
    @Test
    void aRollbackSentAgainRetiresOneRevisionOnly() throws Exception {
        String layer = "/api/v1/layers/oskemen-retried";
        for (int count = 3; count <= 5; count++) {
            int draft = revisionOf(upload(
                    layer + "/imports",
                    "v" + count + ".geojson",
                    plots(count, "05-085-079").getBytes(StandardCharsets.UTF_8),
                    "editor.vko"));
            assertThat(http.post(layer + "/revisions/" + draft + "/publish", "{}", "editor.vko", "editor-password-1")
                            .statusCode())
                    .isEqualTo(200);
        }
        String body = "{\"reason\": \"revision 3 was the wrong file\", \"revision\": 3}";
        assertThat(http.post(layer + "/rollback", body, "editor.vko", "editor-password-1")
                        .statusCode())
                .isEqualTo(200);
        assertRefused(
                http.post(layer + "/rollback", body, "editor.vko", "editor-password-1"), 409, "not_the_published");
        assertThat(jdbc.sql(
                                "SELECT string_agg(r.number || ' ' || r.state, ', ' ORDER BY r.number) FROM layer_revision r"
                                        + " JOIN layer l ON l.id = r.layer_id WHERE l.code = 'oskemen-retried'")
                        .query(String.class)
                        .single())
                .isEqualTo("1 superseded, 2 published, 3 rolled_back");
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM audit_log WHERE action = 'layer.rollback' AND entity_id = 'oskemen-retried'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    /**
     * Each step of publishing or rolling back refused for the layer's state carries a code the page words,
     * and is a fact of its own for the audit log, as an editor refused another region's layer is: who asked
     * for which step of which layer and revision, and why it was refused. The refused steps change nothing
     * else.
     */
    @Test
    void refusedStepsOfPublishingAndRollingBackCarryACodeAndAreAudited() throws Exception {
        String layer = "/api/v1/layers/oskemen-steps";
        // nothing published yet: nothing to roll back
        int first = revisionOf(upload(
                layer + "/imports",
                "a.geojson",
                plots(3, "05-085-071").getBytes(StandardCharsets.UTF_8),
                "editor.vko"));
        assertRefused(
                http.post(layer + "/rollback", "{}", "editor.vko", "editor-password-1"), 409, "nothing_published");
        // two drafts against the same layer: once one is published, the other is stale
        int second = revisionOf(upload(
                layer + "/imports",
                "b.geojson",
                plots(4, "05-085-071").getBytes(StandardCharsets.UTF_8),
                "editor.vko"));
        assertThat(http.post(layer + "/revisions/" + second + "/publish", "{}", "editor.vko", "editor-password-1")
                        .statusCode())
                .isEqualTo(200);
        String state = """
                SELECT string_agg(r.number || ' ' || r.state, ', ' ORDER BY r.number)
                       || ' / ' || (SELECT count(*) FROM land_plot p WHERE p.cadastral_number LIKE '05-085-071-%')
                FROM layer_revision r JOIN layer l ON l.id = r.layer_id
                WHERE l.code = 'oskemen-steps' AND r.number <= :second
                """;
        String published =
                jdbc.sql(state).param("second", second).query(String.class).single();
        assertRefused(
                http.post(layer + "/revisions/" + first + "/publish", "{}", "editor.vko", "editor-password-1"),
                409,
                "stale_draft");
        // the list says so, for the page to offer no Publish
        assertThat(json(get(layer + "/revisions", "editor.vko"))
                        .valueStream()
                        .map(r -> r.get("number").asInt() + " " + r.get("state").asString() + " "
                                + r.get("stale").asBoolean())
                        .toList())
                .containsExactly(second + " published false", first + " draft true");
        assertRefused(
                http.post(layer + "/revisions/" + second + "/publish", "{}", "editor.vko", "editor-password-1"),
                409,
                "not_a_draft");
        // the first revision ever published has none before it to go back to
        assertRefused(
                http.post(layer + "/rollback", "{}", "editor.vko", "editor-password-1"), 409, "no_earlier_revision");
        int adindan = revisionOf(upload(
                layer + "/imports?srs=EPSG:4201",
                "c.geojson",
                plots(4, "05-085-071").getBytes(StandardCharsets.UTF_8),
                "editor.vko"));
        assertRefused(
                http.post(layer + "/revisions/" + adindan + "/publish", "{}", "editor.vko", "editor-password-1"),
                409,
                "datum_not_confirmed");
        // another layer's draft holding the published numbers cannot be published
        int intruder = revisionOf(upload(
                "/api/v1/layers/oskemen-steps-2/imports",
                "c.geojson",
                plots(3, "05-085-071").getBytes(StandardCharsets.UTF_8),
                "editor.vko"));
        JsonNode report = json(get("/api/v1/layers/oskemen-steps-2/revisions/" + intruder + "/report", "editor.vko"));
        assertThat(report.get("issueCodes").get("number_in_other_layer").asInt())
                .isEqualTo(3);
        assertRefused(
                http.post(
                        "/api/v1/layers/oskemen-steps-2/revisions/" + intruder + "/publish",
                        "{}",
                        "editor.vko",
                        "editor-password-1"),
                409,
                "number_in_other_layer");
        assertThat(jdbc.sql("""
                        SELECT string_agg(actor || ' ' || entity_id || ' ' || action || ' '
                                          || coalesce(details ->> 'revision', '-') || ' ' || (details ->> 'code'),
                                          ', ' ORDER BY id)
                        FROM audit_log WHERE entity_type = 'layer' AND entity_id LIKE 'oskemen-steps%'
                          AND action LIKE '%\\_refused'
                        """).query(String.class).single())
                .isEqualTo(String.join(
                        ", ",
                        "editor.vko oskemen-steps layer.rollback_refused - nothing_published",
                        "editor.vko oskemen-steps layer.publish_refused " + first + " stale_draft",
                        "editor.vko oskemen-steps layer.publish_refused " + second + " not_a_draft",
                        "editor.vko oskemen-steps layer.rollback_refused - no_earlier_revision",
                        "editor.vko oskemen-steps layer.publish_refused " + adindan + " datum_not_confirmed",
                        "editor.vko oskemen-steps-2 layer.publish_refused " + intruder + " number_in_other_layer"));
        // with the message the editor was answered
        assertThat(jdbc.sql("""
                        SELECT details ->> 'message' FROM audit_log
                        WHERE entity_id = 'oskemen-steps' AND details ->> 'code' = 'stale_draft'
                        """).query(String.class).single()).isNotBlank();
        // and nothing else changed: the same revisions in the same states, the same plots
        assertThat(jdbc.sql(state).param("second", second).query(String.class).single())
                .isEqualTo(published);
    }

    /**
     * An import that fails (an unsafe zip, a file GDAL cannot read, a wrong coordinate system) is kept in the
     * audit log: who sent which file into which layer, the job and its problem. The layer keeps its
     * published data as it was: the audit row is all that is new.
     */
    @Test
    void failedImportsAreKeptInTheAuditLogAndLeaveTheLayerAsItWas() throws Exception {
        String layer = "/api/v1/layers/oskemen-failing";
        publishRevision(
                layer,
                upload(
                        layer + "/imports",
                        "a.geojson",
                        refusals(2, "05-085-062").getBytes(StandardCharsets.UTF_8),
                        "editor.vko"));
        String unchanged = """
                SELECT (SELECT string_agg(r.number || ' ' || r.state, ', ' ORDER BY r.number)
                        FROM layer_revision r JOIN layer l ON l.id = r.layer_id WHERE l.code = 'oskemen-failing')
                       || ' / ' || (SELECT string_agg(cadastral_number || ' ' || status, ', ' ORDER BY cadastral_number)
                                    FROM land_plot WHERE cadastral_number LIKE '05-085-062-%')
                       || ' / ' || (SELECT count(*) FROM import_issue)
                       || ' / ' || (SELECT count(*) FROM audit_log WHERE action <> 'layer.import_failed')
                """;
        String before = jdbc.sql(unchanged).query(String.class).single();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("../../../etc/cron.d/evil.geojson"));
            out.write("{}".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        List<String> expected = new ArrayList<>();
        for (Object[] failing : new Object[][] {
            {layer + "/imports", "b.zip", zip.toByteArray(), "unsafe_zip"},
            {layer + "/imports", "c.geojson", "{\"type\"".getBytes(StandardCharsets.UTF_8), null},
            // longitude and latitude read in UTM zone 44N
            {
                layer + "/imports?srs=EPSG:32644",
                "d.geojson",
                refusals(2, "05-085-062").getBytes(StandardCharsets.UTF_8),
                "wrong_crs"
            }
        }) {
            JsonNode job = finished(
                    upload((String) failing[0], (String) failing[1], (byte[]) failing[2], "editor.vko"), "editor.vko");
            assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("failed");
            if (failing[3] != null) {
                assertThat(job.get("problem").asString()).isEqualTo(failing[3]);
            }
            expected.add("editor.vko 127.0.0.1 " + job.get("id").asString() + " " + failing[1] + " "
                    + job.get("problem").asString() + " " + job.get("message").asString());
        }
        assertThat(jdbc.sql("""
                        SELECT actor || ' ' || coalesce(host(client_ip), 'no address') || ' ' || (details ->> 'job')
                               || ' ' || (details ->> 'file') || ' ' || (details ->> 'problem') || ' '
                               || (details ->> 'message')
                        FROM audit_log WHERE action = 'layer.import_failed' AND entity_type = 'layer'
                          AND entity_id = 'oskemen-failing'
                        ORDER BY id
                        """).query(String.class).list()).containsExactlyElementsOf(expected);
        assertThat(jdbc.sql(unchanged).query(String.class).single()).isEqualTo(before);
    }

    /**
     * A parameter the report or the diff does not take is refused, naming it and those taken: a slip
     * ({@code ofset}) would otherwise answer the first page as if it were the one asked for.
     */
    @Test
    void theReportAndTheDiffRefuseParametersTheyDoNotTake() throws Exception {
        String revision = "/api/v1/layers/oskemen-queries/revisions/"
                + revisionOf(upload(
                        "/api/v1/layers/oskemen-queries/imports",
                        "a.geojson",
                        refusals(2, "05-085-063").getBytes(StandardCharsets.UTF_8),
                        "editor.vko"));
        HttpResponse<String> slip = get(revision + "/report?limit=1&ofset=10", "editor.vko");
        assertThat(slip.statusCode()).as(slip.body()).isEqualTo(400);
        assertThat(json(slip).get("parameter").asString()).isEqualTo("ofset");
        assertThat(json(slip).get("detail").asString())
                .isEqualTo("ofset: unknown parameter; this endpoint takes format, limit, offset, code, lang");
        HttpResponse<String> paged = get(revision + "/changes?limit=10", "editor.vko");
        assertThat(paged.statusCode()).as(paged.body()).isEqualTo(400);
        assertThat(json(paged).get("parameter").asString()).isEqualTo("limit");
        assertThat(json(paged).get("detail").asString())
                .isEqualTo("limit: unknown parameter; this endpoint takes no parameters");
        // those they take are taken
        assertThat(get(revision + "/report?format=csv&lang=kk", "editor.vko").statusCode())
                .isEqualTo(200);
        assertThat(get(revision + "/report?limit=1&offset=1&code=overlap", "editor.vko")
                        .statusCode())
                .isEqualTo(200);
        assertThat(json(get(revision + "/changes", "editor.vko")).size()).isEqualTo(2);
    }

    /**
     * A large report is read a page at a time, as the editor's page loads it: {@code offset} gives the
     * next page in the same order, {@code code} one kind of problem only, whose rows may all lie past the
     * report's first page; the CSV stays whole.
     */
    @Test
    void aReportIsReadAPageAtATimeWholeOrOfOneKind() throws Exception {
        // five statuses not known, then two bow-ties: the geometries' problems come after the first page
        String layer = "/api/v1/layers/oskemen-pages";
        int revision = revisionOf(upload(
                layer + "/imports",
                "a.geojson",
                TestPlots.geojson(7, 2, 82.75, 49.90, "05-085-091", i -> "неизвестно")
                        .getBytes(StandardCharsets.UTF_8),
                "editor.vko"));
        String report = layer + "/revisions/" + revision + "/report";
        JsonNode whole = json(get(report, "editor.vko"));
        int total = whole.get("issuesTotal").asInt();
        assertThat(total).isEqualTo(whole.get("issues").size()).isGreaterThanOrEqualTo(7);
        assertThat(whole.get("issueCodes").get("invalid_geometry").asInt()).isEqualTo(2);
        // page after page, the whole report in its order, each page saying how many there are in all
        List<JsonNode> paged = new ArrayList<>();
        for (int offset = 0; offset < total; offset += 3) {
            JsonNode page = json(get(report + "?limit=3&offset=" + offset, "editor.vko"));
            assertThat(page.get("issuesTotal").asInt()).isEqualTo(total);
            assertThat(page.get("issues").size()).isEqualTo(Math.min(3, total - offset));
            page.get("issues").forEach(paged::add);
        }
        List<JsonNode> all = new ArrayList<>();
        whole.get("issues").forEach(all::add);
        assertThat(paged).isEqualTo(all);
        // one kind: its rows in the same order, counted by themselves, a page at a time too
        List<JsonNode> bowTies = all.stream()
                .filter(i -> i.get("code").asString().equals("invalid_geometry"))
                .toList();
        JsonNode kind = json(get(report + "?code=invalid_geometry&limit=1", "editor.vko"));
        assertThat(kind.get("issuesTotal").asInt()).isEqualTo(2);
        assertThat(kind.get("issues")).hasSize(1);
        assertThat(kind.get("issues").get(0)).isEqualTo(bowTies.get(0));
        JsonNode next = json(get(report + "?code=invalid_geometry&limit=1&offset=1", "editor.vko"));
        assertThat(next.get("issuesTotal").asInt()).isEqualTo(2);
        assertThat(next.get("issues").get(0)).isEqualTo(bowTies.get(1));
        assertThat(json(get(report + "?code=invalid_geometry&offset=2", "editor.vko"))
                        .get("issues"))
                .isEmpty();
        assertThat(json(get(report + "?code=no_such_code", "editor.vko"))
                        .get("issuesTotal")
                        .asInt())
                .isZero();
        HttpResponse<String> negative = get(report + "?offset=-1", "editor.vko");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(json(negative).get("parameter").asString()).isEqualTo("offset");
        HttpResponse<String> csv = get(report + "?format=csv&code=invalid_geometry", "editor.vko");
        assertThat(csv.statusCode()).isEqualTo(400);
        assertThat(json(csv).get("parameter").asString()).isEqualTo("code");
    }

    /**
     * A draft read on a datum no map of Kazakhstan uses (Adindan, which a damaged MapInfo datum number
     * names) is published through the API only with {@code "confirmDatum": true}, as {@code import
     * --publish} holds it back: a script cannot publish plots hundreds of metres off without saying that
     * someone has looked. The report says which datum it is, for the page to ask.
     */
    @Test
    void aDraftOnADatumNoMapOfKazakhstanUsesIsPublishedOnlyOnceConfirmed() throws Exception {
        String layer = "/api/v1/layers/oskemen-adindan";
        int draft = revisionOf(upload(
                layer + "/imports?srs=EPSG:4201",
                "a.geojson",
                plots(3, "05-085-081").getBytes(StandardCharsets.UTF_8),
                "editor.vko"));
        JsonNode report = json(get(layer + "/revisions/" + draft + "/report", "editor.vko"));
        assertThat(report.get("datumToConfirm").get("key").asString()).isEqualTo("file_foreign_datum");
        assertThat(report.get("datumToConfirm").get("datum").asString()).startsWith("Adindan (ellipsoid Clarke 1880");
        publishedOnlyOnceConfirmed(
                layer,
                draft,
                "05-085-081",
                List.of("{}", "{\"reason\": \"decree 5\"}", "{\"confirmDatum\": false}"),
                refused -> assertThat(refused.get("datum").asString()).startsWith("Adindan"),
                "{\"reason\": \"checked on the map\", \"confirmDatum\": true}");
        // a draft on WGS 84 never had anything to confirm
        int plain = revisionOf(upload(
                "/api/v1/layers/oskemen-wgs84/imports",
                "b.geojson",
                plots(3, "05-085-082").getBytes(StandardCharsets.UTF_8),
                "editor.vko"));
        assertThat(json(get("/api/v1/layers/oskemen-wgs84/revisions/" + plain + "/report", "editor.vko"))
                        .get("datumToConfirm")
                        .isNull())
                .isTrue();
    }

    /**
     * Degrees read past a {@code .prj} GDAL cannot read, whose datum is unknown, may lie elsewhere as a
     * foreign datum's plots may: the report asks to confirm them ({@code datumToConfirm}), and the API
     * publishes such a draft only with {@code "confirmDatum": true}, as the command line's {@code publish}
     * and {@code import --publish} hold it back.
     */
    @Test
    void degreesReadPastAnUnreadablePrjArePublishedOnlyOnceConfirmed(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path source = Files.writeString(dir.resolve("plots.geojson"), elsewhere(3, "05-085-083"));
        Process ogr2ogr = new ProcessBuilder(
                        "ogr2ogr",
                        "-f",
                        "ESRI Shapefile",
                        "-lco",
                        "ENCODING=UTF-8",
                        dir.resolve("plots.shp").toString(),
                        source.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(ogr2ogr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ogr2ogr.waitFor()).as(said).isZero();
        Files.writeString(dir.resolve("plots.prj"), "this is not a projection, see letter No. 5");
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (String part : new String[] {"shp", "shx", "dbf", "prj", "cpg"}) {
                out.putNextEntry(new ZipEntry("plots." + part));
                out.write(Files.readAllBytes(dir.resolve("plots." + part)));
                out.closeEntry();
            }
        }
        String layer = "/api/v1/layers/oskemen-prj-degrees";
        int draft = revisionOf(upload(layer + "/imports", "plots.zip", zip.toByteArray(), "editor.vko"));
        JsonNode report = json(get(layer + "/revisions/" + draft + "/report", "editor.vko"));
        JsonNode toConfirm = report.get("datumToConfirm");
        assertThat(toConfirm.get("key").asString()).as(report.toString()).isEqualTo("file_prj_read_as_degrees");
        assertThat(toConfirm.get("file").asString()).isEqualTo("plots.prj");
        assertThat(toConfirm.get("start").asString()).startsWith("this is not a projection");
        publishedOnlyOnceConfirmed(
                layer,
                draft,
                "05-085-083",
                List.of("{}", "{\"confirmDatum\": false}"),
                refused -> {
                    assertThat(refused.get("datum").isNull())
                            .as(refused.toString())
                            .isTrue();
                    assertThat(refused.get("detail").asString())
                            .contains("plots.prj")
                            .doesNotContain("null");
                },
                "{\"confirmDatum\": true}");
    }

    /**
     * Publishing {@code draft}, whose report asks to confirm where its plots lie, is refused (409
     * {@code datum_not_confirmed}, carrying the report's warning, and {@code refusal} holding) for each of
     * {@code refusedBodies}, and none of its three plots numbered {@code prefix} reaches the map; {@code
     * confirming} publishes them, and the report has nothing left to confirm.
     */
    private void publishedOnlyOnceConfirmed(
            String layer,
            int draft,
            String prefix,
            List<String> refusedBodies,
            Consumer<JsonNode> refusal,
            String confirming)
            throws Exception {
        String revision = layer + "/revisions/" + draft;
        JsonNode warning = json(get(revision + "/report", "editor.vko")).get("datumToConfirm");
        for (String body : refusedBodies) {
            HttpResponse<String> refused = http.post(revision + "/publish", body, "editor.vko", "editor-password-1");
            assertRefused(refused, 409, "datum_not_confirmed");
            assertThat(json(refused).get("warning")).isEqualTo(warning);
            assertThat(json(refused).get("detail").asString()).contains("\"confirmDatum\": true");
            refusal.accept(json(refused));
        }
        assertThat(jdbc.sql("SELECT count(*) FROM land_plot WHERE cadastral_number LIKE ?")
                        .param(prefix + "-%")
                        .query(Long.class)
                        .single())
                .isZero();
        HttpResponse<String> published =
                http.post(revision + "/publish", confirming, "editor.vko", "editor-password-1");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(json(published).get("added").asInt()).isEqualTo(3);
        assertThat(json(get(revision + "/report", "editor.vko"))
                        .get("datumToConfirm")
                        .isNull())
                .isTrue();
    }

    /**
     * A draft that would take most of the public plots off the map (an export of only the selected plots,
     * a file cut off) says so in its report ({@code warningToConfirm}) and is published through the API only
     * with {@code "confirm": true} (or the older {@code "confirmDatum": true}), as {@code import --publish}
     * holds it back: until then the public layer keeps every plot.
     */
    @Test
    void aDraftThatRemovesMostOfThePublicPlotsIsPublishedOnlyOnceConfirmed() throws Exception {
        String layer = "/api/v1/layers/oskemen-selection";
        String whole = TestPlots.geojson(8, 0, 83.13, 49.83, "05-085-084", i -> "бос");
        int first = revisionOf(
                upload(layer + "/imports", "a.geojson", whole.getBytes(StandardCharsets.UTF_8), "editor.vko"));
        assertThat(json(get(layer + "/revisions/" + first + "/report", "editor.vko"))
                        .get("warningToConfirm")
                        .isNull())
                .isTrue();
        HttpResponse<String> initial =
                http.post(layer + "/revisions/" + first + "/publish", "{}", "editor.vko", "editor-password-1");
        assertThat(initial.statusCode()).as(initial.body()).isEqualTo(200);
        String one = TestPlots.geojson(1, 0, 83.13, 49.83, "05-085-084", i -> "бос");
        int draft =
                revisionOf(upload(layer + "/imports", "b.geojson", one.getBytes(StandardCharsets.UTF_8), "editor.vko"));
        String revision = layer + "/revisions/" + draft;
        JsonNode report = json(get(revision + "/report", "editor.vko"));
        assertThat(report.get("datumToConfirm").isNull()).isTrue();
        JsonNode warning = report.get("warningToConfirm");
        assertThat(warning.get("key").asString()).isEqualTo("file_removes_most");
        assertThat(warning.get("removed").asInt()).isEqualTo(7);
        assertThat(warning.get("published").asInt()).isEqualTo(8);
        assertThat(warning.get("percent").asInt()).isEqualTo(88);
        for (String body : List.of("{}", "{\"reason\": \"weekly\"}", "{\"confirm\": false}")) {
            HttpResponse<String> refused = http.post(revision + "/publish", body, "editor.vko", "editor-password-1");
            assertRefused(refused, 409, "warning_not_confirmed");
            assertThat(json(refused).get("warning")).isEqualTo(warning);
            assertThat(json(refused).get("detail").asString())
                    .contains("this file removes 7 of the layer's 8 public plots (88 %)")
                    .contains("\"confirm\": true");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM land_plot WHERE cadastral_number LIKE '05-085-084-%'"
                                + " AND retired_revision_id IS NULL")
                        .query(Long.class)
                        .single())
                .isEqualTo(8);
        HttpResponse<String> published = http.post(
                revision + "/publish",
                "{\"reason\": \"the layer is this small now\", \"confirm\": true}",
                "editor.vko",
                "editor-password-1");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(json(published).get("removed").asInt()).isEqualTo(7);
        assertThat(jdbc.sql("SELECT count(*) FROM land_plot WHERE cadastral_number LIKE '05-085-084-%'"
                                + " AND retired_revision_id IS NULL")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(json(get(revision + "/report", "editor.vko"))
                        .get("warningToConfirm")
                        .isNull())
                .isTrue();
    }

    /**
     * A publish or a rollback asked for while the layer is imported (its lock held, as an import of a
     * large file holds it for minutes) is refused at once with a code the page words, instead of leaving
     * the request unanswered until the import ends; once it has ended, the step is taken.
     */
    @Test
    void publishingOrRollingBackALayerBeingImportedIsRefusedAtOnce() throws Exception {
        String layer = "/api/v1/layers/oskemen-busy";
        int draft = revisionOf(upload(
                layer + "/imports",
                "a.geojson",
                elsewhere(3, "05-085-091").getBytes(StandardCharsets.UTF_8),
                "editor.vko"));
        try (java.sql.Connection importing = dataSource.getConnection();
                java.sql.Statement st = importing.createStatement()) {
            st.execute("SELECT pg_advisory_lock(hashtext('adalmap.layer:oskemen-busy'))");
            try {
                Instant asked = Instant.now();
                HttpResponse<String> publish =
                        http.send(HttpRequest.newBuilder(http.uri(layer + "/revisions/" + draft + "/publish"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .header("Authorization", basic("editor.vko"))
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build());
                assertRefused(publish, 409, "layer_busy");
                assertThat(json(publish).get("detail").asString()).contains("oskemen-busy", "try again");
                HttpResponse<String> rollback = http.send(HttpRequest.newBuilder(http.uri(layer + "/rollback"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Authorization", basic("editor.vko"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build());
                assertRefused(rollback, 409, "layer_busy");
                assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(5));
            } finally {
                // the pool keeps the session open, and with it the lock, until it is given back
                st.execute("SELECT pg_advisory_unlock(hashtext('adalmap.layer:oskemen-busy'))");
            }
        }
        HttpResponse<String> published =
                http.post(layer + "/revisions/" + draft + "/publish", "{}", "editor.vko", "editor-password-1");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    }

    /**
     * A reason is shown on the public plot card: one over 1,000 characters or with a control character
     * (a NUL, which PostgreSQL refuses) is refused naming it, and one of several lines is taken.
     */
    @Test
    void aReasonTooLongOrWithAControlCharacterIsRefused() throws Exception {
        String layer = "/api/v1/layers/oskemen-reasons";
        int draft = revisionOf(upload(
                layer + "/imports",
                "a.geojson",
                elsewhere(2, "05-085-093").getBytes(StandardCharsets.UTF_8),
                "editor.vko"));
        String publish = layer + "/revisions/" + draft + "/publish";
        for (String reason : new String[] {
            "R".repeat(1001), "R".repeat(200_000) + " end", "Decree\\u0000 No. 7", "Decree \\u202e7 .oN"
        }) {
            HttpResponse<String> refused =
                    http.post(publish, "{\"reason\": \"" + reason + "\"}", "editor.vko", "editor-password-1");
            assertRefused(refused, 400, "bad_reason");
            assertThat(json(refused).get("parameter").asString()).isEqualTo("reason");
        }
        assertRefused(
                http.post(layer + "/rollback", "{\"reason\": \"a\\u0007b\"}", "editor.vko", "editor-password-1"),
                400,
                "bad_reason");
        HttpResponse<String> published = http.post(
                publish,
                "{\"reason\": \"" + "R".repeat(980) + "\\nDecree\\tNo. 7\"}",
                "editor.vko",
                "editor-password-1");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(jdbc.sql("""
                        SELECT DISTINCT reason FROM plot_status_change WHERE reason LIKE '%Decree%'""").query(String.class).single()).isEqualTo("R".repeat(980) + "\nDecree\tNo. 7");
    }

    @Autowired
    javax.sql.DataSource dataSource;

    /**
     * A plot renumbered in the free-land layer is still found under its old number, and its history
     * says so; a number the free-land layer retired is published in the cadastral layer as a plot of
     * its own, whose card the number then leads to; rolling the free-land layer back, which would
     * bring its plot back under that number, is refused and names the cadastral layer.
     */
    @Test
    void aNumberRetiredInOneLayerIsPublishedInAnotherAndTheCardFollowsTheNumber() throws Exception {
        String free = "/api/v1/layers/oskemen-free-land";
        String cadastre = "/api/v1/layers/oskemen-cadastre";
        publish(free, numbered(3, "05-085-072"), "Offered");
        // plot 001's number corrected (same outline), plot 003 given out and off the free-land layer
        publish(
                free,
                numbered(2, "05-085-072").replace("\"05-085-072-001\"", "\"05-085-073-001\""),
                "Number corrected");

        HttpResponse<String> old = http.get("/api/v1/plots/05-085-072-001");
        assertThat(old.statusCode()).isEqualTo(200);
        assertThat(old.headers().firstValue("Content-Location")).hasValue("/api/v1/plots/05-085-073-001");
        JsonNode renumbered = json(old);
        assertThat(renumbered.get("id"))
                .isEqualTo(json(http.get("/api/v1/plots/05-085-073-001")).get("id"));
        JsonNode card = renumbered.get("properties");
        assertThat(card.get("renumbered_from").asString()).isEqualTo("05-085-072-001");
        assertThat(card.get("cadastral_number").asString()).isEqualTo("05-085-073-001");
        assertThat(card.get("current").asBoolean()).isTrue();
        assertThat(history(card))
                .containsExactly("status free Offered", "renumbered 05-085-072-001 → 05-085-073-001 Number corrected");
        assertThat(json(http.get("/api/v1/plots/05-085-073-001"))
                        .get("properties")
                        .get("renumbered_from")
                        .isNull())
                .isTrue();
        JsonNode retired = json(http.get("/api/v1/plots/05-085-072-003")).get("properties");
        assertThat(retired.get("current").asBoolean()).isFalse();
        assertThat(retired.get("layer").asString()).isEqualTo("oskemen-free-land");

        // the cadastral layer: the retired number 003, the number 001 no plot has now, and a new 002
        publish(
                cadastre,
                numbered(3, "05-085-072")
                        .replace("\"05-085-072-002\"", "\"05-085-074-002\"")
                        .replace("\"бос\"", "\"берілді\""),
                "Registered");
        for (String number : List.of("05-085-072-003", "05-085-072-001")) {
            HttpResponse<String> now = http.get("/api/v1/plots/" + number);
            assertThat(now.headers().firstValue("Content-Location")).isEmpty();
            JsonNode plot = json(now).get("properties");
            assertThat(plot.get("layer").asString()).as(number).isEqualTo("oskemen-cadastre");
            assertThat(plot.get("current").asBoolean()).isTrue();
            assertThat(plot.get("renumbered_from").isNull()).isTrue();
            assertThat(history(plot)).as("its own history only").containsExactly("status allocated Registered");
        }
        assertThat(json(http.get("/api/v1/plots/search?cadastral_number=05-085-072-003"))
                        .get("features"))
                .hasSize(1);

        // the free-land layer back as it was would give 003 back to its old plot
        HttpResponse<String> back = http.post(free + "/rollback", "{}", "editor.vko", "editor-password-1");
        assertRefused(back, 409, "rollback_number_in_other_layer");
        // who may remove the number there: that layer's region's editor or an administrator
        assertThat(json(back).get("detail").asString())
                .contains("05-085-072-", "oskemen-cadastre")
                .endsWith("; an editor of East Kazakhstan or an administrator removes it there first, then roll back"
                        + " again");
        assertThat(json(http.get("/api/v1/plots/05-085-072-003"))
                        .get("properties")
                        .get("layer")
                        .asString())
                .isEqualTo("oskemen-cadastre");
    }

    @Test
    void aNetworkFeatureKeepsItsOgcIdWhenItsLayerIsPublishedAgainAndTheChangesNameIt() throws Exception {
        String layer = "/api/v1/layers/oskemen-water";
        String main = water("Водовод пр. Назарбаева", "300", "[[82.61,49.939],[82.62,49.9392]]");
        String branch = water("Ввод ул. Абая", "100", "[[82.615,49.9391],[82.615,49.941]]");
        publishRevision(layer, upload(layer + "/imports?profile=networks", "water.geojson", waters(main, branch)));
        long id = jdbc.sql("SELECT id FROM network WHERE name = 'Водовод пр. Назарбаева'")
                .query(Long.class)
                .single();

        // the branch given another diameter, and a new one laid: the main is left as it was
        String wider = branch.replace("\"100\"", "\"150\"");
        String added = water("Ввод ул. Сатпаева", "100", "[[82.618,49.9391],[82.618,49.942]]");
        int second =
                revisionOf(upload(layer + "/imports?profile=networks", "water-2.geojson", waters(main, wider, added)));
        JsonNode changes = json(get(layer + "/revisions/" + second + "/changes", "editor.vko"));
        List<String> listed = new ArrayList<>();
        changes.forEach(c -> listed.add(c.get("change").asString() + " "
                + c.get("label").asString() + " " + c.get("plot").asString().startsWith("water:")));
        assertThat(listed)
                .containsExactlyInAnyOrder(
                        "changed water «Ввод ул. Абая» Ø150 mm, feature 2 true",
                        "added water «Ввод ул. Сатпаева» Ø100 mm, feature 3 true");
        // and by its parts, which the editor's page words in its reader's language
        JsonNode widened = null;
        for (JsonNode c : changes) {
            if (c.get("change").asString().equals("changed")) {
                widened = c.get("feature");
            }
        }
        assertThat(widened).as(changes.toString()).isNotNull();
        assertThat(widened.toString())
                .isEqualTo("{\"kind\":\"water\",\"name\":\"Ввод ул. Абая\",\"diameterMm\":150,"
                        + "\"rowUnit\":\"feature\",\"fileRow\":2}");
        HttpResponse<String> published =
                http.post(layer + "/revisions/" + second + "/publish", "{}", "editor.vko", "editor-password-1");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);

        HttpResponse<String> item = http.get("/ogc/collections/networks/items/" + id);
        assertThat(item.statusCode())
                .as("the unchanged main under the id it had")
                .isEqualTo(200);
        assertThat(json(item).get("properties").get("name").asString()).isEqualTo("Водовод пр. Назарбаева");
    }

    /**
     * A zip of a networks department's Shapefiles, mains and wells, read together: a problem of the
     * third well is said as wells.shp's attribute table shows it, in the JSON and in the CSV.
     */
    @Test
    void aRowOfOneOfTheShapefilesOfAZipIsNamedByItsFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String mains = new String(
                waters(
                        water("Водовод 1", "300", "[[82.61,49.945],[82.62,49.945]]"),
                        water("Водовод 2", "300", "[[82.61,49.946],[82.62,49.946]]")),
                StandardCharsets.UTF_8);
        String well = "{\"type\": \"Feature\", \"properties\": {\"kind\": \"water\", \"name\": \"Колодец\"},"
                + " \"geometry\": {\"type\": \"Point\", \"coordinates\": [82.615, %s]}}";
        // the third well drawn over the second
        String wells = new String(
                waters(well.formatted("49.947"), well.formatted("49.948"), well.formatted("49.948")),
                StandardCharsets.UTF_8);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (String[] layer : new String[][] {{"mains", mains}, {"wells", wells}}) {
                Path source = Files.writeString(dir.resolve(layer[0] + ".geojson"), layer[1]);
                Process ogr2ogr = new ProcessBuilder(
                                "ogr2ogr",
                                "-f",
                                "ESRI Shapefile",
                                "-lco",
                                "ENCODING=UTF-8",
                                dir.resolve(layer[0] + ".shp").toString(),
                                source.toString())
                        .redirectErrorStream(true)
                        .start();
                String said = new String(ogr2ogr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(ogr2ogr.waitFor()).as(said).isZero();
                for (String part : new String[] {"shp", "shx", "dbf", "prj", "cpg"}) {
                    out.putNextEntry(new java.util.zip.ZipEntry(layer[0] + "." + part));
                    out.write(Files.readAllBytes(dir.resolve(layer[0] + "." + part)));
                    out.closeEntry();
                }
            }
        }
        String layer = "/api/v1/layers/oskemen-wells";
        int revision = revisionOf(upload(layer + "/imports?profile=networks", "seti.zip", zip.toByteArray()));
        JsonNode twice = null;
        for (JsonNode issue : json(get(layer + "/revisions/" + revision + "/report", "editor.vko"))
                .get("issues")) {
            if (issue.get("code").asString().equals("duplicate_geometry")) {
                twice = issue;
            }
        }
        assertThat(twice).isNotNull();
        assertThat(twice.get("fileRow").asInt() + " " + twice.get("rowLayer").asString())
                .isEqualTo("3 wells.shp");
        String csv = get(layer + "/revisions/" + revision + "/report?format=csv", "editor.vko")
                .body();
        assertThat(csv.lines().filter(line -> line.contains("duplicate_geometry")))
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("\"3 (wells.shp)\","));
    }

    /** A water line of a networks GeoJSON file. */
    private static String water(String name, String diameter, String coordinates) {
        return """
                {"type": "Feature", "properties": {"kind": "water", "name": "%s", "diameter_mm": "%s"},
                 "geometry": {"type": "LineString", "coordinates": %s}}""".formatted(name, diameter, coordinates);
    }

    private static byte[] waters(String... features) {
        return ("{\"type\": \"FeatureCollection\", \"features\": [" + String.join(",", features) + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> upload(String path, String name, byte[] content) throws Exception {
        return upload(path, name, content, "editor.vko");
    }

    /** Publishes the draft the accepted upload made. */
    private void publishRevision(String layer, HttpResponse<String> accepted) throws Exception {
        HttpResponse<String> published = http.post(
                layer + "/revisions/" + revisionOf(accepted) + "/publish", "{}", "editor.vko", "editor-password-1");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    }

    /** Uploads {@code geojson} into {@code layer} and publishes the draft with {@code reason}. */
    private void publish(String layer, String geojson, String reason) throws Exception {
        int revision = revisionOf(
                upload(layer + "/imports", "plots.geojson", geojson.getBytes(StandardCharsets.UTF_8), "editor.vko"));
        HttpResponse<String> published = http.post(
                layer + "/revisions/" + revision + "/publish",
                "{\"reason\": \"" + reason + "\"}",
                "editor.vko",
                "editor-password-1");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    }

    /** {@code count} free plots east of Oskemen, numbered {@code prefix}-001 onwards. */
    private static String numbered(int count, String prefix) {
        return TestPlots.geojson(count, 0, 82.65, 49.96, prefix, i -> "бос");
    }

    /** A card's history, an entry a line: event, statuses or numbers, reason. */
    private static List<String> history(JsonNode card) {
        List<String> out = new ArrayList<>();
        for (JsonNode h : card.get("status_history")) {
            String event = h.get("event").asString();
            out.add(event + " "
                    + (event.equals("renumbered")
                            ? h.get("previous_cadastral_number").asString() + " → "
                                    + h.get("cadastral_number").asString()
                            : h.get("to_status").asString())
                    + " " + h.get("reason").asString());
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------

    private static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("code").asString()).as(response.body()).isEqualTo(code);
        assertThat(json(response).get("detail").asString()).isNotBlank();
    }

    /** The revision of the draft the accepted upload {@code accepted} made, once its job succeeded. */
    private int revisionOf(HttpResponse<String> accepted) throws InterruptedException {
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode job = finished(json(accepted).get("id").asString(), "editor.vko");
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        return job.get("revision").asInt();
    }

    /** {@code count} plots south-east of Oskemen, out of the other tests' boxes, numbered {@code prefix}-001 onwards. */
    private static String elsewhere(int count, String prefix) {
        return TestPlots.geojson(count, 0, 83.10, 49.80, prefix, i -> "бос");
    }

    /** {@code count} plots north-east of Oskemen, apart from the other tests' plots, numbered {@code prefix}-001 onwards. */
    private static String refusals(int count, String prefix) {
        return TestPlots.geojson(count, 0, 82.95, 50.10, prefix, i -> "бос");
    }

    /** {@code count} plots near Oskemen numbered {@code prefix}-001 onwards. */
    private static String plots(int count, String prefix) {
        return TestPlots.geojson(count, 0, 82.70, 49.95, prefix, i -> "бос");
    }

    /** {@code count} plots near Oskemen; the last {@code bowties} are bow ties, which are rejected. */
    private static String geojson(int count, int bowties) {
        return TestPlots.geojson(count, bowties, 82.60, 49.95, "05-085-040", i -> "бос");
    }

    private HttpResponse<String> upload(String path, String name, byte[] content, String user) throws Exception {
        return upload(path, name, content, user, java.util.Map.of());
    }

    /** The editor page's form: the file, and {@code fields} as parts of their own. */
    private HttpResponse<String> upload(
            String path, String name, byte[] content, String user, java.util.Map<String, String> fields)
            throws Exception {
        String boundary = "----adalmap" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (java.util.Map.Entry<String, String> field : fields.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                            + field.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
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

    /** The job of the accepted upload {@code accepted}, once it has ended, as {@code user} follows it. */
    private JsonNode finished(HttpResponse<String> accepted, String user) throws Exception {
        return finished(json(accepted).get("id").asString(), user);
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
        String password = user.equals("chief") ? "chief-password-2026" : "editor-password-1";
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
