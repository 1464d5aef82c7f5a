package kz.adalmap.importers.source;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A zip's central directory, the list of its entries that Windows Explorer, {@code unzip -l} and
 * {@link java.util.zip.ZipFile} show, read for what {@code ZipFile} does not tell: each name's bytes
 * and whether it says it is UTF-8 (general purpose bit 11), encryption, the compression method and
 * whether an entry is a Unix symbolic link, and the UTF-8 name an Info-ZIP Unicode Path field gives. The entries' data is read by {@code ZipFile}, in the
 * same order.
 */
final class ZipListing {

    /**
     * One entry of the central directory: its name decoded and composed ({@link #read}), the name {@link
     * java.util.zip.ZipFile} opened with ISO-8859-1 names gives it, and what it is.
     */
    record Entry(String name, String zipFileName, boolean encrypted, int method, boolean symlink) {}

    private static final int END = 0x06054b50;
    private static final int ZIP64_END = 0x06064b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int END_LENGTH = 22;
    private static final int CENTRAL_LENGTH = 46;
    private static final Charset DOS = Charset.forName("IBM866");
    private static final Charset WINDOWS = Charset.forName("windows-1251");

    private ZipListing() {}

    /**
     * The entries of {@code zip} in the order of its central directory, or an empty list for a zip
     * without any. Names whose bytes do not say UTF-8 are read in UTF-8, in the DOS code page
     * (CP866, as Windows archivers in Kazakhstan write them) or in the Windows code page (CP1251, as
     * tools that use the ANSI code page write them), whichever gives plausible names ({@link
     * #namesCharset}); a name an Info-ZIP Unicode Path field gives in UTF-8 is read from it ({@link
     * #unicodePath}). Every name is composed (Unicode NFC), as Windows and Linux keyboards type it:
     * macOS writes «й» as «и» and a combining breve.
     *
     * @throws BadSourceException DAMAGED when there is no central directory or it is cut short;
     *     UNSAFE_ZIP when it lists more than {@code maxEntries} entries
     */
    /**
     * A zip of more files than are read: {@code count} of them ("10,002", or "more than 10,000" when its
     * list is read only that far). An export folder zipped whole, not the layer's files.
     */
    private static BadSourceException tooMany(String count, int maxEntries) {
        return new BadSourceException(
                SourceProblem.UNSAFE_ZIP,
                "the zip holds " + count + " files; AdalMap reads at most "
                        + String.format(java.util.Locale.ROOT, "%,d", maxEntries)
                        + ": zip only the layer's files (the .shp, .shx, .dbf, .prj and .cpg of one layer, or its"
                        + " one .geojson, .gpkg or .tab and its companions)");
    }

