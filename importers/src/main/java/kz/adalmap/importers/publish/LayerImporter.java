package kz.adalmap.importers.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.gdal.CoordinateSystems;
import kz.adalmap.importers.gdal.GdalException;
import kz.adalmap.importers.gdal.Ogr2Ogr;
import kz.adalmap.importers.gdal.OgrInfo;
import kz.adalmap.importers.gdal.Workbooks;
import kz.adalmap.importers.profile.MappingProfile;
import kz.adalmap.importers.report.Detail;
import kz.adalmap.importers.source.BadSourceException;
import kz.adalmap.importers.source.CodePages;
import kz.adalmap.importers.source.DbfDeletedRows;
import kz.adalmap.importers.source.GeoJsonCoordinates;
import kz.adalmap.importers.source.MapInfoText;
import kz.adalmap.importers.source.RowNumbers;
import kz.adalmap.importers.source.ShapefileRings;
import kz.adalmap.importers.source.SourceFiles;
import kz.adalmap.importers.source.SourceProblem;
import kz.adalmap.importers.validate.CoordinateGuess;
import kz.adalmap.importers.validate.InvisibleSigns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports a file into a plots, networks or custom layer as a draft revision (read by GDAL into
 * staging, mapped by a profile, validated feature by feature, compared with the public layer),
 * publishes a draft, and rolls a layer back to its previous revision. The layer's kind says which:
 * plots ({@link PlotValidation}, permanent status history), networks ({@link NetworkValidation},
 * {@link NetworkRevisions}) or a layer a department defined as data ({@link CustomLayerValidation},
 * {@link CustomLayerRevisions}); a new layer takes the profile's kind.
 *
 * <p>Every step that changes public data runs in one transaction: a reader sees the old layer or
 * the new one, never a mix, and a failed import leaves the database as it was. Imports, publishing
 * and rollbacks of one layer are serialised by an advisory lock on the layer's code.
 */
public final class LayerImporter {

