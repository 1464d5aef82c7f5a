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
import kz.adalmap.importers.report.Detail;

/**
 * The code pages of offices' files. Guesses the code page of a DBF that does not declare one (no
 * {@code .cpg}, no Cyrillic language driver byte), as the Shapefiles of many offices come, and of a CSV or
 * GeoJSON file (which never declares one): UTF-8, Windows Cyrillic (CP1251), DOS Cyrillic (CP866)
 * or one of the Kazakh code pages (PT154 and KZ-1048, which add Ә Ғ Қ Ң Ө Ұ Ү Һ І to CP1251, each
 * in places of its own). Each candidate decodes
 * the bytes above 127; the one that yields the most Russian and Kazakh letters wins. GDAL reads a
 * DBF in any of them but CSV and GeoJSON in UTF-8 only, so those are rewritten in UTF-8 first
 * ({@link #toUtf8}).
 */
public final class CodePages {

    /** Characters of PT154 at 0x80–0xBF; the rest of the code page is CP1251's. */
    private static final String PT154_HIGH = "ҖҒӮғ„…ҶҮҲүҠӢҢҚҺҸҗ‘’“”•–—ҳҷҡӣңқһҹ\u00A0ЎўЈӨҘҰ§Ё©Ә«¬ӯ®Ҝ°ұІіҙө¶·ё№ә»јҪҫҝ";

    /**
     * Characters of KZ-1048 (the Kazakh standard STRK 1048, RK1048 to iconv) at 0x80–0xBF; the rest
     * is CP1251's. It places the Kazakh letters elsewhere than PT154 does: read in the other code
     * page, «ң» becomes «ҫ».
     */
    private static final String KZ1048_HIGH =
            "ЂЃ‚ѓ„…†‡€‰Љ‹ЊҚҺЏђ‘’“”•–—\uFFFD™љ›њқһџ\u00A0ҰұӘ¤Ө¦§Ё©Ғ«¬\u00AD®Ү°±Ііөµ¶·ё№ғ»әҢңү";

    /** The code pages a file's text is guessed in, the first winning a tie (Russian text reads alike in three). */
    /**
     * The code pages a text may be in, the likelier first (a text that reads as many letters in two
     * is read in the first): Excel for Mac's «CSV (Macintosh)» writes x-mac-cyrillic, whose capitals
     * stand where CP1251's signs do.
     */
    private static final List<String> CANDIDATES = List.of("CP1251", "CP866", "PT154", "KZ-1048", "MacCyrillic");

    private static final String LETTERS = "ЁёӘәҒғҚқҢңӨөҰұҮүҺһІі";
    private static final int SAMPLE_BYTES = 4 * 1024 * 1024;

    private CodePages() {}

    /**
     * The code page to read {@code dbf} with, or null when it says a Cyrillic one of its own, holds
     * only ASCII or is valid UTF-8 (which GDAL reads as it is). {@code declaredUtf8}: its {@code
     * .cpg} says UTF-8, and its language driver byte, which then says nothing true either, is not
     * looked at. The field names are read with the records: a table whose names are Russian and whose
     * values are numbers and codes is as Cyrillic as any.
     */
    public static String guess(Path dbf, boolean declaredUtf8) throws IOException {
        byte[] data = sample(dbf);
        int headerLength = headerLength(data);
        if (headerLength < 0 || (ofLanguageMark(languageDriver(data)) != null && !declaredUtf8)) {
            return null;
        }
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream(data.length);
        boolean truncated = data.length == SAMPLE_BYTES;
        if (isUtf8Table(data, headerLength, text)) {
            return null;
        }
        return guessText(text.toByteArray(), truncated);
    }

    /**
     * How a text file reads as UTF-8: the characters of two or more bytes it holds whole, and the
     * bytes that begin none or break one off (the first of them on line {@code firstLine}), and
     * {@code firstHigh}, the offset of its first byte beyond ASCII (-1 when it has none), where
     * {@link #guessText(Path, long)} looks for its code page.
     */
    public record Utf8Reading(long characters, long broken, long firstLine, long firstHigh) {

        public Utf8Reading(long characters, long broken, long firstLine) {
            this(characters, broken, firstLine, -1);
        }

        /**
         * UTF-8 but for a few damaged bytes (a letter cut in two by a copy, or by a file cut short):
         * no other code page's Cyrillic text forms whole UTF-8 characters more than now and then (a
         * capital followed by a Kazakh letter in KZ-1048), let alone twenty times as often as not.
         */
        public boolean damaged() {
            return broken > 0 && characters >= 20 * broken;
        }

