package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import kz.adalmap.importers.profile.MappingProfile;
import kz.adalmap.importers.report.Detail;
import kz.adalmap.importers.validate.AreaUnits;
import kz.adalmap.importers.validate.InvisibleSigns;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the validation of every kind of layer shares, in set-based SQL inside the import's
 * transaction: reading the file's fields from staging through the profile, the check of its text
 * for code-page damage, and recording problems.
 *
 * <p>Each problem becomes a row of {@code import_issue} with the feature's position in the file: a
 * <em>rejected</em> feature is not imported, a <em>repaired</em> one is imported after the fix, a
 * <em>warning</em> is imported as it is (a value that cannot be read is left empty). Subclasses work
 * on their temporary table {@code import_mapped}, one row per feature, with {@code source_row},
 * {@code geom} and {@code rejected}.
 */
abstract class FeatureValidation {

    /** Letters of Russian and Kazakh. */
    private static final String CYRILLIC = "А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі";
    /**
     * What CP866 (DOS) puts where its Cyrillic letters are, read in CP1251: «Ђ» for «А», «Ґ» for
     * «е», «®» for «о», «а» for «р»…
     */
    private static final String DOS_READ_AS_WINDOWS =
            "А-Яа-яЁё" + "ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏ" + "ђ‘’“”•–—™љ›њќћџ" + "\u00a0ЎўЈ¤Ґ¦§©Є«¬\u00ad®Ї";
    /**
     * Signs CP866's «м» and «о» become in CP1251: no Russian or Kazakh text has them in words, nor
     * does Kazakh text read in the wrong code page (which turns «Ә» and «Ө» into «Ј» and «Ґ», and
     * «Ө» and «Ұ» into «¤» and «¦»).
     */
    private static final String DOS_SIGNS = "¬®";
    /**
     * What the Kazakh code pages put where their Kazakh letters are, read in CP1251: PT154's «Ғ Қ Ң Ү
     * Һ» become «Ѓ Ќ Њ ‡ Ћ», its «Ә Ө Ұ» «Є ¤ ¦» and «ә ө ұ» «є µ ±»; KZ-1048's «Қ Һ» become «Ќ Ћ»,
     * its «Ө Ғ Ү Ң» the Ukrainian and Macedonian «Ґ Є Ї Ѕ» («Жаѕа ґмір» for «Жаңа өмір»). Its «Ұ Ә»
     * become «Ў Ј», which {@link #NOT_KAZAKH} looks for.
     */
    private static final String KAZAKH_READ_AS_WINDOWS = "ЂЃЉЊЌЋЏђѓљњќћџ‡‰ҐґЄєЇїЅѕ¤¦±µ";
    /** Letters of other Cyrillic alphabets that one Kazakh code page puts where the other has Kazakh ones. */
    private static final String NOT_KAZAKH = "ҖҗӮӯҶҷҲҳҠҡӢӣҸҹЎўЈјҘҙҜҝҪҫ";

    protected final Connection c;
    protected final String staging;
    protected final long revision;
    protected final MappingProfile profile;
    protected final Set<Integer> editorRegions;

    /**
     * @param staging the table in schema {@code staging} that ogr2ogr filled ({@code source_row}, {@code
     *     geom} and the file's fields)
     * @param editorRegions the regions the importing editor may change, null for everywhere
     */
    FeatureValidation(Connection c, String staging, long revision, MappingProfile profile, Set<Integer> editorRegions) {
        this.c = c;
        this.staging = staging;
        this.revision = revision;
        this.profile = profile;
        this.editorRegions = editorRegions;
    }

    abstract void run() throws SQLException;

    /**
     * The cells of the file's rows that were not read as the file meant them (a coordinate no angle, a
     * spreadsheet's error), by the feature (source_row) their row is.
     */
    Map<Long, List<kz.adalmap.importers.source.SourceFiles.CellProblem>> cellProblems = Map.of();

