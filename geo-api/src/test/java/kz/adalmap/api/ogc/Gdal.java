package kz.adalmap.api.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * GDAL's command-line tools as an OGC API client: {@code ogrinfo} from {@code ADALMAP_OGRINFO} (default
 * {@code ogrinfo} on the path) and {@code ogr2ogr} next to it.
 */
public final class Gdal {

    private static final long TIMEOUT_SECONDS = 180;

    private final String ogrinfo;
    private final String ogr2ogr;

    public Gdal() {
        String configured = System.getenv("ADALMAP_OGRINFO");
        ogrinfo = configured == null || configured.isBlank() ? "ogrinfo" : configured;
        Path dir = Path.of(ogrinfo).getParent();
        ogr2ogr = dir == null ? "ogr2ogr" : dir.resolve("ogr2ogr").toString();
    }

    /** Runs {@code tool} ({@code ogrinfo} or {@code ogr2ogr}) and returns what it printed; fails unless it exits 0. */
    public String run(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(tool.equals("ogrinfo") ? ogrinfo : ogr2ogr);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // the service is local: no proxy, and an answer within the timeout
        builder.environment().put("NO_PROXY", "127.0.0.1,localhost");
        builder.environment().put("no_proxy", "127.0.0.1,localhost");
        builder.environment().put("GDAL_HTTP_TIMEOUT", "60");
        Path output = Files.createTempFile("adalmap-gdal", ".txt");
        try {
            builder.redirectOutput(output.toFile());
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue())
                    .as(String.join(" ", command) + " printed:\n" + printed)
                    .isZero();
            return printed;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Copies every feature of {@code source} to a GeoJSON file with {@code ogr2ogr} and counts them there. */
    public long countFeatures(String source) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("adalmap-ogr2ogr");
        Path file = dir.resolve("out.geojson");
        try {
            run("ogr2ogr", "-f", "GeoJSON", file.toString(), source);
            return JsonMapper.builder()
                    .build()
                    .readTree(file.toFile())
                    .get("features")
                    .size();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
