package kz.adalmap.api.tiles;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import kz.adalmap.api.config.AdalMapProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The grid that draws plots below {@code adalmap.tiles.plot-outline-zoom}: table {@code plot_tile_cell},
 * the current plots of each layer counted per cell of every lower zoom (64 × 64 cells per tile), with
 * their areas so that an area range is counted exactly.
 *
 * <p>The cells of a layer are derived from {@code land_plot} and rebuilt, in one transaction, whenever
 * the layer's data version (its published revision and the last change of its plots) differs from
 * the one they were built from; a tile reads them only when every layer's cells are current, and is
 * otherwise counted from the plots themselves while a rebuild runs in the background. A rebuild costs
 * a few seconds per 250,000 plots; it runs at start and after each change of the data.
 */
@Component
class PlotTileCells {

    private static final Logger log = LoggerFactory.getLogger(PlotTileCells.class);

    // One index-only probe of (layer_revision_id, updated_at) per revision: plots change only by
    // publishing (which changes the layer's published revision) or by an update (which touches updated_at).
    private static final String VERSIONS = """
            SELECT l.id AS layer_id,
                   CASE WHEN last.changed IS NOT NULL
                        THEN concat_ws('/', pub.id, (extract(epoch FROM greatest(pub.published_at, pub.restored_at)) * 1000000)::bigint,
                                       (extract(epoch FROM last.changed) * 1000000)::bigint)
                   END AS version,
                   b.version AS built
            FROM layer l
            LEFT JOIN layer_revision pub ON pub.layer_id = l.id AND pub.state = 'published'
            CROSS JOIN LATERAL (
                SELECT max(m.changed) AS changed
                FROM layer_revision r
                CROSS JOIN LATERAL (SELECT max(p.updated_at) AS changed FROM land_plot p
                                    WHERE p.layer_revision_id = r.id) m
                WHERE r.layer_id = l.id) last
            LEFT JOIN plot_tile_build b ON b.layer_id = l.id
            WHERE last.changed IS NOT NULL OR b.layer_id IS NOT NULL
            ORDER BY l.id
            """;

    // the same rule as the plot layer: plots a later revision dropped are not on the map
    private static final String POINTS = """
            CREATE TEMPORARY TABLE tile_plot_point ON COMMIT DROP AS
            SELECT p.status, p.land_category, p.region_id, ST_X(c) AS x, ST_Y(c) AS y,
                   round((ST_Area(p.geom::geography) / 10000)::numeric, 4)::float8 AS area_ha
            FROM land_plot p
            JOIN layer_revision r ON r.id = p.layer_revision_id
            CROSS JOIN LATERAL ST_Transform(ST_PointOnSurface(p.geom), 3857) c
            WHERE r.layer_id = :layer AND p.retired_revision_id IS NULL
            """;

    // every zoom below the outline zoom in one pass; rows ordered by tile so a tile's cells share pages
    private static final String CELLS = """
            INSERT INTO plot_tile_cell (layer_id, z, tile_x, tile_y, cell_x, cell_y, status, land_category, region_id,
                                        plots, sum_x, sum_y, areas_ha)
            SELECT :layer, g.z, g.cell_x >> 6, g.cell_y >> 6, g.cell_x, g.cell_y, g.status, g.land_category, g.region_id,
                   count(*), sum(g.x), sum(g.y), array_agg(g.area_ha ORDER BY g.area_ha)
            FROM (SELECT z.z, p.status, p.land_category, p.region_id, p.x, p.y, p.area_ha,
                         %s AS cell_x, %s AS cell_y
                  FROM tile_plot_point p, generate_series(0, :maxZoom) z(z)) g
            GROUP BY g.z, g.cell_x, g.cell_y, g.status, g.land_category, g.region_id
            ORDER BY g.z, g.cell_x >> 6, g.cell_y >> 6
            """.formatted(cellX("p.x", "z.z"), cellY("p.y", "z.z"));

    private static final String RECORD_BUILD = """
            INSERT INTO plot_tile_build (layer_id, version, plots) VALUES (:layer, :version, :plots)
            ON CONFLICT (layer_id) DO UPDATE SET version = excluded.version, plots = excluded.plots, built_at = now()
            """;

    /** The half width of the Web Mercator square (EPSG:3857 metres), as {@code ST_TileEnvelope} uses it. */
    static final String HALF_WORLD = "20037508.342789244";

