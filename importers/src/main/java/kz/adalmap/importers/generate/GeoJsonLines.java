package kz.adalmap.importers.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an RFC 7946 FeatureCollection one feature per line, without holding the features in
 * memory, so that a million plots cost no more memory than ten. Coordinates are longitude, latitude
 * (EPSG:4326) with 7 decimals (about 1 cm).
 *
 * <p>The collection is written to a temporary file beside the target and moved into place by {@link
 * #commit()}; a file that was not committed is deleted on {@link #close()}, so a failed run never
 * leaves a half-written file behind.
 */
final class GeoJsonLines implements Closeable {

    private final Path target;
    private final Path partial;
    private final BufferedWriter out;
    private final StringBuilder line = new StringBuilder(512);
    private long count;
    private boolean committed;
    private boolean firstProperty;

    GeoJsonLines(Path target) throws IOException {
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".partial");
        this.out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
        out.write("{\"type\":\"FeatureCollection\",\"features\":[\n");
    }

    /** Starts a feature whose geometry is a polygon; the ring is open (first point not repeated) and counter-clockwise. */
    GeoJsonLines polygon(double[] lon, double[] lat) {
        begin();
        line.append("{\"type\":\"Polygon\",\"coordinates\":[[");
        for (int i = 0; i <= lon.length; i++) {
            int k = i % lon.length;
            if (i > 0) {
                line.append(',');
            }
            position(lon[k], lat[k]);
        }
        line.append("]]}");
        return properties();
    }

    /** Starts a feature whose geometry is a line string. */
    GeoJsonLines lineString(double[] lon, double[] lat) {
        begin();
        line.append("{\"type\":\"LineString\",\"coordinates\":[");
        for (int i = 0; i < lon.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            position(lon[i], lat[i]);
        }
        line.append("]}");
        return properties();
    }

    /** Starts a feature whose geometry is a point. */
    GeoJsonLines point(double lon, double lat) {
        begin();
        line.append("{\"type\":\"Point\",\"coordinates\":");
        position(lon, lat);
        line.append('}');
        return properties();
    }

    GeoJsonLines put(String key, String value) {
        key(key);
        if (value == null) {
            line.append("null");
        } else {
            string(value);
        }
        return this;
    }

    GeoJsonLines put(String key, Boolean value) {
        key(key);
        line.append(value == null ? "null" : value.toString());
        return this;
    }

    GeoJsonLines put(String key, long value) {
        key(key);
        line.append(value);
        return this;
    }

    /** A decimal number with at most {@code decimals} digits after the point; null when {@code value} is NaN. */
    GeoJsonLines put(String key, double value, int decimals) {
        key(key);
        if (Double.isNaN(value)) {
            line.append("null");
        } else {
            decimal(line, value, decimals);
        }
        return this;
    }

    /** Ends the current feature and writes it as one line. */
    void end() throws IOException {
        line.append("}}");
        if (count > 0) {
            out.write(",\n");
        }
        out.append(line);
        count++;
    }

    long count() {
        return count;
    }

    /** Finishes the collection and moves the file into place, replacing an older one. */
    void commit() throws IOException {
        out.write("\n]}\n");
        out.close();
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            out.close();
            Files.deleteIfExists(partial);
        }
    }

    private void begin() {
        line.setLength(0);
        line.append("{\"type\":\"Feature\",\"geometry\":");
    }

    private GeoJsonLines properties() {
        line.append(",\"properties\":{");
        firstProperty = true;
        return this;
    }

    private void key(String key) {
        if (!firstProperty) {
            line.append(',');
        }
        firstProperty = false;
        string(key);
        line.append(':');
    }

    private void position(double lon, double lat) {
        line.append('[');
        decimal(line, lon, 7);
        line.append(',');
        decimal(line, lat, 7);
        line.append(']');
    }

    private void string(String s) {
        line.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        line.append(String.format("\\u%04x", (int) ch));
                    } else {
                        line.append(ch);
                    }
                }
            }
        }
        line.append('"');
    }

    /**
     * Appends {@code value} rounded half-up to {@code decimals} digits, trailing zeros dropped; much
     * faster than {@link String#format} for the millions of coordinates of a benchmark cadastre.
     */
    static void decimal(StringBuilder sb, double value, int decimals) {
        long scale = 1;
        for (int i = 0; i < decimals; i++) {
            scale *= 10;
        }
        long scaled = Math.round(Math.abs(value) * scale);
        if (value < 0 && scaled != 0) {
            sb.append('-');
        }
        sb.append(scaled / scale);
        long fraction = scaled % scale;
        if (fraction != 0) {
            sb.append('.');
            String digits = Long.toString(fraction);
            for (int i = digits.length(); i < decimals; i++) {
                sb.append('0');
            }
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            sb.append(digits, 0, end);
        }
    }
}
