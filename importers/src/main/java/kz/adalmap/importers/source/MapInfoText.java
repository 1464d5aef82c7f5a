package kz.adalmap.importers.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.adalmap.importers.report.Detail;

/**
 * The code page of a MapInfo table's text, made one GDAL reads. GDAL 3.6 decodes a table's text only
 * in a charset whose MapInfo name it knows ({@code WindowsCyrillic} is CP1251), passes the bytes of a
 * {@code Neutral} table through as they are, does not know the name {@code UTF-8} (it warns for
 * every feature), and has no option to say another code page. So the private copy is made to say
 * what GDAL reads: a MIF/MID pair, which is text, is rewritten in UTF-8 and marked {@code Neutral};
 * a TAB, whose {@code .dat} has fixed widths, is marked {@code WindowsCyrillic} for CP1251 or {@code
 * Neutral} for UTF-8, and in a code page MapInfo has no name for (the DOS CP866, the Kazakh PT154)
 * is first written as MIF/MID by GDAL. A table that does not say its code page ({@code Neutral}) is
 * read in the one its bytes fit best ({@link CodePages}).
 */
public final class MapInfoText {

    /** What to read: the table (or the MIF it was written as), and the code page guessed for it, or null. */
    record Read(Path dataset, String guessed) {}

    /** A MIF's header is a few lines; 1 MB holds a table of hundreds of columns. */
    private static final int HEADER_BYTES = 1024 * 1024;

    private static final int SAMPLE_BYTES = 4 * 1024 * 1024;

    /** A MIF's {@code Charset "WindowsCyrillic"} line, the name in group 1 (quoted or not). */
    private static final Pattern MIF_CHARSET =
            Pattern.compile("(?im)^[ \\t]*Charset[ \\t]+(\"[^\"\\r\\n]*\"|[^\\s\"]+)");

    /** The line that ends a MIF's header. */
    private static final Pattern MIF_DATA = Pattern.compile("(?im)^[ \\t]*Data[ \\t]*\\r?$");

    /** A TAB's {@code !charset WindowsCyrillic}, and its definition's {@code Charset "WindowsCyrillic"}. */
    private static final Pattern TAB_CHARSET =
            Pattern.compile("(?im)^([ \\t]*!charset[ \\t]+)(\\S+)|(\\bCharset[ \\t]+)(\"[^\"\\r\\n]*\")");

    private static final Pattern TAB_FIELDS = Pattern.compile("(?im)^[ \\t]*Fields[ \\t]+(\\d+)[ \\t]*\\r?$");
    private static final Pattern MIF_COLUMNS = Pattern.compile("(?im)^[ \\t]*Columns[ \\t]+(\\d+)[ \\t]*\\r?$");

    private MapInfoText() {}

    /**
     * Makes the MapInfo table {@code dataset} (a private copy) read in the right code page, noting in
     * {@code notes} what was done in words its sender understands.
     *
     * @param encoding the code page the user named, or null to take the table's own, or guess it
     *     when the table says {@code Neutral}
     * @param converter writes a TAB as MIF/MID; null when none is at hand, and a TAB in CP866 or
     *     PT154 is then refused
     */
    /** The MapInfo charsets GDAL reads (ogr/ogrsf_frmts/mitab, MapInfo's names), in lower case. */
    private static final java.util.Set<String> GDAL_CHARSETS = java.util.Set.of(
            "neutral",
            "iso8859_1",
            "iso8859_2",
            "iso8859_3",
            "iso8859_4",
            "iso8859_5",
            "iso8859_6",
            "iso8859_7",
            "iso8859_8",
            "iso8859_9",
            "packedeucjapanese",
            "windowslatin1",
            "windowslatin2",
            "windowsarabic",
            "windowscyrillic",
            "windowsgreek",
            "windowshebrew",
            "windowsturkish",
            "windowstradchinese",
            "windowssimpchinese",
            "windowsjapanese",
            "windowskorean",
            "codepage437",
            "codepage850",
            "codepage852",
            "codepage857",
            "codepage860",
            "codepage861",
            "codepage863",
            "codepage865",
            "codepage869",
            "codepage874",
            "windowsthai",
            "windowsbalticrim",
            "windowsvietnamese",
            "codepage866",
            "utf-8",
            "utf8");

