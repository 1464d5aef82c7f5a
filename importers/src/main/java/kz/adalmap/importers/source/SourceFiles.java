package kz.adalmap.importers.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import kz.adalmap.importers.report.Detail;

/**
 * Makes the private copy of a user's file that an import reads (GDAL may write beside the data, for
 * example a rebuilt {@code .shx}; the user's file is never touched), unpacking a zip on the way, and
 * finds the dataset to read in it.
 *
 * <p>A zip is unpacked entry by entry with limits: no entry may leave the folder ({@code ../},
 * absolute paths), the unpacked size is capped, and so is the ratio of unpacked to packed bytes, so
 * that a decompression bomb stops after a few megabytes instead of filling the disk.
 */
public final class SourceFiles {

    /**
     * The formats read, in the order a dataset is looked for inside a folder or zip; {@code gdb} is
     * ArcGIS's File Geodatabase, a folder of tables.
     */
    static final List<String> DATASET_EXTENSIONS = List.of(
            "shp",
            "gdb",
            "gpkg",
            "geojson",
            "json",
            "geojsonl",
            "geojsons",
            "kml",
            "kmz",
            "tab",
            "mif",
            "csv",
            "xlsx",
            "ods",
            "xls");

    /**
     * Formats whose files hold drawn features by themselves, as a GIS exports a layer: of these, an
     * archive holding files of two formats is refused unless one is named. The others (CSV,
     * workbooks, JSON) may be tables of values a department sends beside the drawing.
     */
    private static final List<String> DRAWN =
            List.of("shp", "gdb", "gpkg", "geojson", "geojsonl", "geojsons", "kml", "kmz", "tab", "mif");

    /** Formats whose file may hold several layers (or folders), one of which the layer in the file names. */
    private static final List<String> MANY_LAYERS = List.of("gdb", "gpkg", "kml", "kmz");

    /** Workbooks: each sheet is read as a CSV file ({@link #sheetRead}). */
    public static final List<String> SPREADSHEETS = List.of("xlsx", "ods", "xls");

    /**
     * Single files that GDAL opens read-only and never writes beside: a private name for them is
     * enough (a hard link in the work folder, where SQLite puts its journal files), and a file of
     * hundreds of megabytes is not copied. Shapefiles and MapInfo tables are copied: GDAL may
     * rebuild their index files.
     */
    static final List<String> READ_ONLY =
            List.of("gpkg", "geojson", "json", "geojsonl", "geojsons", "kml", "kmz", "csv", "xlsx", "ods", "xls");

    private static final int MAX_ENTRIES = 10_000;
    private static final long MAX_RATIO = 200;

    /**
     * What a zip may unpack to, whatever its size: a .dbf of many empty text fields, as ArcGIS and
     * MapInfo export them, is mostly spaces and packs hundreds of times (36 MB into a zip of 140 KB);
     * a decompression bomb goes on past this (or a quarter of the limit of what a zip may unpack to,
     * when that is less), and then past {@link #MAX_RATIO} times its zip.
     */
    private static final long RATIO_FROM = 256L * 1024 * 1024;

    private final long maxUnpackedBytes;
    private final MapInfoConverter mapInfoConverter;

    /** Writes a MapInfo table (.tab) as a MIF/MID pair, its text's bytes as they are. */
    @FunctionalInterface
    public interface MapInfoConverter {
        void toMif(Path tab, Path mif);
    }

    /** @param maxUnpackedBytes the largest a source may be once unpacked */
    public SourceFiles(long maxUnpackedBytes) {
        this(maxUnpackedBytes, null);
    }

    /**
     * @param mapInfoConverter writes a MapInfo table in a code page a .tab cannot name (CP866, PT154) as
     *     MIF/MID, read then in that code page; null to refuse such a table
     */
    public SourceFiles(long maxUnpackedBytes, MapInfoConverter mapInfoConverter) {
        this.maxUnpackedBytes = maxUnpackedBytes;
        this.mapInfoConverter = mapInfoConverter;
    }

    /**
     * The dataset GDAL should open, inside {@code workDir}, a note of anything worth reporting, and
     * the code page guessed for a Shapefile whose DBF does not declare one or declares UTF-8 wrongly,
     * or for a CSV file or a MapInfo table ({@code Charset "Neutral"}) that is not UTF-8 (else null; a
     * note says so), and whether the layer the user named is this file, which holds that one layer
     * only (or a KML file's folder, whose placemarks alone the file now holds), and the fields GDAL
     * adds to the file's own that carry none of its data, which are not read; and the coordinate
     * system the file names in a way GDAL does not read (a CSV's EWKT, {@code SRID=32644;POLYGON…}),
     * else null; the fields the private copy names otherwise than the file, by the name GDAL reads
     * them under, each with the file's name (a KML's {@code Status} beside {@code STATUS}, which GDAL
     * would read as one); and {@code member}, the file read inside an archive, by its path there
     * ({@code Export/plots.kml}; in a zip held by the zip, {@code inner.zip/plots.kml}), null when the
     * file itself was read or several files together (a networks import's Shapefiles); and {@code
     * onePointLines}, the rows of a MIF file whose polylines (or sections of one) of a single vertex
     * the private copy draws with that vertex twice, for GDAL to read them ({@link
     * MapInfoText#onePointLinesReadable}), each to be made a line of its one point again once read; and
     * {@code crsLink}, the address a GeoJSON's {@code crs} member linked its coordinate system to when
     * it names no EPSG code, the member left out of the private copy (GDAL would fetch it), else null.
     */
    public record Dataset(
            Path path,
            String format,
            List<Detail> notes,
            String guessedEncoding,
            boolean layerNamed,
            List<String> fieldsLeftOut,
            String declaredSrs,
            long linesAbove,
            Map<String, String> fieldNames,
            String member,
            List<Long> onePointLines,
            List<CellProblem> cellProblems,
            String crsLink) {
        public Dataset(Path path, String format, List<Detail> notes, String guessedEncoding, boolean layerNamed) {
            this(
                    path,
                    format,
                    notes,
                    guessedEncoding,
                    layerNamed,
                    List.of(),
                    null,
                    0,
                    Map.of(),
                    null,
                    List.of(),
                    List.of(),
                    null);
        }

        /** This dataset with the file's own names {@code names} of its columns instead of its own. */
        public Dataset withFieldNames(Map<String, String> names) {
            return new Dataset(
                    path,
                    format,
                    notes,
                    guessedEncoding,
                    layerNamed,
                    fieldsLeftOut,
                    declaredSrs,
                    linesAbove,
                    names,
                    member,
                    onePointLines,
                    cellProblems,
                    crsLink);
        }

        /** This dataset read from {@code other}, a copy of its file. */
        public Dataset at(Path other) {
            return new Dataset(
                    other,
                    format,
                    notes,
                    guessedEncoding,
                    layerNamed,
                    fieldsLeftOut,
                    declaredSrs,
                    linesAbove,
                    fieldNames,
                    member,
                    onePointLines,
                    cellProblems,
                    crsLink);
        }
    }

    /**
     * A cell its row is not read as the file meant without: its {@code line} as the report numbers the
     * row (a CSV file's line, a sheet's row), its {@code column} by the file's name, whether it is a
     * coordinate of the row's geometry ({@code coordinate}), the {@code code} of the row's problem and
     * its {@code detail}, which names the cell and why. Its row is rejected when the cell is a
     * coordinate or a field the profile reads; another cell is said of the file only.
     */
    public record CellProblem(long line, String column, boolean coordinate, String code, Detail detail) {}

    /**
     * The fields GDAL's KML reader gives every placemark, of its own and under its own names ({@code Name}
     * for a placemark's {@code <name>}, {@code description}, how it is drawn, its time): no fields the file
     * names.
     */
    public static final List<String> KML_READER_FIELDS = KmlPlacemarks.GDAL_FIELDS;

    /** Formats whose file holds one layer, named after the file. */
    private static final List<String> ONE_LAYER =
            List.of("shp", "tab", "mif", "csv", "geojson", "json", "geojsonl", "geojsons");

    public Dataset privateCopy(Path file, Path workDir) throws IOException {
        return privateCopy(file, workDir, null, null);
    }

    /**
     * @param encoding the code page the user named for the file's text, or null; a CSV file in a
     *     code page other than UTF-8 (named, or else guessed) is rewritten in UTF-8, the only one
     *     GDAL's CSV reader knows, and so is a MIF/MID pair ({@link MapInfoText})
     * @param sourceLayer the layer the user named, or null: in an archive of several files of one
     *     format (a project's Shapefiles), the file of that name is the one read
     */
    public Dataset privateCopy(Path file, Path workDir, String encoding, String sourceLayer) throws IOException {
        return privateCopy(file, workDir, encoding, sourceLayer, null);
    }

