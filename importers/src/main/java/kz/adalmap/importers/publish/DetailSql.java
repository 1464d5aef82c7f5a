package kz.adalmap.importers.publish;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.adalmap.importers.report.Detail;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL that words a problem for each row it is found in: the English {@code message} and the
 * {@code detail} ({@link Detail}: the key and the values), both made from one template and the same
 * expressions, so the two cannot disagree. A value may be a {@code DetailSql} itself, worded by its
 * own template.
 *
 * @param message an SQL expression of type text
 * @param detail an SQL expression of type jsonb
 */
record DetailSql(String message, String detail) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)(\\|or)?\\}");

    /**
     * A value known in Java when the SQL is written (a profile's field names, a region's name), not
     * one per row: a text, a number, a {@link Detail} or {@link Detail.Names}, or a list of them.
     */
    record Known(Object value) {}

    static Known known(Object value) {
        return new Known(value);
    }

    /**
     * A value of the row with a name in each language, {@code names} (SQL of type jsonb:
     * {@code {"kk": …, "ru": …, "en": …}}), kept so in the detail, as a region's names are, and said
     * by its English one in the message.
     */
    record Named(String names) {}

    /**
     * A list of the row's numbers, {@code array} (SQL of an integer array), kept as a list in the
     * detail (so the rows it names are read as the file numbers them, {@link RowReferences}) and
     * written joined by ", " in the message.
     */
    record Listed(String array) {}

    static Listed listed(String array) {
        return new Listed(array);
    }

    /**
     * The names of layer {@code l} (SQL alias of a row of {@code layer}) in each language: its title
     * there, or its code where it was given none (an import stores the code as the title).
     */
    static Named layerNames(String l) {
        StringBuilder names = new StringBuilder("jsonb_build_object(");
        for (String language : List.of("kk", "ru", "en")) {
            names.append(language.equals("kk") ? "" : ", ")
                    .append(FeatureValidation.literal(language))
                    .append(", coalesce(nullif(")
                    .append(l)
                    .append(".title_")
                    .append(language)
                    .append(", ''), ")
                    .append(l)
                    .append(".code)");
        }
        return new Named(names.append(")").toString());
    }

    /**
     * The detail of key {@code key}, its English {@code template} filled with {@code namesAndValues}
     * (name, value…): each value an SQL expression over the row (a {@link String}), or a {@link Known}.
     */
    static DetailSql of(String key, String template, Object... namesAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equals("key")) {
                // the detail's own key would be overwritten by it
                throw new IllegalArgumentException("the template of " + key + " names a value 'key'");
            }
            values.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        if (!Detail.placeholders(template).equals(new java.util.TreeSet<>(values.keySet()))) {
            throw new IllegalArgumentException("the template of " + key + " names " + Detail.placeholders(template)
                    + ", given " + values.keySet());
        }
        List<String> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(FeatureValidation.literal(template.substring(at, m.start())));
            }
            Object value = values.get(m.group(1));
            if (value instanceof DetailSql nested) {
                parts.add("(" + nested.message + ")");
            } else if (value instanceof Named n) {
                parts.add("((" + n.names() + ") ->> 'en')");
            } else if (value instanceof Listed l) {
                parts.add(cut("array_to_string(" + l.array() + ", ', ')"));
            } else if (value instanceof Known k) {
                parts.add(FeatureValidation.literal(Detail.render(
                        m.group(), Map.of(m.group(1), Detail.englishOf(k.value())), Detail.English.WORDS)));
            } else if (m.group(2) != null) {
                throw new IllegalArgumentException(m.group() + " of " + key + " takes a list known in Java");
            } else {
                parts.add(cut("(" + value + ")::text"));
            }
            at = m.end();
        }
        if (at < template.length() || parts.isEmpty()) {
            parts.add(FeatureValidation.literal(template.substring(at)));
        }
        StringBuilder detail = new StringBuilder("jsonb_build_object('key', ").append(FeatureValidation.literal(key));
        values.forEach((name, value) -> detail.append(", ")
                .append(FeatureValidation.literal(name))
                .append(", ")
                .append(jsonValue(value)));
        return new DetailSql(String.join(" || ", parts), detail.append(")").toString());
    }

    /**
     * A wording for each value of {@code value} (SQL over the row): {@code words} holds, per value,
     * the key and the English template of its wording (templates without values); {@code otherwise}
     * for a value none names.
     */
    static DetailSql byValue(String value, String[][] words, DetailSql otherwise) {
        DetailSql said = otherwise;
        for (int i = words.length - 1; i >= 0; i--) {
            said = when(value + " = " + FeatureValidation.literal(words[i][0]), of(words[i][1], words[i][2]), said);
        }
        return said;
    }

    /** One of two wordings, as {@code condition} (SQL over the row) holds or not. */
    static DetailSql when(String condition, DetailSql then, DetailSql otherwise) {
        return new DetailSql(
                "CASE WHEN " + condition + " THEN " + then.message + " ELSE " + otherwise.message + " END",
                "CASE WHEN " + condition + " THEN " + then.detail + " ELSE " + otherwise.detail + " END");
    }

    private static String jsonValue(Object value) {
        if (value instanceof DetailSql nested) {
            return nested.detail;
        }
        if (value instanceof Named n) {
            return "(" + n.names() + ")";
        }
        if (value instanceof Listed l) {
            return "to_jsonb(" + l.array() + ")";
        }
        if (value instanceof Known k) {
            return FeatureValidation.literal(JsonMapper.builder().build().writeValueAsString(Detail.stored(k.value())))
                    + "::jsonb";
        }
        // a text of the file, as a number or anything else, kept as jsonb_build_object keeps it
        return "(SELECT CASE WHEN jsonb_typeof(j) = 'string' AND length(j #>> '{}') > " + Detail.LONGEST_VALUE
                + " THEN to_jsonb(" + cut("j #>> '{}'") + ") ELSE j END"
                + " FROM (SELECT jsonb_build_object('v', (" + value + ")) -> 'v' AS j) v)";
    }

    /**
     * SQL: the text {@code text} (SQL of type text) cut to its first {@link Detail#LONGEST_VALUE}
     * characters and «…» when longer: a report quotes a cell, and a cell may hold a whole outline.
     */
    private static String cut(String text) {
        return "(SELECT CASE WHEN length(t) > " + Detail.LONGEST_VALUE + " THEN left(t, " + Detail.LONGEST_VALUE
                + ") || '…' ELSE t END FROM (SELECT " + text + " AS t) t)";
    }
}
