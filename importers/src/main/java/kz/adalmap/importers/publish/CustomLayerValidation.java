package kz.adalmap.importers.publish;

import java.sql.Connection;
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
import kz.adalmap.importers.report.Detail;
import kz.adalmap.importers.source.BadSourceException;
import kz.adalmap.importers.source.SourceProblem;
import kz.adalmap.importers.validate.OpeningHours;

/**
 * Maps the staging table of an import into a layer defined as data onto the layer's attributes and
 * checks every feature against the definition: the geometry type and validity (repaired with {@code
 * ST_MakeValid} when the repair keeps the feature's shape), required attributes, values that read as
 * their type, allowed values of enums, opening hours that {@link OpeningHours} reads, a key unique in the file, and the layer's region. Accepted
 * features become the revision's snapshot with typed attributes and the unmapped fields in {@code
 * extra}.
 *
 * <p>A source field fills the attribute whose name or label (in any of the three languages) it
 * bears, compared without case; a profile of kind {@code custom} may name other source fields, map
 * values and give defaults.
 */
final class CustomLayerValidation extends FeatureValidation {

    /**
     * Words read as yes and no, in Kazakh, Russian and English, with the words Russian and Kazakh
     * Excel and LibreOffice write a TRUE or FALSE cell as (ИСТИНА, ЛОЖЬ; АҚИҚАТ, ЖАЛҒАН).
     */
    private static final List<String> TRUE_WORDS =
            List.of("true", "t", "1", "yes", "y", "да", "д", "иә", "ия", "и", "бар", "есть", "истина", "ақиқат");

    private static final List<String> FALSE_WORDS =
            List.of("false", "f", "0", "no", "n", "нет", "н", "жоқ", "жок", "ж", "ложь", "жалған");

    /**
     * A number as Excel's General format writes one of 12 digits or more into a CSV, or shows it in
     * a cell (1,23457E+11 for 123456789012): at most six significant digits, the rest lost. Excel
     * writes a smaller number in full; a number of a layer (an amount, a BIN kept as text) so written
     * is not the number the workbook holds.
     */
    private static final String EXCEL_EXPONENT = "^[+-]?[0-9]([.,][0-9]{1,5})?[Ee]\\+?(1[1-9]|[2-9][0-9])$";

    private final CustomLayerSchema layer;

    /** The coordinate system the file was read in, as {@link PlotValidation}'s; null for EPSG:4326. */
    private final String sourceCrs;

    CustomLayerValidation(
            Connection c,
            String staging,
            long revision,
            MappingProfile profile,
            Set<Integer> editorRegions,
            CustomLayerSchema layer,
            String sourceCrs) {
        super(c, staging, revision, effectiveProfile(profile, layer), editorRegions);
        this.layer = layer;
        this.sourceCrs = sourceCrs;
    }

