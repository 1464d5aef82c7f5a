package kz.adalmap.api.subscription;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of subscriptions. The contact e-mail is written here and read only by the outbox. */
@Repository
class SubscriptionQueries {

    /** What PostGIS says about a drawn area; degrees EPSG:4326, km² on the spheroid (null when invalid). */
    record AreaCheck(
            boolean valid,
            String reason,
            boolean empty,
            int points,
            double minLon,
            double minLat,
            double maxLon,
            double maxLat,
            Double km2) {}

    // 3-D positions are accepted and flattened; the SRID is 4326 whatever the client wrote (RFC 7946)
    private static final String AREA = "ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(:area), 4326))";

    private static final String CHECK_AREA = """
            SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason, ST_IsEmpty(g) AS empty,
                   ST_NPoints(g) AS points,
                   coalesce(ST_XMin(g), 0) AS min_lon, coalesce(ST_YMin(g), 0) AS min_lat,
                   coalesce(ST_XMax(g), 0) AS max_lon, coalesce(ST_YMax(g), 0) AS max_lat,
                   CASE WHEN ST_IsValid(g) THEN ST_Area(g::geography) / 1e6 END AS km2
            FROM (SELECT %s AS g) s
            """.formatted(AREA);

    private static final String INSERT = """
            INSERT INTO plot_subscription (area, min_area_ha, max_area_ha, land_categories, email, language, token)
            VALUES (ST_Multi(%s), CAST(:minAreaHa AS numeric), CAST(:maxAreaHa AS numeric),
                    CAST(:landCategories AS varchar(32)[]), :email, :language, :token)
            RETURNING id
            """.formatted(AREA);

    // idempotent: a second click confirms nothing new; an unsubscribed subscription stays unsubscribed
    private static final String CONFIRM = """
            WITH s AS (SELECT id, language, unsubscribed_at FROM plot_subscription WHERE token = :token),
                 confirmed AS (UPDATE plot_subscription p SET confirmed_at = now()
                               FROM s WHERE p.id = s.id AND p.confirmed_at IS NULL AND p.unsubscribed_at IS NULL)
            SELECT language, unsubscribed_at IS NOT NULL AS unsubscribed FROM s
            """;

    private static final String UNSUBSCRIBE = """
            WITH s AS (SELECT id, language FROM plot_subscription WHERE token = :token),
                 ended AS (UPDATE plot_subscription p SET unsubscribed_at = now()
                           FROM s WHERE p.id = s.id AND p.unsubscribed_at IS NULL)
            SELECT language, true AS unsubscribed FROM s
            """;

    /** The state of a subscription after a confirm or unsubscribe link, in its subscriber's language. */
    record LinkOutcome(String language, boolean unsubscribed) {}

    private final JdbcClient jdbc;

    SubscriptionQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Reads the GeoJSON with PostGIS; throws a data access exception when it is not a geometry. */
    AreaCheck checkArea(String areaGeoJson) {
        return jdbc.sql(CHECK_AREA)
                .param("area", areaGeoJson)
                .query((rs, n) -> new AreaCheck(
                        rs.getBoolean("valid"),
                        rs.getString("reason"),
                        rs.getBoolean("empty"),
                        rs.getInt("points"),
                        rs.getDouble("min_lon"),
                        rs.getDouble("min_lat"),
                        rs.getDouble("max_lon"),
                        rs.getDouble("max_lat"),
                        (Double) rs.getObject("km2")))
                .single();
    }

    long insert(NewSubscription s, String token) {
        return jdbc.sql(INSERT)
                .param("area", s.areaGeoJson())
                .param("minAreaHa", s.minAreaHa().orElse(null))
                .param("maxAreaHa", s.maxAreaHa().orElse(null))
                .param(
                        "landCategories",
                        s.landCategories().isEmpty() ? null : s.landCategories().toArray(String[]::new))
                .param("email", s.email())
                .param("language", s.language())
                .param("token", token)
                .query(Long.class)
                .single();
    }

    /** Confirms the subscription of {@code token}; empty when no subscription has it. */
    Optional<LinkOutcome> confirm(String token) {
        return jdbc.sql(CONFIRM)
                .param("token", token)
                .query((rs, n) -> new LinkOutcome(rs.getString("language"), rs.getBoolean("unsubscribed")))
                .optional();
    }

    /** Ends the subscription of {@code token}; empty when no subscription has it. */
    Optional<LinkOutcome> unsubscribe(String token) {
        return jdbc.sql(UNSUBSCRIBE)
                .param("token", token)
                .query((rs, n) -> new LinkOutcome(rs.getString("language"), rs.getBoolean("unsubscribed")))
                .optional();
    }
}
