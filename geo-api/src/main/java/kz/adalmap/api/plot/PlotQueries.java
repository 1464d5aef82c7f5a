package kz.adalmap.api.plot;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.LongFunction;
import kz.adalmap.api.common.geojson.FeatureCollectionWriter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the plot layer. PostGIS renders each plot as a GeoJSON Feature; Java only streams the text. */
@Repository
class PlotQueries {

    /** The public properties of a plot; shared by the layer, the search and the card. */
    static final String PROPERTIES = """
            'cadastral_number', p.cadastral_number,
            'status', p.status,
            'land_category', p.land_category,
            'area_declared_ha', p.area_declared_ha,
            -- computed on the spheroid, hectares
            'area_ha', round((ST_Area(p.geom::geography) / 10000)::numeric, 4),
            'intended_purpose_kk', p.intended_purpose_kk,
            'intended_purpose_ru', p.intended_purpose_ru,
            'permitted_use', p.permitted_use,
            'right_type', p.right_type,
            'divisible', p.divisible,
            'address', p.address,
            'region_kato', r.kato_code,
            'region_name_kk', r.name_kk,
            'region_name_ru', r.name_ru,
            'region_name_en', r.name_en,
            'district_kato', d.kato_code,
            'district_name_kk', d.name_kk,
            'district_name_ru', d.name_ru,
            'district_name_en', d.name_en,
            'auction_date', p.auction_date,
            'starting_price_kzt', p.starting_price_kzt,
            'layer_revision_id', p.layer_revision_id,
            'updated_at', p.updated_at
            """;

    // RFC 7946: exterior rings counter-clockwise; 7 decimals are about 1 cm
    private static final String LAYER_SELECT = """
            SELECT p.id,
                   json_build_object('type', 'Feature', 'id', p.id,
                                     'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(p.geom), 7)::json,
                                     'properties', json_build_object(%s))::text AS feature
            FROM land_plot p
            LEFT JOIN region r ON r.id = p.region_id
            LEFT JOIN district d ON d.id = p.district_id
            -- plots a later revision dropped from their layer keep their history but are not on the map
            WHERE p.id > :after AND p.retired_revision_id IS NULL
            """.formatted(PROPERTIES);

    // the envelope is a constant of the query, so the GiST index on geom is used
    private static final String IN_BBOX =
            " AND ST_Intersects(p.geom, ST_MakeEnvelope(:minLon, :minLat, :maxLon, :maxLat, 4326))";
    private static final String WITH_STATUS = " AND p.status = ANY(:statuses)";
    private static final String PAGE = " ORDER BY p.id LIMIT :limit";

    // the card: every fact, the layer and the number of the revision that put the plot as it is, the
    // public history, the nearest network of each kind (within the 5 km of plot_network_distance) and
    // the public fields of the appeals pinned within 100 m. Revisions are named by their number in the
    // layer; layer_revision_id (the internal id) stays for the clients that read it.
    private static final String CARD = """
            SELECT json_build_object(
                     'type', 'Feature', 'id', p.id,
                     'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(p.geom), 7)::json,
                     'properties', json_build_object(%s,
                        'layer', pl.code,
                        'layer_title_kk', pl.title_kk, 'layer_title_ru', pl.title_ru, 'layer_title_en', pl.title_en,
                        'revision', pr.number,
                        'current', p.retired_revision_id IS NULL,
                        -- the number asked for, when the plot was found by a number it no longer has
                        'renumbered_from', CAST(:renumberedFrom AS text),
                        -- every status, removal from the layer and return to it, and change of number
                        -- (event), each with the revision that made it and, for a rollback, the revision
                        -- it rolled back; by_rollback is null for entries recorded before rollbacks were
                        -- marked. cadastral_number is the plot's number after the entry, and for a change
                        -- of number previous_cadastral_number the one before (null: none)
                        'status_history', coalesce((
                            SELECT json_agg(json_build_object(
                                       'changed_at', h.changed_at, 'event', h.event,
                                       'cadastral_number', h.cadastral_number,
                                       'previous_cadastral_number', h.previous_cadastral_number,
                                       'from_status', h.from_status,
                                       'to_status', h.to_status, 'reason', h.reason,
                                       'agency_name_kk', a.name_kk, 'agency_name_ru', a.name_ru,
                                       'agency_name_en', a.name_en, 'revision', hr.number,
                                       'by_rollback', h.by_rollback, 'rolled_back_revision', hb.number,
                                       'layer_revision_id', h.layer_revision_id)
                                   ORDER BY h.changed_at, h.id)
                            FROM plot_status_change h LEFT JOIN agency a ON a.id = h.agency_id
                            LEFT JOIN layer_revision hr ON hr.id = h.layer_revision_id
                            LEFT JOIN layer_revision hb ON hb.id = h.rolled_back_revision_id
                            WHERE h.plot_id = p.id), '[]'::json),
                        'nearest_networks', coalesce((
                            SELECT json_agg(json_build_object(
                                       'kind', k.code, 'kind_name_kk', k.name_kk, 'kind_name_ru', k.name_ru,
                                       'kind_name_en', k.name_en, 'distance_m', round(w.distance_m::numeric, 1),
                                       'network_id', n.id, 'name', n.name, 'operator_name', n.operator_name,
                                       'capacity', n.capacity, 'free_capacity', n.free_capacity,
                                       'capacity_unit', k.capacity_unit, 'voltage_kv', n.voltage_kv,
                                       'pressure_class', n.pressure_class, 'diameter_mm', n.diameter_mm)
                                   ORDER BY k.position)
                            FROM plot_network_distance w
                            JOIN network n ON n.id = w.network_id
                            JOIN network_kind k ON k.code = w.kind
                            WHERE w.plot_id = p.id), '[]'::json),
                        'appeals_within_m', 100,
                        'appeals', coalesce((
                            -- the view holds the privacy rule of every public appeal query
                            SELECT json_agg(json_build_object(
                                       'tracking_code', ap.tracking_code, 'category', ap.category,
                                       'status', ap.status, 'text', ap.text,
                                       'text_private', ap.text_private, 'created_at', ap.created_at,
                                       'due_date', ap.due_date, 'answer_text', ap.answer_text,
                                       'answered_at', ap.answered_at,
                                       'agency_name_kk', ag.name_kk, 'agency_name_ru', ag.name_ru,
                                       'agency_name_en', ag.name_en,
                                       'distance_m', round(ST_Distance(ap.geom::geography, p.geom::geography)::numeric, 1))
                                   ORDER BY ap.created_at, ap.id)
                            FROM public_appeal ap
                            LEFT JOIN agency ag ON ag.id = ap.agency_id
                            -- the box first, so the GiST index on the appeals is used
                            WHERE ap.geom && expand_by_metres(p.geom, 100)
                              AND ST_DWithin(ap.geom::geography, p.geom::geography, 100)), '[]'::json)))::text
            FROM land_plot p
            JOIN layer_revision pr ON pr.id = p.layer_revision_id
            JOIN layer pl ON pl.id = pr.layer_id
            LEFT JOIN region r ON r.id = p.region_id
            LEFT JOIN district d ON d.id = p.district_id
            """.formatted(PROPERTIES);

