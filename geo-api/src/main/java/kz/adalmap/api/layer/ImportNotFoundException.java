package kz.adalmap.api.layer;

import java.util.UUID;
import kz.adalmap.api.common.web.NotFoundException;

/** No import job, no layer, or no revision of a layer, by the id, code or number asked for. */
class ImportNotFoundException extends NotFoundException {

    private ImportNotFoundException(String message) {
        super(message);
    }

    static ImportNotFoundException job(UUID id) {
        return new ImportNotFoundException("There is no import job " + id + ".");
    }

    static ImportNotFoundException layer(String code) {
        return new ImportNotFoundException("There is no layer " + code + ".");
    }

    static ImportNotFoundException revision(String layer, int number) {
        return new ImportNotFoundException("Layer " + layer + " has no revision " + number + ".");
    }
}
