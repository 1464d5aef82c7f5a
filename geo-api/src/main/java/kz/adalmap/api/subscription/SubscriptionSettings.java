package kz.adalmap.api.subscription;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of subscriptions ({@code adalmap.subscriptions.*}).
 *
 * @param maxAreaKm2 the largest area one subscription may cover, km² on the spheroid: a city, not the country
 * @param perClientPerHour subscriptions one client address may make per hour (per application instance)
 */
@ConfigurationProperties("adalmap.subscriptions")
record SubscriptionSettings(
        @DefaultValue("2500") double maxAreaKm2,
        @DefaultValue("5") int perClientPerHour) {

    SubscriptionSettings {
        if (!(maxAreaKm2 > 0) || perClientPerHour < 1) {
            throw new IllegalArgumentException(
                    "adalmap.subscriptions: max-area-km2 must be positive and per-client-per-hour at least 1");
        }
    }
}
