package kz.adalmap.importers.source;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
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
 * byte for byte: they are in the table's code page, and GDAL decodes them with the others (up to
 * {@link #MAX_TEXT} bytes each, what it reads of a text field; a longer text is cut, and the report
 * says so). A text that cannot be found (no memo file, a block beyond its end, a picture) leaves the
 * field empty in that row, never its block number, and the report says so.
 */
final class DbfMemos {

    /**
     * The most bytes of a memo text read: GDAL reads no text field of a DBF wider than 255 bytes (it
     * takes the width's second byte, which some programs use for wider fields, for formatting).
     */
    static final int MAX_TEXT = 255;

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
        try (Memos texts = memoFile == null ? null : new Memos(memoFile, version, limit)) {
            // first the width each field needs, then the table written anew with the texts in it
            int[] widths = new int[memos.size()];
            long[] missing = new long[memos.size()];
            long[] firstMissing = new long[memos.size()];
            long[] firstCut = new long[memos.size()];
            forEachRecord(dbf, headerLength, recordLength, rows, (record, row) -> {
                for (int i = 0; i < memos.size(); i++) {
                    byte[] text = text(texts, record, memos.get(i), version);
                    if (text == null) {
                        missing[i]++;
                        if (firstMissing[i] == 0) {
                            firstMissing[i] = row;
                        }
                        continue;
                    }
                    if (text.length > limit && firstCut[i] == 0) {
                        firstCut[i] = row;
                    }
                    widths[i] = Math.max(widths[i], Math.min(text.length, limit));
                }
            });
            for (int i = 0; i < memos.size(); i++) {
                widths[i] = Math.max(1, widths[i]);
            }
            rewrite(dbf, headerLength, recordLength, rows, memos, widths, texts, version);
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
                            "file_dbf_memo_cut",
                            "the field '{field}' of the .dbf holds texts longer than the {limit} bytes GDAL reads of"
                                    + " a text field (row {row}, say): only their first {limit} bytes were imported",
                            "field",
                            CodePages.decode(name, encoding),
                            "limit",
                            limit,
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
    private static byte[] text(Memos texts, byte[] record, DbfTable.Field field, int version) throws IOException {
        if (record[0] == '*') {
            // a deleted record, which GDAL passes over
            return new byte[0];
        }
        long block = block(record, field, version);
        if (block == 0) {
            return new byte[0];
        }
        return block < 0 || texts == null ? null : texts.read(block);
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

    private interface RecordVisitor {
        void visit(byte[] record, long row) throws IOException;
    }

    /** Calls {@code visitor} with each of the {@code rows} records and the row GIS shows it as (deleted ones: 0). */
    private static void forEachRecord(Path dbf, int headerLength, int recordLength, long rows, RecordVisitor visitor)
            throws IOException {
        byte[] record = new byte[recordLength];
        long row = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(dbf), 1 << 16)) {
            in.skipNBytes(headerLength);
            for (long r = 0; r < rows; r++) {
                if (in.readNBytes(record, 0, recordLength) < recordLength) {
                    return;
                }
                visitor.visit(record, record[0] == '*' ? 0 : ++row);
            }
        }
    }

    /** Writes the table anew with each memo field a text field {@code widths} wide holding its texts. */
    private static void rewrite(
            Path dbf,
            int headerLength,
            int recordLength,
            long rows,
            List<DbfTable.Field> memos,
            int[] widths,
            Memos texts,
            int version)
            throws IOException {
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
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(rewritten), 1 << 16)) {
            out.write(header);
            forEachRecord(dbf, headerLength, recordLength, rows, (record, row) -> {
                int at = 0;
                for (int i = 0; i < memos.size(); i++) {
                    DbfTable.Field memo = memos.get(i);
                    out.write(record, at, memo.offset() - at);
                    byte[] text = text(texts, record, memo, version);
                    byte[] bytes = text == null ? new byte[0] : text;
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
    }

    /** A memo file, read block by block. */
    private static final class Memos implements AutoCloseable {
        private final FileChannel channel;
        private final long size;
        private final boolean fox;
        private final int blockSize;
        private final int limit;

        /** {@code file} of a table of {@code version}, whose texts are read up to one byte over {@code limit}. */
        Memos(Path file, int version, int limit) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            size = channel.size();
            fox = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".fpt");
            this.limit = limit;
            ByteBuffer header = ByteBuffer.allocate(22);
            channel.read(header, 0);
            int said = fox
                    ? header.order(ByteOrder.BIG_ENDIAN).getShort(6) & 0xffff
                    : header.order(ByteOrder.LITTLE_ENDIAN).getShort(20) & 0xffff;
            // dBASE III's blocks are 512 bytes whatever its header holds there
            blockSize = fox ? (said == 0 ? 64 : said) : version == 0x83 || said < 64 ? 512 : said;
        }

        /** The text from {@code block}, cut one byte over the limit; null when there is none there. */
        byte[] read(long block) throws IOException {
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
            ByteBuffer data = ByteBuffer.allocate((int) Math.min(Math.min(length, size - from), limit + 1L));
            channel.read(data, from);
            byte[] bytes = Arrays.copyOf(data.array(), data.position());
            int end = bytes.length;
            if (!fox) {
                // dBASE III ends a text with 0x1A (twice), dBASE IV often with 0x1F
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] == 0x1A || bytes[i] == 0x1F) {
                        end = i;
                        break;
                    }
                }
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
