package kz.adalmap.importers.publish;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The titles an import gives the plots or networks layer it creates, in Kazakh, Russian and English;
 * each null when none was given in that language. A layer is stored with its code as the title of a
 * language it was given none in, which the map's pages show as the name of the layer's kind with the
 * code after it («Земельные участки (almaty-free-2026)»), never as a title.
 */
public record LayerTitles(String kk, String ru, String en) {

    /** The longest title taken, as for a layer defined as data. */
    public static final int MAX_LENGTH = 200;

    /** The languages a layer is titled in, in the order the pages list them. */
    public static final List<String> LANGUAGES = List.of("kk", "ru", "en");

    /** No title in any language. */
    public static final LayerTitles NONE = new LayerTitles(null, null, null);

    public LayerTitles {
        kk = clean("kk", kk);
        ru = clean("ru", ru);
        en = clean("en", en);
    }

    /**
     * The titles given as {@code all} (one title for the three languages) and as one title per
     * language, which replaces {@code all} in its language; null or blank ones are none.
     *
     * @throws IllegalArgumentException for a title longer than {@link #MAX_LENGTH} or holding control
     *     characters
     */
    public static LayerTitles of(String all, String kk, String ru, String en) {
        String every = clean("", all);
        return new LayerTitles(
                clean("kk", kk) != null ? kk : every,
                clean("ru", ru) != null ? ru : every,
                clean("en", en) != null ? en : every);
    }

    /**
     * A change of a layer's titles: for each language {@code given} names (kk, ru, en), its new title
     * with the spaces around it removed, or null for none where the title given is null or blank; the
     * languages not named keep their titles. In the order of {@link #LANGUAGES}.
     *
     * @throws IllegalArgumentException for no language, a language other than kk, ru and en, or a title
     *     longer than {@link #MAX_LENGTH} or holding control characters
     */
    public static Map<String, String> change(Map<String, String> given) {
        for (String lang : given.keySet()) {
            if (!LANGUAGES.contains(lang)) {
                throw new IllegalArgumentException(
                        "'" + lang + "' is not a language of a layer's titles: kk, ru or en");
            }
        }
        if (given.isEmpty()) {
            throw new IllegalArgumentException(
                    "no title given: give one in kk, ru or en (a blank one for none, which shows the layer's kind"
                            + " and code)");
        }
        Map<String, String> change = new LinkedHashMap<>();
        for (String lang : LANGUAGES) {
            if (given.containsKey(lang)) {
                change.put(lang, clean(lang, given.get(lang)));
            }
        }
        return change;
    }

    public boolean isEmpty() {
        return kk == null && ru == null && en == null;
    }

    /** The titles given, by language (kk, ru, en), in that order. */
    public Map<String, String> given() {
        Map<String, String> given = new LinkedHashMap<>();
        if (kk != null) {
            given.put("kk", kk);
        }
        if (ru != null) {
            given.put("ru", ru);
        }
        if (en != null) {
            given.put("en", en);
        }
        return given;
    }

    /** The title with the spaces around it removed; null when null or blank. */
    private static String clean(String lang, String title) {
        if (title == null || title.isBlank()) {
            return null;
        }
        String text = title.strip();
        String which = lang.isEmpty() ? "the layer's title" : "the layer's title (" + lang + ")";
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    which + " is " + text.length() + " characters long; a title takes at most " + MAX_LENGTH);
        }
        int control = text.codePoints()
                .filter(c -> Character.isISOControl(c) || turnsText(c))
                .findFirst()
                .orElse(-1);
        if (control != -1) {
            throw new IllegalArgumentException(String.format(
                    "%s holds the %s U+%04X; a title is one line of letters, digits and punctuation",
                    which, turnsText(control) ? "sign of writing direction" : "control character", control));
        }
        return text;
    }

    /**
     * Whether {@code c} is one of Unicode's invisible signs of writing direction (U+200E, U+200F,
     * U+061C, U+202A–U+202E, U+2066–U+2069), which no Kazakh, Russian or English text needs: in a
     * text shown to the public (a title, the reason of a change on a plot's card) they turn the
     * letters after them around, so that «приказ 12» reads otherwise than it is written.
     */
    public static boolean turnsText(int c) {
        return c == 0x200e
                || c == 0x200f
                || c == 0x061c
                || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
