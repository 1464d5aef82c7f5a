package kz.adalmap.api.appeal;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of an appeal's life after submission: the staff's queue and detail, the status changes, the
 * agency's answer, the citizen's rating, reopening and "me too". Who may see an appeal is decided in
 * SQL by one condition ({@link #VISIBLE}), the same for the queue, the detail and every action, so an
 * official never learns that an appeal of another agency exists.
 */
@Repository
class AppealWorkflowQueries {

    /**
     * What the staff see: everything ({@code all}), corruption signals too ({@code signals}), and the
     * appeals routed to one agency ({@code agencyCode}, null for none).
     */
    record Viewer(boolean all, boolean signals, String agencyCode) {}

    /** An appeal as the workflow decides on it, its row locked until the transaction ends. */
    record Current(
            long id,
            String code,
            String status,
            String category,
            boolean isPublic,
            int dueWorkingDays,
            String agencyCode,
            String language,
            String email,
            String phone,
            boolean reopened,
            boolean rated,
            String secretSha256) {}

    /** Filters of the staff's queue; null means "any". */
    record QueueFilter(String status, String category, String agency, boolean overdue, String q, int page, int size) {}

    // moderators and administrators see every appeal, but a corruption signal only a moderator and
    // the agency it is routed to
    private static final String VISIBLE = """
            (ag.code = CAST(:viewerAgency AS text) OR (:viewerAll AND (c.is_public OR :viewerSignals)))
            """;

    private static final String CURRENT = """
            SELECT a.id, a.tracking_code, a.status, a.category, c.is_public, c.due_working_days, ag.code AS agency_code,
                   a.language, ct.email, ct.phone, a.reopened_at IS NOT NULL AS reopened, a.rating IS NOT NULL AS rated,
                   a.tracking_secret_sha256
            FROM appeal a
            JOIN appeal_category c ON c.code = a.category
            LEFT JOIN agency ag ON ag.id = a.agency_id
            LEFT JOIN appeal_contact ct ON ct.appeal_id = a.id
            WHERE a.tracking_code = :code
            FOR UPDATE OF a
            """;

    // overdue appeals first: they are what the staff must act on now
    private static final String QUEUE = """
            WITH page AS (
                SELECT a.tracking_code, a.category, a.status, a.created_at, a.due_date, a.support_count,
                       appeal_overdue(a.status, a.due_date, a.first_answered_at) AS overdue,
                       left(a.public_text, 200) AS public_text, a.text_private, c.is_public,
                       ag.code AS agency, r.name_kk AS region_name_kk, r.name_ru AS region_name_ru,
                       r.name_en AS region_name_en,
                       count(*) OVER () AS total,
                       row_number() OVER (ORDER BY appeal_overdue(a.status, a.due_date, a.first_answered_at) DESC,
                                                   a.created_at DESC, a.id DESC) AS ord
                FROM appeal a
                JOIN appeal_category c ON c.code = a.category
                LEFT JOIN agency ag ON ag.id = a.agency_id
                LEFT JOIN region r ON r.id = a.region_id
                WHERE %s
                  AND (CAST(:status AS text) IS NULL OR a.status = :status)
                  AND (CAST(:category AS text) IS NULL OR a.category = :category)
                  AND (CAST(:agency AS text) IS NULL OR ag.code = :agency)
                  AND (NOT :overdue OR appeal_overdue(a.status, a.due_date, a.first_answered_at))
                  AND (CAST(:like AS text) IS NULL OR a.tracking_code ILIKE :like OR a.text ILIKE :like
                       OR a.public_text ILIKE :like)
                ORDER BY ord
                LIMIT :size OFFSET :offset)
            SELECT json_build_object(
                      'page', :page, 'size', :size, 'total', coalesce((SELECT max(total) FROM page), 0),
                      'items', coalesce((SELECT json_agg(to_jsonb(p) - 'total' - 'ord' ORDER BY p.ord) FROM page p),
                                        '[]'::json))::text
            """.formatted(VISIBLE);

    private static final String DETAIL = """
            SELECT json_build_object(
                      'tracking_code', a.tracking_code,
                      'category', a.category,
                      'category_is_public', c.is_public,
                      'status', a.status,
                      'status_reason', a.status_reason,
                      'text', a.text,
                      'public_text', a.public_text,
                      'text_private', a.text_private,
                      'channel', a.channel,
                      'language', a.language,
                      'location', json_build_object('lon', round(ST_X(a.geom)::numeric, 6),
                                                    'lat', round(ST_Y(a.geom)::numeric, 6)),
                      'region', CASE WHEN r.id IS NOT NULL THEN json_build_object('kato_code', r.kato_code,
                                      'name_kk', r.name_kk, 'name_ru', r.name_ru, 'name_en', r.name_en) END,
                      'agency', CASE WHEN ag.id IS NOT NULL THEN json_build_object('code', ag.code,
                                      'name_kk', ag.name_kk, 'name_ru', ag.name_ru, 'name_en', ag.name_en) END,
                      'created_at', a.created_at,
                      'updated_at', a.updated_at,
                      'due_date', a.due_date,
                      'overdue', appeal_overdue(a.status, a.due_date, a.first_answered_at),
                      'answer_text', a.answer_text,
                      'answered_at', a.answered_at,
                      'first_answered_at', a.first_answered_at,
                      'reopened_at', a.reopened_at,
                      'rating', a.rating,
                      'support_count', a.support_count,
                      'merged_into', m.tracking_code,
                      'contact', CASE WHEN ct.appeal_id IS NOT NULL THEN json_build_object(
                                      'name', ct.full_name, 'phone', ct.phone, 'email', ct.email) END,
                      'attachments', (SELECT coalesce(json_agg(json_build_object(
                                              'n', t.position, 'author', t.author, 'kind', t.kind,
                                              'media_type', t.media_type, 'size_bytes', t.size_bytes,
                                              'href', '/api/v1/staff/appeals/' || a.tracking_code || '/attachments/'
                                                      || t.position) ORDER BY t.position), '[]'::json)
                                      FROM appeal_attachment t WHERE t.appeal_id = a.id),
                      'timeline', (SELECT coalesce(json_agg(json_build_object(
                                              'from_status', s.from_status, 'status', s.to_status, 'at', s.changed_at,
                                              'reason', s.reason, 'actor_role', s.actor_role)
                                              ORDER BY s.changed_at, s.id), '[]'::json)
                                   FROM appeal_status_change s WHERE s.appeal_id = a.id),
                      -- the agencies of the appeal's region (or of the whole country) that handle its category
                      'agency_suggestions', (SELECT coalesce(json_agg(json_build_object('code', g.code,
                                              'name_kk', g.name_kk, 'name_ru', g.name_ru, 'name_en', g.name_en)
                                              ORDER BY g.region_id IS NULL, g.code), '[]'::json)
                                   FROM agency g JOIN agency_category gc ON gc.agency_id = g.id
                                   WHERE gc.category = a.category
                                     AND (g.region_id = a.region_id OR g.region_id IS NULL)))::text
            FROM appeal a
            JOIN appeal_category c ON c.code = a.category
            LEFT JOIN agency ag ON ag.id = a.agency_id
            LEFT JOIN region r ON r.id = a.region_id
            LEFT JOIN appeal m ON m.id = a.merged_into_id
            LEFT JOIN appeal_contact ct ON ct.appeal_id = a.id
            WHERE a.tracking_code = :code AND %s
            """.formatted(VISIBLE);

    private static final String VISIBLE_ONE = """
            SELECT a.id FROM appeal a
            JOIN appeal_category c ON c.code = a.category
            LEFT JOIN agency ag ON ag.id = a.agency_id
            WHERE a.tracking_code = :code AND %s
            """.formatted(VISIBLE);

    private static final String STAFF_FILE = """
            SELECT t.media_type, t.kind, t.sha256, t.thumbnail_sha256
            FROM appeal_attachment t JOIN appeal a ON a.id = t.appeal_id
            WHERE a.tracking_code = :code AND t.position = :n
            """;

    // every status change sets its reason, even to none: the trigger copies it into the timeline
    private static final String SET_STATUS = """
            UPDATE appeal SET status = :status, status_reason = :reason WHERE id = :id
            """;
    private static final String ROUTE = """
            UPDATE appeal SET status = 'routed', status_reason = :reason, agency_id = :agencyId WHERE id = :id
            """;
    private static final String MERGE = """
            UPDATE appeal SET status = 'merged', status_reason = :reason, merged_into_id = :target WHERE id = :id
            """;
    private static final String ANSWER = """
            UPDATE appeal SET status = 'answered', status_reason = NULL, answer_text = :text, answered_at = now(),
                              first_answered_at = coalesce(first_answered_at, now())
            WHERE id = :id
            """;
    private static final String REOPEN = """
            UPDATE appeal SET status = 'in_progress', status_reason = :reason, reopened_at = now(), due_date = :due
            WHERE id = :id
            """;
    private static final String RATE = "UPDATE appeal SET rating = :rating, rated_at = now() WHERE id = :id";
    private static final String PUBLIC_TEXT = "UPDATE appeal SET public_text = :text WHERE id = :id";
    private static final String AGENCY_ID = "SELECT id FROM agency WHERE code = :code";
    private static final String NEXT_POSITION =
            "SELECT coalesce(max(position), 0) + 1 FROM appeal_attachment WHERE appeal_id = :id";

    // the supporters of a merged appeal support the one it was merged into, each person once
    private static final String CARRY_SUPPORTERS = """
            INSERT INTO appeal_support (appeal_id, supporter_hash, created_at)
            SELECT :target, supporter_hash, created_at FROM appeal_support WHERE appeal_id = :source
            ON CONFLICT DO NOTHING
            """;
    private static final String COUNT_SUPPORTERS = """
            UPDATE appeal SET support_count = (SELECT count(*) FROM appeal_support WHERE appeal_id = :id)
            WHERE id = :id
            RETURNING support_count
            """;
    private static final String SUPPORT = """
            INSERT INTO appeal_support (appeal_id, supporter_hash) VALUES (:id, :hash)
            ON CONFLICT DO NOTHING
            RETURNING appeal_id
            """;
    private static final String SUPPORTED =
            "SELECT EXISTS (SELECT 1 FROM appeal_support WHERE appeal_id = :id AND supporter_hash = :hash)";

    private final JdbcClient jdbc;

    AppealWorkflowQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the appeals with these codes in the order of their ids, so that two steps that each take
     * two appeals (A merged into B, B into A) wait for each other instead of deadlocking.
     */
    void lockInOrder(String... codes) {
        jdbc.sql("SELECT id FROM appeal WHERE tracking_code IN (:codes) ORDER BY id FOR UPDATE")
                .param("codes", List.of(codes))
                .query(Long.class)
                .list();
    }

    /** The appeal with this code, locked for the rest of the transaction; for anyone (check who may see it). */
    Optional<Current> lock(String code) {
        return jdbc.sql(CURRENT)
                .param("code", code)
                .query((rs, n) -> new Current(
                        rs.getLong("id"),
                        rs.getString("tracking_code"),
                        rs.getString("status"),
                        rs.getString("category"),
                        rs.getBoolean("is_public"),
                        rs.getInt("due_working_days"),
                        rs.getString("agency_code"),
                        rs.getString("language"),
                        rs.getString("email"),
                        rs.getString("phone"),
                        rs.getBoolean("reopened"),
                        rs.getBoolean("rated"),
                        rs.getString("tracking_secret_sha256")))
                .optional();
    }

    boolean visible(String code, Viewer viewer) {
        return viewer(jdbc.sql(VISIBLE_ONE).param("code", code), viewer)
                .query(Long.class)
                .optional()
                .isPresent();
    }

    String queue(QueueFilter f, Viewer viewer) {
        return viewer(jdbc.sql(QUEUE), viewer)
                .param("status", f.status())
                .param("category", f.category())
                .param("agency", f.agency())
                .param("overdue", f.overdue())
                .param("like", f.q() == null ? null : "%" + likeEscaped(f.q()) + "%")
                .param("page", f.page())
                .param("size", f.size())
                .param("offset", (long) (f.page() - 1) * f.size())
                .query(String.class)
                .single();
    }

    Optional<String> detail(String code, Viewer viewer) {
        return viewer(jdbc.sql(DETAIL).param("code", code), viewer)
                .query(String.class)
                .optional();
    }

    Optional<AppealSubmissionQueries.PublicFile> file(String code, int n) {
        return jdbc.sql(STAFF_FILE)
                .param("code", code)
                .param("n", n)
                .query((rs, i) -> new AppealSubmissionQueries.PublicFile(
                        rs.getString("media_type"),
                        rs.getString("kind"),
                        rs.getString("sha256"),
                        rs.getString("thumbnail_sha256")))
                .optional();
    }

    Optional<Integer> agencyId(String code) {
        return jdbc.sql(AGENCY_ID).param("code", code).query(Integer.class).optional();
    }

    void setStatus(long id, String status, String reason) {
        jdbc.sql(SET_STATUS)
                .param("id", id)
                .param("status", status)
                .param("reason", reason)
                .update();
    }

    void route(long id, int agencyId, String reason) {
        jdbc.sql(ROUTE)
                .param("id", id)
                .param("agencyId", agencyId)
                .param("reason", reason)
                .update();
    }

    /** Merges {@code id} into {@code target} and carries its supporters over; returns the target's support count. */
    int merge(long id, long target, String reason) {
        jdbc.sql(MERGE)
                .param("id", id)
                .param("target", target)
                .param("reason", reason)
                .update();
        jdbc.sql(CARRY_SUPPORTERS).param("source", id).param("target", target).update();
        return countSupporters(target);
    }

    void answer(long id, String text) {
        jdbc.sql(ANSWER).param("id", id).param("text", text).update();
    }

    /** The position the next file of the appeal takes: after the citizen's and earlier ones. */
    int nextAttachmentPosition(long appealId) {
        return jdbc.sql(NEXT_POSITION)
                .param("id", appealId)
                .query(Integer.class)
                .single();
    }

    void reopen(long id, String reason, LocalDate due) {
        jdbc.sql(REOPEN)
                .param("id", id)
                .param("reason", reason)
                .param("due", due)
                .update();
    }

    void rate(long id, int rating) {
        jdbc.sql(RATE).param("id", id).param("rating", rating).update();
    }

    void publicText(long id, String text) {
        jdbc.sql(PUBLIC_TEXT).param("id", id).param("text", text).update();
    }

    boolean supported(long id, String supporterHash) {
        return jdbc.sql(SUPPORTED)
                .param("id", id)
                .param("hash", supporterHash)
                .query(Boolean.class)
                .single();
    }

    /** Records one supporter; returns the new support count, or empty when this person supported it already. */
    Optional<Integer> support(long id, String supporterHash) {
        boolean added = jdbc.sql(SUPPORT)
                .param("id", id)
                .param("hash", supporterHash)
                .query(Long.class)
                .optional()
                .isPresent();
        return added ? Optional.of(countSupporters(id)) : Optional.empty();
    }

    private int countSupporters(long id) {
        return jdbc.sql(COUNT_SUPPORTERS).param("id", id).query(Integer.class).single();
    }

    private static JdbcClient.StatementSpec viewer(JdbcClient.StatementSpec spec, Viewer viewer) {
        return spec.param("viewerAll", viewer.all())
                .param("viewerSignals", viewer.signals())
                .param("viewerAgency", viewer.agencyCode());
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
