package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kz.adalmap.importers.profile.MappingProfile;
import kz.adalmap.importers.report.Detail;

/**
 * Maps the staging table of a networks import to the canonical network fields, checks every
 * feature (a line or a point, placed in Kazakhstan, of a known kind, with readable numbers) and
 * writes the accepted ones to the revision's snapshot.
 */
final class NetworkValidation extends FeatureValidation {

    NetworkValidation(Connection c, String staging, long revision, MappingProfile profile, Set<Integer> editorRegions) {
        super(c, staging, revision, profile, editorRegions);
    }

    @Override
    void run() throws SQLException {
        execute("SET LOCAL client_min_messages = warning");
        Map<String, String> columns = stagingColumns();
        checkEncoding(columns);
        map(columns);
        warnOfPartsLeftOut(
                "network_parts_left_out",
                "the {parts} drawn with the lines (a label's point, an outline) were left out: the network feature is"
                        + " its lines",
                "points",
                "polygons");
        rejectEmptyOrMisplaced("feature");
        reject(
                "not_line_or_point",
                DetailSql.of(
                        "not_line_or_point_shape",
                        "the geometry is {type}; a network is drawn as lines or points",
                        "type",
                        geometryType("m.geom")),
                "GeometryType(m.geom) NOT IN ('LINESTRING', 'MULTILINESTRING', 'POINT', 'MULTIPOINT')");
        // a line whose points coincide is no line: ST_MakeValid would make it a point, and a gas main
        // would be published as a point of the gas network
        String zeroLength = "(SELECT ST_PointN(d.geom, 1) FROM ST_Dump(m.geom) d WHERE ST_Length(d.geom) = 0"
                + " ORDER BY d.path LIMIT 1)";
        // a line of a single point (a Shapefile's or a MIF's line of one vertex) is said so: its
        // point coincides with no other
        String onePoint = "(SELECT ST_NPoints(d.geom) = 1 FROM ST_Dump(m.geom) d WHERE ST_Length(d.geom) = 0"
                + " ORDER BY d.path LIMIT 1)";
        String longitude = "round(ST_X(" + zeroLength + ")::numeric, 5)";
        String latitude = "round(ST_Y(" + zeroLength + ")::numeric, 5)";
        String needs = "; a network line needs two different points";
        // a stray part of a line of several (a CAD export's point left in it) is left out, as a
        // polygon's crumbs are, when the line has parts of some length besides
        warnAndClear(
                "parts_left_out",
                DetailSql.of(
                        "degenerate_line_parts_left_out",
                        "the line's parts of zero length or of one point (the first at longitude {longitude},"
                                + " latitude {latitude}) were left out: its other parts are the line",
                        "longitude",
                        longitude,
                        "latitude",
                        latitude),
                "GeometryType(m.geom) = 'MULTILINESTRING' AND " + zeroLength + " IS NOT NULL AND EXISTS (SELECT 1"
                        + " FROM ST_Dump(m.geom) d WHERE ST_Length(d.geom) > 0)",
                "geom = (SELECT ST_Multi(ST_Collect(d.geom ORDER BY d.path)) FROM ST_Dump(m.geom) d"
                        + " WHERE ST_Length(d.geom) > 0)");
        reject(
                "invalid_geometry",
                DetailSql.when(
                        "GeometryType(m.geom) = 'LINESTRING'",
                        DetailSql.when(
                                onePoint,
                                DetailSql.of(
                                        "one_point_line",
                                        "the geometry is a line of one point (at longitude {longitude}, latitude"
                                                + " {latitude})" + needs,
                                        "longitude",
                                        longitude,
                                        "latitude",
                                        latitude),
                                DetailSql.of(
                                        "zero_length_line",
                                        "the geometry is a line of zero length (its points coincide, at longitude"
                                                + " {longitude}, latitude {latitude})" + needs,
                                        "longitude",
                                        longitude,
                                        "latitude",
                                        latitude)),
                        DetailSql.when(
                                onePoint,
                                DetailSql.of(
                                        "one_point_line_part",
                                        "a part of the geometry is a line of one point (at longitude {longitude},"
                                                + " latitude {latitude})" + needs,
                                        "longitude",
                                        longitude,
                                        "latitude",
                                        latitude),
                                DetailSql.of(
                                        "zero_length_line_part",
                                        "a part of the geometry is a line of zero length (its points coincide, at"
                                                + " longitude {longitude}, latitude {latitude})" + needs,
                                        "longitude",
                                        longitude,
                                        "latitude",
                                        latitude))),
                "GeometryType(m.geom) IN ('LINESTRING', 'MULTILINESTRING') AND " + zeroLength + " IS NOT NULL");
        execute("UPDATE import_mapped SET repaired = ST_MakeValid(geom) WHERE NOT rejected AND NOT ST_IsValid(geom)");
        // a repair keeps a line a line and a point a point
        reject(
                "invalid_geometry",
                DetailSql.of(
                        "invalid_geometry_not_a_line",
                        "the geometry is invalid ({reason}) and cannot be repaired as a line",
                        "reason",
                        invalidity("m.geom")),
                "m.repaired IS NOT NULL AND (ST_IsEmpty(m.repaired) OR GeometryType(m.repaired)"
                        + " NOT IN ('LINESTRING', 'MULTILINESTRING', 'POINT', 'MULTIPOINT')"
                        + " OR (GeometryType(m.geom) LIKE '%LINESTRING') <> (GeometryType(m.repaired) LIKE"
                        + " '%LINESTRING'))");
        keepRepairs(invalidity("geom"));
        reject("missing_kind", missing("missing_kind", "the feature has no network kind", "kind"), "m.kind IS NULL");
        reject(
                "unknown_kind",
                unknownCoded(
                        "m.kind",
                        "m.f_kind",
                        "unknown_kind",
                        "the network kind",
                        DetailSql.known(knownWords("kind", "position"))),
                "NOT EXISTS (SELECT 1 FROM network_kind k WHERE k.code = m.kind)");
        warnAndClear(
                "unknown_pressure_class",
                DetailSql.of(
                        "unknown_pressure_class",
                        "the pressure class '{value}' is not low, medium or high; it was left empty",
                        "value",
                        "m.f_pressure_class"),
                "m.pressure_class IS NOT NULL AND m.pressure_class NOT IN ('low', 'medium', 'high')",
                "pressure_class = NULL, extra = jsonb_build_object('pressure_text', m.t_pressure_class) || m.extra");
        // a transformer's ratio («10/0,4 кВ») is read as its higher voltage, and kept as written
        String ratio = "m.f_voltage_kv ~ '^\\s*" + NUMBER + "(\\s*/\\s*" + NUMBER + ")+'";
        warnAndClear(
                "value_read",
                DetailSql.of(
                        "voltage_ratio",
                        "the voltage '{value}' is a transformer's ratio: its higher voltage, {kv} kV, is read, and the"
                                + " text is kept as voltage_text",
                        "value",
                        "m.f_voltage_kv",
                        "kv",
                        "trim_scale(m.voltage_kv)::text"),
                ratio + " AND m.voltage_kv > 0",
                "extra = jsonb_build_object('voltage_text', m.f_voltage_kv) || m.extra");
        // capacities may be zero (nothing free to connect); a voltage or a diameter may not
        for (String[] number : new String[][] {
            {"capacity", "the capacity", "< 0", "1e12"},
            {"free_capacity", "the free capacity", "< 0", "1e12"},
            {"voltage_kv", "the voltage", "<= 0", "1e6"},
            // a diameter is rounded to the millimetre: below half of one it would be 0
            {"diameter_mm", "the diameter", "< 0.5", "1e6"}
        }) {
            warnAndClear(
                    "bad_number",
                    // «1,200 кВт» in a field whose other values do not show how it uses the comma
                    DetailSql.when(
                            "m." + number[0] + " IS NULL AND quantity_comma(" + quantityText(number[0])
                                    + ") = 'either'",
                            DetailSql.of(
                                    "ambiguous_" + number[0],
                                    number[1] + " '{value}' may be read two ways: the comma may separate thousands"
                                            + " or mark the decimals, and the field's other values do not tell"
                                            + " which; it was left empty: write the number without thousands"
                                            + " separators",
                                    "value",
                                    "m.f_" + number[0]),
                            otherUnitNamed(number[0], number[1])),
                    "m.f_" + number[0] + " IS NOT NULL AND (m." + number[0] + " IS NULL OR m." + number[0] + " "
                            + number[2] + " OR m." + number[0] + " >= " + number[3] + ")",
                    // the text is kept: what the file says is not lost with the number
                    number[0] + " = NULL, extra = jsonb_build_object(" + literal(textKey(number[0])) + ", m.f_"
                            + number[0] + ") || m.extra");
        }
        warnAndClear(
                "bad_number",
                DetailSql.of(
                        "voltage_no_class",
                        "the voltage '{value}' has no unit and is no voltage class in kV (0.4, 6, 10, 35, 110, 220,"
                                + " 500, 1150…): it may be in volts; it was left empty: write its unit («0,4 кВ» or"
                                + " «400 В»)",
                        "value",
                        "m.f_voltage_kv"),
                "m.voltage_kv >= 100 AND m.voltage_kv NOT IN " + VOLTAGE_CLASSES_FROM_100_KV + " AND "
                        + bare("voltage_kv") + " IS NOT NULL",
                "voltage_kv = NULL, extra = jsonb_build_object('voltage_text', m.f_voltage_kv) || m.extra");
        // the public table keeps whole millimetres: «Ду 32,5» is published rounded, and said so
        warnAndClear(
                "number_rounded",
                DetailSql.of(
                        "diameter_rounded",
                        "the diameter '{value}' has a fraction of a millimetre; it was rounded: {rounded} mm is"
                                + " published",
                        "value",
                        "m.f_diameter_mm",
                        "rounded",
                        "round(m.diameter_mm)::text"),
                "m.diameter_mm IS NOT NULL AND m.diameter_mm <> round(m.diameter_mm)",
                "diameter_mm = round(m.diameter_mm)");
        // lines on the same poles (a 10 kV and a 0.4 kV line), and two operators' cables in one duct,
        // are features of their own: a feature is drawn twice when all it says is the same too
        execute("""
                CREATE TEMP TABLE import_duplicate ON COMMIT DROP AS
                SELECT source_row, first_value(source_row) OVER w AS first_row, row_number() OVER w AS n
                FROM import_mapped WHERE NOT rejected
                WINDOW w AS (PARTITION BY network_key(kind, geom), %s, operator_name, capacity, free_capacity, extra
                             ORDER BY source_row)
                """.formatted(DISTINGUISHING));
        reject(
                "duplicate_geometry",
                DetailSql.of(
                        rowKey("duplicate_network_same"),
                        "the same {kind} feature as " + rowWord() + " {row} (identical geometry and attributes)",
                        "kind",
                        // the kind's code in English, its own words in the reader's language
                        new DetailSql("m.kind", "jsonb_build_object('key', 'network_kind_' || m.kind)"),
                        "row",
                        "d.first_row"),
                "d.source_row = m.source_row AND d.n > 1",
                "import_duplicate d");
        execute("DROP TABLE import_duplicate");
        rejectOutsideEditorRegions("feature");
        execute("""
                INSERT INTO network_snapshot (layer_revision_id, source_row, feature_key, kind, geom, name,
                                              operator_name, capacity, free_capacity, voltage_kv, pressure_class,
                                              diameter_mm, extra)
                SELECT %d, source_row, %s, kind, geom, name, operator_name, capacity,
                       free_capacity, voltage_kv, pressure_class, diameter_mm::integer, extra
                FROM import_mapped n WHERE NOT rejected
                ORDER BY source_row
                """.formatted(revision, NetworkRevisions.FEATURE_KEY));
        keepPublishedVersions();
        // the keys of features sharing their route, once the snapshot holds all of them
        execute("""
                UPDATE network_snapshot s SET feature_key = k.feature_key
                FROM (SELECT n.source_row, %1$s AS feature_key FROM network_snapshot n
                      WHERE n.layer_revision_id = %2$d) k
                WHERE s.layer_revision_id = %2$d AND k.source_row = s.source_row AND k.feature_key <> s.feature_key
                """.formatted(NetworkRevisions.FEATURE_KEY, revision));
        execute("DROP TABLE import_mapped");
    }

