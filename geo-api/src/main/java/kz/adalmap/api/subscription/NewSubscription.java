package kz.adalmap.api.subscription;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import kz.adalmap.api.common.web.Bbox;
import kz.adalmap.api.common.web.ContactAddress;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.JsonFields;
import kz.adalmap.api.common.web.QueryParameters;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/subscriptions}, checked field by field; the area's geometry is
 * checked by PostGIS afterwards ({@link SubscriptionQueries#checkArea}).
 *
 * @param areaGeoJson a GeoJSON Polygon or MultiPolygon, lon/lat (EPSG:4326); a bbox is turned into one
 * @param email the contact: personal data, never logged or shown
 * @param language kk, ru or en: the language of every message and page the subscriber gets
 * @param landCategories empty means every land category
 */
record NewSubscription(
        String areaGeoJson,
        String email,
        String language,
        Optional<BigDecimal> minAreaHa,
        Optional<BigDecimal> maxAreaHa,
        Set<String> landCategories) {

    static final List<String> FIELDS =
            List.of("area", "email", "language", "consent", "min_area_ha", "max_area_ha", "land_categories");
    static final List<String> LANGUAGES = List.of("kk", "ru", "en");
    static final List<String> LAND_CATEGORIES =
            List.of("agricultural", "settlement", "industrial", "protected", "forest", "water", "reserve");

    /** Reads and checks the request body; throws {@link InvalidParameterException} naming the first bad field. */
    static NewSubscription parse(JsonNode body) {
        JsonFields.onlyThese(body, FIELDS);
        JsonFields.consent(body, "that the e-mail address is kept to send you these notices until you unsubscribe");
        String email = JsonFields.text(body, "email")
                .orElseThrow(() -> InvalidParameterException.of("email", "required: the address to send notices to"));
        if (!ContactAddress.isEmail(email)) {
            throw InvalidParameterException.of("email", "is not an e-mail address (expected name@example.kz)");
        }
        String language = JsonFields.text(body, "language")
                .map(s -> s.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> InvalidParameterException.of("language", "required: one of kk, ru, en"));
        if (!LANGUAGES.contains(language)) {
            throw InvalidParameterException.of(
                    "language", "'" + QueryParameters.abbreviate(language) + "' is not one of kk, ru, en");
        }
        Optional<BigDecimal> min = hectares(body, "min_area_ha");
        Optional<BigDecimal> max = hectares(body, "max_area_ha");
        if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
            throw InvalidParameterException.of(
                    "min_area_ha",
                    min.get().toPlainString() + " is greater than max_area_ha "
                            + max.get().toPlainString());
        }
        if (max.isPresent() && max.get().signum() == 0) {
            throw InvalidParameterException.of("max_area_ha", "must be greater than 0");
        }
        return new NewSubscription(area(body.get("area")), email, language, min, max, landCategories(body));
    }

    private static Optional<BigDecimal> hectares(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isNumber()
                || v.decimalValue().signum() < 0
                || v.decimalValue().compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
            throw InvalidParameterException.of(field, "must be a number of hectares from 0 to 1000000");
        }
        return Optional.of(v.decimalValue());
    }

    private static Set<String> landCategories(JsonNode body) {
        JsonNode v = body.get("land_categories");
        Set<String> categories = new LinkedHashSet<>();
        if (v == null || v.isNull()) {
            return categories;
        }
        if (!v.isArray()) {
            throw InvalidParameterException.of("land_categories", "must be an array such as [\"settlement\"]");
        }
        for (JsonNode c : v) {
            if (!c.isString() || !LAND_CATEGORIES.contains(c.asString())) {
                throw InvalidParameterException.of(
                        "land_categories",
                        "unknown land category '" + QueryParameters.abbreviate(c.asString()) + "'; use "
                                + String.join(", ", LAND_CATEGORIES));
            }
            categories.add(c.asString());
        }
        return categories;
    }

    /** The area as GeoJSON text: a Polygon or MultiPolygon as given, or a bbox array as a Polygon. */
    private static String area(JsonNode area) {
        if (area == null || area.isNull()) {
            throw InvalidParameterException.of(
                    "area", "required: a GeoJSON Polygon or MultiPolygon, or a bbox [minLon, minLat, maxLon, maxLat]");
        }
        if (area.isArray()) {
            List<String> numbers = new ArrayList<>();
            for (JsonNode n : area) {
                numbers.add(n.isNumber() ? n.asString() : "'" + n.asString() + "'");
            }
            Bbox b = Bbox.parse("area", String.join(",", numbers));
            if (b.minLon() == b.maxLon() || b.minLat() == b.maxLat()) {
                throw InvalidParameterException.of("area", "the bbox has no area: its corners are on one line");
            }
            return String.format(
                    Locale.ROOT,
                    "{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}",
                    b.minLon(),
                    b.minLat(),
                    b.maxLon(),
                    b.minLat(),
                    b.maxLon(),
                    b.maxLat(),
                    b.minLon(),
                    b.maxLat(),
                    b.minLon(),
                    b.minLat());
        }
        JsonNode type = area.get("type");
        if (!area.isObject() || type == null || !type.isString()) {
            throw InvalidParameterException.of(
                    "area", "must be a GeoJSON geometry object (with \"type\") or a bbox array of four numbers");
        }
        if (!type.asString().equals("Polygon") && !type.asString().equals("MultiPolygon")) {
            throw InvalidParameterException.of(
                    "area",
                    "a " + QueryParameters.abbreviate(type.asString())
                            + " cannot be an area; draw a Polygon or MultiPolygon");
        }
        JsonNode coordinates = area.get("coordinates");
        if (coordinates == null || !coordinates.isArray() || coordinates.isEmpty()) {
            throw InvalidParameterException.of("area", "the " + type.asString() + " has no coordinates");
        }
        return area.toString();
    }
}
