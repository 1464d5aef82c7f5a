package kz.adalmap.importers.gdal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import kz.adalmap.importers.source.SourceProblem;
import org.junit.jupiter.api.Test;

/** The way GDAL's tools are run: output, failures, and a tool that does not end. */
class GdalProcessTest {

    @Test
    void aToolThatDoesNotEndIsStoppedAtItsTimeout() {
        long start = System.nanoTime();
        GdalException e = catchThrowableOfType(
                GdalException.class, () -> GdalProcess.run("sleep", List.of("30"), Map.of(), Duration.ofMillis(500)));
        assertThat(e.problem()).isEqualTo(SourceProblem.TIMEOUT);
        assertThat(e.getMessage()).contains("sleep did not finish");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void longOutputIsReadWhole() {
        // more than a pipe holds: a tool writing it must not wait for a reader
        String out = GdalProcess.run("seq", List.of("1", "100000"), Map.of(), Duration.ofSeconds(30));
        assertThat(out.lines().count()).isEqualTo(100_000);
        assertThat(out).endsWith("100000");
    }

    @Test
    void aFailureCarriesWhatTheToolSaid() {
        GdalException e = catchThrowableOfType(
                GdalException.class,
                () -> GdalProcess.run(
                        "ogrinfo", List.of("-ro", "-so", "/nonexistent/plots.shp"), Map.of(), Duration.ofSeconds(30)));
        assertThat(e.problem()).isEqualTo(SourceProblem.UNREADABLE);
        assertThat(e.getMessage()).contains("GDAL could not read or write the data", "/nonexistent/plots.shp");
    }

    @Test
    void aDamagedKmlIsSaidInPlainWordsWithTheLineAndWithoutThePrivateCopysFolder() {
        // what ogrinfo prints of a KMZ's doc.kml with a tag left open, unpacked into kmz/
        GdalException e =
                failed("echo 'ERROR 4: ERROR parsing kml kmz/doc.kml :mismatched tag on line 373 at offset 2';"
                        + " echo 'FAILURE:'; echo 'Unable to open datasource kmz/doc.kml with the"
                        + " following drivers.'; exit 1");
        assertThat(e.problem()).isEqualTo(SourceProblem.DAMAGED);
        assertThat(e.getMessage())
                .startsWith("the KML file is damaged: it is not whole XML")
                .endsWith("GDAL's words: ERROR 4: ERROR parsing kml doc.kml :mismatched tag on line 373 at offset 2")
                .doesNotContain("kmz/")
                .doesNotContain("FAILURE")
                .doesNotContain("GDAL could not read or write");
    }

    @Test
    void aMifHeaderCountingOtherColumnsIsSaidToBeDamaged() {
        // what ogrinfo prints of a MIF whose Columns line counts one column more than it lists
        GdalException e = failed("echo 'ERROR 3: Failed to parse field definition in file plots.mif'; echo 'ERROR 6:"
                + " COLUMNS keyword not found or invalid number of columns read in plots.mif.'; echo"
                + " 'FAILURE:'; exit 1");
        assertThat(e.problem()).isEqualTo(SourceProblem.DAMAGED);
        assertThat(e.getMessage())
                .startsWith("the header of the MIF file is damaged: its Columns line does not count the column lines")
                .doesNotContain("FAILURE");
    }

    @Test
    void theDatabaseLostWhileGdalWritesIsNoFaultOfTheFile() {
        // what ogr2ogr prints when its backend is terminated in the middle of a COPY
        GdalException e = failed("echo 'ERROR 1: server closed the connection unexpectedly'; echo 'FATAL:  terminating"
                + " connection due to administrator command'; exit 1");
        assertThat(e.problem()).isEqualTo(SourceProblem.SERVER);
        assertThat(e.getMessage()).contains("the file is not at fault; send it again");
    }

    /** What GDAL's tools are said to have failed with, as {@code script} prints it and fails. */
    private static GdalException failed(String script) {
        return catchThrowableOfType(
                GdalException.class,
                () -> GdalProcess.run("sh", List.of("-c", script), Map.of(), Duration.ofSeconds(30)));
    }
}