    /**
     * Like {@link #privateCopy(Path, Path, String, String)}, for an import of {@code kind}
     * ({@code plots}, {@code networks}, {@code custom:<geometry>} for a layer defined as data, else
     * null): of an archive of several Shapefiles none of which is named, a plots import reads the one
     * of polygons, an import into a defined layer the one of its geometry, and a networks import those
     * of lines or points, all of them, as GDAL reads a folder of Shapefiles, like the layers of a
     * GeoPackage.
     */
    public Dataset privateCopy(Path file, Path workDir, String encoding, String sourceLayer, String kind)
            throws IOException {
        boolean geodatabase = isGeodatabase(file);
        List<Long> onePointLines = List.of();
        if (!Files.isRegularFile(file) && !geodatabase) {
            throw new BadSourceException(SourceProblem.NO_FILE, "there is no file " + file);
        }
        long size = 0;
        for (Path part : geodatabase ? tables(file) : List.of(file)) {
            size += Files.size(part);
        }
        if (size == 0) {
            throw new BadSourceException(
                    SourceProblem.EMPTY_FILE, "the file " + file.getFileName() + " is empty (0 bytes)");
        }
        if (size > maxUnpackedBytes) {
            throw new BadSourceException(
                    SourceProblem.TOO_LARGE,
                    "the file " + file.getFileName() + " is " + megabytes(size) + ", more than the limit of "
                            + megabytes(maxUnpackedBytes));
        }
        Files.createDirectories(workDir);
        String extension = extension(file);
        String innerZip = null;
        List<Detail> notes = new ArrayList<>();
        List<CellProblem> cellProblems = new ArrayList<>();
        // a file renamed by hand, or saved under another program's extension: read as what it is
        String copyName = file.getFileName().toString();
        String actual = geodatabase ? null : misnamed(file, extension);
        if (actual != null) {
            notes.add(Detail.of(
                    "file_misnamed",
                    "the file {file} is {format} by its contents, though its name ends in .{extension}: it was"
                            + " read as such",
                    "file",
                    file.getFileName().toString(),
                    "format",
                    FORMAT_NAMES.get(actual),
                    "extension",
                    extension));
            copyName = baseName(file) + "." + actual;
            extension = actual;
        }
        if (geodatabase) {
            // a File Geodatabase named on the command line is a folder: its tables are copied
            Path copy = Files.createDirectories(workDir.resolve(file.getFileName()));
            for (Path table : tables(file)) {
                Files.copy(table, copy.resolve(table.getFileName()));
            }
        } else if (extension.equals("zip")) {
            unzipAnyNames(file, workDir);
            Path inner = onlyInnerZip(workDir);
            if (inner != null) {
                innerZip = relative(workDir, inner);
                // a zip in a zip, as mail and messengers pass files on: its data, one level down
                Path folder = Files.createDirectories(workDir.resolve("unpacked"));
                unzipAnyNames(inner, folder);
                Path deeper = onlyInnerZip(folder);
                if (deeper != null) {
                    // read one level down only: said as what it is, not as a zip without GIS data
                    String name = relative(folder, deeper);
                    throw new BadSourceException(
                            SourceProblem.UNSUPPORTED_FORMAT,
                            "the zip holds only another zip, " + innerZip + ", which itself holds only another zip, "
                                    + name + ": AdalMap reads a zip in a zip, not deeper; send " + name + " itself");
                }
                Files.delete(inner);
                notes.add(Detail.of(
                        "file_inner_zip",
                        "the zip held another zip, {zip}, which was read",
                        "zip",
                        workDir.relativize(inner).toString()));
            }
        } else if (extension.equals("shp") || extension.equals("tab") || extension.equals("mif")) {
            // the companions (.shx .dbf .prj .cpg; .dat .map .id; .mid) share the base name
            String base = baseName(file);
            try (DirectoryStream<Path> siblings =
                    Files.newDirectoryStream(file.toAbsolutePath().getParent())) {
                for (Path sibling : siblings) {
                    if (Files.isRegularFile(sibling) && baseName(sibling).equalsIgnoreCase(base)) {
                        Files.copy(
                                sibling, workDir.resolve(sibling.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } else if (READ_ONLY.contains(extension)) {
            Path log = extension.equals("gpkg") ? writeAheadLog(file) : null;
            if (log != null) {
                // the last saved edits are still in SQLite's log beside the file (QGIS keeps them there
                // while the project is open): read with it. Copied, not linked: SQLite moves the log
                // into the file it read when it closes it, which would be the user's file
                Files.copy(file, workDir.resolve(copyName), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(log, workDir.resolve(copyName + "-wal"), StandardCopyOption.REPLACE_EXISTING);
            } else {
                linkOrCopy(file, workDir.resolve(copyName));
            }
        } else if (extension.equals("txt") || extension.equals("tsv")) {
            // Excel saves a table as «Unicode text» (.txt, tab-separated): read as the CSV file it is
            linkOrCopy(file, workDir.resolve(baseName(file) + ".csv"));
            notes.add(Detail.of(
                    "file_text_as_csv",
                    "the .{extension} file was read as a table of values (a CSV file)",
                    "extension",
                    extension));
        } else if (DATASET_EXTENSIONS.contains(extension)) {
            Files.copy(file, workDir.resolve(copyName), StandardCopyOption.REPLACE_EXISTING);
        } else if (List.of("dbf", "shx", "prj", "cpg", "sbn", "qix").contains(extension)) {
            throw new BadSourceException(
                    SourceProblem.UNSUPPORTED_FORMAT,
                    "the ." + extension + " file is one part of a Shapefile: send its .shp, .shx, .dbf and .prj"
                            + " (and .cpg) together, in one zip");
        } else {
            throw new BadSourceException(
                    SourceProblem.UNSUPPORTED_FORMAT,
                    (extension.isEmpty()
                                    ? "the file " + file.getFileName() + " has no extension (such as .zip or"
                                            + " .geojson) to say its format; AdalMap reads"
                                    : "AdalMap cannot read ." + extension + " files; send")
                            + " a zipped Shapefile, "
                            + "zipped File Geodatabase (.gdb), GeoPackage, GeoJSON, KML/KMZ, MapInfo TAB or MIF/MID, CSV, or an"
                            + " Excel or LibreOffice workbook with a WKT or longitude and latitude columns");
        }
        // the parts named as GDAL looks for them (plots.Prj as plots.prj): the names they were sent by
        Map<Path, String> sentAs = partsInGdalsCase(workDir);
        Path dataset = findDataset(workDir, sourceLayer, kind, notes);
        if (extension(dataset).equals("gpkg")) {
            logNotSent(dataset, extension.equals("zip") ? dataset : file, notes);
        }
        // the file of an archive that was read, as the archive names it
        String member = null;
        Path picked = dataset;
        if (extension.equals("zip")
                && !(Files.isDirectory(dataset) && !extension(dataset).equals("gdb"))
                && notes.stream().noneMatch(n -> n.key().equals(GDB_WITHOUT_FOLDER))) {
            Path asSent = sentAs.containsKey(dataset) ? dataset.resolveSibling(sentAs.get(dataset)) : dataset;
            member = relative(workDir, asSent);
            Path unpacked = workDir.resolve("unpacked");
            if (Files.isDirectory(unpacked) && dataset.startsWith(unpacked)) {
                member = innerZip + "/" + relative(unpacked, asSent);
            }
        }
        boolean shapefiles = Files.isDirectory(dataset) && !extension(dataset).equals("gdb");
        String format = shapefiles ? "shp" : extension(dataset);
        String guessed = null;
        // fields of a .dbf that share a name, each renamed in the private copy: its name → the file's
        Map<String, String> twins = new java.util.LinkedHashMap<>();
        if (format.equals("shp")) {
            List<Path> shps = shapefiles ? shapefilesIn(dataset) : List.of(dataset);
            List<String> guesses = new ArrayList<>();
            for (Path shp : shps) {
                alignCompanions(shp);
                checkShapefile(shp, notes);
                prjOfAnotherName(shp, sentAs, notes);
                Path dbf = companion(shp, baseName(shp), "dbf");
                if (encoding == null || isUtf8(encoding)) {
                    utf8Repaired(dbf, notes);
                }
                // memo texts first: the code page is guessed from the table's texts
                List<java.util.function.Function<String, Detail>> memos = DbfMemos.inline(dbf);
                String guess = encoding == null ? dbfCodePage(shp, notes) : null;
                guesses.add(guess);
                String codePage = encoding != null ? encoding : guess != null ? guess : readCodePage(shp);
                String readsAs = encoding != null && isUtf8(encoding) ? CodePages.guess(dbf, true) : null;
                if (readsAs != null) {
                    // said to be UTF-8, and not: GDAL would refuse the text, or turn it into marks
                    throw new BadSourceException(
                            SourceProblem.UNKNOWN_ENCODING,
                            "the encoding given is UTF-8, but the text of " + dbf.getFileName() + " is not in"
                                    + " UTF-8: it reads as " + readsAs + ". Choose " + readsAs
                                    + ", or leave the encoding for AdalMap to find (from the .cpg, or the text)");
                }
                if (encoding != null && !isUtf8(encoding) && CodePages.isUtf8Text(dbf)) {
                    // no single-byte code page's Cyrillic text is UTF-8: read in one, each letter two signs
                    throw new BadSourceException(
                            SourceProblem.UNKNOWN_ENCODING,
                            "the encoding given is " + encoding + ", but the text of " + dbf.getFileName() + " is in"
                                    + " UTF-8, and read in " + encoding + " each of its letters would be two wrong"
                                    + " signs («Р–РµРєРµ» for «Жеке»). Choose UTF-8, or leave the encoding for AdalMap"
                                    + " to find (from the .cpg, or the text)");
                }
                DbfTable.check(dbf, shp, companion(shp, baseName(shp), "shx"), codePage, notes);
                twins.putAll(DbfTable.twinsRenamed(dbf, codePage));
                prjInUtf8(shp, codePage);
                for (java.util.function.Function<String, Detail> memo : memos) {
                    notes.add(memo.apply(codePage));
                }
                // the memo texts longer than GDAL reads, in the code page GDAL reads the others in
                DbfMemos.decodeLongTexts(dbf, codePage);
            }
            guessed = guesses.get(0);
            if (guesses.stream().distinct().count() > 1) {
                // Shapefiles read together in code pages of their own: each says its own in its .cpg
                for (int i = 0; i < shps.size(); i++) {
                    if (guesses.get(i) != null) {
                        Files.writeString(
                                shps.get(i).resolveSibling(baseName(shps.get(i)) + ".cpg"),
                                CodePages.gdalName(guesses.get(i)));
                    }
                }
                guessed = null;
            }
        }
        if (format.equals("tab") || format.equals("mif")) {
            checkMapInfo(dataset, format);
            // GDAL takes no code page for a MapInfo table but the one it names
            MapInfoText.Read read = MapInfoText.readable(dataset, encoding, notes, mapInfoConverter);
            dataset = read.dataset();
            format = extension(dataset);
            guessed = read.guessed();
            if (format.equals("mif")) {
                MapInfoText.checkColumns(dataset);
                MapInfoText.midValues(dataset, notes);
                long smooth = MapInfoText.smoothLines(dataset);
                if (smooth == 1) {
                    notes.add(Detail.of(
                            "file_mapinfo_smooth_one",
                            "1 line is drawn smoothed in MapInfo (Smooth): it is stored as the straight segments"
                                    + " between its points, not the curve MapInfo shows through them"));
                } else if (smooth > 1) {
                    notes.add(Detail.of(
                            "file_mapinfo_smooth",
                            "{count} lines are drawn smoothed in MapInfo (Smooth): they are stored as the straight"
                                    + " segments between their points, not the curves MapInfo shows through them",
                            "count",
                            smooth));
                }
                MapInfoText.checkCoordSys(dataset);
                onePointLines = MapInfoText.onePointLinesReadable(dataset);
            }
        }
        List<String> fieldsLeftOut = List.of();
        Map<String, String> fieldNames = Map.copyOf(twins);
        boolean rewritten = false;
        // the KML files of a KMZ beside its doc.kml, read only when it links to them
        List<Path> unlinkedKmls = List.of();
        Path kmzFolder = null;
        if (format.equals("kmz")) {
            // its KML is rewritten below as GDAL reads it whole: unpacked (its images are not read)
            Path folder = Files.createDirectories(workDir.resolve("kmz"));
            unzipAnyNames(dataset, folder);
            Path kml = kmzDocument(folder);
            List<Path> others = kml == null ? List.of() : otherKmls(folder, kml);
            if (kml != null
                    && kml.getParent().equals(folder)
                    && kml.getFileName().toString().equalsIgnoreCase("doc.kml")) {
                // the KMZ's document, as Google Earth opens it: the KML files it links to are read with
                // it, and one no link names (an old copy zipped along) is not its content
                unlinkedKmls = others;
                kmzFolder = folder;
            } else if (!others.isEmpty()) {
                // a KMZ of several KML files, not all linked from its first: one document links them
                // all, and the rewrite reads each once, as a folder of its own
                kml = allKmls(folder, kml, others);
            }
            if (kml != null) {
                dataset = kml;
                format = "kml";
            }
        }
        if (format.equals("kml")) {
            // GDAL's XML reader knows UTF-8, UTF-16 and Latin-1 only: the text in the code page named,
            // else in the one its bytes are in, whatever it declares
            String found = KmlText.readable(dataset, encoding, notes);
            if (found != null) {
                guessed = found;
            }
            KmlText.refuseLinksOnly(dataset, file.getFileName().toString());
            KmlText.refuseNoPlacemarks(dataset, file.getFileName().toString());
            // a layer named as the KML file itself (picked out of an archive) is the whole file
            String folder = names(workDir, dataset, sourceLayer) ? null : sourceLayer;
            // a KML without a name of its own is its file's layer: the one picked out of an archive, not the archive
            // a ring drawn alone is a plot's (or a polygon's) outline, else a closed line
            boolean outlines = "plots".equals(kind) || "polygon".equals(defined(kind));
            KmlPlacemarks.Rewritten placemarks = KmlPlacemarks.rewrite(dataset, folder, baseName(picked), outlines);
            if (placemarks != null) {
                notes.addAll(placemarks.notes());
                List<String> unread = new ArrayList<>();
                for (Path other : unlinkedKmls) {
                    if (!placemarks.filesRead().contains(other.toRealPath())) {
                        unread.add(kmzFolder.relativize(other).toString().replace('\\', '/'));
                    }
                }
                if (!unread.isEmpty()) {
                    notes.add(Detail.of(
                            "file_kmz_unlinked_kml",
                            "the KMZ file also holds {files}, which its doc.kml links to nowhere: Google Earth does"
                                    + " not show it, and it was left unread (an old copy zipped along, as a rule). To"
                                    + " import it, take it out of the KMZ and import it as a file of its own",
                            "files",
                            unread));
                }
                fieldsLeftOut = placemarks.fieldsLeftOut();
                fieldNames = placemarks.fieldNames();
                rewritten = true;
            }
        }
        if (format.equals("csv")) {
            // a .csvt (the columns' types, as QGIS or an earlier export leaves it: "Integer", "Date")
            // makes GDAL drop every value not of its type, cadastral numbers and dates among them:
            // the values are read as written, as a DBF's numbers and dates are, and typed by the import
            Path types = companion(dataset, baseName(dataset), "csvt");
            if (types != null) {
                Files.delete(types);
                notes.add(Detail.of(
                        "file_csvt_left_out",
                        "the file {file} beside the CSV file, which gives the types of its columns, was left out:"
                                + " every value is read as written",
                        "file",
                        types.getFileName().toString()));
            }
        }
        if (format.equals("csv") && encoding == null) {
            // Excel's «Unicode text» without its byte order mark (an editor left it out): every
            // other byte NUL, which read as UTF-8 made no column GDAL knows, and «no features»
            String unmarked = CodePages.utf16WithoutMark(dataset);
            if (unmarked != null) {
                rewriteInUtf8(dataset, unmarked);
                guessed = unmarked;
                notes.add(Detail.of(
                        "file_csv_not_utf8",
                        "the CSV file is not in UTF-8; its text reads as {code_page} and was read so; pass the"
                                + " encoding explicitly if that is wrong",
                        "code_page",
                        unmarked));
            }
        }
        if (format.equals("csv") || format.startsWith("geojson") || format.equals("json")) {
            long nuls = withoutNulBytes(dataset);
            if (nuls > 0) {
                notes.add(Detail.of(
                        "file_nul_bytes",
                        "the file held {count} NUL bytes (the character no text holds), which were left out: GDAL,"
                                + " which reads the file, would have cut a text there, or ended a CSV file",
                        "count",
                        nuls));
            }
        }
        // GDAL reads CSV and GeoJSON in UTF-8 only; a GeoJSON saved by Windows Notepad, or by older
        // tools, may be in the Windows code page
        CodePages.Utf8Reading utf8 = format.equals("csv") || format.startsWith("geojson") || format.equals("json")
                ? CodePages.readUtf8(dataset)
                : null;
        if (utf8 != null
                && encoding != null
                && !isUtf8(encoding)
                && !encoding.equalsIgnoreCase("UTF-16")
                && utf8.broken() == 0
                && utf8.characters() >= 3) {
            // no single-byte code page's Cyrillic text is UTF-8: read in one, each letter would be two signs
            throw new BadSourceException(
                    SourceProblem.UNKNOWN_ENCODING,
                    "the encoding given is " + encoding + ", but the " + (format.equals("csv") ? "CSV" : "GeoJSON")
                            + " file is in UTF-8: its " + utf8.characters() + " letters beyond the Latin ones are all"
                            + " whole UTF-8 letters, and read in " + encoding + " each would be two wrong signs"
                            + " («Р–РµРєРµ» for «Жеке»). Choose UTF-8, or leave the encoding for AdalMap to find");
        }
        if (utf8 != null && (encoding == null || isUtf8(encoding)) && utf8.damaged()) {
            // one letter cut in two does not make the file another code page's: read in any, every
            // letter of it would be wrong
            CodePages.replaceBroken(dataset);
            notes.add(utf8.brokenNote());
        } else if (format.equals("csv") || format.startsWith("geojson") || format.equals("json")) {
            // read whole just now, valid UTF-8 (or ASCII) needs no guess; else the guess looks where
            // the text leaves ASCII, which an export may do only megabytes in
            String textGuess = utf8.broken() == 0 ? null : CodePages.guessText(dataset, utf8.firstHigh());
            String codePage = encoding != null ? encoding : textGuess;
            String readsAs = codePage != null && isUtf8(codePage) ? textGuess : null;
            if (readsAs != null) {
                // said to be UTF-8, and not: GDAL would turn each Cyrillic letter into a mark
                throw new BadSourceException(
                        SourceProblem.UNKNOWN_ENCODING,
                        "the encoding given is UTF-8, but the " + (format.equals("csv") ? "CSV" : "GeoJSON")
                                + " file is not in UTF-8: its text reads as " + readsAs + ". Choose " + readsAs
                                + ", or leave the encoding for AdalMap to find");
            }
            if (codePage != null && !isUtf8(codePage)) {
                rewriteInUtf8(dataset, codePage);
                if (encoding == null) {
                    guessed = codePage;
                    notes.add(Detail.of(
                            format.equals("csv") ? "file_csv_not_utf8" : "file_geojson_not_utf8",
                            "the " + (format.equals("csv") ? "CSV" : "GeoJSON") + " file is not in UTF-8; its"
                                    + " text reads as {code_page} and was read so; pass the encoding explicitly if"
                                    + " that is wrong",
                            "code_page",
                            codePage));
                }
            }
        }
        if (format.startsWith("geojson") || format.equals("json")) {
            // Notepad and PowerShell save UTF-8 with a byte-order mark, which GDAL's reader of
            // ArcGIS's JSON takes for a damaged file
            withoutByteOrderMark(dataset);
        }
        if ((format.startsWith("geojson") || format.equals("json")) && onePageOfMore(dataset)) {
            throw new BadSourceException(
                    SourceProblem.PARTIAL,
                    "the file is one page of an ArcGIS service's answer, which says it left features out"
                            + " (\"exceededTransferLimit\": true): published, it would remove the layer's other plots."
                            + " Download every page (query again with resultOffset until the mark is gone) or export"
                            + " the whole layer from ArcGIS");
        }
        if (format.startsWith("geojson") || format.equals("json")) {
            long nuls = withoutNulEscapes(dataset);
            if (nuls > 0) {
                notes.add(Detail.of(
                        nuls == 1 ? "file_nul_one" : "file_nul",
                        "{count}" + (nuls == 1 ? " text" : " texts") + " of the file held the character NUL"
                                + " (\\u0000), which was left out: GDAL, which reads the file, would have cut each"
                                + " such text there",
                        "count",
                        nuls));
            }
        }
        // a crs member linking to its system on the internet, which GDAL would fetch while it reads the
        // file: the file's content would depend on that site (and the server would ask any address a
        // file names); the code the address names is read instead, else the system is to be given. In the
        // same pass, a feature's own id GDAL would drop for its properties' id is kept beside it, and one
        // it would take for the feature's number is kept as its id
        String crsLink = null;
        if (format.startsWith("geojson") || format.equals("json")) {
            GeoJsonCoordinates.Rewritten read;
            try {
                read = GeoJsonCoordinates.rewrite(dataset, format.equals("geojsonl") || format.equals("geojsons"));
            } catch (tools.jackson.core.JacksonException e) {
                throw new BadSourceException(
                        SourceProblem.DAMAGED,
                        "the file is no GeoJSON that can be read to its end: " + e.getOriginalMessage());
            }
            if (read.ownIdsRenamed()) {
                // GDAL reads the properties' id and drops the feature's own: both are the file's data
                notes.add(Detail.of(
                        "file_geojson_id_renamed",
                        "the file's features have ids of their own beside their properties ({count}), and the"
                                + " properties of some hold an 'id' too: the features' own ids were kept in the field"
                                + " '{field}', the properties' ones under 'id'",
                        "count",
                        read.features(),
                        "field",
                        read.ownIds()));
            }
            String link = read.link();
            if (link != null) {
                String code = GeoJsonCoordinates.epsgCodeOf(link);
                if (code != null) {
                    notes.add(Detail.of(
                            "file_crs_link_read_as_code",
                            "the file's crs member links to its coordinate system on the internet ({address}), which"
                                    + " an import does not fetch: it was read as EPSG:{code}, the code the address names",
                            "address",
                            link,
                            "code",
                            code));
                } else {
                    crsLink = link;
                    notes.add(Detail.of(
                            "file_crs_link_not_followed",
                            "the file's crs member links to its coordinate system on the internet ({address}), which"
                                    + " an import does not fetch: the file was read in the coordinate system given",
                            "address",
                            link));
                }
            }
        }
        if (format.equals("geojson") || format.equals("json")) {
            // GDAL reads neither an ArcGIS field's coded domain nor the text in a field declared as numbers
            notes.addAll(EsriJsonFields.rewrite(dataset));
        }
        if (format.equals("csv")) {
            readAngles(dataset, notes, cellProblems);
            cellsCut(dataset, false, notes);
        }
        // the lines of the user's file above the first line GDAL reads (RowNumbers)
        long linesAbove = 0;
        if (format.equals("csv")) {
            // a form's two rows of names as one before the title is looked for: a sheet's copy would have
            // its names taken from the row of units
            twoRowNames(dataset, false, notes);
            // the names under a title first: the names' line breaks are those of the line found
            long title = Math.max(0, namesBelowTitle(dataset, notes) - 1);
            int breaks = CsvHeader.flattenLineBreaks(dataset);
            if (breaks > 0) {
                notes.add(WRAPPED_NAMES);
            }
            linesAbove = breaks + title;
        }
        java.util.List<String> withCommas =
                format.equals("csv") ? CsvHeader.quoteCommasInNames(dataset) : java.util.List.of();
        if (!withCommas.isEmpty()) {
            notes.add(
                    CsvHeader.separatorOf(dataset) == '\t'
                            ? Detail.of(
                                    "file_names_quoted_tabs",
                                    "the file is separated by tabs and some column names hold commas ({names}):"
                                            + " they were quoted, so that the file is read by its tabs",
                                    "names",
                                    withCommas.stream()
                                            .map(name -> "«" + name + "»")
                                            .toList())
                            : Detail.of(
                                    "file_names_quoted",
                                    "the file is separated by semicolons and some column names hold commas ({names}):"
                                            + " they were quoted, so that the file is read by its semicolons",
                                    "names",
                                    withCommas.stream()
                                            .map(name -> "«" + name + "»")
                                            .toList()));
        }
        if (format.equals("csv")) {
            numbersRow(dataset, false, linesAbove, notes);
            // a CSV saved from Excel writes a failed formula's error («#Н/Д») and a percentage («45%») as
            // shown: read as a workbook's cells are
            notes.addAll(kz.adalmap.importers.gdal.WorkbookCells.mendCsv(
                    dataset, CsvHeader.separatorOf(dataset), linesAbove, cellProblems));
            roundedCoordinates(dataset, notes);
        }
        String declaredSrs = null;
        if (format.equals("shp")) {
            declaredSrs = prjGdalDoesNotRead(dataset, notes);
        }
        if (format.equals("csv")) {
            // GDAL takes a file of one column for no CSV at all: read, it gets an empty second one
            CsvHeader.secondColumn(dataset);
            rowWidths(dataset, linesAbove, notes);
            java.util.Set<String> srids = CsvHeader.extendedWkt(dataset);
            if (srids.size() > 1) {
                throw new BadSourceException(
                        SourceProblem.WRONG_CRS,
                        "the file's geometries are in " + srids.size() + " coordinate systems (SRID "
                                + String.join(", ", srids) + "): export them in one");
            }
            if (srids.size() == 1) {
                declaredSrs = "EPSG:" + srids.iterator().next();
                notes.add(Detail.of(
                        "file_ewkt",
                        "the geometries are EWKT, with SRID={srid}; they were read in {srs}",
                        "srid",
                        srids.iterator().next(),
                        "srs",
                        declaredSrs));
            }
        }
        // the user's layer name is this file's own (and may have picked it out of several)
        boolean named = sourceLayer != null
                && (rewritten || ONE_LAYER.contains(format) && !shapefiles && names(workDir, dataset, sourceLayer));
        return new Dataset(
                dataset,
                format,
                notes,
                guessed,
                named,
                fieldsLeftOut,
                declaredSrs,
                linesAbove,
                fieldNames,
                member,
                onePointLines,
                cellProblems,
                crsLink);
    }

    /**
     * The user's line numbers of {@code lines} (the first of {@code count}, in the file GDAL reads,
     * {@code above} lines below the user's first), and «…» when there are more.
     */
    private static java.util.List<String> lineNumbers(java.util.List<Long> lines, long count, long above) {
        java.util.List<String> out = new ArrayList<>();
        lines.forEach(line -> out.add(String.valueOf(line + above)));
        if (count > lines.size()) {
            out.add("…");
        }
        return out;
    }

    /**
     * Makes a .dbf in UTF-8 but for some bytes valid UTF-8 ({@link CodePages#repairUtf8Dbf}), and
     * says so: read in any other code page, every letter of it would be wrong.
     */
    private static void utf8Repaired(Path dbf, List<Detail> notes) throws IOException {
        CodePages.DbfUtf8Repair repair = CodePages.repairUtf8Dbf(dbf);
        if (repair == null) {
            return;
        }
        if (repair.cut() > 0) {
            String rest = " the tool that wrote it cut them to their field's width by bytes. The half letters were"
                    + " left out; the texts may be shorter than they were meant to be";
            notes.add(
                    repair.cut() == 1
                            ? Detail.of(
                                    "file_dbf_letters_cut_one",
                                    "the .dbf is in UTF-8, and one of its texts (in row {row}) ends in half a letter:"
                                            + rest,
                                    "row",
                                    repair.firstCut())
                            : Detail.of(
                                    "file_dbf_letters_cut",
                                    "the .dbf is in UTF-8, and {count} of its texts (the first in row {row}) end in"
                                            + " half a letter:" + rest,
                                    "count",
                                    repair.cut(),
                                    "row",
                                    repair.firstCut()));
        }
        if (repair.damaged() > 0) {
            String rest = ", the rest of the text as it is; correct the letters in the file, or send it again";
            notes.add(
                    repair.damaged() == 1
                            ? Detail.of(
                                    "file_dbf_utf8_damaged_one",
                                    "the .dbf is in UTF-8 but for one damaged byte (in row {row}), a letter cut in two:"
                                            + " it was read as a question mark" + rest,
                                    "row",
                                    repair.firstDamaged())
                            : Detail.of(
                                    "file_dbf_utf8_damaged",
                                    "the .dbf is in UTF-8 but for {count} damaged bytes (the first in row {row}),"
                                            + " letters cut in two: each was read as a question mark" + rest,
                                    "count",
                                    repair.damaged(),
                                    "row",
                                    repair.firstDamaged()));
        }
    }

    /**
     * Refuses a CSV file with a row of more values than it names columns (GDAL would leave the rest
     * out, and an unquoted separator has most often moved the values after it into the next
     * columns); says which rows hold fewer, whose last columns are read as empty.
     */
    private static void rowWidths(Path csv, long linesAbove, List<Detail> notes) throws IOException {
        CsvHeader.RowWidths widths = CsvHeader.rowWidths(csv);
        char separator = widths.separator();
        if (widths.longerCount() > 0) {
            long[] first = widths.longer().get(0);
            java.util.List<String> others = lineNumbers(
                    widths.longer().stream().skip(1).map(l -> l[0]).toList(), widths.longerCount() - 1, linesAbove);
            throw new BadSourceException(
                    SourceProblem.DAMAGED,
                    "line " + (first[0] + linesAbove) + " of " + csv.getFileName() + " holds " + first[1]
                            + " values where the file names " + widths.columns() + " columns"
                            + (others.isEmpty()
                                    ? ""
                                    : ", and so do " + (widths.longerCount() - 1) + " more lines ("
                                            + String.join(", ", others) + ")")
                            + ": the values past the last column would be left out, and a value holding the"
                            + " separator (" + (separator == '\t' ? "a tab" : "'" + separator + "'")
                            + ") without quotes has moved the values after it into the wrong columns. Put such a"
                            + " value in quotation marks"
                            + (separator == '\t' ? "" : " (\"ул. Абая" + separator + " 5\")")
                            + " or take out the extra values, and import the file again");
        }
        if (widths.shorterCount() > 0) {
            java.util.List<String> lines = lineNumbers(widths.shorter(), widths.shorterCount(), linesAbove);
            String after = ": their last columns were read as empty. Were a value left out in the middle of a row,"
                    + " the values after it would be in the wrong columns: check ";
            notes.add(
                    widths.shorterCount() == 1
                            ? Detail.of(
                                    "file_rows_short_one",
                                    "line {line} holds fewer values than the {columns} columns the file names" + after
                                            + "it",
                                    "line",
                                    lines.get(0),
                                    "columns",
                                    widths.columns())
                            : Detail.of(
                                    "file_rows_short",
                                    "{count} rows hold fewer values than the {columns} columns the file names (lines"
                                            + " {lines})" + after + "them",
                                    "count",
                                    widths.shorterCount(),
                                    "columns",
                                    widths.columns(),
                                    "lines",
                                    lines));
        }
    }

    /**
     * The code page to read {@code shp}'s DBF in when its .cpg and its language mark name two
     * Cyrillic code pages and its text reads as the mark's (a .cpg written by a tool that assumed
     * the Windows code page beside a DOS table), with a note; else null, and GDAL reads the .cpg.
     */
    private static String againstLanguageMark(Path shp, String declared, List<Detail> notes) throws IOException {
        String cpg;
        try {
            cpg = CodePages.canonical(declared);
        } catch (BadSourceException e) {
            return null;
        }
        Path dbf = companion(shp, baseName(shp), "dbf");
        int driver;
        try (java.io.InputStream in = Files.newInputStream(dbf)) {
            driver = CodePages.languageDriver(in.readNBytes(32));
        }
        String marked = CodePages.ofLanguageMark(driver);
        if (marked == null || marked.equals(cpg)) {
            return null;
        }
        String text = CodePages.guess(dbf, true);
        if (!marked.equals(text)) {
            return null;
        }
        notes.add(Detail.of(
                "file_cpg_against_language_mark",
                "the .cpg says {declared}, but the .dbf's language mark says {code_page}, and its text reads as"
                        + " {code_page}: it was read so; pass the encoding explicitly if that is wrong",
                "declared",
                declared,
                "code_page",
                marked));
        return marked;
    }

    /**
     * The code page to read {@code shp}'s DBF in when its .cpg or its language mark says one of the
     * two Russian code pages, {@code said}, and its text reads as the other or as one of the Kazakh
     * code pages (PT154, KZ-1048), or its .cpg says a Western one (CP1252, ISO-8859-1: QGIS on a
     * Windows set up for Western Europe opens a Russian table in its own code page and saves it so,
     * the bytes as they were) and its text reads as a Cyrillic one, with a note saying so
     * ({@code why}: what said it, an English template naming {@code whyValues}, under {@code key},
     * whose note on a DOS table ends in {@code _dos}); else null, and GDAL reads the DBF as it says. DOS-era tables
     * (FoxPro, Clipper) are in CP866, and a later tool often marks them as the Windows code page:
     * read in it, «Усть-Каменогорск» was «“бвм-Љ ¬Ґ­®Ј®абЄ».
     */
    private static String againstText(
            Path shp, String said, String key, String why, List<Detail> notes, Object... whyValues) throws IOException {
        if (!List.of("CP1251", "CP866", "CP1252", "ISO-8859-1").contains(said)) {
            return null;
        }
        String text = CodePages.guess(companion(shp, baseName(shp), "dbf"), true);
        // none guessed: ASCII, or UTF-8
        if (text == null && CodePages.isUtf8Text(companion(shp, baseName(shp), "dbf"))) {
            // written in UTF-8 by a tool that left the Windows code page's .cpg or mark
            List<Object> values = new ArrayList<>(List.of(whyValues));
            values.addAll(List.of("code_page", "UTF-8"));
            notes.add(Detail.of(
                    key + "_utf8",
                    why + ", but the .dbf's text is {code_page}: it was read so; pass the encoding explicitly if that"
                            + " is wrong",
                    values.toArray()));
            return "UTF-8";
        }
        // the other Russian code page, or a Kazakh one: PT154 and KZ-1048 are CP1251 but for the places
        // of Ә Ғ Қ Ң Ө Ұ Ү Һ, which read in CP1251 as letters of other alphabets («Жаѕа ґмір» for «Жаңа
        // өмір» in KZ-1048), and a Kazakh computer's ArcMap writes a .cpg of 1251 beside either
        String other = text;
        if (other == null
                || other.equals(said)
                || !List.of("CP1251", "CP866", "PT154", "KZ-1048").contains(other)) {
            return null;
        }
        List<Object> values = new ArrayList<>(List.of(whyValues));
        values.addAll(List.of("code_page", other));
        notes.add(Detail.of(
                key + (other.equals("CP866") ? "_dos" : ""),
                why + ", but the .dbf's text reads as {code_page}" + (other.equals("CP866") ? " (DOS)" : "")
                        + ": it was read so; pass the encoding explicitly if that is wrong",
                values.toArray()));
        return other;
    }

    /** The code page {@code shp}'s .cpg names, when it is one of offices' ({@link CodePages#canonical}); else null. */
    private static String cpgCodePage(Path shp) throws IOException {
        String declared = cpgText(shp);
        try {
            return declared == null ? null : CodePages.canonical(declared);
        } catch (BadSourceException e) {
            return null;
        }
    }

    /**
     * What {@code shp}'s .cpg says, without the spaces and line breaks around it and a byte order
     * mark before it (Notepad writes one); null without a .cpg or when it says nothing (empty or
     * blank), as then it names no code page.
     */
    private static String cpgText(Path shp) throws IOException {
        Path cpg = companion(shp, baseName(shp), "cpg");
        if (cpg == null) {
            return null;
        }
        String text = Files.readString(cpg, java.nio.charset.StandardCharsets.ISO_8859_1);
        text = (text.startsWith("\u00EF\u00BB\u00BF") ? text.substring(3) : text).strip();
        return text.isEmpty() ? null : text;
    }

    /** Whether GDAL reads {@code shp}'s .cpg as it is: not blank, with no byte order mark before it. */
    private static boolean gdalReadsCpg(Path shp) throws IOException {
        Path cpg = companion(shp, baseName(shp), "cpg");
        return cpg != null
                && Files.readString(cpg, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .strip()
                        .equals(cpgText(shp));
    }

    /**
     * The code page GDAL reads {@code shp}'s DBF in by itself: the one its .cpg names, or without a
     * .cpg the Cyrillic one its language mark names; null for UTF-8 or none known.
     */
    static String readCodePage(Path shp) throws IOException {
        if (cpgText(shp) != null) {
            return cpgCodePage(shp);
        }
        try (java.io.InputStream in = Files.newInputStream(companion(shp, baseName(shp), "dbf"))) {
            return CodePages.ofLanguageMark(CodePages.languageDriver(in.readNBytes(32)));
        }
    }

    /** A .cpg naming a DOS code page as GDAL does not read it («OEM 866»): its number is the code page. */
    private static final java.util.regex.Pattern DOS_CPG =
            java.util.regex.Pattern.compile("(?i)(?:OEM|DOS|IBM)[ _-]*(\\d{3,4})");

    /**
     * The code page to read {@code shp}'s DBF in when its .cpg does not give GDAL one it can use, or
     * its .cpg or language mark says one of the Russian code pages and its text is in the other,
     * with a note saying why; null when GDAL reads the .cpg (or the DBF's own mark) as it is.
     */
    private static String dbfCodePage(Path shp, List<Detail> notes) throws IOException {
        // an empty or blank .cpg says nothing, as none
        String declared = cpgText(shp);
        java.util.regex.Matcher dos = declared == null ? null : DOS_CPG.matcher(declared);
        if (dos != null && dos.matches()) {
            notes.add(Detail.of(
                    "file_cpg_dos",
                    "the .cpg says '{declared}', which GDAL does not read; the .dbf was read as {code_page}",
                    "declared",
                    declared,
                    "code_page",
                    "CP" + dos.group(1)));
            return "CP" + dos.group(1);
        }
        // ArcGIS writes a .cpg saying UTF-8 beside DBFs it wrote in the Windows code page
        boolean saysUtf8 = declared != null && declared.matches("(?i)utf-?8|65001");
        // «ANSI» or «OEM» alone names the code page of the computer that wrote the file, not one
        boolean saysNothing = declared != null && declared.matches("(?i)ansi|oem|dos|system|default");
        // a .cpg saved as UTF-16, damaged, or naming a code page no office uses: GDAL, which would read
        // its bytes as a name, wrote the text undecoded, and PostgreSQL refused it
        boolean namesNone = declared != null && !saysUtf8 && !saysNothing && cpgCodePage(shp) == null;
        if (declared != null && !saysUtf8 && !saysNothing && !namesNone) {
            String marked = againstLanguageMark(shp, declared, notes);
            String read = marked != null
                    ? marked
                    : againstText(
                            shp,
                            cpgCodePage(shp),
                            "file_cpg_against_text",
                            "the .cpg says {declared}",
                            notes,
                            "declared",
                            declared);
            // a .cpg GDAL does not read for the byte order mark before its name is read here
            return read == null && !gdalReadsCpg(shp) ? cpgCodePage(shp) : read;
        }
        Path dbf = companion(shp, baseName(shp), "dbf");
        String guessed = CodePages.guess(dbf, saysUtf8);
        int driver;
        try (java.io.InputStream in = Files.newInputStream(dbf)) {
            driver = CodePages.languageDriver(in.readNBytes(32));
        }
        // «OEM» or «ANSI» beside a mark that names the code page: the mark says which (GDAL, told
        // nothing it reads, wrote the text undecoded and PostgreSQL refused it)
        if ((declared == null || saysNothing) && CodePages.ofLanguageMark(driver) != null) {
            String read = againstText(
                    shp,
                    CodePages.ofLanguageMark(driver),
                    "file_mark_against_text",
                    "the .dbf's language mark ({mark}) says {said}",
                    notes,
                    "mark",
                    String.format("0x%02X", driver),
                    "said",
                    driver == 0xC9 ? "CP1251" : "CP866");
            if (read == null && saysNothing && CodePages.guess(dbf, true) != null) {
                notes.add(Detail.of(
                        "file_cpg_of_computer_mark",
                        "the .cpg says '{declared}', the code page of the computer that wrote it; the .dbf's"
                                + " language mark ({mark}) names {code_page}, and its text was read so; pass the"
                                + " encoding explicitly if that is wrong",
                        "declared",
                        declared,
                        "mark",
                        String.format("0x%02X", driver),
                        "code_page",
                        CodePages.ofLanguageMark(driver)));
            }
            // a blank .cpg beside the mark, or one that names none: GDAL is told the code page the mark names
            return read == null && companion(shp, baseName(shp), "cpg") != null
                    ? CodePages.ofLanguageMark(driver)
                    : read;
        }
        if (guessed != null) {
            String readSo = " {code_page} and was read so; pass the encoding explicitly if that is wrong";
            notes.add(
                    saysUtf8
                            ? Detail.of(
                                    "file_dbf_not_utf8",
                                    "the .cpg says UTF-8, but the .dbf's text is not UTF-8; it reads as" + readSo,
                                    "code_page",
                                    guessed)
                            : namesNone
                                    ? Detail.of(
                                            "file_cpg_unknown",
                                            "the .cpg says '{declared}', which names no code page; the .dbf's text"
                                                    + " reads as" + readSo,
                                            "declared",
                                            // its bytes as read, a control character as '?'
                                            declared.replaceAll("\\p{Cntrl}", "?"),
                                            "code_page",
                                            guessed)
                                    : saysNothing
                                            ? Detail.of(
                                                    "file_dbf_cpg_of_computer",
                                                    "the .cpg says '{declared}', the code page of the computer that wrote"
                                                            + " it; the .dbf's text reads as" + readSo,
                                                    "declared",
                                                    declared,
                                                    "code_page",
                                                    guessed)
                                            : driver != 0
                                                    ? Detail.of(
                                                            "file_dbf_mark_not_cyrillic",
                                                            "the .dbf's language mark ({mark}) names no Cyrillic code page"
                                                                    + " (0x57 is «ANSI»: whatever the computer that wrote it"
                                                                    + " used), and there is no .cpg; its text reads as"
                                                                    + readSo,
                                                            "mark",
                                                            String.format("0x%02X", driver),
                                                            "code_page",
                                                            guessed)
                                                    : Detail.of(
                                                            "file_dbf_no_cpg",
                                                            "the .dbf does not say its code page (no .cpg); its text reads as"
                                                                    + readSo,
                                                            "code_page",
                                                            guessed));
        }
        return guessed;
    }

    /**
     * Drops a title above a table's column names, saying so in {@code notes}; returns the line of the
     * names, 0 when there was none.
     */
    private static int namesBelowTitle(Path csv, List<Detail> notes) throws IOException {
        return namesBelowTitle(csv, notes, false);
    }

    /**
     * The row of the sheet written as the CSV file {@code csv} that holds its column names under a
     * title, a column of WKT or of longitude and latitude among them; 0 when there is no title.
     */
    public static int namesBelowTitle(Path csv) throws IOException {
        return namesBelowTitle(csv, new ArrayList<>(), true);
    }

    /**
     * Like {@link #namesBelowTitle(Path, List)}, for the CSV file a workbook's sheet was written as
     * when {@code sheet}: one line a row of the sheet, so the line of the names is the sheet's row,
     * the number a spreadsheet shows, and the report says row.
     */
    private static int namesBelowTitle(Path csv, List<Detail> notes, boolean sheet) throws IOException {
        java.util.function.Predicate<String> geometry = name -> {
            String n = name.toLowerCase(java.util.Locale.ROOT);
            return kz.adalmap.importers.gdal.Ogr2Ogr.CSV_GEOMETRY_NAMES.contains(n)
                    || kz.adalmap.importers.gdal.Ogr2Ogr.CSV_LONGITUDE_NAMES.contains(name)
                    || kz.adalmap.importers.gdal.Ogr2Ogr.CSV_LONGITUDE_NAMES.contains(n);
        };
        int line = CsvHeader.namesBelowTitle(csv, geometry);
        if (line > 0) {
            notes.add(
                    sheet
                            ? Detail.of(
                                    "file_names_below_title_row",
                                    // not "row", which names a feature's row (RowReferences)
                                    "the column names are on row {sheet_row} of the sheet, under a title: the rows"
                                            + " above them were left out",
                                    "sheet_row",
                                    line)
                            : Detail.of(
                                    "file_names_below_title",
                                    "the column names are on line {line}, under a title: the lines above them were"
                                            + " left out",
                                    "line",
                                    line));
        }
        return line;
    }

    /**
     * The sheet of a workbook, written by GDAL as the CSV file {@code csv} in the work folder, as the
     * dataset to read, with {@code notes}; its column names are mended as a CSV file's are. GDAL writes
     * every row of the sheet from its first, one a line (a cell's line breaks inside its quotes): the
     * dataset's {@code linesAbove} are the sheet's rows above the row of the names.
     */
    public static Dataset sheetRead(Path csv, List<Detail> notes, List<CellProblem> cellProblems) throws IOException {
        List<Detail> all = new ArrayList<>(notes);
        List<CellProblem> problems = new ArrayList<>();
        // its coordinates as a CSV file's: angles read, numbers rounded by the cells' format said
        readAngles(csv, all, problems);
        cellsCut(csv, true, all);
        twoRowNames(csv, true, all);
        int names = namesBelowTitle(csv, all, true);
        if (CsvHeader.flattenLineBreaks(csv) > 0) {
            all.add(WRAPPED_NAMES);
        }
        numbersRow(csv, true, Math.max(0, names - 1), all);
        roundedCoordinates(csv, all);
        // the cells' columns by their letters, named now that the names' row is found
        List<String> columns = CsvHeader.names(csv);
        for (CellProblem cell : cellProblems) {
            int col = 0;
            for (char letter : cell.column().toCharArray()) {
                col = col * 26 + letter - 'A' + 1;
            }
            String name = col - 1 < columns.size() ? columns.get(col - 1) : cell.column();
            problems.add(new CellProblem(
                    cell.line(), name, cell.coordinate() || isCoordinate(name), cell.code(), cell.detail()));
        }
        return new Dataset(
                csv,
                "csv",
                all,
                null,
                false,
                List.of(),
                null,
                Math.max(0, names - 1),
                Map.of(),
                null,
                List.of(),
                problems,
                null);
    }

    /**
     * Reads a form's header of two rows, a name over several columns above the unit of each, as one
     * ({@link CsvHeader#twoRowNames}) and says so in {@code notes}, by the number the rest of the report
     * names rows by: the line of a CSV file, the row of a sheet ({@code sheet}).
     */
    private static void twoRowNames(Path csv, boolean sheet, List<Detail> notes) throws IOException {
        CsvHeader.TwoRowNames two = CsvHeader.twoRowNames(csv);
        if (two == null) {
            return;
        }
        List<String> names = two.names().stream().map(name -> "«" + name + "»").toList();
        notes.add(
                sheet
                        ? Detail.of(
                                "file_names_two_rows_sheet",
                                // not "row", which names a feature's row (RowReferences)
                                "the column names take two rows of the sheet, {sheet_row} and {next}: a name over"
                                        + " several columns, with the unit of each on the row below; they were read"
                                        + " as one row of names ({names})",
                                "sheet_row",
                                (long) two.record(),
                                "next",
                                two.record() + 1L,
                                "names",
                                names)
                        : Detail.of(
                                "file_names_two_lines",
                                "the column names take two lines, {line} and {next}: a name over several columns,"
                                        + " with the unit of each on the line below; they were read as one line of"
                                        + " names ({names})",
                                "line",
                                two.line(),
                                "next",
                                two.unitsLine(),
                                "names",
                                names));
    }

    /**
     * Leaves out the row of column numbers under the names of {@code csv} ({@link
     * CsvHeader#blankNumbersRow}) and says so in {@code notes}, by the number the rest of the report
     * names rows by: the line of a CSV file, the row of a sheet ({@code sheet}), {@code linesAbove}
     * lines of the user's file lying above the names' first.
     */
    private static void numbersRow(Path csv, boolean sheet, long linesAbove, List<Detail> notes) throws IOException {
        if (!CsvHeader.blankNumbersRow(csv)) {
            return;
        }
        // the line below the names, of the lines the names took in the user's file
        long number = linesAbove + 2;
        notes.add(
                sheet
                        ? Detail.of(
                                "file_numbers_row_sheet",
                                // not "row", which names a feature's row (RowReferences)
                                "the row of column numbers under the column names (row {sheet_row} of the sheet)"
                                        + " was left out: it holds no feature",
                                "sheet_row",
                                number)
                        : Detail.of(
                                "file_numbers_row",
                                "the row of column numbers under the column names (line {line}) was left out: it"
                                        + " holds no feature",
                                "line",
                                number));
    }

    /** Whether a CSV file's column of {@code name} is read as its geometry: WKT, a longitude or a latitude. */
    public static boolean isCoordinate(String name) {
        return java.util.stream.Stream.of(
                        kz.adalmap.importers.gdal.Ogr2Ogr.CSV_GEOMETRY_NAMES,
                        kz.adalmap.importers.gdal.Ogr2Ogr.CSV_LONGITUDE_NAMES,
                        kz.adalmap.importers.gdal.Ogr2Ogr.CSV_LATITUDE_NAMES)
                .flatMap(List::stream)
                .anyMatch(name.strip()::equalsIgnoreCase);
    }

    /**
     * Says in {@code notes} the rows of {@code csv} with a cell a spreadsheet cut at the most it holds
     * ({@link CsvHeader#cellsCut}), the first by the number the rest of the report names its feature
     * by: a CSV file's line, a sheet's row ({@code sheet}: {@code csv} is the sheet as GDAL wrote it).
     */
    private static void cellsCut(Path csv, boolean sheet, List<Detail> notes) throws IOException {
        long[] cut = CsvHeader.cellsCut(csv);
        if (cut[0] == 0) {
            return;
        }
        String what = " hold a cell of exactly 32,767 characters, the most an Excel cell holds: its text was cut"
                + " there, and a geometry so cut is none. Export such a layer from the GIS or the database, not"
                + " through a spreadsheet";
        notes.add(
                sheet
                        ? Detail.of(
                                "file_cells_cut",
                                "{count} of the rows (the first: row {row})" + what,
                                "count",
                                cut[0],
                                "row",
                                cut[1])
                        : Detail.of(
                                "file_csv_cells_cut",
                                "{count} of the rows (the first on line {line})" + what,
                                "count",
                                cut[0],
                                "line",
                                cut[2]));
    }

    private static final Detail WRAPPED_NAMES = Detail.of(
            "file_names_wrapped",
            "column names hold line breaks (cells wrapped in Excel); they were read with spaces instead");

    /**
     * Rewrites the private copy {@code file} in UTF-8 from {@code codePage}: written beside and moved
     * over, since the private name may be a hard link to the user's own file.
     */
    /**
     * Rewrites a JSON file without its escaped NUL characters ({@code \u0000} in a string, as a
     * database export may write a C string's end), which GDAL keeps a text up to, losing the rest.
     * Returns how many there were; the file is left as it is when there are none.
     */
    static long withoutNulEscapes(Path file) throws IOException {
        byte[] nul = "\\u0000".getBytes(StandardCharsets.US_ASCII);
        long found = 0;
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            found = nulEscapes(in, nul, null);
        }
        if (found == 0) {
            return 0;
        }
        Path clean = file.resolveSibling(file.getFileName() + ".clean");
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
                OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(clean), 1 << 16)) {
            nulEscapes(in, nul, out);
        }
        Files.move(clean, file, StandardCopyOption.REPLACE_EXISTING);
        return found;
    }

    /**
     * Leaves out of {@code file} the NUL bytes a text file holds by damage or a database export's
     * C strings, which GDAL takes for the end of a text (a GeoJSON) or of the file (a CSV: the rows
     * after it went unread, and a publication took their plots off the map). Not from a file of many,
     * which is in UTF-16, not damaged: it is left for what reads its code page. Returns how many.
     */
    static long withoutNulBytes(Path file) throws IOException {
        long size = Files.size(file);
        long found = 0;
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            int b;
            while ((b = in.read()) >= 0) {
                if (b == 0) {
                    found++;
                }
            }
        }
        if (found == 0 || found * 100 > size) {
            return 0;
        }
        Path clean = file.resolveSibling(file.getFileName() + ".clean");
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
                OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(clean), 1 << 16)) {
            int b;
            while ((b = in.read()) >= 0) {
                if (b != 0) {
                    out.write(b);
                }
            }
        }
        Files.move(clean, file, StandardCopyOption.REPLACE_EXISTING);
        return found;
    }

    /**
     * Counts the escapes {@code nul} in {@code in} that are not themselves escaped ({@code \\u0000} is a
     * backslash and five letters), copying the rest to {@code out} when given.
     */
    private static long nulEscapes(InputStream in, byte[] nul, OutputStream out) throws IOException {
        long found = 0;
        int matched = 0; // how many bytes of the escape were read, held back from out
        int b;
        while ((b = in.read()) >= 0) {
            if (matched == 1 && b == '\\') {
                // an escaped backslash: the two are text, and the next one starts nothing
                write(out, nul, 1);
                write(out, b);
                matched = 0;
            } else if (matched > 0 && b == nul[matched]) {
                if (++matched == nul.length) {
                    found++;
                    matched = 0;
                }
            } else {
                write(out, nul, matched);
                matched = 0;
                if (b == '\\') {
                    matched = 1;
                } else {
                    write(out, b);
                }
            }
        }
        write(out, nul, matched);
        return found;
    }

    private static void write(OutputStream out, byte[] bytes, int length) throws IOException {
        if (out != null && length > 0) {
            out.write(bytes, 0, length);
        }
    }

    private static void write(OutputStream out, int b) throws IOException {
        if (out != null) {
            out.write(b);
        }
    }

    private static void rewriteInUtf8(Path file, String codePage) throws IOException {
        Path text = file.resolveSibling(file.getFileName() + ".utf-8");
        CodePages.toUtf8(file, text, codePage);
        Files.move(text, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * What a {@code .tab} holds when it is not a native MapInfo table: a view MapInfo keeps over
     * another program's file, by the file's kind as its {@code Type} line names it.
     */
    private static final Map<String, String> VIEWED = Map.of(
            "DBF", "the dBASE table",
            "XLS", "the Excel workbook",
            "XLSX", "the Excel workbook",
            "ACCESS", "the Access database",
            "ASCII", "the text file",
            "DELIMITED", "the text file",
            "SHAPEFILE", "the Shapefile",
            "ODBC", "a database table");

    private static final Pattern TAB_TYPE = Pattern.compile("(?im)^\\s*Type\\s+\"?(\\w+)");
    private static final Pattern TAB_FIELDS = Pattern.compile("(?im)^\\s*Fields\\s+\\d+");
    /** The mark of a seamless table in its .tab's metadata. */
    private static final Pattern SEAMLESS = Pattern.compile("(?i)\"\\\\IsSeamless\"\\s*=\\s*\"TRUE\"");

    /** The start of a .tab, its text as bytes (its names may be in any code page). */
    private static String tabHeader(Path tab) throws IOException {
        try (InputStream in = Files.newInputStream(tab)) {
            return new String(in.readNBytes(1 << 16), StandardCharsets.ISO_8859_1);
        }
    }

    private static final Pattern TAB_FILE = Pattern.compile("(?im)^\\s*File\\s+\"([^\"]*)\"");

    /**
     * A MapInfo table is several files: .tab with .dat and .map (and .id), or .mif with .mid. A .tab
     * that is MapInfo's view of a dBASE table has its data in the .dbf of its name, which GDAL reads
     * with the .map; one over another program's file (a workbook, a text file), or a seamless table
     * (an index of other tables shown as one), GDAL does not read: it is refused saying what it is.
     */
    private static void checkMapInfo(Path file, String format) throws IOException {
        String type = "NATIVE";
        String viewed = null;
        if (format.equals("tab")) {
            String header = tabHeader(file);
            // the definition's lines before its fields: a field may be named Type or File
            Matcher fields = TAB_FIELDS.matcher(header);
            String definition = fields.find() ? header.substring(0, fields.start()) : header;
            Matcher typed = TAB_TYPE.matcher(definition);
            type = typed.find() ? typed.group(1).toUpperCase(Locale.ROOT) : "NATIVE";
            Matcher named = TAB_FILE.matcher(definition);
            viewed = named.find() ? named.group(1).replaceAll(".*[\\\\/]", "") : null;
            if (viewed != null) {
                // the name in the .tab's own code page, as its !charset names it
                viewed = MapInfoText.inTabCharset(viewed, header);
            }
            String saveNative = "open it in MapInfo and save a native copy (File › Save Copy As: a .tab with its .dat,"
                    + " .map and .id), or export it as MIF/MID (Table › Export), and import that";
            if (type.equals("SEAMLESS") || SEAMLESS.matcher(header).find()) {
                throw new BadSourceException(
                        SourceProblem.UNSUPPORTED_FORMAT,
                        "the MapInfo table " + file.getFileName() + " is a seamless table: an index of other"
                                + " tables that MapInfo shows as one, with no features of its own; "
                                + saveNative.replace(
                                        "save a native copy", "save a copy of the whole as one native table")
                                + " (or import its tables one at a time)");
            }
            if (type.equals("RASTER") || type.equals("GRID") || type.equals("IMAGE")) {
                // a registered image: MapInfo cannot save or export it as a table of objects
                throw new BadSourceException(
                        SourceProblem.NO_FEATURES,
                        "the MapInfo table " + file.getFileName() + " is a map image (raster, Type " + type + ")"
                                + (viewed == null ? "" : " of " + viewed) + ": a scanned or photographed plan, with"
                                + " no outlines in it to import; the plots must first be drawn over it (digitised) as"
                                + " regions in MapInfo or QGIS, and that table imported");
            }
            if (!type.equals("NATIVE") && !type.equals("LINKED") && !type.equals("DBF")) {
                throw new BadSourceException(
                        SourceProblem.UNSUPPORTED_FORMAT,
                        "the MapInfo table " + file.getFileName() + " is only MapInfo's view of "
                                + VIEWED.getOrDefault(type, "a file of another program (Type " + type + ")")
                                + (viewed == null ? "" : " " + viewed)
                                + ", which holds its data: GDAL reads native MapInfo tables only; " + saveNative);
            }
        }
        String data = type.equals("DBF") ? "dbf" : "dat";
        if (type.equals("DBF") && companion(file, baseName(file), "dbf") == null) {
            throw new BadSourceException(
                    SourceProblem.INCOMPLETE,
                    "the MapInfo table " + file.getFileName() + " is MapInfo's view of the dBASE table "
                            + (viewed == null ? baseName(file) + ".dbf" : viewed) + ", which holds its data, and comes"
                            + " without " + baseName(file) + ".dbf: send the .tab, .dbf, .map and .id together, zipped"
                            + " (GDAL reads the .dbf of the table's own name), or open it in MapInfo and save a native"
                            + " copy (File › Save Copy As) or export it as MIF/MID (Table › Export)");
        }
        if (type.equals("DBF") && companion(file, baseName(file), "map") == null) {
            throw new BadSourceException(
                    SourceProblem.NO_GEOMETRY,
                    "the MapInfo table " + file.getFileName() + " is MapInfo's view of the dBASE table "
                            + baseName(file) + ".dbf without a .map file: it holds attributes and no geometry,"
                            + " nothing to draw; open it in MapInfo, make it mappable (Table › Create Points from"
                            + " its coordinates) or send the .map it was drawn in, and save a native copy (File ›"
                            + " Save Copy As) or export it as MIF/MID (Table › Export)");
        }
        // GDAL opens no native table without its .id, which places each row's object in the .map
        List<String> needed = format.equals("tab")
                ? (data.equals("dat") ? List.of(data, "map", "id") : List.of(data, "map"))
                : List.of("mid");
        List<String> missing = new ArrayList<>();
        for (String extension : needed) {
            if (companion(file, baseName(file), extension) == null) {
                missing.add("." + extension);
            }
        }
        if (!missing.isEmpty()) {
            throw new BadSourceException(
                    SourceProblem.INCOMPLETE,
                    "the MapInfo file " + file.getFileName() + " comes without its "
                            + (missing.size() > 1
                                    ? String.join(", ", missing.subList(0, missing.size() - 1)) + " and "
                                            + missing.get(missing.size() - 1)
                                    : missing.get(0))
                            + " file" + (missing.size() > 1 ? "s" : "")
                            + ": send all the files of the table together, zipped");
        }
        Path id = companion(file, baseName(file), "id");
        if (format.equals("tab") && data.equals("dat") && id != null) {
            // the .id holds where each row's object is in the .map, 4 bytes a row: GDAL reads as many
            // rows as the .dat's header counts, and the objects past them were left out without a word
            long rows;
            try (java.io.InputStream in = Files.newInputStream(companion(file, baseName(file), "dat"))) {
                byte[] header = in.readNBytes(8);
                rows = header.length < 8
                        ? -1
                        : java.nio.ByteBuffer.wrap(header, 4, 4)
                                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                                .getInt();
            }
            long objects = Files.size(id) / 4;
            if (rows >= 0 && rows != objects) {
                throw new BadSourceException(
                        SourceProblem.DAMAGED,
                        "the MapInfo table " + file.getFileName() + " is damaged: its .dat counts " + rows
                                + " rows, and its .id and .map hold " + objects + " objects; open it in MapInfo"
                                + " and save a copy (File › Save Copy As), or export it as MIF/MID (Table ›"
                                + " Export), and import that");
            }
        }
    }

    private static void checkShapefile(Path shp, List<Detail> notes) throws IOException {
        String base = baseName(shp);
        if (companion(shp, base, "dbf") == null) {
            // a table of another name beside it, of no .shp: saved from Excel, or renamed by hand
            List<String> tables = new ArrayList<>();
            try (Stream<Path> beside = Files.list(shp.toAbsolutePath().getParent())) {
                for (Path dbf :
                        beside.filter(f -> extension(f).equals("dbf")).sorted().toList()) {
                    if (companion(dbf, baseName(dbf), "shp") == null) {
                        tables.add(dbf.getFileName().toString());
                    }
                }
            }
            throw new BadSourceException(
                    SourceProblem.INCOMPLETE,
                    "the shapefile " + shp.getFileName() + " has no .dbf file: the attributes of its features are"
                            + " in it; "
                            + (tables.isEmpty()
                                    ? "send the .shp, .shx, .dbf and .prj together (best zipped)"
                                    : "the zip holds " + String.join(", ", tables) + ", of no .shp: if it is this"
                                            + " one's table, name it " + base + ".dbf"));
        }
        if (companion(shp, base, "shx") == null) {
            notes.add(Detail.of("file_shx_rebuilt", "the .shx index was missing and was rebuilt from the .shp"));
        }
        Path qpj = companion(shp, base, "qpj");
        if (companion(shp, base, "prj") == null && qpj != null) {
            // older QGIS wrote the coordinate system twice, and a .qpj alone is sent when the .prj is lost
            Files.copy(qpj, shp.resolveSibling(base + ".prj"));
            notes.add(Detail.of(
                    "file_qpj",
                    "the shapefile has no .prj but a .qpj (written by QGIS): its coordinate system was read from"
                            + " it"));
        }
        if (Files.size(shp) < 100) {
            throw new BadSourceException(
                    SourceProblem.DAMAGED,
                    "the shapefile " + shp.getFileName() + " is truncated: " + Files.size(shp)
                            + " bytes, less than its 100-byte header");
        }
        String mismatch = ShapefileRings.headerTypeMismatch(shp);
        if (mismatch != null) {
            throw new BadSourceException(SourceProblem.DAMAGED, mismatch);
        }
    }

    /** A coordinate system GDAL reads given, but not in a .prj: a PROJ string, an EPSG code, WKT 2. */
    private static final java.util.regex.Pattern PRJ_NOT_READ = java.util.regex.Pattern.compile(
            "(?s)(?:\\+.*proj=.*|(?i)EPSG:\\s*[0-9]+|(?:PROJCRS|GEOGCRS|GEODCRS|BOUNDCRS|COMPOUNDCRS|PROJECTEDCRS"
                    + "|GEOGRAPHICCRS|GEODETICCRS)\\s*\\[.*)");

    /**
     * The definition a Shapefile's .prj holds in a form GDAL reads given (as --srs) but not from a
     * .prj, which it takes for none: a PROJ string (as some Kazakh and Russian programs write it), an
     * EPSG code, WKT 2 (epsg.org's export); noted, and read as if given. An empty .prj is noted as
     * such. Null otherwise: GDAL reads the .prj itself, or there is none.
     */
    private static String prjGdalDoesNotRead(Path shp, List<Detail> notes) throws IOException {
        Path prj = companion(shp, baseName(shp), "prj");
        if (prj == null || Files.size(prj) > 1024 * 1024) {
            return null;
        }
        String text = new String(Files.readAllBytes(prj), StandardCharsets.UTF_8)
                .replace("\uFEFF", "")
                .strip();
        if (text.isEmpty()) {
            notes.add(Detail.of("file_prj_empty", "the shapefile's .prj is empty: it names no coordinate system"));
            return null;
        }
        if (!PRJ_NOT_READ.matcher(text).matches()) {
            // GDAL takes a .prj it cannot read for none: the clerk, told to add one, would send it again
            boolean wkt = text.matches("(?s)^(PROJCS|GEOGCS|GEOCCS|LOCAL_CS|COMPD_CS|VERT_CS)\\s*\\[.*");
            if (!wkt
                    || text.chars().filter(c -> c == '[').count()
                            != text.chars().filter(c -> c == ']').count()) {
                String start = text.lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "?");
                notes.add(Detail.of(
                        wkt ? "file_prj_wkt_damaged" : "file_prj_unreadable",
                        "the shapefile's .prj is not a coordinate system GDAL can read"
                                + (wkt ? " (its WKT is cut short or damaged)" : "")
                                + ": it begins '{start}'",
                        "start",
                        start.length() > 60 ? start.substring(0, 60) + "…" : start));
            }
            return null;
        }
        notes.add(Detail.of(
                "file_prj_read_as_srs",
                "the shapefile's .prj holds {definition}, a definition GDAL does not read from a .prj: it was"
                        + " read as the file's coordinate system, as if given",
                "definition",
                text.length() > 300 ? text.substring(0, 300) + "…" : text));
        return text;
    }

    /**
     * Rewrites the private copy of {@code shp}'s .prj in UTF-8 when it is not: Russian programs
     * (Panorama, MapInfo's export) write the names in it, «Местная система координат», in the code
     * page of the .dbf ({@code codePage}, or when that is UTF-8 or unknown the one its bytes fit),
     * and GDAL, which reads a .prj as UTF-8, gave every letter as «�» to the report.
     */
    private static void prjInUtf8(Path shp, String codePage) throws IOException {
        Path prj = companion(shp, baseName(shp), "prj");
        if (prj == null || Files.size(prj) > 1024 * 1024) {
            return;
        }
        byte[] bytes = Files.readAllBytes(prj);
        if (CodePages.isUtf8(bytes, false)) {
            return;
        }
        String page = null;
        try {
            page = codePage == null || isUtf8(codePage) ? null : CodePages.canonical(codePage);
        } catch (BadSourceException e) {
            // a name no office uses: the bytes tell
        }
        if (page == null) {
            page = CodePages.guessBytes(bytes, false);
        }
        Files.writeString(prj, CodePages.decode(bytes, page == null ? "CP1251" : page), StandardCharsets.UTF_8);
    }

    /** The key of the warning that a file's longitudes and latitudes are all rounded ({@link CsvHeader#roundedCoordinates}). */
    public static final String COORDINATES_ROUNDED = "file_coordinates_rounded";

    /** The key of the warning that a file's coordinates in metres are all rounded ({@link CsvHeader#roundedCoordinates}). */
    public static final String COORDINATES_ROUNDED_METRES = "file_coordinates_rounded_metres";

    /**
     * Says, of a CSV file or a workbook's sheet written as one, when its longitudes and latitudes or
     * its coordinates in metres are all rounded ({@link CsvHeader#roundedCoordinates}), with how far its
     * points may lie from where they were measured.
     */
    private static void roundedCoordinates(Path csv, List<Detail> notes) throws IOException {
        CsvHeader.Rounded rounded = CsvHeader.roundedCoordinates(
                csv,
                kz.adalmap.importers.gdal.Ogr2Ogr.CSV_LONGITUDE_NAMES,
                kz.adalmap.importers.gdal.Ogr2Ogr.CSV_LATITUDE_NAMES);
        if (rounded != null && rounded.metres()) {
            notes.add(Detail.of(
                    COORDINATES_ROUNDED_METRES,
                    "every coordinate of the file in metres is a whole number of {step} m (its {rows} rows),"
                            + " as a spreadsheet saves a number as its format shows it: each point may lie up"
                            + " to {metres} m from where it was measured; show the columns' every digit in the"
                            + " spreadsheet and save the file again, or look at the points on the map before"
                            + " publishing",
                    "step",
                    (long) Math.pow(10, rounded.digits()),
                    "rows",
                    rounded.rows(),
                    "metres",
                    rounded.metresOff()));
        } else if (rounded != null) {
            notes.add(Detail.of(
                    COORDINATES_ROUNDED,
                    "every longitude and latitude of the file has {decimals} decimals or fewer (its {rows} rows),"
                            + " as a spreadsheet saves a number as its format shows it («82,61»): each point may"
                            + " lie up to about {metres} m from where it was measured; show the columns' every"
                            + " digit in the spreadsheet and save the file again, or look at the points on the"
                            + " map before publishing",
                    "decimals",
                    (long) rounded.digits(),
                    "rows",
                    rounded.rows(),
                    "metres",
                    rounded.metresOff()));
        }
    }

    /**
     * Reads the angles of a CSV file's longitude and latitude columns (a workbook's sheet written as
     * one too) written in degrees, minutes and seconds as decimal degrees, saying how many; each cell
     * that is no number nor angle is a problem of its row.
     */
    private static void readAngles(Path csv, List<Detail> notes, List<CellProblem> cellProblems) throws IOException {
        CsvHeader.DmsRead read = CsvHeader.degreesFromDms(
                csv,
                kz.adalmap.importers.gdal.Ogr2Ogr.CSV_LONGITUDE_NAMES,
                kz.adalmap.importers.gdal.Ogr2Ogr.CSV_LATITUDE_NAMES);
        long dms = read.converted();
        for (CsvHeader.Unread cell : read.unread()) {
            cellProblems.add(
                    new CellProblem(cell.line(), cell.column(), true, "coordinate_unread", coordinateUnread(cell)));
        }
        if (dms > 0) {
            notes.add(Detail.of(
                    "file_degrees_minutes_seconds",
                    "{count} coordinates of the file are written in degrees, minutes and seconds (82°36'10\"E):"
                            + " they were read as decimal degrees",
                    "count",
                    dms));
        }
    }

    /**
     * Why a longitude or latitude cell of a CSV file could not be read, by its line, column and text:
     * its row has no geometry, and is rejected so.
     */
    private static Detail coordinateUnread(CsvHeader.Unread cell) {
        String[] why = cell.why();
        String reason = switch (why[0]) {
            case "degrees" -> "is no angle: its degrees are {degrees}, more than {most}";
            case "minutes" -> "is no angle: its minutes are {minutes} (0 to 59)";
            case "seconds" -> "is no angle: its seconds are {seconds} (0 to 59)";
            case "latitude_mark" -> "is marked as a latitude ({mark}), and the column holds longitudes";
            case "longitude_mark" -> "is marked as a longitude ({mark}), and the column holds latitudes";
            default -> "is neither a number of degrees (82.6050) nor degrees, minutes and seconds (82°36'18\")";
        };
        List<String> named = switch (why[0]) {
            case "degrees" -> List.of("degrees", "most");
            case "minutes", "seconds" -> List.of(why[0]);
            case "latitude_mark", "longitude_mark" -> List.of("mark");
            default -> List.of();
        };
        List<Object> values =
                new ArrayList<>(List.of("line", cell.line(), "value", cell.value(), "column", cell.column()));
        for (int i = 0; i < named.size(); i++) {
            values.add(named.get(i));
            values.add(why[i + 1]);
        }
        return Detail.of(
                "file_coordinate_" + why[0],
                "line {line}: the coordinate '{value}' of the column {column} " + reason
                        + ": the feature has no geometry",
                values.toArray());
    }

    private static boolean isUtf8(String codePage) {
        return codePage.equalsIgnoreCase("UTF-8") || codePage.equalsIgnoreCase("UTF8");
    }

    /**
     * Names the Shapefile's companions (.dbf, .shx, .prj, .cpg) after the .shp exactly: GDAL looks
     * for them under the .shp's own base name only, and a zip from Windows may hold PLOTS.shp beside
     * plots.dbf, whose attributes were then left unread. The files are the private copy's.
     */
    private static void alignCompanions(Path shp) throws IOException {
        String base = baseName(shp);
        try (Stream<Path> files = Files.list(shp.getParent())) {
            for (Path file : files.toList()) {
                String wanted = base + "." + extension(file);
                if (!file.equals(shp)
                        && baseName(file).equalsIgnoreCase(base)
                        && !file.getFileName().toString().equals(wanted)
                        && !baseName(file).equals(base)
                        && !Files.exists(file.resolveSibling(wanted))) {
                    Files.move(file, file.resolveSibling(wanted));
                }
            }
        }
    }

    /**
     * The extensions of the parts of a Shapefile (with the indexes ArcGIS and QGIS leave beside it) and
     * of a MapInfo table, TAB or MIF/MID.
     */
    private static final Set<String> PART_EXTENSIONS = Set.of(
            "shp", "shx", "dbf", "prj", "cpg", "qpj", "sbn", "sbx", "qix", "fbn", "fbx", "ain", "aih", "atx", "ixs",
            "mxs", "tab", "dat", "map", "id", "ind", "mif", "mid");

    /**
     * Gives each part of a Shapefile or a MapInfo table under {@code dir} whose extension is in mixed
     * case ({@code plots.Prj}, {@code Plots.Tab}, as a part renamed by hand in Explorer, or written by a
     * tool that keeps a name as typed) its extension in lower case: GDAL looks for a part in lower or
     * upper case only, and read the .shp without its .prj (its coordinates taken for WGS 84's) or its
     * .dbf (without attributes), or a .Shp or a table not at all. The files are the private copy's
     * (a File Geodatabase's tables are left as they are); returns the names the renamed ones were
     * sent by, by their new path.
     */
    private static Map<Path, String> partsInGdalsCase(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.filter(Files::isRegularFile)
                    .filter(f -> {
                        for (Path folder = f.getParent(); !folder.equals(dir); folder = folder.getParent()) {
                            if (extension(folder).equals("gdb")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .toList();
        }
        Map<Path, String> sentAs = new HashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String written = name.substring(name.lastIndexOf('.') + 1);
            String lower = written.toLowerCase(Locale.ROOT);
            if (!name.contains(".")
                    || !PART_EXTENSIONS.contains(lower)
                    || written.equals(lower)
                    || written.equals(written.toUpperCase(Locale.ROOT))) {
                continue;
            }
            Path renamed = file.resolveSibling(name.substring(0, name.length() - written.length()) + lower);
            if (!Files.exists(renamed)) {
                Files.move(file, renamed);
                sentAs.put(renamed, name);
            }
        }
        return sentAs;
    }

    /**
     * Reads the only .prj beside {@code shp}, when it has none of its name and it is the only
     * Shapefile there, as its own, and says so: a clerk who renamed plots.shp, .shx, .dbf and .cpg to
     * Участки.* and not plots.prj meant the same file, whose coordinates were read without their
     * system (Pulkovo 1942's degrees as WGS 84's, some 60 m off) without a word. Beside several
     * Shapefiles such a .prj may be any one's: it is named, not read.
     */
    private static void prjOfAnotherName(Path shp, Map<Path, String> sentAs, List<Detail> notes) throws IOException {
        String base = baseName(shp);
        if (companion(shp, base, "prj") != null) {
            return;
        }
        List<Path> shps;
        List<Path> prjs;
        try (Stream<Path> files = Files.list(shp.getParent())) {
            List<Path> all = files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("._"))
                    .sorted()
                    .toList();
            shps = all.stream().filter(f -> extension(f).equals("shp")).toList();
            prjs = all.stream()
                    .filter(f -> extension(f).equals("prj"))
                    .filter(f -> shps.stream().noneMatch(s -> baseName(s).equalsIgnoreCase(baseName(f))))
                    .toList();
        }
        if (prjs.size() != 1) {
            return;
        }
        Path prj = prjs.get(0);
        String shpName = sentAs.getOrDefault(shp, shp.getFileName().toString());
        String prjName = sentAs.getOrDefault(prj, prj.getFileName().toString());
        if (shps.size() == 1) {
            Files.copy(prj, shp.resolveSibling(base + ".prj"));
            notes.add(Detail.of(
                    "file_prj_other_name",
                    "the shapefile {file} has no .prj of its name: the only .prj beside it, {prj}, was read as its"
                            + " coordinate system",
                    "file",
                    shpName,
                    "prj",
                    prjName));
        } else {
            notes.add(Detail.of(
                    "file_prj_unpaired",
                    "the shapefile {file} has no .prj of its name, and {prj}, named after none of the {count}"
                            + " shapefiles beside it, was not read: if it is this shapefile's, name it {wanted}",
                    "file",
                    shpName,
                    "prj",
                    prjName,
                    "count",
                    shps.size(),
                    "wanted",
                    base + ".prj"));
        }
    }

    private static Path companion(Path shp, String base, String extension) throws IOException {
        try (Stream<Path> files = Files.list(shp.getParent())) {
            return files.filter(p ->
                            baseName(p).equalsIgnoreCase(base) && extension(p).equals(extension))
                    .findFirst()
                    .orElse(null);
        }
    }

    /**
     * The dataset of {@code dir} to read: the only one of the first format found, or of several the
     * one {@code sourceLayer} names ({@link #names}); with none named, for an import of {@code kind}
     * plots the only Shapefile of polygons, for one of networks those of lines or points, more than
     * one of them moved to a folder of their own that GDAL reads as one dataset of several layers.
     */
    /** The note's key of a geodatabase's tables zipped without their folder, read as the archive itself. */
    private static final String GDB_WITHOUT_FOLDER = "file_gdb_without_folder";

    private static Path findDataset(Path dir, String sourceLayer, String kind, List<Detail> notes) throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir)) {
            // macOS archivers add __MACOSX/._name copies of every file: resource forks, not data
            files = all.filter(f -> Files.isRegularFile(f)
                            || Files.isDirectory(f) && extension(f).equals("gdb"))
                    .filter(f -> !dir.relativize(f).toString().startsWith("__MACOSX")
                            && !f.getFileName().toString().startsWith("._"))
                    .sorted(Comparator.naturalOrder())
                    .toList();
        }
        // a MIF/MID pair beside the table of its name is the same table written twice
        Set<String> mapInfoTables = new HashSet<>();
        files.stream()
                .filter(f -> extension(f).equals("tab"))
                .forEach(f -> mapInfoTables.add(
                        relative(dir, f.resolveSibling(baseName(f))).toLowerCase(Locale.ROOT)));
        List<Path> drawn = files.stream()
                .filter(f -> DRAWN.contains(extension(f)))
                .filter(f -> !(extension(f).equals("mif")
                        && mapInfoTables.contains(
                                relative(dir, f.resolveSibling(baseName(f))).toLowerCase(Locale.ROOT))))
                .toList();
        List<Path> tablesBeside = files.stream()
                .filter(f -> DATASET_EXTENSIONS.contains(extension(f)) && !DRAWN.contains(extension(f)))
                .toList();
        List<Path> namedAny = files.stream()
                .filter(f -> DATASET_EXTENSIONS.contains(extension(f)) && names(dir, f, sourceLayer))
                .toList();
        if (namedAny.size() == 1) {
            return namedAny.get(0);
        }
        List<String> formats =
                drawn.stream().map(SourceFiles::extension).distinct().toList();
        if (namedAny.size() > 1
                && namedAny.stream().map(SourceFiles::extension).distinct().count() > 1) {
            throw new BadSourceException(
                    SourceProblem.SEVERAL_DATASETS,
                    "the archive holds " + namedAny.size() + " files named '" + sourceLayer + "' ("
                            + String.join(
                                    ", ",
                                    namedAny.stream().map(f -> relative(dir, f)).toList())
                            + "); name the one to import as the layer in the file with its extension (e.g. "
                            + relative(dir, namedAny.get(0)) + ")");
        }
        if (namedAny.isEmpty() && formats.size() > 1) {
            // a layer inside a file: of a GeoPackage, a File Geodatabase or a KML, when only one may hold it
            List<Path> ofLayers = drawn.stream()
                    .filter(f -> MANY_LAYERS.contains(extension(f)))
                    .toList();
            if (sourceLayer != null && ofLayers.size() == 1) {
                return ofLayers.get(0);
            }
            // which is the one meant cannot be told by the order of formats: a Shapefile was read and
            // the GeoJSON or GeoPackage beside it passed over without a word
            List<String> listed = drawn.stream().map(f -> relative(dir, f)).toList();
            throw new BadSourceException(
                    SourceProblem.SEVERAL_DATASETS,
                    "the archive holds " + drawn.size() + " files of GIS data (" + String.join(", ", listed)
                            + (sourceLayer == null ? "" : ", none of them named '" + sourceLayer + "'")
                            + "); name the one to import as the layer in the file (e.g. " + listed.get(0)
                            + "), or send one at a time");
        }
        List<String> looked = !namedAny.isEmpty()
                ? List.of(extension(namedAny.get(0)))
                : formats.isEmpty() ? DATASET_EXTENSIONS : formats;
        for (String extension : looked) {
            List<Path> found =
                    files.stream().filter(f -> extension(f).equals(extension)).toList();
            if (found.size() > 1) {
                List<Path> named =
                        found.stream().filter(f -> names(dir, f, sourceLayer)).toList();
                if (named.size() == 1) {
                    return named.get(0);
                }
                if (extension.equals("tab")) {
                    // a seamless table with the tables it shows as one: said as what it is
                    for (Path tab : found) {
                        if (SEAMLESS.matcher(tabHeader(tab)).find()) {
                            checkMapInfo(tab, extension);
                        }
                    }
                }
                List<String> listed = found.stream().map(f -> relative(dir, f)).toList();
                if (sourceLayer == null && extension.equals("shp")) {
                    // ArcGIS and QGIS export a project's empty layers beside the one of features: of
                    // Shapefiles of which only one holds records, that one is read, as of a GeoPackage
                    List<Path> filled = withRecords(found);
                    Path only = onlyOneWithRecords(
                            dir,
                            found,
                            found,
                            filled,
                            "file_shapefiles_empty_left_out",
                            "the archive holds {count} .shp files ({files}); {file}, the only one with features,"
                                    + " was imported; the others ({empty}) hold no features and were not read",
                            notes);
                    if (only != null) {
                        return only;
                    }
                    if ("plots".equals(kind) || "networks".equals(kind) || defined(kind) != null) {
                        Path chosen = byGeometry(dir, found, filled, kind, notes);
                        if (chosen != null) {
                            return chosen;
                        }
                    }
                }
                // the example is a name that picks a file of the import's geometry where one is
                List<Path> fitting = extension.equals("shp") && kind != null
                        ? found.stream().filter(f -> fits(kind, shapeType(f))).toList()
                        : List.of();
                Path example = fitting.isEmpty() ? found.get(0) : fitting.get(0);
                boolean alike = found.stream()
                                .filter(f -> baseName(f).equalsIgnoreCase(baseName(example)))
                                .count()
                        > 1;
                throw new BadSourceException(
                        SourceProblem.SEVERAL_DATASETS,
                        "the archive holds " + found.size() + " ." + extension + " files (" + String.join(", ", listed)
                                + (sourceLayer == null
                                        ? ""
                                        : named.isEmpty()
                                                ? ", none of them named '" + sourceLayer + "'"
                                                : ", " + named.size() + " of them named '" + sourceLayer + "'")
                                + "); name the one to import as the layer in the file"
                                + (alike ? ", by its path in the archive" : "") + " (e.g. "
                                + (alike ? relative(dir, example) : baseName(example))
                                + "), or send one layer at a time");
            }
            if (found.size() == 1) {
                if (!formats.isEmpty() && !tablesBeside.isEmpty()) {
                    notes.add(Detail.of(
                            "file_tables_not_read",
                            "the archive also holds {files}, left unread: name one as the layer in the file to"
                                    + " import it instead",
                            "files",
                            tablesBeside.stream().map(f -> relative(dir, f)).toList()));
                }
                return found.get(0);
            }
        }
        // a File Geodatabase zipped from inside its folder (select all, Send to, Compressed folder):
        // its tables without the folder named .gdb that GDAL knows it by. The copy is private.
        Path tables = files.stream()
                .filter(f -> f.getFileName().toString().matches("(?i)a[0-9a-f]{8}\\.gdbtable"))
                .map(Path::getParent)
                .findFirst()
                .orElse(null);
        if (tables != null) {
            Path gdb = tables.resolveSibling(tables.getFileName() + ".gdb");
            if (tables.equals(dir)) {
                gdb = Files.createDirectories(dir.resolve("geodatabase.gdb"));
                for (Path f : files) {
                    if (f.getParent().equals(dir)) {
                        Files.move(f, gdb.resolve(f.getFileName()));
                    }
                }
                // a name of the copy's own, which the archive does not hold: the archive itself is read
                notes.add(Detail.of(
                        GDB_WITHOUT_FOLDER,
                        "the archive holds the tables of a File Geodatabase without the .gdb folder they belong"
                                + " in: they were read as one geodatabase"));
                return gdb;
            }
            return Files.move(tables, gdb);
        }
        List<String> zips = files.stream()
                .filter(f -> extension(f).equals("zip"))
                .map(f -> dir.relativize(f).toString())
                .toList();
        if (zips.size() > 1) {
            throw new BadSourceException(
                    SourceProblem.SEVERAL_DATASETS,
                    "the archive holds " + zips.size() + " zip files (" + String.join(", ", zips)
                            + ") and no GIS data beside them: import each of them on its own");
        }
        // a drawing or a format AdalMap does not read: said by name, as for such a file sent alone
        List<String> unread = files.stream()
                .filter(f -> DRAWINGS.containsKey(extension(f)))
                .map(f -> dir.relativize(f) + " (" + DRAWINGS.get(extension(f)) + ")")
                .toList();
        if (!unread.isEmpty()) {
            throw new BadSourceException(
                    SourceProblem.UNSUPPORTED_FORMAT,
                    "the archive holds " + String.join(", ", unread) + ", which AdalMap cannot read: export it as a"
                            + " Shapefile, GeoPackage or GeoJSON (QGIS: Export › Save Features As; AutoCAD Map 3D:"
                            + " MAPEXPORT) and send that");
        }
        throw new BadSourceException(
                SourceProblem.NO_GIS_DATA,
                "found no GIS data in the file: expected one of "
                        + DATASET_EXTENSIONS.stream().map(e -> "." + e).toList());
    }

