package kz.adalmap.api.plot;

import java.util.function.LongFunction;
import kz.adalmap.api.common.csv.CsvWriter;
import kz.adalmap.api.common.geojson.FeatureCollectionWriter;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import kz.adalmap.api.config.AdalMapProperties;
import kz.adalmap.importers.validate.CadastralNumber;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
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

/**
 * The public land plot layer as GeoJSON, the entrepreneur's plot search with its CSV and GeoJSON
 * exports, and the plot card.
 */
@RestController
@RequestMapping("/api/v1/plots")
class PlotController {

    private final PlotQueries queries;
    private final PlotSearchQueries search;
    private final AdalMapProperties properties;

    PlotController(PlotQueries queries, PlotSearchQueries search, AdalMapProperties properties) {
        this.queries = queries;
        this.search = search;
        this.properties = properties;
    }

    /**
     * Current plots matching the filters of {@link PlotSearch}, in the order of {@code sort}, {@code
     * limit} per page; the {@code next} link carries the keyset cursor of the following page.
     */
    @GetMapping("/search")
    ResponseEntity<StreamingResponseBody> search(@RequestParam MultiValueMap<String, String> params) {
        PlotSearch query = PlotSearch.page(params, properties.api());
        // validates region, district and city now, so that an unknown one is a 400 and not a broken stream
        search.statement(query);
        UriComponentsBuilder self = ServletUriComponentsBuilder.fromCurrentRequest();
        return ResponseEntity.ok()
                .contentType(FeatureCollectionWriter.GEO_JSON)
                .body(out -> search.writePage(
                        query,
                        out,
                        cursor -> self.cloneBuilder()
                                .replaceQueryParam("cursor", cursor)
                                .build()
                                .toUriString()));
    }

    /** Every current plot matching the search's filters, as one GeoJSON FeatureCollection file. */
    @GetMapping("/export.geojson")
    ResponseEntity<StreamingResponseBody> exportGeoJson(@RequestParam MultiValueMap<String, String> params) {
        PlotSearch query = PlotSearch.export(params);
        search.statement(query);
        return ResponseEntity.ok()
                .contentType(FeatureCollectionWriter.GEO_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment("plots.geojson"))
                .body(out -> search.writeGeoJson(query, out));
    }

    /** Every current plot matching the search's filters, as CSV (UTF-8 with BOM, semicolons). */
    @GetMapping("/export.csv")
    ResponseEntity<StreamingResponseBody> exportCsv(@RequestParam MultiValueMap<String, String> params) {
        PlotSearch query = PlotSearch.export(params);
        search.statement(query);
        return ResponseEntity.ok()
                .contentType(CsvWriter.MEDIA_TYPE)
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment("plots.csv"))
                .body(out -> search.writeCsv(query, out));
    }

    /** The card of a plot by its id: for free plots that have no cadastral number yet. */
    @GetMapping("/id/{id}")
    ResponseEntity<String> plotById(@PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        QueryParameters.of(params, java.util.List.of());
        long plotId;
        try {
            plotId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            plotId = -1;
        }
        if (plotId <= 0) {
            throw InvalidParameterException.of(
                    "id", "'" + QueryParameters.abbreviate(id) + "' is not a plot id (a whole number above 0)");
        }
        long wanted = plotId;
        return queries.cardById(wanted)
                .map(feature -> ResponseEntity.ok()
                        .contentType(FeatureCollectionWriter.GEO_JSON)
                        .body(feature))
                .orElseThrow(() -> PlotNotFoundException.forId(wanted));
    }

    private static String attachment(String fileName) {
        return ContentDisposition.attachment().filename(fileName).build().toString();
    }

    /**
     * Plots intersecting {@code bbox} (lon/lat, EPSG:4326), optionally of the given statuses, ordered
     * by id, {@code limit} per page; the {@code next} link carries the cursor to the following page.
     */
    @GetMapping
    ResponseEntity<StreamingResponseBody> plots(@RequestParam MultiValueMap<String, String> params) {
        PlotFilter filter = PlotFilter.parse(params, properties.api());
        // taken now: the body is written on another thread, outside this request's context
        LongFunction<String> next = FeatureCollectionWriter.nextLinksOfThisRequest();
        return ResponseEntity.ok()
                .contentType(FeatureCollectionWriter.GEO_JSON)
                .body(out -> queries.writePage(filter, out, next));
    }

    /**
     * One plot by cadastral number (with or without dashes), with its status history, nearest
     * networks and the appeals near it: the current plot with the number, or the plot that had it
     * and was given another (its card says {@code renumbered_from}, and {@code Content-Location}
     * names the card under its number now), or the plot that had it last when every plot that had it
     * is retired.
     */
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
        PlotQueries.Found found = queries.plotByCadastralNumber(number)
                .orElseThrow(() -> PlotNotFoundException.forCadastralNumber(number));
        String card = queries.card(found.id(), found.renumbered() ? number : null)
                .orElseThrow(() -> PlotNotFoundException.forCadastralNumber(number));
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(FeatureCollectionWriter.GEO_JSON);
        if (found.renumbered()) {
            ok.header(HttpHeaders.CONTENT_LOCATION, queries.cardPath(found.id()));
        }
        return ok.body(card);
    }
}
