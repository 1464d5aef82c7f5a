package kz.adalmap.api.appeal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import kz.adalmap.api.attachment.AttachmentStore;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.security.StaffUser;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import tools.jackson.databind.JsonNode;

/**
 * The staff's side of appeals ({@code /api/v1/staff/appeals}, moderators, agency officials and
 * administrators): the queue, an appeal with the citizen's own text and contact, and the steps of its
 * life. An official sees only the appeals routed to their agency; any other answers 404 as if it did
 * not exist. Each step answers with the appeal as {@code GET /{code}} shows it afterwards.
 */
@RestController
@RequestMapping("/api/v1/staff/appeals")
class StaffAppealController {

    private static final Pattern CODE = Pattern.compile("AM-[0-9A-Z]{4}-[0-9A-Z]{4}");
    private static final List<String> STATUSES =
            List.of("new", "under_review", "routed", "in_progress", "answered", "resolved", "rejected", "merged");
    private static final int MAX_PAGE_SIZE = 200;

    private final AppealWorkflowService service;
    private final AttachmentStore store;

    StaffAppealController(AppealWorkflowService service, AttachmentStore store) {
        this.service = service;
        this.store = store;
    }

    /**
     * The queue, overdue appeals first, then newest first; {@code status}, {@code category}, {@code
     * agency} (code), {@code overdue=true} and {@code q} (in the tracking code and the text) narrow it;
     * {@code page} from 1, {@code size} up to 200.
     */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> queue(
            @AuthenticationPrincipal StaffUser user,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String agency,
            @RequestParam(defaultValue = "false") boolean overdue,
            @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "1") int page,
            @RequestParam(defaultValue = "50") int size) {
        if (status != null && !status.isBlank() && !STATUSES.contains(status)) {
            throw InvalidParameterException.of(
                    "status",
                    "'" + kz.adalmap.api.common.web.QueryParameters.abbreviate(status) + "' is not one of "
                            + String.join(", ", STATUSES));
        }
        if (page < 1) {
            throw InvalidParameterException.of("page", "must be 1 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw InvalidParameterException.of("size", "must be from 1 to " + MAX_PAGE_SIZE);
        }
        AppealWorkflowQueries.QueueFilter filter = new AppealWorkflowQueries.QueueFilter(
                blankToNull(status), blankToNull(category), blankToNull(agency), overdue, blankToNull(q), page, size);
        return json(service.queue(user, filter));
    }

    /** The appeal with the citizen's text and contact, files, timeline, agency suggestions and the user's {@code actions}. */
    @GetMapping(value = "/{code}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> detail(@AuthenticationPrincipal StaffUser user, @PathVariable String code) {
        return json(service.detail(user, checked(code)));
    }

    /** Any file of the appeal, the citizen's and the agency's, also where the public may not see it. */
    @GetMapping("/{code}/attachments/{n}")
    ResponseEntity<Resource> attachment(
            @AuthenticationPrincipal StaffUser user, @PathVariable String code, @PathVariable int n) {
        AppealSubmissionQueries.PublicFile f = service.file(user, checked(code), n);
        return store.response(
                        f.sha256(),
                        f.mediaType(),
                        AppealTrackingController.downloadName(f.kind(), f.mediaType(), code, n),
                        "private, no-store")
                .orElseThrow(() -> AppealNotFoundException.forAttachment(code, n));
    }

    /** new → under_review (moderator). */
    @PostMapping("/{code}/review")
    ResponseEntity<String> review(@AuthenticationPrincipal StaffUser user, @PathVariable String code) {
        service.review(user, checked(code));
        return detail(user, code);
    }

    /** new or under_review → routed: {@code {"agency": code, "reason": optional public note}} (moderator). */
    @PostMapping(value = "/{code}/route", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> route(
            @AuthenticationPrincipal StaffUser user, @PathVariable String code, @RequestBody JsonNode body) {
        service.route(user, checked(code), text(body, "agency"), text(body, "reason"));
        return detail(user, code);
    }

    /** new or under_review → rejected: {@code {"reason": required, public}} (moderator). */
    @PostMapping(value = "/{code}/reject", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> reject(
            @AuthenticationPrincipal StaffUser user, @PathVariable String code, @RequestBody JsonNode body) {
        service.reject(user, checked(code), text(body, "reason"));
        return detail(user, code);
    }

    /** An open appeal → merged: {@code {"into": tracking code, "reason": optional}} (moderator). */
    @PostMapping(value = "/{code}/merge", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> merge(
            @AuthenticationPrincipal StaffUser user, @PathVariable String code, @RequestBody JsonNode body) {
        service.merge(user, checked(code), text(body, "into"), text(body, "reason"));
        return detail(user, code);
    }

    /** routed → in_progress (an official of the agency). */
    @PostMapping("/{code}/start")
    ResponseEntity<String> start(@AuthenticationPrincipal StaffUser user, @PathVariable String code) {
        service.start(user, checked(code));
        return detail(user, code);
    }

    /** routed or in_progress → answered: {@code {"text": …}} (an official of the agency). */
    @PostMapping(value = "/{code}/answer", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> answer(
            @AuthenticationPrincipal StaffUser user, @PathVariable String code, @RequestBody JsonNode body) {
        service.answer(user, checked(code), text(body, "text"), List.of());
        return detail(user, code);
    }

    /** The same as a form: the field {@code text} and files (photos, documents as photos, audio, video) in parts of any name. */
    @PostMapping(value = "/{code}/answer", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<String> answerForm(
            @AuthenticationPrincipal StaffUser user, @PathVariable String code, MultipartHttpServletRequest request) {
        List<MultipartFile> files = new ArrayList<>();
        request.getMultiFileMap().values().forEach(files::addAll);
        files.removeIf(f -> f.isEmpty()
                && (f.getOriginalFilename() == null || f.getOriginalFilename().isEmpty()));
        service.answer(user, checked(code), request.getParameter("text"), files);
        return detail(user, code);
    }

    /** answered → resolved: {@code {"reason": optional}} (moderator). */
    @PostMapping(value = "/{code}/resolve", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> resolve(
            @AuthenticationPrincipal StaffUser user, @PathVariable String code, @RequestBody JsonNode body) {
        service.resolve(user, checked(code), text(body, "reason"));
        return detail(user, code);
    }

    /** The text the public sees: {@code {"public_text": …}} (moderator). */
    @PatchMapping(value = "/{code}/public-text", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> publicText(
            @AuthenticationPrincipal StaffUser user, @PathVariable String code, @RequestBody JsonNode body) {
        service.publicText(user, checked(code), text(body, "public_text"));
        return detail(user, code);
    }

    private static String checked(String code) {
        if (!CODE.matcher(code).matches()) {
            throw AppealNotFoundException.forTrackingCode(code);
        }
        return code;
    }

    /** A string field of the body; null when absent or null. */
    static String text(JsonNode body, String field) {
        if (body == null || !body.isObject()) {
            throw InvalidParameterException.of("body", "expected a JSON object");
        }
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw InvalidParameterException.of(field, "must be a string");
        }
        return v.asString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static ResponseEntity<String> json(String body) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                // personal data: no cache keeps it
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(body);
    }
}
