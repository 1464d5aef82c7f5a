package kz.adalmap.importers.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The number a person finds a feature by in the file they imported, from its position among the
 * features GDAL read (from 1): in a CSV file the line a text editor shows it on (its first, when a
 * quoted cell holds line breaks), the column names on line 1 or below the title they were found
 * under; in a workbook's sheet the sheet's row; in other formats (Shapefile, GeoPackage, KML,
 * MapInfo, GeoJSON) the feature's position itself, and in a Shapefile whose table has rows marked
 * deleted, which GDAL leaves out, the feature's row of the .dbf, deleted rows counted, and in a GeoPackage
 * layer whose fids are not 1 to n (QGIS leaves gaps where features were deleted) the fid QGIS shows. Empty lines, which GDAL skips, a title and
 * column names wrapped onto several lines are counted; rows left out as holding no feature keep
 * their numbers, so the rows after them keep theirs.
 *
 * Of several layers read together (a networks import's Shapefiles of a zip, a GeoPackage's layers
 * of lines and of points), the number is the feature's position within its own layer, as the
 * attribute table of that file or layer shows it, and {@link #layerOf} names the layer.
 *
 * <p>Kept as the features from which the number is the position plus a shift: one shift for a file
 * without empty lines or line breaks in its cells, one more for each feature after one.
 *
 * @param unit {@code line}, {@code row} or {@code feature}
 * @param from the first feature of each shift, ascending, from 1
 * @param shift what is added to a feature's position from {@code from[i]} on
 * @param layers empty when one layer was read; else, of the same length as {@code from}, the layer
 *     (a zip's Shapefile by its file's name, {@code wells.shp}) the features from {@code from[i]} on are in
 */
public record RowNumbers(String unit, long[] from, long[] shift, List<String> layers) {

    /** Numbers that are the features' positions, as those of a GIS file and of reports stored before. */
    public static final RowNumbers FEATURES = new RowNumbers("feature", new long[0], new long[0]);

    public RowNumbers(String unit, long[] from, long[] shift) {
        this(unit, from, shift, List.of());
    }

    /**
     * The numbers of features read from several layers one after the other, {@code layers.get(i)}
     * from position {@code firsts.get(i)} on (the first from 1): each counted within its layer.
     */
    public static RowNumbers ofLayers(List<String> layers, List<Long> firsts) {
        if (layers.size() < 2) {
            return FEATURES;
        }
        long[] from = firsts.stream().mapToLong(Long::longValue).toArray();
        long[] shift = java.util.Arrays.stream(from).map(f -> 1 - f).toArray();
        return new RowNumbers(FEATURES.unit(), from, shift, List.copyOf(layers));
    }

    /** The layer the feature at {@code position} is in, when several were read; else null. */
    public String layerOf(long position) {
        if (layers.isEmpty()) {
            return null;
        }
        int i = java.util.Arrays.binarySearch(from, position);
        if (i < 0) {
            i = -i - 2;
        }
        return i < 0 ? null : layers.get(i);
    }

    /**
     * The numbers of a GeoPackage's features by their fids, as QGIS shows them: {@code runs} as {@code
     * OgrInfo#geoPackageFids} gives them (the positions each run starts from, and its shift), or null
     * when the fids are the positions.
     */
    public static RowNumbers ofFids(long[][] runs) {
        if (runs == null || runs[0].length == 0) {
            return FEATURES;
        }
        return new RowNumbers(FEATURES.unit(), runs[0].clone(), runs[1].clone());
    }

    /** Whether a stored position is not the number a person finds the feature by. */
    public boolean renumbers() {
        return !unit.equals(FEATURES.unit()) || !layers.isEmpty() || from.length > 0;
    }

    /** The number a person finds the feature at {@code position} (from 1) by. */
    public long of(long position) {
        int i = java.util.Arrays.binarySearch(from, position);
        if (i < 0) {
            i = -i - 2;
        }
        return i < 0 ? position : position + shift[i];
    }

    /** As stored with a revision (its {@code row_numbers}). */
    public Map<String, Object> asMap() {
        return layers.isEmpty()
                ? Map.of("unit", unit, "from", from, "shift", shift)
                : Map.of("unit", unit, "from", from, "shift", shift, "layers", layers);
    }

    /** From {@link #asMap()} as read back from JSON; null (a revision stored before) is {@link #FEATURES}. */
    public static RowNumbers fromMap(Map<String, Object> stored) {
        if (stored == null) {
            return FEATURES;
        }
        Object layers = stored.get("layers");
        return new RowNumbers(
                (String) stored.get("unit"),
                longs(stored.get("from")),
                longs(stored.get("shift")),
                layers == null
                        ? List.of()
                        : ((List<?>) layers).stream().map(String::valueOf).toList());
    }

    private static long[] longs(Object list) {
        return ((List<?>) list)
                .stream().mapToLong(n -> ((Number) n).longValue()).toArray();
    }

    /**
     * The numbers of the features of {@code csv}, the CSV file GDAL reads (UTF-8, its column names on
     * its first line), read as a stream.
     *
     * @param above the lines of the user's file above {@code csv}'s first line (a title left out,
     *     line breaks taken out of the column names); for a sheet, its rows above the row of the names
     * @param sheet whether {@code csv} is a workbook's sheet as GDAL wrote it, one line a row
     *     (a cell's line breaks inside its quotes): the number is then the sheet's row
     */
    public static RowNumbers ofCsv(Path csv, long above, boolean sheet) throws IOException {
        List<Long> from = new ArrayList<>();
        List<Long> shift = new ArrayList<>();
        long line = 1; // the physical line being read, from 1
        long record = 0; // records read, empty ones too (a sheet's row each)
        long feature = 0; // records GDAL reads as features (it skips empty lines), the names first
        long recordLine = 1; // the line the record being read began on
        boolean empty = true;
        boolean quoted = false;
        boolean afterCarriageReturn = false;
        long lastLine = 1; // the last line with something on it
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(csv), 1 << 16)) {
            int b;
            while (true) {
                b = in.read();
                boolean end = b < 0;
                if (!end && b == '\n' && afterCarriageReturn) {
                    // the LF of CR LF: the line ended at the CR
                    afterCarriageReturn = false;
                    continue;
                }
                afterCarriageReturn = b == '\r';
                if (end || !quoted && (b == '\n' || b == '\r')) {
                    if (!(end && empty)) {
                        record++;
                        if (!empty) {
                            feature++;
                            if (feature > 1) {
                                long position = feature - 1;
                                long number = above + (sheet ? record : recordLine);
                                long s = number - position;
                                if (shift.isEmpty() || shift.get(shift.size() - 1) != s) {
                                    from.add(position);
                                    shift.add(s);
                                }
                            }
                        }
                    }
                    if (end) {
                        break;
                    }
                    line++;
                    recordLine = line;
                    empty = true;
                    continue;
                }
                if (b == '\n' || b == '\r') {
                    // a line break inside quotes: the record goes on on the next line
                    line++;
                } else if (b == '"') {
                    quoted = !quoted;
                }
                if (!(line == 1 && record == 0 && isByteOrderMark(b))) {
                    empty = false;
                }
                if (b != '\n' && b != '\r') {
                    lastLine = line;
                }
            }
        }
        if (quoted) {
            // a record that ends in quotes: GDAL, which reads as this does, takes the rest of the
            // file into one of its values, and the rows there would leave the map
            throw new BadSourceException(
                    SourceProblem.DAMAGED,
                    (lastLine > recordLine
                                    ? "line " + recordLine + " of " + csv.getFileName()
                                            + " opens a quoted value that no"
                                            + " quotation mark closes: the " + (lastLine - recordLine) + " lines after"
                                            + " it would be read as part of that one value, and their rows left out"
                                    : "line " + recordLine + " of " + csv.getFileName() + " ends inside a quoted value,"
                                            + " which no quotation mark closes")
                            + ". Check the quotation marks on line " + recordLine + " (a value holding a quotation"
                            + " mark is written in quotes, with the mark doubled: \"ТОО \"\"Нур\"\"\"), or whether"
                            + " the file was cut short");
        }
        return new RowNumbers(
                sheet ? "row" : "line",
                from.stream().mapToLong(Long::longValue).toArray(),
                shift.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * The numbers of the features of the Shapefile whose table is {@code dbf} when some of its rows
     * are marked deleted, which GDAL leaves out: each feature's row of the .dbf (from 1, the deleted
     * ones counted), as MapInfo's RowID and the report's list of deleted rows number them (GDAL's,
     * QGIS's and ArcGIS's FID plus 1); the features' positions ({@link #FEATURES}) when none is
     * deleted. One pass over the records' first bytes.
     */
    public static RowNumbers ofDbf(Path dbf) throws IOException {
        DbfTable.Header table = DbfTable.header(dbf);
        long records = Math.min(table.records(), table.present());
        List<Long> from = new ArrayList<>();
        List<Long> shift = new ArrayList<>();
        long position = 0;
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dbf)) {
            java.nio.ByteBuffer flag = java.nio.ByteBuffer.allocate(1);
            for (long r = 1; r <= records; r++) {
                flag.clear();
                if (channel.read(flag, table.headerLength() + (r - 1) * table.recordLength()) < 1) {
                    break;
                }
                if (flag.get(0) == '*') {
                    continue;
                }
                position++;
                long s = r - position;
                if (s != 0 && (shift.isEmpty() || shift.get(shift.size() - 1) != s)) {
                    from.add(position);
                    shift.add(s);
                }
            }
        }
        if (from.isEmpty()) {
            return FEATURES;
        }
        return new RowNumbers(
                "row",
                from.stream().mapToLong(Long::longValue).toArray(),
                shift.stream().mapToLong(Long::longValue).toArray());
    }

    /** The bytes of UTF-8's byte-order mark, which a first line may begin with. */
    private static boolean isByteOrderMark(int b) {
        return b == 0xEF || b == 0xBB || b == 0xBF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowNumbers r
                && unit.equals(r.unit)
                && java.util.Arrays.equals(from, r.from)
                && java.util.Arrays.equals(shift, r.shift)
                && layers.equals(r.layers);
    }

    @Override
    public int hashCode() {
        return unit.hashCode() * 31 + java.util.Arrays.hashCode(from) * 17 + java.util.Arrays.hashCode(shift);
    }

    @Override
    public String toString() {
        return unit
                + java.util.Arrays.toString(from)
                + java.util.Arrays.toString(shift)
                + (layers.isEmpty() ? "" : layers);
    }
}
