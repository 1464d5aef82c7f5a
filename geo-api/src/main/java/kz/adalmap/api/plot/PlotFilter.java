package kz.adalmap.api.plot;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.adalmap.api.common.web.Bbox;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import kz.adalmap.api.config.AdalMapProperties;
import org.springframework.util.MultiValueMap;

/**
 * The query of {@code GET /api/v1/plots}: an optional bounding box, optional statuses, a page size
 * and the keyset cursor {@code after} (the id of the last plot of the previous page).
 *
 * @param statuses empty means every status
 */
record PlotFilter(Optional<Bbox> bbox, Set<String> statuses, int limit, long after) {

    static final List<String> PARAMETERS = List.of("bbox", "status", "limit", "after");
    static final List<String> STATUSES =
            List.of("free", "auction_scheduled", "in_application", "allocated", "withdrawn");

    static PlotFilter parse(MultiValueMap<String, String> raw, AdalMapProperties.Api api) {
        QueryParameters q = QueryParameters.of(raw, PARAMETERS);
        Optional<Bbox> bbox = q.get("bbox").map(text -> Bbox.parse("bbox", text));
        Set<String> statuses = new LinkedHashSet<>();
        q.get("status")
                .ifPresent(text -> Arrays.stream(text.split(","))
                        .map(String::strip)
                        .forEach(s -> {
                            if (!STATUSES.contains(s)) {
                                throw InvalidParameterException.of(
                                        "status",
                                        "unknown status '" + QueryParameters.abbreviate(s) + "'; use "
                                                + String.join(", ", STATUSES) + " (comma-separated)");
                            }
                            statuses.add(s);
                        }));
        int limit = q.intInRange("limit", 1, api.maxPageSize(), api.defaultPageSize());
        long after = q.cursor("after");
        return new PlotFilter(bbox, Set.copyOf(statuses), limit, after);
    }
}
