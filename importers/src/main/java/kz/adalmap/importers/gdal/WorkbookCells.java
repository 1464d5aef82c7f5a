package kz.adalmap.importers.gdal;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import kz.adalmap.importers.report.Detail;
import kz.adalmap.importers.source.SourceFiles.CellProblem;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * What an Excel (.xlsx) or LibreOffice (.ods) workbook's own XML says of its cells that GDAL's
 * reading of a sheet leaves out, read with the JDK's zip and XML parsers: which sheets are hidden,
 * cells merged over rows (GDAL gives the value to the range's first row only), cells holding a
 * spreadsheet error (GDAL gives the error's word, or a LibreOffice error's 0), formulas whose result
 * the file does not keep (read as empty), percentages (the stored 0.45 of a cell showing 45 %), numbers
 * shown through a format of digits and signs (a cadastral number kept as 5085020001, shown
 * 05-085-020-001) and the 1904 date system of Excel for Mac (GDAL counts every date from 1900, four
 * years and a day early). The sheet GDAL wrote as a CSV file is mended to read as the spreadsheet
 * shows it, and each mend is said.
 */
public final class WorkbookCells {

    private WorkbookCells() {}

    /** A sheet of a workbook, by its name, and whether the workbook hides it. */
    record Sheet(String name, boolean hidden) {}

    /** Days from Excel's day 0 of 1900 to its day 0 of 1904: a 1904 workbook's serial is this many less. */
    private static final long DAYS_1904 = 1462;

    /**
     * The words a spreadsheet shows for a formula that failed, as Excel writes them in English and in
     * Russian, and LibreOffice's «Err:502»; a cell of {@code ####} is one too narrow for its value,
     * which a spreadsheet saving as shown writes so.
     */
    public static final Pattern ERROR = Pattern.compile(
            "#(?:N/A|NULL!|DIV/0!|VALUE!|REF!|NAME\\?|NUM!|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!"
                    + "|BUSY!|UNKNOWN!|Н/Д|ПУСТО!|ДЕЛ/0!|ЗНАЧ!|ССЫЛКА!|ИМЯ\\?|ЧИСЛО!|ПЕРЕНОС!|ВЫЧИСЛ!)"
                    + "|Err:\\d{3}|#{3,}",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /**
     * A cell of only {@code #} signs, as a spreadsheet shows a value its column is too narrow for and a
     * CSV file saved as shown keeps: no value, nor a failed formula.
     */
    static final Pattern NARROW = Pattern.compile("#{3,}");

    /** The most cells a note names one by one; it counts them all. */
    private static final int CELLS_NAMED = 10;

    /**
     * The sheets of {@code workbook} in order, each with whether it is hidden; empty for an Excel
     * 97-2003 .xls (BIFF, no XML) and for a workbook whose parts cannot be read (GDAL says why).
     */
    static List<Sheet> sheets(Path workbook) {
        try {
            return switch (extension(workbook)) {
                case "xlsx" -> xlsxSheets(workbook);
                case "ods" -> odsSheets(workbook);
                default -> List.of();
            };
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Mends the CSV file {@code csv} GDAL wrote of the sheet {@code sheet} of {@code workbook} (one
     * line a row of the sheet, from its first, a cell a column from A) to hold each cell as the
     * spreadsheet shows it, and returns the notes that say what was mended. A cell holding a
     * spreadsheet error's word is read as empty in a sheet of any workbook, an .xls's too; each such
     * cell, and each formula whose result the workbook does not keep, is added to {@code problems} as
     * a problem of its row (its column by its letters, {@code F}, which the sheet's names name once
     * found).
     */
    static List<Detail> mend(Path workbook, String sheet, Path csv, List<CellProblem> problems) throws IOException {
        Cells cells = new Cells();
        try {
            switch (extension(workbook)) {
                case "xlsx" -> readXlsx(workbook, sheet, cells);
                case "ods" -> readOds(workbook, sheet, cells);
                default -> {}
            }
        } catch (IOException | RuntimeException e) {
            // a workbook GDAL read but the JDK cannot: its sheet as GDAL read it
            cells = new Cells();
        }
        long[] merged = {0};
        Map<Integer, String> tops = new HashMap<>();
        Path mended = csv.resolveSibling(csv.getFileName() + ".mended");
        boolean changed = false;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(mended, StandardCharsets.UTF_8)) {
            long row = 0;
            Record record;
            while ((record = Record.read(in)) != null) {
                row++;
                boolean rowChanged = false;
                Map<Integer, UnaryOperator<String>> mends = cells.mends.getOrDefault(row, Map.of());
                for (Map.Entry<Integer, UnaryOperator<String>> m : mends.entrySet()) {
                    String before = record.get(m.getKey());
                    String after = m.getValue().apply(before);
                    if (!after.equals(before)) {
                        record.set(m.getKey(), after);
                        rowChanged = true;
                    }
                }
                for (int col = 0; col < record.size(); col++) {
                    String value = record.get(col).strip();
                    if (!value.isEmpty() && ERROR.matcher(value).matches()) {
                        if (!cells.errors.containsKey(ref(row, col))) {
                            cells.errors.put(ref(row, col), value);
                        }
                        record.set(col, "");
                        rowChanged = true;
                    }
                }
                // the value of each range merged over rows, taken from its first cell
                for (int i = 0; i < cells.merges.size(); i++) {
                    int[] range = cells.merges.get(i);
                    if (range[0] == row) {
                        tops.put(i, record.get(range[1]));
                    }
                    String value = tops.get(i);
                    if (row > range[0] && row <= range[2] || row == range[0] && range[3] > range[1]) {
                        for (int col = range[1]; col <= range[3]; col++) {
                            if ((row != range[0] || col != range[1])
                                    && value != null
                                    && !value.isEmpty()
                                    && record.get(col).isEmpty()) {
                                record.set(col, value);
                                rowChanged = true;
                                merged[0]++;
                            }
                        }
                    }
                }
                out.write(rowChanged ? record.text() : record.raw());
                changed |= rowChanged;
            }
        }
        if (changed) {
            Files.move(mended, csv, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(mended);
        }
        List<Detail> notes = new ArrayList<>();
        if (merged[0] > 0) {
            notes.add(Detail.of(
                    "file_sheet_merged_cells",
                    "cells merged over rows ({ranges}) were read as holding their value on each row of the range,"
                            + " as the spreadsheet shows them",
                    "ranges",
                    cells.merges.stream()
                            .map(WorkbookCells::range)
                            .limit(CELLS_NAMED)
                            .toList()));
        }
        List<String> errors = cells.errors.entrySet().stream()
                .sorted(java.util.Comparator.comparingLong((Map.Entry<String, String> e) -> rowOf(e.getKey()))
                        .thenComparingLong(e -> at(e.getKey())[1]))
                .limit(CELLS_NAMED)
                .map(e -> e.getKey() + " " + e.getValue())
                .toList();
        if (!cells.errors.isEmpty()) {
            notes.add(errorsNote("file_sheet_errors", "", "the workbook and save it", cells.errors.size(), errors));
        }
        cells.errors.forEach((ref, value) -> problems.add(new CellProblem(
                rowOf(ref),
                ref.replaceAll("[0-9]", ""),
                false,
                "cell_spreadsheet_error",
                Detail.of(
                        "cell_sheet_error",
                        "the cell {cell} holds a spreadsheet error, {value}, its formula failed: the row is not read"
                                + " without it; correct it in the workbook and save it again",
                        "cell",
                        ref,
                        "value",
                        value))));
        for (String ref : cells.uncached) {
            problems.add(new CellProblem(
                    rowOf(ref),
                    ref.replaceAll("[0-9]", ""),
                    false,
                    "cell_formula_uncached",
                    Detail.of(
                            "cell_formula_uncached",
                            "the cell {cell} holds a formula whose result the workbook does not keep: the row is not"
                                    + " read without it; open the workbook in Excel or LibreOffice and save it again",
                            "cell",
                            ref)));
        }
        if (!cells.uncached.isEmpty()) {
            notes.add(Detail.of(
                    "file_sheet_formulas_uncached",
                    "cells holding a formula whose result the workbook does not keep, as programs that write"
                            + " workbooks leave them: {count} ({cells}); they were read as empty: open the workbook in"
                            + " Excel or LibreOffice and save it again, which keeps the results",
                    "count",
                    (long) cells.uncached.size(),
                    "cells",
                    cells.uncached.stream().limit(CELLS_NAMED).toList()));
        }
        if (cells.percentages > 0) {
            notes.add(Detail.of(
                    "file_sheet_percentages",
                    "cells formatted as percentages, read as the percentage they show (45 % as 45, not 0.45):"
                            + " {count}",
                    "count",
                    cells.percentages));
        }
        if (cells.formatted > 0) {
            notes.add(Detail.of(
                    "file_sheet_number_format",
                    "numbers read as their cells' number format shows them ({value} as {shown}): {count}",
                    "count",
                    cells.formatted,
                    "value",
                    cells.formattedValue,
                    "shown",
                    cells.formattedShown));
        }
        if (cells.dates1904 > 0) {
            notes.add(Detail.of(
                    "file_sheet_date1904",
                    "the workbook counts its dates from 1904, as Excel for Mac may: its dates ({count}) were read"
                            + " as the spreadsheet shows them",
                    "count",
                    cells.dates1904));
        }
        return notes;
    }

    /** A number written with a percent sign after it, as a spreadsheet saves a cell formatted as a percentage. */
    private static final Pattern PERCENT_SIGNED =
            Pattern.compile("([+-]?[0-9][0-9 \u00a0\u202f]*(?:[.,][0-9]+)?)[ \u00a0\u202f]*%");

    /** A number a spreadsheet writes, its thousands grouped by spaces or not, with decimals after a point or comma. */
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?[0-9][0-9 \u00a0\u202f]*(?:[.,][0-9]+)?");

    /**
     * Mends the CSV file {@code csv} a spreadsheet saved (in UTF-8, its first line the names of its
     * columns, its cells separated by {@code separator}) to hold each cell as the spreadsheet meant
     * it, and returns the notes that say what was mended, naming each cell by the line of the user's
     * file ({@code linesAbove} lines of it were above the names) and its column: a cell holding a
     * spreadsheet error's word (Excel's «#Н/Д», «#ССЫЛКА!», «#N/A», «#REF!», as a workbook's cell
     * holding one) is read as empty; a column of numbers some written with a percent sign («45%»,
     * «100 %», as a cell formatted as a percentage is saved) is read as the percentage shown (45), as
     * a workbook's percentages are. A column of text that holds a percent sign is left as written.
     * Each cell holding an error's word is added to {@code problems} as a problem of its row.
     */
    public static List<Detail> mendCsv(Path csv, char separator, long linesAbove, List<CellProblem> problems)
            throws IOException {
        List<String> names = new ArrayList<>();
        Map<Integer, Long> percentColumns = new java.util.TreeMap<>();
        Set<Integer> textColumns = new HashSet<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            Record record = Record.read(in, separator);
            if (record == null) {
                return List.of();
            }
            for (int col = 0; col < record.size(); col++) {
                names.add(record.get(col).replace("\uFEFF", "").strip());
            }
            while ((record = Record.read(in, separator)) != null) {
                for (int col = 0; col < record.size(); col++) {
                    String value = record.get(col).strip();
                    if (PERCENT_SIGNED.matcher(value).matches()) {
                        percentColumns.merge(col, 1L, Long::sum);
                    } else if (!value.isEmpty()
                            && !PLAIN_NUMBER.matcher(value).matches()
                            && !ERROR.matcher(value).matches()) {
                        textColumns.add(col);
                    }
                }
            }
        }
        percentColumns.keySet().removeAll(textColumns);
        List<Detail> errors = new ArrayList<>();
        long errorCount = 0;
        List<Detail> narrow = new ArrayList<>();
        long narrowCount = 0;
        long percentages = 0;
        Path mended = csv.resolveSibling(csv.getFileName() + ".mended");
        boolean changed = false;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(mended, StandardCharsets.UTF_8)) {
            Record record = Record.read(in, separator);
            long line = 1 + linesAbove + record.lines();
            out.write(record.raw());
            while ((record = Record.read(in, separator)) != null) {
                boolean rowChanged = false;
                for (int col = 0; col < record.size(); col++) {
                    String value = record.get(col).strip();
                    if (value.isEmpty()) {
                        continue;
                    }
                    if (NARROW.matcher(value).matches()) {
                        // the sheet it was saved from showed a value there, too wide for its column
                        String column = columnName(names, col);
                        if (narrow.size() < CELLS_NAMED) {
                            narrow.add(errorCell(line, column, value));
                        }
                        narrowCount++;
                        problems.add(csvCell(
                                line,
                                column,
                                value,
                                "cell_too_narrow",
                                "the value of «{column}» was saved as {value}, as a spreadsheet shows a value its column"
                                        + " is too narrow for: the row is not read without it; widen the column in the"
                                        + " spreadsheet and save the file again"));
                        record.set(col, "");
                        rowChanged = true;
                    } else if (ERROR.matcher(value).matches()) {
                        String column = columnName(names, col);
                        if (errors.size() < CELLS_NAMED) {
                            errors.add(errorCell(line, column, value));
                        }
                        errorCount++;
                        problems.add(csvCell(
                                line,
                                column,
                                value,
                                "cell_spreadsheet_error",
                                "the value of «{column}» is a spreadsheet error, {value}, its formula failed: the row"
                                        + " is not read without it; correct it in the spreadsheet and save the file"
                                        + " again"));
                        record.set(col, "");
                        rowChanged = true;
                    } else if (percentColumns.containsKey(col)) {
                        Matcher m = PERCENT_SIGNED.matcher(value);
                        if (m.matches()) {
                            record.set(col, m.group(1).strip());
                            percentages++;
                            rowChanged = true;
                        }
                    }
                }
                out.write(rowChanged ? record.text() : record.raw());
                changed |= rowChanged;
                line += Math.max(1, record.lines());
            }
        }
        if (changed) {
            Files.move(mended, csv, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(mended);
        }
        List<Detail> notes = new ArrayList<>();
        if (errorCount > 0) {
            notes.add(errorsNote(
                    "file_csv_errors",
                    " in the spreadsheet the file was saved from",
                    "the spreadsheet and save the file",
                    errorCount,
                    errors));
        }
        if (narrowCount > 0) {
            notes.add(Detail.of(
                    "file_csv_narrow_cells",
                    "cells saved as # signs, as a spreadsheet shows a value its column is too narrow for: {count}"
                            + " ({cells}); they were read as empty (a row that needs the value is not imported): widen"
                            + " the columns in the spreadsheet and save the file again",
                    "count",
                    narrowCount,
                    "cells",
                    narrow));
        }
        if (percentages > 0) {
            notes.add(Detail.of(
                    "file_csv_percentages",
                    "numbers written with a percent sign, as a spreadsheet saves a percentage, were read as the"
                            + " percentage they show (45% as 45): {count}, in {columns}",
                    "count",
                    percentages,
                    "columns",
                    percentColumns.keySet().stream()
                            .map(col -> "«" + columnName(names, col) + "»")
                            .toList()));
        }
        return notes;
    }

    /**
     * Says the cells holding a spreadsheet error that were read as empty: {@code count} of them, the
     * first {@code cells}; their formulas failed {@code where}; to be corrected in {@code saved} again.
     */
    private static Detail errorsNote(String key, String where, String saved, long count, List<?> cells) {
        return Detail.of(
                key,
                "cells holding a spreadsheet error, their formulas failed" + where + ": {count} ({cells}); they were"
                        + " read as empty (a row that needs the value is not imported): correct them in " + saved
                        + " again",
                "count",
                count,
                "cells",
                cells);
    }

    /**
     * The problem of a CSV's cell {@code value} in {@code column} on {@code line}, which its row is not
     * read without: {@code code}, worded by {@code template} (with {@code {column}} and {@code {value}}).
     */
    private static CellProblem csvCell(long line, String column, String value, String code, String template) {
        return new CellProblem(
                line,
                column,
                kz.adalmap.importers.source.SourceFiles.isCoordinate(column),
                code,
                Detail.of(code, template, "column", column, "value", value));
    }

    /** A cell of a CSV file a note names: «{column}» on line {line}: {value}. */
    private static Detail errorCell(long line, String column, String value) {
        return Detail.of(
                "file_csv_error_cell",
                "«{column}» on line {line}: {value}",
                "line",
                line,
                "column",
                column,
                "value",
                value);
    }

    /** The name of column {@code col} (from 0) of a CSV file, or its number when the file gives it none. */
    private static String columnName(List<String> names, int col) {
        return col < names.size() && !names.get(col).isEmpty() ? names.get(col) : Integer.toString(col + 1);
    }

    /** What was found in a sheet's XML: the mends of its cells (by row, then column from 0) and what to say. */
    private static final class Cells {
        final Map<Long, Map<Integer, UnaryOperator<String>>> mends = new HashMap<>();
        /** Ranges merged over rows: first row, first column, last row, last column. */
        final List<int[]> merges = new ArrayList<>();
        /** The cells holding an error, by reference (B3), with the error's word. */
        final Map<String, String> errors = new java.util.LinkedHashMap<>();

        final List<String> uncached = new ArrayList<>();
        long percentages;
        long formatted;
        String formattedValue;
        String formattedShown;
        long dates1904;

        void mend(long row, int col, UnaryOperator<String> mend) {
            mends.computeIfAbsent(row, r -> new HashMap<>()).put(col, mend);
        }
    }

    // ---- Excel (.xlsx) ----

    private static List<Sheet> xlsxSheets(Path workbook) throws IOException {
        try (ZipFile zip = new ZipFile(workbook.toFile())) {
            List<Sheet> sheets = new ArrayList<>();
            parse(zip, "xl/workbook.xml", new DefaultHandler() {
                @Override
                public void startElement(String uri, String local, String qName, Attributes a) {
                    if (local(qName).equals("sheet")) {
                        String state = a.getValue("state");
                        sheets.add(new Sheet(a.getValue("name"), state != null && !state.equals("visible")));
                    }
                }
            });
            return sheets;
        }
    }

    private static void readXlsx(Path workbook, String sheetName, Cells cells) throws IOException {
        try (ZipFile zip = new ZipFile(workbook.toFile())) {
            Map<String, String> ids = new HashMap<>();
            boolean[] date1904 = {false};
            parse(zip, "xl/workbook.xml", new DefaultHandler() {
                @Override
                public void startElement(String uri, String local, String qName, Attributes a) {
                    switch (local(qName)) {
                        case "workbookPr" -> {
                            String d = a.getValue("date1904");
                            date1904[0] = "1".equals(d) || "true".equalsIgnoreCase(d);
                        }
                        case "sheet" -> {
                            for (int i = 0; i < a.getLength(); i++) {
                                if (a.getQName(i).endsWith(":id")) {
                                    ids.put(a.getValue("name"), a.getValue(i));
                                }
                            }
                        }
                        default -> {}
                    }
                }
            });
            String id = ids.get(sheetName);
            if (id == null) {
                return;
            }
            Map<String, String> targets = new HashMap<>();
            parse(zip, "xl/_rels/workbook.xml.rels", new DefaultHandler() {
                @Override
                public void startElement(String uri, String local, String qName, Attributes a) {
                    if (local(qName).equals("Relationship")) {
                        targets.put(a.getValue("Id"), a.getValue("Target"));
                    }
                }
            });
            String target = targets.get(id);
            if (target == null) {
                return;
            }
            String part = target.startsWith("/") ? target.substring(1) : "xl/" + target;
            List<Format> formats = xlsxFormats(zip);
            parse(zip, part, new XlsxSheet(cells, formats, date1904[0]));
        }
    }

    /** How a cell style shows a number. */
    private enum Shown {
        AS_IS,
        DATE,
        PERCENT,
        DIGITS
    }

    /** A cell style's number format: how it shows a number, and its code. */
    private record Format(Shown shown, String code) {}

    /** The number formats of the cell styles of {@code xl/styles.xml}, by the styles' order. */
    private static List<Format> xlsxFormats(ZipFile zip) throws IOException {
        Map<Integer, String> codes = new HashMap<>();
        List<Integer> styles = new ArrayList<>();
        if (zip.getEntry("xl/styles.xml") == null) {
            return List.of();
        }
        parse(zip, "xl/styles.xml", new DefaultHandler() {
            boolean inCellXfs;

            @Override
            public void startElement(String uri, String local, String qName, Attributes a) {
                switch (local(qName)) {
                    case "numFmt" -> codes.put(Integer.parseInt(a.getValue("numFmtId")), a.getValue("formatCode"));
                    case "cellXfs" -> inCellXfs = true;
                    case "xf" -> {
                        if (inCellXfs) {
                            String n = a.getValue("numFmtId");
                            styles.add(n == null ? 0 : Integer.parseInt(n));
                        }
                    }
                    default -> {}
                }
            }

            @Override
            public void endElement(String uri, String local, String qName) {
                if (local(qName).equals("cellXfs")) {
                    inCellXfs = false;
                }
            }
        });
        List<Format> formats = new ArrayList<>();
        for (int n : styles) {
            String code = codes.get(n);
            Shown shown;
            if (code == null) {
                shown = n == 9 || n == 10
                        ? Shown.PERCENT
                        : n >= 14 && n <= 22 || n >= 45 && n <= 47 ? Shown.DATE : Shown.AS_IS;
            } else {
                shown = shownBy(code);
            }
            formats.add(new Format(shown, code));
        }
        return formats;
    }

    /** How the custom number format {@code code} shows a positive number. */
    static Shown shownBy(String code) {
        String first = section(code);
        String bare = first.replaceAll("\"[^\"]*\"", "")
                .replaceAll("\\\\.", "")
                .replaceAll("\\[[^\\]]*\\]", "")
                .replaceAll("(?i)general", "");
        if (bare.contains("%")) {
            return Shown.PERCENT;
        }
        if (bare.matches("(?i).*[dmyhs].*")) {
            return Shown.DATE;
        }
        String literal = first.replaceAll("\"[^\"]*\"", "").replaceAll("\\\\.", "");
        if (literal.matches("0{2,}") && !first.equals(literal) || literal.matches("0{4,}")) {
            return Shown.DIGITS;
        }
        return Shown.AS_IS;
    }

    /** The first section of a number format (for positive numbers), up to a {@code ;} outside quotes. */
    private static String section(String code) {
        boolean quoted = false;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\' && !quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                return code.substring(0, i);
            }
        }
        return code;
    }

    /**
     * The whole number {@code digits} as the format {@code code} of digit places and signs shows it:
     * each 0 a digit (a missing one 0), signs as written, digits beyond the places before the first.
     */
    static String showDigits(String digits, String code) {
        String first = section(code);
        int places = 0;
        for (int i = 0; i < first.length(); i++) {
            char c = first.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                i = first.indexOf('"', i + 1);
            } else if (c == '0') {
                places++;
            }
        }
        String padded = "0".repeat(Math.max(0, places - digits.length())) + digits;
        int extra = padded.length() - places;
        StringBuilder shown = new StringBuilder();
        int next = 0;
        for (int i = 0; i < first.length(); i++) {
            char c = first.charAt(i);
            if (c == '\\' && i + 1 < first.length()) {
                shown.append(first.charAt(++i));
            } else if (c == '"') {
                int end = first.indexOf('"', i + 1);
                shown.append(first, i + 1, end);
                i = end;
            } else if (c == '0') {
                if (next == 0) {
                    shown.append(padded, 0, extra);
                    next = extra;
                }
                shown.append(padded.charAt(next++));
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }

    /** A worksheet's cells and merged ranges, as its XML holds them. */
    private static final class XlsxSheet extends DefaultHandler {
        private final Cells cells;
        private final List<Format> formats;
        private final boolean date1904;
        private long row;
        private int col;
        private String ref;
        private String style;
        private String type;
        private boolean formula;
        private StringBuilder value;

        XlsxSheet(Cells cells, List<Format> formats, boolean date1904) {
            this.cells = cells;
            this.formats = formats;
            this.date1904 = date1904;
        }

        @Override
        public void startElement(String uri, String local, String qName, Attributes a) {
            switch (local(qName)) {
                case "row" -> {
                    String r = a.getValue("r");
                    row = r != null ? Long.parseLong(r) : row + 1;
                    col = -1;
                }
                case "c" -> {
                    String r = a.getValue("r");
                    if (r != null) {
                        long[] at = at(r);
                        row = at[0];
                        col = (int) at[1];
                    } else {
                        col++;
                    }
                    ref = ref(row, col);
                    style = a.getValue("s");
                    type = a.getValue("t");
                    formula = false;
                    value = null;
                }
                case "f" -> formula = true;
                case "v" -> value = new StringBuilder();
                case "mergeCell" -> {
                    String[] ends = a.getValue("ref").split(":");
                    if (ends.length == 2) {
                        long[] from = at(ends[0]);
                        long[] to = at(ends[1]);
                        if (to[0] > from[0]) {
                            cells.merges.add(new int[] {(int) from[0], (int) from[1], (int) to[0], (int) to[1]});
                        }
                    }
                }
                default -> {}
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (value != null) {
                value.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String local, String qName) {
            if (!local(qName).equals("c")) {
                return;
            }
            String v = value == null ? "" : value.toString().strip();
            if ("e".equals(type)) {
                cells.errors.put(ref, v);
                cells.mend(row, col, before -> "");
            } else if (formula && v.isEmpty()) {
                cells.uncached.add(ref);
            } else if ((type == null || type.equals("n")) && !v.isEmpty() && style != null) {
                int s = Integer.parseInt(style);
                Format format = s < formats.size() ? formats.get(s) : new Format(Shown.AS_IS, null);
                BigDecimal number;
                try {
                    number = new BigDecimal(v);
                } catch (NumberFormatException e) {
                    return;
                }
                switch (format.shown()) {
                    case PERCENT -> {
                        String shown =
                                number.movePointRight(2).stripTrailingZeros().toPlainString();
                        cells.mend(row, col, before -> shown);
                        cells.percentages++;
                    }
                    case DIGITS -> {
                        if (number.signum() >= 0 && number.stripTrailingZeros().scale() <= 0) {
                            String digits = number.toBigInteger().toString();
                            String shown = showDigits(digits, format.code());
                            cells.mend(row, col, before -> shown);
                            if (cells.formatted++ == 0) {
                                cells.formattedValue = digits;
                                cells.formattedShown = shown;
                            }
                        }
                    }
                    case DATE -> {
                        if (date1904) {
                            cells.mend(row, col, WorkbookCells::from1904);
                            cells.dates1904++;
                        }
                    }
                    default -> {}
                }
            }
            value = null;
        }
    }

    private static final Pattern GDAL_DATE = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})(.*)", Pattern.DOTALL);

    /** A date GDAL wrote counting from 1900 ({@code 2022/03/14}) as the 1904 workbook shows it. */
    private static String from1904(String gdal) {
        Matcher m = GDAL_DATE.matcher(gdal);
        if (!m.matches()) {
            return gdal;
        }
        LocalDate date = LocalDate.of(
                        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))
                .plusDays(DAYS_1904);
        return String.format(
                Locale.ROOT,
                "%04d/%02d/%02d%s",
                date.getYear(),
                date.getMonthValue(),
                date.getDayOfMonth(),
                m.group(4));
    }

    // ---- LibreOffice (.ods) ----

    private static List<Sheet> odsSheets(Path workbook) throws IOException {
        try (ZipFile zip = new ZipFile(workbook.toFile())) {
            List<Sheet> sheets = new ArrayList<>();
            Set<String> hiddenStyles = new HashSet<>();
            parse(zip, "content.xml", new DefaultHandler() {
                String style;

                @Override
                public void startElement(String uri, String local, String qName, Attributes a) {
                    switch (qName) {
                        case "style:style" ->
                            style = "table".equals(a.getValue("style:family")) ? a.getValue("style:name") : null;
                        case "style:table-properties" -> {
                            if (style != null && "false".equals(a.getValue("table:display"))) {
                                hiddenStyles.add(style);
                            }
                        }
                        case "table:table" ->
                            sheets.add(new Sheet(
                                    a.getValue("table:name"), hiddenStyles.contains(a.getValue("table:style-name"))));
                        default -> {}
                    }
                }
            });
            return sheets;
        }
    }

    private static void readOds(Path workbook, String sheetName, Cells cells) throws IOException {
        try (ZipFile zip = new ZipFile(workbook.toFile())) {
            parse(zip, "content.xml", new OdsSheet(cells, sheetName));
        }
    }

    /** The cells and merged ranges of one table of a LibreOffice workbook's {@code content.xml}. */
    private static final class OdsSheet extends DefaultHandler {
        private final Cells cells;
        private final String sheetName;
        private int depth; // tables open, 1 inside the sheet read
        private long row; // the row being read, from 1
        private long rowsRepeated;
        private int col; // the next cell's column, from 0
        private String error; // the text of a cell holding an error, while read
        private int errorCols;

        OdsSheet(Cells cells, String sheetName) {
            this.cells = cells;
            this.sheetName = sheetName;
        }

        @Override
        public void startElement(String uri, String local, String qName, Attributes a) {
            if (qName.equals("table:table")) {
                if (depth > 0 || sheetName.equals(a.getValue("table:name"))) {
                    depth++;
                }
                return;
            }
            if (depth != 1) {
                return;
            }
            switch (qName) {
                case "table:table-row" -> {
                    row++;
                    col = 0;
                    rowsRepeated = number(a.getValue("table:number-rows-repeated"));
                }
                case "table:table-cell", "table:covered-table-cell" -> {
                    long cols = number(a.getValue("table:number-columns-repeated"));
                    long spanned = number(a.getValue("table:number-rows-spanned"));
                    long across = number(a.getValue("table:number-columns-spanned"));
                    if (spanned > 1 && cols == 1) {
                        cells.merges.add(
                                new int[] {(int) row, col, (int) (row + spanned - 1), (int) (col + across - 1)});
                    }
                    String calc = a.getValue("calcext:value-type");
                    String type = a.getValue("office:value-type");
                    if ("error".equals(calc) && cols <= 1000) {
                        error = "";
                        errorCols = (int) cols;
                    } else if ("percentage".equals(type) && a.getValue("office:value") != null && cols <= 1000) {
                        try {
                            String shown = new BigDecimal(a.getValue("office:value"))
                                    .movePointRight(2)
                                    .stripTrailingZeros()
                                    .toPlainString();
                            for (int i = 0; i < cols; i++) {
                                cells.mend(row, col + i, before -> shown);
                                cells.percentages++;
                            }
                        } catch (NumberFormatException e) {
                            // GDAL's reading stands
                        }
                    } else if (a.getValue("table:formula") != null
                            && type == null
                            && a.getValue("office:string-value") == null) {
                        cells.uncached.add(ref(row, col));
                    }
                    if (error == null) {
                        col += (int) Math.min(cols, 100_000);
                    }
                }
                default -> {}
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (error != null) {
                error += new String(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String local, String qName) {
            if (qName.equals("table:table")) {
                if (depth > 0) {
                    depth--;
                }
                return;
            }
            if (depth != 1) {
                return;
            }
            if (qName.equals("table:table-cell") && error != null) {
                String word = error.strip();
                for (int i = 0; i < errorCols; i++) {
                    cells.errors.put(ref(row, col + i), word);
                    cells.mend(row, col + i, before -> "");
                }
                col += errorCols;
                error = null;
            } else if (qName.equals("table:table-row")) {
                row += rowsRepeated - 1;
            }
        }

        private static long number(String value) {
            if (value == null) {
                return 1;
            }
            try {
                return Math.max(1, Long.parseLong(value));
            } catch (NumberFormatException e) {
                return 1;
            }
        }
    }

    // ---- shared ----

    private static void parse(ZipFile zip, String part, DefaultHandler handler) throws IOException {
        ZipEntry entry = zip.getEntry(part);
        if (entry == null) {
            throw new IOException("no part " + part);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            javax.xml.parsers.SAXParserFactory factory = javax.xml.parsers.SAXParserFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.newSAXParser().parse(in, handler);
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException(e);
        }
    }

    private static String local(String qName) {
        return qName.substring(qName.indexOf(':') + 1);
    }

    private static String extension(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** A cell's reference as a spreadsheet names it: column letters and row (B3). */
    static String ref(long row, int col) {
        StringBuilder letters = new StringBuilder();
        for (int c = col + 1; c > 0; c = (c - 1) / 26) {
            letters.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return letters + Long.toString(row);
    }

    private static long rowOf(String ref) {
        return at(ref)[0];
    }

    /** The row (from 1) and column (from 0) of a reference such as {@code C12}. */
    private static long[] at(String ref) {
        int i = 0;
        long col = 0;
        while (i < ref.length() && Character.isLetter(ref.charAt(i))) {
            col = col * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
            i++;
        }
        return new long[] {Long.parseLong(ref.substring(i)), col - 1};
    }

    private static String range(int[] r) {
        return ref(r[0], r[1]) + ":" + ref(r[2], r[3]);
    }

    /** A record of the CSV file GDAL writes: fields separated by commas, quoted when they need it. */
    private static final class Record {
        private final String raw;
        private final List<String> fields;
        private final List<Boolean> quoted;

        private final char separator;

        private Record(String raw, List<String> fields, List<Boolean> quoted, char separator) {
            this.raw = raw;
            this.fields = fields;
            this.quoted = quoted;
            this.separator = separator;
        }

        /** The line breaks the record spans, in its cells' quotes and at its end (CR LF, LF or CR each one). */
        long lines() {
            return raw.replace("\r\n", "\n")
                    .chars()
                    .filter(c -> c == '\n' || c == '\r')
                    .count();
        }

        static Record read(BufferedReader in) throws IOException {
            return read(in, ',');
        }

        /** The next record of a CSV file whose cells {@code separator} separates, or null at its end. */
        static Record read(BufferedReader in, char separator) throws IOException {
            StringBuilder raw = new StringBuilder();
            List<String> fields = new ArrayList<>();
            List<Boolean> quoted = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean inQuotes = false;
            boolean wasQuoted = false;
            int c = in.read();
            if (c < 0) {
                return null;
            }
            for (; c >= 0; c = in.read()) {
                raw.append((char) c);
                if (inQuotes) {
                    if (c == '"') {
                        in.mark(1);
                        int next = in.read();
                        if (next == '"') {
                            raw.append('"');
                            field.append('"');
                        } else {
                            inQuotes = false;
                            in.reset();
                        }
                    } else {
                        field.append((char) c);
                    }
                } else if (c == '"') {
                    inQuotes = true;
                    wasQuoted = true;
                } else if (c == separator) {
                    fields.add(field.toString());
                    quoted.add(wasQuoted);
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n') {
                    break;
                } else if (c == '\r') {
                    // CR LF, or a CR alone, as Excel for Mac's «CSV (Macintosh)» ends its lines
                    in.mark(1);
                    int next = in.read();
                    if (next == '\n') {
                        raw.append('\n');
                    } else if (next >= 0) {
                        in.reset();
                    }
                    break;
                } else {
                    field.append((char) c);
                }
            }
            fields.add(field.toString());
            quoted.add(wasQuoted);
            return new Record(raw.toString(), fields, quoted, separator);
        }

        int size() {
            return fields.size();
        }

        String get(int col) {
            return col < fields.size() ? fields.get(col) : "";
        }

        void set(int col, String value) {
            while (fields.size() <= col) {
                fields.add("");
                quoted.add(false);
            }
            fields.set(col, value);
        }

        String raw() {
            return raw;
        }

        String text() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < fields.size(); i++) {
                String f = fields.get(i);
                if (i > 0) {
                    text.append(separator);
                }
                if (quoted.get(i)
                        || f.indexOf(separator) >= 0
                        || f.contains("\"")
                        || f.contains("\n")
                        || f.contains("\r")) {
                    text.append('"').append(f.replace("\"", "\"\"")).append('"');
                } else {
                    text.append(f);
                }
            }
            return text.append(
                            raw.endsWith("\r\n") ? "\r\n" : raw.endsWith("\n") ? "\n" : raw.endsWith("\r") ? "\r" : "")
                    .toString();
        }
    }
}
