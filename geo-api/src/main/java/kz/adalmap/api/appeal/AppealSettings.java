package kz.adalmap.api.appeal;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Submission of appeals ({@code adalmap.appeals.*}).
 *
 * @param perClientPerHour appeals one client address may submit per hour (per application instance);
 *     staff and bots are not counted
 * @param timeZone the zone whose calendar day an appeal is submitted on, for its due date
 * @param supporterSecret key of the HMAC that identifies a "me too" supporter by their address; empty:
 *     a random key drawn once and kept in the database
 * @param supportsPerPersonPerHour "me too" supports one person may give per hour (per application instance)
 */
@ConfigurationProperties("adalmap.appeals")
record AppealSettings(
        @DefaultValue("10") int perClientPerHour,
        @DefaultValue("Asia/Almaty") ZoneId timeZone,
        @DefaultValue("") String supporterSecret,
        @DefaultValue("30") int supportsPerPersonPerHour) {

    AppealSettings {
        if (perClientPerHour < 1) {
            throw new IllegalArgumentException("adalmap.appeals.per-client-per-hour must be at least 1");
        }
        if (supportsPerPersonPerHour < 1) {
            throw new IllegalArgumentException("adalmap.appeals.supports-per-person-per-hour must be at least 1");
        }
    }
}
