package kz.adalmap.importers.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvHeaderTest {

    @TempDir
    Path dir;

    private boolean flattened(String name, String text) throws Exception {
        return CsvHeader.flattenLineBreaks(Files.writeString(dir.resolve(name), text));
    }

    @Test
    void lineBreaksInQuotedNamesBecomeOneSpaceEachAndTheRowsStayAsTheyWere() throws Exception {
        String rows = "1;\"ул. Абая,\r\nд. 5\";\"0,12\"\r\n2;\"\";\"\"\"кавычки\"\"\"\r\n";
        assertThat(flattened("wrapped.csv", "\"№\";\"Адрес\r\nучастка\";\"Площадь,\nга\"\r\n" + rows))
                .isTrue();
        assertThat(Files.readString(dir.resolve("wrapped.csv")))
                .isEqualTo("\"№\";\"Адрес участка\";\"Площадь, га\"\r\n" + rows);
    }

    @Test
    void aHeaderWithoutBreaksInQuotesIsLeftAlone() throws Exception {
        String text = "\"a\";\"b\"\n\"x\ny\";2\n";
        assertThat(flattened("plain.csv", text)).isFalse();
        assertThat(Files.readString(dir.resolve("plain.csv"))).isEqualTo(text);
        // an escaped quote does not open a name
        assertThat(flattened("escaped.csv", "\"say \"\"hi\"\"\";b\nx;y\n")).isFalse();
    }

    @Test
    void aQuoteNeverClosedIsNoHeaderToMend() throws Exception {
        String text = "\"a;b\nx;y\n";
        assertThat(flattened("open.csv", text)).isFalse();
        assertThat(Files.readString(dir.resolve("open.csv"))).isEqualTo(text);
    }

    @Test
    void cellsOfTheMostAnExcelCellHoldsAreFound() throws Exception {
        String cut = "POLYGON((82.6 49.95," + "82.6001 49.9501,".repeat(3000);
        cut = cut.substring(0, CsvHeader.EXCEL_CELL);
        Path csv = java.nio.file.Files.writeString(
                dir.resolve("cut.csv"),
                "kad_nomer;wkt\r\n05-085-012-001;\"POLYGON((82.6 49.95,82.61 49.95,82.6 49.96,82.6 49.95))\"\r\n"
                        + "05-085-012-002;\"" + cut + "\"\r\n05-085-012-003;\"say \"\"" + cut.substring(5) + "\"\r\n");
        assertThat(CsvHeader.cellsCut(csv)).containsExactly(2, 2);
    }
}