    static List<Entry> read(Path zip, int maxEntries) throws IOException {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = channel.size();
            long end = findEnd(channel, size);
            ByteBuffer header = readAt(channel, end, END_LENGTH);
            long total = header.getShort(10) & 0xffff;
            long directorySize = header.getInt(12) & 0xffffffffL;
            long directoryEnd = end;
            if (total == 0xffff || directorySize == 0xffffffffL || (header.getInt(16) & 0xffffffffL) == 0xffffffffL) {
                // ZIP64: the counts are in a record of their own, found through a locator before the end
                if (end >= 20 && readAt(channel, end - 20, 4).getInt(0) == ZIP64_LOCATOR) {
                    long record = readAt(channel, end - 20, 20).getLong(8);
                    if (record < 0 || record + 56 > size) {
                        throw damaged(zip, "its ZIP64 directory is outside the file");
                    }
                    ByteBuffer zip64 = readAt(channel, record, 56);
                    if (zip64.getInt(0) != ZIP64_END) {
                        throw damaged(zip, "its ZIP64 directory cannot be found");
                    }
                    total = zip64.getLong(32);
                    directorySize = zip64.getLong(40);
                    directoryEnd = record;
                }
            }
            if (total < 0 || total > maxEntries) {
                throw tooMany(
                        total < 0
                                ? "more than " + String.format(java.util.Locale.ROOT, "%,d", maxEntries)
                                : String.format(java.util.Locale.ROOT, "%,d", total),
                        maxEntries);
            }
            // measured back from its end, as ZipFile does: a self-extracting stub or other bytes
            // before the archive move every offset the directory gives
            long position = directoryEnd - directorySize;
            if (directorySize < 0 || position < 0) {
                throw damaged(zip, "its list of files is outside the file");
            }
            List<byte[]> names = new ArrayList<>();
            List<Integer> flags = new ArrayList<>();
            List<String> unicodeNames = new ArrayList<>();
            List<Entry> raw = new ArrayList<>();
            // the whole list, by its size, as ZipFile and unzip read it: the end record's count of
            // entries may be lower (it stops at 65,535 without ZIP64)
            while (position < directoryEnd) {
                if (raw.size() >= maxEntries) {
                    throw tooMany("more than " + String.format(java.util.Locale.ROOT, "%,d", maxEntries), maxEntries);
                }
                if (position + CENTRAL_LENGTH > directoryEnd) {
                    throw damaged(zip, "its list of files is cut short");
                }
                ByteBuffer entry = readAt(channel, position, CENTRAL_LENGTH);
                if (entry.getInt(0) != CENTRAL) {
                    throw damaged(zip, "its list of files is broken at entry " + (raw.size() + 1));
                }
                int madeBy = (entry.getShort(4) & 0xffff) >> 8;
                int flag = entry.getShort(8) & 0xffff;
                int method = entry.getShort(10) & 0xffff;
                int nameLength = entry.getShort(28) & 0xffff;
                int extraLength = entry.getShort(30) & 0xffff;
                int commentLength = entry.getShort(32) & 0xffff;
                long external = entry.getInt(38) & 0xffffffffL;
                if (position + CENTRAL_LENGTH + nameLength > directoryEnd) {
                    throw damaged(zip, "its list of files is cut short");
                }
                byte[] name = new byte[nameLength];
                readAt(channel, position + CENTRAL_LENGTH, nameLength).get(name);
                names.add(name);
                flags.add(flag);
                byte[] extra = new byte
                        [(int) Math.max(
                                0, Math.min(extraLength, directoryEnd - position - CENTRAL_LENGTH - nameLength))];
                readAt(channel, position + CENTRAL_LENGTH + nameLength, extra.length)
                        .get(extra);
                unicodeNames.add(unicodePath(name, extra));
                // a Unix system (3) or macOS (19) keeps the file's mode in the high half
                boolean symlink = (madeBy == 3 || madeBy == 19) && ((external >> 16) & 0170000) == 0120000;
                raw.add(new Entry(null, null, (flag & 1) != 0, method, symlink));
                position += CENTRAL_LENGTH + nameLength + extraLength + commentLength;
            }
            // a name whose Unicode Path field gives it is in UTF-8 as well as flagged so: the header's
            // bytes tell nothing of the code page of the others
            List<Integer> said = new ArrayList<>(flags.size());
            for (int i = 0; i < flags.size(); i++) {
                said.add(unicodeNames.get(i) != null ? flags.get(i) | 0x800 : flags.get(i));
            }
            Charset unflagged = namesCharset(names, said);
            List<Entry> entries = new ArrayList<>(raw.size());
            for (int i = 0; i < raw.size(); i++) {
                Entry e = raw.get(i);
                boolean saysUtf8 = (flags.get(i) & 0x800) != 0;
                Charset charset = saysUtf8 ? StandardCharsets.UTF_8 : unflagged;
                String decoded = unicodeNames.get(i) != null ? unicodeNames.get(i) : new String(names.get(i), charset);
                entries.add(new Entry(
                        Normalizer.normalize(decoded, Normalizer.Form.NFC),
                        new String(names.get(i), saysUtf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1),
                        e.encrypted(),
                        e.method(),
                        e.symlink()));
            }
            return entries;
        }
    }

    private static final int UNICODE_PATH = 0x7075;

    /**
     * The name an entry's Info-ZIP Unicode Path extra field (0x7075) gives, or null. Info-ZIP's Zip on
     * Windows and archivers told to keep UTF-8 names write the name in the DOS code page in the
     * header, for Windows Explorer, where every letter CP866 lacks (Ә Ғ Қ Ң Ө Ұ Ү Һ І) is «?», and
     * the whole name in UTF-8 in this field, which 7-Zip and unzip show. The field is taken only when
     * its version is 1 and its CRC-32 is that of the header's name, as unzip and 7-Zip take it: else
     * a tool renamed the entry since and left the field behind.
     */
    static String unicodePath(byte[] header, byte[] extra) {
        ByteBuffer fields = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
        while (fields.remaining() >= 4) {
            int id = fields.getShort() & 0xffff;
            int length = fields.getShort() & 0xffff;
            if (length > fields.remaining()) {
                return null;
            }
            int at = fields.position();
            fields.position(at + length);
            if (id != UNICODE_PATH || length < 5 || extra[at] != 1) {
                continue;
            }
            CRC32 crc = new CRC32();
            crc.update(header);
            if ((fields.getInt(at + 1) & 0xffffffffL) != crc.getValue()) {
                return null;
            }
            String name = strictUtf8(java.util.Arrays.copyOfRange(extra, at + 5, at + length));
            return name == null || name.isEmpty() ? null : name;
        }
        return null;
    }

    /**
     * The code page of the names that do not say UTF-8: UTF-8, CP866 or CP1251. macOS and Linux
     * archivers write UTF-8 without saying so, Windows archivers the DOS code page; many CP866 names
     * are valid UTF-8 too («сад» is the Mongolian «ᠤ»). UTF-8 wins when its names hold no more
     * unlikely characters (anything but Latin and Cyrillic letters, digits, spaces and punctuation)
     * than their CP866 reading, which turns UTF-8's Cyrillic into box-drawing characters. CP1251
     * (PHP or 1C on a Russian Windows server, packers left at their defaults) wins only when its
     * names hold fewer unlikely characters than both: read in CP866, its capitals are box-drawing
     * characters («Участки» is «╙ўрёЄъш»), while CP866 names read in CP1251 show signs and spaces
     * where their letters were. Names of small letters alone are letters in both: CP1251's «участки»
     * and «кадастр» read in CP866 are «єўрёЄъш» and «ърфрёЄЁ», of the letters Russian uses least
     * and Ukrainian and Belarusian ones; such a tie goes to the code page whose reading holds more of
     * the letters Russian and Kazakh words are mostly made of ({@link #common}), and stays CP866, the
     * code page of most Windows archivers, when they hold as many.
     */
    static Charset namesCharset(List<byte[]> names, List<Integer> flags) {
        int utf8Unlikely = 0;
        int dosUnlikely = 0;
        int windowsUnlikely = 0;
        int dosCommon = 0;
        int windowsCommon = 0;
        boolean utf8Valid = true;
        for (int i = 0; i < names.size(); i++) {
            byte[] name = names.get(i);
            if ((flags.get(i) & 0x800) != 0 || ascii(name)) {
                continue;
            }
            String utf8 = strictUtf8(name);
            if (utf8 == null) {
                utf8Valid = false;
            } else {
                // macOS writes names decomposed: «й» is «и» and a combining breve
                utf8Unlikely += unlikely(Normalizer.normalize(utf8, Normalizer.Form.NFC));
            }
            dosUnlikely += unlikely(new String(name, DOS));
            windowsUnlikely += unlikely(new String(name, WINDOWS));
            dosCommon += common(new String(name, DOS));
            windowsCommon += common(new String(name, WINDOWS));
        }
        if (utf8Valid && utf8Unlikely <= dosUnlikely) {
            return StandardCharsets.UTF_8;
        }
        boolean windows = windowsUnlikely < dosUnlikely || windowsUnlikely == dosUnlikely && windowsCommon > dosCommon;
        return windows && (!utf8Valid || windowsUnlikely < utf8Unlikely) ? WINDOWS : DOS;
    }

    /** The letters of Russian text from the most frequent, four in five of its letters: «о» to «у». */
    private static final String FREQUENT = "оеаинтсрвлкмдпу";

    /**
     * How many characters of {@code name} are among the {@link #FREQUENT} letters of Russian (and of
     * Kazakh words alike), in either case.
     */
    static int common(String name) {
        int count = 0;
        for (int i = 0; i < name.length(); i++) {
            if (FREQUENT.indexOf(Character.toLowerCase(name.charAt(i))) >= 0) {
                count++;
            }
        }
        return count;
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** How many characters of {@code name} are unlikely in a file name that a person wrote. */
    static int unlikely(String name) {
        int count = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean likely = (c >= 0x20 && c < 0x7f)
                    || "№«»–—’".indexOf(c) >= 0
                    || Character.isLetterOrDigit(c)
                            && switch (Character.UnicodeScript.of(c)) {
                                case LATIN, CYRILLIC, COMMON -> true;
                                default -> false;
                            };
            if (!likely) {
                count++;
            }
        }
        return count;
    }

    /** The position of the end of central directory record: the last one whose comment fits the file. */
    private static long findEnd(FileChannel channel, long size) throws IOException {
        long from = Math.max(0, size - END_LENGTH - 0xffff);
        if (size < END_LENGTH) {
            throw new BadSourceException(SourceProblem.DAMAGED, "the zip file is cut short or not a zip file");
        }
        ByteBuffer tail = readAt(channel, from, (int) (size - from));
        for (int at = tail.limit() - END_LENGTH; at >= 0; at--) {
            if (tail.getInt(at) == END && at + END_LENGTH + (tail.getShort(at + 20) & 0xffff) <= tail.limit()) {
                return from + at;
            }
        }
        boolean zipped = size >= 4 && readAt(channel, 0, 4).getInt(0) == 0x04034b50;
        throw new BadSourceException(
                SourceProblem.DAMAGED,
                zipped
                        ? "the zip file is cut short: it has no list of its files at its end"
                        : "the file is not a zip archive: its bytes are not those of one");
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("it is cut short");
            }
        }
        return buffer.flip();
    }

    private static BadSourceException damaged(Path zip, String why) {
        return new BadSourceException(
                SourceProblem.DAMAGED, "the zip file " + zip.getFileName() + " is damaged: " + why);
    }
}
