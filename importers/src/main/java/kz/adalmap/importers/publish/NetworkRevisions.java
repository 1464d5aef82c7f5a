package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Revisions of a networks layer: the difference between a revision's snapshot and the public
 * features, and making the public features equal to a snapshot. A feature is the same between two
 * revisions when its kind and geometry are ({@code network_key}), and, when others of its kind are
 * drawn on its route, what tells them apart ({@link #FEATURE_KEY}); it changed when another attribute
 * did. Unlike plots, networks keep no public history: the public table holds one revision per layer.
 */
final class NetworkRevisions {

    private NetworkRevisions() {}

    /**
     * SQL: the key of feature {@code n} among the features of its set (a layer's public features, a
     * revision's snapshot): {@code network_key} when no other of its kind is drawn on its route, else
     * also what tells the features of one route apart ({@code network_feature_key}, V060), as a set's
     * numbers are kept (voltage in hundredths, whole millimetres).
     */
    static final String FEATURE_KEY = """
            network_feature_key(n.kind, n.geom, count(*) OVER (PARTITION BY network_key(n.kind, n.geom)) > 1, n.name,
                                round(n.voltage_kv, 2), n.pressure_class, round(n.diameter_mm::numeric))""";

    /** The public features of a networks layer, with their keys. */
    private static final String CURRENT = """
            SELECT n.*, %s AS feature_key
            FROM network n JOIN layer_revision r ON r.id = n.layer_revision_id
            WHERE r.layer_id = %%d
            """.formatted(FEATURE_KEY);

    private static final String COMPARED = """
            (p.name, p.operator_name, p.capacity, p.free_capacity, p.voltage_kv, p.pressure_class, p.diameter_mm,
             p.extra)
            IS DISTINCT FROM
            (s.name, s.operator_name, s.capacity, s.free_capacity, s.voltage_kv, s.pressure_class, s.diameter_mm,
             s.extra)
            """;

    /** The difference of {@code revision} from the public layer; with {@code record}, also listed in revision_change. */
    static LayerImporter.Diff diff(Connection c, int layerId, long revision, boolean record) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TEMP TABLE current_features ON COMMIT DROP AS " + CURRENT.formatted(layerId));
            st.executeUpdate("CREATE INDEX ON current_features (feature_key)");
            st.execute("ANALYZE current_features");
            st.executeUpdate("""
                    CREATE TEMP TABLE feature_change ON COMMIT DROP AS
                    SELECT s.feature_key AS key, CASE WHEN p.id IS NULL THEN 'added' ELSE 'changed' END AS change
                    FROM network_snapshot s LEFT JOIN current_features p ON p.feature_key = s.feature_key
                    WHERE s.layer_revision_id = %1$d AND (p.id IS NULL OR %2$s)
                    UNION ALL
                    SELECT p.feature_key, 'removed' FROM current_features p
                    WHERE NOT EXISTS (SELECT 1 FROM network_snapshot s
                                      WHERE s.layer_revision_id = %1$d AND s.feature_key = p.feature_key)
                    """.formatted(revision, COMPARED));
            LayerImporter.Diff diff = LayerImporter.featureChanges(c, revision, record, "network_snapshot");
            st.executeUpdate("DROP TABLE current_features");
            return diff;
        }
    }

    /** Replaces the public features of the layer by the snapshot of {@code revision}, in the caller's transaction. */
    static LayerImporter.Diff apply(Connection c, int layerId, long revision) throws SQLException {
        LayerImporter.Diff diff = diff(c, layerId, revision, false);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("""
                    DELETE FROM network n USING layer_revision r
                    WHERE r.id = n.layer_revision_id AND r.layer_id = %d
                    """.formatted(layerId));
            st.executeUpdate("""
                    INSERT INTO network (kind, geom, name, operator_name, capacity, free_capacity, voltage_kv,
                                         pressure_class, diameter_mm, region_id, layer_revision_id, extra)
                    SELECT s.kind, s.geom, s.name, s.operator_name, s.capacity, s.free_capacity, s.voltage_kv,
                           s.pressure_class, s.diameter_mm,
                           (SELECT r.id FROM region r WHERE ST_Intersects(r.geom, ST_PointOnSurface(s.geom)) LIMIT 1),
                           %d, s.extra
                    FROM network_snapshot s WHERE s.layer_revision_id = %d
                    ORDER BY s.source_row
                    """.formatted(revision, revision));
        }
        return diff;
    }

    /** Keeps the public features of a layer loaded before its first import as the snapshot of its revision. */
    static void snapshotIfMissing(Connection c, int layerId, long revision) throws SQLException {
        if (LayerImporter.count(c, "SELECT count(*) FROM network_snapshot WHERE layer_revision_id = " + revision) > 0) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate("""
                    INSERT INTO network_snapshot (layer_revision_id, source_row, feature_key, kind, geom, name,
                                                  operator_name, capacity, free_capacity, voltage_kv, pressure_class,
                                                  diameter_mm, extra)
                    SELECT %d, p.id, p.feature_key, p.kind, p.geom, p.name, p.operator_name, p.capacity,
                           p.free_capacity, p.voltage_kv, p.pressure_class, p.diameter_mm, p.extra
                    FROM (%s) p
                    ON CONFLICT DO NOTHING
                    """.formatted(revision, CURRENT.formatted(layerId)));
        }
    }
}
