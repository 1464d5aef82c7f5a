package kz.adalmap.api.tiles;

import java.util.Optional;
import java.util.function.Predicate;
import kz.adalmap.api.appeal.PublicAppealFilterCodes;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.config.AdalMapProperties;
import kz.adalmap.api.customlayer.CustomAttribute;
import kz.adalmap.api.customlayer.CustomLayer;
import kz.adalmap.api.customlayer.CustomLayerFilter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SQL of the vector tiles. PostGIS clips, snaps to the tile's 4096 grid and encodes every tile
 * ({@code ST_AsMVTGeom}, {@code ST_AsMVT}); Java only passes the bytes on. A tile and the data version
 * in its ETag are read in one snapshot, so the ETag always names the data the tile was drawn from.
 *
 * <p>Appeals are read from the view {@code public_appeal}, like every public appeal query: only appeals
 * of a public category (never corruption signals, not even in a cluster's count), the masked text and
 * not even that when the citizen keeps it private, never {@code appeal_contact}.
 */
@Repository
class TileQueries {

    private static final String EXTENT = "4096";

    // transform the envelope, not the column, so the GiST index on geom is used; the margin keeps
    // outlines that cross the tile's edge drawn to the end of the 64-unit buffer
    private static final String NEAR_TILE =
            "ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => 64.0 / " + EXTENT + "), 4326)";
    private static final String TILE = "ST_TileEnvelope(:z, :x, :y)";

    private static final String AREA_HA = "round((ST_Area(p.geom::geography) / 10000)::numeric, 4)";

    private static final String PLOT_OUTLINES = """
            SELECT ST_AsMVT(t, 'plots', 4096, 'geom', 'id') FROM (
                SELECT p.id, p.id AS id, p.cadastral_number, p.status, p.land_category,
                       %1$s::float8 AS area_ha,
                       ST_AsMVTGeom(ST_Transform(p.geom, 3857), %2$s, 4096, 64, true) AS geom
                FROM land_plot p
                -- plots a later revision dropped from their layer are not on the map
                WHERE p.geom && %3$s AND p.retired_revision_id IS NULL %%s
                ORDER BY p.id) t
            WHERE t.geom IS NOT NULL
            """.formatted(AREA_HA, TILE, NEAR_TILE);

    /** A cell is drawn at the mean of its plots' points on surface, with their number as {@code count}. */
    private static final String CELL_POINTS = """
            SELECT ST_AsMVT(t, 'plots', 4096, 'geom') FROM (
                SELECT sum(m.n)::integer AS count,
                       ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(sum(m.sum_x) / sum(m.plots), sum(m.sum_y) / sum(m.plots)), 3857),
                                    %s) AS geom
                FROM (%%s) m
                WHERE m.n > 0
                GROUP BY m.cell_x, m.cell_y
                ORDER BY m.cell_y, m.cell_x) t
            """.formatted(TILE);

    private static final String CELLS_FROM_GRID = """
            SELECT c.cell_x, c.cell_y, c.plots, c.sum_x, c.sum_y, %s AS n
            FROM plot_tile_cell c
            WHERE c.z = :z AND c.tile_x = :x AND c.tile_y = :y %s
            """;

    // the same cells as plot_tile_cell holds, counted from the plots: used while the grid is rebuilt
    private static final String CELLS_FROM_PLOTS = """
            SELECT g.cell_x, g.cell_y, count(*) AS plots, sum(g.x) AS sum_x, sum(g.y) AS sum_y,
                   count(*) FILTER (WHERE %s) AS n
            FROM (SELECT p.status, p.land_category, p.region_id, ST_X(c) AS x, ST_Y(c) AS y,
                         %s::float8 AS area_ha, %s AS cell_x, %s AS cell_y
                  FROM land_plot p
                  CROSS JOIN LATERAL ST_Transform(ST_PointOnSurface(p.geom), 3857) c
                  WHERE p.geom && ST_Transform(%s, 4326) AND p.retired_revision_id IS NULL %s) g
            WHERE g.cell_x >> 6 = :x AND g.cell_y >> 6 = :y
            GROUP BY g.cell_x, g.cell_y, g.status, g.land_category, g.region_id
            """;

    /** The zoom from which network points (substations, wells, regulators) are in the tiles. */
    static final int NETWORK_POINT_ZOOM = 13;

    // lines simplified to one unit of the tile's grid before they are snapped to it
    private static final String NETWORKS = """
            SELECT ST_AsMVT(t, 'networks', 4096, 'geom', 'id') FROM (
                SELECT n.id, n.id AS id, n.kind, n.name,
                       ST_AsMVTGeom(ST_Simplify(ST_Transform(n.geom, 3857), :unit, true), %s, 4096, 64, true) AS geom
                FROM network n
                WHERE n.geom && %s %%s
                ORDER BY n.id) t
            WHERE t.geom IS NOT NULL
            """.formatted(TILE, NEAR_TILE);

    // the view holds the privacy rule of every public appeal query; %%s takes the filter's conditions
    private static final String APPEAL_POINTS = """
            SELECT ST_AsMVT(t, 'appeals', 4096, 'geom') FROM (
                SELECT a.tracking_code,
                       a.category,
                       a.status,
                       a.text,
                       a.text_private,
                       a.channel,
                       ag.name_kk AS agency_name_kk,
                       ag.name_ru AS agency_name_ru,
                       ag.name_en AS agency_name_en,
                       to_json(a.created_at) #>> '{}' AS created_at,
                       to_json(a.due_date) #>> '{}' AS due_date,
                       a.overdue,
                       a.answer_text,
                       to_json(a.answered_at) #>> '{}' AS answered_at,
                       a.rating,
                       a.support_count,
                       a.merged_into,
                       ST_AsMVTGeom(ST_Transform(a.geom, 3857), %s, 4096, 64, true) AS geom
                FROM public_appeal a
                LEFT JOIN agency ag ON ag.id = a.agency_id
                WHERE a.geom && %s %%s
                ORDER BY a.id) t
            WHERE t.geom IS NOT NULL
            """.formatted(TILE, NEAR_TILE);

    // one cluster per eighth of the tile (32 pixels on a 256-pixel tile: far enough apart to be read
    // as separate circles); only appeals inside the tile, so that no appeal is counted in two tiles
    private static final String APPEAL_CLUSTERS = """
            SELECT ST_AsMVT(t, 'appeals', 4096, 'geom') FROM (
                SELECT count(*)::integer AS count,
                       ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(avg(s.x), avg(s.y)), 3857), %s) AS geom
                FROM (SELECT ST_X(g) AS x, ST_Y(g) AS y
                      FROM public_appeal a
                      CROSS JOIN LATERAL ST_Transform(a.geom, 3857) g
                      WHERE a.geom && ST_Transform(%s, 4326) %%s) s
                WHERE %s >> 3 = :x AND %s >> 3 = :y
                GROUP BY %s, %s) t
            """.formatted(
                    TILE,
                    TILE,
                    PlotTileCells.cellX("s.x", "(:z - 3)"),
                    PlotTileCells.cellY("s.y", "(:z - 3)"),
                    PlotTileCells.cellX("s.x", "(:z - 3)"),
                    PlotTileCells.cellY("s.y", "(:z - 3)"));

    // networks are replaced when a networks layer publishes a revision or rolls back to one
    private static final String NETWORKS_VERSION = """
            SELECT concat_ws('/',
                       (SELECT string_agg(r.id || '@' || (extract(epoch FROM greatest(r.published_at, r.restored_at)) * 1000000)::bigint, ','
                                          ORDER BY r.id)
                        FROM layer_revision r JOIN layer l ON l.id = r.layer_id
                        WHERE l.kind = 'networks' AND r.state = 'published'),
                       (SELECT max(id) FROM network))
            """;

    // what an appeal tile shows: the appeals, which categories are public, the agencies' names, and the
    // day in Kazakhstan, on whose turn appeals become overdue
    private static final String APPEALS_VERSION = """
            SELECT concat_ws('/',
                       (SELECT (extract(epoch FROM max(updated_at)) * 1000000)::bigint FROM appeal),
                       (SELECT max(id) FROM appeal),
                       (SELECT string_agg(code, ',' ORDER BY code) FROM appeal_category WHERE is_public),
                       (SELECT md5(string_agg(concat_ws('|', id, name_kk, name_ru, name_en), ',' ORDER BY id))
                        FROM agency),
                       (now() AT TIME ZONE INTERVAL '+05:00')::date)
            """;

    // a custom layer's features with their attributes; attribute names match ^[a-z][a-z0-9_]*$, so the
    // columns _id and _geom never clash with one. %1$s the attribute columns, %2$s the geometry, %3$s the conditions
    private static final String CUSTOM_FEATURES = """
            SELECT ST_AsMVT(t, :layerName, 4096, '_geom', '_id') FROM (
                SELECT f.id AS _id%%1$s,
                       ST_AsMVTGeom(%%2$s, %1$s, 4096, 64, true) AS _geom
                FROM layer_feature f
                WHERE f.layer_id = :layerId AND f.geom && %2$s %%3$s
                ORDER BY f.id) t
            WHERE t._geom IS NOT NULL
            """.formatted(TILE, NEAR_TILE);

    // the points of a custom layer counted in clusters, as appeals are
    private static final String CUSTOM_CLUSTERS = """
            SELECT ST_AsMVT(t, :layerName, 4096, 'geom') FROM (
                SELECT count(*)::integer AS count,
                       ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(avg(s.x), avg(s.y)), 3857), %s) AS geom
                FROM (SELECT ST_X(g) AS x, ST_Y(g) AS y
                      FROM layer_feature f
                      CROSS JOIN LATERAL ST_Transform(ST_PointOnSurface(f.geom), 3857) g
                      WHERE f.layer_id = :layerId AND f.geom && ST_Transform(%s, 4326) %%s) s
                WHERE %s >> 3 = :x AND %s >> 3 = :y
                GROUP BY %s, %s) t
            """.formatted(
                    TILE,
                    TILE,
                    PlotTileCells.cellX("s.x", "(:z - 3)"),
                    PlotTileCells.cellY("s.y", "(:z - 3)"),
                    PlotTileCells.cellX("s.x", "(:z - 3)"),
                    PlotTileCells.cellY("s.y", "(:z - 3)"));

    /** Text attributes longer than this are left out of tiles: the card reads them from the API. */
    static final int TILE_TEXT_LENGTH = 200;

    private static final double WORLD_METRES = 2 * 20037508.342789244;

    private final JdbcClient jdbc;
    private final PlotTileCells cells;
    private final TransactionTemplate snapshot;
    private final AdalMapProperties.Tiles settings;
    private final PublicAppealFilterCodes codes;

    TileQueries(
            JdbcClient jdbc,
            PlotTileCells cells,
            PlatformTransactionManager transactions,
            AdalMapProperties properties,
            PublicAppealFilterCodes codes) {
        this.jdbc = jdbc;
        this.codes = codes;
        this.cells = cells;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.settings = properties.tiles();
    }

    /**
     * A tile and its ETag.
     *
     * @param body the encoded tile (empty when nothing is in it), or null when the client has it already
     */
    record Tile(String etag, byte[] body) {}

    /**
     * Reads the data version of {@code layer}, and draws the tile unless {@code clientHas} accepts the
     * ETag that version gives.
     *
     * @throws InvalidParameterException when the filter names a region, category or agency that does not
     *     exist
     */
    Tile tile(TileLayer layer, TileAddress at, TileFilter filter, Predicate<String> clientHas) {
        return snapshot.execute(tx -> {
            // a tile is one small index-driven query: a parallel plan or JIT compilation only adds
            // start-up time (the planner prices the PostGIS functions high and picks both)
            jdbc.sql("SELECT set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)")
                    .query()
                    .singleRow();
            MapSqlParameterSource params = new MapSqlParameterSource()
                    .addValue("z", at.z())
                    .addValue("x", at.x())
                    .addValue("y", at.y());
            Optional<Integer> region = filter.regionKato().map(this::regionId);
            String version;
            String sql;
            switch (layer) {
                case PLOTS -> {
                    PlotTileCells.State state = cells.state();
                    version = state.plotsVersion();
                    if (!filter.withinMetres().isEmpty()) {
                        // distances change with the networks as well
                        version += "/"
                                + jdbc.sql(NETWORKS_VERSION).query(String.class).single();
                    }
                    sql = plotsSql(at, filter, region, params, state.current());
                }
                case NETWORKS -> {
                    version = jdbc.sql(NETWORKS_VERSION).query(String.class).single();
                    sql = networksSql(at, filter, params);
                }
                case APPEALS -> {
                    codes.check(filter.appeals());
                    version = jdbc.sql(APPEALS_VERSION).query(String.class).single();
                    sql = (at.z() >= settings.appealPointZoom() ? APPEAL_POINTS : APPEAL_CLUSTERS)
                            .formatted(filter.appeals().conditions(params));
                }
                default -> throw new IllegalStateException(layer.toString());
            }
            String etag = "W/\""
                    + PlotTileCells.sha256(String.join(
                                    "\n",
                                    "tiles-1",
                                    layer.id(),
                                    at.toString(),
                                    filter.canonical(),
                                    version,
                                    settings.plotOutlineZoom() + "," + settings.appealPointZoom()))
                            .substring(0, 32)
                    + "\"";
            if (clientHas.test(etag)) {
                return new Tile(etag, null);
            }
            byte[] body = jdbc.sql(sql)
                    .paramSource(params)
                    .query(byte[].class)
                    .optional()
                    .orElse(new byte[0]);
            return new Tile(etag, body);
        });
    }

    /**
     * A tile of custom layer {@code layer}: its features matching {@code filter} with their attributes,
     * or, for a point layer below {@code adalmap.tiles.appeal-point-zoom}, clusters with their
     * {@code count}. The ETag follows the layer's version (its published revision and definition).
     */
    Tile customTile(CustomLayer layer, TileAddress at, CustomLayerFilter filter, Predicate<String> clientHas) {
        // the version was read just before the tile: a tile drawn from a revision published in between
        // only carries an older ETag, which the next request finds stale and answers in full
        String etag = "W/\""
                + PlotTileCells.sha256(String.join(
                                "\n",
                                "tiles-1",
                                "layer/" + layer.code(),
                                at.toString(),
                                filter.canonical(),
                                layer.version(),
                                Integer.toString(settings.appealPointZoom())))
                        .substring(0, 32)
                + "\"";
        if (clientHas.test(etag)) {
            return new Tile(etag, null);
        }
        return snapshot.execute(tx -> {
            jdbc.sql("SELECT set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)")
                    .query()
                    .singleRow();
            MapSqlParameterSource params = new MapSqlParameterSource()
                    .addValue("z", at.z())
                    .addValue("x", at.x())
                    .addValue("y", at.y())
                    .addValue("layerId", layer.id())
                    .addValue("layerName", layer.code());
            String conditions = filter.conditions("f", params);
            String sql;
            if (layer.geometryType().equals("point") && at.z() < settings.appealPointZoom()) {
                sql = CUSTOM_CLUSTERS.formatted(conditions);
            } else {
                String geometry = "ST_Transform(f.geom, 3857)";
                if (!layer.geometryType().equals("point")) {
                    // simplified to one unit of the tile's grid before it is snapped to it
                    params.addValue("unit", WORLD_METRES / (1L << at.z()) / 4096);
                    geometry = "ST_Simplify(" + geometry + ", :unit, true)";
                }
                sql = CUSTOM_FEATURES.formatted(attributeColumns(layer), geometry, conditions);
            }
            byte[] body = jdbc.sql(sql)
                    .paramSource(params)
                    .query(byte[].class)
                    .optional()
                    .orElse(new byte[0]);
            return new Tile(etag, body);
        });
    }

    /** The attributes as tile properties, typed as MVT values; long texts are left out. */
    private static String attributeColumns(CustomLayer layer) {
        StringBuilder sql = new StringBuilder();
        for (CustomAttribute a : layer.attributes()) {
            String value = switch (a.type()) {
                case "integer", "number" -> a.number("f") + "::float8";
                case "boolean" ->
                    "CASE WHEN jsonb_typeof(" + a.json("f") + ") = 'boolean' THEN (" + a.json("f") + ")::boolean END";
                default ->
                    "CASE WHEN length(" + a.text("f") + ") <= " + TILE_TEXT_LENGTH + " THEN " + a.text("f") + " END";
            };
            sql.append(",\n").append(value).append(" AS \"").append(a.name()).append('"');
        }
        return sql.toString();
    }

    private String plotsSql(
            TileAddress at,
            TileFilter filter,
            Optional<Integer> region,
            MapSqlParameterSource params,
            boolean gridCurrent) {
        StringBuilder where = new StringBuilder();
        // the grid counts by status, category, region and area only: other filters read the plots
        boolean useGrid = gridCurrent && !filter.needsPlots();
        String alias = at.z() >= settings.plotOutlineZoom() || !useGrid ? "p" : "c";
        filter.purpose().ifPresent(text -> {
            where.append(" AND (p.intended_purpose_kk ILIKE :purpose OR p.intended_purpose_ru ILIKE :purpose)");
            params.addValue(
                    "purpose",
                    "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        });
        filter.withinMetres().forEach((kind, metres) -> {
            // the kind comes from the allow-list of TileFilter.NETWORK_KINDS, the distance is bound
            where.append(" AND EXISTS (SELECT 1 FROM plot_network_distance w WHERE w.plot_id = p.id AND w.kind = '")
                    .append(kind)
                    .append("' AND w.distance_m <= :within_")
                    .append(kind)
                    .append(")");
            params.addValue("within_" + kind, metres);
        });
        if (!filter.statuses().isEmpty()) {
            where.append(" AND ").append(alias).append(".status = ANY(:statuses)");
            params.addValue("statuses", filter.statuses().toArray(String[]::new));
        }
        if (!filter.landCategories().isEmpty()) {
            where.append(" AND ").append(alias).append(".land_category = ANY(:categories)");
            params.addValue("categories", filter.landCategories().toArray(String[]::new));
        }
        region.ifPresent(id -> {
            where.append(" AND ").append(alias).append(".region_id = :regionId");
            params.addValue("regionId", id);
        });
        filter.minAreaHa().ifPresent(min -> params.addValue("minArea", min));
        filter.maxAreaHa().ifPresent(max -> params.addValue("maxArea", max.doubleValue()));
        filter.areaBelowMin().ifPresent(below -> params.addValue("belowMin", below));
        if (at.z() >= settings.plotOutlineZoom()) {
            filter.minAreaHa()
                    .ifPresent(min -> where.append(" AND ").append(AREA_HA).append(" >= :minArea"));
            filter.maxAreaHa().ifPresent(max -> {
                where.append(" AND ").append(AREA_HA).append(" <= :maxAreaExact");
                params.addValue("maxAreaExact", max);
            });
            return PLOT_OUTLINES.formatted(where);
        }
        if (useGrid) {
            // plots per area range by binary search in each cell's sorted areas
            String upTo = filter.maxAreaHa().isPresent() ? "width_bucket(:maxArea, c.areas_ha)" : "c.plots";
            String below = filter.minAreaHa().isPresent() ? " - width_bucket(:belowMin, c.areas_ha)" : "";
            return CELL_POINTS.formatted(CELLS_FROM_GRID.formatted(upTo + below, where));
        }
        if (!gridCurrent) {
            cells.refreshLater();
        }
        String inRange = "true"
                + (filter.minAreaHa().isPresent() ? " AND g.area_ha > :belowMin" : "")
                + (filter.maxAreaHa().isPresent() ? " AND g.area_ha <= :maxArea" : "");
        return CELL_POINTS.formatted(CELLS_FROM_PLOTS.formatted(
                inRange,
                AREA_HA,
                PlotTileCells.cellX("ST_X(c)", ":z"),
                PlotTileCells.cellY("ST_Y(c)", ":z"),
                TILE,
                where));
    }

    private String networksSql(TileAddress at, TileFilter filter, MapSqlParameterSource params) {
        params.addValue("unit", WORLD_METRES / (1L << at.z()) / 4096);
        // a city's substations, wells and regulators are thousands of dots at low zooms, where they
        // cannot be told apart and made tiles slow: the mains are drawn, the points from z13
        String points =
                at.z() < NETWORK_POINT_ZOOM ? " AND GeometryType(n.geom) IN ('LINESTRING', 'MULTILINESTRING')" : "";
        if (filter.kinds().isEmpty()) {
            return NETWORKS.formatted(points);
        }
        params.addValue("kinds", filter.kinds().toArray(String[]::new));
        return NETWORKS.formatted(points + " AND n.kind = ANY(:kinds)");
    }

    private int regionId(String kato) {
        return jdbc.sql("SELECT id FROM region WHERE kato_code = :kato")
                .param("kato", kato)
                .query(Integer.class)
                .optional()
                .orElseThrow(() -> InvalidParameterException.of("region", "no region has the KATO code " + kato));
    }
}
