package kz.adalmap.api.outbox;

/**
 * Delivers one outbox message of the {@code sms} channel to a phone number. No implementation ships
 * with AdalMap, because each SMS gateway has its own API: {@code OutboxConfig} chooses the log, which
 * writes them with the number masked, and is where a gateway's implementation is plugged in. The same contract as
 * {@link Notifier}: called outside any transaction, an exception means "try again later", never log the
 * number unmasked.
 */
public interface SmsNotifier {

    /** Delivers {@code message} (its recipient a phone number) or throws saying why it could not. */
    void send(OutboxMessage message) throws Exception;
}
