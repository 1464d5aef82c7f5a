package kz.adalmap.importers.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.report.Detail;
import org.assertj.core.api.SoftAssertions;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the problems real imports stored against the map's texts ({@code issueDetail.<key>} in
 * {@code web-map}'s {@code i18n/en.json}, {@code kk.json}, {@code ru.json}): every key written has
 * a template in each language, each template names exactly the values written with it, and the
 * English template filled with them is the message, word for word; so for the details among its
 * values (a field, a code), in lists too, and a name in each language ({@link Detail.Names}) has
 * all three. The keys come from the database, not from a list kept by hand.
 */
final class IssueDetails {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** The templates of {@code lang}: key → template, a text or its forms by plural category. */
    static Map<String, Object> templates(String lang) {
        Path file = file(lang);
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) texts(lang).get("issueDetail");
        assertThat(details).as("issueDetail in " + file).isNotNull();
        return details;
    }

    /** The map's texts in {@code lang}, as its {@code i18n/<lang>.json} holds them. */
    static Map<String, Object> texts(String lang) {
        try {
            return JSON.readValue(Files.readString(file(lang)), new TypeReference<>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How language {@code lang} writes a detail, as the API's report in that language does. */
    static Detail.Words words(String lang) {
        return Detail.Words.of(lang, texts(lang));
    }

    private static Path file(String lang) {
        // the web-map module beside this one: the pages load the same files
        return Path.of("..", "web-map", "src", "main", "resources", "META-INF", "resources", "i18n", lang + ".json");
    }

    /** English as the messages are written, with the English templates for the details inside one. */
    static Detail.Words english(Map<String, Object> templates) {
        return new Detail.Words() {
            @Override
            public String or() {
                return Detail.English.WORDS.or();
            }

            @Override
            public String number(String plain) {
                return Detail.English.WORDS.number(plain);
            }

            @Override
            public Object template(String key) {
                return templates.get(key);
            }

            @Override
            public String language() {
                return "en";
            }
        };
    }

    /**
     * Asserts that every problem stored in {@code db} has a detail and is worded in each language;
     * returns the keys seen.
     */
    static Set<String> assertWorded(PgTarget db) throws SQLException {
        Map<String, Map<String, Object>> languages = new LinkedHashMap<>();
        for (String lang : new String[] {"en", "kk", "ru"}) {
            languages.put(lang, templates(lang));
        }
        Set<String> seen = new TreeSet<>();
        SoftAssertions softly = new SoftAssertions();
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT DISTINCT ON (detail ->> 'key', code) code, message, detail::text FROM import_issue"
                                + " ORDER BY detail ->> 'key', code, id")) {
            while (rs.next()) {
                String code = rs.getString(1);
                String message = rs.getString(2);
                if (rs.getString(3) == null) {
                    softly.fail("the problem of code " + code + " has no detail: " + message);
                    continue;
                }
                Map<String, Object> detail = JSON.readValue(rs.getString(3), new TypeReference<>() {});
                check(detail, languages, softly, seen, message);
                softly.assertThat(Detail.render(
                                Detail.form(
                                        languages.get("en").getOrDefault((String) detail.get("key"), ""), "en", detail),
                                detail,
                                english(languages.get("en"))))
                        .as("the English template of " + detail.get("key") + " filled")
                        .isEqualTo(message);
            }
        }
        softly.assertAll();
        return seen;
    }

    @SuppressWarnings("unchecked")
    private static void check(
            Map<String, Object> detail,
            Map<String, Map<String, Object>> languages,
            SoftAssertions softly,
            Set<String> seen,
            String message) {
        String key = (String) detail.get("key");
        seen.add(key);
        Set<String> names = new TreeSet<>(detail.keySet());
        names.remove("key");
        languages.forEach((lang, templates) -> {
            Object template = templates.get(key);
            softly.assertThat(template)
                    .as(lang + ": issueDetail." + key + " (" + message + ")")
                    .isNotNull();
            // a text, or each of its forms by plural category
            for (Object form :
                    template instanceof Map<?, ?> forms ? forms.values() : java.util.Collections.singleton(template)) {
                if (form != null) {
                    softly.assertThat(Detail.placeholders((String) form))
                            .as(lang + ": the values issueDetail." + key + " names")
                            .isEqualTo(names);
                }
            }
        });
        for (Object value : detail.values()) {
            for (Object item : value instanceof List<?> list ? list : List.of(value)) {
                if (item instanceof Map<?, ?> nested && nested.containsKey("key")) {
                    check((Map<String, Object>) nested, languages, softly, seen, message);
                } else if (item instanceof Map<?, ?> inLanguages) {
                    // a name in each language (Detail.Names)
                    softly.assertThat(new TreeSet<Object>(inLanguages.keySet()))
                            .as("a name in each language in issueDetail." + key + " (" + message + ")")
                            .isEqualTo(new TreeSet<Object>(languages.keySet()));
                    inLanguages
                            .values()
                            .forEach(name -> softly.assertThat(name instanceof String s && !s.isBlank())
                                    .as("a name in issueDetail." + key + " (" + message + "): " + name)
                                    .isTrue());
                }
            }
        }
    }

    private IssueDetails() {}
}
