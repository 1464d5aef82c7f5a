package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import kz.adalmap.importers.profile.MappingProfile;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps the staging table of one import to the canonical plot fields with the import's profile,
 * checks every feature and writes the accepted ones to the revision's snapshot, all in set-based
 * SQL inside the import's transaction.
 *
 * <p>Each problem becomes a row of {@code import_issue} with the feature's position in the file: a
 * <em>rejected</em> feature is not imported, a <em>repaired</em> one is imported after the fix, a
 * <em>warning</em> is imported as it is (a value that cannot be read is left empty).
 */
final class PlotValidation {

    /** Letters of Russian and Kazakh. */
    private static final String CYRILLIC = "А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі";

    private final Connection c;
    private final String staging;
    private final long revision;
    private final MappingProfile profile;
    private final Set<Integer> editorRegions;

    /**
     * @param staging the table in schema {@code staging} that ogr2ogr filled ({@code source_row}, {@code
     *     geom} and the file's fields)
     * @param editorRegions the regions the importing editor may change, null for everywhere
     */
    PlotValidation(Connection c, String staging, long revision, MappingProfile profile, Set<Integer> editorRegions) {
        this.c = c;
        this.staging = staging;
        this.revision = revision;
        this.profile = profile;
        this.editorRegions = editorRegions;
    }

    void run() throws SQLException {
        execute("SET LOCAL client_min_messages = warning");
        Map<String, String> columns = stagingColumns();
        checkEncoding(columns);
        map(columns);
        checkGeometry();
        checkAttributes();
        checkPlacement();
        snapshot();
        // for the importer: the rejected features that name a plot, whose published version is kept
        execute("""
                CREATE TEMP TABLE import_rejected_number ON COMMIT DROP AS
                SELECT source_row, cadastral_number FROM import_mapped WHERE rejected AND cadastral_number IS NOT NULL
                """);
        execute("DROP TABLE import_mapped");
    }

    // ---------------------------------------------------------------------------------------------
    // mapping

