package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import kz.adalmap.importers.db.PgTarget;

/**
 * Features of a custom layer drawn, changed or deleted on the map, one at a time. Each edit is a new
 * revision made from the published one plus the change, validated by the same rules as an import
 * (the feature goes through {@link CustomLayerValidation} as a one-row file) and published at once,
 * so the history, the diff and rollback work as for imports. An edit that breaks a rule saves
 * nothing: not the feature, not the revision.
 */
public final class CustomLayerEdits {

    /** What an edit does: draw a new feature, replace one, or delete one. */
    public enum Change {
        ADD,
        REPLACE,
        DELETE
    }

    /**
     * One edit.
     *
     * @param key the feature replaced or deleted; null when adding
     * @param geometry the feature's geometry as GeoJSON (EPSG:4326); null when deleting
     * @param properties the feature's values as text, by attribute name or label; null when deleting
     */
    public record Edit(Change change, String key, String geometry, Map<String, String> properties) {}

    /** The published revision the edit made, the key of the feature it left (null after a delete) and its diff. */
    public record Edited(int revision, String key, LayerImporter.Diff diff) {}

    /** A feature's property names become columns of a one-row staging table: PostgreSQL's identifier limit. */
    private static final int MAX_NAME = 63;

    /**
     * How long an edit waits for the layer's lock: another edit holds it for a moment, an import of the
     * layer for as long as it reads its file.
     */
    static final int LOCK_WAIT_SECONDS = 5;

