package kz.adalmap.api.appeal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import kz.adalmap.api.common.web.InvalidParameterException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * What a citizen does after submitting: rate the answer and reopen the appeal, each once and only with
 * the tracking secret ({@code X-Appeal-Secret}), since tracking codes are public on the map; and "me
 * too" on anyone's public appeal, once per person. Each answers with the appeal's tracking view.
 */
@RestController
@RequestMapping("/api/v1/appeals")
class CitizenAppealController {

    private static final Pattern CODE = Pattern.compile("AM-[0-9A-Z]{4}-[0-9A-Z]{4}");

    private final AppealWorkflowService service;
    private final AppealTrackingController tracking;

    CitizenAppealController(AppealWorkflowService service, AppealTrackingController tracking) {
        this.service = service;
        this.tracking = tracking;
    }

    /** {@code {"rating": 1..5}}; 4 or 5 closes an answered appeal as resolved. */
    @PostMapping(value = "/track/{code}/rating", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> rate(
            @PathVariable String code,
            @RequestHeader(value = "X-Appeal-Secret", required = false) String secret,
            @RequestBody JsonNode body) {
        JsonNode rating = body == null ? null : body.get("rating");
        if (rating == null || !rating.isIntegralNumber()) {
            throw InvalidParameterException.of("rating", "required: a whole number from 1 to 5");
        }
        service.rate(checked(code), secret, rating.asInt());
        return tracking.track(code, secret);
    }

    /** {@code {"reason": …}}: why the answer did not help; back in work with the same agency. */
    @PostMapping(value = "/track/{code}/reopen", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> reopen(
            @PathVariable String code,
            @RequestHeader(value = "X-Appeal-Secret", required = false) String secret,
            @RequestBody JsonNode body) {
        service.reopen(checked(code), secret, StaffAppealController.text(body, "reason"));
        return tracking.track(code, secret);
    }

    /** "Me too": {@code {"tracking_code", "support_count"}}; 409 when this person supports it already. */
    @PostMapping("/{code}/support")
    ResponseEntity<String> support(@PathVariable String code, HttpServletRequest request) {
        int count = service.support(checked(code), request.getRemoteAddr());
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body("{\"tracking_code\":\"" + code + "\",\"support_count\":" + count + "}");
    }

    private static String checked(String code) {
        if (!CODE.matcher(code).matches()) {
            throw AppealNotFoundException.forTrackingCode(code);
        }
        return code;
    }
}
