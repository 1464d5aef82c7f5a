package kz.adalmap.importers.gdal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.source.SourceProblem;

/**
 * Runs GDAL's {@code ogr2ogr} (Debian package {@code gdal-bin}), the reader of every GIS format the
 * importers accept. Arguments are passed as a list, never through a shell.
 */
public final class Ogr2Ogr {

    /**
     * The names of a CSV file's geometry columns GDAL looks for: WKT (as QGIS, CARTO or ArcGIS name
     * it), or longitude and latitude (in English, Russian and Kazakh; GDAL compares names without
     * regard to case in Latin letters only, so the Cyrillic ones are listed as offices write them).
     */
    public static final List<String> CSV_GEOMETRY_NAMES = List.of(
            "wkt",
            "wkt_geom",
            "geom",
            "geometry",
            "the_geom",
            "wkb_geometry",
            "shape",
            "геометрия",
            "Геометрия",
            "ГЕОМЕТРИЯ");

    public static final List<String> CSV_LONGITUDE_NAMES = List.of(
            "lon", "longitude", "lng", "long", "x", "долгота", "Долгота", "ДОЛГОТА", "бойлық", "Бойлық", "БОЙЛЫҚ");
    public static final List<String> CSV_LATITUDE_NAMES =
            List.of("lat", "latitude", "y", "широта", "Широта", "ШИРОТА", "ендік", "Ендік", "ЕНДІК");

    private final String executable;

    public Ogr2Ogr() {
        this(System.getenv().getOrDefault("ADALMAP_OGR2OGR", "ogr2ogr"));
    }

    public Ogr2Ogr(String executable) {
        this.executable = executable;
    }

    /**
     * How to read a source file.
     *
     * @param sourceLayer the layer inside the file, or null for its first layer
     * @param geometryType GDAL's {@code -nlt} value ({@code PROMOTE_TO_MULTI}, {@code GEOMETRY}, …)
     * @param sourceSrs the file's coordinate system when its own is missing or wrong: {@code EPSG:32643},
     *     WKT or a PROJ string; null to use the file's
     * @param encoding the code page of a Shapefile's DBF ({@code CP1251}, {@code CP866}, {@code PT154},
     *     {@code UTF-8}); null to use the file's {@code .cpg} or GDAL's guess. A MapInfo table's private
     *     copy names its code page itself
     * @param asIs the layer is known to be two-dimensional, without curves and in EPSG:4326, so the
     *     conversions every other file needs (to 4326, to segments, to XY) are left out
     * @param columns the staging column of each field, from {@link #stagingColumns}, or empty for
     *     GDAL's names; a column whose name differs from another's only in the case of Latin letters
     *     is written under the name {@link #gdalNames} gives it, for the caller to rename once every
     *     layer is read ({@link #renamedAfterLoad})
     */
    public record ReadOptions(
            String sourceLayer,
            String geometryType,
            String sourceSrs,
            String encoding,
            boolean asIs,
            Map<String, String> columns,
            boolean inWgs84) {
        public ReadOptions(String sourceLayer, String geometryType, String sourceSrs, String encoding) {
            this(sourceLayer, geometryType, sourceSrs, encoding, false, Map.of(), false);
        }
    }

    /**
     * Whether {@code srsWkt} (as ogrinfo gives a layer's, WKT 2 or 1) is EPSG:4326 itself, what
     * staging holds: such a layer is read without a transformation, which changes none of its
     * coordinates and costs GDAL a twelfth of its reading (0.35 s of 4.2 for a million plots).
     */
    public static boolean isWgs84(String srsWkt) {
        if (srsWkt == null) {
            return false;
        }
        String wkt = srsWkt.replaceAll("\\s+", "");
        return wkt.endsWith("ID[\"EPSG\",4326]]") || wkt.endsWith("AUTHORITY[\"EPSG\",\"4326\"]]");
    }

    /** PostgreSQL's longest identifier, in bytes: longer column names are cut, and may then clash. */
    private static final int MAX_IDENTIFIER_BYTES = 63;

