package kz.adalmap.api.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier used when no mail server (or, for text messages, no SMS gateway) is configured: writes
 * each message to the log, the recipient masked. The body is logged whole, so that on a development machine the confirmation link can be
 * followed from the log.
 */
final class LogNotifier implements Notifier {

    private static final Logger log = LoggerFactory.getLogger(LogNotifier.class);

    @Override
    public void send(OutboxMessage message) {
        log.info(
                "{} message {} to {} (not configured to be sent, written here instead)\nSubject: {}\n{}",
                message.channel(),
                message.id(),
                Recipients.mask(message.recipient()),
                message.subject(),
                message.body());
    }
}
