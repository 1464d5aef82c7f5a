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
 */
@ConfigurationProperties("adalmap.appeals")
record AppealSettings(
        @DefaultValue("10") int perClientPerHour,
        @DefaultValue("Asia/Almaty") ZoneId timeZone) {

    AppealSettings {
        if (perClientPerHour < 1) {
            throw new IllegalArgumentException("adalmap.appeals.per-client-per-hour must be at least 1");
        }
    }
}
