package kz.adalmap.api.common.geojson;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.LongFunction;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Streams a GeoJSON FeatureCollection (RFC 7946) whose features PostGIS renders, one row at a time,
 * to the client: Java never holds the layer, only the current row.
 *
 * <p>The query must return columns {@code id} (bigint, the keyset cursor, ascending) and
 * {@code feature} (text, one GeoJSON Feature) and fetch {@code limit + 1} rows: the extra row only
 * tells that there is a next page, which is then linked with {@code rel=next}.
 */
@Component
public final class FeatureCollectionWriter {

    /** {@code application/geo+json}, the media type of RFC 7946. */
    public static final MediaType GEO_JSON = MediaType.parseMediaType("application/geo+json");

    private static final int FETCH_SIZE = 500;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    public FeatureCollectionWriter(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactions) {
        JdbcTemplate streaming = new JdbcTemplate(jdbcTemplate.getDataSource());
        // with a fetch size inside a transaction the PostgreSQL driver reads through a cursor
        streaming.setFetchSize(FETCH_SIZE);
        this.jdbc = new NamedParameterJdbcTemplate(streaming);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /**
     * The {@code next} links of the request being answered: its own address with {@code after} set to the
     * last id of the page. Call it on the request's thread (it reads the current request).
     */
    public static LongFunction<String> nextLinksOfThisRequest() {
        UriComponentsBuilder self = ServletUriComponentsBuilder.fromCurrentRequest();
        return lastId ->
                self.cloneBuilder().replaceQueryParam("after", lastId).build().toUriString();
    }

    /**
     * Runs {@code sql} and writes the collection to {@code out}.
     *
     * @param nextLink given the id of the last feature of a full page, the URL of the next page
     */
    public void write(
            OutputStream out, String sql, MapSqlParameterSource params, int limit, LongFunction<String> nextLink)
            throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write("{\"type\":\"FeatureCollection\",\"features\":[");
        long[] state = {0, 0}; // features written, id of the last one
        boolean[] more = {false};
        readOnly.executeWithoutResult(tx -> jdbc.query(sql, params, rs -> {
            if (state[0] == limit) {
                more[0] = true;
                return;
            }
            try {
                if (state[0] > 0) {
                    w.write(',');
                }
                w.write(rs.getString("feature"));
            } catch (IOException e) {
                throw new ClientGoneException(e);
            }
            state[0]++;
            state[1] = rs.getLong("id");
        }));
        w.write("],\"numberReturned\":");
        w.write(Long.toString(state[0]));
        w.write(",\"timeStamp\":\"");
        w.write(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        w.write("\",\"links\":[");
        if (more[0]) {
            w.write("{\"rel\":\"next\",\"type\":\"application/geo+json\",\"href\":");
            w.write(jsonString(nextLink.apply(state[1])));
            w.write('}');
        }
        w.write("]}");
        w.flush();
    }

    /** A JSON string literal for a URL we built (no control characters). */
    private static String jsonString(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The client closed the connection while the collection was being written. */
    static final class ClientGoneException extends RuntimeException {
        ClientGoneException(IOException cause) {
            super(cause);
        }
    }
}
