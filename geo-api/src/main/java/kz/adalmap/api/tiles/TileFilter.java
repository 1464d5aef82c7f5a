package kz.adalmap.api.tiles;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import kz.adalmap.api.appeal.PublicAppealFilter;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import org.springframework.util.MultiValueMap;

/**
 * The query of a tile: which features of the layer it draws. Plots take the filters of the plot
 * search (statuses, land categories, an area range in hectares on the spheroid as {@code area_ha}
 * shows it, a region by KATO code, a text in the intended purpose, and for each network kind the
 * greatest distance in metres to the nearest one, as {@code plot_network_distance} keeps it),
 * networks their kinds, appeals the filters of the public appeal list ({@link PublicAppealFilter}).
 * Empty lists, maps and optionals mean "any". Lists and maps are sorted, so equal filters give equal
 * {@link #canonical()} text.
 */
record TileFilter(
        List<String> statuses,
        List<String> landCategories,
        Optional<BigDecimal> minAreaHa,
        Optional<BigDecimal> maxAreaHa,
        Optional<String> regionKato,
        List<String> kinds,
        Optional<String> purpose,
        SortedMap<String, Integer> withinMetres,
        PublicAppealFilter appeals) {

    static final List<String> STATUSES =
            List.of("free", "auction_scheduled", "in_application", "allocated", "withdrawn");
    static final List<String> LAND_CATEGORIES =
            List.of("agricultural", "settlement", "industrial", "protected", "forest", "water", "reserve");
    static final List<String> NETWORK_KINDS = List.of("power", "gas", "water", "sewerage", "heating", "telecom");

    /** Reads the parameters {@code layer} takes; any other is rejected with 400. */
    static TileFilter parse(TileLayer layer, MultiValueMap<String, String> raw) {
        QueryParameters q = QueryParameters.of(raw, layer.parameters());
        if (layer == TileLayer.APPEALS) {
            return new TileFilter(
                    List.of(),
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    Optional.empty(),
                    new TreeMap<>(),
                    PublicAppealFilter.parse(q));
        }
        Optional<BigDecimal> min = area(q, "min_area_ha");
        Optional<BigDecimal> max = area(q, "max_area_ha");
        if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
            throw InvalidParameterException.of(
                    "min_area_ha",
                    min.get().toPlainString() + " is greater than max_area_ha "
                            + max.get().toPlainString());
        }
        Optional<String> region = q.get("region").map(kato -> {
            if (!kato.matches("[0-9]{9}")) {
                throw InvalidParameterException.of(
                        "region", "must be a KATO code of 9 digits, got '" + QueryParameters.abbreviate(kato) + "'");
            }
            return kato;
        });
        Optional<String> purpose = q.get("purpose").map(text -> {
            String stripped = text.strip();
            if (stripped.length() < 2 || stripped.length() > 100) {
                throw InvalidParameterException.of("purpose", "give 2 to 100 characters of the intended purpose");
            }
            return stripped;
        });
        SortedMap<String, Integer> within = new TreeMap<>();
        for (String kind : NETWORK_KINDS) {
            String name = kind + "_within";
            q.get(name).ifPresent(text -> {
                if (!text.matches("[0-9]{1,4}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 5000) {
                    throw InvalidParameterException.of(
                            name,
                            "must be a distance in metres from 1 to 5000 (distances are kept up to 5 km), got '"
                                    + QueryParameters.abbreviate(text) + "'");
                }
                within.put(kind, Integer.parseInt(text));
            });
        }
        return new TileFilter(
                codes(q, "status", STATUSES),
                codes(q, "land_category", LAND_CATEGORIES),
                min,
                max,
                region,
                codes(q, "kind", NETWORK_KINDS),
                purpose,
                within,
                PublicAppealFilter.NONE);
    }

    /** Whether the filter needs each plot read: the low-zoom grid does not count by these. */
    boolean needsPlots() {
        return purpose.isPresent() || !withinMetres.isEmpty();
    }

    /** The filter as text: equal for equal filters, part of the tile's ETag. */
    String canonical() {
        return String.join(",", statuses) + ";" + String.join(",", landCategories) + ";"
                + minAreaHa.map(BigDecimal::toPlainString).orElse("") + ";"
                + maxAreaHa.map(BigDecimal::toPlainString).orElse("") + ";" + regionKato.orElse("") + ";"
                + String.join(",", kinds) + ";" + purpose.orElse("") + ";" + withinMetres + ";" + appeals.canonical();
    }

    /**
     * The largest area, shown with 4 decimals, that is below {@code min_area_ha}, less half a step:
     * every shown area is a multiple of 0.0001, so "area &lt; min" is "area &lt;= this" without rounding
     * doubts.
     */
    Optional<Double> areaBelowMin() {
        return minAreaHa.map(m -> m.setScale(4, RoundingMode.CEILING)
                .subtract(new BigDecimal("0.00005"))
                .doubleValue());
    }

    private static List<String> codes(QueryParameters q, String name, List<String> allowed) {
        TreeSet<String> codes = new TreeSet<>();
        q.get(name)
                .ifPresent(text -> Arrays.stream(text.split(","))
                        .map(String::strip)
                        .forEach(code -> {
                            if (!allowed.contains(code)) {
                                throw InvalidParameterException.of(
                                        name,
                                        "unknown " + name.replace('_', ' ') + " '" + QueryParameters.abbreviate(code)
                                                + "'; use " + String.join(", ", allowed) + " (comma-separated)");
                            }
                            codes.add(code);
                        }));
        return List.copyOf(codes);
    }

    private static Optional<BigDecimal> area(QueryParameters q, String name) {
        return q.get(name).map(text -> {
            try {
                BigDecimal value = new BigDecimal(text);
                if (value.signum() >= 0 && value.compareTo(new BigDecimal("1e9")) <= 0) {
                    return value.stripTrailingZeros();
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw InvalidParameterException.of(
                    name,
                    "must be an area in hectares from 0 to 1000000000 (e.g. 0.25), got '"
                            + QueryParameters.abbreviate(text) + "'");
        });
    }
}
