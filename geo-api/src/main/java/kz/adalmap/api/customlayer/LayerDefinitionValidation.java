package kz.adalmap.api.customlayer;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import kz.adalmap.api.common.web.InvalidParameterException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a layer definition sent to the API and checks it completely: an error names the field as a
 * path ({@code attributes[2].values}) and says what was wrong, and a field the API does not know is
 * refused rather than ignored. Only a definition that passes is stored, so the importer and the map
 * can trust its shape.
 */
final class LayerDefinitionValidation {

    static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern ICON = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final List<String> GEOMETRY_TYPES = List.of("point", "line", "polygon");
    private static final List<String> TYPES =
            List.of("text", "integer", "number", "boolean", "date", "enum", "opening_hours");
    private static final Set<String> FIELDS = Set.of(
            "code",
            "titleKk",
            "titleRu",
            "titleEn",
            "descriptionKk",
            "descriptionRu",
            "descriptionEn",
            "geometryType",
            "attributes",
            "keyAttribute",
            "style",
            "public",
            "region",
            "ownerAgency");
    private static final Set<String> ATTRIBUTE_FIELDS =
            Set.of("name", "type", "label_kk", "label_ru", "label_en", "required", "values");
    private static final Set<String> VALUE_FIELDS = Set.of("value", "label_kk", "label_ru", "label_en");
    private static final int MAX_ATTRIBUTES = 100;
    private static final int MAX_VALUES = 200;

    private LayerDefinitionValidation() {}

