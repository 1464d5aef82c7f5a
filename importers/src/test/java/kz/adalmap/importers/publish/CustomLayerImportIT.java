package kz.adalmap.importers.publish;

import static kz.adalmap.importers.publish.TestFiles.geojson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import kz.adalmap.importers.profile.MappingProfile;
import kz.adalmap.importers.source.BadSourceException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers that departments define as data go through the same pipeline as plots: a budget-objects
 * layer filled from GeoJSON and from a CP1251 Shapefile with Russian words, an accessibility layer of
 * one region filled from a CSV with WKT; every reason a feature is refused, re-import without changes,
 * a diff, publishing into {@code layer_feature} and rolling back.
 */
class CustomLayerImportIT {

    /** The migration that places the networks' and defined layers' features already published. */
    static final String V107 = "V107__network_and_defined_layer_features_counted_where_the_largest_share_lies.sql";

    @TempDir
    static Path dir;

    private static PgTarget db;
    private static LayerImporter importer;
    private static int eastKazakhstan;
    private static int northKazakhstan;

    /** Budget objects: points, known by their number in the programme. */
    private static final String BUDGET_SCHEMA = """
            [{"name": "object_no", "type": "integer", "required": true,
              "label_kk": "Объект нөмірі", "label_ru": "Номер объекта", "label_en": "Object number"},
             {"name": "name", "type": "text", "required": true,
              "label_kk": "Атауы", "label_ru": "Наименование", "label_en": "Name"},
             {"name": "amount", "type": "number", "required": false,
              "label_kk": "Сомасы", "label_ru": "Сумма", "label_en": "Amount"},
             {"name": "funded", "type": "boolean", "required": false,
              "label_kk": "Қаржыландырылды", "label_ru": "Профинансирован", "label_en": "Funded"},
             {"name": "start_date", "type": "date", "required": false,
              "label_kk": "Басталуы", "label_ru": "Начало", "label_en": "Start"},
             {"name": "status", "type": "enum", "required": true,
              "label_kk": "Күйі", "label_ru": "Статус", "label_en": "Status",
              "values": [{"value": "planned", "label_kk": "Жоспарланған", "label_ru": "Планируется", "label_en": "Planned"},
                         {"value": "building", "label_kk": "Салынуда", "label_ru": "Строится", "label_en": "Under construction"},
                         {"value": "done", "label_kk": "Аяқталды", "label_ru": "Завершён", "label_en": "Completed"}]}]
            """;

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabases.fresh("custom_layer_import");
        db.migrate();
        importer = LayerImporter.withGdal(64L * 1024 * 1024);
        Files.createDirectories(dir.resolve("work"));
        execute("""
                INSERT INTO region (kato_code, cadastral_code, name_kk, name_ru, name_en, geom) VALUES
                ('630000000', '05', 'Шығыс Қазақстан', 'Восточно-Казахстанская', 'East Kazakhstan',
                 ST_Multi(ST_MakeEnvelope(78, 47, 87, 51, 4326))),
                ('590000000', '15', 'Солтүстік Қазақстан', 'Северо-Казахстанская', 'North Kazakhstan',
                 ST_Multi(ST_MakeEnvelope(66, 53, 72, 55.5, 4326)))
                """);
        eastKazakhstan = Integer.parseInt(query("SELECT id FROM region WHERE kato_code = '630000000'"));
        northKazakhstan = Integer.parseInt(query("SELECT id FROM region WHERE kato_code = '590000000'"));
    }

    /** Every problem these imports stored has its detail worded in Kazakh, Russian and English. */
    @org.junit.jupiter.api.AfterAll
    static void everyProblemIsWordedInEachLanguage() throws Exception {
        IssueDetails.assertWorded(db);
    }

    private static void define(String code, String geometryType, String schema, String key, Integer region)
            throws SQLException {
        execute("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en, region_id, geometry_type,
                                   attribute_schema, key_attribute, style)
                VALUES ('%s', 'custom', '%1$s', '%1$s', '%1$s', %s, '%s', '%s'::jsonb, %s, '{"colour": "#2f6fdf"}')
                """.formatted(
                        code,
                        region == null ? "NULL" : region,
                        geometryType,
                        schema.replace("'", "''"),
                        key == null ? "NULL" : "'" + key + "'"));
    }

    private static LayerImporter.Draft importInto(String layer, Path file, Set<Integer> editorRegions)
            throws Exception {
        return importer.importFile(
                db,
                new LayerImporter.Request(
                        layer, file, null, null, null, null, "editor", editorRegions, dir.resolve("work")));
    }

    /** A budget object at Astana, {@code i} hundredths of a degree east. */
    private static TestFiles.Feature object(int i, String number, String name, String amount, String status) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Object_No", number);
        p.put("Наименование", name);
        p.put("Amount", amount);
        p.put("funded", i % 2 == 0 ? "да" : "0");
        p.put("START_DATE", i % 2 == 0 ? "01.12.2026" : "2027-03-15");
        p.put("Status", status);
        p.put("note", "примечание " + i);
        return new TestFiles.Feature(p, point(71.40 + i * 0.01, 51.15));
    }

    private static String point(double lon, double lat) {
        return String.format(Locale.ROOT, "{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}", lon, lat);
    }

    @Test
    void aFileIsTypedDiffedPublishedAndRolledBack() throws Exception {
        define("budget-astana", "point", BUDGET_SCHEMA, "object_no", null);
        List<TestFiles.Feature> objects = new ArrayList<>(List.of(
                object(0, "101", "Школа №5", "1 234 567,89", "Строится"),
                object(1, "102", "Детский сад", "800000", "planned"),
                object(2, "103", "Поликлиника", null, "COMPLETED")));
        Path v1 = geojson(dir.resolve("budget-v1.geojson"), objects);
        LayerImporter.Draft first = importInto("budget-astana", v1, null);
        assertThat(first.issues()).isEmpty();
        assertThat(first.accepted()).isEqualTo(3);
        assertThat(first.diff()).isEqualTo(new LayerImporter.Diff(3, 0, 0, 0));
        assertThat(query("SELECT attributes::text || ' ' || extra::text FROM layer_feature_snapshot"
                        + " WHERE layer_revision_id = " + first.revisionId() + " AND source_row = 1"))
                .isEqualTo(
                        "{\"name\": \"Школа №5\", \"amount\": 1234567.89, \"funded\": true, \"status\":"
                                + " \"building\", \"object_no\": 101, \"start_date\": \"2026-12-01\"} {\"note\": \"примечание 0\"}");
        assertThat(query("SELECT string_agg(feature_key || '=' || (attributes->>'status') || '/'"
                        + " || (attributes->>'funded') || '/' || (attributes->>'start_date'), ' ' ORDER BY source_row)"
                        + " FROM layer_feature_snapshot WHERE layer_revision_id = " + first.revisionId()))
                .isEqualTo("101=building/true/2026-12-01 102=planned/false/2027-03-15 103=done/true/2026-12-01");

        importer.publish(db, "budget-astana", first.revisionNumber(), "editor", null);
        assertThat(features("budget-astana")).isEqualTo("101:1234567.89 102:800000 103:-");
        String schoolId = query("SELECT id FROM layer_feature WHERE feature_key = '101'");

        // the same file again: nothing changed
        assertThat(importInto("budget-astana", v1, null).diff()).isEqualTo(new LayerImporter.Diff(0, 0, 0, 3));

        // the kindergarten costs more, the clinic is gone, a road is added
        objects.set(1, object(1, "102", "Детский сад", "950000", "planned"));
        objects.remove(2);
        objects.add(object(3, "104", "Дорога", "12,5", "Планируется"));
        LayerImporter.Draft second =
                importInto("budget-astana", geojson(dir.resolve("budget-v2.geojson"), objects), null);
        assertThat(second.diff()).isEqualTo(new LayerImporter.Diff(1, 1, 1, 1));
        assertThat(importer.changes(db, "budget-astana", second.revisionNumber(), "editor"))
                .extracting(c -> c[0] + " " + c[1])
                .containsExactly("changed 102", "removed 103", "added 104");
        importer.publish(db, "budget-astana", second.revisionNumber(), "editor", null);
        assertThat(features("budget-astana")).isEqualTo("101:1234567.89 102:950000 104:12.5");
        assertThat(query("SELECT id FROM layer_feature WHERE feature_key = '101'"))
                .as("an unchanged feature keeps its id")
                .isEqualTo(schoolId);

        importer.rollback(db, "budget-astana", "editor", null);
        assertThat(features("budget-astana")).isEqualTo("101:1234567.89 102:800000 103:-");
        assertThat(query("SELECT string_agg(action, ' ' ORDER BY id) FROM audit_log WHERE entity_id = 'budget-astana'"))
                .isEqualTo(
                        "layer.import layer.publish layer.import layer.import layer.diff layer.publish layer.rollback");

        // the next file spoils the kindergarten's amount: its row is rejected, its public object stays
        List<TestFiles.Feature> spoilt = new ArrayList<>(List.of(
                object(0, "101", "Школа №5", "1 300 000", "Строится"),
                object(1, "102", "Детский сад", "800 тыс", "planned"),
                object(2, "103", "Поликлиника", null, "COMPLETED")));
        LayerImporter.Draft third =
                importInto("budget-astana", geojson(dir.resolve("budget-v3.geojson"), spoilt), null);
        assertThat(third.rejected()).isEqualTo(1);
        assertThat(third.diff()).isEqualTo(new LayerImporter.Diff(0, 1, 0, 2));
        assertThat(third.issues())
                .anyMatch(i -> Long.valueOf(2).equals(i.row())
                        && i.code().equals("kept_published")
                        && i.message()
                                .equals("the public object 102 keeps its published version until the row is"
                                        + " corrected"));
        importer.publish(db, "budget-astana", third.revisionNumber(), "editor", null);
        assertThat(features("budget-astana")).isEqualTo("101:1300000 102:800000 103:-");
    }

    /** Everything an import into a defined layer could change, as text. */
    private static String customState() throws SQLException {
        return query("""
                SELECT (SELECT count(*) FROM layer) || ' layers, '
                    || (SELECT count(*) FROM layer_revision) || ' revisions, '
                    || (SELECT count(*) FROM layer_feature_snapshot) || ' snapshot rows, '
                    || (SELECT count(*) FROM import_issue) || ' issues, '
                    || (SELECT count(*) FROM audit_log) || ' audit entries, '
                    || (SELECT count(*) FROM information_schema.tables WHERE table_schema = 'staging')
                    || ' staging tables; public: ' || coalesce((SELECT md5(string_agg(concat_ws('|', id, feature_key,
                       attributes::text, ST_AsText(geom)), ';' ORDER BY id)) FROM layer_feature), 'none')
                """);
    }

    /** Adds {@code features} to the GeoPackage {@code gpkg} (made when missing) as the layer {@code layer}. */
    private static Path withLayer(Path gpkg, String layer, List<TestFiles.Feature> features) throws Exception {
        Path geojson = geojson(dir.resolve("layers/" + layer + ".geojson"), features);
        TestFiles.ogr2ogr(
                Files.exists(gpkg) ? "-update" : "-overwrite",
                "-f",
                "GPKG",
                "-nln",
                layer,
                gpkg.toString(),
                geojson.toString());
        return gpkg;
    }

    @Test
    void aGeoPackageOfTwoLayersOfTheDefinedGeometryIsRefusedUntilOneIsNamed() throws Exception {
        define("budget-layers", "point", BUDGET_SCHEMA, "object_no", null);
        LayerImporter.Draft first = importInto(
                "budget-layers",
                geojson(dir.resolve("layers/v1.geojson"), List.of(object(0, "201", "Школа", "100", "planned"))),
                null);
        importer.publish(db, "budget-layers", first.revisionNumber(), "editor", null);
        // the districts' outlines first, then last year's objects and this year's: which points are
        // meant cannot be told from their order
        String district = "{\"type\":\"Polygon\",\"coordinates\":[[[71.3,51.1],[71.5,51.1],[71.5,51.2],[71.3,51.2],"
                + "[71.3,51.1]]]}";
        Path gpkg = withLayer(
                dir.resolve("layers/budget.gpkg"),
                "rayony",
                List.of(new TestFiles.Feature(new LinkedHashMap<>(Map.of("name", "Есиль")), district)));
        withLayer(gpkg, "obekty_2025", List.of(object(0, "201", "Школа", "100", "planned")));
        withLayer(
                gpkg,
                "obekty",
                List.of(object(0, "201", "Школа", "150", "building"), object(1, "202", "Парк", "90", "planned")));
        String before = customState();
        assertThatThrownBy(() -> importInto("budget-layers", gpkg, null))
                .isInstanceOf(BadSourceException.class)
                .hasMessage("the file holds 2 layers of points with features (obekty_2025, obekty); name the one to"
                        + " import as the layer in the file (e.g. obekty_2025), or send one layer at a time")
                .extracting(e -> ((BadSourceException) e).problem())
                .isEqualTo(kz.adalmap.importers.source.SourceProblem.SEVERAL_DATASETS);
        assertThat(customState())
                .as("nothing written, the public layer as it was")
                .isEqualTo(before);
        LayerImporter.Draft named = importer.importFile(
                db,
                new LayerImporter.Request(
                        "budget-layers", gpkg, null, null, null, "obekty", "editor", null, dir.resolve("work")));
        assertThat(named.diff()).isEqualTo(new LayerImporter.Diff(1, 1, 0, 0));

        // the outlines beside one layer of points: the points are the layer's, and are read
        Path one = withLayer(
                dir.resolve("layers/one.gpkg"),
                "rayony",
                List.of(new TestFiles.Feature(new LinkedHashMap<>(Map.of("name", "Есиль")), district)));
        withLayer(one, "obekty", List.of(object(0, "201", "Школа", "150", "building")));
        LayerImporter.Draft read = importInto("budget-layers", one, null);
        assertThat(read.rejected()).as(read.issues().toString()).isZero();
        assertThat(read.diff()).isEqualTo(new LayerImporter.Diff(0, 1, 0, 0));
        assertThat(read.issues())
                .anyMatch(i -> i.message()
                        .equals("the file holds 2 layers (obekty, rayony); obekty, the one with features the"
                                + " layer's geometry fits, was imported: name another as the source layer to import"
                                + " it"));
    }

    @Test
    void aZipOfShapefilesOfWhichOneHoldsTheDefinedGeometryImportsThatOne() throws Exception {
        define("budget-zip", "point", BUDGET_SCHEMA, "object_no", null);
        // ArcMap's export of a map: the districts' outlines beside the objects' points
        String district = "{\"type\":\"Polygon\",\"coordinates\":[[[71.3,51.1],[71.5,51.1],[71.5,51.2],[71.3,51.2],"
                + "[71.3,51.1]]]}";
        Path outlines = TestFiles.convert(
                geojson(
                        dir.resolve("zip/src/rayony.geojson"),
                        List.of(new TestFiles.Feature(new LinkedHashMap<>(Map.of("name", "Есиль")), district))),
                dir.resolve("zip/rayony.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=UTF-8");
        Path objects = TestFiles.convert(
                geojson(
                        dir.resolve("zip/src/obekty.geojson"),
                        List.of(object(0, "301", "Школа", "100", "planned"), object(1, "302", "Парк", "90", "done"))),
                dir.resolve("zip/obekty.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=UTF-8");
        List<Path> parts = new ArrayList<>(TestFiles.shapefileParts(outlines));
        parts.addAll(TestFiles.shapefileParts(objects));
        Path zip = TestFiles.zip(dir.resolve("zip/export.zip"), parts);
        LayerImporter.Draft draft = importInto("budget-zip", zip, null);
        assertThat(draft.rejected()).as(draft.issues().toString()).isZero();
        assertThat(draft.diff()).isEqualTo(new LayerImporter.Diff(2, 0, 0, 0));
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("the archive holds 2 .shp files (obekty.shp, rayony.shp); obekty.shp, the only one"
                                + " with features the layer's geometry fits, was imported: name another as the layer"
                                + " in the file to import it"));

        // two of points: which is meant cannot be told
        Path more = TestFiles.convert(
                geojson(
                        dir.resolve("zip/src/obekty_2025.geojson"),
                        List.of(object(0, "301", "Школа", "100", "planned"))),
                dir.resolve("zip/obekty_2025.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=UTF-8");
        parts.addAll(TestFiles.shapefileParts(more));
        Path two = TestFiles.zip(dir.resolve("zip/two.zip"), parts);
        assertThatThrownBy(() -> importInto("budget-zip", two, null))
                .isInstanceOf(BadSourceException.class)
                .hasMessageStartingWith("the archive holds 3 .shp files (obekty.shp, obekty_2025.shp, rayony.shp);"
                        + " name the one to import as the layer in the file (e.g. obekty)");
        // outlines alone are not the layer's, and that is said
        Path noneTwo = TestFiles.zip(dir.resolve("zip/none-two.zip"), twoOutlines(outlines));
        assertThatThrownBy(() -> importInto("budget-zip", noneTwo, null))
                .isInstanceOf(BadSourceException.class)
                .hasMessage("the archive holds 2 .shp files (rayony.shp, rayony2.shp), none of points; the layer is"
                        + " defined as a layer of points");
    }

    /** The parts of Shapefile {@code shp} and a copy of them under another name. */
    private static List<Path> twoOutlines(Path shp) throws Exception {
        List<Path> parts = new ArrayList<>(TestFiles.shapefileParts(shp));
        Files.createDirectories(shp.resolveSibling("copy"));
        for (Path part : TestFiles.shapefileParts(shp)) {
            String name = part.getFileName().toString().replaceFirst("^rayony\\.", "rayony2.");
            parts.add(Files.copy(part, part.resolveSibling("copy").resolve(name)));
        }
        return parts;
    }

    @Test
    void aCommaBeforeThreeDigitsIsReadAsTheAttributesOtherValuesUseIt() throws Exception {
        // 1,200 is 1200 beside 2,345,000; beside no other comma it may be 1.2 too, and is refused
        define("budget-commas", "point", BUDGET_SCHEMA, "object_no", null);
        LayerImporter.Draft grouped = importInto(
                "budget-commas",
                geojson(
                        dir.resolve("budget-commas.geojson"),
                        List.of(
                                object(0, "1", "Школа", "1,200", "planned"),
                                object(1, "2", "Сад", "2,345,000", "planned"))),
                null);
        assertThat(grouped.issues()).isEmpty();
        assertThat(query("SELECT string_agg(attributes ->> 'amount', ' ' ORDER BY source_row)"
                        + " FROM layer_feature_snapshot WHERE layer_revision_id = " + grouped.revisionId()))
                .isEqualTo("1200 2345000");

        define("budget-commas-untold", "point", BUDGET_SCHEMA, "object_no", null);
        LayerImporter.Draft untold = importInto(
                "budget-commas-untold",
                geojson(
                        dir.resolve("budget-commas-untold.geojson"),
                        List.of(
                                object(0, "1", "Школа", "1,200", "planned"),
                                object(1, "2", "Сад", "800000", "planned"))),
                null);
        assertThat(untold.rejected()).isEqualTo(1);
        assertThat(untold.issues())
                .extracting(i -> i.row() + " " + i.message())
                .containsExactly("1 the attribute amount (Amount): '1,200' may be read two ways: the comma may"
                        + " separate thousands or mark the decimals, and the attribute's other values do not tell"
                        + " which: write the number without thousands separators");
    }

    @Test
    void everyFeatureRefusedSaysItsRowAndReason() throws Exception {
        define("budget-checks", "point", BUDGET_SCHEMA, "object_no", null);
        List<TestFiles.Feature> rows = new ArrayList<>();
        rows.add(object(0, "1", "Хороший", "10.5", "Строится"));
        rows.add(object(1, "2", "Площадь", "1", "planned").withGeometry(TestFiles.polygon(71.4, 51.1, 71.41, 51.11)));
        rows.add(object(2, "3", null, "1", "planned"));
        rows.add(object(3, "4а", "Номер с буквой", "1", "planned"));
        rows.add(object(4, "5", "Сумма словами", "много", "planned"));
        rows.add(object(5, "6", "Да или нет", "1", "planned").with("funded", "возможно"));
        rows.add(object(6, "7", "Дата", "1", "planned").with("START_DATE", "31.02.2026"));
        rows.add(object(7, "8", "Статус", "1", "снесён"));
        rows.add(object(8, "1", "Повтор номера", "1", "planned"));
        rows.add(object(9, "10", "Не в Казахстане", "1", "planned").withGeometry(point(10, 10)));
        rows.add(object(10, "11", "Без статуса", "1", null));
        LayerImporter.Draft draft = importInto("budget-checks", geojson(dir.resolve("checks.geojson"), rows), null);
        assertThat(draft.accepted()).isEqualTo(1);
        assertThat(draft.issues())
                .as("the type in words of each language, not PostGIS's name")
                .anyMatch(i -> i.code().equals("wrong_geometry_type")
                        && i.message().matches("the geometry is (a|several) [a-z]+; the layer holds points"));
        assertThat(draft.issues())
                .extracting(i -> i.row() + " " + i.severity() + " " + i.code())
                .containsExactly(
                        "2 rejected wrong_geometry_type",
                        "3 rejected missing_value",
                        "4 rejected bad_value",
                        "5 rejected bad_value",
                        "6 rejected bad_value",
                        "7 rejected bad_value",
                        "8 rejected unknown_value",
                        "9 rejected duplicate_key",
                        "10 rejected outside_kazakhstan",
                        "11 rejected missing_value");
        assertThat(draft.issues())
                .extracting(LayerImporter.Issue::message)
                .containsExactly(
                        "the geometry is a polygon; the layer holds points",
                        "the required attribute name (Name) has no value",
                        "the attribute object_no (Object number): '4а' is not a whole number",
                        "the attribute amount (Amount): 'много' is not a number (write 1234.5 or 1234,5)",
                        "the attribute funded (Funded): 'возможно' is not yes or no (true/false, 1/0,"
                                + " да/нет, иә/жоқ, yes/no)",
                        "the attribute start_date (Start): '31.02.2026' is not a date (2026-12-01 or 01.12.2026)",
                        "the attribute status (Status): 'снесён' is not one of the allowed values (Planned,"
                                + " Under construction, Completed)",
                        "the key object_no '1' is already the key of row 1",
                        "the feature lies outside Kazakhstan (longitude 10.00000, latitude 10.00000): check the"
                                + " coordinate system of the file",
                        "the required attribute status (Status) has no value");

        // a CSV file's features are its lines, and name one another so
        String csv = "object_no;name;amount;status;WKT\n"
                + "1;Школа;10.5;planned;POINT (71.4 51.1)\n"
                + "1;Сад;1;planned;POINT (71.41 51.11)\n"
                + "3;Сквер;1;planned;POINT (71.4 51.1)\n";
        Path table = Files.writeString(dir.resolve("budget-checks.csv"), csv);
        // a layer keyed by its object numbers, and one without a key: a feature drawn twice
        String[][] cases = {
            {"budget-checks-csv", "object_no", "duplicate_key", "the key object_no '1' is already the key of line 2"},
            {"budget-unkeyed-csv", null, "duplicate_geometry", "the same feature as line 2 (identical geometry)"}
        };
        for (String[] c : cases) {
            define(c[0], "point", BUDGET_SCHEMA, c[1], null);
            assertThat(importInto(c[0], table, null).issues())
                    .filteredOn(i -> i.code().equals(c[2]))
                    .singleElement()
                    .satisfies(i -> {
                        assertThat(i.detail().get("key"))
                                .isEqualTo(c[1] == null ? "duplicate_feature_csv" : "duplicate_key_csv");
                        assertThat(i.message()).isEqualTo(c[3]);
                    });
        }
    }

    @Test
    void aLineOfARegionsLayerIsItsWhenItRunsThroughTheRegion() throws Exception {
        define("lines-vko", "line", """
                [{"name": "name", "type": "text", "required": true,
                  "label_kk": "Атауы", "label_ru": "Название", "label_en": "Name"}]
                """, "name", eastKazakhstan);
        Path csv = dir.resolve("lines.csv");
        Files.writeString(
                csv,
                String.join(
                        "\r\n",
                        "WKT,Название",
                        // from the region out of it: its middle vertex lies outside
                        "\"LINESTRING (82.6 50.9, 82.0 51.5, 81.0 51.6)\",Из области",
                        // wholly outside it
                        "\"LINESTRING (80.0 52.0, 80.5 52.2)\",За областью",
                        ""),
                StandardCharsets.UTF_8);
        LayerImporter.Draft draft = importInto("lines-vko", csv, Set.of(eastKazakhstan));
        assertThat(draft.issues())
                .extracting(i -> i.row() + " " + i.severity() + " " + i.code() + " " + i.message())
                .containsExactly(
                        // the middle of the two lines lies north of the region, as a file one zone off would
                        "null warning placement the file's features lie outside every region, around longitude"
                                + " 81.025, latitude 51.675, but the layer belongs to East Kazakhstan: if the file is"
                                + " this layer's, its coordinate system is wrong (a UTM or Gauss–Krüger zone one off"
                                + " moves features some 400 km); check its .prj, or pass the right one",
                        "2 rejected outside_region the feature lies outside the layer's region (East Kazakhstan): the"
                                + " file's coordinate system may be one zone off (see the file's placement warning),"
                                + " so check its .prj or pass the right one; if the feature is truly there, it is not"
                                + " this layer's");
        assertThat(draft.accepted()).isEqualTo(1);
    }

    @Test
    void aRegionsLayerFromACsvWithWktTakesOnlyItsRegionsFeatures() throws Exception {
        define("ramps-vko", "polygon", """
                [{"name": "passport_no", "type": "text", "required": true,
                  "label_kk": "Паспорт нөмірі", "label_ru": "Номер паспорта", "label_en": "Passport number"},
                 {"name": "access", "type": "enum", "required": false,
                  "label_kk": "Қолжетімділік", "label_ru": "Доступность", "label_en": "Access",
                  "values": [{"value": "full", "label_kk": "Толық", "label_ru": "Полностью", "label_en": "Full"},
                             {"value": "none", "label_kk": "Жоқ", "label_ru": "Недоступен", "label_en": "None"}]}]
                """, "passport_no", eastKazakhstan);
        Path csv = dir.resolve("ramps.csv");
        Files.writeString(
                csv,
                String.join(
                        "\r\n",
                        "WKT,Номер паспорта,Доступность,Адрес",
                        "\"POLYGON ((82.60 49.95, 82.61 49.95, 82.61 49.96, 82.60 49.96, 82.60 49.95))\",П-1,полностью,ул. Абая 1",
                        // a bow tie: repairing it would make up its area
                        "\"POLYGON ((82.60 49.97, 82.61 49.98, 82.61 49.97, 82.60 49.98, 82.60 49.97))\",П-2,Недоступен,",
                        // a spike out of the top edge and back: repaired without changing the area
                        "\"POLYGON ((82.62 49.95, 82.64 49.95, 82.64 49.97, 82.63 49.97, 82.63 49.98, 82.63 49.97,"
                                + " 82.62 49.97, 82.62 49.95))\",П-3,none,",
                        "\"POLYGON ((71.40 51.10, 71.41 51.10, 71.41 51.11, 71.40 51.11, 71.40 51.10))\",П-4,,Астана",
                        ""),
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> importInto("ramps-vko", csv, Set.of(northKazakhstan)))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("belongs to another region");
        LayerImporter.Draft draft = importInto("ramps-vko", csv, Set.of(eastKazakhstan));
        assertThat(draft.issues())
                .extracting(i -> i.row() + " " + i.severity() + " " + i.code())
                .containsExactly(
                        "2 rejected invalid_geometry", "3 repaired invalid_geometry", "4 rejected outside_region");
        assertThat(draft.issues().get(2).message())
                .isEqualTo("the feature lies outside the layer's region (East Kazakhstan)");
        importer.publish(db, "ramps-vko", draft.revisionNumber(), "editor", null);
        assertThat(query("""
                        SELECT string_agg(feature_key || ' ' || coalesce(attributes->>'access', '-') || ' '
                                          || coalesce(extra->>'Адрес', '-') || ' ' || round(ST_Area(geom)::numeric, 4)
                                          || ' ' || (region_id = %d), '; ' ORDER BY feature_key)
                        FROM layer_feature WHERE layer_id = (SELECT id FROM layer WHERE code = 'ramps-vko')
                        """.formatted(eastKazakhstan)))
                .isEqualTo("П-1 full ул. Абая 1 0.0001 true; П-3 none - 0.0004 true");
    }

    /**
     * A defined layer's feature is counted in the region holding the largest share of it: a polygon
     * across the border, 72 % of it in East Kazakhstan and a point on its surface in Abai, is
     * East Kazakhstan's; V107 counts the features published before so too.
     */
    @Test
    void aPolygonIsCountedInTheRegionOfTheLargestShareOfItsArea() throws Exception {
        PgTarget places = TestDatabases.fresh("custom_layer_places");
        places.migrate();
        try (Connection c = places.connect();
                Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO region (kato_code, cadastral_code, name_kk, name_ru, name_en, geom) VALUES
                    ('100000000', '23', 'Абай', 'Абай', 'Abai', ST_Multi(ST_MakeEnvelope(76, 46, 82, 50, 4326))),
                    ('630000000', '05', 'Шығыс Қазақстан', 'Восточно-Казахстанская', 'East Kazakhstan',
                     ST_Multi(ST_MakeEnvelope(82, 46, 87, 51, 4326)));
                    INSERT INTO layer (code, kind, title_kk, title_ru, title_en, geometry_type, attribute_schema,
                                       key_attribute, style)
                    VALUES ('parks-places', 'custom', 'Саябақтар', 'Парки', 'Parks', 'polygon',
                            '[{"name": "passport_no", "type": "text", "required": true}]', 'passport_no',
                            '{"colour": "#2f6fdf"}')""");
        }
        // П-1: a "C" open to the east in East Kazakhstan, its tongue reaching west across 82° E into
        // Abai along its middle line, where its point on surface lies; П-2 wholly in Abai
        Path csv = dir.resolve("parks-places.csv");
        Files.writeString(
                csv,
                String.join(
                        "\r\n",
                        "WKT,passport_no",
                        "\"POLYGON ((81.996 47.9995, 82.0 47.9995, 82.0 47.997, 82.002 47.997, 82.002 47.9995,"
                                + " 82.0005 47.9995, 82.0005 48.0005, 82.002 48.0005, 82.002 48.003, 82.0 48.003,"
                                + " 82.0 48.0005, 81.996 48.0005, 81.996 47.9995))\",П-1",
                        "\"POLYGON ((80 48, 80.01 48, 80.01 48.01, 80 48.01, 80 48))\",П-2",
                        ""),
                StandardCharsets.UTF_8);
        LayerImporter.Draft draft = importer.importFile(
                places,
                new LayerImporter.Request(
                        "parks-places", csv, null, null, null, null, "editor", null, dir.resolve("work")));
        assertThat(draft.accepted()).isEqualTo(2);
        importer.publish(places, "parks-places", draft.revisionNumber(), "editor", null);
        String counted = """
                SELECT string_agg(f.feature_key || ' ' || coalesce(r.name_en, '-'), ', ' ORDER BY f.feature_key)
                FROM layer_feature f LEFT JOIN region r ON r.id = f.region_id""";
        String expected = "П-1 East Kazakhstan, П-2 Abai";
        assertThat(TestDatabases.value(places, counted)).isEqualTo(expected);

        // as the features were placed before: by a point on their surface
        TestDatabases.execute(places, """
                UPDATE layer_feature f SET region_id = (SELECT r.id FROM region r
                                                        WHERE ST_Intersects(r.geom, ST_PointOnSurface(f.geom)) LIMIT 1)""");
        assertThat(TestDatabases.value(places, counted)).as("the old rule").isEqualTo("П-1 Abai, П-2 Abai");
        TestDatabases.execute(places, TestDatabases.migration(V107));
        assertThat(TestDatabases.value(places, counted)).isEqualTo(expected);
    }

    @Test
    void aPolygonWhoseHoleIsListedFirstIsRepairedNotRefused() throws Exception {
        // a park of 0.01° with a pond of 0.002° in it, the pond's ring listed first (as converters
        // write a Shapefile's outline drawn counter-clockwise): its repair keeps its area exactly
        define("parks-vko", "polygon", """
                [{"name": "passport_no", "type": "text", "required": true,
                  "label_kk": "Паспорт нөмірі", "label_ru": "Номер паспорта", "label_en": "Passport number"}]
                """, "passport_no", null);
        Path csv = dir.resolve("parks.csv");
        Files.writeString(
                csv,
                String.join(
                        "\r\n",
                        "WKT,Номер паспорта",
                        "\"POLYGON ((82.604 49.954, 82.606 49.954, 82.606 49.956, 82.604 49.956, 82.604 49.954),"
                                + " (82.60 49.95, 82.61 49.95, 82.61 49.96, 82.60 49.96, 82.60 49.95))\",П-1",
                        ""),
                StandardCharsets.UTF_8);
        LayerImporter.Draft draft = importInto("parks-vko", csv, null);
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null)
                .extracting(i -> i.row() + " " + i.severity() + " " + i.message())
                .singleElement()
                .asString()
                .matches("1 repaired the geometry was invalid \\(a ring listed as a hole encloses the outline \\(the"
                        + " two swapped\\?\\) at .*\\) and was repaired");
        assertThat(query(
                        "SELECT round(ST_Area(geom)::numeric, 6) FROM layer_feature_snapshot WHERE layer_revision_id = "
                                + draft.revisionId()))
                .isEqualTo("0.000096");
    }

    @Test
    void aNotchDrawnAsAHoleOnTheOutlineIsReadAsANotch() throws Exception {
        // a building's footprint with a notch cut as CAD and MapInfo users cut one: a hole whose side
        // lies on the outline's. GEOS's default repair kept the outline whole and dropped the hole,
        // a 4 % change, and the feature was refused; 1, the notch in the middle of the bottom side,
        // 2, in the corner, sharing two sides
        define("footprints-vko", "polygon", """
                [{"name": "passport_no", "type": "text", "required": true,
                  "label_kk": "Паспорт нөмірі", "label_ru": "Номер паспорта", "label_en": "Passport number"}]
                """, "passport_no", null);
        Path csv = dir.resolve("footprints.csv");
        Files.writeString(
                csv,
                String.join(
                        "\r\n",
                        "WKT,Номер паспорта",
                        "\"POLYGON ((82.600 49.98, 82.600 49.9805, 82.601 49.9805, 82.601 49.98, 82.600 49.98),"
                                + " (82.6004 49.98, 82.6006 49.98, 82.6006 49.9801, 82.6004 49.9801, 82.6004 49.98))\",Б-1",
                        "\"POLYGON ((82.602 49.98, 82.602 49.9805, 82.603 49.9805, 82.603 49.98, 82.602 49.98),"
                                + " (82.602 49.98, 82.6022 49.98, 82.6022 49.9801, 82.602 49.9801, 82.602 49.98))\",Б-2",
                        ""),
                StandardCharsets.UTF_8);
        LayerImporter.Draft draft = importInto("footprints-vko", csv, null);
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null)
                .extracting(i -> i.row() + " " + i.severity() + " " + i.code())
                .containsExactly("1 repaired invalid_geometry", "2 repaired invalid_geometry");
        // the notched outline, one ring, 96 % of the square, valid as the API serves it
        assertThat(query("SELECT string_agg(ST_NumInteriorRings(ST_GeometryN(geom, 1)) || ' '"
                        + " || round((ST_Area(geom) / 0.0000005)::numeric, 4) || ' '"
                        + " || ST_IsValid(ST_GeomFromGeoJSON(ST_AsGeoJSON(geom, 7))), ', ' ORDER BY feature_key)"
                        + " FROM layer_feature_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("0 0.9600 true, 0 0.9600 true");
    }

    @Test
    void aNotchValidInDegreesOnlyIsCheckedAndRepairedInTheFilesMetres() throws Exception {
        // the same notches drawn in UTM 44N metres: once the metres were degrees, the outline's side
        // bent by nanodegrees away from the hole's, and the footprints were published unsaid with
        // their holes on their outlines, invalid in the file's metres and as the API serves them
        define("footprints-utm", "polygon", """
                [{"name": "passport_no", "type": "text", "required": true,
                  "label_kk": "Паспорт нөмірі", "label_ru": "Номер паспорта", "label_en": "Passport number"}]
                """, "passport_no", null);
        Path csv = dir.resolve("footprints-utm.csv");
        Files.writeString(
                csv,
                String.join(
                        "\r\n",
                        "WKT,Номер паспорта",
                        "\"POLYGON ((615000 5537000, 615000 5537050, 615050 5537050, 615050 5537000, 615000 5537000),"
                                + " (615020 5537000, 615030 5537000, 615030 5537010, 615020 5537010, 615020 5537000))\",Б-1",
                        "\"POLYGON ((615100 5537000, 615100 5537050, 615150 5537050, 615150 5537000, 615100 5537000),"
                                + " (615100 5537000, 615110 5537000, 615110 5537010, 615100 5537010, 615100 5537000))\",Б-2",
                        ""),
                StandardCharsets.UTF_8);
        LayerImporter.Draft draft = importer.importFile(
                db,
                new LayerImporter.Request(
                        "footprints-utm", csv, null, "EPSG:32644", null, null, "editor", null, dir.resolve("work")));
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null)
                .extracting(i -> i.row() + " " + i.severity() + " " + i.message())
                .satisfiesExactly(
                        one -> assertThat(one)
                                .matches("1 repaired the geometry was invalid \\(two of its rings .* share"
                                        + " an edge at [0-9.]+ [0-9.]+\\) and was repaired"),
                        two -> assertThat(two).startsWith("2 repaired the geometry was invalid"));
        // the notched outlines, one ring each, valid in the file's metres and as the API serves them
        assertThat(query("SELECT string_agg(ST_NumInteriorRings(ST_GeometryN(geom, 1)) || ' '"
                        + " || round(ST_Area(ST_Transform(geom, 32644))::numeric, 2) || ' '"
                        + " || ST_IsValid(ST_Transform(geom, 32644)) || ' '"
                        + " || ST_IsValid(ST_GeomFromGeoJSON(ST_AsGeoJSON(geom, 7))), ', ' ORDER BY feature_key)"
                        + " FROM layer_feature_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("0 2400.00 true true, 0 2400.00 true true");
    }

    @Test
    void anExcelListOfObjectsWithLongitudeAndLatitude() throws Exception {
        // an akimat's table: Russian column names (the first with a comma in it), coordinates typed
        // with decimal commas, a header cell wrapped onto two lines
        define("budget-xlsx", "point", BUDGET_SCHEMA, "object_no", null);
        Path csv = Files.writeString(dir.resolve("objects.csv"), """
                Object_No,Наименование,summa,Status,Долгота,Широта,note
                1,Сквер,"1500000,50",planned,"71,41","51,15",у школы
                2,Детская площадка,"800000",done,"71,42","51,16",во дворе
                """);
        Path xlsx = dir.resolve("objects.xlsx");
        TestFiles.ogr2ogr(
                "-f",
                "XLSX",
                xlsx.toString(),
                csv.toString(),
                "-nln",
                "Объекты",
                "-sql",
                "SELECT note AS \"Примечание, кратко\", Object_No, \"Наименование\", summa AS \"Сумма,\nтенге\","
                        + " Status, \"Долгота\", \"Широта\" FROM objects");
        LayerImporter.Draft draft = importInto("budget-xlsx", xlsx, null);
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(2);
        assertThat(draft.issues()).anyMatch(i -> i.message().startsWith("column names hold line breaks"));
        assertThat(query("SELECT extra->>'Примечание, кратко' FROM layer_feature_snapshot WHERE layer_revision_id = "
                        + draft.revisionId() + " ORDER BY attributes->>'object_no' LIMIT 1"))
                .isEqualTo("у школы");
        assertThat(query("SELECT string_agg(round(ST_X(geom)::numeric, 2) || ' ' || round(ST_Y(geom)::numeric, 2)"
                        + " || ' ' || (attributes->>'name'), ', ' ORDER BY attributes->>'object_no')"
                        + " FROM layer_feature_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("71.41 51.15 Сквер, 71.42 51.16 Детская площадка");
    }

    @Test
    void percentagesOfAWorkbookAreReadAsTheyAreShown() throws Exception {
        // works' progress kept as Excel percentages: the cells hold 1, 0.45 and 0, Excel shows 100 %,
        // 45 % and 0 %
        define("progress-xlsx", "point", """
                [{"name": "object_no", "type": "integer", "required": true,
                  "label_kk": "Объект нөмірі", "label_ru": "Номер объекта", "label_en": "Object number"},
                 {"name": "progress_pct", "type": "integer", "required": true,
                  "label_kk": "Орындалуы, %", "label_ru": "Выполнение, %", "label_en": "Progress, %"}]
                """, "object_no", null);
        String percent = "<c r=\"{ref}\" s=\"2\"><v>%s</v></c>";
        Path xlsx = TestFiles.xlsx(
                dir.resolve("progress.xlsx"),
                Map.of(
                        "Лист1",
                        TestFiles.xlsxRow(1, "Номер объекта", "Выполнение, %", "Долгота", "Широта")
                                + TestFiles.xlsxRow(2, 1, percent.formatted("1"), 82.615, 49.988)
                                + TestFiles.xlsxRow(3, 2, percent.formatted("0.45"), 82.616, 49.988)
                                + TestFiles.xlsxRow(4, 3, percent.formatted("0"), 82.617, 49.988)),
                List.of(),
                false);
        LayerImporter.Draft draft = importInto("progress-xlsx", xlsx, null);
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(3);
        assertThat(query("SELECT string_agg(attributes->>'object_no' || ' ' || (attributes->>'progress_pct'), ', '"
                        + " ORDER BY attributes->>'object_no') FROM layer_feature_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("1 100, 2 45, 3 0");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("cells formatted as percentages, read as the percentage they show (45 % as 45, not"
                                + " 0.45): 3"));
    }

    @Test
    void percentagesAndErrorsOfACsvSavedFromExcelAreReadAsTheSpreadsheetShowedThem() throws Exception {
        // the same register saved by a Russian Excel as CSV: percentages as shown, «100%», «45 %», and
        // a name a failed lookup left as «#Н/Д», whose row is not read without it; a text column's percent
        // sign is the text's own
        define("progress-csv", "point", """
                [{"name": "object_no", "type": "integer", "required": true,
                  "label_kk": "Объект нөмірі", "label_ru": "Номер объекта", "label_en": "Object number"},
                 {"name": "name", "type": "text",
                  "label_kk": "Атауы", "label_ru": "Наименование", "label_en": "Name"},
                 {"name": "progress_pct", "type": "integer", "required": true,
                  "label_kk": "Орындалуы, %", "label_ru": "Выполнение, %", "label_en": "Progress, %"},
                 {"name": "note", "type": "text",
                  "label_kk": "Ескерту", "label_ru": "Примечание", "label_en": "Note"}]
                """, "object_no", null);
        String rows = "Номер объекта;Наименование;Выполнение, %;Примечание;Долгота;Широта\r\n"
                + "1;Мектеп №1;100%;скидка 5%;82,6150;49,9880\r\n"
                + "2;#Н/Д;45 %;;82,6160;49,9880\r\n"
                + "3;Емхана;0%;готово;82,6170;49,9880\r\n";
        Path csv = Files.write(
                dir.resolve("progress.csv"), rows.getBytes(java.nio.charset.Charset.forName("windows-1251")));
        LayerImporter.Draft draft = importInto("progress-csv", csv, null);
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(2);
        assertThat(query("SELECT string_agg(attributes->>'object_no' || ' ' || coalesce(attributes->>'name', '-')"
                        + " || ' ' || (attributes->>'progress_pct') || ' ' || coalesce(attributes->>'note', '-'), ', '"
                        + " ORDER BY attributes->>'object_no') FROM layer_feature_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("1 Мектеп №1 100 скидка 5%, 3 Емхана 0 готово");
        assertThat(draft.issues())
                .filteredOn(i -> i.severity().equals("rejected"))
                .extracting(i -> i.fileRow() + " " + i.code() + " " + i.detail().get("column"))
                .containsExactly("3 cell_spreadsheet_error Наименование");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("numbers written with a percent sign, as a spreadsheet saves a percentage, were read"
                                + " as the percentage they show (45% as 45): 3, in «Выполнение, %»"))
                .anyMatch(i -> i.message()
                        .startsWith("cells holding a spreadsheet error, their formulas failed in the spreadsheet the"
                                + " file was saved from: 1 («Наименование» on line 3: #Н/Д)"));
    }

    @Test
    void aCp1251ShapefileWithRussianWordsAndAProfile() throws Exception {
        define("budget-shp", "point", BUDGET_SCHEMA, "object_no", null);
        List<TestFiles.Feature> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("NOMER", String.valueOf(200 + i));
            p.put("NAME", "Объект «" + i + "»");
            p.put("SUMMA", "1 000,5");
            p.put("FIN", i == 0 ? "Да" : "нет");
            p.put("STATUS", i == 2 ? "сдан" : "Завершён");
            rows.add(new TestFiles.Feature(p, point(82.6 + i * 0.01, 49.95)));
        }
        Path shp = TestFiles.shapefile(dir.resolve("shp"), "objects", rows, "-lco", "ENCODING=CP1251");
        List<Path> parts = new ArrayList<>(TestFiles.shapefileParts(shp));
        parts.removeIf(p -> p.getFileName().toString().endsWith(".cpg"));
        Path profile = Files.writeString(dir.resolve("budget-profile.json"), """
                {"name": "akimat-budget", "kind": "custom",
                 "fields": {"object_no": ["NOMER"], "amount": ["SUMMA"], "funded": ["FIN"]},
                 "values": {"status": {"сдан": "done"}}}
                """);
        LayerImporter.Draft draft = importer.importFile(
                db,
                new LayerImporter.Request(
                        "budget-shp",
                        TestFiles.zip(dir.resolve("objects.zip"), parts),
                        MappingProfile.load(profile.toString()),
                        null,
                        "CP1251",
                        null,
                        "editor",
                        null,
                        dir.resolve("work")));
        assertThat(draft.rejected()).isZero();
        assertThat(query("SELECT string_agg(attributes->>'name' || ' ' || (attributes->>'amount') || ' '"
                        + " || (attributes->>'funded') || ' ' || (attributes->>'status'), '; ' ORDER BY source_row)"
                        + " FROM layer_feature_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("Объект «0» 1000.5 true done; Объект «1» 1000.5 false done; Объект «2» 1000.5 false done");

        Path plotsProfileFile = dir.resolve("objects.zip");
        assertThatThrownBy(() -> importer.importFile(
                        db,
                        new LayerImporter.Request(
                                "budget-shp",
                                plotsProfileFile,
                                MappingProfile.load("cadastre-export"),
                                null,
                                "CP1251",
                                null,
                                "editor",
                                null,
                                dir.resolve("work"))))
                .isInstanceOf(BadSourceException.class)
                .hasMessageContaining("layer budget-shp is defined as data");
    }

    /** A budget layer known by a text key, as departments number objects «001». */
    private static final String NUMBERED_SCHEMA = """
            [{"name": "object_id", "type": "text", "required": true,
              "label_kk": "Нысан нөмірі", "label_ru": "Номер объекта", "label_en": "Object number"},
             {"name": "amount", "type": "number", "required": true,
              "label_kk": "Сомасы", "label_ru": "Сумма", "label_en": "Amount"}]
            """;

    /** A semicolon CSV of objects {@code keys}, each at its own point, amount 1000 per its place. */
    private static Path numbered(String name, List<String> keys) throws Exception {
        StringBuilder csv = new StringBuilder("Номер объекта;Сумма;Долгота;Широта\r\n");
        for (int i = 0; i < keys.size(); i++) {
            csv.append(keys.get(i))
                    .append(';')
                    .append(1000 * (i + 1))
                    .append(String.format(Locale.ROOT, ";%.4f;49.9080\r\n", 82.615 + i * 0.001));
        }
        return Files.writeString(dir.resolve(name), csv, StandardCharsets.UTF_8);
    }

    @Test
    void keysWhoseZerosASpreadsheetDroppedAreSaidAndHeldBack() throws Exception {
        define("budget-zeros", "point", NUMBERED_SCHEMA, "object_id", null);
        LayerImporter.Imported first = importer.importAndPublish(
                db,
                TestFiles.request(
                        "budget-zeros",
                        numbered("zeros-v1.csv", List.of("001", "002", "003", "004", "005")),
                        null,
                        dir),
                "weekly update");
        assertThat(first.published()).isEqualTo(new LayerImporter.Diff(5, 0, 0, 0));
        // the same list saved again by Excel, the key column General: 001 became 1
        LayerImporter.Imported excel = importer.importAndPublish(
                db,
                TestFiles.request(
                        "budget-zeros", numbered("zeros-excel.csv", List.of("1", "2", "3", "4", "5")), null, dir),
                "weekly update");
        assertThat(excel.draft().diff()).isEqualTo(new LayerImporter.Diff(5, 0, 5, 0));
        assertThat(excel.published()).isNull();
        assertThat(excel.heldBackBy()).isEqualTo("keys_lost_zeros");
        assertThat(excel.draft().issues())
                .filteredOn(i -> i.row() == null && i.code().equals("file"))
                .extracting(LayerImporter.Issue::message)
                .contains(
                        "5 of the 5 objects this file adds bear the key of an object it removes but for zeros"
                                + " before it (1 for 001): a spreadsheet drops the zeros before a number; published,"
                                + " each object is removed and added again as another. Format the key column as"
                                + " text and type the keys again, or publish only if the objects really were"
                                + " renumbered",
                        "this file removes 5 of the layer's 5 public objects (100 %): an export of only the objects"
                                + " selected, a file cut off, or keys changed? Publish it only if the layer really"
                                + " holds no more than the file's objects now");
        assertThat(importer.warningToConfirm(db, "budget-zeros", excel.draft().revisionNumber())
                        .detail())
                .containsEntry("key", "keys_lost_zeros")
                .containsEntry("count", 5)
                .containsEntry("previous", "001");
        assertThat(query("SELECT string_agg(feature_key || ':' || (attributes ->> 'amount'), ' ' ORDER BY feature_key)"
                        + " FROM layer_feature WHERE layer_id = (SELECT id FROM layer WHERE code = 'budget-zeros')"))
                .isEqualTo("001:1000 002:2000 003:3000 004:4000 005:5000");

        // a file of a selection: 6 of 8 objects left out is held back too, the zeros kept
        define("budget-selection", "point", NUMBERED_SCHEMA, "object_id", null);
        List<String> all = List.of("001", "002", "003", "004", "005", "006", "007", "008");
        importer.importAndPublish(
                db, TestFiles.request("budget-selection", numbered("sel-all.csv", all), null, dir), "weekly update");
        LayerImporter.Imported selection = importer.importAndPublish(
                db,
                TestFiles.request("budget-selection", numbered("sel-two.csv", all.subList(0, 2)), null, dir),
                "weekly update");
        assertThat(selection.heldBackBy()).isEqualTo("file_removes_most_objects");
        assertThat(selection.published()).isNull();
        // four of eight added beside: the department's work, published
        LayerImporter.Imported more = importer.importAndPublish(
                db,
                TestFiles.request(
                        "budget-selection",
                        numbered(
                                "sel-more.csv",
                                List.of("001", "002", "003", "004", "005", "006", "007", "008", "9", "10")),
                        null,
                        dir),
                "weekly update");
        assertThat(more.heldBackBy()).isNull();
        assertThat(more.published()).isEqualTo(new LayerImporter.Diff(2, 0, 0, 8));
    }

    @Test
    void attributesWhoseNamesAShapefileCutAlikeAreReadInTheirOrderAndHeldBack() throws Exception {
        // the accessibility passport of buildings: two yes/no attributes whose names share their first
        // 10 letters, which a Shapefile keeps: GDAL writes accessible and accessib_1
        define("passports-shp", "polygon", """
                [{"name": "passport_no", "type": "text", "required": true,
                  "label_kk": "Паспорт нөмірі", "label_ru": "Номер паспорта", "label_en": "Passport number"},
                 {"name": "building_name", "type": "text", "required": true,
                  "label_kk": "Ғимарат атауы", "label_ru": "Наименование здания", "label_en": "Building name"},
                 {"name": "accessible_toilet", "type": "boolean", "required": false,
                  "label_kk": "Қолжетімді дәретхана", "label_ru": "Доступный туалет", "label_en": "Accessible toilet"},
                 {"name": "accessible_entrance", "type": "boolean", "required": false,
                  "label_kk": "Қолжетімді кіреберіс", "label_ru": "Доступный вход", "label_en": "Accessible entrance"},
                 {"name": "inspection_date", "type": "date", "required": false,
                  "label_kk": "Тексеру күні", "label_ru": "Дата обследования", "label_en": "Inspection date"}]
                """, "passport_no", null);
        List<TestFiles.Feature> rows = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("passport_no", "P-" + (i + 1));
            p.put("building_name", i == 0 ? "Әкімдік ғимараты" : "Қалалық емхана");
            p.put("accessible_toilet", i == 0 ? "да" : "нет");
            p.put("accessible_entrance", i == 0 ? "нет" : "да");
            p.put("inspection_date", "2026-03-1" + (5 + i));
            rows.add(new TestFiles.Feature(
                    p, TestFiles.polygon(82.64 + i * 0.002, 49.95, 82.6405 + i * 0.002, 49.9503)));
        }
        Path shp = TestFiles.shapefile(dir.resolve("passports"), "bldg", rows, "-lco", "ENCODING=UTF-8");
        assertThat(String.join(" ", dbfFields(shp.resolveSibling("bldg.dbf"))))
                .as("the names as GDAL writes them")
                .isEqualTo("passport_n building_n accessible accessib_1 inspection");
        Path zip = TestFiles.zip(dir.resolve("passports.zip"), TestFiles.shapefileParts(shp));
        LayerImporter.Imported held =
                importer.importAndPublish(db, TestFiles.request("passports-shp", zip, null, dir), "weekly update");
        assertThat(held.draft().rejected()).isZero();
        assertThat(query("SELECT string_agg(feature_key || ' ' || (attributes ->> 'accessible_toilet') || ' '"
                        + " || (attributes ->> 'accessible_entrance') || ' ' || extra::text, '; ' ORDER BY source_row)"
                        + " FROM layer_feature_snapshot WHERE layer_revision_id = "
                        + held.draft().revisionId()))
                .isEqualTo("P-1 true false {}; P-2 false true {}");
        assertThat(held.draft().issues())
                .extracting(LayerImporter.Issue::message)
                .contains("the fields accessible, accessib_1 look cut to the 10 bytes a DBF keeps from the names of"
                        + " accessible_toilet, accessible_entrance, which begin alike, and were read in turn as those,"
                        + " in the order the layer defines them: GDAL, QGIS and ArcGIS number such names in the order"
                        + " the file held its fields. Check a feature's values against the file before publishing,"
                        + " or give the fields shorter names");
        assertThat(held.published()).as("held until someone has looked").isNull();
        assertThat(held.heldBackBy()).isEqualTo("field_names_cut_alike");
        assertThat(query("SELECT count(*) FROM layer_feature WHERE layer_id = (SELECT id FROM layer WHERE code ="
                        + " 'passports-shp')"))
                .isEqualTo("0");
    }

    /** The names of the fields of DBF {@code dbf}, as its header holds them. */
    private static List<String> dbfFields(Path dbf) throws Exception {
        byte[] bytes = Files.readAllBytes(dbf);
        List<String> names = new ArrayList<>();
        for (int at = 32; bytes[at] != 0x0D; at += 32) {
            int end = at;
            while (end < at + 11 && bytes[end] != 0) {
                end++;
            }
            names.add(new String(bytes, at, end - at, StandardCharsets.US_ASCII));
        }
        return names;
    }

    /** Ramps of public buildings: points, with attributes of every type. */
    private static final String RAMPS_SCHEMA = """
            [{"name": "obj_id", "type": "text", "required": true,
              "label_kk": "Нысан нөмірі", "label_ru": "Номер объекта", "label_en": "Object number"},
             {"name": "name", "type": "text", "required": true,
              "label_kk": "Атауы", "label_ru": "Наименование", "label_en": "Name"},
             {"name": "floors", "type": "integer", "required": false,
              "label_kk": "Қабат саны", "label_ru": "Этажность", "label_en": "Floors"},
             {"name": "ramp", "type": "boolean", "required": false,
              "label_kk": "Пандус бар ма", "label_ru": "Наличие пандуса", "label_en": "Ramp"},
             {"name": "checked", "type": "date", "required": false,
              "label_kk": "Тексерілген күні", "label_ru": "Дата проверки", "label_en": "Checked on"},
             {"name": "kind", "type": "enum", "required": true,
              "label_kk": "Түрі", "label_ru": "Вид", "label_en": "Kind",
              "values": [{"value": "school", "label_kk": "Мектеп", "label_ru": "Школа", "label_en": "School"},
                         {"value": "clinic", "label_kk": "Емхана", "label_ru": "Поликлиника", "label_en": "Clinic"}]}]
            """;

    /** A Russian Excel CSV of ramps: semicolons, the lines given after the header. */
    private static Path ramps(String name, String header, String... lines) throws Exception {
        return Files.writeString(
                dir.resolve(name), header + "\r\n" + String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
    }

    @Test
    void everyWrongValueOfARowIsSaid() throws Exception {
        define("ramps-multi", "point", RAMPS_SCHEMA, "obj_id", null);
        Path csv = ramps(
                "ramps-multi.csv",
                "Номер объекта;Наименование;Этажность;Наличие пандуса;Дата проверки;Вид;Долгота;Широта",
                "R-010;;пять;+;31.02.2026;Больница;82,6050;49,9480",
                "R-011;Мектеп №11;2;да;01.03.2026;Школа;82,6060;49,9480");
        LayerImporter.Draft draft = importInto("ramps-multi", csv, null);
        assertThat(draft.rejected()).isEqualTo(1);
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null)
                .extracting(i -> i.row() + " " + i.code() + " " + i.message())
                .containsExactlyInAnyOrder(
                        "1 missing_value the required attribute name (Name) has no value",
                        "1 bad_value the attribute floors (Floors): 'пять' is not a whole number",
                        "1 bad_value the attribute ramp (Ramp): '+' is not yes or no (true/false, 1/0,"
                                + " да/нет, иә/жоқ, yes/no)",
                        "1 bad_value the attribute checked (Checked on): '31.02.2026' is not a date (2026-12-01 or"
                                + " 01.12.2026)",
                        "1 unknown_value the attribute kind (Kind): 'Больница' is not one of the allowed values"
                                + " (School, Clinic)");
    }

    @Test
    void spreadsheetsOwnWordsForYesAndNoAreRead() throws Exception {
        // Russian Excel saves a TRUE/FALSE cell as ИСТИНА/ЛОЖЬ, Kazakh Excel as АҚИҚАТ/ЖАЛҒАН
        define("ramps-bool", "point", RAMPS_SCHEMA, "obj_id", null);
        Path csv = ramps(
                "ramps-bool.csv",
                "Номер объекта;Наименование;Наличие пандуса;Вид;Долгота;Широта",
                "R-201;Мектеп №201;ИСТИНА;Школа;82,6050;49,9480",
                "R-202;Мектеп №202;ЛОЖЬ;Школа;82,6060;49,9480",
                "R-203;Мектеп №203;Ақиқат;Школа;82,6070;49,9480",
                "R-204;Мектеп №204;ЖАЛҒАН;Школа;82,6080;49,9480");
        LayerImporter.Draft draft = importInto("ramps-bool", csv, null);
        assertThat(draft.rejected()).as(draft.issues().toString()).isZero();
        assertThat(query("SELECT string_agg(feature_key || ' ' || (attributes ->> 'ramp'), ', ' ORDER BY source_row)"
                        + " FROM layer_feature_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("R-201 true, R-202 false, R-203 true, R-204 false");
    }

    @Test
    void aNumberExcelWroteInExponentFormIsRefusedNotRounded() throws Exception {
        // Russian Excel saves a 12-digit General cell as 1,23457E+11: 123 456 789 012 would be
        // published as 123 457 000 000; a BIN kept as text the same way
        define("budget-exponent", "point", NUMBERED_SCHEMA, "object_id", null);
        Path csv = ramps(
                "budget-exponent.csv",
                "Номер объекта;Сумма;Долгота;Широта",
                "1;1,23457E+11;82,6150;49,9080",
                "2;2000;82,6160;49,9080",
                "1,80241E+11;2,5E+06;82,6170;49,9080");
        LayerImporter.Draft draft = importInto("budget-exponent", csv, null);
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null)
                .extracting(i -> i.row() + " " + i.severity() + " " + i.message())
                .containsExactlyInAnyOrder(
                        "1 rejected the attribute amount (Amount): '1,23457E+11' is a number a spreadsheet wrote in"
                                + " scientific notation, keeping only its first digits: format the column in the"
                                + " workbook as a number without exponent (or as text) and save the file again",
                        "3 rejected the attribute object_id (Object number): '1,80241E+11' is a number a"
                                + " spreadsheet wrote in scientific notation, keeping only its first digits: format"
                                + " the column in the workbook as a number without exponent (or as text) and save"
                                + " the file again");
        assertThat(query("SELECT string_agg(feature_key || ':' || (attributes ->> 'amount'), ' ' ORDER BY source_row)"
                        + " FROM layer_feature_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("2:2000");
    }

    @Test
    void theReportNamesAttributesAndAllowedValuesInItsLanguage() throws Exception {
        define("ramps-words", "point", RAMPS_SCHEMA, "obj_id", null);
        Path csv = ramps(
                "ramps-words.csv",
                "Номер объекта;Наименование;Вид;Долгота;Широта",
                "V-7;g;Поликлиника (взрослая);82,6210;49,9680");
        LayerImporter.Draft draft = importInto("ramps-words", csv, null);
        Map<String, String> said = new LinkedHashMap<>();
        for (String lang : List.of("kk", "ru", "en")) {
            Map<String, Object> templates = IssueDetails.templates(lang);
            List<String> lines = new ArrayList<>();
            for (String detail : query("SELECT string_agg(detail::text, E'\\n' ORDER BY id) FROM import_issue"
                            + " WHERE layer_revision_id = " + draft.revisionId())
                    .split("\n")) {
                Map<String, Object> values = tools.jackson.databind.json.JsonMapper.builder()
                        .build()
                        .readValue(detail, new tools.jackson.core.type.TypeReference<Map<String, Object>>() {});
                lines.add(kz.adalmap.importers.report.Detail.render(
                        (String) templates.get((String) values.get("key")), values, IssueDetails.words(lang)));
            }
            said.put(lang, String.join(" | ", lines));
        }
        assertThat(said)
                .containsEntry(
                        "kk",
                        "файлда floors (Қабат саны), ramp (Пандус бар ма), checked (Тексерілген күні)"
                                + " атрибуттарының атауларымен де, белгілерімен де өріс жоқ; файлдың өрістері: Номер"
                                + " объекта,"
                                + " Наименование, Вид | kind (Түрі) атрибуты: «Поликлиника (взрослая)» рұқсат етілген"
                                + " мәндердің бірі емес (Мектеп, Емхана)")
                .containsEntry(
                        "ru",
                        "в файле нет полей для атрибутов floors (Этажность), ramp (Наличие пандуса), checked (Дата"
                                + " проверки) ни под их именами, ни под подписями; поля файла: Номер объекта,"
                                + " Наименование, Вид | атрибут kind (Вид): «Поликлиника (взрослая)» — не из"
                                + " допустимых значений (Школа, Поликлиника)")
                .containsEntry(
                        "en",
                        "the file has no field for the attributes floors (Floors), ramp (Ramp), checked (Checked on)"
                                + " under its name or label; its fields are Номер объекта, Наименование, Вид | the"
                                + " attribute kind (Kind): 'Поликлиника (взрослая)' is not one of the allowed values"
                                + " (School, Clinic)");
    }

    @Test
    void aRollbackGivesObjectsBackTheIdsTheyHad() throws Exception {
        define("budget-ids", "point", NUMBERED_SCHEMA, "object_id", null);
        importer.importAndPublish(
                db,
                TestFiles.request("budget-ids", numbered("ids-v1.csv", List.of("A-1", "A-2", "A-3")), null, dir),
                "weekly update");
        String first = ids("budget-ids");
        // A-3 leaves, A-4 comes: published, then rolled back
        importer.importAndPublish(
                db,
                TestFiles.request("budget-ids", numbered("ids-v2.csv", List.of("A-1", "A-2", "A-4")), null, dir),
                "weekly update");
        assertThat(ids("budget-ids")).startsWith(first.substring(0, first.lastIndexOf(' ')));
        importer.rollback(db, "budget-ids", "editor", null);
        assertThat(ids("budget-ids"))
                .as("A-3 back as the item it was, links to it work again")
                .isEqualTo(first);
    }

    /** The public features of {@code layer} as key=id, by key. */
    private static String ids(String layer) throws SQLException {
        return query("""
                SELECT string_agg(feature_key || '=' || id, ' ' ORDER BY feature_key)
                FROM layer_feature WHERE layer_id = (SELECT id FROM layer WHERE code = '%s')
                """.formatted(layer));
    }

    /** The layer's published features as key:amount, by key. */
    private static String features(String layer) throws SQLException {
        return query("""
                SELECT string_agg(feature_key || ':' || coalesce(attributes->>'amount', '-'), ' ' ORDER BY feature_key)
                FROM layer_feature WHERE layer_id = (SELECT id FROM layer WHERE code = '%s')
                """.formatted(layer));
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static String query(String sql) throws SQLException {
        return TestDatabases.value(db, sql);
    }
}