    /** The file's fields in staging (name → PostgreSQL type), in file order. */
    private Map<String, String> stagingColumns() throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = 'staging' AND table_name = ? AND column_name NOT IN ('source_row', 'geom')
                ORDER BY ordinal_position
                """)) {
            ps.setString(1, staging);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /**
     * Fills {@code import_mapped}: per feature the canonical fields as text after the profile's
     * field choice, value map and defaults ({@code f_*}), the typed values read from them, and the
     * unmapped fields as {@code extra}.
     */
    private void map(Map<String, String> columns) throws SQLException {
        execute("""
                CREATE TEMP TABLE import_mapped (
                    source_row bigint PRIMARY KEY,
                    geom geometry,
                    repaired geometry,
                    rejected boolean NOT NULL DEFAULT false,
                    f_cadastral text, cadastral_number text,
                    f_area text, area_declared_ha numeric,
                    land_category text, intended_purpose_kk text, intended_purpose_ru text, permitted_use text,
                    right_type text,
                    f_divisible text, divisible boolean,
                    status text, address text,
                    f_auction text, auction_date date,
                    f_price text, starting_price_kzt numeric,
                    extra jsonb NOT NULL,
                    -- the geometry's bounding box and planar area, computed once for the overlap check
                    box_x0 float8, box_y0 float8, box_x1 float8, box_y1 float8, area float8
                ) ON COMMIT DROP
                """);
        List<String> params = new ArrayList<>();
        List<String> used = new ArrayList<>();
        Map<String, String> expr = new LinkedHashMap<>();
        for (String field : List.of(
                "cadastral_number",
                "area_declared_ha",
                "land_category",
                "intended_purpose_kk",
                "intended_purpose_ru",
                "permitted_use",
                "right_type",
                "divisible",
                "status",
                "address",
                "auction_date",
                "starting_price_kzt")) {
            expr.put(field, fieldExpression(field, columns, params, used));
        }
        String extra = extraExpression(columns, used);
        double areaFactor = profile.areaUnit().equals("m2") ? 0.0001 : 1.0;
        String sql = """
                INSERT INTO import_mapped (source_row, geom, f_cadastral, cadastral_number, f_area, area_declared_ha,
                        land_category, intended_purpose_kk, intended_purpose_ru, permitted_use, right_type,
                        f_divisible, divisible, status, address, f_auction, auction_date, f_price, starting_price_kzt,
                        extra, box_x0, box_y0, box_x1, box_y1, area)
                SELECT source_row, geom, f_cadastral, cadastral_normalize(f_cadastral), f_area,
                       try_numeric(f_area) * %s,
                       land_category, intended_purpose_kk, intended_purpose_ru, permitted_use, right_type,
                       f_divisible,
                       CASE lower(f_divisible) WHEN 'true' THEN true WHEN 't' THEN true WHEN 'false' THEN false
                                               WHEN 'f' THEN false END,
                       status, address, f_auction, try_date(f_auction), f_price, try_numeric(f_price), extra,
                       ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom), ST_Area(geom)
                FROM (SELECT s.source_row, s.geom,
                             %s AS f_cadastral, %s AS f_area, %s AS land_category, %s AS intended_purpose_kk,
                             %s AS intended_purpose_ru, %s AS permitted_use, %s AS right_type, %s AS f_divisible,
                             %s AS status, %s AS address, %s AS f_auction, %s AS f_price, %s AS extra
                      FROM staging.%s s) m
                """.formatted(
                        Double.toString(areaFactor),
                        expr.get("cadastral_number"),
                        expr.get("area_declared_ha"),
                        expr.get("land_category"),
                        expr.get("intended_purpose_kk"),
                        expr.get("intended_purpose_ru"),
                        expr.get("permitted_use"),
                        expr.get("right_type"),
                        expr.get("divisible"),
                        expr.get("status"),
                        expr.get("address"),
                        expr.get("auction_date"),
                        expr.get("starting_price_kzt"),
                        extra,
                        staging);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            ps.executeUpdate();
        }
        List<String> unmapped = new ArrayList<>();
        for (String field : MappingProfile.PLOT_FIELDS) {
            if (profile.fields().containsKey(field)
                    && chosenColumn(field, columns) == null
                    && !profile.defaults().containsKey(field)) {
                unmapped.add(field);
            }
        }
        if (!unmapped.isEmpty()) {
            fileIssue(
                    "warning",
                    "missing_field",
                    "the file has no field for "
                            + String.join(", ", unmapped.stream().sorted().toList()) + " under any name the profile "
                            + profile.name() + " knows; its fields are "
                            + String.join(", ", columns.keySet()));
        }
    }

    /** The SQL text of one canonical field, reading the profile's first source field present in the file. */
    private String fieldExpression(String field, Map<String, String> columns, List<String> params, List<String> used) {
        String column = chosenColumn(field, columns);
        String value = "NULL::text";
        if (column != null) {
            used.add(column);
            String raw = "nullif(btrim(s." + quote(column) + "::text), '')";
            Map<String, String> values = profile.values().get(field);
            if (values != null && !values.isEmpty()) {
                params.add(toJson(values));
                value = "coalesce(?::jsonb ->> lower(" + raw + "), " + raw + ")";
            } else {
                value = raw;
            }
        }
        String fallback = profile.defaults().get(field);
        if (fallback != null) {
            params.add(fallback);
            value = "coalesce(" + value + ", ?)";
        }
        return value;
    }

    private String chosenColumn(String field, Map<String, String> columns) {
        for (String candidate : profile.fields().getOrDefault(field, List.of())) {
            if (columns.containsKey(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The fields no mapping uses, as one JSON object per feature (empty values left out). */
    private static String extraExpression(Map<String, String> columns, List<String> used) {
        List<String> rest =
                columns.keySet().stream().filter(col -> !used.contains(col)).toList();
        if (rest.isEmpty()) {
            return "'{}'::jsonb";
        }
        List<String> parts = new ArrayList<>();
        // jsonb_build_object takes at most 100 arguments
        for (int i = 0; i < rest.size(); i += 50) {
            parts.add("jsonb_build_object("
                    + rest.subList(i, Math.min(rest.size(), i + 50)).stream()
                            .map(col -> literal(col) + ", s." + quote(col))
                            .collect(Collectors.joining(", "))
                    + ")");
        }
        return "jsonb_strip_nulls(" + String.join(" || ", parts) + ")";
    }

    // ---------------------------------------------------------------------------------------------
    // checks

    private void checkGeometry() throws SQLException {
        reject("empty_geometry", "'the feature has no geometry'", "m.geom IS NULL OR ST_IsEmpty(m.geom)");
        reject(
                "not_polygon",
                "'the geometry is a ' || lower(GeometryType(m.geom)) || '; a plot must be a polygon'",
                "GeometryType(m.geom) <> 'MULTIPOLYGON'");
        reject(
                "bad_coordinates",
                "'the coordinates are not usable longitude/latitude (x ' || ST_XMin(m.geom) || ' to ' || ST_XMax(m.geom)"
                        + " || ', y ' || ST_YMin(m.geom) || ' to ' || ST_YMax(m.geom) || ')'",
                "NOT (ST_XMin(m.geom) BETWEEN -180 AND 180 AND ST_XMax(m.geom) BETWEEN -180 AND 180"
                        + " AND ST_YMin(m.geom) BETWEEN -90 AND 90 AND ST_YMax(m.geom) BETWEEN -90 AND 90)");
        reject(
                "outside_kazakhstan",
                "'the plot lies outside Kazakhstan (longitude ' || round(ST_XMin(m.geom)::numeric, 5) || ', latitude '"
                        + " || round(ST_YMin(m.geom)::numeric, 5) || '): check the coordinate system of the file'",
                "NOT (ST_XMin(m.geom) >= 45 AND ST_XMax(m.geom) <= 88.5 AND ST_YMin(m.geom) >= 40"
                        + " AND ST_YMax(m.geom) <= 56.5)");
        execute("""
                UPDATE import_mapped SET repaired = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))
                WHERE NOT rejected AND NOT ST_IsValid(geom)
                """);
        String change = "(abs(ST_Area(m.repaired) - ST_Area(m.geom)) / nullif(abs(ST_Area(m.geom)), 0))::numeric";
        reject(
                "invalid_geometry",
                "'the geometry is invalid (' || ST_IsValidReason(m.geom) || '); repairing it would change its area by '"
                        + " || coalesce(round(100 * " + change + ", 1) || ' %', 'all of it')"
                        + " || ', so it was not imported: correct it in the source'",
                "m.repaired IS NOT NULL AND (ST_IsEmpty(m.repaired) OR coalesce(" + change + " >= "
                        + PlotImporter.REPAIR_TOLERANCE + ", true))");
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message)
                SELECT %d, m.source_row, 'repaired', 'invalid_geometry',
                       'the geometry was invalid (' || ST_IsValidReason(m.geom) || ') and was repaired; its area changed by '
                       || round(100 * %s, 2) || ' %%'
                FROM import_mapped m WHERE NOT m.rejected AND m.repaired IS NOT NULL
                """.formatted(revision, change));
        execute("""
                UPDATE import_mapped SET geom = repaired, box_x0 = ST_XMin(repaired), box_y0 = ST_YMin(repaired),
                                         box_x1 = ST_XMax(repaired), box_y1 = ST_YMax(repaired), area = ST_Area(repaired)
                WHERE NOT rejected AND repaired IS NOT NULL
                """);
    }

    private void checkAttributes() throws SQLException {
        reject(
                "bad_cadastral_number",
                "'the cadastral number ''' || m.f_cadastral || ''' is not of the form RR-DDD-QQQ-NNN (e.g."
                        + " 03-044-123-456)'",
                "m.f_cadastral IS NOT NULL AND m.cadastral_number IS NULL");
        execute("""
                CREATE TEMP TABLE import_duplicate ON COMMIT DROP AS
                SELECT cadastral_number, array_agg(source_row ORDER BY source_row) AS rows_
                FROM import_mapped WHERE NOT rejected AND cadastral_number IS NOT NULL
                GROUP BY cadastral_number HAVING count(*) > 1
                """);
        reject(
                "duplicate_cadastral_number",
                "'the cadastral number ' || m.cadastral_number || ' appears ' || cardinality(d.rows_)"
                        + " || ' times in the file (rows ' || array_to_string(d.rows_, ', ') || '); none of them was"
                        + " imported'",
                "d.cadastral_number = m.cadastral_number",
                "import_duplicate d");
        execute("DROP TABLE import_duplicate");
        execute("""
                CREATE TEMP TABLE import_duplicate ON COMMIT DROP AS
                SELECT source_row, first_value(source_row) OVER w AS first_row, row_number() OVER w AS n
                FROM import_mapped WHERE NOT rejected AND cadastral_number IS NULL
                WINDOW w AS (PARTITION BY md5(ST_AsEWKB(ST_Normalize(geom))) ORDER BY source_row)
                """);
        reject(
                "duplicate_geometry",
                "'the same plot as row ' || d.first_row || ' (identical geometry, no cadastral number)'",
                "d.source_row = m.source_row AND d.n > 1",
                "import_duplicate d");
        execute("DROP TABLE import_duplicate");

        for (String[] required : new String[][] {{"status", "plot_status"}, {"land_category", "land_category"}}) {
            String field = required[0];
            String known = one("SELECT string_agg(code, ', ' ORDER BY code) FROM " + required[1]);
            reject(
                    "missing_" + field,
                    "'the plot has no " + field.replace('_', ' ') + "'" + sourceHint(field),
                    "m." + field + " IS NULL");
            reject(
                    "unknown_" + field,
                    "'the " + field.replace('_', ' ') + " ''' || m." + field + " || ''' is not known: map it in the"
                            + " profile''s values (known codes: " + known + ")'",
                    "NOT EXISTS (SELECT 1 FROM " + required[1] + " k WHERE k.code = m." + field + ")");
        }
        String rights = one("SELECT string_agg(code, ', ' ORDER BY code) FROM right_type");
        warnAndClear(
                "unknown_right_type",
                "'the right type ''' || m.right_type || ''' is not known and was left empty (known codes: " + rights
                        + ")'",
                "m.right_type IS NOT NULL AND NOT EXISTS (SELECT 1 FROM right_type k WHERE k.code = m.right_type)",
                "right_type = NULL");
        warnAndClear(
                "bad_number",
                "'the declared area ''' || m.f_area || ''' is not a positive number; it was left empty'",
                "m.f_area IS NOT NULL AND (m.area_declared_ha IS NULL OR m.area_declared_ha <= 0"
                        + " OR m.area_declared_ha >= 1e10)",
                "area_declared_ha = NULL");
        warnAndClear(
                "bad_number",
                "'the starting price ''' || m.f_price || ''' is not a number of tenge; it was left empty'",
                "m.f_price IS NOT NULL AND (m.starting_price_kzt IS NULL OR m.starting_price_kzt < 0"
                        + " OR m.starting_price_kzt >= 1e14)",
                "starting_price_kzt = NULL");
        warnAndClear(
                "bad_date",
                "'the auction date ''' || m.f_auction || ''' is not a date (2026-12-01 or 01.12.2026); it was left"
                        + " empty'",
                "m.f_auction IS NOT NULL AND m.auction_date IS NULL",
                "auction_date = NULL");
        warnAndClear(
                "bad_boolean",
                "'divisible ''' || m.f_divisible || ''' is neither yes nor no; it was left empty'",
                "m.f_divisible IS NOT NULL AND m.divisible IS NULL",
                "divisible = NULL");
    }

    private void checkPlacement() throws SQLException {
        if (editorRegions != null) {
            Long[] regions = editorRegions.stream().map(Integer::longValue).toArray(Long[]::new);
            String names = one("SELECT string_agg(name_en, ', ' ORDER BY name_en) FROM region WHERE id = ANY('"
                    + java.util.Arrays.toString(regions).replace('[', '{').replace(']', '}') + "'::bigint[])");
            reject(
                    "outside_region",
                    "'the plot lies outside your region" + (regions.length > 1 ? "s" : "") + " ("
                            + (names == null ? "none" : names.replace("'", "''")) + "): you may not import it'",
                    "NOT EXISTS (SELECT 1 FROM region r WHERE r.id = ANY('"
                            + java.util.Arrays.toString(regions)
                                    .replace('[', '{')
                                    .replace(']', '}')
                            + "'::bigint[]) AND ST_Intersects(r.geom, ST_PointOnSurface(m.geom)))");
        }
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message)
                SELECT %d, source_row, 'warning', 'area_mismatch',
                       'the declared area ' || area_declared_ha::float8 || ' ha differs from the drawn area '
                       || round(drawn::numeric, 4) || ' ha by ' || round((100 * abs(area_declared_ha - drawn::numeric) / drawn::numeric), 1) || ' %%'
                FROM (SELECT source_row, area_declared_ha, ST_Area(geom::geography) / 10000 AS drawn
                      FROM import_mapped WHERE NOT rejected AND area_declared_ha IS NOT NULL) a
                WHERE drawn > 0 AND abs(area_declared_ha - drawn::numeric) > %s * drawn::numeric
                """.formatted(revision, PlotImporter.AREA_TOLERANCE));
        execute("CREATE INDEX ON import_mapped USING gist (geom) WHERE NOT rejected");
        execute("ANALYZE import_mapped");
        // Neighbouring plots touch along their boundaries: computing the intersection of every pair
        // would cost a GEOS overlay each. The overlap of two bounding boxes bounds the overlap of the
        // plots, so only pairs whose boxes overlap by more than the threshold are intersected.
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message)
                SELECT %1$d, row_, 'warning', 'overlap',
                       'overlaps row ' || other || ' by ' || round((100 * share)::numeric, 1) || ' %% of the smaller plot'
                FROM (SELECT a_row, b_row, ST_Area(ST_Intersection(a_geom, b_geom)) / smaller AS share
                      FROM (SELECT a.source_row AS a_row, b.source_row AS b_row, a.geom AS a_geom, b.geom AS b_geom,
                                   least(a.area, b.area) AS smaller,
                                   greatest(0, least(a.box_x1, b.box_x1) - greatest(a.box_x0, b.box_x0))
                                   * greatest(0, least(a.box_y1, b.box_y1) - greatest(a.box_y0, b.box_y0)) AS box_overlap
                            FROM import_mapped a JOIN import_mapped b ON a.geom && b.geom AND a.source_row < b.source_row
                            WHERE NOT a.rejected AND NOT b.rejected) pairs
                      WHERE box_overlap > %2$s * smaller) o
                CROSS JOIN LATERAL (VALUES (a_row, b_row), (b_row, a_row)) AS pair (row_, other)
                WHERE share > %2$s
                """.formatted(revision, PlotImporter.OVERLAP_SHARE));
    }

    private void snapshot() throws SQLException {
        execute("""
                INSERT INTO plot_snapshot (layer_revision_id, source_row, plot_key, cadastral_number, geom,
                                           area_declared_ha, land_category, intended_purpose_kk, intended_purpose_ru,
                                           permitted_use, right_type, divisible, status, address, auction_date,
                                           starting_price_kzt, extra)
                SELECT %d, source_row, plot_key(cadastral_number, geom), cadastral_number, geom,
                       area_declared_ha, land_category, intended_purpose_kk, intended_purpose_ru,
                       permitted_use, right_type, divisible, status, address, auction_date,
                       starting_price_kzt, extra
                FROM import_mapped WHERE NOT rejected
                ORDER BY source_row
                """.formatted(revision));
    }

    /**
     * File-level warnings about text decoded with the wrong code page (Cyrillic that came out as
     * Latin letters, box-drawing signs or Serbian letters) and about characters already lost in the
     * file (question marks inside Cyrillic words, as when Kazakh letters are saved in CP1251).
     */
    private void checkEncoding(Map<String, String> columns) throws SQLException {
        List<String> text = columns.entrySet().stream()
                .filter(e ->
                        e.getValue().equals("character varying") || e.getValue().equals("text"))
                .map(e -> "s." + quote(e.getKey()))
                .toList();
        if (text.isEmpty()) {
            return;
        }
        Map<String, String[]> patterns = new LinkedHashMap<>();
        patterns.put("latin", new String[] {
            "[À-ÿ]{4,}|[ÐÑ][\u0080-\u00bf]",
            "Cyrillic text decoded as Latin-1: the file's code page was not known; pass --encoding CP1251 (or UTF-8)"
        });
        patterns.put("box", new String[] {
            "[\u2500-\u259f]{2,}",
            "Cyrillic text decoded as CP866 (DOS) although it is in another code page; pass --encoding CP1251"
        });
        patterns.put("serbian", new String[] {
            "[" + CYRILLIC + "][ЂЃЉЊЌЋЏђѓљњќћџ‡‰]|[ЂЃЉЊЌЋЏђѓљњќћџ‡‰][" + CYRILLIC + "]",
            "letters that Kazakh and Russian do not use appear inside words: the text is probably in the Kazakh"
                    + " code page; pass --encoding PT154 (KZ-1048), or CP866 for DOS-era files"
        });
        patterns.put("lost", new String[] {
            "[" + CYRILLIC + "]\\?[" + CYRILLIC + "]|\\?{3,}|\ufffd",
            "characters were lost before or while decoding (a question mark or \ufffd inside a word): Kazakh"
                    + " letters (Ә Ғ Қ Ң Ө Ұ Ү Һ І) do not exist in CP1251 or CP866; ask for the file in UTF-8 or"
                    + " PT154"
        });
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> selects = new ArrayList<>();
        for (String[] p : patterns.values()) {
            String match = "t ~ " + literal(p[0]);
            selects.add("count(*) FILTER (WHERE " + match + ")");
            selects.add("min(source_row) FILTER (WHERE " + match + ")");
        }
        sql.append(String.join(", ", selects))
                .append(" FROM (SELECT s.source_row, concat_ws(' | ', ")
                .append(String.join(", ", text))
                .append(") AS t FROM staging.")
                .append(staging)
                .append(" s) x");
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql.toString())) {
            rs.next();
            int i = 1;
            for (Map.Entry<String, String[]> p : patterns.entrySet()) {
                long count = rs.getLong(i++);
                long first = rs.getLong(i++);
                if (count > 0) {
                    String example = one("SELECT left(concat_ws(' | ', " + String.join(", ", text)
                            + "), 80) FROM staging." + staging + " s WHERE source_row = " + first);
                    fileIssue(
                            "warning",
                            p.getKey().equals("lost") ? "text_lost" : "wrong_encoding",
                            p.getValue()[1] + ". " + count + " feature" + (count == 1 ? "" : "s") + ", first row "
                                    + first + ": \"" + example + "\"");
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Rejects the features not yet rejected that match {@code where} (over {@code m} and {@code from}). */
    private void reject(String code, String message, String where) throws SQLException {
        reject(code, message, where, null);
    }

    private void reject(String code, String message, String where, String from) throws SQLException {
        execute("""
                WITH hit AS (
                    UPDATE import_mapped m SET rejected = true %s
                    WHERE NOT m.rejected AND (%s)
                    RETURNING m.source_row, %s AS message)
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message)
                SELECT %d, source_row, 'rejected', %s, message FROM hit
                """.formatted(from == null ? "" : "FROM " + from, where, message, revision, literal(code)));
    }

    /** Reports the features that match {@code where} and clears the value that cannot be read. */
    private void warnAndClear(String code, String message, String where, String clear) throws SQLException {
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message)
                SELECT %d, m.source_row, 'warning', %s, %s FROM import_mapped m WHERE NOT m.rejected AND (%s)
                """.formatted(revision, literal(code), message, where));
        execute("UPDATE import_mapped m SET " + clear + " WHERE NOT m.rejected AND (" + where + ")");
    }

    private String sourceHint(String field) {
        List<String> candidates = profile.fields().getOrDefault(field, List.of());
        return candidates.isEmpty()
                ? " || ': the profile " + profile.name().replace("'", "''") + " maps no field to it'"
                : " || ' (field " + String.join(" or ", candidates).replace("'", "''") + ")'";
    }

    private void fileIssue(String severity, String code, String message) throws SQLException {
        PlotImporter.issue(c, revision, severity, code, message);
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private String one(String sql) throws SQLException {
        return PlotImporter.one(c, sql);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String toJson(Map<String, String> values) {
        return JsonMapper.builder().build().writeValueAsString(values);
    }
}
