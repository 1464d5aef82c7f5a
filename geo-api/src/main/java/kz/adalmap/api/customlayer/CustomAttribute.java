package kz.adalmap.api.customlayer;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One attribute of a custom layer's schema ({@code layer.attribute_schema}): its name, type, labels in
 * the three languages and, for an enum, the allowed values with their labels.
 *
 * <p>The name is checked against the schema's pattern before it is ever written into SQL as a JSON key,
 * so the expressions below are safe to embed; values are always bound.
 *
 * @param type {@code text}, {@code integer}, {@code number}, {@code boolean}, {@code date}, {@code enum} or
 *     {@code opening_hours} (text in the subset of the OpenStreetMap syntax that {@code OpeningHours} reads)
 */
public record CustomAttribute(String name, String type, Texts label, boolean required, List<EnumValue> values) {

    /** What a layer's attribute may be named (V021): also what makes the name safe in SQL. */
    static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

    static final List<String> TYPES = List.of("text", "integer", "number", "boolean", "date", "enum", "opening_hours");

    /** An allowed value of an enum attribute and its label. */
    public record EnumValue(String value, Texts label) {}

    /** Whether its values can be summed and compared as numbers. */
    public boolean numeric() {
        return type.equals("integer") || type.equals("number");
    }

    /** Whether {@code <name>=v1,v2} filters it by equality. */
    boolean equalityFilter() {
        return switch (type) {
            case "enum", "text", "boolean", "integer" -> true;
            default -> false;
        };
    }

    /** Whether {@code min_<name>} and {@code max_<name>} filter it by range. */
    boolean rangeFilter() {
        return numeric() || type.equals("date");
    }

    /** The stored JSON value of feature alias {@code f}: {@code f.attributes->'name'}. */
    public String json(String f) {
        return f + ".attributes->'" + name + "'";
    }

    /** The stored value as text (dates are ISO text, so they compare in order as text). */
    public String text(String f) {
        return f + ".attributes->>'" + name + "'";
    }

    /** The stored value as a number; null when it is missing or not a JSON number. */
    public String number(String f) {
        return "(CASE WHEN jsonb_typeof(" + json(f) + ") = 'number' THEN (" + text(f) + ")::numeric END)";
    }
}
