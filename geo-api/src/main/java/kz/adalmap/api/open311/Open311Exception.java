package kz.adalmap.api.open311;

import org.springframework.http.HttpStatus;

/** An error answered in the Open311 format: a list of {@code {code, description}} with the HTTP status as code. */
class Open311Exception extends RuntimeException {

    private final HttpStatus status;

    private Open311Exception(HttpStatus status, String description) {
        super(description);
        this.status = status;
    }

    static Open311Exception badRequest(String parameter, String what) {
        return new Open311Exception(HttpStatus.BAD_REQUEST, parameter + ": " + what);
    }

    static Open311Exception notFound(String description) {
        return new Open311Exception(HttpStatus.NOT_FOUND, description);
    }

    static Open311Exception forbidden(String description) {
        return new Open311Exception(HttpStatus.FORBIDDEN, description);
    }

    HttpStatus status() {
        return status;
    }
}
