package kz.adalmap.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings under {@code adalmap.*} in {@code application.yml}; each key is documented there. */
@ConfigurationProperties("adalmap")
public record AdalMapProperties(
        @DefaultValue Api api,
        @DefaultValue Security security,
        @DefaultValue Imports imports) {

    /** Paging of the public API. */
    public record Api(
            @DefaultValue("1000") int defaultPageSize,
            @DefaultValue("5000") int maxPageSize) {}

    /** Files land departments upload: where they wait while imported, how large they may unpack, how many at once. */
    public record Imports(
            @DefaultValue("") String workDir,
            @DefaultValue("4096") long maxUnpackedMb,
            @DefaultValue("1") int parallelJobs) {}

    /** The first administrator; {@code adminPassword} blank means "generate a one-time password". */
    public record Security(
            @DefaultValue("admin") String adminUsername,
            @DefaultValue("") String adminPassword) {}
}
