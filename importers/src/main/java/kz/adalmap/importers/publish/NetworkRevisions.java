package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import kz.adalmap.importers.report.Detail;

/**
 * Revisions of a networks layer: the difference between a revision's snapshot and the public
 * features, and making the public features equal to a snapshot. A feature is the same between two
 * revisions when its kind and geometry are ({@code network_key}); of several features of a kind drawn
 * on one route (lines on the same poles), features are paired as {@link #pair} does, so that an
 * edit of one of them is that feature changed. The features left are paired when they are one
 * feature drawn again ({@link #pairNear}: within about a centimetre, or a metre, or a line lengthened
 * or shortened). A feature changed when any of its attributes did, or its geometry by more than
 * about a centimetre. Unlike plots, networks keep no public history: the public table holds one
 * revision per layer, each feature in the row it has had since it was added.
 */
final class NetworkRevisions {

    private NetworkRevisions() {}

    /**
     * SQL: the key of feature {@code n} among the features of its set (a layer's public features, a
     * revision's snapshot): {@code network_key} when no other of its kind is drawn on its route, else
     * also what tells the features of one route apart ({@code network_feature_key}, V060), as a set's
     * numbers are kept (voltage in hundredths, whole millimetres); and when others on its route are
     * the same in those too (two operators' cables in one duct), a hash of its operator, capacities
     * and other fields, in which a feature drawn twice would be the same and is rejected.
     */
    static final String FEATURE_KEY = """
            network_feature_key(n.kind, n.geom, count(*) OVER (PARTITION BY network_key(n.kind, n.geom)) > 1, n.name,
                                round(n.voltage_kv, 2), n.pressure_class, round(n.diameter_mm::numeric))
            || CASE WHEN count(*) OVER (PARTITION BY network_key(n.kind, n.geom), n.name, round(n.voltage_kv, 2),
                                                     n.pressure_class, round(n.diameter_mm::numeric)) > 1
                    THEN ':' || md5(row(n.operator_name, round(n.capacity, 2), round(n.free_capacity, 2), n.extra)::text)
                    ELSE '' END""";

    /** The public features of a networks layer, with their keys. */
    private static final String CURRENT = """
            SELECT n.*, %s AS feature_key
            FROM network n JOIN layer_revision r ON r.id = n.layer_revision_id
            WHERE r.layer_id = %%d
            """.formatted(FEATURE_KEY);

    /**
     * SQL: what tells feature {@code n} apart from the other features of its route, with the route
     * itself: {@code network_feature_key} as if the route were shared, the numbers as a set keeps them.
     */
    static String distinguished(String n) {
        return """
                network_feature_key(%1$s.kind, %1$s.geom, true, %1$s.name, round(%1$s.voltage_kv, 2), %1$s.pressure_class,
                                    round(%1$s.diameter_mm::numeric))""".formatted(n);
    }

    /**
     * Pairs the features of two sets that are drawn on the same routes, table {@code a} with table
     * {@code b} (each with columns {@code row}: unique, in the order of its file; {@code route};
     * {@code same}: the route with what tells its features apart, {@link #distinguished}; {@code
     * name}), into a new temporary table {@code pairs (a, b)} of rows. Of one route, features are
     * paired first when they are the same in what tells them apart (a line left as it was), then when
     * they have the same name (a line whose voltage changed), then in the order of their files (a
     * line renamed); each step pairs only the features that the steps before left unpaired, and two
     * features of a step in the order of their files. What is left unpaired is a feature one set has
     * and the other does not. The pairs depend on the two sets only, so that a draft's diff, its
     * publishing and a rollback pair alike. Each step sorts both sets once.
     */
    static void pair(Statement st, String pairs, String a, String b) throws SQLException {
        st.executeUpdate(
                "CREATE TEMP TABLE " + pairs + " (a bigint PRIMARY KEY, b bigint NOT NULL UNIQUE) ON COMMIT DROP");
        for (String[] by : new String[][] {{"same"}, {"route", "name"}, {"route"}}) {
            String columns = String.join(", ", by);
            StringBuilder on = new StringBuilder();
            for (String column : by) {
                on.append("x.").append(column).append(" = y.").append(column).append(" AND ");
            }
            String side = """
                    (SELECT t.row, %1$s, row_number() OVER (PARTITION BY %1$s ORDER BY t.row) AS i FROM %2$s t
                     WHERE NOT EXISTS (SELECT 1 FROM %3$s p WHERE p.%4$s = t.row))""";
            st.executeUpdate("INSERT INTO %s (a, b) SELECT x.row, y.row FROM %s x JOIN %s y ON %sx.i = y.i"
                    .formatted(
                            pairs, side.formatted(columns, a, pairs, "a"), side.formatted(columns, b, pairs, "b"), on));
        }
    }

