package kz.adalmap.api.open311;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kz.adalmap.api.appeal.AppealSubmissionService;
import kz.adalmap.api.appeal.NewAppeal;
import kz.adalmap.api.audit.AuditLog;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import kz.adalmap.api.open311.Open311Queries.Category;
import kz.adalmap.api.open311.Open311Queries.Filter;
import kz.adalmap.api.open311.Open311Queries.Request;
import kz.adalmap.api.open311.Open311Writer.Format;
import kz.adalmap.api.open311.Open311Writer.Items;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Open311 GeoReport v2 at {@code /open311/v2}: discovery, services (the public appeal categories), service
 * requests (public appeals, by their tracking codes) and the submission of an appeal with an API key; every
 * endpoint in XML ({@code .xml}) and JSON ({@code .json}), errors as the specification's list of
 * {@code {code, description}}. Times are ISO 8601 with the offset of Asia/Almaty. Beyond the specification,
 * {@code page} and {@code page_size} page the request list and {@code locale} (kk, ru, en) picks the language.
 */
@RestController
@RequestMapping("/open311/v2")
class Open311Controller {

    private static final Logger log = LoggerFactory.getLogger(Open311Controller.class);

    static final String SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";
    /** When this API last changed, as discovery reports it. */
    static final String CHANGESET = "2026-11-28T00:00:00+05:00";

    static final ZoneId ALMATY = ZoneId.of("Asia/Almaty");
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
    /** The working day of state bodies ends at 18:30: an answer due on a day is due by then. */
    static final LocalTime END_OF_WORKING_DAY = LocalTime.of(18, 30);
    /** The period listed when a client gives neither start_date nor end_date, as the specification says. */
    static final int DEFAULT_DAYS = 90;

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 1000;
    private static final int MAX_IDS = 200;

    /** Kazakhstan's extent, generously rounded: a point outside it is a mistake. */
    static final double MIN_LON = 46, MAX_LON = 88, MIN_LAT = 40, MAX_LAT = 56;

    private static final List<String> OPEN = List.of("new", "under_review", "routed", "in_progress");

    private static final List<String> SERVICE_PARAMETERS = List.of("jurisdiction_id", "locale");
    private static final List<String> LIST_PARAMETERS = List.of(
            "jurisdiction_id",
            "service_request_id",
            "service_code",
            "start_date",
            "end_date",
            "status",
            "page",
            "page_size",
            "locale");
    // device_id, account_id, address_id and media_url are accepted, as clients send them, and not kept
    private static final List<String> POST_PARAMETERS = List.of(
            "api_key",
            "jurisdiction_id",
            "service_code",
            "lat",
            "long",
            "address_string",
            "address_id",
            "email",
            "device_id",
            "account_id",
            "first_name",
            "last_name",
            "phone",
            "description",
            "media_url",
            "locale");

    private final Open311Queries queries;
    private final Open311Writer writer;
    private final Open311Settings settings;
    private final AppealSubmissionService submissions;
    private final AuditLog audit;

    Open311Controller(
            Open311Queries queries,
            Open311Writer writer,
            Open311Settings settings,
            AppealSubmissionService submissions,
            AuditLog audit) {
        this.queries = queries;
        this.writer = writer;
        this.settings = settings;
        this.submissions = submissions;
        this.audit = audit;
    }

    @GetMapping("/discovery.{format}")
    ResponseEntity<String> discovery(@PathVariable String format, @RequestParam MultiValueMap<String, String> params) {
        Format f = format(format);
        QueryParameters.of(params, List.of());
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("specification", SPECIFICATION);
        endpoint.put(
                "url",
                ServletUriComponentsBuilder.fromCurrentContextPath()
                        .path("/open311/v2")
                        .build()
                        .toUriString());
        endpoint.put("changeset", CHANGESET);
        endpoint.put("type", "production");
        endpoint.put("formats", new Items("format", List.of("text/xml", "application/json")));
        Map<String, Object> discovery = new LinkedHashMap<>();
        discovery.put("changeset", CHANGESET);
        discovery.put("contact", settings.contact());
        discovery.put("key_service", settings.keyService());
        discovery.put("endpoints", new Items("endpoint", List.of(endpoint)));
        return answer(f, HttpStatus.OK, "discovery", discovery);
    }

