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
 * ", ") or {@code {name|or}} (joined with the language's "or"). A language may give a template in
 * the forms its words take after a number (an object of plural categories, {@code one}, {@code
 * few}, {@code many}, {@code other}: «1 раз», «3 раза», «5 раз»), as the map's other texts do: the
 * form agrees with the value {@code count}. Values quoted from the file (a
 * field's name, a cell's text, GDAL's words) are never translated. Numbers are {@link Long},
 * {@link Integer} or {@link BigDecimal}, written in the reader's convention (a decimal comma in
 * Kazakh and Russian). A value may itself be a detail (a JSON object with its own {@code key}),
 * worded by its own template: why a geometry is invalid, inside the sentence that says what
 * became of it; so may an item of a list. A canonical field ({@link #field}) and a code ({@link
 * #code}) are such details, with no values: the English template is the identifier itself, the
 * Kazakh and Russian ones the name a reader knows. A name the database holds in each language (a
 * region's) is a value of its own, {@link Names}, said in the reader's language.
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
     * The most characters of a text a detail quotes: a cell may hold a whole outline (a WKT in the
     * wrong column), and a report that quoted it would be megabytes long.
     */
    public static final int LONGEST_VALUE = 500;

    /** {@code text} cut to its first {@link #LONGEST_VALUE} characters and «…» when longer. */
    static String cut(String text) {
        return text.codePointCount(0, text.length()) > LONGEST_VALUE
                ? text.substring(0, text.offsetByCodePoints(0, LONGEST_VALUE)) + "…"
                : text;
    }

    /**
     * {@code items} as a detail's value: all of them when there are {@code most} or fewer, else the
     * first {@code most} and how many more ({@code file_names_and_more}).
     */
    public static Object firstOf(List<?> items, int most) {
        return items.size() <= most
                ? items
                : of(
                        "file_names_and_more",
                        "{names} and {more} more",
                        "names",
                        List.copyOf(items.subList(0, most)),
                        "more",
                        items.size() - most);
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
            Object value = namesAndValues[i + 1] instanceof String text ? cut(text) : namesAndValues[i + 1];
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

    /**
     * The canonical field {@code field} (area_declared_ha) as a value: the identifier in English, its
     * name with the identifier in Kazakh and Russian (template {@code canonical_<field>}).
     */
    public static Detail field(String field) {
        return of("canonical_" + field, field);
    }

    /**
     * The code {@code code} of the coded field {@code field} (status free, land_category settlement,
     * right_type, kind) as a value: the code in English, its name with the code in Kazakh and Russian
     * (template {@code code_<field>_<code>}).
     */
    public static Detail code(String field, String code) {
        return of("code_" + field + "_" + code, code);
    }

    /**
     * A name in Kazakh, Russian and English, each said to a reader of its language: a region's, as
     * the database holds it. Kept as a JSON object with the three languages and no {@code key}.
     */
    public record Names(String kk, String ru, String en) {
        /** The object it is kept as. */
        public Map<String, String> kept() {
            Map<String, String> out = new LinkedHashMap<>();
            out.put("kk", kk);
            out.put("ru", ru);
            out.put("en", en);
            return out;
        }
    }

    /** A value as it is kept: a detail as its key and values, names as their object, in a list too. */
    public static Object stored(Object value) {
        if (value instanceof Detail d) {
            return d.params();
        }
        if (value instanceof Names n) {
            return n.kept();
        }
        return value instanceof List<?> list ? list.stream().map(Detail::stored).toList() : value;
    }

    /** A value as the English message says it: a detail as its message, names in English, in a list too. */
    public static Object englishOf(Object value) {
        if (value instanceof Detail d) {
            return d.message();
        }
        if (value instanceof Names n) {
            return n.en();
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

        /**
         * The template of {@code key} in the language, for a value that is a detail itself: a text, or
         * its forms by plural category ({@link #form}); null when none.
         */
        Object template(String key);

        /** The language's code (kk, ru, en): which of a value's {@link Names} it says. */
        String language();

        /**
         * The words of language {@code lang} from its map texts ({@code texts}: its {@code i18n/<lang>.json}
         * as read): the templates of {@code issueDetail}, the "or" of {@code issueDetail.or}, and numbers as
         * the page writes them, with a decimal comma in Kazakh and Russian and a point in English.
         *
         * @throws IllegalArgumentException when the texts have no {@code issueDetail} or {@code issueDetail.or}
         */
        @SuppressWarnings("unchecked")
        static Words of(String lang, Map<String, ?> texts) {
            if (!(texts.get("issueDetail") instanceof Map<?, ?> details)) {
                throw new IllegalArgumentException("the map's texts in " + lang + " have no issueDetail");
            }
            if (!(texts.get("issueDetail.or") instanceof String or)) {
                throw new IllegalArgumentException("the map's texts in " + lang + " have no issueDetail.or");
            }
            Map<String, Object> templates = (Map<String, Object>) details;
            boolean decimalComma = !lang.equals("en");
            return new Words() {
                @Override
                public String or() {
                    return or;
                }

                @Override
                public String number(String plain) {
                    return decimalComma ? plain.replace('.', ',') : plain;
                }

                @Override
                public Object template(String key) {
                    return templates.get(key);
                }

                @Override
                public String language() {
                    return lang;
                }
            };
        }
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
        public Object template(String key) {
            return null;
        }

        @Override
        public String language() {
            return "en";
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

    /**
     * The values of a detail stored before the number its words agree with was named {@code count}:
     * a cadastral number found N times in a file, an area N times the drawn one named it {@code
     * times}. Such a detail is read with {@code count} the same number; any other as it is.
     */
    public static Map<String, Object> withCount(Map<String, Object> values) {
        if (values == null || values.containsKey("count") || !values.containsKey("times")) {
            return values;
        }
        Map<String, Object> counted = new LinkedHashMap<>(values);
        counted.put("count", values.get("times"));
        return counted;
    }

    /**
     * Of {@code template}, a text or its forms by plural category, the text for a detail of {@code
     * values} in {@code language}: the form that agrees with the value {@code count}, {@code other}
     * when the language has no such form or the detail no count.
     */
    public static String form(Object template, String language, Map<?, ?> values) {
        if (!(template instanceof Map<?, ?> forms)) {
            return (String) template;
        }
        Object form = forms.get(pluralCategory(language, values.get("count")));
        return (String) (form != null ? form : forms.get("other"));
    }

    /**
     * The plural category of the number {@code count} in {@code language} (kk, ru, en), by the rules
     * of Unicode's CLDR that the pages' {@code Intl.PluralRules} follows: in Russian «one» for 1, 21,
     * 101, «few» for 2–4, 22–24, «many» for 5–20, 25–30 and the other whole numbers, «other» for
     * fractions; in Kazakh and English «one» for 1 alone. Not a number: «other».
     */
    public static String pluralCategory(String language, Object count) {
        BigDecimal n;
        try {
            n = count instanceof Number number
                    ? new BigDecimal(number.toString())
                    : new BigDecimal(String.valueOf(count));
        } catch (NumberFormatException e) {
            return "other";
        }
        boolean whole = n.signum() == 0 || n.stripTrailingZeros().scale() <= 0;
        if (!whole) {
            return "other";
        }
        long i = n.abs().longValue();
        if (!language.equals("ru")) {
            return i == 1 && n.scale() <= 0 ? "one" : "other";
        }
        if (i % 10 == 1 && i % 100 != 11) {
            return "one";
        }
        if (i % 10 >= 2 && i % 10 <= 4 && (i % 100 < 12 || i % 100 > 14)) {
            return "few";
        }
        return "many";
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
            Object template = words.template(key);
            return template == null
                    ? key
                    : render(form(template, words.language(), nested), (Map<String, ?>) nested, words);
        }
        if (value instanceof Map<?, ?> names && names.get("en") instanceof String english) {
            // a name in each language (Names)
            return names.get(words.language()) instanceof String name ? name : english;
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
