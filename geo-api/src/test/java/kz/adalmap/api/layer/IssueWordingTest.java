package kz.adalmap.api.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import kz.adalmap.importers.publish.LayerImporter;
import org.junit.jupiter.api.Test;

/** A report's problems in the CSV's language, from their detail and the map's templates. */
class IssueWordingTest {

    private static LayerImporter.Issue issue(String message, Map<String, Object> detail) {
        return new LayerImporter.Issue(3L, "warning", "overlap", message, detail);
    }

    @Test
    void wordsNumbersWithADecimalComma() {
        LayerImporter.Issue overlap = issue(
                "overlaps row 12 by 35.2 % of the smaller plot",
                Map.of("key", "overlap", "row", 12, "share", new BigDecimal("35.2")));
        assertThat(IssueWording.of("ru").word(overlap)).isEqualTo("перекрывает строку 12 на 35,2 % меньшего участка");
        assertThat(IssueWording.of("kk").word(overlap))
                .isEqualTo("12-жолмен кішірек учаскенің 35,2 %-ы бойынша қабаттасады");
    }

    @Test
    void quotesTheFileAsItIsAndJoinsListsInTheLanguage() {
        LayerImporter.Issue missing = issue(
                "the plot has no status (field status or статус)",
                Map.of("key", "missing_status", "fields", List.of("status", "статус")));
        assertThat(IssueWording.of("ru").word(missing)).isEqualTo("у участка нет статуса (поле status или статус)");
        LayerImporter.Issue unknown = issue(
                "the status '<b>1.5</b>' is not known",
                Map.of("key", "unknown_status", "value", "<b>1.5</b>", "codes", List.of("free", "allocated")));
        assertThat(IssueWording.of("kk").word(unknown))
                .startsWith("«<b>1.5</b>» мәртебесі белгісіз")
                .endsWith("(белгілі кодтар: free, allocated)");
    }

    @Test
    void keepsTheEnglishMessageOfAProblemWithoutADetailOrOfAnUnknownKey() {
        assertThat(IssueWording.of("ru").word(issue("stored before V035", null)))
                .isEqualTo("stored before V035");
        assertThat(IssueWording.of("kk").word(issue("a newer importer's", Map.of("key", "no_such_key"))))
                .isEqualTo("a newer importer's");
    }
}