    /** The temporary table of the places of the features a revision publishes ({@link PlotPlaces}). */
    private static final String PLACES = "network_place";

    /**
     * Metres within which a feature of a revision left unpaired by {@link #pair} is the public
     * feature of its kind left unpaired too ({@link #pairNear}): drawn again at most this far from
     * it, or, of the same name, voltage, pressure class and diameter, lying along it this close.
     */
    static final double NEAR_METRES = 1.0;

    /**
     * SQL: the columns of a side of {@link #pair} and {@link #pairNear} for feature {@code n}, but
     * its row: its route, what tells it apart on it, its name, kind and geometry, and what tells it
     * apart but the route ({@code traits}).
     */
    static String side(String n) {
        return """
                network_key(%1$s.kind, %1$s.geom) AS route, %2$s AS same, %1$s.name, %1$s.kind, %1$s.geom,
                row(%1$s.name, round(%1$s.voltage_kv, 2), %1$s.pressure_class, round(%1$s.diameter_mm::numeric))::text AS traits""".formatted(n, distinguished(n));
    }

    /**
     * Pairs the features of tables {@code a} and {@code b} (the sides of {@link #pair}, also with
     * {@code kind}, {@code geom} and {@code traits}) that {@code pairs} leaves unpaired and that are
     * the same feature drawn again: of one kind, and
     *
     * <ol>
     *   <li>within the tolerance by which plots are compared ({@link LayerImporter#COMPARED}: as many
     *       points and a Hausdorff distance below 1e-7°, about a centimetre), as a layer exported
     *       again in WGS 84 rounds them, whatever else changed; then
     *   <li>within {@link #NEAR_METRES} of each other (Hausdorff distance in metres: rounded to 6
     *       decimals, a vertex nudged), whatever else changed; or lines of the same name, voltage,
     *       pressure class and diameter of which one lies along the other within {@link #NEAR_METRES}
     *       (every point of it that close to the other: a line lengthened or shortened at an end).
     * </ol>
     *
     * Of several candidates, a feature is paired with the first by that order, then by those the
     * same in name, voltage, pressure class and diameter before those of the same name, then by the
     * smaller distance, then by row: each round pairs the features that are each other's first
     * candidate, until none are. The pairs depend on the two sets only. Candidates are found through
     * a spatial index on {@code b}'s leftovers, and only the features the first step leaves are
     * measured in metres.
     */
    static void pairNear(Statement st, String pairs, String a, String b) throws SQLException {
        String left = """
                CREATE TEMP TABLE %1$s ON COMMIT DROP AS
                SELECT t.* FROM %2$s t WHERE NOT EXISTS (SELECT 1 FROM %3$s p WHERE p.%4$s = t.row)""";
        st.executeUpdate(left.formatted("near_a", a, pairs, "a"));
        st.executeUpdate(left.formatted("near_b", b, pairs, "b"));
        st.executeUpdate("CREATE INDEX ON near_b USING gist (geom)");
        st.execute("ANALYZE near_a");
        st.execute("ANALYZE near_b");
        String unlike =
                "CASE WHEN x.traits = y.traits THEN 0 WHEN x.name IS NOT DISTINCT FROM y.name THEN 1 ELSE 2 END";
        st.executeUpdate("""
                CREATE TEMP TABLE near_candidate ON COMMIT DROP AS
                SELECT x.row AS a, y.row AS b, 1 AS tier, %s AS unlike, ST_HausdorffDistance(x.geom, y.geom) AS apart
                FROM near_a x JOIN near_b y ON y.geom && ST_Expand(x.geom, 1e-7) AND y.kind = x.kind
                WHERE %s
                """.formatted(unlike, LayerImporter.withinTolerance("x.geom", "y.geom")));
        match(st, pairs);
        st.executeUpdate("DELETE FROM near_a t USING %s p WHERE p.a = t.row".formatted(pairs));
        st.executeUpdate("DELETE FROM near_b t USING %s p WHERE p.b = t.row".formatted(pairs));
        st.executeUpdate("""
                INSERT INTO near_candidate (a, b, tier, unlike, apart)
                SELECT x.row, y.row, CASE WHEN d.apart <= %2$s THEN 2 ELSE 3 END, %1$s, d.apart
                FROM near_a x JOIN near_b y ON y.geom && expand_by_metres(x.geom, %2$s) AND y.kind = x.kind
                CROSS JOIN LATERAL (SELECT in_metres(x.geom, x.geom) AS geom) mx
                CROSS JOIN LATERAL (SELECT in_metres(y.geom, x.geom) AS geom) my
                CROSS JOIN LATERAL (SELECT ST_HausdorffDistance(mx.geom, my.geom) AS apart) d
                WHERE d.apart <= %2$s
                   OR (x.traits = y.traits AND GeometryType(x.geom) LIKE '%%LINESTRING'
                       AND GeometryType(y.geom) LIKE '%%LINESTRING'
                       AND (ST_Covers(ST_Buffer(my.geom, %2$s), mx.geom) OR ST_Covers(ST_Buffer(mx.geom, %2$s), my.geom)))
                """.formatted(unlike, NEAR_METRES));
        match(st, pairs);
        st.executeUpdate("DROP TABLE near_a, near_b, near_candidate");
    }

