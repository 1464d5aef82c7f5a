package kz.adalmap.api.appeal;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import kz.adalmap.api.attachment.StoredAttachment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of submitting and following appeals. The contact is written here and never read; the tracking
 * view reads only the fields of the public layer ({@link AppealQueries}) plus the status history.
 */
@Repository
class AppealSubmissionQueries {

    /** A category's due period and whether its appeals are public (false: corruption signals). */
    record Category(int dueWorkingDays, boolean isPublic) {}

    /** The region containing a point (null when none does) and whether any region has a boundary. */
    record RegionCheck(Integer regionId, boolean regionsLoaded) {}

    /**
     * Whether an appeal may be about an object: the id of the public custom layer (null when there is
     * none) and the distance in metres on the sphere from the point to its published feature with the key
     * (null when there is none).
     */
    record ObjectCheck(Integer layerId, Double distanceM) {}

    /** What an earlier submission with the same Idempotency-Key sent and got. */
    record Earlier(String requestSha256, String response) {}

    /** The tracking view, and what decides who may see it. */
    record Tracked(boolean isPublic, String secretSha256, String json) {}

    /** A stored attachment that the public may fetch. */
    record PublicFile(String mediaType, String kind, String sha256, String thumbnailSha256) {}

    // blocks while another transaction holds the same key, then does nothing if that one committed
    private static final String CLAIM = """
            INSERT INTO appeal_submission (idempotency_key, request_sha256) VALUES (:key, :hash)
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING idempotency_key
            """;
    private static final String EARLIER = """
            SELECT request_sha256, response::text AS response FROM appeal_submission WHERE idempotency_key = :key
            """;
    private static final String COMPLETE = """
            UPDATE appeal_submission SET appeal_id = :appealId, response = CAST(:response AS jsonb)
            WHERE idempotency_key = :key
            """;
    private static final String CATEGORY = """
            SELECT due_working_days, is_public FROM appeal_category WHERE code = :code
            """;
    private static final String CATEGORIES = "SELECT string_agg(code, ', ' ORDER BY position) FROM appeal_category";
    private static final String REGION = """
            SELECT (SELECT id FROM region
                    WHERE geom IS NOT NULL AND ST_Covers(geom, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326))
                    ORDER BY id LIMIT 1) AS region_id,
                   EXISTS (SELECT 1 FROM region WHERE geom IS NOT NULL) AS loaded
            """;
    // on the sphere, as the nearest offices are measured; any geometry type, its nearest part counts
    private static final String OBJECT = """
            SELECT l.id,
                   (SELECT ST_Distance(f.geom::geography, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, false)
                    FROM layer_feature f WHERE f.layer_id = l.id AND f.feature_key = :key) AS distance_m
            FROM layer l
            WHERE l.code = :layer AND l.kind = 'custom' AND l.is_public
            """;
    private static final String CALENDAR = """
            SELECT day, day_off FROM work_calendar_day WHERE day BETWEEN :from AND :to
            """;
    private static final String TOKEN_CHANNEL = """
            SELECT channel FROM api_token WHERE token_sha256 = :hash AND revoked_at IS NULL
            """;
    // a random code may be taken already: then nothing is inserted and the caller draws another
    private static final String INSERT_APPEAL = """
            INSERT INTO appeal (tracking_code, category, text, text_private, geom, channel, region_id, due_date,
                                tracking_secret_sha256, language, object_layer_id, object_key)
            VALUES (:code, :category, :text, :textPrivate, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), :channel,
                    :regionId, :dueDate, :secret, :language, :objectLayerId, :objectKey)
            ON CONFLICT (tracking_code) DO NOTHING
            RETURNING id
            """;
    private static final String INSERT_CONTACT = """
            INSERT INTO appeal_contact (appeal_id, full_name, phone, email) VALUES (:appealId, :name, :phone, :email)
            """;
    private static final String INSERT_ATTACHMENT = """
            INSERT INTO appeal_attachment (appeal_id, position, kind, media_type, sha256, size_bytes,
                                           thumbnail_sha256, thumbnail_size_bytes, author)
            VALUES (:appealId, :position, :kind, :mediaType, :sha256, :size, :thumbnail, :thumbnailSize, :author)
            """;
    // the same public fields as the layer, masked the same way; the citizen's files only where the layer
    // would show the text, the agency's files with its answer (they are public with it)
    private static final String TRACK = """
            SELECT c.is_public, a.tracking_secret_sha256,
                   json_build_object(
                      'tracking_code', a.tracking_code,
                      'category', a.category,
                      'status', a.status,
                      'status_reason', a.status_reason,
                      'text', CASE WHEN a.text_private THEN NULL ELSE a.public_text END,
                      'text_private', a.text_private,
                      'channel', a.channel,
                      'location', json_build_object('lon', round(ST_X(a.geom)::numeric, 6),
                                                    'lat', round(ST_Y(a.geom)::numeric, 6)),
                      'agency_name_kk', ag.name_kk,
                      'agency_name_ru', ag.name_ru,
                      'agency_name_en', ag.name_en,
                      'created_at', a.created_at,
                      'due_date', a.due_date,
                      'overdue', appeal_overdue(a.status, a.due_date, a.first_answered_at),
                      'answer_text', a.answer_text,
                      'answered_at', a.answered_at,
                      'answer', CASE WHEN a.answered_at IS NOT NULL THEN json_build_object(
                                  'text', a.answer_text,
                                  'at', a.answered_at,
                                  'agency', json_build_object('code', ag.code, 'name_kk', ag.name_kk,
                                                              'name_ru', ag.name_ru, 'name_en', ag.name_en),
                                  'files', (SELECT coalesce(json_agg(json_build_object(
                                              'n', t.position, 'kind', t.kind, 'media_type', t.media_type,
                                              'size_bytes', t.size_bytes,
                                              'href', CASE WHEN c.is_public THEN '/api/v1/appeals/' || a.tracking_code
                                                      || '/attachments/' || t.position END)
                                              ORDER BY t.position), '[]'::json)
                                            FROM appeal_attachment t WHERE t.appeal_id = a.id AND t.author = 'agency'))
                                END,
                      'rating', a.rating,
                      'may_rate', a.status IN ('answered', 'resolved') AND a.rating IS NULL,
                      'may_reopen', a.status = 'answered' AND a.reopened_at IS NULL,
                      'support_count', a.support_count,
                      'merged_into', m.tracking_code,
                      'object_layer', ol.code,
                      'object_key', CASE WHEN ol.id IS NOT NULL THEN a.object_key END,
                      'timeline', (SELECT coalesce(json_agg(json_build_object(
                                              'from_status', s.from_status, 'status', s.to_status,
                                              'at', s.changed_at, 'reason', s.reason, 'actor_role', s.actor_role)
                                              ORDER BY s.changed_at, s.id), '[]'::json)
                                   FROM appeal_status_change s WHERE s.appeal_id = a.id),
                      'attachments', CASE WHEN c.is_public AND NOT a.text_private THEN
                                  (SELECT coalesce(json_agg(json_build_object(
                                              'n', t.position, 'kind', t.kind, 'media_type', t.media_type,
                                              'size_bytes', t.size_bytes,
                                              'href', '/api/v1/appeals/' || a.tracking_code || '/attachments/'
                                                      || t.position,
                                              'thumbnail_href', CASE WHEN t.thumbnail_sha256 IS NOT NULL THEN
                                                      '/api/v1/appeals/' || a.tracking_code || '/attachments/'
                                                      || t.position || '/thumbnail' END) ORDER BY t.position),
                                                   '[]'::json)
                                   FROM appeal_attachment t WHERE t.appeal_id = a.id AND t.author = 'citizen')
                                  ELSE '[]'::json END)::text AS view
            FROM appeal a
            JOIN appeal_category c ON c.code = a.category
            LEFT JOIN agency ag ON ag.id = a.agency_id
            LEFT JOIN appeal m ON m.id = a.merged_into_id
            LEFT JOIN layer ol ON ol.id = a.object_layer_id AND ol.is_public
            WHERE a.tracking_code = :code
            """;
    // an agency's files are public with its answer; a citizen's only where the text is
    private static final String PUBLIC_FILE = """
            SELECT t.media_type, t.kind, t.sha256, t.thumbnail_sha256
            FROM appeal_attachment t
            JOIN appeal a ON a.id = t.appeal_id AND (t.author = 'agency' OR NOT a.text_private)
            JOIN appeal_category c ON c.code = a.category AND c.is_public
            WHERE a.tracking_code = :code AND t.position = :n
            """;