    private final FeatureCollectionWriter writer;
    private final JdbcClient jdbc;

    PlotQueries(FeatureCollectionWriter writer, JdbcClient jdbc) {
        this.writer = writer;
        this.jdbc = jdbc;
    }

    /** Writes one page of plots matching {@code filter}, ordered by id, with a next link when more remain. */
    void writePage(PlotFilter filter, OutputStream out, LongFunction<String> nextLink) throws IOException {
        StringBuilder sql = new StringBuilder(LAYER_SELECT);
        MapSqlParameterSource params =
                new MapSqlParameterSource().addValue("after", filter.after()).addValue("limit", filter.limit() + 1);
        filter.bbox().ifPresent(b -> {
            sql.append(IN_BBOX);
            params.addValue("minLon", b.minLon())
                    .addValue("minLat", b.minLat())
                    .addValue("maxLon", b.maxLon())
                    .addValue("maxLat", b.maxLat());
        });
        if (!filter.statuses().isEmpty()) {
            sql.append(WITH_STATUS);
            params.addValue("statuses", filter.statuses().toArray(String[]::new));
        }
        sql.append(PAGE);
        writer.write(out, sql.toString(), params, filter.limit(), nextLink);
    }

    /**
     * The plot a cadastral number leads to: the current plot that has it; else the current plot that
     * had it before a change of number (V052); else, all being retired, the one that had it last, a
     * plot that has it before one that gave it up. A number is held by one current plot at a time
     * (V051) but retired plots of any layer may share it: each is another plot with its own history.
     * Two index probes: the plots with the number and the history's changes of number from it.
     */
    private static final String BY_NUMBER = """
            SELECT c.id, c.renumbered FROM (
                SELECT p.id, false AS renumbered, p.retired_revision_id IS NULL AS current, p.updated_at AS at
                FROM land_plot p WHERE p.cadastral_number = :number
                UNION ALL
                SELECT p.id, true, p.retired_revision_id IS NULL, h.changed_at
                FROM plot_status_change h JOIN land_plot p ON p.id = h.plot_id
                WHERE h.event = 'renumbered' AND h.previous_cadastral_number = :number
                  AND p.cadastral_number IS DISTINCT FROM :number) c
            ORDER BY c.current DESC, c.renumbered, c.at DESC, c.id DESC
            LIMIT 1
            """;

    /** The plot a cadastral number leads to ({@link #BY_NUMBER}). */
    record Found(long id, boolean renumbered) {}

    /** The plot {@code normalizedNumber} leads to, as {@link #BY_NUMBER} says; empty when none ever had it. */
    Optional<Found> plotByCadastralNumber(String normalizedNumber) {
        return jdbc.sql(BY_NUMBER)
                .param("number", normalizedNumber)
                .query((rs, n) -> new Found(rs.getLong(1), rs.getBoolean(2)))
                .optional();
    }

    /**
     * The plot card as a GeoJSON Feature, with its public status history, nearest networks and the
     * appeals near it; {@code renumberedFrom}, when not null, is said to be the number the plot was
     * found by and no longer has. Empty when no such plot.
     */
    Optional<String> card(long id, String renumberedFrom) {
        return jdbc.sql(CARD + " WHERE p.id = :id")
                .param("id", id)
                .param("renumberedFrom", renumberedFrom)
                .query(String.class)
                .optional();
    }

    /** The path of plot {@code id}'s card: by its cadastral number, or by its id while it has none. */
    String cardPath(long id) {
        return jdbc.sql("SELECT cadastral_number FROM land_plot WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .optional()
                .map(n -> "/api/v1/plots/" + n)
                .orElse("/api/v1/plots/id/" + id);
    }

    /** The card of a plot by its id, also for a plot not yet registered in the cadastre; empty when none. */
    Optional<String> cardById(long id) {
        return card(id, null);
    }
}
