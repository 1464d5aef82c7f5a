package kz.adalmap.importers.publish;

import static kz.adalmap.importers.publish.TestFiles.geojson;
import static kz.adalmap.importers.publish.TestFiles.plots;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import kz.adalmap.importers.profile.MappingProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A re-import that checks only the rows that differ from the published revision's file must give
 * exactly what checking every feature gives: the same report, the same diff, the same public layer
 * and history after publishing, and a rollback to the layer as it was. Each test uses its own layer.
 */
class ReimportByDifferenceIT {

    @TempDir
    static Path dir;

    private static PgTarget db;
    private static LayerImporter importer;
    private static MappingProfile profile;
    private static int east;

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabases.fresh("reimport");
        db.migrate();
        importer = LayerImporter.withGdal(64L * 1024 * 1024);
        profile = MappingProfile.load("cadastre-export");
        Files.createDirectories(dir.resolve("work"));
        east = Integer.parseInt(query("""
                INSERT INTO region (kato_code, cadastral_code, name_kk, name_ru, name_en, geom)
                VALUES ('630000000', '05', 'Шығыс', 'Восток', 'East',
                        ST_Multi(ST_MakeEnvelope(80, 48, 86, 52, 4326))) RETURNING id"""));
    }

    /** Every problem these imports stored has its detail worded in Kazakh, Russian and English. */
    @org.junit.jupiter.api.AfterAll
    static void everyProblemIsWordedInEachLanguage() throws Exception {
        IssueDetails.assertWorded(db);
    }

    private static LayerImporter.Draft importInto(LayerImporter with, String layer, Path file, Set<Integer> regions)
            throws Exception {
        return with.importFile(
                db,
                new LayerImporter.Request(
                        layer, file, profile, null, null, null, "editor", regions, dir.resolve("work")));
    }

    private static LayerImporter.Draft importInto(String layer, Path file) throws Exception {
        return importInto(importer, layer, file, null);
    }

    /** Imports {@code features}, written as the GeoJSON {@code name}, into {@code layer}, and publishes them for {@code reason}. */
    private static LayerImporter.Draft published(
            String layer, String name, List<TestFiles.Feature> features, String reason) throws Exception {
        LayerImporter.Draft draft = importInto(layer, geojson(dir.resolve(name), features));
        importer.publish(db, layer, draft.revisionNumber(), "editor", reason);
        return draft;
    }

    @Test
    void aPartReadAsAHoleIsSaidOnceOnItsRowWhenTheSameFileComesAgain() throws Exception {
        List<TestFiles.Feature> f = new java.util.ArrayList<>(plots(3));
        f.set(
                1,
                f.get(1)
                        .withGeometry("{\"type\":\"MultiPolygon\",\"coordinates\":["
                                + "[[[82.62,49.9],[82.62,49.901],[82.621,49.901],[82.621,49.9],[82.62,49.9]]],"
                                + "[[[82.6202,49.9002],[82.6202,49.9004],[82.6204,49.9004],[82.6204,49.9002],"
                                + "[82.6202,49.9002]]]]}"));
        Path shp = TestFiles.shapefile(dir.resolve("holes"), "plots", f, "-lco", "ENCODING=UTF-8");
        ImportCorpusIT.turnSecondRingOfRecord(shp, 2);
        LayerImporter.Draft first =
                importInto("holes", TestFiles.zip(dir.resolve("holes.zip"), TestFiles.shapefileParts(shp)));
        assertThat(first.accepted()).as(first.issues().toString()).isEqualTo(3);
        assertThat(first.issues())
                .filteredOn(i -> i.code().equals("part_read_as_hole"))
                .extracting(LayerImporter.Issue::row)
                .containsExactly(2L);
        importer.publish(db, "holes", first.revisionNumber(), "editor", "Register");
        LayerImporter.Draft again =
                importInto("holes", TestFiles.zip(dir.resolve("holes-again.zip"), TestFiles.shapefileParts(shp)));
        assertThat(again.comparedWith()).as("checked by difference").isNotNull();
        assertThat(again.issues())
                .filteredOn(i -> i.code().equals("part_read_as_hole"))
                .extracting(LayerImporter.Issue::row)
                .containsExactly(2L);
    }

    @Test
    void aFileCutOffSaysHowManyRowsItLacksThoughNoneDiffers() throws Exception {
        String layer = "cut-off";
        List<TestFiles.Feature> v1 = plots(12, 95);
        published(layer, "cut-v1.geojson", v1, null);
        LayerImporter.Draft cut = importInto(layer, geojson(dir.resolve("cut-v2.geojson"), v1.subList(0, 9)));
        assertThat(cut.comparedWith()).as("compared with the published file").isNotNull();
        assertThat(List.of(
                        cut.comparedWith().rowsDiffering(), cut.comparedWith().rowsFewer()))
                .containsExactly(0L, 3L);
        assertThat(cut.diff()).isEqualTo(new LayerImporter.Diff(0, 0, 3, 9));
        assertThat(query("SELECT report -> 'compared_with' ->> 'rows_fewer' FROM layer_revision WHERE id = "
                        + cut.revisionId()))
                .isEqualTo("3");
    }

    /** Version 1: 60 plots with the problems a real file has. */
    private static List<TestFiles.Feature> firstFile(int quarter) {
        List<TestFiles.Feature> v1 = new ArrayList<>(plots(60, quarter));
        String q = "05-085-%03d-".formatted(quarter);
        // rows 5 and 6 share a number: both rejected
        v1.set(5, v1.get(5).with("kad_nomer", q + "005"));
        // row 7 crosses itself: rejected
        v1.set(
                6,
                v1.get(6)
                        .withGeometry(
                                "{\"type\":\"Polygon\",\"coordinates\":[[[82.6036,49.95],[82.6040,49.9503],[82.6040,49.95],"
                                        + "[82.6036,49.9503],[82.6036,49.95]]]}"));
        // rows 10 and 11 overlap by two thirds
        double tenMetres = 10 / (111_320.0 * Math.cos(Math.toRadians(49.97)));
        v1.set(9, TestFiles.plot(q + "010", 82.75, 49.97, 30, "свободен"));
        v1.set(10, TestFiles.plot(q + "011", 82.75 + tenMetres, 49.97, 30, "свободен"));
        // row 12 declares twice its drawn area; row 13 has a status nobody knows
        v1.set(11, v1.get(11).with("ploshad", "0.1800"));
        v1.set(12, v1.get(12).with("status", "в процессе"));
        // rows 3 and 20: Kazakh letters lost in CP1251
        v1.set(2, v1.get(2).with("adres", "?ск?мен ?аласы, Абай к?шесі"));
        v1.set(19, v1.get(19).with("adres", "?ск?мен ?аласы, Абай к?шесі, 3"));
        // rows 50 and 51, 52 and 53: two more overlapping pairs
        v1.set(49, TestFiles.plot(q + "050", 82.79, 49.96, 30, "свободен"));
        v1.set(50, TestFiles.plot(q + "051", 82.79 + tenMetres, 49.96, 30, "свободен"));
        v1.set(51, TestFiles.plot(q + "052", 82.80, 49.96, 30, "свободен"));
        v1.set(52, TestFiles.plot(q + "053", 82.80 + tenMetres, 49.96, 30, "свободен"));
        // rows 30 and 40: not registered yet, known by their geometry
        v1.set(29, unnumbered(v1.get(29)));
        v1.set(39, unnumbered(v1.get(39)));
        return v1;
    }

    private static TestFiles.Feature unnumbered(TestFiles.Feature plot) {
        java.util.Map<String, Object> properties = new java.util.LinkedHashMap<>(plot.properties());
        properties.remove("kad_nomer");
        return new TestFiles.Feature(properties, plot.geometry());
    }

    /** Version 2 of {@link #firstFile}: a change of each kind, among unchanged rows. */
    private static List<TestFiles.Feature> secondFile(List<TestFiles.Feature> v1, int quarter) {
        String q = "05-085-%03d-".formatted(quarter);
        List<TestFiles.Feature> v2 = new ArrayList<>(v1);
        // row 2 goes to auction, and its address loses letters too
        v2.set(1, v2.get(1).with("status", "назначен аукцион").with("adres", "Өск?мен"));
        // row 3 redrawn onto unchanged row 24
        TestFiles.Feature onto = v1.get(23);
        v2.set(2, new TestFiles.Feature(v1.get(2).properties(), onto.geometry()));
        // row 6 gets a number of its own: rows 5 and 6 are both imported
        v2.set(5, v2.get(5).with("kad_nomer", q + "006"));
        // row 8 takes the number of unchanged row 9: both rejected, and 9 keeps its published plot
        v2.set(7, v2.get(7).with("kad_nomer", q + "009"));
        // row 11 moves away from row 10
        v2.set(10, TestFiles.plot(q + "011", 82.76, 49.98, 30, "свободен"));
        // row 31 loses its number and is drawn as unchanged row 30: rejected as the same plot
        v2.set(30, unnumbered(v1.get(29)));
        // unnumbered row 40 put up for auction
        v2.set(39, v2.get(39).with("status", "назначен аукцион"));
        // the status of row 50 (which overlaps unchanged 51) and of both 52 and 53 change
        v2.set(49, v2.get(49).with("status", "предоставлен"));
        v2.set(51, v2.get(51).with("status", "предоставлен"));
        v2.set(52, v2.get(52).with("status", "предоставлен"));
        // row 13's status corrected
        v2.set(12, v2.get(12).with("status", "свободен"));
        // the last two rows go, a new plot comes in their place
        v2.remove(59);
        v2.set(58, TestFiles.plot(q + "099", 82.77, 49.99, 40, "свободен"));
        return v2;
    }

    @Test
    void comparingRowByRowGivesWhatCheckingEveryFeatureGives() throws Exception {
        String layer = "compared";
        List<TestFiles.Feature> v1 = firstFile(81);
        LayerImporter.Draft first = published(layer, "compared-v1.geojson", v1, "Register");
        List<String> layerV1 = publicLayer(layer);

        Path file = geojson(dir.resolve("compared-v2.geojson"), secondFile(v1, 81));
        LayerImporter.Draft compared = importInto(layer, file);
        LayerImporter.Draft whole = importInto(importer.checkingEveryFeature(), layer, file, null);
        assertThat(snapshot(compared)).isEqualTo("delta");
        assertThat(snapshot(whole)).isEqualTo("full");
        assertThat(query("SELECT report -> 'compared_with' ->> 'rows_checked' FROM layer_revision WHERE id = "
                        + compared.revisionId()))
                .as("rows 2, 3, 6, 8, 11, 13, 31, 40, 50, 52, 53 and 59 differ, 5, 7 and 13 were rejected, 9"
                        + " shares 8's number and 30 31's geometry")
                .isEqualTo("16");
        assertThat(query("SELECT report -> 'compared_with' ->> 'rows_differing' FROM layer_revision WHERE id = "
                        + compared.revisionId()))
                .as("of them, those that differ")
                .isEqualTo("12");

        assertThat(compared.diff()).isEqualTo(whole.diff());
        assertThat(compared.diff())
                .as("5, 6, 13 and 99 added; 2, 3, 11, 40, 50, 52 and 53 changed; 8 (rejected with 9), 31, 59"
                        + " and 60 removed")
                .isEqualTo(new LayerImporter.Diff(4, 7, 4, 45));
        assertThat(List.of(compared.features(), compared.accepted(), compared.repaired(), compared.warnings()))
                .isEqualTo(List.of(whole.features(), whole.accepted(), whole.repaired(), whole.warnings()));
        assertThat(report(compared)).isNotEmpty().isEqualTo(report(whole));
        for (String line : List.of(
                "3 warning overlap overlaps row 24 ",
                "24 warning overlap overlaps row 3 ",
                "8 rejected duplicate_cadastral_number ",
                "9 rejected duplicate_cadastral_number ",
                "8 warning kept_published ",
                "12 warning area_mismatch ",
                "31 rejected duplicate_geometry the same plot as row 30 ",
                "50 warning overlap overlaps row 51 ",
                "51 warning overlap overlaps row 50 ",
                "52 warning overlap overlaps row 53 ",
                "53 warning overlap overlaps row 52 ",
                "- warning text_lost characters were lost before or while decoding (a question mark or \ufffd in place"
                        + " of a letter): Kazakh letters (Ә Ғ Қ Ң Ө Ұ Ү Һ І) do not exist in CP1251 or CP866; ask for the"
                        + " file in UTF-8, PT154 or KZ-1048. 3 features, first row 2: ")) {
            assertThat(report(compared)).anyMatch(issue -> issue.startsWith(line));
        }
        assertThat(report(compared)).noneMatch(issue -> issue.startsWith("10 warning overlap"));
        assertThat(query("SELECT feature_count FROM layer_revision WHERE id = " + compared.revisionId()))
                .isEqualTo(query("SELECT feature_count FROM layer_revision WHERE id = " + whole.revisionId()));

        // published, rolled back, and the other draft published: the same layer and history
        importer.publish(db, layer, compared.revisionNumber(), "editor", "Order 1");
        List<String> byDifference = publicLayer(layer);
        List<String> historyByDifference = history(compared.revisionId());
        assertThat(byDifference).hasSize(56).isNotEqualTo(layerV1);
        importer.rollback(db, layer, "editor", null);
        assertThat(publicLayer(layer)).isEqualTo(layerV1);
        // the draft checked whole is stale now, the layer published and rolled back since it was made: the
        // file imported again
        assertThatThrownBy(() -> importer.publish(db, layer, whole.revisionNumber(), "editor", "Order 1"))
                .isInstanceOfSatisfying(
                        RefusedStepException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefusedStepException.Reason.STALE_DRAFT));
        LayerImporter.Draft wholeAgain = importInto(importer.checkingEveryFeature(), layer, file, null);
        importer.publish(db, layer, wholeAgain.revisionNumber(), "editor", "Order 1");
        assertThat(publicLayer(layer)).isEqualTo(byDifference);
        assertThat(history(wholeAgain.revisionId()))
                .isEqualTo(historyByDifference)
                .isNotEmpty();
    }

    @Test
    void anOfficeTableWithSpacesInItsColumnNamesIsComparedRowByRow() throws Exception {
        // «Кадастровый номер»: the comparison took a column's name up to its first space
        String layer = "spaced";
        String head = "Кадастровый номер;Статус;Категория земель;WKT\n";
        String rows = "";
        for (int i = 1; i <= 5; i++) {
            double x = 82.6 + i * 0.001;
            rows += "05-085-077-00" + i + ";%s;нп;\"POLYGON((" + x + " 49.95," + (x + 0.0004) + " 49.95," + (x + 0.0004)
                    + " 49.9503," + x + " 49.9503," + x + " 49.95))\"\n";
        }
        Path v1 = Files.writeString(
                dir.resolve("spaced-v1.csv"), head + rows.formatted("бос", "бос", "бос", "бос", "бос"));
        importer.publish(db, layer, importInto(layer, v1).revisionNumber(), "editor", null);
        Path v2 = Files.writeString(
                dir.resolve("spaced-v2.csv"), head + rows.formatted("бос", "берілді", "бос", "бос", "бос"));
        LayerImporter.Draft second = importInto(layer, v2);
        assertThat(snapshot(second)).isEqualTo("delta");
        assertThat(second.diff().changed()).isEqualTo(1);
        assertThat(second.diff().unchanged()).isEqualTo(4);
    }

    @Test
    void aCsvFilesOverlapsAndTwiceDrawnPlotsAreNamedByItsLinesAlsoWhenComparedRowByRow() throws Exception {
        // a CSV file's features are its lines: an overlap and a plot drawn twice name the other by its line,
        // and a file compared with the published one row by row carries them so, of the rows it checks
        // again and of those it does not
        String layer = "csv-lines";
        String head = "Кадастровый номер;Статус;Категория земель;WKT\n";
        String rows = "05-085-096-001;бос;нп;" + box(0) + "\n"
                + "05-085-096-002;%1$s;нп;" + box(2) + "\n"
                + "05-085-096-003;%1$s;нп;" + box(2.2) + "\n"
                + ";бос;нп;" + box(5) + "\n"
                + ";бос;нп;" + box(5) + "\n"
                + "05-085-096-006;бос;нп;" + box(7) + "\n"
                + "05-085-096-007;бос;нп;" + box(7.2) + "\n"
                + "05-085-096-008;бос;нп;" + box(11) + "\n";
        Path v1 = Files.writeString(dir.resolve("csv-lines-v1.csv"), head + rows.formatted("бос"));
        LayerImporter.Draft first = importInto(layer, v1);
        assertThat(first.issues())
                .filteredOn(i -> i.code().equals("overlap") && Long.valueOf(2).equals(i.row()))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.detail().get("key")).isEqualTo("overlap_csv");
                    assertThat(i.message()).startsWith("overlaps line 4 by ");
                });
        assertThat(first.issues())
                .filteredOn(i -> i.code().equals("duplicate_geometry"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.detail().get("key")).isEqualTo("duplicate_plot_csv");
                    assertThat(i.message())
                            .isEqualTo("the same plot as line 5 (identical geometry, no cadastral number)");
                });
        importer.publish(db, layer, first.revisionNumber(), "editor", null);
        // two overlapping plots given, a plot added at the end
        Path v2 = Files.writeString(
                dir.resolve("csv-lines-v2.csv"),
                head + rows.formatted("берілді") + "05-085-096-010;бос;нп;" + box(13) + "\n");
        LayerImporter.Draft compared = importInto(layer, v2);
        LayerImporter.Draft whole = importInto(importer.checkingEveryFeature(), layer, v2, null);
        assertThat(snapshot(compared)).isEqualTo("delta");
        assertThat(report(compared)).isEqualTo(report(whole));
        for (String line : List.of(
                "2 warning overlap overlaps line 3 ",
                "3 warning overlap overlaps line 2 ",
                "5 rejected duplicate_geometry the same plot as line 4 ",
                "6 warning overlap overlaps line 7 ",
                "7 warning overlap overlaps line 6 ")) {
            assertThat(report(compared)).anyMatch(issue -> issue.startsWith(line));
        }
    }

    /** A CSV cell of the WKT of a plot {@code i} steps of 0.001° east along 49.8° N, apart from the others. */
    private static String box(double i) {
        return TestFiles.wktCell(83.0 + i * 0.001, 49.8, 0.0004, 0.0003);
    }

    @Test
    void aRollbackToARevisionThatStoredOnlyItsChangesRebuildsItsLayer() throws Exception {
        String layer = "chain";
        List<TestFiles.Feature> v1 = firstFile(82);
        published(layer, "chain-v1.geojson", v1, null);
        List<String> layerV1 = publicLayer(layer);
        List<TestFiles.Feature> v2 = secondFile(v1, 82);
        LayerImporter.Draft second = published(layer, "chain-v2.geojson", v2, null);
        List<String> layerV2 = publicLayer(layer);
        List<String> stampsV1V2 = stamps(layer);

        List<TestFiles.Feature> v3 = new ArrayList<>(v2);
        v3.set(34, v3.get(34).with("status", "назначен аукцион"));
        v3.set(44, TestFiles.plot("05-085-082-045", 82.78, 49.99, 20, "свободен"));
        LayerImporter.Draft third = importInto(layer, geojson(dir.resolve("chain-v3.geojson"), v3));
        assertThat(snapshot(third)).isEqualTo("delta");
        assertThat(third.diff()).isEqualTo(new LayerImporter.Diff(0, 2, 0, 54));
        importer.publish(db, layer, third.revisionNumber(), "editor", null);

        importer.rollback(db, layer, "editor", null);
        assertThat(publicLayer(layer)).isEqualTo(layerV2);
        // and each plot names the revision that put it so, as when the second was published: the two
        // the third changed, the first, which the second left alone
        assertThat(stamps(layer)).isEqualTo(stampsV1V2);
        // the rows kept for comparing: the published revision's (the one before it went when the
        // third was published)
        assertThat(keptRevisions(layer)).containsExactly((long) second.revisionId());
        importer.rollback(db, layer, "editor", null);
        assertThat(publicLayer(layer)).isEqualTo(layerV1);
        // rolled back past the kept rows: the next import checks the whole file, to the same diff
        assertThat(keptRevisions(layer)).isEmpty();
        LayerImporter.Draft again = importInto(layer, geojson(dir.resolve("chain-v2-again.geojson"), v2));
        assertThat(snapshot(again)).isEqualTo("full");
        assertThat(again.diff()).isEqualTo(second.diff());
        assertThat(keptRevisions(layer)).containsExactly((long) again.revisionId());
    }

    @Test
    void aRollbackToARevisionThatHoldsEveryPlotNamesTheRevisionThatPutEachPlotSo() throws Exception {
        // a rollback to a revision whose rows hold the whole layer stamped the plots it changed back
        // with that revision, though an earlier one had put them so and it had left them alone
        String layer = "whole-chain";
        List<TestFiles.Feature> v1 = plots(20, 93);
        published(layer, "whole-v1.geojson", v1, null);
        List<TestFiles.Feature> v2 = new ArrayList<>(v1);
        v2.set(1, v2.get(1).with("status", "назначен аукцион"));
        LayerImporter.Draft second =
                importInto(importer.checkingEveryFeature(), layer, geojson(dir.resolve("whole-v2.geojson"), v2), null);
        assertThat(snapshot(second)).isEqualTo("full");
        importer.publish(db, layer, second.revisionNumber(), "editor", null);
        List<String> layerV2 = publicLayer(layer);
        List<String> stampsV2 = stamps(layer);
        assertThat(stampsV2).contains("05-085-093-002 2", "05-085-093-005 1");

        List<TestFiles.Feature> v3 = new ArrayList<>(v2);
        v3.set(4, v3.get(4).with("status", "назначен аукцион"));
        v3.set(1, v3.get(1).with("status", "свободен"));
        published(layer, "whole-v3.geojson", v3, null);
        assertThat(stamps(layer)).contains("05-085-093-002 3", "05-085-093-005 3");

        importer.rollback(db, layer, "editor", null);
        assertThat(publicLayer(layer)).isEqualTo(layerV2);
        // row 5 as the first revision put it, row 2 as the second did
        assertThat(stamps(layer)).isEqualTo(stampsV2);
    }

    @Test
    void aPlotWithoutANumberDrawnAgainStaysThePlotWithItsHistory() throws Exception {
        String layer = "redrawn";
        List<TestFiles.Feature> v1 = new ArrayList<>(plots(40, 84));
        // rows 10 to 13: not registered yet, known by their outlines
        for (int i = 9; i < 13; i++) {
            v1.set(i, unnumbered(v1.get(i)));
        }
        published(layer, "redrawn-v1.geojson", v1, "Register");
        List<String> layerV1 = publicLayer(layer);
        List<String> idsV1 = numberlessPlots(layer);
        assertThat(idsV1).hasSize(4);

        double lat = 49.95;
        double twoMetres = 2 / (111_320.0 * Math.cos(Math.toRadians(lat)));
        List<TestFiles.Feature> v2 = new ArrayList<>(v1);
        // row 10 back from another coordinate system: its corners moved by three millimetres
        v2.set(
                9,
                v1.get(9)
                        .withGeometry(TestFiles.plot(null, 82.60 + 9 * 0.0006 + 3e-8, lat + 3e-8, 30, "")
                                .geometry()));
        // row 11's boundary corrected two metres east, and the plot put up for auction
        double x11 = 82.60 + 10 * 0.0006 + twoMetres;
        v2.set(
                10,
                v1.get(10)
                        .withGeometry(TestFiles.plot(null, x11, lat, 30, "").geometry())
                        .with("status", "назначен аукцион"));
        // row 12 split into two plots of half its size: neither is it
        double half = 15 / (111_320.0 * Math.cos(Math.toRadians(lat)));
        double x12 = 82.60 + 11 * 0.0006;
        double top = lat + 30 / 111_320.0;
        v2.set(11, v1.get(11).withGeometry(TestFiles.polygon(x12, lat, x12 + half, top)));
        v2.add(v1.get(11).withGeometry(TestFiles.polygon(x12 + half, lat, x12 + 2 * half, top)));
        Path file = geojson(dir.resolve("redrawn-v2.geojson"), v2);

        LayerImporter.Draft compared = importInto(layer, file);
        LayerImporter.Draft whole = importInto(importer.checkingEveryFeature(), layer, file, null);
        assertThat(snapshot(compared)).isEqualTo("delta");
        assertThat(compared.diff())
                .as("row 11 changed; row 12 removed, its halves added; row 10 as it was")
                .isEqualTo(new LayerImporter.Diff(2, 1, 1, 38))
                .isEqualTo(whole.diff());
        importer.publish(db, layer, compared.revisionNumber(), "editor", "Order 7");
        List<String> idsV2 = numberlessPlots(layer);
        assertThat(idsV2)
                .as("rows 10, 11 and 13 keep their plots, row 11 redrawn; row 12's plot gives way to two new ones")
                .contains(idsV1.get(0), idsV1.get(1), idsV1.get(3))
                .doesNotContain(idsV1.get(2))
                .hasSize(5);
        String plot11 = idsV1.get(1).substring(0, idsV1.get(1).indexOf('|'));
        assertThat(lines("SELECT concat_ws('|', from_status, to_status, reason) FROM plot_status_change"
                        + " WHERE plot_id = " + plot11 + " ORDER BY id"))
                .as("the plot's public history goes on")
                .containsExactly("allocated|Register", "allocated|auction_scheduled|Order 7");
        assertThat(query("SELECT abs(ST_XMin(geom) - " + x11 + ") < 1e-7 FROM land_plot WHERE id = " + plot11))
                .as("drawn where the file draws it")
                .isEqualTo("t");

        // the same file again, compared row by row or checked whole: nothing to change
        assertThat(importInto(layer, file).diff().isEmpty()).isTrue();
        assertThat(importInto(importer.checkingEveryFeature(), layer, file, null)
                        .diff()
                        .isEmpty())
                .isTrue();

        importer.rollback(db, layer, "editor", null);
        assertThat(publicLayer(layer)).isEqualTo(layerV1);
        assertThat(numberlessPlots(layer)).as("the same plots, drawn as before").isEqualTo(idsV1);
    }

    @Test
    void aPlotRegisteredOrRenumberedStaysThePlotWithItsHistory() throws Exception {
        String layer = "renumbered";
        String q = "05-085-085-";
        List<TestFiles.Feature> v1 = new ArrayList<>(plots(40, 85));
        // rows 9 (free) and 10: not registered yet
        v1.set(8, unnumbered(v1.get(8)));
        v1.set(9, unnumbered(v1.get(9)));
        published(layer, "renumbered-v1.geojson", v1, "Register");
        List<String> layerV1 = publicLayer(layer);
        List<String> idsV1 = plotIds(layer);
        String plot9 = plotOfRow(layer, 9);
        String plot17 = plotOfRow(layer, 17);
        String plot10 = plotOfRow(layer, 10);
        String plot18 = plotOfRow(layer, 18);

        double lat = 49.95;
        double twoMetres = 2 / (111_320.0 * Math.cos(Math.toRadians(lat)));
        List<TestFiles.Feature> v2 = new ArrayList<>(v1);
        // row 9 registered and given out at once
        v2.set(8, v1.get(8).with("kad_nomer", q + "090").with("status", "предоставлен"));
        // row 10 registered, its boundary corrected two metres east
        v2.set(
                9,
                v1.get(9)
                        .with("kad_nomer", q + "091")
                        .withGeometry(TestFiles.plot(null, 82.60 + 9 * 0.0006 + twoMetres, lat, 30, "")
                                .geometry()));
        // row 17 renumbered (a typo corrected) and given out
        v2.set(16, v1.get(16).with("kad_nomer", q + "092").with("status", "предоставлен"));
        // row 18 loses its number
        v2.set(17, unnumbered(v1.get(17)));
        // rows 21 and 22 swap their numbers: each number stays its plot, drawn where the other was
        v2.set(20, v1.get(20).with("kad_nomer", q + "022"));
        v2.set(21, v1.get(21).with("kad_nomer", q + "021"));
        // number 031 moves to another outline, and its old outline gets a new one: not a renumbering
        v2.set(30, v1.get(30).with("kad_nomer", q + "093"));
        v2.add(TestFiles.plot(q + "031", 82.70, 49.99, 30, "предоставлен"));
        Path file = geojson(dir.resolve("renumbered-v2.geojson"), v2);

        LayerImporter.Draft compared = importInto(layer, file);
        LayerImporter.Draft whole = importInto(importer.checkingEveryFeature(), layer, file, null);
        assertThat(snapshot(compared)).isEqualTo("delta");
        assertThat(compared.diff())
                .as("093 added; 090, 091, 092, 018 (now without a number), 021, 022 and 031 changed")
                .isEqualTo(new LayerImporter.Diff(1, 7, 0, 33))
                .isEqualTo(whole.diff());
        assertThat(report(compared)).isEqualTo(report(whole));
        String outline18 = query("SELECT plot_key(NULL, geom) FROM land_plot WHERE id = " + plotOfRow(layer, 18));
        for (LayerImporter.Draft draft : List.of(compared, whole)) {
            assertThat(importer.changes(db, layer, draft.revisionNumber(), "inspector"))
                    .extracting(change ->
                            String.join(" ", java.util.Arrays.asList(change).subList(0, 3)))
                    .as("the number changes in the diff's list")
                    .containsExactlyInAnyOrder(
                            "changed " + q + "021 null",
                            "changed " + q + "022 null",
                            "changed " + q + "031 null",
                            "changed " + q + "090 " + plotKey(layer, 9),
                            "changed " + q + "091 " + plotKey(layer, 10),
                            "changed " + q + "092 " + q + "017",
                            "changed " + outline18 + " " + q + "018",
                            "added " + q + "093 null");
        }

        importer.publish(db, layer, compared.revisionNumber(), "editor", "Order 8");
        List<String> byDifference = publicLayer(layer);
        List<String> historyByDifference = history(compared.revisionId());
        assertThat(plotIds(layer))
                .as("every plot keeps its id, the new number 093 is a new plot")
                .containsAll(idsV1)
                .hasSize(41);
        assertThat(query("SELECT id FROM land_plot WHERE cadastral_number = '" + q + "090'"))
                .isEqualTo(plot9);
        assertThat(query("SELECT id FROM land_plot WHERE cadastral_number = '" + q + "092'"))
                .isEqualTo(plot17);
        assertThat(statusHistory(plot9))
                .as("offered as free, registered and given out: on record with the revision and reason")
                .containsExactly("free|Register", "- → " + q + "090|free|Order 8", q + "090|free|allocated|Order 8");
        assertThat(statusHistory(plot17))
                .containsExactly(
                        q + "017|free|Register",
                        q + "017 → " + q + "092|free|Order 8",
                        q + "092|free|allocated|Order 8");
        assertThat(statusHistory(plot10))
                .as("registered without a change of status: on record too")
                .containsExactly("allocated|Register", "- → " + q + "091|allocated|Order 8");
        assertThat(statusHistory(plot18))
                .containsExactly(q + "018|allocated|Register", q + "018 → -|allocated|Order 8");
        assertThat(query("SELECT string_agg(event, ' ' ORDER BY id) FROM plot_status_change WHERE plot_id = " + plot9
                        + " AND layer_revision_id = " + compared.revisionId()))
                .isEqualTo("renumbered status");
        assertThat(query("SELECT cadastral_number IS NULL FROM land_plot WHERE id = " + plot18))
                .isEqualTo("t");

        // the same file again: nothing to change
        assertThat(importInto(layer, file).diff().isEmpty()).isTrue();
        assertThat(importInto(importer.checkingEveryFeature(), layer, file, null)
                        .diff()
                        .isEmpty())
                .isTrue();

        // rolled back: the same plots under their earlier numbers, and the change back on record
        importer.rollback(db, layer, "editor", "Wrong numbers");
        assertThat(publicLayer(layer)).isEqualTo(layerV1);
        assertThat(plotIds(layer)).isEqualTo(idsV1);
        assertThat(statusHistory(plot9))
                .endsWith(q + "090 → -|allocated|Wrong numbers", "allocated|free|Wrong numbers");
        assertThat(statusHistory(plot17))
                .endsWith(q + "092 → " + q + "017|allocated|Wrong numbers", q + "017|allocated|free|Wrong numbers");
        assertThat(statusHistory(plot18)).endsWith("- → " + q + "018|allocated|Wrong numbers");

        // the revision that stores every plot: the same layer and history
        LayerImporter.Draft wholeAgain = importInto(importer.checkingEveryFeature(), layer, file, null);
        importer.publish(db, layer, wholeAgain.revisionNumber(), "editor", "Order 8");
        assertThat(publicLayer(layer)).isEqualTo(byDifference);
        assertThat(history(wholeAgain.revisionId()))
                .isEqualTo(historyByDifference)
                .isNotEmpty();
        assertThat(query("SELECT id FROM land_plot WHERE cadastral_number = '" + q + "090'"))
                .isEqualTo(plot9);
        importer.rollback(db, layer, "editor", null);
        assertThat(publicLayer(layer)).isEqualTo(layerV1);
        assertThat(plotIds(layer)).isEqualTo(idsV1);
    }

    /**
     * A number freed by a plot that left the layer and given by the land office to the land of
     * another plot, whose own number the file has no more, is that plot renumbered: it keeps its
     * identity and public history, and the plot that left stays retired with its own. A number of a
     * plot that left, drawn where that plot was, is that plot coming back. Published and rolled back
     * with both plots under the number, one of them current, or both retired.
     */
    @Test
    void aNumberFreedByAPlotThatLeftTheLayerAndGivenToAnotherPlotRenumbersThatPlot() throws Exception {
        String layer = "reissued";
        String q = "05-085-092-";
        List<TestFiles.Feature> v1 = plots(20, 92);
        published(layer, "reissued-v1.geojson", v1, "Register");
        String plot5 = plotOfRow(layer, 5);
        String plot19 = plotOfRow(layer, 19);
        String plot20 = plotOfRow(layer, 20);
        // plots 019 and 020 leave the layer
        List<TestFiles.Feature> v2 = new ArrayList<>(v1.subList(0, 18));
        published(layer, "reissued-v2.geojson", v2, "Order 1");
        List<String> layerV2 = publicLayer(layer);
        String left20 = plotAsItIs(plot20);
        List<String> history20 = statusHistory(plot20);
        assertThat(left20).startsWith(q + "020|f|");

        // the freed number 020 given to the land of plot 005, which is given out; 005 is in the file
        // no more; plot 019 drawn where it was
        List<TestFiles.Feature> v3 = new ArrayList<>(v2);
        v3.set(4, v2.get(4).with("kad_nomer", q + "020").with("status", "предоставлен"));
        v3.add(v1.get(18));
        Path file = geojson(dir.resolve("reissued-v3.geojson"), v3);
        // the draft imported last keeps its file for the next comparison
        LayerImporter.Draft whole = importInto(importer.checkingEveryFeature(), layer, file, null);
        LayerImporter.Draft compared = importInto(layer, file);
        assertThat(snapshot(compared)).isEqualTo("delta");
        assertThat(compared.diff())
                .as("005 renumbered 020, 019 back")
                .isEqualTo(new LayerImporter.Diff(1, 1, 0, 17))
                .isEqualTo(whole.diff());
        assertThat(report(compared)).isEqualTo(report(whole)).noneMatch(i -> i.contains("number_of_other_land"));
        for (LayerImporter.Draft draft : List.of(compared, whole)) {
            assertThat(importer.changes(db, layer, draft.revisionNumber(), "inspector"))
                    .extracting(change ->
                            String.join(" ", java.util.Arrays.asList(change).subList(0, 3)))
                    .containsExactlyInAnyOrder("changed " + q + "020 " + q + "005", "added " + q + "019 null");
        }

        importer.publish(db, layer, compared.revisionNumber(), "editor", "Order 2");
        List<String> byDifference = publicLayer(layer);
        assertThat(query("SELECT id FROM land_plot WHERE cadastral_number = '" + q + "020'"
                        + " AND retired_revision_id IS NULL"))
                .isEqualTo(plot5);
        assertThat(statusHistory(plot5))
                .containsExactly(
                        q + "005|free|Register",
                        q + "005 → " + q + "020|free|Order 2",
                        q + "020|free|allocated|Order 2");
        assertThat(plotAsItIs(plot20)).as("the plot that left stays as it left").isEqualTo(left20);
        assertThat(statusHistory(plot20)).isEqualTo(history20);
        assertThat(statusHistory(plot19)).endsWith(q + "019|allocated|allocated|Order 2");
        assertThat(query("SELECT retired_revision_id IS NULL FROM land_plot WHERE id = " + plot19))
                .isEqualTo("t");

        // the next file gives plot 020 (once 005) back, by difference and whole: the current plot of
        // the number changes, the one that left stays as it left
        List<TestFiles.Feature> v4 = new ArrayList<>(v3);
        v4.set(4, v3.get(4).with("status", "свободен"));
        Path next = geojson(dir.resolve("reissued-v4.geojson"), v4);
        LayerImporter.Draft nextCompared = importInto(layer, next);
        LayerImporter.Draft nextWhole = importInto(importer.checkingEveryFeature(), layer, next, null);
        assertThat(snapshot(nextCompared)).isEqualTo("delta");
        assertThat(nextCompared.diff())
                .isEqualTo(new LayerImporter.Diff(0, 1, 0, 18))
                .isEqualTo(nextWhole.diff());
        importer.publish(db, layer, nextCompared.revisionNumber(), "editor", "Order 3");
        List<String> layerV4 = publicLayer(layer);
        assertThat(statusHistory(plot5)).endsWith(q + "020|allocated|free|Order 3");
        assertThat(plotAsItIs(plot20)).isEqualTo(left20);
        importer.rollback(db, layer, "editor", null);
        assertThat(publicLayer(layer)).isEqualTo(byDifference);
        importer.publish(
                db,
                layer,
                importInto(importer.checkingEveryFeature(), layer, next, null).revisionNumber(),
                "editor",
                "Order 3");
        assertThat(publicLayer(layer)).isEqualTo(layerV4);
        assertThat(plotAsItIs(plot20)).isEqualTo(left20);
        importer.rollback(db, layer, "editor", null);
        assertThat(publicLayer(layer)).isEqualTo(byDifference);

        // rolled back: plot 005 has its number back, 019 leaves again, 020 stays as it left
        importer.rollback(db, layer, "editor", "Wrong numbers");
        assertThat(publicLayer(layer)).isEqualTo(layerV2);
        assertThat(statusHistory(plot5))
                .endsWith(q + "020 → " + q + "005|allocated|Wrong numbers", q + "005|allocated|free|Wrong numbers");
        assertThat(plotAsItIs(plot20)).isEqualTo(left20);
        assertThat(statusHistory(plot20)).isEqualTo(history20);

        // the revision that stores every plot: the same
        // the draft made before is stale (published and rolled back since): the file imported again
        importer.publish(
                db,
                layer,
                importInto(importer.checkingEveryFeature(), layer, file, null).revisionNumber(),
                "editor",
                "Order 2");
        assertThat(publicLayer(layer)).isEqualTo(byDifference);
        assertThat(query("SELECT id FROM land_plot WHERE cadastral_number = '" + q + "020'"
                        + " AND retired_revision_id IS NULL"))
                .isEqualTo(plot5);
        assertThat(plotAsItIs(plot20)).isEqualTo(left20);

        // plot 020 (once 005) leaves the layer too; a rollback brings back the one that had the number last
        List<TestFiles.Feature> v5 = new ArrayList<>(v3);
        v5.remove(4);
        published(layer, "reissued-v5.geojson", v5, "Order 4");
        assertThat(query("SELECT count(*) FROM land_plot WHERE cadastral_number = '" + q + "020'"
                        + " AND retired_revision_id IS NOT NULL"))
                .isEqualTo("2");
        importer.rollback(db, layer, "editor", null);
        assertThat(publicLayer(layer)).isEqualTo(byDifference);
        assertThat(query("SELECT id FROM land_plot WHERE cadastral_number = '" + q + "020'"
                        + " AND retired_revision_id IS NULL"))
                .isEqualTo(plot5);
        assertThat(plotAsItIs(plot20)).isEqualTo(left20);
    }

    /** Plot {@code id} as it is: number, current, status, revisions, outline, row, last update. */
    private static String plotAsItIs(String id) throws SQLException {
        return query("""
                SELECT concat_ws('|', cadastral_number, retired_revision_id IS NULL, status, layer_revision_id,
                                 retired_revision_id, md5(ST_AsEWKB(geom)), source_row, updated_at)
                FROM land_plot WHERE id = %s
                """.formatted(id));
    }

    @Test
    void aPlotMergedWithASmallNeighbourOrSplitOffASliverIsANewPlot() throws Exception {
        String layer = "merged";
        double lat = 49.99;
        double metre = 1 / 111_320.0;
        double metreEast = metre / Math.cos(Math.toRadians(lat));
        List<TestFiles.Feature> v1 = new ArrayList<>(plots(20, 86));
        TestFiles.Feature shape = unnumbered(v1.get(0));
        // rows 21 and 22: a plot of 40 by 40 m without a number and its neighbour of 40 by 8 m north of it
        double x = 82.70;
        v1.add(shape.withGeometry(TestFiles.polygon(x, lat, x + 40 * metreEast, lat + 40 * metre)));
        v1.add(shape.withGeometry(TestFiles.polygon(x, lat + 40 * metre, x + 40 * metreEast, lat + 48 * metre)));
        // row 23: a plot of 40 by 40 m without a number
        double x3 = 82.71;
        v1.add(shape.withGeometry(TestFiles.polygon(x3, lat, x3 + 40 * metreEast, lat + 40 * metre)));
        // rows 24 and 25: the same with numbers
        double x4 = 82.72;
        v1.add(shape.with("kad_nomer", "05-085-086-024")
                .withGeometry(TestFiles.polygon(x4, lat, x4 + 40 * metreEast, lat + 40 * metre)));
        v1.add(shape.with("kad_nomer", "05-085-086-025")
                .withGeometry(TestFiles.polygon(x4, lat + 40 * metre, x4 + 40 * metreEast, lat + 48 * metre)));
        published(layer, "merged-v1.geojson", v1, null);
        List<String> idsV1 = plotIds(layer);

        List<TestFiles.Feature> v2 = new ArrayList<>(v1.subList(0, 20));
        // 21 and 22 merged: 21 is 83 % of the whole and wholly in it
        v2.add(shape.withGeometry(TestFiles.polygon(x, lat, x + 40 * metreEast, lat + 48 * metre)));
        // 23 split into 85 % and 15 %
        v2.add(shape.withGeometry(TestFiles.polygon(x3, lat, x3 + 40 * metreEast, lat + 34 * metre)));
        v2.add(shape.withGeometry(TestFiles.polygon(x3, lat + 34 * metre, x3 + 40 * metreEast, lat + 40 * metre)));
        // 24 and 25 merged under a new number
        v2.add(shape.with("kad_nomer", "05-085-086-026")
                .withGeometry(TestFiles.polygon(x4, lat, x4 + 40 * metreEast, lat + 48 * metre)));
        Path file = geojson(dir.resolve("merged-v2.geojson"), v2);

        LayerImporter.Draft compared = importInto(layer, file);
        LayerImporter.Draft whole = importInto(importer.checkingEveryFeature(), layer, file, null);
        assertThat(snapshot(compared)).isEqualTo("delta");
        assertThat(compared.diff())
                .as("the merged plots and the parts of the split one are new; the five plots before them removed")
                .isEqualTo(new LayerImporter.Diff(4, 0, 5, 20))
                .isEqualTo(whole.diff());
        importer.publish(db, layer, compared.revisionNumber(), "editor", null);
        assertThat(plotIds(layer)).hasSize(24).doesNotContainAnyElementsOf(idsV1.subList(20, 25));
    }

    /** The ids of a layer's current plots, in the order of their rows. */
    private static List<String> plotIds(String layer) throws SQLException {
        return lines("""
                SELECT p.id FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id
                JOIN layer l ON l.id = r.layer_id
                WHERE l.code = '%s' AND p.retired_revision_id IS NULL ORDER BY p.source_row, p.id
                """.formatted(layer));
    }

    /** The id of the current plot of a layer put in place by {@code row} of the file. */
    private static String plotOfRow(String layer, int row) throws SQLException {
        return query("""
                SELECT p.id FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id
                JOIN layer l ON l.id = r.layer_id
                WHERE l.code = '%s' AND p.retired_revision_id IS NULL AND p.source_row = %d
                """.formatted(layer, row));
    }

    /** The key of the current plot of a layer put in place by {@code row} of the file. */
    private static String plotKey(String layer, int row) throws SQLException {
        return query("SELECT " + LayerImporter.keyOf("p") + " FROM land_plot p WHERE id = " + plotOfRow(layer, row));
    }

    /** A plot's public status history ("number|from|to|reason", empty parts left out), oldest first. */
    /**
     * A plot's public history, an entry a line: its status changes as "number|from|to|reason", its
     * changes of number as "old → new|status|reason" ("-" for none).
     */
    private static List<String> statusHistory(String plot) throws SQLException {
        return lines("""
                SELECT CASE WHEN event = 'renumbered'
                            THEN concat_ws('|', coalesce(previous_cadastral_number, '-') || ' → '
                                                || coalesce(cadastral_number, '-'), to_status, reason)
                            ELSE concat_ws('|', cadastral_number, from_status, to_status, reason) END
                FROM plot_status_change WHERE plot_id = %s ORDER BY id
                """.formatted(plot));
    }

    /** The current numberless plots of a layer ("id|source row"), in the order of their rows. */
    private static List<String> numberlessPlots(String layer) throws SQLException {
        return lines("""
                SELECT p.id || '|' || p.source_row
                FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id JOIN layer l ON l.id = r.layer_id
                WHERE l.code = '%s' AND p.retired_revision_id IS NULL AND p.cadastral_number IS NULL
                ORDER BY p.source_row
                """.formatted(layer));
    }

    /** The revisions of a layer whose file rows are kept for the next comparison. */
    private static List<Long> keptRevisions(String layer) throws SQLException {
        return lines("""
                SELECT r.id FROM layer_revision r JOIN layer l ON l.id = r.layer_id
                WHERE l.code = '%s' AND to_regclass('staging.source_' || r.id) IS NOT NULL ORDER BY r.id
                """.formatted(layer)).stream().map(Long::valueOf).toList();
    }

    @Test
    void theRowsKeptForTheNextComparisonAreLeftOutOfAutovacuum() throws Exception {
        // the table is renamed and dropped later, which would wait behind autovacuum for a second
        LayerImporter.Draft draft = importInto("unvacuumed", geojson(dir.resolve("unvacuumed.geojson"), plots(3, 77)));
        assertThat(keptRevisions("unvacuumed")).containsExactly(draft.revisionId());
        assertThat(lines("SELECT unnest(reloptions) FROM pg_class WHERE oid = to_regclass('staging.source_"
                        + draft.revisionId() + "')"))
                .contains("autovacuum_enabled=false");
    }

    @Test
    void theWholeFileIsCheckedWhenTheComparisonCouldNotTellTheSame() throws Exception {
        String layer = "whole";
        List<TestFiles.Feature> v1 = plots(40, 83);
        Path first = geojson(dir.resolve("whole-v1.geojson"), v1);
        importer.publish(
                db, layer, importInto(importer, layer, first, Set.of(east)).revisionNumber(), "editor", null);
        // the same plots in another order: every row moved
        List<TestFiles.Feature> reversed = new ArrayList<>(v1);
        java.util.Collections.reverse(reversed);
        LayerImporter.Draft moved = importInto(layer, geojson(dir.resolve("whole-reversed.geojson"), reversed));
        assertThat(snapshot(moved)).isEqualTo("full");
        assertThat(moved.diff().isEmpty()).isTrue();
        // another profile reads the fields another way
        MappingProfile other = new MappingProfile(
                "other",
                "plots",
                null,
                profile.fields(),
                profile.values(),
                java.util.Map.of("right_type", "private_ownership"),
                null);
        LayerImporter.Draft otherProfile = importer.importFile(db, TestFiles.request(layer, first, other, dir));
        assertThat(snapshot(otherProfile)).isEqualTo("full");
        // an administrator is held to no region: what the editor's import checked holds for him
        List<TestFiles.Feature> auction = new ArrayList<>(v1);
        auction.set(0, auction.get(0).with("status", "назначен аукцион"));
        Path second = geojson(dir.resolve("whole-auction.geojson"), auction);
        LayerImporter.Draft byAdministrator = importInto(layer, second);
        assertThat(snapshot(byAdministrator)).isEqualTo("delta");
        assertThat(byAdministrator.diff()).isEqualTo(new LayerImporter.Diff(0, 1, 0, 39));
        importer.publish(db, layer, byAdministrator.revisionNumber(), "admin", null);
        // but an editor after him: every plot must be checked against the editor's region
        LayerImporter.Draft byEditor = importInto(importer, layer, second, Set.of(east));
        assertThat(snapshot(byEditor)).isEqualTo("full");
        assertThat(byEditor.diff().isEmpty()).isTrue();
        // and a revision an earlier version of AdalMap read, which read some values otherwise: its
        // rows are not carried over
        String installed = query("SELECT installed_on::text FROM flyway_schema_history WHERE version = '"
                + LayerImporter.READING_RULES + "'");
        String setInstalled = "UPDATE flyway_schema_history SET installed_on = %s WHERE version = '"
                + LayerImporter.READING_RULES + "'";
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.execute(setInstalled.formatted("clock_timestamp()"));
        }
        try {
            LayerImporter.Draft readBefore = importInto(layer, second);
            assertThat(snapshot(readBefore)).isEqualTo("full");
            assertThat(readBefore.diff().isEmpty()).isTrue();
        } finally {
            try (Connection c = db.connect();
                    Statement st = c.createStatement()) {
                st.execute(setInstalled.formatted("'" + installed + "'"));
            }
        }
    }

    @Test
    void theWholeFileIsCheckedAfterAnotherPlotsLayerRolledBack() throws Exception {
        // the neighbour's two revisions, published before the layer's
        String neighbour = "rolled-neighbour";
        published(neighbour, "neighbour-v1.geojson", plots(5, 88), null);
        published(neighbour, "neighbour-v2.geojson", plots(6, 88), null);
        String layer = "beside-rolled";
        List<TestFiles.Feature> v1 = plots(20, 87);
        published(layer, "beside-v1.geojson", v1, null);
        List<TestFiles.Feature> auction = new ArrayList<>(v1);
        auction.set(0, auction.get(0).with("status", "назначен аукцион"));
        Path second = geojson(dir.resolve("beside-auction.geojson"), auction);
        assertThat(snapshot(importInto(layer, second))).isEqualTo("delta");
        // the neighbour's numbers change as much by a rollback as by a publish
        importer.rollback(db, neighbour, "editor", null);
        LayerImporter.Draft after = importInto(layer, second);
        assertThat(snapshot(after)).isEqualTo("full");
        assertThat(after.diff()).isEqualTo(new LayerImporter.Diff(0, 1, 0, 19));
    }

    /**
     * Two drafts made of one published revision, then a third: the second can still be published,
     * and once it is, the next import compares its file with the second's rows, not every row again.
     */
    @Test
    void aDraftPublishedAfterALaterImportIsComparedWithByTheNextImport() throws Exception {
        String layer = "kept-drafts";
        List<TestFiles.Feature> v1 = plots(20, 94);
        published(layer, "kept-v1.geojson", v1, null);
        List<TestFiles.Feature> allocated = new ArrayList<>(v1);
        allocated.set(0, allocated.get(0).with("status", "предоставлен"));
        List<TestFiles.Feature> auction = new ArrayList<>(v1);
        auction.set(1, auction.get(1).with("status", "назначен аукцион"));
        Path a = geojson(dir.resolve("kept-allocated.geojson"), allocated);
        Path b = geojson(dir.resolve("kept-auction.geojson"), auction);
        LayerImporter.Draft second = importInto(layer, a);
        LayerImporter.Draft third = importInto(layer, b);
        // made after the third, which can still be published
        LayerImporter.Draft fourth = importInto(layer, a);
        assertThat(fourth.revisionNumber()).isEqualTo(4);
        long published = Long.parseLong(
                query("SELECT based_on_revision_id FROM layer_revision WHERE id = " + fourth.revisionId()));
        assertThat(keptRevisions(layer))
                .containsExactly(published, second.revisionId(), third.revisionId(), fourth.revisionId());
        importer.publish(db, layer, third.revisionNumber(), "editor", null);
        // the other drafts can no longer be published
        assertThat(keptRevisions(layer)).containsExactly(published, third.revisionId());
        List<TestFiles.Feature> both = new ArrayList<>(auction);
        both.set(0, allocated.get(0));
        LayerImporter.Draft next = importInto(layer, geojson(dir.resolve("kept-both.geojson"), both));
        assertThat(next.comparedWith())
                .as("compared with the published revision's rows")
                .isNotNull();
        assertThat(next.comparedWith().revision()).isEqualTo(3);
        assertThat(next.comparedWith().rowsDiffering()).isEqualTo(1);
        assertThat(snapshot(next)).isEqualTo("delta");
        assertThat(next.diff()).isEqualTo(new LayerImporter.Diff(0, 1, 0, 19));
    }

    /**
     * Imports {@code file} into {@code layer} both by difference and checking every feature, as drafts of
     * the same published revision, and asserts the same report, diff and counts; then publishes each in
     * turn (the layer rolled back between) and asserts the same public layer and history. Returns the
     * draft by difference; the layer is left with the file published when it changes the layer.
     */
    private static LayerImporter.Draft sameAsCheckingEveryFeature(String layer, Path file) throws Exception {
        LayerImporter.Draft compared = importInto(layer, file);
        LayerImporter.Draft whole = importInto(importer.checkingEveryFeature(), layer, file, null);
        assertThat(report(compared)).isEqualTo(report(whole));
        assertThat(compared.diff()).isEqualTo(whole.diff());
        assertThat(List.of(compared.features(), compared.accepted(), compared.rejected(), compared.warnings()))
                .isEqualTo(List.of(whole.features(), whole.accepted(), whole.rejected(), whole.warnings()));
        if (compared.diff().isEmpty()) {
            return compared;
        }
        importer.publish(db, layer, compared.revisionNumber(), "editor", "Order");
        List<String> byDifference = publicLayer(layer);
        List<String> historyByDifference = history(compared.revisionId());
        importer.rollback(db, layer, "editor", null);
        LayerImporter.Draft wholeAgain = importInto(importer.checkingEveryFeature(), layer, file, null);
        importer.publish(db, layer, wholeAgain.revisionNumber(), "editor", "Order");
        assertThat(publicLayer(layer)).isEqualTo(byDifference);
        assertThat(history(wholeAgain.revisionId())).isEqualTo(historyByDifference);
        return compared;
    }

    /** The rows of {@code draft}'s report with {@code code}, one line each ("row severity code message"). */
    private static List<String> said(LayerImporter.Draft draft, String code) throws SQLException {
        return report(draft).stream()
                .filter(line -> line.split(" ")[2].equals(code))
                .toList();
    }

    @Test
    void aStatusReadAsCutIsReadByTheLongestStatusOfTheWholeFile() throws Exception {
        // a known status of 24 letters: «выставлен на аук» (16) is not as long as the longest, and unknown
        String layer = "cut-longest";
        List<TestFiles.Feature> v1 = new ArrayList<>(plots(20, 71));
        v1.set(2, v1.get(2).with("status", "сауда-саттыққа шығарылды"));
        published(layer, "cut-longest-v1.geojson", v1, null);
        List<TestFiles.Feature> v2 = new ArrayList<>(v1);
        v2.set(6, v2.get(6).with("status", "выставлен на аук"));
        LayerImporter.Draft second =
                sameAsCheckingEveryFeature(layer, geojson(dir.resolve("cut-longest-v2.geojson"), v2));
        assertThat(snapshot(second)).isEqualTo("delta");
        assertThat(said(second, "unknown_status")).hasSize(1).allMatch(line -> line.startsWith("7 rejected"));
        // the only longer one goes: «выставлен на аук» is the longest now, and read as cut
        List<TestFiles.Feature> v3 = new ArrayList<>(v2);
        v3.set(2, v3.get(2).with("status", "свободен"));
        LayerImporter.Draft third =
                sameAsCheckingEveryFeature(layer, geojson(dir.resolve("cut-longest-v3.geojson"), v3));
        assertThat(snapshot(third)).isEqualTo("delta");
        assertThat(said(third, "status_cut")).hasSize(1).allMatch(line -> line.startsWith("7 warning"));
        // the other way: the cut status is the longest, until a longer one comes
        String other = "cut-longer";
        List<TestFiles.Feature> w1 = new ArrayList<>(plots(20, 72));
        w1.set(6, w1.get(6).with("status", "выставлен на аук"));
        LayerImporter.Draft first = published(other, "cut-longer-v1.geojson", w1, null);
        assertThat(first.issues()).anyMatch(i -> i.code().equals("status_cut") && i.row() == 7L);
        List<TestFiles.Feature> w2 = new ArrayList<>(w1);
        w2.set(2, w2.get(2).with("status", "сауда-саттыққа шығарылды"));
        LayerImporter.Draft longer =
                sameAsCheckingEveryFeature(other, geojson(dir.resolve("cut-longer-v2.geojson"), w2));
        assertThat(snapshot(longer)).as("the longest status is another").isEqualTo("full");
        assertThat(said(longer, "unknown_status")).hasSize(1).allMatch(line -> line.startsWith("7 rejected"));
    }

    @Test
    void anAreaWhoseCommaTheFieldsOtherValuesTellIsReadAsTheWholeFileTellsIt() throws Exception {
        // decimal commas, and row 8's «1,250» read as 1.25 by them; a thousands comma in row 3 leaves the
        // field untold, and «1,250» empty; and the other way
        String layer = "comma-told";
        published(layer, "comma-told-v1.geojson", decimalCommas(73, false), null);
        LayerImporter.Draft second = sameAsCheckingEveryFeature(
                layer, geojson(dir.resolve("comma-told-v2.geojson"), decimalCommas(73, true)));
        assertThat(snapshot(second)).isEqualTo("full");
        assertThat(said(second, "bad_number")).anyMatch(line -> line.startsWith("8 warning"));
        assertThat(query("SELECT count(*) FROM land_plot WHERE retired_revision_id IS NULL"
                        + " AND cadastral_number = '05-085-073-008' AND area_declared_ha IS NULL"))
                .isEqualTo("1");
        String other = "comma-untold";
        published(other, "comma-untold-v1.geojson", decimalCommas(79, true), null);
        LayerImporter.Draft told = sameAsCheckingEveryFeature(
                other, geojson(dir.resolve("comma-untold-v2.geojson"), decimalCommas(79, false)));
        assertThat(said(told, "bad_number")).noneMatch(line -> line.startsWith("8 "));
        assertThat(query("SELECT area_declared_ha FROM land_plot WHERE retired_revision_id IS NULL"
                        + " AND cadastral_number = '05-085-079-008'"))
                .isEqualTo("1.2500");
    }

    @Test
    void aPriceWhoseCommaTheFieldsOtherValuesTellIsReadAsTheWholeFileTellsIt() throws Exception {
        // thousands commas, and row 8's «2,500» read as 2500 ₸ by them; a decimal comma in row 3 leaves
        // the field untold, and «2,500» empty
        String layer = "price-comma";
        List<TestFiles.Feature> v1 = new ArrayList<>(plots(20, 68));
        v1.replaceAll(f -> f.with("cena", "1,100,000"));
        v1.set(7, v1.get(7).with("cena", "2,500"));
        published(layer, "price-comma-v1.geojson", v1, null);
        assertThat(query("SELECT starting_price_kzt FROM land_plot WHERE retired_revision_id IS NULL"
                        + " AND cadastral_number = '05-085-068-008'"))
                .isEqualTo("2500.00");
        List<TestFiles.Feature> v2 = new ArrayList<>(v1);
        v2.set(2, v2.get(2).with("cena", "1500000,50"));
        LayerImporter.Draft second =
                sameAsCheckingEveryFeature(layer, geojson(dir.resolve("price-comma-v2.geojson"), v2));
        assertThat(snapshot(second)).isEqualTo("full");
        assertThat(said(second, "bad_number")).anyMatch(line -> line.startsWith("8 warning"));
        assertThat(query("SELECT starting_price_kzt FROM land_plot WHERE retired_revision_id IS NULL"
                        + " AND cadastral_number = '05-085-068-008'"))
                .isNull();
    }

    /** 20 plots with decimal commas in their areas, row 8's «1,250»; row 3's «2,400.5» with a thousands comma. */
    private static List<TestFiles.Feature> decimalCommas(int quarter, boolean thousandsInRow3) {
        List<TestFiles.Feature> out = new ArrayList<>(plots(20, quarter));
        out.replaceAll(f -> f.with("ploshad", "0,09"));
        out.set(7, out.get(7).with("ploshad", "1,250"));
        if (thousandsInRow3) {
            out.set(2, out.get(2).with("ploshad", "2,400.5"));
        }
        return out;
    }

    @Test
    void theUnitOfAFilesAreasIsTheWholeFilesWhenTwoRowsTurnIt() throws Exception {
        // 91 of 100 areas in square metres: the file is read in them; 2 rows corrected to hectares turn it
        String layer = "unit-turned";
        List<TestFiles.Feature> v1 = new ArrayList<>(plots(100, 74));
        for (int i = 0; i < 91; i++) {
            v1.set(i, v1.get(i).with("ploshad", "900"));
        }
        published(layer, "unit-turned-v1.geojson", v1, null);
        List<TestFiles.Feature> v2 = new ArrayList<>(v1);
        v2.set(0, v2.get(0).with("ploshad", "0.0900"));
        v2.set(1, v2.get(1).with("ploshad", "0.0900"));
        LayerImporter.Draft second =
                sameAsCheckingEveryFeature(layer, geojson(dir.resolve("unit-turned-v2.geojson"), v2));
        assertThat(snapshot(second)).isEqualTo("full");
        assertThat(said(second, "area_unit")).hasSize(1);
    }

    @Test
    void aWarningThatTheFilesAreasAreInSquareMetresCountsTheWholeFile() throws Exception {
        String layer = "unit-one-row";
        List<TestFiles.Feature> v1 = plots(20, 75);
        published(layer, "unit-one-row-v1.geojson", v1, null);
        List<TestFiles.Feature> v2 = new ArrayList<>(v1);
        v2.set(4, v2.get(4).with("ploshad", "900"));
        LayerImporter.Draft second =
                sameAsCheckingEveryFeature(layer, geojson(dir.resolve("unit-one-row-v2.geojson"), v2));
        assertThat(snapshot(second)).isEqualTo("delta");
        assertThat(said(second, "area_mismatch")).hasSize(1);
        assertThat(said(second, "area_unit")).isEmpty();
        // most rows: said, of the whole file
        List<TestFiles.Feature> v3 = new ArrayList<>(v2);
        for (int i = 5; i < 12; i++) {
            v3.set(i, v3.get(i).with("ploshad", "900"));
        }
        v3.set(12, v3.get(12).with("status", "изъят"));
        List<TestFiles.Feature> v4 = new ArrayList<>(v3);
        for (int i = 12; i < 15; i++) {
            v4.set(i, v4.get(i).with("ploshad", "900"));
        }
        sameAsCheckingEveryFeature(layer, geojson(dir.resolve("unit-one-row-v3.geojson"), v3));
        LayerImporter.Draft most =
                sameAsCheckingEveryFeature(layer, geojson(dir.resolve("unit-one-row-v4.geojson"), v4));
        assertThat(snapshot(most)).isEqualTo("delta");
        assertThat(said(most, "area_unit")).singleElement().asString().contains("11 of 20");
    }

    @Test
    void aNumberPaddedWithZerosIsSaidOfBothRowsWhicheverOfThemChanged() throws Exception {
        String layer = "padded";
        List<TestFiles.Feature> v1 = plots(20, 76);
        List<TestFiles.Feature> padded = new ArrayList<>(v1);
        padded.set(6, padded.get(6).with("kad_nomer", "05-085-076-0003"));
        published(layer, "padded-v1.geojson", v1, null);
        LayerImporter.Draft pads = sameAsCheckingEveryFeature(layer, geojson(dir.resolve("padded-v2.geojson"), padded));
        assertThat(snapshot(pads)).isEqualTo("delta");
        assertThat(said(pads, "padded_cadastral_number"))
                .extracting(line -> line.split(" ")[0])
                .containsExactly("3", "7");
        LayerImporter.Draft back = sameAsCheckingEveryFeature(layer, geojson(dir.resolve("padded-v3.geojson"), v1));
        assertThat(snapshot(back)).isEqualTo("delta");
        assertThat(said(back, "padded_cadastral_number")).isEmpty();
    }

    @Test
    void aGroupOfValuesIsSaidOnceOnItsRowAfterEveryImport() throws Exception {
        String layer = "grouped";
        List<TestFiles.Feature> v1 = new ArrayList<>(plots(20, 69));
        v1.set(4, v1.get(4).with("adres", "GROUPED"));
        Path first = geojson(dir.resolve("grouped-v1.geojson"), v1);
        String list = "[\"г. Өскемен\", \"Қабанбай 5\"]";
        Files.writeString(first, Files.readString(first).replace("\"GROUPED\"", list));
        LayerImporter.Draft published = importInto(layer, first);
        importer.publish(db, layer, published.revisionNumber(), "editor", null);
        List<TestFiles.Feature> v2 = new ArrayList<>(v1);
        v2.set(0, v2.get(0).with("status", "изъят"));
        Path second = geojson(dir.resolve("grouped-v2.geojson"), v2);
        Files.writeString(second, Files.readString(second).replace("\"GROUPED\"", list));
        LayerImporter.Draft again = sameAsCheckingEveryFeature(layer, second);
        assertThat(snapshot(again)).isEqualTo("delta");
        assertThat(said(again, "value_grouped")).singleElement().asString().startsWith("5 warning");
    }

    @Test
    void aPlotThatCameBackUnderItsNumberIsNotSaidToComeBackByTheNextImports() throws Exception {
        String layer = "came-back";
        List<TestFiles.Feature> v1 = plots(20, 78);
        published(layer, "came-back-v1.geojson", v1, null);
        published(layer, "came-back-v2.geojson", v1.subList(0, 19), null);
        List<TestFiles.Feature> v3 = new ArrayList<>(v1);
        v3.set(19, TestFiles.plot("05-085-078-020", 82.62, 49.96, 30, "предоставлен"));
        LayerImporter.Draft back = published(layer, "came-back-v3.geojson", v3, null);
        assertThat(back.issues()).anyMatch(i -> i.code().equals("number_of_other_land") && i.row() == 20L);
        List<TestFiles.Feature> v4 = new ArrayList<>(v3);
        v4.set(0, v4.get(0).with("status", "изъят"));
        LayerImporter.Draft next = sameAsCheckingEveryFeature(layer, geojson(dir.resolve("came-back-v4.geojson"), v4));
        assertThat(snapshot(next)).isEqualTo("delta");
        assertThat(said(next, "number_of_other_land")).isEmpty();
    }

    private static String snapshot(LayerImporter.Draft draft) throws SQLException {
        return query("SELECT snapshot FROM layer_revision WHERE id = " + draft.revisionId());
    }

    /** The revision's problems, one line each ("row severity code message"), sorted. */
    private static List<String> report(LayerImporter.Draft draft) throws SQLException {
        return lines("""
                SELECT coalesce(source_row::text, '-') || ' ' || severity || ' ' || code || ' ' || message
                FROM import_issue WHERE layer_revision_id = %d ORDER BY 1
                """.formatted(draft.revisionId()));
    }

    /** The public plots of a layer, everything the public sees of each, sorted. */
    /** Each current plot of {@code layer} with the number of the revision that put it as it is, sorted. */
    private static List<String> stamps(String layer) throws SQLException {
        return lines("""
                SELECT coalesce(p.cadastral_number, md5(ST_AsEWKB(p.geom))) || ' ' || r.number
                FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id JOIN layer l ON l.id = r.layer_id
                WHERE l.code = '%s' AND p.retired_revision_id IS NULL ORDER BY 1
                """.formatted(layer));
    }

    private static List<String> publicLayer(String layer) throws SQLException {
        return lines("""
                SELECT concat_ws('|', p.cadastral_number, p.status, p.land_category, p.area_declared_ha,
                                 p.address, p.right_type, p.extra::text, md5(ST_AsEWKB(p.geom)), p.source_row,
                                 p.region_id)
                FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id JOIN layer l ON l.id = r.layer_id
                WHERE l.code = '%s' AND p.retired_revision_id IS NULL ORDER BY 1
                """.formatted(layer));
    }

    /**
     * The changes of status and the removals a revision wrote into the public history, sorted. (Plots
     * it adds are recorded when first inserted; one brought back after a rollback keeps its record,
     * and its return is an entry of its own.)
     */
    private static List<String> history(long revision) throws SQLException {
        return lines("""
                SELECT concat_ws('|', h.cadastral_number, h.from_status, h.to_status, h.reason)
                FROM plot_status_change h
                WHERE h.layer_revision_id = %d AND h.from_status IS NOT NULL AND h.event <> 'restored' ORDER BY 1
                """.formatted(revision));
    }

    private static List<String> lines(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static String query(String sql) throws SQLException {
        return TestDatabases.value(db, sql);
    }
}
