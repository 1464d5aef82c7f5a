package kz.adalmap.importers.source;

/** A file that cannot be imported, with a message for the person who sent it. */
public final class BadSourceException extends RuntimeException {
    public BadSourceException(String message) {
        super(message);
    }

    public BadSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
