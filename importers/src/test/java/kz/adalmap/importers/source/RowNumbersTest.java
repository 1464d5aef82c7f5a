package kz.adalmap.importers.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowNumbersTest {

    @TempDir
    Path dir;

    private long[] numbers(String text, long above, boolean sheet, int features) throws Exception {
        RowNumbers rows = RowNumbers.ofCsv(Files.writeString(dir.resolve("t.csv"), text), above, sheet);
        return LongStream.rangeClosed(1, features).map(rows::of).toArray();
    }

    @Test
    void aCsvFilesFeaturesAreNamedByTheLinesTheyBeginOn() throws Exception {
        // a blank line GDAL skips, a cell with a line break (CR LF), a row of separators GDAL reads
        String text = "\uFEFFn;WKT\r\n1;a\r\n\r\n2;\"ул. Абая,\r\nд. 5\"\r\n;;\r\n3;b\r\n";
        assertThat(numbers(text, 0, false, 4)).containsExactly(2, 4, 6, 7);
        // below a title of two lines, left out
        assertThat(numbers(text, 2, false, 4)).containsExactly(4, 6, 8, 9);
    }

    @Test
    void aSheetsFeaturesAreNamedByItsRows() throws Exception {
        // GDAL writes a sheet a row a line, a cell's line break in quotes
        String text = "n,WKT\n1,a\n,\n2,\"two\nlines\"\n3,b";
        assertThat(numbers(text, 2, true, 4)).containsExactly(4, 5, 6, 7);
    }

    @Test
    void numbersStoredAsTheRevisionKeepsThemReadTheSame() throws Exception {
        RowNumbers rows = RowNumbers.ofCsv(Files.writeString(dir.resolve("t.csv"), "a,b\n1,2\n\n3,4\n"), 0, false);
        assertThat(RowNumbers.fromMap(tools.jackson.databind.json.JsonMapper.builder()
                        .build()
                        .readValue(
                                tools.jackson.databind.json.JsonMapper.builder()
                                        .build()
                                        .writeValueAsString(rows.asMap()),
                                new tools.jackson.core.type.TypeReference<java.util.Map<String, Object>>() {})))
                .isEqualTo(rows);
        assertThat(RowNumbers.fromMap(null).of(5)).isEqualTo(5);
    }
}
