package kz.adalmap.api.appeal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import kz.adalmap.api.audit.AuditLog;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.security.StaffUser;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Administrators keep the working calendar that due dates are counted on
 * ({@code /api/v1/admin/working-calendar}): Kurban Ait moves every year and the government decrees
 * transfers of days off yearly, so the days that differ from Monday–Friday are data, not code. A change
 * counts for the appeals submitted after it; due dates already given stay as they were told.
 */
@RestController
@RequestMapping("/api/v1/admin/working-calendar")
class WorkingCalendarAdminController {

    private static final List<String> KINDS = List.of("holiday", "carried_over", "transfer");
    private static final String YEAR = """
            SELECT coalesce(json_agg(json_build_object('day', day, 'day_off', day_off, 'kind', kind, 'name', name)
                                     ORDER BY day), '[]'::json)::text
            FROM work_calendar_day
            WHERE day >= make_date(:year, 1, 1) AND day < make_date(:year + 1, 1, 1)
            """;
    private static final String UPSERT = """
            INSERT INTO work_calendar_day (day, day_off, kind, name) VALUES (:day, :off, :kind, :name)
            ON CONFLICT (day) DO UPDATE SET day_off = EXCLUDED.day_off, kind = EXCLUDED.kind, name = EXCLUDED.name
            """;

    private final JdbcClient jdbc;
    private final AuditLog audit;

    WorkingCalendarAdminController(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** The days of {@code year} that differ from the usual week. */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    String year(@RequestParam int year) {
        if (year < 2000 || year > 2100) {
            throw InvalidParameterException.of("year", "must be between 2000 and 2100, got " + year);
        }
        return jdbc.sql(YEAR).param("year", year).query(String.class).single();
    }

    /** Makes {@code day} a day off ({@code "day_off": true}) or a working day, with its kind and name. */
    @PutMapping(value = "/{day}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Transactional
    Map<String, Object> put(
            @AuthenticationPrincipal StaffUser user, @PathVariable String day, @RequestBody JsonNode body) {
        LocalDate date = date(day);
        JsonNode off = body.get("day_off");
        if (off == null || !off.isBoolean()) {
            throw InvalidParameterException.of("day_off", "required: true for a day off, false for a working day");
        }
        String kind = body.path("kind").asString("");
        if (!KINDS.contains(kind)) {
            throw InvalidParameterException.of("kind", "must be one of " + KINDS + ", got '" + kind + "'");
        }
        String name = body.path("name").asString("").strip();
        if (name.isEmpty() || name.length() > 200) {
            throw InvalidParameterException.of("name", "required: what the day is, at most 200 characters");
        }
        jdbc.sql(UPSERT)
                .param("day", date)
                .param("off", off.asBoolean())
                .param("kind", kind)
                .param("name", name)
                .update();
        Map<String, Object> saved =
                Map.of("day", date.toString(), "day_off", off.asBoolean(), "kind", kind, "name", name);
        audit.record(user.getUsername(), "working_calendar.set", "work_calendar_day", date.toString(), saved);
        return saved;
    }

    /** Makes {@code day} an ordinary day of the week again. */
    @DeleteMapping("/{day}")
    @Transactional
    ResponseEntity<Void> delete(@AuthenticationPrincipal StaffUser user, @PathVariable String day) {
        LocalDate date = date(day);
        int removed = jdbc.sql("DELETE FROM work_calendar_day WHERE day = :day")
                .param("day", date)
                .update();
        if (removed == 0) {
            throw InvalidParameterException.of("day", date + " is an ordinary day already");
        }
        audit.record(user.getUsername(), "working_calendar.reset", "work_calendar_day", date.toString(), Map.of());
        return ResponseEntity.noContent().build();
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw InvalidParameterException.of("day", "must be a date like 2027-05-16, got '" + text + "'");
        }
    }
}
