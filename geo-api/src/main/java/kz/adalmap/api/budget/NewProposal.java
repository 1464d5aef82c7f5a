package kz.adalmap.api.budget;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import kz.adalmap.api.common.web.ContactAddress;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A resident's proposal as submitted: the place as a GeoJSON Point or Polygon (EPSG:4326, given as
 * {@code geometry} or as {@code lon} and {@code lat}), title, description, estimated cost in tenge and an
 * optional private contact. Texts are kept as typed; they are shown as text, never as markup.
 */
record NewProposal(String geometry, String title, String description, long costTenge, Optional<Contact> contact) {

    /** The proposer's contact, personal data: never shown publicly. */
    record Contact(String name, String phone, String email) {}

    /** Form fields the proposal endpoint takes, beside its photos. */
    static final List<String> FIELDS = List.of(
            "geometry",
            "lon",
            "lat",
            "title",
            "description",
            "cost_tenge",
            "contact_name",
            "contact_phone",
            "contact_email");

    /** Reads and checks the form's fields (each given once); names the first field that is wrong. */
    static NewProposal parse(Map<String, String> f, JsonMapper json) {
        for (String name : f.keySet()) {
            if (!FIELDS.contains(name)) {
                throw InvalidParameterException.of(
                        QueryParameters.abbreviate(name),
                        "unknown field; this endpoint takes " + String.join(", ", FIELDS) + " and photos");
            }
        }
        String geometry = geometry(f, json);
        String title = text(f, "title", 200);
        String description = text(f, "description", 5000);
        String cost = f.get("cost_tenge");
        if (cost == null || cost.isBlank()) {
            throw InvalidParameterException.of("cost_tenge", "give the estimated cost in tenge");
        }
        long costTenge;
        try {
            costTenge = Long.parseLong(cost.strip().replace(" ", ""));
        } catch (NumberFormatException e) {
            throw InvalidParameterException.of(
                    "cost_tenge", "'" + QueryParameters.abbreviate(cost) + "' is not a whole number of tenge");
        }
        if (costTenge <= 0) {
            throw InvalidParameterException.of("cost_tenge", "must be more than 0");
        }
        String name = optional(f, "contact_name", 200);
        String phone = optional(f, "contact_phone", 32);
        String email = optional(f, "contact_email", 254);
        if (phone != null && !ContactAddress.isPhone(phone)) {
            throw InvalidParameterException.of("contact_phone", "is not a phone number");
        }
        if (email != null && !ContactAddress.isEmail(email)) {
            throw InvalidParameterException.of("contact_email", "is not an e-mail address");
        }
        Optional<Contact> contact = name == null && phone == null && email == null
                ? Optional.empty()
                : Optional.of(new Contact(name, phone, email));
        return new NewProposal(geometry, title, description, costTenge, contact);
    }

    /** Everything that tells two submissions apart, for the Idempotency-Key check. */
    String fingerprint() {
        return String.join(
                "\u0000",
                geometry,
                title,
                description,
                Long.toString(costTenge),
                contact.map(c -> c.name() + "\u0000" + c.phone() + "\u0000" + c.email())
                        .orElse(""));
    }

    private static String geometry(Map<String, String> f, JsonMapper json) {
        String given = f.get("geometry");
        if (given != null && !given.isBlank()) {
            if (f.containsKey("lon") || f.containsKey("lat")) {
                throw InvalidParameterException.of("geometry", "give either geometry or lon and lat, not both");
            }
            JsonNode node;
            try {
                node = json.readTree(given);
            } catch (RuntimeException e) {
                throw InvalidParameterException.of("geometry", "is not GeoJSON");
            }
            String type = node.path("type").asString("");
            if (!type.equals("Point") && !type.equals("Polygon")) {
                throw InvalidParameterException.of("geometry", "must be a GeoJSON Point or Polygon");
            }
            if (!node.path("coordinates").isArray()) {
                throw InvalidParameterException.of("geometry", "has no coordinates");
            }
            // only what was checked goes on to PostGIS
            return json.writeValueAsString(
                    json.createObjectNode().put("type", type).set("coordinates", node.get("coordinates")));
        }
        double lon = number(f, "lon", 180);
        double lat = number(f, "lat", 90);
        return "{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}";
    }

    private static double number(Map<String, String> f, String name, double limit) {
        String value = f.get(name);
        if (value == null || value.isBlank()) {
            throw InvalidParameterException.of("geometry", "give the place as geometry, or as lon and lat");
        }
        try {
            double v = Double.parseDouble(value.strip());
            if (!Double.isFinite(v) || Math.abs(v) > limit) {
                throw InvalidParameterException.of(name, "must be between -" + (int) limit + " and " + (int) limit);
            }
            return v;
        } catch (NumberFormatException e) {
            throw InvalidParameterException.of(name, "is not a number");
        }
    }

    private static String text(Map<String, String> f, String name, int max) {
        String value = optional(f, name, max);
        if (value == null) {
            throw InvalidParameterException.of(name, "must not be empty");
        }
        return value;
    }

    private static String optional(Map<String, String> f, String name, int max) {
        String value = f.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.codePointCount(0, v.length()) > max) {
            throw InvalidParameterException.of(name, "is longer than " + max + " characters");
        }
        return v;
    }
}
