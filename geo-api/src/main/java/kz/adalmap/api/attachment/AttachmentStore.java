package kz.adalmap.api.attachment;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The content-addressed store of attachments on disk: a file is named by the SHA-256 of its stored
 * bytes, in two levels of folders ({@code ab/cd/abcd…}), so equal files are kept once.
 *
 * <p>Files are written before the database rows that name them, outside any transaction, through
 * {@link Uploads}: when the submission is over (committed or not), every file it wrote that no
 * committed row references (the view {@code attachment_reference}) is deleted. A file left by a process that died
 * in between is deleted later by {@link AttachmentSweep}.
 */
@Component
public class AttachmentStore {

    private static final Logger log = LoggerFactory.getLogger(AttachmentStore.class);
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    // nothing in a stored file may run: no script, no plugin, no frame, no form
    private static final String FILE_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox";
    private static final String REFERENCED = """
            SELECT EXISTS (SELECT 1 FROM attachment_reference WHERE sha256 = :h)
            """;

    private final AttachmentSettings settings;
    private final JdbcClient jdbc;
    private final Path root;
    // hashes written by submissions still under way in this instance: not deleted while one may commit them;
    // the map's per-key lock also orders placing a file against deleting it
    private final Map<String, Integer> pending = new ConcurrentHashMap<>();
    // a decoded photo takes width × height × 4 bytes and a core to re-encode: more at once only queue
    // for the cores and fill the heap, so the rest wait their turn (fairly, in arrival order)
    private final Semaphore photoEncoders;

