package kz.adalmap.importers.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import kz.adalmap.importers.report.Detail;

/**
 * A Shapefile's attribute table (DBF) as offices' programs write it, checked before GDAL reads it.
 * GDAL types a numeric field's values as numbers and a date field's as dates, and a value that is
 * neither is lost: a decimal comma ({@code 0,5000}) reads as 0 and {@code 1500000,50} as 1500000,
 * a field too narrow for its number holds {@code *****}, and a date such as {@code 20260230} stops
 * the whole load. Such a field is read as text instead, by its type byte in the private copy's
 * header (the records stay as they are), and the import's own readers take each value for what it
 * means or name it in the report. A table with fewer records than the Shapefile has shapes is
 * refused: its plots would come in without their attributes; so is one with more (not deleted),
 * whose last rows GDAL would leave out without a word. Memo fields are read before ({@link DbfMemos}).
 */
final class DbfTable {

    /** A number as GDAL reads it in full: digits with a point, an exponent; blank for none. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private DbfTable() {}

    /**
     * A field of the table: its name (raw bytes), type letter, offset in the record, width, the
     * place of its descriptor in the header and its decimals (0 for a character field).
     */
    record Field(byte[] name, char type, int offset, int width, int descriptor, int decimals) {}

    /**
     * A table's header: its version byte, the records it counts, its own length and its records',
     * and how many records the file holds whole ({@code present}).
     */
    record Header(int version, long records, int headerLength, int recordLength, long present) {}

