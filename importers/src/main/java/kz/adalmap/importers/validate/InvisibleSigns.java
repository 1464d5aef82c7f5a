package kz.adalmap.importers.validate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The characters a text shown to the public may hold without anyone seeing them: Unicode's signs of
 * writing direction, its zero-width signs, and the control characters other than a line break and a
 * tab. One list for every text the public reads — a layer's title, the reason of a change on a plot's
 * card, the text a file's features bring — so that each says and does the same of the same sign.
 */
public final class InvisibleSigns {

    /**
     * The signs of writing direction (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which no
     * Kazakh, Russian or English text needs: they turn the letters after them around, so that
     * «приказ 12» reads otherwise than it is written.
     */
    private static final int[][] DIRECTION = {{0x061c, 0x061c}, {0x200e, 0x200f}, {0x202a, 0x202e}, {0x2066, 0x2069}};

    /**
     * The zero-width space, non-joiner and joiner (U+200B–U+200D), the word joiner and the invisible
     * operators (U+2060–U+2064) and the byte order mark (U+FEFF) a text pasted from a web page, Word
     * or Excel brings: they show nothing, and a search or a comparison by what one sees misses them.
     */
    private static final int[][] ZERO_WIDTH = {{0x200b, 0x200d}, {0x2060, 0x2064}, {0xfeff, 0xfeff}};

    /**
     * The control characters of a text of several lines: those of ASCII other than the tab and the
     * line breaks (U+0001–U+0008, U+000B, U+000C, U+000E–U+001F) and DEL (U+007F). The controls of
     * Latin-1 (U+0080–U+009F) are not among them: a file's text decoded in the wrong code page holds
     * them, and is said as such.
     */
    private static final int[][] CONTROL = {{0x01, 0x08}, {0x0b, 0x0c}, {0x0e, 0x1f}, {0x7f, 0x7f}};

    /**
     * A PostgreSQL regular expression matching any one of the signs a text of several lines shows
     * nothing of: those of writing direction, zero-width and control ({@link #unseen}).
     */
    public static final String SQL_CLASS = "["
            + List.of(DIRECTION, ZERO_WIDTH, CONTROL).stream()
                    .flatMap(java.util.Arrays::stream)
                    .map(r -> r[0] == r[1]
                            ? String.format("\\u%04x", r[0])
                            : String.format("\\u%04x-\\u%04x", r[0], r[1]))
                    .collect(Collectors.joining())
            + "]";

    private InvisibleSigns() {}

    private static boolean in(int[][] ranges, int c) {
        for (int[] r : ranges) {
            if (c >= r[0] && c <= r[1]) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code c} is a sign of writing direction ({@link #DIRECTION}). */
    public static boolean turnsText(int c) {
        return in(DIRECTION, c);
    }

    /** Whether {@code c} is a zero-width sign ({@link #ZERO_WIDTH}). */
    public static boolean zeroWidth(int c) {
        return in(ZERO_WIDTH, c);
    }

    /**
     * Whether {@code c} is a sign a text of several lines shows nothing of: a sign of writing direction,
     * a zero-width sign or a control character other than a line break and a tab.
     */
    public static boolean unseen(int c) {
        return in(DIRECTION, c) || in(ZERO_WIDTH, c) || in(CONTROL, c);
    }

    /** What {@code c} is, in the words of a message: "sign of writing direction", "zero-width sign"… */
    public static String what(int c) {
        return turnsText(c) ? "sign of writing direction" : zeroWidth(c) ? "zero-width sign" : "control character";
    }

    /** {@code c} as a message names it: U+202E. */
    public static String named(int c) {
        return String.format("U+%04X", c);
    }

    /**
     * {@code text} without what shows nothing around it, or null when it shows nothing at all: spaces
     * of any width — also the no-break and zero-width ones a text pasted from Word or Excel brings,
     * which {@link String#strip} leaves —, control characters and invisible format characters.
     */
    public static String shown(String text) {
        if (text == null) {
            return null;
        }
        int start = 0;
        int end = text.length();
        while (start < end && showsNothing(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && showsNothing(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return start == end ? null : text.substring(start, end);
    }

    /** A space of any width, a control or an invisible format character (U+200B, U+FEFF, U+2060…). */
    private static boolean showsNothing(int c) {
        return Character.isWhitespace(c)
                || Character.isSpaceChar(c)
                || Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT;
    }

    /** {@code text} without its zero-width signs. */
    public static String withoutZeroWidth(String text) {
        return text.codePoints()
                .filter(c -> !zeroWidth(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
