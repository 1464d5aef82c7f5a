package kz.adalmap.importers.publish;

/** The user may not change this layer: it belongs to a region they are not a land editor of. */
public final class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
