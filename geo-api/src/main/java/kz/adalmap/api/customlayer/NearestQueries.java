package kz.adalmap.api.customlayer;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the nearest features of a custom layer to a point: the GiST index on {@code layer_feature.geom}
 * finds candidates in the order of their planar distance in degrees (KNN), then each gets its distance
 * in metres on the sphere; {@link NearestController} orders by that and checks that no feature left out
 * could be nearer.
 */
@Repository
class NearestQueries {

    /**
     * A candidate: the feature as GeoJSON without its distance, the text of its opening hours (null when
     * it has none), its planar distance in degrees (what the index ordered by) and in metres on the sphere.
     */
    record Candidate(long id, String feature, String hours, double degrees, double metres) {}

    // %1$s the properties, %2$s the opening hours attribute's value, %3$s the filter's conditions;
    // KNN orders by <-> on the indexed column, the exact distance is only computed for the candidates
    private static final String CANDIDATES = """
            SELECT f.id,
                   json_build_object('type', 'Feature', 'id', f.id, 'key', f.feature_key,
                                     'geometry', ST_AsGeoJSON(f.geom, 7)::json,
                                     'properties', json_build_object(%1$s))::text AS feature,
                   %2$s AS hours,
                   f.geom <-> p.geom AS degrees,
                   ST_Distance(f.geom::geography, p.geom::geography, false) AS metres
            FROM layer_feature f,
                 (SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) AS geom) p
            WHERE f.layer_id = :layerId%3$s
            ORDER BY f.geom <-> p.geom
            LIMIT :candidates
            """;

    // PH in opening hours: the days off of the working calendar (holidays, days carried over, transfers)
    private static final String DAYS_OFF = """
            SELECT day FROM work_calendar_day WHERE day_off AND day BETWEEN :from AND :to
            """;

    private final JdbcClient jdbc;

    NearestQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The {@code candidates} features matching {@code filter} nearest to the point by planar distance. */
    List<Candidate> candidates(
            CustomLayerFilter filter, CustomAttribute hours, double lon, double lat, int candidates) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("layerId", filter.layer().id())
                .addValue("lon", lon)
                .addValue("lat", lat)
                .addValue("candidates", candidates);
        String sql = CANDIDATES.formatted(
                filter.layer().propertiesSql("f"), hours.text("f"), filter.conditions("f", params));
        return jdbc.sql(sql)
                .paramSource(params)
                .query((rs, n) -> new Candidate(
                        rs.getLong("id"),
                        rs.getString("feature"),
                        rs.getString("hours"),
                        rs.getDouble("degrees"),
                        rs.getDouble("metres")))
                .list();
    }

    /** The days off of the working calendar from {@code from} to {@code to}, both included. */
    Set<LocalDate> daysOff(LocalDate from, LocalDate to) {
        return new HashSet<>(jdbc.sql(DAYS_OFF)
                .param("from", from)
                .param("to", to)
                .query((rs, n) -> rs.getObject("day", LocalDate.class))
                .list());
    }
}
