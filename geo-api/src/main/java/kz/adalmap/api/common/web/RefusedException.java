package kz.adalmap.api.common.web;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * A well-formed request that the service refuses, with the status, the title and the message a person
 * reads in its problem detail, and how long to wait when waiting helps (a limit per hour). Each feature
 * names its refusals in a subclass of its own; {@link ApiExceptionHandler} answers them all alike.
 */
public class RefusedException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final Duration retryAfter;

    protected RefusedException(HttpStatus status, String title, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.title = title;
        this.retryAfter = retryAfter;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** How long to wait before trying again, or null when waiting does not help. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