    /**
     * Makes the edit in one transaction under the layer's lock, refused ({@link RefusedStepException},
     * {@code LAYER_BUSY}) when an import, a publish or a rollback of the layer holds it longer than
     * {@link #LOCK_WAIT_SECONDS}: the request does not hang for the minutes an import may take.
     *
     * @param editorRegions the regions the actor may edit, null for an administrator
     * @throws AccessDeniedException when the layer belongs to a region the actor does not edit
     * @throws FeatureRefusedException when the feature breaks the layer's definition
     * @throws IllegalArgumentException when the layer or the feature does not exist
     * @throws IllegalStateException when a feature with the new key exists already
     */
    public Edited edit(PgTarget target, String layerCode, Edit edit, String actor, Set<Integer> editorRegions)
            throws SQLException {
        try (Connection c = target.connect()) {
            lockLayer(c, layerCode);
            try {
                c.setAutoCommit(false);
                try {
                    Edited edited = edit(c, layerCode, edit, actor, editorRegions);
                    c.commit();
                    return edited;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } finally {
                c.setAutoCommit(true);
                LayerImporter.unlockLayer(c, layerCode);
            }
        }
    }

    private static void lockLayer(Connection c, String code) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET lock_timeout = '" + LOCK_WAIT_SECONDS + "s'");
            try {
                LayerImporter.lockLayer(c, code);
            } catch (SQLException e) {
                if ("55P03".equals(e.getSQLState())) {
                    throw new RefusedStepException(
                            RefusedStepException.Reason.LAYER_BUSY,
                            "layer " + code + " is being imported, published or rolled back: the feature was not"
                                    + " saved; try again when that has ended (an import's progress is on the editor's"
                                    + " page)");
                }
                throw e;
            } finally {
                st.execute("RESET lock_timeout");
            }
        }
    }

    private static Edited edit(Connection c, String code, Edit edit, String actor, Set<Integer> editorRegions)
            throws SQLException {
        CustomLayerSchema layer = CustomLayerSchema.read(c, code);
        if (layer == null) {
            throw new IllegalArgumentException("there is no layer defined as data with code " + code);
        }
        if (editorRegions != null && (layer.regionId() == null || !editorRegions.contains(layer.regionId()))) {
            throw new AccessDeniedException(actor + " may not edit layer " + code + ": "
                    + (layer.regionId() == null ? "it is a national layer" : "it belongs to another region"));
        }
        Long published = LayerImporter.publishedRevision(c, layer.layerId());
        if (edit.change() != Change.ADD && (published == null || !hasFeature(c, published, edit.key()))) {
            throw new IllegalArgumentException("layer " + code + " has no feature " + edit.key());
        }
        long revision;
        int number;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO layer_revision (layer_id, number, state, source_name, created_by, based_on_revision_id)
                SELECT ?, coalesce(max(number), 0) + 1, 'draft', ?, ?, ? FROM layer_revision WHERE layer_id = ?
                RETURNING id, number
                """)) {
            ps.setInt(1, layer.layerId());
            ps.setString(
                    2,
                    "edit: " + edit.change().name().toLowerCase(java.util.Locale.ROOT)
                            + (edit.key() == null ? "" : " " + edit.key()));
            ps.setString(3, actor);
            ps.setObject(4, published);
            ps.setInt(5, layer.layerId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                revision = rs.getLong(1);
                number = rs.getInt(2);
            }
        }
        String key = null;
        if (edit.change() != Change.DELETE) {
            key = validate(c, layer, revision, edit, editorRegions);
            if (!key.equals(edit.key()) && published != null && hasFeature(c, published, key)) {
                throw new IllegalStateException("layer " + code + " already has a feature " + key);
            }
            if (edit.change() == Change.REPLACE && layer.keyAttribute() != null && !key.equals(edit.key())) {
                throw new FeatureRefusedException(List.of(new LayerImporter.Issue(
                        null,
                        "rejected",
                        "key_changed",
                        "the key " + layer.keyAttribute() + " of feature " + edit.key() + " cannot change to " + key
                                + ": delete the feature and draw a new one")));
            }
        }
        if (published != null) {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO layer_feature_snapshot (layer_revision_id, source_row, feature_key, geom, attributes, extra)
                    SELECT ?, source_row, feature_key, geom, attributes, extra FROM layer_feature_snapshot
                    WHERE layer_revision_id = ? AND feature_key IS DISTINCT FROM ?
                    """)) {
                ps.setLong(1, revision);
                ps.setLong(2, published);
                ps.setString(3, edit.key());
                ps.executeUpdate();
            }
        }
        LayerImporter.Diff diff = CustomLayerRevisions.diff(c, layer.layerId(), revision, true);
        CustomLayerRevisions.apply(c, layer.layerId(), revision);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("source", "edit");
        report.put("change", edit.change().name().toLowerCase(java.util.Locale.ROOT));
        report.put("key", key == null ? edit.key() : key);
        report.put("diff", diff);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE layer_revision SET state = 'superseded' WHERE layer_id = " + layer.layerId()
                    + " AND state = 'published'");
            st.executeUpdate("UPDATE layer_revision SET state = 'published', published_at = now(), feature_count ="
                    + " (SELECT count(*) FROM layer_feature_snapshot WHERE layer_revision_id = " + revision
                    + ") WHERE id = " + revision);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE layer_revision SET report = ?::jsonb WHERE id = ?")) {
            ps.setString(
                    1, tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(report));
            ps.setLong(2, revision);
            ps.executeUpdate();
        }
        Map<String, Object> details = new LinkedHashMap<>(report);
        details.put("revision", number);
        LayerImporter.audit(
                c, actor, "layer.feature." + edit.change().name().toLowerCase(java.util.Locale.ROOT), code, details);
        return new Edited(number, key, diff);
    }

    /**
     * Puts the feature in a one-row staging table and validates it as an import would; the accepted
     * feature is in the revision's snapshot afterwards. Returns its key.
     */
    private static String validate(
            Connection c, CustomLayerSchema layer, long revision, Edit edit, Set<Integer> editorRegions)
            throws SQLException {
        String staging = "edit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        List<String> names = new ArrayList<>(edit.properties().keySet());
        List<String> columns = new ArrayList<>();
        for (String name : names) {
            if (name.isBlank()
                    || name.length() > MAX_NAME
                    || name.equalsIgnoreCase("source_row")
                    || name.equalsIgnoreCase("geom")) {
                throw new FeatureRefusedException(List.of(new LayerImporter.Issue(
                        null, "rejected", "bad_property", "'" + name + "' cannot be the name of a property")));
            }
            columns.add(FeatureValidation.quote(name) + " text");
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE staging." + staging + " (source_row bigint, geom geometry"
                    + (columns.isEmpty() ? "" : ", " + String.join(", ", columns)) + ")");
        }
        StringBuilder insert = new StringBuilder(
                "INSERT INTO staging." + staging + " VALUES (1, ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)");
        names.forEach(n -> insert.append(", ?"));
        insert.append(")");
        try (PreparedStatement ps = c.prepareStatement(insert.toString())) {
            ps.setString(1, edit.geometry());
            for (int i = 0; i < names.size(); i++) {
                ps.setString(i + 2, edit.properties().get(names.get(i)));
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            // the caller rolls the whole edit back
            throw new FeatureRefusedException(List.of(new LayerImporter.Issue(
                    null, "rejected", "bad_geometry", "the geometry is not a GeoJSON geometry PostGIS can read")));
        }
        new CustomLayerValidation(c, staging, revision, null, editorRegions, layer, null).run();
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE staging." + staging);
        }
        List<LayerImporter.Issue> refused = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT code, message FROM import_issue WHERE severity = 'rejected'"
                        + " AND layer_revision_id = " + revision + " ORDER BY id")) {
            while (rs.next()) {
                refused.add(new LayerImporter.Issue(null, "rejected", rs.getString(1), rs.getString(2)));
            }
        }
        if (!refused.isEmpty()) {
            throw new FeatureRefusedException(refused);
        }
        // a row number no revision of the layer used: the rows copied from the published revision keep theirs
        String key = LayerImporter.one(
                c, "SELECT feature_key FROM layer_feature_snapshot WHERE layer_revision_id = " + revision);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("""
                    UPDATE layer_feature_snapshot SET source_row = 1 + coalesce(
                        (SELECT max(p.source_row) FROM layer_feature_snapshot p JOIN layer_revision r ON r.id = p.layer_revision_id
                         WHERE r.layer_id = %d), 0)
                    WHERE layer_revision_id = %d
                    """.formatted(layer.layerId(), revision));
        }
        return key;
    }

    private static boolean hasFeature(Connection c, long revision, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM layer_feature_snapshot WHERE layer_revision_id = ? AND feature_key = ?")) {
            ps.setLong(1, revision);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
