package kz.adalmap.api.common.web;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Reading a submitted JSON object field by field, each refusal naming the field. */
public final class JsonFields {

    private JsonFields() {}

    /** Checks that {@code body} is an object whose fields are all among {@code fields}. */
    public static void onlyThese(JsonNode body, List<String> fields) {
        if (body == null || !body.isObject()) {
            throw InvalidParameterException.of(
                    "body", "expected a JSON object with the fields " + String.join(", ", fields));
        }
        for (String name : body.propertyNames()) {
            if (!fields.contains(name)) {
                throw InvalidParameterException.of(
                        QueryParameters.abbreviate(name),
                        "unknown field; this endpoint takes " + String.join(", ", fields));
            }
        }
    }

    /** Checks that {@code consent} is true; {@code toWhat} says what the person agrees to. */
    public static void consent(JsonNode body, String toWhat) {
        JsonNode consent = body.get("consent");
        if (consent == null || !consent.isBoolean() || !consent.asBoolean()) {
            throw InvalidParameterException.of("consent", "must be true: agree " + toWhat);
        }
    }

    /** The text of {@code field}, stripped; empty when it is missing, null or blank. */
    public static Optional<String> text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isString()) {
            throw InvalidParameterException.of(field, "must be a string");
        }
        return Optional.of(v.asString().strip()).filter(s -> !s.isEmpty());
    }
}
