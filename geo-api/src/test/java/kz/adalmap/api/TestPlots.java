package kz.adalmap.api;

import java.util.Locale;
import java.util.function.IntFunction;

/** GeoJSON files of plots, as a land department's export would hold them, for upload tests. */
public final class TestPlots {

    private TestPlots() {}

    /**
     * {@code count} square plots in rows of ten from (lon, lat), numbered {@code prefix}-001 onwards,
     * the last {@code bowties} drawn as self-intersecting bow ties (which the import rejects).
     */
    public static String geojson(
            int count, int bowties, double lon, double lat, String prefix, IntFunction<String> status) {
        StringBuilder out = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < count; i++) {
            double x = lon + (i % 10) * 0.0006;
            double y = lat + (i / 10) * 0.0005;
            String ring = i >= count - bowties
                    ? String.format(
                            Locale.ROOT,
                            "[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]",
                            x,
                            y,
                            x + 0.0004,
                            y + 0.0003,
                            x + 0.0004,
                            y,
                            x,
                            y + 0.0003,
                            x,
                            y)
                    : String.format(
                            Locale.ROOT,
                            "[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]",
                            x,
                            y,
                            x + 0.0004,
                            y,
                            x + 0.0004,
                            y + 0.0003,
                            x,
                            y + 0.0003,
                            x,
                            y);
            out.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"Feature\",\"properties\":{")
                    .append(String.format("\"kad_nomer\":\"%s-%03d\",", prefix, i + 1))
                    .append("\"status\":\"")
                    .append(status.apply(i).replace("\"", "\\\""))
                    .append("\",")
                    .append("\"kategor\":\"елді мекен\"},")
                    .append("\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[")
                    .append(ring)
                    .append("]}}");
        }
        return out.append("]}").toString();
    }
}
