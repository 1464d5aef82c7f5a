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

    @Test
    void aDatumOfNoParticularNameIsTold() {
        for (String name : java.util.List.of(
                "D_Krasovsky_1940",
                "Krassowsky_1940",
                "Not specified (based on Krassowsky 1940 ellipsoid)",
                "Not_specified_based_on_Krassowsky_1940_ellipsoid",
                "Unknown based on Krassovsky, 1942 ellipsoid",
                "Unknown_based_on_Krassowsky_1940_ellipsoid",
                "unknown",
                "D_unknown")) {
            assertThat(CoordinateSystems.namesNoParticularDatum(name)).as(name).isTrue();
        }
        for (String name :
                java.util.List.of("Beijing 1954", "Pulkovo 1995", "Pulkovo42", "S-JTSK", "MIF 999,3,0,0,0")) {
            assertThat(CoordinateSystems.namesNoParticularDatum(name)).as(name).isFalse();
        }
        assertThat(CoordinateSystems.namesNoParticularDatum(null)).isFalse();
    }

    @Test
    void theDatumsAndItsSystemsCodesGoWithTheirName() {
        String esri = "PROJCRS[\"GK\",BASEGEOGCRS[\"Unknown datum based upon the Krassowsky 1940 ellipsoid\","
                + "DATUM[\"Not specified (based on Krassowsky 1940 ellipsoid)\",ELLIPSOID[\"Krassowsky 1940\","
                + "6378245,298.3,LENGTHUNIT[\"metre\",1]],ID[\"EPSG\",6024]],PRIMEM[\"Greenwich\",0,"
                + "ANGLEUNIT[\"Degree\",0.0174532925199433]],ID[\"EPSG\",4024]],CONVERSION[\"x\","
                + "METHOD[\"Transverse Mercator\",ID[\"EPSG\",9807]]]]";
        assertThat(CoordinateSystems.asPulkovo1942(esri, "Not specified (based on Krassowsky 1940 ellipsoid)"))
                .isEqualTo("PROJCRS[\"GK\",BASEGEOGCRS[\"Unknown datum based upon the Krassowsky 1940 ellipsoid\","
                        + "DATUM[\"Pulkovo 1942\",ELLIPSOID[\"Krassowsky 1940\","
                        + "6378245,298.3,LENGTHUNIT[\"metre\",1]]],PRIMEM[\"Greenwich\",0,"
                        + "ANGLEUNIT[\"Degree\",0.0174532925199433]]],CONVERSION[\"x\","
                        + "METHOD[\"Transverse Mercator\",ID[\"EPSG\",9807]]]]");
    }

    @Test
    void aShiftGivenIsTold() {
        assertThat(CoordinateSystems.shiftGiven(
                        "GEOGCS[\"x\",DATUM[\"unknown\",SPHEROID[\"k\",6378245,298.3]," + "TOWGS84[0,0,0,0,0,0,0]]]"))
                .isTrue();
        assertThat(CoordinateSystems.shiftGiven("BOUNDCRS[SOURCECRS[GEOGCRS[\"x\"]]]"))
                .isTrue();
        assertThat(CoordinateSystems.shiftGiven("GEOGCS[\"x\",DATUM[\"unknown\",SPHEROID[\"k\",6378245,298.3]]]"))
                .isFalse();
    }
}
