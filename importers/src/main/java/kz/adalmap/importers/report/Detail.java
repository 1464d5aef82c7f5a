package kz.adalmap.importers.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One problem of an import report as a reader words it: the key of its template and the values the
 * template names, with the English message made from the same template and values. The templates of
 * every language live in the map's texts ({@code issueDetail.<key>} in {@code i18n/en.json},
 * {@code kk.json}, {@code ru.json}); the English one there is the template given here.
 *
 * <p>A template names a value as {@code {name}}; a list of values as {@code {name}} (joined with
 * ", ") or {@code {name|or}} (joined with the language's "or"). Values quoted from the file (a
 * field's name, a cell's text, GDAL's words) are never translated. Numbers are {@link Long},
 * {@link Integer} or {@link BigDecimal}, written in the reader's convention (a decimal comma in
 * Kazakh and Russian). A value may itself be a detail (a JSON object with its own {@code key}),
 * worded by its own template: why a geometry is invalid, inside the sentence that says what
 * became of it; so may an item of a list.
 *
 * @param message the English message, as the command line and the API's {@code message} give it
 * @param params the key ({@code "key"}) and the values, in the template's order
 */
@SuppressWarnings("unchecked")
public record Detail(String message, Map<String, Object> params) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)(\\|or)?\\}");

    public Detail {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public String key() {
        return (String) params.get("key");
    }

    /**
     * The detail of key {@code key}, its English {@code template} filled with {@code namesAndValues}
     * (name, value, name, value…).
     */
    public static Detail of(String key, String template, Object... namesAndValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Object> english = new LinkedHashMap<>();
        params.put("key", key);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equals("key")) {
                // the detail's own key would be overwritten by it
                throw new IllegalArgumentException("the template of " + key + " names a value 'key'");
            }
            Object value = namesAndValues[i + 1];
            params.put((String) namesAndValues[i], stored(value));
            english.put((String) namesAndValues[i], englishOf(value));
        }
        java.util.Set<String> given = new java.util.TreeSet<>(params.keySet());
        given.remove("key");
        if (!placeholders(template).equals(given)) {
            throw new IllegalArgumentException("the template of " + key + " names " + placeholders(template)
                    + ", the values given are " + params.keySet());
        }
        return new Detail(render(template, english, English.WORDS), params);
    }

    /** A value as it is kept: a detail as its key and values, in a list too. */
    private static Object stored(Object value) {
        if (value instanceof Detail d) {
            return d.params();
        }
        return value instanceof List<?> list ? list.stream().map(Detail::stored).toList() : value;
    }

    /** A value as the English message says it: a detail as its message, in a list too. */
    private static Object englishOf(Object value) {
        if (value instanceof Detail d) {
            return d.message();
        }
        return value instanceof List<?> list
                ? list.stream().map(Detail::englishOf).toList()
                : value;
    }

    /** The names a template fills, in alphabetical order. */
    public static java.util.SortedSet<String> placeholders(String template) {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** How a language writes numbers and lists. */
    public interface Words {
        /** The word between the last two items of an "or" list, spaces included: " or ". */
        String or();

        /** A number as the language writes it, from its plain decimal form ("35.2"). */
        String number(String plain);

        /** The template of {@code key} in the language, for a value that is a detail itself; null when none. */
        String template(String key);
    }

    /** English: numbers as PostgreSQL writes them, the form the messages always had. */
    public enum English implements Words {
        WORDS;

        @Override
        public String or() {
            return " or ";
        }

        @Override
        public String number(String plain) {
            return plain;
        }

        @Override
        public String template(String key) {
            return null;
        }
    }

    /**
     * {@code template} with every {@code {name}} replaced by its value in {@code params}; a name
     * without a value stays as it is written. Lists of values (JSON arrays) are joined with ", ", or
     * with {@link Words#or()} for {@code {name|or}}.
     */
    public static String render(String template, Map<String, ?> params, Words words) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = params.get(m.group(1));
            String text = !params.containsKey(m.group(1))
                    ? m.group()
                    : value instanceof List<?> list
                            ? join(list, m.group(2) != null ? words.or() : ", ", words)
                            : text(value, words);
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String join(List<?> values, String separator, Words words) {
        List<String> texts = new ArrayList<>();
        for (Object v : values) {
            texts.add(text(v, words));
        }
        return String.join(separator, texts);
    }

    private static String text(Object value, Words words) {
        if (value instanceof Map<?, ?> nested && nested.get("key") instanceof String key) {
            String template = words.template(key);
            return template == null ? key : render(template, (Map<String, ?>) nested, words);
        }
        if (value instanceof BigDecimal d) {
            return words.number(d.toPlainString());
        }
        if (value instanceof Number n) {
            return words.number(n.toString());
        }
        return String.valueOf(value);
    }
}
