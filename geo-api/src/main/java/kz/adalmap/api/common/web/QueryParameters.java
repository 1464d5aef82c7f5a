package kz.adalmap.api.common.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.util.MultiValueMap;

/**
 * The query parameters of one request, read with clear errors: unknown parameters are rejected,
 * not ignored, and a parameter given twice is an error rather than a silent choice.
 */
public final class QueryParameters {

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Rejects any parameter not in {@code allowed}. */
    public static QueryParameters of(MultiValueMap<String, String> params, List<String> allowed) {
        for (String name : params.keySet()) {
            if (!allowed.contains(name)) {
                throw InvalidParameterException.unknown(name, allowed);
            }
        }
        return new QueryParameters(params);
    }

    /** The single value of {@code name}, or empty when absent or blank. */
    public Optional<String> get(String name) {
        List<String> v = values.get(name);
        if (v == null || v.isEmpty()) {
            return Optional.empty();
        }
        if (v.size() > 1) {
            throw InvalidParameterException.of(name, "given " + v.size() + " times; give it once");
        }
        return Optional.of(v.get(0).strip()).filter(s -> !s.isEmpty());
    }

    /** A whole number from {@code min} to {@code max}, or {@code fallback} when absent. */
    public int intInRange(String name, int min, int max, int fallback) {
        return get(name)
                .map(s -> {
                    try {
                        int n = Integer.parseInt(s);
                        if (n >= min && n <= max) {
                            return n;
                        }
                    } catch (NumberFormatException e) {
                        // reported below with the allowed range
                    }
                    throw InvalidParameterException.of(
                            name,
                            "must be a whole number from " + min + " to " + max + ", got '" + abbreviate(s) + "'");
                })
                .orElse(fallback);
    }

    /** A keyset cursor: the id of the last feature of the previous page, as its next link gave it; 0 when absent. */
    public long cursor(String name) {
        return get(name)
                .map(text -> {
                    try {
                        long id = Long.parseLong(text);
                        if (id >= 0) {
                            return id;
                        }
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                    throw InvalidParameterException.of(
                            name,
                            "must be the cursor from the previous page's next link " + "(a whole number), got '"
                                    + abbreviate(text) + "'");
                })
                .orElse(0L);
    }

    /** Shortens a client's value for an error message, so a huge or hostile value is not echoed whole. */
    public static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }
}
