package kz.adalmap.importers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import kz.adalmap.importers.publish.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The import commands as an operator types them: exit codes, the report on the terminal, errors without stack traces. */
class CommandLineIT {

    @TempDir
    static Path dir;

    private static PgTarget db;

    @BeforeAll
    static void database() {
        db = TestDatabases.fresh("command_line");
    }

    /** What a command gave: its exit code, standard output, its errors, and the rest of standard error. */
    private record Run(int exit, String out, String err, String log) {
        /**
         * Everything on the terminal but the errors: the command's log goes to standard error, or,
         * where logging was set up before the command (as in these tests), to standard output.
         */
        String terminal() {
            return out + log;
        }
    }

    private static Run run(String... args) {
        return run(db, args);
    }

    private static Run run(PgTarget db, String... args) {
        StringWriter err = new StringWriter();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        PrintStream console = System.out;
        PrintStream errors = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = ImporterMain.commandLine();
            cli.setErr(new PrintWriter(err, true));
            String[] withDb = new String[args.length + 4];
            System.arraycopy(args, 0, withDb, 0, args.length);
            System.arraycopy(
                    new String[] {"--db-url", db.jdbcUrl(), "--db-user", db.user()}, 0, withDb, args.length, 4);
            return new Run(
                    cli.execute(withDb),
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(),
                    log.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(console);
            System.setErr(errors);
        }
    }

    /** A GeoJSON file of one free plot in settlements, numbered {@code number}, at longitude {@code lon}. */
    private Path onePlot(String name, String number, double lon) throws Exception {
        return Files.writeString(dir.resolve(name), """
                {"type": "FeatureCollection", "features": [
                 {"type": "Feature", "properties": {"kad_nomer": "%s", "status": "бос",
                   "kategor": "елді мекен"},
                  "geometry": {"type": "Polygon", "coordinates": [[[%2$s, 49.95], [%3$s, 49.95],
                   [%3$s, 49.9503], [%2$s, 49.9503], [%2$s, 49.95]]]}}]}
                """.formatted(
                        number,
                        String.format(java.util.Locale.ROOT, "%.4f", lon),
                        String.format(java.util.Locale.ROOT, "%.4f", lon + 0.0004)));
    }

    @Test
    void importDiffPublishAndRollBack() throws Exception {
        Path file = onePlot("plots.geojson", "05-085-012-001", 82.6);
        Run imported = run("import", "--layer", "cli", "--file", file.toString(), "--user", "operator");
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.log())
                .as("the database written to, said")
                .contains("database: " + db.jdbcUrl() + " (user " + db.user() + ")");
        assertThat(imported.out())
                .contains(
                        "layer cli, draft revision 1",
                        "1 accepted",
                        "1 added, 0 changed, 0 removed",
                        "publish --layer cli --revision 1");

        Run diff = run("diff", "--layer", "cli", "--revision", "1");
        assertThat(diff.out()).contains("added\t05-085-012-001", "1 change: 1 added, 0 changed, 0 removed");

        Run published = run("publish", "--layer", "cli", "--revision", "1", "--reason", "decree 5");
        assertThat(published.exit()).as(published.err() + published.log()).isZero();
        assertThat(published.out()).contains("published revision 1 of cli: 1 added");

