package kz.adalmap.importers.publish;

import static kz.adalmap.importers.publish.TestFiles.geojson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import kz.adalmap.importers.generate.CadastreGenerator;
import kz.adalmap.importers.generate.DemoCity;
import kz.adalmap.importers.profile.MappingProfile;
import kz.adalmap.importers.report.Detail;
import kz.adalmap.importers.source.BadSourceException;
import kz.adalmap.importers.source.SourceProblem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Engineering networks through the same pipeline as plots: the generator's networks file and a
 * utility's Shapefile with Russian field names and words, validated, diffed, published and rolled
 * back; polygons and unknown kinds refused with their reason.
 */
class NetworkImportIT {

    @TempDir
    static Path dir;

    private static PgTarget db;
    private static LayerImporter importer;
    private static MappingProfile networks;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabases.fresh("network_import");
        db.migrate();
        importer = LayerImporter.withGdal(64L * 1024 * 1024);
        networks = MappingProfile.load("networks");
        Files.createDirectories(dir.resolve("work"));
    }

    /** Every problem these imports stored has its detail worded in Kazakh, Russian and English. */
    @org.junit.jupiter.api.AfterAll
    static void everyProblemIsWordedInEachLanguage() throws Exception {
        IssueDetails.assertWorded(db);
    }

    private static LayerImporter.Draft importInto(String layer, Path file) throws Exception {
        return importInto(layer, file, networks);
    }

    private static LayerImporter.Draft importInto(String layer, Path file, MappingProfile profile) throws Exception {
        return importer.importFile(db, TestFiles.request(layer, file, profile, dir));
    }

    @Test
    void plotDistancesToTheNetworksFollowEveryPublishAndRollback() throws Exception {
        // four plots in a row near Ridder, 30 m squares from 83.50 E, 50.35 N, 0.001° apart
        List<TestFiles.Feature> plots = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            plots.add(TestFiles.plot("05-090-001-00" + (i + 1), 83.50 + i * 0.001, 50.35, 30, "свободен"));
        }
        LayerImporter.Draft plotDraft = importInto(
                "plots-ridder",
                geojson(dir.resolve("ridder-plots.geojson"), plots),
                MappingProfile.load("cadastre-export"));
        importer.publish(db, "plots-ridder", plotDraft.revisionNumber(), "editor", null);
        assertThat(query("SELECT count(*) FROM plot_network_distance WHERE plot_layer_id = (SELECT id FROM layer"
                        + " WHERE code = 'plots-ridder')"))
                .as("no network yet")
                .isEqualTo("0");

        // a gas main along the parallel 50.349, 0.001° (about 111 m) south of the plots
        Path gas = geojson(
                dir.resolve("ridder-gas.geojson"),
                List.of(new TestFiles.Feature(
                        new LinkedHashMap<>(Map.of("kind", "gas", "name", "Газопровод Риддер")),
                        "{\"type\":\"LineString\",\"coordinates\":[[83.49,50.349],[83.52,50.349]]}")));
        LayerImporter.Draft network = importInto("networks-ridder", gas);
        importer.publish(db, "networks-ridder", network.revisionNumber(), "editor", null);
        assertThat(query(distances("plots-ridder"))).isEqualTo("4 gas 111 111");

        // the first plot moved 0.001° north: only it is measured again
        plots.set(0, TestFiles.plot("05-090-001-001", 83.50, 50.351, 30, "свободен"));
        LayerImporter.Draft moved = importInto(
                "plots-ridder",
                geojson(dir.resolve("ridder-plots-2.geojson"), plots),
                MappingProfile.load("cadastre-export"));
        importer.publish(db, "plots-ridder", moved.revisionNumber(), "editor", null);
        assertThat(query(distances("plots-ridder"))).isEqualTo("4 gas 111 222");

        // the plots rolled back: the first plot is where it was, and so is its distance
        importer.rollback(db, "plots-ridder", "editor", "wrong file");
        assertThat(query(distances("plots-ridder"))).isEqualTo("4 gas 111 111");
    }

    @Test
    void aFeatureDrawnTwiceIsRejectedNamingItsKind() throws Exception {
        TestFiles.Feature main = new TestFiles.Feature(
                new LinkedHashMap<>(Map.of("kind", "gas", "name", "Газопровод")),
                "{\"type\":\"LineString\",\"coordinates\":[[83.49,50.36],[83.52,50.36]]}");
        LayerImporter.Draft draft =
                importInto("networks-twice", geojson(dir.resolve("twice.geojson"), List.of(main, main)));
        assertThat(draft.issues())
                .filteredOn(i -> "duplicate_geometry".equals(i.code()))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.message())
                            .isEqualTo("the same gas feature as row 1 (identical geometry and attributes)");
                    // the kind is worded in the reader's language by a template of its own
                    assertThat(i.detail()).containsEntry("kind", Map.of("key", "network_kind_gas"));
                });
        // a CSV file's features are its lines, and name one another so
        Path csv = Files.writeString(
                dir.resolve("twice.csv"),
                "kind;name;WKT\n" + "gas;Газопровод;LINESTRING (83.49 50.36,83.52 50.36)\n".repeat(2));
        assertThat(importInto("networks-twice-csv", csv).issues())
                .filteredOn(i -> "duplicate_geometry".equals(i.code()))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.detail().get("key")).isEqualTo("duplicate_network_same_csv");
                    assertThat(i.message())
                            .isEqualTo("the same gas feature as line 2 (identical geometry and attributes)");
                });
    }

    @Test
    void linesOnTheSamePolesAreFeaturesOfTheirOwn() throws Exception {
        // a 10 kV and a 0.4 kV line on the same poles, as a power utility draws them, and the 0.4 kV
        // line written twice
        String poles = "{\"type\":\"LineString\",\"coordinates\":[[82.60,49.96,300],[82.61,49.961,301],"
                + "[82.62,49.962,302]]}";
        TestFiles.Feature high = new TestFiles.Feature(
                new LinkedHashMap<>(Map.of("вид", "ЛЭП", "наименование", "ВЛ-10кВ Ф-5", "напряжение", "10 кВ")), poles);
        TestFiles.Feature low = new TestFiles.Feature(
                new LinkedHashMap<>(Map.of("вид", "ЛЭП", "наименование", "ВЛ-0,4кВ", "напряжение", "0,4 кВ")), poles);
        String layer = "networks-poles";
        LayerImporter.Draft first = importInto(layer, geojson(dir.resolve("poles/v1.geojson"), List.of(high)));
        importer.publish(db, layer, first.revisionNumber(), "editor", null);

        LayerImporter.Draft draft =
                importInto(layer, geojson(dir.resolve("poles/v2.geojson"), List.of(high, low, low)));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(2);
        assertThat(draft.issues())
                .filteredOn(i -> "duplicate_geometry".equals(i.code()))
                .extracting(i -> i.row() + " " + i.message())
                .containsExactly("3 the same power feature as row 2 (identical geometry and attributes)");
        importer.publish(db, layer, draft.revisionNumber(), "editor", null);
        assertThat(query("""
                        SELECT string_agg(n.name || ' ' || n.voltage_kv, ', ' ORDER BY n.name) FROM network n
                        JOIN layer_revision r ON r.id = n.layer_revision_id JOIN layer l ON l.id = r.layer_id
                        WHERE l.code = '%s'""".formatted(layer))).isEqualTo("ВЛ-0,4кВ 0.40, ВЛ-10кВ Ф-5 10.00");
        // the same file again changes nothing; a new voltage of one line changes that line only
        assertThat(importInto(layer, geojson(dir.resolve("poles/v3.geojson"), List.of(high, low)))
                        .diff())
                .isEqualTo(new LayerImporter.Diff(0, 0, 0, 2));
        // a row rejected on the route keeps the published line it draws, and only that one
        TestFiles.Feature typo = low.with("вид", "ЛЭПП");
        LayerImporter.Draft kept = importInto(layer, geojson(dir.resolve("poles/v4.geojson"), List.of(high, typo)));
        assertThat(kept.rejected()).isEqualTo(1);
        assertThat(kept.diff()).isEqualTo(new LayerImporter.Diff(0, 0, 0, 2));
    }

    /** A line on the poles near Oskemen that the tests of shared routes draw their lines on. */
    private static TestFiles.Feature powerLine(String poles, String name, String voltage) {
        return new TestFiles.Feature(
                new LinkedHashMap<>(Map.of("вид", "ЛЭП", "наименование", name, "напряжение", voltage)), poles);
    }

    @Test
    void anEditOfOneOfTwoLinesOnTheSamePolesIsOneChangedLine() throws Exception {
        String poles = "{\"type\":\"LineString\",\"coordinates\":[[82.64,49.97],[82.65,49.971],[82.66,49.972]]}";
        TestFiles.Feature high = powerLine(poles, "ВЛ-10кВ Ф-7", "10 кВ").with("владелец", "ТОО «Шыгысэнерго»");
        TestFiles.Feature low = powerLine(poles, "ВЛ-0,4кВ Ф-7", "0,4 кВ");
        String layer = "networks-poles-edit";
        importer.publish(
                db,
                layer,
                importInto(layer, geojson(dir.resolve("poles-edit/v1.geojson"), List.of(high, low)))
                        .revisionNumber(),
                "editor",
                null);
        String published = layerRows(layer);

        // the 10 kV line is rebuilt for 6 kV and changes its owner: that line changed, nothing else
        TestFiles.Feature rebuilt = high.with("напряжение", "6 кВ").with("владелец", "АО «ВК РЭК»");
        LayerImporter.Draft edit =
                importInto(layer, geojson(dir.resolve("poles-edit/v2.geojson"), List.of(rebuilt, low)));
        assertThat(edit.diff()).isEqualTo(new LayerImporter.Diff(0, 1, 0, 1));
        assertThat(pairedChanges(edit.revisionId(), layer)).isEqualTo("ВЛ-10кВ Ф-7 6.00 <- ВЛ-10кВ Ф-7 10.00");
        assertThat(importer.publish(db, layer, edit.revisionNumber(), "editor", null))
                .isEqualTo(new LayerImporter.Diff(0, 1, 0, 1));
        assertThat(query("""
                        SELECT string_agg(n.name || ' ' || n.voltage_kv || ' ' || coalesce(n.operator_name, '-'), ', '
                                          ORDER BY n.name)
                        FROM network n JOIN layer_revision r ON r.id = n.layer_revision_id
                        JOIN layer l ON l.id = r.layer_id WHERE l.code = '%s'""".formatted(layer))).isEqualTo("ВЛ-0,4кВ Ф-7 0.40 -, ВЛ-10кВ Ф-7 6.00 АО «ВК РЭК»");

        // rolled back: the layer is the first revision's again, and the rollback changed that one line
        assertThat(importer.rollback(db, layer, "editor", "wrong voltage"))
                .isEqualTo(new LayerImporter.Diff(0, 1, 0, 1));
        assertThat(layerRows(layer)).isEqualTo(published);

        // the same lines in the other order are the same layer
        assertThat(importInto(layer, geojson(dir.resolve("poles-edit/v3.geojson"), List.of(low, high)))
                        .diff())
                .isEqualTo(new LayerImporter.Diff(0, 0, 0, 2));
        // both voltages rewritten, in the other order: each line is paired with the line of its name
        LayerImporter.Draft both = importInto(
                layer,
                geojson(
                        dir.resolve("poles-edit/v4.geojson"),
                        List.of(low.with("напряжение", "0,38 кВ"), high.with("напряжение", "6 кВ"))));
        assertThat(both.diff()).isEqualTo(new LayerImporter.Diff(0, 2, 0, 0));
        assertThat(pairedChanges(both.revisionId(), layer))
                .isEqualTo("ВЛ-0,4кВ Ф-7 0.38 <- ВЛ-0,4кВ Ф-7 0.40, ВЛ-10кВ Ф-7 6.00 <- ВЛ-10кВ Ф-7 10.00");
    }

    @Test
    void aRollbackNamesTheRevisionThatPutEachLineSo() throws Exception {
        // a line a rollback changed back named the revision made public again, though an earlier one
        // had put it so and it had left the line alone
        TestFiles.Feature north = powerLine(
                "{\"type\":\"LineString\",\"coordinates\":[[82.64,49.99],[82.65,49.991]]}", "ВЛ-10кВ Ф-11", "10 кВ");
        TestFiles.Feature south = powerLine(
                "{\"type\":\"LineString\",\"coordinates\":[[82.64,49.96],[82.65,49.961]]}", "ВЛ-10кВ Ф-12", "10 кВ");
        String layer = "networks-stamps";
        for (List<TestFiles.Feature> lines : List.of(
                List.of(north, south),
                List.of(north.with("напряжение", "6 кВ"), south),
                List.of(north.with("напряжение", "6 кВ"), south.with("напряжение", "6 кВ")))) {
            importer.publish(
                    db,
                    layer,
                    importInto(layer, geojson(dir.resolve("stamps/v" + lines.hashCode() + ".geojson"), lines))
                            .revisionNumber(),
                    "editor",
                    null);
        }
        String stamps = """
                SELECT string_agg(n.name || ' ' || n.voltage_kv || ' ' || r.number, ', ' ORDER BY n.name)
                FROM network n JOIN layer_revision r ON r.id = n.layer_revision_id
                JOIN layer l ON l.id = r.layer_id WHERE l.code = '%s'""".formatted(layer);
        assertThat(query(stamps)).isEqualTo("ВЛ-10кВ Ф-11 6.00 2, ВЛ-10кВ Ф-12 6.00 3");
        importer.rollback(db, layer, "editor", null);
        // the southern line as the first revision put it, the northern as the second did
        assertThat(query(stamps)).isEqualTo("ВЛ-10кВ Ф-11 6.00 2, ВЛ-10кВ Ф-12 10.00 1");
        importer.rollback(db, layer, "editor", null);
        assertThat(query(stamps)).isEqualTo("ВЛ-10кВ Ф-11 10.00 1, ВЛ-10кВ Ф-12 10.00 1");
    }

    @Test
    void linesTakenOffAndPutOnTheSamePolesAreRemovedAndAdded() throws Exception {
        String poles = "{\"type\":\"LineString\",\"coordinates\":[[82.64,49.98],[82.65,49.981],[82.66,49.982]]}";
        TestFiles.Feature high = powerLine(poles, "ВЛ-35кВ", "35 кВ");
        TestFiles.Feature middle = powerLine(poles, "ВЛ-10кВ", "10 кВ");
        TestFiles.Feature low = powerLine(poles, "ВЛ-0,4кВ", "0,4 кВ");
        String layer = "networks-poles-removed";
        importer.publish(
                db,
                layer,
                importInto(layer, geojson(dir.resolve("poles-removed/v1.geojson"), List.of(high, middle, low)))
                        .revisionNumber(),
                "editor",
                null);
        // the 10 kV line taken off the poles
        LayerImporter.Draft two =
                importInto(layer, geojson(dir.resolve("poles-removed/v2.geojson"), List.of(high, low)));
        assertThat(two.diff()).isEqualTo(new LayerImporter.Diff(0, 0, 1, 2));
        assertThat(query("SELECT string_agg(change, ', ') FROM revision_change WHERE layer_revision_id = "
                        + two.revisionId()))
                .isEqualTo("removed");
        importer.publish(db, layer, two.revisionNumber(), "editor", null);
        // then the 35 kV line too: the line left alone on its poles is the same line
        LayerImporter.Draft one = importInto(layer, geojson(dir.resolve("poles-removed/v3.geojson"), List.of(low)));
        assertThat(one.diff()).isEqualTo(new LayerImporter.Diff(0, 0, 1, 1));
        importer.publish(db, layer, one.revisionNumber(), "editor", null);
        // and a line hung beside it again is one line added
        assertThat(importInto(layer, geojson(dir.resolve("poles-removed/v4.geojson"), List.of(low, middle)))
                        .diff())
                .isEqualTo(new LayerImporter.Diff(1, 0, 0, 1));
    }

    @Test
    void aRejectedRowOnSharedPolesKeepsOnlyThePublishedLineNoOtherRowIs() throws Exception {
        String poles = "{\"type\":\"LineString\",\"coordinates\":[[82.64,49.99],[82.65,49.991],[82.66,49.992]]}";
        TestFiles.Feature high = powerLine(poles, "ВЛ-10кВ Ф-9", "10 кВ");
        TestFiles.Feature low = powerLine(poles, "ВЛ-0,4кВ Ф-9", "0,4 кВ");
        String layer = "networks-poles-kept";
        importer.publish(
                db,
                layer,
                importInto(layer, geojson(dir.resolve("poles-kept/v1.geojson"), List.of(high, low)))
                        .revisionNumber(),
                "editor",
                null);
        // the 10 kV line's kind mistyped, the 0.4 kV line's voltage rewritten: the 10 kV line keeps
        // its published version, and the 0.4 kV line is changed, not kept as it was besides
        LayerImporter.Draft draft = importInto(
                layer,
                geojson(
                        dir.resolve("poles-kept/v2.geojson"),
                        List.of(high.with("вид", "ЛЭПП"), low.with("напряжение", "0,38 кВ"))));
        assertThat(draft.rejected()).isEqualTo(1);
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("kept_published"))
                .extracting(LayerImporter.Issue::row)
                .containsExactly(1L);
        assertThat(draft.diff()).isEqualTo(new LayerImporter.Diff(0, 1, 0, 1));
        importer.publish(db, layer, draft.revisionNumber(), "editor", null);
        assertThat(query("""
                        SELECT string_agg(n.name || ' ' || n.voltage_kv, ', ' ORDER BY n.name) FROM network n
                        JOIN layer_revision r ON r.id = n.layer_revision_id JOIN layer l ON l.id = r.layer_id
                        WHERE l.code = '%s'""".formatted(layer))).isEqualTo("ВЛ-0,4кВ Ф-9 0.38, ВЛ-10кВ Ф-9 10.00");
        // both rows mistyped: each keeps one of the published lines
        LayerImporter.Draft typos = importInto(
                layer,
                geojson(
                        dir.resolve("poles-kept/v3.geojson"),
                        List.of(high.with("вид", "ЛЭПП"), low.with("вид", "ЛЭПП"))));
        assertThat(typos.rejected()).isEqualTo(2);
        assertThat(typos.diff()).isEqualTo(new LayerImporter.Diff(0, 0, 0, 2));
    }

    /**
     * A utility's layer near Oskemen: a 10 kV and a 0.4 kV line, a water main and a gas main, and
     * six poles, written in WGS 84 with 8 decimals for ogr2ogr to turn into a GeoPackage in UTM 44N.
     */
    private static List<TestFiles.Feature> utilityLayer() {
        List<TestFiles.Feature> out = new ArrayList<>();
        String[][] lines = {
            {
                "ЛЭП",
                "ВЛ-10кВ Ф-3",
                "10",
                null,
                "[[82.61012345,49.94011111],[82.61523456,49.94122222],[82.62034567,49.94233333]]"
            },
            {"ЛЭП", "ВЛ-0,4кВ Ф-3", "0,4", null, "[[82.61012345,49.94311111],[82.61834567,49.94422222]]"},
            {
                "Водопровод",
                "Водовод пр. Назарбаева",
                null,
                "300",
                "[[82.61112345,49.93911111],[82.62345678,49.93922222]]"
            },
            {
                "Газопровод",
                "ГСД ул. Абая",
                null,
                "159",
                "[[82.60912345,49.94511111],[82.61456789,49.94622222],[82.61987654,49.94533333]]"
            }
        };
        for (String[] line : lines) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("вид", line[0]);
            p.put("наименование", line[1]);
            p.put("напряжение", line[2]);
            p.put("диаметр", line[3]);
            p.put("владелец", "ТОО «Шыгысэнерго»");
            out.add(new TestFiles.Feature(p, "{\"type\":\"LineString\",\"coordinates\":" + line[4] + "}"));
        }
        for (int i = 0; i < 6; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("вид", "ЛЭП");
            p.put("наименование", "опора " + (i + 1));
            p.put("напряжение", "10");
            p.put("диаметр", null);
            p.put("владелец", "ТОО «Шыгысэнерго»");
            out.add(new TestFiles.Feature(
                    p,
                    String.format(
                            Locale.ROOT,
                            "{\"type\":\"Point\",\"coordinates\":[%.8f,%.8f]}",
                            82.61012345 + i * 0.00204321,
                            49.94011111 + i * 0.00044321)));
        }
        return out;
    }

    /** The layer's features as GeoJSON in WGS 84 with {@code decimals} decimals, as ogr2ogr exports them. */
    private static Path exported(Path source, String name, int decimals) throws Exception {
        return TestFiles.convert(
                source,
                dir.resolve("exported/" + name + ".geojson"),
                "GeoJSON",
                "-t_srs",
                "EPSG:4326",
                "-lco",
                "COORDINATE_PRECISION=" + decimals);
    }

    /** The public features of a layer, each as its id and name, in id order. */
    private static String idsAndNames(String layer) throws SQLException {
        return query("""
                SELECT string_agg(n.id || ' ' || n.name, ', ' ORDER BY n.id)
                FROM network n JOIN layer_revision r ON r.id = n.layer_revision_id
                JOIN layer l ON l.id = r.layer_id WHERE l.code = '%s'""".formatted(layer));
    }

    /** The utility layer as a GeoPackage in UTM zone 44N, as a utility's GIS exports it, in folder {@code folder}. */
    private static Path utilityLayerInUtm(String folder) throws Exception {
        return TestFiles.convert(
                geojson(dir.resolve(folder + "/source.geojson"), utilityLayer()),
                dir.resolve(folder + "/seti.gpkg"),
                "GPKG",
                "-t_srs",
                "EPSG:32644",
                "-nln",
                "seti");
    }

    /** The changes of a revision's diff, each as its change and label. */
    private static List<String> labels(String layer, int revision) throws SQLException {
        return importer.changes(db, layer, revision, "editor").stream()
                .map(c -> c[0] + " " + c[3])
                .toList();
    }

    @Test
    void aLayerExportedAgainInWgs84IsTheSameLayerAndKeepsItsIds() throws Exception {
        String layer = "networks-reexported";
        Path gpkg = utilityLayerInUtm("reexported");
        LayerImporter.Draft first = importInto(layer, gpkg);
        assertThat(first.accepted()).as(first.issues().toString()).isEqualTo(10);
        importer.publish(db, layer, first.revisionNumber(), "editor", null);
        String published = layerRows(layer);
        String ids = idsAndNames(layer);

        // the same features in WGS 84 at 7 decimals (each point within half a centimetre): the same layer
        LayerImporter.Draft seven = importInto(layer, exported(gpkg, "seti-7", 7));
        assertThat(seven.diff()).isEqualTo(new LayerImporter.Diff(0, 0, 0, 10));
        assertThatThrownBy(() -> importer.publish(db, layer, seven.revisionNumber(), "editor", null))
                .isInstanceOf(RefusedStepException.class);

        // at 7 decimals with the gas main handed to another owner: that main changed, in place
        Path sevenEdited = dir.resolve("exported/seti-7-edited.geojson");
        Files.writeString(
                sevenEdited,
                Files.readString(exported(gpkg, "seti-7", 7))
                        .replaceFirst(
                                "(\"наименование\": \"ГСД ул\\. Абая\"[^}]*\"владелец\": )\"[^\"]*\"",
                                "$1\"АО «КазТрансГаз Аймак»\""));
        LayerImporter.Draft edited = importInto(layer, sevenEdited);
        assertThat(edited.diff()).isEqualTo(new LayerImporter.Diff(0, 1, 0, 9));
        assertThat(labels(layer, edited.revisionNumber()))
                .containsExactly("changed gas «ГСД ул. Абая» Ø159 mm, feature 4");
        importer.publish(db, layer, edited.revisionNumber(), "editor", null);
        assertThat(idsAndNames(layer)).as("every feature keeps its id").isEqualTo(ids);
        assertThat(query("""
                        SELECT count(*) FROM network n JOIN network_snapshot s
                          ON s.layer_revision_id = %d AND s.network_id = n.id
                        WHERE ST_AsText(n.geom) = ST_AsText(s.geom)""".formatted(first.revisionId())))
                .as("the unchanged features keep their geometry as published")
                .isEqualTo("9");
        // the same file again changes nothing
        assertThat(importInto(layer, sevenEdited).diff()).isEqualTo(new LayerImporter.Diff(0, 0, 0, 10));

        // at 6 decimals (each point moved by up to 5 cm, as a plot's outline is changed then): the
        // features moved are changed, none removed and added
        LayerImporter.Draft six = importInto(layer, exported(gpkg, "seti-6", 6));
        assertThat(six.diff().added()).isZero();
        assertThat(six.diff().removed()).isZero();
        assertThat(six.diff().changed()).isEqualTo(10);
        importer.publish(db, layer, six.revisionNumber(), "editor", null);
        assertThat(idsAndNames(layer)).isEqualTo(ids);

        // rolled back twice: the first layer again, feature for feature, under the same ids
        importer.rollback(db, layer, "editor", null);
        importer.rollback(db, layer, "editor", null);
        assertThat(layerRows(layer)).isEqualTo(published);
        assertThat(idsAndNames(layer)).isEqualTo(ids);
    }

    @Test
    void aRowRejectedInALayerExportedAgainInWgs84KeepsItsPublicFeature() throws Exception {
        String layer = "networks-reexported-kept";
        Path gpkg = utilityLayerInUtm("reexported-kept");
        LayerImporter.Draft first = importInto(layer, gpkg);
        assertThat(first.accepted()).as(first.issues().toString()).isEqualTo(10);
        importer.publish(db, layer, first.revisionNumber(), "editor", null);
        String published = layerRows(layer);
        String ids = idsAndNames(layer);

        // the same features in WGS 84 at 7 decimals (each point within half a centimetre of the
        // public one), the 10 kV line's kind mistyped: that row is rejected and the line it stands
        // for stays as it is public; the layer is the same
        String typo = Files.readString(exported(gpkg, "seti-7-typo", 7))
                .replaceFirst("\"вид\": \"ЛЭП\"(, \"наименование\": \"ВЛ-10кВ Ф-3\")", "\"вид\": \"ЛЭПП\"$1");
        Path mistyped = Files.writeString(dir.resolve("reexported-kept/seti-7-typo.geojson"), typo);
        LayerImporter.Draft draft = importInto(layer, mistyped);
        assertThat(draft.rejected()).isEqualTo(1);
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("kept_published"))
                .extracting(LayerImporter.Issue::row)
                .containsExactly(1L);
        assertThat(draft.diff()).isEqualTo(new LayerImporter.Diff(0, 0, 0, 10));
        assertThat(query("""
                        SELECT ST_AsText(s.geom) = ST_AsText(n.geom) FROM network_snapshot s
                        JOIN network n ON n.name = s.name
                        JOIN layer_revision r ON r.id = n.layer_revision_id JOIN layer l ON l.id = r.layer_id
                        WHERE s.layer_revision_id = %d AND s.source_row = 1 AND l.code = '%s'""".formatted(draft.revisionId(), layer)))
                .as("the kept line is the public one, not the row's rounded geometry")
                .isEqualTo("t");
        assertThatThrownBy(() -> importer.publish(db, layer, draft.revisionNumber(), "editor", null))
                .isInstanceOf(RefusedStepException.class);

        // with the gas main handed to another owner besides: that main is the one change published
        Path edited = Files.writeString(
                dir.resolve("reexported-kept/seti-7-typo-edited.geojson"),
                typo.replaceFirst(
                        "(\"наименование\": \"ГСД ул\\. Абая\"[^}]*\"владелец\": )\"[^\"]*\"",
                        "$1\"АО «КазТрансГаз Аймак»\""));
        LayerImporter.Draft owner = importInto(layer, edited);
        assertThat(owner.rejected()).isEqualTo(1);
        assertThat(owner.diff()).isEqualTo(new LayerImporter.Diff(0, 1, 0, 9));
        assertThat(labels(layer, owner.revisionNumber()))
                .containsExactly("changed gas «ГСД ул. Абая» Ø159 mm, feature 4");
        importer.publish(db, layer, owner.revisionNumber(), "editor", null);
        assertThat(idsAndNames(layer)).as("every feature keeps its id").isEqualTo(ids);
        List<String> after = List.of(layerRows(layer).split("\n"));
        assertThat(after)
                .as("the other features, the kept line among them, as they were published")
                .filteredOn(row -> !row.contains("ГСД ул. Абая"))
                .containsExactlyElementsOf(List.of(published.split("\n")).stream()
                        .filter(row -> !row.contains("ГСД ул. Абая"))
                        .toList());
        assertThat(after)
                .filteredOn(row -> row.contains("ГСД ул. Абая | АО «КазТрансГаз Аймак»"))
                .hasSize(1);
    }

    @Test
    void aLineLengthenedAtItsEndIsOneChangedLineAndTheDiffNamesItsFeatures() throws Exception {
        String layer = "networks-lengthened";
        List<TestFiles.Feature> features = utilityLayer();
        LayerImporter.Draft first = importInto(layer, geojson(dir.resolve("lengthened/v1.geojson"), features));
        importer.publish(db, layer, first.revisionNumber(), "editor", null);
        String ids = idsAndNames(layer);

        // the 0.4 kV line runs 200 m further east (a vertex added at its end), the water main is
        // taken off, and the second pole removed: the line changed, the main and the pole removed
        List<TestFiles.Feature> second = new ArrayList<>(features);
        second.set(
                1,
                features.get(1)
                        .withGeometry("{\"type\":\"LineString\",\"coordinates\":[[82.61012345,49.94311111],"
                                + "[82.61834567,49.94422222],[82.62113,49.94422222]]}"));
        second.remove(5);
        second.remove(2);
        // and a new cable beside the line
        second.add(new TestFiles.Feature(
                new LinkedHashMap<>(Map.of("вид", "ЛЭП", "наименование", "КЛ-10кВ", "напряжение", "10 кВ")),
                "{\"type\":\"LineString\",\"coordinates\":[[82.6200,49.9500],[82.6250,49.9510]]}"));
        LayerImporter.Draft draft = importInto(layer, geojson(dir.resolve("lengthened/v2.geojson"), second));
        assertThat(draft.diff()).isEqualTo(new LayerImporter.Diff(1, 1, 2, 7));
        assertThat(labels(layer, draft.revisionNumber()))
                .containsExactlyInAnyOrder(
                        "changed power «ВЛ-0,4кВ Ф-3» 0.4 kV, feature 2",
                        "added power «КЛ-10кВ» 10 kV, feature 9",
                        "removed water «Водовод пр. Назарбаева» Ø300 mm, feature 3 of revision "
                                + first.revisionNumber(),
                        "removed power «опора 2» 10 kV, feature 6 of revision " + first.revisionNumber());
        importer.publish(db, layer, draft.revisionNumber(), "editor", null);
        assertThat(idsAndNames(layer))
                .as("the lengthened line keeps its id; the removed features are gone")
                .startsWith(ids.replaceAll(", [0-9]+ (Водовод пр. Назарбаева|опора 2)", ""));

        // rolled back: the main and the pole come back under the ids they had
        importer.rollback(db, layer, "editor", null);
        assertThat(idsAndNames(layer)).isEqualTo(ids);
    }

    /**
     * A land editor imports a network's line that runs through one of their regions, wherever it
     * starts or ends, and a point that lies in one: a 220 kV line from a substation in the East across
     * the border into the North, its middle vertex in the North, is the East's editor's to import as
     * it is the North's; a line or a pole wholly in the other region is refused.
     */
    @Test
    void aLineIsTheEditorsWhenItRunsThroughOneOfTheirRegions() throws Exception {
        PgTarget regions = TestDatabases.fresh("network_regions");
        regions.migrate();
        int east;
        int north;
        try (Connection c = regions.connect();
                Statement st = c.createStatement()) {
            String insert = """
                    INSERT INTO region (kato_code, cadastral_code, name_kk, name_ru, name_en, geom)
                    VALUES ('%s', '%s', '%s', '%s', '%s', ST_Multi(ST_MakeEnvelope(%s, 4326))) RETURNING id""";
            try (ResultSet rs = st.executeQuery(
                    insert.formatted("630000000", "05", "Шығыс", "Восток", "East", "80, 48, 86, 50.2"))) {
                rs.next();
                east = rs.getInt(1);
            }
            try (ResultSet rs = st.executeQuery(
                    insert.formatted("590000000", "15", "Солтүстік", "Север", "North", "78, 50.2, 86, 54"))) {
                rs.next();
                north = rs.getInt(1);
            }
        }
        // row 1: from 49.97° N in the East to 50.705° N in the North, its middle vertex at 50.4° N;
        // row 2: a line wholly in the North; row 3: a pole in the North; row 4: a pole in the East
        List<TestFiles.Feature> features = new ArrayList<>();
        for (String[] f : List.of(
                new String[] {"ВЛ-220 длинная", "LineString", "[[82.6,49.97],[81.5,50.4],[80.5,50.705]]"},
                new String[] {"ВЛ-10 северная", "LineString", "[[81.0,50.5],[81.1,50.6]]"},
                new String[] {"опора северная", "Point", "[81.0,50.5]"},
                new String[] {"опора восточная", "Point", "[82.6,49.97]"})) {
            features.add(new TestFiles.Feature(
                    new LinkedHashMap<>(Map.of("Вид сети", "ЛЭП", "Наименование", f[0], "Напряжение, кВ", "10")),
                    "{\"type\":\"%s\",\"coordinates\":%s}".formatted(f[1], f[2])));
        }
        Path file = geojson(dir.resolve("across-regions.geojson"), features);

        Map<String, Integer> editors = new LinkedHashMap<>();
        editors.put("East", east);
        editors.put("North", north);
        List<String> outcomes = new ArrayList<>();
        for (Map.Entry<String, Integer> editor : editors.entrySet()) {
            LayerImporter.Draft draft = importer.importFile(
                    regions,
                    new LayerImporter.Request(
                            "networks-" + editor.getKey().toLowerCase(Locale.ROOT),
                            file,
                            networks,
                            null,
                            null,
                            null,
                            editor.getKey().toLowerCase(Locale.ROOT) + "-editor",
                            java.util.Set.of(editor.getValue()),
                            dir.resolve("work")));
            outcomes.add(editor.getKey() + ": " + draft.accepted() + " accepted");
            draft.issues().stream()
                    .filter(i -> i.code().equals("outside_region"))
                    .forEach(i -> outcomes.add(i.row() + " " + i.message()));
        }
        // the file's middle lies in the North, and the East's layer is warned its system may be one zone
        // off: its rows say so first
        String wrongSystem = ": the file's coordinate system may be one zone off (see the file's placement warning),"
                + " so check its .prj or pass the right one; if the feature is truly there,";
        assertThat(outcomes)
                .containsExactly(
                        "East: 2 accepted",
                        "2 the feature lies outside your region (East)" + wrongSystem + " you may not import it",
                        "3 the feature lies outside your region (East)" + wrongSystem + " you may not import it",
                        "North: 3 accepted",
                        "4 the feature lies outside your region (North): you may not import it");
        IssueDetails.assertWorded(regions);
    }

    /**
     * A network's feature is counted in the region holding the largest share of it: a 171 km line, 74
     * km of it running east in East Kazakhstan and 97 km, most of them running north, in Abai, is
     * Abai's, though its middle vertex lies in East Kazakhstan and its length in degrees is mostly
     * there; a pole where it stands. V107 counts the features published before so too.
     */
    @Test
    void aLineIsCountedInTheRegionOfTheLargestShareOfItsLength() throws Exception {
        PgTarget places = TestDatabases.fresh("network_places");
        places.migrate();
        try (Connection c = places.connect();
                Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO region (kato_code, cadastral_code, name_kk, name_ru, name_en, geom) VALUES
                    ('100000000', '23', 'Абай', 'Абай', 'Abai', ST_Multi(ST_MakeEnvelope(76, 46, 82, 50, 4326))),
                    ('630000000', '05', 'Шығыс Қазақстан', 'Восточно-Казахстанская', 'East Kazakhstan',
                     ST_Multi(ST_MakeEnvelope(82, 46, 87, 51, 4326)))""");
        }
        // row 1: 0.993° (74 km) east of 82° E along 48° N, then 0.1° (7 km) west of it and 0.806° (90
        // km) north; row 2: a pole in East Kazakhstan; row 3: a line wholly in Abai
        List<TestFiles.Feature> features = new ArrayList<>();
        for (String[] f : List.of(
                new String[] {"ВЛ-220 Абай", "LineString", "[[82.993,48],[82.5,48],[81.9,48],[81.9,48.806]]"},
                new String[] {"опора", "Point", "[82.6,48.1]"},
                new String[] {"ВЛ-10", "LineString", "[[80.0,48.0],[80.1,48.1]]"})) {
            features.add(new TestFiles.Feature(
                    new LinkedHashMap<>(Map.of("Вид сети", "ЛЭП", "Наименование", f[0], "Напряжение, кВ", "10")),
                    "{\"type\":\"%s\",\"coordinates\":%s}".formatted(f[1], f[2])));
        }
        Path file = geojson(dir.resolve("largest-share.geojson"), features);
        LayerImporter.Draft draft =
                importer.importFile(places, TestFiles.request("networks-places", file, networks, dir));
        assertThat(draft.accepted()).isEqualTo(3);
        importer.publish(places, "networks-places", draft.revisionNumber(), "editor", null);
        String counted = """
                SELECT string_agg(n.name || ' ' || coalesce(r.name_en, '-'), ', ' ORDER BY n.name)
                FROM network n LEFT JOIN region r ON r.id = n.region_id""";
        String expected = "ВЛ-10 Abai, ВЛ-220 Абай Abai, опора East Kazakhstan";
        assertThat(TestDatabases.value(places, counted)).isEqualTo(expected);

        // as the features were placed before: by one point of them
        TestDatabases.execute(places, """
                UPDATE network n SET region_id = (SELECT r.id FROM region r
                                                  WHERE ST_Intersects(r.geom, ST_PointOnSurface(n.geom)) LIMIT 1)""");
        assertThat(TestDatabases.value(places, counted))
                .as("the old rule")
                .isEqualTo("ВЛ-10 Abai, ВЛ-220 Абай East Kazakhstan, опора East Kazakhstan");
        TestDatabases.execute(places, TestDatabases.migration(CustomLayerImportIT.V107));
        assertThat(TestDatabases.value(places, counted)).isEqualTo(expected);
    }

    /** Every column of a networks layer's public features, in a fixed order. */
    private static String layerRows(String layer) throws SQLException {
        return query("""
                SELECT string_agg(concat_ws(' | ', n.kind, ST_AsText(n.geom), n.name, n.operator_name, n.capacity,
                                            n.free_capacity, n.voltage_kv, n.pressure_class, n.diameter_mm, n.extra,
                                            n.region_id),
                                  E'\\n' ORDER BY n.id)
                FROM network n JOIN layer_revision r ON r.id = n.layer_revision_id
                JOIN layer l ON l.id = r.layer_id WHERE l.code = '%s'""".formatted(layer));
    }

    /**
     * The changed features of a draft, each as its name and voltage after and, after {@code <-}, the
     * name and voltage of the public feature it was paired with (by the key it had).
     */
    private static String pairedChanges(long revision, String layer) throws SQLException {
        return query("""
                SELECT string_agg(s.name || ' ' || s.voltage_kv || ' <- ' || p.name || ' ' || p.voltage_kv, ', '
                                  ORDER BY s.name)
                FROM revision_change c
                JOIN network_snapshot s ON s.layer_revision_id = c.layer_revision_id AND s.feature_key = c.plot_key
                JOIN (SELECT n.*, %s AS feature_key FROM network n
                      JOIN layer_revision r ON r.id = n.layer_revision_id JOIN layer l ON l.id = r.layer_id
                      WHERE l.code = '%s') p ON p.feature_key = coalesce(c.previous_key, c.plot_key)
                WHERE c.layer_revision_id = %d AND c.change = 'changed'
                """.formatted(NetworkRevisions.FEATURE_KEY, layer, revision));
    }

    /** Count, kinds and the smallest and largest distance (m) of the plots of a layer. */
    private static String distances(String layer) {
        return """
                SELECT count(*) || ' ' || string_agg(DISTINCT kind, ',') || ' ' || round(min(distance_m)) || ' '
                       || round(max(distance_m))
                FROM plot_network_distance WHERE plot_layer_id = (SELECT id FROM layer WHERE code = '%s')
                """.formatted(layer);
    }

    /** SQL: network {@code network} is a feature of the layer of the generator's networks. */
    private static final String OF_SEMEY = "layer_revision_id IN (SELECT r.id FROM layer_revision r JOIN layer l"
            + " ON l.id = r.layer_id WHERE l.code = 'networks-semey')";

    @Test
    void theGeneratorsNetworksArePublishedAndRolledBack() throws Exception {
        new CadastreGenerator(new CadastreGenerator.Options(List.of(DemoCity.byCode("semey")), 300, 0, 11))
                .generate(dir.resolve("gen"));
        Path file = dir.resolve("gen/networks.geojson");
        LayerImporter.Draft first = importInto("networks-semey", file);
        assertThat(first.rejected()).isZero();
        assertThat(first.diff().added()).isEqualTo(first.features());
        importer.publish(
                db, "networks-semey", first.revisionNumber(), "editor", "Әкімдік қаулысы № 12, 2026 жылғы 15 наурыз");
        long features = first.features();
        assertThat(query("SELECT count(*) FROM network WHERE " + OF_SEMEY)).isEqualTo(String.valueOf(features));
        assertThat(query("SELECT count(DISTINCT kind) FROM network WHERE " + OF_SEMEY))
                .isEqualTo("6");

        // the same file: nothing to publish
        assertThat(importInto("networks-semey", file).diff().isEmpty()).isTrue();

        // a second version: every gas main has no free capacity left
        String text = Files.readString(file);
        String changed = text.replaceAll("(\"kind\":\"gas\"[^}]*\"free_capacity\":)[0-9.]+", "$10");
        Path v2 = Files.writeString(dir.resolve("networks-v2.geojson"), changed);
        LayerImporter.Draft second = importInto("networks-semey", v2);
        long gas = Long.parseLong(
                query("SELECT count(*) FROM network WHERE " + OF_SEMEY + " AND kind = 'gas' AND free_capacity > 0"));
        assertThat(second.diff().changed()).isEqualTo(gas).isPositive();
        importer.publish(db, "networks-semey", second.revisionNumber(), "editor", null);
        assertThat(query("SELECT count(*) FROM network WHERE " + OF_SEMEY + " AND kind = 'gas' AND free_capacity > 0"))
                .isEqualTo("0");

        importer.rollback(db, "networks-semey", "editor", "Қате файл жүктелді");
        assertThat(query("SELECT count(*) FROM network WHERE " + OF_SEMEY + " AND kind = 'gas' AND free_capacity > 0"))
                .isEqualTo(String.valueOf(gas));
        assertThat(query("SELECT count(*) FROM network WHERE " + OF_SEMEY)).isEqualTo(String.valueOf(features));

        // a networks layer has no status history: the audit log is where the reasons are kept, as
        // given (none for the second revision), with the revision a rollback retired
        assertThat(query("""
                        SELECT string_agg(action || ' ' || coalesce(details ->> 'revision', details ->> 'from_revision')
                                          || coalesce(' -> ' || (details ->> 'to_revision'), '') || ' '
                                          || coalesce(details ->> 'reason', jsonb_typeof(details -> 'reason')), ' | '
                                          ORDER BY id)
                        FROM audit_log WHERE entity_id = 'networks-semey' AND action IN ('layer.publish', 'layer.rollback')
                        """))
                .isEqualTo("layer.publish %d Әкімдік қаулысы № 12, 2026 жылғы 15 наурыз | layer.publish %d null"
                                .formatted(first.revisionNumber(), second.revisionNumber())
                        + " | layer.rollback %d -> %d Қате файл жүктелді"
                                .formatted(second.revisionNumber(), first.revisionNumber()));
    }

    @Test
    void aUtilitysShapefileWithRussianFieldsAndWords() throws Exception {
        List<TestFiles.Feature> lines = new ArrayList<>();
        String[][] rows = {
            {"Газопровод", "Газопровод Ø108", "среднее", "108", "", "1200", "300"},
            {"ЛЭП", "ВЛ-10 кВ ф. 4", "", "", "10", "2500", "0"},
            {"Водопровод", "Водовод Ø300", "", "300", "", "5000", "abc"},
            {"Канализация", "Коллектор", "Г1 (высокое)", "-5", "", "", ""},
            {"Трамвай", "Линия 2", "", "", "", "", ""},
        };
        for (int i = 0; i < rows.length; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("VID_SETI", rows[i][0]);
            p.put("NAIM", rows[i][1]);
            p.put("DAVLENIE", rows[i][2].isEmpty() ? null : rows[i][2]);
            p.put("DIAMETR", rows[i][3].isEmpty() ? null : rows[i][3]);
            p.put("NAPR_KV", rows[i][4].isEmpty() ? null : rows[i][4]);
            p.put("MOSHNOST", rows[i][5].isEmpty() ? null : rows[i][5]);
            p.put("REZERV", rows[i][6].isEmpty() ? null : rows[i][6]);
            p.put("PRIMECH", "участок " + i);
            double y = 50.40 + i * 0.002;
            lines.add(new TestFiles.Feature(
                    p,
                    String.format(
                            Locale.ROOT,
                            "{\"type\":\"LineString\",\"coordinates\":[[80.20,%f],[80.23,%f]]}",
                            y,
                            y + 0.0005)));
        }
        Path shp = TestFiles.shapefile(
                dir.resolve("util"), "seti", lines, "-t_srs", "EPSG:32644", "-lco", "ENCODING=CP1251");
        LayerImporter.Draft draft =
                importInto("networks-util", TestFiles.zip(dir.resolve("util.zip"), TestFiles.shapefileParts(shp)));
        assertThat(draft.accepted()).isEqualTo(4);
        assertThat(draft.issues()).anySatisfy(i -> {
            assertThat(i.row()).isEqualTo(5L);
            assertThat(i.code()).isEqualTo("unknown_kind");
            // quoted as the file writes it, as every other value is; the clerk's own correction first
            assertThat(i.message())
                    .startsWith("the network kind 'Трамвай' is not known: correct the cell to one of the known words"
                            + " («электроснабжение» / «электрмен жабдықтау» (power), «газоснабжение» / «газбен"
                            + " жабдықтау» (gas), «водоснабжение» / «сумен жабдықтау» (water), «водоотведение» / «су"
                            + " бұру» (sewerage), «теплоснабжение» / «жылумен жабдықтау» (heating), «связь» /"
                            + " «байланыс» (telecom)); a profile of your own may map it");
        });
        assertThat(draft.issues()).anySatisfy(i -> {
            assertThat(i.row()).isEqualTo(4L);
            assertThat(i.code()).isEqualTo("unknown_pressure_class");
            assertThat(i.message())
                    .isEqualTo("the pressure class 'Г1 (высокое)' is not low, medium or high; it was left" + " empty");
        });
        assertThat(draft.issues())
                .anyMatch(i -> Long.valueOf(3).equals(i.row()) && i.code().equals("bad_number"));
        assertThat(draft.issues())
                .anyMatch(i -> Long.valueOf(4).equals(i.row()) && i.code().equals("bad_number"));
        assertThat(query(
                        "SELECT string_agg(kind || ' ' || coalesce(pressure_class, '-') || ' ' || coalesce(diameter_mm::text,"
                                + " '-') || ' ' || (extra->>'PRIMECH'), '; ' ORDER BY source_row) FROM network_snapshot"
                                + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("gas medium 108 участок 0; power - - участок 1; water - 300 участок 2;"
                        + " sewerage - - участок 3");
    }

    @Test
    void aLineRejectedOnReimportKeepsItsPublishedVersion() throws Exception {
        List<TestFiles.Feature> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("vid_seti", i == 2 ? "ЛЭП" : "газопровод");
            p.put("naim", "Линия " + (i + 1));
            double y = 50.47 + i * 0.002;
            lines.add(new TestFiles.Feature(
                    p,
                    String.format(
                            Locale.ROOT, "{\"type\":\"LineString\",\"coordinates\":[[80.20,%f],[80.23,%f]]}", y, y)));
        }
        String layer = "networks-kept";
        importer.publish(
                db,
                layer,
                importInto(layer, geojson(dir.resolve("kept/v1.geojson"), lines))
                        .revisionNumber(),
                "editor",
                null);
        // the next export, with a typo in line 2's kind: the row is rejected, the public line stays
        List<TestFiles.Feature> typo = new ArrayList<>(lines);
        typo.set(1, typo.get(1).with("vid_seti", "газапровод"));
        typo.set(2, typo.get(2).with("naim", "ЛЭП 10 кВ"));
        LayerImporter.Draft draft = importInto(layer, geojson(dir.resolve("kept/v2.geojson"), typo));
        assertThat(draft.rejected()).isEqualTo(1);
        assertThat(draft.diff()).isEqualTo(new LayerImporter.Diff(0, 1, 0, 2));
        assertThat(draft.issues())
                .anyMatch(i -> Long.valueOf(2).equals(i.row()) && i.code().equals("kept_published"));
        importer.publish(db, layer, draft.revisionNumber(), "editor", null);
        assertThat(query("""
                        SELECT string_agg(n.name || ' ' || n.kind, ', ' ORDER BY n.name) FROM network n
                        JOIN layer_revision r ON r.id = n.layer_revision_id JOIN layer l ON l.id = r.layer_id
                        WHERE l.code = '%s'""".formatted(layer))).isEqualTo("ЛЭП 10 кВ power, Линия 1 gas, Линия 2 gas");
    }

    @Test
    void aGeoPackageOfLinesAndOfPointsFillsOneNetworksLayer() throws Exception {
        List<TestFiles.Feature> mains = new ArrayList<>();
        List<TestFiles.Feature> wells = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("vid_seti", "водопровод");
            p.put("naim", "Водовод " + (i + 1));
            p.put("diametr", "Ду" + (100 + i * 50));
            double y = 50.52 + i * 0.002;
            mains.add(new TestFiles.Feature(
                    p,
                    String.format(
                            Locale.ROOT, "{\"type\":\"LineString\",\"coordinates\":[[80.20,%f],[80.23,%f]]}", y, y)));
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("vid_seti", "водопровод");
            q.put("naim", "Колодец " + (i + 1));
            wells.add(new TestFiles.Feature(
                    q, String.format(Locale.ROOT, "{\"type\":\"Point\",\"coordinates\":[80.20,%f]}", y)));
        }
        Path gpkg = dir.resolve("water.gpkg");
        TestFiles.ogr2ogr(
                "-f",
                "GPKG",
                gpkg.toString(),
                geojson(dir.resolve("water/wells.geojson"), wells).toString(),
                "-nln",
                "wells");
        TestFiles.ogr2ogr(
                "-update",
                gpkg.toString(),
                geojson(dir.resolve("water/mains.geojson"), mains).toString(),
                "-nln",
                "mains");
        // beside them the project's plots (polygons) and a table of owners, left out and named
        TestFiles.ogr2ogr(
                "-update",
                gpkg.toString(),
                geojson(dir.resolve("water/plots.geojson"), TestFiles.plots(1)).toString(),
                "-nln",
                "uchastki");
        Path owners = Files.writeString(dir.resolve("water/owners.csv"), "naim,owner\nВодовод 1,ГКП Алматы Су\n");
        TestFiles.ogr2ogr("-update", gpkg.toString(), owners.toString(), "-nln", "vladeltsy");
        LayerImporter.Draft draft = importInto("networks-water", gpkg);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(4);
        assertThat(draft.issues())
                .anyMatch(
                        i -> (i.message().startsWith("the file holds 2 layers of lines or points (wells, mains)")
                                        || i.message()
                                                .startsWith(
                                                        "the file holds 2 layers of lines or points (mains, wells)"))
                                && i.message()
                                        .endsWith(
                                                ": all of them were read into the networks layer; its other layers"
                                                        + " (uchastki, vladeltsy) hold no lines or points with features and were not read"))
                .noneMatch(i -> i.code().equals("gdal"));
        assertThat(query(
                        "SELECT string_agg(name || ' ' || GeometryType(geom) || ' ' || coalesce(diameter_mm::text, '-'),"
                                + " ', ' ORDER BY name) FROM network_snapshot WHERE layer_revision_id = "
                                + draft.revisionId()))
                .isEqualTo("Водовод 1 LINESTRING 100, Водовод 2 LINESTRING 150, Колодец 1 POINT -, Колодец 2 POINT -");
    }

    /** Everything an import into networks layers could change, as text. */
    private static String networksState() throws Exception {
        return query("""
                SELECT (SELECT count(*) FROM layer) || ' layers, '
                    || (SELECT count(*) FROM layer_revision) || ' revisions, '
                    || (SELECT count(*) FROM network_snapshot) || ' snapshot rows, '
                    || (SELECT count(*) FROM import_issue) || ' issues, '
                    || (SELECT count(*) FROM audit_log) || ' audit entries, '
                    || (SELECT count(*) FROM information_schema.tables WHERE table_schema = 'staging')
                    || ' staging tables; public: ' || coalesce((SELECT md5(string_agg(concat_ws('|', id, kind, name,
                       ST_AsText(geom)), ';' ORDER BY id)) FROM network), 'none')
                """);
    }

    /** Gas mains near Oskemen, {@code row} hundredths of a degree north: a layer of lines without a kind field. */
    private static Path gasMains(Path gpkg, String layer, int row, int count) throws Exception {
        List<TestFiles.Feature> mains = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("naim", layer + " " + (i + 1));
            double y = 49.90 + row * 0.01 + i * 0.002;
            mains.add(new TestFiles.Feature(
                    p,
                    String.format(
                            Locale.ROOT, "{\"type\":\"LineString\",\"coordinates\":[[82.60,%f],[82.63,%f]]}", y, y)));
        }
        Path geojson = geojson(dir.resolve("gas/" + layer + ".geojson"), mains);
        if (Files.exists(gpkg)) {
            TestFiles.ogr2ogr("-update", "-nln", layer, gpkg.toString(), geojson.toString());
        } else {
            TestFiles.ogr2ogr("-f", "GPKG", "-nln", layer, gpkg.toString(), geojson.toString());
        }
        return gpkg;
    }

    @Test
    void aFileAllOfOneKindWithTwoLayersOfLinesIsRefusedUntilOneIsNamed() throws Exception {
        MappingProfile gas = MappingProfile.forImport(null, "gas");
        String layer = "gas-archive";
        LayerImporter.Draft published = importInto(layer, gasMains(dir.resolve("gas/v1.gpkg"), "mains", 0, 2), gas);
        importer.publish(db, layer, published.revisionNumber(), "editor", null);
        // this year's mains and the mains of 2019, both of lines, and their wells: which lines are meant
        // cannot be told, and read together the network would hold both
        Path gpkg = gasMains(dir.resolve("gas/v2.gpkg"), "gazoprovod_2019", 1, 3);
        gasMains(gpkg, "gazoprovod", 2, 2);
        Map<String, Object> well = new LinkedHashMap<>(Map.of("naim", "ГРП 1"));
        TestFiles.ogr2ogr(
                "-update",
                "-nln",
                "grp",
                gpkg.toString(),
                geojson(
                                dir.resolve("gas/grp.geojson"),
                                List.of(new TestFiles.Feature(
                                        well, "{\"type\":\"Point\",\"coordinates\":[82.60,49.92]}")))
                        .toString());
        String before = networksState();
        assertThatThrownBy(() -> importInto(layer, gpkg, gas))
                .isInstanceOf(BadSourceException.class)
                .hasMessage("the file holds 2 layers of lines with features (gazoprovod_2019, gazoprovod), and every"
                        + " feature of the file is taken to be of the network kind given (gas); name the one to"
                        + " import as the layer in the file (e.g. gazoprovod_2019), or send one layer at a time")
                .extracting(e -> ((BadSourceException) e).problem())
                .isEqualTo(SourceProblem.SEVERAL_DATASETS);
        assertThat(networksState())
                .as("nothing written, the public layer as it was")
                .isEqualTo(before);
        // named, the layer is read alone
        LayerImporter.Draft named = importer.importFile(
                db,
                new LayerImporter.Request(
                        layer, gpkg, gas, null, null, "gazoprovod", "editor", null, dir.resolve("work")));
        assertThat(named.accepted()).as(named.issues().toString()).isEqualTo(2);
        // without a kind given, each feature's own kind says which network it is: read whole, as before
        Path kinds = dir.resolve("gas/kinds.gpkg");
        for (String name : List.of("gas", "water")) {
            Map<String, Object> p =
                    new LinkedHashMap<>(Map.of("vid_seti", name.equals("gas") ? "газопровод" : "водопровод"));
            TestFiles.ogr2ogr(
                    Files.exists(kinds) ? "-update" : "-overwrite",
                    "-f",
                    "GPKG",
                    "-nln",
                    name,
                    kinds.toString(),
                    geojson(
                                    dir.resolve("gas/kind-" + name + ".geojson"),
                                    List.of(new TestFiles.Feature(
                                            p,
                                            "{\"type\":\"LineString\",\"coordinates\":[[82.60,49.97],[82.63,49.97]]}")))
                            .toString());
        }
        assertThat(importInto("networks-kinds", kinds).accepted()).isEqualTo(2);
    }

    @Test
    void aFileAllOfOneKindWithOneLayerOfLinesAndOneOfPointsIsReadWhole() throws Exception {
        Path gpkg = gasMains(dir.resolve("gas/mains-and-wells.gpkg"), "mains", 3, 2);
        TestFiles.ogr2ogr(
                "-update",
                "-nln",
                "wells",
                gpkg.toString(),
                geojson(
                                dir.resolve("gas/wells.geojson"),
                                List.of(new TestFiles.Feature(
                                        new LinkedHashMap<>(Map.of("naim", "ГРП 2")),
                                        "{\"type\":\"Point\",\"coordinates\":[82.60,49.93]}")))
                        .toString());
        LayerImporter.Draft draft = importInto("gas-whole", gpkg, MappingProfile.forImport(null, "gas"));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(query("SELECT string_agg(DISTINCT kind, ',') FROM network_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("gas");
        // the revision names both layers it read
        assertThat(query("SELECT source_layer FROM layer_revision WHERE id = " + draft.revisionId()))
                .isEqualTo("mains, wells");
    }

    @Test
    void aNetworksFileOfSeveralLayersOfAnyGeometryTypeIsRefusedUntilOneIsNamed() throws Exception {
        // layers typed as geometries of any type (a drawing converted as it is) may hold polygons: the
        // first was read alone before, with a note
        Path gpkg = dir.resolve("gas/untyped.gpkg");
        for (String name : List.of("sloi_1", "sloi_2")) {
            TestFiles.ogr2ogr(
                    Files.exists(gpkg) ? "-update" : "-overwrite",
                    "-f",
                    "GPKG",
                    "-nlt",
                    "GEOMETRY",
                    "-nln",
                    name,
                    gpkg.toString(),
                    geojson(
                                    dir.resolve("gas/" + name + ".geojson"),
                                    List.of(new TestFiles.Feature(
                                            new LinkedHashMap<>(Map.of("vid_seti", "газопровод")),
                                            "{\"type\":\"LineString\",\"coordinates\":[[82.60,49.98],[82.63,49.98]]}")))
                            .toString());
        }
        String before = networksState();
        assertThatThrownBy(() -> importInto("networks-untyped", gpkg))
                .isInstanceOf(BadSourceException.class)
                .hasMessage("the file holds 2 layers with features of any geometry type (sloi_1, sloi_2); name the"
                        + " one to import as the layer in the file (e.g. sloi_1), or send one layer at a time");
        assertThat(networksState()).isEqualTo(before);
    }

    @Test
    void aZipOfShapefilesOfLinesAndOfPointsFillsOneNetworksLayerAsAGeoPackageDoes() throws Exception {
        // a utility's export: mains, their wells, and the plots they serve, each a Shapefile
        List<TestFiles.Feature> mains = new ArrayList<>();
        List<TestFiles.Feature> wells = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("vid_seti", "водопровод");
            p.put("naim", "Водовод " + (i + 1));
            p.put("diametr", "Ду" + (100 + i * 50));
            double y = 50.62 + i * 0.002;
            mains.add(new TestFiles.Feature(
                    p,
                    String.format(
                            Locale.ROOT, "{\"type\":\"LineString\",\"coordinates\":[[80.20,%f],[80.23,%f]]}", y, y)));
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("vid_seti", "водопровод");
            q.put("naim", "Колодец " + (i + 1));
            wells.add(new TestFiles.Feature(
                    q, String.format(Locale.ROOT, "{\"type\":\"Point\",\"coordinates\":[80.20,%f]}", y)));
        }
        List<Path> parts = new ArrayList<>();
        for (Map.Entry<String, List<TestFiles.Feature>> layer : Map.of(
                        "mains", mains, "wells", wells, "uchastki", TestFiles.plots(2, 33))
                .entrySet()) {
            parts.addAll(TestFiles.shapefileParts(TestFiles.convert(
                    geojson(dir.resolve("water-zip/" + layer.getKey() + ".geojson"), layer.getValue()),
                    dir.resolve("water-zip/shp/" + layer.getKey() + ".shp"),
                    "ESRI Shapefile",
                    "-lco",
                    "ENCODING=UTF-8")));
        }
        Path zip = TestFiles.zip(dir.resolve("water-shp.zip"), parts);
        LayerImporter.Draft draft = importInto("networks-water-shp", zip);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(4);
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("the archive holds 3 .shp files (mains.shp, uchastki.shp, wells.shp); those of lines"
                                + " or points (mains.shp, wells.shp) were read"))
                .anyMatch(i -> i.message().startsWith("the file holds 2 layers of lines or points (wells, mains)")
                        || i.message().startsWith("the file holds 2 layers of lines or points (mains, wells)"))
                .noneMatch(i -> i.code().equals("gdal"));
        assertThat(query(
                        "SELECT string_agg(name || ' ' || GeometryType(geom) || ' ' || coalesce(diameter_mm::text, '-'),"
                                + " ', ' ORDER BY name) FROM network_snapshot WHERE layer_revision_id = "
                                + draft.revisionId()))
                .isEqualTo("Водовод 1 LINESTRING 100, Водовод 2 LINESTRING 150, Колодец 1 POINT -, Колодец 2 POINT -");
    }

    @Test
    void aFeatureOfAZipOfShapefilesIsNamedByItsFileAndItsRowThere() throws Exception {
        // two mains and three wells, the third well drawn over the second: the report names it as
        // wells.shp's attribute table shows it, not by its place among the five features read
        List<TestFiles.Feature> mains = new ArrayList<>();
        List<TestFiles.Feature> wells = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            double y = 50.72 + i * 0.002;
            if (i < 2) {
                mains.add(new TestFiles.Feature(
                        new LinkedHashMap<>(Map.of("vid_seti", "водопровод", "naim", "Водовод " + (i + 1))),
                        String.format(
                                Locale.ROOT,
                                "{\"type\":\"LineString\",\"coordinates\":[[80.20,%f],[80.23,%f]]}",
                                y,
                                y)));
            }
            wells.add(new TestFiles.Feature(
                    new LinkedHashMap<>(Map.of("vid_seti", "водопровод", "naim", "Колодец " + Math.min(i + 1, 2))),
                    String.format(
                            Locale.ROOT,
                            "{\"type\":\"Point\",\"coordinates\":[80.20,%f]}",
                            50.72 + Math.min(i, 1) * 0.002)));
        }
        List<Path> parts = new ArrayList<>();
        for (Map.Entry<String, List<TestFiles.Feature>> layer :
                Map.of("mains", mains, "wells", wells).entrySet()) {
            parts.addAll(TestFiles.shapefileParts(TestFiles.convert(
                    geojson(dir.resolve("rows-zip/" + layer.getKey() + ".geojson"), layer.getValue()),
                    dir.resolve("rows-zip/shp/" + layer.getKey() + ".shp"),
                    "ESRI Shapefile",
                    "-lco",
                    "ENCODING=UTF-8")));
        }
        LayerImporter.Draft draft = importInto("networks-rows-shp", TestFiles.zip(dir.resolve("rows-shp.zip"), parts));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(4);
        assertThat(draft.issues())
                .filteredOn(i -> "duplicate_geometry".equals(i.code()))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.fileRow()).isEqualTo(3);
                    assertThat(i.rowLayer()).isEqualTo("wells.shp");
                    assertThat(i.message()).startsWith("the same water feature as row 2 of wells.shp (");
                    assertThat(i.detail()).containsEntry("row", "2 (wells.shp)");
                    assertThat(ReportText.issues(List.of(i))).startsWith("  feature 3 of wells.shp  rejected");
                });
        // the numbering is kept with the revision: the report read again names the feature alike
        assertThat(importer.issues(db, "networks-rows-shp", draft.revisionNumber(), 100)
                        .first())
                .filteredOn(i -> "duplicate_geometry".equals(i.code()))
                .singleElement()
                .satisfies(i -> assertThat(i.fileRow() + " " + i.rowLayer()).isEqualTo("3 wells.shp"));
    }

    @Test
    void pointsWhoseCoordinatesAreInDegreesMinutesAndSeconds() throws Exception {
        Path csv = Files.writeString(
                dir.resolve("wells.csv"),
                "name;kind;Долгота;Широта\nскважина 1;водопровод;80°12'00\"E;50°24'36\"N\n"
                        + "скважина 2;водопровод;80,21;50,41\n");
        LayerImporter.Draft draft = importInto("networks-wells", csv);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(2);
        assertThat(draft.issues()).anyMatch(i -> i.message().startsWith("2 coordinates of the file are written in"));
        assertThat(query("SELECT string_agg(ST_AsText(geom), ' ' ORDER BY source_row) FROM network_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("POINT(80.2 50.41) POINT(80.21 50.41)");
    }

    @Test
    void aRowOfColumnNumbersUnderTheNamesOfAFileOfWellsIsLeftOutNotReadAsAPointOutsideKazakhstan() throws Exception {
        // a utility's register as its form prints it, the columns numbered under their names: read as a
        // well at 3° E, 4° N, the whole file was refused as lying outside Kazakhstan
        Path csv = Files.writeString(
                dir.resolve("wells-numbered.csv"),
                "Наименование;Вид сети;Долгота;Широта;Балансодержатель\r\n1;2;3;4;5\r\n"
                        + "Скважина 1;водопровод;82,6001;49,9501;ГКП «Өскемен Водоканал»\r\n"
                        + "Скважина 2;су құбыры;82,6011;49,9511;ГКП «Өскемен Водоканал»\r\n");
        LayerImporter.Draft draft = importInto("networks-wells-numbered", csv);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(2);
        assertThat(draft.rejected()).isZero();
        assertThat(query("SELECT string_agg(kind || ' ' || ST_AsText(geom), ', ' ORDER BY source_row)"
                        + " FROM network_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("water POINT(82.6001 49.9501), water POINT(82.6011 49.9511)");
        assertThat(fileIssues(draft, "file"))
                .contains("the row of column numbers under the column names (line 2) was left out: it holds no"
                        + " feature");
        // the rows after it keep their lines
        assertThat(draft.issues())
                .filteredOn(i -> i.fileRow() != null)
                .allSatisfy(i -> assertThat(i.fileRow()).isIn(3L, 4L));
    }

    @Test
    void anglesWithMinutesOrSecondsOfSixtyOrMoreAreNoPositionAndTheirCellIsNamed() throws Exception {
        // a surveyor's typo (68 seconds, 66 minutes) put the well kilometres off, published; a cell that is
        // no angle at all was said only as "no geometry"
        Path csv = Files.writeString(
                dir.resolve("wells-typos.csv"),
                "name;kind;Долгота;Широта\n"
                        + "скважина 1;водопровод;82°36'18\"E;49°56'53\"N\n"
                        + "скважина 2;водопровод;82°36'68\";49°56'53\"\n"
                        + "скважина 3;водопровод;82°36'18\";49°66'53\"\n"
                        + "скважина 4;водопровод;82 36 18;95 56 53\n"
                        + "скважина 5;водопровод;82:36:18;49:56:53\n");
        LayerImporter.Draft draft = importInto("networks-wells-typos", csv);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(2);
        // degrees, minutes and seconds between colons are read too
        assertThat(query("SELECT string_agg(ST_AsText(geom), ' ' ORDER BY source_row) FROM network_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("POINT(82.605 49.9480556) POINT(82.605 49.9480556)");
        assertThat(draft.issues())
                .filteredOn(i -> i.detail().get("key") != null
                        && i.detail().get("key").toString().startsWith("file_coordinate_"))
                .extracting(i -> i.message())
                .containsExactly(
                        "line 3: the coordinate '82°36'68\"' of the column Долгота is no angle: its seconds are 68"
                                + " (0 to 59): the feature has no geometry",
                        "line 4: the coordinate '49°66'53\"' of the column Широта is no angle: its minutes are 66"
                                + " (0 to 59): the feature has no geometry",
                        "line 5: the coordinate '95 56 53' of the column Широта is no angle: its degrees are 95, more"
                                + " than 90: the feature has no geometry");
    }

    @Test
    void aRowWhoseCoordinateCannotBeReadIsRejectedNamingItsCellNotAsHavingNoGeometry() throws Exception {
        // the report said only "the feature has no geometry" on the row, the cell and why on the file
        Path csv = Files.writeString(
                dir.resolve("wells-unread.csv"),
                "name;kind;Долгота;Широта\n"
                        + "скважина 1;водопровод;82°36'18\"E;49°56'53\"N\n"
                        + "скважина 2;водопровод;82°36'68\";49°56'53\"\n"
                        + "скважина 3;водопровод;82 36 18;95 56 53\n"
                        + "скважина 4;водопровод;около 82;49,9\n");
        LayerImporter.Draft draft = importInto("networks-wells-unread", csv);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(1);
        assertThat(rowIssues(draft, "empty_geometry")).isEmpty();
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null && i.severity().equals("rejected"))
                .extracting(i -> i.fileRow() + " " + i.code() + " " + i.detail().get("key") + " " + i.message())
                .containsExactly(
                        "3 coordinate_unread file_coordinate_seconds line 3: the coordinate '82°36'68\"' of the column"
                                + " Долгота is no angle: its seconds are 68 (0 to 59): the feature has no geometry",
                        "4 coordinate_unread file_coordinate_degrees line 4: the coordinate '95 56 53' of the column"
                                + " Широта is no angle: its degrees are 95, more than 90: the feature has no geometry",
                        "5 coordinate_unread file_coordinate_unread line 5: the coordinate 'около 82' of the column"
                                + " Долгота is neither a number of degrees (82.6050) nor degrees, minutes and seconds"
                                + " (82°36'18\"): the feature has no geometry");
    }

    @Test
    void aSecondsSignInACoordinateCellIsNoQuoteOfTheCsv() throws Exception {
        // «82°36'68"» left as written: GDAL took its " for a quote opening a value up to the end of the
        // line, and the row was said to hold fewer values than the columns
        Path csv = Files.writeString(
                dir.resolve("wells-seconds.csv"),
                "name;kind;Долгота;Широта;Примечание\n"
                        + "скважина 1;водопровод;82°36'18\";49°56'53\";новая\n"
                        + "скважина 2;водопровод;82°36'68\";49°56'53\";старая\n");
        LayerImporter.Draft draft = importInto("networks-wells-seconds", csv);
        assertThat(draft.issues())
                .noneMatch(i -> String.valueOf(i.detail().get("key")).startsWith("file_rows_short"));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(1);
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null && i.severity().equals("rejected"))
                .extracting(i -> i.fileRow() + " " + i.message())
                .containsExactly("3 line 3: the coordinate '82°36'68\"' of the column Долгота is no angle: its"
                        + " seconds are 68 (0 to 59): the feature has no geometry");
    }

    @Test
    void anglesWrittenWithColonsOrDotsOrAHemisphereWordBeforeThemAreRead() throws Exception {
        Path csv = Files.writeString(
                dir.resolve("wells-forms.csv"),
                "name;kind;Долгота;Широта\n"
                        + "скважина 1;водопровод;82:36:18;49:56:53\n"
                        + "скважина 2;водопровод;82.36.19;49.56.53\n"
                        + "скважина 3;водопровод;в.д. 82°36'20\";с.ш. 49°56'53\"\n"
                        + "скважина 4;водопровод;E 82°36'21\";N 49°56'53\"\n"
                        + "скважина 5;водопровод;ш.б. 82°36'22\";с.е. 49°56'53\"\n"
                        + "скважина 6;водопровод;с.ш. 82°36'23\";49°56'53\"\n"
                        + "скважина 7;водопровод;82:36;49:56:53\n");
        LayerImporter.Draft draft = importInto("networks-wells-forms", csv);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(5);
        assertThat(query("SELECT string_agg(ST_AsText(geom), ' ' ORDER BY source_row) FROM network_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("POINT(82.605 49.9480556) POINT(82.6052778 49.9480556) POINT(82.6055556 49.9480556)"
                        + " POINT(82.6058333 49.9480556) POINT(82.6061111 49.9480556)");
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null && i.severity().equals("rejected"))
                .extracting(i -> i.fileRow() + " " + i.message())
                .containsExactly(
                        "7 line 7: the coordinate 'с.ш. 82°36'23\"' of the column Долгота is marked as a latitude"
                                + " (с.ш.), and the column holds longitudes: the feature has no geometry",
                        "8 line 8: the coordinate '82:36' of the column Долгота is neither a number of degrees"
                                + " (82.6050) nor degrees, minutes and seconds (82°36'18\"): the feature has no"
                                + " geometry");
    }

    @Test
    void aSpreadsheetErrorInAMappedFieldOrACoordinateRejectsItsRow() throws Exception {
        // a lookup's failure left the name and a longitude as #Н/Д: the row was published nameless, or said
        // only to have no geometry; in a column the profile does not read it is said of the file only
        String rows = "Наименование;Вид сети;Долгота;Широта;Примечание\r\n"
                + "ТП-1;ТП;82,6050123;49,9480123;#ССЫЛКА!\r\n"
                + "#Н/Д;ТП;82,6060123;49,9480123;\r\n"
                + "ТП-3;ТП;#Н/Д;49,9480123;\r\n";
        LayerImporter.Draft draft = importInto(
                "networks-errors",
                Files.write(
                        dir.resolve("errors.csv"), rows.getBytes(java.nio.charset.Charset.forName("windows-1251"))));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(1);
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null && i.severity().equals("rejected"))
                .extracting(i -> i.fileRow() + " " + i.code() + " " + i.message())
                .containsExactly(
                        "3 cell_spreadsheet_error the value of «Наименование» is a spreadsheet error, #Н/Д, its"
                                + " formula failed: the row is not read without it; correct it in the spreadsheet and"
                                + " save the file again",
                        "4 cell_spreadsheet_error the value of «Долгота» is a spreadsheet error, #Н/Д, its formula"
                                + " failed: the row is not read without it; correct it in the spreadsheet and save the"
                                + " file again");
    }

    @Test
    void cellsSavedAsHashSignsAreSaidAsColumnsTooNarrowAndRejectTheirRow() throws Exception {
        // a CSV saved from a sheet whose capacity column was too narrow for its numbers: Excel writes «########»,
        // which was said as a failed formula
        String rows = "Наименование;Вид сети;Долгота;Широта;Мощность, кВт;Примечание\r\n"
                + "ТП-1;ТП;82,6050123;49,9480123;########;########\r\n"
                + "ТП-2;ТП;82,6060123;49,9480123;400;\r\n";
        LayerImporter.Draft draft = importInto(
                "networks-narrow",
                Files.write(
                        dir.resolve("narrow.csv"), rows.getBytes(java.nio.charset.Charset.forName("windows-1251"))));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(1);
        assertThat(draft.issues())
                .filteredOn(i -> i.row() == null && i.message().contains("########"))
                .extracting(i -> i.message())
                .containsExactly(
                        "cells saved as # signs, as a spreadsheet shows a value its column is too narrow for: 2"
                                + " («Мощность, кВт» on line 2: ########, «Примечание» on line 2: ########); they were read as"
                                + " empty (a row that needs the value is not imported): widen the columns in the spreadsheet"
                                + " and save the file again");
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null && i.severity().equals("rejected"))
                .extracting(i -> i.fileRow() + " " + i.code() + " " + i.message())
                .containsExactly("2 cell_too_narrow the value of «Мощность, кВт» was saved as ########, as a"
                        + " spreadsheet shows a value its column is too narrow for: the row is not read without it;"
                        + " widen the column in the spreadsheet and save the file again");
    }

    @Test
    void columnsXAndYInDegreesThatLieInKazakhstanEitherWayRoundAreNotPublishedUnlooked() throws Exception {
        // transformer stations in Oral (latitude 51.23, longitude 51.37), X written first as surveyors do:
        // read with X as the longitude they lay 18 km off, in Kazakhstan too, and were published unsaid
        Path csv = Files.writeString(
                dir.resolve("oral-tp.csv"),
                "Наименование;Вид;X;Y\nТП-1;ЛЭП;51,2301234;51,3701234\nТП-2;ЛЭП;51,2311234;51,3711234\n");
        LayerImporter.Imported held =
                importer.importAndPublish(db, TestFiles.request("networks-oral-xy", csv, networks, dir), "");
        assertThat(held.draft().accepted()).isEqualTo(2);
        assertThat(held.published()).isNull();
        assertThat(held.heldBackBy()).isEqualTo("file_xy_either_way");
        assertThat(held.draft().issues())
                .filteredOn(i -> "file_xy_either_way".equals(i.detail().get("key")))
                .singleElement()
                .satisfies(i -> assertThat(i.message())
                        .contains("with X as the longitude, the features lie ")
                        .contains("around longitude 51.231, latitude 51.371")
                        .contains("around longitude 51.371, latitude 51.231, 18.4 km away"));
        assertThat(importer.placementWarning(
                        db, "networks-oral-xy", held.draft().revisionNumber()))
                .isNotNull();
        // the same stations under the names of their axes, or X and Y that only one way lie in Kazakhstan
        for (String text : List.of(
                "Наименование;Вид;Широта;Долгота\nТП-1;ЛЭП;51,2301234;51,3701234\n",
                "Наименование;Вид;X;Y\nТП-1;ЛЭП;76,9501234;43,2501234\n")) {
            Path plain = Files.writeString(dir.resolve("tp.csv"), text);
            LayerImporter.Imported published = importer.importAndPublish(
                    db, TestFiles.request("networks-tp-" + text.length(), plain, networks, dir), "");
            assertThat(published.published()).as(text).isNotNull();
            assertThat(published.draft().issues())
                    .noneMatch(i -> "file_xy_either_way".equals(i.detail().get("key")));
        }
    }

    @Test
    void pointsWhoseDegreesMinutesAndSecondsAreSeparatedBySpaces() throws Exception {
        // as surveyors type them into a spreadsheet: the layer had no geometry at all
        Path csv = Files.writeString(
                dir.resolve("grp.csv"),
                "Вид сети;Наименование;Широта;Долгота\nГазопровод;ГРП-1;49 57 44.0;82 37 20.0\n"
                        + "Газопровод;ГРП-2;49 57,5;82 37 27,2 E\n");
        LayerImporter.Draft draft = importInto("networks-grp", csv);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(2);
        assertThat(draft.issues()).anyMatch(i -> i.message().startsWith("4 coordinates of the file are written in"));
        assertThat(query("SELECT string_agg(ST_AsText(geom), ' ' ORDER BY source_row) FROM network_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("POINT(82.6222222 49.9622222) POINT(82.6242222 49.9583333)");
    }

    @Test
    void aGoogleEarthFileWhoseFoldersNameTheNetworks() throws Exception {
        String placemark = "<Placemark><name>%s</name><LineString><coordinates>80.20,%s 80.23,%s</coordinates>"
                + "</LineString></Placemark>";
        Path kml = Files.writeString(dir.resolve("folders.kml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Сети</name>
                <Folder><name>Газопровод</name>%s%s</Folder>
                <Folder><name>ЛЭП 10 кВ</name>%s</Folder>
                <Folder><name>Су құбыры</name>%s</Folder>
                </Document></kml>
                """.formatted(
                        placemark.formatted("ул. Абая", "50.49", "50.49"),
                        placemark.formatted("ул. Ленина", "50.491", "50.491"),
                        placemark.formatted("ф. 4", "50.492", "50.492"),
                        placemark.formatted("водовод", "50.493", "50.493")));
        LayerImporter.Draft draft = importInto("networks-folders", kml);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(4);
        assertThat(draft.issues())
                .anyMatch(
                        i -> i.code().equals("field_recognised") && i.message().contains("'folder' is read as kind"));
        assertThat(query("SELECT string_agg(kind, ' ' ORDER BY source_row) FROM network_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("gas gas power water");
    }

    @Test
    void aGasUtilitysFileWithoutAKindFieldIsAllGasWhenTheEditorSaysSo() throws Exception {
        List<TestFiles.Feature> pipes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("Наименование", "Газопровод ул. Абая, " + i);
            p.put("Давление", "среднее");
            double y = 50.45 + i * 0.002;
            pipes.add(new TestFiles.Feature(
                    p,
                    String.format(
                            Locale.ROOT, "{\"type\":\"LineString\",\"coordinates\":[[80.20,%f],[80.23,%f]]}", y, y)));
        }
        Path file = geojson(dir.resolve("gas/pipes.geojson"), pipes);
        LayerImporter.Draft without = importInto("networks-gas", file);
        assertThat(without.accepted()).isZero();
        assertThat(without.issues()).anyMatch(i -> i.code().equals("missing_kind"));

        LayerImporter.Draft gas = importInto("networks-gas", file, networks.withNetworkKind("gas"));
        assertThat(gas.accepted()).isEqualTo(3);
        assertThat(gas.issues())
                .anyMatch(i -> i.code().equals("default_used") && i.message().contains("'gas'"));
        assertThat(query("SELECT string_agg(DISTINCT kind || ' ' || pressure_class, ',') FROM network_snapshot"
                        + " WHERE layer_revision_id = " + gas.revisionId()))
                .isEqualTo("gas medium");
    }

    @Test
    void theOperatorUnderItsUsualRussianAndKazakhNames() throws Exception {
        // a utility register: «Балансодержатель», its longer form, and the Kazakh «Балансұстаушы»
        String[] names = {"Балансодержатель", "Балансодержатель сети", "Балансұстаушы"};
        for (int n = 0; n < names.length; n++) {
            Path csv = Files.writeString(
                    dir.resolve("register-" + n + ".csv"),
                    "\uFEFFВид сети;Наименование;" + names[n] + ";WKT\r\n"
                            + "газопровод;Г1;ТОО «ВК РЭК»;LINESTRING(82.60" + n + " 50.32,82.60" + n + " 50.322)\r\n");
            LayerImporter.Draft draft = importInto("networks-register-" + n, csv);
            assertThat(draft.accepted()).as(names[n] + ": " + draft.issues()).isEqualTo(1);
            assertThat(query("SELECT operator_name || ' ' || extra FROM network_snapshot WHERE layer_revision_id = "
                            + draft.revisionId()))
                    .as(names[n])
                    .isEqualTo("ТОО «ВК РЭК» {}");
        }
    }

    @Test
    void anEmptyKindCellIsNoKindEvenWhenTheEditorNamesTheFilesKind() throws Exception {
        // the kind the editor names is for a file without a kind field: an empty cell of the file's
        // own kind field is not read as it
        Path csv = Files.writeString(
                dir.resolve("gas-register.csv"),
                "Вид сети;Наименование;WKT\r\n"
                        + "газопровод;Г1;LINESTRING(82.612 50.32,82.612 50.322)\r\n"
                        + ";Г2;LINESTRING(82.614 50.32,82.614 50.322)\r\n");
        LayerImporter.Draft draft = importInto("networks-gas-register", csv, networks.withNetworkKind("gas"));
        assertThat(draft.accepted()).isEqualTo(1);
        assertThat(draft.issues())
                .anyMatch(i -> i.row() != null
                        && i.row() == 2
                        && i.code().equals("missing_kind")
                        && i.message()
                                .equals("the feature has no network kind: its cell in the field 'Вид сети' is empty (a"
                                        + " profile's default is given only when the file has no such field)"))
                .noneMatch(i -> i.code().equals("default_used"));
    }

    @Test
    void polygonsAreNotNetworksAndAPlotsLayerIsNotANetworksLayer() throws Exception {
        Path plots = geojson(dir.resolve("plots.geojson"), TestFiles.plots(3, 31));
        assertThatThrownBy(() -> importInto("networks-poly", plots))
                .isInstanceOf(BadSourceException.class)
                .hasMessageContaining("a networks layer needs lines");
        importInto("plots-here", plots, MappingProfile.load("cadastre-export"));
        Path line = geojson(
                dir.resolve("line.geojson"),
                List.of(new TestFiles.Feature(
                        Map.of("kind", "gas"),
                        "{\"type\":\"LineString\",\"coordinates\":[[80.2,50.4],[80.3,50.41]]}")));
        assertThatThrownBy(() -> importInto("plots-here", line))
                .isInstanceOf(BadSourceException.class)
                .hasMessageContaining("layer plots-here is a plots layer");
        // the layer's kind is told before the file's geometry: the polygons would suit the plots profile
        assertThatThrownBy(() -> importInto("plots-here", plots))
                .isInstanceOf(BadSourceException.class)
                .hasMessageContaining("layer plots-here is a plots layer; the profile networks is for networks");
    }

    @Test
    void anExistingNetworksLayerImportedWithoutAProfileIsReadAsNetworks() throws Exception {
        Path gas = geojson(
                dir.resolve("gas-mains.geojson"),
                List.of(new TestFiles.Feature(
                        new LinkedHashMap<>(Map.of("kind", "gas", "name", "Газопровод")),
                        "{\"type\":\"LineString\",\"coordinates\":[[80.5,50.5],[80.6,50.51]]}")));
        LayerImporter.Draft first = importInto("networks-next-month", gas);
        importer.publish(db, "networks-next-month", first.revisionNumber(), "editor", null);
        // next month's file, with no profile named (the command line's and the upload's default)
        LayerImporter.Draft again = importInto("networks-next-month", gas, null);
        assertThat(again.accepted()).isEqualTo(1);
        assertThat(again.issues()).noneMatch(i -> i.code().equals("wrong_geometry_type"));
        // and a plots profile named for it is refused for the layer's kind, not the lines' geometry
        assertThatThrownBy(() -> importInto("networks-next-month", gas, MappingProfile.load("cadastre-export")))
                .isInstanceOf(BadSourceException.class)
                .hasMessageContaining(
                        "layer networks-next-month is a networks layer; the profile cadastre-export is for"
                                + " plots (use a networks profile, such as networks)");
    }

    @Test
    void kindsAndNumbersAsEngineersWriteThem() throws Exception {
        // «ВЛ-10кВ», «КЛ-0,4»: a line's kind with its voltage; numbers with their units
        String[][] rows = {
            {"ВЛ-10кВ", "10 кВ", "-"},
            {"ЛЭП 0,4 кВ", "0,4кВ", "-"},
            {"газопровод высокого давления", "-", "Ø89"},
            {"водопровод", "-", "d=100 мм"},
            {"КЛ-0,4", "0.4", "2х150"}
        };
        List<TestFiles.Feature> features = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            java.util.Map<String, Object> p = new java.util.LinkedHashMap<>();
            p.put("vid_seti", rows[i][0]);
            if (!rows[i][1].equals("-")) {
                p.put("napr_kv", rows[i][1]);
            }
            if (!rows[i][2].equals("-")) {
                p.put("diametr", rows[i][2]);
            }
            features.add(new TestFiles.Feature(
                    p,
                    String.format(
                            java.util.Locale.ROOT,
                            "{\"type\":\"LineString\",\"coordinates\":[[82.60,%.4f],[82.61,%.4f]]}",
                            49.95 + i * 0.001,
                            49.95 + i * 0.001)));
        }
        LayerImporter.Draft draft = importInto("networks-units", geojson(dir.resolve("units.geojson"), features));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(5);
        assertThat(query("SELECT string_agg(kind || ' ' || coalesce(voltage_kv::text, '-') || ' '"
                        + " || coalesce(diameter_mm::text, '-'), '; ' ORDER BY source_row) FROM network_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("power 10.00 -; power 0.40 -; gas - 89; water - 100; power 0.40 -");
        // two cables of 150 mm are no one diameter: named, and left empty
        assertThat(draft.issues())
                .anyMatch(i -> i.row() != null
                        && i.row() == 5
                        && i.code().equals("bad_number")
                        && i.message().contains("2х150"));
    }

    @Test
    void numbersInAnotherUnitAreConvertedToTheFieldsUnit() throws Exception {
        // as Russian drawings write them: a 0.38 kV street line in volts, a 500 mm collector in metres
        String[][] rows = {
            {"ВЛ", "380 В", "-", "-"},
            {"ЛЭП", "220 V", "-", "2,5 МВт"},
            {"Су бұру", "-", "Ø 0,5 м", "-"},
            {"водопровод", "-", "30 см", "10 л/с"},
            {"газопровод", "-", "4\"", "25 м3/ч"},
            {"ТП", "10 кВ", "10 кВ", "630 кВА"},
            {"водопровод", "0,4", "150", "120"}
        };
        List<TestFiles.Feature> features = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("kind", rows[i][0]);
            p.put("voltage_kv", rows[i][1].equals("-") ? null : rows[i][1]);
            p.put("diameter_mm", rows[i][2].equals("-") ? null : rows[i][2]);
            p.put("capacity", rows[i][3].equals("-") ? null : rows[i][3]);
            features.add(new TestFiles.Feature(
                    p,
                    String.format(
                            Locale.ROOT,
                            "{\"type\":\"LineString\",\"coordinates\":[[82.64,%.4f],[82.65,%.4f]]}",
                            49.95 + i * 0.001,
                            49.95 + i * 0.001)));
        }
        LayerImporter.Draft draft =
                importInto("networks-units-converted", geojson(dir.resolve("converted.geojson"), features));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(7);
        assertThat(query("SELECT string_agg(kind || ' ' || coalesce(voltage_kv::text, '-') || ' '"
                        + " || coalesce(diameter_mm::text, '-') || ' ' || coalesce(capacity::text, '-'), '; '"
                        + " ORDER BY source_row) FROM network_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("power 0.38 - -; power 0.22 - 2500.00; sewerage - 500 -; water - 300 864.00;"
                        + " gas - - 25.00; power 10.00 - -; water 0.40 150 120.00");
        // inches, a voltage given as a diameter, kVA for kW: no number rather than one in the wrong unit
        assertThat(draft.issues().stream()
                        .filter(i -> i.code().equals("bad_number"))
                        .map(i -> i.row() + " " + i.message())
                        .toList())
                .containsExactlyInAnyOrder(
                        "5 the diameter '4\"' is not a usable number; it was left empty",
                        "6 the diameter '10 кВ' is not a usable number; it was left empty",
                        "6 the capacity '630 кВА' is not a usable number; it was left empty");
    }

    @Test
    void quantitiesGroupedBySpacesWithAUnitAndPipeSizesAreRead() throws Exception {
        // a utility's register as a Russian Excel saves it: thousands grouped by a space or a no-break
        // space before the unit, pipes as outside diameter × wall
        String[][] rows = {
            {"газопровод", "Г1", "Ø159х4,5", "1 200 м3/ч"},
            {"газопровод", "Г2", "159х4,5", "1\u00a0200 м3/ч"},
            {"водопровод", "В2", "Ду100", "1 000 м3/сут"},
            {"водопровод", "В3", "ПЭ 110х6,6", "12,5 л/с"},
            {"ЛЭП", "КЛ", "2х150", "1 200 кВт"}
        };
        Path file = excelLines("n51_units.csv", "Вид сети;Наименование;Диаметр;Мощность", rows, 82.70);
        LayerImporter.Draft draft = importInto("networks-grouped", file);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(5);
        assertThat(query("SELECT string_agg(name || ' ' || coalesce(diameter_mm::text, '-') || ' '"
                        + " || coalesce(capacity::float8::text, '-') || ' ' || coalesce(extra ->> 'pipe_size', '-'),"
                        + " '; ' ORDER BY source_row) FROM network_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("Г1 159 1200 Ø159х4,5; Г2 159 1200 159х4,5; В2 100 1000 -; В3 110 1080 ПЭ 110х6,6;"
                        + " КЛ - 1200 -");
        // two cables of 150 mm² are still no diameter
        assertThat(draft.issues().stream()
                        .filter(i -> i.code().equals("bad_number"))
                        .map(i -> i.row() + " " + i.message())
                        .toList())
                .containsExactly("5 the diameter '2х150' is not a usable number; it was left empty");
    }

    @Test
    void aCommaBeforeThreeDigitsIsReadAsTheFieldsOtherValuesUseIt() throws Exception {
        // «1,200 кВт»: 1200 beside numbers grouped by commas, 1.2 beside decimal commas, else unsaid
        Map<String, String[]> files = new LinkedHashMap<>();
        files.put("thousands", new String[] {"1,200 кВт", "1,250,000 Вт"});
        files.put("decimals", new String[] {"1,200 кВт", "2,5 МВт"});
        files.put("untold", new String[] {"1,200 кВт", "630"});
        Map<String, String> read = new LinkedHashMap<>();
        Map<String, List<String>> said = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> file : files.entrySet()) {
            List<TestFiles.Feature> features = new ArrayList<>();
            for (int i = 0; i < file.getValue().length; i++) {
                features.add(new TestFiles.Feature(
                        Map.of("kind", "ЛЭП", "capacity", file.getValue()[i]),
                        String.format(
                                Locale.ROOT,
                                "{\"type\":\"LineString\",\"coordinates\":[[82.66,%.4f],[82.67,%.4f]]}",
                                49.95 + i * 0.001,
                                49.95 + i * 0.001)));
            }
            LayerImporter.Draft draft = importInto(
                    "networks-comma-" + file.getKey(),
                    geojson(dir.resolve("comma-" + file.getKey() + ".geojson"), features));
            read.put(
                    file.getKey(),
                    query("SELECT string_agg(coalesce(capacity::float8::text, '-'), ' ' ORDER BY source_row)"
                            + " FROM network_snapshot WHERE layer_revision_id = " + draft.revisionId()));
            said.put(
                    file.getKey(),
                    draft.issues().stream()
                            .filter(i -> i.code().equals("bad_number"))
                            .map(i -> i.row() + " " + i.message())
                            .toList());
        }
        assertThat(read)
                .containsExactly(
                        Map.entry("thousands", "1200 1250"),
                        Map.entry("decimals", "1.2 2500"),
                        Map.entry("untold", "- 630"));
        assertThat(said.get("thousands")).isEmpty();
        assertThat(said.get("decimals")).isEmpty();
        assertThat(said.get("untold"))
                .containsExactly("1 the capacity '1,200 кВт' may be read two ways: the comma may separate thousands or"
                        + " mark the decimals, and the field's other values do not tell which; it was left empty:"
                        + " write the number without thousands separators");
    }

    @Test
    void mapInfoTextLabelsAreLeftOutAndSaidWithTheirText() throws Exception {
        // a water network as drawn in MapInfo: mains, wells and the captions written along them
        double x = 637_600;
        double y = 5_536_000;
        String mif = "Version 300\nCharset \"WindowsCyrillic\"\nDelimiter \";\"\n"
                + "CoordSys Earth Projection 8, 104, \"m\", 81, 0, 0.9996, 500000, 0\nColumns 3\n"
                + "  Вид Char(30)\n  Наименование Char(60)\n  Диаметр Integer\nData\n\n"
                + String.format(
                        Locale.ROOT,
                        "Pline 2\n%1$.0f %2$.0f\n%3$.0f %2$.0f\n    Pen (2,2,255)\n"
                                + "Pline 3\n%1$.0f %4$.0f\n%5$.0f %4$.0f\n%5$.0f %6$.0f\n    Pen (2,2,255)\n"
                                + "Point %7$.0f %8$.0f\n    Symbol (34,255,8)\n"
                                + "Point %9$.0f %8$.0f\n    Symbol (34,255,8)\n"
                                + "Text\n    \"Ду150\"\n    %10$.0f %11$.0f %12$.0f %13$.0f\n"
                                + "    Font (\"Arial CYR\",0,0,0)\n"
                                + "Text\n    \"ВК-12\"\n    %14$.0f %15$.0f %16$.0f %17$.0f\n"
                                + "    Font (\"Arial CYR\",0,0,0)\n",
                        x,
                        y,
                        x + 400,
                        y + 100,
                        x + 200,
                        y + 300,
                        x + 50,
                        y - 20,
                        x + 250,
                        x + 100,
                        y + 5,
                        x + 160,
                        y + 15,
                        x + 55,
                        y - 15,
                        x + 90,
                        y - 5);
        String mid = "\"водопровод\";\"магистраль ул. Абая\";150\n\"водопровод\";\"ввод\";100\n"
                + "\"водопровод\";\"ВК-11\";0\n\"водопровод\";\"ВК-12\";0\n\"водопровод\";\"подпись\";0\n"
                + "\"водопровод\";\"подпись\";0\n";
        java.nio.charset.Charset cp1251 = java.nio.charset.Charset.forName("windows-1251");
        Path zip = TestFiles.zipEntries(
                dir.resolve("mn1_water.zip"),
                Map.of(
                        "mn1.mif", mif.replace("\n", "\r\n").getBytes(cp1251),
                        "mn1.mid", mid.replace("\n", "\r\n").getBytes(cp1251)));
        LayerImporter.Draft draft = importInto("networks-labels", zip);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(4);
        assertThat(query("SELECT string_agg(source_row || ' ' || name || ' ' || GeometryType(geom), '; '"
                        + " ORDER BY source_row) FROM network_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("1 магистраль ул. Абая LINESTRING; 2 ввод LINESTRING; 3 ВК-11 POINT; 4 ВК-12 POINT");
        // a well's diameter left empty in MapInfo is 0 in the file: not given, not a bad number
        assertThat(query("SELECT string_agg(coalesce(diameter_mm::text, '-'), ' ' ORDER BY source_row)"
                        + " FROM network_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("150 100 - -");
        assertThat(draft.issues()).noneMatch(i -> i.code().equals("bad_number"));
        assertThat(draft.issues().stream()
                        .filter(i -> i.code().equals("file"))
                        .map(LayerImporter.Issue::message)
                        .toList())
                .contains(
                        "the field 'Диаметр' (diameter) is 0 in 2 of the features: a MapInfo table cannot leave a"
                                + " number empty, so 0 was read as not given",
                        "a text label 'Ду150' (row 5) was left out: a caption written on the map is no feature",
                        "a text label 'ВК-12' (row 6) was left out: a caption written on the map is no feature");
    }

    @Test
    void heightsAndMeasuresLeftOutAreSaid() throws Exception {
        // a gas main with its depth (Z) and pressure along it (M), and one drawn at 0: the map keeps
        // 2-D lines, and says what it left out
        Files.createDirectories(dir.resolve("zm"));
        Path csv = Files.writeString(dir.resolve("zm/src.csv"), """
                WKT,vid,naim
                "LINESTRING ZM (82.60 49.95 -1.5 1011, 82.61 49.95 -1.8 1012)",газопровод,ГНД-1
                "LINESTRING ZM (82.60 49.96 0 0, 82.61 49.96 0 0)",газопровод,ГНД-2
                """);
        Path shp = TestFiles.convert(
                csv,
                dir.resolve("zm/gas.shp"),
                "ESRI Shapefile",
                "-a_srs",
                "EPSG:4326",
                "-nlt",
                "LINESTRINGZM",
                "-lco",
                "ENCODING=UTF-8");
        LayerImporter.Draft draft =
                importInto("networks-zm", TestFiles.zip(dir.resolve("zm.zip"), TestFiles.shapefileParts(shp)));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(2);
        assertThat(draft.issues().stream().map(LayerImporter.Issue::message))
                .contains(
                        "1 features of the file carry heights (Z), which were left out: plots and networks are kept on"
                                + " the map in 2-D",
                        "1 features of the file carry measures (M: a distance along a line, a pressure), which were"
                                + " left out: plots and networks are kept on the map in 2-D; if they are data, export"
                                + " them as a field");
        // a file of lines at height 0, as Google Earth writes them, says nothing of heights
        Path flat = Files.writeString(dir.resolve("zm/flat.csv"), """
                WKT,vid,naim
                "LINESTRING Z (82.60 49.97 0, 82.61 49.97 0)",газопровод,ГНД-3
                """);
        LayerImporter.Draft level = importInto(
                "networks-flat",
                TestFiles.convert(flat, dir.resolve("zm/flat.geojson"), "GeoJSON", "-a_srs", "EPSG:4326"));
        assertThat(level.accepted()).as(level.issues().toString()).isEqualTo(1);
        assertThat(level.issues()).noneMatch(i -> i.message().contains("carry heights"));
    }

    @Test
    void aShapefileWithTheKindInВидAndKindsAsEverydayPhrases() throws Exception {
        // as ArcMap writes a utility's layer: Russian field names, kinds as people say them
        String[][] rows = {
            {"ЛЭП", "ВЛ-10 кВ ф.1"},
            {"Газопровод", "ГНД"},
            {"Канализационный коллектор", "К-1"},
            {"Кабельная линия 10 кВ", "КЛ-10"},
            {"Линия электропередачи", "ЛЭП-35"},
            {"Ливневая канализация", "Л-1"},
            {"Кабельная линия связи ВОЛС", "ВОЛС-2"}
        };
        Path shp =
                TestFiles.shapefile(dir.resolve("vid"), "seti", kindsAndNames(rows, 49.94), "-lco", "ENCODING=CP1251");
        LayerImporter.Draft draft =
                importInto("networks-vid", TestFiles.zip(dir.resolve("vid.zip"), TestFiles.shapefileParts(shp)));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(rows.length);
        assertThat(draft.issues())
                .noneMatch(i -> i.code().equals("missing_field") && i.message().contains("kind"));
        assertThat(query("SELECT string_agg(kind || ' ' || name, '; ' ORDER BY source_row) FROM network_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("power ВЛ-10 кВ ф.1; gas ГНД; sewerage К-1; power КЛ-10; power ЛЭП-35; sewerage Л-1;"
                        + " telecom ВОЛС-2");

        String[][] kazakh = {
            {"Кәріз коллекторы", "КК-3"}, {"Кабель желісі 0,4 кВ", "КЖ-4"}, {"Электр беру желісі", "ЭБЖ-5"}
        };
        LayerImporter.Draft inKazakh =
                importInto("networks-vid-kk", geojson(dir.resolve("vid/kk.geojson"), kindsAndNames(kazakh, 49.96)));
        assertThat(inKazakh.accepted()).as(inKazakh.issues().toString()).isEqualTo(kazakh.length);
        assertThat(query("SELECT string_agg(kind || ' ' || name, '; ' ORDER BY source_row) FROM network_snapshot"
                        + " WHERE layer_revision_id = " + inKazakh.revisionId()))
                .isEqualTo("sewerage КК-3; power КЖ-4; power ЭБЖ-5");

        // «су бұру» (sewerage) begins with «су» (water): typed on a Russian keyboard it is still
        // sewerage, and with its «ұ» lost in a CP1251 export it is no «су» but reported
        String[][] typed = {
            {"су буру", "СБ-1"},
            {"Су буру желiсi", "СБ-2"},
            {"су бұрғыш құбыр", "СБ-3"},
            {"су ?уру", "СБ-4"},
            {"Канализация кабельная", "КК-5"},
            {"су құбыры", "СҚ-6"}
        };
        LayerImporter.Draft sewers =
                importInto("networks-vid-su", geojson(dir.resolve("vid/su.geojson"), kindsAndNames(typed, 49.98)));
        assertThat(query("SELECT string_agg(kind || ' ' || name, '; ' ORDER BY source_row) FROM network_snapshot"
                        + " WHERE layer_revision_id = " + sewers.revisionId()))
                .isEqualTo("sewerage СБ-1; sewerage СБ-2; sewerage СБ-3; telecom КК-5; water СҚ-6");
        assertThat(sewers.issues())
                .anyMatch(i -> Long.valueOf(4).equals(i.row())
                        && i.code().equals("unknown_kind")
                        && i.message().contains("су ?уру"));
    }

    /** A line at the latitude {@code y} near Oskemen, 0.01° long, with {@code properties}. */
    private static TestFiles.Feature lineAt(double y, Map<String, Object> properties) {
        return new TestFiles.Feature(
                new LinkedHashMap<>(properties),
                String.format(Locale.ROOT, "{\"type\":\"LineString\",\"coordinates\":[[82.86,%f],[82.87,%f]]}", y, y));
    }

    private static String published(LayerImporter.Draft draft, String columns) throws SQLException {
        return query("SELECT string_agg(" + columns + ", '; ' ORDER BY source_row) FROM network_snapshot"
                + " WHERE layer_revision_id = " + draft.revisionId());
    }

    @Test
    void ofTwoKindFieldsTheOneWhoseValuesAreKindsIsReadAndADisagreementIsNotPublishedUnlooked() throws Exception {
        // a register's «Тип» says how a line is laid; its «Вид» names its network
        List<TestFiles.Feature> laid = List.of(
                lineAt(49.96, Map.of("Тип", "подземный", "Вид", "Газоснабжение", "Наименование", "ГП-1")),
                lineAt(49.961, Map.of("Тип", "воздушная", "Вид", "Связь", "Наименование", "ВОЛС-1")),
                lineAt(49.962, Map.of("Тип", "подземный", "Вид", "Водоснабжение", "Наименование", "В-1")));
        LayerImporter.Draft draft = importInto("networks-laid", geojson(dir.resolve("laid.geojson"), laid));
        assertThat(published(draft, "kind || ' ' || name")).isEqualTo("gas ГП-1; telecom ВОЛС-1; water В-1");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("field_ambiguous"))
                .singleElement()
                .satisfies(i -> assertThat(i.message())
                        .startsWith("2 fields could hold kind: 'Вид', 'Тип'; 'Вид' was read (more of its"
                                + " values are words the profile networks knows for it (100 %) than of any other's"
                                + " (0 %))"));

        // a telecom cable whose «Тип» is a word the profile knows for power: «Вид сети» is read, and
        // publishing waits for someone to look, as the two fields name different networks
        List<TestFiles.Feature> cables = List.of(
                lineAt(49.965, Map.of("Вид сети", "Связь", "Тип", "кабельная", "Наименование", "ВОЛС ТК-1")),
                lineAt(49.966, Map.of("Вид сети", "Связь", "Тип", "кабельная", "Наименование", "ВОЛС ТК-2")));
        LayerImporter.Imported held = importer.importAndPublish(
                db,
                TestFiles.request("networks-cables", geojson(dir.resolve("cables.geojson"), cables), networks, dir),
                "");
        assertThat(held.published()).isNull();
        assertThat(held.heldBackBy()).isEqualTo("network_kind_fields_disagree");
        assertThat(published(held.draft(), "kind || ' ' || name")).isEqualTo("telecom ВОЛС ТК-1; telecom ВОЛС ТК-2");
        assertThat(query("SELECT count(*) FROM network n JOIN layer_revision r ON r.id = n.layer_revision_id"
                        + " JOIN layer l ON l.id = r.layer_id WHERE l.code = 'networks-cables'"))
                .isEqualTo("0");
        assertThat(held.draft().issues())
                .anyMatch(i -> i.code().equals("network_kind_fields_disagree")
                        && i.message()
                                .startsWith("the field 'Вид сети', read as the network kind, and the field 'Тип' name"
                                        + " different kinds in 2 of the 2 features that both name one (row 1: telecom"
                                        + " and power)"));
    }

    @Test
    void kindsAsRegistersPhraseThemAreReadAndAnUnknownOneListsWordsToType() throws Exception {
        String[][] rows = {
            {"Надземный газопровод", "gas"},
            {"Подземный газопровод", "gas"},
            {"Магистральный газопровод", "gas"},
            {"Жер асты газ құбыры", "gas"},
            {"Тепловые сети", "heating"},
            {"Сети водоснабжения", "water"},
            {"Сети канализации", "sewerage"},
            {"Напорная канализация", "sewerage"},
            {"Сети электроснабжения 0,4 кВ", "power"},
            {"ВЛИ-0,4 кВ", "power"},
            {"Электрокабель", "power"},
            {"Наружное освещение", "power"},
            {"Сети газоснабжения и освещения", "-"},
            {"Прочее", "-"}
        };
        List<TestFiles.Feature> features = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            features.add(
                    lineAt(49.93 + i * 0.001, Map.of("Вид сети", rows[i][0], "Наименование", "объект " + (i + 1))));
        }
        LayerImporter.Draft draft = importInto("networks-phrases", geojson(dir.resolve("phrases.geojson"), features));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < rows.length; i++) {
            if (!rows[i][1].equals("-")) {
                expected.append(expected.isEmpty() ? "" : "; ")
                        .append(i + 1)
                        .append(' ')
                        .append(rows[i][1]);
            }
        }
        assertThat(published(draft, "source_row || ' ' || kind")).isEqualTo(expected.toString());
        // the cell as written is kept beside the kind read from part of it
        assertThat(published(draft, "extra ->> 'kind_text'")).startsWith("Надземный газопровод; Подземный газопровод");
        // a cell naming two networks is none of them; the known words are the clerk's, not the codes
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("unknown_kind"))
                .extracting(i -> i.row() + " " + i.message())
                .containsExactly(
                        "13 the network kind 'Сети газоснабжения и освещения' is not known: correct the cell to one of the known"
                                + " words («электроснабжение» / «электрмен жабдықтау» (power), «газоснабжение» /"
                                + " «газбен жабдықтау» (gas), «водоснабжение» / «сумен жабдықтау» (water),"
                                + " «водоотведение» / «су бұру» (sewerage), «теплоснабжение» / «жылумен жабдықтау»"
                                + " (heating), «связь» / «байланыс» (telecom));"
                                + " a profile of your own may map it in its values",
                        "14 the network kind 'Прочее' is not known: correct the cell to one of the known"
                                + " words («электроснабжение» / «электрмен жабдықтау» (power), «газоснабжение» /"
                                + " «газбен жабдықтау» (gas), «водоснабжение» / «сумен жабдықтау» (water),"
                                + " «водоотведение» / «су бұру» (sewerage), «теплоснабжение» / «жылумен жабдықтау»"
                                + " (heating), «связь» / «байланыс» (telecom));"
                                + " a profile of your own may map it in its values");
    }

    @Test
    void voltagesAndPressuresWrittenInTheKindOrAsARatioAreReadAndTheTextIsKept() throws Exception {
        List<TestFiles.Feature> features = List.of(
                lineAt(49.90, Map.of("Вид сети", "ВЛ-10кВ", "Наименование", "Ф-12")),
                lineAt(49.901, Map.of("Вид сети", "газопровод высокого давления", "Наименование", "ГВД-1")),
                lineAt(49.902, Map.of("Вид сети", "Кабельная линия 10 кВ", "Наименование", "КЛ-10 ф.5")),
                lineAt(49.903, Map.of("Вид сети", "газопровод", "Давление", "0,3 МПа", "Наименование", "ГСД-2")),
                lineAt(
                        49.904,
                        Map.of("Вид сети", "газопровод", "Давление", "высокое II категории", "Наименование", "ГВД-3")),
                lineAt(49.905, Map.of("Вид сети", "ТП", "Напряжение", "10/0,4 кВ", "Наименование", "ТП-305")),
                lineAt(49.906, Map.of("Вид сети", "ПС", "Напряжение", "110/10", "Наименование", "ПС Защита")),
                lineAt(49.907, Map.of("Вид сети", "газопровод", "Давление", "по проекту", "Наименование", "Г-8")),
                lineAt(49.908, Map.of("Вид сети", "ЛЭП", "Напряжение", "десять", "Наименование", "Л-9")));
        LayerImporter.Draft draft = importInto("networks-written", geojson(dir.resolve("written.geojson"), features));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(9);
        assertThat(
                        published(
                                draft,
                                "name || ' ' || kind || ' ' || coalesce(trim_scale(voltage_kv)::text, '-') || ' '"
                                        + " || coalesce(pressure_class, '-') || ' ' || (extra - 'Давление' - 'Напряжение')::text"))
                .isEqualTo("Ф-12 power 10 - {\"kind_text\": \"ВЛ-10кВ\"};"
                        + " ГВД-1 gas - high {\"kind_text\": \"газопровод высокого давления\"};"
                        + " КЛ-10 ф.5 power 10 - {\"kind_text\": \"Кабельная линия 10 кВ\"};"
                        + " ГСД-2 gas - medium {\"pressure_text\": \"0,3 МПа\"};"
                        + " ГВД-3 gas - high {\"pressure_text\": \"высокое II категории\"};"
                        + " ТП-305 power 10 - {\"voltage_text\": \"10/0,4 кВ\"};"
                        + " ПС Защита power 110 - {\"voltage_text\": \"110/10\"};"
                        + " Г-8 gas - - {\"pressure_text\": \"по проекту\"};"
                        + " Л-9 power - - {\"voltage_text\": \"десять\"}");
        assertThat(draft.issues().stream()
                        .filter(i -> i.row() != null)
                        .map(i -> i.row() + " " + i.code() + " " + i.message())
                        .toList())
                .contains(
                        "1 read_from_kind the voltage '10кВ' was read from the kind 'ВЛ-10кВ', as the file gives the"
                                + " feature none",
                        "2 read_from_kind the pressure class high was read from the kind 'газопровод высокого"
                                + " давления', as the file gives the feature none",
                        "4 value_read the pressure '0,3 МПа' is read as the class medium: low up to 0.005 MPa, medium"
                                + " up to 0.3 MPa, high above, as the building code classes gas pipelines; the text is"
                                + " kept",
                        "6 value_read the voltage '10/0,4 кВ' is a transformer's ratio: its higher voltage, 10 kV, is"
                                + " read, and the text is kept as voltage_text");
    }

    @Test
    void aRegisterOfSeveralUtilitiesReadsEachRowsCapacityFromTheFieldInItsKindsUnit() throws Exception {
        // a district's register of every utility: each utility's capacity in a column of its own unit
        Map<String, Object> substation = new LinkedHashMap<>();
        substation.put("Вид сети", "ТП");
        substation.put("Наименование", "ТП-1");
        substation.put("Мощность, кВт", "630");
        substation.put("Свободная мощность, кВт", "0");
        Map<String, Object> regulator = new LinkedHashMap<>();
        regulator.put("Вид сети", "ГРП");
        regulator.put("Наименование", "ГРП-3");
        regulator.put("Пропускная способность, м3/ч", "3000");
        regulator.put("Резерв мощности, м3/ч", "800");
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("Вид сети", "Водопровод");
        main.put("Наименование", "Водовод");
        main.put("Производительность, м3/сут", "5000");
        main.put("Резерв, м3/сут", "1500");
        Map<String, Object> heating = new LinkedHashMap<>();
        heating.put("Вид сети", "Теплосеть");
        heating.put("Наименование", "ТМ");
        heating.put("Мощность, Гкал/ч", "12,5");
        heating.put("Свободная мощность, кВт", "3");
        List<TestFiles.Feature> features = List.of(
                lineAt(49.87, substation), lineAt(49.871, regulator), lineAt(49.872, main), lineAt(49.873, heating));
        LayerImporter.Draft draft =
                importInto("networks-utilities", geojson(dir.resolve("utilities.geojson"), features));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(4);
        // 0 kW free is none left, not unknown; a heating main's kW is no unit of its kind's capacity
        assertThat(published(
                        draft,
                        "name || ' ' || coalesce(trim_scale(capacity)::text, '-') || ' '"
                                + " || coalesce(trim_scale(free_capacity)::text, '-')"))
                .isEqualTo("ТП-1 630 0; ГРП-3 3000 800; Водовод 5000 1500; ТМ 12.5 -");
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null)
                .extracting(i -> i.row() + " " + i.message())
                .containsExactly("4 the free capacity '3' would be in кВт, as its field's name says, which is no unit"
                        + " of a heating capacity; it was left empty");
        assertThat(draft.issues())
                .filteredOn(i -> i.row() == null && i.message().contains("capacity"))
                .extracting(i -> i.code() + " " + i.message())
                .containsExactlyInAnyOrder(
                        "field_by_kind the capacity is read, in each feature, from the field whose unit is of its"
                                + " kind's capacity: 'Мощность, Гкал/ч' (Гкал/ч), 'Мощность, кВт' (кВт),"
                                + " 'Производительность, м3/сут' (м3/сут), 'Пропускная способность, м3/ч' (м3/ч)",
                        "field_by_kind the free capacity is read, in each feature, from the field whose unit is of"
                                + " its kind's capacity: 'Резерв мощности, м3/ч' (м3/ч), 'Резерв, м3/сут' (м3/сут),"
                                + " 'Свободная мощность, кВт' (кВт)");
    }

    @Test
    void coordinatesASpreadsheetSavedRoundedAreSaidWithHowFarOffThePointsMayLie() throws Exception {
        // a list of substations whose coordinate columns were formatted with 2 decimals when Excel
        // saved it as CSV: it writes them as shown, and two substations fall on one point
        String rounded = "Вид сети;Наименование;Долгота;Широта\r\n"
                + "ТП;ТП-1;82,61;49,95\r\nТП;ТП-2;82,61;49,95\r\nГРП;ГРП-1;82,62;49,9\r\n";
        LayerImporter.Draft draft = importInto(
                "networks-rounded",
                Files.write(
                        dir.resolve("rounded.csv"),
                        rounded.getBytes(java.nio.charset.Charset.forName("windows-1251"))));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(draft.issues())
                .filteredOn(i -> i.message().startsWith("every longitude and latitude"))
                .extracting(i -> i.severity() + " " + i.message())
                .containsExactly("warning every longitude and latitude of the file has 2 decimals or fewer (its 3"
                        + " rows), as a spreadsheet saves a number as its format shows it («82,61»): each point may lie"
                        + " up to about 560 m from where it was measured; show the columns' every digit in the"
                        + " spreadsheet and save the file again, or look at the points on the map before publishing");
        // in metres (a surveyor's X and Y in UTM zone 44N) rounded to hundreds
        String metres = "Вид сети;Наименование;X;Y\r\nТП;ТП-1;615500;5534300\r\nТП;ТП-2;615600;5534200\r\n";
        LayerImporter.Draft inMetres = importer.importFile(
                db,
                new LayerImporter.Request(
                        "networks-rounded-metres",
                        Files.write(dir.resolve("rounded-metres.csv"), metres.getBytes(StandardCharsets.UTF_8)),
                        networks,
                        "EPSG:32644",
                        null,
                        null,
                        "editor",
                        null,
                        dir.resolve("work"),
                        null));
        assertThat(inMetres.issues())
                .extracting(i -> i.message())
                .contains("every coordinate of the file in metres is a whole number of 100 m (its 2 rows), as a"
                        + " spreadsheet saves a number as its format shows it: each point may lie up to 50 m from"
                        + " where it was measured; show the columns' every digit in the spreadsheet and save the file"
                        + " again, or look at the points on the map before publishing");
        // every digit kept: nothing to say
        String exact = "Вид сети;Наименование;Долгота;Широта\r\nТП;ТП-1;82,6134;49,9512\r\nТП;ТП-2;82,6;49,95\r\n";
        LayerImporter.Draft kept = importInto(
                "networks-rounded-not", Files.write(dir.resolve("exact.csv"), exact.getBytes(StandardCharsets.UTF_8)));
        assertThat(kept.issues()).noneMatch(i -> i.message().contains("decimals or fewer"));
    }

    @Test
    void coordinatesRoundedHoldImportPublishBackAndAreSaidOfAWorkbooksSheetToo() throws Exception {
        // points some 560 m off were published by import --publish unlooked, and a workbook's sheet of
        // such numbers was not looked at
        String rounded = "Вид сети;Наименование;Долгота;Широта\r\nТП;ТП-1;82,61;49,95\r\nГРП;ГРП-1;82,62;49,9\r\n";
        LayerImporter.Imported imported = importer.importAndPublish(
                db,
                TestFiles.request(
                        "networks-rounded-held",
                        Files.write(dir.resolve("rounded-held.csv"), rounded.getBytes(StandardCharsets.UTF_8)),
                        networks,
                        dir),
                "");
        assertThat(imported.heldBackBy()).isEqualTo("file_coordinates_rounded");
        assertThat(imported.published()).isNull();
        assertThat(LayerImporter.WARNINGS_TO_CONFIRM).contains("file_coordinates_rounded");

        Path workbook = TestFiles.xlsx(
                dir.resolve("rounded.xlsx"),
                Map.of(
                        "Лист1",
                        TestFiles.xlsxRow(1, "Вид сети", "Наименование", "Долгота", "Широта")
                                + TestFiles.xlsxRow(2, "ТП", "ТП-1", 82.61, 49.95)
                                + TestFiles.xlsxRow(3, "ГРП", "ГРП-1", 82.62, 49.9)),
                List.of(),
                false);
        LayerImporter.Draft sheet = importInto("networks-rounded-sheet", workbook);
        assertThat(sheet.accepted()).as(sheet.issues().toString()).isEqualTo(2);
        assertThat(sheet.issues())
                .anyMatch(i -> "file_coordinates_rounded".equals(i.detail().get("key"))
                        && i.message()
                                .startsWith("every longitude and latitude of the file has 2 decimals or fewer"
                                        + " (its 2 rows)"));
    }

    @Test
    void cablesOfTwoOperatorsInOneDuctAreTwoFeaturesAndTheSameCableTwiceIsOne() throws Exception {
        Map<String, Object> kazakhtelecom = Map.of("Вид сети", "ВОЛС", "Балансодержатель", "АО «Казахтелеком»");
        List<TestFiles.Feature> features = List.of(
                lineAt(49.88, kazakhtelecom),
                lineAt(49.88, Map.of("Вид сети", "ВОЛС", "Балансодержатель", "ТОО «Кар-Тел»")),
                lineAt(49.881, Map.of("Вид сети", "Водопровод", "Диаметр", "300", "Материал", "сталь")),
                lineAt(49.881, Map.of("Вид сети", "Водопровод", "Диаметр", "300", "Материал", "ПЭ")),
                lineAt(49.88, kazakhtelecom));
        Path file = geojson(dir.resolve("duct.geojson"), features);
        LayerImporter.Draft draft = importInto("networks-duct", file);
        assertThat(published(
                        draft, "source_row || ' ' || kind || ' ' || coalesce(operator_name, extra ->> 'Материал')"))
                .isEqualTo("1 telecom АО «Казахтелеком»; 2 telecom ТОО «Кар-Тел»; 3 water сталь; 4 water ПЭ");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("duplicate_geometry"))
                .extracting(i -> i.row() + " " + i.message())
                .containsExactly("5 the same telecom feature as row 1 (identical geometry and attributes)");
        importer.publish(db, "networks-duct", draft.revisionNumber(), "editor", null);
        // the same file again changes nothing
        LayerImporter.Draft again = importInto("networks-duct", file);
        assertThat(again.diff().unchanged()).isEqualTo(4);
        assertThat(again.diff().added() + again.diff().changed() + again.diff().removed())
                .isZero();
    }

    private static List<TestFiles.Feature> kindsAndNames(String[][] rows, double latitude) {
        List<TestFiles.Feature> lines = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("ВИД", rows[i][0]);
            p.put("НАИМЕН", rows[i][1]);
            double y = latitude + i * 0.002;
            lines.add(new TestFiles.Feature(
                    p,
                    String.format(
                            Locale.ROOT,
                            "{\"type\":\"LineString\",\"coordinates\":[[82.60,%f],[82.602,%f]]}",
                            y,
                            y + 0.001)));
        }
        return lines;
    }

    @Test
    void geometryProblemsAreWordedForLinesAndAZeroLengthLineIsNotMadeAPoint() throws Exception {
        String[] geometries = {
            "{\"type\":\"Polygon\",\"coordinates\":[[[82.60,49.96],[82.601,49.96],[82.601,49.961],[82.60,49.96]]]}",
            "{\"type\":\"LineString\",\"coordinates\":[[82.70,49.96],[82.70,49.96]]}",
            "{\"type\":\"MultiLineString\",\"coordinates\":[[[82.72,49.96],[82.721,49.961]],"
                    + "[[82.73,49.965],[82.73,49.965]]]}",
            "{\"type\":\"LineString\",\"coordinates\":[[82.71,49.96],[82.711,49.961]]}"
        };
        List<TestFiles.Feature> features = new ArrayList<>();
        for (int i = 0; i < geometries.length; i++) {
            features.add(new TestFiles.Feature(
                    Map.of("kind", i == 0 ? "подстанция" : "газ", "name", "n" + i), geometries[i]));
        }
        LayerImporter.Draft draft = importInto("networks-shapes", geojson(dir.resolve("shapes.geojson"), features));
        assertThat(draft.accepted()).isEqualTo(2);
        assertThat(draft.issues().stream()
                        .filter(i -> i.row() != null)
                        .map(i -> i.row() + " " + i.code() + " " + i.message())
                        .toList())
                .containsExactlyInAnyOrder(
                        "1 not_line_or_point the geometry is a polygon; a network is drawn as lines or points",
                        "2 invalid_geometry the geometry is a line of zero length (its points coincide, at longitude"
                                + " 82.70000, latitude 49.96000); a network line needs two different points",
                        // a stray part of a line of several is left out, as a polygon's crumbs are
                        "3 parts_left_out the line's parts of zero length or of one point (the first at longitude"
                                + " 82.73000, latitude 49.96500) were left out: its other parts are the line");
        assertThat(query("SELECT string_agg(source_row || ' ' || ST_AsText(geom), '; ' ORDER BY source_row) FROM"
                        + " network_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("3 MULTILINESTRING((82.72 49.96,82.721 49.961)); 4 LINESTRING(82.71 49.96,82.711 49.961)");
        // a part of one point, as a CAD export leaves it, too
        LayerImporter.Draft onePoint = importInto(
                "networks-shapes-point",
                geojson(
                        dir.resolve("shapes-point.geojson"),
                        List.of(new TestFiles.Feature(
                                Map.of("kind", "газ", "name", "n"),
                                "{\"type\":\"MultiLineString\",\"coordinates\":[[[82.80,49.955],[82.81,49.955]],"
                                        + "[[82.815,49.955]]]}"))));
        assertThat(onePoint.accepted()).as(onePoint.issues().toString()).isEqualTo(1);
        assertThat(query("SELECT ST_AsText(geom) FROM network_snapshot WHERE layer_revision_id = "
                        + onePoint.revisionId()))
                .isEqualTo("MULTILINESTRING((82.8 49.955,82.81 49.955))");
        // the geometry's type in the reader's language, not PostGIS's English name
        Map<String, Object> russian = IssueDetails.templates("ru");
        assertThat(query("SELECT detail::text FROM import_issue WHERE layer_revision_id = " + draft.revisionId()
                        + " AND source_row = 1"))
                .satisfies(detail -> assertThat(Detail.render(
                                (String) russian.get("not_line_or_point_shape"),
                                JSON.readValue(detail, new TypeReference<Map<String, Object>>() {}),
                                IssueDetails.english(russian)))
                        .isEqualTo("геометрия — полигон; сеть рисуется линиями или точками"));
    }

    @Test
    void aPlacemarkDrawnAsARingAloneIsAClosedLineOfKmlAndKmz() throws Exception {
        // a heating main and a ring main drawn as a LinearRing alone, valid KML for a placemark, and
        // one in a MultiGeometry, in Google Earth's KML and in a KMZ of two folders
        String kml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Теплосеть</name>
                <Folder><name>Магистрали</name>
                <Placemark><name>Теплотрасса 1</name><LineString><coordinates>82.60,50.00,0 82.61,50.00,0</coordinates>
                </LineString></Placemark>
                <Placemark><name>Теплотрасса кольцо</name><LinearRing><tessellate>1</tessellate><coordinates>82.60,50.02,0
                82.61,50.02,0 82.61,50.03,0 82.60,50.03,0 82.60,50.02,0</coordinates></LinearRing></Placemark>
                </Folder><Folder><name>Кольца</name>
                <Placemark><name>Кольцо 2</name><MultiGeometry><LinearRing><coordinates>82.62,50.02,0 82.63,50.02,0
                82.63,50.03,0 82.62,50.02,0</coordinates></LinearRing></MultiGeometry></Placemark>
                </Folder></Document></kml>
                """;
        Path file = Files.writeString(dir.resolve("ring-main.kml"), kml);
        Path kmz = TestFiles.zipEntries(
                dir.resolve("ring-main.kmz"), Map.of("doc.kml", kml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        for (Path sent : List.of(file, kmz)) {
            LayerImporter.Draft draft = importInto(
                    "networks-" + sent.getFileName().toString().replace('.', '-'),
                    sent,
                    networks.withNetworkKind("heating"));
            assertThat(draft.accepted()).as(sent + ": " + draft.issues()).isEqualTo(3);
            assertThat(query("SELECT string_agg(name || ' ' || kind || ' ' || GeometryType(geom) || ' '"
                            + " || ST_IsClosed(geom) || ' ' || ST_NPoints(geom), '; ' ORDER BY source_row)"
                            + " FROM network_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                    .as(sent.toString())
                    .isEqualTo("Теплотрасса 1 heating LINESTRING false 2; Теплотрасса кольцо heating LINESTRING true 5;"
                            // a MultiGeometry of one line, as GDAL reads it
                            + " Кольцо 2 heating MULTILINESTRING true 4");
            assertThat(draft.issues().stream().map(LayerImporter.Issue::message))
                    .as(sent.toString())
                    .contains("2 placemarks are drawn as a ring alone (LinearRing): each was read as a closed line");
        }
    }

    @Test
    void aCollectionOfLinesIsTheLineItDrawsAndALabelsPointBesideItIsLeftOut() throws Exception {
        String[] geometries = {
            // two lines collected, as some tools export a line of two parts
            "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"LineString\",\"coordinates\":"
                    + "[[82.60,49.90],[82.61,49.90]]},{\"type\":\"LineString\",\"coordinates\":[[82.62,49.90],"
                    + "[82.63,49.90]]}]}",
            // a line with the point its label hangs on
            "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"LineString\",\"coordinates\":"
                    + "[[82.60,49.91],[82.61,49.91]]},{\"type\":\"Point\",\"coordinates\":[82.605,49.91]}]}",
            // wells collected
            "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Point\",\"coordinates\":"
                    + "[82.60,49.92]},{\"type\":\"Point\",\"coordinates\":[82.601,49.92]}]}",
            // a substation's outline and its point: no line
            "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Polygon\",\"coordinates\":"
                    + "[[[82.60,49.93],[82.601,49.93],[82.601,49.931],[82.60,49.93]]]},{\"type\":\"Point\","
                    + "\"coordinates\":[82.6005,49.9302]}]}",
            // a line and its area, nested
            "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"GeometryCollection\","
                    + "\"geometries\":[{\"type\":\"LineString\",\"coordinates\":[[82.60,49.94],[82.61,49.94]]}]},"
                    + "{\"type\":\"Polygon\",\"coordinates\":[[[82.62,49.94],[82.621,49.94],[82.621,49.941],"
                    + "[82.62,49.94]]]},{\"type\":\"Point\",\"coordinates\":[82.605,49.94]}]}"
        };
        List<TestFiles.Feature> features = new ArrayList<>();
        for (int i = 0; i < geometries.length; i++) {
            features.add(new TestFiles.Feature(Map.of("kind", "водопровод", "name", "w" + (i + 1)), geometries[i]));
        }
        LayerImporter.Draft draft =
                importInto("networks-collections", geojson(dir.resolve("collections.geojson"), features));
        assertThat(draft.issues().stream()
                        .filter(i -> i.row() != null)
                        .map(i -> i.row() + " " + i.code() + " " + i.message())
                        .toList())
                .containsExactlyInAnyOrder(
                        "2 parts_left_out the points drawn with the lines (a label's point, an outline) were left out:"
                                + " the network feature is its lines",
                        "4 not_line_or_point the geometry is a collection of polygons and points; a network is drawn"
                                + " as lines or points",
                        "5 parts_left_out the points and polygons drawn with the lines (a label's point, an outline)"
                                + " were left out: the network feature is its lines");
        assertThat(query("SELECT string_agg(name || ' ' || ST_AsText(geom), '; ' ORDER BY source_row)"
                        + " FROM network_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("w1 MULTILINESTRING((82.6 49.9,82.61 49.9),(82.62 49.9,82.63 49.9));"
                        + " w2 LINESTRING(82.6 49.91,82.61 49.91); w3 MULTIPOINT((82.6 49.92),(82.601 49.92));"
                        + " w5 LINESTRING(82.6 49.94,82.61 49.94)");

        // a KML line drawn with its label's point, as Google Earth writes it
        Path kml = Files.writeString(dir.resolve("labelled.kml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Водопровод</name>
                <Placemark><name>Водопровод с подписью</name><MultiGeometry><LineString><coordinates>82.60,49.95,0
                82.61,49.95,0</coordinates></LineString><Point><coordinates>82.605,49.95,0</coordinates></Point>
                </MultiGeometry></Placemark>
                </Document></kml>
                """);
        LayerImporter.Draft labelled = importInto("networks-labelled", kml, networks.withNetworkKind("water"));
        assertThat(labelled.accepted()).as(labelled.issues().toString()).isEqualTo(1);
        assertThat(labelled.issues())
                .anyMatch(i -> Long.valueOf(1).equals(i.row()) && i.code().equals("parts_left_out"));
        assertThat(query("SELECT ST_AsText(geom) FROM network_snapshot WHERE layer_revision_id = "
                        + labelled.revisionId()))
                .isEqualTo("LINESTRING(82.6 49.95,82.61 49.95)");
    }

    @Test
    void aLineOfOnePointOfAMifIsRejectedByItsRowAsAShapefilesIsAndAPartOfOnePointLeftOut() throws Exception {
        // QGIS and ogr2ogr save a Shapefile's line of one vertex as MIF «Pline 1», and a line of
        // several parts one of which is a vertex as a «Pline Multiple» with a section of 1, which
        // GDAL then cannot read
        String mif = "Version 300\nCharset \"WindowsCyrillic\"\nDelimiter \",\"\n"
                + "CoordSys Earth Projection 8, 104, \"m\", 81, 0, 0.9996, 500000, 0\nColumns 2\n"
                + "  vid_seti Char(30)\n  naim Char(80)\nData\n\n"
                + "Line 615000 5540000 615200 5540000\n    Pen (1,2,0)\n"
                + "Pline 1\n615000 5540050\n    Pen (1,2,0)\n"
                + "PLINE MULTIPLE 2\n  2\n615000 5540100\n615100 5540100\n  1\n615150 5540100\n    Pen (1,2,0)\n"
                + "Pline\n  1\n615000 5540120\n"
                + "Pline 3\n615000 5540150\n615100 5540150\n615100 5540250\n    Pen (1,2,0)\n"
                + "Pline 2\n615000 5540300\n615000 5540300\n";
        String mid = "\"газопровод\",\"Газопровод 1\"\n\"газопровод\",\"Газопровод одна вершина\"\n"
                + "\"ЛЭП\",\"ВЛ-10кВ часть из одной точки\"\n\"газопровод\",\"вершина 2\"\n"
                + "\"водопровод\",\"Водопровод 3\"\n\"водопровод\",\"Водопровод нулевой длины\"\n";
        java.nio.charset.Charset cp1251 = java.nio.charset.Charset.forName("windows-1251");
        Path zip = TestFiles.zipEntries(
                dir.resolve("one_point.zip"),
                Map.of(
                        "seti.mif", mif.replace("\n", "\r\n").getBytes(cp1251),
                        "seti.mid", mid.replace("\n", "\r\n").getBytes(cp1251)));
        LayerImporter.Draft draft = importInto("networks-one-point-mif", zip);
        assertThat(draft.issues().stream()
                        .filter(i -> i.row() != null)
                        .map(i -> i.row() + " " + i.code() + " " + i.message())
                        .toList())
                .containsExactlyInAnyOrder(
                        "2 invalid_geometry the geometry is a line of one point (at longitude 82.60473, latitude"
                                + " 50.00167); a network line needs two different points",
                        // its part of one point is left out, and the line kept
                        "3 parts_left_out the line's parts of zero length or of one point (the first at longitude"
                                + " 82.60684, latitude 50.00209) were left out: its other parts are the line",
                        "4 invalid_geometry the geometry is a line of one point (at longitude 82.60475, latitude"
                                + " 50.00230); a network line needs two different points",
                        "6 invalid_geometry the geometry is a line of zero length (its points coincide, at longitude"
                                + " 82.60481, latitude 50.00392); a network line needs two different points");
        assertThat(query("SELECT string_agg(source_row || ' ' || name || ' ' || GeometryType(geom), '; '"
                        + " ORDER BY source_row) FROM network_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("1 Газопровод 1 LINESTRING; 3 ВЛ-10кВ часть из одной точки MULTILINESTRING; 5 Водопровод 3"
                        + " LINESTRING");

        // the Shapefile such a MIF is saved from says the same of the same lines
        Files.createDirectories(dir.resolve("one_point_shp"));
        Path csv = Files.writeString(dir.resolve("one_point_shp/src.csv"), """
                WKT,vid_seti,naim
                "LINESTRING (615000 5540000,615200 5540000)",газопровод,Газопровод 1
                "LINESTRING (615000 5540050)",газопровод,Газопровод одна вершина
                "MULTILINESTRING ((615000 5540100,615100 5540100),(615150 5540100))",ЛЭП,ВЛ-10кВ часть из одной точки
                """);
        Path shp = TestFiles.convert(
                csv,
                dir.resolve("one_point_shp/seti.shp"),
                "ESRI Shapefile",
                "-a_srs",
                "EPSG:32644",
                "-nlt",
                "MULTILINESTRING",
                "-lco",
                "ENCODING=UTF-8");
        LayerImporter.Draft shapefile = importInto(
                "networks-one-point-shp",
                TestFiles.zip(dir.resolve("one_point_shp.zip"), TestFiles.shapefileParts(shp)));
        assertThat(shapefile.issues().stream()
                        .filter(i -> i.row() != null)
                        .map(i -> i.row() + " " + i.code() + " " + i.message())
                        .toList())
                .containsExactlyInAnyOrder(
                        "2 invalid_geometry the geometry is a line of one point (at longitude 82.60473, latitude"
                                + " 50.00167); a network line needs two different points",
                        "3 parts_left_out the line's parts of zero length or of one point (the first at longitude"
                                + " 82.60684, latitude 50.00209) were left out: its other parts are the line");
    }

    @Test
    void aNetworksReimportWithRejectedRowsSpeaksOfTheirFeaturesNotOfPlots() throws Exception {
        List<TestFiles.Feature> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            double y = 50.51 + i * 0.002;
            lines.add(new TestFiles.Feature(
                    new LinkedHashMap<>(Map.of("vid_seti", "газопровод", "naim", "Линия " + (i + 1))),
                    String.format(
                            Locale.ROOT, "{\"type\":\"LineString\",\"coordinates\":[[80.20,%f],[80.23,%f]]}", y, y)));
        }
        String layer = "networks-reimport-words";
        importer.publish(
                db,
                layer,
                importInto(layer, geojson(dir.resolve("words/v1.geojson"), lines))
                        .revisionNumber(),
                "editor",
                null);
        List<TestFiles.Feature> typo = new ArrayList<>(lines);
        typo.set(1, typo.get(1).with("vid_seti", "газапровод"));
        LayerImporter.Draft draft = importInto(layer, geojson(dir.resolve("words/v2.geojson"), typo));
        assertThat(draft.rejected()).isEqualTo(1);
        assertThat(draft.diff().isEmpty()).isTrue();
        assertThat(ReportText.draft(layer, draft))
                .contains("nothing to publish: the features accepted hold what is already public, and the 1 rejected"
                        + " keeps the public feature it draws as it is")
                .doesNotContain("plots");
    }

    /** A line in Oskemen, the {@code i}-th of a file, 100 m from the one before. */
    private static String line(int i, double x) {
        return String.format(
                Locale.ROOT,
                "{\"type\":\"LineString\",\"coordinates\":[[%.4f,%.4f],[%.4f,%.4f]]}",
                x,
                49.96 + i * 0.001,
                x + 0.01,
                49.96 + i * 0.001);
    }

    /** The file-wide notes of a draft ({@code row} null) of {@code code}. */
    private static List<String> fileIssues(LayerImporter.Draft draft, String code) {
        return draft.issues().stream()
                .filter(i -> i.row() == null && i.code().equals(code))
                .map(LayerImporter.Issue::message)
                .toList();
    }

    /** The fields a {@code missing_field} problem names as missing. */
    private static String missingFields(LayerImporter.Issue issue) {
        return issue.message().replaceFirst("(?s) under any name .*", "");
    }

    private static List<String> rowIssues(LayerImporter.Draft draft, String code) {
        return draft.issues().stream()
                .filter(i -> i.row() != null && i.code().equals(code))
                .map(i -> i.row() + " " + i.message())
                .toList();
    }

    @Test
    void aNumberWithoutAUnitIsInTheUnitItsFieldsNameSays() throws Exception {
        // «Напряжение, В», «Диаметр, м», «Мощность, МВт»: numbers as JSON numbers, and one cell with its
        // own unit, which wins
        Object[][] rows = {
            {"ВЛ", "U1", 380, null, 2.5},
            {"ВЛ", "U2", 10000, null, null},
            {"ЛЭП", "U3", "0,4 кВ", null, null},
            {"водопровод", "D1", null, 0.5, null},
            {"водопровод", "D2", null, 0.15, 120}
        };
        List<TestFiles.Feature> features = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("Вид", rows[i][0]);
            p.put("Наименование", rows[i][1]);
            p.put("Напряжение, В", rows[i][2]);
            p.put("Диаметр, м", rows[i][3]);
            p.put("Мощность, МВт", rows[i][4]);
            features.add(new TestFiles.Feature(p, line(i, 82.62)));
        }
        LayerImporter.Draft draft =
                importInto("networks-units-named", geojson(dir.resolve("units-named.geojson"), features));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(5);
        assertThat(query("SELECT string_agg(name || ' ' || coalesce(voltage_kv::text, '-') || ' '"
                        + " || coalesce(diameter_mm::text, '-') || ' ' || coalesce(capacity::float8::text, '-'), '; '"
                        + " ORDER BY source_row) FROM network_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("U1 0.38 - 2500; U2 10.00 - -; U3 0.40 - -; D1 - 500 -; D2 - 150 -");
        assertThat(fileIssues(draft, "field_unit"))
                .containsExactlyInAnyOrder(
                        "the field 'Напряжение, В' names its unit, В: its numbers written without a unit are read in В"
                                + " and stored in kV",
                        "the field 'Диаметр, м' names its unit, м: its numbers written without a unit are read in м"
                                + " and stored in mm",
                        "the field 'Мощность, МВт' names its unit, МВт: its numbers written without a unit are read"
                                + " in МВт and stored in the unit of its kind's capacity (kW, m3/h, Gcal/h…)");
        // megawatts are no unit of a water main's capacity (m³ a day): no number rather than a wrong one
        assertThat(rowIssues(draft, "bad_number"))
                .containsExactly("5 the capacity '120' would be in МВт, as its field's name says, which is no unit of"
                        + " a water capacity; it was left empty");

        // centimetres, and a field named in the unit it is stored in, said nothing of
        List<TestFiles.Feature> cm = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("Вид", "водопровод");
            p.put("Наименование", "C" + (i + 1));
            p.put("Диаметр (см)", i == 0 ? 30 : 15);
            p.put("Напряжение, кВ", null);
            cm.add(new TestFiles.Feature(p, line(i, 82.64)));
        }
        LayerImporter.Draft centimetres = importInto("networks-units-cm", geojson(dir.resolve("units-cm.geojson"), cm));
        assertThat(query("SELECT string_agg(name || ' ' || diameter_mm, '; ' ORDER BY source_row) FROM network_snapshot"
                        + " WHERE layer_revision_id = " + centimetres.revisionId()))
                .isEqualTo("C1 300; C2 150");
        assertThat(fileIssues(centimetres, "field_unit"))
                .containsExactly("the field 'Диаметр (см)' names its unit, см: its numbers written without a unit are"
                        + " read in см and stored in mm");
    }

    @Test
    void aKazakhExportsFieldsWithTheirPossessiveEndingsAndPressureAsRegistersWriteIt() throws Exception {
        String[][] rows = {
            {"Электр беру желісі", "ӘЖ-10 Ф-1", "10 кВ", "-", "-"},
            {"ЛЭП", "ӘЖ-0,4", "0,4кВ", "-", "-"},
            {"Газ құбыры", "Газ-1", "-", "Ду 100", "орташа қысымды"},
            {"Газ құбыры", "Газ-2", "-", "d=150мм", "жоғары қысым"},
            {"Газ құбыры", "Газ-3", "-", "89", "төменгі қысымды"},
            {"Газ құбыры", "Газ-4", "-", "57", "төмен қысымды"},
            {"Газ құбыры", "Газ-5", "-", "57", "Орташа"}
        };
        List<TestFiles.Feature> features = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("Желі түрі", rows[i][0]);
            p.put("Атауы", rows[i][1]);
            p.put("Кернеуі, кВ", rows[i][2].equals("-") ? null : rows[i][2]);
            p.put("Диаметрі, мм", rows[i][3].equals("-") ? null : rows[i][3]);
            p.put("Қысымы", rows[i][4].equals("-") ? null : rows[i][4]);
            p.put("Балансұстаушы", "ШҚО ЭТК");
            features.add(new TestFiles.Feature(p, line(i, 82.66)));
        }
        LayerImporter.Draft draft = importInto("networks-kazakh", geojson(dir.resolve("kazakh.geojson"), features));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(7);
        assertThat(query("SELECT string_agg(kind || ' ' || name || ' ' || coalesce(voltage_kv::text, '-') || ' '"
                        + " || coalesce(diameter_mm::text, '-') || ' ' || coalesce(pressure_class, '-') || ' ' || extra,"
                        + " '; ' ORDER BY source_row) FROM network_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("power ӘЖ-10 Ф-1 10.00 - - {}; power ӘЖ-0,4 0.40 - - {}; gas Газ-1 - 100 medium {};"
                        + " gas Газ-2 - 150 high {}; gas Газ-3 - 89 low {}; gas Газ-4 - 57 low {};"
                        + " gas Газ-5 - 57 medium {}");
        // the file lacks a capacity field, and only that
        assertThat(draft.issues())
                .noneMatch(i -> i.code().equals("unknown_pressure_class")
                        || i.code().equals("missing_field")
                                && missingFields(i).matches(".*(voltage_kv|diameter_mm|pressure_class|\\bname\\b).*"));

        // a Russian gas register's classes: the class with its noun, and the abbreviations
        String[] said = {
            "среднего давления",
            "Среднее давление",
            "высокого давления",
            "Низкого давления",
            "СД",
            "ВД",
            "НД",
            "высокое давление"
        };
        String[] read = {"medium", "medium", "high", "low", "medium", "high", "low", "high"};
        List<TestFiles.Feature> gas = new ArrayList<>();
        for (int i = 0; i < said.length; i++) {
            gas.add(new TestFiles.Feature(
                    new LinkedHashMap<>(Map.of("Вид", "газопровод", "Наименование", "Г" + i, "Давление", said[i])),
                    line(i, 82.68)));
        }
        LayerImporter.Draft russian = importInto("networks-pressure", geojson(dir.resolve("pressure.geojson"), gas));
        assertThat(russian.issues()).noneMatch(i -> i.code().equals("unknown_pressure_class"));
        assertThat(query("SELECT string_agg(pressure_class, ' ' ORDER BY source_row) FROM network_snapshot"
                        + " WHERE layer_revision_id = " + russian.revisionId()))
                .isEqualTo(String.join(" ", read));
    }

    @Test
    void diametersAsDrawingsWriteThemAndVoltagesThatMayBeVolts() throws Exception {
        String[][] rows = {
            {"водопровод", "W1", "", "DN100"},
            {"водопровод", "W2", "", "dn 100"},
            {"водопровод", "W3", "", "Ду-50"},
            {"водопровод", "W4", "", "Ф 100мм"},
            {"водопровод", "W5", "", "d-150"},
            {"водопровод", "W6", "", "ПЭ100 SDR11 110х6,6"},
            {"водопровод", "W7", "", "Ду 32,5"},
            {"водопровод", "W8", "", "Ду 2х150"},
            {"ЛЭП", "L1", "400", ""},
            {"ЛЭП", "L2", "380", ""},
            {"ЛЭП", "L3", "230", ""},
            {"ЛЭП", "L4", "220", ""},
            {"ЛЭП", "L5", "10000", ""},
            {"ЛЭП", "L6", "400 В", ""},
            {"ЛЭП", "L7", "110", ""},
            {"ЛЭП", "L8", "0,4", ""},
            {"ЛЭП", "L9", "10", ""}
        };
        LayerImporter.Draft draft = importInto(
                "networks-spellings",
                excelLines("spellings.csv", "Вид сети;Наименование;Напряжение;Диаметр", rows, 82.72));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(rows.length);
        assertThat(query("SELECT string_agg(name || ' ' || coalesce(voltage_kv::text, '-') || ' '"
                        + " || coalesce(diameter_mm::text, '-') || coalesce(' ' || (extra ->> 'pipe_size'), ''), '; '"
                        + " ORDER BY source_row) FROM network_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("W1 - 100; W2 - 100; W3 - 50; W4 - 100; W5 - 150; W6 - 110 ПЭ100 SDR11 110х6,6;"
                        + " W7 - 33; W8 - -; L1 - -; L2 - -; L3 - -; L4 220.00 -; L5 - -; L6 0.40 -; L7 110.00 -;"
                        + " L8 0.40 -; L9 10.00 -");
        String volts = "' has no unit and is no voltage class in kV (0.4, 6, 10, 35, 110, 220, 500, 1150…): it may"
                + " be in volts; it was left empty: write its unit («0,4 кВ» or «400 В»)";
        assertThat(rowIssues(draft, "bad_number"))
                .containsExactlyInAnyOrder(
                        "8 the diameter 'Ду 2х150' is not a usable number; it was left empty",
                        "9 the voltage '400" + volts,
                        "10 the voltage '380" + volts,
                        "11 the voltage '230" + volts,
                        "13 the voltage '10000" + volts);
        assertThat(rowIssues(draft, "number_rounded"))
                .containsExactly("7 the diameter 'Ду 32,5' has a fraction of a millimetre; it was rounded: 33 mm is"
                        + " published");
    }

    @Test
    void aShapefilesNaimenIsTheNameAndItsZerosAreNotGiven() throws Exception {
        List<TestFiles.Feature> features = new ArrayList<>();
        Object[][] rows = {{"ВЛ", "A", 10.0, 0, 250.5}, {"ВЛ", "B", 0.0, 0, 0.0}, {"водопровод", "C", 0.0, 150, 0.0}};
        for (int i = 0; i < rows.length; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("VID", rows[i][0]);
            p.put("NAIMEN", rows[i][1]);
            p.put("NAPR_KV", rows[i][2]);
            p.put("DIAMETR", rows[i][3]);
            p.put("MOSHNOST", rows[i][4]);
            features.add(new TestFiles.Feature(p, line(i, 82.74)));
        }
        Path shp = TestFiles.shapefile(dir.resolve("naimen"), "seti_num", features, "-lco", "ENCODING=UTF-8");
        LayerImporter.Draft draft =
                importInto("networks-naimen", TestFiles.zip(dir.resolve("naimen.zip"), TestFiles.shapefileParts(shp)));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(query(
                        "SELECT string_agg(kind || ' ' || coalesce(name, '-') || ' ' || coalesce(voltage_kv::text, '-')"
                                + " || ' ' || coalesce(diameter_mm::text, '-') || ' ' || coalesce(capacity::float8::text, '-'),"
                                + " '; ' ORDER BY source_row) FROM network_snapshot WHERE layer_revision_id = "
                                + draft.revisionId()))
                .isEqualTo("power A 10.00 - 250.5; power B - - -; water C - 150 -");
        assertThat(fileIssues(draft, "file"))
                .contains(
                        "the field 'MOSHNOST' (capacity) is 0 in 2 of the features: a Shapefile's table, as ArcGIS"
                                + " writes it, cannot leave a number empty, so 0 was read as not given",
                        "the field 'NAPR_KV' (voltage) is 0 in 2 of the features: a Shapefile's table, as ArcGIS"
                                + " writes it, cannot leave a number empty, so 0 was read as not given",
                        "the field 'DIAMETR' (diameter) is 0 in 2 of the features: a Shapefile's table, as ArcGIS"
                                + " writes it, cannot leave a number empty, so 0 was read as not given");
        assertThat(draft.issues())
                .noneMatch(i -> i.code().equals("bad_number")
                        || i.code().equals("missing_field") && missingFields(i).matches(".*\\bname\\b.*"));
    }

    @Test
    void aKindGivenForAFileWithItsOwnKindFieldIsSaidUnused() throws Exception {
        List<TestFiles.Feature> features = new ArrayList<>();
        String[] kinds = {"ВЛ", "КЛ", "ЛЭП"};
        for (int i = 0; i < kinds.length; i++) {
            features.add(new TestFiles.Feature(
                    new LinkedHashMap<>(Map.of("ВИД", kinds[i], "НАИМЕН", "Линия " + i)), line(i, 82.76)));
        }
        LayerImporter.Draft draft = importInto(
                "networks-kind-unused",
                geojson(dir.resolve("kind-unused.geojson"), features),
                networks.withNetworkKind("gas"));
        assertThat(query("SELECT string_agg(DISTINCT kind, ',') FROM network_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("power");
        assertThat(fileIssues(draft, "default_not_used"))
                .containsExactly("the network kind given for the whole file, 'gas', was not used: the file's field"
                        + " 'ВИД' gives each feature its kind");
    }

    static String query(String sql) throws SQLException {
        return TestDatabases.value(db, sql);
    }

    /**
     * A utility's register as a Russian Excel saves it (a BOM, {@code ;}, CRLF): the {@code columns}, then
     * a WKT line 0.01° long from {@code lon} for each of the {@code rows}, each 0.001° north of the one
     * before.
     */
    private static Path excelLines(String name, String columns, String[][] rows, double lon) throws Exception {
        StringBuilder csv = new StringBuilder("\ufeff" + columns + ";WKT\r\n");
        for (int i = 0; i < rows.length; i++) {
            double lat = 50.32 + i * 0.001;
            csv.append(String.join(";", rows[i]))
                    .append(String.format(
                            Locale.ROOT, ";LINESTRING(%.2f %.4f,%.2f %.4f)\r\n", lon, lat, lon + 0.01, lat));
        }
        return Files.writeString(dir.resolve(name), csv);
    }
}
