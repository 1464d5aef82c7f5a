package kz.adalmap.api.open311;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of Open311. Like every public appeal query it reads the view {@code public_appeal}, never the table:
 * never {@code appeal_contact}, never the citizen's own text (only the masked public
 * text, and nothing when the text is private), never an appeal of a category that is not public, not even
 * as a count.
 */
@Repository
class Open311Queries {

    private static final String CATEGORIES = """
            SELECT code, name_kk, name_ru, name_en, due_working_days
            FROM appeal_category
            WHERE is_public
            ORDER BY position
            """;

    // the view names the merged-into appeal only when it is public itself
    private static final String REQUESTS = """
            SELECT a.tracking_code, a.status, a.category,
                   c.name_kk, c.name_ru, c.name_en, c.due_working_days,
                   a.text AS description,
                   ag.name_kk AS agency_kk, ag.name_ru AS agency_ru, ag.name_en AS agency_en,
                   a.answer_text, a.merged_into, a.status_reason,
                   a.created_at, a.updated_at, a.due_date,
                   ST_Y(a.geom) AS lat, ST_X(a.geom) AS lon
            FROM public_appeal a
            JOIN appeal_category c ON c.code = a.category
            LEFT JOIN agency ag ON ag.id = a.agency_id
            WHERE true
            """;
    private static final String WITH_IDS = " AND a.tracking_code IN (:ids)";
    private static final String WITH_CODES = " AND a.category IN (:codes)";
    private static final String FROM = " AND a.created_at >= :start";
    private static final String UNTIL = " AND a.created_at <= :end";
    private static final String OPEN = " AND a.status IN ('new', 'under_review', 'routed', 'in_progress')";
    private static final String CLOSED = " AND a.status IN ('answered', 'resolved', 'rejected', 'merged')";
    private static final String PAGE = " ORDER BY a.created_at DESC, a.id DESC LIMIT :limit OFFSET :offset";

    // the key's hash is looked up, never the key: the table keeps only hashes
    private static final String TOKEN = """
            SELECT id, name, channel FROM api_token
            WHERE token_sha256 = :sha256 AND revoked_at IS NULL
            """;

    /** Letters and digits of generated tracking codes: without 0/O, 1/I/L, which people confuse. */
    private final JdbcClient jdbc;

    Open311Queries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A public appeal category: an Open311 service. */
    record Category(String code, String nameKk, String nameRu, String nameEn, int dueWorkingDays) {}

    /**
     * A public appeal as Open311 shows it. {@code description} is the masked public text, null when private;
     * {@code mergedInto} is the tracking code of the public appeal it was merged into.
     */
    record Request(
            String trackingCode,
            String status,
            Category category,
            String description,
            String agencyKk,
            String agencyRu,
            String agencyEn,
            String answerText,
            String mergedInto,
            String statusReason,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            LocalDate dueDate,
            double lat,
            double lon) {}

    /**
     * Which appeals to list. Null or empty means "no condition"; {@code open} and {@code closed} both true or
     * both false mean any status; {@code start} and {@code end} bound the submission time, inclusive.
     */
    record Filter(
            List<String> trackingCodes,
            List<String> serviceCodes,
            OffsetDateTime start,
            OffsetDateTime end,
            boolean open,
            boolean closed) {}

    /** An API token of a partner (a messenger bot, an app) that submits appeals for citizens. */
    record Token(int id, String name, String channel) {}

    /** The unrevoked token whose SHA-256 (lowercase hex) is {@code sha256}, if any. */
    Optional<Token> token(String sha256) {
        return jdbc.sql(TOKEN)
                .param("sha256", sha256)
                .query((rs, n) -> new Token(rs.getInt("id"), rs.getString("name"), rs.getString("channel")))
                .optional();
    }

    List<Category> categories() {
        return jdbc.sql(CATEGORIES)
                .query((rs, n) -> new Category(
                        rs.getString("code"),
                        rs.getString("name_kk"),
                        rs.getString("name_ru"),
                        rs.getString("name_en"),
                        rs.getInt("due_working_days")))
                .list();
    }

    Optional<Category> category(String code) {
        return categories().stream().filter(c -> c.code().equals(code)).findFirst();
    }

    /** One page of public appeals, newest first; {@code page} counts from 1. */
    List<Request> requests(Filter filter, int page, int pageSize) {
        StringBuilder sql = new StringBuilder(REQUESTS);
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("limit", pageSize)
                .addValue("offset", (long) (page - 1) * pageSize);
        if (filter.trackingCodes() != null && !filter.trackingCodes().isEmpty()) {
            sql.append(WITH_IDS);
            params.addValue("ids", filter.trackingCodes());
        }
        if (filter.serviceCodes() != null && !filter.serviceCodes().isEmpty()) {
            sql.append(WITH_CODES);
            params.addValue("codes", filter.serviceCodes());
        }
        if (filter.start() != null) {
            sql.append(FROM);
            params.addValue("start", filter.start());
        }
        if (filter.end() != null) {
            sql.append(UNTIL);
            params.addValue("end", filter.end());
        }
        if (filter.open() != filter.closed()) {
            sql.append(filter.open() ? OPEN : CLOSED);
        }
        sql.append(PAGE);
        return jdbc.sql(sql.toString())
                .paramSource(params)
                .query((rs, n) -> new Request(
                        rs.getString("tracking_code"),
                        rs.getString("status"),
                        new Category(
                                rs.getString("category"),
                                rs.getString("name_kk"),
                                rs.getString("name_ru"),
                                rs.getString("name_en"),
                                rs.getInt("due_working_days")),
                        rs.getString("description"),
                        rs.getString("agency_kk"),
                        rs.getString("agency_ru"),
                        rs.getString("agency_en"),
                        rs.getString("answer_text"),
                        rs.getString("merged_into"),
                        rs.getString("status_reason"),
                        rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("updated_at", OffsetDateTime.class),
                        rs.getObject("due_date", LocalDate.class),
                        rs.getDouble("lat"),
                        rs.getDouble("lon")))
                .list();
    }
}