        /** The report's note that the damaged bytes were each read as U+FFFD ({@link #replaceBroken}). */
        public Detail brokenNote() {
            return broken == 1
                    ? Detail.of(
                            "file_utf8_broken_one",
                            "the file is in UTF-8 but for one damaged byte, on line {line}: a letter cut in"
                                    + " two, as a copy or a file cut short leaves it. It was read as the sign"
                                    + " \ufffd, the rest of the text as it is; correct the letter in the file,"
                                    + " or send it again",
                            "line",
                            firstLine)
                    : Detail.of(
                            "file_utf8_broken",
                            "the file is in UTF-8 but for {count} damaged bytes, the first on line {line}:"
                                    + " letters cut in two, as a copy or a file cut short leaves them. Each was"
                                    + " read as the sign \ufffd, the rest of the text as it is; correct the"
                                    + " letters in the file, or send it again",
                            "count",
                            broken,
                            "line",
                            firstLine);
        }
    }

    /** Reads the whole of {@code file} as UTF-8, counting what {@link Utf8Reading} counts. */
    public static Utf8Reading readUtf8(Path file) throws IOException {
        long characters = 0;
        long broken = 0;
        long line = 1;
        long firstLine = 0;
        long firstHigh = -1;
        long offset = 0; // of the buffer's first byte
        int needed = 0; // the continuation bytes the character begun still needs
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    int b = buffer[i] & 0xff;
                    if (b >= 0x80 && firstHigh < 0) {
                        firstHigh = offset + i;
                    }
                    if (needed > 0) {
                        if ((b & 0xC0) == 0x80) {
                            if (--needed == 0) {
                                characters++;
                            }
                            continue;
                        }
                        // the character broke off: this byte begins what comes next
                        needed = 0;
                        broken++;
                        firstLine = firstLine == 0 ? line : firstLine;
                    }
                    if (b == '\n') {
                        line++;
                    } else if (b >= 0xC2 && b <= 0xDF) {
                        needed = 1;
                    } else if (b >= 0xE0 && b <= 0xEF) {
                        needed = 2;
                    } else if (b >= 0xF0 && b <= 0xF4) {
                        needed = 3;
                    } else if (b >= 0x80) {
                        broken++;
                        firstLine = firstLine == 0 ? line : firstLine;
                    }
                }
                offset += n;
            }
        }
        if (needed > 0) {
            // cut off at the end of the file
            broken++;
            firstLine = firstLine == 0 ? line : firstLine;
        }
        return new Utf8Reading(characters, broken, firstLine, firstHigh);
    }

    /** Rewrites {@code file}, UTF-8 but for some bytes, with U+FFFD in place of each damaged character. */
    public static void replaceBroken(Path file) throws IOException {
        Path whole = file.resolveSibling(file.getFileName() + ".utf8");
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (java.io.Reader in = new java.io.InputStreamReader(Files.newInputStream(file), utf8);
                java.io.Writer out = Files.newBufferedWriter(whole, StandardCharsets.UTF_8)) {
            in.transferTo(out);
        }
        Files.move(whole, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * What {@link #repairUtf8Dbf} found in a .dbf in UTF-8 but for some bytes: the letters a field's
     * width cut in two at its end (a tool that cut the text to the field by bytes), and the bytes
     * elsewhere that begin or end no letter; the first record (from 1) with each.
     */
    public record DbfUtf8Repair(long cut, long firstCut, long damaged, long firstDamaged) {}

    /**
     * Makes the records of {@code dbf} (a private copy) valid UTF-8 when they are UTF-8 but for a few
     * bytes ({@link Utf8Reading#damaged}): half a letter at the end of a field becomes a space, a
     * damaged byte elsewhere a question mark, field by field so that no value moves; returns what it
     * changed, or null when the records are valid UTF-8, or not UTF-8 at all (their code page is
     * then told by their text). GDAL would otherwise force the whole value of a field with one
     * such byte into ASCII, every letter a question mark.
     */
    public static DbfUtf8Repair repairUtf8Dbf(Path dbf) throws IOException {
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(
                dbf, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            ByteBuffer head = ByteBuffer.allocate(32).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            if (file.read(head, 0) < 32) {
                return null;
            }
            long records = head.getInt(4) & 0xffffffffL;
            int headerLength = head.getShort(8) & 0xffff;
            int recordLength = head.getShort(10) & 0xffff;
            if (headerLength < 33 || recordLength < 2 || headerLength > file.size()) {
                return null;
            }
            ByteBuffer descriptors = ByteBuffer.allocate(headerLength - 32);
            file.read(descriptors, 32);
            List<Integer> widths = new java.util.ArrayList<>();
            for (int at = 0; at + 32 <= descriptors.capacity() && descriptors.get(at) != 0x0D; at += 32) {
                widths.add(descriptors.get(at + 16) & 0xff);
            }
            if (widths.stream().mapToInt(Integer::intValue).sum() + 1 != recordLength) {
                return null;
            }
            records = Math.min(records, (file.size() - headerLength) / recordLength);
            long[] counts = new long[5]; // whole characters, cut, damaged, the first record cut, damaged
            for (boolean write : new boolean[] {false, true}) {
                int batch = Math.max(1, (1 << 20) / recordLength);
                ByteBuffer buffer = ByteBuffer.allocate(batch * recordLength);
                for (long first = 0; first < records; first += batch) {
                    int n = (int) Math.min(batch, records - first);
                    long position = headerLength + first * recordLength;
                    buffer.clear().limit(n * recordLength);
                    file.read(buffer, position);
                    byte[] bytes = buffer.array();
                    boolean changed = false;
                    for (int r = 0; r < n; r++) {
                        int at = r * recordLength + 1; // the deletion flag first
                        for (int width : widths) {
                            changed |= repairField(bytes, at, width, write, counts, first + r + 1);
                            at += width;
                        }
                    }
                    if (write && changed) {
                        file.write(ByteBuffer.wrap(bytes, 0, n * recordLength), position);
                    }
                }
                long damaged = counts[1] + counts[2];
                if (!write && (damaged == 0 || !new Utf8Reading(counts[0], damaged, 0).damaged())) {
                    return null;
                }
            }
            return new DbfUtf8Repair(counts[1], counts[3], counts[2], counts[4]);
        }
    }

    /**
     * Reads one field of a record as UTF-8, counting into {@code counts} (on the first pass only) and,
     * when {@code write}, making it valid; returns whether it changed a byte.
     */
    private static boolean repairField(byte[] bytes, int from, int width, boolean write, long[] counts, long record) {
        int end = from + width;
        // the text ends before the spaces that pad it
        int last = end;
        while (last > from && bytes[last - 1] == ' ') {
            last--;
        }
        boolean changed = false;
        int i = from;
        while (i < end) {
            int b = bytes[i] & 0xff;
            int length = b < 0x80
                    ? 1
                    : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
            int whole = 1;
            while (length > 1 && whole < length && i + whole < end && (bytes[i + whole] & 0xC0) == 0x80) {
                whole++;
            }
            if (length == 1) {
                i++;
                continue;
            }
            if (length > 1 && whole == length) {
                counts[0] += write ? 0 : 1;
                i += length;
                continue;
            }
            boolean cut = length > 1 && i + whole == last && last == end;
            if (!write) {
                counts[cut ? 1 : 2]++;
                counts[cut ? 3 : 4] = counts[cut ? 3 : 4] == 0 ? record : counts[cut ? 3 : 4];
            } else {
                // half a letter at the end of a full field: the text ends before it
                java.util.Arrays.fill(bytes, i, i + whole, cut ? (byte) ' ' : (byte) '?');
                changed = true;
            }
            i += whole;
        }
        return changed;
    }

    /** The first {@link #SAMPLE_BYTES} of {@code file}, or all of it. */
    private static byte[] sample(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(SAMPLE_BYTES);
        }
    }

    /** The length of the header of the DBF {@code data} begins, or -1 when it holds no whole header. */
    private static int headerLength(byte[] data) {
        if (data.length < 32) {
            return -1;
        }
        int length = (data[8] & 0xff) | (data[9] & 0xff) << 8;
        return length < data.length ? length : -1;
    }

    /**
     * Whether {@code data} (a DBF's first bytes, its header {@code headerLength} long) is UTF-8 in
     * its field names and its records; its names, each followed by a space, and its records are
     * written to {@code text}.
     */
    private static boolean isUtf8Table(byte[] data, int headerLength, java.io.ByteArrayOutputStream text) {
        // each field's descriptor is 32 bytes from offset 32, its name the first 11, up to a zero
        boolean namesUtf8 = true;
        for (int field = 32; field + 32 <= headerLength && data[field] != 0x0D; field += 32) {
            int end = field;
            while (end < field + 11 && data[end] != 0) {
                end++;
            }
            byte[] name = java.util.Arrays.copyOfRange(data, field, end);
            // a UTF-8 name cut to the 10 bytes a DBF keeps may end in half a letter
            namesUtf8 &= isUtf8(name, true);
            text.write(name, 0, name.length);
            text.write(' ');
        }
        text.write(data, headerLength, data.length - headerLength);
        return namesUtf8
                && isUtf8(java.util.Arrays.copyOfRange(data, headerLength, data.length), data.length == SAMPLE_BYTES);
    }

    /**
     * Whether {@code dbf}'s text, its field names and records, is UTF-8 with letters beyond ASCII:
     * Cyrillic written in UTF-8, whatever its .cpg or language mark say (a Windows code page's
     * Russian text is never valid UTF-8).
     */
    public static boolean isUtf8Text(Path dbf) throws IOException {
        byte[] data = sample(dbf);
        int headerLength = headerLength(data);
        if (headerLength < 0) {
            return false;
        }
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream(data.length);
        if (!isUtf8Table(data, headerLength, text)) {
            return false;
        }
        for (byte b : text.toByteArray()) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The Cyrillic code page the language driver byte {@code driver} (offset 29 of a DBF) names, as
     * GDAL reads the DBF in it: 0x26 and 0x65 CP866, 0xC9 CP1251; else null. Any other mark says
     * nothing true of a Kazakh office's file: 0x57 is «ANSI», the code page of whatever computer
     * wrote it (ArcGIS writes it), and the Latin ones (0x01–0x03, 0x58, 0x59) come from tools set up
     * for Western Europe.
     */
    static String ofLanguageMark(int driver) {
        return driver == 0x26 || driver == 0x65 ? "CP866" : driver == 0xC9 ? "CP1251" : null;
    }

    /** The language driver byte of a DBF's header (0: none). */
    public static int languageDriver(byte[] header) {
        return header.length > 29 ? header[29] & 0xff : 0;
    }

    /**
     * The code page a text file's text (a CSV or GeoJSON file) is in, or null when it holds only
     * ASCII or is valid UTF-8; read from the megabytes from its first byte beyond ASCII on, which an
     * export may write only after megabytes of numbers and codes (the whole file is read when it is
     * all ASCII). UTF-16 is known by its byte order mark (Excel's "Unicode text").
     */
    public static String guessText(Path file) throws IOException {
        long offset = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] < 0) {
                        return guessText(file, offset + i);
                    }
                }
                offset += n;
            }
        }
        return guessText(file, -1);
    }

    /**
     * Like {@link #guessText(Path)}, the offset of the file's first byte beyond ASCII known
     * ({@code firstHigh}, -1 for none: {@link Utf8Reading}): only the sample there is read.
     */
    public static String guessText(Path file, long firstHigh) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(2);
        }
        if (head.length >= 2
                && ((head[0] == (byte) 0xff && head[1] == (byte) 0xfe)
                        || (head[0] == (byte) 0xfe && head[1] == (byte) 0xff))) {
            return "UTF-16";
        }
        if (firstHigh < 0) {
            return null;
        }
        // from a little before it: the words the letters stand in, all ASCII, cut no character in two
        long from = Math.max(0, firstHigh - 4096);
        byte[] data;
        try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file)) {
            channel.position(from);
            data = java.nio.channels.Channels.newInputStream(channel).readNBytes(SAMPLE_BYTES);
        }
        return guessText(data, data.length == SAMPLE_BYTES);
    }

    /**
     * The candidate code page in which {@code text} reads as the most Russian and Kazakh letters, or
     * CP1252 when more of its letters of the upper half stand in words of mostly plain Latin letters
     * than in the others, or null when it is ASCII or UTF-8. {@code truncated}: the bytes are a sample cut anywhere.
     */
    private static String guessText(byte[] text, boolean truncated) {
        boolean above = false;
        for (byte b : text) {
            if (b < 0) {
                above = true;
                break;
            }
        }
        if (!above || isUtf8(text, truncated)) {
            return null;
        }
        // a byte counts when it is a letter beside another: words are runs of letters, and a stray
        // byte among numbers or codes (a width, a flag) is a letter in some code page or other
        String best = null;
        long bestScore = -1;
        for (String candidate : CANDIDATES) {
            char[] high = HIGH_HALVES.get(candidate);
            boolean[] letter = new boolean[128];
            for (int i = 0; i < 128; i++) {
                letter[i] = isLetter(high[i]);
            }
            long score = 0;
            for (int i = 0; i < text.length; i++) {
                if (text[i] < 0
                        && letter[text[i] & 0x7f]
                        && ((i > 0 && text[i - 1] < 0 && letter[text[i - 1] & 0x7f])
                                || (i + 1 < text.length && text[i + 1] < 0 && letter[text[i + 1] & 0x7f]))) {
                    score++;
                }
            }
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        // Latin letters with marks («Nação», «Atlântico», Kazakh in Latin letters «Ädebi») stand in
        // words of mostly plain Latin letters; Cyrillic words are mostly of the upper half, though a
        // Latin look-alike may be typed into them («Бiрлiк» with a Latin i)
        char[] latin = HIGH_HALVES.get("CP1252");
        char[] cyrillic = HIGH_HALVES.get("CP1251");
        long inLatinWords = 0;
        long inOtherWords = 0;
        int plain = 0;
        int upper = 0;
        for (int i = 0; i <= text.length; i++) {
            byte b = i < text.length ? text[i] : (byte) ' ';
            if (isAsciiLetter(b)) {
                plain++;
            } else if (b < 0 && (Character.isLetter(latin[b & 0x7f]) || isLetter(cyrillic[b & 0x7f]))) {
                upper++;
            } else {
                if (plain > upper) {
                    inLatinWords += upper;
                } else if (upper > plain) {
                    inOtherWords += upper;
                }
                plain = 0;
                upper = 0;
            }
        }
        return inLatinWords > inOtherWords ? "CP1252" : best;
    }

    private static boolean isAsciiLetter(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }

    /**
     * The code page {@code encoding} names, as AdalMap names it: {@code UTF-8}, {@code CP1251},
     * {@code CP866}, {@code PT154}, {@code KZ-1048}, {@code CP1252} or {@code ISO-8859-1},
     * whichever of their usual names is given
     * («windows-1251», «1251», «IBM866», «RK1048»…); null for null. Any other name is refused: GDAL
     * would read the file in no code page at all.
     */
    public static String canonical(String encoding) {
        if (encoding == null) {
            return null;
        }
        String name = encoding.strip().toUpperCase(java.util.Locale.ROOT).replace('_', '-');
        return switch (name.replaceAll("^(CP|WINDOWS|WIN|ANSI|IBM|OEM|DOS)[ -]?(?=\\d)", "")) {
            case "UTF-8", "UTF8", "65001" -> "UTF-8";
            case "1251" -> "CP1251";
            case "866" -> "CP866";
            case "PT154", "PTCP154", "PT-154", "154" -> "PT154";
            case "KZ-1048", "KZ1048", "RK1048", "RK-1048", "STRK1048", "STRK1048-2002", "1048" -> "KZ-1048";
            // Excel for Mac's «CSV (Macintosh)»
            case "MACCYRILLIC", "X-MACCYRILLIC", "X-MAC-CYRILLIC", "MAC-CYRILLIC", "10007" -> "MacCyrillic";
            // Latin text with marks, from a Windows or a program set up for Western Europe
            case "1252" -> "CP1252";
            case "ISO-8859-1", "ISO8859-1", "8859-1", "88591", "LATIN1", "LATIN-1" -> "ISO-8859-1";
            default ->
                throw new BadSourceException(
                        SourceProblem.UNKNOWN_ENCODING,
                        "unknown code page '" + encoding
                                + "'; use UTF-8, CP1251 (Windows Cyrillic), CP866 (DOS Cyrillic), PT154 or KZ-1048"
                                + " (the two Kazakh code pages), MacCyrillic (Excel for Mac's CSV), or CP1252 or ISO-8859-1 for Latin"
                                + " letters with marks");
        };
    }

    /** {@code bytes} decoded in the {@link #canonical} code page {@code encoding}; null for UTF-8. */
    static String decode(byte[] bytes, String encoding) {
        char[] high = encoding == null ? null : HIGH_HALVES.get(encoding);
        if (high == null) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            chars[i] = b < 0x80 ? (char) b : high[b - 0x80];
        }
        return new String(chars);
    }

    /**
     * {@code UTF-16LE} or {@code UTF-16BE} for a text file in UTF-16 without a byte order mark, known by
     * its NUL bytes: in its first kilobytes, every other byte (the high one of Latin letters, digits and
     * separators) is NUL on one side and nearly none on the other. Null for any other file, and for
     * one that has the mark ({@link #guessText(Path, long)} knows it by that).
     */
    public static String utf16WithoutMark(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4096);
        }
        if (head.length < 8
                || (head[0] == (byte) 0xff && head[1] == (byte) 0xfe)
                || (head[0] == (byte) 0xfe && head[1] == (byte) 0xff)) {
            return null;
        }
        int pairs = head.length / 2;
        int evenNuls = 0;
        int oddNuls = 0;
        for (int i = 0; i + 1 < head.length; i += 2) {
            evenNuls += head[i] == 0 ? 1 : 0;
            oddNuls += head[i + 1] == 0 ? 1 : 0;
        }
        // a table's text is mostly digits, separators and Latin or Cyrillic letters: a quarter at least
        if (oddNuls * 4 >= pairs && evenNuls * 50 <= pairs) {
            return "UTF-16LE";
        }
        if (evenNuls * 4 >= pairs && oddNuls * 50 <= pairs) {
            return "UTF-16BE";
        }
        return null;
    }

    /** The name GDAL (iconv) knows a {@link #canonical} code page by. */
    public static String gdalName(String canonical) {
        return "KZ-1048".equals(canonical) ? "RK1048" : canonical;
    }

    /**
     * Rewrites {@code source} into {@code target} in UTF-8, reading it in the single-byte code page
     * {@code encoding} (CP1251, CP866, PT154 or KZ-1048, ISO-8859-1), or in UTF-16.
     */
    public static void toUtf8(Path source, Path target, String encoding) throws IOException {
        String name = encoding.toUpperCase(java.util.Locale.ROOT);
        if (name.startsWith("UTF-16")) {
            // the byte order mark says which end comes first, and is not written again; without one,
            // the name says it (UTF-16LE, UTF-16BE)
            try (java.io.Reader in = Files.newBufferedReader(source, java.nio.charset.Charset.forName(name));
                    java.io.Writer out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                in.transferTo(out);
            }
            return;
        }
        char[] high = HIGH_HALVES.get(canonical(encoding));
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
            case "PT154", "PTCP154", "CP154" -> "PT154";
            case "KZ-1048", "RK1048", "STRK1048-2002" -> "KZ-1048";
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

    static boolean isUtf8(byte[] bytes, boolean truncated) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    // a sample cut in the middle of a character is still UTF-8
                    .decode(ByteBuffer.wrap(bytes, 0, truncated ? whole(bytes) : bytes.length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** How many of {@code bytes} come before a UTF-8 character cut off at their end. */
    static int whole(byte[] bytes) {
        int start = bytes.length - 1;
        // back over the continuation bytes (10xxxxxx) of the last character, at most three
        while (start >= 0 && start >= bytes.length - 4 && (bytes[start] & 0xC0) == 0x80) {
            start--;
        }
        if (start < 0) {
            return bytes.length;
        }
        int lead = bytes[start] & 0xff;
        int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return bytes.length - start < length ? start : bytes.length;
    }

    /** The characters of the bytes 0x80–0xFF in each single-byte code page read here. */
    private static final java.util.Map<String, char[]> HIGH_HALVES = java.util.Map.of(
            "CP1251", highHalf(Charset.forName("windows-1251")),
            "CP866", highHalf(Charset.forName("IBM866")),
            "PT154", withHigh(PT154_HIGH),
            "KZ-1048", withHigh(KZ1048_HIGH),
            "MacCyrillic", highHalf(Charset.forName("x-MacCyrillic")),
            "ISO-8859-1", highHalf(StandardCharsets.ISO_8859_1),
            "CP1252", highHalf(Charset.forName("windows-1252")));

    private static char[] highHalf(Charset charset) {
        byte[] bytes = new byte[128];
        for (int i = 0; i < 128; i++) {
            bytes[i] = (byte) (0x80 + i);
        }
        // a byte the code page leaves unassigned decodes to the replacement character
        return new String(bytes, charset).toCharArray();
    }

    /** A Kazakh code page: its own characters at 0x80–0xBF, CP1251's above. */
    private static char[] withHigh(String own) {
        char[] high = highHalf(Charset.forName("windows-1251"));
        own.getChars(0, own.length(), high, 0);
        return high;
    }

    private static boolean isLetter(char c) {
        return (c >= 'А' && c <= 'я') || LETTERS.indexOf(c) >= 0;
    }
}
