package kz.adalmap.importers.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvHeaderTest {

    @TempDir
    Path dir;

    private boolean flattened(String name, String text) throws Exception {
        return CsvHeader.flattenLineBreaks(Files.writeString(dir.resolve(name), text)) > 0;
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
        assertThat(CsvHeader.cellsCut(csv)).containsExactly(2, 3, 3);
        // an address over two lines before it: the row's record and the line it begins on differ
        Path wrapped = java.nio.file.Files.writeString(
                dir.resolve("wrapped.csv"),
                "kad_nomer;adres;wkt\n05-085-012-001;\"ул. Абая,\n5\";\"POINT(82.6 49.95)\"\n05-085-012-002;;\"" + cut
                        + "\"\n");
        assertThat(CsvHeader.cellsCut(wrapped)).containsExactly(1, 3, 4);
    }

    @Test
    void rowsGroupedAsPlotsCornersAreToldByTheColumnThatGroupsThem() throws Exception {
        // the number on a plot's first corner, the rows below empty as a merged cell leaves them; the
        // status the same in every group
        Path corners = java.nio.file.Files.writeString(
                dir.resolve("corners.csv"),
                "Кадастровый номер;№;lon;lat;Статус\n05-085-016-001;1;82.6;50.11;Свободен\n;2;82.601;50.11;\n"
                        + ";3;82.601;50.111;\n;4;82.6;50.111;\n05-085-016-002;1;82.602;50.11;Свободен\n"
                        + "05-085-016-002;2;82.603;50.11;\n;3;82.603;50.111;\n");
        assertThat(CsvHeader.groupingColumn(corners, List.of("lon", "lat"))).isEqualTo("Кадастровый номер");
        // one point a plot, the same area throughout: no corners
        Path points = java.nio.file.Files.writeString(
                dir.resolve("points.csv"),
                "№;Кадастровый номер;lon;lat;Площадь, га\n1;05-085-014-001;82,60;49,97;0,5\n"
                        + "2;05-085-014-002;82,61;49,97;0,5\n3;05-085-014-003;82,62;49,97;0,5\n"
                        + "4;05-085-014-004;82,63;49,97;0,5\n");
        assertThat(CsvHeader.groupingColumn(points, List.of("lon", "lat"))).isNull();
    }

    @Test
    void degreesMinutesAndSecondsAreReadAsDecimalDegrees() throws Exception {
        assertThat(CsvHeader.degrees("82°36'10\"E")).isEqualTo("82.6027778");
        assertThat(CsvHeader.degrees("\"49° 57,3'\"")).isEqualTo("49.9550000");
        assertThat(CsvHeader.degrees("N 49°57′00″")).isEqualTo("49.9500000");
        assertThat(CsvHeader.degrees("76°57'12'' в.д.")).isEqualTo("76.9533333");
        assertThat(CsvHeader.degrees("12°30' з.д.")).isEqualTo("-12.5000000");
        assertThat(CsvHeader.degrees("82.6")).isNull();
        // with spaces for the signs, as surveyors type them
        assertThat(CsvHeader.degrees("49 57 44.0")).isEqualTo("49.9622222");
        assertThat(CsvHeader.degrees("\"82 37 20,5 E\"")).isEqualTo("82.6223611");
        assertThat(CsvHeader.degrees("49 57,3")).isEqualTo("49.9550000");
        assertThat(CsvHeader.degrees("З 12 30")).isEqualTo("-12.5000000");
        // numbers grouped by spaces, minutes or seconds past 59, degrees past 180: no angle
        assertThat(CsvHeader.degrees("5 535 123")).isNull();
        assertThat(CsvHeader.degrees("49 75 10")).isNull();
        assertThat(CsvHeader.degrees("49 57 60")).isNull();
        assertThat(CsvHeader.degrees("200 10")).isNull();
        assertThat(CsvHeader.degrees("82 6")).isEqualTo("82.1000000");
        assertThat(CsvHeader.degrees("около 82°")).isNull();
        // the signed form with the same typos: no angle either
        assertThat(CsvHeader.degrees("82°36'68\"")).isNull();
        assertThat(CsvHeader.degrees("49°66'53\"")).isNull();
        // colons or dots between all three parts, a hemisphere's word before
        assertThat(CsvHeader.degrees("82:36:18")).isEqualTo("82.6050000");
        assertThat(CsvHeader.degrees("82.36.18")).isEqualTo("82.6050000");
        assertThat(CsvHeader.degrees("82:36")).isNull();
        assertThat(CsvHeader.degrees("с.е. 49°57'")).isEqualTo("49.9500000");
        assertThat(CsvHeader.degrees("б.б. 12°30'")).isEqualTo("-12.5000000");
        assertThat(CsvHeader.degrees("в.д. 82°36'18\"", true)).isNull();
        assertThat(CsvHeader.unreadable("в.д. 82°36'18\"", true)).containsExactly("longitude_mark", "в.д.");
        Path csv = java.nio.file.Files.writeString(
                dir.resolve("dms.csv"),
                "name;Долгота;Широта\r\nа;82,6;49,95\r\n\"б; в\";82°36'10\"E;\"49°57'00\"\"N\"\r\n");
        assertThat(CsvHeader.degreesFromDms(csv, List.of("долгота"), List.of("широта"))
                        .converted())
                .isEqualTo(2);
        assertThat(java.nio.file.Files.readString(csv))
                .isEqualTo("name;Долгота;Широта\r\nа;82,6;49,95\r\n\"б; в\";82.6027778;49.9500000\r\n");
    }

    @Test
    void rowsWithMoreOrFewerValuesThanNamedColumnsAreFoundByTheirLines() throws Exception {
        Path csv = Files.writeString(
                dir.resolve("widths.csv"),
                "\uFEFFa;b;c\r\n1;2;3\r\n\r\n1;\"x;\ny\";3;4\r\n1;2\r\n1;2;3;;\r\n1;2;3; \r\n");
        CsvHeader.RowWidths widths = CsvHeader.rowWidths(csv);
        assertThat(widths.columns()).isEqualTo(3);
        assertThat(widths.separator()).isEqualTo(';');
        // line 4 (a value with a line break inside its quotes: one row) holds a fourth value
        assertThat(widths.longerCount()).isEqualTo(1);
        assertThat(widths.longer().get(0)).containsExactly(4, 4);
        // empty values past the last column hold nothing; the empty line is no row
        assertThat(widths.shorter()).containsExactly(6L);
        assertThat(widths.shorterCount()).isEqualTo(1);
    }

    @Test
    void aSeparatorAfterTheLastNameAsksNoRowForAnotherValue() throws Exception {
        CsvHeader.RowWidths widths =
                CsvHeader.rowWidths(Files.writeString(dir.resolve("trailing.csv"), "a,b,c,\n1,2,3\n1,2,3,4\n"));
        assertThat(widths.columns()).isEqualTo(3);
        assertThat(widths.shorterCount()).isZero();
        assertThat(widths.longerCount()).isZero();
    }
}
