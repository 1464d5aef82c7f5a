package kz.adalmap.api.customlayer;

import kz.adalmap.api.common.web.NotFoundException;
import kz.adalmap.api.common.web.QueryParameters;

/** The URL names a layer that does not exist or is not public (the two are not told apart). */
public final class CustomLayerNotFoundException extends NotFoundException {

    private CustomLayerNotFoundException(String message) {
        super(message);
    }

    public static CustomLayerNotFoundException forCode(String code) {
        return new CustomLayerNotFoundException("There is no public layer '" + QueryParameters.abbreviate(code)
                + "'; GET /api/v1/layers lists the layers.");
    }

    static CustomLayerNotFoundException notCustom(String code) {
        return new CustomLayerNotFoundException("Layer '" + QueryParameters.abbreviate(code)
                + "' is a built-in layer; its features are served by its own endpoints, linked from"
                + " GET /api/v1/layers/" + QueryParameters.abbreviate(code) + ".");
    }
}