    /** Pairs the candidates of {@code near_candidate} that are each other's first, round after round. */
    private static void match(Statement st, String pairs) throws SQLException {
        String free =
                "NOT EXISTS (SELECT 1 FROM %1$s p WHERE p.a = c.a) AND NOT EXISTS (SELECT 1 FROM %1$s p WHERE p.b = c.b)"
                        .formatted(pairs);
        while (st.executeUpdate("""
                        INSERT INTO %1$s (a, b)
                        SELECT x.a, x.b
                        FROM (SELECT DISTINCT ON (c.a) c.a, c.b FROM near_candidate c WHERE %2$s
                              ORDER BY c.a, c.tier, c.unlike, c.apart, c.b) x
                        JOIN (SELECT DISTINCT ON (c.b) c.a, c.b FROM near_candidate c WHERE %2$s
                              ORDER BY c.b, c.tier, c.unlike, c.apart, c.a) y ON y.a = x.a AND y.b = x.b
                        """.formatted(pairs, free)) > 0) {
            // each round pairs at least the first candidate of all
        }
    }

    /**
     * SQL: a paired public feature {@code p} differs from the revision's {@code s} ({@code ps} and
     * {@code rs} their sides): in an attribute, or in a geometry drawn on another route and not
     * within the tolerance of {@link LayerImporter#COMPARED} (a vertex moved by more than about a
     * centimetre, or added).
     */
    private static final String COMPARED = """
            ((ps.route <> rs.route AND NOT %s)
             OR (p.name, p.operator_name, p.capacity, p.free_capacity, p.voltage_kv, p.pressure_class, p.diameter_mm,
                 p.extra)
                IS DISTINCT FROM
                (s.name, s.operator_name, s.capacity, s.free_capacity, s.voltage_kv, s.pressure_class, s.diameter_mm,
                 s.extra))
            """.formatted(LayerImporter.withinTolerance("p.geom", "s.geom"));

    /** SQL: feature {@code n} of a diff as {@code revision_change.feature} keeps it, at {@code row} of {@code revision}. */
    private static String feature(String n, String revision, String row) {
        return """
                jsonb_build_object('kind', %1$s.kind, 'name', %1$s.name, 'voltage_kv', %1$s.voltage_kv,
                                   'pressure_class', %1$s.pressure_class, 'diameter_mm', %1$s.diameter_mm,
                                   'revision', %2$s, 'row', %3$s)""".formatted(n, revision, row);
    }

