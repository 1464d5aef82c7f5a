package kz.adalmap.api.outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Queues messages in the {@code outbox_message} table. Call it inside the transaction of the event
 * that causes the message: the message is queued if and only if the event commits, and the outbox
 * sender delivers it afterwards (at least once).
 */
@Component
public class Outbox {

    /**
     * Placeholder for the public address of the service ({@code adalmap.outbox.public-url}) in a
     * message's subject or body, so that links can be written where that address is not known (in SQL).
     */
    public static final String PUBLIC_URL = "{{public_url}}";

    private static final String QUEUE = """
            INSERT INTO outbox_message (channel, recipient, subject, body)
            VALUES (:channel, :recipient, :subject, :body)
            RETURNING id
            """;

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues an e-mail to {@code recipient}, due at once; returns the message's id. */
    public long queueEmail(String recipient, String subject, String body) {
        return queue("email", recipient, subject, body);
    }

    /**
     * Queues a text message to the phone number {@code recipient}, due at once; returns the message's id.
     * An SMS has no subject: keep {@code body} short, a link and a sentence or two.
     */
    public long queueSms(String recipient, String body) {
        return queue("sms", recipient, "", body);
    }

    private long queue(String channel, String recipient, String subject, String body) {
        return jdbc.sql(QUEUE)
                .param("channel", channel)
                .param("recipient", recipient)
                .param("subject", subject)
                .param("body", body)
                .query(Long.class)
                .single();
    }
}