        Run again = run("publish", "--layer", "cli", "--revision", "1");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err())
                .startsWith("error: revision 1 of cli is published")
                .doesNotContain("\tat ");

        Run rollback = run("rollback", "--layer", "cli");
        assertThat(rollback.exit()).isEqualTo(2);
        assertThat(rollback.err()).contains("no earlier revision");

        // the plot allocated: the diff says what publishing changes on it
        Path allocated = Files.writeString(
                dir.resolve("allocated.geojson"), Files.readString(file).replace("\"бос\"", "\"предоставлен\""));
        assertThat(run("import", "--layer", "cli", "--file", allocated.toString())
                        .exit())
                .isZero();
        assertThat(run("diff", "--layer", "cli", "--revision", "2").out())
                .contains("changed\t05-085-012-001\tstatus: free → allocated", "1 change: 0 added, 1 changed");
    }

    /**
     * A layer the import creates takes the titles given, one for all three languages or one per
     * language; a language given none keeps the code, which the pages show as the layer's kind and
     * code. The same titles again change nothing; another title for a layer titled is refused.
     */
    @Test
    void anImportTitlesTheLayerItCreates() throws Exception {
        Path file = onePlot("titled.geojson", "05-085-013-001", 82.61);
        Run imported = run(
                "import",
                "--layer",
                "cli-titled",
                "--file",
                file.toString(),
                "--title-ru",
                " Свободные участки Усть-Каменогорска ",
                "--title-kk",
                "Өскеменнің бос учаскелері");
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(titles("cli-titled"))
                .containsExactly("Өскеменнің бос учаскелері", "Свободные участки Усть-Каменогорска", "cli-titled");

        // the same titles again, and the title of the language that had none
        Run again = run(
                "import",
                "--layer",
                "cli-titled",
                "--file",
                file.toString(),
                "--title-ru",
                "Свободные участки Усть-Каменогорска",
                "--title-en",
                "Free plots of Oskemen");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(titles("cli-titled"))
                .containsExactly(
                        "Өскеменнің бос учаскелері", "Свободные участки Усть-Каменогорска", "Free plots of Oskemen");

        // an import is no place to rename a layer: refused, and nothing written
        int before = revisions("cli-titled");
        Run renamed = run("import", "--layer", "cli-titled", "--file", file.toString(), "--title", "Участки Семея");
        assertThat(renamed.exit()).isEqualTo(2);
        assertThat(renamed.err())
                .startsWith("error: layer cli-titled is titled 'Өскеменнің бос учаскелері' in kk, not 'Участки Семея'")
                .doesNotContain("\tat ");
        assertThat(titles("cli-titled"))
                .containsExactly(
                        "Өскеменнің бос учаскелері", "Свободные участки Усть-Каменогорска", "Free plots of Oskemen");
        assertThat(revisions("cli-titled")).isEqualTo(before);

        // one title for the three languages
        Run one = run("import", "--layer", "cli-one-title", "--file", file.toString(), "--title", "Бос жерлер");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(titles("cli-one-title")).containsExactly("Бос жерлер", "Бос жерлер", "Бос жерлер");

        // none: the code stands for the titles not given
        assertThat(run("import", "--layer", "cli-untitled", "--file", file.toString())
                        .exit())
                .isZero();
        assertThat(titles("cli-untitled")).containsExactly("cli-untitled", "cli-untitled", "cli-untitled");

        Run tooLong = run("import", "--layer", "cli-long", "--file", file.toString(), "--title", "Ж".repeat(201));
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(tooLong.err()).contains("the layer's title is 201 characters long; a title takes at most 200");
        assertThat(titles("cli-long")).isEmpty();
    }

    /**
     * The command title changes a layer's titles, a typo corrected or a language given back to none,
     * and says what they are; the audit log records who changed what. A layer defined as data, or one
     * that does not exist, is refused with the reason.
     */
    @Test
    void theTitleCommandRetitlesALayer() throws Exception {
        Path file = onePlot("retitled.geojson", "05-085-014-001", 82.62);
        Run imported = run("import", "--layer", "cli-retitled", "--file", file.toString(), "--title", "Бос жрлер");
        assertThat(imported.exit()).as(imported.err()).isZero();

        Run corrected = run(
                "title",
                "--layer",
                "cli-retitled",
                "--title",
                "Бос жерлер",
                "--title-ru",
                "Свободные земли",
                "--title-en",
                "",
                "--user",
                "land.office");
        assertThat(corrected.exit()).as(corrected.err()).isZero();
        assertThat(corrected.out())
                .isEqualTo("layer cli-retitled (plots) is titled\n  kk: Бос жерлер\n  ru: Свободные земли\n"
                        + "  en: none (the pages show its kind and code)\n");
        assertThat(titles("cli-retitled")).containsExactly("Бос жерлер", "Свободные земли", "cli-retitled");
        // one language, the others kept
        assertThat(run("title", "--layer", "cli-retitled", "--title-en", "Free land")
                        .exit())
                .isZero();
        assertThat(titles("cli-retitled")).containsExactly("Бос жерлер", "Свободные земли", "Free land");
        try (java.sql.Connection c = db.connect();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("""
                        SELECT actor, details ->> 'after' FROM audit_log
                        WHERE action = 'layer.title' AND entity_id = 'cli-retitled' ORDER BY id LIMIT 1
                        """)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("land.office");
            assertThat(rs.getString(2))
                    .isEqualTo("{\"en\": null, \"kk\": \"Бос жерлер\", \"ru\": \"Свободные земли\"}");
        }

        Run nothing = run("title", "--layer", "cli-retitled");
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err()).startsWith("error: give the layer's titles: --title for the three languages");
        Run unknown = run("title", "--layer", "cli-no-such-layer", "--title", "Жерлер");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("error: there is no layer cli-no-such-layer\n");
        Run twoLines = run("title", "--layer", "cli-retitled", "--title-kk", "Бос\nжерлер");
        assertThat(twoLines.exit()).isEqualTo(2);
        assertThat(twoLines.err()).startsWith("error: the layer's title (kk) holds the control character U+000A");
        assertThat(titles("cli-retitled")).containsExactly("Бос жерлер", "Свободные земли", "Free land");

        db.migrate();
        try (java.sql.Connection c = db.connect();
                java.sql.Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO layer (code, kind, title_kk, title_ru, title_en, geometry_type, attribute_schema,
                                       key_attribute, style)
                    VALUES ('cli-defined', 'custom', 'ХҚКО', 'ЦОН', 'Offices', 'point',
                            '[{"name": "office_no", "type": "integer", "required": true}]', 'office_no',
                            '{"colour": "#1565c0"}')
                    """);
        }
        Run defined = run("title", "--layer", "cli-defined", "--title-ru", "Офисы");
        assertThat(defined.exit()).isEqualTo(2);
        assertThat(defined.err())
                .startsWith("error: layer cli-defined is defined as data: its titles are changed in its definition")
                .doesNotContain("\tat ");
        assertThat(titles("cli-defined")).containsExactly("ХҚКО", "ЦОН", "Offices");
    }

    /** The layer's titles in Kazakh, Russian and English; none when there is no such layer. */
    private static java.util.List<String> titles(String layer) throws Exception {
        try (java.sql.Connection c = db.connect();
                java.sql.PreparedStatement ps =
                        c.prepareStatement("SELECT title_kk, title_ru, title_en FROM layer WHERE code = ?")) {
            ps.setString(1, layer);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? java.util.List.of(rs.getString(1), rs.getString(2), rs.getString(3))
                        : java.util.List.of();
            }
        }
    }

    private static int revisions(String layer) throws Exception {
        try (java.sql.Connection c = db.connect();
                java.sql.PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM layer_revision r JOIN layer l ON l.id = r.layer_id WHERE l.code = ?")) {
            ps.setString(1, layer);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aDraftOnADatumNoMapOfKazakhstanUsesIsPublishedOnlyWhenConfirmed() throws Exception {
        // MapInfo's datum 1 is Adindan, in Sudan: every plot may lie hundreds of metres off, plausibly;
        // numbers of their own: the other tests' plots share the database
        Path zip = TestFiles.mifOfThreePlots(
                dir.resolve("adindan.zip"),
                "Earth Projection 8, 1, \"m\", 81, 0, 0.9996, 500000, 0",
                614_777,
                5_534_298,
                "05-085-077");
        Run imported = run("import", "--layer", "cli-adindan", "--file", zip.toString(), "--publish");
        assertThat(imported.exit()).as(imported.out()).isEqualTo(3);
        assertThat(imported.log()).as(imported.out()).contains("--confirm-datum");
        Run refused = run("publish", "--layer", "cli-adindan", "--revision", "1");
        assertThat(refused.exit()).isEqualTo(3);
        assertThat(refused.log())
                .contains("not published: the file's coordinate system is on the datum Adindan")
                .contains("--confirm-datum");
        Run published = run("publish", "--layer", "cli-adindan", "--revision", "1", "--confirm-datum");
        assertThat(published.exit()).as(published.err()).isZero();
        assertThat(published.out()).startsWith("published revision 1 of cli-adindan: 3 added");
    }

    /**
     * A publish or a rollback the command line refuses for the layer's state is kept in the audit log as
     * the API keeps its refusals: on the layer, with who asked (no client address), the revision asked
     * for, the refusal's code and message; so is a draft held back by a warning its publishing must
     * confirm.
     */
    @Test
    void aRefusedPublishOrRollbackIsKeptInTheAuditLog() throws Exception {
        Path file = onePlot("refused.geojson", "05-085-016-001", 82.64);
        assertThat(run("import", "--layer", "cli-refused", "--file", file.toString())
                        .exit())
                .isZero();
        assertThat(run("publish", "--layer", "cli-refused", "--revision", "1").exit())
                .isZero();
        // drafts 2 and 3 both compared with revision 1; once 3 is published, 2 is stale
        Path allocated = Files.writeString(
                dir.resolve("refused-allocated.geojson"),
                Files.readString(file).replace("\"бос\"", "\"предоставлен\""));
        for (int i = 0; i < 2; i++) {
            assertThat(run("import", "--layer", "cli-refused", "--file", allocated.toString())
                            .exit())
                    .isZero();
        }
        assertThat(run("publish", "--layer", "cli-refused", "--revision", "3").exit())
                .isZero();

        Run stale = run("publish", "--layer", "cli-refused", "--revision", "2", "--user", "cli-x");
        assertThat(stale.exit()).isEqualTo(2);
        assertThat(stale.err()).startsWith("error: revision 2 was compared with a layer that has changed since");
        Run rollback =
                run("rollback", "--layer", "cli-refused", "--revision", "1", "--reason", "CLI rb", "--user", "edb");
        assertThat(rollback.exit()).isEqualTo(2);
        assertThat(rollback.err()).startsWith("error: ");

        Path zip = TestFiles.mifOfThreePlots(
                dir.resolve("refused-adindan.zip"),
                "Earth Projection 8, 1, \"m\", 81, 0, 0.9996, 500000, 0",
                614_777,
                5_534_298,
                "05-085-078");
        assertThat(run("import", "--layer", "cli-refused-datum", "--file", zip.toString())
                        .exit())
                .isZero();
        Run held = run("publish", "--layer", "cli-refused-datum", "--revision", "1", "--user", "cli-z");
        assertThat(held.exit()).isEqualTo(3);

        java.util.List<String> rows = new java.util.ArrayList<>();
        try (java.sql.Connection c = db.connect();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("""
                        SELECT concat_ws(' | ', actor, action, entity_id, details ->> 'revision', details ->> 'code',
                                         coalesce(client_ip::text, 'no address')),
                               details ->> 'message'
                        FROM audit_log WHERE action LIKE 'layer.%\\_refused' AND entity_id LIKE 'cli-refused%'
                        ORDER BY id""")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
                rows.add(rs.getString(2));
            }
        }
        assertThat(rows)
                .containsExactly(
                        "cli-x | layer.publish_refused | cli-refused | 2 | stale_draft | no address",
                        stale.err().substring("error: ".length()).strip(),
                        "edb | layer.rollback_refused | cli-refused | not_the_published | no address",
                        rollback.err().substring("error: ".length()).strip(),
                        "cli-z | layer.publish_refused | cli-refused-datum | 1 | datum_not_confirmed | no address",
                        held.log()
                                .lines()
                                .filter(l -> l.startsWith("not published: "))
                                .findFirst()
                                .orElse(held.log()));
    }

    @Test
    void anImportSaysWhichFileOfAZipItReadAndItsLayer() throws Exception {
        // a KML without a name of its own, in a folder of the zip a department sent
        String kml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <kml xmlns="http://www.opengis.net/kml/2.2"><Document>
                <Placemark><name>05-085-012-001</name><ExtendedData><Data name="status"><value>бос</value></Data>
                <Data name="kategor"><value>елді мекен</value></Data></ExtendedData>
                <Polygon><outerBoundaryIs><LinearRing><coordinates>82.6,49.95 82.6004,49.95 82.6004,49.9503
                82.6,49.9503 82.6,49.95</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
                </Document></kml>
                """;
        Path zip = dir.resolve("export.zip");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("Экспорт/участки.kml"));
            out.write(kml.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Run imported = run("import", "--layer", "cli-zip", "--file", zip.toString(), "--user", "operator");
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out())
                .contains(
                        "layer cli-zip, draft revision 1\n  read: Экспорт/участки.kml in export.zip, layer участки\n");
    }

    @Test
    void aLayerDefinedAsDataIsImportedPublishedAndRolledBack() throws Exception {
        db.migrate();
        try (java.sql.Connection c = db.connect();
                java.sql.Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO layer (code, kind, title_kk, title_ru, title_en, geometry_type, attribute_schema,
                                       key_attribute, style)
                    VALUES ('cli-offices', 'custom', 'ХҚКО', 'ЦОН', 'Offices', 'point',
                            '[{"name": "office_no", "type": "integer", "required": true, "label_kk": "Нөмірі",
                               "label_ru": "Номер", "label_en": "Number"}]', 'office_no', '{"colour": "#1565c0"}')
                    """);
        }
        String feature = """
                {"type": "Feature", "properties": {"Номер": "%s"},
                 "geometry": {"type": "Point", "coordinates": [%s, 51.15]}}""";
        Path first = Files.writeString(
                dir.resolve("offices.geojson"),
                "{\"type\": \"FeatureCollection\", \"features\": [" + feature.formatted("1", "71.40") + ", "
                        + feature.formatted("2", "71.41") + "]}");
        Run imported = run("import", "--layer", "cli-offices", "--file", first.toString(), "--publish");
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("2 accepted", "published revision 1: 2 added");

        Path second = Files.writeString(
                dir.resolve("offices-2.geojson"),
                "{\"type\": \"FeatureCollection\", \"features\": [" + feature.formatted("1", "71.40") + "]}");
        assertThat(run("import", "--layer", "cli-offices", "--file", second.toString(), "--publish")
                        .out())
                .contains("published revision 2: 0 added, 0 changed, 1 removed");
        // the same file again: nothing to publish, and no empty revision for a rollback to step over
        Run again = run("import", "--layer", "cli-offices", "--file", second.toString(), "--publish");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out())
                .contains("nothing to publish: the file holds what is already public")
                .doesNotContain("published revision");
        assertThat(run("diff", "--layer", "cli-offices", "--revision", "2").out())
                .contains("removed\t2");
        Run rollback = run("rollback", "--layer", "cli-offices");
        assertThat(rollback.exit()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("rolled back cli-offices; on the public map 1 put back, 0 returned");

        Run plotsProfile =
                run("import", "--layer", "cli-offices", "--file", first.toString(), "--profile", "cadastre-export");
        assertThat(plotsProfile.exit()).isEqualTo(2);
        assertThat(plotsProfile.err())
                .contains("layer cli-offices is defined as data")
                .doesNotContain("\tat ");
    }

    @Test
    void aMistakenProfileIsAnErrorMessageNotAStackTrace() throws Exception {
        Path csv = Files.writeString(dir.resolve("profiled.csv"), "kad_nomer;status\n05-085-090-001;Вакантный\n");
        Path nul = Files.writeString(dir.resolve("nul.json"), """
                {"name": "akimat\\u0000nul", "kind": "plots", "fields": {"status": ["status"]}}""");
        Run run = run("import", "--layer", "cli-profiled", "--file", csv.toString(), "--profile", nul.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("error: mapping profile " + nul + " is not valid: it holds an invisible NUL character")
                .doesNotContain("\tat ", "PSQLException", "Exception");
        Path yaml = Files.writeString(dir.resolve("p.yaml"), "name: akimat\nkind: plots\n");
        Run yamlRun = run("import", "--layer", "cli-profiled", "--file", csv.toString(), "--profile", yaml.toString());
        assertThat(yamlRun.exit()).isEqualTo(2);
        assertThat(yamlRun.err()).contains("profiles are JSON files in UTF-8 (YAML is not read)");
        Path vacant = Files.writeString(dir.resolve("vacant.json"), """
                {"name": "akimat", "kind": "plots", "fields": {"status": ["status"]},
                 "values": {"status": {"Вакантный": "vacant"}}}""");
        Run codes = run("import", "--layer", "cli-profiled", "--file", csv.toString(), "--profile", vacant.toString());
        assertThat(codes.exit()).isEqualTo(2);
        assertThat(codes.err())
                .contains("values.status.\"вакантный\" = \"vacant\" is no code of status; the codes are free")
                .doesNotContain("\tat ");
    }

    @Test
    void aBadFileIsAnErrorMessageNotAStackTrace() throws Exception {
        Path empty = Files.write(dir.resolve("empty.zip"), new byte[0]);
        Run run = run("import", "--layer", "cli-bad", "--file", empty.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: the file empty.zip is empty (0 bytes)" + System.lineSeparator());
        // a script that reads the report as JSON reads the refusal so, with its kind
        Run json = run("import", "--layer", "cli-bad", "--file", empty.toString(), "--json");
        assertThat(json.exit()).isEqualTo(2);
        assertThat(json.out())
                .contains(
                        "\"error\"",
                        "\"problem\" : \"empty_file\"",
                        "\"message\" : \"the file empty.zip is empty (0 bytes)\"",
                        "\"detail\" : null");
    }

    /**
     * A failure the API's import job words by a key and its values ({@code detail}) is so worded in
     * {@code import --json} too: a script words it in its reader's language as the editor's page does.
     */
    @Test
    void aFailedImportAsJsonCarriesTheDetailTheApisJobCarries() throws Exception {
        // longitude and latitude read in UTM zone 44N: the code the numbers are in is named
        Path file = onePlot("degrees-as-utm.geojson", "05-085-079-001", 82.6);
        Run json = run("import", "--layer", "cli-utm", "--file", file.toString(), "--srs", "EPSG:32644", "--json");
        assertThat(json.exit()).as(json.err()).isEqualTo(2);
        // the JSON after what the import said while it read
        String out = json.out().startsWith("{")
                ? json.out()
                : json.out().substring(json.out().indexOf("\n{") + 1);
        tools.jackson.databind.JsonNode error = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(out)
                .get("error");
        assertThat(error.get("problem").asString()).isEqualTo("wrong_crs");
        assertThat(error.get("detail").get("key").asString()).as(json.out()).isEqualTo("crs_try_code");
        assertThat(error.get("detail").get("code").asString()).isEqualTo("EPSG:4326");
        assertThat(error.get("detail").size()).isEqualTo(2);
    }

    /** A GeoPackage of gas mains without a kind field: this year's and 2019's, each a layer of lines. */
    private static Path twoLayersOfMains() throws Exception {
        Path gpkg = dir.resolve("gas-two-layers.gpkg");
        for (String layer : java.util.List.of("gaz_2019", "gaz")) {
            Path lines = Files.writeString(dir.resolve(layer + ".geojson"), """
                    {"type": "FeatureCollection", "features": [
                     {"type": "Feature", "properties": {"naim": "%s"},
                      "geometry": {"type": "LineString", "coordinates": [[82.60, 49.95], [82.62, 49.95]]}}]}
                    """.formatted(layer));
            Process ogr2ogr = new ProcessBuilder(
                            "ogr2ogr",
                            Files.exists(gpkg) ? "-update" : "-overwrite",
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
        return gpkg;
    }

    @Test
    void aFileOfTwoLayersOfOneNetworkKindIsRefusedUntilTheSourceLayerNamesOne() throws Exception {
        Path gpkg = twoLayersOfMains();
        Run refused = run("import", "--layer", "cli-gas", "--file", gpkg.toString(), "--network-kind", "gas");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err())
                .isEqualTo("error: the file holds 2 layers of lines with features (gaz_2019, gaz), and every feature of"
                        + " the file is taken to be of the network kind given (gas); name the one to import with"
                        + " --source-layer (e.g. gaz_2019), or send one layer at a time" + System.lineSeparator());
        Run json = run("import", "--layer", "cli-gas", "--file", gpkg.toString(), "--network-kind", "gas", "--json");
        assertThat(json.out()).contains("\"problem\" : \"several_datasets\"");
        Run named = run(
                "import",
                "--layer",
                "cli-gas",
                "--file",
                gpkg.toString(),
                "--network-kind",
                "gas",
                "--source-layer",
                "gaz");
        assertThat(named.exit()).as(named.err()).isZero();
        assertThat(named.out()).contains("layer cli-gas, draft revision 1", "1 accepted");
    }

    /** A GeoJSON file of network lines, each {kind word, name} drawn west to east at its own latitude. */
    private Path lines(String name, String[]... lines) throws Exception {
        StringBuilder features = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            double y = 49.90 + i * 0.001;
            features.append(i == 0 ? "" : ",\n")
                    .append(String.format(
                            java.util.Locale.ROOT,
                            "{\"type\": \"Feature\", \"properties\": {\"вид\": \"%s\", \"наименование\": \"%s\"},"
                                    + " \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[82.60, %f], [82.61, %f]]}}",
                            lines[i][0],
                            lines[i][1],
                            y,
                            y));
        }
        return Files.writeString(
                dir.resolve(name), "{\"type\": \"FeatureCollection\", \"features\": [\n" + features + "]}\n");
    }

    /** {@code count} plots 40 m a side in a row east of Oskemen, numbered {@code prefix}-001 onwards, as GeoJSON. */
    private static Path squares(Path file, int count, String prefix) throws Exception {
        StringBuilder out = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < count; i++) {
            double x = 82.75 + i * 0.0007;
            double y = 49.97;
            out.append(i == 0 ? "" : ",")
                    .append(String.format(
                            java.util.Locale.ROOT,
                            "{\"type\":\"Feature\",\"properties\":{\"kad_nomer\":\"%s-%03d\",\"status\":\"свободен\","
                                    + "\"kategor\":\"Земли населенных пунктов\",\"ploshad\":\"0.16\"},"
                                    + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.6f,%.6f],[%.6f,%.6f],"
                                    + "[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]}}",
                            prefix,
                            i + 1,
                            x,
                            y,
                            x + 0.00055,
                            y,
                            x + 0.00055,
                            y + 0.00036,
                            x,
                            y + 0.00036,
                            x,
                            y));
        }
        return Files.writeString(file, out.append("]}").toString(), StandardCharsets.UTF_8);
    }

    @Test
    void aFileThatRemovesMostOfTheLayerIsHeldBackAndPublishedOnlyWhenConfirmed() throws Exception {
        Run first = run(
                "import",
                "--layer",
                "cli-selection",
                "--file",
                squares(dir.resolve("selection-all.geojson"), 6, "05-085-078").toString(),
                "--publish");
        assertThat(first.exit()).as(first.log()).isZero();
        assertThat(first.out()).contains("published revision 1: 6 added");
        // the weekly export with only the plot selected in QGIS
        Run held = run(
                "import",
                "--layer",
                "cli-selection",
                "--file",
                squares(dir.resolve("selection-one.geojson"), 1, "05-085-078").toString(),
                "--publish");
        assertThat(held.exit()).as(held.log()).isEqualTo(3);
        assertThat(held.out())
                .contains("this file removes 5 of the layer's 6 public plots (83 %): an export of only the plots"
                        + " selected, or a file cut off?")
                .contains("publish it with: publish --layer cli-selection --revision 2 --confirm (once you have"
                        + " looked: a file warning above asks for it)")
                .doesNotContain("published revision");
        assertThat(held.log())
                .contains("not published: the report warns that this draft would change the public"
                        + " layer in a way a mistake in the file does (file_removes_most")
                .contains("--confirm");
        Run refused = run("publish", "--layer", "cli-selection", "--revision", "2");
        assertThat(refused.exit()).isEqualTo(3);
        assertThat(refused.log())
                .contains("not published: this file removes 5 of the layer's 6 public plots (83 %)")
                .contains("publish it with --confirm if it is right");
        assertThat(countPublic("05-085-078-%")).isEqualTo(6);
        Run published = run("publish", "--layer", "cli-selection", "--revision", "2", "--confirm");
        assertThat(published.exit()).as(published.err()).isZero();
        assertThat(published.out()).contains("published revision 2 of cli-selection: 0 added, 0 changed, 5 removed");
        assertThat(countPublic("05-085-078-%")).isEqualTo(1);
    }

    /** How many current plots have a number like {@code pattern}. */
    private static int countPublic(String pattern) throws Exception {
        try (java.sql.Connection c = db.connect();
                java.sql.PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM land_plot WHERE cadastral_number LIKE ? AND retired_revision_id IS NULL")) {
            ps.setString(1, pattern);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aFileWhoseTextTheReportSaysWasReadInAWrongCodePageIsHeldBackSayingSo() throws Exception {
        // a MID saved in the DOS code page under a header that says WindowsCyrillic: its addresses
        // read as CP1251 would reach the public map as «Ј. Ђ«¬ вл»
        Path folder = Files.createDirectories(dir.resolve("dos-mif"));
        Files.writeString(folder.resolve("d.mif"), """
                Version 300\r
                Charset "WindowsCyrillic"\r
                Delimiter ","\r
                CoordSys Earth Projection 1, 104\r
                Columns 4\r
                  kad_nomer Char(20)\r
                  status Char(20)\r
                  kategor Char(60)\r
                  adres Char(100)\r
                Data\r
                \r
                Region 1\r
                  5\r
                82.6000 49.9500\r
                82.6004 49.9500\r
                82.6004 49.9503\r
                82.6000 49.9503\r
                82.6000 49.9500\r
                """, StandardCharsets.US_ASCII);
        Files.writeString(
                folder.resolve("d.mid"),
                "\"05-085-031-001\",\"free\",\"settlement\",\"г. Алматы, ул. Толе би, 45\"\r\n",
                java.nio.charset.Charset.forName("IBM866"));
        Path zip = TestFiles.zip(
                dir.resolve("dos-mif.zip"), java.util.List.of(folder.resolve("d.mif"), folder.resolve("d.mid")));
        Run held = run("import", "--layer", "cli-dos-mif", "--file", zip.toString(), "--publish");
        assertThat(held.exit()).as(held.log()).isEqualTo(3);
        assertThat(held.out()).contains("pass --encoding CP866");
        assertThat(held.log())
                .contains("not published: the report warns that the file's text was read in a code page it is not in");
        assertThat(held.out()).doesNotContain("published revision");
    }

    @Test
    void aGeoPackageCopiedWhileQgisHadItOpenIsHeldBackSayingSo() throws Exception {
        // in WAL mode, its saved edit in plots.gpkg-wal, which was not sent with it
        Path folder = Files.createDirectories(dir.resolve("wal-only"));
        Path gpkg = folder.resolve("plots.gpkg");
        TestFiles.ogr2ogr(
                "-f",
                "GPKG",
                gpkg.toString(),
                onePlot("wal-only.geojson", "05-085-032-001", 82.6).toString());
        Files.delete(TestFiles.withWriteAheadLog(gpkg, "UPDATE \"wal-only\" SET status = 'аукцион'"));
        Run held = run("import", "--layer", "cli-wal-only", "--file", gpkg.toString(), "--publish");
        assertThat(held.exit()).as(held.log()).isEqualTo(3);
        assertThat(held.out()).contains("edits saved since may be in plots.gpkg-wal, which was not sent");
        assertThat(held.log())
                .contains("not published: the report warns that the GeoPackage was copied while a program had it"
                        + " open");
        assertThat(held.out()).doesNotContain("published revision");
        // published only once the clerk confirms it holds the last edits
        Run refused = run("publish", "--layer", "cli-wal-only", "--revision", "1");
        assertThat(refused.exit()).as(refused.log()).isEqualTo(3);
        Run published = run("publish", "--layer", "cli-wal-only", "--revision", "1", "--confirm");
        assertThat(published.exit()).as(published.log()).isZero();
    }

    @Test
    void aNetworksFileOfFewerKindsThanTheLayerIsHeldBackSayingWhichItWouldTakeOff() throws Exception {
        String[] power = {"ЛЭП", "ВЛ-10кВ Ф-1"};
        String[] water = {"водопровод", "Водовод 1"};
        String[] gas = {"газопровод", "Газопровод 1"};
        Run city = run(
                "import",
                "--layer",
                "cli-city-networks",
                "--file",
                lines("city.geojson", gas, power, water).toString(),
                "--profile",
                "networks",
                "--publish");
        assertThat(city.exit()).as(city.log()).isZero();
        // the gas utility's own file, its line renamed, sent into the city's layer
        Run gasOnly = run(
                "import",
                "--layer",
                "cli-city-networks",
                "--file",
                lines("gas.geojson", new String[] {"газопровод", "Газопровод 1 (ГРП-3)"})
                        .toString(),
                "--profile",
                "networks",
                "--publish");
        assertThat(gasOnly.exit()).isEqualTo(3);
        assertThat(gasOnly.out())
                .contains("the file holds no features of the kinds power, water, which the published layer has:"
                        + " publishing it takes them off the map (2 in the layer)");
        assertThat(gasOnly.log()).contains("not published: the file holds no features of kinds the published layer");
        assertThat(run("diff", "--layer", "cli-city-networks", "--revision", "2")
                        .out())
                .contains("3 changes: 0 added, 1 changed, 2 removed");
        // if the file is the whole layer, as the operator may know, it is published as it is, once confirmed
        Run refused = run("publish", "--layer", "cli-city-networks", "--revision", "2");
        assertThat(refused.exit()).as(refused.log()).isEqualTo(3);
        assertThat(refused.log()).contains("not published: the file holds no features of the kinds power, water");
        Run published = run("publish", "--layer", "cli-city-networks", "--revision", "2", "--confirm");
        assertThat(published.exit()).as(published.log()).isZero();
        assertThat(published.out()).contains("0 added, 1 changed, 2 removed");
    }

    /**
     * An operator stops a long import with Ctrl-C (SIGTERM here): the private copy of the file it
     * was reading, as large as the file, does not stay behind in the temporary folder.
     */
    @Test
    void aZipOfTwoShapefilesIsRefusedNamingTheOptionThatChoosesOne() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("two-shapefiles"));
        for (String name : java.util.List.of("plots", "plots_2019")) {
            TestFiles.ogr2ogr(
                    "-f",
                    "ESRI Shapefile",
                    folder.resolve(name + ".shp").toString(),
                    onePlot(name + ".geojson", "05-085-031-001", 82.60).toString());
        }
        java.util.List<Path> parts = new java.util.ArrayList<>();
        try (var files = Files.list(folder)) {
            files.filter(f -> !f.toString().endsWith(".geojson")).sorted().forEach(parts::add);
        }
        Path zip = TestFiles.zip(dir.resolve("two-shapefiles.zip"), parts);
        Run refused = run("import", "--layer", "cli-two-shp", "--file", zip.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err())
                .startsWith("error: the archive holds 2 .shp files (plots.shp, plots_2019.shp)")
                .contains("name the one to import with --source-layer (e.g. plots)")
                .doesNotContain("as the layer in the file");
        Run named = run("import", "--layer", "cli-two-shp", "--file", zip.toString(), "--source-layer", "plots");
        assertThat(named.exit()).as(named.err()).isZero();
    }

    @Test
    void anImportStoppedByTheOperatorLeavesNoCopyBehind() throws Exception {
        Path out = Files.createDirectories(dir.resolve("stopped"));
        assertThat(ImporterMain.commandLine()
                        .execute("generate", "--out", out.toString(), "--plots", "40000", "--appeals", "0", "--gpkg"))
                .isZero();
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path jar;
        try (var built = Files.newDirectoryStream(Path.of("target"), "*-exec.jar")) {
            jar = built.iterator().next();
        }
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.io.tmpdir=" + tmp,
                        "-jar",
                        jar.toString(),
                        "import",
                        "--layer",
                        "cli-stopped",
                        "--file",
                        out.resolve("cadastre.gpkg").toString(),
                        "--db-url",
                        db.jdbcUrl(),
                        "--db-user",
                        db.user())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stopped.log").toFile());
        builder.environment().put("ADALMAP_DB_PASSWORD", db.password());
        Process cli = builder.start();
        try {
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!copied(tmp) && cli.isAlive() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(copied(tmp))
                    .as(
                            "the file copied for reading; the command printed:%n%s",
                            Files.readString(dir.resolve("stopped.log")))
                    .isTrue();
            cli.destroy();
            assertThat(cli.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            cli.destroyForcibly();
        }
        try (var left = Files.walk(tmp)) {
            assertThat(left.filter(f -> !f.equals(tmp))
                            .map(f -> tmp.relativize(f).toString()))
                    .as("left in the temporary folder")
                    .isEmpty();
        }
    }

    /**
     * {@code ./adalmap import} runs the importer's JVM on an archive of the classes that the first
     * import loaded: the first import writes it, named by the jar (an archive of another jar goes),
     * a later command's JVM maps the classes from it, and the JVM's own messages stay out of the
     * command's output.
     */
    @Test
    void theLauncherMapsTheClassesItsFirstImportArchived() throws Exception {
        Path jar;
        try (var built = Files.newDirectoryStream(Path.of("target"), "*-exec.jar")) {
            jar = built.iterator().next();
        }
        Path launcher = Path.of("..", "adalmap").toRealPath();
        Path archives =
                Files.createDirectories(launcher.resolveSibling(".adalmap").resolve("cds"));
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        Path archive = archives.resolve(
                name + "-" + Files.getLastModifiedTime(jar).toMillis() / 1000 + "-" + Files.size(jar) + ".jsa");
        Files.deleteIfExists(archive);
        Path stale = Files.write(archives.resolve(name + "-1-1.jsa"), new byte[] {1});
        Path file = onePlot("launched.geojson", "05-085-019-001", 82.64);
        Path loaded = dir.resolve("classes.log");

        Launched first = launch(launcher, loaded, "import", "--layer", "cli-launched", "--file", file.toString());
        assertThat(first.exit()).as(first.out()).isZero();
        assertThat(archive).as("the archive of the first import's classes").isNotEmptyFile();
        assertThat(stale).as("the archive of another jar").doesNotExist();
        assertThat(Files.readString(loaded))
                .as("the first import loads its classes from the jars")
                .doesNotContain("source: shared objects file (top)");

        Launched second = launch(launcher, loaded, "import", "--layer", "cli-launched", "--file", file.toString());
        assertThat(second.exit()).as(second.out()).isZero();
        assertThat(second.out())
                .contains("layer cli-launched, draft revision 2")
                .doesNotContain("[cds]", "[warning]");
        assertThat(Files.readString(loaded))
                .as("the second maps them from the archive")
                .contains("kz.adalmap.importers.ImporterMain source: shared objects file (top)");
    }

    private record Launched(int exit, String out) {}

    /** Runs the launcher, its JVM logging where each class came from into {@code loaded}. */
    private static Launched launch(Path launcher, Path loaded, String... args) throws Exception {
        Path output = Files.createTempFile(dir, "launched", ".log");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(launcher.toString()));
        command.addAll(java.util.List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("ADALMAP_DB_URL", db.jdbcUrl());
        builder.environment().put("ADALMAP_DB_USER", db.user());
        builder.environment().put("ADALMAP_DB_PASSWORD", db.password());
        builder.environment().put("ADALMAP_JAVA_OPTS", "-Xlog:class+load=info:file=" + loaded);
        Process process = builder.start();
        assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return new Launched(process.exitValue(), Files.readString(output));
    }

    /** Whether the import's private copy of the GeoPackage is there, in its work folder. */
    private static boolean copied(Path tmp) throws java.io.IOException {
        try (var files = Files.walk(tmp)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".gpkg"));
        }
    }

    /**
     * {@code diff} says what changed on each changed plot: a plot only renumbered has nothing but its
     * number changed, a plot whose address alone changed says its address, before and after, and one
     * that changes only in a field no profile field reads names that field.
     */
    @Test
    void theDiffSaysWhatChangedOnAPlotRenumberedOrReaddressed() throws Exception {
        Path first = threePlots("readdressed-1.geojson", "05-085-044-001", "ул. Абая, 1", 1);
        assertThat(run("import", "--layer", "cli-readdressed", "--file", first.toString(), "--publish")
                        .exit())
                .isZero();
        Path second = threePlots("readdressed-2.geojson", "05-085-044-101", "ул. Абая, 3", 7);
        Run imported = run("import", "--layer", "cli-readdressed", "--file", second.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("0 added, 3 changed, 0 removed");
        Run diff = run("diff", "--layer", "cli-readdressed", "--revision", "2");
        assertThat(diff.out())
                .contains(
                        "changed\t05-085-044-101\twas 05-085-044-001\tnothing but the number\n",
                        "changed\t05-085-044-002\taddress: ул. Абая, 1 → ул. Абая, 3\n",
                        "changed\t05-085-044-003\tfields kept: objectid\n")
                .doesNotContain("other fields");
    }

    /**
     * A GeoJSON file of three free plots side by side: the first numbered {@code first}, the second at
     * {@code address}, the third with a field {@code objectid} no profile field reads.
     */
    private Path threePlots(String name, String first, String address, int objectId) throws Exception {
        String plot = """
                 {"type": "Feature", "properties": {"kad_nomer": "%s", "status": "бос", "kategor": "елді мекен",
                   "adres": "%s"%s},
                  "geometry": {"type": "Polygon", "coordinates": [[[%4$s, 49.95], [%5$s, 49.95],
                   [%5$s, 49.9503], [%4$s, 49.9503], [%4$s, 49.95]]]}}""";
        return Files.writeString(
                dir.resolve(name),
                "{\"type\": \"FeatureCollection\", \"features\": [\n"
                        + String.join(
                                ",\n",
                                plot.formatted(first, "ул. Абая, 2", "", "82.640", "82.6404"),
                                plot.formatted("05-085-044-002", address, "", "82.641", "82.6414"),
                                plot.formatted(
                                        "05-085-044-003",
                                        "ул. Абая, 4",
                                        ", \"objectid\": " + objectId,
                                        "82.642",
                                        "82.6424"))
                        + "]}\n");
    }

    /**
     * A re-import that cannot compare its file with the published revision's rows says which
     * revision, by the number the layer's revisions are listed by.
     */
    @Test
    void anImportCheckingEveryFeatureNamesTheRevisionByItsNumber() throws Exception {
        // another layer's revision first: the layer's revision 1 is not the database's first
        assertThat(run(
                                "import",
                                "--layer",
                                "cli-kept-other",
                                "--file",
                                onePlot("kept-other.geojson", "05-085-041-001", 82.6)
                                        .toString())
                        .exit())
                .isZero();
        Path file = onePlot("kept.geojson", "05-085-042-001", 82.6);
        assertThat(run("import", "--layer", "cli-kept", "--file", file.toString(), "--publish")
                        .exit())
                .isZero();
        String id;
        try (java.sql.Connection c = db.connect();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("""
                        SELECT r.id FROM layer_revision r JOIN layer l ON l.id = r.layer_id
                        WHERE l.code = 'cli-kept' AND r.number = 1""")) {
            rs.next();
            id = rs.getString(1);
            assertThat(id).isNotEqualTo("1");
            // its rows lost (a server's crash empties them)
            st.execute("DROP TABLE staging.source_" + id);
        }
        Path allocated = Files.writeString(
                dir.resolve("kept-allocated.geojson"), Files.readString(file).replace("\"бос\"", "\"предоставлен\""));
        Run again = run("import", "--layer", "cli-kept", "--file", allocated.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.terminal())
                .contains("every feature is checked: revision 1 kept no rows")
                .doesNotContain("revision " + id + " kept");
    }

    /**
     * A second import of a layer that is being imported waits for the first, and says so: a clerk
     * would otherwise take the silence for a hang.
     */
    @Test
    void anImportOfALayerBusyElsewhereSaysItWaits() throws Exception {
        Path file = onePlot("waited.geojson", "05-085-043-001", 82.6);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (java.sql.Connection holder = db.connect();
                java.sql.Statement st = holder.createStatement()) {
            st.execute("SELECT pg_advisory_lock(hashtext('adalmap.layer:cli-waited'))");
            java.util.concurrent.Future<Run> imported =
                    pool.submit(() -> run("import", "--layer", "cli-waited", "--file", file.toString()));
            boolean waiting = false;
            for (int i = 0; i < 600 && !waiting && !imported.isDone(); i++) {
                try (java.sql.ResultSet rs = st.executeQuery("""
                        SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""")) {
                    rs.next();
                    waiting = rs.getLong(1) > 0;
                }
                Thread.sleep(100);
            }
            assertThat(waiting).as("the import waits for the layer").isTrue();
            st.execute("SELECT pg_advisory_unlock(hashtext('adalmap.layer:cli-waited'))");
            Run run = imported.get(5, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.terminal())
                    .contains("layer cli-waited is being imported, published or rolled back elsewhere: waiting until"
                            + " that ends");
            assertThat(run.out()).contains("layer cli-waited, draft revision 1");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A database an earlier version left, with the schema behind this one: publishing and rolling
     * back first bring it up to date, as importing does, and then say what is wrong in words.
     */
    @Test
    void publishingIntoADatabaseBehindBringsItUpToDateFirst() {
        PgTarget behind = TestDatabases.fresh("command_line_behind");
        Run publish = run(behind, "publish", "--layer", "cli-behind", "--revision", "1");
        assertThat(publish.exit()).isEqualTo(2);
        assertThat(publish.err()).startsWith("error: ").doesNotContain("\tat ", "does not exist\n  Position");
        Run rollback = run(behind, "rollback", "--layer", "cli-behind");
        assertThat(rollback.exit()).isEqualTo(2);
        assertThat(rollback.err()).startsWith("error: ").doesNotContain("\tat ");
    }
}
