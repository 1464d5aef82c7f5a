package kz.adalmap.importers.publish;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.adalmap.importers.validate.InvisibleSigns;

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

    /**
     * The title with what shows nothing removed — the spaces around it, also no-break ones, and the
     * zero-width signs anywhere in it, which would make two titles that look alike differ —; null when
     * null or showing nothing.
     */
    private static String clean(String lang, String title) {
        if (title == null || title.isBlank()) {
            return null;
        }
        String which = lang.isEmpty() ? "the layer's title" : "the layer's title (" + lang + ")";
        int control = title.strip()
                .codePoints()
                .filter(c -> Character.isISOControl(c) || InvisibleSigns.turnsText(c))
                .findFirst()
                .orElse(-1);
        if (control != -1) {
            throw new IllegalArgumentException(String.format(
                    "%s holds the %s %s; a title is one line of letters, digits and punctuation",
                    which, InvisibleSigns.what(control), InvisibleSigns.named(control)));
        }
        String text = InvisibleSigns.shown(InvisibleSigns.withoutZeroWidth(title));
        if (text == null) {
            return null;
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    which + " is " + text.length() + " characters long; a title takes at most " + MAX_LENGTH);
        }
        return text;
    }
}