    /**
     * A rejected row drawn as a public feature of the layer (a line whose kind has a typo) does not
     * remove that feature: its published version goes into the revision instead, and the report
     * says so, as for plots. A row stands for the public feature it would be paired with as a diff
     * pairs features, drawn as it is or drawn again within the diff's tolerance (a layer exported
     * again in WGS 84 at 7 decimals: {@link NetworkRevisions#pairNear}). The public features near
     * the rejected rows are first paired with the file's accepted rows near them as the diff pairs
     * them ({@link NetworkRevisions#pair}, then {@code pairNear}); those left are paired with the
     * rejected rows the same way, whatever kind a row was given (a mistyped kind is the likeliest
     * reason it was rejected), each rejected row keeping the one it is paired with. A line the file
     * changed is no line kept as it was, and two rejected rows keep two lines. Only the features
     * within {@link NetworkRevisions#NEAR_METRES} of a rejected row, and of the accepted rows near
     * them, are compared.
     */
    private void keepPublishedVersions() throws SQLException {
        // the rejected rows that may be network features, and the public features near them
        execute("""
                CREATE TEMP TABLE kept_rejected ON COMMIT DROP AS
                SELECT m.* FROM import_mapped m
                WHERE m.rejected AND m.geom IS NOT NULL AND NOT ST_IsEmpty(m.geom)
                  AND GeometryType(m.geom) IN ('LINESTRING', 'MULTILINESTRING', 'POINT', 'MULTIPOINT')
                """);
        execute("""
                CREATE TEMP TABLE kept_public ON COMMIT DROP AS
                SELECT n.*, %2$s AS feature_key
                FROM (SELECT DISTINCT ON (n.id) n.*
                      FROM kept_rejected m
                      CROSS JOIN LATERAL (
                          SELECT n.* FROM network n JOIN layer_revision r ON r.id = n.layer_revision_id
                          WHERE r.layer_id = (SELECT layer_id FROM layer_revision WHERE id = %1$d)
                            AND n.geom && expand_by_metres(m.geom, %3$s)
                          OFFSET 0) n
                      ORDER BY n.id) n
                """.formatted(revision, NetworkRevisions.FEATURE_KEY, 2 * NetworkRevisions.NEAR_METRES));
        if (one("SELECT count(*) FROM kept_public").equals("0")) {
            execute("DROP TABLE kept_rejected, kept_public");
            return;
        }
        // the accepted rows that may be paired with them, and the other public features those may
        // be paired with (a public feature nearer to an accepted row than the kept one)
        execute("""
                CREATE TEMP TABLE kept_accepted_side ON COMMIT DROP AS
                SELECT s.source_row AS row, %2$s
                FROM network_snapshot s
                WHERE s.layer_revision_id = %1$d
                  AND EXISTS (SELECT 1 FROM kept_public p WHERE s.geom && expand_by_metres(p.geom, %3$s))
                """.formatted(revision, NetworkRevisions.side("s"), 2 * NetworkRevisions.NEAR_METRES));
        execute("""
                CREATE TEMP TABLE kept_public_side ON COMMIT DROP AS
                SELECT p.id AS row, %2$s
                FROM network p JOIN layer_revision r ON r.id = p.layer_revision_id
                WHERE r.layer_id = (SELECT layer_id FROM layer_revision WHERE id = %1$d)
                  AND (p.id IN (SELECT id FROM kept_public)
                       OR EXISTS (SELECT 1 FROM kept_accepted_side a
                                  WHERE p.geom && expand_by_metres(a.geom, %3$s)))
                """.formatted(revision, NetworkRevisions.side("p"), 2 * NetworkRevisions.NEAR_METRES));
        try (Statement st = c.createStatement()) {
            NetworkRevisions.pair(st, "kept_accepted_pair", "kept_accepted_side", "kept_public_side");
            NetworkRevisions.pairNear(st, "kept_accepted_pair", "kept_accepted_side", "kept_public_side");
        }
        // the others are paired with the rejected rows near them, whatever kind a row was given: its
        // route is its geometry alone
        String drawn = "md5(ST_AsEWKB(ST_Normalize(%1$s.geom))) AS route, %2$s AS same, %1$s.name, '' AS kind,"
                + " %1$s.geom, row(%1$s.name, round(%1$s.voltage_kv, 2), %1$s.pressure_class,"
                + " round(%1$s.diameter_mm::numeric))::text AS traits";
        execute("""
                CREATE TEMP TABLE kept_left_side ON COMMIT DROP AS
                SELECT p.id AS row, %s FROM kept_public p
                WHERE NOT EXISTS (SELECT 1 FROM kept_accepted_pair x WHERE x.b = p.id)
                """.formatted(drawn.formatted("p", NetworkRevisions.distinguished("p"))));
        execute("""
                CREATE TEMP TABLE kept_rejected_side ON COMMIT DROP AS
                SELECT m.source_row AS row, %s FROM kept_rejected m
                """.formatted(drawn.formatted("m", NetworkRevisions.distinguished("m"))));
        try (Statement st = c.createStatement()) {
            NetworkRevisions.pair(st, "kept_pair", "kept_rejected_side", "kept_left_side");
            NetworkRevisions.pairNear(st, "kept_pair", "kept_rejected_side", "kept_left_side");
        }
        DetailSql kept = DetailSql.of(
                "kept_published_feature",
                "the public feature drawn as this row keeps its published version until the row is corrected");
        execute("""
                WITH kept AS (
                    INSERT INTO network_snapshot (layer_revision_id, source_row, feature_key, kind, geom, name,
                                                  operator_name, capacity, free_capacity, voltage_kv, pressure_class,
                                                  diameter_mm, extra)
                    SELECT %1$d, x.a, p.feature_key, p.kind, p.geom, p.name, p.operator_name, p.capacity,
                           p.free_capacity, p.voltage_kv, p.pressure_class, p.diameter_mm, p.extra
                    FROM kept_pair x JOIN kept_public p ON p.id = x.b
                    ORDER BY x.a
                    RETURNING source_row)
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %1$d, source_row, 'warning', 'kept_published', %2$s, %3$s
                FROM kept
                """.formatted(revision, kept.message(), kept.detail()));
        execute("DROP TABLE kept_rejected, kept_public, kept_public_side, kept_accepted_side, kept_accepted_pair,"
                + " kept_left_side, kept_rejected_side, kept_pair");
    }

