package kz.adalmap.api.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TempDirs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sweep of the attachment store against real files in a temporary folder and a real PostGIS:
 * what a killed process left behind goes, what an appeal references or a submission still holds stays.
 * The grace period is the default hour; files are made old by setting their modification time.
 */
@SpringBootTest(
        properties = {
            "adalmap.outbox.enabled=false",
            "adalmap.mail.host=",
            // the tests run the sweep themselves, at a known moment
            "adalmap.attachments.sweep-interval=0"
        })
class AttachmentSweepIT {

    private static final Path STORE = TempDirs.create("adalmap-attachment-sweep-it");

    private static final Instant TWO_HOURS_AGO = Instant.now().minus(Duration.ofHours(2));

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "attachment_sweep");
        registry.add("adalmap.attachments.dir", STORE::toString);
    }

    @Autowired
    AttachmentSweep sweep;

    @Autowired
    AttachmentStore store;

    @Autowired
    JdbcClient jdbc;

    @Test
    void removesOldOrphansAndUnfinishedUploadsKeepingReferencedAndYoungFiles() throws Exception {
        Path photo = stored("a referenced photo", TWO_HOURS_AGO);
        Path thumbnail = stored("its referenced thumbnail", TWO_HOURS_AGO);
        Path audio = stored("a referenced recording", TWO_HOURS_AGO);
        attach("AM-SWP1-0001", 1, photo, thumbnail);
        attach("AM-SWP1-0001", 2, audio, null);
        Path orphan = stored("written, then the process was killed before the commit", TWO_HOURS_AGO);
        Path young = stored("written a moment ago by a submission of another instance", Instant.now());
        Path oldPart =
                Files.writeString(Files.createDirectories(STORE.resolve("tmp")).resolve("upload-1.part"), "x");
        Files.setLastModifiedTime(oldPart, FileTime.from(TWO_HOURS_AGO));
        Path livePart = Files.writeString(STORE.resolve("tmp").resolve("upload-2.part"), "being written");

        AttachmentSweep.Swept swept = sweep.sweep();

        assertThat(swept.orphans()).isEqualTo(1);
        assertThat(swept.temporaryFiles()).isEqualTo(1);
        assertThat(orphan).doesNotExist();
        assertThat(oldPart).doesNotExist();
        assertThat(photo).exists();
        assertThat(thumbnail).as("referenced as thumbnail_sha256").exists();
        assertThat(audio).exists();
        assertThat(young).exists();
        assertThat(livePart).exists();
        assertThat(sweep.sweep()).isEqualTo(new AttachmentSweep.Swept(0, 0));
    }

    @Test
    void keepsAnOldFileThatASubmissionUnderWayHoldsAndDeletesItWhenTheSubmissionGivesUp() throws Exception {
        byte[] audio = mp3Frames("a recording whose rows are not committed yet");
        Path file;
        try (AttachmentStore.Uploads uploads = store.uploads()) {
            StoredAttachment s = uploads.store("voice.mp3", new ByteArrayInputStream(audio));
            file = store.file(s.sha256()).orElseThrow();
            // as if the same content had been stored long ago and its appeal deleted since
            Files.setLastModifiedTime(file, FileTime.from(TWO_HOURS_AGO));
            sweep.sweep();
            assertThat(file).as("held by the submission").exists();
        }
        assertThat(file).as("no row references it once the submission gave up").doesNotExist();
    }

    @Test
    void reusingAnOldOrphanMakesItYoungAgainSoTheSweepKeepsIt() throws Exception {
        byte[] audio = mp3Frames("the same recording sent twice, an hour apart");
        Path file = STORE.resolve(sha256(audio).substring(0, 2))
                .resolve(sha256(audio).substring(2, 4))
                .resolve(sha256(audio));
        Files.createDirectories(file.getParent());
        Files.write(file, audio);
        Files.setLastModifiedTime(file, FileTime.from(TWO_HOURS_AGO));
        try (AttachmentStore.Uploads uploads = store.uploads()) {
            uploads.store("voice.mp3", new ByteArrayInputStream(audio));
            attach("AM-SWP2-0002", 1, file, null);
        }
        assertThat(Files.getLastModifiedTime(file).toInstant()).isAfter(TWO_HOURS_AGO.plusSeconds(3600));
        sweep.sweep();
        assertThat(file).exists();
    }

    /** A file in the store under the hash of its content, last modified at {@code at}. */
    private static Path stored(String content, Instant at) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String h = sha256(bytes);
        Path p = STORE.resolve(h.substring(0, 2)).resolve(h.substring(2, 4)).resolve(h);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        Files.setLastModifiedTime(p, FileTime.from(at));
        return p;
    }

    private void attach(String code, int position, Path file, Path thumbnail) throws IOException {
        jdbc.sql("""
                INSERT INTO appeal (tracking_code, category, text, text_private, geom, due_date)
                VALUES (:code, 'roads', 'Яма', false, ST_SetSRID(ST_MakePoint(71.43, 51.13), 4326), current_date + 5)
                ON CONFLICT (tracking_code) DO NOTHING
                """).param("code", code).update();
        jdbc.sql("""
                INSERT INTO appeal_attachment (appeal_id, position, kind, media_type, sha256, size_bytes,
                                               thumbnail_sha256, thumbnail_size_bytes)
                SELECT id, :position, :kind, :mediaType, :sha256, :size, :thumbnail, :thumbnailSize
                FROM appeal WHERE tracking_code = :code
                """)
                .param("code", code)
                .param("position", position)
                .param("kind", thumbnail == null ? "audio" : "photo")
                .param("mediaType", thumbnail == null ? "audio/mpeg" : "image/jpeg")
                .param("sha256", file.getFileName().toString())
                .param("size", Files.size(file))
                .param(
                        "thumbnail",
                        thumbnail == null ? null : thumbnail.getFileName().toString())
                .param("thumbnailSize", thumbnail == null ? null : Files.size(thumbnail))
                .update();
    }

    /** MPEG audio frame headers around {@code text}: recognised as MP3 and stored as it is. */
    private static byte[] mp3Frames(String text) {
        byte[] frame = {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64};
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[frame.length + body.length];
        System.arraycopy(frame, 0, all, 0, frame.length);
        System.arraycopy(body, 0, all, frame.length, body.length);
        return all;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
