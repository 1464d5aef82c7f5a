package kz.adalmap.api.subscription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Counts subscriptions per client address in hour-long windows, in memory: each application instance
 * counts its own clients, so behind a load balancer a client may make this many per instance. Windows
 * that are over are dropped as the map grows, so it holds about one entry per address seen in the
 * last hour.
 */
@Component
class SubscriptionRateLimiter {

    private static final Duration WINDOW = Duration.ofHours(1);
    private static final int PRUNE_ABOVE = 10_000;

    private record Window(Instant start, int count) {}

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int limit;
    private final Clock clock;

    SubscriptionRateLimiter(SubscriptionSettings settings) {
        this.limit = settings.perClientPerHour();
        this.clock = Clock.systemUTC();
    }

    /** Counts one subscription of {@code client}, or throws when its hour's allowance is used up. */
    void acquire(String client) {
        Instant now = clock.instant();
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(w -> !w.start().plus(WINDOW).isAfter(now));
        }
        Window w = windows.compute(
                client,
                (k, old) -> old == null || !old.start().plus(WINDOW).isAfter(now)
                        ? new Window(now, 1)
                        : new Window(old.start(), old.count() + 1));
        if (w.count() > limit) {
            throw TooManySubscriptionsException.perHour(
                    limit, Duration.between(now, w.start().plus(WINDOW)));
        }
    }
}
