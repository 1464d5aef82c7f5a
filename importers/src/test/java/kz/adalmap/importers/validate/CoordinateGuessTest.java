package kz.adalmap.importers.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CoordinateGuessTest {

    @Test
    void longitudeLatitudeInKazakhstanIsAccepted() {
        assertThat(CoordinateGuess.explain(new double[] {82.6, 49.9, 82.7, 50.0}))
                .isNull();
        assertThat(CoordinateGuess.explain(new double[] {50.1, 40.6, 87.3, 55.4}))
                .isNull();
    }

    @Test
    void aFileThatDeclaresASystemIsNotSaidToDeclareNone() {
        // UTM 44N metres with an easting of 1,300 km: no system the numbers point to
        double[] extent = {1_315_449, 5_595_439, 1_315_820, 5_595_610};
        assertThat(CoordinateGuess.explain(extent)).contains("declares no coordinate system", "add its .prj");
        assertThat(CoordinateGuess.explain(extent, true))
                .doesNotContain("declares no coordinate system", "add its .prj")
                .contains("neither longitude/latitude in Kazakhstan", "--srs", "instead of the file's own");
    }

    @Test
    void swappedAxes() {
        // advice one can follow: no coordinate system makes GDAL read latitude first
        assertThat(CoordinateGuess.explain(new double[] {49.9, 82.6, 50.0, 82.7}))
                .contains("axes swapped", "swap the names of the two columns", "does not swap them")
                .doesNotContain("axis order is latitude first");
    }

    @Test
    void utmMetres() {
        assertThat(CoordinateGuess.explain(new double[] {350_000, 5_530_000, 360_000, 5_540_000}))
                .contains("transverse Mercator", "EPSG:32638–32645")
                // the Gauss–Krüger systems whose false easting is 500 km, without the zone in front
                // (EPSG:2532–2545 are 3° zones with it, and PROJ refuses these numbers in them)
                .contains("EPSG:2498–2505 (6°", "EPSG:2590–2605 (3°)")
                .doesNotContain("2532");
    }

    @Test
    void gaussKrugerWithZoneNumber() {
        assertThat(CoordinateGuess.explain(new double[] {14_612_000, 5_530_000, 14_620_000, 5_540_000}))
                .contains("zone 14", "EPSG:28414");
    }

    @Test
    void webMercatorMetres() {
        // Oskemen, as a web map exports it
        assertThat(CoordinateGuess.explain(new double[] {9_194_990, 6_437_620, 9_197_110, 6_437_790}))
                .contains("Web Mercator", "EPSG:3857");
        // Almaty: Gauss–Krüger zone 8 would read it too, in the west of the country; both are named
        assertThat(CoordinateGuess.explain(new double[] {8_560_000, 5_360_000, 8_570_000, 5_370_000}))
                .contains("EPSG:28408", "EPSG:3857");
    }

    @Test
    void northingFirst() {
        assertThat(CoordinateGuess.explain(new double[] {5_530_000, 14_612_000, 5_540_000, 14_620_000}))
                .contains("northing first", "swap the two columns")
                // GDAL reads a file's first column as the easting whatever system is given
                .doesNotContain("north-first axes");
    }

    @Test
    void elsewhereInTheWorld() {
        assertThat(CoordinateGuess.explain(new double[] {2.3, 48.8, 2.4, 48.9})).contains("outside Kazakhstan");
    }

    @Test
    void notANumber() {
        assertThat(CoordinateGuess.explain(new double[] {Double.NaN, 49.9, 82.7, 50.0}))
                .contains("not usable numbers");
        assertThat(CoordinateGuess.explain(new double[] {1e20, 1e20, 2e20, 2e20}))
                .contains("not usable numbers");
    }
}
