package kz.adalmap.importers.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The coordinate system's name in a report's summary, as GDAL gives its WKT. */
class CrsNameTest {

    @Test
    void aMapInfoGaussKrugerSystemIsNamedByItsDatumProjectionAndMeridian() {
        // GDAL's reading of «CoordSys Earth Projection 8, 1001, "m", 75, 0, 1, 13500000, 0»
        String wkt = """
                PROJCRS["unnamed",BASEGEOGCRS["unnamed",DATUM["Pulkovo 1942",ELLIPSOID["Krassovsky",6378245,298.3,
                LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0]],CONVERSION["Transverse Mercator",
                METHOD["Transverse Mercator",ID["EPSG",9807]],PARAMETER["Latitude of natural origin",0],
                PARAMETER["Longitude of natural origin",75,ANGLEUNIT["degree",0.0174532925199433]],
                PARAMETER["False easting",13500000]]]""";
        assertThat(LayerImporter.crsName(wkt)).isEqualTo("Pulkovo 1942 / Transverse Mercator, central meridian 75°");
        String wkt1 = "PROJCS[\"unnamed\",GEOGCS[\"unnamed\",DATUM[\"Pulkovo_1942\",SPHEROID[\"Krassovsky\",6378245,"
                + "298.3]],PRIMEM[\"Greenwich\",0]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"central_meridian\""
                + ",75],PARAMETER[\"false_easting\",13500000]]";
        assertThat(LayerImporter.crsName(wkt1)).isEqualTo("Pulkovo 1942 / Transverse Mercator, central meridian 75°");
    }

    @Test
    void aNamedSystemKeepsItsName() {
        assertThat(LayerImporter.crsName(
                        "PROJCRS[\"Pulkovo 1942 / Gauss-Kruger zone 13\",BASEGEOGCRS[\"Pulkovo 1942\"]]"))
                .isEqualTo("Pulkovo 1942 / Gauss-Kruger zone 13");
    }
}
