package kz.adalmap.api.common.csv;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.http.MediaType;

/**
 * Writes rows of a query as CSV while they arrive: UTF-8 with a byte-order mark (so that Excel reads
 * Cyrillic), fields separated by semicolons (Excel's separator where the decimal sign is a comma), a
 * header row, RFC 4180 quoting, CRLF line ends; empty for a missing value. The values are written as
 * the database gives them as text, so the query decides the format of numbers and times.
 *
 * <p>A text that begins with {@code = + - @}, a tab or a carriage return is written after an
 * apostrophe: a spreadsheet would take it for a formula, and the exports hold what anyone may write
 * (an appeal's text, a value of an imported file) — {@code =HYPERLINK(…)} would run when an official
 * opens the file, and a phone number «+7 701 …» shows as {@code #NAME?}. Excel shows the text without
 * the apostrophe. Numbers are written as they are.
 */
public final class CsvWriter {

    /** The media type of the exports. */
    public static final MediaType MEDIA_TYPE = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final OutputStream out;
    private final int columns;
    /** Per column (from 1), whether it holds text; read from the first row's metadata. */
    private boolean[] text;

    /** Starts the file on {@code client} with the byte-order mark and the header row. */
    public CsvWriter(OutputStream client, List<String> header) throws IOException {
        this.out = new BufferedOutputStream(client, 1 << 16);
        this.columns = header.size();
        out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out.write((String.join(";", header) + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes the first columns of the current row of {@code rs}, as many as the header has.
     *
     * @throws UncheckedIOException when the client has gone, so that a JDBC callback may stop the query
     */
    public void row(ResultSet rs) throws SQLException {
        if (text == null) {
            text = new boolean[columns + 1];
            java.sql.ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= columns; i++) {
                text[i] = !NUMBERS.contains(meta.getColumnType(i));
            }
        }
        StringBuilder line = new StringBuilder(256);
        for (int i = 1; i <= columns; i++) {
            if (i > 1) {
                line.append(';');
            }
            line.append(field(rs.getString(i), text[i]));
        }
        line.append("\r\n");
        try {
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends what is buffered; call it after the last row. */
    public void flush() throws IOException {
        out.flush();
    }

    /** The JDBC types of numbers, written as they are. */
    private static final java.util.Set<Integer> NUMBERS = java.util.Set.of(
            java.sql.Types.NUMERIC,
            java.sql.Types.DECIMAL,
            java.sql.Types.INTEGER,
            java.sql.Types.BIGINT,
            java.sql.Types.SMALLINT,
            java.sql.Types.TINYINT,
            java.sql.Types.DOUBLE,
            java.sql.Types.REAL,
            java.sql.Types.FLOAT);

    /** A value as a CSV field; a {@code text} value that a spreadsheet would read as a formula after an apostrophe. */
    static String field(String value, boolean text) {
        if (value == null) {
            return "";
        }
        if (text && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            value = "'" + value;
        }
        if (value.indexOf(';') >= 0
                || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0
                || value.indexOf(',') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
