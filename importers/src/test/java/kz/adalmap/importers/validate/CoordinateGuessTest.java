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
    void numbersWithoutTheZoneUnderAZoneWithItAreGivenThatZonesCodeWithoutIt() {
        // each as PROJ names them: 6° zones CM 45E–87E are EPSG:2498–2505, 3° zones CM 45E–72E
        // EPSG:2590–2599 and CM 75E–87E EPSG:2601–2605 (2600 is Lithuania's)
        double[] oskemen = {614_818, 5_536_557, 616_342, 5_538_853};
        assertThat(codeFor(14, 81, oskemen)).isEqualTo("EPSG:2504");
        // on the zone's central meridian, at 50° N
        double[] middle = {499_000, 5_536_000, 501_000, 5_538_000};
        assertThat(codeFor(15, 87, middle)).isEqualTo("EPSG:2505");
        assertThat(codeFor(8, 45, middle)).isEqualTo("EPSG:2498");
        assertThat(codeFor(15, 45, middle)).isEqualTo("EPSG:2590");
        assertThat(codeFor(24, 72, middle)).isEqualTo("EPSG:2599");
        assertThat(codeFor(25, 75, middle)).isEqualTo("EPSG:2601");
        assertThat(codeFor(29, 87, middle)).isEqualTo("EPSG:2605");
        // numbers that the code would put east of Kazakhstan (zone 15's, 88.6° E)
        assertThat(codeFor(15, 87, oskemen)).isNull();
        // the zone's number in front of the numbers too, or a meridian of no zone of that number: none
        assertThat(codeFor(14, 81, new double[] {14_614_818, 5_536_557, 14_616_342, 5_538_853}))
                .isNull();
        assertThat(codeFor(14, 82, oskemen)).isNull();
        // UTM's false easting is no zone's number
        assertThat(CoordinateGuess.zoneNumberLeftOut(
                        "PROJCS[\"UTM 44N\",PARAMETER[\"central_meridian\",81],PARAMETER[\"scale_factor\",0.9996],"
                                + "PARAMETER[\"false_easting\",500000]]",
                        oskemen,
                        false,
                        "shp"))
                .isNull();
        assertThat(CoordinateGuess.zoneNumberLeftOut(
                                "PROJCRS[\"x\",PARAMETER[\"Longitude of natural origin\",81,ANGLEUNIT[\"degree\",1]],"
                                        + "PARAMETER[\"Scale factor at natural origin\",1],"
                                        + "PARAMETER[\"False easting\",14500000,LENGTHUNIT[\"metre\",1]]]",
                                oskemen,
                                false,
                                "shp")
                        .message())
                .startsWith("the numbers are those of 6° zone 14 without the zone number in front of the easting,"
                        + " while its coordinate system has it (false easting 14500000; x from 614818 to 616342")
                .contains("try --srs EPSG:2504", "central meridian 81° E", "(a Shapefile's .prj)");
    }

    private static String codeFor(int zone, int meridian, double[] extent) {
        CoordinateGuess.ZoneCode code = CoordinateGuess.zoneNumberLeftOut(
                "PROJCS[\"GK\",PARAMETER[\"False_Easting\"," + zone + "500000.0],PARAMETER[\"Central_Meridian\","
                        + meridian + ".0],PARAMETER[\"Scale_Factor\",1.0]]",
                extent,
                false,
                "shp");
        return code == null ? null : code.code();
    }

    @Test
    void degreesAreWrittenWithoutTrailingZeros() {
        assertThat(CoordinateGuess.number(82.6)).isEqualTo("82.6");
        assertThat(CoordinateGuess.number(-120.25)).isEqualTo("-120.25");
        assertThat(CoordinateGuess.number(50_000)).isEqualTo("50000");
        assertThat(CoordinateGuess.number(5_530_000.4)).isEqualTo("5530000");
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
                .contains("EPSG:2498–2505 (6°", "EPSG:2590–2599 and 2601–2605 (3°; 2600 is Lithuania's)")
                .doesNotContain("2532");
    }

    @Test
    void gaussKrugerWithZoneNumber() {
        assertThat(CoordinateGuess.explain(new double[] {14_612_000, 5_530_000, 14_620_000, 5_540_000}))
                .contains("zone 14", "EPSG:28414")
                // the numbers as the clerk's GIS shows them, not 1.46120e+07
                .contains("x from 14612000 to 14620000, y from 5530000 to 5540000")
                // QazTRF-23's zone 14 has the same numbers, 60–120 m away, and a code PROJ 9.1 does not know
                .contains(
                        "QazTRF-23 / Gauss–Krüger zone 14 (EPSG:10948)",
                        "60 to 120 m apart",
                        "pass its definition (its WKT from epsg.org)");
    }

    @Test
    void gaussKrugerOfAThreeDegreeZoneIsToldByItsNumber() {
        // Almaty in 3° zone 26 (central meridian 78° E): read as 6° zone 26 (EPSG:28426) it would lie
        // at 152° E, and following that advice met the same advice again
        assertThat(CoordinateGuess.explain(new double[] {26_413_100, 4_790_000, 26_415_160, 4_792_060}, true))
                .contains("zone 26 in front", "try --srs EPSG:2542 (3° zone 26, central meridian 78° E)")
                .doesNotContain("28426", "QazTRF-23");
        // Oral in 3° zone 17 (central meridian 51° E)
        assertThat(CoordinateGuess.explain(new double[] {17_526_000, 5_690_000, 17_528_060, 5_692_060}))
                .contains("try --srs EPSG:2533")
                .doesNotContain("28417");
        // a 6° zone of Kazakhstan stays one
        assertThat(CoordinateGuess.explain(new double[] {13_656_810, 4_790_000, 13_658_870, 4_792_060}))
                .contains("try --srs EPSG:28413 (6° zone 13, central meridian 75° E)");
        // the zone of no reading in Kazakhstan: no code is offered
        assertThat(CoordinateGuess.explain(new double[] {5_500_000, 5_530_000, 5_510_000, 5_540_000}))
                .contains("zone 5 in front", "do not lie in Kazakhstan")
                .doesNotContain("try --srs EPSG:284");
    }

    @Test
    void gaussKrugerZonesAreReadBackToTheirPlace() {
        // EPSG:2542 of Almaty's 76.93° E, 43.23° N, as PROJ gives it
        double[] almaty = CoordinateGuess.gaussKrugerToLonLat(26_413_100 - 26_500_000, 4_789_420, 78);
        assertThat(almaty[0]).isCloseTo(76.93, org.assertj.core.data.Offset.offset(0.01));
        assertThat(almaty[1]).isCloseTo(43.23, org.assertj.core.data.Offset.offset(0.01));
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
        // X the northing, Y the easting with zone 13 in front, as Russian surveyors write them: swapped,
        // the numbers name their zone, and the code is said as it is for them the right way round
        assertThat(CoordinateGuess.explain(new double[] {4_792_394, 13_658_408, 4_793_533, 13_659_600}, false, "csv"))
                .contains("northing first", "swap the two columns")
                .contains("swapped, they look like Pulkovo 1942 Gauss–Krüger metres with zone 13 in front of the"
                        + " easting, whose code is EPSG:28413)");
        // numbers without a zone in front tell none
        assertThat(CoordinateGuess.explain(new double[] {4_792_394, 658_408, 4_793_533, 659_600}, false, "csv"))
                .contains("northing first")
                .doesNotContain("whose code is");
    }

    @Test
    void elsewhereInTheWorld() {
        assertThat(CoordinateGuess.explain(new double[] {2.3, 48.8, 2.4, 48.9})).contains("outside Kazakhstan");
    }

    @Test
    void theCodeSuggestedIsTheOneTheAdviceNames() {
        // the editor's page words the advice from the code alone: it must be the one the English names
        double[][] extents = {
            {82.6, 49.9, 82.7, 50.0},
            {14_612_000, 5_530_000, 14_620_000, 5_540_000},
            {9_194_990, 6_437_620, 9_197_110, 6_437_790},
            {8_560_000, 5_360_000, 8_570_000, 5_370_000},
            {350_000, 5_530_000, 360_000, 5_540_000},
            {49.9, 82.6, 50.0, 82.7},
            {2.3, 48.8, 2.4, 48.9},
            {5_530_000, 14_612_000, 5_540_000, 14_620_000},
            {1_315_449, 5_595_439, 1_315_820, 5_595_610},
            {Double.NaN, 49.9, 82.7, 50.0}
        };
        java.util.List<String> suggested = new java.util.ArrayList<>();
        for (double[] extent : extents) {
            String advice = CoordinateGuess.explain(extent, true, "gpkg");
            java.util.regex.Matcher named =
                    java.util.regex.Pattern.compile("--srs (EPSG:\\d+)").matcher(advice == null ? "" : advice);
            assertThat(CoordinateGuess.suggestedCode(extent))
                    .as(java.util.Arrays.toString(extent))
                    .isEqualTo(advice == null ? "EPSG:4326" : named.find() ? named.group(1) : null);
            suggested.add(CoordinateGuess.suggestedCode(extent));
        }
        assertThat(suggested)
                .containsExactly(
                        "EPSG:4326", "EPSG:28414", "EPSG:3857", "EPSG:28408", null, null, null, null, null, null);
    }

    @Test
    void notANumber() {
        assertThat(CoordinateGuess.explain(new double[] {Double.NaN, 49.9, 82.7, 50.0}))
                .contains("not usable numbers");
        assertThat(CoordinateGuess.explain(new double[] {1e20, 1e20, 2e20, 2e20}))
                .contains("not usable numbers");
    }
}
