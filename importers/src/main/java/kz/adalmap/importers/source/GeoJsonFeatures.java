package kz.adalmap.importers.source;

import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * A GeoJSON FeatureCollection read as a stream, one member of one feature at a time: what the
 * readers of a file's coordinates ({@link GeoJsonCoordinates}) and of its grouped properties
 * ({@link GeoJsonProperties}) look at, without holding the file.
 */
final class GeoJsonFeatures {

    /**
     * One value at a time is read from a file that goes on. {@code NaN}, {@code Infinity} and {@code
     * -Infinity}, which Python's json module writes for a lost number and GDAL's GeoJSON reader reads,
     * are read as those numbers, and written back as such, not as text (GDAL's reader refuses comments in
     * a GeoJSON, as this one does).
     */
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(tools.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(tools.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private GeoJsonFeatures() {}

    /** Reads the value of a feature's member, the parser at its first token; it reads the whole value. */
    interface MemberReader {
        void read(long row, JsonParser in);
    }

    /**
     * Gives {@code reader} the member {@code member} of each feature of the FeatureCollection {@code
     * geojson}, with the feature's position in the file (from 1, as the import numbers them). False
     * when the file is no FeatureCollection this reader reads, or ends in the middle: GDAL says what
     * is wrong with it.
     */
    static boolean eachMember(Path geojson, String member, MemberReader reader) {
        try (JsonParser in = JSON.createParser(geojson)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (in.nextToken() == JsonToken.PROPERTY_NAME) {
                String top = in.currentName();
                JsonToken value = in.nextToken();
                if (!top.equals("features") || value != JsonToken.START_ARRAY) {
                    in.skipChildren();
                    continue;
                }
                long row = 0;
                for (JsonToken t = in.nextToken(); t != JsonToken.END_ARRAY; t = in.nextToken()) {
                    if (t == null) {
                        return false;
                    }
                    row++;
                    if (t != JsonToken.START_OBJECT) {
                        in.skipChildren();
                        continue;
                    }
                    while (in.nextToken() == JsonToken.PROPERTY_NAME) {
                        String name = in.currentName();
                        in.nextToken();
                        if (name.equals(member)) {
                            reader.read(row, in);
                        } else {
                            in.skipChildren();
                        }
                    }
                }
            }
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }
}
