package kz.adalmap.api.subscription;

import java.time.Duration;

/** A client address made more subscriptions than an hour allows; answered with 429 and Retry-After. */
class TooManySubscriptionsException extends RuntimeException {

    private final Duration retryAfter;

    private TooManySubscriptionsException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    static TooManySubscriptionsException perHour(int limit, Duration retryAfter) {
        return new TooManySubscriptionsException(
                "At most " + limit + " subscriptions an hour may be made from one address; try again in "
                        + Math.max(1, (retryAfter.toSeconds() + 59) / 60) + " minutes.",
                retryAfter);
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
