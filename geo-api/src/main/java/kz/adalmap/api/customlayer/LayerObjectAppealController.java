package kz.adalmap.api.customlayer;

import java.util.List;
import java.util.function.LongFunction;
import kz.adalmap.api.appeal.AppealQueries;
import kz.adalmap.api.common.geojson.FeatureCollectionWriter;
import kz.adalmap.api.common.web.QueryParameters;
import kz.adalmap.api.config.AdalMapProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The public appeals about one object of a custom layer, for its card: the same features and properties as
 * {@code GET /api/v1/appeals}, read from the same privacy view. An object's key that no feature has (any
 * more) answers an empty collection: its appeals outlive a re-import that drops it.
 */
@RestController
@RequestMapping("/api/v1/layers")
class LayerObjectAppealController {

    private final CustomLayerCatalogueQueries catalogue;
    private final AppealQueries appeals;
    private final AdalMapProperties properties;

    LayerObjectAppealController(
            CustomLayerCatalogueQueries catalogue, AppealQueries appeals, AdalMapProperties properties) {
        this.catalogue = catalogue;
        this.appeals = appeals;
        this.properties = properties;
    }

    /** The public appeals about the feature {@code key} of layer {@code code}, oldest first, a page at a time. */
    @GetMapping("/{code}/features/{key}/appeals")
    ResponseEntity<StreamingResponseBody> appeals(
            @PathVariable String code, @PathVariable String key, @RequestParam MultiValueMap<String, String> params) {
        CustomLayer layer = catalogue.publicCustomLayer(code);
        QueryParameters q = QueryParameters.of(params, List.of("limit", "after"));
        int limit = q.intInRange(
                "limit", 1, properties.api().maxPageSize(), properties.api().defaultPageSize());
        long after = q.cursor("after");
        LongFunction<String> next = FeatureCollectionWriter.nextLinksOfThisRequest();
        return ResponseEntity.ok()
                .contentType(FeatureCollectionWriter.GEO_JSON)
                .body(out -> appeals.writeAboutObject(layer.code(), key, limit, after, out, next));
    }
}
