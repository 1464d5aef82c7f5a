package kz.adalmap.importers.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapInfoTextTest {

    @TempDir
    Path dir;

    private static final String HEADER =
            "Version 300\r\nCharset \"WindowsCyrillic\"\r\nDelimiter \",\"\r\nColumns 2\r\n"
                    // columns named as objects are no objects
                    + "  Line Char(10)\r\n  Point Char(10)\r\nData\r\n\r\n";

    @Test
    void polylineSectionsOfOneVertexAreWrittenWithItTwiceAndTheirRowsNamed() throws Exception {
        String body = "Point 1 2\r\n    Symbol (35,0,12)\r\n"
                + "Pline 1\r\n615000 5540050\r\n    Pen (1,2,0)\r\n"
                // a collection is one row, its parts none of their own
                + "Collection 2\r\nRegion 1\r\n  4\r\n0 0\r\n1 0\r\n1 1\r\n0 0\r\nPline\r\n 1\r\n5 5\r\n"
                + "Pline 2\r\n0 0\r\n1 1\r\n"
                + "PLINE MULTIPLE 3 2\r\n0 0\r\n1 1\r\n  1\r\n2 2\r\n  2\r\n3 3\r\n4 4\r\n"
                + "Line 0 0 1 1\r\n";
        Path mif = Files.writeString(dir.resolve("a.mif"), HEADER + body, StandardCharsets.ISO_8859_1);
        assertThat(MapInfoText.onePointLinesReadable(mif)).containsExactly(2L, 3L, 5L);
        assertThat(Files.readString(mif, StandardCharsets.ISO_8859_1))
                .isEqualTo(HEADER
                        + "Point 1 2\r\n    Symbol (35,0,12)\r\n"
                        + "Pline 2\r\n615000 5540050\r\n615000 5540050\r\n    Pen (1,2,0)\r\n"
                        + "Collection 2\r\nRegion 1\r\n  4\r\n0 0\r\n1 0\r\n1 1\r\n0 0\r\nPline\r\n 2\r\n5 5\r\n5 5\r\n"
                        + "Pline 2\r\n0 0\r\n1 1\r\n"
                        + "PLINE MULTIPLE 3 2\r\n0 0\r\n1 1\r\n  2\r\n2 2\r\n2 2\r\n  2\r\n3 3\r\n4 4\r\n"
                        + "Line 0 0 1 1\r\n");
    }

    @Test
    void aFileWithoutSuchLinesIsLeftAsItIs() throws Exception {
        Path mif = Files.writeString(
                dir.resolve("b.mif"), HEADER + "Pline 2\r\n0 0\r\n1 1\r\n", StandardCharsets.ISO_8859_1);
        long modified = Files.getLastModifiedTime(mif).toMillis();
        assertThat(MapInfoText.onePointLinesReadable(mif)).isEmpty();
        assertThat(Files.getLastModifiedTime(mif).toMillis()).isEqualTo(modified);
    }
}
