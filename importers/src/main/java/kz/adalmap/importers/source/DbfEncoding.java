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
 * Guesses the code page of a DBF that does not declare one (no {@code .cpg}, no language driver
 * byte), as the Shapefiles of many offices come: UTF-8, Windows Cyrillic (CP1251), DOS Cyrillic
 * (CP866) or the Kazakh code page (PT154, which adds Ә Ғ Қ Ң Ө Ұ Ү Һ І to CP1251). Each candidate
 * decodes the bytes above 127; the one that yields the most Russian and Kazakh letters wins.
 */
public final class DbfEncoding {

    /** Characters of PT154 at 0x80–0xBF; the rest of the code page is CP1251's. */
    private static final String PT154_HIGH = "ҖҒӮғ„…ҶҮҲүҠӢҢҚҺҸҗ‘’“”•–—ҳҷҡӣңқһҹ ЎўЈӨҘҰ§Ё©Ә«¬ӯ®Ҝ°ұІіҙө¶·ё№ә»јҪҫҝ";

    private static final String LETTERS = "ЁёӘәҒғҚқҢңӨөҰұҮүҺһІі";
    private static final int SAMPLE_BYTES = 4 * 1024 * 1024;

    private DbfEncoding() {}

    /**
     * The code page to read {@code dbf} with, or null when it says its own, holds only ASCII or is
     * valid UTF-8 (which GDAL reads as it is).
     */
    public static String guess(Path dbf) throws IOException {
        byte[] data;
        try (InputStream in = Files.newInputStream(dbf)) {
            data = in.readNBytes(SAMPLE_BYTES);
        }
        if (data.length < 32 || data[29] != 0) {
            return null;
        }
        int headerLength = (data[8] & 0xff) | (data[9] & 0xff) << 8;
        if (headerLength >= data.length) {
            return null;
        }
        byte[] records = java.util.Arrays.copyOfRange(data, headerLength, data.length);
        boolean high = false;
        for (byte b : records) {
            high |= b < 0;
        }
        if (!high || isUtf8(records, data.length == SAMPLE_BYTES)) {
            return null;
        }
        String best = null;
        int bestScore = -1;
        for (String candidate : List.of("CP1251", "CP866", "PT154")) {
            int score = 0;
            for (byte b : records) {
                if (b < 0 && isLetter(decode(candidate, b & 0xff))) {
                    score++;
                }
            }
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
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

    static char decode(String encoding, int b) {
        if (encoding.equals("PT154")) {
            return b >= 0x80 && b < 0xc0 ? PT154_HIGH.charAt(b - 0x80) : decode("CP1251", b);
        }
        String text = new String(
                new byte[] {(byte) b}, Charset.forName(encoding.equals("CP866") ? "IBM866" : "windows-1251"));
        return text.isEmpty() ? '\ufffd' : text.charAt(0);
    }

    private static boolean isLetter(char c) {
        return (c >= 'А' && c <= 'я') || LETTERS.indexOf(c) >= 0;
    }
}
