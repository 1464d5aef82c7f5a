package kz.adalmap.api.customlayer;

import kz.adalmap.api.common.web.NotFoundException;

/** No layer defined as data has this code, or the asker may not see it (an internal layer). */
class LayerDefinitionNotFoundException extends NotFoundException {

    private LayerDefinitionNotFoundException(String message) {
        super(message);
    }

    static LayerDefinitionNotFoundException forCode(String code) {
        return new LayerDefinitionNotFoundException("There is no layer defined as data with code " + code + ".");
    }
}
