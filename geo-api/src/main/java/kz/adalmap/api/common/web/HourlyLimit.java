package kz.adalmap.api.common.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what each client (an address) does in hour-long windows, in memory: each application instance
 * counts its own clients, so behind a load balancer a client may do this much per instance. Windows
 * that are over are dropped as the map grows, so it holds about one entry per client seen in the last
 * hour. Thread-safe.
 */
public final class HourlyLimit {

    private static final Duration WINDOW = Duration.ofHours(1);
    private static final int PRUNE_ABOVE = 10_000;

    private record Window(Instant start, int count) {}

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int limit;
    private final Clock clock = Clock.systemUTC();

    /** @param limit how many times a client may act in an hour */
    public HourlyLimit(int limit) {
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /**
     * Counts one act of {@code client}.
     *
     * @return empty when allowed, else how long until the client's window ends
     */
    public Optional<Duration> acquire(String client) {
        Instant now = clock.instant();
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(w -> !w.start().plus(WINDOW).isAfter(now));
        }
        Window w = windows.compute(
                client,
                (k, old) -> old == null || !old.start().plus(WINDOW).isAfter(now)
                        ? new Window(now, 1)
                        : new Window(old.start(), old.count() + 1));
        return w.count() > limit ? Optional.of(Duration.between(now, w.start().plus(WINDOW))) : Optional.empty();
    }
}