    static Read readable(Path dataset, String encoding, List<Detail> notes, SourceFiles.MapInfoConverter converter)
            throws IOException {
        boolean tab = SourceFiles.extension(dataset).equals("tab");
        String declared = tab ? tabCharset(dataset) : mifCharset(dataset);
        String kind = tab ? "MapInfo table" : "MIF file";
        // the key of a note says which of the two it is about: the languages word them differently
        String of = tab ? "_tab" : "_mif";
        String codePage;
        String guessed = null;
        // the Cyrillic code page a Western-declared table's text reads as, sampled once
        String cyrillic;
        if (encoding != null) {
            codePage = named(encoding);
            if (codePage.equals("CP1251") && "WindowsCyrillic".equalsIgnoreCase(declared)) {
                // GDAL reads it so
                return new Read(dataset, null);
            }
            if (declared != null && !declared.equalsIgnoreCase("Neutral") && !isUtf8(declared)) {
                notes.add(Detail.of(
                        "file_mapinfo_charset_overridden" + of,
                        "the " + kind + " says its text is in {declared}; it was read in {encoding}, as asked",
                        "declared",
                        declared,
                        "encoding",
                        encoding));
            }
        } else if (declared != null && !GDAL_CHARSETS.contains(declared.toLowerCase(java.util.Locale.ROOT))) {
            // a name GDAL does not know (a Kazakh tool's «WindowsKazakh», a header edited by hand):
            // GDAL would read the table undecoded and fail on its field names
            byte[] sample = tab ? tabSample(dataset) : mifSample(dataset);
            codePage = CodePages.guessBytes(sample, sample.length >= SAMPLE_BYTES);
            if (codePage == null) {
                codePage = "UTF-8";
            } else {
                guessed = codePage;
            }
            notes.add(Detail.of(
                    "file_mapinfo_unknown_charset" + of,
                    "the " + kind + " says its text is in {declared}, a code page name GDAL does not know; its text"
                            + " reads as {code_page} and was read so; pass the encoding explicitly if that is wrong",
                    "declared",
                    declared,
                    "code_page",
                    codePage));
        } else if (declared == null || declared.equalsIgnoreCase("Neutral") || isUtf8(declared)) {
            byte[] sample = tab ? tabSample(dataset) : mifSample(dataset);
            String guess = CodePages.guessBytes(sample, sample.length >= SAMPLE_BYTES);
            if (guess != null && utf8Values(dataset, tab)) {
                // GDAL's MapInfo writer (QGIS's «Save as») writes UTF-8 values under Neutral, and
                // cuts Cyrillic field names byte by byte: the names alone are not UTF-8
                guess = null;
            }
            if (guess != null) {
                codePage = guess;
                guessed = guess;
                boolean neutral = declared == null || declared.equalsIgnoreCase("Neutral");
                notes.add(Detail.of(
                        (neutral ? "file_mapinfo_neutral" : "file_mapinfo_not_utf8") + of,
                        (neutral
                                        ? "the " + kind
                                                + " does not say its code page (Charset \"Neutral\"); its text reads as "
                                        : "the " + kind + " says its text is UTF-8, but it is not; it reads as ")
                                + "{code_page} and was read so; pass the encoding explicitly if that is wrong",
                        "code_page",
                        guess));
            } else if (declared != null && isUtf8(declared)) {
                codePage = "UTF-8";
                notes.add(Detail.of(
                        "file_mapinfo_utf8" + of, "the " + kind + " says its text is UTF-8, and it was read so"));
            } else if (hasCutNames(dataset, tab)) {
                // UTF-8 values under field names cut byte by byte: read in UTF-8, the names renamed
                codePage = "UTF-8";
            } else {
                // ASCII, or UTF-8, which GDAL passes through as it is
                return new Read(dataset, null);
            }
        } else if (plainlyUtf8(dataset, tab)) {
            // a header MapInfo wrote over text saved in UTF-8 (a MID edited in Notepad++, a table
            // written by GDAL and given MapInfo's header): read in the code page it names, every
            // letter would be two signs of it («Рі. РђР»РјР°С‚С‹» for «г. Алматы»)
            codePage = "UTF-8";
            notes.add(Detail.of(
                    "file_mapinfo_utf8_not_declared" + of,
                    "the " + kind + " says its text is in {declared}, but its text is UTF-8; it was read as UTF-8;"
                            + " pass the encoding explicitly if that is wrong",
                    "declared",
                    declared));
        } else if (!CYRILLIC_CHARSETS.contains(declared.toLowerCase(Locale.ROOT))
                && (cyrillic = cyrillicGuess(dataset, tab)) != null) {
            // a Russian MapInfo set to a Western charset writes CP1251 text under WindowsLatin1:
            // read so, every Cyrillic word would be Latin letters with marks
            codePage = cyrillic;
            guessed = codePage;
            notes.add(Detail.of(
                    "file_mapinfo_cyrillic_not_declared" + of,
                    "the " + kind + " says its text is in {declared}, but its text is Cyrillic and reads as"
                            + " {code_page}; it was read so; pass the encoding explicitly if that is wrong",
                    "declared",
                    declared,
                    "code_page",
                    codePage));
        } else if (declared.equalsIgnoreCase("CodePage866")) {
            // MapInfo's name for the DOS code page, which GDAL does not know
            codePage = "CP866";
            notes.add(Detail.of(
                    "file_mapinfo_cp866" + of,
                    "the " + kind + " says its text is in CodePage866 (DOS); it was read so"));
        } else {
            return new Read(dataset, null);
        }
        if (!tab) {
            mifInUtf8(dataset, codePage, head -> cutNamesRenamed(head, MIF_COLUMNS, notes, of, kind));
            return new Read(dataset, guessed);
        }
        if (codePage.equals("CP1251") || codePage.equals("UTF-8")) {
            setTabCharset(dataset, codePage.equals("CP1251") ? "WindowsCyrillic" : "Neutral");
            if (codePage.equals("UTF-8")) {
                String text = Files.readString(dataset, StandardCharsets.ISO_8859_1);
                String named = cutNamesRenamed(text, TAB_FIELDS, notes, of, kind);
                if (!named.equals(text)) {
                    Files.writeString(dataset, named, StandardCharsets.ISO_8859_1);
                }
            }
            return new Read(dataset, guessed);
        }
        if (converter == null) {
            throw new BadSourceException(
                    SourceProblem.UNKNOWN_ENCODING,
                    "the MapInfo table " + dataset.getFileName() + " is in " + codePage + ", a code page a .tab"
                            + " cannot name: save it as MIF/MID (MapInfo: File › Export) and import that");
        }
        notes.add(Detail.of(
                "file_mapinfo_through_mif",
                "the MapInfo table is in {code_page}, a code page a .tab cannot name; it was read through a MIF/MID"
                        + " copy of it in that code page",
                "code_page",
                codePage));
        return new Read(tabAsMif(dataset, codePage, converter), guessed);
    }

    /** The MapInfo charsets of Cyrillic text, in lower case: a Cyrillic code page under any other is plainly wrong. */
    private static final java.util.Set<String> CYRILLIC_CHARSETS =
            java.util.Set.of("windowscyrillic", "codepage866", "iso8859_5");

    /** Whether the values of the MapInfo table {@code dataset} hold letters beyond ASCII, all of them in UTF-8. */
    private static boolean utf8Values(Path dataset, boolean tab) throws IOException {
        byte[] values = tab ? tabSample(dataset, false) : mifSample(dataset, false);
        return beyondAscii(values) && CodePages.isUtf8(values, values.length >= SAMPLE_BYTES);
    }

    /**
     * Whether the text of the MapInfo table {@code dataset}, which names a single-byte code page, is
     * UTF-8 instead: its letters beyond ASCII, of header and values, all pairs of UTF-8 (which text
     * of a single-byte code page almost never is: «Р°» for «а»).
     */
    private static boolean plainlyUtf8(Path dataset, boolean tab) throws IOException {
        byte[] sample = tab ? tabSample(dataset) : mifSample(dataset);
        return beyondAscii(sample) && CodePages.isUtf8(sample, sample.length >= SAMPLE_BYTES);
    }

    /** The Cyrillic code page the text of {@code dataset} reads best in, or null when it is not Cyrillic. */
    private static String cyrillicGuess(Path dataset, boolean tab) throws IOException {
        byte[] sample = tab ? tabSample(dataset) : mifSample(dataset);
        String guess = CodePages.guessBytes(sample, sample.length >= SAMPLE_BYTES);
        return guess == null || guess.equals("CP1252") ? null : guess;
    }

    private static boolean beyondAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether a field name of the MapInfo table {@code dataset}'s header is not UTF-8 (cut byte by byte). */
    private static boolean hasCutNames(Path dataset, boolean tab) throws IOException {
        String header = tab ? Files.readString(dataset, StandardCharsets.ISO_8859_1) : mifHeader(dataset);
        return !cutNames(header, tab ? TAB_FIELDS : MIF_COLUMNS).isEmpty();
    }

    /**
     * The field names (numbered from 1) of a MapInfo header {@code header} (ISO-8859-1 of its bytes),
     * listed after {@code list} ({@code Fields n} of a TAB, {@code Columns n} of a MIF), that are not
     * UTF-8: as GDAL's MapInfo writer cuts Cyrillic names, byte by byte ({@code d0 5f d0 5f} for
     * «Ка»), each letter's second byte replaced by '_'.
     */
    private static java.util.SortedMap<Integer, int[]> cutNames(String header, Pattern list) {
        java.util.SortedMap<Integer, int[]> cut = new java.util.TreeMap<>();
        Matcher fields = list.matcher(header);
        if (!fields.find()) {
            return cut;
        }
        int count = Integer.parseInt(fields.group(1));
        Matcher line = Pattern.compile("(?m)^([ \\t]*)([^\\s(]+)").matcher(header);
        line.region(fields.end(), header.length());
        for (int field = 1; field <= count && line.find(); field++) {
            byte[] name = line.group(2).getBytes(StandardCharsets.ISO_8859_1);
            if (beyondAscii(name) && !CodePages.isUtf8(name, false)) {
                cut.put(field, new int[] {line.start(2), line.end(2)});
            }
        }
        return cut;
    }

