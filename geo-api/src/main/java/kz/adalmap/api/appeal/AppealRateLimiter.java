package kz.adalmap.api.appeal;

import kz.adalmap.api.common.web.HourlyLimit;
import org.springframework.stereotype.Component;

/** Counts web appeals per client address, an hour at a time ({@link HourlyLimit}). */
@Component
class AppealRateLimiter {

    private final HourlyLimit limit;

    AppealRateLimiter(AppealSettings settings) {
        this.limit = new HourlyLimit(settings.perClientPerHour());
    }

    /** Counts one appeal of {@code client}, or throws when its hour's allowance is used up. */
    void acquire(String client) {
        limit.acquire(client).ifPresent(wait -> {
            throw AppealRefusedException.tooMany(limit.limit(), wait);
        });
    }
}
