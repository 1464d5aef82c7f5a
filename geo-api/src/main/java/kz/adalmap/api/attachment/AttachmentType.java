package kz.adalmap.api.attachment;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The file types an attachment may have, recognised from the first bytes of the content (its magic
 * number), never from the file name or the type the client claims. WebP and HEIC photos are
 * recognised so that the refusal can name them: the JDK's {@code javax.imageio} cannot read them,
 * so they cannot be re-encoded without their metadata and are not accepted by default.
 */
public enum AttachmentType {
    JPEG("image/jpeg", Kind.PHOTO),
    PNG("image/png", Kind.PHOTO),
    WEBP("image/webp", Kind.PHOTO),
    HEIC("image/heic", Kind.PHOTO),
    MP3("audio/mpeg", Kind.AUDIO),
    M4A("audio/mp4", Kind.AUDIO),
    OGG("audio/ogg", Kind.AUDIO),
    MP4("video/mp4", Kind.VIDEO),
    WEBM("video/webm", Kind.VIDEO);

    /** What an attachment is: each kind has its own size limit. */
    public enum Kind {
        PHOTO,
        AUDIO,
        VIDEO;

        /** The name stored in {@code appeal_attachment.kind}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The bytes {@link #sniff} needs to decide: the ISO media box header and the RIFF header fit in 32. */
    public static final int HEADER_BYTES = 32;

    private final String mediaType;
    private final Kind kind;

    AttachmentType(String mediaType, Kind kind) {
        this.mediaType = mediaType;
        this.kind = kind;
    }

    public String mediaType() {
        return mediaType;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The type of content starting with {@code header} (at least its first {@link #HEADER_BYTES}
     * bytes, fewer when the file is shorter), or empty when it is none of the known types: an
     * executable, HTML, a PDF or text are all empty here.
     */
    public static Optional<AttachmentType> sniff(byte[] header) {
        byte[] h = header;
        if (startsWith(h, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(h, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (ascii(h, 0, "RIFF") && ascii(h, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (ascii(h, 0, "OggS")) {
            return Optional.of(OGG);
        }
        if (startsWith(h, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
            return Optional.of(WEBM);
        }
        if (ascii(h, 0, "ID3") || (h.length >= 2 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xE6) == 0xE2)) {
            // an ID3 tag, or an MPEG audio frame sync (11 bits set) with layer III
            return Optional.of(MP3);
        }
        if (ascii(h, 4, "ftyp") && h.length >= 12) {
            String brand = new String(Arrays.copyOfRange(h, 8, 12), StandardCharsets.ISO_8859_1);
            switch (brand) {
                case "heic", "heix", "hevc", "heim", "heis", "mif1", "msf1":
                    return Optional.of(HEIC);
                case "M4A ", "M4B ":
                    return Optional.of(M4A);
                case "isom",
                        "iso2",
                        "iso4",
                        "iso5",
                        "iso6",
                        "mp41",
                        "mp42",
                        "avc1",
                        "M4V ",
                        "MSNV",
                        "dash",
                        "3gp4",
                        "3gp5",
                        "qt  ":
                    return Optional.of(MP4);
                default:
                    return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] h, int offset, int... expected) {
        if (h.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((h[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] h, int offset, String expected) {
        return startsWith(h, offset, expected.chars().toArray());
    }
}
