package kz.adalmap.api.tiles;

import java.util.Arrays;
import java.util.List;
import kz.adalmap.api.appeal.PublicAppealFilter;

/**
 * The layers served as vector tiles, each with the query parameters it takes. The name is both the
 * path segment of the URL and the name of the layer inside the tile.
 */
enum TileLayer {
    PLOTS(
            "plots",
            List.of(
                    "status",
                    "land_category",
                    "min_area_ha",
                    "max_area_ha",
                    "region",
                    "purpose",
                    "power_within",
                    "gas_within",
                    "water_within",
                    "sewerage_within",
                    "heating_within",
                    "telecom_within")),
    NETWORKS("networks", List.of("kind")),
    APPEALS("appeals", PublicAppealFilter.PARAMETERS);

    private final String id;
    private final List<String> parameters;

    TileLayer(String id, List<String> parameters) {
        this.id = id;
        this.parameters = parameters;
    }

    /** The layer named {@code id} in a URL; 404 when there is none. */
    static TileLayer byId(String id) {
        return Arrays.stream(values())
                .filter(l -> l.id.equals(id))
                .findFirst()
                .orElseThrow(() -> TileNotFoundException.forLayer(id));
    }

    String id() {
        return id;
    }

    /** The query parameters the layer's tiles take; any other is rejected. */
    List<String> parameters() {
        return parameters;
    }
}