    /** The public appeal categories; the corruption signal category is not public and not listed. */
    @GetMapping("/services.{format}")
    ResponseEntity<String> services(@PathVariable String format, @RequestParam MultiValueMap<String, String> params) {
        Format f = format(format);
        QueryParameters q = QueryParameters.of(params, SERVICE_PARAMETERS);
        jurisdiction(q);
        Open311Texts texts = locale(q);
        List<Map<String, Object>> services = new ArrayList<>();
        for (Category c : queries.categories()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("service_code", c.code());
            s.put("service_name", texts.name(c));
            s.put("description", texts.description(c));
            s.put("metadata", false);
            s.put("type", "realtime");
            s.put("keywords", String.join(", ", c.code(), c.nameKk(), c.nameRu(), c.nameEn()));
            s.put("group", texts.group());
            services.add(s);
        }
        return answer(f, HttpStatus.OK, "services", new Items("service", services));
    }

    /** A service's definition: no extra attributes, as every service is listed with {@code metadata} false. */
    @GetMapping("/services/{code}.{format}")
    ResponseEntity<String> service(
            @PathVariable String code,
            @PathVariable String format,
            @RequestParam MultiValueMap<String, String> params) {
        Format f = format(format);
        QueryParameters q = QueryParameters.of(params, SERVICE_PARAMETERS);
        jurisdiction(q);
        locale(q);
        Category c = queries.category(code)
                .orElseThrow(() -> Open311Exception.notFound("service_code " + QueryParameters.abbreviate(code)
                        + " not found; services." + format + " lists the services"));
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("service_code", c.code());
        definition.put("attributes", new Items("attribute", List.of()));
        return answer(f, HttpStatus.OK, "service_definition", definition);
    }

