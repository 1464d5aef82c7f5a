package kz.adalmap.api.plot;

import java.util.Arrays;
import java.util.List;

/**
 * The kinds of engineering network (the codes of table {@code network_kind}) a plot search can ask
 * about; each gives a parameter {@code <kind>_within} and sort orders {@code distance_<kind>}.
 */
enum NetworkKind {
    POWER,
    GAS,
    WATER,
    SEWERAGE,
    HEATING,
    TELECOM;

    /** The code in the database and in parameter names. */
    String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The parameter that limits the distance to this kind, in metres. */
    String withinParameter() {
        return code() + "_within";
    }

    static List<String> withinParameters() {
        return Arrays.stream(values()).map(NetworkKind::withinParameter).toList();
    }
}
