package kz.adalmap.importers.gdal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.adalmap.importers.source.SourceProblem;

/**
 * What GDAL's {@code ogrinfo} says of a layer before it is loaded: its name, geometry type, number
 * of features, extent and whether it declares a coordinate system.
 */
public final class OgrInfo {

    private static final Pattern EXTENT = Pattern.compile(
            "^Extent: \\(([-0-9.eE+naif]+), ([-0-9.eE+naif]+)\\) - \\(([-0-9.eE+naif]+), ([-0-9.eE+naif]+)\\)",
            Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    /**
     * A field line of {@code ogrinfo -so}: {@code NAME: String (80.0)}, {@code DELIM: Integer(Boolean) (1.0)};
     * a GeoJSON property may have an empty name ({@code : String (0.0)}).
     */
    private static final Pattern FIELD = Pattern.compile(
            "^(.*): (?:Integer64List|IntegerList|RealList|StringList|Integer64|Integer|Real|String|DateTime|Date|Time"
                    + "|Binary)(?:\\(\\w+\\))? \\(.*\\).*$");

    private final String executable;

    public OgrInfo() {
        this(System.getenv().getOrDefault("ADALMAP_OGRINFO", "ogrinfo"));
    }

    public OgrInfo(String executable) {
        this.executable = executable;
    }

    /**
     * A layer's summary.
     *
     * @param extent minX, minY, maxX, maxY in the layer's own coordinates, or null when it has no features
     * @param srsWkt the declared coordinate system, or null when the file declares none
     * @param others the names of the file's other layers (when no layer was asked for)
     * @param fields the names of the layer's attribute fields, in file order
     * @param alike the names of the other layers, when no layer was asked for, that have features of a
     *     geometry type that fits as well as this one's: each of them could be the layer meant
     * @param geometryColumn the name of the geometry's column ({@code GEOMETRY} when the format names
     *     none, as a Shapefile's), as GDAL's SQL names it
     * @param aliases the fields' aliases, field → alias, for those that have one: the names an ArcGIS
     *     user sees («Адрес» for {@code MESTO}), GDAL's "alternative name"
     * @param types each field's type as ogrinfo names it ({@code Integer}, {@code String}…), field → type
     */
    public record Layer(
            String name,
            String geometryType,
            long featureCount,
            double[] extent,
            String srsWkt,
            List<String> others,
            List<String> fields,
            List<String> alike,
            String geometryColumn,
            Map<String, String> aliases,
            Map<String, String> types) {}

    /**
     * The layer named {@code layerName} of {@code source}, or with none named its first layer with
     * geometries and features (else its first).
     */
    public Layer describe(Path source, String layerName, String encoding) {
        return describe(source, layerName, encoding, geometry -> true);
    }

    /**
     * The layer named {@code layerName} of {@code source}, or with none named its first layer of
     * features whose geometry type (as ogrinfo names it: {@code Multi Polygon}, {@code Point},
     * {@code Unknown (any)}…) {@code fits}, else its first layer of features, else its first.
     */
    public Layer describe(Path source, String layerName, String encoding, Predicate<String> fits) {
        return describe(source, layerName, encoding, fits, fits);
    }

    /**
     * Like {@link #describe(Path, String, String, Predicate)}, with a second choice: with no layer
     * whose type {@code fits}, the first whose type {@code mayFit} (geometries of any type).
     */
    public Layer describe(
            Path source, String layerName, String encoding, Predicate<String> fits, Predicate<String> mayFit) {
        Listing listing = layerName == null ? blocks(source, null, encoding) : named(source, layerName, encoding);
        List<String> blocks = listing.blocks();
        // GDAL's KML and LIBKML drivers
        boolean kml = listing.driver().endsWith("KML");
        // a geodatabase or GeoPackage may list a table without geometry first, a KML an empty
        // folder, a GeoPackage of plots its labels' points: the first layer of features of the
        // kind the import takes is the one meant
        List<String> withFeatures = blocks.stream()
                .filter(b -> !"None".equals(line(b, "Geometry: ")) && !"0".equals(line(b, "Feature Count: ")))
                .toList();
        List<String> fitting = withFeatures.stream()
                .filter(b -> fits.test(String.valueOf(line(b, "Geometry: "))))
                .toList();
        if (fitting.isEmpty()) {
            fitting = withFeatures.stream()
                    .filter(b -> mayFit.test(String.valueOf(line(b, "Geometry: "))))
                    .toList();
        }
        String block =
                !fitting.isEmpty() ? fitting.get(0) : withFeatures.isEmpty() ? blocks.get(0) : withFeatures.get(0);
        List<String> others = blocks.stream()
                .filter(b -> !b.equals(block))
                .map(b -> line(b, "Layer name: "))
                .toList();
        List<String> alike = fitting.stream()
                .filter(b -> !b.equals(block))
                .map(b -> line(b, "Layer name: "))
                .toList();
        Layer layer = parse(block, others, alike);
        // a feature whose coordinates are no numbers (a CSV's WKT of -inf or 1e400, which GDAL reads as
        // infinite) gives the layer an infinite extent: the extent of the others is the file's, and
        // that feature is rejected on its row as one of NaN is
        return kml || !finite(layer.extent()) ? withExtentOfItsGeometries(source, layer, encoding) : layer;
    }

    /** Whether {@code extent} is null or of finite numbers. */
    private static boolean finite(double[] extent) {
        return extent == null || java.util.Arrays.stream(extent).allMatch(Double::isFinite);
    }

    /** A number as GDAL writes it, also {@code inf}, {@code -inf} and {@code nan}, which Java does not read. */
    static double gdalNumber(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan", "+nan" -> Double.NaN;
            default -> Double.parseDouble(t);
        };
    }

