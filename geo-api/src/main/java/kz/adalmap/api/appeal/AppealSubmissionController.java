package kz.adalmap.api.appeal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import kz.adalmap.api.common.web.IdempotencyKey;
import kz.adalmap.api.common.web.InvalidParameterException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Submitting an appeal: anyone on the web channel; moderators and administrators for the call centre
 * and front offices; messenger bots with their API token ({@code Authorization: Bearer …} or
 * {@code api_key}). Answers 201 with the tracking code, the due date and the tracking address; the
 * citizen's contact never appears in a response.
 */
@RestController
@RequestMapping("/api/v1/appeals")
class AppealSubmissionController {

    private static final String TRACK = "/api/v1/appeals/track/";
    /** Form fields of a multipart submission and the JSON fields they stand for. */
    private static final List<String> FORM_FIELDS = List.of(
            "lon",
            "lat",
            "category",
            "text",
            "text_private",
            "consent",
            "channel",
            "language",
            "contact_name",
            "contact_phone",
            "contact_email",
            "object_layer",
            "object_key",
            "api_key");

    private final AppealSubmissionService service;
    private final JsonMapper json;

    AppealSubmissionController(AppealSubmissionService service, JsonMapper json) {
        this.service = service;
        this.json = json;
    }

    /**
     * A JSON body: {@code location {lon, lat}} (EPSG:4326), {@code category}, {@code text} (1–5000
     * characters), {@code consent: true}, optional {@code text_private}, {@code contact {name, phone,
     * email}}, {@code channel} (web by default), {@code language} (kk, ru, en) of the confirmation e-mail,
     * {@code object {layer, key}}: the published feature of a public custom layer the appeal is about, within
     * {@value AppealSubmissionService#OBJECT_MAX_DISTANCE_M} m of the point.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> submit(@RequestBody JsonNode body, HttpServletRequest request) {
        return answer(service.submit(
                NewAppeal.parse(body),
                List.of(),
                caller(request, Optional.ofNullable(request.getParameter("api_key"))),
                IdempotencyKey.of(request),
                trackingPrefix()));
    }

    /**
     * A form with the fields {@code lon}, {@code lat}, {@code category}, {@code text}, {@code consent},
     * optional {@code text_private}, {@code channel}, {@code language}, {@code contact_name},
     * {@code contact_phone}, {@code contact_email}, {@code object_layer}, {@code object_key}, and up to the
     * configured number of files (photos, audio, video) in parts of any name.
     */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<String> submitForm(MultipartHttpServletRequest request) {
        ObjectNode body = json.createObjectNode();
        ObjectNode location = json.createObjectNode();
        ObjectNode contact = json.createObjectNode();
        ObjectNode object = json.createObjectNode();
        for (Map.Entry<String, String[]> field : request.getParameterMap().entrySet()) {
            String name = field.getKey();
            if (!FORM_FIELDS.contains(name)) {
                throw InvalidParameterException.of(
                        kz.adalmap.api.common.web.QueryParameters.abbreviate(name),
                        "unknown field; this endpoint takes " + String.join(", ", FORM_FIELDS) + " and files");
            }
            if (field.getValue().length != 1) {
                throw InvalidParameterException.of(name, "given " + field.getValue().length + " times; give it once");
            }
            String value = field.getValue()[0];
            switch (name) {
                case "lon", "lat" -> location.put(name, number(name, value));
                case "text_private", "consent" -> body.put(name, Boolean.parseBoolean(value.strip()));
                case "contact_name", "contact_phone", "contact_email" -> contact.put(name.substring(8), value);
                case "object_layer", "object_key" -> object.put(name.substring(7), value);
                case "api_key" -> {
                    // read by caller()
                }
                default -> body.put(name, value);
            }
        }
        if (!location.isEmpty()) {
            body.set("location", location);
        }
        if (!contact.isEmpty()) {
            body.set("contact", contact);
        }
        if (!object.isEmpty()) {
            body.set("object", object);
        }
        List<MultipartFile> files = new ArrayList<>();
        request.getMultiFileMap().values().forEach(files::addAll);
        files.removeIf(f -> f.isEmpty()
                && (f.getOriginalFilename() == null || f.getOriginalFilename().isEmpty()));
        return answer(service.submit(
                NewAppeal.parse(body),
                files,
                caller(request, Optional.ofNullable(request.getParameter("api_key"))),
                IdempotencyKey.of(request),
                trackingPrefix()));
    }

    private ResponseEntity<String> answer(AppealSubmissionService.Submitted s) {
        return ResponseEntity.status(s.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .location(ServletUriComponentsBuilder.fromCurrentContextPath()
                        .path(TRACK + s.trackingCode())
                        .build()
                        .toUri())
                .contentType(MediaType.APPLICATION_JSON)
                // the answer may hold the tracking secret of a corruption signal
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(s.json());
    }

    private static String trackingPrefix() {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(TRACK)
                .build()
                .toUriString();
    }

    private static AppealSubmissionService.Caller caller(HttpServletRequest request, Optional<String> apiKeyParam) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        Set<String> authorities = auth == null || !auth.isAuthenticated()
                ? Set.of()
                : auth.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .collect(Collectors.toSet());
        Optional<String> token = Optional.ofNullable(request.getHeader(HttpHeaders.AUTHORIZATION))
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).strip())
                .or(() -> Optional.ofNullable(request.getHeader("api_key")))
                .or(() -> apiKeyParam)
                .filter(t -> !t.isBlank());
        return new AppealSubmissionService.Caller(request.getRemoteAddr(), authorities, token);
    }

    private static double number(String name, String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw InvalidParameterException.of("location", name + " is not a number");
        }
    }
}
