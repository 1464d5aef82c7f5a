package kz.adalmap.importers.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import kz.adalmap.importers.report.Detail;
import kz.adalmap.importers.validate.CadastralNumber;

/**
 * The report's note of the rows of a Shapefile's table marked deleted ({@code *} for their first
 * byte), which GDAL leaves out with their shapes: by their rows of the .dbf ({@value #KEY}), and,
 * once the import knows the field of the plots' cadastral numbers, by the numbers those rows hold
 * too ({@value #NAMED}): a clerk knows which plots will not be published, or will be taken off the
 * map on a re-import, by their numbers, not by rows of a table their GIS program hides.
 */
public final class DbfDeletedRows {

    /** The note that names the rows only. */
    public static final String KEY = "file_dbf_deleted_rows";

    /** The note that names the rows and the cadastral numbers they hold. */
    public static final String NAMED = "file_dbf_deleted_plots";

    /** The most rows, and numbers, a note lists: a clerk restores them one by one. */
    static final int LISTED = 20;

    private DbfDeletedRows() {}

    /** The note of the rows {@code deleted} (from 1, in order) marked deleted, by their rows. */
    static Detail note(List<Long> deleted) {
        return Detail.of(
                KEY,
                "rows of the .dbf marked deleted, left out with their shapes: {count}"
                        + (deleted.size() == 1 ? " (row {rows})" : " (rows {rows})")
                        + "; if their plots should stay on the map, restore the rows in the GIS program and export"
                        + " the layer again",
                "count",
                deleted.size(),
                "rows",
                // the first twenty, which a clerk restores one by one
                List.copyOf(deleted.subList(0, Math.min(LISTED, deleted.size()))));
    }

    /**
     * The note of the rows of {@code dbf} (the private copy GDAL read) marked deleted that names the
     * cadastral numbers its field {@code field} (its place among the table's fields, from 0) holds in
     * them, each read in {@code codePage} (null: UTF-8) as the import reads the published ones
     * ({@link CadastralNumber#normalize}: «кад. № 05 085 012 004» is 05-085-012-004), each once, in
     * the rows' order; the first {@value #LISTED} rows and numbers, and how many more. Null when no
     * row is marked deleted, or none of those holds a cadastral number (none written, «б/н»): the
     * note by rows ({@link #note}) says all there is. One pass over the records.
     */
    public static Detail withNumbers(Path dbf, int field, String codePage) throws IOException {
        DbfTable.Header table = DbfTable.header(dbf);
        List<DbfTable.Field> fields = DbfTable.fields(dbf, table.headerLength());
        if (field < 0 || field >= fields.size()) {
            return null;
        }
        DbfTable.Field read = fields.get(field);
        int recordLength = table.recordLength();
        if (read.offset() + read.width() > recordLength) {
            return null;
        }
        long records = Math.min(table.records(), table.present());
        List<Long> deleted = new ArrayList<>();
        Set<String> numbers = new LinkedHashSet<>();
        DbfTable.forEachRecord(dbf, table.headerLength(), recordLength, records, (record, position, row) -> {
            if (row == 0) {
                deleted.add(position);
                byte[] value = java.util.Arrays.copyOfRange(record, read.offset(), read.offset() + read.width());
                CadastralNumber.normalize(CodePages.decode(value, codePage).replace('\0', ' '))
                        .ifPresent(numbers::add);
            }
        });
        if (numbers.isEmpty()) {
            return null;
        }
        return Detail.of(
                NAMED,
                "rows of the .dbf marked deleted, left out with their shapes: {count}"
                        + (deleted.size() == 1
                                ? " (row {rows}, the plot of the cadastral number {numbers})"
                                : " (rows {rows}; the plots' cadastral numbers: {numbers})")
                        + "; if their plots should stay on the map, restore the rows in the GIS program and export"
                        + " the layer again",
                "count",
                deleted.size(),
                "rows",
                Detail.firstOf(deleted, LISTED),
                "numbers",
                Detail.firstOf(List.copyOf(numbers), LISTED));
    }

    /**
     * The code page GDAL reads the table of the Shapefile {@code shp} (the private copy) in: {@code
     * encoding}, the one given or found from its text, else the one its .cpg or language mark says
     * (null: none, read as UTF-8).
     */
    public static String codePage(Path shp, String encoding) throws IOException {
        return encoding != null ? encoding : SourceFiles.readCodePage(shp);
    }
}