    AttachmentStore(AttachmentSettings settings, JdbcClient jdbc) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.root = settings.directory();
        this.photoEncoders = new Semaphore(settings.photoEncoders(), true);
    }

    /** The most files one appeal may carry. */
    public int maxFiles() {
        return settings.maxFiles();
    }

    /** Starts the files of one submission; close it once the rows naming them are committed or given up. */
    public Uploads uploads() {
        return new Uploads();
    }

    /**
     * Starts the files of a step that writes its rows in the transaction already open (an agency's
     * answer): they are released when that transaction has ended, committed or rolled back.
     */
    public Uploads uploadsOfThisTransaction() {
        Uploads uploads = new Uploads();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                uploads.close();
            }
        });
        return uploads;
    }

    /**
     * The files one submission writes. Until {@link #close()} no other submission or sweep of this
     * instance deletes them; {@code close()} deletes those that no committed row references.
     */
    public final class Uploads implements AutoCloseable {

        private final List<String> written = new ArrayList<>();

        private Uploads() {}

        /**
         * Checks and stores one uploaded file: its type from its content, its size against the limit
         * of its kind; a photo is re-encoded without its metadata and gets a thumbnail.
         *
         * @throws AttachmentRefusedException naming {@code fileName} when the file is not accepted
         */
        public StoredAttachment store(String fileName, InputStream content) {
            return AttachmentStore.this.store(fileName, content, written);
        }

        /** Deletes each file of this submission that no committed row references and no other holds. */
        @Override
        public void close() {
            for (String sha256 : written) {
                release(sha256);
            }
            written.clear();
        }
    }

    /** The stored file of {@code sha256}, or empty when there is none (or the text is not a hash). */
    public Optional<Path> file(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            return Optional.empty();
        }
        Path p = path(sha256);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * The stored file of {@code sha256} as an HTTP answer nothing can run in: its stored type, no type
     * sniffing, a sandboxing content security policy, the hash as ETag (its content never changes);
     * shown inline, or offered as a download named {@code downloadName} when that is given. Empty when
     * the file is not in the store.
     */
    public Optional<ResponseEntity<Resource>> response(
            String sha256, String mediaType, String downloadName, String cacheControl) {
        return file(sha256)
                .map(path -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(mediaType))
                        .header(
                                HttpHeaders.CONTENT_DISPOSITION,
                                (downloadName == null
                                                ? ContentDisposition.inline().build()
                                                : ContentDisposition.attachment()
                                                        .filename(downloadName)
                                                        .build())
                                        .toString())
                        .header("X-Content-Type-Options", "nosniff")
                        .header("Content-Security-Policy", FILE_CSP)
                        .eTag('"' + sha256 + '"')
                        .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                        .body(new FileSystemResource(path)));
    }

    /** What a download of {@code mediaType} is named with after its own name: ".mp3", ".mp4", … */
    public static String extension(String mediaType) {
        return switch (mediaType) {
            case "audio/mpeg" -> ".mp3";
            case "audio/mp4" -> ".m4a";
            case "audio/ogg" -> ".ogg";
            case "video/mp4" -> ".mp4";
            case "video/webm" -> ".webm";
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            default -> "";
        };
    }

    private StoredAttachment store(String fileName, InputStream content, List<String> written) {
        String name = fileName == null || fileName.isBlank() ? "file" : abbreviate(fileName);
        try (BufferedInputStream in = new BufferedInputStream(content)) {
            in.mark(AttachmentType.HEADER_BYTES);
            byte[] header = in.readNBytes(AttachmentType.HEADER_BYTES);
            in.reset();
            AttachmentType type = AttachmentType.sniff(header)
                    .orElseThrow(() -> AttachmentRefusedException.unknownType(name, settings.allowed()));
            if (!settings.allowed().contains(type)) {
                throw AttachmentRefusedException.notAllowed(name, type);
            }
            long limit = settings.maxBytes(type.kind());
            if (type.kind() == AttachmentType.Kind.PHOTO) {
                PhotoCleaner.Cleaned clean;
                // waits rather than refuses: the client's request is only slower
                photoEncoders.acquireUninterruptibly();
                try {
                    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
                    if (bytes.length > limit) {
                        throw AttachmentRefusedException.tooLarge(name, type.kind(), limit);
                    }
                    clean = PhotoCleaner.clean(name, type, bytes, settings.maxPhotoPixels(), settings.thumbnailSize());
                } finally {
                    photoEncoders.release();
                }
                String photo = write(clean.photo(), written);
                String thumbnail = write(clean.thumbnail(), written);
                return new StoredAttachment(
                        type, photo, clean.photo().length, thumbnail, (long) clean.thumbnail().length);
            }
            Written w = copy(in, limit, name, type.kind(), written);
            return new StoredAttachment(type, w.sha256(), w.size(), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store an attachment", e);
        }
    }

    private record Written(String sha256, long size) {}

    private String write(byte[] bytes, List<String> written) throws IOException {
        Path tmp = temporary();
        Files.write(tmp, bytes);
        String sha256 = HexFormat.of().formatHex(sha256().digest(bytes));
        return place(tmp, sha256, written);
    }

    private Written copy(InputStream in, long limit, String name, AttachmentType.Kind kind, List<String> written)
            throws IOException {
        Path tmp = temporary();
        MessageDigest digest = sha256();
        long size;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), digest)) {
            size = in.transferTo(new LimitedOutputStream(out, limit));
        } catch (LimitedOutputStream.LimitExceeded e) {
            Files.deleteIfExists(tmp);
            throw AttachmentRefusedException.tooLarge(name, kind, limit);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (size == 0) {
            Files.deleteIfExists(tmp);
            throw AttachmentRefusedException.unreadable(name, "the file is empty");
        }
        return new Written(place(tmp, HexFormat.of().formatHex(digest.digest()), written), size);
    }

    /**
     * Moves a finished temporary file to its name, holding it for the submission first; when the
     * content is already stored, keeps that one and marks it as just written, so that no sweep takes
     * it for an old orphan before the submission commits.
     */
    private String place(Path tmp, String sha256, List<String> written) throws IOException {
        Path target = path(sha256);
        Files.createDirectories(target.getParent());
        pending.merge(sha256, 1, Integer::sum);
        written.add(sha256);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            try {
                Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
                Files.deleteIfExists(tmp);
            } catch (NoSuchFileException gone) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return sha256;
    }

    private Path temporary() throws IOException {
        Path dir = temporaryFolder();
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "upload-", ".part");
    }

    /** The store's folder. */
    Path root() {
        return root;
    }

    /**
     * Where files are written before they have their name, and the parts of multipart requests
     * ({@link UploadPartsConfig}); nothing there outlives its request.
     */
    Path temporaryFolder() {
        return root.resolve("tmp");
    }

    private Path path(String sha256) {
        return root.resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
    }

    /** One submission is done with {@code sha256}: the last one deletes the file unless a committed row names it. */
    private void release(String sha256) {
        // under the key's lock: a submission placing the same content meanwhile waits, then writes it again
        pending.compute(sha256, (h, holders) -> {
            if (holders != null && holders > 1) {
                return holders - 1;
            }
            removeIfUnreferenced(h);
            return null;
        });
    }

    private void removeIfUnreferenced(String sha256) {
        try {
            boolean referenced =
                    jdbc.sql(REFERENCED).param("h", sha256).query(Boolean.class).single();
            if (!referenced) {
                Files.deleteIfExists(path(sha256));
            }
        } catch (RuntimeException | IOException e) {
            // the file stays: a spare file on disk is harmless (the sweep takes it later), a missing one is not
            log.warn("could not check or remove the unreferenced attachment {}", sha256, e);
        }
    }

    /**
     * Deletes the stored file of {@code sha256}, which no committed row referenced when the caller
     * looked, unless a submission of this instance holds it or it was written or reused after
     * {@code writtenBefore}; true when it was deleted.
     */
    boolean removeOrphan(String sha256, Instant writtenBefore) {
        boolean[] removed = {false};
        pending.compute(sha256, (h, holders) -> {
            if (holders == null) {
                try {
                    Path p = path(h);
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(writtenBefore)) {
                        removed[0] = Files.deleteIfExists(p);
                    }
                } catch (NoSuchFileException e) {
                    // deleted meanwhile by the submission that wrote it
                } catch (IOException e) {
                    log.warn("could not remove the orphan attachment {}", h, e);
                }
            }
            return holders;
        });
        return removed[0];
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String name) {
        String clean = name.replaceAll("[\\p{Cntrl}]", "");
        return clean.length() <= 80 ? clean : clean.substring(0, 77) + "...";
    }

    /** Stops a copy at {@code limit} bytes. */
    private static final class LimitedOutputStream extends java.io.FilterOutputStream {

        static final class LimitExceeded extends IOException {}

        private final long limit;
        private long written;

        LimitedOutputStream(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count(len);
            out.write(b, off, len);
        }

        private void count(int n) throws LimitExceeded {
            written += n;
            if (written > limit) {
                throw new LimitExceeded();
            }
        }
    }
}
