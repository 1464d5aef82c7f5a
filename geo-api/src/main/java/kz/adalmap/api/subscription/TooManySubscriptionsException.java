package kz.adalmap.api.subscription;

import java.time.Duration;
import kz.adalmap.api.common.web.RefusedException;
import org.springframework.http.HttpStatus;

/** A client address made more subscriptions than an hour allows; answered with 429 and Retry-After. */
class TooManySubscriptionsException extends RefusedException {

    private TooManySubscriptionsException(String message, Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, "Too many subscriptions", message, retryAfter);
    }

    static TooManySubscriptionsException perHour(int limit, Duration retryAfter) {
        return new TooManySubscriptionsException(
                "At most " + limit + " subscriptions an hour may be made from one address; try again in "
                        + Math.max(1, (retryAfter.toSeconds() + 59) / 60) + " minutes.",
                retryAfter);
    }
}
