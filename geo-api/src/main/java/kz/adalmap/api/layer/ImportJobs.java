package kz.adalmap.api.layer;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kz.adalmap.api.config.AdalMapProperties;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.profile.MappingProfile;
import kz.adalmap.importers.publish.ImportProblems;
import kz.adalmap.importers.publish.LayerImporter;
import kz.adalmap.importers.publish.LayerTitles;
import kz.adalmap.importers.source.SourceFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/**
 * Imports sent through the API: the upload is moved to the work folder, a job row is written, and
 * the import runs on a small pool of background threads, recording its stage and progress in the
 * row for the editor's page to show. The uploaded file is deleted when the job ends.
 *
 * <p>Several servers may share the database (a second instance, one restarted while the other
 * works). Each draws an id when it starts, writes it into the jobs it takes, and beats every {@link
 * #HEARTBEAT} in {@code api_instance}; the queued and running jobs of a server that has not beaten
 * for {@link #LOST_AFTER} (or of none) will not finish, and the next server that starts, or any
 * live one at its next beat, ends them as failed with the problem {@code restarted}.
 */
@Service
public class ImportJobs {

    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);

    /** A failure's detail to and from its jsonb column: a sentence's key and its values, texts all. */
    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final PgTarget target;
    private final LayerImporter importer;
    private final Path workDir;
    private final ExecutorService pool;
    private final UUID instance = UUID.randomUUID();
    private final ScheduledExecutorService heartbeat;
    private final int waitingPerEditor;

    /** How often a server says it is alive. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);

    /**
     * How long a server may stay silent before its jobs are taken for abandoned: many beats, so that
     * a long pause of the process or a slow database does not fail jobs that are still running.
     */
    static final Duration LOST_AFTER = Duration.ofSeconds(60);

    ImportJobs(
            JdbcClient jdbc,
            AdalMapProperties properties,
            @Value("${spring.datasource.url}") String url,
            @Value("${spring.datasource.username}") String user,
            @Value("${spring.datasource.password}") String password)
            throws IOException {
        this.jdbc = jdbc;
        this.target = new PgTarget(url, user, password);
        AdalMapProperties.Imports imports = properties.imports();
        this.waitingPerEditor = imports.waitingPerEditor();
        // a publish or rollback asked for while the layer is imported is refused at once, not left unanswered
        this.importer =
                LayerImporter.withGdal(imports.maxUnpackedMb() * 1024 * 1024).refusingBusyLayers();
        this.workDir = imports.workDir().isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "adalmap-imports")
                : Path.of(imports.workDir());
        Files.createDirectories(workDir);
        this.pool = Executors.newFixedThreadPool(Math.max(1, imports.parallelJobs()), r -> {
            Thread t = new Thread(r, "import-job");
            t.setDaemon(true);
            return t;
        });
        beat();
        // jobs an earlier run of this server (or another that died) was working on will not finish
        int abandoned = failAbandoned();
        if (abandoned > 0) {
            log.warn("{} import jobs were interrupted by a restart and marked failed", abandoned);
        }
        sweep();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "import-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(
                this::beatAndCheck, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This server's id, written into the jobs it runs. */
    UUID instance() {
        return instance;
    }

    /** Says this server is alive (again, should another have taken it for gone meanwhile). */
    private void beat() {
        jdbc.sql("""
                        INSERT INTO api_instance (id, name) VALUES (:id, :name)
                        ON CONFLICT (id) DO UPDATE SET seen_at = now()
                        """)
                .param("id", instance)
                .param("name", hostName() + " pid " + ProcessHandle.current().pid())
                .update();
    }

    /**
     * Ends as failed ({@code restarted}) the queued and running jobs that no live server runs: of a
     * server that has not beaten for {@link #LOST_AFTER}, or whose server is unknown (a job from
     * before servers had ids). Forgets servers that are gone. Returns the number of jobs ended.
     */
    int failAbandoned() {
        int abandoned = endAsRestarted(false);
        jdbc.sql("DELETE FROM api_instance WHERE seen_at <= now() - :lost * interval '1 second' AND id <> :me")
                .param("lost", LOST_AFTER.toSeconds())
                .param("me", instance)
                .update();
        return abandoned;
    }

    /** The message of a job a server's stop cut off: nothing of it is kept. */
    private static final String RESTARTED = "the server restarted during the import; send the file again";

    /**
     * Ends as failed ({@code restarted}) the queued and running jobs of this server ({@code mine}, as it
     * stops), or else those no live server runs: of a server that has not beaten for {@link #LOST_AFTER},
     * or of none. Returns the number of jobs ended.
     */
    private int endAsRestarted(boolean mine) {
        return jdbc.sql("""
                        UPDATE import_job j SET state = 'failed', stage = 'done', progress = 100,
                               finished_at = now(), problem = 'restarted', message = :message
                        WHERE j.state IN ('queued', 'running')
                          AND CASE WHEN CAST(:mine AS boolean) THEN j.instance_id = :me
                                   ELSE j.instance_id IS DISTINCT FROM :me
                                        AND NOT EXISTS (SELECT 1 FROM api_instance i
                                                        WHERE i.id = j.instance_id
                                                          AND i.seen_at > now() - :lost * interval '1 second')
                              END
                        """)
                .param("message", RESTARTED)
                .param("mine", mine)
                .param("me", instance)
                .param("lost", LOST_AFTER.toSeconds())
                .update();
    }

    /** Every {@link #HEARTBEAT}: the beat, and the jobs of servers that died since ended. */
    void beatAndCheck() {
        try {
            beat();
            int abandoned = failAbandoned();
            if (abandoned > 0) {
                log.warn("{} import jobs of a server that stopped answering were marked failed", abandoned);
                // their uploads, should that server have shared this folder
                sweep();
            }
        } catch (RuntimeException | IOException e) {
            // the next beat tries again; a database that stays away fails the imports anyway
            log.warn("import jobs: heartbeat failed: {}", e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    /** Folders of jobs no database of this host knows that stay before they are taken for lost. */
    static final Duration UNKNOWN_KEPT = Duration.ofDays(1);

    /**
     * Deletes the uploads and unpacked copies that ended jobs left (a job's folder lives only as long
     * as the job): those of jobs of this database that are no longer queued or running, which after
     * {@link #failAbandoned} leaves the jobs live servers run. Another server on the host (a second
     * instance, the test suite beside a running map) shares the folder with jobs of its own
     * database, which may be running: folders of jobs this database does not know (or does not know
     * yet: the upload is saved before its job's row) are left to it, unless they are older than
     * {@link #UNKNOWN_KEPT}.
     */
    private void sweep() throws IOException {
        List<Path> folders;
        try (java.util.stream.Stream<Path> left = Files.list(workDir)) {
            folders = left.toList();
        }
        Set<String> ours = new HashSet<>(jdbc.sql(
                        "SELECT id::text FROM import_job WHERE id::text = ANY(?) AND state NOT IN ('queued', 'running')")
                .param(folders.stream().map(f -> f.getFileName().toString()).toArray(String[]::new))
                .query(String.class)
                .list());
        Instant stale = Instant.now().minus(UNKNOWN_KEPT);
        for (Path folder : folders) {
            if (ours.contains(folder.getFileName().toString())
                    || Files.getLastModifiedTime(folder).toInstant().isBefore(stale)) {
                deleteTree(folder);
            }
        }
    }

    /**
     * What the editor asked for besides the file: {@code profile} is null for the layer's own
     * (cadastre-export, or a custom layer's attribute names); {@code titles} those of a layer the
     * import creates (null: none).
     */
    public record Options(
            MappingProfile profile, String srs, String encoding, String sourceLayer, LayerTitles titles) {}

    /**
     * An import job as the API gives it; {@code detail}: for a failed one, what its {@code message} says as
     * the key of a sentence and its values ({@code {"key": "crs_try_code", "code": "EPSG:4326"}}), which
     * the editor's page words in the reader's language; null when the failure has none.
     */
    public record Job(
            UUID id,
            String layer,
            String sourceName,
            long sourceBytes,
            String createdBy,
            String state,
            String stage,
            int progress,
            String problem,
            String message,
            Map<String, Object> detail,
            Integer revision,
            OffsetDateTime createdAt,
            OffsetDateTime finishedAt) {}

    /**
     * The rights of whoever sent a file, read when asked: the ids of the regions they may change the layer
     * in ({@link LayerPermissions#editorRegions}; null: wherever its features lie).
     */
    @FunctionalInterface
    public interface Rights {
        /**
         * @throws kz.adalmap.importers.publish.AccessDeniedException when the sender may not change the
         *     layer (any more)
         */
        Set<Integer> now();
    }

    /**
     * Keeps the upload and queues its import; returns the job at once. The sender's {@code rights} are
     * read again when the job starts and once it holds the layer: a job waits its turn, behind other
     * imports or for a layer another import holds, and a right withdrawn meanwhile ends it {@code
     * not_allowed} with nothing written.
     */
    public Job submit(String layer, MultipartFile file, Options options, String actor, Rights rights)
            throws IOException {
        UUID id = UUID.randomUUID();
        String name = safeName(file.getOriginalFilename());
        Path folder = workDir.resolve(id.toString());
        Path upload;
        try {
            upload = folder.resolve(name);
        } catch (java.nio.file.InvalidPathException e) {
            // a name the file system cannot hold (its encoding lacks a letter): the same name in ASCII
            name = ascii(name);
            upload = folder.resolve(name);
        }
        Files.createDirectories(folder);
        try {
            file.transferTo(upload);
            jdbc.sql("""
                            INSERT INTO import_job (id, layer_code, source_name, source_bytes, created_by, stage,
                                                    instance_id, client_ip)
                            VALUES (:id, :layer, :name, :bytes, :actor, 'queued', :instance,
                                    CAST(:clientIp AS inet))
                            """)
                    .param("id", id)
                    // for the audit row of its failure, which is recorded after this request is answered
                    .param("clientIp", kz.adalmap.api.audit.AuditLog.clientAddress())
                    .param("instance", instance)
                    .param("layer", layer)
                    .param("name", name)
                    .param("bytes", file.getSize())
                    .param("actor", actor)
                    .update();
        } catch (IOException | RuntimeException e) {
            // no job will ever name the folder: it would wait a day for the sweep
            deleteTree(folder);
            throw e;
        }
        Path kept = upload;
        java.util.function.Function<Set<Integer>, LayerImporter.Request> request =
                editorRegions -> new LayerImporter.Request(
                        layer,
                        kept,
                        options.profile(),
                        blank(options.srs()),
                        blank(options.encoding()),
                        blank(options.sourceLayer()),
                        actor,
                        editorRegions,
                        folder,
                        options.titles());
        // the client's address, for the audit log, taken while the request is answered
        PgTarget forClient = target();
        pool.submit(() -> run(id, forClient, request, rights, folder));
        return find(id).orElseThrow();
    }

    /** Set when the server stops: a job that fails then was cut off by the stop, not by its file. */
    private volatile boolean stopping;

    private void run(
            UUID id,
            PgTarget target,
            java.util.function.Function<Set<Integer>, LayerImporter.Request> request,
            Rights rights,
            Path folder) {
        try {
            update(id, "running", "starting", 1, null, null, null);
            LayerImporter.Draft draft =
                    importer.importFile(target, request.apply(rights.now()), new LayerImporter.Progress() {
                        @Override
                        public void report(String stage, int percent) {
                            update(id, "running", stage, percent, null, null, null);
                        }

                        @Override
                        public void layerHeld() {
                            rights.now();
                        }
                    });
            update(id, "succeeded", "done", 100, null, null, draft.revisionId());
        } catch (Exception e) {
            String problem = ImportProblems.code(e);
            if (stopping || jvmStopping()) {
                // GDAL killed and the statement cancelled by the stop read as a damaged file
                fail(id, "restarted", RESTARTED);
            } else if (problem != null) {
                if (problem.equals("server")) {
                    // the database lost while GDAL wrote to it: the editor is told, and so is the log
                    log.error("import job {} failed on the server: {}", id, e.getMessage());
                }
                fail(id, problem, e.getMessage(), ImportProblems.detail(e));
            } else {
                log.error("import job {} failed", id, e);
                fail(id, "server", "the import failed on the server; it has been logged");
            }
        } finally {
            deleteTree(folder);
        }
    }

    /**
     * Whether the program is stopping: its shutdown hooks run, which stop GDAL's tools and delete their
     * output (GdalProcess), before this service is told to stop after the web server's graceful shutdown.
     * A job failing then was cut off by the stop, whatever its exception says ("could not run ogr2ogr").
     * Once the hooks run, the JVM takes no more of them: that is the sign.
     */
    private static boolean jvmStopping() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
        } catch (IllegalStateException e) {
            return true;
        }
        Runtime.getRuntime().removeShutdownHook(probe);
        return false;
    }

    /**
     * Ends the job as failed with {@code message}, made fit to keep (no control characters but line
     * breaks: PostgreSQL refuses a NUL, and a file's names may hold one). Should even that fail, the
     * job still ends, so that the editor's page does not wait for it for ever.
     */
    private void fail(UUID id, String problem, String message) {
        fail(id, problem, message, null);
    }

    /**
     * Like {@link #fail(UUID, String, String)}, with what the message says as a sentence's key and values
     * ({@link ImportProblems#detail}), which the editor's page words in the reader's language; null for none.
     */
    private void fail(UUID id, String problem, String message, Map<String, Object> detail) {
        String kept = message == null ? null : message.replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "?");
        try {
            update(id, "failed", "done", 100, problem, kept, detail, null);
        } catch (RuntimeException e) {
            log.error("import job {} failed ({}: {}), and its failure could not be recorded", id, problem, kept, e);
            update(id, "failed", "done", 100, "server", "the import failed on the server; it has been logged", null);
        }
    }

    /**
     * Records the job as this server sees it. {@code problem} and {@code message} are set as given,
     * null too: should another server have taken this one for gone and failed the job as {@code
     * restarted} (a long pause), the job's own end replaces that.
     */
    private void update(
            UUID id, String state, String stage, int progress, String problem, String message, Long revision) {
        update(id, state, stage, progress, problem, message, null, revision);
    }

    /** Like the other {@code update}, setting the failure's {@code detail} with its message (null: none). */
    private void update(
            UUID id,
            String state,
            String stage,
            int progress,
            String problem,
            String message,
            Map<String, Object> detail,
            Long revision) {
        jdbc.sql("""
                        UPDATE import_job SET state = :state, stage = :stage, progress = :progress,
                               problem = :problem, message = :message, detail = CAST(:detail AS jsonb),
                               revision_id = coalesce(:revision, revision_id),
                               finished_at = CASE WHEN :state IN ('succeeded', 'failed') THEN now() END
                        WHERE id = :id
                        """)
                .param("id", id)
                .param("state", state)
                .param("stage", stage)
                .param("progress", progress)
                .param("problem", problem)
                .param("message", message)
                .param("detail", detail == null ? null : JSON.writeValueAsString(detail))
                .param("revision", revision)
                .update();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(String stored) {
        return stored == null ? null : JSON.readValue(stored, Map.class);
    }

    /**
     * Refuses a new upload of {@code actor}'s when that many of their imports wait or run already
     * ({@code adalmap.imports.waiting-per-editor}): each keeps its file on the server's disk until its turn.
     */
    void checkWaiting(String actor) {
        long waiting = jdbc.sql(
                        "SELECT count(*) FROM import_job WHERE created_by = :actor AND state IN ('queued', 'running')")
                .param("actor", actor)
                .query(Long.class)
                .single();
        if (waiting >= waitingPerEditor) {
            throw new TooManyImportsException(waiting, waitingPerEditor);
        }
    }

    /** An editor has as many imports waiting or running as they may: answered 429. */
    static final class TooManyImportsException extends RuntimeException {
        final long waiting;
        final int limit;

        TooManyImportsException(long waiting, int limit) {
            super(waiting + " of your imports are waiting or running, and an editor may have " + limit
                    + " at a time: send this file when one of them has ended (the editor's page shows their progress)");
            this.waiting = waiting;
            this.limit = limit;
        }
    }

    public Optional<Job> find(UUID id) {
        return jdbc.sql("""
                        SELECT j.id, j.layer_code, j.source_name, j.source_bytes, j.created_by, j.state, j.stage,
                               j.progress, j.problem, j.message, r.number, j.created_at, j.finished_at, j.detail::text
                        FROM import_job j LEFT JOIN layer_revision r ON r.id = j.revision_id
                        WHERE j.id = :id
                        """)
                .param("id", id)
                .query((rs, n) -> new Job(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getInt(8),
                        rs.getString(9),
                        rs.getString(10),
                        detail(rs.getString(14)),
                        (Integer) rs.getObject(11),
                        rs.getObject(12, OffsetDateTime.class),
                        rs.getObject(13, OffsetDateTime.class)))
                .optional();
    }

    public LayerImporter importer() {
        return importer;
    }

    /**
     * The database, its sessions naming the client of the request this thread answers (none outside a
     * request), whose address the importer's audit rows then record.
     */
    public PgTarget target() {
        return target.forClient(kz.adalmap.api.audit.AuditLog.clientAddress());
    }

    /** The most bytes of a kept file name in UTF-8: file systems take 255, and GDAL may add a suffix. */
    static final int NAME_BYTES = 200;

    /**
     * A file name without folders or characters a file system could trip on: letters, digits, '.', '-'
     * and '_', its last 120 characters and at most {@link #NAME_BYTES} bytes in UTF-8 (the extension with
     * them). Characters are code points: a letter outside the Basic Multilingual Plane is kept whole, never
     * cut in half.
     */
    static String safeName(String original) {
        String name = original == null ? "" : original.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[^\\p{L}\\p{N}._-]", "_");
        if (name.isBlank() || name.startsWith(".")) {
            name = "upload" + name;
        }
        int points = name.codePointCount(0, name.length());
        if (points > 120) {
            name = name.substring(name.offsetByCodePoints(0, points - 120));
        }
        while (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > NAME_BYTES) {
            name = name.substring(name.offsetByCodePoints(0, 1));
        }
        return name.startsWith(".") ? "upload" + name : name;
    }

    /** {@code name} with each letter or digit outside ASCII replaced by '_'. */
    static String ascii(String name) {
        String kept = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return kept.startsWith(".") ? "upload" + kept : kept;
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void deleteTree(Path dir) {
        try {
            SourceFiles.deleteTree(dir);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }

    /**
     * Stops the imports and the heartbeat, ends this server's unfinished jobs as {@code restarted}
     * (an import busy in the database, which no interruption reaches, is rolled back when the server's
     * connections close), and forgets this server.
     */
    @PreDestroy
    void stop() {
        stopping = true;
        heartbeat.shutdownNow();
        pool.shutdownNow();
        try {
            // an import cut off while GDAL read records its own end at once
            pool.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // else a job the server was running would read "running" until another server started
            endAsRestarted(true);
        } catch (RuntimeException e) {
            log.warn("import jobs: could not end this server's unfinished jobs: {}", e.getMessage());
        }
        try {
            jdbc.sql("DELETE FROM api_instance WHERE id = :id")
                    .param("id", instance)
                    .update();
        } catch (RuntimeException e) {
            log.warn("import jobs: could not remove this server from api_instance: {}", e.getMessage());
        }
    }
}