    /** Files offices send that hold drawings or data in a format AdalMap does not read, with what they are. */
    private static final Map<String, String> DRAWINGS = Map.of(
            "dxf", "an AutoCAD drawing",
            "dwg", "an AutoCAD drawing",
            "dgn", "a MicroStation drawing",
            "gml", "a GML file",
            "pdf", "a PDF document",
            "tif", "a raster image",
            "tiff", "a raster image",
            "jpg", "a picture",
            "png", "a picture");

    /** The KML of an unpacked KMZ that GDAL would read: its doc.kml, else its first .kml; null when it has none. */
    /** The KML files of an unpacked KMZ other than its document {@code doc}, in name order. */
    private static List<Path> otherKmls(Path folder, Path doc) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile)
                    .filter(f -> extension(f).equals("kml") && !f.equals(doc))
                    .filter(f -> !folder.relativize(f).toString().startsWith("__MACOSX"))
                    .sorted()
                    .toList();
        }
    }

    /** A KML document in {@code folder} that links {@code doc} and then {@code others}, each by its file name. */
    private static Path allKmls(Path folder, Path doc, List<Path> others) throws IOException {
        StringBuilder kml = new StringBuilder(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>");
        List<Path> files = new ArrayList<>();
        files.add(doc);
        files.addAll(others);
        for (Path file : files) {
            String href = folder.relativize(file).toString().replace('\\', '/');
            kml.append("<NetworkLink><name>")
                    .append(xml(baseName(file)))
                    .append("</name><Link><href>")
                    .append(xml(href))
                    .append("</href></Link></NetworkLink>");
        }
        kml.append("</Document></kml>\n");
        Path all = folder.resolve("adalmap-all.kml");
        Files.writeString(all, kml, java.nio.charset.StandardCharsets.UTF_8);
        return all;
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static Path kmzDocument(Path folder) throws IOException {
        Path doc = null;
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path f : all.filter(Files::isRegularFile)
                    .filter(f -> extension(f).equals("kml"))
                    .filter(f -> !folder.relativize(f).toString().startsWith("__MACOSX"))
                    .sorted()
                    .toList()) {
                if (f.getParent().equals(folder) && f.getFileName().toString().equalsIgnoreCase("doc.kml")) {
                    return f;
                }
                doc = doc == null ? f : doc;
            }
        }
        return doc;
    }

    /** ArcGIS's File Geodatabase: a folder named *.gdb of tables. */
    private static boolean isGeodatabase(Path file) {
        return Files.isDirectory(file) && extension(file).equals("gdb");
    }

    /** The files of a File Geodatabase folder, in name order. */
    private static List<Path> tables(Path gdb) throws IOException {
        try (Stream<Path> files = Files.list(gdb)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * The write-ahead log of the SQLite database {@code file} (a GeoPackage), {@code <name>-wal} beside
     * it, when it holds anything: edits committed but not yet written into the file itself, which
     * SQLite reads as part of it. Its {@code -shm} index is not needed: SQLite rebuilds it from the log.
     */
    static Path writeAheadLog(Path file) {
        Path log = file.toAbsolutePath().resolveSibling(file.getFileName() + "-wal");
        try {
            return Files.isRegularFile(log) && Files.size(log) > 0 ? log : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The key of {@link #logNotSent}'s warning. */
    public static final String WAL_NOT_SENT = "file_gpkg_wal_not_sent";

    /**
     * Warns when the GeoPackage {@code gpkg} is in WAL mode (its header's bytes 18 and 19, the file
     * format's write and read versions, are 2) and no {@code -wal} lies beside {@code sent}, the file
     * as it was sent. QGIS keeps a GeoPackage in WAL mode while its project is open, and its saved
     * edits in the {@code -wal} until it closes it; GDAL and QGIS leave the file in the default mode
     * (1) when they close it. So such a file was copied while open, and what it holds may be the plots
     * as they were before the edits the clerk saved.
     */
    private static void logNotSent(Path gpkg, Path sent, List<Detail> notes) throws IOException {
        byte[] header = new byte[20];
        try (InputStream in = Files.newInputStream(gpkg)) {
            if (in.readNBytes(header, 0, header.length) < header.length) {
                return;
            }
        }
        boolean sqlite = new String(header, 0, 16, StandardCharsets.ISO_8859_1).equals("SQLite format 3\0");
        Path log = sent.toAbsolutePath().resolveSibling(sent.getFileName() + "-wal");
        if (sqlite && header[18] == 2 && header[19] == 2 && !Files.exists(log)) {
            notes.add(Detail.of(
                    WAL_NOT_SENT,
                    "the GeoPackage {file} was copied while a program (QGIS) had it open: edits saved since may"
                            + " be in {log}, which was not sent; close the project in QGIS and send the file"
                            + " again, or zip the .gpkg with its -wal",
                    "file",
                    sent.getFileName().toString(),
                    "log",
                    log.getFileName().toString()));
        }
    }

    /** A hard link to {@code file} at {@code target}, or a copy where the file system has none. */
    private static void linkOrCopy(Path file, Path target) throws IOException {
        try {
            Files.createLink(target, file.toRealPath());
        } catch (IOException | UnsupportedOperationException e) {
            // another disk, or a file system without links
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The SHA-256 of a file, in hex: re-importing the same file is recognised by it. Of a File
     * Geodatabase folder, the digest of its tables' names and contents in name order.
     */
    public static String sha256(Path file) throws IOException {
        boolean geodatabase = isGeodatabase(file);
        if (!Files.isRegularFile(file) && !geodatabase) {
            throw new BadSourceException(SourceProblem.NO_FILE, "there is no file " + file);
        }
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> parts = geodatabase ? tables(file) : new ArrayList<>(List.of(file));
        // a GeoPackage's edits still in its log are part of what was read
        Path log = geodatabase ? null : writeAheadLog(file);
        if (log != null) {
            parts.add(log);
        }
        for (Path part : parts) {
            if (geodatabase) {
                digest.update((part.getFileName() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            try (java.security.DigestInputStream in =
                    new java.security.DigestInputStream(Files.newInputStream(part), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    /** Rewrites the private copy {@code file} without the UTF-8 byte-order mark it starts with, if it does. */
    private static void withoutByteOrderMark(Path file) throws IOException {
        byte[] head = new byte[3];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 3) < 3
                    || head[0] != (byte) 0xEF
                    || head[1] != (byte) 0xBB
                    || head[2] != (byte) 0xBF) {
                return;
            }
        }
        Path without = file.resolveSibling(file.getFileName() + ".part");
        try (java.nio.channels.FileChannel from = java.nio.channels.FileChannel.open(file);
                java.nio.channels.FileChannel to = java.nio.channels.FileChannel.open(
                        without, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            long size = from.size();
            for (long at = 3; at < size; ) {
                at += from.transferTo(at, size - at, to);
            }
        }
        Files.move(without, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static final java.util.regex.Pattern MORE_LEFT_OUT =
            java.util.regex.Pattern.compile("\"exceededTransferLimit\"\\s*:\\s*true");

    /**
     * Whether a JSON file is one page of an ArcGIS service's answer that left features out: ArcGIS
     * marks it {@code "exceededTransferLimit": true}, before the features in Esri JSON and in the
     * collection's properties after them in GeoJSON. The file's first and last 64 KB are read.
     */
    static boolean onePageOfMore(Path json) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(json)) {
            long size = ch.size();
            int part = (int) Math.min(size, 64 * 1024);
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(part);
            ch.read(head, 0);
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(part);
            ch.read(tail, size - part);
            return MORE_LEFT_OUT
                            .matcher(new String(head.array(), StandardCharsets.ISO_8859_1))
                            .find()
                    || MORE_LEFT_OUT
                            .matcher(new String(tail.array(), StandardCharsets.ISO_8859_1))
                            .find();
        }
    }

    /** Deletes a folder and everything in it; a folder that is not there is fine. */
    public static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            deleteContents(dir);
            Files.delete(dir);
        }
    }

    private static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * Unpacks {@code zip} into {@code dir}: the entries its central directory lists, the list every
     * other tool shows, read by {@link ZipFile}; never what its local headers alone say (bytes
     * hidden before the list, sizes that differ from it). The list is checked whole before anything
     * is written; entry names in UTF-8, the DOS or the Windows code page ({@link ZipListing#read}).
     */
    private void unzipAnyNames(Path zip, Path dir) throws IOException {
        refuseOtherArchives(zip);
        unzip(zip, dir);
    }

    /** The one zip file of an unpacked archive that holds no GIS data of its own, else null. */
    private static Path onlyInnerZip(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.filter(Files::isRegularFile)
                    .filter(f -> !dir.relativize(f).toString().startsWith("__MACOSX"))
                    .toList();
        }
        boolean data = files.stream().anyMatch(f -> DATASET_EXTENSIONS.contains(extension(f)));
        List<Path> zips = files.stream().filter(f -> extension(f).equals("zip")).toList();
        return !data && zips.size() == 1 ? zips.get(0) : null;
    }

    private void unzip(Path zip, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        long packed = Files.size(zip);
        long total = 0;
        try {
            List<ZipListing.Entry> listing = ZipListing.read(zip, MAX_ENTRIES);
            if (listing.isEmpty()) {
                throw new BadSourceException(
                        SourceProblem.DAMAGED, "the zip file " + zip.getFileName() + " is empty: it holds no files");
            }
            List<Path> targets = targets(root, listing);
            // ISO-8859-1 reads any name, as bytes; ZipListing has decoded each properly
            try (ZipFile file = new ZipFile(zip.toFile(), StandardCharsets.ISO_8859_1)) {
                if (file.size() != listing.size()) {
                    throw new BadSourceException(
                            SourceProblem.DAMAGED,
                            "the zip file is damaged: its list of files counts " + file.size() + " or " + listing.size()
                                    + " of them, as it is read");
                }
                Enumeration<? extends ZipEntry> entries = file.entries();
                for (int i = 0; i < listing.size(); i++) {
                    ZipEntry entry = entries.hasMoreElements() ? entries.nextElement() : null;
                    ZipListing.Entry listed = listing.get(i);
                    if (entry == null || !entry.getName().equals(listed.zipFileName())) {
                        throw new BadSourceException(
                                SourceProblem.DAMAGED,
                                "the zip file is damaged: its list of files cannot be read as one list");
                    }
                    String name = printable(listed.name());
                    Path target = targets.get(i);
                    if (isFolder(listed)) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    CRC32 crc = new CRC32();
                    long written;
                    try (InputStream in = new CheckedInputStream(file.getInputStream(entry), crc);
                            OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                        written = copyLimited(in, out, total, packed, name, entry.getSize());
                    } catch (ZipException e) {
                        if (e.getMessage() == null || e.getMessage().startsWith("invalid entry")) {
                            // sizes or a checksum that are not the list's: said below
                            throw e;
                        }
                        // zlib's words ("invalid literal/lengths set", "invalid distance too far back")
                        // say only that the packed bytes of this one file are damaged
                        throw new BadSourceException(
                                SourceProblem.DAMAGED,
                                "the file '" + name + "' in the zip is damaged: its packed data do not unpack (a"
                                        + " part of the zip was changed or lost on the way); make the zip again from"
                                        + " the original files",
                                e);
                    }
                    total += written;
                    if (written != entry.getSize() || crc.getValue() != entry.getCrc()) {
                        throw new BadSourceException(
                                SourceProblem.DAMAGED,
                                "the zip file is damaged: its entry '" + name + "' unpacks to " + written
                                        + " bytes, or to other bytes, than its list of files says ("
                                        + entry.getSize() + " bytes)");
                    }
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new BadSourceException(
                    SourceProblem.DAMAGED, "the zip file is damaged: " + printable(e.getMessage()), e);
        }
    }

    /** Compression methods that some archivers offer and {@link ZipFile} does not read. */
    private static final Map<Integer, String> OTHER_METHODS =
            Map.of(9, "Deflate64", 12, "BZip2", 14, "LZMA", 93, "Zstandard", 95, "XZ", 98, "PPMd", 99, "AES");

    /**
     * Where each entry of {@code listing} is unpacked under {@code root}, once the whole list is
     * known to unpack as it says: no entry outside the folder, no link, no name a file system
     * refuses or that two entries share, no file that is also a folder. So a strange list is refused
     * with the entry named, before a byte is written, and never fails half-way as an error of the
     * server.
     */
    private static List<Path> targets(Path root, List<ZipListing.Entry> listing) {
        List<Path> targets = new ArrayList<>(listing.size());
        // by name in lower case: Windows, where most files come from and go back to, unpacks
        // PLOTS.DBF over plots.dbf, and companions are looked for without regard to case
        Map<String, String> files = new HashMap<>();
        Set<Path> folders = new HashSet<>();
        for (ZipListing.Entry entry : listing) {
            String shown = printable(entry.name());
            if (entry.encrypted()) {
                throw new BadSourceException(
                        SourceProblem.UNSUPPORTED_FORMAT,
                        "the zip is protected by a password (its entry '" + shown + "' is encrypted), which"
                                + " AdalMap cannot open; send the zip again without a password");
            }
            if (entry.name().chars().anyMatch(Character::isISOControl)) {
                throw new BadSourceException(
                        SourceProblem.DAMAGED,
                        "the zip entry '" + shown + "' has a control character in its name, which no file"
                                + " should have; the file was refused");
            }
            // Windows PowerShell's Compress-Archive and older Windows tools separate folders with
            // backslashes: the same folders, checked the same way
            String name = entry.name().replace('\\', '/');
            Path target = root.resolve(name).normalize();
            boolean fullPath = name.startsWith("/") || name.matches("(?s)[A-Za-z]:.*");
            if (fullPath || !target.startsWith(root) || target.equals(root)) {
                throw new BadSourceException(
                        SourceProblem.UNSAFE_ZIP,
                        "the zip entry '" + printable(name) + "' points outside the archive"
                                + (fullPath
                                        // some programs write each file's path from the drive or the root
                                        ? ": it is named by its full path on the computer it was zipped on; the"
                                                + " file was refused. Zip the files again from inside their folder"
                                                + " (in Windows Explorer: select them, then Send to › Compressed"
                                                + " (zipped) folder)"
                                        : "; the file was refused"));
            }
            if (entry.symlink()) {
                throw new BadSourceException(
                        SourceProblem.UNSAFE_ZIP,
                        "the zip entry '" + shown + "' is a symbolic link, which may point outside the archive;"
                                + " the file was refused");
            }
            boolean folder = isFolder(entry);
            if (!folder && entry.method() != ZipEntry.STORED && entry.method() != ZipEntry.DEFLATED) {
                throw new BadSourceException(
                        SourceProblem.UNSUPPORTED_FORMAT,
                        "the zip entry '" + shown + "' is compressed with "
                                + OTHER_METHODS.getOrDefault(entry.method(), "method " + entry.method())
                                + ", which AdalMap cannot unpack; zip the files again with the usual Deflate"
                                + " compression");
            }
            Path relative = root.relativize(target);
            for (Path part : relative) {
                int bytes = part.toString().getBytes(StandardCharsets.UTF_8).length;
                if (bytes > 255) {
                    throw new BadSourceException(
                            SourceProblem.DAMAGED,
                            "the zip entry '" + printable(abbreviated(name)) + "' has a name of "
                                    + part.toString().length() + " characters, longer than a file's name can be"
                                    + " (255 bytes); the file was refused");
                }
            }
            if (target.toString().getBytes(StandardCharsets.UTF_8).length > 4000) {
                throw new BadSourceException(
                        SourceProblem.DAMAGED,
                        "the zip entry '" + printable(abbreviated(name)) + "' is " + relative.getNameCount()
                                + " folders deep, more than a file system holds; the file was refused");
            }
            for (Path parent = relative.getParent(); parent != null; parent = parent.getParent()) {
                folders.add(parent);
            }
            if (folder) {
                folders.add(relative);
            } else {
                String other = files.putIfAbsent(relative.toString().toLowerCase(Locale.ROOT), relative.toString());
                if (other != null) {
                    throw new BadSourceException(
                            SourceProblem.DAMAGED,
                            (other.equals(relative.toString())
                                            ? "the zip holds two files named '" + printable(other) + "'"
                                            : "the zip holds the files '" + printable(other) + "' and '"
                                                    + printable(relative.toString())
                                                    + "', whose names differ only in case")
                                    + ": one would be unpacked over the other; send the zip with one file of each"
                                    + " name");
                }
            }
            targets.add(target);
        }
        for (String file : files.values()) {
            if (folders.contains(Path.of(file))) {
                throw new BadSourceException(
                        SourceProblem.DAMAGED,
                        "the zip holds '" + printable(file) + "' both as a file and as a folder, which no"
                                + " file system can unpack; the file was refused");
            }
        }
        return targets;
    }

    /** An entry that is a folder: its name ends with a slash (or a Windows backslash). */
    private static boolean isFolder(ZipListing.Entry entry) {
        return entry.name().endsWith("/") || entry.name().endsWith("\\");
    }

    /** The first 40 characters of a long name, to show in a message. */
    private static String abbreviated(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "…";
    }

    /**
     * {@code text} with its control characters written out ({@code \n}, {@code \u0000}): a name
     * from a zip may hold any, a message is read by a person and stored in PostgreSQL, whose text
     * cannot hold a zero byte.
     */
    static String printable(String text) {
        if (text == null || text.chars().noneMatch(Character::isISOControl)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append("\\u%04x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** The formats {@link #misnamed} tells by their bytes, by the extension they are read under. */
    private static final Map<String, Detail.Names> FORMAT_NAMES = Map.of(
            "zip", new Detail.Names("zip мұрағаты", "zip-архив", "a zip archive"),
            "kmz", new Detail.Names("KMZ файлы (сығылған KML)", "файл KMZ (сжатый KML)", "a KMZ file (a zipped KML)"),
            "gpkg", new Detail.Names("GeoPackage", "GeoPackage", "a GeoPackage"),
            "geojson", new Detail.Names("GeoJSON", "GeoJSON", "a GeoJSON file"),
            "json", new Detail.Names("ArcGIS JSON", "ArcGIS JSON", "an ArcGIS JSON file"),
            "kml", new Detail.Names("KML", "KML", "a KML file"));

    /** The extensions whose files {@link #misnamed} looks into. */
    private static final Set<String> SNIFFED =
            Set.of("zip", "gpkg", "geojson", "json", "geojsonl", "geojsons", "kml", "csv", "txt", "tsv");

    /**
     * The extension of the format {@code file}, named .{@code extension}, is by its first bytes, when
     * that is another format than its name says (a GeoJSON named .csv, a GeoPackage named .zip, a
     * zipped Shapefile named .geojson); else null. A file whose bytes its name's format does not
     * begin with, and no other's either, is refused saying how it begins.
     */
    static String misnamed(Path file, String extension) throws IOException {
        if (!SNIFFED.contains(extension)) {
            return null;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4096);
        }
        String actual;
        if (startsWith(head, 0, 'P', 'K', 3, 4) || startsWith(head, 0, 'P', 'K', 5, 6)) {
            actual = extension.equals("kml") ? "kmz" : "zip";
        } else if (startsWith(head, 0, 'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f', 'o', 'r', 'm', 'a', 't', ' ', '3', 0)) {
            actual = "gpkg";
        } else {
            int first = 0;
            if (startsWith(head, 0, 0xef, 0xbb, 0xbf)) {
                first = 3;
            }
            while (first < head.length
                    && (head[first] == ' ' || head[first] == '\t' || head[first] == '\r' || head[first] == '\n')) {
                first++;
            }
            String text = new String(head, first, head.length - first, StandardCharsets.ISO_8859_1);
            if (text.startsWith("{")) {
                actual = text.contains("\"geometryType\"") || text.contains("\"esriGeometry") ? "json" : "geojson";
            } else if (text.startsWith("<") && text.contains("<kml")) {
                actual = "kml";
            } else {
                actual = null;
            }
        }
        boolean json = List.of("geojson", "json", "geojsonl", "geojsons").contains(extension);
        if (actual == null && json) {
            // a list at the top, which no format GDAL reads holds
            refuseJsonList(file);
        }
        if (actual == null) {
            if (json
                    && head.length > 0
                    && head[0] != '{'
                    && head[0] != '['
                    && head[0] != 0x1e
                    && !startsWith(head, 0, 0xef, 0xbb, 0xbf)
                    && !Character.isWhitespace(head[0])) {
                String line = new String(head, StandardCharsets.UTF_8)
                        .lines()
                        .findFirst()
                        .orElse("");
                throw new BadSourceException(
                        SourceProblem.UNSUPPORTED_FORMAT,
                        "the file " + file.getFileName() + " is not GeoJSON, though its name ends in ." + extension
                                + ": it begins with «"
                                + printable(line.length() > 60 ? line.substring(0, 60) + "…" : line)
                                + "»; a table of values is read from a .csv file, a zipped Shapefile from a .zip");
            }
            return null;
        }
        if (actual.equals(extension)
                || (actual.equals("geojson") || actual.equals("json")) && json
                || actual.equals("zip") && List.of("kmz", "xlsx", "ods").contains(extension)) {
            return null;
        }
        return actual;
    }

    /**
     * Refuses a JSON file whose top is a list of objects, naming what it is: an open-data portal's API
     * answer (data.egov.kz's {@code [{"id": 1, "wkt": "POLYGON((…))"}, …]}), a table of records, or
     * GeoJSON features without their FeatureCollection; GDAL would call either a file it cannot read.
     * Does nothing for a file of another shape, which GDAL words.
     */
    private static void refuseJsonList(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        boolean feature = false;
        try (tools.jackson.core.JsonParser in = GeoJsonFeatures.parser(file)) {
            if (in.nextToken() != tools.jackson.core.JsonToken.START_ARRAY
                    || in.nextToken() != tools.jackson.core.JsonToken.START_OBJECT) {
                return;
            }
            while (in.nextToken() == tools.jackson.core.JsonToken.PROPERTY_NAME) {
                String name = in.currentName();
                tools.jackson.core.JsonToken value = in.nextToken();
                names.add(name);
                feature |= name.equals("type")
                        && value == tools.jackson.core.JsonToken.VALUE_STRING
                        && in.getString().equals("Feature");
                in.skipChildren();
            }
        } catch (tools.jackson.core.JacksonException e) {
            // not JSON, or its first record is cut short: GDAL words it
            return;
        }
        if (feature) {
            throw new BadSourceException(
                    SourceProblem.UNSUPPORTED_FORMAT,
                    "the file " + file.getFileName() + " is a JSON list of GeoJSON features, without the"
                            + " FeatureCollection GeoJSON holds them in: write it as {\"type\": \"FeatureCollection\","
                            + " \"features\": [ … ]}, or save the layer again from the GIS as GeoJSON");
        }
        String wkt = names.stream()
                .filter(n -> kz.adalmap.importers.gdal.Ogr2Ogr.CSV_GEOMETRY_NAMES.contains(n.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElse(null);
        boolean lonLat = names.stream()
                .anyMatch(n -> kz.adalmap.importers.gdal.Ogr2Ogr.CSV_LONGITUDE_NAMES.contains(n)
                        || kz.adalmap.importers.gdal.Ogr2Ogr.CSV_LONGITUDE_NAMES.contains(n.toLowerCase(Locale.ROOT)));
        String shown =
                String.join(", ", names.size() > 12 ? names.subList(0, 12) : names) + (names.size() > 12 ? ", …" : "");
        throw new BadSourceException(
                SourceProblem.UNSUPPORTED_FORMAT,
                "the file " + file.getFileName() + " is a JSON list of records (" + shown + "), as an open-data"
                        + " portal's API answers, not GeoJSON: save the records as a CSV file, whose column of WKT"
                        + (wkt == null ? "" : " (" + wkt + ")") + " or of longitude and latitude is read"
                        + (wkt == null && !lonLat
                                ? " (its records hold neither, and a feature needs its geometry)"
                                : "")
                        + ", or download the data set as CSV or GeoJSON instead of the API's answer");
    }

    /**
     * Refuses a file named .zip that is another kind of archive, or a program, by its first bytes,
     * naming what it is: ZipFile would only call it damaged.
     */
    private static void refuseOtherArchives(Path zip) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(zip)) {
            head = in.readNBytes(262);
        }
        String format = otherFormat(head);
        if (format != null) {
            throw new BadSourceException(
                    SourceProblem.UNSUPPORTED_FORMAT,
                    "the file " + zip.getFileName() + " is " + format + ", not a zip archive, though its name"
                            + " says zip; AdalMap unpacks zip archives only: unpack it and send its files in a zip");
        }
    }

    /** What a file that begins with {@code head} is, when it is a known archive other than a zip; else null. */
    private static String otherFormat(byte[] head) {
        if (startsWith(head, 0, 'R', 'a', 'r', '!', 0x1a, 0x07)) {
            return "a RAR archive";
        }
        if (startsWith(head, 0, '7', 'z', 0xbc, 0xaf, 0x27, 0x1c)) {
            return "a 7-Zip archive (.7z)";
        }
        if (startsWith(head, 0, 0x1f, 0x8b)) {
            return "a gzip file (.gz or .tar.gz)";
        }
        if (startsWith(head, 0, 'B', 'Z', 'h')) {
            return "a bzip2 file (.bz2 or .tar.bz2)";
        }
        if (startsWith(head, 0, 0xfd, '7', 'z', 'X', 'Z', 0)) {
            return "an xz file (.xz or .tar.xz)";
        }
        if (startsWith(head, 257, 'u', 's', 't', 'a', 'r')) {
            return "a tar archive";
        }
        if (startsWith(head, 0, 'M', 'Z')) {
            return "a Windows program (.exe), perhaps a self-extracting archive";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int offset, int... magic) {
        if (bytes.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[offset + i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The most text a workbook of {@code bytes} may unpack its sheet to: what a zip of its size may
     * unpack to ({@link #MAX_RATIO} times it, 10 MB at least), within the limit of any file.
     */
    public long sheetLimit(long bytes) {
        return Math.min(maxUnpackedBytes, Math.max(10L * 1024 * 1024, bytes * MAX_RATIO));
    }

    /**
     * Copies an entry of {@code listed} bytes (as the zip's list says; -1 when it does not) unpacked
     * from a zip of {@code packed} bytes, {@code before} bytes of which are unpacked already.
     */
    private long copyLimited(InputStream in, OutputStream out, long before, long packed, String name, long listed)
            throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long written = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            written += n;
            long total = before + written;
            if (total > maxUnpackedBytes) {
                throw new BadSourceException(
                        SourceProblem.TOO_LARGE,
                        "the zip unpacks to more than " + megabytes(maxUnpackedBytes) + " (at " + name
                                + "); the file was refused");
            }
            if (listed >= 0 && written > listed && written > 10L * 1024 * 1024) {
                // a list that says an entry is small, as a bomb's says, to pass checks of sizes (a few
                // bytes more than listed are a damaged zip, said once the entry is unpacked)
                throw new BadSourceException(
                        SourceProblem.DECOMPRESSION_BOMB,
                        "the zip's file " + name + " unpacks to more than the " + listed + " bytes its list says:"
                                + " it looks like a decompression bomb and was refused");
            }
            // a quarter of a smaller limit: a bomb is told as one before it reaches the limit
            long from = Math.min(RATIO_FROM, maxUnpackedBytes / 4);
            if (total > from && total > packed * MAX_RATIO) {
                throw new BadSourceException(
                        SourceProblem.DECOMPRESSION_BOMB,
                        "the zip unpacks to more than " + from / (1024 * 1024) + " MB and " + MAX_RATIO
                                + " times its size (at " + name + "): it looks like a decompression bomb and was"
                                + " refused");
            }
            out.write(buffer, 0, n);
        }
        return written;
    }

    /**
     * Whether {@code sourceLayer} names {@code file} of {@code dir}: by its name with or without its
     * extension, or by its path in the archive, so written or with backslashes, with or without the
     * extension ({@code plots}, {@code plots.shp}, {@code Export/2026/plots}), in any case, composed
     * or decomposed.
     */
    private static boolean names(Path dir, Path file, String sourceLayer) {
        if (sourceLayer == null) {
            return false;
        }
        // composed, as a zip's names are ({@link ZipListing#read}): a name pasted from macOS is decomposed
        String wanted = java.text.Normalizer.normalize(sourceLayer, java.text.Normalizer.Form.NFC)
                .strip()
                .replace('\\', '/')
                .replaceFirst("^(\\./|/)+", "");
        String path = relative(dir, file);
        String extension = extension(file).isEmpty() ? "" : "." + extension(file);
        for (String name : List.of(
                baseName(file),
                file.getFileName().toString(),
                path,
                path.substring(0, path.length() - extension.length()))) {
            if (java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC)
                    .equalsIgnoreCase(wanted)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code sourceLayer} names the file {@code file} of {@code dir} itself ({@link #names}):
     * a geodatabase or GeoPackage picked out of an archive of several by its name.
     */
    public static boolean namesFile(Path dir, Path file, String sourceLayer) {
        return names(dir, file, sourceLayer);
    }

    /** {@code file}'s path inside {@code dir}, with forward slashes, as an archive lists it. */
    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    /**
     * Of several Shapefiles, none named, the one a plots import reads (the only one of polygons, or of
     * them the only one of those {@code filled} that holds records), or the folder of those a networks
     * import reads (of lines or points), with a note; null when that cannot be told (several of polygons
     * with records, or Shapefiles of lines or points of one name).
     */
    private static Path byGeometry(Path dir, List<Path> found, List<Path> filled, String kind, List<Detail> notes)
            throws IOException {
        List<Path> fitting = new ArrayList<>();
        for (Path shp : found) {
            if (fits(kind, shapeType(shp))) {
                fitting.add(shp);
            }
        }
        List<String> listed = found.stream().map(f -> relative(dir, f)).toList();
        if (fitting.isEmpty()) {
            throw new BadSourceException(
                    SourceProblem.WRONG_GEOMETRY_TYPE,
                    "the archive holds " + found.size() + " .shp files (" + String.join(", ", listed) + "), none of "
                            + (kind.equals("plots")
                                    ? "polygons; a plots layer needs polygons"
                                    : defined(kind) != null
                                            ? defined(kind) + "s; the layer is defined as a layer of " + defined(kind)
                                                    + "s"
                                            : "lines or points; a networks layer needs lines (mains, cables) or points"
                                                    + " (substations, wells)"));
        }
        if (kind.equals("plots") || defined(kind) != null) {
            boolean plots = kind.equals("plots");
            if (fitting.size() > 1) {
                // beside the plots and a layer of lines, a project's empty layer of polygons
                // (изъятые.shp of none): the only one of them with records is read
                return onlyOneWithRecords(
                        dir,
                        found,
                        fitting,
                        filled,
                        plots ? "file_shapefile_of_polygons_empty_left_out" : "file_shapefile_fitting_empty_left_out",
                        "the archive holds {count} .shp files ({files}); {file}, the only one "
                                + (plots ? "of polygons with features" : "with features of the layer's geometry")
                                + ", was imported; the others of "
                                + (plots ? "polygons" : "that geometry")
                                + " ({empty}) hold no features: name another as the layer in the file to import it",
                        notes);
            }
            // a layer defined as data reads the only one its geometry fits, as of a GeoPackage's layers
            notes.add(Detail.of(
                    plots ? "file_shapefile_of_polygons" : "file_shapefile_fitting",
                    "the archive holds {count} .shp files ({files}); {file}, the only one "
                            + (plots ? "of polygons" : "with features the layer's geometry fits")
                            + ", was imported: name another as the layer in the file to import it",
                    "count",
                    found.size(),
                    "files",
                    listed,
                    "file",
                    relative(dir, fitting.get(0))));
            return fitting.get(0);
        }
        if (fitting.size() < found.size()) {
            notes.add(Detail.of(
                    "file_shapefiles_of_lines_or_points",
                    "the archive holds {count} .shp files ({files}); those of lines or points ({read}) were read",
                    "count",
                    found.size(),
                    "files",
                    listed,
                    "read",
                    fitting.stream().map(f -> relative(dir, f)).toList()));
        }
        if (fitting.size() == 1) {
            return fitting.get(0);
        }
        if (fitting.stream()
                        .map(f -> baseName(f).toLowerCase(Locale.ROOT))
                        .distinct()
                        .count()
                < fitting.size()) {
            // GDAL names a folder's layers by their files' names
            return null;
        }
        // GDAL reads the Shapefiles of one folder as the layers of one dataset
        Path folder = dir.resolve("shapefiles");
        for (int i = 2; Files.exists(folder); i++) {
            folder = dir.resolve("shapefiles-" + i);
        }
        Files.createDirectories(folder);
        for (Path shp : fitting) {
            try (Stream<Path> siblings = Files.list(shp.getParent())) {
                for (Path part : siblings.toList()) {
                    if (Files.isRegularFile(part) && baseName(part).equalsIgnoreCase(baseName(shp))) {
                        Files.move(part, folder.resolve(part.getFileName()));
                    }
                }
            }
        }
        return folder;
    }

    /** Those of the Shapefiles {@code found} that hold records ({@link #holdsNoRecords}). */
    private static List<Path> withRecords(List<Path> found) throws IOException {
        List<Path> filled = new ArrayList<>();
        for (Path shp : found) {
            if (!holdsNoRecords(shp)) {
                filled.add(shp);
            }
        }
        return filled;
    }

    /**
     * Of {@code candidates}, some of the archive's Shapefiles {@code found}, the only one of those
     * {@code withRecords} that hold records, said in the note {@code key} ({@code english} its words)
     * with the empty others; null when none or several hold records.
     */
    private static Path onlyOneWithRecords(
            Path dir,
            List<Path> found,
            List<Path> candidates,
            List<Path> withRecords,
            String key,
            String english,
            List<Detail> notes) {
        List<Path> filled = candidates.stream().filter(withRecords::contains).toList();
        if (filled.size() != 1) {
            return null;
        }
        Path read = filled.get(0);
        notes.add(Detail.of(
                key,
                english,
                "count",
                found.size(),
                "files",
                found.stream().map(f -> relative(dir, f)).toList(),
                "file",
                relative(dir, read),
                "empty",
                candidates.stream()
                        .filter(f -> !f.equals(read))
                        .map(f -> relative(dir, f))
                        .toList()));
        return read;
    }

    /**
     * Whether the Shapefile {@code shp} holds no record: none in its .shp, and none counted by its
     * .dbf when it has one (a .dbf of rows beside a .shp of none is a damaged Shapefile, not an empty
     * one, and is left for the checks of the one read to say so).
     */
    private static boolean holdsNoRecords(Path shp) throws IOException {
        if (DbfTable.recordsOf(shp) > 0) {
            return false;
        }
        Path dbf = companion(shp, baseName(shp), "dbf");
        if (dbf == null) {
            return true;
        }
        try {
            return DbfTable.header(dbf).records() == 0;
        } catch (BadSourceException e) {
            // a .dbf that is no table: not known to be empty
            return false;
        }
    }

    /** The Shapefiles of a folder {@link #byGeometry} made, by name. */
    private static List<Path> shapefilesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> extension(f).equals("shp")).sorted().toList();
        }
    }

    /**
     * The shape type of {@code shp}'s header (1 point, 3 line, 5 polygon, 8 multipoint, and those with
     * Z or M: 11–28), or -1 when it has no header or cannot be read.
     */
    private static int shapeType(Path shp) {
        try (InputStream in = Files.newInputStream(shp)) {
            byte[] header = in.readNBytes(36);
            if (header.length < 36) {
                return -1;
            }
            return java.nio.ByteBuffer.wrap(header, 32, 4)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getInt();
        } catch (IOException e) {
            // the checks of the one read say what is wrong with it
            return -1;
        }
    }

    /**
     * Whether a Shapefile of shape type {@code type} holds what an import of {@code kind} takes (for
     * a layer defined as data, {@code custom:point}, {@code custom:line} or {@code custom:polygon}).
     */
    private static boolean fits(String kind, int type) {
        int plain = type % 10;
        boolean polygons = plain == 5;
        boolean points = type > 0 && type < 31 && (plain == 1 || plain == 8);
        boolean lines = type > 0 && type < 31 && plain == 3;
        if (defined(kind) != null) {
            return switch (defined(kind)) {
                case "point" -> points;
                case "line" -> lines;
                default -> polygons;
            };
        }
        return kind.equals("plots") ? polygons : kind.equals("networks") && (lines || points);
    }

    /** The geometry a layer defined as data takes ({@code point}, {@code line}, {@code polygon}), or null. */
    private static String defined(String kind) {
        return kind != null && kind.startsWith("custom:") ? kind.substring("custom:".length()) : null;
    }

    static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String megabytes(long bytes) {
        return "%.1f MB".formatted(bytes / 1024.0 / 1024.0);
    }
}