    private final JdbcClient jdbc;
    private final TransactionTemplate writing;
    private final int outlineZoom;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "plot-tile-cells");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();

    PlotTileCells(JdbcClient jdbc, PlatformTransactionManager transactions, AdalMapProperties properties) {
        this.jdbc = jdbc;
        this.writing = new TransactionTemplate(transactions);
        this.outlineZoom = properties.tiles().plotOutlineZoom();
    }

    /** The cell column, at tile zoom {@code z}, of a point's EPSG:3857 {@code x} (SQL expressions). */
    static String cellX(String x, String z) {
        return "floor((%s + %s) / (2 * %s / 2 ^ (%s + 6)))::integer".formatted(x, HALF_WORLD, HALF_WORLD, z);
    }

    /** The cell row, from the north, at tile zoom {@code z}, of a point's EPSG:3857 {@code y}. */
    static String cellY(String y, String z) {
        return "floor((%s - %s) / (2 * %s / 2 ^ (%s + 6)))::integer".formatted(HALF_WORLD, y, HALF_WORLD, z);
    }

    /** The data version of one plots layer, and the one its cells were built from (null when none). */
    record LayerVersion(int layerId, String version, String built) {}

    /** The state of every plots layer, read in the caller's transaction. */
    record State(List<LayerVersion> layers, String buildSuffix) {

        /** Whether every layer's cells were built from its current data. */
        boolean current() {
            return layers.stream().allMatch(l -> l.version() != null && (l.version() + buildSuffix).equals(l.built()));
        }

        /** One text that changes whenever any plot on the map changes. */
        String plotsVersion() {
            StringBuilder text = new StringBuilder();
            layers.forEach(l ->
                    text.append(l.layerId()).append(':').append(l.version()).append(';'));
            return sha256(text.toString());
        }

        Optional<LayerVersion> firstStale() {
            return layers.stream()
                    .filter(l -> l.version() == null || !(l.version() + buildSuffix).equals(l.built()))
                    .findFirst();
        }
    }

    /** Reads the data versions within the current transaction (its snapshot). */
    State state() {
        List<LayerVersion> layers = jdbc.sql(VERSIONS)
                .query((rs, i) ->
                        new LayerVersion(rs.getInt("layer_id"), rs.getString("version"), rs.getString("built")))
                .list();
        return new State(layers, "|z" + outlineZoom);
    }

    /** Starts a rebuild of the stale layers in the background, unless one is already waiting to run. */
    void refreshLater() {
        if (queued.compareAndSet(false, true)) {
            background.execute(() -> {
                queued.set(false);
                try {
                    refresh();
                } catch (RuntimeException e) {
                    log.error("could not rebuild the plot tile cells", e);
                }
            });
        }
    }

    /**
     * Rebuilds, layer by layer, every layer whose cells are not current; returns when all are. Another
     * instance of the application building at the same time is waited for, not repeated.
     */
    void refresh() {
        while (Boolean.TRUE.equals(writing.execute(tx -> rebuildOneStaleLayer()))) {
            // next layer
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void buildAtStart() {
        refreshLater();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        background.shutdownNow();
    }

    /** In the current transaction: rebuilds the first stale layer; false when none was stale. */
    private boolean rebuildOneStaleLayer() {
        // one builder at a time across instances; the others wait, then find the layer current
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('plot_tile_cell'))")
                .query()
                .singleRow();
        Optional<LayerVersion> stale = state().firstStale();
        if (stale.isEmpty()) {
            return false;
        }
        LayerVersion layer = stale.get();
        long started = System.nanoTime();
        jdbc.sql(
                        "SELECT set_config('work_mem', '256MB', true), set_config('max_parallel_workers_per_gather', '0', true)")
                .query()
                .singleRow();
        jdbc.sql("DELETE FROM plot_tile_cell WHERE layer_id = :layer")
                .param("layer", layer.layerId())
                .update();
        if (layer.version() == null) {
            jdbc.sql("DELETE FROM plot_tile_build WHERE layer_id = :layer")
                    .param("layer", layer.layerId())
                    .update();
            return true;
        }
        long plots = jdbc.sql(POINTS).param("layer", layer.layerId()).update();
        if (outlineZoom > 0) {
            jdbc.sql(CELLS)
                    .param("layer", layer.layerId())
                    .param("maxZoom", outlineZoom - 1)
                    .update();
        }
        jdbc.sql("DROP TABLE tile_plot_point").update();
        jdbc.sql(RECORD_BUILD)
                .param("layer", layer.layerId())
                .param("version", layer.version() + "|z" + outlineZoom)
                .param("plots", plots)
                .update();
        log.info(
                "plot tile cells of layer {} rebuilt: {} plots in {} ms",
                layer.layerId(),
                plots,
                (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
