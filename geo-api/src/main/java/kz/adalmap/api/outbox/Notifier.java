package kz.adalmap.api.outbox;

/**
 * Delivers one outbox message. The sender calls it outside any database transaction, once per attempt;
 * an exception means "not delivered, try again later". Implementations must not log the recipient
 * unmasked.
 */
public interface Notifier {

    /** Delivers {@code message} or throws saying why it could not. */
    void send(OutboxMessage message) throws Exception;
}
