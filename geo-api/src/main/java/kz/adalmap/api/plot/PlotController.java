package kz.adalmap.api.plot;

import kz.adalmap.api.common.geojson.FeatureCollectionWriter;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import kz.adalmap.api.config.AdalMapProperties;
import kz.adalmap.importers.validate.CadastralNumber;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/** The public land plot layer as GeoJSON. */
@RestController
@RequestMapping("/api/v1/plots")
class PlotController {

    private final PlotQueries queries;
    private final AdalMapProperties properties;

    PlotController(PlotQueries queries, AdalMapProperties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    /**
     * Plots intersecting {@code bbox} (lon/lat, EPSG:4326), optionally of the given statuses, ordered
     * by id, {@code limit} per page; the {@code next} link carries the cursor to the following page.
     */
    @GetMapping
    ResponseEntity<StreamingResponseBody> plots(@RequestParam MultiValueMap<String, String> params) {
        PlotFilter filter = PlotFilter.parse(params, properties.api());
        // taken now: the body is written on another thread, outside this request's context
        UriComponentsBuilder self = ServletUriComponentsBuilder.fromCurrentRequest();
        return ResponseEntity.ok()
                .contentType(FeatureCollectionWriter.GEO_JSON)
                .body(out -> queries.writePage(
                        filter,
                        out,
                        lastId -> self.cloneBuilder()
                                .replaceQueryParam("after", lastId)
                                .build()
                                .toUriString()));
    }

    /** One plot by cadastral number (with or without dashes), with its status history. */
    @GetMapping("/{cadastralNumber}")
    ResponseEntity<String> plot(
            @PathVariable String cadastralNumber, @RequestParam MultiValueMap<String, String> params) {
        QueryParameters.of(params, java.util.List.of());
        String number = CadastralNumber.normalize(cadastralNumber)
                .orElseThrow(() -> InvalidParameterException.of(
                        "cadastralNumber",
                        "'"
                                + QueryParameters.abbreviate(cadastralNumber) + "' is not a cadastral number; expected "
                                + CadastralNumber.expectedFormat()));
        return queries.cardByCadastralNumber(number)
                .map(feature -> ResponseEntity.ok()
                        .contentType(FeatureCollectionWriter.GEO_JSON)
                        .body(feature))
                .orElseThrow(() -> PlotNotFoundException.forCadastralNumber(number));
    }
}
