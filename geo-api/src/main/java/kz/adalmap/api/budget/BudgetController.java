package kz.adalmap.api.budget;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import kz.adalmap.api.attachment.AttachmentStore;
import kz.adalmap.api.common.web.IdempotencyKey;
import kz.adalmap.api.common.web.InvalidParameterException;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public side of the participatory budget: cycles with their phases, proposals on the map, proposing
 * a project (form with photos), the confirmation code and the vote, the results within the cap and the
 * winners' milestones. Nobody's contact or address appears in a response.
 */
@RestController
@RequestMapping("/api/v1/budget")
class BudgetController {

    private static final Pattern KATO = Pattern.compile("[0-9]{9}");
    private static final MediaType GEO_JSON = MediaType.parseMediaType("application/geo+json");
    // nothing in a photo may run: no script, no plugin, no frame, no form

    private final BudgetService service;
    private final BudgetQueries queries;
    private final AttachmentStore store;
    private final JsonMapper json;

    BudgetController(BudgetService service, BudgetQueries queries, AttachmentStore store, JsonMapper json) {
        this.service = service;
        this.queries = queries;
        this.store = store;
        this.json = json;
    }

    /** Cycles, optionally of one region or district (KATO codes), with their current phase and its dates. */
    @GetMapping(value = "/cycles", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> cycles(
            @RequestParam(required = false) String region, @RequestParam(required = false) String district) {
        kato("region", region);
        kato("district", district);
        return fresh(queries.cyclesJson(region, district, service.today()));
    }

    /** One cycle with its district's outline (GeoJSON geometry). */
    @GetMapping(value = "/cycles/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> cycle(@PathVariable long id) {
        return fresh(queries.cycleJson(id, service.today()).orElseThrow(() -> BudgetNotFoundException.cycle(id)));
    }

    /** The cycle's proposals as GeoJSON, each with its status, the public review reason and, once accepted, its votes. */
    @GetMapping(value = "/cycles/{id}/proposals")
    ResponseEntity<String> proposals(@PathVariable long id) {
        BudgetQueries.Cycle c = service.cycle(id);
        return ResponseEntity.ok()
                .contentType(GEO_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .body(queries.proposalsGeoJson(c.id()));
    }

    /**
     * A proposal, during the proposals phase: a form with {@code geometry} (GeoJSON Point or Polygon) or
     * {@code lon} and {@code lat}, {@code title}, {@code description}, {@code cost_tenge}, optional
     * {@code contact_name}, {@code contact_phone}, {@code contact_email} (private), and photos in parts of
     * any name. Answers 201 with the proposal's id; a retry with the same {@code Idempotency-Key} 200.
     */
    @PostMapping(value = "/cycles/{id}/proposals", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<String> propose(@PathVariable long id, MultipartHttpServletRequest request) {
        Map<String, String> fields = new HashMap<>();
        for (Map.Entry<String, String[]> field : request.getParameterMap().entrySet()) {
            if (field.getValue().length != 1) {
                throw InvalidParameterException.of(
                        field.getKey(), "given " + field.getValue().length + " times; give it once");
            }
            fields.put(field.getKey(), field.getValue()[0]);
        }
        NewProposal proposal = NewProposal.parse(fields, json);
        BudgetService.Submitted s =
                service.propose(id, proposal, files(request), request.getRemoteAddr(), IdempotencyKey.of(request));
        return ResponseEntity.status(s.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .contentType(MediaType.APPLICATION_JSON)
                .body(s.json());
    }

    /**
     * Asks for a confirmation code during the voting phase: {@code {"address": phone or e-mail,
     * "language": kk|ru|en}}. The code goes by SMS or e-mail; the answer names the confirmation to vote with.
     */
    @PostMapping(value = "/cycles/{id}/verifications", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> verify(@PathVariable long id, @RequestBody JsonNode body, HttpServletRequest request) {
        BudgetService.Sent sent = service.verify(
                id, body.path("address").asString(null), body.path("language").asString("kk"), request.getRemoteAddr());
        Map<String, Object> answer = Map.of(
                "verification_id", sent.id().toString(),
                "channel", sent.channel(),
                "sent_to", sent.sentTo(),
                "valid_minutes", sent.validMinutes());
        return ResponseEntity.status(HttpStatus.CREATED)
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(json.writeValueAsString(answer));
    }

    /**
     * The ballot, during the voting phase: {@code {"verification_id", "code", "proposals": [ids]}}, up to
     * the cycle's {@code max_choices} accepted proposals. 201 once; a second ballot of the same person 409.
     */
    @PostMapping(value = "/cycles/{id}/votes", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> vote(@PathVariable long id, @RequestBody JsonNode body) {
        UUID verification;
        try {
            verification = UUID.fromString(body.path("verification_id").asString(""));
        } catch (IllegalArgumentException e) {
            throw InvalidParameterException.of("verification_id", "give the id of the confirmation the code came with");
        }
        JsonNode chosen = body.path("proposals");
        if (!chosen.isArray()) {
            throw InvalidParameterException.of("proposals", "give the ids of the chosen proposals as a list");
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode n : chosen) {
            if (!n.canConvertToLong()) {
                throw InvalidParameterException.of("proposals", "ids are whole numbers");
            }
            ids.add(n.asLong());
        }
        service.vote(id, verification, body.path("code").asString(null), ids);
        return ResponseEntity.status(HttpStatus.CREATED)
                .contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsString(Map.of("counted", true, "proposals", ids)));
    }

    /** Accepted proposals by votes, the winners within the cap and what is left of it. */
    @GetMapping(value = "/cycles/{id}/results", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> results(@PathVariable long id) {
        BudgetResults r = service.results(id);
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("cap_tenge", r.capTenge());
        answer.put("allocated_tenge", r.allocatedTenge());
        answer.put("remaining_tenge", r.remainingTenge());
        answer.put(
                "proposals",
                r.proposals().stream()
                        .map(p -> Map.of(
                                "id", p.id(),
                                "title", p.title(),
                                "cost_tenge", p.costTenge(),
                                "votes", p.votes(),
                                "winner", p.winner(),
                                "skipped", p.skipped()))
                        .toList());
        return fresh(json.writeValueAsString(answer));
    }

    /** The milestones of the cycle's winners, by proposal and date, with their photos' ids. */
    @GetMapping(value = "/cycles/{id}/milestones", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> milestones(@PathVariable long id) {
        return fresh(queries.milestonesJson(service.cycle(id).id()));
    }

    /** A photo of a proposal or milestone, re-encoded without its metadata. */
    @GetMapping("/photos/{id}")
    ResponseEntity<Resource> photo(@PathVariable long id) {
        BudgetQueries.Photo p = queries.photo(id).orElseThrow(() -> BudgetNotFoundException.photo(id));
        return serve(id, p.sha256(), p.mediaType());
    }

    @GetMapping("/photos/{id}/thumbnail")
    ResponseEntity<Resource> thumbnail(@PathVariable long id) {
        BudgetQueries.Photo p = queries.photo(id).orElseThrow(() -> BudgetNotFoundException.photo(id));
        return serve(id, p.thumbnailSha256() == null ? p.sha256() : p.thumbnailSha256(), p.mediaType());
    }

    private ResponseEntity<Resource> serve(long id, String sha256, String mediaType) {
        return store.response(sha256, mediaType, null, "no-cache").orElseThrow(() -> BudgetNotFoundException.photo(id));
    }

    /** Phases change with the date and results with each vote: caches ask again every time. */
    private static ResponseEntity<String> fresh(String body) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .body(body);
    }

    static List<MultipartFile> files(MultipartHttpServletRequest request) {
        List<MultipartFile> files = new ArrayList<>();
        request.getMultiFileMap().values().forEach(files::addAll);
        files.removeIf(f -> f.isEmpty()
                && (f.getOriginalFilename() == null || f.getOriginalFilename().isEmpty()));
        return files;
    }

    private static void kato(String name, String value) {
        if (value != null && !KATO.matcher(value).matches()) {
            throw InvalidParameterException.of(name, "must be a 9-digit KATO code");
        }
    }
}
