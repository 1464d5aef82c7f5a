package kz.adalmap.api.appeal;

import java.util.List;
import kz.adalmap.api.common.geojson.FeatureCollectionWriter;
import kz.adalmap.api.common.web.Bbox;
import kz.adalmap.api.common.web.QueryParameters;
import kz.adalmap.api.config.AdalMapProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/** Citizens' appeals on the public control map: public fields only. */
@RestController
@RequestMapping("/api/v1/appeals")
class AppealController {

    private static final List<String> PARAMETERS = List.of("bbox", "limit", "after");

    private final AppealQueries queries;
    private final AdalMapProperties properties;

    AppealController(AppealQueries queries, AdalMapProperties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    /** Public appeals in {@code bbox} (lon/lat, EPSG:4326), ordered by submission, {@code limit} per page. */
    @GetMapping
    ResponseEntity<StreamingResponseBody> appeals(@RequestParam MultiValueMap<String, String> params) {
        QueryParameters q = QueryParameters.of(params, PARAMETERS);
        Bbox bbox = q.get("bbox").map(text -> Bbox.parse("bbox", text)).orElse(null);
        int limit = q.intInRange(
                "limit", 1, properties.api().maxPageSize(), properties.api().defaultPageSize());
        long after = q.cursor("after");
        UriComponentsBuilder self = ServletUriComponentsBuilder.fromCurrentRequest();
        return ResponseEntity.ok()
                .contentType(FeatureCollectionWriter.GEO_JSON)
                .body(out -> queries.writePage(
                        bbox,
                        limit,
                        after,
                        out,
                        lastId -> self.cloneBuilder()
                                .replaceQueryParam("after", lastId)
                                .build()
                                .toUriString()));
    }
}
