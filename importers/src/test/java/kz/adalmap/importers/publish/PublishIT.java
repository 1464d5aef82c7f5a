package kz.adalmap.importers.publish;

import static kz.adalmap.importers.publish.TestFiles.geojson;
import static kz.adalmap.importers.publish.TestFiles.plots;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import kz.adalmap.importers.profile.MappingProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life of a plots layer: a first import published, the same file again (no change), a new
 * file with a few plots changed, added and removed, a rollback; with the public status history,
 * the audit log, stale drafts, editors' regions, two imports at once and readers during a publish.
 * Each test uses its own layer.
 */
class PublishIT {

    @TempDir
    static Path dir;

    private static PgTarget db;
    private static LayerImporter importer;
    private static MappingProfile profile;
    private static int east;
    private static int north;

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabases.fresh("publish");
        db.migrate();
        importer = LayerImporter.withGdal(64L * 1024 * 1024);
        profile = MappingProfile.load("cadastre-export");
        Files.createDirectories(dir.resolve("work"));
        // two regions: the east around Oskemen, the north beside it
        east = Integer.parseInt(query("""
                INSERT INTO region (kato_code, cadastral_code, name_kk, name_ru, name_en, geom)
                VALUES ('630000000', '05', 'Шығыс', 'Восток', 'East',
                        ST_Multi(ST_MakeEnvelope(80, 48, 86, 50.0, 4326))) RETURNING id"""));
        north = Integer.parseInt(query("""
                INSERT INTO region (kato_code, cadastral_code, name_kk, name_ru, name_en, geom)
                VALUES ('590000000', '15', 'Солтүстік', 'Север', 'North',
                        ST_Multi(ST_MakeEnvelope(80, 50.0, 86, 54, 4326))) RETURNING id"""));
    }

    /** Every problem these imports stored has its detail worded in Kazakh, Russian and English. */
    @org.junit.jupiter.api.AfterAll
    static void everyProblemIsWordedInEachLanguage() throws Exception {
        IssueDetails.assertWorded(db);
    }

    private static LayerImporter.Draft importAs(String layer, Path file, String actor, Set<Integer> regions)
            throws Exception {
        return importer.importFile(
                db,
                new LayerImporter.Request(layer, file, profile, null, null, null, actor, regions, dir.resolve("work")));
    }

    private static LayerImporter.Draft importInto(String layer, Path file) throws Exception {
        return importAs(layer, file, "editor", null);
    }

    /** Imports {@code file} into {@code layer} and publishes it as the editor, with no reason. */
    private static void publishedFirst(String layer, Path file) throws Exception {
        importer.publish(db, layer, importInto(layer, file).revisionNumber(), "editor", null);
    }

    @Test
    void publishingTellsConfirmedSubscribersOfTheFreePlotsInTheirAreaInTheSameTransaction() throws Exception {
        String layer = "watched";
        // the first row of the grid, 82.60–82.612 E at 49.95 N, is watched; a second subscriber has not confirmed
        query("""
                INSERT INTO plot_subscription (area, email, language, token, confirmed_at)
                VALUES (ST_Multi(ST_MakeEnvelope(82.5999, 49.9499, 82.6125, 49.9502, 4326)), 'a@mail.kz', 'en',
                        repeat('a', 40), now()),
                       (ST_Multi(ST_MakeEnvelope(82.5999, 49.9499, 82.6125, 49.9502, 4326)), 'b@mail.kz', 'en',
                        repeat('b', 40), NULL)
                RETURNING id""");
        // 40 plots in rows of 20; every fourth is free: five of them in the watched first row
        LayerImporter.Draft draft = importInto(layer, geojson(dir.resolve("watched.geojson"), plots(40, 61)));
        assertThat(query("SELECT count(*) FROM outbox_message"))
                .as("a draft tells nobody")
                .isEqualTo("0");
        importer.publish(db, layer, draft.revisionNumber(), "editor", "Register");
        assertThat(query("SELECT count(*) || ' ' || min(recipient) FROM outbox_message"))
                .isEqualTo("1 a@mail.kz");
        String body = query("SELECT body FROM outbox_message");
        for (int n : new int[] {1, 5, 9, 13, 17}) {
            assertThat(body).contains("05-085-061-%03d".formatted(n));
        }
        assertThat(body).doesNotContain("05-085-061-021", "05-085-061-002");
    }

    @Test
    void aReimportReportsTheOverlapsOfUnchangedPlotsUnderTheirNewRowsAndMeasuresOnlyRedrawnOnes() throws Exception {
        String layer = "overlaps";
        List<TestFiles.Feature> plots = new ArrayList<>(plots(30, 71));
        // rows 3 and 4: a 30 m square and another 10 m east of it, two thirds of each on the other
        plots.set(2, TestFiles.plot("05-085-071-003", 82.75, 49.97, 30, "свободен"));
        double tenMetres = 10 / (111_320.0 * Math.cos(Math.toRadians(49.97)));
        plots.set(3, TestFiles.plot("05-085-071-004", 82.75 + tenMetres, 49.97, 30, "свободен"));
        LayerImporter.Draft first = importInto(layer, geojson(dir.resolve("overlaps-v1.geojson"), plots));
        assertThat(overlaps(layer, first.revisionNumber())).containsExactly("3 overlaps row 4", "4 overlaps row 3");
        importer.publish(db, layer, first.revisionNumber(), "editor", null);
        // unchanged pairs are not measured again: their warnings are carried over, as this marker shows
        query("UPDATE import_issue SET message = replace(message, ' by ', ' (carried) by ') WHERE code = 'overlap'"
                + " AND layer_revision_id = " + first.revisionId() + " RETURNING 1");

        // the same plots in reverse order: nothing changes, the warnings follow the rows
        List<TestFiles.Feature> reversed = new ArrayList<>(plots);
        java.util.Collections.reverse(reversed);
        LayerImporter.Draft again = importInto(layer, geojson(dir.resolve("overlaps-v2.geojson"), reversed));
        assertThat(again.diff().isEmpty()).isTrue();
        assertThat(overlaps(layer, again.revisionNumber())).containsExactly("27 overlaps row 28", "28 overlaps row 27");
        assertThat(importer.issues(db, layer, again.revisionNumber()))
                .filteredOn(i -> i.code().equals("overlap"))
                .allSatisfy(i -> assertThat(i.message()).contains("(carried)"));

        // row 4 moved away, row 10 redrawn onto row 11: one overlap gone, one new
        List<TestFiles.Feature> third = new ArrayList<>(plots);
        third.set(3, TestFiles.plot("05-085-071-004", 82.76, 49.98, 30, "свободен"));
        third.set(9, TestFiles.plot("05-085-071-010", 82.6054 + 0.0002, 49.95, 30, "предоставлен"));
        LayerImporter.Draft moved = importInto(layer, geojson(dir.resolve("overlaps-v3.geojson"), third));
        assertThat(moved.diff()).isEqualTo(new LayerImporter.Diff(0, 2, 0, 28));
        assertThat(overlaps(layer, moved.revisionNumber())).containsExactly("10 overlaps row 11", "11 overlaps row 10");
        // the marker off again: the messages are the importer's, as the check of their wording expects
        query("UPDATE import_issue SET message = replace(message, ' (carried) by ', ' by ') WHERE code = 'overlap'"
                + " RETURNING 1");
    }

    /** The overlap warnings of a revision as "row overlaps row other", in row order. */
    private static List<String> overlaps(String layer, int revision) throws SQLException {
        return importer.issues(db, layer, revision).stream()
                .filter(i -> i.code().equals("overlap"))
                .map(i -> i.row() + " " + i.message().replaceAll(" (\\(carried\\) )?by .*", ""))
                .toList();
    }

    @Test
    void importPublishReimportChangeAndRollBack() throws Exception {
        String layer = "life";
        List<TestFiles.Feature> first = plots(200);
        Path v1 = geojson(dir.resolve("life-v1.geojson"), first);

        LayerImporter.Draft d1 = importInto(layer, v1);
        assertThat(d1.diff()).isEqualTo(new LayerImporter.Diff(200, 0, 0, 0));
        assertThat(publicCount(layer)).as("a draft is not public").isZero();
        importer.publish(db, layer, d1.revisionNumber(), "editor", "Initial register");
        assertThat(publicCount(layer)).isEqualTo(200);
        assertThat(query("SELECT count(*) FROM plot_status_change h JOIN land_plot p ON p.id = h.plot_id"
                        + " WHERE h.reason = 'Initial register' AND h.layer_revision_id = " + d1.revisionId()))
                .isEqualTo("200");

        // the same file, and the same plots written as a GeoPackage: nothing to publish
        LayerImporter.Draft same = importInto(layer, v1);
        assertThat(same.diff()).isEqualTo(new LayerImporter.Diff(0, 0, 0, 200));
        Path gpkg = TestFiles.convert(v1, dir.resolve("life-v1.gpkg"), "GPKG");
        assertThat(importInto(layer, gpkg).diff()).isEqualTo(new LayerImporter.Diff(0, 0, 0, 200));
        String revisions = query("SELECT count(*) FROM layer_revision WHERE state <> 'draft'");
        assertThat(catchThrowable(() -> importer.publish(db, layer, same.revisionNumber(), "editor", null)))
                .as("a revision that changes nothing, and a rollback after it that undoes nothing")
                .isInstanceOfSatisfying(
                        RefusedStepException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefusedStepException.Reason.NOTHING_TO_PUBLISH));
        assertThat(query("SELECT count(*) FROM layer_revision WHERE state <> 'draft'"))
                .isEqualTo(revisions);

        // two plots put up for auction, one redrawn, one dropped, one new
        List<TestFiles.Feature> second = new ArrayList<>(first);
        second.set(4, second.get(4).with("status", "назначен аукцион"));
        second.set(5, second.get(5).with("status", "аукцион"));
        second.set(6, TestFiles.plot("05-085-012-007", 82.6036, 49.95, 25, "предоставлен"));
        second.remove(199);
        second.add(TestFiles.plot("05-085-012-201", 82.70, 49.97, 40, "свободен"));
        LayerImporter.Draft d2 = importInto(layer, geojson(dir.resolve("life-v2.geojson"), second));
        assertThat(d2.diff()).isEqualTo(new LayerImporter.Diff(1, 3, 1, 196));
        assertThat(importer.changes(db, layer, d2.revisionNumber(), "inspector"))
                .extracting(change -> change[0] + " " + change[1])
                .containsExactly(
                        "changed 05-085-012-005",
                        "changed 05-085-012-006",
                        "changed 05-085-012-007",
                        "removed 05-085-012-200",
                        "added 05-085-012-201");

        importer.publish(db, layer, d2.revisionNumber(), "chief", "Auction order No. 45 of 20.11.2026");
        assertThat(publicCount(layer)).isEqualTo(200);
        assertThat(query("SELECT status FROM land_plot WHERE cadastral_number = '05-085-012-005'"))
                .isEqualTo("auction_scheduled");
        assertThat(query("""
                SELECT string_agg(from_status || '>' || to_status || ' ' || reason || ' r' || r.number, '; ' ORDER BY h.id)
                FROM plot_status_change h JOIN land_plot p ON p.id = h.plot_id
                JOIN layer_revision r ON r.id = h.layer_revision_id
                WHERE p.cadastral_number = '05-085-012-005' AND from_status IS NOT NULL"""))
                .isEqualTo("free>auction_scheduled Auction order No. 45 of 20.11.2026 r" + d2.revisionNumber());
        // the dropped plot leaves the public layer, not the history
        assertThat(
                        query(
                                "SELECT retired_revision_id IS NOT NULL FROM land_plot WHERE cadastral_number = '05-085-012-200'"))
                .isEqualTo("t");
        assertThat(query("SELECT string_agg(event || ' ' || reason, '; ' ORDER BY id) FROM plot_status_change"
                        + " WHERE cadastral_number = '05-085-012-200'"))
                .isEqualTo("status Initial register; removed Auction order No. 45 of 20.11.2026");

        LayerImporter.Diff back = importer.rollback(db, layer, "chief", null);
        assertThat(back).isEqualTo(new LayerImporter.Diff(1, 3, 1, 196));
        assertThat(publicCount(layer)).isEqualTo(200);
        assertThat(query("SELECT status FROM land_plot WHERE cadastral_number = '05-085-012-005'"))
                .isEqualTo("free");
        assertThat(query("SELECT retired_revision_id IS NULL FROM land_plot WHERE cadastral_number = '05-085-012-200'"))
                .isEqualTo("t");
        assertThat(
                        query(
                                "SELECT retired_revision_id IS NOT NULL FROM land_plot WHERE cadastral_number = '05-085-012-201'"))
                .isEqualTo("t");
        assertThat(query("SELECT reason FROM plot_status_change WHERE cadastral_number = '05-085-012-005'"
                        + " ORDER BY id DESC LIMIT 1"))
                .isEqualTo("Rolled back to revision " + d1.revisionNumber());
        assertThat(query("SELECT string_agg(number || ':' || state, ',' ORDER BY number) FROM layer_revision r"
                        + " JOIN layer l ON l.id = r.layer_id WHERE l.code = 'life'"))
                .isEqualTo("1:published,2:draft,3:draft,4:rolled_back");
        assertThat(query("SELECT string_agg(actor || ' ' || action, ', ' ORDER BY id) FROM audit_log"
                        + " WHERE entity_id = 'life' AND action <> 'layer.import'"))
                .isEqualTo("editor layer.publish, inspector layer.diff, chief layer.publish, chief layer.rollback");
        assertThat(query("SELECT details::text FROM audit_log WHERE action = 'layer.diff' AND entity_id = 'life'"))
                .contains("\"changes\": 5", "\"revision\": " + d2.revisionNumber());
        assertThat(query("SELECT count(*) FROM audit_log WHERE entity_id = 'life' AND action = 'layer.import'"))
                .isEqualTo("4");
        // the drafts made against revision 1 are current again, but revision 2 still holds nothing new
        assertThatThrownBy(() -> importer.rollback(db, layer, "chief", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no earlier revision");
    }

    /**
     * A plot's public history says when a revision took it off the public layer and brought it back,
     * and which entries rollbacks made, under the revision made public again and the one rolled back;
     * a rollback keeps the publish time of the revision it returns to; a blank reason is none.
     */
    @Test
    void theHistorySaysWhenAPlotLeftTheLayerAndCameBackAndWhatARollbackDid() throws Exception {
        String layer = "comings";
        List<TestFiles.Feature> first = plots(10, 81);
        Path v1 = geojson(dir.resolve("comings-v1.geojson"), first);
        LayerImporter.Draft d1 = importInto(layer, v1);
        importer.publish(db, layer, d1.revisionNumber(), "editor", "Decree 1: first load");
        // plot 2 given back, plot 6 taken off the map
        List<TestFiles.Feature> second = new ArrayList<>(first);
        second.set(1, second.get(1).with("status", "свободен"));
        second.remove(5);
        LayerImporter.Draft d2 = importInto(layer, geojson(dir.resolve("comings-v2.geojson"), second));
        // with the no-break and zero-width spaces Word and Excel put around a pasted text
        importer.publish(db, layer, d2.revisionNumber(), "editor", "\u00a0Decree 2: monthly update\u200b");
        // the first file again, published without a reason: spaces, a no-break and a zero-width one
        LayerImporter.Draft d3 = importInto(layer, v1);
        importer.publish(db, layer, d3.revisionNumber(), "editor", "  \u00a0\u200b");
        String publishedAt = query("SELECT string_agg(number || ' ' || published_at, ', ' ORDER BY number)"
                + " FROM layer_revision WHERE id IN (" + d1.revisionId() + ", " + d2.revisionId() + ")");

        importer.rollback(db, layer, "chief", "Rollback A: v3 was the wrong file");
        importer.rollback(db, layer, "chief", "\ufeff");
        assertThat(query(
                        "SELECT string_agg(status || ' ' || (retired_revision_id IS NULL), ', ' ORDER BY cadastral_number)"
                                + " FROM land_plot WHERE cadastral_number IN ('05-085-081-002', '05-085-081-006')"))
                .isEqualTo("allocated true, allocated true");

        int r1 = d1.revisionNumber();
        int r2 = d2.revisionNumber();
        int r3 = d3.revisionNumber();
        assertThat(history("05-085-081-006"))
                .containsExactly(
                        "status - allocated | Decree 1: first load | r" + r1,
                        "removed allocated allocated | Decree 2: monthly update | r" + r2,
                        "restored allocated allocated | Published revision " + r3 + " | r" + r3,
                        "removed allocated allocated | Rollback A: v3 was the wrong file | r" + r2 + " rollback of r"
                                + r3,
                        "restored allocated allocated | Rolled back to revision " + r1 + " | r" + r1 + " rollback of r"
                                + r2);
        assertThat(history("05-085-081-002"))
                .containsExactly(
                        "status - allocated | Decree 1: first load | r" + r1,
                        "status allocated free | Decree 2: monthly update | r" + r2,
                        "status free allocated | Published revision " + r3 + " | r" + r3,
                        "status allocated free | Rollback A: v3 was the wrong file | r" + r2 + " rollback of r" + r3,
                        "status free allocated | Rolled back to revision " + r1 + " | r" + r1 + " rollback of r" + r2);
        assertThat(query("SELECT count(*) FROM plot_status_change h JOIN land_plot p ON p.id = h.plot_id"
                        + " WHERE p.cadastral_number LIKE '05-085-081-%' AND h.reason IS NULL"))
                .as("every entry has a reason")
                .isEqualTo("0");

        // the revisions rolled back to keep the time they were first published, and say when they came back
        assertThat(query("SELECT string_agg(number || ' ' || published_at, ', ' ORDER BY number)"
                        + " FROM layer_revision WHERE id IN (" + d1.revisionId() + ", " + d2.revisionId() + ")"))
                .isEqualTo(publishedAt);
        assertThat(query(
                        "SELECT string_agg(number || ' ' || state || ' ' || coalesce((restored_at > published_at)::text, 'null'), ', '"
                                + " ORDER BY number) FROM layer_revision WHERE id IN (" + d1.revisionId() + ", "
                                + d2.revisionId() + ", " + d3.revisionId() + ")"))
                .isEqualTo(r1 + " published true, " + r2 + " rolled_back true, " + r3 + " rolled_back null");
        // the audit log keeps the reason as given: none for a blank one
        assertThat(query("SELECT string_agg(action || ' ' || coalesce(details ->> 'reason', '-'), ', ' ORDER BY id)"
                        + " FROM audit_log WHERE entity_id = '" + layer + "' AND action <> 'layer.import'"))
                .isEqualTo("layer.publish Decree 1: first load, layer.publish Decree 2: monthly update,"
                        + " layer.publish -, layer.rollback Rollback A: v3 was the wrong file, layer.rollback -");
    }

    /**
     * A retired plot that a revision brought back on other land is, once a rollback of that revision
     * retires it again, the plot it was when it left: its card shows the land and the facts it left
     * with, and the revisions that put it so and took it off; its history keeps every entry.
     */
    @Test
    void aRollbackRetiresAPlotItsRevisionBroughtBackAsItLeftTheLayer() throws Exception {
        String layer = "brought-back";
        String plot20 = "05-085-089-020";
        List<TestFiles.Feature> first = plots(20, 89);
        importer.publish(
                db,
                layer,
                importInto(layer, geojson(dir.resolve("brought-back-1.geojson"), first))
                        .revisionNumber(),
                "editor",
                null);
        // plot 020 given back, then taken off the layer
        List<TestFiles.Feature> second = new ArrayList<>(first);
        second.set(19, second.get(19).with("status", "свободен"));
        importer.publish(
                db,
                layer,
                importInto(layer, geojson(dir.resolve("brought-back-2.geojson"), second))
                        .revisionNumber(),
                "editor",
                null);
        List<TestFiles.Feature> third = new ArrayList<>(second.subList(0, 19));
        importer.publish(
                db,
                layer,
                importInto(layer, geojson(dir.resolve("brought-back-3.geojson"), third))
                        .revisionNumber(),
                "editor",
                null);
        String left = plotAsItIs(plot20);
        assertThat(left).startsWith("f | free | r2 | r3 | 20 | ");
        // another plot given back
        List<TestFiles.Feature> fourth = new ArrayList<>(third);
        fourth.set(1, fourth.get(1).with("status", "свободен"));
        importer.publish(
                db,
                layer,
                importInto(layer, geojson(dir.resolve("brought-back-4.geojson"), fourth))
                        .revisionNumber(),
                "editor",
                null);
        // number 020 on land east of the others, where no plot was, put up for auction: plot 020 comes
        // back there (on the land of a plot the file no longer names, it would renumber that plot)
        List<TestFiles.Feature> fifth = new ArrayList<>(fourth);
        fifth.add(TestFiles.plot(plot20, 82.62, 49.95, 30, "назначен аукцион"));
        LayerImporter.Draft d5 = importInto(layer, geojson(dir.resolve("brought-back-5.geojson"), fifth));
        importer.publish(db, layer, d5.revisionNumber(), "editor", null);
        String land = query("SELECT ST_AsText(geom) FROM land_plot WHERE cadastral_number = '" + plot20
                + "' AND retired_revision_id IS NULL");
        assertThat(land).isNotEqualTo(left.split(" \\| ")[5]);
        assertThat(plotAsItIs(plot20)).startsWith("t | auction_scheduled | r5 | - | 20 | " + land + " | ");
        List<String> history = history(plot20);

        importer.rollback(db, layer, "chief", "Wrong numbers");
        assertThat(plotAsItIs(plot20)).as("retired as it left in revision 3").isEqualTo(left);
        assertThat(history(plot20))
                .as("the history keeps every entry, and says what the rollback did")
                .startsWith(history.toArray(String[]::new))
                .endsWith(
                        "removed auction_scheduled auction_scheduled | Wrong numbers | r4 rollback of r5",
                        "status auction_scheduled free | Wrong numbers | r4 rollback of r5");
        assertThat(history(plot20)).hasSize(history.size() + 2);

        // rolled back again, to before it left: the plot comes back where it was
        importer.rollback(db, layer, "chief", null);
        importer.rollback(db, layer, "chief", null);
        assertThat(plotAsItIs(plot20)).startsWith("t | free | r2 | - | 20 | " + left.split(" \\| ")[5] + " | ");
    }

    /**
     * The one plot of a number, as its card shows it: current, status, the revision that put it so,
     * the one that took it off the layer, its row, outline, facts, district and region.
     */
    private static String plotAsItIs(String cadastralNumber) throws SQLException {
        return query("""
                SELECT concat_ws(' | ', p.retired_revision_id IS NULL, p.status, 'r' || r.number,
                                 coalesce('r' || x.number, '-'), p.source_row, ST_AsText(p.geom),
                                 p.area_declared_ha, p.land_category, p.address, p.extra, p.district_id, p.region_id,
                                 (SELECT count(*) FROM land_plot o WHERE o.cadastral_number = p.cadastral_number))
                FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id
                LEFT JOIN layer_revision x ON x.id = p.retired_revision_id
                WHERE p.cadastral_number = '%s'""".formatted(cadastralNumber));
    }

    /** A plot's public history, one line an entry: event, statuses, reason, revision and what it rolled back. */
    private static List<String> history(String cadastralNumber) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT h.event || ' ' || coalesce(h.from_status, '-') || ' ' || h.to_status || ' | ' || h.reason
                               || ' | r' || r.number
                               || CASE WHEN h.by_rollback THEN ' rollback of r' || b.number ELSE '' END
                        FROM plot_status_change h JOIN land_plot p ON p.id = h.plot_id
                        JOIN layer_revision r ON r.id = h.layer_revision_id
                        LEFT JOIN layer_revision b ON b.id = h.rolled_back_revision_id
                        WHERE p.cadastral_number = '%s' ORDER BY h.id
                        """.formatted(cadastralNumber))) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void theSamePlotsDrawnTheOtherWayRoundChangeNothing() throws Exception {
        String layer = "rings";
        List<TestFiles.Feature> plots = plots(8, 31);
        publishedFirst(layer, geojson(dir.resolve("rings.geojson"), plots));
        // a Shapefile writes the outer rings clockwise, and a GIS may start them at another corner
        List<TestFiles.Feature> turned = new ArrayList<>();
        for (TestFiles.Feature plot : plots) {
            String ring = plot.geometry().replaceAll(".*\\[\\[\\[(.*)\\]\\]\\].*", "$1");
            List<String> points = new ArrayList<>(List.of(ring.split("\\],\\[")));
            points.remove(points.size() - 1);
            java.util.Collections.reverse(points);
            java.util.Collections.rotate(points, 1);
            points.add(points.get(0));
            turned.add(plot.withGeometry(
                    "{\"type\":\"Polygon\",\"coordinates\":[[[" + String.join("],[", points) + "]]]}"));
        }
        assertThat(turned.get(0).geometry()).isNotEqualTo(plots.get(0).geometry());
        LayerImporter.Draft draft = importInto(layer, geojson(dir.resolve("rings-turned.geojson"), turned));
        assertThat(draft.diff()).isEqualTo(new LayerImporter.Diff(0, 0, 0, 8));
        // nor do vertices moved by fractions of a millimetre, as a round trip through Gauss–Krüger leaves them
        List<TestFiles.Feature> jittered = new ArrayList<>();
        for (TestFiles.Feature plot : plots) {
            jittered.add(plot.withGeometry(plot.geometry().replaceAll("(\\d+\\.\\d{8})", "$14")));
        }
        assertThat(jittered.get(0).geometry())
                .doesNotContain(plots.get(0).geometry().substring(40, 60));
        assertThat(importInto(layer, geojson(dir.resolve("rings-jittered.geojson"), jittered))
                        .diff())
                .isEqualTo(new LayerImporter.Diff(0, 0, 0, 8));
        // and a real change of outline is still a change
        List<TestFiles.Feature> moved = new ArrayList<>(turned);
        moved.set(0, TestFiles.plot("05-085-031-001", 82.7, 49.95, 30, "свободен"));
        assertThat(importInto(layer, geojson(dir.resolve("rings-moved.geojson"), moved))
                        .diff())
                .isEqualTo(new LayerImporter.Diff(0, 1, 0, 7));
    }

    @Test
    void plotsChangedOnlyInKeptFieldsOrByCentimetresAreSaidSo() throws Exception {
        String layer = "kept-and-rounded";
        List<TestFiles.Feature> plots = plots(8, 32);
        publishedFirst(layer, geojson(dir.resolve("kept.geojson"), plots));
        // the next export has a column of notes, which no profile maps, and one status changed
        List<TestFiles.Feature> noted = new ArrayList<>();
        for (TestFiles.Feature plot : plots) {
            noted.add(plot.with("примечание", "проверено"));
        }
        noted.set(0, noted.get(0).with("status", "предоставлен"));
        LayerImporter.Draft draft = importInto(layer, geojson(dir.resolve("kept-noted.geojson"), noted));
        assertThat(draft.diff()).isEqualTo(new LayerImporter.Diff(0, 8, 0, 0));
        assertThat(draft.issues())
                .extracting(LayerImporter.Issue::message)
                .contains("7 of the 8 changed plots with a cadastral number differ from the published ones only in"
                        + " fields kept but not published (примечание): none of their published values changes");
        // the same layer with its coordinates rounded to 6 decimals, as many exports write them
        List<TestFiles.Feature> rounded = new ArrayList<>();
        for (TestFiles.Feature plot : plots) {
            rounded.add(plot.withGeometry(plot.geometry().replaceAll("(\\d+\\.\\d{6})\\d{2}", "$1")));
        }
        LayerImporter.Draft roundedDraft = importInto(layer, geojson(dir.resolve("kept-rounded.geojson"), rounded));
        assertThat(roundedDraft.diff().changed()).isPositive();
        assertThat(roundedDraft.issues())
                .extracting(LayerImporter.Issue::message)
                .anySatisfy(m -> assertThat(m)
                        .matches("(\\d) of the \\1 changed plots with a cadastral number differ from the published ones"
                                + " only in their outlines,"
                                + " moved by at most 0\\.(0[1-9]|1[01]) m, .*"));
        // the same plots 700 m east, as a wrong zone or datum moves them: no rounding, and said so
        List<TestFiles.Feature> shifted = new ArrayList<>();
        for (int i = 0; i < plots.size(); i++) {
            shifted.add(plots.get(i)
                    .withGeometry(TestFiles.plot("", 82.61 + i * 0.0006, 49.95, 30, "свободен")
                            .geometry()));
        }
        assertThat(importInto(layer, geojson(dir.resolve("kept-shifted.geojson"), shifted))
                        .issues())
                .extracting(LayerImporter.Issue::message)
                .anySatisfy(m -> assertThat(m)
                        .matches(
                                "8 of the 8 changed plots with a cadastral number differ from the published ones only in"
                                        + " their outlines,"
                                        + " moved by as much as 7[0-9][0-9]\\.[0-9]+ m, which rounding does not explain: check"
                                        + " the file's coordinate system \\(its zone, its datum, its axes swapped\\) before"
                                        + " publishing"))
                .noneMatch(m -> m.contains("rounded"));
        // one plot of three changed drawn 44 m further north, as an editor corrects a plot: no coordinate
        // system is in doubt
        List<TestFiles.Feature> redrawn = new ArrayList<>(plots);
        redrawn.set(1, redrawn.get(1).with("status", "свободен"));
        redrawn.set(2, redrawn.get(2).with("status", "свободен"));
        redrawn.set(
                3,
                redrawn.get(3)
                        .withGeometry(TestFiles.plot("", 82.6018, 49.9504, 30, "свободен")
                                .geometry()));
        assertThat(importInto(layer, geojson(dir.resolve("kept-redrawn.geojson"), redrawn))
                        .issues())
                .extracting(LayerImporter.Issue::message)
                .anySatisfy(m -> assertThat(m)
                        .matches("1 of the 3 changed plots with a cadastral number differ from the published ones"
                                + " only in their outlines, redrawn by as much as [0-9.]+ m; their published values"
                                + " are as they were"))
                .noneMatch(m -> m.contains("coordinate system"));
        // a real change says nothing of the kind
        List<TestFiles.Feature> changed = new ArrayList<>(plots);
        changed.set(1, changed.get(1).with("status", "свободен"));
        assertThat(importInto(layer, geojson(dir.resolve("kept-changed.geojson"), changed))
                        .issues())
                .noneMatch(i -> i.message().contains("changed plots differ from the published ones only"));
    }

    @Test
    void aNumberOfAPlotThatLeftTheLayerGivenToOtherLandIsWarnedOf() throws Exception {
        String layer = "numbers-of-other-land";
        List<TestFiles.Feature> plots = plots(3, 33);
        importer.publish(
                db,
                layer,
                importInto(layer, geojson(dir.resolve("other-land-1.geojson"), plots))
                        .revisionNumber(),
                "editor",
                null);
        // the second plot leaves the layer
        importer.publish(
                db,
                layer,
                importInto(layer, geojson(dir.resolve("other-land-2.geojson"), List.of(plots.get(0), plots.get(2))))
                        .revisionNumber(),
                "editor",
                null);
        // and its number comes back a kilometre away, on a plot of its own
        List<TestFiles.Feature> elsewhere = new ArrayList<>(plots);
        elsewhere.set(1, TestFiles.plot("05-085-033-002", 82.62, 49.95, 30, "свободен"));
        LayerImporter.Draft draft = importInto(layer, geojson(dir.resolve("other-land-3.geojson"), elsewhere));
        assertThat(draft.diff()).isEqualTo(new LayerImporter.Diff(1, 0, 0, 2));
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("number_of_other_land"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.row()).isEqualTo(2L);
                    assertThat(i.message())
                            .matches("cadastral number 05-085-033-002 is the number of a plot that left the layer in"
                                    + " revision 2, drawn 1[0-9]{3} m away: .*");
                });
        // where it was, it is that plot coming back
        assertThat(importInto(layer, geojson(dir.resolve("other-land-4.geojson"), plots))
                        .issues())
                .noneMatch(i -> i.code().equals("number_of_other_land"));
    }

    @Test
    void aDraftComparedWithAnOlderLayerCannotBePublished() throws Exception {
        String layer = "stale";
        Path v1 = geojson(dir.resolve("stale-v1.geojson"), plots(10, 21));
        importer.publish(db, layer, importInto(layer, v1).revisionNumber(), "editor", null);
        List<TestFiles.Feature> a = new ArrayList<>(plots(10, 21));
        a.set(0, a.get(0).with("status", "аукцион"));
        LayerImporter.Draft draftA = importInto(layer, geojson(dir.resolve("stale-a.geojson"), a));
        List<TestFiles.Feature> b = new ArrayList<>(plots(10, 21));
        b.set(1, b.get(1).with("status", "аукцион"));
        LayerImporter.Draft draftB = importInto(layer, geojson(dir.resolve("stale-b.geojson"), b));
        importer.publish(db, layer, draftB.revisionNumber(), "editor", null);
        String before = query("SELECT string_agg(status, ',' ORDER BY cadastral_number) FROM land_plot");
        assertThatThrownBy(() -> importer.publish(db, layer, draftA.revisionNumber(), "editor", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("import the file again");
        assertThatThrownBy(() -> importer.publish(db, layer, draftB.revisionNumber(), "editor", null))
                .hasMessageContaining("only a draft can be published");
        assertThat(query("SELECT string_agg(status, ',' ORDER BY cadastral_number) FROM land_plot"))
                .isEqualTo(before);

        // published and rolled back since: the published revision is the draft's again, but the layer
        // has been another in between, and its plots' histories with it
        LayerImporter.Draft draftC = importInto(layer, geojson(dir.resolve("stale-c.geojson"), a));
        LayerImporter.Draft draftD = importInto(layer, geojson(dir.resolve("stale-d.geojson"), plots(10, 21)));
        importer.publish(db, layer, draftD.revisionNumber(), "editor", null);
        importer.rollback(db, layer, "editor", null);
        String history = query("SELECT count(*) FROM plot_status_change");
        assertThatThrownBy(() -> importer.publish(db, layer, draftC.revisionNumber(), "editor", null))
                .isInstanceOfSatisfying(
                        RefusedStepException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefusedStepException.Reason.STALE_DRAFT))
                .hasMessageContaining("import the file again");
        assertThat(query("SELECT string_agg(status, ',' ORDER BY cadastral_number) FROM land_plot"))
                .isEqualTo(before);
        assertThat(query("SELECT count(*) FROM plot_status_change")).isEqualTo(history);
    }

    @Test
    void plotsOfAnotherLayerAreReportedBeforePublishing() throws Exception {
        importer.publish(
                db,
                "district-a",
                importInto("district-a", geojson(dir.resolve("district-a.geojson"), plots(3, 41)))
                        .revisionNumber(),
                "editor",
                null);
        // the layer titled in Russian only: named so there, by its code in the other languages
        query("UPDATE layer SET title_ru = 'Свободные участки района А' WHERE code = 'district-a' RETURNING 1");
        List<TestFiles.Feature> b = new ArrayList<>();
        // half on plot 05-085-041-001 (at 82.6000, 49.95, 30 m), and the number of plot 05-085-041-003
        b.add(TestFiles.plot("05-085-042-001", 82.60021, 49.95, 30, "свободен"));
        b.add(TestFiles.plot("05-085-041-003", 82.70, 49.97, 30, "свободен"));
        LayerImporter.Draft draft = importInto("district-b", geojson(dir.resolve("district-b.geojson"), b));
        assertThat(draft.issues()).anySatisfy(i -> {
            assertThat(i.row()).isEqualTo(1L);
            assertThat(i.code()).isEqualTo("overlap_other_layer");
            assertThat(i.message()).contains("05-085-041-001", "district-a");
            assertThat(i.detail().get("layer"))
                    .isEqualTo(java.util.Map.of(
                            "kk", "district-a", "ru", "Свободные участки района А", "en", "district-a"));
        });
        assertThat(draft.issues()).anySatisfy(i -> {
            assertThat(i.row()).isEqualTo(2L);
            assertThat(i.code()).isEqualTo("number_in_other_layer");
            assertThat(i.detail().get("layer"))
                    .isEqualTo(java.util.Map.of(
                            "kk", "district-a", "ru", "Свободные участки района А", "en", "district-a"));
        });
        assertThatThrownBy(() -> importer.publish(db, "district-b", draft.revisionNumber(), "editor", null))
                .isInstanceOf(RefusedStepException.class)
                .hasMessageContaining(
                        "cadastral number 05-085-041-003 is the number of a current plot of layer" + " district-a");
    }

    /**
     * A plot leaves a district's free-land layer and the same land appears in the cadastral layer:
     * the number retired in the one is published in the other, as another plot with a history of its
     * own. While the cadastral layer holds it, neither a rollback nor a later file brings the retired
     * plot back under it, and each refusal names the layer that holds the number; once that layer
     * drops it, the rollback goes through.
     */
    @Test
    void aNumberRetiredInOneLayerIsPublishedInAnother() throws Exception {
        String free = "free-land-a";
        String cadastre = "cadastre-b";
        String number = "05-085-051-010";
        List<TestFiles.Feature> v1 = plots(10, 51);
        importer.publish(
                db,
                free,
                importInto(free, geojson(dir.resolve("free-a-v1.geojson"), v1)).revisionNumber(),
                "editor",
                "Offered");
        List<TestFiles.Feature> v2 = new ArrayList<>(v1);
        v2.remove(9);
        importer.publish(
                db,
                free,
                importInto(free, geojson(dir.resolve("free-a-v2.geojson"), v2)).revisionNumber(),
                "editor",
                "Given out");
        String retired = query("SELECT id FROM land_plot WHERE cadastral_number = '" + number + "'");
        // the first file again, compared row by row with the second: the plot would come back
        LayerImporter.Draft comeBack = importInto(free, geojson(dir.resolve("free-a-v3.geojson"), v1));
        assertThat(query("SELECT snapshot FROM layer_revision WHERE id = " + comeBack.revisionId()))
                .isEqualTo("delta");

        LayerImporter.Draft registered = importInto(
                cadastre,
                geojson(dir.resolve("cadastre-b.geojson"), List.of(v1.get(9).with("status", "предоставлен"))));
        assertThat(registered.issues()).noneSatisfy(i -> assertThat(i.code()).isEqualTo("number_in_other_layer"));
        importer.publish(db, cadastre, registered.revisionNumber(), "editor", "Registered");
        String current = query(
                "SELECT id FROM land_plot WHERE cadastral_number = '" + number + "' AND retired_revision_id IS NULL");
        assertThat(current).isNotEqualTo(retired);
        assertThat(query("SELECT count(*) FROM land_plot WHERE cadastral_number = '" + number + "'"))
                .isEqualTo("2");
        assertThat(query("SELECT string_agg(event || ' ' || to_status || ' ' || reason, ', ' ORDER BY id)"
                        + " FROM plot_status_change WHERE plot_id = " + current))
                .as("the new plot's history is its own")
                .isEqualTo("status allocated Registered");
        assertThat(query("SELECT string_agg(event || ' ' || reason, ', ' ORDER BY id)"
                        + " FROM plot_status_change WHERE plot_id = " + retired))
                .isEqualTo("status Offered, removed Given out");

        String layers = query("SELECT string_agg(id || ' ' || state, ',' ORDER BY id) FROM layer_revision"
                + " WHERE state <> 'draft'");
        assertThatThrownBy(() -> importer.rollback(db, free, "chief", null))
                .isInstanceOfSatisfying(
                        RefusedStepException.class,
                        e -> assertThat(e.reason())
                                .isEqualTo(RefusedStepException.Reason.ROLLBACK_NUMBER_IN_OTHER_LAYER))
                .hasMessage("cannot roll back: a plot of layer " + free + " would have cadastral number " + number
                        + " again, but a current plot of layer " + cadastre
                        + " has had it since; an administrator (it is a national layer) removes it there first, then"
                        + " roll back again");
        // the draft made before the cadastral layer took the number, and the same file imported now
        // (checked whole, another plots layer having been published since), which says why
        LayerImporter.Draft again = importInto(free, geojson(dir.resolve("free-a-v4.geojson"), v1));
        assertThat(again.issues()).anySatisfy(i -> {
            assertThat(i.code()).isEqualTo("number_in_other_layer");
            assertThat(i.message()).contains(number, cadastre);
        });
        for (LayerImporter.Draft draft : List.of(comeBack, again)) {
            assertThatThrownBy(() -> importer.publish(db, free, draft.revisionNumber(), "editor", null))
                    .isInstanceOfSatisfying(
                            RefusedStepException.class,
                            e -> assertThat(e.reason()).isEqualTo(RefusedStepException.Reason.NUMBER_IN_OTHER_LAYER))
                    .hasMessage("cannot publish: cadastral number " + number
                            + " is the number of a current plot of layer " + cadastre
                            + "; remove it from the file, or an administrator (it is a national layer) removes it"
                            + " there first");
        }
        assertThat(query("SELECT string_agg(id || ' ' || state, ',' ORDER BY id) FROM layer_revision"
                        + " WHERE state <> 'draft'"))
                .as("nothing published or rolled back")
                .isEqualTo(layers);
        assertThat(query("SELECT retired_revision_id IS NULL FROM land_plot WHERE id = " + retired))
                .isEqualTo("f");

        // the cadastral layer drops it: the free-land layer may take it back
        importer.publish(
                db,
                cadastre,
                importInto(
                                cadastre,
                                geojson(
                                        dir.resolve("cadastre-b-v2.geojson"),
                                        List.of(TestFiles.plot("05-085-052-001", 82.70, 49.97, 30, "предоставлен"))))
                        .revisionNumber(),
                "editor",
                "Moved");
        importer.rollback(db, free, "chief", "Given out by mistake");
        assertThat(query("SELECT string_agg(id || ' ' || (retired_revision_id IS NULL), ', ' ORDER BY id)"
                        + " FROM land_plot WHERE cadastral_number = '" + number + "'"))
                .isEqualTo(retired + " true, " + current + " false");
    }

    @Test
    void aRevisionWithoutPlotsIsNotPublished() throws Exception {
        List<TestFiles.Feature> bad = new ArrayList<>();
        for (TestFiles.Feature f : plots(3, 22)) {
            bad.add(f.with("status", "неизвестно"));
        }
        LayerImporter.Draft draft = importInto("nothing", geojson(dir.resolve("nothing.geojson"), bad));
        assertThat(draft.accepted()).isZero();
        assertThatThrownBy(() -> importer.publish(db, "nothing", draft.revisionNumber(), "editor", null))
                .hasMessageContaining("holds no plot");
    }

    @Test
    void aDraftAnEarlierVersionMadeIsImportedAgainNotPublished() throws Exception {
        String layer = "upgraded";
        LayerImporter.Draft older = importInto(layer, geojson(dir.resolve("upgraded.geojson"), plots(3, 25)));
        // made before the rules the file is read by changed: before the upgrade
        query(
                "UPDATE layer_revision SET created_at = (SELECT installed_on - interval '1 day' FROM flyway_schema_history"
                        + " WHERE version = '" + LayerImporter.READING_RULES + "') WHERE id = " + older.revisionId()
                        + " RETURNING id");
        assertThat(catchThrowable(() -> importer.publish(db, layer, older.revisionNumber(), "editor", null)))
                .isInstanceOfSatisfying(
                        RefusedStepException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefusedStepException.Reason.EARLIER_VERSION_DRAFT));
        assertThat(publicCount(layer)).isZero();
        LayerImporter.Draft again = importInto(layer, geojson(dir.resolve("upgraded.geojson"), plots(3, 25)));
        importer.publish(db, layer, again.revisionNumber(), "editor", null);
        assertThat(publicCount(layer)).isEqualTo(3);
    }

    @Test
    void aRejectedFeatureKeepsItsPublishedPlot() throws Exception {
        String layer = "kept";
        importer.publish(
                db,
                layer,
                importInto(layer, geojson(dir.resolve("kept-v1.geojson"), plots(5, 23)))
                        .revisionNumber(),
                "editor",
                null);
        String plot3 =
                query("SELECT ST_AsText(geom) || status FROM land_plot WHERE cadastral_number = '05-085-023-003'");
        List<TestFiles.Feature> v2 = new ArrayList<>(plots(5, 23));
        v2.set(
                2,
                v2.get(2)
                        .with("status", "аукцион")
                        .withGeometry("{\"type\":\"Polygon\",\"coordinates\":"
                                + "[[[82.6,49.9],[82.601,49.901],[82.601,49.9],[82.6,49.901],[82.6,49.9]]]}"));
        // and plot 1 put up for auction, published with it
        v2.set(0, v2.get(0).with("status", "аукцион"));
        LayerImporter.Draft draft = importInto(layer, geojson(dir.resolve("kept-v2.geojson"), v2));
        assertThat(draft.rejected()).isEqualTo(1);
        assertThat(draft.diff()).isEqualTo(new LayerImporter.Diff(0, 1, 0, 4));
        importer.publish(db, layer, draft.revisionNumber(), "editor", null);
        assertThat(query("SELECT status FROM land_plot WHERE cadastral_number = '05-085-023-001'"))
                .isEqualTo("auction_scheduled");
        assertThat(query("SELECT ST_AsText(geom) || status FROM land_plot WHERE cadastral_number = '05-085-023-003'"))
                .isEqualTo(plot3);
    }

    @Test
    void editorsImportOnlyIntoTheirRegion() throws Exception {
        String layer = "east-plots";
        importInto(layer, geojson(dir.resolve("east-v0.geojson"), plots(2, 24)));
        query("UPDATE layer SET region_id = " + east + " WHERE code = '" + layer + "' RETURNING id");
        String before = query("SELECT count(*) || '/' || (SELECT count(*) FROM audit_log) FROM layer_revision");

        assertThatThrownBy(() -> importAs(
                        layer, geojson(dir.resolve("east-v1.geojson"), plots(2, 24)), "north-editor", Set.of(north)))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("north-editor may not import into layer east-plots");
        assertThat(query("SELECT count(*) || '/' || (SELECT count(*) FROM audit_log) FROM layer_revision"))
                .isEqualTo(before);

        // an editor of the east: the plot across the border is refused, the others accepted
        List<TestFiles.Feature> f = new ArrayList<>(plots(3, 24));
        f.set(2, TestFiles.plot("05-085-024-003", 82.6, 50.2, 30, "свободен"));
        LayerImporter.Draft draft =
                importAs(layer, geojson(dir.resolve("east-v2.geojson"), f), "east-editor", Set.of(east));
        assertThat(draft.accepted()).isEqualTo(2);
        assertThat(draft.issues()).anySatisfy(i -> {
            assertThat(i.row()).isEqualTo(3L);
            assertThat(i.code()).isEqualTo("outside_region");
            assertThat(i.message()).contains("outside your region (East)");
        });
    }

    /**
     * A plots layer's titles are changed, a typo corrected or a language given back to none (its code),
     * by an editor of its region or an administrator, each change in the audit log with the titles
     * before and after; a layer defined as data is titled in its definition.
     */
    @Test
    void aLayerIsRetitledByAnEditorOfItsRegionAndTheAuditLogSaysFromWhatToWhat() throws Exception {
        String layer = "east-retitled";
        importAs(layer, geojson(dir.resolve("retitled.geojson"), plots(2, 28)), "east-editor", Set.of(east));
        assertThat(titles(layer)).isEqualTo(layer + " | " + layer + " | " + layer);

        assertThat(importer.retitle(
                        db,
                        layer,
                        java.util.Map.of("kk", " Шығыстың бос учаскелрі ", "ru", "Свободные участки востока"),
                        "east-editor",
                        Set.of(east)))
                .isEqualTo(new LayerImporter.Titles(
                        layer, "plots", "Шығыстың бос учаскелрі", "Свободные участки востока", null));
        assertThat(titles(layer)).isEqualTo("Шығыстың бос учаскелрі | Свободные участки востока | " + layer);
        // the typo corrected, a title in English, and the Russian one given back to none: its code
        java.util.Map<String, String> change = new java.util.HashMap<>();
        change.put("kk", "Шығыстың бос учаскелері");
        change.put("ru", " ");
        change.put("en", "Free plots of the east");
        assertThat(importer.retitle(db, layer, change, "admin", null))
                .isEqualTo(new LayerImporter.Titles(
                        layer, "plots", "Шығыстың бос учаскелері", null, "Free plots of the east"));
        assertThat(titles(layer)).isEqualTo("Шығыстың бос учаскелері | " + layer + " | Free plots of the east");
        // the same titles again change nothing, and the audit log records nothing
        importer.retitle(db, layer, java.util.Map.of("en", "Free plots of the east"), "admin", null);
        assertThat(query("""
                        SELECT string_agg(actor || ' ' || (details -> 'before')::text || ' -> '
                                          || (details -> 'after')::text, E'\n' ORDER BY id)
                        FROM audit_log WHERE action = 'layer.title' AND entity_type = 'layer' AND entity_id = '%s'
                        """.formatted(layer)))
                .isEqualTo("east-editor {\"en\": null, \"kk\": null, \"ru\": null} -> {\"en\": null, \"kk\":"
                        + " \"Шығыстың бос учаскелрі\", \"ru\": \"Свободные участки востока\"}\n"
                        + "admin {\"en\": null, \"kk\": \"Шығыстың бос учаскелрі\", \"ru\": \"Свободные участки"
                        + " востока\"} -> {\"en\": \"Free plots of the east\", \"kk\": \"Шығыстың бос учаскелері\","
                        + " \"ru\": null}");
        // a later import may give the layer the title it has, and a title in the language it has none in
        importer.importFile(
                db,
                new LayerImporter.Request(
                        layer,
                        geojson(dir.resolve("retitled-again.geojson"), plots(2, 28)),
                        profile,
                        null,
                        null,
                        null,
                        "east-editor",
                        Set.of(east),
                        dir.resolve("work"),
                        LayerTitles.of(null, "Шығыстың бос учаскелері", "Свободные участки востока", null)));
        assertThat(titles(layer))
                .isEqualTo("Шығыстың бос учаскелері | Свободные участки востока | Free plots of the east");

        String audited = query("SELECT count(*) FROM audit_log WHERE action = 'layer.title'");
        assertThatThrownBy(() -> importer.retitle(
                        db, layer, java.util.Map.of("ru", "Участки севера"), "north-editor", Set.of(north)))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("north-editor may not retitle layer east-retitled: it belongs to another region");
        importInto("national-retitled", geojson(dir.resolve("national-retitled.geojson"), plots(2, 29)));
        assertThatThrownBy(() -> importer.retitle(
                        db, "national-retitled", java.util.Map.of("ru", "Участки"), "east-editor", Set.of(east)))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("it is a national layer, which only an administrator changes");
        assertThatThrownBy(
                        () -> importer.retitle(db, "no-such-layer", java.util.Map.of("ru", "Участки"), "admin", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("there is no layer no-such-layer");
        assertThatThrownBy(() -> importer.retitle(db, layer, java.util.Map.of("kk", "Ж".repeat(201)), "admin", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the layer's title (kk) is 201 characters long; a title takes at most 200");
        assertThatThrownBy(() -> importer.retitle(db, layer, java.util.Map.of("ru", "Две\nстроки"), "admin", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the layer's title (ru) holds the control character U+000A; a title is one line of"
                        + " letters, digits and punctuation");
        // a sign that turns the letters after it around (right-to-left override)
        assertThatThrownBy(
                        () -> importer.retitle(db, layer, java.util.Map.of("ru", "Участки \u202e21 №"), "admin", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the layer's title (ru) holds the sign of writing direction U+202E");
        assertThatThrownBy(() -> importer.retitle(db, layer, java.util.Map.of("de", "Freie Flächen"), "admin", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'de' is not a language of a layer's titles");
        assertThatThrownBy(() -> importer.retitle(db, layer, java.util.Map.of(), "admin", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no title given");

        query("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en, geometry_type, attribute_schema,
                                   key_attribute, style)
                VALUES ('defined-retitled', 'custom', 'ХҚКО', 'ЦОН', 'Offices', 'point',
                        '[{"name": "office_no", "type": "integer", "required": true}]', 'office_no',
                        '{"colour": "#1565c0"}')
                RETURNING id""");
        assertThat(catchThrowable(
                        () -> importer.retitle(db, "defined-retitled", java.util.Map.of("ru", "Офисы"), "admin", null)))
                .isInstanceOfSatisfying(
                        RefusedStepException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefusedStepException.Reason.TITLED_IN_DEFINITION))
                .hasMessageContaining("layer defined-retitled is defined as data")
                .hasMessageContaining("PUT /api/v1/layer-definitions/defined-retitled");
        assertThat(titles("defined-retitled")).isEqualTo("ХҚКО | ЦОН | Offices");
        assertThat(titles(layer))
                .isEqualTo("Шығыстың бос учаскелері | Свободные участки востока | Free plots of the east");
        assertThat(query("SELECT count(*) FROM audit_log WHERE action = 'layer.title'"))
                .as("a refusal audits nothing")
                .isEqualTo(audited);
    }

    /** Imports {@code file} into {@code layer} as the administrator, giving the layer {@code titles}. */
    private static LayerImporter.Draft importTitled(String layer, Path file, LayerTitles titles) throws Exception {
        return importer.importFile(
                db,
                new LayerImporter.Request(
                        layer, file, profile, null, null, null, "admin", null, dir.resolve("work"), titles));
    }

    /**
     * A title of nothing but zero-width signs, as a paste brings them, shows nothing: the layer is
     * titled by none, not named by nothing on the plot card; such signs in a title are removed, so that
     * a later import's title that looks the same is the same.
     */
    @Test
    void zeroWidthSignsInALayersTitleAreRemovedAndATitleOfNothingElseIsNone() throws Exception {
        importTitled(
                "zero-width-title",
                geojson(dir.resolve("zero-width-title.geojson"), plots(2, 74)),
                LayerTitles.of("\u200b", null, "\ufeff\u2060", null));
        assertThat(titles("zero-width-title")).isEqualTo("zero-width-title | zero-width-title | zero-width-title");
        importTitled(
                "zero-width-trailing",
                geojson(dir.resolve("zero-width-trailing.geojson"), plots(2, 75)),
                LayerTitles.of("Участки\u200b\u200b", null, null, "Free\u200c plots"));
        assertThat(titles("zero-width-trailing")).isEqualTo("Участки | Участки | Free plots");
        // the title it has, typed: taken as the same
        importTitled(
                "zero-width-trailing",
                geojson(dir.resolve("zero-width-trailing-2.geojson"), plots(2, 75)),
                LayerTitles.of(null, "Участки", "Участки", null));
        assertThat(importer.retitle(db, "zero-width-trailing", java.util.Map.of("ru", "\u200d"), "admin", null))
                .isNotNull();
        assertThat(titles("zero-width-trailing")).isEqualTo("Участки | zero-width-trailing | Free plots");
    }

    /** The layer's titles as stored, kk | ru | en: the code in a language without a title. */
    private static String titles(String layer) throws SQLException {
        return query(
                "SELECT title_kk || ' | ' || title_ru || ' | ' || title_en FROM layer WHERE code = '" + layer + "'");
    }

    @Test
    void aPlotAcrossARegionBorderIsSaidWithTheShareInTheOtherRegion() throws Exception {
        List<TestFiles.Feature> f = new ArrayList<>(plots(3, 26));
        // 60 m across the border at 50° N: a third of it in the East, counted in the North
        f.set(1, TestFiles.plot("05-085-026-002", 82.61, 49.9998, 60, "свободен"));
        // 60 m, its southern 2 m over the border: a drawing's slack, not said
        f.set(2, TestFiles.plot("05-085-026-003", 82.62, 49.99998, 60, "свободен"));
        LayerImporter.Draft draft = importInto("border-plots", geojson(dir.resolve("border.geojson"), f));
        assertThat(draft.accepted()).isEqualTo(3);
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("across_region_border"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.row()).isEqualTo(2L);
                    assertThat(i.severity()).isEqualTo("warning");
                    assertThat(i.message())
                            .isEqualTo("the plot crosses a region border: 37 % of its area lies in another region"
                                    + " (East); it is counted in North. Check its coordinates");
                });
    }

    /**
     * A plot across a border is counted in the region, and the district, that holds the largest share
     * of it: not where a point on its surface falls, which for a triangle whose tip crosses the border
     * is the smaller part. That region's editor imports it; another region's editor is told where it
     * lies and who imports it.
     */
    @Test
    void aPlotAcrossABorderIsCountedWhereTheLargestShareOfItLies() throws Exception {
        // two districts of the North, west and east of 83.5° E
        query("""
                INSERT INTO district (region_id, kato_code, name_kk, name_ru, name_en, geom)
                VALUES (%1$d, '591010000', 'Батыс', 'Запад', 'North-west', ST_Multi(ST_MakeEnvelope(80, 50, 83.5, 54, 4326))),
                       (%1$d, '591020000', 'Шығыс', 'Восток', 'North-east', ST_Multi(ST_MakeEnvelope(83.5, 50, 86, 54, 4326)))
                RETURNING id""".formatted(north));
        double w = 0.003;
        double h = 0.002;
        // row 1: a triangle standing on its base in the East, its tip over the border at 50° N: the
        // border crosses it at 0.45 of its height, leaving 0.55² = 30 % of it in the North, where the
        // middle of its middle line lies
        double y0 = 50 - 0.45 * h;
        String tip = "{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}"
                .formatted(84.2 - w / 2, y0, 84.2 + w / 2, y0, 84.2, y0 + h, 84.2 - w / 2, y0);
        // row 2: in the North, a triangle pointing east across the districts' line at 83.5° E: 70 % of
        // it in the North-west, the middle of its middle line in the North-east
        double x0 = 83.5 - 0.45 * w;
        String pointing = "{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}"
                .formatted(x0, 51 - h / 2, x0 + w, 51, x0, 51 + h / 2, x0, 51 - h / 2);
        List<TestFiles.Feature> f = List.of(
                TestFiles.plot("05-085-037-001", 84.2, 50, 30, "свободен").withGeometry(tip),
                TestFiles.plot("15-085-037-002", 83.5, 51, 30, "свободен").withGeometry(pointing));
        Path file = geojson(dir.resolve("largest-share.geojson"), f);

        LayerImporter.Draft draft = importInto("largest-share", file);
        assertThat(draft.accepted()).isEqualTo(2);
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("across_region_border"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.row()).isEqualTo(1L);
                    assertThat(i.message())
                            .isEqualTo("the plot crosses a region border: 30 % of its area lies in another region"
                                    + " (North); it is counted in East. Check its coordinates");
                });
        importer.publish(db, "largest-share", draft.revisionNumber(), "editor", null);
        String place = """
                SELECT r.name_en || ' ' || coalesce(d.name_en, '-')
                FROM land_plot p JOIN region r ON r.id = p.region_id LEFT JOIN district d ON d.id = p.district_id
                WHERE p.cadastral_number = '%s' AND p.retired_revision_id IS NULL""";
        assertThat(query(place.formatted("05-085-037-001"))).startsWith("East ");
        assertThat(query(place.formatted("15-085-037-002"))).isEqualTo("North North-west");
        // published in the transaction that checked it (import --publish), each plot is where the check
        // placed it, taken from the check by its row and outline
        LayerImporter.Imported atOnce = importAndPublish(
                "largest-share-at-once",
                geojson(
                        dir.resolve("largest-share-at-once.geojson"),
                        List.of(
                                TestFiles.plot("05-085-037-011", 84.2, 50, 30, "свободен")
                                        .withGeometry(tip),
                                TestFiles.plot("15-085-037-012", 83.5, 51, 30, "свободен")
                                        .withGeometry(pointing))));
        assertThat(atOnce.published()).isEqualTo(new LayerImporter.Diff(2, 0, 0, 0));
        assertThat(query(place.formatted("05-085-037-011"))).isEqualTo(query(place.formatted("05-085-037-001")));
        assertThat(query(place.formatted("15-085-037-012"))).isEqualTo("North North-west");

        // the East's editor imports the plot that lies mostly in the East; the North's is refused it,
        // told where it lies and who imports it
        Path first = geojson(dir.resolve("largest-share-east.geojson"), f.subList(0, 1));
        assertThat(importAs("largest-share-east", first, "east-editor", Set.of(east))
                        .issues())
                .noneMatch(i -> i.code().equals("outside_region"));
        LayerImporter.Draft refused = importAs(
                "largest-share-north",
                geojson(dir.resolve("largest-share-north.geojson"), f),
                "north-editor",
                Set.of(north));
        assertThat(refused.accepted()).isEqualTo(1);
        assertThat(refused.issues())
                .filteredOn(i -> i.code().equals("outside_region"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.row()).isEqualTo(1L);
                    assertThat(i.message())
                            .isEqualTo("70 % of the plot's area lies in East, outside your region (North): an editor"
                                    + " of East or an administrator imports it");
                });
    }

    /**
     * A plot published before plots were counted where the largest share of them lies kept the region
     * and district a point on its surface fell in: V106 counts it where its largest share lies, and
     * leaves a plot wholly inside a district as it is, with no entry in the plots' history.
     */
    @Test
    void aPlotPublishedBeforeTheLargestShareRuleIsCountedWhereItsLargestShareLies() throws Exception {
        PgTarget places = TestDatabases.fresh("publish_places");
        places.migrate();
        // Abai west of 82° E, East Kazakhstan east of it, each with its districts
        TestDatabases.execute(places, """
                INSERT INTO region (kato_code, cadastral_code, name_kk, name_ru, name_en, geom) VALUES
                ('100000000', '23', 'Абай', 'Абай', 'Abai', ST_Multi(ST_MakeEnvelope(76, 46, 82, 50, 4326))),
                ('630000000', '05', 'Шығыс Қазақстан', 'Восточно-Казахстанская', 'East Kazakhstan',
                 ST_Multi(ST_MakeEnvelope(82, 46, 87, 51, 4326)))""");
        TestDatabases.execute(places, """
                INSERT INTO district (region_id, kato_code, name_kk, name_ru, name_en, geom)
                SELECT r.id, d.kato, d.name, d.name, d.name, ST_Multi(ST_MakeEnvelope(d.x0, 46, d.x1, 51, 4326))
                FROM (VALUES ('100000000', '101010000', 'Ayagoz', 76, 82), ('630000000', '631010000', 'Zaisan', 82, 84),
                             ('630000000', '631020000', 'Katonkaragai', 84, 87)) d (region, kato, name, x0, x1)
                JOIN region r ON r.kato_code = d.region""");
        // row 1: a "C" open to the east in East Kazakhstan, its tongue reaching west across 82° E into
        // Abai along its middle line: 72 % of it in East Kazakhstan, the middle of its widest section
        // along that line (its point on surface) in Abai; row 2: a plot wholly inside Ayagoz
        String pointing = "{\"type\":\"Polygon\",\"coordinates\":[[%s]]}"
                .formatted("[81.996,47.9995],[82.0,47.9995],[82.0,47.997],[82.002,47.997],[82.002,47.9995],"
                        + "[82.0005,47.9995],[82.0005,48.0005],[82.002,48.0005],[82.002,48.003],[82.0,48.003],"
                        + "[82.0,48.0005],[81.996,48.0005],[81.996,47.9995]");
        List<TestFiles.Feature> f = List.of(
                TestFiles.plot("05-085-038-001", 82, 48, 30, "свободен").withGeometry(pointing),
                TestFiles.plot("23-085-038-002", 80, 48, 30, "свободен"));
        Path file = geojson(dir.resolve("before-largest-share.geojson"), f);
        importer.publish(
                places,
                "before-largest-share",
                importer.importFile(
                                places,
                                new LayerImporter.Request(
                                        "before-largest-share",
                                        file,
                                        profile,
                                        null,
                                        null,
                                        null,
                                        "editor",
                                        null,
                                        dir.resolve("work")))
                        .revisionNumber(),
                "editor",
                null);
        // as the plots were placed before: by a point on their surface
        TestDatabases.execute(places, """
                UPDATE land_plot p
                SET region_id = (SELECT r.id FROM region r WHERE ST_Intersects(r.geom, ST_PointOnSurface(p.geom))
                                 ORDER BY r.id LIMIT 1),
                    district_id = (SELECT d.id FROM district d WHERE ST_Intersects(d.geom, ST_PointOnSurface(p.geom))
                                   ORDER BY d.id LIMIT 1)""");
        String placed = """
                SELECT string_agg(p.cadastral_number || ' ' || r.name_en || ' ' || d.name_en, ', '
                                  ORDER BY p.cadastral_number)
                FROM land_plot p JOIN region r ON r.id = p.region_id JOIN district d ON d.id = p.district_id""";
        assertThat(TestDatabases.value(places, placed))
                .as("the old rule")
                .isEqualTo("05-085-038-001 Abai Ayagoz, 23-085-038-002 Abai Ayagoz");
        String history = "SELECT count(*) FROM plot_status_change";
        String entries = TestDatabases.value(places, history);
        String inside = "SELECT updated_at FROM land_plot WHERE cadastral_number = '23-085-038-002'";
        String insideUpdated = TestDatabases.value(places, inside);

        TestDatabases.execute(
                places, TestDatabases.migration("V106__published_plots_counted_where_the_largest_share_lies.sql"));
        assertThat(TestDatabases.value(places, placed))
                .isEqualTo("05-085-038-001 East Kazakhstan Zaisan, 23-085-038-002 Abai Ayagoz");
        assertThat(TestDatabases.value(places, history))
                .as("no entry in the history")
                .isEqualTo(entries);
        assertThat(TestDatabases.value(places, inside))
                .as("a plot wholly inside is left alone")
                .isEqualTo(insideUpdated);
    }

    @Test
    void aPlotKeepsItsDistrictUntilItIsRedrawnIntoAnother() throws Exception {
        // two districts of the East, west and east of 82.65° E
        query("""
                INSERT INTO district (region_id, kato_code, name_kk, name_ru, name_en, geom)
                VALUES (%1$d, '631010000', 'Батыс', 'Запад', 'West', ST_Multi(ST_MakeEnvelope(80, 48, 82.65, 50, 4326))),
                       (%1$d, '631020000', 'Шығыс', 'Восток', 'Eastern', ST_Multi(ST_MakeEnvelope(82.65, 48, 86, 50, 4326)))
                RETURNING id""".formatted(east));
        String layer = "district-plots";
        List<TestFiles.Feature> f = new ArrayList<>(plots(2, 27));
        publishedFirst(layer, geojson(dir.resolve("d-v1.geojson"), f));
        String districts = "SELECT string_agg(p.cadastral_number || ' ' || d.name_en || ' ' || p.status, ', '"
                + " ORDER BY p.cadastral_number) FROM land_plot p JOIN district d ON d.id = p.district_id"
                + " WHERE p.cadastral_number LIKE '05-085-027-%' AND p.retired_revision_id IS NULL";
        assertThat(query(districts)).isEqualTo("05-085-027-001 West free, 05-085-027-002 West allocated");

        // plot 1 changes its status where it is, plot 2 is redrawn across the district line
        f.set(0, f.get(0).with("status", "аукцион"));
        f.set(1, TestFiles.plot("05-085-027-002", 82.70, 49.95, 30, "свободен"));
        publishedFirst(layer, geojson(dir.resolve("d-v2.geojson"), f));
        assertThat(query(districts)).isEqualTo("05-085-027-001 West auction_scheduled, 05-085-027-002 Eastern free");
    }

    @Test
    void twoImportsIntoOneLayerAtOnceAreSerialised() throws Exception {
        Path a = geojson(dir.resolve("both-a.geojson"), plots(300, 25));
        Path b = geojson(dir.resolve("both-b.geojson"), plots(301, 25));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<LayerImporter.Draft> first = pool.submit(() -> importInto("both", a));
            Future<LayerImporter.Draft> second = pool.submit(() -> importInto("both", b));
            assertThat(List.of(first.get().revisionNumber(), second.get().revisionNumber()))
                    .containsExactlyInAnyOrder(1, 2);
            assertThat(first.get().diff().added() + second.get().diff().added()).isEqualTo(601);

            // an import waits while another process works on the layer (holds its lock)
            try (Connection other = db.connect();
                    Statement st = other.createStatement()) {
                st.execute("SELECT pg_advisory_lock(hashtext('adalmap.layer:both'))");
                Future<LayerImporter.Draft> waiting = pool.submit(() -> importInto("both", a));
                Thread.sleep(1500);
                assertThat(waiting).isNotDone();
                assertThat(query("SELECT count(*) FROM layer_revision r JOIN layer l ON l.id = r.layer_id"
                                + " WHERE l.code = 'both'"))
                        .isEqualTo("2");
                st.execute("SELECT pg_advisory_unlock(hashtext('adalmap.layer:both'))");
                assertThat(waiting.get().revisionNumber()).isEqualTo(3);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readersSeeTheOldLayerOrTheNewOneNeverAMix() throws Exception {
        String layer = "readers";
        importer.publish(
                db,
                layer,
                importInto(layer, geojson(dir.resolve("readers-v1.geojson"), plots(1000, 26)))
                        .revisionNumber(),
                "editor",
                null);
        List<TestFiles.Feature> v2 = new ArrayList<>();
        for (TestFiles.Feature f : plots(1000, 26)) {
            v2.add(f.with("status", "аукцион"));
        }
        LayerImporter.Draft draft = importInto(layer, geojson(dir.resolve("readers-v2.geojson"), v2.subList(0, 900)));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean done = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (Connection c = db.connect();
                    Statement st = c.createStatement()) {
                while (!done.get()) {
                    try (ResultSet rs = st.executeQuery("""
                            SELECT count(*) || ' plots, ' || count(*) FILTER (WHERE status = 'auction_scheduled') || ' at auction'
                            FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id
                            JOIN layer l ON l.id = r.layer_id WHERE l.code = 'readers' AND p.retired_revision_id IS NULL""")) {
                        rs.next();
                        seen.add(rs.getString(1));
                    }
                }
            } catch (SQLException e) {
                seen.add(e.getMessage());
            }
        });
        reader.start();
        Thread.sleep(200);
        importer.publish(db, layer, draft.revisionNumber(), "editor", null);
        Thread.sleep(200);
        done.set(true);
        reader.join();
        assertThat(seen).containsExactlyInAnyOrder("1000 plots, 0 at auction", "900 plots, 900 at auction");
    }

    private static long publicCount(String layer) throws SQLException {
        return Long.parseLong(
                query("SELECT count(*) FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id"
                        + " JOIN layer l ON l.id = r.layer_id WHERE l.code = '" + layer
                        + "' AND p.retired_revision_id IS NULL"));
    }

    /** Imports {@code file} into {@code layer} and publishes it in the same step when nothing holds it back. */
    private static LayerImporter.Imported importAndPublish(String layer, Path file) throws Exception {
        return importer.importAndPublish(db, TestFiles.request(layer, file, profile, dir), "weekly update");
    }

    /** The public plots of {@code layer}: their numbers, in order, with their status. */
    private static String publicPlots(String layer) throws SQLException {
        return query("""
                SELECT count(*) || ': ' || string_agg(p.cadastral_number || ' ' || p.status, ', ' ORDER BY p.cadastral_number)
                FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id JOIN layer l ON l.id = r.layer_id
                WHERE l.code = '%s' AND p.retired_revision_id IS NULL""".formatted(layer));
    }

    @Test
    void aFileThatRemovesMostOfThePublicPlotsIsHeldBackUntilConfirmed() throws Exception {
        String layer = "held-selection";
        List<TestFiles.Feature> plots = plots(20, 44);
        publishedFirst(layer, geojson(dir.resolve("selection-all.geojson"), plots));
        String before = publicPlots(layer);
        assertThat(before).startsWith("20: 05-085-044-001 ");
        // the weekly export with only the selected plot: 19 of the 20 would leave the public map
        LayerImporter.Imported held =
                importAndPublish(layer, geojson(dir.resolve("selection-one.geojson"), plots.subList(0, 1)));
        assertThat(held.published()).isNull();
        assertThat(held.heldBackBy()).isEqualTo("file_removes_most");
        assertThat(held.draft().diff()).isEqualTo(new LayerImporter.Diff(0, 0, 19, 1));
        assertThat(held.draft().issues())
                .extracting(LayerImporter.Issue::message)
                .contains("this file removes 19 of the layer's 20 public plots (95 %): an export of only the plots"
                        + " selected, or a file cut off? Publish it only if the layer really holds no more than the"
                        + " file's plots now");
        assertThat(publicPlots(layer)).isEqualTo(before);
        assertThat(importer.warningToConfirm(db, layer, held.draft().revisionNumber())
                        .detail())
                .containsEntry("key", "file_removes_most")
                .containsEntry("removed", 19)
                .containsEntry("published", 20)
                .containsEntry("percent", 95);
        // half of them, 10 of 20, is as much a selection
        assertThat(importAndPublish(layer, geojson(dir.resolve("selection-half.geojson"), plots.subList(0, 10)))
                        .heldBackBy())
                .isEqualTo("file_removes_most");
        assertThat(publicPlots(layer)).isEqualTo(before);
        // four plots of twenty leaving is the department's work: published
        LayerImporter.Imported fewer =
                importAndPublish(layer, geojson(dir.resolve("selection-fewer.geojson"), plots.subList(0, 16)));
        assertThat(fewer.heldBackBy()).isNull();
        assertThat(fewer.published()).isEqualTo(new LayerImporter.Diff(0, 0, 4, 16));
        assertThat(fewer.draft().issues()).noneMatch(i -> i.message().contains("public plots ("));
        assertThat(publicPlots(layer)).startsWith("16: ");
    }

    @Test
    void aReimportThatMovesEveryPlotByMetresIsHeldBack() throws Exception {
        String layer = "held-moved";
        List<TestFiles.Feature> plots = plots(8, 45);
        publishedFirst(layer, geojson(dir.resolve("moved-first.geojson"), plots));
        String before = query("SELECT string_agg(ST_AsText(geom), ';' ORDER BY cadastral_number) FROM land_plot"
                + " WHERE cadastral_number LIKE '05-085-045-%' AND retired_revision_id IS NULL");
        // the same plots 64 m east, as a .prj read on another datum places them
        List<TestFiles.Feature> shifted = new ArrayList<>();
        for (int i = 0; i < plots.size(); i++) {
            shifted.add(plots.get(i)
                    .withGeometry(TestFiles.plot("", 82.60 + 0.0009 + (i % 20) * 0.0006, 49.95, 30, "свободен")
                            .geometry()));
        }
        LayerImporter.Imported held = importAndPublish(layer, geojson(dir.resolve("moved-shifted.geojson"), shifted));
        assertThat(held.draft().diff()).isEqualTo(new LayerImporter.Diff(0, 8, 0, 0));
        assertThat(held.heldBackBy()).isEqualTo("changed_outlines_moved");
        assertThat(held.published()).isNull();
        assertThat(query("SELECT string_agg(ST_AsText(geom), ';' ORDER BY cadastral_number) FROM land_plot"
                        + " WHERE cadastral_number LIKE '05-085-045-%' AND retired_revision_id IS NULL"))
                .isEqualTo(before);
        assertThat(importer.warningToConfirm(db, layer, held.draft().revisionNumber())
                        .detail())
                .containsEntry("key", "changed_outlines_moved");
    }

    @Test
    void aReimportThatPadsEveryPlotPartWithAZeroIsHeldBackNamingHowManyItRenumbers() throws Exception {
        String layer = "held-padded";
        List<TestFiles.Feature> plots = plots(12, 46);
        publishedFirst(layer, geojson(dir.resolve("padded-first.geojson"), plots));
        String before = publicPlots(layer);
        // another program's export writes the plot part in four digits: 05-085-046-0001
        List<TestFiles.Feature> padded = new ArrayList<>();
        for (TestFiles.Feature plot : plots) {
            padded.add(plot.with(
                    "kad_nomer", plot.properties().get("kad_nomer").toString().replaceAll("-(\\d{3})$", "-0$1")));
        }
        LayerImporter.Imported held = importAndPublish(layer, geojson(dir.resolve("padded.geojson"), padded));
        assertThat(held.draft().diff()).isEqualTo(new LayerImporter.Diff(0, 12, 0, 0));
        assertThat(held.heldBackBy()).isEqualTo("renumbered_by_zeros");
        assertThat(held.published()).isNull();
        assertThat(held.draft().issues())
                .extracting(LayerImporter.Issue::message)
                .contains("12 of the 12 changed plots take a cadastral number that differs from their published one"
                        + " only by zeros before the plot's part (05-085-046-0001 for 05-085-046-001): published, each"
                        + " is renumbered and its public history says so; export the numbers as the layer writes"
                        + " them, or publish only if the plots really were renumbered");
        assertThat(publicPlots(layer)).isEqualTo(before);
        assertThat(query("SELECT count(*) FROM plot_status_change h JOIN land_plot p ON p.id = h.plot_id"
                        + " WHERE p.cadastral_number LIKE '05-085-046-%' AND h.event = 'renumbered'"))
                .isEqualTo("0");
        // a real renumbering (001 becomes 101) says nothing of zeros, and is published
        List<TestFiles.Feature> renumbered = new ArrayList<>(plots);
        renumbered.set(0, plots.get(0).with("kad_nomer", "05-085-046-101"));
        LayerImporter.Imported published =
                importAndPublish(layer, geojson(dir.resolve("padded-renumbered.geojson"), renumbered));
        assertThat(published.heldBackBy()).isNull();
        assertThat(published.published()).isEqualTo(new LayerImporter.Diff(0, 1, 0, 11));
        assertThat(published.draft().issues()).noneMatch(i -> i.message().contains("zeros"));
    }

    static String query(String sql) throws SQLException {
        return TestDatabases.value(db, sql);
    }
}