    /**
     * The MapInfo header {@code header} (ISO-8859-1 of its bytes), read as UTF-8, with its field
     * names that are not UTF-8 ({@link #cutNames}) named {@code field_<n>} by their place, said in
     * {@code notes}: GDAL would pass their bytes through to a database that takes only UTF-8.
     */
    private static String cutNamesRenamed(String header, Pattern list, List<Detail> notes, String of, String kind) {
        java.util.SortedMap<Integer, int[]> cut = cutNames(header, list);
        if (cut.isEmpty()) {
            return header;
        }
        StringBuilder out = new StringBuilder(header);
        List<String> names = new ArrayList<>();
        for (Map.Entry<Integer, int[]> e :
                new java.util.TreeMap<>(cut).descendingMap().entrySet()) {
            String name = "field_" + e.getKey();
            out.replace(e.getValue()[0], e.getValue()[1], name);
            names.add(0, name);
        }
        notes.add(Detail.of(
                "file_mapinfo_names_cut" + of,
                "the " + kind + "'s text is UTF-8, but the names of {count} of its fields were cut byte by byte by"
                        + " the program that wrote it (each Cyrillic letter's second byte replaced by '_'), and cannot"
                        + " be read: they were read as {names}, which the profile does not know; rename the fields"
                        + " in MapInfo (Table › Maintenance › Table Structure), or save the table again from QGIS"
                        + " with its encoding set to UTF-8, and import it again",
                "count",
                cut.size(),
                "names",
                String.join(", ", names)));
        return out.toString();
    }

    /**
     * Writes {@code tab}, whose text is in {@code codePage}, as a MIF/MID pair in UTF-8 beside it (in a
     * folder of its own, under the same name), its field names as the table has them.
     */
    private static Path tabAsMif(Path tab, String codePage, SourceFiles.MapInfoConverter converter) throws IOException {
        // the names as the table has them, in UTF-8: GDAL's MIF writer would replace the letters it
        // does not take for MapInfo's own (all of CP866's, PT154's Kazakh ones) by '_'
        Path header = tab.resolveSibling(tab.getFileName() + ".utf-8");
        CodePages.toUtf8(tab, header, codePage);
        List<String> names = tabFieldNames(Files.readString(header, StandardCharsets.UTF_8));
        Files.delete(header);
        String text = Files.readString(tab, StandardCharsets.ISO_8859_1);
        Matcher fields = TAB_FIELDS.matcher(text);
        if (fields.find()) {
            // each field under a placeholder name, GDAL's text passed through as it is
            StringBuilder renamed = new StringBuilder(text.substring(0, fields.end()));
            List<String> lines =
                    new ArrayList<>(List.of(text.substring(fields.end()).split("\n", -1)));
            int field = 0;
            for (int i = 0; i < lines.size() && field < names.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    lines.set(i, lines.get(i).replaceFirst("^(\\s*)\\S+?(?=[\\s(])", "$1f" + (++field)));
                }
            }
            renamed.append(String.join("\n", lines));
            text = renamed.toString();
        }
        Files.writeString(tab, neutralTabCharset(text), StandardCharsets.ISO_8859_1);
        Path mif = Files.createDirectories(tab.resolveSibling("mif"))
                .resolve(tab.getFileName().toString().replaceFirst("(?i)\\.tab$", ".mif"));
        converter.toMif(tab, mif);
        mifInUtf8(mif, codePage, head -> {
            Matcher columns = MIF_COLUMNS.matcher(head);
            if (!columns.find()) {
                return head;
            }
            Matcher placeholder = Pattern.compile("(?m)^(\\s*)f(\\d+)(?=\\s)").matcher(head);
            StringBuilder out = new StringBuilder();
            while (placeholder.find()) {
                int n = Integer.parseInt(placeholder.group(2));
                String name = placeholder.start() > columns.end() && n <= names.size()
                        ? new String(names.get(n - 1).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                        : "f" + n;
                placeholder.appendReplacement(out, Matcher.quoteReplacement(placeholder.group(1) + name));
            }
            placeholder.appendTail(out);
            return out.toString();
        });
        return mif;
    }

