package kz.adalmap.api.budget;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The participatory budget ({@code adalmap.budget.*}).
 *
 * @param timeZone the zone whose calendar day decides a cycle's phase: Kazakhstan's, UTC+5
 * @param proposalsPerClientPerHour proposals one client address may submit per hour (per application instance)
 * @param verificationsPerClientPerHour confirmation codes one client address may ask for per hour (per instance)
 * @param codeValidity how long a confirmation code may be used
 * @param codeAttempts wrong codes tried before a confirmation is spent and a new code is needed
 * @param voterSecret key of the HMAC that stands for a voter's phone or e-mail; empty: a random key drawn once
 *     and kept in the database
 */
@ConfigurationProperties("adalmap.budget")
record BudgetSettings(
        @DefaultValue("+05:00") ZoneId timeZone,
        @DefaultValue("10") int proposalsPerClientPerHour,
        @DefaultValue("10") int verificationsPerClientPerHour,
        @DefaultValue("15m") Duration codeValidity,
        @DefaultValue("5") int codeAttempts,
        @DefaultValue("") String voterSecret) {

    BudgetSettings {
        if (proposalsPerClientPerHour < 1 || verificationsPerClientPerHour < 1) {
            throw new IllegalArgumentException("adalmap.budget.*-per-client-per-hour must be at least 1");
        }
        if (codeAttempts < 1) {
            throw new IllegalArgumentException("adalmap.budget.code-attempts must be at least 1");
        }
    }
}
