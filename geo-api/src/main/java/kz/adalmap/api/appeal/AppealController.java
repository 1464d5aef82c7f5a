package kz.adalmap.api.appeal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import kz.adalmap.api.common.csv.CsvWriter;
import kz.adalmap.api.common.geojson.FeatureCollectionWriter;
import kz.adalmap.api.common.web.Bbox;
import kz.adalmap.api.common.web.QueryParameters;
import kz.adalmap.api.config.AdalMapProperties;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Citizens' appeals on the public control map, their CSV export and their statistics: public fields
 * only. All three take the filters of {@link PublicAppealFilter}.
 */
@RestController
@RequestMapping("/api/v1/appeals")
class AppealController {

    private static final List<String> PARAMETERS =
            with(List.of("bbox", "limit", "after"), PublicAppealFilter.PARAMETERS);
    private static final List<String> STATS_PARAMETERS = PublicAppealFilter.PARAMETERS.stream()
            .filter(name -> !name.equals("status"))
            .toList();

    private final AppealQueries queries;
    private final AppealStatsQueries stats;
    private final PublicAppealFilterCodes codes;
    private final AdalMapProperties properties;
    private final AppealStatsSettings statsSettings;

    AppealController(
            AppealQueries queries,
            AppealStatsQueries stats,
            PublicAppealFilterCodes codes,
            AdalMapProperties properties,
            AppealStatsSettings statsSettings) {
        this.queries = queries;
        this.stats = stats;
        this.codes = codes;
        this.properties = properties;
        this.statsSettings = statsSettings;
    }

    /**
     * Public appeals in {@code bbox} (lon/lat, EPSG:4326) that match the filters, ordered by submission,
     * {@code limit} per page.
     */
    @GetMapping
    ResponseEntity<StreamingResponseBody> appeals(@RequestParam MultiValueMap<String, String> params) {
        QueryParameters q = QueryParameters.of(params, PARAMETERS);
        Bbox bbox = q.get("bbox").map(text -> Bbox.parse("bbox", text)).orElse(null);
        int limit = q.intInRange(
                "limit", 1, properties.api().maxPageSize(), properties.api().defaultPageSize());
        long after = q.cursor("after");
        PublicAppealFilter filter = filter(q);
        LongFunction<String> next = FeatureCollectionWriter.nextLinksOfThisRequest();
        return ResponseEntity.ok()
                .contentType(FeatureCollectionWriter.GEO_JSON)
                .body(out -> queries.writePage(bbox, filter, limit, after, out, next));
    }

    /** Every public appeal matching the filters, as CSV (UTF-8 with BOM, semicolons), oldest first. */
    @GetMapping("/export.csv")
    ResponseEntity<StreamingResponseBody> exportCsv(@RequestParam MultiValueMap<String, String> params) {
        PublicAppealFilter filter = filter(QueryParameters.of(params, PublicAppealFilter.PARAMETERS));
        return ResponseEntity.ok()
                .contentType(CsvWriter.MEDIA_TYPE)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("appeals.csv")
                                .build()
                                .toString())
                .body(out -> queries.writeCsv(filter, out));
    }

    /**
     * Counts and shares of all appeals matching the filters (any status; corruption signals counted,
     * never listed), each share with its definition; see {@link AppealStatsQueries}.
     */
    @GetMapping(value = "/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    String stats(@RequestParam MultiValueMap<String, String> params) {
        PublicAppealFilter filter = filter(QueryParameters.of(params, STATS_PARAMETERS));
        return stats.stats(filter, statsSettings.rankingMinAppeals());
    }

    private PublicAppealFilter filter(QueryParameters q) {
        PublicAppealFilter filter = PublicAppealFilter.parse(q);
        codes.check(filter);
        return filter;
    }

    private static List<String> with(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
