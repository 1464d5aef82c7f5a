package kz.adalmap.api.subscription;

import kz.adalmap.api.common.web.HourlyLimit;
import org.springframework.stereotype.Component;

/** Counts subscriptions per client address, an hour at a time ({@link HourlyLimit}). */
@Component
class SubscriptionRateLimiter {

    private final HourlyLimit limit;

    SubscriptionRateLimiter(SubscriptionSettings settings) {
        this.limit = new HourlyLimit(settings.perClientPerHour());
    }

    /** Counts one subscription of {@code client}, or throws when its hour's allowance is used up. */
    void acquire(String client) {
        limit.acquire(client).ifPresent(wait -> {
            throw TooManySubscriptionsException.perHour(limit.limit(), wait);
        });
    }
}
