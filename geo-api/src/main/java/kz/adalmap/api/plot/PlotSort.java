package kz.adalmap.api.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sort orders of the plot search: the value of {@code sort}, the SQL expression of the key
 * (from this allow-list only, never from the request) and how its cursor value is typed.
 *
 * <p>Every order is completed by the plot id, so the order is total and a keyset cursor (key, id)
 * names a position in it exactly.
 */
record PlotSort(String name, String keyExpression, KeyType keyType, boolean descending, NetworkKind kind) {

    /** How the sort key travels in a cursor and is bound back into SQL. */
    enum KeyType {
        /** bigint */
        LONG,
        /** numeric, exact decimal text */
        DECIMAL,
        /** double precision; Infinity for "no network within the cap" */
        DOUBLE
    }

    /** Declared area, or the area computed on the spheroid when none is declared; hectares. */
    static final String AREA = "coalesce(p.area_declared_ha, round((ST_Area(p.geom::geography) / 10000)::numeric, 4))";

    /** When the plot got its current status, as microseconds since 1970 (exact in a cursor). */
    static final String STATUS_SINCE_MICROS = "(extract(epoch FROM s.status_since) * 1000000)::bigint";

    static final List<PlotSort> ALL = all();

    private static List<PlotSort> all() {
        List<PlotSort> sorts = new ArrayList<>();
        sorts.add(new PlotSort("id", "p.id", KeyType.LONG, false, null));
        sorts.add(new PlotSort("area", AREA, KeyType.DECIMAL, false, null));
        sorts.add(new PlotSort("-area", AREA, KeyType.DECIMAL, true, null));
        sorts.add(new PlotSort("published", STATUS_SINCE_MICROS, KeyType.LONG, false, null));
        sorts.add(new PlotSort("-published", STATUS_SINCE_MICROS, KeyType.LONG, true, null));
        for (NetworkKind kind : NetworkKind.values()) {
            // plots with no network of the kind within the cap come last
            String key = "coalesce(sd.distance_m, 'Infinity'::float8)";
            sorts.add(new PlotSort("distance_" + kind.code(), key, KeyType.DOUBLE, false, kind));
            sorts.add(new PlotSort("-distance_" + kind.code(), key, KeyType.DOUBLE, true, kind));
        }
        return List.copyOf(sorts);
    }

    static Optional<PlotSort> byName(String name) {
        return ALL.stream().filter(s -> s.name.equals(name)).findFirst();
    }

    static List<String> names() {
        return ALL.stream().map(PlotSort::name).toList();
    }
}
