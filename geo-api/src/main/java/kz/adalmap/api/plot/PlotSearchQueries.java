package kz.adalmap.api.plot;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import kz.adalmap.api.common.csv.CsvWriter;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SQL of the plot search and its exports. One statement per request selects the current public
 * plots that match, in the sort order; PostGIS renders each as a GeoJSON Feature (or the columns of
 * a CSV row) and Java copies the bytes of each row to the client as they arrive, through a cursor.
 */
@Repository
class PlotSearchQueries {

    private static final int FETCH_SIZE = 500;

    /** The search's extra properties: when the plot got its status, and the distance to each kind. */
    private static final String SEARCH_PROPERTIES = """
            'status_since', s.status_since,
            'nearest_networks_m', (SELECT json_object_agg(w.kind, round(w.distance_m::numeric, 1) ORDER BY w.kind)
                                   FROM plot_network_distance w WHERE w.plot_id = p.id)
            """;

    // status_since: the plot's latest public status change (one index probe per plot)
    private static final String FROM = """
            FROM land_plot p
            LEFT JOIN region r ON r.id = p.region_id
            LEFT JOIN district d ON d.id = p.district_id
            CROSS JOIN LATERAL (SELECT coalesce(max(h.changed_at), p.created_at) AS status_since
                                FROM plot_status_change h WHERE h.plot_id = p.id) s
            %s
            WHERE p.retired_revision_id IS NULL
            """;

    private static final String SORT_DISTANCE_JOIN =
            "LEFT JOIN plot_network_distance sd ON sd.plot_id = p.id AND sd.kind = :sortKind";

    // RFC 7946: exterior rings counter-clockwise; 7 decimals are about 1 cm
    private static final String FEATURE_SELECT = """
            SELECT p.id, (%s)::text AS sort_key,
                   json_build_object('type', 'Feature', 'id', p.id,
                                     'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(p.geom), 7)::json,
                                     'properties', json_build_object(%s, %s))::text AS feature
            """;

    private static final String CSV_SELECT = """
            SELECT p.id, p.cadastral_number, p.status, p.land_category, p.area_declared_ha,
                   round((ST_Area(p.geom::geography) / 10000)::numeric, 4) AS area_ha,
                   p.intended_purpose_kk, p.intended_purpose_ru, p.address,
                   r.kato_code AS region_kato, d.kato_code AS district_kato,
                   to_char(s.status_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS status_since,
                   %s,
                   round(ST_X(ST_PointOnSurface(p.geom))::numeric, 7) AS lon,
                   round(ST_Y(ST_PointOnSurface(p.geom))::numeric, 7) AS lat
            """;

    private static final String CSV_DISTANCE =
            "(SELECT round(w.distance_m::numeric, 1) FROM plot_network_distance w WHERE w.plot_id = p.id AND w.kind = '%s') AS %s_m";

    private static final String CITY_DISTRICTS = """
            SELECT id FROM district
            -- KATO: a district-level unit whose digits 3–4 are 10–29 is a city of regional significance
            WHERE substr(kato_code, 3, 2) BETWEEN '10' AND '29'
              AND (kato_code = :city OR lower(:city) IN (lower(name_kk), lower(name_ru), lower(name_en)))
            """;
    private static final String CITY_REGIONS = """
            SELECT id FROM region
            -- Astana, Almaty and Shymkent are cities of republican significance: regions of their own
            WHERE kato_code IN ('710000000', '750000000', '790000000')
              AND (kato_code = :city OR lower(:city) IN (lower(name_kk), lower(name_ru), lower(name_en),
                                                        lower(regexp_replace(name_en, ' \\(city\\)$', ''))))
            """;

    private final NamedParameterJdbcTemplate streaming;
    private final NamedParameterJdbcTemplate whole;
    private final TransactionTemplate readOnly;
    private final JdbcClient jdbc;

