package kz.adalmap.api.appeal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * Which appeals a public list, tile, export or statistic covers: categories and statuses (codes),
 * the answering agency (its code), the region (KATO code), the days of submission in Kazakhstan's
 * time (UTC+5, both ends inclusive) and whether only overdue appeals count. Empty lists and optionals
 * mean "any". {@link #parse} checks the form of each value; {@link PublicAppealFilterCodes#check}
 * checks that the codes exist. Lists are sorted, so equal filters give equal {@link #canonical()} text.
 */
public record PublicAppealFilter(
        List<String> categories,
        List<String> statuses,
        Optional<String> agency,
        Optional<String> region,
        Optional<LocalDate> from,
        Optional<LocalDate> to,
        boolean overdue) {

    /** The query parameters of the filter. */
    public static final List<String> PARAMETERS =
            List.of("category", "status", "agency", "region", "from", "to", "overdue");

    /** Every status of an appeal, in the order of its life. */
    public static final List<String> STATUSES =
            List.of("new", "under_review", "routed", "in_progress", "answered", "resolved", "rejected", "merged");

    /** No condition. */
    public static final PublicAppealFilter NONE = new PublicAppealFilter(
            List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);

    /** Reads the filter's parameters from {@code q}; a malformed value is a 400 naming its parameter. */
    public static PublicAppealFilter parse(QueryParameters q) {
        List<String> categories = codes(q, "category");
        categories.forEach(code -> {
            if (!code.matches("[a-z_]{1,32}")) {
                throw InvalidParameterException.of(
                        "category", "unknown appeal category '" + QueryParameters.abbreviate(code) + "'");
            }
        });
        List<String> statuses = codes(q, "status");
        statuses.forEach(status -> {
            if (!STATUSES.contains(status)) {
                throw InvalidParameterException.of(
                        "status",
                        "unknown status '" + QueryParameters.abbreviate(status) + "'; use "
                                + String.join(", ", STATUSES) + " (comma-separated)");
            }
        });
        Optional<String> agency = q.get("agency").map(code -> {
            if (!code.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
                throw InvalidParameterException.of(
                        "agency", "no agency has the code '" + QueryParameters.abbreviate(code) + "'");
            }
            return code;
        });
        Optional<String> region = q.get("region").map(kato -> {
            if (!kato.matches("[0-9]{9}")) {
                throw InvalidParameterException.of(
                        "region", "must be a KATO code of 9 digits, got '" + QueryParameters.abbreviate(kato) + "'");
            }
            return kato;
        });
        Optional<LocalDate> from = date(q, "from");
        Optional<LocalDate> to = date(q, "to");
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw InvalidParameterException.of("from", from.get() + " is after to " + to.get());
        }
        boolean overdue = q.get("overdue")
                .map(text -> switch (text) {
                    case "true" -> true;
                    case "false" -> false;
                    default ->
                        throw InvalidParameterException.of(
                                "overdue", "must be true or false, got '" + QueryParameters.abbreviate(text) + "'");
                })
                .orElse(false);
        return new PublicAppealFilter(categories, statuses, agency, region, from, to, overdue);
    }

    /** The filter without its statuses (the statistics count every status). */
    public PublicAppealFilter anyStatus() {
        return new PublicAppealFilter(categories, List.of(), agency, region, from, to, overdue);
    }

    /**
     * The {@code AND …} conditions of the filter over rows named {@code a} that have the columns of
     * {@code appeal} and a boolean {@code overdue} (as the view {@code public_appeal} has), their values
     * bound in {@code params}. Dates are days in Kazakhstan's time; the bounds are instants, so the index
     * on {@code created_at} is used.
     */
    public String conditions(MapSqlParameterSource params) {
        StringBuilder sql = new StringBuilder();
        if (!categories.isEmpty()) {
            sql.append(" AND a.category = ANY(:filterCategories)");
            params.addValue("filterCategories", categories.toArray(String[]::new));
        }
        if (!statuses.isEmpty()) {
            sql.append(" AND a.status = ANY(:filterStatuses)");
            params.addValue("filterStatuses", statuses.toArray(String[]::new));
        }
        agency.ifPresent(code -> {
            sql.append(" AND a.agency_id = (SELECT id FROM agency WHERE code = :filterAgency)");
            params.addValue("filterAgency", code);
        });
        region.ifPresent(kato -> {
            sql.append(" AND a.region_id = (SELECT id FROM region WHERE kato_code = :filterRegion)");
            params.addValue("filterRegion", kato);
        });
        // a bare '+05:00' would be a POSIX zone west of Greenwich: the interval is UTC+5
        from.ifPresent(day -> {
            sql.append(" AND a.created_at >= CAST(:filterFrom AS timestamp) AT TIME ZONE INTERVAL '+05:00'");
            params.addValue("filterFrom", day);
        });
        to.ifPresent(day -> {
            sql.append(" AND a.created_at < CAST(:filterBefore AS timestamp) AT TIME ZONE INTERVAL '+05:00'");
            params.addValue("filterBefore", day.plusDays(1));
        });
        if (overdue) {
            sql.append(" AND a.overdue");
        }
        return sql.toString();
    }

    /** The filter as text: equal for equal filters, part of a tile's ETag. */
    public String canonical() {
        return String.join(",", categories) + ";" + String.join(",", statuses) + ";" + agency.orElse("") + ";"
                + region.orElse("") + ";" + from.map(LocalDate::toString).orElse("") + ";"
                + to.map(LocalDate::toString).orElse("") + ";" + overdue;
    }

    private static List<String> codes(QueryParameters q, String name) {
        TreeSet<String> codes = new TreeSet<>();
        q.get(name)
                .ifPresent(text -> Arrays.stream(text.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .forEach(codes::add));
        return List.copyOf(codes);
    }

    private static Optional<LocalDate> date(QueryParameters q, String name) {
        return q.get(name).map(text -> {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw InvalidParameterException.of(
                        name,
                        "must be a date as YYYY-MM-DD (a day in Kazakhstan's time), got '"
                                + QueryParameters.abbreviate(text) + "'");
            }
        });
    }
}
