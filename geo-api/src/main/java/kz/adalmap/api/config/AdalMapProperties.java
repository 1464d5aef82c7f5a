package kz.adalmap.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings under {@code adalmap.*} in {@code application.yml}; each key is documented there. */
@ConfigurationProperties("adalmap")
public record AdalMapProperties(
        @DefaultValue Api api,
        @DefaultValue Security security,
        @DefaultValue Imports imports,
        @DefaultValue Tiles tiles) {

    /** The settings are bound through this, the canonical constructor. */
    @ConstructorBinding
    public AdalMapProperties {}

    /** Settings with the default tile settings. */
    public AdalMapProperties(Api api, Security security, Imports imports) {
        this(api, security, imports, new Tiles(60, 14, 13));
    }

    /** Paging of the public API. */
    public record Api(
            @DefaultValue("1000") int defaultPageSize,
            @DefaultValue("5000") int maxPageSize) {}

    /**
     * Files land departments upload: where they wait while imported, how large they may unpack, how many
     * are imported at once, and how many of one editor's may wait or run at a time (a script sending
     * the same export again and again would otherwise fill the folder they wait in).
     */
    public record Imports(
            @DefaultValue("") String workDir,
            @DefaultValue("4096") long maxUnpackedMb,
            @DefaultValue("1") int parallelJobs,
            @DefaultValue("5") int waitingPerEditor) {}

    /**
     * Vector tiles: how long clients and HTTP caches may keep a tile before asking again (seconds; 0,
     * the default, asks again each time, with the tile's ETag), the
     * first zoom at which plots are drawn as outlines (below it, as counts per grid cell) and the first
     * zoom at which appeals are drawn one by one (below it, clustered per grid cell).
     */
    public record Tiles(
            @DefaultValue("0") int maxAgeSeconds,
            @DefaultValue("14") int plotOutlineZoom,
            @DefaultValue("13") int appealPointZoom) {

        public Tiles {
            if (maxAgeSeconds < 0) {
                throw new IllegalArgumentException("adalmap.tiles.max-age-seconds must be 0 or more");
            }
            if (plotOutlineZoom < 0 || plotOutlineZoom > 16 || appealPointZoom < 0 || appealPointZoom > 22) {
                throw new IllegalArgumentException(
                        "adalmap.tiles.plot-outline-zoom must be 0 to 16 and appeal-point-zoom 0 to 22");
            }
        }
    }

    /** The first administrator; {@code adminPassword} blank means "generate a one-time password". */
    public record Security(
            @DefaultValue("admin") String adminUsername,
            @DefaultValue("") String adminPassword) {}
}