    /**
     * Public appeals, newest first. {@code service_request_id} overrides every other filter, as the
     * specification says; without it and without dates, the last 90 days are listed.
     */
    @GetMapping("/requests.{format}")
    ResponseEntity<String> requests(@PathVariable String format, @RequestParam MultiValueMap<String, String> params) {
        Format f = format(format);
        QueryParameters q = QueryParameters.of(params, LIST_PARAMETERS);
        jurisdiction(q);
        Open311Texts texts = locale(q);
        int page = q.intInRange("page", 1, 1_000_000, 1);
        int pageSize = q.intInRange("page_size", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
        List<String> ids = list(q, "service_request_id").stream()
                .map(id -> id.toUpperCase(Locale.ROOT))
                .toList();
        if (ids.size() > MAX_IDS) {
            throw Open311Exception.badRequest("service_request_id", "at most " + MAX_IDS + " ids at once");
        }
        Filter filter;
        if (!ids.isEmpty()) {
            filter = new Filter(ids, List.of(), null, null, false, false);
        } else {
            List<String> codes = list(q, "service_code");
            List<String> known =
                    queries.categories().stream().map(Category::code).toList();
            for (String code : codes) {
                if (!known.contains(code)) {
                    throw Open311Exception.badRequest(
                            "service_code",
                            "unknown service '" + QueryParameters.abbreviate(code) + "'; services are "
                                    + String.join(", ", known));
                }
            }
            OffsetDateTime start = q.get("start_date")
                    .map(s -> dateTime("start_date", s, false))
                    .orElse(null);
            OffsetDateTime end =
                    q.get("end_date").map(s -> dateTime("end_date", s, true)).orElse(null);
            if (start == null && end == null) {
                start = OffsetDateTime.now(ALMATY).minusDays(DEFAULT_DAYS);
            }
            if (start != null && end != null && start.isAfter(end)) {
                throw Open311Exception.badRequest("start_date", "is after end_date");
            }
            boolean open = false, closed = false;
            for (String status : list(q, "status")) {
                switch (status.toLowerCase(Locale.ROOT)) {
                    case "open" -> open = true;
                    case "closed" -> closed = true;
                    default ->
                        throw Open311Exception.badRequest(
                                "status", "must be open or closed, got '" + QueryParameters.abbreviate(status) + "'");
                }
            }
            filter = new Filter(List.of(), codes, start, end, open, closed);
        }
        List<Map<String, Object>> requests = queries.requests(filter, page, pageSize).stream()
                .map(r -> request(r, texts))
                .toList();
        return answer(f, HttpStatus.OK, "service_requests", new Items("request", requests));
    }

    /** One public appeal by its tracking code, as a list of one, as the specification says. */
    @GetMapping("/requests/{id}.{format}")
    ResponseEntity<String> request(
            @PathVariable String id, @PathVariable String format, @RequestParam MultiValueMap<String, String> params) {
        Format f = format(format);
        QueryParameters q = QueryParameters.of(params, SERVICE_PARAMETERS);
        jurisdiction(q);
        Open311Texts texts = locale(q);
        List<Map<String, Object>> found = queries
                .requests(new Filter(List.of(id.toUpperCase(Locale.ROOT)), List.of(), null, null, false, false), 1, 1)
                .stream()
                .map(r -> request(r, texts))
                .toList();
        if (found.isEmpty()) {
            throw Open311Exception.notFound("service_request_id " + QueryParameters.abbreviate(id) + " not found");
        }
        return answer(f, HttpStatus.OK, "service_requests", new Items("request", found));
    }

    /**
     * Submits an appeal (form-encoded, with an {@code api_key}). The contact fields go to the private contact
     * table only; the answer carries the tracking code as {@code service_request_id}.
     */
    @PostMapping("/requests.{format}")
    ResponseEntity<String> submit(
            @PathVariable String format,
            @RequestParam MultiValueMap<String, String> params,
            HttpServletRequest request) {
        Format f = format(format);
        QueryParameters q = QueryParameters.of(params, POST_PARAMETERS);
        Open311Queries.Token token = token(q.get("api_key").orElse(null));
        jurisdiction(q);
        Open311Texts texts = locale(q);
        String serviceCode =
                q.get("service_code").orElseThrow(() -> Open311Exception.badRequest("service_code", "required"));
        Category category = queries.category(serviceCode)
                .orElseThrow(() -> Open311Exception.badRequest(
                        "service_code",
                        "unknown service '" + QueryParameters.abbreviate(serviceCode) + "'; services." + format
                                + " lists the services"));
        Optional<String> latText = q.get("lat");
        Optional<String> lonText = q.get("long");
        if (latText.isEmpty() || lonText.isEmpty()) {
            throw Open311Exception.badRequest(
                    latText.isEmpty() ? "lat" : "long",
                    "lat and long are required: this server does not find places by address_string");
        }
        double lat = coordinate("lat", latText.get(), MIN_LAT, MAX_LAT);
        double lon = coordinate("long", lonText.get(), MIN_LON, MAX_LON);
        String description = q.get("description")
                .orElseThrow(() -> Open311Exception.badRequest("description", "required: what is the problem?"));
        int length = description.codePointCount(0, description.length());
        if (length > 5000) {
            throw Open311Exception.badRequest("description", "at most 5000 characters, got " + length + "; shorten it");
        }
        String name = String.join(
                        " ",
                        q.get("first_name")
                                .map(s -> limit("first_name", s, 200))
                                .orElse(""),
                        q.get("last_name").map(s -> limit("last_name", s, 200)).orElse(""))
                .strip();
        String email = q.get("email").map(s -> limit("email", s, 254)).orElse(null);
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
            throw Open311Exception.badRequest("email", "is not an e-mail address");
        }
        String phone = q.get("phone").map(s -> limit("phone", s, 32)).orElse(null);
        // the same submission as the web's and the bots': due date, confirmation, timeline, notices
        String apiKey = q.get("api_key").orElseThrow();
        NewAppeal appeal = new NewAppeal(
                lon,
                lat,
                category.code(),
                description,
                false,
                name.isEmpty() && phone == null && email == null
                        ? Optional.empty()
                        : Optional.of(new NewAppeal.Contact(name.isEmpty() ? null : name, phone, email)),
                token.channel(),
                texts.name().toLowerCase(Locale.ROOT));
        AppealSubmissionService.Submitted created = submissions.submit(
                appeal,
                List.of(),
                new AppealSubmissionService.Caller(request.getRemoteAddr(), Set.of(), Optional.of(apiKey)),
                null,
                ServletUriComponentsBuilder.fromCurrentContextPath()
                        .path("/api/v1/appeals/track/")
                        .toUriString());
        audit.record(
                "api_token:" + token.name(),
                "appeal.submit",
                "appeal",
                created.trackingCode(),
                Map.of("category", category.code(), "channel", token.channel(), "via", "open311"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("service_request_id", created.trackingCode());
        answer.put("service_notice", texts.serviceNotice(category));
        answer.put("account_id", null);
        return answer(f, HttpStatus.OK, "service_requests", new Items("request", List.of(answer)));
    }

    /** Submissions are stored at once and answered with their id: there are no tokens to look up. */
    @GetMapping("/tokens/{token}.{format}")
    ResponseEntity<String> token(@PathVariable String token, @PathVariable String format) {
        format(format);
        throw Open311Exception.notFound(
                "token not found: submissions are answered with their service_request_id at once");
    }

    @ExceptionHandler
    ResponseEntity<String> open311(Open311Exception e, HttpServletRequest request) {
        return error(request, e.status(), e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<String> invalidParameter(InvalidParameterException e, HttpServletRequest request) {
        return error(request, HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<String> unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected error", e);
        return error(
                request,
                HttpStatus.INTERNAL_SERVER_ERROR,
                "The server could not answer this request. It has been logged.");
    }

    private ResponseEntity<String> error(HttpServletRequest request, HttpStatus status, String description) {
        Format f = request.getRequestURI().endsWith(".xml") ? Format.XML : Format.JSON;
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", status.value());
        error.put("description", description);
        return answer(f, status, "errors", new Items("error", List.of(error)));
    }

    private ResponseEntity<String> answer(Format format, HttpStatus status, String root, Object value) {
        return ResponseEntity.status(status).contentType(format.mediaType).body(writer.write(format, root, value));
    }

    private static Map<String, Object> request(Request r, Open311Texts texts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service_request_id", r.trackingCode());
        m.put("status", OPEN.contains(r.status()) ? "open" : "closed");
        m.put("status_notes", statusNotes(r, texts));
        m.put("service_name", texts.name(r.category()));
        m.put("service_code", r.category().code());
        m.put("description", r.description());
        m.put("agency_responsible", r.agencyRu() == null ? null : texts.pick(r.agencyKk(), r.agencyRu(), r.agencyEn()));
        m.put("service_notice", texts.serviceNotice(r.category()));
        m.put("requested_datetime", format(r.createdAt()));
        m.put("updated_datetime", format(r.updatedAt()));
        m.put(
                "expected_datetime",
                r.dueDate() == null
                        ? null
                        : DATE_TIME.format(
                                r.dueDate().atTime(END_OF_WORKING_DAY).atZone(ALMATY)));
        // appeals are pinned on the map; they have no postal address
        m.put("address", null);
        m.put("lat", r.lat());
        m.put("long", r.lon());
        m.put("media_url", null);
        return m;
    }

    /**
     * The note on the status: the appeal an appeal was merged into, the moderator's reason for a rejection,
     * else the answer's first part.
     */
    private static String statusNotes(Request r, Open311Texts texts) {
        if ("merged".equals(r.status()) && r.mergedInto() != null) {
            return texts.mergedInto(r.mergedInto());
        }
        String answer = "rejected".equals(r.status()) ? r.statusReason() : r.answerText();
        if (answer == null || answer.isBlank()) {
            return null;
        }
        answer = answer.strip();
        return answer.codePointCount(0, answer.length()) <= 500
                ? answer
                : answer.substring(0, answer.offsetByCodePoints(0, 499)) + "…";
    }

    private static String format(OffsetDateTime time) {
        return time == null ? null : DATE_TIME.format(time.atZoneSameInstant(ALMATY));
    }

    private static Format format(String extension) {
        return Format.of(extension)
                .orElseThrow(() -> Open311Exception.notFound(
                        "format '" + QueryParameters.abbreviate(extension) + "' not served; use .xml or .json"));
    }

    private void jurisdiction(QueryParameters q) {
        q.get("jurisdiction_id").ifPresent(id -> {
            if (!id.equals(settings.jurisdictionId())) {
                throw Open311Exception.notFound("jurisdiction_id " + QueryParameters.abbreviate(id)
                        + " not found; this server answers for " + settings.jurisdictionId());
            }
        });
    }

    private static Open311Texts locale(QueryParameters q) {
        return q.get("locale")
                .map(l -> Open311Texts.of(l)
                        .orElseThrow(() -> Open311Exception.badRequest(
                                "locale", "must be kk, ru or en, got '" + QueryParameters.abbreviate(l) + "'")))
                .orElse(Open311Texts.RU);
    }

    /** A comma-separated list, blanks dropped; empty when absent. */
    private static List<String> list(QueryParameters q, String name) {
        return q.get(name)
                .map(s -> List.of(s.split(",")).stream()
                        .map(String::strip)
                        .filter(v -> !v.isEmpty())
                        .toList())
                .orElse(List.of());
    }

    /**
     * A W3C/ISO 8601 date-time. Without an offset it is Almaty time; a date alone is that whole day. A space
     * before the offset is read as '+', since clients often send {@code +05:00} unencoded in the query.
     */
    static OffsetDateTime dateTime(String name, String text, boolean end) {
        String s = text.replaceFirst(" (\\d\\d:?\\d\\d)$", "+$1");
        try {
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            // not with an offset; try the shorter forms
        }
        try {
            return LocalDateTime.parse(s).atZone(ALMATY).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            // not a local date-time either
        }
        try {
            LocalDate day = LocalDate.parse(s);
            return end
                    ? day.plusDays(1).atStartOfDay(ALMATY).toOffsetDateTime().minusNanos(1000)
                    : day.atStartOfDay(ALMATY).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            throw Open311Exception.badRequest(
                    name,
                    "must be an ISO 8601 date-time such as 2026-11-28T14:03:00+05:00, got '"
                            + QueryParameters.abbreviate(text) + "'");
        }
    }

    private static double coordinate(String name, String text, double min, double max) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v)) {
            throw Open311Exception.badRequest(
                    name, "must be a number in degrees (WGS 84), got '" + QueryParameters.abbreviate(text) + "'");
        }
        if (v < min || v > max) {
            throw Open311Exception.badRequest(
                    name,
                    text + " is outside Kazakhstan (" + (int) min + " to " + (int) max
                            + "); lat is the latitude, long the longitude, in degrees");
        }
        return v;
    }

    private static String limit(String name, String value, int max) {
        if (value.codePointCount(0, value.length()) > max) {
            throw Open311Exception.badRequest(name, "at most " + max + " characters");
        }
        return value;
    }

    /** The API token {@code key} names (it is looked up by its SHA-256, as the table keeps it), or 403. */
    private Open311Queries.Token token(String key) {
        Optional<Open311Queries.Token> token = Optional.empty();
        if (key != null) {
            try {
                byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
                token = queries.token(HexFormat.of().formatHex(sha256));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }
        return token.orElseThrow(() -> Open311Exception.forbidden(
                "api_key missing or not valid: submitting needs an API token of this server"));
    }
}