    /**
     * Compares {@code revision} with the public layer into temporary tables: {@code current_features}
     * (the public features, with their keys), {@code feature_pair} (a: a row of the revision, b: the
     * public feature it is), and {@code feature_change} (key, change, previous_key: the key a changed
     * feature had when it was another, feature: what {@code revision_change.feature} keeps, row: the
     * revision's row, id: the public feature's). Features are paired by {@link #pair}, then what is
     * left by {@link #pairNear}; a pair is a change when {@link #COMPARED} says so.
     */
    private static void compare(Statement st, int layerId, long revision) throws SQLException {
        st.executeUpdate("CREATE TEMP TABLE current_features ON COMMIT DROP AS " + CURRENT.formatted(layerId));
        st.executeUpdate("ALTER TABLE current_features ADD PRIMARY KEY (id)");
        st.executeUpdate("""
                CREATE TEMP TABLE revision_side ON COMMIT DROP AS
                SELECT n.source_row AS row, %s FROM network_snapshot n WHERE n.layer_revision_id = %d
                """.formatted(side("n"), revision));
        // the public features in the order of the file they were published from (inserted so)
        st.executeUpdate("""
                CREATE TEMP TABLE public_side ON COMMIT DROP AS
                SELECT n.id AS row, %s FROM current_features n
                """.formatted(side("n")));
        st.executeUpdate("ALTER TABLE revision_side ADD PRIMARY KEY (row)");
        st.executeUpdate("ALTER TABLE public_side ADD PRIMARY KEY (row)");
        st.execute("ANALYZE revision_side");
        st.execute("ANALYZE public_side");
        pair(st, "feature_pair", "revision_side", "public_side");
        pairNear(st, "feature_pair", "revision_side", "public_side");
        // a changed feature whose key changed (a line on shared poles given another voltage, a line
        // lengthened) keeps the key it had, as a renumbered plot does; a removed one is found by the
        // row it was in the published revision's file
        st.executeUpdate("""
                CREATE TEMP TABLE feature_change ON COMMIT DROP AS
                SELECT s.feature_key AS key, CASE WHEN p.id IS NULL THEN 'added' ELSE 'changed' END AS change,
                       CASE WHEN p.feature_key <> s.feature_key THEN p.feature_key END AS previous_key,
                       %3$s AS feature, s.source_row AS row, p.id
                FROM network_snapshot s
                LEFT JOIN feature_pair x ON x.a = s.source_row
                LEFT JOIN current_features p ON p.id = x.b
                LEFT JOIN revision_side rs ON rs.row = x.a
                LEFT JOIN public_side ps ON ps.row = x.b
                WHERE s.layer_revision_id = %1$d AND (p.id IS NULL OR %2$s)
                UNION ALL
                SELECT p.feature_key, 'removed', NULL, %4$s, NULL, p.id
                FROM current_features p
                LEFT JOIN network_snapshot o ON o.network_id = p.id AND o.layer_revision_id = (
                    SELECT r.id FROM layer_revision r WHERE r.layer_id = %5$d AND r.state = 'published')
                WHERE NOT EXISTS (SELECT 1 FROM feature_pair x WHERE x.b = p.id)
                """.formatted(
                        revision,
                        COMPARED,
                        feature("s", String.valueOf(revision), "s.source_row"),
                        feature("p", "o.layer_revision_id", "o.source_row"),
                        layerId));
    }

    /** The difference of {@code revision} from the public layer; with {@code record}, also listed in revision_change. */
    static LayerImporter.Diff diff(Connection c, int layerId, long revision, boolean record) throws SQLException {
        try (Statement st = c.createStatement()) {
            compare(st, layerId, revision);
            if (record) {
                st.executeUpdate("""
                        INSERT INTO revision_change (layer_revision_id, plot_key, change, previous_key, feature)
                        SELECT %d, key, change, previous_key, feature FROM feature_change
                        """.formatted(revision));
            }
            LayerImporter.Diff diff = LayerImporter.tally(c, "feature_change", "network_snapshot", revision);
            st.executeUpdate("DROP TABLE current_features, revision_side, public_side, feature_pair, feature_change");
            return diff;
        }
    }

