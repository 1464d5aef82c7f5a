package kz.adalmap.api.appeal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongFunction;
import kz.adalmap.api.common.geojson.FeatureCollectionWriter;
import kz.adalmap.api.common.web.Bbox;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * SQL of the public appeal layer. It reads only public fields: never {@code appeal_contact}, never
 * the citizen's own text (only {@code public_text}, with personal data masked, and not even that
 * when the citizen asked to keep it private), never appeals of a non-public category.
 */
@Repository
class AppealQueries {

    private static final String LAYER = """
            SELECT a.id,
                   json_build_object('type', 'Feature', 'id', a.tracking_code,
                                     'geometry', ST_AsGeoJSON(a.geom, 6)::json,
                                     'properties', json_build_object(
                                        'tracking_code', a.tracking_code,
                                        'category', a.category,
                                        'status', a.status,
                                        'text', CASE WHEN a.text_private THEN NULL ELSE a.public_text END,
                                        'text_private', a.text_private,
                                        'channel', a.channel,
                                        'agency_name_kk', ag.name_kk,
                                        'agency_name_ru', ag.name_ru,
                                        'agency_name_en', ag.name_en,
                                        'created_at', a.created_at,
                                        'due_date', a.due_date,
                                        'overdue', a.due_date < current_date
                                                   AND a.status NOT IN ('answered', 'resolved', 'rejected', 'merged'),
                                        'answer_text', a.answer_text,
                                        'answered_at', a.answered_at))::text AS feature
            FROM appeal a
            JOIN appeal_category c ON c.code = a.category AND c.is_public
            LEFT JOIN agency ag ON ag.id = a.agency_id
            WHERE a.id > :after
            """;
    private static final String IN_BBOX = " AND a.geom && ST_MakeEnvelope(:minLon, :minLat, :maxLon, :maxLat, 4326)";
    private static final String PAGE = " ORDER BY a.id LIMIT :limit";

    private final FeatureCollectionWriter writer;

    AppealQueries(FeatureCollectionWriter writer) {
        this.writer = writer;
    }

    void writePage(Bbox bbox, int limit, long after, OutputStream out, LongFunction<String> nextLink)
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
        sql.append(PAGE);
        writer.write(out, sql.toString(), params, limit, nextLink);
    }
}
