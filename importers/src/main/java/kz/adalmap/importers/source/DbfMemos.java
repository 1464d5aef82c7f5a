package kz.adalmap.importers.source;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import kz.adalmap.importers.report.Detail;

/**
 * The texts of a DBF's memo fields (type M), written into the table itself. A memo field keeps in
 * the table only the number of the block where its text begins in a memo file beside it: a
 * {@code .dbt} of dBASE III (512-byte blocks, the text ending in 0x1A) or dBASE IV (each text after
 * 8 bytes saying its length, blocks of the size its header gives), or a {@code .fpt} of FoxPro and
 * Visual FoxPro (big-endian block size and lengths; a Visual FoxPro table keeps the block number as
 * 4 binary bytes). GDAL does not read memo files and would read the block numbers as the values, so
 * the private copy of the table is rewritten with each memo field as a text field holding its texts,
 * byte for byte: they are in the table's code page, and GDAL decodes them with the others. GDAL reads
 * {@link #MAX_TEXT} bytes at most of a text field: a longer text is written whole, row by row, to a
 * file beside the table ({@link #forEachLongText}), decoded in the code page the table is read in
 * ({@link #decodeLongTexts}), and put in place of its first bytes once GDAL has read the table (up
 * to {@link #MAX_WHOLE} bytes, more than any value of a layer; a longer one is cut there, and the
 * report says so). A text that cannot be found (no memo file, a block beyond its end, a picture)
 * leaves the field empty in that row, never its block number, and the report says so.
 */
public final class DbfMemos {

    /**
     * The most bytes of a memo text read: GDAL reads no text field of a DBF wider than 255 bytes (it
     * takes the width's second byte, which some programs use for wider fields, for formatting).
     */
    static final int MAX_TEXT = 255;

    /**
     * The most bytes of a memo text read whole: a megabyte, some 300 pages of text, where a memo
     * describing a plot holds a few kilobytes; a dBASE III text whose end mark is lost would else run
     * on to the end of its memo file.
     */
    static final int MAX_WHOLE = 1 << 20;

    /** The file beside a table holding its texts longer than GDAL reads, by their fields and rows. */
    private static final String LONG_TEXTS = ".long-texts";

    /** The same, decoded: each text in UTF-8. */
    private static final String DECODED = ".long-texts-utf8";

    private DbfMemos() {}

    /**
     * Rewrites {@code dbf} (the private copy) with its memo fields' texts in place of their block
     * numbers, read from the memo file beside it; returns the notes to report, each worded once the
     * code page the field names are in is known (null: UTF-8). Nothing is done to a table without
     * memo fields or whose header does not describe a table ({@link DbfTable#check} refuses that).
     */
    static List<Function<String, Detail>> inline(Path dbf) throws IOException {
        List<Function<String, Detail>> notes = new ArrayList<>();
        DbfTable.Header table;
        try {
            table = DbfTable.header(dbf);
        } catch (BadSourceException e) {
            return notes;
        }
        int version = table.version();
        long records = table.records();
        int headerLength = table.headerLength();
        int recordLength = table.recordLength();
        List<DbfTable.Field> fields = DbfTable.fields(dbf, headerLength);
        List<DbfTable.Field> memos = fields.stream()
                .filter(f -> f.type() == 'M' && f.offset() + f.width() <= recordLength)
                .toList();
        if (memos.isEmpty()) {
            return notes;
        }
        long rows = Math.min(records, table.present());
        Path memoFile = memoFile(dbf);
        int others =
                recordLength - memos.stream().mapToInt(DbfTable.Field::width).sum();
        int limit = Math.min(MAX_TEXT, (0xffff - others) / memos.size());
        try (Memos texts = memoFile == null ? null : new Memos(memoFile, version)) {
            // first the width each field needs, then the table written anew with the texts in it
            int[] widths = new int[memos.size()];
            long[] missing = new long[memos.size()];
            long[] firstMissing = new long[memos.size()];
            DbfTable.forEachRecord(dbf, headerLength, recordLength, rows, (record, position, row) -> {
                for (int i = 0; i < memos.size(); i++) {
                    byte[] text = text(texts, record, memos.get(i), version, limit + 1);
                    if (text == null) {
                        missing[i]++;
                        if (firstMissing[i] == 0) {
                            firstMissing[i] = row;
                        }
                        continue;
                    }
                    widths[i] = Math.max(widths[i], Math.min(text.length, limit));
                }
            });
            for (int i = 0; i < memos.size(); i++) {
                widths[i] = Math.max(1, widths[i]);
            }
            int[] ordinals = memos.stream().mapToInt(fields::indexOf).toArray();
            long[] firstCut = rewrite(dbf, headerLength, recordLength, rows, memos, ordinals, widths, texts, version);
            for (int i = 0; i < memos.size(); i++) {
                byte[] name = memos.get(i).name();
                long count = missing[i];
                long first = firstMissing[i];
                if (memoFile == null && count > 0) {
                    String expected = fox(version) ? ".fpt" : ".dbt";
                    notes.add(encoding -> Detail.of(
                            "file_dbf_memo_missing",
                            "the field '{field}' of the .dbf keeps its texts in a memo file ({file}), which was not"
                                    + " sent with the Shapefile: the field was left empty; send the {file} file with"
                                    + " the .shp, .shx and .dbf",
                            "field",
                            CodePages.decode(name, encoding),
                            "file",
                            expected));
                } else if (count > 0) {
                    notes.add(encoding -> Detail.of(
                            "file_dbf_memo_not_found",
                            "the memo file {file} does not hold the texts of the field '{field}' in {count} rows"
                                    + " (the first is row {row}): the field was left empty there; the memo file"
                                    + " belongs to another copy of the table or was not copied whole",
                            "file",
                            memoFile.getFileName().toString(),
                            "field",
                            CodePages.decode(name, encoding),
                            "count",
                            count,
                            "row",
                            first));
                }
                if (firstCut[i] > 0) {
                    long row = firstCut[i];
                    notes.add(encoding -> Detail.of(
                            "file_dbf_memo_too_long",
                            "the field '{field}' of the .dbf holds texts longer than {limit} bytes (row {row}, say),"
                                    + " more than any value of a layer: only their first {limit} bytes were imported;"
                                    + " the memo file may be damaged",
                            "field",
                            CodePages.decode(name, encoding),
                            "limit",
                            MAX_WHOLE,
                            "row",
                            row));
                }
            }
        }
        return notes;
    }

