package kz.adalmap.importers.gdal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Ogr2OgrTest {

    @Test
    void gdalsWarningsAreSaidOnceWithHowManyTimes() {
        String unclosed = "Warning 1: Non closed ring detected. To avoid accepting it, set the"
                + " OGR_GEOMETRY_ACCEPT_UNCLOSED_RING configuration option to NO";
        assertThat(Ogr2Ogr.worded(List.of(unclosed, "Warning 1: something else", unclosed, unclosed)))
                .containsExactly(
                        "an outline of the file was not closed (its last point is not its first): it was closed;"
                                + " GDAL, which reads the file, does not say which feature's (3 times)",
                        "Warning 1: something else");
    }

    @Test
    void fieldsKeepGdalsNamesWhenNoneClash() {
        assertThat(Ogr2Ogr.stagingColumns(List.of("KAD_NOMER", "Статус", "it's")))
                .isEmpty();
    }

    @Test
    void clashingFieldsGetNamesOfTheirOwn() {
        String ru = "Целевое назначение земельного участка по документам (рус)";
        String kk = "Целевое назначение земельного участка по документам (каз)";
        Map<String, String> columns =
                Ogr2Ogr.stagingColumns(List.of("geom", "Status", "STATUS", "it's", "it_s", ru, kk, "source_row"));
        assertThat(Ogr2Ogr.renamedFields(columns))
                .containsOnlyKeys("geom", "STATUS", "it_s", kk, "source_row")
                .containsEntry("geom", "geom_2")
                .containsEntry("STATUS", "status_2")
                .containsEntry("it_s", "it_s_2")
                .containsEntry("source_row", "source_row_2");
        assertThat(columns.values())
                .doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(63));
        assertThat(columns).containsEntry("Status", "status").containsEntry("it's", "it_s");
    }
}
