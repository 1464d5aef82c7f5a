package kz.adalmap.importers.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.adalmap.importers.report.Detail;

/**
 * The private copy of a KML file in UTF-8, which is all GDAL's XML reader and ours read besides
 * UTF-16 and Latin-1: read in the code page the user names, else in the one its bytes are in, which
 * is not always the one it declares. Windows Notepad's "ANSI" and older Russian converters write
 * CP1251 under a UTF-8 declaration or none; an editor that saves in UTF-8 keeps a {@code
 * windows-1251} declaration. As CSV and GeoJSON files are, the text is told by its bytes: no text in
 * a single-byte code page is whole UTF-8 letters throughout.
 */
final class KmlText {

    /** As many letters beyond ASCII as make a text UTF-8 rather than a code page's, as for CSV. */
    private static final int LETTERS = 3;

    private static final Pattern DECLARED = Pattern.compile("encoding\\s*=\\s*([\"'])([^\"']*)\\1");

    private KmlText() {}

    /** A KML NetworkLink, and in it its name and the address it loads its data from. */
    private static final Pattern NETWORK_LINK = Pattern.compile("<NetworkLink\\b.*?</NetworkLink>", Pattern.DOTALL);

    private static final Pattern LINK_NAME = Pattern.compile("<name>\\s*([^<]*?)\\s*</name>");

    private static final Pattern LINK_HREF = Pattern.compile("<href>\\s*([^<]*?)\\s*</href>");

    /**
     * Refuses the KML file {@code kml} (in UTF-8), sent as {@code sent}, when it holds no placemark and
     * only links to data on the internet ({@code <NetworkLink>}: Google My Maps' export kept up to
     * date, Google Earth's refreshing layer), which Google Earth loads and the import does not fetch,
     * naming the address and what to do; GDAL would find no layer in it and say only that.
     */
    static void refuseLinksOnly(Path kml, String sent) throws IOException {
        String text;
        try (InputStream in = Files.newInputStream(kml)) {
            // a file of links only is small: its first megabyte names them
            text = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        }
        // a placemark of KML 2.1's own types names it as its parent
        if (text.contains("Placemark") || Files.size(kml) > 1 << 20) {
            return;
        }
        String address = null;
        String name = "";
        for (Matcher link = NETWORK_LINK.matcher(text); link.find(); ) {
            Matcher href = LINK_HREF.matcher(link.group());
            if (!href.find()) {
                continue;
            }
            if (!href.group(1).toLowerCase(Locale.ROOT).matches("(https?|ftp)://.*")) {
                // a KMZ's link to a KML of its own, which is read
                return;
            }
            if (address == null) {
                address = href.group(1).replace("&amp;", "&");
                Matcher named = LINK_NAME.matcher(link.group());
                name = named.find() && !named.group(1).isBlank() ? " («" + named.group(1) + "»)" : "";
            }
        }
        if (address == null) {
            return;
        }
        throw new BadSourceException(
                SourceProblem.NO_FEATURES,
                "the KML file " + sent + " holds no features: it only links to " + address + name
                        + ", data on the internet that Google Earth loads and the import does not fetch. Open the file"
                        + " in Google Earth, right-click the folder it loaded and choose «Save Place As…» to save it"
                        + " as KML or KMZ, or download that address and send the file it gives (Google My Maps:"
                        + " export to KML/KMZ without «Keep data up to date with network link KML»)");
    }

    /** An image a KML lays over the map or the screen: a scanned plan, a photograph, a legend. */
    private static final Pattern OVERLAY =
            Pattern.compile("<(GroundOverlay|PhotoOverlay|ScreenOverlay)\\b.*?</\\1>", Pattern.DOTALL);

