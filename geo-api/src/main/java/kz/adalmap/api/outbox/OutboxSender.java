package kz.adalmap.api.outbox;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sends due outbox messages through the {@link Notifier} (e-mail) or the {@link SmsNotifier} (text
 * messages). Safe with several application instances:
 * a message is taken with {@code FOR UPDATE SKIP LOCKED} and leased (its {@code not_before} moved a
 * lease ahead) in one committed statement, so no other instance takes it while it is sent; if this
 * instance dies mid-send, the lease runs out and the message is sent again (at least once).
 */
@Component
class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    // one message at a time: the lease then only has to outlast one delivery
    private static final String CLAIM = """
            UPDATE outbox_message m
            SET attempts = m.attempts + 1, not_before = now() + make_interval(secs => :leaseSeconds)
            FROM (SELECT id FROM outbox_message
                  WHERE sent_at IS NULL AND not_before <= now() AND attempts < :maxAttempts
                  ORDER BY not_before, id
                  LIMIT 1
                  FOR UPDATE SKIP LOCKED) due
            WHERE m.id = due.id
            RETURNING m.id, m.channel, m.recipient, m.subject, m.body, m.attempts
            """;

    private static final String SENT = "UPDATE outbox_message SET sent_at = now(), last_error = NULL WHERE id = :id";

    private static final String FAILED = """
            UPDATE outbox_message SET last_error = :error, not_before = now() + make_interval(secs => :delaySeconds)
            WHERE id = :id
            """;

    private final JdbcClient jdbc;
    private final Notifier notifier;
    private final SmsNotifier sms;
    private final OutboxSettings settings;

    OutboxSender(JdbcClient jdbc, Notifier notifier, SmsNotifier sms, OutboxSettings settings) {
        this.jdbc = jdbc;
        this.notifier = notifier;
        this.sms = sms;
        this.settings = settings;
    }

    /**
     * Sends up to {@code batch-size} due messages, one after the other; returns how many were delivered.
     * A failure is recorded on its message, which is tried again after a growing delay.
     */
    int sendDue() {
        int delivered = 0;
        for (int i = 0; i < settings.batchSize(); i++) {
            Optional<OutboxMessage> claimed = claim();
            if (claimed.isEmpty()) {
                break;
            }
            if (deliver(claimed.get())) {
                delivered++;
            }
        }
        return delivered;
    }

    private Optional<OutboxMessage> claim() {
        return jdbc.sql(CLAIM)
                .param("leaseSeconds", (double) settings.lease().toSeconds())
                .param("maxAttempts", settings.maxAttempts())
                .query((rs, n) -> new OutboxMessage(
                        rs.getLong("id"),
                        rs.getString("channel"),
                        rs.getString("recipient"),
                        withLinks(rs.getString("subject")),
                        withLinks(rs.getString("body")),
                        rs.getInt("attempts")))
                .optional();
    }

    private String withLinks(String text) {
        return text.replace(Outbox.PUBLIC_URL, settings.publicUrl());
    }

    private boolean deliver(OutboxMessage message) {
        try {
            if (message.channel().equals("sms")) {
                sms.send(message);
            } else {
                notifier.send(message);
            }
        } catch (Exception e) {
            // the error of a mail server often quotes the address: kept in the table, masked in the log
            String error = Recipients.maskIn(String.valueOf(e), message.recipient());
            Duration delay = settings.retryDelay(message.attempts());
            jdbc.sql(FAILED)
                    .param("id", message.id())
                    .param("error", abbreviate(String.valueOf(e)))
                    .param("delaySeconds", (double) delay.toSeconds())
                    .update();
            if (message.attempts() >= settings.maxAttempts()) {
                log.error(
                        "outbox message {} to {} not sent after {} attempts, given up: {}",
                        message.id(),
                        Recipients.mask(message.recipient()),
                        message.attempts(),
                        error);
            } else {
                log.warn(
                        "outbox message {} to {} not sent (attempt {} of {}), next try in {}: {}",
                        message.id(),
                        Recipients.mask(message.recipient()),
                        message.attempts(),
                        settings.maxAttempts(),
                        delay,
                        error);
            }
            return false;
        }
        jdbc.sql(SENT).param("id", message.id()).update();
        return true;
    }

    private static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000);
    }
}
