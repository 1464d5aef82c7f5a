package kz.adalmap.api.ogc;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL of the OGC API. PostGIS renders every feature as GeoJSON in the requested CRS; Java streams the
 * text row by row and never holds a page. Identifiers and fragments come only from {@link OgcCollection}
 * and {@link OgcCrs}; every value is bound.
 */
@Repository
class OgcQueries {

    // %1$s key, %2$s feature id, %3$s geometry in the requested CRS, %4$s properties, %5$s from, %6$s where,
    // %7$s the conditions of the query
    private static final String PAGE = """
            SELECT %1$s AS id,
                   json_build_object('type', 'Feature', 'id', %2$s,
                                     'geometry', ST_AsGeoJSON(%3$s, :decimals, 0)::json,
                                     'properties', json_build_object(%4$s))::text AS feature
            FROM %5$s
            WHERE %6$s AND %1$s > :after%7$s
            ORDER BY %1$s
            LIMIT :limit
            """;

    private static final String COUNT = """
            SELECT count(*)
            FROM %s
            WHERE %s%s
            """;

    private static final String ONE = """
            SELECT json_build_object('type', 'Feature', 'id', %1$s,
                                     'geometry', ST_AsGeoJSON(%2$s, :decimals, 0)::json,
                                     'properties', json_build_object(%3$s),
                                     'links', CAST(:links AS json))::text
            FROM %4$s
            WHERE %5$s AND %1$s = :featureId
            """;

    private static final String EXTENT = """
            SELECT ST_XMin(e) AS min_x, ST_YMin(e) AS min_y, ST_XMax(e) AS max_x, ST_YMax(e) AS max_y
            FROM (SELECT ST_Extent(%s) AS e FROM %s WHERE %s) s
            WHERE e IS NOT NULL
            """;

    // the boxes are constants of the query, so the GiST index on the stored column is used; a box in a
    // projected CRS is densified before it is transformed, so its edges stay where the client drew them
    private static final String GEOGRAPHIC_BOX = "ST_MakeEnvelope(:minX%1$d, :minY%1$d, :maxX%1$d, :maxY%1$d, 4326)";
    private static final String PROJECTED_BOX = "ST_Transform(ST_Segmentize("
            + "ST_MakeEnvelope(:minX%1$d, :minY%1$d, :maxX%1$d, :maxY%1$d, :bboxSrid), :step%1$d), 4326)";

    private static final int FETCH_SIZE = 500;
    /** Centimetres, for coordinates in metres. */
    private static final int PROJECTED_DECIMALS = 2;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate streaming;
    private final TransactionTemplate snapshot;
    private final JsonMapper json;

