package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kz.adalmap.importers.db.PgTarget;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A re-import of a plots layer compared, row by row, with the file of the revision it is compared
 * with (the published one, whose rows are kept as {@code staging.source_<revision>}).
 *
 * <p>A row that is in the same place in both files with the same fields and the same geometry,
 * and that the earlier import accepted, is the same plot as before with the same problems: it is
 * not mapped, checked or stored again, and its problems are carried over from the earlier report.
 * Every other row goes into {@code import_recheck} and through the whole validation, together with
 * the unchanged rows it may conflict with (the same cadastral number, the same unnumbered plot);
 * overlaps between a checked row and an unchanged plot are measured against the public layer. The
 * revision stores only its changes ({@code layer_revision.snapshot = 'delta'}).
 *
 * <p>The comparison is used only when it gives the result a check of the whole file would: the
 * same profile, an editor held to the same regions or more, the earlier rows intact, the same
 * columns, and no other plots layer published since the checks it carries over were made. Rows
 * inserted or deleted in the middle of a file move every row after them; when more than half of
 * the rows differ, the whole file is checked instead.
 */
final class FileComparison {

    /** Above this share of rows to check again, checking the whole file costs less than comparing. */
    static final double MOST = 0.5;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FileComparison.class);

    final int layerId;
    final long baseRevision;
    final int baseNumber;
    /** Rows in the new file (numbered 1 … features). */
    final long features;

    final long baseFeatureCount;
    /** Rows in the earlier file. */
    final long baseRows;

    final Map<String, FeatureValidation.TextDamage> baseTextDamage;
    /** The layer's revisions, as an SQL array: its plots are those stamped with one of them. */
    private String revisions;

    private long rechecked;

    /** Rows of the new file that differ from the earlier file's, or are past its end. */
    private long differingRows;

    private FileComparison(
            int layerId,
            long baseRevision,
            int baseNumber,
            long features,
            long baseFeatureCount,
            long baseRows,
            Map<String, FeatureValidation.TextDamage> baseTextDamage) {
        this.layerId = layerId;
        this.baseRevision = baseRevision;
        this.baseNumber = baseNumber;
        this.features = features;
        this.baseFeatureCount = baseFeatureCount;
        this.baseRows = baseRows;
        this.baseTextDamage = baseTextDamage;
    }

    /** The table that keeps the rows a revision's file was read into. */
    static String sourceTable(long revision) {
        return "source_" + revision;
    }

    /** Rows of the new file that differ from the earlier file's (the others checked again are as they were). */
    long differing() {
        return differingRows;
    }

    /**
     * How many rows fewer the new file has than the earlier one: rows it lacks at its end, which no
     * row of it differs from (an export cut off), or the balance of rows deleted and inserted.
     */
    long fewer() {
        return Math.max(0, baseRows - features);
    }

    /** Rows of the new file checked again (after {@link #pullIn}, the rows it added included). */
    long rechecked() {
        return rechecked;
    }

    /**
     * The comparison of the file in {@code staging.<staging>} with the file of {@code basedOn}, with
     * {@code import_recheck} filled; null when the whole file must be checked.
     */
    static FileComparison prepare(
            Connection c,
            int layerId,
            Long basedOn,
            String staging,
            String profileSha,
            Set<Integer> editorRegions,
            Map<String, Object> readings,
            PlotValidation validation)
            throws SQLException {
        if (basedOn == null) {
            return null;
        }
        String base = sourceTable(basedOn);
        int baseNumber;
        long baseFeatureCount;
        JsonNode report;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT number, feature_count, report, profile_sha256, checked_regions,
                               to_regclass('staging.%s') IS NOT NULL
                        FROM layer_revision WHERE id = %d
                        """.formatted(base, basedOn))) {
            if (!rs.next()) {
                return whole("the revision it was compared with is gone");
            }
            // the revision's number in its layer, which the clerk knows it by
            if (!rs.getBoolean(6)) {
                return whole("revision " + rs.getInt(1) + " kept no rows");
            }
            if (!profileSha.equals(rs.getString(4)) || rs.getString(3) == null) {
                return whole("the profile reads the file otherwise than revision " + rs.getInt(1) + "'s");
            }
            if (!covers(editorRegions, rs.getArray(5))) {
                return whole("revision " + rs.getInt(1) + " was checked against other regions");
            }
            baseNumber = rs.getInt(1);
            baseFeatureCount = rs.getLong(2);
            report = JSON.readTree(rs.getString(3));
        }
        if (!report.has("features") || !report.has("text_checks")) {
            return whole("revision " + baseNumber + "'s report lacks what the comparison needs");
        }
        // a row's reading that depends on the whole file (the unit of its area, its commas): the
        // unchanged rows were read as the earlier file read them
        JsonNode readBefore = report.get("readings");
        if (readBefore == null) {
            return whole("revision " + baseNumber + "'s report does not say how its file's rows were read");
        }
        for (Map.Entry<String, Object> reading : readings.entrySet()) {
            JsonNode before = readBefore.get(reading.getKey());
            if (before == null || !before.asString().equals(String.valueOf(reading.getValue()))) {
                return whole("the file reads its rows otherwise than revision " + baseNumber + "'s: " + reading.getKey()
                        + " " + reading.getValue() + ", not " + before);
            }
        }
        // an unlogged table is emptied by a crash of the server: the rows must all be there
        String kept = LayerImporter.one(c, "SELECT max(source_row) FROM staging." + base);
        if (kept == null || Long.parseLong(kept) != report.get("features").asLong()) {
            return whole("the rows kept of revision " + baseNumber + " are incomplete");
        }
        if (!columns(c, staging).equals(columns(c, base))) {
            return whole("the file's fields differ from revision " + baseNumber + "'s");
        }
        // the unchanged rows' warnings about other layers were found when the chain of deltas began; a
        // rollback of another layer since changes it as much as a publish
        String othersUnchanged = LayerImporter.one(c, """
                WITH RECURSIVE chain AS (
                    SELECT id, based_on_revision_id, snapshot, created_at FROM layer_revision WHERE id = %1$d
                    UNION ALL
                    SELECT r.id, r.based_on_revision_id, r.snapshot, r.created_at
                    FROM chain c JOIN layer_revision r ON r.id = c.based_on_revision_id WHERE c.snapshot = 'delta')
                SELECT (NOT EXISTS (SELECT 1 FROM layer_revision r JOIN layer l ON l.id = r.layer_id
                                    WHERE l.kind = 'plots' AND r.layer_id <> %2$d
                                      AND greatest(r.published_at, r.restored_at) >= (SELECT min(created_at) FROM chain)))::text
                """.formatted(basedOn, layerId));
        if (!"true".equals(othersUnchanged)) {
            return whole("another plots layer was published or rolled back since revision " + baseNumber + "'s checks");
        }
        // rows carried over keep the values they were read as: not those an earlier version read
        String readAsNow = LayerImporter.one(c, """
                WITH RECURSIVE chain AS (
                    SELECT id, based_on_revision_id, snapshot, created_at FROM layer_revision WHERE id = %1$d
                    UNION ALL
                    SELECT r.id, r.based_on_revision_id, r.snapshot, r.created_at
                    FROM chain c JOIN layer_revision r ON r.id = c.based_on_revision_id WHERE c.snapshot = 'delta')
                SELECT ((SELECT min(created_at) FROM chain) >= coalesce((SELECT max(installed_on)
                        FROM flyway_schema_history WHERE version = '%2$s' AND success), '-infinity'))::text
                """.formatted(basedOn, LayerImporter.READING_RULES));
        if (!"true".equals(readAsNow)) {
            return whole("revision " + baseNumber + " was read by an earlier version of AdalMap");
        }
        String last = LayerImporter.one(c, "SELECT max(source_row) FROM staging." + staging);
        long features = last == null ? 0 : Long.parseLong(last);
        Map<String, FeatureValidation.TextDamage> damage = new LinkedHashMap<>();
        report.get("text_checks")
                .properties()
                .forEach(e -> damage.put(
                        e.getKey(),
                        new FeatureValidation.TextDamage(
                                e.getValue().get("features").asLong(),
                                e.getValue().get("first_row").asLong())));
        FileComparison comparison = new FileComparison(
                layerId,
                basedOn,
                baseNumber,
                features,
                baseFeatureCount,
                report.get("features").asLong(),
                damage);
        comparison.revisions = "'"
                + LayerImporter.one(
                        c, "SELECT array_agg(id ORDER BY id) FROM layer_revision WHERE layer_id = " + layerId)
                + "'::bigint[]";
        comparison.fillRecheck(c, staging, base);
        if (comparison.rechecked > MOST * features) {
            execute(c, "DROP TABLE import_recheck");
            return whole(comparison.rechecked + " of " + features + " rows differ from revision " + baseNumber
                    + "'s file (rows inserted or deleted move the rows after them)");
        }
        // and a value as long as its field's longest, read as cut by the field's width
        if (!validation.widthsByDifference(comparison, report.get("widths"))) {
            execute(c, "DROP TABLE import_recheck");
            return whole("the longest status, land category or right type is another than in revision " + baseNumber
                    + "'s file");
        }
        return comparison;
    }

    private static FileComparison whole(String why) {
        log.info("every feature is checked: {}", why);
        return null;
    }

    /**
     * Whether an editor held to {@code editorRegions} (null: to none) is held to no region the rows
     * checked against {@code checked} (null: against none) could lie outside of: then what that
     * check accepted holds for this editor too.
     */
    private static boolean covers(Set<Integer> editorRegions, java.sql.Array checked) throws SQLException {
        return editorRegions == null
                || (checked != null && editorRegions.containsAll(Arrays.asList((Integer[]) checked.getArray())));
    }

    /** The file's columns with their types, in order. */
    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = 'staging' AND table_name = ? ORDER BY ordinal_position
                """)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // a field's name may hold spaces («Кадастровый номер»), and so may a type
                    // («double precision»): NUL, which no identifier holds, between them
                    out.add(rs.getString(1) + "\0" + rs.getString(2));
                }
            }
        }
        return out;
    }

    /**
     * Lists in {@code import_recheck} the rows of the new file that differ from the row in the same
     * place of the earlier file, those past its end, and those the earlier import rejected or kept
     * its published plot for.
     */
    private void fillRecheck(Connection c, String staging, String base) throws SQLException {
        String halves = halvesOf(staging);
        String differing =
                halves != null && LayerImporter.one(c, "SELECT to_regclass('staging." + halves + "2')") != null
                        // compared in two halves at once, right after reading
                        ? "SELECT * FROM staging." + halves + "1 UNION ALL SELECT * FROM staging." + halves + "2"
                        : differing(staging, base, sameRow(columns(c, staging)), 1, Long.MAX_VALUE);
        mergingByKey(c, """
                CREATE TEMP TABLE import_recheck ON COMMIT DROP AS
                SELECT source_row, bool_and(same_geom) AS same_geom, bool_or(differs) AS differs
                FROM (SELECT d.source_row, d.same_geom, true AS differs FROM (%1$s) d
                      UNION ALL
                      SELECT source_row, false, false FROM import_issue
                      WHERE layer_revision_id = %2$d AND source_row <= %3$d
                        AND (severity = 'rejected' OR code = 'kept_published')) r
                GROUP BY source_row
                """.formatted(differing, baseRevision, features));
        execute(c, "ALTER TABLE import_recheck ADD PRIMARY KEY (source_row)");
        execute(c, "ANALYZE import_recheck");
        rechecked = LayerImporter.count(c, "SELECT count(*) FROM import_recheck");
        differingRows = LayerImporter.count(c, "SELECT count(*) FROM import_recheck WHERE differs");
    }

    /**
     * SQL: the rows of {@code staging.<table>} with the positions in {@code positions} (a table with
     * a column {@code source_row}), as a FROM item {@code s}, read through the table's key.
     */
    static String rowsAt(String table, String positions) {
        return "(SELECT s.* FROM " + positions + " x CROSS JOIN LATERAL (SELECT * FROM staging." + table
                + " s WHERE s.source_row = x.source_row OFFSET 0) s) s";
    }

    /**
     * SQL: plot {@code p} is one of the layer's. (A list of ids, not a join with the revisions: the
     * planner would run the rest of the statement once per revision.)
     */
    String ofLayer(String p) {
        return p + ".layer_revision_id = ANY(" + revisions + ")";
    }

    /** SQL: the rows from {@code from} to {@code to} of the new file that differ from the earlier one's. */
    private static String differing(String staging, String base, String sameRow, long from, long to) {
        return """
                SELECT n.source_row, o.source_row IS NOT NULL AND n.geom IS NOT DISTINCT FROM o.geom AS same_geom
                FROM staging.%1$s n
                LEFT JOIN staging.%2$s o ON o.source_row = n.source_row AND o.source_row BETWEEN %4$d AND %5$d
                WHERE n.source_row BETWEEN %4$d AND %5$d AND (o.source_row IS NULL OR NOT (%3$s))
                """.formatted(staging, base, sameRow, from, to);
    }

    /**
     * The plans the comparison of two files leaves out, so that it is a merge join of the two
     * tables read in key order: the new table has no statistics, and the planner, taking it for a
     * few thousand rows, otherwise read it through a bitmap and sorted it again on disk (a third
     * more time), or held it in a hash table (a whole file in memory), or looked each row up in a
     * loop.
     */
    private static final List<String> MERGE_BY_KEY =
            List.of("enable_hashjoin", "enable_nestloop", "enable_bitmapscan", "enable_sort");

    /** Runs {@code sql}, a comparison of two files in row order, with the plans of {@link #MERGE_BY_KEY} left out. */
    private static void mergingByKey(Connection c, String sql) throws SQLException {
        for (String setting : MERGE_BY_KEY) {
            execute(c, "SET " + setting + " = off");
        }
        try {
            execute(c, sql);
        } finally {
            for (String setting : MERGE_BY_KEY) {
                execute(c, "RESET " + setting);
            }
        }
    }

    /**
     * SQL: the rows of the file in {@code staging.<staging>} that differ from the published file's, as
     * {@link #compareInHalves} found them (a relation with the column {@code source_row}); null when it
     * found none of them, and every row is to be taken as differing.
     */
    static String differingRows(Connection c, String staging) throws SQLException {
        String halves = halvesOf(staging);
        if (LayerImporter.one(c, "SELECT to_regclass('staging." + halves + "1')") == null
                || LayerImporter.one(c, "SELECT to_regclass('staging." + halves + "2')") == null) {
            return null;
        }
        return "(SELECT source_row FROM staging." + halves + "1 UNION ALL SELECT source_row FROM staging." + halves
                + "2)";
    }

    /** The name, less its number, of the two tables of rows compared at once ({@link #compareInHalves}). */
    static String halvesOf(String staging) {
        return staging + "_differ_";
    }

    /**
     * Compares the file just read with the kept rows of the layer's published revision, when a
     * comparison may follow: the first half of the rows on {@code c}, the second on a connection of
     * its own, at once. The comparison reads every row of both files and the database has two
     * cores to do it with; {@link #prepare} then takes the result from {@code
     * staging.<staging>_differ_1} and {@code _2}. Does nothing when nothing may be compared.
     */
    static void compareInHalves(
            PgTarget target,
            Connection c,
            String layerCode,
            String staging,
            String profileSha,
            Set<Integer> editorRegions)
            throws SQLException {
        Long basedOn;
        try (java.sql.PreparedStatement ps = c.prepareStatement("""
                SELECT r.id, r.checked_regions FROM layer l
                JOIN layer_revision r ON r.layer_id = l.id AND r.state = 'published'
                WHERE l.code = ? AND l.kind = 'plots' AND r.profile_sha256 = ?
                  AND to_regclass('staging.source_' || r.id) IS NOT NULL
                """)) {
            ps.setString(1, layerCode);
            ps.setString(2, profileSha);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                if (!covers(editorRegions, rs.getArray(2))) {
                    return;
                }
                basedOn = rs.getLong(1);
            }
        }
        String base = sourceTable(basedOn);
        List<String> columns = columns(c, staging);
        if (!columns.equals(columns(c, base))) {
            return;
        }
        String last = LayerImporter.one(c, "SELECT max(source_row) FROM staging." + staging);
        long middle = last == null ? 0 : Long.parseLong(last) / 2;
        String same = sameRow(columns);
        java.util.concurrent.CompletableFuture<Void> second = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (Connection other = target.connect()) {
                compareHalf(other, staging, base, same, 2, middle + 1, Long.MAX_VALUE);
            } catch (SQLException e) {
                throw new java.io.UncheckedIOException(new java.io.IOException(e));
            }
        });
        compareHalf(c, staging, base, same, 1, 1, middle);
        try {
            second.join();
        } catch (java.util.concurrent.CompletionException e) {
            // prepare compares the whole files without the second half
            log.info("the second half of the comparison failed: {}", e.getMessage());
            execute(c, "DROP TABLE IF EXISTS staging." + halvesOf(staging) + "2");
        }
    }

    private static void compareHalf(
            Connection c, String staging, String base, String same, int half, long from, long to) throws SQLException {
        mergingByKey(
                c,
                "CREATE UNLOGGED TABLE staging." + halvesOf(staging) + half + " AS "
                        + differing(staging, base, same, from, to));
    }

    /** SQL: row {@code n} of the new file equals row {@code o} of the earlier one, column by column. */
    private static String sameRow(List<String> columns) {
        List<String> same = new ArrayList<>();
        for (String column : columns) {
            String name = column.substring(0, column.indexOf('\0'));
            String type = column.substring(column.indexOf('\0') + 1);
            if (name.equals("source_row")) {
                continue;
            }
            String q = FeatureValidation.quote(name);
            // json has no equality; every other type GDAL writes has
            same.add(
                    type.equals("json")
                            ? "n." + q + "::text IS NOT DISTINCT FROM o." + q + "::text"
                            : "n." + q + " IS NOT DISTINCT FROM o." + q);
        }
        return String.join("\n AND ", same);
    }

    /** SQL: plot {@code p} of the layer is one of the unchanged rows' (not checked again). */
    String unchanged(String p) {
        return p + ".source_row <= " + features + " AND " + notRechecked(p + ".source_row");
    }

    /**
     * SQL: row {@code row} is not checked again. A lookup in the key of {@code import_recheck} per
     * row: as NOT EXISTS, the planner, which cannot know how many rows come, may join the two by
     * nested loops over the whole table (ten thousand rows times ten thousand).
     */
    static String notRechecked(String row) {
        return "(SELECT 1 FROM import_recheck x WHERE x.source_row = " + row + ") IS NULL";
    }

    /**
     * SQL: the cadastral number {@code number} without the zeros before its plot's number that
     * leave it 3 digits or more («…-0003» is «…-003»), as the padded numbers are found by.
     */
    static String unpadded(String number) {
        return "regexp_replace(" + number + ", '-0+([0-9]{3,})$', '-\\1')";
    }

    /**
     * Adds to the rows checked again the unchanged rows whose plot conflicts with a mapped row of
     * {@code import_mapped} (the same cadastral number, or no number and the same geometry), so that
     * the duplicate checks see both, and those whose number differs from a mapped row's only by zeros
     * before the plot's number, or from the number a row checked again had in the earlier report's
     * padded warning, so that the warning is found again; lists them in {@code import_pulled} to be
     * mapped. Returns how many.
     */
    long pullIn(Connection c) throws SQLException {
        execute(c, """
                CREATE TEMP TABLE import_pulled ON COMMIT DROP AS
                SELECT p.source_row
                -- a number the row's plot had already: an unchanged row that pads it was warned about
                -- with it, and is found by the earlier report's warning
                FROM (SELECT m.cadastral_number AS number FROM import_mapped m
                      WHERE m.cadastral_number IS NOT NULL
                        AND ((SELECT 1 FROM land_plot p WHERE p.cadastral_number = m.cadastral_number
                                AND p.retired_revision_id IS NULL AND p.source_row = m.source_row AND %2$s) IS NULL
                             OR EXISTS (SELECT 1 FROM import_issue i WHERE i.layer_revision_id = %3$d
                                          AND i.source_row = m.source_row AND i.code = 'padded_cadastral_number'))
                      UNION
                      -- a partner checked again, as the earlier file numbered it
                      SELECT i.detail ->> 'other' FROM import_issue i
                      WHERE i.layer_revision_id = %3$d AND i.code = 'padded_cadastral_number'
                        AND (SELECT 1 FROM import_recheck x
                             WHERE x.source_row = (i.detail ->> 'row')::bigint) IS NOT NULL) m
                -- each way of writing the number with zeros before the plot's number, looked up from the
                -- few numbers through the index of numbers, not from the layer's plots
                CROSS JOIN LATERAL (SELECT %4$s AS number) u
                CROSS JOIN LATERAL generate_series(0, CASE WHEN u.number ~ '-[0-9]{3,}$'
                                                           THEN greatest(0, 32 - length(u.number)) ELSE 0 END) z
                CROSS JOIN LATERAL (SELECT p.* FROM land_plot p
                                    WHERE p.cadastral_number = regexp_replace(u.number, '-([0-9]+)$',
                                                                              '-' || repeat('0', z) || '\\1')
                                      AND p.retired_revision_id IS NULL OFFSET 0) p
                WHERE %1$s AND %2$s
                UNION
                SELECT p.source_row FROM import_mapped m
                CROSS JOIN LATERAL (SELECT p.* FROM land_plot p
                                    WHERE p.cadastral_number IS NULL AND plot_key(NULL, p.geom) = plot_key(NULL, m.geom)
                                      AND p.retired_revision_id IS NULL OFFSET 0) p
                WHERE m.cadastral_number IS NULL AND m.geom IS NOT NULL AND %1$s AND %2$s
                """.formatted(unchanged("p"), ofLayer("p"), baseRevision, unpadded("m.number")));
        long pulled = LayerImporter.count(c, "SELECT count(*) FROM import_pulled");
        if (pulled > 0) {
            // unchanged, and accepted before: drawn as then
            execute(c, "INSERT INTO import_recheck SELECT source_row, true, false FROM import_pulled");
            rechecked += pulled;
        }
        return pulled;
    }

    /**
     * SQL: the row of {@code import_recheck x} is checked again, yet drawn exactly as in the earlier
     * file, where it was accepted: its overlaps with such rows and with unchanged ones are the
     * earlier report's, if it is still accepted.
     */
    static String sameShape(String x) {
        return "coalesce(" + x + ".same_geom, false)";
    }

    /** SQL: row {@code row} is unchanged or {@link #sameShape}, and in the file. */
    private String measuredBefore(String row) {
        return "(" + row + " <= " + features + " AND (" + notRechecked(row)
                + " OR (SELECT x.same_geom AND NOT m.rejected FROM import_recheck x JOIN import_mapped m"
                + " ON m.source_row = x.source_row WHERE x.source_row = " + row + ")))";
    }

    /**
     * The codes of the problems of a row that are not carried over, being said again of every row that
     * has them: those reading the file says ({@code part_read_as_hole}, {@code value_grouped}), and the
     * number of another plot that left the layer, said of the plots the revision adds by the diff.
     */
    static final List<String> SAID_AGAIN = List.of("part_read_as_hole", "value_grouped", "number_of_other_land");

    /**
     * The earlier report's problems of the unchanged rows, for this revision: every one but the
     * overlaps with a row that is checked again (those are measured again) or no longer in the file;
     * and the overlaps between rows drawn as before ({@link #sameShape}) and unchanged ones.
     */
    void carryOver(Connection c, long revision) throws SQLException {
        execute(c, """
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %1$d, i.source_row, i.severity, i.code, i.message, i.detail
                FROM import_issue i
                WHERE i.layer_revision_id = %2$d AND i.source_row <= %3$d
                  -- what reading the file says of a row, this reading has said again; a number of a plot
                  -- that left the layer is said of the plots the revision adds, found again by the diff
                  AND i.code NOT IN (%7$s)
                  AND CASE WHEN i.code = 'overlap'
                           THEN %5$s AND (SELECT %6$s
                                          FROM (SELECT substring(i.message FROM '^overlaps (?:row|line) ([0-9]+)')::bigint AS o) other)
                           ELSE %4$s END
                ORDER BY i.source_row, i.id
                """.formatted(
                revision,
                baseRevision,
                features,
                notRechecked("i.source_row"),
                measuredBefore("i.source_row"),
                measuredBefore("o"),
                SAID_AGAIN.stream().map(code -> "'" + code + "'").collect(java.util.stream.Collectors.joining(", "))));
    }

    /**
     * The revision's difference from the public layer: its snapshot (the rows checked again)
     * against the plots of the same keys, and the plots of changed or vanished rows whose key no
     * row of the new file has.
     */
    LayerImporter.Diff diff(Connection c, long revision) throws SQLException {
        String compared = LayerImporter.COMPARED;
        // each snapshot row looks up the current plot of its key: by number, or by geometry; a row
        // that takes over a plot under another key, that plot
        String numberless = "p.cadastral_number IS NULL AND " + LayerImporter.numberlessKeyOf("p");
        for (String[] key : new String[][] {
            {"s.cadastral_number IS NOT NULL AND s.previous_key IS NULL", "p.cadastral_number = s.cadastral_number"},
            {"s.cadastral_number IS NULL AND s.previous_key IS NULL", numberless + " = s.plot_key"},
            {"s.previous_key LIKE 'geom:%'", numberless + " = s.previous_key"},
            {"s.previous_key NOT LIKE 'geom:%'", "p.cadastral_number = s.previous_key"}
        }) {
            execute(c, """
                    INSERT INTO revision_change (layer_revision_id, plot_key, change, previous_key)
                    SELECT %1$d, s.plot_key, CASE WHEN p.id IS NULL THEN 'added' ELSE 'changed' END,
                           CASE WHEN p.id IS NOT NULL THEN s.previous_key END
                    FROM plot_snapshot s
                    LEFT JOIN LATERAL (SELECT p.* FROM land_plot p WHERE %5$s AND p.retired_revision_id IS NULL
                                       OFFSET 0) p ON %2$s
                    WHERE s.layer_revision_id = %1$d AND %4$s AND (p.id IS NULL OR %3$s)
                    """.formatted(revision, ofLayer("p"), compared, key[0], key[1]));
        }
        // the revision's keys with statistics of their own: the planner knows none for a new revision
        // of plot_snapshot, and walked all its rows once per plot
        execute(
                c,
                "CREATE TEMP TABLE import_keys ON COMMIT DROP AS SELECT plot_key FROM plot_snapshot"
                        + " WHERE layer_revision_id = " + revision
                        // a plot taken over under another key is not removed
                        + " UNION SELECT previous_key FROM plot_snapshot WHERE layer_revision_id = " + revision
                        + " AND previous_key IS NOT NULL");
        execute(c, "ALTER TABLE import_keys ADD PRIMARY KEY (plot_key)");
        execute(c, "ANALYZE import_keys");
        execute(c, """
                INSERT INTO revision_change (layer_revision_id, plot_key, change)
                SELECT %1$d, %4$s, 'removed'
                FROM (SELECT p.* FROM import_recheck x
                      CROSS JOIN LATERAL (SELECT * FROM land_plot p WHERE p.source_row = x.source_row OFFSET 0) p
                      UNION ALL
                      SELECT * FROM land_plot p WHERE p.source_row > %2$d) p
                WHERE p.retired_revision_id IS NULL AND %3$s
                  AND (SELECT 1 FROM import_keys k WHERE k.plot_key = %4$s) IS NULL
                """.formatted(revision, features, ofLayer("p"), LayerImporter.keyOf("p")));
        execute(c, "DROP TABLE import_keys");
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT count(*) FILTER (WHERE change = 'added'), count(*) FILTER (WHERE change = 'changed'),
                               count(*) FILTER (WHERE change = 'removed')
                        FROM revision_change WHERE layer_revision_id = %d
                        """.formatted(revision))) {
            rs.next();
            long added = rs.getLong(1);
            long changed = rs.getLong(2);
            long removed = rs.getLong(3);
            return new LayerImporter.Diff(added, changed, removed, baseFeatureCount - changed - removed);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
