package kz.adalmap.api.attachment;

/**
 * A file cannot be attached: its content is not an accepted type (answered with 415) or it is too
 * large or unreadable (400). The message names the file as the client sent it.
 */
public class AttachmentRefusedException extends RuntimeException {

    private final String fileName;
    private final boolean unsupportedType;

    private AttachmentRefusedException(String fileName, String message, boolean unsupportedType) {
        super(message);
        this.fileName = fileName;
        this.unsupportedType = unsupportedType;
    }

    static AttachmentRefusedException unknownType(String fileName, java.util.Collection<AttachmentType> allowed) {
        return new AttachmentRefusedException(
                fileName,
                "file '" + fileName + "': its content is not a photo, audio or video of an accepted type ("
                        + allowed.stream().map(AttachmentType::name).sorted().toList()
                        + "), whatever its name says",
                true);
    }

    static AttachmentRefusedException notAllowed(String fileName, AttachmentType type) {
        String why = type == AttachmentType.WEBP || type == AttachmentType.HEIC
                ? ": such photos cannot be cleaned of their location metadata here; send a JPEG or PNG"
                : " is not accepted";
        return new AttachmentRefusedException(fileName, "file '" + fileName + "': " + type.name() + why, true);
    }

    static AttachmentRefusedException tooLarge(String fileName, AttachmentType.Kind kind, long limit) {
        return new AttachmentRefusedException(
                fileName,
                "file '" + fileName + "': a " + kind.code() + " may be at most " + (limit / 1024 / 1024) + " MB",
                false);
    }

    static AttachmentRefusedException unreadable(String fileName, String why) {
        return new AttachmentRefusedException(fileName, "file '" + fileName + "': " + why, false);
    }

    /** Too many files in one appeal. */
    public static AttachmentRefusedException tooMany(int limit) {
        return new AttachmentRefusedException("", "at most " + limit + " files may be attached to one appeal", false);
    }

    public String fileName() {
        return fileName;
    }

    /** True for a type that is not accepted (415), false for a bad or too large file (400). */
    public boolean unsupportedType() {
        return unsupportedType;
    }
}