    PlotSearchQueries(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactions, JdbcClient jdbc) {
        JdbcTemplate template = new JdbcTemplate(jdbcTemplate.getDataSource());
        // with a fetch size inside a transaction the PostgreSQL driver reads through a cursor
        template.setFetchSize(FETCH_SIZE);
        this.streaming = new NamedParameterJdbcTemplate(template);
        this.whole = new NamedParameterJdbcTemplate(jdbcTemplate);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.jdbc = jdbc;
    }

    /** The statement and its values for a search, before the SELECT list is chosen. */
    record Statement(String fromWhere, String orderBy, MapSqlParameterSource params) {}

    /**
     * Builds the FROM … WHERE … of a search; region, district and city are looked up first so that an
     * unknown one is a 400 naming it rather than an empty result.
     */
    Statement statement(PlotSearch search) {
        PlotSort sort = search.sort();
        MapSqlParameterSource params = new MapSqlParameterSource();
        StringBuilder where = new StringBuilder(FROM.formatted(sort.kind() == null ? "" : SORT_DISTANCE_JOIN));
        if (sort.kind() != null) {
            params.addValue("sortKind", sort.kind().code());
        }
        search.bbox().ifPresent(b -> {
            // the envelope is a constant of the query, so the GiST index on geom is used
            where.append(" AND ST_Intersects(p.geom, ST_MakeEnvelope(:minLon, :minLat, :maxLon, :maxLat, 4326))");
            params.addValue("minLon", b.minLon())
                    .addValue("minLat", b.minLat())
                    .addValue("maxLon", b.maxLon())
                    .addValue("maxLat", b.maxLat());
        });
        if (!search.statuses().isEmpty()) {
            where.append(" AND p.status = ANY(:statuses)");
            params.addValue("statuses", search.statuses().toArray(String[]::new));
        }
        if (!search.landCategories().isEmpty()) {
            where.append(" AND p.land_category = ANY(:categories)");
            params.addValue("categories", search.landCategories().toArray(String[]::new));
        }
        search.purpose().ifPresent(text -> {
            where.append(" AND (p.intended_purpose_kk ILIKE :purpose OR p.intended_purpose_ru ILIKE :purpose)");
            params.addValue("purpose", "%" + likeEscape(text) + "%");
        });
        search.minAreaHa().ifPresent(min -> {
            where.append(" AND ").append(PlotSort.AREA).append(" >= :minArea");
            params.addValue("minArea", min);
        });
        search.maxAreaHa().ifPresent(max -> {
            where.append(" AND ").append(PlotSort.AREA).append(" <= :maxArea");
            params.addValue("maxArea", max);
        });
        if (!search.regions().isEmpty()) {
            where.append(" AND p.region_id = ANY(:regionIds)");
            params.addValue("regionIds", ids("region", "region", search.regions()));
        }
        if (!search.districts().isEmpty()) {
            where.append(" AND p.district_id = ANY(:districtIds)");
            params.addValue("districtIds", ids("district", "district", search.districts()));
        }
        search.city().ifPresent(city -> {
            Integer[] districts = jdbc.sql(CITY_DISTRICTS)
                    .param("city", city)
                    .query(Integer.class)
                    .list()
                    .toArray(Integer[]::new);
            Integer[] regions = jdbc.sql(CITY_REGIONS)
                    .param("city", city)
                    .query(Integer.class)
                    .list()
                    .toArray(Integer[]::new);
            if (districts.length == 0 && regions.length == 0) {
                throw InvalidParameterException.of(
                        "city",
                        "no city '" + QueryParameters.abbreviate(city) + "'; give a city's KATO code or its name"
                                + " in Kazakh, Russian or English (e.g. 631000000, Өскемен, Усть-Каменогорск)");
            }
            where.append(" AND (p.district_id = ANY(:cityDistricts) OR p.region_id = ANY(:cityRegions))");
            params.addValue("cityDistricts", districts).addValue("cityRegions", regions);
        });
        search.cadastralNumber().ifPresent(number -> {
            where.append(" AND p.cadastral_number = :cadastralNumber");
            params.addValue("cadastralNumber", number);
        });
        search.cadastralPrefix().ifPresent(prefix -> {
            where.append(" AND starts_with(p.cadastral_number, :cadastralPrefix)");
            params.addValue("cadastralPrefix", prefix);
        });
        for (Map.Entry<NetworkKind, Integer> w : search.within().entrySet()) {
            // parameter names come from the enum, values are bound
            String kind = w.getKey().code();
            where.append(
                            " AND EXISTS (SELECT 1 FROM plot_network_distance w WHERE w.plot_id = p.id AND w.kind = :kind_")
                    .append(kind)
                    .append(" AND w.distance_m <= :within_")
                    .append(kind)
                    .append(')');
            params.addValue("kind_" + kind, kind).addValue("within_" + kind, w.getValue());
        }
        String direction = sort.descending() ? " DESC" : "";
        search.cursor().ifPresent(c -> {
            where.append(" AND (")
                    .append(sort.keyExpression())
                    .append(", p.id) ")
                    .append(sort.descending() ? "<" : ">")
                    .append(" (:afterKey, :afterId)");
            params.addValue("afterKey", c.key()).addValue("afterId", c.id());
        });
        String orderBy = " ORDER BY " + sort.keyExpression() + direction + ", p.id" + direction;
        return new Statement(where.toString(), orderBy, params);
    }

