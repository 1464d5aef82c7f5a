package kz.adalmap.importers.publish;

/**
 * The user may not change this layer: it belongs to a region they are not a land editor of, or their
 * account has none. {@code code}, when there is one, names the refusal for callers to word in the
 * reader's language ({@code no_region}).
 */
public final class AccessDeniedException extends RuntimeException {

    private final String code;

    public AccessDeniedException(String message) {
        this(null, message);
    }

    public AccessDeniedException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The refusal's code, null when it has none of its own. */
    public String code() {
        return code;
    }
}