    /**
     * Makes the public features of the layer those of the snapshot of {@code revision}, in the
     * caller's transaction: the changed features are changed in place, the removed ones deleted and
     * the added ones inserted; an unchanged feature stays as it is (with its geometry, when the
     * revision's is within the tolerance of it, which the snapshot then takes, and the revision that
     * published it). A feature keeps
     * its id (its OGC API item) while it is in the layer, and takes back the id it had when it comes
     * back with the revision it was public in (a rollback), unless another feature has it since.
     */
    static LayerImporter.Diff apply(Connection c, int layerId, long revision) throws SQLException {
        try (Statement st = c.createStatement()) {
            compare(st, layerId, revision);
            LayerImporter.Diff diff = LayerImporter.tally(c, "feature_change", "network_snapshot", revision);
            // the region of each added or changed feature: the one holding the largest share of its
            // length, or of its area, or where a point lies (an unchanged one keeps its own)
            PlotPlaces.place(st, "network_snapshot", "s.source_row", """
                    s.layer_revision_id = %d
                    AND s.source_row IN (SELECT f.row FROM feature_change f WHERE f.change <> 'removed')""".formatted(revision), PLACES);
            String region = "(SELECT x.region_id FROM " + PLACES + " x WHERE x.key = s.source_row)";
            st.executeUpdate("DELETE FROM network n USING feature_change f WHERE f.change = 'removed' AND n.id = f.id");
            st.executeUpdate("""
                    UPDATE network n
                    SET kind = s.kind, geom = s.geom, name = s.name, operator_name = s.operator_name,
                        capacity = s.capacity, free_capacity = s.free_capacity, voltage_kv = s.voltage_kv,
                        pressure_class = s.pressure_class, diameter_mm = s.diameter_mm, region_id = %s,
                        layer_revision_id = %d, extra = s.extra, created_at = now()
                    FROM feature_change f JOIN network_snapshot s ON s.layer_revision_id = %2$d AND s.source_row = f.row
                    WHERE f.change = 'changed' AND n.id = f.id
                    """.formatted(region, revision));
            // the id a feature added back had, when no other feature has taken it
            st.executeUpdate("""
                    UPDATE network_snapshot s
                    SET network_id = CASE WHEN s.network_id IS NOT NULL
                                               AND NOT EXISTS (SELECT 1 FROM network o WHERE o.id = s.network_id)
                                          THEN s.network_id ELSE nextval(pg_get_serial_sequence('network', 'id')) END
                    FROM feature_change f
                    WHERE f.change = 'added' AND s.layer_revision_id = %d AND s.source_row = f.row
                    """.formatted(revision));
            st.executeUpdate("""
                    INSERT INTO network (id, kind, geom, name, operator_name, capacity, free_capacity, voltage_kv,
                                         pressure_class, diameter_mm, region_id, layer_revision_id, extra)
                    SELECT s.network_id, s.kind, s.geom, s.name, s.operator_name, s.capacity, s.free_capacity,
                           s.voltage_kv, s.pressure_class, s.diameter_mm, %s, %d, s.extra
                    FROM feature_change f JOIN network_snapshot s ON s.layer_revision_id = %2$d AND s.source_row = f.row
                    WHERE f.change = 'added'
                    ORDER BY s.source_row
                    """.formatted(region, revision));
            PlotPlaces.drop(st, PLACES);
            st.executeUpdate("""
                    UPDATE network_snapshot s SET network_id = x.b
                    FROM feature_pair x
                    WHERE s.layer_revision_id = %d AND s.source_row = x.a AND s.network_id IS DISTINCT FROM x.b
                    """.formatted(revision));
            // an unchanged feature drawn within the tolerance of the public one (or the other way round)
            // is public as it was: the snapshot keeps it so, for a rollback to this revision to give back
            // the layer as it is now, and its keys follow
            if (st.executeUpdate("""
                            UPDATE network_snapshot s SET geom = p.geom
                            FROM feature_pair x JOIN network p ON p.id = x.b
                            WHERE s.layer_revision_id = %d AND s.source_row = x.a
                              AND NOT EXISTS (SELECT 1 FROM feature_change f WHERE f.row = x.a)
                              AND ST_AsEWKB(s.geom) <> ST_AsEWKB(p.geom)
                            """.formatted(revision)) > 0) {
                st.executeUpdate("""
                        UPDATE network_snapshot s SET feature_key = k.feature_key
                        FROM (SELECT n.source_row, %1$s AS feature_key FROM network_snapshot n
                              WHERE n.layer_revision_id = %2$d) k
                        WHERE s.layer_revision_id = %2$d AND k.source_row = s.source_row
                          AND k.feature_key <> s.feature_key
                        """.formatted(FEATURE_KEY, revision));
            }
            st.executeUpdate("DROP TABLE current_features, revision_side, public_side, feature_pair, feature_change");
            return diff;
        }
    }

