package kz.adalmap.api.appeal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;
import kz.adalmap.api.attachment.AttachmentStore;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Following an appeal by its tracking code, and fetching its public attachments. A corruption signal
 * is shown only to whoever sends the secret returned at its submission ({@code X-Appeal-Secret});
 * for anyone else it does not exist (404). Attachments of a corruption signal or of an appeal whose
 * text is private are never served.
 */
@RestController
@RequestMapping("/api/v1/appeals")
class AppealTrackingController {

    private static final Pattern CODE = Pattern.compile("AM-[0-9A-Z]{4}-[0-9A-Z]{4}");

    private final AppealSubmissionQueries queries;
    private final AttachmentStore store;

    AppealTrackingController(AppealSubmissionQueries queries, AttachmentStore store) {
        this.queries = queries;
        this.store = store;
    }

    /** The appeal's public fields, its status timeline and its public attachments; personal data masked. */
    @GetMapping(value = "/track/{code}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> track(
            @PathVariable String code, @RequestHeader(value = "X-Appeal-Secret", required = false) String secret) {
        if (!CODE.matcher(code).matches()) {
            throw AppealNotFoundException.forTrackingCode(code);
        }
        AppealSubmissionQueries.Tracked t =
                queries.track(code).orElseThrow(() -> AppealNotFoundException.forTrackingCode(code));
        if (!t.isPublic() && !secretMatches(secret, t.secretSha256())) {
            throw AppealNotFoundException.forTrackingCode(code);
        }
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, t.isPublic() ? "no-cache" : "no-store")
                .body(t.json());
    }

    /** The {@code n}-th attachment (1, 2, …) as stored: photos re-encoded without metadata. */
    @GetMapping("/{code}/attachments/{n}")
    ResponseEntity<Resource> attachment(@PathVariable String code, @PathVariable int n) {
        AppealSubmissionQueries.PublicFile f = file(code, n);
        return serve(f.sha256(), f.mediaType(), f.kind(), code, n);
    }

    /** The thumbnail of the {@code n}-th attachment; 404 when it is not a photo. */
    @GetMapping("/{code}/attachments/{n}/thumbnail")
    ResponseEntity<Resource> thumbnail(@PathVariable String code, @PathVariable int n) {
        AppealSubmissionQueries.PublicFile f = file(code, n);
        if (f.thumbnailSha256() == null) {
            throw AppealNotFoundException.forAttachment(code, n);
        }
        return serve(f.thumbnailSha256(), f.mediaType(), f.kind(), code, n);
    }

    private AppealSubmissionQueries.PublicFile file(String code, int n) {
        if (!CODE.matcher(code).matches() || n < 1) {
            throw AppealNotFoundException.forAttachment(code, n);
        }
        return queries.publicFile(code, n).orElseThrow(() -> AppealNotFoundException.forAttachment(code, n));
    }

    private ResponseEntity<Resource> serve(String sha256, String mediaType, String kind, String code, int n) {
        // whether a file is public may change, so caches ask again
        return store.response(sha256, mediaType, downloadName(kind, mediaType, code, n), "no-cache")
                .orElseThrow(() -> AppealNotFoundException.forAttachment(code, n));
    }

    /** Photos are shown; recordings and videos are offered as downloads named after the appeal. */
    static String downloadName(String kind, String mediaType, String code, int n) {
        return kind.equals("photo") ? null : code + "-" + n + AttachmentStore.extension(mediaType);
    }

    /** Compares hashes in constant time: the response time tells nothing about the secret. */
    static boolean secretMatches(String secret, String expectedSha256) {
        if (secret == null || expectedSha256 == null) {
            return false;
        }
        return MessageDigest.isEqual(
                AppealSubmissionService.sha256Hex(secret.strip()).getBytes(StandardCharsets.US_ASCII),
                expectedSha256.getBytes(StandardCharsets.US_ASCII));
    }
}