    /**
     * The column each field of a file gets in staging when some cannot keep their names there (else
     * an empty map, and GDAL names the columns): a field named like the staging table's own columns
     * ({@code geom}, {@code source_row}), or one whose name, lower-cased and cut to PostgreSQL's 63
     * bytes, is that of an earlier field (GeoJSON and GeoPackage names have no length limit; a
     * Cyrillic name is cut after some 31 letters), gets a name of its own with a number; a field
     * without a name (a GeoJSON property {@code ""}, which PostgreSQL cannot name a column) is read as
     * {@code field_<its position>}, as GDAL names a CSV file's column without a name. Fields whose
     * names differ only in the case of their Latin letters ({@code Status} and {@code status}, a CSV
     * file's {@code Area} and {@code AREA}), which GDAL would lower to one name, keep the names the
     * file gives them, as names that differ in the case of Cyrillic letters do ({@link #caseTwin}).
     */
    public static Map<String, String> stagingColumns(List<String> fields) {
        return stagingColumns(fields, Map.of());
    }

    /**
     * {@link #stagingColumns(List)} of {@code fields} as GDAL reads them, of which those in {@code
     * ownNames} have other names in the file (a private copy's, which GDAL reads apart): their columns
     * are named after the file's names, and keyed by GDAL's.
     */
    private static Map<String, String> stagingColumns(List<String> read, Map<String, String> ownNames) {
        List<String> fields =
                read.stream().map(f -> ownNames.getOrDefault(f, f)).toList();
        java.util.Set<String> taken = new java.util.HashSet<>(List.of("geom", "source_row"));
        Map<String, List<String>> alike = new java.util.HashMap<>();
        for (String field : fields) {
            taken.add(stagingName(field));
            alike.computeIfAbsent(stagingName(field), n -> new ArrayList<>()).add(field);
        }
        Map<String, String> columns = new java.util.LinkedHashMap<>();
        java.util.Set<String> used = new java.util.HashSet<>(List.of("geom", "source_row"));
        // a field read under another name than the file's is read under a column of the file's
        boolean clash = read.stream().anyMatch(ownNames::containsKey);
        int position = 0;
        for (String field : fields) {
            position++;
            String name = stagingName(field);
            if (caseTwin(field, alike.get(name))) {
                clash = true;
                name = field;
                used.add(name);
            } else if (name.isEmpty()) {
                clash = true;
                name = "field_" + position;
                for (int n = 2; taken.contains(name); n++) {
                    name = "field_" + position + "_" + n;
                }
                taken.add(name);
                used.add(name);
            } else if (!used.add(name)) {
                clash = true;
                String base = cut(name, MAX_IDENTIFIER_BYTES - 4);
                for (int n = 2; taken.contains(name); n++) {
                    name = base + "_" + n;
                }
                taken.add(name);
                used.add(name);
            }
            columns.put(read.get(position - 1), name);
        }
        return clash ? columns : Map.of();
    }

    /**
     * {@link #stagingColumns(List)} of the fields of a file but {@code leftOut}, which are not read:
     * when some are left out, every other field is listed, under its staging name; {@code ownNames}
     * the file's names of fields GDAL reads under others ({@code SourceFiles.Dataset#fieldNames}).
     */
    public static Map<String, String> stagingColumns(
            List<String> fields, List<String> leftOut, Map<String, String> ownNames) {
        List<String> read = fields.stream().filter(f -> !leftOut.contains(f)).toList();
        Map<String, String> columns = stagingColumns(read, ownNames);
        if (!columns.isEmpty() || read.size() == fields.size() || read.isEmpty()) {
            return columns;
        }
        Map<String, String> listed = new java.util.LinkedHashMap<>();
        read.forEach(f -> listed.put(f, stagingName(f)));
        return listed;
    }

    /**
     * Whether {@code field} keeps its own name in staging beside {@code alike}, the fields GDAL
     * would give its name: when they are several, all differ (a CSV file's column written twice is
     * read under a name with a number), and each differs from that name in the case of Latin letters
     * only (no character GDAL replaces, not cut, not the staging table's own {@code geom}).
     */
    private static boolean caseTwin(String field, List<String> alike) {
        String name = stagingName(field);
        return alike.size() > 1
                && alike.stream().distinct().count() == alike.size()
                && !name.equals("geom")
                && !name.equals("source_row")
                && alike.stream().allMatch(f -> lowerLatin(f).equals(name));
    }

