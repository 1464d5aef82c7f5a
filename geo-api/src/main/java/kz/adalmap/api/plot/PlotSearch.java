package kz.adalmap.api.plot;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kz.adalmap.api.common.web.Bbox;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import kz.adalmap.api.config.AdalMapProperties;
import kz.adalmap.importers.validate.CadastralNumber;
import org.springframework.util.MultiValueMap;

/**
 * The query of the plot search ({@code GET /api/v1/plots/search}) and of its exports: filters over
 * the current public plots, a sort order, and for a page its size and keyset cursor.
 *
 * <p>Empty sets and empty optionals mean "no condition". Areas are hectares, compared with the
 * declared area or, for a plot without one, the area computed on the spheroid. Distances are metres
 * to the nearest network of the kind, as precomputed in {@code plot_network_distance} (5 km at most).
 *
 * @param regions region KATO codes (9 digits)
 * @param districts district KATO codes (9 digits)
 * @param city a city's KATO code or its name in Kazakh, Russian or English
 * @param cadastralPrefix the start of a cadastral number, written with dashes
 * @param within per network kind, the greatest distance in metres
 * @param limit features per page; 0 for an export (every matching plot)
 * @param cursor the position after which the page starts
 */
record PlotSearch(
        Optional<Bbox> bbox,
        Set<String> statuses,
        Set<String> landCategories,
        Optional<String> purpose,
        Optional<BigDecimal> minAreaHa,
        Optional<BigDecimal> maxAreaHa,
        Set<String> regions,
        Set<String> districts,
        Optional<String> city,
        Optional<String> cadastralNumber,
        Optional<String> cadastralPrefix,
        Map<NetworkKind, Integer> within,
        PlotSort sort,
        int limit,
        Optional<Cursor> cursor) {

    static final List<String> LAND_CATEGORIES =
            List.of("agricultural", "settlement", "industrial", "protected", "forest", "water", "reserve");

    /** The parameters every search and export takes. */
    static final List<String> FILTERS = filters();

    static final List<String> PAGE_PARAMETERS = with(FILTERS, "limit", "cursor");

    private static List<String> filters() {
        List<String> names = new ArrayList<>(List.of(
                "bbox",
                "status",
                "land_category",
                "purpose",
                "min_area_ha",
                "max_area_ha",
                "region",
                "district",
                "city",
                "cadastral_number",
                "cadastral_prefix"));
        names.addAll(NetworkKind.withinParameters());
        names.add("sort");
        return List.copyOf(names);
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    /** A page of the search. */
    static PlotSearch page(MultiValueMap<String, String> raw, AdalMapProperties.Api api) {
        QueryParameters q = QueryParameters.of(raw, PAGE_PARAMETERS);
        int limit = q.intInRange("limit", 1, api.maxPageSize(), api.defaultPageSize());
        return parse(q, limit, true);
    }

    /** Every plot the filters match, for an export. */
    static PlotSearch export(MultiValueMap<String, String> raw) {
        return parse(QueryParameters.of(raw, FILTERS), 0, false);
    }

    private static PlotSearch parse(QueryParameters q, int limit, boolean paged) {
        Optional<Bbox> bbox = q.get("bbox").map(text -> Bbox.parse("bbox", text));
        Set<String> statuses = list(q, "status", PlotFilter.STATUSES);
        Set<String> categories = list(q, "land_category", LAND_CATEGORIES);
        Optional<String> purpose = q.get("purpose").map(text -> {
            if (text.length() < 2 || text.length() > 100) {
                throw InvalidParameterException.of("purpose", "give 2 to 100 characters of the intended purpose");
            }
            return text;
        });
        Optional<BigDecimal> minArea = hectares(q, "min_area_ha");
        Optional<BigDecimal> maxArea = hectares(q, "max_area_ha");
        if (minArea.isPresent() && maxArea.isPresent() && minArea.get().compareTo(maxArea.get()) > 0) {
            throw InvalidParameterException.of(
                    "min_area_ha",
                    minArea.get().toPlainString() + " is greater than max_area_ha "
                            + maxArea.get().toPlainString());
        }
        Set<String> regions = katoCodes(q, "region");
        Set<String> districts = katoCodes(q, "district");
        Optional<String> city = q.get("city").map(text -> {
            if (text.length() > 100) {
                throw InvalidParameterException.of("city", "a city name is at most 100 characters");
            }
            return text;
        });
        Optional<String> number = q.get("cadastral_number")
                .map(text -> CadastralNumber.normalize(text)
                        .orElseThrow(() -> InvalidParameterException.of(
                                "cadastral_number",
                                "'" + QueryParameters.abbreviate(text) + "' is not a cadastral number; expected "
                                        + CadastralNumber.expectedFormat())));
        Optional<String> prefix = q.get("cadastral_prefix").map(PlotSearch::cadastralPrefix);
        Map<NetworkKind, Integer> within = new EnumMap<>(NetworkKind.class);
        for (NetworkKind kind : NetworkKind.values()) {
            if (q.get(kind.withinParameter()).isPresent()) {
                within.put(kind, q.intInRange(kind.withinParameter(), 0, 5000, 0));
            }
        }
        PlotSort sort = q.get("sort")
                .map(name -> PlotSort.byName(name)
                        .orElseThrow(() -> InvalidParameterException.of(
                                "sort",
                                "unknown sort order '" + QueryParameters.abbreviate(name) + "'; use one of "
                                        + String.join(", ", PlotSort.names()))))
                .orElse(PlotSort.ALL.get(0));
        Optional<Cursor> cursor = paged ? q.get("cursor").map(text -> Cursor.parse(text, sort)) : Optional.empty();
        return new PlotSearch(
                bbox,
                statuses,
                categories,
                purpose,
                minArea,
                maxArea,
                regions,
                districts,
                city,
                number,
                prefix,
                Map.copyOf(within),
                sort,
                limit,
                cursor);
    }

    private static Set<String> list(QueryParameters q, String name, List<String> allowed) {
        Set<String> values = new LinkedHashSet<>();
        q.get(name)
                .ifPresent(text -> Arrays.stream(text.split(","))
                        .map(String::strip)
                        .forEach(v -> {
                            if (!allowed.contains(v)) {
                                throw InvalidParameterException.of(
                                        name,
                                        "unknown value '" + QueryParameters.abbreviate(v) + "'; use "
                                                + String.join(", ", allowed) + " (comma-separated)");
                            }
                            values.add(v);
                        }));
        return Set.copyOf(values);
    }

    private static Optional<BigDecimal> hectares(QueryParameters q, String name) {
        return q.get(name).map(text -> {
            try {
                BigDecimal value = new BigDecimal(text);
                if (value.signum() >= 0 && value.compareTo(BigDecimal.valueOf(1_000_000)) <= 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw InvalidParameterException.of(
                    name,
                    "must be a number of hectares from 0 to 1000000 (decimal point), got '"
                            + QueryParameters.abbreviate(text) + "'");
        });
    }

    private static Set<String> katoCodes(QueryParameters q, String name) {
        Set<String> codes = new LinkedHashSet<>();
        q.get(name)
                .ifPresent(text -> Arrays.stream(text.split(","))
                        .map(String::strip)
                        .forEach(code -> {
                            if (!code.matches("[0-9]{9}")) {
                                throw InvalidParameterException.of(
                                        name,
                                        "'" + QueryParameters.abbreviate(code)
                                                + "' is not a KATO code (9 digits, comma-separated)");
                            }
                            codes.add(code);
                        }));
        return Set.copyOf(codes);
    }

    /** {@code 05085} or {@code 05-085-0} → the dashed start of the numbers, {@code 05-085} / {@code 05-085-0}. */
    static String cadastralPrefix(String text) {
        String digits = text.replace("-", "");
        if (!digits.matches("[0-9]{1,20}") || !text.matches("[0-9-]+")) {
            throw InvalidParameterException.of(
                    "cadastral_prefix",
                    "'" + QueryParameters.abbreviate(text) + "' is not the start of a cadastral number (digits,"
                            + " with or without dashes, e.g. 05-085 for a district; a whole number is "
                            + CadastralNumber.expectedFormat() + ")");
        }
        StringBuilder dashed = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i == 2 || i == 5 || i == 8) {
                dashed.append('-');
            }
            dashed.append(digits.charAt(i));
        }
        return dashed.toString();
    }

    /**
     * A position in a sort order: the key and id of the last plot of a page. Travels as an opaque
     * URL-safe text that also names its sort order, so a cursor is never applied to another order.
     */
    record Cursor(String sortName, Object key, long id) {

        String encode() {
            String keyText = key instanceof BigDecimal d ? d.toPlainString() : String.valueOf(key);
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((sortName + "|" + keyText + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String text, PlotSort sort) {
            try {
                String[] parts =
                        new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", -1);
                if (parts.length == 3) {
                    if (!parts[0].equals(sort.name())) {
                        throw InvalidParameterException.of(
                                "cursor",
                                "this cursor belongs to sort=" + QueryParameters.abbreviate(parts[0])
                                        + "; follow the next link of the same search");
                    }
                    return new Cursor(sort.name(), key(parts[1], sort.keyType()), Long.parseLong(parts[2]));
                }
            } catch (IllegalArgumentException e) {
                // not base64, or a key or id that is not a number: reported below
            }
            throw InvalidParameterException.of(
                    "cursor",
                    "'" + QueryParameters.abbreviate(text) + "' is not a cursor; use the next link of the"
                            + " previous page");
        }

        private static Object key(String text, PlotSort.KeyType type) {
            return switch (type) {
                case LONG -> Long.parseLong(text);
                case DECIMAL -> new BigDecimal(text);
                case DOUBLE -> Double.parseDouble(text);
            };
        }
    }
}