    /**
     * {@code layer} with the extent of its features' own coordinates. A KML driver's extent starts
     * from 180 and 180, as if every position were a longitude and a latitude, so for a KML written
     * in metres (a CAD export's Gauss–Krüger eastings) its smaller corner is no coordinate at all;
     * the positions themselves, read through GDAL's SQLite dialect, tell the true range. Features
     * whose coordinates are infinite or not numbers are no part of it. Unchanged when that cannot be
     * read; without an extent when no feature has finite coordinates.
     */
    private Layer withExtentOfItsGeometries(Path source, Layer layer, String encoding) {
        if (layer.extent() == null) {
            return layer;
        }
        String out;
        try {
            out = overGeometries(
                    source,
                    layer,
                    encoding,
                    "SELECT min(ST_MinX(%1$s)) AS min_x, min(ST_MinY(%1$s)) AS min_y, max(ST_MaxX(%1$s)) AS max_x,"
                            + " max(ST_MaxY(%1$s)) AS max_y FROM %2$s WHERE ST_MinX(%1$s) > -1e308 AND"
                            + " ST_MinY(%1$s) > -1e308 AND ST_MaxX(%1$s) < 1e308 AND ST_MaxY(%1$s) < 1e308");
        } catch (GdalException e) {
            return layer;
        }
        double[] extent = new double[4];
        String[] names = {"min_x", "min_y", "max_x", "max_y"};
        for (int i = 0; i < 4; i++) {
            Matcher m = Pattern.compile("(?m)^\\s*" + names[i] + " \\(Real\\) = ([-0-9.eE+]+)\\s*$")
                    .matcher(out);
            if (!m.find()) {
                return finite(layer.extent()) ? layer : withExtent(layer, null);
            }
            extent[i] = gdalNumber(m.group(1));
        }
        return withExtent(layer, extent);
    }

    private static Layer withExtent(Layer layer, double[] extent) {
        return new Layer(
                layer.name(),
                layer.geometryType(),
                layer.featureCount(),
                extent,
                layer.srsWkt(),
                layer.others(),
                layer.fields(),
                layer.alike(),
                layer.geometryColumn(),
                layer.aliases(),
                layer.types());
    }

