package kz.adalmap.importers.source;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kz.adalmap.importers.report.Detail;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The private copy of an ArcGIS REST answer ({@code query?f=json}, a FeatureSet) rewritten so that
 * GDAL reads its fields as ArcGIS shows them. GDAL's reader of Esri JSON ignores a field's coded
 * domain ({@code "domain": {"type": "codedValue", "codedValues": [{"name": "свободен", "code": 1}…]}}),
 * and the attributes hold the codes: each such field gets a field {@code <field>_resolved} beside it
 * holding the codes' descriptions, as GDAL's {@code -resolveDomains} names them for a GeoPackage or
 * File Geodatabase, so that the import reads the descriptions and keeps the codes. A field declared
 * as numbers that holds text (a query with {@code returnDomainNames=true} writes the descriptions
 * and leaves the field's type {@code esriFieldTypeSmallInteger}), which GDAL would read as 0, is
 * declared as text.
 *
 * <p>The file is read as a stream, twice when it is rewritten; one feature at a time is held in
 * memory, and the geometries are copied as written.
 */
final class EsriJsonFields {

    private static final Set<String> NUMBER_TYPES = Set.of(
            "esriFieldTypeSmallInteger",
            "esriFieldTypeInteger",
            "esriFieldTypeBigInteger",
            "esriFieldTypeSingle",
            "esriFieldTypeDouble");

    /**
     * GeoJSON's reader ({@link GeoJsonFeatures#JSON}: one member at a time, {@code NaN} and {@code
     * Infinity} read and written back as GDAL's reader of ArcGIS JSON reads them, as its GeoJSON reader
     * does), with numbers as written: a value is written back as it was read.
     */
    private static final JsonMapper JSON = GeoJsonFeatures.JSON
            .rebuild()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    /** A parser of {@code json} that reads its numbers as GDAL's reader does. */
    private static JsonParser parser(Path json) throws IOException {
        return GeoJsonFeatures.parser(JSON, json);
    }

    private EsriJsonFields() {}

    /** A field of a coded domain: its descriptions by code, and its codes by description. */
    private record Domain(Map<String, String> names, Map<String, JsonNode> codes) {}

    /** What the first reading found: the fields' domains, and the number fields that hold text. */
    private static final class Survey {
        final Map<String, Domain> domains = new LinkedHashMap<>();
        final Set<String> numberFields = new LinkedHashSet<>();
        /** A number field that holds text, with the first such text. */
        final Map<String, String> numbersAsText = new LinkedHashMap<>();

        boolean changes() {
            return !domains.isEmpty() || !numbersAsText.isEmpty();
        }
    }

    /**
     * Rewrites {@code json} when it is Esri JSON with coded domains or number fields holding text
     * (written beside and moved over, since the private name may be a hard link to the user's own
     * file), and returns a note for each number field read as text. A file that is not such JSON, or
     * not well-formed, is left as it is for GDAL to read or to say what is wrong.
     */
    static List<Detail> rewrite(Path json) throws IOException {
        Survey survey = new Survey();
        try {
            survey(json, survey);
        } catch (JacksonException | NotEsriJson e) {
            return List.of();
        }
        if (!survey.changes()) {
            return List.of();
        }
        Path written = json.resolveSibling(json.getFileName() + ".fields");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(written), 1 << 16)) {
            write(json, out, survey);
        } catch (JacksonException | NotEsriJson e) {
            // read once already: only a file changed meanwhile gets here
            Files.deleteIfExists(written);
            return List.of();
        }
        Files.move(written, json, StandardCopyOption.REPLACE_EXISTING);
        List<Detail> notes = new ArrayList<>();
        survey.numbersAsText.forEach((field, value) -> notes.add(Detail.of(
                "file_json_numbers_as_text",
                "the field '{field}' is declared as numbers but holds text (such as '{value}'), as ArcGIS writes"
                        + " a domain's descriptions: it was read as text",
                "field",
                field,
                "value",
                value)));
        return notes;
    }

    /** Not an object with the fields and features of an ArcGIS FeatureSet. */
    private static final class NotEsriJson extends Exception {
        NotEsriJson() {
            super(null, null, false, false);
        }
    }

    private static void survey(Path json, Survey survey) throws NotEsriJson, IOException {
        boolean features = false;
        try (JsonParser in = parser(json)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new NotEsriJson();
            }
            while (in.nextToken() == JsonToken.PROPERTY_NAME) {
                String member = in.currentName();
                JsonToken value = in.nextToken();
                if (member.equals("fields") && value == JsonToken.START_ARRAY) {
                    fields(JSON.readTree(in), survey);
                } else if (member.equals("features") && value == JsonToken.START_ARRAY) {
                    features = true;
                    for (JsonToken t = in.nextToken(); t != JsonToken.END_ARRAY; t = in.nextToken()) {
                        if (t != JsonToken.START_OBJECT) {
                            ended(t);
                            in.skipChildren();
                            continue;
                        }
                        // the values only: the geometry is passed over, not built
                        while (in.nextToken() == JsonToken.PROPERTY_NAME) {
                            String name = in.currentName();
                            if (in.nextToken() == JsonToken.START_OBJECT
                                    && (name.equals("attributes") || name.equals("properties"))) {
                                textInNumbers(JSON.readTree(in), survey);
                            } else {
                                in.skipChildren();
                            }
                        }
                    }
                } else {
                    in.skipChildren();
                }
            }
            if (in.currentToken() != JsonToken.END_OBJECT) {
                throw new NotEsriJson();
            }
        }
        if (!features) {
            throw new NotEsriJson();
        }
    }

    /** The domains and number fields the file's {@code fields} declare. */
    private static void fields(JsonNode fields, Survey survey) {
        Set<String> names = new java.util.HashSet<>();
        for (JsonNode field : fields) {
            names.add(field.path("name").asString(""));
        }
        for (JsonNode field : fields) {
            String name = field.path("name").asString("");
            if (name.isEmpty()) {
                continue;
            }
            if (NUMBER_TYPES.contains(field.path("type").asString(""))) {
                survey.numberFields.add(name);
            }
            JsonNode domain = field.path("domain");
            if (!domain.path("type").asString("").equals("codedValue")
                    || !domain.path("codedValues").isArray()
                    // a field of the file's own under the name GDAL would give the descriptions
                    || names.contains(name + "_resolved")) {
                continue;
            }
            Map<String, String> byCode = new HashMap<>();
            Map<String, JsonNode> byName = new HashMap<>();
            for (JsonNode coded : domain.path("codedValues")) {
                JsonNode code = coded.get("code");
                String description = coded.path("name").asString(null);
                if (code != null && !code.isNull() && description != null) {
                    byCode.putIfAbsent(key(code), description);
                    byName.putIfAbsent(description.strip(), code);
                }
            }
            if (!byCode.isEmpty()) {
                survey.domains.put(name, new Domain(byCode, byName));
            }
        }
    }

    private static void textInNumbers(JsonNode attributes, Survey survey) {
        for (String field : survey.numberFields) {
            JsonNode value = attributes.get(field);
            if (value != null && value.isString() && !survey.numbersAsText.containsKey(field)) {
                String text = value.asString().strip();
                if (!text.isEmpty() && !isNumber(text) && !codeOf(survey, field, text)) {
                    survey.numbersAsText.put(field, text);
                }
            }
        }
    }

    /** Whether {@code text} is a description of the field's domain, written back as its code. */
    private static boolean codeOf(Survey survey, String field, String text) {
        Domain domain = survey.domains.get(field);
        return domain != null
                && domain.codes().containsKey(text)
                && domain.codes().get(text).isNumber();
    }

    private static boolean isNumber(String text) {
        try {
            new BigDecimal(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A code as compared: a number by its value (1, 1.0 and "1" are one code), else its text. */
    private static String key(JsonNode code) {
        String text = code.isNumber()
                ? code.decimalValue().toString()
                : code.asString("").strip();
        try {
            BigDecimal number = new BigDecimal(text).stripTrailingZeros();
            return number.signum() == 0 ? "0" : number.toPlainString();
        } catch (NumberFormatException e) {
            return text;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // the second reading: the file written again

    private static void write(Path json, OutputStream out, Survey survey) throws NotEsriJson, IOException {
        try (JsonParser in = parser(json);
                JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new NotEsriJson();
            }
            g.writeStartObject();
            while (in.nextToken() == JsonToken.PROPERTY_NAME) {
                String member = in.currentName();
                JsonToken value = in.nextToken();
                g.writeName(member);
                if (member.equals("fields") && value == JsonToken.START_ARRAY) {
                    JSON.writeTree(g, fields((ArrayNode) JSON.readTree(in), survey));
                } else if (member.equals("features") && value == JsonToken.START_ARRAY) {
                    g.writeStartArray();
                    for (JsonToken t = in.nextToken(); t != JsonToken.END_ARRAY; t = in.nextToken()) {
                        ended(t);
                        if (t == JsonToken.START_OBJECT) {
                            feature(in, g, survey);
                        } else {
                            g.copyCurrentStructureExact(in);
                        }
                    }
                    g.writeEndArray();
                } else {
                    g.copyCurrentStructureExact(in);
                }
            }
            if (in.currentToken() != JsonToken.END_OBJECT) {
                throw new NotEsriJson();
            }
            g.writeEndObject();
        }
    }

    /** Stops a reading the file ended in the middle of. */
    private static void ended(JsonToken token) throws NotEsriJson {
        if (token == null) {
            throw new NotEsriJson();
        }
    }

    /** The fields declared again: text where numbers hold text, and a field of descriptions after each domain's. */
    private static ArrayNode fields(ArrayNode fields, Survey survey) {
        ArrayNode written = JSON.createArrayNode();
        for (JsonNode field : fields) {
            String name = field.path("name").asString("");
            if (field instanceof ObjectNode f && survey.numbersAsText.containsKey(name)) {
                f.put("type", "esriFieldTypeString");
                f.remove("length");
            }
            written.add(field);
            Domain domain = survey.domains.get(name);
            if (domain != null) {
                ObjectNode described = JSON.createObjectNode();
                described.put("name", name + "_resolved");
                described.put("type", "esriFieldTypeString");
                String alias = field.path("alias").asString(null);
                if (alias != null) {
                    described.put("alias", alias);
                }
                written.add(described);
            }
        }
        return written;
    }

    /** One feature, its geometry as written and its values with the descriptions of their codes. */
    private static void feature(JsonParser in, JsonGenerator g, Survey survey) {
        g.writeStartObject();
        while (in.nextToken() == JsonToken.PROPERTY_NAME) {
            String member = in.currentName();
            JsonToken value = in.nextToken();
            g.writeName(member);
            if ((member.equals("attributes") || member.equals("properties")) && value == JsonToken.START_OBJECT) {
                JSON.writeTree(g, values((ObjectNode) JSON.readTree(in), survey));
            } else {
                g.copyCurrentStructureExact(in);
            }
        }
        g.writeEndObject();
    }

    private static ObjectNode values(ObjectNode attributes, Survey survey) {
        ObjectNode written = JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> e : attributes.properties()) {
            String field = e.getKey();
            JsonNode value = e.getValue();
            Domain domain = survey.domains.get(field);
            if (domain == null) {
                written.set(field, value);
                continue;
            }
            if (value == null || value.isNull()) {
                written.set(field, value);
                written.putNull(field + "_resolved");
                continue;
            }
            String description = domain.names().get(key(value));
            if (description != null) {
                written.set(field, value);
                written.put(field + "_resolved", description);
            } else if (value.isString()
                    && domain.codes().containsKey(value.asString().strip())) {
                // the description itself (returnDomainNames=true): its code kept as the code
                written.set(field, domain.codes().get(value.asString().strip()));
                written.put(field + "_resolved", value.asString().strip());
            } else {
                // a code the domain does not describe: read as written, for the report to quote
                written.set(field, value);
                written.put(field + "_resolved", value.isString() ? value.asString() : value.toString());
            }
        }
        return written;
    }
}
