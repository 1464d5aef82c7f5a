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
 */
public final class CsvWriter {

    /** The media type of the exports. */
    public static final MediaType MEDIA_TYPE = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final OutputStream out;
    private final int columns;

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
        StringBuilder line = new StringBuilder(256);
        for (int i = 1; i <= columns; i++) {
            if (i > 1) {
                line.append(';');
            }
            line.append(field(rs.getString(i)));
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

    static String field(String value) {
        if (value == null) {
            return "";
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
