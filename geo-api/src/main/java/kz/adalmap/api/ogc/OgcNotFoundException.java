package kz.adalmap.api.ogc;

import java.util.List;
import kz.adalmap.api.common.web.NotFoundException;
import kz.adalmap.api.common.web.QueryParameters;

/** A collection or feature of the OGC API that does not exist; answered with 404. */
final class OgcNotFoundException extends NotFoundException {

    private OgcNotFoundException(String message) {
        super(message);
    }

    static OgcNotFoundException forCollection(String id, List<String> ids) {
        return new OgcNotFoundException("There is no collection '" + QueryParameters.abbreviate(id)
                + "'; the collections are " + String.join(", ", ids) + ".");
    }

    static OgcNotFoundException forFeature(OgcCollection collection, String featureId) {
        return new OgcNotFoundException(
                "Collection '" + collection.id() + "' has no feature '" + QueryParameters.abbreviate(featureId) + "'.");
    }
}
