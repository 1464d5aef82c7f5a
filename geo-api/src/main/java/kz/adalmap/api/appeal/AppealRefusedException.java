package kz.adalmap.api.appeal;

import java.time.Duration;
import kz.adalmap.api.common.web.RefusedException;
import org.springframework.http.HttpStatus;

/**
 * A submission that is well-formed but refused: too many from one address (429), a channel the
 * caller may not use (401/403), or an Idempotency-Key reused with another body (409).
 */
class AppealRefusedException extends RefusedException {

    private AppealRefusedException(HttpStatus status, String title, String message, Duration retryAfter) {
        super(status, title, message, retryAfter);
    }

    static AppealRefusedException tooMany(int limit, Duration retryAfter) {
        return new AppealRefusedException(
                HttpStatus.TOO_MANY_REQUESTS,
                "Too many appeals",
                "At most " + limit + " appeals an hour may be submitted from one address; try again in "
                        + Math.max(1, (retryAfter.toSeconds() + 59) / 60) + " minutes.",
                retryAfter);
    }

    static AppealRefusedException channelNotAllowed(String channel, String who) {
        return new AppealRefusedException(
                HttpStatus.FORBIDDEN,
                "Channel not allowed",
                "channel: '" + channel + "' may be used only by " + who,
                null);
    }

    static AppealRefusedException unknownToken() {
        return new AppealRefusedException(
                HttpStatus.UNAUTHORIZED, "Unknown API token", "The API token is unknown or revoked.", null);
    }

    static AppealRefusedException idempotencyKeyReused() {
        return new AppealRefusedException(
                HttpStatus.CONFLICT,
                "Idempotency-Key reused",
                "Idempotency-Key: this key was used for a submission with different content; use a new key for"
                        + " a new appeal",
                null);
    }
}
