package kz.adalmap.api.customlayer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.adalmap.api.common.geojson.FeatureCollectionWriter;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import kz.adalmap.importers.validate.OpeningHours;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * "The nearest open office": the features of a custom layer with an {@code opening_hours} attribute
 * nearest to a point, by distance on the sphere, each with whether it is open and when it opens next,
 * read in Kazakhstan's time with the working calendar's days off as public holidays.
 */
@RestController
@RequestMapping("/api/v1/layers")
class NearestController {

    private static final List<String> PARAMETERS = List.of("lon", "lat", "limit", "open_now", "at");
    private static final int MAX_LIMIT = 50;
    private static final int DEFAULT_LIMIT = 5;
    /** How many nearest features are looked at, at most, to find enough open ones. */
    static final int MAX_CANDIDATES = 2000;
    // metres of one degree of latitude on the sphere of mean radius 6371.0088 km
    private static final double METRES_PER_DEGREE = 6_371_008.8 * Math.PI / 180;
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private final CustomLayerCatalogueQueries catalogue;
    private final NearestQueries queries;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    NearestController(CustomLayerCatalogueQueries catalogue, NearestQueries queries, JsonMapper json) {
        this.catalogue = catalogue;
        this.queries = queries;
        this.json = json;
    }

    /**
     * Up to {@code limit} (1–50, 5 by default) features nearest to {@code lon}, {@code lat} (EPSG:4326),
     * nearest first, that match the layer's filters (as {@code /features} takes them); with {@code
     * open_now=true} only those open at the time, looking at up to {@value #MAX_CANDIDATES} nearest
     * features. Each feature has its {@code key} and the properties {@code distance_m} (metres on the
     * sphere), {@code open_now}, {@code opens_next} and {@code closes_at} (ISO date-times at +05:00, null
     * when not within {@value OpeningHours#LOOKAHEAD_DAYS} days). {@code at} (an ISO date-time with its
     * offset) answers for another time than now. The layer's first {@code opening_hours} attribute is
     * read; a layer without one is a 400.
     */
    @GetMapping("/{code}/nearest")
    ResponseEntity<String> nearest(@PathVariable String code, @RequestParam MultiValueMap<String, String> params) {
        CustomLayer layer = catalogue.publicCustomLayer(code);
        CustomAttribute hours = layer.attributes().stream()
                .filter(a -> a.type().equals("opening_hours"))
                .findFirst()
                .orElseThrow(() -> InvalidParameterException.of(
                        "code",
                        "the layer '" + QueryParameters.abbreviate(code) + "' has no attribute of type opening_hours,"
                                + " so it cannot tell which of its features are open; /nearest serves layers of"
                                + " offices with opening hours"));
        List<String> filters = CustomLayerFilter.parameters(layer).stream()
                .filter(name -> !PARAMETERS.contains(name))
                .toList();
        List<String> allowed = new ArrayList<>(PARAMETERS);
        allowed.addAll(filters);
        QueryParameters q = QueryParameters.of(params, allowed);
        double lon = coordinate(q, "lon", 180);
        double lat = coordinate(q, "lat", 90);
        int limit = q.intInRange("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        boolean openNow = q.get("open_now")
                .map(text -> switch (text) {
                    case "true" -> true;
                    case "false" -> false;
                    default ->
                        throw InvalidParameterException.of(
                                "open_now", "must be true or false, got '" + QueryParameters.abbreviate(text) + "'");
                })
                .orElse(false);
        Instant at = q.get("at").map(NearestController::instant).orElseGet(clock::instant);
        MultiValueMap<String, String> filterParams = new LinkedMultiValueMap<>(params);
        PARAMETERS.forEach(filterParams::remove);
        CustomLayerFilter filter = CustomLayerFilter.parse(layer, QueryParameters.of(filterParams, filters));

        LocalDate today = OffsetDateTime.ofInstant(at, OpeningHours.KAZAKHSTAN).toLocalDate();
        Set<LocalDate> daysOff = queries.daysOff(today.minusDays(1), today.plusDays(OpeningHours.LOOKAHEAD_DAYS));
        List<ObjectNode> found = new ArrayList<>();
        int candidates = Math.min(MAX_CANDIDATES, Math.max(32, 4 * limit));
        while (true) {
            List<NearestQueries.Candidate> batch = queries.candidates(filter, hours, lon, lat, candidates);
            boolean all = batch.size() < candidates || candidates == MAX_CANDIDATES;
            // a feature the index left out is at least this far in degrees, so at least this far in metres
            // on the sphere (a degree of longitude is shortest at the latitude farthest from the equator);
            // candidates farther than that may be passed by a feature not yet looked at
            double sure = all
                    ? Double.POSITIVE_INFINITY
                    : sureMetres(lat, batch.get(batch.size() - 1).degrees());
            found.clear();
            List<NearestQueries.Candidate> byDistance = new ArrayList<>(batch);
            byDistance.sort(Comparator.comparingDouble(NearestQueries.Candidate::metres)
                    .thenComparingLong(NearestQueries.Candidate::id));
            for (NearestQueries.Candidate c : byDistance) {
                if (c.metres() > sure || found.size() == limit) {
                    break;
                }
                OpeningHours.State state = state(c.hours(), at, daysOff);
                if (!openNow || state.open()) {
                    found.add(feature(c, state));
                }
            }
            if (found.size() == limit || all) {
                break;
            }
            candidates = Math.min(MAX_CANDIDATES, candidates * 4);
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("type", "FeatureCollection");
        answer.put("at", time(at.atOffset(OpeningHours.KAZAKHSTAN)));
        ArrayNode features = answer.putArray("features");
        found.forEach(features::add);
        return ResponseEntity.ok().contentType(FeatureCollectionWriter.GEO_JSON).body(json.writeValueAsString(answer));
    }

    private ObjectNode feature(NearestQueries.Candidate c, OpeningHours.State state) {
        ObjectNode feature = (ObjectNode) json.readTree(c.feature());
        ObjectNode properties = (ObjectNode) feature.get("properties");
        properties.put("distance_m", BigDecimal.valueOf(c.metres()).setScale(1, RoundingMode.HALF_UP));
        properties.put("open_now", state.open());
        properties.put(
                "opens_next", state.opensNext().map(NearestController::time).orElse(null));
        properties.put(
                "closes_at", state.closesAt().map(NearestController::time).orElse(null));
        return feature;
    }

    /** Whether the feature is open; a feature without (readable) hours counts as closed with no next opening. */
    private static OpeningHours.State state(String hours, Instant at, Set<LocalDate> daysOff) {
        if (hours == null) {
            return new OpeningHours.State(false, Optional.empty(), Optional.empty());
        }
        try {
            return OpeningHours.parse(hours).at(at, daysOff::contains);
        } catch (IllegalArgumentException e) {
            // the import refuses such values; one edited in by hand is not told as open
            return new OpeningHours.State(false, Optional.empty(), Optional.empty());
        }
    }

    /** The least distance in metres on the sphere of a point {@code degrees} away in the plane of lon/lat. */
    private static double sureMetres(double lat, double degrees) {
        double farthest = Math.min(89.9, Math.abs(lat) + degrees);
        // 1 % below, for the difference between the plane's and the sphere's geometry over these distances
        return 0.99 * degrees * METRES_PER_DEGREE * Math.cos(Math.toRadians(farthest));
    }

    private static double coordinate(QueryParameters q, String name, double max) {
        String text =
                q.get(name).orElseThrow(() -> InvalidParameterException.of(name, "required: degrees (EPSG:4326)"));
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v) && Math.abs(v) <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw InvalidParameterException.of(
                name,
                "must be a number of degrees from -" + (int) max + " to " + (int) max + ", got '"
                        + QueryParameters.abbreviate(text) + "'");
    }

    private static Instant instant(String text) {
        try {
            // a '+' left unencoded in a query string arrives as a space
            return OffsetDateTime.parse(text.strip().replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidParameterException.of(
                    "at",
                    "must be a date and time with its offset, such as 2026-03-02T10:00:00+05:00, got '"
                            + QueryParameters.abbreviate(text) + "'");
        }
    }

    private static String time(OffsetDateTime t) {
        return t.withOffsetSameInstant(OpeningHours.KAZAKHSTAN).format(ISO);
    }
}