    /** The header of {@code dbf}; refused as damaged when the file is no table. */
    static Header header(Path dbf) throws IOException {
        long size = Files.size(dbf);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(dbf)) {
            bytes = in.readNBytes(32);
        }
        if (bytes.length < 32) {
            throw new BadSourceException(
                    SourceProblem.DAMAGED,
                    "the .dbf file " + dbf.getFileName() + " is cut short: " + size + " bytes, less than its header");
        }
        ByteBuffer head = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long records = head.getInt(4) & 0xffffffffL;
        int headerLength = head.getShort(8) & 0xffff;
        int recordLength = head.getShort(10) & 0xffff;
        if (headerLength < 33 || recordLength < 1 || headerLength > size) {
            throw new BadSourceException(
                    SourceProblem.DAMAGED,
                    "the .dbf file " + dbf.getFileName() + " is damaged: its header does not describe a table");
        }
        return new Header(bytes[0] & 0xff, records, headerLength, recordLength, (size - headerLength) / recordLength);
    }

    /**
     * Checks {@code dbf} (the private copy's) against the number of shapes of the Shapefile {@code
     * shp}, as its index {@code shx} counts them (null when there is no index yet), and retypes as
     * text the numeric and date fields GDAL would misread; says what it did in {@code notes}, naming
     * fields in {@code encoding} (null: UTF-8).
     */
    static void check(Path dbf, Path shp, Path shx, String encoding, List<Detail> notes) throws IOException {
        Header table = header(dbf);
        long records = table.records();
        int headerLength = table.headerLength();
        int recordLength = table.recordLength();
        long present = table.present();
        if (shx != null && Files.size(shx) >= 100) {
            long shapes = (Files.size(shx) - 100) / 8;
            long rows = Math.min(records, present);
            if (rows > shapes && shp != null && Files.exists(shp)) {
                // an index one entry short (a stale or cut-off .shx) beside a whole .shp, which GDAL
                // reads whole: the .shp's own records say how many shapes there are
                shapes = Math.max(shapes, recordsOf(shp));
            }
            if (rows < shapes) {
                throw new BadSourceException(
                        SourceProblem.DAMAGED,
                        "the .shp holds " + shapes + " shapes but the .dbf only " + rows + " rows of attributes"
                                + (present < records ? " (it is cut short: its header counts " + records + ")" : "")
                                + (shapes - rows == 1
                                        ? ": the last plot would come without its number and"
                                        : ": the " + (shapes - rows)
                                                + " last plots would come without their number and")
                                + " status; the files do not belong together or one was not copied whole;"
                                + " export the layer again");
            }
            long unshaped = rows > shapes ? undeleted(dbf, headerLength, recordLength, shapes, rows) : 0;
            if (unshaped > 0) {
                // GDAL reads as many rows as there are shapes: the others would be dropped unsaid
                throw new BadSourceException(
                        SourceProblem.DAMAGED,
                        "the .dbf holds " + rows + " rows of attributes but the .shp only " + shapes + " shapes: "
                                + (unshaped == 1
                                        ? "the last row has no shape and its plot would be left out"
                                        : "the " + unshaped + " last rows have no shape and their plots would be left"
                                                + " out")
                                + " (taken off the map if published); the files do not belong together or"
                                + " one was not copied whole; export the layer again");
            }
        }
        List<Field> fields = fields(dbf, headerLength);
        int widths = 1 + fields.stream().mapToInt(Field::width).sum();
        if (widths != recordLength) {
            // every value after the first wrong width would be read shifted into the next field
            throw new BadSourceException(
                    SourceProblem.DAMAGED,
                    "the .dbf file " + dbf.getFileName() + " is damaged: its header gives each record "
                            + recordLength + " bytes, but its fields add up to " + widths + ", so every value would"
                            + " be read shifted into another field; export the layer again");
        }
        damagedRecords(dbf, table, fields, encoding, notes);
        if (encoding == null || encoding.equals("UTF-8")) {
            wholeLetters(dbf, fields, notes);
        }
        Values values = values(dbf, headerLength, recordLength, Math.min(records, present), fields);
        Map<Field, String> unreadable = values.unreadable();
        Map<Field, String> zeroLed = values.zeroLed();
        java.util.Set<Field> dotted = values.dotted();
        unreadable.keySet().forEach(zeroLed::remove);
        if (!zeroLed.isEmpty()) {
            // a whole number written with leading zeros is an identifier kept in a numeric field (a
            // cadastral number «050859810001», as a table made from a spreadsheet or 1C keeps it):
            // read as a number, its 0 would go and «50-859-810-001», another plot's number, be
            // published; read as text, it is the digits the file holds
            blankNones(dbf, headerLength, recordLength, Math.min(records, present), zeroLed.keySet());
            try (FileChannel channel = FileChannel.open(dbf, StandardOpenOption.WRITE)) {
                for (Map.Entry<Field, String> e : zeroLed.entrySet()) {
                    Field field = e.getKey();
                    channel.write(ByteBuffer.wrap(new byte[] {'C'}), field.descriptor() + 11L);
                    channel.write(ByteBuffer.wrap(new byte[] {(byte) field.width(), 0}), field.descriptor() + 16L);
                    notes.add(Detail.of(
                            "file_dbf_numbers_leading_zeros",
                            "the number field '{field}' of the .dbf holds whole numbers written with leading zeros"
                                    + " (such as '{value}'), as a cadastral number kept in a numeric field is; it was"
                                    + " read as text, by the digits the file holds, so that no 0 is lost",
                            "field",
                            CodePages.decode(field.name(), encoding),
                            "value",
                            e.getValue()));
                }
            }
        }
        dotted.removeAll(unreadable.keySet());
        if (!dotted.isEmpty()) {
            // GDAL reads a date's blanks and dots as the day 0000-00-00; blank, it is no date, as meant
            blankNones(dbf, headerLength, recordLength, Math.min(records, present), dotted);
        }
        if (unreadable.isEmpty()) {
            return;
        }
        // read as text, the stars of an empty number would be a number that cannot be read, and the
        // zeros of an empty date a date that cannot be
        blankNones(dbf, headerLength, recordLength, Math.min(records, present), unreadable.keySet());
        try (FileChannel channel = FileChannel.open(dbf, StandardOpenOption.WRITE)) {
            for (Map.Entry<Field, String> e : unreadable.entrySet()) {
                Field field = e.getKey();
                channel.write(ByteBuffer.wrap(new byte[] {'C'}), field.descriptor() + 11L);
                // a character field has no decimals: its width is the whole of the two bytes
                channel.write(ByteBuffer.wrap(new byte[] {(byte) field.width(), 0}), field.descriptor() + 16L);
                notes.add(Detail.of(
                        field.type() == 'D' ? "file_dbf_dates_as_text" : "file_dbf_numbers_as_text",
                        "the " + (field.type() == 'D' ? "date" : "number") + " field '{field}' of the .dbf holds"
                                + " values GDAL cannot read as " + (field.type() == 'D' ? "dates" : "numbers")
                                + " (such as '{value}'" + (field.type() == 'D' ? "" : ": a decimal comma, say")
                                + "); it was read as text, each value as it is meant, and the report names those"
                                + " that mean nothing",
                        "field",
                        CodePages.decode(field.name(), encoding),
                        "value",
                        e.getValue()));
            }
        }
    }

    /**
     * Gives each field of {@code dbf} (the private copy) whose name is an earlier field's, Latin
     * letters' case aside, a name of its own in the copy's header ({@code FIELD_<its position>}, or
     * with a number after), and returns the names given, each with the file's own name in {@code
     * encoding} (null: UTF-8); empty when every name is a field's own. A .dbf keeps 10 letters of a
     * name, and a program that cut {@code PLOSHAD_GA_DOC} and {@code PLOSHAD_GA_CALC} wrote two
     * fields {@code PLOSHAD_GA}: GDAL, which finds a field by its name, read neither's values.
     */
    static Map<String, String> twinsRenamed(Path dbf, String encoding) throws IOException {
        List<Field> fields = fields(dbf, header(dbf).headerLength());
        List<String> names = new ArrayList<>();
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (Field field : fields) {
            String name = CodePages.decode(field.name(), encoding);
            names.add(name);
            taken.add(name.toUpperCase(java.util.Locale.ROOT));
        }
        Map<String, String> renamed = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (FileChannel channel = FileChannel.open(dbf, StandardOpenOption.WRITE)) {
            for (int i = 0; i < fields.size(); i++) {
                if (seen.add(names.get(i).toUpperCase(java.util.Locale.ROOT))) {
                    continue;
                }
                String own = "FIELD_" + (i + 1);
                for (int n = 2; taken.contains(own); n++) {
                    own = "FIELD_" + (i + 1) + "_" + n;
                }
                taken.add(own);
                // ASCII, the same in every code page, and at most 10 letters with the 0 that ends it
                byte[] bytes = java.util.Arrays.copyOf(own.getBytes(StandardCharsets.US_ASCII), 11);
                channel.write(ByteBuffer.wrap(bytes), fields.get(i).descriptor());
                renamed.put(own, names.get(i));
            }
        }
        return renamed;
    }

    /**
     * Ends each UTF-8 field name cut in the middle of a letter where that letter began: a DBF keeps
     * 10 bytes of a name, 5 Cyrillic letters in UTF-8, and programs cut «КАД_НОМЕР» to «КАД_Н» and
     * half an «О», which PostgreSQL refuses as a column name (the whole load stopped).
     */
    private static void wholeLetters(Path dbf, List<Field> fields, List<Detail> notes) throws IOException {
        try (FileChannel channel = FileChannel.open(dbf, StandardOpenOption.WRITE)) {
            for (Field field : fields) {
                byte[] name = field.name();
                int whole = CodePages.whole(name);
                if (whole < name.length && CodePages.isUtf8(java.util.Arrays.copyOf(name, whole), false)) {
                    channel.write(ByteBuffer.wrap(new byte[name.length - whole]), field.descriptor() + (long) whole);
                    notes.add(Detail.of(
                            "file_field_name_half_letter",
                            "the field name '{field}' was cut in the middle of a letter when the file was written;"
                                    + " it is read without that half letter",
                            "field",
                            new String(name, 0, whole, StandardCharsets.UTF_8)));
                }
            }
        }
    }

    /**
     * Refuses a table one of whose records is damaged: its deletion flag neither a space (or a NUL,
     * as some programs write it) nor {@code *}, or a NUL byte inside a value with text after it (GDAL ends the value at the NUL, and {@code
     * 05-085-012-002} would read as {@code 05-08}); NULs to a field's end are padding, as some
     * programs write it. Says in {@code notes} which records are marked deleted, which GDAL leaves
     * out with their shapes. One pass over the records, read in blocks.
     */
    private static void damagedRecords(Path dbf, Header table, List<Field> fields, String encoding, List<Detail> notes)
            throws IOException {
        int recordLength = table.recordLength();
        long records = Math.min(table.records(), table.present());
        // the fields written as text; FoxPro's binary ones (I, Y, T, B, memo numbers) hold NULs by right
        List<Field> values = fields.stream()
                .filter(f -> "CNFDL".indexOf(f.type()) >= 0 && f.offset() + f.width() <= recordLength)
                .toList();
        List<Long> deleted = new ArrayList<>();
        long[] last = {0};
        forEachRecord(dbf, table.headerLength(), recordLength, records, (record, position, row) -> {
            last[0] = position;
            if (row == 0) {
                deleted.add(position);
                return;
            }
            // a live record's flag is a space; some programs write a NUL, which GDAL reads as live too
            String damage = record[0] != ' ' && record[0] != 0
                    ? "a damaged first byte (" + (record[0] & 0xff) + ", not a space)"
                    : null;
            for (int f = 0; f < values.size() && damage == null; f++) {
                Field field = values.get(f);
                int nul = -1;
                for (int i = field.offset(); i < field.offset() + field.width(); i++) {
                    if (record[i] == 0 && nul < 0) {
                        nul = i;
                    } else if (nul >= 0 && record[i] != 0 && record[i] != ' ') {
                        damage = "NUL bytes inside the value of its field '" + CodePages.decode(field.name(), encoding)
                                + "' (read, it would be cut at them)";
                        break;
                    }
                }
            }
            if (damage != null) {
                throw new BadSourceException(
                        SourceProblem.DAMAGED,
                        "record " + position + " of " + dbf.getFileName() + " holds " + damage
                                + ": the file is damaged; export the layer again, or correct the record in a GIS"
                                + " program and save the layer anew");
            }
        });
        long read = last[0];
        if (read > 0 && deleted.size() == read) {
            // «delete all» before a pack: no feature to read, and none was rejected
            throw new BadSourceException(
                    SourceProblem.NO_FEATURES,
                    "no feature to read: all " + read + " rows of the .dbf are marked deleted (rows "
                            + deleted.subList(0, (int) Math.min(20, read)).stream()
                                    .map(String::valueOf)
                                    .collect(java.util.stream.Collectors.joining(", "))
                            + (read > 20 ? ", …" : "")
                            + "), as a GIS program leaves them until the table is packed; restore them in the GIS"
                            + " program, or export the layer again");
        }
        if (!deleted.isEmpty()) {
            // by their rows: the import names their plots too once it knows the field of their numbers
            notes.add(DbfDeletedRows.note(deleted));
        }
    }

    /** What {@link #forEachRecord} calls with each record. */
    interface RecordVisitor {
        /**
         * {@code record}: the record's bytes (the same array each time); {@code position}: its place in
         * the table, from 1, deleted records counted; {@code row}: the row GIS shows it as, deleted ones
         * not counted (a deleted one: 0).
         */
        void visit(byte[] record, long position, long row) throws IOException;
    }

    /**
     * Calls {@code visitor} with each of the first {@code records} records of {@code dbf}, in order,
     * up to the last the file holds whole.
     */
    static void forEachRecord(Path dbf, int headerLength, int recordLength, long records, RecordVisitor visitor)
            throws IOException {
        forEachRecord(dbf, headerLength, recordLength, records, () -> false, visitor);
    }

    /** {@link #forEachRecord}, stopping before a record once {@code done} says so. */
    static void forEachRecord(
            Path dbf,
            int headerLength,
            int recordLength,
            long records,
            java.util.function.BooleanSupplier done,
            RecordVisitor visitor)
            throws IOException {
        byte[] record = new byte[recordLength];
        long row = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(dbf), 1 << 16)) {
            in.skipNBytes(headerLength);
            for (long r = 0; r < records && !done.getAsBoolean(); r++) {
                if (in.readNBytes(record, 0, recordLength) < recordLength) {
                    return;
                }
                visitor.visit(record, r + 1, record[0] == '*' ? 0 : ++row);
            }
        }
    }

    /** How many of the records {@code from} (from 0) up to {@code to} are not deleted. */
    private static long undeleted(Path dbf, int headerLength, int recordLength, long from, long to) throws IOException {
        long count = 0;
        try (FileChannel channel = FileChannel.open(dbf, StandardOpenOption.READ)) {
            ByteBuffer flag = ByteBuffer.allocate(1);
            for (long r = from; r < to; r++) {
                flag.clear();
                if (channel.read(flag, headerLength + r * recordLength) < 1) {
                    break;
                }
                if (flag.get(0) != '*') {
                    count++;
                }
            }
        }
        return count;
    }

    /** The table's fields, from the descriptors between its first 32 bytes and the 0x0D that ends them. */
    static List<Field> fields(Path dbf, int headerLength) throws IOException {
        byte[] header;
        try (InputStream in = Files.newInputStream(dbf)) {
            header = in.readNBytes(headerLength);
        }
        List<Field> fields = new ArrayList<>();
        int offset = 1; // after the deletion flag
        for (int d = 32; d + 32 <= header.length && header[d] != 0x0D; d += 32) {
            int end = d;
            while (end < d + 11 && header[end] != 0) {
                end++;
            }
            int width = header[d + 16] & 0xff;
            char type = (char) (header[d + 11] & 0xff);
            if (type == 'C') {
                // character fields wider than 255 keep the rest of the width in the decimals byte
                width |= (header[d + 17] & 0xff) << 8;
            }
            fields.add(new Field(
                    java.util.Arrays.copyOfRange(header, d, end),
                    type,
                    offset,
                    width,
                    d,
                    type == 'C' ? 0 : header[d + 17] & 0xff));
            offset += width;
        }
        return fields;
    }

    /**
     * What the live records' values of {@code fields} hold that GDAL would misread: {@code unreadable},
     * the numeric and date fields with a value GDAL cannot read, each with its first such value; {@code
     * zeroLed}, the numeric fields without decimals holding a whole number written with leading zeros
     * ({@link #ZERO_LED}), each with its first such value: an identifier kept in a numeric field, whose
     * zeros a number would lose; {@code dotted}, the date fields holding blanks and dots for no date
     * ({@link #isNoDate}) before any unreadable value.
     */
    private record Values(Map<Field, String> unreadable, Map<Field, String> zeroLed, java.util.Set<Field> dotted) {}

    /** A whole number written with leading zeros: {@code 050859810001}, not {@code 0} alone. */
    private static final Pattern ZERO_LED = Pattern.compile("0[0-9]+");

    /** The {@link Values} of {@code fields}, in one pass over the records, ended once every field has its value. */
    private static Values values(Path dbf, int headerLength, int recordLength, long records, List<Field> fields)
            throws IOException {
        List<Field> checked = fields.stream()
                .filter(f -> (f.type() == 'N' || f.type() == 'F' || f.type() == 'D')
                        && f.offset() + f.width() <= recordLength)
                .toList();
        long whole = checked.stream().filter(DbfTable::wholeNumbers).count();
        Values found = new Values(new LinkedHashMap<>(), new LinkedHashMap<>(), new java.util.LinkedHashSet<>());
        if (checked.isEmpty()) {
            return found;
        }
        forEachRecord(
                dbf,
                headerLength,
                recordLength,
                records,
                () -> found.unreadable().size() == checked.size()
                        && found.zeroLed().size() == whole,
                (record, position, row) -> {
                    if (row == 0) {
                        // a deleted record, which GDAL passes over
                        return;
                    }
                    for (Field field : checked) {
                        boolean unread = found.unreadable().containsKey(field);
                        if (unread && (!wholeNumbers(field) || found.zeroLed().containsKey(field))) {
                            continue;
                        }
                        String value =
                                new String(record, field.offset(), field.width(), StandardCharsets.ISO_8859_1).strip();
                        if (field.type() == 'D' && isNoDate(value)) {
                            if (!unread && !value.equals("00000000")) {
                                found.dotted().add(field);
                            }
                        } else if (!unread
                                && !value.isEmpty()
                                && !isNone(value)
                                && !(field.type() == 'D'
                                        ? isDate(value)
                                        : NUMBER.matcher(value).matches())) {
                            found.unreadable().put(field, value);
                        }
                        if (wholeNumbers(field)
                                && !found.zeroLed().containsKey(field)
                                && ZERO_LED.matcher(value).matches()) {
                            found.zeroLed().put(field, value);
                        }
                    }
                });
        return found;
    }

    /** A numeric field without decimals, whose values may be identifiers written with leading zeros. */
    private static boolean wholeNumbers(Field field) {
        return field.type() == 'N' && field.decimals() == 0;
    }

    /** Stars alone: how GDAL and shapelib write a number that is not there (an empty price). */
    private static boolean isNone(String value) {
        return !value.isEmpty() && value.chars().allMatch(ch -> ch == '*');
    }

    /**
     * Writes spaces over the stars that stand for no number and the zeros, or blanks and dots, that
     * stand for no date in {@code fields}, now read as text or holding such dates.
     */
    private static void blankNones(
            Path dbf, int headerLength, int recordLength, long records, java.util.Collection<Field> fields)
            throws IOException {
        try (FileChannel channel = FileChannel.open(dbf, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer record = ByteBuffer.allocate(recordLength);
            for (long r = 0; r < records; r++) {
                long at = headerLength + r * recordLength;
                record.clear();
                if (channel.read(record, at) < recordLength) {
                    return;
                }
                for (Field field : fields) {
                    String value = new String(
                                    record.array(), field.offset(), field.width(), StandardCharsets.ISO_8859_1)
                            .strip();
                    // the zeros (or blanks and dots) some programs write for no date are none, as GDAL reads
                    // the zeros in a date field
                    if (isNone(value) || field.type() == 'D' && isNoDate(value)) {
                        byte[] blank = new byte[field.width()];
                        java.util.Arrays.fill(blank, (byte) ' ');
                        channel.write(ByteBuffer.wrap(blank), at + field.offset());
                    }
                }
            }
        }
    }

    /**
     * What programs write in a DBF date for none, stripped: the zeros of DOS programs, or blanks with
     * a date's dots ({@code "  .  .  "}) or any other mix of blanks and dots.
     */
    private static boolean isNoDate(String value) {
        return value.equals("00000000") || !value.isEmpty() && value.chars().allMatch(ch -> ch == '.' || ch == ' ');
    }

    /** A DBF date: eight digits of a day of the calendar. */
    private static boolean isDate(String value) {
        if (!value.matches("\\d{8}")) {
            return false;
        }
        try {
            java.time.LocalDate.parse(value, java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /**
     * The records of the Shapefile {@code shp}, counted by their headers (each gives the length of
     * its content) up to the first that the file does not hold whole.
     */
    static long recordsOf(Path shp) throws IOException {
        try (FileChannel channel = FileChannel.open(shp, StandardOpenOption.READ)) {
            long size = channel.size();
            long at = 100;
            long count = 0;
            ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
            while (at + 8 <= size) {
                header.clear();
                while (header.hasRemaining() && channel.read(header, at + header.position()) > 0) {
                    // read the whole header
                }
                long next = at + 8 + 2 * (header.getInt(4) & 0xffffffffL);
                if (header.hasRemaining() || next > size) {
                    break;
                }
                count++;
                at = next;
            }
            return count;
        }
    }
}
