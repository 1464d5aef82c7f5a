package kz.adalmap.api.attachment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Attachments of appeals ({@code adalmap.attachments.*}).
 *
 * @param dir the folder of the content-addressed store; blank means {@code adalmap-attachments} in the
 *     system's temporary folder (fine for trying it out, not for production)
 * @param allowedTypes the types accepted, by {@link AttachmentType} name
 * @param maxFiles the most files one appeal may carry
 * @param maxPhoto the largest photo, as uploaded
 * @param maxAudio the largest audio recording
 * @param maxVideo the largest video
 * @param maxPhotoPixels the most pixels a photo may have (width × height): refuses decompression bombs
 * @param thumbnailSize the longest side of a photo's thumbnail, pixels
 * @param parallelPhotos photos re-encoded at the same time, 0 for one per processor; the other
 *     uploads wait for their turn
 * @param sweepInterval how often files that no appeal references are looked for and deleted (also
 *     once at start); 0 turns the sweep off. It runs only when {@code dir} is set: the default
 *     temporary folder may be shared by instances of other databases
 * @param sweepGrace the age below which an unreferenced file or a part of a request is kept, because
 *     the submission that wrote it may still commit; longer than any upload takes
 */
@ConfigurationProperties("adalmap.attachments")
public record AttachmentSettings(
        @DefaultValue("") String dir,

        @DefaultValue({"JPEG", "PNG", "MP3", "M4A", "OGG", "MP4", "WEBM"})
        List<AttachmentType> allowedTypes,

        @DefaultValue("5") int maxFiles,
        @DefaultValue("10MB") DataSize maxPhoto,
        @DefaultValue("20MB") DataSize maxAudio,
        @DefaultValue("100MB") DataSize maxVideo,
        @DefaultValue("50000000") long maxPhotoPixels,
        @DefaultValue("320") int thumbnailSize,
        @DefaultValue("0") int parallelPhotos,
        @DefaultValue("1h") Duration sweepInterval,
        @DefaultValue("1h") Duration sweepGrace) {

    public AttachmentSettings {
        if (maxFiles < 0 || thumbnailSize < 16 || maxPhotoPixels < 1 || parallelPhotos < 0) {
            throw new IllegalArgumentException(
                    "adalmap.attachments: max-files must be 0 or more, thumbnail-size at least 16, max-photo-pixels"
                            + " positive, parallel-photos 0 or more");
        }
        if (sweepInterval.isNegative() || sweepGrace.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("adalmap.attachments: sweep-interval must be 0 or more and"
                    + " sweep-grace at least 10 s (longer than any upload)");
        }
        for (AttachmentType t : allowedTypes) {
            if (t == AttachmentType.WEBP || t == AttachmentType.HEIC) {
                throw new IllegalArgumentException("adalmap.attachments.allowed-types: " + t
                        + " cannot be re-encoded without its metadata by javax.imageio; allow JPEG and PNG photos");
            }
        }
    }

    /** The store's folder, resolved. */
    public Path directory() {
        return dir.isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), "adalmap-attachments") : Path.of(dir);
    }

    /** Photos re-encoded at the same time, resolved. */
    public int photoEncoders() {
        return parallelPhotos > 0 ? parallelPhotos : Runtime.getRuntime().availableProcessors();
    }

    /** The accepted types as a set. */
    public Set<AttachmentType> allowed() {
        return allowedTypes.isEmpty() ? EnumSet.noneOf(AttachmentType.class) : EnumSet.copyOf(allowedTypes);
    }

    /** The largest file of {@code kind}, bytes. */
    public long maxBytes(AttachmentType.Kind kind) {
        return switch (kind) {
            case PHOTO -> maxPhoto.toBytes();
            case AUDIO -> maxAudio.toBytes();
            case VIDEO -> maxVideo.toBytes();
        };
    }
}
