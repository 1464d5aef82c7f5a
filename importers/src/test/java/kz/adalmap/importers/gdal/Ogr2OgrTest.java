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
        String other = "Warning 1: something else";
        // GDAL says an unclosed outline more than once (twice for one of a GeoJSON): no count of outlines
        assertThat(Ogr2Ogr.worded(List.of(unclosed, other, unclosed, unclosed, other)))
                .containsExactly(
                        "one or more outlines of the file were not closed (their last point is not their first):"
                                + " they were closed; GDAL, which reads the file, does not say which features'",
                        "Warning 1: something else (2 times)");
    }

    @Test
    void onlyALayerInEpsg4326ItselfIsReadWithoutATransformation() {
        // as ogrinfo gives a GeoPackage's layer: WKT 2, the CRS's own ID last, its parts' IDs inside
        String wgs84 = """
                GEOGCRS["WGS 84",
                    ENSEMBLE["World Geodetic System 1984 ensemble",
                        MEMBER["World Geodetic System 1984 (G2139)"],
                        ELLIPSOID["WGS 84",6378137,298.257223563,
                            LENGTHUNIT["metre",1]],
                        ENSEMBLEACCURACY[2.0]],
                    PRIMEM["Greenwich",0,
                        ANGLEUNIT["degree",0.0174532925199433]],
                    CS[ellipsoidal,2],
                        AXIS["geodetic latitude (Lat)",north,
                            ORDER[1],
                            ANGLEUNIT["degree",0.0174532925199433]],
                        AXIS["geodetic longitude (Lon)",east,
                            ORDER[2],
                            ANGLEUNIT["degree",0.0174532925199433]],
                    USAGE[
                        SCOPE["Horizontal component of 3D system."],
                        AREA["World."],
                        BBOX[-90,-180,90,180]],
                    ID["EPSG",4326]]""";
        assertThat(Ogr2Ogr.isWgs84(wgs84)).isTrue();
        assertThat(Ogr2Ogr.isWgs84("GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"
                        + "AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0],"
                        + "UNIT[\"degree\",0.0174532925199433],AUTHORITY[\"EPSG\",\"4326\"]]"))
                .isTrue();
        // UTM 43N on WGS 84, whose datum and ellipsoid carry IDs of WGS 84's; an ESRI .prj without an ID
        assertThat(Ogr2Ogr.isWgs84(wgs84.replace(
                                "GEOGCRS[\"WGS 84\",", "PROJCRS[\"WGS 84 / UTM zone 43N\",BASEGEOGCRS[\"WGS 84\",")
                        .replace("ID[\"EPSG\",4326]]", "ID[\"EPSG\",4326]],ID[\"EPSG\",32643]]")))
                .isFalse();
        assertThat(Ogr2Ogr.isWgs84("GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,"
                        + "298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]"))
                .isFalse();
        assertThat(Ogr2Ogr.isWgs84(null)).isFalse();
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
        assertThat(Ogr2Ogr.renamedFields(columns, Map.of()))
                .containsOnlyKeys("geom", "it_s", kk, "source_row")
                .containsEntry("geom", "geom_2")
                .containsEntry("it_s", "it_s_2")
                .containsEntry("source_row", "source_row_2");
        assertThat(columns.values())
                .doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(63));
        assertThat(columns).containsEntry("it's", "it_s");
    }

    @Test
    void namesThatDifferInTheCaseOfLatinLettersOnlyKeepTheirOwn() {
        // GDAL would lower them all to «status», and number the second and third
        Map<String, String> columns =
                Ogr2Ogr.stagingColumns(List.of("Status", "status", "STATUS", "status_2", "Area", "Area"));
        assertThat(columns)
                .containsEntry("Status", "Status")
                .containsEntry("status", "status")
                .containsEntry("STATUS", "STATUS")
                .containsEntry("status_2", "status_2");
        assertThat(Ogr2Ogr.renamedFields(columns, Map.of())).doesNotContainKeys("Status", "status", "STATUS");
        // GDAL's writer takes them for one name: they are written under names of their own, in lower
        // case, then given theirs
        Map<String, String> written = Ogr2Ogr.gdalNames(columns);
        assertThat(written.values().stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)))
                .doesNotHaveDuplicates();
        assertThat(Ogr2Ogr.renamedAfterLoad(columns))
                .containsOnlyKeys("status", written.get("status"), written.get("STATUS"))
                .containsEntry("status", "Status")
                .containsValues("status", "STATUS");
        // a field the private copy reads under another name keeps the file's
        Map<String, String> kml =
                Ogr2Ogr.stagingColumns(List.of("Name", "STATUS", "Status_2"), List.of(), Map.of("Status_2", "Status"));
        assertThat(kml).containsEntry("STATUS", "STATUS").containsEntry("Status_2", "Status");
    }
}
