package kz.adalmap.api.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kz.adalmap.api.TestHttp;
import kz.adalmap.api.TestPlots;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application as a server process of its own, built as it is deployed, stopped the ordinary way
 * (SIGTERM, as systemd and {@code ./adalmap stop} stop it) while GDAL reads a file: the import ends as
 * cut off by a restart, which the editor's page words as such, not as a failure of GDAL or of the file.
 */
class ServerStopIT {

    @TempDir
    Path dir;

    @Test
    void anImportCutOffByAnOrdinaryStopOfTheServerEndsAsRestarted() throws Exception {
        stoppedWhile("reading", "server_stop", 30_000);
    }

    /**
     * Stopped while the database checks the rows, a statement no interruption reaches: the job ends
     * as restarted when the server stops, not when another server starts, and the draft is not kept.
     */
    @Test
    void anImportCutOffWhileTheDatabaseChecksItEndsAsTheServerStops() throws Exception {
        // more plots than the database checks in the moments the server takes to stop
        stoppedWhile("validating", "server_stop_validating", 80_000);
    }

    private void stoppedWhile(String stage, String database, int plots) throws Exception {
        PgTarget db = TestDatabases.fresh(database);
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path jar;
        // the application's jar, which the build has packaged before its integration tests
        try (var built = Files.newDirectoryStream(Path.of("target"), "adalmap-geo-api-*.jar")) {
            jar = built.iterator().next();
        }
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")),
                        "-jar",
                        jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        builder.environment().put("ADALMAP_DB_URL", db.jdbcUrl());
        builder.environment().put("ADALMAP_DB_USER", db.user());
        builder.environment().put("ADALMAP_DB_PASSWORD", db.password());
        builder.environment().put("ADALMAP_PORT", String.valueOf(port));
        builder.environment().put("ADALMAP_ADMIN_PASSWORD", "stop-password-2026");
        builder.environment().put("ADALMAP_IMPORT_DIR", dir.resolve("imports").toString());
        Process server = builder.start();
        try {
            TestHttp http = new TestHttp(port);
            long deadline = System.currentTimeMillis() + 180_000;
            while (!answers(http)) {
                assertThat(server.isAlive())
                        .as(() -> log("the server ended before answering"))
                        .isTrue();
                assertThat(System.currentTimeMillis())
                        .as(() -> log("no answer"))
                        .isLessThan(deadline);
                Thread.sleep(500);
            }
            String id = upload(http, TestPlots.geojson(plots, 0, 80.20, 50.40, "23-015-077", i -> "бос"));

            deadline = System.currentTimeMillis() + 120_000;
            while (!stage.equals(job(db, id)[1])) {
                assertThat(System.currentTimeMillis())
                        .as(() -> log("the job never read the file: " + String.join(" ", job(db, id))))
                        .isLessThan(deadline);
                Thread.sleep(20);
            }
            server.destroy();
            assertThat(server.waitFor(90, TimeUnit.SECONDS))
                    .as("the server stopped")
                    .isTrue();

            String[] ended = job(db, id);
            assertThat(ended[0] + " " + ended[1] + " " + ended[2])
                    .as(() -> log(String.join(" | ", ended)))
                    .isEqualTo("failed done restarted");
            assertThat(ended[3]).doesNotContain("GDAL", "ogr2ogr", "/tmp");
            // nothing of the import is left: its transaction was rolled back with the server's connections
            try (java.sql.Connection c = db.connect();
                    java.sql.Statement st = c.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM layer_revision")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        } finally {
            server.destroyForcibly();
        }
    }

    private static boolean answers(TestHttp http) {
        try {
            return http.get("/api/v1/imports/profiles").statusCode() > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Sends {@code geojson} as an import into a new layer, as the administrator; the job's id. */
    private static String upload(TestHttp http, String geojson) {
        String boundary = "----adalmap" + UUID.randomUUID();
        String body =
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.geojson\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n"
                        + geojson
                        + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(
                        http.uri("/api/v1/layers/plots-stopped/imports"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString("admin:stop-password-2026".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return TestHttp.json(accepted).get("id").asString();
    }

    /** The job's state, stage, problem and message ("-" for none). */
    private static String[] job(PgTarget db, String id) {
        try (Connection c = db.connect();
                PreparedStatement st = c.prepareStatement("SELECT state, stage, coalesce(problem, '-'),"
                        + " coalesce(message, '-') FROM import_job WHERE id = CAST(? AS uuid)")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next()
                        ? new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}
                        : new String[] {"-", "-", "-", "-"};
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String log(String what) {
        try {
            return what + "; the server's log:\n" + Files.readString(dir.resolve("server.log"));
        } catch (java.io.IOException e) {
            return what;
        }
    }
}
