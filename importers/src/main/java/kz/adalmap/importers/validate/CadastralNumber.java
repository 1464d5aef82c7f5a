package kz.adalmap.importers.validate;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kazakh cadastral numbers: region (2 digits), district (3), accounting quarter (3), plot (3 or
 * more), stored as {@code RR-DDD-QQQ-NNN…}. They arrive with dashes or without, and as offices type
 * them: separated by colons, dots, slashes, spaces or a word processor's dashes (en dash, minus
 * sign…), with spaces either side of the separator («05 - 085 - 012 - 003»), after the apostrophe
 * Excel keeps in front of a number typed as text, with no-break space around, and with the full stop
 * or comma of a sentence after it, after «№» or «КН», and with the zero fraction of a
 * spreadsheet's float (12085601002.0). The database function {@code cadastral_normalize(text)} applies the same rule in SQL.
 */
public final class CadastralNumber {

    private static final String SEPARATOR = "[ \u00a0]*[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[ \u00a0]*";
    private static final Pattern ACCEPTED =
            Pattern.compile("\\d{2}" + SEPARATOR + "\\d{3}" + SEPARATOR + "\\d{3}" + SEPARATOR + "\\d{3,}");
    private static final Pattern AROUND =
            Pattern.compile("^[ \t\r\n\u00a0\u2007\u202f']+|[ \t\r\n\u00a0\u2007\u202f.,;]+$");
    /** Characters no one sees: zero-width spaces and joiners, direction marks, the soft hyphen, a BOM. */
    public static final Pattern INVISIBLE = Pattern.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]");

    /** What a cell may say before the number: «№», «КН», «К/Н», «кад. №», «No.». */
    private static final Pattern PREFIX = Pattern.compile(
            "^([Кк]ад(астровый)?\\.?[ \u00a0]*)?(№|No\\.?|N°?|[Кк][Нн]|[Кк]/[Нн]|[Кк]\\.[Нн]\\.)[ \u00a0:]*");

    /** The zero fraction a spreadsheet's number gets when written as a float: 12085601002.0, 12085601002,00. */
    private static final Pattern ZERO_FRACTION = Pattern.compile("^([0-9]{11,})[.,]0+$");

    private CadastralNumber() {}

    /** The normalised form of {@code raw}, or empty when it is not a cadastral number. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String trimmed = ZERO_FRACTION
                .matcher(PREFIX.matcher(AROUND.matcher(INVISIBLE.matcher(raw).replaceAll(""))
                                .replaceAll(""))
                        .replaceFirst(""))
                .replaceAll("$1");
        if (!ACCEPTED.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        String d = trimmed.replaceAll("[^0-9]", "");
        return Optional.of(
                d.substring(0, 2) + "-" + d.substring(2, 5) + "-" + d.substring(5, 8) + "-" + d.substring(8));
    }

    /** What a well-formed number looks like, for error messages. */
    public static String expectedFormat() {
        return "RR-DDD-QQQ-NNN (region 2 digits, district 3, quarter 3, plot 3 or more; dashes, spaces, dots or colons between them, or none), e.g. 05-085-012-345";
    }
}
