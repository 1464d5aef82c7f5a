package kz.adalmap.api.budget;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.security.StaffUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What administrators and participatory-budget reviewers do: set up a cycle, accept or reject proposals,
 * record the winners' milestones. The service checks that the district lies in one of the reviewer's
 * regions; another region's reviewer is refused with 403.
 */
@RestController
@RequestMapping("/api/v1/budget")
class BudgetReviewController {

    private final BudgetService service;
    private final JsonMapper json;

    BudgetReviewController(BudgetService service, JsonMapper json) {
        this.service = service;
        this.json = json;
    }

    /**
     * A new cycle: {@code district} (KATO code), {@code year}, {@code cap_tenge}, optional
     * {@code max_choices} (1 by default) and the first day of each phase, {@code proposals_start},
     * {@code review_start}, {@code voting_start}, {@code implementation_start}, and
     * {@code implementation_end}; each phase ends the day before the next one starts.
     */
    @PostMapping(value = "/cycles", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> create(@AuthenticationPrincipal StaffUser user, @RequestBody JsonNode body) {
        String district = body.path("district").asString("");
        if (!district.matches("[0-9]{9}")) {
            throw InvalidParameterException.of("district", "give the district's 9-digit KATO code");
        }
        int id = service.createCycle(user, district, fields(body));
        return ResponseEntity.status(HttpStatus.CREATED)
                .contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsString(Map.of("id", id)));
    }

    /** Changes a cycle: the same fields as at creation, except the district. */
    @PutMapping(value = "/cycles/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> update(
            @AuthenticationPrincipal StaffUser user, @PathVariable long id, @RequestBody JsonNode body) {
        if (body.has("district")) {
            throw InvalidParameterException.of("district", "a cycle's district cannot change; make a new cycle");
        }
        service.updateCycle(user, id, fields(body));
        return ResponseEntity.noContent().build();
    }

    /** {@code {"decision": "accepted"|"rejected", "reason": public text}}, during the review phase. */
    @PostMapping(value = "/proposals/{id}/review", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> review(
            @AuthenticationPrincipal StaffUser user, @PathVariable long id, @RequestBody JsonNode body) {
        service.review(
                user,
                id,
                body.path("decision").asString(""),
                body.path("reason").asString(null));
        return ResponseEntity.noContent().build();
    }

    /** A milestone of a winner, once voting is over: a form with {@code title}, {@code date}, {@code done} and photos. */
    @PostMapping(value = "/proposals/{id}/milestones", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<String> milestone(
            @AuthenticationPrincipal StaffUser user, @PathVariable long id, MultipartHttpServletRequest request) {
        String title = request.getParameter("title");
        if (title == null || title.isBlank() || title.strip().length() > 200) {
            throw InvalidParameterException.of("title", "give a title of 1 to 200 characters");
        }
        LocalDate day = date("date", request.getParameter("date"));
        if (day == null) {
            throw InvalidParameterException.of("date", "give the milestone's date as YYYY-MM-DD");
        }
        boolean done = Boolean.parseBoolean(request.getParameter("done"));
        long milestone = service.addMilestone(user, id, title.strip(), day, done, BudgetController.files(request));
        return ResponseEntity.status(HttpStatus.CREATED)
                .contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsString(Map.of("id", milestone)));
    }

    /** {@code {"title", "date", "done"}}, each optional. */
    @PutMapping(value = "/milestones/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> updateMilestone(
            @AuthenticationPrincipal StaffUser user, @PathVariable long id, @RequestBody JsonNode body) {
        String title = body.path("title").asString(null);
        if (title != null && (title.isBlank() || title.strip().length() > 200)) {
            throw InvalidParameterException.of("title", "give a title of 1 to 200 characters");
        }
        Boolean done = body.has("done") ? body.get("done").asBoolean() : null;
        service.updateMilestone(
                user,
                id,
                title == null ? null : title.strip(),
                date("date", body.path("date").asString(null)),
                done);
        return ResponseEntity.noContent().build();
    }

    private static BudgetQueries.CycleFields fields(JsonNode body) {
        int year = body.path("year").asInt(0);
        if (year < 2000 || year > 2100) {
            throw InvalidParameterException.of("year", "give the cycle's year, e.g. 2026");
        }
        long cap = body.path("cap_tenge").asLong(0);
        if (cap <= 0) {
            throw InvalidParameterException.of("cap_tenge", "give the district's budget in tenge, more than 0");
        }
        int maxChoices = body.path("max_choices").asInt(1);
        if (maxChoices < 1 || maxChoices > 10) {
            throw InvalidParameterException.of("max_choices", "must be from 1 to 10");
        }
        LocalDate proposals = required(body, "proposals_start");
        LocalDate review = required(body, "review_start");
        LocalDate voting = required(body, "voting_start");
        LocalDate implementation = required(body, "implementation_start");
        LocalDate end = required(body, "implementation_end");
        if (!(proposals.isBefore(review)
                && review.isBefore(voting)
                && voting.isBefore(implementation)
                && !end.isBefore(implementation))) {
            throw InvalidParameterException.of(
                    "phases",
                    "the phases must follow each other: proposals_start < review_start < voting_start <"
                            + " implementation_start <= implementation_end");
        }
        return new BudgetQueries.CycleFields(year, cap, maxChoices, proposals, review, voting, implementation, end);
    }

    private static LocalDate required(JsonNode body, String name) {
        LocalDate d = date(name, body.path(name).asString(null));
        if (d == null) {
            throw InvalidParameterException.of(name, "give a date as YYYY-MM-DD");
        }
        return d;
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw InvalidParameterException.of(
                    name,
                    "'" + kz.adalmap.api.common.web.QueryParameters.abbreviate(value)
                            + "' is not a date as YYYY-MM-DD");
        }
    }
}