    /**
     * Refuses the KML file {@code kml} (in UTF-8), sent as {@code sent}, when it holds no placemark
     * and no link to other data, saying what it holds instead: images laid over the map (Google
     * Earth's {@code <GroundOverlay>} of a scanned plan, as a KMZ carries it with the image), named
     * with the first one's name and image, or nothing at all but empty folders (a folder saved before
     * the plots were put in it). GDAL would find no layer in it and say only that.
     */
    static void refuseNoPlacemarks(Path kml, String sent) throws IOException {
        String text;
        try (InputStream in = Files.newInputStream(kml)) {
            text = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        }
        if (text.contains("Placemark") || text.contains("NetworkLink") || Files.size(kml) > 1 << 20) {
            return;
        }
        Matcher overlay = OVERLAY.matcher(text);
        if (!overlay.find()) {
            throw new BadSourceException(
                    SourceProblem.NO_FEATURES,
                    "the KML file " + sent + " holds no placemarks (no points, lines or polygons)"
                            + (text.contains("<Folder") ? ", only empty folders" : "") + ": nothing to import."
                            + " In Google Earth, right-click the folder that holds the plots and choose «Save Place"
                            + " As…» to save it as KML or KMZ");
        }
        int count = 1;
        while (overlay.find(overlay.end())) {
            count++;
        }
        overlay.reset().find();
        Matcher named = LINK_NAME.matcher(overlay.group());
        Matcher image = LINK_HREF.matcher(overlay.group());
        String name = named.find() && !named.group(1).isBlank() ? "«" + named.group(1) + "»" : null;
        String file = image.find() && !image.group(1).isBlank() ? image.group(1).replace("&amp;", "&") : null;
        String which = name == null && file == null
                ? ""
                : " (" + (count > 1 ? "the first " : "")
                        + String.join(
                                ", ",
                                java.util.stream.Stream.of(name, file)
                                        .filter(java.util.Objects::nonNull)
                                        .toList())
                        + ")";
        throw new BadSourceException(
                SourceProblem.NO_FEATURES,
                "the KML file " + sent + " holds no placemarks, only "
                        + (count > 1 ? count + " images" : "an image") + " laid over the map" + which
                        + ": a scanned or photographed plan, with no outlines in it to import; the plots must"
                        + " first be drawn over it as polygons (Google Earth: Add › Polygon, or in QGIS), and"
                        + " that file imported");
    }