    /**
     * The profile the import reads with: every attribute under its own name and labels, after the
     * names the department's profile gives it.
     */
    private static MappingProfile effectiveProfile(MappingProfile given, CustomLayerSchema layer) {
        Set<String> names = layer.attributes().stream()
                .map(CustomLayerSchema.Attribute::name)
                .collect(Collectors.toSet());
        if (given != null) {
            List<String> unknown = new ArrayList<>();
            for (Map<String, ?> map : List.of(given.fields(), given.values(), given.defaults())) {
                map.keySet().stream().filter(k -> !names.contains(k)).forEach(unknown::add);
            }
            if (!unknown.isEmpty()) {
                throw new BadSourceException(
                        SourceProblem.WRONG_PROFILE,
                        "profile " + given.name() + " names attributes the layer " + layer.code()
                                + " does not have: "
                                + unknown.stream().distinct().sorted().toList() + "; its attributes are "
                                + names.stream().sorted().toList());
            }
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (CustomLayerSchema.Attribute a : layer.attributes()) {
            List<String> candidates = new ArrayList<>();
            if (given != null) {
                candidates.addAll(given.fields().getOrDefault(a.name(), List.of()));
            }
            candidates.add(a.name());
            a.labels().stream().filter(l -> l != null && !l.isBlank()).forEach(l -> candidates.add(l.strip()));
            fields.put(a.name(), candidates);
        }
        return new MappingProfile(
                given == null ? "attributes of layer " + layer.code() : given.name(),
                "custom",
                null,
                fields,
                given == null ? null : given.values(),
                given == null ? null : given.defaults(),
                null);
    }

    @Override
    protected List<String> definedOrder() {
        return layer.attributes().stream()
                .map(CustomLayerSchema.Attribute::name)
                .toList();
    }

    @Override
    void run() throws SQLException {
        execute("SET LOCAL client_min_messages = warning");
        Map<String, String> columns = stagingColumns();
        checkEncoding(columns);
        map(columns);
        rejectEmptyOrMisplaced("feature");
        String types =
                layer.postgisTypes().stream().map(FeatureValidation::literal).collect(Collectors.joining(", "));
        reject(
                "wrong_geometry_type",
                // the type in words of each language ("a point", «точка»), not PostGIS's name for it
                DetailSql.of(
                        "wrong_geometry_type_" + plural() + "_shape",
                        "the geometry is {type}; the layer holds " + plural(),
                        "type",
                        geometryType("m.geom")),
                "GeometryType(m.geom) NOT IN (" + types + ")");
        boolean polygons = layer.geometryType().equals("polygon");
        // of polygons, two repairs (structureRepair): a notch drawn as a hole in a district's or a
        // building's outline is read as the notch, as a plot's is
        // as plots, of a projected file checked and repaired in its own coordinates too
        if (polygons) {
            findInvalidInFile(sourceCrs);
        }
        repairInvalid(sourceCrs, layer.extractType(), false);
        if (polygons) {
            keepTheRepairNearerTheDrawing(null);
        }
        reject(
                "invalid_geometry",
                DetailSql.of(
                        "invalid_geometry_not_" + plural(),
                        "the geometry is invalid ({reason}) and cannot be repaired as " + plural(),
                        "reason",
                        invalidity("m.geom", "coalesce(m.file_reason, ST_IsValidReason(m.geom))")),
                "m.repaired IS NOT NULL AND (ST_IsEmpty(m.repaired) OR GeometryType(m.repaired) NOT IN (" + types
                        + "))");
        if (polygons) {
            // against the area as drawn, a polygon's rings read by which lies in which (drawnArea)
            String drawn = "m.drawn";
            String change = "(abs(ST_Area(m.repaired) - " + drawn + ") / nullif(" + drawn + ", 0))::numeric";
            String repairing =
                    "the geometry is invalid ({reason}); repairing it would change its area by {change}, so it"
                            + " was not imported: correct it in the source";
            reject(
                    "invalid_geometry",
                    DetailSql.when(
                            "round(100 * " + change + ", 1) IS NOT NULL",
                            DetailSql.of(
                                    "invalid_geometry_area_change",
                                    repairing.replace("{change}", "{change} %"),
                                    "reason",
                                    invalidity("m.geom", "coalesce(m.file_reason, ST_IsValidReason(m.geom))"),
                                    "change",
                                    "round(100 * " + change + ", 1)"),
                            DetailSql.of(
                                    "invalid_geometry_all_area",
                                    repairing.replace("{change}", "all of it"),
                                    "reason",
                                    invalidity("m.geom", "coalesce(m.file_reason, ST_IsValidReason(m.geom))"))),
                    "m.repaired IS NOT NULL AND coalesce(" + change + " >= " + LayerImporter.REPAIR_TOLERANCE
                            + ", true)");
        }
        keepRepairs(invalidity("geom", "coalesce(file_reason, ST_IsValidReason(geom))"));
        for (CustomLayerSchema.Attribute a : layer.attributes()) {
            checkAttribute(a);
        }
        rejectDuplicates();
        rejectOutsideLayerRegion();
        String key = layer.keyAttribute() == null
                ? "md5(ST_AsEWKB(ST_Normalize(geom)))"
                : "attributes ->> " + literal(layer.keyAttribute());
        execute("""
                INSERT INTO layer_feature_snapshot (layer_revision_id, source_row, feature_key, geom, attributes, extra)
                SELECT %d, source_row, %s, geom, attributes, extra
                FROM import_mapped WHERE NOT rejected
                ORDER BY source_row
                """.formatted(revision, key));
        keepPublishedVersions();
        execute("DROP TABLE import_mapped");
    }

    /**
     * A rejected row that stands for a public feature of the layer (its key attribute's value, or
     * its geometry when the layer has no key) does not remove that feature: its published version
     * goes into the revision instead, and the report says so, as for plots.
     */
    private void keepPublishedVersions() throws SQLException {
        String rowKey = layer.keyAttribute() == null
                ? "md5(ST_AsEWKB(ST_Normalize(m.geom)))"
                : "nullif(trim_blank(m.raw ->> " + literal(layer.keyAttribute()) + "), '')";
        DetailSql kept = layer.keyAttribute() == null
                ? DetailSql.of(
                        "kept_published_feature",
                        "the public feature drawn as this row keeps its published version until the row is corrected")
                : DetailSql.of(
                        "kept_published_object",
                        "the public object {object} keeps its published version until the row is corrected",
                        "object",
                        "feature_key");
        execute("""
                WITH kept AS (
                    INSERT INTO layer_feature_snapshot (layer_revision_id, source_row, feature_key, geom, attributes,
                                                        extra)
                    SELECT DISTINCT ON (f.feature_key) %1$d, m.source_row, f.feature_key, f.geom, f.attributes, f.extra
                    FROM import_mapped m
                    JOIN layer_feature f ON f.layer_id = %2$d AND f.feature_key = %3$s
                    WHERE m.rejected
                      AND NOT EXISTS (SELECT 1 FROM layer_feature_snapshot s
                                      WHERE s.layer_revision_id = %1$d AND s.feature_key = f.feature_key)
                    ORDER BY f.feature_key, m.source_row
                    RETURNING source_row, feature_key)
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %1$d, source_row, 'warning', 'kept_published', %4$s, %5$s
                FROM kept
                """.formatted(revision, layer.layerId(), rowKey, kept.message(), kept.detail()));
    }

    private String plural() {
        return switch (layer.geometryType()) {
            case "point" -> "points";
            case "line" -> "lines";
            default -> "polygons";
        };
    }

    private void map(Map<String, String> columns) throws SQLException {
        execute("""
                CREATE TEMP TABLE import_mapped (
                    source_row bigint PRIMARY KEY,
                    geom geometry,
                    repaired geometry,
                    -- of a polygon repaired: the repair that keeps the structure of its rings, beside
                    -- the default one in repaired, and its area as drawn; the one nearer it is kept
                    structure geometry, drawn float8,
                    -- of a polygon valid in longitude and latitude but not in the file's own coordinates
                    -- (a projected file's): the polygon there and why it is invalid, located in degrees
                    in_file geometry, file_reason text,
                    rejected boolean NOT NULL DEFAULT false,
                    raw jsonb NOT NULL,
                    attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
                    extra jsonb NOT NULL
                ) ON COMMIT DROP
                """);
        List<String> params = new ArrayList<>();
        List<String> used = new ArrayList<>();
        List<String> pairs = new ArrayList<>();
        List<Detail.Names> missing = new ArrayList<>();
        for (CustomLayerSchema.Attribute a : layer.attributes()) {
            if (chosenColumn(a.name(), columns) == null && !profile.defaults().containsKey(a.name())) {
                missing.add(a.described());
            }
            pairs.add(literal(a.name()) + ", " + fieldExpression(a.name(), columns, params, used));
        }
        List<String> objects = new ArrayList<>();
        // jsonb_build_object takes at most 100 arguments
        for (int i = 0; i < pairs.size(); i += 50) {
            objects.add("jsonb_build_object(" + String.join(", ", pairs.subList(i, Math.min(pairs.size(), i + 50)))
                    + ")");
        }
        String raw = objects.isEmpty() ? "'{}'::jsonb" : "jsonb_strip_nulls(" + String.join(" || ", objects) + ")";
        // a CSV gives empty text for an empty cell: kept out of extra like a missing value
        String extra = "(SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb) FROM jsonb_each("
                + extraExpression(columns, used) + ") e WHERE e.value <> '\"\"'::jsonb)";
        insertMapped(
                "INSERT INTO import_mapped (source_row, geom, raw, extra) SELECT s.source_row, s.geom, " + raw + ", "
                        + extra + " FROM staging." + staging + " s",
                params);
        for (Detail twins : cutTwins) {
            fileIssue("warning", "field_name_cut", twins);
        }
        if (!missing.isEmpty()) {
            fileIssue(
                    "warning",
                    "missing_field",
                    Detail.of(
                            missing.size() == 1 ? "missing_attribute" : "missing_attributes",
                            "the file has no field for the attribute" + (missing.size() == 1 ? "" : "s")
                                    + " {attributes} under its name or label; its fields are {columns}",
                            "attributes",
                            missing,
                            "columns",
                            asTheFileNames(columns.keySet())));
        }
    }

    /**
     * Rejects a feature without a required value or with a value that does not read as the attribute's
     * type, those rejected for another reason too: every wrong value of a row is said at once, as a
     * plot's are, so that an editor corrects the row once.
     */
    private void checkAttribute(CustomLayerSchema.Attribute a) throws SQLException {
        String name = literal(a.name());
        String raw = "(m.raw ->> " + name + ")";
        if (a.required()) {
            rejectEveryRow(
                    "missing_value",
                    DetailSql.of(
                            "missing_value",
                            "the required attribute {attribute} has no value",
                            "attribute",
                            DetailSql.known(a.described())),
                    "NOT m.raw ? " + name);
        }
        if (List.of("integer", "number", "text").contains(a.type())) {
            rejectEveryRow(
                    "bad_value",
                    DetailSql.of(
                            "number_in_exponent_form",
                            "the attribute {attribute}: '{value}' is a number a spreadsheet wrote in scientific"
                                    + " notation, keeping only its first digits: format the column in the workbook"
                                    + " as a number without exponent (or as text) and save the file again",
                            "attribute",
                            DetailSql.known(a.described()),
                            "value",
                            raw),
                    "trim_blank(" + raw + ") ~ " + literal(EXCEL_EXPONENT));
        }
        String typed;
        String expected;
        Object[] values = {};
        String code = "bad_value";
        switch (a.type()) {
            case "integer" -> {
                String number = "try_numeric(" + raw + ", " + comma(a) + ")";
                typed = "CASE WHEN " + number + " = trunc(" + number + ") AND abs(" + number + ") < 1e15 THEN to_jsonb("
                        + number + "::bigint) END";
                expected = "is not a whole number";
            }
            case "number" -> {
                String number = "try_numeric(" + raw + ", " + comma(a) + ")";
                typed = "CASE WHEN abs(" + number + ") < 1e15 THEN to_jsonb(" + number + ") END";
                expected = "is not a number (write 1234.5 or 1234,5)";
            }
            case "boolean" -> {
                String word = "lower(trim_blank(" + raw + "))";
                typed = "CASE WHEN " + word + " IN (" + words(TRUE_WORDS) + ") THEN 'true'::jsonb WHEN " + word
                        + " IN (" + words(FALSE_WORDS) + ") THEN 'false'::jsonb END";
                expected = "is not yes or no (true/false, 1/0, да/нет, иә/жоқ, yes/no)";
            }
            case "date" -> {
                typed = "to_jsonb(try_date(" + raw + ")::text)";
                expected = "is not a date (2026-12-01 or 01.12.2026)";
            }
            case "opening_hours" -> {
                // parsed in Java, once per distinct value: the rule lives in one place, OpeningHours
                String reasons = literal(toJson(openingHoursProblems(a))) + "::jsonb";
                execute("UPDATE import_mapped m SET attributes = attributes || jsonb_build_object(" + name
                        + ", trim_blank(" + raw + ")) WHERE m.raw ? " + name + " AND NOT " + reasons + " ? " + raw);
                rejectEveryRow(
                        "bad_value",
                        DetailSql.of(
                                "bad_opening_hours",
                                "the attribute {attribute}: '{value}' is not opening hours: {reason}",
                                "attribute",
                                DetailSql.known(a.described()),
                                "value",
                                raw,
                                "reason",
                                "(" + reasons + " ->> " + raw + ")"),
                        "m.raw ? " + name + " AND NOT m.attributes ? " + name);
                return;
            }
            case "enum" -> {
                Map<String, String> spellings = new LinkedHashMap<>();
                for (CustomLayerSchema.EnumValue v : a.values()) {
                    spellings.put(MappingProfile.word(v.value()), v.value());
                    v.labels().stream()
                            .filter(l -> l != null && !l.isBlank())
                            .forEach(l -> spellings.putIfAbsent(MappingProfile.word(l), v.value()));
                }
                typed = "to_jsonb(" + literal(toJson(spellings)) + "::jsonb ->> profile_word(" + raw + "))";
                expected = "is not one of the allowed values ({values})";
                values = new Object[] {
                    "values",
                    DetailSql.known(a.values().stream()
                            .map(CustomLayerSchema.EnumValue::described)
                            .toList())
                };
                code = "unknown_value";
            }
            default -> {
                typed = "to_jsonb(" + raw + ")";
                expected = null;
            }
        }
        execute("UPDATE import_mapped m SET attributes = attributes || jsonb_strip_nulls(jsonb_build_object(" + name
                + ", " + typed + ")) WHERE m.raw ? " + name);
        if (expected != null) {
            Object[] named = {"attribute", DetailSql.known(a.described()), "value", raw};
            Object[] all = java.util.Arrays.copyOf(named, named.length + values.length);
            System.arraycopy(values, 0, all, named.length, values.length);
            DetailSql said = DetailSql.of("bad_" + a.type(), "the attribute {attribute}: '{value}' " + expected, all);
            if (a.type().equals("integer") || a.type().equals("number")) {
                said = DetailSql.when(
                        "number_comma(" + raw + ") = 'either'",
                        DetailSql.of(
                                "ambiguous_number",
                                "the attribute {attribute}: '{value}' may be read two ways: the comma may separate"
                                        + " thousands or mark the decimals, and the attribute's other values do not"
                                        + " tell which: write the number without thousands separators",
                                named),
                        said);
            }
            rejectEveryRow(code, said, "m.raw ? " + name + " AND NOT m.attributes ? " + name);
        }
    }

    /**
     * SQL: how a comma before exactly three digits («1,200») is read in the values of the numeric
     * attribute {@code a} (the {@code comma} argument of {@code try_numeric}), as a plot's area is:
     * as the attribute's other values use the comma, when they show one use only (commas between
     * groups of three, with a point before the decimals; a decimal comma, «0,797»). A whole number has
     * no decimals: only thousands decide it. Null when the values do not tell.
     */
    private String comma(CustomLayerSchema.Attribute a) throws SQLException {
        String raw = "(m.raw ->> " + literal(a.name()) + ")";
        String[] uses = one("SELECT count(*) FILTER (WHERE c = 'thousands') || ' ' || count(*) FILTER (WHERE c ="
                        + " 'decimal') FROM (SELECT number_comma(" + raw + ") AS c FROM import_mapped m"
                        + " WHERE NOT m.rejected AND strpos(" + raw + ", ',') > 0) x")
                .split(" ");
        boolean thousands = Long.parseLong(uses[0]) > 0;
        boolean decimal = Long.parseLong(uses[1]) > 0;
        if (thousands && !decimal) {
            return "'thousands'";
        }
        if (decimal && !thousands && a.type().equals("number")) {
            return "'decimal'";
        }
        return "NULL";
    }

    /** Each distinct value of an opening_hours attribute that does not read, with the reason. */
    private Map<String, String> openingHoursProblems(CustomLayerSchema.Attribute a) throws SQLException {
        Map<String, String> reasons = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT DISTINCT m.raw ->> " + literal(a.name())
                        + " FROM import_mapped m WHERE m.raw ? " + literal(a.name()))) {
            while (rs.next()) {
                String value = rs.getString(1);
                try {
                    OpeningHours.parse(value);
                } catch (IllegalArgumentException e) {
                    reasons.put(value, e.getMessage());
                }
            }
        }
        return reasons;
    }

    /** The key attribute identifies one feature: two rows with the same key (or, without one, the same geometry) cannot both be it. */
    private void rejectDuplicates() throws SQLException {
        String key = layer.keyAttribute();
        execute("""
                CREATE TEMP TABLE import_duplicate ON COMMIT DROP AS
                SELECT source_row, first_value(source_row) OVER w AS first_row, row_number() OVER w AS n
                FROM import_mapped WHERE NOT rejected
                WINDOW w AS (PARTITION BY %s ORDER BY source_row)
                """.formatted(key == null ? "md5(ST_AsEWKB(ST_Normalize(geom)))" : "attributes ->> " + literal(key)));
        if (key == null) {
            reject(
                    "duplicate_geometry",
                    DetailSql.of(
                            rowKey("duplicate_feature"),
                            "the same feature as " + rowWord() + " {row} (identical geometry)",
                            "row",
                            "d.first_row"),
                    "d.source_row = m.source_row AND d.n > 1",
                    "import_duplicate d");
        } else {
            reject(
                    "duplicate_key",
                    DetailSql.of(
                            rowKey("duplicate_key"),
                            "the key {attribute} '{value}' is already the key of " + rowWord() + " {row}",
                            "attribute",
                            DetailSql.known(key),
                            "value",
                            "(m.attributes ->> " + literal(key) + ")",
                            "row",
                            "d.first_row"),
                    "d.source_row = m.source_row AND d.n > 1",
                    "import_duplicate d");
        }
        execute("DROP TABLE import_duplicate");
    }

    /**
     * A layer of a region holds only the features that meet that region ({@link #meets}: a line running
     * through it, whoever imports them; one point of a line gave it to the region of its middle vertex).
     * When the file's placement warning says its system looks one zone off, each row says that first
     * ({@link #wrongSystem}).
     */
    private void rejectOutsideLayerRegion() throws SQLException {
        if (layer.regionId() == null) {
            rejectOutsideEditorRegions("feature");
            return;
        }
        Detail.Names region = RegionNames.first(c, "name_en", "id = " + layer.regionId());
        boolean wrongSystem = placedByWrongSystem();
        reject(
                "outside_region",
                DetailSql.of(
                        "outside_layer_region" + (wrongSystem ? "_wrong_system" : ""),
                        "the feature lies outside the layer's region ({region})"
                                + (wrongSystem ? wrongSystem("feature") + " it is not this layer's" : ""),
                        "region",
                        DetailSql.known(region == null ? "" : region)),
                "NOT EXISTS (SELECT 1 FROM region r WHERE r.id = " + layer.regionId() + " AND "
                        + meets("r.geom", "m.geom") + ")");
    }

    private static String words(List<String> words) {
        return words.stream().map(FeatureValidation::literal).collect(Collectors.joining(", "));
    }
}