    /** The memo file beside {@code dbf}: of its base name, {@code .dbt} or {@code .fpt} in any case; else null. */
    private static Path memoFile(Path dbf) throws IOException {
        String name = dbf.getFileName().toString();
        String base = name.substring(0, name.lastIndexOf('.') < 0 ? name.length() : name.lastIndexOf('.'));
        try (Stream<Path> files = Files.list(dbf.toAbsolutePath().getParent())) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> {
                        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.equals(base.toLowerCase(Locale.ROOT) + ".dbt")
                                || n.equals(base.toLowerCase(Locale.ROOT) + ".fpt");
                    })
                    .sorted()
                    .findFirst()
                    .orElse(null);
        }
    }

    /** FoxPro's and Visual FoxPro's table versions, whose memo file is a {@code .fpt}. */
    private static boolean fox(int version) {
        return version == 0xF5 || version == 0x30 || version == 0x31 || version == 0x32;
    }

    /**
     * A memo field's text in {@code record}: its bytes (none when the field is empty or the record
     * deleted), or null when it could not be found.
     */
    private static byte[] text(Memos texts, byte[] record, DbfTable.Field field, int version, int most)
            throws IOException {
        if (record[0] == '*') {
            // a deleted record, which GDAL passes over
            return new byte[0];
        }
        long block = block(record, field, version);
        if (block == 0) {
            return new byte[0];
        }
        return block < 0 || texts == null ? null : texts.read(block, most);
    }

    /**
     * The block number in {@code field} of {@code record}: digits (dBASE, FoxPro 2), or 4 binary
     * bytes (Visual FoxPro); 0 for none (blank, or the header's block 0), -1 for what is no number.
     */
    private static long block(byte[] record, DbfTable.Field field, int version) {
        byte[] value = Arrays.copyOfRange(record, field.offset(), field.offset() + field.width());
        String digits = new String(value, StandardCharsets.ISO_8859_1)
                .replace('\0', ' ')
                .strip();
        if (digits.isEmpty()) {
            return 0;
        }
        if (digits.matches("\\d{1,10}")) {
            return Long.parseLong(digits);
        }
        if (field.width() == 4 && (version == 0x30 || version == 0x31 || version == 0x32)) {
            return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        }
        return -1;
    }

    /**
     * Writes the table anew with each memo field a text field {@code widths} wide holding its texts,
     * and its texts longer than that whole to the file of {@link #LONG_TEXTS} with the field's place
     * among the table's ({@code ordinals}) and the feature's row; returns, of each memo field, the
     * first row whose text is longer than {@link #MAX_WHOLE} (0: none).
     */
    private static long[] rewrite(
            Path dbf,
            int headerLength,
            int recordLength,
            long rows,
            List<DbfTable.Field> memos,
            int[] ordinals,
            int[] widths,
            Memos texts,
            int version)
            throws IOException {
        long[] firstCut = new long[memos.size()];
        byte[] header;
        try (InputStream in = Files.newInputStream(dbf)) {
            header = in.readNBytes(headerLength);
        }
        int newLength = recordLength;
        for (int i = 0; i < memos.size(); i++) {
            DbfTable.Field memo = memos.get(i);
            newLength += widths[i] - memo.width();
            header[memo.descriptor() + 11] = 'C';
            // a text field wider than 255 keeps the rest of its width in the decimals byte
            header[memo.descriptor() + 16] = (byte) widths[i];
            header[memo.descriptor() + 17] = (byte) (widths[i] >> 8);
        }
        header[10] = (byte) newLength;
        header[11] = (byte) (newLength >> 8);
        // the table no longer has a memo file (dBASE III and IV versions with one, 0x83 and 0x8B)
        if (version == 0x83 || version == 0x8B) {
            header[0] = 0x03;
        }
        Path rewritten = dbf.resolveSibling(dbf.getFileName() + ".memos");
        Path longTexts = dbf.resolveSibling(dbf.getFileName() + LONG_TEXTS);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(rewritten), 1 << 16);
                DataOutputStream whole =
                        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(longTexts), 1 << 16))) {
            out.write(header);
            DbfTable.forEachRecord(dbf, headerLength, recordLength, rows, (record, position, row) -> {
                int at = 0;
                for (int i = 0; i < memos.size(); i++) {
                    DbfTable.Field memo = memos.get(i);
                    out.write(record, at, memo.offset() - at);
                    byte[] text = text(texts, record, memo, version, widths[i] + 1);
                    byte[] bytes = text == null ? new byte[0] : text;
                    if (bytes.length > widths[i]) {
                        // longer than GDAL reads: whole beside the table, one text at a time
                        byte[] all = text(texts, record, memo, version, MAX_WHOLE + 1);
                        if (all.length > MAX_WHOLE) {
                            all = Arrays.copyOf(all, MAX_WHOLE);
                            if (firstCut[i] == 0) {
                                firstCut[i] = row;
                            }
                        }
                        whole.writeInt(ordinals[i]);
                        whole.writeLong(row);
                        whole.writeInt(all.length);
                        whole.write(all);
                    }
                    byte[] value = new byte[widths[i]];
                    Arrays.fill(value, (byte) ' ');
                    int length = bytes.length;
                    if (length > widths[i]) {
                        // not inside a UTF-8 letter, when the text is in UTF-8
                        byte[] kept = Arrays.copyOf(bytes, widths[i]);
                        length = CodePages.isUtf8(kept, true) ? CodePages.whole(kept) : widths[i];
                    }
                    System.arraycopy(bytes, 0, value, 0, length);
                    out.write(value);
                    at = memo.offset() + memo.width();
                }
                out.write(record, at, recordLength - at);
            });
            out.write(0x1A);
        }
        Files.move(rewritten, dbf, StandardCopyOption.REPLACE_EXISTING);
        return firstCut;
    }

    /**
     * Decodes the texts {@link #inline} left beside {@code dbf}, longer than GDAL reads of a text
     * field, in {@code codePage}, the one the table is read in (null: UTF-8), as GDAL reads a text
     * field's: up to a NUL byte, without the spaces around. One text at a time; nothing to do for a
     * table without them.
     */
    static void decodeLongTexts(Path dbf, String codePage) throws IOException {
        Path raw = dbf.resolveSibling(dbf.getFileName() + LONG_TEXTS);
        if (!Files.exists(raw)) {
            return;
        }
        String page;
        try {
            page = codePage == null ? null : CodePages.canonical(codePage);
        } catch (BadSourceException e) {
            // a name the import knows no letters of: GDAL was not given it either
            page = null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(raw), 1 << 16));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                        Files.newOutputStream(dbf.resolveSibling(dbf.getFileName() + DECODED)), 1 << 16))) {
            for (LongEntry entry = LongEntry.next(in); entry != null; entry = LongEntry.next(in)) {
                int field = entry.field();
                long row = entry.row();
                byte[] bytes = entry.bytes();
                int end = 0;
                while (end < bytes.length && bytes[end] != 0) {
                    end++;
                }
                if (end < bytes.length) {
                    bytes = Arrays.copyOf(bytes, end);
                } else if (page == null || page.equals("UTF-8")) {
                    // cut at MAX_WHOLE: not inside a letter
                    bytes = Arrays.copyOf(bytes, CodePages.whole(bytes));
                }
                byte[] text = CodePages.decode(bytes, page == null || page.equals("UTF-8") ? null : page)
                        .replaceAll("^ +| +$", "")
                        .getBytes(StandardCharsets.UTF_8);
                out.writeInt(field);
                out.writeLong(row);
                out.writeInt(text.length);
                out.write(text);
            }
        }
        Files.delete(raw);
    }

    /** An entry of a file of long texts: the field's place among the table's, the feature's row, the text. */
    private record LongEntry(int field, long row, byte[] bytes) {
        /** The next entry of {@code in}; null at its end. */
        static LongEntry next(DataInputStream in) throws IOException {
            int field;
            try {
                field = in.readInt();
            } catch (EOFException end) {
                return null;
            }
            long row = in.readLong();
            return new LongEntry(field, row, in.readNBytes(in.readInt()));
        }
    }

    /** What receives the texts of a table longer than GDAL reads of a text field. */
    public interface LongText {
        /**
         * The text of the field at {@code field} among the table's (from 0) of the feature at
         * {@code row} in the table (from 1, the rows marked deleted not counted, as GDAL reads them).
         */
        void accept(int field, long row, String text) throws java.sql.SQLException;
    }

    /**
     * Gives {@code receiver} the memo texts of the table {@code dbf} (the private copy of a
     * Shapefile's, once read) that are longer than GDAL reads of a text field, whole and decoded,
     * one at a time in the order of the rows; none for a table without them.
     */
    public static void forEachLongText(Path dbf, LongText receiver) throws IOException, java.sql.SQLException {
        Path decoded = dbf.resolveSibling(dbf.getFileName() + DECODED);
        if (!Files.exists(decoded)) {
            return;
        }
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(decoded), 1 << 16))) {
            for (LongEntry entry = LongEntry.next(in); entry != null; entry = LongEntry.next(in)) {
                receiver.accept(entry.field(), entry.row(), new String(entry.bytes(), StandardCharsets.UTF_8));
            }
        }
    }

    /** A memo file, read block by block. */
    private static final class Memos implements AutoCloseable {
        private final FileChannel channel;
        private final long size;
        private final boolean fox;
        private final int blockSize;

        /** {@code file} of a table of {@code version}. */
        Memos(Path file, int version) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            size = channel.size();
            fox = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".fpt");
            ByteBuffer header = ByteBuffer.allocate(22);
            channel.read(header, 0);
            int said = fox
                    ? header.order(ByteOrder.BIG_ENDIAN).getShort(6) & 0xffff
                    : header.order(ByteOrder.LITTLE_ENDIAN).getShort(20) & 0xffff;
            // dBASE III's blocks are 512 bytes whatever its header holds there
            blockSize = fox ? (said == 0 ? 64 : said) : version == 0x83 || said < 64 ? 512 : said;
        }

        /**
         * The text from {@code block}, of {@code most} bytes at most; null when there is none there.
         * Read a few kilobytes at a time up to its end, which a dBASE III text says by a mark only.
         */
        byte[] read(long block, int most) throws IOException {
            long at = block * blockSize;
            if (at >= size || fox && at + 8 > size) {
                return null;
            }
            ByteBuffer start = ByteBuffer.allocate(8);
            channel.read(start, at);
            byte[] first = start.array();
            boolean dBase4 = start.position() == 8
                    && (first[0] & 0xff) == 0xFF
                    && (first[1] & 0xff) == 0xFF
                    && first[2] == 8
                    && first[3] == 0;
            long length;
            long from;
            if (fox) {
                ByteBuffer b = ByteBuffer.wrap(first).order(ByteOrder.BIG_ENDIAN);
                if (b.getInt(0) != 1) {
                    // 0 is a picture, 2 an OLE object: no text
                    return null;
                }
                length = b.getInt(4) & 0xffffffffL;
                from = at + 8;
            } else if (dBase4) {
                // dBASE IV: the length counts these 8 bytes
                length = Math.max(
                        0,
                        (ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getInt(4) & 0xffffffffL) - 8);
                from = at + 8;
            } else {
                // dBASE III: up to the 0x1A that ends the text
                length = size - at;
                from = at;
            }
            long wanted = Math.min(Math.min(length, size - from), most);
            byte[] bytes = new byte[(int) Math.min(wanted, 8192)];
            int end = -1;
            int read = 0;
            while (read < wanted && end < 0) {
                if (read == bytes.length) {
                    bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, 2L * bytes.length));
                }
                ByteBuffer data = ByteBuffer.wrap(bytes, read, bytes.length - read);
                int n = channel.read(data, from + read);
                if (n <= 0) {
                    break;
                }
                if (!fox) {
                    // dBASE III ends a text with 0x1A (twice), dBASE IV often with 0x1F
                    for (int i = read; i < read + n; i++) {
                        if (bytes[i] == 0x1A || bytes[i] == 0x1F) {
                            end = i;
                            break;
                        }
                    }
                }
                read += n;
            }
            if (end < 0) {
                end = read;
            }
            while (end > 0 && bytes[end - 1] == 0) {
                end--;
            }
            return Arrays.copyOf(bytes, end);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
