package kz.adalmap.api.attachment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes the files of the store that no row references (the view {@code attachment_reference}: appeal
 * and participatory-budget files and their thumbnails) and the temporary files of uploads, once they are older than
 * {@code adalmap.attachments.sweep-grace}: what a process killed between writing a file and
 * committing its row leaves behind. Runs at start and every {@code sweep-interval}, on a thread of its
 * own, when the store's folder is configured.
 */
@Component
public class AttachmentSweep implements DisposableBean {

    /** What one sweep deleted. */
    public record Swept(int orphans, int temporaryFiles) {}

    private static final Logger log = LoggerFactory.getLogger(AttachmentSweep.class);
    // hashes checked per query: one round trip for a thousand files, still a short statement
    private static final int BATCH = 1000;
    // the view's condition reaches each referencing table's own index
    private static final String UNREFERENCED = """
            SELECT h FROM unnest(CAST(string_to_array(:hashes, ',') AS char(64)[])) AS h
            WHERE NOT EXISTS (SELECT 1 FROM attachment_reference r WHERE r.sha256 = h)
            """;

    private final AttachmentStore store;
    private final AttachmentSettings settings;
    private final JdbcClient jdbc;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService schedule;

    AttachmentSweep(AttachmentStore store, AttachmentSettings settings, JdbcClient jdbc) {
        this.store = store;
        this.settings = settings;
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (settings.dir().isBlank() || settings.sweepInterval().isZero()) {
            log.info(
                    "attachments: no sweep of unreferenced files ({})",
                    settings.dir().isBlank()
                            ? "adalmap.attachments.dir is not set"
                            : "adalmap.attachments.sweep-interval is 0");
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "attachment-sweep");
            t.setDaemon(true);
            return t;
        });
        long every = settings.sweepInterval().toMillis();
        schedule.scheduleWithFixedDelay(this::sweepQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }

    /**
     * Deletes every stored file older than the grace period that no row references and no submission
     * of this instance holds, and every temporary file older than it. Costs a walk of the folder and
     * one query per thousand old files.
     */
    public Swept sweep() {
        Instant before = clock.instant().minus(settings.sweepGrace());
        int temporary = sweepTemporary(before);
        int orphans = 0;
        List<String> old = new ArrayList<>(BATCH);
        try (Stream<Path> files = Files.walk(store.root(), 3)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (AttachmentStore.SHA256.matcher(name).matches() && olderThan(p, before)) {
                    old.add(name);
                    if (old.size() == BATCH) {
                        orphans += removeUnreferenced(old, before);
                        old.clear();
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return new Swept(0, temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("could not walk the attachment store " + store.root(), e);
        }
        orphans += removeUnreferenced(old, before);
        return new Swept(orphans, temporary);
    }

    private void sweepQuietly() {
        try {
            Swept s = sweep();
            if (s.orphans() + s.temporaryFiles() > 0) {
                log.info(
                        "attachments: removed {} unreferenced files and {} unfinished uploads",
                        s.orphans(),
                        s.temporaryFiles());
            }
        } catch (RuntimeException e) {
            // the database or the disk is away for a moment: the next run tries again
            log.warn("attachments: the sweep of unreferenced files failed", e);
        }
    }

    private int removeUnreferenced(List<String> hashes, Instant before) {
        if (hashes.isEmpty()) {
            return 0;
        }
        Set<String> unreferenced = new HashSet<>(jdbc.sql(UNREFERENCED)
                .param("hashes", String.join(",", hashes))
                .query(String.class)
                .list());
        int removed = 0;
        for (String h : unreferenced) {
            if (store.removeOrphan(h, before)) {
                removed++;
            }
        }
        return removed;
    }

    private int sweepTemporary(Instant before) {
        Path dir = store.temporaryFolder();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (olderThan(p, before) && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not clean " + dir, e);
        }
        return removed;
    }

    private static boolean olderThan(Path p, Instant before) {
        try {
            return Files.isRegularFile(p)
                    && Files.getLastModifiedTime(p).toInstant().isBefore(before);
        } catch (IOException e) {
            // gone meanwhile
            return false;
        }
    }
}
