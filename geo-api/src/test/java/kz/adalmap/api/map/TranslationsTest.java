package kz.adalmap.api.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kz.adalmap.importers.source.SourceProblem;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The map's texts in Kazakh, Russian and English, as the pages load them: each language has every
 * text the others have, and the editor's page can word every kind of failed import.
 */
class TranslationsTest {

    private static final Map<String, JsonNode> TEXTS =
            Stream.of("kk", "ru", "en").collect(Collectors.toMap(lang -> lang, TranslationsTest::load));

    private static JsonNode load(String lang) {
        try (InputStream in =
                TranslationsTest.class.getResourceAsStream("/META-INF/resources/i18n/" + lang + ".json")) {
            assertThat(in).as(lang + ".json on the classpath").isNotNull();
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The plural categories a text may come in (Intl.PluralRules): «1 номер», «3 номера», «5 номеров». */
    private static final Set<String> PLURAL = Set.of("zero", "one", "two", "few", "many", "other");

    private static Set<String> keys(JsonNode node, String prefix) {
        Set<String> keys = new TreeSet<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getValue().isObject()
                    && e.getValue().has("other")
                    && e.getValue().propertyNames().stream().allMatch(PLURAL::contains)) {
                // one text in the forms its language needs, each naming the same values
                String other = e.getValue().get("other").asString();
                for (Map.Entry<String, JsonNode> form : e.getValue().properties()) {
                    assertThat(form.getValue().asString())
                            .as(prefix + e.getKey() + " " + form.getKey())
                            .isNotBlank();
                    assertThat(kz.adalmap.importers.report.Detail.placeholders(
                                    form.getValue().asString()))
                            .as(prefix + e.getKey() + " " + form.getKey())
                            .isEqualTo(kz.adalmap.importers.report.Detail.placeholders(other));
                }
                keys.add(prefix + e.getKey());
            } else if (e.getValue().isObject()) {
                keys.addAll(keys(e.getValue(), prefix + e.getKey() + "."));
            } else {
                assertThat(e.getValue().asString()).as(prefix + e.getKey()).isNotBlank();
                keys.add(prefix + e.getKey());
            }
        }
        return keys;
    }

    @Test
    void everyLanguageHasEveryText() {
        Set<String> english = keys(TEXTS.get("en"), "");
        assertThat(keys(TEXTS.get("ru"), "")).isEqualTo(english);
        assertThat(keys(TEXTS.get("kk"), "")).isEqualTo(english);
    }

    @Test
    void everyImportProblemsDetailNamesTheSameValuesInEachLanguage() {
        JsonNode english = TEXTS.get("en").get("issueDetail");
        for (String lang : new String[] {"kk", "ru"}) {
            for (Map.Entry<String, JsonNode> e : english.properties()) {
                // a text in forms by plural category names the same values in each (keys() checks)
                String template = text(TEXTS.get(lang).get("issueDetail").get(e.getKey()));
                assertThat(kz.adalmap.importers.report.Detail.placeholders(template))
                        .as(lang + ": issueDetail." + e.getKey())
                        .isEqualTo(kz.adalmap.importers.report.Detail.placeholders(text(e.getValue())));
            }
        }
    }

    /** A text, or of a text in forms by plural category its form "other". */
    private static String text(JsonNode node) {
        return node.isObject() ? node.get("other").asString() : node.asString();
    }

    @Test
    void everyWordingOfAFailedImportIsInEachLanguageWithTheCodeItNames() {
        for (Map.Entry<String, JsonNode> texts : TEXTS.entrySet()) {
            Set<String> worded = new TreeSet<>();
            texts.getValue().get("failureDetail").properties().forEach(e -> {
                worded.add(e.getKey());
                assertThat(e.getValue().asString())
                        .as(texts.getKey() + ": " + e.getKey())
                        .contains("{code}");
            });
            assertThat(worded)
                    .as(texts.getKey())
                    .isEqualTo(new TreeSet<>(kz.adalmap.importers.publish.FailureWording.KEYS));
        }
    }

    @Test
    void everyKindOfFailedImportIsWordedInEachLanguage() {
        Set<String> codes = new TreeSet<>(Set.of("not_allowed", "bad_request", "restarted", "server"));
        for (SourceProblem p : SourceProblem.values()) {
            codes.add(p.code());
        }
        for (Map.Entry<String, JsonNode> texts : TEXTS.entrySet()) {
            Set<String> worded = new TreeSet<>();
            texts.getValue().get("failure").properties().forEach(e -> worded.add(e.getKey()));
            assertThat(worded).as(texts.getKey()).isEqualTo(codes);
        }
    }
}
