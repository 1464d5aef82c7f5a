package kz.adalmap.importers.gdal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        List<OgrInfo.Layer> sheets;
        try {
            sheets = ogrInfo.layers(workbook.path(), null);
        } catch (GdalException e) {
            String damage = damage(workbook.path());
            if (damage != null) {
                throw new BadSourceException(SourceProblem.DAMAGED, damage, e);
            }
            throw e;
        }
        String names =
                String.join(", ", sheets.stream().map(OgrInfo.Layer::name).toList());
        // sheets a workbook hides (last year's, a lookup list) are read only when named
        Set<String> hidden = new HashSet<>();
        for (WorkbookCells.Sheet s : WorkbookCells.sheets(workbook.path())) {
            if (s.hidden()) {
                hidden.add(s.name());
            }
        }
        List<OgrInfo.Layer> shown =
                sheets.stream().filter(s -> !hidden.contains(s.name())).toList();
        List<OgrInfo.Layer> candidates = shown.isEmpty() ? sheets : shown;
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
            sheet = candidates.stream()
                    .filter(Workbooks::hasGeometryColumns)
                    .findFirst()
                    .or(() -> candidates.stream()
                            .filter(s -> s.featureCount() > 0 && namesUnderTitle(workbook.path(), s, maxSheetBytes))
                            .findFirst())
                    .or(() -> candidates.stream()
                            .filter(s -> s.featureCount() > 0)
                            .findFirst())
                    .orElse(candidates.get(0));
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
        List<String> passedOver = sheets.stream()
                .map(OgrInfo.Layer::name)
                .filter(hidden::contains)
                .filter(n -> !n.equals(sheet.name()))
                .toList();
        if (sheetName == null && !passedOver.isEmpty() && candidates == shown) {
            notes.add(Detail.of(
                    "file_workbook_hidden_sheets",
                    "the workbook hides the sheets {sheets}, which were left out: name one as the source layer to"
                            + " import it",
                    "sheets",
                    passedOver));
        }
        Path csv = workbook.path().resolveSibling(sheet.name().replaceAll("[/\\\\:*?\"<>|]", "_") + ".csv");
        ogr2ogr.sheetToCsv(workbook.path(), sheet.name(), csv, maxSheetBytes);
        // the cells as the spreadsheet shows them, where GDAL reads them otherwise
        List<SourceFiles.CellProblem> problems = new ArrayList<>();
        notes.addAll(WorkbookCells.mend(workbook.path(), sheet.name(), csv, problems));
        SourceFiles.Dataset read = SourceFiles.sheetRead(csv, notes, problems);
        Map<String, String> twins = read.linesAbove() > 0 ? Map.of() : twinsRenamed(sheet.fields(), csv);
        return twins.isEmpty() ? read : read.withFieldNames(twins);
    }

    /**
     * The columns of the sheet's copy {@code csv} GDAL wrote under another name than the sheet's
     * {@code fields} give them, because an earlier column has that name (two «Площадь, га»: the
     * second written «Площадь, га2»), each with the sheet's name, for the report to name it so.
     */
    private static Map<String, String> twinsRenamed(List<String> fields, Path csv) throws IOException {
        List<String> header = kz.adalmap.importers.source.CsvHeader.names(csv);
        if (header.size() != fields.size()) {
            return Map.of();
        }
        Map<String, String> twins = new java.util.LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            // as the copy's names are, their wrapped lines on one
            String own = fields.get(i)
                    .replace("\r\n", " ")
                    .replace('\r', ' ')
                    .replace('\n', ' ')
                    .strip();
            if (!seen.add(own) && !own.isEmpty() && !header.get(i).equals(own)) {
                twins.put(header.get(i), own);
            }
        }
        return twins;
    }

    /**
     * What is wrong with the Excel workbook {@code workbook} (an .xlsx: a zip of XML parts), in a
     * clerk's words, or null when it is no .xlsx or looks whole: a zip cut short, a sheet or its
     * shared texts ({@code xl/sharedStrings.xml}, which hold the text of its cells) missing or ending
     * in the middle, as a crashed save leaves them. GDAL reads such a workbook without a word, its
     * cells empty or shifted, and the import said the sheet had no column of WKT. Asked only when
     * GDAL could not read the workbook or found no geometry in its sheet: it reads every part.
     */
    public static String damage(Path workbook) {
        String name = String.valueOf(workbook.getFileName());
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx")) {
            return null;
        }
        String saveAgain = "; open it in Excel (or LibreOffice) and save it again, or send the copy it was made from";
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(workbook.toFile())) {
            java.util.zip.ZipEntry rels = zip.getEntry("xl/_rels/workbook.xml.rels");
            String relations = rels == null
                    ? ""
                    : new String(zip.getInputStream(rels).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (relations.contains("sharedStrings") && zip.getEntry("xl/sharedStrings.xml") == null) {
                return "the workbook " + name + " is damaged: its shared texts (xl/sharedStrings.xml), which hold"
                        + " the text of its cells, are missing" + saveAgain;
            }
            javax.xml.parsers.SAXParserFactory factory = javax.xml.parsers.SAXParserFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            for (java.util.Enumeration<? extends java.util.zip.ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                java.util.zip.ZipEntry entry = e.nextElement();
                String part = entry.getName();
                if (!part.matches("xl/(worksheets/[^/]+|sharedStrings)\\.xml")) {
                    continue;
                }
                try (java.io.InputStream in = zip.getInputStream(entry)) {
                    factory.newSAXParser().parse(in, new org.xml.sax.helpers.DefaultHandler());
                } catch (org.xml.sax.SAXParseException x) {
                    return "the workbook " + name + " is damaged: its "
                            + (part.contains("sharedStrings")
                                    ? "shared texts (" + part + ") end in the middle or are broken"
                                    : "sheet " + part + " ends in the middle or is broken")
                            + " (at line " + x.getLineNumber() + " of the part)"
                            + saveAgain;
                }
            }
            return null;
        } catch (java.util.zip.ZipException e) {
            return "the workbook " + name + " is damaged or cut short: an .xlsx is a zip, and this one "
                    + (String.valueOf(e.getMessage()).contains("END header")
                            ? "has no list of its parts at its end"
                            : "cannot be unpacked")
                    + saveAgain;
        } catch (IOException | javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            return null;
        }
    }

    /**
     * Whether the sheet {@code sheet}'s column names, a column of WKT or of longitude and latitude
     * among them, lie under a title (a register's name in its first row), as the CSV file the sheet is
     * read as finds them: GDAL names the sheet's fields by its first row.
     */
    private boolean namesUnderTitle(Path workbook, OgrInfo.Layer sheet, long maxSheetBytes) {
        Path csv = workbook.resolveSibling(".title-" + Math.abs(sheet.name().hashCode()) + ".csv");
        try {
            ogr2ogr.sheetToCsv(workbook, sheet.name(), csv, maxSheetBytes);
            return SourceFiles.namesBelowTitle(csv) > 0;
        } catch (IOException | RuntimeException e) {
            // read as when the sheet is chosen
            return false;
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(csv);
            } catch (IOException e) {
                // the work folder goes with the import
            }
        }
    }

    /**
     * The sheets of {@code workbook} as a refusal names them when none has a column of WKT or of
     * longitude and latitude, for the clerk to know which to correct: each by its name and the names
     * on its first row («Участки» (names on row 1: kad_nomer, status)), or as having no rows, a hidden
     * one as hidden. Each sheet is written out for it as a CSV file of at most {@code maxSheetBytes}.
     */
    public List<String> sheetsLookedAt(Path workbook, long maxSheetBytes) throws IOException {
        Set<String> hidden = new HashSet<>();
        for (WorkbookCells.Sheet s : WorkbookCells.sheets(workbook)) {
            if (s.hidden()) {
                hidden.add(s.name());
            }
        }
        List<String> out = new ArrayList<>();
        for (OgrInfo.Layer sheet : ogrInfo.layers(workbook, null)) {
            Path csv =
                    workbook.resolveSibling(".looked-" + Math.abs(sheet.name().hashCode()) + ".csv");
            String seen;
            try {
                ogr2ogr.sheetToCsv(workbook, sheet.name(), csv, maxSheetBytes);
                List<String> names =
                        java.nio.file.Files.exists(csv) ? kz.adalmap.importers.source.CsvHeader.names(csv) : List.of();
                if (names.stream().anyMatch(n -> !n.isBlank())
                        && names.stream().allMatch(n -> n.isBlank() || n.matches("Field\\d+"))) {
                    // GDAL took the first row for no names (a title alone): its names are its own
                    names = kz.adalmap.importers.source.CsvHeader.firstValues(csv);
                }
                names = names.stream()
                        .map(String::strip)
                        .filter(n -> !n.isEmpty())
                        .toList();
                seen = names.isEmpty() ? "no rows" : "names on row 1: " + String.join(", ", names);
            } catch (RuntimeException e) {
                seen = "not read: " + e.getMessage();
            } finally {
                java.nio.file.Files.deleteIfExists(csv);
            }
            out.add("«" + sheet.name() + "» (" + (hidden.contains(sheet.name()) ? "hidden, " : "") + seen + ")");
        }
        return out;
    }

    /** Whether a sheet has the columns GDAL reads a CSV file's geometry from. */
    private static boolean hasGeometryColumns(OgrInfo.Layer sheet) {
        java.util.function.Predicate<List<String>> has =
                names -> sheet.fields().stream().anyMatch(f -> names.stream().anyMatch(f.strip()::equalsIgnoreCase));
        return has.test(Ogr2Ogr.CSV_GEOMETRY_NAMES)
                || has.test(Ogr2Ogr.CSV_LONGITUDE_NAMES) && has.test(Ogr2Ogr.CSV_LATITUDE_NAMES);
    }
}
