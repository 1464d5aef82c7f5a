package kz.adalmap.api.appeal;

import java.time.Duration;
import java.util.List;
import kz.adalmap.api.common.web.RefusedException;
import org.springframework.http.HttpStatus;

/**
 * A step in an appeal's life that is well-formed but refused: not allowed from the current status
 * (409), not for the caller's role or agency (403), a wrong tracking secret (403), a second rating,
 * reopening or "me too" (409), too many supports in an hour (429).
 */
class AppealActionRefusedException extends RefusedException {

    private AppealActionRefusedException(HttpStatus status, String title, String message, Duration retryAfter) {
        super(status, title, message, retryAfter);
    }

    static AppealActionRefusedException wrongStatus(String code, String status, String action, List<String> from) {
        return new AppealActionRefusedException(
                HttpStatus.CONFLICT,
                "Not allowed in this status",
                "Appeal " + code + " is '" + status + "'; it can be " + action + " only when it is "
                        + String.join(
                                " or ", from.stream().map(s -> "'" + s + "'").toList()) + ".",
                null);
    }

    static AppealActionRefusedException notYourRole(String action, String who) {
        return new AppealActionRefusedException(
                HttpStatus.FORBIDDEN,
                "Not allowed for your role",
                "Only " + who + " may " + action + " an appeal.",
                null);
    }

    static AppealActionRefusedException wrongSecret(String code) {
        return new AppealActionRefusedException(
                HttpStatus.FORBIDDEN,
                "Wrong tracking secret",
                "Send the tracking secret you were given when appeal " + code
                        + " was submitted, in the X-Appeal-Secret header.",
                null);
    }

    static AppealActionRefusedException alreadyRated(String code) {
        return new AppealActionRefusedException(
                HttpStatus.CONFLICT,
                "Already rated",
                "The answer to appeal " + code + " has been rated already.",
                null);
    }

    static AppealActionRefusedException alreadyReopened(String code) {
        return new AppealActionRefusedException(
                HttpStatus.CONFLICT,
                "Already reopened",
                "Appeal " + code + " has been reopened once already; it cannot be reopened again.",
                null);
    }

    static AppealActionRefusedException alreadySupported(String code) {
        return new AppealActionRefusedException(
                HttpStatus.CONFLICT, "Already supported", "You support appeal " + code + " already.", null);
    }

    static AppealActionRefusedException closed(String code, String status) {
        return new AppealActionRefusedException(
                HttpStatus.CONFLICT,
                "Appeal closed",
                "Appeal " + code + " is '" + status + "': it cannot be supported any more.",
                null);
    }

    static AppealActionRefusedException mergeTarget(String code, String why) {
        return new AppealActionRefusedException(
                HttpStatus.CONFLICT, "Cannot merge", "Appeal cannot be merged into " + code + ": " + why + ".", null);
    }

    static AppealActionRefusedException tooManySupports(int limit, Duration retryAfter) {
        return new AppealActionRefusedException(
                HttpStatus.TOO_MANY_REQUESTS,
                "Too many supports",
                "At most " + limit + " appeals an hour may be supported by one person; try again in "
                        + Math.max(1, (retryAfter.toSeconds() + 59) / 60) + " minutes.",
                retryAfter);
    }
}
