package kz.adalmap.importers.gdal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kz.adalmap.importers.db.PgTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs GDAL's {@code ogr2ogr} (Debian package {@code gdal-bin}), the reader of every GIS format the
 * importers accept. Arguments are passed as a list, never through a shell.
 */
public final class Ogr2Ogr {

    private static final Logger log = LoggerFactory.getLogger(Ogr2Ogr.class);
    private static final long TIMEOUT_MINUTES = 60;

    private final String executable;

    public Ogr2Ogr() {
        this(System.getenv().getOrDefault("ADALMAP_OGR2OGR", "ogr2ogr"));
    }

    public Ogr2Ogr(String executable) {
        this.executable = executable;
    }

    /**
     * Copies one layer of {@code source} into a new table {@code staging.<table>} of the target, with
     * its geometry in column {@code geom} transformed to EPSG:4326 and multi-geometries promoted so a
     * layer mixing Polygon and MultiPolygon loads as one type. Uses PostgreSQL's COPY.
     *
     * @param sourceLayer the layer inside the file, or null for the file's only/first layer
     * @param geometryType GDAL's {@code -nlt} value (e.g. {@code PROMOTE_TO_MULTI}, {@code GEOMETRY})
     */
    public void loadIntoStaging(Path source, String sourceLayer, PgTarget target, String table, String geometryType) {
        if (!table.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("staging table name must be a lower-case identifier: " + table);
        }
        List<String> args = new ArrayList<>(List.of(
                "-f",
                "PostgreSQL",
                target.gdalConnectionString(),
                source.toString(),
                "-nln",
                "staging." + table,
                "-t_srs",
                "EPSG:4326",
                "-nlt",
                geometryType,
                "-lco",
                "GEOMETRY_NAME=geom",
                "-lco",
                "FID=source_row",
                "-lco",
                "SPATIAL_INDEX=NONE",
                "-lco",
                "PRECISION=NO",
                "-gt",
                "65536",
                "--config",
                "PG_USE_COPY",
                "YES"));
        if (sourceLayer != null) {
            args.add(sourceLayer);
        }
        run(args, target);
    }

    /** Converts {@code source} to {@code destination} in GDAL format {@code format} (e.g. {@code GPKG}), appending a layer. */
    public void convert(Path source, Path destination, String format, String layerName) {
        run(List.of("-f", format, "-append", "-nln", layerName, destination.toString(), source.toString()), null);
    }

    private void run(List<String> args, PgTarget target) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (target != null) {
            builder.environment().putAll(target.gdalEnvironment());
        }
        log.debug("running {}", command);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new GdalException("ogr2ogr did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            String text = new String(output, StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new GdalException("GDAL could not read or write the data: "
                        + (text.isEmpty() ? "ogr2ogr exited with " + process.exitValue() : text));
            }
            if (!text.isEmpty()) {
                log.info("ogr2ogr: {}", text);
            }
        } catch (IOException e) {
            throw new GdalException(
                    "could not run " + executable + " — is GDAL installed? (Debian: apt-get install gdal-bin): "
                            + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GdalException("interrupted while running ogr2ogr", e);
        }
    }
}
