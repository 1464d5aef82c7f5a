package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import kz.adalmap.importers.profile.MappingProfile;
import kz.adalmap.importers.report.Detail;
import kz.adalmap.importers.validate.AreaUnits;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Maps the staging table of one import to the canonical plot fields with the import's profile,
 * checks every feature (geometry and its repair, cadastral numbers, values, declared against drawn
 * area, overlaps, placement) and writes the accepted ones to the revision's snapshot.
 */
final class PlotValidation extends FeatureValidation {

    private final int layerId;
    private final Long basedOn;
    private FileComparison comparison;
    private final String sourceCrs;

    /**
     * @param layerId the layer imported into: its own public plots are not "another layer's"
     * @param basedOn the layer's published revision the draft is compared with, or null
     * @param comparison the file compared row by row with {@code basedOn}'s: only the rows it lists
     *     are checked; null to check every feature
     * @param sourceCrs the coordinate system the file's coordinates were read in (WKT, a PROJ string
     *     or an EPSG code), null when they are EPSG:4326's longitude and latitude as stored
     */
    PlotValidation(
            Connection c,
            String staging,
            long revision,
            MappingProfile profile,
            Set<Integer> editorRegions,
            int layerId,
            Long basedOn,
            String sourceCrs) {
        super(c, staging, revision, profile, editorRegions);
        this.layerId = layerId;
        this.basedOn = basedOn;
        this.sourceCrs = sourceCrs;
    }

    /**
     * Checks only the rows {@code comparison} lists (null: every feature). Given after {@link
     * #readings}, which it is made by.
     */
    void compareWith(FileComparison comparison) {
        this.comparison = comparison;
    }

    /** The staging table's columns, read once. */
    private Map<String, String> columns;

    /** The fields whose values a file's width may have cut ({@link #wordsCutByTheirWidth}). */
    private static final List<String> CUT_FIELDS = List.of("land_category", "right_type", "status");

    /**
     * Per field of {@link #CUT_FIELDS} the profile has words for, the length of the longest value in
     * the whole file and how many rows hold a value as long: found by difference before the rows are
     * mapped ({@link #widthsByDifference}), else from every row once mapped.
     */
    private final Map<String, long[]> widths = new java.util.TreeMap<>();

    /**
     * How the whole file reads each of its rows where the reading of a row depends on the others: the
     * unit of the declared areas, and how the commas of the areas and the prices are read (each found
     * once, over every row). A row carried over from an earlier revision's report was read with that
     * revision's: the file is compared with it only when the two are the same ({@link
     * FileComparison#prepare}), and the longest values of the fields whose values may be cut too
     * ({@link #widthsByDifference}).
     */
    Map<String, Object> readings() throws SQLException {
        execute("SET LOCAL client_min_messages = warning");
        columns = stagingColumns();
        Map<String, Object> out = new java.util.TreeMap<>();
        out.put("area_unit", areaUnit(columns));
        out.put("area_comma", comma("area_declared_ha", columns).replace("'", ""));
        out.put("price_comma", comma("starting_price_kzt", columns).replace("'", ""));
        return out;
    }

    /** The staging column the plots' cadastral numbers are read from, as the rows were; null when none is. */
    String cadastralColumn() throws SQLException {
        if (columns == null) {
            columns = stagingColumns();
        }
        return chosenColumn("cadastral_number", columns);
    }

    /** {@link #widths}, for the report: per field, the longest value's length and the rows as long. */
    Map<String, List<Long>> widths() {
        Map<String, List<Long>> out = new java.util.TreeMap<>();
        widths.forEach((field, width) -> out.put(field, List.of(width[0], width[1])));
        return out;
    }

    /** The fields of {@link #CUT_FIELDS} the profile has words for, as only those are read as cut. */
    private List<String> cutFields() {
        return CUT_FIELDS.stream()
                .filter(field -> !profile.values().getOrDefault(field, Map.of()).isEmpty())
                .toList();
    }

    /** SQL: the value of {@code field} a row is read with, as its width is measured (a right type «-» is none). */
    private String widthValue(String field, String value) {
        return field.equals("right_type") ? "CASE WHEN " + value + " !~ '" + DASH + "' THEN " + value + " END" : value;
    }

    /**
     * Finds {@link #widths} of the file by difference with those of the earlier file ({@code before},
     * its report's): from the rows checked again as either file has them, and the earlier file's rows
     * past the end of this one; from every row only when each row as long as the earlier longest
     * changed to a shorter one. False when the unchanged rows would be read otherwise: the longest value
     * of a field is another, and an unchanged row was read as cut by the earlier one, or holds a right
     * type not known as long as the new one.
     */
    boolean widthsByDifference(FileComparison comparison, JsonNode before) throws SQLException {
        List<String> fields = cutFields();
        if (fields.isEmpty()) {
            return true;
        }
        if (before == null || !before.isObject()) {
            return false;
        }
        String base = FileComparison.sourceTable(comparison.baseRevision);
        // of each field in one reading of the rows checked again: the longest of them, how many of them
        // are as long, and how many of them and of the earlier rows are as long as the earlier longest
        List<String> measured = new ArrayList<>();
        List<List<String>> fieldParams = new ArrayList<>();
        List<String> rowParams = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<String> tops = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        for (int f = 0; f < fields.size(); f++) {
            String field = fields.get(f);
            JsonNode was = before.get(field);
            if (was == null || was.size() != 2) {
                return false;
            }
            List<String> params = new ArrayList<>();
            String value = widthValue(field, fieldExpression(field, columns, params, new ArrayList<>()));
            measured.add(value);
            fieldParams.add(params);
            for (int use = 0; use < (field.equals("right_type") ? 2 : 1); use++) {
                rowParams.addAll(params);
            }
            values.add(value + " AS v" + f);
            tops.add("coalesce(max(length(v" + f + ")) FILTER (WHERE now), 0) AS l" + f);
            long longest = was.get(0).asLong();
            counts.add("(SELECT l" + f + " FROM top), count(*) FILTER (WHERE now AND length(v" + f + ") = (SELECT l" + f
                    + " FROM top)), count(*) FILTER (WHERE now AND length(v" + f + ") = " + longest
                    + "), count(*) FILTER (WHERE NOT now AND length(v" + f + ") = " + longest + ")");
        }
        long[] all = lengths(
                """
                WITH x AS (SELECT true AS now, %1$s FROM %2$s
                           UNION ALL
                           SELECT false, %1$s FROM %3$s
                           UNION ALL
                           SELECT false, %1$s FROM staging.%4$s s WHERE s.source_row > %5$d),
                     top AS (SELECT %6$s FROM x)
                SELECT %7$s FROM x
                """.formatted(
                                String.join(", ", values),
                                FileComparison.rowsAt(staging, "import_recheck"),
                                FileComparison.rowsAt(base, "import_recheck"),
                                quote(base),
                                comparison.features,
                                String.join(", ", tops),
                                String.join(", ", counts)),
                rowParams,
                3);
        for (int f = 0; f < fields.size(); f++) {
            String field = fields.get(f);
            JsonNode was = before.get(field);
            long longest = was.get(0).asLong();
            long[] changed = java.util.Arrays.copyOfRange(all, 4 * f, 4 * f + 4);
            long[] width;
            long unchangedAsLong = was.get(1).asLong() - changed[3];
            if (changed[0] > longest) {
                width = new long[] {changed[0], changed[1]};
            } else if (longest == 0 || unchangedAsLong + changed[2] > 0) {
                width = new long[] {longest, unchangedAsLong + changed[2]};
            } else {
                // every row as long as the longest changed to a shorter one: how long is the longest now
                width = lengths(
                        """
                        WITH x AS (SELECT %s AS v FROM staging.%s s),
                             top AS (SELECT coalesce(max(length(v)), 0) AS l FROM x)
                        SELECT (SELECT l FROM top), count(*) FILTER (WHERE length(v) = (SELECT l FROM top)) FROM x
                        """.formatted(measured.get(f), quote(staging)),
                        fieldParams.get(f),
                        field.equals("right_type") ? 2 : 1);
            }
            if (width[0] != longest) {
                // an unchanged row read as cut, which would not be now; a right type not known, kept
                // with the row, which would be read as cut now (a status or category not known is refused,
                // and its row checked again)
                String readOtherwise = one("""
                        SELECT 1 FROM import_issue i
                        WHERE i.layer_revision_id = %1$d AND i.source_row <= %2$d AND %3$s
                          AND (i.code = '%4$s_cut'
                               OR (i.code = 'unknown_%4$s' AND length(i.detail ->> 'value') = %5$d))
                        LIMIT 1
                        """.formatted(
                                comparison.baseRevision,
                                comparison.features,
                                FileComparison.notRechecked("i.source_row"),
                                field,
                                width[0]));
                if (readOtherwise != null) {
                    widths.clear();
                    return false;
                }
            }
            widths.put(field, width);
        }
        return true;
    }

