package kz.adalmap.api.customlayer;

/**
 * A valid definition that cannot be stored now: its code is taken, or it changes the schema of a layer
 * whose features were already published in a way they would no longer fit. Answered with 409 naming
 * the field.
 */
class LayerDefinitionConflictException extends RuntimeException {

    private final String field;

    private LayerDefinitionConflictException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    static LayerDefinitionConflictException codeTaken(String code) {
        return new LayerDefinitionConflictException("code", "a layer with code " + code + " already exists");
    }

    static LayerDefinitionConflictException published(String field, String what) {
        return new LayerDefinitionConflictException(
                field,
                "the layer has a published revision, so its schema may only gain optional attributes (and enums"
                        + " new values, attributes new labels); " + what + ". Change it before the first publish,"
                        + " or define a new layer");
    }

    String field() {
        return field;
    }
}
