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
 * system (the {@code crs} member of GeoJSON's 2008 specification); the file with the two axes of
 * every position swapped, for one written northing or latitude first; and the file without what GDAL
 * would read otherwise than written (crs links, features' own ids), one walk doing both. The file is
 * read as a stream, one feature at a time.
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

    /**
     * What {@link #rewrite} found in a GeoJSON and wrote anew: {@code link}, the top object's link to its
     * coordinate system (null for none); {@code ownIds}, the property the features' own ids were moved
     * to (null when they were left as written), and {@code features}, how many features had one.
     */
    public record Rewritten(String link, String ownIds, long features) {

        /** Whether the features' own ids were kept under another name than {@code id}, their properties'. */
        public boolean ownIdsRenamed() {
            return ownIds != null && !ownIds.equals("id");
        }
    }

    /**
     * Rewrites {@code geojson} where GDAL would read it otherwise than written. The links to coordinate
     * systems on the internet its {@code crs} members hold, which GDAL fetches while it reads the file,
     * go: the top object's becomes the name of the EPSG code its address names ({@link #epsgCodeOf}:
     * {@code {"type": "name", "properties": {"name": "EPSG:32644"}}}), or goes when it names none; a
     * geometry's own, which GDAL asks once for each feature and places the geometry by the file's system
     * all the same, goes. A feature's own id ({@code "id"} beside its {@code properties}, of a collection's
     * features, a sequence's, or the file's one feature when it is no collection), which GDAL
     * reads as the field {@code id} unless the feature's properties hold an {@code id} (it is then lost),
     * goes into its properties under {@code id_2} (or the first of {@code id_3}, … no feature's property
     * is named, in any case), for every feature, when the properties of any hold an {@code id}. Else,
     * when a feature's own id is a number, which GDAL takes for the feature's number (and then loses a
     * text id of a feature after it), every feature's own id goes into its properties as {@code id}: as
     * the number written when all are numbers, as text when any is text, as GDAL reads the ids of a file
     * whose first id is text. A feature's properties are its data and stay as written, as does
     * everything else. Written beside and moved over: the private name may be a hard link to the user's
     * own file. A {@code sequence} (GeoJSONSeq: features one a line, or after record separators) has no
     * top object: each feature's links go. The file is read once to find these, and written only when it
     * holds one.
     *
     * @throws tools.jackson.core.JacksonException when a file with a crs member is no JSON this reader
     *     reads (any other such file is left for GDAL to say what is wrong with it)
     */
    public static Rewritten rewrite(Path geojson, boolean sequence) throws IOException {
        Walk found = new Walk(false, null, false, false);
        try (JsonParser in = GeoJsonFeatures.parser(geojson)) {
            found.values(in, null, sequence);
        } catch (JacksonException e) {
            if (found.crsMet) {
                throw e;
            }
            return new Rewritten(null, null, 0);
        }
        String ownIds = null;
        if (found.ownIdHidden) {
            ownIds = "id_2";
            for (int n = 3; found.names.contains(ownIds); n++) {
                ownIds = "id_" + n;
            }
        } else if (found.ownIdNumber) {
            // the import numbers the features by their order, not by the numbers GDAL reads as theirs
            ownIds = "id";
        }
        if (!found.links && ownIds == null) {
            return new Rewritten(null, null, 0);
        }
        Path out = geojson.resolveSibling(geojson.getFileName() + ".rewritten");
        Walk written = new Walk(false, ownIds, !found.ownIdHidden && found.ownIdText, found.topFound);
        try (JsonParser in = GeoJsonFeatures.parser(geojson);
                OutputStream stream = Files.newOutputStream(out);
                JsonGenerator g =
                        JSON.writer().withRootValueSeparator("\n").createGenerator(stream, JsonEncoding.UTF8)) {
            written.values(in, g, sequence);
        } catch (JacksonException e) {
            Files.deleteIfExists(out);
            throw e;
        }
        Files.move(out, geojson, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new Rewritten(written.topLink, ownIds, written.ownIds);
    }

    /**
     * One walk over a GeoJSON's values, copying each to a generator, or, without one, only looking: the
     * crs links and the features' own ids it finds, and, when told, the axes of positions and boxes
     * swapped ({@link #swapAxes}) or the features' own ids moved to their properties ({@link #rewrite}).
     */
    private static final class Walk {

        private final boolean swap;
        /** The property the features' own ids go to, or null to leave them; whether numbers go as text. */
        private final String ownIdsTo;

        private final boolean ownIdsAsText;

        /** Writing: the file is a single feature, whose own id goes where a collection's features' go. */
        private final boolean topFeature;

        /** A crs member was met; one of them links to its system; the top object's link. */
        boolean crsMet;

        boolean links;
        String topLink;
        /** A feature has an id of its own and one in its properties, which GDAL reads instead. */
        boolean ownIdHidden;
        /** A feature's own id is a number; another's is text (or anything else but a number or null). */
        boolean ownIdNumber;

        boolean ownIdText;
        /**
         * Looking: the file is a single feature, not a collection, whose own id is read as a collection's
         * features' are. Found by its type, which may come after its id and properties.
         */
        boolean topFound;
        /** The names of the features' properties, in small letters. */
        final java.util.Set<String> names = new java.util.HashSet<>();
        /** How many features' own ids were moved. */
        long ownIds;

        Walk(boolean swap, String ownIdsTo, boolean ownIdsAsText, boolean topFeature) {
            this.swap = swap;
            this.ownIdsTo = ownIdsTo;
            this.ownIdsAsText = ownIdsAsText;
            this.topFeature = topFeature;
        }

        /** The file's top value, or each of a sequence's. */
        void values(JsonParser in, JsonGenerator g, boolean sequence) {
            for (boolean first = true; (first || sequence) && in.nextToken() != null; first = false) {
                value(in, g, !sequence, sequence || topFeature);
            }
        }

        /**
         * The value at the parser's token; {@code top}: the file's object; {@code feature}: a feature, or
         * an array of features (a collection's).
         */
        private void value(JsonParser in, JsonGenerator g, boolean top, boolean feature) {
            JsonToken t = in.currentToken();
            if (t == JsonToken.START_OBJECT) {
                object(in, g, top, feature);
            } else if (t == JsonToken.START_ARRAY) {
                if (g != null) {
                    g.writeStartArray();
                }
                while (ended(in.nextToken()) != JsonToken.END_ARRAY) {
                    value(in, g, false, feature);
                }
                if (g != null) {
                    g.writeEndArray();
                }
            } else if (g != null) {
                g.copyCurrentEventExact(in);
            }
        }

        private void object(JsonParser in, JsonGenerator g, boolean top, boolean feature) {
            if (g != null) {
                g.writeStartObject();
            }
            // looking, the file's top object is read as a feature until its type says it is none
            boolean maybeFeature = feature || (top && g == null);
            String type = null;
            JsonNode ownId = null;
            boolean numericId = false;
            boolean idProperty = false;
            List<String> propertyNames = new ArrayList<>();
            // the properties, held while the feature's own id, to go among them, is still to come
            tools.jackson.databind.node.ObjectNode held = null;
            boolean propertiesWritten = false;
            while (ended(in.nextToken()) == JsonToken.PROPERTY_NAME) {
                String member = in.currentName();
                ended(in.nextToken());
                if (member.equals("properties")) {
                    // a feature's own data, which may hold anything by any name
                    if (!maybeFeature || in.currentToken() != JsonToken.START_OBJECT) {
                        if (g != null && !(feature && ownIdsTo != null)) {
                            g.writeName(member);
                            g.copyCurrentStructureExact(in);
                        } else {
                            in.skipChildren();
                        }
                    } else if (g == null) {
                        while (ended(in.nextToken()) == JsonToken.PROPERTY_NAME) {
                            idProperty |= in.currentName().equals("id");
                            propertyNames.add(in.currentName().toLowerCase(java.util.Locale.ROOT));
                            ended(in.nextToken());
                            in.skipChildren();
                        }
                    } else if (ownIdsTo != null && ownId == null) {
                        held = (tools.jackson.databind.node.ObjectNode) JSON.readTree(in);
                    } else {
                        g.writeName(member);
                        g.writeStartObject();
                        while (ended(in.nextToken()) == JsonToken.PROPERTY_NAME) {
                            g.writeName(in.currentName());
                            ended(in.nextToken());
                            g.copyCurrentStructureExact(in);
                        }
                        if (ownId != null) {
                            g.writeName(ownIdsTo);
                            g.writeTree(ownId);
                        }
                        g.writeEndObject();
                        propertiesWritten = true;
                    }
                } else if (member.equals("crs")) {
                    crs(in, g, top);
                } else if (member.equals("id") && maybeFeature && (g == null || ownIdsTo != null)) {
                    numericId = in.currentToken().isNumeric();
                    ownId = ownId(in);
                } else if (swap && (member.equals("coordinates") || member.equals("bbox"))) {
                    g.writeName(member);
                    positions(in, g, member.equals("bbox"));
                } else if (g == null && member.equals("coordinates")) {
                    in.skipChildren();
                } else {
                    if (top && member.equals("type") && in.currentToken() == JsonToken.VALUE_STRING) {
                        type = in.getString();
                    }
                    if (g != null) {
                        g.writeName(member);
                    }
                    // the features of the file's collection
                    value(in, g, false, top && member.equals("features"));
                }
            }
            if (g == null && (feature || "Feature".equals(type))) {
                topFound |= top && !feature;
                names.addAll(propertyNames);
                ownIdHidden |= ownId != null && idProperty;
                ownIdNumber |= numericId;
                ownIdText |= ownId != null && !numericId && !ownId.isNull();
            } else if (g != null && !propertiesWritten && (ownId != null || held != null)) {
                // the properties held for an own id that did not come are written as they were
                if (held == null) {
                    held = JSON.createObjectNode();
                }
                if (ownId != null) {
                    held.set(ownIdsTo, ownId);
                }
                g.writeName("properties");
                g.writeTree(held);
            }
            if (ownId != null && g != null) {
                ownIds++;
            }
            if (g != null) {
                g.writeEndObject();
            }
        }

        /**
         * A feature's own id, at its value: a number as written (as text when the ids go as text), anything
         * else as read.
         */
        private JsonNode ownId(JsonParser in) {
            if (in.currentToken().isNumeric()) {
                String written = in.getString();
                return ownIdsAsText
                        ? JSON.getNodeFactory().stringNode(written)
                        : JSON.getNodeFactory().rawValueNode(new tools.jackson.databind.util.RawValue(written));
            }
            return JSON.readTree(in);
        }

        /** A crs member, at its value: written as it is, or without its link. */
        private void crs(JsonParser in, JsonGenerator g, boolean top) {
            crsMet = true;
            JsonNode crs = JSON.readTree(in);
            String link = linkOf(crs);
            if (link == null) {
                if (g != null) {
                    g.writeName("crs");
                    g.writeTree(crs);
                }
                return;
            }
            links = true;
            String code = top ? epsgCodeOf(link) : null;
            if (top) {
                topLink = link;
            }
            if (code != null && g != null) {
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
    }

    /** The value of the top object's {@code crs} member, or null when it has none or is no JSON object. */
    private static JsonNode crsMember(Path geojson) {
        try (JsonParser in = GeoJsonFeatures.parser(geojson)) {
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
        } catch (JacksonException | IOException e) {
            return null;
        }
        return null;
    }

    /**
     * Writes {@code geojson} to {@code out} with the first two numbers of every position of its
     * geometries ({@code coordinates}, of a geometry collection's parts too) and of every {@code
     * bbox} swapped: {@code [4791250.0, 13656810.0]} becomes {@code [13656810.0, 4791250.0]}. Every
     * number is written as it was, and everything else (the features' properties, the {@code crs}
     * member) as it was read; a number that is not one ({@code nan}, {@code -infinity} in any letters, as
     * GDAL reads them) as {@code NaN} or {@code -Infinity}. Returns false, with {@code out} not to be
     * read, when the file is no JSON GDAL's reader reads.
     */
    public static boolean swapAxes(Path geojson, Path out) throws IOException {
        try (JsonParser in = GeoJsonFeatures.parser(geojson);
                OutputStream stream = Files.newOutputStream(out);
                JsonGenerator g = JSON.createGenerator(stream, JsonEncoding.UTF8)) {
            if (in.nextToken() == null) {
                return false;
            }
            new Walk(true, null, false, false).value(in, g, true, false);
            return true;
        } catch (JacksonException e) {
            return false;
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