    /** The numbers {@code sql} selects (one row), its {@code params} given {@code times} over. */
    private long[] lengths(String sql, List<String> params, int times) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int n = 1;
            for (int time = 0; time < times; time++) {
                for (String param : params) {
                    ps.setString(n++, param);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long[] out = new long[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = rs.getLong(i + 1);
                }
                return out;
            }
        }
    }

    /** {@link #widths} from every row of {@code import_mapped}, as mapped: when not found by difference. */
    private void widthsOfMapped() throws SQLException {
        for (String field : cutFields()) {
            if (widths.containsKey(field)) {
                continue;
            }
            String[] width = one("""
                    WITH x AS (SELECT length(%s) AS l FROM import_mapped m)
                    SELECT coalesce(max(l), 0) || ' ' || count(*) FILTER (WHERE l = (SELECT max(l) FROM x)) FROM x
                    """.formatted(widthValue(field, "m." + field))).split(" ");
            widths.put(field, new long[] {Long.parseLong(width[0]), Long.parseLong(width[1])});
        }
    }

    @Override
    void run() throws SQLException {
        execute("SET LOCAL client_min_messages = warning");
        createMapped();
        if (comparison == null) {
            checkEncoding(columns);
            map(columns, null);
        } else {
            reportTextDamage(columns, textDamageByDifference(columns));
            map(columns, FileComparison.rowsAt(staging, "import_recheck"));
            if (comparison.pullIn(c) > 0) {
                map(columns, FileComparison.rowsAt(staging, "import_pulled"));
            }
        }
        widthsOfMapped();
        reportMissingFields(MappingProfile.PLOT_FIELDS, columns);
        reportNotACadastre(columns);
        reportAreaUnit();
        checkGeometry();
        checkAttributes();
        rejectKazakhLettersLost();
        checkPlacement();
        findRedrawnPlots();
        snapshot();
        keepPublishedVersions();
        if (comparison != null) {
            comparison.carryOver(c, revision);
        }
        execute("DROP TABLE import_mapped");
    }

    /**
     * The signs of code-page damage in the new file, from the earlier file's count: its damaged
     * rows, less those of its rows that changed or are gone, plus the damaged rows checked again.
     */
    private Map<String, TextDamage> textDamageByDifference(Map<String, String> columns) throws SQLException {
        Map<String, TextDamage> fresh = countTextDamage(columns, FileComparison.rowsAt(staging, "import_recheck"));
        String base = FileComparison.sourceTable(comparison.baseRevision);
        boolean baseDamaged = comparison.baseTextDamage.values().stream().anyMatch(d -> d.features() > 0);
        // an earlier file without damage has none to take away
        Map<String, TextDamage> gone = !baseDamaged
                ? Map.of()
                : countTextDamage(
                        columns,
                        "(SELECT * FROM " + FileComparison.rowsAt(base, "import_recheck")
                                + " UNION ALL SELECT * FROM staging." + base + " s WHERE s.source_row > "
                                + comparison.features + ") s");
        Map<String, TextDamage> out = new LinkedHashMap<>();
        for (Map.Entry<String, TextDamage> e : fresh.entrySet()) {
            TextDamage before = comparison.baseTextDamage.getOrDefault(e.getKey(), new TextDamage(0, 0));
            // (an earlier report may not know the sign: it counted none)
            long count = Math.max(
                    0,
                    before.features()
                            - gone.getOrDefault(e.getKey(), new TextDamage(0, 0))
                                    .features()
                            + e.getValue().features());
            long first = 0;
            if (count > 0) {
                boolean earlierStays = before.firstRow() > 0
                        && before.firstRow() <= comparison.features
                        && one("SELECT 1 FROM import_recheck WHERE source_row = " + before.firstRow()) == null;
                if (earlierStays) {
                    first = e.getValue().features() > 0
                            ? Math.min(before.firstRow(), e.getValue().firstRow())
                            : before.firstRow();
                } else {
                    first = firstWithTextDamage(columns, e.getKey());
                }
            }
            out.put(e.getKey(), new TextDamage(count, first));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // mapping

    /**
     * Creates {@code import_mapped}: per feature the canonical fields as text after the profile's
     * field choice, value map and defaults ({@code f_*}), the typed values read from them, and the
     * unmapped fields as {@code extra}.
     */
    private void createMapped() throws SQLException {
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
                    box_x0 float8, box_y0 float8, box_x1 float8, box_y1 float8, area float8,
                    -- of a geometry repaired: the parts (from 1) that enclose no area in the file's own
                    -- coordinates, its area as drawn, and the length (m) and number of the spurs cut
                    collapsed integer[], drawn float8, spur float8, spurs integer,
                    -- of a geometry valid in longitude and latitude but not in the file's own coordinates
                    -- (a projected file's): the geometry there and why it is invalid, located in degrees
                    in_file geometry, file_reason text,
                    -- the repair that keeps the structure of the rings (outlines less holes), beside
                    -- the default one in repaired: the one nearer the area drawn is kept
                    structure geometry,
                    -- what a collection held besides the plot's polygons ('points', 'lines'), left out
                    left_out text,
                    -- the key of the numberless plot of the layer a numberless feature redraws
                    kept_key text,
                    -- the key of the plot of the layer a feature under another key is (registered,
                    -- renumbered, or its number dropped)
                    previous_key text
                ) ON COMMIT DROP
                """);
    }

    /** Hectares per unit of the file's declared areas. */
    private double areaFactor = 1.0;

    /** Maps the features of {@code rows} (a FROM item {@code s} over staging), or all when null. */
    private void map(Map<String, String> columns, String rows) throws SQLException {
        List<String> params = new ArrayList<>();
        List<String> used = new ArrayList<>();
        Map<String, String> expr = new LinkedHashMap<>();
        for (String field : MappingProfile.PLOT_FIELDS) {
            expr.put(field, fieldExpression(field, columns, params, used));
        }
        String extra = extraExpression(columns, used);
        areaFactor = hectaresPer(areaUnit(columns));
        long tengePer = priceFactor(columns);
        String sql = """
                INSERT INTO import_mapped (source_row, geom, f_cadastral, cadastral_number, f_area, area_declared_ha,
                        land_category, intended_purpose_kk, intended_purpose_ru, permitted_use, right_type,
                        f_divisible, divisible, status, address, f_auction, auction_date, f_price, starting_price_kzt,
                        extra, box_x0, box_y0, box_x1, box_y1, area, left_out)
                SELECT source_row, geom, f_cadastral,
                       -- a number longer than a cadastral number can be is none (the table keeps 32)
                       substring(cadastral_normalize(f_cadastral) FROM '^.{1,32}$'),
                       f_area,
                       -- «0,25 га», «2 500 м²»: the unit written wins over the field's
                       try_area_ha(f_area, %s, %s),
                       land_category, intended_purpose_kk, intended_purpose_ru, permitted_use, right_type,
                       f_divisible,
                       CASE lower(f_divisible) WHEN 'true' THEN true WHEN 't' THEN true WHEN 'false' THEN false
                                               WHEN 'f' THEN false END,
                       status, address, f_auction, try_date(f_auction), f_price,
                       -- «2 500 тыс. тенге», «2 500 000 тг»: the unit written wins over the field's
                       try_price_kzt(f_price, %s)%s,
                       extra,
                       ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom), ST_Area(geom),
                       left_out
                FROM (SELECT s.source_row,
                             -- a collection with polygons (as some tools export a plot of several
                             -- parts, or KML a plot with the point its label hangs on) is the
                             -- multi-polygon of those; points and lines beside them are left out, and said
                             CASE WHEN GeometryType(s.geom) = 'GEOMETRYCOLLECTION'
                                       AND NOT ST_IsEmpty(ST_CollectionExtract(s.geom, 3))
                                  THEN ST_CollectionExtract(s.geom, 3)
                                  ELSE ST_Multi(s.geom) END AS geom,
                             CASE WHEN GeometryType(s.geom) = 'GEOMETRYCOLLECTION'
                                       AND NOT ST_IsEmpty(ST_CollectionExtract(s.geom, 3))
                                  THEN nullif(concat_ws(' and ',
                                           CASE WHEN NOT ST_IsEmpty(ST_CollectionExtract(s.geom, 1)) THEN 'points' END,
                                           CASE WHEN NOT ST_IsEmpty(ST_CollectionExtract(s.geom, 2)) THEN 'lines' END),
                                       '') END AS left_out,
                             %s AS f_cadastral, %s AS f_area, %s AS land_category, %s AS intended_purpose_kk,
                             %s AS intended_purpose_ru, %s AS permitted_use, %s AS right_type, %s AS f_divisible,
                             %s AS status, %s AS address, %s AS f_auction, %s AS f_price, %s AS extra
                      FROM %s
                      -- each field read once, not once per reference below
                      OFFSET 0) m
                """.formatted(
                comma("area_declared_ha", columns),
                Double.toString(areaFactor),
                comma("starting_price_kzt", columns),
                // the field's unit of tenge, unless the value names its own; with the field's unit
                // one tenge, nothing to ask of each value (a function PostgreSQL does not fold in,
                // about 35 µs a price)
                tengePer == 1 ? "" : " * CASE WHEN price_written(f_price) IS NULL THEN " + tengePer + " ELSE 1 END",
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
                rows == null ? "staging." + staging + " s" : rows);
        insertMapped(sql, params);
    }

    /** The unit of the declared areas once found ({@link #areaUnit}), and why when not by the profile. */
    private String areaUnit;

    private Detail areaUnitSaid;

    /**
     * The unit of the file's declared areas, {@code ha} or {@code m2}: the profile's when it states
     * one, else the one the area field's name says ({@link AreaUnits#named}), else hectares. A unit read
     * from the name, or a name that says another unit than the profile's, is said in the report once
     * ({@link #reportAreaUnit}).
     */
    private String areaUnit(Map<String, String> columns) throws SQLException {
        if (areaUnit != null) {
            return areaUnit;
        }
        String column = chosenColumn("area_declared_ha", columns);
        String named = column == null ? null : AreaUnits.named(shownName(column));
        if (profile.areaUnit() != null) {
            areaUnit = profile.areaUnit();
            if (named != null && !named.equals(areaUnit)) {
                areaUnitSaid = Detail.of(
                        "area_unit_name_overruled_" + areaUnit + (named.equals("sotka") ? "_sotkas" : ""),
                        "the field '{column}' is named as if its areas were in " + AREA_UNIT_WORDS.get(named)
                                + "; the profile {profile} reads them in " + AREA_UNIT_WORDS.get(areaUnit)
                                + ", and they were read so",
                        "column",
                        column,
                        "profile",
                        profile.name());
            }
        } else if (named != null) {
            areaUnit = named;
            if (named.equals("m2")) {
                areaUnitSaid = Detail.of(
                        "area_unit_named_square_metres",
                        "the field '{column}' gives the declared areas in square metres, as its name says: they were"
                                + " read so and stored in hectares",
                        "column",
                        column);
            } else if (named.equals("sotka")) {
                areaUnitSaid = Detail.of(
                        "area_unit_named_sotkas",
                        "the field '{column}' gives the declared areas in sotkas (hundredths of a hectare), as its"
                                + " name says: they were read so and stored in hectares",
                        "column",
                        column);
            }
        } else if (column != null && drawnInSquareMetres(column, columns)) {
            areaUnit = "m2";
            areaUnitSaid = Detail.of(
                    "area_unit_drawn_square_metres",
                    "the declared areas of {count} of {declared} features are about 10,000 times their drawn areas,"
                            + " and the field '{column}' names no unit: they were read as square metres and stored in"
                            + " hectares; name the field «Площадь, кв.м» to say so",
                    "count",
                    areasInMetres[0],
                    "declared",
                    areasInMetres[1],
                    "column",
                    column);
        } else {
            areaUnit = "ha";
            String unknown = column == null
                    ? null
                    : unknownUnit(shownName(column), AreaUnits.SQUARE_METRES, AreaUnits.HECTARES, AreaUnits.SOTKAS);
            if (unknown != null) {
                areaUnitSaid = Detail.of(
                        AREA_UNIT_UNKNOWN,
                        "the field '{column}' names '{unit}' after the field, which is no unit the import knows (га,"
                                + " кв.м, сот.): its values were read as hectares; convert them to one of those and name"
                                + " it",
                        "column",
                        shownName(column),
                        "unit",
                        unknown);
            }
        }
        return areaUnit;
    }

    /**
     * The report code of the warning that the file has neither cadastral numbers nor a field of status,
     * so that every plot would be published under the profile's default status, free, known by its
     * outline alone: more likely a file that is not a cadastre at all (OpenStreetMap's land use, whose
     * polygons are forests and factories) than a department's list. Held back from {@code import
     * --publish} until someone has looked ({@link LayerImporter#REVIEW_WARNINGS}).
     */
    static final String NOT_A_CADASTRE = "not_a_cadastre";

    /** The fields of OpenStreetMap's extracts (Geofabrik's, ogr2ogr's of an .osm.pbf, QuickOSM's). */
    private static final List<String> OSM_FIELDS = List.of("osm_id", "osm_way_id", "osm_type", "fclass", "other_tags");

    /** Says {@link #NOT_A_CADASTRE} of a file without a field of the cadastral number and without one of status. */
    private void reportNotACadastre(Map<String, String> columns) throws SQLException {
        String status = profile.defaults().get("status");
        if (status == null
                || chosenColumn("cadastral_number", columns) != null
                || chosenColumn("status", columns) != null) {
            return;
        }
        List<String> osm = columns.keySet().stream()
                .filter(column -> OSM_FIELDS.contains(MappingProfile.laundered(column)))
                .toList();
        boolean ofOsm = osm.stream()
                .anyMatch(column -> List.of("osm_id", "osm_way_id").contains(MappingProfile.laundered(column)));
        fileIssue(
                "warning",
                NOT_A_CADASTRE,
                ofOsm
                        ? Detail.of(
                                "not_a_cadastre_osm",
                                "the fields {fields} are OpenStreetMap's: the file is a map's land use, buildings or"
                                        + " roads, not a land department's plots, and each of its polygons would be"
                                        + " published as a plot '{value}' without a cadastral number; import the"
                                        + " department's cadastre export instead, and publish this draft only if its"
                                        + " polygons are plots after all",
                                "fields",
                                osm.stream()
                                        .map(column -> "'" + shownName(column) + "'")
                                        .toList(),
                                "value",
                                codeOrText("status", status))
                        : Detail.of(
                                "not_a_cadastre",
                                "the file has neither cadastral numbers nor a field of status: every plot of it"
                                        + " would be published as '{value}', known only by its outline; publish this"
                                        + " draft if it is the department's list of such plots, not if its polygons"
                                        + " are something else (a map's land use or buildings, another program's"
                                        + " layer)",
                                "value",
                                codeOrText("status", status)));
    }

    /** The report key of the warning that an area field's name says a unit the import does not know. */
    static final String AREA_UNIT_UNKNOWN = "area_unit_unknown";

    /** The report key of the warning that a price field's name says a unit the import does not know. */
    static final String PRICE_UNIT_UNKNOWN = "price_unit_unknown";

    /** How {@link AreaUnits#named}'s units are written in the report. */
    private static final Map<String, String> AREA_UNIT_WORDS =
            Map.of("m2", "square metres", "ha", "hectares", "sotka", "sotkas (hundredths of a hectare)");

    /** Hectares per unit of {@link AreaUnits#named}: {@code m2}, {@code sotka}, else ({@code ha}) 1. */
    static double hectaresPer(String unit) {
        return "m2".equals(unit) ? 0.0001 : "sotka".equals(unit) ? 0.01 : 1.0;
    }

    /**
     * What a field's name writes after a comma or in brackets at its end, as a unit is written
     * («Площадь, акр», «Цена (USD)»: a word or two of at most 10 letters), when none of {@code known}
     * is in the name: a unit the import does not know, which must not be read as the stored one
     * unsaid. Null when the name writes nothing so or a unit known.
     */
    static String unknownUnit(String column, java.util.regex.Pattern... known) {
        String name = column.toLowerCase(java.util.Locale.ROOT);
        for (java.util.regex.Pattern unit : known) {
            if (unit.matcher(name).find()) {
                return null;
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "(?:,|\\()[\\s\\u00a0]*([^,()\\s\\u00a0][^,()]*?)[\\s\\u00a0]*\\)?[\\s\\u00a0]*$")
                .matcher(column);
        if (!m.find()) {
            return null;
        }
        String unit = m.group(1);
        boolean unitLike = unit.codePoints().filter(Character::isLetter).count() <= 10
                && unit.split("[\\s\\u00a0]+").length <= 2
                && !unit.matches(".*[0-9].*");
        return unitLike ? unit : null;
    }

    /** The multiplier of the starting prices once found ({@link #priceFactor}). */
    private Long priceFactor;

    /**
     * Tenge per unit of the file's starting prices: 1000 or 1 000 000 when the price field's name
     * says thousands or millions («Начальная цена, тыс. тенге», «Бағасы, млн теңге»), said once in the
     * report; else 1, and a unit the import does not know named after the field said.
     */
    private long priceFactor(Map<String, String> columns) throws SQLException {
        if (priceFactor != null) {
            return priceFactor;
        }
        priceFactor = 1L;
        String column = chosenColumn("starting_price_kzt", columns);
        if (column == null) {
            return priceFactor;
        }
        String name = shownName(column).toLowerCase(java.util.Locale.ROOT);
        String multiplier = null;
        if (BILLIONS.matcher(name).find()) {
            priceFactor = 1_000_000_000L;
            multiplier = "billions";
        } else if (MILLIONS.matcher(name).find()) {
            priceFactor = 1_000_000L;
            multiplier = "millions";
        } else if (THOUSANDS.matcher(name).find()) {
            priceFactor = 1_000L;
            multiplier = "thousands";
        }
        if (multiplier != null) {
            fileIssue(
                    "warning",
                    "price_unit",
                    Detail.of(
                            "price_unit_" + multiplier,
                            "the field '{column}' gives the starting prices in " + multiplier + " of tenge, as its"
                                    + " name says: they were read so and stored in tenge",
                            "column",
                            column));
            return priceFactor;
        }
        String unknown = unknownUnit(shownName(column), TENGE);
        if (unknown != null) {
            fileIssue(
                    "warning",
                    "price_unit",
                    Detail.of(
                            PRICE_UNIT_UNKNOWN,
                            "the field '{column}' names '{unit}' after the field, which is no unit the import knows"
                                    + " (тенге, тыс. тенге, млн тенге): its values were read as tenge; convert them to"
                                    + " one of those and name it",
                            "column",
                            shownName(column),
                            "unit",
                            unknown));
        }
        return priceFactor;
    }

    /** A price field's name that says thousands of tenge: тыс., тысяч, мың, thousand. */
    private static final java.util.regex.Pattern THOUSANDS = AreaUnits.words("тыс|тысяч\\p{L}*|мың|thousand\\p{L}*");

    /** A price field's name that says millions of tenge: млн, миллион, mln, million. */
    private static final java.util.regex.Pattern MILLIONS = AreaUnits.words("млн|миллион\\p{L}*|mln|million\\p{L}*");

    /** A price field's name that says billions of tenge: млрд, миллиард, billion. */
    private static final java.util.regex.Pattern BILLIONS = AreaUnits.words("млрд|миллиард\\p{L}*|bln|billion\\p{L}*");

    /** A price field's name that says tenge: тенге, теңге, тг, ₸, KZT. */
    private static final java.util.regex.Pattern TENGE = AreaUnits.words("тенге|теңге|тг|₸|kzt");

    /**
     * The least number of features, and the share of them, whose declared areas must be about
     * 10,000 times their drawn areas for a field that names no unit to be read in square metres: a
     * file in hectares has its declared areas near its drawn ones, and a few plots drawn wrong do not
     * turn a file's unit.
     */
    static final int SQUARE_METRE_FILE_FEATURES = 3;

    static final double SQUARE_METRE_FILE_SHARE = 0.9;

    /** The features of the whole file whose areas are about 10,000 times drawn, and those with both. */
    private long[] areasInMetres;

    /**
     * Whether nearly all the declared areas of {@code column} in the whole file (not only the rows
     * read again by difference) are about 10,000 times the drawn areas, as square metres read as
     * hectares are: at least {@link #SQUARE_METRE_FILE_FEATURES} features, and {@link
     * #SQUARE_METRE_FILE_SHARE} of those with a declared and a drawn area. An area written with its
     * unit («0,25 га») is read in that unit, and counts against.
     */
    private boolean drawnInSquareMetres(String column, Map<String, String> columns) throws SQLException {
        String[] counts = one("""
                SELECT count(*) FILTER (WHERE r BETWEEN 9000 AND 11000) || ' ' || count(*)
                FROM (SELECT a::float8
                             -- hectares on the plane of degrees, scaled at the box's middle latitude: a
                             -- ratio's nearness to 10,000 needs no spheroid, and a file's invalid
                             -- polygon (a hole listed first) has a negative area, which the spheroid's
                             -- measure refuses with an error
                             / nullif(abs(ST_Area(geom)) * 111319.49 * 111319.49
                                      * cos(radians((ST_YMin(geom) + ST_YMax(geom)) / 2)) / 10000, 0) AS r
                      FROM (SELECT try_area_ha(nullif(trim_blank(s.%1$s::text), ''), %2$s, 1.0) AS a, s.geom
                            FROM staging.%3$s s WHERE s.geom IS NOT NULL
                              -- a point of no number (-inf, NaN) has no cosine: that plot is rejected
                              AND abs(ST_YMin(s.geom)) < 'Infinity' AND abs(ST_YMax(s.geom)) < 'Infinity'
                              AND abs(ST_XMin(s.geom)) < 'Infinity' AND abs(ST_XMax(s.geom)) < 'Infinity') d
                      -- an area past a double's range (1E+309, a number of 310 digits) is none of a
                      -- drawing's, and too large for the layer, said so on its row as a price is
                      WHERE a < 1e300) x
                WHERE r > 0
                """.formatted(quote(column), comma("area_declared_ha", columns), quote(staging)))
                .split(" ");
        areasInMetres = new long[] {Long.parseLong(counts[0]), Long.parseLong(counts[1])};
        return areasInMetres[1] >= SQUARE_METRE_FILE_FEATURES
                && areasInMetres[0] >= SQUARE_METRE_FILE_SHARE * areasInMetres[1];
    }

    /** Says in the report how the unit of the declared areas was found, when not by the profile alone. */
    private void reportAreaUnit() throws SQLException {
        if (areaUnitSaid != null) {
            fileIssue("warning", "area_unit", areaUnitSaid);
        }
    }

    /**
     * SQL: how a comma is read in the values of {@code field} that may be either a thousands
     * separator or a decimal mark («1,500», «150,000»; the {@code comma} argument of {@code
     * try_numeric}): as the field's other values use it, when they show one use only (commas between
     * groups of three, with a point before the decimals; a decimal comma, «0,797»). A price is never
     * read in thousandths of a tenge: only thousands decide it. Null when the field does not tell:
     * such values are left empty and reported.
     */
    private String comma(String field, Map<String, String> columns) throws SQLException {
        String known = commas.get(field);
        if (known == null) {
            known = commaOfField(field, columns);
            commas.put(field, known);
        }
        return known;
    }

    /** {@link #comma} of each field once found: it reads every row of the file. */
    private final Map<String, String> commas = new java.util.HashMap<>();

    private String commaOfField(String field, Map<String, String> columns) throws SQLException {
        String column = chosenColumn(field, columns);
        if (column == null) {
            return "NULL";
        }
        // a field GDAL read as numbers holds no comma: its values are not read through the file again
        String type = one("SELECT data_type FROM information_schema.columns WHERE table_schema = 'staging'"
                + " AND table_name = '" + staging + "' AND column_name = '" + column.replace("'", "''") + "'");
        if (type == null || !(type.equals("text") || type.startsWith("character"))) {
            return "NULL";
        }
        String[] uses = one("SELECT count(*) FILTER (WHERE c = 'thousands') || ' ' || count(*) FILTER (WHERE c ="
                        + " 'decimal') FROM (SELECT number_comma("
                        + (field.equals("area_declared_ha") ? "area_number" : "price_number")
                        + "(nullif(trim_blank(s." + quote(column) + "::text), ''))) AS c FROM staging." + quote(staging)
                        + " s"
                        + " WHERE strpos(s." + quote(column) + "::text, ',') > 0) x")
                .split(" ");
        boolean thousands = Long.parseLong(uses[0]) > 0;
        boolean decimal = Long.parseLong(uses[1]) > 0;
        if (thousands && !decimal) {
            return "'thousands'";
        }
        if (decimal && !thousands && field.equals("area_declared_ha")) {
            return "'decimal'";
        }
        return "NULL";
    }

    // ---------------------------------------------------------------------------------------------
    // checks

    private void checkGeometry() throws SQLException {
        warnOfPartsLeftOut(
                "parts_left_out",
                "the {parts} drawn with the plot (a label's point, a boundary line) were left out: the plot is its"
                        + " polygons",
                "points",
                "lines");
        rejectEmptyOrMisplaced("plot", sourceCrs);
        // a vertex whose coordinate is NaN leaves the box of the others, and an area of NaN
        reject(
                "bad_coordinates",
                DetailSql.of("bad_coordinates_nan", "a coordinate of the geometry is not a number (NaN)"),
                "m.area = 'NaN'::float8");
        String notPolygon = "the geometry is {type}; a plot must be a polygon";
        reject(
                "not_polygon",
                DetailSql.when(
                        "GeometryType(m.geom) LIKE '%POINT'",
                        DetailSql.when(
                                "ST_NumGeometries(m.geom) > 1",
                                DetailSql.of("not_polygon_points", notPolygon.replace("{type}", "several points")),
                                DetailSql.of("not_polygon_point", notPolygon.replace("{type}", "a point"))),
                        DetailSql.when(
                                "GeometryType(m.geom) LIKE '%LINESTRING'",
                                DetailSql.when(
                                        "ST_NumGeometries(m.geom) > 1",
                                        DetailSql.of(
                                                "not_polygon_lines", notPolygon.replace("{type}", "several lines")),
                                        DetailSql.of("not_polygon_line", notPolygon.replace("{type}", "a line"))),
                                DetailSql.when(
                                        // GDAL's reading of a MultiPatch drawn as triangle fans or strips
                                        "GeometryType(m.geom) IN ('TIN', 'TRIANGLE', 'POLYHEDRALSURFACE')",
                                        DetailSql.of(
                                                "not_polygon_surface",
                                                "the geometry is a 3-D surface of triangles (a MultiPatch"
                                                        + " drawn as triangle fans or strips), not the plot's"
                                                        + " outline; a plot must be a polygon: export its outline"
                                                        + " as one"),
                                        DetailSql.of(
                                                "not_polygon",
                                                notPolygon.replace("{type}", "a {type}"),
                                                "type",
                                                "lower(GeometryType(m.geom))")))),
                "GeometryType(m.geom) <> 'MULTIPOLYGON'");
        leaveOutRepeatedParts();
        findPartsWithoutArea();
        findInvalidInFile(sourceCrs);
        repairInvalid(sourceCrs, 3, true);
        // the area a repair is measured against: as the file draws it, its rings read by which lies
        // in which, not by which the file lists first (a hole listed before its outline, as GDAL
        // reads a Shapefile's outline drawn the other way round and converters keep it), without
        // the parts that enclose no area
        keepTheRepairNearerTheDrawing("m.collapsed");
        // a spur, an outline drawn out along a line and back (a surveyor's slip), has no area: the
        // repair cuts it, and the outline is the shorter for it. What a ring's own repair leaves as
        // lines is its spurs: a hole sharing sides with its outline, or parts that overlap, leave
        // lines in the repair of the whole, not of a ring
        execute("""
                UPDATE import_mapped m SET spur = s.length, spurs = s.count
                FROM (SELECT i.source_row, sum(ST_Length(l.geom::geography)) AS length, count(*) AS count
                      FROM import_mapped i, ST_Dump(i.geom) p, ST_DumpRings(p.geom) r,
                           ST_Dump(ST_LineMerge(ST_CollectionExtract(ST_MakeValid(r.geom), 2))) l
                      WHERE NOT i.rejected AND i.repaired IS NOT NULL AND i.collapsed IS NULL
                      GROUP BY i.source_row) s
                WHERE m.source_row = s.source_row AND s.length >= 0.05
                """);
        // the crumbs a repair leaves where an outline touched itself (a hole's corner on the outline,
        // moved by a nanodegree into it when the file's metres became degrees): parts of no area, or
        // of less than a thousandth of the plot's, are no part of the plot
        execute("""
                UPDATE import_mapped m SET repaired = kept.geom
                FROM (SELECT i.source_row, ST_Multi(ST_Collect(d.geom)) AS geom
                      FROM import_mapped i, ST_Dump(i.repaired) d
                      WHERE i.repaired IS NOT NULL AND ST_NumGeometries(i.repaired) > 1
                        AND ST_Area(d.geom) >= 0.001 * ST_Area(i.repaired)
                      GROUP BY i.source_row) kept
                WHERE m.source_row = kept.source_row AND ST_NumGeometries(m.repaired) > ST_NumGeometries(kept.geom)
                """);
        // a bow tie's two halves cancel out to a float's remainder, not to 0: below a millionth of
        // its box, a drawing has no area to compare a repair with
        String change = "(abs(ST_Area(m.repaired) - m.drawn) / CASE WHEN m.drawn"
                + " > 1e-6 * ST_Area(ST_Envelope(m.geom)) THEN m.drawn END)::numeric";
        DetailSql reason = DetailSql.when(
                "m.collapsed IS NULL",
                invalidity("m.geom", "coalesce(m.file_reason, ST_IsValidReason(m.geom))"),
                DetailSql.when(
                        "cardinality(m.collapsed) = ST_NumGeometries(m.geom)",
                        DetailSql.of(
                                "geometry_collapsed",
                                "its outline encloses no area: in the file's own coordinates it runs out and back"
                                        + " along one line"),
                        DetailSql.when(
                                "cardinality(m.collapsed) = 1",
                                DetailSql.of(
                                        "geometry_collapsed_part",
                                        "a part of it encloses no area: in the file's own coordinates its outline"
                                                + " runs out and back along one line"),
                                DetailSql.of(
                                        "geometry_collapsed_parts",
                                        "{count} of its parts enclose no area: in the file's own coordinates their"
                                                + " outlines run out and back along one line",
                                        "count",
                                        "cardinality(m.collapsed)"))));
        // the change in per cent as said: to a tenth when refused and a hundredth when repaired,
        // unless the figure would then be the limit's, which a repaired plot stays under and a
        // refused one reaches; then to a thousandth (0.999 % repaired, 1.005 % refused), a repaired
        // one's cut rather than rounded up, so that no two plots of one report show the same figure
        // with opposite answers
        double limit = 100 * LayerImporter.REPAIR_TOLERANCE;
        String refusedChange = "CASE WHEN round(100 * " + change + ", 1) <= " + limit + " THEN round(100 * " + change
                + ", 3) ELSE round(100 * " + change + ", 1) END";
        String repairedChange = "CASE WHEN round(100 * " + change + ", 2) >= " + limit + " THEN trunc(100 * " + change
                + ", 3) ELSE round(100 * " + change + ", 2) END";
        reject(
                "invalid_geometry",
                DetailSql.when(
                        "round(100 * " + change + ", 1) IS NOT NULL",
                        DetailSql.of(
                                "invalid_geometry_area_change",
                                "the geometry is invalid ({reason}); repairing it would change its area by {change} %,"
                                        + " so it was not imported: correct it in the source",
                                "reason",
                                reason,
                                "change",
                                refusedChange),
                        // a bow tie's two halves cancel out: drawn so, it has no area to compare with
                        DetailSql.of(
                                "invalid_geometry_no_area",
                                "the geometry is invalid ({reason}); repairing it would change its area by an amount"
                                        + " that cannot be told, as drawn it has no area, so it was not imported:"
                                        + " correct it in the source",
                                "reason",
                                reason)),
                "m.repaired IS NOT NULL AND (ST_IsEmpty(m.repaired) OR coalesce(" + change + " >= "
                        + LayerImporter.REPAIR_TOLERANCE + ", true))");
        DetailSql spur = DetailSql.when(
                "m.spurs = 1",
                DetailSql.of("spur", "a spur of about {length} m", "length", "round(m.spur::numeric, 1)"),
                DetailSql.of(
                        "spurs",
                        "{count} spurs, {length} m in all",
                        "count",
                        "m.spurs",
                        "length",
                        "round(m.spur::numeric, 1)"));
        DetailSql repaired = DetailSql.when(
                "m.spur IS NULL",
                DetailSql.of(
                        "invalid_geometry_repaired_area",
                        "the geometry was invalid ({reason}) and was repaired; its area changed by {change} %",
                        "reason",
                        reason,
                        "change",
                        repairedChange),
                DetailSql.of(
                        "invalid_geometry_repaired_spur",
                        "the geometry was invalid ({reason}) and was repaired: the repair cut from its outline what"
                                + " was drawn out along a line and back, enclosing no area ({spur}); its area changed"
                                + " by {change} %",
                        "reason",
                        reason,
                        "spur",
                        spur,
                        "change",
                        repairedChange));
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %d, m.source_row, 'repaired', 'invalid_geometry', %s, %s
                FROM import_mapped m WHERE NOT m.rejected AND m.repaired IS NOT NULL
                """.formatted(revision, repaired.message(), repaired.detail()));
        execute("""
                UPDATE import_mapped SET geom = repaired, box_x0 = ST_XMin(repaired), box_y0 = ST_YMin(repaired),
                                         box_x1 = ST_XMax(repaired), box_y1 = ST_YMax(repaired), area = ST_Area(repaired)
                WHERE NOT rejected AND repaired IS NOT NULL
                """);
    }

    /**
     * How far a straight line of a projected file (UTM, Gauss–Krüger) may bend, per metre, once its
     * points are longitude and latitude: some tan(latitude) / 6,371 km, 2.3e-7 at 55.5° N. A ring of
     * no area in the file, drawn out along a line and back through other points, has the area of
     * that bend in longitude and latitude (0.01 m² for a 100 m line): valid, and a "plot". Four
     * times that bound, so that a line of another projection is held too.
     */
    private static final double BEND_PER_METRE = 1e-6;

    /**
     * A part whose area in the file's own coordinates is less than this share of its perimeter
     * squared has none: the last digits of the coordinates taken there and back (1e-9 m across a 100
     * m line, 2.5e-12 of it), against the least of a plot's (a sliver of 50 m by 1 mm, 5e-6 of it).
     */
    private static final double NO_AREA_SHARE = 1e-8;

    /** Metres of a degree of latitude, and of longitude on the equator: near enough for a bound. */
    private static final double DEGREE = 111_320;

    /**
     * Finds the parts of valid features that enclose no area in the file's own coordinates: outlines
     * drawn out along a line and back, which GEOS finds invalid in longitude and latitude, where the
     * line stays a line, but not once the points of a projected file became longitude and latitude
     * and the line bent. So that the same drawing gets the same answer whatever the file's system,
     * such a part is left out as a repair ({@code collapsed}, {@code repaired}), and a feature of no
     * other part is rejected as having no area. Only the parts too thin for a plot (below the area
     * the bend of {@link #BEND_PER_METRE} could make of them) are taken back to the file's
     * coordinates: in a file of plots, none or a few.
     */
    private void findPartsWithoutArea() throws SQLException {
        // in longitude and latitude, a part's area (in m², at its highest latitude) is at most
        // bend / 12 · its box's diagonal² · its perimeter (m) when it is a bent line; of a feature,
        // from the area and box already measured
        String thin = "%s * cos(radians(%s)) <= " + BEND_PER_METRE / 12 * DEGREE
                + " * ((%s - %s) ^ 2 + (%s - %s) ^ 2) * ST_Perimeter(%s)";
        execute("""
                CREATE TEMP TABLE import_thin ON COMMIT DROP AS
                SELECT row_number() OVER () AS n, i.source_row, d.path[1] AS part, d.geom
                FROM import_mapped i CROSS JOIN LATERAL ST_Dump(i.geom) d
                WHERE NOT i.rejected AND (ST_NumGeometries(i.geom) > 1 OR %s) AND %s
                """.formatted(
                        thin.formatted("i.area", "i.box_y1", "i.box_x1", "i.box_x0", "i.box_y1", "i.box_y0", "i.geom"),
                        thin.formatted(
                                "ST_Area(d.geom)",
                                "ST_YMax(d.geom)",
                                "ST_XMax(d.geom)",
                                "ST_XMin(d.geom)",
                                "ST_YMax(d.geom)",
                                "ST_YMin(d.geom)",
                                "d.geom")));
        if (one("SELECT 1 FROM import_thin LIMIT 1") == null) {
            execute("DROP TABLE import_thin");
            return;
        }
        if (sourceCrs != null) {
            Savepoint before = c.setSavepoint();
            try {
                markPartsWithoutArea(
                        """
                        SELECT t.source_row, t.part, f.geom AS in_file
                        FROM import_thin t JOIN (%s) f ON f.key = t.n
                        """.formatted(InFileCoordinates.inFile("SELECT n AS key, geom FROM import_thin", sourceCrs)));
                c.releaseSavepoint(before);
            } catch (SQLException e) {
                // a definition the database's PROJ does not read (GDAL read the file with its
                // own): the parts are measured as they were placed, which holds a line of a file
                // in longitude and latitude
                c.rollback(before);
                LoggerFactory.getLogger(PlotValidation.class)
                        .info("the file's coordinate system could not be used in the database: {}", e.getMessage());
                markPartsWithoutArea(AS_PLACED);
            }
        } else {
            markPartsWithoutArea(AS_PLACED);
        }
        execute("DROP TABLE import_thin");
    }

    /** SQL: the parts of {@code import_thin} as they were placed, in longitude and latitude. */
    private static final String AS_PLACED = "SELECT source_row, part, geom AS in_file FROM import_thin";

    /**
     * Marks the features of {@code import_thin} whose parts have no area as {@code parts} (SQL of the
     * relation (source_row, part, in_file), each part in the file's own coordinates) draws them.
     */
    private void markPartsWithoutArea(String parts) throws SQLException {
        execute("""
                UPDATE import_mapped m
                SET collapsed = c.parts,
                    repaired = coalesce((SELECT ST_Multi(ST_Collect(d.geom ORDER BY d.path)) FROM ST_Dump(m.geom) d
                                         WHERE d.path[1] <> ALL (c.parts)),
                                        ST_SetSRID('MULTIPOLYGON EMPTY'::geometry, 4326))
                FROM (SELECT source_row, array_agg(part ORDER BY part) AS parts
                      FROM (%s) t
                      WHERE ST_Area(in_file) < %s * ST_Perimeter(in_file) ^ 2
                      GROUP BY source_row) c
                -- an invalid one is repaired as it is: its repair leaves the parts of no area out
                WHERE m.source_row = c.source_row AND ST_IsValid(m.geom)
                """.formatted(parts, NO_AREA_SHARE));
    }

    /**
     * Leaves out the parts of a plot that repeat an earlier part exactly, the same outline (and
     * holes) drawn twice, as a copy and paste in a CAD program leaves it: the plot is the one part,
     * not two that overlap wholly (GEOS's "rings cross", and a repair that halves the area drawn).
     * Said on the row, naming the parts as the file lists them. Exactly: the same points, from
     * whichever point and in whichever direction they are listed ({@code ST_Normalize}), which asks
     * no more of GEOS than to sort them and is safe on invalid parts.
     */
    private void leaveOutRepeatedParts() throws SQLException {
        execute("""
                CREATE TEMP TABLE import_repeated ON COMMIT DROP AS
                SELECT i.source_row, b.path[1] AS part, min(a.path[1]) AS original
                FROM import_mapped i, ST_Dump(i.geom) a, ST_Dump(i.geom) b
                WHERE NOT i.rejected AND ST_NumGeometries(i.geom) > 1 AND a.path[1] < b.path[1]
                  AND a.geom ~= b.geom AND ST_OrderingEquals(ST_Normalize(a.geom), ST_Normalize(b.geom))
                GROUP BY i.source_row, b.path[1]
                """);
        if (one("SELECT 1 FROM import_repeated LIMIT 1") == null) {
            execute("DROP TABLE import_repeated");
            return;
        }
        DetailSql said = DetailSql.of(
                "repeated_part",
                "part {part} of the plot repeats its part {original} exactly (the same outline drawn twice, as a"
                        + " copy and paste leaves it): it was left out, and the plot is read as drawn once",
                "part",
                "r.part",
                "original",
                "r.original");
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %d, r.source_row, 'warning', 'repeated_part', %s, %s
                FROM import_repeated r ORDER BY r.source_row, r.part
                """.formatted(revision, said.message(), said.detail()));
        execute("""
                UPDATE import_mapped m SET geom = k.geom, area = ST_Area(k.geom)
                FROM (SELECT i.source_row, ST_Multi(ST_Collect(d.geom ORDER BY d.path)) AS geom
                      FROM import_mapped i, ST_Dump(i.geom) d
                      WHERE i.source_row IN (SELECT source_row FROM import_repeated)
                        AND NOT EXISTS (SELECT 1 FROM import_repeated r
                                        WHERE r.source_row = i.source_row AND r.part = d.path[1])
                      GROUP BY i.source_row) k
                WHERE m.source_row = k.source_row
                """);
        execute("DROP TABLE import_repeated");
    }

    /**
     * Reads as its {@code field} (a status, land category or right type, whose codes are those of the
     * table {@code codes}) a value the file's field cut to its width when the file was written
     * («право временного возмездного зе», 31 letters of «… землепользования»; «земли особо охраняемых
     * природн»), and says so on its row: a value not known, as long as the longest value of the field in
     * the whole file ({@link #readings}: the field's width, which a cut fills), of 16 letters or more,
     * that begins the profile's words of one code only.
     */
    private void wordsCutByTheirWidth(String field, String codes) throws SQLException {
        Map<String, String> words = profile.values().getOrDefault(field, Map.of());
        if (words.isEmpty()) {
            return;
        }
        DetailSql said = DetailSql.of(
                field + "_cut",
                "the " + field.replace('_', ' ') + " '{value}' fills its field and is the beginning of «{word}»: the"
                        + " field was cut to its width when the file was written, and it was read as that",
                "value",
                "c.value",
                "word",
                "c.word");
        try (PreparedStatement ps = c.prepareStatement("""
                WITH cut AS (
                    SELECT m.source_row, m.%1$s AS value, min(w.key) AS word, min(w.value) AS code
                    FROM import_mapped m, jsonb_each_text(?::jsonb) w
                    WHERE NOT m.rejected AND m.%1$s IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM %2$s k WHERE k.code = m.%1$s)
                      AND length(profile_word(m.%1$s)) >= 16
                      AND length(m.%1$s) = %7$d
                      AND starts_with(w.key, profile_word(m.%1$s))
                    GROUP BY m.source_row, m.%1$s
                    HAVING count(DISTINCT w.value) = 1),
                said AS (
                    INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                    SELECT %3$d, c.source_row, 'warning', %4$s, %5$s, %6$s FROM cut c)
                UPDATE import_mapped m SET %1$s = c.code FROM cut c WHERE m.source_row = c.source_row
                """.formatted(
                        field,
                        codes,
                        revision,
                        literal(field + "_cut"),
                        said.message(),
                        said.detail(),
                        // the longest in the whole file, not only of the rows checked again
                        widths.get(field)[0]))) {
            ps.setString(1, toJson(words));
            ps.executeUpdate();
        }
    }

    /**
     * The region parts cadastral numbers begin with where the regions name none: 01 to 25, the
     * oblasts and the cities of republican significance.
     */
    static final String REGION_PARTS = "^(0[1-9]|1[0-9]|2[0-5])$";

    /**
     * Cadastral numbers of 11 digits typed without separators whose region part is no region's: a
     * spreadsheet's General format made a number of the 12 digits «050859810002» and dropped its 0, and
     * «50859810002» reads as a plot of region 50. When the regions have their codes and the plot lies
     * in the one whose code the 12 digits begin with, the number is read so («05-085-981-0002») and
     * said; otherwise the number is imported as written and the lost 0 said on its row. The region
     * parts are the regions' codes, or {@link #REGION_PARTS} where none has one.
     */
    private void numbersThatLostTheirZero() throws SQLException {
        boolean codes = one("SELECT 1 FROM region WHERE cadastral_code IS NOT NULL LIMIT 1") != null;
        String digits = "regexp_replace(m.f_cadastral, '[.,]0+$', '')";
        String lost = "NOT m.rejected AND m.cadastral_number IS NOT NULL AND m.f_cadastral ~ '^[0-9]{11}([.,]0+)?$'"
                + (codes
                        ? " AND left(m.cadastral_number, 2) NOT IN"
                                + " (SELECT cadastral_code FROM region WHERE cadastral_code IS NOT NULL)"
                        : " AND left(m.cadastral_number, 2) !~ '" + REGION_PARTS + "'");
        String lies = "EXISTS (SELECT 1 FROM region r WHERE r.cadastral_code = '0' || left(" + digits + ", 1)"
                + " AND r.geom && m.geom AND ST_Intersects(r.geom, ST_Centroid(m.geom)))";
        DetailSql restored = DetailSql.of(
                "cadastral_number_zero_restored",
                "the cadastral number '{number}' has 11 digits, and no region's numbers begin with {part}: a"
                        + " spreadsheet dropped its leading 0 (a column of the General format). The plot lies in the"
                        + " region whose numbers begin with {code}, so it was read as {restored}; format the column as"
                        + " text so that the 0 is kept",
                "number",
                "m.f_cadastral",
                "part",
                "left(m.cadastral_number, 2)",
                "code",
                "'0' || left(" + digits + ", 1)",
                "restored",
                "cadastral_normalize('0' || " + digits + ")");
        DetailSql said = DetailSql.of(
                "cadastral_number_zero_lost",
                "the cadastral number '{number}' has 11 digits, and no region's numbers begin with {part}: a"
                        + " spreadsheet has probably dropped its leading 0 (a column of the General format), and the"
                        + " number is {restored}. It was imported as {number_read}; format the column as text and"
                        + " type the number again, or add the 0",
                "number",
                "m.f_cadastral",
                "part",
                "left(m.cadastral_number, 2)",
                "restored",
                "cadastral_normalize('0' || " + digits + ")",
                "number_read",
                "m.cadastral_number");
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %1$d, m.source_row, 'warning', 'cadastral_number_lost_zero',
                       CASE WHEN %2$s THEN %3$s ELSE %4$s END, CASE WHEN %2$s THEN %5$s ELSE %6$s END
                FROM import_mapped m WHERE %7$s
                """.formatted(
                        revision, lies, restored.message(), said.message(), restored.detail(), said.detail(), lost));
        execute("UPDATE import_mapped m SET cadastral_number = cadastral_normalize('0' || " + digits + ") WHERE " + lost
                + " AND " + lies);
    }

    /** What a register writes where a plot has no cadastral number yet: «б/н» (без номера), «-», «нет», «жоқ». */
    /**
     * The years an auction date is read in: land auctions are held since independence, and a date
     * outside them is a spreadsheet's empty date cell (30.12.1899, 0), a placeholder (01.01.0001,
     * 31.12.9999) or a typing slip, never a day a plot goes to auction. A date of 1900 as Excel counts
     * it (serials 1 to 60, one day off by its leap-year error) is outside them too. Text, so the
     * report writes the years without grouping.
     */
    static final String FIRST_AUCTION_YEAR = "1991";

    static final String LAST_AUCTION_YEAR = "2100";

    /** A cell of dashes only («-», «—», «--»), as registers write that a value is not there. */
    static final String DASH = "^\\s*[-—–]+\\s*$";

    static final String NO_NUMBER = "^(-+|—|–|[Бб]/[Нн]|[Бб]ез номера|[Нн]ет|[Нн]/[Дд]|[Жж]оқ)$";

    private void checkAttributes() throws SQLException {
        String form = "the cadastral number '{number}' is not of the form RR-DDD-QQQ-NNN (region 2 digits, district 3,"
                + " quarter 3, plot 3 or more, e.g. 03-044-123-456; dashes, spaces, dots or colons between the groups,"
                + " or none)";
        rejectEveryRow(
                "bad_cadastral_number",
                // what a spreadsheet makes of a number typed without separators
                DetailSql.when(
                        // (a float's zero fraction after it: a converter wrote the column as floats)
                        "m.f_cadastral ~ '^[0-9]{10}([.,]0+)?$'",
                        DetailSql.of(
                                "bad_cadastral_number_leading_zero",
                                form + ": it looks like a number whose leading 0 a spreadsheet dropped; format the"
                                        + " column as text and type the number again, or add the 0",
                                "number",
                                "m.f_cadastral"),
                        DetailSql.when(
                                "m.f_cadastral ~ '^[0-9]([.,][0-9]+)?[eE][+]?[0-9]+$'",
                                DetailSql.of(
                                        "bad_cadastral_number_scientific",
                                        form + ": a spreadsheet wrote it in scientific notation and lost its digits;"
                                                + " format the column as text and type the numbers again",
                                        "number",
                                        "m.f_cadastral"),
                                DetailSql.of("bad_cadastral_number", form, "number", "m.f_cadastral"))),
                // a cell that says the plot has no number yet («б/н», «-») is a plot without one
                "m.f_cadastral IS NOT NULL AND m.cadastral_number IS NULL AND m.f_cadastral !~ '" + NO_NUMBER + "'");
        numbersThatLostTheirZero();
        execute("""
                CREATE TEMP TABLE import_duplicate ON COMMIT DROP AS
                SELECT cadastral_number, array_agg(source_row ORDER BY source_row) AS rows_
                FROM import_mapped WHERE NOT rejected AND cadastral_number IS NOT NULL
                GROUP BY cadastral_number HAVING count(*) > 1
                """);
        reject(
                "duplicate_cadastral_number",
                DetailSql.of(
                        rowKey("duplicate_cadastral_number"),
                        "the cadastral number {number} appears {count} times in the file (" + rowWord() + "s {rows});"
                                + " none of them was imported",
                        "number",
                        "m.cadastral_number",
                        // count: the value the words after it agree with in Russian (раз, раза)
                        "count",
                        "cardinality(d.rows_)",
                        "rows",
                        DetailSql.listed("d.rows_")),
                "d.cadastral_number = m.cadastral_number",
                "import_duplicate d");
        execute("DROP TABLE import_duplicate");
        // «…-0003» beside «…-003»: a plot's number is 3 digits or more, and a quarter may number its
        // plots with 4 or pad them, so both are kept, but they may be one plot written two ways
        DetailSql padded = DetailSql.of(
                rowKey("padded_cadastral_number"),
                "the cadastral number {number} differs from {other} (" + rowWord() + " {row}) only by zeros before"
                        + " the plot's number: if they are one plot, write its number one way; both were imported",
                "number",
                "m.cadastral_number",
                "other",
                "o.cadastral_number",
                "row",
                "o.source_row");
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT DISTINCT ON (m.source_row) %d, m.source_row, 'warning', 'padded_cadastral_number', %s, %s
                FROM import_mapped m
                JOIN import_mapped o ON o.cadastral_number <> m.cadastral_number AND NOT o.rejected
                     AND regexp_replace(o.cadastral_number, '-0+([0-9]{3,})$', '-\\1')
                         = regexp_replace(m.cadastral_number, '-0+([0-9]{3,})$', '-\\1')
                WHERE NOT m.rejected
                ORDER BY m.source_row, o.source_row
                """.formatted(revision, padded.message(), padded.detail()));
        execute("""
                CREATE TEMP TABLE import_duplicate ON COMMIT DROP AS
                SELECT source_row, first_value(source_row) OVER w AS first_row, row_number() OVER w AS n
                FROM import_mapped WHERE NOT rejected AND cadastral_number IS NULL
                WINDOW w AS (PARTITION BY md5(ST_AsEWKB(ST_Normalize(geom))) ORDER BY source_row)
                """);
        reject(
                "duplicate_geometry",
                DetailSql.of(
                        rowKey("duplicate_plot"),
                        "the same plot as " + rowWord() + " {row} (identical geometry, no cadastral number)",
                        "row",
                        "d.first_row"),
                "d.source_row = m.source_row AND d.n > 1",
                "import_duplicate d");
        execute("DROP TABLE import_duplicate");

        String[][] coded = {{"status", "plot_status"}, {"land_category", "land_category"}};
        // each read, cut values included, before any row is refused for one of them
        for (String[] required : coded) {
            wordsCutByTheirWidth(required[0], required[1]);
        }
        for (String[] required : coded) {
            String field = required[0];
            String dash = "m." + field + " ~ '" + DASH + "'";
            String english = "the plot has no " + field.replace('_', ' ');
            rejectEveryRow(
                    "missing_" + field,
                    DetailSql.when(
                            dash,
                            DetailSql.of(
                                    "missing_" + field + "_dash",
                                    english + ": its cell holds only '{value}', which says there is none",
                                    "value",
                                    "m." + field),
                            missing("missing_" + field, english, field)),
                    "(m." + field + " IS NULL OR " + dash + ")");
            rejectEveryRow(
                    "unknown_" + field,
                    unknownCoded(
                            "m." + field,
                            "m." + field,
                            "unknown_" + field,
                            "the " + field.replace('_', ' '),
                            DetailSql.known(knownWords(field, "code"))),
                    "m." + field + " IS NOT NULL AND NOT " + dash + " AND NOT EXISTS (SELECT 1 FROM " + required[1]
                            + " k WHERE k.code = m." + field + ")");
        }
        // a right type «-» says the plot has none, as an empty cell does (an optional value)
        execute("UPDATE import_mapped m SET right_type = NULL WHERE m.right_type ~ '" + DASH + "'");
        wordsCutByTheirWidth("right_type", "right_type");
        warnAndClear(
                "unknown_right_type",
                withLatinLetters(
                        "m.right_type",
                        "unknown_right_type",
                        "the right type '{value}' is not known and was left empty (known codes: {codes})",
                        "value",
                        "m.right_type",
                        "codes",
                        DetailSql.known(knownWords("right_type", "code"))),
                "m.right_type IS NOT NULL AND NOT EXISTS (SELECT 1 FROM right_type k WHERE k.code = m.right_type)",
                "right_type = NULL");
        // a declared area the field's other values do not tell (1,250: 1250 ha or 1.25?): the plot's
        // drawing does, when one reading is within the declared-area tolerance of it and the other not
        execute("""
                UPDATE import_mapped m SET area_declared_ha = CASE WHEN c.near_thousands THEN c.thousands ELSE c.decimal END
                FROM (SELECT source_row, thousands, decimal,
                             abs(thousands - drawn) <= %1$s * drawn AS near_thousands,
                             abs(decimal - drawn) <= %1$s * drawn AS near_decimal
                      FROM (SELECT source_row, try_area_ha(f_area, 'thousands', %2$s) AS thousands,
                                   try_area_ha(f_area, 'decimal', %2$s) AS decimal,
                                   (ST_Area(geom::geography) / 10000)::numeric AS drawn
                            FROM import_mapped
                            WHERE NOT rejected AND area_declared_ha IS NULL AND f_area IS NOT NULL
                              AND number_comma(area_number(f_area)) = 'either') x) c
                WHERE m.source_row = c.source_row AND c.near_thousands <> c.near_decimal
                """.formatted(LayerImporter.AREA_TOLERANCE, Double.toString(areaFactor)));
        String either = "the comma may separate thousands or mark the decimals, and the field's other values do not"
                + " tell which; it was left empty: write the number without thousands separators";
        warnAndClear(
                "bad_number",
                DetailSql.when(
                        "m.area_declared_ha IS NULL AND number_comma(area_number(m.f_area)) = 'either'",
                        DetailSql.of(
                                "ambiguous_declared_area",
                                "the declared area '{value}' may be read two ways: " + either
                                        + ", and its decimals after a point (1250 or 1.25)",
                                "value",
                                "m.f_area"),
                        // positive, but 0 in the four decimals the public table keeps
                        DetailSql.when(
                                "m.area_declared_ha > 0 AND round(m.area_declared_ha, 4) = 0",
                                DetailSql.of(
                                        "tiny_declared_area",
                                        "the declared area '{value}' is less than 0.0001 ha (1 m²), the least the"
                                                + " layer keeps: check its unit; it was left empty",
                                        "value",
                                        "m.f_area"),
                                // positive, beyond numeric(14, 4) of the public table
                                DetailSql.when(
                                        "m.area_declared_ha >= 1e10",
                                        DetailSql.of(
                                                "huge_declared_area",
                                                "the declared area '{value}' is too large: the layer keeps at most"
                                                        + " {largest} ha; check its unit; it was left empty",
                                                "value",
                                                "m.f_area",
                                                "largest",
                                                DetailSql.known("9999999999.9999")),
                                        DetailSql.of(
                                                "bad_declared_area",
                                                "the declared area '{value}' is not a positive number; it was left"
                                                        + " empty",
                                                "value",
                                                "m.f_area")))),
                "m.f_area IS NOT NULL AND (m.area_declared_ha IS NULL OR round(m.area_declared_ha, 4) <= 0"
                        + " OR m.area_declared_ha >= 1e10)",
                "area_declared_ha = NULL");
        // the public table keeps a ten-thousandth of a hectare (1 m²): a finer area is published rounded,
        // and the clerk is told the area that is
        warnAndClear(
                "number_rounded",
                DetailSql.of(
                        "declared_area_rounded",
                        "the declared area '{value}' is {exact} ha, finer than the ten-thousandth of a hectare (1 m²)"
                                + " the layer keeps; it was rounded: {rounded} ha is published",
                        "value",
                        "m.f_area",
                        "exact",
                        "trim_scale(round(m.area_declared_ha, 10))::text",
                        "rounded",
                        "round(m.area_declared_ha, 4)::text"),
                // (a binary float's last digits, 0.07250000000000001 of a spreadsheet's 0.0725, are no finer area)
                "m.area_declared_ha IS NOT NULL AND round(m.area_declared_ha, 10) <> round(m.area_declared_ha, 4)",
                "area_declared_ha = round(m.area_declared_ha, 4)");
        warnAndClear(
                "bad_number",
                DetailSql.when(
                        "m.starting_price_kzt IS NULL AND number_comma(price_number(m.f_price)) = 'either'",
                        DetailSql.of(
                                "ambiguous_starting_price",
                                "the starting price '{value}' may be read two ways: " + either
                                        + " (150000, or 150000,00 with tiyn)",
                                "value",
                                "m.f_price"),
                        // beyond numeric(16, 2) of the public table
                        DetailSql.when(
                                "m.starting_price_kzt >= 1e14",
                                DetailSql.of(
                                        "huge_starting_price",
                                        "the starting price '{value}' is too large: the layer keeps at most {largest}"
                                                + " ₸; it was left empty",
                                        "value",
                                        "m.f_price",
                                        "largest",
                                        DetailSql.known("99999999999999.99")),
                                // above 0, and 0 once rounded to the tiyn: a unit or a typing mistake
                                DetailSql.when(
                                        "m.starting_price_kzt > 0 AND round(m.starting_price_kzt, 2) = 0",
                                        DetailSql.of(
                                                "tiny_starting_price",
                                                "the starting price '{value}' is less than a tiyn (0.01 ₸), the"
                                                        + " least the layer keeps: check its unit; it was left empty",
                                                "value",
                                                "m.f_price"),
                                        DetailSql.of(
                                                "bad_starting_price",
                                                "the starting price '{value}' is not a number of tenge; it was left"
                                                        + " empty",
                                                "value",
                                                "m.f_price")))),
                "m.f_price IS NOT NULL AND (m.starting_price_kzt IS NULL OR m.starting_price_kzt < 0"
                        + " OR m.starting_price_kzt >= 1e14"
                        + " OR m.starting_price_kzt > 0 AND round(m.starting_price_kzt, 2) = 0)",
                "starting_price_kzt = NULL");
        // the public table keeps tiyn: a price with fractions of a tiyn is published rounded, and
        // the clerk is told the price that is
        // «?» for the ₸ a file in CP1251 could not hold: read as tenge, and said
        warnAndClear(
                "number_read",
                DetailSql.of(
                        "starting_price_sign_lost",
                        "the starting price '{value}' ends in '?', the sign ₸ of tenge as a file saved in the"
                                + " Windows Cyrillic code page (CP1251), which has no ₸, holds it: it was read as"
                                + " {price} ₸",
                        "value",
                        "m.f_price",
                        "price",
                        "trim_scale(m.starting_price_kzt)::text"),
                "m.starting_price_kzt IS NOT NULL AND m.f_price ~ '[0-9.,\\s\u00a0\u202f]\\?[\\s\u00a0\u202f]*$'",
                "starting_price_kzt = m.starting_price_kzt");
        warnAndClear(
                "number_rounded",
                DetailSql.of(
                        "starting_price_rounded",
                        "the starting price '{value}' has fractions of a tiyn; it was rounded to the tiyn:"
                                + " {rounded} ₸ is published",
                        "value",
                        "m.f_price",
                        "rounded",
                        "round(m.starting_price_kzt, 2)::text"),
                "m.starting_price_kzt IS NOT NULL AND m.starting_price_kzt <> round(m.starting_price_kzt, 2)",
                "starting_price_kzt = round(m.starting_price_kzt, 2)");
        warnAndClear(
                "bad_date",
                // a date cell saved as text by a spreadsheet that kept its serial number
                DetailSql.when(
                        "m.f_auction ~ '^\\s*[2-7][0-9]{4}([.,]0+)?\\s*$'",
                        DetailSql.of(
                                "bad_auction_date_serial",
                                "the auction date '{value}' is not a date (2026-12-01 or 01.12.2026): it looks like"
                                        + " the number a spreadsheet keeps a date as; format the column as dates and save"
                                        + " the file again; it was left empty",
                                "value",
                                "m.f_auction"),
                        DetailSql.when(
                                // 0 in a spreadsheet's date cell (Excel shows 00.01.1900): no date
                                "m.auction_date = DATE '1899-12-30'",
                                DetailSql.of(
                                        "auction_date_empty_cell",
                                        "the auction date '{value}' is the day a spreadsheet's date cell holding 0"
                                                + " stands for (Excel shows it as 00.01.1900): the cell has no date;"
                                                + " it was left empty",
                                        "value",
                                        "m.f_auction"),
                                DetailSql.when(
                                        "m.auction_date IS NOT NULL",
                                        DetailSql.of(
                                                "auction_date_out_of_span",
                                                "the auction date '{value}' is not a date an auction is held on"
                                                        + " (from {earliest} to {latest}); it was left empty",
                                                "value",
                                                "m.f_auction",
                                                "earliest",
                                                DetailSql.known(FIRST_AUCTION_YEAR),
                                                "latest",
                                                DetailSql.known(LAST_AUCTION_YEAR)),
                                        DetailSql.of(
                                                "bad_auction_date",
                                                "the auction date '{value}' is not a date (2026-12-01 or 01.12.2026);"
                                                        + " it was left empty",
                                                "value",
                                                "m.f_auction")))),
                "m.f_auction IS NOT NULL AND (m.auction_date IS NULL OR m.auction_date NOT BETWEEN DATE '"
                        + FIRST_AUCTION_YEAR + "-01-01' AND DATE '" + LAST_AUCTION_YEAR + "-12-31')",
                // the text kept in extra as written, as a network's unreadable voltage is: a date that
                // names no one day (03/04/2026) is for someone to read; a spreadsheet's 0 is no date
                "auction_date = NULL, extra = CASE WHEN m.auction_date = DATE '1899-12-30' THEN m.extra"
                        + " ELSE jsonb_build_object('auction_date_text', m.f_auction) || m.extra END");
        warnAndClear(
                "bad_boolean",
                DetailSql.of(
                        "bad_divisible",
                        "divisible '{value}' is neither yes nor no; it was left empty",
                        "value",
                        "m.f_divisible"),
                // «?» is a DBF logical field's own «not known»
                "m.f_divisible IS NOT NULL AND m.f_divisible <> '?' AND m.divisible IS NULL",
                "divisible = NULL");
    }

    /**
     * The index of the accepted outlines of {@code import_mapped}, which the overlaps and the search
     * for redrawn plots look features up in. Built over rows updated since they were written (a
     * repair, a rejection), which PostgreSQL may have kept on their page beside the old version, it is
     * not used until the transaction that built it ends: the import's own. Every feature was then
     * compared with every other one (twenty thousand features: a minute and a half). The table is
     * then written anew, one version a row, and indexed again.
     */
    static void outlineIndex(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE INDEX ON import_mapped USING gist (geom) WHERE NOT rejected");
            try (ResultSet rs = st.executeQuery("""
                    SELECT bool_and(NOT indcheckxmin) FROM pg_index
                    WHERE indrelid = 'import_mapped'::regclass AND NOT indisprimary
                    """)) {
                if (rs.next() && rs.getBoolean(1)) {
                    return;
                }
            }
            st.execute("CREATE TEMP TABLE import_mapped_whole (LIKE import_mapped INCLUDING DEFAULTS"
                    + " INCLUDING CONSTRAINTS) ON COMMIT DROP");
            st.execute("INSERT INTO import_mapped_whole SELECT * FROM import_mapped");
            st.execute("DROP TABLE import_mapped");
            st.execute("ALTER TABLE import_mapped_whole RENAME TO import_mapped");
            st.execute("ALTER TABLE import_mapped ADD PRIMARY KEY (source_row)");
            st.execute("CREATE INDEX ON import_mapped USING gist (geom) WHERE NOT rejected");
        }
    }

    private void checkPlacement() throws SQLException {
        try (Statement st = c.createStatement()) {
            // kept for publishing this draft in the same transaction (import --publish)
            PlotPlaces.place(st, "import_mapped", "s.source_row", "NOT s.rejected", PLACES, true, null);
        }
        rejectOutsideEditorRegions();
        // The area on the sphere is within 0.5 % of the area on the spheroid here and costs less than
        // half as much: it picks the candidates, the spheroid decides. OFFSET 0 keeps PostgreSQL from
        // computing an area once per reference to it.
        String differs = "the declared area {declared} ha differs from the drawn area {drawn} ha by {difference} %";
        Object[] areas = {
            "declared",
            "area_declared_ha::float8",
            "drawn",
            "round(drawn::numeric, 4)",
            "difference",
            "round((100 * abs(area_declared_ha - drawn::numeric) / drawn::numeric), 1)"
        };
        // «by 99.9 %» hides a plot declared 800 times its size
        DetailSql mismatch = DetailSql.when(
                "area_declared_ha >= 2 * drawn",
                DetailSql.of(
                        "area_mismatch_times_more",
                        differs + ": {count} times the drawn area",
                        append(areas, "count", "round(area_declared_ha / drawn::numeric)")),
                DetailSql.when(
                        "2 * area_declared_ha <= drawn AND area_declared_ha > 0",
                        DetailSql.of(
                                "area_mismatch_times_less",
                                differs + ": {count} times less than the drawn area",
                                append(areas, "count", "round(drawn::numeric / area_declared_ha)")),
                        DetailSql.of("area_mismatch", differs, areas)));
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %1$d, source_row, 'warning', 'area_mismatch', %4$s, %5$s
                FROM (SELECT source_row, area_declared_ha, ST_Area(geom::geography) / 10000 AS drawn
                      FROM (SELECT source_row, area_declared_ha, geom, ST_Area(geom::geography, false) / 10000 AS sphere
                            FROM import_mapped WHERE NOT rejected AND area_declared_ha IS NOT NULL
                            OFFSET 0) s
                      WHERE abs(area_declared_ha::float8 - sphere) > %2$s * sphere
                      OFFSET 0) a
                WHERE drawn > 0 AND abs(area_declared_ha - drawn::numeric) > %3$s * drawn::numeric
                """.formatted(
                        revision,
                        LayerImporter.AREA_TOLERANCE - 0.01,
                        LayerImporter.AREA_TOLERANCE,
                        mismatch.message(),
                        mismatch.detail()));
        warnAboutAreaUnit();
        // a sliver, or a plot drawn in the wrong units, is no land plot: below a square metre (about
        // 1.3e-10 square degrees here), the spheroid decides
        DetailSql tiny = DetailSql.of(
                "tiny_plot",
                "the plot is drawn with an area of {area} m², too small for a land plot: check its coordinates (a"
                        + " sliver, or a plot drawn in other units than the file's)",
                "area",
                "round(ST_Area(m.geom::geography)::numeric, 2)");
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %d, m.source_row, 'warning', 'tiny_plot', %s, %s
                FROM import_mapped m
                WHERE NOT m.rejected AND m.area < 1e-9 AND ST_Area(m.geom::geography) < 1
                """.formatted(revision, tiny.message(), tiny.detail()));
        // a region's or the country's outline in a file of plots, or a plot drawn in kilometres read
        // as metres: a square degree here is 7,000 to 9,500 km², so the spheroid measures only the
        // plots above one
        DetailSql huge = DetailSql.of(
                "huge_plot",
                "the plot is drawn with an area of {area} ha, more than a land plot has (at most {largest} ha):"
                        + " check its coordinates, and that the file holds plots, not the outlines of regions or"
                        + " districts",
                "area",
                "round(ST_Area(m.geom::geography)::numeric / 10000)",
                "largest",
                DetailSql.known(HUGE_PLOT_HA));
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %d, m.source_row, 'warning', 'huge_plot', %s, %s
                FROM import_mapped m
                WHERE NOT m.rejected AND m.area > 1 AND ST_Area(m.geom::geography) > %d * 10000.0
                """.formatted(revision, huge.message(), huge.detail(), HUGE_PLOT_HA));
        outlineIndex(c);
        // the size, and the columns the joins below use: statistics of every mapped field cost more
        execute("ANALYZE import_mapped (source_row, geom, rejected, cadastral_number)");
        warnAcrossRegionBorders();
        boolean incremental = comparison == null && keepUnchangedGeometries();
        // Neighbouring plots touch along their boundaries: computing the intersection of every pair
        // would cost a GEOS overlay each. The overlap of two bounding boxes bounds the overlap of the
        // plots, so only pairs whose boxes overlap by more than the threshold are intersected. On a
        // re-import only the pairs with a redrawn or new plot are looked at: the others were measured
        // when the published revision was imported, and their warnings are carried over below.
        String changedOnly = incremental
                ? " AND NOT EXISTS (SELECT 1 FROM import_same_geom u WHERE u.source_row = a.source_row)"
                        + " AND (a.source_row < b.source_row"
                        + " OR EXISTS (SELECT 1 FROM import_same_geom u WHERE u.source_row = b.source_row))"
                : comparison != null
                        // two rows drawn as before: measured then, carried over
                        ? " AND a.source_row < b.source_row AND NOT (" + sameShapeOf("a") + " AND " + sameShapeOf("b")
                                + ")"
                        : " AND a.source_row < b.source_row";
        insertOverlaps("""
                SELECT a.source_row AS a_row, b.source_row AS b_row, a.geom AS a_geom, b.geom AS b_geom,
                       least(a.area, b.area) AS smaller,
                       greatest(0, least(a.box_x1, b.box_x1) - greatest(a.box_x0, b.box_x0))
                       * greatest(0, least(a.box_y1, b.box_y1) - greatest(a.box_y0, b.box_y0)) AS box_overlap
                FROM import_mapped a JOIN import_mapped b ON a.geom && b.geom AND a.source_row <> b.source_row
                WHERE NOT a.rejected AND NOT b.rejected %s
                """.formatted(changedOnly));
        if (incremental) {
            // the same two plots, drawn the same: the same overlap, named by their rows in this file
            execute("""
                    INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                    SELECT %1$d, ua.source_row, 'warning', 'overlap',
                           regexp_replace(i.message, '^overlaps (row|line) [0-9]+', 'overlaps \\1 ' || ub.source_row),
                           jsonb_set(i.detail, '{row}', to_jsonb(ub.source_row), false)
                    FROM import_issue i
                    JOIN import_same_geom ua ON ua.base_row = i.source_row
                    JOIN import_same_geom ub ON ub.base_row = substring(i.message FROM '^overlaps (?:row|line) ([0-9]+)')::bigint
                    WHERE i.layer_revision_id = %2$d AND i.code = 'overlap'
                    """.formatted(revision, basedOn));
            execute("DROP TABLE import_same_geom");
        }
        if (comparison != null) {
            overlapsWithUnchangedPlots();
        }
        // the public plots of other layers (a neighbouring district's, a national one): the same
        // number there makes publishing fail, an overlap is worth a look
        DetailSql numberThere = DetailSql.of(
                "number_in_other_layer",
                "the cadastral number {number} belongs to a plot of layer {layer}; this revision cannot be published"
                        + " until it is removed there",
                "number",
                "m.cadastral_number",
                "layer",
                DetailSql.layerNames("l"));
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %1$d, m.source_row, 'warning', 'number_in_other_layer', %3$s, %4$s
                FROM import_mapped m
                JOIN land_plot p ON p.cadastral_number = m.cadastral_number AND p.retired_revision_id IS NULL
                JOIN layer_revision r ON r.id = p.layer_revision_id JOIN layer l ON l.id = r.layer_id
                WHERE NOT m.rejected AND l.id <> %2$d
                """.formatted(revision, layerId, numberThere.message(), numberThere.detail()));
        // most layers are a city's or a district's alone: look plot by plot only when another layer
        // has public plots within the file's extent at all
        if (!"true".equals(one("""
                SELECT EXISTS (SELECT 1 FROM layer_revision r JOIN layer l ON l.id = r.layer_id
                               WHERE l.kind = 'plots' AND r.layer_id <> %d AND r.state = 'published')::text
                """.formatted(layerId)))) {
            // no other plots layer is public
            return;
        }
        String others = one("""
                SELECT count(*) FROM (
                    SELECT 1 FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id
                    WHERE r.layer_id <> %d AND p.retired_revision_id IS NULL
                      AND p.geom && (SELECT ST_SetSRID(ST_Extent(geom), 4326) FROM import_mapped WHERE NOT rejected)
                    LIMIT 1) x
                """.formatted(layerId));
        if ("0".equals(others)) {
            return;
        }
        String share = "round((100 * share)::numeric, 1)";
        DetailSql overlapThere = DetailSql.when(
                "number IS NULL",
                DetailSql.of(
                        "overlap_other_layer_unnumbered",
                        "overlaps plot without a number of layer {layer} by {share} % of the smaller plot",
                        "layer",
                        DetailSql.layerNames("o"),
                        "share",
                        share),
                DetailSql.of(
                        "overlap_other_layer",
                        "overlaps plot {number} of layer {layer} by {share} % of the smaller plot",
                        "number",
                        "number",
                        "layer",
                        DetailSql.layerNames("o"),
                        "share",
                        share));
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %1$d, source_row, 'warning', 'overlap_other_layer', %4$s, %5$s
                FROM (SELECT m.source_row, p.cadastral_number AS number, l.code, l.title_kk, l.title_ru, l.title_en,
                             ST_Area(ST_Intersection(m.geom, p.geom)) / least(m.area, ST_Area(p.geom)) AS share
                      FROM import_mapped m
                      JOIN land_plot p ON p.geom && m.geom AND p.retired_revision_id IS NULL
                      JOIN layer_revision r ON r.id = p.layer_revision_id JOIN layer l ON l.id = r.layer_id
                      WHERE NOT m.rejected AND l.id <> %2$d AND m.area > 0
                        AND ST_Relate(m.geom, p.geom, '2********')) o
                WHERE share > %3$s
                """.formatted(
                        revision, layerId, LayerImporter.OVERLAP_SHARE, overlapThere.message(), overlapThere.detail()));
    }

    /**
     * One warning for the whole file when most declared areas are off from the drawn ones by the
     * factor between hectares and square metres: the file gives its areas in the other unit than
     * the profile says, which a warning on every row does not tell. Only the rows already warned
     * about are measured again; by difference, with the unchanged rows the earlier report warned
     * about too, out of the whole file's declared areas.
     */
    private void warnAboutAreaUnit() throws SQLException {
        String[] counts = one("""
                SELECT count(*) FILTER (WHERE r BETWEEN 9000 AND 11000) || ' '
                       || count(*) FILTER (WHERE r BETWEEN 0.00009 AND 0.00011) || ' '
                       || (SELECT count(*) FROM import_mapped WHERE NOT rejected AND area_declared_ha IS NOT NULL)
                FROM (SELECT m.area_declared_ha::float8 / nullif(ST_Area(m.geom::geography, false) / 10000, 0) AS r
                      FROM import_issue i JOIN import_mapped m ON m.source_row = i.source_row
                      WHERE i.layer_revision_id = %d AND i.code = 'area_mismatch') x
                """.formatted(revision)).split(" ");
        long metres = Long.parseLong(counts[0]);
        long hectares = Long.parseLong(counts[1]);
        long declared = Long.parseLong(counts[2]);
        if (comparison != null) {
            // the whole file's: the unchanged rows' plots, and those of them the earlier report found off
            String[] carried = one("""
                    SELECT count(*) FILTER (WHERE r BETWEEN 9000 AND 11000) || ' '
                           || count(*) FILTER (WHERE r BETWEEN 0.00009 AND 0.00011)
                    FROM (SELECT (i.detail ->> 'declared')::float8
                                 / nullif(ST_Area(p.geom::geography, false) / 10000, 0) AS r
                          FROM import_issue i
                          CROSS JOIN LATERAL (SELECT p.* FROM land_plot p WHERE p.source_row = i.source_row
                                              AND p.retired_revision_id IS NULL AND %3$s OFFSET 0) p
                          WHERE i.layer_revision_id = %1$d AND i.code = 'area_mismatch' AND i.source_row <= %2$d
                            AND %4$s) x
                    """.formatted(
                                    comparison.baseRevision,
                                    comparison.features,
                                    comparison.ofLayer("p"),
                                    FileComparison.notRechecked("i.source_row")))
                    .split(" ");
            metres += Long.parseLong(carried[0]);
            hectares += Long.parseLong(carried[1]);
            // the unchanged plots with a declared area are counted only when the warning may be said:
            // a count over the whole layer
            if (2 * Math.max(metres, hectares) > declared) {
                declared += Long.parseLong(one("SELECT count(*) FROM land_plot p WHERE p.retired_revision_id IS NULL"
                        + " AND " + comparison.ofLayer("p") + " AND p.area_declared_ha IS NOT NULL AND "
                        + comparison.unchanged("p")));
            }
        }
        if (declared > 0 && 2 * metres > declared) {
            fileIssue(
                    "warning",
                    "area_unit",
                    Detail.of(
                            "area_unit_square_metres",
                            "the declared areas of {count} of {declared} features are about 10,000 times their drawn"
                                    + " areas: the file gives them in square metres; name the field «Площадь, кв.м»"
                                    + " (or import it with a profile that says \"areaUnit\": \"m2\")",
                            "count",
                            metres,
                            "declared",
                            declared));
        } else if (declared > 0 && 2 * hectares > declared) {
            fileIssue(
                    "warning",
                    "area_unit",
                    Detail.of(
                            "area_unit_hectares",
                            "the declared areas of {count} of {declared} features are about 10,000 times smaller than"
                                    + " their drawn areas: the file gives them in hectares, and the profile reads square"
                                    + " metres (\"areaUnit\": \"m2\"); import it with one that reads hectares",
                            "count",
                            hectares,
                            "declared",
                            declared));
        }
    }

    private static Object[] append(Object[] namesAndValues, Object... more) {
        Object[] out = java.util.Arrays.copyOf(namesAndValues, namesAndValues.length + more.length);
        System.arraycopy(more, 0, out, namesAndValues.length, more.length);
        return out;
    }

    /** SQL: the feature {@code m} of {@code import_mapped} is drawn as in the earlier file. */
    private static String sameShapeOf(String m) {
        return "(SELECT " + FileComparison.sameShape("x") + " FROM import_recheck x WHERE x.source_row = " + m
                + ".source_row)";
    }

    /** The Kazakh letters Windows Cyrillic (CP1251) lacks (it has І і). */
    private static final String NOT_IN_CP1251 = "[ӘәҒғҚқҢңӨөҰұҮүҺһ]";

    /**
     * Rejects a feature whose text is its public plot's without the Kazakh letters (or with a '?'
     * for each): the layer saved again in Windows Cyrillic, which lacks them. GDAL writes a
     * Shapefile so without them and without a word («Жеке тұрғын үй» as «Жеке трын й»), and the
     * re-import published every such text so; rejected, the plot keeps its published version.
     */
    private void rejectKazakhLettersLost() throws SQLException {
        List<String> columns = List.of("address", "intended_purpose_kk", "intended_purpose_ru", "permitted_use");
        StringBuilder any = new StringBuilder();
        StringBuilder text = new StringBuilder("CASE");
        StringBuilder published = new StringBuilder("CASE");
        for (String column : columns) {
            String lost = ("(p.%1$s ~ '%2$s' AND m.%1$s <> p.%1$s AND (m.%1$s = regexp_replace(p.%1$s, '%2$s', '', 'g')"
                            + " OR m.%1$s = regexp_replace(p.%1$s, '%2$s', '?', 'g')))")
                    .formatted(column, NOT_IN_CP1251);
            any.append(any.isEmpty() ? "" : " OR ").append(lost);
            text.append(" WHEN ").append(lost).append(" THEN m.").append(column);
            published.append(" WHEN ").append(lost).append(" THEN p.").append(column);
        }
        reject(
                "kazakh_letters_lost",
                DetailSql.of(
                        "kazakh_letters_lost",
                        "the text '{text}' is the published '{published}' without its Kazakh letters (Ә Ғ Қ Ң Ө Ұ Ү"
                                + " Һ): the file was saved in a code page that lacks them (Windows Cyrillic, CP1251);"
                                + " export it in UTF-8, PT154 or KZ-1048. The plot keeps its published version",
                        "text",
                        text + " END",
                        "published",
                        published + " END"),
                "p.cadastral_number = m.cadastral_number AND p.retired_revision_id IS NULL"
                        + " AND p.layer_revision_id = ANY (ARRAY(SELECT id FROM layer_revision WHERE layer_id = "
                        + layerId + ")) AND (" + any + ")",
                "land_plot p");
    }

    /**
     * The overlaps of the features checked again with the plots of the rows that did not change,
     * which are in the public layer as those rows made them: a warning on both rows, as for two
     * features of the file.
     */
    private void overlapsWithUnchangedPlots() throws SQLException {
        insertOverlaps(
                """
                SELECT a.source_row AS a_row, p.source_row AS b_row, a.geom AS a_geom, p.geom AS b_geom,
                       least(a.area, ST_Area(p.geom)) AS smaller,
                       greatest(0, least(a.box_x1, ST_XMax(p.geom)) - greatest(a.box_x0, ST_XMin(p.geom)))
                       * greatest(0, least(a.box_y1, ST_YMax(p.geom)) - greatest(a.box_y0, ST_YMin(p.geom)))
                       AS box_overlap
                FROM import_mapped a
                JOIN import_recheck xa ON xa.source_row = a.source_row AND NOT %3$s
                -- from the few features checked again into the layer's spatial index (the retired
                -- filter outside: inside, the planner may walk the partial index of current plots)
                CROSS JOIN LATERAL (SELECT p.* FROM land_plot p WHERE p.geom && a.geom OFFSET 0) p
                WHERE NOT a.rejected AND p.retired_revision_id IS NULL AND %2$s AND %1$s
                """.formatted(comparison.ofLayer("p"), comparison.unchanged("p"), FileComparison.sameShape("xa")));
    }

    /**
     * Warns on both rows of every pair of {@code pairs} (a_row, b_row, a_geom, b_geom, smaller,
     * box_overlap) whose plots overlap by more than {@link LayerImporter#OVERLAP_SHARE} of the
     * smaller. The overlap of two bounding boxes bounds the overlap of the plots, so only pairs
     * whose boxes overlap by more than that are looked at, and only those whose interiors meet are
     * intersected.
     */
    private void insertOverlaps(String pairs) throws SQLException {
        DetailSql overlap = DetailSql.of(
                rowKey("overlap"),
                "overlaps " + rowWord() + " {row} by {share} % of the smaller plot",
                "row",
                "other",
                "share",
                "round((100 * share)::numeric, 1)");
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %1$d, row_, 'warning', 'overlap', %4$s, %5$s
                FROM (SELECT a_row, b_row, ST_Area(ST_Intersection(a_geom, b_geom)) / smaller AS share
                      FROM (%3$s) pairs
                      WHERE box_overlap > %2$s * smaller
                        -- interiors meet: cheaper than the overlay that measures by how much
                        AND ST_Relate(a_geom, b_geom, '2********')
                      OFFSET 0) o
                CROSS JOIN LATERAL (VALUES (a_row, b_row), (b_row, a_row)) AS pair (row_, other)
                WHERE share > %2$s
                """.formatted(revision, LayerImporter.OVERLAP_SHARE, pairs, overlap.message(), overlap.detail()));
    }

    /**
     * On a re-import, lists in {@code import_same_geom} the accepted features drawn exactly as a
     * plot of the published revision that was itself accepted by an import (its overlaps were
     * measured then), with that plot's row in its own file. False, and no table, when the published
     * revision was not imported (the demo loader's, or one from before imports checked overlaps).
     */
    private boolean keepUnchangedGeometries() throws SQLException {
        if (basedOn == null
                || !"true"
                        .equals(one("SELECT (report ? 'accepted')::text FROM layer_revision WHERE id = " + basedOn))) {
            return false;
        }
        execute("""
                CREATE TEMP TABLE import_same_geom ON COMMIT DROP AS
                SELECT m.source_row, b.source_row AS base_row
                FROM import_mapped m
                JOIN plot_snapshot b ON b.layer_revision_id = %1$d
                                    AND b.plot_key = plot_key(m.cadastral_number, m.geom) AND b.geom = m.geom
                WHERE NOT m.rejected
                  AND NOT EXISTS (SELECT 1 FROM import_issue i WHERE i.layer_revision_id = %1$d
                                  AND i.source_row = b.source_row AND i.code = 'kept_published')
                """.formatted(basedOn));
        execute("CREATE UNIQUE INDEX ON import_same_geom (source_row)");
        execute("CREATE INDEX ON import_same_geom (base_row)");
        execute("ANALYZE import_same_geom");
        return true;
    }

    /** The columns of the snapshot row that keeps a published plot for a rejected feature. */
    private static final String KEPT_INTO = """
            layer_revision_id, source_row, plot_key, cadastral_number, geom, area_declared_ha, land_category,
            intended_purpose_kk, intended_purpose_ru, permitted_use, right_type, divisible, status, address,
            auction_date, starting_price_kzt, extra""";

    /** Their values from the published plot {@code p}, after the revision's and the feature's row. */
    private static final String KEPT_FROM = """
            p.plot_key, p.cadastral_number, p.geom, p.area_declared_ha, p.land_category, p.intended_purpose_kk,
            p.intended_purpose_ru, p.permitted_use, p.right_type, p.divisible, p.status, p.address, p.auction_date,
            p.starting_price_kzt, p.extra""";

    /**
     * A rejected feature does not remove the public plot it stands for: when the feature carries the
     * cadastral number of a plot of the layer, or is drawn as one whose number the file does not
     * carry, the published version of that plot goes into the revision instead, and the report
     * says so.
     */
    private void keepPublishedVersions() throws SQLException {
        keep("""
                SELECT DISTINCT ON (p.plot_key) %1$d, m.source_row, %3$s
                FROM import_mapped m
                -- a numbered plot's key is its number
                JOIN (%2$s) p ON p.cadastral_number = m.cadastral_number AND p.retired_revision_id IS NULL
                WHERE m.rejected
                  AND NOT EXISTS (SELECT 1 FROM plot_snapshot s
                                  WHERE s.layer_revision_id = %1$d AND s.plot_key = p.plot_key)
                ORDER BY p.plot_key, m.source_row
                """);
        // a feature whose number was lost (a spreadsheet's dropped leading 0, a Cyrillic О for a
        // zero) is still drawn as its plot: a plot whose number no row of the file carries is kept
        // when a rejected feature is drawn as it, the same outline or one covering each other
        keep("""
                SELECT DISTINCT ON (m.source_row) %1$d, m.source_row, %3$s
                FROM import_mapped m
                CROSS JOIN LATERAL (SELECT p.* FROM (%2$s) p
                                    WHERE p.geom && m.geom AND p.retired_revision_id IS NULL OFFSET 0) p
                WHERE m.rejected AND m.geom IS NOT NULL AND NOT ST_IsEmpty(m.geom)
                  AND (plot_key(NULL, p.geom) = plot_key(NULL, ST_Multi(m.geom))
                       OR (ST_IsValid(m.geom) AND GeometryType(m.geom) IN ('POLYGON', 'MULTIPOLYGON')
                           AND ST_Area(ST_Intersection(p.geom, m.geom))
                               >= %4$s * greatest(ST_Area(p.geom), ST_Area(m.geom))))
                  AND NOT EXISTS (SELECT 1 FROM import_mapped o WHERE o.cadastral_number = p.cadastral_number)
                  -- a row that keeps a plot by its number keeps no other
                  AND NOT EXISTS (SELECT 1 FROM plot_snapshot s
                                  WHERE s.layer_revision_id = %1$d AND s.source_row = m.source_row)
                ORDER BY m.source_row, p.plot_key
                """);
    }

    /**
     * Keeps in the revision the published plots {@code chosen} picks for rejected features (a
     * SELECT of the revision {@code %1$d}, the feature's row and the plot's values {@code %3$s} from
     * the layer's plots {@code %2$s}, with {@link LayerImporter#SAME_PLOT_SHARE} as {@code %4$s}), and
     * says so on each feature's row. A plot two rows stand for is kept once.
     */
    private void keep(String chosen) throws SQLException {
        DetailSql kept = DetailSql.of(
                "kept_published",
                "plot {number} keeps its published version until the feature is corrected",
                "number",
                "cadastral_number");
        execute("""
                WITH kept AS (
                    INSERT INTO plot_snapshot (%s)
                    %s
                    ON CONFLICT DO NOTHING
                    RETURNING source_row, cadastral_number)
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %d, source_row, 'warning', 'kept_published', %s, %s
                FROM kept
                """.formatted(
                        KEPT_INTO,
                        chosen.formatted(
                                revision,
                                LayerImporter.LAYER_PLOTS.formatted(layerId),
                                KEPT_FROM,
                                LayerImporter.SAME_PLOT_SHARE),
                        revision,
                        kept.message(),
                        kept.detail()));
    }

    /**
     * A plot is known by its cadastral number, or by its outline while it has none. A feature whose
     * key is no current plot's of the layer (its outline; or a number, new or one only plots the
     * layer took off it have had, which the land office may give again to other land) but which
     * covers at least {@link LayerImporter#SAME_PLOT_SHARE} of a current plot of the layer whose key
     * no feature of the file has, and is covered by it as much, is that plot: drawn again (moved by
     * a fraction of a millimetre through another coordinate system, or its boundary corrected),
     * registered (given its first number), renumbered, or left without its number. So that it stays
     * the same plot with its public history, a numberless feature redrawing a numberless plot takes
     * the plot's key ({@code kept_key}); any other takes over the plot under its own key ({@code
     * previous_key}), and the plot takes the number. Each plot goes to the one feature that covers
     * it most, and each feature to the one plot; not when the feature also covers most of another
     * plot of the layer (two plots merged) or the plot most of another feature (a plot split): then
     * the feature is a new plot. A feature under the number of a plot that left the layer is that
     * plot coming back unless it takes over a current plot so; then the plot that left stays retired
     * with its own history.
     */
    private void findRedrawnPlots() throws SQLException {
        String layerPlots = "p.retired_revision_id IS NULL AND p.layer_revision_id IN"
                + " (SELECT id FROM layer_revision WHERE layer_id = " + layerId + ")";
        String plots = layerPlots
                // on a re-import by difference, the plots of the unchanged rows stay theirs
                + (comparison == null ? "" : " AND NOT (" + comparison.unchanged("p") + ")");
        // a layer never published has no plots; on a re-import, a feature with a key the layer knows
        // is its plot (as nearly all are), and looking for a plot of the layer that is not an
        // unchanged row's (10,000 changed rows among a million) would read most of the layer
        if (basedOn == null) {
            return;
        }
        // the features under a key no current plot of the layer has: a numberless one's outline; a
        // number, new or one that only plots the layer took off it have had (the land office gave
        // it again to the land of a current plot: that plot renumbered; else the plot that had it
        // comes back). One probe each of the index of current numbers
        execute("""
                CREATE TEMP TABLE import_newcomer ON COMMIT DROP AS
                SELECT m.source_row, m.cadastral_number, m.geom, m.area FROM import_mapped m
                WHERE NOT m.rejected AND m.cadastral_number IS NULL
                  AND NOT EXISTS (SELECT 1 FROM land_plot p WHERE p.cadastral_number IS NULL
                                  AND %2$s = plot_key(NULL, m.geom) AND %1$s)
                UNION ALL
                SELECT m.source_row, m.cadastral_number, m.geom, m.area FROM import_mapped m
                WHERE NOT m.rejected AND m.cadastral_number IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM land_plot p WHERE p.cadastral_number = m.cadastral_number
                                  AND %1$s)
                """.formatted(layerPlots, LayerImporter.numberlessKeyOf("p")));
        if (one("SELECT 1 FROM import_newcomer LIMIT 1") == null) {
            execute("DROP TABLE import_newcomer");
            return;
        }
        // the keys of the file, which the plots that have them keep: the outlines of its numberless
        // features, and its numbers (a rejected feature's too: its plot stays as published)
        execute("""
                CREATE TEMP TABLE import_file_key ON COMMIT DROP AS
                SELECT plot_key(NULL, geom) AS plot_key FROM import_mapped WHERE NOT rejected AND cadastral_number IS NULL
                UNION
                SELECT cadastral_number FROM import_mapped WHERE cadastral_number IS NOT NULL
                """);
        execute("CREATE INDEX ON import_file_key (plot_key)");
        execute("ANALYZE import_file_key");
        // on a re-import by difference, the features of the unchanged rows are their plots
        String unchangedFeature = comparison == null
                ? ""
                : """
                  AND NOT EXISTS (SELECT 1 FROM land_plot u WHERE u.geom && p.geom AND u.id <> p.id AND %s
                                  AND %s AND ST_Area(ST_Intersection(u.geom, p.geom)) > %s * ST_Area(u.geom))
                  """.formatted(layerPlots.replace("p.", "u."), comparison.unchanged("u"), LayerImporter.MOST_OF);
        execute("""
                UPDATE import_mapped m
                SET kept_key = CASE WHEN m.cadastral_number IS NULL AND r.numberless THEN r.plot_key END,
                    previous_key = CASE WHEN m.cadastral_number IS NOT NULL OR NOT r.numberless THEN r.plot_key END
                FROM (SELECT DISTINCT ON (plot_key) source_row, plot_key, numberless
                      FROM (SELECT DISTINCT ON (m.source_row) m.source_row, p.plot_key, p.numberless, p.shared
                            FROM import_newcomer m
                            CROSS JOIN LATERAL (
                                SELECT p.id, p.geom, %2$s AS plot_key, p.cadastral_number IS NULL AS numberless,
                                       ST_Area(ST_Intersection(p.geom, m.geom)) AS shared, ST_Area(p.geom) AS area
                                FROM land_plot p WHERE p.geom && m.geom AND %1$s OFFSET 0) p
                            -- no feature of the file has the plot's key
                            WHERE NOT EXISTS (SELECT 1 FROM import_file_key k WHERE k.plot_key = p.plot_key)
                              AND p.shared >= %3$s * m.area AND p.shared >= %3$s * p.area
                              -- not two plots merged: the feature covers most of no other plot
                              AND NOT EXISTS (SELECT 1 FROM land_plot q WHERE q.geom && m.geom AND q.id <> p.id
                                              AND %4$s
                                              AND ST_Area(ST_Intersection(q.geom, m.geom)) > %6$s * ST_Area(q.geom))
                              -- nor one split: the plot covers most of no other feature
                              AND NOT EXISTS (SELECT 1 FROM import_mapped f WHERE f.geom && p.geom AND NOT f.rejected
                                              AND f.source_row <> m.source_row
                                              AND ST_Area(ST_Intersection(f.geom, p.geom)) > %6$s * f.area)
                              %5$s
                            ORDER BY m.source_row, p.shared DESC) best
                      ORDER BY plot_key, shared DESC, source_row) r
                WHERE m.source_row = r.source_row
                """.formatted(
                        plots,
                        LayerImporter.keyOf("p"),
                        LayerImporter.SAME_PLOT_SHARE,
                        layerPlots.replace("p.", "q."),
                        unchangedFeature,
                        LayerImporter.MOST_OF));
        execute("DROP TABLE import_newcomer");
        execute("DROP TABLE import_file_key");
    }

    private void snapshot() throws SQLException {
        execute("""
                INSERT INTO plot_snapshot (layer_revision_id, source_row, plot_key, cadastral_number, geom,
                                           area_declared_ha, land_category, intended_purpose_kk, intended_purpose_ru,
                                           permitted_use, right_type, divisible, status, address, auction_date,
                                           starting_price_kzt, extra, previous_key)
                SELECT %d, source_row, coalesce(kept_key, plot_key(cadastral_number, geom)), cadastral_number, geom,
                       area_declared_ha, land_category, intended_purpose_kk, intended_purpose_ru,
                       permitted_use, right_type, divisible, status, address, auction_date,
                       starting_price_kzt, extra, previous_key
                FROM import_mapped WHERE NOT rejected
                ORDER BY source_row
                """.formatted(revision));
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * The places of the plots ({@link PlotPlaces}), by row, as they are published: kept until the
     * import ends, for publishing the draft in the same transaction.
     */
    static final String PLACES = "import_place";

    /**
     * Rejects the plots an editor may not import (nothing for an administrator): those whose largest
     * share lies in a region not theirs, or in none, each told where it lies and who imports it.
     */
    private void rejectOutsideEditorRegions() throws SQLException {
        if (editorRegions == null) {
            return;
        }
        String ids = "'" + editorRegions.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"))
                + "'::integer[]";
        List<Detail.Names> names = RegionNames.of(c, "name_en", "id = ANY(" + ids + ")");
        DetailSql.Known yours =
                DetailSql.known(names.isEmpty() ? List.of(new Detail.Names("жоқ", "нет", "none")) : names);
        String several = editorRegions.size() > 1 ? "_regions" : "";
        String your = "your region" + (editorRegions.size() > 1 ? "s" : "") + " ({regions})";
        List<Long> elsewhere = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT DISTINCT region_id FROM " + PLACES
                        + " WHERE region_id IS NOT NULL AND region_id <> ALL(" + ids + ") ORDER BY 1")) {
            while (rs.next()) {
                elsewhere.add(rs.getLong(1));
            }
        }
        // the plots are likely the editor's own, read in the wrong place: each row says so before naming
        // the region's editor
        boolean wrongSystem = placedByWrongSystem();
        String system = wrongSystem ? "_wrong_system" : "";
        String importsIt =
                (wrongSystem ? wrongSystem("plot") : ":") + " an editor of {region} or an administrator imports it";
        for (long region : elsewhere) {
            Detail.Names in = RegionNames.first(c, "name_en", "id = " + region);
            // a plot across a border: the share of it that lies there
            String share = "(SELECT round(100 * x.share) FROM " + PLACES + "_share x"
                    + " WHERE x.key = m.source_row AND x.region_id = " + region + ")";
            reject(
                    "outside_region",
                    DetailSql.when(
                            share + " < 100",
                            DetailSql.of(
                                    "outside_region_plot_mostly_in" + system + several,
                                    "{share} % of the plot's area lies in {region}, outside " + your + importsIt,
                                    "share",
                                    share,
                                    "region",
                                    DetailSql.known(in),
                                    "regions",
                                    yours),
                            DetailSql.of(
                                    "outside_region_plot_in" + system + several,
                                    "the plot lies in {region}, outside " + your + importsIt,
                                    "region",
                                    DetailSql.known(in),
                                    "regions",
                                    yours)),
                    "p.key = m.source_row AND p.region_id = " + region,
                    PLACES + " p");
        }
        reject(
                "outside_region",
                DetailSql.of(
                        "outside_region_plot_nowhere" + several,
                        "the plot lies in no region, so outside " + your + ": an administrator imports it",
                        "regions",
                        yours),
                "NOT EXISTS (SELECT 1 FROM " + PLACES + " p WHERE p.key = m.source_row AND p.region_id IS NOT NULL)");
    }

    /**
     * The area of the largest plot, in hectares, beyond which a plot is said to be too large: 10,000
     * km². Baikonur's lease, some 6,700 km², is within it; the smallest region, North Kazakhstan, is
     * ten times as large.
     */
    static final long HUGE_PLOT_HA = 1_000_000;

    /** The share of a plot that may lie in a second region before it is said: a drawing's slack is less. */
    static final double BORDER_SHARE = 0.10;

    /**
     * Warns of the plots that lie across a region's border with more than {@link #BORDER_SHARE} of
     * their area in a region other than the one they are counted in (the region of the largest share
     * of them, {@link PlotPlaces}), or in several others together: a plot drawn in the wrong place, or
     * one whose region the map would misname. The shares are those the plots were placed by.
     */
    private void warnAcrossRegionBorders() throws SQLException {
        execute("""
                CREATE TEMP TABLE import_border ON COMMIT DROP AS
                SELECT o.key AS source_row, p.region_id AS counted_in, o.region_id AS other, o.share
                FROM %1$s_share o
                JOIN %1$s p ON p.key = o.key AND p.region_id <> o.region_id
                JOIN import_mapped m ON m.source_row = o.key AND NOT m.rejected
                WHERE o.share > %2$s
                """.formatted(PLACES, BORDER_SHARE));
        List<long[]> pairs = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT DISTINCT counted_in, other FROM import_border ORDER BY 1, 2")) {
            while (rs.next()) {
                pairs.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
        for (long[] pair : pairs) {
            DetailSql across = DetailSql.of(
                    "across_region_border",
                    "the plot crosses a region border: {share} % of its area lies in another region ({other}); it"
                            + " is counted in {region}. Check its coordinates",
                    "share",
                    "round(100 * b.share)",
                    "other",
                    DetailSql.known(RegionNames.first(c, "name_en", "id = " + pair[1])),
                    "region",
                    DetailSql.known(RegionNames.first(c, "name_en", "id = " + pair[0])));
            execute("""
                    INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                    SELECT %d, b.source_row, 'warning', 'across_region_border', %s, %s
                    FROM import_border b WHERE b.counted_in = %d AND b.other = %d
                    """.formatted(revision, across.message(), across.detail(), pair[0], pair[1]));
        }
        execute("DROP TABLE import_border");
        // none of the other regions holds much of it, all of them together do: an outline of several
        // regions, or of the country
        execute("""
                CREATE TEMP TABLE import_borders ON COMMIT DROP AS
                SELECT o.key AS source_row, p.region_id AS counted_in, sum(o.share) AS share, count(*) AS regions
                FROM %1$s_share o
                JOIN %1$s p ON p.key = o.key AND p.region_id <> o.region_id
                JOIN import_mapped m ON m.source_row = o.key AND NOT m.rejected
                GROUP BY o.key, p.region_id
                HAVING sum(o.share) > %2$s AND max(o.share) <= %2$s
                """.formatted(PLACES, BORDER_SHARE));
        List<Long> counted = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT DISTINCT counted_in FROM import_borders ORDER BY 1")) {
            while (rs.next()) {
                counted.add(rs.getLong(1));
            }
        }
        for (long region : counted) {
            DetailSql across = DetailSql.of(
                    "across_region_borders",
                    "the plot crosses region borders: {share} % of its area lies in {count} other regions, none"
                            + " of which holds more than {most} % of it; it is counted in {region}. Check its"
                            + " coordinates, and that the file holds plots",
                    "share",
                    "round(100 * b.share)",
                    "count",
                    "b.regions",
                    "most",
                    DetailSql.known(Math.round(100 * BORDER_SHARE)),
                    "region",
                    DetailSql.known(RegionNames.first(c, "name_en", "id = " + region)));
            execute("""
                    INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                    SELECT %d, b.source_row, 'warning', 'across_region_border', %s, %s
                    FROM import_borders b WHERE b.counted_in = %d
                    """.formatted(revision, across.message(), across.detail(), region));
        }
        execute("DROP TABLE import_borders");
        warnAcrossTheStateBorder();
    }

    /**
     * Warns of the plots that lie across Kazakhstan's border with more than {@link #BORDER_SHARE} of
     * their area outside the country ({@link CountryArea}: more than {@link CountryArea#TOLERANCE_KM}
     * km beyond every region): such a plot touches the country, and is not rejected as lying outside
     * it. Only the plots whose regions' shares leave that much out are measured: the others meet no
     * boundary, or lie in the regions.
     */
    private void warnAcrossTheStateBorder() throws SQLException {
        String shortOfWhole =
                "SELECT key FROM %s_share GROUP BY key HAVING sum(share) < 1 - %s".formatted(PLACES, BORDER_SHARE);
        if (!CountryArea.loaded(c) || one(shortOfWhole + " LIMIT 1") == null) {
            return;
        }
        DetailSql outside = DetailSql.of(
                "across_state_border",
                "the plot crosses Kazakhstan's border: {share} % of its area lies outside the country, more than"
                        + " {tolerance} km beyond its regions. Check its coordinates",
                "share",
                "round(100 * o.share)",
                "tolerance",
                DetailSql.known(CountryArea.TOLERANCE_KM));
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                WITH piece AS MATERIALIZED (SELECT ST_Subdivide(geom, 256) AS geom FROM country_area),
                     candidate AS MATERIALIZED (
                         SELECT m.source_row, m.geom FROM import_mapped m
                         JOIN (%4$s) s ON s.key = m.source_row
                         WHERE NOT m.rejected AND ST_Area(m.geom) > 0)
                SELECT %1$d, o.source_row, 'warning', 'across_state_border', %2$s, %3$s
                FROM (SELECT c.source_row,
                             1 - coalesce(sum(ST_Area(ST_Intersection(c.geom, p.geom))), 0) / min(ST_Area(c.geom))
                                 AS share
                      FROM candidate c LEFT JOIN piece p ON p.geom && c.geom
                      GROUP BY c.source_row) o
                WHERE o.share > %5$s
                ORDER BY o.source_row
                """.formatted(revision, outside.message(), outside.detail(), shortOfWhole, BORDER_SHARE));
    }
}