    /**
     * Writes one page as a GeoJSON FeatureCollection; when more plots follow, a {@code next} link
     * built by {@code nextLink} from the cursor of the last plot.
     *
     * <p>A page is bounded ({@code limit} + 1 rows), so it is read in one round trip rather than
     * through a cursor: PostgreSQL runs a statement read through a cursor without parallel workers,
     * which made a city-wide search twice as slow as the same SQL run directly. The driver then holds
     * at most one page of rendered features; the exports, which are unbounded, read through a cursor.
     */
    void writePage(PlotSearch search, OutputStream client, Function<String, String> nextLink) throws IOException {
        Statement st = statement(search);
        String sql = FEATURE_SELECT.formatted(search.sort().keyExpression(), PlotQueries.PROPERTIES, SEARCH_PROPERTIES)
                + st.fromWhere() + st.orderBy() + " LIMIT :limit";
        st.params().addValue("limit", search.limit() + 1);
        OutputStream out = new BufferedOutputStream(client, 1 << 16);
        out.write("{\"type\":\"FeatureCollection\",\"features\":[".getBytes(StandardCharsets.UTF_8));
        long[] written = {0};
        String[] last = {null, null};
        boolean[] more = {false};
        readOnly.executeWithoutResult(tx -> {
            customPlan();
            whole.query(sql, st.params(), rs -> {
                if (written[0] == search.limit()) {
                    more[0] = true;
                    return;
                }
                if (written[0] > 0) {
                    write(out, ',');
                }
                // the driver's bytes of the text column, UTF-8 as the server sent them: no String per row
                write(out, rs.getBytes("feature"));
                written[0]++;
                last[0] = rs.getString("sort_key");
                last[1] = rs.getString("id");
            });
        });
        StringBuilder tail = new StringBuilder("],\"numberReturned\":")
                .append(written[0])
                .append(",\"timeStamp\":\"")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append("\",\"links\":[");
        if (more[0]) {
            PlotSort sort = search.sort();
            Object key = switch (sort.keyType()) {
                case LONG -> Long.parseLong(last[0]);
                case DECIMAL -> new BigDecimal(last[0]);
                case DOUBLE -> Double.parseDouble(last[0]);
            };
            String cursor = new PlotSearch.Cursor(sort.name(), key, Long.parseLong(last[1])).encode();
            tail.append("{\"rel\":\"next\",\"type\":\"application/geo+json\",\"href\":\"")
                    .append(nextLink.apply(cursor).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"}");
        }
        tail.append("]}");
        out.write(tail.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Writes every matching plot as one GeoJSON FeatureCollection, in the sort order. */
    void writeGeoJson(PlotSearch search, OutputStream client) throws IOException {
        Statement st = statement(search);
        String sql = FEATURE_SELECT.formatted(search.sort().keyExpression(), PlotQueries.PROPERTIES, SEARCH_PROPERTIES)
                + st.fromWhere()
                + st.orderBy();
        OutputStream out = new BufferedOutputStream(client, 1 << 16);
        out.write("{\"type\":\"FeatureCollection\",\"features\":[".getBytes(StandardCharsets.UTF_8));
        long[] written = {0};
        readOnly.executeWithoutResult(tx -> {
            customPlan();
            streaming.query(sql, st.params(), rs -> {
                if (written[0]++ > 0) {
                    write(out, ',');
                }
                write(out, rs.getBytes("feature"));
            });
        });
        out.write(("],\"numberReturned\":" + written[0] + "}").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The columns of the CSV export, in order. */
    static final List<String> CSV_COLUMNS = csvColumns();

    private static List<String> csvColumns() {
        List<String> columns = new java.util.ArrayList<>(List.of(
                "id",
                "cadastral_number",
                "status",
                "land_category",
                "area_declared_ha",
                "area_ha",
                "intended_purpose_kk",
                "intended_purpose_ru",
                "address",
                "region_kato",
                "district_kato",
                "status_since"));
        for (NetworkKind kind : NetworkKind.values()) {
            columns.add(kind.code() + "_m");
        }
        columns.add("lon");
        columns.add("lat");
        return List.copyOf(columns);
    }

    /** Writes every matching plot as CSV, as {@link CsvWriter} formats it, with decimal points. */
    void writeCsv(PlotSearch search, OutputStream client) throws IOException {
        Statement st = statement(search);
        String distances = String.join(
                ",\n       ",
                java.util.Arrays.stream(NetworkKind.values())
                        .map(k -> CSV_DISTANCE.formatted(k.code(), k.code()))
                        .toList());
        String sql = CSV_SELECT.formatted(distances) + st.fromWhere() + st.orderBy();
        CsvWriter csv = new CsvWriter(client, CSV_COLUMNS);
        readOnly.executeWithoutResult(tx -> {
            customPlan();
            streaming.query(sql, st.params(), csv::row);
        });
        csv.flush();
    }

    private Integer[] ids(String table, String parameter, java.util.Set<String> katoCodes) {
        // table comes from the two call sites above, never from the request
        String sql = "region".equals(table)
                ? "SELECT kato_code, id FROM region WHERE kato_code = ANY(:codes)"
                : "SELECT kato_code, id FROM district WHERE kato_code = ANY(:codes)";
        Map<String, Integer> found = new java.util.HashMap<>();
        jdbc.sql(sql)
                .param("codes", katoCodes.toArray(String[]::new))
                .query((rs, n) -> found.put(rs.getString(1), rs.getInt(2)))
                .list();
        for (String code : katoCodes) {
            if (!found.containsKey(code)) {
                throw InvalidParameterException.of(parameter, "no " + table + " has KATO code " + code);
            }
        }
        return found.values().toArray(Integer[]::new);
    }

    /**
     * Plans the next statement of the transaction with the request's values. The driver prepares a
     * statement on the server after a few runs, and PostgreSQL may then keep a generic plan: for the
     * search, whose best plan depends on the bbox, the statuses and the distances, the generic plan
     * took 600 ms where the plan for the values took 180 ms.
     */
    private void customPlan() {
        jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
    }

    /** Escapes LIKE's wildcards so that the text is matched as it is written. */
    static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static void write(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(OutputStream out, char c) {
        try {
            out.write(c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
