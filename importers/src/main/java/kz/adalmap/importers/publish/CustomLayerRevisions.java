package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import kz.adalmap.importers.report.Detail;

/**
 * Revisions of a layer defined as data: the difference between a revision's snapshot and the
 * published features ({@code layer_feature}), and making the published features equal to a
 * snapshot. A feature is the same between two revisions when its key is (the key attribute's value,
 * else the hash of its geometry); it changed when its geometry, attributes or extra fields did.
 * Features that stay keep their id, so links to them survive a publish.
 */
final class CustomLayerRevisions {

    private CustomLayerRevisions() {}

    /** The key of the warning that a draft removes a large share of the layer's public objects. */
    static final String REMOVES_MOST_OBJECTS = "file_removes_most_objects";

    /** The key of the warning that objects come back under their published keys but for zeros before them. */
    static final String KEYS_LOST_ZEROS = "keys_lost_zeros";

    /**
     * The warnings of a draft of {@code diff} (recorded in revision_change) that change the public
     * layer as a mistake in the file does, which {@link LayerImporter#REVIEW_WARNINGS} hold back: it
     * removes a large share of the public objects (as a plots draft, {@link ChangedPlots#removesMost}),
     * or it adds objects under the keys of objects it removes but for zeros before them ({@code 1} for
     * {@code 001}): a spreadsheet keeps a key column of digits as numbers and drops their zeros, and
     * published, every such object would be removed and added again as another, its links lost.
     */
    static List<Detail> heldBack(Connection c, long revision, LayerImporter.Diff diff) throws SQLException {
        List<Detail> out = new ArrayList<>();
        if (diff.added() > 0 && diff.removed() > 0) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("""
                            SELECT count(DISTINCT a.plot_key), min(a.plot_key),
                                   (array_agg(r.plot_key ORDER BY a.plot_key, r.plot_key))[1]
                            FROM revision_change a
                            JOIN revision_change r ON r.layer_revision_id = a.layer_revision_id AND r.change = 'removed'
                            WHERE a.layer_revision_id = %d AND a.change = 'added'
                              AND a.plot_key ~ '^[0-9]+$' AND r.plot_key ~ '^[0-9]+$' AND a.plot_key <> r.plot_key
                              AND ltrim(a.plot_key, '0') = ltrim(r.plot_key, '0')
                            """.formatted(revision))) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    out.add(Detail.of(
                            KEYS_LOST_ZEROS,
                            "{count} of the {added} objects this file adds bear the key of an object it removes but"
                                    + " for zeros before it ({object} for {previous}): a spreadsheet drops the zeros"
                                    + " before a number; published, each object is removed and added again as"
                                    + " another. Format the key column as text and type the keys again, or publish"
                                    + " only if the objects really were renumbered",
                            "count",
                            rs.getLong(1),
                            "added",
                            diff.added(),
                            "object",
                            rs.getString(2),
                            "previous",
                            rs.getString(3)));
                }
            }
        }
        long published = diff.removed() + diff.changed() + diff.unchanged();
        if (diff.removed() >= ChangedPlots.REMOVED_AT_LEAST
                && 100 * diff.removed() >= ChangedPlots.REMOVED_SHARE_PERCENT * published) {
            out.add(Detail.of(
                    REMOVES_MOST_OBJECTS,
                    "this file removes {removed} of the layer's {published} public objects ({percent} %): an export"
                            + " of only the objects selected, a file cut off, or keys changed? Publish it only if the"
                            + " layer really holds no more than the file's objects now",
                    "removed",
                    diff.removed(),
                    "published",
                    published,
                    "percent",
                    Math.round(100.0 * diff.removed() / published)));
        }
        return out;
    }

    private static final String COMPARED = """
            (p.geom, p.attributes, p.extra) IS DISTINCT FROM (s.geom, s.attributes, s.extra)
            """;

    /** The difference of {@code revision} from the published layer; with {@code record}, also listed in revision_change. */
    static LayerImporter.Diff diff(Connection c, int layerId, long revision, boolean record) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("""
                    CREATE TEMP TABLE feature_change ON COMMIT DROP AS
                    SELECT s.feature_key AS key, CASE WHEN p.id IS NULL THEN 'added' ELSE 'changed' END AS change,
                           NULL::text AS previous_key
                    FROM layer_feature_snapshot s
                    LEFT JOIN layer_feature p ON p.layer_id = %1$d AND p.feature_key = s.feature_key
                    WHERE s.layer_revision_id = %2$d AND (p.id IS NULL OR %3$s)
                    UNION ALL
                    SELECT p.feature_key, 'removed', NULL FROM layer_feature p
                    WHERE p.layer_id = %1$d
                      AND NOT EXISTS (SELECT 1 FROM layer_feature_snapshot s
                                      WHERE s.layer_revision_id = %2$d AND s.feature_key = p.feature_key)
                    """.formatted(layerId, revision, COMPARED));
            LayerImporter.Diff diff = LayerImporter.featureChanges(c, revision, record, "layer_feature_snapshot");
            return diff;
        }
    }

    /**
     * Makes the published features of the layer those of the snapshot of {@code revision}, in the
     * caller's transaction. A feature keeps its id (its OGC API item) while it is in the layer, and
     * takes back the id it had when it comes back with a revision it was public in (a rollback),
     * unless another feature has it since: the snapshot remembers each feature's public id.
     */
    static LayerImporter.Diff apply(Connection c, int layerId, long revision) throws SQLException {
        LayerImporter.Diff diff = diff(c, layerId, revision, false);
        // the region of each feature: the one holding the largest share of its length, or of its area,
        // or where a point lies
        String region = "(SELECT x.region_id FROM " + PLACES + " x WHERE x.key = s.feature_key)";
        try (Statement st = c.createStatement()) {
            PlotPlaces.place(
                    st, "layer_feature_snapshot", "s.feature_key", "s.layer_revision_id = " + revision, PLACES);
            st.executeUpdate("""
                    DELETE FROM layer_feature p
                    WHERE p.layer_id = %1$d
                      AND NOT EXISTS (SELECT 1 FROM layer_feature_snapshot s
                                      WHERE s.layer_revision_id = %2$d AND s.feature_key = p.feature_key)
                    """.formatted(layerId, revision));
            st.executeUpdate("""
                    UPDATE layer_feature p
                    SET geom = s.geom, attributes = s.attributes, extra = s.extra, region_id = %3$s,
                        layer_revision_id = %2$d,
                        updated_at = CASE WHEN (p.geom, p.attributes, p.extra) IS DISTINCT FROM (s.geom, s.attributes, s.extra)
                                          THEN now() ELSE p.updated_at END
                    FROM layer_feature_snapshot s
                    WHERE s.layer_revision_id = %2$d AND p.layer_id = %1$d AND p.feature_key = s.feature_key
                    """.formatted(layerId, revision, region));
            st.executeUpdate("""
                    INSERT INTO layer_feature (id, layer_id, feature_key, geom, attributes, extra, region_id,
                                               layer_revision_id)
                    SELECT CASE WHEN s.feature_id IS NOT NULL
                                     AND NOT EXISTS (SELECT 1 FROM layer_feature o WHERE o.id = s.feature_id)
                                THEN s.feature_id ELSE nextval(pg_get_serial_sequence('layer_feature', 'id')) END,
                           %1$d, s.feature_key, s.geom, s.attributes, s.extra, %3$s, %2$d
                    FROM layer_feature_snapshot s
                    WHERE s.layer_revision_id = %2$d
                      AND NOT EXISTS (SELECT 1 FROM layer_feature p WHERE p.layer_id = %1$d
                                                                     AND p.feature_key = s.feature_key)
                    ORDER BY s.source_row
                    """.formatted(layerId, revision, region));
            PlotPlaces.drop(st, PLACES);
            st.executeUpdate("""
                    UPDATE layer_feature_snapshot s SET feature_id = p.id
                    FROM layer_feature p
                    WHERE s.layer_revision_id = %2$d AND p.layer_id = %1$d AND p.feature_key = s.feature_key
                      AND s.feature_id IS DISTINCT FROM p.id
                    """.formatted(layerId, revision));
        }
        return diff;
    }

    /** The temporary table of the places of the features a revision publishes ({@link PlotPlaces}). */
    private static final String PLACES = "feature_place";
}