    /**
     * Whether {@code source} has a layer {@code wanted} names ({@link #layerNamed}: itself, or one
     * that differs from it only in case).
     */
    public boolean hasLayer(Path source, String wanted, String encoding) {
        try {
            layerNamed(source, wanted, encoding);
            return true;
        } catch (GdalException e) {
            if (e.problem() == SourceProblem.NO_LAYER) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The listing of {@code source}'s layer {@code wanted}: one run of ogrinfo when the file has a
     * layer of exactly that name, as it mostly has (listing the layers first to find it took an eighth
     * of a second of every import); else that of the layer {@link #layerNamed} finds, or its refusal.
     */
    private Listing named(Path source, String wanted, String encoding) {
        if (!wanted.startsWith("-")) {
            List<String> args = new ArrayList<>(List.of("-ro", "-so"));
            args.addAll(Ogr2Ogr.openOptions(source, encoding));
            args.add(source.toString());
            args.add(wanted);
            String text = null;
            try {
                text = GdalProcess.run(executable, args, Map.of(), GdalProcess.DESCRIBING);
            } catch (GdalException e) {
                if (e.problem() != SourceProblem.UNREADABLE && e.problem() != SourceProblem.DAMAGED) {
                    // stopped, or not run at all: nothing is known of the file
                    throw e;
                }
                // no such layer, or a file ogrinfo cannot read: said below
            }
            Listing exact = text == null ? null : listing(text);
            if (exact != null
                    && exact.blocks().size() == 1
                    && wanted.equals(line(exact.blocks().get(0), "Layer name: "))) {
                return exact;
            }
        }
        return blocks(source, layerNamed(source, wanted, encoding), encoding);
    }

    private static final Pattern LISTED = Pattern.compile("^(?:\\d+|Layer): (.+?)(?: \\([^()]*\\))?$");

    /**
     * The name of {@code source}'s layer that {@code wanted} names: itself, or one that differs from
     * it only in case (GDAL compares names without regard to case in Latin letters only: «участки»
     * did not find «Участки»). A name no layer has is refused with the names there are.
     */
    private String layerNamed(Path source, String wanted, String encoding) {
        if (wanted.startsWith("-")) {
            throw new GdalException(
                    SourceProblem.NO_LAYER,
                    "there is no layer '" + wanted + "': a layer name cannot start with '-'",
                    null);
        }
        List<String> args = new ArrayList<>(List.of("-ro", "-q"));
        args.addAll(Ogr2Ogr.openOptions(source, encoding));
        args.add(source.toString());
        List<String> names = new ArrayList<>();
        try {
            for (String line : GdalProcess.run(executable, args, Map.of(), GdalProcess.DESCRIBING)
                    .lines()
                    .toList()) {
                Matcher m = LISTED.matcher(line.strip());
                if (m.matches()) {
                    names.add(m.group(1));
                }
            }
        } catch (GdalException e) {
            // the description that follows says what is wrong with the file
            return wanted;
        }
        if (names.contains(wanted)) {
            return wanted;
        }
        String folded = wanted.strip().toLowerCase(java.util.Locale.ROOT);
        for (String name : names) {
            if (name.toLowerCase(java.util.Locale.ROOT).equals(folded)) {
                return name;
            }
        }
        if (names.isEmpty()) {
            return wanted;
        }
        String shown = geodatabaseNames(source, names).get(catalogName(wanted));
        if (shown != null) {
            return shown;
        }
        throw new GdalException(
                SourceProblem.NO_LAYER,
                "there is no layer '" + wanted + "' in " + source.getFileName() + "; its layers are "
                        + String.join(", ", names),
                null);
    }

    /**
     * The names ArcGIS's catalog shows the feature classes {@code layers} of the File Geodatabase
     * {@code source} by, as {@link #catalogName} folds them, each → its layer: its alias
     * («Участки»), its path through its feature dataset ({@code \\Кадастр\\uchastki}, {@code
     * Кадастр/uchastki}) and that path by the alias ({@code Кадастр/Участки}). GDAL names a class by
     * its name alone; the geodatabase's catalog table (GDB_Items) holds the rest. Empty for any
     * other file.
     */
    private Map<String, String> geodatabaseNames(Path source, List<String> layers) {
        Map<String, String> out = new java.util.HashMap<>();
        if (!source.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gdb")) {
            return out;
        }
        String said;
        try {
            said = GdalProcess.run(
                    executable,
                    List.of("-ro", "-q", source.toString(), "-sql", "SELECT Name, Path, Definition FROM GDB_Items"),
                    Map.of(),
                    GdalProcess.DESCRIBING);
        } catch (GdalException e) {
            return out;
        }
        String name = null;
        String path = null;
        for (String line : said.lines().toList()) {
            String l = line.strip();
            if (l.startsWith("Name (String) = ")) {
                name = l.substring("Name (String) = ".length());
                path = null;
            } else if (l.startsWith("Path (String) = ") && name != null && layers.contains(name)) {
                path = l.substring("Path (String) = ".length());
                out.putIfAbsent(catalogName(path), name);
            } else if (path != null && l.contains("<AliasName>") && l.contains("</AliasName>")) {
                String alias = l.substring(l.indexOf("<AliasName>") + 11, l.indexOf("</AliasName>"))
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&apos;", "'")
                        .replace("&amp;", "&");
                if (!alias.isBlank()) {
                    out.putIfAbsent(catalogName(alias), name);
                    String folder = path.substring(0, Math.max(0, path.lastIndexOf('\\')));
                    out.putIfAbsent(catalogName(folder + "\\" + alias), name);
                }
                path = null;
            }
        }
        return out;
    }

    /**
     * A class's name or path as compared: {@code /} and {@code \\} alike, without a leading one,
     * blank space around it and the case of its letters ignored.
     */
    private static String catalogName(String name) {
        return name.strip().replace('\\', '/').replaceFirst("^/+", "").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * How many features of {@code layer} of {@code source} carry heights (Z) other than 0, and
     * how many measures (M) other than 0; null when that cannot be told (GDAL without SpatiaLite's
     * functions). Reads the whole layer: asked only of a layer whose type says it has either.
     */
    public long[] heightsAndMeasures(Path source, Layer layer, String encoding) {
        try {
            String out = overGeometries(
                    source,
                    layer,
                    encoding,
                    "SELECT sum(CASE WHEN ST_Is3D(%1$s) AND (ST_MinZ(%1$s) <> 0 OR ST_MaxZ(%1$s) <> 0) THEN 1"
                            + " ELSE 0 END) AS z, sum(CASE WHEN ST_IsMeasured(%1$s) AND (ST_MinM(%1$s) <> 0"
                            + " OR ST_MaxM(%1$s) <> 0) THEN 1 ELSE 0 END) AS m FROM %2$s");
            Matcher z =
                    Pattern.compile("(?m)^\\s*z \\(Integer[^)]*\\) = (\\d+)").matcher(out);
            Matcher m =
                    Pattern.compile("(?m)^\\s*m \\(Integer[^)]*\\) = (\\d+)").matcher(out);
            return z.find() && m.find() ? new long[] {Long.parseLong(z.group(1)), Long.parseLong(m.group(1))} : null;
        } catch (GdalException e) {
            return null;
        }
    }

    /**
     * What ogrinfo prints of {@code query} run through GDAL's SQLite dialect over the layer {@code layer}
     * of {@code source} read in {@code encoding}: {@code %1$s} in it stands for the layer's geometry
     * column, {@code %2$s} for the layer, each quoted.
     */
    private String overGeometries(Path source, Layer layer, String encoding, String query) {
        List<String> args = new ArrayList<>(List.of("-ro", "-q", "-dialect", "SQLite", "-sql"));
        args.add(query.formatted(
                '"' + layer.geometryColumn().replace("\"", "\"\"") + '"',
                '"' + layer.name().replace("\"", "\"\"") + '"'));
        args.addAll(Ogr2Ogr.openOptions(source, encoding));
        args.add(source.toString());
        return GdalProcess.run(executable, args, Map.of(), GdalProcess.DESCRIBING);
    }

    /** Every layer of {@code source} (a workbook's sheets), in the file's order; {@code others} empty. */
    public List<Layer> layers(Path source, String encoding) {
        return blocks(source, null, encoding).blocks().stream()
                .map(b -> parse(b, List.of(), List.of()))
                .toList();
    }

    /** The name of the driver GDAL read a file with ({@code ""} when not told), and ogrinfo's summary of its layers. */
    private record Listing(String driver, List<String> blocks) {}

    private static final Pattern DRIVER = Pattern.compile("using driver `([^']*)' successful");

    /** ogrinfo's summary of each layer of {@code source}, or of the one named {@code layerName}. */
    private Listing blocks(Path source, String layerName, String encoding) {
        List<String> args = new ArrayList<>(List.of("-ro", "-so"));
        args.addAll(Ogr2Ogr.openOptions(source, encoding));
        args.add(source.toString());
        if (layerName != null) {
            if (layerName.startsWith("-")) {
                throw new GdalException(
                        SourceProblem.NO_LAYER,
                        "there is no layer '" + layerName + "': a layer name cannot start with '-'",
                        null);
            }
            args.add(layerName);
        } else {
            args.add("-al");
        }
        String text;
        try {
            text = GdalProcess.run(executable, args, Map.of(), GdalProcess.DESCRIBING);
        } catch (GdalException e) {
            if (e.problem() != SourceProblem.UNREADABLE && e.problem() != SourceProblem.DAMAGED) {
                // stopped, or not run at all: nothing is known of the file
                throw e;
            }
            String damage = geoPackageDamage(source);
            if (damage != null) {
                throw new GdalException(SourceProblem.DAMAGED, damage, e);
            }
            if (e.problem() == SourceProblem.DAMAGED) {
                // damaged in a way GDAL's words tell: the file named before what is wrong with it
                throw new GdalException(SourceProblem.DAMAGED, source.getFileName() + ": " + e.getMessage(), e);
            }
            if (rasterGeoPackage(source)) {
                // GDAL opens a GeoPackage of tiles only as a raster, and ogrinfo then finds no file at all
                throw new GdalException(
                        SourceProblem.NO_FEATURES,
                        "the GeoPackage " + source.getFileName() + " holds a raster (map image tiles, or a grid of"
                                + " values such as heights), not features: there is nothing in it to import; export"
                                + " the vector layer (the plots' or networks' outlines and their attributes) as a"
                                + " GeoPackage, Shapefile or GeoJSON instead",
                        e);
            }
            String plain = plainSqlite(source);
            if (plain != null) {
                throw new GdalException(SourceProblem.UNSUPPORTED_FORMAT, plain, e);
            }
            throw new GdalException(
                    "GDAL cannot read " + source.getFileName() + ": it is not in a format GDAL knows,"
                            + " or it is damaged ("
                            + e.getMessage().replaceFirst("^GDAL could not read or write the data: ", "")
                            + ")",
                    e);
        }
        Listing listing = listing(text);
        if (listing == null) {
            throw new GdalException(SourceProblem.NO_LAYER, "GDAL found no layer in " + source.getFileName(), null);
        }
        return listing;
    }

    /** What ogrinfo's summary {@code text} lists, layer by layer; null when it lists none. */
    private static Listing listing(String text) {
        List<String> blocks = new ArrayList<>();
        for (int start = text.indexOf("Layer name: "); start >= 0; ) {
            int next = text.indexOf("\nLayer name: ", start + 1);
            blocks.add(next < 0 ? text.substring(start) : text.substring(start, next + 1));
            start = next < 0 ? -1 : next + 1;
        }
        if (blocks.isEmpty()) {
            return null;
        }
        // the tables QGIS keeps in a GeoPackage beside its layers, the layers' styles and its project,
        // are no data of the office's: not counted as the file's layers when it has others
        List<String> data = blocks.stream().filter(b -> !qgisTable(b)).toList();
        Matcher driver = DRIVER.matcher(text.substring(0, text.indexOf("Layer name: ")));
        return new Listing(driver.find() ? driver.group(1) : "", data.isEmpty() ? blocks : data);
    }

    /**
     * Whether a layer's {@code block} is a table QGIS writes into a GeoPackage beside its layers:
     * {@code layer_styles}, the styles saved with them, or {@code qgis_projects}, a project saved in
     * the file; known by the name and the fields QGIS gives each, and by their having no geometry.
     */
    private static boolean qgisTable(String block) {
        if (!"None".equals(line(block, "Geometry: "))) {
            return false;
        }
        String name = line(block, "Layer name: ");
        List<String> fields = fields(block);
        return "layer_styles".equals(name) && fields.containsAll(List.of("f_table_name", "styleQML"))
                || "qgis_projects".equals(name) && fields.containsAll(List.of("name", "metadata", "content"));
    }

    /** The tables of a GeoPackage that hold geometries, and whether its two tables of contents list each. */
    private static final String LISTED_TABLES = "SELECT m.name AS name,"
            + " (SELECT count(*) FROM gpkg_contents c WHERE c.table_name = m.name) AS listed,"
            + " (SELECT count(*) FROM gpkg_contents c WHERE c.table_name = m.name AND c.data_type = 'features')"
            + " AS features,"
            + " (SELECT count(*) FROM gpkg_geometry_columns g WHERE g.table_name = m.name) AS described"
            + " FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'gpkg%'"
            + " AND m.name NOT LIKE 'rtree%' AND m.name NOT LIKE 'sqlite%'"
            + " AND (m.sql LIKE '%POLYGON%' OR m.sql LIKE '%POINT%' OR m.sql LIKE '%LINESTRING%'"
            + " OR m.sql LIKE '%GEOMETRY%')";

    private static final Pattern LISTED_ROW = Pattern.compile(
            "(?m)^\\s*name \\(String\\) = (.*)\\R\\s*listed \\(Integer\\) = (\\d+)\\R\\s*features \\(Integer\\) ="
                    + " (\\d+)\\R\\s*described \\(Integer\\) = (\\d+)");

    /**
     * What is wrong with the GeoPackage {@code source}, in a clerk's words, or null when it is no
     * SQLite database or looks whole: cut short of the pages its header counts, malformed as SQLite
     * finds it, or a table of features its tables of contents ({@code gpkg_contents}, {@code
     * gpkg_geometry_columns}) do not list, which GDAL then does not see (it said "a raster", or "no
     * geometry"). Asked only when GDAL found no vector layer, no feature or no geometry in the file,
     * never of one it reads: its 100-byte header, then one run of ogrinfo through GDAL's SQLite
     * driver, which lists the tables without reading their rows.
     */
    public String geoPackageDamage(Path source) {
        byte[] head;
        long size;
        try (InputStream in = Files.newInputStream(source)) {
            head = in.readNBytes(100);
            size = Files.size(source);
        } catch (IOException e) {
            return null;
        }
        byte[] magic = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        if (head.length < 100 || !Arrays.equals(Arrays.copyOf(head, magic.length), magic)) {
            return null;
        }
        java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(head);
        int pageSize = header.getShort(16) & 0xffff;
        if (pageSize == 1) {
            pageSize = 65536;
        }
        long pages = header.getInt(28) & 0xffffffffL;
        String name = String.valueOf(source.getFileName());
        // the count of pages is kept up to date only when the two change counters agree
        if (header.getInt(24) == header.getInt(92) && pages > 0 && size < pages * pageSize) {
            return "the GeoPackage " + name + " is cut short: it holds " + size + " bytes of the " + pages * pageSize
                    + " its header counts (it was not copied whole); copy it again from where it was made";
        }
        String out;
        try {
            out = GdalProcess.run(
                    executable,
                    List.of("-ro", "-q", "SQLITE:" + source, "-sql", LISTED_TABLES),
                    Map.of(),
                    GdalProcess.DESCRIBING);
        } catch (GdalException e) {
            String message = String.valueOf(e.getMessage());
            if (e.problem() == SourceProblem.DAMAGED) {
                return "the GeoPackage " + name + " is damaged: "
                        + message.replaceFirst("^the GeoPackage is damaged: ", "");
            }
            if (message.contains("no such table: gpkg_")) {
                return "the GeoPackage " + name + " is damaged: its table of contents (gpkg_contents or"
                        + " gpkg_geometry_columns) is missing, so its layers cannot be found; save it again from the"
                        + " program that made it";
            }
            return null;
        }
        Matcher row = LISTED_ROW.matcher(out);
        while (row.find()) {
            boolean listed = !row.group(2).equals("0");
            boolean features = !row.group(3).equals("0");
            boolean described = !row.group(4).equals("0");
            // a table listed as attributes alone may have a column of any name: not a table of features
            if (!listed || features && !described) {
                return "the GeoPackage " + name + " is damaged: its table of contents ("
                        + (listed
                                ? "gpkg_geometry_columns"
                                : described ? "gpkg_contents" : "gpkg_contents and gpkg_geometry_columns")
                        + ") does not list its table '" + row.group(1).strip() + "', which holds features, so GDAL"
                        + " does not see them; save it again from the program that made it (QGIS: Export › Save"
                        + " Features As)";
            }
        }
        return null;
    }

    /**
     * What ogrinfo prints of {@code query} run read-only on {@code source} (a path, or a driver's
     * prefix and a path), its rows as "name (Type) = value" lines; null when it cannot be run.
     */
    private String sql(String source, String query) {
        try {
            return GdalProcess.run(
                    executable, List.of("-ro", "-q", source, "-sql", query), Map.of(), GdalProcess.DESCRIBING);
        } catch (GdalException e) {
            return null;
        }
    }

    /**
     * The fids of the GeoPackage layer {@code layer} of {@code source} (the numbers QGIS shows a
     * feature by, which deletions leave with gaps) as runs of features, in the order GDAL reads them
     * (by fid): {@code [from, shift]}, the feature at a position from {@code from[i]} on having the fid
     * position + {@code shift[i]}; null when the fids are the positions themselves (1 to n) or cannot
     * be told. {@code read} is how many features GDAL read from the layer: when the first fid is 1 and
     * the last is {@code read}, the fids are 1 to n. A run of ogrinfo through SQLite asks for those two
     * from the table's key, without reading its rows: each in a query of its own, as SQLite looks up a
     * lone {@code min} or {@code max} in the key but reads every row for both in one (0.36 s against
     * 0.07 s for a million plots); a file with gaps in its fids is asked for its runs by a second run,
     * which numbers every row.
     */
    public long[][] geoPackageFids(Path source, String layer, long read) {
        String table = "\"" + layer.replace("\"", "\"\"") + "\"";
        String ends = sql(
                source.toString(),
                "SELECT (SELECT min(rowid) FROM " + table + ") = 1 AND (SELECT max(rowid) FROM " + table + ") = " + read
                        + " AS in_order");
        if (ends != null && ends.matches("(?s).*\\bin_order \\(Integer(?:64)?\\) = 1\\b.*")) {
            return null;
        }
        String out = sql(
                source.toString(),
                "SELECT min(rn) AS run_from, fid - rn AS run_shift FROM (SELECT rowid AS fid,"
                        + " row_number() OVER (ORDER BY rowid) AS rn FROM " + table
                        + ") GROUP BY fid - rn ORDER BY run_from");
        if (out == null) {
            return null;
        }
        Matcher run = Pattern.compile("(?m)^\\s*run_from \\(Integer(?:64)?\\) = (-?\\d+)\\R\\s*run_shift"
                        + " \\(Integer(?:64)?\\) = (-?\\d+)")
                .matcher(out);
        List<long[]> runs = new ArrayList<>();
        while (run.find()) {
            long[] r = {Long.parseLong(run.group(1)), Long.parseLong(run.group(2))};
            // the first features, where the fid is the position, need no run
            if (!(runs.isEmpty() && r[0] == 1 && r[1] == 0)) {
                runs.add(r);
            }
        }
        if (runs.isEmpty()) {
            return null;
        }
        return new long[][] {
            runs.stream().mapToLong(r -> r[0]).toArray(),
            runs.stream().mapToLong(r -> r[1]).toArray()
        };
    }

    /**
     * What {@code source}, a file read as a GeoPackage, is when it is an SQLite database with none of
     * GeoPackage's tables ({@code gpkg_contents}, {@code gpkg_spatial_ref_sys}…) and does not say it is
     * one (the application id GPKG in its header), as a program's own database renamed .gpkg: in a
     * clerk's words, naming its tables; else null. Asked only of a file GDAL could not open: one run of
     * ogrinfo through GDAL's SQLite driver, which lists the tables without reading their rows.
     */
    String plainSqlite(Path source) {
        if (!source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gpkg")) {
            return null;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(source)) {
            head = in.readNBytes(100);
        } catch (IOException e) {
            return null;
        }
        byte[] magic = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        if (head.length < 100
                || !Arrays.equals(Arrays.copyOf(head, magic.length), magic)
                || java.nio.ByteBuffer.wrap(head).getInt(68) == 0x47504B47) {
            return null;
        }
        String out = sql(
                "SQLITE:" + source,
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                        + " AND name NOT LIKE 'sqlite%' ORDER BY name");
        if (out == null) {
            return null;
        }
        List<String> tables = new ArrayList<>();
        Matcher name = Pattern.compile("(?m)^\\s*name \\(String\\) = (.*)$").matcher(out);
        while (name.find()) {
            tables.add(name.group(1).strip());
        }
        if (tables.stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).startsWith("gpkg_"))) {
            return null;
        }
        int shown = Math.min(tables.size(), 10);
        return "the file " + source.getFileName() + " is an SQLite database, not a GeoPackage: it has none of"
                + " GeoPackage's tables (gpkg_contents, gpkg_spatial_ref_sys), "
                + (tables.isEmpty()
                        ? "nor any table of its own"
                        : "only tables of its own (" + String.join(", ", tables.subList(0, shown))
                                + (tables.size() > shown ? " and " + (tables.size() - shown) + " more" : "") + ")")
                + ", as a program's own database renamed .gpkg; export the layer as a GeoPackage from the program"
                + " that keeps it (QGIS: Export › Save Features As…, format GeoPackage), or as a Shapefile, and"
                + " import that";
    }

    /**
     * Whether {@code source} is a GeoPackage (an SQLite database) with tables of tiles: GeoPackage's
     * {@code gpkg_tile_matrix} table, which map image tiles and gridded coverages need and vector
     * layers do not, is named in its schema. Only asked of a file GDAL could not open as vector data,
     * so a GeoPackage of tiles beside features never comes here. Reads the file once (the schema
     * can lie anywhere in it).
     */
    static boolean rasterGeoPackage(Path source) {
        byte[] header = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        String wanted = "gpkg_tile_matrix";
        try (InputStream in = Files.newInputStream(source)) {
            if (!Arrays.equals(in.readNBytes(header.length), header)) {
                return false;
            }
            // blocks read with the end of the one before, so that a name across two is found
            String carried = "";
            for (byte[] block = in.readNBytes(1 << 16); block.length > 0; block = in.readNBytes(1 << 16)) {
                String text = carried + new String(block, StandardCharsets.ISO_8859_1);
                if (text.contains(wanted)) {
                    return true;
                }
                carried = text.substring(Math.max(0, text.length() - wanted.length() + 1));
            }
            return false;
        } catch (IOException e) {
            // GDAL's own words say what is wrong with it
            return false;
        }
    }

    private static Layer parse(String block, List<String> others, List<String> alike) {
        String name = line(block, "Layer name: ");
        String geometry = line(block, "Geometry: ");
        String count = line(block, "Feature Count: ");
        double[] extent = null;
        Matcher m = EXTENT.matcher(block);
        if (m.find()) {
            extent = new double[] {
                gdalNumber(m.group(1)), gdalNumber(m.group(2)), gdalNumber(m.group(3)), gdalNumber(m.group(4))
            };
        }
        String srs = null;
        int wkt = block.indexOf("Layer SRS WKT:\n");
        if (wkt >= 0) {
            String rest = block.substring(wkt + "Layer SRS WKT:\n".length());
            if (!rest.startsWith("(unknown)")) {
                int end = rest.indexOf("\nData axis to CRS axis mapping");
                srs = end < 0 ? rest.lines().findFirst().orElse(null) : rest.substring(0, end);
            }
        }
        return new Layer(
                name,
                geometry == null ? "Unknown" : geometry,
                count == null ? -1 : Long.parseLong(count.trim()),
                extent,
                srs,
                others,
                fields(block),
                alike,
                Objects.requireNonNullElse(line(block, "Geometry Column = "), "GEOMETRY"),
                described(block, ALIAS),
                described(block, TYPE));
    }

    /** What ogrinfo says after a field's name and type of its alternative name (an ArcGIS alias). */
    private static final Pattern ALIAS = Pattern.compile(", alternative name=\"(.*?)\"(?:, |$)");

    private static final Pattern TYPE = Pattern.compile("^(\\w+)");

    /**
     * Of each field of the layer's block, {@code pattern}'s first group in what ogrinfo writes after
     * its name (its type and the rest): field → that, for the fields that have it.
     */
    private static Map<String, String> described(String block, Pattern pattern) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        List<String> names = fields(block);
        int next = 0;
        for (String line : block.lines().toList()) {
            if (next < names.size() && FIELD.matcher(line).matches()) {
                String name = names.get(next);
                String lastLine = name.substring(name.lastIndexOf('\n') + 1);
                if (!line.startsWith(lastLine + ": ")) {
                    continue;
                }
                next++;
                Matcher m = pattern.matcher(line.substring(lastLine.length() + 2));
                if (m.find() && !m.group(1).isBlank()) {
                    out.put(name, m.group(1));
                }
            }
        }
        return out;
    }

    /**
     * The field names of a layer's block, in order. ogrinfo prints a name as it is, so a name with a
     * line break in it (a GeoJSON property can have one) spans lines: the lines after the layer's
     * header that are no field of their own begin the next field's name.
     */
    private static List<String> fields(String block) {
        List<String> lines = block.lines().toList();
        int start = -1;
        int first = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (FIELD.matcher(l).matches()) {
                first = i;
                break;
            }
            if (l.startsWith("Data axis to CRS axis mapping:")
                    || l.startsWith("FID Column = ")
                    || l.startsWith("Geometry Column")
                    || l.equals("(unknown)")) {
                start = i + 1;
            }
        }
        // without the lines that end the header, the fields begin at the first one
        start = start < 0 ? first : start;
        List<String> names = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : lines.subList(start, lines.size())) {
            Matcher m = FIELD.matcher(line);
            if (m.matches()) {
                names.add(pending + m.group(1));
                pending.setLength(0);
            } else {
                pending.append(line).append('\n');
            }
        }
        return names;
    }

    private static String line(String block, String prefix) {
        return block.lines()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).trim())
                .findFirst()
                .orElse(null);
    }
}
