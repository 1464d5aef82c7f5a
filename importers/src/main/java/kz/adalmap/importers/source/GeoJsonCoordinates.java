package kz.adalmap.importers.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The features of a GeoJSON file whose coordinates are written as text ({@code ["82.6", "49.95"]},
 * as a spreadsheet's or a script's export may write them): GDAL reads only numbers there, and reads
 * such a feature without a geometry, saying why only among its own errors. The file is read as a
 * stream, one feature at a time.
 */
public final class GeoJsonCoordinates {

    /** One geometry at a time is read from a file that goes on. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private GeoJsonCoordinates() {}

    /**
     * Which features have coordinates written as text.
     *
     * @param rows the features' positions in the file, from 1
     * @param example the first such coordinate, as written
     */
    public record AsText(List<Long> rows, String example) {}

    /**
     * The features of the FeatureCollection {@code geojson} whose coordinates hold text, or null when
     * none do, or the file is no FeatureCollection GDAL could have read.
     */
    public static AsText asText(Path geojson) {
        List<Long> rows = new ArrayList<>();
        String[] example = {null};
        try (JsonParser in = JSON.createParser(geojson)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (in.nextToken() == JsonToken.PROPERTY_NAME) {
                String member = in.currentName();
                JsonToken value = in.nextToken();
                if (!member.equals("features") || value != JsonToken.START_ARRAY) {
                    in.skipChildren();
                    continue;
                }
                long row = 0;
                for (JsonToken t = in.nextToken(); t != JsonToken.END_ARRAY; t = in.nextToken()) {
                    if (t == null) {
                        return null;
                    }
                    row++;
                    if (t != JsonToken.START_OBJECT) {
                        in.skipChildren();
                        continue;
                    }
                    while (in.nextToken() == JsonToken.PROPERTY_NAME) {
                        String name = in.currentName();
                        in.nextToken();
                        if (name.equals("geometry")) {
                            if (textIn(JSON.readTree(in), example)) {
                                rows.add(row);
                            }
                        } else {
                            in.skipChildren();
                        }
                    }
                }
            }
        } catch (JacksonException e) {
            // GDAL says what is wrong with the file
            return null;
        }
        return rows.isEmpty() ? null : new AsText(rows, example[0]);
    }

    /** Whether {@code geometry} (of a collection too) has a coordinate written as text; the first one goes to {@code example}. */
    private static boolean textIn(JsonNode geometry, String[] example) {
        if (geometry == null || !geometry.isObject()) {
            return false;
        }
        boolean found = text(geometry.get("coordinates"), example);
        JsonNode parts = geometry.get("geometries");
        if (parts != null && parts.isArray()) {
            for (JsonNode part : parts) {
                found |= textIn(part, example);
            }
        }
        return found;
    }

    private static boolean text(JsonNode coordinates, String[] example) {
        if (coordinates == null) {
            return false;
        }
        if (coordinates.isString()) {
            if (example[0] == null) {
                example[0] = coordinates.asString();
            }
            return true;
        }
        boolean found = false;
        if (coordinates.isArray()) {
            for (JsonNode item : coordinates) {
                found |= text(item, example);
            }
        }
        return found;
    }
}