    private final JdbcClient jdbc;

    AppealSubmissionQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True when this transaction now holds {@code key}; false when a committed submission has it. */
    boolean claim(String key, String requestSha256) {
        return jdbc.sql(CLAIM)
                .param("key", key)
                .param("hash", requestSha256)
                .query(String.class)
                .optional()
                .isPresent();
    }

    /** The committed submission with {@code key}, if there is one. */
    Optional<Earlier> earlier(String key) {
        return jdbc.sql(EARLIER)
                .param("key", key)
                .query((rs, n) -> new Earlier(rs.getString("request_sha256"), rs.getString("response")))
                .optional();
    }

    void complete(String key, long appealId, String responseJson) {
        jdbc.sql(COMPLETE)
                .param("key", key)
                .param("appealId", appealId)
                .param("response", responseJson)
                .update();
    }

    Optional<Category> category(String code) {
        return jdbc.sql(CATEGORY)
                .param("code", code)
                .query((rs, n) -> new Category(rs.getInt("due_working_days"), rs.getBoolean("is_public")))
                .optional();
    }

    String categoryCodes() {
        return jdbc.sql(CATEGORIES).query(String.class).single();
    }

    RegionCheck region(double lon, double lat) {
        return jdbc.sql(REGION)
                .param("lon", lon)
                .param("lat", lat)
                .query((rs, n) -> new RegionCheck((Integer) rs.getObject("region_id"), rs.getBoolean("loaded")))
                .single();
    }

