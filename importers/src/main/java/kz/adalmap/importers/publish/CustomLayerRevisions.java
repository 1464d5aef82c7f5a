package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Revisions of a layer defined as data: the difference between a revision's snapshot and the
 * published features ({@code layer_feature}), and making the published features equal to a
 * snapshot. A feature is the same between two revisions when its key is (the key attribute's value,
 * else the hash of its geometry); it changed when its geometry, attributes or extra fields did.
 * Features that stay keep their id, so links to them survive a publish.
 */
final class CustomLayerRevisions {

    private CustomLayerRevisions() {}

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

    /** Makes the published features of the layer those of the snapshot of {@code revision}, in the caller's transaction. */
    static LayerImporter.Diff apply(Connection c, int layerId, long revision) throws SQLException {
        LayerImporter.Diff diff = diff(c, layerId, revision, false);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("""
                    DELETE FROM layer_feature p
                    WHERE p.layer_id = %1$d
                      AND NOT EXISTS (SELECT 1 FROM layer_feature_snapshot s
                                      WHERE s.layer_revision_id = %2$d AND s.feature_key = p.feature_key)
                    """.formatted(layerId, revision));
            st.executeUpdate("""
                    INSERT INTO layer_feature AS p (layer_id, feature_key, geom, attributes, extra, region_id,
                                                    layer_revision_id)
                    SELECT %1$d, s.feature_key, s.geom, s.attributes, s.extra,
                           (SELECT r.id FROM region r WHERE ST_Intersects(r.geom, ST_PointOnSurface(s.geom)) LIMIT 1),
                           %2$d
                    FROM layer_feature_snapshot s WHERE s.layer_revision_id = %2$d
                    ORDER BY s.source_row
                    ON CONFLICT (layer_id, feature_key) DO UPDATE
                    SET geom = excluded.geom, attributes = excluded.attributes, extra = excluded.extra,
                        region_id = excluded.region_id, layer_revision_id = excluded.layer_revision_id,
                        updated_at = CASE WHEN (p.geom, p.attributes, p.extra)
                                               IS DISTINCT FROM (excluded.geom, excluded.attributes, excluded.extra)
                                          THEN now() ELSE p.updated_at END
                    """.formatted(layerId, revision));
        }
        return diff;
    }
}