    private void map(Map<String, String> columns) throws SQLException {
        execute("""
                CREATE TEMP TABLE import_mapped (
                    source_row bigint PRIMARY KEY,
                    geom geometry,
                    repaired geometry,
                    rejected boolean NOT NULL DEFAULT false,
                    f_kind text, kind text, name text, operator_name text,
                    f_capacity text, capacity numeric,
                    f_free_capacity text, free_capacity numeric,
                    -- the unit named by the field a capacity was read from, when read by its kind's unit
                    -- (readByKindsUnit): as quantity_factor knows it, and as the field's name writes it
                    u_capacity text, w_capacity text, u_free_capacity text, w_free_capacity text,
                    f_voltage_kv text, voltage_kv numeric,
                    f_pressure_class text, pressure_class text,
                    f_diameter_mm text, diameter_mm numeric,
                    extra jsonb NOT NULL,
                    -- the kind's and the pressure's cells as the file writes them
                    t_kind text, t_pressure_class text,
                    -- what a collection held besides the feature's lines ('points', 'polygons'), left out
                    left_out text
                ) ON COMMIT DROP
                """);
        List<String> params = new ArrayList<>();
        List<String> used = new ArrayList<>();
        String kind = fieldExpression("kind", columns, params, used);
        String name = fieldExpression("name", columns, params, used);
        String operator = fieldExpression("operator_name", columns, params, used);
        String capacity = fieldExpression("capacity", columns, params, used);
        String free = fieldExpression("free_capacity", columns, params, used);
        String voltage = fieldExpression("voltage_kv", columns, params, used);
        String pressure = fieldExpression("pressure_class", columns, params, used);
        String diameter = fieldExpression("diameter_mm", columns, params, used);
        String extra = extraExpression(columns, used);
        String[] written = new String[2];
        for (int i = 0; i < 2; i++) {
            String column = chosenColumn(i == 0 ? "kind" : "pressure_class", columns);
            written[i] = column == null ? "NULL::text" : "nullif(trim_blank(s." + quote(column) + "::text), '')";
        }
        String sql = """
                INSERT INTO import_mapped (source_row, geom, f_kind, kind, name, operator_name, f_capacity, capacity,
                        f_free_capacity, free_capacity, f_voltage_kv, voltage_kv, f_pressure_class, pressure_class,
                        f_diameter_mm, diameter_mm, extra, left_out, t_kind, t_pressure_class)
                -- the kind and the pressure class as the file writes them too, for the report to quote;
                -- the numbers once the field's commas are known (readQuantities)
                SELECT source_row,
                       -- a line of one part is the line itself, as the file would draw it without a label
                       CASE WHEN lines IS NOT NULL AND ST_NumGeometries(lines) = 1 THEN ST_GeometryN(lines, 1)
                            WHEN lines IS NOT NULL THEN lines
                            WHEN points IS NOT NULL AND ST_NumGeometries(points) = 1 THEN ST_GeometryN(points, 1)
                            WHEN points IS NOT NULL THEN points
                            ELSE geom END,
                       kind, lower(kind), name, operator_name, f_capacity, NULL, f_free_capacity,
                       NULL, f_voltage_kv, NULL, pressure_class, lower(pressure_class), f_diameter_mm, NULL, extra,
                       CASE WHEN lines IS NOT NULL
                            THEN nullif(concat_ws(' and ',
                                     CASE WHEN NOT ST_IsEmpty(ST_CollectionExtract(geom, 1)) THEN 'points' END,
                                     CASE WHEN NOT ST_IsEmpty(ST_CollectionExtract(geom, 3)) THEN 'polygons' END),
                                 '') END,
                       t_kind, t_pressure_class
                -- a collection with lines (a KML line drawn with its label's point, a GeoJSON
                -- collection of lines) is the network line those draw: points and polygons beside
                -- them are left out, and said; a collection of points alone is those points
                FROM (SELECT x.*,
                             CASE WHEN GeometryType(x.geom) = 'GEOMETRYCOLLECTION'
                                       AND NOT ST_IsEmpty(ST_CollectionExtract(x.geom, 2))
                                  THEN ST_CollectionExtract(x.geom, 2) END AS lines,
                             CASE WHEN GeometryType(x.geom) = 'GEOMETRYCOLLECTION'
                                       AND NOT ST_IsEmpty(ST_CollectionExtract(x.geom, 1))
                                       AND ST_NumGeometries(ST_CollectionExtract(x.geom, 1))
                                           = (SELECT count(*) FROM ST_Dump(x.geom))
                                  THEN ST_CollectionExtract(x.geom, 1) END AS points
                      FROM (SELECT s.source_row, s.geom, %s AS kind, %s AS name, %s AS operator_name,
                                   %s AS f_capacity, %s AS f_free_capacity, %s AS f_voltage_kv, %s AS pressure_class,
                                   %s AS f_diameter_mm, %s AS extra, %s AS t_kind, %s AS t_pressure_class
                            FROM staging.%s s
                            -- each field read once, not once per reference above
                            OFFSET 0) x) m
                """.formatted(
                        kind,
                        name,
                        operator,
                        capacity,
                        free,
                        voltage,
                        pressure,
                        diameter,
                        extra,
                        written[0],
                        written[1],
                        staging);
        insertMapped(sql, params);
        warnOfKindFieldsDisagreeing(columns);
        readWhatTheCellsSay();
        readQuantities(columns);
        reportMissingFields(MappingProfile.NETWORK_FIELDS, columns);
        reportKindGivenButNotUsed(columns);
    }

