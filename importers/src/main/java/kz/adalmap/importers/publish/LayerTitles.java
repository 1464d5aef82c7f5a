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
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(which + " holds a control character (a line break, a tab)");
        }
        return text;
    }
}
