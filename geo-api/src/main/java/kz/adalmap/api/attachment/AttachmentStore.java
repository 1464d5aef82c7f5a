package kz.adalmap.api.attachment;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The content-addressed store of attachments on disk: a file is named by the SHA-256 of its stored
 * bytes, in two levels of folders ({@code ab/cd/abcd…}), so equal files are kept once. Files are
 * written before the database rows that name them; when the transaction ends, every file it wrote
 * that no committed {@code appeal_attachment} row references is deleted, so a rolled-back
 * submission leaves no file behind.
 */
@Component
public class AttachmentStore {

    private static final Logger log = LoggerFactory.getLogger(AttachmentStore.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String REFERENCED = """
            SELECT EXISTS (SELECT 1 FROM appeal_attachment WHERE sha256 = :h OR thumbnail_sha256 = :h)
            """;

    private final AttachmentSettings settings;
    private final JdbcClient jdbc;
    private final Path root;
    // hashes written by transactions still open in this instance: not deleted while one may commit them
    private final Map<String, Integer> pending = new ConcurrentHashMap<>();

    AttachmentStore(AttachmentSettings settings, JdbcClient jdbc) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.root = settings.directory();
    }

    /** The most files one appeal may carry. */
    public int maxFiles() {
        return settings.maxFiles();
    }

    /**
     * Checks and stores one uploaded file: its type from its content, its size against the limit of
     * its kind; a photo is re-encoded without its metadata and gets a thumbnail. Inside a transaction
     * the written files are removed again at its end unless a committed row references them.
     *
     * @throws AttachmentRefusedException naming {@code fileName} when the file is not accepted
     */
    public StoredAttachment store(String fileName, InputStream content) {
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
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
                if (bytes.length > limit) {
                    throw AttachmentRefusedException.tooLarge(name, type.kind(), limit);
                }
                PhotoCleaner.Cleaned clean =
                        PhotoCleaner.clean(name, type, bytes, settings.maxPhotoPixels(), settings.thumbnailSize());
                String photo = write(clean.photo());
                String thumbnail = write(clean.thumbnail());
                return new StoredAttachment(
                        type, photo, clean.photo().length, thumbnail, (long) clean.thumbnail().length);
            }
            Written w = copy(in, limit, name, type.kind());
            return new StoredAttachment(type, w.sha256(), w.size(), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store an attachment", e);
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

    private record Written(String sha256, long size) {}

    private String write(byte[] bytes) throws IOException {
        Path tmp = temporary();
        Files.write(tmp, bytes);
        String sha256 = HexFormat.of().formatHex(sha256().digest(bytes));
        return place(tmp, sha256);
    }

    private Written copy(InputStream in, long limit, String name, AttachmentType.Kind kind) throws IOException {
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
        return new Written(place(tmp, HexFormat.of().formatHex(digest.digest())), size);
    }

    /** Moves a finished temporary file to its name; when the content is already stored, keeps that one. */
    private String place(Path tmp, String sha256) throws IOException {
        Path target = path(sha256);
        Files.createDirectories(target.getParent());
        track(sha256);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            if (Files.exists(target)) {
                Files.deleteIfExists(tmp);
            } else {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return sha256;
    }

    private Path temporary() throws IOException {
        Path dir = root.resolve("tmp");
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "upload-", ".part");
    }

    private Path path(String sha256) {
        return root.resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
    }

    /** Registers the file for the check at the end of the current transaction, if there is one. */
    private void track(String sha256) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        pending.merge(sha256, 1, Integer::sum);
        List<String> mine = new ArrayList<>(List.of(sha256));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                for (String h : mine) {
                    pending.computeIfPresent(h, (k, n) -> n == 1 ? null : n - 1);
                    removeIfUnreferenced(h);
                }
            }
        });
    }

    private void removeIfUnreferenced(String sha256) {
        try {
            boolean referenced = pending.containsKey(sha256)
                    || jdbc.sql(REFERENCED)
                            .param("h", sha256)
                            .query(Boolean.class)
                            .single();
            if (!referenced) {
                Files.deleteIfExists(path(sha256));
            }
        } catch (RuntimeException | IOException e) {
            // the file stays: a spare file on disk is harmless, a missing one is not
            log.warn("could not check or remove the unreferenced attachment {}", sha256, e);
        }
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