    /** A number as a kind's or a pressure's cell writes it, its decimals after a point or a comma (regex). */
    private static final String NUMBER = "[0-9]+(?:[.,][0-9]+)?";

    /**
     * A voltage as a kind's or a voltage's cell writes it, a transformer's ratio («10/0,4 кВ», «110/35/10
     * кВ») too (regex, of lower-case text); its first number is the higher, primary voltage.
     */
    private static final String VOLTAGE = NUMBER + "(?:\\s*/\\s*" + NUMBER + ")*\\s*(?:кв|kv)(?![[:alpha:]])";

    /**
     * Reads what a kind's or a pressure's cell says besides what its field holds, keeping the text it
     * was read from in {@code extra}: a kind read from part of its cell («ВЛ-10кВ», «Надземный
     * газопровод») keeps the cell as {@code kind_text}; a power line's voltage written in its kind
     * («ВЛ-10кВ», «Кабельная линия 10 кВ», «КТП 10/0,4 кВ») is its voltage when the file gives none; a
     * gas pipe's pressure written in its kind («газопровод высокого давления») its pressure class when
     * the file gives none; a pressure class written with more words («высокое II категории») is read by
     * its first words, and one in MPa or kPa («0,3 МПа») by the classes of gas pipelines of Kazakhstan's
     * building code (low up to 0.005 MPa, medium up to 0.3 MPa, high above), each keeping its cell as
     * {@code pressure_text}.
     */
    private void readWhatTheCellsSay() throws SQLException {
        execute("UPDATE import_mapped m SET extra = jsonb_build_object('kind_text', m.t_kind) || m.extra"
                + " WHERE m.t_kind IS NOT NULL AND " + knownWordsJson("kind") + " ->> profile_word(m.t_kind) IS NULL"
                + " AND EXISTS (SELECT 1 FROM network_kind k WHERE k.code = m.kind)");
        String written = "(regexp_match(m.t_kind, '" + VOLTAGE + "', 'i'))[1]";
        String fromKindWhere = "m.kind = 'power' AND m.f_voltage_kv IS NULL AND " + written + " IS NOT NULL";
        DetailSql fromKind = DetailSql.of(
                "voltage_from_kind",
                "the voltage '{value}' was read from the kind '{kind}', as the file gives the feature none",
                "value",
                written,
                "kind",
                "m.t_kind");
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %d, m.source_row, 'warning', 'read_from_kind', %s, %s FROM import_mapped m WHERE %s
                """.formatted(revision, fromKind.message(), fromKind.detail(), fromKindWhere));
        execute("UPDATE import_mapped m SET f_voltage_kv = " + written + " WHERE " + fromKindWhere);
        DetailSql pressureFromKind = DetailSql.of(
                "pressure_from_kind",
                "the pressure class {class} was read from the kind '{kind}', as the file gives the feature none",
                "class",
                new DetailSql("m.pressure_class", "jsonb_build_object('key', 'pressure_class_' || m.pressure_class)"),
                "kind",
                "m.t_kind");
        // the kind's cell is kept as kind_text
        execute("UPDATE import_mapped m SET pressure_class = p.class FROM (SELECT source_row, "
                + wordsAnywhere("pressure_class", "x.t_kind")
                + " AS class FROM import_mapped x WHERE x.kind = 'gas' AND x.pressure_class IS NULL) p"
                + " WHERE p.source_row = m.source_row AND p.class IS NOT NULL");
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %d, m.source_row, 'warning', 'read_from_kind', %s, %s FROM import_mapped m
                WHERE m.kind = 'gas' AND m.f_pressure_class IS NULL AND m.pressure_class IS NOT NULL
                """.formatted(revision, pressureFromKind.message(), pressureFromKind.detail()));
        // «высокое II категории», «среднего давления 0,3 МПа»: the class its first words name
        String known = knownWordsJson("pressure_class");
        String firstWords = "coalesce(" + known
                + " ->> array_to_string((string_to_array(profile_word(m.t_pressure_class)," + " ' '))[1:2], ' '), "
                + known + " ->> (string_to_array(profile_word(m.t_pressure_class), ' '))[1])";
        String mpa = "CASE WHEN lower(m.t_pressure_class) ~ '^\\s*" + NUMBER + "\\s*(мпа|mpa|кпа|kpa)\\.?\\s*$'"
                + " THEN replace(substring(m.t_pressure_class FROM '" + NUMBER + "'), ',', '.')::numeric"
                + " / CASE WHEN lower(m.t_pressure_class) ~ '(кпа|kpa)' THEN 1000 ELSE 1 END END";
        String byMpa = "CASE WHEN " + mpa + " <= 0.005 THEN 'low' WHEN " + mpa + " <= 0.3 THEN 'medium'" + " WHEN "
                + mpa + " > 0.3 THEN 'high' END";
        execute("UPDATE import_mapped m SET pressure_class = coalesce(" + firstWords + ", " + byMpa
                + ", m.pressure_class),"
                + " extra = jsonb_build_object('pressure_text', m.t_pressure_class) || m.extra"
                + " WHERE m.pressure_class NOT IN ('low', 'medium', 'high') AND coalesce(" + firstWords + ", " + byMpa
                + ") IS NOT NULL");
        DetailSql inMpa = DetailSql.of(
                "pressure_by_mpa",
                "the pressure '{value}' is read as the class {class}: low up to 0.005 MPa, medium up to 0.3 MPa, high"
                        + " above, as the building code classes gas pipelines; the text is kept",
                "value",
                "m.t_pressure_class",
                "class",
                new DetailSql("m.pressure_class", "jsonb_build_object('key', 'pressure_class_' || m.pressure_class)"));
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %d, m.source_row, 'warning', 'value_read', %s, %s FROM import_mapped m
                WHERE m.f_pressure_class IS NOT NULL AND m.f_pressure_class NOT IN ('low', 'medium', 'high')
                  AND m.pressure_class IN ('low', 'medium', 'high') AND %s IS NOT NULL
                """.formatted(revision, inMpa.message(), inMpa.detail(), mpa));
    }

    /**
     * Warns, as {@link LayerImporter#KIND_FIELDS_DISAGREE}, which publishing must confirm, when
     * another field that could hold the kind names another kind than the field read in most of the
     * features both name one in: a «Вид сети» «Связь» beside a «Тип» «кабельная» (a power word) may
     * be the field a department meant, or not.
     */
    private void warnOfKindFieldsDisagreeing(Map<String, String> columns) throws SQLException {
        String read = chosenColumn("kind", columns);
        if (read == null || !profile.values().containsKey("kind")) {
            return;
        }
        String a = kindRead("nullif(trim_blank(s." + quote(read) + "::text), '')");
        for (String other : otherCandidates("kind")) {
            String b = kindRead("nullif(trim_blank(s." + quote(other) + "::text), '')");
            try (Statement st = c.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("""
                            SELECT count(*) FILTER (WHERE a <> b), count(*) FILTER (WHERE a IS NOT NULL AND b IS NOT NULL),
                                   min(source_row) FILTER (WHERE a <> b)
                            FROM (SELECT s.source_row, %s AS a, %s AS b FROM staging.%s s OFFSET 0) k
                            """.formatted(a, b, quote(staging)))) {
                rs.next();
                long differing = rs.getLong(1);
                long both = rs.getLong(2);
                if (differing == 0 || 2 * differing <= both) {
                    continue;
                }
                long row = rs.getLong(3);
                String[] kinds = new String[2];
                try (Statement st2 = c.createStatement();
                        java.sql.ResultSet first =
                                st2.executeQuery("SELECT %s, %s FROM staging.%s s WHERE s.source_row = %d"
                                        .formatted(a, b, quote(staging), row))) {
                    first.next();
                    kinds[0] = first.getString(1);
                    kinds[1] = first.getString(2);
                }
                fileIssue(
                        "warning",
                        LayerImporter.KIND_FIELDS_DISAGREE,
                        Detail.of(
                                LayerImporter.KIND_FIELDS_DISAGREE,
                                "the field '{read}', read as the network kind, and the field '{other}' name different"
                                        + " kinds in {differing} of the {features} features that both name one (row"
                                        + " {row}: {first} and {second}); look at the draft before publishing it, and"
                                        + " name the field to read in a profile of your own if '{read}' is not the"
                                        + " right one",
                                "read",
                                shownName(read),
                                "other",
                                shownName(other),
                                "differing",
                                differing,
                                "features",
                                both,
                                "row",
                                row,
                                "first",
                                Detail.code("kind", kinds[0]),
                                "second",
                                Detail.code("kind", kinds[1])));
                return;
            }
        }
    }

    /**
     * What tells apart features of one kind drawn on the same route (a 10 kV and a 0.4 kV line on
     * the same poles, two pipes in one trench): a feature is the same as another when these are too.
     */
    static final String DISTINGUISHING = "name, round(voltage_kv, 2), pressure_class, round(diameter_mm)";

    /**
     * The wording of a number of {@code field} that cannot be used: a number without a unit in a
     * capacity field whose name says a unit that is none of its kind's (a water main's «120» under
     * «Мощность, МВт») said so, any other as no usable number.
     */
    private DetailSql otherUnitNamed(String field, String what) {
        DetailSql bad = DetailSql.of(
                "bad_" + field, what + " '{value}' is not a usable number; it was left empty", "value", "m.f_" + field);
        String[] named = namedUnits.get(field);
        boolean byKind = byKindsUnit.contains(field);
        if ((named == null && !byKind) || !field.endsWith("capacity")) {
            return bad;
        }
        return DetailSql.when(
                "m." + field + " IS NULL AND " + bare(field) + " IS NOT NULL"
                        + (byKind ? " AND m.u_" + field + " IS NOT NULL" : ""),
                DetailSql.of(
                        field + "_unit_named_not_of_kind",
                        what + " '{value}' would be in {unit}, as its field's name says, which is no unit of a {kind}"
                                + " capacity; it was left empty",
                        "value",
                        "m.f_" + field,
                        "unit",
                        byKind ? "m.w_" + field : literal(named[1]),
                        "kind",
                        new DetailSql("m.kind", "jsonb_build_object('key', 'network_kind_' || m.kind)")),
                bad);
    }

    /** The key in {@code extra} of the text of a number of {@code field} that could not be read. */
    private static String textKey(String field) {
        return field.replaceAll("_(kv|mm)$", "") + "_text";
    }

    /** The numeric fields, whose values are quantities with or without a unit. */
    private static final List<String> QUANTITIES = List.of("capacity", "free_capacity", "voltage_kv", "diameter_mm");

    /**
     * The voltage classes of Kazakhstan's grid from 100 kV up: a number without a unit from 100 up
     * that is none of them (400, 380, 230, 10000) is likelier volts than kilovolts.
     */
    private static final String VOLTAGE_CLASSES_FROM_100_KV = "(110, 150, 220, 330, 500, 1150)";

    /** How each quantity field's values use the comma ({@code try_numeric}'s argument, SQL). */
    private final Map<String, String> comma = new java.util.HashMap<>();

    /**
     * The unit a quantity field's name says, when it says one: field → the unit as {@code
     * quantity_factor} knows it («в», «см», «мвт»), and as the name writes it.
     */
    private final Map<String, String[]> namedUnits = new java.util.HashMap<>();

    /**
     * The units a quantity field's name may end with, by the unit its values are stored in, longest
     * first; each as {@code quantity_factor} (V053) reads it, «³» as «3».
     */
    private static final Map<String, List<String>> NAMED_UNITS = Map.of(
            "voltage_kv", List.of("кв", "kv", "в", "v"),
            "diameter_mm", List.of("мм", "mm", "см", "cm", "м", "m"),
            "capacity",
                    List.of(
                            "гкал/сағ",
                            "гкал/час",
                            "гкал/ч",
                            "gcal/h",
                            "м3/тәулік",
                            "м3/тәул",
                            "м3/сутки",
                            "м3/сут",
                            "m3/day",
                            "m3/d",
                            "м3/сағ",
                            "м3/час",
                            "м3/ч",
                            "m3/h",
                            "л/сек",
                            "л/с",
                            "l/s",
                            "мбит/сек",
                            "мбит/с",
                            "mbit/s",
                            "mbps",
                            "гбит/сек",
                            "гбит/с",
                            "gbit/s",
                            "gbps",
                            "кбит/с",
                            "kbit/s",
                            "kbps",
                            "квт",
                            "kw",
                            "мвт",
                            "mw",
                            "вт",
                            "w"));

    /**
     * The unit a quantity field's name ends with, after a comma, a space, a bracket or an underscore
     * («Напряжение, В», «Диаметр (см)», «Мощность, МВт», {@code DIAM_MM}), as {@code
     * quantity_factor} knows it and as the name writes it; null when it names none.
     */
    static String[] unitNamed(String field, String column) {
        List<String> units = NAMED_UNITS.get(field.equals("free_capacity") ? "capacity" : field);
        if (units == null || column == null) {
            return null;
        }
        String name = column.strip().replaceAll("[\\s\\u00a0]+", " ");
        String lower = name.toLowerCase(java.util.Locale.ROOT).replace('³', '3');
        for (String unit : units) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "[\\s,;(\\[_]\\s*(" + java.util.regex.Pattern.quote(unit) + ")\\.?\\s*[)\\]]?\\s*$")
                    .matcher(lower);
            if (m.find() && m.start() > 0) {
                return new String[] {unit, name.substring(m.start(1), m.end(1))};
            }
        }
        return null;
    }

    /** The units each field is stored in, which its name need not tell. */
    private static final Map<String, List<String>> STORED_UNITS =
            Map.of("voltage_kv", List.of("кв", "kv"), "diameter_mm", List.of("мм", "mm"));

    /**
     * SQL: the value of {@code field} as it is read, of {@code import_mapped m}: a diameter's sign
     * written as engineers write it («DN100», «dn 100», «Ду-50», «Ф 100мм», «d-150») as the «Ø»
     * {@code try_quantity} reads, and a plastic pipe's SDR («ПЭ100 SDR11 110х6,6») left out.
     */
    private static String quantityText(String field) {
        if (field.equals("voltage_kv")) {
            // a transformer's ratio, «10/0,4 кВ», as its higher voltage, «10 кВ»
            return "regexp_replace(m.f_voltage_kv, '^(\\s*" + NUMBER + ")(?:\\s*/\\s*" + NUMBER + ")+', '\\1')";
        }
        if (!field.equals("diameter_mm")) {
            return "m.f_" + field;
        }
        return "regexp_replace(regexp_replace(m.f_diameter_mm,"
                + " '^[\\s\\u00a0]*(?:DN|[DДд][УуYy]?|[Фф])[\\s\\u00a0]*[-=]?[\\s\\u00a0]*(?=[0-9])', 'Ø', 'i'),"
                + " '[\\s\\u00a0]*SDR[\\s\\u00a0]*[0-9]+(?:[.,][0-9]+)?', '', 'i')";
    }

    /** SQL: the number of {@code field} when it is written without a unit or a sign, else null. */
    private String bare(String field) {
        return "try_numeric(" + quantityText(field) + ", " + comma.get(field) + ")";
    }

    /**
     * SQL: the value of {@code field} in {@code unit} (SQL): with the unit it is written in, or
     * without one in the unit its field's name says, else in {@code unit} itself.
     */
    private String quantity(String field, String unit) {
        String read = "try_quantity(" + quantityText(field) + ", " + unit + ", " + comma.get(field) + ")";
        if (byKindsUnit.contains(field)) {
            return "CASE WHEN m.u_" + field + " IS NOT NULL AND " + bare(field) + " IS NOT NULL THEN " + bare(field)
                    + " * quantity_factor(m.u_" + field + ", " + unit + ") ELSE " + read + " END";
        }
        String[] named = namedUnits.get(field);
        if (named == null) {
            return read;
        }
        return "CASE WHEN " + bare(field) + " IS NOT NULL THEN " + bare(field) + " * quantity_factor("
                + literal(named[0]) + ", " + unit + ") ELSE " + read + " END";
    }

    /**
     * Finds the unit each quantity field's name says ({@link #unitNamed}), and says once in the
     * report how the numbers of a field named in another unit than the one they are stored in are
     * read.
     */
    private void readUnitsNamed(Map<String, String> columns) throws SQLException {
        for (String field : QUANTITIES) {
            if (byKindsUnit.contains(field)) {
                continue;
            }
            String column = chosenColumn(field, columns);
            String[] named = column == null ? null : unitNamed(field, shownName(column));
            if (named == null) {
                continue;
            }
            namedUnits.put(field, named);
            if (STORED_UNITS.getOrDefault(field, List.of()).contains(named[0])) {
                continue;
            }
            String stored = switch (field) {
                case "voltage_kv" -> "kV";
                case "diameter_mm" -> "mm";
                default -> "the unit of its kind's capacity (kW, m3/h, Gcal/h…)";
            };
            fileIssue(
                    "warning",
                    "field_unit",
                    Detail.of(
                            "field_unit_named_" + field,
                            "the field '{column}' names its unit, {unit}: its numbers written without a unit are read"
                                    + " in {unit} and stored in " + stored,
                            "column",
                            shownName(column),
                            "unit",
                            named[1]));
        }
    }

    /** The capacity fields read, in each feature, from the field whose unit is of its kind's capacity. */
    private final Set<String> byKindsUnit = new java.util.HashSet<>();

    /**
     * Reads {@code field} (a capacity), in each feature, from the field whose name says a unit of
     * its kind's capacity, when the file has several that could hold it and their names say
     * different units: a register of every utility keeps a substation's «Мощность, кВт», a gas
     * regulator's «Пропускная способность, м3/ч» and a water main's «Производительность, м3/сут»
     * side by side, each empty in the others' rows. Of the fields whose unit is of the feature's
     * kind (or which name none) the first with a value is read; a feature with a value in none of
     * them reads the first field with one, whose unit is then said to be none of its kind's. The
     * field read is left out of the feature's {@code extra}, the one first weighed is kept there
     * when another was read; the report says once which fields are read so.
     */
    private void readByKindsUnit(Map<String, String> columns, String field, String what) throws SQLException {
        String chosen = chosenColumn(field, columns);
        if (chosen == null) {
            return;
        }
        List<String> candidates = new ArrayList<>();
        candidates.add(chosen);
        candidates.addAll(otherCandidates(field));
        List<String[]> units = new ArrayList<>();
        Set<String> distinct = new java.util.HashSet<>();
        for (String column : candidates) {
            String[] named = unitNamed(field, shownName(column));
            units.add(named);
            if (named != null) {
                distinct.add(named[0]);
            }
        }
        if (distinct.size() < 2) {
            return;
        }
        byKindsUnit.add(field);
        List<String> values = new ArrayList<>();
        List<String> fits = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            values.add("nullif(trim_blank(s." + quote(candidates.get(i)) + "::text), '')");
            fits.add(
                    units.get(i) == null
                            ? "true"
                            : "quantity_factor(" + literal(units.get(i)[0]) + ", k.capacity_unit) IS NOT NULL");
        }
        StringBuilder pick = new StringBuilder("CASE");
        for (int i = 0; i < candidates.size(); i++) {
            pick.append(" WHEN ")
                    .append(fits.get(i))
                    .append(" AND ")
                    .append(values.get(i))
                    .append(" IS NOT NULL THEN ")
                    .append(i + 1);
        }
        for (int i = 0; i < candidates.size(); i++) {
            pick.append(" WHEN ")
                    .append(values.get(i))
                    .append(" IS NOT NULL THEN ")
                    .append(i + 1);
        }
        pick.append(" END");
        List<String> names =
                candidates.stream().map(column -> literal(fileName(column))).toList();
        List<String> codes =
                units.stream().map(u -> u == null ? "NULL" : literal(u[0])).toList();
        List<String> written =
                units.stream().map(u -> u == null ? "NULL" : literal(u[1])).toList();
        execute("""
                UPDATE import_mapped m
                SET f_%1$s = p.v[p.i], u_%1$s = (ARRAY[%2$s]::text[])[p.i], w_%1$s = (ARRAY[%3$s]::text[])[p.i],
                    extra = (m.extra - (ARRAY[%4$s]::text[])[p.i])
                            || CASE WHEN p.i > 1 AND p.v[1] IS NOT NULL
                                    THEN jsonb_build_object(%5$s, p.v[1]) ELSE '{}' END
                FROM (SELECT s.source_row, ARRAY[%6$s]::text[] AS v, %7$s AS i
                      FROM staging.%8$s s JOIN import_mapped x ON x.source_row = s.source_row
                      LEFT JOIN network_kind k ON k.code = x.kind) p
                WHERE p.source_row = m.source_row AND p.i IS NOT NULL
                """.formatted(
                        field,
                        String.join(", ", codes),
                        String.join(", ", written),
                        String.join(", ", names),
                        names.get(0),
                        String.join(", ", values),
                        pick,
                        quote(staging)));
        List<String> listed = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            listed.add("'" + shownName(candidates.get(i)) + "'"
                    + (units.get(i) == null ? "" : " (" + units.get(i)[1] + ")"));
        }
        fileIssue(
                "warning",
                "field_by_kind",
                Detail.of(
                        "field_by_kind_" + field,
                        what + " is read, in each feature, from the field whose unit is of its kind's capacity:"
                                + " {columns}",
                        "columns",
                        listed));
        readPerFeature.add(field);
    }

    /**
     * Says that the network kind given for the whole file (the command line's {@code
     * --network-kind}, the upload form's, or a profile's default) was not used: the file's own kind
     * field gives each feature's kind.
     */
    private void reportKindGivenButNotUsed(Map<String, String> columns) throws SQLException {
        String given = profile.defaults().get("kind");
        String column = chosenColumn("kind", columns);
        if (given == null || column == null) {
            return;
        }
        fileIssue(
                "warning",
                "default_not_used",
                Detail.of(
                        "network_kind_not_used",
                        "the network kind given for the whole file, '{value}', was not used: the file's field"
                                + " '{column}' gives each feature its kind",
                        "value",
                        codeOrText("kind", given),
                        "column",
                        shownName(column)));
    }

    /**
     * Reads the numbers of {@link #QUANTITIES} in their fields' units, a comma before exactly three
     * digits («1,200 кВт») as the field's other values use the comma ({@code try_numeric}'s rule for a
     * plot's area): as thousands when they group digits by commas, as decimals when they have decimal
     * commas («2,5 МВт»), else not at all (reported). A number without a unit is in the unit its
     * field's name says («Напряжение, В»: {@link #unitNamed}), else in the field's own; a unit written
     * with the number wins. A pipe written as its outside diameter × wall («159х4,5») gives its
     * diameter, and keeps its text in {@code extra} as {@code pipe_size}.
     */
    private void readQuantities(Map<String, String> columns) throws SQLException {
        readByKindsUnit(columns, "capacity", "the capacity");
        readByKindsUnit(columns, "free_capacity", "the free capacity");
        StringBuilder counts = new StringBuilder();
        for (String field : QUANTITIES) {
            for (String use : new String[] {"thousands", "decimal"}) {
                counts.append(counts.isEmpty() ? "" : " || ' ' || ")
                        .append("count(*) FILTER (WHERE strpos(m.f_%1$s, ',') > 0 AND quantity_comma(%2$s) = '%3$s')"
                                .formatted(field, quantityText(field), use));
            }
        }
        String[] uses = one("SELECT " + counts + " FROM import_mapped m").split(" ");
        for (int i = 0; i < QUANTITIES.size(); i++) {
            boolean thousands = Long.parseLong(uses[2 * i]) > 0;
            boolean decimal = Long.parseLong(uses[2 * i + 1]) > 0;
            comma.put(QUANTITIES.get(i), thousands == decimal ? "NULL" : thousands ? "'thousands'" : "'decimal'");
        }
        readUnitsNamed(columns);
        execute("""
                UPDATE import_mapped m
                SET capacity = %s,
                    free_capacity = %s,
                    voltage_kv = round(%s, 2),
                    -- rounded to the millimetre once checked, and said when it had a fraction
                    diameter_mm = %s,
                    -- a pipe's size says more than its diameter: its wall (a field of the file's own name wins)
                    extra = CASE WHEN pipe_diameter(%s) IS NOT NULL
                                 THEN jsonb_build_object('pipe_size', trim_blank(m.f_diameter_mm)) || m.extra
                                 ELSE m.extra END
                -- a capacity in its kind's unit (kW, m3/h…); a row of no known kind is rejected anyway
                FROM (SELECT x.source_row, k.capacity_unit AS unit
                      FROM import_mapped x LEFT JOIN network_kind k ON k.code = x.kind) u
                WHERE u.source_row = m.source_row
                  AND num_nonnulls(m.f_capacity, m.f_free_capacity, m.f_voltage_kv, m.f_diameter_mm) > 0
                """.formatted(
                        quantity("capacity", "u.unit"),
                        quantity("free_capacity", "u.unit"),
                        quantity("voltage_kv", "'kV'"),
                        quantity("diameter_mm", "'mm'"),
                        quantityText("diameter_mm")));
    }
}
