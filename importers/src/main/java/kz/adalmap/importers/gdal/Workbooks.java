package kz.adalmap.importers.gdal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kz.adalmap.importers.report.Detail;
import kz.adalmap.importers.source.BadSourceException;
import kz.adalmap.importers.source.SourceFiles;
import kz.adalmap.importers.source.SourceProblem;

/**
 * Excel and LibreOffice workbooks, as akimats keep lists of objects: a sheet is written by GDAL as
 * a CSV file in the private copy and then read as any CSV file (its geometry from a WKT column or
 * from longitude and latitude).
 */
public final class Workbooks {

    private final OgrInfo ogrInfo;
    private final Ogr2Ogr ogr2ogr;

    public Workbooks(OgrInfo ogrInfo, Ogr2Ogr ogr2ogr) {
        this.ogrInfo = ogrInfo;
        this.ogr2ogr = ogr2ogr;
    }

    /**
     * The sheet of a workbook to import, written as a CSV file beside it: the one named {@code
     * sheetName}, else the first with a column of WKT or of longitude and latitude, else the first
     * with rows. A note names the other sheets. The CSV file may grow to {@code maxSheetBytes}: a
     * workbook that unpacks to more is refused as a decompression bomb.
     */
    public SourceFiles.Dataset sheetAsCsv(SourceFiles.Dataset workbook, String sheetName, long maxSheetBytes)
            throws IOException {
        List<OgrInfo.Layer> sheets = ogrInfo.layers(workbook.path(), null);
        String names =
                String.join(", ", sheets.stream().map(OgrInfo.Layer::name).toList());
        OgrInfo.Layer sheet;
        if (sheetName != null) {
            sheet = sheets.stream()
                    .filter(s -> s.name().equalsIgnoreCase(sheetName))
                    .findFirst()
                    .orElseThrow(() -> new BadSourceException(
                            SourceProblem.NO_LAYER,
                            "the workbook " + workbook.path().getFileName() + " has no sheet '" + sheetName
                                    + "'; its sheets are " + names));
        } else {
            sheet = sheets.stream()
                    .filter(Workbooks::hasGeometryColumns)
                    .findFirst()
                    .or(() -> sheets.stream().filter(s -> s.featureCount() > 0).findFirst())
                    .orElse(sheets.get(0));
        }
        List<Detail> notes = new ArrayList<>(workbook.notes());
        if (sheets.size() > 1) {
            notes.add(Detail.of(
                    sheetName == null ? "file_workbook_sheets" : "file_workbook_sheets_named",
                    "the workbook holds {count} sheets ({sheets}); {sheet}"
                            + (sheetName == null
                                    ? ", the first with a column of WKT or of longitude and latitude,"
                                    : "")
                            + " was imported: name another as the source layer to import it",
                    "count",
                    sheets.size(),
                    "sheets",
                    sheets.stream().map(OgrInfo.Layer::name).toList(),
                    "sheet",
                    sheet.name()));
        }
        Path csv = workbook.path().resolveSibling(sheet.name().replaceAll("[/\\\\:*?\"<>|]", "_") + ".csv");
        ogr2ogr.sheetToCsv(workbook.path(), sheet.name(), csv, maxSheetBytes);
        return SourceFiles.sheetRead(csv, notes);
    }

    /** Whether a sheet has the columns GDAL reads a CSV file's geometry from. */
    private static boolean hasGeometryColumns(OgrInfo.Layer sheet) {
        java.util.function.Predicate<List<String>> has =
                names -> sheet.fields().stream().anyMatch(f -> names.stream().anyMatch(f.strip()::equalsIgnoreCase));
        return has.test(Ogr2Ogr.CSV_GEOMETRY_NAMES)
                || has.test(Ogr2Ogr.CSV_LONGITUDE_NAMES) && has.test(Ogr2Ogr.CSV_LATITUDE_NAMES);
    }
}
