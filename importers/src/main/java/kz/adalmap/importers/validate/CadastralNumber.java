package kz.adalmap.importers.validate;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kazakh cadastral numbers: region (2 digits), district (3), accounting quarter (3), plot (3 or
 * more), stored as {@code RR-DDD-QQQ-NNN…}. They arrive with or without dashes; both are accepted.
 * The database function {@code cadastral_normalize(text)} applies the same rule in SQL.
 */
public final class CadastralNumber {

    private static final Pattern ACCEPTED = Pattern.compile("\\d{2}-?\\d{3}-?\\d{3}-?\\d{3,}");

    private CadastralNumber() {}

    /** The normalised form of {@code raw}, or empty when it is not a cadastral number. Blank space around it is ignored. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String trimmed = raw.strip();
        if (!ACCEPTED.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        String d = trimmed.replace("-", "");
        return Optional.of(
                d.substring(0, 2) + "-" + d.substring(2, 5) + "-" + d.substring(5, 8) + "-" + d.substring(8));
    }

    /** What a well-formed number looks like, for error messages. */
    public static String expectedFormat() {
        return "RR-DDD-QQQ-NNN (region 2 digits, district 3, quarter 3, plot 3 or more; dashes optional), e.g. 05-085-012-345";
    }
}
