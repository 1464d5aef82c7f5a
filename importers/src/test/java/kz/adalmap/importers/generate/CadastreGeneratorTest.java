package kz.adalmap.importers.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.index.strtree.STRtree;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The generated files: complete, well-formed, plausible, non-overlapping, and the same for the same seed. */
class CadastreGeneratorTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final GeometryFactory GEOMETRY = new GeometryFactory(new PrecisionModel(), 4326);

    @TempDir
    static Path work;

    static CadastreGenerator.Summary summary;
    static List<JsonNode> plots;
    static List<JsonNode> networks;
    static List<JsonNode> appeals;

    @BeforeAll
    static void generate() throws IOException {
        summary = generate(work.resolve("a"), 7);
        plots = features(work.resolve("a/plots.geojson"));
        networks = features(work.resolve("a/networks.geojson"));
        appeals = features(work.resolve("a/appeals.geojson"));
    }

    private static CadastreGenerator.Summary generate(Path folder, long seed) throws IOException {
        return new CadastreGenerator(
                        new CadastreGenerator.Options(DemoCity.byCodes("oskemen,semey,kokshetau"), 3001, 40, seed))
                .generate(folder);
    }

    private static List<JsonNode> features(Path file) throws IOException {
        JsonNode collection = JSON.readTree(file.toFile());
        assertThat(collection.get("type").asString()).isEqualTo("FeatureCollection");
        List<JsonNode> out = new ArrayList<>();
        collection.get("features").forEach(out::add);
        return out;
    }

    @Test
    void writesExactlyTheAskedNumberOfPlotsSharedAmongCities() {
        assertThat(plots).hasSize(3001);
        assertThat(summary.plots()).isEqualTo(3001);
        Map<String, Integer> perCity = new HashMap<>();
        plots.forEach(p -> perCity.merge(p.get("properties").get("city").asString(), 1, Integer::sum));
        assertThat(perCity)
                .containsExactlyInAnyOrderEntriesOf(Map.of("oskemen", 1001, "semey", 1000, "kokshetau", 1000));
        assertThat(appeals).hasSize(40);
        assertThat(networks).hasSize((int) summary.networks()).isNotEmpty();
    }

    @Test
    void sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
        generate(work.resolve("b"), 7);
        generate(work.resolve("c"), 8);
        for (String file : List.of("plots.geojson", "networks.geojson", "appeals.geojson")) {
            assertThat(Files.mismatch(
                            work.resolve("a").resolve(file), work.resolve("b").resolve(file)))
                    .as(file)
                    .isEqualTo(-1L);
            assertThat(Files.mismatch(
                            work.resolve("a").resolve(file), work.resolve("c").resolve(file)))
                    .as(file)
                    .isNotEqualTo(-1L);
        }
        assertThat(Files.list(work.resolve("b")).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("plots.geojson", "networks.geojson", "appeals.geojson");
    }

    @Test
    void plotsAreValidCounterClockwisePolygonsThatNeverOverlap() {
        STRtree index = new STRtree();
        List<Polygon> polygons = new ArrayList<>();
        for (JsonNode plot : plots) {
            JsonNode geometry = plot.get("geometry");
            assertThat(geometry.get("type").asString()).isEqualTo("Polygon");
            JsonNode ring = geometry.get("coordinates").get(0);
            Coordinate[] coordinates = new Coordinate[ring.size()];
            for (int i = 0; i < ring.size(); i++) {
                coordinates[i] = new Coordinate(
                        ring.get(i).get(0).asDouble(), ring.get(i).get(1).asDouble());
            }
            Polygon polygon = GEOMETRY.createPolygon(coordinates);
            assertThat(polygon.isValid()).as(polygon.toText()).isTrue();
            // RFC 7946 §3.1.6: exterior rings are counter-clockwise
            assertThat(Orientation.isCCW(polygon.getExteriorRing().getCoordinates()))
                    .isTrue();
            polygons.add(polygon);
            index.insert(polygon.getEnvelopeInternal(), polygon);
        }
        for (Polygon polygon : polygons) {
            Envelope envelope = polygon.getEnvelopeInternal();
            for (Object other : index.query(envelope)) {
                if (other != polygon) {
                    Geometry overlap = polygon.intersection((Geometry) other);
                    assertThat(overlap.getArea())
                            .as("overlap of %s and %s", polygon, other)
                            .isLessThan(1e-12);
                }
            }
        }
    }

    @Test
    void plotsHavePlausibleSizesCadastralNumbersAndAttributes() {
        Set<String> numbers = new HashSet<>();
        Set<String> categories = new HashSet<>();
        int free = 0;
        int unregistered = 0;
        for (JsonNode plot : plots) {
            JsonNode p = plot.get("properties");
            double area = p.get("area_declared_ha").asDouble();
            assertThat(area).isBetween(0.02, 2.5);
            categories.add(p.get("land_category").asString());
            if (p.get("cadastral_number").isNull()) {
                unregistered++;
                assertThat(p.get("status").asString()).isEqualTo("free");
            } else {
                String number = p.get("cadastral_number").asString();
                assertThat(number).matches("[0-9]{2}-[0-9]{3}-[0-9]{3}-[0-9]{3}");
                assertThat(numbers.add(number)).as("unique " + number).isTrue();
            }
            if (p.get("status").asString().equals("free")) {
                free++;
            }
            if (p.get("status").asString().equals("auction_scheduled")) {
                assertThat(p.get("auction_date").asString()).matches("2026-1[12]-[0-9]{2}|2027-01-[0-9]{2}");
                assertThat(p.get("starting_price_kzt").asLong()).isPositive();
            }
            assertThat(p.get("address").asString()).startsWith("г. ");
            assertThat(p.get("intended_purpose_kk").asString()).isNotBlank();
        }
        assertThat(plots.stream()
                        .filter(p -> p.get("properties").get("city").asString().equals("oskemen")))
                .allSatisfy(p -> assertThat(
                                p.get("properties").get("cadastral_number").asString("05-085-"))
                        .startsWith("05-08"));
        assertThat(free).isBetween(plots.size() / 12, plots.size() / 4);
        assertThat(unregistered).isPositive().isLessThan(free / 5);
        assertThat(categories).contains("settlement", "industrial", "reserve");
        assertThat(summary.freePlots()).isEqualTo(free);
    }

    @Test
    void networksLieNearTheirCityWithCapacities() {
        Set<String> kinds = new HashSet<>();
        for (JsonNode network : networks) {
            JsonNode p = network.get("properties");
            kinds.add(p.get("kind").asString());
            assertThat(p.get("free_capacity").asDouble())
                    .isBetween(0.0, p.get("capacity").asDouble());
            DemoCity city = DemoCity.byCode(p.get("city").asString());
            JsonNode first = network.get("geometry").get("type").asString().equals("Point")
                    ? network.get("geometry").get("coordinates")
                    : network.get("geometry").get("coordinates").get(0);
            assertThat(first.get(0).asDouble()).isCloseTo(city.lon(), org.assertj.core.data.Offset.offset(0.2));
            assertThat(first.get(1).asDouble()).isCloseTo(city.lat(), org.assertj.core.data.Offset.offset(0.2));
        }
        assertThat(kinds).containsExactlyInAnyOrder("power", "gas", "water", "sewerage", "heating", "telecom");
    }

    @Test
    void appealsHaveUniqueTrackingCodesAndWellFormedContacts() {
        Set<String> codes = new HashSet<>();
        for (JsonNode appeal : appeals) {
            JsonNode p = appeal.get("properties");
            assertThat(codes.add(p.get("tracking_code").asString())).isTrue();
            assertThat(p.get("tracking_code").asString()).matches("AM-[0-9A-Z]{4}-[0-9A-Z]{4}");
            assertThat(p.get("created_at").asString()).matches("2026-1[01]-[0-9]{2}T[0-9:]{5}(:[0-9]{2})?\\+05:00");
            if (!p.get("contact_iin").isNull()) {
                String iin = p.get("contact_iin").asString();
                assertThat(iin).matches("[0-9]{12}");
                assertThat(CadastreGenerator.iinCheckDigit(iin)).isEqualTo(iin.charAt(11) - '0');
            }
        }
    }

    @Test
    void computesTheIinCheckDigitOfBothPasses() {
        // first pass: sum of digit × position (1…11) mod 11
        assertThat(CadastreGenerator.iinCheckDigit("00000000001")).isEqualTo(0);
        assertThat(CadastreGenerator.iinCheckDigit("10000000000")).isEqualTo(1);
        // 10 × 1 … first pass gives 10 for "0000000000" + "1" at position 10; the second pass weighs it 1
        assertThat(CadastreGenerator.iinCheckDigit("00000000010")).isEqualTo(1);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            assertThat(CadastreGenerator.iin(random)).matches("[0-9]{6}[3-6][0-9]{5}");
        }
    }

    @Test
    void rejectsOptionsThatMakeNoSense() {
        assertThatThrownBy(() -> new CadastreGenerator.Options(List.of(), 10, 1, 1))
                .hasMessageContaining("at least one city");
        assertThatThrownBy(() -> new CadastreGenerator.Options(DemoCity.byCodes("semey"), 0, 1, 1))
                .hasMessageContaining("plots must be between 1");
        assertThatThrownBy(() -> DemoCity.byCode("atlantis"))
                .hasMessageContaining("unknown demo city 'atlantis'")
                .hasMessageContaining("oskemen");
        assertThatThrownBy(() -> new CadastreGenerator.Options(DemoCity.byCodes("semey,semey"), 10, 1, 1))
                .hasMessageContaining("twice");
    }
}