    ObjectCheck object(String layer, String key, double lon, double lat) {
        return jdbc.sql(OBJECT)
                .param("layer", layer)
                .param("key", key)
                .param("lon", lon)
                .param("lat", lat)
                .query((rs, n) -> new ObjectCheck(rs.getInt("id"), (Double) rs.getObject("distance_m")))
                .optional()
                .orElse(new ObjectCheck(null, null));
    }

    /** The working calendar's exceptions from {@code from} to {@code to}, both included. */
    WorkingCalendar calendar(LocalDate from, LocalDate to) {
        Map<LocalDate, Boolean> days = new HashMap<>();
        jdbc.sql(CALENDAR).param("from", from).param("to", to).query(rs -> {
            days.put(rs.getObject("day", LocalDate.class), rs.getBoolean("day_off"));
        });
        return new WorkingCalendar(days);
    }

    /**
     * Names who acts in this transaction ({@code citizen}, {@code moderator}, {@code official}, {@code
     * system}): the status history's trigger records it with each status change.
     */
    void actAs(String role) {
        jdbc.sql("SELECT set_config('adalmap.actor_role', :role, true)")
                .param("role", role)
                .query(String.class)
                .single();
    }

    Optional<String> tokenChannel(String tokenSha256) {
        return jdbc.sql(TOKEN_CHANNEL)
                .param("hash", tokenSha256)
                .query(String.class)
                .optional();
    }

    /** Inserts the appeal; empty when {@code code} is taken already. */
    Optional<Long> insertAppeal(
            NewAppeal a, Integer objectLayerId, String code, Integer regionId, LocalDate dueDate, String secretSha256) {
        return jdbc.sql(INSERT_APPEAL)
                .param("code", code)
                .param("category", a.category())
                .param("text", a.text())
                .param("textPrivate", a.textPrivate())
                .param("lon", a.lon())
                .param("lat", a.lat())
                .param("channel", a.channel())
                .param("regionId", regionId)
                .param("dueDate", dueDate)
                .param("secret", secretSha256)
                .param("language", a.language())
                .param("objectLayerId", objectLayerId)
                .param("objectKey", a.object().map(NewAppeal.AppealObject::key).orElse(null))
                .query(Long.class)
                .optional();
    }

    void insertContact(long appealId, NewAppeal.Contact c) {
        jdbc.sql(INSERT_CONTACT)
                .param("appealId", appealId)
                .param("name", c.name())
                .param("phone", c.phone())
                .param("email", c.email())
                .update();
    }

    /** A stored file of the appeal, from the citizen or (with its answer) from the agency. */
    void insertAttachment(long appealId, int position, StoredAttachment s, String author) {
        jdbc.sql(INSERT_ATTACHMENT)
                .param("author", author)
                .param("appealId", appealId)
                .param("position", position)
                .param("kind", s.type().kind().code())
                .param("mediaType", s.type().mediaType())
                .param("sha256", s.sha256())
                .param("size", s.sizeBytes())
                .param("thumbnail", s.thumbnailSha256())
                .param("thumbnailSize", s.thumbnailSizeBytes())
                .update();
    }

    Optional<Tracked> track(String code) {
        return jdbc.sql(TRACK)
                .param("code", code)
                .query((rs, n) -> new Tracked(
                        rs.getBoolean("is_public"), rs.getString("tracking_secret_sha256"), rs.getString("view")))
                .optional();
    }

    Optional<PublicFile> publicFile(String code, int n) {
        return jdbc.sql(PUBLIC_FILE)
                .param("code", code)
                .param("n", n)
                .query((rs, i) -> new PublicFile(
                        rs.getString("media_type"),
                        rs.getString("kind"),
                        rs.getString("sha256"),
                        rs.getString("thumbnail_sha256")))
                .optional();
    }
}
