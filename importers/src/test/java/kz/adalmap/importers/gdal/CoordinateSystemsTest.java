package kz.adalmap.importers.gdal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CoordinateSystemsTest {

    @Test
    void pulkovo1942IsToldByTheNamesProgramsGiveIt() {
        assertThat(CoordinateSystems.namesPulkovo1942("Pulkovo42")).isTrue();
        assertThat(CoordinateSystems.namesPulkovo1942("Pulkovo_1942")).isTrue();
        assertThat(CoordinateSystems.namesPulkovo1942("SK-42")).isTrue();
        assertThat(CoordinateSystems.namesPulkovo1942("СК-42")).isTrue();
        // Europe's adjustments of it are other datums, and a name with no datum in it none
        assertThat(CoordinateSystems.namesPulkovo1942("Pulkovo42/83")).isFalse();
        assertThat(CoordinateSystems.namesPulkovo1942("Pulkovo42/58")).isFalse();
        assertThat(CoordinateSystems.namesPulkovo1942("none")).isFalse();
        assertThat(CoordinateSystems.namesPulkovo1942("Krassowsky_1940")).isFalse();
    }

    @Test
    void onlyTheDatumsNameIsChanged() {
        String autoCad = "PROJCS[\"Pulkovo42.GK6d-14\",GEOGCS[\"LL-Pulkovo42\",DATUM[\"Pulkovo42\","
                + "SPHEROID[\"KRASOV\",6378245.000,298.30000000]]]]";
        assertThat(CoordinateSystems.asPulkovo1942(autoCad, "Pulkovo42"))
                .isEqualTo("PROJCS[\"Pulkovo42.GK6d-14\",GEOGCS[\"LL-Pulkovo42\",DATUM[\"Pulkovo 1942\","
                        + "SPHEROID[\"KRASOV\",6378245.000,298.30000000]]]]");
    }
}