    /**
     * The definition in {@code body}; {@code code} is the layer's code from the path when the body
     * updates a layer (the body may then repeat it, not change it), null when it creates one.
     */
    static LayerDefinition read(JsonNode body, String code) {
        if (body == null || !body.isObject()) {
            throw InvalidParameterException.of("body", "a layer definition is a JSON object");
        }
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw InvalidParameterException.of(
                        field,
                        "unknown field; a layer definition has "
                                + FIELDS.stream().sorted().toList());
            }
        }
        String sentCode = optionalText(body, "code", 64);
        if (code == null) {
            if (sentCode == null) {
                throw InvalidParameterException.of("code", "the layer needs a code");
            }
            if (!CODE.matcher(sentCode).matches()) {
                throw InvalidParameterException.of(
                        "code",
                        "'" + sentCode + "' is not a layer code: lower-case Latin letters, digits, '-' or"
                                + " '_', at most 64, starting with a letter or digit");
            }
            code = sentCode;
        } else if (sentCode != null && !sentCode.equals(code)) {
            throw InvalidParameterException.of(
                    "code",
                    "the code of a layer cannot change (the path says " + code + ", the body " + sentCode + ")");
        }
        String geometryType = requiredText(body, "geometryType", 16);
        if (!GEOMETRY_TYPES.contains(geometryType)) {
            throw InvalidParameterException.of(
                    "geometryType", "'" + geometryType + "' is not a geometry type; use one of " + GEOMETRY_TYPES);
        }
        ArrayNode attributes = attributes(body.get("attributes"));
        String key = optionalText(body, "keyAttribute", 63);
        if (key != null) {
            JsonNode attribute = byName(attributes, key);
            if (attribute == null) {
                throw InvalidParameterException.of("keyAttribute", "'" + key + "' is not one of the attributes");
            }
            if (!attribute.path("required").asBoolean(false)) {
                throw InvalidParameterException.of(
                        "keyAttribute",
                        "the key attribute " + key + " must be required: a feature without a key cannot be told"
                                + " apart between imports");
            }
        }
        JsonNode isPublic = body.get("public");
        if (isPublic != null && !isPublic.isNull() && !isPublic.isBoolean()) {
            throw InvalidParameterException.of("public", "must be true (anyone sees the layer) or false (staff only)");
        }
        return new LayerDefinition(
                code,
                requiredText(body, "titleKk", 200),
                requiredText(body, "titleRu", 200),
                requiredText(body, "titleEn", 200),
                optionalText(body, "descriptionKk", 4000),
                optionalText(body, "descriptionRu", 4000),
                optionalText(body, "descriptionEn", 4000),
                geometryType,
                attributes,
                key,
                style(body.get("style"), attributes),
                isPublic == null || isPublic.isNull() || isPublic.asBoolean(),
                optionalText(body, "region", 12),
                optionalText(body, "ownerAgency", 64));
    }

    private static ArrayNode attributes(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw InvalidParameterException.of(
                    "attributes", "the layer needs its attributes as a JSON array (empty when features have none)");
        }
        if (node.size() > MAX_ATTRIBUTES) {
            throw InvalidParameterException.of("attributes", "at most " + MAX_ATTRIBUTES + " attributes");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "attributes[" + i + "]";
            JsonNode a = node.get(i);
            if (!a.isObject()) {
                throw InvalidParameterException.of(at, "an attribute is a JSON object");
            }
            unknownFields(a, ATTRIBUTE_FIELDS, at);
            String name = requiredText(a, "name", 63, at + ".");
            if (!ATTRIBUTE_NAME.matcher(name).matches()) {
                throw InvalidParameterException.of(
                        at + ".name",
                        "'" + name + "' is not an attribute name: lower-case Latin letters, digits and '_', starting"
                                + " with a letter, at most 63");
            }
            if (!names.add(name)) {
                throw InvalidParameterException.of(at + ".name", "the attribute " + name + " is named twice");
            }
            String type = requiredText(a, "type", 16, at + ".");
            if (!TYPES.contains(type)) {
                throw InvalidParameterException.of(
                        at + ".type", "'" + type + "' is not an attribute type; use one of " + TYPES);
            }
            for (String lang : List.of("kk", "ru", "en")) {
                requiredText(a, "label_" + lang, 200, at + ".");
            }
            JsonNode required = a.get("required");
            if (required != null && !required.isBoolean()) {
                throw InvalidParameterException.of(at + ".required", "must be true or false");
            }
            JsonNode values = a.get("values");
            boolean hasValues = values != null && !values.isNull();
            if (type.equals("enum") != hasValues) {
                throw InvalidParameterException.of(
                        at + ".values",
                        type.equals("enum")
                                ? "an enum attribute lists its allowed values"
                                : "only an enum attribute has values; " + name + " is " + type);
            }
            if (hasValues) {
                enumValues(values, at + ".values");
            }
        }
        return (ArrayNode) node;
    }

    private static void enumValues(JsonNode values, String at) {
        if (!values.isArray() || values.isEmpty()) {
            throw InvalidParameterException.of(at, "an enum attribute lists at least one allowed value");
        }
        if (values.size() > MAX_VALUES) {
            throw InvalidParameterException.of(at, "at most " + MAX_VALUES + " values");
        }
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < values.size(); j++) {
            String vat = at + "[" + j + "]";
            JsonNode v = values.get(j);
            if (!v.isObject()) {
                throw InvalidParameterException.of(vat, "an allowed value is a JSON object with value and labels");
            }
            unknownFields(v, VALUE_FIELDS, vat);
            String value = requiredText(v, "value", 200, vat + ".");
            if (!seen.add(value.toLowerCase(java.util.Locale.ROOT))) {
                throw InvalidParameterException.of(vat + ".value", "the value '" + value + "' is listed twice");
            }
            for (String lang : List.of("kk", "ru", "en")) {
                requiredText(v, "label_" + lang, 200, vat + ".");
            }
        }
    }

    private static ObjectNode style(JsonNode style, ArrayNode attributes) {
        if (style == null || !style.isObject()) {
            throw InvalidParameterException.of(
                    "style",
                    "the layer needs a style: {\"colour\": \"#2f6fdf\"} or {\"by\": \"<attribute>\", \"colours\":"
                            + " {\"<value>\": \"#hex\"}, \"default\": \"#hex\"}");
        }
        unknownFields(style, Set.of("colour", "by", "colours", "default", "icon"), "style");
        JsonNode icon = style.get("icon");
        if (icon != null && !(icon.isString() && ICON.matcher(icon.asString()).matches())) {
            throw InvalidParameterException.of(
                    "style.icon", "an icon is a name such as school or office (lower-case letters, digits, '-')");
        }
        boolean byAttribute = style.has("by");
        if (byAttribute == style.has("colour")) {
            throw InvalidParameterException.of(
                    "style",
                    "give either one colour (\"colour\") or colours by an attribute (\"by\"), not both or neither");
        }
        if (!byAttribute) {
            colour(style.get("colour"), "style.colour");
            if (style.has("colours") || style.has("default")) {
                throw InvalidParameterException.of(
                        style.has("colours") ? "style.colours" : "style.default",
                        "only a style \"by\" an attribute has it");
            }
            return (ObjectNode) style;
        }
        JsonNode by = style.get("by");
        JsonNode attribute = by.isString() ? byName(attributes, by.asString()) : null;
        if (attribute == null) {
            throw InvalidParameterException.of("style.by", "'" + by.asString() + "' is not one of the attributes");
        }
        colour(style.get("default"), "style.default");
        JsonNode colours = style.get("colours");
        if (colours == null || !colours.isObject() || colours.isEmpty()) {
            throw InvalidParameterException.of(
                    "style.colours", "colours by value of " + by.asString() + ": {\"<value>\": \"#rrggbb\", …}");
        }
        Set<String> allowed = new LinkedHashSet<>();
        attribute.path("values").forEach(v -> allowed.add(v.path("value").asString()));
        for (Map.Entry<String, JsonNode> e : colours.properties()) {
            if (attribute.path("type").asString().equals("enum") && !allowed.contains(e.getKey())) {
                throw InvalidParameterException.of(
                        "style.colours." + e.getKey(),
                        "'" + e.getKey() + "' is not a value of " + by.asString() + " (its values are " + allowed
                                + ")");
            }
            colour(e.getValue(), "style.colours." + e.getKey());
        }
        return (ObjectNode) style;
    }

    private static void colour(JsonNode colour, String field) {
        if (colour == null
                || !colour.isString()
                || !COLOUR.matcher(colour.asString()).matches()) {
            throw InvalidParameterException.of(
                    field,
                    "a colour is written #rrggbb (for example #2f6fdf), was " + (colour == null ? "missing" : colour));
        }
    }

    private static JsonNode byName(ArrayNode attributes, String name) {
        for (JsonNode a : attributes) {
            if (name.equals(a.path("name").asString())) {
                return a;
            }
        }
        return null;
    }

    private static void unknownFields(JsonNode node, Set<String> known, String at) {
        for (String field : node.propertyNames()) {
            if (!known.contains(field)) {
                throw InvalidParameterException.of(
                        at + "." + field,
                        "unknown field; the fields are "
                                + known.stream().sorted().toList());
            }
        }
    }

    private static String requiredText(JsonNode node, String field, int max) {
        return requiredText(node, field, max, "");
    }

    private static String requiredText(JsonNode node, String field, int max, String prefix) {
        String text = optionalText(node, field, max, prefix);
        if (text == null) {
            throw InvalidParameterException.of(prefix + field, "missing or empty");
        }
        return text;
    }

    private static String optionalText(JsonNode node, String field, int max) {
        return optionalText(node, field, max, "");
    }

    /** The field's text with the spaces around it removed, or null when absent, null or blank. */
    private static String optionalText(JsonNode node, String field, int max, String prefix) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw InvalidParameterException.of(prefix + field, "must be text");
        }
        String text = value.asString().strip();
        if (text.length() > max) {
            throw InvalidParameterException.of(prefix + field, "at most " + max + " characters");
        }
        return text.isEmpty() ? null : text;
    }
}
