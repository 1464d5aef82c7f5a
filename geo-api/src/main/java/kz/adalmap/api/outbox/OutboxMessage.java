package kz.adalmap.api.outbox;

/**
 * One message taken from the outbox to be sent, its links already pointing at the public address.
 *
 * @param channel how it is delivered; {@code email} or {@code sms}
 * @param recipient personal data: never log it unmasked (see {@link Recipients#mask})
 * @param attempts delivery attempts started so far, this one included
 */
public record OutboxMessage(long id, String channel, String recipient, String subject, String body, int attempts) {

    @Override
    public String toString() {
        return "OutboxMessage[id=" + id + ", channel=" + channel + ", recipient=" + Recipients.mask(recipient)
                + ", attempts=" + attempts + "]";
    }
}
