package kz.adalmap.importers.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The coordinates of a GeoJSON file as written: the features whose coordinates are text ({@code
 * ["82.6", "49.95"]}, as a spreadsheet's or a script's export may write them), which GDAL reads
 * without a geometry, saying why only among its own errors; whether the file names its coordinate
 * system (the {@code crs} member of GeoJSON's 2008 specification); and the file with the two axes of
 * every position swapped, for one written northing or latitude first. The file is read as a stream,
 * one feature at a time.
 */
public final class GeoJsonCoordinates {

    private static final JsonMapper JSON = GeoJsonFeatures.JSON;

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
        boolean read = GeoJsonFeatures.eachMember(geojson, "geometry", (row, in) -> {
            if (textIn(JSON.readTree(in), example)) {
                rows.add(row);
            }
        });
        return !read || rows.isEmpty() ? null : new AsText(rows, example[0]);
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

    /**
     * The name the {@code crs} member of a GeoJSON gives its coordinate system ({@code
     * urn:ogc:def:crs:EPSG::28413}, {@code EPSG:4326}), or null when it names none by name.
     */
    public static String crsName(Path geojson) {
        JsonNode crs = crsMember(geojson);
        JsonNode name = crs == null ? null : crs.path("properties").path("name");
        return name != null && name.isString() ? name.asString() : null;
    }

    /**
     * Whether the GeoJSON object of {@code geojson} names its coordinate system: a {@code crs} member
     * other than null, as GeoJSON's 2008 specification allowed (RFC 7946 dropped it). False too when
     * the file is no JSON this reader reads.
     */
    public static boolean namesItsCrs(Path geojson) {
        JsonNode crs = crsMember(geojson);
        return crs != null && !crs.isNull();
    }

    /**
     * The address a {@code crs} member links its coordinate system to, as GeoJSON's 2008 specification
     * allowed ({@code {"type": "link", "properties": {"href": "http://…", "type": "proj4"}}}, or GDAL's
     * {@code "URL"} with {@code url}), or null when it links to none.
     */
    private static String linkOf(JsonNode crs) {
        if (crs == null || !crs.isObject()) {
            return null;
        }
        String type = crs.path("type").isString() ? crs.path("type").asString() : "";
        if (!type.equalsIgnoreCase("link") && !type.equalsIgnoreCase("URL")) {
            return null;
        }
        // GDAL's order: url, else href
        JsonNode properties = crs.path("properties");
        JsonNode address = properties.path("url").isString() ? properties.path("url") : properties.path("href");
        return address.isString() && !address.asString().isBlank()
                ? address.asString().strip()
                : null;
    }

    /**
     * An address of a page of one EPSG coordinate system, whose code it names: spatialreference.org's
     * ({@code http://spatialreference.org/ref/epsg/32644/proj4/}), epsg.io's ({@code
     * https://epsg.io/32644.wkt}) and OGC's ({@code http://www.opengis.net/def/crs/EPSG/0/32644}).
     */
    private static final Pattern EPSG_ADDRESS = Pattern.compile(
            "(?i)https?://(?:www\\.)?(?:spatialreference\\.org/ref/epsg/|epsg\\.io/|opengis\\.net/def/crs/epsg/[0-9.]+/)"
                    + "([0-9]{4,6})(?:[/.?#].*)?");

    /** The EPSG code the address {@code link} of a coordinate system names, or null when it names none. */
    public static String epsgCodeOf(String link) {
        Matcher code = EPSG_ADDRESS.matcher(link);
        return code.matches() ? code.group(1) : null;
    }

    private static final byte[] CRS = "\"crs\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Rewrites {@code geojson} without the links to coordinate systems on the internet its {@code crs}
     * members hold, which GDAL fetches while it reads the file: the top object's becomes the name of the
     * EPSG code its address names ({@link #epsgCodeOf}: {@code {"type": "name", "properties": {"name":
     * "EPSG:32644"}}}), or goes when it names none; a geometry's own, which GDAL asks once for each
     * feature and places the geometry by the file's system all the same, goes. A feature's properties
     * are its data and stay as written, as does everything else. Written beside and moved over: the
     * private name may be a hard link to the user's own file. A {@code sequence} (GeoJSONSeq: features
     * one a line, or after record separators) has no top object: each feature's links go. Returns the
     * top object's link, else null; a file that holds no link is left as it is.
     *
     * @throws tools.jackson.core.JacksonException when a file naming a crs is no JSON this reader reads
     */
    public static String withoutCrsLinks(Path geojson, boolean sequence) throws IOException {
        // most files name no system, or only the top object's, by its code: no pass over the whole
        int mentions = mentions(geojson, CRS);
        if (mentions == 0) {
            return null;
        }
        if (!sequence && mentions == 1) {
            JsonNode crs = crsMember(geojson);
            if (crs != null && linkOf(crs) == null) {
                return null;
            }
        }
        Path out = geojson.resolveSibling(geojson.getFileName() + ".crs");
        String[] top = {null};
        boolean[] found = {false};
        // a sequence's record separators (RFC 8142), which no JSON text holds unescaped, read as spaces:
        // its features are written one a line, as GDAL reads a sequence too
        try (java.io.InputStream bytes =
                        new java.io.FilterInputStream(
                                new java.io.BufferedInputStream(Files.newInputStream(geojson), 1 << 16)) {
                            @Override
                            public int read() throws IOException {
                                int b = super.read();
                                return b == 0x1e ? ' ' : b;
                            }

                            @Override
                            public int read(byte[] buffer, int offset, int length) throws IOException {
                                int n = super.read(buffer, offset, length);
                                for (int i = offset; i < offset + n; i++) {
                                    if (buffer[i] == 0x1e) {
                                        buffer[i] = ' ';
                                    }
                                }
                                return n;
                            }
                        };
                JsonParser in = JSON.createParser(bytes);
                OutputStream stream = Files.newOutputStream(out);
                JsonGenerator g =
                        JSON.writer().withRootValueSeparator("\n").createGenerator(stream, JsonEncoding.UTF8)) {
            for (boolean first = true; (first || sequence) && in.nextToken() != null; first = false) {
                withoutLinks(in, g, !sequence, top, found);
            }
        } catch (tools.jackson.core.JacksonException e) {
            Files.deleteIfExists(out);
            throw e;
        }
        if (!found[0]) {
            Files.delete(out);
            return null;
        }
        Files.move(out, geojson, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return top[0];
    }

    /** Copies the value at the parser's token without the crs links below it; {@code top}: the file's object. */
    private static void withoutLinks(JsonParser in, JsonGenerator g, boolean top, String[] topLink, boolean[] found) {
        JsonToken t = in.currentToken();
        if (t == JsonToken.START_OBJECT) {
            g.writeStartObject();
            while (ended(in.nextToken()) == JsonToken.PROPERTY_NAME) {
                String member = in.currentName();
                ended(in.nextToken());
                if (member.equals("properties")) {
                    // a feature's own data, which may hold anything by any name
                    g.writeName(member);
                    g.copyCurrentStructureExact(in);
                } else if (member.equals("crs")) {
                    JsonNode crs = JSON.readTree(in);
                    String link = linkOf(crs);
                    if (link == null) {
                        g.writeName(member);
                        g.writeTree(crs);
                    } else {
                        found[0] = true;
                        String code = top ? epsgCodeOf(link) : null;
                        if (top) {
                            topLink[0] = link;
                        }
                        if (code != null) {
                            g.writeName("crs");
                            g.writeStartObject();
                            g.writeName("type");
                            g.writeString("name");
                            g.writeName("properties");
                            g.writeStartObject();
                            g.writeName("name");
                            g.writeString("EPSG:" + code);
                            g.writeEndObject();
                            g.writeEndObject();
                        }
                    }
                } else {
                    g.writeName(member);
                    withoutLinks(in, g, false, topLink, found);
                }
            }
            g.writeEndObject();
        } else if (t == JsonToken.START_ARRAY) {
            g.writeStartArray();
            while (ended(in.nextToken()) != JsonToken.END_ARRAY) {
                withoutLinks(in, g, false, topLink, found);
            }
            g.writeEndArray();
        } else {
            g.copyCurrentEventExact(in);
        }
    }

    /** How many times {@code needle} (whose first byte recurs in it only as its last) is in the file: 0, 1 or 2 for more. */
    private static int mentions(Path file, byte[] needle) throws IOException {
        int found = 0;
        int matched = 0;
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            for (int b = in.read(); b >= 0 && found < 2; b = in.read()) {
                if (b == needle[matched]) {
                    matched++;
                    if (matched == needle.length) {
                        found++;
                        matched = 0;
                    }
                } else {
                    matched = b == needle[0] ? 1 : 0;
                }
            }
        }
        return found;
    }

    /** The value of the top object's {@code crs} member, or null when it has none or is no JSON object. */
    private static JsonNode crsMember(Path geojson) {
        try (JsonParser in = JSON.createParser(geojson)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (in.nextToken() == JsonToken.PROPERTY_NAME) {
                String member = in.currentName();
                in.nextToken();
                if (member.equals("crs")) {
                    return JSON.readTree(in);
                }
                in.skipChildren();
            }
        } catch (JacksonException e) {
            return null;
        }
        return null;
    }

    /**
     * Writes {@code geojson} to {@code out} with the first two numbers of every position of its
     * geometries ({@code coordinates}, of a geometry collection's parts too) and of every {@code
     * bbox} swapped: {@code [4791250.0, 13656810.0]} becomes {@code [13656810.0, 4791250.0]}. Every
     * number is written as it was, and everything else (the features' properties, the {@code crs}
     * member) as it was read. Returns false, with {@code out} not to be read, when the file is no JSON
     * this reader reads (GDAL's reads more: comments, {@code NaN}).
     */
    public static boolean swapAxes(Path geojson, Path out) throws IOException {
        try (JsonParser in = JSON.createParser(geojson);
                OutputStream stream = Files.newOutputStream(out);
                JsonGenerator g = JSON.createGenerator(stream, JsonEncoding.UTF8)) {
            if (in.nextToken() == null) {
                return false;
            }
            copy(in, g);
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }

    /** Copies the value at the parser's token, swapping the axes of positions and boxes below it. */
    private static void copy(JsonParser in, JsonGenerator g) {
        JsonToken t = in.currentToken();
        if (t == JsonToken.START_OBJECT) {
            g.writeStartObject();
            while (ended(in.nextToken()) == JsonToken.PROPERTY_NAME) {
                String member = in.currentName();
                ended(in.nextToken());
                g.writeName(member);
                switch (member) {
                    // a feature's own data, which may hold anything by any name
                    case "properties" -> g.copyCurrentStructureExact(in);
                    case "coordinates", "bbox" -> positions(in, g, member.equals("bbox"));
                    default -> copy(in, g);
                }
            }
            g.writeEndObject();
        } else if (t == JsonToken.START_ARRAY) {
            g.writeStartArray();
            while (ended(in.nextToken()) != JsonToken.END_ARRAY) {
                copy(in, g);
            }
            g.writeEndArray();
        } else {
            g.copyCurrentEventExact(in);
        }
    }

    /**
     * Copies an array of positions (nested to any depth) with the first two numbers of each swapped;
     * a {@code box} ({@code [minX, minY, maxX, maxY]}, or with Z after each half) swaps each half's.
     */
    private static void positions(JsonParser in, JsonGenerator g, boolean box) {
        if (in.currentToken() != JsonToken.START_ARRAY) {
            g.copyCurrentStructureExact(in);
            return;
        }
        g.writeStartArray();
        // a position's values, held until the array ends; an array among them ends the position
        List<String> numbers = new ArrayList<>();
        boolean position = true;
        for (JsonToken t = ended(in.nextToken()); t != JsonToken.END_ARRAY; t = ended(in.nextToken())) {
            if (position && t.isNumeric()) {
                numbers.add(in.getString());
                continue;
            }
            position = false;
            numbers.forEach(g::writeNumber);
            numbers.clear();
            if (t == JsonToken.START_ARRAY) {
                positions(in, g, false);
            } else {
                g.copyCurrentStructureExact(in);
            }
        }
        if (box && numbers.size() >= 4 && numbers.size() % 2 == 0) {
            java.util.Collections.swap(numbers, 0, 1);
            java.util.Collections.swap(numbers, numbers.size() / 2, numbers.size() / 2 + 1);
        } else if (numbers.size() >= 2) {
            java.util.Collections.swap(numbers, 0, 1);
        }
        numbers.forEach(g::writeNumber);
        g.writeEndArray();
    }

    /** Stops a reading the file ended in the middle of. */
    private static JsonToken ended(JsonToken t) {
        if (t == null) {
            throw new tools.jackson.core.exc.StreamReadException("the file ends inside a value");
        }
        return t;
    }
}
