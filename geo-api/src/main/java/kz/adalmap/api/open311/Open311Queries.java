package kz.adalmap.api.open311;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of Open311. Like every public appeal query it reads the view {@code public_appeal}, never the table:
 * never {@code appeal_contact} (it only writes to it), never the citizen's own text (only the masked public
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
                   a.answer_text, a.merged_into,
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

    // the region is the one whose boundary holds the point, when the boundaries are loaded
    private static final String INSERT_APPEAL = """
            INSERT INTO appeal (tracking_code, category, text, geom, status, channel, region_id, due_date)
            VALUES (:code, :category, :text, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), 'new', :channel,
                    (SELECT r.id FROM region r
                     WHERE ST_Intersects(r.geom, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326))
                     ORDER BY r.id LIMIT 1),
                    :due)
            ON CONFLICT (tracking_code) DO NOTHING
            RETURNING id
            """;
    // the key's hash is looked up, never the key: the table keeps only hashes
    private static final String TOKEN = """
            SELECT id, name, channel FROM api_token
            WHERE token_sha256 = :sha256 AND revoked_at IS NULL
            """;

    // the n-th working day after :today: Monday to Friday, unless the working calendar lists the day as
    // a day off (holiday, carried-over day) or as a working day (a weekend day made working by a transfer)
    private static final String DUE_DATE = """
            SELECT d::date
            FROM generate_series(CAST(:today AS date) + 1, CAST(:today AS date) + 120, interval '1 day') AS d
            LEFT JOIN work_calendar_day w ON w.day = d::date
            WHERE COALESCE(NOT w.day_off, extract(isodow FROM d) < 6)
            ORDER BY d
            OFFSET :days - 1 LIMIT 1
            """;
    private static final String INSERT_CONTACT = """
            INSERT INTO appeal_contact (appeal_id, full_name, phone, email)
            VALUES (:id, :name, :phone, :email)
            """;

    /** Letters and digits of generated tracking codes: without 0/O, 1/I/L, which people confuse. */
    private static final String CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();

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

    /** The new appeal's fields; the contact fields may be null and go only to {@code appeal_contact}. */
    record NewRequest(
            String serviceCode,
            String text,
            double lat,
            double lon,
            String channel,
            LocalDate dueDate,
            String fullName,
            String phone,
            String email) {}

    /** An API token of a partner (a messenger bot, an app) that submits appeals for citizens. */
    record Token(int id, String name, String channel) {}

    /** The unrevoked token whose SHA-256 (lowercase hex) is {@code sha256}, if any. */
    Optional<Token> token(String sha256) {
        return jdbc.sql(TOKEN)
                .param("sha256", sha256)
                .query((rs, n) -> new Token(rs.getInt("id"), rs.getString("name"), rs.getString("channel")))
                .optional();
    }

    /**
     * The {@code days}-th working day after {@code today} by the working calendar: the day of submission never
     * counts, so an appeal of Friday with 3 days is due on Wednesday.
     */
    LocalDate dueDate(LocalDate today, int days) {
        return jdbc.sql(DUE_DATE)
                .param("today", today)
                .param("days", days)
                .query(LocalDate.class)
                .single();
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
                        rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("updated_at", OffsetDateTime.class),
                        rs.getObject("due_date", LocalDate.class),
                        rs.getDouble("lat"),
                        rs.getDouble("lon")))
                .list();
    }

    /**
     * Inserts the appeal (the trigger fills its masked public text) and, when any is given, its contact. Call
     * it in a transaction, so that neither is kept without the other.
     *
     * @return the new appeal's id and tracking code
     */
    Created insert(NewRequest request) {
        // a clash of random codes is rare; a few more draws settle it
        for (int attempt = 0; attempt < 10; attempt++) {
            String code = trackingCode();
            Optional<Long> id = jdbc.sql(INSERT_APPEAL)
                    .param("code", code)
                    .param("category", request.serviceCode())
                    .param("text", request.text())
                    .param("lon", request.lon())
                    .param("lat", request.lat())
                    .param("channel", request.channel())
                    .param("due", request.dueDate())
                    .query(Long.class)
                    .optional();
            if (id.isPresent()) {
                if (request.fullName() != null || request.phone() != null || request.email() != null) {
                    jdbc.sql(INSERT_CONTACT)
                            .param("id", id.get())
                            .param("name", request.fullName())
                            .param("phone", request.phone())
                            .param("email", request.email())
                            .update();
                }
                return new Created(id.get(), code);
            }
        }
        throw new IllegalStateException("no free tracking code after 10 attempts");
    }

    /** A stored appeal. */
    record Created(long id, String trackingCode) {}

    private String trackingCode() {
        StringBuilder code = new StringBuilder("AM-");
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                code.append('-');
            }
            code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }
}
