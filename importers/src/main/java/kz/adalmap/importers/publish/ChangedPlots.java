package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import kz.adalmap.importers.report.Detail;

/**
 * What the plots a draft changes have changed, when it is not what an editor would take a change
 * for: plots that differ from the published ones only in the fields kept but not published (a
 * column added to the export), or only in their outlines, by centimetres (a file whose coordinates
 * were rounded, or went through another coordinate system) or by more (a wrong zone, datum or order
 * of the axes, said so). Either makes every plot of a layer
 * "changed", and the changes that matter are lost among them.
 */
final class ChangedPlots {

    /**
     * The changed plots looked at before the rest are: when fewer than a tenth of them changed in
     * these ways only, no note is made and the rest are not looked at (a re-import of a million
     * plots of which 10,000 changed status looks up 500).
     */
    private static final int SAMPLE = 500;

    /**
     * Outlines moved by at most this, in centimetres, are what rounding a file's coordinates or
     * converting them through another system does; more is no such noise.
     */
    private static final long ROUNDING_CENTIMETRES = 100;

    /** SQL: the outline of pair {@code q} is the same, as the diff compares outlines. */
    private static final String SAME_OUTLINE = "NOT " + LayerImporter.outlineDiffers("p_geom", "geom");

    private ChangedPlots() {}

    /** The notes on the changed plots of {@code revision}, a draft of plots layer {@code layerId}. */
    static List<Detail> notes(Connection c, int layerId, long revision) throws SQLException {
        Tally sample = tally(c, layerId, revision, SAMPLE);
        if (sample.looked() == 0 || 10 * (sample.keptFieldsOnly() + sample.outlinesOnly()) < sample.looked()) {
            return List.of();
        }
        Tally all = sample.looked() < SAMPLE ? sample : tally(c, layerId, revision, Integer.MAX_VALUE);
        List<Detail> notes = new ArrayList<>();
        if (all.keptFieldsOnly() > 0) {
            notes.add(Detail.of(
                    "changed_kept_fields_only",
                    "{count} of the {changed} changed plots with a cadastral number differ from the published ones"
                            + " only in fields kept but"
                            + " not published ({fields}): none of their published values changes",
                    "count",
                    all.keptFieldsOnly(),
                    "changed",
                    all.looked(),
                    "fields",
                    all.keptFields()));
        }
        if (all.outlinesOnly() > 0) {
            // metres or kilometres are no rounding: a wrong zone, datum or order of the axes, which moves
            // the plots together; a few plots of many redrawn is an editor's work
            boolean moved = all.shiftCentimetres() > ROUNDING_CENTIMETRES;
            boolean together = all.outlinesOnly() >= 3 && 2 * all.outlinesOnly() >= all.looked();
            String outlines = "{count} of the {changed} changed plots with a cadastral number differ from the"
                    + " published ones only in their outlines,";
            notes.add(Detail.of(
                    !moved ? "changed_outlines_only" : together ? "changed_outlines_moved" : "changed_outlines_redrawn",
                    !moved
                            ? outlines + " moved by at most {shift} m, as the coordinates of a file rounded, or"
                                    + " converted from another coordinate system, differ: check that the file is"
                                    + " not the published layer exported again"
                            : together
                                    ? outlines + " moved by as much as {shift} m, which rounding does not explain:"
                                            + " check the file's coordinate system (its zone, its datum, its axes"
                                            + " swapped) before publishing"
                                    : outlines + " redrawn by as much as {shift} m; their published values are as"
                                            + " they were",
                    "count",
                    all.outlinesOnly(),
                    "changed",
                    all.looked(),
                    "shift",
                    all.shiftCentimetres() / 100.0));
        }
        return notes;
    }

    /**
     * A draft that removes at least this many of the published plots, and at least {@link
     * #REMOVED_SHARE_PERCENT} per cent of them, is warned of: a layer rarely loses a quarter of its
     * plots in one export, while an export of only the plots selected in QGIS or ArcGIS, or a file cut
     * off, takes most of them off the map.
     */
    static final long REMOVED_AT_LEAST = 5;

    /** See {@link #REMOVED_AT_LEAST}. */
    static final long REMOVED_SHARE_PERCENT = 25;

    /** The key of the warning that a draft removes a large share of the public plots. */
    static final String REMOVES_MOST = "file_removes_most";

    /** The key of the warning that plots are renumbered only by zeros written before their plot part. */
    static final String RENUMBERED_BY_ZEROS = "renumbered_by_zeros";

