package kz.adalmap.api.customlayer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongFunction;
import kz.adalmap.api.common.geojson.FeatureCollectionWriter;
import kz.adalmap.api.common.web.Bbox;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of a custom layer's published features: pages of GeoJSON and the totals of a view. PostGIS renders
 * every feature; the properties are the attributes of the layer's schema, never {@code extra}.
 */
@Repository
class CustomLayerFeatureQueries {

    // %1$s the properties, %2$s the conditions; the key names the feature across imports, as appeals about
    // it do (GET /api/v1/layers/{code}/features/{key}/appeals)
    private static final String PAGE = """
            SELECT f.id,
                   json_build_object('type', 'Feature', 'id', f.id, 'key', f.feature_key,
                                     'geometry', ST_AsGeoJSON(f.geom, 7)::json,
                                     'properties', json_build_object(%1$s))::text AS feature
            FROM layer_feature f
            WHERE f.layer_id = :layerId AND f.id > :after%2$s
            ORDER BY f.id
            LIMIT :limit
            """;

    // %1$s the sums, %2$s the conditions
    private static final String SUMMARY = """
            SELECT json_build_object('count', count(*), 'sums', json_build_object(%1$s))::text
            FROM layer_feature f
            WHERE f.layer_id = :layerId%2$s
            """;

    private static final String IN_BBOX =
            " AND ST_Intersects(f.geom, ST_MakeEnvelope(:minLon, :minLat, :maxLon, :maxLat, 4326))";

    private final FeatureCollectionWriter writer;
    private final JdbcClient jdbc;

    CustomLayerFeatureQueries(FeatureCollectionWriter writer, JdbcClient jdbc) {
        this.writer = writer;
        this.jdbc = jdbc;
    }

    /** Writes one page of the layer's features matching {@code filter} in {@code bbox} (null: anywhere). */
    void writePage(
            CustomLayerFilter filter, Bbox bbox, int limit, long after, OutputStream out, LongFunction<String> nextLink)
            throws IOException {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("layerId", filter.layer().id())
                .addValue("after", after)
                .addValue("limit", limit + 1);
        String sql = PAGE.formatted(filter.layer().propertiesSql("f"), conditions(filter, bbox, params));
        writer.write(out, sql, params, limit, nextLink);
    }

    /**
     * {@code {"count": n, "sums": {"<attr>": total, …}}}: the number of matching features and, for every
     * number attribute (amounts, areas), the total of its values (0 when no feature has one). Integers are
     * years, percentages and codes as often as counts, so they are not added up.
     */
    String summary(CustomLayerFilter filter, Bbox bbox) {
        MapSqlParameterSource params =
                new MapSqlParameterSource().addValue("layerId", filter.layer().id());
        StringBuilder sums = new StringBuilder();
        for (CustomAttribute a : filter.layer().attributes()) {
            if (a.type().equals("number")) {
                sums.append(sums.isEmpty() ? "" : ", ")
                        .append('\'')
                        .append(a.name())
                        .append("', coalesce(sum(")
                        .append(a.number("f"))
                        .append("), 0)");
            }
        }
        String sql = SUMMARY.formatted(sums, conditions(filter, bbox, params));
        return jdbc.sql(sql).paramSource(params).query(String.class).single();
    }

    private static String conditions(CustomLayerFilter filter, Bbox bbox, MapSqlParameterSource params) {
        StringBuilder sql = new StringBuilder();
        if (bbox != null) {
            sql.append(IN_BBOX);
            params.addValue("minLon", bbox.minLon())
                    .addValue("minLat", bbox.minLat())
                    .addValue("maxLon", bbox.maxLon())
                    .addValue("maxLat", bbox.maxLat());
        }
        return sql.append(filter.conditions("f", params)).toString();
    }
}
