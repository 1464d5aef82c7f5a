package kz.adalmap.api.layer;

import java.util.Map;
import kz.adalmap.importers.publish.LayerImporter;

/**
 * A draft held back by a warning of its report that its publishing must confirm ({@link
 * LayerImporter#REVIEW_WARNINGS}: it removes a large share of the public plots, moves them together by
 * metres, renumbers them only by zeros, takes a networks layer's other kinds off the map, holds text read
 * in a code page it is not in, or comes from a GeoPackage copied while open), asked to be published
 * without {@code confirm}: such a draft is more often a mistake in the file than the department's work
 * (409 {@code warning_not_confirmed}).
 */
class WarningNotConfirmedException extends RuntimeException {

    private final Map<String, Object> warning;

    WarningNotConfirmedException(String message, Map<String, Object> warning) {
        super(message);
        this.warning = warning;
    }

    /** The warning's detail, as the report's {@code warningToConfirm} gives it. */
    Map<String, Object> warning() {
        return warning;
    }
}