    /**
     * The warning that the draft, of {@code diff} against the published layer, removes a large share of
     * its plots ({@link #REMOVED_AT_LEAST}); null when it removes fewer.
     */
    static Detail removesMost(LayerImporter.Diff diff) {
        long published = diff.removed() + diff.changed() + diff.unchanged();
        if (diff.removed() < REMOVED_AT_LEAST || 100 * diff.removed() < REMOVED_SHARE_PERCENT * published) {
            return null;
        }
        return Detail.of(
                REMOVES_MOST,
                "this file removes {removed} of the layer's {published} public plots ({percent} %): an export of"
                        + " only the plots selected, or a file cut off? Publish it only if the layer really holds no"
                        + " more than the file's plots now",
                "removed",
                diff.removed(),
                "published",
                published,
                "percent",
                Math.round(100.0 * diff.removed() / published));
    }

    /**
     * The warning that changed plots of {@code revision} take a cadastral number that differs from their
     * published one only by zeros before the plot's part ({@code 05-085-012-0001} for {@code
     * 05-085-012-001}), as a program that pads the numbers to more digits exports them: they are two
     * numbers, and published, every such plot is renumbered and its public history says so; null when
     * none is.
     */
    static Detail renumberedByZeros(Connection c, long revision, long changed) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT count(*), min(plot_key), min(previous_key) FILTER (WHERE plot_key = first_key)
                        FROM (SELECT plot_key, previous_key, min(plot_key) OVER () AS first_key
                              FROM revision_change
                              WHERE layer_revision_id = %d AND change = 'changed' AND previous_key IS NOT NULL
                                AND previous_key NOT LIKE 'geom:%%' AND plot_key <> previous_key
                                AND regexp_replace(plot_key, '[0-9]+$', '') = regexp_replace(previous_key, '[0-9]+$', '')
                                AND plot_key ~ '[0-9]$'
                                AND ltrim(substring(plot_key from '[0-9]+$'), '0')
                                    = ltrim(substring(previous_key from '[0-9]+$'), '0')) x
                        """.formatted(revision))) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return null;
            }
            return Detail.of(
                    RENUMBERED_BY_ZEROS,
                    "{count} of the {changed} changed plots take a cadastral number that differs from their"
                            + " published one only by zeros before the plot's part ({number} for {previous}):"
                            + " published, each is renumbered and its public history says so; export the numbers"
                            + " as the layer writes them, or publish only if the plots really were renumbered",
                    "count",
                    rs.getLong(1),
                    "changed",
                    changed,
                    "number",
                    rs.getString(2),
                    "previous",
                    rs.getString(3));
        }
    }

    /**
     * Warns of each plot the draft adds under the cadastral number of a plot that left the layer,
     * drawn where that plot was not (their outlines do not meet): published, it comes back as that
     * plot, whose public history it continues, though it is other land; a mistyped number, or one a
     * plot split or merged had, more likely. Looked up for the added plots only, and not at all in a
     * layer's first revision.
     */
    static void warnNumbersOfOtherLand(Connection c, int layerId, long revision) throws SQLException {
        try (Statement st = c.createStatement()) {
            ResultSet earlier = st.executeQuery(
                    "SELECT count(*) FROM layer_revision WHERE layer_id = " + layerId + " AND id <> " + revision);
            earlier.next();
            if (earlier.getLong(1) == 0) {
                return;
            }
            DetailSql detail = DetailSql.of(
                    "number_of_other_land",
                    "cadastral number {number} is the number of a plot that left the layer in revision {revision},"
                            + " drawn {distance} m away: published, this plot comes back as that one and continues"
                            + " its public history; check the number",
                    "number",
                    "s.cadastral_number",
                    "revision",
                    "r.number",
                    "distance",
                    "round(ST_Distance(p.geom::geography, s.geom::geography))::bigint");
            st.executeUpdate("""
                    INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                    SELECT %2$d, s.source_row, 'warning', 'number_of_other_land', %3$s, %4$s
                    FROM revision_change x
                    -- each added key looked up in the draft's index of keys: the planner, which knows
                    -- nothing of a new revision, joined its 20,000 changes with its 20,000 rows pair by pair
                    CROSS JOIN LATERAL (SELECT s.* FROM plot_snapshot s WHERE s.layer_revision_id = x.layer_revision_id
                                        AND s.plot_key = x.plot_key OFFSET 0) s
                    CROSS JOIN LATERAL (SELECT p.geom, p.retired_revision_id FROM land_plot p
                                        WHERE p.cadastral_number = s.cadastral_number
                                          AND p.retired_revision_id IS NOT NULL
                                          AND p.layer_revision_id = ANY(ARRAY(SELECT id FROM layer_revision
                                                                              WHERE layer_id = %1$d))
                                        ORDER BY p.retired_revision_id DESC LIMIT 1) p
                    JOIN layer_revision r ON r.id = p.retired_revision_id
                    WHERE x.layer_revision_id = %2$d AND x.change = 'added' AND s.cadastral_number IS NOT NULL
                      AND NOT ST_Intersects(p.geom, s.geom)
                    """.formatted(layerId, revision, detail.message(), detail.detail()));
        }
    }

    /**
     * SQL: the first {@code limit} changed plots of the revision with the plot each replaces (of the
     * same cadastral number, or the one it takes over), looked up through the numbers' index: never
     * the whole layer. A plot without a number is known by its outline, and changes none of it.
     */
    private static String pairs(int layerId, long revision, long limit) {
        return """
                SELECT s.*, p.geom AS p_geom, p.extra AS p_extra,
                       (p.cadastral_number, p.area_declared_ha, p.land_category, p.intended_purpose_kk,
                        p.intended_purpose_ru, p.permitted_use, p.right_type, p.divisible, p.status, p.address,
                        p.auction_date, p.starting_price_kzt)
                       IS NOT DISTINCT FROM
                       (s.cadastral_number, s.area_declared_ha, s.land_category, s.intended_purpose_kk,
                        s.intended_purpose_ru, s.permitted_use, s.right_type, s.divisible, s.status, s.address,
                        s.auction_date, s.starting_price_kzt) AS fields_same
                FROM (SELECT plot_key, previous_key FROM revision_change
                      WHERE layer_revision_id = %2$d AND change = 'changed' LIMIT %3$d) x
                CROSS JOIN LATERAL (SELECT s.* FROM plot_snapshot s WHERE s.layer_revision_id = %2$d
                                    AND s.plot_key = x.plot_key OFFSET 0) s
                CROSS JOIN LATERAL (SELECT p.geom, p.extra, p.cadastral_number, p.area_declared_ha, p.land_category,
                                           p.intended_purpose_kk, p.intended_purpose_ru, p.permitted_use,
                                           p.right_type, p.divisible, p.status, p.address, p.auction_date,
                                           p.starting_price_kzt
                                    FROM land_plot p
                                    WHERE p.cadastral_number = coalesce(x.previous_key, x.plot_key)
                                      AND p.retired_revision_id IS NULL
                                      AND p.layer_revision_id = ANY(ARRAY(SELECT id FROM layer_revision
                                                                          WHERE layer_id = %1$d))
                                    OFFSET 0) p
                WHERE s.cadastral_number IS NOT NULL
                """.formatted(layerId, revision, limit);
    }

    /**
     * Of the first changed plots looked at: how many, how many differ only in their kept fields (and
     * the names of those fields, the first ten), how many only in their outlines, and by how many
     * centimetres at most.
     */
    private record Tally(
            long looked, long keptFieldsOnly, List<String> keptFields, long outlinesOnly, long shiftCentimetres) {}

    /** The {@link Tally} of the first {@code limit} changed plots of the revision, in one pass over them. */
    private static Tally tally(Connection c, int layerId, long revision, int limit) throws SQLException {
        String sql = """
                WITH d AS MATERIALIZED (
                    SELECT *, fields_same AND same_outline AND p_extra IS DISTINCT FROM extra AS kept_only,
                           fields_same AND NOT same_outline AND p_extra IS NOT DISTINCT FROM extra AS outline_only
                    FROM (SELECT *, %s AS same_outline FROM (%s) q) q)
                SELECT count(*), count(*) FILTER (WHERE kept_only),
                       (SELECT array_agg(k) FROM (SELECT DISTINCT k FROM d
                                                  CROSS JOIN LATERAL jsonb_object_keys(d.extra || d.p_extra) k
                                                  WHERE kept_only AND d.extra -> k IS DISTINCT FROM d.p_extra -> k
                                                  ORDER BY k LIMIT 10) f),
                       count(*) FILTER (WHERE outline_only),
                       -- metres on the ground: Web Mercator's scale is 1 / cos(latitude)
                       coalesce(ceil(max(100 * ST_HausdorffDistance(ST_Transform(p_geom, 3857), ST_Transform(geom, 3857))
                                         * cos(radians(ST_Y(ST_PointOnSurface(geom)))))
                                     FILTER (WHERE outline_only)), 0)
                FROM d
                """.formatted(SAME_OUTLINE, pairs(layerId, revision, limit));
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            java.sql.Array fields = rs.getArray(3);
            return new Tally(
                    rs.getLong(1),
                    rs.getLong(2),
                    fields == null ? List.of() : List.of((String[]) fields.getArray()),
                    rs.getLong(4),
                    rs.getLong(5));
        }
    }
}
