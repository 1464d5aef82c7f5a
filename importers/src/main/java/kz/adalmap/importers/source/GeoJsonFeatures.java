package kz.adalmap.importers.source;

import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * A GeoJSON FeatureCollection read as a stream, one member of one feature at a time: what the
 * readers of a file's coordinates ({@link GeoJsonCoordinates}) and of its grouped properties
 * ({@link GeoJsonProperties}) look at, without holding the file.
 */
final class GeoJsonFeatures {

    /**
     * One value at a time is read from a file that goes on. {@code NaN}, {@code Infinity} and {@code
     * -Infinity}, which Python's json module writes for a lost number and GDAL's GeoJSON reader reads,
     * are read as those numbers, and written back as such, not as text (GDAL's reader refuses comments in
     * a GeoJSON, as this one does). A file is read through {@link #parser}, which gives this reader
     * GDAL's spellings of them.
     */
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(tools.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(tools.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private GeoJsonFeatures() {}

    /**
     * A parser of {@code geojson} that reads the file's numbers as GDAL's GeoJSON reader does ({@link
     * AsGdalReads}), and a sequence's record separators (RFC 8142's), which no JSON text holds unescaped,
     * as spaces: a sequence's features are read one a line, as GDAL reads a sequence too.
     */
    static JsonParser parser(Path geojson) throws java.io.IOException {
        return parser(JSON, geojson);
    }

    /** {@link #parser(Path)} of a reader built from {@link #JSON} with settings of its own. */
    static JsonParser parser(JsonMapper mapper, Path json) throws java.io.IOException {
        return mapper.createParser(
                new AsGdalReads(new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(json), 1 << 16)));
    }

    /**
     * The bytes of a JSON text with the numbers that are not numbers spelt as {@link #JSON} reads them
     * where GDAL's reader reads them: {@code nan}, {@code infinity} and {@code -infinity} in any letters
     * ({@code nan}, {@code NAN}, {@code -INFINITY}) as {@code NaN}, {@code Infinity} and {@code -Infinity};
     * {@code +Infinity}, {@code -INF} and {@code +INF}, which that reader reads and GDAL's does not, in
     * small letters, which neither reads. Text in quotes stays as written; each word is rewritten in as
     * many bytes, in place. Record separators (0x1E) outside quotes become spaces.
     */
    static final class AsGdalReads extends java.io.InputStream {

        /** The longest word rewritten, {@code infinity}. */
        private static final int LONGEST = 8;

        private final java.io.InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        /** Bytes from {@code start} to {@code ready} are looked at and given next; to {@code end}, read. */
        private int start;

        private int ready;
        private int end;
        private boolean ended;
        /** At {@code ready}: within quotes, after a backslash there, within a word too long to rewrite. */
        private boolean quoted;

        private boolean escaped;
        private boolean longWord;
        /** The byte before {@code ready} outside quotes: a word's sign. */
        private byte before = ' ';

        AsGdalReads(java.io.InputStream in) {
            this.in = in;
        }

        @Override
        public void close() throws java.io.IOException {
            in.close();
        }

        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] to, int offset, int length) throws java.io.IOException {
            if (length == 0) {
                return 0;
            }
            while (start == ready) {
                if (ended) {
                    return -1;
                }
                // what was not looked at yet (the start of a word) goes first
                System.arraycopy(buffer, ready, buffer, 0, end - ready);
                end -= ready;
                start = 0;
                ready = 0;
                int n = in.read(buffer, end, buffer.length - end);
                if (n < 0) {
                    ended = true;
                } else {
                    end += n;
                }
                look();
            }
            int n = Math.min(length, ready - start);
            System.arraycopy(buffer, start, to, offset, n);
            start += n;
            return n;
        }

        /** Looks at the bytes read, up to a word that may go on in the bytes still to read. */
        private void look() {
            int i = ready;
            while (i < end) {
                byte b = buffer[i];
                if (quoted) {
                    if (escaped) {
                        escaped = false;
                    } else if (b == '\\') {
                        escaped = true;
                    } else if (b == '"') {
                        quoted = false;
                    }
                    i++;
                    continue;
                }
                if (!letter(b)) {
                    longWord = false;
                    if (b == 0x1e) {
                        buffer[i] = ' ';
                    }
                    quoted = b == '"';
                    before = buffer[i];
                    i++;
                    continue;
                }
                if (longWord) {
                    i++;
                    continue;
                }
                int j = i;
                while (j < end && j - i <= LONGEST && letter(buffer[j])) {
                    j++;
                }
                if (j - i > LONGEST) {
                    longWord = true;
                } else if (j == end && !ended) {
                    break;
                } else {
                    spell(i, j);
                }
                before = buffer[j - 1];
                i = j;
            }
            ready = i;
        }

        private static boolean letter(byte b) {
            return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z';
        }

        /** Rewrites the word from {@code from} to {@code to}, {@link #before} its sign or not. */
        private void spell(int from, int to) {
            String word = new String(buffer, from, to - from, java.nio.charset.StandardCharsets.US_ASCII);
            String spelt;
            if (before != '+' && word.equalsIgnoreCase("infinity")) {
                spelt = "Infinity";
            } else if (before != '+' && before != '-' && word.equalsIgnoreCase("nan")) {
                spelt = "NaN";
            } else if (before == '+' || before == '-') {
                spelt = word.toLowerCase(java.util.Locale.ROOT);
            } else {
                return;
            }
            System.arraycopy(spelt.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, buffer, from, to - from);
        }
    }

    /** Reads the value of a feature's member, the parser at its first token; it reads the whole value. */
    interface MemberReader {
        void read(long row, JsonParser in);
    }

    /**
     * Gives {@code reader} the member {@code member} of each feature of the FeatureCollection {@code
     * geojson}, with the feature's position in the file (from 1, as the import numbers them). False
     * when the file is no FeatureCollection this reader reads, or ends in the middle: GDAL says what
     * is wrong with it.
     */
    static boolean eachMember(Path geojson, String member, MemberReader reader) {
        try (JsonParser in = parser(geojson)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (in.nextToken() == JsonToken.PROPERTY_NAME) {
                String top = in.currentName();
                JsonToken value = in.nextToken();
                if (!top.equals("features") || value != JsonToken.START_ARRAY) {
                    in.skipChildren();
                    continue;
                }
                long row = 0;
                for (JsonToken t = in.nextToken(); t != JsonToken.END_ARRAY; t = in.nextToken()) {
                    if (t == null) {
                        return false;
                    }
                    row++;
                    if (t != JsonToken.START_OBJECT) {
                        in.skipChildren();
                        continue;
                    }
                    while (in.nextToken() == JsonToken.PROPERTY_NAME) {
                        String name = in.currentName();
                        in.nextToken();
                        if (name.equals(member)) {
                            reader.read(row, in);
                        } else {
                            in.skipChildren();
                        }
                    }
                }
            }
            return true;
        } catch (JacksonException | java.io.IOException e) {
            return false;
        }
    }
}
