package kz.adalmap.importers.source;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The properties of a GeoJSON file's features that hold a group of values instead of one: an
 * object ({@code "adres": {"street": "Абая", "house": "10"}}, as a web form or NextGIS writes a
 * structured address) or a list ({@code ["ул. Абая", "10"]}). GDAL reads an object as its JSON
 * text and, for a list, types the whole property a list, so that every feature's value of it
 * becomes a PostgreSQL array literal ({@code {20-321-121-003}}); with the lists read as JSON text
 * too (GDAL's {@code ARRAY_AS_STRING}), the other features keep their values as written and these
 * are found here by their features. The file is read as a stream, one feature at a time.
 */
public final class GeoJsonProperties {

    private static final JsonMapper JSON = GeoJsonFeatures.JSON;

    /** At most this many grouped values are kept as examples: the report names the first ones. */
    private static final int MAX_FOUND = 10_000;

    private GeoJsonProperties() {}

    /**
     * The features of the FeatureCollection {@code geojson} with a property holding an object or a
     * list, by their position in the file (from 1, as the import numbers them), each with those
     * properties and their values as compact JSON; empty when there are none, or when the file is
     * no FeatureCollection (GDAL says what is wrong with it).
     */
    public static Map<Long, Map<String, String>> grouped(Path geojson) {
        Map<Long, Map<String, String>> found = new LinkedHashMap<>();
        boolean read = GeoJsonFeatures.eachMember(geojson, "properties", (row, in) -> {
            if (in.currentToken() != JsonToken.START_OBJECT) {
                in.skipChildren();
                return;
            }
            while (in.nextToken() == JsonToken.PROPERTY_NAME) {
                String property = in.currentName();
                JsonToken p = in.nextToken();
                if (p == JsonToken.START_OBJECT || p == JsonToken.START_ARRAY) {
                    String json = JSON.writeValueAsString(JSON.readTree(in));
                    if (found.size() < MAX_FOUND) {
                        found.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(property, json);
                    }
                }
            }
        });
        return read ? found : Map.of();
    }
}
