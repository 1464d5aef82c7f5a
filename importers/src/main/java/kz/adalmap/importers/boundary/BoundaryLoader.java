package kz.adalmap.importers.boundary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.gdal.Ogr2Ogr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads Kazakhstan's regions and districts from the geokz boundary shapefiles
 * ({@code kaz_admbnda_adm1_*.shp}, {@code kaz_admbnda_adm2_*.shp}) into {@code region} and
 * {@code district}, keyed by KATO code, so loading again updates rather than duplicates.
 *
 * <p>Known faults of the source are corrected, not copied: the old Russian name "Чимкент" becomes
 * "Шымкент"; Russian names ending in "-скийский" lose the doubled suffix; a Russian name written in
 * Kazakh letters while the Kazakh one is not (Taldykorgan) is swapped back; Latin "i" in Kazakh names
 * becomes Kazakh "і". Invalid rings are repaired with {@code ST_MakeValid}; regions stay
 * multipolygons with their holes (Akmola around Astana).
 */
public final class BoundaryLoader {

    private static final Logger log = LoggerFactory.getLogger(BoundaryLoader.class);

    /** Letters of the Kazakh alphabet that Russian does not have. */
    private static final String KAZAKH_ONLY = "[ӘәҒғҚқҢңӨөҰұҮүҺһІі]";

    private final Ogr2Ogr ogr2ogr;

    public BoundaryLoader(Ogr2Ogr ogr2ogr) {
        this.ogr2ogr = ogr2ogr;
    }

    /** Counts of what was loaded. */
    public record Result(int regions, int districts) {}

    public Result load(PgTarget target, Path folder) throws IOException, SQLException {
        String suffix = Long.toString(System.nanoTime(), 36);
        String regions = "boundary_adm1_" + suffix;
        String districts = "boundary_adm2_" + suffix;
        // read from a copy: GDAL, told to rebuild a Shapefile's index, writes it beside the data, and
        // the folder is the installation's (or read-only)
        Path copy = Files.createTempDirectory("adalmap-boundaries-");
        try {
            Path adm1 = copied(newest(folder, "kaz_admbnda_adm1_"), copy);
            Path adm2 = copied(newest(folder, "kaz_admbnda_adm2_"), copy);
            ogr2ogr.loadIntoStaging(
                    adm1, target, regions, new Ogr2Ogr.ReadOptions(null, "PROMOTE_TO_MULTI", null, null));
            ogr2ogr.loadIntoStaging(
                    adm2, target, districts, new Ogr2Ogr.ReadOptions(null, "PROMOTE_TO_MULTI", null, null));
        } finally {
            try (Stream<Path> files = Files.list(copy)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(copy);
        }
        try (Connection c = target.connect();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            int r = st.executeUpdate("""
                    INSERT INTO region (kato_code, iso_code, name_kk, name_ru, name_en, geom)
                    SELECT kato, iso_3166_2, kk, ru, adm1_en, geom
                    FROM (%s) fixed
                    ON CONFLICT (kato_code) DO UPDATE
                    SET iso_code = EXCLUDED.iso_code, name_kk = EXCLUDED.name_kk, name_ru = EXCLUDED.name_ru,
                        name_en = EXCLUDED.name_en, geom = EXCLUDED.geom
                    """.formatted(fixedNames("staging." + regions, "adm1")));
            int d = st.executeUpdate("""
                    INSERT INTO district (region_id, kato_code, name_kk, name_ru, name_en, geom)
                    SELECT r.id, f.kato, f.kk, f.ru, f.adm2_en, f.geom
                    FROM (%s) f
                    -- the first two digits of a KATO code name the region
                    JOIN region r ON left(r.kato_code, 2) = left(f.kato, 2)
                    ON CONFLICT (kato_code) DO UPDATE
                    SET region_id = EXCLUDED.region_id, name_kk = EXCLUDED.name_kk, name_ru = EXCLUDED.name_ru,
                        name_en = EXCLUDED.name_en, geom = EXCLUDED.geom
                    """.formatted(fixedNames("staging." + districts, "adm2")));
            st.execute("DROP TABLE staging." + regions);
            st.execute("DROP TABLE staging." + districts);
            // Kazakhstan as the regions draw it, which imports test features against (V064): drawn
            // here, the next import does not wait for it
            st.execute("SELECT country_area()");
            c.commit();
            log.info("boundaries: {} regions and {} districts from {}", r, d, folder);
            return new Result(r, d);
        }
    }

    /** The source rows with names corrected and geometry repaired; {@code level} is adm1 or adm2. */
    private static String fixedNames(String table, String level) {
        return """
                SELECT kato, iso_3166_2, %1$s_en,
                       translate(CASE WHEN swapped THEN ru ELSE kk END, 'iI', 'іІ') AS kk,
                       CASE WHEN swapped THEN kk ELSE ru END AS ru,
                       ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)) AS geom
                FROM (SELECT *, ru ~ '%2$s' AND kk !~ '%2$s' AS swapped
                      FROM (SELECT kato, iso_3166_2, %1$s_en, %1$s_kk AS kk,
                                   replace(regexp_replace(%1$s_ru, 'скийский$', 'ский'), 'Чимкент', 'Шымкент') AS ru,
                                   geom
                            FROM %3$s) s) t
                """.formatted(level, KAZAKH_ONLY, table);
    }

    /** Copies the Shapefile {@code shp} with its companions (.shx, .dbf, .prj, .cpg …) into {@code into}. */
    private static Path copied(Path shp, Path into) throws IOException {
        String name = shp.getFileName().toString();
        String base = name.substring(0, name.length() - ".shp".length());
        try (Stream<Path> files = Files.list(shp.toAbsolutePath().getParent())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(base + "."))
                    .toList()) {
                Files.copy(file, into.resolve(file.getFileName()));
            }
        }
        return into.resolve(name);
    }

    private static Path newest(Path folder, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(".shp"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new IOException("no " + prefix + "*.shp in " + folder));
        }
    }
}