    private static String lowerLatin(String field) {
        StringBuilder lowered = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char ch = field.charAt(i);
            lowered.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + ('a' - 'A')) : ch);
        }
        return lowered.toString();
    }

    /**
     * The names GDAL is to write {@code columns} (from {@link #stagingColumns}) under, by staging
     * column: GDAL's writer takes names that differ only in the case of Latin letters for one (it
     * lowers them, and numbers the second), so such a column is written under a name of its own in
     * lower case, and renamed to its column once read ({@link #renamedAfterLoad}); any other under its
     * column.
     */
    public static Map<String, String> gdalNames(Map<String, String> columns) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        columns.values().forEach(column -> taken.add(lowerLatin(column)));
        java.util.Set<String> used = new java.util.HashSet<>();
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String column : columns.values()) {
            String name = lowerLatin(column);
            if (!used.add(name)) {
                String base = cut(name, MAX_IDENTIFIER_BYTES - 4);
                for (int n = 2; taken.contains(name); n++) {
                    name = base + "_" + n;
                }
                taken.add(name);
                used.add(name);
            }
            out.put(column, name);
        }
        return out;
    }

    /**
     * The columns GDAL wrote under another name than their own ({@link #gdalNames}): the name it
     * wrote → the column's.
     */
    public static Map<String, String> renamedAfterLoad(Map<String, String> columns) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        gdalNames(columns).forEach((column, written) -> {
            if (!written.equals(column)) {
                out.put(written, column);
            }
        });
        return out;
    }

    /**
     * The fields {@link #stagingColumns} gives other names than GDAL would, with those names, keyed
     * by the name GDAL reads each under (the file's, unless {@code ownNames} gives it for another):
     * fields of one name in the file (three {@code Кадастровы} of a .dbf) are each one of them; a
     * field that keeps its own name is none of them.
     */
    public static Map<String, String> renamedFields(Map<String, String> columns, Map<String, String> ownNames) {
        Map<String, String> renamed = new java.util.LinkedHashMap<>();
        columns.forEach((read, column) -> {
            String field = ownNames.getOrDefault(read, read);
            if (!stagingName(field).equals(column) && !field.equals(column)) {
                renamed.put(read, column);
            }
        });
        return renamed;
    }

    /**
     * The column name GDAL gives a field in PostgreSQL (its LAUNDER option): Latin letters in lower
     * case (GDAL lowers no other letters: «Статус» stays a name of its own beside «статус»), with
     * {@code '}, {@code -} and {@code #} made {@code _}, cut to 63 bytes.
     */
    public static String stagingName(String field) {
        return cut(lowerLatin(field).replaceAll("['#-]", "_"), MAX_IDENTIFIER_BYTES);
    }

    private static String cut(String name, int bytes) {
        String out = name;
        while (out.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > bytes) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    /**
     * Copies one layer of {@code source} into a new table {@code staging.<table>} of the target, with
     * its geometry in column {@code geom} transformed to EPSG:4326 and multi-geometries promoted so a
     * layer mixing Polygon and MultiPolygon loads as one type, and the feature's position in the file
     * (from 1) in column {@code source_row}. Uses PostgreSQL's COPY into an unlogged table: staging is
     * work space, dropped after the import, and needs no write-ahead log.
     *
     * @return GDAL's warnings, one per line (for the import report)
     */
    public List<String> loadIntoStaging(Path source, PgTarget target, String table, ReadOptions options) {
        return load(source, target, table, options, false);
    }

    /**
     * Like {@link #loadIntoStaging}, adding the rows of another layer of the file to the staging
     * table {@code table}, numbered after its rows, with the fields it lacks added.
     */
    public List<String> appendToStaging(Path source, PgTarget target, String table, ReadOptions options) {
        return load(source, target, table, options, true);
    }

    /**
     * Copies the layers {@code layers} of {@code source} to the GeoPackage {@code target} with their
     * arcs made straight segments (32 to a quarter circle) where the file draws them, in its own
     * coordinate system. A file's arcs are arcs in its coordinates: GDAL, asked to read one into
     * EPSG:4326 and make it straight at once, moves the arc's three points to longitude and latitude
     * first and draws the arc through them there, where a circle of a projected file is an ellipse (a
     * round plot of 2,827 m² came out as 2,589 m², a semicircle of gas main up to 16 m off its
     * line). The copy keeps every field, as text where the file holds a date and time; it is then
     * read as the file would have been.
     */
    public void straighten(Path source, List<String> layers, String encoding, Path target) {
        for (String layer : layers) {
            if (layer.startsWith("-")) {
                throw new GdalException(
                        SourceProblem.NO_LAYER,
                        "the file's layer is named '" + layer + "'; a name starting with '-' cannot be read: rename"
                                + " the layer",
                        null);
            }
        }
        List<String> args = new ArrayList<>(List.of(
                "-f",
                "GPKG",
                target.toString(),
                source.toString(),
                "-nlt",
                "CONVERT_TO_LINEAR",
                "-dim",
                "XY",
                // the step PostGIS's ST_CurveToLine takes, and the map's: 90° / 32
                "--config",
                "OGR_ARC_STEPSIZE",
                "2.8125",
                // as the staging load reads them, with the offset written
                "-mapFieldType",
                "DateTime=String",
                "-gt",
                "65536"));
        args.addAll(openOptions(source, encoding));
        args.addAll(layers);
        run(args, null);
    }

    private List<String> load(Path source, PgTarget target, String table, ReadOptions options, boolean append) {
        if (options.sourceLayer() != null && options.sourceLayer().startsWith("-")) {
            // it would reach ogr2ogr as an option; the name comes from the file, which anyone may write
            throw new GdalException(
                    SourceProblem.NO_LAYER,
                    "the file's layer is named '" + options.sourceLayer() + "'; a name starting with '-' cannot be"
                            + " read: rename the layer",
                    null);
        }
        if (!table.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("staging table name must be a lower-case identifier: " + table);
        }
        List<String> args = new ArrayList<>(List.of(
                "-f",
                "PostgreSQL",
                target.gdalConnectionString(),
                source.toString(),
                "-nln",
                "staging." + table,
                "-nlt",
                options.geometryType(),
                // the rows are numbered from 1 in file order, whatever ids the file has
                "-unsetFid",
                "-lco",
                "GEOMETRY_NAME=geom",
                "-lco",
                "FID=source_row",
                "-lco",
                "SPATIAL_INDEX=NONE",
                // a work table, dropped after the import: no write-ahead log for it
                "-lco",
                "UNLOGGED=ON",
                "-lco",
                "PRECISION=NO",
                // GDAL types a GeoJSON property that holds numbers in some features and text in others
                // (0.796 and "0,796") as JSON, and PostgreSQL then refuses the text: read it as text
                "-mapFieldType",
                // and a date and time as written, with its offset (as a timestamp, 00:00 at +05:00
                // was the day before in the session's UTC)
                "String(JSON)=String,DateTime=String",
                // a width a file declares is not the width of its values: ArcGIS's JSON declares a date
                // 8 wide and holds 13 digits, which GDAL's writer would cut to the width
                "-unsetFieldWidth",
                // a field of a coded domain (ArcGIS, GeoPackage) comes with its codes' descriptions
                "-resolveDomains",
                "-gt",
                "65536",
                "--config",
                "PG_USE_COPY",
                "YES"));
        args.addAll(append ? List.of("-append", "-addfields") : List.of("-update"));
        // one transaction, in which the table is made and then left out of autovacuum: the importer
        // alters the table later (renames it, drops it), and a lock it waits for behind autovacuum is
        // given only when the server gives up on autovacuum after a second (deadlock_timeout). Its
        // queries of the table are planned for a table without statistics (FileComparison), which
        // autovacuum gathered or not by chance. The datasource's options are taken only by one
        // opened for update
        args.addAll(List.of(
                "-doo",
                "PRELUDE_STATEMENTS=BEGIN",
                "-doo",
                // a table appended to was made so
                append
                        ? "CLOSING_STATEMENTS=COMMIT"
                        : "CLOSING_STATEMENTS=ALTER TABLE staging." + table
                                + " SET (autovacuum_enabled = false, toast.autovacuum_enabled = false); COMMIT"));
        if (!options.asIs()) {
            // arcs of MapInfo and GeoPackage curves become segments; Z and M are dropped
            if (!(options.inWgs84() && options.sourceSrs() == null)) {
                args.addAll(List.of("-t_srs", "EPSG:4326"));
            }
            args.addAll(List.of("-nlt", "CONVERT_TO_LINEAR", "-dim", "XY"));
        }
        if (options.sourceSrs() != null) {
            args.addAll(List.of("-s_srs", options.sourceSrs()));
        }
        args.addAll(openOptions(source, options.encoding()));
        boolean styled = isMapInfo(source) && options.sourceLayer() != null;
        if (!options.columns().isEmpty() || styled) {
            // every field under its staging name (the geometry comes with them)
            args.addAll(List.of("-dialect", "OGRSQL", "-sql", renamingSelect(options, styled)));
        } else if (options.sourceLayer() != null) {
            args.add(options.sourceLayer());
        }
        String said = run(args, target);
        String lost = said.lines()
                .filter(line ->
                        line.startsWith("ERROR") && RECORDS_LOST.stream().anyMatch(line::contains))
                .findFirst()
                .orElse(null);
        if (lost != null) {
            // GDAL goes on past a record it cannot read, and writes the feature without its geometry
            throw new GdalException(
                    SourceProblem.DAMAGED,
                    "the shapefile " + source.getFileName() + " is damaged or truncated: its .shp does not hold"
                            + " the geometries its index (.shx) promises (GDAL: "
                            + lost.replaceFirst("^ERROR \\d+: ", "") + "); export it again. Nothing was imported",
                    null);
        }
        return worded(said.lines()
                .filter(line -> line.startsWith("Warning"))
                // a value GDAL read whole though not in the form the format wants: nothing to do
                .filter(line -> !line.contains("successfully parsed"))
                // appending to the table the first layer made: its creation options are its own
                .filter(line -> !(append && line.contains("creation options ignored")))
                // a polygon GDAL cannot sort into outlines and holes (a ring of fewer than 4 points):
                // the feature's own line of the report says what is wrong with it, by its number,
                // where GDAL names it by its fid, one less
                .filter(line -> UNORGANIZED.stream().noneMatch(line::contains))
                .toList());
    }

    /** GDAL's words for a polygon it kept as it was, its rings not sorted into outlines and holes. */
    private static final List<String> UNORGANIZED =
            List.of("organizePolygons() received an unexpected geometry", "cannot be translated to Simple Geometry");

    /** GDAL's words for a Shapefile's record it could not read, after which it goes on. */
    private static final List<String> RECORDS_LOST =
            List.of("Error in fread() reading object", "Corrupted .shp file", "failed on DBF file");

    /**
     * GDAL's "Non closed ring detected" as the report says it (the template of its detail {@code
     * gdal_unclosed_ring}). GDAL says it more than once for one outline (twice for a GeoJSON's), so its
     * count is no count of outlines, and none is given.
     */
    public static final String UNCLOSED_RING = "one or more outlines of the file were not closed (their last point is"
            + " not their first): they were closed; GDAL, which reads the file, does not say which features'";

    /**
     * GDAL's warnings as the report says them: each once, with how many times it came, and those a
     * person cannot act on in GDAL's words (its configuration options) in plain ones.
     */
    static List<String> worded(List<String> warnings) {
        java.util.Map<String, Integer> counted = new java.util.LinkedHashMap<>();
        for (String warning : warnings) {
            counted.merge(warning.contains("Non closed ring detected") ? UNCLOSED_RING : warning, 1, Integer::sum);
        }
        return counted.entrySet().stream()
                .map(e -> e.getValue() == 1 || e.getKey().equals(UNCLOSED_RING)
                        ? e.getKey()
                        : e.getKey() + " (" + e.getValue() + " times)")
                .toList();
    }

    /**
     * The staging column of a MapInfo feature's style (GDAL's {@code OGR_STYLE}): a Text object, a
     * caption written on the map, is read as a point whose only trace of its text is its style,
     * {@code LABEL(t:"Ду150",…)}.
     */
    public static final String STYLE_COLUMN = "ogr_style";

    private static String renamingSelect(ReadOptions options, boolean styled) {
        Map<String, String> written = gdalNames(options.columns());
        String fields = options.columns().isEmpty()
                ? "*"
                : options.columns().entrySet().stream()
                        .map(e -> quoted(e.getKey()) + " AS " + quoted(written.get(e.getValue())))
                        .collect(java.util.stream.Collectors.joining(", "));
        return "SELECT " + fields + (styled ? ", OGR_STYLE AS " + quoted(STYLE_COLUMN) : "") + " FROM "
                + quoted(options.sourceLayer());
    }

    /** Whether {@code source} is a MapInfo table, TAB or MIF/MID. */
    private static boolean isMapInfo(Path source) {
        String name = source.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".tab") || name.endsWith(".mif");
    }

    /**
     * Whether GDAL may rebuild the .shx of the Shapefile {@code source} (or of each of the folder
     * {@code source}'s) from its .shp: when it has none, or when its .shp's records, read from
     * length to length, end at its end.
     */
    private static boolean restorable(Path source) {
        boolean folder = java.nio.file.Files.isDirectory(source);
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(
                folder ? source : source.toAbsolutePath().getParent())) {
            List<Path> all = files.toList();
            java.util.Set<String> names = new java.util.HashSet<>();
            all.forEach(f -> names.add(f.getFileName().toString().toLowerCase(java.util.Locale.ROOT)));
            return (folder ? all.stream() : java.util.stream.Stream.of(source))
                    .filter(f -> f.getFileName()
                            .toString()
                            .toLowerCase(java.util.Locale.ROOT)
                            .endsWith(".shp"))
                    .allMatch(shp -> {
                        String name = shp.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                        try {
                            return !names.contains(name.substring(0, name.length() - 4) + ".shx")
                                    || recordsEndAtItsEnd(shp);
                        } catch (IOException e) {
                            // GDAL says what is wrong with a file that cannot be read
                            return true;
                        }
                    });
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Whether the records of the .shp {@code shp}, each after the one before by the length its header
     * gives, numbered 1, 2, 3 …, end exactly where the file does.
     */
    static boolean recordsEndAtItsEnd(Path shp) throws IOException {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(shp)) {
            long size = channel.size();
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(8);
            long at = 100;
            int expected = 1;
            while (at < size) {
                header.clear();
                if (at + 8 > size || channel.read(header, at) < 8) {
                    return false;
                }
                long length = 2L * header.getInt(4);
                if (header.getInt(0) != expected++ || length < 4 || at + 8 + length > size) {
                    return false;
                }
                at += 8 + length;
            }
            return at == size;
        }
    }

    /** An identifier of OGR SQL: in double quotes, a quote inside escaped by a backslash (and nothing else). */
    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\\\"") + "\"";
    }

    /** GDAL open options and settings for reading {@code source} the way land departments' files need. */
    static List<String> openOptions(Path source, String encoding) {
        String name = source.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        // a folder other than a File Geodatabase is one of Shapefiles (SourceFiles), read as its layers
        boolean shapefiles = name.endsWith(".shp") || java.nio.file.Files.isDirectory(source) && !name.endsWith(".gdb");
        List<String> args = new ArrayList<>();
        if (shapefiles && restorable(source)) {
            // a missing .shx is rebuilt (in the private copy, never in the user's folder), and so is
            // one that disagrees with its .shp (a stale index, an entry short), from the .shp's own
            // records, read from length to length. Not when a record's length is damaged: that walk
            // then swallowed every record after it into one (one plot of 30 read, the other 29 taken
            // off the map), where the .shx holds each record's place
            args.addAll(List.of("--config", "SHAPE_RESTORE_SHX", "YES"));
        }
        if (shapefiles) {
            // the rings of a plot are its outline and holes by which lies inside which, as a map draws
            // them: CAD programs and some converters write them the other way round from the
            // Shapefile specification, and read by their direction, a plot with a hole became a hole
            // outside its outline (rejected), or its outline and hole two plots laid over each other
            args.addAll(List.of("--config", "OGR_ORGANIZE_POLYGONS", "DEFAULT"));
        }
        if (name.endsWith(".geojson") || name.endsWith(".json")) {
            // a list in one feature's property typed the property a list, and every feature's value
            // of it a PostgreSQL array literal («{20-321-121-003}»): read as JSON text, as an object
            // is, the others keep their values as written (GeoJsonProperties finds the lists). A
            // setting, not an open option, which the ESRI JSON driver would warn of
            args.addAll(List.of("--config", "OGR_GEOJSON_ARRAY_AS_STRING", "YES"));
        }
        // GDAL's MapInfo driver has no such option: a MapInfo table's private copy is made to name the
        // code page GDAL reads it in (SourceFiles)
        if (encoding != null && shapefiles) {
            args.addAll(List.of("-oo", "ENCODING=" + kz.adalmap.importers.source.CodePages.gdalName(encoding)));
        }
        if (kz.adalmap.importers.source.SourceFiles.SPREADSHEETS.contains(name.substring(name.lastIndexOf('.') + 1))) {
            // a sheet's first row names its columns, even when every cell of the sheet is text
            args.addAll(List.of(
                    "--config",
                    "OGR_XLSX_HEADERS",
                    "FORCE",
                    "--config",
                    "OGR_ODS_HEADERS",
                    "FORCE",
                    "--config",
                    "OGR_XLS_HEADERS",
                    "FORCE"));
        }
        if (name.endsWith(".csv")) {
            args.addAll(List.of(
                    "-oo", "GEOM_POSSIBLE_NAMES=" + String.join(",", CSV_GEOMETRY_NAMES),
                    "-oo", "KEEP_GEOM_COLUMNS=NO",
                    "-oo", "AUTODETECT_TYPE=NO"));
            // GDAL prefers a point of X and Y to the WKT beside them (a plot's centre next to its outline)
            if (!hasWktColumn(source)) {
                args.addAll(List.of(
                        "-oo", "X_POSSIBLE_NAMES=" + String.join(",", CSV_LONGITUDE_NAMES),
                        "-oo", "Y_POSSIBLE_NAMES=" + String.join(",", CSV_LATITUDE_NAMES)));
            }
        }
        return args;
    }

    /** Whether the CSV file has a column of WKT by one of {@link #CSV_GEOMETRY_NAMES}. */
    private static boolean hasWktColumn(Path csv) {
        try {
            return kz.adalmap.importers.source.CsvHeader.names(csv).stream()
                    .anyMatch(n -> CSV_GEOMETRY_NAMES.contains(n.toLowerCase(java.util.Locale.ROOT)));
        } catch (IOException e) {
            // GDAL says what is wrong with the file
            return false;
        }
    }

    /**
     * Writes the sheet {@code sheet} of the workbook {@code workbook} (Excel or LibreOffice) as the
     * CSV file {@code csv}, in UTF-8, separated by commas: GDAL quotes every name and value holding
     * one, and its reader still takes a number kept as text with a decimal comma («76,95») for the
     * number it is.
     */
    public void sheetToCsv(Path workbook, String sheet, Path csv, long maxBytes) {
        if (sheet.startsWith("-")) {
            throw new GdalException(
                    SourceProblem.NO_LAYER, "the sheet '" + sheet + "' cannot be read: its name starts with '-'", null);
        }
        List<String> args = new ArrayList<>(List.of("-f", "CSV"));
        args.addAll(openOptions(workbook, null));
        args.addAll(List.of(csv.toString(), workbook.toString(), sheet));
        // a workbook is a zip: a sheet whose cells all point to one long shared text unpacks to gigabytes
        GdalProcess.run(
                executable,
                args,
                java.util.Map.of(),
                GdalProcess.READING,
                null,
                new GdalProcess.SizeLimit(
                        csv,
                        maxBytes,
                        SourceProblem.DECOMPRESSION_BOMB,
                        "the sheet '" + sheet + "' of " + workbook.getFileName() + " unpacks to more than "
                                + Math.round(maxBytes / 1024.0 / 1024.0) + " MB of text: it looks like a"
                                + " decompression bomb and was refused"));
    }

    /**
     * Writes the MapInfo table {@code tab} as the MIF/MID pair {@code mif}. A table that says {@code
     * Neutral} is written so too, its text's bytes as they are.
     */
    public void mapInfoToMif(Path tab, Path mif) {
        run(List.of("-f", "MapInfo File", "-dsco", "FORMAT=MIF", mif.toString(), tab.toString()), null);
    }

    /** Converts {@code source} to {@code destination} in GDAL format {@code format} (e.g. {@code GPKG}), appending a layer. */
    public void convert(Path source, Path destination, String format, String layerName) {
        run(List.of("-f", format, "-append", "-nln", layerName, destination.toString(), source.toString()), null);
    }

    private String run(List<String> args, PgTarget target) {
        return GdalProcess.run(executable, args, target == null ? java.util.Map.of() : target.gdalEnvironment());
    }
}
