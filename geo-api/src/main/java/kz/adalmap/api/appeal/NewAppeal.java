package kz.adalmap.api.appeal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import kz.adalmap.api.common.web.ContactAddress;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.JsonFields;
import kz.adalmap.api.common.web.QueryParameters;
import tools.jackson.databind.JsonNode;

/**
 * The fields of {@code POST /api/v1/appeals}, checked one by one; the category and whether the point
 * lies in a region are checked against the database afterwards.
 *
 * @param lon longitude, degrees EPSG:4326
 * @param lat latitude, degrees EPSG:4326
 * @param text the citizen's own words: read by moderators and officials only; the public sees it masked
 * @param contact the citizen's name, phone and e-mail: personal data, never public, never logged
 * @param channel web, call_centre, office or messenger; who may use which is checked by the service
 * @param language kk, ru or en: the language of the confirmation e-mail
 * @param object the object of a custom layer the appeal is about; whether it exists and lies near the
 *     point is checked by the service
 */
public record NewAppeal(
        double lon,
        double lat,
        String category,
        String text,
        boolean textPrivate,
        Optional<Contact> contact,
        String channel,
        String language,
        Optional<AppealObject> object) {

    /** How the citizen may be reached; at least one field is given. */
    public record Contact(String name, String phone, String email) {}

    /** An appeal about no object in particular. */
    public NewAppeal(
            double lon,
            double lat,
            String category,
            String text,
            boolean textPrivate,
            Optional<Contact> contact,
            String channel,
            String language) {
        this(lon, lat, category, text, textPrivate, contact, channel, language, Optional.empty());
    }

    /** A published feature of a public custom layer: the layer's code and the feature's key. */
    public record AppealObject(String layer, String key) {}

    static final List<String> FIELDS = List.of(
            "location", "category", "text", "text_private", "contact", "consent", "channel", "language", "object");
    static final List<String> CHANNELS = List.of("web", "call_centre", "office", "messenger");
    static final List<String> LANGUAGES = List.of("kk", "ru", "en");

    // Kazakhstan's extent with a margin, as the importers check plots and subscriptions check areas
    static final double MIN_LON = 46;
    static final double MAX_LON = 88;
    static final double MIN_LAT = 40;
    static final double MAX_LAT = 56;

    /** Reads and checks the body; throws {@link InvalidParameterException} naming the first bad field. */
    static NewAppeal parse(JsonNode body) {
        JsonFields.onlyThese(body, FIELDS);
        JsonFields.consent(
                body, "that the appeal is published (without your contact) and passed to the agency that answers it");
        JsonNode location = body.get("location");
        if (location == null || !location.isObject()) {
            throw InvalidParameterException.of(
                    "location", "required: an object {\"lon\": …, \"lat\": …} in degrees (EPSG:4326)");
        }
        double lon = coordinate(location, "lon");
        double lat = coordinate(location, "lat");
        if (lon < MIN_LON || lon > MAX_LON || lat < MIN_LAT || lat > MAX_LAT) {
            throw InvalidParameterException.of(
                    "location",
                    String.format(
                            Locale.ROOT,
                            "lon %.5f, lat %.5f is outside Kazakhstan (longitude %.0f to %.0f, latitude %.0f to"
                                    + " %.0f); are longitude and latitude swapped?",
                            lon,
                            lat,
                            MIN_LON,
                            MAX_LON,
                            MIN_LAT,
                            MAX_LAT));
        }
        String category = JsonFields.text(body, "category")
                .orElseThrow(() -> InvalidParameterException.of("category", "required: the code of a category"));
        String text = JsonFields.text(body, "text")
                .orElseThrow(
                        () -> InvalidParameterException.of("text", "required: what happened, 1 to 5000 characters"));
        if (text.codePointCount(0, text.length()) > 5000) {
            throw InvalidParameterException.of("text", "is longer than 5000 characters");
        }
        boolean textPrivate = bool(body, "text_private");
        String channel = JsonFields.text(body, "channel").orElse("web");
        if (!CHANNELS.contains(channel)) {
            throw InvalidParameterException.of(
                    "channel",
                    "'" + QueryParameters.abbreviate(channel) + "' is not one of " + String.join(", ", CHANNELS));
        }
        String language = JsonFields.text(body, "language")
                .map(s -> s.toLowerCase(Locale.ROOT))
                .orElse("kk");
        if (!LANGUAGES.contains(language)) {
            throw InvalidParameterException.of(
                    "language", "'" + QueryParameters.abbreviate(language) + "' is not one of kk, ru, en");
        }
        return new NewAppeal(
                lon,
                lat,
                category,
                text,
                textPrivate,
                contact(body.get("contact")),
                channel,
                language,
                object(body.get("object")));
    }

    /** The fields in a fixed order: two bodies that mean the same appeal give the same text. */
    String fingerprint() {
        return String.join(
                "\u0000",
                Double.toString(lon),
                Double.toString(lat),
                category,
                text,
                Boolean.toString(textPrivate),
                contact.map(c -> c.name() + "\u0001" + c.phone() + "\u0001" + c.email())
                        .orElse(""),
                channel,
                language,
                object.map(o -> o.layer() + "\u0001" + o.key()).orElse(""));
    }

    private static Optional<AppealObject> object(JsonNode v) {
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw InvalidParameterException.of(
                    "object", "must be an object {\"layer\": \"<layer code>\", \"key\": \"<feature key>\"}");
        }
        for (String name : v.propertyNames()) {
            if (!List.of("layer", "key").contains(name)) {
                throw InvalidParameterException.of(
                        "object." + QueryParameters.abbreviate(name), "unknown field; use layer, key");
            }
        }
        String layer = JsonFields.text(v, "layer")
                .orElseThrow(() -> InvalidParameterException.of("object", "layer is required: the code of the layer"));
        String key = JsonFields.text(v, "key")
                .orElseThrow(() -> InvalidParameterException.of(
                        "object", "key is required: the key of the feature the appeal is about"));
        if (layer.length() > 64 || key.length() > 500) {
            throw InvalidParameterException.of(
                    "object", "the layer code has at most 64 characters and the key at most 500");
        }
        return Optional.of(new AppealObject(layer, key));
    }

    private static Optional<Contact> contact(JsonNode v) {
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw InvalidParameterException.of("contact", "must be an object with name, phone and/or email");
        }
        for (String name : v.propertyNames()) {
            if (!List.of("name", "phone", "email").contains(name)) {
                throw InvalidParameterException.of(
                        "contact." + QueryParameters.abbreviate(name), "unknown field; use name, phone, email");
            }
        }
        String name = JsonFields.text(v, "name").orElse(null);
        if (name != null && name.length() > 200) {
            throw InvalidParameterException.of("contact.name", "is longer than 200 characters");
        }
        String phone = JsonFields.text(v, "phone").orElse(null);
        if (phone != null && !ContactAddress.isPhone(phone)) {
            throw InvalidParameterException.of("contact.phone", "is not a phone number (expected +7 701 123 45 67)");
        }
        String email = JsonFields.text(v, "email").orElse(null);
        if (email != null && !ContactAddress.isEmail(email)) {
            throw InvalidParameterException.of("contact.email", "is not an e-mail address (expected name@example.kz)");
        }
        if (name == null && phone == null && email == null) {
            return Optional.empty();
        }
        return Optional.of(new Contact(name, phone, email));
    }

    private static double coordinate(JsonNode location, String field) {
        JsonNode v = location.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw InvalidParameterException.of("location", field + " is required and must be a number of degrees");
        }
        return v.asDouble();
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw InvalidParameterException.of(field, "must be true or false");
        }
        return v.asBoolean();
    }
}
