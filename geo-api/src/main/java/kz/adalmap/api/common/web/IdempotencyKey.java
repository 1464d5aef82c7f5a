package kz.adalmap.api.common.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} header of a submission: a retry with the same key is answered what the
 * first one got instead of making a second appeal or proposal.
 */
public final class IdempotencyKey {

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private IdempotencyKey() {}

    /** The request's key, or null when it sent none. */
    public static String of(HttpServletRequest request) {
        String key = request.getHeader("Idempotency-Key");
        if (key == null) {
            return null;
        }
        if (!KEY.matcher(key.strip()).matches()) {
            throw InvalidParameterException.of(
                    "Idempotency-Key", "must be 1 to 128 visible ASCII characters, such as a UUID");
        }
        return key.strip();
    }
}
