package kz.adalmap.importers.publish;

import static kz.adalmap.importers.publish.TestFiles.geojson;
import static kz.adalmap.importers.publish.TestFiles.plots;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import kz.adalmap.importers.profile.MappingProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ArcGIS File Geodatabases as GDAL writes them, with the field aliases ArcGIS keeps in a table's
 * field descriptors (the names a clerk sees in ArcGIS: «Адрес» for {@code MESTO}).
 */
class FileGeodatabaseIT {

    @TempDir
    static Path dir;

    private static PgTarget db;
    private static LayerImporter importer;

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabases.fresh("gdb");
        db.migrate();
        importer = LayerImporter.withGdal(64L * 1024 * 1024);
        Files.createDirectories(dir.resolve("work"));
    }

    /** Every problem these imports stored has its detail worded in Kazakh, Russian and English. */
    @AfterAll
    static void everyProblemIsWordedInEachLanguage() throws Exception {
        IssueDetails.assertWorded(db);
    }

    private static LayerImporter.Draft importFile(String layer, Path file, String profile, String sourceLayer)
            throws Exception {
        return importer.importFile(
                db,
                new LayerImporter.Request(
                        layer,
                        file,
                        MappingProfile.load(profile),
                        null,
                        null,
                        sourceLayer,
                        "editor",
                        null,
                        dir.resolve("work")));
    }

    /**
     * Three plots under the Latin field names of an office's geodatabase, each with the Russian alias
     * ArcGIS shows: {@code status} is what {@code SOST} holds.
     */
    private static List<TestFiles.Feature> latinPlots(int quarter, List<Object> status) {
        List<TestFiles.Feature> out = new ArrayList<>();
        int i = 0;
        for (TestFiles.Feature f : plots(3, quarter)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("NOMER_UCH", f.properties().get("kad_nomer"));
            p.put("SOST", status.get(i++));
            p.put("KAT_ZEM", "Земли населенных пунктов");
            p.put("S_UCH", 0.09);
            p.put("MESTO", "ул. Абая, " + i);
            p.put("TSEL", "ИЖС");
            out.add(new TestFiles.Feature(p, f.geometry()));
        }
        return out;
    }

    private static final Map<String, String> PLOT_ALIASES = Map.of(
            "NOMER_UCH", "Кадастровый номер",
            "SOST", "Статус",
            "KAT_ZEM", "Категория земель",
            "S_UCH", "Площадь, га",
            "MESTO", "Адрес",
            "TSEL", "Целевое назначение");

    @Test
    void fieldsAreReadByTheAliasesArcGisShows() throws Exception {
        Path gdb = gdb(
                "aliases", "uchastki", latinPlots(81, List.of("свободен", "предоставлен", "свободен")), PLOT_ALIASES);
        LayerImporter.Draft draft = importFile("gdb-aliases", gdb, "cadastre-export", null);
        assertThat(draft.accepted()).isEqualTo(3);
        assertThat(query("SELECT string_agg(concat_ws('|', cadastral_number, status, land_category, address,"
                        + " area_declared_ha, intended_purpose_ru), ' / ' ORDER BY source_row)"
                        + " FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("05-085-081-001|free|settlement|ул. Абая, 1|0.0900|ИЖС"
                        + " / 05-085-081-002|allocated|settlement|ул. Абая, 2|0.0900|ИЖС"
                        + " / 05-085-081-003|free|settlement|ул. Абая, 3|0.0900|ИЖС");
        assertThat(draft.issues())
                .noneMatch(i -> i.code().equals("default_used"))
                .anyMatch(i -> i.code().equals("field_recognised")
                        && i.message()
                                .equals("the field 'MESTO' is read as address: its alias «Адрес» is a name the"
                                        + " profile cadastre-export knows for it"))
                .anyMatch(i -> i.code().equals("field_recognised")
                        && i.message()
                                .equals("the field 'S_UCH' is read as area_declared_ha: its alias «Площадь, га»"
                                        + " begins with a name the profile knows for it"))
                // the fields no name fits are named as ArcGIS shows them
                .anyMatch(i -> i.code().equals("missing_field")
                        && i.message().contains("its fields are NOMER_UCH («Кадастровый номер»), SOST («Статус»)")
                        && !i.message().contains(" address"));
    }

    @Test
    void statusCodesUnderTheAliasStatusAreRejectedRowByRowNeverPublishedAsTheDefault() throws Exception {
        // a coded domain's codes without the domain (a class copied to another geodatabase)
        Path gdb = gdb("codes", "uchastki", latinPlots(82, List.of(1, 2, 4)), PLOT_ALIASES);
        LayerImporter.Draft draft = importFile("gdb-codes", gdb, "cadastre-export", null);
        assertThat(draft.accepted()).isZero();
        assertThat(draft.issues())
                .noneMatch(i -> i.code().equals("default_used"))
                .filteredOn(i -> i.code().equals("unknown_status"))
                .extracting(LayerImporter.Issue::row)
                .containsExactly(1L, 2L, 3L);
        // the words offered are words the import reads: each of them, written in a cell, is a status
        LayerImporter.Issue unknown = draft.issues().stream()
                .filter(i -> i.code().equals("unknown_status"))
                .findFirst()
                .orElseThrow();
        List<String> offered = new ArrayList<>();
        java.util.regex.Matcher word =
                java.util.regex.Pattern.compile("«([^»]+)»").matcher(unknown.message());
        while (word.find()) {
            offered.add(word.group(1));
        }
        assertThat(unknown.message()).doesNotContain("на рассмотрении заявки").contains("(in_application)");
        assertThat(String.valueOf(unknown.detail())).doesNotContain("на рассмотрении заявки");
        List<TestFiles.Feature> written = new ArrayList<>();
        List<TestFiles.Feature> some = plots(offered.size(), 84);
        for (int n = 0; n < offered.size(); n++) {
            written.add(some.get(n).with("status", offered.get(n)));
        }
        assertThat(importFile("gdb-offered", geojson(dir.resolve("offered.geojson"), written), "cadastre-export", null)
                        .accepted())
                .as("%s", offered)
                .isEqualTo(offered.size())
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void aCodeItsDomainDoesNotDescribeIsReadAsWrittenAndSaidOnItsRow() throws Exception {
        // ArcGIS keeps such a code: a domain is not enforced on loading or calculating a field
        List<TestFiles.Feature> features = new ArrayList<>();
        int n = 0;
        for (TestFiles.Feature f : plots(3, 83)) {
            Map<String, Object> p = new LinkedHashMap<>(f.properties());
            p.put("kategor", List.of(1, 1, 9).get(n));
            p.put("pravo", List.of("01", "03", "02").get(n++));
            features.add(new TestFiles.Feature(p, f.geometry()));
        }
        Path gpkg = dir.resolve("domains.gpkg");
        TestFiles.ogr2ogr(
                "-f",
                "GPKG",
                gpkg.toString(),
                geojson(dir.resolve("domains.geojson"), features).toString(),
                "-nln",
                "uchastki");
        for (String sql : List.of(
                "CREATE TABLE gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT,"
                        + " title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT,"
                        + " CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name))",
                "CREATE TABLE gpkg_data_column_constraints (constraint_name TEXT NOT NULL, constraint_type TEXT NOT"
                        + " NULL, value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive"
                        + " BOOLEAN, description TEXT, CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type,"
                        + " value))",
                "INSERT INTO gpkg_extensions VALUES ('gpkg_data_columns', NULL, 'gpkg_schema',"
                        + " 'http://www.geopackage.org/spec121/#extension_schema', 'read-write')",
                "INSERT INTO gpkg_extensions VALUES ('gpkg_data_column_constraints', NULL, 'gpkg_schema',"
                        + " 'http://www.geopackage.org/spec121/#extension_schema', 'read-write')",
                "INSERT INTO gpkg_data_columns (table_name, column_name, constraint_name) VALUES"
                        + " ('uchastki', 'kategor', 'dKategor'), ('uchastki', 'pravo', 'dPravo')",
                "INSERT INTO gpkg_data_column_constraints (constraint_name, constraint_type, value, description)"
                        + " VALUES ('dKategor', 'enum', '1', 'Земли населенных пунктов'),"
                        + " ('dKategor', 'enum', '2', 'Земли сельскохозяйственного назначения'),"
                        + " ('dPravo', 'enum', '01', 'Аренда'), ('dPravo', 'enum', '02', 'Частная собственность')")) {
            TestFiles.gdal("ogrinfo", gpkg.toString(), "-sql", sql);
        }
        Path gdb = dir.resolve("domains.gdb");
        TestFiles.ogr2ogr("-f", "OpenFileGDB", gdb.toString(), gpkg.toString());
        LayerImporter.Draft draft = importFile("gdb-domains", gdb, "cadastre-export", null);
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("row 2: the field 'pravo' holds '03', which its domain does not"
                                + " describe: read as written, and checked as any value"))
                .anyMatch(i -> Long.valueOf(2).equals(i.row())
                        && i.code().equals("unknown_right_type")
                        && i.message().contains("'03'"))
                .anyMatch(i -> Long.valueOf(3).equals(i.row())
                        && i.code().equals("unknown_land_category")
                        && i.message().contains("'9'"))
                .noneMatch(i -> i.code().startsWith("missing_land_category"));
        assertThat(query("SELECT string_agg(coalesce(right_type, '-'), ' ' ORDER BY source_row) FROM plot_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("temporary_paid_use -");
    }

    @Test
    void aGeodatabaseOfAnArchiveOfTwoIsReadByTheNameTheRefusalSuggests() throws Exception {
        // this year's export and last year's, each with its class uchastki
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String year : List.of("2025", "2026")) {
            Path gdb = gdb(
                    "plots_" + year,
                    "uchastki",
                    latinPlots(year.equals("2025") ? 85 : 86, List.of("свободен", "свободен", "свободен")),
                    PLOT_ALIASES);
            try (var files = Files.list(gdb)) {
                for (Path f : files.sorted().toList()) {
                    entries.put("plots_" + year + ".gdb/" + f.getFileName(), Files.readAllBytes(f));
                }
            }
        }
        Path zip = TestFiles.zipEntries(dir.resolve("two.zip"), entries);
        assertThatThrownBy(() -> importFile("gdb-two", zip, "cadastre-export", null))
                .hasMessageContaining("name the one to import");
        for (String named : List.of("plots_2026", "plots_2026.gdb")) {
            LayerImporter.Draft draft = importFile("gdb-two", zip, "cadastre-export", named);
            assertThat(query("SELECT string_agg(cadastral_number, ' ' ORDER BY source_row) FROM plot_snapshot"
                            + " WHERE layer_revision_id = " + draft.revisionId()))
                    .as(named)
                    .isEqualTo("05-085-086-001 05-085-086-002 05-085-086-003");
        }
    }

    @Test
    void tablesZippedWithoutTheirFolderAreRecordedAsTheArchiveNotAFolderItDoesNotHold() throws Exception {
        Path gdb =
                gdb("contents", "uchastki", latinPlots(88, List.of("свободен", "свободен", "свободен")), PLOT_ALIASES);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (var files = Files.list(gdb)) {
            for (Path f : files.sorted().toList()) {
                entries.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        LayerImporter.Draft draft = importFile(
                "gdb-contents", TestFiles.zipEntries(dir.resolve("contents.zip"), entries), "cadastre-export", null);
        assertThat(draft.accepted()).isEqualTo(3);
        assertThat(query("SELECT coalesce(source_file, '(none)') || ' ' || source_name FROM layer_revision WHERE id = "
                        + draft.revisionId()))
                .isEqualTo("(none) contents.zip");
    }

    /** A gas main and a power line near Oskemen under the Latin names of an office's geodatabase. */
    private static List<TestFiles.Feature> lines(Object gas, Object power) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("TIP", gas);
        g.put("NAIM", "Газопровод ул. Абая");
        g.put("ORG", "АО «КазТрансГаз Аймак»");
        g.put("D_MM", 110);
        g.put("NAPR", null);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("TIP", power);
        p.put("NAIM", "ВЛ-10 Ф-7");
        p.put("ORG", "АО «ВК РЭК»");
        p.put("D_MM", null);
        p.put("NAPR", 10);
        return List.of(
                new TestFiles.Feature(g, "{\"type\":\"LineString\",\"coordinates\":[[82.6,49.95],[82.601,49.951]]}"),
                new TestFiles.Feature(p, "{\"type\":\"LineString\",\"coordinates\":[[82.602,49.95],[82.603,49.951]]}"));
    }

    private static final Map<String, String> NETWORK_ALIASES = Map.of(
            "TIP", "Вид сети",
            "NAIM", "Наименование",
            "ORG", "Балансодержатель",
            "D_MM", "Диаметр, мм",
            "NAPR", "Напряжение, кВ");

    @Test
    void networksFieldsAreReadByTheirAliasesToo() throws Exception {
        Path gdb = gdb("seti", "seti", lines("Газопровод", "ЛЭП"), NETWORK_ALIASES);
        LayerImporter.Draft draft = importFile("gdb-seti", gdb, "networks", null);
        assertThat(draft.accepted()).isEqualTo(2);
        assertThat(query("SELECT string_agg(concat_ws('|', kind, name, operator_name, diameter_mm, voltage_kv), ' / '"
                        + " ORDER BY source_row) FROM network_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo(
                        "gas|Газопровод ул. Абая|АО «КазТрансГаз Аймак»|110" + " / power|ВЛ-10 Ф-7|АО «ВК РЭК»|10.00");
    }

    @Test
    void aFieldTypedAsANumberInOneClassAndAsTextInAnotherIsReadAsText() throws Exception {
        // the lines' kinds as codes (their domain lost: rejected, each on its row); the poles', digitised
        // by another hand, as words
        Path gdb = gdb("seti-opory", "seti", lines(1, 2), NETWORK_ALIASES);
        Map<String, Object> pole = new LinkedHashMap<>();
        pole.put("TIP", "ЛЭП");
        pole.put("NAIM", "Опора 1");
        Path poles = geojson(
                dir.resolve("opory.geojson"),
                List.of(new TestFiles.Feature(pole, "{\"type\":\"Point\",\"coordinates\":[82.604,49.95]}")));
        TestFiles.ogr2ogr("-f", "OpenFileGDB", "-update", gdb.toString(), poles.toString(), "-nln", "opory");
        LayerImporter.Draft draft = importFile("gdb-seti-opory", gdb, "networks", null);
        assertThat(draft.issues()).noneMatch(i -> i.message().contains("parsed incompletely"));
        assertThat(query("SELECT string_agg(kind || '|' || name, ' / ' ORDER BY source_row) FROM network_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("power|Опора 1");
        assertThat(draft.issues())
                .filteredOn(i -> i.severity().equals("rejected"))
                .extracting(LayerImporter.Issue::code)
                .containsExactly("unknown_kind", "unknown_kind");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("unknown_kind"))
                .extracting(i -> String.valueOf(i.detail().get("key")))
                .containsExactly("unknown_kind_domain_code", "unknown_kind_domain_code");
    }

    @Test
    void statusCodesUnderTheNameSostWithoutAnAliasAreNotPublishedAsTheDefault() throws Exception {
        Path gdb = gdb("codes-unaliased", "uchastki", latinPlots(87, List.of(1, 2, 4)), Map.of());
        LayerImporter.Draft draft = importFile("gdb-codes-unaliased", gdb, "cadastre-export", null);
        assertThat(draft.accepted()).isZero();
        assertThat(draft.issues())
                .noneMatch(i -> i.code().equals("default_used"))
                .filteredOn(i -> i.code().equals("unknown_status"))
                .extracting(LayerImporter.Issue::row)
                .containsExactly(1L, 2L, 3L);
        // a lone code is said to be one: the clerk looks for the domain, not for a word to type over 4
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("unknown_status"))
                .allSatisfy(i -> assertThat(i.message())
                        .contains("is not known: it is a number, as the codes of a coded-value domain (ArcGIS,"
                                + " GeoPackage) are, and the file may hold the codes without the domain that"
                                + " describes them")
                        .contains("export it with its domain, or correct the cell to one of the known words ("));
    }

    @Test
    void aDateIsTheDayTheGeodatabaseHoldsNotThatInstantInUtcOnKazakhTime() throws Exception {
        // ArcGIS keeps a Date field's value as typed, in local time without a zone; GDAL 3.6 hands it
        // over as a time in UTC (2026/03/14 19:30:00+00), which read as an instant is 15 March in Astana
        List<String> typed = List.of("2026-03-14T19:30:00", "2026-03-15T00:00:00", "2026-03-15T23:59:59");
        List<TestFiles.Feature> features = new ArrayList<>();
        int n = 0;
        for (TestFiles.Feature f : latinPlots(89, List.of("свободен", "свободен", "свободен"))) {
            features.add(f.with("DATA_AUK", typed.get(n++)));
        }
        Path gdb = gdb("dates", "uchastki", features, PLOT_ALIASES);
        LayerImporter.Draft draft = importFile("gdb-dates", gdb, "cadastre-export", null);
        assertThat(draft.accepted()).isEqualTo(3);
        assertThat(query("SELECT string_agg(auction_date::text, ' ' ORDER BY source_row) FROM plot_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("2026-03-14 2026-03-15 2026-03-15");
    }

    @Test
    void aClassIsChosenByTheAliasAndTheFeatureDatasetPathArcGisShows() throws Exception {
        // the catalog shows «Кадастр/Участки»: the feature class uchastki, aliased, in a feature dataset
        Path gdb = gdb("named", "old", latinPlots(90, List.of("свободен", "свободен", "свободен")), PLOT_ALIASES);
        TestFiles.ogr2ogr(
                "-f",
                "OpenFileGDB",
                "-update",
                gdb.toString(),
                geojson(dir.resolve("named-new.geojson"), latinPlots(91, List.of("свободен", "свободен", "свободен")))
                        .toString(),
                "-nln",
                "uchastki",
                "-lco",
                "FEATURE_DATASET=Кадастр",
                "-lco",
                "LAYER_ALIAS=Участки");
        for (String named : List.of("Кадастр/Участки", "Участки", "\\Кадастр\\uchastki", "Кадастр/uchastki")) {
            LayerImporter.Draft draft = importFile("gdb-named", gdb, "cadastre-export", named);
            assertThat(query("SELECT string_agg(cadastral_number, ' ' ORDER BY source_row) FROM plot_snapshot"
                            + " WHERE layer_revision_id = " + draft.revisionId()))
                    .as(named)
                    .isEqualTo("05-085-091-001 05-085-091-002 05-085-091-003");
            assertThat(query("SELECT source_layer FROM layer_revision WHERE id = " + draft.revisionId()))
                    .as(named)
                    .isEqualTo("uchastki");
        }
    }

    /** Runs the SQL and gives its first column of its first row. */
    static String query(String sql) throws SQLException {
        return TestDatabases.value(db, sql);
    }

    /**
     * A File Geodatabase {@code name}.gdb of one feature class {@code layer} holding {@code features},
     * written by GDAL, its fields then given {@code aliases} (field → alias) as ArcGIS keeps them.
     */
    static Path gdb(String name, String layer, List<TestFiles.Feature> features, Map<String, String> aliases)
            throws Exception {
        Path source = geojson(dir.resolve(name + ".geojson"), features);
        Path gdb = dir.resolve(name + ".gdb");
        TestFiles.ogr2ogr("-f", "OpenFileGDB", gdb.toString(), source.toString(), "-nln", layer);
        withAliases(gdb, aliases);
        return gdb;
    }

    /**
     * Writes {@code aliases} (field → alias) into the field descriptors of the geodatabase's tables,
     * where ArcGIS keeps a field's alias: after the field's name (its length in characters, then
     * UTF-16), the alias's length and the alias, where GDAL writes a length of 0. The table's header
     * grows by them: its size, the file's size and the offsets of the rows in the index (.gdbtablx)
     * after it follow.
     */
    static void withAliases(Path gdb, Map<String, String> aliases) throws IOException {
        List<Path> tables;
        try (var files = Files.list(gdb)) {
            tables = files.filter(f -> f.getFileName().toString().matches("a[0-9a-f]+\\.gdbtable"))
                    .sorted()
                    .toList();
        }
        for (Path table : tables) {
            byte[] b = Files.readAllBytes(table);
            ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            int offset = (int) in.getLong(32);
            int size = in.getInt(offset);
            // bytes as text, one character each, to find and replace in
            String header = new String(b, offset, 4 + size, StandardCharsets.ISO_8859_1);
            String changed = header;
            for (Map.Entry<String, String> e : aliases.entrySet()) {
                String without = described(e.getKey()) + "\0";
                if (changed.indexOf(without) >= 0 && changed.indexOf(without) == changed.lastIndexOf(without)) {
                    changed = changed.replace(without, described(e.getKey()) + described(e.getValue()));
                }
            }
            if (changed.equals(header)) {
                continue;
            }
            int grown = changed.length() - header.length();
            ByteBuffer out = ByteBuffer.allocate(b.length + grown).order(ByteOrder.LITTLE_ENDIAN);
            out.put(b, 0, offset);
            out.put(changed.getBytes(StandardCharsets.ISO_8859_1));
            out.put(b, offset + 4 + size, b.length - offset - 4 - size);
            out.putInt(offset, size + grown);
            out.putLong(24, out.capacity());
            Files.write(table, out.array());
            Path index = table.resolveSibling(table.getFileName().toString().replace(".gdbtable", ".gdbtablx"));
            ByteBuffer x = ByteBuffer.wrap(Files.readAllBytes(index)).order(ByteOrder.LITTLE_ENDIAN);
            int blocks = x.getInt(4);
            int width = x.getInt(12);
            for (int i = 0; i < blocks * 1024 && 16 + (i + 1) * width <= x.capacity(); i++) {
                int at = 16 + i * width;
                long value = 0;
                for (int k = width - 1; k >= 0; k--) {
                    value = (value << 8) | (x.get(at + k) & 0xff);
                }
                if (value > offset) {
                    value += grown;
                    for (int k = 0; k < width; k++) {
                        x.put(at + k, (byte) (value >>> (8 * k)));
                    }
                }
            }
            Files.write(index, x.array());
        }
    }

    /** A name as a geodatabase's field descriptor writes it: its length in characters, then UTF-16LE. */
    private static String described(String name) {
        return (char) name.length() + new String(name.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.ISO_8859_1);
    }
}
