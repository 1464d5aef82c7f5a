package kz.adalmap.api.appeal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Counts appeals per client address in hour-long windows, in memory and per application instance,
 * as the subscriptions are counted; stale windows are dropped as the map grows.
 */
@Component
class AppealRateLimiter {

    private static final Duration WINDOW = Duration.ofHours(1);
    private static final int PRUNE_ABOVE = 10_000;

    private record Window(Instant start, int count) {}

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int limit;
    private final Clock clock = Clock.systemUTC();

    AppealRateLimiter(AppealSettings settings) {
        this.limit = settings.perClientPerHour();
    }

    /** Counts one appeal of {@code client}, or throws when its hour's allowance is used up. */
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
            throw AppealRefusedException.tooMany(
                    limit, Duration.between(now, w.start().plus(WINDOW)));
        }
    }
}
