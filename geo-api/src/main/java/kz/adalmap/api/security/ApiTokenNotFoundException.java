package kz.adalmap.api.security;

import kz.adalmap.api.common.web.NotFoundException;

/** No API token has this id. */
class ApiTokenNotFoundException extends NotFoundException {

    private ApiTokenNotFoundException(String message) {
        super(message);
    }

    static ApiTokenNotFoundException forId(int id) {
        return new ApiTokenNotFoundException("No API token has the id " + id + ".");
    }
}
