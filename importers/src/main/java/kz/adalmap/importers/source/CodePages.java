package kz.adalmap.importers.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The code pages of offices' files. Guesses the code page of a DBF that does not declare one (no
 * {@code .cpg}, no language driver byte), as the Shapefiles of many offices come, and of a CSV or
 * GeoJSON file (which never declares one): UTF-8, Windows Cyrillic (CP1251), DOS Cyrillic (CP866)
 * or the Kazakh code page (PT154, which adds Ә Ғ Қ Ң Ө Ұ Ү Һ І to CP1251). Each candidate decodes
 * the bytes above 127; the one that yields the most Russian and Kazakh letters wins. GDAL reads a
 * DBF in any of them but CSV and GeoJSON in UTF-8 only, so those are rewritten in UTF-8 first
 * ({@link #toUtf8}).
 */
public final class CodePages {

    /** Characters of PT154 at 0x80–0xBF; the rest of the code page is CP1251's. */
    private static final String PT154_HIGH = "ҖҒӮғ„…ҶҮҲүҠӢҢҚҺҸҗ‘’“”•–—ҳҷҡӣңқһҹ ЎўЈӨҘҰ§Ё©Ә«¬ӯ®Ҝ°ұІіҙө¶·ё№ә»јҪҫҝ";

    private static final String LETTERS = "ЁёӘәҒғҚқҢңӨөҰұҮүҺһІі";
    private static final int SAMPLE_BYTES = 4 * 1024 * 1024;

    private CodePages() {}

    /**
     * The code page to read {@code dbf} with, or null when it says its own, holds only ASCII or is
     * valid UTF-8 (which GDAL reads as it is). {@code declaredUtf8}: its {@code .cpg} says UTF-8, and
     * its language driver byte, which then says nothing true either, is not looked at.
     */
    public static String guess(Path dbf, boolean declaredUtf8) throws IOException {
        byte[] data;
        try (InputStream in = Files.newInputStream(dbf)) {
            data = in.readNBytes(SAMPLE_BYTES);
        }
        if (data.length < 32 || (data[29] != 0 && !declaredUtf8)) {
            return null;
        }
        int headerLength = (data[8] & 0xff) | (data[9] & 0xff) << 8;
        if (headerLength >= data.length) {
            return null;
        }
        return guessText(java.util.Arrays.copyOfRange(data, headerLength, data.length), data.length == SAMPLE_BYTES);
    }

    /**
     * The code page a text file's text (a CSV or GeoJSON file) is in, or null when it holds only
     * ASCII or is valid UTF-8; read from its first megabytes. UTF-16 is known by its byte order mark
     * (Excel's "Unicode text").
     */
    public static String guessText(Path file) throws IOException {
        byte[] data;
        try (InputStream in = Files.newInputStream(file)) {
            data = in.readNBytes(SAMPLE_BYTES);
        }
        if (data.length >= 2
                && ((data[0] == (byte) 0xff && data[1] == (byte) 0xfe)
                        || (data[0] == (byte) 0xfe && data[1] == (byte) 0xff))) {
            return "UTF-16";
        }
        return guessText(data, data.length == SAMPLE_BYTES);
    }

    /**
     * The candidate code page in which {@code text} reads as the most Russian and Kazakh letters, or
     * null when it is ASCII or UTF-8. {@code truncated}: the bytes are a sample cut anywhere.
     */
    private static String guessText(byte[] text, boolean truncated) {
        // how often each byte above 127 comes, then how many of them are letters in each code page
        long[] counts = new long[128];
        boolean above = false;
        for (byte b : text) {
            if (b < 0) {
                counts[(b & 0xff) - 0x80]++;
                above = true;
            }
        }
        if (!above || isUtf8(text, truncated)) {
            return null;
        }
        String best = null;
        long bestScore = -1;
        for (String candidate : List.of("CP1251", "CP866", "PT154")) {
            char[] high = HIGH_HALVES.get(candidate);
            long score = 0;
            for (int i = 0; i < 128; i++) {
                if (isLetter(high[i])) {
                    score += counts[i];
                }
            }
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * Rewrites {@code source} into {@code target} in UTF-8, reading it in the single-byte code page
     * {@code encoding} (CP1251, CP866, PT154 or KZ-1048, ISO-8859-1), or in UTF-16.
     */
    public static void toUtf8(Path source, Path target, String encoding) throws IOException {
        String name = encoding.toUpperCase(java.util.Locale.ROOT);
        if (name.equals("UTF-16")) {
            // the byte order mark says which end comes first, and is not written again
            try (java.io.Reader in = Files.newBufferedReader(source, StandardCharsets.UTF_16);
                    java.io.Writer out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                in.transferTo(out);
            }
            return;
        }
        char[] high = HIGH_HALVES.get(
                switch (name) {
                    case "CP1251", "WINDOWS-1251" -> "CP1251";
                    case "CP866", "IBM866" -> "CP866";
                    case "PT154", "KZ-1048" -> "PT154";
                    case "ISO-8859-1" -> "ISO-8859-1";
                    default ->
                        throw new BadSourceException(
                                SourceProblem.UNKNOWN_ENCODING,
                                "unknown code page '" + encoding + "'; use UTF-8, CP1251, CP866 or PT154 (KZ-1048)");
                });
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(source), 1 << 16);
                java.io.Writer out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            byte[] declaration = xmlDeclaration(source);
            if (declaration != null) {
                // the XML says its code page: the copy is UTF-8, and says so
                in.skipNBytes(declaration.length);
                out.write(new String(declaration, StandardCharsets.ISO_8859_1)
                        .replaceFirst("encoding\\s*=\\s*([\"'])[^\"']*\\1", "encoding=\"UTF-8\""));
            }
            byte[] bytes = new byte[1 << 16];
            char[] chars = new char[bytes.length];
            int n;
            while ((n = in.read(bytes)) > 0) {
                for (int i = 0; i < n; i++) {
                    int b = bytes[i] & 0xff;
                    chars[i] = b < 0x80 ? (char) b : high[b - 0x80];
                }
                out.write(chars, 0, n);
            }
        }
    }

    /**
     * The code page an XML file (KML) declares, when it is one GDAL's XML reader does not know
     * (anything but UTF-8, UTF-16, ISO-8859-1 and ASCII: Russian tools write windows-1251), as one
     * {@link #toUtf8} reads; null when it declares none or one GDAL reads.
     */
    public static String xmlEncoding(Path xml) throws IOException {
        try (InputStream in = Files.newInputStream(xml)) {
            return xmlEncoding(in.readNBytes(256));
        }
    }

    /** {@link #xmlEncoding(Path)} of the KML inside a KMZ (its doc.kml, else its first .kml). */
    public static String kmzEncoding(Path kmz) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(kmz.toFile())) {
            java.util.zip.ZipEntry kml = kmzDocument(zip);
            if (kml == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(kml)) {
                return xmlEncoding(in.readNBytes(256));
            }
        } catch (java.util.zip.ZipException e) {
            // GDAL says what is wrong with it
            return null;
        }
    }

    /** The KML of a KMZ that GDAL reads: its doc.kml, else its first .kml; null when it has none. */
    static java.util.zip.ZipEntry kmzDocument(java.util.zip.ZipFile kmz) {
        return kmz.stream()
                .filter(e -> !e.isDirectory()
                        && e.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".kml"))
                .min(java.util.Comparator.comparing(
                        (java.util.zip.ZipEntry e) -> !e.getName().equalsIgnoreCase("doc.kml")))
                .orElse(null);
    }

    /**
     * {@link #guessText(Path)} of text gathered from a file's parts (a MapInfo table's header and its
     * character fields); {@code truncated}: the last part is a sample cut anywhere.
     */
    public static String guessBytes(byte[] text, boolean truncated) {
        return guessText(text, truncated);
    }

    private static String xmlEncoding(byte[] head) {
        byte[] declaration = xmlDeclaration(head);
        if (declaration == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("encoding\\s*=\\s*[\"']([^\"']*)[\"']")
                .matcher(new String(declaration, StandardCharsets.ISO_8859_1));
        if (!m.find()) {
            return null;
        }
        String declared = m.group(1).toUpperCase(java.util.Locale.ROOT).replace('_', '-');
        return switch (declared) {
            case "WINDOWS-1251", "CP1251", "CP-1251" -> "CP1251";
            case "IBM866", "CP866", "CP-866" -> "CP866";
            case "PT154", "PTCP154", "KZ-1048" -> "PT154";
            default -> null;
        };
    }

    /** The XML declaration ({@code <?xml … ?>}) that begins {@code file}, or null. */
    private static byte[] xmlDeclaration(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return xmlDeclaration(in.readNBytes(256));
        }
    }

    private static byte[] xmlDeclaration(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("?>");
        return text.startsWith("<?xml") && end > 0 ? java.util.Arrays.copyOf(head, end + 2) : null;
    }

    private static boolean isUtf8(byte[] bytes, boolean truncated) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    // a sample cut in the middle of a character is still UTF-8
                    .decode(ByteBuffer.wrap(bytes, 0, truncated ? Math.max(0, bytes.length - 4) : bytes.length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The characters of the bytes 0x80–0xFF in each single-byte code page read here. */
    private static final java.util.Map<String, char[]> HIGH_HALVES = java.util.Map.of(
            "CP1251", highHalf(Charset.forName("windows-1251")),
            "CP866", highHalf(Charset.forName("IBM866")),
            "PT154", pt154HighHalf(),
            "ISO-8859-1", highHalf(StandardCharsets.ISO_8859_1));

    private static char[] highHalf(Charset charset) {
        byte[] bytes = new byte[128];
        for (int i = 0; i < 128; i++) {
            bytes[i] = (byte) (0x80 + i);
        }
        // a byte the code page leaves unassigned decodes to the replacement character
        return new String(bytes, charset).toCharArray();
    }

    /** PT154: its own characters at 0x80–0xBF, CP1251's above. */
    private static char[] pt154HighHalf() {
        char[] high = highHalf(Charset.forName("windows-1251"));
        PT154_HIGH.getChars(0, PT154_HIGH.length(), high, 0);
        return high;
    }

    private static boolean isLetter(char c) {
        return (c >= 'А' && c <= 'я') || LETTERS.indexOf(c) >= 0;
    }
}
