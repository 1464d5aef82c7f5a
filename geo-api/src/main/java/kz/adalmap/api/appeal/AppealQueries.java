package kz.adalmap.api.appeal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.LongFunction;
import kz.adalmap.api.common.csv.CsvWriter;
import kz.adalmap.api.common.geojson.FeatureCollectionWriter;
import kz.adalmap.api.common.web.Bbox;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SQL of the public appeal layer and its CSV export. Both read the view {@code public_appeal}, never the
 * table: the view is where the privacy rule lives (no contact, no citizen's own text, only the masked
 * public text and not even that when the citizen keeps it private, no appeal of a non-public category).
 */
@Repository
public class AppealQueries {

    private static final String LAYER = """
            SELECT a.id,
                   json_build_object('type', 'Feature', 'id', a.tracking_code,
                                     'geometry', ST_AsGeoJSON(a.geom, 6)::json,
                                     'properties', json_build_object(
                                        'tracking_code', a.tracking_code,
                                        'category', a.category,
                                        'status', a.status,
                                        'status_reason', a.status_reason,
                                        'text', a.text,
                                        'text_private', a.text_private,
                                        'channel', a.channel,
                                        'agency_name_kk', ag.name_kk,
                                        'agency_name_ru', ag.name_ru,
                                        'agency_name_en', ag.name_en,
                                        'created_at', a.created_at,
                                        'due_date', a.due_date,
                                        'overdue', a.overdue,
                                        'answer_text', a.answer_text,
                                        'answered_at', a.answered_at,
                                        'rating', a.rating,
                                        'support_count', a.support_count,
                                        'merged_into', a.merged_into,
                                        'object_layer', a.object_layer,
                                        'object_key', a.object_key))::text AS feature
            FROM public_appeal a
            LEFT JOIN agency ag ON ag.id = a.agency_id
            WHERE a.id > :after
            """;
    private static final String IN_BBOX = " AND a.geom && ST_MakeEnvelope(:minLon, :minLat, :maxLon, :maxLat, 4326)";
    private static final String ABOUT_OBJECT = " AND a.object_layer = :objectLayer AND a.object_key = :objectKey";
    private static final String PAGE = " ORDER BY a.id LIMIT :limit";

    /** The columns of the CSV export, in order. */
    static final List<String> CSV_COLUMNS = List.of(
            "tracking_code",
            "category",
            "status",
            "status_reason",
            "text",
            "text_private",
            "channel",
            "agency_code",
            "agency_name_ru",
            "region_kato",
            "created_at",
            "due_date",
            "overdue",
            "first_answered_at",
            "answered_at",
            "answer_text",
            "rating",
            "support_count",
            "merged_into",
            "object_layer",
            "object_key",
            "lon",
            "lat");

    // times in UTC with a Z, as ISO 8601 tools read them whatever the server's zone
    private static final String CSV = """
            SELECT a.tracking_code, a.category, a.status, a.status_reason, a.text, a.text_private, a.channel,
                   ag.code, ag.name_ru, r.kato_code,
                   to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   a.due_date, a.overdue,
                   to_char(a.first_answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   to_char(a.answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   a.answer_text, a.rating, a.support_count, a.merged_into, a.object_layer, a.object_key,
                   round(ST_X(a.geom)::numeric, 6), round(ST_Y(a.geom)::numeric, 6)
            FROM public_appeal a
            LEFT JOIN agency ag ON ag.id = a.agency_id
            LEFT JOIN region r ON r.id = a.region_id
            WHERE true
            """;

    private static final int FETCH_SIZE = 500;

    private final FeatureCollectionWriter writer;
    private final NamedParameterJdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    AppealQueries(FeatureCollectionWriter writer, JdbcTemplate jdbcTemplate, PlatformTransactionManager transactions) {
        this.writer = writer;
        JdbcTemplate cursor = new JdbcTemplate(jdbcTemplate.getDataSource());
        // with a fetch size inside a transaction the PostgreSQL driver reads through a cursor
        cursor.setFetchSize(FETCH_SIZE);
        this.streaming = new NamedParameterJdbcTemplate(cursor);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Writes one page of the public appeals matching {@code filter} in {@code bbox} (null: anywhere). */
    void writePage(
            Bbox bbox,
            PublicAppealFilter filter,
            int limit,
            long after,
            OutputStream out,
            LongFunction<String> nextLink)
            throws IOException {
        StringBuilder sql = new StringBuilder(LAYER);
        MapSqlParameterSource params =
                new MapSqlParameterSource().addValue("after", after).addValue("limit", limit + 1);
        if (bbox != null) {
            sql.append(IN_BBOX);
            params.addValue("minLon", bbox.minLon())
                    .addValue("minLat", bbox.minLat())
                    .addValue("maxLon", bbox.maxLon())
                    .addValue("maxLat", bbox.maxLat());
        }
        sql.append(filter.conditions(params));
        sql.append(PAGE);
        writer.write(out, sql.toString(), params, limit, nextLink);
    }

    /**
     * Writes one page of the public appeals about the feature {@code key} of the layer {@code layerCode},
     * with the properties of {@link #writePage}; corruption signals are not in the view, so never here.
     */
    public void writeAboutObject(
            String layerCode, String key, int limit, long after, OutputStream out, LongFunction<String> nextLink)
            throws IOException {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("after", after)
                .addValue("limit", limit + 1)
                .addValue("objectLayer", layerCode)
                .addValue("objectKey", key);
        writer.write(out, LAYER + ABOUT_OBJECT + PAGE, params, limit, nextLink);
    }

    /** Writes every public appeal matching {@code filter}, oldest first, as CSV ({@link #CSV_COLUMNS}). */
    void writeCsv(PublicAppealFilter filter, OutputStream client) throws IOException {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = CSV + filter.conditions(params) + " ORDER BY a.id";
        CsvWriter csv = new CsvWriter(client, CSV_COLUMNS);
        readOnly.executeWithoutResult(tx -> streaming.query(sql, params, csv::row));
        csv.flush();
    }
}
