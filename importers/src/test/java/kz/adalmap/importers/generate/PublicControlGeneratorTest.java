package kz.adalmap.importers.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The generated public-control files: counts per city, plausible amounts and dates, and the same for the same seed. */
class PublicControlGeneratorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<DemoCity> CITIES = DemoCity.byCodes("oskemen,semey");

    @TempDir
    static Path work;

    static List<JsonNode> budget;
    static List<JsonNode> accessibility;
    static List<JsonNode> offices;

    @BeforeAll
    static void generate() throws IOException {
        new PublicControlGenerator(new PublicControlGenerator.Options(CITIES, 750, 7)).generate(work.resolve("a"));
        budget = features(work.resolve("a/budget-objects.geojson"));
        accessibility = features(work.resolve("a/accessibility.geojson"));
        offices = features(work.resolve("a/service-offices.geojson"));
    }

    private static List<JsonNode> features(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(file.toFile()).path("features").forEach(out::add);
        return out;
    }

    @Test
    void writesTheSameBytesForTheSameSeedAndOtherPlacesForAnother() throws IOException {
        new PublicControlGenerator(new PublicControlGenerator.Options(CITIES, 750, 7)).generate(work.resolve("b"));
        new PublicControlGenerator(new PublicControlGenerator.Options(CITIES, 750, 8)).generate(work.resolve("c"));
        for (String layer : PublicControlGenerator.LAYERS) {
            byte[] a = Files.readAllBytes(work.resolve("a/" + layer + ".geojson"));
            assertThat(Files.readAllBytes(work.resolve("b/" + layer + ".geojson")))
                    .as(layer)
                    .isEqualTo(a);
            assertThat(Files.readAllBytes(work.resolve("c/" + layer + ".geojson")))
                    .as(layer)
                    .isNotEqualTo(a);
        }
    }

    @Test
    void writesTheSameNumberOfObjectsForEveryCityWithUniqueKeys() {
        assertThat(budget).hasSize(2 * PublicControlGenerator.BUDGET_OBJECTS);
        assertThat(accessibility).hasSize(2 * PublicControlGenerator.ACCESSIBLE);
        assertThat(offices).hasSize(2 * PublicControlGenerator.OFFICES);
        assertThat(budget.stream()
                        .filter(f -> text(f, "object_id").startsWith("semey-"))
                        .count())
                .isEqualTo(PublicControlGenerator.BUDGET_OBJECTS);
        assertThat(unique(budget, "object_id")).hasSize(budget.size());
        assertThat(unique(accessibility, "object_id")).hasSize(accessibility.size());
        assertThat(unique(offices, "office_id")).hasSize(offices.size());
    }

    @Test
    void placesObjectsWithinAFewKilometresOfTheirCity() {
        for (List<JsonNode> layer : List.of(budget, accessibility, offices)) {
            for (JsonNode f : layer) {
                String id = f.path("properties").propertyNames().iterator().next();
                DemoCity city = DemoCity.byCode(text(f, id).split("-")[0]);
                JsonNode at = f.path("geometry").path("coordinates");
                double dx = (at.get(0).asDouble() - city.lon()) * 111_320 * Math.cos(Math.toRadians(city.lat()));
                double dy = (at.get(1).asDouble() - city.lat()) * 110_574;
                assertThat(Math.hypot(dx, dy)).as(text(f, id)).isLessThan(3000);
            }
        }
    }

    @Test
    void keepsSpendingWithinTheAllocationSaveForAFewOverspentObjects() {
        long overspent = 0;
        for (JsonNode f : budget) {
            JsonNode p = f.path("properties");
            long allocated = p.path("allocated_kzt").asLong();
            long spent = p.path("spent_kzt").asLong();
            String status = p.path("status").asString();
            assertThat(allocated).as(text(f, "object_id")).isBetween(12_000_000L, 2_500_000_000L);
            assertThat(spent).isNotNegative();
            if (spent > allocated) {
                overspent++;
                assertThat(status).as(text(f, "object_id")).isEqualTo("completed");
            }
            LocalDate start = LocalDate.parse(p.path("start_date").asString());
            assertThat(LocalDate.parse(p.path("end_date").asString())).isAfter(start);
            assertThat(p.path("year").asInt()).isEqualTo(start.getYear());
            int progress = p.path("progress_pct").asInt();
            assertThat(progress).isBetween(0, 100);
            switch (status) {
                case "planned" -> assertThat(spent + progress).isZero();
                case "completed" -> assertThat(progress).isEqualTo(100);
                default -> assertThat(progress).isLessThan(100);
            }
        }
        assertThat(overspent).isPositive().isLessThan(budget.size() / 5);
    }

    @Test
    void hasObjectsPaidInFullWithNothingDoneForTwoYears() {
        LocalDate twoYearsAgo = CadastreGenerator.REFERENCE_DAY.minusYears(2);
        List<String> suspicious = budget.stream()
                .map(f -> f.path("properties"))
                .filter(p -> p.path("spent_kzt").asLong()
                                == p.path("allocated_kzt").asLong()
                        && p.path("progress_pct").asInt() == 0
                        && !LocalDate.parse(p.path("start_date").asString()).isAfter(twoYearsAgo))
                .map(p -> p.path("object_id").asString())
                .toList();
        assertThat(suspicious).hasSize(2 * PublicControlGenerator.SUSPICIOUS);
    }

    @Test
    void givesAdaptedBuildingsTheEssentialsAndOfficesHoursInOsmForm() {
        for (JsonNode f : accessibility) {
            JsonNode p = f.path("properties");
            if (p.path("adaptation").asString().equals("adapted")) {
                assertThat(p.path("ramp").asBoolean()
                                && p.path("wide_doors").asBoolean()
                                && p.path("accessible_toilet").asBoolean())
                        .as(text(f, "object_id"))
                        .isTrue();
            }
            assertThat(p.path("lift").isBoolean()).isTrue();
            assertThat(p.path("wheelchair_accessible").asBoolean())
                    .as(text(f, "object_id"))
                    .isEqualTo(p.path("ramp").asBoolean()
                            && p.path("wide_doors").asBoolean()
                            && p.path("accessible_toilet").asBoolean());
        }
        assertThat(unique(accessibility, "adaptation")).containsExactlyInAnyOrder("adapted", "partly", "not_adapted");
        for (JsonNode f : offices) {
            assertThat(text(f, "hours"))
                    .matches("Mo-Fr \\d\\d:\\d\\d-\\d\\d:\\d\\d(; Sa \\d\\d:\\d\\d-\\d\\d:\\d\\d)?");
        }
        assertThat(unique(offices, "kind"))
                .containsExactlyInAnyOrder("front_office", "service_akimat", "public_service_centre");
    }

    private static String text(JsonNode feature, String property) {
        return feature.path("properties").path(property).asString();
    }

    private static Set<String> unique(List<JsonNode> features, String property) {
        Set<String> out = new HashSet<>();
        features.forEach(f -> out.add(text(f, property)));
        return out;
    }
}
