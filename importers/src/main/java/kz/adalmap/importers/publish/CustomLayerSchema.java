package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kz.adalmap.importers.report.Detail;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a layer defined as data says its features are (V021): the geometry type, the attributes with
 * their types and allowed values, the key attribute and the region the layer belongs to. Read from
 * the {@code layer} row the definitions API validated; the import trusts its shape.
 *
 * @param keyAttribute the attribute that identifies a feature between imports, null when features are
 *     known by their geometry
 * @param regionId the layer's region, null for a national layer
 */
record CustomLayerSchema(
        int layerId,
        String code,
        String geometryType,
        List<Attribute> attributes,
        String keyAttribute,
        Integer regionId) {

    /** One attribute: {@code values} holds the allowed values of an enum, empty for other types. */
    record Attribute(String name, String type, List<String> labels, boolean required, List<EnumValue> values) {

        /**
         * The attribute as a report names it in each language: its name and, in brackets, its label in
         * that language (the Russian one where it has none in it, none where it has no label at all).
         */
        Detail.Names described() {
            List<String> said = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String label = inLanguage(labels, i);
                said.add(label == null ? name : name + " (" + label + ")");
            }
            return new Detail.Names(said.get(0), said.get(1), said.get(2));
        }
    }

    /** An allowed value of an enum attribute and its labels in Kazakh, Russian and English. */
    record EnumValue(String value, List<String> labels) {

        /** The value as a report names it in each language: its label there (the Russian one, else the code). */
        Detail.Names described() {
            List<String> said = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String label = inLanguage(labels, i);
                said.add(label == null ? value : label);
            }
            return new Detail.Names(said.get(0), said.get(1), said.get(2));
        }
    }

    /** Of {@code labels} (Kazakh, Russian, English), the one of language {@code i}, else the Russian one; null when neither. */
    private static String inLanguage(List<String> labels, int i) {
        if (labels.isEmpty()) {
            return null;
        }
        String label = labels.get(i);
        if (label == null || label.isBlank()) {
            label = labels.get(1);
        }
        return label == null || label.isBlank() ? null : label.strip();
    }

    /** The geometry types PostGIS reports ({@code GeometryType}) that a feature of this layer may have. */
    List<String> postgisTypes() {
        return switch (geometryType) {
            case "point" -> List.of("POINT", "MULTIPOINT");
            case "line" -> List.of("LINESTRING", "MULTILINESTRING");
            default -> List.of("POLYGON", "MULTIPOLYGON");
        };
    }

    /** The {@code ST_CollectionExtract} type number that keeps this layer's geometries out of a repair's output. */
    int extractType() {
        return switch (geometryType) {
            case "point" -> 1;
            case "line" -> 2;
            default -> 3;
        };
    }

    /** The custom layer {@code code}, or null when the layer does not exist or is of another kind. */
    static CustomLayerSchema read(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, geometry_type, attribute_schema::text, key_attribute, region_id
                FROM layer WHERE code = ? AND kind = 'custom'
                """)) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                List<Attribute> attributes = new ArrayList<>();
                for (JsonNode a : JsonMapper.builder().build().readTree(rs.getString(3))) {
                    List<EnumValue> values = new ArrayList<>();
                    for (JsonNode v : a.path("values")) {
                        values.add(new EnumValue(v.path("value").asString(), labels(v)));
                    }
                    attributes.add(new Attribute(
                            a.path("name").asString(),
                            a.path("type").asString().toLowerCase(Locale.ROOT),
                            labels(a),
                            a.path("required").asBoolean(false),
                            List.copyOf(values)));
                }
                return new CustomLayerSchema(
                        rs.getInt(1), code, rs.getString(2), List.copyOf(attributes), rs.getString(4), (Integer)
                                rs.getObject(5));
            }
        }
    }

    private static List<String> labels(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (String lang : List.of("kk", "ru", "en")) {
            JsonNode label = node.get("label_" + lang);
            out.add(label == null || label.isNull() ? null : label.asString());
        }
        return java.util.Collections.unmodifiableList(out);
    }
}
