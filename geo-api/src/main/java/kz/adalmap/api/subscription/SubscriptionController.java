package kz.adalmap.api.subscription;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Subscriptions to new free plots in an area: anyone may subscribe an e-mail address, which then
 * receives a confirmation link; the confirm and unsubscribe links answer a small page in the
 * subscriber's language. No response ever contains the address or the token.
 */
@RestController
@RequestMapping("/api/v1/subscriptions")
class SubscriptionController {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{32,64}");
    private static final MediaType HTML_UTF8 =
            new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8);

    private final SubscriptionService service;

    SubscriptionController(SubscriptionService service) {
        this.service = service;
    }

    /**
     * Subscribes: {@code area} (GeoJSON Polygon or MultiPolygon, or bbox {@code [minLon, minLat, maxLon,
     * maxLat]}, EPSG:4326), {@code email}, {@code language} (kk, ru, en), {@code consent: true}, optional
     * {@code min_area_ha}, {@code max_area_ha}, {@code land_categories}. Answers 202: nothing is sent
     * but the confirmation e-mail until its link is followed.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> subscribe(@RequestBody JsonNode body, HttpServletRequest request) {
        service.subscribe(NewSubscription.parse(body), request.getRemoteAddr());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(Map.of(
                        "status",
                        "awaiting_confirmation",
                        "detail",
                        "A confirmation link has been sent to the e-mail address given. No notices are sent before"
                                + " it is followed."));
    }

    /** Confirms a subscription (idempotent); 404 for an unknown token. */
    @GetMapping("/confirm")
    ResponseEntity<String> confirm(@RequestParam MultiValueMap<String, String> params) {
        SubscriptionQueries.LinkOutcome outcome = service.confirm(token(params));
        return page(outcome);
    }

    /** Ends a subscription (idempotent); 404 for an unknown token. */
    @GetMapping("/unsubscribe")
    ResponseEntity<String> unsubscribe(@RequestParam MultiValueMap<String, String> params) {
        return page(service.unsubscribe(token(params)));
    }

    private static String token(MultiValueMap<String, String> params) {
        String token = QueryParameters.of(params, List.of("token"))
                .get("token")
                .orElseThrow(
                        () -> InvalidParameterException.of("token", "required: open the link from the message whole"));
        if (!TOKEN.matcher(token).matches()) {
            throw SubscriptionNotFoundException.forToken();
        }
        return token;
    }

    private static ResponseEntity<String> page(SubscriptionQueries.LinkOutcome outcome) {
        SubscriptionTexts.Text text = outcome.unsubscribed()
                ? SubscriptionTexts.unsubscribedPage(outcome.language())
                : SubscriptionTexts.confirmedPage(outcome.language());
        return ResponseEntity.ok()
                .contentType(HTML_UTF8)
                // the token is in the address: no cache keeps the page, no other site learns it
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Referrer-Policy", "no-referrer")
                .body(SubscriptionTexts.html(outcome.language(), text));
    }
}
