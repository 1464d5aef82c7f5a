package kz.adalmap.api.customlayer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the public layers and their definitions. Internal layers ({@code is_public = false}) are never
 * read here: to every public endpoint they do not exist. Used by the GeoJSON API, the OGC API and the tiles.
 */
@Repository
public class CustomLayerCatalogueQueries {

    private static final Logger log = LoggerFactory.getLogger(CustomLayerCatalogueQueries.class);

    // the version names the published revision, when it was last made public (published or restored by
    // a rollback) and the definition's last change; a tile or page drawn from other data has another version
    private static final String LAYERS = """
            SELECT l.id, l.code, l.kind, l.title_kk, l.title_ru, l.title_en,
                   l.description_kk, l.description_ru, l.description_en,
                   l.geometry_type, l.attribute_schema::text AS attribute_schema, l.key_attribute,
                   l.style::text AS style,
                   concat_ws('/', coalesce(r.id::text, 'none'),
                             (extract(epoch FROM greatest(r.published_at, r.restored_at)) * 1000000)::bigint,
                             (extract(epoch FROM l.updated_at) * 1000000)::bigint) AS version
            FROM layer l
            LEFT JOIN layer_revision r ON r.layer_id = l.id AND r.state = 'published'
            WHERE l.is_public
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CustomLayerCatalogueQueries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Every public layer, built-in and custom, built-in kinds first, then by code. A plots or networks
     * layer is listed once a revision of it is published: an import into a new code creates the layer
     * with its draft, and neither the draft's title nor a mistyped code belongs in the public catalogue.
     * A layer defined as data is listed from its definition, which is public already, so that the map
     * offers its editors to draw its first features.
     */
    public List<CustomLayer> publicLayers() {
        return jdbc.sql(LAYERS
                        + " AND (r.id IS NOT NULL OR l.kind IN ('appeals', 'custom'))"
                        + " ORDER BY array_position(ARRAY['plots', 'networks', 'appeals', 'custom'], l.kind::text),"
                        + " l.code")
                .query(this::layer)
                .list();
    }

    /** Every public custom layer, by code. */
    public List<CustomLayer> publicCustomLayers() {
        return jdbc.sql(LAYERS + " AND l.kind = 'custom' ORDER BY l.code")
                .query(this::layer)
                .list();
    }

    /**
     * The public layer {@code code}, of any kind: as {@link #publicLayers} lists them, a plots or
     * networks layer once a revision of it is published (a draft's code and title are not public).
     */
    public Optional<CustomLayer> publicLayer(String code) {
        return jdbc.sql(LAYERS + " AND (r.id IS NOT NULL OR l.kind IN ('appeals', 'custom')) AND l.code = :code")
                .param("code", code)
                .query(this::layer)
                .optional();
    }

    /** The public custom layer {@code code}; 404 when there is none or it is built-in. */
    public CustomLayer publicCustomLayer(String code) {
        CustomLayer layer = publicLayer(code).orElseThrow(() -> CustomLayerNotFoundException.forCode(code));
        if (!layer.custom()) {
            throw CustomLayerNotFoundException.notCustom(code);
        }
        return layer;
    }

    private CustomLayer layer(ResultSet rs, int row) throws SQLException {
        String code = rs.getString("code");
        return new CustomLayer(
                rs.getInt("id"),
                code,
                rs.getString("kind"),
                new Texts(rs.getString("title_kk"), rs.getString("title_ru"), rs.getString("title_en")),
                new Texts(
                        rs.getString("description_kk"), rs.getString("description_ru"), rs.getString("description_en")),
                rs.getString("geometry_type"),
                attributes(code, rs.getString("attribute_schema")),
                rs.getString("key_attribute"),
                rs.getString("style"),
                rs.getString("version"));
    }

    private List<CustomAttribute> attributes(String layer, String schema) {
        List<CustomAttribute> attributes = new ArrayList<>();
        if (schema == null) {
            return attributes;
        }
        for (JsonNode a : json.readTree(schema)) {
            String name = text(a, "name");
            String type = text(a, "type");
            // the definitions API checks both; a name that is not safe is never put into SQL
            if (name == null
                    || !CustomAttribute.NAME.matcher(name).matches()
                    || !CustomAttribute.TYPES.contains(type)) {
                log.warn(
                        "Layer {}: attribute {} of type {} is not served: not a valid name or type", layer, name, type);
                continue;
            }
            List<CustomAttribute.EnumValue> values = new ArrayList<>();
            for (JsonNode v : a.path("values")) {
                String value = text(v, "value");
                if (value != null) {
                    values.add(new CustomAttribute.EnumValue(value, labels(v)));
                }
            }
            attributes.add(new CustomAttribute(
                    name, type, labels(a), a.path("required").asBoolean(false), List.copyOf(values)));
        }
        return List.copyOf(attributes);
    }

    private static Texts labels(JsonNode node) {
        return new Texts(text(node, "label_kk"), text(node, "label_ru"), text(node, "label_en"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
