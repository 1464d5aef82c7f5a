package kz.adalmap.api.appeal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kz.adalmap.api.attachment.AttachmentSettings;
import kz.adalmap.api.attachment.AttachmentType;
import kz.adalmap.api.common.web.QueryParameters;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The codes the appeal filters take, with their names in Kazakh, Russian and English: appeal categories
 * (all of them, the non-public ones marked, since the statistics count them) and agencies. Open311's
 * services list only the public categories, without the flag, so the map cannot use it. Also the limits
 * of a submission's files, so that a form refuses a file that is too large before uploading it.
 */
@RestController
class AppealReferenceController {

    private static final String CATEGORIES = """
            SELECT coalesce(json_agg(json_build_object(
                       'code', code, 'name_kk', name_kk, 'name_ru', name_ru, 'name_en', name_en,
                       'due_working_days', due_working_days, 'is_public', is_public) ORDER BY position), '[]'::json)::text
            FROM appeal_category
            """;

    private static final String AGENCIES = """
            SELECT coalesce(json_agg(json_build_object(
                       'code', g.code, 'name_kk', g.name_kk, 'name_ru', g.name_ru, 'name_en', g.name_en,
                       'region_kato', r.kato_code) ORDER BY g.code), '[]'::json)::text
            FROM agency g
            LEFT JOIN region r ON r.id = g.region_id
            """;

    private static final CacheControl CACHE =
            CacheControl.maxAge(5, TimeUnit.MINUTES).cachePublic();

    private final JdbcClient jdbc;
    private final AttachmentSettings attachments;

    AppealReferenceController(JdbcClient jdbc, AttachmentSettings attachments) {
        this.jdbc = jdbc;
        this.attachments = attachments;
    }

    /** Every appeal category in the order of the form, with its due period in working days. */
    @GetMapping(value = "/api/v1/appeal-categories", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> categories(@RequestParam MultiValueMap<String, String> params) {
        QueryParameters.of(params, List.of());
        return ResponseEntity.ok()
                .cacheControl(CACHE)
                .body(jdbc.sql(CATEGORIES).query(String.class).single());
    }

    /** Every agency by code, with the KATO code of its region (null for a national one). */
    @GetMapping(value = "/api/v1/agencies", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> agencies(@RequestParam MultiValueMap<String, String> params) {
        QueryParameters.of(params, List.of());
        return ResponseEntity.ok()
                .cacheControl(CACHE)
                .body(jdbc.sql(AGENCIES).query(String.class).single());
    }

    /** What a submission's files may be: how many, the largest of each kind in bytes, the accepted types. */
    @GetMapping(value = "/api/v1/appeals/submission-limits", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> submissionLimits(@RequestParam MultiValueMap<String, String> params) {
        QueryParameters.of(params, List.of());
        Map<String, Object> maxBytes = new LinkedHashMap<>();
        for (AttachmentType.Kind kind : AttachmentType.Kind.values()) {
            maxBytes.put(kind.name().toLowerCase(java.util.Locale.ROOT), attachments.maxBytes(kind));
        }
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("max_files", attachments.maxFiles());
        limits.put("max_bytes", maxBytes);
        limits.put(
                "media_types",
                attachments.allowed().stream().map(AttachmentType::mediaType).toList());
        return ResponseEntity.ok().cacheControl(CACHE).body(limits);
    }
}