    /**
     * After a rollback that made {@code revision} public again ({@link #apply}, which stamps the
     * features it changes or adds back with it): each names the revision that put it so ({@link
     * LayerImporter#revisionThatPut}), not the one made public again, which may not have touched it.
     */
    static void restamp(Connection c, int layerId, long revision) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("""
                    UPDATE network t SET layer_revision_id = q.put
                    FROM (SELECT k.id, %1$s AS put FROM (%2$s) k WHERE k.layer_revision_id = %3$d) q
                    WHERE t.id = q.id AND q.put <> %3$d
                    """.formatted(
                    LayerImporter.revisionThatPut(revision, "k.feature_key"), CURRENT.formatted(layerId), revision));
        }
    }

    /**
     * The warning ({@link LayerImporter#KINDS_LEFT_OUT}) that draft {@code revision} holds no features
     * of kinds the published layer has, which publishing it removes: a gas utility's file sent into a
     * city's layer of every network; null when it holds every kind the layer has.
     */
    static Detail kindsLeftOut(Connection c, int layerId, long revision) throws SQLException {
        List<Detail> kinds = new ArrayList<>();
        long features = 0;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT n.kind, count(*) FROM network n JOIN layer_revision r ON r.id = n.layer_revision_id
                        WHERE r.layer_id = %d
                          AND NOT EXISTS (SELECT 1 FROM network_snapshot s
                                          WHERE s.layer_revision_id = %d AND s.kind = n.kind)
                        GROUP BY n.kind ORDER BY n.kind
                        """.formatted(layerId, revision))) {
            while (rs.next()) {
                kinds.add(Detail.code("kind", rs.getString(1)));
                features += rs.getLong(2);
            }
        }
        return kinds.isEmpty()
                ? null
                : Detail.of(
                        LayerImporter.KINDS_LEFT_OUT,
                        "the file holds no features of the kinds {kinds}, which the published layer has: publishing"
                                + " it takes them off the map ({count} in the layer); a file of one network, such as"
                                + " a gas utility's, goes into a layer of its own",
                        "kinds",
                        kinds,
                        "count",
                        features);
    }

    /** Keeps the public features of a layer loaded before its first import as the snapshot of its revision. */
    static void snapshotIfMissing(Connection c, int layerId, long revision) throws SQLException {
        if (LayerImporter.count(c, "SELECT count(*) FROM network_snapshot WHERE layer_revision_id = " + revision) > 0) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate("""
                    INSERT INTO network_snapshot (layer_revision_id, source_row, feature_key, kind, geom, name,
                                                  operator_name, capacity, free_capacity, voltage_kv, pressure_class,
                                                  diameter_mm, extra, network_id)
                    SELECT %d, p.id, p.feature_key, p.kind, p.geom, p.name, p.operator_name, p.capacity,
                           p.free_capacity, p.voltage_kv, p.pressure_class, p.diameter_mm, p.extra, p.id
                    FROM (%s) p
                    ON CONFLICT DO NOTHING
                    """.formatted(revision, CURRENT.formatted(layerId)));
        }
    }
}
