package kz.adalmap.api.tiles;

import java.time.Duration;
import java.util.Arrays;
import kz.adalmap.api.common.web.QueryParameters;
import kz.adalmap.api.config.AdalMapProperties;
import kz.adalmap.api.customlayer.CustomLayer;
import kz.adalmap.api.customlayer.CustomLayerCatalogueQueries;
import kz.adalmap.api.customlayer.CustomLayerFilter;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Mapbox vector tiles (MVT 2.1) of the public layers in the Web Mercator XYZ grid:
 * {@code /tiles/{layer}/{z}/{x}/{y}.mvt} with {@code layer} plots, networks or appeals, and
 * {@code /tiles/layer/{code}/{z}/{x}/{y}.mvt} for each public custom layer. Each tile
 * holds one layer of the same name, 4096 units across. Plots are drawn as outlines from
 * {@code adalmap.tiles.plot-outline-zoom} on and below it as one point per grid cell (64 × 64 cells a
 * tile) with the number of plots as {@code count}; appeals likewise below
 * {@code adalmap.tiles.appeal-point-zoom}. Tiles carry a weak ETag that changes with the layer's data
 * and are answered 304 when the client sends it back in {@code If-None-Match}.
 */
@RestController
class TileController {

    /** The media type of Mapbox vector tiles. */
    static final MediaType MVT = MediaType.parseMediaType("application/vnd.mapbox-vector-tile");

    private final TileQueries queries;
    private final CustomLayerCatalogueQueries catalogue;
    private final CacheControl cacheControl;

    TileController(TileQueries queries, CustomLayerCatalogueQueries catalogue, AdalMapProperties properties) {
        this.queries = queries;
        this.catalogue = catalogue;
        // by default a tile is asked for again each time, and answered 304 while it is the same: a
        // publication changes the map at once, for every client and proxy
        this.cacheControl = properties.tiles().maxAgeSeconds() == 0
                ? CacheControl.noCache().cachePublic()
                : CacheControl.maxAge(Duration.ofSeconds(properties.tiles().maxAgeSeconds()))
                        .cachePublic();
    }

    /**
     * One tile. Plots take {@code status} and {@code land_category} (comma-separated codes),
     * {@code min_area_ha} and {@code max_area_ha} (hectares on the spheroid, inclusive) and
     * {@code region} (KATO code); networks take {@code kind} (comma-separated); appeals take
     * {@code category}, {@code status} (comma-separated), {@code agency}, {@code region}, {@code from},
     * {@code to} (days in UTC+5, inclusive) and {@code overdue}, and a cluster counts only those.
     */
    @GetMapping("/tiles/{layer}/{z}/{x}/{y}.mvt")
    ResponseEntity<byte[]> tile(
            @PathVariable String layer,
            @PathVariable String z,
            @PathVariable String x,
            @PathVariable String y,
            @RequestParam MultiValueMap<String, String> params,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        TileLayer tileLayer = TileLayer.byId(layer);
        TileAddress at = TileAddress.parse(z, x, y);
        TileFilter filter = TileFilter.parse(tileLayer, params);
        return answer(queries.tile(tileLayer, at, filter, etag -> matches(ifNoneMatch, etag)));
    }

    /**
     * One tile of the public custom layer {@code code}, as layer {@code code} inside the tile, with the
     * features' attributes; it takes the filters of the layer's GeoJSON API ({@link CustomLayerFilter}).
     * Points are counted in clusters ({@code count}) below {@code adalmap.tiles.appeal-point-zoom}.
     */
    @GetMapping("/tiles/layer/{code}/{z}/{x}/{y}.mvt")
    ResponseEntity<byte[]> customTile(
            @PathVariable String code,
            @PathVariable String z,
            @PathVariable String x,
            @PathVariable String y,
            @RequestParam MultiValueMap<String, String> params,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        CustomLayer layer = catalogue.publicCustomLayer(code);
        TileAddress at = TileAddress.parse(z, x, y);
        QueryParameters q = QueryParameters.of(params, CustomLayerFilter.parameters(layer));
        CustomLayerFilter filter = CustomLayerFilter.parse(layer, q);
        return answer(queries.customTile(layer, at, filter, etag -> matches(ifNoneMatch, etag)));
    }

    private ResponseEntity<byte[]> answer(TileQueries.Tile tile) {
        if (tile.body() == null) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(tile.etag())
                    .cacheControl(cacheControl)
                    .build();
        }
        return ResponseEntity.ok()
                .contentType(MVT)
                .eTag(tile.etag())
                .cacheControl(cacheControl)
                .body(tile.body());
    }

    /** If-None-Match compares weakly (RFC 9110 13.1.2): {@code W/"a"} matches {@code "a"}; {@code *} matches all. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = opaque(etag);
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .anyMatch(tag -> tag.equals("*") || opaque(tag).equals(opaque));
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
