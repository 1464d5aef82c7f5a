package kz.adalmap.api.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import kz.adalmap.importers.publish.LayerImporter;
import kz.adalmap.importers.report.Detail;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * An import problem's detail in Kazakh or Russian for the report's CSV, from the same templates the
 * editor's page uses ({@code issueDetail.<key>} in the map's {@code i18n/<lang>.json}): numbers
 * with a decimal comma, words after a number in the form it needs, what the file says quoted as it is. A problem without a detail (stored
 * before details were kept) or of a key without a template keeps its English message.
 */
final class IssueWording {

    private final Detail.Words words;

    private IssueWording(Detail.Words words) {
        this.words = words;
    }

    /** The wording in {@code lang} (kk or ru), read from the map's texts on the classpath. */
    static IssueWording of(String lang) {
        try (InputStream in = IssueWording.class.getResourceAsStream("/META-INF/resources/i18n/" + lang + ".json")) {
            if (in == null) {
                throw new IllegalStateException("the map's texts in " + lang + " are not on the classpath");
            }
            Map<String, Object> texts = JsonMapper.builder().build().readValue(in, new TypeReference<>() {});
            return new IssueWording(Detail.Words.of(lang, texts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The problem's detail in this language, else its English message. */
    String word(LayerImporter.Issue issue) {
        Map<String, Object> detail = Detail.withCount(issue.detail());
        Object template = detail == null ? null : words.template(String.valueOf(detail.get("key")));
        return template == null
                ? issue.message()
                : Detail.render(Detail.form(template, words.language(), detail), detail, words);
    }
}
