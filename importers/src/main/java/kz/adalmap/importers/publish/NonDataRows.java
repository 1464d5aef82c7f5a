package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import kz.adalmap.importers.report.Detail;

/**
 * The rows and columns of an office's table that hold no feature, left out of the staging table
 * before anything is checked: empty rows (Excel writes {@code ;;;;;;} lines below a table it was
 * given more rows of), a totals row («Итого», «Всего», «Барлығы», «Жиыны»), a row of column
 * numbers under a form's header (1, 2, 3…), and columns with no name and no value (trailing
 * {@code ;} of every line, read as {@code field_7}…). Only rows without a geometry are left out:
 * a feature drawn on the map is never taken for one. Each was otherwise rejected as a plot with no
 * geometry, and a layer with a rejected row is not published at once.
 */
final class NonDataRows {

    /** The first words of a totals row, in Russian, Kazakh and English. */
    private static final String TOTALS = "^\\s*(итого|всего|барлығы|барлыгы|жиыны|total)([^[:alpha:]]|$)";

    /** The most rows a note lists by number. */
    private static final int MAX_LISTED = 10;

    private NonDataRows() {}

    /**
     * Leaves those rows and columns out of {@code staging.<staging>} and says what was left out, the
     * rows by their lines when {@code lines} (a CSV file's, as the rest of the report names them).
     */
    static List<Detail> leaveOut(Connection c, String staging, boolean lines) throws SQLException {
        List<Detail> notes = new ArrayList<>();
        String table = "staging." + FeatureValidation.quote(staging);
        List<String> columns = columns(c, staging);
        try (Statement st = c.createStatement()) {
            List<String> dropped = new ArrayList<>();
            for (String column : columns) {
                if (column.matches("field_[0-9]+")) {
                    try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT FROM " + table + " WHERE btrim("
                            + FeatureValidation.quote(column) + "::text) <> '')")) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            dropped.add(column);
                        }
                    }
                }
            }
            for (String column : dropped) {
                st.execute("ALTER TABLE " + table + " DROP COLUMN " + FeatureValidation.quote(column));
            }
            columns.removeAll(dropped);
            if (!dropped.isEmpty()) {
                notes.add(Detail.of(
                        "file_empty_columns",
                        "columns without a name or a value, left out: {count} ({columns})",
                        "count",
                        dropped.size(),
                        "columns",
                        dropped));
            }
            if (columns.isEmpty() || !columns(c, staging, true).contains("geom")) {
                return notes;
            }
            // the row's cells, in the file's order, blank ones as NULL
            String cells = columns.stream()
                    .map(col -> "nullif(btrim(" + FeatureValidation.quote(col) + "::text), '')")
                    .collect(java.util.stream.Collectors.joining(", ", "ARRAY[", "]"));
            try (ResultSet rs = st.executeQuery("""
                    WITH c AS (SELECT source_row, array_remove(%s, NULL) AS cells FROM %s WHERE geom IS NULL),
                    kind AS (
                        SELECT source_row,
                               CASE WHEN cardinality(cells) = 0 THEN 'empty'
                                    WHEN lower(cells[1]) ~ '%s' THEN 'totals'
                                    WHEN cardinality(cells) >= 3
                                         AND cells = (SELECT array_agg(n::text ORDER BY n)
                                                      FROM generate_series(1, cardinality(cells)) n) THEN 'numbers'
                               END AS kind
                        FROM c),
                    gone AS (DELETE FROM %s s USING kind k
                             WHERE s.source_row = k.source_row AND k.kind IS NOT NULL
                             RETURNING k.kind, s.source_row)
                    SELECT kind, array_agg(source_row::bigint ORDER BY source_row) FROM gone GROUP BY kind ORDER BY kind
                    """.formatted(cells, table, TOTALS, table))) {
                while (rs.next()) {
                    List<Long> rows = List.of((Long[]) rs.getArray(2).getArray());
                    String kind = rs.getString(1);
                    String what = switch (kind) {
                        case "empty" -> "empty rows, left out: {count}";
                        case "totals" -> "totals rows without a geometry, left out: {count}";
                        default -> "rows of column numbers, left out: {count}";
                    };
                    String key = (lines ? "file_csv_rows_" : "file_rows_") + kind;
                    String row = lines ? "line" : "row";
                    // a sheet's thousands of empty rows below its table are not listed one by one
                    notes.add(
                            rows.size() <= MAX_LISTED
                                    ? Detail.of(
                                            key,
                                            what + " (" + row + (rows.size() == 1 ? "" : "s") + " {rows})",
                                            "count",
                                            rows.size(),
                                            "rows",
                                            rows)
                                    : Detail.of(
                                            key + "_from",
                                            what + ", the first of them " + row + " {first}",
                                            "count",
                                            rows.size(),
                                            "first",
                                            rows.get(0)));
                }
            }
        }
        return notes;
    }

    /**
     * The rows of {@link #leaveOutLabels}: what the report says, and the rows left out, to leave out
     * again of a second reading of the file (its arcs made straight), which has no styles.
     */
    record Labels(List<Detail> notes, List<Long> rows) {}

    /**
     * Leaves out of {@code staging.<staging>} the text labels of a MapInfo table (its Text objects,
     * the captions of a map: «Ду150» written along a main), which GDAL reads as points known only by
     * their style, {@code LABEL(t:"Ду150",…)}: a caption is no plot, and no well of a network. Each is
     * said with its text, the first {@link #MAX_LISTED} one by one. Drops the style column, which
     * is not the file's.
     */
    static Labels leaveOutLabels(Connection c, String staging) throws SQLException {
        String table = "staging." + FeatureValidation.quote(staging);
        List<Detail> notes = new ArrayList<>();
        List<Long> rows = new ArrayList<>();
        if (!columns(c, staging).contains(kz.adalmap.importers.gdal.Ogr2Ogr.STYLE_COLUMN)) {
            return new Labels(notes, rows);
        }
        String style = FeatureValidation.quote(kz.adalmap.importers.gdal.Ogr2Ogr.STYLE_COLUMN);
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("""
                    WITH gone AS (DELETE FROM %1$s WHERE %2$s LIKE 'LABEL(%%'
                                  RETURNING source_row, %2$s AS style)
                    -- the text of LABEL(t:"…",…), with the quotes and backslashes inside it escaped
                    SELECT source_row,
                           regexp_replace(substring(style FROM '^LABEL\\(t:"((?:[^"\\\\]|\\\\.)*)"'), '\\\\(.)', '\\1', 'g')
                    FROM gone ORDER BY source_row
                    """.formatted(table, style))) {
                while (rs.next()) {
                    long row = rs.getLong(1);
                    String text = rs.getString(2);
                    if (rows.size() < MAX_LISTED) {
                        notes.add(Detail.of(
                                "file_text_label",
                                "a text label '{text}' (row {row}) was left out: a caption written on the map is no"
                                        + " feature",
                                "text",
                                text == null ? "" : text,
                                "row",
                                row));
                    }
                    rows.add(row);
                }
            }
            if (rows.size() > MAX_LISTED) {
                notes.add(Detail.of(
                        "file_text_labels_more",
                        "other text labels, left out: {count}, the first of them row {first}",
                        "count",
                        rows.size() - MAX_LISTED,
                        "first",
                        rows.get(MAX_LISTED)));
            }
            st.execute("ALTER TABLE " + table + " DROP COLUMN " + style);
        }
        return new Labels(notes, rows);
    }

    /** Leaves the rows {@code rows} out of {@code staging.<staging>} (again: {@link #leaveOutLabels}). */
    static void leaveOutRows(Connection c, String staging, List<Long> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM staging." + FeatureValidation.quote(staging) + " WHERE source_row = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", rows.toArray(new Long[0])));
            ps.executeUpdate();
        }
    }

    private static List<String> columns(Connection c, String staging) throws SQLException {
        return columns(c, staging, false);
    }

    /** The staging table's columns in the file's order, with or without its own two. */
    private static List<String> columns(Connection c, String staging, boolean all) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = 'staging' AND table_name = ?"
                + (all ? "" : " AND column_name NOT IN ('geom', 'source_row')")
                + " ORDER BY ordinal_position")) {
            ps.setString(1, staging);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }
}
