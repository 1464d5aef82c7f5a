package kz.adalmap.api.common.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void aTextASpreadsheetWouldRunAsAFormulaIsWrittenAsText() {
        assertThat(CsvWriter.field("=HYPERLINK(\"http://x\",\"click\")", true))
                .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"");
        assertThat(CsvWriter.field("+7 701 123 45 67", true)).isEqualTo("'+7 701 123 45 67");
        assertThat(CsvWriter.field("@SUM(A1)", true)).isEqualTo("'@SUM(A1)");
        assertThat(CsvWriter.field("-2+3", true)).isEqualTo("'-2+3");
        assertThat(CsvWriter.field("\tcmd", true)).isEqualTo("'\tcmd");
    }

    @Test
    void numbersAndOrdinaryTextAreWrittenAsTheyAre() {
        assertThat(CsvWriter.field("-12.5", false)).isEqualTo("-12.5");
        assertThat(CsvWriter.field("Яма на дороге = опасно", true)).isEqualTo("Яма на дороге = опасно");
        assertThat(CsvWriter.field("", true)).isEmpty();
        assertThat(CsvWriter.field(null, true)).isEmpty();
        assertThat(CsvWriter.field("a;b", true)).isEqualTo("\"a;b\"");
    }
}
