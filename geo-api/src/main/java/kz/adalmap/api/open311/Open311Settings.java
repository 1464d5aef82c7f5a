package kz.adalmap.api.open311;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Open311 settings ({@code adalmap.open311.*}). The {@code api_key} of a submission is not configured here: it
 * is an API token of the {@code api_token} table.
 *
 * @param jurisdictionId the one {@code jurisdiction_id} this server answers for; clients may omit it
 * @param contact who to contact about the API, shown in discovery
 * @param keyService how a client obtains an API key, shown in discovery
 */
@ConfigurationProperties("adalmap.open311")
record Open311Settings(
        @DefaultValue("adalmap.kz") String jurisdictionId,
        @DefaultValue("AdalMap project office") String contact,

        @DefaultValue("API keys are issued by the AdalMap project office")
        String keyService) {}