    /**
     * Rewrites {@code kml} in UTF-8 where it is not, adding to {@code notes} what was read how.
     *
     * @param encoding the code page the user named (canonical), or null
     * @return the code page the text was found in by its bytes when the user named none and it is
     *     not the one the file declares, else null
     * @throws BadSourceException when the code page named cannot be the file's
     */
    static String readable(Path kml, String encoding, List<Detail> notes) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(kml)) {
            head = in.readNBytes(256);
        }
        if (head.length >= 2
                && ((head[0] == (byte) 0xff && head[1] == (byte) 0xfe)
                        || (head[0] == (byte) 0xfe && head[1] == (byte) 0xff))) {
            // UTF-16, which GDAL reads and its byte order mark says
            return null;
        }
        String declaredName = declared(head);
        // a Windows or DOS code page GDAL does not know, as the file names it, or null
        String declaredPage = CodePages.xmlEncoding(kml);
        boolean declaresUtf8 = declaredName == null || isUtf8(declaredName);
        CodePages.Utf8Reading utf8 = CodePages.readUtf8(kml);
        boolean wholeUtf8 = utf8.broken() == 0 && utf8.characters() >= LETTERS;
        if (encoding != null && isUtf8(encoding)) {
            if (utf8.broken() > 0 && !utf8.damaged()) {
                String readsAs = CodePages.guessText(kml, utf8.firstHigh());
                throw new BadSourceException(
                        SourceProblem.UNKNOWN_ENCODING,
                        "the encoding given is UTF-8, but the KML file is not in UTF-8"
                                + (readsAs == null || readsAs.equals("UTF-16")
                                        ? ""
                                        : ": its text reads as " + readsAs + ". Choose " + readsAs)
                                + ", or leave the encoding for AdalMap to find");
            }
            broken(kml, utf8, notes);
            if (!declaresUtf8) {
                declareUtf8(kml);
                given(notes, "UTF-8", declaredName);
            }
            return null;
        }
        if (encoding != null) {
            if (wholeUtf8) {
                // no single-byte code page's Cyrillic text is UTF-8: read in one, each letter would be two signs
                throw new BadSourceException(
                        SourceProblem.UNKNOWN_ENCODING,
                        "the encoding given is " + encoding + ", but the KML file is in UTF-8: its "
                                + utf8.characters() + " letters beyond the Latin ones are all whole UTF-8 letters,"
                                + " and read in " + encoding + " each would be two wrong signs («Р–РµРєРµ» for"
                                + " «Жеке»). Choose UTF-8, or leave the encoding for AdalMap to find");
            }
            if (utf8.firstHigh() >= 0 || !declaresUtf8) {
                inUtf8(kml, encoding);
            }
            if (declaredName != null && !encoding.equals(safe(declaredName))) {
                given(notes, encoding, declaredName);
            }
            return null;
        }
        if (declaredPage != null) {
            if (wholeUtf8) {
                // an editor saved it in UTF-8 and kept the declaration
                declareUtf8(kml);
                notes.add(Detail.of(
                        "file_kml_utf8_under_code_page",
                        "the KML file declares the code page {declared}, but its text is in UTF-8: its {count}"
                                + " letters beyond the Latin ones are all whole UTF-8 letters, which text in {declared}"
                                + " never is (an editor saved it in UTF-8 and kept the declaration). It was read as"
                                + " UTF-8; pass the encoding explicitly if that is wrong",
                        "declared",
                        declaredName,
                        "count",
                        utf8.characters()));
                return "UTF-8";
            }
            inUtf8(kml, declaredPage);
            notes.add(Detail.of(
                    "file_kml_code_page",
                    "the KML file is in {code_page}, which it declares; it was read in that code page",
                    "code_page",
                    declaredPage));
            return null;
        }
        if (!declaresUtf8 || utf8.broken() == 0) {
            // UTF-8 as it says (or as XML is without a word), or Latin-1, which GDAL reads
            return null;
        }
        if (utf8.damaged()) {
            broken(kml, utf8, notes);
            return null;
        }
        String readsAs = CodePages.guessText(kml, utf8.firstHigh());
        if (readsAs == null || readsAs.equals("UTF-16")) {
            return null;
        }
        inUtf8(kml, readsAs);
        notes.add(
                declaredName == null
                        ? Detail.of(
                                "file_kml_not_utf8_undeclared",
                                "the KML file declares no code page, and so should be in UTF-8, but its text is not:"
                                        + " it reads as {code_page} (as Windows Notepad's \"ANSI\" and older converters"
                                        + " save it) and was read so; pass the encoding explicitly if that is wrong",
                                "code_page",
                                readsAs)
                        : Detail.of(
                                "file_kml_not_utf8_declared",
                                "the KML file declares UTF-8, but its text is not in UTF-8: it reads as {code_page}"
                                        + " (as Windows Notepad's \"ANSI\" and older converters save it) and was read"
                                        + " so; pass the encoding explicitly if that is wrong",
                                "code_page",
                                readsAs));
        return readsAs;
    }

    private static String safe(String name) {
        try {
            return CodePages.canonical(name);
        } catch (BadSourceException unknown) {
            return name;
        }
    }

    private static void given(List<Detail> notes, String encoding, String declared) {
        notes.add(Detail.of(
                "file_kml_encoding_given",
                "the KML file was read in {code_page}, the encoding given, not in {declared}, which it declares",
                "code_page",
                encoding,
                "declared",
                declared));
    }

    /** A UTF-8 text with a few letters cut in two: each read as U+FFFD, and said, as for CSV. */
    private static void broken(Path kml, CodePages.Utf8Reading utf8, List<Detail> notes) throws IOException {
        if (utf8.broken() == 0) {
            return;
        }
        CodePages.replaceBroken(kml);
        notes.add(utf8.brokenNote());
    }

    /** The code page the XML declaration names, as written, or null when it names none. */
    private static String declared(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("?>");
        if (!text.startsWith("<?xml") || end < 0) {
            return null;
        }
        Matcher m = DECLARED.matcher(text.substring(0, end));
        return m.find() ? m.group(2).strip() : null;
    }

    private static boolean isUtf8(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT).replace('_', '-');
        return n.equals("UTF-8") || n.equals("UTF8");
    }

    /** Rewrites {@code kml}, read in {@code codePage}, in UTF-8, its declaration saying so. */
    private static void inUtf8(Path kml, String codePage) throws IOException {
        Path text = kml.resolveSibling(kml.getFileName() + ".utf-8");
        CodePages.toUtf8(kml, text, codePage);
        Files.move(text, kml, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Rewrites {@code kml}'s declaration to say UTF-8, which its bytes are. */
    private static void declareUtf8(Path kml) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(kml)) {
            head = in.readNBytes(256);
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("?>");
        if (!text.startsWith("<?xml") || end < 0) {
            return;
        }
        String declaration =
                text.substring(0, end + 2).replaceFirst("encoding\\s*=\\s*([\"'])[^\"']*\\1", "encoding=\"UTF-8\"");
        Path written = kml.resolveSibling(kml.getFileName() + ".utf-8");
        try (InputStream in = Files.newInputStream(kml);
                java.io.OutputStream out = Files.newOutputStream(written)) {
            in.skipNBytes(end + 2);
            out.write(declaration.getBytes(StandardCharsets.ISO_8859_1));
            in.transferTo(out);
        }
        Files.move(written, kml, StandardCopyOption.REPLACE_EXISTING);
    }
}
