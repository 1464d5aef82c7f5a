package kz.adalmap.importers.validate;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The units of area a field's name says («Площадь, кв.м», {@code s_ga}, «Ауданы, сотық»), as the
 * declared area of a plot is read in them, and as a form's header writes them under the name of
 * the columns they are of.
 */
public final class AreaUnits {

    private AreaUnits() {}

    /** A field's name that says square metres: м2, м², кв.м, кв. метров, ш.м (шаршы метр), sq m, m2. */
    public static final Pattern SQUARE_METRES =
            words("м2|м²|m2|m²|квм|sqm|кв_*м|кв_*метр\\p{L}*|ш_*м|шаршы_*м\\p{L}*|sq_*m\\p{L}*|square_*met\\p{L}*");

    /** A field's name that says sotkas (hundredths of a hectare): сот., сотки, соток, сотық, sotka. */
    public static final Pattern SOTKAS = words("сот|сотк\\p{L}*|соток|сотых|сотық\\p{L}*|sotk\\p{L}*|sot");

    /** A field's name that says hectares: га, ha, ga (transliterated), гектар, hectare. */
    public static final Pattern HECTARES = words("га|ha|ga|гектар\\p{L}*|hectare\\p{L}*");

    /**
     * {@code words} standing on their own in a field's name, with {@code _} for any run of signs
     * between two of them.
     */
    public static Pattern words(String words) {
        return Pattern.compile(
                "(^|[^\\p{L}\\p{N}])(" + words.replace("_*", "[^\\p{L}\\p{N}]*") + ")($|[^\\p{L}\\p{N}])");
    }

    /**
     * The unit a field's name says its areas are in ({@code m2}, {@code ha} or {@code sotka}), or
     * null when it says none or more than one: «Площадь, кв.м», «Площадь (м²)», «Площадь, м2»,
     * «Ауданы, ш.м», {@code S_m2}, {@code area sq m} are square metres; «Площадь, га», {@code s_ga},
     * {@code area_ha} hectares; «Площадь, сот.», «Ауданы, сотық» sotkas (a hundredth of a hectare).
     */
    public static String named(String column) {
        String name = column.toLowerCase(Locale.ROOT);
        boolean metres = SQUARE_METRES.matcher(name).find();
        boolean hectares = HECTARES.matcher(name).find();
        boolean sotkas = SOTKAS.matcher(name).find();
        int units = (metres ? 1 : 0) + (hectares ? 1 : 0) + (sotkas ? 1 : 0);
        return units != 1 ? null : metres ? "m2" : hectares ? "ha" : "sotka";
    }

    /**
     * Whether {@code cell} is a unit of area alone, as a form's second row of names writes it under
     * a name over several columns: «га», «кв.м», «м²», «сот.», «ha», «sq m»; a name with more words
     * to it («Площадь, га») is none.
     */
    public static boolean alone(String cell) {
        String name = cell.strip().toLowerCase(Locale.ROOT);
        if (named(name) == null) {
            return false;
        }
        // what is left once the unit's words are taken out: signs, nothing else
        String rest = name;
        for (Pattern unit : new Pattern[] {SQUARE_METRES, HECTARES, SOTKAS}) {
            rest = unit.matcher(rest).replaceAll("$1$3");
        }
        return !rest.matches(".*[\\p{L}\\p{N}].*");
    }
}
