package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Revisions of a networks layer: the difference between a revision's snapshot and the public
 * features, and making the public features equal to a snapshot. A feature is the same between two
 * revisions when its kind and geometry are ({@code network_key}); of several features of a kind drawn
 * on one route (lines on the same poles), features are paired as {@link #pair} does, so that an
 * edit of one of them is that feature changed. A feature changed when any of its attributes did.
 * Unlike plots, networks keep no public history: the public table holds one revision per layer.
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

    /**
     * SQL: what tells feature {@code n} apart from the other features of its route, with the route
     * itself: {@code network_feature_key} as if the route were shared, the numbers as a set keeps them.
     */
    static String distinguished(String n) {
        return """
                network_feature_key(%1$s.kind, %1$s.geom, true, %1$s.name, round(%1$s.voltage_kv, 2), %1$s.pressure_class,
                                    round(%1$s.diameter_mm::numeric))""".formatted(n);
    }

    /**
     * Pairs the features of two sets that are drawn on the same routes, table {@code a} with table
     * {@code b} (each with columns {@code row}: unique, in the order of its file; {@code route};
     * {@code same}: the route with what tells its features apart, {@link #distinguished}; {@code
     * name}), into a new temporary table {@code pairs (a, b)} of rows. Of one route, features are
     * paired first when they are the same in what tells them apart (a line left as it was), then when
     * they have the same name (a line whose voltage changed), then in the order of their files (a
     * line renamed); each step pairs only the features that the steps before left unpaired, and two
     * features of a step in the order of their files. What is left unpaired is a feature one set has
     * and the other does not. The pairs depend on the two sets only, so that a draft's diff, its
     * publishing and a rollback pair alike. Each step sorts both sets once.
     */
    static void pair(Statement st, String pairs, String a, String b) throws SQLException {
        st.executeUpdate(
                "CREATE TEMP TABLE " + pairs + " (a bigint PRIMARY KEY, b bigint NOT NULL UNIQUE) ON COMMIT DROP");
        for (String[] by : new String[][] {{"same"}, {"route", "name"}, {"route"}}) {
            String columns = String.join(", ", by);
            StringBuilder on = new StringBuilder();
            for (String column : by) {
                on.append("x.").append(column).append(" = y.").append(column).append(" AND ");
            }
            String side = """
                    (SELECT t.row, %1$s, row_number() OVER (PARTITION BY %1$s ORDER BY t.row) AS i FROM %2$s t
                     WHERE NOT EXISTS (SELECT 1 FROM %3$s p WHERE p.%4$s = t.row))""";
            st.executeUpdate("INSERT INTO %s (a, b) SELECT x.row, y.row FROM %s x JOIN %s y ON %sx.i = y.i"
                    .formatted(
                            pairs, side.formatted(columns, a, pairs, "a"), side.formatted(columns, b, pairs, "b"), on));
        }
    }

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
            st.executeUpdate("ALTER TABLE current_features ADD PRIMARY KEY (id)");
            st.executeUpdate("""
                    CREATE TEMP TABLE revision_side ON COMMIT DROP AS
                    SELECT n.source_row AS row, network_key(n.kind, n.geom) AS route, %s AS same, n.name
                    FROM network_snapshot n WHERE n.layer_revision_id = %d
                    """.formatted(distinguished("n"), revision));
            // the public features in the order of the file they were published from (inserted so)
            st.executeUpdate("""
                    CREATE TEMP TABLE public_side ON COMMIT DROP AS
                    SELECT n.id AS row, network_key(n.kind, n.geom) AS route, %s AS same, n.name
                    FROM current_features n
                    """.formatted(distinguished("n")));
            st.execute("ANALYZE revision_side");
            st.execute("ANALYZE public_side");
            pair(st, "feature_pair", "revision_side", "public_side");
            // a changed feature whose key changed (a line on shared poles given another voltage) keeps
            // the key it had, as a renumbered plot does
            st.executeUpdate("""
                    CREATE TEMP TABLE feature_change ON COMMIT DROP AS
                    SELECT s.feature_key AS key, CASE WHEN p.id IS NULL THEN 'added' ELSE 'changed' END AS change,
                           CASE WHEN p.feature_key <> s.feature_key THEN p.feature_key END AS previous_key
                    FROM network_snapshot s
                    LEFT JOIN feature_pair x ON x.a = s.source_row
                    LEFT JOIN current_features p ON p.id = x.b
                    WHERE s.layer_revision_id = %1$d AND (p.id IS NULL OR %2$s)
                    UNION ALL
                    SELECT p.feature_key, 'removed', NULL FROM current_features p
                    WHERE NOT EXISTS (SELECT 1 FROM feature_pair x WHERE x.b = p.id)
                    """.formatted(revision, COMPARED));
            LayerImporter.Diff diff = LayerImporter.featureChanges(c, revision, record, "network_snapshot");
            st.executeUpdate("DROP TABLE current_features, revision_side, public_side, feature_pair");
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
