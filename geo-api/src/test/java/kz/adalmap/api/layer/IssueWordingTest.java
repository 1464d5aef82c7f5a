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
                .startsWith("«<b>1.5</b>» мәртебесі белгісіз: ұяшықты белгілі сөздердің біріне түзетіңіз")
                .contains("(free, allocated)");
    }

    @Test
    void aProblemStoredWhenItsCountWasNamedTimesIsWordedAsBefore() {
        // as an earlier version stored it: the number of times under the name «times»
        LayerImporter.Issue duplicate = issue(
                "the cadastral number 05-085-012-001 appears 3 times in the file (rows 2, 5, 9); none of them was"
                        + " imported",
                Map.of(
                        "key",
                        "duplicate_cadastral_number",
                        "number",
                        "05-085-012-001",
                        "times",
                        3,
                        "rows",
                        List.of(2, 5, 9)));
        assertThat(IssueWording.of("ru").word(duplicate))
                .isEqualTo("кадастровый номер 05-085-012-001 встречается в файле 3 раза (строки 2, 5, 9); ни одна из"
                        + " них не загружена");
    }

    @Test
    void wordsAfterANumberTakeTheFormTheNumberNeeds() {
        for (Object[] c : new Object[][] {{10022, "раза"}, {5, "раз"}, {21, "раз"}, {3, "раза"}, {12, "раз"}}) {
            LayerImporter.Issue mismatch = issue(
                    "the declared area 80 ha differs from the drawn area 0.8 ha by 9900.0 %: " + c[0]
                            + " times the drawn area",
                    Map.of(
                            "key",
                            "area_mismatch_times_more",
                            "declared",
                            80,
                            "drawn",
                            new BigDecimal("0.8"),
                            "difference",
                            new BigDecimal("9900.0"),
                            "count",
                            c[0]));
            assertThat(IssueWording.of("ru").word(mismatch))
                    .endsWith(": в " + c[0] + " " + c[1] + " больше площади по контуру");
            assertThat(IssueWording.of("kk").word(mismatch))
                    .endsWith(": контур бойынша ауданнан " + c[0] + " есе үлкен");
        }
    }

    @Test
    void namesARegionInTheReadersLanguage() {
        LayerImporter.Issue outside = issue(
                "the plot lies outside your region (East Kazakhstan): you may not import it",
                Map.of(
                        "key",
                        "outside_region_plot",
                        "regions",
                        List.of(Map.of(
                                "kk", "Шығыс Қазақстан облысы",
                                "ru", "Восточно-Казахстанская область",
                                "en", "East Kazakhstan"))));
        assertThat(IssueWording.of("ru").word(outside))
                .isEqualTo("участок лежит вне вашего региона (Восточно-Казахстанская область): вы не можете его"
                        + " загрузить");
        assertThat(IssueWording.of("kk").word(outside))
                .startsWith("учаске сіздің өңіріңізден (Шығыс Қазақстан облысы)");
    }

    @Test
    void keepsTheEnglishMessageOfAProblemWithoutADetailOrOfAnUnknownKey() {
        assertThat(IssueWording.of("ru").word(issue("stored before V035", null)))
                .isEqualTo("stored before V035");
        assertThat(IssueWording.of("kk").word(issue("a newer importer's", Map.of("key", "no_such_key"))))
                .isEqualTo("a newer importer's");
    }
}
