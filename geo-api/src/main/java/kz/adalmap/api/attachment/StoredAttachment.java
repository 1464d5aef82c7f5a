package kz.adalmap.api.attachment;

/**
 * A file as kept in the store: its type (from the content), the SHA-256 (hex) and size of the stored
 * bytes, and for a photo those of its thumbnail (null otherwise).
 */
public record StoredAttachment(
        AttachmentType type, String sha256, long sizeBytes, String thumbnailSha256, Long thumbnailSizeBytes) {}