    /**
     * Rewrites the MIF/MID pair of {@code mif} in UTF-8 from {@code codePage} (as it is when that is
     * UTF-8) and marks it {@code Neutral}, so that GDAL passes the UTF-8 through; {@code edit} changes
     * the header further, given and giving it as bytes in ISO-8859-1.
     */
    private static void mifInUtf8(Path mif, String codePage, UnaryOperator<String> edit) throws IOException {
        Path mid = companion(mif, "mid");
        if (!codePage.equals("UTF-8")) {
            for (Path file : mid == null ? List.of(mif) : List.of(mif, mid)) {
                Path text = file.resolveSibling(file.getFileName() + ".utf-8");
                CodePages.toUtf8(file, text, codePage);
                Files.move(text, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(mif)) {
            head = in.readNBytes(HEADER_BYTES);
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        Matcher data = MIF_DATA.matcher(text);
        if (!data.find()) {
            // no header GDAL could read either: it says so
            return;
        }
        String header = text.substring(0, data.end());
        Matcher charset = MIF_CHARSET.matcher(header);
        // without a Charset line, the table is Neutral
        String edited = edit.apply(
                charset.find()
                        ? header.substring(0, charset.start(1)) + "\"Neutral\"" + header.substring(charset.end(1))
                        : header);
        Path out = mif.resolveSibling(mif.getFileName() + ".neutral");
        try (InputStream in = Files.newInputStream(mif);
                OutputStream target = Files.newOutputStream(out)) {
            target.write(edited.getBytes(StandardCharsets.ISO_8859_1));
            in.skipNBytes(header.length());
            in.transferTo(target);
        }
        Files.move(out, mif, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The MIF object keywords that begin a feature, as GDAL's reader knows them; in a {@code
     * Collection}, its parts ({@code Region}, {@code Pline}, {@code Multipoint}) begin none.
     */
    private static final java.util.Set<String> OBJECTS = java.util.Set.of(
            "NONE",
            "POINT",
            "LINE",
            "PLINE",
            "REGION",
            "ARC",
            "TEXT",
            "RECT",
            "ROUNDRECT",
            "ELLIPSE",
            "MULTIPOINT",
            "COLLECTION");

    private static final java.util.Set<String> COLLECTION_PARTS = java.util.Set.of("REGION", "PLINE", "MULTIPOINT");

    /**
     * Makes the polylines of one vertex of the MIF {@code mif} (a private copy) readable, and returns
     * the rows (features, from 1) that have one. GDAL writes a line of one vertex (a Shapefile's, as
     * QGIS saves it as MIF) as {@code Pline 1}, and a line of several sections one of which is a
     * single vertex as a {@code Pline Multiple} with a section of 1, but its reader refuses either,
     * and with it the whole file ("Invalid number of vertices (1) in PLINE segment"). Each such
     * section is written as a section of its vertex twice, which GDAL reads; the import makes it a
     * line of its one point again once read (LayerImporter), and rejects it by its row as it rejects
     * a Shapefile's. A file without one is left as it is; one of any other defect is left for GDAL to
     * say what is wrong.
     */
    static List<Long> onePointLinesReadable(Path mif) throws IOException {
        if (onePointLines(mif, null).isEmpty()) {
            return List.of();
        }
        Path out = mif.resolveSibling(mif.getFileName() + ".lines");
        List<Long> rows;
        try (OutputStream target = new java.io.BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            rows = onePointLines(mif, target);
        }
        Files.move(out, mif, StandardCopyOption.REPLACE_EXISTING);
        return rows;
    }

    /**
     * The rows of {@code mif} with a polyline section of one vertex; with {@code out}, the MIF written
     * to it with each such section's vertex twice. Read as bytes in ISO-8859-1 (its keywords and
     * numbers are ASCII), and so written, line ends as they are.
     */
    private static List<Long> onePointLines(Path mif, OutputStream out) throws IOException {
        List<Long> rows = new ArrayList<>();
        try (java.io.Reader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(Files.newInputStream(mif), StandardCharsets.ISO_8859_1), 1 << 16)) {
            Lines lines = new Lines(in, out);
            String line;
            // the header, to its Data line
            while ((line = lines.next()) != null) {
                lines.write(line);
                if (line.strip().equalsIgnoreCase("Data")) {
                    break;
                }
            }
            long row = 0;
            long partsLeft = 0;
            while ((line = lines.next()) != null) {
                String[] tokens = line.strip().split("\s+");
                String first = tokens[0].toUpperCase(Locale.ROOT);
                if (!OBJECTS.contains(first)) {
                    lines.write(line);
                    continue;
                }
                if (partsLeft > 0 && COLLECTION_PARTS.contains(first)) {
                    partsLeft--;
                } else {
                    row++;
                    partsLeft = first.equals("COLLECTION") && tokens.length > 1 ? leadingNumber(tokens[1]) : 0;
                }
                if (!first.equals("PLINE")) {
                    lines.write(line);
                    continue;
                }
                boolean multiple = tokens.length >= 3 && tokens[1].equalsIgnoreCase("MULTIPLE");
                long sections = multiple ? leadingNumber(tokens[2]) : 1;
                if (sections < 1) {
                    // for GDAL to say what is wrong
                    lines.write(line);
                    continue;
                }
                // the first section's count on the keyword's line (Pline 3, Pline Multiple 2 3), or the next
                boolean countHere = tokens.length == (multiple ? 4 : 2);
                boolean widened = false;
                for (long section = 0; section < sections; section++) {
                    String count;
                    if (section == 0 && countHere) {
                        count = line;
                    } else {
                        if (section == 0) {
                            lines.write(line);
                        }
                        count = lines.next();
                        if (count == null) {
                            break;
                        }
                    }
                    String[] countTokens = count.strip().split("\s+");
                    long vertices = leadingNumber(countTokens[countTokens.length - 1]);
                    if (vertices != 1) {
                        lines.write(count);
                        for (long v = 0; v < vertices; v++) {
                            String vertex = lines.next();
                            if (vertex == null) {
                                break;
                            }
                            lines.write(vertex);
                        }
                        continue;
                    }
                    // the count, its last number made 2, and the vertex twice
                    lines.write(count.replaceFirst("1(\\s*)$", "2$1"));
                    String vertex = lines.next();
                    if (vertex == null) {
                        break;
                    }
                    lines.write(vertex);
                    lines.write(vertex.endsWith("\n") ? vertex : vertex + "\n");
                    widened = true;
                }
                if (widened) {
                    if (out == null) {
                        // found: the rows are counted when the file is written
                        return List.of(row);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The number a MIF count begins with, as GDAL's {@code atoi} reads it; -1 for none. */
    private static long leadingNumber(String token) {
        Matcher m = Pattern.compile("^[+-]?\\d{1,9}").matcher(token);
        return m.find() ? Long.parseLong(m.group()) : -1;
    }

    /** A MIF's lines, each with its line end; written to {@code out} as they are, when it is given. */
    private static final class Lines {
        private final java.io.Reader in;
        private final OutputStream out;
        private final StringBuilder line = new StringBuilder();

        Lines(java.io.Reader in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        /** The next line with its end ({@code \n}, {@code \r\n}, or none at the file's end); null after the last. */
        String next() throws IOException {
            line.setLength(0);
            int c;
            while ((c = in.read()) >= 0) {
                line.append((char) c);
                if (c == '\n') {
                    break;
                }
            }
            return line.length() == 0 ? null : line.toString();
        }

        void write(String text) throws IOException {
            if (out != null) {
                out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** The charset a MIF's header names, or null when it names none. */
    private static String mifCharset(Path mif) throws IOException {
        String header = mifHeader(mif);
        Matcher m = MIF_CHARSET.matcher(header);
        return m.find() ? m.group(1).replace("\"", "") : null;
    }

    /** The charset a TAB's header names ({@code !charset}), or null. */
    private static String tabCharset(Path tab) throws IOException {
        Matcher m = TAB_CHARSET.matcher(Files.readString(tab, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            if (m.group(2) != null) {
                return m.group(2);
            }
        }
        m.reset();
        return m.find() ? m.group(4).replace("\"", "") : null;
    }

    private static void setTabCharset(Path tab, String charset) throws IOException {
        String text = Files.readString(tab, StandardCharsets.ISO_8859_1);
        Files.writeString(tab, withTabCharset(text, charset), StandardCharsets.ISO_8859_1);
    }

    private static String neutralTabCharset(String text) {
        return withTabCharset(text, "Neutral");
    }

    /** The TAB header {@code text} naming {@code charset}, in both the places it may name one. */
    private static String withTabCharset(String text, String charset) {
        Matcher m = TAB_CHARSET.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(
                    out,
                    Matcher.quoteReplacement(
                            m.group(1) != null ? m.group(1) + charset : m.group(3) + "\"" + charset + "\""));
        }
        m.appendTail(out);
        String result = out.toString();
        // a header without !charset: a Neutral table, now named
        return result.toLowerCase(Locale.ROOT).contains("!charset")
                ? result
                : result.replaceFirst("(?im)^([ \\t]*!version[^\\n]*\\n)", "$1!charset " + charset + "\n");
    }

    /** The field names of a TAB header, in order. */
    private static List<String> tabFieldNames(String header) {
        Matcher fields = TAB_FIELDS.matcher(header);
        List<String> names = new ArrayList<>();
        if (!fields.find()) {
            return names;
        }
        int count = Integer.parseInt(fields.group(1));
        for (String line : header.substring(fields.end()).split("\n")) {
            if (names.size() == count) {
                break;
            }
            if (!line.isBlank()) {
                names.add(line.strip().split("[\\s(]", 2)[0]);
            }
        }
        return names;
    }

    /** MapInfo's affine transformation of a CoordSys clause, up to the clause that follows it. */
    private static final Pattern AFFINE =
            Pattern.compile("(?i)\\bAffine\\s+Units\\s+\"[^\"]*\"(?:\\s*,\\s*[-+0-9.eE]+){6}");

    /**
     * The {@code Affine Units …} clause of the CoordSys of a MIF (or of a TAB whose header holds its
     * CoordSys, a view or a seamless table), as written, or null when it has none. GDAL's MapInfo
     * reader ignores the clause: read, the table's numbers are taken as those of its base system.
     */
    public static String affineClause(Path table) throws IOException {
        String name = table.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".mif") && !name.endsWith(".tab")) {
            return null;
        }
        Matcher affine = AFFINE.matcher(mifHeader(table));
        if (!affine.find()) {
            return null;
        }
        String clause = affine.group().replaceAll("\\s+", " ");
        // x' = A x + B y + C, y' = D x + E y + F: the identity changes nothing
        String[] numbers = clause.substring(clause.indexOf(',') + 1).split(",");
        double[] identity = {1, 0, 0, 0, 1, 0};
        for (int i = 0; i < 6; i++) {
            if (Double.parseDouble(numbers[i].strip()) != identity[i]) {
                return clause;
            }
        }
        return null;
    }

    /** A MIF's {@code CoordSys Earth Projection …} line, what follows the word Projection in group 1. */
    private static final Pattern EARTH_PROJECTION =
            Pattern.compile("(?im)^[ \\t]*CoordSys[ \\t]+Earth[ \\t]+Projection[ \\t]+([^\\r\\n]*)$");

    /** A number of a CoordSys clause as MapInfo writes it. */
    private static final Pattern CLAUSE_NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    /**
     * Refuses a MIF whose {@code CoordSys Earth Projection} line holds a value that is neither a
     * number nor a quoted name ({@code 8x}, {@code 1#4}: a character typed over, or a damaged byte).
     * GDAL reads each value as far as it is a number, so {@code 1#4} became datum 1 (Adindan, in
     * Sudan) and every plot moved some 300 m, with nothing refused. Its projection type and datum must
     * be whole numbers.
     */
    static void checkCoordSys(Path mif) throws IOException {
        Matcher line = EARTH_PROJECTION.matcher(mifHeader(mif));
        if (!line.find()) {
            return;
        }
        // the values before the optional Affine and Bounds clauses
        String values = line.group(1).split("(?i)\\b(Affine|Bounds)\\b", 2)[0].strip();
        String[] parts = values.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String value = parts[i].strip();
            boolean fits = i < 2
                    ? value.matches("\\d+")
                    : CLAUSE_NUMBER.matcher(value).matches() || value.matches("\"[^\"]*\"");
            if (!fits) {
                throw new BadSourceException(
                        SourceProblem.DAMAGED,
                        "the coordinate system line of " + mif.getFileName() + " is damaged: its "
                                + (i == 0 ? "projection type" : i == 1 ? "datum" : "value " + (i + 1)) + " '"
                                + printable(value) + "' is not a number (CoordSys Earth Projection "
                                + printable(line.group(1).strip()) + "), and GDAL would read it as another"
                                + " coordinate system, placing every feature wrong. Export the table again from"
                                + " MapInfo (Table › Export), or correct the CoordSys line");
            }
        }
    }

    /** {@code text} with its control characters shown as {@code ?}, cut to 80 characters. */
    private static String printable(String text) {
        String shown = text.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 80 ? shown.substring(0, 80) + "…" : shown;
    }

    private static final Pattern MIF_DELIMITER = Pattern.compile("(?im)^\\s*Delimiter\\s+\"(.)\"");

    /**
     * Refuses a MIF whose .mid rows hold more values than its header declares columns: GDAL reads as
     * many as the header says, and the values after them (every address, when one column was left
     * out of the header) were lost without a word. The first thousand rows are looked at.
     */
    static void checkColumns(Path mif) throws IOException {
        String header = mifHeader(mif);
        Matcher columns = MIF_COLUMNS.matcher(header);
        Path mid = mif.resolveSibling(mif.getFileName().toString().replaceFirst("(?i)\\.mif$", ".mid"));
        if (!columns.find() || !Files.exists(mid)) {
            return;
        }
        int declared = Integer.parseInt(columns.group(1));
        Matcher delimiter = MIF_DELIMITER.matcher(header);
        char separator = delimiter.find() ? delimiter.group(1).charAt(0) : '\t';
        try (java.io.BufferedReader in = Files.newBufferedReader(mid, StandardCharsets.ISO_8859_1)) {
            String line;
            int row = 0;
            while ((line = in.readLine()) != null && row < 1000) {
                row++;
                int values = 1;
                boolean quoted = false;
                for (int i = 0; i < line.length(); i++) {
                    char c = line.charAt(i);
                    if (c == '"') {
                        quoted = !quoted;
                    } else if (c == separator && !quoted) {
                        values++;
                    }
                }
                if (quoted) {
                    // a stray quotation mark: the values after it run together, and GDAL reads on to the end
                    throw new BadSourceException(
                            SourceProblem.DAMAGED,
                            "line " + row + " of " + mid.getFileName() + " has a quotation mark that is not closed:"
                                    + " the rest of the file would be read as one value; correct the line, or export"
                                    + " the table again from MapInfo (Table › Export)");
                }
                if (values > declared) {
                    throw new BadSourceException(
                            SourceProblem.DAMAGED,
                            "the header of " + mif.getFileName() + " declares " + declared + " columns, but row " + row
                                    + " of its .mid holds " + values + " values: those after the first " + declared
                                    + " would be lost. Export the table again from MapInfo (Table ›"
                                    + " Export), or correct the Columns part of the header");
                }
            }
        }
    }

    /**
     * How many polylines of the MIF {@code mif} MapInfo draws smoothed (their {@code Smooth} clause):
     * GDAL reads their points and ignores the clause, so they are stored as the straight segments
     * between their points, not the curve MapInfo shows through them.
     */
    static long smoothLines(Path mif) throws IOException {
        long smooth = 0;
        boolean data = false;
        try (java.io.BufferedReader in = Files.newBufferedReader(mif, StandardCharsets.ISO_8859_1)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!data) {
                    data = MIF_DATA.matcher(line).matches();
                } else if (line.strip().equalsIgnoreCase("Smooth")) {
                    smooth++;
                }
            }
        }
        return smooth;
    }

    /** A number as other programs than MapInfo write one into a MID: a decimal comma, or thousands set apart by spaces. */
    private static final Pattern LOCAL_NUMBER =
            Pattern.compile("[+-]?(?:\\d{1,3}(?:[ \\u00a0]\\d{3})+(?:[.,]\\d+)?|\\d+,\\d+)");

    /** A MID date as MapInfo writes it, or none. */
    private static final Pattern MAPINFO_DATE = Pattern.compile("\\d{8}|");

    /**
     * Makes the numbers and dates of the MID of {@code mif} (a private copy) read as written, said in
     * {@code notes}: GDAL reads a numeric column's value up to its first sign that is not a digit or a
     * point, so a decimal comma (0,76 from a Russian-locale Excel or Notepad) was cut to its whole
     * part (0, then read as not given), and a Date column in MapInfo's YYYYMMDD form only, so
     * 15.03.2026 or 2026-03-15 was dropped without a word. Such numbers are written with a point,
     * dates that name one day (15.03.2026, 2026-03-15, 15/03/2026, 3/15/2026) as YYYYMMDD; a Date
     * column with a value that names none (03/04/2026: March or April) is declared text, so that the
     * value reaches the report on its row, the others written as 2026-03-15. A MID delimited by
     * commas cannot hold a decimal comma ({@link #checkColumns} says so).
     */
    static void midValues(Path mif, List<Detail> notes) throws IOException {
        Path mid = companion(mif, "mid");
        String header = mifHeader(mif);
        Matcher columns = MIF_COLUMNS.matcher(header);
        if (mid == null || !columns.find()) {
            return;
        }
        Matcher delimiter = MIF_DELIMITER.matcher(header);
        char separator = delimiter.find() ? delimiter.group(1).charAt(0) : '\t';
        // each column's name (its bytes) and type, and where its type is written in the header
        int count = Integer.parseInt(columns.group(1));
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<int[]> typeAt = new ArrayList<>();
        Matcher line = Pattern.compile(
                        "(?m)^[ \\t]*(\"[^\"\\r\\n]*\"|[^\\s(]+)[ \\t]*([A-Za-z]+[^\\r\\n]*?)[ \\t]*\\r?$")
                .matcher(header);
        line.region(columns.end(), header.length());
        while (names.size() < count && line.find()) {
            names.add(line.group(1).replace("\"", ""));
            types.add(line.group(2).toLowerCase(Locale.ROOT).replaceAll("\\s", ""));
            typeAt.add(new int[] {line.start(2), line.end(2)});
        }
        boolean[] numeric = new boolean[names.size()];
        boolean[] date = new boolean[names.size()];
        boolean any = false;
        for (int i = 0; i < names.size(); i++) {
            String type = types.get(i);
            numeric[i] = separator != ','
                    && (type.startsWith("decimal")
                            || type.startsWith("float")
                            || type.startsWith("integer")
                            || type.startsWith("smallint")
                            || type.startsWith("largeint"));
            date[i] = type.equals("date");
            any |= numeric[i] || date[i];
        }
        if (!any) {
            return;
        }
        // what the values hold, by column: numbers with a comma, dates otherwise written, dates of no one day
        long[] commas = new long[names.size()];
        long[] dates = new long[names.size()];
        long[] undated = new long[names.size()];
        String[] commaExample = new String[names.size()];
        String[] dateExample = new String[names.size()];
        String[] undatedExample = new String[names.size()];
        try (java.io.BufferedReader in = Files.newBufferedReader(mid, StandardCharsets.ISO_8859_1)) {
            for (String row = in.readLine(); row != null; row = in.readLine()) {
                List<String> values = midFields(row, separator);
                for (int i = 0; i < Math.min(values.size(), names.size()); i++) {
                    String value = unquoted(values.get(i));
                    if (numeric[i] && LOCAL_NUMBER.matcher(value).matches()) {
                        commas[i]++;
                        commaExample[i] = commaExample[i] == null ? value : commaExample[i];
                    } else if (date[i] && !MAPINFO_DATE.matcher(value).matches()) {
                        if (oneDay(value) != null) {
                            dates[i]++;
                            dateExample[i] = dateExample[i] == null ? value : dateExample[i];
                        } else {
                            undated[i]++;
                            undatedExample[i] = undatedExample[i] == null ? value : undatedExample[i];
                        }
                    }
                }
            }
        }
        boolean rewrite = false;
        for (int i = 0; i < names.size(); i++) {
            rewrite |= commas[i] > 0 || dates[i] > 0 || undated[i] > 0;
        }
        if (!rewrite) {
            return;
        }
        boolean[] asText = new boolean[names.size()];
        for (int i = 0; i < names.size(); i++) {
            asText[i] = undated[i] > 0;
        }
        Path rewritten = mid.resolveSibling(mid.getFileName() + ".values");
        try (java.io.BufferedReader in = Files.newBufferedReader(mid, StandardCharsets.ISO_8859_1);
                java.io.BufferedWriter out = Files.newBufferedWriter(rewritten, StandardCharsets.ISO_8859_1)) {
            for (String row = in.readLine(); row != null; row = in.readLine()) {
                List<String> values = new ArrayList<>(midFields(row, separator));
                for (int i = 0; i < Math.min(values.size(), names.size()); i++) {
                    String value = unquoted(values.get(i));
                    if (numeric[i] && LOCAL_NUMBER.matcher(value).matches()) {
                        values.set(i, value.replaceAll("[ \\u00a0]", "").replace(',', '.'));
                    } else if (date[i]) {
                        java.time.LocalDate day = MAPINFO_DATE.matcher(value).matches() && !value.isEmpty()
                                ? oneDay(value.substring(0, 4) + "-" + value.substring(4, 6) + "-" + value.substring(6))
                                : oneDay(value);
                        if (asText[i]) {
                            String text = day != null ? day.toString() : value;
                            values.set(i, "\"" + text.replace("\"", "\"\"") + "\"");
                        } else if (day != null) {
                            values.set(i, day.toString().replace("-", ""));
                        }
                    }
                }
                out.write(String.join(String.valueOf(separator), values));
                out.write("\r\n");
            }
        }
        Files.move(rewritten, mid, StandardCopyOption.REPLACE_EXISTING);
        String charset = mifCharset(mif);
        java.nio.charset.Charset names8 = charset == null || charset.equalsIgnoreCase("Neutral") || isUtf8(charset)
                ? StandardCharsets.UTF_8
                : charset.equalsIgnoreCase("WindowsCyrillic")
                        ? java.nio.charset.Charset.forName("windows-1251")
                        : StandardCharsets.ISO_8859_1;
        StringBuilder edited = new StringBuilder(header);
        for (int i = names.size() - 1; i >= 0; i--) {
            if (asText[i]) {
                edited.replace(typeAt.get(i)[0], typeAt.get(i)[1], "Char(254)");
            }
        }
        for (int i = 0; i < names.size(); i++) {
            String name = new String(names.get(i).getBytes(StandardCharsets.ISO_8859_1), names8);
            if (commas[i] > 0) {
                notes.add(Detail.of(
                        "file_mapinfo_decimal_comma",
                        "the numbers of the field '{column}' are written with a decimal comma or spaces between"
                                + " thousands in {count} of its rows (such as '{example}'), which GDAL cuts at the first of"
                                + " them; they were read as the numbers written",
                        "column",
                        name,
                        "count",
                        commas[i],
                        "example",
                        commaExample[i]));
            }
            if (undated[i] > 0) {
                notes.add(Detail.of(
                        "file_mapinfo_dates_unreadable",
                        "the dates of the field '{column}' are not all written as MapInfo writes them (YYYYMMDD), and"
                                + " {count} of them name no one day (such as '{example}'): the field was read as text,"
                                + " its dates that do name one read as those days, and each row whose date cannot be"
                                + " read is named in the report",
                        "column",
                        name,
                        "count",
                        undated[i],
                        "example",
                        undatedExample[i]));
            } else if (dates[i] > 0) {
                notes.add(Detail.of(
                        "file_mapinfo_dates_written",
                        "the dates of the field '{column}' are written otherwise than MapInfo writes them"
                                + " (YYYYMMDD) in {count} of its rows (such as '{example}'), which GDAL leaves empty; they"
                                + " were read as the days written",
                        "column",
                        name,
                        "count",
                        dates[i],
                        "example",
                        dateExample[i]));
            }
        }
        if (!edited.toString().equals(header)) {
            Path out = mif.resolveSibling(mif.getFileName() + ".text");
            try (InputStream in = Files.newInputStream(mif);
                    OutputStream target = Files.newOutputStream(out)) {
                target.write(edited.toString().getBytes(StandardCharsets.ISO_8859_1));
                in.skipNBytes(header.length());
                in.transferTo(target);
            }
            Files.move(out, mif, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The values of a MID line, as written (quoted ones with their quotes), split at {@code separator} outside quotes. */
    private static List<String> midFields(String line, char separator) {
        List<String> values = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                values.add(value.toString());
                value.setLength(0);
                continue;
            }
            value.append(c);
        }
        values.add(value.toString());
        return values;
    }

    private static String unquoted(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
                ? v.substring(1, v.length() - 1).replace("\"\"", "\"").strip()
                : v;
    }

    /**
     * The one day {@code value} names: 15.03.2026, 2026-03-15 (or with '/' or '.'), and 15/03/2026 or
     * 3/15/2026 when one of the two is above 12 (or both are the same), a time after it left aside;
     * null for any other, or a day that does not exist.
     */
    static java.time.LocalDate oneDay(String value) {
        String v = value.strip().replaceFirst("[ T]+\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?$", "");
        Matcher m;
        int y;
        int mo;
        int d;
        if ((m = Pattern.compile("(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})").matcher(v)).matches()) {
            y = Integer.parseInt(m.group(1));
            mo = Integer.parseInt(m.group(2));
            d = Integer.parseInt(m.group(3));
        } else if ((m = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})").matcher(v)).matches()) {
            d = Integer.parseInt(m.group(1));
            mo = Integer.parseInt(m.group(2));
            y = Integer.parseInt(m.group(3));
        } else if ((m = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})").matcher(v)).matches()) {
            int a = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(2));
            y = Integer.parseInt(m.group(3));
            if (a > 12 && b <= 12) {
                d = a;
                mo = b;
            } else if (b > 12 && a <= 12) {
                mo = a;
                d = b;
            } else if (a == b) {
                d = a;
                mo = a;
            } else {
                // 03/04/2026: the 3rd of April to a Russian clerk, the 4th of March to an American Excel
                return null;
            }
        } else {
            return null;
        }
        try {
            return java.time.LocalDate.of(y, mo, d);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /**
     * The rows of attributes of the MapInfo table {@code table}: the count its {@code .dat} header
     * gives, or the lines of a MIF's {@code .mid}; 0 when it has none to read. Asked of a table in
     * which GDAL found no object, to tell a damaged {@code .map} from an empty table.
     */
    public static long rows(Path table) throws IOException {
        String name = table.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".tab")) {
            Path dat = companion(table, "dat");
            if (dat == null || Files.size(dat) < 8) {
                return 0;
            }
            try (InputStream in = Files.newInputStream(dat)) {
                byte[] head = in.readNBytes(8);
                return java.nio.ByteBuffer.wrap(head)
                                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                                .getInt(4)
                        & 0xffffffffL;
            }
        }
        Path mid = name.endsWith(".mif") ? companion(table, "mid") : null;
        if (mid == null) {
            return 0;
        }
        try (java.util.stream.Stream<String> lines = Files.lines(mid, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> !line.isBlank()).count();
        }
    }

    /**
     * What is wrong with the .mid of the MIF {@code mif}, once GDAL failed to read its rows: the first
     * line whose quotation mark is not closed, or fewer rows than the MIF has objects; null when
     * neither is (GDAL's own words then say what). Reads both files once.
     */
    public static String midDamage(Path mif) throws IOException {
        Path mid = name(mif).endsWith(".mif") ? companion(mif, "mid") : null;
        if (mid == null) {
            return null;
        }
        long rows = 0;
        try (java.io.BufferedReader in = Files.newBufferedReader(mid, StandardCharsets.ISO_8859_1)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rows++;
                if (line.chars().filter(c -> c == '"').count() % 2 != 0) {
                    return "line " + rows + " of " + mid.getFileName() + " has a quotation mark that is not closed:"
                            + " the rest of the file would be read as one value; correct the line, or export the"
                            + " table again from MapInfo (Table › Export)";
                }
            }
        }
        long objects = 0;
        long partsLeft = 0;
        boolean data = false;
        try (java.io.BufferedReader in = Files.newBufferedReader(mif, StandardCharsets.ISO_8859_1)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!data) {
                    data = MIF_DATA.matcher(line).matches();
                    continue;
                }
                String[] tokens = line.strip().split("\\s+");
                String first = tokens[0].toUpperCase(Locale.ROOT);
                if (!OBJECTS.contains(first)) {
                    continue;
                }
                if (partsLeft > 0 && COLLECTION_PARTS.contains(first)) {
                    partsLeft--;
                } else {
                    objects++;
                    partsLeft = first.equals("COLLECTION") && tokens.length > 1 ? leadingNumber(tokens[1]) : 0;
                }
            }
        }
        if (rows < objects) {
            return mid.getFileName() + " holds " + rows + " rows of attributes for the " + objects + " objects of "
                    + mif.getFileName() + ": the files do not belong together or one was not copied whole; export the"
                    + " table again from MapInfo (Table › Export)";
        }
        return null;
    }

    /**
     * Where the MapInfo TAB {@code tab} is damaged, by its row, once GDAL failed to read it: a
     * {@code .dat} that ends before the rows its header counts (the first row cut short), a {@code .map}
     * that ends before the blocks its rows' objects lie in (their rows, by the {@code .id} that places
     * them; GDAL reads the {@code .map} a 512-byte block at a time), else the feature id GDAL's own
     * words ({@code gdal}) name; null when none tells (GDAL's words then say what they can). Reads the
     * {@code .dat}'s header and the {@code .id}.
     */
    public static String tabDamage(Path tab, String gdal) throws IOException {
        if (!name(tab).endsWith(".tab")) {
            return null;
        }
        String table = "the MapInfo table " + tab.getFileName() + " is damaged: ";
        String advice = ". Copy the table's files again from where it was made, or open it in MapInfo and save a"
                + " copy (File › Save Copy As), and import that";
        Path dat = companion(tab, "dat");
        if (dat != null) {
            byte[] header;
            try (java.io.InputStream in = Files.newInputStream(dat)) {
                header = in.readNBytes(12);
            }
            if (header.length == 12) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                long rows = b.getInt(4) & 0xffffffffL;
                int headerLength = b.getShort(8) & 0xffff;
                int rowLength = b.getShort(10) & 0xffff;
                long size = Files.size(dat);
                if (rowLength > 0 && headerLength >= 32 && size < headerLength + rows * rowLength) {
                    long whole = Math.max(0, (size - headerLength) / rowLength);
                    return table + "its .dat ends after " + whole + " whole rows of the " + rows + " its header"
                            + " counts, in the middle of row " + (whole + 1) + ": row " + (whole + 1)
                            + (whole + 1 < rows ? " and the " + (rows - whole - 1) + " after it" : "")
                            + " cannot be read (the file was cut short in copying)" + advice;
                }
            }
        }
        Path map = companion(tab, "map");
        Path id = companion(tab, "id");
        if (map != null && id != null && Files.size(id) <= 64L * 1024 * 1024) {
            long size = Files.size(map);
            java.nio.ByteBuffer ids =
                    java.nio.ByteBuffer.wrap(Files.readAllBytes(id)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            long first = 0;
            long count = 0;
            try (java.nio.channels.SeekableByteChannel in = Files.newByteChannel(map)) {
                java.nio.ByteBuffer object = java.nio.ByteBuffer.allocate(9).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (int row = 1; ids.remaining() >= 4; row++) {
                    long offset = ids.getInt() & 0xffffffffL;
                    if (offset == 0) {
                        continue;
                    }
                    boolean cut = !whole(offset, size);
                    if (!cut) {
                        // a line's or region's points lie in a coordinate block of their own, which
                        // the object names after its type and id
                        object.clear();
                        in.position(offset);
                        while (object.hasRemaining() && in.read(object) > 0) {}
                        cut = !object.hasRemaining()
                                && COORDINATE_BLOCK_TYPES.contains(object.get(0) & 0xff)
                                && !whole(object.getInt(5) & 0xffffffffL, size);
                    }
                    if (cut) {
                        first = first == 0 ? row : first;
                        count++;
                    }
                }
            }
            if (first > 0) {
                return table + "its .map ends (at " + size + " bytes) before the object"
                        + (count > 1
                                ? "s of " + count + " of its rows, the first of them row " + first
                                : " of row " + first)
                        + ", which cannot be read (the file was cut short in copying)" + advice;
            }
        }
        java.util.regex.Matcher feature =
                java.util.regex.Pattern.compile("feature id (\\d+)").matcher(gdal == null ? "" : gdal);
        if (feature.find()) {
            return table + "GDAL cannot read row " + feature.group(1) + ", its object in the .map or its values in"
                    + " the .dat" + advice;
        }
        return null;
    }

    /**
     * The types of a .map's objects whose points lie in a coordinate block (MapInfo's polylines,
     * regions and multiple polylines, compressed or not, of each version), a 4-byte pointer to it
     * following the object's type and id.
     */
    private static final java.util.Set<Integer> COORDINATE_BLOCK_TYPES =
            java.util.Set.of(0x07, 0x08, 0x0d, 0x0e, 0x25, 0x26, 0x2e, 0x2f, 0x31, 0x32, 0x3d, 0x3e, 0x40, 0x41);

    /** Whether the 512-byte block of a .map of {@code size} bytes that {@code offset} lies in is whole: GDAL reads it so. */
    private static boolean whole(long offset, long size) {
        return offset / 512 * 512 + 512 <= size;
    }

    private static String name(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT);
    }

    /** The header of a MIF, up to its Data line, in ISO-8859-1 (its bytes as they are). */
    private static String mifHeader(Path mif) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(mif)) {
            head = in.readNBytes(HEADER_BYTES);
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        Matcher data = MIF_DATA.matcher(text);
        return data.find() ? text.substring(0, data.end()) : text;
    }