    OgcQueries(JdbcClient jdbc, JdbcTemplate jdbcTemplate, PlatformTransactionManager transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        JdbcTemplate cursor = new JdbcTemplate(jdbcTemplate.getDataSource());
        // with a fetch size inside a transaction the PostgreSQL driver reads through a cursor
        cursor.setFetchSize(FETCH_SIZE);
        this.streaming = new NamedParameterJdbcTemplate(cursor);
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        // numberMatched and the page are counted and read in one snapshot, so they agree
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /**
     * Writes one page of {@code collection} as a GeoJSON FeatureCollection with {@code numberMatched},
     * {@code numberReturned}, {@code timeStamp} and {@code links}: the given ones, and {@code next} (built
     * by {@code nextLink} from the key of the last feature) when more features match. Costs a count of
     * the matching rows and an index scan of one page.
     */
    void writeItems(
            OgcCollection collection,
            ItemsQuery query,
            OutputStream out,
            List<Map<String, String>> links,
            LongFunction<Map<String, String>> nextLink)
            throws IOException {
        MapSqlParameterSource params =
                new MapSqlParameterSource().addValue("after", query.after()).addValue("limit", query.limit() + 1);
        String conditions = conditions(collection, query, params);
        String count = COUNT.formatted(collection.from(), collection.where(), conditions);
        String page = PAGE.formatted(
                collection.key(),
                collection.featureId(),
                geometry(collection, query.crs(), params),
                collection.propertiesSql(),
                collection.from(),
                collection.where(),
                conditions);

        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        long[] state = {0, 0}; // features written, key of the last one
        boolean[] more = {false};
        snapshot.executeWithoutResult(tx -> {
            Long matched = streaming.queryForObject(count, params, Long.class);
            try {
                w.write("{\"type\":\"FeatureCollection\",\"numberMatched\":");
                w.write(Long.toString(matched == null ? 0 : matched));
                w.write(",\"features\":[");
            } catch (IOException e) {
                throw new ClientGoneException(e);
            }
            streaming.query(page, params, rs -> {
                if (state[0] == query.limit()) {
                    more[0] = true;
                    return;
                }
                try {
                    if (state[0] > 0) {
                        w.write(',');
                    }
                    w.write(rs.getString("feature"));
                } catch (IOException e) {
                    throw new ClientGoneException(e);
                }
                state[0]++;
                state[1] = rs.getLong("id");
            });
        });
        w.write("],\"numberReturned\":");
        w.write(Long.toString(state[0]));
        w.write(",\"timeStamp\":\"");
        w.write(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        w.write("\",\"links\":");
        List<Map<String, String>> all = new ArrayList<>(links);
        if (more[0]) {
            all.add(nextLink.apply(state[1]));
        }
        w.write(json.writeValueAsString(all));
        w.write('}');
        w.flush();
    }

    /**
     * One feature of {@code collection} by the id clients know it by, in {@code crs}, with
     * {@code links} (JSON) as its {@code links} member; empty when there is no such public feature.
     */
    Optional<String> feature(OgcCollection collection, String featureId, OgcCrs crs, String links) {
        Object id = featureId;
        if (collection.numericFeatureId()) {
            try {
                id = Long.parseLong(featureId);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        MapSqlParameterSource params =
                new MapSqlParameterSource().addValue("featureId", id).addValue("links", links);
        String sql = ONE.formatted(
                collection.featureId(),
                geometry(collection, crs, params),
                collection.propertiesSql(),
                collection.from(),
                collection.where());
        return jdbc.sql(sql).paramSource(params).query(String.class).optional();
    }

    /**
     * The bounding box of the public features of {@code collection}, CRS84 {@code [minLon, minLat, maxLon,
     * maxLat]}; empty when it has none. Exact: it reads every geometry of the collection.
     */
    Optional<double[]> extent(OgcCollection collection) {
        String sql = EXTENT.formatted(collection.geomColumn(), collection.from(), collection.where());
        return jdbc.sql(sql)
                .query((rs, row) -> new double[] {
                    rs.getDouble("min_x"), rs.getDouble("min_y"), rs.getDouble("max_x"), rs.getDouble("max_y")
                })
                .optional();
    }

    /** The published geometry put in {@code crs}, with the axis order that CRS defines. */
    private static String geometry(OgcCollection collection, OgcCrs crs, MapSqlParameterSource params) {
        if (crs.equals(OgcCrs.CRS84)) {
            params.addValue("decimals", collection.decimals());
            // RFC 7946: exterior rings counter-clockwise; PostGIS 3.3 reverses lines too, whose
            // direction is data (the flow of a sewer or a heating main): polygons only
            return "(SELECT CASE WHEN ST_Dimension(g) = 2 THEN ST_ForcePolygonCCW(g) ELSE g END FROM (SELECT "
                    + collection.geometry() + " AS g) g)";
        }
        if (crs.srid() == 4326) {
            params.addValue("decimals", collection.decimals());
            // EPSG:4326 is latitude first; PostGIS keeps longitude first
            return "ST_FlipCoordinates(" + collection.geometry() + ")";
        }
        params.addValue("decimals", crs.geographic() ? collection.decimals() : PROJECTED_DECIMALS);
        params.addValue("srid", crs.srid());
        return "ST_Transform(" + collection.geometry() + ", :srid)";
    }

    /** The {@code AND …} conditions of bbox, datetime and property filters, their values bound in {@code params}. */
    private static String conditions(OgcCollection collection, ItemsQuery query, MapSqlParameterSource params) {
        StringBuilder sql = new StringBuilder();
        List<ItemsQuery.Box> boxes = query.boxes();
        if (!boxes.isEmpty()) {
            boolean projected = !query.bboxCrs().geographic();
            if (projected) {
                params.addValue("bboxSrid", query.bboxCrs().srid());
            }
            sql.append(" AND (");
            for (int i = 0; i < boxes.size(); i++) {
                ItemsQuery.Box b = boxes.get(i);
                params.addValue("minX" + i, b.minX())
                        .addValue("minY" + i, b.minY())
                        .addValue("maxX" + i, b.maxX())
                        .addValue("maxY" + i, b.maxY());
                if (projected) {
                    double size = Math.max(b.maxX() - b.minX(), b.maxY() - b.minY());
                    params.addValue("step" + i, Math.max(size / 32, 1.0));
                }
                sql.append(i == 0 ? "" : " OR ")
                        .append("ST_Intersects(")
                        .append(collection.geomColumn())
                        .append(", ")
                        .append((projected ? PROJECTED_BOX : GEOGRAPHIC_BOX).formatted(i))
                        .append(')');
            }
            sql.append(')');
        }
        if (query.hasDatetime()) {
            String time = collection.temporal().orElseThrow();
            query.from().ifPresent(t -> {
                sql.append(" AND ").append(time).append(" >= :timeFrom");
                params.addValue("timeFrom", t);
            });
            query.to().ifPresent(t -> {
                sql.append(" AND ").append(time).append(" <= :timeTo");
                params.addValue("timeTo", t);
            });
        }
        int n = 0;
        for (OgcCollection.Property p : collection.filters()) {
            List<String> values = query.filters().get(p);
            if (values != null) {
                sql.append(" AND ")
                        .append(p.filterSql())
                        .append(" = ANY(:filter")
                        .append(n)
                        .append(')');
                params.addValue("filter" + n, values.toArray(String[]::new));
                n++;
            }
        }
        return sql.toString();
    }

    /** The client closed the connection while the collection was being written. */
    static final class ClientGoneException extends RuntimeException {
        ClientGoneException(IOException cause) {
            super(cause);
        }
    }
}
