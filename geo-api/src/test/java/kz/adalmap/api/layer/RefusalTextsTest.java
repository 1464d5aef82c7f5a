package kz.adalmap.api.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import kz.adalmap.importers.profile.MappingProfile;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The editor's page words every refusal of the import endpoints, and names every built-in profile, in
 * Kazakh, Russian and English; a code the page does not know would be shown as the server's English.
 */
class RefusalTextsTest {

    @Test
    void everyRefusalIsWordedInEachLanguage() {
        Set<String> codes = new TreeSet<>(Set.of("invalid", "server"));
        for (LayerImportController.Refusal refusal : LayerImportController.Refusal.values()) {
            codes.add(refusal.code());
        }
        for (String lang : new String[] {"kk", "ru", "en"}) {
            Set<String> worded = new TreeSet<>();
            texts(lang).get("refusal").properties().forEach(e -> worded.add(e.getKey()));
            assertThat(worded).as(lang).isEqualTo(codes);
        }
    }

    @Test
    void everyStepTheImporterRefusesHasItsRefusal() {
        for (kz.adalmap.importers.publish.RefusedStepException.Reason reason :
                kz.adalmap.importers.publish.RefusedStepException.Reason.values()) {
            assertThat(LayerImportController.Refusal.ofConflict(
                                    new kz.adalmap.importers.publish.RefusedStepException(reason, "refused"))
                            .code())
                    .isEqualTo(reason.code());
        }
        assertThat(LayerImportController.Refusal.ofConflict(new IllegalStateException("other")))
                .isEqualTo(LayerImportController.Refusal.NOT_POSSIBLE);
    }

    @Test
    void everyBuiltInProfileIsNamedInEachLanguage() {
        for (String lang : new String[] {"kk", "ru", "en"}) {
            Set<String> named = new TreeSet<>();
            texts(lang).get("profileName").properties().forEach(e -> named.add(e.getKey()));
            assertThat(named).as(lang).isEqualTo(new TreeSet<>(MappingProfile.BUILT_IN));
        }
    }

    private static JsonNode texts(String lang) {
        try (InputStream in =
                RefusalTextsTest.class.getResourceAsStream("/META-INF/resources/i18n/" + lang + ".json")) {
            assertThat(in).as(lang + ".json on the classpath").isNotNull();
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
