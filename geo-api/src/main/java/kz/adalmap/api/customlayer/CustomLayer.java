package kz.adalmap.api.customlayer;

import java.util.List;
import java.util.Optional;

/**
 * A public layer as the catalogue shows it. Built-in layers (kind {@code plots}, {@code networks},
 * {@code appeals}) have no attributes here; a {@code custom} layer has its geometry type, attribute
 * schema and style, and its features in {@code layer_feature}.
 *
 * @param geometryType {@code point}, {@code line} or {@code polygon}; null for built-in layers
 * @param style the style object as JSON text; null when the layer has none
 * @param version changes whenever what the layer serves changes: its published revision, its definition or
 *     one of its features; for caches and ETags
 */
public record CustomLayer(
        int id,
        String code,
        String kind,
        Texts title,
        Texts description,
        String geometryType,
        List<CustomAttribute> attributes,
        String keyAttribute,
        String style,
        String version) {

    public boolean custom() {
        return kind.equals("custom");
    }

    /** The attribute called {@code name}, if the schema has one. */
    public Optional<CustomAttribute> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** The GeoJSON geometry types its features may have (single and multi). */
    public List<String> geoJsonTypes() {
        return switch (geometryType == null ? "" : geometryType) {
            case "point" -> List.of("Point", "MultiPoint");
            case "line" -> List.of("LineString", "MultiLineString");
            case "polygon" -> List.of("Polygon", "MultiPolygon");
            default -> List.of();
        };
    }

    /**
     * The arguments of {@code json_build_object} that build a feature's properties from feature alias
     * {@code f}: every attribute of the schema, null when a feature lacks it, never {@code extra}.
     */
    public String propertiesSql(String f) {
        StringBuilder sql = new StringBuilder();
        for (CustomAttribute a : attributes) {
            sql.append(sql.isEmpty() ? "" : ", ")
                    .append('\'')
                    .append(a.name())
                    .append("', ")
                    .append(a.json(f));
        }
        return sql.toString();
    }
}