    /**
     * Rejects each row one of whose {@link #cellProblems} is a coordinate of its geometry or a field
     * the profile reads, naming each such cell and why: its row would be published without the
     * value, or said only to have no geometry. A cell of another column is said of the file only.
     */
    protected void rejectCellsUnread() throws SQLException {
        if (cellProblems.isEmpty()) {
            return;
        }
        Set<String> read = new java.util.HashSet<>();
        chosen.values().forEach(column -> column.ifPresent(name -> read.add(MappingProfile.laundered(fileName(name)))));
        for (Map.Entry<Long, List<kz.adalmap.importers.source.SourceFiles.CellProblem>> row : cellProblems.entrySet()) {
            List<kz.adalmap.importers.source.SourceFiles.CellProblem> rowCells = row.getValue().stream()
                    .filter(cell -> cell.coordinate() || read.contains(MappingProfile.laundered(cell.column())))
                    .toList();
            if (rowCells.isEmpty()) {
                continue;
            }
            int hit;
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE import_mapped SET rejected = true WHERE source_row = ?")) {
                ps.setLong(1, row.getKey());
                hit = ps.executeUpdate();
            }
            // a row the file has as it had, not checked again, keeps what it was told
            if (hit > 0) {
                for (kz.adalmap.importers.source.SourceFiles.CellProblem cell : rowCells) {
                    LayerImporter.rowIssue(c, revision, row.getKey(), "rejected", cell.code(), cell.detail());
                }
            }
        }
    }

    /** Runs the insert into {@code import_mapped} with the value maps and defaults bound as parameters. */
    protected void insertMapped(String sql, List<String> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            ps.executeUpdate();
        }
    }

    /**
     * The fields read, in each feature, from one of the several fields of the file that could hold
     * them, which the validation chose and said: not reported as ambiguous.
     */
    protected final Set<String> readPerFeature = new java.util.HashSet<>();

    /**
     * Says which fields of {@code canonical} the profile maps, or gives a default, but the file lacks.
     */
    protected void reportMissingFields(List<String> canonical, Map<String, String> columns) throws SQLException {
        List<String> unmapped = new ArrayList<>();
        fieldsOfCutNames(columns);
        for (Detail untold : cutUntold) {
            fileIssue("warning", "field_name_cut", untold);
        }
        for (String field : canonical) {
            String column = chosenColumn(field, columns);
            if (readPerFeature.contains(field)) {
                // the report says how, in the validation's own words
                continue;
            }
            if (ambiguous.containsKey(field)) {
                fileIssue("warning", "field_ambiguous", ambiguity(field));
            } else if (chosenBecause.containsKey(field)) {
                fileIssue("warning", "field_recognised", chosenBecause.get(field));
            } else if (column != null && cutBecause.containsKey(column)) {
                fileIssue("warning", "field_name_cut", cutBecause.get(column));
            } else if (column != null && field.equals(fieldsOfCutNames(columns).get(column))) {
                // how the name differs from the profile's: letters lost, cut by the DBF, shortened by hand
                String[] why = lostLetters(column) != null
                        ? new String[] {
                            "field_name_letters_lost",
                            "its name lost letters in decoding (a question mark stands for each) and is otherwise a"
                                    + " name the profile knows for it"
                        }
                        : dbfCut(MappingProfile.laundered(column))
                                // the note on UTF-8's 5 Cyrillic letters only where the name has them
                                ? column.chars()
                                                .anyMatch(ch -> Character.UnicodeBlock.of(ch)
                                                        == Character.UnicodeBlock.CYRILLIC)
                                        ? new String[] {
                                            "field_name_cut",
                                            "its name looks cut to the 10 bytes a DBF keeps (a Shapefile written in"
                                                    + " UTF-8 keeps 5 Cyrillic letters)"
                                        }
                                        : new String[] {
                                            "field_name_cut_latin", "its name looks cut to the 10 letters a DBF keeps"
                                        }
                                : new String[] {
                                    "field_name_shortened",
                                    "its name is the beginning of a name the profile knows for it"
                                };
                fileIssue(
                        "warning",
                        "field_name_cut",
                        Detail.of(
                                why[0],
                                "the field '{column}' is read as {field}: " + why[1],
                                "column",
                                fileName(column),
                                "field",
                                Detail.field(field)));
            } else if (column == null && field.equals("cadastral_number")) {
                // not among the fields merely missing: a layer without numbers cannot be looked up by
                // them, and its plots are told apart by their outlines alone
                fileIssue(
                        "warning",
                        "no_cadastral_number",
                        Detail.of(
                                "no_cadastral_number",
                                "no field of the file holds cadastral numbers (its fields are {columns}): the plots"
                                        + " are imported without them and known by their outlines; if the file has"
                                        + " them, name their field in a profile of your own",
                                "columns",
                                asTheFileNames(columns.keySet())));
            } else if (column == null
                    && (profile.fields().containsKey(field)
                            || profile.defaults().containsKey(field))) {
                // a profile may give a field a default and no names (as MappingProfile's own example
                // does): every feature then gets it, which is said as of a field the file lacks
                if (profile.defaults().containsKey(field)) {
                    fileIssue(
                            "warning",
                            "default_used",
                            withLatinNames(
                                    mixedNames(canonical, columns),
                                    "default_used",
                                    "the file has no field for {field} under any name the profile {profile} knows:"
                                            + " every feature gets the profile's default, '{value}'",
                                    "field",
                                    Detail.field(field),
                                    "profile",
                                    profile.name(),
                                    "value",
                                    codeOrText(field, profile.defaults().get(field))));
                } else {
                    unmapped.add(field);
                }
            }
        }
        if (!unmapped.isEmpty()) {
            fileIssue(
                    "warning",
                    "missing_field",
                    withLatinNames(
                            mixedNames(canonical, columns),
                            "missing_field",
                            "the file has no field for {fields} under any name the profile {profile} knows; its"
                                    + " fields are {columns}",
                            "fields",
                            unmapped.stream().sorted().map(Detail::field).toList(),
                            "profile",
                            profile.name(),
                            "columns",
                            asTheFileNames(columns.keySet())));
        }
    }

    /** Said when {@code column} is read as {@code field} because its name begins with one the profile knows. */
    private Detail recognisedByName(String column, String field) {
        return Detail.of(
                "field_recognised_by_name",
                "the field '{column}' is read as {field}: its name begins with a name the profile knows for it",
                "column",
                shownName(column),
                "field",
                Detail.field(field));
    }

    /**
     * Staging columns by the names the file gives their fields ({@link #stagingColumns}); a field
     * that shares its name with another, by that name and its position in the file ({@code PLOSHAD_GA
     * (column 5)}), not by the staging name GDAL gave it.
     */
    protected List<Object> asTheFileNames(java.util.Collection<String> columns) {
        return columns.stream()
                .map(column -> {
                    Map.Entry<String, Integer> twin = twins.get(column);
                    if (twin == null) {
                        return (Object) shownName(column);
                    }
                    String alias = aliases.get(column);
                    return Detail.of(
                            "field_at_column",
                            "{field} (column {column})",
                            "field",
                            alias == null ? twin.getKey() : twin.getKey() + " («" + alias + "»)",
                            "column",
                            twin.getValue());
                })
                .toList();
    }

    /**
     * Which of the columns that could each hold {@code field} was read, and why, and in how many
     * features they say different things (after the profile's value map: «свободен» and «free»
     * agree).
     */
    private Detail ambiguity(String field) throws SQLException {
        Ambiguity a = ambiguous.get(field);
        String read = a.columns().get(0);
        // named in the report as the file names them: a name of more than 63 bytes is cut in its column's
        String readName = fileName(read);
        Map<String, String> words = profile.values().get(field);
        String map = null;
        if (words != null && !words.isEmpty()) {
            Map<String, String> values = new LinkedHashMap<>();
            words.values().forEach(code -> values.put(MappingProfile.word(code), code));
            values.putAll(words);
            map = literal(toJson(values)) + "::jsonb";
        }
        List<String> values = new ArrayList<>();
        for (String column : a.columns()) {
            String raw = "nullif(trim_blank(s." + quote(column) + "::text), '')";
            if (field.equals("area_declared_ha")) {
                // «Площадь, га» 0,25 and «Площадь, кв.м» 2500 agree: each compared in its own unit
                String factor = Double.toString(PlotValidation.hectaresPer(AreaUnits.named(column)));
                values.add("coalesce(round(try_area_ha(" + raw + ", NULL, " + factor + "), 4)::text, " + raw + ")");
                continue;
            }
            values.add(
                    field.equals("kind")
                            ? "coalesce(" + kindRead(raw) + ", " + raw + ")"
                            : map == null ? raw : "coalesce(" + map + " ->> profile_word(" + raw + "), " + raw + ")");
        }
        List<String> differs = new ArrayList<>();
        for (String other : values.subList(1, values.size())) {
            differs.add(values.get(0) + " IS DISTINCT FROM " + other);
        }
        long differing;
        long features;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE " + String.join(" OR ", differs)
                        + "), count(*) FROM staging." + quote(staging) + " s")) {
            rs.next();
            differing = rs.getLong(1);
            features = rs.getLong(2);
        }
        boolean many = a.columns().size() > 2;
        // names that differ only in the case of their letters («Status», «STATUS»; «Статус», «статус»)
        // are one name to a profile, which cannot pick either: the file's order does
        boolean byCase = a.columns().subList(1, Math.max(1, a.named())).stream()
                .anyMatch(other -> MappingProfile.laundered(other).equals(MappingProfile.laundered(read)));
        // «Стату» and «Стат_1», two names QGIS cut to a DBF's 10 bytes from «Статус_аукциона» and
        // «Статус_участка»: neither is the profile's, and the file's order chose
        String readStem = MappingProfile.laundered(read);
        boolean cutAlike = a.named() > 1
                && a.columns().subList(1, a.named()).stream()
                        .map(other -> twinStem(MappingProfile.laundered(other)))
                        .anyMatch(stem -> stem != null && readStem.startsWith(stem));
        // fields of one name in the file (a .dbf's cut alike, a CSV header's written twice), read under
        // names numbered after the first's: the file's order chose
        Map.Entry<String, Integer> readTwin = twins.get(read);
        boolean sameName = readTwin != null
                && a.columns().stream()
                        .skip(1)
                        .map(twins::get)
                        .anyMatch(other -> other != null && other.getKey().equals(readTwin.getKey()));
        Detail why = a.byValues() != null
                ? Detail.of(
                        "ambiguous_by_values",
                        "more of its values are words the profile {profile} knows for it ({share} %) than of any"
                                + " other's ({other} %)",
                        "profile",
                        profile.name(),
                        "share",
                        a.byValues()[0],
                        "other",
                        a.byValues()[1])
                : sameName
                        ? Detail.of(
                                "ambiguous_by_same_name",
                                "the file gives them one name, and it comes first in the file")
                        : cutAlike
                                ? Detail.of(
                                        "ambiguous_by_cut_twin",
                                        "the names are cut alike to the 10 bytes a DBF keeps, and it comes first in the"
                                                + " file (GDAL and QGIS number those after it)")
                                : byCase
                                        ? Detail.of(
                                                "ambiguous_by_case",
                                                "of names that differ only in the case of their letters, which a profile does not tell"
                                                        + " apart, it comes first in the file")
                                        : a.named() == 1
                                                ? Detail.of(
                                                        many ? "ambiguous_by_name_many" : "ambiguous_by_name",
                                                        "its name is one the profile {profile} knows for it; "
                                                                + (many
                                                                        ? "the others' names only begin"
                                                                        : "the other's name only begins")
                                                                + " with one",
                                                        "profile",
                                                        profile.name())
                                                : Detail.of(
                                                        "ambiguous_by_order",
                                                        "it comes first in the profile {profile}'s order of names",
                                                        "profile",
                                                        profile.name());
        Detail agreement = differing == 0
                ? Detail.of("ambiguous_agree", "they agree in every feature")
                : byCase
                        ? Detail.of(
                                "ambiguous_differ_case",
                                "they differ in {differing} of the {features} features: if '{read}' is not the right"
                                        + " one, give the fields names that differ in more than the case of their"
                                        + " letters",
                                "differing",
                                differing,
                                "features",
                                features,
                                "read",
                                readName)
                        : Detail.of(
                                "ambiguous_differ",
                                "they differ in {differing} of the {features} features: name the field to read in a profile"
                                        + " of your own if '{read}' is not the right one",
                                "differing",
                                differing,
                                "features",
                                features,
                                "read",
                                readName);
        return Detail.of(
                many ? "field_ambiguous_many" : "field_ambiguous",
                "{count} fields could hold {field}: {columns}; '{read}' was read ({why}) and the other"
                        + (many ? "s are" : " is") + " kept in extra; {agreement}",
                "count",
                a.columns().size(),
                "field",
                Detail.field(field),
                "columns",
                a.columns().stream().map(this::candidateName).toList(),
                "read",
                readName,
                "why",
                why,
                "agreement",
                agreement);
    }

    /**
     * A column that could hold a field, as the warning of several lists it: quoted under the name it
     * is read under, and when the file gives its name to other fields too (three «Кадастровы» of a
     * .dbf, read as Кадастровы, Кадастровы_2, Кадастровы_3), with its place among the file's fields,
     * as the notes of the fields read under other names give it.
     */
    private Object candidateName(String column) {
        Map.Entry<String, Integer> twin = twins.get(column);
        if (twin == null) {
            return "'" + fileName(column) + "'";
        }
        return Detail.of(
                "field_read_at_column",
                "'{field}' (column {column})",
                "field",
                fileName(column),
                "column",
                twin.getValue());
    }

    /**
     * The fields of the file read as none of {@code canonical} whose names hold Latin letters in
     * Cyrillic words, each with those letters, as the end of a sentence; null when there are none. A
     * name that looks like one the profile knows but is not may be told so: Latin letters no
     * Cyrillic one looks like were typed in it.
     */
    private Detail mixedNames(List<String> canonical, Map<String, String> columns) throws SQLException {
        Set<String> read = new java.util.HashSet<>();
        for (String field : canonical) {
            read.add(chosenColumn(field, columns));
        }
        List<String> mixed = new ArrayList<>();
        String letters = "";
        for (String column : columns.keySet()) {
            String in = MappingProfile.latinInCyrillic(column);
            if (!read.contains(column) && !in.isEmpty()) {
                mixed.add(column);
                letters = in;
            }
        }
        if (mixed.isEmpty()) {
            return null;
        }
        if (mixed.size() > 1) {
            return Detail.of(
                    "latin_in_names",
                    "; the names of its fields {names} hold Latin letters among Cyrillic ones",
                    "names",
                    mixed);
        }
        return Detail.of(
                letters.length() > 1 ? "latin_in_name_letters" : "latin_in_name",
                "; of its fields' names, '{column}' contains the Latin letter" + (letters.length() > 1 ? "s" : "")
                        + " {letters} among Cyrillic ones",
                "column",
                mixed.get(0),
                "letters",
                letters);
    }

    /**
     * SQL: the detail of {@code key} ({@link DetailSql#of}), and when the text {@code value} holds
     * Latin letters in Cyrillic words, of {@code key_latin}, the same sentence saying which: a word not
     * known that looks like one the profile knows.
     */
    protected static DetailSql withLatinLetters(String value, String key, String template, Object... namesAndValues) {
        String letters = "latin_in_cyrillic(" + value + ")";
        Object[] more = java.util.Arrays.copyOf(namesAndValues, namesAndValues.length + 2);
        more[namesAndValues.length] = "latin";
        more[namesAndValues.length + 1] = DetailSql.when(
                "length(" + letters + ") > 1",
                DetailSql.of(
                        "latin_in_word_letters",
                        "; it contains the Latin letters {letters} among Cyrillic ones",
                        "letters",
                        letters),
                DetailSql.of(
                        "latin_in_word",
                        "; it contains the Latin letter {letters} among Cyrillic ones",
                        "letters",
                        letters));
        return DetailSql.when(
                letters + " IS NULL",
                DetailSql.of(key, template, namesAndValues),
                DetailSql.of(key + "_latin", template + "{latin}", more));
    }

    /**
     * The detail of an unknown coded value ({@code key}: {@code unknown_status}, {@code unknown_kind}),
     * and when the value {@code value} is a whole number, of {@code key_domain_code}: such a number is
     * what a coded-value domain keeps (ArcGIS, GeoPackage: 4 for «предоставлен»), and a file exported
     * or copied without its domain holds the codes alone, which no word of a profile names. {@code
     * what} is the value's name in the sentence («the status»), {@code codes} the known words.
     */
    protected static DetailSql unknownCoded(
            String value, String shown, String key, String what, DetailSql.Known codes) {
        String known = ": correct the cell to one of the known words ({codes}); a profile of your own may map it in"
                + " its values";
        return DetailSql.when(
                "trim_blank(" + value + ") ~ '^[0-9]{1,9}$'",
                DetailSql.of(
                        key + "_domain_code",
                        what + " '{value}' is not known: it is a number, as the codes of a coded-value domain (ArcGIS,"
                                + " GeoPackage) are, and the file may hold the codes without the domain that"
                                + " describes them (a layer exported or copied without it): export it with its"
                                + " domain, or" + known.substring(1),
                        "value",
                        shown,
                        "codes",
                        codes),
                withLatinLetters(value, key, what + " '{value}' is not known" + known, "value", shown, "codes", codes));
    }

    /**
     * The detail of {@code key} ({@link Detail#of}), and when {@code latin} ({@link #mixedNames}) is
     * not null, of {@code key_latin}, the same sentence with it at the end.
     */
    private static Detail withLatinNames(Detail latin, String key, String template, Object... namesAndValues) {
        if (latin == null) {
            return Detail.of(key, template, namesAndValues);
        }
        Object[] more = java.util.Arrays.copyOf(namesAndValues, namesAndValues.length + 2);
        more[namesAndValues.length] = "latin";
        more[namesAndValues.length + 1] = latin;
        return Detail.of(key + "_latin", template + "{latin}", more);
    }

    /**
     * Warns of each feature whose parts of other types were left out ({@code left_out} of {@code
     * import_mapped}: {@code first}, {@code second} or both): a key each ({@code keyPrefix_first},
     * {@code keyPrefix_second}, {@code keyPrefix_first_and_second}), the words in the reader's
     * language; {@code leftOut} names them as {@code {parts}}.
     */
    void warnOfPartsLeftOut(String keyPrefix, String leftOut, String first, String second) throws SQLException {
        String both = first + " and " + second;
        DetailSql parts = DetailSql.when(
                "left_out = '" + first + "'",
                DetailSql.of(keyPrefix + "_" + first, leftOut.replace("{parts}", first)),
                DetailSql.when(
                        "left_out = '" + second + "'",
                        DetailSql.of(keyPrefix + "_" + second, leftOut.replace("{parts}", second)),
                        DetailSql.of(keyPrefix + "_" + both.replace(' ', '_'), leftOut.replace("{parts}", both))));
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %d, source_row, 'warning', 'parts_left_out', %s, %s
                FROM import_mapped WHERE left_out IS NOT NULL
                """.formatted(revision, parts.message(), parts.detail()));
    }

    /**
     * Rejects features without geometry, with unusable coordinates, or outside Kazakhstan: more than
     * {@link CountryArea#TOLERANCE_KM} km outside every region, or outside the country's box when no
     * region has an outline, or reaching out of that box, which a feature in Kazakhstan is told by its
     * whole extent.
     */
    protected void rejectEmptyOrMisplaced(String noun) throws SQLException {
        rejectEmptyOrMisplaced(noun, null);
    }

    /**
     * Like {@link #rejectEmptyOrMisplaced(String)}, for a file read in {@code sourceCrs} (WKT, a PROJ
     * string or an EPSG code; null for longitude and latitude): when that is a Gauss–Krüger zone with
     * its number in front of the easting, a feature outside Kazakhstan whose own easting begins with
     * another zone's number, and lies in that zone's width, is said to look written in that zone.
     */
    protected void rejectEmptyOrMisplaced(String noun, String sourceCrs) throws SQLException {
        rejectCellsUnread();
        reject(
                "empty_geometry",
                DetailSql.of("empty_geometry", "the feature has no geometry"),
                "m.geom IS NULL OR ST_IsEmpty(m.geom)");
        reject(
                "bad_coordinates",
                DetailSql.of(
                        "bad_coordinates",
                        "the coordinates are not usable longitude/latitude (x {x_min} to {x_max}, y {y_min} to"
                                + " {y_max})",
                        "x_min",
                        "ST_XMin(m.geom)",
                        "x_max",
                        "ST_XMax(m.geom)",
                        "y_min",
                        "ST_YMin(m.geom)",
                        "y_max",
                        "ST_YMax(m.geom)"),
                "NOT (ST_XMin(m.geom) BETWEEN -180 AND 180 AND ST_XMax(m.geom) BETWEEN -180 AND 180"
                        + " AND ST_YMin(m.geom) BETWEEN -90 AND 90 AND ST_YMax(m.geom) BETWEEN -90 AND 90)");
        int zone = kz.adalmap.importers.validate.CoordinateGuess.numberedZone(sourceCrs);
        if (zone != 0) {
            java.sql.Savepoint before = c.setSavepoint();
            try {
                rejectOutsideKazakhstan(noun, sourceCrs, zone);
                c.releaseSavepoint(before);
                return;
            } catch (SQLException e) {
                // a definition the database's PROJ does not read (GDAL read the file with its own):
                // the feature's own numbers cannot be told, only where it lies
                c.rollback(before);
            }
        }
        rejectOutsideKazakhstan(noun, null, 0);
    }

    /**
     * Rejects the features outside Kazakhstan, saying of one whose easting in {@code sourceCrs}, zone
     * {@code zone} with its number in front (0: none), begins with another zone's number that it looks
     * written in that zone.
     */
    private void rejectOutsideKazakhstan(String noun, String sourceCrs, int zone) throws SQLException {
        String longitude = "round(ST_XMin(m.geom)::numeric, 5)";
        String latitude = "round(ST_YMin(m.geom)::numeric, 5)";
        DetailSql elsewhere = DetailSql.of(
                "outside_kazakhstan_" + noun,
                "the " + noun + " lies outside Kazakhstan (longitude {longitude}, latitude {latitude}):"
                        + " check the coordinate system of the file",
                "longitude",
                longitude,
                "latitude",
                latitude);
        // the feature's easting as the file writes it, the zone its millions name, and whether that is
        // another zone than the file's, its easting within that zone's (used only with a zone)
        if (zone != 0) {
            execute("""
                    CREATE TEMP TABLE import_easting ON COMMIT DROP AS
                    SELECT key AS source_row, ST_X(geom) AS easting FROM (%s) e
                    """.formatted(InFileCoordinates.inFile(
                    "SELECT source_row AS key, ST_PointOnSurface(geom) AS geom FROM import_mapped"
                            + " WHERE NOT rejected",
                    sourceCrs)));
            execute("CREATE INDEX ON import_easting (source_row)");
        }
        String easting =
                zone == 0 ? "NULL" : "(SELECT e.easting FROM import_easting e WHERE e.source_row = m.source_row)";
        String written = "floor(" + easting + " / 1000000)::int";
        String otherZone = written + " <> " + zone + " AND " + written + " BETWEEN 2 AND 60 AND abs(" + easting + " - ("
                + written + " * 1000000 + 500000)) < 350000";
        if (zone != 0) {
            elsewhere = DetailSql.when(
                    otherZone,
                    DetailSql.of(
                            "outside_kazakhstan_" + noun + "_other_zone",
                            "the " + noun + " lies outside Kazakhstan (longitude {longitude}, latitude {latitude}):"
                                    + " its easting, {easting}, begins with {written}, the number of zone {written},"
                                    + " while the file's coordinate system is zone {zone}: the row looks written in"
                                    + " zone {written}; correct its coordinates in the source",
                            "longitude",
                            longitude,
                            "latitude",
                            latitude,
                            "easting",
                            "round(" + easting + ")::bigint",
                            "written",
                            written,
                            "zone",
                            String.valueOf(zone)),
                    elsewhere);
        }
        boolean loaded = CountryArea.loaded(c);
        // in Kazakhstan and far beyond it: where it lies is its whole extent, not a corner of it
        DetailSql beyond = DetailSql.of(
                "outside_kazakhstan_" + noun + "_beyond",
                "the " + noun + " reaches far outside Kazakhstan (longitude {x_min} to {x_max}, latitude {y_min} to"
                        + " {y_max}): the layer holds what lies in Kazakhstan; cut it at the border in the source, or"
                        + " check the coordinate system of the file",
                "x_min",
                "round(ST_XMin(m.geom)::numeric, 5)",
                "x_max",
                "round(ST_XMax(m.geom)::numeric, 5)",
                "y_min",
                latitude,
                "y_max",
                "round(ST_YMax(m.geom)::numeric, 5)");
        reject(
                "outside_kazakhstan",
                DetailSql.when(
                        "ST_YMin(m.geom) >= 45 AND ST_YMax(m.geom) <= 88.5 AND ST_XMin(m.geom) >= 40"
                                + " AND ST_XMax(m.geom) <= 56.5",
                        DetailSql.of(
                                "outside_kazakhstan_" + noun + "_swapped",
                                "the " + noun + " lies outside Kazakhstan (longitude {longitude}, latitude {latitude}):"
                                        + " its longitude and latitude look swapped",
                                "longitude",
                                longitude,
                                "latitude",
                                latitude),
                        DetailSql.when(CountryArea.reaches(loaded, "m.geom"), beyond, elsewhere)),
                "NOT " + CountryArea.holds(loaded, "m.geom"));
        if (zone != 0) {
            // in Kazakhstan still: a row written in the zone before or after lies 500 to 900 km off, mostly
            // inside the country, yet the number its easting begins with tells it
            reject(
                    "other_zone",
                    DetailSql.of(
                            "other_zone_" + noun,
                            "read in the file's coordinate system, zone {zone}, the " + noun + " lies at longitude"
                                    + " {longitude}, latitude {latitude}, but its easting, {easting}, begins with"
                                    + " {written}, the number of zone {written}: the row looks written in zone"
                                    + " {written}; correct its coordinates in the source",
                            "zone",
                            String.valueOf(zone),
                            "longitude",
                            longitude,
                            "latitude",
                            latitude,
                            "easting",
                            "round(" + easting + ")::bigint",
                            "written",
                            written),
                    "m.geom IS NOT NULL AND " + otherZone);
            execute("DROP TABLE import_easting");
        }
    }

    /**
     * Whether the file's own {@code placement} warning says its features lie where a coordinate system
     * one zone off puts them ({@link LayerImporter#WRONG_PLACE}: outside the layer's region, or far from
     * its published features): then a feature outside a region is more likely the layer's own read in
     * the wrong place than truly there, and its row says so first ({@link #wrongSystem}). Read from the
     * revision's issues, which the placement check wrote before the validation runs.
     */
    protected boolean placedByWrongSystem() throws SQLException {
        String wrongPlace = LayerImporter.WRONG_PLACE.stream().collect(Collectors.joining(",", "'{", "}'"));
        return one("SELECT 1 FROM import_issue WHERE layer_revision_id = " + revision
                        + " AND code = 'placement' AND detail ->> 'key' = ANY (" + wrongPlace + "::text[]) LIMIT 1")
                != null;
    }

    /**
     * What a row outside a region says first when {@link #placedByWrongSystem}, before what holds if the
     * {@code noun} truly lies there; the report key of such a row ends in {@code _wrong_system}.
     */
    protected static String wrongSystem(String noun) {
        return ": the file's coordinate system may be one zone off (see the file's placement warning), so check its"
                + " .prj or pass the right one; if the " + noun + " is truly there,";
    }

    /**
     * Rejects features outside the importing editor's regions (nothing for an administrator): a
     * feature is the editor's when it meets one of their regions, a point lying in one, a line
     * running through one wherever it starts or ends (a transmission line from a substation in their
     * region into the next), a polygon reaching into one. One point of a line (its middle vertex)
     * gave a line mostly in the editor's region to the next region's editor. When the file's placement
     * warning says its system looks one zone off, each row says that first ({@link #wrongSystem}).
     */
    protected void rejectOutsideEditorRegions(String noun) throws SQLException {
        if (editorRegions == null) {
            return;
        }
        String ids = "'" + editorRegions.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"))
                + "'::integer[]";
        List<Detail.Names> names = RegionNames.of(c, "name_en", "id = ANY(" + ids + ")");
        boolean wrongSystem = placedByWrongSystem();
        reject(
                "outside_region",
                DetailSql.of(
                        "outside_region_" + noun + (wrongSystem ? "_wrong_system" : "")
                                + (editorRegions.size() > 1 ? "_regions" : ""),
                        "the " + noun + " lies outside your region" + (editorRegions.size() > 1 ? "s" : "")
                                + " ({regions})" + (wrongSystem ? wrongSystem(noun) : ":") + " you may not import it",
                        "regions",
                        DetailSql.known(names.isEmpty() ? List.of(new Detail.Names("жоқ", "нет", "none")) : names)),
                "NOT EXISTS (SELECT 1 FROM region r WHERE r.id = ANY(" + ids + ") AND " + meets("r.geom", "m.geom")
                        + ")");
    }

    /**
     * SQL that is true when feature geometry {@code g} meets region geometry {@code region}: a point
     * lies in it, a line runs through it, a polygon's outline crosses it or a point on its surface lies
     * in it. A polygon is tested by its outline, as {@link CountryArea#holds} tests it, so that a
     * polygon GEOS takes for invalid raises nothing.
     */
    static String meets(String region, String g) {
        return ("(ST_Intersects(%1$s, CASE WHEN GeometryType(%2$s) IN ('POLYGON', 'MULTIPOLYGON')"
                        + " THEN ST_Boundary(%2$s) ELSE %2$s END) OR ST_Intersects(%1$s, ST_PointOnSurface(%2$s)))")
                .formatted(region, g);
    }

    /**
     * The names the file gives the fields of staging columns named otherwise (the columns'
     * comments): column → the file's name. Filled by {@link #stagingColumns}.
     */
    private final Map<String, String> fileNames = new HashMap<>();

    /** The name the file gives the field of staging column {@code column}. */
    protected String fileName(String column) {
        return fileNames.getOrDefault(column, column);
    }

    /**
     * The aliases of the file's fields (an ArcGIS geodatabase's, GDAL's "alternative name"): staging
     * column → alias, as the staging table's comment holds them. Filled by {@link #stagingColumns}.
     */
    private final Map<String, String> aliases = new HashMap<>();

    /** The key of the staging table's comment under which the fields of one name are described. */
    static final String TWINS = "#twins";

    /**
     * The fields of the file that share a name with another (a {@code .dbf}'s two {@code PLOSHAD_GA},
     * a CSV file's two «Площадь, га»), which GDAL reads under staging names of their own: staging
     * column → that name and the field's position in the file, from 1. Filled by {@link #stagingColumns}.
     */
    private final Map<String, Map.Entry<String, Integer>> twins = new HashMap<>();

    /**
     * The field of staging column {@code column} as the person who edits the file sees it: its name,
     * with its alias when it has one ({@code MESTO («Адрес»)}).
     */
    protected String shownName(String column) {
        String alias = aliases.get(column);
        return alias == null ? fileName(column) : fileName(column) + " («" + alias + "»)";
    }

    /** The names a profile may know the field of {@code column} by, as compared: its own, then its alias. */
    private List<String> launderedNames(String column) {
        String alias = aliases.get(column);
        return alias == null
                ? List.of(MappingProfile.laundered(column))
                : List.of(MappingProfile.laundered(column), MappingProfile.laundered(alias));
    }

    /** The file's fields in staging (name → PostgreSQL type), in file order. */
    protected Map<String, String> stagingColumns() throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT column_name, data_type,
                       col_description(format('staging.%I', table_name)::regclass, ordinal_position::int)
                FROM information_schema.columns
                WHERE table_schema = 'staging' AND table_name = ? AND column_name NOT IN ('source_row', 'geom')
                ORDER BY ordinal_position
                """)) {
            ps.setString(1, staging);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                    if (rs.getString(3) != null) {
                        fileNames.put(rs.getString(1), rs.getString(3));
                    }
                }
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT obj_description(format('staging.%I', ?::text)::regclass, 'pg_class')")) {
            ps.setString(1, staging);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    JsonMapper.builder()
                            .build()
                            .readTree(rs.getString(1))
                            .properties()
                            .forEach(e -> {
                                if (out.containsKey(e.getKey())) {
                                    aliases.put(e.getKey(), e.getValue().asString());
                                } else if (e.getKey().equals(TWINS)) {
                                    e.getValue().properties().forEach(t -> {
                                        if (out.containsKey(t.getKey())) {
                                            twins.put(
                                                    t.getKey(),
                                                    Map.entry(
                                                            t.getValue().get(0).asString(),
                                                            t.getValue().get(1).asInt()));
                                        }
                                    });
                                }
                            });
                }
            }
        }
        return out;
    }

    /** The SQL text of one canonical field, reading the profile's first source field present in the file. */
    protected String fieldExpression(String field, Map<String, String> columns, List<String> params, List<String> used)
            throws SQLException {
        String column = chosenColumn(field, columns);
        String value = "NULL::text";
        if (column != null) {
            used.add(column);
            // blank space around a value, no-break space from a spreadsheet or a line break included
            String raw = "nullif(trim_blank(s." + quote(column) + "::text), '')";
            Map<String, String> words = profile.values().get(field);
            String folder = field.equals("kind") ? null : nearestFolderNamed(column, field, raw);
            if (folder != null) {
                raw = folder;
            }
            if (words != null && !words.isEmpty()) {
                // the profile's words, and its codes themselves in any case («Free», «SETTLEMENT»)
                Map<String, String> values = new LinkedHashMap<>();
                words.values().forEach(code -> values.put(MappingProfile.word(code), code));
                values.putAll(words);
                if (field.equals("kind")) {
                    value = "coalesce(" + kindRead(raw) + ", " + raw + ")";
                } else {
                    params.add(toJson(values));
                    value = "coalesce(?::jsonb ->> profile_word(" + raw + "), " + raw + ")";
                }
            } else {
                value = raw;
            }
        }
        // the default is for a file without the field: an empty cell of the field is no value (a
        // status nobody filled in does not offer the plot as free), as one without a default is
        String fallback = column == null ? profile.defaults().get(field) : null;
        if (fallback != null) {
            params.add(fallback);
            value = "coalesce(" + value + ", ?)";
        }
        return value;
    }

    /** The fields a KML's placemarks keep their folder in ({@code KmlPlacemarks}): «Участки / Аукцион». */
    private static final Set<String> KML_FOLDER_FIELDS = Set.of("folder", "kml_folder");

    /**
     * SQL: of the value {@code raw} of a KML's folder field {@code column}, the path of a placemark's
     * folders from the outermost down («Участки / Аукцион», Google Earth's folder of folders), the name of
     * the nearest folder that is a word the profile knows for {@code field}, else the path as it is,
     * as the folder of a file not nested is read; null for another column, or a field without words.
     * A network's kind is read from words anywhere in the path ({@link #kindRead}).
     */
    private String nearestFolderNamed(String column, String field, String raw) {
        Map<String, String> words = profile.values().get(field);
        if (!KML_FOLDER_FIELDS.contains(column) || words == null || words.isEmpty()) {
            return null;
        }
        return "coalesce((SELECT f.name FROM unnest(string_to_array(" + raw + ", ' / ')) WITH ORDINALITY"
                + " AS f(name, n) WHERE " + literal(toJson(words)) + "::jsonb ->> profile_word(f.name) IS NOT NULL"
                + " ORDER BY f.n DESC LIMIT 1), " + raw + ")";
    }

    /** Whether {@code column} is a KML's folder field some of whose placemarks lie in a folder of folders. */
    private boolean nestedFolders(String column) throws SQLException {
        return KML_FOLDER_FIELDS.contains(column)
                && one("SELECT 1 FROM staging." + quote(staging) + " WHERE " + quote(column)
                                + "::text LIKE '% / %' LIMIT 1")
                        != null;
    }

    /** SQL: the first {@code count} words of the text {@code raw} as the profile compares words. */
    private static String leadingWords(String raw, int count) {
        return "array_to_string((string_to_array(profile_word(" + raw + "), ' '))[1:" + count + "], ' ')";
    }

    /**
     * SQL: the network kind the text {@code raw} names, else null: the kind of the whole text, else
     * of the longest of its first three, two or one words the profile knows («ВЛ-10кВ» is a «вл»,
     * «газопровод высокого давления» a «газопровод», «кабельная линия 10 кВ» a «кабельная линия» but
     * «кабельная линия связи ВОЛС» a «кабельная линия связи»), else the kind of the words the profile
     * knows anywhere in it when they are all of one kind («Надземный газопровод», «Сети
     * водоснабжения», «Жер асты газ құбыры»; «Газопровод к ТП» names two and is none). Not when
     * letters were lost in decoding: «су ?уру» (су бұру, sewerage) is no «су».
     */
    protected String kindRead(String raw) {
        String known = knownWordsJson("kind");
        StringBuilder kind = new StringBuilder("coalesce(" + known + " ->> profile_word(" + raw + ")");
        for (int first = 3; first >= 1; first--) {
            kind.append(", CASE WHEN ")
                    .append(raw)
                    .append(" !~ '[?\ufffd]' THEN ")
                    .append(known)
                    .append(" ->> ")
                    .append(leadingWords(raw, first))
                    .append(" END");
        }
        return kind.append(", ").append(wordsAnywhere("kind", raw)).append(")").toString();
    }

    /**
     * SQL: the profile's words for {@code field} and its codes themselves, as a jsonb object of
     * words, as {@code profile_word} writes them, to codes.
     */
    protected String knownWordsJson(String field) {
        Map<String, String> values = new LinkedHashMap<>();
        profile.values()
                .getOrDefault(field, Map.of())
                .values()
                .forEach(code -> values.put(MappingProfile.word(code), code));
        values.putAll(profile.values().getOrDefault(field, Map.of()));
        return literal(toJson(values)) + "::jsonb";
    }

    /**
     * SQL: the code of {@code field} that the words the profile knows for it name anywhere in the
     * text {@code raw} (runs of up to three words), when they all name that one; else null, and null
     * when letters were lost in decoding.
     */
    protected String wordsAnywhere(String field, String raw) {
        return "(SELECT min(k) FROM (SELECT " + knownWordsJson(field) + " ->> array_to_string(w[i:i + n - 1], ' ') AS k"
                + " FROM (SELECT string_to_array(profile_word(" + raw + "), ' ') AS w WHERE " + raw
                + " !~ '[?\ufffd]') a CROSS JOIN generate_series(1, coalesce(array_length(w, 1), 0)) i"
                + " CROSS JOIN generate_series(1, 3) n WHERE i + n - 1 <= array_length(w, 1)) x"
                + " HAVING count(DISTINCT k) = 1)";
    }

    /** The column read for each canonical field once chosen (empty: none), and why when not by a name of the profile. */
    private final Map<String, java.util.Optional<String>> chosen = new java.util.HashMap<>();

    private final Map<String, Detail> chosenBecause = new java.util.HashMap<>();

    /**
     * The columns that could each hold a field, the one read first: {@code named} of them by a name
     * of the profile's (or one cut short), the rest by one with more after it.
     */
    private record Ambiguity(List<String> columns, int named, long[] byValues) {}

    /** The other columns that could hold {@code field} than the one read, in the order they were weighed. */
    protected List<String> otherCandidates(String field) {
        Ambiguity a = ambiguous.get(field);
        return a == null ? List.of() : a.columns().subList(1, a.columns().size());
    }

    /** The percentage of the values of {@code column}, in the first rows, that name a network kind. */
    private long kindShare(String column) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE " + kindRead("v") + " IS NOT NULL),"
                        + " count(v) FROM (SELECT nullif(trim_blank(" + quote(column) + "::text), '') AS v FROM"
                        + " staging." + quote(staging) + " LIMIT 5000) s")) {
            rs.next();
            return rs.getLong(2) == 0 ? 0 : 100 * rs.getLong(1) / rs.getLong(2);
        }
    }

    private final Map<String, Ambiguity> ambiguous = new java.util.HashMap<>();

    /**
     * The file's column for {@code field}: the profile's first candidate present, compared without
     * case (GDAL lower-cases Latin field names but leaves Cyrillic ones as they are); else a column
     * whose name is one of them cut short ({@link #fieldsOfCutNames}) or one of them with more after
     * it («СТАТУС_УЧ», ArcGIS's cut of «Статус_участка»), the one beginning the profile's earliest
     * name first; else, for a field the profile would give a default (a status: every plot «free»)
     * and those of {@link #BY_VALUES}, the one column whose values are words the profile knows for it. A field read under a name not
     * the profile's own is said in the report, and so are the other columns that could hold it.
     */
    protected String chosenColumn(String field, Map<String, String> columns) throws SQLException {
        java.util.Optional<String> known = chosen.get(field);
        if (known == null) {
            known = java.util.Optional.ofNullable(choose(field, columns));
            chosen.put(field, known);
        }
        return known.orElse(null);
    }

    /** The fields found by their values when no column has a name the profile knows, besides those with a default. */
    private static final Set<String> BY_VALUES = Set.of("kind", "land_category", "right_type");

    private String choose(String field, Map<String, String> columns) throws SQLException {
        List<String> named = namedColumns(field, columns);
        Set<String> free = new java.util.LinkedHashSet<>(columns.keySet());
        for (String other : profile.fields().keySet()) {
            free.removeAll(namedColumns(other, columns));
        }
        free.removeAll(named);
        // the columns whose names begin with one the profile knows for this field only, by the
        // first such name in the profile's order
        Map<String, Integer> longer = new LinkedHashMap<>();
        Set<String> begunByName = new java.util.HashSet<>();
        for (String column : free) {
            String begun = null;
            int first = Integer.MAX_VALUE;
            for (String name : launderedNames(column)) {
                for (Map.Entry<String, List<String>> e : profile.fields().entrySet()) {
                    for (int i = 0; i < e.getValue().size(); i++) {
                        String candidate = e.getValue().get(i);
                        // «СТАТУС_УЧ» begins «статус_»; a name the profile knows cut short («дата_аукц») begins
                        // its whole («Дата аукциона»)
                        if (name.startsWith(candidate + "_")
                                || (candidate.contains("_")
                                        && name.length() > candidate.length()
                                        && name.startsWith(candidate))) {
                            begun = begun == null || begun.equals(e.getKey()) ? e.getKey() : "";
                            if (e.getKey().equals(field)) {
                                first = Math.min(first, i);
                                if (name.equals(MappingProfile.laundered(column))) {
                                    begunByName.add(column);
                                }
                            }
                        }
                    }
                }
            }
            // a coded domain's codes, which the import keeps beside its descriptions as <field>_code
            boolean codesOfNamed = named.stream().anyMatch(n -> column.equals(n + "_code"));
            if (field.equals(begun) && !codesOfNamed) {
                longer.put(column, first);
            }
        }
        List<String> begins = longer.keySet().stream()
                .sorted(java.util.Comparator.comparing(longer::get))
                .toList();
        List<String> candidates = new ArrayList<>(named);
        candidates.addAll(begins);
        long[] shares = null;
        if (field.equals("kind") && candidates.size() > 1 && profile.values().containsKey("kind")) {
            // of several fields named for the kind («Вид сети» beside a line's «Тип», «кабельная» or
            // «воздушная»), the one whose values name kinds most often, the profile's order between equals
            long[] share = new long[candidates.size()];
            int best = 0;
            for (int i = 0; i < candidates.size(); i++) {
                share[i] = kindShare(candidates.get(i));
                best = share[i] > share[best] ? i : best;
            }
            if (best > 0) {
                String column = candidates.remove(best);
                candidates.add(0, column);
                long other = 0;
                for (int i = 0; i < share.length; i++) {
                    other = i == best ? other : Math.max(other, share[i]);
                }
                shares = new long[] {share[best], other};
                if (named.remove(column)) {
                    named.add(0, column);
                } else {
                    chosenBecause.put(field, recognisedByName(column, field));
                    ambiguous.put(field, new Ambiguity(candidates, named.size(), shares));
                    return column;
                }
            }
        }
        if (candidates.size() > 1) {
            ambiguous.put(field, new Ambiguity(candidates, named.size(), shares));
        }
        if (!named.isEmpty()) {
            String column = named.get(0);
            if (aliases.containsKey(column)
                    && !namesOf(field).contains(MappingProfile.laundered(column))
                    && !field.equals(fieldsOfCutNames(columns).get(column))) {
                chosenBecause.put(
                        field,
                        Detail.of(
                                "field_recognised_by_alias",
                                "the field '{column}' is read as {field}: its alias «{alias}» is a name the profile"
                                        + " {profile} knows for it",
                                "column",
                                fileName(column),
                                "field",
                                Detail.field(field),
                                "alias",
                                aliases.get(column),
                                "profile",
                                profile.name()));
            }
            return column;
        }
        if (!begins.isEmpty()) {
            String column = begins.get(0);
            chosenBecause.put(
                    field,
                    begunByName.contains(column)
                            ? recognisedByName(column, field)
                            : Detail.of(
                                    "field_recognised_by_alias_begun",
                                    "the field '{column}' is read as {field}: its alias «{alias}» begins with a name"
                                            + " the profile knows for it",
                                    "column",
                                    fileName(column),
                                    "field",
                                    Detail.field(field),
                                    "alias",
                                    aliases.get(column)));
            return column;
        }
        if (field.equals("cadastral_number")) {
            return chosenByNumbers(free);
        }
        Map<String, String> words = profile.values().get(field);
        // a network's kind, needed by every feature, may be told by the values too: the folders of a
        // Google Earth file named «Газопровод», «ЛЭП 10 кВ», kept in its field 'folder'; and so may a
        // plot's land category, needed by every plot, and its right type, whose words are no other
        // field's («ЗЕМЛИ», «ОСНОВАНИЕ» in an export), but not a yes or no, which any field may hold
        if (words == null || words.isEmpty() || !(profile.defaults().containsKey(field) || BY_VALUES.contains(field))) {
            return null;
        }
        // the column whose values, in the first rows, are nearly all words the profile knows: its
        // words, not AdalMap's own codes, which are English words too and are AdalMap's downloads'
        // only under the field's own name (found by it above): OpenStreetMap's 'fclass' holds forest,
        // industrial, water and reserve, classes of a map's land use, not a department's categories
        List<String> params = new ArrayList<>(List.of(toJson(words)));
        String test = "?::jsonb ->> profile_word(v) IS NOT NULL";
        if (field.equals("kind")) {
            // a kind by its words, as it is read («ЛЭП 10 кВ» is a «лэп»)
            test += " OR " + kindRead("v") + " IS NOT NULL";
        }
        // half the values: the rest may be words whose letters were lost or misread in decoding
        // («алып ?ойылды»), each then reported, where the profile's default would put every plot
        // under one status without a word
        Map.Entry<String, Long> found = mostlyMeeting(
                free, test, params, 50, column -> field.equals("kind") ? null : nearestFolderNamed(column, field, "v"));
        String best = found == null ? null : found.getKey();
        if (best != null) {
            boolean byFolders = nestedFolders(best);
            chosenBecause.put(
                    field,
                    Detail.of(
                            byFolders ? "field_recognised_by_folders" : "field_recognised_by_values",
                            byFolders
                                    ? "the field '{column}' is read as {field}: no field has a name the profile {profile}"
                                            + " knows for it, and {share} % of the placemarks lie in a folder named by a"
                                            + " word the profile knows for {field}; of folders in folders, the nearest so"
                                            + " named is read"
                                    : "the field '{column}' is read as {field}: no field has a name the profile {profile}"
                                            + " knows for it, and {share} % of its values are words the profile knows for"
                                            + " {field}",
                            "column",
                            fileName(best),
                            "field",
                            Detail.field(field),
                            "profile",
                            profile.name(),
                            "share",
                            found.getValue()));
        }
        return best;
    }

    /**
     * Of {@code free}, the column with the largest share, {@code least} % at least, of values in the
     * first rows that meet {@code test} (SQL over the value {@code v}, with {@code params}), with that
     * share; null when none has.
     */
    private Map.Entry<String, Long> mostlyMeeting(Set<String> free, String test, List<String> params, int least)
            throws SQLException {
        return mostlyMeeting(free, test, params, least, column -> null);
    }

    /**
     * As {@link #mostlyMeeting(Set, String, List, int)}, with the value {@code v} of a column for which
     * {@code read} gives SQL (over the column's value {@code v}) taken as that, not as it is.
     */
    private Map.Entry<String, Long> mostlyMeeting(
            Set<String> free,
            String test,
            List<String> params,
            int least,
            java.util.function.Function<String, String> read)
            throws SQLException {
        Map.Entry<String, Long> best = null;
        for (String column : free) {
            String value = read.apply(column);
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE " + test + "), count(v)"
                    + " FROM (SELECT " + (value == null ? "v" : value + " AS v") + " FROM (SELECT"
                    + " nullif(trim_blank(" + quote(column) + "::text), '') AS v FROM staging." + quote(staging)
                    + " LIMIT 5000) r) s")) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setString(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long share = rs.getLong(2) == 0 ? 0 : 100 * rs.getLong(1) / rs.getLong(2);
                    if (share >= least && (best == null || share > best.getValue())) {
                        best = Map.entry(column, share);
                    }
                }
            }
        }
        return best;
    }

    /**
     * A value written as a cadastral number is, its four groups set apart ({@code 05-085-128-001},
     * {@code 05:085:128:001}, {@code 05 085 128 001}): a phone number or an IIN is a run of digits.
     */
    private static final String WRITTEN_IN_GROUPS = "^[^0-9]*[0-9]{2}[^0-9]+[0-9]{3}[^0-9]+[0-9]{3}[^0-9]+[0-9]";

    /**
     * Of {@code free}, the column whose values, in the first rows, are nearly all cadastral numbers
     * (an office's «КН», «№ участка» or a name of its own): a layer read without its numbers is
     * published without them, its plots then known by their outlines alone. Null when none is. A
     * number counts when its first two digits are a region's code; when no region has its code (the
     * boundaries AdalMap loads carry none), when it is written in its four groups: a phone number has
     * the digits of one, not a region's code, nor its groups.
     */
    private String chosenByNumbers(Set<String> free) throws SQLException {
        Map.Entry<String, Long> found = mostlyMeeting(
                free,
                "cadastral_normalize(v) IS NOT NULL AND (left(cadastral_normalize(v), 2) IN (SELECT cadastral_code"
                        + " FROM region) OR NOT EXISTS (SELECT 1 FROM region WHERE cadastral_code IS NOT NULL)"
                        + " AND v ~ ?)",
                List.of(WRITTEN_IN_GROUPS),
                80);
        String best = found == null ? null : found.getKey();
        if (best != null) {
            chosenBecause.put(
                    "cadastral_number",
                    Detail.of(
                            "field_recognised_by_numbers",
                            "the field '{column}' is read as cadastral_number: no field has a name the profile"
                                    + " {profile} knows for it, and {share} % of its values are cadastral numbers",
                            "column",
                            fileName(best),
                            "profile",
                            profile.name(),
                            "share",
                            found.getValue()));
        }
        return best;
    }

    /**
     * The columns whose names are the profile's for {@code field} (in the profile's order, then the
     * field's own name), then those whose names are one of them cut short.
     */
    private List<String> namedColumns(String field, Map<String, String> columns) throws SQLException {
        List<String> out = new ArrayList<>();
        List<String> names = namesOf(field);
        for (String candidate : names) {
            for (String column : columns.keySet()) {
                // by its name, or by its alias: ArcGIS shows «Адрес», never MESTO
                if (launderedNames(column).contains(candidate) && !out.contains(column)) {
                    out.add(column);
                }
            }
        }
        for (String column : columns.keySet()) {
            if (!out.contains(column) && field.equals(fieldsOfCutNames(columns).get(column))) {
                out.add(column);
            }
        }
        // the fields the file names as it names one of them (three «Кадастровы» of a .dbf, read as
        // Кадастровы, Кадастровы_2, Кадастровы_3) could each hold it: each after the last of its name
        for (String column : columns.keySet()) {
            Map.Entry<String, Integer> twin = twins.get(column);
            if (twin == null || out.contains(column)) {
                continue;
            }
            for (int i = out.size() - 1; i >= 0; i--) {
                Map.Entry<String, Integer> other = twins.get(out.get(i));
                if (other != null && other.getKey().equals(twin.getKey())) {
                    out.add(i + 1, column);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The names the profile knows for {@code field}, in its order, then the field's own name, as
     * AdalMap's API and layer downloads write it, unless the profile gives that name to another field.
     */
    private List<String> namesOf(String field) {
        List<String> names = new ArrayList<>(profile.fields().getOrDefault(field, List.of()));
        if (profile.fields().values().stream().noneMatch(n -> n.contains(field))) {
            names.add(field);
        }
        return names;
    }

    /** The amounts a plot's profile maps, with the words a note says them in. */
    static final Map<String, String> PLOT_AMOUNTS =
            Map.of("area_declared_ha", "declared area", "starting_price_kzt", "starting price");

    /**
     * The amounts of a network's profile that are never 0 (a free capacity of 0 is one: none left),
     * with the words a note says them in.
     */
    static final Map<String, String> NETWORK_AMOUNTS =
            Map.of("capacity", "capacity", "voltage_kv", "voltage", "diameter_mm", "diameter");

    /**
     * Empties the zeros of the numeric fields of {@code staging} that {@code profile} maps to one of
     * {@code amounts} (a plot's declared area and starting price, a network's capacity, voltage and
     * diameter), as read from a MapInfo table: MapInfo cannot leave a number empty, and writes 0
     * where none was given, which would read as a plot of no area or offered for nothing, or a well
     * of no diameter. Runs before the file is compared with an earlier one, whose zeros were
     * emptied the same way.
     *
     * @return a note for each field that held zeros
     */
    static List<Detail> mapInfoZerosAsEmpty(
            Connection c, String staging, MappingProfile profile, Map<String, String> amounts) throws SQLException {
        return zerosAsEmpty(c, staging, profile, amounts, "mapinfo", "a MapInfo table cannot leave a number empty");
    }

    /**
     * Empties the zeros of a plot's declared area and starting price, or of a network's capacity,
     * voltage and diameter, read from a Shapefile's numeric fields, as {@link #mapInfoZerosAsEmpty}
     * does a MapInfo table's: a DBF number cannot be null to ArcGIS, which writes 0 where a field has
     * none, and a plot offered for 0 tenge is none, as a line of 0 kW is no line without capacity.
     */
    static List<Detail> shapefileZerosAsEmpty(Connection c, String staging, MappingProfile profile)
            throws SQLException {
        return zerosAsEmpty(
                c,
                staging,
                profile,
                profile.kind().equals("networks") ? NETWORK_AMOUNTS : PLOT_AMOUNTS,
                "shapefile",
                "a Shapefile's table, as ArcGIS writes it, cannot leave a number empty");
    }

    /**
     * Empties the values of the columns of {@code staging} that {@code profile} maps to a plot's
     * field where the file's feature holds a group of values instead of one ({@code grouped}: by
     * feature, the properties holding an object or a list, as compact JSON): GDAL wrote them as JSON
     * text, which would be published as an address in braces and quotes, or rejected as a cadastral
     * number or status the file does not hold. An address is not put together from its parts either:
     * their order and which of them belong in it are the file's to say. Unmapped properties keep
     * their JSON in the feature's extra.
     *
     * @return by feature, a note for each value emptied
     */
    static Map<Long, List<Detail>> groupedValuesAsEmpty(
            Connection c, String staging, MappingProfile profile, Map<Long, Map<String, String>> grouped)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = 'staging' AND table_name = ? AND data_type IN ('text', 'character varying')
                ORDER BY ordinal_position
                """)) {
            ps.setString(1, staging);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        java.util.Set<String> mapped = new java.util.HashSet<>();
        for (String field : MappingProfile.PLOT_FIELDS) {
            String column = namedColumn(profile, field, columns);
            if (column != null) {
                mapped.add(column);
            }
        }
        Map<Long, List<Detail>> notes = new java.util.TreeMap<>();
        for (Map.Entry<Long, Map<String, String>> feature : grouped.entrySet()) {
            for (Map.Entry<String, String> property : feature.getValue().entrySet()) {
                String column = columns.stream()
                        .filter(mapped::contains)
                        .filter(col ->
                                MappingProfile.laundered(col).equals(MappingProfile.laundered(property.getKey())))
                        .findFirst()
                        .orElse(null);
                if (column == null) {
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE staging." + staging + " SET " + quote(column)
                        + " = NULL WHERE source_row = ? AND " + quote(column) + " IS NOT NULL")) {
                    ps.setLong(1, feature.getKey());
                    if (ps.executeUpdate() > 0) {
                        String value = property.getValue();
                        notes.computeIfAbsent(feature.getKey(), r -> new ArrayList<>())
                                .add(Detail.of(
                                        "value_grouped",
                                        "the property '{property}' holds a group of values, not one value ({value});"
                                                + " it was read as empty: write the one value it stands for",
                                        "property",
                                        property.getKey(),
                                        "value",
                                        value.length() > 200 ? value.substring(0, 200) + "…" : value));
                    }
                }
            }
        }
        return notes;
    }

    /**
     * Removes from every text of {@code staging} the signs no one sees ({@link InvisibleSigns#unseen}),
     * as a layer's title and a publish reason have none: a sign of writing direction (U+202E) in an
     * address turns the letters after it around on the plot's card, so that the public reads another
     * text than the one stored and searched; a zero-width sign or a control character (ESC, BEL) is
     * carried to the card, the search and every export unseen. The text is published without them —
     * each field, mapped or kept in the feature's extra — and the feature's row says which field held
     * which.
     *
     * @param among the rows to look at, as SQL (a relation with the column {@code source_row}); null: all
     * @return by feature, a note for each field whose text lost such signs
     */
    static Map<Long, List<Detail>> invisibleSignsRemoved(Connection c, String staging, String among)
            throws SQLException {
        // the rows looked at, as o: a few of a large file each through the table's key
        String rows = among == null
                ? "staging." + staging + " o"
                : "(SELECT r.ctid AS row_id, r.* FROM " + among + " x CROSS JOIN LATERAL (SELECT ctid, * FROM staging."
                        + staging + " r WHERE r.source_row = x.source_row OFFSET 0) r) o";
        String rowId = among == null ? "o.ctid" : "o.row_id";
        Map<String, String> text = new LinkedHashMap<>();
        // each column by the name the file gives its field, where GDAL named it otherwise
        Map<String, String> fileNames = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT column_name, data_type,
                       col_description(format('staging.%I', table_name)::regclass, ordinal_position::int)
                FROM information_schema.columns
                WHERE table_schema = 'staging' AND table_name = ? AND data_type IN ('text', 'character varying')
                ORDER BY ordinal_position
                """)) {
            ps.setString(1, staging);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    text.put(rs.getString(1), rs.getString(2));
                    if (rs.getString(3) != null) {
                        fileNames.put(rs.getString(1), rs.getString(3));
                    }
                }
            }
        }
        Map<Long, List<Detail>> notes = new java.util.TreeMap<>();
        if (text.isEmpty()) {
            return notes;
        }
        String unseen = literal(InvisibleSigns.SQL_CLASS);
        // one pass over the rows finds that almost every file has none
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT 1 FROM " + rows + " WHERE "
                        + joinedText(text.keySet().stream()
                                .map(col -> "o." + quote(col))
                                .toList()) + " ~ "
                        + unseen + " LIMIT 1")) {
            if (!rs.next()) {
                return notes;
            }
        }
        for (String column : text.keySet()) {
            try (Statement st = c.createStatement();
                    // the text as the file has it (o), with its signs, to name them
                    ResultSet rs = st.executeQuery("UPDATE staging." + staging + " s SET " + quote(column)
                            + " = regexp_replace(o." + quote(column) + ", " + unseen + ", '', 'g') FROM " + rows
                            + " WHERE " + rowId + " = s.ctid AND o." + quote(column) + " ~ " + unseen
                            + " RETURNING s.source_row, o." + quote(column))) {
                while (rs.next()) {
                    String held = rs.getString(2);
                    List<Integer> signs = held.codePoints()
                            .filter(InvisibleSigns::unseen)
                            .distinct()
                            .boxed()
                            .toList();
                    String left = held.codePoints()
                            .filter(ch -> !InvisibleSigns.unseen(ch))
                            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                            .toString();
                    int turning = signs.stream()
                            .filter(InvisibleSigns::turnsText)
                            .findFirst()
                            .orElse(-1);
                    List<String> named =
                            signs.stream().map(InvisibleSigns::named).toList();
                    String field = fileNames.getOrDefault(column, column);
                    notes.computeIfAbsent(rs.getLong(1), r -> new ArrayList<>())
                            .add(
                                    turning != -1
                                            ? Detail.of(
                                                    "text_direction_sign",
                                                    "the field '{field}' holds the invisible sign of writing direction"
                                                            + " {sign}, which turns the text after it around on a plot's"
                                                            + " card: it was removed, with every sign of the text no one"
                                                            + " sees ({signs}), and the text reads '{text}'",
                                                    "field",
                                                    field,
                                                    "sign",
                                                    InvisibleSigns.named(turning),
                                                    "signs",
                                                    named,
                                                    "text",
                                                    left)
                                            : Detail.of(
                                                    "text_invisible_sign",
                                                    "the field '{field}' holds signs no one sees ({signs}: zero-width"
                                                            + " signs or control characters): they were removed, and the"
                                                            + " text reads '{text}'",
                                                    "field",
                                                    field,
                                                    "signs",
                                                    named,
                                                    "text",
                                                    left));
                }
            }
        }
        return notes;
    }

    /** A zero written as text: «0», «-0», «0.00», «0,00», «+0,0», «.00». */
    static final String TEXT_ZERO = "^[-+]?(0+([.,]0*)?|[.,]0+)$";

    private static List<Detail> zerosAsEmpty(
            Connection c,
            String staging,
            MappingProfile profile,
            Map<String, String> amounts,
            String source,
            String why)
            throws SQLException {
        Map<String, String> numeric = new LinkedHashMap<>();
        // each column by the name the file gives its field, where GDAL named it otherwise
        Map<String, String> fileNames = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT column_name, data_type,
                       col_description(format('staging.%I', table_name)::regclass, ordinal_position::int)
                FROM information_schema.columns
                WHERE table_schema = 'staging' AND table_name = ?
                  AND (data_type IN ('double precision', 'real', 'numeric', 'integer', 'bigint', 'smallint')
                       OR ? AND data_type IN ('text', 'character varying'))
                ORDER BY ordinal_position
                """)) {
            ps.setString(1, staging);
            // a Shapefile's number field read as text (a decimal comma in one of its values) holds
            // the zeros ArcGIS wrote for none all the same: «0», «0.00», «-0», «0,00»
            ps.setBoolean(2, source.equals("shapefile"));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    numeric.put(rs.getString(1), rs.getString(2));
                    if (rs.getString(3) != null) {
                        fileNames.put(rs.getString(1), rs.getString(3));
                    }
                }
            }
        }
        List<Detail> notes = new ArrayList<>();
        for (Map.Entry<String, String> amount : new java.util.TreeMap<>(amounts).entrySet()) {
            String column = namedColumn(profile, amount.getKey(), numeric.keySet());
            if (column == null) {
                continue;
            }
            try (Statement st = c.createStatement()) {
                boolean text = numeric.get(column).equals("text")
                        || numeric.get(column).equals("character varying");
                int zeros = st.executeUpdate("UPDATE staging." + staging + " SET " + quote(column) + " = NULL WHERE "
                        + (text ? "trim_blank(" + quote(column) + ") ~ '" + TEXT_ZERO + "'" : quote(column) + " = 0"));
                if (zeros > 0) {
                    notes.add(Detail.of(
                            "file_" + source + "_zeros_" + amount.getKey(),
                            "the field '{column}' (" + amount.getValue() + ") is 0 in {count} of the features: " + why
                                    + ", so 0 was read as not given",
                            "column",
                            fileNames.getOrDefault(column, column),
                            "count",
                            zeros));
                }
            }
        }
        return notes;
    }

    /** Of {@code columns}, the one named as {@code profile}'s first candidate for {@code field} present, or null. */
    static String namedColumn(MappingProfile profile, String field, java.util.Collection<String> columns) {
        for (String candidate : profile.fields().getOrDefault(field, List.of())) {
            for (String column : columns) {
                if (MappingProfile.laundered(column).equals(candidate)) {
                    return column;
                }
            }
        }
        // the field's own name, as AdalMap's API and layer downloads write it, unless the profile
        // gives that name to another field
        if (profile.fields().values().stream().noneMatch(names -> names.contains(field))) {
            for (String column : columns) {
                if (MappingProfile.laundered(column).equals(field)) {
                    return column;
                }
            }
        }
        return null;
    }

    /** The columns whose names are names of fields cut short, each with its field; null until known. */
    private Map<String, String> cutFields;

    /** Why a column cut short was read as the one field of two its name could be the cut of. */
    private final Map<String, Detail> cutBecause = new java.util.HashMap<>();

    /** Columns cut from a Kazakh and a Russian field's names whose texts did not tell which is which. */
    private final List<Detail> cutUntold = new ArrayList<>();

    /**
     * GDAL's name for a field whose name, cut to 10 characters, another field of the Shapefile
     * already has: its first 8 characters and a number ({@code intended_1} beside {@code intended_p},
     * {@code region_n_2}, {@code aaaaaaaa10}).
     */
    private static final java.util.regex.Pattern GDAL_TWIN =
            java.util.regex.Pattern.compile("^([a-z0-9_]{8})(_[1-9]|[1-9][0-9])$");

    /** Letters Kazakh has and Russian has not. */
    private static final String KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ";

    /**
     * The columns whose names are a name of one field only cut to the 10 bytes a DBF keeps (10
     * letters in CP1251, 5 Cyrillic letters in UTF-8: «Статус» becomes «Стату»), AdalMap's own names
     * included ({@code land_categ}, {@code area_decla}), or the name GDAL gives the second of two
     * fields so cut alike ({@code intended_1}), each with its field. A column that could be the cut
     * of two fields is read as neither, unless the two are a text in Kazakh and in Russian
     * ({@code intended_purpose_kk}, {@code intended_purpose_ru}, cut to {@code intended_p} and
     * {@code intended_1} in the order of the file they were written from): of such columns, the one
     * with more texts written with Kazakh letters is the Kazakh one; when neither has such letters
     * and only one has texts, those are Russian; else neither column is read as either.
     */
    private Map<String, String> fieldsOfCutNames(Map<String, String> columns) throws SQLException {
        if (cutFields != null) {
            return cutFields;
        }
        Map<String, List<String>> names = new LinkedHashMap<>();
        profile.fields().forEach((field, list) -> names.put(field, new ArrayList<>(list)));
        List<String> canonical = switch (profile.kind()) {
            case "plots" -> MappingProfile.PLOT_FIELDS;
            case "networks" -> MappingProfile.NETWORK_FIELDS;
            default -> List.copyOf(profile.fields().keySet());
        };
        for (String field : canonical) {
            // the field's own name, unless the profile gives it to another field
            if (profile.fields().values().stream().noneMatch(n -> n.contains(field))) {
                names.computeIfAbsent(field, f -> new ArrayList<>()).add(field);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        Map<Set<String>, List<String>> shared = new LinkedHashMap<>();
        for (String column : columns.keySet()) {
            Set<String> fields =
                    fieldsOfCutName(MappingProfile.laundered(column), abbreviation(column), lostLetters(column), names);
            if (fields.size() == 1) {
                out.put(column, fields.iterator().next());
            } else if (fields.size() >= 2) {
                shared.computeIfAbsent(fields, f -> new ArrayList<>()).add(column);
            }
        }
        for (Map.Entry<Set<String>, List<String>> e : shared.entrySet()) {
            if (profile.kind().equals("custom") && readTwinsInOrder(e.getKey(), e.getValue(), out)) {
                continue;
            }
            List<String> fields = e.getKey().stream().sorted().toList();
            String kazakh = fields.get(0);
            String russian = fields.get(1);
            List<String> cut = e.getValue();
            if (fields.size() != 2
                    || !kazakh.endsWith("_kk")
                    || !russian.equals(kazakh.substring(0, kazakh.length() - 3) + "_ru")
                    || cut.size() > 2) {
                continue;
            }
            List<Long> shares = new ArrayList<>();
            List<Long> texts = new ArrayList<>();
            for (String column : cut) {
                long[] read = kazakhShare(column);
                shares.add(read[0]);
                texts.add(read[1]);
            }
            boolean told = cut.size() == 1 || !shares.get(0).equals(shares.get(1));
            // no Kazakh letters in either, and texts in one only: those are Russian (a Kazakh text
            // has its letters), and the empty column the Kazakh one
            boolean oneEmpty = !told && shares.get(0) == 0 && (texts.get(0) == 0) != (texts.get(1) == 0);
            if (!told && !oneEmpty) {
                // two columns of texts that do not tell which is which: neither is read as either,
                // rather than the Russian published as the Kazakh (their texts stay in the extra fields)
                for (String column : cut) {
                    cutUntold.add(Detail.of(
                            "field_name_cut_language_untold",
                            "the field '{column}' looks cut to the 10 bytes a DBF keeps from {field} or"
                                    + " {other}, and the texts of the two do not tell Kazakh from Russian: it was"
                                    + " read as neither",
                            "column",
                            fileName(column),
                            "field",
                            kazakh,
                            "other",
                            russian));
                }
                continue;
            }
            int kazakhColumn = cut.size() == 1
                    ? (shares.get(0) > 50 ? 0 : -1)
                    : told ? (shares.get(0) > shares.get(1) ? 0 : 1) : (texts.get(0) == 0 ? 0 : 1);
            for (int i = 0; i < cut.size(); i++) {
                String field = i == kazakhColumn ? kazakh : russian;
                String column = cut.get(i);
                out.put(column, field);
                cutBecause.put(
                        column,
                        Detail.of(
                                "field_name_cut_language",
                                "the field '{column}' is read as {field}: its name looks cut to the 10 bytes a DBF"
                                        + " keeps from {field} or {other}, and {reason}",
                                "column",
                                fileName(column),
                                "field",
                                field,
                                "other",
                                field.equals(kazakh) ? russian : kazakh,
                                "reason",
                                told
                                        ? Detail.of(
                                                "cut_kazakh_letters",
                                                "{share} % of its texts are written with letters of Kazakh's own"
                                                        + " (ә, ғ, қ, ң, ө, ұ, ү, һ, і)",
                                                "share",
                                                shares.get(i))
                                        : Detail.of(
                                                "cut_kazakh_letters_one_empty",
                                                "neither has letters of Kazakh's own, and only one has texts: those"
                                                        + " are Russian")));
            }
        }
        cutFields = out;
        return out;
    }

    /**
     * Of a layer defined as data, the columns {@code cut} whose names are all cut to a DBF's 10 bytes
     * from the names of {@code fields}, which begin alike ({@code accessible_toilet}, {@code
     * accessible_entrance}): GDAL, QGIS and ArcGIS keep the first field's name cut ({@code accessible})
     * and number the next ones' ({@code accessib_1}, {@code accessib_2}), in the order the fields were
     * written. When there are as many columns as fields, and one cut name with its twins numbered
     * from 1, each is read as the field of its place in the order the layer defines them (the order a
     * file made for the layer holds them in), put in {@code out}, and said in {@link #cutTwins}: the
     * file may have held them in another order, which only someone who knows it can tell. False when
     * the columns cannot be so read.
     */
    private boolean readTwinsInOrder(Set<String> fields, List<String> cut, Map<String, String> out) {
        if (cut.size() != fields.size()) {
            return false;
        }
        Map<Integer, String> byNumber = new java.util.TreeMap<>();
        String stem = null;
        for (String column : cut) {
            String name = MappingProfile.laundered(column);
            java.util.regex.Matcher twin = GDAL_TWIN.matcher(name);
            int number = twin.matches() ? Integer.parseInt(twin.group(2).replace("_", "")) : 0;
            String begins = twin.matches() ? twin.group(1) : name.length() == 10 ? name.substring(0, 8) : null;
            if (begins == null || (stem != null && !stem.equals(begins)) || byNumber.put(number, column) != null) {
                return false;
            }
            stem = begins;
        }
        if (!byNumber.keySet()
                .equals(new java.util.TreeSet<>(
                        java.util.stream.IntStream.range(0, cut.size()).boxed().toList()))) {
            return false;
        }
        List<String> ordered = definedOrder().stream().filter(fields::contains).toList();
        if (ordered.size() != fields.size()) {
            return false;
        }
        List<String> columns = new ArrayList<>(byNumber.values());
        for (int i = 0; i < columns.size(); i++) {
            out.put(columns.get(i), ordered.get(i));
        }
        cutTwins.add(Detail.of(
                CUT_TWINS,
                "the fields {columns} look cut to the 10 bytes a DBF keeps from the names of {fields}, which begin"
                        + " alike, and were read in turn as those, in the order the layer defines them: GDAL, QGIS and"
                        + " ArcGIS number such names in the order the file held its fields. Check a feature's values"
                        + " against the file before publishing, or give the fields shorter names",
                "columns",
                columns.stream().map(c -> shownName(c)).toList(),
                "fields",
                ordered));
        return true;
    }

    /** The fields in the order a layer defined as data defines them; none of another layer, whose profile has no order. */
    protected List<String> definedOrder() {
        return List.of();
    }

    /** The key of the warning that columns cut from names that begin alike were read in the order of the definition. */
    static final String CUT_TWINS = "field_names_cut_alike";

    /** Of a layer defined as data, columns cut from names that begin alike and read in the definition's order. */
    protected final List<Detail> cutTwins = new ArrayList<>();

    /** The fewest letters of a name shortened by hand that is read as the name it begins. */
    private static final int SHORTENED_LETTERS = 6;

    /**
     * Whether the file's field name {@code column} is written as a short name is, in capitals of
     * Cyrillic letters («НАЗНАЧЕН»), as DBF and MapInfo tables name their fields: a name written as a
     * word («Аукцион», «Баланс») is one. GDAL gives Latin names in lower case, which tells nothing.
     */
    private static boolean abbreviation(String column) {
        return column.chars().anyMatch(ch -> Character.UnicodeBlock.of(ch) == Character.UnicodeBlock.CYRILLIC)
                && column.chars().noneMatch(Character::isLowerCase);
    }

    /** Whether {@code name} has the length of a name cut to a DBF's 10 bytes. */
    private static boolean dbfCut(String name) {
        int bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return name.length() >= 4 && (name.length() == 10 || bytes == 9 || bytes == 10);
    }

    /**
     * The fields of which {@code name} is a name cut short (by a DBF's 10 bytes, or GDAL's twin of
     * such a cut); none when it is a name of a field as it is.
     */
    /**
     * Where letters of {@code column}'s name were lost in decoding, each a question mark (or the
     * replacement character) in its place: «М?РТЕБЕСІ» of «МӘРТЕБЕСІ» read in CP1251; null when
     * none was, or more than two, or the name is too short to be told by the rest.
     */
    static boolean[] lostLetters(String column) {
        String lower = column.toLowerCase(java.util.Locale.ROOT);
        if (lower.length() != MappingProfile.laundered(column).length() || lower.length() < SHORTENED_LETTERS) {
            return null;
        }
        boolean[] lost = new boolean[lower.length()];
        int count = 0;
        for (int i = 0; i < lower.length(); i++) {
            lost[i] = lower.charAt(i) == '?' || lower.charAt(i) == '\ufffd';
            count += lost[i] ? 1 : 0;
        }
        return count == 0 || count > 2 ? null : lost;
    }

    /** Whether {@code name} is {@code candidate} with a letter lost at each place {@code lost} marks. */
    private static boolean withLettersLost(String name, boolean[] lost, String candidate) {
        if (lost == null || candidate.length() != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (lost[i] ? !Character.isLetter(candidate.charAt(i)) : name.charAt(i) != candidate.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A name ending as GDAL numbers a twin, the beginning kept before the number: {@code Стат} of {@code Стат_1}. */
    private static final java.util.regex.Pattern NUMBERED =
            java.util.regex.Pattern.compile("^(.+?)(_[1-9]|[1-9][0-9])$");

    /**
     * The beginning GDAL kept of a field's name when it numbered it as the twin of another cut alike
     * ({@link #GDAL_TWIN}): its first 8 bytes of the 10 a DBF keeps, 8 letters of a single-byte code page,
     * 4 Cyrillic letters in UTF-8 (QGIS's «Стат_1» of «Статус_участка» beside «Стату» of
     * «Статус_аукциона»), or 7 bytes where a letter of 2 would not fit; null when {@code name} is no such twin.
     */
    static String twinStem(String name) {
        java.util.regex.Matcher twin = NUMBERED.matcher(name);
        if (!twin.matches()) {
            return null;
        }
        String stem = twin.group(1);
        int bytes = stem.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        boolean kept = bytes == stem.length()
                ? GDAL_TWIN.matcher(name).matches()
                : stem.length() == 8 || bytes == 8 || bytes == 7;
        return kept ? stem : null;
    }

    private static Set<String> fieldsOfCutName(
            String name, boolean abbreviation, boolean[] lost, Map<String, List<String>> names) {
        boolean cut = dbfCut(name);
        String stem = twinStem(name);
        boolean twinned = stem != null;
        Set<String> fields = new java.util.LinkedHashSet<>();
        for (Map.Entry<String, List<String>> e : names.entrySet()) {
            for (String candidate : e.getValue()) {
                if (candidate.equals(name)) {
                    return Set.of();
                }
                // a name shortened by hand («НАЗНАЧЕН», «КАТЕГОР») ends inside a word of the whole: «Аукцион»
                // is a word of its own, not «аукцион_күні» shortened
                boolean shortened = abbreviation
                        && name.length() >= SHORTENED_LETTERS
                        && candidate.length() > name.length()
                        && Character.isLetter(candidate.charAt(name.length()));
                if (((cut || shortened) && candidate.length() > name.length() && candidate.startsWith(name))
                        || (twinned
                                && candidate.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 10
                                && candidate.startsWith(stem))
                        || withLettersLost(name, lost, candidate)) {
                    fields.add(e.getKey());
                }
            }
        }
        return fields;
    }

    /**
     * The share, in per cent, of {@code column}'s texts in the first rows written with letters of
     * Kazakh's own, and how many texts those rows hold.
     */
    private long[] kazakhShare(String column) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE v ~ '[" + KAZAKH_LETTERS + "]'),"
                        + " count(v) FROM (SELECT nullif(trim_blank(" + quote(column) + "::text), '') AS v"
                        + " FROM staging." + quote(staging) + " LIMIT 5000) s")) {
            rs.next();
            return new long[] {rs.getLong(2) == 0 ? 0 : 100 * rs.getLong(1) / rs.getLong(2), rs.getLong(2)};
        }
    }

    /**
     * SQL: the area of the polygons {@code geom} as the file draws them, in its units, which a repair
     * is to keep. Each ring encloses what its outline draws (a bow tie the difference of its two
     * loops, none when they are alike); of the rings of one polygon, one inside another is a hole in
     * it, whichever the file lists first, and one outside it an island, as GIS programs draw them
     * and as this importer reads a Shapefile's rings; each part adds its own. PostGIS's area takes a
     * polygon's first ring for its outline and the others for holes: a hole listed before its
     * outline, as converters write a Shapefile's outline drawn counter-clockwise, made it negative.
     * Without the parts {@code without} (SQL of an integer array, or {@code NULL}). Some work per
     * pair of rings: for the few invalid geometries only.
     */
    protected static String drawnArea(String geom, String without) {
        return """
                (WITH ring AS MATERIALIZED (
                     SELECT row_number() OVER () AS k, p.path[1] AS part, r.geom, ST_ExteriorRing(r.geom) AS line,
                            ST_Area(r.geom) AS area,
                            1e-5 * sqrt((ST_XMax(r.geom) - ST_XMin(r.geom)) ^ 2 + (ST_YMax(r.geom) - ST_YMin(r.geom)) ^ 2)
                                AS slack
                     FROM ST_Dump(%1$s) p, ST_DumpRings(p.geom) r
                     WHERE p.path[1] IS NULL OR %2$s IS NULL OR p.path[1] <> ALL (%2$s))
                 SELECT abs(coalesce(sum(CASE WHEN d.depth %% 2 = 0 THEN i.area ELSE -i.area END), 0))
                 FROM ring i CROSS JOIN LATERAL (
                     -- inside another ring of its polygon: a point well inside it and none outside
                     -- it; a point on it (a hole sharing sides with its outline, or touching it, moved
                     -- a nanodegree either way when the file's metres became degrees) tells nothing.
                     -- A point in a polygon and its distance to a line are told without GEOS
                     SELECT count(*) AS depth FROM ring o
                     WHERE o.part IS NOT DISTINCT FROM i.part AND o.k <> i.k AND o.geom && i.geom
                       AND EXISTS (SELECT 1 FROM ST_DumpPoints(i.line) v
                                   WHERE ST_Intersects(o.geom, v.geom) AND NOT ST_DWithin(o.line, v.geom, o.slack))
                       AND NOT EXISTS (SELECT 1 FROM ST_DumpPoints(i.line) v
                                       WHERE NOT ST_Intersects(o.geom, v.geom) AND NOT ST_DWithin(o.line, v.geom, o.slack))
                 ) d)""".formatted(geom, without == null ? "NULL::integer[]" : without);
    }

    /**
     * Why {@code geom} is invalid, in words a land editor knows, with where: GEOS's own words
     * («Nested shells», «Ring Self-intersection») say nothing to people who draw plots.
     */
    protected static DetailSql invalidity(String geom) {
        return invalidity(geom, "ST_IsValidReason(" + geom + ")");
    }

    /**
     * {@link #invalidity(String)} with GEOS's reason given by {@code validReason} (SQL of text in
     * {@code ST_IsValidReason}'s form, «Self-intersection[x y]»): the reason found where {@code geom}
     * was checked, in the file's own coordinates, when it is valid as placed.
     */
    protected static DetailSql invalidity(String geom, String validReason) {
        String reason = "split_part(r, '[', 1)";
        String where = "substring(r from '\\[(.*)\\]')";
        String[][] words = {
            {"Self-intersection", "geos_self_intersection", "its outline crosses itself"},
            {"Ring Self-intersection", "geos_ring_self_intersection", "a ring of it touches itself"},
            {"Nested shells", "geos_nested_shells", "one outline lies inside another (a hole drawn as an outline?)"},
            {"Nested holes", "geos_nested_holes", "one hole lies inside another"},
            {"Hole lies outside shell", "geos_hole_outside_shell", "a hole lies outside its outline"},
            {"Interior is disconnected", "geos_interior_disconnected", "its holes cut it into pieces"},
            {"Too few points in geometry component", "geos_too_few_points", "a ring has fewer than 4 points"},
            {"Invalid Coordinate", "geos_invalid_coordinate", "a coordinate is not a number"},
            {"Duplicate Rings", "geos_duplicate_rings", "a ring is drawn twice"}
        };
        // GEOS's reason, else its own words (a GEOS newer than these)
        DetailSql said = DetailSql.byValue(reason, words, DetailSql.of("geos_reason", "{text}", "text", reason));
        // GEOS says "Self-intersection" also of rings that each are simple but cross or touch one
        // another along an edge: a hole sharing a side with its outline, a hole written twice, parts
        // that overlap
        said = DetailSql.when(
                reason + " = 'Self-intersection' AND GeometryType(" + geom + ") LIKE '%POLYGON'"
                        + " AND NOT EXISTS (SELECT 1 FROM ST_Dump(" + geom + ") part, ST_DumpRings(part.geom) ring"
                        + " WHERE NOT ST_IsSimple(ST_ExteriorRing(ring.geom)))",
                DetailSql.of(
                        "geos_rings_cross",
                        "two of its rings (its outline and a hole, two holes, or the outlines of two parts) cross"
                                + " or share an edge"),
                said);
        // GEOS says a hole lies outside its outline also of one that encloses it: the outline and the
        // hole swapped, as converters write a Shapefile's outline drawn the other way round
        said = DetailSql.when(
                reason + " = 'Hole lies outside shell' AND EXISTS (SELECT 1 FROM ST_Dump(" + geom + ") part,"
                        + " generate_series(1, ST_NumInteriorRings(part.geom)) n,"
                        + " LATERAL (SELECT ST_InteriorRingN(part.geom, n) AS ring) h"
                        + " WHERE ST_NPoints(h.ring) >= 4 AND ST_IsClosed(h.ring)"
                        + " AND h.ring ~ ST_ExteriorRing(part.geom)"
                        + " AND ST_Intersects(ST_MakePolygon(h.ring), ST_PointN(ST_ExteriorRing(part.geom), 1)))",
                DetailSql.of(
                        "geos_hole_encloses_outline",
                        "a ring listed as a hole encloses the outline (the two swapped?)"),
                said);
        // GEOS says "too few points" of a line too: one whose points all coincide, or one of a
        // single point
        said = DetailSql.when(
                reason + " = 'Too few points in geometry component' AND GeometryType(" + geom + ") LIKE '%LINESTRING'",
                DetailSql.when(
                        "EXISTS (SELECT 1 FROM ST_Dump(" + geom + ") part WHERE ST_NPoints(part.geom) = 1)",
                        DetailSql.of("geos_one_point_line", "a line of one point"),
                        DetailSql.of("geos_zero_length_line", "a line of zero length (its points coincide)")),
                said);
        // where, as two numbers (a decimal comma in Kazakh and Russian), when GEOS gives two
        String x = "split_part(" + where + ", ' ', 1)";
        String y = "split_part(" + where + ", ' ', 2)";
        String number = "'^-?[0-9]+(\\.[0-9]+)?$'";
        DetailSql located = DetailSql.when(
                where + " IS NULL",
                said,
                DetailSql.when(
                        x + " ~ " + number + " AND " + y + " ~ " + number + " AND split_part(" + where
                                + ", ' ', 3) = ''",
                        DetailSql.of(
                                "geos_located_at",
                                "{what} at {x} {y}",
                                "what",
                                said,
                                "x",
                                x + "::numeric",
                                "y",
                                y + "::numeric"),
                        DetailSql.of("geos_located", "{what} at {where}", "what", said, "where", where)));
        // GEOS's reason computed once for the message and once for the detail, not once per word
        String reasons = " FROM (SELECT " + validReason + " AS r) reason)";
        return new DetailSql("(SELECT " + located.message() + reasons, "(SELECT " + located.detail() + reasons);
    }

    /**
     * What {@code geom} is, in words ("a polygon", "several lines") rather than PostGIS's type name,
     * which would stand in English inside a Kazakh or Russian sentence; a type without words of its
     * own (an arc) is named as PostGIS names it.
     */
    protected static DetailSql geometryType(String geom) {
        String type = "GeometryType(" + geom + ")";
        String[][] words = {
            {"POINT", "geometry_point", "a point"},
            {"MULTIPOINT", "geometry_points", "several points"},
            {"LINESTRING", "geometry_line", "a line"},
            {"MULTILINESTRING", "geometry_lines", "several lines"},
            {"POLYGON", "geometry_polygon", "a polygon"},
            {"MULTIPOLYGON", "geometry_polygons", "several polygons"}
        };
        // a collection by what it holds: the types of its parts (nested collections opened), in
        // alphabetical order
        String held = "coalesce((SELECT string_agg(t, ' ' ORDER BY t) FROM (SELECT DISTINCT GeometryType(d.geom) AS t"
                + " FROM ST_Dump(" + geom + ") d) x), '')";
        String[][] collections = {
            {"", "geometry_collection_empty", "an empty collection of geometries"},
            {"POINT", "geometry_collection_points", "a collection of points"},
            {"LINESTRING", "geometry_collection_lines", "a collection of lines"},
            {"POLYGON", "geometry_collection_polygons", "a collection of polygons"},
            {"LINESTRING POINT", "geometry_collection_lines_points", "a collection of lines and points"},
            {"POINT POLYGON", "geometry_collection_polygons_points", "a collection of polygons and points"},
            {"LINESTRING POLYGON", "geometry_collection_polygons_lines", "a collection of polygons and lines"}
        };
        return DetailSql.when(
                type + " = 'GEOMETRYCOLLECTION'",
                DetailSql.byValue(
                        held,
                        collections,
                        DetailSql.of("geometry_collection", "a collection of geometries of different types")),
                DetailSql.byValue(
                        type, words, DetailSql.of("geometry_other", "a {type}", "type", "lower(" + type + ")")));
    }

    /** The fields no mapping uses, as one JSON object per feature (empty values left out). */
    protected String extraExpression(Map<String, String> columns, List<String> used) {
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
                            .map(col -> literal(fileNames.getOrDefault(col, col)) + ", s." + quote(col))
                            .collect(Collectors.joining(", "))
                    + ")");
        }
        return "jsonb_strip_nulls(" + String.join(" || ", parts) + ")";
    }

    /**
     * Signs of code-page damage in a feature's text: name → {pattern, what it means}; the report's
     * key of each is {@code wrong_encoding_<name>} ({@code text_lost} for lost characters).
     */
    private static final Map<String, String[]> TEXT_DAMAGE = new LinkedHashMap<>();

    static {
        TEXT_DAMAGE.put("latin", new String[] {
            "[À-ÿ]{4,}|[ÐÑ][\u0080-\u00bf]",
            "Cyrillic text decoded as Latin-1: the file's code page was not known; pass --encoding CP1251 (or UTF-8)"
        });
        TEXT_DAMAGE.put("box", new String[] {
            "[\u2500-\u259f]{2,}",
            "Cyrillic text decoded as CP866 (DOS) although it is in another code page; pass --encoding CP1251"
        });
        TEXT_DAMAGE.put("dos", new String[] {
            "[" + DOS_SIGNS + "][" + DOS_READ_AS_WINDOWS + "]|[" + DOS_READ_AS_WINDOWS + "][" + DOS_SIGNS + "]",
            "Cyrillic text in the DOS code page (CP866) decoded as CP1251: «Ґ», «®», «¬» stand where «е», «о», «м»"
                    + " were; pass --encoding CP866"
        });
        TEXT_DAMAGE.put("serbian", new String[] {
            "[" + CYRILLIC + "][" + KAZAKH_READ_AS_WINDOWS + "]|[" + KAZAKH_READ_AS_WINDOWS + "][" + CYRILLIC + "]",
            "letters that Kazakh and Russian do not use appear inside words: the text is probably in the Kazakh"
                    + " code page; pass --encoding PT154 or KZ-1048, or CP866 for DOS-era files"
        });
        TEXT_DAMAGE.put("kazakh", new String[] {
            "[" + CYRILLIC + "][" + NOT_KAZAKH + "]|[" + NOT_KAZAKH + "][" + CYRILLIC + "]",
            "letters of other Cyrillic alphabets, not Kazakh (such as ў, ҫ or ҙ), appear inside words: the text is"
                    + " in a Kazakh code page and was read in another; pass --encoding KZ-1048, or PT154"
        });
        TEXT_DAMAGE.put("broken", new String[] {
            "\ufffd",
            "letters of the file were damaged, each read as the sign \ufffd (a letter cut in two by a copy): correct"
                    + " them in the file"
        });
        TEXT_DAMAGE.put("lost", new String[] {
            // inside a word, or beginning one (Kazakh words begin with Қ, Ө, Ұ, Ү, Ә: «?скемен»),
            // or a letter standing alone before its dot («?.» for «қ.»)
            "[" + CYRILLIC + "]\\?[" + CYRILLIC + "]|(^|[^" + CYRILLIC + "A-Za-z0-9?])\\?[" + CYRILLIC
                    + "]|(^|\\s)\\?\\.|\\?{3,}|\ufffd",
            "characters were lost before or while decoding (a question mark or \ufffd in place of a letter): Kazakh"
                    + " letters (Ә Ғ Қ Ң Ө Ұ Ү Һ І) do not exist in CP1251 or CP866; ask for the file in UTF-8,"
                    + " PT154 or KZ-1048"
        });
    }

    /**
     * A «?» glued to the end of a Cyrillic word, before a space, a sign or the end of the text («Ба?»,
     * «Ала? ауданы»): where a file in a one-byte code page (CP1251) had a Kazakh letter it could not
     * hold, which Kazakh words often end with (Қ Ң Ғ Ү І). Counted as a lost letter only in a file
     * read in such a code page ({@link #readIn}): in a UTF-8 file it is a question.
     */
    private static final String LOST_AT_WORD_END = "[" + CYRILLIC + "]\\?([^" + CYRILLIC + "A-Za-z0-9?]|$)";

    /** Whether the file was read in a one-byte code page, in which letters it lacks became «?». */
    private boolean oneByteCodePage;

    /** Tells the check of the text the code page the file was read in (null: UTF-8, or not known). */
    void readIn(String encoding) {
        oneByteCodePage =
                encoding != null && !encoding.toUpperCase(java.util.Locale.ROOT).matches("UTF-?(8|16.*)");
    }

    /** Whether the report names the file's features by their lines, as a CSV file's are. */
    private boolean byLines;

    /** Tells the report's words the unit the file's features are numbered in ({@code RowNumbers#unit}). */
    void numberedIn(String unit) {
        byLines = "line".equals(unit);
    }

    /** What the report calls a feature's place in the file: "line" of a CSV file, else "row". */
    String rowWord() {
        return byLines ? "line" : "row";
    }

    /**
     * The report key {@code key}, or for a CSV file its twin {@code <key>_csv}, whose words say "line"
     * where {@code key}'s say "row" ({@link #rowWord}).
     */
    String rowKey(String key) {
        return byLines ? key + "_csv" : key;
    }

    /** The pattern of {@code sign} of {@link #TEXT_DAMAGE}, in the code page the file was read in. */
    private String damagePattern(String sign) {
        String pattern = TEXT_DAMAGE.get(sign)[0];
        return sign.equals("lost") && oneByteCodePage ? pattern + "|" + LOST_AT_WORD_END : pattern;
    }

    /** How many features show one sign of code-page damage, and the first of them (its row, 0 for none). */
    record TextDamage(long features, long firstRow) {}

    /** What {@link #checkEncoding} found, by sign; empty before it ran or when the file has no text. */
    protected Map<String, TextDamage> textDamage = Map.of();

    /**
     * File-level warnings about text decoded with the wrong code page (Cyrillic that came out as
     * Latin letters, box-drawing signs or Serbian letters) and about characters already lost in the
     * file (question marks inside Cyrillic words, as when Kazakh letters are saved in CP1251).
     */
    protected void checkEncoding(Map<String, String> columns) throws SQLException {
        Map<String, TextDamage> found = countTextDamage(columns, "staging." + staging + " s");
        reportTextDamage(columns, found);
    }

    /**
     * SQL: the texts {@code text} joined by {@code ' | '}, in groups of 90: PostgreSQL passes no more
     * than 100 arguments to a function, and an ArcGIS table may have more text fields than that.
     */
    static String joinedText(List<String> text) {
        if (text.size() <= 90) {
            return "concat_ws(' | ', " + String.join(", ", text) + ")";
        }
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < text.size(); i += 90) {
            groups.add(joinedText(text.subList(i, Math.min(text.size(), i + 90))));
        }
        return joinedText(groups);
    }

    /** The text columns of the file, as SQL over the staging row {@code s}. */
    private static List<String> textColumns(Map<String, String> columns) {
        return columns.entrySet().stream()
                .filter(e ->
                        e.getValue().equals("character varying") || e.getValue().equals("text"))
                .map(e -> "s." + quote(e.getKey()))
                .toList();
    }

    /** Counts the features of {@code rows} (a FROM item {@code s} over staging) that show each sign of damage. */
    protected Map<String, TextDamage> countTextDamage(Map<String, String> columns, String rows) throws SQLException {
        List<String> text = textColumns(columns);
        if (text.isEmpty()) {
            return Map.of();
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> selects = new ArrayList<>();
        for (String sign : TEXT_DAMAGE.keySet()) {
            String match = "t ~ " + literal(damagePattern(sign));
            selects.add("count(*) FILTER (WHERE " + match + ")");
            selects.add("min(source_row) FILTER (WHERE " + match + ")");
        }
        sql.append(String.join(", ", selects))
                .append(" FROM (SELECT s.source_row, ")
                .append(joinedText(text))
                .append(" AS t FROM ")
                .append(rows)
                // one cheap test per feature: every pattern needs one of these characters, and
                // almost no feature of a sound file has any
                .append(") x WHERE t ~ ")
                .append(literal(
                        "[\u0080-\u00ff\u2500-\u259f" + KAZAKH_READ_AS_WINDOWS + "Ј?\ufffd" + NOT_KAZAKH + "]"));
        Map<String, TextDamage> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql.toString())) {
            rs.next();
            int i = 1;
            for (String sign : TEXT_DAMAGE.keySet()) {
                long count = rs.getLong(i++);
                long first = rs.getLong(i++);
                out.put(sign, new TextDamage(count, first));
            }
        }
        return out;
    }

    /** The first feature of the staging table, in file order, that shows {@code sign}; 0 for none. */
    protected long firstWithTextDamage(Map<String, String> columns, String sign) throws SQLException {
        String found = one("SELECT source_row FROM staging." + staging + " s WHERE "
                + joinedText(textColumns(columns)) + " ~ "
                + literal(damagePattern(sign))
                + " ORDER BY source_row LIMIT 1");
        return found == null ? 0 : Long.parseLong(found);
    }

    /** Writes one file-level warning per sign of damage found, with the first damaged text. */
    protected void reportTextDamage(Map<String, String> columns, Map<String, TextDamage> found) throws SQLException {
        textDamage = found;
        List<String> text = textColumns(columns);
        // CP866 read as CP1251 shows Serbian and Bashkir letters too («Џа» for «Пр», «Ў» for «б»): the
        // one warning that says what happened is enough
        boolean dos = found.containsKey("dos") && found.get("dos").features() > 0;
        // and a Kazakh code page read as CP1251 shows the Belarusian and Serbian letters (Ў, Ј) that
        // the sign of one Kazakh code page read as the other looks for: the first sign says it
        boolean kazakhAsWindows =
                found.containsKey("serbian") && found.get("serbian").features() > 0;
        // a damaged letter is a lost one too: when it is all that was lost, its own warning says it
        boolean onlyBroken = found.containsKey("broken")
                && found.containsKey("lost")
                && found.get("broken").features() >= found.get("lost").features();
        for (Map.Entry<String, TextDamage> e : found.entrySet()) {
            long count = e.getValue().features();
            long first = e.getValue().firstRow();
            if (kazakhAsWindows
                    && e.getKey().equals("serbian")
                    && found.containsKey("kazakh")
                    && found.get("kazakh").features() > 0) {
                // the rows whose only damaged letters are the ones the other sign looks for («Ўлан» for
                // «Ұлан») are as damaged: said as one typo in many, the file would be published
                String either = "(" + damagePattern("serbian") + ")|(" + damagePattern("kazakh") + ")";
                count = Long.parseLong(one("SELECT count(*) FROM staging." + staging + " s WHERE " + joinedText(text)
                        + " ~ " + literal(either)));
                first = Math.min(first, found.get("kazakh").firstRow());
            }
            if (count > 0
                    && !(dos && (e.getKey().equals("serbian") || e.getKey().equals("kazakh")))
                    && !(kazakhAsWindows && e.getKey().equals("kazakh"))
                    && !(onlyBroken && e.getKey().equals("lost"))) {
                String joined = joinedText(text);
                String example = one("SELECT "
                        // a damaged letter shown with the text around it, wherever it stands
                        + (e.getKey().equals("broken")
                                ? "substr(" + joined + ", greatest(1, strpos(" + joined + ", " + literal("\ufffd")
                                        + ") - 40), 80)"
                                : "left(" + joined + ", 80)")
                        + " FROM staging." + staging + " s WHERE source_row = " + first);
                String code = e.getKey().equals("lost") || e.getKey().equals("broken") ? "text_lost" : "wrong_encoding";
                // a CSV file's feature by its line, as the rest of the report names it
                String key = rowKey(
                        e.getKey().equals("broken")
                                ? "text_broken"
                                : code.equals("text_lost") ? code : code + "_" + e.getKey());
                fileIssue(
                        "warning",
                        code,
                        Detail.of(
                                count == 1 ? key + "_one" : key,
                                TEXT_DAMAGE.get(e.getKey())[1] + ". {features} feature" + (count == 1 ? "" : "s")
                                        + ", first " + rowWord() + " {row}: \"{example}\"",
                                "features",
                                count,
                                "row",
                                first,
                                "example",
                                example));
            }
        }
    }

    /**
     * Finds the features of a file in projected coordinates (UTM, Gauss–Krüger) that are invalid in
     * the file's own coordinates, and keeps them there ({@code in_file}) for their repair, with GEOS's
     * reason there ({@code file_reason}, located in degrees) when they are valid as placed in
     * longitude and latitude. A hole
     * whose side lies on a side of its outline (a notch, as CAD and MapInfo users cut one) shares a
     * line with it in the file; once the points are longitude and latitude, the outline's longer
     * side bends by nanodegrees away from the hole's, GEOS finds the two a hair apart, and the plot
     * would be published unsaid with its hole on its outline: invalid again wherever it is
     * projected, or rounded as the API serves it. So that a drawing gets the same answer whatever
     * the file's system, its validity is that in the file's own coordinates too; and a repair made
     * there is made of the file's straight lines, where one made in degrees, of lines bent apart by
     * nanodegrees, ran a hole's corner in the outline's corner out and back along the outline's side
     * (invalid in the file's metres again). The coordinates
     * taken there and back carry the last digits of a float (615220.0000000005 for 615220), which
     * would put the hole a hair off the line once more: they are rounded to a millionth of a
     * millionth of the greatest of them (a micrometre of UTM's northings), far below what a file is
     * drawn to. One transformation and one check per feature of a projected file. The table
     * {@code import_mapped} has the columns {@code in_file geometry} and {@code file_reason text}.
     */
    protected void findInvalidInFile(String sourceCrs) throws SQLException {
        if (sourceCrs == null) {
            return;
        }
        Savepoint before = c.setSavepoint();
        try {
            execute("""
                    UPDATE import_mapped m SET in_file = f.g
                    FROM (SELECT t.key AS source_row,
                                 ST_SnapToGrid(t.geom, power(10, floor(log(greatest(abs(ST_XMin(t.geom)), abs(ST_XMax(t.geom)),
                                                                                 abs(ST_YMin(t.geom)), abs(ST_YMax(t.geom)),
                                                                                 1e-300))) - 12)) AS g
                          FROM (%s) t) f
                    WHERE m.source_row = f.source_row AND NOT ST_IsValid(f.g)
                    """.formatted(InFileCoordinates.inFile(
                    "SELECT source_row AS key, geom FROM import_mapped WHERE NOT rejected AND repaired IS NULL",
                    sourceCrs)));
            // where GEOS finds it invalid as placed too, its reason there is the one said, located in degrees
            execute("""
                    CREATE TEMP TABLE import_file_reason ON COMMIT DROP AS
                    SELECT m.source_row, d.reason, d.location
                    FROM import_mapped m CROSS JOIN LATERAL ST_IsValidDetail(m.in_file) d
                    WHERE m.in_file IS NOT NULL AND ST_IsValid(m.geom)
                    """);
            execute("""
                    UPDATE import_mapped m
                    SET file_reason = r.reason || coalesce('[' || ST_X(a.geom)::numeric || ' ' || ST_Y(a.geom)::numeric
                                                           || ']', '')
                    FROM import_file_reason r LEFT JOIN (%s) a ON a.key = r.source_row
                    WHERE m.source_row = r.source_row
                    """.formatted(InFileCoordinates.inDegrees(
                    "SELECT source_row AS key, location AS geom FROM import_file_reason", sourceCrs)));
            execute("DROP TABLE import_file_reason");
            c.releaseSavepoint(before);
        } catch (SQLException e) {
            // a definition the database's PROJ does not read (GDAL read the file with its own): the
            // features are checked as they were placed
            c.rollback(before);
            LoggerFactory.getLogger(FeatureValidation.class)
                    .info("the file's coordinate system could not be used in the database: {}", e.getMessage());
        }
    }

    /**
     * Repairs the features not rejected that are invalid as placed, or in the file's own
     * coordinates {@code sourceCrs} ({@link #findInvalidInFile}): GEOS's default repair, of the
     * type {@code extract} ({@code ST_CollectionExtract}'s number; {@code ST_Multi} when {@code
     * multi}), into {@code repaired}, and of polygons (type 3) {@link #structureRepair} into {@code
     * structure}, for {@link #keepTheRepairNearerTheDrawing} to choose. A geometry invalid only in
     * the file's own coordinates is repaired there, so that the repair is valid there and, its
     * straight sides bending alike, in longitude and latitude.
     */
    protected void repairInvalid(String sourceCrs, int extract, boolean multi) throws SQLException {
        String geom = "coalesce(in_file, geom)";
        String repair = "ST_CollectionExtract(ST_MakeValid(" + geom + "), " + extract + ")";
        execute("UPDATE import_mapped SET repaired = " + (multi ? "ST_Multi(" + repair + ")" : repair)
                + (extract == 3 ? ", structure = " + structureRepair(geom, multi) : "")
                + " WHERE NOT rejected AND (in_file IS NOT NULL OR NOT ST_IsValid(geom))");
        if (one("SELECT 1 FROM import_mapped WHERE in_file IS NOT NULL LIMIT 1") != null) {
            // back to longitude and latitude; an empty repair stays empty
            execute("""
                    UPDATE import_mapped m
                    SET repaired = coalesce(r.geom, ST_SetSRID(m.repaired, 4326)),
                        structure = coalesce(s.geom, ST_SetSRID(m.structure, 4326))
                    FROM import_mapped k
                    LEFT JOIN (%s) r ON r.key = k.source_row
                    LEFT JOIN (%s) s ON s.key = k.source_row
                    WHERE k.in_file IS NOT NULL AND m.source_row = k.source_row
                    """.formatted(
                            InFileCoordinates.inDegrees(
                                    "SELECT source_row AS key, repaired AS geom FROM import_mapped WHERE in_file IS NOT NULL",
                                    sourceCrs),
                            InFileCoordinates.inDegrees(
                                    "SELECT source_row AS key, structure AS geom FROM import_mapped"
                                            + " WHERE in_file IS NOT NULL",
                                    sourceCrs)));
        }
    }

    /**
     * SQL: GEOS's repair of the polygons {@code geom} that keeps the structure of their rings,
     * outlines less holes, as polygons ({@code ST_Multi} when {@code multi}). GEOS's default repair
     * (linework) keeps every line drawn, which is how a ring that crosses itself (a bow tie, a
     * self-crossing tail) becomes its loops; but of a hole sharing a side with its outline (a notch
     * drawn as a hole, CAD's and MapInfo's way) it keeps the outline whole and drops the hole. The
     * structure method reads the rings as outlines less holes, which is the notch. Each is computed
     * and {@link #keepTheRepairNearerTheDrawing} keeps one.
     */
    protected static String structureRepair(String geom, boolean multi) {
        String polygons = "ST_CollectionExtract(ST_MakeValid(" + geom + ", 'method=structure'), 3)";
        return multi ? "ST_Multi(" + polygons + ")" : polygons;
    }

    /**
     * Of a polygon's two repairs, GEOS's default one in {@code repaired} and {@link #structureRepair}
     * in {@code structure}, keeps in {@code repaired} the one whose area is nearer to what the file
     * draws ({@link #drawnArea}, without the parts {@code without}, put in {@code drawn}), the
     * default where they agree (nearer by no more than a float's remainder).
     */
    protected void keepTheRepairNearerTheDrawing(String without) throws SQLException {
        execute("UPDATE import_mapped m SET drawn = " + drawnArea("m.geom", without)
                + " WHERE NOT m.rejected AND m.repaired IS NOT NULL");
        execute("""
                UPDATE import_mapped SET repaired = structure
                WHERE NOT rejected AND structure IS NOT NULL AND drawn IS NOT NULL
                  AND abs(ST_Area(structure) - drawn) < abs(ST_Area(repaired) - drawn) - 1e-9 * drawn
                """);
    }

    /**
     * Reports every feature not rejected whose invalid geometry has a repair ({@code repaired}) and
     * puts the repair in its place, saying why it was invalid with {@code reason} (an {@link
     * #invalidity} of {@code geom}).
     */
    protected void keepRepairs(DetailSql reason) throws SQLException {
        DetailSql text = DetailSql.of(
                "invalid_geometry_repaired", "the geometry was invalid ({reason}) and was repaired", "reason", reason);
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %d, source_row, 'repaired', 'invalid_geometry', %s, %s
                FROM import_mapped WHERE NOT rejected AND repaired IS NOT NULL
                """.formatted(revision, text.message(), text.detail()));
        execute("UPDATE import_mapped SET geom = repaired WHERE NOT rejected AND repaired IS NOT NULL");
    }

    /** Rejects the features not yet rejected that match {@code where} (over {@code m} and {@code from}). */
    protected void reject(String code, DetailSql message, String where) throws SQLException {
        reject(code, message, where, null);
    }

    protected void reject(String code, DetailSql message, String where, String from) throws SQLException {
        execute("""
                WITH hit AS (
                    UPDATE import_mapped m SET rejected = true %s
                    WHERE NOT m.rejected AND (%s)
                    RETURNING m.source_row, %s AS message, %s AS detail)
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %d, source_row, 'rejected', %s, message, detail FROM hit
                """.formatted(
                        from == null ? "" : "FROM " + from,
                        where,
                        message.message(),
                        message.detail(),
                        revision,
                        literal(code)));
    }

    /**
     * Rejects the features that match {@code where}, those already rejected for another reason
     * too: a value's own fault (a malformed number, an unknown status) is told with the others, so
     * that an editor corrects a row once, not once for each of its faults.
     */
    protected void rejectEveryRow(String code, DetailSql message, String where) throws SQLException {
        execute("""
                WITH hit AS (
                    UPDATE import_mapped m SET rejected = true
                    WHERE (%s)
                    RETURNING m.source_row, %s AS message, %s AS detail)
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %d, source_row, 'rejected', %s, message, detail FROM hit
                """.formatted(where, message.message(), message.detail(), revision, literal(code)));
    }

    /** Reports the features that match {@code where} and clears the value that cannot be read. */
    protected void warnAndClear(String code, DetailSql message, String where, String clear) throws SQLException {
        execute("""
                INSERT INTO import_issue (layer_revision_id, source_row, severity, code, message, detail)
                SELECT %d, m.source_row, 'warning', %s, %s, %s FROM import_mapped m WHERE NOT m.rejected AND (%s)
                """.formatted(revision, literal(code), message.message(), message.detail(), where));
        execute("UPDATE import_mapped m SET " + clear + " WHERE NOT m.rejected AND (" + where + ")");
    }

    /**
     * The wording of {@code key} for a missing {@code field}: {@code english} followed by the field of
     * the file whose cell is empty, or when the file has none, by the fields the profile reads it
     * from, or by that it reads it from none.
     */
    protected DetailSql missing(String key, String english, String field) {
        List<String> candidates = profile.fields().getOrDefault(field, List.of());
        java.util.Optional<String> column = chosen.getOrDefault(field, java.util.Optional.empty());
        if (column.isPresent()) {
            // the file has the field, and its cell is empty: the profile's default is not given to it
            return DetailSql.of(
                    key + "_empty",
                    english + ": its cell in the field '{column}' is empty (a profile's default is given only when"
                            + " the file has no such field)",
                    "column",
                    DetailSql.known(column.get()));
        }
        return candidates.isEmpty()
                ? DetailSql.of(
                        key + "_unmapped",
                        english + ": the profile {profile} maps no field to it",
                        "profile",
                        DetailSql.known(profile.name()))
                : DetailSql.of(key, english + " (field {fields|or})", "fields", DetailSql.known(candidates));
    }

    /** The table of the codes {@code field} takes, or null for a field of free text. */
    private static String codeTable(String field) {
        return switch (field) {
            case "status" -> "plot_status";
            case "land_category" -> "land_category";
            case "right_type" -> "right_type";
            case "kind" -> "network_kind";
            default -> null;
        };
    }

    /**
     * The codes the coded field {@code field} takes, as a report names them ({@link Detail#code}),
     * in the order of {@code order} (SQL over the table of codes).
     */
    protected List<Detail> codes(String field, String order) throws SQLException {
        List<Detail> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT code FROM " + codeTable(field) + " ORDER BY " + order)) {
            while (rs.next()) {
                out.add(Detail.code(field, rs.getString(1)));
            }
        }
        return out;
    }

    /** A word with letters of Kazakh that Russian has not. */
    private static final java.util.regex.Pattern KAZAKH_WORD =
            java.util.regex.Pattern.compile("[" + KAZAKH_LETTERS + "]");

    private static final java.util.regex.Pattern CYRILLIC_WORDS =
            java.util.regex.Pattern.compile("[^A-Za-z]*\\p{IsCyrillic}[^A-Za-z]*");

    /**
     * The words a clerk may write in a cell of {@code field}, one for each of its codes (in {@code
     * order}), as a name in each language: the shortest Kazakh and the shortest Russian word the profile
     * maps to the code (a Kazakh one told by its letters, else by being no form of the Russian one;
     * a code the profile has no word for, itself, which is read too), and in
     * English both with the code. What the report offers as the known words must be words the import
     * reads: the names the map gives the codes («на рассмотрении заявки») need not be.
     */
    protected List<Detail.Names> knownWords(String field, String order) throws SQLException {
        // the shortest first, then in alphabetical order: the profile's maps keep no order
        Map<String, String> words = new java.util.TreeMap<>(
                java.util.Comparator.comparing(String::length).thenComparing(java.util.Comparator.naturalOrder()));
        words.putAll(profile.values().getOrDefault(field, Map.of()));
        // a network kind by the names the map gives it («Электроснабжение», «Электрмен жабдықтау»), which
        // the profile reads: its other words are a line's or a building's («тқс», «водовод»)
        Map<String, String[]> named = new HashMap<>();
        if (field.equals("kind")) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT code, lower(name_ru), lower(name_kk) FROM network_kind")) {
                while (rs.next()) {
                    named.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
        }
        List<Detail.Names> out = new ArrayList<>();
        for (Detail code : codes(field, order)) {
            String value = code.key().substring(("code_" + field + "_").length());
            String[] names = named.get(value);
            if (names != null && value.equals(words.get(names[0])) && value.equals(words.get(names[1]))) {
                out.add(new Detail.Names(
                        "«" + names[1] + "» (" + value + ")",
                        "«" + names[0] + "» (" + value + ")",
                        "«" + names[0] + "» / «" + names[1] + "» (" + value + ")"));
                continue;
            }
            String ru = null;
            String kk = null;
            // Russian: of the words without Kazakh letters, the shortest of the forms most words take
            // («свободен», «свободный», «свободна»… rather than «бос»)
            Map<String, Integer> forms = new HashMap<>();
            for (Map.Entry<String, String> e : words.entrySet()) {
                if (e.getValue().equals(value)
                        && CYRILLIC_WORDS.matcher(e.getKey()).matches()) {
                    forms.merge(form(e.getKey()), 1, Integer::sum);
                }
            }
            for (Map.Entry<String, String> e : words.entrySet()) {
                if (!e.getValue().equals(value)
                        || !CYRILLIC_WORDS.matcher(e.getKey()).matches()) {
                    continue;
                }
                if (KAZAKH_WORD.matcher(e.getKey()).find()) {
                    kk = kk == null ? e.getKey() : kk;
                } else if (ru == null || forms.get(form(e.getKey())) > forms.get(form(ru))) {
                    ru = e.getKey();
                }
            }
            if (ru == null && kk == null) {
                out.add(new Detail.Names(value, value, value));
                continue;
            }
            ru = ru == null ? kk : ru;
            if (kk == null) {
                // a Kazakh word of Russian's letters («бос»): the first that is no form of the Russian one
                String russian = form(ru);
                kk = words.entrySet().stream()
                        .filter(e -> e.getValue().equals(value)
                                && CYRILLIC_WORDS.matcher(e.getKey()).matches()
                                && !form(e.getKey()).equals(russian))
                        .map(Map.Entry::getKey)
                        .findFirst()
                        .orElse(ru);
            }
            String both = ru.equals(kk) ? "«" + ru + "»" : "«" + ru + "» / «" + kk + "»";
            out.add(new Detail.Names(
                    "«" + kk + "» (" + value + ")", "«" + ru + "» (" + value + ")", both + " (" + value + ")"));
        }
        return out;
    }

    /** The form of a word, as {@link #knownWords} compares them: its first four letters. */
    private static String form(String word) {
        return word.substring(0, Math.min(4, word.length()));
    }

    /** A value of {@code field} as a report names it: one of its codes by the code's name, any other as it is. */
    protected Object codeOrText(String field, String value) throws SQLException {
        String table = codeTable(field);
        if (table == null) {
            return value;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table + " WHERE code = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Detail.code(field, value) : value;
            }
        }
    }

    protected void fileIssue(String severity, String code, Detail message) throws SQLException {
        LayerImporter.issue(c, revision, severity, code, message);
    }

    protected void execute(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    protected String one(String sql) throws SQLException {
        return LayerImporter.one(c, sql);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    protected static String toJson(Map<String, ?> values) {
        return JsonMapper.builder().build().writeValueAsString(values);
    }
}
