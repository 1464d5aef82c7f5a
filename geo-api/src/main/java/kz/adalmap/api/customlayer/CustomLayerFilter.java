package kz.adalmap.api.customlayer;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which features of a custom layer a request wants, built from the layer's attribute schema:
 * {@code <attr>=v1,v2} (one of these values) for enum, text, boolean and integer attributes,
 * {@code min_<attr>} and {@code max_<attr>} (inclusive) for integer, number and date attributes, and
 * {@code q} (a text every feature must contain in one of its text attributes, ignoring case). An
 * attribute whose parameter name is taken by a standard parameter ({@code bbox}, {@code limit},
 * {@code after}, {@code q}) or by another attribute's range is not filterable by that name.
 *
 * <p>Equality is tested by JSON containment ({@code attributes @> {"attr": value}}), which the GIN index
 * on {@code layer_feature.attributes} answers; values are compared as the JSON values they are stored as.
 *
 * @param equal per attribute, the JSON values one of which the feature must have (sorted by attribute)
 * @param min per attribute, the smallest value allowed, as the request gave it (a number or an ISO date)
 * @param max per attribute, the largest value allowed
 */
public record CustomLayerFilter(
        CustomLayer layer,
        Map<String, List<Object>> equal,
        Map<String, String> min,
        Map<String, String> max,
        Optional<String> q) {

    /** Parameters every layer's features take besides its filters. */
    static final List<String> STANDARD = List.of("bbox", "limit", "after", "q");

    private static final int MAX_VALUES = 100;
    private static final int MAX_Q = 200;

    /** The filter parameters of {@code layer}, with {@code q} when it has text attributes. */
    public static List<String> parameters(CustomLayer layer) {
        List<String> names = new ArrayList<>();
        if (layer.attributes().stream().anyMatch(a -> a.type().equals("text"))) {
            names.add("q");
        }
        for (CustomAttribute a : layer.attributes()) {
            if (a.equalityFilter() && !STANDARD.contains(a.name())) {
                names.add(a.name());
            }
        }
        for (CustomAttribute a : layer.attributes()) {
            if (a.rangeFilter()) {
                for (String name : List.of("min_" + a.name(), "max_" + a.name())) {
                    if (!names.contains(name) && !STANDARD.contains(name)) {
                        names.add(name);
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    /** Reads the filters of {@code layer} from {@code q}, or throws a 400 naming the parameter that is wrong. */
    public static CustomLayerFilter parse(CustomLayer layer, QueryParameters q) {
        List<String> allowed = parameters(layer);
        Map<String, List<Object>> equal = new TreeMap<>();
        Map<String, String> min = new TreeMap<>();
        Map<String, String> max = new TreeMap<>();
        for (CustomAttribute a : layer.attributes()) {
            if (a.equalityFilter() && allowed.contains(a.name())) {
                q.get(a.name()).ifPresent(text -> equal.put(a.name(), values(a, text)));
            }
            if (a.rangeFilter()) {
                String from = "min_" + a.name();
                String to = "max_" + a.name();
                if (allowed.contains(from)) {
                    q.get(from).ifPresent(text -> min.put(a.name(), bound(a, from, text)));
                }
                if (allowed.contains(to)) {
                    q.get(to).ifPresent(text -> max.put(a.name(), bound(a, to, text)));
                }
                if (min.containsKey(a.name())
                        && max.containsKey(a.name())
                        && compare(a, min.get(a.name()), max.get(a.name())) > 0) {
                    throw InvalidParameterException.of(
                            from, min.get(a.name()) + " is greater than " + to + " " + max.get(a.name()));
                }
            }
        }
        Optional<String> text = allowed.contains("q") ? q.get("q") : Optional.empty();
        text.ifPresent(t -> {
            if (t.length() > MAX_Q) {
                throw InvalidParameterException.of("q", "at most " + MAX_Q + " characters, got " + t.length());
            }
        });
        return new CustomLayerFilter(layer, Map.copyOf(equal), Map.copyOf(min), Map.copyOf(max), text);
    }

    /**
     * The {@code AND …} conditions over feature alias {@code f}, their values bound in {@code params} under
     * names that start with {@code cf_}.
     */
    public String conditions(String f, MapSqlParameterSource params) {
        StringBuilder sql = new StringBuilder();
        int n = 0;
        for (Map.Entry<String, List<Object>> e : new TreeMap<>(equal).entrySet()) {
            sql.append(" AND (");
            for (int i = 0; i < e.getValue().size(); i++) {
                String name = "cf_" + n++;
                sql.append(i == 0 ? "" : " OR ")
                        .append(f)
                        .append(".attributes @> CAST(:")
                        .append(name)
                        .append(" AS jsonb)");
                params.addValue(name, containment(e.getKey(), e.getValue().get(i)));
            }
            sql.append(')');
        }
        n = range(sql, f, params, new TreeMap<>(min), " >= ", n);
        range(sql, f, params, new TreeMap<>(max), " <= ", n);
        q.ifPresent(text -> {
            sql.append(" AND (")
                    .append(layer.attributes().stream()
                            .filter(a -> a.type().equals("text"))
                            .map(a -> a.text(f) + " ILIKE :cf_q")
                            .collect(Collectors.joining(" OR ")))
                    .append(')');
            params.addValue(
                    "cf_q", "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        });
        return sql.toString();
    }

    /** The filter as text: equal filters give equal text (for ETags). */
    public String canonical() {
        return "equal=" + new TreeMap<>(equal) + ";min=" + new TreeMap<>(min) + ";max=" + new TreeMap<>(max) + ";q="
                + q.orElse("");
    }

    private int range(
            StringBuilder sql, String f, MapSqlParameterSource params, Map<String, String> bounds, String op, int n) {
        for (Map.Entry<String, String> e : bounds.entrySet()) {
            CustomAttribute a = layer.attribute(e.getKey()).orElseThrow();
            String name = "cf_" + n++;
            if (a.numeric()) {
                sql.append(" AND ").append(a.number(f)).append(op).append(':').append(name);
                params.addValue(name, new BigDecimal(e.getValue()));
            } else {
                // ISO dates compare in order as text, and a malformed stored date cannot fail a cast
                sql.append(" AND ").append(a.text(f)).append(op).append(':').append(name);
                params.addValue(name, e.getValue());
            }
        }
        return n;
    }

    /** {@code {"attribute": value}}, the JSON a feature's attributes must contain. */
    private static String containment(String attribute, Object value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (value instanceof Boolean b) {
            node.put(attribute, b);
        } else if (value instanceof Long n) {
            node.put(attribute, n);
        } else {
            node.put(attribute, (String) value);
        }
        return node.toString();
    }

    private static List<Object> values(CustomAttribute a, String text) {
        List<String> parts = Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
        if (parts.size() > MAX_VALUES) {
            throw InvalidParameterException.of(a.name(), "at most " + MAX_VALUES + " values, got " + parts.size());
        }
        List<Object> values = new ArrayList<>();
        for (String p : parts) {
            values.add(
                    switch (a.type()) {
                        case "enum" -> {
                            List<String> allowed = a.values().stream()
                                    .map(CustomAttribute.EnumValue::value)
                                    .toList();
                            if (!allowed.contains(p)) {
                                throw InvalidParameterException.of(
                                        a.name(),
                                        "'" + QueryParameters.abbreviate(p) + "' is not one of its values: "
                                                + String.join(", ", allowed));
                            }
                            yield p;
                        }
                        case "boolean" -> {
                            if (!p.equals("true") && !p.equals("false")) {
                                throw InvalidParameterException.of(
                                        a.name(), "must be true or false, got '" + QueryParameters.abbreviate(p) + "'");
                            }
                            yield Boolean.valueOf(p);
                        }
                        case "integer" -> {
                            try {
                                yield Long.parseLong(p);
                            } catch (NumberFormatException e) {
                                throw InvalidParameterException.of(
                                        a.name(),
                                        "must be whole numbers separated by commas, got '"
                                                + QueryParameters.abbreviate(p) + "'");
                            }
                        }
                        default -> p;
                    });
        }
        return List.copyOf(values);
    }

    /** A range bound, checked for the attribute's type and given back in a canonical form. */
    private static String bound(CustomAttribute a, String parameter, String text) {
        if (a.type().equals("date")) {
            try {
                return LocalDate.parse(text).toString();
            } catch (DateTimeParseException e) {
                throw InvalidParameterException.of(
                        parameter, "must be a date such as 2026-03-01, got '" + QueryParameters.abbreviate(text) + "'");
            }
        }
        try {
            BigDecimal n = new BigDecimal(text);
            if (a.type().equals("integer") && n.stripTrailingZeros().scale() > 0) {
                throw new NumberFormatException();
            }
            if (n.abs().compareTo(new BigDecimal("1e30")) > 0) {
                throw new NumberFormatException();
            }
            return n.toPlainString();
        } catch (NumberFormatException e) {
            throw InvalidParameterException.of(
                    parameter,
                    "must be " + (a.type().equals("integer") ? "a whole number" : "a number") + ", got '"
                            + QueryParameters.abbreviate(text) + "'");
        }
    }

    private static int compare(CustomAttribute a, String x, String y) {
        return a.numeric() ? new BigDecimal(x).compareTo(new BigDecimal(y)) : x.compareTo(y);
    }
}
