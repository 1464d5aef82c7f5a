package kz.adalmap.api.attachment;

import java.nio.file.Path;
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
        @DefaultValue("320") int thumbnailSize) {

    public AttachmentSettings {
        if (maxFiles < 0 || thumbnailSize < 16 || maxPhotoPixels < 1) {
            throw new IllegalArgumentException(
                    "adalmap.attachments: max-files must be 0 or more, thumbnail-size at least 16, max-photo-pixels"
                            + " positive");
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