    private static final Logger log = LoggerFactory.getLogger(LayerImporter.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    // a detail's numbers as written (35.0 stays 35.0), as the message has them
    private static final ObjectMapper DETAIL_JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final tools.jackson.core.type.TypeReference<Map<String, Object>> DETAIL =
            new tools.jackson.core.type.TypeReference<>() {};
    /** Overlap between two plots of one file, as a share of the smaller one, above which it is reported. */
    static final double OVERLAP_SHARE = 0.01;

    /**
     * The share of each other's area by which a feature and a plot of the layer that cover each
     * other are the same plot under another key: a numberless plot drawn again, registered,
     * renumbered or left without its number ({@link PlotValidation}).
     */
    static final double SAME_PLOT_SHARE = 0.8;

    /**
     * The share of another plot's area a feature may cover, or of another feature's area a plot may
     * cover, and still be that plot under another key: above it, two plots were merged or one split,
     * and the feature is a new plot.
     */
    static final double MOST_OF = 0.5;

    /**
     * The newest migration that changed what an import reads from a file or how it tells plots
     * apart (V036 numberless plots redrawn, V037 look-alike letters, V038 numbers as floats, V039
     * dates in UTC, V040 units, V043 plots registered or renumbered, V046 commas of thousands, empty
     * cells without the profile's default, areas in the unit their field's name says, CSV values as
     * written whatever a .csvt says, V047 dotted dates with a time, V048 characters no one sees, V050
     * numbers after their sign, V053 networks' numbers with spaced thousands, commas of thousands and
     * pipe sizes, and MapInfo's text labels left out; V047 also dates in milliseconds; V054, which only
     * records it, ArcGIS JSON's coded domains, KML tables laid out horizontally or beside data,
     * degrees with spaces; V058, which only records it, DBF memo fields by their texts, not their
     * block numbers; V059, which only records it, one layer of polygons of several and one file of an
     * archive of several formats read only when named, GeoJSON properties without a name, Cyrillic
     * names differing in case kept apart; V060 plots' areas and prices with their units, network
     * features on a shared route; V061, which only records it, a defined layer's layer of its own
     * geometry and one layer of several named or refused for defined layers and for networks of one
     * kind, MapInfo views of dBASE tables read; V062 Latin names differing in case kept apart, a
     * KML's data so named no longer read as one; V068, which only records it, field names with letters
     * lost in decoding, fields recognised by half their values, UTF-8 text under a Windows code
     * page's .cpg or mark; V071, which only records it, KML rings alone read as outlines or closed
     * lines, MIF polylines of one vertex read and rejected by row, networks' collections of lines
     * read as their lines; V072, which only records it, auction dates outside 1991–2100 left
     * empty, declared areas in square metres under a field naming no unit read so, a «-» status no
     * status, a Shapefile's 0 price or area not given; V077, which only records it, unmapped fields
     * kept in extra under the file's names; V080, which only records it, networks' numbers in the unit
     * their field's name says, Kazakh networks field names, pressure classes and diameters as
     * registers write them, a bare voltage of no class left empty, a Shapefile's 0 capacity, voltage
     * or diameter not given; V081, which only records it, a Shapefile's whole numbers written with
     * leading zeros read as their digits, a Shapefile's 0 price or area not given also in a field read
     * as text, GeoJSON objects and lists left out of the fields they are mapped to, rows of a .dbf with
     * deleted rows numbered as the .dbf numbers them; V082, which only records it, KML 2.1 placemarks
     * of a custom type read, every ring of one innerBoundaryIs a hole, placemarks' names counted as
     * numbers over those drawn as polygons, a KML's text read in the code page of its bytes or the
     * one named, a KML of a KMZ that its doc.kml links to nowhere left unread; V083, which only
     * records it, an 11-digit cadastral number whose region part is no region's read with the 0 a
     * spreadsheet dropped where the plot lies in the region its 12 digits name; V084, which only
     * records it, a MID's numbers with a decimal comma and its dates otherwise written than YYYYMMDD
     * read as written, a MapInfo table's UTF-8 text under a single-byte charset read as UTF-8 and
     * Cyrillic text under a Western one in its Cyrillic code page, cut field names of a Neutral UTF-8
     * table read as field_<n>; V085 dates and times with an offset other than UTC's read as the day
     * written, a GeoPackage's edits still in its -wal read with it, and its features numbered by their
     * fids; V086, which only records it, fields matched by their aliases too, SOST a plot's status, a
     * code missing from its coded domain read as the code, a field of number and text in the classes
     * of one geodatabase read as text; V088, which only records it, a projected file's plots checked
     * and repaired in its own coordinates, the repair nearer to the area drawn kept, a part repeated
     * exactly read once; V090, which only records it, a .dbf's Kazakh text under a .cpg
     * or mark of CP1251 read in its Kazakh code page, a .cpg of OEM or ANSI read as the language mark
     * names, two .dbf fields of one name both read, the Cyrillic spellings of the profile's short Latin
     * names, a .prj read in the .dbf's code page; V091, which only records it, AutoCAD's Pulkovo42
     * read as Pulkovo 1942, with its datum shift; V092, which only records it, a Krassowsky datum that
     * names none in particular read as Pulkovo 1942 too, and a layer defined as data repairing its
     * polygons as plots are; V093, which only records it, a land category and right type found by
     * their words, and a projected file's polygons of a layer defined as data checked in its own
     * coordinates; V094, which only records it, a Shapefile's or a MapInfo table's part whose
     * extension is in mixed case read with the rest, the only .prj of another name beside the only
     * Shapefile read as its own; V095, which only records it, a status, land category or right type
     * cut to its field's width read as the code it begins; V096, which only records it, a network's kind,
     * voltage and pressure read as registers write them; V097, which only records it, a plots file's
     * prices and areas read in the thousands, millions or sotkas their field's name says; V098, which only records it, a workbook's
     * sheet read as the spreadsheet shows it: hidden sheets left out, merged cells, errors, percentages,
     * numbers through their format, 1904 dates; V099, which only records it, a plot counted in the region
     * and district holding the largest share of it; V100, of a layer defined as data, Shapefile fields cut
     * alike to 10 characters read in the definition's order, and Excel's ИСТИНА/ЛОЖЬ read as yes and no, its
     * numbers in Excel's exponent form refused; V101, which only records it, a network's or a defined layer's
     * feature the editor's when it meets one of their regions, not one point of it; V102, which only records it, a networks file's
     * capacities read from the field whose unit is of each feature's kind, a CSV file's spreadsheet errors
     * read as empty and its percentages as shown, MacCyrillic read; V103, which only records it, a
     * feature of a layer defined as data with a region of its own the layer's when it meets the region;
     * V115, which only records it, a plot whose easting begins with another Gauss–Krüger zone's number than
     * its file's rejected wherever it falls, and a file whose every easting does refused; V104, which only records it, a spreadsheet's row rejected for a coordinate or read cell it left
     * unreadable (an error, a formula without its result, a column too narrow), degrees, minutes and seconds
     * written with colons or dots and hemisphere marks read; V108, which only records it, a File Geodatabase's dates and times read as the file holds them, not
     * as times in UTC, and an auction date that cannot be read kept in extra as written; V111, which only
     * records it, a plots file's field of an unknown name read as a status, land category or right type by
     * the profile's words only, not by AdalMap's codes; V112, which only records it, the second of two
     * Shapefile names cut alike (QGIS's «Стат_1») a candidate of the field, and a KML's status folders read
     * from the nearest so named; V117, which only records it, a CSV file's or a workbook sheet's two columns
     * of one name both read; V118, which only records it, the signs of a text no one sees — of writing
     * direction, zero-width, control characters — removed from every text of a file and said on their
     * row; V119, which only records it, a KML description table's cell read by its lines, a {@code <br>} a
     * line break, and a placemark's name and data holding HTML markup read as its text; V120, which only
     * records it, a DBF memo text longer than the 255 bytes GDAL reads of a text field read whole; V121,
     * which only records it, the fields a file gives one name each weighed as what their name could
     * hold; V122, which only records it, a .dbf's Cyrillic text under a .cpg of a Western code page,
     * CP1252 or ISO-8859-1, read by its bytes; V124, which only records it, a GeoJSON's crs member
     * linking to its system on the internet read by the EPSG code its address names, never fetched;
     * V126, which only records it, the row of column numbers under a CSV file's or a sheet's names left
     * out wherever the geometry column stands; V127, which only records it, of a zip's Shapefiles the
     * only one that holds records read, the empty ones beside it passed over; V128, which only records
     * it, a GeoJSON feature's own id kept as {@code id_2} beside its properties' {@code id}, and a
     * GeoJSON holding {@code NaN} or {@code Infinity} read as GDAL reads it whatever its crs member;
     * V129, which only records it, a form's header of two rows, a name over several columns above the
     * unit of each, read as one row of names, «Площадь, га»; V130, which only records it, a KML description
     * made of lines of a name and its value (Yandex's map constructor, Google My Maps) read as the
     * placemark's fields when the file's descriptions are such lists; V131, which only records it, a
     * GeoJSON feature's own id written as a number kept as {@code id}, and {@code nan} and {@code
     * infinity} in any letters read as GDAL reads them by the importer's own readers of a GeoJSON; V132,
     * which only records it, of a zip's Shapefiles of polygons beside others of lines or points the only
     * one with records read, the empty ones of polygons passed over; V133, which only records it, a .dbf
     * date of blanks and dots, {@code "  .  .  "}, read as no date; V134, which only records it, the own id
     * of a GeoJSON that is a single feature read as a collection's features' are, and the coded domains of an
     * ArcGIS JSON holding {@code NaN} read): a draft made before it holds what
     * the importer no longer makes, and is imported again rather than published.
     * Raise it with each such migration.
     */
    static final String READING_RULES = "134";

    /**
     * Said when a file of points or lines is refused for a plots layer: the layer became a plots
     * layer because no profile was chosen, whatever its code says ({@code networks-almaty}).
     */
    static final String NETWORKS_PROFILE = ". If the file is of engineering networks, import it into a networks"
            + " layer: choose the profile networks (--profile networks on the command line)";

    /** Difference between declared and drawn area above which it is reported. */
    static final double AREA_TOLERANCE = 0.10;
    /** Area change by a geometry repair above which the feature is rejected instead. */
    static final double REPAIR_TOLERANCE = 0.01;

    private static final int REPORT_ISSUES = 1000;
    /** Plots added, changed or removed by one publish above which the table's statistics are renewed. */
    private static final long ANALYZE_AFTER = 50_000;

    private final Ogr2Ogr ogr2ogr;
    private final OgrInfo ogrInfo;
    private final SourceFiles sources;
    private final CoordinateSystems coordinateSystems = new CoordinateSystems();

    private final boolean everyFeature;
    private final boolean refusingBusyLayers;

    public LayerImporter(Ogr2Ogr ogr2ogr, OgrInfo ogrInfo, SourceFiles sources) {
        this(ogr2ogr, ogrInfo, sources, false, false);
    }

    /** An importer reading files through GDAL's tools on the path, up to {@code maxUnpackedBytes} each. */
    public static LayerImporter withGdal(long maxUnpackedBytes) {
        Ogr2Ogr ogr2ogr = new Ogr2Ogr();
        return new LayerImporter(ogr2ogr, new OgrInfo(), new SourceFiles(maxUnpackedBytes, ogr2ogr::mapInfoToMif));
    }

    private LayerImporter(
            Ogr2Ogr ogr2ogr, OgrInfo ogrInfo, SourceFiles sources, boolean everyFeature, boolean refusingBusyLayers) {
        this.ogr2ogr = ogr2ogr;
        this.ogrInfo = ogrInfo;
        this.sources = sources;
        this.everyFeature = everyFeature;
        this.refusingBusyLayers = refusingBusyLayers;
    }

    /**
     * This importer, checking every feature of a re-imported plots file as a first import does,
     * instead of only the rows that differ from the published revision's file ({@link
     * FileComparison}). The result is the same; the operator may want it after changing the code
     * lists or the checks.
     */
    public LayerImporter checkingEveryFeature() {
        return new LayerImporter(ogr2ogr, ogrInfo, sources, true, refusingBusyLayers);
    }

    /**
     * This importer, refusing at once ({@link RefusedStepException}, {@code LAYER_BUSY}) to publish or roll
     * back a layer while an import, a publish or a rollback of it runs, where it would otherwise wait (and
     * log that it waits) until that ends: an HTTP request is not left without an answer for as long as an
     * import takes. Imports still wait for each other.
     */
    public LayerImporter refusingBusyLayers() {
        return new LayerImporter(ogr2ogr, ogrInfo, sources, everyFeature, true);
    }

    /**
     * One import.
     *
     * @param layerCode the layer to import into; a plots or networks layer is created when it does not
     *     exist, a custom one must have been defined
     * @param profile the attribute mapping; null for the layer's own: cadastre-export for plots, the
     *     attribute names and labels for a custom layer
     * @param sourceSrs the file's coordinate system when it has none or a wrong one, else null
     * @param encoding the DBF/MapInfo code page when the file does not say it, else null
     * @param sourceLayer the layer inside a multi-layer file (GeoPackage), else null for the first; of
     *     a KML file, the folder whose placemarks (and those of the folders in it) are read, else null
     *     for every placemark
     * @param actor who imports: a staff user name, recorded in the audit log
     * @param editorRegions the regions (ids) the actor may edit, or null for an administrator or the
     *     operator's command line, who may edit every layer
     * @param workDir where the private copy of the file is made (emptied afterwards)
     * @param titles the titles of a plots or networks layer the import creates, or of one that has none
     *     in a language given ({@link LayerTitles#NONE}: none); a layer's other titles are kept, and a
     *     title that differs from one the layer has is refused
     */
    public record Request(
            String layerCode,
            Path file,
            MappingProfile profile,
            String sourceSrs,
            String encoding,
            String sourceLayer,
            String actor,
            Set<Integer> editorRegions,
            Path workDir,
            LayerTitles titles) {

        public Request {
            titles = titles == null ? LayerTitles.NONE : titles;
        }

        /** An import that gives the layer no titles. */
        public Request(
                String layerCode,
                Path file,
                MappingProfile profile,
                String sourceSrs,
                String encoding,
                String sourceLayer,
                String actor,
                Set<Integer> editorRegions,
                Path workDir) {
            this(layerCode, file, profile, sourceSrs, encoding, sourceLayer, actor, editorRegions, workDir, null);
        }
    }

    /**
     * The draft an import made: its validation and its difference from the public layer, and what it
     * read ({@code read}).
     */
    public record Draft(
            long revisionId,
            int revisionNumber,
            long features,
            long accepted,
            long rejected,
            long repaired,
            long warnings,
            Diff diff,
            List<Issue> issues,
            Comparison comparedWith,
            Source read) {}

    /**
     * What an import read: the file sent ({@code name}, {@code export.zip}), the file read inside it
     * when it is an archive ({@code file}, by its path there: {@code Export/plots.kml}; null when the
     * file sent was read itself, or several of its files together), and the layer of that file
     * ({@code layer}: a GeoPackage's table, a KML's document or folder, else the file's name).
     */
    public record Source(String name, String file, String layer) {}

    /** The earlier file a re-import was compared with, and how many of its rows were checked again. */
    public record Comparison(int revision, long rowsChecked, long rowsDiffering, long rowsFewer) {}

    public record Diff(long added, long changed, long removed, long unchanged) {
        public boolean isEmpty() {
            return added == 0 && changed == 0 && removed == 0;
        }
    }

    /**
     * A problem found in the file: {@code row} is the feature's position from 1 (as GDAL reads the
     * file), null for the whole file; {@code fileRow} the number a person finds the feature by in the
     * file, in {@code rowUnit}: {@code line} (a CSV file's line, the column names on line 1),
     * {@code row} (a workbook sheet's row) or {@code feature} (its position, in other formats and in
     * reports stored before V056), which the rows {@code message} and {@code detail} name are given
     * in too; {@code detail} the key of its message and the values it names ({@link Detail}), from
     * which a reader words it in Kazakh, Russian or English; null for the problems stored before
     * imports kept it (for what reading the file did, before it was keyed too); {@code rowLayer},
     * of several layers read together (a zip's Shapefiles, by their files' names, {@code wells.shp};
     * a GeoPackage's layers), the one the feature is in, {@code fileRow} then counting within it as
     * its attribute table does; else null.
     */
    public record Issue(
            Long row,
            String severity,
            String code,
            String message,
            Map<String, Object> detail,
            Long fileRow,
            String rowUnit,
            String rowLayer) {

        public Issue(
                Long row,
                String severity,
                String code,
                String message,
                Map<String, Object> detail,
                Long fileRow,
                String rowUnit) {
            this(row, severity, code, message, detail, fileRow, rowUnit, null);
        }

        public Issue(Long row, String severity, String code, String message, Map<String, Object> detail) {
            this(row, severity, code, message, detail, row, row == null ? null : RowNumbers.FEATURES.unit());
        }

        public Issue(Long row, String severity, String code, String message) {
            this(row, severity, code, message, null);
        }
    }

    /** Told how far an import has come: a stage name and the share done, 0–100. */
    @FunctionalInterface
    public interface Progress {
        void report(String stage, int percent);

        /**
         * Told once the import holds the layer (after waiting while another import, publish or rollback
         * held it), before it reads anything into the database: whoever sent the file may have lost the
         * right to change the layer meanwhile, and an {@link AccessDeniedException} thrown here ends the
         * import with nothing written.
         */
        default void layerHeld() {}

        Progress NONE = (stage, percent) -> {};
    }

    public Draft importFile(PgTarget target, Request request) throws IOException, SQLException {
        return importFile(target, request, Progress.NONE);
    }

    public Draft importFile(PgTarget target, Request request, Progress progress) throws IOException, SQLException {
        return importFile(target, request, progress, null).draft();
    }

    /**
     * An import, and what publishing it changed: null when it was not published. {@code heldBackBy}:
     * the key of the report's warning that held back a draft nothing was rejected from ({@link
     * #PLACEMENT_WARNINGS}, {@link #KINDS_LEFT_OUT}, {@link #WRONG_ENCODING}, {@link #REVIEW_WARNINGS}), else null.
     */
    public record Imported(Draft draft, Diff published, String heldBackBy) {}

    /**
     * The key of the warning that a networks file holds no features of kinds the published layer has,
     * which publishing it removes: a file of one kind sent into a layer of several.
     */
    public static final String KINDS_LEFT_OUT = "network_kinds_left_out";

    /**
     * The key of the warning that two fields of a networks file that could each hold the kind name
     * different kinds in most features (a «Вид сети» «Связь» beside a «Тип» «кабельная»): publishing
     * the kinds of the one read needs someone to have looked.
     */
    public static final String KIND_FIELDS_DISAGREE = "network_kind_fields_disagree";

    /**
     * The code of the report's warnings that the file's text was decoded in a code page it is not in
     * (Cyrillic read as Latin-1, CP866 read as CP1251, …), each naming the one to pass: {@link
     * #importAndPublish} holds such a draft back, as its text would be published garbled.
     */
    public static final String WRONG_ENCODING = "wrong_encoding";

    /**
     * The code of the report's warnings that letters of the file's text were lost before it was read
     * (a «?» where a Kazakh letter was, as a file saved in CP1251 holds it) or damaged: {@link
     * #importAndPublish} holds such a draft back, as its text would be published with the holes.
     */
    public static final String TEXT_LOST = "text_lost";

    /**
     * The key of the report's warning that a GeoPackage came in WAL mode without its {@code -wal}:
     * copied while QGIS had it open, its last saved edits may be in the log that was not sent, and
     * published, the map would show the plots as they were before them. {@link #importAndPublish}
     * holds such a draft back.
     */
    public static final String WAL_NOT_SENT = SourceFiles.WAL_NOT_SENT;

    /**
     * One import published in the same transaction when no feature was rejected and it changes the
     * public layer ({@link #publish} with {@code reason}); otherwise the draft stays, to be corrected
     * or published as it is. A file that holds what is already public publishes nothing: a revision
     * without changes would only be one more step for a rollback to take.
     */
    public Imported importAndPublish(PgTarget target, Request request, String reason) throws IOException, SQLException {
        return importFile(target, request, Progress.NONE, reason == null ? "" : reason);
    }

    /** {@code publishReason}: null to keep the draft, else publish it when clean ("" for the default reason). */
    private Imported importFile(PgTarget target, Request request, Progress progress, String publishReason)
            throws IOException, SQLException {
        if (!request.layerCode().matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            throw new BadSourceException(
                    SourceProblem.BAD_LAYER_CODE,
                    "layer code '" + request.layerCode() + "' must be lower-case letters, digits, '-' or '_'");
        }
        Path work = request.workDir().resolve("import-" + UUID.randomUUID());
        String staging =
                "import_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = target.connect()) {
            request = withProfile(c, request);
            boolean custom = request.profile().kind().equals("custom");
            // a layer defined as data takes the geometry its definition names: points, lines or polygons
            CustomLayerSchema definition = custom ? CustomLayerSchema.read(c, request.layerCode()) : null;
            String defined = definition == null ? null : definition.geometryType();
            progress.report("copying", 2);
            SourceFiles.Dataset dataset = sources.privateCopy(
                    request.file(),
                    work,
                    request.encoding(),
                    request.sourceLayer(),
                    defined != null ? "custom:" + defined : request.profile().kind());
            progress.report("inspecting", 8);
            // a file of one layer picked out of an archive by the layer's name is opened as that one
            // layer (GDAL compares names without regard to case in Latin letters only)
            String layerName = dataset.layerNamed() ? null : request.sourceLayer();
            // the file read inside an archive, a workbook's too (its sheet is read as a CSV copy)
            String member = dataset.member();
            boolean sheet = SourceFiles.SPREADSHEETS.contains(dataset.format());
            // the workbook itself, asked what is wrong with it when its sheet shows nothing to read
            Path workbook = sheet ? dataset.path() : null;
            if (sheet) {
                dataset = new Workbooks(ogrInfo, ogr2ogr)
                        .sheetAsCsv(dataset, layerName, sources.sheetLimit(java.nio.file.Files.size(dataset.path())));
                layerName = null;
            }
            if (dataset.format().equals("csv")) {
                dataset = twinColumnsRenamed(dataset);
            }
            // the code page the file is read in: the one given, else the one its bytes show
            String encoding = request.encoding() != null ? request.encoding() : dataset.guessedEncoding();
            if (layerName != null
                    && (dataset.format().equals("gdb") || dataset.format().equals("gpkg"))
                    && SourceFiles.namesFile(work, dataset.path(), layerName)
                    && !ogrInfo.hasLayer(dataset.path(), layerName, encoding)) {
                // a geodatabase or GeoPackage picked out of an archive of several by its own name
                // («plots_2026», as the refusal of such an archive suggests), no layer's: its layers
                // are chosen from as when none is named
                layerName = null;
            }
            String kind = request.profile().kind();
            OgrInfo.Layer info;
            try {
                info = ogrInfo.describe(
                        dataset.path(),
                        layerName,
                        encoding,
                        // a layer of the geometry the import takes, else one typed as any geometry
                        geometry -> custom ? fitsDefined(defined, geometry) : fits(kind, geometry, false),
                        geometry -> custom ? fitsDefined(null, geometry) : fits(kind, geometry, true));
            } catch (kz.adalmap.importers.gdal.GdalException e) {
                // a sheet cut short is written out as a CSV file GDAL cannot read
                String damage = workbook != null ? Workbooks.damage(workbook) : null;
                if (damage != null) {
                    throw new BadSourceException(SourceProblem.DAMAGED, damage, e);
                }
                throw namingTheFileSent(e, dataset.path(), request.file());
            }
            if ((info.featureCount() <= 0 || info.extent() == null) && workbook != null) {
                String damage = Workbooks.damage(workbook);
                if (damage != null) {
                    throw new BadSourceException(SourceProblem.DAMAGED, damage);
                }
            }
            if ((info.featureCount() <= 0 || info.extent() == null)
                    && dataset.format().equals("gpkg")) {
                // no feature or no geometry in a damaged GeoPackage is its damage, not the clerk's export
                String damage = ogrInfo.geoPackageDamage(dataset.path());
                if (damage != null) {
                    throw new BadSourceException(SourceProblem.DAMAGED, damage);
                }
            }
            if (info.featureCount() <= 0
                    && (dataset.format().equals("tab") || dataset.format().equals("mif"))) {
                long rows = MapInfoText.rows(dataset.path());
                // a .dat or .map cut short: said by the rows it cut off
                String cut = rows > 0 ? MapInfoText.tabDamage(dataset.path(), null) : null;
                if (cut != null) {
                    throw new BadSourceException(SourceProblem.DAMAGED, cut);
                }
                if (rows > 0) {
                    throw new BadSourceException(
                            SourceProblem.DAMAGED,
                            "the MapInfo table " + dataset.path().getFileName() + " is damaged: its "
                                    + (dataset.format().equals("tab") ? ".dat" : ".mid") + " holds " + rows
                                    + " rows, but GDAL finds no object in its "
                                    + (dataset.format().equals("tab") ? ".map" : ".mif")
                                    + "; open it in MapInfo and save a copy (File › Save Copy As), or export it as"
                                    + " MIF/MID (Table › Export), and import that");
                }
            }
            if (info.featureCount() > 0 && info.extent() == null) {
                String unread = dataset.format().equals("csv") ? coordinatesUnread(dataset.path()) : null;
                unread = unread == null && dataset.format().equals("csv") ? geometryUnread(dataset.path()) : unread;
                if (dataset.format().equals("geojson") || dataset.format().equals("json")) {
                    // every feature's coordinates written as text, which GDAL reads as no geometry
                    GeoJsonCoordinates.AsText text = GeoJsonCoordinates.asText(dataset.path());
                    unread = text == null
                            ? null
                            : ": " + COORDINATES_AS_TEXT.replace("{value}", text.example()) + "; "
                                    + COORDINATES_AS_NUMBERS;
                }
                if (workbook != null && request.sourceLayer() == null && unread == null) {
                    // no sheet was named, and none has such columns: each is named with the names it
                    // was looked at by, so that the clerk knows which to correct
                    throw new BadSourceException(
                            SourceProblem.NO_GEOMETRY,
                            "no sheet of the workbook " + request.file().getFileName() + " has a column of WKT or of"
                                    + " longitude and latitude; the sheets looked at: "
                                    + String.join(
                                            ", ",
                                            new Workbooks(ogrInfo, ogr2ogr)
                                                    .sheetsLookedAt(
                                                            workbook,
                                                            sources.sheetLimit(java.nio.file.Files.size(workbook))))
                                    + ". A sheet needs a column of WKT named one of "
                                    + String.join(", ", Ogr2Ogr.CSV_GEOMETRY_NAMES)
                                    + ", or longitude and latitude columns named one of "
                                    + String.join(", ", Ogr2Ogr.CSV_LONGITUDE_NAMES)
                                    + " and one of "
                                    + String.join(", ", Ogr2Ogr.CSV_LATITUDE_NAMES)
                                    + cyrillicXy(info.fields()));
                }
                throw new BadSourceException(
                        SourceProblem.NO_GEOMETRY,
                        "the layer '" + info.name() + "' of " + request.file().getFileName()
                                + " has " + info.featureCount() + " features but no geometry"
                                + (unread != null
                                        ? unread
                                        : dataset.format().equals("csv")
                                                ? ": a CSV file or a sheet needs a column of WKT named one of "
                                                        + String.join(", ", Ogr2Ogr.CSV_GEOMETRY_NAMES)
                                                        + ", or longitude and latitude columns named one of "
                                                        + String.join(", ", Ogr2Ogr.CSV_LONGITUDE_NAMES)
                                                        + " and one of "
                                                        + String.join(", ", Ogr2Ogr.CSV_LATITUDE_NAMES)
                                                        + cyrillicXy(info.fields())
                                                : ": export it with its geometries"));
            }
            if (info.featureCount() == 0 || info.extent() == null) {
                throw new BadSourceException(
                        SourceProblem.NO_FEATURES,
                        "the layer '" + info.name() + "' of " + request.file().getFileName()
                                + " has no features: nothing to import");
            }
            String geometry = info.geometryType().toLowerCase(java.util.Locale.ROOT);
            boolean plots = request.profile().kind().equals("plots");
            boolean typed = custom ? fitsDefined(defined, info.geometryType()) : fits(kind, info.geometryType(), false);
            if (layerName == null && !info.alike().isEmpty() && (plots || custom || !typed)) {
                // which of them is current cannot be told from the order of a GeoPackage's layers (an
                // archive of last year's plots may come first): published, a guess would take plots
                // or objects off. A networks file's layers of lines and of points are read together
                // (below); layers typed as any geometry may hold polygons, and are not.
                List<String> layers = new ArrayList<>(List.of(info.name()));
                layers.addAll(info.alike());
                throw severalLayers(
                        layers,
                        !typed
                                ? "with features of any geometry type"
                                : "of " + (plots ? "polygons" : custom ? plural(defined) : "lines or points")
                                        + " with features",
                        "");
            }
            if (custom) {
                // a file may mix geometry types: each feature of the wrong type is rejected with its row
            } else if (plots && (geometry.contains("point") || geometry.contains("line"))) {
                throw new BadSourceException(
                        SourceProblem.WRONG_GEOMETRY_TYPE,
                        "the layer '" + info.name() + "' holds " + info.geometryType()
                                + " geometries; a plots layer needs polygons"
                                + (geometry.contains("line")
                                        // plot boundaries drawn in CAD come as closed lines
                                        ? ": if the lines are closed boundaries, turn them into polygons first"
                                                + " (QGIS: Vector › Geometry Tools › Lines to Polygons; ArcGIS:"
                                                + " Feature To Polygon)"
                                        : dataset.format().equals("csv") ? rowsAsPoints(dataset.path()) : "")
                                + (geometry.contains("point")
                                                && dataset.format().equals("csv")
                                                && cornersColumn(dataset.path()) != null
                                        ? ""
                                        : NETWORKS_PROFILE));
            }
            if (!plots && !custom && (geometry.contains("polygon") || geometry.contains("surface"))) {
                throw new BadSourceException(
                        SourceProblem.WRONG_GEOMETRY_TYPE,
                        "the layer '" + info.name() + "' holds " + info.geometryType()
                                + " geometries; a networks layer needs lines (mains, cables) or points (substations, wells)");
            }
            // MapInfo's affine transformation of a CoordSys, which GDAL ignores: read, every feature
            // would lie where the base system puts the numbers, kilometres off or still plausible
            if (request.sourceSrs() == null
                    && (dataset.format().equals("mif") || dataset.format().equals("tab"))) {
                String affine = MapInfoText.affineClause(dataset.path());
                if (affine != null) {
                    throw new BadSourceException(
                            SourceProblem.WRONG_CRS,
                            "the MapInfo table's coordinate system has an affine transformation (" + affine
                                    + "), which is not read: its features would be placed as if it were absent."
                                    + " Export the table in its base system (MapInfo: Save Copy As with a"
                                    + " coordinate system without the affine), or pass the definition of the"
                                    + " local system as the file's coordinate system (--srs), a PROJ string or WKT");
                }
            }
            // a GeoJSON linking to its system on the internet, at an address of no EPSG code: not fetched,
            // the system is the user's to give
            if (request.sourceSrs() == null && dataset.crsLink() != null) {
                throw new BadSourceException(
                        SourceProblem.WRONG_CRS,
                        "the file's crs member links to its coordinate system on the internet (" + dataset.crsLink()
                                + "), which an import does not fetch, and the address names no EPSG code: pass"
                                + " the coordinate system the link stands for with --srs (an EPSG code such as"
                                + " EPSG:32643, a WKT or PROJ definition; the linked page gives it), or save the file"
                                + " again from QGIS or ogr2ogr, which name the system by its code");
            }
            // given, else named in the file in a way GDAL does not read
            String srs = request.sourceSrs() != null ? request.sourceSrs() : dataset.declaredSrs();
            // what GDAL makes of it, refused here with the reason when it knows none
            String srsDefinition;
            try {
                srsDefinition = srs == null
                        ? null
                        : coordinateSystems.definition(
                                srs,
                                request.sourceSrs() != null
                                        ? "the coordinate system given"
                                        : dataset.format().equals("shp")
                                                ? "the coordinate system the file's .prj names"
                                                : "the coordinate system the file names (its EWKT SRID)");
            } catch (GdalException e) {
                java.util.regex.Matcher code = GIVEN_EPSG.matcher(srs);
                if (e.problem() != SourceProblem.WRONG_CRS || !code.matches()) {
                    throw e;
                }
                throw new GdalException(
                        SourceProblem.WRONG_CRS,
                        e.getMessage(),
                        FailureWording.unknownEpsgCode("EPSG:" + code.group(1), e));
            }
            // a GeoJSON's crs member naming a code PROJ does not know: GDAL drops it and reads the file
            // as WGS 84, which only longitude and latitude in Kazakhstan bear out
            Detail unknownNamed = null;
            if (srs == null
                    && (dataset.format().equals("geojson") || dataset.format().equals("json"))) {
                java.util.regex.Matcher code = NAMED_EPSG.matcher(
                        java.util.Objects.requireNonNullElse(GeoJsonCoordinates.crsName(dataset.path()), ""));
                if (code.matches()) {
                    try {
                        coordinateSystems.definition(
                                "EPSG:" + code.group(1), "the coordinate system the file names (its crs member)");
                    } catch (GdalException e) {
                        if (e.problem() != SourceProblem.WRONG_CRS) {
                            throw e;
                        }
                        if (!insideKazakhstan(request, info)) {
                            String guess = CoordinateGuess.explain(info.extent(), true, dataset.format());
                            throw new BadSourceException(
                                    SourceProblem.WRONG_CRS,
                                    e.getMessage()
                                            + (guess == null
                                                    ? ""
                                                    : ". Read as longitude and latitude, "
                                                            + guess.replaceFirst("^the coordinates", "they")),
                                    FailureWording.unknownEpsgCode("EPSG:" + code.group(1), e));
                        }
                        unknownNamed = Detail.of(
                                "file_crs_unknown_code",
                                "the file names its coordinate system EPSG:{code}, which this server's PROJ does not"
                                        + " know; its coordinates are longitude and latitude in Kazakhstan and were"
                                        + " read as WGS 84 (QazTRF-23 and the other ITRF-based systems differ from it"
                                        + " by less than a metre). If the file's system is projected or another"
                                        + " datum, pass its definition as the file's coordinate system",
                                "code",
                                code.group(1));
                    }
                }
            }
            // a GeoJSON that names its system may write the coordinates northing or latitude first,
            // in the order of that system's axes, which GDAL does not follow: the numbers tell
            Detail axesSwapped = null;
            if ((srs == null || sameSystem(srsDefinition, info.srsWkt()))
                    && (dataset.format().equals("geojson") || dataset.format().equals("json"))
                    && !insideKazakhstan(request, info)
                    && writtenTheOtherWayRound(c, info)
                    && GeoJsonCoordinates.namesItsCrs(dataset.path())) {
                Path swapped =
                        work.resolve("axes-swapped").resolve(dataset.path().getFileName());
                java.nio.file.Files.createDirectories(swapped.getParent());
                OgrInfo.Layer read = GeoJsonCoordinates.swapAxes(dataset.path(), swapped)
                        ? ogrInfo.describe(
                                swapped,
                                layerName,
                                encoding,
                                g -> custom ? fitsDefined(defined, g) : fits(kind, g, false),
                                g -> custom ? fitsDefined(null, g) : fits(kind, g, true))
                        : null;
                double[] was = info.extent();
                // every position swapped, and nothing else read otherwise
                if (read != null
                        && read.extent() != null
                        && read.featureCount() == info.featureCount()
                        && read.name().equals(info.name())
                        && java.util.Arrays.equals(read.extent(), new double[] {was[1], was[0], was[3], was[2]})) {
                    dataset = dataset.at(swapped);
                    info = read;
                    axesSwapped = axesSwapped(info.srsWkt());
                }
            }
            double[] box = info.extent();
            boolean touchesKazakhstan = box[2] >= CoordinateGuess.MIN_LON
                    && box[0] <= CoordinateGuess.MAX_LON
                    && box[3] >= CoordinateGuess.MIN_LAT
                    && box[1] <= CoordinateGuess.MAX_LAT;
            if (srs == null
                    && !touchesKazakhstan
                    && info.srsWkt() != null
                    && info.srsWkt().matches("(?s)^GEOG(CRS|CS)\\[.*")) {
                // GeoJSON and KML are longitude/latitude by definition, yet often hold projected metres
                String problem = CoordinateGuess.explain(info.extent(), true, dataset.format());
                if (problem != null) {
                    throw new BadSourceException(
                            SourceProblem.WRONG_CRS,
                            (withinTheWorld(info.extent())
                                            // longitude and latitude of somewhere else: data of another
                                            // country, or of Kazakhstan under a wrong system
                                            ? "the file lies outside Kazakhstan in its coordinate system ("
                                                    + crsName(info.srsWkt()) + "): "
                                            : "the coordinates do not fit the file's coordinate system ("
                                                    + crsName(info.srsWkt()) + "): ")
                                    + problem,
                            FailureWording.tryCode(CoordinateGuess.suggestedCode(info.extent())));
                }
            }
            if (srs == null && info.srsWkt() != null && info.srsWkt().matches("(?s)^(ENGCRS|LOCAL_CS)\\[.*")) {
                // MapInfo's NonEarth, a CAD drawing's metres: numbers with no place on the Earth
                throw new BadSourceException(
                        SourceProblem.LOCAL_CRS,
                        "the file's coordinate system (" + crsName(info.srsWkt()) + ") is a local"
                                + " plane with no link to the Earth, such as MapInfo's NonEarth or a city's own system: pass"
                                + " its definition as the file's coordinate system, a PROJ string or WKT (e.g. +proj=tmerc"
                                + " +lat_0=0 +lon_0=… +k=1 +x_0=… +y_0=… +ellps=krass +towgs84=… for a city system on"
                                + " Pulkovo 1942); the city's surveyors keep its parameters");
            }
            // a Gauss–Krüger zone with its number in front of the easting over numbers without it:
            // the system names the zone, which the numbers alone do not tell (and read so, a 3° zone's
            // numbers lie outside what PROJ projects at all)
            if (!insideKazakhstan(request, info)) {
                String system = srsDefinition != null ? srsDefinition : info.srsWkt();
                CoordinateGuess.ZoneCode zoneCode = CoordinateGuess.zoneNumberLeftOut(
                        system, info.extent(), request.sourceSrs() != null, dataset.format());
                if (zoneCode != null) {
                    throw new BadSourceException(
                            SourceProblem.WRONG_CRS,
                            (request.sourceSrs() == null
                                            ? "read in its coordinate system (" + crsName(system) + ")"
                                            : "read in the coordinate system given (--srs "
                                                    + request.sourceSrs().strip() + ")")
                                    + ", the file does not lie in Kazakhstan: " + zoneCode.message(),
                            FailureWording.tryCode(zoneCode.code()));
                }
            }
            // the file's extent tells what its numbers are, unless a few rows are wild: then what
            // most rows are tells, once read
            String unlessMostAreInKazakhstan = null;
            // a Shapefile's .prj GDAL took for none, its coordinates read as longitude and latitude
            Detail prjReadAsDegrees = null;
            // a Shapefile without a .prj, its coordinates read as longitude and latitude
            Detail noPrj = null;
            if (srs == null && info.srsWkt() == null) {
                String problem = CoordinateGuess.explain(info.extent());
                // a WKT whole but of words GDAL does not know is no system to it, and was not noted
                String prjStart = unreadPrjStart(dataset, info.name());
                Detail unreadablePrj = dataset.notes().stream()
                        .filter(n ->
                                n.key().equals("file_prj_unreadable") || n.key().equals("file_prj_wkt_damaged"))
                        .findFirst()
                        .orElse(
                                prjStart == null
                                        ? null
                                        : Detail.of(
                                                "file_prj_unreadable",
                                                "the shapefile's .prj is not a coordinate system GDAL can read: it begins"
                                                        + " '{start}'",
                                                "start",
                                                prjStart));
                if (problem != null && !withinTheWorld(info.extent())) {
                    throw new BadSourceException(
                            SourceProblem.NO_CRS,
                            dataset.notes().stream().anyMatch(n -> n.key().equals("file_prj_empty"))
                                    ? "the shapefile's .prj is empty, and "
                                            + problem.replaceFirst("^the file declares no coordinate system and ", "")
                                                    .replace(", or add its .prj.", ", or write it in the .prj.")
                                    : unreadablePrj != null
                                            // its own .prj is what to mend, not one to add
                                            ? unreadablePrj.message() + "; and "
                                                    + problem.replaceFirst(
                                                                    "^the file declares no coordinate system and ", "")
                                                            .replace(
                                                                    ", or add its .prj.",
                                                                    ", or write the right one in the .prj.")
                                            : problem);
                }
                // no declared system, and longitude/latitude in Kazakhstan, or at least on the Earth
                unlessMostAreInKazakhstan = problem;
                srs = "EPSG:4326";
                if (unreadablePrj != null) {
                    // said, not refused: numbers that are degrees in Kazakhstan are no metres of any
                    // projection, and the map shows where they fall; but the .prj may name another datum
                    // (Pulkovo 1942's degrees lie up to 100 m off WGS 84's), so someone looks first
                    prjReadAsDegrees = Detail.of(
                            "file_prj_read_as_degrees",
                            "the shapefile's .prj ({file}) is not a coordinate system GDAL can read: it begins"
                                    + " '{start}'. The coordinates were read as longitude and latitude (WGS 84),"
                                    + " which they look like; check where the features lie before publishing, or"
                                    + " pass the file's coordinate system (--srs)",
                            "file",
                            info.name() + ".prj",
                            "start",
                            unreadablePrj.params().get("start"));
                } else if (dataset.format().equals("shp")
                        && !java.nio.file.Files.isDirectory(dataset.path())
                        && prjOf(dataset, info.name()) == null) {
                    // no system named, and WGS 84 assumed: right for most such files, but not said, the
                    // clerk could not tell that a .prj left behind mattered
                    noPrj = Detail.of(
                            "file_no_prj_read_as_wgs84",
                            "the shapefile {file} has no .prj: its coordinates, which look like longitude and"
                                    + " latitude, were read as WGS 84; if they are on another datum (Pulkovo 1942's"
                                    + " degrees lie up to 100 m from WGS 84's), pass the file's coordinate system"
                                    + " (--srs) or send its .prj",
                            "file",
                            dataset.member() != null
                                    ? dataset.member().replaceFirst(".*/", "")
                                    : dataset.path().getFileName().toString());
                }
            }
            List<Detail> notes = new ArrayList<>(dataset.notes());
            if (prjReadAsDegrees != null) {
                notes.removeIf(
                        n -> n.key().equals("file_prj_unreadable") || n.key().equals("file_prj_wkt_damaged"));
                notes.add(prjReadAsDegrees);
            }
            if (noPrj != null) {
                notes.add(noPrj);
            }
            if (srs == null
                    && dataset.format().equals("gpkg")
                    && info.srsWkt() != null
                    && GPKG_UNDEFINED_SRS.matcher(info.srsWkt()).matches()
                    && info.srsWkt().startsWith("GEOG")) {
                // a layer saved with no system (srs_id 0: QGIS's «No CRS», ogr2ogr's of a file without one),
                // which GDAL places as WGS 84: right for most, but as unsaid as a Shapefile's missing .prj
                notes.add(Detail.of(
                        "file_gpkg_no_srs_read_as_wgs84",
                        "the GeoPackage's layer {layer} has no coordinate system (srs_id 0, an undefined geographic"
                                + " one): its coordinates, which look like longitude and latitude, were read as WGS 84;"
                                + " if they are on another datum (Pulkovo 1942's degrees lie up to 100 m from WGS 84's),"
                                + " pass the file's coordinate system (--srs), or set the layer's in QGIS and save it"
                                + " again",
                        "layer",
                        info.name()));
            }
            if (request.sourceSrs() != null) {
                // the system given is read instead of the one the EWKT's SRID names
                // by its name, or as given when it has none (a PROJ string's is "unknown")
                String named = crsName(srsDefinition);
                String given = named == null || named.equals("unknown") ? request.sourceSrs() : named;
                notes.replaceAll(n -> n.key().equals("file_ewkt")
                        ? Detail.of(
                                "file_ewkt_srs_given",
                                "the geometries are EWKT, with SRID={srid}; they were read in the coordinate system"
                                        + " given ({srs}) instead",
                                "srid",
                                n.params().get("srid"),
                                "srs",
                                given)
                        : n);
                Detail overruled = fileSystemOverruled(dataset, info, srsDefinition, request.sourceSrs(), given, box);
                if (overruled != null) {
                    notes.add(overruled);
                }
            }
            if (unknownNamed != null) {
                notes.add(unknownNamed);
            }
            if (axesSwapped != null) {
                notes.add(axesSwapped);
            }
            notes.addAll(heightsAndMeasuresLeftOut(dataset.path(), info, encoding));
            // AutoCAD's and MapInfo's Pulkovo 1942 (a datum of their own name, an ellipsoid alone, zero
            // parameters) and a PROJ string with +ellps=krass alone: PROJ places the plots without the
            // datum's shift, some 40 to 100 m off in Kazakhstan
            String fileSystem = srsDefinition != null ? srsDefinition : info.srsWkt();
            String datum =
                    coordinateSystems.krassowskyWithoutShift(fileSystem, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2);
            // the file's own system when it names Pulkovo 1942 as AutoCAD does («Pulkovo42»), or names
            // no datum but the Krassowsky ellipsoid's («D_Krasovsky_1940», «unknown»), which in
            // Kazakhstan is Pulkovo 1942: read by that name as PROJ knows it, with Pulkovo 1942's
            // shift, as an EPSG code of it would be; not a shift the file gives, even of zeros
            String readAsPulkovo = null;
            boolean noParticularDatum = kz.adalmap.importers.gdal.CoordinateSystems.namesNoParticularDatum(datum);
            if (datum != null
                    && request.sourceSrs() == null
                    && !kz.adalmap.importers.gdal.CoordinateSystems.shiftGiven(fileSystem)
                    && (noParticularDatum || kz.adalmap.importers.gdal.CoordinateSystems.namesPulkovo1942(datum))) {
                String renamed = kz.adalmap.importers.gdal.CoordinateSystems.asPulkovo1942(fileSystem, datum);
                if (!renamed.equals(fileSystem)
                        && coordinateSystems.krassowskyWithoutShift(
                                        renamed, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
                                == null) {
                    if (noParticularDatum) {
                        // named as the .prj writes it (GDAL reads ESRI's «D_Krasovsky_1940» as EPSG's
                        // «Not specified (based on Krassowsky 1940 ellipsoid)»)
                        String written = prjDatum(dataset, info.name());
                        notes.add(Detail.of(
                                "file_datum_unnamed_read_as_pulkovo_1942",
                                "the coordinate system has the Krassowsky ellipsoid and a datum that names none in"
                                        + " particular ({datum}), with no shift to WGS 84: in Kazakhstan that is"
                                        + " Pulkovo 1942, and it was read as Pulkovo 1942, with the shift to WGS 84"
                                        + " PROJ gives it, as an EPSG code of Pulkovo 1942 would be. If the data are"
                                        + " on another datum (Pulkovo 1995, a city's own system), import them again"
                                        + " with their coordinate system given (--srs)",
                                "datum",
                                kz.adalmap.importers.gdal.CoordinateSystems.namesNoParticularDatum(written)
                                        ? written
                                        : datum));
                    } else {
                        notes.add(Detail.of(
                                "file_datum_read_as_pulkovo_1942",
                                "the coordinate system names its datum {datum}, as AutoCAD Map 3D names Pulkovo"
                                        + " 1942, which PROJ knows by another name: it was read as Pulkovo 1942, with"
                                        + " the shift to WGS 84 PROJ gives it, as an EPSG code of Pulkovo 1942 would be",
                                "datum",
                                datum));
                    }
                    readAsPulkovo = renamed;
                    srs = renamed;
                    srsDefinition = renamed;
                    datum = null;
                }
            }
            if (datum != null) {
                notes.add(Detail.of(
                        "file_no_datum_shift",
                        "the coordinate system has the Krassowsky ellipsoid of Pulkovo 1942 but no shift to WGS 84"
                                + " for its datum ({datum}): PROJ knows none for it, and the definition gives no shift"
                                + " to WGS 84 (or one of zeros), so its features were placed without a datum shift,"
                                + " some 40 to 100 m off in Kazakhstan. If the data are Pulkovo 1942, as most"
                                + " Gauss–Krüger data in Kazakhstan are, add +towgs84=23.57,-140.95,-79.8,0,0.35,0.79,-0.22"
                                + " to the definition (Pulkovo 1942's shift to WGS 84 in Kazakhstan as EPSG gives it,"
                                + " EPSG:15865), or import them again with its EPSG code: 6° zones EPSG:28408–28415 with"
                                + " the zone in front of the easting,"
                                + " 2498–2505 without; 3° zones EPSG:2531–2545 with it, 2590–2599 and 2601–2605 without (2600 is Lithuania's). A city's"
                                + " own system is given with its shift: +towgs84=… in its PROJ definition",
                        "datum",
                        datum));
            }
            // a datum no map of Kazakhstan is on (a damaged MapInfo datum number reads as Adindan, in
            // Sudan): its features lie some hundreds of metres off, plausibly, so the datum is named
            String foreign = kz.adalmap.importers.gdal.CoordinateSystems.foreignDatum(
                    srsDefinition != null ? srsDefinition : info.srsWkt());
            if (foreign != null) {
                notes.add(Detail.of(
                        "file_foreign_datum",
                        "the file's coordinate system is on the datum {datum}, which no map of Kazakhstan uses:"
                                + " its features may lie hundreds of metres off. Check the coordinate system the file"
                                + " was exported in before publishing, or pass the right one as the file's coordinate"
                                + " system (--srs)",
                        "datum",
                        foreign));
            }
            // a utility's file of lines and of points (mains, and their wells or substations) as two
            // layers fills one networks layer: the other layers of lines or points are read too
            List<OgrInfo.Layer> alsoRead = new ArrayList<>();
            if (!plots && !custom && request.sourceLayer() == null) {
                for (String other : info.others()) {
                    OgrInfo.Layer more = ogrInfo.describe(dataset.path(), other, encoding);
                    if (more.featureCount() > 0 && more.extent() != null && fits(kind, more.geometryType(), false)) {
                        alsoRead.add(more);
                    }
                }
            }
            String oneKind =
                    plots || custom ? null : request.profile().defaults().get("kind");
            if (oneKind != null && !alsoRead.isEmpty()) {
                // every feature is of the kind given: mains and their wells are one network, but two
                // layers of mains (this year's and an archive, or two districts' drawings of one main)
                // would be the same network twice, or the wrong one
                List<OgrInfo.Layer> all = new ArrayList<>(List.of(info));
                all.addAll(alsoRead);
                for (boolean points : List.of(false, true)) {
                    List<String> alike = all.stream()
                            .filter(l -> l.geometryType()
                                            .toLowerCase(java.util.Locale.ROOT)
                                            .contains("point")
                                    == points)
                            .map(OgrInfo.Layer::name)
                            .toList();
                    if (alike.size() > 1) {
                        throw severalLayers(
                                alike,
                                "of " + (points ? "points" : "lines") + " with features",
                                ", and every feature of the file is taken to be of the network kind given (" + oneKind
                                        + ")");
                    }
                }
            }
            if (!alsoRead.isEmpty()) {
                List<String> layers = new ArrayList<>(List.of(info.name()));
                alsoRead.forEach(more -> layers.add(more.name()));
                // its layers of polygons, empty ones and tables of attributes alone: named, as a plots
                // import names the layers it did not read
                List<String> unread = info.others().stream()
                        .filter(other -> !layers.contains(other))
                        .toList();
                notes.add(
                        unread.isEmpty()
                                ? Detail.of(
                                        "file_layers_all_read",
                                        "the file holds {count} layers of lines or points ({layers}): all of them"
                                                + " were read into the networks layer",
                                        "count",
                                        layers.size(),
                                        "layers",
                                        layers)
                                : Detail.of(
                                        "file_layers_all_read_others",
                                        "the file holds {count} layers of lines or points ({layers}): all of them"
                                                + " were read into the networks layer; its other layers ({others})"
                                                + " hold no lines or points with features and were not read",
                                        "count",
                                        layers.size(),
                                        "layers",
                                        layers,
                                        "others",
                                        unread));
            } else if (!info.others().isEmpty()) {
                List<String> layers = new ArrayList<>(List.of(info.name()));
                layers.addAll(info.others());
                notes.add(Detail.of(
                        "file_layers",
                        "the file holds {count} layers ({layers}); {layer}, the one with features the layer's"
                                + " geometry fits, was imported: name another as the source layer to import it",
                        "count",
                        layers.size(),
                        "layers",
                        layers,
                        "layer",
                        info.name()));
            }
            // GDAL's own fields that say how a KML draws its placemarks are not read
            Map<String, String> columns =
                    Ogr2Ogr.stagingColumns(info.fields(), dataset.fieldsLeftOut(), dataset.fieldNames());
            List<String> fieldsRead = info.fields();
            Map<String, String> ownNames = dataset.fieldNames();
            // a CSV file's (or a sheet's) header: its columns of one name are said by their places in it
            List<String> header = csvHeader(dataset);
            columns.forEach((read, column) -> {
                List<Integer> places = twinColumns(ownNames.get(read), header, ownNames);
                if (places.size() > 1 && !column.equals(Ogr2Ogr.stagingName(ownNames.get(read)))) {
                    notes.add(Detail.of(
                            "file_column_renamed_twin",
                            "the file has {count} columns named '{field}' in its header (columns {columns}): the one"
                                    + " in column {position} is read as '{column}', under that name",
                            "count",
                            places.size(),
                            "field",
                            ownNames.get(read),
                            "columns",
                            places,
                            "position",
                            header.indexOf(read) + 1,
                            "column",
                            column));
                }
            });
            Ogr2Ogr.renamedFields(columns, ownNames).forEach((read, column) -> {
                String field = ownNames.getOrDefault(read, read);
                if (twinColumns(field, header, ownNames).size() > 1) {
                    // said above, column by column
                    return;
                }
                // each field of the name, by its place among the file's fields: of three or more, every
                // one but the first is read under a name of its own, and each is said
                List<Integer> places = twinFields(field, fieldsRead, ownNames);
                notes.add(
                        places.size() > 2
                                ? Detail.of(
                                        "file_field_renamed_twins",
                                        "the file has {count} fields named '{field}' (longer names cut to the 10"
                                                + " letters a .dbf keeps; columns {columns}): the one in column"
                                                + " {position} is read as '{column}', under that name",
                                        "count",
                                        places.size(),
                                        "field",
                                        field,
                                        "columns",
                                        places,
                                        "position",
                                        fieldsRead.indexOf(read) + 1,
                                        "column",
                                        column)
                                : places.size() == 2
                                        ? Detail.of(
                                                "file_field_renamed_twin",
                                                "the file has two fields named '{field}' (longer names cut to the"
                                                        + " 10 letters a .dbf keeps): the second is read as"
                                                        + " '{column}', under that name",
                                                "field",
                                                field,
                                                "column",
                                                column)
                                        : renamed(field, column));
            });
            boolean asIs = readAsIs(request, info);
            dropAbandonedWorkTables(c);
            // before the import's transaction, which would hold another import drawing it waiting
            CountryArea.draw(c);
            progress.report("waiting", 10);
            waitForLayer(c, request.layerCode());
            try {
                progress.layerHeld();
                progress.report("reading", 12);
                log.info("reading {} ({} features) into staging", dataset.path().getFileName(), info.featureCount());
                // the first row of each layer read, for a feature to be named by its own layer's row
                List<Long> layerFirsts = new ArrayList<>();
                List<String> gdalWarnings = readIntoStaging(
                        c,
                        dataset.path(),
                        target,
                        staging,
                        info,
                        alsoRead,
                        columns,
                        dataset,
                        srs,
                        encoding,
                        asIs,
                        layerFirsts);
                // a MapInfo table's captions: no features, whatever the layer
                NonDataRows.Labels labels = NonDataRows.leaveOutLabels(c, staging);
                notes.addAll(labels.notes());
                long arcs = asIs ? 0 : arcs(c, staging, info.geometryType(), dataset.path());
                if (arcs > 0 && !inLongitudeLatitude(srs, info)) {
                    // read again from a copy whose arcs are made straight in the file's own coordinates
                    Path straight = dataset.path().resolveSibling("straightened-" + staging + ".gpkg");
                    List<String> layers = new ArrayList<>(List.of(info.name()));
                    alsoRead.forEach(more -> layers.add(more.name()));
                    ogr2ogr.straighten(dataset.path(), layers, encoding, straight);
                    try (Statement st = c.createStatement()) {
                        st.execute("DROP TABLE staging." + staging);
                    }
                    gdalWarnings = readIntoStaging(
                            c, straight, target, staging, info, alsoRead, columns, dataset, srs, null, asIs, null);
                    NonDataRows.leaveOutRows(c, staging, labels.rows());
                }
                onePointLines(c, staging, dataset.onePointLines());
                if (!asIs) {
                    long curved = Math.max(arcs, linearize(c, staging, info.geometryType(), dataset.path()));
                    if (curved > 0) {
                        notes.add(Detail.of(
                                "file_arcs",
                                "{count} features are drawn with arcs (true curves): they are stored as straight"
                                        + " segments, 32 to a quarter circle, the way the map draws them",
                                "count",
                                curved));
                    }
                }
                notes.addAll(describedDomains(c, staging));
                if (request.sourceSrs() == null && dataset.path().toString().endsWith(".csv")) {
                    Detail either = xyEitherWay(c, staging, dataset.path());
                    if (either != null) {
                        notes.add(either);
                    }
                }
                if (dataset.format().equals("csv") || SourceFiles.SPREADSHEETS.contains(dataset.format())) {
                    // an office's table: the other formats have no rows that are not features
                    // named by a CSV file's lines, a sheet's rows
                    notes.addAll(
                            NonDataRows.leaveOut(c, staging, dataset.format().equals("csv") && !sheet));
                }
                if (plots && hasNoPolygons(c, staging)) {
                    throw new BadSourceException(
                            SourceProblem.WRONG_GEOMETRY_TYPE,
                            "the layer '" + info.name() + "' holds no polygons, only "
                                    + one(
                                            c,
                                            "SELECT string_agg(DISTINCT lower(GeometryType(geom)), ', ') FROM staging."
                                                    + staging)
                                    + "; a plots layer needs polygons" + NETWORKS_PROFILE);
                }
                if ((dataset.format().equals("geojson") || dataset.format().equals("json"))
                        && one(
                                        c,
                                        "SELECT 1 FROM staging." + staging
                                                + " WHERE geom IS NULL OR ST_IsEmpty(geom) LIMIT 1")
                                != null) {
                    notes.addAll(coordinatesAsText(dataset.path()));
                }
                if (plots && dataset.format().equals("kml")) {
                    request = namesAsCadastralNumbers(c, staging, request, info.fields(), columns, notes);
                }
                // what reading the file did to a feature, said on its row
                List<Long> partsAsHoles = List.of();
                if (plots && dataset.format().equals("shp")) {
                    partsAsHoles = ShapefileRings.outlinesInsideOutlines(dataset.path());
                }
                // GDAL's "not closed" of a PolygonZ's rings closed on the map, their last point at
                // another height than their first (the heights are left out, and said so)
                if (dataset.format().equals("shp")
                        && gdalWarnings.contains(Ogr2Ogr.UNCLOSED_RING)
                        && ShapefileRings.everyRingClosedOnTheMap(dataset.path())) {
                    gdalWarnings = gdalWarnings.stream()
                            .filter(w -> !w.equals(Ogr2Ogr.UNCLOSED_RING))
                            .toList();
                }
                if (dataset.format().equals("shp")
                        && (plots || request.profile().kind().equals("networks"))) {
                    notes.addAll(FeatureValidation.shapefileZerosAsEmpty(c, staging, request.profile()));
                }
                Map<Long, List<Detail>> rowNotes = new java.util.TreeMap<>();
                // a GeoJSON property holding an object or a list where one value is read: said on its row
                if (plots
                        && (dataset.format().equals("geojson")
                                || dataset.format().equals("json"))) {
                    Map<Long, Map<String, String>> grouped =
                            kz.adalmap.importers.source.GeoJsonProperties.grouped(dataset.path());
                    if (!grouped.isEmpty()) {
                        FeatureValidation.groupedValuesAsEmpty(c, staging, request.profile(), grouped)
                                .forEach((row, more) -> rowNotes.computeIfAbsent(row, r -> new ArrayList<>())
                                        .addAll(more));
                    }
                }
                if ((dataset.format().equals("tab") || dataset.format().equals("mif"))
                        && (plots || request.profile().kind().equals("networks"))) {
                    notes.addAll(FeatureValidation.mapInfoZerosAsEmpty(
                            c,
                            staging,
                            request.profile(),
                            plots ? FeatureValidation.PLOT_AMOUNTS : FeatureValidation.NETWORK_AMOUNTS));
                }
                if (!everyFeature && request.profile().kind().equals("plots")) {
                    progress.report("matching", 50);
                    try {
                        FileComparison.compareInHalves(
                                target,
                                c,
                                request.layerCode(),
                                staging,
                                request.profile().sha256(),
                                request.editorRegions());
                    } catch (SQLException e) {
                        // only time is lost: the draft compares the files itself
                        log.info("comparing the files in halves failed: {}", e.getMessage());
                    }
                }
                // the signs of a text no one sees (U+202E, U+200B, ESC), removed and said on their row: of a
                // file compared with the published one, in the rows that differ from its rows only, which
                // had theirs removed when it was read (a row that holds such signs differs from it)
                FeatureValidation.invisibleSignsRemoved(c, staging, FileComparison.differingRows(c, staging))
                        .forEach((row, more) -> rowNotes.computeIfAbsent(row, r -> new ArrayList<>())
                                .addAll(more));
                // on its own thread while the database checks the rows: while GDAL reads the
                // file, both cores are busy
                Path file = request.file();
                java.util.concurrent.CompletableFuture<String> sha =
                        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                            try {
                                return SourceFiles.sha256(file);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                // the table of a Shapefile read on its own
                Path table = dataset.format().equals("shp") ? tableOf(dataset.path()) : null;
                // the numbers a person finds the features by: a CSV file's lines, a sheet's rows
                // and of several layers read together, a feature's row within its own layer (a zip's
                // Shapefile: as that file's attribute table shows it)
                RowNumbers rowNumbers = dataset.format().equals("csv")
                        ? RowNumbers.ofCsv(dataset.path(), dataset.linesAbove(), sheet)
                        : !alsoRead.isEmpty()
                                ? RowNumbers.ofLayers(layerNames(dataset, info, alsoRead), layerFirsts)
                                : table != null
                                        // rows marked deleted: by the .dbf's rows, as its list of them
                                        ? RowNumbers.ofDbf(table)
                                        : dataset.format().equals("gpkg")
                                                // by the fid QGIS shows, when deletions left gaps in them
                                                ? RowNumbers.ofFids(ogrInfo.geoPackageFids(
                                                        dataset.path(),
                                                        info.name(),
                                                        count(
                                                                c,
                                                                "SELECT coalesce(max(source_row), 0) FROM staging."
                                                                        + staging)))
                                                : RowNumbers.FEATURES;
                // the rows of a Shapefile's table marked deleted, named by their plots' numbers once the
                // field of those is known
                DeletedRows deletedRows = plots
                                && table != null
                                && notes.stream().anyMatch(n -> n.key().equals(DbfDeletedRows.KEY))
                        ? new DeletedRows(
                                table,
                                DbfDeletedRows.codePage(dataset.path(), encoding),
                                info.fields(),
                                dataset.fieldsLeftOut(),
                                columns)
                        : null;
                // the cells a row is not read without, by the feature the row is
                Map<Long, List<SourceFiles.CellProblem>> cellProblems =
                        byFeature(dataset.cellProblems(), rowNumbers, info.featureCount(), notes);
                progress.report("validating", 55);
                c.setAutoCommit(false);
                try {
                    Draft draft = draft(
                            c,
                            request,
                            staging,
                            member,
                            // the layers read together into a networks layer, named all
                            alsoRead.isEmpty()
                                    ? info.name()
                                    : String.join(
                                            ", ",
                                            java.util.stream.Stream.concat(
                                                            java.util.stream.Stream.of(info.name()),
                                                            alsoRead.stream().map(OgrInfo.Layer::name))
                                                    .toList()),
                            sha,
                            // the file's own numbers, when it may lie outside Kazakhstan
                            insideKazakhstan(request, info) ? null : info.extent(),
                            unlessMostAreInKazakhstan,
                            partsAsHoles,
                            rowNotes,
                            cellProblems,
                            dataset.format(),
                            srs == null ? crsName(info.srsWkt()) : srs.equals(readAsPulkovo) ? crsName(srs) : srs,
                            // the system of the file's own coordinates, when they are not those stored
                            inLongitudeLatitude(srs, info)
                                    ? null
                                    : srsDefinition != null ? srsDefinition : info.srsWkt(),
                            encoding,
                            notes,
                            gdalWarnings,
                            rowNumbers,
                            deletedRows,
                            progress);
                    Diff published = null;
                    String heldBackBy = null;
                    if (publishReason != null
                            && draft.rejected() == 0
                            && !draft.diff().isEmpty()) {
                        // a datum no map of Kazakhstan uses: every plot may lie hundreds of metres
                        // off, plausibly; published only once someone has looked (or degrees read past
                        // a .prj GDAL cannot read, whose datum is unknown)
                        heldBackBy = notes.stream()
                                .map(Detail::key)
                                .filter(PLACEMENT_WARNINGS::contains)
                                .findFirst()
                                .orElse(null);
                        if (heldBackBy == null) {
                            // the report's first file warning of REVIEW_WARNINGS, as warningToConfirm finds it: a
                            // change of the public layer more likely the file's mistake than the department's
                            // work, text decoded in a code page it is not in, a networks file of fewer kinds,
                            // a GeoPackage copied while open; said by its code when the code is the key
                            heldBackBy = one(c, """
                                    SELECT CASE WHEN code = ANY (%2$s) THEN code ELSE detail ->> 'key' END
                                    FROM import_issue
                                    WHERE layer_revision_id = %1$d AND source_row IS NULL
                                      AND (detail ->> 'key' = ANY (%2$s) OR code = ANY (%2$s))
                                    ORDER BY id LIMIT 1
                                    """.formatted(
                                            draft.revisionId(),
                                            "ARRAY["
                                                    + String.join(
                                                            ", ",
                                                            REVIEW_WARNINGS.stream()
                                                                    .map(k -> "'" + k + "'")
                                                                    .toList())
                                                    + "]"));
                        }
                        if (heldBackBy == null) {
                            published = publish(
                                    c,
                                    existingLayer(c, request.layerCode()),
                                    draft.revisionNumber(),
                                    request.actor(),
                                    publishReason.isEmpty() ? null : publishReason);
                        }
                    }
                    c.commit();
                    return new Imported(draft, published, heldBackBy);
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } finally {
                try (Statement st = c.createStatement()) {
                    // the places the check found, kept for publishing in its transaction
                    PlotPlaces.drop(st, PlotValidation.PLACES);
                    st.execute("DROP TABLE IF EXISTS staging." + staging);
                    st.execute("DROP TABLE IF EXISTS staging." + FileComparison.halvesOf(staging) + "1");
                    st.execute("DROP TABLE IF EXISTS staging." + FileComparison.halvesOf(staging) + "2");
                }
                unlockLayer(c, request.layerCode());
            }
        } catch (kz.adalmap.importers.gdal.GdalException e) {
            // GDAL names the private copy; the person who sent the file knows it by its own name
            throw new kz.adalmap.importers.gdal.GdalException(
                    e.getMessage().replace(work.toAbsolutePath() + java.io.File.separator, ""), e);
        } finally {
            deleteTree(work);
        }
    }

    private Draft draft(
            Connection c,
            Request request,
            String staging,
            String sourceFile,
            String sourceLayer,
            java.util.concurrent.CompletableFuture<String> sha,
            double[] fileExtent,
            String unlessMostAreInKazakhstan,
            List<Long> partsAsHoles,
            Map<Long, List<Detail>> rowNotes,
            Map<Long, List<SourceFiles.CellProblem>> cellProblems,
            String format,
            String srs,
            String sourceCrs,
            String encoding,
            List<Detail> notes,
            List<String> gdalWarnings,
            RowNumbers rowNumbers,
            DeletedRows deletedRows,
            Progress progress)
            throws SQLException, IOException {
        Map<String, FeatureValidation.TextDamage> textChecks = Map.of();
        Layer layer = layer(
                c,
                request.layerCode(),
                request.editorRegions(),
                request.profile().kind(),
                request.titles());
        if (request.editorRegions() != null
                && (layer.regionId() == null || !request.editorRegions().contains(layer.regionId()))) {
            throw new AccessDeniedException(request.actor() + " may not import into layer " + layer.code() + ": "
                    + (layer.regionId() == null
                            ? "it is a national layer, which only an administrator changes"
                            : "it belongs to another region"));
        }
        if (fileExtent != null) {
            checkPlacedInKazakhstan(
                    c, staging, srs, request.sourceSrs(), format, fileExtent, unlessMostAreInKazakhstan, notes);
            // in Kazakhstan, yet every easting begins with the number of another zone than the system's:
            // the numbers are that zone's, and read in the system's they lie 500 to 900 km off
            CoordinateGuess.ZoneCode otherZone =
                    CoordinateGuess.otherZoneWritten(sourceCrs, fileExtent, request.sourceSrs() != null, format);
            if (otherZone != null) {
                throw new BadSourceException(
                        SourceProblem.WRONG_CRS,
                        (request.sourceSrs() == null
                                        ? "read in its coordinate system (" + crsName(sourceCrs) + ")"
                                        : "read in the coordinate system given (--srs "
                                                + request.sourceSrs().strip() + ")")
                                + ", the file lies hundreds of kilometres from where it was drawn: "
                                + otherZone.message(),
                        FailureWording.tryCode(otherZone.code()));
            }
        }
        Long basedOn = publishedRevision(c, layer.id());
        if (basedOn != null && !layer.custom()) {
            if (layer.plots()) {
                snapshotIfMissing(c, layer.id(), basedOn);
            } else {
                NetworkRevisions.snapshotIfMissing(c, layer.id(), basedOn);
            }
        }
        long revision;
        int number;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO layer_revision (layer_id, number, state, source_name, source_sha256, created_by,
                                            based_on_revision_id, source_crs, source_encoding, profile,
                                            source_layer, profile_sha256, checked_regions, row_numbers,
                                            source_file)
                SELECT ?, coalesce(max(number), 0) + 1, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?
                FROM layer_revision WHERE layer_id = ?
                RETURNING id, number
                """)) {
            ps.setInt(1, layer.id());
            ps.setString(2, request.file().getFileName().toString());
            // the file's checksum is written once computed, below
            ps.setString(3, null);
            ps.setString(4, request.actor());
            ps.setObject(5, basedOn);
            ps.setString(6, srs);
            ps.setString(7, encoding);
            ps.setString(8, request.profile().name());
            ps.setString(9, sourceLayer);
            ps.setString(10, request.profile().sha256());
            ps.setArray(
                    11,
                    request.editorRegions() == null
                            ? null
                            : c.createArrayOf("integer", request.editorRegions().toArray(new Integer[0])));
            ps.setString(12, JSON.writeValueAsString(rowNumbers.asMap()));
            ps.setString(13, sourceFile);
            ps.setInt(14, layer.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                revision = rs.getLong(1);
                number = rs.getInt(2);
            }
        }
        for (Detail note : notes) {
            // what reading the file did
            issue(c, revision, "warning", "file", note);
        }
        for (long row : partsAsHoles) {
            rowIssue(c, revision, row, "warning", "part_read_as_hole", PART_READ_AS_HOLE);
        }
        for (Map.Entry<Long, List<Detail>> row : rowNotes.entrySet()) {
            for (Detail note : row.getValue()) {
                rowIssue(c, revision, row.getKey(), "warning", note.key(), note);
            }
        }
        for (String warning : gdalWarnings) {
            // GDAL's own words, in English whatever the reader's language; those the importer says in its
            // own words, in the reader's
            issue(c, revision, "warning", "gdal", gdalWarning(warning));
        }
        // a layer defined as data is warned only of a file whose middle lies outside its region: where
        // the file lies is no news to the editor of a layer of the country, and a first import tells it
        // nothing else
        if (!layer.custom() || layer.regionId() != null) {
            checkPlacement(c, layer, staging, basedOn, revision);
        }
        Diff diff;
        FileComparison comparison = null;
        Map<String, Object> readings = null;
        PlotValidation plotValidation = null;
        if (layer.plots()) {
            PlotValidation validation = new PlotValidation(
                    c, staging, revision, request.profile(), request.editorRegions(), layer.id(), basedOn, sourceCrs);
            plotValidation = validation;
            readings = validation.readings();
            comparison = everyFeature
                    ? null
                    : FileComparison.prepare(
                            c,
                            layer.id(),
                            basedOn,
                            staging,
                            request.profile().sha256(),
                            request.editorRegions(),
                            readings,
                            validation);
            if (comparison != null) {
                log.info(
                        "{} rows differ from the file of revision {}: only they are checked",
                        comparison.rechecked(),
                        comparison.baseNumber);
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("UPDATE layer_revision SET snapshot = 'delta' WHERE id = " + revision);
                }
            }
            validation.compareWith(comparison);
            validation.readIn(encoding);
            validation.numberedIn(rowNumbers.unit());
            validation.cellProblems = cellProblems;
            validation.run();
            textChecks = validation.textDamage;
            String cadastral = deletedRows == null ? null : validation.cadastralColumn();
            Detail named = cadastral == null ? null : deletedRows.named(cadastral);
            if (named != null) {
                // the note of the rows marked deleted, in its place among the file's: with the plots' numbers
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE import_issue SET message = ?, detail = ?::jsonb
                        WHERE layer_revision_id = ? AND source_row IS NULL AND detail ->> 'key' = ?
                        """)) {
                    ps.setString(1, named.message().replace('\0', '?'));
                    ps.setString(2, JSON.writeValueAsString(named.params()).replace("\\u0000", "?"));
                    ps.setLong(3, revision);
                    ps.setString(4, DbfDeletedRows.KEY);
                    ps.executeUpdate();
                }
            }
            if (format.equals("kml")) {
                Detail folders = duplicatesInFolders(c, staging, revision);
                if (folders != null) {
                    issue(c, revision, "warning", "file", folders);
                }
            }
        } else if (layer.custom()) {
            FeatureValidation validation = new CustomLayerValidation(
                    c,
                    staging,
                    revision,
                    request.profile(),
                    request.editorRegions(),
                    CustomLayerSchema.read(c, layer.code()),
                    sourceCrs);
            validation.readIn(encoding);
            validation.numberedIn(rowNumbers.unit());
            validation.cellProblems = cellProblems;
            validation.run();
        } else {
            FeatureValidation validation =
                    new NetworkValidation(c, staging, revision, request.profile(), request.editorRegions());
            validation.readIn(encoding);
            validation.numberedIn(rowNumbers.unit());
            validation.cellProblems = cellProblems;
            validation.run();
        }
        progress.report("comparing", 90);
        if (comparison != null) {
            diff = comparison.diff(c, revision);
        } else if (layer.plots()) {
            diff = diff(c, layer.id(), revision);
        } else if (layer.custom()) {
            diff = CustomLayerRevisions.diff(c, layer.id(), revision, true);
        } else {
            diff = NetworkRevisions.diff(c, layer.id(), revision, true);
        }
        if (layer.plots() && diff.changed() > 0) {
            for (Detail note : ChangedPlots.notes(c, layer.id(), revision)) {
                issue(c, revision, "warning", "file", note);
            }
        }
        if (layer.plots() && diff.added() > 0) {
            ChangedPlots.warnNumbersOfOtherLand(c, layer.id(), revision);
        }
        if (layer.plots() && diff.changed() > 0) {
            Detail zeros = ChangedPlots.renumberedByZeros(c, revision, diff.changed());
            if (zeros != null) {
                issue(c, revision, "warning", "file", zeros);
            }
        }
        if (layer.plots() && diff.removed() > 0) {
            Detail most = ChangedPlots.removesMost(diff);
            if (most != null) {
                issue(c, revision, "warning", "file", most);
            }
        }
        if (layer.custom() && diff.removed() > 0) {
            for (Detail held : CustomLayerRevisions.heldBack(c, revision, diff)) {
                issue(c, revision, "warning", "file", held);
            }
        }
        if (layer.kind().equals("networks") && diff.removed() > 0) {
            Detail leftOut = NetworkRevisions.kindsLeftOut(c, layer.id(), revision);
            if (leftOut != null) {
                issue(c, revision, "warning", "file", leftOut);
            }
        }
        Map<String, Long> counts = counts(c, revision);
        long features = comparison != null ? comparison.features : count(c, "SELECT count(*) FROM staging." + staging);
        long accepted = features
                - count(
                        c,
                        "SELECT count(DISTINCT source_row) FROM import_issue"
                                + " WHERE severity = 'rejected' AND layer_revision_id = " + revision);
        List<Issue> issues = issues(c, revision, REPORT_ISSUES);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("source", request.file().getFileName().toString());
        report.put("crs", srs);
        report.put("encoding", encoding);
        report.put("profile", request.profile().name());
        report.put("features", features);
        report.put("accepted", accepted);
        report.put("rejected", features - accepted);
        report.put("repaired", counts.getOrDefault("repaired", 0L));
        report.put("warnings", counts.getOrDefault("warning", 0L));
        report.put("diff", diff);
        if (layer.plots()) {
            Map<String, Object> checks = new LinkedHashMap<>();
            textChecks.forEach((sign, found) ->
                    checks.put(sign, Map.of("features", found.features(), "first_row", found.firstRow())));
            report.put("text_checks", checks);
            // what the next import's comparison reads its unchanged rows by
            report.put("readings", readings);
            report.put("widths", plotValidation.widths());
        }
        if (comparison != null) {
            report.put(
                    "compared_with",
                    Map.of(
                            "revision",
                            comparison.baseNumber,
                            "rows_checked",
                            comparison.rechecked(),
                            "rows_differing",
                            comparison.differing(),
                            "rows_fewer",
                            comparison.fewer()));
        }
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE layer_revision SET feature_count = ?, report = ?::jsonb WHERE id = ?")) {
            ps.setLong(
                    1,
                    comparison != null
                            ? comparison.baseFeatureCount + diff.added() - diff.removed()
                            : count(
                                    c,
                                    "SELECT count(*) FROM " + layer.snapshotTable() + " WHERE layer_revision_id = "
                                            + revision));
            ps.setString(2, JSON.writeValueAsString(report));
            ps.setLong(3, revision);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE layer_revision SET source_sha256 = ? WHERE id = ?")) {
            ps.setString(1, digest(sha));
            ps.setLong(2, revision);
            ps.executeUpdate();
        }
        if (layer.plots()) {
            // the next import of this layer compares its file with this one
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE staging." + staging + " RENAME TO " + FileComparison.sourceTable(revision));
            }
            keepSources(c, layer.id(), revision, basedOn, basedOn == null ? null : basedOnOf(c, basedOn));
        }
        audit(c, request.actor(), "layer.import", layer.code(), Map.of("revision", number, "report", report));
        log.info("{} revision {}: {} features, {} accepted, diff {}", layer.code(), number, features, accepted, diff);
        return new Draft(
                revision,
                number,
                features,
                accepted,
                features - accepted,
                counts.getOrDefault("repaired", 0L),
                counts.getOrDefault("warning", 0L),
                diff,
                issues,
                comparison == null
                        ? null
                        : new Comparison(
                                comparison.baseNumber,
                                comparison.rechecked(),
                                comparison.differing(),
                                comparison.fewer()),
                new Source(request.file().getFileName().toString(), sourceFile, sourceLayer));
    }

    /**
     * Whether the revision {@code r} (of {@code layer_revision}, so named in the query it is put in) is a
     * stale draft, which cannot be published: a draft compared with a published revision that is not the
     * layer's published one any more (or with none, when one is now), or made before another revision of
     * its layer was published or made public again by a rollback since (the layer was another in between,
     * and the draft's plots may be matched with plots that came and went with it). False for a revision
     * that is no draft. A SQL condition, the one {@link #publish} refuses by and the API's list of
     * revisions says {@code stale} by.
     */
    public static final String STALE_DRAFT = """
            (r.state = 'draft'
             AND (r.based_on_revision_id IS DISTINCT FROM
                      (SELECT p.id FROM layer_revision p WHERE p.layer_id = r.layer_id AND p.state = 'published')
                  OR EXISTS (SELECT 1 FROM layer_revision o
                             WHERE o.layer_id = r.layer_id AND o.id <> r.id
                               AND greatest(o.published_at, o.restored_at) > r.created_at)))""";

    /**
     * The report keys of the warnings that a file's plots may lie elsewhere than its coordinates say,
     * plausibly, which only someone who has looked publishes: a datum no map of Kazakhstan uses ({@code
     * file_foreign_datum}), and degrees read past a {@code .prj} GDAL cannot read, whose datum is unknown
     * ({@code file_prj_read_as_degrees}), and a CSV's columns X and Y in degrees that lie in Kazakhstan
     * whichever of them is the longitude ({@code file_xy_either_way}: surveyors write X for the latitude),
     * and the Krassowsky ellipsoid of Pulkovo 1942 with no shift to WGS 84 ({@code file_no_datum_shift}: a
     * PROJ string of {@code +ellps=krass} alone, 40 to 100 m off).
     * {@link #importAndPublish} holds such a draft back.
     */
    public static final List<String> PLACEMENT_WARNINGS =
            List.of("file_foreign_datum", "file_prj_read_as_degrees", "file_xy_either_way", "file_no_datum_shift");

    /**
     * The keys of the {@code placement} warnings that the file's features lie elsewhere than the layer's,
     * as a valid but wrong coordinate system (a UTM or Gauss–Krüger zone one off, 6° for 3°) puts them:
     * the importer's own word that the system looks wrong, which only someone who has looked publishes.
     * A new layer's file outside every region loaded ({@code placement_outside_regions_new_layer}) is not
     * among them: with the whole country's regions loaded its plots lie outside Kazakhstan and are
     * rejected row by row, and an installation that loaded only its own region's boundaries would have
     * every first import of another's file held.
     */
    public static final List<String> WRONG_PLACE = List.of("placement_other_region", "placement_far");

    /**
     * The report keys of the warnings that a draft would change the public layer in a way that is more
     * likely a mistake in the file than the department's work, which only someone who has looked
     * publishes: it removes a large share of the public plots ({@code file_removes_most}: an export of a
     * selection, a file cut off), moves the changed plots together by metres ({@code
     * changed_outlines_moved}: a wrong zone, datum or order of the axes), renumbers plots only by zeros
     * before their plot part ({@code renumbered_by_zeros}); or it may hold the plots as they were before
     * the last edits saved ({@link #WAL_NOT_SENT}), would take a networks layer's other kinds off the map
     * ({@link #KINDS_LEFT_OUT}), or publish text read in a code page it is not in ({@link
     * #WRONG_ENCODING}, the code of warnings of several keys) or with letters lost ({@link #TEXT_LOST}), or read a plots file's areas or prices as
     * hectares or tenge although the field's name says another unit the import does not know ({@code
     * area_unit_unknown}, {@code price_unit_unknown}), publish every plot of a file without cadastral numbers
     * or statuses as free ({@link PlotValidation#NOT_A_CADASTRE}: OpenStreetMap's land use sent as plots),
     * place its points where a spreadsheet rounded every coordinate to, some hundreds of metres from where
     * they were measured ({@code file_coordinates_rounded}, {@code file_coordinates_rounded_metres}), or
     * its features lie where a coordinate system one zone off puts them ({@link #WRONG_PLACE}: outside the
     * layer's region, or far from its published features). {@link #importAndPublish} holds such a draft
     * back, as it does one of {@link #PLACEMENT_WARNINGS}.
     */
    public static final List<String> REVIEW_WARNINGS = java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(
                            ChangedPlots.REMOVES_MOST,
                            CustomLayerRevisions.REMOVES_MOST_OBJECTS,
                            "changed_outlines_moved",
                            ChangedPlots.RENUMBERED_BY_ZEROS,
                            CustomLayerRevisions.KEYS_LOST_ZEROS,
                            FeatureValidation.CUT_TWINS,
                            WAL_NOT_SENT,
                            KINDS_LEFT_OUT,
                            KIND_FIELDS_DISAGREE,
                            WRONG_ENCODING,
                            TEXT_LOST,
                            PlotValidation.AREA_UNIT_UNKNOWN,
                            PlotValidation.PRICE_UNIT_UNKNOWN,
                            PlotValidation.NOT_A_CADASTRE,
                            SourceFiles.COORDINATES_ROUNDED,
                            SourceFiles.COORDINATES_ROUNDED_METRES),
                    WRONG_PLACE.stream())
            .toList();

    /**
     * Every report key of a warning whose draft is published only once confirmed: {@link
     * #PLACEMENT_WARNINGS} and {@link #REVIEW_WARNINGS}.
     */
    public static final List<String> WARNINGS_TO_CONFIRM = java.util.stream.Stream.concat(
                    PLACEMENT_WARNINGS.stream(), REVIEW_WARNINGS.stream())
            .toList();

    /**
     * A warning of {@link #PLACEMENT_WARNINGS}: its English {@code message} and its {@code detail}, the key
     * and the values it names ({@code {"key": "file_foreign_datum", "datum": "Adindan (…)"}}).
     */
    public record PlacementWarning(String message, Map<String, Object> detail) {}

    /**
     * Why the plots of draft {@code revisionNumber} of {@code layerCode} may lie elsewhere than its
     * coordinates say: its first warning of {@link #PLACEMENT_WARNINGS}, which publishing it must confirm;
     * null when it has none, or is no draft (or there is no such layer or revision). A draft's warnings
     * never change once its import has written them.
     */
    public PlacementWarning placementWarning(PgTarget target, String layerCode, int revisionNumber)
            throws SQLException {
        return firstWarning(target, layerCode, revisionNumber, PLACEMENT_WARNINGS);
    }

    /**
     * The first warning of draft {@code revisionNumber} of {@code layerCode} that publishing it must
     * confirm ({@link #WARNINGS_TO_CONFIRM}: one of {@link #PLACEMENT_WARNINGS} before the others); null
     * when it has none, or is no draft.
     */
    public PlacementWarning warningToConfirm(PgTarget target, String layerCode, int revisionNumber)
            throws SQLException {
        PlacementWarning placement = placementWarning(target, layerCode, revisionNumber);
        return placement != null ? placement : firstWarning(target, layerCode, revisionNumber, REVIEW_WARNINGS);
    }

    private static PlacementWarning firstWarning(
            PgTarget target, String layerCode, int revisionNumber, List<String> keys) throws SQLException {
        try (Connection c = target.connect();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT i.message, i.detail::text, r.row_numbers::text FROM import_issue i
                        JOIN layer_revision r ON r.id = i.layer_revision_id JOIN layer l ON l.id = r.layer_id
                        WHERE l.code = ? AND r.number = ? AND r.state = 'draft' AND i.source_row IS NULL
                          AND (i.detail ->> 'key' = ANY (?) OR i.code = ANY (?))
                        ORDER BY i.id LIMIT 1
                        """)) {
            ps.setString(1, layerCode);
            ps.setInt(2, revisionNumber);
            ps.setArray(3, c.createArrayOf("text", keys.toArray()));
            ps.setArray(4, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String message = rs.getString(1);
                Map<String, Object> detail = DETAIL_JSON.readValue(rs.getString(2), DETAIL);
                // the rows it names (the first of the features whose text was lost) as the report names
                // them: a CSV file's line, a sheet's row
                RowNumbers numbers = RowNumbers.fromMap(
                        rs.getString(3) == null ? null : DETAIL_JSON.readValue(rs.getString(3), DETAIL));
                if (numbers.renumbers() && RowReferences.names(detail)) {
                    message = RowReferences.inMessage(message, numbers);
                    detail = RowReferences.inDetail(detail, numbers);
                }
                return new PlacementWarning(message, detail);
            }
        }
    }

    /**
     * Makes the public layer equal to the draft {@code revisionNumber}: adds, changes and retires
     * plots in one transaction; every status change lands in the plot's public history with {@code
     * reason} and the revision, as does every plot it removes from the layer or brings back. A null
     * or blank {@code reason} is none: the history says "Published revision N". The audit row {@code
     * layer.publish} holds the revision, {@code reason} as given (stripped; null when none or a blank one
     * was) and the diff, for a layer of any kind.
     */
    public Diff publish(PgTarget target, String layerCode, int revisionNumber, String actor, String reason)
            throws SQLException {
        return underLock(target, layerCode, (c, layer) -> publish(c, layer, revisionNumber, actor, reason));
    }

    /** {@link #publish(PgTarget, String, int, String, String)} in the transaction of {@code c}, holding the lock. */
    private static Diff publish(Connection c, Layer layer, int revisionNumber, String actor, String given)
            throws SQLException {
        String reason = reasonOf(given);
        String layerCode = layer.code();
        long revision = revisionId(c, layer.id(), revisionNumber);
        String state = one(c, "SELECT state FROM layer_revision WHERE id = " + revision);
        if (!state.equals("draft")) {
            throw new RefusedStepException(
                    RefusedStepException.Reason.NOT_A_DRAFT,
                    "revision " + revisionNumber + " of " + layerCode + " is " + state
                            + "; only a draft can be published");
        }
        Long published = publishedRevision(c, layer.id());
        if ("t".equals(one(c, "SELECT " + STALE_DRAFT + " FROM layer_revision r WHERE r.id = " + revision))) {
            throw new RefusedStepException(
                    RefusedStepException.Reason.STALE_DRAFT,
                    "revision " + revisionNumber + " was compared with a layer"
                            + " that has changed since (another revision was published or rolled back); import"
                            + " the file again to compare it with the layer as it is now");
        }
        if ("t".equals(one(c, """
                SELECT r.created_at < h.installed_on FROM layer_revision r
                JOIN flyway_schema_history h ON h.version = '%s' AND h.success
                WHERE r.id = %d
                """.formatted(READING_RULES, revision)))) {
            throw new RefusedStepException(
                    RefusedStepException.Reason.EARLIER_VERSION_DRAFT,
                    "revision " + revisionNumber + " was made by an earlier version of AdalMap, which read files"
                            + " or told plots apart otherwise; import the file again to make a draft as it reads now");
        }
        long plots = layer.plots()
                ? count(c, "SELECT coalesce(feature_count, 0) FROM layer_revision WHERE id = " + revision)
                : count(c, "SELECT count(*) FROM " + layer.snapshotTable() + " WHERE layer_revision_id = " + revision);
        if (plots == 0) {
            throw new RefusedStepException(
                    RefusedStepException.Reason.EMPTY_DRAFT,
                    "revision " + revisionNumber + " holds no "
                            + (layer.plots() ? "plot" : "feature") + " (every"
                            + " feature was rejected, see its report); publishing it would empty the layer");
        }
        // the same layer again would be a revision that changes nothing, and the rollback after it
        // one that undoes nothing
        String changes = one(c, """
                SELECT coalesce((report -> 'diff' ->> 'added')::bigint, 0) + coalesce((report -> 'diff' ->> 'changed')::bigint, 0)
                       + coalesce((report -> 'diff' ->> 'removed')::bigint, 0)
                FROM layer_revision WHERE id = %d AND report ? 'diff'
                """.formatted(revision));
        if (published != null && changes != null && Long.parseLong(changes) == 0) {
            throw new RefusedStepException(
                    RefusedStepException.Reason.NOTHING_TO_PUBLISH,
                    "revision " + revisionNumber + " holds what the published layer holds (its diff is empty):"
                            + " publishing it would change nothing");
        }
        Diff diff = applyRevision(c, layer, revision, reason == null ? "Published revision " + revisionNumber : reason);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE layer_revision SET state = 'superseded' WHERE layer_id = " + layer.id()
                    + " AND state = 'published'");
            st.executeUpdate(
                    "UPDATE layer_revision SET state = 'published', published_at = now() WHERE id = " + revision);
            if (layer.plots()) {
                // the distances of the plots this revision put in place, measured in the same
                // transaction: the search never sees a public plot without them
                st.execute(
                        "SELECT refresh_plot_network_distance_for_plot_revision(" + layer.id() + ", " + revision + ")");
                // in the same transaction: the notices exist exactly when the plots are public
                st.execute("SELECT queue_plot_subscription_notices(" + revision + ")");
            } else if (!layer.custom()) {
                st.execute("SELECT refresh_plot_network_distance_for_network_layer(" + layer.id() + ")");
            }
        }
        if (layer.plots()) {
            // the file of this revision for the next import, and the one before for a rollback
            keepSources(c, layer.id(), revision, published, null);
        }
        // the reason as the editor gave it (null when none or a blank one was), for every layer kind: only plots
        // keep it in their status history, and only those whose status changed
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("revision", revisionNumber);
        details.put("reason", reason);
        details.put("diff", diff);
        audit(c, actor, "layer.publish", layerCode, details);
        return diff;
    }

    /**
     * A reason as the history and the audit log keep it: null for none or a blank one, else stripped.
     * Blank is what shows nothing on a plot's card: also the no-break and zero-width spaces a text
     * pasted from Word or Excel brings, which {@link String#strip} leaves.
     */
    static String reasonOf(String given) {
        return InvisibleSigns.shown(given);
    }

    /**
     * Makes the layer public as it was before its current revision; the current one becomes rolled back.
     * The plots' history records each change of status, removal and return the rollback makes as made
     * by a rollback of the current revision, under the revision public again, with {@code reason} (a
     * null or blank one is none: "Rolled back to revision N"). That revision keeps its publish time
     * and gets the time it was restored. The audit row {@code layer.rollback} holds the revision
     * retired ({@code from_revision}), the one public again ({@code to_revision}), {@code reason} as
     * given (stripped; null when none or a blank one was) and the diff.
     */
    public Diff rollback(PgTarget target, String layerCode, String actor, String given) throws SQLException {
        return rollback(target, layerCode, actor, given, null);
    }

    /**
     * Like {@link #rollback(PgTarget, String, String, String)}, retiring revision number {@code
     * retiring} only: refused ({@code NOT_THE_PUBLISHED}) when another is published, as when the
     * rollback was sent again after its answer was lost and the first one went through. Null:
     * whichever is published.
     */
    public Diff rollback(PgTarget target, String layerCode, String actor, String given, Integer retiring)
            throws SQLException {
        String reason = reasonOf(given);
        return underLock(target, layerCode, (c, layer) -> {
            Long current = publishedRevision(c, layer.id());
            if (current == null) {
                throw new RefusedStepException(
                        RefusedStepException.Reason.NOTHING_PUBLISHED,
                        "layer " + layerCode + " has no published revision");
            }
            String number = one(c, "SELECT number FROM layer_revision WHERE id = " + current);
            if (retiring != null && !retiring.toString().equals(number)) {
                throw new RefusedStepException(
                        RefusedStepException.Reason.NOT_THE_PUBLISHED,
                        "revision " + retiring + " of layer " + layerCode + " is not the published one (revision "
                                + number + " is): it was rolled back or replaced already; nothing was changed");
            }
            String previous = one(c, """
                    SELECT r.id || ':' || r.number FROM layer_revision r
                    WHERE r.layer_id = %d AND r.state = 'superseded' AND r.id < %d
                      AND (r.snapshot = 'delta' OR EXISTS (SELECT 1 FROM %s s WHERE s.layer_revision_id = r.id))
                    ORDER BY r.number DESC LIMIT 1
                    """.formatted(layer.id(), current, layer.snapshotTable()));
            if (previous == null) {
                throw new RefusedStepException(
                        RefusedStepException.Reason.NO_EARLIER_REVISION,
                        "layer " + layerCode + " has no earlier revision to roll back to");
            }
            long previousId = Long.parseLong(previous.split(":")[0]);
            String restored = previous.split(":")[1];
            String why = reason == null ? "Rolled back to revision " + restored : reason;
            // every entry of the plots' history this rollback writes names the revision it retires
            // (V044); cleared after, for whatever else the transaction writes
            rollingBack(c, current);
            Diff diff = layer.plots()
                    ? rollBackPlots(c, layer, current, previousId, why)
                    : applyRevision(c, layer, previousId, why);
            if (layer.kind().equals("networks")) {
                NetworkRevisions.restamp(c, layer.id(), previousId);
            }
            rollingBack(c, null);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE layer_revision SET state = 'rolled_back' WHERE id = " + current);
                // published_at stays the time it was first published
                st.executeUpdate(
                        "UPDATE layer_revision SET state = 'published', restored_at = now() WHERE id = " + previousId);
                // a rollback is rare and may touch plots of several earlier revisions: the whole layer
                if (!layer.custom()) {
                    st.execute("SELECT refresh_plot_network_distance_for_" + (layer.plots() ? "plot" : "network")
                            + "_layer(" + layer.id() + ")");
                }
            }
            if (layer.plots()) {
                keepSources(c, layer.id(), previousId, basedOnOf(c, previousId), null);
            }
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("from_revision", Integer.parseInt(number));
            details.put("to_revision", Integer.parseInt(restored));
            details.put("reason", reason);
            details.put("diff", diff);
            audit(c, actor, "layer.rollback", layerCode, details);
            return diff;
        });
    }

    /**
     * A plots or networks layer's titles after {@link #retitle}: each null in a language the layer has
     * no title in (its code is stored for it, and the pages show its kind and code).
     */
    public record Titles(String code, String kind, String kk, String ru, String en) {}

    /**
     * Changes the titles of the plots or networks layer {@code layerCode}: {@code titles} maps a language
     * (kk, ru, en) to its new title, a null or blank one to none, which gives the language back to the
     * layer's code as a layer given no title has; the languages it does not name keep their titles
     * ({@link LayerTitles#change} checks them). The audit row {@code layer.title} holds the titles
     * {@code before} and {@code after}, each language's null for none; a change that changes nothing
     * writes none. Only the layer's row is locked, never the layer's lock an import holds while it
     * reads a file: a title is changed at once during an import, unless that import gives the layer
     * titles too (then after it).
     *
     * @param actor who retitles: a staff user name, recorded in the audit log
     * @param editorRegions the regions (ids) the actor may edit, or null for an administrator or the
     *     operator's command line, who may retitle every layer
     * @throws IllegalArgumentException for a layer that does not exist, or titles {@link
     *     LayerTitles#change} refuses
     * @throws AccessDeniedException for a layer of another region, or a national one, of an editor
     * @throws RefusedStepException ({@code TITLED_IN_DEFINITION}) for a layer defined as data, which is
     *     titled through its definition
     */
    public Titles retitle(
            PgTarget target, String layerCode, Map<String, String> titles, String actor, Set<Integer> editorRegions)
            throws SQLException {
        Map<String, String> change = LayerTitles.change(titles);
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            try {
                Titles now = retitle(c, layerCode, change, actor, editorRegions);
                c.commit();
                return now;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Titles retitle(
            Connection c, String code, Map<String, String> change, String actor, Set<Integer> editorRegions)
            throws SQLException {
        Layer layer;
        Map<String, String> before = new java.util.LinkedHashMap<>();
        // a key of the row is not changed: an import inserting revisions of the layer does not wait
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, code, region_id, kind, title_kk, title_ru, title_en FROM layer WHERE code = ?
                FOR NO KEY UPDATE
                """)) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("there is no layer " + code);
                }
                layer = new Layer(rs.getInt(1), rs.getString(2), (Integer) rs.getObject(3), rs.getString(4));
                for (int i = 0; i < LayerTitles.LANGUAGES.size(); i++) {
                    String title = rs.getString(5 + i);
                    // the code stands for no title
                    before.put(LayerTitles.LANGUAGES.get(i), code.equals(title) ? null : title);
                }
            }
        }
        if (layer.custom()) {
            throw new RefusedStepException(
                    RefusedStepException.Reason.TITLED_IN_DEFINITION,
                    "layer " + code + " is defined as data: its titles are changed in its definition (\"Define a"
                            + " layer\" on the editor's page, or PUT /api/v1/layer-definitions/" + code + ")");
        }
        if (!layer.plots() && !layer.kind().equals("networks")) {
            throw new IllegalStateException("layer " + code + " is the " + layer.kind()
                    + " layer, which AdalMap titles itself: only plots and networks layers are retitled");
        }
        if (editorRegions != null && (layer.regionId() == null || !editorRegions.contains(layer.regionId()))) {
            throw new AccessDeniedException(actor + " may not retitle layer " + code + ": "
                    + (layer.regionId() == null
                            ? "it is a national layer, which only an administrator changes"
                            : "it belongs to another region"));
        }
        Map<String, String> after = new java.util.LinkedHashMap<>(before);
        after.putAll(change);
        if (!after.equals(before)) {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE layer SET title_kk = ?, title_ru = ?, title_en = ? WHERE id = ?")) {
                for (int i = 0; i < LayerTitles.LANGUAGES.size(); i++) {
                    String title = after.get(LayerTitles.LANGUAGES.get(i));
                    ps.setString(1 + i, title == null ? code : title);
                }
                ps.setInt(4, layer.id());
                ps.executeUpdate();
            }
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("before", before);
            details.put("after", after);
            audit(c, actor, "layer.title", code, details);
        }
        return new Titles(code, layer.kind(), after.get("kk"), after.get("ru"), after.get("en"));
    }

    /** Names {@code retired} (null: none) as the revision a rollback retires, for the rest of the transaction. */
    private static void rollingBack(Connection c, Long retired) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT set_config('adalmap.rolled_back_revision_id', ?, true)")) {
            ps.setString(1, retired == null ? "" : retired.toString());
            ps.execute();
        }
    }

    /**
     * Makes the plots of {@code layer} those of {@code revision}, an earlier one. A revision that
     * stores only its changes is rebuilt first: for each plot, its version in the nearest revision
     * of the chain of revisions each was compared with that names it, down to one that holds every
     * plot. The plots {@code current}, the revision rolled back, took over under another key go back
     * to their earlier keys (a plot registered or renumbered takes its earlier number again). The
     * retired plots {@code current} brought back are retired again as they were before it ({@link
     * #retireAsBefore}).
     */
    private static Diff rollBackPlots(Connection c, Layer layer, long current, long revision, String reason)
            throws SQLException {
        if (!"delta".equals(one(c, "SELECT snapshot FROM layer_revision WHERE id = " + revision))) {
            return apply(
                    c,
                    layer,
                    revision,
                    reason,
                    "(SELECT * FROM plot_snapshot WHERE layer_revision_id = " + revision + ")",
                    renamedBy(current, true),
                    current);
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TEMP TABLE rollback_rows (LIKE plot_snapshot) ON COMMIT DROP");
            st.executeUpdate("""
                    WITH RECURSIVE chain AS (
                        SELECT id, based_on_revision_id, snapshot, 0 AS depth FROM layer_revision WHERE id = %1$d
                        UNION ALL
                        SELECT r.id, r.based_on_revision_id, r.snapshot, c.depth + 1
                        FROM chain c JOIN layer_revision r ON r.id = c.based_on_revision_id
                        WHERE c.snapshot = 'delta'),
                    nearest AS (
                        SELECT DISTINCT ON (plot_key) plot_key, layer_revision_id, removed
                        FROM (SELECT s.plot_key, s.layer_revision_id, c.depth, false AS removed
                              FROM chain c JOIN plot_snapshot s ON s.layer_revision_id = c.id
                              UNION ALL
                              SELECT x.plot_key, x.layer_revision_id, c.depth, true
                              FROM chain c JOIN revision_change x ON x.layer_revision_id = c.id AND x.change = 'removed'
                              WHERE c.snapshot = 'delta'
                              -- a key a plot left for another is gone from that revision on
                              UNION ALL
                              SELECT s.previous_key, s.layer_revision_id, c.depth, true
                              FROM chain c JOIN plot_snapshot s ON s.layer_revision_id = c.id
                              WHERE c.snapshot = 'delta' AND s.previous_key IS NOT NULL) k
                        ORDER BY plot_key, depth)
                    INSERT INTO rollback_rows
                    SELECT s.* FROM nearest n
                    JOIN plot_snapshot s ON s.layer_revision_id = n.layer_revision_id AND s.plot_key = n.plot_key
                    WHERE NOT n.removed
                    """.formatted(revision));
            st.execute("ANALYZE rollback_rows");
        }
        Diff diff = apply(c, layer, revision, reason, "rollback_rows", renamedBy(current, true), current);
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE rollback_rows");
        }
        return diff;
    }

    /** The revision {@code revision} was compared with, or null. */
    private static Long basedOnOf(Connection c, long revision) throws SQLException {
        String id = one(c, "SELECT based_on_revision_id FROM layer_revision WHERE id = " + revision);
        return id == null ? null : Long.valueOf(id);
    }

    /**
     * Drops the kept files ({@link FileComparison#sourceTable}) of the layer's revisions but the
     * given ones (nulls ignored) and those of the drafts that can still be published ({@link
     * #STALE_DRAFT}): the published revision's, the one before it for a rollback, the newest draft's,
     * and any draft's that publishing may make the published one are all a later import or rollback
     * can compare with. (A draft made before a later import and published after it would otherwise
     * leave the next import to check every row of a file that may hardly differ.)
     */
    private static void keepSources(Connection c, int layerId, Long... keep) throws SQLException {
        java.util.Set<Long> kept = new java.util.HashSet<>();
        for (Long id : keep) {
            if (id != null) {
                kept.add(id);
            }
        }
        List<Long> drop = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT r.id FROM layer_revision r
                        WHERE r.layer_id = %d AND to_regclass('staging.source_' || r.id) IS NOT NULL
                          AND NOT (r.state = 'draft' AND NOT %s)
                        """.formatted(layerId, STALE_DRAFT))) {
            while (rs.next()) {
                if (!kept.contains(rs.getLong(1))) {
                    drop.add(rs.getLong(1));
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (long id : drop) {
                st.execute("DROP TABLE staging." + FileComparison.sourceTable(id));
            }
        }
    }

    /**
     * {@code e} naming the text file sent ({@code .txt}, {@code .tsv}) where it names the {@code .csv} copy
     * read in its place: the editor never sent a file of that name.
     */
    private static kz.adalmap.importers.gdal.GdalException namingTheFileSent(
            kz.adalmap.importers.gdal.GdalException e, Path read, Path sent) {
        String copy = read.getFileName().toString();
        String name = sent.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot < 0
                || !name.substring(dot).matches("(?i)\\.(txt|tsv)")
                || !copy.equals(name.substring(0, dot) + ".csv")
                || e.getMessage() == null) {
            return e;
        }
        return new kz.adalmap.importers.gdal.GdalException(
                e.problem(), e.getMessage().replace(copy, name), e);
    }

    /** Work on a layer in one transaction, holding the layer's lock. */
    @FunctionalInterface
    private interface LayerWork<T> {
        T run(Connection c, Layer layer) throws SQLException;
    }

    private <T> T underLock(PgTarget target, String layerCode, LayerWork<T> work) throws SQLException {
        try (Connection c = target.connect()) {
            takeLayer(c, layerCode);
            try {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c, existingLayer(c, layerCode));
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } finally {
                c.setAutoCommit(true);
                unlockLayer(c, layerCode);
            }
        }
    }

    /** The problems found in a revision's file, in file order. */
    public List<Issue> issues(PgTarget target, String layerCode, int revisionNumber) throws SQLException {
        return issues(target, layerCode, revisionNumber, Integer.MAX_VALUE).first();
    }

    /** The first problems of a report, and how many it lists in all (rows of the report, not features). */
    public record IssuePage(List<Issue> first, long total) {}

    /** The first {@code limit} problems of a revision's report, in row order, and their number in all. */
    public IssuePage issues(PgTarget target, String layerCode, int revisionNumber, int limit) throws SQLException {
        return issues(target, layerCode, revisionNumber, null, 0, limit);
    }

    /**
     * The problems of a revision's report of code {@code code} (null: of every code), in row order, from
     * the {@code offset}-th (0: the first) on, at most {@code limit} of them; and how many of that code
     * the report lists in all. A page follows the one before it in the same order, so that a reader
     * loads a large report, or one kind of problem of it, a page at a time.
     */
    public IssuePage issues(PgTarget target, String layerCode, int revisionNumber, String code, int offset, int limit)
            throws SQLException {
        try (Connection c = target.connect()) {
            long revision = revisionId(c, existingLayer(c, layerCode).id(), revisionNumber);
            List<Issue> page = issues(c, revision, code, offset, limit);
            if (offset == 0 && page.size() < limit) {
                return new IssuePage(page, page.size());
            }
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT count(*) FROM import_issue WHERE layer_revision_id = ?"
                            + " AND (CAST(? AS text) IS NULL OR code = ?)")) {
                ps.setLong(1, revision);
                ps.setString(2, code);
                ps.setString(3, code);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new IssuePage(page, rs.getLong(1));
                }
            }
        }
    }

    /**
     * Plots or features of a revision's diff, as (change, key, previous key, label) ordered by key:
     * the previous key is that of a changed plot whose key changed (registered, renumbered or left
     * without a number), or of a changed network feature whose key changed (a line on shared poles
     * given another voltage, a line lengthened), else null. The label says which network feature it
     * is for a person ({@link #label}), null for a plot (its key is its cadastral number), a custom
     * layer's feature and a diff made before labels were kept. The audit log records that {@code
     * actor} read it.
     */
    public List<String[]> changes(PgTarget target, String layerCode, int revisionNumber, String actor)
            throws SQLException {
        List<String[]> out = new ArrayList<>();
        for (Change change : changeList(target, layerCode, revisionNumber, actor)) {
            out.add(new String[] {
                change.change(),
                change.key(),
                change.previousKey(),
                change.feature() == null ? null : label(change.feature())
            });
        }
        return out;
    }

    /**
     * A plot or feature of a revision's diff: {@code feature} is a network feature's parts as {@link
     * #featureParts} gives them, for the reader's page to word in its language, else null.
     */
    public record Change(String change, String key, String previousKey, Map<String, Object> feature) {}

    /** The diff of {@link #changes}, each network feature by its parts. */
    public List<Change> changeList(PgTarget target, String layerCode, int revisionNumber, String actor)
            throws SQLException {
        try (Connection c = target.connect()) {
            Layer layer = existingLayer(c, layerCode);
            long revision = revisionId(c, layer.id(), revisionNumber);
            List<Change> out = new ArrayList<>();
            Map<Long, String[]> revisions = new java.util.HashMap<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("""
                            SELECT x.change, x.plot_key, x.previous_key, x.feature::text
                            FROM revision_change x
                            WHERE x.layer_revision_id = %d ORDER BY x.plot_key
                            """.formatted(revision))) {
                while (rs.next()) {
                    Map<String, Object> feature =
                            rs.getString(4) == null ? null : DETAIL_JSON.readValue(rs.getString(4), DETAIL);
                    out.add(new Change(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            featureParts(c, feature, revision, revisions)));
                }
            }
            audit(c, actor, "layer.diff", layerCode, Map.of("revision", revisionNumber, "changes", out.size()));
            return out;
        }
    }

    /**
     * A network feature of a diff by the parts a person finds it by, each left out where it has none:
     * {@code kind} (a code), {@code name}, {@code voltageKv}, {@code pressureClass} (a code), {@code
     * diameterMm}, and its row in the file as the report numbers rows ({@code rowUnit}: line, row or
     * feature; {@code fileRow}; {@code rowLayer}: the file of several read together it counts in) in
     * the diff's own revision or, for a feature removed, in the published revision it is removed from,
     * whose number is {@code revision} when it is another. Null when {@code feature} is. {@code
     * revisions} caches each revision's number and row numbering.
     */
    public static Map<String, Object> featureParts(
            Connection c, Map<String, Object> feature, long revision, Map<Long, String[]> revisions)
            throws SQLException {
        if (feature == null) {
            return null;
        }
        Map<String, Object> parts = new java.util.LinkedHashMap<>();
        parts.put("kind", String.valueOf(feature.get("kind")));
        putIfPresent(parts, "name", feature.get("name"));
        putIfPresent(parts, "voltageKv", number(feature.get("voltage_kv")));
        putIfPresent(parts, "pressureClass", feature.get("pressure_class"));
        putIfPresent(parts, "diameterMm", number(feature.get("diameter_mm")));
        if (feature.get("row") == null || feature.get("revision") == null) {
            return parts;
        }
        long of = ((Number) feature.get("revision")).longValue();
        String[] numbering = revisions.get(of);
        if (numbering == null) {
            numbering = new String[] {
                one(c, "SELECT number FROM layer_revision WHERE id = " + of),
                one(c, "SELECT row_numbers::text FROM layer_revision WHERE id = " + of)
            };
            revisions.put(of, numbering);
        }
        RowNumbers rows = RowNumbers.fromMap(numbering[1] == null ? null : DETAIL_JSON.readValue(numbering[1], DETAIL));
        long at = ((Number) feature.get("row")).longValue();
        parts.put("rowUnit", rows.unit());
        parts.put("fileRow", rows.of(at));
        putIfPresent(parts, "rowLayer", rows.layerOf(at));
        if (of != revision) {
            parts.put("revision", Integer.parseInt(numbering[0]));
        }
        return parts;
    }

    private static void putIfPresent(Map<String, Object> parts, String name, Object value) {
        if (value != null) {
            parts.put(name, value);
        }
    }

    /** A number without the zeros a column's scale adds (10.00 → 10), or null. */
    private static java.math.BigDecimal number(Object value) {
        if (value == null) {
            return null;
        }
        java.math.BigDecimal n = new java.math.BigDecimal(value.toString()).stripTrailingZeros();
        return n.scale() < 0 ? n.setScale(0) : n;
    }

    /**
     * A network feature's {@link #featureParts} as the command line says it, in English: its kind, name
     * (or "(no name)"), voltage, pressure class and diameter as far as it has them, and its row:
     * {@code power «ВЛ-10кВ Ф-7» 10 kV, feature 2}, {@code water «Водовод» Ø300 mm, line 4 of revision
     * 1}.
     */
    public static String label(Map<String, Object> parts) {
        StringBuilder label = new StringBuilder(String.valueOf(parts.get("kind")));
        label.append(parts.get("name") == null ? " (no name)" : " «" + parts.get("name") + "»");
        if (parts.get("voltageKv") != null) {
            label.append(' ').append(plain(parts.get("voltageKv"))).append(" kV");
        }
        if (parts.get("pressureClass") != null) {
            label.append(' ').append(parts.get("pressureClass")).append(" pressure");
        }
        if (parts.get("diameterMm") != null) {
            label.append(" Ø").append(plain(parts.get("diameterMm"))).append(" mm");
        }
        if (parts.get("fileRow") == null) {
            return label.toString();
        }
        label.append(", ").append(parts.get("rowUnit")).append(' ').append(parts.get("fileRow"));
        if (parts.get("rowLayer") != null) {
            label.append(" of ").append(parts.get("rowLayer"));
        }
        if (parts.get("revision") != null) {
            label.append(" of revision ").append(parts.get("revision"));
        }
        return label.toString();
    }

    /** A number as written, without the zeros a column's scale adds (10.00 → 10). */
    private static String plain(Object number) {
        java.math.BigDecimal value = new java.math.BigDecimal(number.toString()).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
    }

    /**
     * What publishing a draft changes on a plot: the public fields that differ, each in {@code before}
     * (the plot as it is public) and {@code after} (as the draft has it), by their names in the API:
     * {@code status} (a code), {@code areaHa} (declared, hectares), {@code category} (a code),
     * {@code purposeKk}, {@code purposeRu}, {@code permittedUse}, {@code rightType} (a code), {@code
     * divisible}, {@code address}, {@code auctionDate} ({@code 2026-05-14}), {@code startingPriceKzt}; a
     * value may be null. {@code geometryChanged}: the outline is another shape, compared as {@link
     * #COMPARED} compares them. {@code keptFields}: the fields kept beside the public ones (the
     * plot's {@code extra}, the file's columns no profile field reads) whose values differ, by name.
     * With none of them, the plot changes only its number.
     */
    public record PlotDifference(
            Map<String, Object> before, Map<String, Object> after, boolean geometryChanged, List<String> keptFields) {}

    /**
     * The public fields a {@link PlotDifference} names, as (name in the API, column): every field
     * {@link #COMPARED} compares but the number, which the change's key says.
     */
    private static final String[][] PUBLIC_FIELDS = {
        {"status", "status"},
        {"areaHa", "area_declared_ha"},
        {"category", "land_category"},
        {"purposeKk", "intended_purpose_kk"},
        {"purposeRu", "intended_purpose_ru"},
        {"permittedUse", "permitted_use"},
        {"rightType", "right_type"},
        {"divisible", "divisible"},
        {"address", "address"},
        // as the API writes a date
        {"auctionDate", "auction_date::text"},
        {"startingPriceKzt", "starting_price_kzt"}
    };

    /**
     * The changed plots of draft {@code revisionNumber} of plots layer {@code layerCode} against the
     * public plots they change, by the draft's key. Empty for a revision that is no draft (the plots
     * it changed are no longer as it found them) and for a layer of networks or defined as data. Each
     * changed plot is one probe of an index (of current numbers, or of numberless plots' keys): some
     * 140 ms for 10,000 changed plots, against 20 ms for the list of changes itself.
     */
    public Map<String, PlotDifference> plotDifferences(PgTarget target, String layerCode, int revisionNumber)
            throws SQLException {
        try (Connection c = target.connect()) {
            Layer layer = existingLayer(c, layerCode);
            long revision = revisionId(c, layer.id(), revisionNumber);
            Map<String, PlotDifference> out = new HashMap<>();
            if (!layer.plots() || !"draft".equals(one(c, "SELECT state FROM layer_revision WHERE id = " + revision))) {
                return out;
            }
            StringBuilder columns = new StringBuilder();
            for (String[] field : PUBLIC_FIELDS) {
                columns.append("p.")
                        .append(field[1])
                        .append(", s.")
                        .append(field[1])
                        .append(", ");
            }
            // the plot a changed row changes: the one under the key it had, before a change of number
            for (String[] plotOf : new String[][] {
                {"NOT LIKE 'geom:%'", "p.cadastral_number = coalesce(c.previous_key, c.plot_key)"},
                {
                    "LIKE 'geom:%'",
                    "p.cadastral_number IS NULL AND " + numberlessKeyOf("p") + " = coalesce(c.previous_key, c.plot_key)"
                }
            }) {
                String sql = """
                        SELECT c.plot_key, %1$s %4$s,
                               ARRAY(SELECT k FROM (SELECT jsonb_object_keys(p.extra) UNION SELECT jsonb_object_keys(s.extra)) e(k)
                                     WHERE p.extra -> k IS DISTINCT FROM s.extra -> k ORDER BY k)
                        FROM revision_change c
                        CROSS JOIN LATERAL (SELECT s.* FROM plot_snapshot s WHERE s.layer_revision_id = c.layer_revision_id
                                            AND s.plot_key = c.plot_key OFFSET 0) s
                        JOIN land_plot p ON p.retired_revision_id IS NULL AND %2$s
                        JOIN layer_revision r ON r.id = p.layer_revision_id AND r.layer_id = ?
                        WHERE c.layer_revision_id = ? AND c.change = 'changed'
                          AND coalesce(c.previous_key, c.plot_key) %3$s
                        """.formatted(columns, plotOf[1], plotOf[0], outlineDiffers("p.geom", "s.geom"));
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setInt(1, layer.id());
                    ps.setLong(2, revision);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Map<String, Object> before = new LinkedHashMap<>();
                            Map<String, Object> after = new LinkedHashMap<>();
                            for (int i = 0; i < PUBLIC_FIELDS.length; i++) {
                                Object was = rs.getObject(2 + 2 * i);
                                Object is = rs.getObject(3 + 2 * i);
                                if (!java.util.Objects.equals(was, is)) {
                                    before.put(PUBLIC_FIELDS[i][0], was);
                                    after.put(PUBLIC_FIELDS[i][0], is);
                                }
                            }
                            out.put(
                                    rs.getString(1),
                                    new PlotDifference(
                                            before, after, rs.getBoolean(2 + 2 * PUBLIC_FIELDS.length), List.of((String
                                                            [])
                                                    rs.getArray(3 + 2 * PUBLIC_FIELDS.length)
                                                            .getArray())));
                        }
                    }
                }
            }
            return out;
        }
    }

    // ---------------------------------------------------------------------------------------------

    private record Layer(int id, String code, Integer regionId, String kind) {
        boolean plots() {
            return kind.equals("plots");
        }

        boolean custom() {
            return kind.equals("custom");
        }

        String snapshotTable() {
            return switch (kind) {
                case "plots" -> "plot_snapshot";
                case "custom" -> "layer_feature_snapshot";
                default -> "network_snapshot";
            };
        }
    }

    /** Makes the public features of {@code layer} equal to the snapshot of {@code revision}. */
    private static Diff applyRevision(Connection c, Layer layer, long revision, String reason) throws SQLException {
        return switch (layer.kind()) {
            case "plots" -> apply(c, layer, revision, reason);
            case "custom" -> CustomLayerRevisions.apply(c, layer.id(), revision);
            default -> NetworkRevisions.apply(c, layer.id(), revision);
        };
    }

    /** The field GDAL's KML reader fills with a placemark's name. */
    private static final String KML_NAME = "Name";

    /**
     * The request of a KML file whose plots are numbered by their placemarks' names only: when the
     * profile finds no field of the cadastral number in the file and at least 9 names in 10 are
     * well-formed cadastral numbers, the names are read as the numbers, and {@code notes} says so;
     * else the request as it is.
     *
     * @param columns the staging column of each field read, or empty when GDAL names them
     */
    /**
     * When the plots rejected as repeating a cadastral number lie in different folders of a KML (this
     * year's and last year's plots, as a GeoPackage of two layers converted to one KML holds them),
     * the note that says so and how one folder is imported; else null. The rows' message names rows
     * only, which sends the clerk hunting for a typo in the numbers.
     */
    private static Detail duplicatesInFolders(Connection c, String staging, long revision) throws SQLException {
        String column = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = 'staging' AND table_name = ? AND column_name IN ('kml_folder', 'folder')"
                + " ORDER BY column_name DESC LIMIT 1")) {
            ps.setString(1, staging);
            try (ResultSet rs = ps.executeQuery()) {
                column = rs.next() ? rs.getString(1) : null;
            }
        }
        if (column == null) {
            return null;
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        WITH d AS (
                            SELECT i.detail ->> 'number' AS cadastral_number, s.%1$s AS folder
                            FROM import_issue i
                            JOIN staging.%2$s s ON s.source_row = i.source_row
                            WHERE i.layer_revision_id = %3$d AND i.code = 'duplicate_cadastral_number'),
                        n AS (SELECT cadastral_number FROM d GROUP BY 1 HAVING count(DISTINCT folder) > 1)
                        SELECT (SELECT count(*) FROM n),
                               (SELECT array_agg(folder ORDER BY first) FROM (
                                    SELECT folder, min(cadastral_number) AS first FROM d
                                    WHERE cadastral_number IN (SELECT cadastral_number FROM n) AND folder IS NOT NULL
                                    GROUP BY folder) f)
                        """.formatted(column, staging, revision))) {
            if (!rs.next() || rs.getLong(1) == 0 || rs.getArray(2) == null) {
                return null;
            }
            List<String> folders = List.of((String[]) rs.getArray(2).getArray());
            return Detail.of(
                    "file_kml_duplicates_in_folders",
                    "{count} cadastral numbers appear in more than one folder of the KML file ({folders}), as"
                            + " folders of different years or versions of the same plots hold them: none of those"
                            + " plots was imported. To import one folder's plots, name the folder as the layer in the"
                            + " file (--source-layer, or the field 'Layer in the file' of the import page)",
                    "count",
                    rs.getLong(1),
                    "folders",
                    Detail.firstOf(folders, 12));
        }
    }

    private static Request namesAsCadastralNumbers(
            Connection c,
            String staging,
            Request request,
            List<String> fields,
            Map<String, String> columns,
            List<Detail> notes)
            throws SQLException {
        MappingProfile profile = request.profile();
        String column = columns.getOrDefault(KML_NAME, Ogr2Ogr.stagingName(KML_NAME));
        boolean mapped = fields.stream()
                .map(MappingProfile::laundered)
                .anyMatch(f -> profile.fields()
                        .getOrDefault("cadastral_number", List.of())
                        .contains(f));
        boolean nameUsed = profile.fields().values().stream().anyMatch(names -> names.contains(column));
        if (mapped || nameUsed || !fields.contains(KML_NAME)) {
            return request;
        }
        // counted over the placemarks that can be plots: a surveyor's pin or track beside them is
        // named otherwise, and is rejected as no polygon whatever its name
        long features;
        long numbers;
        long others;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE p), count(cadastral_normalize(\""
                        + column.replace("\"", "\"\"") + "\")) FILTER (WHERE p), count(*) FILTER (WHERE NOT p)"
                        + " FROM (SELECT *, coalesce(ST_Dimension(geom) = 2, false) AS p FROM staging." + staging
                        + ") s")) {
            rs.next();
            features = rs.getLong(1);
            numbers = rs.getLong(2);
            others = rs.getLong(3);
        }
        if (numbers == 0 || numbers * 10 < features * 9) {
            return request;
        }
        notes.add(
                others == 0
                        ? Detail.of(
                                "file_kml_names_as_numbers",
                                "the file has no field of the cadastral number, and the placemarks' names are"
                                        + " cadastral numbers ({numbers} of {features}): they were read as the plots'"
                                        + " numbers",
                                "numbers",
                                numbers,
                                "features",
                                features)
                        : Detail.of(
                                "file_kml_names_as_numbers_of_polygons",
                                "the file has no field of the cadastral number, and the names of the placemarks"
                                        + " drawn as polygons are cadastral numbers ({numbers} of {features}; the"
                                        + " {others} placemarks drawn otherwise, as pins or lines, are no plots):"
                                        + " they were read as the plots' numbers",
                                "numbers",
                                numbers,
                                "features",
                                features,
                                "others",
                                others));
        return new Request(
                request.layerCode(),
                request.file(),
                profile.withSourceField("cadastral_number", column),
                request.sourceSrs(),
                request.encoding(),
                request.sourceLayer(),
                request.actor(),
                request.editorRegions(),
                request.workDir(),
                request.titles());
    }

    /**
     * The request with the profile it imports with: a custom layer reads its fields by attribute
     * name unless a custom profile is given; a networks layer takes networks when none is, any other
     * cadastre-export. A profile for another kind of layer than the existing one is refused.
     */
    private static Request withProfile(Connection c, Request request) throws SQLException, IOException {
        String kind = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT kind FROM layer WHERE code = ?")) {
            ps.setString(1, request.layerCode());
            try (ResultSet rs = ps.executeQuery()) {
                kind = rs.next() ? rs.getString(1) : null;
            }
        }
        MappingProfile profile = request.profile();
        if ("custom".equals(kind)) {
            if (profile != null && !profile.kind().equals("custom")) {
                throw new BadSourceException(
                        SourceProblem.WRONG_PROFILE,
                        "layer " + request.layerCode() + " is defined as data: its fields are"
                                + " read by attribute name or label, or through a profile of kind \"custom\"; the profile "
                                + profile.name() + " is for " + profile.kind());
            }
            if (profile == null) {
                profile = new MappingProfile(
                        "attributes of layer " + request.layerCode(), "custom", null, null, null, null, null);
            }
        } else if (profile == null) {
            // the layer's own kind: next month's file of a utility's mains is read as networks
            profile = MappingProfile.load("networks".equals(kind) ? "networks" : "cadastre-export");
        } else if (profile.kind().equals("custom")) {
            throw new BadSourceException(
                    SourceProblem.WRONG_PROFILE,
                    "layer " + request.layerCode() + (kind == null ? " does not exist" : " is a " + kind + " layer")
                            + ": a profile of kind \"custom\" imports into a layer defined as data;"
                            + " define the layer first");
        }
        if (kind != null && !kind.equals(profile.kind())) {
            // said before the file is opened: its geometry would otherwise be blamed for the profile chosen
            throw new BadSourceException(
                    SourceProblem.WRONG_PROFILE,
                    "layer " + request.layerCode() + " is a " + kind + " layer; the profile " + profile.name()
                            + " is for " + profile.kind() + " (use a " + kind + " profile"
                            + (kind.equals("networks") ? ", such as networks)" : ", such as cadastre-export)"));
        }
        if (profile.kind().equals("plots")) {
            checkCodes(c, profile);
        }
        if (request.sourceLayer() != null && request.sourceLayer().chars().anyMatch(Character::isISOControl)) {
            // GDAL cannot be given it, and PostgreSQL would not keep it in a message
            throw new BadSourceException(
                    SourceProblem.NO_LAYER,
                    "there is no layer '" + request.sourceLayer().replaceAll("\\p{Cntrl}", "?")
                            + "': a layer name has no control characters");
        }
        return new Request(
                request.layerCode(),
                request.file(),
                profile,
                request.sourceSrs(),
                CodePages.canonical(request.encoding()),
                request.sourceLayer(),
                request.actor(),
                request.editorRegions(),
                request.workDir(),
                request.titles());
    }

    /**
     * Refuses a plots profile whose value maps or defaults give a status, land category or right
     * type the database does not have, before anything is written: each row holding the word would
     * otherwise be blamed for a code it does not hold.
     */
    private static void checkCodes(Connection c, MappingProfile profile) throws SQLException {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("status", "SELECT code FROM plot_status ORDER BY position");
        tables.put("land_category", "SELECT code FROM land_category ORDER BY position");
        tables.put("right_type", "SELECT code FROM right_type ORDER BY code");
        for (Map.Entry<String, String> table : tables.entrySet()) {
            if (!profile.values().containsKey(table.getKey())
                    && !profile.defaults().containsKey(table.getKey())) {
                continue;
            }
            List<String> codes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(table.getValue());
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    codes.add(rs.getString(1));
                }
            }
            try {
                profile.checkCodes(table.getKey(), codes);
            } catch (IllegalArgumentException e) {
                throw new BadSourceException(SourceProblem.WRONG_PROFILE, e.getMessage());
            }
        }
    }

    /**
     * SQL: the key of a numberless plot {@code p} of {@code land_plot}, as its index has it: the key
     * it was first published under when a later file redrew it (V036), else its outline's.
     */
    static String numberlessKeyOf(String p) {
        return "coalesce(" + p + ".kept_key, plot_key(NULL, " + p + ".geom))";
    }

    /** SQL: the key of plot {@code p} of {@code land_plot}: its cadastral number, or {@link #numberlessKeyOf}. */
    static String keyOf(String p) {
        return "coalesce(" + p + ".cadastral_number, " + numberlessKeyOf(p) + ")";
    }

    /**
     * SQL: the {@code kept_key} of the plot that snapshot row {@code s} becomes: its key, when that
     * is not its outline's (a numberless feature taken for a plot it redraws).
     */
    private static final String KEPT_KEY =
            "CASE WHEN s.cadastral_number IS NULL AND s.plot_key <> plot_key(NULL, s.geom) THEN s.plot_key END";

    /** The plots of a layer, current or retired, with their keys. */
    static final String LAYER_PLOTS = """
            SELECT p.*, %s AS plot_key
            FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id
            WHERE r.layer_id = %%d
            """.formatted(keyOf("p"));

    /**
     * SQL: plot {@code p} differs from {@code s}. Outlines are compared as shapes, whatever way round
     * and from whichever corner they are drawn: a Shapefile writes outer rings clockwise, a GeoJSON
     * anticlockwise, and the same plots sent in the other format were all "changed"; and vertices
     * within a centimetre (1e-7°) of where they were are where they were: a file that went through
     * another coordinate system and back moves them by fractions of a millimetre.
     */
    static final String COMPARED = """
            ((p.geom IS DISTINCT FROM s.geom
              AND (p.geom IS NULL OR s.geom IS NULL OR %s))
             OR (p.cadastral_number, p.area_declared_ha, p.land_category, p.intended_purpose_kk,
                 p.intended_purpose_ru, p.permitted_use, p.right_type, p.divisible, p.status, p.address,
                 p.auction_date, p.starting_price_kzt, p.extra)
                IS DISTINCT FROM
                (s.cadastral_number, s.area_declared_ha, s.land_category, s.intended_purpose_kk,
                 s.intended_purpose_ru, s.permitted_use, s.right_type, s.divisible, s.status, s.address,
                 s.auction_date, s.starting_price_kzt, s.extra))
            """.formatted(outlineDiffers("p.geom", "s.geom"));

    /**
     * SQL: outline {@code a} is outline {@code b} within the tolerance of {@link #COMPARED}: as many
     * vertices, none further than 1e-7° (about a centimetre) from the other's.
     */
    static String withinTolerance(String a, String b) {
        return "(ST_NPoints(%1$s) = ST_NPoints(%2$s) AND ST_HausdorffDistance(%1$s, %2$s) < 1e-7)".formatted(a, b);
    }

    /** SQL: outline {@code a} is another shape than {@code b}, as {@link #COMPARED} compares them. */
    static String outlineDiffers(String a, String b) {
        return "(ST_Normalize(%1$s) IS DISTINCT FROM ST_Normalize(%2$s) AND NOT %3$s)"
                .formatted(a, b, withinTolerance(a, b));
    }

    private static Diff diff(Connection c, int layerId, long revision) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("""
                    CREATE TEMP TABLE current_plots ON COMMIT DROP AS
                    SELECT * FROM (%s) q WHERE retired_revision_id IS NULL
                    """.formatted(LAYER_PLOTS.formatted(layerId)));
            st.executeUpdate("CREATE INDEX ON current_plots (plot_key)");
            // temporary tables have no statistics until analysed: without them the planner joins a
            // million rows by nested loops
            st.execute("ANALYZE current_plots");
            st.executeUpdate("""
                    INSERT INTO revision_change (layer_revision_id, plot_key, change, previous_key)
                    SELECT %1$d, s.plot_key, CASE WHEN p.id IS NULL THEN 'added' ELSE 'changed' END,
                           CASE WHEN p.id IS NOT NULL THEN s.previous_key END
                    FROM plot_snapshot s LEFT JOIN current_plots p ON p.plot_key = coalesce(s.previous_key, s.plot_key)
                    WHERE s.layer_revision_id = %1$d AND (p.id IS NULL OR %2$s)
                    """.formatted(revision, COMPARED));
            // a plot the revision takes over under another key is not removed
            st.executeUpdate("""
                    INSERT INTO revision_change (layer_revision_id, plot_key, change)
                    SELECT %1$d, p.plot_key, 'removed' FROM current_plots p
                    WHERE NOT EXISTS (SELECT 1 FROM plot_snapshot s WHERE s.layer_revision_id = %1$d AND s.plot_key = p.plot_key)
                      AND p.plot_key NOT IN (SELECT s.previous_key FROM plot_snapshot s
                                             WHERE s.layer_revision_id = %1$d AND s.previous_key IS NOT NULL)
                    """.formatted(revision));
            Diff diff = tally(c, "revision_change WHERE layer_revision_id = " + revision, "plot_snapshot", revision);
            st.executeUpdate("DROP TABLE current_plots");
            return diff;
        }
    }

    /**
     * Makes the plots of {@code layer} those of {@code revision}: its snapshot when the revision
     * holds every plot, else the layer as it is with the revision's changes applied.
     */
    private static Diff apply(Connection c, Layer layer, long revision, String reason) throws SQLException {
        if ("delta".equals(one(c, "SELECT snapshot FROM layer_revision WHERE id = " + revision))) {
            return applyChanges(c, layer, revision, reason);
        }
        return apply(
                c,
                layer,
                revision,
                reason,
                "(SELECT * FROM plot_snapshot WHERE layer_revision_id = " + revision + ")",
                renamedBy(revision, false),
                null);
    }

    /**
     * SQL: the plots {@code revision} took over under another key, as (row_key, plot_key): the key
     * of the row and of the plot it takes over. Publishing {@code revision} goes from the plot's key
     * to the row's; a rollback of it ({@code undone}) from the row's back to the plot's.
     */
    private static String renamedBy(long revision, boolean undone) {
        return "(SELECT " + (undone ? "previous_key" : "plot_key") + " AS row_key, "
                + (undone ? "plot_key" : "previous_key") + " AS plot_key FROM plot_snapshot"
                + " WHERE layer_revision_id = " + revision + " AND previous_key IS NOT NULL)";
    }

    /**
     * Applies a revision that stores only its changes ({@link FileComparison}) to the public layer,
     * which is the layer it was compared with: each plot it names is looked up by its key (the
     * cadastral number, or for a plot without one the geometry's), or by the key of the plot it
     * takes over when registered or renumbered, never the whole layer.
     */
    private static Diff applyChanges(Connection c, Layer layer, long revision, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('adalmap.status_reason', ?, true)")) {
            ps.setString(1, reason);
            ps.execute();
        }
        String revisions =
                "'" + one(c, "SELECT array_agg(id) FROM layer_revision WHERE layer_id = " + layer.id()) + "'::bigint[]";
        long before = count(
                c,
                "SELECT coalesce(feature_count, 0) FROM layer_revision WHERE id = " + publishedRevision(c, layer.id()));
        try (Statement st = c.createStatement()) {
            // the revision's plots, each with the layer's plot of the same key (current or retired), or
            // the current plot it takes over under another key
            st.executeUpdate("""
                    CREATE TEMP TABLE publish_rows ON COMMIT DROP AS
                    SELECT s.*, p.id AS plot_id, p.retired_revision_id IS NOT NULL AS restored,
                           p.id IS NOT NULL AND (p.retired_revision_id IS NOT NULL OR %3$s) AS differs,
                           p.source_row AS plot_source_row,
                           coalesce(p.geom = s.geom AND p.district_id IS NOT NULL, false) AS keeps_district
                    FROM plot_snapshot s
                    -- the current plot of the number, else the one that had it last: one that left the
                    -- layer may have had the number the land office gave again to a current plot
                    LEFT JOIN LATERAL (SELECT p.* FROM (SELECT p.* FROM land_plot p
                                                        WHERE p.cadastral_number = s.cadastral_number OFFSET 0) p
                                       WHERE p.layer_revision_id = ANY(%2$s)
                                       ORDER BY p.retired_revision_id DESC NULLS FIRST, p.id DESC LIMIT 1) p ON true
                    WHERE s.layer_revision_id = %1$d AND s.cadastral_number IS NOT NULL AND s.previous_key IS NULL
                    UNION ALL
                    SELECT s.*, p.id, false, p.id IS NOT NULL, p.source_row,
                           coalesce(p.geom = s.geom AND p.district_id IS NOT NULL, false)
                    FROM plot_snapshot s
                    LEFT JOIN LATERAL (SELECT p.* FROM land_plot p WHERE p.cadastral_number = s.previous_key
                                       OFFSET 0) p ON p.layer_revision_id = ANY(%2$s) AND p.retired_revision_id IS NULL
                    WHERE s.layer_revision_id = %1$d AND s.previous_key NOT LIKE 'geom:%%'
                    UNION ALL
                    SELECT s.*, p.id, false, p.id IS NOT NULL, p.source_row,
                           coalesce(p.geom = s.geom AND p.district_id IS NOT NULL, false)
                    FROM plot_snapshot s
                    LEFT JOIN LATERAL (SELECT p.* FROM land_plot p
                                       WHERE p.cadastral_number IS NULL AND %4$s = s.previous_key
                                         AND p.retired_revision_id IS NULL AND p.layer_revision_id = ANY(%2$s)
                                       LIMIT 1) p ON true
                    WHERE s.layer_revision_id = %1$d AND s.previous_key LIKE 'geom:%%'
                    UNION ALL
                    SELECT s.*, p.id, p.retired_revision_id IS NOT NULL,
                           p.id IS NOT NULL AND (p.retired_revision_id IS NOT NULL OR %3$s), p.source_row,
                           coalesce(p.geom = s.geom AND p.district_id IS NOT NULL, false)
                    FROM plot_snapshot s
                    LEFT JOIN LATERAL (SELECT p.* FROM land_plot p
                                       WHERE p.cadastral_number IS NULL AND %4$s = s.plot_key
                                         AND p.layer_revision_id = ANY(%2$s)
                                       ORDER BY p.retired_revision_id NULLS FIRST LIMIT 1) p ON true
                    WHERE s.layer_revision_id = %1$d AND s.cadastral_number IS NULL AND s.previous_key IS NULL
                    """.formatted(revision, revisions, COMPARED, numberlessKeyOf("p")));
            // its size for the planner; only the join column needs statistics
            st.execute("ANALYZE publish_rows (plot_id)");
            // a new plot, one taken over under a new number, or one that comes back
            refuseNumbersOfOtherLayers(
                    c, layer, "publish_rows", "(s.plot_id IS NULL OR s.previous_key IS NOT NULL OR s.restored)", false);
            keepBeforeRestore(st, revision, "(SELECT plot_id AS id FROM publish_rows WHERE restored)");
            long removed = st.executeUpdate("""
                    UPDATE land_plot t SET retired_revision_id = %1$d
                    FROM (SELECT p.id FROM revision_change x
                          CROSS JOIN LATERAL (SELECT p.id FROM land_plot p
                                              WHERE p.cadastral_number = x.plot_key AND p.retired_revision_id IS NULL
                                                AND p.layer_revision_id = ANY(%2$s) OFFSET 0) p
                          WHERE x.layer_revision_id = %1$d AND x.change = 'removed'
                          UNION ALL
                          SELECT p.id FROM revision_change x
                          CROSS JOIN LATERAL (SELECT p.id FROM land_plot p
                                              WHERE p.cadastral_number IS NULL AND %3$s = x.plot_key
                                                AND p.retired_revision_id IS NULL
                                                AND p.layer_revision_id = ANY(%2$s) OFFSET 0) p
                          WHERE x.layer_revision_id = %1$d AND x.change = 'removed' AND x.plot_key LIKE 'geom:%%') d
                    WHERE t.id = d.id
                    """.formatted(revision, revisions, numberlessKeyOf("p")));
            // the places of the new plots and of those drawn otherwise: a plot drawn as before keeps
            // its district and region, as the plots the revision leaves alone keep theirs
            PlotPlaces.place(
                    st,
                    "publish_rows",
                    "s.plot_key",
                    "s.plot_id IS NULL OR (s.differs AND NOT s.keeps_district)",
                    PLACES,
                    false,
                    PlotPlaces.knownIfKept(st, PlotValidation.PLACES));
            String counts = one(c, """
                    WITH updated AS (
                    UPDATE land_plot t SET %1$s
                    FROM publish_rows s
                    %2$s
                    WHERE t.id = s.plot_id AND s.differs
                    RETURNING s.restored)
                    SELECT count(*) FILTER (WHERE restored) || ' ' || count(*) FILTER (WHERE NOT restored) FROM updated
                    """.formatted(plotValues(revision), PLACE));
            long restored = Long.parseLong(counts.split(" ")[0]);
            long changed = Long.parseLong(counts.split(" ")[1]);
            long added = restored + insertPlots(st, revision, "publish_rows", "s.plot_id IS NULL");
            PlotPlaces.drop(st, PLACES);
            // plots the same as before, now at another row of the file
            st.executeUpdate("""
                    UPDATE land_plot t SET source_row = s.source_row FROM publish_rows s
                    WHERE t.id = s.plot_id AND NOT s.differs AND s.plot_source_row IS DISTINCT FROM s.source_row
                    """);
            st.executeUpdate("DROP TABLE publish_rows");
            return new Diff(added, changed, removed, before - removed - changed);
        }
    }

    /**
     * Makes the plots of {@code layer} equal to {@code rows} (a relation with the columns of {@code
     * plot_snapshot}, the whole layer), the plots it changes stamped with {@code revision}; every
     * plot of the layer not in it is retired. A row is the plot of its key, or the current plot that
     * {@code renamed} (row_key, plot_key) says it takes over under another key (registered or
     * renumbered), which takes its number. {@code rolledBack}: the revision a rollback retires, or
     * null when {@code revision} is published: a rollback refuses a number another layer holds as a
     * rollback, and retires the plots {@code rolledBack} brought back as they were before it ({@link
     * #retireAsBefore}); publishing keeps the plots it brings back as they were ({@link
     * #keepBeforeRestore}).
     */
    private static Diff apply(
            Connection c, Layer layer, long revision, String reason, String rows, String renamed, Long rolledBack)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('adalmap.status_reason', ?, true)")) {
            ps.setString(1, reason);
            ps.execute();
        }
        try (Statement st = c.createStatement()) {
            // each plot with the key of the row that stands for it: its own, or for a plot taken over
            // under another key, that key; a plot whose key another plot takes over has none
            st.executeUpdate("""
                    CREATE TEMP TABLE layer_plots ON COMMIT DROP AS
                    SELECT q.*, CASE WHEN r.row_key IS NOT NULL THEN r.row_key
                                     WHEN q.plot_key NOT IN (SELECT row_key FROM %2$s x) THEN q.plot_key END AS row_key
                    FROM (%1$s) q LEFT JOIN %2$s r ON r.plot_key = q.plot_key AND q.retired_revision_id IS NULL
                    """.formatted(LAYER_PLOTS.formatted(layer.id()), renamed));
            st.executeUpdate("CREATE INDEX ON layer_plots (row_key)");
            st.executeUpdate("CREATE INDEX ON layer_plots (id)");
            st.execute("ANALYZE layer_plots");
            // a key stands for one plot: the current one, else the one that left the layer last. A
            // layer may hold a retired plot with the number of a current one (the land office gave the
            // number of a plot that left to the land of another, which took it over) or two retired
            // plots of a number; the others have none and stay as they are. One probe of the keys'
            // index for each retired plot (0.24 s for 20,000 among 200,000 plots; probing land_plot's
            // index of numbers while reading the layer above took a second more)
            st.executeUpdate("""
                    UPDATE layer_plots t SET row_key = NULL
                    FROM (SELECT q.id FROM layer_plots q
                          CROSS JOIN LATERAL (SELECT 1 FROM layer_plots o
                                              WHERE o.row_key = q.row_key AND o.id <> q.id
                                                AND (o.retired_revision_id IS NULL
                                                     OR (o.retired_revision_id, o.id) > (q.retired_revision_id, q.id))
                                              LIMIT 1) o
                          WHERE q.retired_revision_id IS NOT NULL AND q.row_key IS NOT NULL) d
                    WHERE t.id = d.id
                    """);
            refuseNumbersOfOtherLayers(c, layer, rows, "true", rolledBack != null);
            if (rolledBack == null) {
                keepBeforeRestore(st, revision, """
                        (SELECT p.id FROM layer_plots p
                         WHERE p.retired_revision_id IS NOT NULL
                           AND EXISTS (SELECT 1 FROM %s s WHERE s.plot_key = p.row_key))""".formatted(rows));
            }
            long removed = st.executeUpdate("""
                    UPDATE land_plot p SET retired_revision_id = %1$d
                    FROM layer_plots q
                    WHERE q.id = p.id AND q.retired_revision_id IS NULL
                      AND NOT EXISTS (SELECT 1 FROM %2$s s WHERE s.plot_key = q.row_key)
                    """.formatted(revision, rows));
            if (rolledBack != null) {
                retireAsBefore(st, revision, rolledBack);
            }
            // the places of the new plots and of those drawn otherwise (a plot drawn as before keeps
            // its own)
            PlotPlaces.place(
                    st,
                    rows,
                    "s.plot_key",
                    """
                    NOT EXISTS (SELECT 1 FROM layer_plots p WHERE p.row_key = s.plot_key)
                    OR EXISTS (SELECT 1 FROM layer_plots p
                               WHERE p.row_key = s.plot_key AND (p.retired_revision_id IS NOT NULL OR %s)
                                 AND (p.geom IS DISTINCT FROM s.geom OR p.district_id IS NULL))
                    """.formatted(COMPARED),
                    PLACES,
                    false,
                    PlotPlaces.knownIfKept(st, PlotValidation.PLACES));
            String counts = one(c, """
                    WITH updated AS (
                    UPDATE land_plot t SET %4$s
                    FROM layer_plots p
                    JOIN %3$s s ON s.plot_key = p.row_key
                    %5$s
                    WHERE t.id = p.id AND (p.retired_revision_id IS NOT NULL OR %2$s)
                    RETURNING p.retired_revision_id IS NOT NULL AS restored)
                    SELECT count(*) FILTER (WHERE restored) || ' ' || count(*) FILTER (WHERE NOT restored) FROM updated
                    """.formatted(revision, COMPARED, rows, plotValues(revision), PLACE));
            // a plot that comes back (after a rollback, or in a later file) counts as added
            long restored = Long.parseLong(counts.split(" ")[0]);
            long changed = Long.parseLong(counts.split(" ")[1]);
            long added = restored
                    + insertPlots(
                            st,
                            revision,
                            rows,
                            "NOT EXISTS (SELECT 1 FROM layer_plots p WHERE p.row_key = s.plot_key)");
            PlotPlaces.drop(st, PLACES);
            // the plots that stay as they are but come from another row of the new file: the next
            // import finds them by it
            st.executeUpdate("""
                    UPDATE land_plot t SET source_row = s.source_row
                    FROM layer_plots p JOIN %s s ON s.plot_key = p.row_key
                    WHERE t.id = p.id AND t.source_row IS DISTINCT FROM s.source_row
                    """.formatted(rows));
            if (rolledBack != null) {
                // a rollback: each plot it changed or brought back names the revision that put it so
                // (revisionThatPut), not the one made public again, which may not have touched it. Set
                // after the plots' history, which names the latter
                st.executeUpdate("""
                        UPDATE land_plot t SET layer_revision_id = q.put
                        FROM (SELECT p.id, %1$s AS put FROM land_plot p
                              WHERE p.layer_revision_id = %2$d AND p.retired_revision_id IS NULL) q
                        WHERE t.id = q.id AND q.put <> %2$d
                        """.formatted(revisionThatPut(revision, keyOf("p")), revision));
            }
            long total = count(c, "SELECT count(*) FROM " + rows + " s");
            st.executeUpdate("DROP TABLE layer_plots");
            if (added + changed + removed > ANALYZE_AFTER) {
                // the planner's statistics for the map's queries and the next import's: autovacuum
                // would take its time, and until then a million plots look like none
                st.execute("ANALYZE land_plot");
            }
            return new Diff(added, changed, removed, total - added - changed);
        }
    }

    /**
     * SQL: the revision that put the feature of key {@code key} (a plot's, a network feature's) as
     * {@code revision} has it: the nearest of the chain of revisions each was compared with, from
     * {@code revision} down, that added or changed it (each revision lists its changes, whether its
     * rows hold only them or the whole layer); null when none did.
     */
    static String revisionThatPut(long revision, String key) {
        return """
                (WITH RECURSIVE chain AS (
                     SELECT id, based_on_revision_id, 0 AS depth FROM layer_revision WHERE id = %1$d
                     UNION ALL
                     SELECT r.id, r.based_on_revision_id, c.depth + 1
                     FROM chain c JOIN layer_revision r ON r.id = c.based_on_revision_id)
                 SELECT c.id FROM chain c
                 JOIN revision_change x ON x.layer_revision_id = c.id AND x.plot_key = %2$s
                 WHERE x.change <> 'removed'
                 ORDER BY c.depth LIMIT 1)""".formatted(revision, key);
    }

    /** The columns of a plot that {@code plot_before_restore} keeps under the same names. */
    private static final String PLOT_AS_BEFORE = """
            cadastral_number, geom, area_declared_ha, land_category, intended_purpose_kk, intended_purpose_ru,
            permitted_use, right_type, divisible, status, address, region_id, district_id, auction_date,
            starting_price_kzt, extra, source_row, kept_key""";

    /**
     * Keeps the retired plots {@code plots} (a relation of their {@code id}s), which publishing
     * {@code revision} is about to bring back, as they are: a rollback of the revision retires them
     * so again ({@link #retireAsBefore}). A handful of plots a revision; found by their ids.
     */
    private static void keepBeforeRestore(Statement st, long revision, String plots) throws SQLException {
        st.executeUpdate("""
                INSERT INTO plot_before_restore (layer_revision_id, plot_id, plot_revision_id, retired_revision_id, %1$s)
                SELECT %2$d, t.id, t.layer_revision_id, t.retired_revision_id, %3$s
                FROM land_plot t
                WHERE t.id IN %4$s AND t.retired_revision_id IS NOT NULL
                ON CONFLICT DO NOTHING
                """.formatted(PLOT_AS_BEFORE, revision, PLOT_AS_BEFORE.replaceAll("(\\w+)", "t.$1"), plots));
    }

    /**
     * Gives the plots that a rollback to {@code revision} has just retired and that {@code
     * rolledBack} had brought back the outline and fields they had before it, and the revisions that
     * put them so and took them off the layer: the card of a plot no longer on the map shows the
     * land it left with, not the land of a revision no longer public. A status that changes back is
     * recorded in the plot's history as the rollback's, as on the plots it leaves on the layer (the
     * history only grows); the revisions are set after it. Plots brought back before V066 were not
     * kept and stay as {@code rolledBack} drew them.
     */
    private static void retireAsBefore(Statement st, long revision, long rolledBack) throws SQLException {
        String before =
                "FROM plot_before_restore b WHERE b.layer_revision_id = %d AND t.id = b.plot_id".formatted(rolledBack)
                        + " AND t.retired_revision_id IS NOT NULL";
        StringBuilder values = new StringBuilder();
        for (String column : PLOT_AS_BEFORE.split(",")) {
            values.append(column.strip()).append(" = b.").append(column.strip()).append(", ");
        }
        st.executeUpdate("UPDATE land_plot t SET " + values + "layer_revision_id = " + revision + " " + before);
        st.executeUpdate("UPDATE land_plot t SET layer_revision_id = b.plot_revision_id,"
                + " retired_revision_id = b.retired_revision_id " + before);
    }

    /**
     * Refuses to publish or roll back when a plot of {@code rows} ({@code s}) that matches {@code
     * where} has the cadastral number of a current plot of another layer: a number is held by one
     * current plot at a time (V051). A retired plot of another layer does not hold its number. The
     * message names the number and the layer that holds it; {@code rollingBack} says the step is a
     * rollback, which would bring the plot back under that number.
     */
    private static void refuseNumbersOfOtherLayers(
            Connection c, Layer layer, String rows, String where, boolean rollingBack) throws SQLException {
        String conflict = one(c, """
                SELECT s.cadastral_number || ' ' || l.code || ' ' || coalesce(g.name_en, '')
                FROM %s s
                JOIN land_plot p ON p.cadastral_number = s.cadastral_number AND p.retired_revision_id IS NULL
                JOIN layer_revision r ON r.id = p.layer_revision_id JOIN layer l ON l.id = r.layer_id
                LEFT JOIN region g ON g.id = l.region_id
                WHERE %s AND l.id <> %d
                ORDER BY s.source_row
                LIMIT 1
                """.formatted(rows, where, layer.id()));
        if (conflict == null) {
            return;
        }
        String[] parts = conflict.split(" ", 3);
        String number = parts[0];
        String holder = parts[1];
        // who may change the layer that holds the number: not always the one refused
        String who = parts[2].isEmpty()
                ? "an administrator (it is a national layer)"
                : "an editor of " + parts[2] + " or an administrator";
        if (rollingBack) {
            throw new RefusedStepException(
                    RefusedStepException.Reason.ROLLBACK_NUMBER_IN_OTHER_LAYER,
                    "cannot roll back: a plot of layer " + layer.code() + " would have cadastral number " + number
                            + " again, but a current plot of layer " + holder + " has had it since; " + who
                            + " removes it there first, then roll back again");
        }
        throw new RefusedStepException(
                RefusedStepException.Reason.NUMBER_IN_OTHER_LAYER,
                "cannot publish: cadastral number " + number + " is the number of a current plot of layer " + holder
                        + "; remove it from the file, or " + who + " removes it there first");
    }

    /** The temporary table of the places of the plots a step puts in the layer ({@link PlotPlaces}). */
    private static final String PLACES = "plot_place";

    /** SQL: the place ({@code d}) of snapshot row {@code s}, when it was placed again. */
    private static final String PLACE = "LEFT JOIN " + PLACES + " d ON d.key = s.plot_key";

    /**
     * SQL: the SET list that makes plot {@code t} what snapshot row {@code s} says, in district
     * {@code d}, stamped with {@code revision}.
     */
    private static String plotValues(long revision) {
        return """
                cadastral_number = s.cadastral_number, geom = s.geom, area_declared_ha = s.area_declared_ha,
                land_category = s.land_category, intended_purpose_kk = s.intended_purpose_kk,
                intended_purpose_ru = s.intended_purpose_ru, permitted_use = s.permitted_use,
                right_type = s.right_type, divisible = s.divisible, status = s.status, address = s.address,
                auction_date = s.auction_date, starting_price_kzt = s.starting_price_kzt, extra = s.extra,
                layer_revision_id = %d, retired_revision_id = NULL, updated_at = now(),
                region_id = CASE WHEN d.key IS NULL THEN t.region_id ELSE d.region_id END,
                district_id = CASE WHEN d.key IS NULL THEN t.district_id ELSE d.district_id END,
                source_row = s.source_row, kept_key = %s""".formatted(revision, KEPT_KEY);
    }

    /**
     * Inserts as new plots of {@code revision} the rows of {@code rows} ({@code s}) that match
     * {@code where}, each in its place in {@link #PLACES}, which holds them.
     */
    private static long insertPlots(Statement st, long revision, String rows, String where) throws SQLException {
        return st.executeUpdate("""
                INSERT INTO land_plot (cadastral_number, geom, area_declared_ha, land_category, intended_purpose_kk,
                                       intended_purpose_ru, permitted_use, right_type, divisible, status, address,
                                       region_id, district_id, auction_date, starting_price_kzt, layer_revision_id,
                                       extra, source_row, kept_key)
                SELECT s.cadastral_number, s.geom, s.area_declared_ha, s.land_category, s.intended_purpose_kk,
                       s.intended_purpose_ru, s.permitted_use, s.right_type, s.divisible, s.status, s.address,
                       d.region_id, d.district_id, s.auction_date, s.starting_price_kzt, %1$d, s.extra, s.source_row,
                       %4$s
                FROM %2$s s
                %5$s
                WHERE %3$s
                ORDER BY s.source_row
                """.formatted(revision, rows, where, KEPT_KEY, PLACE));
    }

    /**
     * The diff of a revision of networks or features from the temporary table {@code feature_change}
     * (key, change, previous_key: the key a changed feature had when it was another, else null),
     * which it drops; with {@code record}, the changes are kept as the revision's.
     */
    static Diff featureChanges(Connection c, long revision, boolean record, String snapshotTable) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (record) {
                st.executeUpdate("INSERT INTO revision_change (layer_revision_id, plot_key, change, previous_key)"
                        + " SELECT " + revision + ", key, change, previous_key FROM feature_change");
            }
            Diff diff = tally(c, "feature_change", snapshotTable, revision);
            st.executeUpdate("DROP TABLE feature_change");
            return diff;
        }
    }

    /**
     * Counts a revision's changes, listed (one row per plot or feature, column {@code change}) in
     * {@code changes}, against the size of its snapshot in {@code snapshotTable}.
     */
    static Diff tally(Connection c, String changes, String snapshotTable, long revision) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT count(*) FILTER (WHERE change = 'added'), count(*) FILTER (WHERE change = 'changed'),
                               count(*) FILTER (WHERE change = 'removed'),
                               (SELECT count(*) FROM %s WHERE layer_revision_id = %d)
                        FROM %s
                        """.formatted(snapshotTable, revision, changes))) {
            rs.next();
            long added = rs.getLong(1);
            long changed = rs.getLong(2);
            return new Diff(added, changed, rs.getLong(3), rs.getLong(4) - added - changed);
        }
    }

    /**
     * Replaces arcs by segments in the staging rows that have them: GeoPackages, GML and CSV's WKT
     * may hold curve polygons, multi-surfaces and compound curves, which GDAL's {@code -nlt
     * CONVERT_TO_LINEAR} leaves as they are when the layer is read as {@code GEOMETRY}, and which
     * every check after this one would take for something other than a polygon or a line (a
     * multi-surface of plain polygons becomes a multi-polygon too). Returns how many rows had arcs;
     * a layer declared with simple types is not scanned, but a File Geodatabase's.
     */
    static long linearize(Connection c, String staging, String declaredType, Path source) throws SQLException {
        String type = declaredType.replaceFirst("^(3D )?(Measured )?", "");
        if ((LINEAR_2D.contains(type) && !isFileGeodatabase(source)) || type.equals("None")) {
            return 0;
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("WITH curved AS (SELECT source_row, ST_HasArc(geom) AS arc FROM staging."
                        + staging + " WHERE GeometryType(geom) IN ('CIRCULARSTRING', 'COMPOUNDCURVE',"
                        + " 'CURVEPOLYGON', 'MULTICURVE', 'MULTISURFACE')),"
                        + " straightened AS (UPDATE staging." + staging + " s SET geom = ST_CurveToLine(s.geom)"
                        + " FROM curved WHERE s.source_row = curved.source_row)"
                        + " SELECT count(*) FILTER (WHERE arc) FROM curved")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Makes the lines of one vertex that a MIF file's private copy drew with that vertex twice, for
     * GDAL to read them ({@link SourceFiles.Dataset#onePointLines}), lines of their one point again:
     * of the rows {@code rows}, a line of two coinciding points, or such a part of several lines or
     * of a collection. Checked then as a Shapefile's line of one vertex is, the row is rejected as a
     * line of one point, not as one of two points that coincide.
     */
    static void onePointLines(Connection c, String staging, List<Long> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String twice = "GeometryType(%1$s) = 'LINESTRING' AND ST_NPoints(%1$s) = 2"
                + " AND ST_PointN(%1$s, 1) ~= ST_PointN(%1$s, 2)";
        try (java.sql.PreparedStatement st =
                c.prepareStatement("""
                UPDATE staging.%1$s s
                SET geom = CASE WHEN %2$s THEN ST_MakeLine(ARRAY[ST_PointN(s.geom, 1)])
                                ELSE (SELECT ST_Collect(CASE WHEN %3$s THEN ST_MakeLine(ARRAY[ST_PointN(d.geom, 1)])
                                                             ELSE d.geom END ORDER BY d.path)
                                      FROM ST_Dump(s.geom) d) END
                WHERE s.source_row = ANY (?)
                  AND (GeometryType(s.geom) IN ('MULTILINESTRING', 'GEOMETRYCOLLECTION') OR %2$s)
                """.formatted(staging, twice.formatted("s.geom"), twice.formatted("d.geom")))) {
            st.setArray(1, c.createArrayOf("bigint", rows.toArray()));
            st.executeUpdate();
        }
    }

    /** Reads the layer {@code info} of {@code source}, and the layers {@code alsoRead}, into the staging table. */
    private List<String> readIntoStaging(
            Connection c,
            Path source,
            PgTarget target,
            String staging,
            OgrInfo.Layer info,
            List<OgrInfo.Layer> alsoRead,
            Map<String, String> columns,
            SourceFiles.Dataset dataset,
            String srs,
            String encoding,
            boolean asIs,
            List<Long> layerFirsts)
            throws SQLException {
        List<String> gdalWarnings;
        try {
            gdalWarnings = new ArrayList<>(ogr2ogr.loadIntoStaging(
                    source,
                    target,
                    staging,
                    // plots are made multi-polygons in SQL: only the rows checked need it
                    new Ogr2Ogr.ReadOptions(
                            info.name(), "GEOMETRY", srs, encoding, asIs, columns, Ogr2Ogr.isWgs84(info.srsWkt()))));
        } catch (kz.adalmap.importers.gdal.GdalException e) {
            if (e.problem() != SourceProblem.DAMAGED) {
                throw e;
            }
            String mid;
            try {
                mid = MapInfoText.midDamage(source);
                if (mid == null) {
                    // a TAB's .dat or .map: by its row, when the file or GDAL's words tell it
                    mid = MapInfoText.tabDamage(source, e.getMessage());
                }
            } catch (java.io.IOException unread) {
                mid = null;
            }
            if (mid != null) {
                throw new BadSourceException(SourceProblem.DAMAGED, mid, e);
            }
            // damaged past what describing it read: the file named before what is wrong with it
            throw new kz.adalmap.importers.gdal.GdalException(
                    SourceProblem.DAMAGED, source.getFileName() + ": " + e.getMessage(), e);
        }
        // the first row of each layer read
        List<Long> firsts = new ArrayList<>(List.of(1L));
        for (OgrInfo.Layer more : alsoRead) {
            firsts.add(1 + Long.parseLong(one(c, "SELECT coalesce(max(source_row), 0) FROM staging." + staging)));
            Map<String, String> moreColumns =
                    Ogr2Ogr.stagingColumns(more.fields(), dataset.fieldsLeftOut(), dataset.fieldNames());
            asTextWhereTypesDiffer(c, staging, more, moreColumns);
            gdalWarnings.addAll(ogr2ogr.appendToStaging(
                    source,
                    target,
                    staging,
                    new Ogr2Ogr.ReadOptions(
                            more.name(),
                            "GEOMETRY",
                            srs,
                            encoding,
                            false,
                            moreColumns,
                            Ogr2Ogr.isWgs84(more.srsWkt()))));
        }
        if (layerFirsts != null) {
            layerFirsts.addAll(firsts);
        }
        // fields whose names differ only in the case of Latin letters, which GDAL writes under names
        // of its own, take theirs: through names no column has ('#' GDAL never leaves in one), since
        // one's own name may be the name GDAL wrote another under
        Map<String, String> renamed = Ogr2Ogr.renamedAfterLoad(columns);
        if (!renamed.isEmpty()) {
            try (Statement st = c.createStatement()) {
                String table = "staging." + FeatureValidation.quote(staging);
                int n = 0;
                for (String written : renamed.keySet()) {
                    st.addBatch("ALTER TABLE " + table + " RENAME " + FeatureValidation.quote(written) + " TO "
                            + FeatureValidation.quote("#" + n++));
                }
                n = 0;
                for (String column : renamed.values()) {
                    st.addBatch("ALTER TABLE " + table + " RENAME " + FeatureValidation.quote("#" + n++) + " TO "
                            + FeatureValidation.quote(column));
                }
                st.executeBatch();
            }
        }
        if (dataset.format().equals("gdb")) {
            geodatabaseTimesAsWritten(c, staging, info, alsoRead, columns, dataset);
        }
        nameColumnsAsTheFile(c, staging, info, alsoRead, columns, dataset);
        if (dataset.format().equals("shp")) {
            longMemoTexts(c, staging, info, alsoRead, firsts, columns, dataset);
        }
        return gdalWarnings;
    }

    /**
     * Puts whole the memo texts of the Shapefiles read that are longer than GDAL reads of a text
     * field ({@link kz.adalmap.importers.source.DbfMemos}: 255 bytes, where GDAL cut them), each in
     * its feature's row: the layer's first row ({@code firsts}) plus the feature's place in its
     * table, as GDAL numbered them. Streamed from the file beside the table, in batches.
     */
    private static void longMemoTexts(
            Connection c,
            String staging,
            OgrInfo.Layer info,
            List<OgrInfo.Layer> alsoRead,
            List<Long> firsts,
            Map<String, String> columns,
            SourceFiles.Dataset dataset)
            throws SQLException {
        List<OgrInfo.Layer> layers = new ArrayList<>(List.of(info));
        layers.addAll(alsoRead);
        Map<String, PreparedStatement> updates = new HashMap<>();
        // the texts waiting in the batches, and their letters: a few megabytes at most held at once
        long[] waiting = {0, 0};
        try {
            for (int l = 0; l < layers.size(); l++) {
                OgrInfo.Layer layer = layers.get(l);
                Path dbf = tableOf(dataset.path(), layer.name());
                if (dbf == null) {
                    continue;
                }
                Map<String, String> read = layer == info
                        ? columns
                        : Ogr2Ogr.stagingColumns(layer.fields(), dataset.fieldsLeftOut(), dataset.fieldNames());
                long first = firsts.get(l);
                kz.adalmap.importers.source.DbfMemos.forEachLongText(dbf, (field, row, text) -> {
                    if (field >= layer.fields().size()
                            || dataset.fieldsLeftOut().contains(layer.fields().get(field))) {
                        return;
                    }
                    String name = layer.fields().get(field);
                    String column = read.getOrDefault(name, Ogr2Ogr.stagingName(name));
                    PreparedStatement ps = updates.get(column);
                    if (ps == null) {
                        ps = c.prepareStatement("UPDATE staging." + FeatureValidation.quote(staging) + " SET "
                                + FeatureValidation.quote(column) + " = ? WHERE source_row = ?");
                        updates.put(column, ps);
                    }
                    ps.setString(1, text);
                    ps.setLong(2, first - 1 + row);
                    ps.addBatch();
                    waiting[1] += text.length();
                    if (++waiting[0] == 500 || waiting[1] > 4_000_000) {
                        for (PreparedStatement each : updates.values()) {
                            each.executeBatch();
                        }
                        waiting[0] = 0;
                        waiting[1] = 0;
                    }
                });
            }
            for (PreparedStatement each : updates.values()) {
                each.executeBatch();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (PreparedStatement each : updates.values()) {
                each.close();
            }
        }
    }

    /**
     * Takes off the offset of UTC that GDAL 3.6 gives each date and time of a File Geodatabase
     * ({@code 2026/03/14 19:30:00+00}): ArcGIS keeps a Date field's value as it was typed, in local
     * time and without a zone, and shows it so. Read as a time in UTC, as ArcGIS Online's are
     * ({@code try_date}), a time from 19:00 on would be the next day in Kazakhstan; as written, it is
     * the day the file shows.
     */
    private static void geodatabaseTimesAsWritten(
            Connection c,
            String staging,
            OgrInfo.Layer info,
            List<OgrInfo.Layer> alsoRead,
            Map<String, String> columns,
            SourceFiles.Dataset dataset)
            throws SQLException {
        Set<String> times = new LinkedHashSet<>();
        List<OgrInfo.Layer> layers = new ArrayList<>(List.of(info));
        layers.addAll(alsoRead);
        for (OgrInfo.Layer layer : layers) {
            Map<String, String> read = layer == info
                    ? columns
                    : Ogr2Ogr.stagingColumns(layer.fields(), dataset.fieldsLeftOut(), dataset.fieldNames());
            for (String field : layer.fields()) {
                if (!dataset.fieldsLeftOut().contains(field)
                        && "DateTime".equals(layer.types().get(field))) {
                    times.add(read.getOrDefault(field, Ogr2Ogr.stagingName(field)));
                }
            }
        }
        if (times.isEmpty()) {
            return;
        }
        try (Statement st = c.createStatement()) {
            for (String column : times) {
                String q = FeatureValidation.quote(column);
                // GDAL's own form only: a class may hold the field as text, written otherwise
                st.addBatch("UPDATE staging." + FeatureValidation.quote(staging) + " SET " + q + " = left(" + q
                        + ", -3) WHERE " + q
                        + " ~ '^[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?\\+00$'");
            }
            st.executeBatch();
        }
    }

    /** The PostgreSQL types GDAL writes a field of each of its types as. */
    private static final Map<String, Set<String>> WRITTEN_AS = Map.of(
            "Integer", Set.of("integer", "bigint", "numeric", "double precision"),
            "Integer64", Set.of("bigint", "numeric", "double precision"),
            "Real", Set.of("double precision", "numeric"));

    /**
     * Makes text the staging columns that the layer {@code more}, about to be added to the staging
     * table, holds in a field of another type than the layers read before: a geodatabase's lines may
     * have {@code TIP} as a number (a coded domain's codes) and its poles, digitised by another hand,
     * as words («ЛЭП»), which GDAL would write into the number column as 0, with a warning naming the
     * staging table. Each value is then read as written.
     */
    private static void asTextWhereTypesDiffer(
            Connection c, String staging, OgrInfo.Layer more, Map<String, String> moreColumns) throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = 'staging' AND table_name = ?")) {
            ps.setString(1, staging);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String field : more.fields()) {
                String column = moreColumns.getOrDefault(field, Ogr2Ogr.stagingName(field));
                String written = types.get(column);
                String type = more.types().getOrDefault(field, "String");
                // a number column only: a later layer's numbers go into a text column as written
                if (written == null || !WRITTEN_AS.get("Integer").contains(written)) {
                    continue;
                }
                if (!WRITTEN_AS.getOrDefault(type, Set.of()).contains(written)) {
                    st.execute("ALTER TABLE staging." + FeatureValidation.quote(staging) + " ALTER COLUMN "
                            + FeatureValidation.quote(column) + " TYPE text");
                }
            }
        }
    }

    /**
     * Writes on each staging column that GDAL named otherwise than the file names its field (Latin
     * letters lowered, a name cut at 63 bytes, {@code '} {@code -} {@code #} made {@code _}) the
     * file's own name, as the column's comment: the fields no profile maps are kept in a feature's
     * {@code extra} under the names the file gives them ({@link FeatureValidation#extraExpression}).
     * Names two columns would share are left as the columns have them, and so are the fields GDAL's
     * KML reader gives a placemark of its own ({@link SourceFiles#KML_READER_FIELDS}: {@code Name} for its
     * {@code <name>}…). The fields' aliases (an ArcGIS geodatabase's: {@code MESTO} is «Адрес» to whoever
     * edits it) go in the table's comment, as JSON, column → alias; and under {@code #twins} the columns
     * of fields that share a name (a {@code .dbf}'s two {@code PLOSHAD_GA}), each → that name and the
     * field's position in its layer, from 1, for a report to name them as the file does.
     */
    private static void nameColumnsAsTheFile(
            Connection c,
            String staging,
            OgrInfo.Layer info,
            List<OgrInfo.Layer> alsoRead,
            Map<String, String> columns,
            SourceFiles.Dataset dataset)
            throws SQLException {
        Map<String, String> named = new LinkedHashMap<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        Map<String, Integer> positions = new HashMap<>();
        List<OgrInfo.Layer> layers = new ArrayList<>(List.of(info));
        layers.addAll(alsoRead);
        for (OgrInfo.Layer layer : layers) {
            Map<String, String> read = layer == info
                    ? columns
                    : Ogr2Ogr.stagingColumns(layer.fields(), dataset.fieldsLeftOut(), dataset.fieldNames());
            int position = 0;
            // a CSV file's columns by their place in its header, where its geometry's columns count too
            List<String> header = csvHeader(dataset);
            for (String field : layer.fields()) {
                position = header.contains(field) ? header.indexOf(field) + 1 : position + 1;
                if (dataset.fieldsLeftOut().contains(field)
                        // GDAL's own names (a placemark's <name> is its Name), no fields of the file
                        || (dataset.format().equals("kml") && SourceFiles.KML_READER_FIELDS.contains(field))) {
                    continue;
                }
                String own = dataset.fieldNames().getOrDefault(field, field);
                String column = read.getOrDefault(field, Ogr2Ogr.stagingName(field));
                if (named.putIfAbsent(column, own) == null) {
                    uses.merge(own, 1, Integer::sum);
                    positions.put(column, position);
                }
                String alias = layer.aliases().get(field);
                if (alias != null && !alias.strip().equals(own) && alias.indexOf('\0') < 0) {
                    aliases.putIfAbsent(column, alias.strip());
                }
            }
        }
        Map<String, List<Object>> twins = new LinkedHashMap<>();
        named.forEach((column, own) -> {
            if (uses.get(own) > 1 && !own.isBlank() && own.indexOf('\0') < 0) {
                twins.put(column, List.of(own, positions.get(column)));
            }
        });
        try (Statement st = c.createStatement()) {
            boolean any = false;
            if (!aliases.isEmpty() || !twins.isEmpty()) {
                // the aliases an ArcGIS user sees, column → alias, and the fields of one name, read by
                // FeatureValidation#stagingColumns ('#' is in no column's name)
                Map<String, Object> described = new LinkedHashMap<>(aliases);
                if (!twins.isEmpty()) {
                    described.put(FeatureValidation.TWINS, twins);
                }
                st.addBatch("COMMENT ON TABLE staging." + FeatureValidation.quote(staging) + " IS "
                        + FeatureValidation.literal(FeatureValidation.toJson(described)));
                any = true;
            }
            for (Map.Entry<String, String> e : named.entrySet()) {
                String own = e.getValue();
                if (!own.equals(e.getKey()) && !own.isBlank() && uses.get(own) == 1 && own.indexOf('\0') < 0) {
                    st.addBatch("COMMENT ON COLUMN staging." + FeatureValidation.quote(staging) + "."
                            + FeatureValidation.quote(e.getKey()) + " IS " + FeatureValidation.literal(own));
                    any = true;
                }
            }
            if (any) {
                st.executeBatch();
            }
        }
    }

    /**
     * The names of the layers read together, in the order read: a folder of Shapefiles' by their
     * files' names ({@code wells.shp}), as the person who zipped them knows them; else the layers'.
     */
    private static List<String> layerNames(
            SourceFiles.Dataset dataset, OgrInfo.Layer info, List<OgrInfo.Layer> alsoRead) {
        boolean shapefiles = dataset.format().equals("shp") && java.nio.file.Files.isDirectory(dataset.path());
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(info), alsoRead.stream())
                .map(l -> shapefiles ? l.name() + ".shp" : l.name())
                .toList();
    }

    /**
     * How many staging rows hold an arc. Only layers that may hold them are scanned: those declared
     * with curves or of any type, and File Geodatabases, whose layers GDAL declares as plain
     * polygons or lines whatever arcs their features draw.
     */
    static long arcs(Connection c, String staging, String declaredType, Path source) throws SQLException {
        String type = declaredType.replaceFirst("^(3D )?(Measured )?", "");
        if ((LINEAR_2D.contains(type) && !isFileGeodatabase(source)) || type.equals("None")) {
            return 0;
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM staging." + staging
                        + " WHERE GeometryType(geom) IN ('CIRCULARSTRING', 'COMPOUNDCURVE', 'CURVEPOLYGON',"
                        + " 'MULTICURVE', 'MULTISURFACE') AND ST_HasArc(geom)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean isFileGeodatabase(Path source) {
        return source.getFileName()
                .toString()
                .toLowerCase(java.util.Locale.ROOT)
                .endsWith(".gdb");
    }

    /**
     * Whether the file's coordinates are longitude and latitude already (its own system, or the one
     * given, is EPSG:4326): its arcs are then drawn in them, as GDAL draws them.
     */
    private static boolean inLongitudeLatitude(String srs, OgrInfo.Layer info) {
        if (srs != null) {
            return srs.strip().equalsIgnoreCase("EPSG:4326");
        }
        return info.srsWkt() != null && info.srsWkt().strip().endsWith("ID[\"EPSG\",4326]]");
    }

    /**
     * What the report says of features GDAL read without a geometry because their coordinates are
     * written as text ({@link GeoJsonCoordinates}): GDAL's own words name no feature.
     */
    private static final String COORDINATES_AS_TEXT =
            "the coordinates are written as text, in quotes (such as \"{value}\"), which GDAL does not read";

    private static final String COORDINATES_AS_NUMBERS = "export the coordinates as numbers, without quotes";

    private static List<Detail> coordinatesAsText(Path geojson) {
        GeoJsonCoordinates.AsText text = GeoJsonCoordinates.asText(geojson);
        if (text == null) {
            return List.of();
        }
        List<Long> rows = text.rows();
        String what =
                COORDINATES_AS_TEXT + ": read without a geometry, the features are rejected; " + COORDINATES_AS_NUMBERS;
        return List.of(
                rows.size() <= 10
                        ? rows.size() == 1
                                ? Detail.of(
                                        "file_coordinates_as_text_one",
                                        "row {rows}: " + what,
                                        "rows",
                                        rows,
                                        "value",
                                        text.example())
                                : Detail.of(
                                        "file_coordinates_as_text",
                                        "rows {rows}: " + what,
                                        "rows",
                                        rows,
                                        "value",
                                        text.example())
                        : Detail.of(
                                "file_coordinates_as_text_from",
                                "{count} rows, the first of them row {first}: " + what,
                                "count",
                                rows.size(),
                                "first",
                                rows.get(0),
                                "value",
                                text.example()));
    }

    /**
     * The places, from 1, of the {@code fields} (as GDAL reads them, with the file's names {@code
     * ownNames} gives) that the file names {@code field}, Latin letters' case aside: more than one when
     * a .dbf's names were cut alike.
     */
    private static List<Integer> twinFields(String field, List<String> fields, Map<String, String> ownNames) {
        List<Integer> places = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (ownNames.getOrDefault(fields.get(i), fields.get(i)).equalsIgnoreCase(field)) {
                places.add(i + 1);
            }
        }
        return places;
    }

    /**
     * {@code csv}, a CSV file (or a sheet's copy), with each column whose name an earlier column has
     * (two «Площадь, га») under a name of its own ({@link kz.adalmap.importers.source.CsvHeader#twinsRenamed}),
     * as a .dbf's such fields are: GDAL read the second's values as the first's, and published neither.
     */
    private static SourceFiles.Dataset twinColumnsRenamed(SourceFiles.Dataset csv) throws IOException {
        Map<String, String> twins = kz.adalmap.importers.source.CsvHeader.twinsRenamed(csv.path());
        if (twins.isEmpty()) {
            return csv;
        }
        Map<String, String> names = new LinkedHashMap<>(csv.fieldNames());
        names.putAll(twins);
        return csv.withFieldNames(Map.copyOf(names));
    }

    /** The column names of {@code dataset}'s header, as GDAL reads them, when it is a CSV file; else none. */
    private static List<String> csvHeader(SourceFiles.Dataset dataset) {
        if (!dataset.format().equals("csv")) {
            return List.of();
        }
        try {
            return kz.adalmap.importers.source.CsvHeader.names(dataset.path());
        } catch (IOException e) {
            // GDAL says what is wrong with the file
            return List.of();
        }
    }

    /**
     * The places, from 1, of the columns of a CSV file's {@code header} (as GDAL reads it, its names
     * {@code ownNames} gives the file's for) that the file names {@code field}; empty when {@code field}
     * is null.
     */
    private static List<Integer> twinColumns(String field, List<String> header, Map<String, String> ownNames) {
        List<Integer> places = new ArrayList<>();
        for (int i = 0; field != null && i < header.size(); i++) {
            if (ownNames.getOrDefault(header.get(i), header.get(i)).equals(field)) {
                places.add(i + 1);
            }
        }
        return places;
    }

    /** What the report says of a field read under another name than its own, {@code column}. */
    private static Detail renamed(String field, String column) {
        String laundered = Ogr2Ogr.stagingName(field);
        if (laundered.isEmpty()) {
            // a GeoJSON property "", as mapshaper and pandas may write one: PostgreSQL names no column so
            return Detail.of(
                    "file_field_renamed_nameless",
                    "a field without a name is read as '{column}': a column needs a name",
                    "column",
                    column);
        }
        return Detail.of(
                switch (laundered) {
                    case "geom" -> "file_field_renamed_geom";
                    case "source_row" -> "file_field_renamed_source_row";
                    default -> "file_field_renamed";
                },
                "the field '{field}' is read as '{column}': "
                        + switch (laundered) {
                            case "geom" -> "the import keeps the geometry under its name";
                            case "source_row" -> "the import keeps the row number under its name";
                            default -> "in lower case and cut to 63 bytes, its name is that of another" + " field";
                        },
                "field",
                field,
                "column",
                column);
    }

    /**
     * What the report says on the row of a plot whose Shapefile draws a part of its own inside
     * another part: GDAL reads it as a hole, as a map draws it ({@link ShapefileRings}).
     */
    private static final Detail UNCLOSED_RING = Detail.of("gdal_unclosed_ring", Ogr2Ogr.UNCLOSED_RING);

    private static final java.util.regex.Pattern VALUE_READ_IN_PART = java.util.regex.Pattern.compile(
            "^Warning \\d+: Value '(.*)' of field (.+) parsed incompletely to (?:real|integer|integer64) (\\S+?)\\.?"
                    + "(?: \\(\\d+ times\\))?$");

    private static final java.util.regex.Pattern CHARACTERS_NOT_CONVERTED = java.util.regex.Pattern.compile(
            "^Warning \\d+: One or several characters couldn't be converted correctly from (\\S+) to (\\S+?)\\.?"
                    + "(?: .*)?$");

    /**
     * A warning of GDAL's as the report says it: the common ones in the importer's words (worded in
     * each language by their keys), any other in GDAL's own.
     */
    static Detail gdalWarning(String warning) {
        if (warning.equals(Ogr2Ogr.UNCLOSED_RING)) {
            return UNCLOSED_RING;
        }
        java.util.regex.Matcher cut = VALUE_READ_IN_PART.matcher(warning);
        if (cut.matches()) {
            return Detail.of(
                    "gdal_value_read_in_part",
                    "GDAL read the value '{value}' of the field {field} only in part, as {read}: its characters after"
                            + " the number (a decimal comma, a unit, a space) were dropped",
                    "value",
                    cut.group(1),
                    "field",
                    cut.group(2),
                    "read",
                    cut.group(3));
        }
        java.util.regex.Matcher converted = CHARACTERS_NOT_CONVERTED.matcher(warning);
        if (converted.matches()) {
            return Detail.of(
                    "gdal_characters_not_converted",
                    "some characters of the file's text could not be converted from the code page {from} to {to}:"
                            + " they are wrong or missing in the text read; check that the file is written in"
                            + " that code page",
                    "from",
                    converted.group(1),
                    "to",
                    converted.group(2));
        }
        return Detail.of("gdal", "{text}", "text", warning);
    }

    private static final Detail PART_READ_AS_HOLE = Detail.of(
            "part_read_as_hole",
            "a part drawn inside another part of the plot, as an outline of its own (clockwise), was read as a hole"
                    + " in it, as maps draw it; if it is a part of the plot, draw it apart from the other");

    /** Simple two-dimensional geometry types, as ogrinfo names them: no curves, no Z or M. */
    private static final Set<String> LINEAR_2D =
            Set.of("Point", "Line String", "Polygon", "Multi Point", "Multi Line String", "Multi Polygon");

    /**
     * Whether the layer can be read as it is: simple two-dimensional geometries in EPSG:4326, as
     * the file declares them, with no coordinate system given instead.
     */
    private static boolean readAsIs(Request request, OgrInfo.Layer info) {
        return request.sourceSrs() == null
                && LINEAR_2D.contains(info.geometryType())
                && info.srsWkt() != null
                && info.srsWkt().strip().endsWith("ID[\"EPSG\",4326]]");
    }

    /**
     * Whether the middle of the layer {@code info} lies outside Kazakhstan read in its coordinate
     * system easting (longitude) first, as GDAL reads every GeoJSON, and in it read the other way
     * round: northing (latitude) first, in the order of the axes EPSG gives the system. GeoJSON's
     * 2008 specification asks for easting first, as QGIS and GDAL write it, but recommends naming the
     * system by OGC's URN ({@code urn:ogc:def:crs:EPSG::28413}), which stands for EPSG's order, and
     * programs that follow the URN write northing first.
     */
    private boolean writtenTheOtherWayRound(Connection c, OgrInfo.Layer info) throws SQLException {
        double[] box = info.extent();
        if (info.srsWkt() == null || box == null) {
            return false;
        }
        double[] asRead = {(box[0] + box[2]) / 2, (box[1] + box[3]) / 2};
        double[] swapped = {asRead[1], asRead[0]};
        double[][] placed = Ogr2Ogr.isWgs84(info.srsWkt())
                ? new double[][] {asRead, swapped}
                : coordinateSystems.inWgs84(info.srsWkt(), asRead, swapped);
        boolean loaded = CountryArea.draw(c);
        return !inKazakhstan(c, loaded, placed[0]) && inKazakhstan(c, loaded, placed[1]);
    }

    /** Whether the point (longitude, latitude; null when not placed) lies in Kazakhstan ({@link CountryArea}). */
    private static boolean inKazakhstan(Connection c, boolean loaded, double[] lonLat) throws SQLException {
        return lonLat != null
                && one(
                                c,
                                "SELECT 1 WHERE "
                                        + CountryArea.holds(
                                                loaded,
                                                String.format(
                                                        java.util.Locale.ROOT,
                                                        "ST_SetSRID(ST_MakePoint(%.9f, %.9f), 4326)",
                                                        lonLat[0],
                                                        lonLat[1])))
                        != null;
    }

    /**
     * Whether the system given ({@code given}, as {@link CoordinateSystems#definition} writes it) is the
     * one the file declares ({@code declared}, as ogrinfo writes it, WKT 2 too): an editor who gives
     * the system a GeoJSON's crs member names only confirms it, and the file is read as without it.
     */
    static boolean sameSystem(String given, String declared) {
        return given != null
                && declared != null
                && given.replaceAll("\\s+", "").equals(declared.replaceAll("\\s+", ""));
    }

    /** What the report says of a GeoJSON read with the axes of its positions swapped, in the system {@code wkt}. */
    private static Detail axesSwapped(String wkt) {
        boolean geographic = wkt.matches("(?s)^GEOG(CRS|CS)\\[.*");
        return geographic
                ? Detail.of(
                        "file_axes_swapped_latitude",
                        "the file writes its coordinates latitude first, in the order of the axes of its"
                                + " coordinate system ({crs}): read longitude first, as GeoJSON is read, they lie"
                                + " outside Kazakhstan, and latitude first in it, so they were read latitude first",
                        "crs",
                        crsName(wkt))
                : Detail.of(
                        "file_axes_swapped_northing",
                        "the file writes its coordinates northing first, in the order of the axes of its"
                                + " coordinate system ({crs}): read easting first, as GeoJSON is read, they lie"
                                + " outside Kazakhstan, and northing first in it, so they were read northing first",
                        "crs",
                        crsName(wkt));
    }

    /**
     * Whether every feature surely lies in Kazakhstan before it is read: the file is in longitude
     * and latitude, taken as they are, and its extent is inside the country's box with a margin
     * wider than any datum shift. Then {@link #checkPlacedInKazakhstan} has nothing to find.
     */
    private static boolean insideKazakhstan(Request request, OgrInfo.Layer info) {
        double[] box = info.extent();
        boolean geographic = request.sourceSrs() == null
                && (info.srsWkt() == null || info.srsWkt().matches("(?s)^GEOG(CRS|CS)\\[.*"));
        double margin = 0.1;
        return geographic
                && box != null
                && box[0] >= CoordinateGuess.MIN_LON + margin
                && box[2] <= CoordinateGuess.MAX_LON - margin
                && box[1] >= CoordinateGuess.MIN_LAT + margin
                && box[3] <= CoordinateGuess.MAX_LAT - margin;
    }

    /**
     * A file whose declared coordinate system puts every feature outside Kazakhstan, or the middle of
     * its features more than {@link CountryArea#TOLERANCE_KM} km outside every loaded region, has a
     * wrong {@code .prj} (or a wrong {@code --srs}: {@code given}, null when the file's own system was read):
     * the import stops instead of rejecting every plot.
     */
    private static void checkPlacedInKazakhstan(
            Connection c,
            String staging,
            String srs,
            String given,
            String format,
            double[] fileExtent,
            String unlessMostAreInKazakhstan,
            List<Detail> notes)
            throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT inside, ST_XMin(box), ST_YMin(box), ST_XMax(box), ST_YMax(box), placed
                        FROM (SELECT count(*) FILTER (WHERE geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)) AS inside,
                                     ST_Extent(geom) AS box, count(geom) AS placed
                              FROM staging.%s) e
                        """.formatted(
                                CoordinateGuess.MIN_LON,
                                CoordinateGuess.MIN_LAT,
                                CoordinateGuess.MAX_LON,
                                CoordinateGuess.MAX_LAT,
                                staging))) {
            rs.next();
            long inside = rs.getLong(1);
            long placed = rs.getLong(6);
            if (unlessMostAreInKazakhstan != null) {
                // a file without a coordinate system whose extent a few wild rows widened
                if (2 * inside <= placed) {
                    throw new BadSourceException(SourceProblem.NO_CRS, unlessMostAreInKazakhstan);
                }
                // counted as their rows are rejected: a plot in Xinjiang lies in the box, a line from
                // Atyrau to Volgograd meets it, and both are outside
                long held = Long.parseLong(one(
                        c,
                        "SELECT count(*) FROM staging." + staging + " WHERE "
                                + CountryArea.holds(CountryArea.loaded(c), "ST_SetSRID(geom, 4326)")));
                notes.add(Detail.of(
                        "file_some_outside_kazakhstan",
                        "{outside} of the file's {features} features lie outside Kazakhstan, the others in it: they"
                                + " are read as longitude and latitude, and those outside are reported row by row",
                        "outside",
                        placed - held,
                        "features",
                        placed));
                return;
            }
            if (rs.getObject(2) == null) {
                return;
            }
            double[] middle = null;
            if (inside > 0) {
                // in the box, which takes in the neighbours' land: a Gauss–Krüger zone one off with the
                // zone in front puts Almaty's plots in Xinjiang. One test of the file's middle.
                if (!CountryArea.loaded(c)) {
                    return;
                }
                middle = middle(c, "SELECT geom FROM staging." + staging + " LIMIT 10000");
                if (middle == null
                        || one(
                                        c,
                                        "SELECT 1 WHERE ST_Intersects(" + CountryArea.AREA
                                                + ", ST_SetSRID(ST_MakePoint(" + middle[0] + ", " + middle[1]
                                                + "), 4326))")
                                != null) {
                    return;
                }
            }
            // what the file's own numbers look like says which system they are in
            String numbers = CoordinateGuess.explain(fileExtent, true, format);
            throw new BadSourceException(
                    SourceProblem.WRONG_CRS,
                    String.format(
                                    java.util.Locale.ROOT,
                                    "read in %s, the file lies at longitude %.4f to %.4f, latitude %.4f to %.4f,"
                                            + " %s: if the file is of Kazakhstan, %s is wrong. ",
                                    given == null
                                            ? "its coordinate system (" + srs + ")"
                                            : "the coordinate system given (--srs " + given.strip()
                                                    + (srs.equalsIgnoreCase(given.strip()) ? "" : ": " + srs) + ")",
                                    rs.getDouble(2),
                                    rs.getDouble(4),
                                    rs.getDouble(3),
                                    rs.getDouble(5),
                                    middle == null
                                            ? "entirely outside Kazakhstan"
                                            : String.format(
                                                    java.util.Locale.ROOT,
                                                    "outside Kazakhstan: its middle, at longitude %.4f, latitude %.4f,"
                                                            + " lies more than %d km outside every region",
                                                    middle[0],
                                                    middle[1],
                                                    CountryArea.TOLERANCE_KM),
                                    given == null ? "its coordinate system" : "the coordinate system given")
                            + (numbers != null
                                    ? "Its own numbers: " + numbers
                                    : "Its own numbers are longitude and latitude in Kazakhstan: pass --srs EPSG:4326,"
                                            + " or correct the layer's coordinate system in the program that wrote the"
                                            + " file" + CoordinateGuess.whereTheSystemIsWritten(format)),
                    FailureWording.tryCode(CoordinateGuess.suggestedCode(fileExtent)));
        }
    }

    /**
     * The system GDAL gives a GeoPackage layer saved with none: srs_id 0, an undefined geographic one
     * (QGIS's «No CRS», ogr2ogr's of a file without one), or -1, an undefined Cartesian one.
     */
    private static final java.util.regex.Pattern GPKG_UNDEFINED_SRS = java.util.regex.Pattern.compile(
            "(?is)^(GEOGCRS|GEOGCS|ENGCRS|LOCAL_CS)\\[\"Undefined (geographic|Cartesian) SRS\".*");

    /** An EPSG code given as the file's coordinate system, as GDAL's srsinfo takes it: {@code EPSG:10941}. */
    private static final java.util.regex.Pattern GIVEN_EPSG =
            java.util.regex.Pattern.compile("(?i)\\s*EPSG:\\s*([0-9]+)\\s*");

    /** An EPSG code as a GeoJSON crs member names it: {@code urn:ogc:def:crs:EPSG::10948}, {@code EPSG:10948}. */
    private static final java.util.regex.Pattern NAMED_EPSG =
            java.util.regex.Pattern.compile("(?i)\\s*(?:urn:ogc:def:crs:EPSG:[0-9.]*:|EPSG:)\\s*([0-9]+)\\s*");

    /**
     * What to say of the columns «Х» and «У» written in Cyrillic, as surveyors head their lists, which
     * look like the Latin x and y asked for but are not: in Russian surveying Х is the northing and У
     * the easting, the other way round from x and y. Empty when the file has neither.
     */
    static String cyrillicXy(List<String> fields) {
        List<String> cyrillic = fields.stream()
                .filter(f -> f.strip().matches("[ХхУу]"))
                .map(f -> "«" + f.strip() + "»")
                .toList();
        if (cyrillic.isEmpty()) {
            return "";
        }
        return ". The column" + (cyrillic.size() > 1 ? "s " : " ") + String.join(" and ", cyrillic)
                + (cyrillic.size() > 1 ? " are" : " is") + " written in Cyrillic, not the Latin x and y; in"
                + " Russian surveying Х is the northing and У the easting: name the easting's column x and the"
                + " northing's y (Latin), and give the coordinate system";
    }

    /**
     * A note that the coordinate system given ({@code given}, defined as {@code definition}, null
     * when none was needed) overrules another the file names itself ({@code info}'s: a Shapefile's
     * {@code .prj}, a GeoJSON's {@code crs} member, a MapInfo table's CoordSys), naming both and how
     * far apart they put the middle of the file's extent {@code box}; null when the file names none
     * (a GeoJSON without a {@code crs} member is WGS 84 by definition, and KML always is: the system
     * given is what such a file's numbers need, nor does a GeoPackage layer saved with none), when its
     * EWKT SRID is said already, or when both put
     * it within a metre of each other (the same system by another name). A {@code --srs} left in a
     * script or the upload form from the previous file would otherwise move a whole layer unsaid.
     */
    private Detail fileSystemOverruled(
            SourceFiles.Dataset dataset,
            OgrInfo.Layer info,
            String definition,
            String sourceSrs,
            String given,
            double[] box) {
        String format = dataset.format();
        if (info.srsWkt() == null
                || box == null
                || format.equals("kml")
                || format.equals("kmz")
                || dataset.notes().stream().anyMatch(n -> n.key().startsWith("file_ewkt"))
                || (format.equals("geojson") || format.equals("json"))
                        && GeoJsonCoordinates.crsName(dataset.path()) == null
                || format.equals("gpkg")
                        && GPKG_UNDEFINED_SRS.matcher(info.srsWkt()).matches()) {
            return null;
        }
        double[] middle = {(box[0] + box[2]) / 2, (box[1] + box[3]) / 2};
        double[] asGiven = coordinateSystems.inWgs84(definition != null ? definition : sourceSrs, middle)[0];
        double[] asFile = coordinateSystems.inWgs84(info.srsWkt(), middle)[0];
        if (asGiven != null && asFile != null && metresApart(asGiven, asFile) < 1) {
            return null;
        }
        String file = crsName(info.srsWkt());
        if (asGiven == null || asFile == null) {
            return Detail.of(
                    "file_srs_given_over_file",
                    "the file names its coordinate system ({file}); it was read in the one given ({srs}) instead",
                    "file",
                    file,
                    "srs",
                    given);
        }
        long metres = Math.round(metresApart(asGiven, asFile));
        return Detail.of(
                "file_srs_given_over_file_moved",
                "the file names its coordinate system ({file}); it was read in the one given ({srs}) instead, which"
                        + " puts its features {metres} m from where the file's own puts them: check that the"
                        + " system given is meant for this file",
                "file",
                file,
                "srs",
                given,
                "metres",
                metres > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) metres);
    }

    /** The .dbf beside the Shapefile {@code shp} (by its base name, in any case), or null. */
    private static Path tableOf(Path shp) throws IOException {
        if (shp == null || !java.nio.file.Files.isRegularFile(shp)) {
            return null;
        }
        String name = shp.getFileName().toString();
        return tableOf(shp.toAbsolutePath().getParent(), name.substring(0, name.length() - 4));
    }

    /** The .dbf of the Shapefile {@code layer} of {@code dataset}: a .shp, or a folder of them; null for none. */
    private static Path tableOf(Path dataset, String layer) throws IOException {
        if (!java.nio.file.Files.isDirectory(dataset)) {
            return tableOf(dataset);
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dataset)) {
            return files.filter(f -> f.getFileName().toString().equalsIgnoreCase(layer + ".dbf"))
                    .findFirst()
                    .orElse(null);
        }
    }

    /**
     * The table of the Shapefile read ({@code dbf}, the private copy) some of whose rows are marked
     * deleted, the code page GDAL read it in, its fields as GDAL read them (in the table's order), those
     * left out, and their staging columns where not named by GDAL ({@link Ogr2Ogr#stagingColumns}).
     */
    private record DeletedRows(
            Path dbf, String codePage, List<String> fields, List<String> leftOut, Map<String, String> columns) {

        /**
         * The note of the rows marked deleted naming the cadastral numbers they hold in the field read
         * into staging column {@code column}; null when they hold none, or no field is read there.
         */
        Detail named(String column) throws IOException {
            for (int field = 0; field < fields.size(); field++) {
                String name = fields.get(field);
                if (!leftOut.contains(name)
                        && columns.getOrDefault(name, Ogr2Ogr.stagingName(name)).equals(column)) {
                    return DbfDeletedRows.withNumbers(dbf, field, codePage);
                }
            }
            return null;
        }
    }

    /** The distance in metres between two points of longitude and latitude, on a sphere (enough for a note). */
    static double metresApart(double[] a, double[] b) {
        double dLat = Math.toRadians(b[1] - a[1]);
        double dLon = Math.toRadians(b[0] - a[0]);
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(a[1])) * Math.cos(Math.toRadians(b[1])) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /**
     * The name the report gives the coordinate system of WKT {@code wkt}: its own, or, for one GDAL
     * names «unnamed» (a MapInfo CoordSys), its datum, projection and central meridian; null for none.
     */
    static String crsName(String wkt) {
        if (wkt == null) {
            return null;
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"([^\"]*)\"").matcher(wkt);
        if (!m.find()) {
            return "from the file";
        }
        if (!m.group(1).equalsIgnoreCase("unnamed")) {
            return m.group(1);
        }
        // a system with no name of its own, as GDAL reads a MapInfo CoordSys («Earth Projection 8,
        // 1001, …»): named by its datum and projection, as a clerk finds it in MapInfo's list
        java.util.regex.Matcher datum =
                java.util.regex.Pattern.compile("DATUM\\[\"([^\"]*)\"").matcher(wkt);
        java.util.regex.Matcher method = java.util.regex.Pattern.compile("(?:METHOD|PROJECTION)\\[\"([^\"]*)\"")
                .matcher(wkt);
        java.util.regex.Matcher meridian = java.util.regex.Pattern.compile(
                        "PARAMETER\\[\"(?:Longitude of natural origin|central_meridian)\",\\s*([-0-9.]+)")
                .matcher(wkt);
        if (!datum.find()) {
            return m.group(1);
        }
        String name = datum.group(1).replace('_', ' ');
        if (method.find()) {
            name += " / " + method.group(1).replace('_', ' ');
            if (meridian.find()) {
                name += ", central meridian " + meridian.group(1) + "°";
            }
        }
        return name;
    }

    /**
     * Keeps what a layer published before the first import (for example by the demo loader) as the
     * snapshot of its revision, so that the import can be rolled back to it.
     */
    private static void snapshotIfMissing(Connection c, int layerId, long revision) throws SQLException {
        try (Statement st = c.createStatement()) {
            if ("true"
                            .equals(one(
                                    c,
                                    "SELECT EXISTS (SELECT 1 FROM plot_snapshot WHERE layer_revision_id = " + revision
                                            + ")::text"))
                    || "delta".equals(one(c, "SELECT snapshot FROM layer_revision WHERE id = " + revision))) {
                return;
            }
            st.executeUpdate("""
                    INSERT INTO plot_snapshot (layer_revision_id, source_row, plot_key, cadastral_number, geom,
                                               area_declared_ha, land_category, intended_purpose_kk, intended_purpose_ru,
                                               permitted_use, right_type, divisible, status, address, auction_date,
                                               starting_price_kzt, extra)
                    SELECT %d, p.id, p.plot_key, p.cadastral_number, p.geom, p.area_declared_ha, p.land_category,
                           p.intended_purpose_kk, p.intended_purpose_ru, p.permitted_use, p.right_type, p.divisible,
                           p.status, p.address, p.auction_date, p.starting_price_kzt, p.extra
                    FROM (%s) p WHERE p.retired_revision_id IS NULL
                    """.formatted(revision, LAYER_PLOTS.formatted(layerId)));
        }
    }

    /**
     * The layer {@code code} of {@code kind} (plots or networks), created when it does not exist: in
     * the region of an editor who edits exactly one, else national (administrators only), under the
     * {@code titles} given and its code in the languages given none. An existing plots or networks
     * layer takes a title given in a language it has none in (its code); a title that differs from
     * one the layer has is refused, since an import is no place to rename a layer.
     */
    private static Layer layer(Connection c, String code, Set<Integer> editorRegions, String kind, LayerTitles titles)
            throws SQLException {
        if (kind.equals("custom")) {
            // defined through the definitions API, never made up by an import
            Layer layer = existingLayer(c, code);
            giveTitles(c, layer, titles);
            return layer;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en, region_id) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (code) DO NOTHING
                """)) {
            ps.setString(1, code);
            ps.setString(2, kind);
            // the code stands for a title not given: the pages show the layer's kind and code instead
            ps.setString(3, titles.kk() != null ? titles.kk() : code);
            ps.setString(4, titles.ru() != null ? titles.ru() : code);
            ps.setString(5, titles.en() != null ? titles.en() : code);
            ps.setObject(
                    6,
                    editorRegions != null && editorRegions.size() == 1
                            ? editorRegions.iterator().next()
                            : null);
            ps.executeUpdate();
        }
        Layer layer = existingLayer(c, code);
        if (!layer.kind().equals(kind)) {
            throw new BadSourceException(
                    SourceProblem.WRONG_PROFILE,
                    "layer " + code + " is a " + layer.kind() + " layer; the profile is for "
                            + kind + " (use a " + layer.kind() + " profile"
                            + (layer.kind().equals("networks") ? ", such as networks)" : ", such as cadastre-export)"));
        }
        giveTitles(c, layer, titles);
        return layer;
    }

    /**
     * Gives {@code layer} each of {@code titles} in a language it has no title in (its code stands for
     * none); a layer defined as data has the titles of its definition. Refuses a title that differs
     * from one the layer has.
     */
    private static void giveTitles(Connection c, Layer layer, LayerTitles titles) throws SQLException {
        if (titles.isEmpty()) {
            return;
        }
        Map<String, String> had = new HashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT title_kk, title_ru, title_en FROM layer WHERE id = ? FOR UPDATE")) {
            ps.setInt(1, layer.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                had.put("kk", rs.getString(1));
                had.put("ru", rs.getString(2));
                had.put("en", rs.getString(3));
            }
        }
        for (Map.Entry<String, String> title : titles.given().entrySet()) {
            String lang = title.getKey();
            String now = had.get(lang);
            if (now.equals(title.getValue())) {
                continue;
            }
            if (!now.equals(layer.code()) || layer.custom()) {
                throw new IllegalArgumentException("layer " + layer.code() + " is titled '" + now + "' in " + lang
                        + ", not '" + title.getValue() + "': an import gives titles only to a new layer or in a"
                        + " language the layer has none in"
                        + (layer.custom()
                                ? " (a layer defined as data is titled in its definition)"
                                : " (a layer's titles are changed on their own: the command title, or the"
                                        + " layer's titles on the editor's page)"));
            }
            // the language is one of three fixed names: no value goes into the statement's text
            try (PreparedStatement ps = c.prepareStatement("UPDATE layer SET title_" + lang + " = ? WHERE id = ?")) {
                ps.setString(1, title.getValue());
                ps.setInt(2, layer.id());
                ps.executeUpdate();
            }
        }
    }

    private static Layer existingLayer(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, code, region_id, kind FROM layer WHERE code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("there is no layer " + code);
                }
                return new Layer(rs.getInt(1), rs.getString(2), (Integer) rs.getObject(3), rs.getString(4));
            }
        }
    }

    static Long publishedRevision(Connection c, int layerId) throws SQLException {
        String id = one(c, "SELECT id FROM layer_revision WHERE state = 'published' AND layer_id = " + layerId);
        return id == null ? null : Long.valueOf(id);
    }

    private static long revisionId(Connection c, int layerId, int number) throws SQLException {
        String id = one(c, "SELECT id FROM layer_revision WHERE layer_id = " + layerId + " AND number = " + number);
        if (id == null) {
            throw new IllegalArgumentException("the layer has no revision " + number);
        }
        return Long.parseLong(id);
    }

    /** Serialises imports, publishing and rollbacks of one layer, across processes. */
    /**
     * Where the file's features lie, against where the layer's lie. A coordinate system that is
     * valid but wrong, a UTM or Gauss–Krüger zone one off (a .prj for zone 43 on zone 44's metres),
     * moves every feature some 400 km, still inside Kazakhstan and with nothing else wrong: the
     * report warns when the middle of the file lies outside the layer's region or when its features
     * lie far from the layer's published ones, and says where it lies when the layer has neither yet.
     * The middle is the median of the centres of 10,000 features (the file's first), so that a few
     * wild coordinates do not move it. A layer defined as data is warned only when its file's middle
     * lies outside the layer's region: unwarned, a file one zone off had each of its rows refused as
     * outside the layer's region with no word of why.
     */
    private static void checkPlacement(Connection c, Layer layer, String staging, Long basedOn, long revision)
            throws SQLException {
        // the first rows as stored, which are the file's first: a filter on the row number read the
        // whole table (a third of a second for a million plots, on every re-import)
        double[] file = middle(c, "SELECT geom FROM staging." + staging + " LIMIT 10000");
        if (file == null) {
            return;
        }
        String point = "ST_SetSRID(ST_MakePoint(" + file[0] + ", " + file[1] + "), 4326)";
        Detail.Names region = RegionNames.first(c, "name_en", "ST_Intersects(geom, " + point + ")");
        boolean regions = one(c, "SELECT 1 FROM region WHERE geom IS NOT NULL LIMIT 1") != null;
        // as String.format's %.3f wrote them
        java.math.BigDecimal lon = new java.math.BigDecimal(file[0]).setScale(3, java.math.RoundingMode.HALF_UP);
        java.math.BigDecimal lat = new java.math.BigDecimal(file[1]).setScale(3, java.math.RoundingMode.HALF_UP);
        String around = "around longitude {longitude}, latitude {latitude}";
        Detail where = region != null
                ? Detail.of(
                        "placement_in_region",
                        "the file's features lie in {region}, " + around,
                        "region",
                        region,
                        "longitude",
                        lon,
                        "latitude",
                        lat)
                : regions
                        ? Detail.of(
                                "placement_outside_regions",
                                "the file's features lie outside every region, " + around,
                                "longitude",
                                lon,
                                "latitude",
                                lat)
                        : Detail.of(
                                "placement", "the file's features lie " + around, "longitude", lon, "latitude", lat);
        String wrongSystem = ": if the file is this layer's, its coordinate system is wrong (a UTM or Gauss–Krüger"
                + " zone one off moves features some 400 km); check its .prj, or pass the right one";
        if (layer.regionId() != null
                && one(
                                c,
                                "SELECT 1 FROM region WHERE id = " + layer.regionId()
                                        + " AND ST_DWithin(geom::geography, " + point + "::geography, 20000)")
                        == null) {
            Detail.Names own = RegionNames.first(c, "name_en", "id = " + layer.regionId());
            issue(
                    c,
                    revision,
                    "warning",
                    "placement",
                    Detail.of(
                            "placement_other_region",
                            "{where}, but the layer belongs to {region}" + wrongSystem,
                            "where",
                            where,
                            "region",
                            own));
            return;
        }
        if (layer.custom()) {
            return;
        }
        Double km = basedOn == null ? null : awayFromPublished(c, layer, staging, point);
        if (km != null) {
            if (km > 50) {
                issue(
                        c,
                        revision,
                        "warning",
                        "placement",
                        Detail.of(
                                "placement_far",
                                "{where}, {distance} km from the layer's published ones" + wrongSystem,
                                "where",
                                where,
                                "distance",
                                new java.math.BigDecimal(km).setScale(0, java.math.RoundingMode.HALF_UP)));
            }
        } else if (layer.regionId() == null && region != null) {
            issue(
                    c,
                    revision,
                    "warning",
                    "file",
                    Detail.of(
                            "placement_unknown",
                            "{where}; the layer has no region, nor features to compare with",
                            "where",
                            where));
        } else if (layer.regionId() == null && region == null && regions) {
            issue(
                    c,
                    revision,
                    "warning",
                    "placement",
                    Detail.of(
                            "placement_outside_regions_new_layer",
                            "{where}: if they are in Kazakhstan, the file's coordinate system is wrong (a UTM or"
                                    + " Gauss–Krüger zone one off moves features some 400 km); check its .prj, or pass"
                                    + " the right one",
                            "where",
                            where));
        }
    }

    /**
     * How far the file's features lie from the layer's published ones, in km from {@code point} (the
     * file's middle) to the nearest of them; 0 when most of the file's features lie among them, null
     * when the layer has published none. The features are a sample of the file's first 10,000 (about
     * a hundred), each near when a published feature lies within half a degree (some 30 to 55 km): a
     * middle of the published features would not do, as a layer's plots spread over a region or the
     * country have their middle between towns, far from any plot, and the order the table keeps them
     * in changes with every publish.
     */
    private static Double awayFromPublished(Connection c, Layer layer, String staging, String point)
            throws SQLException {
        String table = layer.plots() ? "land_plot" : "network";
        // a list of ids, not a join with the revisions, which the planner runs once per revision
        String revisions = "ARRAY(SELECT id FROM layer_revision WHERE layer_id = " + layer.id() + ")";
        String ofLayer = "p.layer_revision_id = ANY (" + revisions + ")"
                + (layer.plots() ? " AND p.retired_revision_id IS NULL" : "");
        String near = one(c, """
                SELECT (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM %1$s p WHERE ST_DWithin(p.geom, f.pt, 0.5) AND %2$s))
                        * 2 > count(*))::text
                FROM (SELECT ST_SetSRID(ST_MakePoint((ST_XMin(s.geom) + ST_XMax(s.geom)) / 2,
                                                     (ST_YMin(s.geom) + ST_YMax(s.geom)) / 2), 4326) AS pt
                      FROM (SELECT geom, row_number() OVER () AS n, count(*) OVER () AS total
                            FROM (SELECT geom FROM staging.%3$s LIMIT 10000) t) s
                      WHERE (s.n - 1) %% greatest(1, s.total / 100) = 0 AND s.geom IS NOT NULL AND NOT ST_IsEmpty(s.geom)) f
                WHERE ST_X(f.pt) BETWEEN -180 AND 180 AND ST_Y(f.pt) BETWEEN -90 AND 90
                """.formatted(table, ofLayer, staging));
        if ("true".equals(near)) {
            return 0.0;
        }
        String nearest = one(
                c,
                "SELECT ST_Distance(p.geom::geography, " + point + "::geography) FROM " + table + " p WHERE " + ofLayer
                        + " ORDER BY p.geom <-> " + point + " LIMIT 1");
        return nearest == null ? null : Double.parseDouble(nearest) / 1000;
    }

    /**
     * The warning that a CSV file's points, read from columns named X and Y in degrees, lie in
     * Kazakhstan whichever column is the longitude: in western Kazakhstan (longitudes 46 to 56,
     * latitudes 46 to 52) the numbers cannot tell, and Russian and Kazakh surveyors write X for the
     * northing, the latitude, where GDAL reads X as the longitude. Names where the features lie as
     * read and where they would with X as the latitude, and how far apart; null when the columns are
     * named otherwise (Долгота, lon…) or only one reading lies in Kazakhstan. One of {@link
     * #PLACEMENT_WARNINGS}: such a draft is published only once someone has looked.
     */
    private static Detail xyEitherWay(Connection c, String staging, Path csv) throws SQLException {
        List<String> names;
        try {
            names = kz.adalmap.importers.source.CsvHeader.names(csv);
        } catch (java.io.IOException e) {
            return null;
        }
        List<String> lower = names.stream()
                .map(n -> n.strip().toLowerCase(java.util.Locale.ROOT))
                .toList();
        // X and Y are what GDAL read the points from only when no column has another name it takes first
        if (!lower.contains("x")
                || !lower.contains("y")
                || lower.stream().anyMatch(Ogr2Ogr.CSV_GEOMETRY_NAMES::contains)
                || lower.stream()
                        .anyMatch(n -> !n.equals("x")
                                && Ogr2Ogr.CSV_LONGITUDE_NAMES.stream().anyMatch(n::equalsIgnoreCase))
                || lower.stream()
                        .anyMatch(n -> !n.equals("y")
                                && Ogr2Ogr.CSV_LATITUDE_NAMES.stream().anyMatch(n::equalsIgnoreCase))) {
            return null;
        }
        double[] read = middle(c, "SELECT geom FROM staging." + staging + " LIMIT 10000");
        if (read == null) {
            return null;
        }
        double[] swapped = {read[1], read[0]};
        Detail asRead = place(c, read);
        Detail other = place(c, swapped);
        if (asRead == null || other == null) {
            return null;
        }
        String distance = one(
                c,
                "SELECT round((ST_Distance(ST_SetSRID(ST_MakePoint(" + read[0] + ", " + read[1] + "), 4326)::geography,"
                        + " ST_SetSRID(ST_MakePoint(" + swapped[0] + ", " + swapped[1] + "), 4326)::geography)"
                        + " / 1000)::numeric, 1)::text");
        return Detail.of(
                "file_xy_either_way",
                "the columns X and Y hold degrees that lie in Kazakhstan whichever of them is the longitude: read"
                        + " with X as the longitude, the features lie {read}; with X as the latitude, as surveyors"
                        + " write X (the northing), they would lie {swapped}, {distance} km away. Check on the map"
                        + " where they lie before publishing; if X is the latitude, name the columns Широта (for X)"
                        + " and Долгота (for Y) and import the file again",
                "read",
                asRead,
                "swapped",
                other,
                "distance",
                new java.math.BigDecimal(distance));
    }

    /**
     * Where the point {@code lonLat} lies, for {@link #xyEitherWay}: in a region, or (when the regions
     * have no boundaries) around its degrees in Kazakhstan; null outside Kazakhstan.
     */
    private static Detail place(Connection c, double[] lonLat) throws SQLException {
        String point = "ST_SetSRID(ST_MakePoint(" + lonLat[0] + ", " + lonLat[1] + "), 4326)";
        java.math.BigDecimal lon = new java.math.BigDecimal(lonLat[0]).setScale(3, java.math.RoundingMode.HALF_UP);
        java.math.BigDecimal lat = new java.math.BigDecimal(lonLat[1]).setScale(3, java.math.RoundingMode.HALF_UP);
        if (one(c, "SELECT 1 FROM region WHERE geom IS NOT NULL LIMIT 1") != null) {
            Detail.Names region = RegionNames.first(c, "name_en", "ST_Intersects(geom, " + point + ")");
            return region == null
                    ? null
                    : Detail.of(
                            "xy_place_in_region",
                            "in {region}, around longitude {longitude}, latitude {latitude}",
                            "region",
                            region,
                            "longitude",
                            lon,
                            "latitude",
                            lat);
        }
        return lonLat[0] >= CoordinateGuess.MIN_LON
                        && lonLat[0] <= CoordinateGuess.MAX_LON
                        && lonLat[1] >= CoordinateGuess.MIN_LAT
                        && lonLat[1] <= CoordinateGuess.MAX_LAT
                ? Detail.of(
                        "xy_place",
                        "around longitude {longitude}, latitude {latitude}",
                        "longitude",
                        lon,
                        "latitude",
                        lat)
                : null;
    }

    /**
     * What is wrong with a CSV file's longitude and latitude columns when it has both (under names GDAL
     * reads) and no geometry: their values are no coordinates GDAL reads, and the first row's are
     * quoted. Null when it lacks either column.
     */
    private static String coordinatesUnread(Path csv) throws java.io.IOException {
        List<String> names = kz.adalmap.importers.source.CsvHeader.names(csv);
        int lon = -1;
        int lat = -1;
        for (int i = 0; i < names.size(); i++) {
            if (lon < 0 && Ogr2Ogr.CSV_LONGITUDE_NAMES.stream().anyMatch(names.get(i)::equalsIgnoreCase)) {
                lon = i;
            } else if (lat < 0 && Ogr2Ogr.CSV_LATITUDE_NAMES.stream().anyMatch(names.get(i)::equalsIgnoreCase)) {
                lat = i;
            }
        }
        if (lon < 0 || lat < 0) {
            return null;
        }
        List<String> values = kz.adalmap.importers.source.CsvHeader.firstValues(csv);
        return ": its columns '" + names.get(lon) + "' and '" + names.get(lat) + "' hold no coordinates it can read"
                + (values.size() > Math.max(lon, lat)
                        ? " (the first row's are '" + values.get(lon) + "' and '" + values.get(lat) + "')"
                        : "")
                + ": write them in decimal degrees (82.6 or 82,6) or in degrees, minutes and seconds (82°36'10\")";
    }

    /**
     * The column by which a CSV file's or sheet's rows of points group as the corners of plots, one a
     * row ({@code CsvHeader#groupingColumn}), its coordinates' columns aside; null when none does.
     */
    private static String cornersColumn(Path csv) throws java.io.IOException {
        List<String> coordinates = kz.adalmap.importers.source.CsvHeader.names(csv).stream()
                .filter(n -> Ogr2Ogr.CSV_LONGITUDE_NAMES.stream().anyMatch(n::equalsIgnoreCase)
                        || Ogr2Ogr.CSV_LATITUDE_NAMES.stream().anyMatch(n::equalsIgnoreCase))
                .toList();
        return kz.adalmap.importers.source.CsvHeader.groupingColumn(csv, coordinates);
    }

    /**
     * Why a CSV file's or a sheet's rows are points for a plots layer, and how to give it outlines: each
     * row is one point, from its longitude and latitude; rows that group as the corners of plots ({@link
     * #cornersColumn}) are not joined into outlines.
     */
    private static String rowsAsPoints(Path csv) throws java.io.IOException {
        String corners = cornersColumn(csv);
        String wkt = " one row with its outline as WKT in a column wkt (POLYGON((82.6 50.11, 82.601 50.11, …,"
                + " 82.6 50.11)))";
        if (corners == null) {
            return ": each row of the table was read as one point, from its longitude and latitude, and a plot"
                    + " needs its outline: give each plot" + wkt;
        }
        return ": each row of the table was read as one point, from its longitude and latitude, and the rows under"
                + " one «" + corners + "» look like the corners of a plot's outline, one a row, which are not joined"
                + " into it. Give each plot" + wkt + ", or in QGIS join the corners with Vector › Geometry Tools ›"
                + " Points to Path (grouped by «" + corners + "», ordered by the corner's number) and then Lines to"
                + " Polygons, and import the polygons";
    }

    /**
     * What is wrong with a CSV file's column of geometries when it has one (under a name GDAL reads)
     * and no geometry was read from it: its cells hold GeoJSON, as open-data portals export a table
     * ({@code {"type": "Polygon", "coordinates": …}}), or other text than WKT, the first row's
     * quoted. Null when it has no such column.
     */
    private static String geometryUnread(Path csv) throws java.io.IOException {
        List<String> names = kz.adalmap.importers.source.CsvHeader.names(csv);
        int column = -1;
        for (int i = 0; i < names.size() && column < 0; i++) {
            if (Ogr2Ogr.CSV_GEOMETRY_NAMES.stream().anyMatch(names.get(i)::equalsIgnoreCase)) {
                column = i;
            }
        }
        if (column < 0) {
            return null;
        }
        List<String> values = kz.adalmap.importers.source.CsvHeader.firstValues(csv);
        String value = values.size() > column ? values.get(column).strip() : "";
        String how = ": save the layer from the GIS as GeoJSON, or as CSV with its geometries as WKT (QGIS: Export ›"
                + " Save Features As, CSV, Geometry AS_WKT; ogr2ogr -lco GEOMETRY=AS_WKT)";
        if (value.startsWith("{")) {
            // the cell as read here has lost its quotation marks: its type is shown as GeoJSON writes it
            java.util.regex.Matcher type =
                    java.util.regex.Pattern.compile("type\\W*:\\W*([A-Za-z]+)").matcher(value);
            return ": its column '" + names.get(column) + "' holds GeoJSON ({\"type\": \""
                    + (type.find() ? type.group(1) : "Polygon")
                    + "\", \"coordinates\": …}), not the WKT a CSV file's geometries are read from (POLYGON((82.6"
                    + " 49.95, …)))" + how;
        }
        return ": its column '" + names.get(column) + "' holds no WKT"
                + (value.isEmpty()
                        ? ""
                        : " (the first row's is «" + (value.length() > 40 ? value.substring(0, 40) + "…" : value)
                                + "»)")
                + ", the geometry a CSV file's features are read from (POLYGON((82.6 49.95, …)))" + how;
    }

    /**
     * Puts the descriptions of a coded domain's values in the place of their codes: GDAL loads a
     * field of an ArcGIS or GeoPackage domain (status 4, described as «предоставлен») beside the
     * descriptions ({@code <field>_resolved}), and the profile knows the words. The codes are kept
     * as {@code <field>_code}. Returns a note for each such field.
     */
    private static List<Detail> describedDomains(Connection c, String staging) throws SQLException {
        List<Detail> notes = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'staging' AND table_name = ?")) {
            ps.setString(1, staging);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String column : columns) {
                String field = column.endsWith("_resolved") ? column.substring(0, column.length() - 9) : null;
                if (field == null || !columns.contains(field) || columns.contains(field + "_code")) {
                    continue;
                }
                String table = "staging." + FeatureValidation.quote(staging);
                // the file's own name of the field, when GDAL's column has another
                String own = one(
                        c,
                        "SELECT col_description('" + table.replace("'", "''") + "'::regclass, attnum)"
                                + " FROM pg_attribute WHERE attrelid = '" + table.replace("'", "''")
                                + "'::regclass AND attname = " + FeatureValidation.literal(field));
                String named = own == null ? field : own;
                st.execute("ALTER TABLE " + table + " RENAME " + FeatureValidation.quote(field) + " TO "
                        + FeatureValidation.quote(field + "_code"));
                st.execute("ALTER TABLE " + table + " RENAME " + FeatureValidation.quote(column) + " TO "
                        + FeatureValidation.quote(field));
                // the names follow the values: the descriptions under the field's, the codes under it and _code
                st.execute("COMMENT ON COLUMN " + table + "." + FeatureValidation.quote(field) + " IS "
                        + (own == null ? "NULL" : FeatureValidation.literal(own)));
                st.execute("COMMENT ON COLUMN " + table + "." + FeatureValidation.quote(field + "_code") + " IS "
                        + (own == null ? "NULL" : FeatureValidation.literal(own + "_code")));
                notes.add(Detail.of(
                        "file_domain_described",
                        "the field '{field}' holds the codes of a domain: their descriptions were read, and the"
                                + " codes are kept as '{codes}'",
                        "field",
                        named,
                        "codes",
                        named + "_code"));
                // ArcGIS does not hold a field to its domain: a code the domain does not describe ('03',
                // 9) is in the cell, and GDAL gives it no description. Read as written, it is checked as
                // any value (an unknown land category rejected, an unknown right type said on its row),
                // not taken for an empty cell
                List<Long> rows = new ArrayList<>();
                List<String> codes = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT source_row, "
                        + FeatureValidation.quote(field + "_code") + "::text FROM " + table + " WHERE "
                        + FeatureValidation.quote(field) + " IS NULL AND " + FeatureValidation.quote(field + "_code")
                        + " IS NOT NULL ORDER BY source_row")) {
                    while (rs.next()) {
                        rows.add(rs.getLong(1));
                        if (!codes.contains(rs.getString(2)) && codes.size() < 10) {
                            codes.add(rs.getString(2));
                        }
                    }
                }
                if (!rows.isEmpty()) {
                    st.execute("UPDATE " + table + " SET " + FeatureValidation.quote(field) + " = "
                            + FeatureValidation.quote(field + "_code") + "::text WHERE "
                            + FeatureValidation.quote(field)
                            + " IS NULL");
                    notes.add(Detail.of(
                            rows.size() == 1 ? "file_domain_code_undescribed_one" : "file_domain_code_undescribed",
                            (rows.size() == 1 ? "row {rows}" : "rows {rows}")
                                    + ": the field '{field}' holds {codes}, which its domain does not describe: read"
                                    + " as written, and checked as any value",
                            "rows",
                            rows.size() > 10 ? rows.subList(0, 10) : rows,
                            "field",
                            named,
                            "codes",
                            codes.stream().map(code -> "'" + code + "'").toList()));
                }
            }
        }
        return notes;
    }

    /**
     * Notes on the heights (Z) and measures (M, a distance along a line, a pressure) of the features
     * of {@code layer}, which are read in 2-D and so left out: said when any is other than 0 (Google
     * Earth writes a height of 0 to every point). A layer whose type says 2-D holds none; one of any
     * type (a KML file's, a CSV file's of WKT) may, in some of its features, and is asked too.
     */
    private List<Detail> heightsAndMeasuresLeftOut(Path file, OgrInfo.Layer layer, String encoding) {
        String type = String.valueOf(layer.geometryType());
        if (!type.contains("3D") && !type.contains("Measured") && !type.startsWith("Unknown")) {
            return List.of();
        }
        long[] raised = ogrInfo.heightsAndMeasures(file, layer, encoding);
        List<Detail> notes = new ArrayList<>();
        if (raised != null && raised[0] > 0) {
            notes.add(Detail.of(
                    "file_heights_left_out",
                    "{count} features of the file carry heights (Z), which were left out: plots and networks are"
                            + " kept on the map in 2-D",
                    "count",
                    raised[0]));
        }
        if (raised != null && raised[1] > 0) {
            notes.add(Detail.of(
                    "file_measures_left_out",
                    "{count} features of the file carry measures (M: a distance along a line, a pressure), which"
                            + " were left out: plots and networks are kept on the map in 2-D; if they are data, export"
                            + " them as a field",
                    "count",
                    raised[1]));
        }
        return notes;
    }

    /**
     * The .prj of the Shapefile layer {@code layer} of {@code dataset} (a .shp, or a folder of them);
     * null when the dataset is no Shapefile, or the .prj is missing or larger than any .prj is.
     */
    private static Path prjOf(SourceFiles.Dataset dataset, String layer) throws IOException {
        if (!dataset.format().equals("shp")) {
            return null;
        }
        Path path = dataset.path();
        Path folder = java.nio.file.Files.isDirectory(path) ? path : path.getParent();
        String wanted = (java.nio.file.Files.isDirectory(path)
                        ? layer
                        : path.getFileName().toString().replaceFirst("(?i)\\.shp$", ""))
                + ".prj";
        Path prj = folder.resolve(wanted);
        if (!java.nio.file.Files.isRegularFile(prj)) {
            // GDAL reads plots.PRJ beside plots.SHP too
            prj = folder.resolve(wanted.substring(0, wanted.length() - 3) + "PRJ");
        }
        return java.nio.file.Files.isRegularFile(prj) && java.nio.file.Files.size(prj) <= 1024 * 1024 ? prj : null;
    }

    /**
     * The name of the first datum a Shapefile's .prj writes ({@code DATUM["…"]}), as written; null for
     * another format, or a .prj without one.
     */
    private static String prjDatum(SourceFiles.Dataset dataset, String layer) throws IOException {
        Path prj = prjOf(dataset, layer);
        if (prj == null) {
            return null;
        }
        java.util.regex.Matcher datum = java.util.regex.Pattern.compile("(?i)DATUM\\[\\s*\"([^\"]*)\"")
                .matcher(new String(
                        java.nio.file.Files.readAllBytes(prj), java.nio.charset.StandardCharsets.ISO_8859_1));
        return datum.find() ? datum.group(1) : null;
    }

    /**
     * The start of the .prj of the Shapefile layer {@code layer} of {@code dataset} (a .shp, or a
     * folder of them), as a report quotes it, when it holds something GDAL read as no coordinate
     * system; null when the dataset is no Shapefile or the .prj is missing or empty.
     */
    private static String unreadPrjStart(SourceFiles.Dataset dataset, String layer) throws IOException {
        Path prj = prjOf(dataset, layer);
        if (prj == null) {
            return null;
        }
        String start = new String(java.nio.file.Files.readAllBytes(prj), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\uFEFF", "")
                .strip()
                .lines()
                .findFirst()
                .orElse("")
                .replaceAll("\\p{Cntrl}", "?");
        return start.isEmpty() ? null : start.length() > 60 ? start.substring(0, 60) + "…" : start;
    }

    /** Whether every corner of {@code extent} is a longitude and a latitude. */
    private static boolean withinTheWorld(double[] extent) {
        return extent != null
                && Math.abs(extent[0]) <= 180
                && Math.abs(extent[2]) <= 180
                && Math.abs(extent[1]) <= 90
                && Math.abs(extent[3]) <= 90;
    }

    /**
     * Whether a layer of {@code geometry} (as ogrinfo names it) holds what a layer of {@code kind}
     * takes: polygons for plots, lines or points for networks; {@code orAny}: or geometries of any
     * type, which may be those.
     */
    /**
     * Whether a layer of ogrinfo's geometry type {@code geometry} holds what a layer defined as data
     * of geometry type {@code defined} ({@code point}, {@code line}, {@code polygon}) takes; with
     * {@code defined} null, whether it is typed as geometries of any type, which may.
     */
    static boolean fitsDefined(String defined, String geometry) {
        String g = geometry.toLowerCase(java.util.Locale.ROOT);
        if (g.startsWith("unknown") || g.contains("collection")) {
            return defined == null;
        }
        if (defined == null || g.equals("none")) {
            return false;
        }
        boolean areas = g.contains("polygon") || g.contains("surface");
        boolean points = g.contains("point");
        return switch (defined) {
            case "point" -> points;
            case "line" -> !areas && !points;
            default -> areas;
        };
    }

    private static String plural(String defined) {
        return switch (defined == null ? "" : defined) {
            case "point" -> "points";
            case "line" -> "lines";
            case "polygon" -> "polygons";
            default -> "features";
        };
    }

    /**
     * The refusal of a file of several layers that could each be the one meant, none named, naming
     * them: {@code what} says what they hold, {@code why} (from ", …") why they are not read together.
     */
    private static BadSourceException severalLayers(List<String> layers, String what, String why) {
        return new BadSourceException(
                SourceProblem.SEVERAL_DATASETS,
                "the file holds " + layers.size() + " layers " + what + " (" + String.join(", ", layers) + ")" + why
                        + "; name the one to import as the layer in the file (e.g. " + layers.get(0)
                        + "), or send one layer at a time");
    }

    private static boolean fits(String kind, String geometry, boolean orAny) {
        String g = geometry.toLowerCase(java.util.Locale.ROOT);
        if (g.startsWith("unknown") || g.contains("collection")) {
            return orAny;
        }
        boolean areas = g.contains("polygon") || g.contains("surface");
        return kind.equals("plots") == areas;
    }

    /**
     * Whether the staged file has geometries but not one polygon (nor a collection that may hold
     * one): a layer GDAL types as geometries of any kind that holds only points or lines.
     */
    private static boolean hasNoPolygons(Connection c, String staging) throws SQLException {
        return one(c, "SELECT 1 FROM staging." + staging + " WHERE geom IS NOT NULL LIMIT 1") != null
                && one(
                                c,
                                "SELECT 1 FROM staging." + staging + " WHERE GeometryType(geom) IN ('POLYGON',"
                                        + " 'MULTIPOLYGON', 'GEOMETRYCOLLECTION', 'CURVEPOLYGON', 'MULTISURFACE') LIMIT 1")
                        == null;
    }

    /** The median of the centres of {@code geometries}' boxes (a query of one geometry column), or null for none. */
    private static double[] middle(Connection c, String geometries) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), percentile_cont(0.5) WITHIN GROUP (ORDER BY y)
                        FROM (SELECT (ST_XMin(g.geom) + ST_XMax(g.geom)) / 2 AS x, (ST_YMin(g.geom) + ST_YMax(g.geom)) / 2 AS y
                              FROM (%s) g WHERE g.geom IS NOT NULL AND NOT ST_IsEmpty(g.geom)) m
                        WHERE x BETWEEN -180 AND 180 AND y BETWEEN -90 AND 90
                        """.formatted(geometries))) {
            rs.next();
            return rs.getObject(1) == null ? null : new double[] {rs.getDouble(1), rs.getDouble(2)};
        }
    }

    /**
     * Drops the work tables ({@code staging.import_…}) of imports that will never finish, because the
     * server or command line running them died, and would otherwise keep their rows for ever. Every
     * import creates them only while it holds its layer's advisory lock: when no session holds an
     * advisory lock, none of the tables listed before looking is an import's that is still running.
     * Returns how many were dropped.
     */
    static int dropAbandonedWorkTables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'staging' AND tablename LIKE 'import\\_%'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        if (tables.isEmpty()
                || one(
                                c,
                                "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM"
                                        + " pg_database WHERE datname = current_database()) LIMIT 1")
                        != null) {
            return 0;
        }
        try (Statement st = c.createStatement()) {
            for (String table : tables) {
                st.execute("DROP TABLE IF EXISTS staging." + FeatureValidation.quote(table));
            }
        }
        log.warn("dropped {} work tables of imports that did not finish: {}", tables.size(), tables);
        return tables.size();
    }

    /**
     * Takes the layer's lock for a publish or a rollback: at once when no one holds it; else refused
     * ({@link #refusingBusyLayers}) or waited for, saying so.
     */
    private void takeLayer(Connection c, String code) throws SQLException {
        if (!refusingBusyLayers) {
            waitForLayer(c, code);
            return;
        }
        if (!tryLockLayer(c, code)) {
            throw new RefusedStepException(
                    RefusedStepException.Reason.LAYER_BUSY,
                    "layer " + code + " is being imported, published or rolled back: try again when that has ended"
                            + " (an import's progress is on the editor's page)");
        }
    }

    /**
     * Takes the layer's lock, waiting while another import, publish or rollback holds it, and saying
     * so: a command that says nothing for minutes is taken for one that hangs, and stopped.
     */
    private static void waitForLayer(Connection c, String code) throws SQLException {
        if (tryLockLayer(c, code)) {
            return;
        }
        log.info("layer {} is being imported, published or rolled back elsewhere: waiting until that ends", code);
        lockLayer(c, code);
    }

    /** Takes the layer's lock if no one holds it; whether it did. */
    private static boolean tryLockLayer(Connection c, String code) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT pg_try_advisory_lock(hashtext('adalmap.layer:' || ?))")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static void lockLayer(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(hashtext('adalmap.layer:' || ?))")) {
            ps.setString(1, code);
            ps.execute();
        }
    }

    static void unlockLayer(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(hashtext('adalmap.layer:' || ?))")) {
            ps.setString(1, code);
            ps.execute();
        }
    }

    /** Records a problem of the whole file: its English message and its detail, for other languages. */
    /** Stores a problem of the feature of row {@code row} (its {@code source_row}) that reading the file found. */
    /**
     * The cells of {@code cells} by the feature their row is, its position among the {@code features}
     * GDAL read (from 1), found by the number {@code rows} gives it; a cell of a row that is no feature
     * (a line GDAL did not read) is said of the file, in {@code notes}.
     */
    static Map<Long, List<SourceFiles.CellProblem>> byFeature(
            List<SourceFiles.CellProblem> cells, RowNumbers rows, long features, List<Detail> notes) {
        Map<Long, List<SourceFiles.CellProblem>> out = new java.util.TreeMap<>();
        for (SourceFiles.CellProblem cell : cells) {
            // the numbers grow with the position
            long low = 1;
            long high = features;
            long found = 0;
            while (low <= high) {
                long middle = (low + high) >>> 1;
                long line = rows.of(middle);
                if (line == cell.line()) {
                    found = middle;
                    break;
                } else if (line < cell.line()) {
                    low = middle + 1;
                } else {
                    high = middle - 1;
                }
            }
            if (found == 0) {
                notes.add(cell.detail());
            } else {
                out.computeIfAbsent(found, f -> new ArrayList<>()).add(cell);
            }
        }
        return out;
    }

    static void rowIssue(Connection c, long revision, long row, String severity, String code, Detail detail)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO import_issue (layer_revision_id, source_row,"
                + " severity, code, message, detail) VALUES (?, ?, ?, ?, ?, ?::jsonb)")) {
            ps.setLong(1, revision);
            ps.setLong(2, row);
            ps.setString(3, severity);
            ps.setString(4, code);
            ps.setString(5, detail.message());
            ps.setString(6, JSON.writeValueAsString(detail.params()));
            ps.executeUpdate();
        }
    }

    static void issue(Connection c, long revision, String severity, String code, Detail detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO import_issue (layer_revision_id, severity, code,"
                + " message, detail) VALUES (?, ?, ?, ?, ?::jsonb)")) {
            ps.setLong(1, revision);
            ps.setString(2, severity);
            ps.setString(3, code);
            // PostgreSQL keeps no NUL in text or jsonb; a file's field or layer name may hold one
            ps.setString(4, detail.message().replace('\0', '?'));
            ps.setString(
                    5,
                    detail.key() == null
                            ? null
                            : JSON.writeValueAsString(detail.params()).replace("\\u0000", "?"));
            ps.executeUpdate();
        }
    }

    private static List<Issue> issues(Connection c, long revision, int limit) throws SQLException {
        return issues(c, revision, null, 0, limit);
    }

    /** {@link #issues(PgTarget, String, int, String, int, int)} of the revision of id {@code revision}. */
    private static List<Issue> issues(Connection c, long revision, String code, int offset, int limit)
            throws SQLException {
        List<Issue> out = new ArrayList<>();
        String stored = one(c, "SELECT row_numbers::text FROM layer_revision WHERE id = " + revision);
        RowNumbers numbers = RowNumbers.fromMap(stored == null ? null : DETAIL_JSON.readValue(stored, DETAIL));
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT source_row, severity, code, message, detail::text FROM import_issue
                WHERE layer_revision_id = ? AND (CAST(? AS text) IS NULL OR code = ?)
                ORDER BY source_row NULLS FIRST, CASE WHEN source_row IS NULL THEN id END, severity, code, message, id
                OFFSET ? LIMIT ?
                """)) {
            ps.setLong(1, revision);
            ps.setString(2, code);
            ps.setString(3, code);
            ps.setInt(4, offset);
            ps.setInt(5, limit);
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                Long row = (Long) rs.getObject(1);
                Map<String, Object> detail =
                        rs.getString(5) == null ? null : DETAIL_JSON.readValue(rs.getString(5), DETAIL);
                String message = rs.getString(4);
                if (numbers.renumbers() && detail != null && RowReferences.names(detail)) {
                    message = RowReferences.inMessage(message, numbers);
                    detail = RowReferences.inDetail(detail, numbers);
                }
                out.add(new Issue(
                        row,
                        rs.getString(2),
                        rs.getString(3),
                        message,
                        detail,
                        row == null ? null : numbers.of(row),
                        row == null ? null : numbers.unit(),
                        row == null ? null : numbers.layerOf(row)));
            }
        }
        return out;
    }

    private static Map<String, Long> counts(Connection c, long revision) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs =
                        // features, beside the features read, accepted and rejected: a note on the whole
                        // file is none (it is listed, not counted)
                        st.executeQuery("SELECT severity, count(DISTINCT source_row) FROM import_issue"
                                + " WHERE layer_revision_id = " + revision + " GROUP BY severity")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /**
     * Records an action on a layer; the client's address is the session's {@code adalmap.client_ip} when
     * its caller set one ({@link PgTarget#forClient}: the API), else none (the command line).
     */
    static void audit(Connection c, String actor, String action, String layer, Map<String, Object> details)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO audit_log (actor, action, entity_type, entity_id, details, client_ip)
                VALUES (?, ?, 'layer', ?, ?::jsonb, CAST(nullif(current_setting('adalmap.client_ip', true), '') AS inet))
                """)) {
            ps.setString(1, actor);
            ps.setString(2, action);
            ps.setString(3, layer);
            ps.setString(4, JSON.writeValueAsString(details));
            ps.executeUpdate();
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The file's SHA-256 computed on another thread, or the error reading it. */
    private static String digest(java.util.concurrent.CompletableFuture<String> sha) throws IOException {
        try {
            return sha.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw e;
        }
    }

    private static void deleteTree(Path dir) {
        try {
            SourceFiles.deleteTree(dir);
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not delete the work folder {}: {}", dir, e.getMessage());
        }
    }
}
