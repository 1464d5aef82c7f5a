package kz.adalmap.importers.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import kz.adalmap.importers.validate.AreaUnits;

/**
 * The first line of a CSV file, whose quoted column names may hold line breaks: Excel writes a
 * header cell wrapped with Alt+Enter («Площадь,↵га») so. GDAL's CSV reader takes the header from
 * the first physical line only, and such a file loses the rest of its columns, its geometry
 * column with them; the rows themselves may hold line breaks in quotes, which GDAL reads.
 */
public final class CsvHeader {

    /** A header longer than this is not looked into (no CSV of a land office has one). */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private CsvHeader() {}

    /**
     * Rewrites {@code csv} (UTF-8, or a code page whose line breaks and quotes are ASCII) with the
     * line breaks inside the quoted names of its first line made spaces; written beside and moved
     * over, since the private name may be a hard link to the user's own file. Returns how many
     * there were (the lines the names took in the user's file beyond the first), 0 when none; the
     * rows are copied as they are.
     */
    static int flattenLineBreaks(Path csv) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        boolean quoted = false;
        int broken = 0;
        boolean afterCarriageReturn = false;
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(csv), 1 << 16)) {
            int b;
            while ((b = in.read()) >= 0 && header.size() < MAX_HEADER_BYTES) {
                if (quoted && (b == '\r' || b == '\n')) {
                    // CR LF inside a name becomes one space, as a lone CR or LF does
                    if (!(b == '\n' && afterCarriageReturn)) {
                        header.write(' ');
                        broken++;
                    }
                    afterCarriageReturn = b == '\r';
                    continue;
                }
                afterCarriageReturn = false;
                header.write(b);
                if (b == '"') {
                    quoted = !quoted;
                } else if (b == '\n') {
                    break;
                }
            }
            if (broken == 0 || quoted || header.size() >= MAX_HEADER_BYTES) {
                return 0;
            }
            Path flat = csv.resolveSibling(csv.getFileName() + ".header");
            try (OutputStream out = Files.newOutputStream(flat)) {
                header.writeTo(out);
                in.transferTo(out);
            }
            Files.move(flat, csv, StandardCopyOption.REPLACE_EXISTING);
            return broken;
        }
    }

    /**
     * Gives a CSV file of one column (a list of WKT geometries and nothing else) an empty second one:
     * GDAL's CSV reader takes a file whose first line has no separator for no CSV at all. Written
     * beside and moved over, as above; returns whether the file had one column.
     */
    static boolean secondColumn(Path csv) throws IOException {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(csv), 1 << 16)) {
            boolean quoted = false;
            int b;
            int read = 0;
            while ((b = in.read()) >= 0 && read++ < MAX_HEADER_BYTES) {
                if (b == '"') {
                    quoted = !quoted;
                } else if (!quoted && (b == ',' || b == ';' || b == '\t' || b == '|')) {
                    return false;
                } else if (!quoted && (b == '\n' || b == '\r')) {
                    break;
                }
            }
            if (b < 0 || read >= MAX_HEADER_BYTES) {
                return false;
            }
        }
        Path wider = csv.resolveSibling(csv.getFileName() + ".columns");
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(csv), 1 << 16);
                OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(wider), 1 << 16)) {
            boolean quoted = false;
            boolean empty = true;
            int b;
            while ((b = in.read()) >= 0) {
                if (!quoted && (b == '\n' || b == '\r')) {
                    if (!empty) {
                        out.write(',');
                    }
                    empty = true;
                } else {
                    if (b == '"') {
                        quoted = !quoted;
                    }
                    empty = false;
                }
                out.write(b);
            }
            if (!empty) {
                out.write(',');
            }
        }
        Files.move(wider, csv, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    private static final java.util.regex.Pattern SRID = java.util.regex.Pattern.compile("(?i)SRID=(\\d{1,6});");

    /**
     * Takes the {@code SRID=32644;} off the geometries of a CSV file written by PostGIS tools as
     * EWKT, which GDAL's WKT reader refuses (the file then seemed to have no geometry column), and
     * returns the SRIDs it found; empty, and the file untouched, when its first megabyte has none.
     * Written beside and moved over, as above.
     */
    static java.util.Set<String> extendedWkt(Path csv) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(csv)) {
            head = in.readNBytes(MAX_HEADER_BYTES);
        }
        if (!SRID.matcher(new String(head, java.nio.charset.StandardCharsets.ISO_8859_1))
                .find()) {
            return java.util.Set.of();
        }
        java.util.Set<String> srids = new java.util.TreeSet<>();
        Path plain = csv.resolveSibling(csv.getFileName() + ".wkt");
        try (java.io.BufferedReader in = Files.newBufferedReader(csv, java.nio.charset.StandardCharsets.UTF_8);
                java.io.BufferedWriter out = Files.newBufferedWriter(plain, java.nio.charset.StandardCharsets.UTF_8)) {
            char[] buffer = new char[1 << 16];
            StringBuilder pending = new StringBuilder();
            int n;
            while ((n = in.read(buffer)) > 0) {
                pending.append(buffer, 0, n);
                // keep the tail that may hold the start of an SRID= cut by the buffer
                int keep = Math.max(0, pending.length() - 16);
                String text = pending.substring(0, keep);
                int cut = text.lastIndexOf('\n') + 1;
                out.write(strip(pending.substring(0, cut), srids));
                pending.delete(0, cut);
            }
            out.write(strip(pending.toString(), srids));
        }
        Files.move(plain, csv, StandardCopyOption.REPLACE_EXISTING);
        return srids;
    }

    private static String strip(String text, java.util.Set<String> srids) {
        java.util.regex.Matcher m = SRID.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            srids.add(m.group(1));
            m.appendReplacement(out, "");
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A hemisphere's mark before or after an angle: a letter (N S E W, С Ю В З), Russian «с.ш.»,
     * «ю.ш.», «в.д.», «з.д.», Kazakh «с.е.», «о.е.», «ш.б.», «б.б.», and «ш.», which is Kazakh
     * «шығыс» (east) or Russian «широта» and so says only that the angle is not negative.
     */
    private static final String MARK =
            "(?:[сю]\\.?\\s*ш\\.?|[вз]\\.?\\s*д\\.?|[со]\\.?\\s*е\\.?|[шб]\\.?\\s*б\\.?|ш\\.|[NSEWСЮВЗ])";

    /** An angle written as {@code body} (degrees, minutes, seconds: groups 2 to 4), a {@link #MARK} before (1) or after (5). */
    private static java.util.regex.Pattern angle(String body) {
        return java.util.regex.Pattern.compile("(?iu)^\\s*(" + MARK + ")?\\s*(?:" + body + ")\\s*(" + MARK + ")?\\s*$");
    }

    /**
     * An angle in degrees, minutes and seconds as surveyors and spreadsheets write it: «82°36'10"E»,
     * «49° 57,2'», «N 49°57'00"», «82°36′10″ в.д.», «с.е. 49°57'»; the hemisphere before or after, S
     * and W (Ю, З, о.е., б.б.) south and west.
     */
    private static final java.util.regex.Pattern DMS =
            angle("(\\d{1,3})\\s*[°º˚]\\s*(?:(\\d{1,2}(?:[.,]\\d+)?)\\s*['′’`]\\s*)?"
                    + "(?:(\\d{1,2}(?:[.,]\\d+)?)\\s*(?:[\"″”]|''|′′)\\s*)?");

    /**
     * The same angle with spaces for its signs, as surveyors type it into a spreadsheet: «49 57 44.0»,
     * «82 37 20,5 E», «49 57,2»; degrees, then minutes of two digits at most (so that a number grouped
     * by spaces, «5 535 123», is none), then seconds.
     */
    private static final java.util.regex.Pattern SPACED_DMS =
            angle("(\\d{1,3})\\s+(\\d{1,2}(?:[.,]\\d+)?)(?:\\s+(\\d{1,2}(?:[.,]\\d+)?))?");

    /**
     * The same angle with colons or dots between its three parts, as a spreadsheet's time format or
     * a typist writes it: «82:36:18», «82.36.18» (two dots: no decimal number). Only all three parts
     * make it one: «82:36» may be hours and minutes, «82.36» is a number.
     */
    private static final java.util.regex.Pattern SEPARATED_DMS =
            angle("(\\d{1,3}):(\\d{1,2}):(\\d{1,2}(?:[.,]\\d+)?)|(\\d{1,3})\\.(\\d{1,2})\\.(\\d{1,2}(?:[.,]\\d+)?)");

    /**
     * The cell {@code cell} (its quotes taken off) as an angle of a column of latitudes ({@code
     * latitude} true), longitudes (false) or either (null): its decimal degrees, or why it is none as
     * {@link #unreadable} says; null when it is written in no form of an angle.
     */
    private static Angle angle(String cell, Boolean latitude) {
        String[] parts = null;
        for (java.util.regex.Pattern form : java.util.List.of(DMS, SPACED_DMS, SEPARATED_DMS)) {
            java.util.regex.Matcher m = form.matcher(cell);
            if (m.matches()) {
                // the dotted form's groups follow the colons'
                int at = m.groupCount() > 5 && m.group(2) == null ? 3 : 0;
                parts = new String[] {
                    m.group(1), m.group(2 + at), m.group(3 + at), m.group(4 + at), m.group(m.groupCount())
                };
                break;
            }
        }
        if (parts == null || parts[0] != null && parts[4] != null) {
            return null;
        }
        String mark = parts[0] != null ? parts[0] : parts[4];
        String sign =
                mark == null ? "" : mark.toLowerCase(java.util.Locale.ROOT).replaceAll("[.\\s]", "");
        // the axis the mark names: true a latitude, false a longitude, null either
        Boolean marked = sign.isEmpty() || sign.equals("ш") ? null : sign.matches("[nsсю]|сш|юш|се|ое");
        if (marked != null && latitude != null && !marked.equals(latitude)) {
            return new Angle(0, new String[] {marked ? "latitude_mark" : "longitude_mark", mark.strip()});
        }
        int most = Boolean.TRUE.equals(latitude) || Boolean.TRUE.equals(marked) ? 90 : 180;
        if (Integer.parseInt(parts[1]) > most) {
            return new Angle(0, new String[] {"degrees", parts[1], Integer.toString(most)});
        }
        // minutes or seconds of 60 or more are a typo in whichever form: no angle, not one kilometres off
        if (parts[2] != null && Double.parseDouble(parts[2].replace(',', '.')) >= 60) {
            return new Angle(0, new String[] {"minutes", parts[2]});
        }
        if (parts[3] != null && Double.parseDouble(parts[3].replace(',', '.')) >= 60) {
            return new Angle(0, new String[] {"seconds", parts[3]});
        }
        double value = Double.parseDouble(parts[1])
                + (parts[2] == null ? 0 : Double.parseDouble(parts[2].replace(',', '.')) / 60)
                + (parts[3] == null ? 0 : Double.parseDouble(parts[3].replace(',', '.')) / 3600);
        return new Angle(sign.matches("[swюз]|юш|зд|ое|бб") ? -value : value, null);
    }

    /** An angle read ({@code why} null), or why a cell written as one is none ({@link #unreadable}). */
    private record Angle(double degrees, String[] why) {}

    /**
     * Rewrites, in a CSV file (UTF-8) of longitude and latitude columns named as {@code
     * longitudes} and {@code latitudes} say, the cells written in degrees, minutes and seconds
     * ({@link #DMS}) as decimal degrees, which GDAL reads: a row so written had no geometry. Every
     * other byte stays as it was. Returns how many cells were rewritten; the file is left as it is
     * when none.
     */
    static DmsRead degreesFromDms(
            Path csv, java.util.Collection<String> longitudes, java.util.Collection<String> latitudes)
            throws IOException {
        java.util.List<String> names = names(csv);
        java.util.Set<Integer> columns = new java.util.HashSet<>();
        java.util.Set<Integer> latitudeColumns = new java.util.HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).toLowerCase(java.util.Locale.ROOT);
            if (longitudes.stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
                columns.add(i);
            } else if (latitudes.stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
                columns.add(i);
                latitudeColumns.add(i);
            }
        }
        java.util.List<Unread> unread = new java.util.ArrayList<>();
        if (columns.isEmpty()) {
            return new DmsRead(0, unread);
        }
        char separator = separatorOf(csv);
        Path rewritten = csv.resolveSibling(csv.getFileName() + ".degrees");
        long converted = 0;
        long quotedMarks = 0;
        try (java.io.Reader in = Files.newBufferedReader(csv, java.nio.charset.StandardCharsets.UTF_8);
                java.io.Writer out = Files.newBufferedWriter(rewritten, java.nio.charset.StandardCharsets.UTF_8)) {
            StringBuilder field = new StringBuilder();
            int row = 0;
            int column = 0;
            // the line of the file (from 1) the cell begins on, and the line read now
            long line = 1;
            long cellLine = 1;
            boolean quoted = false;
            int c = in.read();
            while (true) {
                int next = c < 0 ? -1 : in.read();
                if (field.isEmpty()) {
                    cellLine = line;
                }
                if (c == '\n') {
                    line++;
                }
                if (c == '"' && (quoted || field.isEmpty())) {
                    // a quote opens a cell only at its start (a bare one inside, 10"E, is text); inside, a
                    // doubled one is text too
                    if (quoted && next == '"') {
                        field.append("\"\"");
                        next = in.read();
                    } else {
                        quoted = !quoted;
                        field.append('"');
                    }
                } else if (c >= 0 && (quoted || (c != separator && c != '\n'))) {
                    field.append((char) c);
                } else {
                    boolean latitude = latitudeColumns.contains(column);
                    String degrees = row > 0 && columns.contains(column) ? degrees(field.toString(), latitude) : null;
                    String kept = field.toString();
                    if (degrees != null) {
                        converted++;
                    } else if (row > 0 && columns.contains(column)) {
                        String[] why = unreadable(kept, latitude);
                        if (why != null) {
                            unread.add(new Unread(cellLine, row, names.get(column), unquoted(kept), why));
                        }
                        if (kept.indexOf('"') > 0 && !kept.startsWith("\"")) {
                            // a seconds' sign left as written («82°36'68"»), which GDAL would take for a quote
                            // opening a value to the end of the line: quoted, it is the cell's text
                            String end = kept.endsWith("\r") ? "\r" : "";
                            kept = "\""
                                    + kept.substring(0, kept.length() - end.length())
                                            .replace("\"", "\"\"") + "\"" + end;
                            quotedMarks++;
                        }
                    }
                    out.write(degrees != null ? degrees : kept);
                    if (c < 0) {
                        break;
                    }
                    out.write(c);
                    field.setLength(0);
                    column = c == '\n' ? 0 : column + 1;
                    row += c == '\n' ? 1 : 0;
                }
                c = next;
            }
        }
        if (converted + quotedMarks > 0) {
            Files.move(rewritten, csv, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(rewritten);
        }
        return new DmsRead(converted, unread);
    }

    /**
     * How a CSV file's longitude and latitude columns (named as {@code longitudes} and {@code
     * latitudes} say) are rounded when every one of their numbers is, as a spreadsheet saving a cell
     * as it shows it writes them («82,61» of a column formatted with 2 decimals): in degrees, to
     * {@code digits} decimals, 2 or fewer; in metres (a projected file's), to {@code digits} zeros
     * before the point, 2 or more. Null when they are not, or when a cell is no plain number (an angle
     * in degrees and minutes says nothing of it).
     */
    static Rounded roundedCoordinates(
            Path csv, java.util.Collection<String> longitudes, java.util.Collection<String> latitudes)
            throws IOException {
        java.util.List<String> names = names(csv);
        int lon = -1;
        int lat = -1;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (lon < 0 && longitudes.stream().anyMatch(name::equalsIgnoreCase)) {
                lon = i;
            } else if (lat < 0 && latitudes.stream().anyMatch(name::equalsIgnoreCase)) {
                lat = i;
            }
        }
        if (lon < 0 || lat < 0) {
            return null;
        }
        int[] columns = {lon, lat};
        // the most decimals of a number in degrees, the fewest zeros ending a whole number of metres
        int decimals = 0;
        int zeros = Integer.MAX_VALUE;
        long degrees = 0;
        long metres = 0;
        try (java.io.Reader in =
                new java.io.BufferedReader(Files.newBufferedReader(csv, java.nio.charset.StandardCharsets.UTF_8))) {
            java.util.List<String> record = record(in, separatorOf(csv));
            while ((record = record(in, separatorOf(csv))) != null) {
                String[] cells = new String[2];
                for (int i = 0; i < 2; i++) {
                    cells[i] = columns[i] < record.size()
                            ? record.get(columns[i]).strip().replaceAll("[\\s\u00a0\u202f]", "")
                            : "";
                }
                if (cells[0].isEmpty() || cells[1].isEmpty()) {
                    continue;
                }
                double[] values = new double[2];
                int[] places = new int[2];
                for (int i = 0; i < 2; i++) {
                    if (!cells[i].matches("[-+]?\\d+([.,]\\d*)?")) {
                        return null;
                    }
                    values[i] = Double.parseDouble(cells[i].replace(',', '.'));
                    int point = Math.max(cells[i].indexOf('.'), cells[i].indexOf(','));
                    places[i] = point < 0 ? 0 : cells[i].length() - point - 1;
                }
                if (Math.abs(values[0]) <= 180 && Math.abs(values[1]) <= 90) {
                    degrees++;
                    decimals = Math.max(decimals, Math.max(places[0], places[1]));
                } else {
                    metres++;
                    for (int i = 0; i < 2; i++) {
                        String whole = cells[i].replaceFirst("^[-+]", "").replaceFirst("[.,]0*$", "");
                        if (!whole.matches("\\d+")) {
                            return null;
                        }
                        zeros = Math.min(
                                zeros,
                                whole.length() - whole.replaceFirst("0+$", "").length());
                    }
                }
            }
        }
        if (degrees > 0 && metres == 0 && decimals <= 2) {
            return new Rounded(false, decimals, degrees);
        }
        if (metres > 0 && degrees == 0 && zeros >= 2) {
            return new Rounded(true, zeros, metres);
        }
        return null;
    }

    /**
     * A CSV file's coordinates all rounded ({@link #roundedCoordinates}): in metres or degrees, to how
     * many digits, in how many rows.
     */
    record Rounded(boolean metres, int digits, long rows) {
        /** How far a point so rounded may lie from where it was measured, in metres (north–south, for degrees). */
        long metresOff() {
            double half = metres ? Math.pow(10, digits) / 2 : Math.pow(10, -digits) / 2 * 111_320;
            // two significant digits: «about 560 m»
            double scale = Math.pow(10, Math.max(0, (int) Math.floor(Math.log10(half)) - 1));
            return Math.round(Math.round(half / scale) * scale);
        }
    }

    /**
     * The next record of a CSV file (its cells, quotes taken off) whose cells {@code separator}
     * separates, or null at the end: a line ends at LF, CR LF or a CR alone, except in quotes.
     */
    private static java.util.List<String> record(java.io.Reader in, char separator) throws IOException {
        java.util.List<String> cells = new java.util.ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int c = in.read();
        if (c < 0) {
            return null;
        }
        for (; c >= 0; c = in.read()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == separator) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (c == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                }
                break;
            } else {
                cell.append((char) c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** What {@link #degreesFromDms} did: the cells it rewrote, and those of a coordinate it could not read. */
    record DmsRead(long converted, java.util.List<Unread> unread) {}

    /**
     * A longitude or latitude cell that is neither a number nor an angle: its line in the file (from
     * 1), its row (from 1, the names' line 0), its column's name, its text, and why ({@link #unreadable}).
     */
    record Unread(long line, long row, String column, String value, String[] why) {}

    /** A number of degrees as a CSV writes one: «82.615», «82,615», «-0.5», «8.26E+01», «5 535 123,45». */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile(
            "[-+]?(\\d+|\\d{1,3}([\\s\\u00a0\\u202f]\\d{3})+)([.,]\\d*)?([eE][-+]?\\d+)?");

    /** The text of the cell {@code raw}, its quotes taken off. */
    private static String unquoted(String raw) {
        String cell = raw.strip();
        if (cell.length() > 1 && cell.startsWith("\"") && cell.endsWith("\"")) {
            cell = cell.substring(1, cell.length() - 1).replace("\"\"", "\"");
        }
        return cell.replace("\r", "").replace('\u00a0', ' ').strip();
    }

    /**
     * Why the coordinate cell {@code raw} cannot be read, as a report key and the values it names:
     * an angle whose minutes or seconds are 60 or more ({@code minutes}, {@code seconds}) or whose
     * degrees are more than 180 (90 for a {@code latitude}: {@code degrees}), one whose hemisphere's
     * mark names the other axis («с.ш.» in a column of longitudes: {@code latitude_mark}, {@code
     * longitude_mark}), or a text that is no number nor angle ({@code unread}); null for an empty cell,
     * a number, a spreadsheet's error word, or an angle read.
     */
    static String[] unreadable(String raw, boolean latitude) {
        String cell = unquoted(raw);
        if (cell.isEmpty()
                || NUMBER.matcher(cell).matches()
                || kz.adalmap.importers.gdal.WorkbookCells.ERROR.matcher(cell).matches()) {
            // a spreadsheet's error word is said as one, with the other cells of its kind
            return null;
        }
        Angle read = angle(cell, latitude);
        return read == null ? new String[] {"unread"} : read.why();
    }

    /** The separator GDAL will find in the first line of a CSV file (UTF-8, a BOM left out). */
    static char separatorOf(Path csv) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(csv)) {
            head = in.readNBytes(MAX_HEADER_BYTES);
        }
        String start = new String(head, java.nio.charset.StandardCharsets.UTF_8);
        return separator(firstLine(start.startsWith("\uFEFF") ? start.substring(1) : start));
    }

    /** The cell {@code raw} (quotes and all) in decimal degrees when it is written as {@link #DMS}, else null. */
    static String degrees(String raw) {
        return degrees(raw, null);
    }

    /**
     * The cell {@code raw} (quotes and all) of a column of latitudes ({@code latitude} true),
     * longitudes (false) or either (null) in decimal degrees when it is an angle ({@link #DMS}, {@link
     * #SPACED_DMS}, {@link #SEPARATED_DMS}) of that axis, else null.
     */
    static String degrees(String raw, Boolean latitude) {
        String cell = raw.strip();
        if (cell.length() > 1 && cell.startsWith("\"") && cell.endsWith("\"")) {
            cell = cell.substring(1, cell.length() - 1).replace("\"\"", "\"");
        }
        Angle read = angle(cell.replace("\r", ""), latitude);
        if (read == null || read.why() != null) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "%.7f", read.degrees()) + (raw.endsWith("\r") ? "\r" : "");
    }

    /**
     * The column of a CSV file (UTF-8, its names on its first line) that groups its rows as a clerk's
     * table of plots' corners does, one corner a row: each of its values stands over three rows or more,
     * repeated or merged down (the rows below left empty), and over one group of rows only (a plot's
     * number, not a status all plots share), in two groups or more (a column of one value throughout
     * may as well be the same area of every plot); of several such, the one of the most groups, the
     * first of those. Null when none does. {@code skipped} are the columns not looked at (the coordinates).
     */
    public static String groupingColumn(Path csv, java.util.Collection<String> skipped) throws IOException {
        char separator = separatorOf(csv);
        java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
        try (java.io.BufferedReader in = Files.newBufferedReader(csv, java.nio.charset.StandardCharsets.UTF_8)) {
            java.util.List<String> row = new java.util.ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int c = in.read(); ; c = in.read()) {
                if (c == '"') {
                    quoted = !quoted;
                } else if (c < 0 || !quoted && (c == separator || c == '\n')) {
                    row.add(cell.toString().strip());
                    cell.setLength(0);
                    if (c != separator) {
                        if (row.size() > 1 || !row.get(0).isEmpty()) {
                            rows.add(row);
                        }
                        row = new java.util.ArrayList<>();
                    }
                    if (c < 0) {
                        break;
                    }
                } else {
                    cell.append((char) c);
                }
            }
        }
        if (rows.size() < 4) {
            return null;
        }
        java.util.List<String> names = rows.get(0);
        String found = null;
        int most = 0;
        for (int column = 0; column < names.size(); column++) {
            if (skipped.contains(names.get(column))) {
                continue;
            }
            int groups = 0;
            int length = 0;
            boolean grouped = true;
            String value = null;
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int r = 1; r < rows.size() && grouped; r++) {
                String v = column < rows.get(r).size() ? rows.get(r).get(column) : "";
                if (value != null && (v.isEmpty() || v.equals(value))) {
                    length++;
                    continue;
                }
                if (v.isEmpty()) {
                    grouped = false;
                    continue;
                }
                grouped = (groups == 0 || length >= 3) && seen.add(v);
                groups++;
                length = 1;
                value = v;
            }
            grouped &= length >= 3 && groups >= 2;
            if (grouped && groups > most) {
                most = groups;
                found = names.get(column);
            }
        }
        return found;
    }

    /** The most characters an Excel cell holds: a longer text typed or pasted into one is cut there. */
    static final int EXCEL_CELL = 32_767;

    /**
     * The records of a CSV file (UTF-8) below its first with a cell of exactly {@link #EXCEL_CELL}
     * characters: a text, most often a large plot's WKT, that a spreadsheet cut. Returns how many, the
     * first's record counted from the file's first (1, the column names: of a sheet written one record
     * a row, the sheet's row) and the line a text editor shows it begin on ({0, 0, 0} for none).
     */
    static long[] cellsCut(Path csv) throws IOException {
        char separator = separatorOf(csv);
        long rows = 0;
        long first = 0;
        long firstLine = 0;
        long row = 0; // 0: the header
        long line = 1; // the physical line being read, from 1
        long rowLine = 1; // the line the record being read began on
        long cell = 0;
        boolean quoted = false;
        boolean cut = false;
        // a byte that is no UTF-8 (beyond the sample the code page was told by) counts as one character
        java.nio.charset.CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
        try (java.io.Reader in =
                new java.io.BufferedReader(new java.io.InputStreamReader(Files.newInputStream(csv), utf8), 1 << 16)) {
            int c = in.read();
            while (c >= 0) {
                int next = in.read();
                if (c == '\n') {
                    line++;
                }
                if (c == '"') {
                    if (quoted && next == '"') {
                        // a quote inside a quoted cell, written twice: one character
                        cell++;
                        next = in.read();
                    } else {
                        quoted = !quoted;
                    }
                } else if (!quoted && (c == separator || c == '\n' || next < 0)) {
                    if (c != separator && c != '\n' && c != '\r') {
                        cell++;
                    }
                    cut |= row > 0 && cell == EXCEL_CELL;
                    cell = 0;
                    if (c == '\n' || next < 0) {
                        if (cut) {
                            rows++;
                            firstLine = first == 0 ? rowLine : firstLine;
                            first = first == 0 ? row + 1 : first;
                        }
                        cut = false;
                        row++;
                        rowLine = line;
                    }
                } else if (c != '\r' || quoted) {
                    cell++;
                }
                c = next;
            }
        }
        return new long[] {rows, first, firstLine};
    }

    /**
     * The rows of a CSV file that hold other than one value a column: those with a value past the
     * last column (trailing empty ones aside), which GDAL leaves out and which most often means an
     * unquoted separator moved the values after it; and those with fewer, whose last columns GDAL
     * reads as empty. Lines as a text editor shows them, from the file's first (its names' line is 1).
     */
    record RowWidths(
            int columns,
            char separator,
            java.util.List<long[]> longer,
            long longerCount,
            java.util.List<Long> shorter,
            long shorterCount) {}

    /** The most lines {@link RowWidths} names of each kind. */
    static final int LINES_NAMED = 10;

    /** The {@link RowWidths} of {@code csv} (UTF-8, its column names on its first line). */
    static RowWidths rowWidths(Path csv) throws IOException {
        java.util.List<String> names = names(csv);
        int columns = names.size();
        // a separator after the last name (a spreadsheet's empty column) names no column a row must fill
        int named = columns;
        while (named > 1 && names.get(named - 1).isEmpty()) {
            named--;
        }
        char separator = separatorOf(csv);
        java.util.List<long[]> longer = new java.util.ArrayList<>();
        java.util.List<Long> shorter = new java.util.ArrayList<>();
        long longerCount = 0;
        long shorterCount = 0;
        long line = 1;
        long recordLine = 1;
        boolean header = true;
        int value = 0; // the value being read, from 0
        boolean held = false; // it holds more than spaces
        boolean past = false; // a value past the last column holds something
        boolean any = false; // the record holds anything
        boolean quoted = false;
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(csv), 1 << 16)) {
            int b = in.read();
            if (b == 0xEF) {
                // a byte order mark
                in.skipNBytes(2);
                b = in.read();
            }
            for (; ; b = in.read()) {
                boolean end = b < 0;
                if (end && quoted) {
                    // a quoted value no quotation mark closes, which RowNumbers refuses saying so
                    break;
                }
                if (end || !quoted && (b == '\n' || b == separator)) {
                    past |= value >= columns && held;
                    if (b == separator) {
                        value++;
                        held = false;
                        any = true;
                        continue;
                    }
                    if (any) {
                        if (!header && past) {
                            longerCount++;
                            if (longer.size() < LINES_NAMED) {
                                longer.add(new long[] {recordLine, value + 1});
                            }
                        } else if (!header && value + 1 < named) {
                            shorterCount++;
                            if (shorter.size() < LINES_NAMED) {
                                shorter.add(recordLine);
                            }
                        }
                        header = false;
                    }
                    if (end) {
                        break;
                    }
                    line++;
                    recordLine = line;
                    value = 0;
                    held = false;
                    past = false;
                    any = false;
                    continue;
                }
                if (b == '"') {
                    quoted = !quoted;
                    held = true;
                } else if (b == '\n') {
                    line++;
                } else if (b != '\r' && b != ' ' && b != '\t') {
                    held = true;
                }
                any |= b != '\r';
            }
        }
        return new RowWidths(named, separator, longer, longerCount, shorter, shorterCount);
    }

    /**
     * The column names of a CSV file's first line (UTF-8), split at the separator GDAL will find,
     * without their quotes; a BOM dropped. Empty when the first line cannot be read.
     */
    public static java.util.List<String> names(Path csv) throws IOException {
        String line = firstLine(head(csv));
        return cells(line, separator(line));
    }

    /**
     * The cells of a CSV file's second line (UTF-8), its first row of values, split as {@link
     * #names} splits the first; empty when there is none.
     */
    public static java.util.List<String> firstValues(Path csv) throws IOException {
        String text = head(csv);
        String line = firstLine(text);
        String rest = text.substring(line.length()).replaceFirst("^\r?\n", "");
        return rest.isBlank() ? java.util.List.of() : cells(firstLine(rest), separator(line));
    }

    /**
     * Gives each column of the CSV file {@code csv} (UTF-8) whose name is an earlier column's (two
     * «Площадь, га», the declared area and the measured one) a name of its own in the header, {@code
     * field_<its position>} (with a number after when the file has that name too), and returns the
     * names given, each with the file's own; empty, and the file left as it is, when no name repeats.
     * GDAL reads both columns under the one name, and finds a column by its name: the second's values
     * were read as the first's. Written beside and moved over, as above.
     */
    public static java.util.Map<String, String> twinsRenamed(Path csv) throws IOException {
        String text;
        try (InputStream in = Files.newInputStream(csv)) {
            text = new String(in.readNBytes(MAX_HEADER_BYTES), java.nio.charset.StandardCharsets.UTF_8);
        }
        String line = firstLine(text);
        String bom = line.startsWith("\uFEFF") ? "\uFEFF" : "";
        char separator = separator(line.substring(bom.length()));
        // the raw cells, quotes and all, split where cells splits the names
        java.util.List<String> raw = rawCells(line.substring(bom.length()), separator);
        java.util.List<String> names = cells(line.substring(bom.length()), separator);
        if (names.size() != raw.size()) {
            return java.util.Map.of();
        }
        java.util.Set<String> taken = new java.util.HashSet<>();
        names.forEach(n -> taken.add(n.toLowerCase(java.util.Locale.ROOT)));
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.Map<String, String> renamed = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            // a column without a name GDAL names by its position itself
            if (names.get(i).isEmpty() || seen.add(names.get(i))) {
                continue;
            }
            String own = "field_" + (i + 1);
            for (int n = 2; taken.contains(own); n++) {
                own = "field_" + (i + 1) + "_" + n;
            }
            taken.add(own);
            renamed.put(own, names.get(i));
            raw.set(i, own);
        }
        if (renamed.isEmpty()) {
            return renamed;
        }
        Path named = csv.resolveSibling(csv.getFileName() + ".twins");
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(csv), 1 << 16);
                OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(named), 1 << 16)) {
            in.skipNBytes(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            out.write((bom + String.join(String.valueOf(separator), raw))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            in.transferTo(out);
        }
        Files.move(named, csv, StandardCopyOption.REPLACE_EXISTING);
        return renamed;
    }

    /** The first {@link #MAX_HEADER_BYTES} of a CSV file as UTF-8 text, a BOM dropped. */
    private static String head(Path csv) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(csv)) {
            head = in.readNBytes(MAX_HEADER_BYTES);
        }
        String text = new String(head, java.nio.charset.StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static java.util.List<String> cells(String line, char separator) {
        java.util.List<String> names = new java.util.ArrayList<>();
        StringBuilder name = new StringBuilder();
        boolean quoted = false;
        for (char ch : line.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == separator && !quoted) {
                names.add(name.toString().strip());
                name.setLength(0);
            } else {
                name.append(ch);
            }
        }
        names.add(name.toString().strip());
        return names;
    }

    private static String firstLine(String text) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && (ch == '\n' || ch == '\r')) {
                return text.substring(0, i);
            }
        }
        return text;
    }

    /**
     * The separator of a first line: the one unquoted separator it has, or when it has several tabs
     * when they are at least as many as the others (Excel's tab-separated text, whose names hold
     * commas: «Площадь, га»), else a semicolon before commas (a Russian Excel separates by semicolons,
     * and its names hold commas), else a comma.
     */
    private static char separator(String line) {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (char ch : line.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                commas += ch == ',' ? 1 : 0;
                semicolons += ch == ';' ? 1 : 0;
                tabs += ch == '\t' ? 1 : 0;
            }
        }
        return tabs > 0 && tabs >= commas && tabs >= semicolons ? '\t' : semicolons > 0 ? ';' : ',';
    }

    /** A cell of a row of column numbers: «3», or «3.0» as a sheet's number column is written. */
    private static final java.util.regex.Pattern COLUMN_NUMBER =
            java.util.regex.Pattern.compile("([0-9]{1,3})(\\.0+)?");

    /**
     * Makes an empty line of the row of column numbers (1, 2, 3… from the first column, at least
     * three, empty cells after them) that a form's header has under the column names, when it is the
     * line right below them: GDAL would read it as a feature, a point at the numbers of the longitude
     * and latitude columns (which puts the file outside Kazakhstan) or a row whose geometry column
     * holds a number. An empty line is skipped by GDAL and counted by {@link RowNumbers}, so the rows
     * after it keep their numbers. Written beside and moved over, as above; returns whether there was
     * one.
     */
    static boolean blankNumbersRow(Path csv) throws IOException {
        String text = head(csv);
        String names = firstLine(text);
        if (names.length() == text.length()) {
            return false;
        }
        int at = names.length() + (text.startsWith("\r\n", names.length()) ? 2 : 1);
        String row = firstLine(text.substring(at));
        if (at + row.length() >= text.length() && text.length() >= MAX_HEADER_BYTES) {
            return false;
        }
        java.util.List<String> cells = new java.util.ArrayList<>(cells(row, separator(names)));
        while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
            cells.remove(cells.size() - 1);
        }
        if (cells.size() < 3) {
            return false;
        }
        for (int i = 0; i < cells.size(); i++) {
            java.util.regex.Matcher m = COLUMN_NUMBER.matcher(cells.get(i));
            if (!m.matches() || Integer.parseInt(m.group(1)) != i + 1) {
                return false;
            }
        }
        boolean bom;
        try (InputStream in = Files.newInputStream(csv)) {
            byte[] start = in.readNBytes(3);
            bom = start.length == 3
                    && (start[0] & 0xff) == 0xef
                    && (start[1] & 0xff) == 0xbb
                    && (start[2] & 0xff) == 0xbf;
        }
        long before = (bom ? 3 : 0) + text.substring(0, at).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        Path blank = csv.resolveSibling(csv.getFileName() + ".numbers");
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(csv), 1 << 16);
                OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(blank), 1 << 16)) {
            out.write(in.readNBytes((int) before));
            // the row's own line end stays, alone on its line
            in.skipNBytes(row.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            in.transferTo(out);
        }
        Files.move(blank, csv, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /**
     * Quotes the names of a semicolon- or tab-separated first line that hold a comma («Площадь, га»):
     * GDAL takes a line with both for a comma-separated one, and the whole file became one column (or
     * a tab-separated one was refused as values holding commas without quotes). Written beside and
     * moved over, as above; returns the names it quoted, none when it did not.
     */
    static java.util.List<String> quoteCommasInNames(Path csv) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(csv)) {
            head = in.readNBytes(MAX_HEADER_BYTES);
        }
        String text = new String(head, java.nio.charset.StandardCharsets.UTF_8);
        String line = firstLine(text);
        char separator = separator(line);
        if (separator != ';' && separator != '\t') {
            return java.util.List.of();
        }
        // a byte order mark stays in front of the first name's quote
        String bom = line.startsWith("\uFEFF") ? "\uFEFF" : "";
        line = line.substring(bom.length());
        StringBuilder quotedLine = new StringBuilder();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String cell : line.split(String.valueOf(separator), -1)) {
            boolean bare = cell.contains(",") && !cell.strip().startsWith("\"");
            if (bare) {
                names.add(cell.strip());
            }
            quotedLine
                    .append(quotedLine.length() == 0 ? "" : String.valueOf(separator))
                    .append(bare ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
        }
        if (names.isEmpty()) {
            return names;
        }
        byte[] oldHeader = (bom + line).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path quoted = csv.resolveSibling(csv.getFileName() + ".names");
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(csv), 1 << 16);
                OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(quoted), 1 << 16)) {
            in.skipNBytes(oldHeader.length);
            out.write((bom + quotedLine).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            in.transferTo(out);
        }
        Files.move(quoted, csv, StandardCopyOption.REPLACE_EXISTING);
        return names;
    }

    /**
     * Drops the lines above a CSV file's real column names: a sheet headed by a title («Реестр
     * земельных участков на 01.12.2025») and an empty line has its names on the third. When the first
     * line names no column {@code isGeometry} knows and one of the next nine does, the file is
     * rewritten from that line (beside and moved over, as above). A row that groups the names under
     * merged cells («Сведения об участке», «Торги», «Геометрия») names a geometry column too: when the
     * next one also does and has more cells filled, the names are that next one. Names wrapped in
     * Excel are read across their line breaks. Returns the 1-based line (record) of the names, or 0
     * when nothing was dropped.
     */
    public static int namesBelowTitle(Path csv, java.util.function.Predicate<String> isGeometry) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(csv)) {
            head = in.readNBytes(MAX_HEADER_BYTES);
        }
        String text = new String(head, java.nio.charset.StandardCharsets.UTF_8);
        String bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
        int start = bom.length();
        for (int line = 1; line <= 10 && start < text.length(); line++) {
            String record = firstLine(text.substring(start));
            int[] cells = namedCells(record, isGeometry);
            if (cells[0] > 0) {
                int next = afterLineBreak(text, start + record.length());
                if (next < text.length() && cells[1] < cells[2]) {
                    int[] belowCells = namedCells(firstLine(text.substring(next)), isGeometry);
                    if (belowCells[0] > 0 && belowCells[1] > cells[1]) {
                        line++;
                        start = next;
                    }
                }
                if (line == 1) {
                    return 0;
                }
                int skip = text.substring(0, start).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                Path below = csv.resolveSibling(csv.getFileName() + ".below");
                try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(csv), 1 << 16);
                        OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(below), 1 << 16)) {
                    in.skipNBytes(skip);
                    out.write(bom.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    in.transferTo(out);
                }
                Files.move(below, csv, StandardCopyOption.REPLACE_EXISTING);
                return line;
            }
            start = afterLineBreak(text, start + record.length());
        }
        return 0;
    }

    /**
     * The names of a form's header of two rows read as one ({@link #twoRowNames}): the record of the
     * names (a sheet's row) from 1, the lines of the names and of the units below them in the file,
     * and the names given to the columns under a name.
     */
    public record TwoRowNames(int record, long line, long unitsLine, java.util.List<String> names) {}

    /**
     * Reads a form's header of two rows as one, as the spreadsheet shows it: a name over several
     * columns («Площадь», a cell merged over them) on one row, the unit of each column under it on the
     * row below («га», «кв.м»), the other names beside it on the first row or on both (a cell merged
     * over the two rows, which a sheet's copy holds on each and a CSV file saved from it on the first).
     * GDAL gives a merged cell's value to its first column: the columns were named by their units alone,
     * or a sheet's names were taken from the row of units, and the declared area was not read. On one
     * of the first ten lines of {@code csv} (UTF-8) and the line below, when each name over units is
     * followed by empty cells ({@code field4}, as GDAL names a sheet's empty cell of its first row),
     * every cell under them is a unit of area alone ({@link AreaUnits#alone}), the line below holds
     * nothing else than the names above it, and the first line has other names beside: those columns
     * are named «Площадь, га», «Площадь, кв.м», and the line of units is made an empty one, which GDAL
     * skips and {@link RowNumbers} counts. Written beside and moved over, as above; null when there is
     * no such header.
     */
    public static TwoRowNames twoRowNames(Path csv) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(csv)) {
            head = in.readNBytes(MAX_HEADER_BYTES);
        }
        String text = new String(head, java.nio.charset.StandardCharsets.UTF_8);
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        long line = 1;
        for (int record = 1; record <= 10 && start < text.length(); record++) {
            String names = firstLine(text.substring(start));
            int below = afterLineBreak(text, start + names.length());
            String units = below < text.length() ? firstLine(text.substring(below)) : "";
            char separator = separator(names);
            java.util.List<String> named = underNames(cells(names, separator), cells(units, separator));
            if (named != null && !units.contains("\n") && !units.contains("\r")) {
                java.util.List<String> raw = rawCells(names, separator);
                java.util.List<String> given = new java.util.ArrayList<>();
                for (int i = 0; i < named.size(); i++) {
                    if (named.get(i) != null) {
                        raw.set(i, "\"" + named.get(i).replace("\"", "\"\"") + "\"");
                        given.add(named.get(i));
                    }
                }
                int through = below + units.length();
                Path one = csv.resolveSibling(csv.getFileName() + ".names");
                try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(csv), 1 << 16);
                        OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(one), 1 << 16)) {
                    in.skipNBytes(text.substring(0, through).getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                    out.write((text.substring(0, start)
                                    + String.join(String.valueOf(separator), raw)
                                    + text.substring(start + names.length(), below))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    // the units' own line end stays, alone on its line
                    in.transferTo(out);
                }
                Files.move(one, csv, StandardCopyOption.REPLACE_EXISTING);
                long unitsLine = line
                        + names.chars().filter(c -> c == '\n').count()
                        + names.replace("\r\n", "\n")
                                .chars()
                                .filter(c -> c == '\r')
                                .count()
                        + 1;
                return new TwoRowNames(record, line, unitsLine, given);
            }
            line += 1
                    + names.replace("\r\n", "\n")
                            .chars()
                            .filter(c -> c == '\n' || c == '\r')
                            .count();
            start = below;
        }
        return null;
    }

    /**
     * The names of the columns under a name over several of them, «Площадь, га», each at its column
     * (null at the others), of a row of names {@code above} and the row {@code below} it; null when
     * {@link #twoRowNames} does not read the two as one.
     */
    private static java.util.List<String> underNames(java.util.List<String> above, java.util.List<String> below) {
        java.util.function.IntPredicate empty =
                i -> i >= above.size() || above.get(i).isEmpty() || above.get(i).matches("(?i)field[0-9]+");
        java.util.function.IntPredicate unit = i -> i < below.size() && AreaUnits.alone(below.get(i));
        java.util.List<String> named = new java.util.ArrayList<>(java.util.Collections.nCopies(above.size(), null));
        boolean grouped = false;
        boolean beside = false;
        for (int i = 0; i < above.size(); i++) {
            if (empty.test(i)) {
                continue;
            }
            int last = i;
            while (unit.test(i) && last + 1 < above.size() && empty.test(last + 1) && unit.test(last + 1)) {
                last++;
            }
            if (last == i) {
                beside = true;
                continue;
            }
            for (int col = i; col <= last; col++) {
                named.set(col, above.get(i) + ", " + below.get(col));
            }
            grouped = true;
            i = last;
        }
        for (int i = 0; i < below.size(); i++) {
            // a row of values below: no header's
            boolean under = i < named.size() && named.get(i) != null;
            if (!under
                    && !below.get(i).isEmpty()
                    && !(i < above.size() && below.get(i).equals(above.get(i)))) {
                return null;
            }
        }
        return grouped && beside ? named : null;
    }

    /** The cells of {@code line} as written, their quotes kept, split where {@link #cells} splits them. */
    private static java.util.List<String> rawCells(String line, char separator) {
        java.util.List<String> raw = new java.util.ArrayList<>();
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == separator && !quoted) {
                raw.add(line.substring(from, i));
                from = i + 1;
            }
        }
        raw.add(line.substring(from));
        return raw;
    }

    /** The position in {@code text} after the line break at {@code at} (CR LF or one of them). */
    private static int afterLineBreak(String text, int at) {
        if (at < text.length() && text.charAt(at) == '\r') {
            at++;
        }
        if (at < text.length() && text.charAt(at) == '\n') {
            at++;
        }
        return at;
    }

    /**
     * Of the cells of {@code record}: how many {@code isGeometry} knows as a geometry's name (read
     * with their line breaks as spaces), how many are filled (a sheet's empty cell written by GDAL
     * with a name of its own is not), and how many there are.
     */
    private static int[] namedCells(String record, java.util.function.Predicate<String> isGeometry) {
        int[] counts = new int[3];
        for (String cell : record.split(java.util.regex.Pattern.quote(String.valueOf(separator(record))), -1)) {
            String name = cell.replace("\"", "").replaceAll("\\s+", " ").strip();
            counts[0] += isGeometry.test(name) ? 1 : 0;
            // GDAL names a sheet's empty header cell «field2», «field3»…
            counts[1] += name.isEmpty() || name.matches("(?i)field[0-9]+") ? 0 : 1;
            counts[2]++;
        }
        return counts;
    }
}
