package kz.adalmap.api.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the outbox sender works ({@code adalmap.outbox.*}).
 *
 * @param enabled false: this instance sends nothing (another one does, or a test sends by hand)
 * @param interval pause between two runs of the sender
 * @param batchSize the most messages one run sends
 * @param maxAttempts attempts after which a message is left unsent, its last error kept
 * @param firstRetry wait after the first failure; it doubles after each further failure
 * @param maxRetry the longest wait between two attempts
 * @param lease how long a message taken by one instance is hidden from the others while it is sent
 * @param publicUrl the public address of the service, replacing {@link Outbox#PUBLIC_URL} in links
 */
@ConfigurationProperties("adalmap.outbox")
record OutboxSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10s") Duration interval,
        @DefaultValue("50") int batchSize,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("1m") Duration firstRetry,
        @DefaultValue("6h") Duration maxRetry,
        @DefaultValue("5m") Duration lease,
        @DefaultValue("http://localhost:8080") String publicUrl) {

    OutboxSettings {
        if (interval.isNegative() || interval.isZero() || batchSize < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "adalmap.outbox: interval must be positive, batch-size and max-attempts at least 1");
        }
        if (firstRetry.isNegative()
                || maxRetry.compareTo(firstRetry) < 0
                || lease.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException(
                    "adalmap.outbox: first-retry must not be negative, max-retry at least first-retry, lease at least 10s");
        }
        publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** The wait after failed attempt number {@code attempt} (from 1): doubling from first-retry, up to max-retry. */
    Duration retryDelay(int attempt) {
        Duration delay = firstRetry;
        for (int i = 1; i < attempt && delay.compareTo(maxRetry) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxRetry) > 0 ? maxRetry : delay;
    }
}
