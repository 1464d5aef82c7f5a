package kz.adalmap.api.region;

import java.util.List;
import java.util.concurrent.TimeUnit;
import kz.adalmap.api.common.geojson.FeatureCollectionWriter;
import kz.adalmap.api.common.web.QueryParameters;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** Kazakhstan's regions with their KATO codes and names, as a light GeoJSON layer for small scales. */
@RestController
class RegionController {

    // about 1 km of simplification: enough for a country-wide view, small enough to load on a phone
    private static final String REGIONS = """
            SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
                     json_build_object('type', 'Feature', 'id', r.kato_code,
                                       'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(
                                            ST_SimplifyPreserveTopology(r.geom, 0.01)), 4)::json,
                                       'properties', json_build_object(
                                            'kato_code', r.kato_code, 'iso_code', r.iso_code,
                                            'name_kk', r.name_kk, 'name_ru', r.name_ru, 'name_en', r.name_en))
                     ORDER BY r.kato_code), '[]'::json))::text
            FROM region r
            WHERE r.geom IS NOT NULL
            """;

    private final JdbcClient jdbc;

    RegionController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/regions")
    ResponseEntity<String> regions(@RequestParam MultiValueMap<String, String> params, WebRequest request) {
        QueryParameters.of(params, List.of());
        String body = jdbc.sql(REGIONS).query(String.class).single();
        String etag = '"' + Integer.toHexString(body.hashCode()) + Integer.toHexString(body.length()) + '"';
        if (request.checkNotModified(etag)) {
            return null;
        }
        return ResponseEntity.ok()
                .contentType(FeatureCollectionWriter.GEO_JSON)
                .cacheControl(CacheControl.maxAge(1, TimeUnit.HOURS).cachePublic())
                .eTag(etag)
                .body(body);
    }
}