    /** The text of a MIF/MID pair to guess its code page from: the MIF's header (its column names) and the MID. */
    private static byte[] mifSample(Path mif) throws IOException {
        return mifSample(mif, true);
    }

    /** {@link #mifSample(Path)}, without the header when not {@code withHeader}: the values alone. */
    private static byte[] mifSample(Path mif, boolean withHeader) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        if (withHeader) {
            out.writeBytes(mifHeader(mif).getBytes(StandardCharsets.ISO_8859_1));
        }
        Path mid = companion(mif, "mid");
        if (mid != null) {
            try (InputStream in = Files.newInputStream(mid)) {
                out.writeBytes(in.readNBytes(SAMPLE_BYTES));
            }
        }
        return out.toByteArray();
    }

    /**
     * The text of a TAB to guess its code page from: its header (the field names) and the character
     * fields of its {@code .dat}, a dBase table whose numbers are binary (and would be read as letters).
     */
    private static byte[] tabSample(Path tab) throws IOException {
        return tabSample(tab, true);
    }

    /** {@link #tabSample(Path)}, without the header when not {@code withHeader}: the values alone. */
    private static byte[] tabSample(Path tab, boolean withHeader) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] header = Files.readAllBytes(tab);
        if (withHeader) {
            out.writeBytes(header);
            out.write('\n');
        }
        // the .dat marks every field 'C', binary numbers too: the .tab's own list says which are text
        List<Boolean> isText = new ArrayList<>();
        java.util.regex.Matcher fields = java.util.regex.Pattern.compile("(?im)^\\s*Fields\\s+(\\d+)\\s*$")
                .matcher(new String(header, java.nio.charset.StandardCharsets.ISO_8859_1));
        if (fields.find()) {
            String[] lines = new String(header, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .substring(fields.end())
                    .strip()
                    .split("\\R");
            for (int i = 0; i < Math.min(Integer.parseInt(fields.group(1)), lines.length); i++) {
                isText.add(lines[i].matches("(?i)\\s*\\S+\\s+Char\\b.*"));
            }
        }
        // a view of a dBASE table has its data in the .dbf
        Path dat = companion(tab, "dat") != null ? companion(tab, "dat") : companion(tab, "dbf");
        byte[] data;
        try (InputStream in = Files.newInputStream(dat)) {
            data = in.readNBytes(SAMPLE_BYTES);
        }
        if (data.length < 32) {
            return out.toByteArray();
        }
        int headerLength = (data[8] & 0xff) | (data[9] & 0xff) << 8;
        int recordLength = (data[10] & 0xff) | (data[11] & 0xff) << 8;
        // the character fields: offset in the record and width
        List<int[]> text = new ArrayList<>();
        int offset = 1;
        int index = 0;
        for (int at = 32; at + 32 <= Math.min(headerLength, data.length) && data[at] != 0x0d; at += 32, index++) {
            int width = data[at + 16] & 0xff;
            if (data[at + 11] == 'C' && (index >= isText.size() || isText.get(index))) {
                text.add(new int[] {offset, width});
            }
            offset += width;
        }
        if (recordLength <= 0) {
            return out.toByteArray();
        }
        for (int record = headerLength; record + recordLength <= data.length; record += recordLength) {
            for (int[] field : text) {
                out.write(data, record + field[0], field[1]);
                out.write(' ');
            }
        }
        return out.toByteArray();
    }

    private static Path companion(Path file, String extension) throws IOException {
        String name = file.getFileName().toString();
        String base = name.substring(0, name.lastIndexOf('.'));
        try (var files = Files.list(file.getParent())) {
            return files.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.equalsIgnoreCase(base + "." + extension);
                    })
                    .findFirst()
                    .orElse(null);
        }
    }

    /**
     * {@code text}, bytes of the TAB header {@code header} read as ISO-8859-1, in the code page the
     * header's {@code !charset} names: CP1251 for WindowsCyrillic, UTF-8 when a Neutral table's
     * bytes are UTF-8, else CP1251 for Neutral, as they are for any other.
     */
    static String inTabCharset(String text, String header) {
        Matcher m = TAB_CHARSET.matcher(header);
        String charset = null;
        while (m.find() && charset == null) {
            charset = m.group(2) != null ? m.group(2) : m.group(4).replace("\"", "");
        }
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (!beyondAscii(bytes)) {
            return text;
        }
        if (charset == null || charset.equalsIgnoreCase("Neutral") || isUtf8(charset)) {
            return CodePages.isUtf8(bytes, false)
                    ? new String(bytes, StandardCharsets.UTF_8)
                    : new String(bytes, java.nio.charset.Charset.forName("windows-1251"));
        }
        if (charset.equalsIgnoreCase("WindowsCyrillic")) {
            return new String(bytes, java.nio.charset.Charset.forName("windows-1251"));
        }
        if (charset.equalsIgnoreCase("CodePage866")) {
            return new String(bytes, java.nio.charset.Charset.forName("IBM866"));
        }
        return text;
    }

    /** A code page's name as {@link CodePages#toUtf8} reads it, UTF-8 in one spelling. */
    private static String named(String encoding) {
        String name = encoding.strip().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "UTF-8", "UTF8", "65001" -> "UTF-8";
            case "WINDOWS-1251", "1251" -> "CP1251";
            case "IBM866", "866" -> "CP866";
            default -> name;
        };
    }

    private static boolean isUtf8(String charset) {
        return charset.equalsIgnoreCase("UTF-8") || charset.equalsIgnoreCase("UTF8");
    }
}
